from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

from ..const import MANAGER


class CareStatementReport(models.AbstractModel):
    """Monthly statement per salesperson: the month's care duties, the missed ones and their fines."""

    _name = "report.customer_care.report_care_statement"
    _description = "Care Monthly Statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        date_from = fields.Date.to_date(data.get("date_from")) or fields.Date.context_today(self).replace(day=1)
        date_to = date_from + relativedelta(day=31)
        # Printed with data, the web client sends no docids: the wizard passes the users in data.
        users = self.env["res.users"].browse(docids or data.get("user_ids") or [])
        # A report URL is reachable by hand: the wizard's check again, on the server.
        if users - self.env.user and not self.env.su and not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only customer care managers print other salespeople's statements."))
        tasks = self.env["care.task"].search(
            Domain("user_id", "in", users.ids)
            & Domain("date_due", ">=", date_from)
            & Domain("date_due", "<=", date_to)
            & Domain("state", "!=", "cancelled"),
            order="date_due, id",
        )
        by_user = tasks.grouped("user_id")
        # The duties the weekly cap held back: not due, not fined, but the salesperson's month all the same.
        held_back = dict(
            self.env["care.cap.suppression"]._read_group(
                Domain("user_id", "in", users.ids)
                & Domain("date_due", ">=", date_from)
                & Domain("date_due", "<=", date_to),
                ["user_id"],
                ["__count"],
            )
        )
        statements = []
        for user in users:
            user_tasks = by_user.get(user, self.env["care.task"])
            missed = user_tasks.filtered(lambda t: t.state == "missed")
            statements.append(
                {
                    "user": user,
                    "due": len(user_tasks),
                    "done": len(user_tasks.filtered(lambda t: t.state == "done")),
                    "late": len(user_tasks.filtered(lambda t: t.state == "late")),
                    "missed": missed,
                    "fines": sum(missed.mapped("fine_amount")),
                    "suppressed": held_back.get(user, 0),
                    "currency": user_tasks.currency_id[:1] or self.env.company.currency_id,
                }
            )
        return {
            "doc_ids": users.ids,
            "doc_model": "res.users",
            "docs": users,
            "date_from": date_from,
            "date_to": date_to,
            "statements": statements,
        }
