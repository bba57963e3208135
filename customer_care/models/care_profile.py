from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# The grade vocabularies, in one place: the care rules and warnings import them.
STAGES = [
    ("suspect", "Suspect"),
    ("prospect", "Prospect"),
    ("disqualified", "Disqualified"),
    ("first", "First-time Buyer"),
    ("repeat", "Repeat Buyer"),
    ("long_term", "Long-term Customer"),
    ("member", "Member"),
    ("advocate", "Advocate"),
    ("partner", "Partner"),
    ("lost", "Lost"),
]
# Set by people and kept by the engine until a person changes them.
MANUAL_STAGES = ("disqualified", "member", "partner")
TIERS = [("vip", "VIP"), ("major", "Major"), ("ordinary", "Ordinary"), ("small", "Small")]
VOLUME_CLASSES = [("small", "Small"), ("medium", "Medium"), ("large", "Large")]
CREDIT_GRADES = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]
GOOD_CREDIT_GRADES = ("a", "b")
MATRIX_CELLS = [
    ("small_good", "Small, good credit"),
    ("small_bad", "Small, bad credit"),
    ("medium_good", "Medium, good credit"),
    ("medium_bad", "Medium, bad credit"),
    ("large_good", "Large, good credit"),
    ("large_bad", "Large, bad credit"),
    ("none", "Not judged yet"),
]
# DOMAIN.md §2: what each cell of the volume x credit matrix means for the way the customer is served.
MATRIX_POLICIES = {
    "small_good": _lt("Serve at least as a B-class customer: they bring information and resources."),
    "small_bad": _lt("Strictest terms; don't keep them out of habit."),
    "medium_good": _lt("Serve at least as a B-class customer."),
    "medium_bad": _lt(
        "Negotiate with their top management and manage the process; drop them if their company is badly run."
    ),
    "large_good": _lt("Key account: best service."),
    "large_bad": _lt("Large orders but poor compliance: tight credit control while negotiating."),
    "none": _lt("Observation period: the matrix is judged after one full period of purchase history."),
}
RFM_SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential_loyalist", "Potential Loyalist"),
    ("new", "New"),
    ("promising", "Promising"),
    ("need_attention", "Need Attention"),
    ("about_to_sleep", "About to Sleep"),
    ("at_risk", "At Risk"),
    ("cannot_lose", "Cannot Lose"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]


# The facts the engine computes per customer, in care_profile and in its staging table care_profile_facts.
FACT_COLUMNS = (
    "revenue_12m", "revenue_prev_12m", "revenue_lifetime", "first_invoice_date", "last_invoice_date",
    "invoice_count", "purchase_date_count", "purchase_interval", "next_purchase_date", "late_share",
    "avg_days_late", "overdue_amount", "max_days_overdue", "rfm_frequency", "rfm_monetary", "has_quotation",
    "has_confirmed_sale", "has_referred", "graded_run",
)


