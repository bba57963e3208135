from odoo import fields, models
from odoo.tools import SQL

OWNER_CHANGE_REASONS = [
    ("manual", "Assigned"),
    ("handover", "Handover"),
    ("pool_reclaim", "Reclaimed into the Pool"),
    ("pool_release", "Released to the Pool"),
    ("pool_claim", "Claimed from the Pool"),
]


class CareOwnerChange(models.Model):
    """The owner log: every change of a customer's salesperson, with why and by whom. Written by the system
    (assignments, handovers, the pool), never edited: the customer record is the company's."""

    _name = "care.owner.change"
    _description = "Customer Owner Change"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    from_user_id = fields.Many2one("res.users", string="From", readonly=True, index="btree_not_null")
    to_user_id = fields.Many2one("res.users", string="To", readonly=True, index="btree_not_null")
    reason = fields.Selection(OWNER_CHANGE_REASONS, required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    changed_by_id = fields.Many2one("res.users", string="By", readonly=True)

    _claims_idx = models.Index("(to_user_id, reason, date)")

    def _care_log(self, rows, reason, company=None):
        """Insert one line per (partner_id, from_user_id, to_user_id) in one statement."""
        if not rows:
            return
        partner_ids, from_ids, to_ids = (list(column) for column in zip(*rows, strict=True))
        now = fields.Datetime.now()
        self.env.execute_query(
            SQL(
                """
                INSERT INTO care_owner_change (partner_id, from_user_id, to_user_id, company_id, reason, date,
                                               changed_by_id, create_uid, write_uid, create_date, write_date)
                SELECT r.partner_id, r.from_id, r.to_id, %(company)s, %(reason)s, %(now)s, %(uid)s, %(uid)s,
                       %(uid)s, %(now)s, %(now)s
                  FROM unnest(%(partners)s::int[], %(froms)s::int[], %(tos)s::int[]) AS r(partner_id, from_id, to_id)
                """,
                company=company.id if company else None,
                reason=reason,
                now=now,
                uid=self.env.uid,
                partners=partner_ids,
                froms=[user_id or None for user_id in from_ids],
                tos=[user_id or None for user_id in to_ids],
            )
        )
        self.invalidate_model()
