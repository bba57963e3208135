from odoo import models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail(self, auto_commit=False):
        # "Send Email" from a care duty: the email sent is the contact, the duty is done.
        result = super()._action_send_mail(auto_commit=auto_commit)
        task_id = self.env.context.get("care_task_id")
        if task_id:
            task = self.env["care.task"].browse(task_id)
            if task.state == "todo":
                task._care_mark_done(self.env._("Care email sent"))
        return result
