# newsapp: `make run` serves the site with demo content; `make test` runs the tests.
# Needs only Python 3.11+ and make; everything else is installed into .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run dev test check lint format clean-venv bench

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsapp needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

# Migrate, fill an empty site with demo content (newsapp/demo), make sure an admin exists.
define PREPARE_SITE
$(BIN)/python manage.py migrate --noinput
$(BIN)/python manage.py demo_content
$(BIN)/python manage.py demo_comments
$(BIN)/python manage.py make_renditions
$(BIN)/python manage.py ensure_admin
endef

# Serves like production (DEBUG off, hashed+compressed static files, designed error pages)
# over plain http on this machine. Data lives in var/ and survives re-runs. The outbox worker
# (publish_worker) runs beside gunicorn and stops with it.
run: export LOCAL_RUN := 1
run: export DEBUG := 0
run: $(VENV)/.installed
	$(PREPARE_SITE)
	$(BIN)/python manage.py purge_comment_ips
	$(BIN)/python manage.py optimize_database --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C stops), with publish_worker beside it"
	$(BIN)/python manage.py publish_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn --config newsapp/gunicorn.conf.py newsapp.wsgi

# Django's development server with DEBUG on, for people changing the code.
dev: export DEBUG := 1
dev: $(VENV)/.installed
	$(PREPARE_SITE)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The browser tests (tests/browser) check pages with axe-core and the Nu HTML Checker, pinned in
# package-lock.json. No install scripts run: vnu.jar ships inside its npm package. Without npm
# those checks are skipped (and fail under CI=true); without Chromium the browser tests are.
NPM := $(shell command -v npm 2>/dev/null)

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# The suite runs in one pytest-xdist worker per CPU (whole files per worker: the browser tests
# share a Chromium per worker). TEST_WORKERS=0 runs it in this process, e.g. to use a debugger.
TEST_WORKERS ?= auto

test: $(VENV)/.installed-dev $(if $(NPM),node_modules/.installed)
	@$(if $(NPM),,echo "npm not found: the accessibility and HTML checks will be skipped.")
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Reader pages under load on a generated 20,000-article site (tests/benchmarks/bench_site.py):
# figures, not tests. Needs wrk (Debian's package, installed here when run as root).
bench: $(VENV)/.installed
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } \
	  || { echo "bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python tests/benchmarks/bench_site.py $(BENCH_ARGS)

# What CI checks besides the tests.
check: $(VENV)/.installed-dev
	DEBUG=1 $(BIN)/python manage.py check --fail-level WARNING
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run --noinput
	DEBUG=0 SECRET_KEY=ci-only-$$(date +%s%N)-a-long-random-enough-value-for-the-deploy-check \
	  ALLOWED_HOSTS=news.example.org SITE_URL=https://news.example.org \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The scale-out proof (README "Deployment / scaling out"): PostgreSQL, Redis, moto's S3, two
# gunicorns, the worker and nginx on ports 8440-8443 of this machine; a few minutes.
.PHONY: scale-check
scale-check: $(VENV)/.installed-dev
	deploy/scale_check.sh

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean-venv:
	rm -rf $(VENV)

# The spam classifier's evaluation: policies replayed over a synthetic labelled corpus in a
# throwaway database (README: Spam classifier). EVAL_ARGS="--size 600" for a quick run.
.PHONY: moderation-eval
moderation-eval: $(VENV)/.installed-dev
	$(BIN)/python tests/benchmarks/bench_spam_classifier.py $(EVAL_ARGS)
