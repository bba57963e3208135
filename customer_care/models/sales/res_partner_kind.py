from odoo import fields, models

from ...const import CARE_USER, CUSTOMER_KINDS


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # Sales by channel: who the customer is to us. The analyses read it on the commercial partner (the company
    # a contact belongs to), as they read its sales.
    care_customer_kind = fields.Selection(
        CUSTOMER_KINDS,
        string="Customer Kind",
        index="btree_not_null",
        groups=CARE_USER,
        help="End user, dealer, retailer or one of our internal departments: sales are analysed by kind.",
    )
