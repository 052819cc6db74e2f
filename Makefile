# The two commands a newcomer types: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint format sandbox clean

$(VENV)/.run-deps: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-deps: $(VENV)/.run-deps requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.run-deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_user
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

lint: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The standalone Dysmsapi sandbox over HTTP, for the official SDK or any client.
sandbox: $(VENV)/.run-deps
	$(PY) manage.py dysms_sandbox --port $${SANDBOX_PORT:-8001}

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
