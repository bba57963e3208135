from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common_complaint import ComplaintCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-10-12 02:00:00")
class TestComplaintProcedure(ComplaintCommon):
    def test_whole_procedure_as_each_role(self):
        # the salesperson records their customer's complaint; it gets a reference and their name
        complaint = self._complaint(user=self.salesman).with_user(self.salesman)
        self.assertRegex(complaint.name, r"^TS2026-\d{5}$")
        self.assertEqual((complaint.state, complaint.user_id), ("new", self.salesman))
        self.assertEqual(self.customer.with_user(self.salesman).care_complaint_count, 1)
        complaint.action_assess()
        self.assertEqual(complaint.state, "assessing")
        # judging validity and assigning are the manager's (or the team leader's)
        complaint.write({"team_id": self.team.id, "responsible_id": self.member.id})
        with self.assertRaises(AccessError):
            complaint.action_assign()
        manager_view = complaint.with_user(self.manager)
        manager_view.action_assign()
        self.assertEqual(complaint.state, "assigned")
        self.assertEqual(str(complaint.deadline), "2026-10-10")
        todo = complaint.activity_ids
        self.assertEqual((todo.user_id, str(todo.date_deadline)), (self.member, "2026-10-10"))
        # the team member handles it: the salesperson may not
        mine = complaint.with_user(self.member)
        with self.assertRaises(AccessError):
            complaint.action_resolve()
        mine.action_resolve()
        mine.write({"cause": "A faulty seal batch", "corrective_action": "Replace the kettle"})
        form = Form(mine)
        form.answer_id = self.answer
        form.reply_channel = "phone"
        form.save()
        self.assertIn(f"Dear 王芳 Wang Fang, your complaint {complaint.name} is settled", mine.reply)
        mine.action_reply()
        self.assertEqual((complaint.state, str(complaint.reply_date)), ("replied", "2026-10-12"))
        mine.write(
            {
                "verdict": "satisfied",
                "cause_class": "product",
                "preventive_action": "Check the seals at goods-in",
            }
        )
        mine.action_close()
        self.assertEqual((complaint.state, str(complaint.closed_date)), ("closed", "2026-10-12"))
        self.assertEqual(self.answer.complaint_count, 1)

    def test_every_skip_is_refused(self):
        complaint = self._complaint(user=self.salesman)
        manager = complaint.with_user(self.manager)
        # nothing but the next step, by button or by writing the state, whatever the values sent with it
        for state in ("rejected", "assigned", "resolving", "replied", "closed"):
            with self.assertRaises(UserError, msg=state):
                manager.write({"state": state})
        for action in ("action_reject", "action_assign", "action_resolve", "action_close"):
            with self.assertRaises(UserError, msg=action):
                getattr(manager, action)()
        with self.assertRaises(UserError):
            manager.action_reply()
        manager.action_assess()
        # assigning needs a team and a responsible person; rejecting needs a reason
        with self.assertRaisesRegex(ValidationError, "Handling Team, Responsible"):
            manager.action_assign()
        with self.assertRaisesRegex(ValidationError, "Rejection Reason"):
            manager.action_reject()
        for state in ("resolving", "replied", "closed"):
            with self.assertRaises(UserError, msg=state):
                manager.write({"state": state, "team_id": self.team.id, "responsible_id": self.member.id})
        manager.write({"state": "assigned", "team_id": self.team.id, "responsible_id": self.member.id})
        with self.assertRaises(UserError):
            manager.action_reply()
        manager.action_resolve()
        # no reply before the cause and the action are recorded, and a reply is written
        with self.assertRaisesRegex(ValidationError, "Investigation, Corrective Action, Reply"):
            manager.write({"state": "replied", "reply_channel": "phone"})
        with self.assertRaises(UserError):
            manager.action_close()
        manager.write(
            {"cause": "Seal", "corrective_action": "Replace", "reply": "<p>Sorry</p>", "reply_channel": "visit"}
        )
        manager.action_reply()
        # no closing without the evaluation
        with self.assertRaisesRegex(ValidationError, "Customer's Verdict, Cause Class, Preventive Action"):
            manager.action_close()
        # the deadline and who handles it are not rewritten by the handlers
        member = complaint.with_user(self.member)
        for values in ({"responsible_id": self.member.id}, {"received_date": "2026-10-11"}, {"category_id": False}):
            with self.assertRaises(AccessError, msg=values):
                member.write(values)
        with self.assertRaises(UserError):
            manager.write({"deadline": "2030-01-01"})
        # and never back
        with self.assertRaises(UserError):
            manager.write({"state": "new"})
        with self.assertRaises(UserError):
            manager.write({"reply_date": "2026-01-01"})

    def test_rejection_tells_the_customer(self):
        complaint = self._complaint(user=self.salesman)
        complaint.with_user(self.manager).action_assess()
        complaint.with_user(self.manager).write({"rejection_reason": "The warranty ended in 2020."})
        complaint.with_user(self.manager).action_reject()
        self.assertEqual(complaint.state, "rejected")
        message = complaint.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertIn("The warranty ended in 2020.", message.body)

    def test_created_only_as_new(self):
        with self.assertRaises(UserError):
            self._complaint(user=self.manager, state="closed")

    def test_rating_when_closed(self):
        complaint = self._complaint()
        complaint.action_assess()
        complaint.write({"state": "assigned", "team_id": self.team.id, "responsible_id": self.member.id})
        complaint.action_resolve()
        complaint.write(
            {"cause": "Seal", "corrective_action": "Replace", "reply": "<p>Sorry</p>", "reply_channel": "phone"}
        )
        complaint.action_reply()
        complaint.write(
            {
                "verdict": "satisfied",
                "cause_class": "product",
                "preventive_action": "Check",
                "corrective_action": "Replace",
            }
        )
        complaint.action_close()
        rating = complaint.rating_ids
        self.assertEqual(len(rating), 1, "Odoo's rating request was sent")
        self.assertEqual((rating.partner_id, rating.rated_partner_id), (self.customer, self.member.partner_id))
        mail = self.env["mail.mail"].search([("model", "=", "care.complaint"), ("res_id", "=", complaint.id)])
        mail = mail.filtered(lambda m: "/rate/" in m.body_html)
        self.assertIn(f"/rate/{rating.access_token}/5", mail.body_html)
        # the customer clicks a face: the rating is stored on the complaint and linked to the customer
        complaint.rating_apply(5, token=rating.access_token, feedback="Quick and polite")
        self.assertEqual((rating.rating, rating.consumed), (5, True))
        self.assertEqual(complaint.rating_last_value, 5)
        self.assertEqual(self.env["rating.rating"].search([("partner_id", "=", self.customer.id)]), rating)

    def test_reply_by_email_through_the_composer(self):
        complaint = self._complaint()
        complaint.action_assess()
        complaint.write({"state": "assigned", "team_id": self.team.id, "responsible_id": self.member.id})
        member = complaint.with_user(self.member)
        member.action_resolve()
        member.write({"cause": "Seal", "corrective_action": "Replace", "answer_id": self.answer.id})
        member.reply = self.answer._care_render(member)
        action = member.action_reply()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer = Form(self.env["mail.compose.message"].with_user(self.member).with_context(**action["context"]))
        self.assertIn("we replace the product", composer.body)
        composer.body = "<p>Dear Wang Fang, we replace the kettle today.</p>"
        composer.save().action_send_mail()
        self.assertEqual((complaint.state, complaint.reply_channel), ("replied", "email"))
        self.assertIn("we replace the kettle today", complaint.reply)
        self.assertIn(self.customer, complaint.message_ids[0].partner_ids)


