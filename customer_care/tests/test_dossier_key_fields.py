from odoo import Command
from odoo.exceptions import ValidationError

from .common_settings import SettingsManagerCommon


class TestDossierKeyFields(SettingsManagerCommon):
    """A field not every salesperson may read cannot be a dossier key field."""

    def test_sensitive_dossier_key_field_refused(self):
        partner_field = self.env["ir.model.fields"]._get
        key_fields = self.company.care_dossier_field_ids
        for name in ("care_health_notes", "care_religion", "care_income_range", "care_family_member_ids"):
            field = partner_field("res.partner", name)
            with self.subTest(field=name), self.assertRaises(ValidationError) as caught:
                self._settings(care_dossier_field_ids=[Command.link(field.id)]).execute()
            self.assertIn(field.field_description, str(caught.exception))
            self.assertIn("cannot be dossier key fields", str(caught.exception))
            # Whoever writes it, even the superuser: the salespeople would read it from the completeness.
            with self.assertRaises(ValidationError):
                self.company.care_dossier_field_ids = [Command.link(field.id)]
        with self.assertRaises(ValidationError):
            self.company.care_dossier_field_ids = [Command.link(partner_field("res.users", "login").id)]
        self.assertEqual(self.company.care_dossier_field_ids, key_fields)
        # A field every salesperson reads is fine, and counts.
        customer = self.env["res.partner"].create({"name": "Key Field Test", "customer_rank": 1, "website": "a.cn"})
        self._settings(care_dossier_field_ids=[Command.set(partner_field("res.partner", "website").ids)]).execute()
        self.assertEqual(customer.care_dossier_completeness, 100)
