# Yiping — the commands a person types. See README.md.
SHELL := /bin/bash
PYTHON_SYS ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
DATA := data
INBOX := $(DATA)/inbox
LAKE := $(DATA)/lake.duckdb
WAREHOUSE := $(DATA)/warehouse.duckdb
EVENTS ?= 200000
SEED ?= 7
PORT ?= 8501

.PHONY: sources help install install-test install-spark test-spark system-deps fonts demo rollback bench build synth load warehouse quality quality-docs docs accuracy accuracy-landed serve test lint clean clean-data

help:
	@echo "make demo   — install, generate the demo district, load it, serve the app on http://localhost:$(PORT)"
	@echo "make test   — install what tests need and run them all"
	@echo "make test-spark — the same dbt project on Spark (installs Java and pyspark): parity with DuckDB"
	@echo "make build  — everything demo does except serving (generate, load, dbt build)"
	@echo "make quality — warehouse checks on the current build (exit 1 on a critical failure) and findings"
	@echo "make warehouse — build and publish on the last build (incremental); FULL=1 builds from empty"
	@echo "make rollback — publish the previous build again"
	@echo "make docs   — dbt docs for the warehouse (offline)"
	@echo "make accuracy — geocoding / address / duplicate accuracy against the demo's ground truth"
	@echo "make accuracy-landed — the address evaluation set loaded and built as a district's exports, scored"
	@echo "make bench  — benchmarks at 1M and 10M events (BENCH_EVENTS=…), writes BENCHMARKS.md"
	@echo "make lint   — ruff, SQLFluff over every dbt model (dbt templater), dbt-project-evaluator when at hand"
	@echo "make clean-data — remove generated data (inbox, truth, quarantine, databases)"

# Python packages go into .venv, pinned by requirements.txt (names and versions only).
$(VENV)/.installed: pyproject.toml requirements.txt
	test -x $(PY) || $(PYTHON_SYS) -m venv $(VENV)
	$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip >/dev/null
	$(PY) -m pip install -q --disable-pip-version-check uv==0.13.8
	$(UV) pip install -q --python $(PY) --compile-bytecode -r requirements.txt
	$(UV) pip install -q --python $(PY) --no-deps -e .
	touch $@

install: $(VENV)/.installed

# Browser tests and PDF/PNG exports need Chromium and CJK fonts from Debian (installed once, as root);
# nginx-light for the test of the deployment config (deploy/nginx/yiping.conf).
SYSTEM_PACKAGES := chromium fonts-noto-cjk fonts-wqy-microhei nginx-light
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages: $$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

install-test: install system-deps fonts

