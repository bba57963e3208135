from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common_care import CareDutyCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-09-01")
class TestRetentionHandover(CareDutyCommon):
    """A leaving salesperson's customers go to others with everything attached, logged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leaving = cls.salesman
        cls.second = cls.env["res.partner"].create(
            {"name": "Second Customer", "customer_rank": 1, "user_id": cls.leaving.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer at Wang", "parent_id": cls.customer.id, "user_id": cls.leaving.id}
        )
        cls.product = cls.env["product.product"].create({"name": "Tea", "list_price": 100})
        cls.quotation = cls.env["sale.order"].create(
            {
                "partner_id": cls.contact.id,
                "user_id": cls.leaving.id,
                "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 1})],
            }
        )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "invoice_user_id": cls.leaving.id,
                "invoice_date": "2026-08-01",
                "invoice_line_ids": [Command.create({"name": "Tea", "price_unit": 300, "tax_ids": []})],
            }
        )
        cls.invoice.action_post()
        cls.todo = cls.customer.activity_schedule("mail.mail_activity_data_todo", user_id=cls.leaving.id)
        cls.duty = cls._create_task(cls.customer, "2026-09-10")
        cls.alert = (
            cls.env["care.alert"]
            .sudo()
            .create(
                {
                    "partner_id": cls.customer.id,
                    "company_id": cls.env.company.id,
                    "kind": "late_payment",
                    "user_id": cls.leaving.id,
                    "raised_date": "2026-08-31",
                }
            )
        )

    def _wizard(self, user, **values):
        return (
            self.env["care.handover.wizard"]
            .with_user(user)
            .create({"from_user_id": self.leaving.id, "to_user_ids": [Command.set(self.salesman_2.ids)], **values})
        )

    def test_handover_moves_everything_and_logs_it(self):
        wizard = self._wizard(self.manager)
        self.assertEqual(wizard.partner_ids, self.customer | self.second)
        wizard.action_handover()
        for record, field in (
            (self.customer, "user_id"),
            (self.second, "user_id"),
            (self.contact, "user_id"),
            (self.quotation, "user_id"),
            (self.invoice, "invoice_user_id"),
            (self.todo, "user_id"),
            (self.duty, "user_id"),
            (self.alert, "user_id"),
        ):
            self.assertEqual(record[field], self.salesman_2, f"{record} not moved")
        self.assertEqual(self.customer.care_previous_user_id, self.leaving)
        self.assertEqual(self.customer.care_user_since.isoformat(), "2026-09-01")
        log = self.env["care.owner.change"].search([("partner_id", "in", (self.customer | self.second).ids)])
        self.assertEqual(len(log), 2)
        self.assertEqual(set(log.mapped("reason")), {"handover"})
        self.assertEqual(log.from_user_id, self.leaving)
        self.assertEqual(log.changed_by_id, self.manager)
        self.assertIn("Handed over from Sales Li to Sales Zhao", self.customer.message_ids[0].body)

    def test_even_split_and_a_chosen_subset(self):
        third = self.manager
        wizard = self._wizard(self.manager, to_user_ids=[Command.set((self.salesman_2 | third).ids)])
        wizard.action_handover()
        self.assertEqual((self.customer | self.second).mapped("user_id"), self.salesman_2 | third)
        # by hand: only the chosen customer moves
        moving = (self.customer | self.second).filtered(lambda partner: partner.user_id == third)
        staying = (self.customer | self.second) - moving
        wizard = self.env["care.handover.wizard"].create(
            {"from_user_id": third.id, "to_user_ids": [Command.set(self.leaving.ids)]}
        )
        wizard.partner_ids = moving
        wizard.action_handover()
        self.assertEqual(moving.user_id, self.leaving)
        self.assertEqual(staying.user_id, self.salesman_2)

    def test_only_managers_and_only_the_salespersons_customers(self):
        with self.assertRaises(AccessError):
            self._wizard(self.salesman_2)
        wizard = self._wizard(self.manager)
        wizard.partner_ids |= self.customer_2  # not the leaving salesperson's
        with self.assertRaises(UserError):
            wizard.action_handover()
        self.assertEqual(self.customer_2.user_id, self.salesman_2)

    def test_archiving_a_salesperson_offers_the_handover(self):
        action = self.leaving.action_archive()
        self.assertEqual(action["res_model"], "care.handover.wizard")
        self.assertEqual(action["context"]["default_from_user_id"], self.leaving.id)
        self.assertIn(self.customer, self.env["res.partner"].search([("care_user_archived", "=", True)]))
        self.assertNotIn(self.customer_2, self.env["res.partner"].search([("care_user_archived", "=", True)]))
