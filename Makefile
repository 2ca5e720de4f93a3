# Broadsheet's one task runner. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export BROADSHEET_DATA_DIR ?= ./data
# The pure core, type-checked strictly (Django apps are checked by their tests).
CORE   := src/broadsheet/config.py src/broadsheet/errors.py src/broadsheet/logs.py \
          src/broadsheet/health src/broadsheet/fetch src/broadsheet/parse src/broadsheet/opml \
          src/broadsheet/extract src/broadsheet/enrich src/broadsheet/summarize \
          src/broadsheet/dedupe src/broadsheet/cluster src/broadsheet/processes.py \
          src/broadsheet/frontpage.py src/broadsheet/untrusted.py

.PHONY: run test test-postgres check lint bench lock clean cluster cluster-stop test-faults

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Broadsheet needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment: on Debian run 'apt-get install python3-venv'"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/pip install --quiet -r requirements-dev.lock
	@touch $@

run: $(VENV)/.installed
	$(BIN)/broadsheet migrate
	$(BIN)/broadsheet starter
	$(BIN)/broadsheet serve --host $(HOST) --port $(PORT)

# The fault tests run after the rest, one at a time: they start and kill real processes and
# share a Redis database, so two of them at once on two pytest workers would disturb each other.
test: $(VENV)/.installed-dev
	BROADSHEET_DATA_DIR=$$(mktemp -d) BROADSHEET_FETCH_ALLOW_NETWORKS=127.0.0.0/8 \
	  $(BIN)/pytest -n 2 --dist loadfile -q -m "not faults"
	@$(MAKE) --no-print-directory test-faults
	@if [ -n "$$TEST_POSTGRES_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	  else echo "TEST_POSTGRES_URL not set: the suite ran on SQLite only (.ci/run sets it)"; fi

# The whole suite again on PostgreSQL, but the fault tests: they pick their own databases.
test-postgres: $(VENV)/.installed-dev
	@[ -n "$$TEST_POSTGRES_URL" ] || { echo "Set TEST_POSTGRES_URL=postgresql://user:pass@host/db"; exit 2; }
	BROADSHEET_DATA_DIR=$$(mktemp -d) BROADSHEET_FETCH_ALLOW_NETWORKS=127.0.0.0/8 \
	  BROADSHEET_DATABASE_URL=$$TEST_POSTGRES_URL $(BIN)/pytest -n 2 --dist loadfile -q -m "not faults"

# Every role of a scaled-out instance on this machine (PostgreSQL, Redis, web, scheduler, two
# workers; see README "Scaling out"); data and logs under $(BROADSHEET_DATA_DIR)/cluster.
cluster: $(VENV)/.installed
	HOST=$(HOST) PORT=$(PORT) tools/cluster.sh start

cluster-stop:
	tools/cluster.sh stop

# The fault tests alone (real worker processes; need TEST_POSTGRES_URL and TEST_REDIS_URL).
test-faults: $(VENV)/.installed-dev
	BROADSHEET_DATA_DIR=$$(mktemp -d) BROADSHEET_FETCH_ALLOW_NETWORKS=127.0.0.0/8 \
	  $(BIN)/pytest -q -m faults tests/faults

# Lint, format, strict types on the core, and the layer contracts of docs/architecture.md.
check: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy --strict $(CORE)
	$(BIN)/lint-imports

lint: check

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/extraction_eval.py
	$(BIN)/python benchmarks/refresh_bench.py

# The PNGs of docs/web.md ("What the pages look like"): a fresh database, the starter data, a
# local made-up newspaper and one reader's first hour, captured in Chromium into docs/screenshots/.
.PHONY: screenshots
screenshots: $(VENV)/.installed-dev
	$(BIN)/python tools/screenshots.py

lock: $(BIN)/python
	$(BIN)/python tools/lock.py requirements
	$(BIN)/python tools/lock.py requirements-dev

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
