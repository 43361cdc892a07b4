PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint package wheel clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m studyapp $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# Packages held to full annotations.
TYPED := studyapp/core studyapp/store studyapp/services

lint: $(STAMP)
	$(BIN)/ruff check studyapp tests benchmarks packaging
	$(BIN)/lint-imports
	$(BIN)/mypy $(TYPED)

package: $(STAMP)
	$(BIN)/python packaging/build.py

wheel: $(STAMP)
	$(BIN)/python -m build --outdir dist

clean:
	rm -rf build dist $(VENV)
