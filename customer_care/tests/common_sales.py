from odoo import Command

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class CareSalesCommon(BaseCommon):
    """A company of its own (no demo invoices), a salesperson without accounting rights, a sales manager, a
    Customer Care manager, customers put in matrix cells by hand and products in two categories."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls._care_company("Credit Test Company")
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        company_values = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.salesman = mail_new_test_user(
            cls.env, login="credit_sales", groups="sales_team.group_sale_salesman", name="Sales Li", **company_values
        )
        cls.sales_manager = mail_new_test_user(
            cls.env, login="credit_boss", groups="sales_team.group_sale_manager", name="Boss Wu", **company_values
        )
        cls.care_manager = mail_new_test_user(
            cls.env,
            login="credit_care",
            groups="sales_team.group_sale_salesman_all_leads,customer_care.customer_care_group_manager",
            name="Care Chen",
            **company_values,
        )
        cls.categ_office = cls.env["product.category"].create({"name": "Credit Office"})
        cls.categ_food = cls.env["product.category"].create({"name": "Credit Food"})
        cls.chair = cls.env["product.product"].create(
            {"name": "Credit Chair", "categ_id": cls.categ_office.id, "list_price": 100, "taxes_id": []}
        )
        cls.desk = cls.env["product.product"].create(
            {"name": "Credit Desk", "categ_id": cls.categ_office.id, "list_price": 300, "taxes_id": []}
        )
        cls.tea = cls.env["product.product"].create(
            {"name": "Credit Tea", "categ_id": cls.categ_food.id, "list_price": 20, "taxes_id": []}
        )
        cls.own_term = cls.env.ref("account.account_payment_term_30days")
        cls.immediate = cls.env.ref("account.account_payment_term_immediate")
        cls.bad = cls._customer(
            "小坏 Small Bad", "small_bad", credit_grade="d", property_payment_term_id=cls.own_term.id
        )
        cls.good = cls._customer(
            "大好 Large Good", "large_good", credit_grade="a", property_payment_term_id=cls.own_term.id
        )
        cls.medium_bad = cls._customer("中坏 Medium Bad", "medium_bad", credit_grade="c")
        cls.policies = {
            policy.matrix_cell: policy
            for policy in cls.env["care.credit.policy"].search([("company_id", "=", cls.company.id)])
        }

    @classmethod
    def _care_company(cls, name):
        company = cls.env["res.company"].create({"name": name, "currency_id": cls.env.ref("base.USD").id})
        cls.env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
        cls.env.user.company_ids |= company
        return company

    @classmethod
    def _customer(cls, name, cell, company=None, **values):
        company = company or cls.company
        partner_values = {k: v for k, v in values.items() if k.startswith("property_")}
        partner = (
            cls.env["res.partner"]
            .with_company(company)
            .create({"name": name, "customer_rank": 1, "user_id": cls.salesman.id, **partner_values})
        )
        profile = cls.env["care.profile"]._care_profile_for(partner, company)
        profile.write(
            {"matrix_cell": cell, "needs_recompute": False}
            | {k: v for k, v in values.items() if not k.startswith("property_")}
        )
        return partner

    @classmethod
    def _invoice(cls, partner, amount, date, due, product=None, company=None):
        company = company or cls.company
        invoice = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "invoice_date": date,
                    "invoice_date_due": due,
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create({"product_id": (product or cls.chair).id, "price_unit": amount, "tax_ids": []})
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice

    def _quotation(self, partner, user=None, **values):
        return (
            self.env["sale.order"]
            .with_user(user or self.salesman)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": self.chair.id, "product_uom_qty": 2})],
                    **values,
                }
            )
        )
