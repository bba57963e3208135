from odoo import fields, models

from ...const import ALERT_LIVE_STATES, CARE_USER


class ResPartner(models.Model):
    """Early warnings on the customer: its alerts and the number still standing."""

    # one extension of res.partner per capability, in that capability's folder, rather than one file for all
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    care_alert_ids = fields.One2many("care.alert", "partner_id", string="Alerts", groups=CARE_USER, readonly=True)
    care_alert_live_ids = fields.One2many(
        "care.alert",
        "partner_id",
        string="Alerts Standing",
        domain=[("state", "in", ALERT_LIVE_STATES)],
        groups=CARE_USER,
        readonly=True,
    )
    care_alert_count = fields.Integer(
        string="Open Alerts",
        compute="_compute_care_alert_count",
        groups=CARE_USER,
        help="Open and acknowledged alerts of the customer (its company's, for a contact).",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    def _compute_care_alert_count(self):
        commercial = self.commercial_partner_id
        counts = dict(
            self.env["care.alert"]._read_group(
                [("partner_id", "in", commercial.ids), ("state", "in", ALERT_LIVE_STATES)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.care_alert_count = counts.get(partner.commercial_partner_id, 0)

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def action_care_view_alerts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_care.care_alert_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_filter_live": 1}
        return action

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_records_attached(self):
        # alerts are the customer's record (when it drifted, who dismissed it and why)
        return super()._care_records_attached() + [("care.alert", "partner_id")]
