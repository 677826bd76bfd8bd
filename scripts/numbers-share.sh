#!/usr/bin/env bash
# Number extraction's share of the pipeline's CPU time, by perf (see BENCHMARKS.md).
#
#   scripts/numbers-share.sh OUTPUT INPUT...
#
# Runs `tonle extract --threads 1 -o OUTPUT INPUT...` under `perf record` (a frame-pointer
# release build in target/fp) and prints the inclusive share of number extraction
# (tonle_numbers::extract::extract + link::link + link::times) against all samples of the
# process (every thread, user and kernel) and against the worker's own job
# (tonle_pipeline::driver::process). Needs perf (Debian: linux-perf).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if (($# < 2)); then
    echo "usage: scripts/numbers-share.sh OUTPUT INPUT..." >&2
    exit 2
fi
if ! command -v perf > /dev/null; then
    echo "numbers-share: perf is not installed (Debian package linux-perf)." >&2
    exit 2
fi
output=$1
shift
CARGO_TARGET_DIR=target/fp RUSTFLAGS="-C force-frame-pointers=yes" \
    cargo build --quiet --release --locked -p tonle
data=$(mktemp)
report=$(mktemp)
trap 'rm -f "$data" "$report"' EXIT
perf record --quiet -F 4999 -g -o "$data" \
    target/fp/release/tonle extract --quiet --threads 1 -o "$output" "$@" 2> /dev/null
perf report -i "$data" --children --sort symbol --stdio 2> /dev/null > "$report"
share() { grep -E "\] $1 " "$report" | head -1 | awk '{print $1}' | tr -d %; }
python3 - "$(share tonle_numbers::extract::extract)" "$(share tonle_numbers::link::link)" \
    "$(share tonle_numbers::link::times)" "$(share tonle_pipeline::driver::process)" <<'PY'
import sys
extract, link, times, worker = (float(x or 0) for x in sys.argv[1:])
numbers = extract + link + times
print(f"numbers {numbers:.1f} % of the process (extract {extract:.1f}, link {link:.1f}, "
      f"times {times:.1f}); {100 * numbers / worker:.1f} % of the worker "
      f"(driver::process = {worker:.1f} % of the process)")
PY
