from unittest.mock import patch

from psycopg2.errors import DeadlockDetected, SerializationFailure

from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron
from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.customer_care.models.care.care_rule import CareRule
from odoo.addons.customer_care.models.grading.care_grading_engine import CareGradingEngine
from odoo.addons.customer_care.models.sales.care_class_snapshot import CareClassSnapshot
from odoo.addons.customer_care.models.satisfaction.care_satisfaction import CareSatisfaction
from odoo.addons.customer_care.models.warning.care_alert import CareAlert


@tagged("post_install", "-at_install")
class TestWorkers(BaseCommon):
    """With several workers and hosts, a scheduled action's step may lose a race with a user's transaction or
    another host's job (PostgreSQL refuses one of two concurrent writers). The step is rolled back and left
    for the scheduler's next call (reported as remaining, so it comes soon), never failing the job."""

    def _run(self, xmlid, method):
        """Run the scheduled action with `method` losing the race; the job neither fails nor is done."""
        cron = self.env.ref(xmlid)
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertTrue(method.called)
        self.assertEqual(cron.failure_count, 0, "the job did not fail")
        progress = self.env["ir.cron.progress"].search([("cron_id", "=", cron.id)], order="id desc", limit=1)
        self.assertGreater(progress.remaining, 0, "the step is left for the scheduler's next call")
        return cron

    def test_alert_run(self):
        with patch.object(
            CareAlert, "_care_run_company", side_effect=SerializationFailure("could not serialize")
        ) as method:
            self._run("customer_care.care_alert_cron_run", method)

    def test_satisfaction_run(self):
        with patch.object(
            CareSatisfaction, "_care_refresh", side_effect=DeadlockDetected("deadlock detected")
        ) as method:
            self._run("customer_care.ir_cron_care_satisfaction_refresh", method)

    def test_class_snapshot(self):
        with patch.object(
            CareClassSnapshot, "_care_snapshot_company", side_effect=SerializationFailure("could not serialize")
        ) as method:
            self._run("customer_care.ir_cron_care_class_snapshot", method)

    def test_duty_run_keeps_the_rule_for_the_next_call(self):
        rule = self.env["care.rule"].search([("active", "=", True)], limit=1)
        self.assertTrue(rule, "the demo data has active care rules")
        self.env["care.rule"].search([]).write({"last_run_date": False})
        with patch.object(
            CareRule, "_care_generate_tasks", side_effect=SerializationFailure("could not serialize")
        ) as method:
            self._run("customer_care.ir_cron_care_task_generate", method)
        # not marked as run today, nor flagged as failing: the next call plans it again
        self.assertRecordValues(rule, [{"last_run_date": False, "last_error": False}])

    def test_grading_runs(self):
        with patch.object(
            CareGradingEngine, "_care_grade_marked", side_effect=SerializationFailure("could not serialize")
        ) as method:
            cron = self.env.ref("customer_care.care_profile_cron_grade_marked")
            with self.enter_registry_test_mode():
                cron.method_direct_trigger()
            # the customers stay marked for the next call, ten minutes later
            self.assertTrue(method.called)
            self.assertEqual(cron.failure_count, 0, "the job did not fail")
        self.env.company.care_grading_date = False
        with patch.object(
            CareGradingEngine, "_care_grade_company_nightly", side_effect=SerializationFailure("could not serialize")
        ) as method:
            self._run("customer_care.care_profile_cron_grade_all", method)
        self.assertFalse(self.env.company.care_grading_date, "the company is left to grade at the next call")

    def test_nightly_grading_out_of_time_leaves_the_other_companies_for_tonight(self):
        """The scheduler gives a call about ten seconds: when they are spent after one company, the companies
        left are reported as remaining, so that they are graded tonight, not at tomorrow's run."""
        self.env["res.company"].create({"name": "Night Company"})
        companies = self.env["res.company"].search([], order="id")
        companies.care_grading_date = False
        reported = []

        def out_of_time(cron, processed=0, *, remaining=None, deactivate=False):
            reported.append(remaining)
            return 0  # seconds left to this call

        with patch.object(IrCron, "_commit_progress", out_of_time):
            self.env["care.grading.engine"]._care_grade_nightly(companies)
        self.assertEqual(reported[-1], len(companies), "every company is left for the next call, this one too")
        self.assertFalse(companies[1:].filtered("care_grading_date"), "the others wait for the next call")
