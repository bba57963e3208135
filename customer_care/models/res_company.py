from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Dossier
    care_dossier_field_ids = fields.Many2many(
        "ir.model.fields",
        "care_company_dossier_field_rel",
        string="Dossier Key Fields",
        domain=[("model", "=", "res.partner")],
        default=lambda self: self._default_care_dossier_field_ids(),
        help="The contact fields that make a dossier complete: completeness is the share of them filled in.",
    )

    def _default_care_dossier_field_ids(self):
        return self.env["ir.model.fields"].search(
            [("model", "=", "res.partner"), ("name", "in", self.env["res.partner"]._care_default_dossier_fields())]
        )
