from odoo import fields, models
from odoo.tools import SQL


class CareSatisfactionReport(models.Model):
    """满意度报表: one row per filled rating (of any record) and per completed satisfaction survey answer, by
    month, category (the complaint's category for a rated complaint, the duty's rule otherwise), salesperson
    and sales team. `score` is the row's value on 0-100 (a rating of 5 counts 100, 3 counts 50, 1 counts 0; a
    survey its score in %), so its average is the satisfaction of any group."""

    _name = "care.satisfaction.report"
    _description = "Satisfaction Report"
    _auto = False
    _rec_name = "partner_id"
    _order = "date desc, id desc"

    date = fields.Date(readonly=True)
    kind = fields.Selection([("rating", "Rating"), ("survey", "Survey")], readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    rule_id = fields.Many2one("care.rule", readonly=True)
    category = fields.Char(readonly=True)
    res_model = fields.Char(string="Rated Document Model", readonly=True)
    res_name = fields.Char(string="Rated Document", readonly=True)
    rating = fields.Float(string="Rating Value", readonly=True, aggregator="avg")
    score = fields.Float(string="Satisfaction", readonly=True, aggregator="avg")
    satisfied_count = fields.Integer(string="Satisfied", readonly=True)
    neutral_count = fields.Integer(string="Neutral", readonly=True)
    dissatisfied_count = fields.Integer(string="Dissatisfied", readonly=True)

    _depends = {
        "rating.rating": ["rating", "consumed", "partner_id", "rated_on", "res_model", "res_id", "res_name"],
        "survey.user_input": ["state", "scoring_percentage", "care_partner_id", "care_task_id", "end_datetime"],
        "care.task": ["rule_id", "user_id", "company_id"],
    }

    @property
    def _table_query(self):
        lang = self.env.lang or "en_US"
        rule_name = SQL("COALESCE(ru.name->>%s, ru.name->>'en_US')", lang)
        complaint_join, category = SQL(), rule_name
        complaints = self.env.get("care.complaint")
        if complaints is not None and "category_id" in complaints._fields:
            categories = self.env[complaints._fields["category_id"].comodel_name]
            name = SQL("cc.name")
            if categories._fields["name"].translate:
                name = SQL("COALESCE(cc.name->>%s, cc.name->>'en_US')", lang)
            complaint_join = SQL(
                """LEFT JOIN %s co ON r.res_model = 'care.complaint' AND co.id = r.res_id
                   LEFT JOIN %s cc ON cc.id = co.category_id""",
                SQL.identifier(complaints._table),
                SQL.identifier(categories._table),
            )
            category = SQL("COALESCE(%s, %s)", name, rule_name)
        records = self.env["care.satisfaction"]._care_rated_records_sql()
        return SQL(
            """
            SELECT r.id * 2 AS id, 'rating' AS kind,
                   (COALESCE(r.rated_on, r.write_date) AT TIME ZONE 'UTC'
                        AT TIME ZONE COALESCE(cpn.tz, 'UTC'))::date AS date,
                   cp.id AS partner_id, c.id AS company_id,
                   COALESCE(rec.user_id, p.user_id, cp.user_id) AS user_id, su.sale_team_id AS team_id,
                   t.rule_id, %(category)s AS category, r.res_model, r.res_name,
                   r.rating, (r.rating - 1) * 25.0 AS score,
                   (r.rating >= 4)::int AS satisfied_count, (r.rating >= 2 AND r.rating < 4)::int AS neutral_count,
                   (r.rating < 2)::int AS dissatisfied_count
              FROM rating_rating r
              JOIN res_partner p ON p.id = r.partner_id
              JOIN res_partner cp ON cp.id = p.commercial_partner_id
              LEFT JOIN (%(records)s) rec ON rec.res_model = r.res_model AND rec.res_id = r.res_id
              LEFT JOIN res_company c ON c.id = COALESCE(rec.company_id, cp.company_id)
              LEFT JOIN res_partner cpn ON cpn.id = c.partner_id
              LEFT JOIN res_users su ON su.id = COALESCE(rec.user_id, p.user_id, cp.user_id)
              LEFT JOIN care_task t ON r.res_model = 'care.task' AND t.id = r.res_id
              LEFT JOIN care_rule ru ON ru.id = t.rule_id
              %(complaint_join)s
             WHERE r.consumed AND r.rating >= 1
            UNION ALL
            SELECT ui.id * 2 + 1, 'survey',
                   (COALESCE(ui.end_datetime, ui.write_date) AT TIME ZONE 'UTC'
                        AT TIME ZONE COALESCE(cpn.tz, 'UTC'))::date,
                   cp.id, c.id, COALESCE(t.user_id, cp.user_id), su.sale_team_id,
                   t.rule_id, %(rule_name)s, 'survey.user_input', NULL,
                   NULL, ui.scoring_percentage,
                   (ui.scoring_percentage >= 75)::int,
                   (ui.scoring_percentage >= 25 AND ui.scoring_percentage < 75)::int,
                   (ui.scoring_percentage < 25)::int
              FROM survey_user_input ui
              JOIN res_partner cp ON cp.id = ui.care_partner_id
              LEFT JOIN care_task t ON t.id = ui.care_task_id
              LEFT JOIN care_rule ru ON ru.id = t.rule_id
              LEFT JOIN res_company c ON c.id = COALESCE(t.company_id, cp.company_id)
              LEFT JOIN res_partner cpn ON cpn.id = c.partner_id
              LEFT JOIN res_users su ON su.id = COALESCE(t.user_id, cp.user_id)
             WHERE ui.state = 'done' AND NOT COALESCE(ui.test_entry, FALSE)
            """,
            category=category,
            records=records,
            complaint_join=complaint_join,
            rule_name=rule_name,
        )


class CareComplianceReport(models.Model):
    # the duties of satisfaction survey rules show under their own trigger in the compliance report
    _inherit = "care.compliance.report"  # pylint: disable=consider-merging-classes-inherited

    trigger = fields.Selection(selection_add=[("satisfaction_survey", "Satisfaction Survey")])
