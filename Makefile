# Quick start: `make run` (serve the demo ceremony) and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1 \
	&& { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Links in e-mails, notifications, reminders and .ics feeds follow the port `make run` serves on.
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL
SEED_ARGS ?=
PYTEST_ARGS ?=

.PHONY: run test lint format bench chromium gettext migrate seed messages clean help lock

help:
	@echo "make run    - install, migrate, load the demo ceremony, serve web + worker + beat on http://127.0.0.1:$(PORT)/"
	@echo "make test   - install dev dependencies and run the tests"
	@echo "make lint   - ruff"
	@echo "make bench  - throughput benchmarks on gunicorn + PostgreSQL (see bench/README.md)"

# Installs are constrained to the exact versions in requirements.lock (CI and production install the same).
$(VENV)/.deps: pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3 --version)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.dev-deps: $(VENV)/.deps
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

migrate: $(VENV)/.deps
	@mkdir -p var
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo $(SEED_ARGS)

run: seed
	@echo "Serving the demo ceremony on http://127.0.0.1:$(PORT)/ (web, worker, beat). Ctrl-C stops everything."
	exec $(VENV)/bin/honcho start -f Procfile.dev -p $(PORT)

chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Chromium is missing and this is not root: browser tests will be skipped."; fi

# The catalogue check (tests/core/test_catalogues.py) runs makemessages, which needs GNU gettext.
gettext:
	@if command -v xgettext >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing GNU gettext for the translation checks..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	else echo "GNU gettext is missing (apt-get install gettext): the catalogue check will fail."; fi

test: $(VENV)/.dev-deps chromium gettext
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(VENV)/.dev-deps
	$(PY) bench/run.py $(BENCH_ARGS)

# Refresh the translation catalogues (needs GNU gettext) and compile them; the .mo files are committed.
# `manage.py catalogues --check` (run by the tests) fails on any untranslated, fuzzy or missing message.
messages: $(VENV)/.deps
	$(PY) manage.py catalogues

# After changing the dependencies in pyproject.toml (and installing them): pin the environment again.
lock:
	$(PY) .ci/lock.py

clean:
	rm -rf var/db.sqlite3 var/broker var/celerybeat-schedule* var/mail
