from collections import defaultdict

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestSaleFact(BaseCommon):
    """The monthly sales facts follow the invoices: posting, cancelling, resetting to draft, credit notes and the
    nightly rebuild; the analyses read them. A fresh company keeps demo invoices out."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Facts Company", "currency_id": cls.env.ref("base.USD").id}
        )
        cls.env["account.chart.template"].try_loading("generic_coa", company=cls.company, install_demo=False)
        cls.env.user.company_ids |= cls.company
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.seller = new_test_user(
            cls.env,
            login="facts_seller",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.manager = new_test_user(
            cls.env,
            login="facts_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.buyer = cls.env["res.partner"].create({"name": "Buyer Co", "is_company": True, "user_id": cls.seller.id})
        cls.contact = cls.env["res.partner"].create({"name": "Buyer's clerk", "parent_id": cls.buyer.id})
        cls.other = cls.env["res.partner"].create({"name": "Other Buyer", "user_id": cls.seller.id})
        cls.categ = cls.env["product.category"].create({"name": "Facts category"})
        cls.lamp = cls._product("Lamp", 60)
        cls.desk = cls._product("Desk", 30)
        cls.Fact = cls.env["care.sale.fact"]

    @classmethod
    def _product(cls, name, cost):
        return (
            cls.env["product.product"]
            .with_company(cls.company)
            .create({"name": name, "standard_price": cost, "list_price": 100, "categ_id": cls.categ.id})
        )

    def _draft(self, partner, lines, date="2026-05-10", move_type="out_invoice"):
        return (
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

    def _facts(self):
        facts = self.Fact.search([("company_id", "=", self.company.id)])
        return {
            (f.partner_id.id, f.product_id.id, str(f.month)): (f.quantity, f.revenue, f.cost, f.invoice_count)
            for f in facts
        }

    def _from_invoices(self):
        """The same figures, read from the posted invoices' lines through the ORM."""
        expected = defaultdict(lambda: [0.0, 0.0, 0.0, set()])
        moves = self.env["account.move"].search(
            [
                ("company_id", "=", self.company.id),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ]
        )
        for move in moves:
            sign = -1 if move.move_type == "out_refund" else 1
            for line in move.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
                key = (move.commercial_partner_id.id, line.product_id.id, str(move.invoice_date.replace(day=1)))
                row = expected[key]
                row[0] += sign * line.quantity
                row[1] += -line.balance
                row[2] += sign * line.care_cost
                if move.move_type == "out_invoice":
                    row[3].add(move.id)
        return {key: (qty, revenue, cost, len(moves)) for key, (qty, revenue, cost, moves) in expected.items()}

    def assertFactsMatchInvoices(self):
        self.assertEqual(self._facts(), self._from_invoices())

    def _rebuild(self):
        with self.enter_registry_test_mode():
            self.env.ref("customer_care.ir_cron_care_sale_fact_rebuild").method_direct_trigger()

    def test_post_cancel_reset_and_credit_note(self):
        first = self._draft(self.contact, [(self.lamp, 2, 100), (self.desk, 1, 50)])
        second = self._draft(self.buyer, [(self.lamp, 1, 100)], date="2026-05-20")
        third = self._draft(self.other, [(self.desk, 3, 40)], date="2026-04-02")
        # One batch of three invoices, two of them for the same customer and month.
        (first | second | third).action_post()
        self.assertFactsMatchInvoices()
        may_lamp = self._facts()[self.buyer.id, self.lamp.id, "2026-05-01"]
        self.assertEqual(may_lamp, (3, 300, 180, 2), "the contact's invoice counts for its company")
        # A credit note subtracts its revenue and cost, at the cost of its own day.
        self.lamp.with_company(self.company).standard_price = 70
        refund = self._draft(self.buyer, [(self.lamp, 1, 100)], date="2026-05-25", move_type="out_refund")
        refund.action_post()
        self.assertEqual(self._facts()[self.buyer.id, self.lamp.id, "2026-05-01"], (2, 200, 110, 2))
        self.assertFactsMatchInvoices()
        # Back to draft: the invoice leaves the facts; posted again: it is back.
        second.button_draft()
        self.assertEqual(self._facts()[self.buyer.id, self.lamp.id, "2026-05-01"], (1, 100, 50, 1))
        self.assertFactsMatchInvoices()
        second.action_post()
        self.assertFactsMatchInvoices()
        # Cancelled: gone, and a customer with nothing left has no facts.
        third.button_draft()
        third.button_cancel()
        self.assertNotIn(self.other.id, {key[0] for key in self._facts()})
        self.assertFactsMatchInvoices()
        # The reports read the facts: the purchase cycle and Pareto follow.
        cycle = self.env["care.purchase.cycle.report"].search([("partner_id", "=", self.buyer.id)])
        self.assertEqual((cycle.purchase_count, str(cycle.last_purchase)), (2, "2026-05-20"))
        self.assertFalse(self.env["care.purchase.cycle.report"].search([("partner_id", "=", self.other.id)]))
        pareto = self.env["care.pareto.report"].search([("company_id", "=", self.company.id)])
        self.assertEqual(pareto.partner_id, self.buyer)

    def test_nightly_rebuild_restores_and_is_idempotent(self):
        self._draft(self.buyer, [(self.lamp, 2, 100)], date="2026-03-05").action_post()
        self._draft(self.other, [(self.desk, 1, 80)], date="2026-06-01").action_post()
        expected = self._facts()
        cycles = self.env["care.purchase.cycle.report"].search_read(
            [("company_id", "=", self.company.id)], ["partner_id", "purchase_count", "next_purchase"]
        )
        # Lost or damaged facts, a figure out of date: the night puts everything back.
        self.env.cr.execute(
            "DELETE FROM care_sale_fact WHERE partner_id = %s; UPDATE care_sale_fact SET revenue = 1; "
            "DELETE FROM care_sale_cycle; DELETE FROM care_sale_customer_stat;",
            [self.buyer.id],
        )
        self.Fact.invalidate_model()
        self._rebuild()
        self.assertEqual(self._facts(), expected)
        self.assertFactsMatchInvoices()
        self.assertEqual(
            self.env["care.purchase.cycle.report"].search_read(
                [("company_id", "=", self.company.id)], ["partner_id", "purchase_count", "next_purchase"]
            ),
            cycles,
        )
        ranked = self.env["care.pareto.report"].search([("company_id", "=", self.company.id)], order="rank")
        self.assertEqual(ranked.partner_id.ids, [self.buyer.id, self.other.id])
        self.assertFalse(
            self.env["ir.config_parameter"].sudo().get_param("customer_care.sale_fact_rebuild_cursor"),
            "a finished rebuild leaves no cursor behind",
        )
        ids = self.Fact.search([("company_id", "=", self.company.id)]).ids
        self._rebuild()
        self.assertEqual(self._facts(), expected)
        self.assertEqual(len(self.Fact.search([("company_id", "=", self.company.id)])), len(ids))

    def test_rebuild_resumes_after_the_cursor(self):
        self._draft(self.buyer, [(self.lamp, 1, 100)]).action_post()
        self._draft(self.other, [(self.desk, 1, 100)]).action_post()
        first, last = sorted([self.buyer.id, self.other.id])
        self.env.cr.execute("UPDATE care_sale_fact SET revenue = 1 WHERE partner_id IN %s", [(first, last)])
        # A run stopped after the first customer resumes with the next one.
        self.env["ir.config_parameter"].sudo().set_param(
            "customer_care.sale_fact_rebuild_cursor", f"{self.company.id}:{first}"
        )
        self.Fact.invalidate_model()
        self._rebuild()
        revenue = {f.partner_id.id: f.revenue for f in self.Fact.search([("company_id", "=", self.company.id)])}
        self.assertEqual(revenue, {first: 1, last: 100})

    def test_old_cost_stays_after_a_cost_change(self):
        invoices = self._draft(self.buyer, [(self.lamp, 2, 100)]) | self._draft(self.other, [(self.desk, 1, 100)])
        invoices.action_post()
        self.assertEqual(invoices.invoice_line_ids.mapped("care_cost"), [120, 30])
        self.lamp.with_company(self.company).standard_price = 95
        self.desk.with_company(self.company).standard_price = 90
        self._rebuild()
        report = self.env["care.profitability.report"]
        [(cost, margin)] = report._read_group([("company_id", "=", self.company.id)], [], ["cost:sum", "margin:sum"])
        self.assertEqual((cost, margin), (150, 150))
        # A line posted after the change takes the new cost.
        self._draft(self.buyer, [(self.lamp, 1, 100)], date="2026-06-02").action_post()
        [(cost,)] = report._read_group([("company_id", "=", self.company.id)], [], ["cost:sum"])
        self.assertEqual(cost, 245)

    def test_facts_are_the_managers_and_their_companys(self):
        self._draft(self.buyer, [(self.lamp, 1, 100)]).action_post()
        facts = self.Fact.search([("company_id", "=", self.company.id)])
        self.assertTrue(facts.with_user(self.manager).read(["revenue"]))
        with self.assertRaises(AccessError):
            facts.with_user(self.seller).read(["revenue"])
        with self.assertRaises(AccessError):
            facts.with_user(self.manager).write({"revenue": 1})
        # The salesperson still sees its own customers' rows of the reports built on them.
        self.assertEqual(self.env["care.profitability.report"].with_user(self.seller).search([]).partner_id, self.buyer)
        other = self.env["res.company"].create({"name": "Facts Elsewhere"})
        outsider = new_test_user(
            self.env,
            login="facts_outsider",
            groups="sales_team.group_sale_manager",
            company_id=other.id,
            company_ids=[other.id],
        )
        self.assertFalse(self.Fact.with_user(outsider).with_context(allowed_company_ids=[other.id]).search([]))
        self.assertFalse(
            self.env["care.profitability.report"]
            .with_user(outsider)
            .with_context(allowed_company_ids=[other.id])
            .search([])
        )
