from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, new_test_user

from .common_care import CareDutyCommon


class TestCareCapSuppression(CareDutyCommon):
    """The duties the weekly cap holds back: recorded once per duty key, counted per salesperson and
    month on the compliance report and the statement, forgotten when the duty is created after all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.customer + cls.customer_2).write({"ref": "care-cap"})
        cls.rule.write({"partner_domain": "[('ref', '=', 'care-cap')]", "active": True})
        cls.env["care.occasion"].create({"kind": "holiday", "date": "2026-11-12", "name": "测试节"})
        cls.env["care.rule"].search([("id", "!=", cls.rule.id)]).active = False
        cls.customer.care_birth_date = date(1990, 11, 10)
        cls.birthday = cls.rule.copy({"name": "Birthday", "trigger": "birthday", "sequence": 1, "lead_days": 3})
        cls.company.care_weekly_contact_cap = 1

    def _held(self, model="care.cap.suppression", user=None):
        """This test's held-back duties (the demo's history holds some back too)."""
        Model = self.env[model].with_user(user) if user else self.env[model]
        return Model.search([("rule_id", "in", (self.rule | self.birthday).ids)])

    def _run_cron(self):
        with self.enter_registry_test_mode():
            self.env.ref("customer_care.ir_cron_care_task_generate").method_direct_trigger()

    def _rerun(self):
        (self.rule | self.birthday).last_run_date = False
        self._run_cron()

    def _held_back(self, user, env=None):
        report = (env or self.env)["care.compliance.report"]
        groups = report._read_group([("user_id", "=", user.id)], ["date_due:month"], ["suppressed_count:sum"])
        return {month.strftime("%Y-%m"): count for month, count in groups}

    def _statement(self, user):
        values = self.env["report.customer_care.report_care_statement"]._get_report_values(
            [], {"date_from": "2026-11-01", "user_ids": user.ids}
        )
        return values["statements"][0]

    @freeze_time("2026-11-09 04:00:00")
    def test_held_back_duty_recorded_once(self):
        self._run_cron()
        held = self._held()
        # The birthday rule runs first: Wang Fang's holiday greeting of the same week is held back.
        self.assertRecordValues(
            held,
            [
                {
                    "rule_id": self.rule.id,
                    "partner_id": self.customer.id,
                    "user_id": self.salesman.id,
                    "date_due": date(2026, 11, 12),
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertEqual(self._held_back(self.salesman), {"2026-11": 1})
        self.assertEqual(self._held_back(self.salesman_2), {"2026-11": 0})
        # Held back is neither due nor missed: the salesperson's duties and rate are untouched.
        rows = self.env["care.compliance.report"].search([("user_id", "=", self.salesman.id)])
        self.assertEqual(sorted(rows.mapped("state")), ["suppressed", "todo"])
        self.assertEqual(sum(rows.mapped("due_count")), 1)
        self.assertEqual(sum(rows.mapped("missed_count")), 0)
        statement = self._statement(self.salesman)
        self.assertEqual((statement["due"], statement["suppressed"]), (1, 1))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "customer_care.care_statement_report_action", self.salesman.ids, data={"date_from": "2026-11-01"}
            )[0]
            .decode()
        )
        self.assertIn("Held Back by Cap", html)
        self.assertIn("Duties held back by the weekly contact cap", html)
        # The re-run of the same day, forced, counts nothing twice.
        self._rerun()
        self.assertEqual(len(self._held()), 1)
        self.assertEqual(self._held_back(self.salesman), {"2026-11": 1})

    @freeze_time("2026-11-09 04:00:00")
    def test_held_back_duty_created_later_is_no_longer_counted(self):
        self._run_cron()
        # A manager cancels the birthday duty: the week has room again, the next run creates the greeting.
        birthday_task = self.env["care.task"].search([("rule_id", "=", self.birthday.id)])
        birthday_task.write({"state": "cancelled", "cancel_reason": "Customer abroad"})
        self._rerun()
        greeting = self.env["care.task"].search([("rule_id", "=", self.rule.id), ("partner_id", "=", self.customer.id)])
        self.assertEqual(len(greeting), 1)
        self.assertFalse(self._held())
        self.assertEqual(self._held_back(self.salesman), {"2026-11": 0})
        self.assertEqual(self._statement(self.salesman)["suppressed"], 0)

    @freeze_time("2026-11-09 04:00:00")
    def test_held_back_rows_follow_the_duty_rules(self):
        self._run_cron()
        # A salesperson sees their own held-back duties only, and cannot make or change any.
        own = self.env["care.compliance.report"].with_user(self.salesman)
        self.assertEqual(own.search_count([("state", "=", "suppressed")]), 1)
        other = self.env["care.compliance.report"].with_user(self.salesman_2)
        self.assertEqual(other.search_count([("state", "=", "suppressed")]), 0)
        self.assertFalse(self._held(user=self.salesman_2))
        with self.assertRaises(AccessError):
            self.env["care.cap.suppression"].with_user(self.salesman).create(
                {
                    "rule_id": self.rule.id,
                    "partner_id": self.customer_2.id,
                    "occasion_date": "2026-11-12",
                    "date_due": "2026-11-12",
                    "company_id": self.company.id,
                }
            )
        with self.assertRaises(AccessError):
            self._held(user=self.manager).unlink()
        # The manager sees the whole team's; the row opens the customer, there being no duty.
        row = self._held("care.compliance.report", self.manager).filtered(lambda row: row.state == "suppressed")
        self.assertEqual(row.id, -self._held().id)
        action = row.action_open_task()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", self.customer.id))


class TestCareSettingsForManagers(CareDutyCommon):
    """Care managers who are not Odoo administrators change the care settings (on the company, through
    their own form); salespeople cannot, and managers change nothing else of the company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.care_manager = new_test_user(
            cls.env, login="care_only_manager", groups="customer_care.customer_care_group_manager", name="Boss Wu"
        )

    def test_manager_changes_care_settings(self):
        self.assertFalse(self.care_manager.has_group("base.group_system"))
        self.assertFalse(self.care_manager.has_group("base.group_erp_manager"))
        action = self.env["res.company"].with_user(self.care_manager).action_care_open_settings()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.company", self.company.id))
        company = self.company.with_user(self.care_manager)
        company.write(
            {
                "care_weekly_contact_cap": 2,
                "care_volume_medium": 60000,
                "care_tier_vip_share": 40,
                "care_alert_late_days": 45,
                "care_pool_claim_quota": 8,
                "care_low_satisfaction_score": 30,
                "care_profit_high_percent": 35,
            }
        )
        self.assertRecordValues(
            self.company,
            [
                {
                    "care_weekly_contact_cap": 2,
                    "care_volume_medium": 60000,
                    "care_tier_vip_share": 40,
                    "care_alert_late_days": 45,
                    "care_pool_claim_quota": 8,
                    "care_low_satisfaction_score": 30,
                    "care_profit_high_percent": 35,
                }
            ],
        )
        # The key fields too (a field every salesperson may read).
        email = self.env["ir.model.fields"]._get("res.partner", "email")
        company.care_dossier_field_ids = [(4, email.id)]
        self.assertIn(email, self.company.care_dossier_field_ids)

    def test_manager_bounds_and_checks_kept(self):
        company = self.company.with_user(self.care_manager)
        before = self.company.care_weekly_contact_cap
        for values in (
            {"care_weekly_contact_cap": 51},
            {"care_weekly_contact_cap": -1},
            {"care_alert_late_days": 10**10},
            {"care_pool_claim_quota": 5000},
            {"care_low_satisfaction_score": 101},
            {"care_tier_vip_share": 90},  # above the major share
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                company.write(values)
        self.assertEqual(self.company.care_weekly_contact_cap, before, "nothing was written")

    def test_manager_changes_nothing_else(self):
        company = self.company.with_user(self.care_manager)
        for values in (
            {"name": "Taken over"},
            {"currency_id": self.env.ref("base.EUR").id},
            {"care_grading_run": 99},  # the grading run's bookkeeping is not a setting
            {"care_weekly_contact_cap": 2, "email": "boss@example.com"},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                company.write(values)
        self.assertNotEqual(self.company.name, "Taken over")
        with self.assertRaises(AccessError):
            self.env["res.company"].with_user(self.care_manager).create({"name": "New Co"})
        with self.assertRaises(AccessError):
            company.unlink()

    def test_salesperson_refused(self):
        company = self.company.with_user(self.salesman)
        with self.assertRaises(AccessError):
            company.write({"care_weekly_contact_cap": 10})
        with self.assertRaises(AccessError):
            self.env["res.company"].with_user(self.salesman).action_care_open_settings()
        self.assertNotEqual(self.company.care_weekly_contact_cap, 10)

    def test_manager_of_one_company_only(self):
        other = self.env["res.company"].create({"name": "Other Care Co"})
        with self.assertRaises(AccessError):
            other.with_user(self.care_manager).write({"care_weekly_contact_cap": 5})


class TestCareRulePreview(CareDutyCommon):
    """A rule's preview: the customers due within its lead window, nothing created."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.customer + cls.customer_2).write({"ref": "care-preview"})
        cls.customer.care_birth_date = date(1990, 11, 10)
        cls.customer_2.care_birth_date = date(1985, 12, 24)

    @freeze_time("2026-11-09 04:00:00")
    def test_preview_lists_the_customers_due(self):
        rule = (
            self.env["care.rule"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Birthday call",
                    "trigger": "birthday",
                    "lead_days": 5,
                    "partner_domain": "[('ref', '=', 'care-preview')]",
                }
            )
        )
        self.assertEqual(rule.preview_count, 1)
        action = rule.action_care_preview()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.customer)
        self.assertFalse(self.env["care.task"].search([("rule_id", "=", rule.id)]), "a preview creates nothing")
        rule.lead_days = 60
        self.assertEqual(rule.preview_count, 2)
        # A salesperson neither sees the count nor runs the preview.
        with self.assertRaises(AccessError):
            rule.with_user(self.salesman).action_care_preview()
        with self.assertRaises(AccessError):
            rule.with_user(self.salesman).read(["preview_count"])
