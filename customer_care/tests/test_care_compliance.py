import io
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tests import freeze_time, new_test_user
from odoo.tools.pdf import PdfReader
from odoo.tools.safe_eval import safe_eval

from odoo.addons.base.tests.common import BaseCommon


@freeze_time("2026-05-10")
class TestCareCompliance(BaseCommon):
    """Gift requests, the compliance report (服务考核), the monthly statement and the team view,
    on a known set of duties of two salespeople in April and May 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="cc_sales_li", name="Sales Li", groups="sales_team.group_sale_salesman"
        )
        cls.salesman_2 = new_test_user(
            cls.env, login="cc_sales_zhao", name="Sales Zhao", groups="sales_team.group_sale_salesman"
        )
        cls.manager = new_test_user(
            cls.env, login="cc_manager", name="Manager Chen", groups="sales_team.group_sale_manager"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "王芳 Wang Fang", "customer_rank": 1, "user_id": cls.salesman.id}
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {"name": "李雷 Li Lei", "customer_rank": 1, "user_id": cls.salesman.id}
        )
        cls.customer_3 = cls.env["res.partner"].create(
            {"name": "韩梅梅 Han Meimei", "customer_rank": 1, "user_id": cls.salesman_2.id}
        )
        rules = cls.env["care.rule"].create(
            [
                {"name": "Holiday greeting", "trigger": "holiday", "fine_amount": 10},
                {"name": "Birthday greeting", "trigger": "birthday", "fine_amount": 10},
                {"name": "Monthly call", "trigger": "periodic_contact", "fine_amount": 10},
            ]
        )
        cls.holiday_rule, cls.birthday_rule, cls.call_rule = rules
        T = cls._task
        # Sales Li, April: 2 on time, 1 late, 2 missed (fines 10 each), 1 cancelled (not counted).
        T(cls.holiday_rule, cls.customer, "2026-04-05", "done")
        T(cls.holiday_rule, cls.customer_2, "2026-04-05", "done")
        T(cls.call_rule, cls.customer, "2026-04-10", "late")
        T(cls.call_rule, cls.customer_2, "2026-04-20", "missed", fine_amount=10)
        cls.missed_birthday = T(cls.birthday_rule, cls.customer_2, "2026-04-28", "missed", fine_amount=10)
        T(cls.birthday_rule, cls.customer, "2026-04-30", "cancelled", cancel_reason="Customer abroad")
        # Sales Li, May: 1 done, 1 due today, 1 overdue, 1 due later (open).
        cls.birthday_task = T(cls.birthday_rule, cls.customer, "2026-05-01", "done")
        cls.today_task = T(cls.holiday_rule, cls.customer, "2026-05-10", "todo")
        cls.overdue_task = T(cls.call_rule, cls.customer_2, "2026-05-08", "todo")
        cls.later_task = T(cls.call_rule, cls.customer, "2026-05-20", "todo")
        # Sales Zhao, April: 1 missed; May: 1 overdue.
        qingming = cls.env["care.occasion"].create(
            {"name": "清明节", "name_en": "Tomb-Sweeping Day", "date": "2026-04-05", "kind": "holiday"}
        )
        T(cls.holiday_rule, cls.customer_3, "2026-04-05", "missed", fine_amount=10, occasion_id=qingming.id)
        cls.overdue_zhao = T(cls.call_rule, cls.customer_3, "2026-05-05", "todo")

    @classmethod
    def _task(cls, rule, partner, day, state, **values):
        return cls.env["care.task"].create(
            {
                "rule_id": rule.id,
                "partner_id": partner.id,
                "user_id": partner.user_id.id,
                "occasion_date": day,
                "date_due": day,
                "state": state,
                **values,
            }
        )

    def _figures(self, env=None):
        report = (env or self.env)["care.compliance.report"]
        groups = report._read_group(
            [],
            ["user_id", "date_due:month"],
            ["due_count:sum", "done_count:sum", "late_count:sum", "missed_count:sum", "fine_amount:sum", "rate:avg"],
        )
        return {(user.login, month.isoformat()): tuple(figures) for user, month, *figures in groups}

    # ------------------------------------------------------------
    # Compliance report
    # ------------------------------------------------------------

    def test_compliance_figures(self):
        figures = self._figures()
        # due, on time, late, missed, fines, rate (done or late among settled duties)
        self.assertEqual(figures["cc_sales_li", "2026-04-01"], (5, 2, 1, 2, 20.0, 60.0))
        self.assertEqual(figures["cc_sales_li", "2026-05-01"], (4, 1, 0, 0, 0.0, 100.0))
        self.assertEqual(figures["cc_sales_zhao", "2026-04-01"], (1, 0, 0, 1, 10.0, 0.0))
        self.assertEqual(figures["cc_sales_zhao", "2026-05-01"][:5], (1, 0, 0, 0, 0.0))
        # A salesperson sees only their own figures; drill-down opens the duty itself.
        own = self._figures(self.env(user=self.salesman_2))
        self.assertEqual(set(own), {("cc_sales_zhao", "2026-04-01"), ("cc_sales_zhao", "2026-05-01")})
        row = self.env["care.compliance.report"].search([("task_id", "=", self.missed_birthday.id)])
        self.assertEqual(row.action_open_task()["res_id"], self.missed_birthday.id)
        with self.assertRaises(AccessError):
            row.with_user(self.manager).write({"fine_amount": 0})

    def test_team_care_today(self):
        action = self.env.ref("customer_care.care_task_action_team_today")
        domain = safe_eval(action.domain, {"context_today": lambda: date(2026, 5, 10)})
        tasks = self.env["care.task"].with_user(self.manager).search(domain)
        self.assertEqual(tasks, self.today_task | self.overdue_task | self.overdue_zhao)
        self.assertEqual(safe_eval(action.context), {"search_default_group_user": 1})

    # ------------------------------------------------------------
    # Monthly statement
    # ------------------------------------------------------------

    def test_statement_lists_missed_duties(self):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "customer_care.care_statement_report_action",
            self.salesman.ids,
            data={"date_from": "2026-04-01"},
        )
        html = html.decode()
        self.assertIn("Sales Li", html)
        self.assertIn("Monthly call", html)
        self.assertIn("Birthday greeting", html)
        self.assertIn("李雷 Li Lei", html)
        self.assertIn("04/28/2026", html)
        # Only missed duties are listed: the holiday greetings were done, the cancelled one is left out.
        self.assertNotIn("Holiday greeting", html)
        self.assertEqual(html.count('data-oe-expression="task.fine_amount"'), 2)
        # The missed duty names its occasion.
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "customer_care.care_statement_report_action", self.salesman_2.ids, data={"date_from": "2026-04-01"}
            )[0]
            .decode()
        )
        self.assertIn("Holiday greeting", html)
        self.assertIn("(清明节)", html)
        values = self.env["report.customer_care.report_care_statement"]._get_report_values(
            [], {"date_from": "2026-04-01", "user_ids": self.salesman.ids}
        )
        statement = values["statements"][0]
        self.assertEqual(
            (statement["due"], statement["done"], statement["late"], len(statement["missed"]), statement["fines"]),
            (5, 2, 1, 2, 20.0),
        )

    def test_statement_wizard_prints_own_statement_only_for_salespeople(self):
        Wizard = self.env["care.statement.wizard"]
        own = Wizard.with_user(self.salesman).create({"month": "2026-04-15"})
        self.assertEqual(own.user_ids, self.salesman)
        self.assertEqual(own.action_print()["data"]["user_ids"], self.salesman.ids)
        other = Wizard.with_user(self.salesman).create({"month": "2026-04-15", "user_ids": self.salesman_2.ids})
        with self.assertRaises(UserError):
            other.action_print()
        team = Wizard.with_user(self.manager).create(
            {"month": "2026-04-15", "user_ids": (self.salesman | self.salesman_2).ids}
        )
        self.assertEqual(team.action_print()["data"]["date_from"], "2026-04-01")

    def test_statement_prints_as_pdf(self):
        # make test installs wkhtmltopdf; tests render HTML unless forced.
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "customer_care.care_statement_report_action", self.salesman.ids, data={"date_from": "2026-04-01"}
            )
        )
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        # Words come out separated by tabs; Chinese names need the CJK font make test installs.
        text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
        self.assertIn("Monthly call", text)
        self.assertIn("Birthday greeting", text)
        self.assertIn("李雷 Li Lei", text)

    def test_statement_wizard(self):
        wizard = (
            self.env["care.statement.wizard"]
            .with_user(self.manager)
            .create({"month": date(2026, 4, 15), "user_ids": [(6, 0, (self.salesman | self.salesman_2).ids)]})
        )
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "customer_care.report_care_statement")
        self.assertEqual(action["data"], {"date_from": "2026-04-01", "user_ids": (self.salesman | self.salesman_2).ids})

    # ------------------------------------------------------------
    # Gift requests (生日礼物申请)
    # ------------------------------------------------------------

    def _request(self, user=None, task=None):
        return (
            self.env["care.gift.request"]
            .with_user(user or self.salesman)
            .create(
                {
                    "task_id": (task or self.birthday_task).id,
                    "gift": "生日蛋糕 Cake",
                    "estimated_cost": 200,
                    "reason": "VIP",
                }
            )
        )

    def test_gift_request_approved(self):
        request = self._request()
        self.assertEqual((request.partner_id, request.user_id, request.state), (self.customer, self.salesman, "draft"))
        request.action_request()
        self.assertEqual((request.state, request.date_requested), ("requested", date(2026, 5, 10)))
        with self.assertRaises(AccessError):
            request.action_approve()
        with self.assertRaises(AccessError):
            request.write({"estimated_cost": 50})
        self.assertEqual(request.state, "requested")
        request.with_user(self.manager).action_approve()
        self.assertEqual(
            (request.state, request.approver_id, request.date_decided), ("approved", self.manager, date(2026, 5, 10))
        )
        with self.assertRaises(UserError):
            request.with_user(self.manager).action_refuse()
        # Approved gifts per month.
        action = self.env.ref("customer_care.care_gift_request_action_approved")
        per_month = self.env["care.gift.request"]._read_group(
            Domain(safe_eval(action.domain)) & Domain("user_id", "=", self.salesman.id),
            ["date_decided:month"],
            ["estimated_cost:sum"],
        )
        self.assertEqual([(month.isoformat(), cost) for month, cost in per_month], [("2026-05-01", 200.0)])

    def test_gift_request_refused_and_access(self):
        request = self._request()
        request.action_request()
        request.with_user(self.manager).action_refuse()
        self.assertEqual((request.state, request.approver_id), ("refused", self.manager))
        self.assertFalse(
            self.env["care.gift.request"]._read_group(
                [("state", "=", "approved"), ("user_id", "=", self.salesman.id)], [], ["__count"]
            )[0][0]
        )
        # Another salesperson neither sees the request nor requests gifts on duties not theirs.
        self.assertFalse(self.env["care.gift.request"].with_user(self.salesman_2).search([("id", "=", request.id)]))
        with self.assertRaises(AccessError):
            self._request(user=self.salesman_2)
        with self.assertRaises(UserError):
            request.with_user(self.manager).unlink()

    def test_gift_request_needs_birthday_duty(self):
        with self.assertRaises(ValidationError):
            self._request(task=self.today_task)
