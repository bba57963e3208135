#!/usr/bin/env bash
# make demo: the database customer_care_demo (created once, with Odoo's and the addon's demo data),
# served on http://127.0.0.1:$PORT. RESET=1 (make demo-reset) drops it first.
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
    odoo -c "$conf" -d "$DB.tmp" -i customer_care --with-demo --stop-after-init --log-level=warn
    psql -p "$port" -d postgres -qc "ALTER DATABASE \"$DB.tmp\" RENAME TO \"$DB\""
    move_filestore "$DB.tmp" "$DB"
fi
# Odoo's base data gives the admin user the password "admin".
echo "Customer Care demo: http://127.0.0.1:$PORT  (login admin / admin; Ctrl-C stops it)"
exec "$PYTHON" -m odoo -c "$conf" -d "$DB" --db-filter="^$DB\$"
