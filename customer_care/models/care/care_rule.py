import datetime
import logging
import time
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime as safe_eval_datetime
from odoo.tools.safe_eval import safe_eval

from ...const import CARE_CHANNELS, CARE_TRIGGERS
from ...utils import CONCURRENCY_ERRORS, out_of_bounds, rollback_concurrent

_logger = logging.getLogger(__name__)

# Triggers whose `interval_days` means something, and its default.
INTERVAL_TRIGGERS = {"periodic_contact": 30, "after_sale": 7, "outreach_follow_up": 7}
# Inserts beyond this many duties refresh the planner statistics of the duty table.
ANALYZE_THRESHOLD = 5000
# Periodic contact: consecutive periods of N days counted from this date, so every run agrees on them.
PERIOD_ANCHOR = datetime.date(2000, 1, 1)
# Quick filters: rule field -> the res.partner selection field it picks values of.
QUICK_FILTERS = {
    "demand_state_ids": "care_demand_state",
    "stage_ids": "care_stage",
    "tier_ids": "care_tier",
    "matrix_cell_ids": "care_matrix_cell",
}
# What a person types on a rule, bounded (inclusive): beyond a year of days the dates the rule computes
# overflow or its duties pile up for years ahead; a fine above a million is a typing slip.
MAX_RULE_DAYS = 365
RULE_BOUNDS = {
    "lead_days": (0, MAX_RULE_DAYS),
    "grace_days": (0, MAX_RULE_DAYS),
    "interval_days": (0, MAX_RULE_DAYS),
    "fine_amount": (0, 1_000_000),
    "sequence": (0, 1_000_000),
}
# The writes that keep a rule's run record rather than change what it does.
RUN_RECORD_FIELDS = {"last_run_date", "last_error", "last_error_date"}
ANY_OPERATORS = ("any", "not any", "any!", "not any!")


def _selection_values(field_name, relation, string):
    return fields.Many2many(
        "ir.model.fields.selection",
        relation,
        string=string,
        # By the field's id rather than through field_id.model: managers read rules, not the fields' metadata.
        domain=lambda self: [("field_id", "=", self.env["ir.model.fields"]._get("res.partner", field_name).id)],
    )


