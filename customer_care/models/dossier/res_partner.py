from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from lunar_python import Lunar, LunarMonth, LunarYear

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ...const import BIRTHDAY_FIELDS, CARE_USER, SENSITIVE

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


class ResPartner(models.Model):
    """The customer dossier (客户档案) on contacts: the customer, or a key person (关键人) at a company."""

    _name = "res.partner"
    _inherit = ["res.partner", "care.birthday.mixin"]

    # Basic
    care_gender = fields.Selection(
        [("male", "Male"), ("female", "Female"), ("other", "Other")], string="Gender", groups=CARE_USER
    )
    care_personality = fields.Text(string="Personality Traits", groups=CARE_USER)
    # Birthday: the mixin's fields, for Customer Care users. Not copied: a duplicate is another person, and the
    # same birthday would plan the same duties twice. No field default (solar is in default_get()): the ORM writes
    # the defaults of a user's contact with the rights of whoever creates the user.
    care_birthday_calendar = fields.Selection(groups=CARE_USER, copy=False, default=None)
    care_birth_date = fields.Date(groups=CARE_USER, copy=False)
    care_lunar_year = fields.Integer(groups=CARE_USER, copy=False)
    care_lunar_month = fields.Integer(groups=CARE_USER, copy=False)
    care_lunar_day = fields.Integer(groups=CARE_USER, copy=False)
    care_lunar_leap = fields.Boolean(groups=CARE_USER, copy=False)
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
        groups=CARE_USER,
    )
    # Not "Major": that label is the value tier, and one English term gets one translation.
    care_education_major = fields.Char(string="Field of Study", groups=CARE_USER)
    care_education_school = fields.Char(string="School", groups=CARE_USER)
    care_school_clubs = fields.Char(string="School Clubs", groups=CARE_USER)
    care_diploma_attitude = fields.Char(string="Attitude to Diplomas", groups=CARE_USER)
    # Sensitive: for the Sensitive group only, and never copied to a duplicate (another person).
    # Family
    care_marital_status = fields.Selection(
        [("single", "Single"), ("married", "Married"), ("divorced", "Divorced"), ("widowed", "Widowed")],
        string="Marital Status",
        groups=SENSITIVE,
        copy=False,
    )
    care_spouse_name = fields.Char(string="Spouse", groups=SENSITIVE, copy=False)
    care_children_count = fields.Integer(string="Children", groups=SENSITIVE, copy=False)
    care_family_member_ids = fields.One2many(
        "care.family.member", "partner_id", string="Family Members", groups=SENSITIVE
    )
    # Social
    care_relatives = fields.Text(string="Relatives", groups=CARE_USER)
    care_friends = fields.Text(string="Friends", groups=CARE_USER)
    care_social_circles = fields.Text(string="Circles", groups=CARE_USER)
    # Career
    care_previous_employers = fields.Text(string="Previous Employers", groups=CARE_USER)
    care_income_range = fields.Selection(
        [
            ("low", "Below 100,000 a year"),
            ("middle", "100,000 to 300,000 a year"),
            ("upper", "300,000 to 1,000,000 a year"),
            ("high", "Above 1,000,000 a year"),
        ],
        string="Income Range",
        groups=SENSITIVE,
        copy=False,
    )
    care_career_attitude = fields.Text(string="Attitude to Career", groups=CARE_USER)
    care_career_goals = fields.Text(string="Mid/Long-term Goals", groups=CARE_USER)
    # Life
    care_health_notes = fields.Text(string="Health and Medical Notes", groups=SENSITIVE, copy=False)
    care_habits = fields.Text(string="Habits", groups=CARE_USER)
    care_sports = fields.Char(string="Favourite Sports", groups=CARE_USER)
    care_favourite_teams = fields.Char(string="Favourite Teams", groups=CARE_USER)
    # Personality
    care_associations = fields.Char(string="Associations", groups=CARE_USER)
    care_specialities = fields.Char(string="Specialities", groups=CARE_USER)
    care_religion = fields.Char(string="Religion", groups=SENSITIVE, copy=False)
    care_working_style = fields.Text(string="Working Style", groups=CARE_USER)
    # Outlook and other
    care_views = fields.Text(string="Views", groups=CARE_USER)
    care_life_goals = fields.Text(string="Life Goals", groups=CARE_USER)
    care_other_notes = fields.Text(string="Other Notes", groups=CARE_USER)
    care_hobby_ids = fields.Many2many("care.hobby", string="Hobbies", groups=CARE_USER)
    # Contact
    care_contact_channel = fields.Selection(
        [("phone", "Phone"), ("visit", "Visit"), ("wechat", "WeChat"), ("sms", "SMS"), ("email", "Email")],
        string="Preferred Channel",
        groups=CARE_USER,
    )
    care_do_not_contact = fields.Boolean(
        string="Do Not Contact", help="No care duty is planned for this contact.", groups=CARE_USER
    )
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
        help="The sales team's view of the customer: potential, target, intent, closed, loyal or junk.",
        groups=CARE_USER,
    )
    # Key persons
    care_is_key_person = fields.Boolean(
        string="Key Person",
        help="A person at a company customer who matters to the deal.",
        groups=CARE_USER,
    )
    care_key_person_role = fields.Selection(
        [
            ("decision_maker", "Decision Maker"),
            ("influencer", "Influencer"),
            ("user", "User"),
            ("purchaser", "Purchaser"),
        ],
        string="Role at the Company",
        groups=CARE_USER,
    )
    care_key_person_ids = fields.One2many(
        "res.partner", string="Key Persons", compute="_compute_care_key_person_ids", groups=CARE_USER
    )
    # Needs and referrals
    care_need_ids = fields.One2many("care.need", "partner_id", string="Needs", groups=CARE_USER)
    care_need_count = fields.Integer(string="Open Needs", compute="_compute_care_need_count", groups=CARE_USER)
    care_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        index="btree_not_null",
        ondelete="set null",
        help="The customer who introduced this one.",
        groups=CARE_USER,
        copy=False,
    )
    care_referral_ids = fields.One2many(
        "res.partner", "care_referred_by_id", string="Referrals", groups=CARE_USER, readonly=True
    )
    care_referral_count = fields.Integer(
        string="Referral Count", compute="_compute_care_referral_count", groups=CARE_USER
    )
    care_birthday_this_month = fields.Boolean(
        string="Birthday This Month",
        compute="_compute_care_birthday_this_month",
        search="_search_care_birthday_this_month",
        groups=CARE_USER,
    )
    # Upkeep: kept by write() and by _care_update_dossier_completeness(), not by the ORM's
    # dependency graph, because the key fields are chosen per company at run time.
    care_dossier_completeness = fields.Integer(
        string="Dossier Completeness",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Share (%) of the company's dossier key fields that are filled in.",
        groups=CARE_USER,
    )
    care_dossier_updated_on = fields.Datetime(
        string="Dossier Updated On",
        readonly=True,
        copy=False,
        help="When someone last changed this dossier.",
        groups=CARE_USER,
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

    @api.model
    def default_get(self, fields):
        defaults = super().default_get(fields)
        # a new contact's birthday is solar unless said otherwise, for those who may set it
        if (
            "care_birthday_calendar" in fields
            and "care_birthday_calendar" not in defaults
            and self._has_field_access(self._fields["care_birthday_calendar"], "write")
        ):
            defaults["care_birthday_calendar"] = "solar"
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        self._care_check_system_fields(vals_list)
        partners = super().create(vals_list)
        dossier_fields = self._care_dossier_fields()
        partners.browse(
            partner.id
            for partner, vals in zip(partners, vals_list, strict=True)
            if "care_dossier_updated_on" not in vals and dossier_fields.intersection(vals)
        )._care_stamp_dossier()
        partners._care_update_dossier_completeness()
        return partners

    def write(self, vals):
        self._care_check_system_fields([vals])
        stamp = (
            "care_dossier_updated_on" not in vals
            and not self.env.context.get("care_no_dossier_stamp")
            and self._care_dossier_fields().intersection(vals)
        )
        result = super().write(vals)
        if stamp:
            self._care_stamp_dossier()
        if self._care_dossier_key_field_names().union(("company_id", "user_id", "is_company")).intersection(vals):
            self._care_update_dossier_completeness()
        return result

    def copy_data(self, default=None):
        # A duplicate carries what its author may read: the fields of groups the user is not in are left
        # out rather than refused (an accountant duplicating a contact copies no dossier).
        default = dict(default or {})
        hidden = [
            name
            for name, field in self._fields.items()
            if field.copy and name not in default and not self._has_field_access(field, "read")
        ]
        vals_list = super().copy_data(dict(default, **dict.fromkeys(hidden, False)))
        for vals in vals_list:
            for name in hidden if vals else ():
                vals.pop(name, None)
        return vals_list

    @api.ondelete(at_uninstall=False)
    def _unlink_except_care_records(self):
        """Customer records are company property (客户资料属于公司): a contact that care records, orders or
        invoices hang on is archived, never deleted, whoever asks, managers included (its duties, fines and
        history would go with it). A contact with nothing attached may be deleted by whoever may delete contacts."""
        attached = self._care_partners_with_records()
        if attached:
            raise UserError(
                self.env._(
                    "Customer records belong to the company: care records, orders or invoices refer to %(names)s; "
                    "archive instead of deleting.",
                    names=", ".join(attached.sudo().mapped("display_name")),
                )
            )

    def _read_group_groupby(self, alias, groupby_spec, query):
        # Odoo checks the groups of a grouped-by field, except on many2many fields: the hobbies of a customer
        # would show through a grouping by them.
        fname = groupby_spec.split(":")[0].split(".")[0]
        if fname.startswith("care_") and fname in self._fields:
            self._check_field_access(self._fields[fname], "read")
        return super()._read_group_groupby(alias, groupby_spec, query)

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

    def _care_check_system_fields(self, vals_list):
        """The completeness and the date of the last update are kept by the system: nobody sets them by hand."""
        if self.env.su:
            return
        kept = {"care_dossier_completeness", "care_dossier_updated_on"}.intersection(set().union(*vals_list))
        if kept:
            raise AccessError(
                self.env._(
                    "%(fields)s is kept by the system and cannot be set by hand.",
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in sorted(kept)),
                )
            )

    def _care_stamp_dossier(self):
        """A person changed these dossiers: the date is the system's, written whatever the author's groups."""
        if self:
            self.sudo().write({"care_dossier_updated_on": fields.Datetime.now()})

    def _care_records_attached(self):
        """(model, field) of the records that refer to a contact and keep it from being deleted: each room
        adds its own."""
        return [("care.need", "partner_id"), ("care.family.member", "partner_id")]

    def _care_partners_with_records(self):
        """Those of these contacts that records of `_care_records_attached` refer to, archived ones included."""
        found = self.browse()
        for model, field in self._care_records_attached():
            groups = (
                self.env[model].sudo().with_context(active_test=False)._read_group([(field, "in", self.ids)], [field])
            )
            found |= self.browse(partner.id for (partner,) in groups)
        return found

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
        companies = self.env["res.company"].sudo().search_fetch([], ["care_dossier_field_ids"])
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
        for company in self.env["res.company"].sudo().search_fetch([], ["care_dossier_field_ids"]):
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
