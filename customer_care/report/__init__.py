from . import care_compliance_report
from . import care_statement_report
from . import care_lost_report
from . import ir_actions_report
from . import care_satisfaction_report
from . import care_purchase_cycle_report
from . import care_profitability_report
from . import care_pareto_report
