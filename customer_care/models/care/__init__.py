from . import care_occasion
from . import care_rule
from . import care_task
from . import care_gift_request
from . import care_outreach
from . import mail_activity
from . import mail_compose_message
from . import res_partner
