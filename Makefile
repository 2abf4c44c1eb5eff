# Two entry points for a fresh machine (Python 3.11+ and make): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Exact versions (with hashes) of every runtime and test dependency; `make lock` refreshes it.
LOCK := requirements.lock

.PHONY: install run demo test lint bench lock clean

$(VENV)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

run: install  ## crawl every program, analyze, build site/
	$(BIN)/peerscan run

demo: install  ## offline tour on the bundled sample web
	$(BIN)/peerscan demo

lint: install
	$(BIN)/ruff check .

test: lint  ## every test (browser and corpus tests skip with a reason when Chromium or ../shared are absent)
	$(BIN)/python -m pytest

bench: install  ## benchmarks: print figures
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m pytest -m bench -s -p no:cacheprovider

lock:  ## refresh requirements.lock from pyproject.toml (runtime + test extra; any OS, Python 3.11+)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv>=0.5'
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes \
		--upgrade --quiet -o $(LOCK)

clean:
	rm -rf $(VENV) site/ data/archive/
