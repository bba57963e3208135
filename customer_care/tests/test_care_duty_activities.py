import json
from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.tests import freeze_time

from odoo.addons.customer_care.models.care import care_task

from .common_care import CareDutyCommon


@freeze_time("2026-11-09 04:00:00")
class TestDutyTodos(CareDutyCommon):
    """The daily run inserts the duties' to-dos in SQL: to the salesperson they are the to-dos
    `activity_schedule` makes, wherever they show."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman.group_ids = [Command.link(cls.env.ref("base.group_partner_manager").id)]
        cls.customer_3 = cls.env["res.partner"].create(
            {"name": "张伟 Zhang Wei", "customer_rank": 1, "user_id": cls.salesman.id}
        )
        cls.todo_type = cls.env.ref("customer_care.mail_activity_type_care_duty")

    def _bus_activity_updates(self):
        return [
            (json.loads(value["channel"]), json.loads(value["message"])["payload"])
            for value in self.env.cr.precommit.data.get("bus.bus.values", [])
            if json.loads(value["message"])["type"] == "mail.activity/updated"
        ]

    def _systray(self, user):
        groups = self.env["res.users"].with_user(user)._get_activity_groups()
        return {group["model"]: group for group in groups}.get("res.partner")

    def test_inserted_todo_is_an_activity_schedule_todo(self):
        # The same duty twice, due today: one to-do inserted, the other made by activity_schedule.
        inserted_duty = self._create_task(self.customer, "2026-11-09")
        scheduled_duty = self._create_task(self.customer_3, "2026-11-09")
        self.env.cr.precommit.data.pop("bus.bus.values", None)
        inserted_duty._care_create_activities()
        inserted_bus = self._bus_activity_updates()
        self.env.cr.precommit.data.pop("bus.bus.values", None)
        self.customer_3.activity_schedule(
            "customer_care.mail_activity_type_care_duty",
            date_deadline=scheduled_duty.date_due,
            summary="Holiday greeting",
            user_id=self.salesman.id,
            care_task_id=scheduled_duty.id,
        )
        scheduled_bus = self._bus_activity_updates()
        # The salesperson's web client is told of one more to-do due, either way.
        self.assertEqual(inserted_bus, scheduled_bus)
        self.assertEqual(len(inserted_bus), 1)

        env = self.env(user=self.salesman)
        inserted = env["mail.activity"].search([("care_task_id", "=", inserted_duty.id)])
        scheduled = env["mail.activity"].search([("care_task_id", "=", scheduled_duty.id)])
        self.assertEqual(len(inserted), 1)
        self.assertEqual(len(scheduled), 1)
        compared = [
            "res_model",
            "res_model_id",
            "activity_type_id",
            "activity_category",
            "summary",
            "display_name",
            "date_deadline",
            "date_done",
            "state",
            "user_id",
            "user_tz",
            "automated",
            "active",
            "can_write",
            "icon",
        ]
        self.assertEqual(
            [{**row, "id": None} for row in inserted.read(compared)],
            [{**row, "id": None} for row in scheduled.read(compared)],
        )
        self.assertRecordValues(
            inserted + scheduled,
            [
                {"res_id": self.customer.id, "res_name": self.customer.display_name},
                {"res_id": self.customer_3.id, "res_name": self.customer_3.display_name},
            ],
        )
        self.assertEqual(inserted.state, "today")

        # On the customers, the duties, the "My Activities" filter and the systray.
        customers = env["res.partner"].browse((self.customer + self.customer_3).ids)
        self.assertEqual(customers[0].activity_ids, inserted)
        self.assertEqual(customers[1].activity_ids, scheduled)
        partner_fields = ["activity_state", "activity_user_id", "activity_type_id", "activity_date_deadline"]
        partner_fields += ["activity_summary", "my_activity_date_deadline"]
        values = customers.read(partner_fields)
        for row in values:
            row.pop("id")
        self.assertEqual(values[0], values[1])
        self.assertEqual(env["care.task"].browse(inserted_duty.id).activity_ids, inserted)
        mine = env["res.partner"].search([("activity_user_id", "=", self.salesman.id)])
        self.assertEqual(mine & customers, customers)
        self.assertEqual(
            env["res.partner"].search([("my_activity_date_deadline", "=", "2026-11-09"), ("id", "in", customers.ids)]),
            customers,
        )
        systray = self._systray(self.salesman)
        self.assertEqual((systray["today_count"], systray["total_count"]), (2, 2))

        # Marked done, both complete their duty and log the same "done" message on the customer.
        inserted.action_feedback(feedback="Greeted")
        scheduled.action_feedback(feedback="Greeted")
        self.assertRecordValues(
            inserted_duty + scheduled_duty,
            [
                {"state": "done", "done_by_id": self.salesman.id, "date_done": date(2026, 11, 9)},
                {"state": "done", "done_by_id": self.salesman.id, "date_done": date(2026, 11, 9)},
            ],
        )
        self.assertEqual((inserted + scheduled).mapped("active"), [False, False])
        done_messages = [
            customer.message_ids.filtered(lambda m: m.mail_activity_type_id == self.todo_type)
            for customer in customers.sudo()
        ]
        self.assertEqual(
            [(m.subtype_id, m.author_id, m.body) for m in done_messages[0]],
            [(m.subtype_id, m.author_id, m.body) for m in done_messages[1]],
        )
        self.assertEqual(len(done_messages[0]), 1)
        self.assertFalse(self._systray(self.salesman))

    def test_family_todo_summary_in_salespersons_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_care"], ["zh_CN"], overwrite=True)
        self.salesman.lang = "zh_CN"
        self.rule.with_context(lang="zh_CN").name = "节日问候"
        member = self.env["care.family.member"].create(
            {"partner_id": self.customer.id, "name": "王小明", "relation": "spouse"}
        )
        task = self._create_task(self.customer, "2026-11-10", family_member_id=member.id)
        task._care_create_activities()
        # The rule's name and the relation in Chinese, never the family member's name.
        self.assertEqual(task.activity_ids.summary, "节日问候: 家庭成员生日（配偶）")


class TestDutyDigest(CareDutyCommon):
    """Each salesperson gets one digest of the run's new duties, not a mail per duty."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.customer + cls.customer_2).write({"ref": "care-test"})
        cls.customer_3 = cls.env["res.partner"].create(
            {"name": "张伟 Zhang Wei", "customer_rank": 1, "user_id": cls.salesman.id, "ref": "care-test"}
        )
        cls.rule.write({"partner_domain": "[('ref', '=', 'care-test')]", "active": True})
        cls.env["care.occasion"].create({"kind": "holiday", "date": "2026-11-12", "name": "测试节"})
        cls.birthday_rule = cls.rule.copy({"name": "Birthday greeting", "trigger": "birthday"})
        cls.customer.care_birth_date = date(1990, 11, 11)
        cls.env["care.rule"].search([("id", "not in", (cls.rule + cls.birthday_rule).ids)]).active = False

    def _run_cron(self):
        with self.enter_registry_test_mode():
            self.env.ref("customer_care.ir_cron_care_task_generate").method_direct_trigger()

    def _digests(self, user):
        return self.env["mail.message"].search(
            [("message_type", "=", "user_notification"), ("partner_ids", "in", user.partner_id.ids)]
        )

    @freeze_time("2026-11-09 04:00:00")
    def test_one_digest_per_salesperson_and_run(self):
        self._run_cron()
        duties = self.env["care.task"].search([("rule_id", "in", (self.rule + self.birthday_rule).ids)])
        self.assertEqual(len(duties), 4, "3 holiday greetings and a birthday")
        digest = self._digests(self.salesman)
        self.assertEqual(len(digest), 1, "one digest for the salesperson's three new duties of two rules")
        self.assertEqual(digest.subject, "3 new care duties")
        self.assertEqual(digest.partner_ids, self.salesman.partner_id)
        for duty in duties.filtered(lambda d: d.user_id == self.salesman):
            self.assertIn(duty.display_name, digest.body)
        self.assertNotIn("李雷 Li Lei", digest.body, "another salesperson's duty")
        digest_2 = self._digests(self.salesman_2)
        self.assertEqual(digest_2.subject, "1 new care duties")
        self.assertIn("李雷 Li Lei", digest_2.body)
        # No per-duty "assigned to you" mail: the to-dos are inserted, only the digests are sent.
        self.assertFalse(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", duties.partner_id.ids),
                    ("message_type", "=", "user_notification"),
                ]
            )
        )
        # The next hourly run has nothing new: no digest.
        self._run_cron()
        self.assertEqual(self._digests(self.salesman), digest)

    @freeze_time("2026-11-09 04:00:00")
    def test_digest_lists_the_first_duties(self):
        with patch.object(care_task, "DIGEST_LINES", 1):
            self._run_cron()
        digest = self._digests(self.salesman)
        first = self.env["care.task"].search([("user_id", "=", self.salesman.id)], order="date_due, id", limit=1)
        self.assertEqual(first.date_due, date(2026, 11, 11), "the birthday is due first")
        self.assertIn(first.display_name, digest.body)
        self.assertIn("And 2 more: open your care duties.", digest.body)