@tagged("post_install", "-at_install")
@freeze_time("2026-10-12 02:00:00")
class TestComplaintAccess(ComplaintCommon):
    def test_who_sees_what(self):
        own = self._complaint(user=self.salesman)
        other = self._complaint(partner_id=self.customer_2.id)
        # the demo's complaints are the company's too: only this test's customers are looked at
        Complaint = self.env["care.complaint"]
        mine = [("partner_id", "in", (self.customer | self.customer_2).ids)]
        self.assertEqual(Complaint.with_user(self.salesman).search(mine), own)
        self.assertEqual(Complaint.with_user(self.salesman_2).search(mine), other)
        self.assertEqual(Complaint.with_user(self.member).search(mine), Complaint)
        self.assertEqual(Complaint.with_user(self.manager).search(mine), own | other)
        # a salesperson records complaints of their own customers only
        with self.assertRaises(AccessError):
            self._complaint(user=self.salesman, partner_id=self.customer_2.id)
        # once assigned, the team sees it
        own.action_assess()
        own.write({"state": "assigned", "team_id": self.team.id, "responsible_id": self.member.id})
        self.assertEqual(Complaint.with_user(self.member).search([]), own)
        self.assertEqual(Complaint.with_user(self.leader).search([]), own)
        # salespeople cannot delete; nobody deletes a complaint being handled
        with self.assertRaises(AccessError):
            own.with_user(self.salesman).unlink()
        with self.assertRaises(UserError):
            own.with_user(self.manager).unlink()
        # configuration is the managers'
        with self.assertRaises(AccessError):
            self.env["care.complaint.answer"].with_user(self.salesman).create(
                {"name": "Mine", "category_id": self.category.id, "body": "<p>x</p>"}
            )
        with self.assertRaises(AccessError):
            self.category.with_user(self.leader).time_limit_days = 1
        # what complaints refer to is archived, never deleted
        with self.assertRaises(UserError):
            self.category.with_user(self.manager).unlink()
        own.answer_id = self.answer
        with self.assertRaises(UserError):
            self.answer.with_user(self.manager).unlink()

    def test_other_company_never(self):
        complaint = self._complaint()
        company_b = self.env["res.company"].create({"name": "Other Care Company"})
        manager_b = self.env["res.users"].create(
            {
                "name": "Manager B",
                "login": "cc_manager_b",
                "company_id": company_b.id,
                "company_ids": [(6, 0, company_b.ids)],
                "group_ids": [(6, 0, [self.env.ref("customer_care.customer_care_group_manager").id])],
            }
        )
        self.assertFalse(self.env["care.complaint"].with_user(manager_b).search([]))
        with self.assertRaises(AccessError):
            complaint.with_user(manager_b).read(["name"])

    def test_team_leader_assigns_only_their_team(self):
        complaint = self._complaint()
        complaint.action_assess()
        other_team = self.env["care.complaint.team"].create({"name": "Logistics", "leader_id": self.manager.id})
        complaint.write({"team_id": other_team.id, "responsible_id": self.member.id})
        with self.assertRaises(AccessError):
            complaint.with_user(self.leader).write({"state": "assigned"})
        complaint.write({"team_id": self.team.id})
        complaint.with_user(self.leader).action_assign()
        self.assertEqual(complaint.state, "assigned")

    def test_bounds_of_typed_numbers(self):
        for values in ({"time_limit_days": 0}, {"time_limit_days": 366}, {"reply_limit_days": -1}):
            with self.assertRaises(ValidationError, msg=values):
                self.env["care.complaint.category"].create({"name": "Bad", **values})

    def test_filters(self):
        old = self._complaint(received_date="2025-06-01")
        self._complaint(partner_id=self.customer_2.id, received_date="2026-01-05")
        Partner = self.env["res.partner"].with_user(self.manager)
        self.assertEqual(Partner.search([("care_complained_last_year", "=", True)]), self.customer)
        self.assertTrue(self.customer.with_user(self.manager).care_complained_last_year)
        self.assertFalse(self.customer_2.with_user(self.manager).care_complained_last_year)
        self.assertNotIn(self.customer, Partner.search([("care_complained_last_year", "=", False)]))
        # received 2025-06-01 with 3 working days: overdue, in red, until it is answered
        self.assertTrue(old.is_overdue)
        overdue = self.env["care.complaint"].search([("is_overdue", "=", True)])
        self.assertIn(old, overdue)
        fresh = self._complaint(received_date="2026-10-12")
        self.assertFalse(fresh.is_overdue)
        self.assertNotIn(fresh, overdue)
        # outside the care groups, nobody learns who complained
        portal = self.env["res.users"].create(
            {"name": "Portal", "login": "cc_portal", "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])]}
        )
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(portal).search([("care_complained_last_year", "=", True)])


@tagged("post_install", "-at_install")
@freeze_time("2026-10-20 02:00:00")
class TestComplaintOverdueAlert(ComplaintCommon):
    def test_raised_for_the_team_leader_and_resolved_when_replied(self):
        complaint = self._complaint(received_date="2026-09-30")  # due 2026-10-10
        complaint.action_assess()
        complaint.write({"state": "assigned", "team_id": self.team.id, "responsible_id": self.member.id})
        self._complaint(received_date="2026-10-19")  # not due yet
        Alert = self.env["care.alert"]
        Alert._care_run_company(self.company, today=date(2026, 10, 20))
        alert = Alert.search([("kind", "=", "complaint_overdue")])
        self.assertEqual((alert.partner_id, alert.user_id, alert.state), (self.customer, self.leader, "open"))
        self.assertEqual(alert.severity, "medium")  # 10 days late
        self.assertEqual(alert.evidence["complaint"], complaint.name)
        self.assertEqual((alert.evidence["days"], alert.evidence["count"]), (10, 1))
        self.assertIn(complaint.name, alert.evidence_text)
        # the leader and the customer's salesperson see it, another salesperson does not
        for user in (self.leader, self.salesman):
            self.assertEqual(Alert.with_user(user).search([("kind", "=", "complaint_overdue")]), alert)
        self.assertFalse(Alert.with_user(self.salesman_2).search([("kind", "=", "complaint_overdue")]))
        # a repeat raises nothing new
        Alert._care_run_company(self.company, today=date(2026, 10, 20))
        self.assertEqual(Alert.search_count([("kind", "=", "complaint_overdue")]), 1)
        # replied: the alert resolves itself
        complaint.action_resolve()
        complaint.write(
            {"cause": "Seal", "corrective_action": "Replace", "reply": "<p>Sorry</p>", "reply_channel": "phone"}
        )
        complaint.action_reply()
        Alert._care_run_company(self.company, today=date(2026, 10, 21))
        self.assertEqual(alert.state, "resolved")
        # switched off: nothing raised
        self.company.care_alert_complaint_overdue = False
        self._complaint(received_date="2026-09-01")
        Alert._care_run_company(self.company, today=date(2026, 10, 21))
        self.assertEqual(Alert.search_count([("kind", "=", "complaint_overdue"), ("state", "=", "open")]), 0)
