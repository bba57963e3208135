from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common_sales import CareSalesCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestCreditPolicy(CareSalesCommon):
    """The credit policy of the customer's matrix cell in the button confirmation, batches, duplicates, the
    payment term and the manager's release. Today is 2026-06-30."""

    def _hold_activities(self, order):
        return order.activity_ids.filtered(
            lambda activity: activity.activity_type_id
            == self.env.ref("customer_care.mail_activity_type_care_credit_hold")
        )

    # ------------------------------------------------------------
    # POLICIES
    # ------------------------------------------------------------

    def test_default_policies(self):
        """Every company, new ones included, has the defaults of the domain: small_bad strictest."""
        self.assertEqual(len(self.policies), 7)
        self.assertEqual(self.policies["small_bad"].confirm_action, "block")
        self.assertEqual(self.policies["small_bad"].payment_term_id, self.immediate)
        self.assertEqual(self.policies["small_bad"].overdue_amount_limit, 0)
        self.assertEqual(self.policies["medium_bad"].confirm_action, "approve")
        self.assertEqual(self.policies["large_bad"].confirm_action, "approve")
        for cell in ("small_good", "medium_good", "large_good", "none"):
            self.assertEqual(self.policies[cell].confirm_action, "none")
        other = self.env["res.company"].create({"name": "Credit New Company"})
        self.assertEqual(self.env["care.credit.policy"].search_count([("company_id", "=", other.id)]), 7)
        # idempotent
        self.assertFalse(self.env["care.credit.policy"]._care_create_defaults(other | self.company))

    def test_policy_bounds_and_rights(self):
        policy = self.policies["small_bad"]
        with self.assertRaises(ValidationError):
            policy.with_user(self.care_manager).write({"overdue_days_limit": 10**10})
        with self.assertRaises(ValidationError):
            policy.with_user(self.care_manager).write({"overdue_amount_limit": -5})
        policy.with_user(self.care_manager).write({"overdue_days_limit": 45, "overdue_amount_limit": 500})
        self.assertEqual(policy.overdue_days_limit, 45)
        with self.assertRaises(AccessError):
            policy.with_user(self.salesman).write({"confirm_action": "none"})
        self.assertEqual(policy.with_user(self.salesman).confirm_action, "block")

    # ------------------------------------------------------------
    # PAYMENT TERM
    # ------------------------------------------------------------

    def test_payment_term_from_policy(self):
        """The cell's term goes ahead of the customer's own; a good customer keeps its own; a term given with
        the order (RPC create, or set in the form after the customer) is kept."""
        self.assertEqual(self._quotation(self.bad).payment_term_id, self.immediate)
        self.assertEqual(self._quotation(self.good).payment_term_id, self.own_term)
        chosen = self.env.ref("account.account_payment_term_15days")
        self.assertEqual(self._quotation(self.bad, payment_term_id=chosen.id).payment_term_id, chosen)
        form = Form(self.env["sale.order"].with_user(self.salesman))
        form.partner_id = self.good
        self.assertEqual(form.payment_term_id, self.own_term)
        form.partner_id = self.bad
        self.assertEqual(form.payment_term_id, self.immediate)
        self.assertIn("Small, bad credit", str(form.care_banner), "the banner follows the customer picked")
        form.payment_term_id = chosen
        with form.order_line.new() as line:
            line.product_id = self.chair
        order = form.save()
        self.assertEqual(order.payment_term_id, chosen)

    # ------------------------------------------------------------
    # CONFIRMATION: THE BUTTON
    # ------------------------------------------------------------

    def test_block_with_overdue_holds(self):
        self._invoice(self.bad, 80, "2026-05-01", "2026-05-31")
        order = self._quotation(self.bad)
        result = order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft", "held, not confirmed")
        self.assertTrue(order.care_hold)
        self.assertIn("80.00 overdue", order.care_hold_reason)
        self.assertIn("30 days late", order.care_hold_reason)
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn(order.name, result["params"]["message"])
        activity = self._hold_activities(order)
        self.assertTrue(activity)
        self.assertTrue(all(user.has_group("sales_team.group_sale_manager") for user in activity.user_id))
        self.assertNotIn(self.salesman, activity.user_id)
        self.assertIn("Held for credit", order.message_ids[0].body)
        # confirming again keeps one to-do per manager
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(len(self._hold_activities(order)), len(activity))

    def test_block_without_overdue_confirms(self):
        self._invoice(self.bad, 80, "2026-06-01", "2026-07-31")  # open, not yet due
        order = self._quotation(self.bad)
        self.assertIs(order.with_user(self.salesman).action_confirm(), True)
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.care_hold)

    def test_block_limits(self):
        """Within the amount limit nothing holds; then the days limit holds an old invoice."""
        self._invoice(self.bad, 80, "2026-04-01", "2026-04-30")
        policy = self.policies["small_bad"]
        policy.write({"overdue_amount_limit": 100})
        order = self._quotation(self.bad)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        policy.write({"overdue_days_limit": 60})
        second = self._quotation(self.bad)
        second.with_user(self.salesman).action_confirm()
        self.assertEqual(second.state, "draft")
        self.assertIn("61 days late (limit 60)", second.care_hold_reason)

    def test_block_paid_then_confirms(self):
        """A customer who pays its way out: the held order confirms on the next click, hold cleared."""
        invoice = self._invoice(self.bad, 80, "2026-05-01", "2026-05-31")
        order = self._quotation(self.bad)
        order.with_user(self.salesman).action_confirm()
        self.assertTrue(order.care_hold)
        self.env["account.payment.register"].with_company(self.company).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": "2026-06-30"})._create_payments()
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.care_hold)

    def test_warn_confirms_and_logs(self):
        self.policies["large_good"].confirm_action = "warn"
        self._invoice(self.good, 250, "2026-05-01", "2026-05-31")
        order = self._quotation(self.good)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.care_hold)
        warning = order.message_ids.filtered(lambda message: "Credit warning" in (message.body or ""))
        self.assertEqual(len(warning), 1)
        self.assertIn("250.00 overdue", warning.body)

    def test_none_confirms(self):
        self._invoice(self.good, 250, "2026-05-01", "2026-05-31")
        order = self._quotation(self.good)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_approve_hold_and_release(self):
        """Held whatever the customer owes; a salesperson cannot release; a manager does, with a reason, and the
        chatter names who and why."""
        order = self._quotation(self.medium_bad)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertIn("manager's approval", order.care_hold_reason)
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).action_care_release_hold()
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).write({"care_hold": False})
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).write({"care_released_by_id": self.salesman.id})
        with self.assertRaises(AccessError):
            self.env["care.credit.release"].with_user(self.salesman).create(
                {"order_ids": [Command.set(order.ids)], "reason": "Me"}
            ).action_release()
        self.assertEqual(order.state, "draft")
        action = order.with_user(self.sales_manager).action_care_release_hold()
        wizard = Form(self.env[action["res_model"]].with_user(self.sales_manager).with_context(**action["context"]))
        with self.assertRaises(AssertionError):  # the reason is required
            wizard.save()
        wizard.reason = "Their CFO promised payment on Friday"
        wizard.save().action_release()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.care_hold)
        self.assertEqual(order.care_released_by_id, self.sales_manager)
        release = order.message_ids.filtered(lambda message: "released by" in (message.body or ""))
        self.assertIn("Boss Wu", release.body)
        self.assertIn("Their CFO promised payment on Friday", release.body)
        self.assertFalse(self._hold_activities(order))

    def test_care_manager_releases(self):
        order = self._quotation(self.medium_bad)
        order.with_user(self.salesman).action_confirm()
        self.env["care.credit.release"].with_user(self.care_manager).create(
            {"order_ids": [Command.set(order.ids)], "reason": "Known customer"}
        ).action_release()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.care_released_by_id, self.care_manager)

    def test_release_needs_a_held_order_and_a_reason(self):
        order = self._quotation(self.good)
        with self.assertRaises(UserError):
            order.with_user(self.sales_manager).action_care_release_hold()
        held = self._quotation(self.medium_bad)
        held.action_confirm()
        with self.assertRaises(UserError):
            self.env["care.credit.release"].with_user(self.sales_manager).create(
                {"order_ids": [Command.set(held.ids)], "reason": "   "}
            ).action_release()
        self.assertEqual(held.state, "draft")

    def test_duplicate_is_checked(self):
        """A copy of a released order is checked again: duplicating does not get around the policy."""
        order = self._quotation(self.medium_bad)
        order.action_confirm()
        order.with_user(self.sales_manager)._care_release("Approved once")
        self.assertEqual(order.state, "sale")
        copy = order.with_user(self.salesman).copy()
        self.assertFalse(copy.care_hold)
        self.assertFalse(copy.care_released_by_id)
        copy.with_user(self.salesman).action_confirm()
        self.assertEqual(copy.state, "draft")
        self.assertTrue(copy.care_hold)

    def test_batch_reports_each_held_order(self):
        self._invoice(self.bad, 80, "2026-05-01", "2026-05-31")
        held_1, held_2, fine = self._quotation(self.bad), self._quotation(self.medium_bad), self._quotation(self.good)
        orders = (held_1 | held_2 | fine).with_user(self.salesman)
        action = self.env.ref("customer_care.sale_order_action_care_confirm").with_user(self.salesman)
        result = action.with_context(active_model="sale.order", active_ids=orders.ids).run()
        self.assertEqual(fine.state, "sale")
        self.assertEqual((held_1 | held_2).mapped("state"), ["draft", "draft"])
        self.assertIn(held_1.name, result["params"]["message"])
        self.assertIn(held_2.name, result["params"]["message"])
        self.assertNotIn(fine.name, result["params"]["message"])

    def test_other_company_policy(self):
        """The order's company's policy and grades: the same customer is free in another company."""
        other = self._care_company("Credit Other Company")
        self.env["care.profile"]._care_profile_for(self.bad, other).write({"matrix_cell": "small_good"})
        self._invoice(self.bad, 80, "2026-05-01", "2026-05-31")
        order = (
            self.env["sale.order"]
            .with_company(other)
            .create(
                {
                    "partner_id": self.bad.id,
                    "company_id": other.id,
                    "order_line": [Command.create({"product_id": self.chair.id})],
                }
            )
        )
        order.with_company(other).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(
            self.env["care.credit.policy"].with_user(self.salesman).search([("company_id", "=", other.id)])
        )
