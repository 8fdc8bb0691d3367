//! Trains the entity check (`src/analyze/entity_check.rs`): a classifier over whole
//! entities that keeps, retypes or drops what the tagger and the rules found. It learns
//! from the pipeline's mistakes on text the tagger was not trained on: each fold of
//! `bench/entities_fold.sh` (its weights, its held-back articles) gives instances.
//!
//! 1. Instances of one fold (one process per fold: the tagger's weights are set once):
//!    `cargo run --release --example newsdex-train-entity-check -- dump --ner-weights target/entities-fold-5-0/fold.bin --gold target/entities-fold-5-0/test --out target/entity-check/fold-0.tsv`
//! 2. Choose epochs and margin by cross-validation over the folds (train on four, score
//!    the fifth as `bench/entities_gold.py` scores canonical entities):
//!    `cargo run --release --example newsdex-train-entity-check -- cv target/entity-check/fold-*.tsv`
//! 3. The shipped weights, from every fold:
//!    `cargo run --release --example newsdex-train-entity-check -- train --epochs E --margin M --out data/ner/entity_check.tsv target/entity-check/fold-*.tsv`
//!
//! `bench/entity_check.sh` runs the three (and trains a missing fold's tagger first).
//! Entities a rule is sure of (`entity_check::protected`) are dumped but neither learnt
//! from nor changed. Deterministic. Never reads the held-out gold set
//! (`tests/gold/entities-heldout/`).

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use newsdex::analyze::entities::{extract_unchecked_at, Setting};
use newsdex::analyze::entity_check::{
    feature_key, features, protected, CheckWeights, LABELS, NONE,
};
use newsdex::analyze::ner::labels::type_position;
use newsdex::analyze::ner::Model;
use newsdex::ingest::ReadOptions;
use newsdex::model::EntityType;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    about = "Train newsdex's entity check on the pipeline's output for folds of the annotated news."
)]
struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Writes the instances of one fold: every entity the pipeline (without the check)
    /// gives its articles, with its features and the label the annotation gives it.
    Dump {
        /// The tagger's weights trained without these articles.
        #[arg(long)]
        ner_weights: PathBuf,
        /// The folder of annotated articles (*.json) to read.
        #[arg(long)]
        gold: PathBuf,
        /// A folder of known-names tables learnt without these articles
        /// (`known.py --without`), read instead of the built-in ones.
        #[arg(long)]
        known_tables: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Cross-validates over the dump files: each in turn is scored by weights trained on
    /// the others, for a grid of epochs and margins.
    Cv {
        #[arg(required = true)]
        dumps: Vec<PathBuf>,
    },
    /// Trains on every dump file and writes the weights.
    Train {
        #[arg(long)]
        epochs: usize,
        #[arg(long)]
        margin: f32,
        /// Features seen in fewer instances than this are left out.
        #[arg(long, default_value_t = 2)]
        min_count: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(required = true)]
        dumps: Vec<PathBuf>,
    },
}

/// Names compared as `bench/entities_gold.py` compares them.
fn norm(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .collect();
    let s = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    s.trim_end_matches('\'').to_string()
}

#[derive(serde::Deserialize)]
struct GoldArticle {
    id: String,
    #[serde(default)]
    title: Option<String>,
    body: String,
    mentions: Vec<GoldMention>,
}

#[derive(serde::Deserialize)]
struct GoldMention {
    #[serde(rename = "type")]
    ty: String,
    entity: String,
}

