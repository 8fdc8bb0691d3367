#!/usr/bin/env bash
# Incremental `newsdex index` after a small change to a big corpus, against the full build.
#
#   bench/incremental.sh                    # the ~1 GB scaled corpus (~1M articles)
#   CORPUS=base bench/incremental.sh        # the base corpus (22k articles)
#   SCALE_MB=50 bench/incremental.sh        # the 50 MB scaled corpus (quick check)
#   FULL=1 bench/incremental.sh             # re-time the full build even if one is cached
#
# The corpus under BENCH_DATA is never modified: the script works on a scratch corpus of
# its own, BENCH_DATA/incr/NAME/corpus, a hard-linked copy (`cp -al`, no file data is
# copied). A file is changed by writing a new file and renaming it over its hard link,
# so the original inode (shared with the real corpus) is untouched.
#
#   1. scratch corpus + full build: `newsdex index corpus --index index.full --rebuild`,
#      timed (wall, user+sys CPU, peak RSS). The scratch corpus also holds a folder of
#      its own, _incr/, with one small file (gone.txt) that step 3 removes. The full
#      index is kept (index.full + full.json) and reused by later runs while the binary
#      is the same (sha256) and FULL is not 1; otherwise it is rebuilt and re-timed.
#   2. a working copy of the full index (cp -a index.full index.work), then the no-op
#      update: `newsdex index` with nothing changed (the cost of finding out).
#   3. the change: 10 files spread over the corpus get one sentence appended (a word
#      made for this run, e.g. "xqk..."), 1 file is added (an article's text plus the
#      word), _incr/gone.txt is removed; then `newsdex index corpus --index index.work`
#      (incremental), timed the same way, and its ratio to the full build.
#   4. checks: a search for the run's word finds the 11 changed or added files and a
#      search for gone.txt's word finds nothing (exit 1); the article count is the same.
#   5. the scratch corpus is put back as it was (hard links to the originals again, same
#      mtimes), so that index.full still matches it; also done on exit after a failure.
#
# Knobs: CORPUS (base | large | large-<N>mb; default from SCALE_MB=1000 -> large),
#   BENCH_DATA=/work/bench-data, NEWSDEX_BIN (run from a copy, as in scale.sh; PIN_BIN=0:
#   not), NICE=15, INDEX_TIMEOUT=5400, FULL=1, CHANGED=10, KEEP_WORK=1 (keep the updated
#   index.work), PEERS (or BENCH_PEERS)=/work/shared/bench-peers (to build a missing corpus).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

NICE=${NICE:-15}
if [ "$NICE" != 0 ] && [ -z "${_INCR_NICED:-}" ]; then
  export _INCR_NICED=1
  exec nice -n "$NICE" "$0" "$@"
fi

SCALE_MB=${SCALE_MB:-1000}
if [ "${SCALE_MB%.*}" = 1000 ]; then scaled=large; else scaled="large-${SCALE_MB}mb"; fi
CORPUS=${CORPUS:-$scaled}
BENCH_DATA=${BENCH_DATA:-/work/bench-data}
NEWSDEX_BIN=${NEWSDEX_BIN:-$repo/target/release/newsdex}
INDEX_TIMEOUT=${INDEX_TIMEOUT:-5400}
FULL=${FULL:-0}
CHANGED=${CHANGED:-10}
PEERS=${PEERS:-${BENCH_PEERS:-/work/shared/bench-peers}}
lib="$here/scale_lib.py"

say() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
now_ns() { date +%s%N; }

[ -x "$NEWSDEX_BIN" ] || { echo "no newsdex binary at $NEWSDEX_BIN" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install -y time" >&2; exit 2; }
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
say "load average at start: $load_start"
say "newsdex: $bin_src -> $NEWSDEX_BIN ($bin_ver, built $(date -r "$bin_src" '+%F %T'), sha256 $bin_sha)"

# --- the source corpus (built if missing, as scale.sh does) ------------------------------
if [ "$CORPUS" = base ]; then
  src=$BENCH_DATA/txt
  [ -d "$src" ] || timeout 1800 python3 "$PEERS/make_corpus.py" --out "$BENCH_DATA" --target-mb 0
else
  mb=$SCALE_MB
  [ "$CORPUS" = large ] || mb=$(sed -n 's/^large-\([0-9.]*\)mb$/\1/p' <<<"$CORPUS")
  python3 "$lib" corpus --peers "$PEERS" --data "$BENCH_DATA" --mb "$mb" --name "$CORPUS" --nice 0
  src=$BENCH_DATA/${CORPUS}_txt
fi
text_mb=$(python3 "$lib" entry --data "$BENCH_DATA" --name "$CORPUS" | python3 -c 'import json,sys; print(json.load(sys.stdin)["text_mb"])')

work=$BENCH_DATA/incr/$CORPUS
scratch=$work/corpus
full=$work/index.full
idx=$work/index.work
state=$work/changes.tsv   # what the current run changed: kind <TAB> relative path
mkdir -p "$work"

# timed LABEL CMD...: runs CMD under timeout and /usr/bin/time -v; sets T_WALL T_CPU T_RSS
# and leaves its output in $work/LABEL.log.
timed() {
  local label=$1; shift
  local tf t0 t1 rc
  tf=$(mktemp)
  t0=$(now_ns)
  set +e
  timeout --kill-after=30 "$INDEX_TIMEOUT" /usr/bin/time -v -o "$tf" "$@" > "$work/$label.log" 2>&1
  rc=$?
  set -e
  t1=$(now_ns)
  if [ $rc != 0 ]; then
    say "$label FAILED (exit $rc): $(tail -c 800 "$work/$label.log")"
    rm -f "$tf"; exit 1
  fi
  T_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b - a) / 1e9}')
  T_CPU=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$tf")
  T_RSS=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$tf")
  rm -f "$tf"
}

