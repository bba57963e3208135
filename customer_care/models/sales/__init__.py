from . import care_credit_policy
from . import care_banner_mixin
from . import sale_order
from . import account_move
from . import res_partner
from . import res_company
from . import payment_transaction
