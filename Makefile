# customer_care: set-up, demo server, tests and benchmark. `make help` lists the targets.
SHELL := /bin/bash
# The Python that imports Odoo 19.0: python3 when it does, else the project's .venv/ (filled by check-odoo).
PYTHON ?= $(shell tools/odoo_python.sh)
PORT ?= 8069
DB ?= customer_care_demo
TEST_DB ?= customer_care_test_$(shell date +%s)
TEST_PORT ?= 8169
SIZE ?= full
DEMO_LANG ?= zh_CN
export PYTHON PORT DB TEST_DB TEST_PORT SIZE DEMO_LANG

.PHONY: help check-odoo print-python test-setup deps postgres chromium wkhtmltopdf demo demo-reset test test-odoo bench bench-workers i18n lint-deps lint wheel readme clean screenshots

help:
	@echo "make demo        install PostgreSQL if needed, create the demo database once, serve http://127.0.0.1:$(PORT)"
	@echo "make demo-reset  drop the demo database and run 'make demo' again"
	@echo "make test        run every test (browser tours included) in a fresh throwaway database"
	@echo "make test-setup ODOO_SOURCE=archive  install Odoo 19.0 from that local archive into a throwaway virtual environment, as on a machine without Odoo"
	@echo "make test-odoo   run Odoo's own sale, sale_margin and account tests with and without the addon; fail on any that fails only with it"
	@echo "make bench       grading (100k customers / 1M invoices), care-duty (100k customers, 5 rules), satisfaction (200k ratings) and alert benchmarks (SIZE=small: a tenth; SIZE=large: a million customers)"
	@echo "make screenshots  retake docs/screenshots/*.png (the README's key screens, English and Chinese) on the demo database"
	@echo "make bench-workers  two Odoo hosts (4 prefork workers + cron threads, and a threaded one) on one database: every scheduled action at once while JSON-RPC clients work; checks duplicates, lost edits, gradings, errors"
	@echo "make i18n        re-export customer_care/i18n/customer_care.pot from a test database"
	@echo "make lint        ruff, ruff format, pylint-odoo's mandatory checks, XML and PO checks (OCA's 19.0 set)"
	@echo "make wheel       build the addon's wheel (odoo-addon-customer_care) in .build/dist and check its content"
	@echo "make readme      rebuild customer_care/README.rst and the README's features from customer_care/readme/"
	@echo "make lint-deps   install the pinned lint and packaging tools into .build/lint-venv"
	@echo "make clean       drop throwaway databases and the .build folder"

check-odoo:
	@tools/check_odoo.sh

print-python:
	@echo $(PYTHON)

deps: check-odoo
	@tools/install_deps.sh

postgres: check-odoo
	@tools/postgres.sh

chromium: check-odoo
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { echo "== installing Debian's chromium for browser tours"; tools/apt_install.sh chromium; }

wkhtmltopdf: check-odoo
	@command -v wkhtmltopdf >/dev/null 2>&1 || \
	  { echo "== installing Debian's wkhtmltopdf for PDF reports"; tools/apt_install.sh wkhtmltopdf; }
	@fc-list :lang=zh 2>/dev/null | grep -q . || \
	  { echo "== installing a Chinese font (fonts-wqy-microhei) so PDF reports print Chinese names"; \
	    tools/apt_install.sh fonts-wqy-microhei; }

demo: deps postgres wkhtmltopdf
	@tools/demo.sh

demo-reset: deps postgres wkhtmltopdf
	@RESET=1 tools/demo.sh

test: deps postgres chromium wkhtmltopdf
	@tools/test.sh

test-setup:
	@tools/test_setup.sh

test-odoo: deps postgres chromium wkhtmltopdf
	@tools/test_odoo.sh

bench: deps postgres
	@tools/bench.sh

screenshots: deps postgres chromium wkhtmltopdf
	@tools/screenshots.sh

bench-workers: deps postgres
	@tools/bench_workers.sh

i18n: deps postgres
	@tools/i18n_export.sh

lint-deps:
	@tools/lint_deps.sh

lint: lint-deps
	@tools/lint.sh

wheel: lint-deps
	@tools/wheel.sh

readme:
	@python3 tools/addon_readme.py

clean: check-odoo
	@tools/clean.sh
