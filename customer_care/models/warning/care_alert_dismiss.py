from odoo import fields, models


class CareAlertDismiss(models.TransientModel):
    """Dismiss alerts with a reason (and an optional date to look again), or snooze them until a date."""

    _name = "care.alert.dismiss"
    _description = "Dismiss or Snooze Alerts"

    alert_ids = fields.Many2many("care.alert", string="Alerts", required=True)
    mode = fields.Selection([("dismiss", "Dismiss"), ("snooze", "Snooze")], required=True, default="dismiss")
    reason = fields.Text(help="Why the alert needs no action: required to dismiss.")
    snooze_until = fields.Date(
        string="Look Again On", help="The alert opens again on this date if its condition still holds."
    )

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "snooze":
            self.alert_ids.action_snooze(self.snooze_until, reason=self.reason)
        else:
            self.alert_ids.action_dismiss(self.reason, snooze_until=self.snooze_until)
        return {"type": "ir.actions.act_window_close"}
