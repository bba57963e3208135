from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class TestCareSettingsSafety(BaseCommon):
    """A Customer Care manager with the Settings rights (and without the Sensitive group) configures
    the addon: numbers out of range and sensitive dossier key fields are refused with clear messages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env, login="care_settings_manager", groups="base.group_system,sales_team.group_sale_manager"
        )

    def _settings(self, **values):
        return self.env["res.config.settings"].with_user(self.manager).create(values)

    def test_numeric_settings_bounded(self):
        before = {
            "care_rfm_months": self.company.care_rfm_months,
            "care_weekly_contact_cap": self.company.care_weekly_contact_cap,
            "care_credit_overdue_limit": self.company.care_credit_overdue_limit,
        }
        cases = [
            ({"care_rfm_months": 100000}, "RFM Window (months) must be between 1 and 120, not 100000."),
            ({"care_rfm_months": 2**31}, "RFM Window (months) must be between 1 and 120"),
            ({"care_weekly_contact_cap": -1}, "Care Contacts per Customer per Week must be between 0 and 50"),
            ({"care_credit_overdue_limit": -100}, "Overdue Amount for C must be between 0 and 1,000,000,000,000"),
            ({"care_observation_days": 10**9}, "Observation Period (days) must be between 1 and 3,650"),
            ({"care_lost_days": 0}, "Lost After (days) must be between 1 and 3,650"),
            ({"care_credit_days_late_d": 2**31}, "Days Late for D must be between 0 and 3,650"),
            ({"care_volume_large": 1e15}, "Large Volume From must be between 0 and 1,000,000,000,000"),
        ]
        for values, message in cases:
            with self.subTest(**values), self.assertRaises(ValidationError) as caught:
                self._settings(**values).execute()
            self.assertIn(message, str(caught.exception))
        self.assertRecordValues(self.company, [before])
        # In range, the settings apply.
        self._settings(care_rfm_months=120, care_weekly_contact_cap=0, care_credit_overdue_limit=0).execute()
        self.assertRecordValues(
            self.company, [{"care_rfm_months": 120, "care_weekly_contact_cap": 0, "care_credit_overdue_limit": 0}]
        )

    def test_company_created_with_bad_settings(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["res.company"].with_user(self.manager).create({"name": "Care Branch", "care_rfm_months": 2**31})
        self.assertIn("RFM Window (months)", str(caught.exception))

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
