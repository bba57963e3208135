from odoo import fields, models
from odoo.exceptions import UserError


class CareCreditRelease(models.TransientModel):
    """A manager's override of a credit hold: the reason is required and goes to the order's chatter."""

    _name = "care.credit.release"
    _description = "Release Credit Hold"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    reason = fields.Text(required=True)

    def action_release(self):
        self.ensure_one()
        self.order_ids._care_check_release_rights()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the hold is released."))
        self.order_ids._care_release(reason)
        return {"type": "ir.actions.act_window_close"}
