from odoo import api, fields, models

from ...const import CARE_USER
from ...utils import check_bounds

SATISFACTION_BOUNDS = {"care_low_satisfaction_score": (0, 100)}


class ResCompany(models.Model):
    # one extension of res.company per capability, in that capability's folder
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    care_low_satisfaction_score = fields.Integer(
        string="Low Satisfaction Below",
        default=40,
        help="A survey scored below this (in %), like a rating of 1, counts as low satisfaction: the customer's "
        "salesperson is warned.",
        groups=CARE_USER,
    )

    care_alert_low_satisfaction = fields.Boolean(
        string="Low Satisfaction Alerts",
        default=True,
        help="Warn the salesperson while a customer's latest rating is 1 or its latest survey is scored below the "
        "low mark.",
        groups=CARE_USER,
    )

    _care_low_satisfaction_score_range = models.Constraint(
        "CHECK(care_low_satisfaction_score BETWEEN 0 AND 100)", "The low satisfaction score runs from 0 to 100."
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._care_check_satisfaction_bounds(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._care_check_satisfaction_bounds(vals)
        return super().write(vals)

    def _care_check_satisfaction_bounds(self, values):
        check_bounds(self, values, SATISFACTION_BOUNDS)
