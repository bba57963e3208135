from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._care_mark_customers()
        return orders

    def write(self, vals):
        # a quotation makes a prospect and a confirmed order a customer: the lifecycle stage follows
        regrade = {"state", "partner_id", "company_id"}.intersection(vals)
        if regrade:
            self._care_mark_customers()
        result = super().write(vals)
        if regrade:
            self._care_mark_customers()
        return result

    def unlink(self):
        self._care_mark_customers()
        return super().unlink()

    def _care_mark_customers(self):
        """Flag the grading profiles of these orders' customers for the frequent recompute."""
        self.env["care.grading.engine"]._care_mark_pairs(
            {(order.partner_id.commercial_partner_id.id, order.company_id.id) for order in self if order.partner_id}
        )
