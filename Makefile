# The two commands of the README: `make run` and `make test`. Each does all the set-up it needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test setup install browser lint format lock messages

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(BIN)/.installed

# Migrate, compile the translations (Babel: no system gettext needed), load the demo data.
setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(BIN)/pybabel compile --domain django --directory locale --statistics
	$(MANAGE) load_demo_data

run: setup
	$(MANAGE) create_demo_accounts
	$(MANAGE) runserver 127.0.0.1:8000

# The browser tests drive Debian's chromium through Playwright (Playwright's own browser
# download does not work here). Installed once, when missing; needs root and apt.
browser:
	command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The tests run in one process per core (pytest-xdist, a database of their own each); a test
# that reads the rendered demo report is grouped into one process (xdist_group), so it is made once.
TEST_WORKERS ?= auto

test: setup browser
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check_translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/vulture
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh locale/*/django.po from the code (needs GNU gettext's xgettext).
messages: install
	$(MANAGE) makemessages --locale fi --locale sv --no-obsolete --no-location --ignore '.venv/*'

lock: install
	$(BIN)/python -m pip install --quiet -r requirements.in
	(echo "# Locked versions: regenerate with 'make lock' after changing requirements.in."; $(BIN)/python -m pip freeze) > requirements.txt