# Puts the scratch corpus back as the full index saw it.
restore() {
  [ -s "$state" ] || return 0
  while IFS=$'\t' read -r kind rel; do
    case "$kind" in
      modified) ln -f "$src/$rel" "$scratch/$rel" ;;
      added) rm -f "$scratch/$rel" ;;
      removed) [ -n "$gone_text" ] && printf '%s' "$gone_text" > "$scratch/$rel" \
                 && touch -d "@$gone_mtime" "$scratch/$rel" ;;
    esac
  done < "$state"
  rm -f "$state"
}
gone_rel=_incr/gone.txt
gone_word=xqgonemarker
gone_text="(Bench) — This file exists so that the incremental benchmark can remove it: $gone_word.
"
gone_mtime=1500000000   # fixed: the file is rewritten identically when restored
trap 'restore' EXIT

# --- 1. scratch corpus and the full build --------------------------------------------------
restore   # a run that died half-way
if [ ! -d "$scratch" ]; then
  say "scratch corpus: cp -al $src $scratch (hard links)"
  t0=$(now_ns)
  cp -al "$src" "$scratch.tmp"
  mkdir -p "$scratch.tmp/_incr"
  printf '%s' "$gone_text" > "$scratch.tmp/$gone_rel"
  touch -d "@$gone_mtime" "$scratch.tmp/$gone_rel"
  mv "$scratch.tmp" "$scratch"
  say "scratch corpus ready in $(awk -v a="$t0" -v b="$(now_ns)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')s"
  rm -rf "$full" "$work/full.json"
fi
files=$(find "$scratch" -type f | wc -l)

