from . import care_occasion
from . import care_complaint_category
from . import care_complaint_team
from . import care_complaint_answer
from . import care_complaint
from . import res_partner
from . import care_alert