class CareRule(models.Model):
    """A line of the company's written customer-care policy: which customers get which duty, on which
    occasion, by which channel, how early, how late it may still be done, and the fine when it is missed."""

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
        help="Event invitation: only events of this type (all company events when empty).",
    )
    # Which customers
    partner_domain = fields.Char(string="Customers", default="[('care_is_customer', '=', True)]")
    partner_domain_user_id = fields.Many2one(
        "res.users",
        string="Customers Chosen By",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="Whoever last wrote the customer domain: it is evaluated with this user's access rights, so that "
        "a rule never picks customers by data its author may not read.",
    )
    demand_state_ids = _selection_values("care_demand_state", "care_rule_demand_state_rel", "Demand States")
    stage_ids = _selection_values("care_stage", "care_rule_stage_rel", "Lifecycle Stages")
    tier_ids = _selection_values("care_tier", "care_rule_tier_rel", "Value Tiers")
    matrix_cell_ids = _selection_values("care_matrix_cell", "care_rule_matrix_cell_rel", "Matrix Cells")
    salesperson_ids = fields.Many2many("res.users", "care_rule_salesperson_rel", string="Salespeople")
    # How and when
    channel = fields.Selection(CARE_CHANNELS, required=True, default="activity")
    mail_template_id = fields.Many2one("mail.template", string="Email Template", domain=[("model", "=", "res.partner")])
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        default=lambda self: self.env.ref("customer_care.mail_activity_type_care_duty", raise_if_not_found=False),
    )
    script = fields.Text(
        translate=True,
        help="The greeting or call script the duty shows, filled in: {customer} is the customer's name, "
        "{salutation} how to address them (王先生, Ms. Li), {occasion} the occasion.",
    )
    lead_days = fields.Integer(default=3, help="The duty is created this many days before it is due.")
    grace_days = fields.Integer(default=3, help="Done this many days after the due date still counts, as late.")
    fine_amount = fields.Monetary(string="Fine per Miss", default=10.0, currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    task_ids = fields.One2many("care.task", "rule_id", string="Duties")
    task_count = fields.Integer(compute="_compute_task_count")
    last_run_date = fields.Date(readonly=True, copy=False, help="Company-local date of the last completed daily run.")
    last_error = fields.Text(
        readonly=True,
        copy=False,
        help="Why the last daily run of this rule failed. The rule is tried again the next day, or at the next "
        "run once someone changes it.",
    )
    last_error_date = fields.Datetime(string="Failed On", readonly=True, copy=False)

    _lead_days_range = models.Constraint(
        f"CHECK(lead_days BETWEEN 0 AND {MAX_RULE_DAYS})", f"Lead days run from 0 to {MAX_RULE_DAYS}."
    )
    _grace_days_range = models.Constraint(
        f"CHECK(grace_days BETWEEN 0 AND {MAX_RULE_DAYS})", f"Grace days run from 0 to {MAX_RULE_DAYS}."
    )
    _interval_days_range = models.Constraint(
        f"CHECK(interval_days BETWEEN 0 AND {MAX_RULE_DAYS})", f"A rule's days run from 0 to {MAX_RULE_DAYS}."
    )
    _fine_range = models.Constraint("CHECK(fine_amount BETWEEN 0 AND 1000000)", "A fine runs from 0 to 1,000,000.")

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

    @api.constrains(*RULE_BOUNDS)
    def _check_bounds(self):
        for rule in self:
            rule._care_check_bounds({name: rule[name] for name in RULE_BOUNDS}, rule.name)

    @api.constrains("trigger", "interval_days", "lead_days", "channel", "mail_template_id")
    def _check_rule(self):
        for rule in self:
            if rule.trigger in INTERVAL_TRIGGERS and rule.interval_days < 1:
                raise ValidationError(
                    self.env._("The number of days of rule %(rule)s must be positive.", rule=rule.name)
                )
            if rule.trigger == "periodic_contact" and rule.lead_days > rule.interval_days:
                # More would plan several periods ahead at once: a duty per customer per day for a period of 1.
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s asks for a contact every %(period)s days: plan it at most %(period)s days "
                        "ahead, not %(lead)s.",
                        rule=rule.name,
                        period=rule.interval_days,
                        lead=rule.lead_days,
                    )
                )
            if rule.channel in ("email", "both") and not rule.mail_template_id and rule._care_needs_template():
                raise ValidationError(
                    self.env._("Rule %(rule)s sends emails: choose its email template.", rule=rule.name)
                )

    @api.constrains("partner_domain", "partner_domain_user_id")
    def _check_partner_domain(self):
        for rule in self:
            try:
                rule._care_partners_query()
            except ValidationError:
                raise
            except Exception as error:  # noqa: BLE001 - any bad domain: eval, field, operator or access errors
                raise ValidationError(
                    self.env._(
                        "The customer domain of rule %(rule)s is not valid: %(error)s", rule=rule.name, error=error
                    )
                ) from error

    @api.onchange("trigger")
    def _onchange_trigger(self):
        if self.trigger in INTERVAL_TRIGGERS:
            self.interval_days = INTERVAL_TRIGGERS[self.trigger]

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # Checked before the INSERT, which would otherwise fail with a database error on a huge number.
        for vals in vals_list:
            self._care_check_bounds(vals, vals.get("name", ""))
        return super().create([self._care_with_domain_author(vals, create=True) for vals in vals_list])

    def write(self, vals):
        vals = self._care_with_domain_author(vals)
        if RUN_RECORD_FIELDS.issuperset(vals):
            return super().write(vals)
        # A failed rule that someone changes is tried again at the next run, not the next day.
        failed = self.filtered("last_error")
        if failed:
            super(CareRule, failed).write(dict(vals, last_error=False, last_error_date=False, last_run_date=False))
        return super(CareRule, self - failed).write(vals)

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

    @api.model
    def _cron_generate_tasks(self):
        """The daily run: open duties past their grace become missed, then each active rule plans
        the duties due in its lead window. One rule per committed batch; a rule done today (its
        company's date) leaves the work list, so a run killed halfway resumes where it stopped, and
        the unique index makes any repeat create nothing."""
        cron = self.env["ir.cron"]
        try:
            self.env["care.task"]._care_update_states()
        except CONCURRENCY_ERRORS:
            rollback_concurrent(self.env, "marking the missed duties")
            cron._commit_progress(remaining=1)
            return
        rules = self.search([("active", "=", True)])
        todo = rules.filtered(lambda rule: rule.last_run_date != self._care_today(rule.company_id))
        cron._commit_progress(remaining=len(todo))
        for done, rule in enumerate(todo):
            try:
                rule._care_run(self._care_today(rule.company_id))
            except CONCURRENCY_ERRORS:
                # the rule is not marked run today: the next call plans it again from fresh data
                rollback_concurrent(self.env, f"care rule {rule.id}")
                cron._commit_progress(remaining=len(todo) - done)
                return
            if not cron._commit_progress(1):
                break
        else:
            # The whole run is done: each salesperson hears of their new duties once.
            self.env["care.task"]._care_send_digests()

    def _care_run(self, today):
        """One rule's daily run, in its own savepoint: a rule that fails is logged, keeps the error for
        the managers to see and counts as run for the day, so that it neither stops the rules after it
        nor fails again every hour."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._care_generate_tasks(today)
        except CONCURRENCY_ERRORS:
            raise  # the daily run rolls back and the scheduler tries again
        except Exception as error:  # noqa: BLE001 - whatever the failure, the other rules must run
            if isinstance(error, UserError):  # the rule as it stands is refused: its message says why
                _logger.warning("care rule %s (%s) skipped: %s", self.id, self.name, error)
                message = str(error)
            else:
                _logger.exception("care rule %s (%s) failed", self.id, self.name)
                message = f"{type(error).__name__}: {error}"
            self.write({"last_run_date": today, "last_error": message, "last_error_date": fields.Datetime.now()})
            return
        self.write({"last_run_date": today, "last_error": False, "last_error_date": False})

    def _care_generate_tasks(self, today):
        """Create this rule's duties due between `today` and `today + lead_days` (set-based, one
        INSERT ... ON CONFLICT DO NOTHING) and their activities. Returns the number created."""
        self.ensure_one()
        start = time.monotonic()
        date_to = today + timedelta(days=self.lead_days)
        self.env.flush_all()
        candidates = getattr(self, f"_care_candidates_{self.trigger}")(self._care_partners_query(), today, date_to)
        if candidates is None:
            return 0
        rows = self.env.execute_query(self._care_insert_sql(candidates))
        task_ids = [row[0] for row in rows]
        many = len(task_ids) > ANALYZE_THRESHOLD
        if many:
            # Fresh planner statistics before the to-dos' statement joins the new duties: planned on a table
            # still thought small, it took five times as long (and the next rule's anti-join and weekly cap
            # minutes instead of seconds at 100,000 customers).
            self.env.cr.execute(SQL("ANALYZE care_task"))
        inserted = time.monotonic()
        if task_ids:
            self.env["care.task"].browse(task_ids)._care_create_activities()
            self.env["care.task"].invalidate_model()
        # The two writes timed apart: on a heavy day they are the run's time (make bench reports them per rule).
        _logger.info(
            "care rule %s: %s duties created in %.2f s, their to-dos in %.2f s",
            self.id,
            len(task_ids),
            inserted - start,
            time.monotonic() - inserted,
        )
        if many:
            self.env.cr.execute(SQL("ANALYZE mail_activity"))
        return len(task_ids)

    def _care_partners_query(self):
        """SQL subquery of the ids of the customers this rule targets: its domain, its quick
        filters, its company (or shared contacts), never a do-not-contact customer.

        The daily run is the superuser's, but the domain is evaluated with the rights of the user who
        wrote it, checked again at each run: the duties would otherwise tell who matches a condition
        on data that user may not read (health, religion, family...)."""
        self.ensure_one()
        author = self._care_domain_author()
        context = {
            "uid": author.id,
            "datetime": safe_eval_datetime,
            "relativedelta": relativedelta,
            "context_today": lambda: self._care_today(self.company_id),
        }
        domain = Domain(safe_eval(self.partner_domain or "[]", context))
        self._care_check_domain_access(domain, author)
        for rule_field, partner_field in QUICK_FILTERS.items():
            if self[rule_field]:
                domain &= Domain(partner_field, "in", self[rule_field].mapped("value"))
        if self.salesperson_ids:
            domain &= Domain("user_id", "in", self.salesperson_ids.ids)
        domain &= Domain("company_id", "in", [self.company_id.id, False]) & Domain("care_do_not_contact", "=", False)
        partners = self.env["res.partner"].with_user(author).with_context(active_test=True)
        return partners.with_company(self.company_id)._search(domain).subselect()

    def _care_domain_author(self):
        self.ensure_one()
        author = self.sudo().partner_domain_user_id or self.sudo().create_uid
        if not author:
            raise ValidationError(
                self.env._("Nobody answers for the customer domain of rule %(rule)s: save it again.", rule=self.name)
            )
        return author

    def _care_check_domain_access(self, domain, user):
        """Refuse a customer domain on a field (or through a model) that `user` may not read, at any
        depth: paths like child_ids.care_health_notes and the sub-domains of any/not any alike."""
        self.ensure_one()

        def check(model, domain):
            for condition in domain.iter_conditions():
                for name in condition.field_expr.split("."):
                    field = model._fields.get(name)
                    if field is None:
                        break  # an unknown field: the evaluation reports it
                    if not model._has_field_access(field, "read"):
                        raise ValidationError(
                            self.env._(
                                "Rule %(rule)s cannot choose customers by %(field)s: %(user)s may not read it.",
                                rule=self.name,
                                field=field._description_string(self.env),
                                user=user.name,
                            )
                        )
                    if not field.relational:
                        break  # a date part or a property name follows, if anything
                    model = model.env[field.comodel_name]
                    if not model.has_access("read"):
                        raise ValidationError(
                            self.env._(
                                "Rule %(rule)s cannot choose customers by %(field)s: %(user)s may not read %(model)s.",
                                rule=self.name,
                                field=field._description_string(self.env),
                                user=user.name,
                                model=self.env["ir.model"]._get(model._name).name,
                            )
                        )
                else:
                    if condition.operator in ANY_OPERATORS and isinstance(condition.value, (list, tuple, Domain)):
                        check(model, Domain(condition.value))

        check(self.env["res.partner"].with_user(user), domain)

    def _care_with_domain_author(self, vals, create=False):
        """Whoever creates the rule or writes its customer domain answers for the domain: only the
        superuser names someone else."""
        if not self.env.su:
            vals = {key: value for key, value in vals.items() if key != "partner_domain_user_id"}
        if (create or "partner_domain" in vals) and "partner_domain_user_id" not in vals:
            vals = dict(vals, partner_domain_user_id=self.env.uid)
        return vals

    def _care_needs_template(self):
        """Whether this rule's emails come from its own template (a trigger sending another kind of email
        says no)."""
        self.ensure_one()
        return True

    def _care_check_bounds(self, values, rule_name):
        """Raise a clear error for a day count, fine or sequence outside its bounds."""
        if wrong := out_of_bounds(values, RULE_BOUNDS):
            name, low, high, value = wrong
            raise ValidationError(
                self.env._(
                    "%(field)s of rule %(rule)s must be between %(min)s and %(max)s, not %(value)s.",
                    field=self._fields[name]._description_string(self.env),
                    rule=rule_name,
                    min=low,
                    max=high,
                    value=value,
                )
            )

    # Each _care_candidates_<trigger>(partners, date_from, date_to) returns the SQL of rows
    # (partner_id, family_member_id, occasion_id, occasion_date, date_due) with date_due in the
    # window, or None when nothing can be due.

    def _care_candidates_birthday(self, partners, date_from, date_to):
        # A birthday's key: the calendar, the month and day, the leap flag (lunar only).
        key = SQL(
            """COALESCE(x.care_birthday_calendar, 'solar') AS cal,
               CASE WHEN x.care_birthday_calendar = 'lunar' THEN x.care_lunar_month
                    ELSE EXTRACT(MONTH FROM x.care_birth_date)::int END AS m,
               CASE WHEN x.care_birthday_calendar = 'lunar' THEN x.care_lunar_day
                    ELSE EXTRACT(DAY FROM x.care_birth_date)::int END AS d,
               x.care_birthday_calendar = 'lunar' AND COALESCE(x.care_lunar_leap, FALSE) AS leap"""
        )
        has_birthday = SQL(
            """CASE WHEN x.care_birthday_calendar = 'lunar'
                    THEN x.care_lunar_month BETWEEN 1 AND 12 AND x.care_lunar_day BETWEEN 1 AND 30
                    ELSE x.care_birth_date IS NOT NULL END"""
        )
        if self.birthday_of == "family_member":
            source = SQL(
                "SELECT x.partner_id, x.id AS family_member_id, %s FROM care_family_member x "
                "WHERE x.active AND x.partner_id IN %s AND %s",
                key,
                partners,
                has_birthday,
            )
        elif self.birthday_of == "key_person":
            source = SQL(
                "SELECT x.id AS partner_id, NULL::int AS family_member_id, %s FROM res_partner x "
                "WHERE x.active AND x.care_is_key_person AND NOT COALESCE(x.care_do_not_contact, FALSE) "
                "AND x.parent_id IN %s AND %s",
                key,
                partners,
                has_birthday,
            )
        else:
            source = SQL(
                "SELECT x.id AS partner_id, NULL::int AS family_member_id, %s FROM res_partner x "
                "WHERE x.id IN %s AND %s",
                key,
                partners,
                has_birthday,
            )
        keys = self.env.execute_query(SQL("SELECT DISTINCT cal, m, d, leap FROM (%s) s", source))
        dates = self._care_birthday_key_dates(keys, date_from, date_to)
        if not dates:
            return None
        values = SQL(", ").join(SQL("(%s, %s, %s, %s, %s::date)", *row) for row in dates)
        return SQL(
            """SELECT s.partner_id, s.family_member_id, NULL::int AS occasion_id, k.day AS occasion_date,
                      k.day AS date_due
                 FROM (%s) s
                 JOIN (VALUES %s) AS k(cal, m, d, leap, day)
                   ON k.cal = s.cal AND k.m = s.m AND k.d = s.d AND k.leap = s.leap""",
            source,
            values,
        )

    @api.model
    def _care_birthday_key_dates(self, keys, date_from, date_to):
        """(calendar, month, day, leap, date) for each birthday key falling in the window: each
        distinct key is converted once per year, whatever the number of people sharing it."""
        members = self.env["care.family.member"]
        result = []
        for cal, month, day, leap in keys:
            if cal == "lunar":
                values = {
                    "care_birthday_calendar": "lunar",
                    "care_lunar_month": month,
                    "care_lunar_day": day,
                    "care_lunar_leap": leap,
                }
            else:
                # 2000 is a leap year: every solar month and day, 29 February included, exists in it.
                values = {"care_birthday_calendar": "solar", "care_birth_date": datetime.date(2000, month, day)}
            for birthday in members.new(values)._care_birthdays_between(date_from, date_to):
                result.append((cal, month, day, leap, birthday))
        return result

    def _care_candidates_occasions(self, partners, occasions, due_shift=0):
        if not occasions:
            return None
        return SQL(
            """SELECT p.id AS partner_id, NULL::int AS family_member_id, o.id AS occasion_id,
                      o.date AS occasion_date, o.date - %s AS date_due
                 FROM care_occasion o CROSS JOIN res_partner p
                WHERE o.id = ANY(%s) AND p.id IN %s""",
            due_shift,
            occasions.ids,
            partners,
        )

    def _care_candidates_holiday(self, partners, date_from, date_to):
        occasions = self.env["care.occasion"]._care_occasions(self.company_id, date_from, date_to, ["holiday"])
        return self._care_candidates_occasions(partners, occasions)

    def _care_candidates_solar_term(self, partners, date_from, date_to):
        occasions = self.env["care.occasion"]._care_occasions(self.company_id, date_from, date_to, ["solar_term"])
        return self._care_candidates_occasions(partners, occasions)

    def _care_candidates_event_invitation(self, partners, date_from, date_to):
        # Invited the day before the event at the latest.
        occasions = self.env["care.occasion"]._care_occasions(
            self.company_id, date_from + timedelta(days=1), date_to + timedelta(days=1), ["event"]
        )
        occasions = occasions.filtered(
            lambda o: o.event_type == self.event_type if self.event_type else o.event_type != "launch"
        )
        return self._care_candidates_occasions(partners, occasions, due_shift=1)

    def _care_candidates_new_product(self, partners, date_from, date_to):
        """A call on the launch date to each customer who bought from the launch's product
        categories (or their subcategories) before, or has an open need in them."""
        launches = self.env["care.occasion"]._care_occasions(self.company_id, date_from, date_to, ["event"])
        launches = launches.filtered(lambda o: o.event_type == "launch" and o.product_category_ids)
        if not launches:
            return None
        field = self.env["care.occasion"]._fields["product_category_ids"]
        launch_categories = SQL(
            "SELECT r.%s AS occasion_id, c.parent_path FROM %s r JOIN product_category c ON c.id = r.%s "
            "WHERE r.%s = ANY(%s)",
            SQL.identifier(field.column1),
            SQL.identifier(field.relation),
            SQL.identifier(field.column2),
            SQL.identifier(field.column1),
            launches.ids,
        )
        buyers = SQL(
            """SELECT lc.occasion_id, m.commercial_partner_id AS partner_id
                 FROM account_move_line l
                 JOIN account_move m ON m.id = l.move_id
                 JOIN product_product pp ON pp.id = l.product_id
                 JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 JOIN product_category pc ON pc.id = pt.categ_id
                 JOIN launch_categories lc ON pc.parent_path LIKE lc.parent_path || '%%'
                WHERE m.state = 'posted' AND m.move_type = 'out_invoice'"""
        )
        buyers = SQL(
            """%s UNION
               SELECT lc.occasion_id, np.commercial_partner_id
                 FROM care_need n
                 JOIN res_partner np ON np.id = n.partner_id
                 JOIN product_category pc ON pc.id = n.category_id
                 JOIN launch_categories lc ON pc.parent_path LIKE lc.parent_path || '%%'
                WHERE n.state = 'open' AND n.active""",
            buyers,
        )
        return SQL(
            """WITH launch_categories AS (%s)
               SELECT DISTINCT p.id AS partner_id, NULL::int AS family_member_id, o.id AS occasion_id,
                      o.date AS occasion_date, o.date AS date_due
                 FROM (%s) b
                 JOIN care_occasion o ON o.id = b.occasion_id
                 JOIN res_partner p ON p.commercial_partner_id = b.partner_id
                WHERE p.id IN %s""",
            launch_categories,
            buyers,
            partners,
        )

    def _care_candidates_periodic_contact(self, partners, date_from, date_to):
        """One duty per period of N days, due on its last day: for the period under way (a rule
        turned on mid-period still asks for its call) and, lead days ahead, for the next one."""
        period = self.interval_days
        first = (date_from - PERIOD_ANCHOR).days // period
        starts = []
        start = PERIOD_ANCHOR + timedelta(days=first * period)
        while start <= date_to:
            starts.append(start)
            start += timedelta(days=period)
        if not starts:
            return None
        return SQL(
            """SELECT p.id AS partner_id, NULL::int AS family_member_id, NULL::int AS occasion_id,
                      s.start AS occasion_date, s.start + %s AS date_due
                 FROM unnest(%s::date[]) AS s(start) CROSS JOIN res_partner p
                WHERE p.id IN %s""",
            period - 1,
            starts,
            partners,
        )

    def _care_candidates_after_sale(self, partners, date_from, date_to):
        """A follow-up N days after each posted customer invoice (one per customer and day)."""
        return SQL(
            """SELECT DISTINCT m.commercial_partner_id AS partner_id, NULL::int AS family_member_id,
                      NULL::int AS occasion_id, m.invoice_date AS occasion_date, m.invoice_date + %s AS date_due
                 FROM account_move m
                WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
                  AND m.invoice_date BETWEEN %s AND %s AND m.commercial_partner_id IN %s""",
            self.interval_days,
            date_from - timedelta(days=self.interval_days),
            date_to - timedelta(days=self.interval_days),
            partners,
        )

    def _care_candidates_outreach_follow_up(self, partners, date_from, date_to):
        """A call within N days of each outreach contact logged on the customer."""
        return SQL(
            """SELECT DISTINCT o.partner_id, NULL::int AS family_member_id, NULL::int AS occasion_id,
                      o.date AS occasion_date, o.date + %s AS date_due
                 FROM care_outreach o
                WHERE o.date BETWEEN %s AND %s AND o.partner_id IN %s""",
            self.interval_days,
            date_from - timedelta(days=self.interval_days),
            date_to - timedelta(days=self.interval_days),
            partners,
        )

    def _care_candidates_anniversary(self, partners, date_from, date_to):
        """The yearly anniversary of the first posted invoice (29 February: 28 February in common years)."""
        years = list(range(date_from.year, date_to.year + 1))
        return SQL(
            """WITH first AS (
                   SELECT m.commercial_partner_id AS partner_id, MIN(m.invoice_date) AS day
                     FROM account_move m
                    WHERE m.move_type = 'out_invoice' AND m.state = 'posted' AND m.commercial_partner_id IN %s
                    GROUP BY m.commercial_partner_id
               ), dates AS (
                   SELECT f.partner_id,
                          CASE WHEN EXTRACT(MONTH FROM f.day) = 2 AND EXTRACT(DAY FROM f.day) = 29
                                    AND NOT (y %% 4 = 0 AND (y %% 100 <> 0 OR y %% 400 = 0))
                               THEN make_date(y, 2, 28)
                               ELSE make_date(y, EXTRACT(MONTH FROM f.day)::int, EXTRACT(DAY FROM f.day)::int)
                          END AS day
                     FROM first f CROSS JOIN unnest(%s::int[]) AS y
                    WHERE y > EXTRACT(YEAR FROM f.day)
               )
               SELECT partner_id, NULL::int AS family_member_id, NULL::int AS occasion_id,
                      day AS occasion_date, day AS date_due
                 FROM dates WHERE day BETWEEN %s AND %s""",
            partners,
            years,
            date_from,
            date_to,
        )

    def _care_insert_sql(self, candidates):
        """INSERT the new duties: the responsible salesperson is the contact's or its company's
        (no salesperson, no duty); email falls back to a to-do for a customer without an email
        address or on the email blacklist; the company's weekly cap per customer (Monday to Sunday
        of the due date, cancelled duties not counted) keeps the first duties in due-date order and records
        the others in care.cap.suppression."""
        self.ensure_one()
        cap = self.company_id.care_weekly_contact_cap
        channel = self.channel
        if channel in ("email", "both"):
            channel = SQL(
                """CASE WHEN p.email_normalized IS NULL
                             OR EXISTS (SELECT 1 FROM mail_blacklist bl
                                         WHERE bl.email = p.email_normalized AND bl.active)
                        THEN 'activity' ELSE %s END""",
                channel,
            )
        else:
            channel = SQL("%s", channel)
        ctes = SQL(
            """candidates AS (%s),
               new AS (
                   SELECT c.partner_id, c.family_member_id, c.occasion_id, c.occasion_date, c.date_due,
                          COALESCE(p.user_id, cp.user_id) AS user_id, %s AS channel
                     FROM candidates c
                     JOIN res_partner p ON p.id = c.partner_id
                     JOIN res_partner cp ON cp.id = p.commercial_partner_id
                    WHERE COALESCE(p.user_id, cp.user_id) IS NOT NULL
                      AND NOT EXISTS (
                          SELECT 1 FROM care_task t
                           WHERE t.rule_id = %s AND t.partner_id = c.partner_id
                             AND COALESCE(t.family_member_id, 0) = COALESCE(c.family_member_id, 0)
                             AND t.occasion_date = c.occasion_date)
               )""",
            candidates,
            channel,
            self.id,
        )
        chosen = SQL("SELECT * FROM new")
        if cap > 0:
            ctes = SQL(
                """%s, ranked AS (
                       SELECT new.*, date_trunc('week', new.date_due)::date AS week,
                              row_number() OVER (PARTITION BY new.partner_id, date_trunc('week', new.date_due)
                                                 ORDER BY new.date_due, new.family_member_id NULLS FIRST) AS rank
                         FROM new
                   ), existing AS (
                       SELECT t.partner_id, date_trunc('week', t.date_due)::date AS week, COUNT(*) AS n
                         FROM care_task t
                        WHERE t.state <> 'cancelled' AND t.partner_id IN (SELECT partner_id FROM new)
                          AND t.date_due >= (SELECT MIN(week) FROM ranked)
                          AND t.date_due < (SELECT MAX(week) FROM ranked) + 7
                        GROUP BY t.partner_id, date_trunc('week', t.date_due)
                   )""",
                ctes,
            )
            chosen = SQL(
                """SELECT r.* FROM ranked r LEFT JOIN existing e ON e.partner_id = r.partner_id AND e.week = r.week
                    WHERE r.rank + COALESCE(e.n, 0) <= %s""",
                cap,
            )
            # The duties over the cap are neither done nor fined: each is kept once (the same key as a
            # duty), so that the compliance report and the statement can tell how many the cap held back.
            ctes = SQL(
                """%s, suppressed AS (
                       INSERT INTO care_cap_suppression (rule_id, company_id, partner_id, family_member_id,
                                                         occasion_id, occasion_date, date_due, user_id,
                                                         create_uid, create_date, write_uid, write_date)
                       SELECT %s, %s, r.partner_id, r.family_member_id, r.occasion_id, r.occasion_date, r.date_due,
                              r.user_id, %s, NOW() AT TIME ZONE 'UTC', %s, NOW() AT TIME ZONE 'UTC'
                         FROM ranked r LEFT JOIN existing e ON e.partner_id = r.partner_id AND e.week = r.week
                        WHERE r.rank + COALESCE(e.n, 0) > %s
                       ON CONFLICT DO NOTHING
                   )""",
                ctes,
                self.id,
                self.company_id.id,
                self.env.uid,
                self.env.uid,
                cap,
            )
        return SQL(
            """WITH %s, created AS (
                   INSERT INTO care_task (rule_id, trigger, company_id, partner_id, family_member_id, occasion_id,
                                          occasion_date, date_due, user_id, channel, state, fine_amount,
                                          create_uid, create_date, write_uid, write_date)
                   SELECT %s, %s, %s, x.partner_id, x.family_member_id, x.occasion_id, x.occasion_date, x.date_due,
                          x.user_id, x.channel, 'todo', 0, %s, NOW() AT TIME ZONE 'UTC', %s, NOW() AT TIME ZONE 'UTC'
                     FROM (%s) x
                   ON CONFLICT DO NOTHING
                   RETURNING id, partner_id, family_member_id, occasion_date
               ), unsuppressed AS (
                   -- a duty held back on an earlier run and created now (a cancelled duty freed its week)
                   DELETE FROM care_cap_suppression s
                    USING created c
                    WHERE s.rule_id = %s AND s.partner_id = c.partner_id
                      AND COALESCE(s.family_member_id, 0) = COALESCE(c.family_member_id, 0)
                      AND s.occasion_date = c.occasion_date
               )
               SELECT id FROM created""",
            ctes,
            self.id,
            self.trigger,
            self.company_id.id,
            self.env.uid,
            self.env.uid,
            chosen,
            self.id,
        )
