import calendar
import functools
from datetime import date, timedelta

from lunar_python import Lunar, LunarMonth, Solar
from lunar_python.util import LunarUtil

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...const import BIRTHDAY_FIELDS


# lunar_python works each date out from the sun's and moon's longitudes (about 3 ms); customers share a few
# thousand birthdays, so a file of 10,000 dossiers or a year's planning asks for the same dates again and again.
@functools.lru_cache(maxsize=8192)
def lunar_to_solar(year, month, day):
    """The solar date of a lunar date (a negative month: the leap month)."""
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@functools.lru_cache(maxsize=8192)
def solar_to_lunar(solar_date):
    """(lunar month, negative for a leap month; lunar day) of a solar date."""
    lunar = Solar.fromYmd(solar_date.year, solar_date.month, solar_date.day).getLunar()
    return lunar.getMonth(), lunar.getDay()


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
    care_lunar_leap = fields.Boolean(string="Leap Month", help="Born in the leap month of that lunar month.")
    care_birthday_label = fields.Char(
        string="Lunar Birthday", compute="_compute_care_birthday_label", help="The lunar birthday as it is written."
    )
    care_next_birthday = fields.Date(
        string="Next Birthday", compute="_compute_care_next_birthday", help="The solar date of the next birthday."
    )

    # Whatever writes them (SQL included), whatever the calendar: no lunar month 13 or day 31 to trip over.
    _care_lunar_month_range = models.Constraint(
        "CHECK(care_lunar_month BETWEEN 0 AND 12)", "A lunar month runs from 1 to 12."
    )
    _care_lunar_day_range = models.Constraint(
        "CHECK(care_lunar_day BETWEEN 0 AND 30)", "A lunar day runs from 1 to 30."
    )
    _care_lunar_year_range = models.Constraint(
        "CHECK(care_lunar_year BETWEEN 0 AND 9999)", "A lunar birth year runs up to 9999."
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("care_birthday_calendar", "care_lunar_month", "care_lunar_day", "care_lunar_leap", "care_lunar_year")
    @api.depends_context("lang")
    def _compute_care_birthday_label(self):
        for record in self:
            label = ""
            if record.care_birthday_calendar == "lunar":
                label = record._care_lunar_label(record.care_lunar_month, record.care_lunar_day, record.care_lunar_leap)
                # An unknown year (0) is left out, never shown as a year.
                if label and record.care_lunar_year:
                    label = self.env._("%(date)s, %(year)s", date=label, year=record.care_lunar_year)
            record.care_birthday_label = label

    @api.depends("care_birthday_calendar", "care_birth_date", "care_lunar_month", "care_lunar_day", "care_lunar_leap")
    @api.depends_context("tz")
    def _compute_care_next_birthday(self):
        today = fields.Date.context_today(self)
        for record in self:
            # A year and two months ahead covers any lunar birthday, leap months included.
            upcoming = record._care_birthdays_between(today, today + timedelta(days=430))
            record.care_next_birthday = upcoming[0] if upcoming else False

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains(*BIRTHDAY_FIELDS)
    def _check_care_birthday(self):
        today = fields.Date.context_today(self)
        for record in self:
            if record.care_birth_date and record.care_birth_date > today:
                raise ValidationError(self.env._("A birth date cannot be in the future."))
            month, day, year = record.care_lunar_month, record.care_lunar_day, record.care_lunar_year
            # A solar birthday may keep a lunar one aside, never an impossible one.
            record._care_check_lunar_numbers(month, day, year)
            if record.care_birthday_calendar != "lunar":
                continue
            if not month and not day and not year:
                continue
            if not month:
                raise ValidationError(self.env._("A lunar month runs from 1 to 12, not %(month)s.", month=month))
            if not day:
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
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # Before the INSERT, where the database would refuse them with a raw error.
        for vals in vals_list:
            self._care_check_lunar_numbers(
                vals.get("care_lunar_month"), vals.get("care_lunar_day"), vals.get("care_lunar_year")
            )
        return super().create(vals_list)

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_check_lunar_numbers(self, month, day, year):
        """Refuse a lunar month, day or year that no calendar has (0 or empty: not given)."""

        def valid(value, low, high):
            try:
                return not value or low <= int(value) <= high
            except (TypeError, ValueError):
                return False

        if not valid(month, 1, 12):
            raise ValidationError(self.env._("A lunar month runs from 1 to 12, not %(month)s.", month=month))
        if not valid(day, 1, 30):
            raise ValidationError(self.env._("A lunar day runs from 1 to 30, not %(day)s.", day=day))
        if not valid(year, 1, 9999):
            raise ValidationError(self.env._("The lunar birth year %(year)s is not a plausible year.", year=year))

    def _care_has_birthday(self):
        """Whether a birthday is held; an impossible lunar date, written around the checks, is none."""
        self.ensure_one()
        if self.care_birthday_calendar == "lunar":
            return 1 <= self.care_lunar_month <= 12 and 1 <= self.care_lunar_day <= 30
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
        lunar_month = LunarMonth.fromYm(year, month)
        if lunar_month is None:
            return None  # a year outside the lunar tables
        return lunar_to_solar(year, month, min(self.care_lunar_day, lunar_month.getDayCount()))

    @api.model
    def _care_lunar_label(self, month, day, leap=False):
        """A lunar date as its readers write it: 农历八月十五 (闰 for a leap month) in Chinese,
        "Lunar 8/15" elsewhere; empty for a month or day out of range."""
        if not (1 <= (month or 0) <= 12 and 1 <= (day or 0) <= 30):
            return ""
        if (self.env.lang or "").startswith("zh"):
            month_text = ("闰" if leap else "") + LunarUtil.MONTH[month]
            day_text = LunarUtil.DAY[day]
        else:
            month_text = (self.env._("leap %(month)s", month=month)) if leap else str(month)
            day_text = str(day)
        return self.env._("Lunar %(month)s/%(day)s", month=month_text, day=day_text)

    @api.model
    def _care_lunar_label_of(self, solar_date):
        """The lunar label of a solar date (the day a lunar birthday falls on)."""
        month, day = solar_to_lunar(solar_date)
        return self._care_lunar_label(abs(month), day, leap=month < 0)
