from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, new_test_user

from .common_care import CareDutyCommon


class SatisfactionCommon(CareDutyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rating_rule = cls.env["care.rule"].create(
            {"name": "Monthly call", "trigger": "periodic_contact", "interval_days": 30, "ask_rating": True}
        )
        cls.task_model = cls.env["ir.model"]._get_id("care.task")

    @classmethod
    def _duty(cls, partner, day, rule=None, **values):
        return cls.env["care.task"].create(
            {
                "rule_id": (rule or cls.rating_rule).id,
                "partner_id": partner.id,
                "user_id": partner.user_id.id,
                "occasion_date": day,
                "date_due": day,
                **values,
            }
        )

    @classmethod
    def _rate(cls, record, value, partner=None):
        """The customer's rating of `record`, filled in now (the rating page's own write)."""
        rating = (
            cls.env["rating.rating"]
            .sudo()
            .create(
                {
                    "res_model_id": cls.env["ir.model"]._get_id(record._name),
                    "res_id": record.id,
                    "partner_id": (partner or record.partner_id).id,
                }
            )
        )
        rating.write({"rating": value, "consumed": True})
        return rating

    def _row(self, partner, company=None):
        return (
            self.env["care.satisfaction"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("company_id", "=", (company or self.company).id)])
        )


class TestSatisfactionRating(SatisfactionCommon):
    def _log_call(self, task):
        """The salesperson logs the call through its dialog, which completes the duty."""
        action = task.with_user(self.salesman).action_log_call()
        self.env["care.task.log.call"].with_user(self.salesman).with_context(**action["context"]).create(
            {"result": "Pleased with the delivery"}
        ).action_confirm()

    @freeze_time("2026-09-30 04:00:00")
    def test_duty_done_sends_rating_request_and_rating_moves_score(self):
        task = self._duty(self.customer, "2026-09-30")
        self._log_call(task)
        self.assertEqual(task.state, "done")
        rating = self.env["rating.rating"].search([("res_model", "=", "care.task"), ("res_id", "=", task.id)])
        self.assertEqual(len(rating), 1, "one rating request, with its token")
        self.assertEqual(rating.partner_id, self.customer)
        self.assertEqual(rating.rated_partner_id, self.salesman.partner_id)
        self.assertFalse(rating.consumed)
        mail = self.env["mail.mail"].search([("model", "=", "care.task"), ("res_id", "=", task.id)])
        self.assertIn(f"/rate/{rating.access_token}/5", str(mail.body_html))
        self.assertIn(self.customer, mail.recipient_ids)

        # the customer clicks the happy face on the public page
        task.sudo().rating_apply(5, token=rating.access_token)
        self.assertEqual(task.rating_last_value, 5, "the rating is stored on the duty")
        customer = self.customer.with_user(self.salesman)
        self.assertEqual(customer.care_satisfaction_score, 100)
        self.assertEqual(customer.care_satisfaction_count, 1)

        # a second duty rated 1: (100 + 0) / 2
        task_2 = self._duty(self.customer, "2026-09-29")
        self._log_call(task_2)
        token = task_2.sudo()._rating_get_access_token()
        task_2.sudo().rating_apply(1, token=token)
        customer.invalidate_recordset()
        self.assertEqual(customer.care_satisfaction_score, 50)
        self.assertEqual(self._row(self.customer).low_count, 1)

    @freeze_time("2026-09-30 04:00:00")
    def test_no_request_without_ask_rating(self):
        self.rating_rule.ask_rating = False
        task = self._duty(self.customer, "2026-09-30")
        self._log_call(task)
        self.assertEqual(task.state, "done")
        self.assertFalse(self.env["rating.rating"].search([("res_model", "=", "care.task"), ("res_id", "=", task.id)]))

    def test_score_counts_ratings_of_any_record_and_contacts(self):
        """A rating on another kind of record (an order here, a complaint alike) by a contact of the customer
        counts for the customer: ratings are read by partner, not through the care models."""
        contact = self.env["res.partner"].create({"name": "Wang's assistant", "parent_id": self.customer.id})
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        with freeze_time("2026-06-01 04:00:00"):
            self._rate(order, 3, partner=contact)
        with freeze_time("2026-09-30 04:00:00"):
            self.env["care.satisfaction"]._care_refresh(self.company)
            customer = self.customer.with_user(self.salesman)
            self.assertEqual(customer.care_satisfaction_score, 50)
            self.assertEqual(
                contact.with_user(self.salesman).care_satisfaction_score, 50, "contacts show their company's"
            )
            report = self.env["care.satisfaction.report"].search([("partner_id", "=", self.customer.id)])
            self.assertEqual(report.mapped("res_model"), ["sale.order"])
            self.assertEqual(report.user_id, self.salesman)
            self.assertEqual(report.score, 50)

    def test_trend_against_previous_twelve_months(self):
        task_old, task_older, task_new = (
            self._duty(self.customer, day) for day in ("2025-03-01", "2023-01-01", "2026-09-01")
        )
        with freeze_time("2025-03-01 04:00:00"):
            self._rate(task_old, 5)
        with freeze_time("2023-01-02 04:00:00"):
            self._rate(task_older, 1)  # more than 24 months before: counts nowhere
        with freeze_time("2026-09-01 04:00:00"):
            self._rate(task_new, 3)
        with freeze_time("2026-09-30 04:00:00"):
            self.env["care.satisfaction"]._care_refresh(self.company)
            row = self._row(self.customer)
            self.assertEqual((row.score, row.score_prev, row.trend), (50, 100, -50))
            self.assertEqual(row.trend_direction, "down")
            self.assertEqual((row.rating_count, row.survey_count), (1, 0))
            Partner = self.env["res.partner"].with_user(self.manager)
            self.assertIn(self.customer, Partner.search([("care_satisfaction_direction", "=", "down")]))
            self.assertIn(self.customer, Partner.search([("care_satisfaction_trend", "<", -10)]))
            self.assertIn(self.customer, Partner.search([("care_satisfaction_score", "<=", 50)]))
            self.assertNotIn(self.customer, Partner.search([("care_satisfaction_score", ">", 50)]))
            self.assertIn(self.customer_2, Partner.search([("care_satisfaction_count", "<", 1)]))
            self.assertNotIn(self.customer, Partner.search([("care_satisfaction_count", "<", 1)]))
        # a year later the 3 is the previous period's and nothing is current: the row says so, no score
        with freeze_time("2027-09-15 04:00:00"):
            self.env["care.satisfaction"]._care_refresh(self.company)
            row = self._row(self.customer)
            self.assertEqual((row.total_count, row.score_prev), (0, 50))
            self.assertFalse(row.trend_direction)
            self.assertEqual(self.customer.with_user(self.manager).care_satisfaction_count, 0)
        with freeze_time("2028-10-01 04:00:00"):
            self.env["care.satisfaction"]._care_refresh(self.company)
            self.assertFalse(self._row(self.customer), "nothing in 24 months: no row")

    def test_daily_run_is_idempotent(self):
        with freeze_time("2026-09-01 04:00:00"):
            self._rate(self._duty(self.customer, "2026-09-01"), 5)
        with freeze_time("2026-09-30 04:00:00"):
            with self.enter_registry_test_mode():
                self.env.ref("customer_care.ir_cron_care_satisfaction_refresh").method_direct_trigger()
            row = self._row(self.customer)
            written = row.write_date
            self.assertEqual(row.score, 100)
            self.assertEqual(self.env["care.satisfaction"]._care_refresh(self.company), 1)
            row.invalidate_recordset()
            self.assertEqual(row.write_date, written, "a run that changes nothing writes nothing")

    def test_low_satisfaction_setting_bounds(self):
        with self.assertRaises(ValidationError):
            self.company.care_low_satisfaction_score = 101
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"care_low_satisfaction_score": -1}).execute()
        self.company.care_low_satisfaction_score = 60
        self.assertEqual(self.company.care_low_satisfaction_score, 60)


