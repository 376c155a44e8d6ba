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
LINT_PATHS = battlemap tests
BUILD = build

# Every Python package comes from uv.lock (exact versions, hashes checked). uv itself is
# pinned with its hashes in scripts/uv-requirements.txt and lives in its own small venv.
UV_DIR = .uv
UV = $(UV_DIR)/bin/uv
# The interpreter that runs `make` is the one the venv is made from: uv never downloads one.
export UV_PYTHON = $(PYTHON)
export UV_PYTHON_DOWNLOADS = never
export UV_PROJECT_ENVIRONMENT = $(VENV)
# --compile-bytecode: the installed packages are byte-compiled once, at install time. Without
# it, in an environment that sets PYTHONDONTWRITEBYTECODE, every run compiled Jinja, Graphviz's
# module and WeasyPrint from source again (0.14 s of a 1.0-1.5 s HTML build).
UV_SYNC = $(UV) sync --locked --quiet --compile-bytecode
# The build backend (group `build`) first: battlemap's editable install is built with it.
UV_BACKEND = $(UV_SYNC) --inexact --only-group build --no-install-project

# Stamps: the venv holds the package (editable) with or without the test extras.
STAMP_RUN = $(VENV)/.stamp-run
STAMP_TEST = $(VENV)/.stamp-test
STAMP_DOCS = $(VENV)/.stamp-docs
NPM_STAMP = node_modules/.stamp-npm

.PHONY: bytecode help setup setup-test system-runtime system-test system-bench npm demo test \
	lint typecheck pytest test-latest lock bench screenshots fuzz fmt clean distclean docs

help:
	@echo "make demo    set up, check and build the examples: maps, index, briefs (in $(BUILD)/)"
	@echo "make test    set up (with test tools), then lint, typecheck, pytest"
	@echo "other: setup setup-test lint typecheck pytest test-latest lock bench screenshots fuzz docs fmt"
	@echo "       clean distclean"

# ---- set-up -------------------------------------------------------------------------------

system-runtime:
	@bash scripts/setup-system.sh runtime

system-test:
	@bash scripts/setup-system.sh test

system-bench:
	@bash scripts/setup-system.sh bench

npm: $(NPM_STAMP)

$(NPM_STAMP): package.json package-lock.json scripts/setup-npm.sh | system-test
	@bash scripts/setup-npm.sh

$(UV): scripts/uv-requirements.txt
	rm -rf $(UV_DIR)
	$(PYTHON) -m venv $(UV_DIR)
	$(UV_DIR)/bin/python -m pip install -q --disable-pip-version-check --require-hashes \
		-r scripts/uv-requirements.txt

# The runtime install keeps test tools a `make test` put there (--inexact); the test install
# is exact: the venv holds what the lock says for runtime + test, nothing else.
$(STAMP_RUN): pyproject.toml uv.lock | $(UV)
	$(UV_BACKEND)
	$(UV_SYNC) --inexact --group build
	@touch $@

$(STAMP_TEST): pyproject.toml uv.lock | $(UV)
	$(UV_BACKEND)
	$(UV_SYNC) --extra test --group build
	@touch $@ $(STAMP_RUN)

# Byte-compile the package: this environment may set PYTHONDONTWRITEBYTECODE, and an
# editable install is never compiled, so every run would compile from source (~30 ms).
bytecode: $(STAMP_RUN)
	@$(PY) -m compileall -q battlemap

setup: system-runtime $(STAMP_RUN) bytecode

setup-test: system-test npm $(STAMP_TEST) bytecode

# Refresh the lock: the newest versions pyproject.toml's ranges allow (run `make test-latest`
# first: it tests exactly those).
lock: | $(UV)
	$(UV) lock --upgrade

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
	$(VENV)/bin/lint-imports --no-cache

typecheck: $(STAMP_TEST)
	$(VENV)/bin/mypy

# pytest's own exit code is kept: 5 (no tests collected) fails the run.
pytest: setup-test
	$(PY) -m pytest -q

# The same checks on the newest versions pyproject.toml's ranges allow, in a venv of its own
# (.venv-latest, made anew each time); the lock and .venv are not touched. A maintainer runs
# it before `make lock` (docs/maintaining.md).
LATEST = .venv-latest
test-latest: system-test npm | $(UV)
	rm -rf $(LATEST)
	$(UV) venv --quiet $(LATEST)
	$(UV) pip install --quiet --python $(LATEST)/bin/python --upgrade hatchling editables
	$(UV) pip install --quiet --python $(LATEST)/bin/python --upgrade -e '.[test]'
	$(LATEST)/bin/python -m compileall -q battlemap
	$(LATEST)/bin/ruff check $(LINT_PATHS)
	$(LATEST)/bin/ruff format --check $(LINT_PATHS)
	$(LATEST)/bin/lint-imports --no-cache
	$(LATEST)/bin/mypy
	$(LATEST)/bin/python -m pytest -q

# bench calls check-jsonschema and Playwright (test tools), /usr/bin/time (Debian's `time`) and
# Chromium (`battlemap serve`: from saving a file to the open page showing the change).
bench: system-bench $(STAMP_TEST) bytecode
	$(PY) scripts/bench.py

# The README's picture of page one, made again from the Chinese example (Chromium, a test tool).
screenshots: system-test $(STAMP_TEST) bytecode
	$(PY) scripts/screenshots.py

# The property tests, longer: 500 generated accounts of up to 200 contacts each through the
# whole pipeline (`make test` runs 40 of up to 30), and ten times the loader's examples.
FUZZ_EXAMPLES ?= 500
FUZZ_CONTACTS ?= 200
FUZZ_SCALE ?= 10

fuzz: setup-test
	BATTLEMAP_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) BATTLEMAP_FUZZ_CONTACTS=$(FUZZ_CONTACTS) \
		BATTLEMAP_FUZZ_SCALE=$(FUZZ_SCALE) \
		$(PY) -m pytest -q tests/test_fuzz_pipeline.py tests/test_source_properties.py

# ---- documentation site (not part of `make test`) -----------------------------------------

# The docs tools (extra `docs`, locked like the rest) join whatever the venv holds.
$(STAMP_DOCS): pyproject.toml uv.lock | $(UV)
	$(UV_BACKEND)
	$(UV_SYNC) --inexact --extra docs --group build
	@touch $@

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
	rm -rf $(VENV) $(LATEST) $(UV_DIR) node_modules
