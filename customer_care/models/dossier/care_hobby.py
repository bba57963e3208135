from random import randint

from odoo import fields, models


class CareHobby(models.Model):
    _name = "care.hobby"
    _description = "Customer Hobby"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: randint(1, 11))

    _name_uniq = models.Constraint("UNIQUE(name)", "This hobby already exists.")
