# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

CHROMIUM := /usr/bin/chromium
# `make run HOST=0.0.0.0 PORT=8001`: where the service listens (links follow unless
# EVENTS_PUBLIC_URL says otherwise).
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint types pytest chromium npm bench clean assets

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# The pages' third-party front-end files (package.json, package-lock.json): npm ci when
# node_modules is missing or older than the lock, then the files the pages use copied into
# events/web/static/vendor/ (git-ignored; the wheel's build does the same).
# npm comes from Debian when missing (as root), like Chromium below.
assets: npm | $(BIN)/python
	$(BIN)/python -m events.web.vendor

npm:
	@if ! command -v npm >/dev/null 2>&1; then \
		if [ "$$(id -u)" -eq 0 ]; then \
			echo "Installing Debian's npm for the pages' front-end packages (apt-get)..."; \
			log=$$(mktemp); \
			{ DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
				npm; } >"$$log" 2>&1 || \
				{ cat "$$log"; echo "apt-get could not install npm." >&2; }; \
			rm -f "$$log"; \
		else \
			echo "npm is missing and only root can install it (apt-get install npm)." >&2; \
		fi; \
	fi

run: $(VENV)/.installed assets
	$(BIN)/events serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check events tests bench
	$(BIN)/ruff format --check events tests bench

types: $(VENV)/.installed-test
	$(BIN)/mypy

# The browser tests drive Debian's Chromium: Playwright's own browser download cannot work on
# our machines. Installed only when missing and only as root; otherwise those tests fail and say
# how to install it, while the rest of the suite still runs.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" -eq 0 ]; then \
			echo "Installing Debian's chromium for the browser tests (apt-get)..."; \
			log=$$(mktemp); \
			{ DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
				chromium; } >"$$log" 2>&1 || \
				{ cat "$$log"; echo "apt-get could not install chromium:" \
				  "the browser tests will fail." >&2; }; \
			rm -f "$$log"; \
		else \
			echo "$(CHROMIUM) is missing and only root can install it" \
			  "(apt-get install chromium): the browser tests will fail." >&2; \
		fi; \
	fi

pytest: $(VENV)/.installed-test chromium assets
	$(BIN)/pytest

test: lint types pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache node_modules events/web/static/vendor
