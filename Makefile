# Two commands for a newcomer: `make run` (dashboard on the shipped data) and `make test` (whole suite; CI runs the
# same command with CI=true, see .ci/run).
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

# What the tiers need outside Python: Debian's Chromium and nginx (browser and proxy tiers), installed with apt when
# this runs as root or with sudo, and the local PostgreSQL (store tier), started when it is installed but down (the
# cluster on port 5432, with pg_ctlcluster). Otherwise the command to run is printed and those tiers skip (loudly;
# under CI=true a skip fails the run). The tests start their own nginx; on a machine with an init system the
# package's service starts too. Nothing is done when everything is already there.
SYSTEM_TOOLS := chromium=/usr/bin/chromium nginx=/usr/sbin/nginx
PG_PORT := 5432

tools:
	@command -v pg_ctlcluster >/dev/null || exit 0; \
	pg_isready -h 127.0.0.1 -p $(PG_PORT) -q && exit 0; \
	cluster=$$(pg_lsclusters -h | awk '$$3 == $(PG_PORT) {print $$1, $$2; exit}'); \
	if [ -z "$$cluster" ]; then echo "make test: no PostgreSQL cluster on port $(PG_PORT); its tests skip."; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo"; else \
	  echo "make test: PostgreSQL is down. Start it with: sudo pg_ctlcluster $$cluster start"; \
	  echo "make test: until then the tests that need it skip."; exit 0; fi; \
	echo "make test: starting PostgreSQL $$cluster"; \
	$$sudo pg_ctlcluster --skip-systemctl-redirect $$cluster start || { echo "make test: could not start PostgreSQL $$cluster; its tests skip."; exit 0; }; \
	for _ in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p $(PG_PORT) -q && break; sleep 1; done
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
	$(PY) -m pytest -n 2 --dist loadfile  # two workers, one test file each at a time: browser tests wait on I/O

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: setup
	$(PY) -m bench

data: setup
	$(PY) scripts/build_data.py
