from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Dossier
    care_dossier_field_ids = fields.Many2many(related="company_id.care_dossier_field_ids", readonly=False)

    # Care duties
    care_weekly_contact_cap = fields.Integer(related="company_id.care_weekly_contact_cap", readonly=False)
