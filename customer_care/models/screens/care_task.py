from odoo import api, models
from odoo.fields import Domain

from ...const import MANAGER


class CareTask(models.Model):
    _inherit = "care.task"

    @api.model
    def _care_team_user_ids(self):
        """The salespeople whose duties the current user follows: everyone's for a Customer Care manager
        (None), else the members and leaders of the sales teams the user leads or belongs to, and the user."""
        if self.env.user.has_group(MANAGER):
            return None
        user = self.env.user
        # read as the system: a salesperson may not read the team records of their colleagues
        Team = self.env["crm.team"].sudo()
        teams = Team.search(["|", ("user_id", "=", user.id), ("member_ids", "in", user.ids)])
        return sorted({user.id, *teams.member_ids.ids, *teams.user_id.ids})

    @api.model
    def action_open_team_today(self):
        """What the team must do today and what is overdue, grouped by salesperson with the groups open."""
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_care.care_task_action_team_today")
        today = self.env["care.rule"]._care_today(self.env.company)
        domain = Domain("state", "=", "todo") & Domain("date_due", "<=", today)
        if (user_ids := self._care_team_user_ids()) is not None:
            domain &= Domain("user_id", "in", user_ids)
        action["domain"] = list(domain)
        return action
