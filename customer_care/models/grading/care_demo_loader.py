import random

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# Demo customer (XML id under customer_care.care_demo_) -> (annual untaxed sales, payment habit,
# years of history, orders a year, months since the last order). Sales classes: small < 50,000,
# medium < 300,000, large >= 300,000. Habits: "ontime", "late", "overdue" (late, and the recent
# invoices unpaid past their due date), "mixed" (on time and late by turns).
SALES_PROFILES = {
    "company_huaxin": (650000, "ontime", 3, 4, 0),
    "company_dongfang": (420000, "late", 3, 4, 0),
    "company_tianyi": (380000, "ontime", 3, 4, 0),
    "company_sunrise": (210000, "mixed", 3, 3, 0),
    "company_greenleaf": (180000, "ontime", 3, 3, 0),
    "company_jinlong": (120000, "overdue", 3, 3, 0),
    "company_bluesky": (90000, "ontime", 3, 3, 14),  # a lost customer: silent for over a year
    "company_northwind": (30000, "late", 2, 2, 0),
    "company_hengda": (25000, "ontime", 1.5, 2, 0),
    "company_meihua": (20000, "ontime", 0.5, 2, 0),
    "partner_liu_yang": (60000, "late", 3, 2, 0),
    "partner_john_smith": (55000, "ontime", 3, 2, 0),
    "partner_zhang_wei": (45000, "ontime", 3, 2, 0),
    "partner_li_na": (35000, "ontime", 3, 2, 0),
    "partner_michael_brown": (28000, "late", 3, 1, 0),
    "partner_huang_hai": (22000, "late", 2, 1, 0),
    "partner_david_wilson": (19000, "ontime", 3, 1, 0),
    "partner_wu_xia": (18000, "overdue", 2, 1, 0),
    "partner_emily_johnson": (16000, "ontime", 2, 1, 0),
    "partner_yang_lei": (15000, "ontime", 2, 1, 0),
    "partner_hu_jun": (14000, "late", 3, 1, 0),
    "partner_wang_fang": (13000, "ontime", 3, 1, 0),
    "partner_zhao_min": (12000, "ontime", 3, 1, 0),
    "partner_laura_martinez": (11000, "mixed", 2, 1, 0),
    "partner_zhu_hong": (10000, "ontime", 1, 2, 0),
    "partner_xu_ming": (9000, "ontime", 3, 1, 0),
    "partner_chen_jing": (8000, "ontime", 1, 2, 0),
    "partner_sarah_davis": (7000, "ontime", 1, 1, 0),
    "partner_sun_li": (6000, "late", 2, 1, 0),
    "partner_zhou_jie": (5000, "ontime", 0.3, 1, 0),
    "partner_ma_chao": (4000, "overdue", 2, 1, 0),
    "partner_guo_ting": (3000, "ontime", 0.5, 1, 0),
}
PRODUCTS = ("care_demo_product_maintenance", "care_demo_product_office_set", "care_demo_product_materials")


