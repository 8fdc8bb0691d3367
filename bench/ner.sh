#!/bin/sh
# NER benchmark: CoNLL-2003 test F1 (micro P/R/F1, per type), tagging speed on one core
# over the test split and over ../shared/data/bbc (with the tokenize-only time as the
# baseline), model size and load time, and the seed article's entities.
# Usage: bench/ner.sh [DATA_DIR]   (default ../shared/data)
set -eu
cd "$(dirname "$0")/.."
cargo build --release --quiet --example newsdex-ner-bench
data="${1:-../shared/data}"
if [ ! -d "$data/conll2003" ]; then
    echo "bench/ner.sh: $data/conll2003 not found; nothing to measure" >&2
    exit 0
fi
# One core: pin the process when taskset is available.
if command -v taskset >/dev/null 2>&1; then
    exec taskset -c 0 target/release/examples/newsdex-ner-bench "$data"
fi
exec target/release/examples/newsdex-ner-bench "$data"