class CareProfile(models.Model):
    """The grading facts and grades of one customer (a commercial partner) in one company.

    Written only by the grading engine in set-based SQL (models/care_profile_engine.py), so the
    nightly run never holds locks on res_partner rows people are editing."""

    _name = "care.profile"
    _description = "Customer Grading Profile"
    _order = "revenue_12m desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")

    # Facts
    revenue_12m = fields.Monetary(string="Revenue (12 months)", readonly=True)
    revenue_prev_12m = fields.Monetary(string="Revenue (previous 12 months)", readonly=True)
    revenue_lifetime = fields.Monetary(string="Lifetime Revenue", readonly=True)
    first_invoice_date = fields.Date(string="First Invoice", readonly=True)
    last_invoice_date = fields.Date(string="Last Invoice", readonly=True)
    invoice_count = fields.Integer(string="Posted Invoices", readonly=True)
    purchase_date_count = fields.Integer(string="Purchase Dates", readonly=True)
    purchase_interval = fields.Float(string="Purchase Interval (days)", digits=(16, 1), readonly=True)
    next_purchase_date = fields.Date(string="Expected Next Purchase", readonly=True)
    late_share = fields.Float(string="Paid Late (%)", digits=(16, 1), readonly=True)
    avg_days_late = fields.Float(string="Average Days Late", digits=(16, 1), readonly=True)
    overdue_amount = fields.Monetary(string="Overdue Amount", readonly=True)
    max_days_overdue = fields.Integer(string="Largest Days Overdue", readonly=True)
    rfm_frequency = fields.Integer(string="Purchase Dates in RFM Window", readonly=True)
    rfm_monetary = fields.Monetary(string="Revenue in RFM Window", readonly=True)
    has_quotation = fields.Boolean(string="Has Quotation", readonly=True)
    has_confirmed_sale = fields.Boolean(string="Has Confirmed Sale", readonly=True)
    has_referred = fields.Boolean(string="Referred a Customer", readonly=True)

    # Grades
    volume_class = fields.Selection(VOLUME_CLASSES, string="Volume", readonly=True)
    credit_grade = fields.Selection(CREDIT_GRADES, string="Credit", readonly=True)
    matrix_cell = fields.Selection(MATRIX_CELLS, string="Matrix Cell", readonly=True)
    tier = fields.Selection(TIERS, string="Tier", readonly=True)
    tier_place = fields.Float(
        string="Revenue Share Above (%)",
        digits=(16, 2),
        readonly=True,
        help="Share of the company's 12-month revenue held by the customers ranked above this one.",
    )
    rfm_r = fields.Integer(string="RFM Recency", readonly=True, help="1 to 5, 5 is the most recent.")
    rfm_f = fields.Integer(string="RFM Frequency", readonly=True, help="1 to 5, 5 is the most frequent.")
    rfm_m = fields.Integer(string="RFM Monetary", readonly=True, help="1 to 5, 5 is the largest.")
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM Segment", readonly=True)
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
    _needs_recompute_idx = models.Index("(company_id) WHERE needs_recompute")

    # Commercial partners per batch of the full run: one INSERT ... ON CONFLICT per batch.
    _care_batch_size = 20000

    def init(self):
        # Partial covering indexes for the engine: a company's posted customer invoices per commercial
        # partner, their receivable lines and the reconciliations of those lines, read without the rest of
        # these tables (index-only scans).
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS care_account_move_grading_idx
                ON account_move (company_id, commercial_partner_id)
                INCLUDE (id, move_type, invoice_date, invoice_date_due, amount_untaxed_signed, amount_residual_signed,
                         payment_state)
             WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund');
            CREATE INDEX IF NOT EXISTS care_account_move_line_payment_term_idx
                ON account_move_line (move_id) INCLUDE (id) WHERE display_type = 'payment_term';
            CREATE INDEX IF NOT EXISTS care_account_partial_reconcile_debit_idx
                ON account_partial_reconcile (debit_move_id) INCLUDE (max_date);
            """
        )
        # The full run's staging table: the facts of all the company's customers from one set-based pass,
        # copied into care_profile a batch per commit. Unlogged (a crash empties it: the run stages again)
        # and rebuilt on update so that its columns follow care_profile's.
        self.env.cr.execute(
            SQL(
                """
                DROP TABLE IF EXISTS care_profile_facts;
                CREATE UNLOGGED TABLE care_profile_facts AS
                    SELECT partner_id, company_id, %s FROM care_profile WITH NO DATA;
                ALTER TABLE care_profile_facts ADD PRIMARY KEY (company_id, partner_id);
                """,
                SQL(", ").join(SQL.identifier(column) for column in FACT_COLUMNS),
            )
        )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_profile_for(self, partner, company):
        """The profile of a commercial partner in a company, created (to be graded) when missing."""
        self._care_mark(SQL("SELECT %s, %s", partner.id, company.id), mark=False)
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

    def _care_mark(self, pairs, mark=True):
        """Insert-or-flag profiles for the (partner_id, company_id) rows of the SQL query `pairs`.

        Cheap enough to run inside invoice posting and payment reconciliation."""
        self.env.execute_query(
            SQL(
                """
                INSERT INTO care_profile (partner_id, company_id, needs_recompute, create_uid, create_date,
                                          write_uid, write_date)
                SELECT DISTINCT pair.partner_id, pair.company_id, TRUE, %(uid)s, now() at time zone 'UTC',
                       %(uid)s, now() at time zone 'UTC'
                  FROM (%(pairs)s) AS pair(partner_id, company_id)
                 WHERE pair.partner_id IS NOT NULL
                ON CONFLICT (partner_id, company_id) DO UPDATE SET needs_recompute = %(mark)s OR care_profile.needs_recompute
                """,
                uid=self.env.uid,
                pairs=pairs,
                mark=mark,
            )
        )
        self.invalidate_model(["needs_recompute"])

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def action_recompute_grades(self):
        """Managers: a full run for the current company, at once (no commit: one transaction)."""
        if not self.env.user.has_group("customer_care.customer_care_group_manager"):
            raise AccessError(self.env._("Only customer care managers can recompute grades."))
        self = self.sudo()
        company = self.env.company
        self._care_start_run(company)
        while self._care_run_step(company)[1]:
            pass
        return {"type": "ir.actions.client", "tag": "reload"}

    # ------------------------------------------------------------
    # CRONS
    # ------------------------------------------------------------

    @api.model
    def _cron_grade_all(self):
        """Nightly: every company's full run, a batch per commit; a killed run resumes where it stopped.

        A finished run is restarted only once per cron trigger: its start is compared with the previous
        trigger (`lastcall`), so the runner's repeated calls within one trigger do not start it again."""
        lastcall = self.env.context.get("lastcall")
        for company in self.env["res.company"].search([], order="id"):
            if company.care_grading_run_done:
                if company.care_grading_run_start and not (lastcall and company.care_grading_run_start <= lastcall):
                    continue
                self._care_start_run(company)
                self.env["ir.cron"]._commit_progress()
            while True:
                done, remaining = self._care_run_step(company)
                if not self.env["ir.cron"]._commit_progress(done, remaining=remaining):
                    return
                if not remaining:
                    break

    @api.model
    def _cron_grade_marked(self):
        """Frequent: only the customers marked by posting, cancelling or paying an invoice."""
        for company in self.env["res.company"].search([], order="id"):
            while partner_ids := self._care_marked_partner_ids(company, self._care_batch_size):
                self._care_compute_facts(company, partner_ids)
                self._care_compute_grades(company, partner_ids)
                remaining = len(self._care_marked_partner_ids(company, None))
                if not self.env["ir.cron"]._commit_progress(len(partner_ids), remaining=remaining):
                    return

    # ------------------------------------------------------------
    # ENGINE
    # ------------------------------------------------------------

    def _care_start_run(self, company):
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                """
                UPDATE res_company
                   SET care_grading_run = COALESCE(care_grading_run, 0) + 1,
                       care_grading_run_done = FALSE,
                       care_grading_run_start = %(now)s
                 WHERE id = %(company)s
                """,
                now=self.env.cr.now(),
                company=company.id,
            )
        )
        # Archived customers are out of the ranking: their profiles go (their grade history stays).
        self.env.execute_query(
            SQL(
                """
                DELETE FROM care_profile p USING res_partner r
                 WHERE r.id = p.partner_id AND p.company_id = %s AND NOT r.active
                """,
                company.id,
            )
        )
        company.invalidate_recordset(["care_grading_run", "care_grading_run_done", "care_grading_run_start"])

    def _care_run_step(self, company, batch_size=None):
        """One step of the company's current full run: the facts of the next batch of customers not yet
        graded in this run (copied from the staging table), or, once none is left, the company-wide grades.
        Returns (done, remaining)."""
        pending = self._care_pending_partner_ids(company)
        if pending:
            # The first step stages the facts of every pending customer in one pass over the invoices and
            # reconciliations; a resumed run stages only customers that appeared since (usually none).
            staged = self._care_staged_partner_ids(company)
            if unstaged := [partner_id for partner_id in pending if partner_id not in staged]:
                self._care_compute_facts(company, unstaged, staging=True)
            batch = pending[: batch_size or self._care_batch_size]
            self._care_copy_staged_facts(company, batch)
            # the company-wide grades are the last step
            return len(batch), len(pending) - len(batch) + 1
        self._care_compute_grades(company)
        company.sudo().care_grading_run_done = True
        return 1, 0

    def _care_pending_partner_ids(self, company):
        """Active commercial partners that are customers of the company, not graded in its current run."""
        self.env.flush_all()
        # A hash anti-join whatever the statistics on graded_run say right after a batch: a nested loop
        # rescanning care_profile per customer would take minutes at 100,000 customers.
        self.env.cr.execute("SET LOCAL enable_nestloop = off")
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id
                  FROM res_partner p
                 WHERE p.active AND p.id = p.commercial_partner_id
                   AND (p.company_id IS NULL OR p.company_id = %(company)s)
                   AND (p.customer_rank > 0 OR EXISTS (
                        SELECT 1 FROM account_move m
                         WHERE m.company_id = %(company)s AND m.commercial_partner_id = p.id
                           AND m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')))
                   AND NOT EXISTS (
                        SELECT 1 FROM care_profile cp
                         WHERE cp.partner_id = p.id AND cp.company_id = %(company)s AND cp.graded_run = %(run)s)
                 ORDER BY p.id
                """,
                company=company.id,
                run=company.care_grading_run,
            )
        )
        self.env.cr.execute("SET LOCAL enable_nestloop = on")
        return [partner_id for (partner_id,) in rows]

    def _care_marked_partner_ids(self, company, limit):
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                "SELECT partner_id FROM care_profile WHERE company_id = %s AND needs_recompute ORDER BY id %s",
                company.id,
                SQL("LIMIT %s", limit) if limit else SQL(),
            )
        )
        return [partner_id for (partner_id,) in rows]

    def _care_staged_partner_ids(self, company):
        rows = self.env.execute_query(
            SQL(
                "SELECT partner_id FROM care_profile_facts WHERE company_id = %s AND graded_run = %s",
                company.id,
                company.care_grading_run,
            )
        )
        return {partner_id for (partner_id,) in rows}

    def _care_copy_staged_facts(self, company, partner_ids):
        """Staged facts into the profiles of these customers: an indexed copy. A customer marked since
        the facts were staged stays marked, so the frequent cron grades it from the newest data."""
        self.env.flush_all()
        now = self.env.cr.now()
        self.env.execute_query(
            SQL(
                """
                INSERT INTO care_profile AS p (partner_id, company_id, %(columns)s, graded_at, needs_recompute,
                                               create_uid, create_date, write_uid, write_date)
                SELECT partner_id, company_id, %(columns)s, %(now)s, FALSE, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM care_profile_facts
                 WHERE company_id = %(company)s AND partner_id = ANY(%(partner_ids)s::int[])
                ON CONFLICT (partner_id, company_id) DO UPDATE SET %(update)s, graded_at = EXCLUDED.graded_at,
                    write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                """,
                columns=SQL(", ").join(SQL.identifier(column) for column in FACT_COLUMNS),
                update=self._care_update_facts(),
                now=now,
                uid=self.env.uid,
                company=company.id,
                partner_ids=self._care_id_array(partner_ids),
            )
        )
        self.env.invalidate_all()

    def _care_id_array(self, ids):
        # one array literal: PostgreSQL parses ARRAY[...] of 100,000 parameters element by element (seconds)
        return "{%s}" % ",".join(map(str, ids))

    def _care_update_facts(self):
        return SQL(", ").join(
            SQL("%s = EXCLUDED.%s", SQL.identifier(column), SQL.identifier(column)) for column in FACT_COLUMNS
        )

    def _care_set_work_mem(self, size="64MB"):
        # sorts and hashes stay in memory instead of spilling to disk (until the commit)
        self.env.cr.execute(SQL("SET LOCAL work_mem = %s", size))

    def _care_compute_facts(self, company, partner_ids, staging=False):
        """Facts of these commercial partners in the company, from its posted customer invoices and
        credit notes (untaxed, company currency, credit notes negative) and their reconciliations:
        one set-based INSERT ... ON CONFLICT DO UPDATE into their profiles, or with `staging` into the
        full run's staging table (all the company's customers at once: one pass over each table)."""
        self.env.flush_all()
        # the whole company's aggregation and hashes in memory: a few hundred bytes per invoice
        self._care_set_work_mem("256MB" if staging else "64MB")
        today = fields.Date.context_today(self)
        now = self.env.cr.now()
        referrals = SQL(
            """
            SELECT DISTINCT referrer.commercial_partner_id AS partner_id
              FROM res_partner referred
              JOIN res_partner referrer ON referrer.id = referred.care_referred_by_id
             WHERE referred.active AND referrer.commercial_partner_id IN (SELECT partner_id FROM batch)
            """
        )
        # A quotation, or an open opportunity when CRM is installed, makes a prospect.
        opportunities = SQL()
        if "crm.lead" in self.env:
            opportunities = SQL(
                """
                UNION ALL
                SELECT c.commercial_partner_id, FALSE, TRUE
                  FROM crm_lead l JOIN res_partner c ON c.id = l.partner_id
                 WHERE l.type = 'opportunity' AND l.active AND l.company_id = %s
                   AND c.commercial_partner_id IN (SELECT partner_id FROM batch)
                """,
                company.id,
            )
        # A large batch reads the invoices' receivable lines and reconciliations once by hash joins; the
        # planner, misjudging the CTE sizes, would probe their indexes twice per invoice instead.
        large = len(partner_ids) > 1000
        if staging:
            # rows of earlier runs would only be overwritten one conflict at a time
            self.env.execute_query(
                SQL(
                    "DELETE FROM care_profile_facts WHERE company_id = %s AND graded_run IS DISTINCT FROM %s",
                    company.id,
                    company.care_grading_run,
                )
            )
            target = {
                "target": SQL("care_profile_facts"),
                "conflict": SQL("(company_id, partner_id)"),
                "bookkeeping": SQL(),
                "bookkeeping_values": SQL(),
                "bookkeeping_update": SQL(),
            }
        else:
            target = {
                "target": SQL("care_profile"),
                "conflict": SQL("(partner_id, company_id)"),
                "bookkeeping": SQL(", graded_at, needs_recompute, create_uid, create_date, write_uid, write_date"),
                "bookkeeping_values": SQL(", %s, FALSE, %s, %s, %s, %s", now, self.env.uid, now, self.env.uid, now),
                "bookkeeping_update": SQL(
                    ", graded_at = EXCLUDED.graded_at, needs_recompute = FALSE, write_uid = EXCLUDED.write_uid, "
                    "write_date = EXCLUDED.write_date"
                ),
            }
        if large:
            self.env.cr.execute("SET LOCAL enable_nestloop = off")
        self.env.execute_query(
            SQL(
                """
                WITH batch AS MATERIALIZED (
                    SELECT unnest(%(partner_ids)s::int[]) AS partner_id
                ),
                invoices AS (
                    -- the id range lets the covering index serve a batch of consecutive customers
                    SELECT m.id, m.commercial_partner_id AS partner_id, m.move_type = 'out_invoice' AS is_invoice,
                           m.invoice_date, m.invoice_date_due, m.amount_untaxed_signed AS amount,
                           m.amount_residual_signed AS residual, m.payment_state
                      FROM account_move m
                      JOIN batch b ON b.partner_id = m.commercial_partner_id
                     WHERE m.company_id = %(company)s AND m.state = 'posted'
                       AND m.move_type IN ('out_invoice', 'out_refund')
                       AND m.commercial_partner_id BETWEEN %(first_id)s AND %(last_id)s
                ),
                settled AS (
                    -- a paid invoice was settled on the day of its last reconciliation
                    SELECT l.move_id, MAX(r.max_date) AS paid_date
                      FROM invoices i
                      JOIN account_move_line l ON l.move_id = i.id AND l.display_type = 'payment_term'
                      JOIN account_partial_reconcile r ON r.debit_move_id = l.id
                     WHERE i.is_invoice AND i.payment_state IN ('paid', 'in_payment')
                     GROUP BY l.move_id
                ),
                lateness AS (
                    SELECT i.*,
                           CASE WHEN s.paid_date IS NOT NULL THEN GREATEST(s.paid_date - i.invoice_date_due, 0)
                                WHEN i.is_invoice AND i.residual > 0 AND i.invoice_date_due < %(today)s
                                THEN %(today)s - i.invoice_date_due
                           END AS days_late,
                           i.is_invoice AND i.residual > 0 AND i.invoice_date_due < %(today)s AS overdue
                      FROM invoices i
                      LEFT JOIN settled s ON s.move_id = i.id
                ),
                facts AS (
                    SELECT partner_id,
                           SUM(amount) FILTER (WHERE invoice_date > %(year_ago)s) AS revenue_12m,
                           SUM(amount) FILTER (WHERE invoice_date > %(two_years_ago)s
                                                 AND invoice_date <= %(year_ago)s) AS revenue_prev_12m,
                           SUM(amount) AS revenue_lifetime,
                           MIN(invoice_date) FILTER (WHERE is_invoice) AS first_invoice_date,
                           MAX(invoice_date) FILTER (WHERE is_invoice) AS last_invoice_date,
                           COUNT(*) FILTER (WHERE is_invoice) AS invoice_count,
                           COUNT(DISTINCT invoice_date) FILTER (WHERE is_invoice) AS purchase_date_count,
                           COUNT(DISTINCT invoice_date) FILTER (WHERE is_invoice AND invoice_date > %(rfm_start)s)
                               AS rfm_frequency,
                           SUM(amount) FILTER (WHERE invoice_date > %(rfm_start)s) AS rfm_monetary,
                           100.0 * COUNT(*) FILTER (WHERE days_late > 0) / NULLIF(COUNT(days_late), 0) AS late_share,
                           AVG(days_late) AS avg_days_late,
                           SUM(residual) FILTER (WHERE overdue) AS overdue_amount,
                           MAX(%(today)s - invoice_date_due) FILTER (WHERE overdue) AS max_days_overdue
                      FROM lateness
                     GROUP BY partner_id
                ),
                sales AS (
                    SELECT partner_id, bool_or(confirmed) AS confirmed, bool_or(quotation) AS quotation
                      FROM (SELECT c.commercial_partner_id, o.state = 'sale', o.state IN ('draft', 'sent')
                              FROM sale_order o JOIN res_partner c ON c.id = o.partner_id
                             WHERE o.company_id = %(company)s AND c.commercial_partner_id IN (SELECT partner_id FROM batch)
                            %(opportunities)s
                           ) AS s(partner_id, confirmed, quotation)
                     GROUP BY partner_id
                ),
                referrals AS (%(referrals)s)
                INSERT INTO %(target)s (partner_id, company_id, %(columns)s%(bookkeeping)s)
                SELECT c.partner_id, %(company)s, COALESCE(f.revenue_12m, 0), COALESCE(f.revenue_prev_12m, 0),
                       COALESCE(f.revenue_lifetime, 0), f.first_invoice_date, f.last_invoice_date,
                       COALESCE(f.invoice_count, 0), COALESCE(f.purchase_date_count, 0), f.interval,
                       f.last_invoice_date + ROUND(f.interval)::int, COALESCE(f.late_share, 0),
                       COALESCE(f.avg_days_late, 0), COALESCE(f.overdue_amount, 0), COALESCE(f.max_days_overdue, 0),
                       COALESCE(f.rfm_frequency, 0), COALESCE(f.rfm_monetary, 0), COALESCE(s.quotation, FALSE),
                       COALESCE(s.confirmed, FALSE), r.partner_id IS NOT NULL, %(run)s%(bookkeeping_values)s
                  FROM batch c
                  LEFT JOIN (
                        SELECT *, CASE WHEN purchase_date_count > 1
                                       THEN (last_invoice_date - first_invoice_date)::float / (purchase_date_count - 1)
                                  END AS interval
                          FROM facts
                       ) AS f ON f.partner_id = c.partner_id
                  LEFT JOIN sales s ON s.partner_id = c.partner_id
                  LEFT JOIN (SELECT DISTINCT partner_id FROM referrals) r ON r.partner_id = c.partner_id
                ON CONFLICT %(conflict)s DO UPDATE SET %(update)s%(bookkeeping_update)s
                """,
                company=company.id,
                partner_ids=self._care_id_array(partner_ids),
                first_id=min(partner_ids),
                last_id=max(partner_ids),
                today=today,
                year_ago=today - relativedelta(years=1),
                two_years_ago=today - relativedelta(years=2),
                rfm_start=today - relativedelta(months=company.care_rfm_months),
                opportunities=opportunities,
                referrals=referrals,
                run=company.care_grading_run,
                columns=SQL(", ").join(SQL.identifier(column) for column in FACT_COLUMNS),
                update=self._care_update_facts(),
                **target,
            )
        )
        if large:
            self.env.cr.execute("SET LOCAL enable_nestloop = on")
        self.env.invalidate_all()

    def _care_compute_grades(self, company, partner_ids=None):
        """Grades from the stored facts, and one history row per changed grade, in one statement.

        Without partner_ids: the whole company, ranks by window functions. With partner_ids (marked
        customers): only those, placed by the cut-offs of the last company-wide grading, so a posted
        invoice re-grades its customer at once; the others' ranks move at the nightly run."""
        self.env.flush_all()
        self._care_set_work_mem()
        today = fields.Date.context_today(self)
        if partner_ids is None:
            scope = SQL("TRUE")
            # One pass of window functions over the company's customers: no join of the customers with
            # themselves, whose size the planner cannot guess.
            ranks = SQL(
                """
                SELECT b.*,
                       -- the share of revenue held by the customers ranked above (positive revenues sort first)
                       CASE WHEN b.revenue_12m > 0 THEN 100.0 * COALESCE(SUM(GREATEST(b.revenue_12m, 0)) OVER (
                                ORDER BY b.revenue_12m DESC, b.partner_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                            ), 0) / SUM(GREATEST(b.revenue_12m, 0)) OVER () END AS rank_tier_place,
                       -- quintiles by percent rank among the customers who bought in the window: ties share a score
                       CASE WHEN b.rfm_frequency > 0 THEN LEAST(5, 1 + FLOOR(5 * PERCENT_RANK() OVER (
                                PARTITION BY b.rfm_frequency > 0 ORDER BY b.last_invoice_date)))::int END AS rank_r,
                       CASE WHEN b.rfm_frequency > 0 THEN LEAST(5, 1 + FLOOR(5 * PERCENT_RANK() OVER (
                                PARTITION BY b.rfm_frequency > 0 ORDER BY b.rfm_frequency)))::int END AS rank_f,
                       CASE WHEN b.rfm_frequency > 0 THEN LEAST(5, 1 + FLOOR(5 * PERCENT_RANK() OVER (
                                PARTITION BY b.rfm_frequency > 0 ORDER BY b.rfm_monetary)))::int END AS rank_m
                  FROM base b
                """
            )
            tier = SQL(
                """
                CASE WHEN b.rank_tier_place IS NULL THEN NULL
                     WHEN b.rank_tier_place < %(vip)s THEN 'vip'
                     WHEN b.rank_tier_place < %(major)s THEN 'major'
                     WHEN b.rank_tier_place < %(ordinary)s THEN 'ordinary'
                     ELSE 'small' END
                """,
                vip=company.care_tier_vip_share,
                major=company.care_tier_major_share,
                ordinary=company.care_tier_ordinary_share,
            )
        else:
            scope = SQL("p.partner_id = ANY(%s)", list(partner_ids))
            ranks, tier = self._care_ranks_from_cutoffs(company)
        self.env.execute_query(
            SQL(
                """
                WITH base AS (
                    SELECT p.*
                      FROM care_profile p
                      JOIN res_partner partner ON partner.id = p.partner_id AND partner.active
                     WHERE p.company_id = %(company)s AND %(scope)s
                ),
                ranks AS (%(ranks)s),
                graded AS (
                    SELECT b.id, b.partner_id, b.manual_stage, b.first_invoice_date, b.rank_tier_place AS tier_place,
                           CASE WHEN b.first_invoice_date IS NULL THEN NULL
                                WHEN b.revenue_12m < %(medium)s THEN 'small'
                                WHEN b.revenue_12m < %(large)s THEN 'medium'
                                ELSE 'large' END AS volume_class,
                           CASE WHEN b.first_invoice_date IS NOT NULL THEN (ARRAY['a', 'b', 'c', 'd'])[1 + GREATEST(
                                CASE WHEN b.late_share > %(share_d)s THEN 3 WHEN b.late_share > %(share_c)s THEN 2
                                     WHEN b.late_share > %(share_b)s THEN 1 ELSE 0 END,
                                CASE WHEN GREATEST(b.avg_days_late, b.max_days_overdue) > %(days_d)s THEN 3
                                     WHEN GREATEST(b.avg_days_late, b.max_days_overdue) > %(days_c)s THEN 2
                                     WHEN GREATEST(b.avg_days_late, b.max_days_overdue) > %(days_b)s THEN 1 ELSE 0 END,
                                CASE WHEN b.overdue_amount > %(overdue_limit)s THEN 2 ELSE 0 END
                           )] END AS credit_grade,
                           %(tier)s AS tier,
                           -- bought before the RFM window but not within it: lost, recency 1
                           CASE WHEN b.rfm_frequency = 0 AND b.last_invoice_date IS NOT NULL THEN 1
                                ELSE b.rank_r END AS rfm_r,
                           b.rank_f AS rfm_f, b.rank_m AS rfm_m,
                           CASE WHEN b.purchase_date_count = 0 AND NOT b.has_confirmed_sale
                                THEN CASE WHEN b.has_quotation THEN 'prospect' ELSE 'suspect' END
                                WHEN %(today)s - b.last_invoice_date
                                     > GREATEST(3 * COALESCE(b.purchase_interval, 0), %(lost_days)s) THEN 'lost'
                                WHEN b.has_referred THEN 'advocate'
                                WHEN b.purchase_date_count >= 2
                                     AND b.last_invoice_date >= b.first_invoice_date + INTERVAL '2 years' THEN 'long_term'
                                WHEN b.purchase_date_count >= 2 THEN 'repeat'
                                ELSE 'first' END AS computed_stage,
                           b.rfm_frequency = 0 AND b.last_invoice_date IS NOT NULL AS rfm_lost
                      FROM ranks b
                ),
                final AS (
                    SELECT g.*,
                           CASE WHEN g.first_invoice_date IS NULL
                                  OR %(today)s - g.first_invoice_date < %(observation_days)s THEN 'none'
                                ELSE g.volume_class || CASE WHEN g.credit_grade IN ('a', 'b') THEN '_good' ELSE '_bad' END
                           END AS matrix_cell,
                           CASE WHEN g.rfm_lost THEN 'lost'
                                WHEN g.rfm_r IS NULL THEN NULL
                                WHEN g.rfm_r <= 2 AND g.rfm_f <= 2 THEN 'hibernating'
                                WHEN g.rfm_r <= 2 AND g.rfm_f <= 4 THEN 'at_risk'
                                WHEN g.rfm_r <= 2 THEN 'cannot_lose'
                                WHEN g.rfm_r = 3 AND g.rfm_f <= 2 THEN 'about_to_sleep'
                                WHEN g.rfm_r = 3 AND g.rfm_f = 3 THEN 'need_attention'
                                WHEN g.rfm_r <= 4 AND g.rfm_f >= 4 THEN 'loyal'
                                WHEN g.rfm_r = 4 AND g.rfm_f = 1 THEN 'promising'
                                WHEN g.rfm_r = 5 AND g.rfm_f = 1 THEN 'new'
                                WHEN g.rfm_f <= 3 THEN 'potential_loyalist'
                                ELSE 'champions' END AS rfm_segment,
                           COALESCE(g.manual_stage, g.computed_stage) AS stage
                      FROM graded g
                ),
                history AS (
                    INSERT INTO care_grade_history (partner_id, company_id, field, old_value, new_value, date,
                                                    create_uid, create_date, write_uid, write_date)
                    SELECT f.partner_id, %(company)s, v.field, v.old_value, v.new_value, %(today)s,
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM final f
                      JOIN care_profile p ON p.id = f.id
                     CROSS JOIN LATERAL (VALUES ('tier', p.tier, f.tier),
                                                ('matrix_cell', p.matrix_cell, f.matrix_cell),
                                                ('credit_grade', p.credit_grade, f.credit_grade),
                                                ('stage', p.stage, f.stage)) AS v(field, old_value, new_value)
                     WHERE v.old_value IS DISTINCT FROM v.new_value
                )
                UPDATE care_profile p
                   SET volume_class = f.volume_class, credit_grade = f.credit_grade, matrix_cell = f.matrix_cell,
                       tier = f.tier, tier_place = f.tier_place, rfm_r = f.rfm_r, rfm_f = f.rfm_f, rfm_m = f.rfm_m,
                       rfm_segment = f.rfm_segment, computed_stage = f.computed_stage, stage = f.stage
                  FROM final f
                 WHERE p.id = f.id
                   AND (p.volume_class, p.credit_grade, p.matrix_cell, p.tier, p.tier_place, p.rfm_r, p.rfm_f,
                        p.rfm_m, p.rfm_segment, p.computed_stage, p.stage)
                       IS DISTINCT FROM
                       (f.volume_class, f.credit_grade, f.matrix_cell, f.tier, f.tier_place, f.rfm_r, f.rfm_f,
                        f.rfm_m, f.rfm_segment, f.computed_stage, f.stage)
                """,
                company=company.id,
                scope=scope,
                ranks=ranks,
                tier=tier,
                today=today,
                now=self.env.cr.now(),
                uid=self.env.uid,
                medium=company.care_volume_medium,
                large=company.care_volume_large,
                observation_days=company.care_observation_days,
                lost_days=company.care_lost_days,
                share_b=company.care_credit_late_share_b,
                share_c=company.care_credit_late_share_c,
                share_d=company.care_credit_late_share_d,
                days_b=company.care_credit_days_late_b,
                days_c=company.care_credit_days_late_c,
                days_d=company.care_credit_days_late_d,
                overdue_limit=company.care_credit_overdue_limit,
            )
        )
        if partner_ids is None:
            self._care_store_cutoffs(company)
        self.env.invalidate_all()

    def _care_store_cutoffs(self, company):
        """After a company-wide grading: the lowest value reaching each tier and each RFM score, so that a
        marked customer is placed among the others in constant time (see _care_ranks_from_cutoffs)."""
        tier_sets = (("vip",), ("vip", "major"), ("vip", "major", "ordinary"))
        cuts = [SQL("MIN(revenue_12m) FILTER (WHERE tier IN %s)", tiers) for tiers in tier_sets]
        for column, score in (("last_invoice_date", "rfm_r"), ("rfm_frequency", "rfm_f"), ("rfm_monetary", "rfm_m")):
            cuts += [
                SQL("MIN(%s) FILTER (WHERE %s >= %s)", SQL.identifier(column), SQL.identifier(score), level)
                for level in range(2, 6)
            ]
        [row] = self.env.execute_query(
            SQL("SELECT %s FROM care_profile WHERE company_id = %s", SQL(", ").join(cuts), company.id)
        )
        values = [value.isoformat() if hasattr(value, "isoformat") else value and float(value) for value in row]
        company.sudo().care_grading_cutoffs = {
            "tier": values[0:3],
            "rfm_r": values[3:7],
            "rfm_f": values[7:11],
            "rfm_m": values[11:15],
        }

    def _care_ranks_from_cutoffs(self, company):
        """Tier and RFM scores of marked customers from the cut-offs of the last company-wide grading:
        the same scores the window functions would give a customer with these facts, without reading the
        whole company (the share-above place keeps its nightly value); none before a first full run.
        Returns the ranks query over `base` and the tier expression."""
        cutoffs = company.care_grading_cutoffs or {}

        def score(column, levels):
            # 1 + the number of cut-offs reached; a missing cut-off (nobody scored that high) is not reached
            return SQL("1 + %s", SQL(" + ").join(
                SQL("COALESCE((b.%s >= %s)::int, 0)", SQL.identifier(column), level) for level in levels
            ))

        if not cutoffs:
            ranks = SQL(
                "SELECT b.*, b.tier_place AS rank_tier_place, NULL::int AS rank_r, NULL::int AS rank_f, "
                "NULL::int AS rank_m FROM base b"
            )
            return ranks, SQL("NULL")
        vip, major, ordinary = cutoffs["tier"]
        ranks = SQL(
            """
            SELECT b.*, b.tier_place AS rank_tier_place,
                   CASE WHEN b.rfm_frequency > 0 THEN %(rfm_r)s END AS rank_r,
                   CASE WHEN b.rfm_frequency > 0 THEN %(rfm_f)s END AS rank_f,
                   CASE WHEN b.rfm_frequency > 0 THEN %(rfm_m)s END AS rank_m
              FROM base b
            """,
            rfm_r=score("last_invoice_date", [SQL("%s::date", day) for day in cutoffs["rfm_r"]]),
            rfm_f=score("rfm_frequency", cutoffs["rfm_f"]),
            rfm_m=score("rfm_monetary", cutoffs["rfm_m"]),
        )
        tier = SQL(
            """
            CASE WHEN b.revenue_12m <= 0 THEN NULL
                 WHEN b.revenue_12m >= %(vip)s THEN 'vip'
                 WHEN b.revenue_12m >= %(major)s THEN 'major'
                 WHEN b.revenue_12m >= %(ordinary)s THEN 'ordinary'
                 ELSE 'small' END
            """,
            vip=vip,
            major=major,
            ordinary=ordinary,
        )
        return ranks, tier
