from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class CareDossierCommon(BaseCommon):
    """Two salespeople (one with sensitive data), a care manager, and their customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Like users created in the app, they may create (and so delete) contacts.
        sales = "base.group_partner_manager,sales_team.group_sale_salesman"
        cls.salesman = new_test_user(cls.env, login="care_salesman", groups=sales)
        cls.salesman_sensitive = new_test_user(
            cls.env, login="care_salesman_sensitive", groups=f"{sales},customer_care.customer_care_group_sensitive"
        )
        cls.care_manager = new_test_user(
            cls.env, login="care_manager", groups=f"{sales},customer_care.customer_care_group_manager"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "李娜 Li Na",
                "customer_rank": 1,
                "user_id": cls.salesman.id,
                "care_health_notes": "Pollen allergy",
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Salesman's Customer", "customer_rank": 1, "user_id": cls.care_manager.id}
        )
