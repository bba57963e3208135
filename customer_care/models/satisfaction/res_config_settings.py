from odoo import fields, models

from ...const import MANAGER


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    care_low_satisfaction_score = fields.Integer(
        related="company_id.care_low_satisfaction_score", readonly=False, groups=MANAGER
    )

    care_alert_low_satisfaction = fields.Boolean(
        related="company_id.care_alert_low_satisfaction", readonly=False, groups=MANAGER
    )

    def action_care_refresh_satisfaction(self):
        return self.env["care.satisfaction"].action_refresh()
