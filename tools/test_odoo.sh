#!/usr/bin/env bash
# make test-odoo: Odoo's own test suites of the Odoo modules the addon extends, run through pytest-odoo
# (HttpCase tests and tours included) on two throwaway databases copied from the template, one without
# the addon and one with it, then compared test by test. Fails on any test that fails, errors or is
# skipped only with the addon, and on any run that crashes; a test failing in both runs is not the
# addon's. Both databases are dropped at the end.
source "$(dirname "$0")/common.sh"
# The suites compared: Odoo's modules the addon extends or reads, each installed explicitly in both
# databases (the one without the addon must have them too).
SUITES=${ODOO_SUITES:-sale sale_margin account}
conf="$BUILD/test-$TEST_PORT.conf"
write_conf "$conf" "$TEST_PORT"
port=$(pg_port)
run_dir="$BUILD/test-odoo-$TEST_PORT"
without_db="${TEST_DB}_without_addon"
with_db="${TEST_DB}_with_addon"
started=$SECONDS

template=$(ensure_template "$conf")

pids=()
# On any exit, interrupted ones included: stop the pytest runs still going (Odoo's server ignores
# SIGTERM), then drop both databases, closing whatever connection is left.
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    dropdb -p "$port" --force --if-exists "$with_db" 2>/dev/null || true
    dropdb -p "$port" --force --if-exists "$without_db" 2>/dev/null || true
    rm -rf "$(filestore "$with_db")" "$(filestore "$without_db")"
}
trap cleanup EXIT

# pytest runs from a folder of its own, outside the addons path: run from an addons folder, Python
# would import e.g. addons/calendar for its own calendar module. Its empty pytest.ini keeps pytest from
# reading any other configuration.
rm -rf "$run_dir"
mkdir -p "$run_dir"
: > "$run_dir/pytest.ini"

suite_dirs=()
for suite in $SUITES; do
    [ -d "$ODOO_ROOT/addons/$suite/tests" ] || { echo "make test-odoo: no test folder for '$suite' in $ODOO_ROOT/addons." >&2; exit 1; }
    suite_dirs+=("$ODOO_ROOT/addons/$suite/tests")
done