class TestSatisfactionSurvey(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env["survey.survey"].create(
            {"title": "Customer satisfaction", "scoring_type": "scoring_without_answers", "access_mode": "token"}
        )
        cls.question = cls.env["survey.question"].create(
            {
                "survey_id": cls.survey.id,
                "title": "How satisfied are you with our service?",
                "question_type": "simple_choice",
                "suggested_answer_ids": [
                    Command.create({"value": "Very satisfied", "answer_score": 4}),
                    Command.create({"value": "Satisfied", "answer_score": 3}),
                    Command.create({"value": "Not satisfied", "answer_score": 0}),
                ],
            }
        )
        cls.survey_rule = cls.env["care.rule"].create(
            {
                "name": "Quarterly satisfaction survey",
                "trigger": "satisfaction_survey",
                "survey_id": cls.survey.id,
                "channel": "email",
                "interval_days": 90,
                "lead_days": 3,
            }
        )

    def test_rule_needs_a_scored_survey_and_an_email(self):
        with self.assertRaises(ValidationError):
            self.survey_rule.survey_id = False
        unscored = self.env["survey.survey"].create({"title": "Open questions", "scoring_type": "no_scoring"})
        with self.assertRaises(ValidationError):
            self.survey_rule.survey_id = unscored
        with self.assertRaises(ValidationError):
            self.survey_rule.channel = "activity"

    @freeze_time("2026-09-27 04:00:00")
    def test_generation_plans_one_survey_per_period(self):
        self.survey_rule.partner_domain = f"[('id', 'in', {[self.customer.id, self.customer_2.id]})]"
        today = self.env["care.rule"]._care_today(self.company)
        self.assertEqual(self.survey_rule._care_generate_tasks(today), 2)
        tasks = self.survey_rule.task_ids
        self.assertEqual(set(tasks.mapped("trigger")), {"satisfaction_survey"})
        self.assertEqual(set(tasks.mapped("channel")), {"email"})
        self.assertEqual(self.survey_rule._care_generate_tasks(today), 0, "a repeat creates nothing")

    @freeze_time("2026-09-30 04:00:00")
    def test_survey_sent_answer_linked_and_counted(self):
        task = self._duty(self.customer, "2026-09-30", rule=self.survey_rule, channel="email")
        with self.enter_registry_test_mode():
            self.env.ref("customer_care.ir_cron_care_task_send_emails").method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual(task.state, "done")
        answer = self.env["survey.user_input"].search([("care_task_id", "=", task.id)])
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.partner_id, self.customer)
        self.assertEqual(answer.care_partner_id, self.customer)
        mail = (
            self.env["mail.mail"]
            .search([("recipient_ids", "in", self.customer.ids)])
            .filtered(lambda m: answer.access_token in (m.body_html or ""))
        )
        self.assertTrue(mail, "the invitation carries the customer's own answer link")
        self.assertFalse(
            self.env["rating.rating"].search([("res_model", "=", "care.task"), ("res_id", "=", task.id)]),
            "a survey duty asks no rating on top",
        )

        # the customer answers "Satisfied": 3 of 4 points, 75 %
        answer._save_lines(self.question, self.question.suggested_answer_ids[1].id)
        answer._mark_done()
        self.assertEqual(answer.scoring_percentage, 75)
        row = self._row(self.customer)
        self.assertEqual((row.survey_count, row.score), (1, 75))
        self.assertEqual(self.customer.with_user(self.salesman).care_satisfaction_score, 75)
        report = self.env["care.satisfaction.report"].search([("kind", "=", "survey")])
        self.assertEqual((report.partner_id, report.rule_id, report.score), (self.customer, self.survey_rule, 75))
        self.assertEqual(report.category, "Quarterly satisfaction survey")

        # below the company's low mark (40 %): a low answer
        answer_2 = self.survey._create_answer(
            partner=self.customer, check_attempts=False, care_partner_id=self.customer.id
        )
        answer_2._save_lines(self.question, self.question.suggested_answer_ids[2].id)
        answer_2._mark_done()
        row.invalidate_recordset()
        self.assertEqual((row.survey_count, row.low_count, row.score), (2, 1, 37.5))


