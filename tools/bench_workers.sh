#!/usr/bin/env bash
# make bench-workers: the addon on two Odoo hosts (one with prefork workers, both with cron threads) over one
# database, every scheduled action due at once while JSON-RPC clients work; see tools/bench_workers.py.
# SIZE=small: 10,000 customers and 100,000 invoices (full: ten times more). Ports: WORKERS_PORT (host A),
# WORKERS_PORT + 1 (host B), WORKERS_PORT + 2 (host A's gevent/websocket process); 127.0.0.1 only.
source "$(dirname "$0")/common.sh"
port_a=${WORKERS_PORT:-8189}
conf="$BUILD/bench-workers.conf"
write_conf "$conf" "$port_a"
port=$(pg_port)
db=${WORKERS_DB:-customer_care_workers_$(date +%s)}
logs="$BUILD/bench-workers"
mkdir -p "$logs"
cleanup() {
    [ -n "${KEEP_DB:-}" ] && return
    dropdb -p "$port" --if-exists "$db" 2>/dev/null || true
}
trap cleanup EXIT
echo "== installing customer_care in $db"
odoo -c "$conf" -d "$db" -i customer_care --stop-after-init --log-level=warn
"$PYTHON" "$ROOT/tools/bench_workers.py" "$conf" "$db" "$SIZE" "$port_a" $((port_a + 1)) $((port_a + 2)) "$logs"
echo "== the hosts' logs: $logs/host_a.log, $logs/host_b.log"
