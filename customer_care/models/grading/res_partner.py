from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.query import Query

from ...const import CARE_USER, MANUAL_STAGES, MATRIX_POLICIES, STAGES


class ResPartner(models.Model):
    """The customer's grades on its contact: the current company's grading profile of the commercial
    partner (contacts show their company's), and the classifications people set by hand."""

    # one extension of res.partner per capability, in that capability's folder, rather than one file for all
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # The current company's care.profile of the commercial partner (contacts roll up).
    care_profile_ids = fields.One2many(
        "care.profile", "partner_id", string="Grading Profiles", groups=CARE_USER, readonly=True
    )
    care_profile_id = fields.Many2one(
        "care.profile",
        string="Grading Profile",
        compute="_compute_care_profile_id",
        search="_search_care_profile_id",
        compute_sudo=True,
        groups=CARE_USER,
    )
    care_currency_id = fields.Many2one(
        related="care_profile_id.currency_id", string="Grading Currency", groups=CARE_USER
    )
    care_revenue_12m = fields.Monetary(
        related="care_profile_id.revenue_12m", currency_field="care_currency_id", groups=CARE_USER
    )
    care_revenue_prev_12m = fields.Monetary(
        related="care_profile_id.revenue_prev_12m",
        currency_field="care_currency_id",
        groups=CARE_USER,
    )
    care_revenue_lifetime = fields.Monetary(
        related="care_profile_id.revenue_lifetime",
        currency_field="care_currency_id",
        groups=CARE_USER,
    )
    care_first_invoice_date = fields.Date(related="care_profile_id.first_invoice_date", groups=CARE_USER)
    care_last_invoice_date = fields.Date(related="care_profile_id.last_invoice_date", groups=CARE_USER)
    care_invoice_count = fields.Integer(related="care_profile_id.invoice_count", groups=CARE_USER)
    care_purchase_date_count = fields.Integer(related="care_profile_id.purchase_date_count", groups=CARE_USER)
    care_purchase_interval = fields.Float(related="care_profile_id.purchase_interval", groups=CARE_USER)
    care_next_purchase_date = fields.Date(related="care_profile_id.next_purchase_date", groups=CARE_USER)
    care_late_share = fields.Float(related="care_profile_id.late_share", groups=CARE_USER)
    care_avg_days_late = fields.Float(related="care_profile_id.avg_days_late", groups=CARE_USER)
    care_overdue_amount = fields.Monetary(
        related="care_profile_id.overdue_amount", currency_field="care_currency_id", groups=CARE_USER
    )
    care_max_days_overdue = fields.Integer(related="care_profile_id.max_days_overdue", groups=CARE_USER)
    care_volume_class = fields.Selection(related="care_profile_id.volume_class", groups=CARE_USER)
    care_credit_grade = fields.Selection(related="care_profile_id.credit_grade", groups=CARE_USER)
    care_matrix_cell = fields.Selection(related="care_profile_id.matrix_cell", groups=CARE_USER)
    care_matrix_policy = fields.Char(string="Matrix Policy", compute="_compute_care_matrix_policy", groups=CARE_USER)
    care_tier = fields.Selection(related="care_profile_id.tier", groups=CARE_USER)
    care_tier_place = fields.Float(related="care_profile_id.tier_place", groups=CARE_USER)
    care_rfm_r = fields.Integer(related="care_profile_id.rfm_r", groups=CARE_USER)
    care_rfm_f = fields.Integer(related="care_profile_id.rfm_f", groups=CARE_USER)
    care_rfm_m = fields.Integer(related="care_profile_id.rfm_m", groups=CARE_USER)
    care_rfm_segment = fields.Selection(related="care_profile_id.rfm_segment", groups=CARE_USER)
    care_stage = fields.Selection(
        STAGES,
        string="Lifecycle Stage",
        compute="_compute_care_stage",
        inverse="_inverse_care_stage",
        search="_search_care_stage",
        help="Follows the customer's purchases, except Disqualified, Member and Partner, which people set "
        "and which stay until a person changes them.",
        groups=CARE_USER,
    )
    care_graded_at = fields.Datetime(related="care_profile_id.graded_at", groups=CARE_USER)
    care_grade_history_ids = fields.One2many(
        "care.grade.history", "partner_id", string="Grade History", groups=CARE_USER, readonly=True
    )
    # Classifications set by hand: they judge what no sales figure shows
    care_marketing_view = fields.Selection(
        [
            ("economic", "Economic"),
            ("ethical", "Ethical"),
            ("personalised", "Personalised"),
            ("convenience", "Convenience"),
        ],
        string="Marketing View",
        groups=CARE_USER,
    )
    care_management_view = fields.Selection(
        [("regular", "Regular"), ("potential", "Potential"), ("key", "Key"), ("temporary", "Temporary")],
        string="Management View",
        groups=CARE_USER,
    )
    care_value_view = fields.Selection(
        [("value", "Value"), ("potential", "Potential"), ("migrating", "Migrating"), ("frozen", "Frozen")],
        string="Value View",
        groups=CARE_USER,
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("commercial_partner_id")
    @api.depends_context("company")
    def _compute_care_profile_id(self):
        profiles = self.env["care.profile"].search_fetch(
            [("partner_id", "in", self.commercial_partner_id._origin.ids), ("company_id", "=", self.env.company.id)],
            ["partner_id"],
        )
        by_partner = {profile.partner_id.id: profile for profile in profiles}
        for partner in self:
            partner.care_profile_id = by_partner.get(partner.commercial_partner_id._origin.id, False)

    def _search_care_profile_id(self, operator, value):
        if operator not in ("any", "any!", "in"):
            return NotImplemented
        current_company = Domain("company_id", "=", self.env.company.id)
        if operator == "in":
            ids = [profile_id for profile_id in value if profile_id]
            domain = Domain("commercial_partner_id.care_profile_ids", "any", current_company & Domain("id", "in", ids))
            if False in value:
                domain |= Domain("commercial_partner_id.care_profile_ids", "not any", current_company)
            return domain
        profiles = Domain("id", "in", value) if isinstance(value, Query) else Domain(value)
        return Domain(
            "commercial_partner_id", operator, Domain("care_profile_ids", operator, current_company & profiles)
        )

    @api.depends("care_profile_id.matrix_cell")
    @api.depends_context("company", "lang")
    def _compute_care_matrix_policy(self):
        for partner in self:
            cell = partner.care_matrix_cell
            partner.care_matrix_policy = self.env._(MATRIX_POLICIES[cell]) if cell else False

    @api.depends("care_profile_id.stage")
    @api.depends_context("company")
    def _compute_care_stage(self):
        for partner in self:
            partner.care_stage = partner.care_profile_id.stage

    def _inverse_care_stage(self):
        """A person's change: kept (for the manual stages) and logged in the chatter and the history."""
        for partner in self:
            customer = partner.commercial_partner_id
            profile = self.env["care.profile"].sudo()._care_profile_for(customer, self.env.company)
            old, new = profile.stage, partner.care_stage
            if old == new:
                continue
            if new in MANUAL_STAGES:
                manual = new
            elif new == profile.computed_stage:
                manual = False
            else:
                labels = dict(partner._fields["care_stage"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "%(stage)s follows the customer's purchases: choose Disqualified, Member or Partner, "
                        "or %(computed)s to let the purchases decide again.",
                        stage=labels[new],
                        computed=labels.get(profile.computed_stage, self.env._("Suspect")),
                    )
                )
            profile._care_set_manual_stage(manual)
            labels = dict(partner._fields["care_stage"]._description_selection(self.env))
            customer.message_post(
                body=self.env._(
                    "Lifecycle stage changed from %(old)s to %(new)s.",
                    old=labels.get(old, self.env._("none")),
                    new=labels[profile.stage],
                )
            )

    def _search_care_stage(self, operator, value):
        if operator != "in":
            return NotImplemented
        domain = Domain("care_profile_id", "any", [("stage", "in", value)])
        if False in value:
            domain |= Domain("care_profile_id", "in", [False])
        return domain

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if graded := partners.filtered(lambda partner: partner.customer_rank or partner.sudo().care_referred_by_id):
            graded._care_graded_partners()._care_mark_for_grading()
        return partners

    def write(self, vals):
        # who the customer is, whether it is active and who it referred are grading facts
        regrade = {"active", "parent_id", "care_referred_by_id", "customer_rank", "company_id"}.intersection(vals)
        if regrade:
            graded = self._care_graded_partners()
        result = super().write(vals)
        if regrade:
            (graded | self._care_graded_partners())._care_mark_for_grading()
        if "active" in vals:
            self._care_sync_profiles_active()
        return result

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_records_attached(self):
        # a customer's grade history, orders and invoices are its company's record
        return super()._care_records_attached() + [
            ("care.grade.history", "partner_id"),
            ("sale.order", "partner_id"),
            ("account.move", "partner_id"),
            ("account.move", "commercial_partner_id"),
        ]

    def _care_graded_partners(self):
        """The commercial partners whose grading facts depend on these partners: their own, and their referrers'
        (read whatever the groups of the user who changed the partners)."""
        partners = self.sudo()
        return (partners.commercial_partner_id | partners.care_referred_by_id.commercial_partner_id).with_env(self.env)

    def _care_mark_for_grading(self):
        """Flag these commercial partners' grading profiles for the frequent recompute: the ones they have,
        and new ones for active customers (in their company, or in every company when shared)."""
        self.flush_model(["active", "commercial_partner_id", "customer_rank", "company_id"])
        self.env["care.profile"].flush_model(["partner_id", "company_id"])
        self.env["care.grading.engine"]._care_mark(
            SQL(
                """
                SELECT partner_id, company_id FROM care_profile WHERE partner_id = ANY(%(ids)s)
                 UNION
                SELECT p.id, c.id
                  FROM res_partner p JOIN res_company c ON c.id = p.company_id OR p.company_id IS NULL
                 WHERE p.id = ANY(%(ids)s) AND p.active AND p.id = p.commercial_partner_id AND p.customer_rank > 0
                """,
                ids=self.ids,
            )
        )

    def _care_sync_profiles_active(self):
        """Archiving a customer takes it out of the ranking at once, restoring it brings it back; its profile
        and a stage set by hand stay."""
        commercial = self.filtered(lambda partner: partner.commercial_partner_id == partner)
        if commercial:
            self.flush_recordset(["active"])
            self.env["care.grading.engine"]._care_sync_active(SQL("r.id = ANY(%s)", commercial.ids))
            self.invalidate_recordset(["care_profile_ids", "care_profile_id"])
