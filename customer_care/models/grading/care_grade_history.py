from odoo import api, fields, models

from ...const import GRADED_FIELDS


class CareGradeHistory(models.Model):
    """One change of a customer's tier, matrix cell, credit grade or stage in one company.

    Written in bulk by the grading engine (no chatter: a nightly run may change thousands), so that
    "last year's largest customer" and trends can be answered."""

    _name = "care.grade.history"
    _description = "Customer Grade Change"
    _order = "date desc, id desc"

    # History is kept for the record: a customer with history is archived, never deleted.
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="restrict", readonly=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    field = fields.Selection(GRADED_FIELDS, required=True, readonly=True)
    old_value = fields.Char(readonly=True, help="Technical value before the change; empty on the first grading.")
    new_value = fields.Char(readonly=True)
    old_label = fields.Char(string="From", compute="_compute_labels")
    new_label = fields.Char(string="To", compute="_compute_labels")
    date = fields.Date(required=True, readonly=True, index=True)

    _partner_company_idx = models.Index("(partner_id, company_id, field, date)")

    @api.depends("field", "old_value", "new_value")
    @api.depends_context("lang")
    def _compute_labels(self):
        # The profile's selection fields carry the translated labels of the stored keys.
        profile_fields = self.env["care.profile"]._fields
        labels = {
            fname: dict(profile_fields[fname]._description_selection(self.env)) for fname, _label in GRADED_FIELDS
        }
        for change in self:
            names = labels.get(change.field, {})
            if change.old_value:
                change.old_label = names.get(change.old_value, change.old_value)
            else:
                # No value before: the customer's first grading, said so rather than left blank.
                change.old_label = self.env._("first grading")
            change.new_label = names.get(change.new_value, change.new_value or "")
