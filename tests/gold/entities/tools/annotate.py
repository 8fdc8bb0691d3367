#!/usr/bin/env python3
"""Turn a hand-written annotation list into the offsets of an article file, and check it.

    python3 tests/gold/entities/tools/annotate.py ARTICLE_ID SPEC.txt   # write mentions
    python3 tests/gold/entities/tools/annotate.py --check [ARTICLE_ID...] # check files
    python3 tests/gold/entities/tools/annotate.py --spec ARTICLE_ID       # print a file's SPEC

SPEC holds one mention per line, in the order of the body:

    TYPE surface text [= canonical entity]     e.g.  PER Blair = Tony Blair
    - surface text                             skip the next occurrence of the text

Each surface is looked up from the end of the previous mention (or skip), as a whole
word (no letter or digit just before or after it). The canonical entity defaults to the
surface text. Blank lines and lines starting with # are ignored.

--spec prints the SPEC of an annotated file (edit it, then apply it again).

--check verifies every file (text == body[start:end], types, order, no overlaps) and
prints, for review by hand, capitalised words outside every mention and occurrences of
an annotated surface that are not annotated.
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLD = os.path.dirname(HERE)
TYPES = {"PER", "ORG", "LOC", "MISC"}


def is_word(c):
    return c.isalnum()


def find_word(body, text, pos):
    while True:
        i = body.find(text, pos)
        if i < 0:
            return -1
        j = i + len(text)
        if (i == 0 or not is_word(body[i - 1]) or not is_word(text[0])) and \
           (j == len(body) or not is_word(body[j]) or not is_word(text[-1])):
            return i
        pos = i + 1


def apply(aid, spec):
    path = os.path.join(GOLD, aid + ".json")
    doc = json.load(open(path, encoding="utf-8"))
    body = doc["body"]
    pos = 0
    mentions = []
    for n, line in enumerate(open(spec, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("- "):
            text = line[2:].strip()
            i = find_word(body, text, pos)
            if i < 0:
                sys.exit(f"{spec}:{n}: skip: {text!r} not found after {pos}")
            pos = i + len(text)
            continue
        typ, _, rest = line.partition(" ")
        if typ not in TYPES:
            sys.exit(f"{spec}:{n}: bad type {typ!r}")
        text, _, ent = rest.partition(" = ")
        text = text.strip()
        ent = ent.strip() or text
        i = find_word(body, text, pos)
        if i < 0:
            sys.exit(f"{spec}:{n}: {text!r} not found after offset {pos}: ...{body[pos:pos+80]!r}")
        mentions.append({"start": i, "end": i + len(text), "text": text, "type": typ, "entity": ent})
        pos = i + len(text)
    doc["mentions"] = mentions
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return doc


def check(doc, verbose=True):
    body = doc["body"]
    errs = []
    last = 0
    for m in doc["mentions"]:
        if body[m["start"]:m["end"]] != m["text"]:
            errs.append(f"text mismatch {m}")
        if m["type"] not in TYPES:
            errs.append(f"bad type {m}")
        if m["start"] < last:
            errs.append(f"overlap/order {m}")
        if m["text"] != m["text"].strip() or not m["entity"].strip():
            errs.append(f"whitespace {m}")
        last = m["end"]
    covered = [False] * len(body)
    for m in doc["mentions"]:
        for k in range(m["start"], m["end"]):
            covered[k] = True
    notes = []
    if verbose:
        caps = []
        for mo in re.finditer(r"[A-Z][\w'’.&-]*", body):
            if not any(covered[mo.start():mo.end()]):
                caps.append(mo.group(0))
        notes.append("uncovered capitalised: " + " | ".join(caps))
        surf = {m["text"] for m in doc["mentions"]}
        for t in sorted(surf):
            pos = 0
            while True:
                i = find_word(body, t, pos)
                if i < 0:
                    break
                if not covered[i]:
                    notes.append(f"unannotated occurrence of {t!r} at {i}: ...{body[max(0,i-30):i+len(t)+30]!r}")
                pos = i + 1
    return errs, notes


def main():
    args = sys.argv[1:]
    if args and args[0] == "--check":
        ids = args[1:] or sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(GOLD, "*.json")))
        bad = 0
        for aid in ids:
            doc = json.load(open(os.path.join(GOLD, aid + ".json"), encoding="utf-8"))
            errs, notes = check(doc, verbose=len(args) > 1)
            for e in errs:
                print(f"{aid}: ERROR {e}")
            bad += len(errs)
            for n in notes:
                print(f"{aid}: {n}")
        sys.exit(1 if bad else 0)
    if len(args) == 2 and args[0] == "--spec":
        doc = json.load(open(os.path.join(GOLD, args[1] + ".json"), encoding="utf-8"))
        body, pos = doc["body"], 0
        for m in doc["mentions"]:
            i = find_word(body, m["text"], pos)
            while i >= 0 and i < m["start"]:  # earlier occurrences left unannotated
                print("- " + m["text"])
                i = find_word(body, m["text"], i + len(m["text"]))
            tail = "" if m["entity"] == m["text"] else " = " + m["entity"]
            print(f"{m['type']} {m['text']}{tail}")
            pos = m["end"]
        return
    if len(args) != 2:
        sys.exit(__doc__)
    doc = apply(args[0], args[1])
    errs, notes = check(doc)
    for e in errs:
        print("ERROR", e)
    for n in notes:
        print(n)
    ents = {}
    for m in doc["mentions"]:
        ents.setdefault((m["type"], m["entity"]), []).append(m["text"])
    for (t, e), ts in sorted(ents.items()):
        print(f"  {t:4} {e}  <- {sorted(set(ts))} x{len(ts)}")
    print(len(doc["mentions"]), "mentions")


if __name__ == "__main__":
    main()
