#!/usr/bin/env python3
"""Build data/gazetteer/companies.txt: company names mined from the news corpora in
../shared/data (Reuters-21578 and BBC News), used by newsdex's entity typing as company
evidence (a name on the list is an organisation, never a person or a place).

    python3 bench/companies.py                       # writes data/gazetteer/companies.txt
    python3 bench/companies.py --data DIR --out FILE --min-context-docs 2

Evidence, counted in distinct articles (Reuters bodies, BBC articles; Reuters titles are
in capitals and are skipped):

  suffix   a run of capitalised words ending in a legal suffix: "Texaco Inc", "Cominco
           Ltd", "Sedio N.V.", "Vodafone plc" (Inc Corp Corporation Ltd Limited plc Co Cos
           AG SA NV BV GmbH SpA Bhd Pty LLC Cie KK);
  bracket  a name Reuters puts in angle brackets, "<Gotabanken>" (not a bare ticker);
  ticker   a name followed by a ticker in brackets, "Standard Oil Co <SRD>";
  context  a name after "shares in/of", "chief executive of", "stake in", "takeover of",
           "bid for", "subsidiary of", "unit of", or before "'s shares", "'s share price",
           "(\'s) chief executive", or after a company noun, singular or plural ("mobile firm
           Vodafone", "car maker BMW", "operators Vodafone and T-Mobile").

A name is listed without its legal suffix (Texaco Inc -> Texaco), in its most frequent
spelling. It is kept when it has suffix, bracket or ticker evidence in one article, or
context evidence in --min-context-docs articles (default 1), and when it is not:
  - a place, alias or other name of the shipped gazetteer (loc.txt, aliases.tsv,
    misc.txt), a title, a given name or a common word (titles.txt, given_names.txt,
    common.txt), or a month or day name;
  - a single word the corpora mostly write in lower case (news, general), or use more as
    a place ("in X", "at X") or a surname ("John X") than as a company;
  - a run that starts with a lower-case or function word after clean-up (leading words the
    corpora mostly write in lower case, such as "Shares" or "The", are dropped first).
The same input gives the same file (sorted, deterministic). Only the standard library.
"""
import argparse
import collections
import glob
import html
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GAZ = os.path.join(REPO, "data", "gazetteer")

SUFFIXES = ["Inc", "Corp", "Corporation", "Ltd", "Limited", "plc", "Plc", "PLC", "Co", "Cos",
            "AG", "SA", "S.A.", "NV", "N.V.", "BV", "B.V.", "GmbH", "SpA", "S.p.A.", "Bhd",
            "Pty", "LLC", "Cie", "KK"]
WORD = r"(?:[A-Z][A-Za-z0-9&'\-]*\.?|[A-Z]\.(?:[A-Z]\.)*|[0-9]+)"
JOIN = r"(?:of|and|&|de|du|la|der|von|y|the|for)"
NAME = rf"{WORD}(?:\s+(?:{JOIN}\s+)?{WORD}){{0,5}}"
SUFFIX_RE = re.compile(rf"\b({NAME}?)\s*,?\s+(?:{'|'.join(re.escape(s) for s in SUFFIXES)})(?![A-Za-z])\.?")
BRACKET_RE = re.compile(r"<([^<>\n]{2,60})>")
TICKER_RE = re.compile(rf"\b({NAME})\s*,?\s*(?:{'|'.join(re.escape(s) for s in SUFFIXES)})?\.?\s*<[A-Z.]{{1,6}}>")
COMPANY_NOUNS = r"(?:(?:firm|company|companies|group|maker|manufacturer|retailer|carrier|airline|operator|bank|giant|chain|insurer|conglomerate|publisher|brewer|supermarket|distributor|developer)s?)"
CONTEXT_AFTER = [
    r"shares\s+(?:in|of)", r"chief\s+executive\s+of", r"stake\s+in", r"takeover\s+of",
    r"bid\s+for", r"subsidiary\s+of", r"unit\s+of", r"shareholders\s+in", r"acquisition\s+of",
    COMPANY_NOUNS,
]
CONTEXT_AFTER_RE = re.compile(rf"\b(?:{'|'.join(CONTEXT_AFTER)})\s+({NAME})")
# Makers that are people: "film-maker Spike Lee", "policymakers" (a car-maker is a company).
PERSON_MAKER_RE = re.compile(
    r"(?i)\b(?:film|movie|documentary|programme|program|policy|law|peace|deal|decision|"
    r"trouble|match|opinion|holiday|music|money|noise)[- ]?makers?\s+$")
