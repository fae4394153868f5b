# Two commands for a newcomer: `make run` (dashboard on the shipped data) and `make test` (whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# `make run PORT=8502` when 8501 is taken; Ctrl+C stops the server.
PORT ?= 8501

.PHONY: setup run test lint bench data tools

setup: $(STAMP)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

run: setup
	$(PY) -m mirps_dash init
	$(PY) -m streamlit run asgi.py --server.port $(PORT)

# What the browser and proxy tiers need outside Python: Debian's Chromium and nginx, installed with apt when this
# runs as root or with sudo; otherwise the command is printed and those tiers skip (loudly; under CI=true a skip
# fails the run). The tests start their own nginx; on a machine with an init system the package's service starts too.
SYSTEM_TOOLS := chromium=/usr/bin/chromium nginx=/usr/sbin/nginx

tools:
	@missing=""; for tool in $(SYSTEM_TOOLS); do [ -x "$${tool#*=}" ] || missing="$$missing $${tool%%=*}"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo"; else \
	  echo "make test: not installed:$$missing. Install with: sudo apt-get update && sudo apt-get install -y$$missing"; \
	  echo "make test: until then the tests that need them skip."; exit 0; fi; \
	echo "make test: installing$$missing with apt"; \
	$$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null

test: setup tools
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: setup
	$(PY) -m bench

data: setup
	$(PY) scripts/build_data.py
