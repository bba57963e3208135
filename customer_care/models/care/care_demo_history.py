import logging
import random
import time as timer
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Months of care work the demo shows, and how its salespeople kept up with their duties: the share of
# the past duties done on their due date or before, and done late; the rest were missed (and fined),
# but those still within their grace days are open and overdue today.
CARE_HISTORY_MONTHS = 3
ON_TIME_SHARE = 0.65
LATE_SHARE = 0.2
# Outreach contacts (外拓) logged this many days ago, by customer XML id: their follow-up calls fall due
# today (one) and one and two days ago (overdue, within the rule's grace days).
OUTREACH_DAYS_AGO = {"partner_chen_jing": 7, "partner_zhou_jie": 8, "partner_guo_ting": 9}


class CareDemoLoader(models.AbstractModel):
    _inherit = "care.demo.loader"

    @api.model
    def _load_care_history(self):
        """Months of care work as the daily run and the salespeople would have left it: the demo rules
        planned the duties of each past day (the daily run's own code, day by day), the salespeople
        completed most of them on time, some late, and the daily run marked the others missed with their
        fines; the duties due today and in the lead windows stay open. Then the customers are graded, and
        their grade history is spread over the past year from their sales. Runs once."""
        company = self._care_demo_company()
        Task = self.env["care.task"]
        if Task.search_count([("company_id", "=", company.id)], limit=1):
            return
        started = timer.monotonic()
        # Odoo loads a module's translations after its data: the duties' to-dos and notes are written in
        # the salespeople's language from the rules' names, which must be translated first
        if langs := [code for code, __ in self.env["res.lang"].get_installed() if code != "en_US"]:
            self.env["ir.module.module"]._load_module_terms(["customer_care"], langs)
            self.env.invalidate_all()
        self._care_demo_localise()
        today = self.env["care.rule"]._care_today(company)
        start = today - relativedelta(months=CARE_HISTORY_MONTHS)
        # the calendar of the past months (holidays and solar terms), then the coming year's again
        Occasion = self.env["care.occasion"]
        Occasion._care_generate(company, date_from=start)
        Occasion._care_generate(company)

        for xmlid, days in OUTREACH_DAYS_AGO.items():
            partner = self.env.ref(f"customer_care.care_demo_{xmlid}")
            self.env["care.outreach"].with_user(partner.user_id).with_company(company).create(
                {"partner_id": partner.id, "date": today - timedelta(days=days), "company_id": company.id}
            )

        rules = self.env["care.rule"].search([("company_id", "in", [company.id, False]), ("active", "=", True)])
        # Each day's run plans a rule's duties due within its lead days: a run every lead days + 1 plans the
        # same duties, in a quarter of the runs; rules earlier in the list still win the weekly cap.
        for rule in rules:
            day = start
            while day < today:
                rule._care_generate_tasks(day)
                day += timedelta(days=rule.lead_days + 1)
            rule._care_generate_tasks(today)
        rules.write({"last_run_date": today})

        rng = random.Random(20261129)
        past = Task.search([("company_id", "=", company.id), ("date_due", "<", today)], order="date_due, id")
        done_on = {}  # completion date -> (duties done on time or before, done late)
        for task in past:
            roll = rng.random()
            if task.date_due + timedelta(days=task.rule_id.grace_days) >= today:
                continue
            if roll < ON_TIME_SHARE:
                when = task.date_due - timedelta(days=rng.randint(0, 2))
                done_on.setdefault(max(when, start), [Task, Task])[0] |= task
            elif roll < ON_TIME_SHARE + LATE_SHARE:
                when = task.date_due + timedelta(days=rng.randint(1, max(1, task.rule_id.grace_days)))
                if when < today:
                    done_on.setdefault(when, [Task, Task])[1] |= task
        for when, (on_time, late) in sorted(done_on.items()):
            self._care_demo_complete(on_time, when, "done")
            self._care_demo_complete(late, when, "late")
        # what nobody did is missed, with its fine, as the daily run marks it
        Task._care_update_states()
        self._care_demo_clear_missed(company)
        self._care_demo_gift_requests(company, today)
        self._care_demo_grade(company, today)
        _logger.info("demo care history: %s duties in %.1f s", Task.search_count([]), timer.monotonic() - started)

    @api.model
    def _care_demo_complete(self, tasks, when, state):
        """Complete duties as their salesperson does (the to-do marked done, the note in the customer's
        chatter), then date it all on the day it happened."""
        if not tasks:
            return
        [(last_message,)] = self.env.execute_query(SQL("SELECT COALESCE(MAX(id), 0) FROM mail_message"))
        for user, user_tasks in tasks.grouped("user_id").items():
            # the note in the salesperson's language, as when they log the call themselves
            as_user = user_tasks.with_user(user).with_context(lang=user.lang)
            as_user._care_mark_done(as_user.env._("Care call logged"))
        tasks.write({"state": state, "date_done": when})
        moment = datetime.combine(when, time(9, 30))
        self.env.flush_all()
        self.env.execute_query(
            SQL("UPDATE mail_message SET date = %s, create_date = %s WHERE id > %s", moment, moment, last_message)
        )
        self.env.execute_query(
            SQL(
                "UPDATE mail_activity SET date_done = %s, date_deadline = LEAST(date_deadline, %s) "
                "WHERE care_task_id = ANY(%s) AND NOT active",
                when,
                when,
                tasks.ids,
            )
        )
        self.env["mail.message"].invalidate_model(["date", "create_date"])
        self.env["mail.activity"].invalidate_model()

    @api.model
    def _care_demo_clear_missed(self, company):
        """Months of real use leave no to-do of a missed duty behind: its salesperson cancelled it from their
        list (the to-do's Cancel, which leaves the duty missed with its fine), as the daily run left them."""
        missed = self.env["care.task"].search([("company_id", "=", company.id), ("state", "=", "missed")])
        for user, user_missed in missed.grouped("user_id").items():
            user_missed.activity_ids.filtered("active").with_user(user).unlink()

    @api.model
    def _care_demo_gift_requests(self, company, today):
        """A salesperson asked for a gift for a customer's birthday; the manager approved one."""
        birthdays = self.env["care.task"].search(
            [("company_id", "=", company.id), ("trigger", "=", "birthday"), ("family_member_id", "=", False)],
            order="date_due desc",
            limit=2,
        )
        for task, (cost, state) in zip(birthdays, [(300, "approved"), (180, "requested")], strict=False):
            # written by the salesperson, in their language
            Request = self.env["care.gift.request"].with_user(task.user_id).with_context(lang=task.user_id.lang)
            gift = Request.env._("Tea gift box") if state == "approved" else Request.env._("Birthday cake")
            request = Request.create(
                {
                    "task_id": task.id,
                    "gift": gift,
                    "estimated_cost": cost,
                    "reason": Request.env._("A loyal customer for years."),
                }
            )
            request.action_request()
            if state == "approved":
                request.with_user(self.env.ref("base.user_admin")).action_approve()

    @api.model
    def _care_demo_grade(self, company, today):
        """Grade the customers now (as the first scheduled run would), then give the grade history the
        year it would have had: each customer's tier and stage as the same rules give them from the sales
        known at the end of each of the past twelve months, a row wherever one changed."""
        self.env["care.grading.engine"]._care_grade_now(company)
        self.env.flush_all()
        months = [today - relativedelta(months=back, day=1) - timedelta(days=1) for back in range(11, -1, -1)]
        months.append(today)
        # tier: the share of the 12-month revenue held by the customers with a larger one (as the engine's
        # cut-offs: below 50 % VIP, 80 % major, 95 % ordinary, else small; no revenue, no tier)
        self.env.execute_query(
            SQL(
                """
                CREATE TEMP TABLE care_demo_points ON COMMIT DROP AS
                WITH points AS (SELECT unnest(%(points)s::date[]) AS day),
                invoices AS (
                    SELECT m.commercial_partner_id AS partner_id, m.invoice_date, m.move_type,
                           m.amount_untaxed_signed AS amount
                      FROM account_move m
                     WHERE m.company_id = %(company)s AND m.state = 'posted'
                       AND m.move_type IN ('out_invoice', 'out_refund')
                ),
                facts AS (
                    SELECT pt.day, i.partner_id,
                           SUM(i.amount) FILTER (WHERE i.invoice_date > pt.day - INTERVAL '1 year') AS revenue,
                           MIN(i.invoice_date) FILTER (WHERE i.move_type = 'out_invoice') AS first_date,
                           MAX(i.invoice_date) FILTER (WHERE i.move_type = 'out_invoice') AS last_date,
                           COUNT(DISTINCT i.invoice_date) FILTER (WHERE i.move_type = 'out_invoice') AS dates
                      FROM points pt JOIN invoices i ON i.invoice_date <= pt.day
                     GROUP BY pt.day, i.partner_id
                ),
                placed AS (
                    SELECT f.*, COALESCE(SUM(revenue) OVER (
                                    PARTITION BY day ORDER BY COALESCE(revenue, 0) DESC
                                    RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP), 0)
                                / NULLIF(SUM(revenue) FILTER (WHERE revenue > 0) OVER (PARTITION BY day), 0)
                                AS place
                      FROM facts f
                )
                SELECT day, partner_id,
                       CASE WHEN revenue > 0 THEN
                            CASE WHEN place < 0.5 THEN 'vip' WHEN place < 0.8 THEN 'major'
                                 WHEN place < 0.95 THEN 'ordinary' ELSE 'small' END
                       END AS tier,
                       CASE WHEN dates = 0 THEN NULL
                            WHEN day - last_date > GREATEST(
                                365, 3 * COALESCE((last_date - first_date)::float / NULLIF(dates - 1, 0), 0))
                                THEN 'lost'
                            WHEN dates = 1 THEN 'first'
                            WHEN last_date - first_date >= 730 THEN 'long_term'
                            WHEN dates > 1 THEN 'repeat'
                       END AS stage
                  FROM placed
                """,
                points=months,
                company=company.id,
            )
        )
        # the history the engine wrote today for these two grades is replaced by the year's changes, ending
        # on the grades it gave (its own rules: an advocate or a hand-set stage stays what it gave)
        self.env.execute_query(
            SQL(
                """
                WITH series AS (
                    SELECT p.day, p.partner_id, v.field,
                           CASE WHEN p.day = %(today)s THEN v.current ELSE v.value END AS value
                      FROM care_demo_points p
                      JOIN care_profile cp ON cp.partner_id = p.partner_id AND cp.company_id = %(company)s
                      CROSS JOIN LATERAL (VALUES ('tier', p.tier, cp.tier), ('stage', p.stage, cp.stage))
                           AS v(field, value, current)
                ),
                graded AS (
                    SELECT *, bool_or(value IS NOT NULL) OVER (PARTITION BY partner_id, field ORDER BY day) AS started
                      FROM series
                ),
                changes AS (
                    SELECT day, partner_id, field, value,
                           LAG(value) OVER (PARTITION BY partner_id, field ORDER BY day) AS previous,
                           ROW_NUMBER() OVER (PARTITION BY partner_id, field ORDER BY day) AS n
                      FROM graded WHERE started
                ),
                dropped AS (
                    DELETE FROM care_grade_history h
                     WHERE h.company_id = %(company)s AND h.field IN ('tier', 'stage')
                       AND h.partner_id IN (SELECT partner_id FROM changes)
                )
                INSERT INTO care_grade_history (partner_id, company_id, field, old_value, new_value, date,
                                                create_uid, create_date, write_uid, write_date)
                SELECT partner_id, %(company)s, field, previous, value, day, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM changes
                 WHERE n = 1 OR value IS DISTINCT FROM previous
                """,
                today=today,
                company=company.id,
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        # the first grading of the other grades, when the customer first had a graded year
        self.env.execute_query(
            SQL(
                """
                UPDATE care_grade_history h
                   SET date = GREATEST(%(year_ago)s, (SELECT MIN(day) FROM care_demo_points p
                                                       WHERE p.partner_id = h.partner_id AND p.tier IS NOT NULL))
                 WHERE h.company_id = %(company)s AND h.old_value IS NULL AND h.field NOT IN ('tier', 'stage')
                   AND EXISTS (SELECT 1 FROM care_demo_points p WHERE p.partner_id = h.partner_id)
                """,
                year_ago=months[0],
                company=company.id,
            )
        )
        self.env["care.grade.history"].invalidate_model()
