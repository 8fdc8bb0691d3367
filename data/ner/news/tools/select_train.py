#!/usr/bin/env python3
"""Select the articles of the in-domain NER training set (fixed rule, 149 draws: seeds
14 to 162) and write a skeleton JSON file (title, body, no mentions) for each one that
has no file yet.

    python3 data/ner/news/tools/select_train.py [--bin target/release/newsdex] [--list]

Rule (see ../README.md): each draw of seeds 14 to 106 is a draw of the held-out set's rule
(tests/gold/entities-heldout/tools/select_heldout.py: 16 BBC articles by category,
entertainment 4, tech 4, business 3, politics 3, sport 2, and 8 Reuters-21578 records),
with every article of the main gold set (seed 11), of the held-out set (seeds 12 and 13)
and of the earlier training draws taken out of the pools first, so no article of either
gold set can be trained on. Seed 106 empties the BBC entertainment pool; the draws of
seeds 107 to 121 take 16 BBC articles from the categories left (business 6, politics 5,
sport 5) and 8 Reuters-21578 records, the same way, and those of seeds 122 to 136
business 6, politics 3, sport 7; those of seeds 137 to 151 tech 1, business 2, sport 6
with 16 Reuters-21578 records each, and those of seeds 152 to 162 business 1, sport 4 with
24 Reuters-21578 records each. A pick whose text is that of a gold-set article or of an
earlier pick (BBC News holds some articles twice under two file names, Reuters-21578 some
records twice), or a near copy of one (`NEAR_COPY`), is then dropped, not replaced, so the
draws stay those of the rule. The text (title, body) is what `newsdex analyze PATH --json`
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

SEEDS = tuple(range(14, 107))  # 14-18, 19-28, 29-38, 39-48, 49-58, 59-68, 69-88, 89-106 (all 2026-12-01)
# Seed 106 takes the last BBC entertainment articles the gold sets and earlier draws left.
# The later draws (2026-12-01) follow the same rule with the categories that are left:
LATE_SEEDS = tuple(range(107, 122))
LATE_QUOTA = [("business", 6), ("politics", 5), ("sport", 5)]
# Then, with 53 politics articles left, the quota of seeds 122 to 136:
LAST_SEEDS = tuple(range(122, 137))
LAST_QUOTA = [("business", 6), ("politics", 3), ("sport", 7)]
# Then (2026-12-02), with 15 tech, about 40 business and 130 sport articles left, the draws
# of seeds 137 to 151 take tech 1, business 2 and sport 6, and 16 Reuters-21578 records
# (the held-out set is one third Reuters):
FINAL_SEEDS = tuple(range(137, 152))
FINAL_QUOTA = [("tech", 1), ("business", 2), ("sport", 6)]
FINAL_REUTERS = 16
# And those of seeds 152 to 162 (2026-12-02), with 11 business and 47 sport articles left,
# business 1 and sport 4, and 24 Reuters-21578 records:
END_SEEDS = tuple(range(152, 163))
END_QUOTA = [("business", 1), ("sport", 4)]
END_REUTERS = 24
# A pick is a copy when its body shares this share of its five-word runs with a gold-set
# article or an earlier pick (BBC News holds some stories twice, a word or two apart).
NEAR_COPY = 0.8


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


def runs(text):
    """The five-word runs of a text (lower case), by which near copies are told."""
    words = re.findall(rb"\w+", text.lower())
    return {hashlib.md5(b" ".join(words[i : i + 5])).digest()[:8] for i in range(max(1, len(words) - 4))}


def drop_duplicates(picks, gold_picks):
    """Picks whose text is not that of a gold-set article nor of an earlier pick, nor a
    near copy of one (`NEAR_COPY` of their five-word runs shared)."""
    seen = {hashlib.md5(text_of(p)).digest() for p in gold_picks}
    by_run = {}  # run -> indices of the texts seen holding it
    sizes = []

    def add(rs):
        for r in rs:
            by_run.setdefault(r, []).append(len(sizes))
        sizes.append(len(rs))

    def near_copy(rs):
        shared = {}
        for r in rs:
            for i in by_run.get(r, ()):
                shared[i] = shared.get(i, 0) + 1
        return any(n >= NEAR_COPY * (len(rs) + sizes[i] - n) for i, n in shared.items())

    for p in gold_picks:
        add(runs(text_of(p)))
    kept = []
    for p in picks:
        text = text_of(p)
        h, rs = hashlib.md5(text).digest(), runs(text)
        if h not in seen and not near_copy(rs):
            kept.append(p)
        seen.add(h)
        add(rs)
    return kept


def gold_picks():
    """Both gold sets' BBC and Reuters picks."""
    main_set = heldout.main_set.select_bbc() + heldout.main_set.select_reuters()
    return main_set + heldout.draws(heldout.SEEDS, heldout.excluded())


def training_draws():
    """The gold sets' picks and the training draws' picks, before copies are dropped."""
    gold_draws = gold_picks()
    gold = {s for _, s, _, _ in gold_draws}
    picks = heldout.draws(SEEDS, gold)
    skip = gold | {s for _, s, _, _ in picks}
    n = heldout.N_REUTERS
    late = [(seed, LATE_QUOTA, n) for seed in LATE_SEEDS] + [(seed, LAST_QUOTA, n) for seed in LAST_SEEDS]
    late += [(seed, FINAL_QUOTA, FINAL_REUTERS) for seed in FINAL_SEEDS]
    late += [(seed, END_QUOTA, END_REUTERS) for seed in END_SEEDS]
    for seed, quota, reuters in late:
        draw = heldout.main_set.select_bbc(seed, quota, skip)
        draw += heldout.main_set.select_reuters(seed, reuters, skip)
        picks += draw
        skip |= {s for _, s, _, _ in draw}
    assert not {s for _, s, _, _ in picks} & gold
    return gold_draws, picks


def main():
    args = heldout.main_set.parse_args(__doc__)
    gold_draws, picks = training_draws()
    picks = drop_duplicates(picks, gold_draws)
    assert len({s for _, s, _, _ in picks}) == len(picks)
    heldout.main_set.write_skeletons(picks, TRAIN, args.bin, args.list)


if __name__ == "__main__":
    main()