class CareDemoLoader(models.AbstractModel):
    """Builds the demo sales history that grading reads: confirmed sale orders,
    posted invoices and their payments, dated relative to the day the demo data is installed."""

    _name = "care.demo.loader"
    _description = "Customer Care Demo Loader"

    @api.model
    def _load_sales_history(self):
        if self.env["sale.order"].search_count([("client_order_ref", "=like", "CARE-DEMO-%")], limit=1):
            return
        company = self._care_demo_company()
        env = self.with_company(company).with_context(tracking_disable=True, mail_notrack=True).env
        today = fields.Date.context_today(self)
        rng = random.Random(20261125)
        products = [env.ref(f"customer_care.{xmlid}") for xmlid in PRODUCTS]

        # payment terms are per company: the demo company's customers pay on the same terms
        for xmlid in SALES_PROFILES:
            partner = self.env.ref(f"customer_care.care_demo_{xmlid}")
            if partner.property_payment_term_id and not partner.with_company(company).property_payment_term_id:
                partner.with_company(company).property_payment_term_id = partner.property_payment_term_id

        plans = []  # (order date, partner, amount, habit, is the last order of the customer)
        for xmlid, (annual, habit, years, per_year, silent_months) in SALES_PROFILES.items():
            partner = env.ref(f"customer_care.care_demo_{xmlid}")
            count = max(1, round(years * per_year))
            first = today - relativedelta(days=int(years * 365) - 15)
            last = today - relativedelta(months=silent_months, days=12)
            step = (last - first) / count
            for index in range(count):
                day = first + step * index + relativedelta(days=rng.randint(0, max(0, step.days - 1)))
                amount = round(annual / per_year * rng.uniform(0.75, 1.25), -1)
                plans.append((day, partner, amount, habit, index == count - 1))
        plans.sort(key=lambda plan: (plan[0], plan[1].id))

        orders = env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "user_id": partner.user_id.id,
                    "client_order_ref": f"CARE-DEMO-{index:04d}",
                    "order_line": [
                        fields.Command.create(
                            {"product_id": products[index % 3].id, "product_uom_qty": 1, "price_unit": amount}
                        )
                    ],
                }
                for index, (day, partner, amount, __, __) in enumerate(plans)
            ]
        )
        orders.action_confirm()
        for order, (day, *__) in zip(orders, plans, strict=False):
            order.date_order = fields.Datetime.to_datetime(day) + relativedelta(hours=10)
        invoices = orders._create_invoices(grouped=True)
        by_order = {invoice.invoice_line_ids.sale_line_ids.order_id: invoice for invoice in invoices}
        to_pay = []
        for order, (day, __, __, habit, is_last) in zip(orders, plans, strict=False):
            invoice = by_order[order]
            invoice.invoice_date = day + relativedelta(days=rng.randint(0, 5))
            invoice.action_post()
            to_pay.append((invoice, self._demo_payment_date(invoice, habit, is_last, today, rng)))

        # Payments made directly rather than through the register wizard: one batch instead of a
        # wizard per invoice keeps the demo install fast; each is reconciled with its invoice.
        to_pay = sorted((pair for pair in to_pay if pair[1]), key=lambda pair: (pair[1], pair[0].id))
        bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
        payments = env["account.payment"].create(
            [
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": invoice.commercial_partner_id.id,
                    "amount": invoice.amount_residual,
                    "date": payment_date,
                    "journal_id": bank.id,
                    "memo": invoice.name,
                }
                for invoice, payment_date in to_pay
            ]
        )
        payments.action_post()
        for payment, (invoice, __) in zip(payments, to_pay, strict=False):
            receivable = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term").account_id
            (payment.move_id.line_ids + invoice.line_ids).filtered(
                lambda line, receivable=receivable: line.account_id == receivable and not line.reconciled
            ).reconcile()

        self._demo_credit_notes(env, today)

    @api.model
    def _care_demo_company(self):
        """The company the demo runs in: the admin's (the Chinese one `make demo` sets up by default)."""
        return self.env.ref("base.user_admin").company_id

    @api.model
    def _demo_payment_date(self, invoice, habit, is_last, today, rng):
        """When the customer pays this invoice, or None while it is still unpaid."""
        due = invoice.invoice_date_due
        if habit == "mixed":
            habit = "late" if invoice.id % 2 else "ontime"
        if habit == "overdue" and (is_last or due > today - relativedelta(months=8)):
            return None
        if habit == "ontime":
            paid = invoice.invoice_date + relativedelta(days=rng.randint(3, 28))
        else:
            paid = due + relativedelta(days=rng.randint(12, 80))
        return paid if paid < today else None

    @api.model
    def _demo_credit_notes(self, env, today):
        """A cancelled invoice (fully credited) and a goodwill discount credit note."""
        Move = env["account.move"]
        huaxin = env.ref("customer_care.care_demo_company_huaxin")
        cancelled = Move.search(
            [("partner_id", "=", huaxin.id), ("move_type", "=", "out_invoice"), ("payment_state", "=", "not_paid")],
            order="invoice_date",
            limit=1,
        ) or Move.search(
            [("partner_id", "=", huaxin.id), ("move_type", "=", "out_invoice")], order="invoice_date", limit=1
        )
        refund_date = min(today, cancelled.invoice_date + relativedelta(days=10))
        cancelled._reverse_moves(
            [{"invoice_date": refund_date, "date": refund_date, "ref": "Order cancelled"}], cancel=True
        )
        greenleaf = env.ref("customer_care.care_demo_company_greenleaf")
        goodwill = Move.create(
            {
                "move_type": "out_refund",
                "partner_id": greenleaf.id,
                "invoice_date": today - relativedelta(months=5),
                "ref": "Goodwill discount for a late delivery",
                "invoice_line_ids": [
                    fields.Command.create(
                        {
                            "product_id": env.ref("customer_care.care_demo_product_maintenance").id,
                            "quantity": 1,
                            "price_unit": 4500,
                        }
                    )
                ],
            }
        )
        goodwill.action_post()
