from odoo import models
from odoo.tools import SQL

from ..grading.care_grading_engine import GRADE_CHANGE_COLUMNS


def change_index(column):
    """Position of a column in the rows of changed grades the engine returns."""
    return [name for name, _type in GRADE_CHANGE_COLUMNS].index(column)


class CareGradingEngine(models.AbstractModel):
    """Lost customers from the grading: a move to Lost opens a loss (and asks the salesperson why), a purchase
    after a loss closes it as won back. Set-based, on the changed profiles the engine has just written."""

    _inherit = "care.grading.engine"

    def _care_compute_grades(self, company, partner_ids=None):
        # A customer marked as lost by hand who bought since is won back: the purchases decide its stage again.
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                """
                UPDATE care_profile p
                   SET manual_stage = NULL
                  FROM care_customer_loss l
                 WHERE p.company_id = %(company)s AND p.manual_stage = 'lost'
                   AND l.partner_id = p.partner_id AND l.company_id = p.company_id AND l.won_back_date IS NULL
                   AND p.last_invoice_date > l.lost_date
                """,
                company=company.id,
            )
        )
        self.env["care.profile"].invalidate_model(["manual_stage"])
        return super()._care_compute_grades(company, partner_ids=partner_ids)

    def _care_write_grades(self, company, changes, today):
        result = super()._care_write_grades(company, changes, today)
        stage, old_stage, partner = change_index("stage"), change_index("old_stage"), change_index("partner_id")
        lost = [row[partner] for row in changes if row[stage] == "lost" and row[old_stage] != "lost"]
        # a first grading finds customers lost long ago: recorded for the analysis, nobody asked to explain
        moved = {row[partner] for row in changes if row[stage] == "lost" and row[old_stage] not in (None, "lost")}
        won_back = [row[partner] for row in changes if row[old_stage] == "lost" and row[stage] != "lost"]
        if won_back:
            self._care_mark_won_back(company, won_back, today)
        if lost:
            new_ids = self.env["care.customer.loss"]._care_open_losses(company, lost, today, origin="engine")
            if moved:
                losses = self.env["care.customer.loss"].sudo().browse(new_ids)
                losses.filtered(lambda loss: loss.partner_id.id in moved)._care_ask_reason()
        return result

    def _care_mark_won_back(self, company, partner_ids, today):
        self.env.execute_query(
            SQL(
                """
                UPDATE care_customer_loss
                   SET won_back_date = %(today)s, won_back = TRUE, write_date = %(now)s
                 WHERE company_id = %(company)s AND partner_id = ANY(%(partners)s) AND won_back_date IS NULL
                """,
                today=today,
                now=self.env.cr.now(),
                company=company.id,
                partners=list(partner_ids),
            )
        )
        self.env["care.customer.loss"].invalidate_model(["won_back_date", "won_back"])
