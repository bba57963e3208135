from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount

from ...const import CARE_USER, MANAGER, SALES_MANAGER

# Kept by the system: set when an order is held or released, never by hand.
HOLD_FIELDS = ("care_hold", "care_hold_reason", "care_released_by_id", "care_release_reason")


class SaleOrder(models.Model):
    """The credit policy of the customer's matrix cell (信用政策) on quotations: its payment term when the customer
    is set, and its check in every confirmation (the button, RPC, portal signature, online payment): an order
    it stops is put on hold for a manager, never left silently unconfirmed."""

    _name = "sale.order"
    _inherit = ["sale.order", "care.banner.mixin"]

    care_hold = fields.Boolean(
        string="Credit Hold", readonly=True, copy=False, groups=CARE_USER, index="btree_not_null"
    )
    care_hold_reason = fields.Text(string="Hold Reason", readonly=True, copy=False, groups=CARE_USER)
    care_released_by_id = fields.Many2one(
        "res.users", string="Hold Released By", readonly=True, copy=False, groups=CARE_USER
    )
    care_release_reason = fields.Text(string="Release Reason", readonly=True, copy=False, groups=CARE_USER)

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    def _compute_payment_term_id(self):
        # The customer's cell's term goes ahead of the customer's own; a term given with the order is kept, as
        # the compute only runs when the customer or company is set or changed.
        result = super()._compute_payment_term_id()
        pairs = {order._care_credit_pair() for order in self if order.partner_id and order.company_id}
        policies = self.env["care.credit.policy"]._care_policies_for(pairs)
        for order in self:
            policy = policies.get(order._care_credit_pair())
            if policy and policy.payment_term_id:
                order.payment_term_id = policy.payment_term_id.id
        return result

    @api.depends("partner_id", "company_id")
    def _compute_care_banner(self):
        # follows the customer as it is picked in the form
        return super()._compute_care_banner()

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    def write(self, vals):
        if not self.env.su and set(HOLD_FIELDS).intersection(vals):
            raise AccessError(self.env._("Credit holds are set and released by the system, not by hand."))
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def action_confirm(self):
        """Orders the credit policy stops are put on hold (and reported); the others are confirmed."""
        to_check = self.filtered(
            lambda order: order.state in ("draft", "sent") and not order.sudo().care_released_by_id
        )
        held = to_check._care_credit_check()
        to_confirm = self - held
        result = super(SaleOrder, to_confirm).action_confirm() if to_confirm else True
        # a hold the customer paid its way out of (Block While Overdue) ends with the confirmation
        to_confirm.sudo().filtered("care_hold").write({"care_hold": False})
        if held:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "title": self.env._("Held for credit"),
                    "message": self.env._(
                        "Held until a manager releases them: %(orders)s",
                        orders=", ".join(f"{order.name} ({order.sudo().care_hold_reason})" for order in held),
                    ),
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return result

    def action_care_release_hold(self):
        """Managers: the release wizard, whose reason is required."""
        self._care_check_release_rights()
        if not self.sudo().filtered("care_hold"):
            raise UserError(self.env._("None of these orders is held for credit."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release Credit Hold"),
            "res_model": "care.credit.release",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": [fields.Command.set(self.ids)]},
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_banner_target(self):
        if not self.partner_id or not self.company_id:
            return None
        return self._care_credit_pair()

    def _care_credit_pair(self):
        return (self.partner_id.commercial_partner_id.id, self.company_id.id)

    def _care_check_release_rights(self):
        user = self.env.user
        if not (self.env.su or user.has_group(SALES_MANAGER) or user.has_group(MANAGER)):
            raise AccessError(self.env._("Only Sales and Customer Care managers may release a credit hold."))

    def _care_overdue(self):
        """{(commercial partner id, company id): (overdue amount, days the oldest open invoice is overdue)} of
        these orders' customers, from their posted invoices as they are now (not the night's grades)."""
        pairs = {order._care_credit_pair() for order in self}
        if not pairs:
            return {}
        today = fields.Date.context_today(self)
        self.env["account.move"].flush_model(
            ["commercial_partner_id", "company_id", "state", "move_type", "invoice_date_due", "amount_residual_signed"]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT am.commercial_partner_id, am.company_id, SUM(am.amount_residual_signed),
                       %(today)s::date - MIN(am.invoice_date_due)
                  FROM account_move am
                  JOIN unnest(%(partners)s::int[], %(companies)s::int[]) AS t(partner_id, company_id)
                    ON am.commercial_partner_id = t.partner_id AND am.company_id = t.company_id
                 WHERE am.state = 'posted' AND am.move_type IN ('out_invoice', 'out_refund')
                   AND am.amount_residual_signed > 0 AND am.invoice_date_due < %(today)s
              GROUP BY am.commercial_partner_id, am.company_id
                """,
                today=today,
                partners=[p for p, _c in pairs],
                companies=[c for _p, c in pairs],
            )
        )
        return {(partner, company): (amount, days) for partner, company, amount, days in rows}

    def _care_credit_check(self):
        """Apply the credit policy to these quotations about to be confirmed: log the warnings, put on hold
        the ones it stops (a to-do for the sales managers) and return them."""
        if not self:
            return self
        policies = self.env["care.credit.policy"]._care_policies_for({order._care_credit_pair() for order in self})
        overdue = self._care_overdue()
        held = self.browse()
        for order in self:
            policy = policies.get(order._care_credit_pair())
            if not policy or policy.confirm_action == "none":
                continue
            amount, days = overdue.get(order._care_credit_pair(), (0.0, 0))
            cell = dict(policy._fields["matrix_cell"]._description_selection(self.env))[policy.matrix_cell]
            currency = order.company_id.currency_id
            if policy.confirm_action == "warn":
                order.sudo().message_post(
                    body=self.env._(
                        "Credit warning (%(cell)s): confirmed with %(amount)s overdue, the oldest invoice %(days)s "
                        "days late.",
                        cell=cell,
                        amount=format_amount(self.env, amount, currency),
                        days=days,
                    ),
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
                continue
            if policy.confirm_action == "approve":
                reason = self.env._("%(cell)s: orders of this customer need a manager's approval.", cell=cell)
            else:
                too_much = currency.compare_amounts(amount, policy.overdue_amount_limit) > 0
                too_late = bool(policy.overdue_days_limit) and days > policy.overdue_days_limit
                if not (too_much or too_late):
                    continue
                values = {
                    "cell": cell,
                    "amount": format_amount(self.env, amount, currency),
                    "limit": format_amount(self.env, policy.overdue_amount_limit, currency),
                    "days": days,
                    "days_limit": policy.overdue_days_limit,
                }
                if policy.overdue_days_limit:
                    reason = self.env._(
                        "%(cell)s: %(amount)s overdue (limit %(limit)s), the oldest invoice %(days)s days late "
                        "(limit %(days_limit)s).",
                        **values,
                    )
                else:
                    reason = self.env._(
                        "%(cell)s: %(amount)s overdue (limit %(limit)s), the oldest invoice %(days)s days late.",
                        cell=cell,
                        amount=values["amount"],
                        limit=values["limit"],
                        days=days,
                    )
            held |= order
            order._care_hold(reason)
        return held

    def _care_hold(self, reason):
        """Hold this order (checked by the caller): the reason on the order and in the chatter, a to-do for the
        sales managers unless one is open already."""
        self.ensure_one()
        order = self.sudo()
        newly = not order.care_hold or order.care_hold_reason != reason
        order.write({"care_hold": True, "care_hold_reason": reason})
        if not newly:
            return
        order.message_post(
            body=Markup("%s<br/>%s") % (self.env._("Held for credit; a manager may release it."), reason),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        activity_type = self.env.ref("customer_care.mail_activity_type_care_credit_hold")
        if order.activity_ids.filtered(lambda activity: activity.activity_type_id == activity_type):
            return
        for manager in order._care_hold_managers():
            order.activity_schedule(
                "customer_care.mail_activity_type_care_credit_hold",
                user_id=manager.id,
                note=reason,
            )

    def _care_hold_managers(self):
        """Who is asked to release a hold: the sales team's leader when a sales manager, else the company's
        sales managers."""
        self.ensure_one()
        group = self.env.ref(SALES_MANAGER)
        leader = self.team_id.user_id
        if leader and group in leader.all_group_ids and self.company_id in leader.company_ids:
            return leader
        return group.sudo().all_user_ids.filtered(
            lambda user: not user.share and self.company_id in user.company_ids and not user._is_superuser()
        )

    def _care_release(self, reason):
        """Release the hold (rights checked by the caller) and confirm the order as the releasing manager."""
        self._care_check_release_rights()
        for order in self:
            if not order.sudo().care_hold:
                raise UserError(self.env._("%(order)s is not held for credit.", order=order.name))
            order.sudo().write(
                {"care_hold": False, "care_released_by_id": self.env.user.id, "care_release_reason": reason}
            )
            order.sudo().message_post(
                body=self.env._("Credit hold released by %(user)s: %(reason)s", user=self.env.user.name, reason=reason),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            order.sudo().activity_ids.filtered(
                lambda activity: activity.activity_type_id
                == self.env.ref("customer_care.mail_activity_type_care_credit_hold")
            ).action_feedback(feedback=reason)
        return self.action_confirm()
