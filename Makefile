# Two entry points for a fresh machine (Python 3.11+ and make): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install run demo test lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
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

clean:
	rm -rf $(VENV) site/ data/archive/
