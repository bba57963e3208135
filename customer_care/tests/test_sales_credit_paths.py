from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common_sales import CareSalesCommon

SIGNATURE = "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="


@tagged("post_install", "-at_install")
class TestCreditPaths(HttpCase, CareSalesCommon):
    """The credit check in the confirmations that do not go through the button: action_confirm over JSON-RPC,
    the customer's signature on the portal, an online payment; and a release refused to a salesperson over RPC.
    These run against the live server: dates are relative to today."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls._invoice(cls.bad, 80, today - timedelta(days=60), today - timedelta(days=30))

    def _rpc(self, login, model, method, *args, **kwargs):
        """execute_kw over /jsonrpc as `login` (password = login): (result, error message)."""
        uid = self.env["res.users"].search([("login", "=", login)]).id
        response = self.url_open(
            "/jsonrpc",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "service": "object",
                    "method": "execute_kw",
                    "args": [self.env.cr.dbname, uid, login, model, method, list(args), kwargs],
                },
            },
        ).json()
        error = response.get("error")
        return response.get("result"), error and error["data"]["message"]

    def test_rpc_confirm_holds_and_release_refused(self):
        order = self._quotation(self.bad)
        result, error = self._rpc("credit_sales", "sale.order", "action_confirm", order.ids)
        self.assertFalse(error)
        self.assertEqual(result["tag"], "display_notification")
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.care_hold)
        _result, error = self._rpc("credit_sales", "sale.order", "action_care_release_hold", order.ids)
        self.assertIn("Only Sales and Customer Care managers", error)
        _result, error = self._rpc("credit_sales", "sale.order", "write", order.ids, {"care_hold": False})
        self.assertIn("set and released by the system", error)
        _result, error = self._rpc(
            "credit_sales", "care.credit.release", "create", {"order_ids": [(6, 0, order.ids)], "reason": "x"}
        )
        self.assertTrue(error, "a salesperson may not even open the release wizard")
        order.invalidate_recordset()
        self.assertTrue(order.care_hold)
        self.assertEqual(order.state, "draft")
        # the manager, over RPC too
        wizard_id, error = self._rpc(
            "credit_boss", "care.credit.release", "create", {"order_ids": [(6, 0, order.ids)], "reason": "Paid cash"}
        )
        self.assertFalse(error)
        _result, error = self._rpc("credit_boss", "care.credit.release", "action_release", [wizard_id])
        self.assertFalse(error)
        order.invalidate_recordset()
        self.assertEqual(order.state, "sale")
        self.assertIn("Boss Wu", order.message_ids[:3].filtered(lambda m: "released by" in (m.body or "")).body)

    def test_rpc_create_gets_payment_term(self):
        order_id, error = self._rpc(
            "credit_sales",
            "sale.order",
            "create",
            {"partner_id": self.bad.id, "order_line": [(0, 0, {"product_id": self.chair.id})]},
        )
        self.assertFalse(error)
        self.assertEqual(self.env["sale.order"].browse(order_id).payment_term_id, self.immediate)
        chosen = self.env.ref("account.account_payment_term_15days")
        order_id, error = self._rpc(
            "credit_sales", "sale.order", "create", {"partner_id": self.bad.id, "payment_term_id": chosen.id}
        )
        self.assertEqual(self.env["sale.order"].browse(order_id).payment_term_id, chosen)

    def test_portal_signature_holds(self):
        order = self._quotation(self.bad, require_signature=True, require_payment=False)
        order.action_quotation_sent()
        token = order._portal_ensure_token()
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept", {"access_token": token, "name": "小坏", "signature": SIGNATURE}
        )
        self.assertFalse(result.get("error"), result)
        order.invalidate_recordset()
        self.assertEqual(order.signed_by, "小坏", "the signature is kept")
        self.assertEqual(order.state, "sent", "held, not confirmed, not rolled back")
        self.assertTrue(order.care_hold)

    def test_portal_signature_confirms_good_customer(self):
        order = self._quotation(self.good, require_signature=True, require_payment=False)
        order.action_quotation_sent()
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {"access_token": order._portal_ensure_token(), "name": "大好", "signature": SIGNATURE},
        )
        self.assertFalse(result.get("error"), result)
        order.invalidate_recordset()
        self.assertEqual(order.state, "sale")

    def test_online_payment_holds(self):
        """A paid transaction confirms the quotation in Odoo; a held one stays a quotation on hold and is not
        reported as confirmed."""
        order = self._quotation(self.medium_bad)
        provider = self.env["payment.provider"].create({"name": "Credit Dummy", "state": "test", "code": "none"})
        transaction = self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": self.medium_bad.id,
                "reference": "CREDIT-TX-1",
                "operation": "online_redirect",
                "sale_order_ids": [(6, 0, order.ids)],
            }
        )
        transaction._set_done()
        confirmed = transaction._check_amount_and_confirm_order()
        self.assertFalse(confirmed)
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.care_hold)
        good = self._quotation(self.good)
        transaction_2 = transaction.copy({"reference": "CREDIT-TX-2", "sale_order_ids": [(6, 0, good.ids)]})
        transaction_2.amount = good.amount_total
        transaction_2._set_done()
        self.assertEqual(transaction_2._check_amount_and_confirm_order(), good)
        self.assertEqual(good.state, "sale")
