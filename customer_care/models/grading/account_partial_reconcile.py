from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        # a payment (or a credit note) matched to an invoice changes the customer's payment behaviour
        (partials.debit_move_id.move_id | partials.credit_move_id.move_id)._care_mark_customers()
        return partials

    def unlink(self):
        moves = self.debit_move_id.move_id | self.credit_move_id.move_id
        res = super().unlink()
        moves._care_mark_customers()
        return res
