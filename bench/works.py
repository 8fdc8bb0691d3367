#!/usr/bin/env python3
"""Build data/gazetteer/works.txt: titles of works (films, albums, songs, books, shows,
games) and named products (consoles, cars, software) mined from the news corpora in
../shared/data (BBC News and Reuters-21578), used by newsdex's entity typing as MISC
evidence: a name on the list is a work or a product wherever an article names it, also
where the article gives no cue ("Reservoir Dogs, The Blair Witch Project and The Full
Monty were all snapped up").

    python3 bench/works.py                           # writes data/gazetteer/works.txt
    python3 bench/works.py --data DIR --out FILE --explain "Star Wars" Friends

Evidence, counted in distinct articles:

  before   a title-case run right after a work or product noun that has a determiner
           or an adjective before it: "the film Ray", "hit single Toxic", "Xbox game
           Halo 2", "new console PlayStation 3" (and the titles listed after it: "films
           such as X, Y and Z");
  after    a name right before a role or product noun: "Friends actress", "Star Wars
           sequel", "Xbox console", "Ocean's Twelve, directed by";
  listed   then, one more round: a title-case name listed beside a title found so
           ("The Aviator, Million Dollar Baby and Sideways").

A title is kept when its evidence comes from 2 articles at least, when one article in
ten that names it gives it (Hollywood, named in a hundred articles, comes after "film"
in three), when no article names it as a person ("X said", "X, who", "Mr X"), and when
it is not:
  - a place, company, organisation, alias or other name of the shipped gazetteer, a
    title or role, a given name or a common word, a month or day name, a name with a
    legal suffix, a possessive, or shorter than three letters;
  - a single word the corpora mostly write in lower case ("Friends" is "friends"), a
    person's name (a given name first: "Kevin Spacey" after "film star"), or a single
    word that ends a longer title on the list ("Aviator");
  - on REJECT, the names a reading of the list found wrong.

The articles of the hand-annotated gold sets (tests/gold/entities*/) are left out, so the
gold sets stay a test of the list (--with-gold keeps them). The same input gives the same
file (sorted, deterministic). Only the standard library.
"""
import argparse
import collections
import glob
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GAZ = os.path.join(REPO, "data", "gazetteer")
GOLD = os.path.join(REPO, "tests", "gold")

WORK_NOUNS = ("film|movie|album|single|song|track|book|novel|musical|sitcom|series|comedy|"
              "drama|thriller|documentary|programme|video game|computer game|EP|opera|soap|"
              "franchise|blockbuster|biopic|sequel|remake|cartoon|play|anthem|ballad|memoir|"
              "autobiography|show|spin-off|prequel|adaptation|console|handheld|handset|videogame|"
              "game|title|hit|hopeful|nominee|contender")
# A word that makes the noun a work's ("the film", "hit single", "new console"); verbs
# and sport ("figures show", "the game against") stay out.
WORK_DET = ("the|a|an|his|her|their|its|new|hit|latest|debut|first|second|third|next|last|"
            "classic|comedy|cult|animated|TV|BBC|television|radio|stage|chat|best-selling|"
            "award-winning|forthcoming|upcoming|former|forthcoming|[0-9]{4}|whose|popular|"
            "acclaimed|top-selling|smash|musical|horror|action|romantic|children's|war|epic|"
            "[A-Z][\\w-]*|Oscar|multiple Oscar|Hit|big|huge|rival|sequel|blockbuster")
# "the film X", "hit single X", "films such as X".
BEFORE_RE = re.compile(
    rf"\b(?:{WORK_DET}) (?:{WORK_NOUNS})(?:s?,? (?:called|dubbed|entitled|titled|such as|including|like)|s)? $"
    rf"|\b(?:{WORK_NOUNS})s?,? (?:called|dubbed|entitled|titled|such as) $")
