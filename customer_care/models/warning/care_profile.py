from odoo import fields, models


class CareProfile(models.Model):
    _inherit = "care.profile"

    # "Mark as lost" is a person's decision: it holds until the customer buys again (see the engine's hook).
    manual_stage = fields.Selection(selection_add=[("lost", "Lost")], ondelete={"lost": "set null"})
