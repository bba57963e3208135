#!/usr/bin/env bash
# Installs the addon's Python dependencies and the test tools from PyPI, keeping Odoo's own pins.
source "$(dirname "$0")/common.sh"
constraints=()
if [ -f "$ODOO_ROOT/requirements.txt" ]; then
    grep -v '^python-ldap' "$ODOO_ROOT/requirements.txt" > "$BUILD/odoo-constraints.txt"
    constraints=(-c "$BUILD/odoo-constraints.txt")
fi
if ! "$PYTHON" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements.txt" -r "$ROOT/requirements-test.txt" "${constraints[@]}"; then
    echo "Could not install the Python dependencies listed in requirements.txt and requirements-test.txt." >&2
    exit 1
fi
