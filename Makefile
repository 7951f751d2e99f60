# cspgen: every habit has a target. Start with `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PLANS := $(sort $(filter-out plans/_%,$(patsubst %/plan.yaml,%,$(wildcard plans/*/plan.yaml))))

.PHONY: install build test golden lint typecheck fmt schema docs bench check clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/cspgen build $(PLANS)

test: $(STAMP)
	$(BIN)/python -m pytest -n 2

golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_golden.py --update-golden -p no:xdist

lint: $(STAMP)
	$(BIN)/ruff check cspgen tests
	$(BIN)/ruff format --check cspgen tests

typecheck: $(STAMP)
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format cspgen tests
	$(BIN)/ruff check --fix cspgen tests

schema: $(STAMP)
	$(BIN)/cspgen schema

check: lint typecheck test

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
