from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time

from .common_care import CareDutyCommon


class TestCareRuleTriggers(CareDutyCommon):
    """Each trigger plans its duty on the right date (company-local, Asia/Shanghai)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.customer + cls.customer_2).write({"ref": "care-test"})
        cls.rule.write({"partner_domain": "[('ref', '=', 'care-test')]"})

    def _rule(self, trigger, **values):
        return self.env["care.rule"].create(
            {
                "name": f"Test {trigger}",
                "trigger": trigger,
                "partner_domain": "[('ref', '=', 'care-test')]",
                "lead_days": 3,
                "grace_days": 1,
                **values,
            }
        )

    def _run(self, rule, today):
        rule._care_generate_tasks(today)
        return self.env["care.task"].search([("rule_id", "=", rule.id)], order="partner_id, occasion_date")

    def _occasion(self, kind, day, name, **values):
        return self.env["care.occasion"].create({"kind": kind, "date": day, "name": name, **values})

    def test_birthday_solar_and_29_february(self):
        rule = self._rule("birthday")
        self.customer.care_birth_date = date(1990, 3, 15)
        self.customer_2.care_birth_date = date(1992, 2, 29)
        tasks = self._run(rule, date(2026, 3, 13))
        self.assertRecordValues(
            tasks,
            [
                {
                    "partner_id": self.customer.id,
                    "occasion_date": date(2026, 3, 15),
                    "date_due": date(2026, 3, 15),
                    "user_id": self.salesman.id,
                    "state": "todo",
                    "trigger": "birthday",
                }
            ],
        )
        # 2027 is a common year: 29 February falls on 28 February.
        tasks = self._run(rule, date(2027, 2, 26))
        self.assertEqual(tasks.filtered(lambda t: t.partner_id == self.customer_2).date_due, date(2027, 2, 28))

    def test_birthday_lunar_edge_cases(self):
        rule = self._rule("birthday")
        # 农历十二月二十 of lunar year 2026 is in the next solar year: 2027-01-27.
        self.customer.write({"care_birthday_calendar": "lunar", "care_lunar_month": 12, "care_lunar_day": 20})
        self.assertEqual(self._run(rule, date(2027, 1, 25)).occasion_date, date(2027, 1, 27))
        # 农历二月三十: lunar 2026's second month has 29 days, the birthday falls on 二月廿九 (2026-04-16).
        self.customer.write({"care_lunar_month": 2, "care_lunar_day": 30})
        tasks = self._run(rule, date(2026, 4, 14))
        self.assertEqual(tasks.filtered(lambda t: t.occasion_date.year == 2026).occasion_date, date(2026, 4, 16))

    def test_birthday_lunar_leap_month(self):
        rule = self._rule("birthday")
        # Born in 闰六月初十: 2025 has a leap sixth month (2025-08-03), 2026 has none (六月初十 = 2026-07-23).
        self.customer.write(
            {"care_birthday_calendar": "lunar", "care_lunar_month": 6, "care_lunar_day": 10, "care_lunar_leap": True}
        )
        self.customer_2.write({"care_birthday_calendar": "lunar", "care_lunar_month": 6, "care_lunar_day": 10})
        tasks = self._run(rule, date(2025, 8, 1))
        self.assertEqual(tasks.partner_id, self.customer, "the ordinary-month birthday was a month earlier")
        self.assertEqual(tasks.occasion_date, date(2025, 8, 3))
        tasks = self._run(rule, date(2026, 7, 21)).filtered(lambda t: t.occasion_date.year == 2026)
        self.assertEqual(tasks.mapped("occasion_date"), [date(2026, 7, 23), date(2026, 7, 23)])

    def test_birthday_of_family_member_and_key_person(self):
        member = self.env["care.family.member"].create(
            {"partner_id": self.customer.id, "name": "王小明", "relation": "child", "care_birth_date": date(2015, 6, 2)}
        )
        company = self.env["res.partner"].create(
            {"name": "Care Test Co", "is_company": True, "ref": "care-test", "user_id": self.salesman_2.id}
        )
        key_person = self.env["res.partner"].create(
            {
                "name": "赵总 Zhao",
                "parent_id": company.id,
                "care_is_key_person": True,
                "care_birth_date": date(1970, 6, 3),
            }
        )
        tasks = self._run(self._rule("birthday", birthday_of="family_member"), date(2026, 6, 1))
        self.assertRecordValues(
            tasks,
            [
                {
                    "partner_id": self.customer.id,
                    "family_member_id": member.id,
                    "occasion_date": date(2026, 6, 2),
                    "user_id": self.salesman.id,
                }
            ],
        )
        tasks = self._run(self._rule("birthday", birthday_of="key_person"), date(2026, 6, 1))
        self.assertRecordValues(
            tasks, [{"partner_id": key_person.id, "occasion_date": date(2026, 6, 3), "user_id": self.salesman_2.id}]
        )

    def test_holiday_solar_term_and_event_invitation(self):
        holiday = self._occasion("holiday", date(2026, 11, 12), "测试节", name_en="Test Day")
        self.assertEqual(self._run(self.rule, date(2026, 11, 8)), self.env["care.task"], "4 days ahead: not yet")
        tasks = self._run(self.rule, date(2026, 11, 9))
        self.assertEqual(tasks.mapped("occasion_id"), holiday)
        self.assertEqual(tasks.partner_id, self.customer + self.customer_2)
        self.assertEqual(set(tasks.mapped("date_due")), {date(2026, 11, 12)})
        event = self._occasion("event", date(2026, 6, 10), "答谢会", event_type="appreciation")
        tasks = self._run(self._rule("event_invitation", lead_days=7), date(2026, 6, 3))
        self.assertEqual(tasks.occasion_id, event)
        self.assertEqual(set(tasks.mapped("date_due")), {date(2026, 6, 9)}, "invited the day before at the latest")

    def test_periodic_contact(self):
        # Periods of 30 days from 2000-01-01: 2026-04-14 to 2026-05-13, then 2026-05-14 to 2026-06-12.
        rule = self._rule("periodic_contact", interval_days=30)
        tasks = self._run(rule, date(2026, 5, 10))
        self.assertRecordValues(tasks, [{"occasion_date": date(2026, 4, 14), "date_due": date(2026, 5, 13)}] * 2)
        tasks = self._run(rule, date(2026, 5, 11)) - tasks
        self.assertRecordValues(tasks, [{"occasion_date": date(2026, 5, 14), "date_due": date(2026, 6, 12)}] * 2)

    def test_outreach_follow_up(self):
        self.env["care.outreach"].create({"partner_id": self.customer.id, "date": date(2026, 5, 1)})
        with freeze_time("2026-05-03 04:00:00"):
            tasks = self._run(self._rule("outreach_follow_up", interval_days=7, lead_days=7), date(2026, 5, 3))
        self.assertRecordValues(
            tasks, [{"partner_id": self.customer.id, "occasion_date": date(2026, 5, 1), "date_due": date(2026, 5, 8)}]
        )

    def test_after_sale_anniversary_and_new_product(self):
        category = self.env["product.category"].create({"name": "Care Tea"})
        subcategory = self.env["product.category"].create({"name": "Green Tea", "parent_id": category.id})
        product = self.env["product.product"].create(
            {"name": "Longjing", "categ_id": subcategory.id, "list_price": 100}
        )
        for invoice_date in (date(2025, 5, 10), date(2026, 5, 20)):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_date": invoice_date,
                    "invoice_line_ids": [Command.create({"product_id": product.id, "quantity": 1, "price_unit": 100})],
                }
            )
            invoice.action_post()
        tasks = self._run(self._rule("after_sale", interval_days=7, lead_days=2), date(2026, 5, 25))
        self.assertRecordValues(
            tasks, [{"partner_id": self.customer.id, "occasion_date": date(2026, 5, 20), "date_due": date(2026, 5, 27)}]
        )
        tasks = self._run(self._rule("anniversary"), date(2026, 5, 8))
        self.assertRecordValues(tasks, [{"partner_id": self.customer.id, "date_due": date(2026, 5, 10)}])
        launch = self._occasion(
            "event", date(2026, 7, 1), "新茶发布", event_type="launch", product_category_ids=[Command.set(category.ids)]
        )
        # customer_2 never bought tea but has an open need in green tea; a met need would not count.
        self.env["care.need"].create(
            [
                {"partner_id": self.customer_2.id, "description": "Tea for the office", "category_id": subcategory.id},
                {"partner_id": self.customer_2.id, "description": "Old", "category_id": category.id, "state": "met"},
            ]
        )
        tasks = self._run(self._rule("new_product"), date(2026, 6, 29))
        self.assertEqual(tasks.partner_id, self.customer + self.customer_2)
        self.assertEqual(tasks.occasion_id, launch)
        self.assertEqual(set(tasks.mapped("date_due")), {date(2026, 7, 1)})

    def test_quick_filters_do_not_contact_and_salesperson(self):
        self._occasion("holiday", date(2026, 11, 12), "测试节")
        self.customer_2.care_do_not_contact = True
        self.assertEqual(self._run(self.rule, date(2026, 11, 10)).partner_id, self.customer)
        self.customer_2.care_do_not_contact = False
        rule = self._rule("holiday", salesperson_ids=[Command.set(self.salesman_2.ids)])
        self.assertEqual(self._run(rule, date(2026, 11, 10)).partner_id, self.customer_2)
        self.customer.care_demand_state = "intent"
        intent = self.env.ref("customer_care.selection__res_partner__care_demand_state__intent")
        rule = self._rule("holiday", demand_state_ids=[Command.set(intent.ids)])
        self.assertEqual(self._run(rule, date(2026, 11, 10)).partner_id, self.customer)
        self.customer_2.care_stage = "member"
        member = self.env.ref("customer_care.selection__res_partner__care_stage__member")
        rule = self._rule("holiday", stage_ids=[Command.set(member.ids)])
        self.assertEqual(self._run(rule, date(2026, 11, 10)).partner_id, self.customer_2)

    def test_birthday_keys_converted_once(self):
        # Ten customers share 农历八月十五, two share 1990-03-15 style solar keys: one conversion per key.
        customers = self.env["res.partner"].create(
            [
                {
                    "name": f"Lunar {i}",
                    "ref": "care-test",
                    "user_id": self.salesman.id,
                    "care_birthday_calendar": "lunar",
                    "care_lunar_month": 8,
                    "care_lunar_day": 15,
                }
                for i in range(10)
            ]
        )
        (self.customer + self.customer_2).care_birth_date = date(1990, 9, 24)
        family_member = self.env.registry["care.family.member"]
        original = family_member._care_birthdays_between
        with patch.object(family_member, "_care_birthdays_between", autospec=True, side_effect=original) as convert:
            tasks = self._run(self._rule("birthday"), date(2026, 9, 23))
        self.assertEqual(convert.call_count, 2, "one lunar key and one solar key")
        self.assertEqual(len(tasks), 12)
        self.assertEqual(
            set(tasks.filtered(lambda t: t.partner_id in customers).mapped("occasion_date")), {date(2026, 9, 25)}
        )

    def test_invalid_domain_refused(self):
        with self.assertRaises(ValidationError):
            self._rule("holiday", partner_domain="[('no_such_field', '=', 1)]")
        with self.assertRaises(ValidationError):
            self.rule.partner_domain = "[('name', '=',"
