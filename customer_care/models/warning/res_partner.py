from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from ...const import CARE_USER, MANAGER

# set by the pool, handovers, claims and the managers' lock actions, never typed
KEPT_FIELDS = frozenset(
    ("care_previous_user_id", "care_user_since", "care_pool_company_id", "care_pool_date", "care_pool_locked")
)


class ResPartner(models.Model):
    """Who owns the customer: the owner log, the previous salesperson, the public pool and lost customers."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    care_previous_user_id = fields.Many2one(
        "res.users", string="Previous Salesperson", readonly=True, copy=False, groups=CARE_USER
    )
    care_user_since = fields.Date(
        string="Salesperson Since",
        readonly=True,
        copy=False,
        help="When the current salesperson got the customer: by a claim, an assignment or a handover.",
        groups=CARE_USER,
    )
    care_pool_company_id = fields.Many2one(
        "res.company", string="In the Pool of", readonly=True, copy=False, index="btree_not_null", groups=CARE_USER
    )
    care_pool_date = fields.Date(string="In the Pool Since", readonly=True, copy=False, groups=CARE_USER)
    care_pool_locked = fields.Boolean(
        string="Locked Against the Pool",
        readonly=True,
        copy=False,
        help="Set by a manager: the customer stays with its salesperson, whatever the pool rules say.",
        groups=CARE_USER,
    )
    care_owner_change_ids = fields.One2many(
        "care.owner.change", "partner_id", string="Owner Log", readonly=True, groups=CARE_USER
    )
    care_loss_ids = fields.One2many(
        "care.customer.loss", "partner_id", string="Losses", readonly=True, groups=CARE_USER
    )
    care_user_archived = fields.Boolean(
        string="Salesperson Archived",
        compute="_compute_care_user_archived",
        search="_search_care_user_archived",
        groups=CARE_USER,
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("user_id.active")
    def _compute_care_user_archived(self):
        for partner in self:
            partner.care_user_archived = bool(partner.user_id) and not partner.user_id.active

    def _search_care_user_archived(self, operator, value):
        if operator != "in":
            return NotImplemented
        # the ORM checks a field's groups on stored columns; this search reaches none
        if not self.env.su and not self.env.user.has_group(CARE_USER):
            raise AccessError(self.env._("Only customer care users search customers by their salesperson's state."))
        archived = self.env["res.users"].with_context(active_test=False)._search([("active", "=", False)])
        domain = Domain("user_id", "in", archived)
        return domain if True in value else ~domain

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    def write(self, vals):
        if not self.env.su and (kept := KEPT_FIELDS.intersection(vals)):
            raise AccessError(
                self.env._(
                    "%(fields)s is kept by the system and cannot be set by hand.",
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in sorted(kept)),
                )
            )
        if "user_id" not in vals or self.env.context.get("care_owner_logged"):
            result = super().write(vals)
        else:
            # commercial partners whose salesperson changes: logged, the previous one kept, out of the pool
            before = {partner: partner.user_id for partner in self if not partner.parent_id}
            result = super().write(vals)
            self._care_after_owner_change(before, self.env.context.get("care_owner_reason", "manual"))
        return result

    def _care_after_owner_change(self, before, reason):
        changed = {partner: old for partner, old in before.items() if partner.user_id != old}
        if not changed:
            return
        today = fields.Date.context_today(self)
        rows = [(partner.id, old.id, partner.user_id.id) for partner, old in changed.items()]
        # one write per previous salesperson and new one (a mass reassignment is a handful of writes)
        groups = {}
        for partner, old in changed.items():
            groups.setdefault((old, partner.user_id), self.browse())
            groups[old, partner.user_id] |= partner
        for (old, new), partners in groups.items():
            values = {"care_user_since": today if new else False}
            if old:
                values["care_previous_user_id"] = old.id
            if new:
                values.update(care_pool_company_id=False, care_pool_date=False)
            super(ResPartner, partners.sudo()).write(values)
        self.env["care.owner.change"].sudo()._care_log(rows, reason, self.env.company)

    def _care_check_lock_cap(self):
        """Before locking these customers: no salesperson above the company's cap of locked customers."""
        cap = self.env.company.sudo().care_pool_lock_cap
        if not cap:
            return
        partners = self.sudo()
        for user in partners.user_id:
            new = partners.filtered(lambda partner, user=user: partner.user_id == user and not partner.care_pool_locked)
            locked = partners.search_count([("user_id", "=", user.id), ("care_pool_locked", "=", True)]) + len(new)
            if locked > cap:
                raise ValidationError(
                    self.env._(
                        "%(user)s would have %(count)s customers locked against the pool; at most %(cap)s may be.",
                        user=user.name,
                        count=locked,
                        cap=cap,
                    )
                )

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def action_care_claim(self):
        """A salesperson takes customers from the pool: within the daily quota, never one they lost lately."""
        if not self.env.user.has_group(CARE_USER):
            raise AccessError(self.env._("Only customer care users claim customers from the pool."))
        # another company's pool is not the user's to see, let alone claim
        self.check_access("read")
        user = self.env.user
        company = self.env.company
        if not company.sudo().care_pool_enabled:
            raise UserError(self.env._("The public pool is off in %(company)s.", company=company.name))
        customers = self.sudo()
        if not_pooled := customers.filtered(lambda partner: partner.care_pool_company_id != company or partner.user_id):
            raise UserError(
                self.env._(
                    "%(names)s is not in the pool of %(company)s.",
                    names=", ".join(not_pooled.mapped("display_name")),
                    company=company.name,
                )
            )
        today = self.env["care.rule"]._care_today(company)
        # the company's local midnight, in UTC as datetimes are stored
        local = ZoneInfo(company.partner_id.tz or "UTC")
        day_start = datetime.combine(today, time.min, local).astimezone(timezone.utc).replace(tzinfo=None)
        Log = self.env["care.owner.change"].sudo()
        claimed = Log.search_count(
            [("to_user_id", "=", user.id), ("reason", "=", "pool_claim"), ("date", ">=", day_start)]
        )
        quota = company.sudo().care_pool_claim_quota
        if claimed + len(customers) > quota:
            raise UserError(
                self.env._(
                    "You may claim %(quota)s customers a day from the pool; you have claimed %(claimed)s today.",
                    quota=quota,
                    claimed=claimed,
                )
            )
        cooldown = company.sudo().care_pool_cooldown_days
        if cooldown:
            since = day_start - timedelta(days=cooldown)
            recent = Log.search(
                [("partner_id", "in", customers.ids), ("from_user_id", "=", user.id), ("date", ">=", since)]
            )
            if recent:
                raise UserError(
                    self.env._(
                        "You lost %(names)s less than %(days)s days ago: another salesperson may claim it first.",
                        names=", ".join(recent.partner_id.mapped("display_name")),
                        days=cooldown,
                    )
                )
        customers.with_context(care_owner_reason="pool_claim").write({"user_id": user.id})
        customers.child_ids.filtered(lambda contact: not contact.user_id).write({"user_id": user.id})
        for customer in customers:
            customer.message_post(body=self.env._("Claimed from the public pool by %(user)s.", user=user.name))
        return True

    def action_care_release(self):
        """A salesperson gives their own customers back to the pool (managers any customer)."""
        if not self.env.user.has_group(CARE_USER):
            raise AccessError(self.env._("Only customer care users release customers to the pool."))
        company = self.env.company
        if not company.sudo().care_pool_enabled:
            raise UserError(self.env._("The public pool is off in %(company)s.", company=company.name))
        if not self.env.user.has_group(MANAGER) and any(partner.user_id != self.env.user for partner in self):
            raise AccessError(self.env._("You may release only your own customers to the pool."))
        customers = self.sudo().filtered(lambda partner: partner.user_id and not partner.parent_id)
        rows = [(partner.id, partner.user_id.id) for partner in customers]
        today = self.env["care.rule"]._care_today(company)
        self.env["care.pool.rule"].sudo()._care_pool_reclaim(company, rows, today, reason="pool_release")
        return True

    def action_care_pool_lock(self):
        """Managers keep customers with their salesperson whatever the pool rules say, up to the cap."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only customer care managers lock customers against the pool."))
        self.check_access("read")
        self._care_check_lock_cap()
        self.sudo().write({"care_pool_locked": True})
        return True

    def action_care_pool_unlock(self):
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only customer care managers lock customers against the pool."))
        self.check_access("read")
        self.sudo().write({"care_pool_locked": False})
        return True

    def action_care_mark_lost(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mark as Lost"),
            "res_model": "care.mark.lost.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.commercial_partner_id.ids},
        }
