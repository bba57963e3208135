from odoo import fields, models
from odoo.exceptions import UserError

from ..const import MANAGER


class CareStatementWizard(models.TransientModel):
    _name = "care.statement.wizard"
    _description = "Print Care Monthly Statements"

    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month to print.",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Salespeople",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )

    def action_print(self):
        self.ensure_one()
        if self.user_ids != self.env.user and not self.env.user.has_group(MANAGER):
            raise UserError(self.env._("Only customer care managers print other salespeople's statements."))
        action = self.env.ref("customer_care.care_statement_report_action").report_action(
            self.user_ids,
            data={"date_from": fields.Date.to_string(self.month.replace(day=1)), "user_ids": self.user_ids.ids},
        )
        # The dialog closes once the PDF is downloaded, as Odoo's label wizards do.
        action["close_on_report_download"] = True
        return action
