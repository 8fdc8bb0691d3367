#!/usr/bin/env python3
"""Select the articles of the entity gold set (fixed rule, fixed seed) and write a
skeleton JSON file (title, body, no mentions) for each one that has no file yet.

    python3 tests/gold/entities/tools/select_articles.py [--bin target/release/newsdex] [--list]

Rule (see ../README.md):
  * BBC (Greene & Cunningham): one random.Random(SEED), sampling the sorted file names
    of each category in this order: entertainment 6, tech 6, business 4, politics 4,
    sport 4 (24).
  * Reuters-21578: every record of reut2-000 .. reut2-021 that has a <BODY>, sorted by
    NEWID; random.Random(SEED).sample of 24.
  * corpus/: every article newsdex reads from the files of corpus/ at commit 1c05047
    (CORPUS_FILES below; 19 files, 25 articles), one per record, sorted by
    (path, record); one drawn at random from each format (.txt, .json, .jsonl,
    .ndjson), then the rest drawn at random from those left, 16 in all.
The text (title, body) is what `newsdex analyze PATH --json` prints for the record.
An existing article file is never overwritten (its annotations are kept).
"""
import argparse
import glob
import json
import os
import random
import re
import subprocess
import sys

SEED = 11  # issue 11
HERE = os.path.dirname(os.path.abspath(__file__))
GOLD = os.path.dirname(HERE)
REPO = os.path.abspath(os.path.join(GOLD, "..", "..", ".."))
DATA = os.environ.get("NEWSDEX_DATA", os.path.abspath(os.path.join(REPO, "..", "shared", "data")))
BBC_QUOTA = [("entertainment", 6), ("tech", 6), ("business", 4), ("politics", 4), ("sport", 4)]
N_REUTERS = 24
N_CORPUS = 16
# The pool for corpus/: its files at commit 1c05047 (git ls-files corpus), fixed here so
# that files added to corpus/ later do not change the draw.
CORPUS_FILES = [
    "corpus/000_9c9abb03a0ba5449.txt",
    "corpus/Harbour Times/red-sea-container-rates.txt",
    "corpus/Harbour Times/wto-chip-export-dispute.txt",
    "corpus/feeds/briefs.ndjson",
    "corpus/feeds/digest-china-russia-eu.json",
    "corpus/feeds/harbour-times-nato-ukraine-aid.json",
    "corpus/feeds/wire-roundup.jsonl",
    "corpus/wire/baltic-wire-kyiv-drone-factories.txt",
    "corpus/wire/baltic-wire-kyiv-power-grid.txt",
    "corpus/wire/baltic-wire-shadow-fleet-tankers.txt",
    "corpus/wire/continental-post-brussels-next-sanctions-package.txt",
    "corpus/wire/continental-post-eu-china-summit-beijing.txt",
    "corpus/wire/continental-post-scholz-xi-beijing-visit.txt",
    "corpus/wire/himalayan-ledger-hong-kong-transshipment.txt",
    "corpus/wire/himalayan-ledger-moscow-yuan-payments.txt",
    "corpus/wire/himalayan-ledger-power-of-siberia-2.txt",
    "corpus/wire/pacific-courier-beijing-ukraine-envoy.txt",
    "corpus/wire/pacific-courier-chinese-satellites-scrutiny.txt",
    "corpus/wire/pacific-courier-taiwan-chip-controls.txt",
]


def analyze(bin_, path):
    out = subprocess.run([bin_, "analyze", path, "--json"], capture_output=True, text=True,
                         cwd=REPO)
    return [json.loads(l) for l in out.stdout.splitlines() if l.strip()]


def select_bbc(seed=SEED, quota=BBC_QUOTA, skip=frozenset()):
    """BBC picks: one generator, drawn from category by category in quota order, each
    category's sorted file names less those in `skip` (sources, "bbc/tech/095.txt")."""
    picks = []
    rng = random.Random(seed)
    for cat, n in quota:
        files = sorted(os.path.basename(p) for p in glob.glob(os.path.join(DATA, "bbc", cat, "*.txt")))
        files = [f for f in files if f"bbc/{cat}/{f}" not in skip]
        for name in sorted(rng.sample(files, n)):
            picks.append(("bbc", f"bbc/{cat}/{name}", os.path.join(DATA, "bbc", cat, name), None))
    return picks


