from . import care_alert
from . import care_alert_dismiss
from . import mail_activity
from . import res_partner_alert
