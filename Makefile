# Two commands do everything on a fresh machine: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
DB     := data/cocreate.duckdb
PORT   ?= 8501
SUDO   := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo)

.PHONY: run test setup test-setup system-deps pg-deps office-deps db rebuild-db clean

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.installed
	$(VENV)/bin/pip install -q -r requirements-test.txt
	touch $@

setup: $(VENV)/.installed

# Debian chromium renders PNG exports (kaleido) and drives browser tests; Noto CJK draws Chinese.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  echo "installing Debian chromium and fonts-noto-cjk"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# The PostgreSQL backend tests start a throwaway server from Debian's postgresql package
# (tests/pg_server.py: a temp cluster on a free port, stopped at the end); none runs as a service.
pg-deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "installing Debian postgresql (server binaries for the backend tests)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  $(SUDO) service postgresql stop >/dev/null 2>&1 || true; \
	fi

# The render tests (tests/test_office_render.py) turn the notice (DOCX) and the deck (PPTX) into PDF with
# LibreOffice and read the text positions back with poppler's pdftotext; tests/test_grid.py saves a filled grid
# template through LibreOffice Calc, as a clerk's spreadsheet program would.
office-deps:
	@if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 \
	    || [ ! -e /usr/lib/libreoffice/program/libswlo.so ] || [ ! -e /usr/lib/libreoffice/program/libsdlo.so ] \
	    || [ ! -e /usr/lib/libreoffice/program/libsclo.so ]; then \
	  echo "installing Debian LibreOffice (writer, impress, calc, no GUI) and poppler-utils"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libreoffice-writer-nogui libreoffice-impress-nogui libreoffice-calc-nogui poppler-utils >/dev/null; \
	fi

# Built from data/ only when missing: a rebuild would drop imported figures (see rebuild-db).
$(DB): | $(VENV)/.installed
	$(PY) -m cocreate build-db --db $(DB)

db: $(DB)

rebuild-db: $(VENV)/.installed
	$(PY) -m cocreate build-db --db $(DB)

run: $(VENV)/.installed $(DB)
	-@$(MAKE) --no-print-directory system-deps || echo "warning: chromium not installed; server-side PNG export will be unavailable"
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: $(VENV)/.test-installed system-deps pg-deps office-deps
	COCREATE_REQUIRE_PG=1 COCREATE_REQUIRE_OFFICE=1 $(PY) -m pytest -q -p no:cacheprovider tests

clean:
	rm -rf $(VENV) $(DB) $(DB).wal
