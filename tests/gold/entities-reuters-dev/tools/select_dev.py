#!/usr/bin/env python3
"""Select the articles of the Reuters development set for the entity pipeline (fixed rule,
16 draws: seeds 164 to 179) and write a skeleton JSON file (title, body, no mentions) for
each one that has no file yet.

    python3 tests/gold/entities-reuters-dev/tools/select_dev.py [--bin target/release/newsdex] [--list]

Rule (see ../README.md): each draw takes 40 Reuters-21578 records with a <BODY>
(tests/gold/entities/tools/select_articles.py's `select_reuters`, random.Random(seed)),
with every article of both gold sets (the held-out set's third draw, seed 163, included)
and of the tagger's training draws (seeds 14 to 162, data/ner/news/tools/select_train.py)
taken out of the pools first, and each draw's picks out of the later draws' pools. A pick
whose text is that of an earlier article of any of those sets or of an earlier pick, or a
near copy of one, is then dropped, not replaced, as the training draws drop theirs. One
more pick is dropped (`NEAR_COPIES`): a dividend table whose body, as newsdex reads it,
shares 0.82 of its five-word runs with a training article's (the measure of
tests/ner_training_data.rs; on the records' raw text the two stay below 0.8).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEV = os.path.dirname(HERE)  # tests/gold/entities-reuters-dev
REPO = os.path.abspath(os.path.join(DEV, "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "data", "ner", "news", "tools"))
import select_train  # noqa: E402

heldout = select_train.heldout
SEEDS = tuple(range(164, 180))  # all 2026-12-03
N_REUTERS = 40
# Near copies of a training article by the body newsdex reads (reuters-reut2-004-4025:
# "Qtly div four cts vs four cts prior / Pay April 15 / Record March 20").
NEAR_COPIES = {"reuters21578/reut2-007.sgm#NEWID 7782"}


def dev_draws():
    """The development set's picks, copies of earlier articles dropped."""
    gold_draws, training = select_train.training_draws()
    gold_draws = gold_draws + heldout.third_draw()
    skip = {s for _, s, _, _ in gold_draws + training}
    picks = []
    for seed in SEEDS:
        draw = heldout.main_set.select_reuters(seed, N_REUTERS, skip)
        picks += draw
        skip |= {s for _, s, _, _ in draw}
    kept = select_train.drop_duplicates(training + picks, gold_draws)
    return [p for p in picks if p in kept and p[1] not in NEAR_COPIES]


def main():
    args = heldout.main_set.parse_args(__doc__)
    picks = dev_draws()
    assert len({s for _, s, _, _ in picks}) == len(picks)
    heldout.main_set.write_skeletons(picks, DEV, args.bin, args.list)


if __name__ == "__main__":
    main()
