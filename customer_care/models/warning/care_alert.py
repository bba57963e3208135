import logging
import time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount, format_date

from ...const import ALERT_KINDS, ALERT_LIVE_STATES, ALERT_SEVERITIES, ALERT_STATES, MANAGER, TIERS
from ...utils import CONCURRENCY_ERRORS, rollback_concurrent

_logger = logging.getLogger(__name__)
# A run raising more alerts than this refreshes the table's statistics before planning on them.
ANALYZE_AFTER = 1000


class CareAlert(models.Model):
    """An early warning (客户预警) that a customer may be drifting away, for its salesperson.

    Written by the daily run (`_cron_run_alerts`) in set-based SQL, per company, on the company's local date:
    each kind's candidates (the customers whose condition holds today) are gathered in one temporary table;
    the live alerts (open or acknowledged) and the dismissed ones whose condition no longer holds resolve
    themselves; a snoozed alert whose date has come and whose condition still holds opens again; a customer
    with no live or dismissed alert of a kind gets a new one, with a to-do ("Care Alert") for its salesperson.
    At most one live alert per customer, company and kind (a unique partial index): a run that finds nothing
    new writes nothing.

    Adding a kind (the complaints' `complaint_overdue` and `low_satisfaction`, say) is:
    1. one `(key, label)` entry in `const.ALERT_KINDS` (the selection of `kind`) and its zh_CN translation;
    2. one method `_care_alert_query_<key>(self, company, today)` returning `None` when the kind is switched
       off for the company (its switch and thresholds: fields `care_alert_<...>` on res.company, shown in
       Settings), else an `SQL` query over that company's data with one row per customer whose condition
       holds today, the columns `partner_id` (the commercial partner), `user_id` (NULL: the customer's
       salesperson), `severity` ('low', 'medium' or 'high') and `evidence` (jsonb: the figures that raised
       it, dates as 'YYYY-MM-DD' text);
    3. optionally `_care_alert_evidence_<key>(self, data)` turning those figures into the readable,
       translated sentence shown on the alert (without it, the figures are listed as "name: value").
    Archived customers are left out by the run; the kinds need not filter them."""

    _name = "care.alert"
    _description = "Customer Alert"
    _inherit = ["mail.thread"]
    _order = "raised_date desc, id desc"
    _check_company_auto = True
    _rec_name = "kind"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="restrict", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    kind = fields.Selection(ALERT_KINDS, required=True, readonly=True)
    severity = fields.Selection(ALERT_SEVERITIES, required=True, default="medium", readonly=True)
    state = fields.Selection(ALERT_STATES, required=True, default="open", readonly=True, tracking=True)
    user_id = fields.Many2one("res.users", string="Salesperson", index=True, readonly=True)
    tier = fields.Selection(TIERS, readonly=True, help="The customer's value tier when the alert was raised.")
    raised_date = fields.Date(string="Raised On", required=True, readonly=True)
    resolved_date = fields.Date(string="Resolved On", readonly=True)
    acknowledged_date = fields.Date(string="Acknowledged On", readonly=True)
    acknowledged_by_id = fields.Many2one("res.users", readonly=True)
    snooze_until = fields.Date(
        string="Snoozed Until",
        readonly=True,
        help="A dismissed alert whose condition still holds on this date opens again.",
    )
    dismiss_reason = fields.Text(string="Dismissal Reason", readonly=True)
    dismissed_by_id = fields.Many2one("res.users", readonly=True)
    evidence = fields.Json(
        string="Evidence Figures", readonly=True, help="The figures that raised the alert, as of the day it was raised."
    )
    evidence_text = fields.Char(string="Evidence", compute="_compute_evidence_text")
    activity_ids = fields.One2many("mail.activity", "care_alert_id", string="To-Dos", readonly=True)

    _live_uniq = models.UniqueIndex("(partner_id, company_id, kind) WHERE state IN ('open', 'acknowledged')")
    _company_state_idx = models.Index("(company_id, kind, state)")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("partner_id", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for alert in self:
            alert.display_name = f"{kinds.get(alert.kind, '')} - {alert.partner_id.display_name}"

    @api.depends("kind", "evidence", "company_id")
    @api.depends_context("lang")
    def _compute_evidence_text(self):
        for alert in self:
            data = alert.evidence or {}
            formatter = getattr(alert, f"_care_alert_evidence_{alert.kind}", None)
            text = None
            if formatter and data:
                try:
                    text = formatter(data)
                except (KeyError, TypeError, ValueError):
                    # figures of another shape (an older run): listed as they are
                    _logger.debug("Alert %s: evidence of an unexpected shape %s", alert.id, data)
            alert.evidence_text = text or "; ".join(f"{key}: {value}" for key, value in data.items())

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # Alerts are raised by the daily run only: a person cannot invent one.
        if not self.env.su:
            raise AccessError(self.env._("Alerts are raised by the daily run; nobody creates one by hand."))
        return super().create(vals_list)

    def write(self, vals):
        # States move through the actions, which check who acts; nobody edits the figures.
        if not self.env.su and set(vals) - {"message_main_attachment_id"}:
            raise AccessError(self.env._("Acknowledge, dismiss or snooze an alert with its buttons."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_alert(self):
        if not self.env.su:
            raise UserError(self.env._("Alerts are kept as the customer's record: dismiss one instead."))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_acknowledge(self):
        """Seen and handled by whoever acknowledges it (the salesperson, or a manager for them): its to-do is
        marked done with a note naming them; the alert resolves itself when its condition clears."""
        self._care_check_actor()
        if any(alert.state != "open" for alert in self):
            raise UserError(self.env._("Only an open alert can be acknowledged."))
        today = self._care_today()
        self.sudo().write({"state": "acknowledged", "acknowledged_date": today, "acknowledged_by_id": self.env.user.id})
        self._care_close_activities(self.env._("Alert acknowledged by %(name)s", name=self.env.user.name))
        return True

    def action_open_dismiss(self):
        return self._care_open_wizard("dismiss", self.env._("Dismiss Alert"))

    def action_open_snooze(self):
        return self._care_open_wizard("snooze", self.env._("Snooze Alert"))

    def action_dismiss(self, reason, snooze_until=False):
        """Quiet until the condition clears and comes back (a new alert then), or until `snooze_until`."""
        self._care_check_actor()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for dismissing the alert."))
        self._care_check_live()
        if snooze_until:
            self._care_check_snooze_date(snooze_until)
        self.sudo().write(
            {
                "state": "dismissed",
                "dismiss_reason": reason.strip(),
                "dismissed_by_id": self.env.user.id,
                "snooze_until": snooze_until or False,
            }
        )
        self._care_close_activities(
            self.env._("Alert dismissed by %(name)s: %(reason)s", name=self.env.user.name, reason=reason.strip())
        )
        return True

    def action_snooze(self, snooze_until, reason=False):
        """Quiet until a date: the alert opens again then if its condition still holds."""
        self._care_check_actor()
        self._care_check_live()
        self._care_check_snooze_date(snooze_until)
        note = (reason or "").strip() or self.env._(
            "Snoozed until %(date)s", date=format_date(self.env, fields.Date.to_date(snooze_until))
        )
        self.sudo().write(
            {
                "state": "dismissed",
                "dismiss_reason": note,
                "dismissed_by_id": self.env.user.id,
                "snooze_until": snooze_until,
            }
        )
        self._care_close_activities(
            self.env._("Alert snoozed by %(name)s: %(note)s", name=self.env.user.name, note=note)
        )
        return True

    def action_view_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_today(self):
        return self.env["care.rule"]._care_today(self.company_id[:1] or self.env.company)

    def _care_check_actor(self):
        """Only the alert's salesperson, the customer's, or a care manager acts on an alert."""
        self.check_access("write")
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        user = self.env.user
        for alert in self.sudo():
            if user not in (alert.user_id | alert.partner_id.user_id):
                raise AccessError(
                    self.env._("Only the customer's salesperson or a care manager may act on this alert.")
                )

    def _care_check_live(self):
        if any(alert.state not in ALERT_LIVE_STATES for alert in self):
            raise UserError(self.env._("Only an open or acknowledged alert can be dismissed or snoozed."))

    def _care_check_snooze_date(self, snooze_until):
        date = fields.Date.to_date(snooze_until)
        today = self._care_today()
        if not date or date <= today or date > today + relativedelta(years=1):
            raise UserError(self.env._("Snooze until a date after today and within a year."))

    def _care_open_wizard(self, mode, title):
        self._care_check_actor()
        self._care_check_live()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "care.alert.dismiss",
            "view_mode": "form",
            "target": "new",
            "context": {"default_alert_ids": self.ids, "default_mode": mode},
        }

    def _care_close_activities(self, feedback):
        """Whoever acts on the alert has handled it: its to-dos are marked done, not deleted, so that the
        salesperson's chatter keeps who did it and why (Odoo's "done" note names the assignee when someone else,
        e.g. a manager, marks it done). Sudo for a manager's access to another's to-do; the author stays them."""
        activities = self.sudo().activity_ids.filtered("active")
        if activities:
            activities.action_feedback(feedback=feedback)

    # ------------------------------------------------------------
    # THE DAILY RUN
    # ------------------------------------------------------------

    @api.model
    def _cron_run_alerts(self):
        """Daily: each company's alerts on its local date, one company per committed step, so that a run
        killed halfway resumes with the companies left (a repeat creates nothing)."""
        companies = self.env["res.company"].sudo().search([], order="id")  # pylint: disable=no-search-all
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=len(companies))
        for done, company in enumerate(companies):
            try:
                self._care_run_company(company)
            except CONCURRENCY_ERRORS:
                rollback_concurrent(self.env, f"the alert run of company {company.id}")
                cron._commit_progress(remaining=len(companies) - done)
                break
            if not cron._commit_progress(1):
                break

    @api.model
    def _care_run_company(self, company, today=None):
        """One company's run: returns the counts {'raised', 'reopened', 'resolved'}. Each kind's query runs
        in its own savepoint: a kind that fails is logged and leaves its alerts as they are (none resolves
        for want of candidates), and the other kinds go on."""
        today = today or self.env["care.rule"]._care_today(company)
        self.env.flush_all()
        cr = self.env.cr
        # keyed so that the anti-joins below are hash or index joins, never a loop over every pair
        cr.execute(
            """CREATE TEMP TABLE IF NOT EXISTS care_alert_candidate (
                   kind varchar NOT NULL, partner_id int4 NOT NULL, user_id int4,
                   severity varchar NOT NULL, evidence jsonb,
                   PRIMARY KEY (kind, partner_id)
               ) ON COMMIT DROP"""
        )
        cr.execute("TRUNCATE care_alert_candidate")
        checked = []
        for kind, _label in self._fields["kind"]._description_selection(self.env):
            method = getattr(self, f"_care_alert_query_{kind}", None)
            if method is None:
                continue
            start = time.monotonic()
            try:
                with cr.savepoint():
                    query = method(company, today)
                    if query is not None:
                        cr.execute(
                            SQL(
                                """INSERT INTO care_alert_candidate (kind, partner_id, user_id, severity, evidence)
                                   SELECT DISTINCT ON (q.partner_id) %s, q.partner_id,
                                          COALESCE(q.user_id, p.user_id), q.severity, q.evidence
                                     FROM (%s) AS q(partner_id, user_id, severity, evidence)
                                     JOIN res_partner p ON p.id = q.partner_id AND p.active""",
                                kind,
                                query,
                            )
                        )
            except Exception:
                # a kind that fails leaves its alerts as they are and does not stop the others
                _logger.exception("Customer alerts: the kind %s failed for company %s", kind, company.id)
                continue
            _logger.info(
                "Customer alerts: %s checked for company %s in %.2f s", kind, company.id, time.monotonic() - start
            )
            checked.append(kind)
        # statistics of the candidates, for the plans of the statements below
        cr.execute("ANALYZE care_alert_candidate")
        counts = {"raised": 0, "reopened": 0, "resolved": 0}
        if checked:
            counts["resolved"] = self._care_resolve(company, today, checked)
            reopened = self._care_reopen_snoozed(company, today, checked)
            start = time.monotonic()
            raised = self._care_raise(company, today)
            counts["reopened"], counts["raised"] = len(reopened), len(raised)
            written = time.monotonic()
            self._care_create_activities(company, today, reopened + raised)
            _logger.info(
                "Customer alerts: company %s: %s alerts written in %.2f s, their to-dos in %.2f s",
                company.id,
                len(raised),
                written - start,
                time.monotonic() - written,
            )
        cr.execute("TRUNCATE care_alert_candidate")
        self.invalidate_model()
        _logger.info("Customer alerts: company %s on %s: %s", company.id, today, counts)
        return counts

    def _care_resolve(self, company, today, kinds):
        """Live and dismissed alerts of the checked kinds whose condition no longer holds resolve; their open
        to-dos go."""
        rows = self.env.execute_query(
            SQL(
                """UPDATE care_alert a
                      SET state = 'resolved', resolved_date = %(today)s, snooze_until = NULL,
                          write_uid = %(uid)s, write_date = NOW() AT TIME ZONE 'UTC'
                    WHERE a.company_id = %(company)s AND a.kind = ANY(%(kinds)s)
                      AND a.state IN ('open', 'acknowledged', 'dismissed')
                      AND NOT EXISTS (SELECT 1 FROM care_alert_candidate c
                                       WHERE c.kind = a.kind AND c.partner_id = a.partner_id)
                RETURNING a.id""",
                today=today,
                uid=self.env.uid,
                company=company.id,
                kinds=kinds,
            )
        )
        ids = [row[0] for row in rows]
        if ids:
            self.env.execute_query(SQL("DELETE FROM mail_activity WHERE care_alert_id = ANY(%s)", ids))
        return len(ids)

    def _care_reopen_snoozed(self, company, today, kinds):
        """Dismissed alerts whose snooze date has come and whose condition still holds open again."""
        rows = self.env.execute_query(
            SQL(
                """UPDATE care_alert a
                      SET state = 'open', snooze_until = NULL, severity = c.severity, evidence = c.evidence,
                          user_id = c.user_id, write_uid = %(uid)s, write_date = NOW() AT TIME ZONE 'UTC'
                     FROM care_alert_candidate c
                    WHERE a.company_id = %(company)s AND a.kind = ANY(%(kinds)s) AND a.state = 'dismissed'
                      AND a.snooze_until <= %(today)s AND c.kind = a.kind AND c.partner_id = a.partner_id
                      AND NOT EXISTS (SELECT 1 FROM care_alert live
                                       WHERE live.company_id = a.company_id AND live.kind = a.kind
                                         AND live.partner_id = a.partner_id
                                         AND live.state IN ('open', 'acknowledged'))
                RETURNING a.id""",
                uid=self.env.uid,
                company=company.id,
                kinds=kinds,
                today=today,
            )
        )
        return [row[0] for row in rows]

    def _care_raise(self, company, today):
        """A new alert for each candidate without a live or dismissed alert of its kind. The candidates that
        have one are dropped first, in a statement of their own: an anti-join inside the INSERT would probe the
        table it is filling, and on a first run (statistics saying the table is empty) the planner scans it
        once per candidate, a cost growing with the square of the alerts raised."""
        self.env.execute_query(
            SQL(
                """DELETE FROM care_alert_candidate c
                    USING care_alert a
                    WHERE a.company_id = %(company)s AND a.kind = c.kind AND a.partner_id = c.partner_id
                      AND a.state IN ('open', 'acknowledged', 'dismissed')""",
                company=company.id,
            )
        )
        rows = self.env.execute_query(
            SQL(
                """INSERT INTO care_alert (partner_id, company_id, kind, severity, state, user_id, tier, raised_date,
                                          evidence, create_uid, create_date, write_uid, write_date)
                   SELECT c.partner_id, %(company)s, c.kind, c.severity, 'open', c.user_id, pr.tier, %(today)s,
                          c.evidence, %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                     FROM care_alert_candidate c
                     LEFT JOIN care_profile pr ON pr.partner_id = c.partner_id AND pr.company_id = %(company)s
                   ON CONFLICT DO NOTHING
                RETURNING id""",
                company=company.id,
                today=today,
                uid=self.env.uid,
            )
        )
        if len(rows) > ANALYZE_AFTER:
            # many rows the statistics do not know yet: the to-dos' statement below and the next run plan on them
            self.env.cr.execute("ANALYZE care_alert")
        return [row[0] for row in rows]

    def _care_create_activities(self, company, today, alert_ids):
        """One "Care Alert" to-do on the customer per new alert, for its (active) salesperson, in one INSERT:
        the to-do `activity_schedule` would make, without its per-activity mail and bus message (minutes at
        100,000 alerts); one bus message per salesperson keeps the systray count live."""
        if not alert_ids:
            return
        activity_type = self.env.ref("customer_care.mail_activity_type_care_alert")
        labels = SQL(", ").join(SQL("(%s, %s, %s)", *row) for row in self._care_kind_summaries())
        rows = self.env.execute_query(
            SQL(
                """WITH labels(lang, kind, label) AS (VALUES %s),
                   inserted AS (
                       INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                                                  summary, date_deadline, user_id, user_tz, care_alert_id,
                                                  automated, active, create_uid, create_date, write_uid, write_date)
                       SELECT %s, 'res.partner', a.partner_id, p.complete_name, %s,
                              COALESCE(l.label, ld.label), %s, a.user_id, up.tz, a.id, TRUE, TRUE,
                              %s, NOW() AT TIME ZONE 'UTC', %s, NOW() AT TIME ZONE 'UTC'
                         FROM unnest(%s::int4[]) AS n(id)
                         JOIN care_alert a ON a.id = n.id
                         JOIN res_partner p ON p.id = a.partner_id
                         JOIN res_users u ON u.id = a.user_id AND u.active
                         JOIN res_partner up ON up.id = u.partner_id
                         LEFT JOIN labels l ON l.lang = up.lang AND l.kind = a.kind
                         LEFT JOIN labels ld ON ld.lang = 'en_US' AND ld.kind = a.kind
                    RETURNING user_id
                   )
                   SELECT user_id, COUNT(*) FROM inserted GROUP BY user_id""",
                labels,
                self.env["ir.model"]._get_id("res.partner"),
                activity_type.id,
                today,
                self.env.uid,
                self.env.uid,
                alert_ids,
            )
        )
        self.env["mail.activity"].invalidate_model()
        for user_id, count in rows:
            self.env["res.users"].browse(user_id)._bus_send(
                "mail.activity/updated", {"activity_created": True, "count_diff": count}
            )

    @api.model
    def _care_kind_summaries(self):
        """(language, kind, to-do summary) in each installed language."""
        rows = []
        for lang, _name in self.env["res.lang"].get_installed():
            env = self.with_context(lang=lang).env
            for kind, label in self._fields["kind"]._description_selection(env):
                rows.append((lang, kind, env._("Care alert: %(kind)s", kind=label)))
        if not any(lang == "en_US" for lang, _kind, _label in rows):
            rows += [("en_US", kind, f"Care alert: {label}") for kind, label in ALERT_KINDS]
        return rows

    # ------------------------------------------------------------
    # THE KINDS: one candidate query each (see the class docstring)
    # ------------------------------------------------------------

    def _care_alert_query_purchase_overdue(self, company, today):
        """At least 3 purchase dates, and the days since the last purchase exceed the factor times the
        customer's own purchase interval (the grading facts): exactly the factor is not overdue. Severity by
        how far past: low, medium beyond 1.5 times the factor, high beyond twice."""
        if not company.care_alert_purchase_overdue:
            return None
        factor = company.care_alert_overdue_factor
        return SQL(
            """SELECT p.partner_id, NULL::int4,
                      CASE WHEN (%(today)s - p.last_invoice_date) > 2 * %(factor)s * p.purchase_interval THEN 'high'
                           WHEN (%(today)s - p.last_invoice_date) > 1.5 * %(factor)s * p.purchase_interval
                                THEN 'medium'
                           ELSE 'low' END,
                      jsonb_build_object('last', p.last_invoice_date, 'days', %(today)s - p.last_invoice_date,
                                         'interval', ROUND(p.purchase_interval::numeric, 1),
                                         'expected', p.next_purchase_date)
                 FROM care_profile p
                WHERE p.company_id = %(company)s AND p.active AND p.purchase_date_count >= 3
                  AND p.purchase_interval > 0 AND p.last_invoice_date IS NOT NULL
                  AND (%(today)s - p.last_invoice_date) > %(factor)s * p.purchase_interval""",
            today=today,
            factor=factor,
            company=company.id,
        )

    def _care_alert_query_volume_drop(self, company, today):
        """Revenue (untaxed, credit notes subtracted) of the last 3 months fell more than the share against
        the same 3 months a year earlier, when that earlier revenue reached the minimum."""
        if not company.care_alert_volume_drop:
            return None
        share = company.care_alert_volume_drop_pct
        return SQL(
            """SELECT partner_id, NULL::int4,
                      CASE WHEN recent <= 0 OR recent < earlier * (1 - 2 * %(share)s / 100.0) THEN 'high'
                           WHEN recent < earlier * (1 - 1.5 * %(share)s / 100.0) THEN 'medium'
                           ELSE 'low' END,
                      jsonb_build_object('recent', ROUND(recent, 2), 'earlier', ROUND(earlier, 2),
                                         'drop', ROUND(100 * (1 - recent / earlier), 1),
                                         'from', %(recent_start)s, 'to', %(today)s)
                 FROM (SELECT m.commercial_partner_id AS partner_id,
                              COALESCE(SUM(m.amount_untaxed_signed) FILTER (WHERE m.invoice_date > %(recent_start)s), 0)
                                  AS recent,
                              COALESCE(SUM(m.amount_untaxed_signed) FILTER (WHERE m.invoice_date <= %(earlier_end)s), 0)
                                  AS earlier
                         FROM account_move m
                        WHERE m.company_id = %(company)s AND m.state = 'posted'
                          AND m.move_type IN ('out_invoice', 'out_refund')
                          AND ((m.invoice_date > %(recent_start)s AND m.invoice_date <= %(today)s)
                               OR (m.invoice_date > %(earlier_start)s AND m.invoice_date <= %(earlier_end)s))
                        GROUP BY m.commercial_partner_id) AS revenue
                WHERE earlier > 0 AND earlier >= %(minimum)s AND recent < earlier * (1 - %(share)s / 100.0)""",
            today=today,
            recent_start=today - relativedelta(months=3),
            earlier_start=today - relativedelta(months=15),
            earlier_end=today - relativedelta(months=12),
            company=company.id,
            share=share,
            minimum=company.care_alert_volume_drop_min,
        )

    def _care_alert_query_late_payment(self, company, today):
        """An open invoice more than N days past its due date (N = 0: off). Evidence: the oldest one.
        Severity: high beyond 3 N days, medium beyond 2 N."""
        days = company.care_alert_late_days
        if not company.care_alert_late_payment or not days:
            return None
        return SQL(
            """SELECT DISTINCT ON (m.commercial_partner_id) m.commercial_partner_id, NULL::int4,
                      CASE WHEN %(today)s - m.invoice_date_due > 3 * %(days)s THEN 'high'
                           WHEN %(today)s - m.invoice_date_due > 2 * %(days)s THEN 'medium'
                           ELSE 'low' END,
                      jsonb_build_object('invoice', m.name, 'due', m.invoice_date_due,
                                         'days', %(today)s - m.invoice_date_due,
                                         'residual', ROUND(m.amount_residual_signed, 2))
                 FROM account_move m
                WHERE m.company_id = %(company)s AND m.state = 'posted' AND m.move_type = 'out_invoice'
                  AND m.payment_state IN ('not_paid', 'partial') AND m.amount_residual_signed > 0
                  AND m.invoice_date_due < %(limit)s
                ORDER BY m.commercial_partner_id, m.invoice_date_due, m.id""",
            today=today,
            days=days,
            limit=today - relativedelta(days=days),
            company=company.id,
        )

    def _care_alert_query_credit_down(self, company, today):
        """The credit grade fell at the last change of it (the grade history) and is still that grade.
        Severity: high at D, medium at C, low at B."""
        if not company.care_alert_credit_down:
            return None
        return SQL(
            """SELECT h.partner_id, NULL::int4,
                      CASE h.new_value WHEN 'd' THEN 'high' WHEN 'c' THEN 'medium' ELSE 'low' END,
                      jsonb_build_object('old', h.old_value, 'new', h.new_value, 'date', h.date)
                 FROM (SELECT DISTINCT ON (partner_id) partner_id, old_value, new_value, date
                         FROM care_grade_history
                        WHERE company_id = %(company)s AND field = 'credit_grade'
                        ORDER BY partner_id, date DESC, id DESC) AS h
                 JOIN care_profile p ON p.partner_id = h.partner_id AND p.company_id = %(company)s AND p.active
                WHERE h.old_value IS NOT NULL AND h.new_value > h.old_value AND p.credit_grade = h.new_value""",
            company=company.id,
        )

    def _care_alert_query_no_contact(self, company, today):
        """No done care duty, logged call or meeting (a done activity), or message sent to the customer (or
        one of its contacts) for N days (fewer for VIP and major customers), counted from the later of the
        last contact and the customer's first invoice."""
        days, vip_days = company.care_alert_no_contact_days, company.care_alert_no_contact_vip_days
        if not company.care_alert_no_contact or not (days or vip_days):
            return None
        comment = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        return SQL(
            """WITH customers AS (
                   SELECT p.partner_id, p.first_invoice_date, p.tier,
                          CASE WHEN p.tier IN ('vip', 'major') THEN %(vip_days)s ELSE %(days)s END AS limit_days
                     FROM care_profile p
                    WHERE p.company_id = %(company)s AND p.active AND p.first_invoice_date IS NOT NULL
               ),
               contacts AS (
                   SELECT c.commercial_partner_id AS partner_id, (m.date AT TIME ZONE 'UTC')::date AS day
                     FROM mail_message m JOIN res_partner c ON c.id = m.res_id
                    WHERE m.model = 'res.partner'
                      AND (m.mail_activity_type_id IS NOT NULL
                           OR (m.message_type IN ('comment', 'email_outgoing') AND m.subtype_id = %(comment)s))
                   UNION ALL
                   SELECT c.commercial_partner_id, t.date_done
                     FROM care_task t JOIN res_partner c ON c.id = t.partner_id
                    WHERE t.company_id = %(company)s AND t.state IN ('done', 'late') AND t.date_done IS NOT NULL
               ),
               last_contact AS (
                   SELECT partner_id, MAX(day) AS day FROM contacts
                    WHERE partner_id IN (SELECT partner_id FROM customers) GROUP BY partner_id
               )
               SELECT cu.partner_id, NULL::int4,
                      CASE WHEN %(today)s - GREATEST(cu.first_invoice_date, lc.day) > 2 * cu.limit_days THEN 'high'
                           WHEN cu.tier IN ('vip', 'major') THEN 'medium'
                           ELSE 'low' END,
                      jsonb_build_object('last', lc.day, 'since', GREATEST(cu.first_invoice_date, lc.day),
                                         'days', %(today)s - GREATEST(cu.first_invoice_date, lc.day),
                                         'limit', cu.limit_days)
                 FROM customers cu LEFT JOIN last_contact lc ON lc.partner_id = cu.partner_id
                WHERE cu.limit_days > 0 AND %(today)s - GREATEST(cu.first_invoice_date, lc.day) > cu.limit_days""",
            days=days,
            vip_days=vip_days,
            company=company.id,
            comment=comment,
            today=today,
        )

    def _care_alert_query_big_customer_silent(self, company, today):
        """One of the previous calendar year's top N customers by revenue whose revenue this year so far is
        below the share of its revenue over the same part of last year. High when it bought nothing."""
        if not company.care_alert_big_silent:
            return None
        year_start = today.replace(month=1, day=1)
        last_year_start = year_start - relativedelta(years=1)
        return SQL(
            """WITH top AS (
                   SELECT m.commercial_partner_id AS partner_id, SUM(m.amount_untaxed_signed) AS revenue
                     FROM account_move m
                    WHERE m.company_id = %(company)s AND m.state = 'posted'
                      AND m.move_type IN ('out_invoice', 'out_refund')
                      AND m.invoice_date >= %(last_year_start)s AND m.invoice_date < %(year_start)s
                    GROUP BY m.commercial_partner_id
                   HAVING SUM(m.amount_untaxed_signed) > 0
                    ORDER BY revenue DESC, partner_id LIMIT %(top_n)s
               ),
               periods AS (
                   SELECT m.commercial_partner_id AS partner_id,
                          COALESCE(SUM(m.amount_untaxed_signed) FILTER (WHERE m.invoice_date >= %(year_start)s), 0)
                              AS this_year,
                          COALESCE(SUM(m.amount_untaxed_signed) FILTER (WHERE m.invoice_date < %(year_start)s), 0)
                              AS same_period
                     FROM account_move m
                    WHERE m.company_id = %(company)s AND m.state = 'posted'
                      AND m.move_type IN ('out_invoice', 'out_refund')
                      AND m.commercial_partner_id IN (SELECT partner_id FROM top)
                      AND ((m.invoice_date >= %(last_year_start)s AND m.invoice_date <= %(same_day)s)
                           OR (m.invoice_date >= %(year_start)s AND m.invoice_date <= %(today)s))
                    GROUP BY m.commercial_partner_id
               )
               SELECT t.partner_id, NULL::int4,
                      CASE WHEN pe.this_year <= 0 THEN 'high' ELSE 'medium' END,
                      jsonb_build_object('last_year', ROUND(t.revenue, 2), 'this_year', ROUND(pe.this_year, 2),
                                         'same_period', ROUND(pe.same_period, 2), 'to', %(today)s,
                                         'same_day', %(same_day)s)
                 FROM top t JOIN periods pe ON pe.partner_id = t.partner_id
                WHERE pe.same_period > 0 AND pe.this_year < pe.same_period * %(share)s / 100.0""",
            company=company.id,
            last_year_start=last_year_start,
            year_start=year_start,
            same_day=today - relativedelta(years=1),
            today=today,
            top_n=company.care_alert_big_top_n,
            share=company.care_alert_big_share,
        )

    # ------------------------------------------------------------
    # EVIDENCE, AS PEOPLE READ IT
    # ------------------------------------------------------------

    def _care_date(self, value):
        return format_date(self.env, fields.Date.to_date(value)) if value else ""

    def _care_amount(self, value):
        return format_amount(self.env, float(value or 0), self.company_id.currency_id or self.env.company.currency_id)

    def _care_alert_evidence_purchase_overdue(self, data):
        return self.env._(
            "last purchase %(last)s, %(days)s days ago; own cycle %(interval)s days; expected by %(expected)s",
            last=self._care_date(data["last"]),
            days=data["days"],
            interval=data["interval"],
            expected=self._care_date(data["expected"]),
        )

    def _care_alert_evidence_volume_drop(self, data):
        return self.env._(
            "revenue %(recent)s in the 3 months to %(to)s against %(earlier)s a year earlier: down %(drop)s %%",
            recent=self._care_amount(data["recent"]),
            to=self._care_date(data["to"]),
            earlier=self._care_amount(data["earlier"]),
            drop=data["drop"],
        )

    def _care_alert_evidence_late_payment(self, data):
        return self.env._(
            "invoice %(invoice)s due %(due)s, %(days)s days past due; %(residual)s open",
            invoice=data["invoice"],
            due=self._care_date(data["due"]),
            days=data["days"],
            residual=self._care_amount(data["residual"]),
        )

    def _care_alert_evidence_credit_down(self, data):
        grades = dict(self.env["care.profile"]._fields["credit_grade"]._description_selection(self.env))
        return self.env._(
            "credit grade fell from %(old)s to %(new)s on %(date)s",
            old=grades.get(data["old"], data["old"]),
            new=grades.get(data["new"], data["new"]),
            date=self._care_date(data["date"]),
        )

    def _care_alert_evidence_no_contact(self, data):
        if data.get("last"):
            return self.env._(
                "last contact %(last)s, %(days)s days ago; limit %(limit)s days",
                last=self._care_date(data["last"]),
                days=data["days"],
                limit=data["limit"],
            )
        return self.env._(
            "no contact since becoming a customer on %(since)s, %(days)s days ago; limit %(limit)s days",
            since=self._care_date(data["since"]),
            days=data["days"],
            limit=data["limit"],
        )

    def _care_alert_evidence_big_customer_silent(self, data):
        return self.env._(
            "last year %(last_year)s; this year to %(to)s %(this_year)s against %(same_period)s by %(same_day)s "
            "last year",
            last_year=self._care_amount(data["last_year"]),
            to=self._care_date(data["to"]),
            this_year=self._care_amount(data["this_year"]),
            same_period=self._care_amount(data["same_period"]),
            same_day=self._care_date(data["same_day"]),
        )
