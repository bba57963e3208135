from lunar_python import Solar

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common_replica import ReplicaHttpCase


@tagged("post_install", "-at_install")
class TestCareCalendarTour(ReplicaHttpCase):
    """The care calendar as a salesperson opens it: this month, with a customer's lunar birthday and its duty."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["customer_care"], ["zh_CN"], overwrite=True)
        cls.salesman = new_test_user(
            cls.env, login="cal_sales_li", name="Sales Li", groups="sales_team.group_sale_salesman", lang="zh_CN"
        )
        # the browser shows the real month (time is not frozen there): the birthday is today's lunar date
        today = fields.Date.today()
        lunar = Solar.fromYmd(today.year, today.month, today.day).getLunar()
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "王芳 Wang Fang",
                "customer_rank": 1,
                "user_id": cls.salesman.id,
                "care_birthday_calendar": "lunar",
                "care_lunar_month": abs(lunar.getMonth()),
                "care_lunar_day": lunar.getDay(),
                "care_lunar_leap": lunar.getMonth() < 0,
            }
        )
        rule = cls.env["care.rule"].create({"name": "Birthday greeting", "trigger": "birthday"})
        cls.task = cls.env["care.task"].create(
            {
                "rule_id": rule.id,
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "occasion_date": today,
                "date_due": today,
            }
        )

    def test_calendar_shows_the_lunar_birthday(self):
        self.start_tour(
            "/odoo/action-customer_care.care_calendar_entry_action",
            "customer_care_calendar_birthday",
            login="cal_sales_li",
        )
