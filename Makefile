# kratom-qa: `make run` serves the app, `make test` runs the test suite. Each sets up .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# torch is pinned in the same pip command as the project: the local CPU build, not a multi-GB CUDA one.
TORCH  := torch==2.13.0

.PHONY: install lock browser run check test ingest eval bench loadtest clean

install: $(STAMP)

# constraints.txt holds the versions the suite last passed with, so a fresh clone gets those.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar off -c constraints.txt "$(TORCH)" -e ".[dev]"
	touch $(STAMP)

# Re-pin constraints.txt to what is installed now (after a dependency change that passed `make test`).
lock: install
	{ sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^torch=='; } > constraints.tmp
	mv constraints.tmp constraints.txt

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

ingest: install
	$(BIN)/kratom-qa ingest

run: ingest
	$(BIN)/python app.py

# The fast layer: lint, format, types, import contracts and the unit tests on fakes (no model,
# no Chroma, no browser), spread over the machine's cores so it stays under a minute.
check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -m "not full" -n auto

# The full suite: the fast layer first, then everything that needs the real model, a real index,
# a Chroma server or Chromium.
test: check browser
	$(BIN)/python -m pytest -q -m full

eval: ingest
	$(BIN)/kratom-qa eval

bench: install
	$(BIN)/kratom-qa bench --json

# Not part of `make test`: starts the app on a free loopback port and drives 10, 25 and 50 users.
loadtest: ingest
	$(BIN)/python -m evals.loadtest --users 10 25 50

clean:
	rm -rf $(VENV) data