def select_reuters(seed=SEED, n=N_REUTERS, skip=frozenset()):
    """Reuters picks: a sample of the records with a <BODY>, sorted by NEWID, less those
    in `skip` (sources, "reuters21578/reut2-005.sgm#NEWID 5070")."""
    recs = []
    for path in sorted(glob.glob(os.path.join(DATA, "reuters21578", "reut2-*.sgm"))):
        text = open(path, encoding="latin-1").read()
        name = os.path.basename(path)
        for m in re.finditer(r'<REUTERS [^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', text, re.S):
            if "<BODY>" in m.group(2) and f"reuters21578/{name}#NEWID {m.group(1)}" not in skip:
                recs.append((int(m.group(1)), path))
    recs.sort()
    picks = []
    for newid, path in sorted(random.Random(seed).sample(recs, n)):
        name = os.path.basename(path)
        picks.append(("reuters", f"reuters21578/{name}#NEWID {newid}", path, f"NEWID {newid}"))
    return picks


def select_corpus(bin_):
    arts = []
    for rel in sorted(CORPUS_FILES):
        path = os.path.join(REPO, rel)
        for i, a in enumerate(analyze(bin_, path)):
            arts.append((os.path.relpath(path, REPO), a["source"].get("locator"), i))
    rng = random.Random(SEED)
    formats = sorted({os.path.splitext(p)[1] for p, _, _ in arts})
    chosen = []
    for ext in formats:
        pool = [a for a in arts if os.path.splitext(a[0])[1] == ext and a not in chosen]
        chosen.append(rng.choice(pool))
    rest = [a for a in arts if a not in chosen]
    chosen += rng.sample(rest, N_CORPUS - len(chosen))
    picks = []
    for rel, loc, _ in sorted(chosen, key=lambda a: (a[0], a[2])):
        source = rel if loc is None else f"{rel}#{loc}"
        picks.append(("corpus", source, os.path.join(REPO, rel), loc))
    return picks


def article_id(source):
    s = source.lower().replace("reuters21578/", "reuters-").replace("#newid ", "-")
    s = re.sub(r"\.(txt|jsonl|ndjson|json|sgm)\b", "", s)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def write_skeletons(picks, gold, newsdex, list_only):
    """Prints each pick's id and source and, unless list_only, writes the skeleton of every
    article that has no file in `gold` yet (title and body as newsdex reads them, no
    mentions; only the text is kept, the tagger's entities are not looked at)."""
    cache = {}
    for kind, source, path, loc in picks:
        aid = article_id(source)
        print(aid, "\t", source)
        if list_only:
            continue
        out = os.path.join(gold, aid + ".json")
        if os.path.exists(out):
            continue
        if path not in cache:
            cache[path] = analyze(newsdex, path)
        recs = cache[path]
        if loc is None:
            rec = recs[0] if len(recs) == 1 else None
        else:
            rec = next((r for r in recs if r["source"].get("locator") == loc), None)
        if rec is None:
            sys.exit(f"no record {loc} in {path}")
        doc = {"id": aid, "source": source, "title": rec.get("title"), "body": rec["body"],
               "mentions": []}
        with open(out, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1)
            f.write("\n")
    print(len(picks), "articles", file=sys.stderr)


def parse_args(doc):
    """The arguments of the selection tools (this one and those of the held-out and
    training sets): --bin, the newsdex binary that reads the texts; --list."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "newsdex"))
    ap.add_argument("--list", action="store_true", help="only list the selection")
    return ap.parse_args()


def main():
    args = parse_args(__doc__)
    picks = select_bbc() + select_reuters() + select_corpus(args.bin)
    write_skeletons(picks, GOLD, args.bin, args.list)


if __name__ == "__main__":
    main()
