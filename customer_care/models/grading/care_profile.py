from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ...const import (
    CREDIT_GRADES,
    MANAGER,
    MANUAL_STAGES,
    MATRIX_CELLS,
    RFM_SEGMENTS,
    STAGES,
    TIERS,
    VOLUME_CLASSES,
)
from ...utils import CONCURRENCY_ERRORS, rollback_concurrent
from .care_grading_engine import STOPPED


class CareProfile(models.Model):
    """The grading facts and grades of one customer (a commercial partner) in one company.

    Written only by the grading engine (care.grading.engine), in set-based SQL, so that the nightly run
    never holds locks on res_partner rows people are editing."""

    _name = "care.profile"
    _description = "Customer Grading Profile"
    _order = "revenue_12m desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    # follows the customer's: an archived customer is out of the ranking but keeps its profile
    active = fields.Boolean(default=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")

    # Facts
    revenue_12m = fields.Monetary(string="Revenue (12 months)", readonly=True)
    revenue_prev_12m = fields.Monetary(string="Revenue (previous 12 months)", readonly=True)
    revenue_last_year = fields.Monetary(
        string="Revenue (last calendar year)",
        readonly=True,
        help="Last year's revenue, 1 January to 31 December: what last year's largest customers are ranked by.",
    )
    revenue_lifetime = fields.Monetary(string="Lifetime Revenue", readonly=True)
    first_invoice_date = fields.Date(string="First Invoice", readonly=True)
    last_invoice_date = fields.Date(string="Last Invoice", readonly=True)
    invoice_count = fields.Integer(string="Posted Invoices", readonly=True)
    purchase_date_count = fields.Integer(string="Purchase Dates", readonly=True)
    purchase_interval = fields.Float(string="Purchase Interval (days)", digits=(16, 1), readonly=True)
    next_purchase_date = fields.Date(string="Expected Next Purchase", readonly=True)
    # Payment facts that do not move with the calendar, so that a night re-reads only the customers whose
    # invoices, payments or windows moved: lateness of paid invoices, and the oldest open due date.
    late_share = fields.Float(
        string="Paid Late (%)",
        digits=(16, 1),
        readonly=True,
        help="Share of the paid invoices paid after their due date.",
    )
    avg_days_late = fields.Float(
        string="Average Days Late", digits=(16, 1), readonly=True, help="Average days late of the paid invoices."
    )
    overdue_amount = fields.Monetary(readonly=True)
    overdue_since = fields.Date(string="Oldest Open Due Date", readonly=True)
    max_days_overdue = fields.Integer(
        string="Largest Days Overdue",
        compute="_compute_max_days_overdue",
        search="_search_max_days_overdue",
        help="Days since the due date of the oldest open overdue invoice.",
    )
    rfm_frequency = fields.Integer(string="Purchase Dates in RFM Window", readonly=True)
    rfm_monetary = fields.Monetary(string="Revenue in RFM Window", readonly=True)
    has_quotation = fields.Boolean(readonly=True)
    has_confirmed_sale = fields.Boolean(readonly=True)
    has_referred = fields.Boolean(string="Referred a Customer", readonly=True)

    # Grades
    volume_class = fields.Selection(VOLUME_CLASSES, string="Volume", readonly=True)
    credit_grade = fields.Selection(CREDIT_GRADES, string="Credit", readonly=True)
    matrix_cell = fields.Selection(MATRIX_CELLS, readonly=True)
    tier = fields.Selection(TIERS, readonly=True)
    tier_place = fields.Float(
        string="Revenue Share Above (%)",
        digits=(16, 2),
        compute="_compute_tier_place",
        help="Share of the company's 12-month revenue held by the customers with a larger one: the tier follows "
        "from it.",
    )
    rfm_r = fields.Integer(
        string="RFM Recency",
        readonly=True,
        help="Recency: how recently the customer last bought, 1 to 5, 5 is the most recent.",
    )
    rfm_f = fields.Integer(
        string="RFM Frequency",
        readonly=True,
        help="Frequency: how often the customer buys, 1 to 5, 5 is the most frequent.",
    )
    rfm_m = fields.Integer(
        string="RFM Monetary", readonly=True, help="Monetary: how much the customer spends, 1 to 5, 5 is the largest."
    )
    rfm_segment = fields.Selection(
        RFM_SEGMENTS,
        string="RFM Segment",
        readonly=True,
        help="RFM: Recency (how recently the customer last bought), Frequency (how often) and Monetary (how much), "
        "each scored 1 to 5; the segment follows from recency and frequency.",
    )
    computed_stage = fields.Selection(STAGES, string="Stage from Facts", readonly=True)
    manual_stage = fields.Selection(
        [(key, label) for key, label in STAGES if key in MANUAL_STAGES], string="Stage Set by Hand", readonly=True
    )
    stage = fields.Selection(STAGES, readonly=True)

    # Engine bookkeeping
    graded_run = fields.Integer(readonly=True, help="The company's grading run that last computed these facts.")
    graded_at = fields.Datetime(string="Graded On", readonly=True)
    needs_recompute = fields.Boolean(readonly=True)

    _partner_company_uniq = models.UniqueIndex("(partner_id, company_id)")
    _company_revenue_idx = models.Index("(company_id, revenue_12m)")
    _company_last_year_idx = models.Index("(company_id, revenue_last_year)")
    _needs_recompute_idx = models.Index("(company_id) WHERE needs_recompute")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("overdue_since")
    def _compute_max_days_overdue(self):
        today = fields.Date.context_today(self)
        for profile in self:
            profile.max_days_overdue = (today - profile.overdue_since).days if profile.overdue_since else 0

    def _search_max_days_overdue(self, operator, value):
        # n days overdue is an oldest open due date n days ago: a condition on the stored date
        today = fields.Date.context_today(self)
        none_overdue = Domain("overdue_since", "=", False)
        # the days between today and the first and last dates there are
        most_days, fewest_days = (today - today.min).days, -(today.max - today).days

        def whole_days(days):
            try:
                number = float(days)
            except (TypeError, ValueError):
                number = None
            if number is None or not number.is_integer():
                raise UserError(
                    self.env._("Days overdue are searched by a whole number of days, not %(value)s.", value=days)
                )
            return int(number)

        if operator in ("in", "not in"):
            days_in = [days if not days else whole_days(days) for days in value]
            domain = Domain.OR(
                Domain("overdue_since", "=", today - relativedelta(days=days)) if days else none_overdue
                for days in days_in
                if fewest_days <= days <= most_days  # more, and no due date is that far
            )
            return ~domain if operator == "not in" else domain
        if operator not in ("<", "<=", ">", ">="):
            return NotImplemented
        days = whole_days(value)
        since = today - relativedelta(days=min(max(days, fewest_days), most_days))
        date_operator = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[operator]
        domain = Domain("overdue_since", date_operator, since)
        # no overdue invoice is 0 days overdue
        if {"<": 0 < days, "<=": 0 <= days, ">": 0 > days, ">=": 0 >= days}[operator]:
            domain |= none_overdue
        return domain

    @api.depends("revenue_12m")
    def _compute_tier_place(self):
        # Read when shown rather than stored: it moves with every other customer's revenue, and storing it
        # would rewrite every profile each night.
        self.flush_model(["revenue_12m", "partner_id", "company_id"])
        places = dict(
            self.env.execute_query(
                SQL(
                    """
                    WITH ranked AS (
                        SELECT q.company_id, q.revenue_12m
                          FROM care_profile q
                         WHERE q.active
                           AND q.company_id IN (SELECT company_id FROM care_profile WHERE id = ANY(%(ids)s))
                           AND q.revenue_12m > 0
                    )
                    SELECT p.id, 100.0 * (SELECT COALESCE(SUM(revenue_12m), 0) FROM ranked
                                           WHERE company_id = p.company_id AND revenue_12m > p.revenue_12m)
                                 / (SELECT SUM(revenue_12m) FROM ranked WHERE company_id = p.company_id)
                      FROM care_profile p
                     WHERE p.id = ANY(%(ids)s) AND p.revenue_12m > 0
                    """,
                    ids=self._origin.ids,
                )
            )
        )
        for profile in self:
            profile.tier_place = places.get(profile._origin.id, 0.0)

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    @api.model
    def action_recompute_grades(self):
        """Managers: a full run for the current company, at once (no commit: one transaction)."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only customer care managers can recompute grades."))
        if not self.env["care.grading.engine"].sudo()._care_grade_now(self.env.company):
            raise UserError(self.env._("The grades of this company are being computed: try again in a few minutes."))
        return {"type": "ir.actions.client", "tag": "reload"}

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_flags_by_search(self, *fnames):
        """Compute boolean fields that are defined by their search: each is true for the profiles its search
        finds (one search per field for the whole recordset)."""
        for fname in fnames:
            found = self.search(Domain("id", "in", self.ids) & Domain(fname, "=", True))
            for profile in self:
                profile[fname] = profile in found

    def _care_profile_for(self, partner, company):
        """The profile of a commercial partner in a company, created (to be graded) when missing."""
        self.env["care.grading.engine"]._care_mark(SQL("SELECT %s, %s", partner.id, company.id), mark=False)
        return self.search([("partner_id", "=", partner.id), ("company_id", "=", company.id)])

    def _care_set_manual_stage(self, manual_stage):
        """A person's choice: the manual stage wins until a person clears it; the change is history."""
        self.ensure_one()
        new_stage = manual_stage or self.computed_stage
        if new_stage != self.stage:
            self.env["care.grade.history"].create(
                {
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "field": "stage",
                    "old_value": self.stage,
                    "new_value": new_stage,
                    "date": fields.Date.context_today(self),
                }
            )
        self.write({"manual_stage": manual_stage, "stage": new_stage})

    # ------------------------------------------------------------
    # CRONS
    # ------------------------------------------------------------

    @api.model
    def _cron_grade_all(self):
        """Nightly, once a day per company: every customer's grades (see the engine's `_care_grade_nightly`)."""
        # every company: a handful of rows
        companies = self.env["res.company"].search([], order="id")  # pylint: disable=no-search-all
        self.env["care.grading.engine"]._care_grade_nightly(companies)

    @api.model
    def _cron_grade_marked(self):
        """Frequent: only the customers marked by posting, cancelling or paying an invoice, by an order or a
        referral. A company the nightly run is grading is left to it (it grades them too)."""
        engine = self.env["care.grading.engine"]
        for company in self.env["res.company"].search([], order="id"):  # pylint: disable=no-search-all
            try:
                status = engine._care_grade_marked(company)
            except CONCURRENCY_ERRORS:
                # the customers stay marked: the next call grades them
                rollback_concurrent(self.env, f"the grading of company {company.id}'s marked customers")
                continue
            if status == STOPPED:
                return
