from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, split_every

from ..const import MANAGER

# customers moved per statement
HANDOVER_BATCH = 5000


class CareHandoverWizard(models.TransientModel):
    """Hand a salesperson's customers over to one or several others (客户交接), in one go: the customers and
    their contacts, open quotations and orders, unpaid invoices, open to-dos, care duties and alerts, and
    opportunities when CRM is installed. Each customer gets an owner log line and a chatter note."""

    _name = "care.handover.wizard"
    _description = "Customer Handover"

    from_user_id = fields.Many2one(
        "res.users", string="From", required=True, context={"active_test": False}, domain=[("share", "=", False)]
    )
    to_user_ids = fields.Many2many(
        "res.users", string="To", required=True, domain=[("share", "=", False), ("active", "=", True)]
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        compute="_compute_partner_ids",
        store=True,
        readonly=False,
        help="All of the salesperson's customers by default; remove those that stay or go to someone else (hand "
        "them over in another run).",
    )
    customer_count = fields.Integer(compute="_compute_customer_count")

    @api.depends("from_user_id")
    def _compute_partner_ids(self):
        for wizard in self:
            wizard.partner_ids = wizard._care_customers_of(wizard.from_user_id) if wizard.from_user_id else False

    @api.depends("partner_ids")
    def _compute_customer_count(self):
        for wizard in self:
            wizard.customer_count = len(wizard.partner_ids)

    def _care_customers_of(self, user):
        return self.env["res.partner"].search([("user_id", "=", user.id), ("parent_id", "=", False)], order="id")

    def _care_even_assignment(self):
        users = self.to_user_ids.sorted("id")
        if not users:
            return []
        return [
            (partner.id, users[index % len(users)].id) for index, partner in enumerate(self.partner_ids.sorted("id"))
        ]

    @api.model
    def _care_action_for(self, user):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hand Over %(user)s's Customers", user=user.name),
            "res_model": "care.handover.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_from_user_id": user.id},
        }

    def action_handover(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only customer care managers hand customers over."))
        if self.from_user_id in self.to_user_ids:
            raise UserError(
                self.env._("Hand the customers over to someone other than %(user)s.", user=self.from_user_id.name)
            )
        if not self.to_user_ids:
            raise UserError(self.env._("Choose who takes the customers over."))
        assignment = self._care_even_assignment()
        if not assignment:
            raise UserError(self.env._("There is no customer to hand over."))
        partners = self.env["res.partner"].browse([partner_id for partner_id, _user_id in assignment])
        if strangers := partners.filtered(lambda partner: partner.user_id != self.from_user_id):
            raise UserError(
                self.env._(
                    "%(names)s is not %(user)s's customer.",
                    names=", ".join(strangers[:5].mapped("display_name")),
                    user=self.from_user_id.name,
                )
            )
        moved = self.sudo()._care_hand_over(self.from_user_id, assignment, self.env.companies)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s customers handed over.", count=moved),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _care_hand_over(self, from_user, assignment, companies):
        """Move everything the salesperson holds on these customers, one statement per kind and new salesperson
        and batch. Documents only in the given companies. Returns the number of customers moved."""
        self.env.flush_all()
        today = fields.Date.context_today(self)
        by_user = {}
        for partner_id, user_id in assignment:
            by_user.setdefault(user_id, []).append(partner_id)
        company_ids = companies.ids
        users = self.env["res.users"].browse(list(by_user)).with_context(active_test=False)
        names = {user.id: user.name for user in users}
        for user_id, partner_ids in by_user.items():
            for batch in split_every(HANDOVER_BATCH, partner_ids, list):
                self._care_move(from_user.id, user_id, batch, company_ids, today)
                self.env["care.owner.change"]._care_log(
                    [(partner_id, from_user.id, user_id) for partner_id in batch], "handover", self.env.company
                )
                body = Markup("<p>%s</p>") % self.env._(
                    "Handed over from %(from)s to %(to)s.", **{"from": from_user.name, "to": names[user_id]}
                )
                self.env["res.partner"].browse(batch)._message_log_batch(dict.fromkeys(batch, body))
        self.env.invalidate_all()
        return len(assignment)

    def _care_move(self, from_id, to_id, partner_ids, company_ids, today):
        params = {"from": from_id, "to": to_id, "ids": partner_ids, "companies": company_ids, "today": today}
        # joins on the ids: an ANY() over thousands of ids against every row would be quadratic
        contacts = SQL(
            "SELECT p.id FROM res_partner p JOIN unnest(%s::int[]) AS u(id) ON p.commercial_partner_id = u.id",
            partner_ids,
        )
        statements = [
            # the customers and those of their contacts the salesperson held
            SQL(
                """
                UPDATE res_partner
                   SET user_id = %(to)s, care_previous_user_id = %(from)s, care_user_since = %(today)s,
                       care_pool_company_id = NULL, care_pool_date = NULL
                 WHERE id IN (%(contacts)s) AND (user_id = %(from)s OR id = commercial_partner_id)
                """,
                contacts=contacts,
                **params,
            ),
            # open quotations and orders not fully invoiced
            SQL(
                """
                UPDATE sale_order SET user_id = %(to)s
                 WHERE partner_id IN (%(contacts)s) AND user_id = %(from)s AND company_id = ANY(%(companies)s)
                   AND (state IN ('draft', 'sent') OR (state = 'sale' AND invoice_status != 'invoiced'))
                """,
                contacts=contacts,
                **params,
            ),
            # unpaid invoices
            SQL(
                """
                UPDATE account_move SET invoice_user_id = %(to)s
                 WHERE commercial_partner_id IN (SELECT unnest(%(ids)s::int[])) AND invoice_user_id = %(from)s
                   AND company_id = ANY(%(companies)s) AND move_type IN ('out_invoice', 'out_refund')
                   AND state IN ('draft', 'posted') AND payment_state IN ('not_paid', 'partial')
                """,
                **params,
            ),
            # open to-dos on the customers and their contacts
            SQL(
                """
                UPDATE mail_activity SET user_id = %(to)s
                 WHERE res_model = 'res.partner' AND res_id IN (%(contacts)s) AND user_id = %(from)s AND active
                """,
                contacts=contacts,
                **params,
            ),
            # open care duties
            SQL(
                """
                UPDATE care_task SET user_id = %(to)s
                 WHERE partner_id IN (%(contacts)s) AND user_id = %(from)s AND state = 'todo'
                   AND company_id = ANY(%(companies)s)
                """,
                contacts=contacts,
                **params,
            ),
        ]
        if "care.alert" in self.env:
            statements.append(
                SQL(
                    """
                    UPDATE care_alert SET user_id = %(to)s
                     WHERE partner_id IN (%(contacts)s) AND user_id = %(from)s
                       AND state IN ('open', 'acknowledged') AND company_id = ANY(%(companies)s)
                    """,
                    contacts=contacts,
                    **params,
                )
            )
        if "crm.lead" in self.env:
            statements.append(
                SQL(
                    """
                    UPDATE crm_lead SET user_id = %(to)s
                     WHERE partner_id IN (%(contacts)s) AND user_id = %(from)s AND active AND probability < 100
                       AND (company_id = ANY(%(companies)s) OR company_id IS NULL)
                    """,
                    contacts=contacts,
                    **params,
                )
            )
        for statement in statements:
            self.env.cr.execute(statement)
