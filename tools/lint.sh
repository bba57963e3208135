#!/usr/bin/env bash
# make lint: the checks OCA's pre-commit makes for 19.0, with the pinned tools of requirements-lint.txt.
#   tools/lint.sh                run every step
#   tools/lint.sh STEP...        run some of them (.pre-commit-config.yaml runs one step per hook)
# Steps:
#   readme   customer_care/README.rst and the README's features are built from customer_care/readme/, and
#            README.rst renders without a docutils warning (Odoo renders it for the Apps page)
#   ruff     ruff check, fixing nothing (.ruff.toml: OCA's rules, 120-character lines)
#   format   ruff format --check, showing the changes it would make
#   pylint   pylint-odoo's mandatory checks (.pylintrc-mandatory) on the addon
#   xml      OCA's module checks (manifest, its XML and CSV files) and every XML file parses
#   po       OCA's PO checks, msgfmt --check, and translations keep their placeholders
# Every step runs even when one fails; the exit status is 1 if any failed.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${LINT_VENV:-$ROOT/.build/lint-venv}
ADDON=customer_care
cd "$ROOT"
"$ROOT/tools/lint_deps.sh" || exit 1
BIN="$VENV/bin"

step_readme() {
    "$BIN/python" tools/addon_readme.py --check
}

step_ruff() {
    "$BIN/ruff" check --no-fix --output-format=concise .
}

step_format() {
    "$BIN/ruff" format --diff .
}

step_pylint() {
    # Odoo-addon checks: tools/ holds scripts (benchmarks print their tables and commit between phases).
    local format=()
    [ -t 1 ] || format=(--output-format=text)
    "$BIN/pylint" --rcfile=.pylintrc-mandatory "${format[@]}" "$ADDON"
}

step_xml() {
    local rc=0
    "$BIN/oca-checks-odoo-module" "$ADDON" || rc=1
    "$BIN/python" tools/lint_files.py xml "$ADDON" || rc=1
    return $rc
}

step_po() {
    local rc=0 po
    "$BIN/oca-checks-po" --disable=po-pretty-format "$ADDON"/i18n/*.po "$ADDON"/i18n/*.pot || rc=1
    for po in "$ADDON"/i18n/*.po; do
        msgfmt --check -o /dev/null "$po" || rc=1
    done
    # a template has no Language header to check
    for po in "$ADDON"/i18n/*.pot; do
        msgfmt --check-format --check-domain -o /dev/null "$po" || rc=1
    done
    "$BIN/python" tools/lint_files.py po "$ADDON" || rc=1
    return $rc
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(readme ruff format pylint xml po)
failed=()
for step in "${steps[@]}"; do
    if ! declare -F "step_$step" >/dev/null; then
        echo "tools/lint.sh: no step '$step' (readme, ruff, format, pylint, xml, po)" >&2
        exit 2
    fi
    echo "== lint: $step"
    start=$(date +%s.%N)
    "step_$step" || failed+=("$step")
    awk -v step="$step" -v start="$start" -v end="$(date +%s.%N)" 'BEGIN { printf "   %s: %.1f s\n", step, end - start }'
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "lint failed: ${failed[*]}" >&2
    exit 1
fi
echo "lint: all clean (${steps[*]})"
