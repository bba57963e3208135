from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# The habit read from the recent past: older purchases tell little about when the customer buys next.
CYCLE_YEARS = 3


class CarePurchaseCycleReport(models.Model):
    """The purchase cycle (购买周期) of each customer and product category: how often the customer buys it, when
    it last did and when it should buy again, from the posted customer invoices; what it usually buys there.
    "Due this month" are the ones expected by the end of the month, late ones included: the right product at
    the right time."""

    _name = "care.purchase.cycle.report"
    _description = "Purchase Cycle Analysis"
    _auto = False
    _order = "days_overdue desc, next_purchase, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    product_categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    product_id = fields.Many2one(
        "product.product", string="Usually Buys", readonly=True, help="Its most often invoiced product there."
    )
    purchase_count = fields.Integer(string="Purchase Dates", readonly=True, aggregator="sum")
    interval_days = fields.Float(
        string="Typical Interval (days)",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="Average days between two purchase dates, over the last three years.",
    )
    last_purchase = fields.Date(readonly=True)
    next_purchase = fields.Date(string="Expected Next Purchase", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max", help="Days since the expected next purchase.")
    due_this_month = fields.Boolean(readonly=True, help="Expected by the end of this month, late ones included.")

    _depends = {
        "care.sale.fact": ["company_id", "partner_id", "month"],
        "res.partner": ["user_id"],
    }

    @property
    def _table_query(self):
        # The purchase dates per customer and category are kept beside the sales facts (by the invoices'
        # posting and the nightly rebuild); only what depends on today is computed here.
        today = fields.Date.context_today(self)
        return SQL(
            """
            WITH timed AS (
                SELECT cycle.*,
                       CASE WHEN purchase_count > 1
                            THEN (last_purchase - first_purchase)::numeric / (purchase_count - 1) END AS interval_days
                  FROM care_sale_cycle cycle
            ), expected AS (
                SELECT timed.*, last_purchase + ROUND(interval_days)::int AS next_purchase FROM timed
            )
            SELECT e.partner_id::bigint * 16777216 + e.categ_id * 256 + e.company_id AS id,
                   e.partner_id, rp.user_id, e.company_id, NULLIF(e.categ_id, 0) AS product_categ_id, e.product_id,
                   e.purchase_count, e.interval_days, e.last_purchase, e.next_purchase,
                   GREATEST(%(today)s::date - e.next_purchase, 0) AS days_overdue,
                   COALESCE(e.next_purchase <= %(month_end)s::date, FALSE) AS due_this_month
              FROM expected e
              JOIN res_partner rp ON rp.id = e.partner_id
            """,
            today=today,
            month_end=today + relativedelta(day=31),
        )

    @api.model
    def _care_cycle_query(self, today, partner_ids=None):
        """The cycle rows as of `today`, of every customer or of `partner_ids` (commercial partners) only, read
        from the invoices themselves (the customer banner: a few customers, to the minute).

        The id packs customer, category (0: none) and company (categories below 65,536, companies below 256) so that a
        row keeps its id from one request to the next, whatever else was invoiced between them."""
        since = today - relativedelta(years=CYCLE_YEARS)
        month_end = today + relativedelta(day=31)
        partner_filter = (
            SQL("AND am.commercial_partner_id = ANY(%s)", list(partner_ids)) if partner_ids is not None else SQL()
        )
        return SQL(
            """
            WITH purchase AS (
                SELECT am.company_id, am.commercial_partner_id AS partner_id, pt.categ_id, am.invoice_date,
                       aml.product_id
                  FROM account_move am
                  JOIN account_move_line aml ON aml.move_id = am.id
                  JOIN product_product pp ON pp.id = aml.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE am.state = 'posted' AND am.move_type = 'out_invoice' AND am.invoice_date >= %(since)s
                   AND aml.display_type = 'product' %(partner_filter)s
            ), cycle AS (
                SELECT company_id, partner_id, categ_id,
                       COUNT(DISTINCT invoice_date) AS purchase_count,
                       MIN(invoice_date) AS first_purchase,
                       MAX(invoice_date) AS last_purchase,
                       mode() WITHIN GROUP (ORDER BY product_id) AS product_id
                  FROM purchase
              GROUP BY company_id, partner_id, categ_id
            ), timed AS (
                SELECT cycle.*,
                       CASE WHEN purchase_count > 1
                            THEN (last_purchase - first_purchase)::numeric / (purchase_count - 1) END AS interval_days
                  FROM cycle
            ), expected AS (
                SELECT timed.*, last_purchase + ROUND(interval_days)::int AS next_purchase FROM timed
            )
            SELECT e.partner_id::bigint * 16777216 + COALESCE(e.categ_id, 0) * 256 + e.company_id AS id,
                   e.partner_id, rp.user_id, e.company_id, e.categ_id AS product_categ_id, e.product_id,
                   e.purchase_count, e.interval_days, e.last_purchase, e.next_purchase,
                   GREATEST(%(today)s::date - e.next_purchase, 0) AS days_overdue,
                   COALESCE(e.next_purchase <= %(month_end)s::date, FALSE) AS due_this_month
              FROM expected e
              JOIN res_partner rp ON rp.id = e.partner_id
            """,
            since=since,
            today=today,
            month_end=month_end,
            partner_filter=partner_filter,
        )

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def action_create_quotations(self):
        """A quotation per customer with what it usually buys in the selected categories."""
        if not self:
            raise UserError(self.env._("Select the customers' purchase cycles to quote."))
        by_customer = {}
        for row in self:
            if row.product_id and row.product_id.sale_ok:
                by_customer.setdefault((row.partner_id, row.company_id), self.env["product.product"])
                by_customer[row.partner_id, row.company_id] |= row.product_id
        if not by_customer:
            raise UserError(self.env._("None of the selected rows has a product that can be sold."))
        orders = self.env["sale.order"]
        for (partner, company), products in by_customer.items():
            orders |= (
                self.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "order_line": [fields.Command.create({"product_id": product.id}) for product in products],
                    }
                )
            )
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_quotations_with_onboarding")
        if len(orders) == 1:
            action.update(res_id=orders.id, views=[(False, "form")], view_mode="form")
        else:
            action.update(domain=[("id", "in", orders.ids)])
        return action
