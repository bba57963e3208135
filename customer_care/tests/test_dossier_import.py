import csv
import io
from pathlib import Path

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_dossier import CareDossierCommon

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "import" / "customer_dossiers_sample.csv"
OPTIONS = {
    "has_headers": True,
    "quoting": '"',
    "separator": ",",
    "encoding": "utf-8",
    "date_format": "%Y-%m-%d",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    # the dialog's "Create new values" on Hobbies: a hobby the company has not listed yet is added
    "name_create_enabled_fields": {"care_hobby_ids": True},
}


@tagged("post_install", "-at_install")
class TestDossierImport(CareDossierCommon):
    """Dossiers come in through Odoo's import dialog: bad rows are listed with their reason, the rest import."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The sample's salespeople, as `make demo` has them.
        cls.env.ref("base.user_admin").name = "Mitchell Admin"
        cls.env.ref("base.user_demo").name = "Marc Demo"

    def _import(self, user, content, dryrun=False, lang="en_US", fields=None):
        """Run the dialog's calls (file, preview, import) as `user`: the columns are mapped as the dialog maps them,
        or to `fields` (as a client of the server could send them)."""
        importer = (
            self.env["base_import.import"]
            .with_user(user)
            .with_context(lang=lang)
            .create(
                {
                    "res_model": "res.partner",
                    "file": content.encode(),
                    "file_name": "customers.csv",
                    "file_type": "text/csv",
                }
            )
        )
        preview = importer.parse_preview(dict(OPTIONS))
        self.assertNotIn("error", preview)
        matches = preview["matches"]
        # the dialog's match of each column: a field path, as a list of names
        self.mapped = ["/".join(matches[i]) if matches.get(i) else False for i in range(len(preview["headers"]))]
        if fields is None:
            self.assertEqual(self.mapped, preview["headers"], "every column maps to its field")
            fields = self.mapped
        return importer.execute_import(fields, preview["headers"], dict(OPTIONS), dryrun=dryrun)

    def _last_partner_id(self):
        self.env.cr.execute("SELECT last_value FROM res_partner_id_seq")
        return self.env.cr.fetchone()[0]

    def _errors(self, result):
        """{file line (1 = header): message} of the bad rows."""
        return {
            message["rows"]["from"] + 2: message["message"]
            for message in result["messages"]
            if message["type"] == "error"
        }

    def test_sample_imports_valid_rows_and_names_bad_ones(self):
        content = SAMPLE.read_text(encoding="utf-8")
        lines = list(csv.DictReader(io.StringIO(content)))
        customers = sum(1 for line in lines if line["id"])
        line_of = {line["id"]: number for number, line in enumerate(lines, 2) if line["id"]}
        before = self.env["res.partner"].search_count([])

        # "Test": every bad row is named with its reason, nothing is written
        tested = self._import(self.salesman_sensitive, content, dryrun=True)
        self.assertEqual(self.env["res.partner"].search_count([]), before)
        errors = self._errors(tested)
        expected = {
            line_of["care_import_customer_00007"]: "A lunar month runs from 1 to 12, not 13.",
            line_of[
                "care_import_customer_00013"
            ]: "'1985-02-30' does not seem to be a valid date for field 'Birth Date'",
            line_of[
                "care_import_customer_00021"
            ]: "No matching record found for name 'Nobody Known' in field 'Salesperson'",
            line_of["care_import_customer_00029"]: (
                "'nineteen eighty' does not seem to be an integer for field 'Lunar Birth Year'"
            ),
            line_of["care_import_customer_00036"]: (
                "'2015-04-31' does not seem to be a valid date for field 'Family Members/Birth Date'"
            ),
            line_of["care_import_customer_00044"]: "Children must be between 0 and 30, not 45.",
        }
        self.assertEqual(errors, expected)

        # "Import": the other 44 customers are in, with what their rows say; each good row is inserted once (the
        # pass that found the bad rows created nothing, a rolled-back insert would still have used an id)
        ids_before = self._last_partner_id()
        result = self._import(self.salesman_sensitive, content)
        self.assertEqual(self._errors(result), expected)
        self.assertEqual(len(result["ids"]), customers - len(expected))
        imported = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(self.env["res.partner"].search_count([]), before + len(imported))
        self.assertEqual(self._last_partner_id() - ids_before, len(imported))
        # the salespeople are not sent one "you have been assigned" notification per imported customer
        self.assertFalse(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", imported.ids),
                    ("message_type", "=", "user_notification"),
                ]
            )
        )
        first = self.env.ref("__import__.care_import_customer_00001")
        self.assertEqual(first.user_id, self.env.ref("base.user_demo"))
        self.assertEqual(str(first.care_birth_date), "1957-09-07")
        self.assertEqual(first.care_family_member_ids.mapped("relation"), ["spouse", "child"])
        child = first.care_family_member_ids[1]
        self.assertEqual((child.care_birthday_calendar, child.care_lunar_month, child.care_lunar_day), ("lunar", 10, 9))
        self.assertEqual(sorted(first.care_hobby_ids.mapped("name")), ["Calligraphy", "Travel"])
        lunar = self.env.ref("__import__.care_import_customer_00003")
        self.assertEqual(
            (lunar.care_birthday_calendar, lunar.care_lunar_year, lunar.care_lunar_month, lunar.care_lunar_day),
            ("lunar", 1957, 9, 15),
        )
        self.assertFalse(self.env["ir.model.data"].search([("name", "=", "care_import_customer_00007")]))
        summary = [message["message"] for message in result["messages"] if message["type"] == "info"]
        self.assertEqual(
            summary, ["The 44 valid rows import; the 6 rows listed here are left out until they are fixed."]
        )

        # the fixed rows imported again update the customers already in and add the others: nobody twice
        fixed = content.replace(",13,8,", ",12,8,").replace("1985-02-30", "1985-02-28")
        fixed = fixed.replace("Nobody Known", "Marc Demo").replace("nineteen eighty", "1980")
        fixed = fixed.replace("2015-04-31", "2015-04-30").replace(",45,", ",4,")
        again = self._import(self.salesman_sensitive, fixed)
        self.assertEqual(again["messages"], [])
        self.assertEqual(self.env["res.partner"].search_count([]), before + customers)

    def test_two_rows_with_the_same_mistake_are_both_left_out(self):
        content = SAMPLE.read_text(encoding="utf-8")
        lines = content.splitlines()
        second = next(i for i, line in enumerate(lines) if line.startswith("care_import_customer_00003,"))
        lines[second] = lines[second].replace(",1957,9,15,", ",1957,13,15,")
        result = self._import(self.salesman_sensitive, "\n".join(lines) + "\n")
        errors = self._errors(result)
        self.assertEqual(errors[second + 1], "A lunar month runs from 1 to 12, not 13.")
        self.assertEqual(len(errors), 7)
        self.assertEqual(len(result["ids"]), 43)

    def test_bad_rows_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["base", "customer_care"], ["zh_CN"], overwrite=True)
        content = SAMPLE.read_text(encoding="utf-8")
        # a Chinese team types its hobbies in Chinese
        for hobby in self.env["care.hobby"].search(
            [("name", "in", ["Golf", "Tea", "Calligraphy", "Fishing", "Travel"])]
        ):
            content = content.replace(hobby.name, hobby.with_context(lang="zh_CN").name)
        errors = self._import(self.salesman_sensitive, content, dryrun=True, lang="zh_CN")
        messages = sorted(self._errors(errors).values())
        self.assertIn("农历月应在 1 到 12 之间，而不是 13。", messages)
        self.assertIn("子女数 应在 0 到 30 之间，而不是 45。", messages)
        # Odoo's own messages, translated by Odoo, name the field by its Chinese label
        self.assertTrue(any("1985-02-30" in message and "出生日期" in message for message in messages), messages)

    def test_a_salesperson_without_sensitive_rights_cannot_import_family(self):
        # Family members and the number of children are sensitive: the dialog does not offer their columns to a
        # salesperson without the Sensitive group, and a request naming them anyway is refused, writing nothing.
        content = SAMPLE.read_text(encoding="utf-8")
        headers = content.splitlines()[0].split(",")
        sensitive = [name for name in headers if name.startswith(("care_family_member_ids/", "care_children_count"))]
        with self.assertRaises(AccessError):
            self._import(self.salesman, content, fields=headers)
        self.assertEqual([name for name in headers if name not in self.mapped], sensitive)
        self.assertFalse(self.env["ir.model.data"].search([("name", "=like", "care_import_customer_%")]))
