#!/usr/bin/env python3
"""Score newsdex's named entities against the hand-annotated gold set in
tests/gold/entities/ (see its README.md and GUIDELINES.md).

    python3 bench/entities_gold.py                      # summary, per type, per source, top errors
    python3 bench/entities_gold.py --bin path/to/newsdex --json out.json
    python3 bench/entities_gold.py --articles           # also one line per article

For every gold article the body is written to a temporary folder as a plain-text file
newsdex reads (the title as the first line, a blank line, the body), and
`NEWSDEX_BIN analyze FILE.txt... --json` gives its entities ([{type, name, mentions}]).
Scores, micro-averaged over the articles:

  (a) canonical entities: precision, recall and F1 over the set of (type, canonical
      name) pairs of each article; also ignoring the type (names only);
  (b) mentions, approximated from the counts newsdex reports: for each (type, name)
      found in both, min(predicted mentions, gold mentions) are counted correct;
      predicted = the sum of predicted mention counts, gold = the number of gold
      mentions; also ignoring the type;
  (c) (a) and (b) per type, and per source (BBC, Reuters-21578, corpus/); (a) per
      category (BBC News by its categories, by article id), and, where every category
      of the held-out set is present, (a) and (b) with each category weighted to its
      share of the held-out set's articles (counted from its folder): error rates differ
      about twofold between BBC sport and BBC tech, so a set drawn otherwise reads
      otherwise than the held-out set for the same pipeline;
  (d) the most frequent errors: a gold entity newsdex missed, a spurious one, one
      found with the wrong type, and one found with too few or too many mentions.

Names are compared case-insensitively, with whitespace collapsed and typographic
apostrophes and quotes made plain; a trailing apostrophe is dropped (Bojangles').
Only the Python 3 standard library is used.
"""
import argparse
import collections
import datetime
import glob
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GOLD = os.path.join(REPO, "tests", "gold", "entities")
TYPES = ["PER", "ORG", "LOC", "MISC"]


def norm(name):
    s = name.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = re.sub(r"\s+", " ", s).strip().casefold()
    return s.rstrip("'")


def source_kind(source):
    return source.split("/", 1)[0].replace("reuters21578", "reuters")


HELDOUT = os.path.join(REPO, "tests", "gold", "entities-heldout")


def category(article_id, kind):
    """'bbc-tech' for a BBC News article (by its id), else the source kind."""
    if kind == "bbc" and article_id.startswith("bbc-"):
        return "-".join(article_id.split("-")[:2])
    return kind


def heldout_mix():
    """Articles of the held-out set per category (its three draws together), from its
    file names alone: the articles themselves are not opened."""
    ids = (os.path.basename(p)[: -len(".json")] for p in glob.glob(os.path.join(HELDOUT, "*.json")))
    return collections.Counter(category(i, i.split("-", 1)[0]) for i in ids)


def weighted_like_heldout(per_category, articles, mix):
    """Canonical and mention (P, R, F1) with each category weighted to its share `mix` of
    the held-out set's articles, or None when a category of that set has no article here."""
    if not mix or any(not articles.get(c) for c in mix):
        return None
    total = sum(mix.values())
    n = sum(articles[c] for c in mix)
    sums = collections.Counter()
    for c, share in mix.items():
        w = (share / total) / (articles[c] / n)
        k = per_category[c]
        for f in ("ent_tp", "ent_pred", "ent_gold", "men_ok", "men_pred", "men_gold"):
            sums[f] += w * getattr(k, f)
    return (Counts.prf(sums["ent_tp"], sums["ent_pred"], sums["ent_gold"]),
            Counts.prf(sums["men_ok"], sums["men_pred"], sums["men_gold"]))


def load_gold(folder):
    arts = []
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if not isinstance(doc, dict) or "mentions" not in doc or "body" not in doc:
            continue
        arts.append(doc)
    return arts


