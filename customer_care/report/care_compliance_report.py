from odoo import fields, models
from odoo.tools import SQL

from ..const import CARE_TRIGGERS


class CareComplianceReport(models.Model):
    """服务考核: one row per care duty (cancelled ones left out), with 0/1 measures so that a pivot
    by salesperson x month sums duties due, done on time, done late and missed; `rate` is 100 for
    a duty done (on time or late), 0 for a missed one and empty while still open, so its average
    is the compliance rate of any group. A row's id is its duty's id: drill-down opens the duty.

    The duties the weekly contact cap held back (care.cap.suppression) are rows too, with a negative
    id, no duty, state "Held Back by Cap" and only `suppressed_count` set: they are neither due nor
    missed, but a manager sees per salesperson and month how many contacts the cap cost."""

    _name = "care.compliance.report"
    _description = "Care Compliance Report"
    _auto = False
    _rec_name = "task_id"
    _order = "date_due desc, id desc"

    task_id = fields.Many2one("care.task", string="Duty", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    rule_id = fields.Many2one("care.rule", readonly=True)
    trigger = fields.Selection(CARE_TRIGGERS, readonly=True)
    occasion_id = fields.Many2one("care.occasion", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    state = fields.Selection(
        [
            ("todo", "To Do"),
            ("done", "Done"),
            ("late", "Done Late"),
            ("missed", "Missed"),
            ("suppressed", "Held Back by Cap"),
        ],
        readonly=True,
    )
    due_count = fields.Integer(string="Duties Due", readonly=True)
    done_count = fields.Integer(string="Done on Time", readonly=True)
    late_count = fields.Integer(string="Done Late", readonly=True)
    missed_count = fields.Integer(string="Missed", readonly=True)
    open_count = fields.Integer(string="Open", readonly=True)
    suppressed_count = fields.Integer(
        string="Held Back by Cap",
        readonly=True,
        help="Duties the weekly contact cap per customer kept from being created: neither done nor fined.",
    )
    fine_amount = fields.Monetary(string="Fines", readonly=True)
    rate = fields.Float(string="Compliance Rate (%)", readonly=True, aggregator="avg")

    _depends = {
        "care.task": [
            "user_id",
            "partner_id",
            "rule_id",
            "trigger",
            "occasion_id",
            "company_id",
            "date_due",
            "state",
            "fine_amount",
        ],
        "care.cap.suppression": ["user_id", "partner_id", "rule_id", "occasion_id", "company_id", "date_due"],
        "res.company": ["currency_id"],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT task.id AS id,
                   task.id AS task_id,
                   task.user_id,
                   task.partner_id,
                   task.rule_id,
                   task.trigger,
                   task.occasion_id,
                   task.company_id,
                   company.currency_id,
                   task.date_due,
                   task.state,
                   1 AS due_count,
                   (task.state = 'done')::int AS done_count,
                   (task.state = 'late')::int AS late_count,
                   (task.state = 'missed')::int AS missed_count,
                   (task.state = 'todo')::int AS open_count,
                   0 AS suppressed_count,
                   COALESCE(task.fine_amount, 0) AS fine_amount,
                   CASE WHEN task.state IN ('done', 'late') THEN 100.0
                        WHEN task.state = 'missed' THEN 0.0 END AS rate
              FROM care_task task
              JOIN res_company company ON company.id = task.company_id
             WHERE task.state != 'cancelled'
            UNION ALL
            SELECT -held.id AS id,
                   NULL AS task_id,
                   held.user_id,
                   held.partner_id,
                   held.rule_id,
                   rule.trigger,
                   held.occasion_id,
                   held.company_id,
                   company.currency_id,
                   held.date_due,
                   'suppressed' AS state,
                   0 AS due_count,
                   0 AS done_count,
                   0 AS late_count,
                   0 AS missed_count,
                   0 AS open_count,
                   1 AS suppressed_count,
                   0 AS fine_amount,
                   NULL AS rate
              FROM care_cap_suppression held
              JOIN care_rule rule ON rule.id = held.rule_id
              JOIN res_company company ON company.id = held.company_id
            """
        )

    def action_open_task(self):
        self.ensure_one()
        if not self.task_id:  # held back by the cap: no duty, the customer is what there is to open
            return {
                "type": "ir.actions.act_window",
                "res_model": "res.partner",
                "res_id": self.partner_id.id,
                "view_mode": "form",
            }
        return {
            "type": "ir.actions.act_window",
            "res_model": "care.task",
            "res_id": self.task_id.id,
            "view_mode": "form",
        }
