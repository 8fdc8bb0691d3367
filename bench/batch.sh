#!/usr/bin/env bash
# Batch queries vs separate processes, and `stats --by month` over every article.
#
#   bench/batch.sh                 # corpus: ../shared/data/bbc
#   BENCH_CORPUS=DIR bench/batch.sh
#   BENCH_QUERIES=N bench/batch.sh # default 1000
#
# Prints: batch queries/s (2 threads and 1 thread), per-query p50/p95 latency (measured
# inside the process, from --timings), the same queries as N separate processes, their
# ratio, and the time of `stats --by month` / `--by outlet` over every article.
# Reuters-21578 (../shared/data/reuters21578) joins once the SGML reader is merged:
# point BENCH_CORPUS at ../shared/data to index both.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CORPUS=${BENCH_CORPUS:-$ROOT/../shared/data/bbc}
N=${BENCH_QUERIES:-1000}
if [ ! -d "$CORPUS" ]; then
    echo "bench/batch.sh: skipped: no corpus at $CORPUS"
    exit 0
fi
cargo build --release --quiet
BIN=$ROOT/target/release/newsdex
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
IX=$WORK/ix
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

echo "corpus: $CORPUS"
t0=$(now)
"$BIN" --index "$IX" index "$CORPUS" -q
t1=$(now)
"$BIN" --index "$IX" info | sed -n '3,6p'
echo "index build: $(secs "$t0" "$t1") s"

# N queries drawn deterministically from the corpus's own title lines: single words,
# word pairs, "phrases", OR and -exclusion, in turn.
set +o pipefail
find "$CORPUS" -type f \( -name '*.txt' -o -name '*.sgm' \) | LC_ALL=C sort | head -3000 |
    while read -r f; do head -n 1 "$f"; done |
    tr -c 'A-Za-z\n ' ' ' | tr 'A-Z' 'a-z' |
    awk -v n="$N" '
        { m = 0; for (i = 1; i <= NF; i++) if (length($i) >= 5) w[++m] = $i
          if (m < 2) next
          k = q % 5
          if (k == 0) line = w[1]
          else if (k == 1) line = w[1] " " w[2]
          else if (k == 2) line = "\"" w[1] " " w[2] "\""
          else if (k == 3) line = w[1] " OR " w[2]
          else line = w[1] " -" w[2]
          print line; q++
          if (q >= n) exit }' > "$WORK/queries.txt"
set -o pipefail
NQ=$(wc -l < "$WORK/queries.txt")
echo "queries: $NQ (e.g. $(sed -n '1p;2p;3p;4p;5p' "$WORK/queries.txt" | paste -sd '|' -))"

run_batch() { # threads -> "wall user sys" seconds
    /usr/bin/time -f "%e %U %S" -o "$WORK/time-$1" \
        "$BIN" --index "$IX" search --queries "$WORK/queries.txt" --format json -j "$1" \
        --timings "$WORK/timings-$1.tsv" > "$WORK/batch-$1.jsonl" || [ $? -eq 1 ]
    tail -n 1 "$WORK/time-$1"
}
report() { # label, "wall user sys"
    set -- "$1" $2
    awk -v l="$1" -v n="$NQ" -v w="$2" -v u="$3" -v s="$4" 'BEGIN {
        printf "%s: %d queries in %.3f s wall = %.0f queries/s; CPU %.3f s (user+sys) = %.0f queries per CPU-second\n",
            l, n, w, n / w, u + s, n / (u + s) }'
}
pct() { # file, percentile
    cut -f2 "$1" | LC_ALL=C sort -n | awk -v p="$2" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.3f", v[i] / 1000 }'
}

