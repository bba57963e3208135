from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ...const import MANAGER

# Set by the actions only (as superuser, once they have checked who acts): never written directly.
DECISION_FIELDS = {"state", "approver_id", "date_requested", "date_decided"}


class CareGiftRequest(models.Model):
    """A birthday gift requested for a customer (生日礼物申请) from a birthday duty, approved or
    refused by a care manager."""

    _name = "care.gift.request"
    _description = "Birthday Gift Request"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _rec_name = "gift"
    _check_company_auto = True

    task_id = fields.Many2one(
        "care.task",
        string="Birthday Duty",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('trigger', '=', 'birthday')]",
        check_company=True,
    )
    # Kept for the record: deleting the customer never deletes its gift requests.
    partner_id = fields.Many2one(related="task_id.partner_id", store=True, string="Customer", ondelete="restrict")
    company_id = fields.Many2one(related="task_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", string="Requested By", required=True, default=lambda self: self.env.user, index=True
    )
    gift = fields.Char(required=True, tracking=True)
    estimated_cost = fields.Monetary(tracking=True)
    reason = fields.Text()
    state = fields.Selection(
        [("draft", "Draft"), ("requested", "Requested"), ("approved", "Approved"), ("refused", "Refused")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    approver_id = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False)
    date_requested = fields.Date(readonly=True, copy=False)
    date_decided = fields.Date(string="Decision Date", readonly=True, copy=False)
    decision_note = fields.Text(copy=False)

    # ------------------------------------------------------------
    # CONSTRAINT METHODS
    # ------------------------------------------------------------

    @api.constrains("task_id")
    def _check_birthday_task(self):
        for request in self:
            if request.task_id.trigger != "birthday":
                raise ValidationError(self.env._("A gift can only be requested from a birthday duty."))

    @api.constrains("estimated_cost")
    def _check_estimated_cost(self):
        if any(request.estimated_cost < 0 for request in self):
            raise ValidationError(self.env._("The estimated cost of a gift cannot be negative."))

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # A new request starts as a draft: its default values may be given, nothing else.
            self._care_check_values({f: v for f, v in vals.items() if v and not (f == "state" and v == "draft")})
        requests = super().create(vals_list)
        # Related fields read the duty as superuser: make sure the requester may see the duty.
        requests.task_id.check_access("read")
        requests._care_check_own_duty()
        return requests

    def write(self, vals):
        self._care_check_values(vals)
        # Salespeople edit their drafts only; decisions go through the manager's actions.
        if not self.env.su and not self.env.user.has_group(MANAGER) and any(r.state != "draft" for r in self):
            raise AccessError(self.env._("Only a care manager may change a gift request once it is requested."))
        result = super().write(vals)
        if {"task_id", "user_id"} & set(vals):
            self._care_check_own_duty()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if any(request.state in ("approved", "refused") for request in self):
            raise UserError(self.env._("A decided gift request is kept for the record: it cannot be deleted."))

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def action_request(self):
        self.check_access("write")
        if any(request.state != "draft" for request in self):
            raise UserError(self.env._("Only a draft gift request can be sent for approval."))
        self._care_check_own_duty()
        self.sudo().write({"state": "requested", "date_requested": fields.Date.context_today(self)})
        return True

    def action_approve(self):
        self._care_decide("approved")
        return True

    def action_refuse(self):
        self._care_decide("refused")
        return True

    def action_reset_to_draft(self):
        self._care_check_manager()
        self.check_access("write")
        self.sudo().write({"state": "draft", "approver_id": False, "date_decided": False})
        return True

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_check_manager(self):
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only a care manager may approve or refuse a gift request."))

    @api.model
    def _care_check_values(self, vals):
        """The decision (state, approver, dates) is set by the actions only, whoever writes; the
        manager's note and another requester are for care managers."""
        if self.env.su:
            return
        if DECISION_FIELDS & set(vals):
            raise AccessError(
                self.env._("A gift request is requested, approved or refused with its buttons, not by editing it.")
            )
        if self.env.user.has_group(MANAGER):
            return
        if "decision_note" in vals or vals.get("user_id", self.env.uid) != self.env.uid:
            raise AccessError(
                self.env._("Only a care manager may note a decision or request a gift in someone else's name.")
            )

    def _care_check_own_duty(self):
        """A salesperson requests gifts on their own birthday duties only."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        for request in self.sudo():
            if request.user_id != self.env.user or request.task_id.user_id != self.env.user:
                raise AccessError(self.env._("You may request a gift only on one of your own birthday duties."))

    def _care_decide(self, state):
        self._care_check_manager()
        self.check_access("write")
        if any(request.state != "requested" for request in self):
            raise UserError(self.env._("Only a requested gift can be approved or refused."))
        self.sudo().write(
            {"state": state, "approver_id": self.env.user.id, "date_decided": fields.Date.context_today(self)}
        )
