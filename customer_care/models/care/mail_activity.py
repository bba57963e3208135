from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    care_task_id = fields.Many2one("care.task", string="Care Duty", index="btree_not_null", ondelete="set null")

    def _action_done(self, feedback=False, attachment_ids=None):
        # Marking the salesperson's activity done completes its duty; deleting it does not. Whoever
        # may mark the activity done (mail checks it) did the contact, even on a duty not theirs.
        tasks = self.care_task_id.sudo().filtered(lambda task: task.state == "todo")
        if tasks:
            tasks._care_mark_done(feedback or None, from_activity=True)
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