class TestSatisfactionAccess(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Care Satisfaction Company B"})
        cls.manager.write({"company_ids": [Command.link(cls.company_b.id)]})
        cls.portal = new_test_user(
            cls.env, login="care_sat_portal", groups="base.group_portal", partner_id=cls.customer.id
        )
        with freeze_time("2026-09-01 04:00:00"):
            cls.rating = cls._rate(cls._duty(cls.customer, "2026-09-01"), 5)
            cls._rate(cls._duty(cls.customer_2, "2026-09-01"), 1)
            rule_b = cls.env["care.rule"].create(
                {"name": "Company B call", "trigger": "periodic_contact", "company_id": cls.company_b.id}
            )
            cls.task_b = cls.env["care.task"].create(
                {
                    "rule_id": rule_b.id,
                    "partner_id": cls.customer.id,
                    "user_id": cls.salesman.id,
                    "company_id": cls.company_b.id,
                    "occasion_date": "2026-09-01",
                    "date_due": "2026-09-01",
                }
            )
            cls._rate(cls.task_b, 1)

    def test_portal_reads_nothing_internal(self):
        customer = self.customer.with_user(self.portal)
        with self.assertRaises(AccessError):
            customer.read(["care_satisfaction_score"])
        with self.assertRaises(AccessError):
            self.env["care.satisfaction"].with_user(self.portal).search([])
        with self.assertRaises(AccessError):
            self.env["care.satisfaction.report"].with_user(self.portal).search([])
        with self.assertRaises(AccessError):
            self.rating.with_user(self.portal).read(["rating"])
        with self.assertRaises(AccessError):
            self.env["care.satisfaction"].with_user(self.portal).action_refresh()

    @freeze_time("2026-09-30 04:00:00")
    def test_salesperson_sees_own_customers_only(self):
        Satisfaction = self.env["care.satisfaction"].with_user(self.salesman)
        self.assertEqual(Satisfaction.search([]).partner_id, self.customer)
        self.assertEqual(self.customer.with_user(self.salesman).care_satisfaction_score, 100)
        other = self.customer_2.with_user(self.salesman)
        self.assertEqual((other.care_satisfaction_score, other.care_satisfaction_count), (0, 0))
        Partner = self.env["res.partner"].with_user(self.salesman)
        self.assertNotIn(self.customer_2, Partner.search([("care_satisfaction_score", "<", 50)]))
        report = self.env["care.satisfaction.report"].with_user(self.salesman).search([])
        self.assertEqual(report.partner_id, self.customer)
        with self.assertRaises(AccessError):
            Satisfaction.action_refresh()
        with self.assertRaises(AccessError):
            Satisfaction.search([]).write({"score": 0})
        # the manager sees every customer
        Manager = self.env["care.satisfaction"].with_user(self.manager)
        self.assertEqual(set(Manager.search([]).partner_id.ids), {self.customer.id, self.customer_2.id})
        self.assertEqual(self.customer_2.with_user(self.manager).care_satisfaction_score, 0)
        self.assertEqual(self.customer_2.with_user(self.manager).care_satisfaction_count, 1)

    @freeze_time("2026-09-30 04:00:00")
    def test_multi_company(self):
        """The duty of company B rated 1 counts in company B only."""
        self.assertEqual(self._row(self.customer).score, 100)
        self.assertEqual(self._row(self.customer, self.company_b).score, 0)
        manager_a = self.manager.with_company(self.company)
        self.assertEqual(
            self.env["care.satisfaction"].with_user(manager_a).with_company(self.company).search([]).company_id,
            self.company,
        )
        customer_b = self.customer.with_user(self.manager).with_company(self.company_b)
        self.assertEqual(customer_b.care_satisfaction_score, 0)
        self.assertEqual(customer_b.care_satisfaction_count, 1)
        self.assertEqual(self.customer.with_user(self.manager).with_company(self.company).care_satisfaction_score, 100)
        # a user of company A only never sees company B's rows
        only_a = new_test_user(self.env, login="care_sat_only_a", groups="customer_care.customer_care_group_manager")
        rows = self.env["care.satisfaction"].with_user(only_a).search([])
        self.assertNotIn(self.company_b, rows.company_id)
        report = self.env["care.satisfaction.report"].with_user(only_a).search([])
        self.assertNotIn(self.company_b, report.company_id)


class TestSatisfactionAlert(SatisfactionCommon):
    def _alerts(self):
        return self.env["care.alert"].search([("kind", "=", "low_satisfaction"), ("partner_id", "=", self.customer.id)])

    def test_rating_of_one_raises_low_satisfaction_until_a_better_one(self):
        with freeze_time("2026-09-01 04:00:00"):
            self._rate(self._duty(self.customer, "2026-09-01"), 5)
        with freeze_time("2026-09-10 04:00:00"):
            self._rate(self._duty(self.customer, "2026-09-10"), 1)
            self.env["care.alert"]._care_run_company(self.company)
            alert = self._alerts()
            self.assertEqual(len(alert), 1)
            self.assertRecordValues(alert, [{"state": "open", "user_id": self.salesman.id, "severity": "low"}])
            self.assertIn("50.0/100", alert.evidence_text)
            self.assertEqual(alert.with_user(self.salesman).read(["kind"])[0]["kind"], "low_satisfaction")
            self.env["care.alert"]._care_run_company(self.company)
            self.assertEqual(len(self._alerts()), 1, "a repeat raises nothing new")
        with freeze_time("2026-09-20 04:00:00"):
            self._rate(self._duty(self.customer, "2026-09-20"), 5)
            self.env["care.alert"]._care_run_company(self.company)
            self.assertEqual(self._alerts().state, "resolved")

    def test_switched_off(self):
        self.company.care_alert_low_satisfaction = False
        with freeze_time("2026-09-10 04:00:00"):
            self._rate(self._duty(self.customer, "2026-09-10"), 1)
            self.env["care.alert"]._care_run_company(self.company)
        self.assertFalse(self._alerts())
