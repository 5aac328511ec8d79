#!/bin/sh
# make run: the web server and a Celery worker with embedded beat on the embedded broker.
# Ctrl-C stops both.
set -e
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DEBUG="${DEBUG:-1}"
$PY manage.py migrate --noinput
$PY manage.py seed_demo
$PY -m celery -A pusterom worker -B --pool=solo --loglevel=INFO &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null; exit 0' INT TERM EXIT
echo "Pusterom: http://127.0.0.1:${PORT:-8000}/  (Ctrl-C stops the web server and the worker)"
$PY manage.py runserver "127.0.0.1:${PORT:-8000}"
