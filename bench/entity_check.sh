#!/usr/bin/env bash
# Trains the entity check (src/analyze/entity_check.rs), the classifier over whole
# entities that keeps, retypes or drops what the tagger and the rules found, on the
# pipeline's own mistakes: for each of the K folds of bench/entities_fold.sh, the
# entities the pipeline gives the fold's held-back articles when tagged with the fold's
# weights (trained without them). Then:
#
#   - cross-validation over the folds (each scored by weights trained on the others), for a
#     grid of epochs and margins: OUT/cv.txt;
#   - weights trained without fold I, for every I: OUT/without-I.tsv (what
#     bench/entities_fold.sh scores fold I with, so that its figure stays honest);
#   - the shipped weights, from every fold: data/ner/entity_check.tsv.
#
#   bench/entity_check.sh                  # trains the folds' taggers first when missing (~4 min each)
#                                          # (defaults EPOCHS=6 MARGIN=5 give the shipped weights byte for byte)
#   EPOCHS=6 MARGIN=10 bench/entity_check.sh
#
# Each fold is dumped with the known-names tables learnt without its articles
# (`known.py --without`, written into the fold's folder), so that the check learns the
# mistakes the rules make on articles the tables were not learnt from, as every article
# outside the training set is; the check's features leave the tables out.
set -euo pipefail
cd "$(dirname "$0")/.."
K=${K:-5}
OUT=${OUT:-target/entity-check}
EPOCHS=${EPOCHS:-6}
MARGIN=${MARGIN:-5}
SHIPPED=${SHIPPED:-data/ner/entity_check.tsv}

cargo build --release --quiet --bin newsdex --example newsdex-train-entity-check
TRAIN=target/release/examples/newsdex-train-entity-check
mkdir -p "$OUT"
dumps=()
for ((i = 0; i < K; i++)); do
    fold=target/entities-fold-$K-$i
    if [[ ! -f $fold/fold.bin ]]; then
        K=$K I=$i bench/entities_fold.sh
    fi
    python3 data/ner/news/tools/known.py --without "$fold/test" --out "$fold"
    "$TRAIN" dump --ner-weights "$fold/fold.bin" --gold "$fold/test" --known-tables "$fold" \
        --out "$OUT/fold-$i.tsv"
    dumps+=("$OUT/fold-$i.tsv")
done
"$TRAIN" cv "${dumps[@]}" | tee "$OUT/cv.txt"
for ((i = 0; i < K; i++)); do
    others=()
    for ((j = 0; j < K; j++)); do
        ((j == i)) || others+=("$OUT/fold-$j.tsv")
    done
    "$TRAIN" train --epochs "$EPOCHS" --margin "$MARGIN" --out "$OUT/without-$i.tsv" "${others[@]}"
done
"$TRAIN" train --epochs "$EPOCHS" --margin "$MARGIN" --out "$SHIPPED" "${dumps[@]}"
