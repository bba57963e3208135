import psycopg2

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time
from odoo.tools import mute_logger

from .common_dossier import CareDossierCommon


@freeze_time("2026-06-15 04:00:00")
class TestLunarInput(CareDossierCommon):
    """An impossible lunar date is refused on every write path, and one stored around the checks is
    skipped by the Birthday This Month filter instead of crashing it (as a salesperson)."""

    def test_birthday_filter_skips_impossible_lunar_dates_stored_around_the_checks(self):
        lunar = self.env["res.partner"].create(
            [
                {
                    "name": name,
                    "customer_rank": 1,
                    "user_id": self.salesman.id,
                    "care_birthday_calendar": "lunar",
                    "care_lunar_month": 5,
                    "care_lunar_day": 1,
                }
                for name in ("Lunar 5/1", "Month 13", "Day 31")
            ]
        )
        valid, month_13, day_31 = lunar
        # As data written before the database checks existed.
        self.env.cr.execute(
            "ALTER TABLE res_partner DROP CONSTRAINT res_partner_care_lunar_month_range,"
            " DROP CONSTRAINT res_partner_care_lunar_day_range"
        )
        self.env.cr.execute("UPDATE res_partner SET care_lunar_month = 13 WHERE id = %s", [month_13.id])
        self.env.cr.execute("UPDATE res_partner SET care_lunar_day = 31 WHERE id = %s", [day_31.id])
        self.env.invalidate_all()
        Partner = self.env["res.partner"].with_user(self.salesman)
        scope = [("id", "in", lunar.ids)]
        self.assertEqual(Partner.search([*scope, ("care_birthday_this_month", "=", True)]), valid)
        self.assertEqual(Partner.search([*scope, ("care_birthday_this_month", "=", False)]), month_13 + day_31)
        records = Partner.web_search_read(
            [*scope, ("care_birthday_this_month", "=", False)],
            {"display_name": {}, "care_birthday_this_month": {}},
        )["records"]
        self.assertEqual([record["care_birthday_this_month"] for record in records], [False, False])
        self.assertEqual(valid.with_user(self.salesman).care_birthday_this_month, True)

    def test_every_path_validates_lunar_dates(self):
        customer = self.customer.with_user(self.salesman)
        Partner = self.env["res.partner"].with_user(self.salesman)
        # Kept aside by a solar birthday or not, an impossible lunar date is refused...
        for values in (
            {"care_lunar_month": 13},
            {"care_birthday_calendar": "solar", "care_lunar_day": 31},
            {"care_lunar_year": 2**31},
            {"care_birthday_calendar": "lunar", "care_lunar_month": -3, "care_lunar_day": 1},
        ):
            with self.subTest(**values), self.assertRaises(ValidationError):
                customer.write(values)
                customer.flush_recordset()
            # ...before the INSERT of a new contact, which would fail with a raw database error.
            with self.subTest(create=values), self.assertRaises(ValidationError):
                Partner.create({"name": "New", **values})
        self.assertFalse(self.customer.care_lunar_month)
        # Family members share the checks.
        with self.assertRaises(ValidationError):
            self.env["care.family.member"].create(
                {"partner_id": self.customer.id, "name": "王小明", "care_lunar_month": 5, "care_lunar_day": 31}
            )
        # Even in SQL, the database refuses it.
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation):
            self.env.cr.execute("UPDATE res_partner SET care_lunar_month = 13 WHERE id = %s", [self.customer.id])
