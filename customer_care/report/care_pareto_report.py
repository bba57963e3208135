from odoo import fields, models
from odoo.tools import SQL

from ..const import TIERS


class CareParetoReport(models.Model):
    """二八分析: each company's customers ranked by revenue over the last 12 months (largest first), with the
    cumulative share of the company's revenue and margin held by the customers up to each one, and whether the
    customer is in the top 20 % of them. Shares are the company's whole: a salesperson sees the rows of their own
    customers, placed among everyone's. A row's id stands for its customer and company, so that it names the same
    row whatever the ranks become."""

    _name = "care.pareto.report"
    _description = "Pareto Analysis of Customers"
    _auto = False
    _rec_name = "partner_id"
    _order = "company_id, rank"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    tier = fields.Selection(TIERS, readonly=True)
    rank = fields.Integer(readonly=True, aggregator="min")
    percentile = fields.Integer(
        string="Customers (%)", readonly=True, aggregator="max", help="The share of customers up to this one."
    )
    is_top20 = fields.Boolean(string="Top 20 %", readonly=True)
    revenue = fields.Monetary(string="Revenue (12 months)", readonly=True)
    margin = fields.Monetary(string="Margin (12 months)", readonly=True)
    revenue_share = fields.Float(string="Share of Revenue (%)", readonly=True)
    margin_share = fields.Float(string="Share of Margin (%)", readonly=True)
    cumulative_revenue_share = fields.Float(string="Cumulative Revenue (%)", readonly=True, aggregator="max")
    cumulative_margin_share = fields.Float(string="Cumulative Margin (%)", readonly=True, aggregator="max")

    _depends = {
        "care.sale.fact": ["company_id", "partner_id", "month", "revenue", "cost"],
        "res.partner": ["user_id"],
        "care.profile": ["tier"],
    }

    @property
    def _table_query(self):
        # Ranked on each read from the customers' 12-month figures kept beside the sales facts (one row per
        # customer): always in step with the invoices, without reading them.
        return SQL(
            """
            WITH customer AS (SELECT company_id, partner_id, revenue, margin FROM care_sale_customer_stat),
            ranked AS (
                SELECT customer.*,
                       ROW_NUMBER() OVER company_order AS rank,
                       COUNT(*) OVER company_all AS customer_count,
                       SUM(revenue) OVER company_order AS cumulative_revenue,
                       SUM(margin) OVER company_order AS cumulative_margin,
                       SUM(revenue) OVER company_all AS total_revenue,
                       SUM(margin) OVER company_all AS total_margin
                  FROM customer
                 WHERE revenue > 0
                WINDOW company_order AS (PARTITION BY company_id ORDER BY revenue DESC, partner_id
                                         ROWS UNBOUNDED PRECEDING),
                       company_all AS (PARTITION BY company_id)
            )
            SELECT ranked.partner_id::bigint * 10000 + ranked.company_id AS id,
                   ranked.company_id,
                   company.currency_id,
                   ranked.partner_id,
                   partner.user_id,
                   profile.tier,
                   ranked.rank,
                   CEIL(100.0 * ranked.rank / ranked.customer_count)::int AS percentile,
                   ranked.rank <= CEIL(0.2 * ranked.customer_count) AS is_top20,
                   ranked.revenue,
                   ranked.margin,
                   100 * ranked.revenue / NULLIF(ranked.total_revenue, 0) AS revenue_share,
                   100 * ranked.margin / NULLIF(ranked.total_margin, 0) AS margin_share,
                   100 * ranked.cumulative_revenue / NULLIF(ranked.total_revenue, 0) AS cumulative_revenue_share,
                   100 * ranked.cumulative_margin / NULLIF(ranked.total_margin, 0) AS cumulative_margin_share
              FROM ranked
              JOIN res_company company ON company.id = ranked.company_id
              JOIN res_partner partner ON partner.id = ranked.partner_id
              LEFT JOIN care_profile profile ON profile.partner_id = ranked.partner_id
                                            AND profile.company_id = ranked.company_id
            """
        )
