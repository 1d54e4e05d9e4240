# One entry point for the habits of this repo. Every target runs from a checkout after
# `python -m pip install -e ".[dev]"` (and `npm ci --prefix tools` for the JS targets).
PYTHON ?= python
NPM_BIN := tools/node_modules/.bin

.PHONY: help lint format types test test-fast test-js check-all

help:
	@echo "make lint       ruff check + ruff format --check (Python), eslint (JS)"
	@echo "make format     ruff format + ruff check --fix"
	@echo "make types      mypy --strict irrtsite"
	@echo "make test       the whole suite (browser and validator tests included)"
	@echo "make test-fast  everything but browser/validator/subprocess tests (< 30 s)"
	@echo "make test-js    node --test for the search core"
	@echo "make check-all  lint, types, test"

lint:
	ruff check .
	ruff format --check .
	$(NPM_BIN)/eslint templates/assets irrtsite tests/js

format:
	ruff format .
	ruff check --fix .

types:
	mypy

test:
	$(PYTHON) -m pytest --durations=15

test-fast:
	$(PYTHON) -m pytest -m "not browser and not slow" -p no:cacheprovider

test-js:
	node --test tests/js/

check-all: lint types test
