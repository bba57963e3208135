import logging
from datetime import date

import holidays
from dateutil.relativedelta import relativedelta
from lunar_python import Lunar, Solar

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

_logger = logging.getLogger(__name__)

# English names of the 24 solar terms (节气), keyed by the Chinese names lunar_python returns.
SOLAR_TERM_NAMES_EN = {
    "立春": "Beginning of Spring",
    "雨水": "Rain Water",
    "惊蛰": "Awakening of Insects",
    "春分": "Spring Equinox",
    "清明": "Pure Brightness",
    "谷雨": "Grain Rain",
    "立夏": "Beginning of Summer",
    "小满": "Grain Buds",
    "芒种": "Grain in Ear",
    "夏至": "Summer Solstice",
    "小暑": "Minor Heat",
    "大暑": "Major Heat",
    "立秋": "Beginning of Autumn",
    "处暑": "End of Heat",
    "白露": "White Dew",
    "秋分": "Autumn Equinox",
    "寒露": "Cold Dew",
    "霜降": "Frost's Descent",
    "立冬": "Beginning of Winter",
    "小雪": "Minor Snow",
    "大雪": "Major Snow",
    "冬至": "Winter Solstice",
    "小寒": "Minor Cold",
    "大寒": "Major Cold",
}

# China's greeting festivals, by the `holidays` library's en_US names. Its other Chinese days off
# (New Year's Eve, observed and substituted days) are kept as informational `day_off` rows.
CN_GREETING_HOLIDAYS = {
    "New Year's Day",
    "Chinese New Year (Spring Festival)",
    "Tomb-Sweeping Day",
    "Labor Day",
    "Dragon Boat Festival",
    "Mid-Autumn Festival",
    "National Day",
}

GREETING_KINDS = ("holiday", "solar_term", "event")


