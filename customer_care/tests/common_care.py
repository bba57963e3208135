from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class CareDutyCommon(BaseCommon):
    """Salespeople, a manager, customers and an inactive-by-default rule to hang duties on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.salesman = mail_new_test_user(
            cls.env, login="care_sales", groups="sales_team.group_sale_salesman", name="Sales Li"
        )
        cls.salesman_2 = mail_new_test_user(
            cls.env, login="care_sales2", groups="sales_team.group_sale_salesman", name="Sales Zhao"
        )
        cls.manager = mail_new_test_user(
            cls.env, login="care_manager", groups="sales_team.group_sale_manager", name="Manager Chen"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "王芳 Wang Fang", "email": "wang.fang@example.com", "customer_rank": 1, "user_id": cls.salesman.id}
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {"name": "李雷 Li Lei", "email": "li.lei@example.com", "customer_rank": 1, "user_id": cls.salesman_2.id}
        )
        # The demo's calendar of the past months (its holidays and solar terms) stays out of these tests' runs,
        # which are dated before the demo was installed.
        cls.env["care.occasion"].with_context(care_occasion_generation=True).search(
            [("company_id", "=", cls.company.id)]
        ).active = False
        cls.rule = cls.env["care.rule"].create(
            {"name": "Holiday greeting", "trigger": "holiday", "lead_days": 3, "grace_days": 2, "fine_amount": 10}
        )

    @classmethod
    def _create_task(cls, partner, occasion_date, **values):
        return cls.env["care.task"].create(
            {
                "rule_id": cls.rule.id,
                "partner_id": partner.id,
                "user_id": partner.user_id.id,
                "occasion_date": occasion_date,
                "date_due": occasion_date,
                **values,
            }
        )
