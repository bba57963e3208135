from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CareOutreach(models.Model):
    """An outreach contact (外拓): a customer met outside the shop, at a fair or door to door. An
    outreach follow-up rule plans a call within N days of it."""

    _name = "care.outreach"
    _description = "Outreach Contact"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade", check_company=True
    )
    date = fields.Date(required=True, default=lambda self: self._default_date())
    user_id = fields.Many2one("res.users", string="Salesperson", required=True, default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    note = fields.Text(help="Where and how the customer was met.")

    _partner_date_idx = models.Index("(partner_id, date)")

    def _default_date(self):
        return self.env["care.rule"]._care_today(self.env.company)

    @api.constrains("date")
    def _check_date(self):
        today = self.env["care.rule"]._care_today(self.env.company)
        for outreach in self:
            if outreach.date > today:
                raise ValidationError(self.env._("An outreach contact cannot be logged in the future."))
