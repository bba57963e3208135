#!/usr/bin/env bash
# make test-setup: the fresh-machine path of `make demo` / `make test`, for real. A python3 that cannot import
# Odoo (this machine's python3 with its site-packages hidden), then `make check-odoo` as the README's commands
# run it: Odoo 19.0 is installed from a local archive (ODOO_SOURCE, required: the test never downloads) into a
# throwaway virtual environment, which must then import Odoo 19 from its own tree
# and find Odoo's and the addon's modules through the config that make writes.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source_=${ODOO_SOURCE:-}
[ -n "$source_" ] || { echo "make test-setup: set ODOO_SOURCE to a local Odoo 19.0 source archive." >&2; exit 1; }
[ -e "$source_" ] || { echo "make test-setup: no Odoo 19.0 archive at $source_ (ODOO_SOURCE)." >&2; exit 1; }
source_=$(cd "$(dirname "$source_")" && pwd)/$(basename "$source_")
real=$(command -v python3)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
printf '#!/bin/sh\nexec %s -S "$@"\n' "$real" > "$tmp/bin/python3"
chmod +x "$tmp/bin/python3"
export PATH="$tmp/bin:$PATH" ODOO_VENV="$tmp/venv" ODOO_SOURCE="$source_"
unset PYTHON
if python3 -c 'import odoo' 2>/dev/null; then
    echo "make test-setup: python3 still imports Odoo with its site-packages hidden; the test would prove nothing." >&2
    exit 1
fi
[ "$(make -s -C "$ROOT" --no-print-directory print-python)" = "$tmp/venv/bin/python" ] ||
    { echo "make test-setup: the Makefile does not pick the project's virtual environment." >&2; exit 1; }
start=$(date +%s)
make -s -C "$ROOT" --no-print-directory check-odoo
py="$tmp/venv/bin/python"
"$py" - "$tmp" "$ROOT" <<'PY'
import os, subprocess, sys
tmp, root = sys.argv[1], sys.argv[2]
import odoo
import odoo.release
assert odoo.release.version_info[0] == 19, odoo.release.version
assert os.path.realpath(odoo.release.__file__).startswith(os.path.realpath(tmp) + "/"), odoo.release.__file__
conf = os.path.join(tmp, "odoo.conf")
env = dict(os.environ, PYTHON=sys.executable)
subprocess.run(["bash", "-c", 'source "$0/tools/common.sh"; write_conf "$1" 8999', root, conf], check=True, env=env)
from odoo.tools import config
config.parse_config(["-c", conf])
from odoo.modules.module import get_module_path
for name in ("customer_care", "sale_margin", "survey", "base"):
    assert get_module_path(name), name
import psycopg2, lxml, babel  # noqa: F401, E401  (Odoo's requirements, from the environment)
print("Odoo", odoo.release.version, "imported from", os.path.dirname(os.path.dirname(odoo.release.__file__)))
PY
echo "make test-setup: passed in $(( $(date +%s) - start )) s"
