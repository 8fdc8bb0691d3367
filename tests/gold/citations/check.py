#!/usr/bin/env python3
"""Checks sentences.jsonl and prints the counts given in README.md; scores predictions.

    python3 tests/gold/citations/check.py                      # check + counts
    python3 tests/gold/citations/check.py --score pred.jsonl   # score predictions

A predictions file has one line per sentence: {"id": ..., "citations": [{"source",
"start", "end", "canonical", "kind", ...}]} (ids of the gold set; a missing id counts as
no citation predicted). Scoring is the one README.md defines.
"""

import argparse
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"outlet", "named", "anonymous"}
CUE_CLASS = [
    ("which first reported", "which first reported"),
    ("in an interview with", "in an interview with"),
    ("according to", "according to"),
    ("cite", r"\bcit(?:e|es|ed|ing)\b"),
    ("quote", r"\bquot(?:e|es|ed|ing)\b"),
    ("report", r"\breport(?:s|ed|ing)?\b"),
    ("tell", r"\b(?:tell|tells|told)\b"),
    ("say", r"\b(?:say|says|said|saying)\b"),
]


def cue_class(cue):
    c = cue.lower()
    for name, pat in CUE_CLASS:
        if re.search(pat, c):
            return name
    raise ValueError(f"cue outside the inventory: {cue!r}")


def load(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def check(rows):
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for r in rows:
        s = r["sentence"]
        for c in r["citations"]:
            assert s[c["start"] : c["end"]] == c["source"], (r["id"], c)
            assert c["kind"] in KINDS, (r["id"], c)
            assert c["cue"] in s, (r["id"], c)
            assert c["canonical"].strip(), (r["id"], c)
            assert isinstance(c["needs_context"], bool), (r["id"], c)
            cue_class(c["cue"])
        for o in r["other_attributions"]:
            assert s[o["start"] : o["end"]] == o["source"], (r["id"], o)


def counts(rows):
    cits = [c for r in rows for c in r["citations"]]
    pos = sum(1 for r in rows if r["citations"])
    print(f"sentences {len(rows)}: {pos} with a citation, {len(rows) - pos} without")
    by = collections.Counter((r["source"].split("/")[0], r["stratum"]) for r in rows)
    posby = collections.Counter((r["source"].split("/")[0], r["stratum"]) for r in rows if r["citations"])
    for k in sorted(by):
        print(f"  {k[0]:>14} {k[1]:<16} {by[k]:>3} sentences, {posby[k]:>3} with a citation")
    print(f"citations {len(cits)} ({sum(c['needs_context'] for c in cits)} need context)")
    for k, n in collections.Counter(c["kind"] for c in cits).most_common():
        print(f"  kind {k:<10} {n}")
    for k, n in collections.Counter(cue_class(c["cue"]) for c in cits).most_common():
        print(f"  cue  {k:<22} {n}")
    print(f"other attributions (not scored) {sum(len(r['other_attributions']) for r in rows)}")
    outlets = collections.defaultdict(set)
    for c in cits:
        if c["kind"] == "outlet":
            outlets[c["canonical"]].add(c["source"])
    print("outlets cited:")
    for k in sorted(outlets):
        print(f"  {k}: {sorted(outlets[k])}")
    own = collections.Counter(r["article_outlet"] for r in rows)
    print("article outlets:", dict(own))


def match(gold, pred):
    """One-to-one matches (gold index, pred index): canonical names equal (case-insensitive)
    first, then overlapping spans."""
    pairs, used_g, used_p = [], set(), set()
    for rule in ("canonical", "overlap"):
        for i, g in enumerate(gold):
            if i in used_g:
                continue
            for j, p in enumerate(pred):
                if j in used_p:
                    continue
                if rule == "canonical":
                    ok = g["canonical"].strip().lower() == str(p.get("canonical", "")).strip().lower()
                else:
                    ok = "start" in p and p["start"] < g["end"] and g["start"] < p["end"]
                if ok:
                    pairs.append((i, j))
                    used_g.add(i)
                    used_p.add(j)
                    break
    return pairs


def score(rows, preds, keep=lambda c: True):
    pred_by = {p["id"]: p.get("citations", []) for p in preds}
    n_gold = n_pred = n_match = n_kind = 0
    for r in rows:
        gold = [c for c in r["citations"] if keep(c)]
        skipped = [c for c in r["citations"] if not keep(c)]
        pred = pred_by.get(r["id"], [])
        # predictions matching a gold citation left out of this view are not counted
        if skipped:
            drop = {j for _, j in match(skipped, pred)}
            pred = [p for j, p in enumerate(pred) if j not in drop]
        pairs = match(gold, pred)
        n_gold += len(gold)
        n_pred += len(pred)
        n_match += len(pairs)
        n_kind += sum(1 for i, j in pairs if gold[i]["kind"] == pred[j].get("kind"))
    p = n_match / n_pred if n_pred else 1.0
    rc = n_match / n_gold if n_gold else 1.0
    k = n_kind / n_match if n_match else 1.0
    return p, rc, k, n_gold, n_pred, n_match


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=os.path.join(HERE, "sentences.jsonl"))
    ap.add_argument("--score", metavar="PREDICTIONS")
    a = ap.parse_args()
    rows = load(a.gold)
    check(rows)
    if not a.score:
        counts(rows)
        return 0
    preds = load(a.score)
    for name, keep in (
        ("all citations", lambda c: True),
        ("sentence-only (needs_context false)", lambda c: not c["needs_context"]),
    ):
        p, r, k, g, n, m = score(rows, preds, keep)
        print(f"{name}: precision {p:.3f} recall {r:.3f} kind accuracy {k:.3f} "
              f"(gold {g}, predicted {n}, matched {m})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
