from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time

from odoo.addons.base.tests.common import BaseCommon


@freeze_time("2026-06-01")
class TestBirthday(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "王芳 Wang Fang"})

    def test_lunar_birthday_converted(self):
        # 农历八月十五 is Mid-Autumn: 2026-09-25
        self.customer.write({"care_birthday_calendar": "lunar", "care_lunar_month": 8, "care_lunar_day": 15})
        self.assertEqual(
            self.customer._care_birthdays_between(date(2026, 1, 1), date(2026, 12, 31)), [date(2026, 9, 25)]
        )

    def test_lunar_month_13_refused(self):
        with self.assertRaises(ValidationError):
            self.customer.write({"care_birthday_calendar": "lunar", "care_lunar_month": 13, "care_lunar_day": 1})
