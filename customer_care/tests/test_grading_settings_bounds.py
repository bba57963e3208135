from odoo.exceptions import ValidationError

from .common_settings import SettingsManagerCommon


class TestSettingsBounds(SettingsManagerCommon):
    """Numbers out of range are refused with clear messages."""

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
