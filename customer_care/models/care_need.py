from odoo import api, fields, models
from odoo.exceptions import UserError

MANAGER = "customer_care.customer_care_group_manager"


class CareNeed(models.Model):
    """A need the customer expressed (需求): recorded in detail so that offers and care match it."""

    _name = "care.need"
    _description = "Customer Need"
    _inherit = ["mail.thread"]
    _order = "date_noted desc, id desc"
    _rec_name = "description"

    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade", tracking=True
    )
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
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson", store=True, index="btree_not_null")

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        needs = super().create(vals_list)
        needs.partner_id.sudo()._care_touch_dossier()
        return needs

    def write(self, vals):
        result = super().write(vals)
        self.partner_id.sudo()._care_touch_dossier()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_care_user(self):
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise UserError(self.env._("Needs are part of the company's customer record: archive them instead."))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_met(self):
        self.state = "met"

    def action_drop(self):
        self.state = "dropped"

    def action_reopen(self):
        self.state = "open"
