from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user

from .common_dossier import CareDossierCommon


class TestDossier(CareDossierCommon):
    def test_dossier_fields_round_trip(self):
        hobby = self.env["care.hobby"].create({"name": "Go (围棋)"})
        company = self.env["res.partner"].create({"name": "华为 Huawei Demo", "is_company": True})
        values = {
            "parent_id": company.id,
            "care_gender": "female",
            "care_education_degree": "master",
            "care_education_school": "复旦大学",
            "care_marital_status": "married",
            "care_children_count": 2,
            "care_income_range": "upper",
            "care_religion": "Buddhism",
            "care_sports": "Badminton",
            "care_contact_channel": "wechat",
            "care_do_not_contact": True,
            "care_demand_state": "intent",
            "care_is_key_person": True,
            "care_key_person_role": "decision_maker",
            "care_hobby_ids": [Command.set(hobby.ids)],
            "care_family_member_ids": [
                Command.create({"name": "王小明", "relation": "child", "care_birth_date": "2015-06-01"}),
                Command.create(
                    {
                        "name": "王强",
                        "relation": "spouse",
                        "care_birthday_calendar": "lunar",
                        "care_lunar_month": 8,
                        "care_lunar_day": 15,
                    }
                ),
            ],
        }
        self.customer.write(values)
        self.customer.invalidate_recordset()
        for name in (
            "care_gender",
            "care_education_degree",
            "care_education_school",
            "care_marital_status",
            "care_children_count",
            "care_income_range",
            "care_religion",
            "care_sports",
            "care_contact_channel",
            "care_do_not_contact",
            "care_demand_state",
            "care_is_key_person",
            "care_key_person_role",
        ):
            self.assertEqual(self.customer[name], values[name], name)
        self.assertEqual(self.customer.care_hobby_ids, hobby)
        self.assertEqual(self.customer.care_family_member_ids.mapped("name"), ["王小明", "王强"])
        self.assertEqual(self.customer.care_family_member_ids[1].care_lunar_day, 15)
        self.assertEqual(company.care_key_person_ids, self.customer)

    @freeze_time("2026-03-10 09:00:00")
    def test_dossier_updated_on(self):
        self.customer.care_dossier_updated_on = False
        self.customer.comment = "not a dossier field"
        self.assertFalse(self.customer.care_dossier_updated_on)
        self.customer.care_habits = "Early riser"
        self.assertEqual(self.customer.care_dossier_updated_on, datetime(2026, 3, 10, 9, 0))

    def test_referrals(self):
        referred = self.env["res.partner"].create(
            [{"name": f"Referred {i}", "care_referred_by_id": self.customer.id} for i in range(3)]
        )
        self.assertEqual(self.customer.care_referral_ids, referred)
        self.assertEqual(self.customer.care_referral_count, 3)
        action = self.customer.action_care_view_referrals()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), referred)


@freeze_time("2026-06-01")
class TestLunarBirthday(CareDossierCommon):
    def _lunar(self, month, day, year=0, leap=False):
        self.customer.write(
            {
                "care_birthday_calendar": "lunar",
                "care_lunar_year": year,
                "care_lunar_month": month,
                "care_lunar_day": day,
                "care_lunar_leap": leap,
            }
        )

    def test_valid_lunar_birthdays(self):
        self._lunar(6, 29, year=2025, leap=True)  # 2025 has a leap 6th month of 29 days
        self.assertTrue(self.customer.care_lunar_leap)
        self._lunar(2, 30)  # without a year, day 30 is allowed
        self._lunar(12, 1, year=1980)
        self.assertEqual(self.customer.care_lunar_year, 1980)

    def test_invalid_lunar_birthdays(self):
        cases = [
            {"month": 13, "day": 1},
            {"month": 0, "day": 1},
            {"month": 1, "day": 31},
            {"month": 5, "day": 1, "year": 2025, "leap": True},  # 2025's leap month is the 6th
            {"month": 6, "day": 30, "year": 2025, "leap": True},  # leap 6th month of 2025: 29 days
            {"month": 2, "day": 30, "year": 2025},  # 2nd month of 2025: 29 days
            {"month": 1, "day": 1, "year": 2027},  # in the future
        ]
        for case in cases:
            with self.subTest(**case), self.assertRaises(ValidationError):
                self._lunar(**case)
        self.assertFalse(self.customer.care_lunar_month, "refused input leaves nothing behind")

    def test_invalid_solar_birthday(self):
        with self.assertRaises(ValidationError):
            self.customer.care_birth_date = date(2026, 12, 1)
        with self.assertRaises(ValueError):
            self.customer.care_birth_date = "2023-02-30"

    def test_lunar_day_30_falls_on_29(self):
        self._lunar(2, 30)
        # The 2nd lunar month of 2026 has 29 days: the birthday falls on its 29th, 2026-04-16.
        self.assertEqual(
            self.customer._care_birthdays_between(date(2026, 1, 1), date(2026, 12, 31)), [date(2026, 4, 16)]
        )

    def test_leap_month_birthday(self):
        self._lunar(6, 10, year=2025, leap=True)
        # In 2025 the leap month exists: 闰六月初十 is 2025-08-03, not the ordinary 六月初十 (2025-07-04).
        self.assertEqual(
            self.customer._care_birthdays_between(date(2025, 1, 1), date(2025, 12, 31)), [date(2025, 8, 3)]
        )
        # 2026 has no leap month: the ordinary 6th month is used, 2026-07-23.
        self.assertEqual(
            self.customer._care_birthdays_between(date(2026, 1, 1), date(2026, 12, 31)), [date(2026, 7, 23)]
        )

    def test_february_29(self):
        self.customer.care_birth_date = date(2000, 2, 29)
        self.assertEqual(
            self.customer._care_birthdays_between(date(2026, 1, 1), date(2026, 12, 31)), [date(2026, 2, 28)]
        )
        self.assertEqual(
            self.customer._care_birthdays_between(date(2028, 1, 1), date(2028, 12, 31)), [date(2028, 2, 29)]
        )


