from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common_replica import ReplicaHttpCase


@tagged("post_install", "-at_install")
class TestCreditTour(ReplicaHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(cls.env, login="tour_credit_sales", groups="sales_team.group_sale_salesman")
        cls.manager = new_test_user(
            cls.env, login="tour_credit_boss", name="Boss Wu", groups="sales_team.group_sale_manager"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "小坏 Small Bad", "customer_rank": 1, "user_id": cls.salesman.id}
        )
        cls.env["care.profile"]._care_profile_for(cls.customer, cls.env.company).write(
            {"matrix_cell": "small_bad", "credit_grade": "d"}
        )

    def test_hold_and_release_in_the_browser(self):
        # Browsers are not time-frozen: the overdue invoice is dated from today.
        today = fields.Date.today()
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": today - timedelta(days=60),
                "invoice_date_due": today - timedelta(days=30),
                "invoice_line_ids": [Command.create({"name": "Goods", "price_unit": 80, "tax_ids": []})],
            }
        )
        invoice.action_post()
        product = self.env["product.product"].create({"name": "Tour Chair", "list_price": 100})
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create({"partner_id": self.customer.id, "order_line": [Command.create({"product_id": product.id})]})
        )
        url = f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}"
        self.start_tour(url, "customer_care_credit_hold", login="tour_credit_sales")
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.care_hold)
        self.start_tour(url, "customer_care_credit_release", login="tour_credit_boss")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.care_released_by_id, self.manager)
        self.assertIn("Old customer, pays on Friday", order.care_release_reason)
