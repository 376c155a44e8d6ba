# battlemap: every target installs what it needs first, so on a fresh machine
#   make demo   checks the examples and builds their maps, the portfolio index and two briefs
#   make test   lint + typecheck + pytest
# are the only two commands. Re-runs skip finished set-up (stamp files), well under a second.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV = .venv
PY = $(VENV)/bin/python
BM = $(VENV)/bin/battlemap
RUFF = $(VENV)/bin/ruff
PIP_INSTALL = $(PY) -m pip install -q --disable-pip-version-check
LINT_PATHS = battlemap tests
BUILD = build

# Stamps: the venv holds the package (editable) with or without the test extras.
STAMP_RUN = $(VENV)/.stamp-run
STAMP_TEST = $(VENV)/.stamp-test
NPM_STAMP = node_modules/.stamp-npm

.PHONY: bytecode help setup setup-test system-runtime system-test npm demo test lint typecheck pytest \
	bench fuzz fmt clean distclean

help:
	@echo "make demo    set up, check and build the examples: maps, index, briefs (in $(BUILD)/)"
	@echo "make test    set up (with test tools), then lint, typecheck, pytest"
	@echo "other: setup setup-test lint typecheck pytest bench fuzz fmt clean distclean"

# ---- set-up -------------------------------------------------------------------------------

system-runtime:
	@bash scripts/setup-system.sh runtime

system-test:
	@bash scripts/setup-system.sh test

npm: $(NPM_STAMP)

$(NPM_STAMP): package.json scripts/setup-npm.sh | system-test
	@bash scripts/setup-npm.sh

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP_RUN): pyproject.toml | $(PY)
	$(PIP_INSTALL) -e .
	@touch $@

# The test install includes the runtime one, so it refreshes both stamps.
$(STAMP_TEST): pyproject.toml | $(PY)
	$(PIP_INSTALL) -e '.[test]'
	@touch $@ $(STAMP_RUN)

# Byte-compile the package: this environment may set PYTHONDONTWRITEBYTECODE, and an
# editable install is never compiled, so every run would compile from source (~30 ms).
bytecode: | $(PY)
	@$(PY) -m compileall -q battlemap

setup: system-runtime $(STAMP_RUN) bytecode

setup-test: system-test npm $(STAMP_TEST) bytecode

# ---- demo ---------------------------------------------------------------------------------

# The examples' battle maps (HTML and PDF), the portfolio index over them, and the one-page
# visit briefs of the two small examples.
demo: setup
	$(BM) check examples/
	$(BM) build examples/ --format html,pdf -o $(BUILD)/
	$(BM) brief examples/en.yaml --format pdf -o $(BUILD)/briefs/meridian-cold-chain.brief.pdf
	$(BM) brief examples/zh.yaml --format pdf -o $(BUILD)/briefs/hengchi-auto.brief.pdf
	@echo
	@echo "demo: the battle maps are in $(abspath $(BUILD))/ (open index.html, or a PDF):"
	@ls -1 $(abspath $(BUILD))/*.html $(abspath $(BUILD))/*.pdf $(abspath $(BUILD))/briefs/*.pdf

# ---- tests --------------------------------------------------------------------------------

test: setup-test lint typecheck pytest

lint: $(STAMP_TEST)
	$(RUFF) check $(LINT_PATHS)
	$(RUFF) format --check $(LINT_PATHS)

typecheck: $(STAMP_TEST)
	$(VENV)/bin/mypy

# pytest's own exit code is kept: 5 (no tests collected) fails the run.
pytest: setup-test
	$(PY) -m pytest -q

bench: setup
	$(PY) scripts/bench.py

# The property tests, longer: 500 generated accounts of up to 200 contacts each through the
# whole pipeline (`make test` runs 40 of up to 30), and ten times the loader's examples.
FUZZ_EXAMPLES ?= 500
FUZZ_CONTACTS ?= 200
FUZZ_SCALE ?= 10

fuzz: setup-test
	BATTLEMAP_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) BATTLEMAP_FUZZ_CONTACTS=$(FUZZ_CONTACTS) \
		BATTLEMAP_FUZZ_SCALE=$(FUZZ_SCALE) \
		$(PY) -m pytest -q tests/test_fuzz_pipeline.py tests/test_loader_properties.py

# ---- documentation site (not part of `make test`) -----------------------------------------

# mkdocs 2 is not compatible with mkdocs-material 9: pinned below it.
STAMP_DOCS = $(VENV)/.stamp-docs
DOCS_TOOLS = "mkdocs>=1.6,<2" "mkdocs-material>=9.5,<10"

$(STAMP_DOCS): | $(STAMP_RUN)
	$(PIP_INSTALL) $(DOCS_TOOLS)
	@touch $@

.PHONY: docs
docs: $(STAMP_DOCS)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --clean --site-dir site
	@echo "docs: open $(abspath site)/index.html"

# ---- housekeeping -------------------------------------------------------------------------

fmt: $(STAMP_TEST)
	$(RUFF) format $(LINT_PATHS)
	$(RUFF) check --fix $(LINT_PATHS)

clean:
	rm -rf $(BUILD) dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find battlemap tests -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true

# Also drops the venv and node_modules (the next make reinstalls them).
distclean: clean
	rm -rf $(VENV) node_modules
