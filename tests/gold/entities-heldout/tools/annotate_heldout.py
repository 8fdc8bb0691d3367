#!/usr/bin/env python3
"""tests/gold/entities/tools/annotate.py, run on the held-out folder
(tests/gold/entities-heldout/) instead of tests/gold/entities/. Same arguments:

    python3 tests/gold/entities-heldout/tools/annotate_heldout.py ARTICLE_ID SPEC.txt
    python3 tests/gold/entities-heldout/tools/annotate_heldout.py --check [ARTICLE_ID...]
    python3 tests/gold/entities-heldout/tools/annotate_heldout.py --spec ARTICLE_ID
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLD = os.path.dirname(HERE)  # tests/gold/entities-heldout
sys.path.insert(0, os.path.join(os.path.dirname(GOLD), "entities", "tools"))
import annotate  # noqa: E402

annotate.GOLD = GOLD

if __name__ == "__main__":
    annotate.main()
