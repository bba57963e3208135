from odoo import api, models


class AccountMove(models.Model):
    """The customer banner on customer invoices and credit notes."""

    _name = "account.move"
    _inherit = ["account.move", "care.banner.mixin"]

    @api.depends("partner_id", "company_id", "move_type")
    def _compute_care_banner(self):
        # follows the customer as it is picked in the form
        return super()._compute_care_banner()

    def _care_banner_inputs(self):
        return ("partner_id", "company_id", "move_type")

    def _care_banner_target(self):
        if not self.is_sale_document(include_receipts=True) or not self.partner_id or not self.company_id:
            return None
        return (self.partner_id.commercial_partner_id.id, self.company_id.id)
