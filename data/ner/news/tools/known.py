#!/usr/bin/env python3
"""What the annotated training articles know about names, as two shipped tables that
src/analyze/gazetteer.rs reads (the tagger itself never sees them):

    data/ner/known_names.tsv   surface  canonical  TYPE  articles  of
        A name as written ("Congress", "Brit Award", "Radio 4") and the canonical entity
        the annotators gave it ("United States Congress", "Brit Awards", "BBC Radio 4")
        where the article did not always spell it out: the annotation guidelines ask for
        world knowledge the text alone does not hold. Also a peer's title and surname
        ("lord falconer") and the person the annotators named by it ("Charles
        Falconer"): a peerage names one person, so one article's annotation is enough.
        And a person the annotators always named in full where the article wrote one
        word ("shakespeare" → William Shakespeare, "elvis" → Elvis Presley): every
        article with that word as a person agrees, at least ONE_WORD_ARTICLES of them, at
        least one never spells the name out, and the word is no given name, common word
        or surname of people.tsv (which reads the article's context for those).
    data/ner/known_types.tsv   name  TYPE  articles  of
        A canonical entity and the type the annotators gave it.

A row is kept when the annotators agreed: the winning canonical name (or type) in at
least MIN_ARTICLES articles (ONE_WORD_ARTICLES for a name of one word) and in at least
SHARE of the articles the name is in. People
are left out of the names but for peers and the people just said: a bare "Brown" in a
line-up is no Gordon Brown, and the index
joins a surname to a full name by its context across the corpus (src/index/aliases.rs),
which a table cannot. A name whose sense differs by
source (BBC News and Reuters-21578: "Treasury") is left out, and so is one country's body
named bare ("agriculture ministry" → Ministry of Agriculture (India): a generic body
name whose canonical name is a body of data/gazetteer/national.tsv or has a place in
brackets the name as written lacks): src/analyze/national.rs names those by the
article's country. Names the curated lists of
data/gazetteer/ resolve (aliases.tsv, canonical.tsv, clubs.tsv), or resolve other names
to, are left to them, and so is a canonical name they write another way.

    python3 data/ner/news/tools/known.py           # write both tables
    python3 data/ner/news/tools/known.py --check   # fail if they differ from the data
    python3 data/ner/news/tools/known.py --without FOLD/test --out FOLD
        # the tables learnt without the articles of FOLD/test (bench/entities_fold.sh
        # scores a fold with them, so that the fold's own annotations do not help it)
"""
import collections
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NEWS = os.path.dirname(HERE)  # data/ner/news
NER = os.path.dirname(NEWS)  # data/ner
GAZ = os.path.join(os.path.dirname(NER), "gazetteer")
NAMES = os.path.join(NER, "known_names.tsv")
TYPES = os.path.join(NER, "known_types.tsv")

# Chosen on the five folds of bench/entities_fold.sh scored with tables learnt without
# each fold (2026-12-03; canonical F1, mean of the folds, the check retrained each time):
# MIN_ARTICLES 3 0.880, 2 0.882, 1 0.887; with 1, SHARE 0.9 0.885, 0.75 0.887, 0.6 0.888,
# 0.5 0.887. One article's annotation of a name of several words is worth learning:
# names recur across the news. A name of one word ("Galaxy" → Galaxy Oil, "Court",
# "Clinton" as a place) means that article's own too often: it needs ONE_WORD_ARTICLES,
# as a name needed before (0.886 against 0.887 on the folds, the price of not guessing
# from one article in other news).
MIN_ARTICLES = 1
SHARE = 0.6
ONE_WORD_ARTICLES = 2
# The same for the types table.
TYPE_ARTICLES = 1
ONE_WORD_TYPE_ARTICLES = 2
# Peers' titles, as src/analyze/entities.rs's PEERAGE lists them.
PEERAGE = ("Lord", "Lady", "Baroness", "Baron", "Earl", "Viscount", "Countess")


