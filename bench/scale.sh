#!/usr/bin/env bash
# newsdex at 22k articles and at ~1M: indexing and a fresh `newsdex search` process per
# query, each beside SQLite FTS5 on the same corpus and `/bin/true`, all in one run.
#
#   bench/scale.sh                          # base corpus (22k) + the ~1 GB scaled corpus (~1M articles)
#   SCALE_MB=50 bench/scale.sh              # quick check on a 50 MB scaled corpus (~52k articles)
#   SKIP_INDEX=1 bench/scale.sh             # reuse the indexes of an earlier run (fresh-process only)
#   bench/fresh_process.sh                  # the same as SKIP_INDEX=1 bench/scale.sh
#
# What it does:
#   1. corpora: the base corpus (BENCH_DATA/articles.jsonl + txt/, built by make_corpus.py
#      if missing) and the scaled one of SCALE_MB MB of article text, built once with
#      `make_corpus.py --skip-base --target-mb SCALE_MB --name NAME` and cached in BENCH_DATA
#      (NAME = large for 1000 MB, large-<N>mb otherwise, as in run_peers.sh; txt form:
#      NAME_txt/c000/ .. cNNN/, one folder per copy of the base corpus, one <id>.txt per
#      article, ~22k files per folder).
#   2. indexing, for each corpus: `newsdex index TXT --index DIR --rebuild` and the
#      harness's `systems/fts5 index` (python sqlite3, bulk insert + optimize), each under
#      /usr/bin/time -v: wall, user+sys CPU, CPU/wall, MB/s of article text (manifest.json's
#      text_mb), peak RSS, index size (du -sb) and its ratio to the text; beside it the read
#      floor (cat of every input file, warm cache).
#   3. fresh process per query: the harness's adapters' `argv` commands (newsdex: `newsdex
#      search --index DIR -n 10 QUERY`; fts5: `sqlite3 -readonly fts.db "SELECT ... LIMIT
#      10"`) for both corpora and /bin/true, run round-robin in one rotation (RUNS timed runs
#      after WARMUP), median and p90 per query, then ratios: newsdex 1M / 22k, newsdex /
#      sqlite3 at each size.
#
# Knobs (environment):
#   SCALE_MB=1000        size of the scaled corpus (MB of article text)
#   BENCH_DATA=/work/bench-data   corpora, indexes, results (scratch, outside the repo)
#   NEWSDEX_BIN=<repo>/target/release/newsdex   (copied to BENCH_DATA/bin/newsdex-<sha256> and run
#                        from there, so a rebuild during the run changes nothing; PIN_BIN=0: not)
#   RUNS=7 WARMUP=1      fresh-process runs per query and command
#   QIDS=q01,q13,q14,q20,q27,q29,q38,q41   queries (qids of bench-peers/queries.txt)
#   SKIP_INDEX=1         reuse indexes built earlier (their recorded figures are shown); the
#                        newsdex ones only if built by the same binary (sha256), else they
#                        are rebuilt; SKIP_INDEX=force reuses them anyway
#   SKIP_FTS5=1          no SQLite FTS5 (index and fresh process)
#   WALK_FLOOR=1         also time `find TXT -type f -newer REF` per corpus in the rotation:
#                        listing and stat'ing every file, the floor of a per-search staleness walk
#   CORPORA="base NAME"  which corpora (default both)
#   NICE=15              the whole run is niced (shared machine); 0 for none
#   INDEX_TIMEOUT=5400 CORPUS_TIMEOUT=7200 QUERY_TIMEOUT=120   seconds
#   PEERS (or BENCH_PEERS)=/work/shared/bench-peers   the harness (read-only)
#   NEWSDEX_ADAPTER=bench/systems/newsdex (else the harness's): its `argv` gives the search command
#   RESULTS=BENCH_DATA/scale/results/<date-time>   where table.md and the raw JSON go
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

NICE=${NICE:-15}
if [ "$NICE" != 0 ] && [ -z "${_SCALE_NICED:-}" ]; then
  export _SCALE_NICED=1
  exec nice -n "$NICE" "$0" "$@"
fi

