import logging
from datetime import date

from odoo.tests import freeze_time

from .common_care import CareDutyCommon


class TestCareGeneration(CareDutyCommon):
    """The daily run: idempotent, activities for the salesperson, grace and fines, opt-outs, cap,
    the company's local date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.customer + cls.customer_2).write({"ref": "care-test"})
        cls.rule.write({"partner_domain": "[('ref', '=', 'care-test')]", "active": True})
        # Not 11 November: Veterans Day in a US company's generated calendar.
        cls.holiday = cls.env["care.occasion"].create({"kind": "holiday", "date": "2026-11-12", "name": "测试节"})
        cls.template = cls.env["mail.template"].create(
            {
                "name": "Care greeting",
                "model_id": cls.env["ir.model"]._get_id("res.partner"),
                "subject": "Greetings from us",
                "body_html": "<p>Best wishes, {{ object.name }}</p>",
                "email_to": "{{ object.email }}",
            }
        )
        # Only this test's rules run in the cron.
        cls.env["care.rule"].search([("id", "!=", cls.rule.id)]).active = False

    def _run_cron(self, xmlid="customer_care.ir_cron_care_task_generate"):
        with self.enter_registry_test_mode():
            self.env.ref(xmlid).method_direct_trigger()

    def _tasks(self, rule=None):
        return self.env["care.task"].search([("rule_id", "=", (rule or self.rule).id)])

    @freeze_time("2026-11-09 04:00:00")
    def test_cron_idempotent_with_activities(self):
        # Each rule's two writes are logged apart, with the duties created: what an administrator reads to see
        # where a heavy day's time went (and what make bench collects).
        with self.assertLogs("odoo.addons.customer_care.models.care.care_rule", logging.INFO) as logs:
            self._run_cron()
        self.assertRegex(
            "\n".join(logs.output),
            rf"care rule {self.rule.id}: 2 duties created in [\d.]+ s, their to-dos in [\d.]+ s",
        )
        tasks = self._tasks()
        self.assertEqual(len(tasks), 2)
        self.assertEqual(self.rule.last_run_date, date(2026, 11, 9))
        activity = tasks.filtered(lambda t: t.partner_id == self.customer).activity_ids
        self.assertRecordValues(
            activity,
            [
                {
                    "res_model": "res.partner",
                    "res_id": self.customer.id,
                    "user_id": self.salesman.id,
                    "date_deadline": date(2026, 11, 12),
                    "summary": "Holiday greeting: 测试节",
                }
            ],
        )
        self.assertIn(activity, self.customer.activity_ids, "the salesperson sees the duty on the customer")
        # A second run the same day does nothing; even forced, the unique index creates no duplicate.
        self._run_cron()
        self.rule.last_run_date = False
        self._run_cron()
        self.assertEqual(self._tasks(), tasks)
        self.assertEqual(len(self.env["mail.activity"].search([("care_task_id", "in", tasks.ids)])), 2)
        # The activity done by the salesperson completes the duty.
        activity.with_user(self.salesman).action_feedback(feedback="Sent a greeting card")
        self.assertRecordValues(
            tasks.filtered(lambda t: t.partner_id == self.customer),
            [{"state": "done", "date_done": date(2026, 11, 9), "done_by_id": self.salesman.id}],
        )

    def test_grace_late_and_missed_with_fine(self):
        self.rule.grace_days = 2
        task = self._create_task(self.customer, "2026-06-01")
        task_2 = self._create_task(self.customer_2, "2026-06-01")
        with freeze_time("2026-06-03 04:00:00"):
            self.env["care.task"]._care_update_states()
            self.assertEqual(task.state, "todo", "still within the grace period")
            task.with_user(self.salesman)._care_log_call("Called, sends regards")
            self.assertRecordValues(task, [{"state": "late", "date_done": date(2026, 6, 3), "fine_amount": 0}])
        with freeze_time("2026-06-04 04:00:00"):
            self.env["care.task"]._care_update_states()
        self.assertRecordValues(task_2, [{"state": "missed", "fine_amount": 10}])
        self.assertEqual(task.state, "late")

    @freeze_time("2026-12-21 17:00:00")
    def test_company_local_date(self):
        # 17:00 UTC on 21 December is 01:00 on the 22nd in Shanghai: the winter solstice is today.
        # (The generated calendar may hold 冬至 too: one duty per customer and date all the same.)
        self.env["care.occasion"].create({"kind": "solar_term", "date": "2026-12-22", "name": "冬至 test"})
        rule = self.rule.copy({"name": "Solar term greeting", "trigger": "solar_term", "lead_days": 0})
        self._run_cron()
        self.assertEqual(rule.last_run_date, date(2026, 12, 22))
        tasks = self._tasks(rule)
        self.assertEqual(set(tasks.mapped("occasion_date")), {date(2026, 12, 22)})
        self.assertEqual(len(tasks), 2)
        self.company.partner_id.tz = "UTC"
        self.assertEqual(self.env["care.rule"]._care_today(self.company), date(2026, 12, 21))

    def test_email_channel_opt_out_and_sending(self):
        self.rule.write({"channel": "email", "mail_template_id": self.template.id})
        self.env["mail.blacklist"].sudo()._add("li.lei@example.com")
        no_email = self.env["res.partner"].create({"name": "No Email", "ref": "care-test", "user_id": self.salesman.id})
        with freeze_time("2026-11-09 04:00:00"):
            self._run_cron()
        tasks = self._tasks()
        by_partner = {task.partner_id: task for task in tasks}
        self.assertEqual(by_partner[self.customer].channel, "email")
        self.assertFalse(by_partner[self.customer].activity_ids)
        self.assertEqual(by_partner[self.customer_2].channel, "activity", "blacklisted: a to-do instead")
        self.assertEqual(by_partner[no_email].channel, "activity", "no email address: a to-do instead")
        self.assertTrue(by_partner[no_email].activity_ids)
        with freeze_time("2026-11-11 04:00:00"):
            self._run_cron("customer_care.ir_cron_care_task_send_emails")
            self.assertEqual(by_partner[self.customer].state, "todo", "sent on the due date, not before")
        with freeze_time("2026-11-12 04:00:00"):
            self._run_cron("customer_care.ir_cron_care_task_send_emails")
        self.assertRecordValues(
            by_partner[self.customer],
            [{"state": "done", "date_done": date(2026, 11, 12), "done_by_id": self.salesman.id}],
        )
        mail = self.env["mail.mail"].search([("recipient_ids", "in", self.customer.ids)])
        self.assertEqual(mail.subject, "Greetings from us")
        self.assertEqual(by_partner[self.customer_2].state, "todo")

    @freeze_time("2026-11-09 04:00:00")
    def test_weekly_cap(self):
        self.company.care_weekly_contact_cap = 1
        self.customer.care_birth_date = date(1990, 11, 10)
        birthday = self.rule.copy({"name": "Birthday", "trigger": "birthday", "sequence": 1, "lead_days": 3})
        self._run_cron()
        # The birthday rule runs first; the holiday greeting of the same week would be a second contact.
        self.assertEqual(self._tasks(birthday).partner_id, self.customer)
        self.assertEqual(self._tasks().partner_id, self.customer_2)
        self.company.care_weekly_contact_cap = 0
        self.rule.last_run_date = False
        self._run_cron()
        self.assertEqual(self._tasks().partner_id, self.customer + self.customer_2)

    @freeze_time("2026-11-09 04:00:00")
    def test_resume_after_interruption(self):
        # A run killed after the first rule committed: the restart skips it and does the rest.
        first = self.rule.copy({"name": "Already done today", "sequence": 1})
        first.last_run_date = date(2026, 11, 9)
        self._run_cron()
        self.assertFalse(self._tasks(first), "the rule done today is not run again")
        self.assertEqual(len(self._tasks()), 2)

    @freeze_time("2026-11-09 04:00:00")
    def test_rule_targets_its_company_only(self):
        other = self.env["res.company"].create({"name": "Care Branch", "country_id": self.env.ref("base.cn").id})
        self.customer_2.company_id = other
        self._run_cron()
        self.assertEqual(self._tasks().partner_id, self.customer, "a customer of another company is not targeted")
