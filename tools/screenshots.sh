#!/usr/bin/env bash
# make screenshots: docs/screenshots/*.png, the README's key screens in English and in Chinese, taken on the
# demo database ($DB, built by `make demo` when absent) with headless Chromium. A server of its own on
# 127.0.0.1:$SHOTS_PORT (no cron: the screens stay as the demo left them) is started and stopped around it.
# Re-runnable: each run retakes every screen. SHOTS=overview,alerts retakes some.
source "$(dirname "$0")/common.sh"
SHOTS_PORT=${SHOTS_PORT:-$((PORT + 11))}
port=$(pg_port)
if ! psql -p "$port" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    DEMO_NO_SERVE=1 "$ROOT/tools/demo.sh"
fi
conf="$BUILD/screenshots.conf"
write_conf "$conf" "$SHOTS_PORT"
log="$BUILD/screenshots_server.log"
if curl -fs "http://127.0.0.1:$SHOTS_PORT/web/health" >/dev/null 2>&1; then
    echo "== port $SHOTS_PORT is taken by another server: set SHOTS_PORT" >&2
    exit 1
fi
# the interpreter itself in the background (not the odoo() shell function): $! is then the server to stop
"$PYTHON" -m odoo -c "$conf" -d "$DB" --db-filter="^$DB\$" --max-cron-threads=0 --log-level=warn >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null' EXIT
for _ in $(seq 120); do
    curl -fs "http://127.0.0.1:$SHOTS_PORT/web/health" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { echo "== the Odoo server stopped: see $log" >&2; exit 1; }
    sleep 1
done
echo "== screenshots of $DB from http://127.0.0.1:$SHOTS_PORT into docs/screenshots"
"$PYTHON" "$ROOT/tools/screenshots.py" --url "http://127.0.0.1:$SHOTS_PORT" --db "$DB" --out "$ROOT/docs/screenshots" \
    ${SHOTS:+--only "$SHOTS"}
