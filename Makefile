# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL := postgres://postgres@127.0.0.1:5432/intro_program
REDIS_LOCAL := redis://127.0.0.1:6379/0
port_open = $(shell $(PYTHON) -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1', $(1))))" && echo yes)

.PHONY: install run serve test lint bench messages clean backup restore

$(VENV)/.installed: requirements.txt requirements-dev.txt package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed

messages: install
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# Development: SQLite and a filesystem broker unless DATABASE_URL / REDIS_URL are set.
run: messages
	DEBUG=1 $(BIN)/python manage.py migrate --noinput -v 0
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile.dev start

# Production-style: gunicorn + worker + beat against PostgreSQL and Redis (set DATABASE_URL, REDIS_URL, SECRET_KEY).
serve: messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v 0
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile start

# Tests use PostgreSQL and Redis when they answer on 127.0.0.1 (CI starts them); else SQLite, and
# the tests that need a real service skip (or fail, under CI=true). The layering contract (.importlinter)
# is checked first; the 15 slowest tests are listed at the end. Each file runs in one worker (--dist loadfile),
# so a module-scoped fixture (the benchmark's seed) is built once.
test: messages
	@DATABASE_URL="$${DATABASE_URL:-$(if $(call port_open,5432),$(PG_URL))}"; export DATABASE_URL; \
	echo "Tests run on: $${DATABASE_URL:-SQLite, as no PostgreSQL answers on 127.0.0.1:5432}"; \
	$(BIN)/lint-imports --no-cache && \
	$(BIN)/python -m pytest -p no:cacheprovider --create-db -n 2 --dist loadfile --durations=15 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

# Seeds (or reuses) <database>_bench beside DATABASE_URL (PostgreSQL at 127.0.0.1 unless set), serves it with
# gunicorn and Celery against Redis database 12 (BENCH_REDIS_URL), prints the table, writes var/bench/last.json.
# BENCH_ARGS e.g. "--rounds 3 --load-seconds 20 --only overview" for a short run; "--fresh" to seed again.
bench: messages
	DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" DEBUG=1 $(BIN)/python manage.py benchmark $(BENCH_ARGS)

# A timestamped copy of the database (DATABASE_URL, else the SQLite default) in var/backups/; restore takes FILE=.
# Without SECRET_KEY in the environment they run with the development settings, as `make run` does.
backup: install
	$(if $(SECRET_KEY),,DEBUG=1) $(BIN)/python manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/<file>"; exit 2; }
	$(if $(SECRET_KEY),,DEBUG=1) $(BIN)/python manage.py restore "$(FILE)"

clean:
	rm -rf $(VENV) node_modules var
