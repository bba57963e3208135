#!/usr/bin/env bash
# Builds the addon's wheel (odoo-addon-customer_care) into .build/dist with the pinned whool of
# requirements-lint.txt, lists what it holds per folder and checks that nothing the addon needs is left out.
# whool packs the files git tracks and takes the version from the manifest and the git history.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${LINT_VENV:-$ROOT/.build/lint-venv}
DIST="$ROOT/.build/dist"
cd "$ROOT"
rm -rf "$DIST"
if ! "$VENV/bin/python" -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation \
        ./customer_care -w "$DIST"; then
    echo "Could not build the wheel of customer_care (whool needs the addon in a git checkout)." >&2
    exit 1
fi
"$VENV/bin/python" tools/wheel_check.py "$DIST"/odoo_addon_customer_care-*.whl customer_care
