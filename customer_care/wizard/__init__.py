from . import care_task_cancel
from . import care_statement_wizard
from . import care_handover_wizard
from . import care_mark_lost_wizard
from . import care_task_log_call
from . import care_credit_release
