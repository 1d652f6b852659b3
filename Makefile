# liveblog-stream: `make demo` and `make test` work on a machine with only Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install demo test test-unit test-integration lint format typecheck schemas bench clean

help: ## Show this help
	@grep -E '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its dev extras

demo: $(STAMP) ## Embedded broker + worker + sample blogs, events printed, then exit
	$(BIN)/liveblog demo

test: $(STAMP) ## The whole suite: unit + integration against a real broker
	$(BIN)/python -m pytest

test-unit: $(STAMP) ## Unit tests only
	$(BIN)/python -m pytest tests/unit

test-integration: $(STAMP) ## Integration tests only (starts Tansu)
	$(BIN)/python -m pytest tests/integration

lint: $(STAMP) ## ruff check + format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(STAMP) ## mypy --strict on workers/ and schemas/
	$(BIN)/mypy

schemas: $(STAMP) ## Re-export the committed JSON Schema files from the models
	$(BIN)/python -m schemas.export

bench: $(STAMP) ## Throughput benchmark (issue #5): ceiling, Faust floor, worker; updates bench/RESULTS.md
	$(BIN)/python bench/run.py

clean: ## Remove the venv, caches and local state
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .liveblog-data
