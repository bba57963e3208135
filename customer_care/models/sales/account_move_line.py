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

    @api.model
    def _care_cost_update(self, where):
        """SQL: set each matching customer invoice product line's cost at sale, in one statement: the order
        line's cost (converted at the order's rate) where the line came from an order, else the product's cost
        now, in the product's unit."""
        return SQL(
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
                     WHERE aml.display_type = 'product'
                       AND move.move_type IN ('out_invoice', 'out_refund')
                       AND %(where)s) AS costed
             WHERE target.id = costed.id
            """,
            where=where,
        )

    @api.model
    def _care_store_sale_cost(self, moves):
        """Keep the cost of these moves' customer invoice product lines as it is now (called while posting):
        one statement for the whole batch."""
        if not moves:
            return
        self.env.flush_all()
        self.env.cr.execute(self._care_cost_update(SQL("aml.move_id = ANY(%s)", moves.ids)))
        self.invalidate_model(["care_cost"])

    @api.model
    def _care_fill_sale_cost(self):
        """At install and update: the lines posted before the cost was kept get the best cost known, in one
        statement (the order line's cost, else the product's cost now); lines posted since keep theirs."""
        self.env.flush_all()
        self.env.cr.execute(self._care_cost_update(SQL("aml.care_cost IS NULL AND move.state = 'posted'")))
        self.invalidate_model(["care_cost"])


class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def _post(self, soft=True):
        self.env["account.move.line"]._care_store_sale_cost(
            self.filtered(lambda move: move.move_type in ("out_invoice", "out_refund"))
        )
        return super()._post(soft=soft)

    def _care_sale_fact_keys(self):
        """(company, commercial partner, month) of the customer invoices and credit notes among these moves."""
        return {
            (move.company_id.id, move.commercial_partner_id.id, move.invoice_date.replace(day=1))
            for move in self
            if move.move_type in ("out_invoice", "out_refund") and move.invoice_date and move.commercial_partner_id
        }

    def write(self, vals):
        # Posting, cancelling and resetting to draft all write the state: the sales facts of the customers and
        # months concerned follow, once for the whole batch (before and after, should the write move them).
        if "state" not in vals:
            return super().write(vals)
        keys = self._care_sale_fact_keys()
        result = super().write(vals)
        keys |= self._care_sale_fact_keys()
        self.env["care.sale.fact"].sudo()._care_refresh_moves(keys)
        return result
