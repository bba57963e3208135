"""Checks of the addon's data files that no Python linter makes, run by tools/lint.sh.

    lint_files.py xml ADDON   every *.xml file under ADDON parses (lxml, as Odoo reads them)
    lint_files.py po ADDON    every PO/POT file under ADDON/i18n parses (polib), and each translation keeps the
                              placeholders of its source text

Odoo 19 no longer flags exported terms `python-format`, so neither msgfmt nor OCA's PO hook compares the
placeholders; a translation that renames `%(days)s` or drops a `%s` raises KeyError or TypeError at the moment
Odoo formats the translated message. Prints one line per problem and exits 1 if there is any.
"""

import re
import sys
from collections import Counter
from pathlib import Path

import polib
from lxml import etree

# %(name)s and %s-style conversions; %% is a literal percent sign.
PRINTF = re.compile(r"%(?:\((?P<name>[^)]+)\))?[#0 +-]*\d*(?:\.\d+)?(?P<conv>[diouxXeEfFgGcrsa])")


def check_xml(addon):
    problems = []
    for path in sorted(addon.rglob("*.xml")):
        try:
            etree.parse(str(path))
        except etree.XMLSyntaxError as error:
            problems.append(f"{path}:{error.lineno}: XML syntax error: {error.msg}")
    return problems


def placeholders(text):
    text = text.replace("%%", "")
    named = Counter(match["name"] for match in PRINTF.finditer(text) if match["name"])
    positional = [match["conv"] for match in PRINTF.finditer(text) if not match["name"]]
    return named, positional


def check_po(addon):
    problems = []
    files = sorted((addon / "i18n").glob("*.po")) + sorted((addon / "i18n").glob("*.pot"))
    if not files:
        problems.append(f"{addon}/i18n: no PO or POT file")
    for path in files:
        try:
            catalog = polib.pofile(str(path))
        except OSError as error:
            problems.append(f"{path}: PO syntax error: {error}")
            continue
        for entry in catalog:
            if not entry.msgstr or entry.obsolete:
                continue
            if placeholders(entry.msgid) != placeholders(entry.msgstr):
                problems.append(
                    f"{path}:{entry.linenum}: the translation does not keep the placeholders of {entry.msgid!r}"
                )
    return problems


def main(argv):
    if len(argv) != 3 or argv[1] not in ("xml", "po"):
        sys.exit(__doc__)
    addon = Path(argv[2])
    problems = check_xml(addon) if argv[1] == "xml" else check_po(addon)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
