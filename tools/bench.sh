#!/usr/bin/env bash
# make bench: a throwaway database with customer_care installed (no demo data), then each benchmark
# in turn; each prints one "BENCH ..." line. SIZE=small runs a tenth of the volume; SIZE=large ten times it
# (a million customers), by default for the steps a company of that size runs every day: care duties,
# grading, alerts and the contact list.
# BENCH_ONLY=alerts,retention (a comma-separated list of care, satisfaction, retention, grading, alerts,
# contacts, sales, analyses) runs only those steps and the ones whose data they need (satisfaction: care;
# alerts, contacts, sales and analyses: grading). KEEP_DB=1 keeps the databases for another look.
source "$(dirname "$0")/common.sh"
conf="$BUILD/bench.conf"
write_conf "$conf" "${BENCH_PORT:-8179}"
port=$(pg_port)
db="customer_care_bench_$(date +%s)"
steps=care,satisfaction,retention,grading,alerts,contacts,sales,analyses
[ "$SIZE" = large ] && steps=care,grading,alerts,contacts
only=",${BENCH_ONLY:-$steps},"
case "$only" in *,satisfaction,*) only="$only,care," ;; esac
case "$only" in *,alerts,* | *,contacts,* | *,sales,* | *,analyses,*) only="$only,grading," ;; esac
wanted() { [[ "$only" == *",$1,"* ]]; }
cleanup() {
    [ -n "${KEEP_DB:-}" ] && { echo "== kept $db ${db}_grading"; return; }
    for name in "$db" "${db}_grading"; do dropdb -p "$port" --if-exists "$name" 2>/dev/null || true; done
}
trap cleanup EXIT
if wanted care || wanted retention; then
    echo "== installing customer_care in $db"
    odoo -c "$conf" -d "$db" -i customer_care --stop-after-init --log-level=warn
fi
# Care duties: task generation.
if wanted care; then "$PYTHON" "$ROOT/tools/bench_care.py" "$conf" "$db" "$SIZE"; fi
# Satisfaction: every customer's score from the ratings of the care step's customers and duties, then the
# complaint_overdue and low_satisfaction alerts over as many complaints.
if wanted satisfaction; then "$PYTHON" "$ROOT/tools/bench_satisfaction.py" "$conf" "$db" "$SIZE"; fi
# Retention: the public pool's daily run and re-run, and a handover, on customers of their own.
if wanted retention; then "$PYTHON" "$ROOT/tools/bench_retention.py" "$conf" "$db" "$SIZE"; fi
# Grading: full and incremental recompute against the bare SQL aggregate, in a database of its own
# (a copy of the template) so that its 100,000 customers do not weigh on the other steps.
if wanted grading; then
    createdb -p "$port" -T "$(ensure_template "$conf")" "${db}_grading"
    odoo -c "$conf" -d "${db}_grading" -i customer_care --stop-after-init --log-level=warn
    "$PYTHON" "$ROOT/tools/bench_grading.py" "$conf" "${db}_grading" "$SIZE"
fi
# Early warnings: the daily alert run on the graded company, then a re-run that creates nothing.
if wanted alerts; then "$PYTHON" "$ROOT/tools/bench_alerts.py" "$conf" "${db}_grading"; fi
# The contact list filtered by tier, its first page as the web client asks for it.
if wanted contacts; then "$PYTHON" "$ROOT/tools/bench_contacts.py" "$conf" "${db}_grading"; fi
# Sales flow: the customer banner and the purchase cycle, on the grading benchmark's customers and invoices.
if wanted sales; then "$PYTHON" "$ROOT/tools/bench_sales.py" "$conf" "${db}_grading" "$SIZE"; fi
# Analyses: each analysis's first page, the overview and the monthly snapshot, on the graded company.
if wanted analyses; then "$PYTHON" "$ROOT/tools/bench_analyses.py" "$conf" "${db}_grading" "$SIZE"; fi
