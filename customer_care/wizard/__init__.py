from . import care_task_cancel
from . import care_statement_wizard
