from . import care_birthday_mixin
from . import care_family_member
from . import care_hobby
from . import care_occasion
from . import res_company
from . import res_config_settings
from . import res_partner
