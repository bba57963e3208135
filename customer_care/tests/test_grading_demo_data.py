from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestDemoData(BaseCommon):
    def test_demo_customers_with_history(self):
        demo_partners = self.env["ir.model.data"].search(
            [("module", "=", "customer_care"), ("model", "=", "res.partner"), ("name", "=like", "care_demo_%")]
        )
        partners = self.env["res.partner"].browse(demo_partners.mapped("res_id"))
        invoiced = self.env["account.move"]._read_group(
            [("partner_id", "in", partners.ids), ("move_type", "=", "out_invoice"), ("state", "=", "posted")],
            ["partner_id"],
            ["amount_untaxed_signed:sum", "invoice_date:min"],
        )
        self.assertGreaterEqual(len(invoiced), 30)
        totals = [total for __, total, __ in invoiced]
        self.assertTrue(min(totals) < 50000 and max(totals) >= 300000, "small to large customers")
        self.assertTrue(any((self.env.cr.now().date() - first).days > 2 * 365 for __, __, first in invoiced))
        moves = self.env["account.move"].search([("partner_id", "in", partners.ids), ("state", "=", "posted")])
        self.assertTrue(moves.filtered(lambda m: m.move_type == "out_refund"), "credit notes")
        self.assertTrue(
            moves.filtered(lambda m: m.payment_state == "not_paid" and m.invoice_date_due < m.create_date.date())
        )
        self.assertTrue(
            self.env["sale.order"].search_count([("partner_id", "in", partners.ids), ("state", "=", "sale")])
        )
        self.assertGreaterEqual(len(partners.filtered("care_is_key_person")), 5)
        self.assertTrue(partners.filtered("care_referred_by_id"))
        members = partners.care_family_member_ids
        self.assertEqual(set(members.mapped("care_birthday_calendar")), {"solar", "lunar"})
        self.assertTrue(partners.care_need_ids.filtered(lambda need: need.state == "open" and need.category_id))
        self.assertGreater(len(set(partners.mapped("care_dossier_completeness"))), 4, "completeness varies")
