# 政报对比: two commands do all the set-up on a fresh Debian machine with Python 3.11.
#   make run   creates .venv, installs, starts the app on the seeds
#   make test  the same install plus test deps and system packages, then the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test bench screenshot venv deps dev-deps sysdeps clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deps: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements-dev.txt requirements.txt $(VENV)/.deps
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

# Debian's chromium (driven by Playwright, never downloaded) and a CJK font for screenshots.
sysdeps:
	@bash scripts/sysdeps.sh

run: deps
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

test: dev-deps sysdeps
	$(PY) -m pytest

# the README's picture (docs/screenshot.png): the 对比 page on the seeds, taken by the browser test
screenshot: dev-deps sysdeps
	GOVREPORT_SCREENSHOT=1 $(PY) -m pytest -q tests/e2e/test_e2e.py -k "seed_library or two_places"

bench: dev-deps
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache artifacts
