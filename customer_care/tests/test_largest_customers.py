from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestLargestCustomers(BaseCommon):
    """Last year's largest customers on known invoices, and the overview's complaints, satisfaction and managers'
    questions. Today is 2026-06-30: last year is 2025, its same period 2025-01-01 to 2025-06-30.

    - Big (seller): 1,000 on 2025-01-01 and 500 on 2025-12-31 (the year's first and last days), a credit note
      of 200 on 2025-06-01: 1,300 last year, 800 in the same period; 400 this year. Tier VIP at the end of 2025.
    - Mid (seller): 5,000 on 2024-12-31 (the year before: not counted), 900 on 2025-07-01 sold at a loss; no
      invoice this year but a confirmed order: it ordered again.
    - Quiet (seller): 600 on 2025-05-01, nothing since.
    - Small (other seller): 300 on 2025-03-01 and 100 on 2026-01-01 (this year's first day).
    - Big's 9,999 in another company is that company's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls._company("Largest Company")
        cls.other_company = cls._company("Largest Elsewhere")
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        values = {"company_id": cls.company.id, "company_ids": [cls.company.id]}
        cls.seller = new_test_user(cls.env, login="largest_seller", groups="sales_team.group_sale_salesman", **values)
        cls.other_seller = new_test_user(
            cls.env, login="largest_other_seller", groups="sales_team.group_sale_salesman", **values
        )
        cls.manager = new_test_user(
            cls.env, login="largest_manager", groups="sales_team.group_sale_manager,base.group_allow_export", **values
        )
        Product = cls.env["product.product"].with_company(cls.company)
        cls.item = Product.create({"name": "Largest Item", "standard_price": 10, "list_price": 100})
        cls.costly = Product.create({"name": "Largest Costly", "standard_price": 1000, "list_price": 100})
        cls.big = cls._customer("Big", cls.seller)
        cls.mid = cls._customer("Mid", cls.seller)
        cls.quiet = cls._customer("Quiet", cls.seller)
        cls.small = cls._customer("Small", cls.other_seller)
        cls._invoice(cls.big, 1000, "2025-01-01")
        cls._invoice(cls.big, 500, "2025-12-31")
        cls._invoice(cls.big, 200, "2025-06-01", move_type="out_refund")
        cls._invoice(cls.big, 400, "2026-03-01")
        cls._invoice(cls.mid, 5000, "2024-12-31")
        cls._invoice(cls.mid, 900, "2025-07-01", product=cls.costly)
        cls._invoice(cls.quiet, 600, "2025-05-01")
        cls._invoice(cls.small, 300, "2025-03-01")
        cls._invoice(cls.small, 100, "2026-01-01")
        cls._invoice(cls.big, 9999, "2025-04-01", company=cls.other_company)
        order = cls.env["sale.order"].create(
            {"partner_id": cls.mid.id, "order_line": [Command.create({"product_id": cls.item.id})]}
        )
        order.action_confirm()
        cls.env["care.profile"].with_user(cls.manager).with_company(cls.company).action_recompute_grades()
        # each company is graded every night: last year's revenue, by which the report ranks, is a grading fact
        cls.env["care.profile"].with_company(cls.other_company).with_context(
            allowed_company_ids=[cls.other_company.id]
        ).action_recompute_grades()
        history = cls.env["care.grade.history"].sudo()
        for value, day in (("major", "2025-03-01"), ("vip", "2025-11-01"), ("major", "2026-02-01")):
            history.create(
                {
                    "partner_id": cls.big.id,
                    "company_id": cls.company.id,
                    "field": "tier",
                    "new_value": value,
                    "date": day,
                }
            )
        Profile = cls.env["care.profile"].sudo()
        for partner, grade, tier in ((cls.big, "a", "major"), (cls.mid, "a", "small"), (cls.quiet, "d", "small")):
            Profile._care_profile_for(partner, cls.company).write(
                {"credit_grade": grade, "tier": tier, "needs_recompute": False}
            )
        Profile._care_profile_for(cls.small, cls.company).write({"credit_grade": "a", "needs_recompute": False})
        cls.Report = cls.env["care.largest.customer.report"]

    @classmethod
    def _company(cls, name):
        company = cls.env["res.company"].create({"name": name, "currency_id": cls.env.ref("base.USD").id})
        cls.env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
        cls.env.user.company_ids |= company
        return company

    @classmethod
    def _customer(cls, name, user):
        return cls.env["res.partner"].create({"name": name, "customer_rank": 1, "user_id": user.id})

    @classmethod
    def _invoice(cls, partner, amount, date, move_type="out_invoice", product=None, company=None):
        company = company or cls.company
        product = product or cls.item
        invoice = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "invoice_date": date,
                    "invoice_line_ids": [
                        Command.create({"product_id": product.id, "price_unit": amount, "tax_ids": []})
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice

    def _rows(self, user=None):
        report = self.Report.with_user(user or self.manager).with_company(self.company)
        return {row.partner_id: row for row in report.search([])}

    # ------------------------------------------------------------
    # THE REPORT
    # ------------------------------------------------------------

    def test_last_year_ranked_with_this_year(self):
        rows = self._rows()
        self.assertEqual(list(rows), [self.big, self.mid, self.quiet, self.small], "ranked by last year's revenue")
        big, mid, quiet, small = rows.values()
        self.assertEqual([row.rank for row in rows.values()], [1, 2, 3, 4])
        self.assertEqual(big.year, 2025)
        # the year's first and last days count; the credit note subtracts; another company's invoice does not
        self.assertEqual(
            (big.revenue_last_year, big.revenue_same_period, big.revenue_this_year), (1300.0, 800.0, 400.0)
        )
        self.assertAlmostEqual(big.change_percent, -50.0)
        self.assertTrue(big.ordered_again)
        self.assertEqual(str(big.last_order_date), "2026-03-01")
        self.assertEqual((big.tier_then, big.tier), ("vip", "major"), "the tier at the end of last year, and now")
        # the year before does not count; a confirmed order this year is ordering again
        self.assertEqual((mid.revenue_last_year, mid.revenue_same_period, mid.revenue_this_year), (900.0, 0.0, 0.0))
        self.assertFalse(mid.change_percent)
        self.assertTrue(mid.ordered_again)
        self.assertEqual(str(mid.last_order_date), "2026-06-30")
        self.assertFalse(mid.tier_then, "no grade history before this year")
        self.assertFalse(quiet.ordered_again)
        self.assertEqual(str(quiet.last_order_date), "2025-05-01")
        # this year's first day is this year
        self.assertEqual((small.revenue_last_year, small.revenue_this_year), (300.0, 100.0))
        self.assertTrue(small.ordered_again)
        self.assertEqual(
            self.Report.search_count([("ordered_again", "=", False), ("company_id", "=", self.company.id)]), 1
        )

    def test_top_n_from_settings(self):
        """The top N the big-customer early warning watches, from Settings."""
        self.company.care_alert_big_top_n = 2
        self.assertEqual(list(self._rows()), [self.big, self.mid])
        with self.assertRaises(ValidationError):
            self.company.care_alert_big_top_n = 0
        self.assertEqual(list(self._rows()), [self.big, self.mid])

    def test_record_rules_and_companies(self):
        # a salesperson sees their own customers' rows, placed among everyone's
        mine = self._rows(self.seller)
        self.assertEqual(list(mine), [self.big, self.mid, self.quiet])
        theirs = self._rows(self.other_seller)
        self.assertEqual(list(theirs), [self.small])
        self.assertEqual(theirs[self.small].rank, 4)
        # another company's rows are that company's, and its users never see this one's
        elsewhere = self.Report.with_company(self.other_company).search([("company_id", "=", self.other_company.id)])
        self.assertEqual((elsewhere.partner_id, elsewhere.revenue_last_year), (self.big, 9999.0))
        outsider = new_test_user(
            self.env,
            login="largest_outsider",
            groups="sales_team.group_sale_manager",
            company_id=self.other_company.id,
            company_ids=[self.other_company.id],
        )
        seen = self.Report.with_user(outsider).with_context(allowed_company_ids=[self.other_company.id]).search([])
        self.assertEqual(seen.company_id, self.other_company)
        self.assertFalse(
            self.Report.with_user(outsider)
            .with_context(allowed_company_ids=[self.other_company.id])
            .search([("company_id", "=", self.company.id)])
        )
        stranger = new_test_user(self.env, login="largest_stranger", groups="base.group_user", **self._in_company())
        with self.assertRaises(AccessError):
            self.Report.with_user(stranger).search([])

    def test_export_and_pivot(self):
        report = self.Report.with_user(self.manager).with_company(self.company)
        rows = report.search([])
        exported = rows.export_data(["partner_id", "revenue_last_year", "revenue_this_year", "ordered_again"])
        self.assertEqual(exported["datas"][0][:2], ["Big", 1300.0])
        groups = dict(report._read_group([], ["ordered_again"], ["revenue_last_year:sum"]))
        self.assertEqual(groups, {True: 2500.0, False: 600.0})
        for view in ("list", "pivot", "search"):
            self.assertTrue(report.get_views([(False, view)])["views"][view]["arch"])

    def _in_company(self):
        return {"company_id": self.company.id, "company_ids": [self.company.id]}

    # ------------------------------------------------------------
    # THE OVERVIEW
    # ------------------------------------------------------------

    def _complaints(self):
        category = self.env["care.complaint.category"].create(
            {"name": "Largest Delivery", "time_limit_days": 1, "company_id": self.company.id}
        )
        Complaint = self.env["care.complaint"].with_company(self.company)
        values = {"description": "<p>Bad</p>", "company_id": self.company.id}
        return Complaint.create(
            [
                # last year's, still open, no deadline
                {"partner_id": self.big.id, "received_date": "2025-05-01", **values},
                # this month's, past its one working day
                {"partner_id": self.big.id, "received_date": "2026-06-01", "category_id": category.id, **values},
                # the other seller's customer's, from the year before last, still open
                {"partner_id": self.small.id, "received_date": "2024-12-01", **values},
            ]
        )

    def _satisfaction(self):
        rows = [(self.big, 30.0), (self.mid, 90.0), (self.small, 60.0)]
        self.env["care.satisfaction"].sudo().create(
            [
                {"partner_id": partner.id, "company_id": self.company.id, "score": score, "total_count": 2}
                for partner, score in rows
            ]
            # a customer without ratings or surveys has no score
            + [{"partner_id": self.quiet.id, "company_id": self.company.id, "score": 0.0, "total_count": 0}]
        )

    def test_overview_complaints_satisfaction_and_questions(self):
        self._complaints()
        self._satisfaction()
        Overview = self.env["care.overview"].with_company(self.company)
        data = Overview.with_user(self.manager).get_overview()
        self.assertEqual((data["complaints_open"], data["complaints_overdue"]), (3, 1))
        self.assertEqual(data["complainers_last_year"], 1)
        self.assertAlmostEqual(data["satisfaction"], 60.0)
        self.assertEqual((data["satisfaction_low"], data["satisfaction_mark"]), (1, 40))
        # Big complained this year, Mid sells at a loss, Quiet pays late (credit D); Small does none of it
        self.assertEqual(data["cost_raisers"], 3)
        self.assertEqual(data["largest_last_year"], {"count": 4, "ordered_again": 3})
        self.assertEqual(data["largest_not_again"], 1)
        # each figure opens the list it counts
        for key in (
            "complaints_open",
            "complaints_overdue",
            "complainers_last_year",
            "satisfaction_low",
            "cost_raisers",
            "largest_not_again",
        ):
            action = Overview.with_user(self.manager).action_open_figure(key)
            found = self.env[action["res_model"]].with_user(self.manager).with_company(self.company)
            self.assertEqual(found.search_count(action["domain"]), data[key], key)
        action = Overview.with_user(self.manager).action_open_figure("cost_raisers")
        raisers = self.env["care.profile"].with_user(self.manager).with_company(self.company).search(action["domain"])
        self.assertEqual(raisers.partner_id, self.big | self.mid | self.quiet)
        self.assertEqual(raisers.filtered("low_margin").partner_id, self.mid)
        self.assertEqual(raisers.filtered("complained_recently").partner_id, self.big)
        action = Overview.with_user(self.manager).action_open_figure("largest_last_year")
        self.assertEqual(action["res_model"], "care.largest.customer.report")
        self.assertEqual(action["views"][0][1], "list")
        # a salesperson's overview: their own customers' (complaints as their record rules show them)
        mine = Overview.with_user(self.seller).get_overview()
        self.assertEqual(
            (mine["complaints_open"], mine["complaints_overdue"], mine["complainers_last_year"]), (2, 1, 1)
        )
        self.assertAlmostEqual(mine["satisfaction"], 60.0)
        self.assertEqual((mine["satisfaction_low"], mine["cost_raisers"]), (1, 3))
        self.assertEqual(mine["largest_last_year"], {"count": 3, "ordered_again": 2})
        theirs = Overview.with_user(self.other_seller).get_overview()
        self.assertEqual((theirs["complaints_open"], theirs["complainers_last_year"]), (1, 0))
        self.assertEqual((theirs["satisfaction_low"], theirs["cost_raisers"]), (0, 0))
        self.assertEqual(theirs["largest_not_again"], 0)

    def test_overview_without_data(self):
        """A company with no complaints, ratings or sales last year shows empty figures, not errors."""
        empty = self._company("Largest Empty")
        user = new_test_user(
            self.env,
            login="largest_empty_manager",
            groups="sales_team.group_sale_manager",
            company_id=empty.id,
            company_ids=[empty.id],
        )
        data = self.env["care.overview"].with_user(user).with_context(allowed_company_ids=[empty.id]).get_overview()
        self.assertIsNone(data["satisfaction"])
        self.assertEqual((data["complaints_open"], data["cost_raisers"]), (0, 0))
        self.assertEqual(data["largest_last_year"], {"count": 0, "ordered_again": 0})
