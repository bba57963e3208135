import re

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.base.tests.common import BaseCommon

CONTACTS = "base.group_partner_manager"
SALES = f"sales_team.group_sale_salesman,{CONTACTS}"
SENSITIVE = "customer_care.customer_care_group_sensitive"


class SecurityCommon(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.internal = new_test_user(cls.env, login="sec_internal", groups=f"base.group_user,{CONTACTS}")
        cls.accountant = new_test_user(
            cls.env, login="sec_accountant", groups=f"account.group_account_invoice,{CONTACTS}"
        )
        cls.salesman = new_test_user(cls.env, login="sec_salesman", groups=SALES)
        cls.salesman_sensitive = new_test_user(cls.env, login="sec_salesman_sensitive", groups=f"{SALES},{SENSITIVE}")
        cls.manager = new_test_user(
            cls.env, login="sec_manager", groups=f"customer_care.customer_care_group_manager,{CONTACTS}"
        )
        cls.hobby = cls.env["care.hobby"].create({"name": "Security hobby"})
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "张伟 Zhang Wei",
                "customer_rank": 1,
                "user_id": cls.salesman.id,
                "email": "zhang.wei@example.com",
                "care_sports": "Table tennis",
                "care_hobby_ids": [Command.set(cls.hobby.ids)],
                "care_birth_date": "1980-03-04",
                "care_demand_state": "intent",
                "care_health_notes": "Diabetic",
                "care_religion": "Buddhism",
                "care_marital_status": "married",
                "care_family_member_ids": [Command.create({"name": "Son", "relation": "child"})],
            }
        )


