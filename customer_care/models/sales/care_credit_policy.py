from odoo import api, fields, models
from odoo.tools import SQL

from ...const import CREDIT_ACTIONS, DEFAULT_CREDIT_POLICIES, MATRIX_CELLS, MATRIX_POLICIES
from ...utils import check_bounds

# A limit above this is a typing slip: no customer owes a thousand billion.
CREDIT_POLICY_BOUNDS = {"overdue_amount_limit": (0, 1e12), "overdue_days_limit": (0, 3650)}


class CareCreditPolicy(models.Model):
    """What confirming an order does for a customer of one volume x credit matrix cell (信用政策), per company.

    One per company and cell, created with the company; Customer Care managers edit them."""

    _name = "care.credit.policy"
    _description = "Credit Policy"
    _order = "company_id, sequence, id"
    _rec_name = "matrix_cell"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="cascade", default=lambda self: self.env.company
    )
    matrix_cell = fields.Selection(MATRIX_CELLS, required=True, readonly=True)
    sequence = fields.Integer(default=10, readonly=True)
    matrix_policy = fields.Char(string="Service Policy", compute="_compute_matrix_policy")
    confirm_action = fields.Selection(
        CREDIT_ACTIONS,
        string="On Confirmation",
        required=True,
        default="none",
        help="None: orders are confirmed. Warn: confirmed, with the warning logged in the chatter. Manager "
        "Approval: held until a Sales or Customer Care manager releases it. Block While Overdue: held while the "
        "customer's overdue amount exceeds the limit or its oldest open invoice is overdue longer than allowed.",
    )
    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment Terms",
        check_company=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="Set on new quotations of these customers, ahead of the customer's own terms; a term a person chose "
        "on the quotation is kept.",
    )
    overdue_amount_limit = fields.Monetary(
        currency_field="currency_id",
        help="Block While Overdue: held when the overdue amount is above this (0: any overdue amount).",
    )
    overdue_days_limit = fields.Integer(
        help="Block While Overdue: held when the oldest open invoice is overdue more days than this (0: days are "
        "not checked)."
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    _company_cell_uniq = models.UniqueIndex("(company_id, matrix_cell)")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("matrix_cell")
    def _compute_matrix_policy(self):
        for policy in self:
            term = MATRIX_POLICIES.get(policy.matrix_cell)
            policy.matrix_policy = str(term) if term else False

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._care_check_bounds(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._care_check_bounds(vals)
        return super().write(vals)

    def _care_check_bounds(self, vals):
        check_bounds(self, vals, CREDIT_POLICY_BOUNDS)

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _care_create_defaults(self, companies=None):
        """The default policy of each matrix cell for companies that lack it (idempotent)."""
        everyone = self.env["res.company"].sudo().search([], order="id")  # pylint: disable=no-search-all
        companies = companies if companies is not None else everyone
        immediate = self.env.ref("account.account_payment_term_immediate", raise_if_not_found=False)
        existing = {
            (company_id, cell)
            for company_id, cell in self.env.execute_query(
                SQL("SELECT company_id, matrix_cell FROM care_credit_policy WHERE company_id = ANY(%s)", companies.ids)
            )
        }
        vals_list = []
        for company in companies:
            for sequence, (cell, _label) in enumerate(MATRIX_CELLS):
                if (company.id, cell) in existing:
                    continue
                action, strict_term, amount_limit, days_limit = DEFAULT_CREDIT_POLICIES[cell]
                vals_list.append(
                    {
                        "company_id": company.id,
                        "matrix_cell": cell,
                        "sequence": sequence,
                        "confirm_action": action,
                        "payment_term_id": immediate.id if strict_term and immediate else False,
                        "overdue_amount_limit": amount_limit,
                        "overdue_days_limit": days_limit,
                    }
                )
        return self.sudo().create(vals_list)

    @api.model
    def _care_policies_for(self, pairs):
        """{(commercial partner id, company id): policy (sudo)} for the pairs, from the customer's matrix cell in
        that company; a customer without a grading profile is in the cell `none`. One query."""
        pairs = list(pairs)
        if not pairs:
            return {}
        self.env["care.profile"].flush_model(["partner_id", "company_id", "matrix_cell"])
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT pair.partner_id, pair.company_id, pol.id
                  FROM unnest(%s::int[], %s::int[]) AS pair(partner_id, company_id)
             LEFT JOIN care_profile prof ON prof.partner_id = pair.partner_id AND prof.company_id = pair.company_id
                  JOIN care_credit_policy pol ON pol.company_id = pair.company_id
                                             AND pol.matrix_cell = COALESCE(prof.matrix_cell, 'none')
                """,
                [p for p, _c in pairs],
                [c for _p, c in pairs],
            )
        )
        return {(partner_id, company_id): self.sudo().browse(pid) for partner_id, company_id, pid in rows}
