from pathlib import Path

from odoo.tests import TransactionCase
from odoo.tools.translate import PoFileReader, TranslationModuleReader

I18N = Path(__file__).resolve().parent.parent / "i18n"


class TestTranslations(TransactionCase):
    def test_zh_cn_complete(self):
        """Every term the addon shows (as exported from this database) has a Chinese translation."""
        with (I18N / "zh_CN.po").open("rb") as po:
            translated = {row["src"] for row in PoFileReader(po) if row["value"]}
        terms = {
            source
            for _module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                self.env.cr, modules=["customer_care"]
            )
        }
        missing = sorted(terms - translated)
        self.assertFalse(missing, f"{len(missing)} terms lack a zh_CN translation, e.g. {missing[:10]}")

    def test_zh_cn_loads(self):
        """The translation loads and is used for the app's menu."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_care"], ["zh_CN"], overwrite=True)
        menu = self.env.ref("customer_care.customer_care_menu_root").with_context(lang="zh_CN")
        self.assertEqual(menu.name, "客户关怀")
