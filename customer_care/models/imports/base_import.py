from odoo import models

from odoo.addons.base_import.models.base_import import ImportValidationError


class BaseImport(models.TransientModel):
    _inherit = "base_import.import"

    def _parse_date_from_data(self, data, index, name, field_type, options):
        # Odoo stops the whole file at the first date it cannot read (30 February), naming the column by its
        # technical name. A dossier date is read row by row instead: one it cannot read is left as typed, so the
        # import reports that row with the field's label and the value, and the other rows go on.
        if not name.rsplit("/", 1)[-1].startswith("care_"):
            return super()._parse_date_from_data(data, index, name, field_type, options)
        for line in data:
            try:
                super()._parse_date_from_data([line], index, name, field_type, options)
            except ImportValidationError:
                continue
        return None
