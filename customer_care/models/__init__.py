from . import care_birthday_mixin
from . import care_family_member
from . import care_hobby
from . import res_partner
