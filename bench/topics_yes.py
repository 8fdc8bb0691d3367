#!/usr/bin/env python3
"""Write the Reuters stories of a base-corpus JSONL that carry TOPICS="YES" in the
Reuters-21578 SGML: the judged pool of the ModApte convention.

    python3 bench/topics_yes.py SGML_DIR articles.jsonl out.jsonl

The collection's README.txt (section VIII) says stories with TOPICS="NO" may lack
categories the indexers never assigned ("there are many cases where it is clear that a
story should belong to one or more TOPICS categories, but for some reason the category
was not assigned") and TOPICS="BYPASS" stories "clearly were not indexed", while
TOPICS="YES" stories with no category "can reasonably be considered negative examples".
relevance.py judges only the ids in the JSONL it is given and drops every other id from a
ranking, so scoring with this file treats NO/BYPASS stories as unjudged, as it treats BBC.
Only the standard library is used.
"""
import glob
import json
import os
import re
import sys

TAG = re.compile(r'<REUTERS\s[^>]*\bTOPICS="(\w+)"[^>]*\bNEWID="(\d+)"')


def main() -> None:
    sgml, src, dst = sys.argv[1:4]
    files = sorted(glob.glob(os.path.join(sgml, "reut2-*.sgm")))
    if not files:
        sys.exit(f"topics_yes.py: no reut2-*.sgm in {sgml}")
    yes = set()
    for f in files:
        with open(f, encoding="latin-1") as fh:
            for m in TAG.finditer(fh.read()):
                if m.group(1) == "YES":
                    yes.add(f"reuters-{m.group(2)}")
    kept = 0
    with open(src, encoding="utf-8") as inp, open(dst + ".tmp", "w", encoding="utf-8") as out:
        for line in inp:
            a = json.loads(line)
            if a.get("source") == "reuters" and a["id"] in yes:
                out.write(line)
                kept += 1
    os.replace(dst + ".tmp", dst)
    print(f"topics_yes.py: {kept} TOPICS=\"YES\" stories of {src} -> {dst}", file=sys.stderr)


if __name__ == "__main__":
    main()
