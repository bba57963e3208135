from datetime import timedelta

from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestDemoCareHistory(BaseCommon):
    """The demo shows months of care work and a year of grades, made by the daily run's own code."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.user_admin").company_id
        cls.today = cls.env["care.rule"]._care_today(cls.company)
        cls.tasks = cls.env["care.task"].search([("company_id", "=", cls.company.id)])

    def test_rules_active_with_months_of_duties(self):
        rules = self.env["care.rule"].search([("id", "in", self.tasks.rule_id.ids)])
        self.assertGreaterEqual(len(rules), 4, "birthdays, holidays, solar terms, calls...")
        self.assertTrue(all(rules.mapped("active")))
        self.assertEqual(set(rules.mapped("last_run_date")), {self.today}, "today's run is done")
        due_months = {(task.date_due.year, task.date_due.month) for task in self.tasks if task.date_due < self.today}
        self.assertGreaterEqual(len(due_months), 3, "duties over the past months")

    def test_duties_done_on_time_late_and_missed_with_fines(self):
        by_state = self.tasks.grouped("state")
        for state in ("done", "late", "missed", "todo"):
            self.assertIn(state, by_state, f"some duties are {state}")
        for task in by_state["done"]:
            self.assertLessEqual(task.date_done, task.date_due)
            self.assertEqual(task.fine_amount, 0)
        for task in by_state["late"]:
            self.assertGreater(task.date_done, task.date_due)
            self.assertLess(task.date_done, self.today)
        for task in by_state["missed"]:
            self.assertLess(task.date_due + timedelta(days=task.rule_id.grace_days), self.today)
            self.assertEqual(task.fine_amount, task.rule_id.fine_amount)
            self.assertGreater(task.fine_amount, 0)
        # nothing past its grace period is left open: the daily run marked it missed
        self.assertFalse(
            by_state["todo"].filtered(lambda t: t.date_due + timedelta(days=t.rule_id.grace_days) < self.today)
        )
        self.assertTrue(by_state["todo"].filtered(lambda t: t.date_due < self.today), "some duties are overdue")
        self.assertTrue(by_state["todo"].filtered(lambda t: t.date_due == self.today), "some are due today")
        # the open ones have their to-do, the completed ones closed it on the day they were done
        self.assertTrue(all(task.activity_ids for task in by_state["todo"]))
        done = by_state["done"] | by_state["late"]
        self.assertFalse(done.activity_ids.filtered("active"))
        # nor are the to-dos of missed duties left on the salespeople's lists: they cleared them
        missed_todos = self.env["mail.activity"].search([("care_task_id", "in", by_state["missed"].ids)])
        self.assertFalse(missed_todos, "no open to-do of a missed duty")
        notes = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", done.partner_id.ids),
                ("body", "ilike", "Care call logged"),
            ]
        )
        self.assertTrue(notes)
        self.assertLess(min(notes.mapped("date")).date(), self.today - timedelta(days=30), "dated when done")

    def test_compliance_report_has_the_months(self):
        rows = self.env["care.compliance.report"].search([("company_id", "=", self.company.id)])
        self.assertGreaterEqual(len(set(rows.mapped("user_id"))), 2, "the admin and the demo salesperson")
        self.assertGreater(sum(rows.mapped("fine_amount")), 0)

    def test_gift_requests(self):
        requests = self.env["care.gift.request"].search([("company_id", "=", self.company.id)])
        self.assertEqual(set(requests.mapped("state")), {"approved", "requested"})
        self.assertEqual(set(requests.task_id.mapped("trigger")), {"birthday"})

    def test_grade_history_over_the_past_year(self):
        history = self.env["care.grade.history"].search([("company_id", "=", self.company.id)])
        months = {(change.date.year, change.date.month) for change in history}
        self.assertGreaterEqual(len(months), 6, "changes over the year, not all today")
        self.assertGreaterEqual(min(history.mapped("date")), self.today - timedelta(days=366))
        changes = history.filtered(lambda h: h.old_value and h.date < self.today)
        self.assertTrue(changes.filtered(lambda h: h.field == "tier"), "tiers moved during the year")
        self.assertTrue(changes.filtered(lambda h: h.field == "stage"), "stages moved during the year")
        # each customer's history starts with a first grading and ends on the grade it has now
        profiles = self.env["care.profile"].search([("company_id", "=", self.company.id)])
        for (partner, field), rows in history.grouped(lambda h: (h.partner_id, h.field)).items():
            rows = rows.sorted(lambda h: (h.date, h.id))
            self.assertFalse(rows[0].old_value, f"{partner.name} {field}: first grading")
            for before, after in zip(rows, rows[1:], strict=False):
                self.assertEqual(after.old_value, before.new_value)
            profile = profiles.filtered(lambda p, partner=partner: p.partner_id == partner)
            self.assertEqual(rows[-1].new_value, profile[field] or False, f"{partner.name} {field}")

    def test_admin_and_salesperson_land_on_customer_care(self):
        root = self.env.ref("customer_care.customer_care_menu_root")
        app_actions = [menu.action for menu in root | root.child_id if menu.action]
        for user in self.env.ref("base.user_admin") | self.env.ref("base.user_demo"):
            home = self.env["ir.actions.server"].browse(user.action_id.id)
            action = home.with_user(user).run()
            self.assertIn((action["type"], action["id"]), [(a._name, a.id) for a in app_actions], user.login)
