from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from lunar_python import Lunar, LunarMonth, LunarYear

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.query import Query

from .care_birthday_mixin import BIRTHDAY_FIELDS
from .care_profile import MANUAL_STAGES, MATRIX_POLICIES, STAGES

SENSITIVE = "customer_care.customer_care_group_sensitive"
MANAGER = "customer_care.customer_care_group_manager"
CARE_USER = "customer_care.customer_care_group_user"

# What a person fills in on the Dossier page (grading and care fields are kept by the system).
DOSSIER_FIELDS = frozenset(
    (
        "phone",
        "email",
        "function",
        "care_gender",
        "care_personality",
        "care_education_degree",
        "care_education_major",
        "care_education_school",
        "care_school_clubs",
        "care_diploma_attitude",
        "care_marital_status",
        "care_spouse_name",
        "care_children_count",
        "care_family_member_ids",
        "care_relatives",
        "care_friends",
        "care_social_circles",
        "care_previous_employers",
        "care_income_range",
        "care_career_attitude",
        "care_career_goals",
        "care_health_notes",
        "care_habits",
        "care_sports",
        "care_favourite_teams",
        "care_associations",
        "care_specialities",
        "care_religion",
        "care_working_style",
        "care_views",
        "care_life_goals",
        "care_other_notes",
        "care_hobby_ids",
        "care_contact_channel",
        "care_do_not_contact",
        "care_demand_state",
        "care_is_key_person",
        "care_key_person_role",
        "care_referred_by_id",
        *BIRTHDAY_FIELDS,
    )
)
# Dossier fields that describe a person: not counted in a company's completeness.
PERSON_ONLY_FIELDS = DOSSIER_FIELDS - {
    "phone",
    "email",
    "care_contact_channel",
    "care_do_not_contact",
    "care_demand_state",
    "care_referred_by_id",
    "care_other_notes",
}
# The birthday is one key item, however it is held: a solar date or a lunar month and day.
BIRTHDAY_FIELDS = frozenset(
    (
        "care_birthday_calendar",
        "care_birth_date",
        "care_lunar_year",
        "care_lunar_month",
        "care_lunar_day",
        "care_lunar_leap",
    )
)


