from datetime import timedelta

from odoo import api, models
from odoo.fields import Domain

# Each working-day deadline counts at most this many calendar days ahead: a year of days off never happens.
MAX_SPAN_DAYS = 3 * 366


class CareOccasion(models.Model):
    """The care calendar as a working calendar: China's statutory days off and adjusted working days (调休)
    of any year from the `holidays` library, with the managers' corrections kept in the care calendar."""

    _inherit = "care.occasion"

    @api.model
    def _care_days_off_and_workdays(self, company, date_from, date_to):
        """(days off, adjusted working days) of the company between two dates, inclusive.

        The library gives any year, past or future; the calendar only holds the coming twelve months, where
        the managers' corrections live: a moved or removed generated day (now manual) replaces the library's,
        and a day off or working day a manager added counts too."""
        country = company.country_id.code or "CN"
        library = self._care_holiday_values(country, date_from, date_to)
        days = {vals["code"]: (vals["date"], vals["kind"]) for vals in library}
        corrections = self.with_context(active_test=False).search(
            Domain("company_id", "=", company.id)
            & Domain("source", "=", "manual")
            & Domain("kind", "in", ["holiday", "day_off", "workday"])
            & (Domain("code", "in", list(days)) | (Domain("date", ">=", date_from) & Domain("date", "<=", date_to)))
        )
        extra = []
        for occasion in corrections:
            if occasion.code:
                days.pop(occasion.code, None)
            if occasion.active:
                extra.append((occasion.date, occasion.kind))
        days_off, workdays = set(), set()
        for day, kind in [*days.values(), *extra]:
            (workdays if kind == "workday" else days_off).add(day)
        return days_off - workdays, workdays

    @api.model
    def _care_weekdays(self, company):
        """The company's working weekdays (0 = Monday): its working-hours calendar's, Monday to Friday by default."""
        calendar = "resource_calendar_id" in company._fields and company.resource_calendar_id
        if calendar and calendar.attendance_ids:
            return {int(day) for day in calendar.attendance_ids.mapped("dayofweek")}
        return {0, 1, 2, 3, 4}

    @api.model
    def _care_add_working_days(self, company, start, days):
        """The date `days` working days after `start` (the start itself never counts, a working day or not)."""
        if days <= 0:
            return start
        weekdays = self._care_weekdays(company)
        # a generous window first, widened if the days off and weekends eat it
        span = max(days * 3, days + 30)
        while True:
            end = start + timedelta(days=min(span, MAX_SPAN_DAYS))
            days_off, workdays = self._care_days_off_and_workdays(company, start + timedelta(days=1), end)
            day, left = start, days
            while day < end:
                day += timedelta(days=1)
                if day in workdays or (day.weekday() in weekdays and day not in days_off):
                    left -= 1
                    if not left:
                        return day
            if span >= MAX_SPAN_DAYS:
                return day
            span *= 2
