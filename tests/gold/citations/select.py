#!/usr/bin/env python3
"""Selects the sentences of the attribution gold set (see README.md, "Selection rule").

    python3 tests/gold/citations/select.py [--data ../shared/data] > candidates.jsonl

Prints one JSON object per selected sentence (id, source, article_outlet, sentence),
without annotations. The selection depends only on the texts, the rule below and the
seed; it does not look at what any extractor finds. Run from the repository root.
"""

import argparse
import glob
import html
import json
import os
import random
import re
import sys

SEED = 20240408

# Cue words of the inventory (any inflection), as a selection filter only.
CUE = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|report|reports|reported|reporting|"
    r"cite|cites|cited|citing|quote|quotes|quoted|quoting|according to|interview)\b",
    re.I,
)

# Words near the cues (other verbs of saying, news-making nouns, evidence verbs): the
# sentences that have one of these and no cue word are the hard-negative stratum.
NEAR = re.compile(
    r"\b(?:added|adding|warned|warning|announced|announces|announcement|claimed|claims|"
    r"statement|spokesman|spokeswoman|spokesperson|newspaper|magazine|agency|media|press|"
    r"interviewed|survey|poll|show|shows|showed|published|broadcast|wrote|writes|argued|"
    r"insisted|stressed|confirmed|denied|estimated|believes?|expects?|expected)\b",
    re.I,
)

# Names of news organisations and words for outlets (case-sensitive for the names): the
# outlet stratum, with or without a cue word.
OUTLET = re.compile(
    r"\b(?:[Nn]ewspapers?|[Mm]agazines?|[Dd]aily|[Ww]eekly|[Nn]ews agency|[Rr]adio|[Tt]elevision|TV|"
    r"BBC|Reuters?|Times|Post|Journal|Telegraph|Guardian|Independent|Mirror|Herald|Tribune|"
    r"Gazette|Chronicle|Economist|Bloomberg|AP|AFP|Associated Press|Agence France-Presse|"
    r"Xinhua|Tass|TASS|Kyodo|Interfax|Antara|Jiji|Yonhap|Pravda|Izvestia|Shimbun|Nikkei|"
    r"CNN|ITV|GMTV|Sky News|Channel 4|NBC|CBS|ABC|Newsweek|Le Monde|Spiegel|Handelsblatt)\b"
)

ABBREV = {
    "mr", "mrs", "ms", "dr", "st", "mt", "prof", "gen", "sen", "rep", "gov", "lt", "col",
    "capt", "sgt", "jr", "sr", "no", "nos", "vs", "v", "corp", "inc", "co", "ltd", "plc",
    "bros", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "u.s",
    "u.k", "u.n", "e.g", "i.e", "etc", "approx", "dept", "est", "fig", "ft", "pct",
}

# A sentence ends at . ! or ? (plus closing quotes or brackets) followed by white space
# and an upper-case letter, a digit or an opening quote or bracket.
BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def quoted_spans(paragraph):
    """(start, end) of the quotations of a paragraph whose quote marks pair up: curly
    quotes when every “ has its ”, straight quotes when their number is even."""
    spans = []
    if paragraph.count("“") == paragraph.count("”"):
        spans += [m.span() for m in re.finditer(r"“[^“”]*”", paragraph)]
    if paragraph.count('"') % 2 == 0:
        spans += [m.span() for m in re.finditer(r'"[^"]*"', paragraph)]
    return spans


def split_sentences(paragraph):
    """Sentences of a paragraph; no break inside a quotation that closes in the paragraph."""
    out, start = [], 0
    quotes = quoted_spans(paragraph)
    for m in BOUNDARY.finditer(paragraph):
        if any(a < m.start() and m.end() < b for a, b in quotes):
            continue
        head = paragraph[start : m.start() + 1]
        if paragraph[m.start()] == ".":
            word = re.search(r"([A-Za-z.]+)\.$", head)
            w = word.group(1).lower() if word else ""
            # an abbreviation, an initial ("J. Smith") or a dotted acronym ("U.S.")
            if w in ABBREV or re.fullmatch(r"[a-z]", w) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):
                continue
        end = m.end()
        out.append(paragraph[start:end].strip())
        start = end
    rest = paragraph[start:].strip()
    if rest:
        out.append(rest)
    return out


def keep(sentence):
    """6 to 80 words, some lower-case letter (no all-caps table rows), and not
    starting in lower case (a splitting error)."""
    n = len(sentence.split())
    return 6 <= n <= 80 and re.search(r"[a-z]", sentence) and not sentence[0].islower()


def read_text(path):
    raw = open(path, "rb").read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def paragraphs_of_text(text):
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


# ---- articles: (source, outlet, [paragraphs]) -------------------------------------------


def bbc_articles(data):
    for path in sorted(glob.glob(os.path.join(data, "bbc", "*", "*.txt"))):
        paras = paragraphs_of_text(read_text(path))
        rel = os.path.relpath(path, data)
        yield rel, "BBC News", paras[1:]  # line 1 is the headline