run_batch 2 > /dev/null # warm the page cache
echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
T2=$(run_batch 2)
T1=$(run_batch 1)
B2=${T2%% *}
echo "batch output: $(wc -l < "$WORK/batch-2.jsonl") JSON lines (top 10 articles per query, highlights)"
report "batch, 2 threads" "$T2"
report "batch, 1 thread " "$T1"
echo "one-query batch process (start-up, index open, corpus freshness check): $(echo zzzzq > "$WORK/one.txt"; /usr/bin/time -f %e "$BIN" --index "$IX" search --queries "$WORK/one.txt" 2>&1 >/dev/null | tail -n 1) s"
echo "per-query latency, 2 threads: p50 $(pct "$WORK/timings-2.tsv" 50) ms, p95 $(pct "$WORK/timings-2.tsv" 95) ms"
echo "per-query latency, 1 thread:  p50 $(pct "$WORK/timings-1.tsv" 50) ms, p95 $(pct "$WORK/timings-1.tsv" 95) ms"

t0=$(now)
while IFS= read -r q; do
    "$BIN" --index "$IX" search --format json -- "$q" > /dev/null || [ $? -eq 1 ]
done < "$WORK/queries.txt"
t1=$(now)
SEP=$(secs "$t0" "$t1")
echo "separate processes: $NQ queries in $SEP s = $(awk -v n="$NQ" -v s="$SEP" 'BEGIN { printf "%.0f", n / s }') queries/s"
echo "ratio separate/batch (2 threads): $(awk -v a="$SEP" -v b="$B2" 'BEGIN { printf "%.1f", a / b }')x"

for by in month outlet; do
    "$BIN" --index "$IX" stats --by "$by" --json > /dev/null
    t0=$(now)
    "$BIN" --index "$IX" stats --by "$by" --json > "$WORK/stats.json"
    t1=$(now)
    echo "stats --by $by over every article: $(secs "$t0" "$t1") s (whole process; $(head -c 200 "$WORK/stats.json" | tr -d '\n' | sed 's/"rows".*//'))"
done
t0=$(now)
"$BIN" --index "$IX" stats said --by month --by outlet --csv > /dev/null
t1=$(now)
echo "stats said --by month --by outlet: $(secs "$t0" "$t1") s"

# The BBC set has no dates, so the time buckets above are empty. For a dated index of
# Reuters-21578 + BBC size, build one from the same texts: 24,000 JSON Lines articles,
# dates spread over Feb-Oct 1987 (as Reuters), five outlets.
if command -v python3 > /dev/null; then
    mkdir -p "$WORK/dated"
    python3 - "$CORPUS" "$WORK/dated/dated.jsonl" <<'PY'
import json, os, sys, datetime
root, out = sys.argv[1], sys.argv[2]
texts = []
for d, _, files in sorted(os.walk(root)):
    for f in sorted(files):
        if f.endswith(".txt") and f[:-4].isdigit():
            with open(os.path.join(d, f), "rb") as fh:
                t = fh.read().decode("utf-8", "replace").split("\n", 1)
            texts.append((t[0].strip(), t[1].strip() if len(t) > 1 else ""))
start = datetime.date(1987, 2, 26)
with open(out, "w") as fh:
    for i in range(24000):
        title, body = texts[i % len(texts)]
        day = start + datetime.timedelta(days=(i * 7919) % 237)
        fh.write(json.dumps({"title": title, "body": body, "outlet": "Wire %d" % (i % 5),
                             "date": day.isoformat()}) + "\n")
PY
    "$BIN" --index "$WORK/dix" index "$WORK/dated" -q
    "$BIN" --index "$WORK/dix" info | sed -n '3,6p'
    for args in "--by month" "--by week" "--by month --by outlet" "said --by month" "said --by day --by outlet"; do
        # shellcheck disable=SC2086
        "$BIN" --index "$WORK/dix" stats $args --json > /dev/null
        t0=$(now)
        # shellcheck disable=SC2086
        "$BIN" --index "$WORK/dix" stats $args --json > "$WORK/stats.json"
        t1=$(now)
        echo "dated 24k: stats $args: $(secs "$t0" "$t1") s (whole process; $(head -c 120 "$WORK/stats.json" | sed 's/"by".*//')…)"
    done
else
    echo "python3 not found: skipped the dated 24k-article stats timing"
fi
