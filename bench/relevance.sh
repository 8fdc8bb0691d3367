#!/usr/bin/env bash
# Ranking quality of SQLite FTS5, Xapian and newsdex on the Reuters-21578 TOPICS labels, in
# one run over the same base corpus: ../shared/bench-peers/relevance.py with bench/topics.tsv,
# one table (P@10, nDCG@10, MAP@100, R@100) with the load average and the date.
#
#   bench/relevance.sh
#   REINDEX=1 bench/relevance.sh          # rebuild newsdex's index (after a new binary)
#   NEWSDEX_CORPUS=txt bench/relevance.sh # newsdex over txt/ instead of the JSONL
#
# Environment (all optional):
#   BENCH_DATA    scratch dir with the base corpus (articles.jsonl, txt/)  (default /work/bench-data)
#                 built by the harness's make_corpus.py when missing; indexes go to
#                 $BENCH_DATA/runs/newsdex-bench/<system> (shared with bench/recall.py)
#   NEWSDEX_BIN   the binary to measure                  (default target/release/newsdex)
#   BENCH_PEERS   the harness folder                     (default ../shared/bench-peers)
#   TOPICS        topics file                            (default bench/topics.tsv)
#   RESULTS       where the JSON goes                    (default bench/results)
#   SYSTEMS       subset/order of fts5,xapian,newsdex    (default all three)
#   REINDEX=1     rebuild newsdex's index; REINDEX=all rebuilds every index
#   PER_TOPIC=1   also print each system's per-topic table
#
# Writes $RESULTS/relevance-<date>.json (per-topic scores of every system, the load average,
# the binary) and keeps relevance.py's own per-system JSON in $RESULTS/raw-relevance-<date>/.
# Every external step is bounded by `timeout`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DATA=${BENCH_DATA:-/work/bench-data}
PEERS=${BENCH_PEERS:-$(cd "$ROOT/.." && pwd)/shared/bench-peers}
export BENCH_PEERS=$PEERS
export NEWSDEX_BIN=${NEWSDEX_BIN:-$ROOT/target/release/newsdex}
export NEWSDEX_CORPUS=${NEWSDEX_CORPUS:-jsonl}
TOPICS=${TOPICS:-$ROOT/bench/topics.tsv}
OUT=${RESULTS:-$ROOT/bench/results}
SYSTEMS=${SYSTEMS:-fts5,xapian,newsdex}
WORK=$DATA/runs/newsdex-bench
STAMP=$(date +%F)
RAW=$OUT/raw-relevance-$STAMP
JSON=$OUT/relevance-$STAMP.json
mkdir -p "$WORK" "$RAW"

say() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

[ -f "$PEERS/relevance.py" ] || { echo "no harness at $PEERS (set BENCH_PEERS)" >&2; exit 2; }
[ -x "$NEWSDEX_BIN" ] || { echo "no newsdex binary at $NEWSDEX_BIN (cargo build --release, or set NEWSDEX_BIN)" >&2; exit 2; }
if [ ! -s "$DATA/articles.jsonl" ]; then
  say "building the base corpus in $DATA"
  nice -n 10 timeout 1800 python3 "$PEERS/make_corpus.py" --out "$DATA" --target-mb 0
fi

adapter() {  # the adapter of a system: newsdex is ours, the peers are the harness's
  if [ "$1" = newsdex ]; then echo "$ROOT/bench/systems/newsdex"; else echo "$PEERS/systems/$1"; fi
}

has_index() {  # $1 system, $2 dir
  case "$1" in
    fts5) [ -s "$2/fts.db" ] ;;
    xapian) [ -d "$2/db" ] ;;
    newsdex) [ -d "$2/index" ] && [ -f "$2/adapter.json" ] &&
             python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["mode"] != sys.argv[2])' \
               "$2/adapter.json" "$NEWSDEX_CORPUS" ;;
    *) return 1 ;;
  esac
}

# The second judged pool: only the Reuters stories with TOPICS="YES" in the SGML (the
# ModApte convention; bench/topics_yes.py says why). Both pools are scored and printed; the
# first (every Reuters story judged) is the harness's own.
REUTERS_SGML=${REUTERS_SGML:-$(cd "$ROOT/.." && pwd)/shared/data/reuters21578}
JUDGED_YES=$DATA/articles-topics-yes.jsonl
if [ -d "$REUTERS_SGML" ] && [ ! -s "$JUDGED_YES" -o "$DATA/articles.jsonl" -nt "$JUDGED_YES" ]; then
  python3 "$ROOT/bench/topics_yes.py" "$REUTERS_SGML" "$DATA/articles.jsonl" "$JUDGED_YES"
