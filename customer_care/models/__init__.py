# One package per capability, loaded in dependency order: the dossier's mixins first, then grading (which
# the care rules filter on), then care work. The company settings gather every room's on one page.
from . import dossier
from . import grading
from . import care
from . import warning
from . import complaint
from . import sales
from . import res_company
from . import res_config_settings
from . import satisfaction
from . import imports
from . import manager
from . import screens
