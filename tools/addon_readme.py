"""Builds the addon's README.rst from its manifest and its readme/ fragments, laid out as OCA's gen_addon_readme
lays an addon's README out, and copies readme/DESCRIPTION.md into the repository's README.md between its two
DESCRIPTION markers. The fragments are the one place to describe the addon.

    addon_readme.py           write both files
    addon_readme.py --check   change nothing; exit 1 and say which file is stale, or if README.rst does not
                              render cleanly with docutils

README.rst is reStructuredText because Odoo renders an addon's README with docutils for the Apps page, and
the wheel carries it as its description. The fragments are Markdown kept to what reads the same in both
(paragraphs, `-` and `1.` lists without nesting, **bold**, *italics*); only inline `code` is converted.
Only the fragment names OCA's tool renders are read: any other file in readme/ would never be shown.
"""

import ast
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDON = ROOT / "customer_care"
REPO_README = ROOT / "README.md"
DESCRIPTION = "DESCRIPTION"
# OCA's fragments in their README order, with their section titles; the description has none.
SECTIONS = [
    ("DESCRIPTION", None),
    ("CONTEXT", "Use Cases / Context"),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("DEVELOP", "Development"),
    ("HISTORY", "Changelog"),
]
CREDITS = [("CONTRIBUTORS", "Contributors"), ("CREDITS", "Other credits")]
BEGIN = "<!-- begin: customer_care/readme/DESCRIPTION.md (copied by tools/addon_readme.py: edit it there) -->"
END = "<!-- end: customer_care/readme/DESCRIPTION.md -->"
INLINE_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def fragments(addon):
    known = {name for name, _title in SECTIONS + CREDITS}
    found = {}
    for path in sorted((addon / "readme").iterdir()):
        if path.suffix != ".md" or path.stem not in known:
            raise SystemExit(f"{path}: not a readme fragment OCA renders ({', '.join(sorted(known))}, as .md)")
        found[path.stem] = path.read_text(encoding="utf-8").strip()
    if DESCRIPTION not in found:
        raise SystemExit(f"{addon / 'readme'}: {DESCRIPTION}.md is missing")
    return found


def heading(title, underline, overline=False):
    rule = underline * len(title)
    return [rule, title, rule, ""] if overline else [title, rule, ""]


def addon_readme(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    parts = {name: INLINE_CODE.sub(r"``\1``", text) for name, text in fragments(addon).items()}
    lines = [
        ".. Built by tools/addon_readme.py from __manifest__.py and readme/*.md: edit those, then run make readme.",
        "",
        *heading(manifest["name"], "=", overline=True),
        manifest["summary"],
        "",
        f"Version {manifest['version']}, license {manifest['license']}, {manifest['development_status']}.",
        "",
    ]
    for name, title in SECTIONS:
        if name in parts:
            lines += [*(heading(title, "=") if title else []), parts[name], ""]
    lines += heading("Credits", "=") + heading("Authors", "-")
    lines += [f"- {author.strip()}" for author in manifest["author"].split(",")] + [""]
    for name, title in CREDITS:
        if name in parts:
            lines += [*heading(title, "-"), parts[name], ""]
    if manifest.get("maintainers"):
        lines += heading("Maintainers", "-") + [f"- {login}" for login in manifest["maintainers"]] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def repo_readme(text, description):
    head, begin, rest = text.partition(BEGIN)
    _old, end, tail = rest.partition(END)
    if not begin or not end:
        raise SystemExit(f"{REPO_README}: the lines\n{BEGIN}\n{END}\nare missing")
    return f"{head}{BEGIN}\n{description}\n{END}{tail}"


def render_problems(rst):
    """What docutils warns about (or worse) when it renders the README, as Odoo does for the Apps page."""
    from docutils.core import publish_doctree  # only --check needs docutils

    stream = io.StringIO()
    publish_doctree(rst, settings_overrides={"warning_stream": stream, "report_level": 2, "halt_level": 5})
    return stream.getvalue().splitlines()


def main(argv):
    check = argv[1:] == ["--check"]
    if argv[1:] and not check:
        raise SystemExit(__doc__)
    addon_rst = ADDON / "README.rst"
    wanted = {
        addon_rst: addon_readme(ADDON),
        REPO_README: repo_readme(REPO_README.read_text(encoding="utf-8"), fragments(ADDON)[DESCRIPTION]),
    }
    problems = []
    for path, text in wanted.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if check:
            problems.append(f"{path.relative_to(ROOT)} is not built from customer_care/readme/: run `make readme`")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if check:
        problems += [f"{addon_rst.relative_to(ROOT)}: {line}" for line in render_problems(wanted[addon_rst])]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
