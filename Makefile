# The two commands a fresh machine needs are `make run` and `make test` (see README.md).

CARGO ?= cargo
TONLE := target/release/tonle
PYTHON ?= python3
# The Python tests' environment; under target/, so `make clean` removes it.
VENV := target/python-venv

.PHONY: run build release test test-rust test-python lint bench bench-micro eval seeds clean ncdd-lists

## Build, extract the sample corpus with the shipped gazetteers, write out/records.jsonl.
run: build
	@mkdir -p out
	$(TONLE) extract corpus -o out/records.jsonl
	@echo "records written to out/records.jsonl"

build:
	$(CARGO) build --release --locked -p tonle-cli

## The fastest binary, target/pgo/tonle: a release build optimized with a profile of tonle's
## own runs on the sample corpus (scripts/pgo.sh; two builds, about 12 minutes on 2 cores).
release:
	scripts/pgo.sh

## Every test: of every crate, the end-to-end tests of the binary, then the Python package's
## and the Spark job's.
test: test-rust test-python

test-rust:
	$(CARGO) test --workspace --locked

## The Python package (built with `pip install ./python`, release mode) and its tests,
## against the CLI's records; the Spark tests need java and skip, saying so, without it.
test-python:
	$(CARGO) build --locked -p tonle-cli
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r python/requirements-test.txt
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check ./python
	TONLE_BIN=target/debug/tonle $(VENV)/bin/python -m pytest -rs python/tests

## What CI checks besides the tests.
lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

## Throughput of the whole pipeline vs. a bare Aho-Corasick scan (needs ../shared/data).
bench:
	scripts/bench.sh

## Criterion micro-benchmarks of each stage.
bench-micro:
	$(CARGO) bench --workspace --benches --locked

## Extract the five seed articles of ../shared/seeds (if present) to out/seeds.jsonl.
seeds: build
	@mkdir -p out
	$(TONLE) extract ../shared/seeds -o out/seeds.jsonl

clean:
	$(CARGO) clean
	rm -rf out

## Score number and entity extraction against the gold sets (tests/gold/: numbers.jsonl,
## values.jsonl, entities.jsonl, quotes.jsonl) and print the tables.
eval:
	$(CARGO) test --release --locked -p tonle --test gold -- --nocapture
	$(CARGO) test --release --locked -p tonle --test entities_gold -- --nocapture
	$(CARGO) test --release --locked -p tonle --test quotes_gold -- --nocapture

## Regenerate gazetteers/kh-units.tsv and gazetteers/extra/kh-villages.tsv from the NCDD
## gazetteer in ../shared (skipped when absent; NCDD=FILE names another copy).
ncdd-lists:
	scripts/ncdd-lists.sh
