#!/usr/bin/env python3
"""Build data/gazetteer/people.tsv: the person a bare surname names in the news corpora of
../shared/data (BBC News 2004-2005, Reuters-21578 1987), for articles read alone.

Within an article newsdex joins "Blair" to the "Tony Blair" it names; across an index the
corpus rule of src/index/aliases.rs does it from the index's own counts. An article read
alone (`newsdex analyze`, or a small index) that only says "Blair" has neither; this table
gives it the person the corpora's articles mean by that surname, when the article names
something that person is named beside (the context: Labour, Downing Street, Gordon Brown).

    python3 bench/people.py --bin target/release/newsdex     # writes data/gazetteer/people.tsv
    python3 bench/people.py --bin B --check                   # fail if the file differs

Counted in distinct articles, per corpus, from the entities `newsdex analyze
--no-people-table --no-entity-check` gives (the table never counts its own guesses, and
counts the bare surnames the entity check would drop: with the table, most of them name
a person it knows):
  full     articles that write a person's name of several words in full;
  bare     articles whose person entity is the surname alone;
  context  the entity terms ("org:labour party") met in the full name's articles at least
           LIFT times as often as in the whole corpus and in MIN_CONTEXT of them, the
           CONTEXT most frequent (the person's own name and surname excluded, and terms
           met in more than MAX_SHARE of all articles, England, British, unless the
           surname is a household name, written alone in HOUSEHOLD articles: "Bush" in
           an article naming the United States is George W. Bush, a "Taylor" in one
           naming England is no Matthew Taylor).
A surname is listed with its person when that person is written in full in MIN_FULL
articles at least, DOMINANCE times as many as the next person of that surname, and the
surname stands alone in MIN_BARE articles. Each corpus has its rows: "Bush" is George W.
Bush in BBC News and George Bush in Reuters' 1987, and an article's context picks one.
The articles of the hand-annotated gold sets (tests/gold/entities*/) are not read, so the
gold sets stay a test of the table (--with-gold reads them). Deterministic: the same
binary and data give the same file.
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "data", "gazetteer", "people.tsv")

MIN_FULL = 3
MIN_BARE = 1
DOMINANCE = 3
LIFT = 3.0
MIN_CONTEXT = 2
CONTEXT = 40
MAX_SHARE = 0.05
HOUSEHOLD = 10

SOURCES = {
    "bbc": lambda data: sorted(glob.glob(os.path.join(data, "bbc", "*", "*.txt"))),
    "reuters": lambda data: sorted(glob.glob(os.path.join(data, "reuters21578", "*.sgm"))),
}


def gold_ids():
    """The ids of the hand-annotated gold sets' articles (tests/gold/entities*/)."""
    ids = set()
    for path in glob.glob(os.path.join(ROOT, "tests", "gold", "entities*", "*.json")):
        with open(path, encoding="utf-8") as f:
            ids.add(json.load(f)["id"])
    return ids


def article_id(source):
    """The gold sets' id of an article newsdex read: bbc-business-001,
    reuters-reut2-000-991 (the file and its NEWID)."""
    path = source.get("path", "")
    stem = os.path.splitext(os.path.basename(path))[0]
    newid = (source.get("locator") or "").removeprefix("NEWID ")
    if newid:
        return f"reuters-{stem}-{newid}"
    return f"bbc-{os.path.basename(os.path.dirname(path))}-{stem}"


def analyzed(bin_, files, skip):
    """Each article's body and entities, as `newsdex analyze --json` gives them, but the
    articles whose id is in `skip`."""
    for i in range(0, len(files), 200):
        proc = subprocess.run(
            [bin_, "analyze", *files[i:i + 200], "--json", "--passages", "0", "--no-people-table",
             "--no-entity-check"],
            capture_output=True, text=True, check=False)
        if proc.returncode not in (0, 1):
            sys.exit(f"{bin_} analyze failed (exit {proc.returncode}):\n{proc.stderr}")
        for line in proc.stdout.splitlines():
            if line.strip():
                rec = json.loads(line)
                if article_id(rec.get("source") or {}) not in skip:
                    yield rec.get("body") or "", rec.get("entities") or []


def term(e):
    return f"{e['type'].lower()}:{e['name'].lower()}"


