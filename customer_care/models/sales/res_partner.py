from odoo import models


class ResPartner(models.Model):
    """The customer banner on the contact, for the current company."""

    _name = "res.partner"
    _inherit = ["res.partner", "care.banner.mixin"]  # pylint: disable=consider-merging-classes-inherited

    def _care_banner_inputs(self):
        # the contact's banner is its company's (commercial partner) for the current company
        return ("parent_id", "is_company", "customer_rank")

    def _care_banner_target(self):
        partner = self.commercial_partner_id
        if not partner._origin.id or not partner.customer_rank:
            return None
        return (partner._origin.id, self.env.company.id)
