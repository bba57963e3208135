from odoo import models
from odoo.tools import SQL


class CareAlert(models.Model):
    """Overdue complaints among the early warnings."""

    _inherit = "care.alert"

    def _care_alert_query_complaint_overdue(self, company, today):
        """A complaint still open (not yet replied to) after its deadline. The alert goes to the handling team's
        leader, the responsible person's manager (the customer's salesperson when the complaint has no team); the
        salesperson sees and handles it as for every alert of their customer. Evidence: the most overdue complaint
        and how many are overdue. Severity: high beyond 10 days late, medium beyond 3, or a critical complaint."""
        if not company.care_alert_complaint_overdue:
            return None
        return SQL(
            """SELECT DISTINCT ON (c.commercial_partner_id) c.commercial_partner_id, t.leader_id,
                      CASE WHEN %(today)s - c.deadline > 10 OR c.severity = 'critical' THEN 'high'
                           WHEN %(today)s - c.deadline > 3 THEN 'medium'
                           ELSE 'low' END,
                      jsonb_build_object('complaint', c.name, 'deadline', c.deadline,
                                         'days', %(today)s - c.deadline,
                                         'count', COUNT(*) OVER (PARTITION BY c.commercial_partner_id))
                 FROM care_complaint c
                 LEFT JOIN care_complaint_team t ON t.id = c.team_id
                WHERE c.company_id = %(company)s AND c.deadline < %(today)s
                  AND c.state IN ('new', 'assessing', 'assigned', 'resolving')
                ORDER BY c.commercial_partner_id, c.deadline, c.id""",
            today=today,
            company=company.id,
        )

    def _care_alert_evidence_complaint_overdue(self, data):
        return self.env._(
            "complaint %(complaint)s due %(deadline)s, %(days)s days overdue; %(count)s overdue complaints",
            complaint=data["complaint"],
            deadline=self._care_date(data["deadline"]),
            days=data["days"],
            count=data["count"],
        )
