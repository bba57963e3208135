from odoo import api, fields, models
from odoo.exceptions import UserError

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

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    def _compute_care_task_count(self):
        counts = dict(self.env["care.task"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.care_task_count = counts.get(partner, 0)

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_except_care_record(self):
        """Duties (and their fines), gift requests and grade history are the company's record of
        the customer: whoever deletes, a customer with any of them is archived instead (the
        database refuses the deletion anyway; this says why)."""
        kept = self.env["res.partner"]
        for model in ("care.task", "care.gift.request", "care.grade.history"):
            groups = self.env[model].sudo()._read_group([("partner_id", "in", self.ids)], ["partner_id"])
            kept |= self.browse(partner.id for (partner,) in groups)
        if kept:
            raise UserError(
                self.env._(
                    "%(names)s cannot be deleted: care duties, gift requests or grade history refer to them. "
                    "Archive them instead.",
                    names=", ".join(kept.sudo().mapped("display_name")),
                )
            )

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
        # duties (with their fines), gift requests and outreach contacts are the record of the care given
        return super()._care_records_attached() + [
            ("care.task", "partner_id"),
            ("care.gift.request", "partner_id"),
            ("care.outreach", "partner_id"),
        ]
