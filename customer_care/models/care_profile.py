from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# The grade vocabularies, in one place: the care rules and warnings import them.
STAGES = [
    ("suspect", "Suspect"),
    ("prospect", "Prospect"),
    ("disqualified", "Disqualified"),
    ("first", "First-time Buyer"),
    ("repeat", "Repeat Buyer"),
    ("long_term", "Long-term Customer"),
    ("member", "Member"),
    ("advocate", "Advocate"),
    ("partner", "Partner"),
    ("lost", "Lost"),
]
# Set by people and kept by the engine until a person changes them.
MANUAL_STAGES = ("disqualified", "member", "partner")
TIERS = [("vip", "VIP"), ("major", "Major"), ("ordinary", "Ordinary"), ("small", "Small")]
VOLUME_CLASSES = [("small", "Small"), ("medium", "Medium"), ("large", "Large")]
CREDIT_GRADES = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]
GOOD_CREDIT_GRADES = ("a", "b")
MATRIX_CELLS = [
    ("small_good", "Small, good credit"),
    ("small_bad", "Small, bad credit"),
    ("medium_good", "Medium, good credit"),
    ("medium_bad", "Medium, bad credit"),
    ("large_good", "Large, good credit"),
    ("large_bad", "Large, bad credit"),
    ("none", "Not judged yet"),
]
# DOMAIN.md §2: what each cell of the volume x credit matrix means for the way the customer is served.
MATRIX_POLICIES = {
    "small_good": _lt("Serve at least as a B-class customer: they bring information and resources."),
    "small_bad": _lt("Strictest terms; don't keep them out of habit."),
    "medium_good": _lt("Serve at least as a B-class customer."),
    "medium_bad": _lt(
        "Negotiate with their top management and manage the process; drop them if their company is badly run."
    ),
    "large_good": _lt("Key account: best service."),
    "large_bad": _lt("Large orders but poor compliance: tight credit control while negotiating."),
    "none": _lt("Observation period: the matrix is judged after one full period of purchase history."),
}
RFM_SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential_loyalist", "Potential Loyalist"),
    ("new", "New"),
    ("promising", "Promising"),
    ("need_attention", "Need Attention"),
    ("about_to_sleep", "About to Sleep"),
    ("at_risk", "At Risk"),
    ("cannot_lose", "Cannot Lose"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]