class ResPartner(models.Model):
    """The customer dossier (客户档案) on contacts: the customer, or a key person (关键人) at a company."""

    _name = "res.partner"
    _inherit = ["res.partner", "care.birthday.mixin"]

    # Basic
    care_gender = fields.Selection([("male", "Male"), ("female", "Female"), ("other", "Other")], string="Gender")
    care_personality = fields.Text(string="Personality Traits")
    # Education
    care_education_degree = fields.Selection(
        [
            ("none", "None"),
            ("secondary", "Secondary School"),
            ("associate", "Associate Degree"),
            ("bachelor", "Bachelor"),
            ("master", "Master"),
            ("doctorate", "Doctorate"),
        ],
        string="Degree",
    )
    # Not "Major": that label is the value tier, and one English term gets one translation.
    care_education_major = fields.Char(string="Field of Study")
    care_education_school = fields.Char(string="School")
    care_school_clubs = fields.Char(string="School Clubs")
    care_diploma_attitude = fields.Char(string="Attitude to Diplomas")
    # Family (sensitive)
    care_marital_status = fields.Selection(
        [("single", "Single"), ("married", "Married"), ("divorced", "Divorced"), ("widowed", "Widowed")],
        string="Marital Status",
        groups=SENSITIVE,
    )
    care_spouse_name = fields.Char(string="Spouse", groups=SENSITIVE)
    care_children_count = fields.Integer(string="Children", groups=SENSITIVE)
    care_family_member_ids = fields.One2many(
        "care.family.member", "partner_id", string="Family Members", groups=SENSITIVE
    )
    # Social
    care_relatives = fields.Text(string="Relatives")
    care_friends = fields.Text(string="Friends")
    care_social_circles = fields.Text(string="Circles")
    # Career
    care_previous_employers = fields.Text(string="Previous Employers")
    care_income_range = fields.Selection(
        [
            ("low", "Below 100,000 a year"),
            ("middle", "100,000 to 300,000 a year"),
            ("upper", "300,000 to 1,000,000 a year"),
            ("high", "Above 1,000,000 a year"),
        ],
        string="Income Range",
        groups=SENSITIVE,
    )
    care_career_attitude = fields.Text(string="Attitude to Career")
    care_career_goals = fields.Text(string="Mid/Long-term Goals")
    # Life
    care_health_notes = fields.Text(string="Health and Medical Notes", groups=SENSITIVE)
    care_habits = fields.Text(string="Habits")
    care_sports = fields.Char(string="Favourite Sports")
    care_favourite_teams = fields.Char(string="Favourite Teams")
    # Personality
    care_associations = fields.Char(string="Associations")
    care_specialities = fields.Char(string="Specialities")
    care_religion = fields.Char(string="Religion", groups=SENSITIVE)
    care_working_style = fields.Text(string="Working Style")
    # Outlook and other
    care_views = fields.Text(string="Views")
    care_life_goals = fields.Text(string="Life Goals")
    care_other_notes = fields.Text(string="Other Notes")
    care_hobby_ids = fields.Many2many("care.hobby", string="Hobbies")
    # Contact
    care_contact_channel = fields.Selection(
        [("phone", "Phone"), ("visit", "Visit"), ("wechat", "WeChat"), ("sms", "SMS"), ("email", "Email")],
        string="Preferred Channel",
    )
    care_do_not_contact = fields.Boolean(string="Do Not Contact", help="No care duty is planned for this contact.")
    care_demand_state = fields.Selection(
        [
            # Not "Potential": the management and value views use that label for 潜力, this one is 潜在.
            ("potential", "Potential Customer"),
            ("target", "Target"),
            ("intent", "Intent / Quasi"),
            ("closed", "Closed Deal"),
            ("loyal", "Loyal"),
            ("junk", "Junk"),
        ],
        string="Demand State",
        help="The sales team's view of the customer (潜在/目标/意向/成交/忠诚/垃圾).",
    )
    # Key persons
    care_is_key_person = fields.Boolean(
        string="Key Person", help="A person at a company customer who matters to the deal (关键人)."
    )
    care_key_person_role = fields.Selection(
        [
            ("decision_maker", "Decision Maker"),
            ("influencer", "Influencer"),
            ("user", "User"),
            ("purchaser", "Purchaser"),
        ],
        string="Role at the Company",
    )
    care_key_person_ids = fields.One2many("res.partner", string="Key Persons", compute="_compute_care_key_person_ids")
    # Needs and referrals
    care_need_ids = fields.One2many("care.need", "partner_id", string="Needs", groups=CARE_USER)
    care_need_count = fields.Integer(string="Open Needs", compute="_compute_care_need_count", groups=CARE_USER)
    care_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        index="btree_not_null",
        ondelete="set null",
        help="The customer who introduced this one (老客户介绍).",
    )
    care_referral_ids = fields.One2many("res.partner", "care_referred_by_id", string="Referrals")
    care_referral_count = fields.Integer(string="Referral Count", compute="_compute_care_referral_count")
    care_birthday_this_month = fields.Boolean(
        string="Birthday This Month",
        compute="_compute_care_birthday_this_month",
        search="_search_care_birthday_this_month",
    )
    # Upkeep: kept by write() and by _care_update_dossier_completeness(), not by the ORM's
    # dependency graph, because the key fields are chosen per company at run time.
    care_dossier_completeness = fields.Integer(
        string="Dossier Completeness",
        readonly=True,
        copy=False,
        default=0,
        aggregator="avg",
        help="Share (%) of the company's dossier key fields that are filled in.",
    )
    care_dossier_updated_on = fields.Datetime(
        string="Dossier Updated On", readonly=True, copy=False, help="When someone last changed this dossier."
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("child_ids.care_is_key_person")
    def _compute_care_key_person_ids(self):
        for partner in self:
            partner.care_key_person_ids = partner.child_ids.filtered("care_is_key_person")

    @api.depends("care_need_ids.state")
    def _compute_care_need_count(self):
        counts = dict(
            self.env["care.need"]._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "open")], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.care_need_count = counts.get(partner._origin, 0)

    @api.depends("care_referral_ids")
    def _compute_care_referral_count(self):
        counts = dict(self._read_group([("care_referred_by_id", "in", self.ids)], ["care_referred_by_id"], ["__count"]))
        for partner in self:
            partner.care_referral_count = counts.get(partner._origin, 0)

    @api.depends_context("tz")
    @api.depends("care_birthday_calendar", "care_birth_date", "care_lunar_month", "care_lunar_day", "care_lunar_leap")
    def _compute_care_birthday_this_month(self):
        today = fields.Date.context_today(self)
        first, last = today.replace(day=1), today + relativedelta(day=31)
        for partner in self:
            partner.care_birthday_this_month = bool(partner._care_birthdays_between(first, last))

    def _search_care_birthday_this_month(self, operator, value):
        if operator != "in" or len(value) != 1:
            return NotImplemented
        today = fields.Date.context_today(self)
        first, last = today.replace(day=1), today + relativedelta(day=31)
        domain = Domain("care_birthday_calendar", "!=", "lunar") & Domain(
            "care_birth_date.month_number", "=", today.month
        )
        # The solar month covers parts of two or three lunar months: match each part's lunar days.
        lunar_days = {}
        for offset in range((last - first).days + 1):
            lunar = Lunar.fromDate(datetime.combine(first + timedelta(days=offset), time()))
            lunar_days.setdefault((lunar.getYear(), lunar.getMonth()), set()).add(lunar.getDay())
        for (year, month), days in lunar_days.items():
            if LunarMonth.fromYm(year, month).getDayCount() == 29 and 29 in days:
                days.add(30)  # a day-30 birthday falls on the 29th of a short month
            part = (
                Domain("care_birthday_calendar", "=", "lunar")
                & Domain("care_lunar_month", "=", abs(month))
                & Domain("care_lunar_day", "in", sorted(days))
            )
            if month < 0:
                part &= Domain("care_lunar_leap", "=", True)
            elif LunarYear.fromYear(year).getLeapMonth() == month:
                part &= Domain("care_lunar_leap", "=", False)  # leap-month birthdays fall in the leap month
            domain |= part
        return domain if True in value else ~domain

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        dossier_fields = self._care_dossier_fields()
        vals_list = [
            dict(vals, care_dossier_updated_on=now)
            if "care_dossier_updated_on" not in vals and dossier_fields.intersection(vals)
            else vals
            for vals in vals_list
        ]
        partners = super().create(vals_list)
        partners._care_update_dossier_completeness()
        if graded := partners.filtered(lambda partner: partner.customer_rank or partner.care_referred_by_id):
            graded._care_graded_partners()._care_mark_for_grading()
        return partners

    def write(self, vals):
        if (
            "care_dossier_updated_on" not in vals
            and not self.env.context.get("care_no_dossier_stamp")
            and self._care_dossier_fields().intersection(vals)
        ):
            vals = dict(vals, care_dossier_updated_on=fields.Datetime.now())
        # who the customer is, whether it is active and who it referred are grading facts
        regrade = {"active", "parent_id", "care_referred_by_id", "customer_rank", "company_id"}.intersection(vals)
        if regrade:
            graded = self._care_graded_partners()
        result = super().write(vals)
        if self._care_dossier_key_field_names().union(("company_id", "user_id", "is_company")).intersection(vals):
            self._care_update_dossier_completeness()
        if regrade:
            (graded | self._care_graded_partners())._care_mark_for_grading()
        if "active" in vals:
            self._care_sync_profiles_active()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_care_customer(self):
        """Customer records are company property (客户资料属于公司): salespeople archive them."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        customers = self.filtered(lambda p: p.customer_rank or p.commercial_partner_id.customer_rank)
        if customers:
            raise UserError(
                self.env._(
                    "Customer records belong to the company: archive %(names)s instead of deleting them.",
                    names=", ".join(customers.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_care_view_needs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_care.care_need_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id, "search_default_filter_open": 1}
        return action

    def action_care_view_referrals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Referred by %(name)s", name=self.display_name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("care_referred_by_id", "=", self.id)],
            "context": {"default_care_referred_by_id": self.id},
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_dossier_fields(self):
        """The dossier fields whose change by a person marks the dossier as updated."""
        return DOSSIER_FIELDS

    def _care_default_dossier_fields(self):
        """Fields that make a dossier complete until a manager picks others in Settings."""
        return [
            "phone",
            "email",
            "function",
            "care_gender",
            "care_birth_date",
            "care_lunar_month",
            "care_contact_channel",
            "care_hobby_ids",
            "care_personality",
            "care_education_degree",
        ]

    @tools.ormcache()
    def _care_dossier_key_field_names(self):
        """Names of the key fields of every company (cleared when a company changes them)."""
        companies = self.env["res.company"].sudo().search([])
        return frozenset(companies.care_dossier_field_ids.mapped("name"))

    def _care_filled_sql(self, field):
        """SQL telling whether `field` of the partner row `p` is filled, or None if it cannot be told."""
        column = SQL.identifier("p", field.name)
        if not field.store or not field.column_type:
            if field.type == "many2many" and field.store:
                return SQL(
                    "EXISTS (SELECT 1 FROM %s r WHERE r.%s = p.id)",
                    SQL.identifier(field.relation),
                    SQL.identifier(field.column1),
                )
            if field.type == "one2many" and field.store:
                comodel = self.env[field.comodel_name]
                active = SQL(" AND c.active") if "active" in comodel._fields else SQL()
                return SQL(
                    "EXISTS (SELECT 1 FROM %s c WHERE c.%s = p.id%s)",
                    SQL.identifier(comodel._table),
                    SQL.identifier(field.inverse_name),
                    active,
                )
            return None
        if field.type in ("char", "text", "html") and not field.translate:
            return SQL("COALESCE(%s, '') != ''", column)
        if field.type in ("integer", "float", "monetary"):
            return SQL("COALESCE(%s, 0) != 0", column)
        if field.type == "boolean":
            return SQL("COALESCE(%s, FALSE)", column)
        return SQL("%s IS NOT NULL", column)

    def _care_update_dossier_completeness(self, all_partners=False, batch_size=10000):
        """Recompute the stored completeness of these partners (of all partners when a company's
        key fields change), with one set-based UPDATE per company and batch of ids."""
        if not self and not all_partners:
            return
        self.env.flush_all()
        main_company = self.env.ref("base.main_company", raise_if_not_found=False) or self.env["res.company"].search(
            [], limit=1, order="id"
        )
        # A partner shared by all companies is judged by its salesperson's company, else the main one.
        owner = SQL(
            "COALESCE(p.company_id, (SELECT u.company_id FROM res_users u WHERE u.id = p.user_id), %s)", main_company.id
        )
        if all_partners:
            self.env.cr.execute(SQL("SELECT COALESCE(MAX(id), 0) FROM res_partner"))
            max_id = self.env.cr.fetchone()[0]
            batches = [
                SQL("p.id BETWEEN %s AND %s", low, low + batch_size - 1) for low in range(1, max_id + 1, batch_size)
            ]
        else:
            batches = [SQL("p.id IN %s", ids) for ids in tools.split_every(batch_size, self.ids)]
        for company in self.env["res.company"].sudo().search([]):
            names = company.care_dossier_field_ids.mapped("name")
            # A company is judged on the key fields that apply to companies (no gender, birthday...).
            value = SQL(
                "CASE WHEN p.is_company THEN %s ELSE %s END",
                self._care_completeness_sql([name for name in names if name not in PERSON_ONLY_FIELDS]),
                self._care_completeness_sql(names),
            )
            for batch in batches:
                where = SQL("%s = %s AND %s", owner, company.id, batch)
                self.env.cr.execute(
                    SQL(
                        "UPDATE res_partner p SET care_dossier_completeness = %s"
                        " WHERE %s AND care_dossier_completeness IS DISTINCT FROM %s",
                        value,
                        where,
                        value,
                    )
                )
        self.env["res.partner"].invalidate_model(["care_dossier_completeness"])

    def _care_completeness_sql(self, names):
        """SQL of the completeness (0-100) of partner row `p` for the key fields `names`."""
        items = [
            sql
            for name in names
            if name not in BIRTHDAY_FIELDS and name in self._fields
            if (sql := self._care_filled_sql(self._fields[name]))
        ]
        if BIRTHDAY_FIELDS.intersection(names):
            items.append(
                SQL(
                    "(p.care_birth_date IS NOT NULL OR"
                    " (COALESCE(p.care_lunar_month, 0) != 0 AND COALESCE(p.care_lunar_day, 0) != 0))"
                )
            )
        if not items:
            return SQL("0")
        filled = SQL(" + ").join(SQL("(CASE WHEN %s THEN 1 ELSE 0 END)", item) for item in items)
        return SQL("ROUND((%s) * 100.0 / %s)::int", filled, len(items))

    def _care_touch_dossier(self):
        """A family member or need of these partners changed: the dossier changed with it."""
        if not self.env.context.get("care_no_dossier_stamp"):
            self.write({"care_dossier_updated_on": fields.Datetime.now()})
        self._care_update_dossier_completeness()

    # ------------------------------------------------------------
    # GRADING
    # ------------------------------------------------------------

    # Grading: the current company's care.profile of the commercial partner (contacts roll up).
    care_profile_ids = fields.One2many("care.profile", "partner_id", string="Grading Profiles")
    care_profile_id = fields.Many2one(
        "care.profile",
        string="Grading Profile",
        compute="_compute_care_profile_id",
        search="_search_care_profile_id",
        compute_sudo=True,
    )
    care_currency_id = fields.Many2one(related="care_profile_id.currency_id", string="Grading Currency")
    care_revenue_12m = fields.Monetary(related="care_profile_id.revenue_12m", currency_field="care_currency_id")
    care_revenue_prev_12m = fields.Monetary(
        related="care_profile_id.revenue_prev_12m", currency_field="care_currency_id"
    )
    care_revenue_lifetime = fields.Monetary(
        related="care_profile_id.revenue_lifetime", currency_field="care_currency_id"
    )
    care_first_invoice_date = fields.Date(related="care_profile_id.first_invoice_date")
    care_last_invoice_date = fields.Date(related="care_profile_id.last_invoice_date")
    care_invoice_count = fields.Integer(related="care_profile_id.invoice_count")
    care_purchase_date_count = fields.Integer(related="care_profile_id.purchase_date_count")
    care_purchase_interval = fields.Float(related="care_profile_id.purchase_interval")
    care_next_purchase_date = fields.Date(related="care_profile_id.next_purchase_date")
    care_late_share = fields.Float(related="care_profile_id.late_share")
    care_avg_days_late = fields.Float(related="care_profile_id.avg_days_late")
    care_overdue_amount = fields.Monetary(related="care_profile_id.overdue_amount", currency_field="care_currency_id")
    care_max_days_overdue = fields.Integer(related="care_profile_id.max_days_overdue")
    care_volume_class = fields.Selection(related="care_profile_id.volume_class")
    care_credit_grade = fields.Selection(related="care_profile_id.credit_grade")
    care_matrix_cell = fields.Selection(related="care_profile_id.matrix_cell")
    care_matrix_policy = fields.Char(string="Matrix Policy", compute="_compute_care_matrix_policy")
    care_tier = fields.Selection(related="care_profile_id.tier")
    care_tier_place = fields.Float(related="care_profile_id.tier_place")
    care_rfm_r = fields.Integer(related="care_profile_id.rfm_r")
    care_rfm_f = fields.Integer(related="care_profile_id.rfm_f")
    care_rfm_m = fields.Integer(related="care_profile_id.rfm_m")
    care_rfm_segment = fields.Selection(related="care_profile_id.rfm_segment")
    care_stage = fields.Selection(
        STAGES,
        string="Lifecycle Stage",
        compute="_compute_care_stage",
        inverse="_inverse_care_stage",
        search="_search_care_stage",
        help="Follows the customer's purchases, except Disqualified, Member and Partner, which people set "
        "and which stay until a person changes them.",
    )
    care_graded_at = fields.Datetime(related="care_profile_id.graded_at")
    care_grade_history_ids = fields.One2many("care.grade.history", "partner_id", string="Grade History")
    # Classifications set by hand (DOMAIN.md §2)
    care_marketing_view = fields.Selection(
        [
            ("economic", "Economic"),
            ("ethical", "Ethical"),
            ("personalised", "Personalised"),
            ("convenience", "Convenience"),
        ],
        string="Marketing View",
    )
    care_management_view = fields.Selection(
        [("regular", "Regular"), ("potential", "Potential"), ("key", "Key"), ("temporary", "Temporary")],
        string="Management View",
    )
    care_value_view = fields.Selection(
        [("value", "Value"), ("potential", "Potential"), ("migrating", "Migrating"), ("frozen", "Frozen")],
        string="Value View",
    )

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

    def _care_graded_partners(self):
        """The commercial partners whose grading facts depend on these partners: their own, and their referrers'."""
        return self.commercial_partner_id | self.care_referred_by_id.commercial_partner_id

    def _care_mark_for_grading(self):
        """Flag these commercial partners' grading profiles for the frequent recompute: the ones they have,
        and new ones for active customers (in their company, or in every company when shared)."""
        self.flush_model(["active", "commercial_partner_id", "customer_rank", "company_id"])
        self.env["care.profile"].flush_model(["partner_id", "company_id"])
        self.env["care.profile"]._care_mark(
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
            self.env["care.profile"]._care_sync_active(SQL("r.id = ANY(%s)", commercial.ids))
            self.invalidate_recordset(["care_profile_ids", "care_profile_id"])

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


class ResPartnerCareDuties(models.Model):
    """Care duties on the customer (issue 5: duties): outreach contacts and the duty list."""

    _inherit = "res.partner"

    care_outreach_ids = fields.One2many("care.outreach", "partner_id", string="Outreach Contacts")
    care_task_ids = fields.One2many("care.task", "partner_id", string="Care Duties")
    care_task_count = fields.Integer(string="Care Duty Count", compute="_compute_care_task_count")

    def _compute_care_task_count(self):
        counts = dict(self.env["care.task"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.care_task_count = counts.get(partner, 0)

    def action_care_log_outreach(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Outreach"),
            "res_model": "care.outreach",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_care_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_care.care_task_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {}
        return action
