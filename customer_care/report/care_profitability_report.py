from odoo import api, fields, models
from odoo.tools import SQL

from ..const import CUSTOMER_KINDS, CUSTOMER_PROFIT_CLASSES, PRODUCT_PROFIT_CLASSES


def _profit_class(revenue, margin):
    """SQL: the class of a margin over a revenue, by the company's thresholds (company aliased `company`)."""
    return SQL(
        """CASE WHEN %(margin)s < 0 THEN 'loss'
                WHEN %(revenue)s <= 0 THEN 'none'
                WHEN 100 * %(margin)s / %(revenue)s >= company.care_profit_high_percent THEN 'high'
                WHEN 100 * %(margin)s / %(revenue)s >= company.care_profit_low_percent THEN 'profit'
                ELSE 'none' END""",
        revenue=revenue,
        margin=margin,
    )


class CareProfitabilityReport(models.Model):
    """客户产品利润矩阵 and sales performance: one row per product line of a posted customer invoice or credit
    note (credit notes subtract), in company currency, with the cost kept when it was posted (never today's
    cost). Each row carries its customer's and its product's profitability class over the last 12 months, so
    that a pivot of customer class x product class is the 4 x 4 matrix. A row's id is its invoice line's."""

    _name = "care.profitability.report"
    _description = "Customer and Product Profitability"
    _auto = False
    _rec_name = "product_id"
    _order = "date desc, id desc"

    date = fields.Date(string="Invoice Date", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    customer_kind = fields.Selection(CUSTOMER_KINDS, readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    city = fields.Char(readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    quantity = fields.Float(readonly=True)
    revenue = fields.Monetary(readonly=True)
    cost = fields.Monetary(readonly=True)
    margin = fields.Monetary(readonly=True)
    margin_percent = fields.Float(
        string="Margin (%)", readonly=True, aggregator="avg", help="Margin over revenue, of any group of lines."
    )
    customer_class = fields.Selection(CUSTOMER_PROFIT_CLASSES, readonly=True, help="Over the last 12 months.")
    product_class = fields.Selection(PRODUCT_PROFIT_CLASSES, readonly=True, help="Over the last 12 months.")

    _depends = {
        "account.move": ["state", "move_type", "invoice_date", "commercial_partner_id", "company_id"],
        "account.move.line": [
            "move_id",
            "display_type",
            "product_id",
            "quantity",
            "balance",
            "care_cost",
            "company_id",
        ],
        "res.partner": ["user_id", "care_customer_kind", "country_id", "state_id", "city"],
        "res.company": ["currency_id", "care_profit_high_percent", "care_profit_low_percent"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
    }

    @api.model
    def _care_lines_query(self):
        """The posted customer invoice product lines: revenue and cost signed (credit notes subtract)."""
        return SQL(
            """
            SELECT aml.id,
                   move.invoice_date AS date,
                   move.id AS move_id,
                   aml.company_id,
                   move.commercial_partner_id AS partner_id,
                   aml.product_id,
                   CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END * aml.quantity AS quantity,
                   -aml.balance AS revenue,
                   CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END * COALESCE(aml.care_cost, 0) AS cost
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
             WHERE move.state = 'posted'
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND aml.display_type = 'product'
               AND aml.product_id IS NOT NULL
            """
        )

    @property
    def _table_query(self):
        # Classes over the 12 months up to today (the user's date, as every report's filters): a query
        # parameter, so a test with frozen time sees the classes of its own day. The lines are read twice, the
        # recent ones for the classes and all of them for the rows, so that a filter on the rows (a date, a
        # customer) reaches the invoices' indexes.
        today = fields.Date.context_today(self)
        return SQL(
            """
            WITH recent AS (
                SELECT * FROM (%(lines)s) line
                 WHERE date > %(today)s::date - INTERVAL '12 months'
            ),
            by_customer AS (SELECT company_id, partner_id, SUM(revenue) AS revenue, SUM(revenue - cost) AS margin
                              FROM recent GROUP BY company_id, partner_id),
            by_product AS (SELECT company_id, product_id, SUM(revenue) AS revenue, SUM(revenue - cost) AS margin
                             FROM recent GROUP BY company_id, product_id)
            SELECT line.id,
                   line.date,
                   line.move_id,
                   line.company_id,
                   company.currency_id,
                   line.partner_id,
                   partner.user_id,
                   partner.care_customer_kind AS customer_kind,
                   partner.country_id,
                   partner.state_id,
                   partner.city,
                   line.product_id,
                   template.categ_id AS product_categ_id,
                   line.quantity,
                   line.revenue,
                   line.cost,
                   line.revenue - line.cost AS margin,
                   CASE WHEN line.revenue != 0 THEN 100 * (line.revenue - line.cost) / line.revenue END
                       AS margin_percent,
                   %(customer_class)s AS customer_class,
                   %(product_class)s AS product_class
              FROM (%(lines)s) line
              JOIN res_company company ON company.id = line.company_id
              JOIN res_partner partner ON partner.id = line.partner_id
              JOIN product_product product ON product.id = line.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
              LEFT JOIN by_customer ON by_customer.company_id = line.company_id
                                   AND by_customer.partner_id = line.partner_id
              LEFT JOIN by_product ON by_product.company_id = line.company_id
                                  AND by_product.product_id = line.product_id
            """,
            lines=self._care_lines_query(),
            today=today,
            customer_class=SQL(
                "CASE WHEN by_customer.partner_id IS NOT NULL THEN %s END",
                _profit_class(SQL("by_customer.revenue"), SQL("by_customer.margin")),
            ),
            product_class=SQL(
                "CASE WHEN by_product.product_id IS NOT NULL THEN %s END",
                _profit_class(SQL("by_product.revenue"), SQL("by_product.margin")),
            ),
        )

    def _read_group_select(self, aggregate_spec, query):
        # The margin rate of a group is its margin over its revenue, not the average of its lines' rates.
        if aggregate_spec.split(":")[0] == "margin_percent":
            return SQL(
                "100 * SUM(%s) / NULLIF(SUM(%s), 0)",
                self._field_to_sql(self._table, "margin", query),
                self._field_to_sql(self._table, "revenue", query),
            )
        return super()._read_group_select(aggregate_spec, query)
