#!/usr/bin/env python3
"""Select the articles of the in-domain NER training set (fixed rule, 45 draws:
seeds 14 to 58) and write a skeleton JSON file (title, body, no mentions) for each one that has
no file yet.

    python3 data/ner/news/tools/select_train.py [--bin target/release/newsdex] [--list]

Rule (see ../README.md): each draw is a draw of the held-out set's rule
(tests/gold/entities-heldout/tools/select_heldout.py: 16 BBC articles by category,
entertainment 4, tech 4, business 3, politics 3, sport 2, and 8 Reuters-21578 records),
with every article of the main gold set (seed 11), of the held-out set (seeds 12 and 13)
and of the earlier training draws taken out of the pools first, so no article of either
gold set can be trained on. A pick whose text is that of a gold-set article or of an
earlier pick (BBC News holds some articles twice under two file names, Reuters-21578 some
records twice) is then dropped, not replaced, so the draws stay those of the rule. The text (title, body) is what `newsdex analyze PATH --json`
prints for the record; an existing article file is never overwritten.
"""
import hashlib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = os.path.dirname(HERE)  # data/ner/news
REPO = os.path.abspath(os.path.join(TRAIN, "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "gold", "entities-heldout", "tools"))
import select_heldout as heldout  # noqa: E402

SEEDS = tuple(range(14, 89))  # 14-18, 19-28, 29-38, 39-48, 49-58, 59-68, 69-88 (all 2026-12-01)


def text_of(pick):
    """The text of a pick: a BBC file's body (what follows its title line: BBC News holds
    some stories twice under two titles), a Reuters record's <BODY>."""
    _, _, path, loc = pick
    data = open(path, "rb").read()
    if loc is None:
        return data.split(b"\n", 1)[-1].strip()
    newid = loc.split()[1].encode()
    m = re.search(rb'NEWID="' + newid + rb'".*?<BODY>(.*?)</BODY>', data, re.S)
    return m.group(1) if m else data


def drop_duplicates(picks, gold_picks):
    """Picks whose text is not that of a gold-set article nor of an earlier pick."""
    seen = {hashlib.md5(text_of(p)).digest() for p in gold_picks}
    kept = []
    for p in picks:
        h = hashlib.md5(text_of(p)).digest()
        if h not in seen:
            kept.append(p)
        seen.add(h)
    return kept


def gold_picks():
    """Both gold sets' BBC and Reuters picks."""
    main_set = heldout.main_set.select_bbc() + heldout.main_set.select_reuters()
    return main_set + heldout.draws(heldout.SEEDS, heldout.excluded())


def main():
    args = heldout.main_set.parse_args(__doc__)
    gold_draws = gold_picks()
    gold = {s for _, s, _, _ in gold_draws}
    picks = heldout.draws(SEEDS, gold)
    assert not {s for _, s, _, _ in picks} & gold
    picks = drop_duplicates(picks, gold_draws)
    assert len({s for _, s, _, _ in picks}) == len(picks)
    heldout.main_set.write_skeletons(picks, TRAIN, args.bin, args.list)


if __name__ == "__main__":
    main()
