#!/usr/bin/env bash
# Prints the Python that runs Odoo here: python3 when it imports Odoo 19.0 (used as is), else the project's
# virtual environment (ODOO_VENV, default .venv/), which tools/check_odoo.sh fills when it is missing.
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${ODOO_VENV:-$root/.venv}
if python3 -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 19)' 2>/dev/null; then
    echo python3
else
    echo "$venv/bin/python"
fi
