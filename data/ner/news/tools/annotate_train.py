#!/usr/bin/env python3
"""tests/gold/entities/tools/annotate.py, run on the training folder (data/ner/news/)
instead of tests/gold/entities/. Same arguments:

    python3 data/ner/news/tools/annotate_train.py ARTICLE_ID SPEC.txt
    python3 data/ner/news/tools/annotate_train.py --check [ARTICLE_ID...]
    python3 data/ner/news/tools/annotate_train.py --spec ARTICLE_ID
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = os.path.dirname(HERE)  # data/ner/news
REPO = os.path.abspath(os.path.join(TRAIN, "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "gold", "entities", "tools"))
import annotate  # noqa: E402

annotate.GOLD = TRAIN

if __name__ == "__main__":
    annotate.main()