def run_newsdex(bin_, arts, timeout, weights=None, extra=()):
    """{article id: (body newsdex read, [entities])}; a missing id was not read."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="entities-gold-") as tmp:
        paths = {}
        for a in arts:
            p = os.path.join(tmp, a["id"] + ".txt")
            title = (a.get("title") or "").strip()
            with open(p, "w", encoding="utf-8") as f:
                f.write((title + "\n\n" if title else "") + a["body"] + "\n")
            paths[os.path.realpath(p)] = a["id"]
        cmd = [bin_, "analyze"] + sorted(paths) + ["--json", "--passages", "0"]
        if weights:
            cmd += ["--ner-weights", os.path.abspath(weights)]
        cmd += list(extra)
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=tmp)
        if proc.returncode not in (0, 1):
            sys.exit(f"{bin_} analyze failed (exit {proc.returncode}):\n{proc.stderr}")
        for line in proc.stdout.splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            p = rec.get("source", {}).get("path", "")
            aid = paths.get(os.path.realpath(os.path.join(tmp, p))) or paths.get(os.path.realpath(p))
            if aid is None:
                aid = os.path.basename(p)[:-4]
            out[aid] = (rec.get("body", ""), rec.get("entities") or [])
        return out, proc.stderr


# Where each source's articles live: the folder under --data (None: the repo's corpus/),
# and the files of that folder that are not articles.
SOURCE_ROOTS = {
    "bbc": ("bbc", ["README.TXT"]),
    "reuters21578": ("reuters21578", ["*.txt", "*.dtd"]),
    "corpus": (None, []),
}


def run_indexed(bin_, arts, data, timeout):
    """{article id: (body, [entities])} as the index of each article's whole source corpus
    gives them (`newsdex show --format json`): the entities after the corpus-wide aliases,
    which an article read alone (`analyze`) does not have. One index per source (BBC News,
    Reuters-21578, corpus/), as a researcher would build it."""
    out = {}
    by_source = collections.defaultdict(list)
    for a in arts:
        kind, rest = a["source"].split("/", 1)
        path, _, locator = rest.partition("#")
        by_source[kind].append((a, path, locator or None))
    with tempfile.TemporaryDirectory(prefix="entities-gold-index-") as tmp:
        for kind, items in sorted(by_source.items()):
            folder, excludes = SOURCE_ROOTS[kind]
            root = os.path.join(REPO, "corpus") if folder is None else os.path.join(data, folder)
            if not os.path.isdir(root):
                sys.exit(f"--indexed needs {root} (set --data to the folder holding bbc/ and reuters21578/)")
            idx = os.path.join(tmp, kind)
            cmd = [bin_, "index", root, "--index", idx]
            for e in excludes:
                cmd += ["--exclude", e]
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            if proc.returncode not in (0, 1):
                sys.exit(f"{' '.join(cmd)} failed (exit {proc.returncode}):\n{proc.stderr}")
            # Article ids as the index has them: `analyze` run from the corpus root.
            files = sorted({p for _, p, _ in items})
            proc = subprocess.run([bin_, "analyze", *files, "--json", "--passages", "0"],
                                  capture_output=True, text=True, timeout=timeout, cwd=root)
            ids = {}
            for line in proc.stdout.splitlines():
                if line.strip():
                    rec = json.loads(line)
                    src = rec.get("source", {})
                    ids[(src.get("path"), src.get("locator"))] = rec["id"]
            for a, path, locator in items:
                aid = ids.get((path, locator))
                if aid is None:
                    continue
                proc = subprocess.run([bin_, "show", aid, "--index", idx, "--format", "json"],
                                      capture_output=True, text=True, timeout=timeout)
                if proc.returncode != 0:
                    continue
                rec = json.loads(proc.stdout)
                title = (a.get("title") or "").strip()
                body = rec.get("text", "")
                # show's text starts with the title when the source has none apart.
                if title and body.startswith(title):
                    body = body[len(title):].lstrip("\n")
                out[a["id"]] = (body, rec.get("entities") or [])
    return out, ""


def from_annotation(folder):
    """{article id: (body, [entities])} from a second annotation's mentions, as newsdex
    would report them: one entity per (type, canonical name) with its mention count."""
    out = {}
    for doc in load_gold(folder):
        counts = collections.Counter((m["type"], m["entity"]) for m in doc["mentions"])
        out[doc["id"]] = (doc["body"], [{"type": t, "name": n, "mentions": c} for (t, n), c in counts.items()])
    return out


class Counts:
    def __init__(self):
        self.ent_tp = self.ent_pred = self.ent_gold = 0
        self.men_ok = self.men_pred = self.men_gold = 0

    def add(self, gold, pred):
        """gold, pred: {key: mention count}."""
        self.ent_gold += len(gold)
        self.ent_pred += len(pred)
        self.men_gold += sum(gold.values())
        self.men_pred += sum(pred.values())
        for k in gold.keys() & pred.keys():
            self.ent_tp += 1
            self.men_ok += min(gold[k], pred[k])

    @staticmethod
    def prf(tp, pred, gold):
        p = tp / pred if pred else (1.0 if not gold else 0.0)
        r = tp / gold if gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def entity(self):
        return self.prf(self.ent_tp, self.ent_pred, self.ent_gold)

    def mention(self):
        return self.prf(self.men_ok, self.men_pred, self.men_gold)

    def as_dict(self):
        e, m = self.entity(), self.mention()
        return {
            "entities": {"tp": self.ent_tp, "predicted": self.ent_pred, "gold": self.ent_gold,
                         "precision": e[0], "recall": e[1], "f1": e[2]},
            "mentions": {"correct": self.men_ok, "predicted": self.men_pred, "gold": self.men_gold,
                         "precision": m[0], "recall": m[1], "f1": m[2]},
        }


def typed(counter):
    return dict(counter)


def untyped(counter):
    c = collections.Counter()
    for (t, n), v in counter.items():
        c[n] += v
    return dict(c)


def of_type(counter, typ):
    return {k: v for k, v in counter.items() if k[0] == typ}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.environ.get("NEWSDEX_BIN") or os.path.join(REPO, "target", "release", "newsdex"),
                    help="newsdex binary (default: $NEWSDEX_BIN, else target/release/newsdex)")
    ap.add_argument("--gold", default=GOLD, help="gold folder (default: tests/gold/entities)")
    ap.add_argument("--json", metavar="OUT", help="write every figure, per article and per error, to OUT")
    ap.add_argument("--top", type=int, default=30, help="errors to list (default 30)")
    ap.add_argument("--articles", action="store_true", help="print one line per article")
    ap.add_argument("--indexed", action="store_true",
                    help="score each article as the index of its whole source corpus gives it "
                         "(`show`: corpus-wide aliases applied) instead of read alone (`analyze`)")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(REPO), "shared", "data"),
                    help="the folder holding bbc/ and reuters21578/ (for --indexed; default ../shared/data)")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--annotation", metavar="DIR",
                    help="score a second annotation of the same articles (gold-format files in DIR, "
                         "e.g. tests/gold/entities-heldout/second) instead of newsdex: the annotators' agreement")
    ap.add_argument("--ner-weights", metavar="FILE",
                    help="tag with these NER weights instead of the shipped ones (weights trained "
                         "on a fold: bench/entities_fold.sh); not with --indexed")
    ap.add_argument("--entity-check", metavar="FILE",
                    help="revise entities with these entity-check weights instead of the shipped ones "
                         "(weights trained without a fold: bench/entity_check.sh); not with --indexed")
    ap.add_argument("--no-entity-check", action="store_true",
                    help="score the entities as the tagger and the rules give them, without the entity check")
    ap.add_argument("--known-tables", metavar="DIR",
                    help="read known_names.tsv and known_types.tsv from DIR instead of the built-in tables "
                         "(a fold's, learnt without its articles: bench/entities_fold.sh); not with --indexed")
    args = ap.parse_args()
    if (args.ner_weights or args.entity_check or args.no_entity_check or args.known_tables) and (
            args.indexed or args.annotation):
        sys.exit("--ner-weights and the entity-check options score articles read alone: "
                 "not with --indexed or --annotation")
    if args.entity_check and args.no_entity_check:
        sys.exit("--entity-check and --no-entity-check exclude each other")
    extra = []
    if args.entity_check:
        extra = ["--entity-check", os.path.abspath(args.entity_check)]
    elif args.no_entity_check:
        extra = ["--no-entity-check"]
    if args.known_tables:
        extra += ["--known-tables", os.path.abspath(args.known_tables)]

    started = datetime.datetime.now().astimezone()
    print("command:", " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv]))
    print("date:   ", started.strftime("%Y-%m-%d %H:%M:%S %z"))
    if not args.annotation:
        try:
            version = subprocess.run([args.bin, "--version"], capture_output=True, text=True).stdout.strip()
        except OSError as e:
            sys.exit(f"cannot run {args.bin}: {e}")
        print("binary: ", args.bin, f"({version})" if version else "")
        if args.ner_weights:
            print("weights:", args.ner_weights)
        if extra:
            print("check:  ", " ".join(extra))
    try:
        print("load:   ", " ".join(f"{x:.2f}" for x in os.getloadavg()), "on", os.cpu_count(), "cores,", platform.node())
    except OSError:
        pass

    arts = load_gold(args.gold)
    if not arts:
        sys.exit(f"no gold articles in {args.gold}")
    if args.annotation:
        print("mode:    second annotation", args.annotation, "(no newsdex run)")
        preds, stderr = from_annotation(args.annotation), ""
    elif args.indexed:
        print("mode:    indexed (each source corpus indexed whole; entities as `show` gives them)")
        preds, stderr = run_indexed(args.bin, arts, args.data, args.timeout)
        # Entities the source's own metadata lists (Reuters' <PLACES>, <ORGS>...) are no
        # text mentions, which is what the gold set annotates: an indexed entity none of
        # whose names the article's text yields when read alone is left out.
        alone, _ = run_newsdex(args.bin, arts, args.timeout)
        for aid, (body, ents) in preds.items():
            said = {norm(e["name"]) for e in alone.get(aid, ("", []))[1]}
            kept = [e for e in ents if norm(e["name"]) in said or any(norm(x) in said for x in e.get("aliases") or [])]
            preds[aid] = (body, kept)
    else:
        print("mode:    alone (each article read by `analyze`)")
        preds, stderr = run_newsdex(args.bin, arts, args.timeout, args.ner_weights, extra)

    total_typed, total_untyped = Counts(), Counts()
    per_type = {t: Counts() for t in TYPES}
    per_source = collections.defaultdict(Counts)
    per_source_untyped = collections.defaultdict(Counts)
    per_category = collections.defaultdict(Counts)
    category_articles = collections.Counter()
    errors = collections.defaultdict(lambda: {"articles": [], "mentions": 0})
    per_article = []
    problems = []

    for a in arts:
        aid = a["id"]
        display = {}
        gold = collections.Counter()
        for m in a["mentions"]:
            k = (m["type"], norm(m["entity"]))
            gold[k] += 1
            display.setdefault(k, m["entity"])
        if aid not in preds:
            problems.append(f"{aid}: newsdex read no article from the file (counted as no entities)")
            body, ents = a["body"], []
        else:
            body, ents = preds[aid]
        if body != a["body"]:
            problems.append(f"{aid}: the body newsdex read differs from the gold body")
        pred = collections.Counter()
        for e in ents:
            k = (e["type"], norm(e["name"]))
            pred[k] += int(e.get("mentions") or 1)
            display.setdefault(k, e["name"])
        gold, pred = dict(gold), dict(pred)

        total_typed.add(typed(gold), typed(pred))
        total_untyped.add(untyped(gold), untyped(pred))
        for t in TYPES:
            per_type[t].add(of_type(gold, t), of_type(pred, t))
        kind = source_kind(a["source"])
        per_source[kind].add(gold, pred)
        per_source_untyped[kind].add(untyped(gold), untyped(pred))
        cat = category(aid, kind)
        per_category[cat].add(gold, pred)
        category_articles[cat] += 1
        one = Counts()
        one.add(gold, pred)
        per_article.append({"id": aid, "source": a["source"], **one.as_dict(),
                            "gold": [{"type": t, "name": display[(t, n)], "mentions": c} for (t, n), c in sorted(gold.items())],
                            "predicted": [{"type": t, "name": display[(t, n)], "mentions": c} for (t, n), c in sorted(pred.items())]})

        gold_names = collections.defaultdict(list)
        for (t, n) in gold:
            gold_names[n].append(t)
        pred_names = collections.defaultdict(list)
        for (t, n) in pred:
            pred_names[n].append(t)
        for (t, n), c in gold.items():
            name = display[(t, n)]
            if (t, n) in pred:
                pc = pred[(t, n)]
                if pc < c:
                    key = ("too few mentions", t, name)
                    errors[key]["mentions"] += c - pc
                    errors[key]["articles"].append(aid)
                elif pc > c:
                    key = ("too many mentions", t, name)
                    errors[key]["mentions"] += pc - c
                    errors[key]["articles"].append(aid)
                continue
            others = [pt for pt in pred_names.get(n, []) if (pt, n) not in gold]
            if others:
                key = ("wrong type", f"{t}->{'/'.join(sorted(others))}", name)
            else:
                key = ("missed", t, name)
            errors[key]["mentions"] += c
            errors[key]["articles"].append(aid)
        for (t, n), c in pred.items():
            if (t, n) in gold:
                continue
            if any((gt, n) in gold and (gt, n) not in pred for gt in gold_names.get(n, [])):
                continue  # counted as a wrong type above
            key = ("spurious", t, display[(t, n)])
            errors[key]["mentions"] += c
            errors[key]["articles"].append(aid)

    n_mentions = sum(len(a["mentions"]) for a in arts)
    print(f"gold:    {len(arts)} articles, {n_mentions} mentions, "
          f"{sum(len({(m['type'], norm(m['entity'])) for m in a['mentions']}) for a in arts)} (type, entity) pairs over the articles "
          f"({args.gold})")
    for p in problems:
        print("warning:", p)
    if stderr.strip():
        for line in stderr.strip().splitlines()[:10]:
            print("newsdex stderr:", line)
    print()

    def row(label, c):
        e, m = c.entity(), c.mention()
        return (f"{label:<22} {e[0]:6.3f} {e[1]:6.3f} {e[2]:6.3f}  {c.ent_tp:5d}/{c.ent_pred:<5d}/{c.ent_gold:<5d}"
                f"  {m[0]:6.3f} {m[1]:6.3f} {m[2]:6.3f}  {c.men_ok:5d}/{c.men_pred:<5d}/{c.men_gold:<5d}")

    head = (f"{'':<22} {'canonical entities':^38}  {'mentions (from counts)':^38}\n"
            f"{'':<22} {'P':>6} {'R':>6} {'F1':>6}  {'tp/pred/gold':^17}  {'P':>6} {'R':>6} {'F1':>6}  {'ok/pred/gold':^17}")
    print(head)
    print(row("all, typed", total_typed))
    print(row("all, ignoring type", total_untyped))
    print()
    print("per type")
    for t in TYPES:
        print(row("  " + t, per_type[t]))
    print()
    print("per source (typed / ignoring type)")
    for kind in sorted(per_source):
        print(row(f"  {kind}", per_source[kind]))
        print(row(f"  {kind}, no type", per_source_untyped[kind]))
    if len(per_category) > 1:
        print()
        print("per category (typed; BBC News by its categories, articles in brackets)")
        for cat in sorted(per_category):
            print(row(f"  {cat.removeprefix('bbc-')} ({category_articles[cat]})", per_category[cat]))
        mix = heldout_mix()
        like = weighted_like_heldout(per_category, category_articles, mix)
        if like:
            (ep, er, ef), (mp, mr, mf) = like
            mix = ", ".join(f"{c.removeprefix('bbc-')} {n}" for c, n in sorted(mix.items()))
            print(f"{'  like the held-out':<22} {ep:6.3f} {er:6.3f} {ef:6.3f}  {'':17}  {mp:6.3f} {mr:6.3f} {mf:6.3f}")
            print(f"  (each category weighted to its share of the held-out set's articles: {mix})")
    if args.articles:
        print()
        print("per article (typed): entity P R, mention P R")
        for pa in per_article:
            e, m = pa["entities"], pa["mentions"]
            print(f"  {pa['id']:<58} {e['precision']:5.2f} {e['recall']:5.2f}  {m['precision']:5.2f} {m['recall']:5.2f}")

    ranked = sorted(errors.items(), key=lambda kv: (-kv[1]["mentions"], -len(kv[1]["articles"]), kv[0]))
    print()
    print(f"top {args.top} errors (of {len(errors)}), by mentions affected")
    print(f"  {'kind':<18} {'type':<9} {'mentions':>8} {'articles':>8}  name")
    for (kind, t, name), v in ranked[: args.top]:
        print(f"  {kind:<18} {t:<9} {v['mentions']:>8} {len(v['articles']):>8}  {name}")
    by_kind = collections.Counter()
    for (kind, _, _), v in errors.items():
        by_kind[kind] += v["mentions"]
    print("  mentions affected by kind: " + ", ".join(f"{k} {v}" for k, v in by_kind.most_common()))

    if args.json:
        result = {
            "command": sys.argv, "date": started.isoformat(), "binary": args.bin, "version": version,
            "gold": {"folder": args.gold, "articles": len(arts), "mentions": n_mentions},
            "typed": total_typed.as_dict(), "untyped": total_untyped.as_dict(),
            "per_type": {t: c.as_dict() for t, c in per_type.items()},
            "per_source": {k: {"typed": c.as_dict(), "untyped": per_source_untyped[k].as_dict()} for k, c in per_source.items()},
            "per_category": {k: {"articles": category_articles[k], "typed": c.as_dict()} for k, c in per_category.items()},
            "errors": [{"kind": k, "type": t, "name": n, "mentions": v["mentions"], "articles": v["articles"]}
                       for (k, t, n), v in ranked],
            "warnings": problems,
            "articles": per_article,
        }
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False, indent=1)
            f.write("\n")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
