from odoo import api, models
from odoo.fields import Domain

from ..complaint.care_complaint import OPEN_STATES as COMPLAINT_OPEN_STATES


class CareOverview(models.AbstractModel):
    """The overview's complaints and satisfaction, and the managers' questions the grades alone do not answer:
    the customers who raise our costs and last year's largest customers (the calendar year's report). Each
    figure is, as the others, one query through the ORM over a domain that clicking it opens."""

    _inherit = "care.overview"

    # ------------------------------------------------------------
    # FIGURES
    # ------------------------------------------------------------

    def _care_figure_names(self):
        return dict(
            super()._care_figure_names(),
            complaints_open=self.env._("Open Complaints"),
            complaints_overdue=self.env._("Overdue Complaints"),
            complainers_last_year=self.env._("Last Year's Complainers"),
            satisfaction=self.env._("Customer Satisfaction"),
            satisfaction_low=self.env._("Customers Below the Satisfaction Mark"),
            cost_raisers=self.env._("Customers Who Raise Our Costs"),
            largest_last_year=self.env._("Last Year's Largest Customers"),
            largest_not_again=self.env._("Last Year's Largest Customers Not Ordered Again"),
        )

    def _care_figures(self):
        figures = super()._care_figures()
        company = self.env.company
        # complaints as their record rules show them: a salesperson's customers' and the ones they handle
        complaints = Domain("company_id", "=", company.id) & Domain("state", "in", list(COMPLAINT_OPEN_STATES))
        rated = Domain("company_id", "=", company.id) & Domain("total_count", ">", 0)
        largest = Domain("company_id", "=", company.id)
        figures.update(
            complaints_open=("care.complaint", complaints),
            complaints_overdue=("care.complaint", complaints & Domain("is_overdue", "=", True)),
            complainers_last_year=(
                "res.partner",
                Domain("care_complained_last_year", "=", True) & self._care_own("user_id"),
            ),
            satisfaction=("care.satisfaction", rated),
            satisfaction_low=(
                "care.satisfaction",
                rated & Domain("score", "<", company.sudo().care_low_satisfaction_score),
            ),
            cost_raisers=(
                "care.profile",
                self._care_profiles()
                & (
                    Domain("low_margin", "=", True)
                    | Domain("complained_recently", "=", True)
                    | Domain("credit_grade", "in", ["c", "d"])
                ),
            ),
            largest_last_year=("care.largest.customer.report", largest),
            largest_not_again=("care.largest.customer.report", largest & Domain("ordered_again", "=", False)),
        )
        return figures

    def _care_count_keys(self):
        return super()._care_count_keys() + [
            "complaints_open",
            "complaints_overdue",
            "complainers_last_year",
            "satisfaction_low",
            "cost_raisers",
        ]

    def _care_overview_questions(self, figures):
        """The figures of this block, each from one query."""
        data = {}
        model, domain = figures["satisfaction"]
        [(customers, score)] = self.env[model]._read_group(domain, [], ["__count", "score:avg"])
        data["satisfaction"] = score if customers else None
        data["satisfaction_mark"] = self.env.company.sudo().care_low_satisfaction_score
        model, domain = figures["largest_last_year"]
        groups = dict(self.env[model]._read_group(domain, ["ordered_again"], ["__count"]))
        data["largest_last_year"] = {"count": sum(groups.values()), "ordered_again": groups.get(True, 0)}
        data["largest_not_again"] = groups.get(False, 0)
        return data

    @api.model
    def get_overview(self):
        data = super().get_overview()
        data.update(self._care_overview_questions(self._care_figures()))
        return data

    @api.model
    def action_open_figure(self, key, value=None):
        action = super().action_open_figure(key, value)
        views = {
            "care.largest.customer.report": "list,pivot",
            "care.satisfaction": "list",
            "care.complaint": "list,kanban,form",
        }.get(action["res_model"])
        if views:
            action["views"] = [(False, mode) for mode in views.split(",")]
        return action
