from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.customer_care.const import BADGE_DECORATIONS, GRADE_COLUMN_WIDTHS, RFM_SEGMENTS, TIERS

from .common_care import CareDutyCommon

TIER_ORDER = [key for key, __ in TIERS]


@tagged("post_install", "-at_install")
class TestRankOrder(CareDutyCommon):
    """Grades group in their own order (VIP, Major, Ordinary, Small), not alphabetically, wherever they are grouped."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Rank Order Company"})
        partners = cls.env["res.partner"].create(
            [{"name": f"Customer {tier}", "customer_rank": 1, "company_id": cls.company_b.id} for tier in TIER_ORDER]
        )
        Profile = cls.env["care.profile"]
        for partner, tier, stage in zip(partners, TIER_ORDER, ["lost", "first", "advocate", "repeat"], strict=True):
            values = {"tier": tier, "stage": stage}
            profile = Profile.search([("partner_id", "=", partner.id), ("company_id", "=", cls.company_b.id)])
            if profile:
                profile.write(values)
            else:
                Profile.create({"partner_id": partner.id, "company_id": cls.company_b.id, **values})
        month = fields.Date.today().replace(day=1)
        cls.env["care.class.snapshot"].create(
            [
                {"company_id": cls.company_b.id, "month": month, "dimension": "tier", "tier": tier, "customer_count": n}
                for n, tier in enumerate(reversed(TIER_ORDER), start=3)
            ]
        )

    def _groups(self, model, groupby, order=None, aggregates=("__count",)):
        domain = [("company_id", "=", self.company_b.id)]
        groups = self.env[model].formatted_read_group(domain, [groupby], list(aggregates), order=order)
        return groups

    def test_tiers_in_rank_order_in_pivots_graphs_and_lists(self):
        for model, field in [
            ("care.profile", "tier"),
            ("care.class.snapshot", "tier"),
        ]:
            Model = self.env[model].with_company(self.company_b)
            domain = [("company_id", "=", self.company_b.id)]
            groups = Model.formatted_read_group(domain, [field], ["__count"])
            self.assertEqual([g[field] for g in groups], TIER_ORDER, model)
            groups = Model.formatted_read_group(domain, [field], ["__count"], order=f"{field} desc")
            self.assertEqual([g[field] for g in groups], TIER_ORDER[::-1], f"{model}, descending")
            # the list view's grouping goes through the same ordering
            groups = Model.web_read_group(domain, [field], ["__count"])["groups"]
            self.assertEqual([g[field] for g in groups], TIER_ORDER, f"{model}, grouped list")

    def test_stages_in_their_order_and_subgroups_too(self):
        rows = self.env["care.profile"]._read_group([("company_id", "=", self.company_b.id)], ["stage", "tier"])
        self.assertEqual(rows, [("first", "major"), ("repeat", "small"), ("advocate", "ordinary"), ("lost", "vip")])

    def test_counts_are_integers(self):
        groups = self._groups("care.class.snapshot", "tier", aggregates=("customer_count:sum", "__count"))
        self.assertEqual([g["customer_count:sum"] for g in groups], [6, 5, 4, 3])
        for group in groups:
            self.assertIsInstance(group["customer_count:sum"], int)
            self.assertIsInstance(group["__count"], int)
        # the compliance report's counts are whole numbers too
        for name in ("due_count", "done_count", "late_count", "missed_count", "open_count"):
            self.assertEqual(self.env["care.compliance.report"]._fields[name].type, "integer", name)


@tagged("post_install", "-at_install")
class TestScreensAgree(CareDutyCommon):
    """One colour per grade in every view; no Company column or grouping with one company."""

    def _badges(self, model, view_type):
        arch = self.env[model].get_views([(False, view_type)])["views"][view_type]["arch"]
        return etree.fromstring(arch).xpath("//field[@widget='badge']")

    def test_grade_badges_share_one_colour_mapping(self):
        seen = {}
        for model, view_type in [
            ("res.partner", "list"),
            ("res.partner", "form"),
            ("care.profile", "list"),
            ("care.task", "form"),
            ("care.alert", "list"),
            ("care.customer.loss", "list"),
        ]:
            for node in self._badges(model, view_type):
                field = self.env[model]._fields[node.get("name")]
                kind = self.env[model]._care_badge_kind(field)
                if not kind:
                    continue
                decorations = {
                    name.removeprefix("decoration-"): value
                    for name, value in node.attrib.items()
                    if name.startswith("decoration-")
                }
                expected = {
                    decoration: f"{field.name} in {list(keys)!r}"
                    for decoration, keys in BADGE_DECORATIONS[kind][1].items()
                }
                self.assertEqual(decorations, expected, f"{model} {view_type} {field.name}")
                seen.setdefault(kind, set()).add(model)
        self.assertIn("tier", seen)
        self.assertGreaterEqual(len(seen["tier"]), 2, "the tier badge is checked in several lists")
        # the team's list of the day shows the tier as the others do
        arch = self.env["care.task"].get_view(self.env.ref("customer_care.care_task_view_list_team_today").id)["arch"]
        [tier] = etree.fromstring(arch).xpath("//field[@name='partner_tier']")
        self.assertEqual(tier.get("decoration-success"), "partner_tier in ['vip']")
        self.assertEqual(tier.get("decoration-info"), "partner_tier in ['major']")

    def test_grade_columns_are_wide_enough(self):
        view = self.env.ref("customer_care.res_partner_view_list_customer_care")
        arch = etree.fromstring(self.env["res.partner"].get_view(view.id, "list")["arch"])
        widths = {node.get("name"): node.get("width") for node in arch.xpath("//field")}
        self.assertEqual(widths["care_matrix_cell"], GRADE_COLUMN_WIDTHS["matrix_cell"])
        self.assertEqual(widths["care_stage"], GRADE_COLUMN_WIDTHS["stage"])
        self.assertEqual(widths["care_tier"], GRADE_COLUMN_WIDTHS["tier"])
        # the family members' list inside the dossier: short headings, the written birthday whole
        arch = etree.fromstring(self.env["res.partner"].get_view(False, "form")["arch"])
        [members] = arch.xpath("//field[@name='care_family_member_ids']/list")
        [label] = members.xpath("field[@name='care_birthday_label']")
        self.assertEqual(label.get("width"), GRADE_COLUMN_WIDTHS["birthday_label"])
        self.assertEqual(members.xpath("field[@name='care_lunar_month']")[0].get("string"), "Month")
        # forms keep their layout: no width there
        self.assertFalse(arch.xpath("//field[@name='care_stage'][@width]"))

    def test_company_only_with_several_companies(self):
        views = self.env["ir.ui.view"].search(
            [("model_data_id.module", "=", "customer_care"), ("type", "in", ("list", "form", "search", "pivot"))]
        )
        self.assertTrue(views)
        checked = 0
        for view in views:
            arch = etree.fromstring(view.arch_db.encode())
            nodes = arch.xpath("//field[@name='company_id']") + arch.xpath(
                "//filter[contains(@context, \"'company_id'\")]"
            )
            for node in nodes:
                if node.get("invisible") == "1" or node.get("column_invisible") == "1":
                    continue
                checked += 1
                self.assertIn(
                    "base.group_multi_company",
                    node.get("groups", ""),
                    f"{view.xml_id}: {etree.tostring(node).decode()}",
                )
        self.assertGreater(checked, 10, "the Company columns, fields and groupings of the addon's views")

    def test_rfm_segments_have_the_marketers_names(self):
        if not self.env["res.lang"]._lang_get("zh_CN").active:
            self.env["res.lang"]._activate_lang("zh_CN")
            self.env["ir.module.module"]._load_module_terms(["customer_care"], ["zh_CN"], overwrite=True)
        Fields = self.env["ir.model.fields"].with_context(lang="zh_CN")
        labels = dict(Fields.get_field_selection("care.profile", "rfm_segment"))
        self.assertEqual(labels["champions"], "重要价值客户")
        self.assertEqual(labels["loyal"], "重要保持客户")
        self.assertEqual(labels["lost"], "流失客户")
        self.assertEqual(len(set(labels.values())), len(RFM_SEGMENTS), "each segment its own name")
        # the stage and the demand state keep their words
        self.assertEqual(dict(Fields.get_field_selection("care.profile", "stage"))["lost"], "已流失")
        self.assertEqual(dict(Fields.get_field_selection("res.partner", "care_demand_state"))["loyal"], "忠诚")


@tagged("post_install", "-at_install")
class TestTeamCareToday(CareDutyCommon):
    """ "My Team's Care Today": the team's open duties due today or overdue, per salesperson, groups open, overdue
    rows in red; a team leader sees the team's, a Customer Care manager everyone's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a team leader who is a salesperson, not a Customer Care manager
        cls.leader = new_test_user(
            cls.env, login="care_leader", groups="sales_team.group_sale_salesman", name="Lead Wu"
        )
        cls.outsider = new_test_user(
            cls.env, login="care_outsider", groups="sales_team.group_sale_salesman", name="Sales Qian"
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "East Team", "user_id": cls.leader.id, "member_ids": [(6, 0, [cls.salesman.id, cls.leader.id])]}
        )
        customer_3 = cls.env["res.partner"].create(
            {"name": "Outsider's", "customer_rank": 1, "user_id": cls.outsider.id}
        )
        today = cls.env["care.rule"]._care_today(cls.company)
        cls.mine = cls._create_task(cls.customer, today - timedelta(days=1))
        cls.mine_today = cls._create_task(cls.customer, today)
        cls.colleague = cls._create_task(cls.customer_2, today)
        cls.outsiders = cls._create_task(customer_3, today)
        cls.future = cls._create_task(cls.customer, today + timedelta(days=3))

    def _open(self, user):
        action = self.env["care.task"].with_user(user).action_open_team_today()
        return action, self.env["care.task"].with_user(user).search(action["domain"])

    def test_leader_sees_the_team(self):
        action, tasks = self._open(self.leader)
        self.assertEqual(tasks, self.mine | self.mine_today, "the team's duties due today or overdue")
        self.assertIn("search_default_group_user", action["context"], "grouped per salesperson")
        # read only: completing a member's duty stays with the member
        self.assertEqual(self.mine.with_user(self.leader).partner_id, self.customer)

    def test_manager_sees_everyone_and_salesperson_their_own(self):
        __, tasks = self._open(self.manager)
        self.assertEqual(
            tasks & (self.mine | self.colleague | self.outsiders), self.mine | self.colleague | self.outsiders
        )
        self.assertNotIn(self.future, tasks)
        __, tasks = self._open(self.outsider)
        self.assertEqual(tasks, self.outsiders)
        __, tasks = self._open(self.salesman)
        self.assertEqual(tasks, self.mine | self.mine_today, "a member sees their own")

    def test_leader_cannot_complete_a_members_duty(self):
        with self.assertRaises(AccessError):
            self.mine.with_user(self.leader).write({"state": "done"})

    def test_list_opens_unfolded_with_overdue_rows_marked(self):
        view = self.env.ref("customer_care.care_task_view_list_team_today")
        arch = etree.fromstring(self.env["care.task"].get_view(view.id, "list")["arch"])
        self.assertEqual(arch.get("expand"), "1")
        self.assertEqual(arch.get("decoration-danger"), "date_due < current_date")
        action = self.env.ref("customer_care.care_task_action_team_today")
        self.assertEqual(action.view_id, view)
        menu = self.env.ref("customer_care.care_task_menu_team_today")
        self.assertEqual(menu.action, self.env.ref("customer_care.care_task_action_server_team_today"))
