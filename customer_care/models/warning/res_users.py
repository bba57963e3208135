from odoo import models

from ...const import MANAGER


class ResUsers(models.Model):
    _inherit = "res.users"

    def action_archive(self):
        """Archiving a salesperson who still has customers offers the handover to a Customer Care manager."""
        result = super().action_archive()
        if not self.env.user.has_group(MANAGER):
            return result
        for user in self:
            if self.env["res.partner"].sudo().search_count([("user_id", "=", user.id), ("parent_id", "=", False)]):
                return self.env["care.handover.wizard"]._care_action_for(user)
        return result
