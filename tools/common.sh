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

# ensure_template CONF: prints the name of the template database holding Odoo's own modules that the
# addon depends on, with demo data, building it when absent. Odoo's modules take most of an install:
# copying the template takes seconds and the addon is then installed fresh. The name carries the Odoo
# version and the dependencies, so a change of either builds a new one.
ensure_template() {
    local deps key template port
    deps=$(addon_depends)
    key=$("$PYTHON" -c "import hashlib, odoo.release as r, sys; print(hashlib.md5((r.serie + sys.argv[1]).encode()).hexdigest()[:10])" "$deps")
    template="cc_template_$key"
    port=$(pg_port)
    if ! psql -p "$port" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$template'" | grep -q 1; then
        echo "== building template database $template ($deps, with demo data)" >&2
        dropdb -p "$port" --if-exists "$template.tmp"
        odoo -c "$1" -d "$template.tmp" -i "$deps" --with-demo --stop-after-init --log-level=warn >&2
        psql -p "$port" -d postgres -qc "ALTER DATABASE \"$template.tmp\" RENAME TO \"$template\""
    fi
    echo "$template"
}

# The addon's Community dependencies, read from its manifest.
addon_depends() {
    "$PYTHON" -c "import ast; print(','.join(ast.literal_eval(open('$ROOT/customer_care/__manifest__.py').read())['depends']))"
}
