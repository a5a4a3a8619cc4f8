# The two commands of the README: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
# re-install only when pyproject.toml changes
STAMP   = $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PORT   ?= 8501

.PHONY: run test install browser bench clean-store

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

browser:
	bash scripts/install-chromium.sh

run: install
	$(VENV)/bin/presslens serve seeds --port $(PORT)

test: install browser
	$(PY) -m pytest $(PYTEST_ARGS)

# the whole benchmark (bench/run_all.sh; hours at the default sizes, see bench/RESULTS.md)
bench: install browser
	PYTHON=$(PY) bash bench/run_all.sh $(BENCH_SIZES)

clean-store:
	rm -f data/presslens.duckdb data/presslens.duckdb.wal
