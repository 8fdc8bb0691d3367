#!/usr/bin/env python3
"""Select the articles of the held-out entity gold set (fixed rule, two draws: seed 12,
then seed 13) and write a skeleton JSON file (title, body, no mentions) for each one that
has no file yet.

    python3 tests/gold/entities-heldout/tools/select_heldout.py [--bin target/release/newsdex] [--list]

Rule (see ../README.md): the rule of tests/gold/entities/tools/select_articles.py with seed 12,
smaller quotas, no corpus/ articles, and every article of the seed-11 draw of
tests/gold/entities/ taken out of the pools before drawing:
  * BBC (Greene & Cunningham): one random.Random(12), sampling the sorted file names of
    each category, minus the seed-11 picks of that category, in this order:
    entertainment 4, tech 4, business 3, politics 3, sport 2 (16).
  * Reuters-21578: every record of reut2-000 .. reut2-021 that has a <BODY>, sorted by
    NEWID, minus the 24 seed-11 picks; random.Random(12).sample of 8.
The second draw (seed 13, added 2026-12-01) applies the same rule and quotas with
random.Random(13), the seed-12 picks taken out of the pools too; its articles are listed
after the first draw's, which it leaves unchanged.
The third draw (seed 163, added 2026-12-03) was made after the training set of
data/ner/news/ had taken nearly all of BBC News: its pools also leave out every training
draw's pick (seeds 14 to 162, data/ner/news/tools/select_train.py), and it takes BBC
politics 4 and sport 2 (what was left) and 24 Reuters-21578 records; a pick whose text is
that of an earlier article of either set, or a near copy of one, is dropped, as the
training draws drop theirs. Its articles are listed last.
The seed-11 picks are recomputed with select_articles.py (not read from the files of
tests/gold/entities/), so the draw does not change if that folder changes. The text (title,
body) is what `newsdex analyze PATH --json` prints for the record, as there; an
existing article file is never overwritten.
"""
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLD = os.path.dirname(HERE)  # tests/gold/entities-heldout
MAIN = os.path.join(os.path.dirname(GOLD), "entities")  # tests/gold/entities
sys.path.insert(0, os.path.join(MAIN, "tools"))
import select_articles as main_set  # noqa: E402

SEEDS = (12, 13)  # the first draw, then the second (2026-12-01)
# The third draw (2026-12-03), after the training set's: what BBC News had left, and
# Reuters-21578.
THIRD_SEED = 163
THIRD_BBC_QUOTA = [("politics", 4), ("sport", 2)]
THIRD_REUTERS = 24
BBC_QUOTA = [("entertainment", 4), ("tech", 4), ("business", 3), ("politics", 3), ("sport", 2)]
N_REUTERS = 8


def excluded():
    """Sources of the main set's seed-11 draw of BBC and Reuters articles."""
    return {source for _, source, _, _ in main_set.select_bbc() + main_set.select_reuters()}


def select(seed, skip):
    return main_set.select_bbc(seed, BBC_QUOTA, skip) + main_set.select_reuters(seed, N_REUTERS, skip)


def draws(seeds, skip):
    """The draws of `seeds` in turn, each one's picks out of the later draws' pools."""
    picks = []
    for seed in seeds:
        draw = select(seed, skip)
        picks += draw
        skip = skip | {s for _, s, _, _ in draw}
    return picks


def main():
    args = main_set.parse_args(__doc__)
    skip = excluded()
    # every BBC/Reuters article of tests/gold/entities/ is out of the pools
    main_files = glob.glob(os.path.join(MAIN, "*.json"))
    in_main = {json.load(open(p, encoding="utf-8"))["source"] for p in main_files}
    missing = {s for s in in_main if not s.startswith("corpus/")} - skip
    if missing:
        sys.exit(f"articles of tests/gold/entities/ not in the seed-11 draw: {sorted(missing)}")
    picks = draws(SEEDS, skip)
    picks += third_draw()
    assert not {s for _, s, _, _ in picks} & in_main
    assert len({s for _, s, _, _ in picks}) == len(picks)
    main_set.write_skeletons(picks, GOLD, args.bin, args.list)


def third_draw():
    """The third draw: seed 163 from the pools the gold sets' first draws and the training
    draws left, copies of any earlier article dropped."""
    sys.path.insert(0, os.path.join(main_set.REPO, "data", "ner", "news", "tools"))
    import select_train  # noqa: E402 (it imports this module: imported when needed)

    gold_draws, training = select_train.training_draws()
    skip = {s for _, s, _, _ in gold_draws + training}
    draw = main_set.select_bbc(THIRD_SEED, THIRD_BBC_QUOTA, skip)
    draw += main_set.select_reuters(THIRD_SEED, THIRD_REUTERS, skip)
    kept = select_train.drop_duplicates(training + draw, gold_draws)
    return [p for p in draw if p in kept]


if __name__ == "__main__":
    main()
