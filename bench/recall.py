#!/usr/bin/env python3
"""Article-level recall of AND queries: does a system return every article that
contains all the query's words?

Queries (generated deterministically from the corpus, fixed seed) come in three
kinds, --per-kind of each (default 150), 2 or 3 words each:

  natural      words that co-occur in one article's headline, each common in the
               corpus (document frequency >= 20): what people type ("oil prices",
               "bank rates cut"), in headline order;
  distinctive  2-3 of one article's rarer words (document frequency 5..200);
  random       2-3 random content words of one article (any document frequency).

Words: ASCII letters only, length >= 3, not an English stop word, lower case.
The source article is drawn at random (Reuters and BBC alike).

Ground truth: the articles of articles.jsonl whose title + body contain every
query word as a whole token, case-insensitive (text tokenised on anything that
is not a letter or digit). A system's recall for a query is
|returned ∩ truth| / |truth|: systems may return more (stemming: "rates" also
finds "rate"), which does not count against them.

Systems, run one after the other in the same run:
  fts5     SQLite FTS5 (porter unicode61, title + body), the harness's adapter's
           index, every matching id (`SELECT id ... MATCH '"w1" AND "w2"'`, no
           LIMIT);
  newsdex  `newsdex search --queries - --json --all --copies --fields query_id,path,locator`
           (batch mode, every matching article), over bench/systems/newsdex's
           index (the corpus JSONL by default; NEWSDEX_CORPUS=txt for txt/).
Indexes live in $BENCH_DATA/runs/newsdex-bench/<system> (shared with
bench/relevance.sh) and are built with the adapters when missing (--reindex
rebuilds newsdex's).

Report per kind: mean recall, share of queries with recall >= 0.99, and the
macro mean over the three kinds, for both systems in one table, with the load
average. Per-query details go to --json (default bench/results/recall-<date>.json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261130
KINDS = ("natural", "distinctive", "random")

# A common English stop list (NLTK's, plus a few contractions' pieces).
STOP = set("""
a about above after again against all am an and any are aren as at be because been before
being below between both but by can cannot could couldn did didn do does doesn doing don down
during each few for from further had hadn has hasn have haven having he her here hers herself
him himself his how i if in into is isn it its itself just ll me might mightn more most must
mustn my myself needn no nor not now of off on once only or other our ours ourselves out over
own re same shan she should shouldn so some such than that the their theirs them themselves
then there these they this those through to too under until up ve very was wasn we were weren
what when where which while who whom why will with won would wouldn you your yours yourself
yourselves also may shall per via
""".split())

TOKEN = re.compile(r"[^\W_]+")     # runs of letters/digits (Unicode)
WORD = re.compile(r"[a-z]{3,}")    # what may be a query word


def tokens(text: str) -> set[str]:
    return set(TOKEN.findall(text.lower()))


def eligible(tok: str) -> bool:
    return WORD.fullmatch(tok) is not None and tok not in STOP


# --------------------------------------------------------------------------
# Corpus, queries and ground truth
# --------------------------------------------------------------------------

def load_corpus(jsonl: Path):
    ids, headlines, doc_toks = [], [], []
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            a = json.loads(line)
            ids.append(a["id"])
            headlines.append(a["title"].lower())
            doc_toks.append(tokens(a["title"]) | tokens(a["body"]))
    postings: dict[str, set[int]] = defaultdict(set)
    for i, toks in enumerate(doc_toks):
        for t in toks:
            if eligible(t):
                postings[t].add(i)
    return ids, headlines, doc_toks, postings


def make_queries(ids, headlines, doc_toks, postings, per_kind: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    df = {t: len(p) for t, p in postings.items()}
    n = len(ids)
    out, seen = [], set()

    def add(kind: str, words: list[str], src: int) -> bool:
        key = tuple(sorted(words))
        if len(set(words)) < len(words) or key in seen:
            return False
        seen.add(key)
        out.append({"qid": f"{kind[0]}{sum(q['kind'] == kind for q in out) + 1:03d}", "kind": kind,
                    "words": words, "source": ids[src]})
        return True

    for kind in KINDS:
        made, tries = 0, 0
        while made < per_kind and tries < per_kind * 200:
            tries += 1
            src = rng.randrange(n)
            k = rng.choice((2, 3))
            if kind == "natural":
                # headline order, as a person copies words from it
                pool = [t for t in TOKEN.findall(headlines[src]) if eligible(t) and df.get(t, 0) >= 20]
                pool = list(dict.fromkeys(pool))
                if len(pool) < k:
                    continue
                pick = sorted(rng.sample(range(len(pool)), k))
                words = [pool[i] for i in pick]
            elif kind == "distinctive":
                pool = sorted(t for t in doc_toks[src] if eligible(t) and 5 <= df.get(t, 0) <= 200)
                if len(pool) < k:
                    continue
                words = rng.sample(pool, k)
            else:
                pool = sorted(t for t in doc_toks[src] if eligible(t))
                if len(pool) < k:
                    continue
                words = rng.sample(pool, k)
            made += add(kind, words, src)
    return out


def truth(words: list[str], postings) -> set[int]:
    sets = sorted((postings.get(w, set()) for w in words), key=len)
    return set.intersection(*sets) if sets else set()


# --------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------

def run_quiet(argv, timeout, **kw):
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, **kw)


def ensure_index(system: str, adapter: Path, index: Path, data: Path, rebuild: bool, timeout: float) -> None:
    present = {"fts5": (index / "fts.db").exists(),
               "newsdex": (index / "index").is_dir() and (index / "adapter.json").exists()}[system]
    if system == "newsdex" and present:
        mode = json.loads((index / "adapter.json").read_text()).get("mode")
        present = mode == os.environ.get("NEWSDEX_CORPUS", "jsonl")
    if present and not rebuild:
        return
    say(f"{system}: indexing into {index}")
    p = run_quiet(["nice", "-n", "10", str(adapter), "index", "--jsonl", str(data / "articles.jsonl"),
                   "--txt", str(data / "txt"), "--index", str(index)], timeout)
    if p.returncode != 0:
        sys.exit(f"{system} index failed (exit {p.returncode}): {p.stderr[-2000:]}")


def fts5_all(index: Path, queries: list[dict], timeout: float) -> dict[str, dict]:
    con = sqlite3.connect(f"file:{index / 'fts.db'}?mode=ro", uri=True)
    deadline = time.monotonic() + timeout
    out = {}
    for q in queries:
        if time.monotonic() > deadline:
            out[q["qid"]] = {"error": "timeout"}
            continue
        match = " AND ".join(f'"{w}"' for w in q["words"])
        try:
            out[q["qid"]] = {"ids": {r[0] for r in con.execute(
                "SELECT id FROM articles WHERE articles MATCH ?", (match,))}}
        except sqlite3.Error as e:
            out[q["qid"]] = {"error": str(e)}
    con.close()
    return out


def newsdex_all(nbin: str, index: Path, queries: list[dict], timeout: float) -> tuple[dict[str, dict], str]:
    meta = json.loads((index / "adapter.json").read_text())
    lines = "".join(json.dumps({"id": q["qid"], "query": " ".join(q["words"])}) + "\n" for q in queries)
    # --copies: every article as a row of its own (by default copies of one story are
    # collapsed into one result that lists the others' ids).
    argv = [nbin, "search", "--index", str(index / "index"), "--queries", "-", "--json", "--all",
            "--copies", "--fields", "query_id,path,locator"]
    out: dict[str, dict] = {q["qid"]: {"ids": set()} for q in queries}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as f:
        p = subprocess.run(argv, input=lines, stdout=f, stderr=subprocess.PIPE, text=True, timeout=timeout)
        if p.returncode not in (0, 1, 2):
            sys.exit(f"newsdex failed (exit {p.returncode}): {p.stderr[-2000:]}")
        f.seek(0)
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            r = out.setdefault(row["query_id"], {"ids": set()})
            if "error" in row:
                r["error"] = row["error"]
                continue
            if meta["mode"] == "txt":
                r["ids"].add(Path(row["path"]).stem)
            else:
                loc = row.get("locator") or ""
                if not loc.startswith("line "):
                    sys.exit(f"newsdex: expected a 'line N' locator, got {row}")
                r["ids"].add(meta["ids"][int(loc.split()[-1]) - 1])
    return out, " ".join(argv)


# --------------------------------------------------------------------------

def say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("BENCH_DATA", "/work/bench-data")),
                    help="scratch dir with articles.jsonl and txt/ (default: $BENCH_DATA or %(default)s)")
    ap.add_argument("--newsdex-bin", default=os.environ.get("NEWSDEX_BIN", str(ROOT / "target/release/newsdex")))
    ap.add_argument("--peers", type=Path, default=Path(os.environ.get("BENCH_PEERS", ROOT.parent / "shared" / "bench-peers")))
    ap.add_argument("--systems", default="fts5,newsdex")
    ap.add_argument("--per-kind", type=int, default=150, help="queries of each kind (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--reindex", action="store_true", help="rebuild newsdex's index")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per system's queries, and per index build")
    ap.add_argument("--json", type=Path, help="per-query results (default bench/results/recall-<date>.json)")
    ap.add_argument("--worst", type=int, default=0, help="print the N worst queries of each system")
    args = ap.parse_args()

    os.environ["BENCH_PEERS"] = str(args.peers)
    os.environ["NEWSDEX_BIN"] = args.newsdex_bin
    load0 = Path("/proc/loadavg").read_text().split()[:3]
    started = dt.datetime.now().isoformat(timespec="seconds")
    jsonl = args.data / "articles.jsonl"
    if not jsonl.exists():
        sys.exit(f"no {jsonl}: build it with {args.peers}/make_corpus.py --out {args.data} --target-mb 0")

    say("reading the corpus")
    ids, headlines, doc_toks, postings = load_corpus(jsonl)
    queries = make_queries(ids, headlines, doc_toks, postings, args.per_kind, args.seed)
    for q in queries:
        t = truth(q["words"], postings)
        q["truth"] = {ids[i] for i in t}
    say(f"{len(queries)} queries: " + ", ".join(f"{k} {sum(q['kind'] == k for q in queries)}" for k in KINDS))
    qdir = args.data / "recall"
    qdir.mkdir(exist_ok=True)
    with open(qdir / "queries.jsonl", "w", encoding="utf-8") as f:
        for q in queries:
            f.write(json.dumps({"qid": q["qid"], "kind": q["kind"], "query": " ".join(q["words"]),
                                "source": q["source"], "truth": len(q["truth"])}) + "\n")

    work = args.data / "runs" / "newsdex-bench"
    systems = [s for s in args.systems.split(",") if s]
    results: dict[str, dict[str, dict]] = {}
    commands = {}
    for s in systems:
        if s == "fts5":
            idx = work / "fts5"
            ensure_index(s, args.peers / "systems" / "fts5", idx, args.data, False, args.timeout)
            say("fts5: queries")
            t0 = time.perf_counter()
            results[s] = fts5_all(idx, queries, args.timeout)
            commands[s] = f"sqlite3 {idx / 'fts.db'}: SELECT id FROM articles WHERE articles MATCH '\"w1\" AND \"w2\"'"
        elif s == "newsdex":
            idx = work / "newsdex"
            ensure_index(s, ROOT / "bench" / "systems" / "newsdex", idx, args.data, args.reindex, args.timeout)
            if Path(args.newsdex_bin).stat().st_mtime > (idx / "index").stat().st_mtime and not args.reindex:
                say(f"warning: {args.newsdex_bin} is newer than its index {idx}: --reindex (REINDEX=1) rebuilds it")
            say("newsdex: queries")
            t0 = time.perf_counter()
            results[s], commands[s] = newsdex_all(args.newsdex_bin, idx, queries, args.timeout)
            commands[s] += "   # stdin: {\"id\",\"query\": \"w1 w2\"} lines"
        else:
            sys.exit(f"unknown system {s} (fts5, newsdex)")
        say(f"{s}: {time.perf_counter() - t0:.1f} s")
    load1 = Path("/proc/loadavg").read_text().split()[:3]

    # Scores
    per_query = []
    summary: dict[str, dict[str, dict]] = {s: {} for s in systems}
    for q in queries:
        row = {"qid": q["qid"], "kind": q["kind"], "query": " ".join(q["words"]), "source": q["source"],
               "truth": len(q["truth"])}
        for s in systems:
            r = results[s].get(q["qid"], {"error": "no answer"})
            if "error" in r:
                row[s] = {"error": r["error"]}
                continue
            got = r["ids"]
            hit = len(got & q["truth"])
            missed = sorted(q["truth"] - got)
            row[s] = {"returned": len(got), "found": hit, "recall": hit / len(q["truth"]) if q["truth"] else 1.0,
                      "missed_examples": missed[:5]}
        per_query.append(row)
    for s in systems:
        for kind in KINDS:
            rows = [r for r in per_query if r["kind"] == kind]
            ok = [r[s]["recall"] for r in rows if "recall" in r[s]]
            summary[s][kind] = {"queries": len(rows), "failed": len(rows) - len(ok),
                                "mean_recall": sum(ok) / len(ok) if ok else float("nan"),
                                "share_ge_0_99": sum(x >= 0.99 for x in ok) / len(ok) if ok else float("nan"),
                                "median_truth": sorted(r["truth"] for r in rows)[len(rows) // 2] if rows else 0}
        means = [summary[s][k]["mean_recall"] for k in KINDS]
        summary[s]["macro"] = {"mean_recall": sum(means) / len(means)}

    finished = dt.datetime.now().isoformat(timespec="seconds")
    ver = subprocess.run([args.newsdex_bin, "--version"], capture_output=True, text=True).stdout.strip()
    out_json = args.json or ROOT / "bench" / "results" / f"recall-{dt.date.today().isoformat()}.json"
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps({
        "started": started, "finished": finished, "load_avg_start": load0, "load_avg_end": load1,
        "seed": args.seed, "per_kind": args.per_kind, "corpus": str(jsonl), "newsdex_bin": args.newsdex_bin,
        "newsdex_version": ver, "newsdex_corpus": os.environ.get("NEWSDEX_CORPUS", "jsonl"),
        "commands": commands, "summary": summary, "queries": per_query}, indent=1) + "\n")

    print(f"Article-level recall of AND queries, {started} -> {finished}")
    print(f"load average (1/5/15 min): start {' '.join(load0)}, end {' '.join(load1)}; "
          f"newsdex: {args.newsdex_bin} ({ver}, corpus {os.environ.get('NEWSDEX_CORPUS', 'jsonl')}); seed {args.seed}")
    print()
    head = ["kind", "queries", "median |truth|"]
    for s in systems:
        head += [f"{s} mean recall", f"{s} share ≥0.99"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for kind in KINDS:
        first = summary[systems[0]][kind]
        row = [kind, str(first["queries"]), str(first["median_truth"])]
        for s in systems:
            k = summary[s][kind]
            fail = f" ({k['failed']} failed)" if k["failed"] else ""
            row += [f"{k['mean_recall']:.3f}{fail}", f"{k['share_ge_0_99']:.2f}"]
        print("| " + " | ".join(row) + " |")
    row = ["macro mean", "", ""]
    for s in systems:
        row += [f"{summary[s]['macro']['mean_recall']:.3f}", ""]
    print("| " + " | ".join(row) + " |")
    for s in systems:
        errs = [(r["qid"], r["query"], r[s]["error"]) for r in per_query if "error" in r[s]]
        if errs:
            print(f"\n{s}: {len(errs)} queries failed, e.g. {errs[:3]}")
    if args.worst:
        for s in systems:
            rows = sorted((r for r in per_query if "recall" in r[s]), key=lambda r: r[s]["recall"])[:args.worst]
            print(f"\n{s}: worst {len(rows)} queries")
            for r in rows:
                print(f"  {r['qid']} {r['query']!r}: recall {r[s]['recall']:.3f} "
                      f"({r[s]['found']}/{r['truth']}), missed e.g. {r[s]['missed_examples'][:3]}")
    print(f"\nper-query results: {out_json}; queries: {qdir / 'queries.jsonl'}")


if __name__ == "__main__":
    main()
