#!/usr/bin/env python3
"""Local against remote: the same queries on a newsdex index and on the cluster it was
pushed to (newsdex push), compared query by query.

For every query of the query file (default: ../shared/bench-peers/queries.txt) it
prints the overlap of the top-10 article sets (local | remote), the number of matching
articles on each side and their difference, then the means; then how many articles
`search --all --remote` streams (past the 10,000 window when the slice is larger), and
how many `entities -n 20` lists (whole corpus, then each query) are identical. Copies are not collapsed
on either side (--copies), since the cluster does not collapse them.

Usage:
  bench/remote_parity.py [--data ../shared/data] [--reuters-files 5] [--url URL]
                         [--work /tmp/newsdex-parity] [--queries FILE]

Without --url it starts osmem-server (pip install osmem-server: an in-memory
OpenSearch emulator) on a free loopback port and stops it at the end. The slice is
the whole BBC News set plus the first --reuters-files files of Reuters-21578
(1,000 stories each), copied into the work folder and indexed there.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def binary():
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    return str(REPO / "target" / "release" / "newsdex")


def start_emulator():
    import osmem_server  # pip install osmem-server

    bin_path = osmem_server.resolve_binary()
    proc = subprocess.Popen(
        [bin_path, "--addr", "127.0.0.1:0", "--no-ja"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    ready = json.loads(proc.stdout.readline())
    return proc, ready["url"]


def make_slice(data, work, reuters_files):
    corpus = work / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    shutil.copytree(data / "bbc", corpus / "bbc")
    (corpus / "reuters").mkdir(parents=True)
    for i in range(reuters_files):
        name = f"reut2-{i:03d}.sgm"
        shutil.copy(data / "reuters21578" / name, corpus / "reuters" / name)
    return corpus


def read_queries(path):
    out = []
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def batch(bin_path, index, qfile, extra, remote):
    cmd = [bin_path, "--index", str(index), "search", "--queries", str(qfile),
           "--format", "tsv", "--copies"] + extra
    if remote:
        cmd += ["--remote", remote, "--remote-index", "parity"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode == 2:
        sys.exit(f"search failed: {out.stderr}")
    rows = [l.split("\t") for l in out.stdout.splitlines()[1:]]
    return rows


def top10(bin_path, index, qfile, remote):
    sets = {}
    for qid, aid in batch(bin_path, index, qfile,
                          ["-n", "10", "--fields", "query_id,article_id"], remote):
        sets.setdefault(qid, set()).add(aid)
    return sets


def counts(bin_path, index, qfile, remote):
    rows = batch(bin_path, index, qfile, ["--count"], remote)
    return {r[0]: int(r[-1]) for r in rows}


def entities(bin_path, index, query, remote):
    """The top-20 entities (name, type, articles, mentions) of a query."""
    cmd = [bin_path, "--index", str(index), "entities", "-n", "20", "--json", "--"]
    cmd += [query] if query else []
    if remote:
        cmd[4:4] = ["--remote", remote, "--remote-index", "parity"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode == 2:
        sys.exit(f"entities failed: {out.stderr}")
    return [(r["name"], r["type"], r["articles"], r["mentions"])
            for r in map(json.loads, out.stdout.splitlines())]


def every_article(bin_path, index, remote):
    """How many articles `search --all --copies` streams from the cluster."""
    cmd = [bin_path, "--index", str(index), "search", "NOT zzzzqqq", "--all", "--copies",
           "--format", "tsv", "--fields", "article_id", "--remote", remote,
           "--remote-index", "parity"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode == 2:
        sys.exit(f"search --all failed: {out.stderr}")
    return len(set(out.stdout.splitlines()[1:]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--reuters-files", type=int, default=5)
    ap.add_argument("--url")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "newsdex-parity"))
    ap.add_argument("--queries", default=str(REPO.parent / "shared" / "bench-peers" / "queries.txt"))
    ap.add_argument("--check", action="store_true",
                    help="exit 1 unless every article arrived once and 90%% of the counts agree")
    args = ap.parse_args()

    bin_path = binary()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    corpus = make_slice(Path(args.data), work, args.reuters_files)
    index = work / "index"
    subprocess.run([bin_path, "--index", str(index), "index", str(corpus), "--rebuild", "-q"], check=True)
    proc, url = (None, args.url) if args.url else start_emulator()
    try:
        t = time.time()
        subprocess.run([bin_path, "--index", str(index), "push", url, "--remote-index",
                        "parity", "--full", "-q"], check=True)
        push_s = time.time() - t
        queries = read_queries(args.queries)
        qfile = work / "queries.txt"
        qfile.write_text("\n".join(queries) + "\n")
        lt, rt = top10(bin_path, index, qfile, None), top10(bin_path, index, qfile, url)
        lc, rc = counts(bin_path, index, qfile, None), counts(bin_path, index, qfile, url)
        with urllib.request.urlopen(url.rstrip("/") + "/parity/_count") as r:
            remote_articles = json.loads(r.read())["count"]
        streamed = every_article(bin_path, index, url)
        ents = [(q, entities(bin_path, index, q, None), entities(bin_path, index, q, url))
                for q in [""] + queries]
    finally:
        if proc:
            proc.kill()
            proc.wait()
    info = json.loads(subprocess.run([bin_path, "--index", str(index), "info", "--json"],
                                     capture_output=True, text=True, check=True).stdout)
    print(f"slice: {info['articles']} articles (BBC + {args.reuters_files} Reuters files); "
          f"push {push_s:.1f}s to {url}; the cluster holds {remote_articles}")
    print("qid\toverlap@10\tlocal_top\tremote_top\tlocal_count\tremote_count\tdiff\tquery")
    overlaps, diffs, same = [], [], 0
    for n, q in enumerate(queries, 1):
        qid = str(n)
        a, b = lt.get(qid, set()), rt.get(qid, set())
        top = max(len(a), len(b))
        overlap = len(a & b) / top if top else 1.0
        overlaps.append(overlap)
        l, r = lc.get(qid, 0), rc.get(qid, 0)
        diffs.append(r - l)
        same += l == r
        print(f"{qid}\t{overlap:.2f}\t{len(a)}\t{len(b)}\t{l}\t{r}\t{r - l:+d}\t{q}")
    print(f"mean top-10 overlap {sum(overlaps) / len(overlaps):.3f}; "
          f"{sum(o == 1.0 for o in overlaps)}/{len(queries)} queries with identical top-10 sets; "
          f"{same}/{len(queries)} with equal counts; "
          f"mean |count difference| {sum(abs(d) for d in diffs) / len(diffs):.1f}")
    print(f"search --all --copies --remote streams {streamed} distinct articles "
          f"(search_after pages)")
    same_ents = sum(l == r for _, l, r in ents)
    names = [len({e[:2] for e in l} & {e[:2] for e in r}) / max(len(l), len(r), 1)
             for _, l, r in ents]
    print(f"entities -n 20: the whole corpus {'identical' if ents[0][1] == ents[0][2] else 'DIFFERENT'}; "
          f"{same_ents}/{len(ents)} lists identical (corpus + each query); "
          f"mean overlap of the entity names {sum(names) / len(names):.3f}")
    if args.check:
        if streamed != info["articles"]:
            sys.exit(f"FAIL: search --all streamed {streamed} articles, the index has {info['articles']}")
        if ents[0][1] != ents[0][2]:
            sys.exit("FAIL: the corpus-wide entity counts differ")
        if remote_articles != info["articles"]:
            sys.exit(f"FAIL: the cluster holds {remote_articles} articles, the index {info['articles']}")
        if same < 0.9 * len(queries):
            sys.exit(f"FAIL: only {same} of {len(queries)} counts agree")
        print("parity check passed")


if __name__ == "__main__":
    main()
