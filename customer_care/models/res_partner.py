from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools.query import Query

from .care_profile import MANUAL_STAGES, MATRIX_POLICIES, STAGES

SENSITIVE = "customer_care.customer_care_group_sensitive"


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
    care_education_major = fields.Char(string="Major")
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
            ("potential", "Potential"),
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
    care_is_key_person = fields.Boolean(string="Key Person")
    care_key_person_role = fields.Selection(
        [
            ("decision_maker", "Decision Maker"),
            ("influencer", "Influencer"),
            ("user", "User"),
            ("purchaser", "Purchaser"),
        ],
        string="Role at the Company",
    )

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
        return Domain("commercial_partner_id", operator, Domain("care_profile_ids", operator, current_company & profiles))

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
