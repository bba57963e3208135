#!/usr/bin/env bash
# Installs the pinned lint and packaging tools (requirements-lint.txt) into their own virtualenv,
# .build/lint-venv, so that their pins never meet Odoo's; again only when requirements-lint.txt changed.
# Also Debian's gettext (msgfmt checks the PO files) when it is missing.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
# The lint tools need no Odoo: before check-odoo has made the project's .venv, python3 makes theirs.
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
VENV=${LINT_VENV:-$ROOT/.build/lint-venv}
stamp="$VENV/requirements-lint.sha256"
wanted=$(sha256sum "$ROOT/requirements-lint.txt" | cut -d' ' -f1)

if ! command -v msgfmt >/dev/null 2>&1; then
    echo "== installing Debian's gettext (msgfmt checks the PO files)"
    "$ROOT/tools/apt_install.sh" gettext
fi

if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
    exit 0
fi
echo "== installing the lint tools of requirements-lint.txt into ${VENV#"$ROOT"/}"
if [ ! -x "$VENV/bin/python" ] && ! "$PYTHON" -m venv "$VENV"; then
    echo "Could not create the virtualenv $VENV with $PYTHON -m venv (on Debian: apt-get install python3-venv)." >&2
    exit 1
fi
if ! "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements-lint.txt"; then
    echo "Could not install the lint tools listed in requirements-lint.txt." >&2
    exit 1
fi
echo "$wanted" > "$stamp"
