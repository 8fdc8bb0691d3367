#!/usr/bin/env python3
"""Where the entity pipeline and a folder of hand-annotated articles disagree, grouped by
pattern, most frequent first: the way to find a rule or a list row that fights the
annotation guidelines across many articles rather than in one.

Run it on the training articles (data/ner/news/, 3,487 articles, 71,394 mentions): the
tagger has learnt them, so what stays wrong there is mostly the rules and the lists
after it (a club's canonical name, a lower-case phrase taken for a listed name), each
seen across dozens of articles. Run it on a fold's held-back articles with the fold's
weights (bench/entities_fold.sh) to see what the tagger gets wrong on unseen text. Never
on tests/gold/entities-heldout: that set is read only to report.

    python3 bench/entities_audit.py --bin target/release/newsdex                 # training articles
    python3 bench/entities_audit.py --bin B --gold target/entities-fold-5-2/test --ner-weights W \
        --entity-check target/entity-check/without-2.tsv
    python3 bench/entities_audit.py --bin B --kind type --top 80                  # one kind, more rows

For each gold entity (type, canonical name) of an article that newsdex does not give,
the predicted entity that shares a surface form with it (its name or one of its
`aliases`) decides the kind:
    name     same type, another canonical name   (gold name, newsdex name)
    type     same name, another type              (name, gold type, newsdex type)
    both     another type and another name        (gold type, name, newsdex type, name)
    missed   no predicted entity shares a surface form
and `spurious` counts predicted entities sharing no surface form with any gold entity.
Names are compared without regard to case, as bench/entities_gold.py scores them.
"""
import argparse
import collections
import glob
import json
import os
import sys

import entities_gold  # bench/entities_gold.py, beside this script

KINDS = ("name", "type", "both", "missed", "spurious")
TIMEOUT = 1800  # seconds for the one `analyze` run


def load(folder):
    arts = []
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        with open(path, encoding="utf-8") as f:
            arts.append(json.load(f))
    if not arts:
        sys.exit(f"no annotated articles (*.json) in {folder}")
    return arts


def predict(bin_, arts, weights, check=None, known=None):
    """{article id: [entities]} from one `newsdex analyze` run over all the articles (as
    bench/entities_gold.py runs it), with these entity check weights and known-names
    tables if given."""
    extra = ["--entity-check", os.path.abspath(check)] if check else []
    if known:
        extra += ["--known-tables", os.path.abspath(known)]
    # newsdex runs in a temporary folder: a relative binary path would not be found.
    out, _ = entities_gold.run_newsdex(os.path.abspath(bin_), arts, TIMEOUT, weights, extra)
    return {aid: entities for aid, (_, entities) in out.items()}


def gold_entities(article):
    """[(type, canonical name, {surface forms, lower case})] of an annotated article."""
    forms = collections.defaultdict(set)
    for m in article["mentions"]:
        forms[(m["type"], m["entity"])].add(m["text"].lower())
    return [(t, n, f) for (t, n), f in forms.items()]


def surface(entity):
    return {x.lower() for x in [entity["name"], *(entity.get("aliases") or [])]}


def audit(arts, predicted):
    """Counter of (kind, pattern) over articles, and the articles of each."""
    counts = collections.Counter()
    where = collections.defaultdict(list)
    for a in arts:
        pred = predicted.get(a["id"], [])
        given = {(p["type"], p["name"].lower()) for p in pred}
        gold = gold_entities(a)
        for typ, name, forms in gold:
            if (typ, name.lower()) in given:
                continue
            hit = next((p for p in pred if forms & surface(p)), None)
            if hit is None:
                key = ("missed", (typ, name))
            elif hit["type"] == typ:
                key = ("name", (typ, name, hit["name"]))
            elif hit["name"].lower() == name.lower():
                key = ("type", (name, typ, hit["type"]))
            else:
                key = ("both", (typ, name, hit["type"], hit["name"]))
            counts[key] += 1
            where[key].append(a["id"])
        known = set().union(*(forms | {name.lower()} for _, name, forms in gold)) if gold else set()
        for p in pred:
            if not surface(p) & known:
                key = ("spurious", (p["type"], p["name"]))
                counts[key] += 1
                where[key].append(a["id"])
    return counts, where


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="the newsdex binary")
    ap.add_argument("--gold", default="data/ner/news", help="folder of annotated articles")
    ap.add_argument("--ner-weights", help="tagger weights to use instead of the shipped ones")
    ap.add_argument("--entity-check", help="entity check weights to use instead of the shipped "
                    "ones (a fold's: target/entity-check/without-I.tsv)")
    ap.add_argument("--known-tables", metavar="DIR", help="known-names tables to use instead of the "
                    "built-in ones (a fold's, learnt without its articles: target/entities-fold-5-I)")
    ap.add_argument("--kind", choices=KINDS, action="append", help="only these kinds")
    ap.add_argument("--top", type=int, default=25, help="rows per kind (default 25)")
    args = ap.parse_args()
    if "heldout" in os.path.basename(os.path.normpath(args.gold)):
        sys.exit("the held-out set is read only to report (bench/entities_gold.py), not audited")
    arts = load(args.gold)
    counts, where = audit(arts, predict(args.bin, arts, args.ner_weights, args.entity_check,
                                        args.known_tables))
    by_kind = collections.Counter()
    for (kind, _), n in counts.items():
        by_kind[kind] += n
    print(f"{len(arts)} articles ({args.gold}); entities by kind: "
          + ", ".join(f"{k} {by_kind[k]}" for k in KINDS))
    for kind in args.kind or KINDS:
        rows = sorted(((n, pat) for (k, pat), n in counts.items() if k == kind), key=lambda r: (-r[0], r[1]))
        print(f"\n{kind} ({by_kind[kind]})")
        for n, pat in rows[: args.top]:
            ids = where[(kind, pat)]
            print(f"  {n:4}  {' | '.join(pat)}   e.g. {ids[0]}")


if __name__ == "__main__":
    main()