class TestCareFieldsOutsideCareGroups(SecurityCommon):
    def _open(self, user, model, record, view_types=("form", "list", "kanban", "search"), allowed=()):
        """What the web client does to show a record: load the views, then read the fields they hold. Only the
        `allowed` care fields may show."""
        Model = self.env[model].with_user(user)
        result = Model.get_views([(False, view_type) for view_type in view_types])
        for view_type in view_types:
            arch = result["views"][view_type]["arch"]
            shown = set(re.findall(r'<field [^>]*name="(care_\w+)"', arch))
            self.assertLessEqual(shown, set(allowed), f"{model} {view_type} of {user.login}")
        self.assertLessEqual(
            {name for name in result["models"][model]["fields"] if name.startswith("care_")}, set(allowed)
        )
        # the form's own fields (not those of its sub-views), as the web client reads them
        form = etree.fromstring(result["views"][view_types[0]]["arch"])
        spec = {
            node.get("name"): {}
            for node in form.iter("field")
            if not any(ancestor.tag == "field" for ancestor in node.iterancestors())
        }
        self.assertEqual(record.with_user(user).web_read(spec)[0]["id"], record.id)
        Model.web_search_read([("id", "=", record.id)], spec)

    def test_contact_views_without_care_groups(self):
        for user in (self.internal, self.accountant):
            with self.subTest(user=user.login):
                self._open(user, "res.partner", self.customer)
                for xmlid, view_type in (
                    ("customer_care.res_partner_view_list_customer_care", "list"),
                    ("customer_care.res_partner_view_kanban_customer_care", "kanban"),
                ):
                    arch = self.env["res.partner"].with_user(user).get_view(self.env.ref(xmlid).id, view_type)["arch"]
                    self.assertNotRegex(arch, r'name="care_|record\.care_')

    def test_accountant_opens_invoices(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [Command.create({"name": "Tea", "quantity": 1, "price_unit": 100})],
            }
        )
        invoice.action_post()
        self._open(self.accountant, "account.move", invoice, ("form", "list", "search"))
        self.assertFalse(invoice.with_user(self.accountant).fields_get(["care_paid_date"]))

    def test_salesperson_opens_orders(self):
        product = self.env["product.product"].create({"name": "Tea"})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": 100})],
            }
        )
        # A salesperson is a care user (the sales groups imply it): the order shows the customer banner and the
        # credit hold with its release, nothing else of the addon's.
        banner = {
            "care_banner",
            "care_banner_partner_id",
            "care_banner_complaint_count",
            "care_hold",
            "care_hold_reason",
            "care_released_by_id",
            "care_release_reason",
        }
        self._open(self.salesman, "sale.order", order, ("form", "list", "search"), allowed=banner)
        self.assertIn(
            "care_banner", order.with_user(self.salesman).get_views([(False, "form")])["views"]["form"]["arch"]
        )

    def test_settings_and_users_without_care_groups(self):
        admin = new_test_user(self.env, login="sec_settings", groups="base.group_system")
        self.assertFalse(admin.has_group("customer_care.customer_care_group_user"))
        settings = self.env["res.config.settings"].with_user(admin)
        self.assertNotRegex(settings.get_views([(False, "form")])["views"]["form"]["arch"], r'<field [^>]*name="care_')
        settings.create({}).execute()
        # a company and a user created by someone outside the care groups: the care fields fill in by themselves
        company = self.env["res.company"].with_user(admin).create({"name": "Company of a settings user"})
        self.assertTrue(company.sudo().care_dossier_field_ids)
        user = self.env["res.users"].with_user(admin).create({"name": "New colleague", "login": "sec_new_user"})
        self.assertFalse(user.partner_id.sudo().care_birthday_calendar)
        self.assertEqual(
            self.env["res.partner"].with_user(self.salesman).default_get(["care_birthday_calendar"]),
            {"care_birthday_calendar": "solar"},
        )

    def test_contact_edits_outside_care_groups(self):
        """An accountant edits and creates contacts: the dossier date still follows, written by the system."""
        self.customer.care_dossier_updated_on = False
        self.customer.with_user(self.accountant).write({"phone": "+86 10 1234 5678"})
        self.assertTrue(self.customer.care_dossier_updated_on)
        partner = self.env["res.partner"].with_user(self.accountant).create({"name": "Li", "email": "li@example.com"})
        self.assertTrue(partner.sudo().care_dossier_updated_on)
        with self.assertRaises(AccessError):
            partner.write({"care_sports": "Golf"})
        # nor do care users set what the system keeps
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).write({"care_dossier_completeness": 100})

    def test_grouping_by_hobbies_refused(self):
        # Odoo does not check the groups of a many2many grouped by: the addon does, for its fields
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.internal).formatted_read_group(
                [("id", "=", self.customer.id)], ["care_hobby_ids"], ["__count"]
            )
        groups = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .formatted_read_group([("id", "=", self.customer.id)], ["care_hobby_ids"], ["__count"])
        )
        self.assertEqual(groups[0]["care_hobby_ids"][0], self.hobby.id)


class TestDuplicateContact(SecurityCommon):
    def test_duplicate_as_accountant_and_salesperson(self):
        for user in (self.accountant, self.salesman, self.salesman_sensitive, self.manager):
            with self.subTest(user=user.login):
                copy = self.customer.with_user(user).copy().sudo()
                self.assertEqual(copy.name, "张伟 Zhang Wei (copy)")
                # sensitive data, family, birthday and the system's dossier date never go to another person
                self.assertRecordValues(
                    copy,
                    [
                        {
                            "care_health_notes": False,
                            "care_religion": False,
                            "care_marital_status": False,
                            "care_birth_date": False,
                        }
                    ],
                )
                self.assertFalse(copy.care_family_member_ids)
                # the dossier goes to the copies of those who may read it, and only to theirs
                care_user = user.has_group("customer_care.customer_care_group_user")
                self.assertEqual(copy.care_sports, "Table tennis" if care_user else False)
                self.assertEqual(copy.care_hobby_ids, self.hobby if care_user else self.env["care.hobby"])
                self.assertEqual(copy.care_demand_state, "intent" if care_user else False)


