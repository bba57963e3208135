#!/usr/bin/env bash
# make bench: a throwaway database with customer_care installed (no demo data), then each benchmark
# in turn; each prints one "BENCH ..." line. SIZE=small runs a tenth of the volume.
source "$(dirname "$0")/common.sh"
conf="$BUILD/bench.conf"
write_conf "$conf" "${BENCH_PORT:-8179}"
port=$(pg_port)
db="customer_care_bench_$(date +%s)"
cleanup() { [ -n "${KEEP_DB:-}" ] || dropdb -p "$port" --if-exists "$db" 2>/dev/null || true; }
trap cleanup EXIT
echo "== installing customer_care in $db"
odoo -c "$conf" -d "$db" -i customer_care --stop-after-init --log-level=warn
# Care duties: task generation.
"$PYTHON" "$ROOT/tools/bench_care.py" "$conf" "$db" "$SIZE"
