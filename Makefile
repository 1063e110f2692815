# augury: two commands on a fresh machine.
#   make run   — set everything up, then run the whole system on the embedded chain
#   make test  — set everything up, then ruff, the import contracts, mypy, every test
#                (a Hardhat node included) and the contracts' named mutants

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HARDHAT_DIR := tools/hardhat
HARDHAT := $(HARDHAT_DIR)/node_modules/.bin/hardhat

.PHONY: setup run test lint typecheck pytest mutation bench clean

setup: $(VENV)/.installed $(HARDHAT)

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "augury needs Python >= 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(HARDHAT): $(HARDHAT_DIR)/package.json $(HARDHAT_DIR)/package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js >= 18) is needed for the Hardhat node"; exit 1; }
	cd $(HARDHAT_DIR) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

run: setup
	$(BIN)/augury run

lint: setup
	$(BIN)/ruff check src tests bench tools
	$(BIN)/lint-imports --no-cache

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest

# Named mutants of the contracts' security checks; the contract tests must kill each.
mutation: setup
	$(BIN)/python tools/mutation.py

test: lint typecheck pytest mutation

bench: setup
	$(BIN)/python bench/chain.py

clean:
	rm -rf $(VENV) $(HARDHAT_DIR)/node_modules augury-report .pytest_cache .mypy_cache .ruff_cache .hypothesis
