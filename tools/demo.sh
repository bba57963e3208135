#!/usr/bin/env bash
# make demo: the database customer_care_demo (created once, with Odoo's and the addon's demo data),
# served on http://127.0.0.1:$PORT. RESET=1 (make demo-reset) drops it first. By default the demo company
# is Chinese (China, CNY, the Chinese chart of accounts, Asia/Shanghai, users in zh_CN); DEMO_LANG=en_US
# keeps Odoo's American company and English.
source "$(dirname "$0")/common.sh"
conf="$BUILD/demo.conf"
write_conf "$conf" "$PORT"
port=$(pg_port)
exists() { psql -p "$port" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; }
if [ "${RESET:-0}" = 1 ] && exists; then
    echo "== dropping $DB"
    dropdb -p "$port" "$DB"
    rm -rf "$(filestore "$DB")"
fi
if ! exists; then
    echo "== creating $DB with customer_care and demo data (a few minutes the first time)"
    template=$(ensure_template "$conf")
    dropdb -p "$port" --if-exists "$DB.tmp"
    createdb -p "$port" -T "$template" "$DB.tmp"
    copy_filestore "$template" "$DB.tmp"
    if [ "${DEMO_LANG:-zh_CN}" = zh_CN ]; then
        echo "== a Chinese company: the Chinese chart of accounts and the zh_CN translations"
        odoo -c "$conf" -d "$DB.tmp" -i l10n_cn --load-language=zh_CN --stop-after-init --log-level=warn
        DEMO_LANG=zh_CN odoo shell -c "$conf" -d "$DB.tmp" --no-http --log-level=warn < "$ROOT/tools/demo_company.py"
    fi
    odoo -c "$conf" -d "$DB.tmp" -i customer_care --with-demo --stop-after-init --log-level=warn
    psql -p "$port" -d postgres -qc "ALTER DATABASE \"$DB.tmp\" RENAME TO \"$DB\""
    move_filestore "$DB.tmp" "$DB"
fi
# `make screenshots` only needs the database.
[ "${DEMO_NO_SERVE:-0}" = 1 ] && exit 0
# Odoo's base data gives the admin user the password "admin".
echo "Customer Care demo: http://127.0.0.1:$PORT  (login admin / admin; Ctrl-C stops it)"
exec "$PYTHON" -m odoo -c "$conf" -d "$DB" --db-filter="^$DB\$"