# "X actress", "X star", "X, directed by", "X console".
AFTER_RE = re.compile(
    r"^(?:,? (?:directed by|starring|which stars|an adaptation of|the sequel to)\b|"
    r" (?:actress|actor|actors|co-star|co-stars|soundtrack|sequel|console|consoles|"
    r"handheld|handset|franchise|trilogy|theme tune|remake|spin-off|box set)\b)")
# A title in title case, short lower-case words inside ("It's Now or Never").
TITLE = re.compile(
    r"[A-Z0-9][\w'&!:-]*(?: (?:(?:of|the|and|a|an|to|or) )*[A-Z0-9][\w'&!:-]*){0,7}")
# A name alone, no small words (what comes before "actress" or "console").
NAME = re.compile(r"[A-Z0-9][\w'&!:-]*(?: [A-Z0-9][\w'&!:-]*){0,4}")
# A list of names: "A, B and C", "A and B" (small words inside names allowed).
ITEM = r"[A-Z0-9][\w'&!:-]*(?: (?:(?:of|the|a|an|to|or) )*[A-Z0-9][\w'&!:-]*){0,6}"
LIST_RE = re.compile(rf"{ITEM}(?:, {ITEM})*,? (?:and|&) {ITEM}")
FUNCTION = {"of", "the", "and", "a", "an", "to", "in", "on", "or", "for", "at", "by", "with",
            "from", "is"}
MONTHS_DAYS = {"january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december", "monday", "tuesday",
               "wednesday", "thursday", "friday", "saturday", "sunday"}
# Names the rules above keep that a reading of the list found to be no title: pieces of
# longer titles, a person, a broadcaster, a tournament in the plural, wire fragments.
REJECT = {"a and b", "australian opens", "burt reynolds", "d commodities", "e-slates",
          "irish lions", "moving castle", "number 73 and motormouth", "other enhancements",
          "rings", "the return", "unfortunate events", "star wars dvd", "tv-am",
          "uno contra veinte emcees", "go digital"}
SENT_START = re.compile(r"(?:^|[.!?]\s+|\n\s*|[\"'(]\s*)$")


def entries(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line


def gold_ids():
    ids = set()
    for path in glob.glob(os.path.join(GOLD, "entities*", "*.json")):
        with open(path, encoding="utf-8") as f:
            ids.add(json.load(f)["id"])
    return ids


def read_bbc(folder, skip):
    for path in sorted(glob.glob(os.path.join(folder, "*", "*.txt"))):
        cat = os.path.basename(os.path.dirname(path))
        num = os.path.splitext(os.path.basename(path))[0]
        if f"bbc-{cat}-{num}" in skip:
            continue
        with open(path, "rb") as f:
            raw = f.read()
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield raw.decode("latin-1")


def read_reuters(folder, skip):
    for path in sorted(glob.glob(os.path.join(folder, "reut2-*.sgm"))):
        stem = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="latin-1") as f:
            text = f.read()
        for rec in re.finditer(r'NEWID="(\d+)">(.*?)</REUTERS>', text, re.S):
            if f"reuters-{stem}-{rec.group(1)}" in skip:
                continue
            body = re.search(r"<BODY>(.*?)</BODY>", rec.group(2), re.S)
            if body:
                yield re.sub(r"&#\d+;", " ", body.group(1).replace("&lt;", "<").replace("&amp;", "&"))


def title_at(d, at, listed):
    m = TITLE.match(d, at)
    if not m:
        return None
    text = m.group(0)
    if ". " in text:
        text = text[: text.index(". ") + 1]
    if listed and " and " in text:
        text = text[: text.rindex(" and ")]
    text = text.rstrip(":-'.,!")
    return text or None


