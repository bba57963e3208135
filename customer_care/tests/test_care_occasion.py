from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user

from odoo.addons.base.tests.common import BaseCommon


@freeze_time("2026-01-01")
class TestCareOccasion(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Occasion = cls.env["care.occasion"].with_context(active_test=False)
        cls.company = cls.env["res.company"].create({"name": "华南家电", "country_id": cls.env.ref("base.cn").id})
        cls.other_company = cls.env["res.company"].create({"name": "Other Co", "country_id": cls.env.ref("base.cn").id})
        cls.manager = cls._user("occ_manager", "customer_care.customer_care_group_manager")
        cls.salesman = cls._user("occ_salesman", "customer_care.customer_care_group_user")

    @classmethod
    def _user(cls, login, groups):
        return new_test_user(
            cls.env, login=login, groups=groups, company_id=cls.company.id, company_ids=[cls.company.id]
        )

    def _generate(self, companies=None):
        self.env["care.occasion"]._care_generate(companies or self.company, date_from=date(2026, 1, 1))

    def _occasion(self, code, company=None):
        return self.Occasion.search([("company_id", "=", (company or self.company).id), ("code", "=", code)])

    def _on(self, day, kind, company=None):
        return self.Occasion.search(
            [("company_id", "=", (company or self.company).id), ("date", "=", day), ("kind", "=", kind)]
        )

    def test_holidays_2026_2027(self):
        self.env["care.occasion"]._care_generate(self.company, date_from=date(2026, 3, 1))
        expected = {
            date(2026, 4, 5): ("清明节", "Tomb-Sweeping Day"),
            date(2026, 5, 1): ("劳动节", "Labor Day"),
            date(2026, 6, 19): ("端午节", "Dragon Boat Festival"),
            date(2026, 9, 25): ("中秋节", "Mid-Autumn Festival"),
            date(2026, 10, 1): ("国庆节", "National Day"),
            date(2027, 1, 1): ("元旦", "New Year's Day"),
            date(2027, 2, 6): ("春节", "Chinese New Year (Spring Festival)"),
        }
        holidays = self.Occasion.search([("company_id", "=", self.company.id), ("kind", "=", "holiday")])
        self.assertEqual({h.date: (h.name, h.name_en) for h in holidays}, expected)
        # One greeting per festival: the further days off are informational.
        self.assertEqual(self._on(date(2027, 2, 7), "day_off").name, "春节")
        self.assertEqual(self._on(date(2027, 2, 5), "day_off").name_en, "Chinese New Year's Eve")
        self.assertEqual(self._on(date(2026, 10, 7), "day_off").name_en, "Day off (substituted from 10/10/2026)")
        # 调休: the weekend days worked in 2026 for the substituted days off.
        workdays = self.Occasion.search([("company_id", "=", self.company.id), ("kind", "=", "workday")])
        self.assertEqual(workdays.mapped("date"), [date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10)])

    def test_other_country_holidays(self):
        us_company = self.env["res.company"].create({"name": "US Co", "country_id": self.env.ref("base.us").id})
        self._generate(us_company)
        self.assertEqual(self._occasion("holiday:US:2026:Independence Day", us_company).date, date(2026, 7, 4))
        self.assertEqual(self._occasion("holiday:US:2026:Thanksgiving Day", us_company).date, date(2026, 11, 26))
        # 4 July 2026 is a Saturday: the Friday off is informational, not a second greeting.
        self.assertEqual(self._on(date(2026, 7, 3), "day_off", us_company).name_en, "Independence Day (observed)")
        self.assertFalse(self._on(date(2026, 9, 25), "holiday", us_company))
        # The solar terms are on every company's calendar.
        self.assertEqual(self._occasion("solar_term:2026:冬至", us_company).date, date(2026, 12, 22))

    def test_solar_terms(self):
        self._generate()
        terms = self.Occasion.search([("company_id", "=", self.company.id), ("kind", "=", "solar_term")])
        # 2026-01-05 小寒 to 2027-01-01: the 24 terms of 2026, each once.
        self.assertEqual(len(terms), 24)
        self.assertEqual(len(set(terms.mapped("name"))), 24)
        expected = {
            "小寒": (date(2026, 1, 5), "Minor Cold"),
            "立春": (date(2026, 2, 4), "Beginning of Spring"),
            "清明": (date(2026, 4, 5), "Pure Brightness"),
            "夏至": (date(2026, 6, 21), "Summer Solstice"),
            "秋分": (date(2026, 9, 23), "Autumn Equinox"),
            "冬至": (date(2026, 12, 22), "Winter Solstice"),
        }
        for name, (day, name_en) in expected.items():
            term = terms.filtered(lambda t, name=name: t.name == name)
            self.assertEqual((term.date, term.name_en, term.code), (day, name_en, f"solar_term:2026:{name}"))

    def test_solar_terms_into_2027(self):
        self.env["care.occasion"]._care_generate(self.company, date_from=date(2026, 12, 1))
        terms = self.Occasion.search([("company_id", "=", self.company.id), ("kind", "=", "solar_term")])
        by_name = {(t.date.year, t.name): t.date for t in terms}
        self.assertEqual(by_name[2026, "冬至"], date(2026, 12, 22))
        self.assertEqual(by_name[2027, "小寒"], date(2027, 1, 5))
        self.assertEqual(by_name[2027, "立春"], date(2027, 2, 4))
        self.assertEqual(by_name[2027, "清明"], date(2027, 4, 5))

    def test_regeneration_idempotent(self):
        self._generate()
        first = self.Occasion.search_fetch([("company_id", "=", self.company.id)], ["code", "date", "name", "active"])
        snapshot = [(o.id, o.code, o.date, o.name, o.active) for o in first]
        self._generate()
        second = self.Occasion.search_fetch([("company_id", "=", self.company.id)], ["code", "date", "name", "active"])
        self.assertEqual([(o.id, o.code, o.date, o.name, o.active) for o in second], snapshot)
        self.assertGreater(len(snapshot), 40)

    def test_cron_covers_every_company(self):
        cron = self.env.ref("customer_care.ir_cron_care_occasion_generate")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        for company in self.company | self.other_company:
            self.assertEqual(self._occasion("holiday:CN:2026:Mid-Autumn Festival", company).date, date(2026, 9, 25))
        self.assertNotEqual(
            self._occasion("solar_term:2026:冬至", self.company),
            self._occasion("solar_term:2026:冬至", self.other_company),
        )

    def test_manager_corrections_survive_regeneration(self):
        self._generate()
        occasions = self.env["care.occasion"].with_user(self.manager)
        dragon = occasions.search([("code", "=", "holiday:CN:2026:Dragon Boat Festival")])
        workday = occasions.search([("code", "=", "workday:CN:2026-09-20")])
        # Move a holiday, remove an adjusted working day, add one the library does not know.
        dragon.write({"date": date(2026, 6, 20)})
        workday.action_remove()
        added = occasions.create(
            {"name": "调休上班", "name_en": "Adjusted working day", "date": date(2026, 6, 27), "kind": "workday"}
        )
        self.assertEqual((dragon.source, workday.source, added.source), ("manual", "manual", "manual"))
        self._generate()
        self.assertEqual(dragon.date, date(2026, 6, 20))
        self.assertFalse(workday.active)
        self.assertTrue(added.exists())
        self.assertEqual(len(self.Occasion.search([("code", "=", "holiday:CN:2026:Dragon Boat Festival")])), 1)
        # Removed occasions are no greeting: the duties never see them.
        greetings = self.env["care.occasion"]._care_occasions(self.company, date(2026, 6, 1), date(2026, 6, 30))
        self.assertIn(dragon, greetings)
        self.assertEqual(set(greetings.mapped("kind")) - {"holiday", "solar_term"}, set())
        # Deleting a generated row would let it come back: refused.
        with self.assertRaises(UserError):
            occasions.search([("code", "=", "solar_term:2026:夏至")]).unlink()

    def test_company_event_and_access(self):
        self._generate(self.company | self.other_company)
        category = self.env["product.category"].create({"name": "空调 Air conditioners"})
        launch = (
            self.env["care.occasion"]
            .with_user(self.manager)
            .create(
                {
                    "name": "新品发布会",
                    "date": date(2026, 3, 18),
                    "kind": "event",
                    "event_type": "launch",
                    "product_category_ids": [(6, 0, category.ids)],
                }
            )
        )
        self.assertEqual(launch.company_id, self.company)
        found = self.env["care.occasion"]._care_occasions(self.company, date(2026, 3, 1), date(2026, 3, 31), ["event"])
        self.assertEqual(found, launch)
        self.assertFalse(
            self.env["care.occasion"]._care_occasions(
                self.other_company, date(2026, 3, 1), date(2026, 3, 31), ["event"]
            )
        )
        # Salespeople read their company's calendar only, and cannot edit it.
        as_salesman = self.env["care.occasion"].with_user(self.salesman)
        visible = as_salesman.search([("date", "=", date(2026, 9, 25)), ("kind", "=", "holiday")])
        self.assertEqual(visible.company_id, self.company)
        with self.assertRaises(AccessError):
            visible.write({"date": date(2026, 9, 26)})
        with self.assertRaises(AccessError):
            as_salesman.create({"name": "答谢会", "date": date(2026, 5, 20), "event_type": "appreciation"})
