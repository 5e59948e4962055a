# Yiping — the commands a person types. See README.md.
SHELL := /bin/bash
PYTHON_SYS ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
DATA := data
INBOX := $(DATA)/inbox
LAKE := $(DATA)/lake.duckdb
EVENTS ?= 200000
SEED ?= 7
PORT ?= 8501

.PHONY: help install install-test demo build synth load serve test lint clean clean-data

help:
	@echo "make demo   — install, generate the demo district, load it, serve the app on http://localhost:$(PORT)"
	@echo "make test   — install what tests need and run them all"
	@echo "make build  — everything demo does except serving"
	@echo "make lint   — ruff"
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

install-test: install

# The demo district is generated once; delete data/ (make clean-data) to regenerate.
$(DATA)/truth/manifest.json: | install
	$(PY) -m ingest synth --out $(INBOX) --events $(EVENTS) --seed $(SEED)

synth: $(DATA)/truth/manifest.json

# Exit code 2 means some files were quarantined (the demo plants three): the rest loaded.
load: synth
	$(PY) -m ingest load --inbox $(INBOX) --db $(LAKE); rc=$$?; \
	if [ $$rc -eq 2 ]; then echo "(some files quarantined, see $(DATA)/quarantine/ and raw._loads)"; \
	elif [ $$rc -ne 0 ]; then exit $$rc; fi

build: load

serve: install
	$(PY) -m streamlit run app/main.py --server.port $(PORT) --server.headless true \
		--server.enableStaticServing true --browser.gatherUsageStats false

demo: build serve

test: install-test
	$(PY) -m pytest -q

lint: install
	$(PY) -m ruff check ingest tests app
	$(PY) -m ruff format --check ingest tests app

clean-data:
	rm -rf $(INBOX) $(DATA)/truth $(DATA)/quarantine $(DATA)/*.duckdb $(DATA)/*.duckdb.wal

clean: clean-data
	rm -rf $(VENV) .pytest_cache .ruff_cache
