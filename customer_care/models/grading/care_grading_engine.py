import json
import logging
import time
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL

from ...const import GRADED_FIELDS
from ...utils import CONCURRENCY_ERRORS, rollback_concurrent

_logger = logging.getLogger(__name__)

# The grades the engine computes per profile, with their column types.
GRADE_COLUMNS = (
    ("volume_class", "varchar"),
    ("credit_grade", "varchar"),
    ("matrix_cell", "varchar"),
    ("tier", "varchar"),
    ("rfm_r", "int"),
    ("rfm_f", "int"),
    ("rfm_m", "int"),
    ("rfm_segment", "varchar"),
    ("computed_stage", "varchar"),
    ("stage", "varchar"),
)
# What the grading query returns of each profile whose grades changed: its new grades and the old values
# of the grades whose changes are history.
GRADE_CHANGE_COLUMNS = (
    (("id", "int"), ("partner_id", "int"))
    + GRADE_COLUMNS
    + tuple((f"old_{field}", "varchar") for field, _label in GRADED_FIELDS)
)
# What a grading step of a company ended with.
DONE, BUSY, STOPPED = "done", "busy", "stopped"


class CareGradingEngine(models.AbstractModel):
    """The grading engine of care.profile: the facts of each customer from the company's invoices, orders
    and referrals, then its grades, in set-based SQL (never a loop over customers), so that the nightly run
    holds no lock on the res_partner rows people are editing.

    Facts are declared once in `_facts` (name, column type, SQL expression over the per-customer sources of
    `_fact_sources`): the staging table, the SELECT and the copy into care_profile are built from that
    declaration. A module adding a fact declares a stored field on care.profile, the fact, and when it reads
    other tables a source."""

    _name = "care.grading.engine"
    _description = "Customer Grading Engine"

    # Commercial partners per batch of the full run: one INSERT ... ON CONFLICT per batch.
    _care_batch_size = 20000
    # Days between two full runs that aggregate every customer's facts again from the invoices.
    _care_reaggregation_days = 7
    # First key of the companies' grading locks (PostgreSQL advisory locks): "care".
    _care_lock_key = 0x63617265
    # Seconds the nightly run waits for a company another run is grading, before it leaves the company to
    # its next call.
    _care_lock_wait = 30

    def init(self):
        # The full run's staging table: the facts of all the company's customers from one set-based pass,
        # copied into care_profile a batch per commit. Unlogged (a crash empties it: the run stages again)
        # and rebuilt on update so that its columns follow the declared facts.
        self.env.cr.execute(
            SQL(
                """
                DROP TABLE IF EXISTS care_profile_facts;
                CREATE UNLOGGED TABLE care_profile_facts (
                    partner_id int4 NOT NULL,
                    company_id int4 NOT NULL,
                    %s,
                    PRIMARY KEY (company_id, partner_id)
                )
                """,
                SQL(", ").join(
                    SQL("%s %s", SQL.identifier(name), SQL(column_type))
                    for name, column_type in self._care_staged_columns().items()
                ),
            )
        )

    # ------------------------------------------------------------
    # FACTS
    # ------------------------------------------------------------

    def _facts(self):
        """The facts of a customer, in declaration order: name -> (column type, SQL expression).

        Each fact is a stored field of care.profile with that column type and a column of the staging
        table. The expression reads the customer `c` (`c.partner_id`) and the sources of `_fact_sources`
        by their alias; a customer a source has no row for reads NULLs there."""
        return {
            "revenue_12m": ("numeric", SQL("COALESCE(f.revenue_12m, 0)")),
            "revenue_prev_12m": ("numeric", SQL("COALESCE(f.revenue_prev_12m, 0)")),
            "revenue_last_year": ("numeric", SQL("COALESCE(f.revenue_last_year, 0)")),
            "revenue_lifetime": ("numeric", SQL("COALESCE(f.revenue_lifetime, 0)")),
            "first_invoice_date": ("date", SQL("f.first_invoice_date")),
            "last_invoice_date": ("date", SQL("f.last_invoice_date")),
            "invoice_count": ("int4", SQL("COALESCE(f.invoice_count, 0)")),
            "purchase_date_count": ("int4", SQL("COALESCE(f.purchase_date_count, 0)")),
            "purchase_interval": ("numeric", SQL("f.interval")),
            "next_purchase_date": ("date", SQL("f.last_invoice_date + ROUND(f.interval)::int")),
            "late_share": ("numeric", SQL("COALESCE(f.late_share, 0)")),
            "avg_days_late": ("numeric", SQL("COALESCE(f.avg_days_late, 0)")),
            "overdue_amount": ("numeric", SQL("COALESCE(f.overdue_amount, 0)")),
            "overdue_since": ("date", SQL("f.overdue_since")),
            "rfm_frequency": ("int4", SQL("COALESCE(f.rfm_frequency, 0)")),
            "rfm_monetary": ("numeric", SQL("COALESCE(f.rfm_monetary, 0)")),
            "has_quotation": ("bool", SQL("COALESCE(s.quotation, FALSE)")),
            "has_confirmed_sale": ("bool", SQL("COALESCE(s.confirmed, FALSE)")),
            "has_referred": ("bool", SQL("r.partner_id IS NOT NULL")),
        }

    def _fact_sources(self, company, scope):
        """The per-customer queries the facts read, by alias: each returns at most one row per `partner_id`
        among the customers of the CTE `batch`, and is LEFT JOINed on it. `scope` holds the run's values
        (see `_fact_scope`)."""
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
        return {
            # invoices and credit notes: sales and payment behaviour
            "f": SQL(
                """
                SELECT *, CASE WHEN purchase_date_count > 1
                               THEN (last_invoice_date - first_invoice_date)::float / (purchase_date_count - 1)
                          END AS interval
                  FROM (
                    SELECT partner_id,
                           SUM(amount) FILTER (WHERE invoice_date > %(year_ago)s) AS revenue_12m,
                           SUM(amount) FILTER (WHERE invoice_date > %(two_years_ago)s
                                                 AND invoice_date <= %(year_ago)s) AS revenue_prev_12m,
                           SUM(amount) FILTER (WHERE invoice_date >= %(last_year_start)s
                                                 AND invoice_date < %(year_start)s) AS revenue_last_year,
                           SUM(amount) AS revenue_lifetime,
                           MIN(invoice_date) FILTER (WHERE is_invoice) AS first_invoice_date,
                           MAX(invoice_date) FILTER (WHERE is_invoice) AS last_invoice_date,
                           COUNT(*) FILTER (WHERE is_invoice) AS invoice_count,
                           COUNT(DISTINCT invoice_date) FILTER (WHERE is_invoice) AS purchase_date_count,
                           COUNT(DISTINCT invoice_date) FILTER (WHERE is_invoice AND invoice_date > %(rfm_start)s)
                               AS rfm_frequency,
                           SUM(amount) FILTER (WHERE invoice_date > %(rfm_start)s) AS rfm_monetary,
                           100.0 * COUNT(*) FILTER (WHERE days_late > 0) / NULLIF(COUNT(days_late), 0)
                               AS late_share,
                           AVG(days_late) AS avg_days_late,
                           SUM(residual) FILTER (WHERE overdue) AS overdue_amount,
                           MIN(invoice_date_due) FILTER (WHERE overdue) AS overdue_since
                      FROM (
                        -- the id range lets the covering index serve a batch of consecutive customers
                        SELECT m.commercial_partner_id AS partner_id, m.move_type = 'out_invoice' AS is_invoice,
                               m.invoice_date, m.invoice_date_due, m.amount_untaxed_signed AS amount,
                               m.amount_residual_signed AS residual,
                               m.move_type = 'out_invoice' AND m.amount_residual_signed > 0
                                   AND m.invoice_date_due < %(today)s AS overdue,
                               -- GREATEST ignores a NULL: only a paid invoice is late or not
                               CASE WHEN m.care_paid_date IS NOT NULL
                                    THEN GREATEST(m.care_paid_date - m.invoice_date_due, 0) END AS days_late
                          FROM account_move m
                          JOIN batch b ON b.partner_id = m.commercial_partner_id
                         WHERE m.company_id = %(company)s AND m.state = 'posted'
                           AND m.move_type IN ('out_invoice', 'out_refund')
                           AND m.commercial_partner_id BETWEEN %(first_id)s AND %(last_id)s
                      ) AS invoices
                     GROUP BY partner_id
                  ) AS facts
                """,
                **scope,
            ),
            # quotations and confirmed orders (and open opportunities): the first stages of the lifecycle
            "s": SQL(
                """
                SELECT partner_id, bool_or(confirmed) AS confirmed, bool_or(quotation) AS quotation
                  FROM (SELECT c.commercial_partner_id, o.state = 'sale', o.state IN ('draft', 'sent')
                          FROM sale_order o JOIN res_partner c ON c.id = o.partner_id
                         WHERE o.company_id = %(company)s
                           AND c.commercial_partner_id IN (SELECT partner_id FROM batch)
                        %(opportunities)s
                       ) AS s(partner_id, confirmed, quotation)
                 GROUP BY partner_id
                """,
                company=company.id,
                opportunities=opportunities,
            ),
            # the customers it referred: an advocate
            "r": SQL(
                """
                SELECT DISTINCT referrer.commercial_partner_id AS partner_id
                  FROM res_partner referred
                  JOIN res_partner referrer ON referrer.id = referred.care_referred_by_id
                 WHERE referred.active AND referrer.commercial_partner_id IN (SELECT partner_id FROM batch)
                """
            ),
        }

    def _fact_scope(self, company, partner_ids):
        """The values the sources of one computation of facts read."""
        today = fields.Date.context_today(self)
        return {
            "company": company.id,
            "first_id": min(partner_ids),
            "last_id": max(partner_ids),
            "today": today,
            "year_ago": today - relativedelta(years=1),
            "two_years_ago": today - relativedelta(years=2),
            "year_start": today.replace(month=1, day=1),
            "last_year_start": today.replace(year=today.year - 1, month=1, day=1),
            "rfm_start": today - relativedelta(months=company.care_rfm_months),
        }

    def _select_facts(self):
        return SQL(", ").join(expression for _column_type, expression in self._facts().values())

    def _from_facts(self, company, scope):
        return SQL(" ").join(
            [SQL("batch c")]
            + [
                SQL(
                    "LEFT JOIN (%s) AS %s ON %s.partner_id = c.partner_id",
                    query,
                    SQL.identifier(alias),
                    SQL.identifier(alias),
                )
                for alias, query in self._fact_sources(company, scope).items()
            ]
        )

    def _care_staged_columns(self):
        """Columns the facts fill in care_profile and in the staging table: the facts and the run that
        computed them."""
        return {name: column_type for name, (column_type, _expression) in self._facts().items()} | {
            "graded_run": "int4"
        }

    # ------------------------------------------------------------
    # MARKING
    # ------------------------------------------------------------

    def _care_mark(self, pairs, mark=True):
        """Insert-or-flag profiles for the (partner_id, company_id) rows of the SQL query `pairs`.

        Cheap enough to run inside invoice posting and payment reconciliation."""
        self.env.execute_query(
            SQL(
                """
                INSERT INTO care_profile (partner_id, company_id, active, needs_recompute, create_uid, create_date,
                                          write_uid, write_date)
                SELECT DISTINCT pair.partner_id, pair.company_id, TRUE, TRUE, %(uid)s, now() at time zone 'UTC',
                       %(uid)s, now() at time zone 'UTC'
                  FROM (%(pairs)s) AS pair(partner_id, company_id)
                 WHERE pair.partner_id IS NOT NULL
                ON CONFLICT (partner_id, company_id)
                DO UPDATE SET needs_recompute = %(mark)s OR care_profile.needs_recompute
                """,
                uid=self.env.uid,
                pairs=pairs,
                mark=mark,
            )
        )
        self.env["care.profile"].invalidate_model(["needs_recompute"])

    def _care_mark_pairs(self, pairs):
        """_care_mark for a set of (commercial partner id, company id) pairs."""
        if pairs:
            partner_ids, company_ids = zip(*pairs, strict=False)
            self._care_mark(SQL("SELECT * FROM unnest(%s::int[], %s::int[])", list(partner_ids), list(company_ids)))

    def _care_mark_moved(self, company):
        """Before a night's grading: mark the customers whose facts moved with the calendar since they were
        last brought up to date: an invoice left the 12-month, previous-12-month or RFM window, or fell due
        unpaid, or (on the first night of a year) counts in last calendar year's revenue or did until then. (New
        customers are marked when created, archived ones leave the ranking when archived.)"""
        self.env.flush_all()
        today = fields.Date.context_today(self)
        since = company.care_grading_facts_date or today
        if since < today:
            windows = (relativedelta(years=1), relativedelta(years=2), relativedelta(months=company.care_rfm_months))
            left = [
                SQL("m.invoice_date > %s AND m.invoice_date <= %s", since - window, today - window)
                for window in windows
            ]
            if since.year < today.year:
                # a new year since: invoices that count in last calendar year's revenue now, or did until then
                left.append(
                    SQL(
                        "m.invoice_date >= %s AND m.invoice_date < %s",
                        date(since.year - 1, 1, 1),
                        date(today.year, 1, 1),
                    )
                )
            self._care_mark(
                SQL(
                    """
                    SELECT DISTINCT m.commercial_partner_id, m.company_id
                      FROM account_move m
                     WHERE m.company_id = %(company)s AND m.state = 'posted'
                       AND m.move_type IN ('out_invoice', 'out_refund')
                       AND (%(left_window)s
                            OR m.move_type = 'out_invoice' AND m.amount_residual_signed > 0
                               AND m.invoice_date_due >= %(since)s AND m.invoice_date_due < %(today)s)
                    """,
                    company=company.id,
                    left_window=SQL(" OR ").join(left),
                    since=since,
                    today=today,
                )
            )
        self._care_set_company(company, care_grading_facts_date=today)

    def _care_sync_active(self, condition):
        """Profiles follow their customer's archiving (`condition` on profile p and customer r): an archived
        customer is out of the ranking but keeps its profile, with a stage set by hand, for a restore."""
        self.env.execute_query(
            SQL(
                """
                UPDATE care_profile p SET active = r.active
                  FROM res_partner r
                 WHERE r.id = p.partner_id AND %s AND p.active IS DISTINCT FROM r.active
                """,
                condition,
            )
        )
        self.env["care.profile"].invalidate_model(["active"])

    # ------------------------------------------------------------
    # RUNS
    # ------------------------------------------------------------

    def _care_grade_nightly(self, companies):
        """Once a day per company: every customer's grades, from facts brought up to date.

        Only the facts that moved are computed again: those of customers marked by their invoices, payments,
        orders or referrals, and of those whose invoices left a date window or fell due overnight
        (`_care_mark_moved`). Every week, and on the first run, all facts are aggregated again from the
        invoices (`_care_start_run`), which catches what no event marked. Batches commit; a killed run
        resumes where it stopped. A company another run is grading is left for later: the cron reports it
        as remaining, so that the scheduler calls it again soon."""
        today = fields.Date.context_today(self)
        busy = 0
        for index, company in enumerate(companies):
            try:
                status = self._care_grade_company_nightly(company, today)
            except CONCURRENCY_ERRORS:
                rollback_concurrent(self.env, f"the nightly grading of company {company.id}")
                status = BUSY
            if status == STOPPED:
                # The cron's time is up: this company and those after it (and the busy ones) are reported as
                # remaining, so that the scheduler calls again tonight rather than at tomorrow's run (a company
                # already graded today is passed over at once).
                self.env["ir.cron"]._commit_progress(remaining=len(companies) - index + busy)
                return
            busy += status == BUSY
        if busy:
            self.env["ir.cron"]._commit_progress(remaining=busy)

    def _care_grade_company_nightly(self, company, today):
        """The night's grading of one company: DONE, BUSY (another run holds its lock) or STOPPED (the
        cron's time is up; its next call resumes)."""
        cron = self.env["ir.cron"]
        if not self._care_lock_company(company, self._care_lock_wait):
            return BUSY
        if company.care_grading_run_done:
            if company.care_grading_date == today:
                return DONE
            if self._care_reaggregation_due(company):
                self._care_start_run(company)
            else:
                self._care_mark_moved(company)
            cron._commit_progress()
        if company.care_grading_run_done:
            status = self._care_grade_marked(company, grade=False, wait=self._care_lock_wait)
            if status != DONE:
                return status
            self._care_compute_grades(company)
            return DONE if cron._commit_progress(1) else STOPPED
        while True:
            if not self._care_lock_company(company, self._care_lock_wait):
                return BUSY
            done, remaining = self._care_run_step(company)
            if not cron._commit_progress(done, remaining=remaining):
                return STOPPED
            if not remaining:
                return DONE

    def _care_grade_now(self, company):
        """A full run of the company in the current transaction (no commit); False when another run holds
        the company's lock."""
        if not self._care_lock_company(company):
            return False
        self._care_start_run(company)
        while self._care_run_step(company)[1]:
            pass
        return True

    def _care_lock_company(self, company, wait=0):
        """The company's grading lock, for the current transaction: two runs never write the same profiles
        at once (one would fail on the other's updates). With `wait`, tries again each second for about
        that many seconds, each time in a new transaction, so that it then sees what the other run
        committed; the caller leaves the company when it stays busy."""
        for attempt in range(wait + 1):
            if attempt:
                self.env.cr.rollback()
                time.sleep(1)
            [(locked,)] = self.env.execute_query(
                SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", self._care_lock_key, company.id)
            )
            if locked:
                return True
        return False

    def _care_grade_marked(self, company, grade=True, wait=0):
        """Facts of the company's marked customers, and with `grade` their grades by the last cut-offs, a
        batch per commit: DONE, BUSY (another run holds the company's lock) or STOPPED (the cron's time is
        up)."""
        while self._care_lock_company(company, wait):
            partner_ids = self._care_marked_partner_ids(company, self._care_batch_size)
            if not partner_ids:
                return DONE
            self._care_compute_facts(company, partner_ids)
            if grade:
                self._care_compute_grades(company, partner_ids)
            remaining = len(self._care_marked_partner_ids(company, None))
            if not self.env["ir.cron"]._commit_progress(len(partner_ids), remaining=remaining):
                return STOPPED
        return BUSY

    def _care_reaggregation_due(self, company):
        start = company.care_grading_run_start
        return not start or start <= fields.Datetime.now() - relativedelta(days=self._care_reaggregation_days)

    def _care_start_run(self, company):
        """A full run: every customer's facts aggregated again from the invoices, then the grades."""
        self.env.flush_all()
        self._care_set_company(
            company,
            care_grading_run=(company.care_grading_run or 0) + 1,
            care_grading_run_done=False,
            care_grading_run_start=fields.Datetime.now(),
            care_grading_facts_date=fields.Date.context_today(self),
        )
        # archiving a contact does this at once; this catches archives written otherwise
        self._care_sync_active(SQL("p.company_id = %s", company.id))

    def _care_set_company(self, company, **values):
        # The engine's bookkeeping on the company: a plain UPDATE, as res.company.write resets company-wide
        # caches and defaults.
        self.env.execute_query(
            SQL(
                "UPDATE res_company SET %s WHERE id = %s",
                SQL(", ").join(SQL("%s = %s", SQL.identifier(name), value) for name, value in values.items()),
                company.id,
            )
        )
        company.invalidate_recordset(list(values))

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
        self._care_set_company(company, care_grading_run_done=True)
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
                INSERT INTO care_profile AS p (partner_id, company_id, %(columns)s, active, graded_at,
                                               needs_recompute, create_uid, create_date, write_uid, write_date)
                SELECT partner_id, company_id, %(columns)s, TRUE, %(now)s, FALSE, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM care_profile_facts
                 WHERE company_id = %(company)s AND partner_id = ANY(%(partner_ids)s::int[])
                ON CONFLICT (partner_id, company_id) DO UPDATE SET %(update)s, graded_at = EXCLUDED.graded_at,
                    write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                """,
                columns=SQL(", ").join(SQL.identifier(column) for column in self._care_staged_columns()),
                update=self._care_update_facts(),
                now=now,
                uid=self.env.uid,
                company=company.id,
                partner_ids=self._care_array(partner_ids),
            )
        )
        self.env.invalidate_all()

    # ------------------------------------------------------------
    # FACTS AND GRADES
    # ------------------------------------------------------------

    def _care_compute_facts(self, company, partner_ids, staging=False):
        """Facts of these commercial partners in the company, from its posted customer invoices and
        credit notes (untaxed, company currency, credit notes negative) and their reconciliations, its
        orders and the customers' referrals: one set-based INSERT ... ON CONFLICT DO UPDATE into their
        profiles, or with `staging` into the full run's staging table (all the company's customers at
        once: one pass over each table)."""
        self.env.flush_all()
        # the whole company's aggregation and hashes in memory: a few hundred bytes per invoice
        self._care_set_work_mem("256MB" if staging else "64MB")
        now = self.env.cr.now()
        scope = self._fact_scope(company, partner_ids)
        # A large batch reads the company's invoices in one pass over the covering index by a hash join; the
        # planner, misjudging the batch's size, would probe the index once per customer instead.
        large = len(partner_ids) > 10000
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
                "bookkeeping": SQL(
                    ", active, graded_at, needs_recompute, create_uid, create_date, write_uid, write_date"
                ),
                "bookkeeping_values": SQL(
                    ", TRUE, %s, FALSE, %s, %s, %s, %s", now, self.env.uid, now, self.env.uid, now
                ),
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
                )
                INSERT INTO %(target)s (partner_id, company_id, %(columns)s%(bookkeeping)s)
                SELECT c.partner_id, %(company)s, %(facts)s, %(run)s%(bookkeeping_values)s
                  FROM %(sources)s
                ON CONFLICT %(conflict)s DO UPDATE SET %(update)s%(bookkeeping_update)s
                """,
                partner_ids=self._care_array(partner_ids),
                columns=SQL(", ").join(SQL.identifier(column) for column in self._care_staged_columns()),
                company=company.id,
                facts=self._select_facts(),
                run=company.care_grading_run,
                sources=self._from_facts(company, scope),
                update=self._care_update_facts(),
                **target,
            )
        )
        if large:
            self.env.cr.execute("SET LOCAL enable_nestloop = on")
        self.env.invalidate_all()

    def _care_compute_grades(self, company, partner_ids=None):
        """Grades from the stored facts, and one history row per changed grade, in one statement that
        writes only the profiles whose grades changed.

        Without partner_ids: the whole company, by new cut-offs (tiers, RFM scores) from everyone's facts.
        With partner_ids (marked customers): only those, by the cut-offs of the last company-wide grading,
        so that a posted invoice re-grades its customer at once."""
        self.env.flush_all()
        self._care_set_work_mem()
        today = fields.Date.context_today(self)
        if partner_ids is None:
            self._care_store_cutoffs(company)
            scope = SQL("TRUE")
        else:
            scope = SQL("p.partner_id = ANY(%s::int[])", self._care_array(partner_ids))
        scores, tier = self._care_scores_from_cutoffs(company)
        # A read-only query finds the changes, so that PostgreSQL may grade the customers on several cores
        # (a statement that writes runs on one); the few changed profiles are written after.
        changes = self.env.execute_query(
            SQL(
                """
                WITH base AS (
                    SELECT p.id, p.partner_id, p.manual_stage, p.first_invoice_date, p.last_invoice_date,
                           p.revenue_12m, p.late_share, p.overdue_amount, p.rfm_frequency, p.purchase_date_count,
                           p.purchase_interval, p.has_quotation, p.has_confirmed_sale, p.has_referred,
                           GREATEST(p.avg_days_late, COALESCE(%(today)s - p.overdue_since, 0)) AS days_late,
                           %(old_grades)s, %(scores)s
                      FROM care_profile p
                     WHERE p.company_id = %(company)s AND p.active AND %(scope)s
                ),
                graded AS (
                    SELECT b.*,
                           CASE WHEN b.first_invoice_date IS NULL THEN NULL
                                WHEN b.revenue_12m < %(medium)s THEN 'small'
                                WHEN b.revenue_12m < %(large)s THEN 'medium'
                                ELSE 'large' END AS volume_class,
                           -- the worst grade any of the measures reaches
                           CASE WHEN b.first_invoice_date IS NULL THEN NULL
                                WHEN b.late_share > %(share_d)s OR b.days_late > %(days_d)s THEN 'd'
                                WHEN b.late_share > %(share_c)s OR b.days_late > %(days_c)s
                                  OR b.overdue_amount > %(overdue_limit)s THEN 'c'
                                WHEN b.late_share > %(share_b)s OR b.days_late > %(days_b)s THEN 'b'
                                ELSE 'a' END AS credit_grade,
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
                                     AND b.last_invoice_date >= b.first_invoice_date + INTERVAL '2 years'
                                THEN 'long_term'
                                WHEN b.purchase_date_count >= 2 THEN 'repeat'
                                ELSE 'first' END AS computed_stage
                      FROM base b
                ),
                final AS (
                    SELECT g.*,
                           CASE WHEN g.first_invoice_date IS NULL
                                  OR %(today)s - g.first_invoice_date < %(observation_days)s THEN 'none'
                                WHEN g.credit_grade IN ('a', 'b') THEN g.volume_class || '_good'
                                ELSE g.volume_class || '_bad' END AS matrix_cell,
                           CASE WHEN g.rfm_frequency = 0 AND g.last_invoice_date IS NOT NULL THEN 'lost'
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
                )
                SELECT %(changed_columns)s
                  FROM final f
                 WHERE (%(old_values)s) IS DISTINCT FROM (%(new_values)s)
                """,
                old_grades=SQL(", ").join(
                    SQL("p.%s AS %s", SQL.identifier(column), SQL.identifier(f"old_{column}"))
                    for column, _type in GRADE_COLUMNS
                ),
                old_values=SQL(", ").join(SQL.identifier("f", f"old_{column}") for column, _type in GRADE_COLUMNS),
                new_values=SQL(", ").join(SQL.identifier("f", column) for column, _type in GRADE_COLUMNS),
                changed_columns=SQL(", ").join(SQL.identifier("f", column) for column, _type in GRADE_CHANGE_COLUMNS),
                company=company.id,
                scope=scope,
                scores=scores,
                tier=tier,
                today=today,
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
        if changes:
            self._care_write_grades(company, changes, today)
        if partner_ids is None:
            self._care_set_company(company, care_grading_date=today)
            # one line per company-wide grading: several hosts' logs then show each night's grading once
            _logger.info("Customer grading: company %s graded for %s (%s changes)", company.id, today, len(changes))
        self.env.invalidate_all()

    def _care_write_grades(self, company, changes, today):
        """The changed grades into their profiles, and a history row per changed tier, cell, credit or stage."""
        now = self.env.cr.now()
        self.env.execute_query(
            SQL(
                """
                WITH changed AS (
                    SELECT * FROM unnest(%(arrays)s) AS c(%(columns)s)
                ),
                history AS (
                    -- no author: the engine wrote it, not a person (and a first grading writes a row per
                    -- customer and grade, each of whose foreign keys PostgreSQL checks)
                    INSERT INTO care_grade_history (partner_id, company_id, field, old_value, new_value, date,
                                                    create_date, write_date)
                    SELECT c.partner_id, %(company)s, v.field, v.old_value, v.new_value, %(today)s, %(now)s, %(now)s
                      FROM changed c
                     CROSS JOIN LATERAL (VALUES %(history_values)s) AS v(field, old_value, new_value)
                     WHERE v.old_value IS DISTINCT FROM v.new_value
                )
                UPDATE care_profile p
                   SET %(new_grades)s
                  FROM changed c
                 WHERE p.id = c.id
                """,
                history_values=SQL(", ").join(
                    SQL("(%s, %s, %s)", field, SQL.identifier("c", f"old_{field}"), SQL.identifier("c", field))
                    for field, _label in GRADED_FIELDS
                ),
                new_grades=SQL(", ").join(
                    SQL("%s = %s", SQL.identifier(column), SQL.identifier("c", column))
                    for column, _type in GRADE_COLUMNS
                ),
                arrays=SQL(", ").join(
                    SQL("%s::%s[]", self._care_array(values), SQL(column_type))
                    for values, (_column, column_type) in zip(
                        zip(*changes, strict=False), GRADE_CHANGE_COLUMNS, strict=False
                    )
                ),
                columns=SQL(", ").join(SQL.identifier(column) for column, _type in GRADE_CHANGE_COLUMNS),
                company=company.id,
                today=today,
                now=now,
            )
        )

    def _care_store_cutoffs(self, company):
        """The lowest value reaching each tier and each RFM score among the company's customers.

        Grading by these cut-offs gives each customer the tier of its place (the share of revenue held by
        the customers with a larger revenue: equal revenues, equal tier) and the quintile of its percent
        rank among the customers who bought in the RFM window, for the whole company and for one marked
        customer alike. One sort per measure, no per-customer ranking."""
        rfm = (("last_invoice_date", "r"), ("rfm_frequency", "f"), ("rfm_monetary", "m"))
        # The score reaches k + 1 once 5 x percent rank >= k, i.e. once more than the values up to position
        # ceil(k (n - 1) / 5) of the sorted list lie below: the cut-off is the next larger value.
        bounds = SQL(", ").join(
            SQL("%s[(%s * (n - 1) + 4) / 5] AS %s", SQL.identifier(key), level, SQL.identifier(f"{key}{level}"))
            for _column, key in rfm
            for level in range(1, 5)
        )
        quintiles = SQL(", ").join(
            SQL(
                "MIN(%s) FILTER (WHERE %s > %s)",
                SQL.identifier(column),
                SQL.identifier(column),
                SQL.identifier(f"{key}{level}"),
            )
            for column, key in rfm
            for level in range(1, 5)
        )
        [row] = self.env.execute_query(
            SQL(
                """
                WITH base AS MATERIALIZED (
                    SELECT revenue_12m::float8 AS revenue_12m, last_invoice_date, rfm_frequency,
                           rfm_monetary::float8 AS rfm_monetary
                      FROM care_profile
                     WHERE company_id = %(company)s AND active
                ),
                -- a tier holds the customers down to the first one whose revenue, with the larger ones',
                -- reaches the tier's share (its own place, the share above it, is still below)
                totals AS MATERIALIZED (SELECT SUM(revenue_12m) AS total FROM base WHERE revenue_12m > 0),
                running AS (
                    SELECT revenue_12m, SUM(revenue_12m) OVER (ORDER BY revenue_12m DESC) AS down_to
                      FROM base
                     WHERE revenue_12m > 0
                ),
                tiers AS (
                    SELECT ARRAY[COALESCE(MAX(revenue_12m) FILTER (WHERE down_to >= %(vip)s / 100.0 * total),
                                          MIN(revenue_12m)),
                                 COALESCE(MAX(revenue_12m) FILTER (WHERE down_to >= %(major)s / 100.0 * total),
                                          MIN(revenue_12m)),
                                 COALESCE(MAX(revenue_12m) FILTER (WHERE down_to >= %(ordinary)s / 100.0 * total),
                                          MIN(revenue_12m))] AS cuts
                      FROM running, totals
                ),
                sorted AS (
                    SELECT array_agg(last_invoice_date ORDER BY last_invoice_date) AS r,
                           array_agg(rfm_frequency ORDER BY rfm_frequency) AS f,
                           array_agg(rfm_monetary ORDER BY rfm_monetary) AS m, COUNT(*) AS n
                      FROM base
                     WHERE rfm_frequency > 0
                ),
                bounds AS MATERIALIZED (SELECT %(bounds)s FROM sorted WHERE n > 1)
                SELECT (SELECT cuts FROM tiers), %(quintiles)s
                  FROM base LEFT JOIN bounds ON TRUE
                 WHERE base.rfm_frequency > 0
                """,
                company=company.id,
                vip=company.care_tier_vip_share,
                major=company.care_tier_major_share,
                ordinary=company.care_tier_ordinary_share,
                bounds=bounds,
                quintiles=quintiles,
            )
        )
        tiers, *scores = row
        values = [value.isoformat() if hasattr(value, "isoformat") else value for value in scores]
        cutoffs = {
            "tier": tiers or [None, None, None],
            "rfm_r": values[0:4],
            "rfm_f": values[4:8],
            "rfm_m": values[8:12],
        }
        self._care_set_company(company, care_grading_cutoffs=json.dumps(cutoffs))

    def _care_scores_from_cutoffs(self, company):
        """The RFM score columns (rank_r, rank_f, rank_m) of a profile `p` and its tier expression (over `b`)
        from the company's cut-offs; none before a first company-wide grading."""
        cutoffs = company.care_grading_cutoffs
        if not cutoffs:
            return SQL("NULL::int AS rank_r, NULL::int AS rank_f, NULL::int AS rank_m"), SQL("NULL")

        def score(column, levels):
            # 1 + the number of cut-offs reached; a missing cut-off (nobody scored that high) is not reached
            return SQL(
                "CASE WHEN p.rfm_frequency > 0 THEN 1 + %s END",
                SQL(" + ").join(
                    SQL("COALESCE((p.%s >= %s)::int, 0)", SQL.identifier(column), level) for level in levels
                ),
            )

        vip, major, ordinary = cutoffs["tier"]
        scores = SQL(
            "%s AS rank_r, %s AS rank_f, %s AS rank_m",
            score("last_invoice_date", [SQL("%s::date", day) for day in cutoffs["rfm_r"]]),
            score("rfm_frequency", cutoffs["rfm_f"]),
            score("rfm_monetary", cutoffs["rfm_m"]),
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
        return scores, tier

    # ------------------------------------------------------------
    # SQL HELPERS
    # ------------------------------------------------------------

    def _care_array(self, values):
        # one array literal: PostgreSQL parses ARRAY[...] of 100,000 parameters element by element (seconds)
        def element(value):
            if value is None:
                return "NULL"
            if isinstance(value, str):
                escaped = value.replace("\\", "\\\\").replace('"', '\\"')
                return f'"{escaped}"'
            return str(value)

        return "{" + ",".join(map(element, values)) + "}"

    def _care_update_facts(self):
        return SQL(", ").join(
            SQL("%s = EXCLUDED.%s", SQL.identifier(column), SQL.identifier(column))
            for column in self._care_staged_columns()
        )

    def _care_set_work_mem(self, size="64MB"):
        # sorts and hashes stay in memory instead of spilling to disk (until the commit); compiling these
        # statements to machine code (JIT) takes longer than running them
        self.env.cr.execute(SQL("SET LOCAL work_mem = %s; SET LOCAL jit = off", size))
