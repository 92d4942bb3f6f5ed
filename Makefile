# Two commands do everything on a fresh machine: `make briefs` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-stamp
LOCALE := src/helpers/locale
POT := build/i18n/briefs.pot
MOS := $(patsubst %.po,%.mo,$(wildcard $(LOCALE)/*/LC_MESSAGES/briefs.po))
JOBS ?=
ARGS ?=

.PHONY: setup browser briefs areas test quick lint lab bench clean

setup: $(STAMP) $(MOS)

# Re-runs only when pyproject.toml changes (or the venv is gone): quick when already done.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# PyICU (Vietnamese collation) has no wheels on PyPI: it builds against ICU (Debian libicu-dev).
	@pkg-config --exists icu-i18n 2>/dev/null && command -v c++ >/dev/null || \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "setup: installing Debian libicu-dev, pkg-config and g++ (to build PyICU)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null; \
	else echo "setup: PyICU needs ICU headers, pkg-config and a C++ compiler (Debian: libicu-dev pkg-config g++)"; exit 1; fi
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)
	@echo "setup: .venv ready (notebooks run on its Python 3 kernel)"

# Translations (helpers.i18n): compiled catalogues (.mo, gitignored), rebuilt when a .po changes.
$(LOCALE)/%/LC_MESSAGES/briefs.mo: $(LOCALE)/%/LC_MESSAGES/briefs.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

.PHONY: i18n pdf

# One command after adding or changing a _("...") message in a notebook or a helper: extract
# (babel.cfg), merge into every .po (a message that comes back gets its old translation from
# the obsolete #~ entries), compile. Then translate the empty msgstr entries: tests/test_i18n.py
# fails until every message has a Vietnamese translation.
i18n: setup
	@mkdir -p $(dir $(POT))
	$(BIN)/pybabel -q extract -F babel.cfg -o $(POT) --add-comments=TRANSLATORS: \
		--add-location=file --sort-by-file --project="Provincial digital-economy briefs" .
	$(BIN)/pybabel -q update -i $(POT) -d $(LOCALE) -D briefs -w 100 --no-fuzzy-matching \
		--ignore-pot-creation-date
	$(BIN)/python -m helpers.i18n reuse-obsolete $(wildcard $(LOCALE)/*/LC_MESSAGES/briefs.po)
	$(BIN)/pybabel compile --statistics -d $(LOCALE) -D briefs

# A PDF of every HTML brief already built (outputs/briefs/<lang>/… → outputs/pdf/<lang>/…, the
# overview → outputs/pdf/overview/), printed by headless Chromium with the network blocked;
# briefs whose PDF is newer are skipped (ARGS=--force prints them all).
pdf: browser
	$(BIN)/python -m helpers.pdf outputs $(ARGS)

AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14.1

# Browser tests: Debian's headless Chromium (Playwright's own download does not work here)
# and axe-core from the npm registry, injected into pages by the tests.
browser: setup $(AXE)
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "browser: installing Debian chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "browser: /usr/bin/chromium missing; install Debian's 'chromium' package to run browser tests"; fi

$(AXE):
	@command -v npm >/dev/null || { echo "browser: npm missing; install Node.js to run accessibility checks"; exit 0; }
	npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@$(AXE_VERSION)

briefs: setup
	$(BIN)/python -m helpers.batch $(if $(JOBS),--jobs $(JOBS)) $(ARGS)

# data/areas.csv (the 63 former provinces, the 34 units, the mapping) from the libraries
# vietnamadminunits and vietnam-provinces; tests/test_provinces.py checks that it matches them.
areas: setup
	$(BIN)/python -m helpers.provinces write-areas data/areas.csv

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# the dataset's contract (data/datapackage.json), read as any Frictionless tool reads it
	cd data && ../$(BIN)/frictionless validate datapackage.json
	$(BIN)/python -m pytest $(ARGS)

# The tests that start no kernel, no browser and no new environment (under a minute), spread
# over the machine's cores by pytest-xdist (-n auto; ARGS="-n 0" runs them in one process).
quick: setup
	$(BIN)/python -m pytest -m "not kernel and not browser and not setup" -n auto $(ARGS)

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# The environment's own Python 3 kernel; kernels talk over local sockets (IPC), not TCP.
# --allow-root only where make runs as root (containers, CI machines).
lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks --KernelManager.transport=ipc \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS)

bench: setup
	$(BIN)/python bench/bench_batch.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find outputs -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
