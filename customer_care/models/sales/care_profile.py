from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ...report.care_profitability_report import low_margin_condition


class CareProfile(models.Model):
    """What makes a customer cost us: a low or negative margin, or complaints in the last 12 months. Searchable,
    so that the overview's "customers who raise our costs" is a domain of the grading list."""

    _inherit = "care.profile"  # pylint: disable=consider-merging-classes-inherited

    low_margin = fields.Boolean(
        string="Low or Negative Margin",
        compute="_compute_cost_signals",
        search="_search_low_margin",
        help="Unprofitable or loss-making over the last 12 months (profitability classes, current company).",
    )
    complained_recently = fields.Boolean(
        string="Complained in 12 Months",
        compute="_compute_cost_signals",
        search="_search_complained_recently",
        help="A complaint received in the last 12 months (current company).",
    )

    def _compute_cost_signals(self):
        self._care_flags_by_search("low_margin", "complained_recently")

    def _search_low_margin(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        company = self.env.company
        # the customers' 12-month figures kept beside the sales facts, classed as the profitability report
        # classes them (one row a customer, not every fact)
        customers = SQL(
            """SELECT stat.partner_id
                 FROM care_sale_customer_stat stat JOIN res_company company ON company.id = stat.company_id
                WHERE stat.company_id = %s AND %s""",
            company.id,
            low_margin_condition(SQL("stat.revenue"), SQL("stat.margin")),
        )
        domain = Domain("company_id", "=", company.id) & Domain.custom(
            to_sql=lambda model, alias, query: SQL(
                "%s IN (%s)", model._field_to_sql(alias, "partner_id", query), customers
            )
        )
        return domain if (True in value) == (operator == "in") else ~domain

    def _search_complained_recently(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        company = self.env.company
        since = self.env["care.rule"]._care_today(company) - relativedelta(years=1)
        complaints = self.env["care.complaint"]._search(
            Domain("company_id", "=", company.id) & Domain("received_date", ">", since)
        )
        domain = Domain("company_id", "=", company.id) & Domain(
            "partner_id", "in", complaints.subselect("commercial_partner_id")
        )
        return domain if (True in value) == (operator == "in") else ~domain
