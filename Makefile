# The two commands of the README: `make demo` and `make test`; `make bench` (never part of
# `make test`) runs the benchmarks, each printing its table (bench/RESULTS.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint typecheck unit chromium bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/tributary demo

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

# The browser tests drive Debian's Chromium: Playwright cannot download browsers here.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

chromium:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

unit: $(VENV)/.installed-dev chromium
	$(BIN)/python -m pytest

test: lint typecheck unit

# Each script prints its table, then how long it took (bench/RESULTS.md has the figures).
BENCHES := "bench_update.py --processes 1" "bench_update.py" bench_parse.py \
           bench_categorize.py bench_site.py "bench_search.py --posts 100000" bench_fulltext.py

# bench_peers.py compares against lemon24/reader: the `bench` extra, never a runtime dependency.
$(VENV)/.installed-bench: $(VENV)/.installed-dev pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

bench: $(VENV)/.installed-bench
	@for b in $(BENCHES); do \
	  echo "== bench/$$b"; start=$$(date +%s); \
	  $(BIN)/python bench/$$b || exit 1; \
	  echo "(bench/$$b took $$(( $$(date +%s) - start )) s)"; echo; \
	done

clean:
	rm -rf $(VENV) tributary-demo test-output .mypy_cache .ruff_cache .pytest_cache
