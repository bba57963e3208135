#!/usr/bin/env bash
# make bench: a throwaway database with customer_care installed (no demo data), then each benchmark
# in turn; each prints one "BENCH ..." line. SIZE=small runs a tenth of the volume; SIZE=large, ten times
# it (a million customers) for the steps a company of that size runs every day: care duties, grading, alerts
# and the contact list.
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
if [ "$SIZE" != large ]; then
    # Satisfaction: every customer's score from the ratings of the care step's customers and duties.
    "$PYTHON" "$ROOT/tools/bench_satisfaction.py" "$conf" "$db" "$SIZE"
    # Retention: the public pool's daily run and re-run, and a handover, on customers of their own.
    "$PYTHON" "$ROOT/tools/bench_retention.py" "$conf" "$db" "$SIZE"
fi
# Grading: full and incremental recompute against the bare SQL aggregate, in a database of its own
# (a copy of the template) so that its 100,000 customers do not weigh on the other steps.
createdb -p "$port" -T "$(ensure_template "$conf")" "${db}_grading"
odoo -c "$conf" -d "${db}_grading" -i customer_care --stop-after-init --log-level=warn
"$PYTHON" "$ROOT/tools/bench_grading.py" "$conf" "${db}_grading" "$SIZE"
# Early warnings: the daily alert run on the graded company, then a re-run that creates nothing.
"$PYTHON" "$ROOT/tools/bench_alerts.py" "$conf" "${db}_grading"
# The contact list filtered by tier, its first page as the web client asks for it.
"$PYTHON" "$ROOT/tools/bench_contacts.py" "$conf" "${db}_grading"
[ "$SIZE" = large ] && exit 0
# Sales flow: the customer banner and the purchase cycle, on the grading benchmark's customers and invoices.
"$PYTHON" "$ROOT/tools/bench_sales.py" "$conf" "${db}_grading" "$SIZE"
# Analyses: each analysis's first page, the overview and the monthly snapshot, on the graded company.
"$PYTHON" "$ROOT/tools/bench_analyses.py" "$conf" "${db}_grading" "$SIZE"
