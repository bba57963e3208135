from . import base_import
from . import res_partner
