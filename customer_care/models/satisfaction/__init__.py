# Satisfaction (满意度): rating requests after care duties, satisfaction surveys sent by care rules, and each
# customer's score from every rating and survey answer, refreshed as they arrive and nightly.
from . import res_company
from . import res_config_settings
from . import care_satisfaction
from . import care_rule
from . import care_task
from . import rating_rating
from . import survey_user_input
from . import res_partner
from . import care_alert
