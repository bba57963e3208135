from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        # An order paid online but held for credit stays a quotation on hold: it is not reported as confirmed
        # (no confirmation mail, no invoice from the payment), and the payment is kept for the manager's decision.
        confirmed = super()._check_amount_and_confirm_order()
        return confirmed.filtered(lambda order: order.state == "sale")