def reuters_articles(data):
    rec = re.compile(r"<REUTERS [^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
    for path in sorted(glob.glob(os.path.join(data, "reuters21578", "reut2-*.sgm"))):
        text = open(path, "rb").read().decode("latin-1")
        for m in rec.finditer(text):
            newid, body = m.group(1), m.group(2)
            b = re.search(r"<BODY>(.*?)</BODY>", body, re.S)
            if not b or re.search(r'<TEXT TYPE="(?:BRIEF|UNPROC)"', body):
                continue
            d = re.search(r"<DATELINE>(.*?)</DATELINE>", body, re.S)
            dateline = d.group(1).strip() + " " if d else ""
            s = re.sub(r"&#\d+;", "", b.group(1))
            s = html.unescape(s)
            s = re.sub(r"\s*\bReuter\s*$", "", s.strip())
            # a paragraph starts on a line indented by spaces
            paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n(?=[ \t]+)", s)]
            paras = [p for p in paras if p]
            if paras:
                paras[0] = dateline + paras[0]
            rel = os.path.relpath(path, data)
            yield f"{rel}#NEWID={newid}", "Reuters", paras


DATELINE_PAREN = re.compile(r"^\(\s*([^(),]{2,80}?)\s*,")
DATELINE_PLACE = re.compile(r"^[A-Z][A-Z.'’ -]{1,40}?(?:\s*,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?)?\s*\(([^()]{2,80})\)")


def corpus_articles(corpus):
    """Every article of corpus/ (text files and JSON feeds), sorted by path."""
    files = sorted(
        p for p in glob.glob(os.path.join(corpus, "**", "*"), recursive=True) if os.path.isfile(p)
    )
    for path in files:
        rel = os.path.relpath(path, os.path.dirname(corpus.rstrip("/")))
        ext = path.rsplit(".", 1)[-1]
        if ext == "txt":
            paras = paragraphs_of_text(read_text(path))
            outlet, start = None, 0
            for i, p in enumerate(paras[:2]):
                m = DATELINE_PAREN.match(p) or DATELINE_PLACE.match(p)
                if m:
                    outlet, start = m.group(1).strip(), i
                    break
            if outlet is None:  # no dateline: a headline first, the folder is the outlet
                outlet = os.path.basename(os.path.dirname(path))
                start = 1
            yield rel, outlet, paras[start:]
        elif ext in ("json", "jsonl", "ndjson"):
            text = read_text(path)
            if ext == "json":
                v = json.loads(text)
                items = [(f"[{i}]", x) for i, x in enumerate(v)] if isinstance(v, list) else [("", v)]
            else:
                items = [
                    (f"#line{i + 1}", json.loads(l)) for i, l in enumerate(text.splitlines()) if l.strip()
                ]
            for tag, it in items:
                outlet = (
                    it.get("outlet") or it.get("source") or it.get("site_name")
                    or (it.get("publisher") or {}).get("name")
                )
                body = next(it[k] for k in ("body", "content", "article", "text") if k in it)
                yield rel + tag, outlet, paragraphs_of_text(body)


def sentences(articles):
    """(article source, outlet, sentence source, sentence) of every kept sentence."""
    for src, outlet, paras in articles:
        for pi, p in enumerate(paras):
            for si, s in enumerate(split_sentences(p)):
                if keep(s):
                    yield src, outlet, f"{src} p{pi + 1}s{si + 1}", s


def sample(rng, pool, n, used):
    """n sentences drawn at random from pool, at most one per article (across strata)."""
    order = list(range(len(pool)))
    rng.shuffle(order)
    out = []
    for i in order:
        art = pool[i][0]
        if art in used:
            continue
        used.add(art)
        out.append(pool[i])
        if len(out) == n:
            break
    return sorted(out, key=lambda x: pool.index(x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--corpus", default="corpus")
    a = ap.parse_args()
    rng = random.Random(SEED)
    picked = []  # (id prefix, rows)

    pools = {}
    for name, arts, n_cue, n_any, n_near in (
        ("bbc", bbc_articles(a.data), 40, 25, 25),
        ("reu", reuters_articles(a.data), 35, 25, 25),
    ):
        pool = list(sentences(arts))
        used = set()
        pools[name] = (pool, used)
        cue = sample(rng, [x for x in pool if CUE.search(x[3])], n_cue, used)
        anyy = sample(rng, pool, n_any, used)
        near = [x for x in pool if NEAR.search(x[3]) and not CUE.search(x[3])]
        near = sample(rng, near, n_near, used)
        picked += [(f"{name}-c", cue), (f"{name}-r", anyy), (f"{name}-n", near)]

    pool = list(sentences(corpus_articles(a.corpus)))
    seed = [x for x in pool if x[0].endswith("000_9c9abb03a0ba5449.txt")]
    new = [x for x in pool if "/citations/" in x[0]]
    rest = [x for x in pool if x not in seed and x not in new]
    used = set()
    cue = sample(rng, [x for x in rest if CUE.search(x[3])], 15, used)
    anyy = sample(rng, rest, 5, used)
    picked += [("cor-seed", seed), ("cor-new", new), ("cor-c", cue), ("cor-r", anyy)]

    # Last (so that it leaves the strata above as they were): sentences that name a news
    # organisation or a kind of outlet, with or without a cue word.
    for name, n_outlet in (("bbc", 25), ("reu", 25)):
        pool, used = pools[name]
        outlet = sample(rng, [x for x in pool if OUTLET.search(x[3])], n_outlet, used)
        picked.append((f"{name}-o", outlet))

    for prefix, rows in picked:
        for i, (_, outlet, src, s) in enumerate(rows, 1):
            print(json.dumps(
                {"id": f"{prefix}{i:02d}", "source": src, "article_outlet": outlet, "sentence": s},
                ensure_ascii=False,
            ))


if __name__ == "__main__":
    sys.exit(main())
