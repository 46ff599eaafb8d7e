# The two commands of the README: `make demo` and `make test`. Each builds .venv on first use.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= newsgraph.duckdb
EXAMPLE ?= examples/istanbul_embassy_talks.txt

.PHONY: demo test lint benchmark clean

$(BIN)/newsgraph: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade "pip==24.3.1"
	$(BIN)/python -m pip install -qq -c constraints.txt -e ".[test,train,dask]"
	touch $@

demo: $(BIN)/newsgraph
	$(BIN)/newsgraph --db $(DB) ingest examples/
	$(BIN)/newsgraph analyze $(EXAMPLE)
	$(BIN)/newsgraph --db $(DB) stats

test: $(BIN)/newsgraph
	$(BIN)/python -m pytest -q
	$(BIN)/python -m mypy --strict

benchmark: $(BIN)/newsgraph
	$(BIN)/python benchmarks/ingest_throughput.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache
