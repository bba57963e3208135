import logging
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon

SALES = "sales_team.group_sale_salesman"


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30 12:00:00")
class TestCareAlerts(BaseCommon):
    """Known invoices and facts give known alerts. Today is 2026-06-30 in a company of its own (UTC): the last
    3 months run after 2026-03-30, the same months a year earlier after 2025-03-30 up to 2025-06-30."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Alert Test Company", "currency_id": cls.env.ref("base.USD").id}
        )
        cls.env["account.chart.template"].try_loading("generic_coa", company=cls.company, install_demo=False)
        cls.env.user.company_ids |= cls.company
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        company_values = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.salesman = new_test_user(cls.env, login="alert_sales", groups=SALES, name="Sales Li", **company_values)
        cls.salesman_2 = new_test_user(cls.env, login="alert_sales2", groups=SALES, name="Sales Zhao", **company_values)
        cls.manager = new_test_user(
            cls.env, login="alert_manager", groups="sales_team.group_sale_manager", **company_values
        )
        cls.Alert = cls.env["care.alert"]

    def _customer(self, name, user=None):
        return self.env["res.partner"].create(
            {"name": name, "customer_rank": 1, "user_id": (user or self.salesman).id, "company_id": False}
        )

    def _invoice(self, partner, amount, invoice_date, due="2026-12-31", move_type="out_invoice"):
        invoice = (
            self.env["account.move"]
            .with_company(self.company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": invoice_date,
                    "invoice_date_due": due,
                    "invoice_line_ids": [Command.create({"name": "Goods", "price_unit": amount, "tax_ids": []})],
                }
            )
        )
        invoice.action_post()
        return invoice

    def _pay(self, invoice):
        self.env["account.payment.register"].with_company(self.company).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": "2026-06-30"})._create_payments()

    def _profile(self, partner, **facts):
        profile = self.env["care.profile"]._care_profile_for(partner, self.company)
        profile.write(facts)
        return profile

    def _only(self, *kinds, **settings):
        """Switch every kind off but these, with these settings."""
        switches = {
            "care_alert_purchase_overdue": "purchase_overdue",
            "care_alert_volume_drop": "volume_drop",
            "care_alert_late_payment": "late_payment",
            "care_alert_credit_down": "credit_down",
            "care_alert_no_contact": "no_contact",
            "care_alert_big_silent": "big_customer_silent",
        }
        self.company.write({field: kind in kinds for field, kind in switches.items()} | settings)

    def _run(self, today=None):
        return self.Alert._care_run_company(self.company, today=today)

    def _alerts(self, kind=None, partner=None, states=("open", "acknowledged")):
        domain = [("company_id", "=", self.company.id), ("state", "in", list(states))]
        if kind:
            domain.append(("kind", "=", kind))
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return self.Alert.search(domain)

    # ------------------------------------------------------------
    # THE KINDS
    # ------------------------------------------------------------

    def test_purchase_overdue_boundary_dedupe_and_resolve(self):
        self._only("purchase_overdue")
        # every 30 days: 3 purchase dates, interval 30 days, overdue after 45 days
        exactly = self._customer("Exactly 1.5 cycles")
        for day in ("2026-03-17", "2026-04-16", "2026-05-16"):  # 45 days before today
            self._invoice(exactly, 1000, day)
        past = self._customer("One day past")
        for day in ("2026-03-16", "2026-04-15", "2026-05-15"):  # 46 days
            self._invoice(past, 1000, day)
        far = self._customer("Far past")
        for day in ("2026-01-01", "2026-01-31", "2026-03-02"):  # 120 days: 4 cycles
            self._invoice(far, 1000, day)
        two_dates = self._customer("Two purchase dates only")
        for day in ("2026-01-01", "2026-01-31"):
            self._invoice(two_dates, 1000, day)
        self.env["care.grading.engine"]._care_grade_now(self.company)

        self.assertEqual(self._run(), {"raised": 2, "reopened": 0, "resolved": 0})
        alerts = self._alerts("purchase_overdue")
        self.assertEqual(
            alerts.partner_id, past | far, "exactly 1.5 x the cycle is not overdue; 2 dates are not enough"
        )
        by_partner = {alert.partner_id: alert for alert in alerts}
        self.assertEqual(by_partner[past].severity, "low")
        self.assertEqual(by_partner[far].severity, "high")
        self.assertEqual(by_partner[past].user_id, self.salesman)
        self.assertEqual(by_partner[past].raised_date, date(2026, 6, 30))
        self.assertEqual(
            by_partner[past].evidence,
            {"last": "2026-05-15", "days": 46, "interval": 30.0, "expected": "2026-06-14"},
        )
        self.assertIn("46", by_partner[past].evidence_text)
        self.assertIn("30", by_partner[past].evidence_text)

        # a re-run finds nothing new and writes nothing
        write_dates = alerts.mapped("write_date")
        self.assertEqual(self._run(), {"raised": 0, "reopened": 0, "resolved": 0})
        alerts.invalidate_recordset()
        self.assertEqual(alerts.mapped("write_date"), write_dates)
        self.assertEqual(len(self._alerts("purchase_overdue", states=("open", "acknowledged", "dismissed"))), 2)

        # the customer buys again: its alert resolves itself
        self._invoice(past, 1000, "2026-06-30")
        self.env["care.grading.engine"]._care_grade_now(self.company)
        self.assertEqual(self._run()["resolved"], 1)
        resolved = by_partner[past]
        resolved.invalidate_recordset()
        self.assertEqual(resolved.state, "resolved")
        self.assertEqual(resolved.resolved_date, date(2026, 6, 30))
        self.assertEqual(self._alerts("purchase_overdue").partner_id, far)

    def test_late_payment_boundary_and_payment_resolves(self):
        self._only("late_payment", care_alert_late_days=30)
        on_limit = self._customer("Due 30 days ago")
        self._invoice(on_limit, 500, "2026-05-01", due="2026-05-31")
        late = self._customer("Due 31 days ago")
        late_invoice = self._invoice(late, 800, "2026-05-01", due="2026-05-30")
        very_late = self._customer("Due 100 days ago")
        self._invoice(very_late, 800, "2026-03-01", due="2026-03-22")
        self._run()
        alerts = self._alerts("late_payment")
        self.assertEqual(alerts.partner_id, late | very_late)
        alert = alerts.filtered(lambda a: a.partner_id == late)
        self.assertEqual(alert.severity, "low")
        self.assertEqual(alerts.filtered(lambda a: a.partner_id == very_late).severity, "high")
        self.assertEqual(alert.evidence["days"], 31)
        self.assertEqual(alert.evidence["invoice"], late_invoice.name)
        self._pay(late_invoice)
        self._run()
        self.assertEqual(alert.state, "resolved")
        # 0 days turns the criterion off: every late-payment alert resolves
        self.company.care_alert_late_days = 0
        self._run()
        self.assertFalse(self._alerts("late_payment"))

    def test_volume_drop_threshold_and_minimum(self):
        self._only("volume_drop")
        exactly = self._customer("Down exactly 30 %")
        self._invoice(exactly, 20000, "2025-05-01")
        self._invoice(exactly, 14000, "2026-05-01")
        more = self._customer("Down a little more")
        self._invoice(more, 20000, "2025-05-01")
        self._invoice(more, 13990, "2026-05-01")
        small = self._customer("Below the minimum a year earlier")
        self._invoice(small, 9000, "2025-05-01")
        gone = self._customer("Nothing this quarter")
        self._invoice(gone, 30000, "2025-04-15")
        self._invoice(gone, 30000, "2026-03-30")  # a day before the last 3 months
        self._run()
        alerts = self._alerts("volume_drop")
        self.assertEqual(alerts.partner_id, more | gone)
        self.assertEqual(alerts.filtered(lambda a: a.partner_id == more).severity, "low")
        gone_alert = alerts.filtered(lambda a: a.partner_id == gone)
        self.assertEqual(gone_alert.severity, "high")
        self.assertEqual(gone_alert.evidence["drop"], 100.0)
        # a credit note lowers the earlier revenue below the minimum: the drop clears
        self._invoice(gone, 25000, "2025-04-20", move_type="out_refund")
        self._run()
        self.assertEqual(gone_alert.state, "resolved")

    def test_credit_down_from_the_grade_history(self):
        self._only("credit_down")
        fell = self._customer("Fell to C")
        profile = self._profile(fell, credit_grade="c")
        history = self.env["care.grade.history"]
        history.create(
            {
                "partner_id": fell.id,
                "company_id": self.company.id,
                "field": "credit_grade",
                "old_value": "a",
                "new_value": "b",
                "date": "2026-01-01",
            }
        )
        history.create(
            {
                "partner_id": fell.id,
                "company_id": self.company.id,
                "field": "credit_grade",
                "old_value": "b",
                "new_value": "c",
                "date": "2026-06-01",
            }
        )
        first = self._customer("First grading at D")
        self._profile(first, credit_grade="d")
        history.create(
            {
                "partner_id": first.id,
                "company_id": self.company.id,
                "field": "credit_grade",
                "new_value": "d",
                "date": "2026-06-01",
            }
        )
        self._run()
        alert = self._alerts("credit_down")
        self.assertEqual(alert.partner_id, fell, "a first grading is no fall")
        self.assertEqual(alert.severity, "medium")
        self.assertEqual(alert.evidence, {"old": "b", "new": "c", "date": "2026-06-01"})
        # the grade recovers: the alert resolves
        profile.credit_grade = "b"
        history.create(
            {
                "partner_id": fell.id,
                "company_id": self.company.id,
                "field": "credit_grade",
                "old_value": "c",
                "new_value": "b",
                "date": "2026-06-30",
            }
        )
        self._run()
        self.assertEqual(alert.state, "resolved")

    def test_no_contact_per_tier_and_a_message_resolves(self):
        self._only("no_contact", care_alert_no_contact_days=60, care_alert_no_contact_vip_days=30)
        on_limit = self._customer("Customer for exactly 60 days")
        self._profile(on_limit, first_invoice_date="2026-05-01", tier="ordinary")
        past = self._customer("Customer for 61 days")
        self._profile(past, first_invoice_date="2026-04-30", tier="ordinary")
        vip = self._customer("VIP for 60 days")
        self._profile(vip, first_invoice_date="2026-05-01", tier="vip")
        called = self._customer("Called 10 days ago")
        self._profile(called, first_invoice_date="2025-01-01", tier="ordinary")
        with freeze_time("2026-06-20 09:00:00"):
            called.message_post(
                body="Called about the new order", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        noted = self._customer("Internal note only")
        self._profile(noted, first_invoice_date="2025-01-01", tier="ordinary")
        noted.message_post(body="Internal note", message_type="comment", subtype_xmlid="mail.mt_note")
        self._run()
        alerts = self._alerts("no_contact")
        self.assertEqual(alerts.partner_id, past | vip | noted, "an internal note is no contact")
        self.assertEqual(alerts.filtered(lambda a: a.partner_id == vip).tier, "vip")
        self.assertEqual(alerts.filtered(lambda a: a.partner_id == vip).severity, "medium")
        self.assertEqual(alerts.filtered(lambda a: a.partner_id == past).evidence["days"], 61)
        # a message sent to a contact of the customer counts for the customer
        contact = self.env["res.partner"].create({"name": "Key person", "parent_id": past.id})
        contact.message_post(body="Sent the catalogue", message_type="comment", subtype_xmlid="mail.mt_comment")
        self._run()
        self.assertEqual(self._alerts("no_contact").partner_id, vip | noted)

    def test_big_customer_silent(self):
        self._only("big_customer_silent", care_alert_big_top_n=2, care_alert_big_share=25)
        silent = self._customer("Largest last year, nothing this year")
        self._invoice(silent, 50000, "2025-03-01")
        steady = self._customer("Second, buying as before")
        self._invoice(steady, 20000, "2025-02-01")
        self._invoice(steady, 20000, "2026-02-01")
        third = self._customer("Third, silent too but outside the top 2")
        self._invoice(third, 10000, "2025-02-01")
        late_buyer = self._customer("Bought only in December last year")
        self._invoice(late_buyer, 5000, "2025-12-01")
        self._run()
        alert = self._alerts("big_customer_silent")
        self.assertEqual(alert.partner_id, silent)
        self.assertEqual(alert.severity, "high")
        self.assertEqual(
            alert.evidence,
            {
                "last_year": 50000.0,
                "this_year": 0.0,
                "same_period": 50000.0,
                "to": "2026-06-30",
                "same_day": "2025-06-30",
            },
        )
        # it buys 25 % of last year's same period: no longer silent
        self._invoice(silent, 12500, "2026-06-30")
        self._run()
        self.assertEqual(alert.state, "resolved")

    # ------------------------------------------------------------
    # TO-DOS, ACKNOWLEDGE, DISMISS, SNOOZE
    # ------------------------------------------------------------

    def _late_customer(self, name="Pays late", user=None):
        customer = self._customer(name, user)
        invoice = self._invoice(customer, 800, "2026-04-01", due="2026-04-30")
        return customer, invoice

    def test_new_alert_gives_a_todo_acknowledge_completes_it(self):
        self._only("late_payment")
        customer, _invoice = self._late_customer()
        # the run's two writes are logged apart: where a heavy night's time went (make bench collects the line)
        with self.assertLogs("odoo.addons.customer_care.models.warning.care_alert", logging.INFO) as logs:
            self._run()
        self.assertRegex(
            "\n".join(logs.output),
            rf"company {self.company.id}: 1 alerts written in [\d.]+ s, their to-dos in [\d.]+ s",
        )
        alert = self._alerts("late_payment", customer)
        todo = alert.activity_ids
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.activity_type_id, self.env.ref("customer_care.mail_activity_type_care_alert"))
        self.assertEqual((todo.res_model, todo.res_id, todo.user_id), ("res.partner", customer.id, self.salesman))
        self.assertEqual(todo.summary, "Care alert: Late Payment")
        self._run()
        self.assertEqual(len(alert.activity_ids), 1, "a re-run gives no second to-do")
        alert.with_user(self.salesman).action_acknowledge()
        self.assertEqual(alert.state, "acknowledged")
        self.assertEqual(alert.acknowledged_by_id, self.salesman)
        self.assertFalse(todo.active, "the to-do is done (kept, archived, as Odoo keeps done activities)")
        self.assertEqual(todo.sudo().date_done, date(2026, 6, 30))
        with self.assertRaises(UserError):
            alert.with_user(self.salesman).action_acknowledge()
        # acknowledged stays acknowledged while the condition holds: no new alert
        self._run()
        self.assertEqual(self._alerts("late_payment", customer), alert)

    def test_marking_the_todo_done_acknowledges_the_alert(self):
        self._only("late_payment")
        customer, _invoice = self._late_customer()
        self._run()
        alert = self._alerts("late_payment", customer)
        alert.activity_ids.with_user(self.salesman).action_feedback(feedback="Called, payment promised")
        self.assertEqual((alert.state, alert.acknowledged_by_id), ("acknowledged", self.salesman))
        # nobody links a to-do of their own to an alert
        with self.assertRaises(AccessError):
            self.env["mail.activity"].with_user(self.salesman).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": customer.id,
                    "user_id": self.salesman.id,
                    "care_alert_id": alert.id,
                }
            )

    def test_a_manager_acknowledging_marks_the_salespersons_todo_done(self):
        """Acknowledging means seen and handled by whoever acknowledged: the salesperson's to-do is done, not
        deleted, and the customer's chatter says who handled it."""
        self._only("late_payment")
        customer, _invoice = self._late_customer()
        other, _invoice_2 = self._late_customer("Pays late too")
        self._run()
        alert = self._alerts("late_payment", customer)
        todo = alert.activity_ids
        self.assertEqual(todo.user_id, self.salesman)
        alert.with_user(self.manager).action_acknowledge()
        self.assertEqual((alert.state, alert.acknowledged_by_id), ("acknowledged", self.manager))
        self.assertTrue(todo.exists(), "the to-do is kept, as Odoo keeps done activities")
        self.assertFalse(todo.active)
        self.assertEqual(todo.sudo().date_done, date(2026, 6, 30))
        done = customer.message_ids.filtered(lambda message: message.mail_activity_type_id == todo.activity_type_id)
        self.assertEqual(len(done), 1)
        self.assertEqual(done.author_id, self.manager.partner_id)
        self.assertIn(f"Alert acknowledged by {self.manager.name}", done.body)
        # dismissing for the salesperson: the same, with the reason
        alert_2 = self._alerts("late_payment", other)
        todo_2 = alert_2.activity_ids
        alert_2.with_user(self.manager).action_dismiss("Paid in cash at the counter")
        self.assertTrue(todo_2.exists())
        self.assertFalse(todo_2.active)
        note = other.message_ids.filtered(lambda message: message.mail_activity_type_id == todo_2.activity_type_id)
        self.assertIn(f"Alert dismissed by {self.manager.name}: Paid in cash at the counter", note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)
        # a colleague who is neither the salesperson nor a manager cannot
        alert_3 = self._alerts("late_payment", customer, states=("acknowledged",))
        with self.assertRaises(AccessError):
            alert_3.with_user(self.salesman_2).action_dismiss("not mine")
        self.assertEqual(alert_3.state, "acknowledged")

    def test_resolving_removes_the_todo(self):
        self._only("late_payment")
        customer, invoice = self._late_customer()
        self._run()
        todo = self._alerts("late_payment", customer).activity_ids
        self.assertTrue(todo)
        self._pay(invoice)
        self._run()
        self.assertFalse(todo.exists())

    def test_dismiss_needs_a_reason_and_stays_quiet_until_the_condition_returns(self):
        self._only("late_payment")
        customer, invoice = self._late_customer()
        self._run()
        alert = self._alerts("late_payment", customer)
        wizard = self.env["care.alert.dismiss"].with_user(self.salesman)
        with self.assertRaises(UserError):
            wizard.create({"alert_ids": [Command.set(alert.ids)], "mode": "dismiss", "reason": "  "}).action_confirm()
        self.assertEqual(alert.state, "open", "a refused dismissal changes nothing")
        wizard.create(
            {"alert_ids": [Command.set(alert.ids)], "mode": "dismiss", "reason": "Agreed a payment plan"}
        ).action_confirm()
        self.assertEqual(
            (alert.state, alert.dismiss_reason, alert.dismissed_by_id),
            ("dismissed", "Agreed a payment plan", self.salesman),
        )
        self.assertFalse(alert.activity_ids)
        self.assertEqual(self._run(), {"raised": 0, "reopened": 0, "resolved": 0}, "dismissed stays quiet")
        # the condition clears: the dismissed alert is resolved; it comes back as a new alert
        self._pay(invoice)
        self._run()
        self.assertEqual(alert.state, "resolved")
        self._invoice(customer, 300, "2026-05-01", due="2026-05-10")
        self._run()
        new = self._alerts("late_payment", customer)
        self.assertTrue(new)
        self.assertNotEqual(new, alert)

    def test_snooze_reopens_on_its_date_if_the_condition_holds(self):
        self._only("late_payment")
        customer, _invoice = self._late_customer()
        self._run()
        alert = self._alerts("late_payment", customer)
        wizard = self.env["care.alert.dismiss"].with_user(self.salesman)
        for bad_date in ("2026-06-30", "2027-07-01"):
            with self.assertRaises(UserError):
                wizard.create(
                    {"alert_ids": [Command.set(alert.ids)], "mode": "snooze", "snooze_until": bad_date}
                ).action_confirm()
        wizard.create(
            {"alert_ids": [Command.set(alert.ids)], "mode": "snooze", "snooze_until": "2026-07-10"}
        ).action_confirm()
        self.assertEqual((alert.state, alert.snooze_until), ("dismissed", date(2026, 7, 10)))
        self.assertEqual(self._run(today=date(2026, 7, 9))["reopened"], 0)
        self.assertEqual(self._run(today=date(2026, 7, 10))["reopened"], 1)
        self.assertEqual(alert.state, "open")
        self.assertFalse(alert.snooze_until)
        self.assertEqual(len(alert.activity_ids), 1, "the salesperson gets a to-do again")

    def test_switching_a_kind_off_resolves_its_alerts(self):
        self._only("late_payment")
        customer, _invoice = self._late_customer()
        self._run()
        alert = self._alerts("late_payment", customer)
        self._only()
        self._run()
        self.assertEqual(alert.state, "resolved")

    def test_the_scheduled_action_runs_every_company(self):
        self._only("late_payment")
        customer, _invoice = self._late_customer()
        with self.enter_registry_test_mode():
            self.env.ref("customer_care.care_alert_cron_run").method_direct_trigger()
        self.assertEqual(len(self._alerts("late_payment", customer)), 1)

    # ------------------------------------------------------------
    # ACCESS AND COMPANIES
    # ------------------------------------------------------------

    def test_access_per_salesperson(self):
        self._only("late_payment")
        mine, _invoice = self._late_customer("Li's customer")
        theirs, _invoice = self._late_customer("Zhao's customer", self.salesman_2)
        self._run()
        alert = self._alerts("late_payment", mine)
        other = self._alerts("late_payment", theirs)
        Alert = self.Alert.with_user(self.salesman)
        self.assertEqual(Alert.search([("company_id", "=", self.company.id)]), alert, "their own customers' only")
        with self.assertRaises(AccessError):
            other.with_user(self.salesman).read(["evidence_text"])
        with self.assertRaises(AccessError):
            other.with_user(self.salesman).action_acknowledge()
        with self.assertRaises(AccessError):
            other.with_user(self.salesman).action_dismiss("Not mine")
        self.assertEqual(other.state, "open")
        # nobody invents, edits or deletes an alert
        with self.assertRaises(AccessError):
            Alert.create(
                {
                    "partner_id": mine.id,
                    "company_id": self.company.id,
                    "kind": "no_contact",
                    "raised_date": "2026-06-30",
                }
            )
        with self.assertRaises(AccessError):
            alert.with_user(self.salesman).write({"state": "resolved"})
        with self.assertRaises(AccessError):
            alert.with_user(self.manager).write({"severity": "low"})
        with self.assertRaises(UserError):
            alert.with_user(self.manager).unlink()
        # a manager sees and acts on everyone's
        self.assertEqual(
            self.Alert.with_user(self.manager).search([("company_id", "=", self.company.id)]), alert | other
        )
        other.with_user(self.manager).action_acknowledge()
        self.assertEqual(other.acknowledged_by_id, self.manager)
        # an internal user outside the care groups reads none
        internal = new_test_user(
            self.env,
            login="alert_internal",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.assertRaises(AccessError):
            self.Alert.with_user(internal).search([])
        # the customer's alert fields are the care groups'
        self.assertEqual(mine.with_user(self.salesman).care_alert_count, 1)
        with self.assertRaises(AccessError):
            mine.with_user(internal).read(["care_alert_count"])

    def test_other_company_alerts_never_show(self):
        self._only("late_payment")
        customer, _invoice = self._late_customer()
        self._run()
        alert = self._alerts("late_payment", customer)
        other_company = self.env["res.company"].create({"name": "Alert Other Company"})
        other_manager = new_test_user(
            self.env,
            login="alert_other_manager",
            groups="sales_team.group_sale_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        as_other = {"allowed_company_ids": other_company.ids}
        self.assertFalse(self.Alert.with_user(other_manager).with_context(**as_other).search([]))
        with self.assertRaises(AccessError):
            alert.with_user(other_manager).with_context(**as_other).read(["kind"])
        # the other company's run raises nothing from this company's invoices
        other_company.write({"care_alert_late_payment": True})
        self.assertEqual(self.Alert._care_run_company(other_company)["raised"], 0)

    def test_settings_are_bounded(self):
        for field, value in (
            ("care_alert_overdue_factor", 0.5),
            ("care_alert_volume_drop_pct", 0),
            ("care_alert_volume_drop_pct", 150),
            ("care_alert_late_days", -1),
            ("care_alert_no_contact_days", 100000),
            ("care_alert_big_top_n", 0),
            ("care_alert_big_share", 101),
        ):
            with self.subTest(field=field, value=value), self.assertRaises(ValidationError):
                self.company.write({field: value})
        self.company.write({"care_alert_overdue_factor": 2.0, "care_alert_late_days": 0})
        self.assertEqual(self.company.care_alert_overdue_factor, 2.0)
