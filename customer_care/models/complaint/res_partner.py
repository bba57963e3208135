from odoo import fields, models
from odoo.fields import Domain

from ...const import CARE_USER


class ResPartner(models.Model):
    """Complaints on the customer: their count and who complained last calendar year."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    care_complaint_count = fields.Integer(
        string="Complaint Count", compute="_compute_care_complaint_count", groups=CARE_USER
    )
    care_complained_last_year = fields.Boolean(
        string="Complained Last Year",
        compute="_compute_care_complained_last_year",
        search="_search_care_complained_last_year",
        groups=CARE_USER,
    )

    def _compute_care_complaint_count(self):
        counts = dict(
            self.env["care.complaint"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.care_complaint_count = counts.get(partner.commercial_partner_id, 0)

    def _care_last_year(self):
        return self.env["care.rule"]._care_today(self.env.company).year - 1

    def _compute_care_complained_last_year(self):
        complainers = set(
            self.search(Domain("id", "in", self.ids) & Domain("care_complained_last_year", "=", True)).ids
        )
        for partner in self:
            partner.care_complained_last_year = partner.id in complainers

    def _search_care_complained_last_year(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        query = self.env["care.complaint"]._care_complainers_of_year(self._care_last_year())
        positive = (True in value) == (operator == "in")
        return Domain("id", "in" if positive else "not in", query)

    def action_care_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_care.care_complaint_action")
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
