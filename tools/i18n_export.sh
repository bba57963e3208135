#!/usr/bin/env bash
# make i18n: exports customer_care/i18n/customer_care.pot from a fresh database (addon with demo data, as in
# make test) and merges it into zh_CN.po, keeping existing translations; new terms arrive untranslated.
source "$(dirname "$0")/common.sh"
conf="$BUILD/i18n.conf"
write_conf "$conf" "${TEST_PORT:-8169}"
port=$(pg_port)
db="customer_care_i18n_$$"
template=$(ensure_template "$conf")
trap 'dropdb -p "$port" --if-exists "$db"' EXIT
createdb -p "$port" -T "$template" "$db"
odoo -c "$conf" -d "$db" -i customer_care --with-demo --stop-after-init --log-level=warn
odoo i18n export -c "$conf" -d "$db" -o "$ROOT/customer_care/i18n/customer_care.pot" customer_care
"$PYTHON" - "$ROOT/customer_care/i18n" <<'PY'
import sys
from babel.messages import pofile
folder = sys.argv[1]
with open(f"{folder}/customer_care.pot", "rb") as f:
    template = pofile.read_po(f)
try:
    with open(f"{folder}/zh_CN.po", "rb") as f:
        catalog = pofile.read_po(f, locale="zh_CN")
except FileNotFoundError:
    from babel.messages.catalog import Catalog
    catalog = Catalog(locale="zh_CN")
catalog.update(template, no_fuzzy_matching=True)
catalog.obsolete.clear()
with open(f"{folder}/zh_CN.po", "wb") as f:
    pofile.write_po(f, catalog, width=0, omit_header=False)
missing = sum(1 for m in catalog if m.id and not m.string)
print(f"zh_CN.po: {len(catalog)} terms, {missing} untranslated")
PY
