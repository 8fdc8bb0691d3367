#!/bin/sh
# Out-of-domain entity evaluation on GMB (Voice of America news): P/R/F1 per type of
# newsdex's entities (the index's post-processing), exact spans. Evaluation only: GMB is
# never training or rule-tuning material. See bench/README.md.
# Usage: bench/gmb.sh [--sentences N] [--chunk K] [--seed S]
#        (GMB_ZIP defaults to ../shared/data/gmb/ner_dataset.csv.zip)
set -eu
cd "$(dirname "$0")/.."
zip="${GMB_ZIP:-}"
if [ -z "$zip" ]; then
    # ../shared beside the main checkout; a worktree under wt/ has it two levels up.
    for d in ../shared/data ../../shared/data; do
        if [ -f "$d/gmb/ner_dataset.csv.zip" ]; then zip="$d/gmb/ner_dataset.csv.zip"; break; fi
    done
    zip="${zip:-../shared/data/gmb/ner_dataset.csv.zip}"
fi
if [ ! -f "$zip" ]; then
    echo "bench/gmb.sh: $zip not found; nothing to measure" >&2
    exit 0
fi
nice -n 10 cargo build --release --quiet --example gmb
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
unzip -q -o "$zip" ner_dataset.csv -d "$tmp"
target/release/examples/gmb "$tmp/ner_dataset.csv" "$@"
