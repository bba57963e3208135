import re
from datetime import date

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import html2plaintext

LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]")


@tagged("post_install", "-at_install")
class TestTranslatedData(TransactionCase):
    """What a Chinese salesperson reads that is data, not a label: the care rules' names in the to-dos'
    summaries, the note a completed duty leaves in the chatter, the holidays' names."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["customer_care"], ["zh_CN"], overwrite=True)
        cls.salesperson = new_test_user(
            cls.env, login="care_zh_salesman", groups="sales_team.group_sale_salesman", lang="zh_CN"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "王芳", "customer_rank": 1, "user_id": cls.salesperson.id, "care_demand_state": "closed"}
        )

    def test_demo_rules_and_duty_type_in_chinese(self):
        rules = self.env["ir.model.data"].search([("module", "=", "customer_care"), ("model", "=", "care.rule")])
        self.assertGreaterEqual(len(rules), 8)
        for rule in self.env["care.rule"].browse(rules.mapped("res_id")).with_context(lang="zh_CN"):
            self.assertFalse(LATIN.search(rule.name), rule.name)
        duty_type = self.env.ref("customer_care.mail_activity_type_care_duty").with_context(lang="zh_CN")
        self.assertFalse(LATIN.search(duty_type.name), duty_type.name)

    def test_holiday_names_per_language(self):
        values = self.env["care.occasion"]._care_holiday_values("CN", date(2027, 2, 1), date(2027, 2, 28))
        spring = self.env["care.occasion"].create(
            [{**vals, "source": "library"} for vals in values if vals["kind"] == "holiday"]
        )
        self.assertEqual(spring.date, date(2027, 2, 6))
        self.assertEqual(spring.with_context(lang="zh_CN").display_name, "春节")
        english = spring.with_context(lang="en_US").display_name
        self.assertEqual(english, spring.name_en)
        self.assertFalse(CJK.search(english), english)

    def test_duty_to_do_and_chatter_note_in_chinese(self):
        values = self.env["care.occasion"]._care_holiday_values("CN", date(2027, 2, 1), date(2027, 2, 28))
        self.env["care.occasion"].create(
            [{**vals, "source": "library"} for vals in values if vals["kind"] == "holiday"]
        )
        rule = self.env.ref("customer_care.care_rule_demo_holiday")
        rule.partner_domain = f"[('id', '=', {self.customer.id})]"
        rule._care_generate_tasks(date(2027, 2, 5))
        task = self.env["care.task"].search([("rule_id", "=", rule.id), ("partner_id", "=", self.customer.id)])
        self.assertEqual(len(task), 1)
        self.assertEqual(task.activity_ids.summary, "节日问候: 春节")
        before = self.customer.message_ids
        as_salesperson = task.with_user(self.salesperson).with_context(lang="zh_CN")
        as_salesperson._care_mark_done(as_salesperson.env._("Care call logged"))
        self.assertEqual(task.state, "done")
        notes = [html2plaintext(m.body or "") for m in self.customer.message_ids - before]
        self.assertIn("已记录关怀通话: 节日问候", notes)
