"""The addon's vocabularies and shared names, defined once: every room imports them from here."""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# ------------------------------------------------------------
# GROUPS
# ------------------------------------------------------------

CARE_USER = "customer_care.customer_care_group_user"
MANAGER = "customer_care.customer_care_group_manager"
# Health, religion, income and family details: not part of the User/Manager ladder.
SENSITIVE = "customer_care.customer_care_group_sensitive"

# ------------------------------------------------------------
# DOSSIER
# ------------------------------------------------------------

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

# ------------------------------------------------------------
# GRADING
# ------------------------------------------------------------

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
# What each cell of the volume x credit matrix means for the way the customer is served: the grade is only useful
# if it tells the salesperson what to do differently.
# Module constants have no environment to translate with: they are lazy terms, translated where shown.
# pylint: disable=prefer-env-translation
MATRIX_POLICIES = {
    "small_good": _lt("Serve at least as a major customer: they bring information and resources."),
    "small_bad": _lt("Strictest terms; don't keep them out of habit."),
    "medium_good": _lt("Serve at least as a major customer."),
    "medium_bad": _lt(
        "Negotiate with their top management and manage the process; drop them if their company is badly run."
    ),
    "large_good": _lt("Key account: best service."),
    "large_bad": _lt("Large orders but poor compliance: tight credit control while negotiating."),
    "none": _lt("Observation period: the matrix is judged after one full period of purchase history."),
}
# pylint: enable=prefer-env-translation
RFM_SEGMENTS = [
    ("champions", "Champions"),
    # "Loyal Customers" and "Lost Customers", as marketers name these segments: the bare "Loyal" and "Lost" are a
    # customer's demand state and stage, which read differently in Chinese (忠诚, 已流失).
    ("loyal", "Loyal Customers"),
    ("potential_loyalist", "Potential Loyalist"),
    ("new", "New"),
    ("promising", "Promising"),
    ("need_attention", "Need Attention"),
    ("about_to_sleep", "About to Sleep"),
    ("at_risk", "At Risk"),
    ("cannot_lose", "Cannot Lose"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost Customers"),
]
# The grades whose changes are kept in the grade history.
GRADED_FIELDS = [("tier", "Tier"), ("matrix_cell", "Matrix Cell"), ("credit_grade", "Credit"), ("stage", "Stage")]

# ------------------------------------------------------------
# CARE
# ------------------------------------------------------------

CARE_TRIGGERS = [
    ("birthday", "Birthday"),
    ("holiday", "Public Holiday"),
    ("solar_term", "Solar Term"),
    ("periodic_contact", "Periodic Contact"),
    ("after_sale", "After-Sale Follow-Up"),
    ("outreach_follow_up", "Outreach Follow-Up"),
    ("event_invitation", "Event Invitation"),
    ("anniversary", "First Purchase Anniversary"),
    ("new_product", "New Product Call"),
]
CARE_CHANNELS = [
    ("activity", "To-Do Activity"),
    ("email", "Email"),
    ("both", "Email and To-Do"),
    # A to-do with the script ready to copy into WeChat.
    ("wechat", "WeChat"),
]

# ------------------------------------------------------------
# EARLY WARNINGS
# ------------------------------------------------------------

# The kinds of early warning (客户预警); each is one candidate query `_care_alert_query_<kind>` on care.alert.
ALERT_KINDS = [
    ("purchase_overdue", "Purchase Overdue"),
    ("volume_drop", "Volume Drop"),
    ("late_payment", "Late Payment"),
    ("credit_down", "Credit Grade Down"),
    ("no_contact", "No Contact"),
    ("big_customer_silent", "Big Customer Silent"),
    ("low_satisfaction", "Low Satisfaction"),
    ("complaint_overdue", "Complaint Overdue"),
]
ALERT_SEVERITIES = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
ALERT_STATES = [
    ("open", "Open"),
    ("acknowledged", "Acknowledged"),
    ("resolved", "Resolved"),
    ("dismissed", "Dismissed"),
]
# The states of an alert still standing: at most one per customer, company and kind.
ALERT_LIVE_STATES = ("open", "acknowledged")

# ------------------------------------------------------------
# SALES FLOW
# ------------------------------------------------------------

SALES_MANAGER = "sales_team.group_sale_manager"
# What confirming an order does for a customer in a matrix cell (信用政策).
CREDIT_ACTIONS = [
    ("none", "None"),
    ("warn", "Warn"),
    ("approve", "Manager Approval"),
    ("block", "Block While Overdue"),
]
# Small customers with bad credit get the strictest terms (they are not worth the risk), the larger bad ones need a
# manager's approval (their volume is worth negotiating), good ones and customers without a full period of history
# yet are not slowed down.
# cell: (action, immediate payment term, overdue amount limit, overdue days limit)
DEFAULT_CREDIT_POLICIES = {
    "small_good": ("none", False, 0.0, 0),
    "small_bad": ("block", True, 0.0, 0),
    "medium_good": ("none", False, 0.0, 0),
    "medium_bad": ("approve", False, 0.0, 0),
    "large_good": ("none", False, 0.0, 0),
    "large_bad": ("approve", False, 0.0, 0),
    "none": ("none", False, 0.0, 0),
}
# Credit grade as stars (星级): A four stars ... D one.
CREDIT_STARS = {"a": 4, "b": 3, "c": 2, "d": 1}

# ------------------------------------------------------------
# ANALYSES
# ------------------------------------------------------------

# Dealers, retailers and internal departments are customers too: sales are compared per kind, not only for end users.
CUSTOMER_KINDS = [
    ("end_user", "End User"),
    ("dealer", "Dealer"),
    ("retailer", "Retailer"),
    ("internal", "Internal Department"),
]
# The customer x product profitability matrix: one margin rate, read once for customers and once for products.
CUSTOMER_PROFIT_CLASSES = [
    ("high", "Highly Profitable"),
    ("profit", "Profitable"),
    ("none", "Unprofitable"),
    ("loss", "Loss-making"),
]
PRODUCT_PROFIT_CLASSES = [("high", "High Profit"), ("profit", "Profit"), ("none", "No Profit"), ("loss", "Loss")]
# The classes counted month by month in the snapshot.
SNAPSHOT_DIMENSIONS = [("tier", "Tier"), ("matrix_cell", "Matrix Cell"), ("stage", "Stage"), ("rfm_segment", "RFM")]

# ------------------------------------------------------------
# SCREENS
# ------------------------------------------------------------

# One colour per grade, the same in every list, form and kanban card (a VIP is green wherever it shows): each badge of
# a field holding one of these grades gets these decorations, whatever its view wrote. Keyed by the grade's choices,
# so that the related copies (the contact's tier, the duty's customer tier) are recognised too.
BADGE_DECORATIONS = {
    "tier": (TIERS, {"success": ("vip",), "info": ("major",)}),
    "matrix_cell": (
        MATRIX_CELLS,
        {"success": ("small_good", "medium_good", "large_good"), "danger": ("small_bad", "medium_bad", "large_bad")},
    ),
    "credit_grade": (CREDIT_GRADES, {"success": ("a",), "info": ("b",), "warning": ("c",), "danger": ("d",)}),
    "stage": (
        STAGES,
        {
            "success": ("long_term", "advocate", "partner"),
            "info": ("first", "repeat", "member"),
            "danger": ("lost",),
            "muted": ("disqualified",),
        },
    ),
}
# The width of a grade's column in a list, for its longest label in English and Chinese ("Long-term Customer",
# "Medium, good credit"); the birthday as it is written (农历闰四月廿九) too.
GRADE_COLUMN_WIDTHS = {
    "tier": "100px",
    "matrix_cell": "150px",
    "credit_grade": "90px",
    "stage": "150px",
    "birthday_label": "130px",
}
