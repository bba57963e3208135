import logging

from odoo import api, fields, models
from odoo.tools import SQL

from ...const import MATRIX_CELLS, RFM_SEGMENTS, SNAPSHOT_DIMENSIONS, STAGES, TIERS
from ...utils import CONCURRENCY_ERRORS, rollback_concurrent

_logger = logging.getLogger(__name__)


class CareClassSnapshot(models.Model):
    """Classes over time (7P "prospecting"): how many of a company's customers were in each tier, matrix cell,
    stage and RFM segment in each month. The current month is counted again each day, so a month keeps its last
    day's counts; months before the first count are rebuilt once from the grade history (which holds no RFM
    segment: those start with the first count)."""

    _name = "care.class.snapshot"
    _description = "Customer Classes per Month"
    _order = "month desc, dimension, id"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True, index=True)
    month = fields.Date(required=True, readonly=True, help="The first day of the month counted.")
    dimension = fields.Selection(SNAPSHOT_DIMENSIONS, required=True, readonly=True)
    tier = fields.Selection(TIERS, readonly=True)
    matrix_cell = fields.Selection(MATRIX_CELLS, readonly=True)
    stage = fields.Selection(STAGES, readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM Segment", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)

    # one count per class and month: a second run (another host, a retry) cannot add a second row
    _company_month_uniq = models.UniqueIndex(
        "(company_id, month, dimension, COALESCE(tier, matrix_cell, stage, rfm_segment))"
    )

    @api.model
    def _cron_take_snapshot(self):
        """Daily: each company's counts of this month (its local month), written again in place; a company
        without any count yet first gets its past months from the grade history. One company failing is logged
        and the others are counted."""
        companies = self.env["res.company"].sudo().search([], order="id")  # pylint: disable=no-search-all
        for company in companies:
            try:
                with self.env.cr.savepoint():
                    self.sudo()._care_snapshot_company(company)
            except CONCURRENCY_ERRORS:
                # counts are written again in place: the next call redoes every company from fresh data
                rollback_concurrent(self.env, "the class snapshot")
                self.env["ir.cron"]._commit_progress(remaining=len(companies))
                return
            except Exception:
                _logger.exception("Customer Care: the class snapshot of company %s failed", company.id)

    def _care_snapshot_company(self, company):
        today = self.env["care.rule"]._care_today(company)
        month = today.replace(day=1)
        self.flush_model()
        self.env["care.profile"].flush_model()
        if not self.search_count([("company_id", "=", company.id)], limit=1):
            self._care_backfill_company(company, month)
        dimension_columns = [name for name, _label in SNAPSHOT_DIMENSIONS]
        self.env.cr.execute(
            SQL(
                "DELETE FROM care_class_snapshot WHERE company_id = %s AND month = %s",
                company.id,
                month,
            )
        )
        for dimension in dimension_columns:
            column = SQL.identifier(dimension)
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO care_class_snapshot
                           (company_id, month, dimension, %(column)s, customer_count,
                            create_uid, create_date, write_uid, write_date)
                    SELECT %(company)s, %(month)s, %(dimension)s, profile.%(column)s, COUNT(*),
                           %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                      FROM care_profile profile
                     WHERE profile.company_id = %(company)s
                       AND profile.active
                       AND profile.%(column)s IS NOT NULL
                     GROUP BY profile.%(column)s
                    """,
                    column=column,
                    company=company.id,
                    month=month,
                    dimension=dimension,
                    uid=self.env.uid,
                )
            )
        self.invalidate_model()

    def _care_backfill_company(self, company, until_month):
        """The months from the first grading to the one before `until_month`, each counted at its last day
        from the grade history: a customer is in the class of its last change on or before that day."""
        self.env["care.grade.history"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH change AS (
                    SELECT partner_id, field, new_value, date,
                           LEAD(date) OVER (PARTITION BY partner_id, field ORDER BY date, id) AS next_date
                      FROM care_grade_history
                     WHERE company_id = %(company)s AND field IN ('tier', 'matrix_cell', 'stage')
                ),
                month AS (
                    SELECT generate_series(date_trunc('month', MIN(date)), %(until)s::date - INTERVAL '1 month',
                                           INTERVAL '1 month')::date AS first_day
                      FROM care_grade_history WHERE company_id = %(company)s
                )
                INSERT INTO care_class_snapshot
                       (company_id, month, dimension, tier, matrix_cell, stage, customer_count,
                        create_uid, create_date, write_uid, write_date)
                SELECT %(company)s, month.first_day, change.field,
                       CASE WHEN change.field = 'tier' THEN change.new_value END,
                       CASE WHEN change.field = 'matrix_cell' THEN change.new_value END,
                       CASE WHEN change.field = 'stage' THEN change.new_value END,
                       COUNT(*),
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM month
                  JOIN change ON change.date < month.first_day + INTERVAL '1 month'
                             AND (change.next_date IS NULL OR change.next_date >= month.first_day + INTERVAL '1 month')
                 WHERE change.new_value IS NOT NULL AND change.new_value != ''
                 GROUP BY month.first_day, change.field, change.new_value
                """,
                company=company.id,
                until=until_month,
                uid=self.env.uid,
            )
        )
