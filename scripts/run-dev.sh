#!/bin/sh
# make run: the web server and a Celery worker with embedded beat on the embedded broker.
# Ctrl-C (or SIGTERM to this script) stops both.
set -e
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DEBUG="${DEBUG:-1}"
export PORT="${PORT:-8000}"
# Links in the emails point at this server (pusterom/settings/environment.py derives SITE_URL
# from PORT).
$PY manage.py migrate --noinput
$PY manage.py seed_demo
$PY -m celery -A pusterom worker -B --pool=solo --loglevel=INFO &
worker=$!
$PY manage.py runserver "127.0.0.1:$PORT" &
web=$!
stop() {
  trap - INT TERM EXIT
  kill "$web" "$worker" 2>/dev/null || true
  wait "$web" "$worker" 2>/dev/null || true
  exit 0
}
trap stop INT TERM EXIT
echo "Pusterom: http://127.0.0.1:$PORT/  (Ctrl-C stops the web server and the worker)"
wait "$web"
