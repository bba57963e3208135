from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common_complaint import ComplaintCommon

EMAIL = """Return-Path: <{email_from}>
To: {to}
From: {email_from}
Subject: {subject}
Message-ID: <{msg_id}>
Date: Mon, 12 Oct 2026 10:00:00 +0800
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


@tagged("post_install", "-at_install")
class TestComplaintIntake(ComplaintCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias = cls.env.ref("customer_care.mail_alias_care_complaint")
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ms Zhang", "email": "zhang@acme.example.com", "parent_id": cls.customer.id}
        )

    def _receive(self, email_from, msg_id, body="The delivery came broken."):
        to = self.alias.display_name if "@" in (self.alias.display_name or "") else "complaints@example.com"
        raw = EMAIL.format(email_from=email_from, to=to, subject="Broken delivery", msg_id=msg_id, body=body)
        return self.env["mail.thread"].message_process(None, raw.encode())

    def test_mail_gateway(self):
        if not self.alias.alias_domain_id:
            self.alias.alias_domain_id = self.env["mail.alias.domain"].create({"name": "example.com"})
        res_id = self._receive("Ms Zhang <zhang@acme.example.com>", "care-1@example.com")
        complaint = self.env["care.complaint"].browse(res_id)
        self.assertEqual((complaint.partner_id, complaint.contact_id), (self.customer, self.contact))
        self.assertEqual((complaint.channel, complaint.state, complaint.user_id), ("email", "new", self.salesman))
        self.assertIn("The delivery came broken.", complaint.description)
        self.assertRegex(complaint.name, r"^TS\d{4}-\d{5}$")
        # an unknown sender becomes a contact of its own
        res_id = self._receive("Mr Unknown <unknown@nowhere.example.com>", "care-2@example.com")
        stranger = self.env["care.complaint"].browse(res_id)
        self.assertEqual(stranger.partner_id.email, "unknown@nowhere.example.com")
        self.assertFalse(stranger.contact_id)

    def test_portal_sees_own_and_files_new(self):
        portal = new_test_user(
            self.env, login="cc_portal_zhang", groups="base.group_portal", partner_id=self.contact.id
        )
        self.assertTrue(portal)
        own = self._complaint()
        own.action_assess()
        own.write({"state": "assigned", "team_id": self.team.id, "responsible_id": self.member.id})
        own.action_resolve()
        own.write({"cause": "Seal", "corrective_action": "Replace", "reply": "<p>We replace it: 谢谢</p>"})
        own.write({"reply_channel": "phone", "state": "replied"})
        other = self._complaint(partner_id=self.customer_2.id)
        self.authenticate("cc_portal_zhang", "cc_portal_zhang")
        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(own.name, listing.text)
        self.assertNotIn(other.name, listing.text)
        detail = self.url_open(f"/my/complaints/{own.id}")
        self.assertIn("We replace it: 谢谢", detail.text)
        # another customer's complaint: back to the portal home, nothing shown
        refused = self.url_open(f"/my/complaints/{other.id}")
        self.assertNotIn(other.name, refused.text)
        # portal users have no access to complaints themselves
        with self.assertRaises(AccessError):
            self.env["care.complaint"].with_user(portal).search([])
        # filing a new one: empty refused, then filed for the customer, by the web form
        form = self.url_open("/my/complaints/new")
        self.assertEqual(form.status_code, 200)
        before = self.env["care.complaint"].search_count([])
        response = self.url_open(
            "/my/complaints/new", data={"description": "  ", "csrf_token": http.Request.csrf_token(self)}
        )
        self.assertIn("Please describe your complaint.", response.text)
        self.assertEqual(self.env["care.complaint"].search_count([]), before)
        response = self.url_open(
            "/my/complaints/new",
            data={
                "description": "The invoice <b>is</b> wrong",
                "category_id": str(self.category.id),
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        filed = self.env["care.complaint"].search([], order="id desc", limit=1)
        self.assertEqual((filed.partner_id, filed.contact_id, filed.channel), (self.customer, self.contact, "web"))
        self.assertEqual((filed.category_id, filed.user_id, filed.state), (self.category, self.salesman, "new"))
        self.assertIn("The invoice &lt;b&gt;is&lt;/b&gt; wrong", filed.description)
        self.assertIn(filed.name, response.text)

    def _rpc(self, method, complaint, *args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/care.complaint/{method}",
            {"model": "care.complaint", "method": method, "args": [complaint.ids, *args], "kwargs": {}},
        )

    def test_direct_state_write_over_json_rpc(self):
        complaint = self._complaint(user=self.salesman)
        self.authenticate("cc_sales", "cc_sales")
        # skipping steps, whatever comes with the state
        for state in ("closed", "assigned", "replied", "rejected"):
            with self.assertRaises(JsonRpcException) as caught:
                self._rpc("write", complaint, {"state": state, "team_id": self.team.id, "verdict": "satisfied"})
            self.assertEqual(caught.exception.args[0], "odoo.exceptions.UserError", state)
        complaint.invalidate_recordset()
        self.assertEqual(complaint.state, "new")
        # the next step is the salesperson's; assigning is not, by write or button
        self._rpc("action_assess", complaint)
        for call in (
            ("write", {"state": "assigned", "team_id": self.team.id, "responsible_id": self.salesman.id}),
            ("action_assign",),
        ):
            with self.assertRaises(JsonRpcException) as caught:
                self._rpc(call[0], complaint, *call[1:])
            self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
        complaint.invalidate_recordset()
        self.assertEqual((complaint.state, complaint.team_id.id), ("assessing", False))
