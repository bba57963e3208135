from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Dossier
    care_dossier_field_ids = fields.Many2many(
        "ir.model.fields",
        "care_company_dossier_field_rel",
        string="Dossier Key Fields",
        domain=[("model", "=", "res.partner"), ("store", "=", True), ("ttype", "not in", ("binary", "properties"))],
        default=lambda self: self._default_care_dossier_field_ids(),
        help="The contact fields that make a dossier complete: completeness is the share of them filled in.",
    )

    def _default_care_dossier_field_ids(self):
        return self.env["ir.model.fields"].search(
            [("model", "=", "res.partner"), ("name", "in", self.env["res.partner"]._care_default_dossier_fields())]
        )

    def write(self, vals):
        result = super().write(vals)
        if "care_dossier_field_ids" in vals:
            self.env.registry.clear_cache()
            self.env["res.partner"]._care_update_dossier_completeness(all_partners=True)
        return result

    @api.model
    def _care_init_dossier_fields(self):
        """At install: the Many2many default only reaches companies created later."""
        companies = self.search([("care_dossier_field_ids", "=", False)])
        if companies:
            companies.care_dossier_field_ids = self._default_care_dossier_field_ids()
        else:
            self.env["res.partner"]._care_update_dossier_completeness(all_partners=True)
    # Care duties
    care_weekly_contact_cap = fields.Integer(
        string="Care Contacts per Customer per Week",
        default=3,
        help="No more care duties than this per customer in a week (Monday to Sunday of the due date); "
        "0 means no cap. Contact often without harassing (不骚扰).",
    )
