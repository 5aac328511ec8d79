# Pusterom: `make run` starts the app with demo data on embedded defaults (no servers),
# `make test` runs lint and the whole test suite. Both create the virtualenv in .venv.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test lint format bench bench-inprocess bench-reminders bench-reminders-e2e fault-test messages clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || { set -e; python=$$(sh scripts/find-python.sh); echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@test -f .env || { printf '# Local development settings (not committed). Production: see .env.example.\nDEBUG=1\n' > .env; echo "Wrote .env (DEBUG=1) for local development"; }
	@touch $(STAMP)

run: install
	sh scripts/run-dev.sh

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Not part of `make test`: seeds N due patients on PostgreSQL and prints the dispatcher's figures.
bench-reminders: install
	DEBUG=1 $(PY) manage.py bench_reminders $(BENCH_ARGS)

# Not part of `make test`: the production-like stack under faults (PostgreSQL; it starts its
# own Redis and SMTP server), about 8 minutes. FAULT_DATABASE_URL names a database of its own.
fault-test: install
	$(PY) scripts/fault_test.py

# Not part of `make test`: PostgreSQL (a database of its own), gunicorn and wrk; prints a table
# of every page against a bare view and writes bench-results.json. See README, "Benchmarks".
bench: install
	$(PY) -m demo.bench pages $(BENCH_ARGS)

# Not part of `make test`: the same pages in one process, CPU time per request (to compare two
# versions of the code). See README, "Benchmarks".
bench-inprocess: install
	$(PY) -m demo.bench inprocess $(BENCH_ARGS)

# Not part of `make test`: 10,000 due reminders through Redis and a Celery worker.
bench-reminders-e2e: install
	$(PY) -m demo.bench reminders $(BENCH_ARGS)

messages: install
	sh scripts/translate.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
