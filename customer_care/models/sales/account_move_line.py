from odoo import api, fields, models
from odoo.tools import SQL

from ...const import CARE_USER


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # The cost of what was sold, fixed when the invoice is posted: profitability must not move when a
    # product's cost changes later.
    care_cost = fields.Monetary(
        string="Cost at Sale",
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
        groups=CARE_USER,
        help="The cost of the line in company currency when the invoice was posted: the order line's cost "
        "where the line came from a sales order, else the product's cost on that day.",
    )

    def _care_store_sale_cost(self):
        """Keep each customer invoice product line's cost as it is now (called while posting)."""
        lines = self.filtered(
            lambda line: line.display_type == "product"
            and line.product_id
            and line.move_id.move_type in ("out_invoice", "out_refund")
        )
        for line in lines:
            sale_line = line.sale_line_ids[:1]
            if sale_line:
                rate = sale_line.order_id.currency_rate or 1.0
                cost = sale_line.purchase_price * line.quantity / rate
            else:
                product = line.product_id.with_company(line.company_id)
                quantity = line.quantity
                if line.product_uom_id and product.uom_id and line.product_uom_id != product.uom_id:
                    quantity = line.product_uom_id._compute_quantity(quantity, product.uom_id, round=False)
                cost = product.standard_price * quantity
            line.sudo().care_cost = line.company_currency_id.round(cost)

    @api.model
    def _care_fill_sale_cost(self):
        """At install and update: the lines posted before the cost was kept get the best cost known, in one
        statement (the order line's cost, else the product's cost now); lines posted since keep theirs."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move_line target
                   SET care_cost = costed.cost
                  FROM (SELECT aml.id,
                               ROUND(COALESCE(
                                   (SELECT sol.purchase_price * aml.quantity
                                           / COALESCE(NULLIF(so.currency_rate, 0), 1)
                                      FROM sale_order_line_invoice_rel rel
                                      JOIN sale_order_line sol ON sol.id = rel.order_line_id
                                      JOIN sale_order so ON so.id = sol.order_id
                                     WHERE rel.invoice_line_id = aml.id
                                     ORDER BY sol.id
                                     LIMIT 1),
                                   COALESCE((pp.standard_price ->> aml.company_id::text)::numeric, 0)
                                     * aml.quantity
                                     * COALESCE(line_uom.factor::numeric / NULLIF(product_uom.factor, 0)::numeric, 1)
                               ), currency.decimal_places) AS cost
                          FROM account_move_line aml
                          JOIN account_move move ON move.id = aml.move_id
                          JOIN product_product pp ON pp.id = aml.product_id
                          JOIN product_template pt ON pt.id = pp.product_tmpl_id
                          JOIN res_company company ON company.id = aml.company_id
                          JOIN res_currency currency ON currency.id = company.currency_id
                          LEFT JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
                          LEFT JOIN uom_uom line_uom ON line_uom.id = aml.product_uom_id
                         WHERE aml.care_cost IS NULL
                           AND aml.display_type = 'product'
                           AND move.state = 'posted'
                           AND move.move_type IN ('out_invoice', 'out_refund')) AS costed
                 WHERE target.id = costed.id
                """
            )
        )
        self.invalidate_model(["care_cost"])


class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def _post(self, soft=True):
        self.line_ids._care_store_sale_cost()
        return super()._post(soft=soft)
