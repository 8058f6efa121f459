# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test demo lint clean messages bench bench-search bench-subscriptions plans lock audit abuse commune-map

$(UV):
	@echo "Setting up $(VENV) (the first time takes a few minutes) …"
	@$(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check --upgrade pip uv

# Re-install only when pyproject.toml or the lock changed. The versions are those of
# requirements.lock (`make lock` renews it after a change of pyproject.toml).
$(VENV)/.installed: pyproject.toml requirements.lock | $(UV)
	@echo "Installing the dependencies (requirements.lock) …"
	@$(UV) pip install --quiet --python $(PY) -e . -c requirements.lock
	@touch $@

$(VENV)/.installed-test: pyproject.toml requirements.lock | $(UV)
	$(UV) pip install --quiet --python $(PY) -e '.[test]' -c requirements.lock
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Quiet unless something fails: `manage.py load_demo_content --verbosity 2` shows every page.
demo: install
	@echo "Migrating the database (db.sqlite3) …"
	@$(PY) manage.py migrate --noinput --verbosity 0
	@$(PY) manage.py load_demo_content --site-address $(HOST):$(PORT)

## Set up everything and serve the site with demo content on http://127.0.0.1:8000/
run: demo
	@echo "────────────────────────────────────────────────────────────────────────"
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/"
	@$(PY) manage.py create_admin
	@echo "  Docs:   README.md, docs/ (architecture, deployment, search)"
	@echo "  Stop:   Ctrl-C"
	@echo "────────────────────────────────────────────────────────────────────────"
	@$(PY) manage.py runserver $(HOST):$(PORT)

## Site benchmark (not a test, tests/benchmarks/site.py): 10 000 news, 500 projects,
## 20 strategies in two languages (written in bulk), served by gunicorn, loaded with wrk,
## cached and uncached; table, workers' peak memory, results per database and size in
## bench-results.json. Scale: BENCH_ARGS="--news 10000 --news 100000" (or one size per run:
## the table shows the 100k/10k ratio once both are stored); with DATABASE_URL naming
## PostgreSQL (export "$(.ci/postgres.sh)") SQLite and PostgreSQL.
## Options: make bench BENCH_ARGS="--news 2000 --duration 5 --keep", then --reuse FOLDER
bench: install
	@command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { echo "wrk is needed: apt-get install -y wrk"; exit 1; }; }
	@command -v redis-server >/dev/null || apt-get install -y -qq redis-server >/dev/null 2>&1 || echo "No redis-server: the server's shared cache is the database."
	$(PY) -m tests.benchmarks.site $(BENCH_ARGS)

## Search benchmark (not a test): a typical and a broad corpus of 10 000 pages each, on
## SQLite, PostgreSQL (DATABASE_URL) and the search node (OPENSEARCH_URL); p50/p95, stages,
## targets. Options: make bench-search BENCH_ARGS="--pages 2000 --rounds 3"
bench-search: install
	$(PY) -m tests.benchmarks.search $(BENCH_ARGS)

## Query plans of every listing (not a test, tests/benchmarks/plans.py): a corpus of 3 000
## news in a throwaway SQLite database, or DATABASE_URL's PostgreSQL; flags full scans and
## sorts. Options: make plans PLANS_ARGS="--news 10000 --verbose --keep", then --reuse FOLDER
plans: install
	$(PY) -m tests.benchmarks.plans $(PLANS_ARGS)

## E-mail alerts benchmark (not a test): 5 000 subscribers of a project, one significant
## publication, the notices command and the outbox's delivery to a local SMTP server;
## time and peak memory per stage. Options: BENCH_ARGS="--subscribers 20000 --trace-memory"
bench-subscriptions: install
	$(PY) -m tests.benchmarks.subscriptions $(BENCH_ARGS)

## Abuse script (not a test, tests/abuse/flood.py): floods the page cache of gunicorn
## (production settings) and a Redis set up as docs/deployment.md says, on 127.0.0.1
## only, then shows a login lockout and the feedback rate limit still in force.
## Options: make abuse ABUSE_ARGS="--requests 5000 --maxmemory 8mb"
abuse: install
	@command -v redis-server >/dev/null || apt-get install -y -qq redis-server >/dev/null 2>&1 || { echo "redis-server is needed: apt-get install -y redis-server"; exit 1; }
	$(PY) -m tests.abuse.flood $(ABUSE_ARGS)

## The canton map's shapes (strategy/maps/lucerne_communes.json, committed) from the npm
## package swiss-maps, version and checksum pinned in strategy/maps/build.py; needs npm.
## The same package gives the same file.
commune-map:
	$(PY) -m strategy.maps.build

lint: install-test
	$(VENV)/bin/ruff check .
	PYTHONPATH=. $(VENV)/bin/lint-imports

## Install the test dependencies and run the whole suite with its quality gates.
test: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=vlgsite.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=vlgsite.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media static

## Pin every dependency (and the test tools) to the newest versions pyproject.toml allows.
lock: $(UV)
	$(UV) pip compile --quiet pyproject.toml --extra test --python-version 3.11 --no-header --annotation-style line -o requirements.lock

## Known vulnerabilities in the locked dependencies (pip-audit, PyPI's advisory data; needs
## pypi.org's JSON API: fails, never passes, when it cannot audit a package).
audit: install-test
	$(VENV)/bin/pip-audit --requirement requirements.lock --no-deps --disable-pip --strict --progress-spinner off

## Update the UI message catalogues (German msgids) and compile them.
messages: install
	$(PY) manage.py makemessages -l fr -l it -l en --ignore=.venv --ignore=static --ignore=media --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv
