# The two commands a department needs: `make site` and `make test`.
# Each creates the virtual environment in .venv and installs what it needs the first time.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: site test fast serve check bench clean

site: $(STAMP)            ## build the default edition: site/staff, site/public and their PDFs
	$(BIN)/handbook build

test: $(STAMP)            ## lint, then run every test (browser tests need Debian's chromium: see .ci/run)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/pytest

fast: $(STAMP)            ## the quick loop: lint and every test that builds no site and opens no browser
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/pytest -m "not slow"

serve: $(STAMP)           ## preview the staff site with live reload on http://127.0.0.1:8000
	$(BIN)/handbook serve

check: $(STAMP)           ## validate the data and list every problem
	$(BIN)/handbook check

bench: $(STAMP)           ## print build time and memory figures
	$(BIN)/python scripts/bench.py

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,zensical]'
	rm -f $(VENV)/.installed-*
	touch $@

clean:
	rm -rf site .venv
