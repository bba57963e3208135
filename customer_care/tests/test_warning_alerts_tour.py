from odoo import fields
from odoo.tests import new_test_user, tagged

from .common_replica import ReplicaHttpCase


@tagged("post_install", "-at_install")
class TestAlertsUi(ReplicaHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="ui_alert_sales", name="Sales Li", groups="sales_team.group_sale_salesman"
        )
        customer = cls.env["res.partner"].create(
            {"name": "王芳 Wang Fang", "customer_rank": 1, "user_id": cls.salesman.id}
        )
        # an alert as the daily run raises it (the browser is not time-frozen: today's date)
        cls.alert = cls.env["care.alert"].create(
            {
                "partner_id": customer.id,
                "company_id": cls.env.company.id,
                "kind": "late_payment",
                "severity": "high",
                "user_id": cls.salesman.id,
                "raised_date": fields.Date.today(),
                "evidence": {"invoice": "INV/2026/00001", "due": "2026-01-31", "days": 120, "residual": 3200},
            }
        )

    def test_salesperson_acknowledges_an_alert(self):
        self.start_tour(
            "/odoo/action-customer_care.care_task_action", "customer_care_my_alerts", login="ui_alert_sales"
        )
        self.assertEqual(self.alert.state, "acknowledged")
        self.assertEqual(self.alert.acknowledged_by_id, self.salesman)