class CareProfile(models.Model):
    """The grading facts and grades of one customer (a commercial partner) in one company.

    Written only by the grading engine in set-based SQL (models/care_profile_engine.py), so the
    nightly run never holds locks on res_partner rows people are editing."""

    _name = "care.profile"
    _description = "Customer Grading Profile"
    _order = "revenue_12m desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")

    # Facts
    revenue_12m = fields.Monetary(string="Revenue (12 months)", readonly=True)
    revenue_prev_12m = fields.Monetary(string="Revenue (previous 12 months)", readonly=True)
    revenue_lifetime = fields.Monetary(string="Lifetime Revenue", readonly=True)
    first_invoice_date = fields.Date(string="First Invoice", readonly=True)
    last_invoice_date = fields.Date(string="Last Invoice", readonly=True)
    invoice_count = fields.Integer(string="Posted Invoices", readonly=True)
    purchase_date_count = fields.Integer(string="Purchase Dates", readonly=True)
    purchase_interval = fields.Float(string="Purchase Interval (days)", digits=(16, 1), readonly=True)
    next_purchase_date = fields.Date(string="Expected Next Purchase", readonly=True)
    late_share = fields.Float(string="Paid Late (%)", digits=(16, 1), readonly=True)
    avg_days_late = fields.Float(string="Average Days Late", digits=(16, 1), readonly=True)
    overdue_amount = fields.Monetary(string="Overdue Amount", readonly=True)
    max_days_overdue = fields.Integer(string="Largest Days Overdue", readonly=True)
    rfm_frequency = fields.Integer(string="Purchase Dates in RFM Window", readonly=True)
    rfm_monetary = fields.Monetary(string="Revenue in RFM Window", readonly=True)
    has_quotation = fields.Boolean(string="Has Quotation", readonly=True)
    has_confirmed_sale = fields.Boolean(string="Has Confirmed Sale", readonly=True)
    has_referred = fields.Boolean(string="Referred a Customer", readonly=True)

    # Grades
    volume_class = fields.Selection(VOLUME_CLASSES, string="Volume", readonly=True)
    credit_grade = fields.Selection(CREDIT_GRADES, string="Credit", readonly=True)
    matrix_cell = fields.Selection(MATRIX_CELLS, string="Matrix Cell", readonly=True)
    tier = fields.Selection(TIERS, string="Tier", readonly=True)
    tier_place = fields.Float(
        string="Revenue Share Above (%)",
        digits=(16, 2),
        readonly=True,
        help="Share of the company's 12-month revenue held by the customers ranked above this one.",
    )
    rfm_r = fields.Integer(string="RFM Recency", readonly=True, help="1 to 5, 5 is the most recent.")
    rfm_f = fields.Integer(string="RFM Frequency", readonly=True, help="1 to 5, 5 is the most frequent.")
    rfm_m = fields.Integer(string="RFM Monetary", readonly=True, help="1 to 5, 5 is the largest.")
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM Segment", readonly=True)
    computed_stage = fields.Selection(STAGES, string="Stage from Facts", readonly=True)
    manual_stage = fields.Selection(
        [(key, label) for key, label in STAGES if key in MANUAL_STAGES], string="Stage Set by Hand", readonly=True
    )
    stage = fields.Selection(STAGES, readonly=True)

    # Engine bookkeeping
    graded_run = fields.Integer(readonly=True, help="The company's grading run that last computed these facts.")
    graded_at = fields.Datetime(string="Graded On", readonly=True)
    needs_recompute = fields.Boolean(readonly=True)

    _partner_company_uniq = models.UniqueIndex("(partner_id, company_id)")
    _company_revenue_idx = models.Index("(company_id, revenue_12m)")
    _needs_recompute_idx = models.Index("(company_id) WHERE needs_recompute")

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_profile_for(self, partner, company):
        """The profile of a commercial partner in a company, created (to be graded) when missing."""
        self._care_mark(SQL("SELECT %s, %s", partner.id, company.id), mark=False)
        return self.search([("partner_id", "=", partner.id), ("company_id", "=", company.id)])

    def _care_set_manual_stage(self, manual_stage):
        """A person's choice: the manual stage wins until a person clears it; the change is history."""
        self.ensure_one()
        new_stage = manual_stage or self.computed_stage
        if new_stage != self.stage:
            self.env["care.grade.history"].create(
                {
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "field": "stage",
                    "old_value": self.stage,
                    "new_value": new_stage,
                    "date": fields.Date.context_today(self),
                }
            )
        self.write({"manual_stage": manual_stage, "stage": new_stage})

    def _care_mark(self, pairs, mark=True):
        """Insert-or-flag profiles for the (partner_id, company_id) rows of the SQL query `pairs`.

        Cheap enough to run inside invoice posting and payment reconciliation."""
        self.env.execute_query(
            SQL(
                """
                INSERT INTO care_profile (partner_id, company_id, needs_recompute, create_uid, create_date,
                                          write_uid, write_date)
                SELECT DISTINCT pair.partner_id, pair.company_id, TRUE, %(uid)s, now() at time zone 'UTC',
                       %(uid)s, now() at time zone 'UTC'
                  FROM (%(pairs)s) AS pair(partner_id, company_id)
                 WHERE pair.partner_id IS NOT NULL
                ON CONFLICT (partner_id, company_id) DO UPDATE SET needs_recompute = %(mark)s OR care_profile.needs_recompute
                """,
                uid=self.env.uid,
                pairs=pairs,
                mark=mark,
            )
        )
