from odoo import models
from odoo.tools import SQL


class CareAlert(models.Model):
    """The `low_satisfaction` early warning: while a customer's latest rating is 1 (or its latest survey is
    scored below the company's low mark), its salesperson is warned; a better rating or answer resolves it."""

    _inherit = "care.alert"  # pylint: disable=consider-merging-classes-inherited

    def _care_alert_query_low_satisfaction(self, company, today):
        """The customers whose satisfaction row (kept current as ratings and answers arrive, and nightly) says
        their latest rating or survey of the last 12 months is low. Severity: high below 25 points or with 3
        low ones in the year, medium below 50, low otherwise."""
        if not company.care_alert_low_satisfaction:
            return None
        return SQL(
            """SELECT s.partner_id, NULL::int AS user_id,
                      CASE WHEN s.score < 25 OR s.low_count >= 3 THEN 'high'
                           WHEN s.score < 50 THEN 'medium' ELSE 'low' END AS severity,
                      jsonb_build_object('score', ROUND(s.score::numeric, 1), 'low_count', s.low_count,
                                         'count', s.total_count, 'last_date', TO_CHAR(s.last_date, 'YYYY-MM-DD'))
                 FROM care_satisfaction s
                WHERE s.company_id = %s AND s.last_low""",
            company.id,
        )

    def _care_alert_evidence_low_satisfaction(self, data):
        return self.env._(
            "latest rating or survey on %(date)s is low; satisfaction %(score)s/100 from %(count)s ratings and "
            "surveys, %(low)s of them low",
            date=self._care_date(data["last_date"]),
            score=data["score"],
            count=data["count"],
            low=data["low_count"],
        )