CONTEXT_BEFORE_RE = re.compile(rf"\b({NAME})(?:'s\s+(?:shares|share\s+price|chief\s+executive)|\s+chief\s+executive)\b")
SENT_START = re.compile(r"(?:^|[.!?]\s+|\n\s*|[\"'(]\s*)$")
MONTHS_DAYS = {"january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december", "monday", "tuesday",
               "wednesday", "thursday", "friday", "saturday", "sunday", "jan", "feb", "mar",
               "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
FUNCTION = {"of", "and", "&", "de", "du", "la", "der", "von", "y", "the", "for", "a", "an"}


def entries(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line


def read_reuters(folder):
    for path in sorted(glob.glob(os.path.join(folder, "reut2-*.sgm"))):
        with open(path, encoding="latin-1") as f:
            text = f.read()
        for body in re.findall(r"<BODY>(.*?)</BODY>", text, re.S):
            body = body.replace("&lt;", "<").replace("&amp;", "&")
            body = re.sub(r"&#\d+;", " ", body)
            yield body


def read_bbc(folder):
    for path in sorted(glob.glob(os.path.join(folder, "*", "*.txt"))):
        with open(path, "rb") as f:
            raw = f.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        # The headline (first line) is kept: BBC headlines are in ordinary case.
        yield text


def strip_suffix(name):
    words = name.split()
    while len(words) > 1 and words[-1].rstrip(",.") in {s.rstrip(".") for s in SUFFIXES} | set(SUFFIXES):
        words.pop()
    return " ".join(words).rstrip(",")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_data = next((d for d in ["../shared/data", "../../shared/data", "/work/shared/data"]
                         if os.path.isdir(os.path.join(REPO, d) if not d.startswith("/") else d)), "../shared/data")
    ap.add_argument("--data", default=os.path.join(REPO, default_data) if not default_data.startswith("/") else default_data)
    ap.add_argument("--out", default=os.path.join(GAZ, "companies.txt"))
    ap.add_argument("--min-context-docs", type=int, default=1)
    ap.add_argument("--explain", nargs="*", default=[], help="print the evidence for these names")
    args = ap.parse_args()

    docs = list(read_reuters(os.path.join(args.data, "reuters21578"))) + list(read_bbc(os.path.join(args.data, "bbc")))

    # Word case statistics, away from sentence starts: how often each word is written
    # capitalised and in lower case; and place / surname uses of capitalised words.
    cap, low = collections.Counter(), collections.Counter()
    place_use, person_use = collections.Counter(), collections.Counter()
    # Capitalised uses with no capitalised word (or "of") next to them: "Vodafone said",
    # not "Smith Associates" or "Dow Chemical".
    alone = collections.Counter()
    given = {w.lower() for w in entries(os.path.join(GAZ, "given_names.txt"))}
    tok = re.compile(r"[A-Za-z][A-Za-z'\-]*")
    for d in docs:
        prev = prev2 = ""
        for m in tok.finditer(d):
            w = m.group(0)
            start = SENT_START.search(d[max(0, m.start() - 3):m.start()]) is not None
            if w[0].isupper():
                if not start:
                    cap[w.lower()] += 1
                if prev in ("in", "at", "near", "from") and prev2 not in ("shares", "stake", "interest", "investment", "investors", "holding", "holdings"):
                    place_use[w.lower()] += 1
                if prev.lower() in given and prev[:1].isupper():
                    person_use[w.lower()] += 1
            else:
                low[w] += 1
            nxt = tok.match(d, m.end() + 1) if d[m.end():m.end() + 1] == " " else None
            if w[0].isupper() and not start:
                glued_before = prev[:1].isupper() and d[m.start() - 1:m.start()] == " " or prev in ("of", "&")
                glued_after = nxt is not None and nxt.group(0)[:1].isupper()
                if not glued_before and not glued_after:
                    alone[w.lower()] += 1
            prev2, prev = prev, w

    evidence = collections.defaultdict(lambda: collections.Counter())  # key -> kind -> docs
    spelling = collections.defaultdict(collections.Counter)

    def clean(name, d=None, at=0):
        words = name.replace("\n", " ").split()
        # At a sentence start, drop leading words the corpora mostly write in lower case
        # ("Shares", "Analysts"); anywhere, leading function words ("The") and
        # "Alberta-based".
        initial = d is not None and SENT_START.search(d[max(0, at - 3):at]) is not None
        while words and (words[0].lower() in FUNCTION or words[0].lower().endswith("-based")
                         or (initial and low[words[0].lower()] > cap[words[0].lower()])):
            words.pop(0)
            initial = False
        name = strip_suffix(" ".join(words))
        # A possessive after a legal suffix ("Coastal Corp's") goes with the suffix.
        if re.search(r"\b(?:" + "|".join(re.escape(x) for x in SUFFIXES) + r")'s?$", name):
            name = strip_suffix(re.sub(r"'s?$", "", name))
        # "Bayer's shares": the possessive goes when the name is written without it at
        # least as often ("Moody's", "Sainsbury's" keep theirs).
        m = re.fullmatch(r"(.*?)(?:'s|')", name)
        if m and cap[m.group(1).split()[-1].lower() if m.group(1).split() else ""] >= cap[name.split()[-1].lower()]:
            name = m.group(1)
        words = name.split()
        while words and words[-1].lower() in FUNCTION:
            words.pop()
        return " ".join(words)

    strong_names = set()
    for d in docs:
        seen = collections.defaultdict(set)
        for m in SUFFIX_RE.finditer(d):
            seen["suffix"].add(clean(m.group(1), d, m.start(1)))
        for m in BRACKET_RE.finditer(d):
            inner = m.group(1).strip()
            if re.fullmatch(r"[A-Z0-9.\s]{1,8}", inner) or not re.search(r"[a-z]", inner):
                continue  # a ticker, or a name in capitals
            seen["bracket"].add(clean(inner))
            strong_names.add(clean(inner).lower())
        for m in TICKER_RE.finditer(d):
            seen["ticker"].add(clean(m.group(1), d, m.start(1)))
        for m in CONTEXT_AFTER_RE.finditer(d):
            if PERSON_MAKER_RE.search(d[max(0, m.start(1) - 40):m.start(1)]):
                continue
            # "operators Vodafone and T-Mobile": each name on its own.
            for part in re.split(r"\s+(?:and|&)\s+", m.group(1)):
                seen["context"].add(clean(part))
        for m in CONTEXT_BEFORE_RE.finditer(d):
            seen["context"].add(clean(m.group(1), d, m.start(1)))
        for kind, names in seen.items():
            for n in names:
                if n and n[0].isupper():
                    evidence[n.lower()][kind] += 1
                    spelling[n.lower()][n] += 1

    blocked = set()
    for f in ["loc.txt", "misc.txt", "titles.txt", "given_names.txt", "common.txt", "noise.txt"]:
        blocked |= {e.lower().rstrip(".") for e in entries(os.path.join(GAZ, f))}
    for line in entries(os.path.join(GAZ, "aliases.tsv")):
        cols = line.split("\t")
        if len(cols) >= 3 and cols[2].strip() in ("LOC", "MISC", "PER"):
            blocked |= {cols[0].strip().lower(), cols[1].strip().lower()}

    kept = []
    for key, ev in evidence.items():
        strong = ev["suffix"] + ev["bracket"] + ev["ticker"]
        total = strong + ev["context"]
        if strong < 1 and ev["context"] < args.min_context_docs:
            continue
        words = key.split()
        if key in blocked or key.rstrip(".") in blocked or key in MONTHS_DAYS or words[0] in MONTHS_DAYS:
            continue
        if len(key) < 2:
            continue
        if not re.search(r"[a-z]", spelling[key].most_common(1)[0][0]):
            # A name in capitals: an acronym of two to five letters with suffix or
            # context evidence ("IBM Corp"), not a ticker or a shouted headline.
            if not re.fullmatch(r"[A-Z][A-Z&]{1,4}", spelling[key].most_common(1)[0][0]) or ev["bracket"]:
                continue
        if " and " in key and strong < 2:
            continue  # "EDS and Hughes Aircraft": two names joined, unless seen twice
        if len(words) == 1:
            w = words[0]
            if low[w] >= cap[w] or place_use[w] > 0.15 * cap[w] or person_use[w] > 0.15 * cap[w]:
                continue
            if alone[w] < 0.3 * cap[w]:
                continue  # mostly a part of longer names ("Associates", "Chemical")
            if total < 2:
                continue  # one word seen as a company in one article only is not enough
        if len(words) > 1 and all(w in blocked for w in words if w not in FUNCTION):
            continue  # "New York", "South Africa" ... made of places and common words
        if len(words) > 1 and words[0] in given and len(words) == 2 and strong < 2:
            continue  # "John Brown Co" once: more likely a person's name
        if len(words) > 1 and words[0] in given and strong < 1:
            continue  # "a bid for Robbie Savage": context alone does not make a person a company
        kept.append(spelling[key].most_common(1)[0][0])

    for name in args.explain:
        k = name.lower()
        w = k.split()[0] if k else ""
        print(name, dict(evidence.get(k, {})), "kept" if any(x.lower() == k for x in kept) else "dropped",
              f"cap {cap[w]} low {low[w]} place {place_use[w]} person {person_use[w]} blocked {k in blocked}")
    kept = sorted(set(kept), key=lambda s: (s.lower(), s))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Company names mined from the news corpora (Reuters-21578, BBC News) by\n")
        f.write("# bench/companies.py: names written with a legal suffix (Inc, Corp, Ltd, plc, Co,\n")
        f.write("# AG, SA, NV ...), in Reuters' angle brackets, before a ticker, or in company\n")
        f.write("# context (\"shares in X\", \"chief executive of X\", \"car maker X\");\n")
        f.write("# without the legal suffix; places, given names, titles, common and\n")
        f.write("# mostly lower-case words left out. Company evidence for entity typing\n")
        f.write("# (src/analyze/gazetteer.rs): a name on the list is ORG, never PER or LOC.\n")
        f.write("# Regenerate with `python3 bench/companies.py`; do not edit by hand.\n")
        for n in kept:
            f.write(n + "\n")
    print(f"{len(kept)} companies from {len(docs)} articles -> {args.out}")


if __name__ == "__main__":
    main()