def lines(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line


def curated():
    """Lower-case names the curated lists resolve (to what), and the names they resolve
    others to."""
    names, targets = {}, set()
    for name in ("aliases.tsv", "canonical.tsv", "clubs.tsv"):
        for line in lines(os.path.join(GAZ, name)):
            cols = [c.strip().lower() for c in line.split("\t")]
            names[cols[0]] = cols[1] if len(cols) > 1 else cols[0]
            if len(cols) > 1:
                targets.add(cols[1])
    return names, targets


# Ids of articles the tables are learnt without (--without).
WITHOUT = set()


def articles():
    for path in sorted(glob.glob(os.path.join(NEWS, "*.json"))):
        if os.path.basename(path)[: -len(".json")] in WITHOUT:
            continue
        with open(path, encoding="utf-8") as f:
            yield json.load(f)


def agreed(counter, need):
    """The winner of a counter of articles, with its count and the total, when agreed."""
    total = sum(counter.values())
    winner, n = counter.most_common(1)[0]
    if n >= need and n >= SHARE * total:
        return winner, n, total
    return None


def national_names():
    """Lower-case canonical names of the national bodies of data/gazetteer/national.tsv,
    and the names of places (data/gazetteer/loc.txt and the table's countries)."""
    bodies, places = set(), set()
    for line in lines(os.path.join(GAZ, "national.tsv")):
        cols = line.split("\t")
        if cols[0] == "body":
            bodies.add(cols[3].lower())
        places.add(cols[2].lower())
    places |= {line.lower() for line in lines(os.path.join(GAZ, "loc.txt"))}
    return bodies, places


# Words of a government body's generic name ("Agriculture Ministry", "Finance Department";
# "ministy" as one annotated article misspells it).
BODY_WORDS = {"ministry", "ministy", "department", "office", "commission"}


def one_countrys(surface, canonical, national):
    """Whether a name as written is a body any country may have, and the annotators' name
    one country's ("agriculture ministry" → Ministry of Agriculture (India)): which country's
    it is depends on the article, which src/analyze/national.rs reads."""
    bodies, places = national
    if not BODY_WORDS & set(surface.split()):
        return False
    if canonical.lower() in bodies:
        return True
    if canonical.endswith(")") and "(" in canonical:
        place = canonical[canonical.rindex("(") + 1 : -1].lower()
        return place in places and place not in surface
    return False


def other_sense(counter, winner):
    """Whether a source's articles give a name another canonical name as often as the
    winner at least (half of them or more: Reuters' "Treasury" is the US one in three
    articles and HM Treasury in three)."""
    total = sum(counter.values())
    return total >= MIN_ARTICLES and counter[winner] * 2 <= total


def peers_named(doc):
    """(peer's title and surname in lower case, person) for each mention of one word
    after a peer's title ("Lord [Falconer]" annotated `Charles Falconer`)."""
    out = set()
    for m in doc["mentions"]:
        if m["type"] != "PER" or " " in m["text"]:
            continue
        before = doc["body"][: m["start"]].rstrip(" ").rsplit(None, 1)
        title = before[-1].lstrip("([") if before else ""
        if title in PEERAGE:
            out.add((f"{title} {m['text']}".lower(), m["entity"]))
    return out


def people_by_one_word(doc):
    """(word in lower case, person, whether the article spells the person out) for each
    person mention of one word."""
    full = {m["text"].lower() for m in doc["mentions"] if m["type"] == "PER" and " " in m["text"]}
    return {
        (m["text"].lower(), m["entity"], m["entity"].lower() in full)
        for m in doc["mentions"]
        if m["type"] == "PER" and " " not in m["text"]
    }


def words(name):
    """The lower-case words of a word list of data/gazetteer/."""
    return {line.lower() for line in lines(os.path.join(GAZ, name))}


def surnames():
    """The surnames data/gazetteer/people.tsv lists (lower case)."""
    return {line.split("\t")[0].lower() for line in lines(os.path.join(GAZ, "people.tsv"))}


def tables():
    skip, targets = curated()
    by_surface = collections.defaultdict(collections.Counter)  # (type, surface) → canonical
    by_source = collections.defaultdict(collections.Counter)  # (type, surface, source) → canonical
    by_entity = collections.defaultdict(collections.Counter)  # entity → type
    spelling = {}
    peers = collections.defaultdict(collections.Counter)  # "lord falconer" → person
    people = collections.defaultdict(collections.Counter)  # "elvis" → person
    unspelled = collections.Counter()  # "elvis": articles not spelling the person out
    for doc in articles():
        source = doc["id"].split("-", 1)[0]
        surfaces, entities = set(), set()
        for m in doc["mentions"]:
            surfaces.add((m["type"], m["text"].lower(), m["entity"]))
            entities.add((m["entity"].lower(), m["type"]))
            spelling.setdefault(m["entity"].lower(), m["entity"])
        for title, entity in peers_named(doc):
            peers[title][entity] += 1
        for word, entity, spelled in people_by_one_word(doc):
            people[word][entity] += 1
            unspelled[word] += not spelled
        for typ, surface, entity in surfaces:
            by_surface[(typ, surface)][entity] += 1
            by_source[(typ, surface, source)][entity] += 1
        for entity, typ in entities:
            by_entity[entity][typ] += 1
    sources = sorted({k[2] for k in by_source})
    national = national_names()
    names = []
    for (typ, surface), counter in sorted(by_surface.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if typ == "PER" or surface in skip or surface in targets:
            continue
        won = agreed(counter, MIN_ARTICLES if " " in surface else ONE_WORD_ARTICLES)
        # A canonical name the curated lists write another way is theirs to name.
        if not won or won[0].lower() == surface or skip.get(won[0].lower(), won[0].lower()) != won[0].lower():
            continue
        if one_countrys(surface, won[0], national):
            continue
        # One source's sense must not be another's: "Treasury" is HM Treasury in BBC
        # News and the US Treasury in Reuters' wire.
        if not any(other_sense(by_source[(typ, surface, src)], won[0]) for src in sources):
            names.append(f"{surface}\t{won[0]}\t{typ}\t{won[1]}\t{won[2]}")
    for title, counter in sorted(peers.items()):
        won = agreed(counter, 1)
        if won and won[0].lower() != title.split(" ", 1)[1]:
            names.append(f"{title}\t{won[0]}\tPER\t{won[1]}\t{won[2]}")
    plain = words("given_names.txt") | words("common.txt") | surnames()
    for word, counter in sorted(people.items()):
        won = agreed(counter, ONE_WORD_ARTICLES)
        if won and won[1] == won[2] and unspelled[word] and word not in plain and won[0].lower() != word:
            names.append(f"{word}\t{won[0]}\tPER\t{won[1]}\t{won[2]}")
    types = []
    for entity, counter in sorted(by_entity.items()):
        if entity in skip or entity in targets:
            continue
        one_word = " " not in entity
        won = agreed(counter, ONE_WORD_TYPE_ARTICLES if one_word else TYPE_ARTICLES)
        if won:
            types.append(f"{spelling[entity]}\t{won[0]}\t{won[1]}\t{won[2]}")
    head = "# written by data/ner/news/tools/known.py from data/ner/news/ (do not edit by hand)\n"
    return (
        head + "# surface (lower case)\tcanonical\tTYPE\tarticles\tof\n" + "\n".join(names) + "\n",
        head + "# canonical\tTYPE\tarticles\tof\n" + "\n".join(types) + "\n",
    )


def main():
    args = sys.argv[1:]
    if len(args) == 4 and args[0] == "--without" and args[2] == "--out":
        # The tables a fold is scored with: learnt without the fold's articles.
        WITHOUT.update(os.path.basename(p)[: -len(".json")]
                       for p in glob.glob(os.path.join(args[1], "*.json")))
        if not WITHOUT:
            sys.exit(f"known.py: no article (*.json) in {args[1]}")
        names, types = tables()
        os.makedirs(args[3], exist_ok=True)
        for name, text in (("known_names.tsv", names), ("known_types.tsv", types)):
            with open(os.path.join(args[3], name), "w", encoding="utf-8") as f:
                f.write(text)
        print(f"known.py: tables without the {len(WITHOUT)} articles of {args[1]} in {args[3]}")
        return
    names, types = tables()
    if args == ["--check"]:
        stale = [p for p, text in ((NAMES, names), (TYPES, types))
                 if not os.path.exists(p) or open(p, encoding="utf-8").read() != text]
        if stale:
            sys.exit("out of date (run data/ner/news/tools/known.py): " + ", ".join(stale))
        print("known_names.tsv and known_types.tsv match data/ner/news/")
        return
    if args:
        sys.exit(__doc__)
    for path, text in ((NAMES, names), (TYPES, types)):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"{path}: {text.count(chr(10)) - 2} rows")


if __name__ == "__main__":
    main()