# Lower-case words that make a "person" of several words an organisation the tagger
# took for one ("German Federation of Banks"): no person's name holds them.
NOT_IN_NAMES = {"of", "for", "and", "the"}


def written_in_full(e, body):
    """Whether the article writes the person's name of several words itself."""
    forms = [e["name"]] + list(e.get("aliases") or [])
    return any(" " in f and f in body for f in forms)


def corpus_people(bin_, files, skip):
    """surname → {full name: articles}, surname → bare articles, full name → articles'
    terms counter, terms counter of the whole corpus, article count."""
    full = collections.defaultdict(collections.Counter)
    bare = collections.Counter()
    beside = collections.defaultdict(collections.Counter)
    everywhere = collections.Counter()
    n = 0
    for body, entities in analyzed(bin_, files, skip):
        n += 1
        terms = {term(e) for e in entities}
        everywhere.update(terms)
        for e in entities:
            if e["type"] != "PER":
                continue
            words = e["name"].split()
            if NOT_IN_NAMES.intersection(words):
                continue
            if len(words) > 1 and written_in_full(e, body):
                full[words[-1].lower()][e["name"]] += 1
                beside[e["name"]].update(terms)
            else:
                # Written alone: a one-word name, or a longer one the article never
                # writes, under its one-word forms.
                forms = [e["name"]] + list(e.get("aliases") or [])
                for form in {f.lower() for f in forms if " " not in f}:
                    bare[form] += 1
    return full, bare, beside, everywhere, n


def initial(word):
    return len(word.rstrip(".")) == 1


def display(name):
    """The person's name as the guidelines write a widely known one: a middle initial
    with its period ("George W Bush" → "George W. Bush")."""
    words = name.split()
    return " ".join(w + "." if 0 < i < len(words) - 1 and len(w) == 1 else w
                    for i, w in enumerate(words))


def listed(full, bare, beside, everywhere, n):
    """surname → (full name, articles in full, next, bare, context terms)."""
    out = {}
    for surname, people in full.items():
        ranked = people.most_common()
        name, top = ranked[0]
        if initial(name.split()[0]):
            continue  # "S Byrne": a line-up's initial, no name to give a bare surname
        second = ranked[1][1] if len(ranked) > 1 else 0
        if top < MIN_FULL or top < DOMINANCE * second or bare[surname] < MIN_BARE:
            continue
        own = {f"per:{name.lower()}", f"per:{surname}"}
        household = bare[surname] >= HOUSEHOLD
        context = []
        for t, k in beside[name].items():
            if t in own or k < MIN_CONTEXT or (everywhere[t] > MAX_SHARE * n and not household):
                continue
            if k / top >= LIFT * everywhere[t] / n:
                context.append((-k, t))
        context = [t for _, t in sorted(context)[:CONTEXT]]
        if context:
            out[surname] = (display(name), top, second, bare[surname], context)
    return out


def table(bin_, data, skip):
    by_source = {}
    for source, files in SOURCES.items():
        paths = files(data)
        if not paths:
            sys.exit(f"no {source} articles under {data}")
        by_source[source] = listed(*corpus_people(bin_, paths, skip))
    rows = []
    for s in sorted(set().union(*by_source.values())):
        for src in sorted(src for src in by_source if s in by_source[src]):
            name, top, second, nbare, context = by_source[src][s]
            rows.append(f"{s}\t{name}\t{src}\t{top}\t{second}\t{nbare}\t{'|'.join(context)}")
    head = ("# written by bench/people.py from ../shared/data, the gold-set articles not read"
            " (do not edit by hand)\n"
            "# surname\tperson\tcorpus\tarticles in full\tnext person\tbare\tcontext terms\n")
    return head + "\n".join(rows) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "newsdex"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--check", action="store_true", help="fail if --out differs")
    ap.add_argument("--with-gold", action="store_true", help="read the gold-set articles too")
    args = ap.parse_args()
    skip = set() if args.with_gold else gold_ids()
    text = table(os.path.abspath(args.bin), args.data, skip)
    if args.check:
        if not os.path.exists(args.out) or open(args.out, encoding="utf-8").read() != text:
            sys.exit(f"out of date (run bench/people.py): {args.out}")
        print(f"{args.out} matches the corpora")
        return
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{args.out}: {text.count(chr(10)) - 2} rows")


if __name__ == "__main__":
    main()
