from odoo import fields, models


class CareTaskCancel(models.TransientModel):
    _name = "care.task.cancel"
    _description = "Cancel Care Duties"

    task_ids = fields.Many2many("care.task", string="Duties", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.task_ids.action_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
