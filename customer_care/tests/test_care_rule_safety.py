from datetime import date
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .common_care import CareDutyCommon

CRON_LOGGER = "odoo.addons.customer_care.models.care_rule"
SENSITIVE = "customer_care.customer_care_group_sensitive"


class CareRuleSafetyCommon(CareDutyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.customer + cls.customer_2).write({"ref": "care-test"})
        cls.holiday = cls.env["care.occasion"].create({"kind": "holiday", "date": "2026-11-12", "name": "测试节"})
        # Only this test's rules run in the cron.
        cls.env["care.rule"].search([]).active = False

    def _run_cron(self):
        with self.enter_registry_test_mode():
            self.env.ref("customer_care.ir_cron_care_task_generate").method_direct_trigger()

    def _tasks(self, rule):
        return self.env["care.task"].search([("rule_id", "=", rule.id)])

    def _rule_values(self, **values):
        return {
            "name": "Holiday greeting",
            "trigger": "holiday",
            "partner_domain": "[('ref', '=', 'care-test')]",
        } | values


class TestCareRuleBounds(CareRuleSafetyCommon):
    """A manager's typing slip on a rule is refused with a clear message, before the database sees it."""

    def test_day_counts_fine_and_sequence_bounded_on_create(self):
        Rule = self.env["care.rule"].with_user(self.manager)
        count = Rule.search_count([("active", "in", (True, False))])
        cases = [
            {"lead_days": 3_000_000},
            {"lead_days": 2**31},
            {"lead_days": -1},
            {"grace_days": 366},
            {"grace_days": 2**31},
            {"trigger": "periodic_contact", "interval_days": 10**9},
            {"trigger": "after_sale", "interval_days": 0},
            {"fine_amount": -5},
            {"fine_amount": 1e12},
            {"sequence": 2**31},
            {"lead_days": "many"},
        ]
        for values in cases:
            with self.subTest(**values), self.assertRaises(ValidationError) as caught:
                Rule.create(self._rule_values(**values))
            self.assertIn("Holiday greeting", str(caught.exception))
        self.assertEqual(Rule.search_count([("active", "in", (True, False))]), count, "nothing was created")
        rule = Rule.create(self._rule_values(lead_days=365, grace_days=365, fine_amount=1_000_000))
        self.assertEqual(rule.lead_days, 365)

    def test_day_counts_bounded_on_write(self):
        rule = self.rule.with_user(self.manager)
        for values in ({"lead_days": 3_000_000}, {"lead_days": 2**31}, {"grace_days": -3}, {"interval_days": 10**9}):
            with self.subTest(**values), self.assertRaises(ValidationError) as caught:
                rule.write(values)
                rule.flush_recordset()
            self.assertIn("must be between", str(caught.exception))
        self.rule.invalidate_recordset()
        self.assertRecordValues(self.rule, [{"lead_days": 3, "grace_days": 2}])

    def test_periodic_contact_plans_one_period_ahead_at_most(self):
        Rule = self.env["care.rule"].with_user(self.manager)
        with self.assertRaises(ValidationError) as caught:
            Rule.create(self._rule_values(trigger="periodic_contact", interval_days=1, lead_days=365))
        self.assertIn("at most 1 days ahead", str(caught.exception))
        rule = Rule.create(self._rule_values(trigger="periodic_contact", interval_days=30, lead_days=30))
        with self.assertRaises(ValidationError):
            rule.interval_days = 7
        # A week's calls planned a week ahead: at most two duties per customer.
        rule.write({"interval_days": 7, "lead_days": 7})
        rule._care_generate_tasks(date(2026, 5, 10))
        self.assertEqual(len(self._tasks(rule)), 4)


@freeze_time("2026-11-09 04:00:00")
class TestCareRuleFailure(CareRuleSafetyCommon):
    """A rule that fails during the daily run is logged, flagged for the managers and skipped: the
    other rules run and the cron completes."""

    def test_failing_rule_skipped_flagged_and_retried_once_changed(self):
        failing = self.env["care.rule"].create(self._rule_values(name="Failing greeting", sequence=1))
        healthy = self.env["care.rule"].create(self._rule_values(name="Healthy greeting", sequence=2))
        Task = type(self.env["care.task"])
        original = Task._care_create_activities

        def create_activities(tasks):
            if tasks.rule_id == failing:
                raise OverflowError("date value out of range")  # after its duties were inserted
            return original(tasks)

        with (
            patch.object(Task, "_care_create_activities", create_activities),
            mute_logger(CRON_LOGGER),
        ):
            self._run_cron()
        self.assertEqual(self._tasks(healthy).partner_id, self.customer + self.customer_2, "the next rule ran")
        self.assertFalse(self._tasks(failing), "the failed rule's partial work was rolled back")
        failing_as_manager = failing.with_user(self.manager)
        self.assertRecordValues(
            failing_as_manager,
            [
                {
                    "last_error": "OverflowError: date value out of range",
                    "last_error_date": fields.Datetime.now(),
                    "last_run_date": date(2026, 11, 9),
                }
            ],
        )
        self.assertEqual(healthy.last_run_date, date(2026, 11, 9))
        self.assertFalse(healthy.last_error)
        self.assertIn(failing, self.env["care.rule"].with_user(self.manager).search([("last_error", "!=", False)]))
        # Not retried every hour...
        self._run_cron()
        self.assertFalse(self._tasks(failing))
        # ...but at the next run once a manager changes it, and the flag goes when it succeeds.
        failing_as_manager.lead_days = 4
        self.assertFalse(failing.last_run_date)
        self._run_cron()
        self.assertEqual(self._tasks(failing).partner_id, self.customer + self.customer_2)
        self.assertRecordValues(failing, [{"last_error": False, "last_run_date": date(2026, 11, 9)}])


