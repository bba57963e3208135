# Shared by the tools/*.sh scripts: where Odoo is, the PostgreSQL port, and the Odoo config file.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$ROOT/.build"
PYTHON=${PYTHON:-python3}
ODOO_ROOT=$("$PYTHON" -c 'import odoo.release, os; print(os.path.dirname(os.path.dirname(odoo.release.__file__)))')
mkdir -p "$BUILD"

pg_port() {
    pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $3; exit}'
}

# write_conf FILE HTTP_PORT: an Odoo config listening on 127.0.0.1 only.
write_conf() {
    cat > "$1" <<CONF
[options]
addons_path = $ROOT,$ODOO_ROOT/addons,$ODOO_ROOT/odoo/addons
data_dir = $BUILD/data
db_port = $(pg_port)
http_interface = 127.0.0.1
http_port = $2
gevent_port = $(( $2 + 3 ))
list_db = False
CONF
}

odoo() {
    "$PYTHON" -m odoo "$@"
}

# The addon's Community dependencies, read from its manifest.
addon_depends() {
    "$PYTHON" -c "import ast; print(','.join(ast.literal_eval(open('$ROOT/customer_care/__manifest__.py').read())['depends']))"
}