class CareOccasion(models.Model):
    _name = "care.occasion"
    _description = "Care Occasion"
    _order = "date, kind, id"
    _check_company_auto = True

    name = fields.Char(required=True, help="Chinese name for holidays and solar terms, e.g. 冬至.")
    name_en = fields.Char(string="English Name")
    date = fields.Date(required=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, ondelete="cascade"
    )
    kind = fields.Selection(
        [
            ("holiday", "Public Holiday"),
            ("solar_term", "Solar Term"),
            ("event", "Company Event"),
            ("day_off", "Day Off"),
            ("workday", "Adjusted Working Day"),
        ],
        required=True,
        default="event",
        help="Public holiday: the first day of a statutory festival, a greeting occasion. "
        "Day off: the festival's other days off (informational). "
        "Adjusted working day: a weekend day worked in exchange for a day off.",
    )
    event_type = fields.Selection(
        [("launch", "Product Launch"), ("appreciation", "Appreciation Event"), ("marketing", "Marketing Activity")]
    )
    product_category_ids = fields.Many2many(
        "product.category", string="Product Categories", help="For a launch: the new product's categories."
    )
    description = fields.Text()
    code = fields.Char(readonly=True, copy=False, help="Stable key of a generated occasion, e.g. solar_term:2026:冬至.")
    source = fields.Selection(
        [("library", "Generated"), ("manual", "Manual")],
        required=True,
        default="manual",
        readonly=True,
        copy=False,
        help="Generated rows follow the libraries; a manager's change makes a row manual, "
        "and manual rows win over the libraries when the calendar is regenerated.",
    )
    active = fields.Boolean(default=True)
    color = fields.Integer(compute="_compute_color")

    _company_code_uniq = models.UniqueIndex("(company_id, code) WHERE code IS NOT NULL")
    _company_date_idx = models.Index("(company_id, date)")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("name", "name_en")
    @api.depends_context("lang")
    def _compute_display_name(self):
        # one language per screen: the library's Chinese name in Chinese, its English name otherwise
        chinese = (self.env.lang or "").startswith("zh")
        for occasion in self:
            occasion.display_name = occasion.name if chinese or not occasion.name_en else occasion.name_en

    @api.depends("kind")
    def _compute_color(self):
        colors = {"holiday": 1, "solar_term": 10, "event": 4, "day_off": 2, "workday": 8}
        for occasion in self:
            occasion.color = colors.get(occasion.kind, 0)

    # ------------------------------------------------------------
    # CONSTRAINT METHODS
    # ------------------------------------------------------------

    @api.constrains("kind", "event_type")
    def _check_event_type(self):
        for occasion in self:
            if occasion.kind == "event" and not occasion.event_type:
                raise ValidationError(self.env._("Company event %(name)s needs an event type.", name=occasion.name))

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    def write(self, vals):
        # A manager's change to a generated row is a correction: it becomes manual so that
        # regeneration leaves it alone (a move, a rename, or a removal by archiving).
        if not self.env.context.get("care_occasion_generation") and {"date", "name", "name_en", "kind", "active"} & set(
            vals
        ):
            generated = self.filtered(lambda o: o.source == "library")
            if generated:
                super(CareOccasion, generated).write({**vals, "source": "manual"})
                return super(CareOccasion, self - generated).write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_generated(self):
        if self.env.context.get("care_occasion_generation"):
            return
        if any(occasion.source == "library" for occasion in self):
            raise UserError(
                self.env._(
                    "A generated occasion would come back at the next regeneration: "
                    "use Remove (archive) instead of deleting it."
                )
            )

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def action_remove(self):
        """Remove occasions from the calendar for good: archived as manual, never regenerated."""
        self.write({"active": False})

    def action_restore(self):
        self.write({"active": True})

    def action_regenerate(self):
        self.env["care.occasion"]._care_generate(self.env.companies)

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _care_occasions(self, company, date_from, date_to, kinds=GREETING_KINDS):
        """The company's active occasions between two dates (inclusive) of the given kinds;
        by default the greeting occasions: public holidays, solar terms and company events."""
        return self.search(
            Domain("company_id", "=", company.id)
            & Domain("date", ">=", date_from)
            & Domain("date", "<=", date_to)
            & Domain("kind", "in", list(kinds))
        )

    @api.model
    def _cron_generate_occasions(self):
        companies = self.env["res.company"].search([])  # pylint: disable=no-search-all
        self.env["ir.cron"]._commit_progress(remaining=len(companies))
        for company in companies:
            self._care_generate(company)
            if not self.env["ir.cron"]._commit_progress(1):
                break

    @api.model
    def _care_generate_all(self):
        """At install: every company's calendar at once, so that the Care Calendar is not empty
        until the weekly scheduled action first runs."""
        self._care_generate(self.env["res.company"].search([]))  # pylint: disable=no-search-all

    @api.model
    def _care_generate(self, companies, date_from=None):
        """Make the calendar of each company match the libraries for the coming 12 months.

        Idempotent: a generated row is keyed by its `code`; manual rows (a manager's additions,
        moves and removals) are never touched; generated rows the libraries no longer produce are
        archived rather than deleted, since duties may refer to them."""
        date_from = date_from or fields.Date.context_today(self)
        date_to = date_from + relativedelta(months=12)
        Occasion = self.with_context(active_test=False, care_occasion_generation=True)
        for company in companies:
            country = company.country_id.code or "CN"
            wanted = {
                vals["code"]: vals
                for vals in self._care_solar_term_values(date_from, date_to)
                + self._care_holiday_values(country, date_from, date_to)
            }
            existing = Occasion.search(
                Domain("company_id", "=", company.id)
                & (
                    Domain("code", "in", list(wanted))
                    | (Domain("source", "=", "library") & Domain("date", ">=", date_from))
                )
            )
            to_create = []
            by_code = {occasion.code: occasion for occasion in existing}
            for code, vals in wanted.items():
                occasion = by_code.get(code)
                if not occasion:
                    to_create.append({**vals, "company_id": company.id, "source": "library"})
                elif occasion.source == "library":
                    changes = {key: value for key, value in {**vals, "active": True}.items() if occasion[key] != value}
                    if changes:
                        occasion.write(changes)
            stale = existing.filtered(
                lambda o, wanted=wanted: o.source == "library" and o.active and o.code not in wanted
            )
            stale.write({"active": False})
            Occasion.create(to_create)
        return True

    @api.model
    def _care_solar_term_values(self, date_from, date_to):
        values = {}
        for year in range(date_from.year, date_to.year + 2):
            # A lunar year's table runs from the previous 冬至 to 大雪; its Chinese keys are the
            # terms of that year (its pinyin keys repeat neighbouring years' terms).
            table = Solar.fromYmd(year, 7, 1).getLunar().getJieQiTable()
            for name in Lunar.JIE_QI:
                solar = table[name]
                day = date(solar.getYear(), solar.getMonth(), solar.getDay())
                if date_from <= day <= date_to:
                    code = f"solar_term:{day.year}:{name}"
                    values[code] = {
                        "code": code,
                        "date": day,
                        "name": name,
                        "name_en": SOLAR_TERM_NAMES_EN[name],
                        "kind": "solar_term",
                    }
        return list(values.values())

    @api.model
    def _care_holiday_values(self, country, date_from, date_to):
        years = list(range(date_from.year, date_to.year + 1))
        try:
            probe = holidays.country_holidays(country, years=years[0])
        except NotImplementedError:
            _logger.info("No public holidays known for country %s", country)
            return []
        supported = probe.supported_languages or ()

        def load(language, observed):
            lang = language if language in supported else probe.default_language
            return holidays.country_holidays(country, years=years, language=lang, observed=observed)

        # Greeting holidays: the first day of each festival, from the days without observed ones.
        base_zh, base_en = load("zh_CN", False), load("en_US", False)
        values = {}
        greeting_days = set()
        seen = set()
        for day in sorted(base_en):
            for name_en, name in zip(base_en.get_list(day), base_zh.get_list(day), strict=False):
                key = (day.year, name_en)
                if key in seen or (country == "CN" and name_en not in CN_GREETING_HOLIDAYS):
                    continue
                seen.add(key)
                greeting_days.add(day)
                if date_from <= day <= date_to:
                    code = f"holiday:{country}:{day.year}:{name_en}"
                    values[code] = {"code": code, "date": day, "name": name, "name_en": name_en, "kind": "holiday"}
        # Every other day off (festival's further days, observed and substituted days) is informational.
        full_zh, full_en = load("zh_CN", True), load("en_US", True)
        for day in sorted(full_en):
            if day in greeting_days or not date_from <= day <= date_to:
                continue
            code = f"day_off:{country}:{day.isoformat()}"
            values[code] = {
                "code": code,
                "date": day,
                "name": "; ".join(full_zh.get_list(day)),
                "name_en": "; ".join(full_en.get_list(day)),
                "kind": "day_off",
            }
        # Adjusted working days (调休): weekend days worked in exchange for a substituted day off.
        for day in sorted(full_en.weekend_workdays):
            if date_from <= day <= date_to:
                code = f"workday:{country}:{day.isoformat()}"
                values[code] = {
                    "code": code,
                    "date": day,
                    "name": "调休上班",
                    "name_en": "Adjusted working day",
                    "kind": "workday",
                }
        return list(values.values())