@freeze_time("2026-11-09 04:00:00")
class TestCareRuleDomainAccess(CareRuleSafetyCommon):
    """A Customer Care manager without the Sensitive group cannot pick customers by sensitive data:
    the rule's duties would tell who matches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_sensitive = mail_new_test_user(
            cls.env,
            login="care_manager_sensitive",
            groups=f"sales_team.group_sale_manager,{SENSITIVE}",
            name="Manager Wu",
        )
        cls.customer.sudo().write({"care_health_notes": "Diabetes", "care_religion": "Buddhism"})

    def test_sensitive_domains_refused_to_manager_without_sensitive(self):
        Rule = self.env["care.rule"].with_user(self.manager)
        domains = [
            "[('care_health_notes', 'ilike', 'diabetes')]",
            "[('care_religion', '=', 'Buddhism')]",
            "[('care_income_range', '=', 'high')]",
            "[('care_marital_status', '=', 'divorced')]",
            "[('care_spouse_name', '!=', False)]",
            "[('care_children_count', '>', 2)]",
            "[('care_family_member_ids', '!=', False)]",
            "[('care_family_member_ids.relation', '=', 'child')]",
            "[('care_family_member_ids', 'any', [('care_birth_date', '!=', False)])]",
            "[('child_ids.care_health_notes', 'ilike', 'diabetes')]",
            "[('child_ids', 'any', [('care_religion', '=', 'Buddhism')])]",
            "['|', ('ref', '=', 'x'), '!', ('parent_id', 'not any', [('care_health_notes', '=', False)])]",
            "[('user_id.partner_id.care_income_range', '=', 'high')]",
        ]
        for domain in domains:
            with self.subTest(domain=domain), self.assertRaises(ValidationError) as caught:
                Rule.create(self._rule_values(partner_domain=domain))
            self.assertIn("Manager Chen may not read", str(caught.exception))
        rule = self.rule.with_user(self.manager)
        with self.assertRaises(ValidationError):
            rule.partner_domain = "[('care_health_notes', 'ilike', 'diabetes')]"
        # Harmless domains are still the manager's to write, evaluated with the manager's rights.
        rule.partner_domain = "[('ref', '=', 'care-test'), ('care_demand_state', '!=', 'junk')]"
        self.assertEqual(rule.partner_domain_user_id, self.manager)
        rule.active = True
        self._run_cron()
        self.assertEqual(self._tasks(self.rule).partner_id, self.customer + self.customer_2)

    def test_author_cannot_be_forged_and_copy_reauthors(self):
        admin = self.env.ref("base.user_admin")
        Rule = self.env["care.rule"].with_user(self.manager)
        with self.assertRaises(ValidationError):
            Rule.create(
                self._rule_values(
                    partner_domain="[('care_health_notes', 'ilike', 'diabetes')]", partner_domain_user_id=admin.id
                )
            )
        rule = Rule.create(self._rule_values(partner_domain_user_id=admin.id))
        self.assertEqual(rule.partner_domain_user_id, self.manager)
        rule.write({"partner_domain_user_id": admin.id})
        self.assertEqual(rule.partner_domain_user_id, self.manager)
        sensitive_rule = (
            self.env["care.rule"]
            .with_user(self.manager_sensitive)
            .create(self._rule_values(partner_domain="[('care_health_notes', 'ilike', 'diabetes')]"))
        )
        self.assertEqual(sensitive_rule.partner_domain_user_id, self.manager_sensitive)
        with self.assertRaises(ValidationError):
            sensitive_rule.with_user(self.manager).copy()
        # Changing the rule's timing keeps its author: the domain is still evaluated as the Sensitive manager.
        sensitive_rule.with_user(self.manager).lead_days = 4
        self.assertEqual(sensitive_rule.partner_domain_user_id, self.manager_sensitive)

    def test_domain_evaluated_with_the_authors_current_rights(self):
        rule = (
            self.env["care.rule"]
            .with_user(self.manager_sensitive)
            .create(
                self._rule_values(
                    name="Health visit",
                    partner_domain="[('ref', '=', 'care-test'), ('care_health_notes', '!=', False)]",
                )
            )
        )
        other = self.env["care.rule"].with_user(self.manager).create(self._rule_values(name="Greeting"))
        self._run_cron()
        self.assertEqual(self._tasks(rule).partner_id, self.customer)
        # The author loses the Sensitive group: the rule no longer runs, and says why.
        self.manager_sensitive.group_ids = [Command.unlink(self.env.ref(SENSITIVE).id)]
        new_holiday = self.env["care.occasion"].create({"kind": "holiday", "date": "2026-11-10", "name": "另一个节"})
        (rule + other).last_run_date = False
        with mute_logger(CRON_LOGGER):
            self._run_cron()
        self.assertNotIn(new_holiday, self._tasks(rule).occasion_id, "no duty for the new holiday")
        self.assertIn("Manager Wu may not read it", rule.last_error)
        self.assertEqual(
            self._tasks(other).filtered(lambda t: t.occasion_id == new_holiday).partner_id,
            self.customer + self.customer_2,
            "the other rule ran",
        )
