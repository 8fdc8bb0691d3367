#!/usr/bin/env python3
"""Helpers for bench/scale.sh, bench/fresh_process.sh and bench/incremental.sh.

    scale_lib.py corpus  --peers P --data D --mb N --name NAME [--timeout S] [--nice K]
        Build the scaled corpus NAME (make_corpus.py --skip-base --target-mb N) once.
        make_corpus.py rewrites manifest.json from what it read at its start, so two
        generators running at once lose each other's entries: it runs here in a private
        folder (D/.gen-NAME), its outputs are renamed into D (same layout as
        run_peers.sh: NAME.jsonl, NAME_txt/) and its manifest entry is merged into
        D/manifest.json in one quick read-modify-write (and kept in D/NAME.manifest.json).
    scale_lib.py entry   --data D --name NAME
        Print the manifest entry (JSON) of corpus NAME ("base" = articles.jsonl, txt/).
    scale_lib.py latency --peers P --out F --runs R --warmup W --qids q01,q13,... [--walk L=DIR:REF]
                         --system LABEL=ADAPTER:INDEX_DIR ... [--query-timeout S]
        Fresh-process latency: for every system, its adapter's `argv` subcommand gives one
        command per query; all systems (and /bin/true, the process floor) run round-robin in
        one rotation, per query, order rotating each round (harness.py's method, and its
        run_bounded(): own process group, output read to the end through pipes, timeout).
        Writes raw samples and per-query median / p90 to F (JSON).
    scale_lib.py table   --latency F [--index-json F ...] [--md OUT]
        Print the markdown tables: indexing figures and fresh-process latency with ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

FLOOR = "/bin/true"


def peers_path(p: str) -> Path:
    path = Path(p).resolve()
    sys.path.insert(0, str(path))
    return path


# --------------------------------------------------------------------------
# corpus
# --------------------------------------------------------------------------

def corpus_paths(data: Path, name: str) -> tuple[Path, Path]:
    if name == "base":
        return data / "articles.jsonl", data / "txt"
    return data / f"{name}.jsonl", data / f"{name}_txt"


def find_entry(data: Path, name: str) -> dict | None:
    """The manifest entry of corpus NAME, if the corpus is complete on disk."""
    jsonl, txt = corpus_paths(data, name)
    if not (jsonl.is_file() and txt.is_dir()):
        return None
    cands = []
    m = data / "manifest.json"
    if m.exists():
        try:
            cands += list(json.loads(m.read_text()).values())
        except json.JSONDecodeError:
            pass
    side = data / f"{name}.manifest.json"
    if side.exists():
        cands.append(json.loads(side.read_text()))
    for e in cands:
        if Path(e.get("jsonl", "")).resolve() == jsonl.resolve():
            return e
    return None


def merge_manifest(data: Path, name: str, entry: dict) -> None:
    m = data / "manifest.json"
    cur = json.loads(m.read_text()) if m.exists() else {}
    cur[name] = entry
    tmp = data / f".manifest.json.{os.getpid()}"
    tmp.write_text(json.dumps(cur, indent=2) + "\n")
    tmp.replace(m)


def cmd_corpus(args) -> None:
    peers = peers_path(args.peers)
    data = Path(args.data).resolve()
    data.mkdir(parents=True, exist_ok=True)
    e = find_entry(data, args.name)
    if e:
        print(f"corpus {args.name}: present ({e['articles']:,} articles, {e['text_mb']} MB of text)",
              file=sys.stderr)
        return
    gen = data / f".gen-{args.name}"
    if gen.exists():
        shutil.rmtree(gen)
    gen.mkdir()
    argv = ["nice", "-n", str(args.nice), "python3", str(peers / "make_corpus.py"), "--out", str(gen),
            "--skip-base", "--target-mb", str(args.mb), "--name", args.name]
    print(f"corpus {args.name}: generating ({' '.join(argv)}), timeout {args.timeout}s", file=sys.stderr)
    t0 = time.time()
    try:
        subprocess.run(argv, check=True, timeout=args.timeout, start_new_session=True)
    except subprocess.TimeoutExpired:
        sys.exit(f"corpus {args.name}: make_corpus.py timed out after {args.timeout}s (left in {gen})")
    entry = json.loads((gen / "manifest.json").read_text())[args.name]
    jsonl, txt = corpus_paths(data, args.name)
    for p in (jsonl, txt):  # an incomplete earlier copy (no manifest entry): replace it
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    (gen / jsonl.name).rename(jsonl)
    (gen / txt.name).rename(txt)
    entry.update(jsonl=str(jsonl), txt_dir=str(txt), generated_s=round(time.time() - t0, 1))
    (data / f"{args.name}.manifest.json").write_text(json.dumps(entry, indent=2) + "\n")
    merge_manifest(data, args.name, entry)
    shutil.rmtree(gen)
    print(f"corpus {args.name}: {entry['articles']:,} articles, {entry['text_mb']} MB of text, "
          f"built in {entry['generated_s']:.0f}s", file=sys.stderr)


def cmd_entry(args) -> None:
    e = find_entry(Path(args.data).resolve(), args.name)
    if not e:
        sys.exit(f"no complete corpus {args.name} in {args.data}")
    print(json.dumps(e))


# --------------------------------------------------------------------------
# latency
# --------------------------------------------------------------------------

def cmd_latency(args) -> None:
    peers_path(args.peers)
    from benchlib import median, percentile, read_query_file  # noqa: E402
    from harness import run_bounded  # noqa: E402

    queries = read_query_file(args.queries or Path(args.peers) / "queries.txt")
    want = [q.strip() for q in args.qids.split(",") if q.strip()]
    byqid = {q["qid"]: q for q in queries}
    missing = [q for q in want if q not in byqid]
    if missing:
        sys.exit(f"unknown qids {missing} (queries.txt has q01..q{len(queries):02d})")
    queries = [byqid[q] for q in want]
    stdin = "".join(json.dumps(q) + "\n" for q in queries)

    argvs: dict[str, dict[str, list[str]]] = {}
    for spec in args.system:
        label, rest = spec.split("=", 1)
        adapter, index = rest.split(":", 1)
        rc, out, err, _ = run_bounded([adapter, "argv", "--index", index], 120, stdin=stdin)
        if rc != 0:
            sys.exit(f"{label}: `{adapter} argv` failed (exit {rc}): {err[-1000:]}")
        argvs[label] = {r["qid"]: r["argv"] for r in map(json.loads, out.splitlines()) if r}
    for spec in args.walk or []:
        # `find DIR -type f -newer REF`: lists and stats every file (as a staleness check
        # does) and prints nothing when REF is newer than the corpus.
        label, rest = spec.split("=", 1)
        d, ref = rest.rsplit(":", 1)
        argvs[label] = {q["qid"]: ["find", d, "-type", "f", "-newer", ref] for q in queries}
    argvs[FLOOR] = {q["qid"]: [FLOOR] for q in queries}
    names = list(argvs)

    samples = {n: {q["qid"]: [] for q in queries} for n in names}
    failures = {n: [] for n in names}
    outputs = {n: {} for n in names}  # qid -> (exit code, output lines) of the first timed run
    total = args.warmup + args.runs
    t_start = time.time()
    for rnd in range(total):
        print(f"[{time.strftime('%H:%M:%S')}] fresh-process round {rnd + 1}/{total}"
              + (" (warm-up)" if rnd < args.warmup else ""), file=sys.stderr, flush=True)
        for qi, q in enumerate(queries):
            shift = (rnd + qi) % len(names)
            for name in names[shift:] + names[:shift]:
                rc, out, err, ms = run_bounded(argvs[name][q["qid"]], args.query_timeout)
                if rc not in (0, 1):
                    failures[name].append({"qid": q["qid"], "round": rnd, "rc": rc, "stderr": err[-300:]})
                    continue
                if rnd >= args.warmup:
                    samples[name][q["qid"]].append(ms)
                    if q["qid"] not in outputs[name]:
                        outputs[name][q["qid"]] = {"rc": rc, "lines": len(out.splitlines()),
                                                   "stderr": err.strip()[-300:]}
    res = {"queries": queries, "runs": args.runs, "warmup": args.warmup, "systems": {},
           "seconds": round(time.time() - t_start, 1)}
    for name in names:
        per_query = {}
        for qid, xs in samples[name].items():
            per_query[qid] = {"median": median(xs) if xs else None,
                              "p90": percentile(xs, 90) if xs else None,
                              "n": len(xs), "samples": [round(x, 3) for x in xs],
                              **outputs[name].get(qid, {})}
        res["systems"][name] = {"argv_example": argvs[name][queries[0]["qid"]],
                                "per_query": per_query, "failures": failures[name]}
    Path(args.out).write_text(json.dumps(res, indent=1) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)


# --------------------------------------------------------------------------
# table
# --------------------------------------------------------------------------

def f(x, d=1):
    return "—" if x is None else f"{x:.{d}f}"


def rat(a, b):
    return "—" if not a or not b else f"{a / b:.2f}×"


def gmean(xs):
    import math
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else None


def cmd_table(args) -> None:
    out: list[str] = []
    if args.index_json:
        out += ["Indexing (one build each; wall and CPU from /usr/bin/time -v; MB = 10^6 bytes of "
                "article text as make_corpus.py records it; read floor = `cat` of every file, warm cache):",
                "",
                "| corpus | system | articles | text MB | wall s | CPU s | CPU/wall | MB/s | peak RSS MB "
                "| index MB | × text | read floor s |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for p in args.index_json:
            r = json.loads(Path(p).read_text())
            wall, cpu, tmb = r.get("wall_s"), r.get("cpu_s"), r["text_mb"]
            note = " (recorded)" if r.get("reused") else ""
            out.append("| " + " | ".join([
                r["corpus"], r["system"] + note, f"{r.get('articles') or 0:,}", f(tmb, 1), f(wall, 1), f(cpu, 1),
                f(cpu / wall, 2) if cpu and wall else "—", f(tmb / wall, 2) if wall else "—",
                f(r.get("peak_rss_mb"), 0), f(r.get("index_bytes", 0) / 1e6, 1),
                f(r.get("index_bytes", 0) / 1e6 / tmb, 2), f(r.get("read_floor_s"), 2)]) + " |")
        out.append("")
    if args.latency:
        lat = json.loads(Path(args.latency).read_text())
        systems = lat["systems"]
        names = list(systems)
        out += [f"Fresh process per query, {lat['runs']} timed runs after {lat['warmup']} warm-up "
                f"(round-robin over all commands): median / p90 in ms.", "",
                "| qid | query | " + " | ".join(f"`{n}`" for n in names) + " |",
                "|---|---|" + "---|" * len(names)]
        for q in lat["queries"]:
            row = [q["qid"], "`" + q["query"].replace("|", "\\|") + "`"]
            for n in names:
                v = systems[n]["per_query"][q["qid"]]
                row.append(f"{f(v['median'])} / {f(v['p90'])}" + (" (0 hits)" if v.get("rc") == 1 else ""))
            out.append("| " + " | ".join(row) + " |")
        out.append("")
        # Ratios: per query ratio of medians; summarised by the median and geometric mean over queries.
        pairs = args.ratio or []
        if pairs:
            out += ["Ratios of per-query medians (summary: median and geometric mean over the queries):", "",
                    "| ratio | " + " | ".join(q["qid"] for q in lat["queries"]) + " | median | geo-mean |",
                    "|---|" + "---|" * (len(lat["queries"]) + 2)]
            for spec in pairs:
                a, b = spec.split("/", 1)
                if a not in systems or b not in systems:
                    continue
                rs = []
                for q in lat["queries"]:
                    x = systems[a]["per_query"][q["qid"]]["median"]
                    y = systems[b]["per_query"][q["qid"]]["median"]
                    rs.append(x / y if x and y else None)
                ok = sorted(r for r in rs if r)
                med = ok[len(ok) // 2] if len(ok) % 2 else (ok[len(ok) // 2 - 1] + ok[len(ok) // 2]) / 2 if ok else None
                out.append(f"| `{a}` / `{b}` | " + " | ".join(f(r, 2) for r in rs)
                           + f" | **{f(med, 2)}** | {f(gmean(ok), 2)} |")
            out.append("")
        fails = {n: s["failures"] for n, s in systems.items() if s["failures"]}
        for n, fl in fails.items():
            out.append(f"* `{n}`: {len(fl)} failed runs, e.g. {fl[:2]}")
        notes = {n: {q: v.get("stderr") for q, v in s["per_query"].items() if v.get("stderr")}
                 for n, s in systems.items()}
        for n, d in notes.items():
            if d:
                first = next(iter(d.items()))
                out.append(f"* `{n}` wrote to stderr ({len(d)} queries), e.g. {first[0]}: {first[1][:200]!r}")
        out.append("")
        out.append("Commands (first query):")
        out.append("")
        for n, s in systems.items():
            out.append(f"    {n}: {shlex.join(s['argv_example'])}")
        out.append("")
    text = "\n".join(out)
    print(text)
    if args.md:
        Path(args.md).write_text(text + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("corpus")
    p.add_argument("--peers", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--mb", type=float, required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--timeout", type=float, default=7200)
    p.add_argument("--nice", type=int, default=15)
    p.set_defaults(func=cmd_corpus)
    p = sub.add_parser("entry")
    p.add_argument("--data", required=True)
    p.add_argument("--name", required=True)
    p.set_defaults(func=cmd_entry)
    p = sub.add_parser("latency")
    p.add_argument("--peers", required=True)
    p.add_argument("--queries")
    p.add_argument("--qids", required=True)
    p.add_argument("--system", action="append", required=True, help="LABEL=ADAPTER:INDEX_DIR")
    p.add_argument("--walk", action="append", help="LABEL=DIR:REF: time `find DIR -type f -newer REF` too")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--query-timeout", type=float, default=120)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_latency)
    p = sub.add_parser("table")
    p.add_argument("--latency")
    p.add_argument("--index-json", action="append")
    p.add_argument("--ratio", action="append", help="A/B: labels of two systems")
    p.add_argument("--md")
    p.set_defaults(func=cmd_table)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
