# The README's two promises: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# .python-version pins 3.13; pyenv's shim (or a system python3.13) provides it.
PYTHON ?= $(shell command -v python3.13 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Tests run against the machine's PostgreSQL and Redis unless told otherwise.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cooperation_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# Test processes (pytest-xdist): one per CPU; each has its own test database and Redis numbers.
TEST_PROCESSES ?= auto

.PHONY: help run test lint lock worker beat bench bench-load bench-notifications messages compilemessages check-deploy clean coverage-html map

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# The versions in requirements.lock (requirements-test.lock adds the test tools), installed by
# uv from PyPI: a fresh clone's packages in about 20 seconds where pip took two minutes on two
# cores. uv comes from PyPI too, pinned; where it cannot be had, pip installs from
# pyproject.toml's ranges instead. Bytecode is compiled at install, as pip does.
# After changing the dependencies in pyproject.toml: make lock.
UV_VERSION := 0.13.9
UV := $(BIN)/uv
UV_INSTALL := $(UV) pip install --quiet --python $(PY) --compile-bytecode

$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' || \
		{ echo "Python 3.13 is needed (found $$($(PYTHON) --version)). Set PYTHON=/path/to/python3.13."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@test -x $(UV) || $(PY) -m pip install --quiet "uv==$(UV_VERSION)" 2>/dev/null || true
	if test -x $(UV); then $(UV_INSTALL) -r requirements.lock -e .; \
	else $(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet -e .; fi
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml requirements-test.lock
	if test -x $(UV); then $(UV_INSTALL) -r requirements-test.lock -e '.[test]'; \
	else $(PY) -m pip install --quiet -e '.[test]'; fi
	touch $@

lock: $(VENV)/.installed  ## Pin the dependencies again (requirements.lock, requirements-test.lock)
	$(UV) pip compile --quiet --upgrade pyproject.toml --universal --python-version 3.13 \
		--generate-hashes -o requirements.lock
	$(UV) pip compile --quiet --upgrade pyproject.toml --extra test --universal --python-version 3.13 \
		--generate-hashes -c requirements.lock -o requirements-test.lock

# The checkers the conformance tests run on the portal's output: the Nu Html Checker (a Java
# program; Debian's default-jre-headless runs it) and ical.js, from the lock file. Their install
# scripts stay off: vnu-jar's would try to download a Java runtime.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the test checkers (apt-get install nodejs npm)."; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

compilemessages: $(VENV)/.installed  ## Compile the translations (locale/*/django.mo), with polib: no msgfmt needed
	$(PY) scripts/compile_messages.py

messages: $(VENV)/.installed  ## Extract interface strings into locale/ja/LC_MESSAGES/django.po
	DEBUG=true $(PY) manage.py makemessages -l ja --no-location --ignore '.venv' --ignore 'staticfiles' --ignore 'tests'

# Links in e-mails, calendar files and exports point where the portal is served (an IPv6 HOST
# goes in brackets), unless PORTAL_BASE_URL says otherwise.
RUN_URL := http://$(if $(findstring :,$(HOST)),[$(HOST)],$(HOST)):$(PORT)

# One process migrates, seeds and becomes runserver's reloader (Django is loaded once for all
# three), so a second run serves its first page in a few seconds. The project's bytecode is
# written first, as pip does for the packages it installs: where PYTHONDONTWRITEBYTECODE is set,
# each of the two processes would compile every module again (a second or more per start).
APPS := accounts cities cooperation_portal exchanges practices

run: $(VENV)/.installed compilemessages  ## Serve the portal with demo data at http://$HOST:$PORT (127.0.0.1:8000)
	@$(PY) -m compileall -q $(APPS) >/dev/null
	DEBUG=$${DEBUG:-true} PORTAL_BASE_URL=$${PORTAL_BASE_URL:-$(RUN_URL)} \
		$(PY) manage.py seed_demo --migrate --serve $(if $(findstring :,$(HOST)),[$(HOST)],$(HOST)):$(PORT)

worker: $(VENV)/.installed  ## A Celery worker (needs REDIS_URL)
	$(BIN)/celery -A cooperation_portal worker --loglevel=INFO

beat: $(VENV)/.installed  ## Celery beat, the periodic scheduler (exactly one; needs REDIS_URL)
	$(BIN)/celery -A cooperation_portal beat --loglevel=INFO

lint: $(VENV)/.installed-test  ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: $(VENV)/.installed-test node_modules/.installed compilemessages  ## ruff, mypy, migrations check and the whole suite on PostgreSQL and Redis
	@DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(PY) scripts/check_services.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=cooperation_portal.settings.test \
		$(PY) manage.py makemigrations --check --dry-run
	rm -f .coverage .coverage.*
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/coverage run -m pytest -n $(TEST_PROCESSES) --dist loadgroup $(PYTEST_ARGS) \
		|| { status=$$?; [ $$status -ne 5 ] || echo "pytest ran no test (exit 5): PYTEST_ARGS selects none."; exit $$status; }
	@$(BIN)/coverage combine -q
	@# The floor (fail_under in pyproject.toml) holds for the whole suite, not for a part of it.
	@total=$$($(BIN)/coverage report --format=total $(if $(PYTEST_ARGS),--fail-under=0)) \
		&& echo "Coverage: $$total % of lines (the floor is fail_under in pyproject.toml)" \
		|| { echo "Coverage $$total % is below the floor (fail_under in pyproject.toml)"; exit 1; }

coverage-html: ## A browsable coverage report of the last `make test` in htmlcov/
	$(BIN)/coverage html -q && echo "open htmlcov/index.html"

bench: $(VENV)/.installed-test  ## Catalogue and search latency for 1,000 / 10,000 / 100,000 practices
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(PY) scripts/bench_practices.py $(BENCH_ARGS)

bench-load: $(VENV)/.installed-test  ## req/s through gunicorn with wrk, each page beside the framework's floor
	@command -v wrk >/dev/null || { echo "make bench-load needs wrk: apt-get install wrk"; exit 1; }
	$(PY) scripts/bench_load.py $(BENCH_LOAD_ARGS)

bench-notifications: $(VENV)/.installed-test  ## Time to e-mail one meeting to 1,000 recipients
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(PY) scripts/bench_notifications.py

map: $(VENV)/.installed node_modules/.installed  ## Rebuild the partner map's base maps (static/map/) from npm's world-atlas
	$(PY) scripts/build_map.py

check-deploy: $(VENV)/.installed  ## Django's deployment checks with production-like settings
	DEBUG=false SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=portal.example.org \
		EMAIL_URL=$${EMAIL_URL:-smtp://mail.example.org:587/?tls=True} \
		$(PY) manage.py check --deploy --fail-level WARNING

clean:  ## Remove the virtualenv, the test checkers, the SQLite file and collected static files
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
