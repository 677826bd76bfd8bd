#!/usr/bin/env bash
# Throughput benchmark: the tonle pipeline vs. a bare Aho-Corasick scan (barescan) of the same bytes.
# Run from the repository root by `make bench`.
#
#   TONLE_DATA     shared data folder (default ../shared/data, relative to the repo root)
#   BENCH_THREADS  thread counts to measure (default "1 2")
#   BENCH_RUNS     runs per measurement; the best one is reported (default 3)
#   BENCH_BASELINE another tonle binary (an older build) to measure in the same run, each of
#                  its runs right after the new binary's, so that both see the same machine
#   BENCH_NEW_ARGS extra arguments for this build only, with BENCH_BASELINE: to turn off what
#                  the older build did not do (e.g. "--no-patterns --no-quotes")
#   BENCH_BASELINE_LISTS  with BENCH_BASELINE: the folder of the lists the older build shipped
#                  (e.g. `git archive b98ede2 gazetteers | tar -x -C /tmp/old`); this build
#                  reads them instead of its own in the "shipped" rows, so that both match
#                  the same names (rows "baseline's")
#   BENCH_PGO      1 (default): measure the profile-guided build of `make release`
#                  (scripts/pgo.sh, target/pgo/tonle); 0: the plain `cargo build --release`
set -euo pipefail
shopt -s inherit_errexit

caller_dir=$PWD
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -n "${TONLE_DATA:-}" ]]; then
    case $TONLE_DATA in
        /*) DATA=$TONLE_DATA ;;
        *) DATA=$caller_dir/$TONLE_DATA ;;
    esac
else
    DATA=../shared/data
fi
THREADS=${BENCH_THREADS:-1 2}
RUNS=${BENCH_RUNS:-3}
LIST=$DATA/bench/places-146k.tsv

if [[ ! -d $DATA/news ]]; then
    echo "bench: no news corpus at $DATA/news; set TONLE_DATA to the shared data folder. Skipping." >&2
    exit 0
fi
if [[ ! -f $LIST ]]; then
    echo "bench: no benchmark gazetteer at $LIST. Skipping." >&2
    exit 0
fi
shopt -s nullglob
inputs=("$DATA"/news/*.jsonl.gz)
shopt -u nullglob
if ((${#inputs[@]} == 0)); then
    echo "bench: no *.jsonl.gz files in $DATA/news. Skipping." >&2
    exit 0
fi
mapfile -t inputs < <(printf '%s\n' "${inputs[@]}" | LC_ALL=C sort)

cargo build --release -p tonle-cli -p tonle-bench

TARGET=${CARGO_TARGET_DIR:-target}
TONLE=$TARGET/release/tonle
if [[ ${BENCH_PGO:-1} == 1 ]]; then
    # Built again only when a source, the lock file or the build scripts changed since.
    if [[ ! -x $TARGET/pgo/tonle ]] ||
        [[ -n $(find crates gazetteers corpus Cargo.toml Cargo.lock scripts/pgo.sh \
            -newer "$TARGET/pgo/tonle" -print -quit) ]]; then
        scripts/pgo.sh
    fi
    TONLE=$TARGET/pgo/tonle
fi
echo "bench: measuring $TONLE" >&2
BARESCAN=$TARGET/release/barescan
OUT=$TARGET/bench
NEWS=$OUT/news.jsonl
mkdir -p "$OUT"

stale=0
if [[ ! -s $NEWS ]]; then
    stale=1
else
    for f in "${inputs[@]}"; do
        [[ $f -nt $NEWS ]] && stale=1
    done
fi
if ((stale)); then
    echo "bench: writing $NEWS from ${#inputs[@]} files" >&2
    zcat "${inputs[@]}" >"$NEWS.tmp"
    mv "$NEWS.tmp" "$NEWS"
fi
BYTES=$(stat -c %s "$NEWS")
echo "bench: input $NEWS, $BYTES bytes; gazetteer $LIST; best of $RUNS runs" >&2

# Best of $RUNS runs of a tonle command (exit 0 or 1 counts as success). Prints two numbers:
# the best MB/s of the run itself, as tonle's summary reports it (reading, parsing, extracting,
# writing; not loading the gazetteers, just as barescan's figure excludes building its
# automaton), and the best wall-clock seconds of the whole process, start-up included.
best_run() {
    local best_s="" best_mbps="" start end rc i log=$OUT/tonle.log
    for ((i = 0; i < RUNS; i++)); do
        start=$(date +%s.%N)
        rc=0
        "$@" 2>"$log" || rc=$?
        end=$(date +%s.%N)
        if ((rc != 0 && rc != 1)); then
            echo "bench: '$*' failed with exit code $rc:" >&2
            cat "$log" >&2
            return 1
        fi
        best_s=$(awk -v s="$start" -v e="$end" -v b="$best_s" \
            'BEGIN { t = e - s; if (b == "" || t < b) b = t; printf "%.6f", b }')
        best_mbps=$(awk -v b="$best_mbps" '/^tonle: .* MB\/s/ {
                n = split($0, f, ", ")
                for (i = 1; i <= n; i++) if (f[i] ~ / MB\/s/) { sub(/ MB\/s.*/, "", f[i]); v = f[i] + 0 }
            }
            END { if (b == "" || v > b) b = v; printf "%.2f", b }' "$log")
    done
    echo "$best_mbps $best_s"
}

