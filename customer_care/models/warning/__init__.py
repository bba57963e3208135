from . import care_alert
from . import care_alert_dismiss
from . import mail_activity
from . import res_partner_alert

# Retention: lost customers and their reasons, the owner log, handovers and the public pool.
from . import care_lost_reason
from . import care_customer_loss
from . import care_owner_change
from . import care_pool_rule
from . import care_profile
from . import care_grading_engine
from . import res_company
from . import res_partner
from . import res_users
from . import res_config_settings
