from datetime import date

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, freeze_time, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import SQL, mute_logger

from .common_care import CareDutyCommon


class DutySecurityCommon(CareDutyCommon):
    """Two salespeople's birthday duties and a to-do on the first one's duty."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.birthday_rule = cls.env["care.rule"].create({"name": "Birthday greeting", "trigger": "birthday"})
        cls.duty = cls._create_task(cls.customer, "2026-10-01", rule_id=cls.birthday_rule.id)
        cls.other_duty = cls._create_task(cls.customer_2, "2026-10-01", rule_id=cls.birthday_rule.id)
        cls.todo_type = cls.env.ref("customer_care.mail_activity_type_care_duty")
        # Like users created in the app, they may edit (so schedule to-dos on) and delete contacts.
        (cls.salesman + cls.salesman_2 + cls.manager).write(
            {"group_ids": [Command.link(cls.env.ref("base.group_partner_manager").id)]}
        )

    def _activity_values(self, partner, task=None, user=None):
        return {
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
            "res_id": partner.id,
            "activity_type_id": self.todo_type.id,
            "user_id": (user or partner.user_id).id,
            "date_deadline": "2026-10-01",
            "care_task_id": task.id if task else False,
        }

    def _gift_values(self, task=None, **values):
        return {"task_id": (task or self.duty).id, "gift": "生日蛋糕 Cake", "estimated_cost": 200, **values}


class TestGiftRequestAccess(DutySecurityCommon):
    """A salesperson requests gifts on their own birthday duties; only a manager's buttons decide."""

    def test_salesperson_cannot_approve_own_draft(self):
        request = self.env["care.gift.request"].with_user(self.salesman).create(self._gift_values())
        for values in (
            {"state": "approved", "approver_id": self.manager.id},
            {"state": "requested"},
            {"approver_id": self.manager.id},
            {"date_decided": "2026-09-30"},
            {"decision_note": "Approved, of course"},
            {"user_id": self.salesman_2.id},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                request.write(values)
        self.assertRecordValues(
            request, [{"state": "draft", "approver_id": False, "date_decided": False, "user_id": self.salesman.id}]
        )
        # Nor created decided, or in a colleague's name.
        Request = self.env["care.gift.request"].with_user(self.salesman)
        for values in (
            {"state": "approved", "approver_id": self.manager.id},
            {"date_requested": "2026-09-30"},
            {"user_id": self.salesman_2.id},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                Request.create(self._gift_values(**values))
        # The buttons still work for whom they are meant.
        request.action_request()
        self.assertEqual(request.state, "requested")
        with self.assertRaises(AccessError):
            request.action_approve()
        request.with_user(self.manager).action_approve()
        self.assertRecordValues(request, [{"state": "approved", "approver_id": self.manager.id}])

    def test_manager_decides_with_buttons_only(self):
        request = self.env["care.gift.request"].with_user(self.salesman).create(self._gift_values())
        request.action_request()
        as_manager = request.with_user(self.manager)
        with self.assertRaises(AccessError):
            as_manager.write({"state": "approved", "approver_id": self.salesman.id})
        as_manager.write({"decision_note": "Within the birthday budget"})
        as_manager.action_approve()
        self.assertRecordValues(
            request,
            [{"state": "approved", "approver_id": self.manager.id, "decision_note": "Within the birthday budget"}],
        )

    def test_draft_stays_on_own_duty(self):
        request = self.env["care.gift.request"].with_user(self.salesman).create(self._gift_values())
        with self.assertRaises(AccessError):
            request.write({"task_id": self.other_duty.id})
        self.assertEqual(request.task_id, self.duty)
        with self.assertRaises(AccessError):
            self.env["care.gift.request"].with_user(self.salesman).create(self._gift_values(task=self.other_duty))
        # A manager may move it.
        request.with_user(self.manager).write({"task_id": self.other_duty.id})
        self.assertEqual(request.partner_id, self.customer_2)


class TestDutyCompletionAccess(DutySecurityCommon):
    """Only a duty's salesperson or a care manager completes it, through a to-do or otherwise."""

    def test_no_link_to_another_salespersons_duty(self):
        Activity = self.env["mail.activity"].with_user(self.salesman_2)
        with self.assertRaises(AccessError):
            Activity.create(self._activity_values(self.customer_2, task=self.duty))
        activity = Activity.create(self._activity_values(self.customer_2))
        with self.assertRaises(AccessError):
            activity.write({"care_task_id": self.duty.id})
        self.assertFalse(activity.care_task_id)
        self.assertEqual(self.duty.state, "todo")

    @freeze_time("2026-09-30 04:00:00")
    def test_linked_todo_done_by_another_user(self):
        # A to-do on the first salesperson's duty, assigned to the second one (by a manager).
        activity = (
            self.env["mail.activity"]
            .with_user(self.manager)
            .create(self._activity_values(self.customer_2, task=self.duty, user=self.salesman_2))
        )
        with self.assertRaises(AccessError):
            activity.with_user(self.salesman_2).action_feedback(feedback="Done by me")
        self.assertEqual(self.duty.state, "todo")
        self.assertTrue(activity.active)
        # The manager may complete it.
        activity.with_user(self.manager).action_feedback(feedback="Called for the team")
        self.assertRecordValues(self.duty, [{"state": "done", "done_by_id": self.manager.id}])

    @freeze_time("2026-09-30 04:00:00")
    def test_own_todo_completes_own_duty(self):
        activity = (
            self.env["mail.activity"]
            .with_user(self.salesman)
            .create(self._activity_values(self.customer, task=self.duty))
        )
        activity.action_feedback(feedback="Called")
        self.assertRecordValues(self.duty, [{"state": "done", "done_by_id": self.salesman.id}])


class TestCareRecordsKept(DutySecurityCommon):
    """Deleting a customer never deletes its duties, fines, gift requests or grade history."""

    def test_foreign_keys_restrict(self):
        rows = self.env.execute_query(
            SQL(
                """SELECT cl.relname, a.attname, c.confdeltype
                 FROM pg_constraint c
                 JOIN pg_class cl ON cl.oid = c.conrelid
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                WHERE c.contype = 'f' AND (cl.relname::text, a.attname::text) IN (
                      ('care_task', 'partner_id'), ('care_task', 'family_member_id'),
                      ('care_gift_request', 'partner_id'), ('care_gift_request', 'task_id'),
                      ('care_grade_history', 'partner_id'))"""
            )
        )
        self.assertEqual(len(rows), 5)
        self.assertEqual({action for _table, _column, action in rows}, {"r"}, "ON DELETE RESTRICT")
        # Even straight in the database, the customer of a duty stays.
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.ForeignKeyViolation):
            with self.env.cr.savepoint():
                self.env.execute_query(SQL("DELETE FROM res_partner WHERE id = %s", self.customer.id))

    def test_customer_with_duty_is_archived_not_deleted(self):
        customer = self.customer.with_user(self.salesman)
        # Unranking the customer first does not help.
        customer.customer_rank = 0
        with self.assertRaisesRegex(UserError, "care records, orders or invoices refer to"):
            customer.unlink()
        with self.assertRaisesRegex(UserError, "care records, orders or invoices refer to"):
            self.customer_2.with_user(self.manager).unlink()
        self.assertTrue((self.duty + self.other_duty).exists())
        customer.action_archive()
        self.assertFalse(self.customer.active)

    def test_customer_with_history_is_kept(self):
        partner = self.env["res.partner"].create({"name": "Graded once", "customer_rank": 1})
        self.env["care.grade.history"].create(
            {
                "partner_id": partner.id,
                "company_id": self.company.id,
                "field": "tier",
                "new_value": "ordinary",
                "date": "2026-01-01",
            }
        )
        with self.assertRaisesRegex(UserError, "Graded once"):
            partner.with_user(self.manager).unlink()
        self.assertTrue(partner.exists())

    def test_family_member_with_duty_is_kept(self):
        member = self.env["care.family.member"].create({"partner_id": self.customer.id, "name": "王小明"})
        self._create_task(self.customer, "2026-10-02", rule_id=self.birthday_rule.id, family_member_id=member.id)
        sensitive_manager = self.manager
        sensitive_manager.group_ids += self.env.ref("customer_care.customer_care_group_sensitive")
        with self.assertRaisesRegex(UserError, "archive them instead"):
            member.with_user(sensitive_manager).unlink()
        member.with_user(sensitive_manager).action_archive()
        self.assertFalse(member.active)


class TestFamilyBirthdayPrivacy(DutySecurityCommon):
    """A family member's birthday duty: its salesperson sees the relation and the date, the name only
    with the Sensitive group, wherever the duty shows; archived family members get no duty."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.ref = "care-family"
        cls.family_rule = cls.env["care.rule"].create(
            {
                "name": "Family birthday",
                "trigger": "birthday",
                "birthday_of": "family_member",
                "partner_domain": "[('ref', '=', 'care-family')]",
                "lead_days": 3,
            }
        )
        cls.member = cls.env["care.family.member"].create(
            {"partner_id": cls.customer.id, "name": "王小明", "relation": "child", "care_birth_date": date(2015, 6, 2)}
        )
        cls.family_rule._care_generate_tasks(date(2026, 6, 1))
        cls.family_duty = cls.env["care.task"].search([("rule_id", "=", cls.family_rule.id)])

    def test_generated_duty_and_todo(self):
        self.assertRecordValues(
            self.family_duty,
            [{"family_member_id": self.member.id, "family_relation": "child", "occasion_date": date(2026, 6, 2)}],
        )
        # The to-do shows on the customer's chatter to whoever reads the customer: no name in it.
        self.assertEqual(self.family_duty.activity_ids.summary, "Family birthday: Family member's birthday (Child)")

    def test_salesperson_without_sensitive_opens_the_duty(self):
        duty = self.family_duty.with_user(self.salesman)
        self.assertEqual(duty.display_name, "Family birthday - Child of 王芳 Wang Fang (2026-06-02)")
        with Form(duty) as form:
            self.assertEqual(form.family_relation, "child")
            self.assertEqual(form.occasion_date, "2026-06-02")
            form.result_note = "Sent a card to the child"
        self.assertNotIn("family_member_id", duty.get_views([(False, "form")])["views"]["form"]["arch"])
        with self.assertRaises(AccessError):
            duty.read(["family_member_id"])
        # The list, as the web client reads it.
        views = self.env["care.task"].with_user(self.salesman).get_views([(False, "list")])
        list_fields = views["models"]["care.task"]["fields"]
        self.assertNotIn("family_member_id", list_fields)
        spec = {
            name: {"fields": {"display_name": {}}} if field["type"] == "many2one" else {}
            for name, field in list_fields.items()
        }
        rows = self.env["care.task"].with_user(self.salesman).web_search_read([("id", "=", duty.id)], spec)
        self.assertEqual(rows["records"][0]["family_relation"], "child")
        self.assertNotIn("王小明", str(rows))
        # The monthly statement lists it by relation too.
        duty.sudo().write({"state": "missed", "date_due": date(2026, 6, 2)})
        html = (
            self.env["ir.actions.report"]
            .with_user(self.salesman)
            ._render_qweb_html(
                "customer_care.report_care_statement",
                self.salesman.ids,
                data={"date_from": "2026-06-01", "user_ids": self.salesman.ids},
            )[0]
            .decode()
        )
        self.assertIn("Child of 王芳 Wang Fang", html)
        self.assertNotIn("王小明", html)

    def test_sensitive_salesperson_sees_the_name(self):
        self.salesman.group_ids += self.env.ref("customer_care.customer_care_group_sensitive")
        duty = self.family_duty.with_user(self.salesman)
        self.assertEqual(duty.display_name, "Family birthday - 王小明 (2026-06-02)")
        self.assertIn("family_member_id", duty.get_views([(False, "form")])["views"]["form"]["arch"])
        self.assertEqual(duty.read(["family_member_id"])[0]["family_member_id"][0], self.member.id)

    def test_archived_family_member_gets_no_duty(self):
        other = self.env["care.family.member"].create(
            {
                "partner_id": self.customer.id,
                "name": "王芳's mother",
                "relation": "parent",
                "care_birth_date": date(1950, 6, 3),
            }
        )
        self.member.action_archive()
        other.action_archive()
        self.family_rule._care_generate_tasks(date(2027, 5, 31))
        duties = self.env["care.task"].search([("rule_id", "=", self.family_rule.id)])
        self.assertEqual(duties, self.family_duty, "no duty for 2027: both family members are archived")
        other.action_unarchive()
        self.family_rule._care_generate_tasks(date(2027, 5, 31))
        duties = self.env["care.task"].search([("rule_id", "=", self.family_rule.id)]) - self.family_duty
        self.assertRecordValues(duties, [{"family_member_id": other.id, "occasion_date": date(2027, 6, 3)}])


@tagged("post_install", "-at_install")
class TestDutySecurityRpc(HttpCase, DutySecurityCommon):
    """The same attacks over JSON-RPC, as the web client or a script would send them."""

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw", {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        )

    def test_gift_request_self_approval(self):
        self.authenticate("care_sales", "care_sales")
        request_id = self._call("care.gift.request", "create", [self._gift_values()])[0]
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call(
                "care.gift.request", "write", [request_id], {"state": "approved", "approver_id": self.manager.id}
            )
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("care.gift.request", "write", [request_id], {"task_id": self.other_duty.id})
        request = self.env["care.gift.request"].browse(request_id)
        self.assertRecordValues(request, [{"state": "draft", "approver_id": False, "task_id": self.duty.id}])
        self._call("care.gift.request", "action_request", [request_id])
        self.assertEqual(request.state, "requested")

    def test_duty_completion(self):
        self.authenticate("care_sales2", "care_sales2")
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("mail.activity", "create", [self._activity_values(self.customer_2, task=self.duty)])
        activity = self.env["mail.activity"].create(
            self._activity_values(self.customer_2, task=self.duty, user=self.salesman_2)
        )
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("mail.activity", "action_feedback", [activity.id], feedback="Done by me")
        self.assertEqual(self.duty.state, "todo")
        self.assertTrue(activity.active)
        self.assertFalse(self.env["mail.activity"].search([("care_task_id", "=", self.duty.id)]) - activity)
