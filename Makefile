# Two commands do everything on a fresh machine: `make briefs` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-stamp
KERNEL := vn-digital-economy
JOBS ?=
ARGS ?=

.PHONY: setup browser briefs test lint lab bench clean

setup: $(STAMP)

# Re-runs only when pyproject.toml changes (or the venv is gone): quick when already done.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) \
		--display-name "Python (vn-digital-economy)" >/dev/null
	@touch $(STAMP)
	@echo "setup: .venv ready, kernel '$(KERNEL)' registered"

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
	$(BIN)/python -m helpers.briefs $(if $(JOBS),--jobs $(JOBS)) $(ARGS)

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(ARGS)

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# --allow-root only where make runs as root (containers, CI machines).
lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks --MappingKernelManager.default_kernel_name=$(KERNEL) \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS)

bench: setup
	$(BIN)/python bench/bench_briefs.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find outputs -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
