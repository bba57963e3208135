from datetime import date

from odoo.tests import freeze_time, tagged

from .common_complaint import ComplaintCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-08-20 02:00:00")
class TestComplaintDeadline(ComplaintCommon):
    def _deadline(self, received, days):
        return self.env["care.occasion"]._care_add_working_days(self.company, date.fromisoformat(received), days)

    def test_national_day_with_adjusted_working_days(self):
        # Wednesday 30 September 2026: 1-7 October off, Saturday 10 October worked (调休)
        self.assertEqual(self._deadline("2026-09-30", 3), date(2026, 10, 10))
        self.assertEqual(self._deadline("2026-09-30", 1), date(2026, 10, 8))
        # the day of receipt never counts, even a working day; a holiday of receipt neither
        self.assertEqual(self._deadline("2026-10-01", 1), date(2026, 10, 8))
        # Saturday 19 September: Sunday 20 September is worked
        self.assertEqual(self._deadline("2026-09-19", 1), date(2026, 9, 20))
        # on the complaint, from its category
        complaint = self._complaint(received_date="2026-09-30")
        self.assertEqual(complaint.deadline, date(2026, 10, 10))
        self.category.reply_limit_days = 1
        self.assertEqual(complaint.reply_deadline, date(2026, 10, 8))

    def test_spring_festival(self):
        # Friday 13 February 2026: Saturday 14 worked, 16-20 and Monday 23 off, then 24 and 25
        self.assertEqual(self._deadline("2026-02-13", 3), date(2026, 2, 25))
        # a past year and a future one come from the library as well
        self.assertEqual(self._deadline("2025-01-27", 2), date(2025, 2, 6))
        self.assertEqual(self._deadline("2027-02-05", 1), date(2027, 2, 11))

    def test_managers_corrections_in_the_care_calendar(self):
        Occasion = self.env["care.occasion"]
        Occasion._care_generate(self.company, date_from=date(2026, 8, 20))
        day_off = Occasion.search([("company_id", "=", self.company.id), ("date", "=", "2026-10-07")])
        self.assertEqual(day_off.kind, "day_off")
        # a manager removes the 7 October day off: it is worked
        day_off.with_user(self.manager).action_remove()
        self.assertEqual(self._deadline("2026-09-30", 3), date(2026, 10, 9))
        # and adds a company day off on 8 October
        Occasion.with_user(self.manager).create(
            {"name": "Inventory", "date": "2026-10-08", "kind": "day_off", "company_id": self.company.id}
        )
        self.assertEqual(self._deadline("2026-09-30", 3), date(2026, 10, 10))
        # moving the Saturday 10 October working day to Sunday 11: 7, 9 and 11 October count
        workday = Occasion.search([("company_id", "=", self.company.id), ("date", "=", "2026-10-10")])
        workday.with_user(self.manager).date = "2026-10-11"
        self.assertEqual(self._deadline("2026-09-30", 3), date(2026, 10, 11))

    def test_long_limit(self):
        # 60 working days from a date before Spring Festival 2026
        self.assertEqual(self._deadline("2026-01-05", 60), date(2026, 4, 3))
