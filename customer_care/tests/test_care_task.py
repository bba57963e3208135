from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, users

from .common_care import CareDutyCommon


class TestCareTask(CareDutyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.task = cls._create_task(cls.customer, "2026-10-01")
        cls.task_2 = cls._create_task(cls.customer_2, "2026-10-01")
        cls.activity = cls.env["mail.activity"].create(
            {
                "res_model_id": cls.env["ir.model"]._get_id("res.partner"),
                "res_id": cls.customer.id,
                "activity_type_id": cls.env.ref("customer_care.mail_activity_type_care_duty").id,
                "user_id": cls.salesman.id,
                "date_deadline": "2026-10-01",
                "care_task_id": cls.task.id,
            }
        )

    @freeze_time("2026-09-30 04:00:00")
    def test_activity_done_completes_task(self):
        self.activity.with_user(self.salesman).action_feedback(feedback="Called, sends regards")
        self.assertRecordValues(
            self.task,
            [{"state": "done", "date_done": date(2026, 9, 30), "done_by_id": self.salesman.id}],
        )

    @freeze_time("2026-10-02 04:00:00")
    def test_activity_done_after_due_is_late(self):
        self.activity.with_user(self.salesman).action_feedback()
        self.assertEqual(self.task.state, "late")

    def test_activity_deleted_task_stays(self):
        self.activity.with_user(self.salesman).unlink()
        self.assertTrue(self.task.exists())
        self.assertEqual(self.task.state, "todo")

    @freeze_time("2026-09-30 04:00:00")
    def test_log_call_closes_activity(self):
        self.task.with_user(self.salesman)._care_log_call("Will visit next week")
        self.assertEqual(self.task.state, "done")
        self.assertFalse(self.activity.active, "the activity is marked done with its duty")
        self.assertIn("Will visit next week", self.customer.message_ids[0].body)

    @users("care_sales")
    def test_salesman_sees_own_tasks_only(self):
        tasks = self.env["care.task"].search([("id", "in", (self.task + self.task_2).ids)])
        self.assertEqual(tasks, self.task)
        with self.assertRaises(AccessError):
            self.task_2.with_env(self.env).check_access("read")

    @users("care_sales")
    def test_salesman_cannot_cancel_or_change_state(self):
        task = self.task.with_env(self.env)
        with self.assertRaises(AccessError):
            task.action_cancel("not needed")
        with self.assertRaises(AccessError):
            task.write({"state": "done"})
        with self.assertRaises(UserError):
            task.unlink()

    @users("care_manager")
    def test_manager_cancels_with_reason(self):
        task = self.task.with_env(self.env)
        self.assertEqual(self.env["care.task"].search_count([("id", "in", (self.task + self.task_2).ids)]), 2)
        with self.assertRaises(UserError):
            task.action_cancel("  ")
        wizard = self.env["care.task.cancel"].create({"task_ids": task.ids, "reason": "Customer moved abroad"})
        wizard.action_confirm()
        self.assertRecordValues(task, [{"state": "cancelled", "cancel_reason": "Customer moved abroad"}])
        self.assertFalse(self.activity.exists(), "the cancelled duty's activity is removed")
        with self.assertRaises(UserError):
            task.unlink()

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Care Branch"})
        self.salesman.write({"company_ids": [(4, other.id)]})
        customer = self.env["res.partner"].create({"name": "Branch customer", "user_id": self.salesman.id})
        rule = self.rule.copy({"company_id": other.id})
        task = self.env["care.task"].create(
            {
                "rule_id": rule.id,
                "partner_id": customer.id,
                "user_id": self.salesman.id,
                "company_id": other.id,
                "occasion_date": "2026-10-01",
                "date_due": "2026-10-01",
            }
        )
        visible = (
            self.env["care.task"]
            .with_user(self.salesman)
            .with_context(allowed_company_ids=[self.company.id])
            .search([("rule_id", "in", (self.rule + rule).ids)])
        )
        self.assertEqual(visible, self.task, "only the tasks of the user's current company")
        visible = (
            self.env["care.task"]
            .with_user(self.salesman)
            .with_context(allowed_company_ids=[self.company.id, other.id])
            .search([("rule_id", "in", (self.rule + rule).ids)])
        )
        self.assertEqual(visible, self.task + task)

    @freeze_time("2026-09-30 04:00:00")
    def test_send_email_completes_task(self):
        action = self.task.with_user(self.salesman).action_send_email()
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.salesman)
            .with_context(**action["context"])
            .create({"subject": "Happy holidays", "body": "<p>Best wishes</p>"})
        )
        composer.action_send_mail()
        self.assertRecordValues(self.task, [{"state": "done", "done_by_id": self.salesman.id}])
        self.assertFalse(self.activity.active)
