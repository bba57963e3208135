from . import care_task_cancel
