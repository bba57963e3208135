from . import test_birthday
from . import test_care_occasion
from . import test_care_task
from . import test_dossier
from . import test_care_compliance
from . import test_care_rule
from . import test_care_generation
from . import test_care_work_ui
