#!/usr/bin/env python3
"""tests/gold/entities/tools/stats.py, run on the held-out folder
(tests/gold/entities-heldout/) instead of tests/gold/entities/. Same arguments:

    python3 tests/gold/entities-heldout/tools/stats_heldout.py [--entities]
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLD = os.path.dirname(HERE)  # tests/gold/entities-heldout
sys.path.insert(0, os.path.join(os.path.dirname(GOLD), "entities", "tools"))
import stats  # noqa: E402

stats.GOLD = GOLD

if __name__ == "__main__":
    stats.main()
