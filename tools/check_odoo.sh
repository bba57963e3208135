#!/usr/bin/env bash
# Stops at once, with one sentence, when python3 cannot import Odoo 19.0.
"${PYTHON:-python3}" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 19)' 2>/dev/null && exit 0
echo "customer_care needs Odoo 19.0 Community importable by ${PYTHON:-python3} (check with: ${PYTHON:-python3} -c 'import odoo.release; print(odoo.release.version)')." >&2
exit 1
