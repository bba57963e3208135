from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common_replica import ReplicaHttpCase


@tagged("post_install", "-at_install")
class TestRetentionUi(ReplicaHttpCase):
    def test_salesperson_claims_from_the_pool(self):
        company = self.env.company
        company.care_pool_enabled = True
        leaver = new_test_user(self.env, login="ui_pool_leaver", groups="sales_team.group_sale_salesman")
        salesman = new_test_user(
            self.env,
            login="ui_pool_sales",
            name="Sales Pool",
            groups="sales_team.group_sale_salesman",
            company_ids=[Command.set(company.ids)],
        )
        customer = self.env["res.partner"].create({"name": "Pool Tea House", "customer_rank": 1})
        today = fields.Date.today()
        # the other customers of the demo data's pool, if any, are not this test's
        self.env["res.partner"].search([("care_pool_company_id", "!=", False)]).write({"care_pool_company_id": False})
        self.env["care.pool.rule"]._care_pool_reclaim(company, [(customer.id, leaver.id)], today)
        self.start_tour(
            "/odoo/action-customer_care.res_partner_action_care_pool", "customer_care_pool_claim", login="ui_pool_sales"
        )
        self.assertEqual(customer.user_id, salesman)
        self.assertFalse(customer.care_pool_company_id)
        log = self.env["care.owner.change"].search([("partner_id", "=", customer.id)], limit=1)
        self.assertEqual((log.reason, log.to_user_id), ("pool_claim", salesman))
