# make serve   build the site from dumps/ and serve it on http://127.0.0.1:8000 (rebuilds on changes)
# make test    run the whole test suite
# make build   write the static site to site/
# make bench N="250 1000"   build corpora of N articles; table, bench.json and bench.png (see README)
#
# Each creates .venv first (python3 -m venv + pip install -e '.[test]'), and again only when
# pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
INSTALLED := $(VENV)/.installed

# Material 9.8 prints an end-of-life banner on every build; it is known (see the README).
export NO_MKDOCS_2_WARNING := 1

# Article counts for `make bench`; the figures go to $(BENCH_OUT), the plot beside it (.png).
N ?= 250 1000
BENCH_OUT ?= bench.json

.PHONY: serve build test bench clean

serve: $(INSTALLED)
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(INSTALLED)
	$(VENV)/bin/mkdocs build

test: $(INSTALLED)
	$(VENV)/bin/pytest

bench: $(INSTALLED)
	$(VENV)/bin/python tests/bench.py $(N) --out $(BENCH_OUT)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --progress-bar off -e '.[test]'
	touch $@

clean:
	rm -rf site .cache docs/articles docs/page docs/tags docs/archive docs/index.*.md
