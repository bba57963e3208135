from . import base_import
from . import ir_fields_converter
from . import res_partner
