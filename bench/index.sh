#!/usr/bin/env bash
# Indexing and search speed on a real corpus (default ../shared/data/bbc), with the
# release binary. Each figure is printed with a baseline measured in the same run on the
# same files, since these machines are shared and noisy:
#   - indexing against reading every file (cat > /dev/null), the floor of any indexer;
#   - one `newsdex search` process against one `grep -rli` over the raw files.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${1:-../shared/data/bbc}
RUNS=${RUNS:-5}
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS"; exit 1; }
cargo build --release -q
bin=target/release/newsdex
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

files=$(find "$CORPUS" -type f | wc -l)
bytes=$(find "$CORPUS" -type f -print0 | du -cb --files0-from=- | tail -1 | cut -f1)

read_ns=(); index_ns=()
for i in $(seq "$RUNS"); do
  t=$(now); find "$CORPUS" -type f -exec cat {} + > /dev/null; read_ns+=($(( $(now) - t )))
  rm -rf "$work/idx"
  t=$(now); "$bin" index "$CORPUS" --index "$work/idx" --quiet 2>/dev/null; index_ns+=($(( $(now) - t )))
done
read_med=$(printf '%s\n' "${read_ns[@]}" | median)
index_med=$(printf '%s\n' "${index_ns[@]}" | median)
articles=$("$bin" index "$CORPUS" --index "$work/idx" | sed -n 's/^the index holds \([0-9]*\) articles.*/\1/p')
index_bytes=$(du -sb "$work/idx" | cut -f1)

search_ns=(); grep_ns=()
for i in $(seq "$RUNS"); do
  t=$(now); "$bin" search --index "$work/idx" -n 10 '"interest rates"' > /dev/null; search_ns+=($(( $(now) - t )))
  t=$(now); grep -rli "interest rates" "$CORPUS" > /dev/null; grep_ns+=($(( $(now) - t )))
done
search_med=$(printf '%s\n' "${search_ns[@]}" | median)
grep_med=$(printf '%s\n' "${grep_ns[@]}" | median)

awk -v f="$files" -v a="$articles" -v b="$bytes" -v r="$read_med" -v x="$index_med" \
    -v ib="$index_bytes" -v s="$search_med" -v g="$grep_med" -v runs="$RUNS" 'BEGIN {
  printf "corpus: %d files, %d articles, %.2f MB (median of %d runs)\n", f, a, b/1e6, runs
  printf "indexing: %.2f s = %.0f articles/s, %.2f MB/s\n", x/1e9, a/(x/1e9), b/1e6/(x/1e9)
  printf "  baseline, reading every file: %.3f s; indexing takes %.1fx as long\n", r/1e9, x/r
  printf "index size: %.2f MB = %.2fx the raw text\n", ib/1e6, ib/b
  printf "one search process: %.1f ms; baseline grep -rli: %.1f ms; ratio %.2fx\n", s/1e6, g/1e6, s/g
}'
