from odoo import api, fields, models

from ...const import CARE_USER


class SurveyUserInput(models.Model):
    """A satisfaction survey's answer points back to its customer and to the care duty that sent it; its
    completion refreshes the customer's satisfaction."""

    _inherit = "survey.user_input"

    care_task_id = fields.Many2one(
        "care.task", string="Care Duty", index="btree_not_null", ondelete="set null", readonly=True, groups=CARE_USER
    )
    care_partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        groups=CARE_USER,
        help="The customer whose satisfaction this answer counts in.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        answers = super().create(vals_list)
        answers._care_refresh_satisfaction()
        return answers

    def write(self, vals):
        result = super().write(vals)
        if {"state", "scoring_percentage", "care_partner_id", "test_entry"} & set(vals):
            self._care_refresh_satisfaction()
        return result

    def _care_refresh_satisfaction(self):
        customers = self.sudo().filtered(lambda answer: answer.state == "done").care_partner_id
        if customers:
            self.env["care.satisfaction"].sudo()._care_refresh_customers(customers)
