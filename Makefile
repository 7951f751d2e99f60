# cspgen: every habit has a target. Start with `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/dev.lock
PLANS := $(sort $(filter-out plans/_%,$(patsubst %/plan.yaml,%,$(wildcard plans/*/plan.yaml))))
A11Y := tools/a11y/node_modules/.installed
# Debian packages: Chromium for axe and screenshots, Java for the Nu HTML Checker, Pango for PDFs.
DEBS := chromium openjdk-17-jre-headless poppler-utils fonts-dejavu-core fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0

.PHONY: install lock system build test fuzz golden lint typecheck fmt schema docs a11y screenshots bench growth mutate mutate-sample check clean

install: $(STAMP) $(A11Y)

# The exact versions of requirements/dev.lock, then cspgen itself from this checkout.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Re-resolves pyproject.toml's ranges (with extras all and dev) for Python 3.11 on Linux into a plain
# requirements file that ordinary pip installs; versions already locked stay unless UPGRADE=1.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra all --extra dev --python-version 3.11 \
	  --python-platform x86_64-unknown-linux-gnu $(if $(UPGRADE),--upgrade) -o $(LOCK)

# Installs the Debian packages the browser and PDF checks need, when any is missing (needs root).
system:
	@missing=$$(for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

$(A11Y): tools/a11y/package.json tools/a11y/package-lock.json
	cd tools/a11y && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(A11Y)

build: $(STAMP)
	$(BIN)/cspgen build $(PLANS)

test: $(STAMP) $(A11Y) system
	$(BIN)/python -m pytest -n 2 --dist worksteal

a11y: $(STAMP) $(A11Y) system build
	$(BIN)/python tools/a11y.py $(patsubst plans/%,build/%/index.html,$(PLANS))

screenshots: $(STAMP) system build
	$(BIN)/python tools/screenshots.py $(patsubst plans/%,build/%/index.html,$(PLANS))

# The property-based fuzz tests with thousands of fresh examples instead of CI's fixed few (several minutes).
FUZZ_EXAMPLES ?= 5000
fuzz: $(STAMP) system
	CSPGEN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz.py -n 2 --dist worksteal

golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_golden.py --update-golden -p no:xdist

# ruff, then import-linter's contracts in pyproject.toml: layers import only downward, no cycles.
lint: $(STAMP)
	$(BIN)/ruff check cspgen tests tools bench
	$(BIN)/ruff format --check cspgen tests tools bench
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format cspgen tests tools
	$(BIN)/ruff check --fix cspgen tests tools

schema: $(STAMP)
	$(BIN)/cspgen schema

# Against Pandoc and check-jsonschema, side by side, and the growth cases; writes bench/RESULTS.md
# (several minutes).
bench: $(STAMP)
	$(BIN)/python bench/run.py

# mutmut over the core modules of [tool.mutmut] in pyproject.toml, or one (MODULE=cspgen/plan/load.py),
# then the score per module. Results are kept in mutants/: a second run checks only what changed.
mutate: $(STAMP)
	$(BIN)/mutmut run --max-children 2 $(if $(MODULE),"$(subst /,.,$(MODULE:.py=)).*")
	$(BIN)/python tools/mutation_score.py $(MODULE)

# A seeded uniform sample of the core modules' mutants (SIZE=400): the score and its 95% interval per
# package in well under an hour, where every mutant takes many. Generates the mutants first if needed.
mutate-sample: $(STAMP)
	@# mutmut has no command that only generates: a run for a name no mutant has generates them all,
	@# traces which tests reach what, then stops with nothing to run.
	test -d mutants || $(BIN)/mutmut run --max-children 2 "generate.only.*" >/dev/null 2>&1 || true
	$(BIN)/python tools/mutation_sample.py --size $(or $(SIZE),400)

# Only the growth cases (n, 2n, 4n for each path that was quadratic); rewrites that section of bench/RESULTS.md.
growth: $(STAMP)
	$(BIN)/python bench/growth.py

check: lint typecheck test

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache mutants