class TestCompleteness(CareDossierCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        fields = cls.env["ir.model.fields"].search(
            [
                ("model", "=", "res.partner"),
                ("name", "in", ["phone", "care_gender", "care_birth_date", "care_lunar_month", "care_hobby_ids"]),
            ]
        )
        # Shared contacts are judged by their salesperson's company: every company gets the same list.
        cls.env["res.company"].search([]).care_dossier_field_ids = fields

    def test_completeness(self):
        partner = self.env["res.partner"].create({"name": "Zhang Wei", "user_id": self.salesman.id})
        # phone, gender, birthday (solar or lunar: one item), hobbies
        self.assertEqual(partner.care_dossier_completeness, 0)
        partner.phone = "+86 138 0000 0000"
        self.assertEqual(partner.care_dossier_completeness, 25)
        partner.write({"care_birthday_calendar": "lunar", "care_lunar_month": 3, "care_lunar_day": 3})
        self.assertEqual(partner.care_dossier_completeness, 50)
        partner.care_hobby_ids = [Command.create({"name": "Seal carving"})]
        partner.care_gender = "male"
        self.assertEqual(partner.care_dossier_completeness, 100)
        partner.phone = False
        self.assertEqual(partner.care_dossier_completeness, 75)

    def test_company_judged_on_company_fields(self):
        company = self.env["res.partner"].create({"name": "Acme 公司", "is_company": True, "phone": "123"})
        # Of phone, gender, birthday and hobbies only the phone applies to a company.
        self.assertEqual(company.care_dossier_completeness, 100)
        company.is_company = False
        self.assertEqual(company.care_dossier_completeness, 25)

    def test_solar_birthday_counts_once(self):
        partner = self.env["res.partner"].create({"name": "Solar", "care_birth_date": "1990-05-04"})
        self.assertEqual(partner.care_dossier_completeness, 25)

    def test_settings_change_recomputes_all(self):
        partner = self.env["res.partner"].create({"name": "Only a phone", "phone": "123"})
        self.assertEqual(partner.care_dossier_completeness, 25)
        settings = self.env["res.config.settings"].create({})
        settings.care_dossier_field_ids = self.env["ir.model.fields"]._get("res.partner", "phone")
        settings.execute()
        self.assertEqual(partner.care_dossier_completeness, 100)
        self.assertEqual(self.other_customer.care_dossier_completeness, 0)

    def test_one2many_key_field_counts_active_records(self):
        # Needs, not family members: a key field must be one every salesperson may read.
        self.env["res.company"].search([]).care_dossier_field_ids = self.env["ir.model.fields"]._get(
            "res.partner", "care_need_ids"
        )
        self.assertEqual(self.customer.care_dossier_completeness, 0)
        need = self.env["care.need"].create({"partner_id": self.customer.id, "description": "Tea for the office"})
        self.assertEqual(self.customer.care_dossier_completeness, 100)
        need.active = False
        self.assertEqual(self.customer.care_dossier_completeness, 0)


class TestDossierAccess(CareDossierCommon):
    def test_sensitive_fields_hidden(self):
        customer = self.customer.with_user(self.salesman)
        self.assertEqual(customer.name, "李娜 Li Na")
        with self.assertRaises(AccessError):
            customer.read(["care_health_notes"])
        with self.assertRaises(AccessError):
            customer.write({"care_religion": "None"})
        with self.assertRaises(AccessError):
            self.env["care.family.member"].with_user(self.salesman).search([])
        # The form opens without them: fields outside the user's groups are stripped.
        arch = customer.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="care_hobby_ids"', arch)
        self.assertNotIn("care_health_notes", arch)
        self.assertNotIn("care_family_member_ids", arch)
        customer.web_read({"display_name": {}, "care_hobby_ids": {"fields": {"display_name": {}}}})

    def test_sensitive_group_reads(self):
        customer = self.customer.with_user(self.salesman_sensitive)
        self.assertEqual(customer.read(["care_health_notes"])[0]["care_health_notes"], "Pollen allergy")
        arch = customer.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("care_health_notes", arch)

    def test_archive_not_delete(self):
        customer = self.customer.with_user(self.salesman)
        need = self.env["care.need"].create({"partner_id": self.customer.id, "description": "A new car"})
        with self.assertRaisesRegex(UserError, "archive"):
            customer.unlink()
        customer.action_archive()
        self.assertFalse(self.customer.active)
        with self.assertRaisesRegex(UserError, "archive"):
            need.with_user(self.salesman).unlink()
        need.with_user(self.salesman).action_archive()
        self.assertFalse(need.active)
        own_customer = self.env["res.partner"].create(
            {"name": "Sensitive salesman's customer", "user_id": self.salesman_sensitive.id}
        )
        member = self.env["care.family.member"].create({"partner_id": own_customer.id, "name": "Li Lei"})
        with self.assertRaisesRegex(UserError, "archive"):
            member.with_user(self.salesman_sensitive).unlink()
        member.with_user(self.salesman_sensitive).action_archive()
        self.assertFalse(member.active)
        # A contact with nothing attached may still be deleted, a customer too.
        self.env["res.partner"].create({"name": "Typo"}).with_user(self.salesman).unlink()
        self.other_customer.with_user(self.care_manager).unlink()
        self.assertFalse(self.other_customer.exists())

    def test_needs_follow_salesperson(self):
        Need = self.env["care.need"]
        own = Need.create({"partner_id": self.customer.id, "description": "Own customer's need"})
        other = Need.create({"partner_id": self.other_customer.id, "description": "Someone else's"})
        self.assertEqual(Need.with_user(self.salesman).search([("id", "in", (own | other).ids)]), own)
        self.assertEqual(Need.with_user(self.care_manager).search([("id", "in", (own | other).ids)]), own | other)
        self.assertEqual(self.customer.with_user(self.salesman).care_need_count, 1)
        own.with_user(self.salesman).action_met()
        self.assertEqual(self.customer.with_user(self.salesman).care_need_count, 0)

    def test_multi_company_isolation(self):
        company_b = self.env["res.company"].create({"name": "Care Company B"})
        partner_b = self.env["res.partner"].create({"name": "Customer of B", "company_id": company_b.id})
        need_b = self.env["care.need"].create({"partner_id": partner_b.id, "description": "B's need"})
        member_b = self.env["care.family.member"].create({"partner_id": partner_b.id, "name": "B's child"})
        self.assertEqual(need_b.company_id, company_b)
        manager_a = new_test_user(
            self.env,
            login="care_manager_a",
            groups="customer_care.customer_care_group_manager,customer_care.customer_care_group_sensitive",
        )
        self.assertFalse(self.env["care.need"].with_user(manager_a).search([("id", "=", need_b.id)]))
        self.assertFalse(self.env["care.family.member"].with_user(manager_a).search([("id", "=", member_b.id)]))
        manager_a.write({"company_ids": [Command.link(company_b.id)]})
        self.assertEqual(
            self.env["care.need"]
            .with_user(manager_a)
            .with_context(allowed_company_ids=company_b.ids)
            .search([("id", "=", need_b.id)]),
            need_b,
        )


@freeze_time("2025-08-15")
class TestBirthdayThisMonth(CareDossierCommon):
    def test_birthday_this_month_filter(self):
        Partner = self.env["res.partner"]
        # August 2025 runs from 闰六月初八 to 七月初九: 闰六月初十 is 08-03, 七月初一 08-23, while the
        # ordinary 六月初十 was 07-04 and 八月十五 is in October.
        partners = Partner.create(
            [
                {"name": "Solar in August", "care_birth_date": "1990-08-30"},
                {"name": "Solar in July", "care_birth_date": "1990-07-30"},
                {
                    "name": "Leap 6/10",
                    "care_birthday_calendar": "lunar",
                    "care_lunar_month": 6,
                    "care_lunar_day": 10,
                    "care_lunar_leap": True,
                },
                {
                    "name": "Ordinary 6/10",
                    "care_birthday_calendar": "lunar",
                    "care_lunar_month": 6,
                    "care_lunar_day": 10,
                },
                {"name": "Lunar 7/1", "care_birthday_calendar": "lunar", "care_lunar_month": 7, "care_lunar_day": 1},
                {"name": "Lunar 8/15", "care_birthday_calendar": "lunar", "care_lunar_month": 8, "care_lunar_day": 15},
            ]
        )
        found = Partner.search([("id", "in", partners.ids), ("care_birthday_this_month", "=", True)])
        self.assertEqual(set(found.mapped("name")), {"Solar in August", "Leap 6/10", "Lunar 7/1"})
        self.assertEqual(partners.filtered("care_birthday_this_month"), found)
        not_found = Partner.search([("id", "in", partners.ids), ("care_birthday_this_month", "=", False)])
        self.assertEqual(not_found, partners - found)
