from odoo import fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ...const import ALERT_LIVE_STATES


class CareProfile(models.Model):
    _inherit = "care.profile"

    # "Mark as lost" is a person's decision: it holds until the customer buys again (see the engine's hook).
    manual_stage = fields.Selection(selection_add=[("lost", "Lost")], ondelete={"lost": "set null"})
    has_live_alert = fields.Boolean(
        string="Open Alert",
        compute="_compute_has_live_alert",
        search="_search_has_live_alert",
        help="An open or acknowledged early warning on the customer in the profile's company.",
    )

    def _compute_has_live_alert(self):
        self._care_flags_by_search("has_live_alert")

    def _search_has_live_alert(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        # the alerts the user may read, straight from their table (not through the contacts and their rules)
        alerts = self.env["care.alert"]._search(Domain("state", "in", list(ALERT_LIVE_STATES)))
        domain = Domain.custom(
            to_sql=lambda model, alias, query: SQL(
                "(%s, %s) IN (%s)",
                model._field_to_sql(alias, "partner_id", query),
                model._field_to_sql(alias, "company_id", query),
                alerts.select(SQL.identifier(alerts.table, "partner_id"), SQL.identifier(alerts.table, "company_id")),
            )
        )
        return domain if (True in value) == (operator == "in") else ~domain
