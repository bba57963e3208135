#!/usr/bin/env bash
# Installs Odoo 19.0 Community into the project's virtual environment, for a machine whose python3 cannot
# import it. tools/check_odoo.sh calls it; it can also be run alone.
#   ODOO_SOURCE  where Odoo comes from (default: Odoo's official nightly 19.0 source archive):
#                an http(s) archive URL, a git repository (URL ending in .git, branch ODOO_BRANCH, default 19.0),
#                a local archive (.tar.gz, .tgz, .tar.xz, .zip) or a local checkout (used in place).
#   ODOO_VENV    the virtual environment (default .venv/ in the project); an archive is unpacked inside it.
#   ODOO_BASE_PYTHON  the Python the environment is made from (default python3; Odoo 19 needs 3.10 or later).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source_=${ODOO_SOURCE:-https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz}
venv=${ODOO_VENV:-$ROOT/.venv}
base=${ODOO_BASE_PYTHON:-python3}
branch=${ODOO_BRANCH:-19.0}

echo "== Odoo 19.0 is not importable by python3: installing Odoo 19.0 Community from $source_ into $venv," \
    "whose Python make uses from now on"

# What pip needs to build Odoo's pinned requirements (psycopg2 builds against libpq).
need=()
command -v "$base" >/dev/null 2>&1 || need+=(python3)
"$base" -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
"$base" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(sysconfig.get_paths()["include"] + "/Python.h"))' \
    2>/dev/null || need+=(python3-dev)
command -v pg_config >/dev/null 2>&1 || need+=(libpq-dev)
command -v gcc >/dev/null 2>&1 || need+=(build-essential)
[[ $source_ == *.git ]] && ! command -v git >/dev/null 2>&1 && need+=(git)
[[ $source_ == http* ]] && ! command -v curl >/dev/null 2>&1 && need+=(curl ca-certificates)
if [ ${#need[@]} -gt 0 ]; then
    echo "== Debian packages to build Odoo's requirements: ${need[*]}"
    "$ROOT/tools/apt_install.sh" "${need[@]}"
fi
"$base" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
    { echo "Odoo 19.0 needs Python 3.10 or later; $base is $("$base" -V 2>&1). Set ODOO_BASE_PYTHON." >&2; exit 1; }

# A directory that is not a virtual environment is never cleared.
if [ -e "$venv" ] && [ ! -f "$venv/pyvenv.cfg" ]; then
    echo "$venv exists and is not a virtual environment: set ODOO_VENV to another place." >&2
    exit 1
fi
"$base" -m venv --clear "$venv"
py="$venv/bin/python"

# The Odoo tree: a checkout is used where it is; anything else is fetched or unpacked into the environment.
unpack() {  # unpack ARCHIVE DIR
    case "$1" in
        *.zip) "$base" -m zipfile -e "$1" "$2" ;;
        *.tar.gz | *.tgz | *.tar.xz | *.txz | *.tar.bz2 | *.tar) tar -xf "$1" -C "$2" ;;
        *) echo "ODOO_SOURCE=$1: not an archive this script unpacks (.tar.gz, .tgz, .tar.xz, .zip)." >&2; return 1 ;;
    esac
}
work="$venv/src"
mkdir -p "$work"
if [ -d "$source_" ]; then
    tree=$(cd "$source_" && pwd)
elif [ -f "$source_" ]; then
    unpack "$source_" "$work"
elif [[ $source_ == *.git ]]; then
    git clone -q --depth 1 --branch "$branch" "$source_" "$work/odoo"
elif [[ $source_ == http://* || $source_ == https://* ]]; then
    name=${source_##*/}
    name=${name%%\?*}
    curl -fsSL --retry 3 -o "$work/$name" "$source_"
    unpack "$work/$name" "$work"
    rm -f "$work/$name"
else
    echo "ODOO_SOURCE=$source_: no such file or directory." >&2
    exit 1
fi
if [ -z "${tree:-}" ]; then
    release=$(find "$work" -maxdepth 4 -path '*/odoo/release.py' -not -path '*/addons/*' | head -1)
    [ -n "$release" ] || { echo "ODOO_SOURCE=$source_ holds no Odoo source tree (odoo/release.py)." >&2; exit 1; }
    tree=$(dirname "$(dirname "$release")")
fi
[ -f "$tree/odoo/release.py" ] || { echo "$tree is not an Odoo source tree (no odoo/release.py)." >&2; exit 1; }
"$base" -c 'import runpy, sys; sys.exit(runpy.run_path(sys.argv[1])["version_info"][0] != 19)' "$tree/odoo/release.py" ||
    { echo "ODOO_SOURCE=$source_ is not Odoo 19.0." >&2; exit 1; }

# Odoo's own pins, without python-ldap (LDAP login is not used; it needs OpenLDAP's headers). Some pinned
# packages still build with pkg_resources, which setuptools 81 removed.
grep -v '^python-ldap' "$tree/requirements.txt" > "$venv/odoo-requirements.txt"
echo 'setuptools<81' > "$venv/build-constraints.txt"
PIP_CONSTRAINT="$venv/build-constraints.txt" "$py" -m pip install -q --disable-pip-version-check \
    -r "$venv/odoo-requirements.txt"
# Odoo runs from its tree, as an editable install would make it, through a path file: setuptools' editable
# build walks the tree's 30,000 files for minutes for nothing make uses (make runs `python -m odoo`).
"$py" -c 'import site, sys; open(site.getsitepackages()[0] + "/odoo-source.pth", "w").write(sys.argv[1] + "\n")' "$tree"
"$py" -c 'import odoo.release as r; print("== Odoo", r.version, "installed in", r.__file__.rsplit("/odoo/", 1)[0])'
