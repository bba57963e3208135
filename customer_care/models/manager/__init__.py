from . import care_cap_suppression
from . import res_company
from . import care_rule
