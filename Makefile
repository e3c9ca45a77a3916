# make serve   build the site from dumps/ and serve it on http://127.0.0.1:8000 (rebuilds on changes)
# make test    run the whole test suite
# make build   write the static site to site/
#
# Each creates .venv first (python3 -m venv + pip install -e '.[test]'), and again only when
# pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
INSTALLED := $(VENV)/.installed

# Material 9.8 prints an end-of-life banner on every build; it is known (see the README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test clean

serve: $(INSTALLED)
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(INSTALLED)
	$(VENV)/bin/mkdocs build

test: $(INSTALLED)
	$(VENV)/bin/pytest

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --progress-bar off -e '.[test]'
	touch $@

clean:
	rm -rf site .cache docs/articles docs/page docs/tags docs/archive docs/index.*.md
