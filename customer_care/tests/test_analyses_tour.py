from odoo import Command
from odoo.tests import new_test_user, tagged

from .common_replica import ReplicaHttpCase


@tagged("post_install", "-at_install")
class TestAnalysesTour(ReplicaHttpCase):
    def test_overview_tour(self):
        """A sales manager lands on the overview, opens the gold customers and the Pareto curve from it."""
        manager = new_test_user(
            self.env, login="overview_manager", groups="sales_team.group_sale_manager", password="overview_manager"
        )
        company = manager.company_id
        customer = self.env["res.partner"].create({"name": "Tour Gold Customer", "customer_rank": 1})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": "2026-01-01",
                "invoice_line_ids": [Command.create({"name": "Goods", "price_unit": 10**7, "tax_ids": []})],
            }
        )
        invoice.invoice_date = invoice.date = self.env["care.rule"]._care_today(company)
        invoice.action_post()
        # a sale last year makes the customer one of last year's largest, who ordered again this year
        last_year = invoice.copy(
            {"invoice_date": invoice.invoice_date.replace(year=invoice.invoice_date.year - 1, day=1)}
        )
        last_year.action_post()
        self.env["care.profile"].with_user(manager).with_company(company).action_recompute_grades()
        # The app opens on the overview.
        root = self.env.ref("customer_care.customer_care_menu_root")
        self.assertEqual(root.action, self.env.ref("customer_care.care_overview_action"))
        self.start_tour(
            "/odoo/action-customer_care.care_overview_action", "customer_care_overview", login=manager.login
        )