fn dump(ner_weights: &Path, gold: &Path, known_tables: Option<&Path>, out: &Path) -> Result<()> {
    if let Some(dir) = known_tables {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
        };
        newsdex::analyze::gazetteer::use_known_tables(
            read("known_names.tsv")?,
            read("known_types.tsv")?,
        )
        .map_err(anyhow::Error::msg)?;
    }
    let bytes =
        std::fs::read(ner_weights).with_context(|| format!("reading {}", ner_weights.display()))?;
    Model::use_weights(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", ner_weights.display()))?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(gold)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut text = String::new();
    let opts = ReadOptions::default();
    for path in &files {
        let art: GoldArticle = serde_json::from_str(&std::fs::read_to_string(path)?)
            .with_context(|| format!("reading {}", path.display()))?;
        // The gold pairs: (label, normalised canonical name).
        let mut pairs: HashSet<(usize, String)> = HashSet::new();
        for m in &art.mentions {
            let Some(kind) = EntityType::parse(&m.ty) else {
                bail!("{}: unknown type {}", path.display(), m.ty)
            };
            pairs.insert((type_position(kind), norm(&m.entity)));
        }
        // The article as bench/entities_gold.py hands it to `newsdex analyze`.
        let title = art.title.as_deref().unwrap_or("").trim();
        let raw = if title.is_empty() {
            format!("{}\n", art.body)
        } else {
            format!("{title}\n\n{}\n", art.body)
        };
        let rel = format!("{}.txt", art.id);
        let (articles, _) =
            newsdex::pipeline::read_articles(Path::new(&rel), &rel, raw.as_bytes(), &opts)?;
        let Some(a) = articles.first() else { continue };
        let (entities, mentions) = extract_unchecked_at(
            &a.body,
            Setting {
                place: a.place.as_deref(),
                title: a.title.as_deref(),
            },
        );
        let feats = features(&a.body, &entities, &mentions);
        let kept = protected(&entities, &mentions);
        writeln!(text, "#article\t{}\t{}", art.id, pairs.len())?;
        for ((e, f), kept) in entities.iter().zip(feats).zip(kept) {
            let name = norm(&e.name);
            let own = type_position(e.kind);
            // Right: the types under which the annotation names this entity; learnt: the
            // entity's own type when right, else another type it is right under, else
            // "no entity" (a name the annotation does not give is scored wrong whatever
            // its type, so dropping it costs nothing).
            let hits: Vec<usize> = (0..4)
                .filter(|&l| pairs.contains(&(l, name.clone())))
                .collect();
            let label = if hits.contains(&own) {
                own
            } else {
                hits.first().copied().unwrap_or(NONE)
            };
            let hits: Vec<&str> = hits.iter().map(|&l| LABELS[l]).collect();
            let hits = if hits.is_empty() {
                "-".to_string()
            } else {
                hits.join(",")
            };
            let f: Vec<String> = f
                .into_iter()
                .map(|x| x.replace(['\t', '\n'], " "))
                .collect();
            writeln!(
                text,
                "{}\t{}\t{}\t{}\t{}\t{}",
                name,
                LABELS[own],
                LABELS[label],
                hits,
                if kept { "kept" } else { "open" },
                f.join("\t")
            )?;
        }
    }
    std::fs::write(out, text)?;
    eprintln!("{}: {} articles", out.display(), files.len());
    Ok(())
}

/// One entity of a dump: its name, type so far, gold label and features.
struct Instance {
    name: String,
    own: usize,
    /// The label learnt: its own type when the annotation names it so, else another
    /// type the annotation names it by, else `NONE`.
    label: usize,
    /// The labels under which the annotation has this entity's name (scored right).
    hits: [bool; 4],
    /// The check leaves the entity alone (`entity_check::protected`): not learnt from.
    kept: bool,
    feats: Vec<u64>,
}

/// One article of a dump: its gold pair count and its entities.
struct DumpArticle {
    gold: usize,
    entities: Vec<Instance>,
}

fn label_index(s: &str) -> Result<usize> {
    LABELS
        .iter()
        .position(|l| *l == s)
        .with_context(|| format!("unknown label {s}"))
}

