from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..const import CARE_USER, MANAGER


class CareMarkLostWizard(models.TransientModel):
    """Mark customers as lost by hand: a reason is required; the date and who did it are kept."""

    _name = "care.mark.lost.wizard"
    _description = "Mark Customers as Lost"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    reason_id = fields.Many2one("care.lost.reason")
    note = fields.Text()

    def action_mark_lost(self):
        self.ensure_one()
        user = self.env.user
        if not user.has_group(CARE_USER):
            raise AccessError(self.env._("Only customer care users mark customers as lost."))
        if not self.reason_id:
            raise UserError(self.env._("Say why the customer was lost."))
        customers = self.partner_ids.commercial_partner_id
        if not user.has_group(MANAGER) and any(customer.user_id != user for customer in customers):
            raise AccessError(self.env._("You may mark only your own customers as lost."))
        company = self.env.company
        today = self.env["care.rule"]._care_today(company)
        Loss = self.env["care.customer.loss"].sudo()
        for customer in customers.sudo():
            profile = self.env["care.profile"].sudo()._care_profile_for(customer, company)
            if profile.stage != "lost" or profile.manual_stage != "lost":
                profile._care_set_manual_stage("lost")
        Loss._care_open_losses(company, customers.ids, today, origin="manual", set_by=user)
        # an open loss the grading opened, still without a reason, gets this one
        Loss.search(
            [("partner_id", "in", customers.ids), ("company_id", "=", company.id), ("won_back_date", "=", False)]
        ).write({"reason_id": self.reason_id.id, "note": self.note, "set_by_id": user.id})
        for customer in customers.sudo():
            customer.message_post(
                body=self.env._(
                    "Marked as lost by %(user)s: %(reason)s.%(note)s",
                    user=user.name,
                    reason=self.reason_id.name,
                    note=f" {self.note}" if self.note else "",
                )
            )
        return {"type": "ir.actions.act_window_close"}
