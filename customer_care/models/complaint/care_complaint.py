from datetime import date

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import is_html_empty

from ...const import MANAGER

STATES = [
    ("new", "New"),
    ("assessing", "Assessing"),
    ("rejected", "Rejected"),
    ("assigned", "Assigned"),
    ("resolving", "Resolving"),
    ("replied", "Replied"),
    ("closed", "Closed"),
]
# The written procedure: each state and the only states it may come from.
PREVIOUS_STATES = {
    "assessing": ("new",),
    "rejected": ("assessing",),
    "assigned": ("assessing",),
    "resolving": ("assigned",),
    "replied": ("resolving",),
    "closed": ("replied",),
}
# Judging validity and deciding who handles a complaint: a manager or the handling team's leader.
DECIDING_STATES = ("rejected", "assigned")
# Investigating, replying and closing: whoever handles the complaint (responsible person, team) or a manager.
HANDLING_STATES = ("resolving", "replied", "closed")
OPEN_STATES = ("new", "assessing", "assigned", "resolving")


class CareComplaint(models.Model):
    _name = "care.complaint"
    _description = "Customer Complaint"
    _inherit = ["portal.mixin", "mail.activity.mixin", "rating.mixin", "mail.thread"]
    _order = "received_date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        "res.partner", related="partner_id.commercial_partner_id", store=True, index=True, string="Customer Entity"
    )
    contact_id = fields.Many2one(
        "res.partner",
        check_company=True,
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
        help="The person who complained, when the customer is a company.",
    )
    received_date = fields.Date(
        string="Received On", required=True, default=lambda self: self._default_received_date(), tracking=True
    )
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("visit", "Visit"),
            ("email", "Email"),
            ("wechat", "WeChat"),
            ("letter", "Letter"),
            ("web", "Web Form"),
        ],
        required=True,
        default="phone",
    )
    category_id = fields.Many2one("care.complaint.category", tracking=True, index=True, ondelete="restrict")
    severity = fields.Selection(
        [("low", "Low"), ("normal", "Normal"), ("high", "High"), ("critical", "Critical")],
        required=True,
        default="normal",
        tracking=True,
    )
    description = fields.Html(required=True)
    product_ids = fields.Many2many("product.product", string="Products", check_company=True)
    order_ids = fields.Many2many(
        "sale.order", string="Orders", check_company=True, groups="sales_team.group_sale_salesman"
    )
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        check_company=True,
        groups="account.group_account_invoice,sales_team.group_sale_salesman",
        domain="[('move_type', 'in', ('out_invoice', 'out_refund'))]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index=True,
        tracking=True,
        compute="_compute_user_id",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
        help="The customer's salesperson: records and follows the complaint.",
    )
    team_id = fields.Many2one("care.complaint.team", string="Handling Team", index=True, tracking=True)
    responsible_id = fields.Many2one("res.users", index=True, tracking=True, domain="[('share', '=', False)]")
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        tracking=True,
        help="The category's time limit in working days after the day of receipt, on the company's working "
        "calendar (statutory days off skipped, adjusted working days counted).",
    )
    reply_deadline = fields.Date(compute="_compute_deadline", store=True)
    is_overdue = fields.Boolean(string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue")
    state = fields.Selection(STATES, required=True, default="new", tracking=True, index=True, copy=False)
    rejection_reason = fields.Text(tracking=True)
    cause = fields.Text(string="Investigation", help="What the investigation found.")
    answer_id = fields.Many2one(
        "care.complaint.answer",
        string="Standard Answer",
        domain="[('category_id', '=', category_id)]",
        index="btree_not_null",
    )
    reply = fields.Html(help="The answer given to the customer, from the standard answer.")
    reply_channel = fields.Selection(
        [("email", "Email"), ("phone", "Phone"), ("visit", "Visit")], default="email", string="Reply By"
    )
    reply_date = fields.Date(readonly=True, copy=False)
    verdict = fields.Selection(
        [("satisfied", "Satisfied"), ("partly", "Partly Satisfied"), ("dissatisfied", "Dissatisfied")],
        string="Customer's Verdict",
        tracking=True,
    )
    cause_class = fields.Selection(
        [
            ("product", "Product Quality"),
            ("service", "Service Attitude"),
            ("delivery", "Delivery"),
            ("price", "Price or Billing"),
            ("misunderstanding", "Misunderstanding"),
            ("other", "Other"),
        ],
    )
    corrective_action = fields.Text()
    preventive_action = fields.Text()
    closed_date = fields.Date(readonly=True, copy=False)
    color = fields.Integer(compute="_compute_is_overdue")

    _company_name_uniq = models.UniqueIndex("(company_id, name)")
    _state_deadline_idx = models.Index("(deadline) WHERE state IN ('new', 'assessing', 'assigned', 'resolving')")

    # ------------------------------------------------------------
    # DEFAULTS AND COMPUTE METHODS
    # ------------------------------------------------------------

    def _default_received_date(self):
        return self.env["care.rule"]._care_today(self.env.company)

    @api.depends("partner_id")
    def _compute_user_id(self):
        for complaint in self:
            if not complaint.user_id:
                complaint.user_id = complaint.partner_id.commercial_partner_id.user_id or complaint.partner_id.user_id

    @api.depends("received_date", "category_id.time_limit_days", "category_id.reply_limit_days", "company_id")
    def _compute_deadline(self):
        Occasion = self.env["care.occasion"].sudo()
        for complaint in self:
            category, received = complaint.category_id, complaint.received_date
            if not (category and received):
                complaint.deadline = complaint.reply_deadline = False
                continue
            company = complaint.company_id or self.env.company
            complaint.deadline = Occasion._care_add_working_days(company, received, category.time_limit_days)
            complaint.reply_deadline = (
                Occasion._care_add_working_days(company, received, category.reply_limit_days)
                if category.reply_limit_days
                else False
            )

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        today_by_company = {}
        for complaint in self:
            company = complaint.company_id or self.env.company
            if company not in today_by_company:
                today_by_company[company] = self.env["care.rule"]._care_today(company)
            complaint.is_overdue = bool(
                complaint.state in OPEN_STATES and complaint.deadline and complaint.deadline < today_by_company[company]
            )
            complaint.color = 1 if complaint.is_overdue else 0

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = self.env["care.rule"]._care_today(self.env.company)
        overdue = Domain("state", "in", list(OPEN_STATES)) & Domain("deadline", "<", today)
        return overdue if (True in value) == (operator == "in") else ~overdue

    def _compute_access_url(self):
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "new") != "new":
                raise UserError(self.env._("A complaint is recorded as new; its procedure moves it on."))
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).sudo().next_by_code("care.complaint") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals:
            state = vals["state"]
            for complaint in self:
                complaint._care_check_step(state, vals)
        if {"reply_date", "closed_date", "deadline", "reply_deadline"} & set(vals) and not self.env.context.get(
            "care_complaint_step"
        ):
            raise UserError(self.env._("The deadlines, reply and closing dates are kept by the procedure."))
        if {"team_id", "responsible_id", "category_id", "received_date"} & set(vals) and not self.env.su:
            # once decided, who handles a complaint and its deadline change only by whom decided them
            user = self.env.user
            for complaint in self:
                if complaint.state not in ("new", "assessing") and not (
                    user.has_group(MANAGER) or user == complaint.sudo().team_id.leader_id
                ):
                    raise AccessError(
                        self.env._(
                            "Only a Customer Care manager or the handling team's leader reassigns complaint "
                            "%(reference)s or changes its deadline.",
                            reference=complaint.name,
                        )
                    )
        result = super().write(vals)
        if "state" in vals:
            self._care_after_step(vals["state"])
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_handled(self):
        if any(complaint.state not in ("new", "rejected") for complaint in self):
            raise UserError(self.env._("A complaint being handled is the customer's record: it is never deleted."))

    # ------------------------------------------------------------
    # ONCHANGE METHODS
    # ------------------------------------------------------------

    @api.onchange("answer_id")
    def _onchange_answer_id(self):
        if self.answer_id:
            self.reply = self.answer_id._care_render(self)

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def action_assess(self):
        self.write({"state": "assessing"})

    def action_reject(self):
        self.write({"state": "rejected"})

    def action_assign(self):
        self.write({"state": "assigned"})

    def action_resolve(self):
        self.write({"state": "resolving"})

    def action_reply(self):
        """Reply by email through Odoo's composer (the complaint moves on when it is sent), or record that the
        answer was given by phone or at a visit."""
        self.ensure_one()
        if self.reply_channel == "email":
            self._care_check_step("replied", {})
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Reply to the Customer"),
                "res_model": "mail.compose.message",
                "view_mode": "form",
                "target": "new",
                "context": {
                    "default_model": self._name,
                    "default_res_ids": self.ids,
                    "default_composition_mode": "comment",
                    "default_body": self.reply,
                    "default_partner_ids": self.partner_id.ids,
                    "default_subject": self.env._("Your complaint %(reference)s", reference=self.name),
                    "care_complaint_reply": True,
                },
            }
        self.write({"state": "replied"})
        channel = dict(self._fields["reply_channel"]._description_selection(self.env))[self.reply_channel]
        self.message_post(
            body=Markup("<p>%s</p>%s")
            % (self.env._("Reply given by %(channel)s:", channel=channel.lower()), self.reply or ""),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def action_close(self):
        self.write({"state": "closed"})

    # ------------------------------------------------------------
    # MAIL AND RATING
    # ------------------------------------------------------------

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if self.env.context.get("care_complaint_reply") and len(self) == 1 and self.state == "resolving":
            # the reply sent from the composer is the reply kept on the complaint
            self.write({"reply": kwargs.get("body") or self.reply, "reply_channel": "email", "state": "replied"})
        return message

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to the complaints alias: a complaint of the sender's contact (created when unknown)."""
        values = dict(custom_values or {})
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if not author and msg_dict.get("email_from"):
            author = self._partner_find_from_emails_single([msg_dict["email_from"]], no_create=False)
        customer = author.commercial_partner_id
        subject = msg_dict.get("subject") or ""
        values.update(
            # the reference comes from the sequence, the subject heads the description
            name="/",
            partner_id=customer.id,
            contact_id=author.id if author != customer else False,
            channel="email",
            description=Markup("<p><strong>%s</strong></p>%s") % (subject, Markup(msg_dict.get("body") or "")),
        )
        if customer.company_id:
            values.setdefault("company_id", customer.company_id.id)
        return super().message_new(msg_dict, custom_values=values)

    def _message_get_suggested_recipients(self, *args, **kwargs):
        recipients = super()._message_get_suggested_recipients(*args, **kwargs)
        if self.partner_id and self.partner_id.id not in [r.get("partner_id") for r in recipients]:
            recipients.append({"partner_id": self.partner_id.id, "create_values": {}})
        return recipients

    def _rating_get_operator(self):
        return self.responsible_id.partner_id or super()._rating_get_operator()

    def _rating_get_partner(self):
        return self.contact_id or self.partner_id

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_is_handler(self, user):
        return user == self.responsible_id or user in self.team_id.member_ids or user == self.team_id.leader_id

    def _care_check_step(self, state, vals):
        """The gate of the written procedure, whoever moves the complaint and however (button or direct write)."""
        self.ensure_one()
        labels = dict(STATES)
        if state not in PREVIOUS_STATES:
            raise UserError(
                self.env._(
                    "Complaint %(reference)s cannot go back to %(state)s.", reference=self.name, state=labels.get(state)
                )
            )
        if self.state not in PREVIOUS_STATES[state]:
            raise UserError(
                self.env._(
                    "Complaint %(reference)s is %(current)s: it cannot be %(state)s before it is %(needed)s.",
                    reference=self.name,
                    current=labels[self.state],
                    state=labels[state],
                    needed=", ".join(labels[s] for s in PREVIOUS_STATES[state]),
                )
            )
        user = self.env.user
        if not self.env.su and not user.has_group(MANAGER):
            team = self.env["care.complaint.team"].browse(vals.get("team_id", self.team_id.id)).sudo()
            if state in DECIDING_STATES and user != team.leader_id:
                raise AccessError(
                    self.env._(
                        "Only a Customer Care manager or the handling team's leader judges complaint %(reference)s "
                        "and decides who handles it.",
                        reference=self.name,
                    )
                )
            if state in HANDLING_STATES and not self.sudo()._care_is_handler(user):
                raise AccessError(
                    self.env._(
                        "Only the responsible person, the handling team or a Customer Care manager handles "
                        "complaint %(reference)s.",
                        reference=self.name,
                    )
                )

        def value(name):
            return vals[name] if name in vals else self[name]

        required = {
            "rejected": ["rejection_reason"],
            "assigned": ["team_id", "responsible_id", "category_id"],
            "assessing": [],
            "resolving": [],
            "replied": ["cause", "corrective_action", "reply", "reply_channel"],
            "closed": ["verdict", "cause_class", "corrective_action", "preventive_action"],
        }[state]
        missing = [
            self._fields[name].string
            for name in required
            if not value(name) or (name == "reply" and is_html_empty(value(name)))
        ]
        if missing:
            raise ValidationError(
                self.env._(
                    "Complaint %(reference)s cannot be %(state)s without: %(fields)s.",
                    reference=self.name,
                    state=labels[state],
                    fields=", ".join(missing),
                )
            )

    def _care_after_step(self, state):
        today = self.env["care.rule"]._care_today(self.env.company)
        Step = self.with_context(care_complaint_step=True)
        if state == "replied":
            Step.write({"reply_date": today})
        elif state == "closed":
            Step.write({"closed_date": today})
            template = self.env.ref("customer_care.care_complaint_rating_request", raise_if_not_found=False)
            for complaint in self:
                if template and complaint._rating_get_partner().email:
                    complaint.rating_send_request(template, force_send=False)
        for complaint in self:
            if state == "rejected":
                # the customer is told why
                complaint.message_post(
                    body=self.env._(
                        "Your complaint %(reference)s was examined and found not to be valid: %(reason)s",
                        reference=complaint.name,
                        reason=complaint.rejection_reason,
                    ),
                    partner_ids=complaint._rating_get_partner().ids,
                    subtype_xmlid="mail.mt_comment",
                )
            elif state == "assigned" and complaint.responsible_id:
                complaint.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=complaint.deadline or today,
                    user_id=complaint.responsible_id.id,
                    summary=self.env._("Resolve complaint %(reference)s", reference=complaint.name),
                )

    @api.model
    def _care_complainers_of_year(self, year):
        """A query of the customers (commercial partners) with a complaint received in the calendar year."""
        self.flush_model(["commercial_partner_id", "received_date"])
        return self._search(
            Domain("received_date", ">=", date(year, 1, 1)) & Domain("received_date", "<=", date(year, 12, 31))
        ).subselect("commercial_partner_id")