fn read_dump(path: &Path, names: &mut HashMap<u64, String>) -> Result<Vec<DumpArticle>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out: Vec<DumpArticle> = Vec::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols[0] == "#article" {
            out.push(DumpArticle {
                gold: cols
                    .get(2)
                    .context("an article row without its gold count")?
                    .parse()?,
                entities: Vec::new(),
            });
            continue;
        }
        let Some(a) = out.last_mut() else {
            bail!("{}: an entity before any article", path.display())
        };
        if cols.len() < 5 {
            bail!(
                "{}: a row of {} columns, not 5 and features",
                path.display(),
                cols.len()
            );
        }
        let mut hits = [false; 4];
        for h in cols[3].split(',').filter(|h| *h != "-") {
            hits[label_index(h)?.min(3)] = true;
        }
        let kept = cols[4] == "kept";
        let feats = cols[5..]
            .iter()
            .map(|f| {
                let k = feature_key(f);
                names.entry(k).or_insert_with(|| f.to_string());
                k
            })
            .collect();
        a.entities.push(Instance {
            name: cols[0].to_string(),
            own: label_index(cols[1])?,
            label: label_index(cols[2])?,
            hits,
            kept,
            feats,
        });
    }
    Ok(out)
}

/// An averaged multi-class perceptron over hashed features.
#[derive(Default)]
struct Perceptron {
    w: HashMap<u64, [f32; 5]>,
    /// Σ step × update, in f64: steps reach tens of thousands.
    u: HashMap<u64, [f64; 5]>,
    c: f64,
}

impl Perceptron {
    fn scores(&self, feats: &[u64]) -> [f32; 5] {
        let mut s = [0f32; 5];
        for f in feats {
            if let Some(w) = self.w.get(f) {
                for (x, y) in s.iter_mut().zip(w) {
                    *x += y;
                }
            }
        }
        s
    }

    fn train(instances: &[&Instance], epochs: usize) -> HashMap<u64, [f32; 5]> {
        let mut p = Perceptron::default();
        let mut order: Vec<usize> = (0..instances.len()).collect();
        let mut rng: u64 = 0x9e3779b97f4a7c15;
        for _ in 0..epochs {
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            for &i in &order {
                let x = instances[i];
                p.c += 1.0;
                let s = p.scores(&x.feats);
                let guess = (0..5)
                    .max_by(|&a, &b| s[a].total_cmp(&s[b]).then(b.cmp(&a)))
                    .unwrap_or(0);
                if guess != x.label {
                    for f in &x.feats {
                        let w = p.w.entry(*f).or_default();
                        w[x.label] += 1.0;
                        w[guess] -= 1.0;
                        let u = p.u.entry(*f).or_default();
                        u[x.label] += p.c;
                        u[guess] -= p.c;
                    }
                }
            }
        }
        let c = p.c.max(1.0);
        p.w.into_iter()
            .map(|(k, mut w)| {
                if let Some(u) = p.u.get(&k) {
                    for (x, y) in w.iter_mut().zip(u) {
                        *x = (f64::from(*x) - y / c) as f32;
                    }
                }
                (k, w)
            })
            .collect()
    }
}

/// The label the check gives an instance (a protected one keeps its own).
fn decide(w: &CheckWeights, x: &Instance) -> usize {
    if x.kept {
        x.own
    } else {
        w.decide_keys(x.own, x.feats.iter().copied())
    }
}

/// Canonical-entity (tp, predicted, gold) of articles whose entities take these labels.
fn count(arts: &[&DumpArticle], label: impl Fn(&Instance) -> usize) -> (usize, usize, usize) {
    let (mut tp, mut pred, mut gold) = (0, 0, 0);
    for a in arts {
        gold += a.gold;
        let mut seen = HashSet::new();
        for x in &a.entities {
            let l = label(x);
            if l == NONE || !seen.insert((l, x.name.as_str())) {
                continue;
            }
            pred += 1;
            tp += usize::from(x.hits[l]);
        }
    }
    (tp, pred, gold)
}

fn prf((tp, pred, gold): (usize, usize, usize)) -> String {
    let p = tp as f64 / pred.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    format!("P {p:.4} R {r:.4} F1 {f:.4} ({tp}/{pred}/{gold})")
}

