from odoo import api, fields, models
from odoo.exceptions import UserError


class CareFamilyMember(models.Model):
    """A customer's family member: their birthdays are care occasions too (家庭成员生日)."""

    _name = "care.family.member"
    _description = "Customer Family Member"
    _inherit = ["care.birthday.mixin", "care.dossier.record.mixin"]
    _order = "partner_id, id"

    name = fields.Char(string="Full Name", required=True)
    relation = fields.Selection(
        [("spouse", "Spouse"), ("child", "Child"), ("parent", "Parent"), ("other", "Other")],
        required=True,
        default="other",
    )
    notes = fields.Text()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_care_task(self):
        # Their birthday duties stay on record (the database refuses the deletion anyway: this says why).
        if self.env["care.task"].sudo().search_count([("family_member_id", "in", self.ids)], limit=1):
            raise UserError(
                self.env._("A family member with care duties is kept for the record: archive them instead.")
            )
