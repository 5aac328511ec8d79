#!/bin/sh
# Refresh the catalogues from the code, apply Bokmål translations from a JSON file
# ({"English msgid": "Bokmål"}), compile, and print what is still untranslated.
#   sh scripts/translate.sh [translations.json]
set -e
cd "$(dirname "$0")/.."
PY=.venv/bin/python
exec 9>.translate.lock
flock 9
DEBUG=1 $PY manage.py makemessages -l nb -l en --ignore=.venv --ignore=tests --ignore=scripts --no-location >/dev/null
if [ -n "${1:-}" ]; then $PY scripts/po.py apply "$1"; fi
DEBUG=1 $PY manage.py compilemessages --ignore=.venv >/dev/null
$PY scripts/po.py todo
