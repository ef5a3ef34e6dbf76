# Two commands do all the set-up: `make run` and `make test` (each creates .venv first).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint eval bench compiled clean

run: compiled
	$(BIN)/factbot run

test: compiled
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

eval: $(VENV)/.installed
	$(BIN)/factbot eval ../shared/eval/dev

# Benchmarks (about 10 minutes; `$(BIN)/python -m bench --quick` for a smoke run): writes BENCHMARKS.md.
bench: compiled
	$(BIN)/python -m bench

# The screen's modules compiled by mypyc (~20 s, only after a change to bot/core); without a C
# compiler it says so and factbot runs as Python.
compiled: $(VENV)/.installed
	$(BIN)/python -m bot.compiled

lint: $(VENV)/.installed
	$(BIN)/ruff check .

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,postgres]"
	touch $@

clean:
	rm -rf $(VENV) data bot/core/_compiled
