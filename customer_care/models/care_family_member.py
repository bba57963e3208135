from odoo import api, fields, models
from odoo.exceptions import UserError

MANAGER = "customer_care.customer_care_group_manager"


class CareFamilyMember(models.Model):
    """A customer's family member: their birthdays are care occasions too (家庭成员生日)."""

    _name = "care.family.member"
    _description = "Customer Family Member"
    _inherit = ["care.birthday.mixin"]
    _order = "partner_id, id"

    active = fields.Boolean(default=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
    name = fields.Char(required=True)
    relation = fields.Selection(
        [("spouse", "Spouse"), ("child", "Child"), ("parent", "Parent"), ("other", "Other")],
        required=True,
        default="other",
    )
    notes = fields.Text()

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members.partner_id.sudo()._care_touch_dossier()
        return members

    def write(self, vals):
        result = super().write(vals)
        self.partner_id.sudo()._care_touch_dossier()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_care_user(self):
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise UserError(
                self.env._("Family members are part of the company's customer record: archive them instead.")
            )
