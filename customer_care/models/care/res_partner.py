from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

from ...const import CARE_USER


class ResPartner(models.Model):
    """Care work on the customer: its outreach contacts and its care duties."""

    # one extension of res.partner per capability, in that capability's folder, rather than one file for all
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    care_outreach_ids = fields.One2many(
        "care.outreach", "partner_id", string="Outreach Contacts", groups=CARE_USER, readonly=True
    )
    care_task_ids = fields.One2many("care.task", "partner_id", string="Care Duties", groups=CARE_USER, readonly=True)
    care_task_count = fields.Integer(string="Care Duty Count", compute="_compute_care_task_count", groups=CARE_USER)
    # Odoo's "customer rank" reads like a grade in Chinese (客户等级): care rules choose their customers by this
    # instead, named for what it means.
    care_is_customer = fields.Boolean(
        string="Customer (has an order or invoice)",
        compute="_compute_care_is_customer",
        search="_search_care_is_customer",
        groups=CARE_USER,
        help="A contact becomes a customer with its first quotation, order or invoice. This is not the customer's "
        "grade (tier, credit or stage).",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    def _compute_care_task_count(self):
        counts = dict(self.env["care.task"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.care_task_count = counts.get(partner, 0)

    def _compute_care_is_customer(self):
        for partner in self:
            partner.care_is_customer = partner.customer_rank > 0

    def _search_care_is_customer(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        if not self.env.su and not self.env.user.has_group(CARE_USER):
            # as for the stored care fields: whoever may not read it may not search by it either
            raise AccessError(self.env._("Only Customer Care users may choose customers by this field."))
        customers = Domain("customer_rank", ">", 0)
        wanted = Domain.OR([customers] * (True in value) + [~customers] * (False in value))
        return wanted if operator == "in" else ~wanted

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def action_care_log_outreach(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Outreach"),
            "res_model": "care.outreach",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_care_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_care.care_task_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_records_attached(self):
        # duties (with their fines), gift requests and outreach contacts are the record of the care given (the
        # database refuses deleting a customer with duties or gift requests anyway: the check says why)
        return super()._care_records_attached() + [
            ("care.task", "partner_id"),
            ("care.gift.request", "partner_id"),
            ("care.outreach", "partner_id"),
        ]
