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
# A source checkout keeps Odoo's modules in addons/, a packaged tree (Odoo's nightly archive) only in
# odoo/addons: Odoo refuses a path that does not exist.
write_conf() {
    local addons=$ROOT dir
    for dir in "$ODOO_ROOT/addons" "$ODOO_ROOT/odoo/addons"; do
        [ -d "$dir" ] && addons="$addons,$dir"
    done
    cat > "$1" <<CONF
[options]
addons_path = $addons
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
        move_filestore "$template.tmp" "$template"
    fi
    echo "$template"
}

# Odoo keeps attachments (avatars, the company logo, module icons) in data_dir/filestore/<database>:
# a database renamed or copied by PostgreSQL leaves its files behind, and Odoo then logs "file not found"
# for each one. These two follow the database.
filestore() {
    echo "$BUILD/data/filestore/$1"
}

# move_filestore OLD NEW: after ALTER DATABASE OLD RENAME TO NEW.
move_filestore() {
    local old new
    old=$(filestore "$1")
    new=$(filestore "$2")
    [ -d "$old" ] || return 0
    rm -rf "$new"
    mkdir -p "$(dirname "$new")"
    mv "$old" "$new"
}

# copy_filestore TEMPLATE DB: after createdb -T TEMPLATE DB. Attachment files are never changed in place
# (a new content is a new file), so hard links share them at no cost. A template built before its
# filestore followed the rename left it under TEMPLATE.tmp.
copy_filestore() {
    local src dst
    src=$(filestore "$1")
    [ -d "$src" ] || src=$(filestore "$1.tmp")
    dst=$(filestore "$2")
    rm -rf "$dst"
    if [ -d "$src" ]; then
        mkdir -p "$(dirname "$dst")"
        cp -al "$src" "$dst" 2>/dev/null || cp -a "$src" "$dst"
    else
        echo "== no filestore for $1 in $BUILD/data (built from another checkout): attachments of Odoo's demo data will be missing" >&2
    fi
}

# The addon's Community dependencies, read from its manifest.
addon_depends() {
    "$PYTHON" -c "import ast; print(','.join(ast.literal_eval(open('$ROOT/customer_care/__manifest__.py').read())['depends']))"
}
