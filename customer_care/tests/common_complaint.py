from odoo import Command

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class ComplaintCommon(BaseCommon):
    """A Chinese company with a salesperson and their customer, a handling team (leader and member), a manager,
    and a category of three working days with a standard answer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.cn")
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.salesman = mail_new_test_user(
            cls.env, login="cc_sales", groups="sales_team.group_sale_salesman", name="Sales Li"
        )
        cls.salesman_2 = mail_new_test_user(
            cls.env, login="cc_sales2", groups="sales_team.group_sale_salesman", name="Sales Zhao"
        )
        cls.leader = mail_new_test_user(
            cls.env, login="cc_leader", groups="customer_care.customer_care_group_user", name="Leader Sun"
        )
        cls.member = mail_new_test_user(
            cls.env, login="cc_member", groups="customer_care.customer_care_group_user", name="Member Zhou"
        )
        cls.manager = mail_new_test_user(
            cls.env, login="cc_manager", groups="sales_team.group_sale_manager", name="Manager Chen"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "王芳 Wang Fang", "email": "wang.fang@example.com", "customer_rank": 1, "user_id": cls.salesman.id}
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {"name": "李雷 Li Lei", "email": "li.lei@example.com", "customer_rank": 1, "user_id": cls.salesman_2.id}
        )
        cls.team = cls.env["care.complaint.team"].create(
            {
                "name": "Quality",
                "leader_id": cls.leader.id,
                "member_ids": [Command.set((cls.leader | cls.member).ids)],
            }
        )
        cls.category = cls.env["care.complaint.category"].create({"name": "Quality", "time_limit_days": 3})
        cls.answer = cls.env["care.complaint.answer"].create(
            {
                "name": "Replacement",
                "category_id": cls.category.id,
                "body": "<p>Dear {customer}, your complaint {reference} is settled: we replace the product.</p>",
            }
        )

    @classmethod
    def _complaint(cls, user=None, **values):
        env = cls.env(user=user) if user else cls.env
        # created as the user, returned in the test's environment
        return (
            env["care.complaint"]
            .create(
                {
                    "partner_id": cls.customer.id,
                    "received_date": "2026-09-30",
                    "description": "<p>The kettle leaks.</p>",
                    "category_id": cls.category.id,
                    **values,
                }
            )
            .with_env(cls.env)
        )
