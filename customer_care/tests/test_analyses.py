from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestAnalyses(BaseCommon):
    """Known invoices give known profitability, Pareto shares, monthly classes and overview figures. Today is
    2026-06-30: the last 12 months start after 2025-06-30. A fresh company keeps demo invoices out."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Analyses Company", "currency_id": cls.env.ref("base.USD").id}
        )
        cls.env["account.chart.template"].try_loading("generic_coa", company=cls.company, install_demo=False)
        cls.env.user.company_ids |= cls.company
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.seller = new_test_user(
            cls.env,
            login="analyses_seller",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.other_seller = new_test_user(
            cls.env,
            login="analyses_other_seller",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.manager = new_test_user(
            cls.env,
            login="analyses_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.Report = cls.env["care.profitability.report"]
        cls.Pareto = cls.env["care.pareto.report"]

    def _customer(self, name, user=None, **values):
        return self.env["res.partner"].create(
            {"name": name, "customer_rank": 1, "user_id": (user or self.seller).id, **values}
        )

    def _product(self, name, cost, categ=None):
        return (
            self.env["product.product"]
            .with_company(self.company)
            .create(
                {
                    "name": name,
                    "standard_price": cost,
                    "list_price": 100,
                    "invoice_policy": "order",
                    **({"categ_id": categ.id} if categ else {}),
                }
            )
        )

    def _invoice(self, partner, lines, date="2026-05-01", move_type="out_invoice"):
        invoice = (
            self.env["account.move"]
            .with_company(self.company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": date,
                    "invoice_line_ids": [
                        Command.create({"product_id": product.id, "quantity": qty, "price_unit": price, "tax_ids": []})
                        for product, qty, price in lines
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice

    def _rows(self, partner, user=None):
        report = self.Report.with_user(user) if user else self.Report
        return report.search([("partner_id", "=", partner.id)])

    def test_profitability_keeps_the_cost_of_the_day_of_sale(self):
        customer = self._customer("Costly")
        lamp = self._product("Lamp", 60)
        desk = self._product("Desk", 30)
        self._invoice(customer, [(lamp, 2, 100)])
        order = (
            self.env["sale.order"]
            .with_company(self.company)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [Command.create({"product_id": desk.id, "product_uom_qty": 3, "price_unit": 100})],
                }
            )
        )
        order.action_confirm()
        self.assertEqual(order.order_line.purchase_price, 30)
        from_order = order._create_invoices()
        from_order.invoice_date = "2026-05-10"
        from_order.action_post()
        # Costs rise after the sales: the report keeps the costs of the day.
        lamp.with_company(self.company).standard_price = 90
        desk.with_company(self.company).standard_price = 80
        order.order_line.purchase_price = 80
        self.Report.invalidate_model()
        rows = self._rows(customer)
        by_product = {row.product_id: row for row in rows}
        self.assertEqual((by_product[lamp].revenue, by_product[lamp].cost, by_product[lamp].margin), (200, 120, 80))
        self.assertEqual((by_product[desk].revenue, by_product[desk].cost, by_product[desk].margin), (300, 90, 210))
        # A credit note subtracts revenue and cost, at the cost of its own day.
        self._invoice(customer, [(lamp, 1, 100)], date="2026-06-01", move_type="out_refund")
        [(revenue, cost, margin, rate)] = self.Report._read_group(
            [("partner_id", "=", customer.id)], [], ["revenue:sum", "cost:sum", "margin:sum", "margin_percent:avg"]
        )
        self.assertEqual((revenue, cost, margin), (400, 120, 280))
        # The margin rate of a group is its margin over its revenue, not the mean of its lines' rates.
        self.assertAlmostEqual(rate, 70.0)

    def test_four_by_four_classes_follow_the_settings(self):
        high, fair, thin, losing = (
            self._customer("High"),
            self._customer("Fair"),
            self._customer("Thin"),
            self._customer("Losing"),
        )
        gold = self._product("Gold", 50)  # 50 % margin
        bread = self._product("Bread", 90)  # 10 %
        water = self._product("Water", 98)  # 2 %
        scrap = self._product("Scrap", 120)  # -20 %
        self._invoice(high, [(gold, 1, 100)])
        self._invoice(fair, [(bread, 1, 100)])
        self._invoice(thin, [(water, 1, 100)])
        self._invoice(losing, [(scrap, 1, 100)])
        # A sale older than 12 months does not class anyone.
        self._invoice(losing, [(gold, 10, 100)], date="2025-06-30")
        expected_customers = {high: "high", fair: "profit", thin: "none", losing: "loss"}
        expected_products = {gold: "high", bread: "profit", water: "none", scrap: "loss"}
        rows = self.Report.search([("partner_id", "in", [p.id for p in expected_customers])])
        # A row is a customer's product in a month (the month's first day).
        for row in rows.filtered(lambda r: str(r.date) != "2025-06-01"):
            self.assertEqual(row.customer_class, expected_customers[row.partner_id], row.partner_id.name)
            self.assertEqual(row.product_class, expected_products[row.product_id], row.product_id.name)
        matrix = self.Report._read_group(
            [("company_id", "=", self.company.id), ("date", ">", "2025-06-30")],
            ["customer_class", "product_class"],
            ["__count"],
        )
        self.assertEqual(
            sorted(matrix), [("high", "high", 1), ("loss", "loss", 1), ("none", "none", 1), ("profit", "profit", 1)]
        )
        # The overview's customers with a low or negative margin are those the report classes so.
        customers = list(expected_customers)
        profiles = self.env["care.profile"].search(
            [("partner_id", "in", [c.id for c in customers]), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(profiles), 4)
        low = profiles.search([("id", "in", profiles.ids), ("low_margin", "=", True)]).partner_id
        self.assertEqual(low, thin | losing)
        # Raising the bar makes the fair customer unprofitable and the 10 % product a no-profit one.
        self.company.care_profit_low_percent = 15
        self.Report.invalidate_model()
        row = self._rows(fair)
        self.assertEqual((row.customer_class, row.product_class), ("none", "none"))
        self.assertEqual(
            profiles.search([("id", "in", profiles.ids), ("low_margin", "=", True)]).partner_id, fair | thin | losing
        )

    def test_profit_thresholds_are_bounded(self):
        with self.assertRaises(ValidationError):
            self.company.care_profit_low_percent = 30  # above the highly profitable 20 %
        with self.assertRaises(ValidationError):
            self.company.write({"care_profit_high_percent": 150})
        with self.assertRaises(ValidationError):
            self.company.write({"care_profit_low_percent": -1})

    def test_pareto_shares(self):
        # The margin comes from each product's cost on the day of sale.
        for name, amount, cost in (
            ("P1", 500, 100),
            ("P2", 200, 100),
            ("P3", 150, 100),
            ("P4", 100, 50),
            ("P5", 50, 50),
        ):
            self._invoice(self._customer(name), [(self._product(f"{name} item", cost), 1, amount)])
        rows = self.Pareto.search([("company_id", "=", self.company.id)], order="rank")
        self.assertEqual(rows.mapped("partner_id.name"), ["P1", "P2", "P3", "P4", "P5"])
        self.assertEqual(rows.mapped("rank"), [1, 2, 3, 4, 5])
        # revenue 1,000, margin 600 (400, 100, 50, 50, 0)
        self.assertEqual(
            [round(s, 1) for s in rows.mapped("cumulative_revenue_share")], [50.0, 70.0, 85.0, 95.0, 100.0]
        )
        self.assertEqual(
            [round(s, 1) for s in rows.mapped("cumulative_margin_share")], [66.7, 83.3, 91.7, 100.0, 100.0]
        )
        self.assertEqual(rows.mapped("is_top20"), [True, False, False, False, False])
        self.assertEqual(rows.mapped("percentile"), [20, 40, 60, 80, 100])
        overview = self.env["care.overview"].with_user(self.manager).with_company(self.company).get_overview()
        self.assertAlmostEqual(overview["top20_share"], 50.0)

    def test_snapshots_back_filled_from_history_and_idempotent(self):
        item = self._product("Item", 10)
        first, second = self._customer("First"), self._customer("Second")
        self._invoice(first, [(item, 1, 60000)])
        self._invoice(second, [(item, 1, 1000)])
        self.env["care.profile"].with_user(self.manager).with_company(self.company).action_recompute_grades()
        history = self.env["care.grade.history"]
        history.create(
            [
                {
                    "partner_id": first.id,
                    "company_id": self.company.id,
                    "field": "tier",
                    "new_value": "major",
                    "date": "2026-02-10",
                },
                {
                    "partner_id": first.id,
                    "company_id": self.company.id,
                    "field": "tier",
                    "old_value": "major",
                    "new_value": "vip",
                    "date": "2026-04-30",
                },
                {
                    "partner_id": second.id,
                    "company_id": self.company.id,
                    "field": "tier",
                    "new_value": "small",
                    "date": "2026-03-01",
                },
            ]
        )
        with self.enter_registry_test_mode():
            self.env.ref("customer_care.ir_cron_care_class_snapshot").method_direct_trigger()
        Snapshot = self.env["care.class.snapshot"]

        def tiers():
            rows = Snapshot.search([("company_id", "=", self.company.id), ("dimension", "=", "tier")])
            return sorted((str(row.month), row.tier, row.customer_count) for row in rows)

        counted = tiers()
        self.assertEqual(
            counted,
            [
                ("2026-02-01", "major", 1),
                ("2026-03-01", "major", 1),
                ("2026-03-01", "small", 1),
                ("2026-04-01", "small", 1),
                ("2026-04-01", "vip", 1),
                ("2026-05-01", "small", 1),
                ("2026-05-01", "vip", 1),
                ("2026-06-01", "small", 1),
                ("2026-06-01", "vip", 1),
            ],
        )
        # The current month also counts stages and RFM segments, from the profiles.
        buyers = Snapshot.search(
            [("company_id", "=", self.company.id), ("month", "=", "2026-06-01"), ("stage", "=", "first")]
        )
        self.assertEqual(buyers.customer_count, 2)
        self.assertTrue(
            Snapshot.search([("company_id", "=", self.company.id), ("dimension", "=", "rfm_segment")]),
        )
        with self.enter_registry_test_mode():
            self.env.ref("customer_care.ir_cron_care_class_snapshot").method_direct_trigger()
        self.assertEqual(tiers(), counted)

    def test_record_rules_and_multi_company_on_every_report(self):
        item = self._product("Item", 10)
        mine = self._customer("Mine", user=self.seller)
        theirs = self._customer("Theirs", user=self.other_seller)
        mine_invoice = self._invoice(mine, [(item, 1, 100)])
        self._invoice(theirs, [(item, 1, 300)])
        self.env["care.profile"].with_user(self.manager).with_company(self.company).action_recompute_grades()
        self.assertEqual(self.Report.with_user(self.seller).search([]).partner_id, mine)
        self.assertEqual(self.Report.with_user(self.manager).search([]).partner_id, mine | theirs)
        seen = self.Pareto.with_user(self.seller).search([])
        self.assertEqual(seen.partner_id, mine)
        # Placed among everyone's: the seller's customer is second, with a quarter of the revenue.
        self.assertEqual((seen.rank, round(seen.revenue_share, 1)), (2, 25.0))
        with self.enter_registry_test_mode():
            self.env.ref("customer_care.ir_cron_care_class_snapshot").method_direct_trigger()
        self.assertTrue(self.env["care.class.snapshot"].with_user(self.seller).search([]))
        other = self.env["res.company"].create({"name": "Elsewhere"})
        outsider = new_test_user(
            self.env,
            login="analyses_outsider",
            groups="sales_team.group_sale_manager",
            company_id=other.id,
            company_ids=[other.id],
        )
        for model in ("care.profitability.report", "care.pareto.report", "care.class.snapshot"):
            self.assertFalse(
                self.env[model]
                .with_user(outsider)
                .with_context(allowed_company_ids=[other.id])
                .search([("company_id", "=", self.company.id)]),
                model,
            )
        # Outside the care groups: no report, no overview.
        stranger = new_test_user(
            self.env, login="analyses_stranger", groups="base.group_user", company_id=self.company.id
        )
        for model in ("care.profitability.report", "care.pareto.report", "care.class.snapshot"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(stranger).search([])
        with self.assertRaises(AccessError):
            self.env["care.overview"].with_user(stranger).get_overview()
        with self.assertRaises(AccessError):
            self.env["care.overview"].with_user(stranger).action_open_figure("gold")
        # Nobody writes the cost kept at sale through the ORM but the system.
        line = mine_invoice.invoice_line_ids
        with self.assertRaises(AccessError):
            line.with_user(stranger).read(["care_cost"])

    def test_overview_figures_on_known_data(self):
        item = self._product("Item", 10)
        vip = self._customer("Big One", user=self.seller)
        small = self._customer("Small One", user=self.other_seller)
        lost = self._customer("Gone", user=self.seller)
        self._invoice(vip, [(item, 1, 400000)], date="2026-03-01")
        self._invoice(small, [(item, 1, 1000)], date="2026-03-01")
        self._invoice(lost, [(item, 1, 350000)], date="2025-03-01")
        self.env["care.profile"].with_user(self.manager).with_company(self.company).action_recompute_grades()
        # An open alert puts the VIP customer at risk.
        self.env["care.alert"].sudo().create(
            {
                "partner_id": vip.id,
                "company_id": self.company.id,
                "kind": "no_contact",
                "user_id": self.seller.id,
                "raised_date": "2026-06-29",
            }
        )
        profiles = self.env["care.profile"].search([("partner_id", "in", (vip | small).ids)])
        self.assertEqual(profiles.filtered("has_live_alert").partner_id, vip)
        Overview = self.env["care.overview"].with_company(self.company)
        data = Overview.with_user(self.manager).get_overview()
        self.assertEqual({row["value"]: row["count"] for row in data["tiers"]}, {"vip": 1, "small": 1})
        self.assertEqual(data["gold"], 1)
        self.assertEqual((data["at_risk"], data["alerts"]), (1, 1))
        self.assertEqual(data["keep"], 1)
        self.assertEqual(data["lost_large"], 1)
        # Every figure opens the list it counts.
        for key in (
            "gold",
            "keep",
            "lost_large",
            "at_risk",
            "alerts",
            "late_payers",
            "grades_up",
            "grades_down",
            "low_margin",
        ):
            action = Overview.with_user(self.manager).action_open_figure(key)
            self.assertEqual(
                self.env[action["res_model"]].with_user(self.manager).search_count(action["domain"]), data[key], key
            )
        action = Overview.with_user(self.manager).action_open_figure("tiers", "vip")
        self.assertEqual(self.env["care.profile"].search(action["domain"]).partner_id, vip)
        # A salesperson's overview counts their own customers only.
        mine = Overview.with_user(self.seller).get_overview()
        self.assertEqual({row["value"]: row["count"] for row in mine["tiers"]}, {"vip": 1})
        self.assertEqual(mine["lost_large"], 1)
        theirs = Overview.with_user(self.other_seller).get_overview()
        self.assertEqual((theirs["gold"], theirs["lost_large"], theirs["alerts"]), (0, 0, 0))
        # A salesperson with duties due today and overdue is one row of the duties table, with both counts.
        today = self.env["care.rule"]._care_today(self.company)
        rule = self.env["care.rule"].create({"name": "Call", "trigger": "birthday", "company_id": self.company.id})
        self.env["care.task"].create(
            [
                {
                    "rule_id": rule.id,
                    "partner_id": vip.id,
                    "user_id": self.seller.id,
                    "occasion_date": today + timedelta(days=offset),
                    "date_due": due,
                    "company_id": self.company.id,
                }
                for offset, due in ((0, today), (1, today), (-3, today - timedelta(days=3)))
            ]
        )
        rows = Overview.with_user(self.manager).get_overview()["duties_per_user"]
        self.assertEqual(
            [row for row in rows if row["name"] == self.seller.name],
            [{"name": self.seller.name, "today": 2, "overdue": 1}],
        )
