from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL

from ..const import STAGES, TIERS


class CareLargestCustomerReport(models.Model):
    """Last year's largest customers: each company's top N customers of the previous calendar year by revenue
    (N in Settings: the same top N the "big customer silent" early
    warning watches, 20 by default), with that revenue, this year's revenue to date against the same part of last
    year, whether they ordered again this year, and their tier at the end of last year (from the grade history)
    and now. Revenue is the posted customer invoices' untaxed amount in company currency, credit notes
    subtracting, as the grading counts it. Ranks are the company's whole: a salesperson sees the rows of their own
    customers, placed among everyone's. "Today" is each company's local date; a row's id stands for its customer
    and company."""

    _name = "care.largest.customer.report"
    _description = "Last Year's Largest Customers"
    _auto = False
    _rec_name = "partner_id"
    _order = "company_id, rank"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    year = fields.Integer(string="Year Ranked", readonly=True, aggregator="max", help="The calendar year ranked.")
    rank = fields.Integer(readonly=True, aggregator="min", help="The customer's place by revenue in that year.")
    revenue_last_year = fields.Monetary(string="Last Year's Revenue", readonly=True)
    revenue_same_period = fields.Monetary(
        string="Same Period Last Year",
        readonly=True,
        help="Revenue from 1 January of last year to the same day as today, a year ago.",
    )
    revenue_this_year = fields.Monetary(string="This Year to Date", readonly=True)
    change_percent = fields.Float(
        string="Change (%)",
        readonly=True,
        aggregator=None,
        help="This year to date against the same period last year.",
    )
    ordered_again = fields.Boolean(
        readonly=True,
        help="A confirmed order or a posted invoice dated this year.",
    )
    last_order_date = fields.Date(string="Last Order or Invoice", readonly=True)
    tier_then = fields.Selection(TIERS, readonly=True, help="The tier at the end of last year.")
    tier = fields.Selection(TIERS, string="Tier Now", readonly=True)
    stage = fields.Selection(STAGES, string="Stage Now", readonly=True)
    count = fields.Integer(string="Customers", readonly=True, aggregator="sum")

    _depends = {
        "account.move": [
            "state",
            "move_type",
            "invoice_date",
            "commercial_partner_id",
            "amount_untaxed_signed",
            "company_id",
        ],
        "sale.order": ["state", "date_order", "partner_id", "company_id"],
        "res.partner": ["user_id", "commercial_partner_id"],
        "res.company": ["care_alert_big_top_n"],
        "care.profile": ["tier", "stage", "revenue_last_year"],
        "care.grade.history": ["field", "new_value", "date"],
    }

    def _care_periods(self):
        """Per company: (company id, first and last day of last year, the same day a year ago, first day of this
        year, today, time zone, N), on the company's local date. Every company's, as the other reports: the
        record rules decide whose rows a user reads (another company's refused, not missing), and a filter on
        the company reaches the invoices' index."""
        Rule = self.env["care.rule"]
        periods = []
        for company in self.env["res.company"].sudo().search([]):  # pylint: disable=no-search-all
            today = Rule._care_today(company)
            year_start = today.replace(month=1, day=1)
            periods.append(
                (
                    company.id,
                    year_start - relativedelta(years=1),
                    year_start - relativedelta(days=1),
                    today - relativedelta(years=1),
                    year_start,
                    today,
                    company.partner_id.tz or "UTC",
                    company.care_alert_big_top_n or 20,
                )
            )
        return periods

    @property
    def _table_query(self):
        periods = self._care_periods()
        columns = list(zip(*periods, strict=True)) if periods else [[]] * 8
        return SQL(
            """
            WITH period AS (
                SELECT * FROM unnest(%(companies)s::int[], %(last_start)s::date[], %(last_end)s::date[],
                                     %(same_day)s::date[], %(this_start)s::date[], %(today)s::date[],
                                     %(tz)s::varchar[], %(top)s::int[])
                    AS p(company_id, last_start, last_end, same_day, this_start, today, tz, top_n)
            ),
            -- each company's top N by last year's revenue, as the grading keeps it on the profiles
            ranked AS (
                SELECT p.company_id, t.partner_id,
                       ROW_NUMBER() OVER (PARTITION BY p.company_id
                                          ORDER BY t.revenue_last_year DESC, t.partner_id) AS rank
                  FROM period p
                 CROSS JOIN LATERAL (
                    SELECT profile.partner_id, profile.revenue_last_year
                      FROM care_profile profile
                     WHERE profile.company_id = p.company_id AND profile.revenue_last_year > 0
                     ORDER BY profile.revenue_last_year DESC, profile.partner_id
                     LIMIT p.top_n
                 ) t
            ),
            -- this year's figures for the top N only, each through the invoices' index on the customer
            top AS (
                SELECT ranked.*, sales.*
                  FROM ranked
                  JOIN period p ON p.company_id = ranked.company_id
                 CROSS JOIN LATERAL (
                    SELECT SUM(m.amount_untaxed_signed) FILTER (WHERE m.invoice_date <= p.last_end)
                               AS revenue_last_year,
                           SUM(m.amount_untaxed_signed) FILTER (WHERE m.invoice_date <= p.same_day)
                               AS revenue_same_period,
                           SUM(m.amount_untaxed_signed) FILTER (WHERE m.invoice_date >= p.this_start)
                               AS revenue_this_year,
                           MAX(m.invoice_date) FILTER (WHERE m.move_type = 'out_invoice') AS last_invoice_date,
                           BOOL_OR(m.move_type = 'out_invoice' AND m.invoice_date >= p.this_start)
                               AS invoiced_this_year
                      FROM account_move m
                     WHERE m.company_id = ranked.company_id AND m.commercial_partner_id = ranked.partner_id
                       AND m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
                       AND m.invoice_date BETWEEN p.last_start AND p.today
                 ) sales
            )
            SELECT r.partner_id::bigint * 10000 + r.company_id AS id,
                   r.company_id,
                   company.currency_id,
                   r.partner_id,
                   partner.user_id,
                   EXTRACT(YEAR FROM p.last_start)::int AS year,
                   r.rank,
                   r.revenue_last_year,
                   COALESCE(r.revenue_same_period, 0) AS revenue_same_period,
                   COALESCE(r.revenue_this_year, 0) AS revenue_this_year,
                   100 * (COALESCE(r.revenue_this_year, 0) - r.revenue_same_period)
                       / NULLIF(r.revenue_same_period, 0) AS change_percent,
                   COALESCE(r.invoiced_this_year, FALSE) OR orders.last_order >= p.this_start AS ordered_again,
                   GREATEST(r.last_invoice_date, orders.last_order) AS last_order_date,
                   (SELECT h.new_value
                      FROM care_grade_history h
                     WHERE h.partner_id = r.partner_id AND h.company_id = r.company_id AND h.field = 'tier'
                       AND h.date <= p.last_end
                     ORDER BY h.date DESC, h.id DESC
                     LIMIT 1) AS tier_then,
                   profile.tier,
                   profile.stage,
                   1 AS count
              FROM top r
              JOIN period p ON p.company_id = r.company_id
              JOIN res_company company ON company.id = r.company_id
              JOIN res_partner partner ON partner.id = r.partner_id
              LEFT JOIN care_profile profile ON profile.partner_id = r.partner_id
                                            AND profile.company_id = r.company_id
              LEFT JOIN LATERAL (
                  SELECT MAX((o.date_order AT TIME ZONE 'UTC' AT TIME ZONE p.tz)::date) AS last_order
                    FROM sale_order o
                    JOIN res_partner contact ON contact.id = o.partner_id
                   WHERE contact.commercial_partner_id = r.partner_id AND o.company_id = r.company_id
                     AND o.state = 'sale'
                     AND o.date_order < (p.today + 1)::timestamp AT TIME ZONE p.tz AT TIME ZONE 'UTC'
              ) orders ON TRUE
            """,
            companies=list(columns[0]),
            last_start=list(columns[1]),
            last_end=list(columns[2]),
            same_day=list(columns[3]),
            this_start=list(columns[4]),
            today=list(columns[5]),
            tz=list(columns[6]),
            top=list(columns[7]),
        )
