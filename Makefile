# kratom-qa: `make run` serves the app, `make test` runs the test suite. Each sets up .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# torch is pinned in the same pip command as the project: the local CPU build, not a multi-GB CUDA one.
TORCH  := torch==2.13.0

.PHONY: install browser run test ingest eval bench loadtest clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar off "$(TORCH)" -e ".[dev]"
	touch $(STAMP)

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

ingest: install
	$(BIN)/kratom-qa ingest

run: ingest
	$(BIN)/python app.py

test: install browser
	$(BIN)/python -m pytest -q

eval: ingest
	$(BIN)/kratom-qa eval

bench: install
	$(BIN)/kratom-qa bench --json

# Not part of `make test`: starts the app on a free loopback port and drives 10, 25 and 50 users.
loadtest: ingest
	$(BIN)/python -m evals.loadtest --users 10 25 50

clean:
	rm -rf $(VENV) data
