from odoo import models


class IrFieldsConverter(models.AbstractModel):
    _inherit = "ir.fields.converter"

    def db_id_for(self, model, field, subfield, value, savepoint):
        # A file of customers names the same few salespeople on every row: each name is looked up once per
        # import (about 10 ms a search), not once per row. Only existing users are remembered (the lookup
        # creates nothing), so a part of the import rolled back cannot leave a remembered id behind.
        cache = self.env.context.get("import_cache")
        name_create = (self.env.context.get("name_create_enabled_fields") or {}).get(field.name)
        if (
            cache is None
            or subfield is not None
            or model._name != "res.partner"
            or field.comodel_name != "res.users"
            or name_create
            or not value
        ):
            return super().db_id_for(model, field, subfield, value, savepoint)
        key = ("customer_care.salesperson", value)
        if key not in cache:
            cache[key] = super().db_id_for(model, field, subfield, value, savepoint)
        return cache[key]
