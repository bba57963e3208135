import calendar
from datetime import date

from lunar_python import Lunar, LunarMonth

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...const import BIRTHDAY_FIELDS


class CareBirthdayMixin(models.AbstractModel):
    """A birthday kept the way the customer keeps it: a solar (公历) date, or a lunar (农历)
    month and day with an optional year and a leap-month flag. Used by customers, key persons
    and family members, whose birthdays are all care occasions."""

    _name = "care.birthday.mixin"
    _description = "Customer Care Birthday"

    care_birthday_calendar = fields.Selection(
        [("solar", "Solar (Gregorian)"), ("lunar", "Lunar (Chinese)")],
        string="Birthday Calendar",
        default="solar",
    )
    care_birth_date = fields.Date(string="Birth Date")
    care_lunar_year = fields.Integer(string="Lunar Birth Year", help="Optional: the lunar year of birth.")
    care_lunar_month = fields.Integer(string="Lunar Birth Month")
    care_lunar_day = fields.Integer(string="Lunar Birth Day")
    care_lunar_leap = fields.Boolean(string="Leap Month", help="Born in the leap (闰) month of that lunar month.")

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains(*BIRTHDAY_FIELDS)
    def _check_care_birthday(self):
        today = fields.Date.context_today(self)
        for record in self:
            if record.care_birth_date and record.care_birth_date > today:
                raise ValidationError(self.env._("A birth date cannot be in the future."))
            if record.care_birthday_calendar != "lunar":
                continue
            month, day, year = record.care_lunar_month, record.care_lunar_day, record.care_lunar_year
            if not month and not day and not year:
                continue
            if not 1 <= month <= 12:
                raise ValidationError(self.env._("A lunar month runs from 1 to 12, not %(month)s.", month=month))
            if not 1 <= day <= 30:
                raise ValidationError(self.env._("A lunar day runs from 1 to 30, not %(day)s.", day=day))
            if not year:
                continue
            if not 1900 <= year <= today.year:
                raise ValidationError(self.env._("The lunar birth year %(year)s is not a plausible year.", year=year))
            lunar_month = LunarMonth.fromYm(year, -month if record.care_lunar_leap else month)
            if lunar_month is None:
                raise ValidationError(
                    self.env._("Lunar year %(year)s has no leap month %(month)s.", year=year, month=month)
                )
            if day > lunar_month.getDayCount():
                raise ValidationError(
                    self.env._(
                        "Lunar month %(month)s of %(year)s has only %(count)s days.",
                        month=month,
                        year=year,
                        count=lunar_month.getDayCount(),
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_has_birthday(self):
        self.ensure_one()
        if self.care_birthday_calendar == "lunar":
            return bool(self.care_lunar_month and self.care_lunar_day)
        return bool(self.care_birth_date)

    def _care_birthdays_between(self, date_from, date_to):
        """Solar dates on which this birthday falls between date_from and date_to (inclusive).

        29 February falls on 28 February in common years; a lunar day 30 falls on day 29 in a
        year whose month is short; a leap-month birthday falls on the ordinary month in years
        without that leap month."""
        self.ensure_one()
        if not self._care_has_birthday():
            return []
        result = []
        # A lunar year starts in January or February: its last months fall in the next solar year.
        first_year = date_from.year - (1 if self.care_birthday_calendar == "lunar" else 0)
        for year in range(first_year, date_to.year + 1):
            day = self._care_birthday_in_year(year)
            if day and date_from <= day <= date_to:
                result.append(day)
        return result

    def _care_birthday_in_year(self, year):
        """The solar date of the birthday in solar year `year` (solar) or lunar year `year` (lunar)."""
        if self.care_birthday_calendar != "lunar":
            birth = self.care_birth_date
            if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
                return date(year, 2, 28)
            return birth.replace(year=year)
        month = self.care_lunar_month
        if self.care_lunar_leap and LunarMonth.fromYm(year, -month) is not None:
            month = -month
        day = min(self.care_lunar_day, LunarMonth.fromYm(year, month).getDayCount())
        solar = Lunar.fromYmd(year, month, day).getSolar()
        return date(solar.getYear(), solar.getMonth(), solar.getDay())
