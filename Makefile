# Clave Patronal — `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WEB_CONCURRENCY ?= 2
MANAGE := $(BIN)/python manage.py
RUN_SETTINGS ?= config.settings.dev

.PHONY: help install install-dev install-bench run test lint format migrations-check ci clean \
	bench-uploads cluster cluster-stop test-cluster bench bench-draws bench-fairness \
	bench-mis-datos

help:
	@echo "make run               sirve la aplicación con datos de demostración en http://127.0.0.1:$(PORT)"
	@echo "make test              ejecuta todas las pruebas (SQLite; DATABASE_URL=postgres://… para PostgreSQL)"
	@echo "make lint              ruff check + ruff format --check"
	@echo "make migrations-check  falla si falta una migración"
	@echo "make ci                lo mismo que CI: .ci/run"
	@echo "make bench-uploads     tiempos de validar un PDF firmado y un JPG de 1 MB"
	@echo "make cluster           PostgreSQL, Redis, S3 (moto), 2 servidores, 2 trabajadores y Prometheus en 127.0.0.1"
	@echo "make cluster-stop      detiene el cluster"
	@echo "make test-cluster      levanta el cluster, ejecuta cluster/tests y lo detiene"
	@echo "make bench             reserva y disponibilidad frente a vistas mínimas (SQLite y PostgreSQL)"
	@echo "make bench-fairness    una apertura simulada, personas contra programas, en orden y en sorteo; luego bench-draws"
	@echo "make bench-mis-datos   «Mis datos» de un empleador grande: JSON, PDF y Quién consultó"
	@echo "make bench-draws       tiempo de 336 sorteos con 100.000 solicitudes (SQLite; DATABASE_URL=… PostgreSQL)"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Se necesita Python 3.11 o superior"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	touch $(VENV)/.installed $(VENV)/.installed-dev $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-bench: $(VENV)/.installed-bench

# The stand-in SRI (manage.py sri_local) listens beside the app, on the next port.
SRI_PORT ?= $(shell expr $(PORT) + 1)

# E-mailed links and QR codes point at PUBLIC_BASE_URL: this port unless it is set.
# The stand-in SRI starts first (the demo employer is verified against it); the
# demo's logins and addresses are printed last, once the server answers; the SRI
# and the draws' loop stop when gunicorn does (or on Ctrl-C). The same loop runs
# depurar_datos (the retention table) once a day, as cron would.
run: install
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(MANAGE) migrate --no-input
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(MANAGE) collectstatic --no-input --verbosity 0
	@export DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) SRI_BASE_URL=http://127.0.0.1:$(SRI_PORT) \
		PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)} PORT=$(PORT); \
	$(MANAGE) sri_local --port $(SRI_PORT) & sri=$$!; \
	trap 'kill $$sri $$draws $$web 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	tries=0; until $(BIN)/python -c "import socket; \
		socket.create_connection(('127.0.0.1', $(SRI_PORT)), 1).close()" 2>/dev/null; do \
		tries=$$((tries + 1)); \
		if ! kill -0 $$sri 2>/dev/null || [ $$tries -gt 100 ]; then \
			echo "El SRI de prueba no abrió el puerto $(SRI_PORT) (SRI_PORT=… make run)"; \
			exit 1; \
		fi; \
		sleep 0.1; \
	done; \
	summary=$$($(MANAGE) cargar_demo) || exit 1; \
	( day=; while true; do $(MANAGE) turnos_sorteos >/dev/null 2>&1; \
		$(MANAGE) turnos_por_confirmar >/dev/null 2>&1; \
		$(MANAGE) turnos_lista_espera >/dev/null 2>&1; \
		if [ "$$(date +%F)" != "$$day" ]; then day=$$(date +%F); \
			$(MANAGE) depurar_datos >/dev/null 2>&1; fi; \
		sleep 60; done ) & draws=$$!; \
	WEB_CONCURRENCY=$(WEB_CONCURRENCY) \
		$(BIN)/gunicorn config.wsgi -c config/gunicorn.conf.py & web=$$!; \
	until $(BIN)/python -c "import urllib.request; \
		urllib.request.urlopen('http://127.0.0.1:$(PORT)/salud/', timeout=2)" 2>/dev/null; do \
		if ! kill -0 $$web 2>/dev/null; then wait $$web; exit $$?; fi; \
		sleep 0.2; \
	done; \
	printf '\n%s\n\nSRI de prueba: http://127.0.0.1:$(SRI_PORT). Detener: Ctrl+C.\n\n' "$$summary"; \
	wait $$web

test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

ci:
	bash .ci/run

bench-uploads: install-dev
	$(BIN)/python bench/uploads.py

cluster: install-bench
	bash cluster/ctl.sh start

cluster-stop:
	bash cluster/ctl.sh stop

# Starts its own cluster and always stops it, pass or fail.
test-cluster: install-bench
	bash cluster/ctl.sh start
	$(BIN)/pytest -c cluster/pytest.ini --confcutdir cluster cluster/tests $(PYTEST_ARGS); \
		status=$$?; bash cluster/ctl.sh stop; exit $$status

bench: install-bench
	$(BIN)/python bench/run.py

# «Mis datos» for a large employer: export (JSON and PDF) and «Quién consultó».
bench-mis-datos: install-bench
	$(BIN)/python bench/mis_datos.py $(BENCH_ARGS)

bench-draws: install-bench
	$(BIN)/python bench/draws.py

# Both FAIRNESS lines, then the draws' BENCH line (.ci/run checks them).
bench-fairness: install-bench
	$(BIN)/python bench/fairness.py
	$(BIN)/python bench/draws.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