# Test files importing a module that is on no addons path (Odoo's test-only modules its packages do
# not ship, such as test_mimetypes) cannot run: they are left out by name, and listed. The suites'
# tests import other modules' test packages (sale_margin's import sale's, which import account's), and
# importing a package imports all its files: those are scanned too.
module_dir() {
    local dir
    for dir in "$ROOT" "$ODOO_ROOT/addons" "$ODOO_ROOT/odoo/addons"; do
        [ -f "$dir/$1/__manifest__.py" ] && { echo "$dir/$1"; return 0; }
    done
    return 1
}
imported_modules() {
    { grep -hoE '^\s*(from|import)\s+odoo\.addons\.[A-Za-z0-9_]+' "$1" | sed -E 's/.*odoo\.addons\.//'
      grep -hoE '^\s*from\s+odoo\.addons\s+import\s+[A-Za-z0-9_, ]+' "$1" | sed -E 's/.*import//; s/,/ /g'
    } | tr ' ' '\n' | grep . | sort -u || true
}
leave_out=()
left_out_lines=()
queue=("${suite_dirs[@]}")
scanned=" "
while [ ${#queue[@]} -gt 0 ]; do
    dir=${queue[0]}
    queue=("${queue[@]:1}")
    [[ "$scanned" == *" $dir "* ]] && continue
    scanned+="$dir "
    for file in "$dir"/*.py; do
        missing=()
        for module in $(imported_modules "$file"); do
            if ! path=$(module_dir "$module"); then
                missing+=("odoo.addons.$module")
            elif [ -d "$path/tests" ] && grep -qE "odoo\.addons\.$module\.tests" "$file"; then
                queue+=("$path/tests")
            fi
        done
        if [ ${#missing[@]} -gt 0 ]; then
            leave_out+=("--odoo-leave-out=$file")
            left_out_lines+=("  ${file#"$ODOO_ROOT/addons/"} (imports ${missing[*]})")
        fi
    done
done
echo "== test files left out: they import modules Odoo's packages do not ship"
if [ ${#left_out_lines[@]} -eq 0 ]; then echo "  (none)"; else printf '%s\n' "${left_out_lines[@]}"; fi

# assert_installed DB MODULE...: fails loudly unless every module is installed in DB.
assert_installed() {
    local db=$1 module state
    shift
    for module in "$@"; do
        state=$(psql -p "$port" -d "$db" -tAc "SELECT state FROM ir_module_module WHERE name = '$module'")
        if [ "$state" != installed ]; then
            echo "make test-odoo: $module is '${state:-unknown}' in $db, not installed: failing." >&2
            exit 1
        fi
    done
}

step=$SECONDS
echo "== $without_db: the template and the suites' modules ($SUITES), with demo data"
createdb -p "$port" -T "$template" "$without_db"
copy_filestore "$template" "$without_db"
odoo -c "$conf" -d "$without_db" -i "${SUITES// /,}" --with-demo --stop-after-init --log-level=warn
assert_installed "$without_db" $SUITES
echo "== $with_db: the same plus customer_care, with demo data"
createdb -p "$port" -T "$without_db" "$with_db"
copy_filestore "$without_db" "$with_db"
odoo -c "$conf" -d "$with_db" -i customer_care --with-demo --stop-after-init --log-level=warn
assert_installed "$with_db" $SUITES customer_care
install_s=$((SECONDS - step))

# start_suites DB NAME: starts pytest on DB in the background (its pid added to $pids); its log and
# outcomes (JSON) go to $run_dir/NAME.log and NAME.json.
# Each run serves HTTP on a port of its own (TEST_PORT and TEST_PORT + 10), so that side by side the two
# runs' HttpCase tests never reach the other run's server.
write_conf "$run_dir/without.conf" "$TEST_PORT"
write_conf "$run_dir/with.conf" $((TEST_PORT + 10))
start_suites() {
    (cd "$run_dir" && PYTHONPATH="$ROOT/tools${PYTHONPATH:+:$PYTHONPATH}" exec "$PYTHON" -m pytest \
        -p odoo_suites_plugin -p no:cacheprovider -c "$run_dir/pytest.ini" --rootdir="$ODOO_ROOT/addons" \
        --import-mode=importlib --odoo-config="$run_dir/$2.conf" --odoo-database="$1" --odoo-http \
        --odoo-outcomes="$run_dir/$2.json" "${leave_out[@]}" -q -rfEs --durations=20 "${suite_dirs[@]}" \
        > "$run_dir/$2.log" 2>&1) &
    pids+=("$!")
}
# finish_suites NAME PID: waits for that pytest and keeps its exit status in $run_dir/NAME.rc.
finish_suites() {
    local rc=0
    wait "$2" || rc=$?
    echo "$rc" > "$run_dir/$1.rc"
}

step=$SECONDS
if [ "${TEST_ODOO_PARALLEL:-0}" = 1 ]; then
    how="side by side"
    echo "== running the suites on both databases side by side (logs: $run_dir/{without,with}.log)"
    start_suites "$without_db" without
    start_suites "$with_db" with
    finish_suites without "${pids[0]}"
    finish_suites with "${pids[1]}"
else
    how="one run after the other"
    echo "== running the suites without the addon (log: $run_dir/without.log)"
    start_suites "$without_db" without
    finish_suites without "${pids[0]}"
    echo "== running the suites with the addon (log: $run_dir/with.log)"
    start_suites "$with_db" with
    finish_suites with "${pids[1]}"
fi
suites_s=$((SECONDS - step))

# pytest exits 0 (all passed) or 1 (some failed); anything else is a crash, an interruption (a
# collection error), a usage error or no test at all: the comparison would mean nothing.
crashed=0
for name in without with; do
    rc=$(cat "$run_dir/$name.rc")
    summary=$(grep -E '^=* ?[0-9]+ (passed|failed|error|skipped).* in [0-9.]+s' "$run_dir/$name.log" | tail -1 || true)
    echo "== pytest $name the addon: ${summary:-no summary} (exit status $rc)"
    if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
        echo "make test-odoo: pytest $name the addon did not complete (exit status $rc); its log ends with:" >&2
        tail -30 "$run_dir/$name.log" >&2
        crashed=1
    fi
done
[ "$crashed" = 0 ] || exit 1

echo "== comparison"
rc=0
"$PYTHON" "$ROOT/tools/odoo_suites_compare.py" "$run_dir/with.json" "$run_dir/without.json" \
    --worse-ids "$run_dir/worse.txt" || rc=$?
if [ "$rc" = 1 ]; then
    # A test worse only with the addon runs once more, alone, with the addon: one that then does as well as
    # without it failed on the machine's timing (a tour under load), not on the addon, and is listed as such.
    echo "== running again, with the addon, the $(wc -l < "$run_dir/worse.txt") test(s) worse with it (log: $run_dir/rerun.log)"
    mapfile -t worse < <(sed "s|^|$ODOO_ROOT/addons/|" "$run_dir/worse.txt")
    (cd "$run_dir" && PYTHONPATH="$ROOT/tools${PYTHONPATH:+:$PYTHONPATH}" "$PYTHON" -m pytest \
        -p odoo_suites_plugin -p no:cacheprovider -c "$run_dir/pytest.ini" --rootdir="$ODOO_ROOT/addons" \
        --import-mode=importlib --odoo-config="$run_dir/with.conf" --odoo-database="$with_db" --odoo-http \
        --odoo-outcomes="$run_dir/rerun.json" "${leave_out[@]}" -q -rfEs "${worse[@]}" > "$run_dir/rerun.log" 2>&1) || true
    echo "== comparison after the second run"
    rc=0
    "$PYTHON" "$ROOT/tools/odoo_suites_compare.py" "$run_dir/with.json" "$run_dir/without.json" \
        --rerun "$run_dir/rerun.json" || rc=$?
fi
echo "== durations: databases ${install_s}s, both suites' runs ${suites_s}s ($how), total $((SECONDS - started))s"
[ "$rc" = 0 ] || echo "make test-odoo: failing (full tracebacks in $run_dir/with.log)." >&2
exit "$rc"