fi

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date -Iseconds)
for sys in ${SYSTEMS//,/ }; do
  dir=$WORK/$sys
  ad=$(adapter "$sys")
  if [ "${REINDEX:-0}" = all ] || { [ "${REINDEX:-0}" = 1 ] && [ "$sys" = newsdex ]; } || ! has_index "$sys" "$dir"; then
    say "$sys: indexing into $dir"
    nice -n 10 timeout 3600 "$ad" index --jsonl "$DATA/articles.jsonl" --txt "$DATA/txt" --index "$dir" >/dev/null
  elif [ "$sys" = newsdex ] && [ "$NEWSDEX_BIN" -nt "$dir/index" ]; then
    say "warning: $NEWSDEX_BIN is newer than its index in $dir: REINDEX=1 to rebuild it"
  fi
  say "$sys: relevance"
  per_topic=()
  [ "${PER_TOPIC:-0}" = 1 ] && per_topic=(--per-topic)
  # relevance.py bounds the system command itself (--timeout); timeout bounds the rest.
  timeout 2400 python3 "$PEERS/relevance.py" --jsonl "$DATA/articles.jsonl" --topics "$TOPICS" \
    --run "$(printf '%q ' "$ad" batch --index "$dir" --k 300)" --timeout 1800 \
    --json "$RAW/$sys.json" "${per_topic[@]}" | sed "s/^/$sys: /" >&2
  if [ -s "$JUDGED_YES" ]; then
    say "$sys: relevance, only TOPICS=YES stories judged"
    timeout 2400 python3 "$PEERS/relevance.py" --jsonl "$JUDGED_YES" --topics "$TOPICS" \
      --run "$(printf '%q ' "$ad" batch --index "$dir" --k 300)" --timeout 1800 \
      --json "$RAW/$sys.topics-yes.json" "${per_topic[@]}" | sed "s/^/$sys (YES): /" >&2
  fi
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$JSON" "$RAW" "$SYSTEMS" "$START" "$LOAD_START" "$LOAD_END" "$TOPICS" "$NEWSDEX_BIN" <<'EOF'
import datetime, json, os, subprocess, sys
from pathlib import Path
out, raw, systems, start, load0, load1, topics, nbin = sys.argv[1:]
systems = systems.split(",")
res = {s: json.loads((Path(raw) / f"{s}.json").read_text()) for s in systems}
yes_files = {s: Path(raw) / f"{s}.topics-yes.json" for s in systems}
res_yes = {s: json.loads(f.read_text()) for s, f in yes_files.items() if f.exists()}
ver = subprocess.run([nbin, "--version"], capture_output=True, text=True).stdout.strip()
mtime = datetime.datetime.fromtimestamp(os.path.getmtime(nbin)).isoformat(timespec="seconds")
summary = lambda r: {"mean": r["mean"], "topics": r["topics"], "skipped": r["skipped"],
                     "per_topic": r["per_topic"]}
doc = {"started": start, "finished": datetime.datetime.now().isoformat(timespec="seconds"),
       "load_avg_start": load0, "load_avg_end": load1, "topics_file": topics,
       "newsdex_bin": nbin, "newsdex_version": ver, "newsdex_bin_mtime": mtime,
       "newsdex_corpus": os.environ.get("NEWSDEX_CORPUS"),
       "systems": {s: summary(r) for s, r in res.items()},
       "systems_topics_yes": {s: summary(r) for s, r in res_yes.items()}}
Path(out).write_text(json.dumps(doc, indent=1) + "\n")
print(f"Relevance on Reuters-21578 TOPICS ({topics}), {start} -> {doc['finished']}")
print(f"load average (1/5/15 min): start {load0}, end {load1}; "
      f"newsdex: {nbin} ({ver}, built {mtime}, corpus {doc['newsdex_corpus']})")
print()
print("| system | judged | topics | P@10 | nDCG@10 | MAP@100 | R@100 |")
print("|---|---|---|---|---|---|---|")
for pool, rs in (("every Reuters story", res), ('TOPICS="YES" stories', res_yes)):
    for s, r in rs.items():
        m = r["mean"]
        print(f"| {s} | {pool} | {r['topics']} | {m['P@10']:.3f} | {m['nDCG@10']:.3f} "
              f"| {m['MAP@100']:.3f} | {m['R@100']:.3f} |")
print()
print(f"per-topic scores: {out}")
EOF
