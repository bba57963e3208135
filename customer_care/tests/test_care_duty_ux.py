import io
from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time
from odoo.tools.pdf import PdfFileReader

from .common_care import CareDutyCommon


class TestCareDutyUx(CareDutyCommon):
    """The duty as the salesperson lives it: the call's result asked for, and what they need to act."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.task = cls._create_task(cls.customer, "2026-10-01")
        cls.activity = cls.env["mail.activity"].create(
            {
                "res_model_id": cls.env["ir.model"]._get_id("res.partner"),
                "res_id": cls.customer.id,
                "activity_type_id": cls.env.ref("customer_care.mail_activity_type_care_duty").id,
                "user_id": cls.salesman.id,
                "date_deadline": "2026-10-01",
                "care_task_id": cls.task.id,
            }
        )

    def _zh_cn(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_care"], ["zh_CN"], overwrite=True)

    # ------------------------------------------------------------
    # LOG CALL
    # ------------------------------------------------------------

    @freeze_time("2026-09-30 04:00:00")
    def test_log_call_asks_for_the_result(self):
        task = self.task.with_user(self.salesman)
        action = task.action_log_call()
        self.assertEqual((action["res_model"], action["target"]), ("care.task.log.call", "new"))
        self.assertEqual(task.state, "todo", "opening the dialog completes nothing")
        wizard_model = self.env["care.task.log.call"].with_user(self.salesman).with_context(**action["context"])
        with Form(wizard_model) as form:
            form.result = "Mrs Wang is well, asked about the new range"
            form.next_step = "Send the catalogue on Friday"
        form.record.action_confirm()
        self.assertRecordValues(
            self.task,
            [
                {
                    "state": "done",
                    "date_done": date(2026, 9, 30),
                    "done_by_id": self.salesman.id,
                    "result_note": "Mrs Wang is well, asked about the new range",
                    "next_step": "Send the catalogue on Friday",
                }
            ],
        )
        self.assertFalse(self.activity.active, "the to-do is done with its duty")
        body = self.customer.message_ids[0].body
        self.assertIn("Mrs Wang is well", body)
        self.assertIn("Send the catalogue on Friday", body)

    def test_log_call_without_result_changes_nothing(self):
        wizard = (
            self.env["care.task.log.call"].with_user(self.salesman).create({"task_id": self.task.id, "result": " "})
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(self.task.state, "todo")
        self.assertFalse(self.task.result_note)

    def test_log_call_on_another_salespersons_duty_refused(self):
        with self.assertRaises(AccessError):
            self.task.with_user(self.salesman_2).action_log_call()
        wizard = (
            self.env["care.task.log.call"].with_user(self.salesman_2).create({"task_id": self.task.id, "result": "x"})
        )
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        self.assertEqual(self.task.state, "todo")

    def test_log_call_on_closed_duty_refused(self):
        self.task.state = "missed"
        with self.assertRaises(UserError):
            self.task.with_user(self.salesman).action_log_call()

    # ------------------------------------------------------------
    # THE DUTY FORM
    # ------------------------------------------------------------

    def test_duty_shows_contact_details(self):
        self.customer.write(
            {"phone": "+86 21 5555 0101", "care_mobile": "+86 139 0000 0001", "care_wechat_id": "wangfang88"}
        )
        task = self.task.with_user(self.salesman)
        self.assertRecordValues(
            task,
            [
                {
                    "partner_phone": "+86 21 5555 0101",
                    "partner_mobile": "+86 139 0000 0001",
                    "partner_wechat_id": "wangfang88",
                }
            ],
        )
        arch = task.get_views([(False, "form")])["views"]["form"]["arch"]
        for name in ("partner_phone", "partner_mobile", "partner_wechat_id", "partner_tier", "partner_stage", "script"):
            self.assertIn(f'name="{name}"', arch)

    def test_lunar_birthday_occasion_and_script(self):
        self._zh_cn()
        self.customer.write(
            {
                "care_gender": "female",
                "care_birthday_calendar": "lunar",
                "care_lunar_month": 8,
                "care_lunar_day": 15,
            }
        )
        rule = self.env["care.rule"].create(
            {
                "name": "Birthday greeting",
                "trigger": "birthday",
                "script": "{salutation}，祝您{occasion}快乐！（{customer}）",
            }
        )
        # 农历八月十五 of 2026 is 25 September.
        task = self._create_task(self.customer, "2026-09-25", rule_id=rule.id, trigger="birthday")
        task_zh = task.with_user(self.salesman).with_context(lang="zh_CN")
        self.assertEqual(task_zh.occasion_label, "生日：农历八月十五")
        self.assertEqual(task_zh.script, "王女士，祝您生日：农历八月十五快乐！（王芳 Wang Fang）")
        task_en = task.with_user(self.salesman).with_context(lang="en_US")
        self.assertEqual(task_en.occasion_label, "Birthday: Lunar 8/15")
        self.assertIn("Ms. 王", task_en.script)

    def test_family_birthday_shows_relation_not_name(self):
        member = self.env["care.family.member"].create(
            {
                "partner_id": self.customer.id,
                "name": "王小明",
                "relation": "child",
                "care_birthday_calendar": "lunar",
                "care_lunar_month": 1,
                "care_lunar_day": 1,
            }
        )
        rule = self.env["care.rule"].create({"name": "Family birthdays", "trigger": "birthday"})
        # 农历正月初一 of 2027 (Spring Festival) is 6 February.
        task = self._create_task(
            self.customer, "2027-02-06", rule_id=rule.id, trigger="birthday", family_member_id=member.id
        )
        label = task.with_user(self.salesman).with_context(lang="en_US").occasion_label
        self.assertEqual(label, "Birthday of the customer's Child: Lunar 1/1")
        self.assertNotIn("王小明", label)

    def test_due_date_explained(self):
        task = self.task.with_context(lang="en_US")
        self.assertFalse(task.due_explanation, "nothing to explain when the duty is due on the occasion")
        after_sale = self.env["care.rule"].create(
            {"name": "After-sale follow-up", "trigger": "after_sale", "interval_days": 29}
        )
        task = self._create_task(
            self.customer, "2026-11-10", rule_id=after_sale.id, trigger="after_sale", date_due="2026-12-09"
        ).with_context(lang="en_US")
        self.assertEqual(task.due_explanation, "The follow-up is due 29 days after the invoice.")
        periodic = self.env["care.rule"].create(
            {"name": "Monthly call", "trigger": "periodic_contact", "interval_days": 30}
        )
        task = self._create_task(
            self.customer, "2026-11-10", rule_id=periodic.id, trigger="periodic_contact", date_due="2026-12-09"
        ).with_context(lang="en_US")
        self.assertIn("per period of 30 days", task.due_explanation)

    # ------------------------------------------------------------
    # WECHAT
    # ------------------------------------------------------------

    @freeze_time("2026-09-28 04:00:00")
    def test_wechat_duty_is_a_todo_with_the_script(self):
        rule = self.env["care.rule"].create(
            {
                "name": "Mid-autumn greeting",
                "trigger": "holiday",
                "channel": "wechat",
                "lead_days": 3,
                "script": "{salutation}，中秋快乐！",
            }
        )
        occasion = self.env["care.occasion"].create({"kind": "holiday", "date": "2026-09-30", "name": "中秋节 test"})
        rule._care_generate_tasks(date(2026, 9, 28))
        task = self.env["care.task"].search(
            [("rule_id", "=", rule.id), ("partner_id", "=", self.customer.id), ("occasion_id", "=", occasion.id)]
        )
        self.assertEqual(task.channel, "wechat", "WeChat is not an email: no fallback, the duty keeps its channel")
        self.assertEqual(len(task.activity_ids), 1, "a to-do for the salesperson")
        self.assertEqual(task.with_context(lang="en_US").script, "王芳 Wang Fang，中秋快乐！")

    # ------------------------------------------------------------
    # LUNAR BIRTHDAYS ON THE DOSSIER
    # ------------------------------------------------------------

    @freeze_time("2026-09-01 04:00:00")
    def test_lunar_birthday_label_and_next_birthday(self):
        self._zh_cn()
        self.customer.write({"care_birthday_calendar": "lunar", "care_lunar_month": 8, "care_lunar_day": 15})
        customer = self.customer.with_user(self.salesman)
        self.assertEqual(customer.with_context(lang="zh_CN").care_birthday_label, "农历八月十五")
        self.assertEqual(customer.with_context(lang="en_US").care_birthday_label, "Lunar 8/15")
        self.assertEqual(customer.care_next_birthday, date(2026, 9, 25))
        self.customer.care_lunar_year = 1980
        self.assertEqual(customer.with_context(lang="en_US").care_birthday_label, "Lunar 8/15, 1980")
        self.customer.write(
            {"care_lunar_month": 12, "care_lunar_day": 8, "care_lunar_leap": False, "care_lunar_year": 0}
        )
        self.assertEqual(customer.with_context(lang="zh_CN").care_birthday_label, "农历腊月初八")
        # 农历腊月初八 of lunar 2026 falls in the next solar year.
        self.assertEqual(customer.care_next_birthday, date(2027, 1, 15))
        self.customer.write({"care_birthday_calendar": "solar", "care_birth_date": "1980-03-02"})
        self.assertFalse(customer.care_birthday_label)
        self.assertEqual(customer.care_next_birthday, date(2027, 3, 2))


class TestCareTeamStatements(CareDutyCommon):
    """A manager prints the whole team's monthly statements in one go, on the company's layout,
    each in its salesperson's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.name = "上海关怀贸易 Care Trading"
        cls.team = cls.salesman | cls.salesman_2
        for customer in (cls.customer, cls.customer_2):
            cls._create_task(customer, "2026-04-10", state="missed", fine_amount=10)

    def _print(self, user, res_ids, data, pdf=False):
        reports = self.env["ir.actions.report"].with_user(user)
        if pdf:
            return reports.with_context(force_report_rendering=True)._render_qweb_pdf(
                "customer_care.care_statement_report_action", res_ids, data=data
            )
        html = reports._render_qweb_html("customer_care.care_statement_report_action", res_ids, data=data)[0]
        return html.decode()

    def test_team_statements_in_one_pdf(self):
        # As the wizard prints them: the web client sends the salespeople in data, no ids.
        action = (
            self.env["care.statement.wizard"]
            .with_user(self.manager)
            .create({"month": "2026-04-15", "user_ids": self.team.ids})
            .action_print()
        )
        self.assertEqual(action["data"]["user_ids"], self.team.ids)
        for res_ids in (None, self.team.ids):
            pdf, report_format = self._print(self.manager, res_ids, action["data"], pdf=True)
            self.assertEqual(report_format, "pdf")
            reader = PdfFileReader(io.BytesIO(pdf))
            self.assertEqual(reader.getNumPages(), 2, "one page per salesperson, merged")
            text = " ".join(" ".join(reader.getPage(i).extractText().split()) for i in range(2))
            self.assertIn("上海关怀贸易 Care Trading", text, "the company's header on the page")
            self.assertIn("Sales Li", text)
            self.assertIn("Sales Zhao", text)

    def test_statements_on_external_layout_in_each_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_care"], ["zh_CN"], overwrite=True)
        self.salesman_2.lang = "zh_CN"
        # A bare report URL: ids only, no data, no language in the context.
        html = self._print(self.manager, self.team.ids, None)
        self.assertIn("Care Monthly Statement: <span>Sales Li", html)
        self.assertIn("月度考核单： <span>Sales Zhao", html)
        self.assertIn("上海关怀贸易 Care Trading", html, "the company's header")
        self.assertEqual(html.count('class="article'), 2)

    def test_header_and_footer_kept_inline_for_unpatched_qt(self):
        report = self.env.ref("customer_care.care_statement_report_action")
        html = self._print(self.manager, self.salesman.ids, None)
        with patch.object(type(report), "_care_unpatched_qt", lambda self: True):
            bodies, _ids, header, _footer, _args = report._prepare_html(html, report_model="res.users")
        self.assertEqual(len(bodies), 1)
        self.assertIn("o_care_inline_header", bodies[0])
        self.assertIn("o_care_inline_footer", bodies[0])
        self.assertIn("上海关怀贸易 Care Trading", bodies[0])
        self.assertNotIn("上海关怀贸易 Care Trading", header, "nothing left for the ignored --header-html")

    def test_salesperson_cannot_print_a_colleagues_statement_by_url(self):
        self.assertIn("Sales Li", self._print(self.salesman, self.salesman.ids, None))
        with self.assertRaises(AccessError):
            self._print(self.salesman, self.salesman_2.ids, None)
        with self.assertRaises(AccessError):
            self._print(self.salesman, None, {"user_ids": self.team.ids})


