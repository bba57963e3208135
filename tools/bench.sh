#!/usr/bin/env bash
# make bench: a throwaway database with customer_care installed (no demo data), then each benchmark
# in turn; each prints one "BENCH ..." line. SIZE=small runs a tenth of the volume.
source "$(dirname "$0")/common.sh"
conf="$BUILD/bench.conf"
write_conf "$conf" "${BENCH_PORT:-8179}"
port=$(pg_port)
db="customer_care_bench_$(date +%s)"
cleanup() {
    [ -n "${KEEP_DB:-}" ] && return
    for name in "$db" "${db}_grading"; do dropdb -p "$port" --if-exists "$name" 2>/dev/null || true; done
}
trap cleanup EXIT
echo "== installing customer_care in $db"
odoo -c "$conf" -d "$db" -i customer_care --stop-after-init --log-level=warn
# Care duties: task generation.
"$PYTHON" "$ROOT/tools/bench_care.py" "$conf" "$db" "$SIZE"
# Satisfaction: every customer's score from the ratings of the care step's customers and duties.
"$PYTHON" "$ROOT/tools/bench_satisfaction.py" "$conf" "$db" "$SIZE"
# Retention: the public pool's daily run and re-run, and a handover, on customers of their own.
"$PYTHON" "$ROOT/tools/bench_retention.py" "$conf" "$db" "$SIZE"
# Grading: full and incremental recompute against the bare SQL aggregate, in a database of its own
# (a copy of the template) so that its 100,000 customers do not weigh on the other steps.
createdb -p "$port" -T "$(ensure_template "$conf")" "${db}_grading"
odoo -c "$conf" -d "${db}_grading" -i customer_care --stop-after-init --log-level=warn
"$PYTHON" "$ROOT/tools/bench_grading.py" "$conf" "${db}_grading" "$SIZE"
# Early warnings: the daily alert run on the graded company, then a re-run that creates nothing.
"$PYTHON" "$ROOT/tools/bench_alerts.py" "$conf" "${db}_grading"
# Sales flow: the customer banner and the purchase cycle, on the grading benchmark's customers and invoices.
"$PYTHON" "$ROOT/tools/bench_sales.py" "$conf" "${db}_grading" "$SIZE"
# Analyses: each analysis's first page, the overview and the monthly snapshot, on the graded company.
"$PYTHON" "$ROOT/tools/bench_analyses.py" "$conf" "${db}_grading" "$SIZE"
