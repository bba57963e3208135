from odoo import fields, models
from odoo.tools import SQL

from ..const import CUSTOMER_KINDS, CUSTOMER_PROFIT_CLASSES, PRODUCT_PROFIT_CLASSES


def profit_class(revenue, margin):
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


def low_margin_condition(revenue, margin):
    """SQL: the class of `profit_class` is 'none' or 'loss' (company aliased `company`), without its division
    per row (the overview asks it of every customer)."""
    return SQL(
        """(%(margin)s < 0 OR %(revenue)s <= 0
            OR (100 * %(margin)s::float8 < company.care_profit_high_percent * %(revenue)s::float8
                AND 100 * %(margin)s::float8 < company.care_profit_low_percent * %(revenue)s::float8))""",
        revenue=revenue,
        margin=margin,
    )


class CareProfitabilityReport(models.Model):
    """客户产品利润矩阵 and sales performance: one row per customer, product and month of the posted customer
    invoices and credit notes (credit notes subtract), in company currency, with the cost kept when they were
    posted (never today's cost), read from the sales facts (`care.sale.fact`) rather than every invoice line.
    Each row carries its customer's and its product's profitability class over the last 12 months (kept beside
    the facts, classed here by the company's current thresholds), so that a pivot of customer class x product
    class is the 4 x 4 matrix. A row's id is its fact's."""

    _name = "care.profitability.report"
    _description = "Customer and Product Profitability"
    _auto = False
    _rec_name = "product_id"
    _order = "date desc, id desc"

    date = fields.Date(string="Month", readonly=True, help="The first day of the invoices' month.")
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
    invoice_count = fields.Integer(string="Invoices", readonly=True, help="Invoices (credit notes not counted).")
    revenue = fields.Monetary(readonly=True)
    cost = fields.Monetary(readonly=True)
    margin = fields.Monetary(readonly=True)
    margin_percent = fields.Float(
        string="Margin (%)", readonly=True, aggregator="avg", help="Margin over revenue, of any group of lines."
    )
    customer_class = fields.Selection(CUSTOMER_PROFIT_CLASSES, readonly=True, help="Over the last 12 months.")
    product_class = fields.Selection(PRODUCT_PROFIT_CLASSES, readonly=True, help="Over the last 12 months.")

    _depends = {
        "care.sale.fact": [
            "company_id",
            "partner_id",
            "product_id",
            "product_categ_id",
            "month",
            "quantity",
            "revenue",
            "cost",
            "invoice_count",
        ],
        "res.partner": ["user_id", "care_customer_kind", "country_id", "state_id", "city"],
        "res.company": ["currency_id", "care_profit_high_percent", "care_profit_low_percent"],
    }

    @property
    def _table_query(self):
        # Left joins on unique keys: PostgreSQL drops those a query does not read (a pivot by product category
        # never touches the partners).
        return SQL(
            """
            SELECT fact.id,
                   fact.month AS date,
                   fact.company_id,
                   company.currency_id,
                   fact.partner_id,
                   partner.user_id,
                   partner.care_customer_kind AS customer_kind,
                   partner.country_id,
                   partner.state_id,
                   partner.city,
                   fact.product_id,
                   fact.product_categ_id,
                   fact.quantity,
                   fact.invoice_count,
                   fact.revenue,
                   fact.cost,
                   fact.revenue - fact.cost AS margin,
                   CASE WHEN fact.revenue != 0 THEN 100 * (fact.revenue - fact.cost) / fact.revenue END
                       AS margin_percent,
                   by_customer.class AS customer_class,
                   by_product.class AS product_class
              FROM care_sale_fact fact
              LEFT JOIN res_company company ON company.id = fact.company_id
              LEFT JOIN res_partner partner ON partner.id = fact.partner_id
              LEFT JOIN (SELECT stat.company_id, stat.partner_id, MAX(%(stat_class)s) AS class
                           FROM care_sale_customer_stat stat JOIN res_company company ON company.id = stat.company_id
                          GROUP BY stat.company_id, stat.partner_id
                        ) by_customer ON by_customer.company_id = fact.company_id
                                     AND by_customer.partner_id = fact.partner_id
              LEFT JOIN (SELECT stat.company_id, stat.product_id, MAX(%(stat_class)s) AS class
                           FROM care_sale_product_stat stat JOIN res_company company ON company.id = stat.company_id
                          GROUP BY stat.company_id, stat.product_id
                        ) by_product ON by_product.company_id = fact.company_id
                                    AND by_product.product_id = fact.product_id
            """,
            # classed once per customer and product, not once per fact; grouped by the join's keys (one row
            # each already) so that PostgreSQL drops the join from the queries that read no class
            # (both sub-selects alias their statistics `stat`)
            stat_class=profit_class(SQL("stat.revenue"), SQL("stat.margin")),
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
