from . import base
from . import care_task
