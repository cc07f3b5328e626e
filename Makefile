# Two commands for a new user: `make play` and `make test` (see README.md).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_DEPS := $(VENV)/.run-deps
DEV_DEPS := $(VENV)/.dev-deps
HEADLESS := SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

.PHONY: play test lint layers typecheck unit validate bench clean

play: $(RUN_DEPS)
	$(BIN)/python main.py

test: $(DEV_DEPS) lint layers typecheck unit

lint: $(DEV_DEPS)
	$(BIN)/ruff check --config .ci/ruff.toml game tests main.py
	$(BIN)/ruff format --config .ci/ruff.toml --check game tests main.py

# The layer order, no pygame below the client, no import cycles (.importlinter).
layers: $(DEV_DEPS)
	$(BIN)/lint-imports --no-cache

typecheck: $(DEV_DEPS)
	$(BIN)/mypy --config-file .ci/mypy.ini game

# pytest exits 5 when it collected no test: that is a failure here.
unit: $(DEV_DEPS)
	$(HEADLESS) $(BIN)/python -m pytest -q -n 2 tests; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

validate: $(RUN_DEPS)
	$(BIN)/python main.py validate maps

bench: $(RUN_DEPS)
	$(BIN)/python main.py bench

$(BIN)/python:
	@$(PY) -m venv $(VENV) || { echo "Could not create $(VENV): on Debian run 'apt-get install python3-venv' and try again."; rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install -q --upgrade pip

$(RUN_DEPS): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.txt
	@touch $@

$(DEV_DEPS): requirements.txt requirements-dev.txt $(RUN_DEPS)
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	@touch $@

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