# Best mb_per_s that barescan reports over $RUNS runs.
best_barescan() {
    local best="" line i
    for ((i = 0; i < RUNS; i++)); do
        line=$("$BARESCAN" "$@" 2>"$OUT/barescan.log") || {
            echo "bench: barescan $* failed:" >&2
            cat "$OUT/barescan.log" >&2
            return 1
        }
        best=$(awk -v l="$line" -v b="$best" 'BEGIN {
            n = split(l, kv, " ")
            for (i = 1; i <= n; i++) if (kv[i] ~ /^mb_per_s=/) { sub(/^mb_per_s=/, "", kv[i]); v = kv[i] + 0 }
            if (b == "" || v > b) b = v
            printf "%.2f", b }')
    done
    grep -h -e 'automaton kind' -e build_seconds "$OUT/barescan.log" | tr '\n' ' ' | sed 's/ $/\n/' >&2
    echo "$best"
}

mbps() { awk -v b="$BYTES" -v s="$1" 'BEGIN { printf "%.2f", b / 1e6 / s }'; }

# The best MB/s of BENCH_RUNS alternating runs of tonle and the baseline binary, one line
# per binary: "new MB/s" then "baseline MB/s".
versus() {
    local best_new="" best_old="" i log=$OUT/versus.log v
    local new_args
    read -r -a new_args <<<"${BENCH_NEW_ARGS:-}"
    for ((i = 0; i < RUNS; i++)); do
        for bin in "$TONLE" "$BENCH_BASELINE"; do
            if [[ $bin == "$TONLE" ]]; then
                "$bin" "$@" "${new_args[@]}" 2>"$log" || true
            else
                "$bin" "$@" 2>"$log" || true
            fi
            v=$(awk '/^tonle: .* MB\/s/ { n = split($0, f, ", ")
                for (i = 1; i <= n; i++) if (f[i] ~ / MB\/s/) { sub(/ MB\/s.*/, "", f[i]); print f[i] + 0 } }' "$log")
            if [[ $bin == "$TONLE" ]]; then
                best_new=$(awk -v v="$v" -v b="$best_new" 'BEGIN { print (b == "" || v > b) ? v : b }')
            else
                best_old=$(awk -v v="$v" -v b="$best_old" 'BEGIN { print (b == "" || v > b) ? v : b }')
            fi
        done
    done
    echo "$best_new $best_old"
}

if [[ -n "${BENCH_BASELINE:-}" ]]; then
    echo "bench: this build${BENCH_NEW_ARGS:+ (with $BENCH_NEW_ARGS)} against $BENCH_BASELINE, alternating, best of $RUNS" >&2
    printf '%-8s %-10s %14s %14s %8s\n' threads lists "new MB/s" "baseline MB/s" "new/old"
    for t in $THREADS; do
        for lists in shipped 146k; do
            extra=()
            [[ $lists == 146k ]] && extra=(--no-default-gazetteers --gazetteer "$LIST")
            label=$lists
            if [[ $lists == shipped && -n ${BENCH_BASELINE_LISTS:-} ]]; then
                label="baseline's"
                read -r new old < <(BENCH_NEW_ARGS="${BENCH_NEW_ARGS:-} --no-default-gazetteers \
                    --gazetteer $BENCH_BASELINE_LISTS" versus extract --threads "$t" -o /dev/null "$NEWS")
            else
                read -r new old < <(versus extract --threads "$t" "${extra[@]}" -o /dev/null "$NEWS")
            fi
            printf '%-8s %-10s %14s %14s %8s\n' "$t" "$label" "$new" "$old" \
                "$(awk -v n="$new" -v o="$old" 'BEGIN { printf "%.3f", n / o }')"
        done
    done
    exit 0
fi

rows=()
for t in $THREADS; do
    echo "bench: threads=$t" >&2
    read -r p_shipped s_shipped < <(best_run "$TONLE" extract --threads "$t" \
        -o "$OUT/out-shipped.jsonl" "$NEWS")
    read -r p_146k s_146k < <(best_run "$TONLE" extract --threads "$t" \
        --no-default-gazetteers --gazetteer "$LIST" \
        -o "$OUT/out-146k.jsonl" "$NEWS")
    bare=$(best_barescan --threads "$t" --list "$LIST" "$NEWS")
    w_shipped=$(mbps "$s_shipped")
    w_146k=$(mbps "$s_146k")
    ratio=$(awk -v p="$p_146k" -v b="$bare" 'BEGIN { printf "%.3f", p / b }')
    rows+=("$t $p_shipped $w_shipped $p_146k $w_146k $bare $ratio")
done

echo
printf '%-8s %16s %16s %16s %16s %16s %18s\n' threads "shipped MB/s" "(wall MB/s)" "146k MB/s" "(wall MB/s)" "barescan MB/s" "146k/barescan"
for r in "${rows[@]}"; do
    # shellcheck disable=SC2086
    printf '%-8s %16s %16s %16s %16s %16s %18s\n' $r
done
echo "MB/s: the run as tonle's summary reports it (gazetteer loading excluded, as barescan excludes"
echo "building its automaton); (wall MB/s): the whole process, start-up and gazetteer loading included."
echo
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo "machine: nproc=$(nproc) cpu=\"${cpu:-unknown}\" $(rustc -V)"
echo "input: $NEWS ($BYTES bytes, $(wc -l <"$NEWS") lines); MB = 1e6 bytes; best of $RUNS runs"