class TestDeleteContact(SecurityCommon):
    def test_bare_customer_deleted_at_once(self):
        """As Odoo's audit trail test does: a customer created by mistake is deleted at once."""
        for user in (self.accountant, self.salesman, self.manager):
            with self.subTest(user=user.login):
                customer = self.env["res.partner"].with_user(user).create({"name": "Typo", "customer_rank": 1})
                customer.unlink()
                self.assertFalse(customer.exists())

    def test_customer_with_records_never_deleted(self):
        rule = self.env["care.rule"].create({"name": "Birthday", "trigger": "birthday"})
        today = fields.Date.today()

        def duty(customer):
            return self.env["care.task"].create(
                {
                    "rule_id": rule.id,
                    "partner_id": customer.id,
                    "user_id": self.salesman.id,
                    "occasion_date": today,
                    "date_due": today,
                    "state": "missed",
                    "fine_amount": 10,
                }
            )

        attach = {
            "duty and fine": duty,
            "gift request": lambda customer: self.env["care.gift.request"].create(
                {"task_id": duty(customer).id, "gift": "Cake"}
            ),
            "grade history": lambda customer: self.env["care.grade.history"].create(
                {"partner_id": customer.id, "company_id": self.env.company.id, "field": "tier", "date": today}
            ),
            "archived need": lambda customer: self.env["care.need"].create(
                {"partner_id": customer.id, "description": "Car", "active": False}
            ),
            "family member": lambda customer: self.env["care.family.member"].create(
                {"partner_id": customer.id, "name": "Daughter"}
            ),
            "outreach contact": lambda customer: self.env["care.outreach"].create({"partner_id": customer.id}),
            "quotation": lambda customer: self.env["sale.order"].create({"partner_id": customer.id}),
            "draft invoice": lambda customer: self.env["account.move"].create(
                {"move_type": "out_invoice", "partner_id": customer.id}
            ),
        }
        for kind, make in attach.items():
            customer = self.env["res.partner"].create({"name": f"Customer with a {kind}", "user_id": self.salesman.id})
            make(customer)
            for user in (self.salesman, self.manager):
                with self.subTest(kind=kind, user=user.login):
                    # the rank does not matter: a salesperson who sets it to 0 is refused all the same
                    customer.with_user(user).write({"customer_rank": 0})
                    with self.assertRaisesRegex(UserError, "archive instead"):
                        customer.with_user(user).unlink()
            with self.subTest(kind=kind, user="superuser"), self.assertRaisesRegex(UserError, "archive instead"):
                customer.unlink()
            self.assertTrue(customer.exists())
        # archiving is always possible
        customer.with_user(self.salesman).action_archive()
        self.assertFalse(customer.active)


