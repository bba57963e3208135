from odoo import fields, models

from ..const import MANAGER


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Dossier
    care_dossier_field_ids = fields.Many2many(
        related="company_id.care_dossier_field_ids", readonly=False, groups=MANAGER
    )

    # Care duties
    care_weekly_contact_cap = fields.Integer(
        related="company_id.care_weekly_contact_cap", readonly=False, groups=MANAGER
    )

    # Grading
    care_volume_medium = fields.Monetary(related="company_id.care_volume_medium", readonly=False, groups=MANAGER)
    care_volume_large = fields.Monetary(related="company_id.care_volume_large", readonly=False, groups=MANAGER)
    care_observation_days = fields.Integer(related="company_id.care_observation_days", readonly=False, groups=MANAGER)
    care_tier_vip_share = fields.Float(related="company_id.care_tier_vip_share", readonly=False, groups=MANAGER)
    care_tier_major_share = fields.Float(related="company_id.care_tier_major_share", readonly=False, groups=MANAGER)
    care_tier_ordinary_share = fields.Float(
        related="company_id.care_tier_ordinary_share", readonly=False, groups=MANAGER
    )
    care_rfm_months = fields.Integer(related="company_id.care_rfm_months", readonly=False, groups=MANAGER)
    care_lost_days = fields.Integer(related="company_id.care_lost_days", readonly=False, groups=MANAGER)
    care_credit_late_share_b = fields.Float(
        related="company_id.care_credit_late_share_b", readonly=False, groups=MANAGER
    )
    care_credit_late_share_c = fields.Float(
        related="company_id.care_credit_late_share_c", readonly=False, groups=MANAGER
    )
    care_credit_late_share_d = fields.Float(
        related="company_id.care_credit_late_share_d", readonly=False, groups=MANAGER
    )
    care_credit_days_late_b = fields.Integer(
        related="company_id.care_credit_days_late_b", readonly=False, groups=MANAGER
    )
    care_credit_days_late_c = fields.Integer(
        related="company_id.care_credit_days_late_c", readonly=False, groups=MANAGER
    )
    care_credit_days_late_d = fields.Integer(
        related="company_id.care_credit_days_late_d", readonly=False, groups=MANAGER
    )
    care_credit_overdue_limit = fields.Monetary(
        related="company_id.care_credit_overdue_limit", readonly=False, groups=MANAGER
    )

    # Analyses
    care_profit_high_percent = fields.Float(
        related="company_id.care_profit_high_percent", readonly=False, groups=MANAGER
    )
    care_profit_low_percent = fields.Float(related="company_id.care_profit_low_percent", readonly=False, groups=MANAGER)

    def action_care_recompute_grades(self):
        return self.env["care.profile"].action_recompute_grades()

    # Early warnings
    care_alert_purchase_overdue = fields.Boolean(
        related="company_id.care_alert_purchase_overdue", readonly=False, groups=MANAGER
    )
    care_alert_overdue_factor = fields.Float(
        related="company_id.care_alert_overdue_factor", readonly=False, groups=MANAGER
    )
    care_alert_volume_drop = fields.Boolean(related="company_id.care_alert_volume_drop", readonly=False, groups=MANAGER)
    care_alert_volume_drop_pct = fields.Float(
        related="company_id.care_alert_volume_drop_pct", readonly=False, groups=MANAGER
    )
    care_alert_volume_drop_min = fields.Monetary(
        related="company_id.care_alert_volume_drop_min", readonly=False, groups=MANAGER
    )
    care_alert_late_payment = fields.Boolean(
        related="company_id.care_alert_late_payment", readonly=False, groups=MANAGER
    )
    care_alert_late_days = fields.Integer(related="company_id.care_alert_late_days", readonly=False, groups=MANAGER)
    care_alert_credit_down = fields.Boolean(related="company_id.care_alert_credit_down", readonly=False, groups=MANAGER)
    care_alert_no_contact = fields.Boolean(related="company_id.care_alert_no_contact", readonly=False, groups=MANAGER)
    care_alert_no_contact_days = fields.Integer(
        related="company_id.care_alert_no_contact_days", readonly=False, groups=MANAGER
    )
    care_alert_no_contact_vip_days = fields.Integer(
        related="company_id.care_alert_no_contact_vip_days", readonly=False, groups=MANAGER
    )
    care_alert_big_silent = fields.Boolean(related="company_id.care_alert_big_silent", readonly=False, groups=MANAGER)
    care_alert_big_top_n = fields.Integer(related="company_id.care_alert_big_top_n", readonly=False, groups=MANAGER)
    care_alert_big_share = fields.Float(related="company_id.care_alert_big_share", readonly=False, groups=MANAGER)

    # Complaints
    care_alert_complaint_overdue = fields.Boolean(
        related="company_id.care_alert_complaint_overdue", readonly=False, groups=MANAGER
    )
