from . import care_birthday_mixin
from . import care_dossier_record_mixin
from . import care_family_member
from . import care_hobby
from . import care_need
from . import res_partner
from . import res_partner_reach
