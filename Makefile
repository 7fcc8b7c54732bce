# Corridor. `make help` lists the targets.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
export CORRIDOR_VAR_DIR ?= $(CURDIR)/var

.DEFAULT_GOAL := help
.PHONY: help demo test test-fast lint format messages secrets chromium fonts clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,dev,bench]'
	touch $@

secrets: $(BIN)/.installed ## create var/secret_key and var/master.key if missing
	$(BIN)/python -m corridor.secrets_init

demo: $(BIN)/.installed secrets fonts ## migrate SQLite, load the Sudzha demo, print logins, serve on :8000
	CORRIDOR_DEMO=1 $(BIN)/corridor migrate --noinput -v0
	CORRIDOR_DEMO=1 $(BIN)/corridor collectstatic --noinput -v0
	CORRIDOR_DEMO=1 $(BIN)/corridor demo load
	@echo "Serving on http://127.0.0.1:8000 with a background worker for imports (stop with Ctrl-C)"
	CORRIDOR_DEMO=1 $(BIN)/corridor worker --no-startup-delay > $(CORRIDOR_VAR_DIR)/worker.log 2>&1 & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  CORRIDOR_DEMO=1 $(BIN)/corridor runserver 127.0.0.1:8000

fonts: ## install a TrueType font with Cyrillic for PDFs (Debian's fonts-dejavu-core) when missing
	@[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || { \
	  echo "installing Debian's fonts-dejavu-core for PDFs"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-dejavu-core >/dev/null; }

chromium: ## install Debian's chromium for the browser tests when missing
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(BIN)/.installed chromium fonts ## install what the tests need and run the whole suite
	$(BIN)/pytest

test-fast: $(BIN)/.installed ## the suite without browser tests
	$(BIN)/pytest -m "not browser"

lint: $(BIN)/.installed ## ruff and mypy
	$(BIN)/ruff check corridor tests
	$(BIN)/ruff format --check corridor tests
	$(BIN)/mypy corridor

format: $(BIN)/.installed ## apply ruff's formatting and safe fixes
	$(BIN)/ruff format corridor tests
	$(BIN)/ruff check --fix corridor tests

messages: $(BIN)/.installed ## extract and compile the uk/ru message catalogues
	cd corridor && ../$(BIN)/corridor makemessages -l uk -l ru --no-obsolete --no-location
	cd corridor && ../$(BIN)/corridor compilemessages

clean: ## remove the virtual environment and local data
	rm -rf $(VENV) var test-artifacts
