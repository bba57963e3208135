from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestRetentionLost(BaseCommon):
    """Lost customers on known invoices, in a fresh company (365 lost days by default)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Lost Test Co", "currency_id": cls.env.ref("base.USD").id})
        cls.env["account.chart.template"].try_loading("generic_coa", company=cls.company, install_demo=False)
        cls.env.user.company_ids |= cls.company
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.salesman = new_test_user(
            cls.env,
            login="lost_sales",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.other_salesman = new_test_user(
            cls.env,
            login="lost_sales2",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.price = cls.env.ref("customer_care.care_lost_reason_price")
        cls.Loss = cls.env["care.customer.loss"]

    def _customer(self, name, user=None):
        return self.env["res.partner"].create({"name": name, "customer_rank": 1, "user_id": (user or self.salesman).id})

    def _invoice(self, partner, amount, date):
        invoice = (
            self.env["account.move"]
            .with_company(self.company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": date,
                    "invoice_date_due": date,
                    "invoice_line_ids": [Command.create({"name": "Goods", "price_unit": amount, "tax_ids": []})],
                }
            )
        )
        invoice.action_post()
        return invoice

    def _grade(self):
        self.env["care.profile"].with_company(self.company).action_recompute_grades()

    def _lost_todos(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.env.ref("customer_care.mail_activity_type_lost_reason").id),
            ]
        )

    def test_engine_moves_to_lost_asks_the_reason_and_wins_back(self):
        drifting = self._customer("Drifting")
        self._invoice(drifting, 1000, "2025-03-10")
        self._invoice(drifting, 3000, "2025-06-20")
        self._invoice(self._customer("Old"), 500, "2024-01-05")
        with freeze_time("2026-06-01"):
            self._grade()
        self.assertEqual(drifting.with_company(self.company).care_stage, "repeat")
        # the customer lost long before the first grading: recorded, nobody asked
        old = self.Loss.search([("partner_id.name", "=", "Old"), ("company_id", "=", self.company.id)])
        self.assertEqual(old.origin, "engine")
        self.assertFalse(self._lost_todos(old.partner_id))
        with freeze_time("2026-06-30"):
            self._grade()
        self.assertEqual(drifting.with_company(self.company).care_stage, "lost")
        loss = self.Loss.search([("partner_id", "=", drifting.id)])
        self.assertRecordValues(
            loss,
            [
                {
                    "lost_date": date(2026, 6, 30),
                    "origin": "engine",
                    "user_id": self.salesman.id,
                    "revenue_12m": 4000.0,
                    "reason_id": False,
                    "won_back": False,
                }
            ],
        )
        todo = self._lost_todos(drifting)
        self.assertEqual(todo.user_id, self.salesman)
        self.assertIn(drifting, self.env["res.partner"].search([("care_loss_ids", "any", [("reason_id", "=", False)])]))
        # a re-run opens nothing more
        with freeze_time("2026-06-30"):
            self._grade()
        self.assertEqual(len(self.Loss.search([("partner_id", "=", drifting.id)])), 1)
        # the salesperson records the reason: the to-do is done
        loss.with_user(self.salesman).write({"reason_id": self.price.id, "note": "Cheaper elsewhere"})
        self.assertFalse(self._lost_todos(drifting))
        with self.assertRaises(AccessError):
            loss.with_user(self.salesman).write({"lost_date": "2026-01-01"})
        # the customer buys again: won back, the date kept, the stage moves on
        with freeze_time("2026-07-15"):
            self._invoice(drifting, 800, "2026-07-15")
            self._grade()
        self.assertEqual(loss.won_back_date.isoformat(), "2026-07-15")
        self.assertTrue(loss.won_back)
        self.assertEqual(drifting.with_company(self.company).care_stage, "repeat")
        report = self.env["care.lost.report"].search([("partner_id", "=", drifting.id)])
        self.assertRecordValues(report, [{"won_back": True, "reason_id": self.price.id, "user_id": self.salesman.id}])

    @freeze_time("2026-06-30")
    def test_mark_as_lost_by_hand(self):
        customer = self._customer("Leaving")
        self._invoice(customer, 2000, "2026-05-01")
        self._grade()
        Wizard = self.env["care.mark.lost.wizard"].with_user(self.salesman)
        with self.assertRaises(UserError):  # the reason is required
            Wizard.create({"partner_ids": [Command.set(customer.ids)]}).action_mark_lost()
        # not their customer
        foreign = self._customer("Someone else's", user=self.other_salesman)
        with self.assertRaises(AccessError):
            Wizard.create({"partner_ids": [Command.set(foreign.ids)], "reason_id": self.price.id}).action_mark_lost()
        Wizard.create(
            {"partner_ids": [Command.set(customer.ids)], "reason_id": self.price.id, "note": "Went to a rival"}
        ).action_mark_lost()
        self.assertEqual(customer.with_company(self.company).care_stage, "lost")
        loss = self.Loss.search([("partner_id", "=", customer.id)])
        self.assertRecordValues(
            loss,
            [
                {
                    "origin": "manual",
                    "set_by_id": self.salesman.id,
                    "reason_id": self.price.id,
                    "note": "Went to a rival",
                    "lost_date": date(2026, 6, 30),
                    "revenue_12m": 2000.0,
                }
            ],
        )
        self.assertIn("Marked as lost", customer.message_ids[0].body)
        # the nightly grading keeps a person's decision
        self._grade()
        self.assertEqual(customer.with_company(self.company).care_stage, "lost")
        # until the customer buys again
        self._invoice(customer, 500, "2026-07-01")
        self._grade()
        self.assertNotEqual(customer.with_company(self.company).care_stage, "lost")
        self.assertEqual(loss.won_back_date.isoformat(), "2026-06-30")

    def test_salesperson_sees_own_losses_only(self):
        mine, theirs = self._customer("Mine"), self._customer("Theirs", user=self.other_salesman)
        self.Loss._care_open_losses(self.company, (mine | theirs).ids, "2026-06-30", origin="engine")
        self.assertEqual(self.Loss.with_user(self.salesman).search([]).partner_id, mine)
        self.assertEqual(self.env["care.lost.report"].with_user(self.salesman).search([]).partner_id, mine)
        # another company's user sees none
        main = self.env.ref("base.main_company")
        outsider = new_test_user(
            self.env,
            login="lost_outsider",
            groups="sales_team.group_sale_manager",
            company_id=main.id,
            company_ids=[Command.set(main.ids)],
        )
        # (the main company's own demo losses are the outsider's to see; this company's are not)
        outsider_losses = self.Loss.with_user(outsider).with_context(allowed_company_ids=outsider.company_ids.ids)
        self.assertFalse(outsider_losses.search([("partner_id", "in", (mine | theirs).ids)]))
        self.assertTrue(self.Loss.search([("partner_id", "in", (mine | theirs).ids)]))
