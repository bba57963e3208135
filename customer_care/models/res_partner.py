from odoo import fields, models

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
