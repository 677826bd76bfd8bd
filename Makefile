# The two commands a fresh machine needs are `make run` and `make test` (see README.md).

CARGO ?= cargo
TONLE := target/release/tonle

.PHONY: run build test lint bench bench-micro eval seeds clean ncdd-lists

## Build, extract the sample corpus with the shipped gazetteers, write out/records.jsonl.
run: build
	@mkdir -p out
	$(TONLE) extract corpus -o out/records.jsonl
	@echo "records written to out/records.jsonl"

build:
	$(CARGO) build --release --locked -p tonle-cli

## Every test of every crate, including the end-to-end tests of the binary.
test:
	$(CARGO) test --workspace --locked

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
