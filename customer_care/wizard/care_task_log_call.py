from odoo import fields, models


class CareTaskLogCall(models.TransientModel):
    """The dialog "Log Call" opens: what the customer said and the next step, stored on the duty,
    which is then done."""

    _name = "care.task.log.call"
    _description = "Log a Care Call"

    task_id = fields.Many2one("care.task", string="Duty", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="task_id.partner_id")
    result = fields.Text(string="What Was Said", required=True)
    next_step = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        self.task_id._care_log_call(self.result, self.next_step)
        return {"type": "ir.actions.act_window_close"}
