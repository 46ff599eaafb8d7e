# The two commands of the README: `make demo` and `make test`. Each builds .venv on first use.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= newsgraph.duckdb
EXAMPLE ?= examples/istanbul_embassy_talks.txt
# The demo reads the articles at the top of examples/ only; examples/bad/ has its own target.
EXAMPLES := $(wildcard examples/*.txt examples/*.html examples/*.jsonl examples/*.csv)

.PHONY: demo bad-inputs test lint benchmark clean

$(BIN)/newsgraph: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade "pip==24.3.1"
	$(BIN)/python -m pip install -qq -c constraints.txt -e ".[test,train,dask]"
	touch $@

demo: $(BIN)/newsgraph
	$(BIN)/newsgraph --db $(DB) ingest $(EXAMPLES)
	$(BIN)/newsgraph analyze $(EXAMPLE)
	$(BIN)/newsgraph --db $(DB) stats
	@echo "Explore the demo store in the browser: $(BIN)/newsgraph --db $(DB) serve   (then open http://127.0.0.1:8000/)"

# Each file of examples/bad/ through analyze, with its exit code (README: exit codes), then all
# of them through ingest into a throwaway store, which records each skip with its reason.
bad-inputs: $(BIN)/newsgraph
	@for file in examples/bad/*; do \
		$(BIN)/newsgraph analyze "$$file" > /dev/null; echo "  exit $$? for $$file"; \
	done
	@rm -f bad-inputs.duckdb
	-$(BIN)/newsgraph --db bad-inputs.duckdb ingest examples/bad/
	@rm -f bad-inputs.duckdb bad-inputs.duckdb.wal

test: $(BIN)/newsgraph
	$(BIN)/python -m pytest -q
	$(BIN)/python -m mypy --strict

benchmark: $(BIN)/newsgraph
	nice $(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache
