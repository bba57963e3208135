from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ...const import MANAGER, TIERS


class CareCustomerLoss(models.Model):
    """One loss of a customer in a company: when, why, who set it and who served the customer then, and
    whether the customer came back. Written by the "Mark as lost" action and by the grading engine when
    it moves a customer to the stage Lost; a later purchase marks it won back."""

    _name = "care.customer.loss"
    _description = "Lost Customer"
    _order = "lost_date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    lost_date = fields.Date(required=True, readonly=True)
    origin = fields.Selection(
        [("manual", "Marked by Hand"), ("engine", "Grading")],
        required=True,
        readonly=True,
        help="Marked by hand, or moved to Lost by the grading because the customer stopped buying.",
    )
    set_by_id = fields.Many2one(
        "res.users", string="Marked By", readonly=True, help="Empty when the grading moved the customer to Lost."
    )
    user_id = fields.Many2one("res.users", string="Salesperson Then", readonly=True, index=True)
    reason_id = fields.Many2one("care.lost.reason", ondelete="restrict")
    note = fields.Text()
    tier = fields.Selection(TIERS, string="Tier Then", readonly=True)
    revenue_12m = fields.Monetary(
        string="Revenue of Its Last 12 Months",
        readonly=True,
        help="Untaxed revenue of the 12 months up to the customer's last invoice before it was lost.",
    )
    won_back_date = fields.Date(string="Won Back On", readonly=True)
    won_back = fields.Boolean(compute="_compute_won_back", store=True)

    # one open loss per customer and company: a repeated mark or grading run adds none
    _open_uniq = models.UniqueIndex("(partner_id, company_id) WHERE won_back_date IS NULL")

    @api.depends("won_back_date")
    def _compute_won_back(self):
        for loss in self:
            loss.won_back = bool(loss.won_back_date)

    def write(self, vals):
        # Salespeople record the reason and a note; the rest is the system's or a manager's.
        if set(vals) - {"reason_id", "note"} and not self.env.su and not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only the reason and the note of a lost customer can be changed."))
        result = super().write(vals)
        if vals.get("reason_id"):
            self._care_close_reason_todos()
        return result

    def _care_close_reason_todos(self):
        """The to-do asking for the reason is done once a reason is recorded."""
        activity_type = self.env.ref("customer_care.mail_activity_type_lost_reason", raise_if_not_found=False)
        if not activity_type:
            return
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.partner_id.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        if activities:
            activities.action_feedback(feedback=self.env._("Reason recorded."))

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _care_open_losses(self, company, partner_ids, today, origin, set_by=None):
        """Open a loss for each customer without an open one, in one statement: the salesperson then, the tier
        and the revenue of the 12 months up to its last invoice. Returns the ids of the new losses."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO care_customer_loss (partner_id, company_id, lost_date, origin, set_by_id, user_id, tier,
                                                revenue_12m, won_back, create_uid, write_uid, create_date,
                                                write_date)
                SELECT r.id, %(company)s, %(today)s, %(origin)s, %(set_by)s, r.user_id, p.tier,
                       COALESCE((SELECT SUM(m.amount_untaxed_signed)
                                   FROM account_move m
                                  WHERE m.commercial_partner_id = r.id AND m.company_id = %(company)s
                                    AND m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
                                    AND m.invoice_date > p.last_invoice_date - INTERVAL '12 months'
                                    AND m.invoice_date <= p.last_invoice_date), 0),
                       FALSE, %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM res_partner r
                  LEFT JOIN care_profile p ON p.partner_id = r.id AND p.company_id = %(company)s
                 WHERE r.id = ANY(%(partners)s)
                    ON CONFLICT (partner_id, company_id) WHERE won_back_date IS NULL DO NOTHING
                RETURNING id
                """,
                company=company.id,
                today=today,
                origin=origin,
                set_by=set_by.id if set_by else None,
                uid=self.env.uid,
                now=self.env.cr.now(),
                partners=list(partner_ids),
            )
        )
        self.invalidate_model()
        return [row[0] for row in rows]

    def _care_ask_reason(self):
        """A to-do for the salesperson (else the company's) of each newly lost customer: record why."""
        today = fields.Date.context_today(self)
        by_user = {}
        for loss in self.sudo():
            user = loss.partner_id.user_id or loss.company_id.partner_id.user_id
            if user:
                by_user.setdefault(user, self.env["res.partner"])
                by_user[user] |= loss.partner_id
        for user, partners in by_user.items():
            partners.with_context(mail_activity_quick_update=True, mail_notify_author=False).activity_schedule(
                "customer_care.mail_activity_type_lost_reason",
                date_deadline=today,
                user_id=user.id,
                summary=self.env._("Record why this customer was lost"),
            )