# The Spark target: a Java runtime from Debian and the adapter and engine from PyPI, only for
# `make test-spark` and `--target spark` (the DuckDB default needs neither).
SPARK_PACKAGES := openjdk-17-jre-headless
$(VENV)/.installed-spark: requirements-spark.txt $(VENV)/.installed
	@missing=$$(for p in $(SPARK_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages: $$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	$(UV) pip install -q --python $(PY) --compile-bytecode -r requirements-spark.txt
	touch $@

install-spark: $(VENV)/.installed-spark

# The UI's self-hosted CJK font (subset of Debian's Noto Sans CJK SC; see app/fonts/build.py).
FONT := app/static/fonts/yiping-sans-sc.woff2
$(FONT): app/fonts/build.py | install system-deps
	$(PY) -m app.fonts.build

fonts: $(FONT)

# The demo district is generated once; delete data/ (make clean-data) to regenerate.
$(DATA)/truth/manifest.json: | install
	$(PY) -m ingest synth --out $(INBOX) --events $(EVENTS) --seed $(SEED)

synth: $(DATA)/truth/manifest.json

# Each parsed export passes its quality gate (expectations/gates/) before its rows are promoted.
# Exit code 2 means some files were quarantined (the demo plants four): the rest loaded.
# What the source files (ingest/sources/*.toml) say, written where dbt and the docs read it: seeds of
# codes, statuses, categories and deadlines, the event-source list, raw-table declarations, docs/sources.md.
sources: install
	$(PY) -m ingest.docs

load: synth sources
	$(PY) -m ingest load --inbox $(INBOX) --db $(LAKE); rc=$$?; \
	if [ $$rc -eq 2 ]; then echo "(some files quarantined, see $(DATA)/quarantine/ and raw._loads)"; \
	elif [ $$rc -ne 0 ]; then exit $$rc; fi

# Publish: dbt build (seeds, models, every test) into data/builds/<new>.partial — a copy of the
# published file, so incremental facts merge — then the warehouse checks; only if both pass is it
# renamed over data/warehouse.duckdb. A failure leaves the published warehouse as it was.
warehouse: install sources
	$(PY) -m ingest publish --db $(LAKE) --warehouse $(WAREHOUSE) $(if $(FULL),--full) -- build

# Publish the previous build again (the last few are kept in data/builds/).
rollback: install
	$(PY) -m ingest publish --rollback --db $(LAKE) --warehouse $(WAREHOUSE)

# Warehouse checks (expectations/warehouse_checks.py) on the published build, then what they
# found vs what the demo planted. (make warehouse already ran them on the build before publishing.)
quality: install
	$(PY) -m expectations check --read-only --db $(LAKE) --warehouse $(WAREHOUSE)
	$(PY) -m expectations report --db $(LAKE) --truth $(DATA)/truth/manifest.json

build: fonts load
	$(MAKE) --no-print-directory warehouse
	$(PY) -m expectations report --db $(LAKE) --truth $(DATA)/truth/manifest.json

# dbt docs (static site in dbt_project/target/, works offline): make docs, then open index.html.
# A published warehouse was built under the name next.duckdb.partial (ingest/publish.py), and its
# views name that catalog, so docs are generated on a copy under the same name.
docs: install
	rm -rf $(DATA)/.docs && mkdir -p $(DATA)/.docs && cp $(WAREHOUSE) $(DATA)/.docs/next.duckdb.partial
	$(PY) -m ingest build --db $(LAKE) --warehouse $(DATA)/.docs/next.duckdb.partial -- docs generate --static --target-path target/docs; \
	rc=$$?; rm -rf $(DATA)/.docs; exit $$rc

# Geocoding, address and duplicate accuracy of the demo warehouse against the generator's truth.
accuracy: install
	$(PY) -m ingest.accuracy $(WAREHOUSE) $(DATA)/truth/events.csv

# The address evaluation set where it lands: its registry and texts loaded and built with the demo's
# other exports (in a folder of its own), then fct_event scored against the labels (~2 min).
accuracy-landed: synth
	$(PY) -m ingest.addresses.through_warehouse --base $(INBOX) --work $(DATA)/.address-eval

serve: install
	$(PY) -m streamlit run app/main.py --server.port $(PORT) --server.headless true \
		--server.enableStaticServing true --browser.gatherUsageStats false

demo: system-deps fonts build serve

test: install-test
	$(PY) -m pytest -q --durations=30 -m "not spark"

# The same project on Spark: parity with DuckDB on the small district (tests/test_spark.py).
test-spark: install-test install-spark
	$(PY) -m pytest -q --durations=10 -m spark

# Benchmarks (never part of make test): BENCH_EVENTS sizes, results in bench/results.json and
# BENCHMARKS.md. Needs Debian's postgresql for the side-by-side peer (installed here when missing).
BENCH_EVENTS ?= 1000000 10000000
bench: install-test install-spark
	@dpkg -s postgresql >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql; }
	$(PY) -m bench.run $(foreach n,$(BENCH_EVENTS),--events $(n))

# SQLFluff renders every model and test through dbt itself (dbt templater, dbt_project/.sqlfluff) on a
# scratch warehouse; dbt-project-evaluator runs too where dbt Labs' rule suite is at hand (DBT_EVALUATE).
DBT_EVALUATE ?= ../shared/tools/dbt-evaluate
LINT_DIR := $(DATA)/.lint
lint: install
	$(PY) -m ruff check ingest tests app expectations bench
	$(PY) -m ruff format --check ingest tests app expectations bench
	@# a scratch lake, and the spatial extension the build's first hook loads (a clean clone has neither)
	mkdir -p $(LINT_DIR) && $(PY) -c "import duckdb; duckdb.connect('$(LINT_DIR)/lake.duckdb').close()"
	$(PY) -c "from pathlib import Path; from ingest.build import install_spatial; install_spatial(Path('$(DATA)/.duckdb_extensions'))"
	cd dbt_project && YIPING_WAREHOUSE=$(abspath $(LINT_DIR))/scratch.duckdb YIPING_LAKE=$(abspath $(LINT_DIR))/lake.duckdb \
		YIPING_EXTENSION_DIR=$(abspath $(DATA))/.duckdb_extensions ../$(VENV)/bin/sqlfluff lint models tests --processes 2
	@# the runner prints each rule that warns and a last "Done." line; no such line means dbt never ran the rules
	if [ -x $(DBT_EVALUATE) ]; then $(DBT_EVALUATE) dbt_project $(VENV)/bin/dbt | tee $(LINT_DIR)/evaluator.log; \
		grep -q "Done\. PASS=[0-9]* WARN=0 ERROR=0" $(LINT_DIR)/evaluator.log \
		|| { echo "dbt-project-evaluator: warnings, errors or no result (above)"; exit 1; }; \
	else echo "($(DBT_EVALUATE) not here: dbt-project-evaluator skipped)"; fi

clean-data:
	rm -rf $(INBOX) $(DATA)/truth $(DATA)/quarantine $(DATA)/quality $(DATA)/builds $(DATA)/*.duckdb $(DATA)/*.duckdb.wal $(DATA)/.duckdb_extensions $(DATA)/.cache $(DATA)/.build.lock dbt_project/target

clean: clean-data
	rm -rf $(VENV) .pytest_cache .ruff_cache
