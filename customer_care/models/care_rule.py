from odoo import api, fields, models
from odoo.exceptions import ValidationError

CARE_TRIGGERS = [
    ("birthday", "Birthday"),
    ("holiday", "Public Holiday"),
    ("solar_term", "Solar Term"),
    ("periodic_contact", "Periodic Contact"),
    ("after_sale", "After-Sale Follow-Up"),
    ("outreach_follow_up", "Outreach Follow-Up"),
    ("event_invitation", "Event Invitation"),
    ("anniversary", "First Purchase Anniversary"),
    ("new_product", "New Product Call"),
]
CARE_CHANNELS = [("activity", "To-Do Activity"), ("email", "Email"), ("both", "Email and To-Do")]
# Triggers whose `interval_days` means something, and its default.
INTERVAL_TRIGGERS = {"periodic_contact": 30, "after_sale": 7, "outreach_follow_up": 7}


class CareRule(models.Model):
    """A care policy line (DOMAIN.md §4): which customers get which duty, on which occasion, by
    which channel, how early, how late it may still be done, and the fine when it is missed."""

    _name = "care.rule"
    _description = "Care Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10, help="Rules first in the list win when the weekly cap is reached.")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    trigger = fields.Selection(CARE_TRIGGERS, required=True, default="birthday")
    birthday_of = fields.Selection(
        [("customer", "The Customer"), ("key_person", "Key Persons"), ("family_member", "Family Members")],
        string="Birthday Of",
        default="customer",
    )
    interval_days = fields.Integer(
        string="Days",
        default=30,
        help="Periodic contact: one duty every N days. After-sale: follow up N days after the invoice. "
        "Outreach follow-up: call within N days of the outreach.",
    )
    event_type = fields.Selection(
        [("appreciation", "Appreciation Event"), ("marketing", "Marketing Activity")],
        string="Event Type",
        help="Event invitation: only events of this type (all company events when empty).",
    )
    # Which customers
    partner_domain = fields.Char(string="Customers", default="[('customer_rank', '>', 0)]")
    demand_state_ids = fields.Many2many(
        "ir.model.fields.selection",
        "care_rule_demand_state_rel",
        string="Demand States",
        domain=[("field_id.model", "=", "res.partner"), ("field_id.name", "=", "care_demand_state")],
    )
    salesperson_ids = fields.Many2many("res.users", "care_rule_salesperson_rel", string="Salespeople")
    # How and when
    channel = fields.Selection(CARE_CHANNELS, required=True, default="activity")
    mail_template_id = fields.Many2one(
        "mail.template", string="Email Template", domain=[("model", "=", "res.partner")]
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        default=lambda self: self.env.ref("customer_care.mail_activity_type_care_duty", raise_if_not_found=False),
    )
    lead_days = fields.Integer(default=3, help="The duty is created this many days before it is due.")
    grace_days = fields.Integer(default=3, help="Done this many days after the due date still counts, as late.")
    fine_amount = fields.Monetary(string="Fine per Miss", default=10.0, currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    task_ids = fields.One2many("care.task", "rule_id", string="Duties")
    task_count = fields.Integer(compute="_compute_task_count")
    last_run_date = fields.Date(readonly=True, copy=False, help="Company-local date of the last completed daily run.")

    _lead_days_positive = models.Constraint("CHECK(lead_days >= 0)", "Lead days cannot be negative.")
    _grace_days_positive = models.Constraint("CHECK(grace_days >= 0)", "Grace days cannot be negative.")
    _fine_positive = models.Constraint("CHECK(fine_amount >= 0)", "A fine cannot be negative.")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    def _compute_task_count(self):
        counts = dict(self.env["care.task"]._read_group([("rule_id", "in", self.ids)], ["rule_id"], ["__count"]))
        for rule in self:
            rule.task_count = counts.get(rule, 0)

    # ------------------------------------------------------------
    # CONSTRAINTS AND ONCHANGES
    # ------------------------------------------------------------

    @api.constrains("trigger", "interval_days", "channel", "mail_template_id")
    def _check_rule(self):
        for rule in self:
            if rule.trigger in INTERVAL_TRIGGERS and rule.interval_days < 1:
                raise ValidationError(self.env._("The number of days of rule %(rule)s must be positive.", rule=rule.name))
            if rule.channel in ("email", "both") and not rule.mail_template_id:
                raise ValidationError(self.env._("Rule %(rule)s sends emails: choose its email template.", rule=rule.name))

    @api.onchange("trigger")
    def _onchange_trigger(self):
        if self.trigger in INTERVAL_TRIGGERS:
            self.interval_days = INTERVAL_TRIGGERS[self.trigger]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_care.care_task_action")
        action["domain"] = [("rule_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _care_today(self, company):
        """Today in the company's time zone (its partner's tz, UTC when unset): occasions are due on
        the company's local date, whoever runs the cron and wherever the server is."""
        tz = company.partner_id.tz or "UTC"
        return fields.Date.context_today(self.with_context(tz=tz))
