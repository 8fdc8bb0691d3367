#!/usr/bin/env python3
"""The top 100 of `newsdex entities` on BBC News and on Reuters-21578, each indexed on its
own, for a count by hand (issue 11: rows that are a real entity, of the right type, under
its canonical name and not a duplicate of another row).

    python3 bench/entities_top.py                          # target/release/newsdex
    python3 bench/entities_top.py --bin $PWD/target/release/newsdex --data ../shared/data -n 100

Each corpus is indexed with the release binary into a temporary folder (BBC: the five
category folders of ../shared/data/bbc; Reuters: the 22 reut2-*.sgm files, linked into a
folder of their own so that the collection's README and category lists are not read as
articles). The lists go to bench/results/entities-top100-lists-<date>.txt (one table per
corpus: rank, articles, type, name, aliases) and, with --json, as JSON too. The count by
hand and its failures are written apart, in bench/results/entities-top100-<date>.md.
Only the Python 3 standard library is used.
"""
import argparse
import datetime
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def find_data():
    for d in ["../shared/data", "../../shared/data", "/work/shared/data"]:
        p = d if os.path.isabs(d) else os.path.join(REPO, d)
        if os.path.isdir(os.path.join(p, "bbc")):
            return os.path.normpath(p)
    return os.path.join(REPO, "../shared/data")


def corpus_folder(kind, data, tmp):
    folder = os.path.join(tmp, kind + "-corpus")
    data = os.path.abspath(data)  # the links are read from inside tmp
    os.makedirs(folder)
    if kind == "bbc":
        for cat in sorted(os.listdir(os.path.join(data, "bbc"))):
            src = os.path.join(data, "bbc", cat)
            if os.path.isdir(src):
                os.symlink(src, os.path.join(folder, cat))
    else:
        for f in sorted(glob.glob(os.path.join(data, "reuters21578", "reut2-*.sgm"))):
            os.symlink(f, os.path.join(folder, os.path.basename(f)))
    return folder


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.environ.get("NEWSDEX_BIN") or os.path.join(REPO, "target", "release", "newsdex"))
    ap.add_argument("--data", default=find_data())
    ap.add_argument("-n", type=int, default=100)
    ap.add_argument("--out", default=None, help="the lists file (default bench/results/entities-top100-lists-<date>.txt)")
    ap.add_argument("--json", action="store_true", help="also write the rows as JSON beside the lists")
    args = ap.parse_args()
    date = datetime.date.today().isoformat()
    out = args.out or os.path.join(REPO, "bench", "results", f"entities-top100-lists-{date}.txt")
    version = run([args.bin, "--version"]).strip()
    lines = [f"# Top {args.n} of `newsdex entities`, each corpus indexed on its own",
             f"# command: python3 bench/entities_top.py --bin {args.bin} -n {args.n}",
             f"# date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}; binary: {version}",
             ""]
    rows_json = {}
    with tempfile.TemporaryDirectory(prefix="entities-top-") as tmp:
        for kind in ["bbc", "reuters"]:
            folder = corpus_folder(kind, args.data, tmp)
            index = os.path.join(tmp, kind + "-index")
            t0 = time.time()
            run([args.bin, "--index", index, "--color", "never", "index", "-q", "--follow", folder])
            secs = time.time() - t0
            rows = [json.loads(l) for l in run([args.bin, "--index", index, "--color", "never", "entities",
                                                 "-n", str(args.n), "--json"]).splitlines() if l.strip()]
            rows_json[kind] = rows
            lines.append(f"## {kind} ({len(rows)} rows; indexed in {secs:.0f}s)")
            lines.append(f"{'rank':>4}  {'articles':>8}  {'type':<4}  name  [aliases]")
            for r in rows:
                aliases = r.get("aliases") or []
                lines.append(f"{r.get('rank', 0):>4}  {r['articles']:>8}  {r['type']:<4}  {r['name']}"
                             + (f"  [{', '.join(aliases)}]" if aliases else ""))
            lines.append("")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    if args.json:
        with open(out.rsplit(".", 1)[0] + ".json", "w", encoding="utf-8") as f:
            json.dump(rows_json, f, ensure_ascii=False, indent=1)
    print("\n".join(lines))
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
