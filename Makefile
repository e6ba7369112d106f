# coverage-bot: `make run` starts the bot (offline console without a token), `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run index console test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --config-settings editable_mode=compat -e .
	touch $(STAMP)

index: install
	$(PY) -m compileall -q bot corpus > /dev/null  # start-up reads compiled modules, even where PYTHONDONTWRITEBYTECODE is set
	$(PY) -m corpus index --words-only

run: index
	$(PY) -m bot

console: index
	$(PY) -m bot console

test: install
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) data .pytest_cache