full_note="measured in this run"
if [ "$FULL" != 1 ] && [ -d "$full" ] && [ -s "$work/full.json" ] \
   && grep -q "\"binary_sha\": \"$bin_sha\"" "$work/full.json"; then
  full_note="recorded $(sed -n 's/.*"built": "\([^"]*\)".*/\1/p' "$work/full.json") with the same binary"
  FULL_WALL=$(sed -n 's/.*"wall_s": \([0-9.]*\).*/\1/p' "$work/full.json")
  FULL_CPU=$(sed -n 's/.*"cpu_s": \([0-9.]*\).*/\1/p' "$work/full.json")
  FULL_RSS=$(sed -n 's/.*"peak_rss_mb": \([0-9.]*\).*/\1/p' "$work/full.json")
  say "full build: reusing $full ($full_note)"
else
  rm -rf "$full" "$work/full.json"
  say "full build of $files files (timeout ${INDEX_TIMEOUT}s), load $(loadavg)"
  timed full "$NEWSDEX_BIN" index "$scratch" --index "$full" --rebuild
  FULL_WALL=$T_WALL FULL_CPU=$T_CPU FULL_RSS=$T_RSS
  printf '{"built": "%s", "binary_sha": "%s", "wall_s": %s, "cpu_s": %s, "peak_rss_mb": %s, "files": %s}\n' \
    "$(date '+%F %T')" "$bin_sha" "$FULL_WALL" "$FULL_CPU" "$FULL_RSS" "$files" > "$work/full.json"
  say "full build: ${FULL_WALL}s wall, ${FULL_CPU}s CPU, peak RSS ${FULL_RSS} MB"
fi
articles_full=$("$NEWSDEX_BIN" info --json --index "$full" | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])')

# --- 2. working copy and the no-op update --------------------------------------------------
rm -rf "$idx"
cp -a "$full" "$idx"
say "no-op update (nothing changed), load $(loadavg)"
timed noop "$NEWSDEX_BIN" index "$scratch" --index "$idx"
NOOP_WALL=$T_WALL NOOP_CPU=$T_CPU NOOP_RSS=$T_RSS
say "no-op update: ${NOOP_WALL}s wall, ${NOOP_CPU}s CPU: $(tail -3 "$work/noop.log" | tr '\n' ' ')"
noop_read=$(sed -n 's/.*, \([0-9][0-9]*\) read,.*/\1/p' "$work/noop.log" | head -1)
if [ -n "$noop_read" ] && [ "$noop_read" != 0 ]; then
  say "warning: the no-op update read $noop_read files: the scratch corpus no longer matches index.full (FULL=1 rebuilds it)"
fi
# before the change, gone.txt is found
"$NEWSDEX_BIN" search --index "$idx" -n 10 "$gone_word" > /dev/null \
  || { say "check FAILED: $gone_word not found before the change"; exit 1; }

# --- 3. the change -------------------------------------------------------------------------
word=xq$(printf '%s' "$RANDOM$RANDOM$(date +%N)" | tr '0-9' 'a-j')   # letters only: one token
sentence="Analysts said the $word revision was made for the incremental benchmark."
mapfile -t all < <(cd "$scratch" && find . -path ./_incr -prune -o -type f -name '*.txt' -print | sed 's|^\./||' | sort)
n=${#all[@]}
: > "$state"
for i in $(seq 0 $((CHANGED - 1))); do
  rel=${all[$(( (2 * i + 1) * n / (2 * CHANGED) ))]}
  tmp="$scratch/$rel.incr-tmp"
  { cat "$scratch/$rel"; printf '%s\n' "$sentence"; } > "$tmp"
  printf 'modified\t%s\n' "$rel" >> "$state"
  mv -f "$tmp" "$scratch/$rel"   # a new inode renamed over the hard link: the original is untouched
done
added_src=${all[$((n / 3))]}
added_rel=$(dirname "$added_src")/incr-added.txt
printf 'added\t%s\n' "$added_rel" >> "$state"
{ cat "$scratch/$added_src"; printf '%s\n' "$sentence"; } > "$scratch/$added_rel"
printf 'removed\t%s\n' "$gone_rel" >> "$state"
rm -f "$scratch/$gone_rel"
say "changed $CHANGED files, added $added_rel, removed $gone_rel (word: $word)"

say "incremental update, load $(loadavg)"
timed incremental "$NEWSDEX_BIN" index "$scratch" --index "$idx"
INC_WALL=$T_WALL INC_CPU=$T_CPU INC_RSS=$T_RSS
say "incremental update: ${INC_WALL}s wall, ${INC_CPU}s CPU: $(tail -3 "$work/incremental.log" | tr '\n' ' ')"

# --- 4. checks --------------------------------------------------------------------------------
found=$("$NEWSDEX_BIN" search --index "$idx" -n 100 --json "$word" \
        | python3 -c 'import json,sys; print(len({json.loads(l)["path"] for l in sys.stdin if l.strip()}))')
set +e
"$NEWSDEX_BIN" search --index "$idx" -n 10 "$gone_word" > /dev/null 2>&1
gone_rc=$?
set -e
articles_after=$("$NEWSDEX_BIN" info --json --index "$idx" | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])')
check="ok"
[ "$found" = $((CHANGED + 1)) ] || check="FAILED: $found files carry the new word, expected $((CHANGED + 1))"
[ "$gone_rc" = 1 ] || check="$check; FAILED: the removed file is still found (exit $gone_rc)"
# gone.txt may count as an article or not, depending on the reader; the added one does
expect_lo=$((articles_full - 1)); expect_hi=$articles_full
[ "$articles_after" -ge "$expect_lo" ] && [ "$articles_after" -le "$((expect_hi + 1))" ] \
  || check="$check; FAILED: articles $articles_full -> $articles_after"

# --- 5. put the scratch corpus back ------------------------------------------------------------
restore
[ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$idx"   # the updated copy (as big as the index) is rebuilt each run
load_end=$(loadavg)
say "load average at end: $load_end"

awk -v c="$CORPUS" -v files="$files" -v mb="$text_mb" -v a0="$articles_full" -v a1="$articles_after" \
    -v fw="$FULL_WALL" -v fc="$FULL_CPU" -v fr="$FULL_RSS" -v fn="$full_note" \
    -v nw="$NOOP_WALL" -v nc="$NOOP_CPU" -v nr="$NOOP_RSS" \
    -v iw="$INC_WALL" -v ic="$INC_CPU" -v ir="$INC_RSS" -v k="$CHANGED" -v chk="$check" \
    -v ls="$load_start" -v le="$load_end" -v ver="$bin_ver" -v sha="$bin_sha" -v nice="$NICE" 'BEGIN {
  printf "## incremental indexing: %s (%s files, %s MB of text, %s articles)\n\n", c, files, mb, a0
  printf "%s (sha256 %s); nice -n %s; load average at start %s, at end %s.\n\n", ver, sha, nice, ls, le
  printf "| step | wall s | CPU s | peak RSS MB | wall / full build |\n|---|---|---|---|---|\n"
  printf "| full build (--rebuild; %s) | %.2f | %.2f | %s | 1 |\n", fn, fw, fc, fr
  printf "| no-op update (nothing changed) | %.2f | %.2f | %s | %.4f |\n", nw, nc, nr, nw / fw
  printf "| update: %d changed + 1 added + 1 removed | %.2f | %.2f | %s | %.4f |\n", k, iw, ic, ir, iw / fw
  printf "\nfull build / incremental update: %.1f×; check: %s (articles %s -> %s)\n", fw / iw, chk, a0, a1
}' | tee "$work/result-$(date +%F-%H%M%S).md"
case "$check" in ok) ;; *) exit 1 ;; esac
