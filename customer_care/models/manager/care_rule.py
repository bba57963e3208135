from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ...const import MANAGER


class CareRule(models.Model):
    """A rule's preview: which customers have an occasion due within its lead window from today, so
    that a manager checks a new rule (its trigger, filters and customer domain) before the daily run
    gives anyone a duty. The same candidate query as the run, without creating anything."""

    _inherit = "care.rule"  # pylint: disable=consider-merging-classes-inherited

    preview_count = fields.Integer(
        string="Due Soon",
        compute="_compute_preview_count",
        groups=MANAGER,
        help="Customers with a salesperson whose occasion falls due between today and the end of the lead "
        "window: the duties the daily run gives (or gave) for this window.",
    )

    @api.depends(
        "trigger",
        "lead_days",
        "interval_days",
        "birthday_of",
        "event_type",
        "partner_domain",
        "salesperson_ids",
        "demand_state_ids",
        "stage_ids",
        "tier_ids",
        "matrix_cell_ids",
        "company_id",
    )
    @api.depends_context("uid")
    def _compute_preview_count(self):
        for rule in self:
            try:
                rule.preview_count = len(rule._care_preview_partner_ids()) if rule.id else 0
            except UserError:  # a customer domain refused: the form's banner and the run tell why
                rule.preview_count = 0

    def _care_preview_partner_ids(self):
        """Ids of the customers the rule gives a duty due between today (the company's) and the end of
        its lead window, as the daily run chooses them (a salesperson, not do-not-contact)."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only Customer Care managers preview care rules."))
        rule = self.sudo()  # the run's rights; the customer domain stays its author's (see _care_partners_query)
        today = rule._care_today(rule.company_id)
        self.env.flush_all()
        candidates = getattr(rule, f"_care_candidates_{rule.trigger}")(
            rule._care_partners_query(), today, today + timedelta(days=rule.lead_days)
        )
        if candidates is None:
            return []
        rows = self.env.execute_query(
            SQL(
                """SELECT DISTINCT c.partner_id
                     FROM (%s) c
                     JOIN res_partner p ON p.id = c.partner_id
                     JOIN res_partner cp ON cp.id = p.commercial_partner_id
                    WHERE COALESCE(p.user_id, cp.user_id) IS NOT NULL""",
                candidates,
            )
        )
        return [row[0] for row in rows]

    def action_care_preview(self):
        """The customers of the preview, as a list the manager may open."""
        self.ensure_one()
        partner_ids = self._care_preview_partner_ids()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Due Soon: %(rule)s", rule=self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", partner_ids)],
            "context": {"create": False},
            "help": self.env._(
                "<p class='o_view_nocontent_smiling_face'>No customer due within the lead window</p>"
                "<p>Widen the lead window or the customer filters.</p>"
            ),
        }
