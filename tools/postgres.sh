#!/usr/bin/env bash
# Makes sure PostgreSQL (Debian's `postgresql`) is installed and running, with a role for this user.
source "$(dirname "$0")/common.sh"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    echo "== installing PostgreSQL (Debian package postgresql)"
    "$ROOT/tools/apt_install.sh" postgresql
fi
if [ -z "$(pg_port)" ]; then
    read -r ver cluster _ < <(pg_lsclusters -h | head -1)
    $SUDO pg_ctlcluster "$ver" "$cluster" start
fi
as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
me=$(id -un)
if [ "$me" = postgres ]; then
    echo "Odoo refuses to run as the postgres superuser: run make as another user." >&2
    exit 1
fi
if ! as_postgres psql -p "$(pg_port)" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$me'" 2>/dev/null | grep -q 1; then
    as_postgres createuser -p "$(pg_port)" -s "$me"
fi
