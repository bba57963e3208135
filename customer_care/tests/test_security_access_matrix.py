"""The access matrix: the "Access" table of the repository's README.md, checked role by role.

Nothing here states a right: every expectation is read from the table, and the loops check each row for each
role against the rights the database really grants (record rights with check_access, deletions and field
writes by doing them in a savepoint, field visibility by reading)."""

import re
from contextlib import closing
from pathlib import Path

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.customer_care.models.care.care_calendar_entry import KINDS, SPAN

README = Path(__file__).resolve().parents[2] / "README.md"

# How the test makes each role of the table's header. Internal roles have "Contact Creation", as new users do.
CONTACTS = "base.group_partner_manager"
SALES = f"sales_team.group_sale_salesman,{CONTACTS}"
MANAGER = f"customer_care.customer_care_group_manager,{CONTACTS}"
SENSITIVE = "customer_care.customer_care_group_sensitive"
ROLES = {
    "portal": "base.group_portal",
    "internal": f"base.group_user,{CONTACTS}",
    "salesperson": SALES,
    "salesperson + Sensitive": f"{SALES},{SENSITIVE}",
    "manager": MANAGER,
    "manager + Sensitive": f"{MANAGER},{SENSITIVE}",
    "other company": f"{MANAGER},{SENSITIVE}",
}
OTHER_COMPANY = "other company"
SCOPES = ("own", "other")


