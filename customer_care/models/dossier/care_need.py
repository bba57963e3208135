from odoo import fields, models


class CareNeed(models.Model):
    """A need the customer expressed (需求): recorded in detail so that offers and care match it."""

    _name = "care.need"
    _description = "Customer Need"
    _inherit = ["mail.thread", "care.dossier.record.mixin"]
    _order = "date_noted desc, id desc"
    _rec_name = "description"

    partner_id = fields.Many2one(tracking=True)
    description = fields.Char(required=True, tracking=True)
    notes = fields.Text()
    category_id = fields.Many2one(
        "product.category",
        string="Product Category",
        index="btree_not_null",
        help="The kind of product that would meet the need: care rules match customers on it.",
    )
    date_noted = fields.Date(required=True, default=fields.Date.context_today)
    state = fields.Selection(
        [("open", "Open"), ("met", "Met"), ("dropped", "Dropped")],
        required=True,
        default="open",
        tracking=True,
    )
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson", store=True, index="btree_not_null")

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_met(self):
        self.state = "met"

    def action_drop(self):
        self.state = "dropped"

    def action_reopen(self):
        self.state = "open"
