from odoo import api, fields, models

from ...const import CARE_USER
from ...utils import check_bounds

POOL_SETTING_BOUNDS = {
    "care_pool_claim_quota": (0, 1000),
    "care_pool_cooldown_days": (0, 3650),
    "care_pool_reminder_days": (0, 365),
    "care_pool_lock_cap": (0, 100000),
}


class ResCompany(models.Model):
    """The public pool's settings, per company (off by default)."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    care_pool_enabled = fields.Boolean(
        string="Public Customer Pool",
        help="Customers their salesperson neglects go back to a pool that every salesperson may claim from.",
        groups=CARE_USER,
    )
    care_pool_claim_quota = fields.Integer(
        string="Pool Claims per Day",
        default=5,
        help="Customers a salesperson may claim from the pool in a day.",
        groups=CARE_USER,
    )
    care_pool_cooldown_days = fields.Integer(
        string="Pool Claim Cooldown (days)",
        default=30,
        help="A salesperson cannot claim a customer they lost (reclaimed, released or handed over) within these days.",
        groups=CARE_USER,
    )
    care_pool_reminder_days = fields.Integer(
        string="Pool Reminder (days before)",
        default=3,
        help="The salesperson gets a to-do this many days before a customer goes back to the pool.",
        groups=CARE_USER,
    )
    care_pool_lock_cap = fields.Integer(
        string="Locked Customers per Salesperson",
        default=20,
        help="How many of a salesperson's customers managers may lock against the pool; 0 means no cap.",
        groups=CARE_USER,
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._care_check_pool_bounds(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._care_check_pool_bounds(vals)
        return super().write(vals)

    def _care_check_pool_bounds(self, values):
        check_bounds(self, values, POOL_SETTING_BOUNDS)
