from . import care_grading_engine
from . import care_profile
from . import care_grade_history
from . import res_partner
from . import account_move
from . import account_partial_reconcile
from . import sale_order
from . import care_demo_loader
