from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape


class CareComplaintAnswer(models.Model):
    """The company's unified answers to complaints (统一客户投诉回答标准), one or more per category."""

    _name = "care.complaint.answer"
    _description = "Standard Complaint Answer"
    _order = "category_id, name, id"

    name = fields.Char(string="Title", required=True, translate=True)
    category_id = fields.Many2one("care.complaint.category", required=True, index=True, ondelete="cascade")
    body = fields.Html(
        required=True,
        translate=True,
        help="{customer} is replaced by the customer's name and {reference} by the complaint's reference.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, default=lambda self: self.env.company)
    complaint_count = fields.Integer(string="Times Used", compute="_compute_complaint_count")

    def _compute_complaint_count(self):
        counts = dict(
            self.env["care.complaint"]._read_group([("answer_id", "in", self.ids)], ["answer_id"], ["__count"])
        )
        for answer in self:
            answer.complaint_count = counts.get(answer, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.env["care.complaint"].sudo().search_count([("answer_id", "in", self.ids)], limit=1):
            raise UserError(self.env._("A standard answer given to customers is kept: archive it instead."))

    def _care_render(self, complaint):
        """The body with the customer's name and the complaint's reference (escaped) in its placeholders."""
        self.ensure_one()
        body = str(self.body or "")
        body = body.replace("{customer}", html_escape(complaint.partner_id.name or ""))
        return body.replace("{reference}", html_escape(complaint.name or ""))

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_care.care_complaint_action")
        action["domain"] = [("answer_id", "=", self.id)]
        action["context"] = {}
        return action
