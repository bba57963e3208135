#!/usr/bin/env bash
# Makes sure $PYTHON imports Odoo 19.0. An importable Odoo is used as is; when python3 has none, the Makefile's
# PYTHON is the project's virtual environment (tools/odoo_python.sh), which is filled here from ODOO_SOURCE.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
has_odoo() { "$1" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 19)' 2>/dev/null; }
has_odoo "$python" && exit 0
if [ "$python" = "${ODOO_VENV:-$root/.venv}/bin/python" ]; then
    "$root/tools/odoo_venv.sh"
    has_odoo "$python" && exit 0
fi
echo "customer_care needs Odoo 19.0 Community importable by $python (check with: $python -c 'import odoo.release; print(odoo.release.version)')." >&2
exit 1
