from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.base.models.ir_actions_report import IrActionsReport

from .common_replica import ReplicaHttpCase


@tagged("post_install", "-at_install")
class TestCareDutyUxTours(ReplicaHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["customer_care"], ["zh_CN"], overwrite=True)
        cls.salesman = new_test_user(
            cls.env, login="ux_sales_li", name="Sales Li", groups="sales_team.group_sale_salesman"
        )
        cls.salesman_2 = new_test_user(
            cls.env, login="ux_sales_zhao", name="Sales Zhao", groups="sales_team.group_sale_salesman"
        )
        cls.manager = new_test_user(
            cls.env, login="ux_manager", name="Manager Chen", groups="sales_team.group_sale_manager"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "王芳 Wang Fang", "customer_rank": 1, "user_id": cls.salesman.id, "care_gender": "female"}
        )
        cls.rule = cls.env["care.rule"].create(
            {
                "name": "Monthly call",
                "trigger": "periodic_contact",
                "interval_days": 30,
                "script": "{salutation}，您好！",
            }
        )
        today = fields.Date.today()
        cls.task = cls.env["care.task"].create(
            {
                "rule_id": cls.rule.id,
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "occasion_date": today - timedelta(days=29),
                "date_due": today,
            }
        )

    def test_log_call_with_its_result(self):
        self.salesman.lang = "zh_CN"
        self.start_tour(
            f"/odoo/action-customer_care.care_task_action/{self.task.id}", "customer_care_log_call", login="ux_sales_li"
        )
        self.assertRecordValues(
            self.task,
            [{"state": "done", "result_note": "王女士很好，问起了新款", "next_step": "周五寄产品目录"}],
        )

    def test_print_team_statements(self):
        printed = []
        render = IrActionsReport._render_qweb_pdf

        def spy(report, report_ref, res_ids=None, data=None):
            printed.append((report_ref, res_ids, dict(data or {})))
            return render(report, report_ref, res_ids=res_ids, data=data)

        with patch.object(IrActionsReport, "_render_qweb_pdf", spy):
            self.start_tour(
                "/odoo/action-customer_care.care_task_action", "customer_care_print_statements", login="ux_manager"
            )
        self.assertEqual(len(printed), 1)
        report_ref, _res_ids, data = printed[0]
        self.assertEqual(report_ref, "customer_care.report_care_statement")
        self.assertEqual(set(data["user_ids"]), {self.manager.id, self.salesman.id, self.salesman_2.id})
