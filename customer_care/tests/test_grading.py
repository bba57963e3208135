import random
from contextlib import closing
from datetime import date, timedelta
from unittest.mock import patch

from odoo import Command, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestGrading(BaseCommon):
    """Known invoices give known grades. Today is 2026-06-30: the trailing 12 months start after 2025-06-30,
    the RFM window (24 months) after 2024-06-30. A fresh company keeps demo invoices out of the ranks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls._care_company("Grading Test Company")
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.Profile = cls.env["care.profile"]
        cls.Engine = cls.env["care.grading.engine"]
        cls.History = cls.env["care.grade.history"]

    @classmethod
    def _care_company(cls, name):
        company = cls.env["res.company"].create({"name": name, "currency_id": cls.env.ref("base.USD").id})
        cls.env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
        cls.env.user.company_ids |= company
        return company

    def _customer(self, name, **values):
        return self.env["res.partner"].create({"name": name, "customer_rank": 1, **values})

    def _invoice(self, partner, amount, date, due="2026-12-31", move_type="out_invoice", post=True, company=None):
        invoice = (
            self.env["account.move"]
            .with_company(company or self.company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": date,
                    "invoice_date_due": due,
                    "invoice_line_ids": [Command.create({"name": "Goods", "price_unit": amount, "tax_ids": []})],
                }
            )
        )
        if post:
            invoice.action_post()
        return invoice

    def _pay(self, invoice, date):
        self.env["account.payment.register"].with_company(invoice.company_id).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": date})._create_payments()

    def _grade(self, company=None):
        self.Profile.with_company(company or self.company).action_recompute_grades()

    def _profile(self, partner, company=None):
        return self.Profile.search([("partner_id", "=", partner.id), ("company_id", "=", (company or self.company).id)])

    def _graded_state(self):
        profiles = self.Profile.search([("company_id", "=", self.company.id)])
        columns = [
            *self.Engine._facts(),
            "volume_class",
            "credit_grade",
            "matrix_cell",
            "tier",
            "rfm_r",
            "rfm_f",
            "rfm_m",
            "rfm_segment",
            "stage",
        ]
        return {profile.partner_id: [profile[column] for column in columns] for profile in profiles}

    def _run_cron(self, xmlid):
        with self.enter_registry_test_mode():
            self.env.ref(xmlid).method_direct_trigger()
        self.env.invalidate_all()

    def test_volume_classes_at_the_boundaries(self):
        below = self._customer("Below")
        exactly = self._customer("Exactly")
        large = self._customer("Large")
        for partner, amount in ((below, 49999.99), (exactly, 50000), (large, 300000)):
            self._invoice(partner, 1000, "2025-01-10")  # history older than a year, outside the 12 months
            self._invoice(partner, amount, "2026-03-01")
        self._grade()
        self.assertEqual(self._profile(below).revenue_12m, 49999.99)
        self.assertEqual(self._profile(below).revenue_lifetime, 50999.99)
        self.assertEqual(below.care_volume_class, "small")
        self.assertEqual(exactly.care_volume_class, "medium")
        self.assertEqual(large.care_volume_class, "large")
        self.assertEqual(exactly.care_credit_grade, "a")
        self.assertEqual(exactly.care_matrix_cell, "medium_good")
        self.assertEqual(large.care_matrix_cell, "large_good")
        self.assertEqual(exactly.care_matrix_policy, "Serve at least as a major customer.")
        self.assertEqual(exactly.care_first_invoice_date.isoformat(), "2025-01-10")
        self.assertEqual(exactly.care_last_invoice_date.isoformat(), "2026-03-01")
        self.assertEqual(exactly.care_invoice_count, 2)
        self.assertEqual(exactly.care_purchase_interval, 415.0)
        self.assertEqual(exactly.care_next_purchase_date.isoformat(), "2027-04-20")

    def test_observation_period_boundary(self):
        young = self._customer("364 days")
        year = self._customer("365 days")
        self._invoice(young, 60000, "2025-07-01")
        self._invoice(year, 60000, "2025-06-30")
        self._invoice(year, 60000, "2026-01-15")
        self._grade()
        self.assertEqual(young.care_matrix_cell, "none")
        self.assertEqual(young.care_volume_class, "medium")
        self.assertEqual(year.care_matrix_cell, "medium_good")
        self.assertEqual(self._profile(year).revenue_12m, 60000, "the invoice of exactly a year ago is outside")

    def test_credit_notes_subtract_and_draft_cancelled_ignored(self):
        customer = self._customer("Refunded")
        self._invoice(customer, 60000, "2026-03-01")
        self._invoice(customer, 20000, "2026-04-01", move_type="out_refund")
        self._invoice(customer, 500000, "2026-04-02", post=False)
        self._invoice(customer, 500000, "2026-04-03").button_cancel()
        self._grade()
        profile = self._profile(customer)
        self.assertEqual(profile.revenue_12m, 40000)
        self.assertEqual(profile.revenue_lifetime, 40000)
        self.assertEqual(profile.invoice_count, 1)
        self.assertEqual(profile.volume_class, "small")

    def test_other_company_never_changes_this_company(self):
        other = self._care_company("Other Company")
        customer = self._customer("Shared")
        self._invoice(customer, 60000, "2026-03-01")
        self._invoice(customer, 1000000, "2026-03-01", company=other)
        self._grade()
        self.assertEqual(customer.care_volume_class, "medium")
        self.assertEqual(self._profile(customer).revenue_12m, 60000)
        self._grade(other)
        self.assertEqual(customer.with_company(other).care_volume_class, "large")
        self.assertEqual(customer.with_company(self.company).care_volume_class, "medium")
        self.assertEqual(self._profile(customer).revenue_12m, 60000)

    def test_contacts_roll_up_to_their_company(self):
        company = self._customer("Company Customer", is_company=True)
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": company.id})
        self._invoice(contact, 30000, "2026-02-01")
        self._invoice(company, 20000, "2026-03-01")
        self._grade()
        self.assertFalse(self._profile(contact))
        self.assertEqual(self._profile(company).revenue_12m, 50000)
        self.assertEqual(contact.care_volume_class, "medium")
        self.assertEqual(contact.care_stage, "repeat")
        self.assertIn(contact, self.env["res.partner"].search([("care_volume_class", "=", "medium")]))

    def test_archived_customers_are_ignored(self):
        archived = self._customer("Archived")
        active = self._customer("Active")
        self._invoice(archived, 900000, "2026-03-01")
        self._invoice(active, 100000, "2026-03-01")
        archived.action_archive()
        self._grade()
        self.assertFalse(self._profile(archived))
        self.assertEqual(active.care_tier, "vip")
        self.assertEqual(self._profile(active).tier_place, 0)

    def test_equal_revenues_share_a_tier(self):
        first, second, last = (self._customer(name) for name in ("Tied 1", "Tied 2", "Last"))
        for customer, amount in ((first, 50000), (second, 50000), (last, 1000)):
            self._invoice(customer, amount, "2026-03-01")
        self._grade()
        # the place is the share held by customers with a larger revenue: none for either tied customer
        self.assertEqual((first.care_tier, second.care_tier, last.care_tier), ("vip", "vip", "small"))
        self.assertEqual(second.care_tier_place, 0)
        self.assertAlmostEqual(self._profile(last).tier_place, 100000 / 1010, places=2)

    def test_cutoffs_give_the_percent_rank_quintiles_and_share_places(self):
        """Grading by cut-offs gives every customer the RFM scores of its percent rank (window functions
        over the company's customers) and the tier of the revenue share held by larger customers."""
        rng = random.Random(7)
        for n in range(25):
            customer = self._customer(f"Ranked {n}")
            for _invoice in range(rng.randint(1, 4)):
                day = date(2024, 7, 1) + timedelta(days=rng.randint(0, 720))
                self._invoice(customer, rng.choice([1000, 2500, 2500, 7000, 12000, 40000]), day.isoformat())
        self._grade()
        rows = self.env.execute_query(
            SQL(
                """
                -- the customers who bought in the RFM window (the others of the database have no revenue)
                WITH base AS (SELECT * FROM care_profile WHERE company_id = %s AND active AND rfm_frequency > 0)
                SELECT b.tier, b.rfm_r, b.rfm_f, b.rfm_m,
                       CASE WHEN b.revenue_12m > 0 THEN 100.0 * COALESCE(
                           (SELECT SUM(o.revenue_12m) FROM base o WHERE o.revenue_12m > b.revenue_12m), 0)
                           / (SELECT SUM(revenue_12m) FROM base WHERE revenue_12m > 0) END,
                       LEAST(5, 1 + FLOOR(5 * PERCENT_RANK() OVER (ORDER BY b.last_invoice_date)))::int,
                       LEAST(5, 1 + FLOOR(5 * PERCENT_RANK() OVER (ORDER BY b.rfm_frequency)))::int,
                       LEAST(5, 1 + FLOOR(5 * PERCENT_RANK() OVER (ORDER BY b.rfm_monetary)))::int
                  FROM base b
                """,
                self.company.id,
            )
        )
        self.assertEqual(len(rows), 25)
        scores = set()
        for tier, r, f, m, place, expected_r, expected_f, expected_m in rows:
            shares = [(50, "vip"), (80, "major"), (95, "ordinary"), (101, "small")]
            expected_tier = next(name for share, name in shares if place < share) if place is not None else None
            self.assertEqual((tier, r, f, m), (expected_tier, expected_r, expected_f, expected_m))
            scores.add((r, f, m))
        self.assertGreater(len(scores), 5, "the data spreads the customers over many scores")

    def test_tiers_by_cumulative_share(self):
        amounts = {"A": 900000, "B": 60000, "C": 30000, "D": 10000}
        customers = {name: self._customer(name) for name in amounts}
        nothing = self._customer("No revenue")
        for name, amount in amounts.items():
            self._invoice(customers[name], amount, "2026-03-01")
        self._grade()
        # A alone holds 90 %: still VIP, its place is the share above it (0 %).
        self.assertEqual(customers["A"].care_tier, "vip")
        self.assertEqual(customers["B"].care_tier, "ordinary")  # 90 % above it
        self.assertEqual(customers["C"].care_tier, "small")  # 96 % above it
        self.assertEqual(customers["D"].care_tier, "small")
        self.assertFalse(nothing.care_tier)
        self.assertEqual(
            self.env["res.partner"].search(
                [("care_tier", "=", "small"), ("id", "in", nothing.ids + customers["C"].ids)]
            ),
            customers["C"],
        )

    def test_payment_behaviour_and_credit_grade(self):
        late = self._customer("Pays late")
        first = self._invoice(late, 10000, "2026-03-01", due="2026-03-31")
        second = self._invoice(late, 10000, "2026-05-01", due="2026-05-31")
        self._pay(first, "2026-04-20")  # 20 days late
        self._pay(second, "2026-05-30")  # on time
        owing = self._customer("Owes")
        self._invoice(owing, 20000, "2026-03-01", due="2026-04-30")
        self._grade()
        profile = self._profile(late)
        self.assertEqual(profile.late_share, 50)
        self.assertEqual(profile.avg_days_late, 10)
        self.assertEqual(profile.overdue_amount, 0)
        self.assertEqual(late.care_credit_grade, "c")  # more than 25 % paid late
        profile = self._profile(owing)
        self.assertEqual(profile.overdue_amount, 20000)
        self.assertEqual(profile.max_days_overdue, 61)
        self.assertEqual(owing.care_credit_grade, "d")
        self.assertEqual(profile.late_share, 0, "only paid invoices count as paid late")
        # days overdue are searched on the oldest open due date
        Partner = self.env["res.partner"]
        both = (late | owing).ids
        self.assertEqual(Partner.search([("id", "in", both), ("care_max_days_overdue", ">", 60)]), owing)
        self.assertEqual(Partner.search([("id", "in", both), ("care_max_days_overdue", ">=", 62)]), Partner)
        self.assertEqual(Partner.search([("id", "in", both), ("care_max_days_overdue", "<", 30)]), late)
        self.assertEqual(Partner.search([("id", "in", both), ("care_max_days_overdue", "=", 61)]), owing)

    def test_rfm_and_stages(self):
        gone = self._customer("Gone")
        self._invoice(gone, 5000, "2023-01-10")
        first = self._customer("First")
        self._invoice(first, 5000, "2026-06-01")
        repeat = self._customer("Repeat")
        self._invoice(repeat, 5000, "2026-01-05")
        self._invoice(repeat, 5000, "2026-05-05")
        long_term = self._customer("Long term")
        for day in ("2024-03-01", "2025-03-01", "2026-03-01"):
            self._invoice(long_term, 20000, day)
        prospect = self._customer("Prospect")
        self.env["sale.order"].create({"partner_id": prospect.id, "company_id": self.company.id})
        suspect = self._customer("Suspect")
        advocate = self._customer("Advocate")
        self._invoice(advocate, 5000, "2026-06-01")
        self._customer("Referred friend", care_referred_by_id=advocate.id)
        self._grade()
        self.assertEqual(gone.care_rfm_segment, "lost")
        self.assertEqual(gone.care_rfm_r, 1)
        self.assertEqual(gone.care_stage, "lost")
        self.assertEqual(first.care_stage, "first")
        self.assertEqual(repeat.care_stage, "repeat")
        self.assertEqual(long_term.care_stage, "long_term")
        self.assertEqual(prospect.care_stage, "prospect")
        self.assertEqual(suspect.care_stage, "suspect")
        self.assertEqual(advocate.care_stage, "advocate")
        # Four customers bought within the window, ranked by percent rank (ties share the lower score).
        # Recency: long_term 0/3, repeat 1/3, first and advocate 2/3 (same last date).
        self.assertEqual((long_term.care_rfm_r, repeat.care_rfm_r, first.care_rfm_r), (1, 2, 4))
        # Frequency: first and advocate once, repeat and long_term twice.
        self.assertEqual((first.care_rfm_f, repeat.care_rfm_f, long_term.care_rfm_f), (1, 4, 4))
        # Monetary: first and advocate 5,000, repeat 10,000, long_term 40,000.
        self.assertEqual((first.care_rfm_m, repeat.care_rfm_m, long_term.care_rfm_m), (1, 4, 5))
        self.assertEqual(first.care_rfm_segment, "promising")  # R 4, F 1
        self.assertEqual(repeat.care_rfm_segment, "at_risk")  # R 2, F 4
        self.assertEqual(long_term.care_rfm_segment, "at_risk")  # R 1, F 4

    def test_manual_stage_survives_and_is_logged(self):
        customer = self._customer("Member")
        self._invoice(customer, 5000, "2026-06-01")
        self._grade()
        self.assertEqual(customer.care_stage, "first")
        with Form(customer) as form:
            form.care_stage = "member"
        self.assertIn("Lifecycle stage changed from First-time Buyer to Member", customer.message_ids[0].body)
        self._invoice(customer, 5000, "2026-06-15")
        self._grade()
        profile = self._profile(customer)
        self.assertEqual(customer.care_stage, "member")
        self.assertEqual(profile.computed_stage, "repeat")
        messages = len(customer.message_ids)
        self._grade()
        self.assertEqual(len(customer.message_ids), messages, "the engine never posts in the chatter")
        with self.assertRaises(UserError):
            customer.care_stage = "long_term"
        customer.care_stage = "repeat"
        self.assertFalse(profile.manual_stage)
        self.assertEqual(customer.care_stage, "repeat")

    def test_first_grading_is_triggered_at_install(self):
        cron = self.env.ref("customer_care.care_profile_cron_grade_all")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))

    def test_history_rows_and_cron_twice_changes_nothing(self):
        customer = self._customer("Historic")
        self._invoice(customer, 60000, "2026-03-01")
        self._run_cron("customer_care.care_profile_cron_grade_all")
        rows = self.History.search([("partner_id", "=", customer.id), ("company_id", "=", self.company.id)])
        self.assertEqual(
            sorted((row.field, row.old_value, row.new_value) for row in rows),
            [
                ("credit_grade", False, "a"),
                ("matrix_cell", False, "none"),
                ("stage", False, "first"),
                ("tier", False, "vip"),
            ],
        )
        count = self.History.search_count([])
        self._run_cron("customer_care.care_profile_cron_grade_all")
        self.assertEqual(self.History.search_count([]), count)
        self.assertEqual(customer.care_tier, "vip")

    def test_nightly_run_brings_moved_facts_up_to_date(self):
        """After the first full run, a night recomputes the facts of the customers whose invoices left a
        window or fell due, grades everyone, and aggregates all facts again only a week later."""
        leaving = self._customer("Leaving the 12 months")
        self._invoice(leaving, 60000, "2025-07-02")
        falling_due = self._customer("Falling due")
        self._invoice(falling_due, 20000, "2026-06-15", due="2026-07-01")
        steady = self._customer("Steady")
        self._invoice(steady, 10000, "2026-05-01")
        self._pay(self._invoice(steady, 8000, "2026-01-10", due="2026-02-09"), "2026-03-01")
        self._invoice(steady, 1500, "2026-02-01", move_type="out_refund")
        grade_all = "customer_care.care_profile_cron_grade_all"
        self._run_cron(grade_all)
        self._run_cron("customer_care.care_profile_cron_grade_marked")  # the customers were marked when created
        run = self.company.care_grading_run
        self.assertEqual(leaving.care_volume_class, "medium")
        self.assertEqual(self._profile(falling_due).overdue_amount, 0)
        with freeze_time("2026-07-02"):
            self.Engine._care_mark_moved(self.company)
            marked = self.Profile.search([("company_id", "=", self.company.id), ("needs_recompute", "=", True)])
            self.assertEqual(marked.partner_id, leaving | falling_due, "only the facts that moved are read again")
            self._run_cron(grade_all)
            self.assertEqual(self.company.care_grading_run, run, "no full run within the week")
            self.assertEqual(self.company.care_grading_date.isoformat(), "2026-07-02")
            profile = self._profile(leaving)
            self.assertEqual((profile.revenue_12m, profile.revenue_prev_12m), (0, 60000))
            self.assertEqual(leaving.care_volume_class, "small")
            profile = self._profile(falling_due)
            self.assertEqual((profile.overdue_amount, profile.max_days_overdue), (20000, 1))
            self.assertFalse(self._profile(steady).needs_recompute)
            # what the night kept is what aggregating every invoice again gives
            before = self._graded_state()
            self._grade()
            self.assertEqual(self._graded_state(), before)
            # graded once a day: a second trigger the same day does nothing
            self.company.care_grading_facts_date = "2026-06-01"
            self._run_cron(grade_all)
            self.assertEqual(self.company.care_grading_facts_date.isoformat(), "2026-06-01")
        with freeze_time("2026-07-08"):
            self._run_cron(grade_all)
            self.assertEqual(self.company.care_grading_run, run + 1, "a week after, all facts are aggregated again")
        self.company.care_rfm_months = 12
        self.assertFalse(self.company.care_grading_run_start, "a new RFM window needs all facts again")

    def test_last_calendar_year_revenue_moves_on_new_years_night(self):
        """Last calendar year's revenue (what last year's largest customers are ranked by) is a fact: on the
        first night of a year the customers with invoices in the year that ended, or in the one before, are
        read again."""
        old_year = self._customer("Bought the year before")
        self._invoice(old_year, 7000, "2025-03-01", due="2025-03-31")
        this_year = self._customer("Bought this year")
        self._invoice(this_year, 4000, "2026-02-01", due="2026-03-03")
        self._invoice(this_year, 500, "2026-03-01", due="2026-03-01", move_type="out_refund")
        steady = self._customer("Bought long ago")
        self._invoice(steady, 900, "2023-05-01", due="2023-05-31")
        grade_all = "customer_care.care_profile_cron_grade_all"
        self._run_cron(grade_all)
        self._run_cron("customer_care.care_profile_cron_grade_marked")  # the customers were marked when created
        self.assertEqual(
            [self._profile(partner).revenue_last_year for partner in (old_year, this_year, steady)], [7000, 0, 0]
        )
        with freeze_time("2026-12-31"):
            self._run_cron(grade_all)
        with freeze_time("2027-01-01"):
            self.Engine._care_mark_moved(self.company)
            marked = self.Profile.search([("company_id", "=", self.company.id), ("needs_recompute", "=", True)])
            self.assertEqual(marked.partner_id, old_year | this_year, "the invoices of 2025 and 2026 count anew")
            self._run_cron(grade_all)
        self.assertEqual(
            [self._profile(partner).revenue_last_year for partner in (old_year, this_year, steady)], [0, 3500, 0]
        )

    def test_orders_referrals_and_archiving_regrade_at_once(self):
        customer = self._customer("New customer")
        self.assertTrue(self._profile(customer).needs_recompute, "a new customer is graded by the frequent run")
        self._run_cron("customer_care.care_profile_cron_grade_marked")
        self.assertEqual(customer.care_stage, "suspect")
        product = self.env["product.product"].create({"name": "Care Grading Product", "list_price": 100})
        order = (
            self.env["sale.order"]
            .with_company(self.company)
            .create({"partner_id": customer.id, "order_line": [Command.create({"product_id": product.id})]})
        )
        self._run_cron("customer_care.care_profile_cron_grade_marked")
        self.assertEqual(customer.care_stage, "prospect")
        order.action_confirm()
        self.assertTrue(self._profile(customer).needs_recompute)
        self._run_cron("customer_care.care_profile_cron_grade_marked")
        self.assertEqual(customer.care_stage, "first")
        self._customer("Friend", care_referred_by_id=customer.id)
        self._run_cron("customer_care.care_profile_cron_grade_marked")
        self.assertEqual(customer.care_stage, "advocate")
        customer.care_stage = "member"
        customer.action_archive()
        self.assertFalse(self._profile(customer), "an archived customer leaves the ranking at once")
        self._grade()
        profile = self.Profile.with_context(active_test=False).search(
            [("partner_id", "=", customer.id), ("company_id", "=", self.company.id)]
        )
        self.assertFalse(profile.active)
        customer.action_unarchive()
        self._run_cron("customer_care.care_profile_cron_grade_marked")
        self.assertEqual(customer.care_stage, "member", "a stage set by hand survives an archive and a restore")

    def test_runs_never_grade_a_company_at_once(self):
        customer = self._customer("Locked")
        self._invoice(customer, 10000, "2026-03-01")
        # another worker is grading the company: it holds the company's grading lock
        with closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as other:
            other.execute("SELECT pg_advisory_xact_lock(%s, %s)", [self.Engine._care_lock_key, self.company.id])
            self._run_cron("customer_care.care_profile_cron_grade_marked")
            self.assertTrue(self._profile(customer).needs_recompute, "the frequent run leaves the company alone")
            with self.assertRaises(UserError):
                self._grade()
            # the nightly run waits a bounded time (a second here), leaves the company, grades the others
            # and has the scheduler call it again soon
            cron = self.env.ref("customer_care.care_profile_cron_grade_all")
            triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
            with patch.object(self.registry["care.grading.engine"], "_care_lock_wait", 1):
                self._run_cron("customer_care.care_profile_cron_grade_all")
            self.assertFalse(self.company.care_grading_date, "the nightly run left the busy company")
            self.assertFalse(customer.care_tier)
            main_company = self.env.ref("base.main_company")
            self.assertEqual(main_company.care_grading_date, date(2026, 6, 30), "and graded the others")
            self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers, "called again")
            other.rollback()
        self._run_cron("customer_care.care_profile_cron_grade_marked")
        self.assertFalse(self._profile(customer).needs_recompute)
        self._run_cron("customer_care.care_profile_cron_grade_all")
        self.assertEqual(self.company.care_grading_date, date(2026, 6, 30), "the next call grades it")
        self.assertEqual(customer.care_tier, "vip")

    def test_facts_are_declared_once(self):
        """Each declared fact is a stored profile field of its column type and a staging table column, and
        both the full run (through the staging table) and the frequent run (directly) read its declaration."""
        for name, (column_type, _expression) in self.Engine._facts().items():
            self.assertEqual(self.Profile._fields[name].column_type[1], column_type, name)
        staging = dict(
            self.env.execute_query(
                SQL(
                    "SELECT column_name, udt_name FROM information_schema.columns WHERE table_name = %s",
                    "care_profile_facts",
                )
            )
        )
        self.assertEqual(staging, {"partner_id": "int4", "company_id": "int4", **self.Engine._care_staged_columns()})

        customer = self._customer("Declared")
        self._invoice(customer, 10000, "2026-03-01")
        facts = self.Engine._facts() | {"invoice_count": ("int4", SQL("40 + COALESCE(f.invoice_count, 0)"))}
        with patch.object(self.registry["care.grading.engine"], "_facts", lambda engine: facts):
            self._grade()
            self.assertEqual(customer.care_invoice_count, 41)
            self._invoice(customer, 10000, "2026-04-01")
            self._run_cron("customer_care.care_profile_cron_grade_marked")
            self.assertEqual(customer.care_invoice_count, 42)

    def test_invoice_index_belongs_to_the_orm(self):
        """The engine's covering index on the invoices is declared on account.move: the ORM keeps it in step
        with its definition and drops it when the module is uninstalled."""
        name = "account_move_care_grading_facts_idx"
        index = self.env["ir.model.constraint"].search([("name", "=", name)])
        self.assertEqual((index.type, index.module.name, index.model.model), ("i", "customer_care", "account.move"))
        [(definition,)] = self.env.execute_query(SQL("SELECT indexdef FROM pg_indexes WHERE indexname = %s", name))
        self.assertIn("INCLUDE (move_type, invoice_date, invoice_date_due", definition)
        self.assertIn("WHERE", definition)

    def test_killed_run_resumes(self):
        customers = [self._customer(f"Batch {n}") for n in range(3)]
        for customer in customers:
            self._invoice(customer, 10000, "2026-03-01")
        self.Engine._care_start_run(self.company)
        run = self.company.care_grading_run
        # one batch committed, then the worker was killed
        done, remaining = self.Engine._care_run_step(self.company, batch_size=1)
        self.assertEqual(done, 1)
        graded = self.Profile.search([("company_id", "=", self.company.id), ("graded_run", "=", run)])
        self.assertEqual(len(graded), 1)
        self.assertFalse(graded.tier, "grades come once every batch has its facts")
        self._run_cron("customer_care.care_profile_cron_grade_all")
        self.assertEqual(self.company.care_grading_run, run, "the cron continued the interrupted run")
        self.assertTrue(self.company.care_grading_run_done)
        for customer in customers:
            self.assertEqual(self._profile(customer).graded_run, run)
            self.assertTrue(customer.care_tier)

    def test_resumed_run_stages_new_customers_and_keeps_marks(self):
        staged = self._customer("Staged")
        self._invoice(staged, 10000, "2026-03-01")
        self.Engine._care_start_run(self.company)
        # the first step stages the facts of every customer at once, then copies one batch
        self.Engine._care_run_step(self.company, batch_size=1)
        # after the staging, before the cron resumes: a new customer, and a new invoice for a staged one
        later = self._customer("Later")
        self._invoice(later, 60000, "2026-04-01")
        self._invoice(staged, 5000, "2026-05-01")
        self._run_cron("customer_care.care_profile_cron_grade_all")
        self.assertEqual(self._profile(later).revenue_12m, 60000, "a customer that appeared mid-run is staged")
        profile = self._profile(staged)
        self.assertTrue(profile.needs_recompute, "the copy of older staged facts keeps the posting's mark")
        self._run_cron("customer_care.care_profile_cron_grade_marked")
        self.assertEqual(profile.revenue_12m, 15000)
        self.assertFalse(profile.needs_recompute)

    def test_posting_and_payment_mark_for_the_frequent_cron(self):
        customer = self._customer("Incremental")
        self._invoice(customer, 10000, "2026-03-01", due="2026-03-31")
        self._grade()
        invoice = self._invoice(customer, 50000, "2026-06-01", due="2026-06-10")
        self.assertTrue(self._profile(customer).needs_recompute)
        self._run_cron("customer_care.care_profile_cron_grade_marked")
        profile = self._profile(customer)
        self.assertFalse(profile.needs_recompute)
        self.assertEqual(customer.care_volume_class, "medium")
        # placed by the cut-offs of the last full run: 60,000 is above the lowest VIP revenue (10,000)
        self.assertEqual(customer.care_tier, "vip")
        self.assertEqual(profile.overdue_amount, 60000)
        self._pay(invoice, "2026-06-30")
        self.assertTrue(profile.needs_recompute)
        self._run_cron("customer_care.care_profile_cron_grade_marked")
        self.assertEqual(profile.overdue_amount, 10000)
        self.assertEqual(profile.late_share, 100)
        invoice.button_draft()
        self.assertTrue(profile.needs_recompute)

    def test_access_and_multi_company(self):
        customer = self._customer("Seen", user_id=False)
        self._invoice(customer, 60000, "2026-03-01")
        self._grade()
        salesman = new_test_user(
            self.env, login="grading_salesman", groups="sales_team.group_sale_salesman", company_id=self.company.id
        )
        partner = customer.with_user(salesman)
        self.assertEqual(partner.care_tier, "vip")
        self.assertEqual(
            partner.with_user(salesman).search([("care_tier", "=", "vip"), ("id", "=", customer.id)]), partner
        )
        with self.assertRaises(AccessError):
            self._profile(customer).with_user(salesman).write({"tier": "small"})
        with self.assertRaises(AccessError):
            self.Profile.with_user(salesman).action_recompute_grades()
        other = self._care_company("Elsewhere")
        outsider = new_test_user(
            self.env,
            login="grading_outsider",
            groups="sales_team.group_sale_salesman",
            company_id=other.id,
            company_ids=[other.id],
        )
        as_outsider = {"allowed_company_ids": [other.id]}
        self.assertFalse(
            self.Profile.with_user(outsider).with_context(**as_outsider).search([("partner_id", "=", customer.id)])
        )
        self.assertFalse(
            self.History.with_user(outsider).with_context(**as_outsider).search([("partner_id", "=", customer.id)])
        )
        self.assertFalse(customer.with_user(outsider).with_context(**as_outsider).care_tier)

    def test_thresholds_are_validated(self):
        with self.assertRaises(ValidationError):
            self.company.care_volume_medium = 400000  # above the large threshold
        with self.assertRaises(ValidationError):
            self.company.care_tier_major_share = 40  # below the VIP share
        with self.assertRaises(ValidationError):
            self.company.care_credit_days_late_d = 20  # below C
        self.company.care_volume_large = 500000
        self.company.care_volume_medium = 400000
        customer = self._customer("Rethresholded")
        self._invoice(customer, 300000, "2026-03-01")
        self._grade()
        self.assertEqual(customer.care_volume_class, "small")
