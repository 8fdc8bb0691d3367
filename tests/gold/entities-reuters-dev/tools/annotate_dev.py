#!/usr/bin/env python3
"""tests/gold/entities/tools/annotate.py, run on the Reuters development set (tests/gold/entities-reuters-dev/)
instead of tests/gold/entities/. Same arguments:

    python3 tests/gold/entities-reuters-dev/tools/annotate_dev.py ARTICLE_ID SPEC.txt
    python3 tests/gold/entities-reuters-dev/tools/annotate_dev.py --check [ARTICLE_ID...]
    python3 tests/gold/entities-reuters-dev/tools/annotate_dev.py --spec ARTICLE_ID
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEV = os.path.dirname(HERE)  # tests/gold/entities-reuters-dev
REPO = os.path.abspath(os.path.join(DEV, "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "gold", "entities", "tools"))
import annotate  # noqa: E402

annotate.GOLD = DEV

if __name__ == "__main__":
    annotate.main()
