#!/usr/bin/env bash
# Fresh `newsdex search` process per query at 22k articles and at ~1M, against a fresh
# `sqlite3` process on an FTS5 index of the same corpus and /bin/true, in one run, with
# ratios (newsdex 1M / 22k, newsdex / sqlite3 at each size). This is bench/scale.sh with
# SKIP_INDEX=1: indexes built by an earlier scale.sh run are reused; missing ones, and
# newsdex indexes built by another binary, are (re)built (and timed), and the corpora too.
# All of scale.sh's knobs apply (SCALE_MB, RUNS, QIDS, WALK_FLOOR, ...).
#
#   bench/fresh_process.sh                 # base + the ~1 GB corpus
#   SCALE_MB=50 RUNS=11 bench/fresh_process.sh
set -euo pipefail
SKIP_INDEX=${SKIP_INDEX:-1} exec "$(dirname "$0")/scale.sh" "$@"
