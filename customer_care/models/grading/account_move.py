from odoo import api, fields, models

from ...const import CARE_USER


class AccountMove(models.Model):
    _inherit = "account.move"

    # Kept on the invoice so that customer grading reads payment behaviour with the invoice, not through
    # its receivable lines and their reconciliations. Filled in SQL at install (hooks.py).
    care_paid_date = fields.Date(
        string="Settled On",
        compute="_compute_care_paid_date",
        store=True,
        copy=False,
        help="The day a paid customer invoice was settled: the date of its last reconciliation.",
        groups=CARE_USER,
    )

    # A partial covering index for the grading engine: a company's posted customer invoices per commercial
    # partner, with all the engine reads of them (index-only scans, without the rest of the table).
    _care_grading_facts_idx = models.Index(
        "(company_id, commercial_partner_id)"
        " INCLUDE (move_type, invoice_date, invoice_date_due, amount_untaxed_signed, amount_residual_signed,"
        " care_paid_date)"
        " WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')"
    )

    @api.depends("move_type", "payment_state", "line_ids.matched_credit_ids.max_date")
    def _compute_care_paid_date(self):
        for move in self:
            settled = move.move_type == "out_invoice" and move.payment_state in ("paid", "in_payment")
            receivable = move.line_ids.filtered(lambda line: line.display_type == "payment_term")
            move.care_paid_date = settled and max(receivable.matched_credit_ids.mapped("max_date"), default=False)

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
        self.env["care.grading.engine"]._care_mark_pairs(
            {(move.commercial_partner_id.id, move.company_id.id) for move in invoices}
        )
