from odoo import api, fields, models
from odoo.exceptions import AccessError

from ...const import CARE_USER, MANAGER


class MailActivity(models.Model):
    # one extension of mail.activity per capability, in that capability's folder
    _inherit = "mail.activity"  # pylint: disable=consider-merging-classes-inherited

    # The "Care Alert" to-do the daily run gives the salesperson for a new alert; it goes when the alert resolves.
    care_alert_id = fields.Many2one(
        "care.alert",
        index="btree_not_null",
        ondelete="cascade",
        groups=CARE_USER,
        copy=False,
        readonly=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Marking a linked to-do done acknowledges its alert: only the daily run links one.
        if not self.env.su and any(vals.get("care_alert_id") for vals in vals_list):
            raise AccessError(self.env._("Only the daily alert run links a to-do to an alert."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "care_alert_id" in vals:
            raise AccessError(self.env._("Only the daily alert run links a to-do to an alert."))
        return super().write(vals)

    def _action_done(self, feedback=False, attachment_ids=None):
        # The salesperson marking the alert's to-do done has seen it: the open alert is acknowledged, by them
        # (a to-do someone else marks done leaves the alert to its salesperson or a manager).
        user = self.env.user
        alerts = self.sudo().care_alert_id.filtered(
            lambda alert: alert.state == "open"
            and (user in (alert.user_id | alert.partner_id.user_id) or user.has_group(MANAGER))
        )
        if alerts:
            alerts.write(
                {
                    "state": "acknowledged",
                    "acknowledged_date": alerts[:1]._care_today(),
                    "acknowledged_by_id": user.id,
                }
            )
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
