# Debrief. `make run` for the quick start, `make test` for the whole suite,
# `make bench` for the measurements in docs/measurements.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
TEST_ENV := DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/debrief} \
	REDIS_URL=$${TEST_REDIS_URL:-redis://127.0.0.1:6379/0} \
	CELERY_BROKER_URL=$${TEST_BROKER_URL:-redis://127.0.0.1:6379/1}

.PHONY: run test lint bench soak lock clean

run: $(VENV)/.run-deps
	@PORT=$(PORT) bin/run

test: $(VENV)/.dev-deps
	@bin/ensure-services
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DEBRIEF_ENV=production ALLOWED_HOSTS=debrief.example SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') \
		$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(VENV)/bin/pytest

bench: $(VENV)/.dev-deps
	@bin/ensure-services
	@$(TEST_ENV) $(PY) bench/code_figures.py
	@$(TEST_ENV) $(PY) bench/run.py
	@$(TEST_ENV) $(PY) bench/preread.py
	@$(TEST_ENV) $(PY) bench/live.py
	@$(TEST_ENV) $(PY) bench/reports.py
	@$(PY) bench/soak.py --duration 30
	@# The same with every core kept busy by other processes: its figures are named busy_*;
	@# it may break its limits (see docs/measurements.md), which ends nothing here.
	@-$(PY) bench/soak.py --duration 30 --busy

# The load and fault run: 200 people for 2 minutes while a web worker, the Celery worker,
# Redis and PostgreSQL fail one by one (its own services; about four minutes).
soak: $(VENV)/.dev-deps
	@$(PY) bench/soak.py

# Regenerate the hashed lock files after changing pyproject.toml.
lock: $(VENV)/.bootstrap
	$(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.12 --generate-hashes -q -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 --generate-hashes -q -o requirements-dev.lock
	$(VENV)/bin/uv pip compile requirements-bootstrap.in --universal --python-version 3.12 --generate-hashes -q -o requirements-bootstrap.lock

$(VENV)/.bootstrap: requirements-bootstrap.lock
	@test -x $(PY) || $$(bin/find-python) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements-bootstrap.lock
	@touch $@

$(VENV)/.run-deps: $(VENV)/.bootstrap requirements.lock
	$(VENV)/bin/uv pip install -q --python $(PY) --require-hashes -r requirements.lock
	@touch $@

$(VENV)/.dev-deps: $(VENV)/.bootstrap requirements-dev.lock
	$(VENV)/bin/uv pip install -q --python $(PY) --require-hashes -r requirements-dev.lock
	@touch $@ $(VENV)/.run-deps

clean:
	rm -rf $(VENV) var
