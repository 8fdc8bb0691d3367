#!/usr/bin/env python3
"""Whether a researcher finds an entity by any of its names: for the top N rows of
`newsdex entities` on BBC News and on Reuters-21578 (each indexed on its own), query
`entity:"NAME"` for the row's canonical name and for every other name the row lists
(its `aliases`: how the articles wrote it and what the corpus joined to it), and count
the queries that find fewer articles than the row counts.

    python3 bench/entity_queries.py                      # target/release/newsdex, top 150
    python3 bench/entity_queries.py --bin OLD --bin NEW  # two binaries, one run
    python3 bench/entity_queries.py -n 300 --out bench/results/entity-queries-DATE.txt
    python3 bench/entity_queries.py -n 100 --check 6     # CI: fail over 6% short queries

A name shared by several entities (a given name, "Party", a surname several people
have) rightly finds fewer: the report lists every short query so that a reader can tell
those from a name the query side fails to resolve ("Blair" finding nothing where every
article that wrote it joined it to Tony Blair). Each binary indexes the corpora itself
(its own analysis). Only the Python 3 standard library is used.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def corpus(kind, data, tmp):
    folder = os.path.join(tmp, kind + "-corpus")
    os.makedirs(folder)
    data = os.path.abspath(data)
    if kind == "bbc":
        for cat in sorted(os.listdir(os.path.join(data, "bbc"))):
            if os.path.isdir(os.path.join(data, "bbc", cat)):
                os.symlink(os.path.join(data, "bbc", cat), os.path.join(folder, cat))
    else:
        for f in sorted(glob.glob(os.path.join(data, "reuters21578", "reut2-*.sgm"))):
            os.symlink(f, os.path.join(folder, os.path.basename(f)))
    return folder


def run(args):
    out = subprocess.run(args, capture_output=True, text=True, timeout=600)
    return out.stdout


def count(binary, index, name):
    name = name.replace('"', "")
    out = run([binary, "--index", index, "--color", "never", "search", f'entity:"{name}"', "--count"])
    try:
        return int(out.strip() or 0)
    except ValueError:
        return -1


def check(binary, index, n):
    rows = [json.loads(l) for l in run([binary, "--index", index, "--color", "never",
                                         "entities", "--json", "-n", str(n)]).splitlines()]
    queries, short, lines = 0, 0, []
    for r in rows:
        misses = []
        for name in [r["name"]] + r.get("aliases", []):
            queries += 1
            c = count(binary, index, name)
            if c < r["articles"]:
                short += 1
                misses.append(f"{name}: {c}")
        if misses:
            lines.append(f"  {r['rank']:4} {r['type']:4} {r['name']} ({r['articles']}): " + "; ".join(misses))
    return rows, queries, short, lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", action="append", help="newsdex binary (repeatable)")
    ap.add_argument("--data", default=os.path.join(REPO, "../shared/data"))
    ap.add_argument("-n", type=int, default=150, help="rows of each list (default 150)")
    ap.add_argument("--out", help="also write the report here")
    ap.add_argument("--check", type=float, metavar="PERCENT",
                    help="exit 1 when more than PERCENT of a corpus's queries find fewer articles")
    args = ap.parse_args()
    failed = []
    bins = args.bin or [os.path.join(REPO, "target/release/newsdex")]
    report = [f"# Queries by every listed name of the top {args.n} entities (bench/entity_queries.py)"]
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ["bbc", "reuters"]:
            folder = corpus(kind, args.data, tmp)
            for i, binary in enumerate(bins):
                index = os.path.join(tmp, f"{kind}-index-{i}")
                run([binary, "--index", index, "--color", "never", "index", "-q", "--follow", folder])
                rows, queries, short, lines = check(binary, index, args.n)
                version = run([binary, "--version"]).strip()
                report.append(f"\n## {kind}, {binary} ({version})")
                report.append(f"{len(rows)} rows, {queries} queries (the canonical name and every "
                              f"listed name), {short} find fewer articles than the row "
                              f"({100.0 * short / max(queries, 1):.1f}%), on {sum(1 for l in lines)} rows:")
                report.extend(lines)
                if args.check is not None and 100.0 * short / max(queries, 1) > args.check:
                    failed.append(f"{kind} ({binary}): {short} of {queries} queries short")
    text = "\n".join(report) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    if failed:
        sys.stderr.write(f"entity_queries.py: over {args.check}%: " + "; ".join(failed) + "\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