def clean(name):
    name = name.replace("\u2019", "'")
    # "Scorsese's The Aviator": the title is what follows the owner.
    name = re.split(r"\w's ", name)[-1]
    words = name.split()
    # "1977 Star Wars": a year before the title is no part of it.
    while len(words) > 1 and words[0].isdigit():
        words.pop(0)
    # A possessive ends the title ("Shrek 2's success").
    if words and re.search(r"'s?$", words[-1]) and len(words) > 1:
        words[-1] = re.sub(r"'s?$", "", words[-1])
    while words and words[-1].lower() in FUNCTION:
        words.pop()
    if words and words[0].lower() in FUNCTION - {"the", "a"}:
        return ""
    return " ".join(words)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = next((d for d in [os.path.join(REPO, "..", "shared", "data"), "/work/shared/data"]
                    if os.path.isdir(d)), "../shared/data")
    ap.add_argument("--data", default=default)
    ap.add_argument("--out", default=os.path.join(GAZ, "works.txt"))
    ap.add_argument("--with-gold", action="store_true", help="keep the gold-set articles")
    ap.add_argument("--explain", nargs="*", default=[], help="print the evidence for these names")
    args = ap.parse_args()
    args.explain_lower = {n.lower() for n in args.explain}

    skip = set() if args.with_gold else gold_ids()
    docs = list(read_bbc(os.path.join(args.data, "bbc"), skip)) + \
        list(read_reuters(os.path.join(args.data, "reuters21578"), skip))

    # Case statistics of single words away from sentence starts.
    cap, low = collections.Counter(), collections.Counter()
    tok = re.compile(r"[A-Za-z][A-Za-z'\-]*")
    for d in docs:
        for m in tok.finditer(d):
            w = m.group(0)
            if SENT_START.search(d[max(0, m.start() - 3):m.start()]):
                continue
            (cap if w[0].isupper() else low)[w.lower()] += 1

    evidence = collections.Counter()
    spelling = collections.defaultdict(collections.Counter)
    for d in docs:
        seen = set()
        i = 0
        for m in re.finditer(r"(?<![\w'])[A-Z0-9]", d):
            at = m.start()
            if at < i:
                continue
            before = d[max(0, at - 40):at]
            if not BEFORE_RE.search(before):
                continue
            first = title_at(d, at, False)
            if not first:
                continue
            found = [first]
            end = at + len(first)
            listed = d.startswith(", ", end)
            for _ in range(8):
                sep = next((s for s in (", and ", ", ", " and ", " & ") if d.startswith(s, end)), None)
                if not sep or not d[end + len(sep):end + len(sep) + 1].isupper():
                    break
                nxt = title_at(d, end + len(sep), listed)
                if not nxt:
                    break
                found.append(nxt)
                end = end + len(sep) + len(nxt)
                listed = True
            seen.update(found)
            i = end
        for m in NAME.finditer(d):
            after = d[m.end():m.end() + 40]
            before = d[max(0, m.start() - 3):m.start()]
            if AFTER_RE.search(after) and not SENT_START.search(before) and not before.endswith("'s "):
                seen.add(m.group(0))
        for n in seen:
            n = clean(n)
            if n:
                evidence[n.lower()] += 1
                spelling[n.lower()][n] += 1

    # Titles listed beside a known one ("The Aviator, Million Dollar Baby and Sideways")
    # are titles too: one more round over the lists of the corpora.
    seeds = {k for k, n in evidence.items() if n >= 2}
    listed = collections.Counter()
    for d in docs:
        seen = set()
        for m in LIST_RE.finditer(d):
            items = [clean(x) for x in re.split(r", and |, | and | & ", m.group(0))]
            if any(x.lower() in seeds for x in items):
                seen.update(x for x in items if x and x.lower() not in seeds)
        for n in seen:
            listed[n.lower()] += 1
            spelling[n.lower()][n] += 1
    for k, n in listed.items():
        evidence[k] += n

    blocked = set()
    for f in ["loc.txt", "org.txt", "misc.txt", "titles.txt", "given_names.txt", "common.txt",
              "noise.txt", "companies.txt"]:
        blocked |= {e.lower().rstrip(".") for e in entries(os.path.join(GAZ, f))}
    for line in entries(os.path.join(GAZ, "aliases.tsv")):
        blocked |= {c.strip().lower() for c in line.split("\t")[:2]}
    for line in entries(os.path.join(GAZ, "canonical.tsv")):
        blocked.add(line.split("\t")[0].strip().lower())
    given = {e.lower() for e in entries(os.path.join(GAZ, "given_names.txt"))}

    suffixes = {"inc", "corp", "corporation", "ltd", "limited", "plc", "co", "cos", "llc", "ag",
                "sa", "nv", "bv", "gmbh", "spa", "bhd", "pty"}
    kept = []
    for key, n in evidence.items():
        words = key.split()
        if key in blocked or key in REJECT or key in MONTHS_DAYS or not re.search(r"[a-z]", key):
            continue
        if sum(c.isalpha() for c in key) < 3 or key.endswith("'s") or words[-1] in suffixes:
            continue  # "B", "Nintendo's", "Commonwealth Shipping Plc"
        if words[0] in MONTHS_DAYS or any(p.split()[0] in given for p in key.split(" and ") if p):
            continue  # "April 1"; "Gary McKendry and Ashvin Kumar"
        if n < 2:
            continue
        if words[0] in given and len(words) == 2:
            continue  # "Kevin Spacey": a person after "film star"
        if len(words) == 1:
            w = words[0]
            if low[w] >= cap[w] or w in MONTHS_DAYS:
                continue
        if all(w in blocked or w in FUNCTION or w.isdigit() for w in words):
            if len(words) == 1 or not any(w.isdigit() for w in words):
                continue  # "New York", "World Cup" made of listed words, not "Doom 3"
        kept.append(spelling[key].most_common(1)[0][0])

    # A title gets its cue in one article of ten that name it at least (Hollywood, named
    # in a hundred articles, comes after "film" in three); and no person is named so
    # ("Reynolds said", "Mr Reynolds").
    def cue_share_and_person(name):
        low_name = name.lower()
        last = name.split()[-1]
        named = person = 0
        for d in docs:
            if name in d:
                named += 1
                if f"{name} said" in d or f"{name}, who" in d or f"{name} told" in d or f"Mr {last}" in d:
                    person += 1
        return evidence[low_name] / max(named, 1), person
    checked = []
    for k in kept:
        share, person = cue_share_and_person(k)
        if share >= 0.1 and person == 0:
            checked.append(k)
        elif k.lower() in args.explain_lower:
            print(k, f"dropped: cue share {share:.2f}, person uses {person}")
    kept = checked

    # A single word that ends a longer title on the list is a piece of it ("Aviator").
    tails = {k.split()[-1].lower() for k in kept if " " in k}
    kept = [k for k in kept if " " in k or k.lower() not in tails]

    for name in args.explain:
        k = name.lower()
        print(name, evidence.get(k, 0), "kept" if any(x.lower() == k for x in kept) else "dropped",
              f"blocked {k in blocked} cap {cap[k]} low {low[k]}")
    kept = sorted(set(kept), key=lambda s: (s.lower(), s))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Titles of works and named products mined from the news corpora (BBC News,\n")
        f.write("# Reuters-21578) by bench/works.py: title-case names after a work or product\n")
        f.write("# noun (\"the film X\", \"hit single X\", \"console X\") or before one (\"X actress\",\n")
        f.write("# \"X console\"), or listed beside such a title, seen in two articles;\n")
        f.write("# places, companies, given names, titles, common and mostly lower-case words\n")
        f.write("# left out; the gold-set articles (tests/gold/entities*) not read. MISC evidence\n")
        f.write("# for entity typing (src/analyze/gazetteer.rs).\n")
        f.write("# Regenerate with `python3 bench/works.py`; do not edit by hand.\n")
        for n in kept:
            f.write(n + "\n")
    print(f"{len(kept)} works from {len(docs)} articles -> {args.out}")


if __name__ == "__main__":
    main()
