# Two commands set everything up on a fresh machine with python3 and make:
#   make run    serve the portal with a demo network at http://127.0.0.1:8000
#   make test   run the whole test suite
PY ?= python3.11
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PYTHON := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PY)
export UV_PROJECT_ENVIRONMENT := $(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Tests run on every core (with REDIS_URL, each worker uses its own Redis database,
# counting down from the one in the URL: see tests/conftest.py). PYTEST_WORKERS=0 runs
# them in one process.
PYTEST_WORKERS ?= auto

.PHONY: run test setup deps migrate demo lint check frontend prod-smoke browser-deps clean bench

run: setup demo  ## Set up, load the demo network and serve the portal
	@$(PYTHON) manage.py demo_signins
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PYTHON) manage.py runserver $(HOST):$(PORT)

test: deps  ## Run the whole test suite (browser tests skip when no Chromium is installed)
	$(PYTHON) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

setup: deps migrate

$(UV):
	$(PY) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

deps: $(UV)
	$(UV) sync --locked --quiet

migrate: deps
	$(PYTHON) manage.py migrate --no-input

demo: migrate
	$(PYTHON) manage.py seed_demo

lint: deps
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

check: deps  ## Django's checks, missing migrations
	$(PYTHON) manage.py check
	$(PYTHON) manage.py makemigrations --check --dry-run

frontend:  ## Rebuild the NHS.UK frontend CSS/JS under static/ (needs Node; output is committed)
	bash scripts/build-frontend.sh

browser-deps:  ## Debian packages the browser and PDF tests use (run as root)
	apt-get update -qq && apt-get install -y -qq chromium fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils

prod-smoke: deps  ## gunicorn, celery worker and beat against local Postgres and Redis
	bash scripts/prod-smoke.sh

bench: $(UV)  ## Load-test gunicorn against the scale database; writes bench/RESULTS.md
	$(UV) sync --locked --inexact --group bench --quiet
	bash bench/run.sh

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles
