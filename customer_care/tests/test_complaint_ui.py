from odoo.tests import tagged

from .common_complaint import ComplaintCommon
from .common_replica import ReplicaHttpCase


@tagged("post_install", "-at_install")
class TestComplaintUi(ComplaintCommon, ReplicaHttpCase):
    def test_complaint_from_new_to_closed(self):
        admin = self.env.ref("base.user_admin")
        self.team.member_ids |= admin
        customer = self.env["res.partner"].create(
            {"name": "Tour Customer", "email": "tour@example.com", "customer_rank": 1, "user_id": admin.id}
        )
        complaint = self._complaint(
            partner_id=customer.id, received_date="2026-09-30", team_id=self.team.id, responsible_id=admin.id
        )
        self.start_tour(
            f"/odoo/action-customer_care.care_complaint_action/{complaint.id}", "customer_care_complaint", login="admin"
        )
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.answer_id, self.answer)
        self.assertIn("Dear Tour Customer", complaint.reply)
        self.assertEqual(complaint.reply_channel, "phone")
        self.assertTrue(any("Reply given by phone" in body for body in complaint.message_ids.mapped("body")))
        self.assertEqual((complaint.verdict, complaint.cause_class), ("satisfied", "product"))
        self.assertEqual(str(complaint.deadline), "2026-10-10")
        self.assertEqual(len(complaint.rating_ids), 1)
