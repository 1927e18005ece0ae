# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
TEST_ENV := DJANGO_SETTINGS_MODULE=project.settings.test
# The suite runs in this many pytest-xdist workers, each on a database, Redis database and
# index prefix of its own (project/settings/test.py); tests/conftest.py groups the tests.
TEST_WORKERS ?= 2
PYTEST_XDIST := -n $(TEST_WORKERS) --no-loadscope-reorder --durations=20

.PHONY: demo test bench install services services-down lint format messages clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(INSTALLED)

## The embedded demo: SQLite, eager Celery, search from the database; http://127.0.0.1:8000
demo: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py seed_sla_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## The whole suite against real PostgreSQL, Redis and Elasticsearch (started if not running)
test: install services
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

## The benchmark (README, Performance): scale data in its own database and index prefix,
## figures as JSON on stdout and in var/bench-result.json; BENCH_ARGS="--scale 0.02" is quick
## Then the load test (README, Load): LOAD_ARGS="--seconds 60 --users 12" is quick
bench: install services
	DJANGO_SETTINGS_MODULE=project.settings.bench $(BIN)/python manage.py bench --json \
		--output var/bench-result.json $(BENCH_ARGS)
	DJANGO_SETTINGS_MODULE=project.settings.bench \
		DATABASE_URL=postgres://xinyong:xinyong@127.0.0.1:5432/xinyong_loadbench \
		ELASTICSEARCH_INDEX_PREFIX=loadbench $(BIN)/python manage.py loadtest \
		--output var/load-result.json $(LOAD_ARGS)

services:
	scripts/services.sh up

services-down:
	scripts/services.sh down

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Extract and compile the Chinese catalogue (needs GNU gettext)
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
