from odoo import models
from odoo.tools import SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._care_mark_customers()
        return posted

    def button_cancel(self):
        res = super().button_cancel()
        self._care_mark_customers()
        return res

    def button_draft(self):
        res = super().button_draft()
        self._care_mark_customers()
        return res

    def _care_mark_customers(self):
        """Flag the grading profiles of these customer invoices' customers for the frequent recompute."""
        invoices = self.filtered(lambda move: move.move_type in ("out_invoice", "out_refund") and move.partner_id)
        if not invoices:
            return
        pairs = {(move.commercial_partner_id.id, move.company_id.id) for move in invoices}
        self.env["care.profile"]._care_mark(
            SQL(
                "SELECT * FROM unnest(%s::int[], %s::int[])",
                [partner_id for partner_id, _company_id in pairs],
                [company_id for _partner_id, company_id in pairs],
            )
        )
