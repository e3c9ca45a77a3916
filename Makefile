# make serve   build the site from dumps/ and serve it on http://127.0.0.1:8000 (rebuilds what changes)
# make test    run the whole test suite
# make build   write the static site to site/: only what changed since the last build
# make build CLEAN=1   the same from an empty site (every page rendered again)
# make bench N="250 1000"   build corpora of N articles; table, bench.json and bench.png (see README)
# make lint    mypy --strict and ruff (make test runs it first)
# make lock    refresh requirements.txt from pyproject.toml (after changing a pin there)
#
# Each creates .venv first from the lock file requirements.txt (every package pinned with its
# hashes, so a clone next month installs the same versions), and again only when it changes.

PYTHON ?= python3
VENV := .venv
INSTALLED := $(VENV)/.installed

# Material 9.8 prints an end-of-life banner on every build; it is known (see the README).
export NO_MKDOCS_2_WARNING := 1

# Article counts for `make bench`; the figures go to $(BENCH_OUT), the plot beside it (.png).
N ?= 250 1000
BENCH_OUT ?= bench.json

.PHONY: serve build test lint lock bench clean

serve: $(INSTALLED)
	$(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# --dirty: MkDocs renders only the pages whose Markdown changed; hooks/taiyaku_incremental.py
# makes that equal to a clean build, and starts from an empty site when anything else changed.
build: $(INSTALLED)
	$(VENV)/bin/mkdocs build $(if $(CLEAN),--clean,--dirty)

test: lint
	$(VENV)/bin/pytest

lint: $(INSTALLED)
	$(VENV)/bin/mypy
	$(VENV)/bin/ruff check hooks tests

bench: $(INSTALLED)
	$(VENV)/bin/python tests/bench.py $(N) --out $(BENCH_OUT)

$(INSTALLED): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --progress-bar off -r requirements.txt
	$(VENV)/bin/pip install --progress-bar off --no-deps -e .
	touch $@

# pip-tools resolves pyproject.toml's pins (with the test extra) to every package they pull in.
lock: $(INSTALLED)
	$(VENV)/bin/pip install --progress-bar off pip-tools==7.6.2
	$(VENV)/bin/pip-compile --quiet --extra test --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.txt pyproject.toml

clean:
	rm -rf site .cache docs/articles docs/page docs/tags docs/archive docs/index.*.md
