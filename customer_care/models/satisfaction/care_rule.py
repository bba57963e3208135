from odoo import api, fields, models
from odoo.exceptions import ValidationError

# How often a satisfaction survey goes to each customer by default, in days.
SURVEY_DEFAULT_INTERVAL = 90


class CareRule(models.Model):
    """Satisfaction on care rules: a rating request after each duty of a rule that asks for one, and the
    periodic satisfaction survey (满意度调查) as a trigger of its own."""

    _inherit = "care.rule"

    trigger = fields.Selection(
        selection_add=[("satisfaction_survey", "Satisfaction Survey")],
        ondelete={"satisfaction_survey": "set default"},
    )
    ask_rating = fields.Boolean(
        string="Ask for a Rating",
        help="When a duty of this rule is done, the customer receives Odoo's rating request by email "
        "(a link to rate the service 1, 3 or 5).",
    )
    rating_template_id = fields.Many2one(
        "mail.template",
        string="Rating Request Template",
        domain=[("model", "=", "care.task")],
        default=lambda self: self.env.ref("customer_care.mail_template_care_task_rating", raise_if_not_found=False),
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        domain=[("scoring_type", "!=", "no_scoring")],
        help="Satisfaction survey: the scored survey sent to each customer once per period; its score, as a "
        "percentage, counts in the customer's satisfaction.",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS AND ONCHANGES
    # ------------------------------------------------------------

    @api.constrains("trigger", "survey_id", "interval_days", "lead_days", "channel", "ask_rating")
    def _check_satisfaction_survey(self):
        for rule in self.filtered(lambda r: r.trigger == "satisfaction_survey"):
            if not rule.survey_id:
                raise ValidationError(
                    self.env._("Rule %(rule)s sends a satisfaction survey: choose the survey.", rule=rule.name)
                )
            if rule.survey_id.scoring_type == "no_scoring":
                raise ValidationError(
                    self.env._(
                        "The survey of rule %(rule)s gives no score: choose a scored survey, its score in %% counts "
                        "in the customers' satisfaction.",
                        rule=rule.name,
                    )
                )
            if rule.channel == "activity":
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s sends a satisfaction survey: its channel must send an email.", rule=rule.name
                    )
                )
            if rule.interval_days < 1:
                raise ValidationError(
                    self.env._("The number of days of rule %(rule)s must be positive.", rule=rule.name)
                )
            if rule.lead_days > rule.interval_days:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s sends a survey every %(period)s days: plan it at most %(period)s days ahead, "
                        "not %(lead)s.",
                        rule=rule.name,
                        period=rule.interval_days,
                        lead=rule.lead_days,
                    )
                )

    @api.onchange("trigger")
    def _onchange_trigger_satisfaction(self):
        if self.trigger == "satisfaction_survey":
            self.interval_days = SURVEY_DEFAULT_INTERVAL
            if self.channel == "activity":
                self.channel = "email"

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_needs_template(self):
        # the survey's own invitation goes out, not a template of the rule
        return super()._care_needs_template() and self.trigger != "satisfaction_survey"

    def _care_candidates_satisfaction_survey(self, partners, date_from, date_to):
        """One survey per customer per period of N days, sent on the period's last day: the periodic
        contact's periods (counted from the same anchor, so every run agrees on them)."""
        return self._care_candidates_periodic_contact(partners, date_from, date_to)
