from odoo import fields, models


class CareFamilyMember(models.Model):
    """A customer's family member: their birthdays are care occasions too (家庭成员生日)."""

    _name = "care.family.member"
    _description = "Customer Family Member"
    _inherit = ["care.birthday.mixin"]
    _order = "partner_id, id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
    name = fields.Char(required=True)
    relation = fields.Selection(
        [("spouse", "Spouse"), ("child", "Child"), ("parent", "Parent"), ("other", "Other")],
        required=True,
        default="other",
    )
    notes = fields.Text()
