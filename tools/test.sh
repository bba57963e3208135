#!/usr/bin/env bash
# make test: a fresh throwaway database, the addon installed with demo data, every test through
# pytest-odoo (browser tours included), the database dropped. Before them, tools/test_lifecycle.py upgrades and
# uninstalls the addon on copies of that database. Fails on any failure, error or skip.
source "$(dirname "$0")/common.sh"
conf="$BUILD/test-$TEST_PORT.conf"
write_conf "$conf" "$TEST_PORT"
port=$(pg_port)

template=$(ensure_template "$conf")

cleanup() {
    dropdb -p "$port" --if-exists "$TEST_DB" 2>/dev/null || true
    rm -rf "$(filestore "$TEST_DB")"
}
trap cleanup EXIT
echo "== installing customer_care with demo data in $TEST_DB"
createdb -p "$port" -T "$template" "$TEST_DB"
copy_filestore "$template" "$TEST_DB"
odoo -c "$conf" -d "$TEST_DB" -i customer_care --with-demo --stop-after-init --log-level=warn

echo "== upgrade and uninstall, each on a copy of $TEST_DB in its own Odoo process"
set +e
(cd "$ROOT" && CC_CONF="$conf" CC_SOURCE_DB="$TEST_DB" "$PYTHON" -m pytest -p no:cacheprovider -p no:odoo -rs -s \
    "$ROOT/tools/test_lifecycle.py") 2>&1 | tee "$BUILD/lifecycle-$TEST_PORT.log"
lifecycle_rc=${PIPESTATUS[0]}
grep -qE '^=+ .*skipped.* =+$' "$BUILD/lifecycle-$TEST_PORT.log" && lifecycle_rc=1
set -e

echo "== running the tests"
log="$BUILD/pytest-$TEST_PORT.log"
set +e
(cd "$ROOT" && "$PYTHON" -m pytest -p no:cacheprovider --odoo-config="$conf" --odoo-database="$TEST_DB" \
    --odoo-http -rs ${PYTEST_ARGS:-$ROOT/customer_care/tests}) 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
summary=$(grep -E '^=+ .*(passed|failed|error|skipped|no tests ran).* =+$' "$log" | tail -1)
if [ "$rc" -eq 0 ] && grep -q 'skipped' <<<"$summary"; then
    echo "make test: a test was skipped (a tour that does not run is a defect): failing." >&2
    rc=1
fi
[ "$rc" -eq 5 ] && echo "make test: no test ran." >&2
if [ "$lifecycle_rc" -ne 0 ]; then
    echo "make test: the upgrade or uninstall test failed (see above)." >&2
    [ "$rc" -ne 0 ] || rc=$lifecycle_rc
fi
exit "$rc"
