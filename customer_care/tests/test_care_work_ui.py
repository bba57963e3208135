from odoo import fields
from odoo.tests import new_test_user, tagged

from .common_replica import ReplicaHttpCase


@tagged("post_install", "-at_install")
class TestCareWorkUi(ReplicaHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="ui_sales_li", name="Sales Li", groups="sales_team.group_sale_salesman"
        )
        customer = cls.env["res.partner"].create(
            {"name": "王芳 Wang Fang", "customer_rank": 1, "user_id": cls.salesman.id}
        )
        rule = cls.env["care.rule"].create({"name": "Birthday greeting", "trigger": "birthday"})
        today = fields.Date.today()
        cls.task = cls.env["care.task"].create(
            {
                "rule_id": rule.id,
                "partner_id": customer.id,
                "user_id": cls.salesman.id,
                "occasion_date": today,
                "date_due": today,
                "state": "missed",
                "fine_amount": 10,
            }
        )

    def test_gift_request_calendar_compliance(self):
        # One test for the tours: each test rebuilds the web assets, the slow part.
        self.task.state = "todo"
        self.start_tour(
            f"/odoo/action-customer_care.care_task_action/{self.task.id}",
            "customer_care_gift_request",
            login="ui_sales_li",
        )
        request = self.env["care.gift.request"].search([("task_id", "=", self.task.id)])
        self.assertEqual(
            (request.gift, request.estimated_cost, request.state), ("生日蛋糕 Birthday cake", 200, "requested")
        )
        self.assertEqual(request.user_id, self.salesman)

        # Browsers are not time-frozen: generate from the first of the real month, which always
        # holds two solar terms.
        self.task.state = "missed"
        self.env["care.occasion"]._care_generate(self.env.company, date_from=fields.Date.today().replace(day=1))
        self.start_tour(
            "/odoo/action-customer_care.care_occasion_action", "customer_care_calendar_compliance", login="admin"
        )
