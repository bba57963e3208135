from odoo import fields, models

from ...const import MANAGER


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    care_pool_enabled = fields.Boolean(related="company_id.care_pool_enabled", readonly=False, groups=MANAGER)
    care_pool_claim_quota = fields.Integer(related="company_id.care_pool_claim_quota", readonly=False, groups=MANAGER)
    care_pool_cooldown_days = fields.Integer(
        related="company_id.care_pool_cooldown_days", readonly=False, groups=MANAGER
    )
    care_pool_reminder_days = fields.Integer(
        related="company_id.care_pool_reminder_days", readonly=False, groups=MANAGER
    )
    care_pool_lock_cap = fields.Integer(related="company_id.care_pool_lock_cap", readonly=False, groups=MANAGER)
