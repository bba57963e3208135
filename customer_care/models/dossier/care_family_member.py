from odoo import fields, models


class CareFamilyMember(models.Model):
    """A customer's family member: their birthdays are care occasions too (家庭成员生日)."""

    _name = "care.family.member"
    _description = "Customer Family Member"
    _inherit = ["care.birthday.mixin", "care.dossier.record.mixin"]
    _order = "partner_id, id"

    name = fields.Char(required=True)
    relation = fields.Selection(
        [("spouse", "Spouse"), ("child", "Child"), ("parent", "Parent"), ("other", "Other")],
        required=True,
        default="other",
    )
    notes = fields.Text()
