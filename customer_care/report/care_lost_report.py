from odoo import fields, models
from odoo.tools import SQL

from ..const import TIERS


class CareLostReport(models.Model):
    """Lost customers analysis (客户流失分析): who was lost, when, why, who served them then, what they were
    worth, and whether they came back; grouped by year of the loss, this year against last year."""

    _name = "care.lost.report"
    _description = "Lost Customers Analysis"
    _auto = False
    _order = "lost_date desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    lost_date = fields.Date(readonly=True)
    reason_id = fields.Many2one("care.lost.reason", readonly=True)
    origin = fields.Selection([("manual", "Marked by Hand"), ("engine", "Grading")], readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson Then", readonly=True)
    current_user_id = fields.Many2one("res.users", string="Salesperson Now", readonly=True)
    tier = fields.Selection(TIERS, string="Tier Then", readonly=True)
    revenue_12m = fields.Monetary(string="Revenue of Its Last 12 Months", readonly=True)
    won_back = fields.Boolean(readonly=True)
    won_back_date = fields.Date(string="Won Back On", readonly=True)
    has_reason = fields.Boolean(string="Reason Recorded", readonly=True)
    count = fields.Integer(string="Customers", readonly=True, aggregator="sum")

    _depends = {
        "care.customer.loss": [
            "partner_id",
            "company_id",
            "lost_date",
            "reason_id",
            "origin",
            "user_id",
            "tier",
            "revenue_12m",
            "won_back_date",
        ],
        "res.partner": ["user_id"],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT l.id, l.partner_id, l.company_id, c.currency_id, l.lost_date, l.reason_id, l.origin, l.user_id,
                   r.user_id AS current_user_id, l.tier, l.revenue_12m, l.won_back_date IS NOT NULL AS won_back,
                   l.won_back_date, l.reason_id IS NOT NULL AS has_reason, 1 AS count
              FROM care_customer_loss l
              JOIN res_partner r ON r.id = l.partner_id
              JOIN res_company c ON c.id = l.company_id
            """
        )
