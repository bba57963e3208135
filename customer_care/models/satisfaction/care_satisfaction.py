import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ...const import MANAGER
from ...utils import CONCURRENCY_ERRORS, rollback_concurrent

_logger = logging.getLogger(__name__)

# A score moving by at least this many points against the 12 months before is a rise or a fall.
TREND_STEP = 5.0
TREND_DIRECTIONS = [("up", "Rising"), ("stable", "Stable"), ("down", "Falling")]


class CareSatisfaction(models.Model):
    """A customer's satisfaction in one company: the average, on 0-100, of the ratings
    of any record the customer rated (duties, complaints, anything with Odoo's rating) and of its
    satisfaction survey scores over the last 12 months, against the 12 months before.

    Kept by the system, never typed: one set-based statement per company computes every customer's row
    (`_care_refresh`), nightly and for the customers whose ratings or answers just arrived."""

    _name = "care.satisfaction"
    _description = "Customer Satisfaction"
    _order = "score, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    score = fields.Float(
        string="Satisfaction",
        digits=(5, 1),
        aggregator="avg",
        help="Average of the last 12 months' ratings and survey scores, on 0-100: a rating of 5 counts 100, "
        "3 counts 50, 1 counts 0; a survey its score in %.",
    )
    score_prev = fields.Float(string="Previous 12 Months", digits=(5, 1), aggregator="avg")
    trend = fields.Float(digits=(5, 1), help="Points gained (or lost) against the 12 months before.")
    trend_direction = fields.Selection(TREND_DIRECTIONS)
    rating_count = fields.Integer(string="Ratings", help="Ratings given in the last 12 months.")
    survey_count = fields.Integer(string="Surveys", help="Satisfaction surveys answered in the last 12 months.")
    total_count = fields.Integer(string="Ratings and Surveys")
    low_count = fields.Integer(
        string="Low Ratings", help="Ratings of 1 and surveys scored below the company's low mark, last 12 months."
    )
    last_date = fields.Date(string="Last Rated On")
    last_low = fields.Boolean(
        string="Last Rating Low",
        help="The customer's latest rating or survey of the last 12 months is low: a rating of 1 or a survey "
        "scored below the company's low mark.",
    )
    computed_on = fields.Date()

    _partner_company_uniq = models.UniqueIndex("(partner_id, company_id)")

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def action_refresh(self):
        """Recompute every customer's satisfaction in the current company now (managers)."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only a care manager may recompute the satisfaction scores."))
        self.sudo()._care_refresh(self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Satisfaction scores recomputed."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _cron_refresh(self):
        """The nightly run: every company's customers, one company per committed step, so that the 12-month
        windows move with the calendar. A company that fails is logged and the others still run."""
        cron = self.env["ir.cron"]
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        cron._commit_progress(remaining=len(companies))
        for done, company in enumerate(companies):
            try:
                with self.env.cr.savepoint():
                    self._care_refresh(company)
            except CONCURRENCY_ERRORS:
                rollback_concurrent(self.env, f"the satisfaction scores of company {company.id}")
                cron._commit_progress(remaining=len(companies) - done)
                break
            except Exception:  # noqa: BLE001 - one company's failure must not stop the others
                _logger.exception("satisfaction scores of company %s failed", company.id)
            if not cron._commit_progress(1):
                break

    @api.model
    def _care_refresh_customers(self, customers):
        """Recompute the satisfaction of these customers (commercial partners) in every company: called as
        ratings and survey answers arrive."""
        customer_ids = list(set(customers.commercial_partner_id.ids))
        if not customer_ids:
            return
        for company in self.env["res.company"].sudo().search([]):  # pylint: disable=no-search-all
            self._care_refresh(company, customer_ids)

    @api.model
    def _care_refresh(self, company, customer_ids=None):
        """Compute the satisfaction of the company's customers (all, or `customer_ids`) in one statement:
        upsert the rows that changed, delete those of customers without any rating or answer in the last
        24 months. Returns the number of customers with a row."""
        self.env.flush_all()
        today = self.env["care.rule"]._care_today(company)
        tz = company.partner_id.tz or "UTC"
        current_start = today - relativedelta(years=1)
        previous_start = today - relativedelta(years=2)
        items = self._care_items_sql(company, previous_start, customer_ids)
        only = SQL("AND s.partner_id = ANY(%s)", customer_ids) if customer_ids is not None else SQL()
        query = SQL(
            """WITH items AS (%(items)s),
               dated AS (
                   SELECT customer_id, kind, value, low, moment,
                          (moment AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day
                     FROM items
               ),
               per AS (
                   SELECT customer_id,
                          AVG(value) FILTER (WHERE day > %(current)s) AS score,
                          AVG(value) FILTER (WHERE day <= %(current)s) AS score_prev,
                          COUNT(*) FILTER (WHERE day > %(current)s AND kind = 'rating') AS rating_count,
                          COUNT(*) FILTER (WHERE day > %(current)s AND kind = 'survey') AS survey_count,
                          COUNT(*) FILTER (WHERE day > %(current)s) AS total_count,
                          COUNT(*) FILTER (WHERE day > %(current)s AND low) AS low_count,
                          MAX(day) FILTER (WHERE day > %(current)s) AS last_date,
                          COALESCE((ARRAY_AGG(low ORDER BY moment DESC) FILTER (WHERE day > %(current)s))[1], FALSE)
                              AS last_low
                     FROM dated
                    WHERE day > %(previous)s AND day <= %(today)s
                    GROUP BY customer_id
               ),
               final AS (
                   SELECT per.*, per.score - per.score_prev AS trend,
                          CASE WHEN per.score IS NULL OR per.score_prev IS NULL THEN NULL
                               WHEN per.score - per.score_prev >= %(step)s THEN 'up'
                               WHEN per.score - per.score_prev <= -%(step)s THEN 'down'
                               ELSE 'stable' END AS trend_direction
                     FROM per
               ),
               upserted AS (
                   INSERT INTO care_satisfaction AS s (partner_id, company_id, score, score_prev, trend,
                                                       trend_direction, rating_count, survey_count, total_count,
                                                       low_count, last_date, last_low, computed_on,
                                                       create_uid, create_date, write_uid, write_date)
                   SELECT customer_id, %(company)s, score, score_prev, trend, trend_direction, rating_count,
                          survey_count, total_count, low_count, last_date, last_low, %(today)s,
                          %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                     FROM final
                   ON CONFLICT (partner_id, company_id) DO UPDATE
                      SET score = EXCLUDED.score, score_prev = EXCLUDED.score_prev, trend = EXCLUDED.trend,
                          trend_direction = EXCLUDED.trend_direction, rating_count = EXCLUDED.rating_count,
                          survey_count = EXCLUDED.survey_count, total_count = EXCLUDED.total_count,
                          low_count = EXCLUDED.low_count,
                          last_date = EXCLUDED.last_date, last_low = EXCLUDED.last_low,
                          computed_on = EXCLUDED.computed_on,
                          write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                    WHERE (s.score, s.score_prev, s.trend_direction, s.rating_count, s.survey_count, s.low_count,
                           s.last_date, s.last_low)
                          IS DISTINCT FROM
                          (EXCLUDED.score, EXCLUDED.score_prev, EXCLUDED.trend_direction, EXCLUDED.rating_count,
                           EXCLUDED.survey_count, EXCLUDED.low_count, EXCLUDED.last_date, EXCLUDED.last_low)
                   RETURNING 1
               ),
               deleted AS (
                   DELETE FROM care_satisfaction s
                    WHERE s.company_id = %(company)s %(only)s
                      AND NOT EXISTS (SELECT 1 FROM final f WHERE f.customer_id = s.partner_id)
                   RETURNING 1
               )
               SELECT (SELECT COUNT(*) FROM final), (SELECT COUNT(*) FROM upserted), (SELECT COUNT(*) FROM deleted)""",
            items=items,
            tz=tz,
            current=current_start,
            previous=previous_start,
            today=today,
            step=TREND_STEP,
            company=company.id,
            uid=self.env.uid,
            only=only,
        )
        total, changed, deleted = self.env.execute_query(query)[0]
        self.invalidate_model()
        _logger.debug(
            "satisfaction of company %s: %s customers, %s changed, %s deleted", company.id, total, changed, deleted
        )
        return total

    @api.model
    def _care_items_sql(self, company, since, customer_ids=None):
        """SQL of the rows (customer_id, kind, value 0-100, low, moment UTC) the company's satisfaction is
        computed from: every filled rating of a record of the company (or of no company) by a contact of the
        customer, and every completed satisfaction survey answer linked to the customer."""
        # A day of margin either side of the local date the windows are cut on.
        moment_from = fields.Datetime.to_datetime(since) - relativedelta(days=1)
        low_mark = company.sudo().care_low_satisfaction_score
        rating_only = SQL()
        if customer_ids is not None:
            # through the contacts' index and the ratings' partner index, not a scan of every rating
            rating_only = SQL(
                "AND r.partner_id IN (SELECT c.id FROM res_partner c WHERE c.commercial_partner_id = ANY(%s))",
                customer_ids,
            )
        survey_only = SQL("AND ui.care_partner_id = ANY(%s)", customer_ids) if customer_ids is not None else SQL()
        records = self._care_rated_records_sql(customer_ids)
        return SQL(
            """SELECT cp.id AS customer_id, 'rating' AS kind, (r.rating - 1) * 25.0 AS value, r.rating < 2 AS low,
                      COALESCE(r.rated_on, r.write_date) AS moment
                 FROM rating_rating r
                 JOIN res_partner p ON p.id = r.partner_id
                 JOIN res_partner cp ON cp.id = p.commercial_partner_id
                 LEFT JOIN (%(records)s) rec ON rec.res_model = r.res_model AND rec.res_id = r.res_id
                WHERE r.consumed AND r.rating >= 1 AND COALESCE(r.rated_on, r.write_date) >= %(since)s
                  AND COALESCE(rec.company_id, cp.company_id, %(company)s) = %(company)s %(rating_only)s
               UNION ALL
               SELECT ui.care_partner_id, 'survey', ui.scoring_percentage, ui.scoring_percentage < %(low)s,
                      COALESCE(ui.end_datetime, ui.write_date)
                 FROM survey_user_input ui
                 LEFT JOIN care_task t ON t.id = ui.care_task_id
                WHERE ui.state = 'done' AND ui.care_partner_id IS NOT NULL AND NOT COALESCE(ui.test_entry, FALSE)
                  AND COALESCE(ui.end_datetime, ui.write_date) >= %(since)s
                  AND COALESCE(t.company_id, %(company)s) = %(company)s %(survey_only)s""",
            records=records,
            since=moment_from,
            company=company.id,
            rating_only=rating_only,
            low=low_mark,
            survey_only=survey_only,
        )

    @api.model
    def _care_rated_records_sql(self, customer_ids=None):
        """SQL of (res_model, res_id, company_id, user_id) of the rated records whose model keeps a company
        or a salesperson: a complaint, a duty or an order counts in its own company and for its own
        salesperson, whatever models are installed. Models without either give no row."""
        ratings = SQL("SELECT res_model, res_id FROM rating_rating WHERE consumed AND res_model IS NOT NULL")
        if customer_ids is not None:
            ratings = SQL(
                "%s AND partner_id IN (SELECT c.id FROM res_partner c WHERE c.commercial_partner_id = ANY(%s))",
                ratings,
                customer_ids,
            )
        models_rated = [row[0] for row in self.env.execute_query(SQL("SELECT DISTINCT res_model FROM (%s) r", ratings))]
        parts = []
        for name in models_rated:
            model = self.env.get(name)
            if model is None or model._abstract or not model._auto or model._table_query:
                continue
            columns = {}
            for field_name, comodel in (("company_id", "res.company"), ("user_id", "res.users")):
                field = model._fields.get(field_name)
                if field and field.store and field.type == "many2one" and field.comodel_name == comodel:
                    columns[field_name] = SQL("t.%s", SQL.identifier(field_name))
            if not columns:
                continue
            parts.append(
                SQL(
                    """SELECT %s::varchar AS res_model, t.id AS res_id, %s AS company_id, %s AS user_id
                         FROM %s t
                        WHERE t.id IN (SELECT r.res_id FROM (%s) r WHERE r.res_model = %s)""",
                    name,
                    columns.get("company_id", SQL("NULL::int")),
                    columns.get("user_id", SQL("NULL::int")),
                    SQL.identifier(model._table),
                    ratings,
                    name,
                )
            )
        if not parts:
            return SQL(
                "SELECT NULL::varchar AS res_model, NULL::int AS res_id, NULL::int AS company_id, NULL::int AS user_id"
            )
        return SQL(" UNION ALL ").join(parts)
