#!/usr/bin/env bash
# A development set for the entity pipeline that costs no gold article: one fold of the
# annotated training news (data/ner/news/). Every K-th article (by sorted name, starting at
# index I) is held back, the tagger is retrained on CoNLL-2003 and the other articles with
# the shipped weights' settings, and the whole pipeline (tagger and the rules after it) is
# scored on the held-back articles with those weights:
#
#   bench/entities_fold.sh              # K=5 I=2: 2,790 articles to train, 697 to score
#   K=5 I=0 bench/entities_fold.sh      # another fold
#   SKIP_TRAIN=1 bench/entities_fold.sh # score again with the fold's weights (rules changed)
#
# Writes OUT (default target/entities-fold-K-I): train/ and test/ (links to the articles),
# fold.bin (the weights), train.log, known_names.tsv and known_types.tsv (the known-names
# tables learnt without the fold's articles, which the fold is scored with: the shipped
# ones, data/ner/known_*.tsv, hold the fold's own annotations), and score.txt
# (bench/entities_gold.py's report). Training takes about 4 minutes on 2 cores (news
# weight 1, 17 epochs: the shipped settings); scoring a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
K=${K:-5}
I=${I:-2}
OUT=${OUT:-target/entities-fold-$K-$I}
CONLL=${CONLL:-../shared/data/conll2003}
EPOCHS=${EPOCHS:-17}
[[ $K =~ ^[0-9]+$ && $I =~ ^[0-9]+$ && $K -ge 2 && $I -lt $K ]] || {
    echo "entities_fold.sh: need 2 <= K and 0 <= I < K (got K=$K I=$I)" >&2
    exit 2
}

mkdir -p "$OUT/train" "$OUT/test"
# Only the links this script made are removed (a fold folder holds nothing else).
find "$OUT/train" "$OUT/test" -maxdepth 1 -type l -name '*.json' -delete
i=0
while IFS= read -r f; do
    if ((i % K == I)); then side=test; else side=train; fi
    ln -s "$PWD/$f" "$OUT/$side/$(basename "$f")"
    i=$((i + 1))
done < <(find data/ner/news -maxdepth 1 -name '*.json' | LC_ALL=C sort)
echo "fold K=$K I=$I: $(ls "$OUT/train" | wc -l) articles to train on, $(ls "$OUT/test" | wc -l) to score"

cargo build --release --quiet --bin newsdex --example newsdex-train-ner
if [[ -z ${SKIP_TRAIN:-} || ! -f $OUT/fold.bin ]]; then
    target/release/examples/newsdex-train-ner --data "$CONLL" --news "$OUT/train" \
        --news-weight 1 --epochs "$EPOCHS" --with-dev --out "$OUT/fold.bin" | tee "$OUT/train.log"
fi
# The shipped entity check learnt from every fold: the fold is scored with the check
# trained without it (bench/entity_check.sh writes it), else with no check at all.
CHECK=${CHECK:-target/entity-check/without-$I.tsv}
if [[ $K == 5 && -f $CHECK ]]; then
    check=(--entity-check "$CHECK")
else
    check=(--no-entity-check)
fi
# The known-names tables learnt without the fold's articles, as the held-out articles
# meet tables learnt without them.
python3 data/ner/news/tools/known.py --without "$OUT/test" --out "$OUT"
python3 bench/entities_gold.py --bin "$PWD/target/release/newsdex" --ner-weights "$OUT/fold.bin" \
    "${check[@]}" --known-tables "$OUT" --gold "$OUT/test" --top "${TOP:-0}" | tee "$OUT/score.txt"
