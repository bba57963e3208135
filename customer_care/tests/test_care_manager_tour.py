from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCareManagerUi(HttpCase):
    """The screens without a tour before: a rule's preview, the compliance report's drill-down and the
    care settings of a manager who is not an administrator; and the settings refused over JSON-RPC."""

    # The first page of a tour builds the web assets while holding the test cursor: on a loaded machine
    # that takes longer than Odoo's 20 s, and the browser's other requests then fail with an HTML error page.
    test_cursor_lock_timeout = 90

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.boss = new_test_user(
            cls.env, login="ui_care_boss", name="Boss Wu", groups="customer_care.customer_care_group_manager"
        )
        cls.salesman = new_test_user(
            cls.env, login="ui_care_sales", name="Sales Qian", groups="sales_team.group_sale_salesman"
        )
        # Browsers are not time-frozen: her birthday is tomorrow, whatever the real date.
        today = fields.Date.today()
        birthday = (today + timedelta(days=1)).replace(year=1988)
        cls.customer = cls.env["res.partner"].create(
            {"name": "孙丽 Sun Li", "customer_rank": 1, "user_id": cls.salesman.id, "care_birth_date": birthday}
        )
        rule = cls.env["care.rule"].create({"name": "Holiday greeting", "trigger": "holiday", "active": False})
        cls.missed = cls.env["care.task"].create(
            {
                "rule_id": rule.id,
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "occasion_date": today,
                "date_due": today,
                "state": "missed",
                "fine_amount": 10,
            }
        )
        cls.env["care.cap.suppression"].create(
            {
                "rule_id": rule.id,
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "occasion_date": today,
                "date_due": today,
                "company_id": cls.company.id,
            }
        )

    def test_tours(self):
        # One test for the tours: each test rebuilds the web assets, the slow part.
        self.start_tour(
            "/odoo/action-customer_care.care_rule_action", "customer_care_rule_preview", login="ui_care_boss"
        )
        rule = self.env["care.rule"].search([("name", "=", "Birthday call 生日电话")])
        self.assertEqual(rule.partner_domain_user_id, self.boss)
        self.assertFalse(self.env["care.task"].search([("rule_id", "=", rule.id)]), "the preview created nothing")

        self.start_tour(
            "/odoo/action-customer_care.care_compliance_report_action",
            "customer_care_compliance_drilldown",
            login="ui_care_boss",
        )

        self.start_tour("/odoo/action-customer_care.care_rule_action", "customer_care_settings", login="ui_care_boss")
        self.assertEqual(self.company.care_weekly_contact_cap, 2)

    def test_settings_over_json_rpc(self):
        cap = self.company.care_weekly_contact_cap

        def write(values):
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw/res.company/write",
                {"model": "res.company", "method": "write", "args": [self.company.ids, values], "kwargs": {}},
            )

        # A salesperson is refused, on the server.
        self.authenticate("ui_care_sales", "ui_care_sales")
        with self.assertRaises(JsonRpcException) as refused:
            write({"care_weekly_contact_cap": 9})
        self.assertEqual(refused.exception.args[0], "odoo.exceptions.AccessError")
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/res.company/action_care_open_settings",
                {"model": "res.company", "method": "action_care_open_settings", "args": [], "kwargs": {}},
            )
        self.assertEqual(self.company.care_weekly_contact_cap, cap)

        # A care manager changes a care setting, within its bounds, and nothing else of the company.
        self.authenticate("ui_care_boss", "ui_care_boss")
        self.assertTrue(write({"care_weekly_contact_cap": 9}))
        self.assertEqual(self.company.care_weekly_contact_cap, 9)
        with self.assertRaises(JsonRpcException) as out_of_bounds:
            write({"care_weekly_contact_cap": 999999999999})
        self.assertEqual(out_of_bounds.exception.args[0], "odoo.exceptions.ValidationError")
        with self.assertRaises(JsonRpcException) as other_field:
            write({"name": "Renamed by care"})
        self.assertEqual(other_field.exception.args[0], "odoo.exceptions.AccessError")
        self.assertNotEqual(self.company.name, "Renamed by care")
