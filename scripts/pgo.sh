#!/usr/bin/env bash
# Builds the fastest tonle binary, target/pgo/tonle: a release build that LLVM optimizes with
# a profile of tonle's own runs (profile-guided optimization, as rustc and Firefox are built).
# Run from the repository root by `make release`.
#
# 1. builds an instrumented tonle (target/pgo/generate),
# 2. runs it on the training set: the sample corpus, in the repository, so that the same
#    tree gives the same binary on every machine,
# 3. merges the counts (llvm-profdata, from rustup's llvm-tools component) and
# 4. builds again with them (target/pgo/use), and copies the binary to target/pgo/tonle.
#
# The records are the same as a plain `cargo build --release` writes; only the speed differs
# (BENCHMARKS.md, "Profile-guided build"). Without llvm-profdata, the plain release build is
# copied instead, saying so.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TARGET=${CARGO_TARGET_DIR:-target}
OUT=$TARGET/pgo
mkdir -p "$OUT"

sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
profdata=$sysroot/lib/rustlib/$host/bin/llvm-profdata
if [[ ! -x $profdata ]]; then
    echo "pgo: installing rustup's llvm-tools component (for llvm-profdata)" >&2
    rustup component add llvm-tools >&2 || true
fi
if [[ ! -x $profdata ]]; then
    echo "pgo: llvm-profdata is missing (rustup component add llvm-tools); the binary is a" \
        "plain release build, without a profile" >&2
    cargo build --release --locked -p tonle-cli
    cp "$TARGET/release/tonle" "$OUT/tonle"
    exit 0
fi

profiles=$(realpath "$OUT")/profiles
rm -rf "$profiles"
mkdir -p "$profiles"

RUSTFLAGS="-Cprofile-generate=$profiles" CARGO_TARGET_DIR=$OUT/generate \
    cargo build --release --locked -p tonle-cli
# Build scripts and proc macros ran instrumented too; only the binary's runs count.
rm -f "$profiles"/*.profraw

instrumented=$OUT/generate/release/tonle
train=$OUT/train
rm -rf "$train"
mkdir -p "$train/txt"
# The corpus is small (80 KB); read many times over, its counts weigh the paths real news
# takes, in the forms archives come in: text files, JSON lines (the corpus's documents as
# tonle's own document records write them) and gzip. Code no run reaches is optimized as
# cold, so every reader and the options that change the hot loops are run.
"$instrumented" extract -q --documents corpus -o "$train/records.jsonl"
grep '"kind":"document"' "$train/records.jsonl" >"$train/corpus.jsonl"
for ((i = 0; i < 40; i++)); do
    mkdir "$train/txt/$i"
    cp corpus/*.txt "$train/txt/$i/"
    cat "$train/corpus.jsonl"
done >"$train/news.jsonl"
gzip -c "$train/news.jsonl" >"$train/news.jsonl.gz"
echo "pgo: training on the sample corpus" >&2
# Exit status 1 is a run with warnings (the copies repeat document ids).
run() { "$instrumented" extract -q "$@" -o /dev/null 2>/dev/null || (($? == 1)); }
json=(--id-field doc --text-field text)
run "${json[@]}" "$train/news.jsonl.gz"
run "${json[@]}" --no-patterns --no-quotes "$train/news.jsonl"
run --threads 2 "$train/txt"
run --documents tests/fixtures/archive
run tests/fixtures/warc/example.warc.gz

"$profdata" merge -o "$profiles/merged.profdata" "$profiles"/*.profraw
# Named by its contents: cargo rebuilds when its flags change, not when a file they name does.
profile=$profiles/tonle-$(sha256sum "$profiles/merged.profdata" | cut -c1-16).profdata
mv "$profiles/merged.profdata" "$profile"
RUSTFLAGS="-Cprofile-use=$profile" CARGO_TARGET_DIR=$OUT/use \
    cargo build --release --locked -p tonle-cli
cp "$OUT/use/release/tonle" "$OUT/tonle"
echo "pgo: wrote $OUT/tonle" >&2
