#!/usr/bin/env bash
# Installs the pinned schemathesis into a virtualenv under tools/ (gitignored); idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION="4.32.5"
VENV="tools/schemathesis-venv"
if [ -x "$VENV/bin/st" ] && "$VENV/bin/python" -c "import importlib.metadata as m,sys; sys.exit(m.version('schemathesis') != '$VERSION')"; then
  exit 0
fi
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
"$VENV/bin/st" --version
