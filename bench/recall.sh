#!/usr/bin/env bash
# Article-level recall of AND queries, SQLite FTS5 vs newsdex, in one run (bench/recall.py).
#
#   bench/recall.sh                    # 150 queries of each kind, table on stdout
#   REINDEX=1 bench/recall.sh          # rebuild newsdex's index first (after a new binary)
#   bench/recall.sh --worst 10         # extra options go to recall.py (--help lists them)
#
# Environment: BENCH_DATA (default /work/bench-data; built with the harness's make_corpus.py
# when missing), NEWSDEX_BIN (default target/release/newsdex), BENCH_PEERS (default
# ../shared/bench-peers), NEWSDEX_CORPUS (jsonl, the default, or txt).
# Writes bench/results/recall-<date>.json and $BENCH_DATA/recall/queries.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export BENCH_DATA=${BENCH_DATA:-/work/bench-data}
export BENCH_PEERS=${BENCH_PEERS:-$(cd "$ROOT/.." && pwd)/shared/bench-peers}
export NEWSDEX_BIN=${NEWSDEX_BIN:-$ROOT/target/release/newsdex}
export NEWSDEX_CORPUS=${NEWSDEX_CORPUS:-jsonl}
if [ ! -s "$BENCH_DATA/articles.jsonl" ]; then
  nice -n 10 timeout 1800 python3 "$BENCH_PEERS/make_corpus.py" --out "$BENCH_DATA" --target-mb 0
fi
reindex=()
[ "${REINDEX:-0}" = 1 ] && reindex=(--reindex)
# recall.py bounds each system's indexing and queries itself (--timeout); this bounds the whole.
exec nice -n 10 timeout 7200 python3 bench/recall.py "${reindex[@]}" "$@"
