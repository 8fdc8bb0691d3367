#!/usr/bin/env python3
"""Counts of the entity gold set (for README.md): articles, mentions per type and
source, canonical entities, and (with --entities) every canonical entity with the
surface forms that refer to it.

    python3 tests/gold/entities/tools/stats.py [--entities]
"""
import collections
import glob
import json
import os
import sys

GOLD = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TYPES = ["PER", "ORG", "LOC", "MISC"]


def main():
    docs = [json.load(open(p, encoding="utf-8")) for p in sorted(glob.glob(os.path.join(GOLD, "*.json")))]
    rows = collections.OrderedDict()
    for kind in ["bbc", "reuters21578", "corpus", "all"]:
        rows[kind] = {"articles": 0, "chars": 0, "empty": 0, "pairs": 0,
                      **{t: 0 for t in TYPES}, **{t + "_pairs": 0 for t in TYPES}}
    forms = collections.defaultdict(collections.Counter)
    arts = collections.defaultdict(set)
    for d in docs:
        kind = d["source"].split("/", 1)[0]
        pairs = {(m["type"], m["entity"].casefold()) for m in d["mentions"]}
        for k in (kind, "all"):
            r = rows[k]
            r["articles"] += 1
            r["chars"] += len(d["body"])
            r["empty"] += not d["mentions"]
            r["pairs"] += len(pairs)
            for m in d["mentions"]:
                r[m["type"]] += 1
            for t, _ in pairs:
                r[t + "_pairs"] += 1
        for m in d["mentions"]:
            forms[(m["type"], m["entity"])][m["text"]] += 1
            arts[(m["type"], m["entity"])].add(d["id"])
    print("| source | articles | body chars | no entity | mentions | PER | ORG | LOC | MISC | (type, entity) per article | distinct |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    distinct = collections.defaultdict(set)
    for d in docs:
        kind = d["source"].split("/", 1)[0]
        for m in d["mentions"]:
            distinct[kind].add((m["type"], m["entity"].casefold()))
            distinct["all"].add((m["type"], m["entity"].casefold()))
    for k, r in rows.items():
        men = sum(r[t] for t in TYPES)
        print(f"| {k} | {r['articles']} | {r['chars']:,} | {r['empty']} | {men} | "
              + " | ".join(str(r[t]) for t in TYPES) + f" | {r['pairs']} | {len(distinct[k])} |")
    a = rows["all"]
    print()
    print("(type, entity) pairs per article by type: " + ", ".join(f"{t} {a[t + '_pairs']}" for t in TYPES))
    print("distinct canonical entities by type: " + ", ".join(
        f"{t} {len({e for (tt, e) in distinct['all'] if tt == t})}" for t in TYPES))
    if "--entities" in sys.argv[1:]:
        print()
        for (t, e), c in sorted(forms.items()):
            print(f"{t}\t{e}\t{len(arts[(t, e)])} articles\t" + "; ".join(f"{f} x{n}" for f, n in c.most_common()))


if __name__ == "__main__":
    main()
