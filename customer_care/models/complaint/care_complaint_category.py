from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ...utils import out_of_bounds

LIMIT_BOUNDS = {"time_limit_days": (1, 365), "reply_limit_days": (0, 365)}


class CareComplaintCategory(models.Model):
    _name = "care.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    time_limit_days = fields.Integer(
        string="Time Limit (working days)",
        required=True,
        default=5,
        help="Working days after the day of receipt by which the complaint must be resolved and replied to.",
    )
    reply_limit_days = fields.Integer(
        string="Reply Limit (working days)",
        help="Optional: working days after the day of receipt by which the customer gets a first answer (0: none).",
    )
    answer_ids = fields.One2many("care.complaint.answer", "category_id", string="Standard Answers")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, default=lambda self: self.env.company)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.env["care.complaint"].sudo().search_count([("category_id", "in", self.ids)], limit=1):
            raise UserError(self.env._("A category of recorded complaints is kept: archive it instead."))

    @api.constrains("time_limit_days", "reply_limit_days")
    def _check_limits(self):
        for category in self:
            wrong = out_of_bounds(
                {"time_limit_days": category.time_limit_days, "reply_limit_days": category.reply_limit_days},
                LIMIT_BOUNDS,
            )
            if wrong:
                name, low, high, value = wrong
                raise ValidationError(
                    self.env._(
                        "%(field)s of category %(category)s must be between %(low)s and %(high)s (not %(value)s).",
                        field=self._fields[name].string,
                        category=category.name,
                        low=low,
                        high=high,
                        value=value,
                    )
                )