SCALE_MB=${SCALE_MB:-1000}
BENCH_DATA=${BENCH_DATA:-/work/bench-data}
NEWSDEX_BIN=${NEWSDEX_BIN:-$repo/target/release/newsdex}
RUNS=${RUNS:-7}
WARMUP=${WARMUP:-1}
QIDS=${QIDS:-q01,q13,q14,q20,q27,q29,q38,q41}
SKIP_INDEX=${SKIP_INDEX:-0}
SKIP_FTS5=${SKIP_FTS5:-0}
INDEX_TIMEOUT=${INDEX_TIMEOUT:-5400}
CORPUS_TIMEOUT=${CORPUS_TIMEOUT:-7200}
QUERY_TIMEOUT=${QUERY_TIMEOUT:-120}
PEERS=${PEERS:-${BENCH_PEERS:-/work/shared/bench-peers}}
# newsdex's adapter, for its `argv` (the fresh-process command): the project's copy, which
# follows the CLI, else the harness's
NEWSDEX_ADAPTER=${NEWSDEX_ADAPTER:-$here/systems/newsdex}
[ -x "$NEWSDEX_ADAPTER" ] || NEWSDEX_ADAPTER=$PEERS/systems/newsdex
if [ "${SCALE_MB%.*}" = 1000 ]; then scaled=large; else scaled="large-${SCALE_MB}mb"; fi
CORPORA=${CORPORA:-base $scaled}
RESULTS=${RESULTS:-$BENCH_DATA/scale/results/$(date +%F-%H%M%S)}
export NEWSDEX_BIN BENCH_DATA
lib="$here/scale_lib.py"

say() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
now_ns() { date +%s%N; }

[ -x "$NEWSDEX_BIN" ] || { echo "no newsdex binary at $NEWSDEX_BIN (cargo build --release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install -y time" >&2; exit 2; }
[ "$SKIP_FTS5" = 1 ] || command -v sqlite3 >/dev/null || { echo "sqlite3 CLI missing (or SKIP_FTS5=1)" >&2; exit 2; }
mkdir -p "$BENCH_DATA" "$RESULTS"

load_start=$(loadavg)
# Pin the binary: the run uses a copy, so a rebuild of target/release during the run
# changes nothing (BENCH_DATA/bin/newsdex-<sha256>).
bin_src=$NEWSDEX_BIN
if [ "${PIN_BIN:-1}" = 1 ] && [[ "$NEWSDEX_BIN" != "$BENCH_DATA"/bin/newsdex-* ]]; then
  mkdir -p "$BENCH_DATA/bin"
  cp -p "$NEWSDEX_BIN" "$BENCH_DATA/bin/.newsdex.$$"
  bin_sha=$(sha256sum "$BENCH_DATA/bin/.newsdex.$$" | cut -c1-12)
  NEWSDEX_BIN=$BENCH_DATA/bin/newsdex-$bin_sha
  mv "$BENCH_DATA/bin/.newsdex.$$" "$NEWSDEX_BIN"
  export NEWSDEX_BIN
else
  bin_sha=$(sha256sum "$NEWSDEX_BIN" | cut -c1-12)
fi
bin_ver=$("$NEWSDEX_BIN" --version 2>/dev/null || echo '?')
bin_time=$(date -r "$bin_src" '+%F %T')
git_rev=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')
say "load average at start: $load_start"
say "newsdex: $bin_src -> $NEWSDEX_BIN ($bin_ver, built $bin_time, sha256 $bin_sha; repo HEAD $git_rev)"

# --- 1. corpora -------------------------------------------------------------------
if [ ! -s "$BENCH_DATA/articles.jsonl" ] || [ ! -d "$BENCH_DATA/txt" ]; then
  say "building the base corpus"
  timeout "$CORPUS_TIMEOUT" python3 "$PEERS/make_corpus.py" --out "$BENCH_DATA" --target-mb 0
fi
for c in $CORPORA; do
  [ "$c" = base ] && continue
  mb=$SCALE_MB
  [ "$c" = large ] || mb=$(sed -n 's/^large-\([0-9.]*\)mb$/\1/p' <<<"$c")
  python3 "$lib" corpus --peers "$PEERS" --data "$BENCH_DATA" --mb "$mb" --name "$c" \
    --timeout "$CORPUS_TIMEOUT" --nice 0
done