def read_access_table(path=README):
    """The Access table as {"roles": [...], "models": {model: {role: (ops, own_only)}},
    "fields": [(label, [field names], {role: (ops, own_only)})]}."""
    assert path.is_file(), f"{path} is missing: the access matrix is read from its Access table"
    lines = path.read_text(encoding="utf-8").splitlines()
    heading = next((i for i, line in enumerate(lines) if re.fullmatch(r"#+\s+Access\s*", line)), None)
    assert heading is not None, f"{path} has no 'Access' heading"
    start = next(i for i in range(heading + 1, len(lines)) if lines[i].startswith("|"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    header, separator, body = rows[0], rows[1], rows[2:]
    assert set("".join(separator)) <= set("-: "), "the second line of the Access table is its separator"
    roles = header[1:]
    assert body, "the Access table has no rows"
    table = {"roles": roles, "models": {}, "fields": []}
    for row in body:
        assert len(row) == len(header), f"row {row[0]!r} has {len(row)} cells, the header {len(header)}"
        cells = {}
        for role, cell in zip(roles, row[1:], strict=True):
            if cell in ("—", "-"):
                cells[role] = (frozenset(), False)
                continue
            match = re.fullmatch(r"([rwcd]+)( \(own\))?", cell)
            assert match, f"cell {cell!r} of {row[0]!r} for {role!r} is neither '—' nor rights like 'rwc (own)'"
            cells[role] = (frozenset(match.group(1)), bool(match.group(2)))
        names = re.findall(r"`([a-z0-9_.]+)`", row[0])
        if row[0].startswith("fields"):
            assert names, f"field row {row[0]!r} names no field"
            table["fields"].append((row[0].split(":")[0], names, cells))
        else:
            assert len(names) == 1, f"model row {row[0]!r} must name exactly one model"
            assert names[0] not in table["models"], f"{names[0]} has two rows"
            table["models"][names[0]] = cells
    return table


class TestAccessMatrix(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = read_access_table()
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Care Matrix Other Company"})
        cls.other_salesman = new_test_user(cls.env, login="matrix_other_sales", groups=SALES)
        cls.other_customer = cls._customer("Other salesperson's customer", cls.other_salesman)
        cls.birthday_rule = cls.env["care.rule"].create(
            {"name": "Matrix birthday", "trigger": "birthday", "company_id": cls.company.id}
        )
        cls.hobby = cls.env["care.hobby"].create({"name": "Matrix hobby"})
        cls.occasion = cls.env["care.occasion"].create(
            {
                "name": "Matrix event",
                "date": "2030-05-01",
                "kind": "event",
                "event_type": "marketing",
                "company_id": cls.company.id,
            }
        )
        cls.rule = cls.env["care.rule"].create(
            {"name": "Matrix rule", "trigger": "holiday", "company_id": cls.company.id}
        )
        cls.complaint_category = cls.env["care.complaint.category"].create({"name": "Matrix category"})
        cls.complaint_team = cls.env["care.complaint.team"].create({"name": "Matrix team"})
        cls.complaint_answer = cls.env["care.complaint.answer"].create(
            {"name": "Matrix answer", "category_id": cls.complaint_category.id, "body": "<p>Sorry</p>"}
        )
        cls.snapshot = cls.env["care.class.snapshot"].create(
            {
                "company_id": cls.company.id,
                "month": "2030-01-01",
                "dimension": "tier",
                "tier": "vip",
                "customer_count": 1,
            }
        )
        # sales flow: the company's credit policy, and a product each customer bought once (its purchase cycle)
        cls.credit_policy = cls.env["care.credit.policy"].search(
            [("company_id", "=", cls.company.id), ("matrix_cell", "=", "small_bad")]
        )
        cls.cycle_product = cls.env["product.product"].create({"name": "Matrix cycle product"})
        cls.records = {cls.other_customer: cls._customer_records(cls.other_customer)}
        cls.users, cls.own_customers = {}, {}
        for role in cls.table["roles"]:
            assert role in ROLES, f"the Access table has a role {role!r} this test cannot make"
            values = {"login": "matrix_" + re.sub(r"\W+", "_", role), "groups": ROLES[role]}
            if role == OTHER_COMPANY:
                values.update(company_id=cls.company_b.id, company_ids=[Command.set(cls.company_b.ids)])
            if role == "portal":
                # a portal customer: its own contact is the customer whose records it tries
                customer = cls._customer("Portal customer", cls.other_salesman)
                user = new_test_user(cls.env, partner_id=customer.id, **values)
            else:
                user = new_test_user(cls.env, **values)
                # the role's own customer, of the first company: the other company's user is its salesperson
                customer = cls._customer(f"{role} customer", user)
            cls.users[role], cls.own_customers[role] = user, customer
            cls.records[customer] = cls._customer_records(customer)

    @classmethod
    def _customer(cls, name, salesperson):
        return cls.env["res.partner"].create(
            {"name": name, "customer_rank": 1, "user_id": salesperson.id, "company_id": cls.company.id}
        )

    @classmethod
    def _customer_records(cls, customer):
        """One record of each per-customer model, as the customer's salesperson's work."""
        salesperson = customer.user_id
        task = cls.env["care.task"].create(
            {
                "rule_id": cls.birthday_rule.id,
                "partner_id": customer.id,
                "user_id": salesperson.id,
                "company_id": cls.company.id,
                "occasion_date": "2030-06-01",
                "date_due": "2030-06-01",
            }
        )
        return {
            "care.need": cls.env["care.need"].create({"partner_id": customer.id, "description": "A new car"}),
            "care.family.member": cls.env["care.family.member"].create(
                {"partner_id": customer.id, "name": "Child", "relation": "child"}
            ),
            "care.task": task,
            "care.outreach": cls.env["care.outreach"].create(
                {"partner_id": customer.id, "user_id": salesperson.id, "company_id": cls.company.id}
            ),
            "care.gift.request": cls.env["care.gift.request"].create(
                {"task_id": task.id, "user_id": salesperson.id, "gift": "Cake"}
            ),
            "care.profile": cls.env["care.profile"]._care_profile_for(customer, cls.company),
            "care.grade.history": cls.env["care.grade.history"].create(
                {
                    "partner_id": customer.id,
                    "company_id": cls.company.id,
                    "field": "tier",
                    "new_value": "vip",
                    "date": fields.Date.today(),
                }
            ),
            "care.compliance.report": cls.env["care.compliance.report"].browse(task.id),
            # The duty's row of the care calendar.
            "care.calendar.entry": cls.env["care.calendar.entry"].browse(task.id * SPAN + KINDS["duty"]),
            "care.alert": cls.env["care.alert"]
            .sudo()
            .create(
                {
                    "partner_id": customer.id,
                    "company_id": cls.company.id,
                    "kind": "late_payment",
                    "user_id": salesperson.id,
                    "raised_date": "2030-06-01",
                }
            ),
            **cls._satisfaction_records(customer, task),
            "care.complaint": cls.env["care.complaint"].create(
                {"partner_id": customer.id, "company_id": cls.company.id, "description": "<p>Broken</p>"}
            ),
            **cls._retention_records(customer),
            # A duty of the same week the weekly cap held back.
            "care.cap.suppression": cls.env["care.cap.suppression"].create(
                {
                    "rule_id": cls.birthday_rule.id,
                    "partner_id": customer.id,
                    "user_id": salesperson.id,
                    "company_id": cls.company.id,
                    "occasion_date": "2030-06-02",
                    "date_due": "2030-06-02",
                }
            ),
            **cls._largest_records(customer),
        }

    @classmethod
    def _largest_records(cls, customer):
        """A large sale of the customer on 1 January last year: its row among last year's largest customers (the
        demo customers' sales included), once graded."""
        today = fields.Date.context_today(customer)
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": today.replace(year=today.year - 1, month=1, day=1),
                "invoice_line_ids": [Command.create({"name": "Matrix large sale", "price_unit": 10**9, "tax_ids": []})],
            }
        )
        invoice.action_post()
        # its revenue counts in last year's ranking once the grading has read it
        cls.env["care.profile"].with_company(cls.company).with_context(
            allowed_company_ids=[cls.company.id]
        ).action_recompute_grades()
        return {
            "care.largest.customer.report": cls.env["care.largest.customer.report"].search(
                [("partner_id", "=", customer.id)]
            )
        }

    @classmethod
    def _retention_records(cls, customer):
        """A loss (and its analysis row) and an owner log line of the customer, in the first company."""
        [loss_id] = cls.env["care.customer.loss"]._care_open_losses(
            cls.company, customer.ids, fields.Date.today(), origin="engine"
        )
        return {
            "care.customer.loss": cls.env["care.customer.loss"].browse(loss_id),
            "care.lost.report": cls.env["care.lost.report"].browse(loss_id),
            "care.owner.change": cls.env["care.owner.change"].create(
                {
                    "partner_id": customer.id,
                    "to_user_id": customer.user_id.id,
                    "reason": "manual",
                    "company_id": cls.company.id,
                }
            ),
            **cls._customer_sales(customer),
        }

    @classmethod
    def _customer_sales(cls, customer):
        """A posted invoice of the customer, and its rows in the analyses."""
        product = cls.env["product.product"].create({"name": "Matrix product", "standard_price": 10})
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": fields.Date.context_today(customer),
                "invoice_line_ids": [Command.create({"product_id": product.id, "price_unit": 100, "tax_ids": []})],
            }
        )
        invoice.action_post()
        return {
            model: cls.env[model].search([("partner_id", "=", customer.id)])
            for model in ("care.profitability.report", "care.pareto.report", "care.sale.fact")
        }

    @classmethod
    def _satisfaction_records(cls, customer, task):
        """The customer's rating of its duty: its satisfaction row and its line of the satisfaction report."""
        rating = cls.env["rating.rating"].create(
            {"res_model_id": cls.env["ir.model"]._get_id("care.task"), "res_id": task.id, "partner_id": customer.id}
        )
        rating.write({"rating": 5, "consumed": True})
        satisfaction = cls.env["care.satisfaction"].search(
            [("partner_id", "=", customer.id), ("company_id", "=", cls.company.id)]
        )
        return {
            "care.satisfaction": satisfaction,
            "care.satisfaction.report": cls.env["care.satisfaction.report"].browse(rating.id * 2),
            "care.purchase.cycle.report": cls._cycle_record(customer),
        }

    @classmethod
    def _cycle_record(cls, customer):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": "2026-01-10",
                "invoice_line_ids": [Command.create({"product_id": cls.cycle_product.id, "price_unit": 10})],
            }
        )
        invoice.action_post()
        return cls.env["care.purchase.cycle.report"].search([("partner_id", "=", customer.id)])

    def _record(self, model, role, scope):
        """The record of `model` the role tries: its own customer's, or the other salesperson's customer's."""
        customer = self.own_customers[role] if scope == "own" else self.other_customer
        shared = {
            "care.hobby": self.hobby,
            "care.occasion": self.occasion,
            "care.rule": self.rule,
            "care.lost.reason": self.env.ref("customer_care.care_lost_reason_price"),
            "care.pool.rule": self.env.ref("customer_care.care_pool_rule_default"),
            "care.complaint.category": self.complaint_category,
            "care.complaint.team": self.complaint_team,
            "care.complaint.answer": self.complaint_answer,
            "care.credit.policy": self.credit_policy,
            "care.class.snapshot": self.snapshot,
        }
        record = shared.get(model) or self.records[customer].get(model)
        self.assertTrue(record, f"the test has no {model} record: add it to _customer_records() or the shared ones")
        return record.with_user(self.users[role])

    def _expected(self, cells, role, operation, scope):
        operations, own_only = cells[role]
        return operation in operations and (scope == "own" or not own_only)

    def _wizard_runs(self, model, role, scope):
        """Create the wizard as the role and run it on its own or another salesperson's work."""
        user = self.users[role]
        target = self.users[role] if scope == "own" else self.other_salesman
        if model == "care.statement.wizard":
            wizard = self.env[model].with_user(user).create({"user_ids": [Command.set(target.ids)]})
            return wizard.action_print()
        if model == "care.task.cancel":
            customer = self.own_customers[role] if scope == "own" else self.other_customer
            task = self.records[customer]["care.task"]
            wizard = self.env[model].with_user(user).create({"task_ids": [Command.set(task.ids)], "reason": "Test"})
            return wizard.action_confirm()
        if model == "care.alert.dismiss":
            customer = self.own_customers[role] if scope == "own" else self.other_customer
            alert = self.records[customer]["care.alert"]
            wizard = (
                self.env[model]
                .with_user(user)
                .create({"alert_ids": [Command.set(alert.ids)], "mode": "dismiss", "reason": "Test"})
            )
            return wizard.action_confirm()
        if model == "care.mark.lost.wizard":
            customer = self.own_customers[role] if scope == "own" else self.other_customer
            reason = self.env.ref("customer_care.care_lost_reason_price")
            wizard = (
                self.env[model]
                .with_user(user)
                .create({"partner_ids": [Command.set(customer.ids)], "reason_id": reason.id})
            )
            return wizard.action_mark_lost()
        if model == "care.handover.wizard":
            # the role's own customers to the other salesperson, or the other salesperson's to the role
            to_user = self.other_salesman if scope == "own" else user
            wizard = (
                self.env[model]
                .with_user(user)
                .create({"from_user_id": target.id, "to_user_ids": [Command.set(to_user.ids)]})
            )
            return wizard.action_handover()
        if model == "care.task.log.call":
            customer = self.own_customers[role] if scope == "own" else self.other_customer
            task = self.records[customer]["care.task"]
            wizard = self.env[model].with_user(user).create({"task_id": task.id, "result": "Called, all well"})
            return wizard.action_confirm()
        if model == "care.credit.release":
            customer = self.own_customers[role] if scope == "own" else self.other_customer
            order = self.env["sale.order"].create({"partner_id": customer.id, "user_id": customer.user_id.id})
            order._care_hold("Matrix hold")
            wizard = self.env[model].with_user(user).create({"order_ids": [Command.set(order.ids)], "reason": "Test"})
            wizard.action_release()
            return order.state == "sale"
        self.fail(f"the test does not know how to run the wizard {model}")

    # ------------------------------------------------------------
    # THE TABLE ITSELF
    # ------------------------------------------------------------

    def test_table_covers_every_model_and_partner_field(self):
        addon_models = {
            name
            for name, model in self.env.registry.items()
            if model._original_module == "customer_care" and not model._abstract
        }
        self.assertEqual(set(self.table["models"]), addon_models, "one Access row per model of the addon")
        listed = [name for _label, names, _cells in self.table["fields"] for name in names]
        self.assertEqual(len(listed), len(set(listed)), "each field in one row only")
        care_fields = {name for name in self.env["res.partner"]._fields if name.startswith("care_")}
        self.assertEqual(set(listed), care_fields, "one Access row for each care_* field of contacts")

    # ------------------------------------------------------------
    # MODELS
    # ------------------------------------------------------------

    def test_model_rights(self):
        for model, cells in self.table["models"].items():
            for role in self.table["roles"]:
                for scope in SCOPES:
                    if self.env[model]._transient:
                        self._check_wizard(model, cells, role, scope)
                    else:
                        self._check_record(model, cells, role, scope)

    def _check_record(self, model, cells, role, scope):
        record = self._record(model, role, scope)
        for operation, name in (("r", "read"), ("w", "write"), ("c", "create")):
            with self.subTest(model=model, role=role, scope=scope, operation=name):
                if self._expected(cells, role, operation, scope):
                    record.check_access(name)
                else:
                    with self.assertRaises(AccessError):
                        record.check_access(name)
        with self.subTest(model=model, role=role, scope=scope, operation="unlink"):
            with closing(self.env.cr.savepoint()):
                if self._expected(cells, role, "d", scope):
                    record.unlink()
                    self.assertFalse(record.sudo().exists())
                else:
                    with self.assertRaises(UserError):  # AccessError included
                        record.unlink()

    def _check_wizard(self, model, cells, role, scope):
        with self.subTest(model=model, role=role, scope=scope, operation="run"):
            with closing(self.env.cr.savepoint()):
                if self._expected(cells, role, "c", scope):
                    self.assertTrue(self._wizard_runs(model, role, scope))
                else:
                    with self.assertRaises(UserError):
                        self._wizard_runs(model, role, scope)

    # ------------------------------------------------------------
    # CONTACT FIELDS
    # ------------------------------------------------------------

    def test_partner_field_rights(self):
        # what searching, grouping and ordering by each field would allow, for whoever may read it
        searchable = {name for _label, names, _cells in self.table["fields"] for name in names}
        ways = {
            name: {
                "search": self.env["res.partner"]._fields[name]._description_searchable,
                "group": self.env["res.partner"]._fields[name]._description_groupable(self.env),
                "order": self.env["res.partner"]._fields[name]._description_sortable(self.env),
            }
            for name in searchable
        }
        for label, names, cells in self.table["fields"]:
            for role in self.table["roles"]:
                operations = cells[role][0]
                for scope in SCOPES:
                    customer = self.own_customers[role] if scope == "own" else self.other_customer
                    customer = customer.with_user(self.users[role])
                    with self.subTest(fields=label, role=role, scope=scope):
                        self._check_fields(customer, names, operations, ways)

    def _check_fields(self, customer, names, operations, ways):
        fields_ = [customer._fields[name] for name in names]
        readable_contact = customer.has_access("read")
        if readable_contact:
            # on a contact the user reads, the fields' groups decide, and nothing leaks through the fields'
            # description, searching, grouping or ordering
            for field in fields_:
                self.assertEqual(customer._has_field_access(field, "read"), "r" in operations, field.name)
                self.assertEqual(customer._has_field_access(field, "write"), "r" in operations, field.name)
            self.assertEqual(set(customer.fields_get(names, ["type"])), set(names) if "r" in operations else set())
            if "r" not in operations:
                for name in names:
                    groupby = f"{name}:month" if customer._fields[name].type in ("date", "datetime") else name
                    for way, call in (
                        ("search", lambda name=name: customer.search([(name, "!=", False)])),
                        ("group", lambda groupby=groupby: customer.formatted_read_group([], [groupby], ["__count"])),
                        ("order", lambda name=name: customer.search([], order=name)),
                    ):
                        if ways[name][way]:
                            with self.assertRaises(AccessError, msg=f"{way} by {name}"):
                                call()
        if "r" in operations:
            self.assertEqual(set(customer.read(names)[0]), {"id", *names})
        else:
            # refused as a whole (each field's refusal is its groups', asserted above)
            with self.assertRaises(AccessError):
                customer.read(names)
        if "w" in operations:
            # written by hand: editable in the views, and written (with its current value) without refusal
            self.assertFalse([field.name for field in fields_ if field.readonly])
            values = {
                field.name: []
                if field.type in ("one2many", "many2many")
                else field.convert_to_write(customer.sudo()[field.name], customer)
                for field in fields_
                if field.store or field.inverse
            }
            with closing(self.env.cr.savepoint()):
                customer.write(values)
        elif "r" in operations:
            # kept by the system: read-only in the views, and refused when written through the ORM
            self.assertFalse([field.name for field in fields_ if not field.readonly])
            for field in fields_:
                if field.store and field.type not in ("one2many", "many2many"):
                    with closing(self.env.cr.savepoint()), self.assertRaises(AccessError, msg=field.name):
                        customer.write({field.name: field.convert_to_write(customer.sudo()[field.name], customer)})
        else:
            values = {field.name: [] if field.type in ("one2many", "many2many") else False for field in fields_}
            with closing(self.env.cr.savepoint()), self.assertRaises(AccessError):
                customer.write(values)
