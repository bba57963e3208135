from odoo import fields, models

from ...const import CARE_USER


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # The "Care Alert" to-do the daily run gives the salesperson for a new alert; it goes when the alert resolves.
    care_alert_id = fields.Many2one(
        "care.alert",
        string="Care Alert",
        index="btree_not_null",
        ondelete="cascade",
        groups=CARE_USER,
        copy=False,
        readonly=True,
    )
