#!/usr/bin/env bash
# make i18n: exports customer_care/i18n/customer_care.pot from a fresh database (addon with demo data, as in
# make test) and merges it into zh_CN.po, keeping existing translations; new terms arrive untranslated, terms no
# longer exported are dropped.
source "$(dirname "$0")/common.sh"
conf="$BUILD/i18n.conf"
write_conf "$conf" "${TEST_PORT:-8169}"
port=$(pg_port)
db="customer_care_i18n_$$"
template=$(ensure_template "$conf")
trap 'dropdb -p "$port" --if-exists "$db"' EXIT
createdb -p "$port" -T "$template" "$db"
odoo -c "$conf" -d "$db" -i customer_care --with-demo --stop-after-init --log-level=warn
rm -f "$BUILD/previous.pot"
cp "$ROOT/customer_care/i18n/customer_care.pot" "$BUILD/previous.pot" 2>/dev/null || true
odoo i18n export -c "$conf" -d "$db" -o "$ROOT/customer_care/i18n/customer_care.pot" customer_care
# A run that finds no new or changed term leaves both files as they were (not even the export dates change).
if [ -f "$BUILD/previous.pot" ] && diff -q <(grep -v -e '-Date: ' "$BUILD/previous.pot") \
        <(grep -v -e '-Date: ' "$ROOT/customer_care/i18n/customer_care.pot") >/dev/null; then
    cp "$BUILD/previous.pot" "$ROOT/customer_care/i18n/customer_care.pot"
    echo "customer_care.pot: no new or changed term; zh_CN.po left as it is"
    exit 0
fi
"$PYTHON" - "$ROOT/customer_care/i18n" <<'PY'
# polib (Odoo's own dependency) keeps the .pot's "#. module:" and "#: model:..." references in zh_CN.po, as in
# Odoo's own translation files, so a translator sees where each term is used.
import sys
from datetime import datetime, timezone

import polib

folder = sys.argv[1]
pot = polib.pofile(f"{folder}/customer_care.pot")
try:
    po = polib.pofile(f"{folder}/zh_CN.po")
except OSError:
    po = polib.POFile()
translations = {entry.msgid: entry.msgstr for entry in po if entry.msgid and not entry.obsolete}
catalog = polib.POFile()
catalog.header = pot.header
catalog.metadata = dict(pot.metadata)
catalog.metadata.update({
    "PO-Revision-Date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000"),
    "Language": "zh_CN",
    "Plural-Forms": "nplurals=1; plural=0;",
})
for entry in pot:
    entry.msgstr = translations.get(entry.msgid, "")
    catalog.append(entry)
catalog.save(f"{folder}/zh_CN.po")
missing = sum(1 for entry in catalog if not entry.msgstr)
print(f"zh_CN.po: {len(catalog)} terms, {missing} untranslated")
PY