class TestFamilyMembers(SecurityCommon):
    def test_sensitive_rule(self):
        """Sensitive users read every family member of the contacts they read; others none, managers included."""
        other_customer = self.env["res.partner"].create(
            {"name": "Someone else's", "customer_rank": 1, "user_id": self.manager.id}
        )
        member = self.env["care.family.member"].create({"partner_id": other_customer.id, "name": "Wife"})
        Member = self.env["care.family.member"]
        self.assertEqual(Member.with_user(self.salesman_sensitive).search([("id", "=", member.id)]), member)
        member.with_user(self.salesman_sensitive).write({"notes": "Likes tea"})
        self.assertEqual(
            other_customer.with_user(self.salesman_sensitive).read(["care_health_notes", "care_family_member_ids"])[0][
                "care_family_member_ids"
            ],
            member.ids,
        )
        for user in (self.salesman, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Member.with_user(user).search([])
        manager_sensitive = new_test_user(
            self.env, login="sec_manager_sensitive", groups=f"customer_care.customer_care_group_manager,{SENSITIVE}"
        )
        member.with_user(manager_sensitive).unlink()
        self.assertFalse(member.exists())


@tagged("post_install", "-at_install")
class TestCareFieldsOverRpc(HttpCase):
    """What a portal customer, an internal user and a salesperson get when they ask for care data over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(cls.env, login="rpc_salesman", groups=SALES)
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "王芳 Wang Fang",
                "customer_rank": 1,
                "user_id": cls.salesman.id,
                "care_sports": "Badminton",
                "care_health_notes": "Asthma",
                "care_family_member_ids": [Command.create({"name": "Daughter", "relation": "child"})],
            }
        )
        cls.env["care.profile"]._care_profile_for(cls.customer, cls.env.company)
        cls.portal = new_test_user(
            cls.env, login="rpc_portal", groups="base.group_portal", partner_id=cls.customer.id, name="王芳 Wang Fang"
        )
        cls.internal = new_test_user(cls.env, login="rpc_internal", groups=f"base.group_user,{CONTACTS}")

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_no_care_data_outside_care_groups(self):
        ids = self.customer.ids
        for login in ("rpc_portal", "rpc_internal"):
            self.authenticate(login, login)
            for method, args, kwargs in (
                ("read", [ids, ["name", "care_credit_grade"]], {}),
                ("read", [ids, ["care_matrix_policy", "care_overdue_amount", "care_personality"]], {}),
                ("search_read", [[("id", "in", ids)], ["name", "care_tier"]], {}),
                ("search_read", [[("care_tier", "=", "vip")], ["name"]], {}),
                ("web_read", [ids], {"specification": {"name": {}, "care_sports": {}}}),
                ("web_search_read", [[("id", "in", ids)]], {"specification": {"care_dossier_completeness": {}}}),
                ("formatted_read_group", [[], ["care_demand_state"], ["__count"]], {}),
                ("search_read", [[("id", "in", ids)], ["name"]], {"order": "care_dossier_completeness"}),
            ):
                with self.subTest(login=login, method=method, args=args, kwargs=kwargs):
                    with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                        self._call("res.partner", method, *args, **kwargs)
            # asking for everything gives everything but the care data
            with self.subTest(login=login, method="read all"):
                record = self._call("res.partner", "read", ids, ["name", "email"])[0]
                self.assertEqual(record["name"], "王芳 Wang Fang")
                described = self._call("res.partner", "fields_get", [], attributes=["type"])
                self.assertFalse([name for name in described if name.startswith("care_")])

    def test_family_members_need_the_sensitive_group(self):
        self.authenticate("rpc_salesman", "rpc_salesman")
        self.assertEqual(
            self._call("res.partner", "read", self.customer.ids, ["care_sports"])[0]["care_sports"], "Badminton"
        )
        for model, args in (
            ("care.family.member", [[], ["name"]]),
            ("res.partner", [[("id", "=", self.customer.id)], ["care_family_member_ids"]]),
            ("res.partner", [[("id", "=", self.customer.id)], ["care_health_notes"]]),
        ):
            with self.subTest(model=model, args=args), self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self._call(model, "search_read", *args)
        self.salesman.group_ids |= self.env.ref(SENSITIVE)
        members = self._call("care.family.member", "search_read", [("partner_id", "=", self.customer.id)], ["name"])
        self.assertEqual([member["name"] for member in members], ["Daughter"])

    def test_portal_account_page(self):
        """A portal customer's own pages work; changing its details there stamps its dossier."""
        self.customer.care_dossier_updated_on = False
        self.authenticate("rpc_portal", "rpc_portal")
        response = self.url_open("/my/account")
        self.assertEqual(response.status_code, 200)
        self.assertIn("王芳 Wang Fang", response.text)
        response = self.url_open(
            "/my/address/submit",
            data={
                "partner_id": str(self.customer.id),
                "name": "王芳 Wang Fang",
                "email": "wang.fang@example.com",
                "phone": "+1 555 0100",
                "street": "123 Main St",
                "city": "Anytown",
                "zipcode": "12345",
                "country_id": self.env.ref("base.us").id,
                "state_id": self.env.ref("base.state_us_5").id,
                "csrf_token": Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.customer.phone, "+1 555 0100")
        self.assertTrue(self.customer.care_dossier_updated_on)
