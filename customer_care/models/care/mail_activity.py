from odoo import api, fields, models

from ...const import CARE_USER


class MailActivity(models.Model):
    _inherit = "mail.activity"

    care_task_id = fields.Many2one(
        "care.task", string="Care Duty", index="btree_not_null", ondelete="set null", groups=CARE_USER, copy=False
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Marking a linked to-do done completes its duty: only those who may complete the duty link one.
        task_ids = {vals["care_task_id"] for vals in vals_list if vals.get("care_task_id")}
        if task_ids:
            self.env["care.task"].browse(task_ids)._care_check_responsible()
        return super().create(vals_list)

    def write(self, vals):
        if "care_task_id" in vals:
            (self.care_task_id | self.env["care.task"].browse(vals["care_task_id"] or []))._care_check_responsible()
        return super().write(vals)

    def _action_done(self, feedback=False, attachment_ids=None):
        # Marking the salesperson's to-do done completes its open duty, as the user who marks it:
        # the duty's salesperson or a care manager (deleting the to-do leaves the duty open). The link is
        # read whatever the user's groups: the duty then checks who completes it.
        tasks = self.sudo().care_task_id.filtered(lambda task: task.state == "todo").with_env(self.env)
        if tasks:
            tasks._care_mark_done(feedback or None, from_activity=True)
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
