import operator as py_operator

from odoo import api, fields, models
from odoo.fields import Domain

from ...const import CARE_USER
from .care_satisfaction import TREND_DIRECTIONS

COMPARE = {"<": py_operator.lt, "<=": py_operator.le, ">": py_operator.gt, ">=": py_operator.ge}
COMPARISONS = tuple(COMPARE)


class ResPartner(models.Model):
    """The customer's satisfaction in the current company, shown on its Care page and searchable. Read with
    the user's own rights: a salesperson sees the satisfaction of their own customers only."""

    # one extension of res.partner per capability, in that capability's folder, rather than one file for all
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    care_satisfaction_score = fields.Float(
        string="Satisfaction",
        digits=(5, 1),
        compute="_compute_care_satisfaction",
        search="_search_care_satisfaction_score",
        groups=CARE_USER,
        help="Average of the last 12 months' ratings and satisfaction survey scores, on 0-100 (a rating of 5 "
        "counts 100, 3 counts 50, 1 counts 0; a survey its score in %).",
    )
    care_satisfaction_trend = fields.Float(
        string="Satisfaction Trend",
        digits=(5, 1),
        compute="_compute_care_satisfaction",
        search="_search_care_satisfaction_trend",
        groups=CARE_USER,
        help="Points gained or lost against the 12 months before.",
    )
    care_satisfaction_direction = fields.Selection(
        TREND_DIRECTIONS,
        string="Satisfaction Direction",
        compute="_compute_care_satisfaction",
        search="_search_care_satisfaction_direction",
        groups=CARE_USER,
    )
    care_satisfaction_count = fields.Integer(
        string="Ratings and Surveys",
        compute="_compute_care_satisfaction",
        search="_search_care_satisfaction_count",
        groups=CARE_USER,
        help="Ratings and satisfaction surveys of the last 12 months the score is computed from.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("commercial_partner_id")
    @api.depends_context("company", "uid")
    def _compute_care_satisfaction(self):
        rows = self.env["care.satisfaction"].search(
            [("partner_id", "in", self.commercial_partner_id.ids), ("company_id", "=", self.env.company.id)]
        )
        by_customer = {row.partner_id.id: row for row in rows}
        for partner in self:
            row = by_customer.get(partner.commercial_partner_id.id)
            count = row.total_count if row else 0
            partner.care_satisfaction_count = count
            partner.care_satisfaction_score = row.score if count else 0.0
            partner.care_satisfaction_trend = row.trend if count and row.trend_direction else 0.0
            partner.care_satisfaction_direction = row.trend_direction if count else False

    def _search_care_satisfaction(self, domain):
        """Customers (and their contacts) with a satisfaction row in the current company matching `domain`,
        among those the user may read."""
        rows = self.env["care.satisfaction"]._search(Domain("company_id", "=", self.env.company.id) & domain)
        return Domain("commercial_partner_id", "in", rows.subselect("partner_id"))

    def _search_care_satisfaction_score(self, operator, value):
        # among the customers with a score: ratings or surveys in the last 12 months
        return self._search_care_satisfaction(Domain("total_count", ">", 0) & Domain("score", operator, value))

    def _search_care_satisfaction_trend(self, operator, value):
        # among the customers with a trend: a score now and in the 12 months before
        return self._search_care_satisfaction(Domain("trend_direction", "!=", False) & Domain("trend", operator, value))

    def _search_care_satisfaction_direction(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        values = [v for v in value if v]
        domain = self._search_care_satisfaction(Domain("trend_direction", "in", values))
        if False in value:
            domain |= ~self._search_care_satisfaction(Domain("trend_direction", "!=", False))
        return domain if operator == "in" else ~domain

    def _search_care_satisfaction_count(self, operator, value):
        if operator not in COMPARISONS:
            return self._search_care_satisfaction(Domain("total_count", operator, value))
        domain = self._search_care_satisfaction(Domain("total_count", operator, value))
        if COMPARE[operator](0, value):
            # customers without any rating or survey have a count of 0
            domain |= ~self._search_care_satisfaction(Domain("total_count", ">", 0))
        return domain
