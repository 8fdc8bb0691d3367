#!/usr/bin/env python3
"""tests/gold/entities/tools/annotate.py, run on the second annotation of the held-out set
(tests/gold/entities-heldout/second/). Same arguments:

    python3 tests/gold/entities-heldout/tools/annotate_second.py ARTICLE_ID SPEC.txt
    python3 tests/gold/entities-heldout/tools/annotate_second.py --check [ARTICLE_ID...]
    python3 tests/gold/entities-heldout/tools/annotate_second.py --spec ARTICLE_ID
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SECOND = os.path.join(os.path.dirname(HERE), "second")  # tests/gold/entities-heldout/second
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "entities", "tools"))
import annotate  # noqa: E402

annotate.GOLD = SECOND

if __name__ == "__main__":
    annotate.main()
