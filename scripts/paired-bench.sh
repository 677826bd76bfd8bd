#!/usr/bin/env bash
# Paired throughput runs of two tonle binaries, for bars tighter than the machine's noise.
#
#   scripts/paired-bench.sh NEW OLD PAIRS OUT
#
# For each of PAIRS rounds and each of 1 and 2 threads with the shipped and the 146k lists,
# runs NEW and OLD once each on target/bench/news.jsonl (made by `make bench`), the order
# flipped every round, and appends one line per run to OUT: "config binary MB/s user sys
# wall". Then prints, per config, the median of the per-pair ratios NEW/OLD with a bootstrap
# 95 % interval (python3). Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
NEW=$1 OLD=$2 N=$3 OUT=$4
NEWS=target/bench/news.jsonl
LIST=${TONLE_DATA:-../shared/data}/bench/places-146k.tsv
[[ -s $NEWS && -f $LIST ]] || { echo "paired-bench: needs $NEWS (make bench) and $LIST" >&2; exit 1; }
: >"$OUT"
run() { # binary threads lists
    local extra=() log
    [[ $3 == 146k ]] && extra=(--no-default-gazetteers --gazetteer "$LIST")
    log=$(mktemp)
    /usr/bin/time -f "TIME %U %S %e" "$1" extract --threads "$2" "${extra[@]}" -o /dev/null "$NEWS" 2>"$log" || true
    echo "$(awk '/^tonle: .* MB\/s/ { n = split($0, f, ", "); for (i = 1; i <= n; i++)
        if (f[i] ~ / MB\/s/) { sub(/ MB\/s.*/, "", f[i]); print f[i] + 0 } }' "$log") $(grep ^TIME "$log" | cut -d' ' -f2-)"
    rm -f "$log"
}
for ((i = 0; i < N; i++)); do
    for t in 1 2; do
        for l in shipped 146k; do
            order="new old"
            ((i % 2)) && order="old new"
            for b in $order; do
                bin=$NEW
                [[ $b == old ]] && bin=$OLD
                echo "t$t-$l $b $(run "$bin" "$t" "$l")" >>"$OUT"
            done
        done
    done
done
python3 - "$OUT" <<'PY'
import random, statistics as st, sys
runs = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) >= 3:
        runs.setdefault(f[0], {"new": [], "old": []})[f[1]].append(float(f[2]))
random.seed(1)
for config, r in runs.items():
    n = min(len(r["new"]), len(r["old"]))
    ratios = [r["new"][i] / r["old"][i] for i in range(n)]
    boot = sorted(st.median(random.choices(ratios, k=n)) for _ in range(2000))
    print(f"{config:12} pairs {n:3}  median new/old {st.median(ratios):.3f}"
          f"  95% interval {boot[50]:.3f}-{boot[1949]:.3f}")
PY
