#!/bin/sh
# Speed of each ingest reader on real data, in MB/s, against a baseline measured in the
# same run (decompress + UTF-8 decode of the same bytes). Usage: bench/readers.sh [DATA_DIR]
set -eu
cd "$(dirname "$0")/.."
cargo build --release --example bench_readers
exec ./target/release/examples/bench_readers "$@"
