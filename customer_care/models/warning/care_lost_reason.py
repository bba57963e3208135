from odoo import fields, models


class CareLostReason(models.Model):
    """Why a customer was lost: a short list managers keep, chosen when a customer is marked as lost."""

    _name = "care.lost.reason"
    _description = "Lost Customer Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _name_uniq = models.Constraint("UNIQUE(name)", "A lost reason with this name exists already.")