class TestCareCalendar(CareDutyCommon):
    """The care calendar: holidays, duties and the birthdays of customers and family members."""

    @freeze_time("2026-09-01 04:00:00")
    def test_birthdays_and_duties_on_the_calendar(self):
        self.customer.write({"care_birthday_calendar": "lunar", "care_lunar_month": 8, "care_lunar_day": 15})
        self.customer_2.write({"care_birth_date": "1980-02-29"})
        self.env["care.family.member"].create(
            {"partner_id": self.customer.id, "name": "王小明", "relation": "child", "care_birth_date": "2015-09-10"}
        )
        task = self._create_task(self.customer, "2026-09-20")
        Entry = self.env["care.calendar.entry"].with_context(lang="en_US")
        september = [("date", ">=", "2026-09-01"), ("date", "<=", "2026-09-30")]
        entries = Entry.with_user(self.salesman).search(september)
        self.assertIn(
            ("birthday", date(2026, 9, 25), "王芳 Wang Fang · Lunar 8/15"), [(e.kind, e.date, e.name) for e in entries]
        )
        self.assertIn(("duty", date(2026, 9, 20), task), [(e.kind, e.date, e.task_id) for e in entries])
        self.assertNotIn("family_birthday", entries.mapped("kind"), "family birthdays are for the Sensitive group")
        self.assertNotIn(self.customer_2, entries.partner_id, "a colleague's customer")
        # 29 February falls on 28 February in common years; managers see every customer.
        february = Entry.with_user(self.manager).search([("date", "=", "2027-02-28"), ("kind", "=", "birthday")])
        self.assertIn(self.customer_2, february.partner_id)
        self.salesman.group_ids += self.env.ref("customer_care.customer_care_group_sensitive")
        family = Entry.with_user(self.salesman).search(september + [("kind", "=", "family_birthday")])
        self.assertEqual([(e.date, e.name) for e in family], [(date(2026, 9, 10), "王小明 (Child)")])


class TestGradeHistoryLabels(CareDutyCommon):
    def test_first_grading_said_so(self):
        History = self.env["care.grade.history"].with_context(lang="en_US")
        first, change = History.create(
            [
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "field": "tier",
                    "new_value": "major",
                    "date": "2026-01-05",
                },
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "field": "tier",
                    "old_value": "major",
                    "new_value": "vip",
                    "date": "2026-06-05",
                },
            ]
        )
        self.assertEqual((first.old_label, first.new_label), ("first grading", "Major"))
        self.assertEqual((change.old_label, change.new_label), ("Major", "VIP"))
