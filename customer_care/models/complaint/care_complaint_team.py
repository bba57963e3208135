from odoo import fields, models


class CareComplaintTeam(models.Model):
    _name = "care.complaint.team"
    _description = "Complaint Handling Team"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    leader_id = fields.Many2one(
        "res.users", string="Team Leader", domain="[('share', '=', False)]", help="Assigns complaints to the team."
    )
    member_ids = fields.Many2many(
        "res.users",
        "care_complaint_team_user_rel",
        "team_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False)]",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)