fn cv(dumps: &[PathBuf]) -> Result<()> {
    let mut names = HashMap::new();
    let folds: Vec<Vec<DumpArticle>> = dumps
        .iter()
        .map(|d| read_dump(d, &mut names))
        .collect::<Result<_>>()?;
    if folds.len() < 2 {
        bail!("cross-validation needs two dump files at least");
    }
    let all: Vec<&DumpArticle> = folds.iter().flatten().collect();
    println!("without the check: {}", prf(count(&all, |x| x.own)));
    let margins = [0.0f32, 2.0, 5.0, 10.0, 20.0, 40.0, 80.0];
    for epochs in [3, 6, 10] {
        let mut totals = vec![(0, 0, 0); margins.len()];
        for (k, test) in folds.iter().enumerate() {
            let train: Vec<&Instance> = folds
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .flat_map(|(_, f)| f.iter().flat_map(|a| &a.entities))
                .filter(|x| !x.kept)
                .collect();
            let mut w = CheckWeights::new(Perceptron::train(&train, epochs), 0.0);
            let test: Vec<&DumpArticle> = test.iter().collect();
            for (t, &m) in totals.iter_mut().zip(&margins) {
                w.margin = m;
                let c = count(&test, |x| decide(&w, x));
                *t = (t.0 + c.0, t.1 + c.1, t.2 + c.2);
            }
        }
        for (t, m) in totals.iter().zip(&margins) {
            println!("epochs {epochs:2} margin {m:5}: {}", prf(*t));
        }
    }
    Ok(())
}

fn train(
    dumps: &[PathBuf],
    epochs: usize,
    margin: f32,
    min_count: usize,
    out: &Path,
) -> Result<()> {
    let mut names = HashMap::new();
    let folds: Vec<Vec<DumpArticle>> = dumps
        .iter()
        .map(|d| read_dump(d, &mut names))
        .collect::<Result<_>>()?;
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for x in folds.iter().flatten().flat_map(|a| &a.entities) {
        for f in x.feats.iter().collect::<HashSet<_>>() {
            *seen.entry(*f).or_default() += 1;
        }
    }
    let instances: Vec<Instance> = folds
        .into_iter()
        .flatten()
        .flat_map(|a| a.entities)
        .filter(|x| !x.kept)
        .map(|mut x| {
            x.feats.retain(|f| seen[f] >= min_count);
            x
        })
        .collect();
    let refs: Vec<&Instance> = instances.iter().collect();
    let w = Perceptron::train(&refs, epochs);
    let mut rows: Vec<(&str, [f32; 5])> = w
        .iter()
        .filter(|(_, v)| v.iter().any(|x| x.abs() >= 0.005))
        .map(|(k, v)| (names[k].as_str(), *v))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(b.0));
    let mut text = String::new();
    writeln!(
        text,
        "# written by examples/newsdex-train-entity-check.rs (do not edit by hand)"
    )?;
    writeln!(
        text,
        "# {} instances from {} dump files, {epochs} epochs, features seen {min_count}+ times",
        instances.len(),
        dumps.len()
    )?;
    writeln!(text, "# feature\t{}", LABELS.join("\t"))?;
    writeln!(text, "!margin\t{margin}")?;
    for (name, v) in rows {
        write!(text, "{name}")?;
        for x in v {
            write!(text, "\t{}", (x * 100.0).round() / 100.0)?;
        }
        writeln!(text)?;
    }
    std::fs::write(out, text)?;
    eprintln!("wrote {} ({} instances)", out.display(), instances.len());
    Ok(())
}

fn main() -> Result<()> {
    match Args::parse().cmd {
        Cmd::Dump {
            ner_weights,
            gold,
            known_tables,
            out,
        } => dump(&ner_weights, &gold, known_tables.as_deref(), &out),
        Cmd::Cv { dumps } => cv(&dumps),
        Cmd::Train {
            epochs,
            margin,
            min_count,
            out,
            dumps,
        } => train(&dumps, epochs, margin, min_count, &out),
    }
}
