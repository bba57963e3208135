from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from ..const import CARE_USER
from ..utils import check_bounds

# Bounds (inclusive) of the numeric settings: beyond them a grading run fails (an RFM window of 100,000
# months starts before year 1) or grades silently wrong (a negative overdue limit makes a C of every
# customer owing anything), and a number beyond the integer column fails in the database.
MAX_SETTING_AMOUNT = 10**12
MAX_SETTING_DAYS = 3650
SETTING_BOUNDS = {
    "care_volume_medium": (0, MAX_SETTING_AMOUNT),
    "care_volume_large": (0, MAX_SETTING_AMOUNT),
    "care_observation_days": (1, MAX_SETTING_DAYS),
    "care_tier_vip_share": (0, 100),
    "care_tier_major_share": (0, 100),
    "care_tier_ordinary_share": (0, 100),
    "care_rfm_months": (1, 120),
    "care_lost_days": (1, MAX_SETTING_DAYS),
    "care_credit_late_share_b": (0, 100),
    "care_credit_late_share_c": (0, 100),
    "care_credit_late_share_d": (0, 100),
    "care_credit_days_late_b": (0, MAX_SETTING_DAYS),
    "care_credit_days_late_c": (0, MAX_SETTING_DAYS),
    "care_credit_days_late_d": (0, MAX_SETTING_DAYS),
    "care_credit_overdue_limit": (0, MAX_SETTING_AMOUNT),
    "care_weekly_contact_cap": (0, 50),
    "care_profit_high_percent": (0, 100),
    "care_profit_low_percent": (0, 100),
}
# Early warnings: a factor of the customer's own purchase interval, shares, days, a top N.
ALERT_SETTING_BOUNDS = {
    "care_alert_overdue_factor": (1, 100),
    "care_alert_volume_drop_pct": (1, 100),
    "care_alert_volume_drop_min": (0, MAX_SETTING_AMOUNT),
    "care_alert_late_days": (0, MAX_SETTING_DAYS),
    "care_alert_no_contact_days": (0, MAX_SETTING_DAYS),
    "care_alert_no_contact_vip_days": (0, MAX_SETTING_DAYS),
    "care_alert_big_top_n": (1, 1000),
    "care_alert_big_share": (1, 100),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    # Dossier
    care_dossier_field_ids = fields.Many2many(
        "ir.model.fields",
        "care_company_dossier_field_rel",
        string="Dossier Key Fields",
        domain=[("model", "=", "res.partner"), ("store", "=", True), ("ttype", "not in", ("binary", "properties"))],
        help="The contact fields that make a dossier complete: completeness is the share of them filled in.",
        groups=CARE_USER,
    )

    # Grading thresholds: amounts and periods differ per business, so each company sets its own
    care_volume_medium = fields.Monetary(
        string="Medium Volume From",
        default=50000,
        help="Trailing-12-month revenue from which a customer is medium.",
        groups=CARE_USER,
    )
    care_volume_large = fields.Monetary(
        string="Large Volume From",
        default=300000,
        help="Trailing-12-month revenue from which a customer is large.",
        groups=CARE_USER,
    )
    care_observation_days = fields.Integer(
        string="Observation Period (days)",
        default=365,
        help="The volume x credit matrix judges a customer only after this many days since its first invoice.",
        groups=CARE_USER,
    )
    care_tier_vip_share = fields.Float(string="VIP up to (%)", default=50, groups=CARE_USER)
    care_tier_major_share = fields.Float(string="Major up to (%)", default=80, groups=CARE_USER)
    care_tier_ordinary_share = fields.Float(string="Ordinary up to (%)", default=95, groups=CARE_USER)
    care_rfm_months = fields.Integer(string="RFM Window (months)", default=24, groups=CARE_USER)
    care_lost_days = fields.Integer(
        string="Lost After (days)",
        default=365,
        help="A customer is lost after no purchase for longer than this, or three times its own purchase "
        "interval when that is longer.",
        groups=CARE_USER,
    )
    care_credit_late_share_b = fields.Float(string="Paid Late Share for B (%)", default=10, groups=CARE_USER)
    care_credit_late_share_c = fields.Float(string="Paid Late Share for C (%)", default=25, groups=CARE_USER)
    care_credit_late_share_d = fields.Float(string="Paid Late Share for D (%)", default=50, groups=CARE_USER)
    care_credit_days_late_b = fields.Integer(string="Days Late for B", default=7, groups=CARE_USER)
    care_credit_days_late_c = fields.Integer(string="Days Late for C", default=30, groups=CARE_USER)
    care_credit_days_late_d = fields.Integer(string="Days Late for D", default=60, groups=CARE_USER)
    care_credit_overdue_limit = fields.Monetary(
        string="Overdue Amount for C",
        default=10000,
        help="A customer owing more than this past due is at best C.",
        groups=CARE_USER,
    )
    # The weekly full run that aggregates all facts again: its number, whether it finished, when it started.
    care_grading_run = fields.Integer(readonly=True, copy=False, groups=CARE_USER)
    care_grading_run_done = fields.Boolean(default=True, readonly=True, copy=False, groups=CARE_USER)
    care_grading_run_start = fields.Datetime(readonly=True, copy=False, groups=CARE_USER)
    # The day as of which every profile's date-dependent facts are current, and of the last company-wide grading.
    care_grading_facts_date = fields.Date(
        string="Grading Facts Current On", readonly=True, copy=False, groups=CARE_USER
    )
    care_grading_date = fields.Date(string="Last Company-wide Grading", readonly=True, copy=False, groups=CARE_USER)
    # Lowest 12-month revenue of each tier and lowest value of each RFM score at the last full grading.
    care_grading_cutoffs = fields.Json(readonly=True, copy=False, groups=CARE_USER)

    @api.constrains(*SETTING_BOUNDS)
    def _check_care_grading_thresholds(self):
        # sudo: the settings are the care groups', and a company created by anyone is checked
        for company in self.sudo():
            company._care_check_setting_bounds({name: company[name] for name in SETTING_BOUNDS})
            if not 0 < company.care_volume_medium < company.care_volume_large:
                raise ValidationError(
                    self.env._("The medium volume threshold must be positive and below the large one.")
                )
            tiers = (company.care_tier_vip_share, company.care_tier_major_share, company.care_tier_ordinary_share)
            if not 0 < tiers[0] < tiers[1] < tiers[2] <= 100:
                raise ValidationError(
                    self.env._("Tier shares must rise from VIP to major to ordinary, between 0 and 100 %.")
                )
            shares = (
                company.care_credit_late_share_b,
                company.care_credit_late_share_c,
                company.care_credit_late_share_d,
            )
            if not 0 <= shares[0] < shares[1] < shares[2] <= 100:
                raise ValidationError(self.env._("Paid-late shares must rise from B to C to D, between 0 and 100 %."))
            days = (company.care_credit_days_late_b, company.care_credit_days_late_c, company.care_credit_days_late_d)
            if not 0 <= days[0] < days[1] < days[2]:
                raise ValidationError(self.env._("Days late must rise from B to C to D."))
            if min(company.care_observation_days, company.care_rfm_months, company.care_lost_days) <= 0:
                raise ValidationError(self.env._("The observation period, RFM window and lost delay must be positive."))

    @api.constrains("care_dossier_field_ids")
    def _check_care_dossier_field_ids(self):
        # Every salesperson sees the completeness: a key field they may not read would tell them whether
        # it is filled in (a health note, a religion...).
        care_user = self.env["res.users"].sudo().new({"group_ids": [Command.set(self.env.ref(CARE_USER).ids)]})
        partner_fields = self.env["res.partner"]._fields

        def readable(field):
            partner_field = partner_fields.get(field.name) if field.model == "res.partner" else None
            return partner_field is not None and (
                not partner_field.groups or care_user.has_groups(partner_field.groups)
            )

        for company in self.sudo():
            hidden = company.care_dossier_field_ids.filtered(lambda field: not readable(field))
            if hidden:
                raise ValidationError(
                    self.env._(
                        "%(fields)s cannot be dossier key fields: every salesperson would see from the "
                        "completeness whether they are filled in, and not every salesperson may read them.",
                        fields=", ".join(hidden.mapped("field_description")),
                    )
                )

    def _care_check_setting_bounds(self, values):
        check_bounds(self, values, SETTING_BOUNDS | ALERT_SETTING_BOUNDS)

    def _default_care_dossier_field_ids(self):
        return (
            self.env["ir.model.fields"]
            .sudo()
            .search(
                [("model", "=", "res.partner"), ("name", "in", self.env["res.partner"]._care_default_dossier_fields())]
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Before the INSERT: a number beyond the integer column would fail there with a raw error.
        for vals in vals_list:
            self._care_check_setting_bounds(vals)
        companies = super().create(vals_list)
        # New companies start with the default key fields whoever creates them: set here rather than as the field's
        # default, which the ORM would write with the rights of a creator outside the care groups.
        if new := companies.sudo().filtered(lambda company: not company.care_dossier_field_ids):
            super(ResCompany, new).write({"care_dossier_field_ids": self._default_care_dossier_field_ids()})
            self.env.registry.clear_cache()
        return companies

    def write(self, vals):
        if "care_rfm_months" in vals and any(company.care_rfm_months != vals["care_rfm_months"] for company in self):
            # the RFM window is part of the stored facts: the next night aggregates them all again
            vals = dict(vals, care_grading_run_start=False)
        result = super().write(vals)
        if "care_dossier_field_ids" in vals:
            self.env.registry.clear_cache()
            self.env["res.partner"]._care_update_dossier_completeness(all_partners=True)
        return result

    @api.model
    def _care_init_dossier_fields(self):
        """At install: companies created later get the default key fields in create()."""
        companies = self.search([("care_dossier_field_ids", "=", False)])
        if companies:
            companies.care_dossier_field_ids = self._default_care_dossier_field_ids()
        else:
            self.env["res.partner"]._care_update_dossier_completeness(all_partners=True)

    # Care duties
    care_weekly_contact_cap = fields.Integer(
        string="Care Contacts per Customer per Week",
        default=3,
        help="No more care duties than this per customer in a week (Monday to Sunday of the due date); "
        "0 means no cap. Contact often without harassing.",
        groups=CARE_USER,
    )

    # Early warnings (care.alert): each kind switched on or off, its thresholds; a day count of 0 turns it off.
    care_alert_purchase_overdue = fields.Boolean(string="Purchase Overdue Alerts", default=True, groups=CARE_USER)
    care_alert_overdue_factor = fields.Float(
        string="Overdue After (x purchase interval)",
        default=1.5,
        digits=(16, 2),
        help="A customer with at least 3 purchase dates is overdue once the days since its last purchase exceed "
        "this many times its own purchase interval.",
        groups=CARE_USER,
    )
    care_alert_volume_drop = fields.Boolean(string="Volume Drop Alerts", default=True, groups=CARE_USER)
    care_alert_volume_drop_pct = fields.Float(
        string="Volume Drop Above (%)",
        default=30,
        help="Revenue of the last 3 months fell more than this against the same 3 months a year earlier.",
        groups=CARE_USER,
    )
    care_alert_volume_drop_min = fields.Monetary(
        string="Volume Drop From Revenue",
        default=10000,
        help="Only customers whose revenue in those 3 months a year earlier reached this amount.",
        currency_field="currency_id",
        groups=CARE_USER,
    )
    care_alert_late_payment = fields.Boolean(string="Late Payment Alerts", default=True, groups=CARE_USER)
    care_alert_late_days = fields.Integer(
        string="Late Payment After (days)",
        default=30,
        help="An open invoice more than this many days past its due date; 0 turns the alert off.",
        groups=CARE_USER,
    )
    care_alert_credit_down = fields.Boolean(string="Credit Grade Down Alerts", default=True, groups=CARE_USER)
    care_alert_no_contact = fields.Boolean(string="No Contact Alerts", default=True, groups=CARE_USER)
    care_alert_no_contact_days = fields.Integer(
        string="No Contact For (days)",
        default=60,
        help="No done care duty, logged call or meeting, or message sent to the customer for this many days; "
        "0 turns the alert off.",
        groups=CARE_USER,
    )
    care_alert_no_contact_vip_days = fields.Integer(
        string="No Contact For, VIP and Major (days)",
        default=30,
        help="The same for VIP and major customers; 0 turns it off for them.",
        groups=CARE_USER,
    )
    care_alert_big_silent = fields.Boolean(string="Big Customer Silent Alerts", default=True, groups=CARE_USER)
    care_alert_big_top_n = fields.Integer(
        string="Big Customers (top N of last year)",
        default=20,
        help="The previous calendar year's largest customers by revenue that are watched.",
        groups=CARE_USER,
    )
    care_alert_big_share = fields.Float(
        string="Silent Below Last Year's Pace (%)",
        default=25,
        help="Revenue this year so far below this share of its revenue over the same part of last year.",
        groups=CARE_USER,
    )

    @api.constrains(*ALERT_SETTING_BOUNDS)
    def _check_care_alert_settings(self):
        for company in self.sudo():
            company._care_check_setting_bounds({name: company[name] for name in ALERT_SETTING_BOUNDS})

    # Complaints
    care_alert_complaint_overdue = fields.Boolean(
        string="Overdue Complaint Alerts",
        default=True,
        help="A complaint still open after its working-day deadline: an alert for the handling team's leader.",
        groups=CARE_USER,
    )
    # Analyses: the profitability classes of customers and products, by margin rate
    care_profit_high_percent = fields.Float(
        string="Highly Profitable from (% margin)",
        default=20,
        help="Customers and products whose margin over the last 12 months is at least this share of their revenue "
        "are highly profitable (high profit).",
        groups=CARE_USER,
    )
    care_profit_low_percent = fields.Float(
        string="Profitable from (% margin)",
        default=5,
        help="Below this margin rate (and at or above 0) a customer is unprofitable, a product makes no profit; "
        "a negative margin is a loss.",
        groups=CARE_USER,
    )

    @api.constrains("care_profit_high_percent", "care_profit_low_percent")
    def _check_care_profit_thresholds(self):
        for company in self:
            company._care_check_setting_bounds(
                {name: company[name] for name in ("care_profit_high_percent", "care_profit_low_percent")}
            )
            if company.care_profit_low_percent >= company.care_profit_high_percent:
                raise ValidationError(self.env._("The highly profitable margin must be above the profitable margin."))
