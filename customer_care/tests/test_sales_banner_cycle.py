from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .common_sales import CareSalesCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestBannerAndCycle(CareSalesCommon):
    """The customer banner as a salesperson without accounting rights, and the purchase cycle. Today is
    2026-06-30; the large good customer buys office furniture every 60 days (last on 2026-05-01: due today)
    and tea every 59 days (last on 2026-04-01: due 2026-05-30, 31 days late)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for day in ("2026-01-01", "2026-03-02", "2026-05-01"):
            cls._invoice(cls.good, 500, day, day)
        cls._invoice(cls.good, 300, "2026-03-02", "2026-03-02", product=cls.desk)
        for day in ("2026-02-01", "2026-04-01"):
            cls._invoice(cls.good, 40, day, day, product=cls.tea)
        cls.other_salesman = cls.env["res.users"].create(
            {
                "name": "Sales Zhao",
                "login": "credit_sales_2",
                "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
                "group_ids": [Command.link(cls.env.ref("sales_team.group_sale_salesman").id)],
            }
        )
        cls.foreign = cls._customer("别人的 Someone Else's", "small_good")
        cls.foreign.user_id = cls.other_salesman
        cls._invoice(cls.foreign, 100, "2026-04-01", "2026-04-01")
        cls._invoice(cls.foreign, 100, "2026-05-01", "2026-05-01")
        cls.Cycle = cls.env["care.purchase.cycle.report"]

    # ------------------------------------------------------------
    # BANNER
    # ------------------------------------------------------------

    def test_banner_as_salesperson(self):
        self.assertFalse(self.salesman.has_group("account.group_account_invoice"), "no accounting rights")
        self.env["care.profile"]._care_profile_for(self.good, self.company).write({"tier": "vip"})
        self.good.care_birth_date = "1980-07-03"
        self.env["care.occasion"].create(
            {
                "name": "答谢会 Thank-you Party",
                "date": "2026-07-02",
                "kind": "event",
                "event_type": "appreciation",
                "company_id": self.company.id,
            }
        )
        self.env["care.occasion"].create(
            {
                "name": "Too Far",
                "date": "2026-07-20",
                "kind": "event",
                "event_type": "marketing",
                "company_id": self.company.id,
            }
        )
        order = self._quotation(self.good)
        self.assertNotIn("Open alerts", str(order.with_user(self.salesman).care_banner))
        for kind, state in (("late_payment", "open"), ("volume_drop", "acknowledged"), ("no_contact", "resolved")):
            self.env["care.alert"].create(
                {
                    "partner_id": self.good.id,
                    "company_id": self.company.id,
                    "kind": kind,
                    "state": state,
                    "raised_date": "2026-06-01",
                }
            )
        order.invalidate_recordset(["care_banner"])
        banner = str(order.with_user(self.salesman).care_banner)
        self.assertIn("Open alerts: 2", banner)
        self.assertIn("大好 Large Good", banner)
        self.assertIn("VIP", banner)
        self.assertIn("Large, good credit: Key account: best service.", banner)
        self.assertIn("★★★★", banner)
        self.assertNotIn("Overdue", banner)
        self.assertIn("Birthday on 07/03/2026", banner)
        self.assertIn("答谢会 Thank-you Party", banner)
        self.assertNotIn("Too Far", banner)
        self.assertIn("Usually buys now: ", banner)
        self.assertIn("Credit Chair", banner)
        self.assertIn("Credit Tea", banner)
        self.assertNotIn("Credit Desk", banner)
        action = order.with_user(self.salesman).action_care_open_customer()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", self.good.id))

    def test_banner_bad_customer_and_contact(self):
        self.env["care.profile"]._care_profile_for(self.bad, self.company).write(
            {"overdue_amount": 80, "overdue_since": "2026-05-31"}
        )
        order = self._quotation(self.bad)
        banner = str(order.with_user(self.salesman).care_banner)
        self.assertIn("★☆☆☆", banner)
        self.assertIn("Small, bad credit: Strictest terms", banner)
        self.assertIn("80.00, 30 days", banner)
        self.assertIn("Orders held while overdue", banner)
        contact_banner = str(self.bad.with_user(self.salesman).with_company(self.company).care_banner)
        self.assertIn("★☆☆☆", contact_banner)
        invoice = self._invoice(self.bad, 10, "2026-06-30", "2026-07-30")
        self.assertIn("★☆☆☆", str(invoice.care_banner))

    def test_banner_one_query_and_company(self):
        """One query for the banner; the order's company's grades, not another company's."""
        order = self._quotation(self.good)
        order.with_user(self.salesman).partner_id.commercial_partner_id  # noqa: B018 (warm the cache)
        order.invalidate_recordset(["care_banner"])
        with self.assertQueryCount(1):
            order.with_user(self.salesman).care_banner  # noqa: B018
        other = self._care_company("Banner Other Company")
        self.env["care.profile"]._care_profile_for(self.good, other).write({"matrix_cell": "small_bad"})
        other_order = (
            self.env["sale.order"].with_company(other).create({"partner_id": self.good.id, "company_id": other.id})
        )
        self.assertIn("Small, bad credit", str(other_order.care_banner))
        self.assertNotIn("Usually buys", str(other_order.care_banner), "the purchases were in the first company")
        self.assertIn("Large, good credit", str(order.care_banner))

    def test_banner_hidden_outside_care_groups(self):
        accountant = self.env["res.users"].create(
            {
                "name": "Accountant",
                "login": "credit_accountant",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "group_ids": [Command.link(self.env.ref("account.group_account_invoice").id)],
            }
        )
        invoice = self._invoice(self.good, 10, "2026-06-30", "2026-07-30")
        self.assertNotIn("care_banner", invoice.with_user(accountant).fields_get())

    def test_banner_complaints_and_satisfaction(self):
        """Open complaints (counted, opened from the banner) and the satisfaction score with its trend, for a
        salesperson without accounting rights, in the same one query."""
        Complaint = self.env["care.complaint"].with_company(self.company)
        complaints = Complaint.create(
            [
                {"partner_id": self.good.id, "description": "<p>Late delivery</p>", "company_id": self.company.id}
                for _n in range(3)
            ]
        )
        # one rejected: no longer open
        complaints[2].sudo().with_context(care_complaint_step=True).write({"state": "assessing"})
        complaints[2].sudo().with_context(care_complaint_step=True).write(
            {"state": "rejected", "rejection_reason": "Not ours"}
        )
        # another company's complaint is not this banner's
        other = self._care_company("Banner Complaint Company")
        self.env["care.complaint"].with_company(other).create(
            {"partner_id": self.good.id, "description": "<p>Elsewhere</p>", "company_id": other.id}
        )
        self.env["care.satisfaction"].sudo().create(
            {
                "partner_id": self.good.id,
                "company_id": self.company.id,
                "score": 72.5,
                "score_prev": 80.0,
                "trend": -7.5,
                "trend_direction": "down",
                "total_count": 4,
            }
        )
        order = self._quotation(self.good)
        order.invalidate_recordset(["care_banner"])
        as_salesman = order.with_user(self.salesman)
        with self.assertQueryCount(1):
            banner = str(as_salesman.care_banner)
        self.assertIn("Open complaints: 2", banner)
        self.assertIn("Satisfaction 72.5/100 ↓ -7.5", banner)
        self.assertIn("text-bg-warning", banner.split("Satisfaction")[0].rsplit("<span", 1)[1], "falling: a warning")
        self.assertEqual(as_salesman.care_banner_complaint_count, 2)
        action = as_salesman.action_care_open_complaints()
        self.assertEqual(action["res_model"], "care.complaint")
        self.assertEqual(self.env["care.complaint"].with_user(self.salesman).search(action["domain"]), complaints)
        # below the company's low mark: a danger badge; no score without ratings or surveys
        self.env["care.satisfaction"].sudo().search([("partner_id", "=", self.good.id)]).write({"score": 30.0})
        self.company.care_low_satisfaction_score = 40
        order.invalidate_recordset(["care_banner"])
        banner = str(order.with_user(self.salesman).care_banner)
        self.assertIn("text-bg-danger", banner.split("Satisfaction")[0].rsplit("<span", 1)[1])
        bad_banner = str(self._quotation(self.bad).with_user(self.salesman).care_banner)
        self.assertNotIn("Satisfaction", bad_banner)
        self.assertNotIn("Open complaints", bad_banner)
        # the contact's banner and the invoice's show them too
        self.assertIn(
            "Open complaints: 2", str(self.good.with_user(self.salesman).with_company(self.company).care_banner)
        )
        invoice = self._invoice(self.good, 10, "2026-06-30", "2026-07-30")
        self.assertIn("Satisfaction 30.0/100", str(invoice.care_banner))

    def test_banner_not_rebuilt_when_lines_change(self):
        """The form's onchange builds the banner when the customer changes, not when a line does."""
        order = self._quotation(self.good)
        spec = {
            "partner_id": {},
            "company_id": {},
            "care_banner": {},
            "care_banner_partner_id": {},
            "order_line": {"fields": {"product_id": {}, "product_uom_qty": {}}},
        }
        line = order.order_line
        banner_values = type(self.env["care.banner.mixin"])._care_banner_values
        calls = []

        def counted(records, targets):
            calls.append(targets)
            return banner_values(records, targets)

        as_salesman = order.with_user(self.salesman)
        with patch.object(type(self.env["care.banner.mixin"]), "_care_banner_values", counted):
            result = as_salesman.onchange(
                {"order_line": [Command.update(line.id, {"product_uom_qty": 5})]}, ["order_line"], spec
            )
            self.assertEqual(calls, [], "editing a line does not build the banner")
            self.assertNotIn("care_banner", result.get("value", {}))
            result = as_salesman.onchange({"partner_id": self.bad.id}, ["partner_id"], spec)
            self.assertEqual(len(calls), 2, "a new customer builds it (the order's and the form's)")
            self.assertIn("Small, bad credit", result["value"]["care_banner"])
        # a new quotation: the first call builds it, a line added then does not
        with patch.object(type(self.env["care.banner.mixin"]), "_care_banner_values", counted):
            calls.clear()
            new = self.env["sale.order"].with_user(self.salesman)
            first = new.onchange({"partner_id": self.good.id}, [], spec)
            self.assertIn("Large, good credit", first["value"]["care_banner"])
            built = len(calls)
            self.assertTrue(built)
            new.onchange(
                {
                    "partner_id": self.good.id,
                    "care_banner": first["value"]["care_banner"],
                    "order_line": [Command.create({"product_id": self.tea.id, "product_uom_qty": 1})],
                },
                ["order_line"],
                spec,
            )
            self.assertEqual(len(calls), built)

    # ------------------------------------------------------------
    # PURCHASE CYCLE
    # ------------------------------------------------------------

    def test_cycle_rows(self):
        rows = self.Cycle.search([("partner_id", "=", self.good.id)])
        office = rows.filtered(lambda row: row.product_categ_id == self.categ_office)
        tea = rows.filtered(lambda row: row.product_categ_id == self.categ_food)
        self.assertEqual(office.purchase_count, 3)
        self.assertAlmostEqual(office.interval_days, 60.0)
        self.assertEqual(str(office.last_purchase), "2026-05-01")
        self.assertEqual(str(office.next_purchase), "2026-06-30")
        self.assertEqual(office.days_overdue, 0)
        self.assertEqual(office.product_id, self.chair, "what it usually buys there")
        self.assertEqual(tea.purchase_count, 2)
        self.assertEqual(str(tea.next_purchase), "2026-05-30")
        self.assertEqual(tea.days_overdue, 31)
        self.assertEqual(tea.product_id, self.tea)
        self.assertEqual(rows.mapped("due_this_month"), [True, True])

    def test_due_this_month_and_quotation(self):
        due = self.Cycle.with_user(self.salesman).search([("due_this_month", "=", True)])
        self.assertEqual(due.partner_id, self.good, "the salesperson's own customers only")
        action = due.action_create_quotations()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.partner_id, self.good)
        self.assertEqual(order.order_line.product_id, self.chair | self.tea)
        self.assertEqual(order.user_id, self.salesman)
        with self.assertRaises(UserError):
            self.Cycle.browse().action_create_quotations()

    def test_cycle_record_rules(self):
        """Salespeople see their own customers' cycles; managers all of their companies'; nobody another
        company's."""
        self.assertEqual(self.Cycle.with_user(self.salesman).search([]).partner_id, self.good)
        self.assertEqual(self.Cycle.with_user(self.care_manager).search([]).partner_id, self.good | self.foreign)
        other = self._care_company("Cycle Other Company")
        stranger = self.env["res.users"].create(
            {
                "name": "Other Boss",
                "login": "credit_other_boss",
                "company_id": other.id,
                "company_ids": [Command.set(other.ids)],
                "group_ids": [Command.link(self.env.ref("sales_team.group_sale_manager").id)],
            }
        )
        as_stranger = self.env(user=stranger, context={"allowed_company_ids": other.ids})
        self.assertFalse(as_stranger["care.purchase.cycle.report"].search([]))
        self.assertFalse(as_stranger["care.credit.policy"].search([("company_id", "=", self.company.id)]))
        self.assertEqual(len(as_stranger["care.credit.policy"].search([])), 7, "its own company's")
