# The two commands a newcomer types: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run serve test test-production test-clocks lint format sandbox screenshots clean

# Every transitive dependency is pinned in constraints.txt (pip's -c): the same versions everywhere.
PIP_INSTALL = $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt

$(VENV)/.run-deps: requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.dev-deps: $(VENV)/.run-deps requirements-dev.txt constraints.txt
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

# Development: DEBUG on (DEBUG is off unless DJANGO_DEBUG says so), which also allows the
# built-in development secret key, so a fresh machine needs nothing set.
DEV := DJANGO_DEBUG=1

# Beside the server, the sandbox's receipts and replies go into the store as Alibaba Cloud would
# push them (the last 24 hours', then every 15 s), and stop with it (Ctrl-C or its end).
run: $(VENV)/.run-deps
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py demo_user --port $(PORT)
	$(DEV) $(PY) manage.py dysms_sandbox_traffic --backfill-hours 24 --every 15 & traffic=$$!; \
	trap 'kill $$traffic 2>/dev/null' EXIT INT TERM; \
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production: gunicorn (gunicorn.conf.py: WEB_CONCURRENCY workers, BIND or 127.0.0.1:PORT),
# DEBUG off unless DJANGO_DEBUG says otherwise, so DJANGO_SECRET_KEY must be set.
serve: export DJANGO_DEBUG := $(or $(DJANGO_DEBUG),0)
serve: $(VENV)/.run-deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	$(VENV)/bin/gunicorn --config gunicorn.conf.py smsadmin.wsgi

# Lint, the import rules between the packages (pyproject's [tool.importlinter]), the type check
# of dysms, dysms_sandbox and core ([tool.mypy]), then the tests: the first failure stops.
test: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

# The whole suite again in the production profile: PostgreSQL and Redis (.ci/run runs both).
# pytest-django creates and drops the database test_<name>. Redis database 15 is flushed first.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
test-production: export DATABASE_URL := $(TEST_DATABASE_URL)
test-production: export REDIS_URL := $(TEST_REDIS_URL)
test-production: $(VENV)/.dev-deps
	@if $(DEV) $(PY) manage.py health; then \
	  $(DEV) $(PY) manage.py shell -c "from django.core.cache import cache; cache.clear()" && \
	  $(VENV)/bin/pytest; \
	elif [ -n "$$CI" ]; then \
	  echo "test-production: PostgreSQL or Redis is not running (see above)." >&2; exit 1; \
	else \
	  echo "test-production skipped: PostgreSQL or Redis is not running (see above)."; \
	fi

# The fast part of the suite (no browser; the two-instance test needs test-production) with the
# clock moved to where date trouble lives: 00:30 in Shanghai on New Year's Day (UTC is still the
# last day of the year before), and a leap day's last minute, so the run crosses into March.
TEST_CLOCKS ?= 2027-01-01T00:30:00+08:00 2028-02-29T23:59:00+08:00
test-clocks: $(VENV)/.dev-deps
	@for instant in $(TEST_CLOCKS); do \
	  echo "test-clocks: the suite at $$instant"; \
	  $(VENV)/bin/pytest -q -m "not browser" --clock "$$instant" || exit 1; \
	done

lint: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The pictures in docs/ (docs/screenshots.py): the pages in Chinese on a pinned clock.
screenshots: $(VENV)/.dev-deps
	$(PY) docs/screenshots.py

# The standalone Dysmsapi sandbox over HTTP, for the official SDK or any client.
sandbox: $(VENV)/.run-deps
	$(DEV) $(PY) manage.py dysms_sandbox --port $${SANDBOX_PORT:-8001}

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
