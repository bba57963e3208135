from odoo.tests import new_test_user, tagged

from .common_replica import ReplicaHttpCase


@tagged("post_install", "-at_install")
class TestDossierTour(ReplicaHttpCase):
    def test_salesperson_fills_lunar_birthday(self):
        salesperson = new_test_user(
            self.env,
            login="care_tour_salesman",
            groups="base.group_partner_manager,sales_team.group_sale_salesman",
        )
        customer = self.env.ref("customer_care.care_demo_partner_wang_fang")
        customer.user_id = salesperson
        self.assertFalse(customer.care_lunar_month)
        self.start_tour(
            f"/odoo/res.partner/{customer.id}", "customer_care_dossier_lunar_birthday", login=salesperson.login
        )
        self.assertRecordValues(
            customer, [{"care_birthday_calendar": "lunar", "care_lunar_month": 8, "care_lunar_day": 15}]
        )