entry() { python3 "$lib" entry --data "$BENCH_DATA" --name "$1"; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# --- 2. indexing ------------------------------------------------------------------
# measure_index SYSTEM CORPUS: builds BENCH_DATA/scale/CORPUS/SYSTEM and writes
# BENCH_DATA/scale/CORPUS/SYSTEM.json (the figures; also the "index is complete" mark).
measure_index() {
  local sys=$1 corpus=$2 e jsonl txt text_mb dir json tf out rc t0 t1 rf0 rf1 articles
  e=$(entry "$corpus"); jsonl=$(field "$e" jsonl); txt=$(field "$e" txt_dir); text_mb=$(field "$e" text_mb)
  dir=$BENCH_DATA/scale/$corpus/$sys
  json=$BENCH_DATA/scale/$corpus/$sys.json
  mkdir -p "$BENCH_DATA/scale/$corpus"
  # newsdex's index is reused only if the same binary built it (another build may not read
  # it); SKIP_INDEX=force reuses it anyway
  if { [ "$SKIP_INDEX" = force ] || { [ "$SKIP_INDEX" = 1 ] && { [ "$sys" != newsdex ] \
         || grep -q "\"binary_sha\": \"$bin_sha\"" "$json" 2>/dev/null; }; }; } \
     && [ -s "$json" ] && [ -d "$dir" ]; then
    say "$corpus/$sys: reusing the index built earlier ($(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["built"], "binary", d.get("binary_sha", "-"))' "$json"))"
    python3 - "$json" "$RESULTS/index-$corpus-$sys.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1])); d["reused"] = True
json.dump(d, open(sys.argv[2], "w"), indent=1)
EOF
    return 0
  fi
  rm -rf "$dir" "$json"
  tf=$(mktemp); out=$(mktemp)
  # Read floor (and page-cache warm-up): every input file through cat.
  rf0=$(now_ns)
  if [ "$sys" = newsdex ]; then
    find "$txt" -type f -print0 | xargs -0 cat > /dev/null
  else
    cat "$jsonl" > /dev/null
  fi
  rf1=$(now_ns)
  say "$corpus/$sys: indexing (timeout ${INDEX_TIMEOUT}s), load $(loadavg)"
  if [ "$sys" = newsdex ]; then
    mkdir -p "$dir"
    cmd=("$NEWSDEX_BIN" index "$txt" --index "$dir/index" --rebuild)
  else
    cmd=("$PEERS/systems/fts5" index --jsonl "$jsonl" --index "$dir")
  fi
  echo "${cmd[*]}" > "$RESULTS/index-$corpus-$sys.cmd"
  t0=$(now_ns)
  set +e
  timeout --kill-after=30 "$INDEX_TIMEOUT" /usr/bin/time -v -o "$tf" "${cmd[@]}" > "$out" 2>&1
  rc=$?
  set -e
  t1=$(now_ns)
  cp "$out" "$RESULTS/index-$corpus-$sys.log"
  if [ $rc != 0 ]; then
    say "$corpus/$sys: indexing FAILED (exit $rc$([ $rc = 124 ] && echo ', timeout')): $(tail -c 600 "$out")"
    rm -f "$tf" "$out"
    return 1
  fi
  if [ "$sys" = newsdex ]; then
    articles=$("$NEWSDEX_BIN" info --json --index "$dir/index" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("articles") or 0)')
  else
    articles=$(tail -1 "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("docs") or 0)')
  fi
  python3 - "$json" "$tf" <<EOF
import json, re, sys
t = open(sys.argv[2]).read()
def g(key):
    m = re.search(r"^\s*" + re.escape(key) + r":\s*(\S+)\s*$", t, re.M)
    return m.group(1) if m else None
user, syst, rss = g("User time (seconds)"), g("System time (seconds)"), g("Maximum resident set size (kbytes)")
import subprocess
size = int(subprocess.run(["du", "-sb", "$dir"], capture_output=True, text=True).stdout.split()[0])
d = {"corpus": "$corpus", "system": "$sys", "articles": int("$articles"), "text_mb": float("$text_mb"),
     "wall_s": ($t1 - $t0) / 1e9, "cpu_s": float(user) + float(syst) if user and syst else None,
     "user_s": float(user) if user else None, "sys_s": float(syst) if syst else None,
     "peak_rss_mb": int(rss) / 1024 if rss else None, "index_bytes": size,
     "read_floor_s": ($rf1 - $rf0) / 1e9, "command": open("$RESULTS/index-$corpus-$sys.cmd").read().strip(),
     "built": "$(date '+%F %T')", "load_before": "$(cut -d' ' -f1-3 /proc/loadavg)",
     "binary_sha": "$bin_sha" if "$sys" == "newsdex" else None, "nice": int("$NICE")}
json.dump(d, open(sys.argv[1], "w"), indent=1)
EOF
  cp "$json" "$RESULTS/index-$corpus-$sys.json"
  say "$corpus/$sys: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("{:,} articles, {:.1f}s wall, {:.1f}s CPU, {:.1f} MB, peak RSS {:.0f} MB".format(d["articles"], d["wall_s"], d["cpu_s"] or 0, d["index_bytes"]/1e6, d["peak_rss_mb"] or 0))' "$json")"
  rm -f "$tf" "$out"
}

systems=(newsdex)
[ "$SKIP_FTS5" = 1 ] || systems+=(fts5)
index_jsons=()
for c in $CORPORA; do
  for s in "${systems[@]}"; do
    if measure_index "$s" "$c"; then
      index_jsons+=(--index-json "$RESULTS/index-$c-$s.json")
    fi
  done
done
if [ "$SKIP_INDEX" = force ]; then
  for c in $CORPORA; do
    j=$BENCH_DATA/scale/$c/newsdex.json
    sha=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("binary_sha"))' "$j" 2>/dev/null || echo '?')
    [ "$sha" = "$bin_sha" ] || say "note: $c/newsdex index was built by binary $sha, searching with $bin_sha"
  done
fi

# --- 3. fresh process per query ---------------------------------------------------------
say "fresh-process latency: $QIDS, $RUNS runs after $WARMUP warm-up, load $(loadavg)"
specs=()
ratios=()
label() { if [ "$1" = base ]; then echo "$2@22k"; else echo "$2@$1"; fi; }
for c in $CORPORA; do
  [ -d "$BENCH_DATA/scale/$c/newsdex/index" ] && specs+=(--system "$(label "$c" newsdex)=$NEWSDEX_ADAPTER:$BENCH_DATA/scale/$c/newsdex")
  if [ "$SKIP_FTS5" != 1 ] && [ -s "$BENCH_DATA/scale/$c/fts5/fts.db" ]; then
    specs+=(--system "$(label "$c" sqlite3)=$PEERS/systems/fts5:$BENCH_DATA/scale/$c/fts5")
    ratios+=(--ratio "$(label "$c" newsdex)/$(label "$c" sqlite3)")
  fi
done
# scaled / base, for each tool; then newsdex / the process floor
set -- $CORPORA
if [ $# -ge 2 ]; then
  ratios=(--ratio "$(label "$2" newsdex)/$(label "$1" newsdex)" --ratio "$(label "$2" sqlite3)/$(label "$1" sqlite3)" "${ratios[@]}")
fi
for c in $CORPORA; do ratios+=(--ratio "$(label "$c" newsdex)//bin/true"); done
if [ "${WALK_FLOOR:-0}" = 1 ]; then   # what stat'ing every corpus file costs (a staleness walk)
  for c in $CORPORA; do
    e=$(entry "$c")
    specs+=(--walk "$(label "$c" walk)=$(field "$e" txt_dir):$BENCH_DATA/scale/$c/newsdex.json")
    ratios+=(--ratio "$(label "$c" newsdex)/$(label "$c" walk)")
  done
fi
python3 "$lib" latency --peers "$PEERS" --qids "$QIDS" --runs "$RUNS" --warmup "$WARMUP" \
  --query-timeout "$QUERY_TIMEOUT" --out "$RESULTS/latency.json" "${specs[@]}"

load_end=$(loadavg)
say "load average at end: $load_end"
{
  echo "## newsdex at scale: $(date '+%F %T')"
  echo
  echo "$bin_ver ($bin_src, built $bin_time, run from the copy $NEWSDEX_BIN) (sha256 $bin_sha), repo HEAD $git_rev; $(nproc) cores;"
  echo "run under nice -n $NICE; load average at start $load_start, at end $load_end."
  echo "Corpora: $(for c in $CORPORA; do e=$(entry "$c"); printf '%s = %s articles, %s MB of text (%s); ' "$c" "$(field "$e" articles)" "$(field "$e" text_mb)" "$(field "$e" txt_dir)"; done)"
  echo
} > "$RESULTS/table.md"
python3 "$lib" table "${index_jsons[@]}" --latency "$RESULTS/latency.json" "${ratios[@]}" --md "$RESULTS/.body.md" > /dev/null
cat "$RESULTS/.body.md" >> "$RESULTS/table.md"; rm -f "$RESULTS/.body.md"
cat "$RESULTS/table.md"
say "wrote $RESULTS/table.md (raw: $RESULTS/*.json)"
