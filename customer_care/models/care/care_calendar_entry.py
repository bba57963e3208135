from datetime import date

from odoo import fields, models
from odoo.tools import SQL

# Each source's rows get ids of their own: id = source id x SPAN + year offset x KINDS + kind.
KINDS = {"occasion": 0, "duty": 1, "birthday": 2, "family_birthday": 3}
SPAN = 4 * 4  # 3 years of birthdays (offsets 0 to 2) x 4 kinds, rounded up
COLORS = {"occasion": 10, "duty": 4, "birthday": 1, "family_birthday": 9}


class CareCalendarEntry(models.Model):
    """The care calendar as a salesperson reads it: holidays, solar terms and events, the care
    duties, and the birthdays of customers and their family members (lunar ones on their solar
    date of each year) from last year to next year (the calendar's date range narrows the rest).
    A read-only view, computed when read: nothing to keep in step."""

    _name = "care.calendar.entry"
    _description = "Care Calendar Entry"
    _auto = False
    _order = "date, kind, id"

    name = fields.Char(readonly=True)
    date = fields.Date(readonly=True)
    kind = fields.Selection(
        [
            ("occasion", "Holiday or Event"),
            ("duty", "Care Duty"),
            ("birthday", "Customer Birthday"),
            ("family_birthday", "Family Birthday"),
        ],
        readonly=True,
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    occasion_id = fields.Many2one("care.occasion", readonly=True)
    task_id = fields.Many2one("care.task", string="Duty", readonly=True)
    lunar_label = fields.Char(string="Lunar Date", readonly=True)
    color = fields.Integer(readonly=True)

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        years = [today.year - 1, today.year, today.year + 1]
        first, last = date(years[0], 1, 1), date(years[-1], 12, 31)
        relations = dict(self.env["care.family.member"]._fields["relation"]._description_selection(self.env))
        people = SQL(
            """SELECT 'birthday' AS kind, p.id AS partner_id, NULL::int AS member_id, p.name::text AS name,
                      COALESCE(p.user_id, cp.user_id) AS user_id, p.company_id,
                      p.care_birthday_calendar AS cal, p.care_birth_date AS birth,
                      p.care_lunar_month AS m, p.care_lunar_day AS d, COALESCE(p.care_lunar_leap, FALSE) AS leap
                 FROM res_partner p JOIN res_partner cp ON cp.id = p.commercial_partner_id
                WHERE p.active AND (p.care_birth_date IS NOT NULL OR p.care_birthday_calendar = 'lunar')
               UNION ALL
               SELECT 'family_birthday', f.partner_id, f.id, f.name::text || ' (' || %s || ')',
                      COALESCE(p.user_id, cp.user_id), p.company_id,
                      f.care_birthday_calendar, f.care_birth_date, f.care_lunar_month, f.care_lunar_day,
                      COALESCE(f.care_lunar_leap, FALSE)
                 FROM care_family_member f
                 JOIN res_partner p ON p.id = f.partner_id
                 JOIN res_partner cp ON cp.id = p.commercial_partner_id
                WHERE f.active AND p.active
                  AND (f.care_birth_date IS NOT NULL OR f.care_birthday_calendar = 'lunar')""",
            SQL(
                "CASE f.relation %s ELSE f.relation END",
                SQL(" ").join(SQL("WHEN %s THEN %s", key, label) for key, label in relations.items()),
            ),
        )
        # Raw SQL over these tables: what is still in the cache goes to the database first.
        for model in ("res.partner", "care.family.member", "care.task", "care.rule", "care.occasion"):
            self.env[model].flush_model()
        lunar_keys = self.env.execute_query(
            SQL(
                """SELECT DISTINCT 'lunar', s.m, s.d, s.leap FROM (%s) s
                    WHERE s.cal = 'lunar' AND s.m BETWEEN 1 AND 12 AND s.d BETWEEN 1 AND 30""",
                people,
            )
        )
        lunar_dates = self.env["care.rule"]._care_birthday_key_dates(lunar_keys, first, last)
        labels = self.env["care.family.member"]
        lunar_rows = [
            (m, d, leap, day, labels._care_lunar_label(m, d, leap)) for _cal, m, d, leap, day in lunar_dates
        ] or [(0, 0, False, first, "")]
        lunar_values = SQL(", ").join(SQL("(%s, %s, %s, %s::date, %s)", *row) for row in lunar_rows)
        kind_code = SQL("CASE s.kind WHEN 'birthday' THEN %s ELSE %s END", KINDS["birthday"], KINDS["family_birthday"])
        return SQL(
            """WITH people AS (%(people)s),
                    lunar(m, d, leap, day, label) AS (VALUES %(lunar)s),
                    years(y) AS (SELECT unnest(%(years)s::int[]))
               SELECT o.id * %(span)s + %(k_occasion)s AS id, o.name::text AS name, o.date,
                      'occasion' AS kind, NULL::int AS partner_id, NULL::int AS user_id, o.company_id,
                      o.id AS occasion_id, NULL::int AS task_id, NULL::varchar AS lunar_label, %(c_occasion)s AS color
                 FROM care_occasion o
                WHERE o.active AND o.kind IN ('holiday', 'solar_term', 'event')
               UNION ALL
               SELECT t.id * %(span)s + %(k_duty)s, COALESCE(r.name->>%(lang)s, r.name->>'en_US') || ': ' || p.name,
                      t.date_due, 'duty', t.partner_id, t.user_id, t.company_id, t.occasion_id, t.id, NULL,
                      %(c_duty)s
                 FROM care_task t JOIN care_rule r ON r.id = t.rule_id JOIN res_partner p ON p.id = t.partner_id
                WHERE t.state <> 'cancelled'
               UNION ALL
               SELECT COALESCE(s.member_id, s.partner_id) * %(span)s + (y.y - %(y0)s) * 4 + %(kind_code)s,
                      s.name, make_date(y.y, EXTRACT(MONTH FROM s.birth)::int,
                          CASE WHEN EXTRACT(MONTH FROM s.birth) = 2 AND EXTRACT(DAY FROM s.birth) = 29
                                    AND NOT (y.y %% 4 = 0 AND (y.y %% 100 <> 0 OR y.y %% 400 = 0))
                               THEN 28 ELSE EXTRACT(DAY FROM s.birth)::int END),
                      s.kind, s.partner_id, s.user_id, s.company_id, NULL, NULL, NULL,
                      CASE s.kind WHEN 'birthday' THEN %(c_birthday)s ELSE %(c_family)s END
                 FROM people s CROSS JOIN years y
                WHERE COALESCE(s.cal, 'solar') <> 'lunar' AND s.birth IS NOT NULL
               UNION ALL
               SELECT COALESCE(s.member_id, s.partner_id) * %(span)s + (EXTRACT(YEAR FROM l.day)::int - %(y0)s) * 4
                          + %(kind_code)s,
                      s.name || ' · ' || l.label, l.day, s.kind, s.partner_id, s.user_id, s.company_id, NULL, NULL,
                      l.label,
                      CASE s.kind WHEN 'birthday' THEN %(c_birthday)s ELSE %(c_family)s END
                 FROM people s JOIN lunar l ON l.m = s.m AND l.d = s.d AND l.leap = s.leap
                WHERE s.cal = 'lunar' AND l.day BETWEEN %(first)s AND %(last)s""",
            people=people,
            lunar=lunar_values,
            years=years,
            span=SPAN,
            k_occasion=KINDS["occasion"],
            k_duty=KINDS["duty"],
            kind_code=kind_code,
            lang=self.env.lang or "en_US",
            first=first,
            last=last,
            y0=years[0],
            c_occasion=COLORS["occasion"],
            c_duty=COLORS["duty"],
            c_birthday=COLORS["birthday"],
            c_family=COLORS["family_birthday"],
        )
