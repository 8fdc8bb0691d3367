//! A second look at an article's entities, once the tagger and the rules have named and
//! merged them: a linear classifier over whole entities (every mention's neighbouring
//! words, the name's words, shape and word clusters, gazetteer membership, the type given
//! so far) that keeps an entity's type, gives it another one, or drops it as no entity.
//! It sees what no single mention shows (the verbs and prepositions around all of a
//! name's mentions), and it was trained on the pipeline's own mistakes: the entities it
//! gave to annotated articles it had not been trained on (`data/ner/news/`, five folds;
//! `examples/newsdex-train-entity-check.rs`). Its weights are `data/ner/entity_check.tsv`.

use crate::analyze::entities::EntityMention;
use crate::analyze::gazetteer::Gazetteer;
use crate::analyze::ner::clusters::{ClusterTable, UNKNOWN};
use crate::analyze::ner::hashing::{hash_bytes, HashMapU64, HashSetU64};
use crate::analyze::ner::labels::{type_position, TYPES};
use crate::analyze::ner::tokenize::{tokenize, Token};
use crate::analyze::ner::Model;
use crate::model::{Entity, EntityType, MAX_ALIASES};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LazyLock, OnceLock};

/// The classifier's answers: the four types in `labels::TYPES` order, then "no entity".
pub const LABELS: [&str; 5] = ["PER", "ORG", "LOC", "MISC", "NONE"];
/// The index of "no entity" in `LABELS`.
pub const NONE: usize = 4;
/// The most mentions of one entity whose neighbours are features.
const MAX_MENTIONS: usize = 12;
/// Longest neighbouring word kept as a feature, in characters.
const MAX_WORD: usize = 24;

const SHIPPED: &str = include_str!("../../data/ner/entity_check.tsv");

/// The classifier's weights: feature hash → one weight per label, and the margin by
/// which another label must beat the type given so far to replace it.
#[derive(Debug, Default)]
pub struct CheckWeights {
    weights: HashMapU64<[f32; 5]>,
    pub margin: f32,
}

/// A weights file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("entity check weights, line {line}: {what}")]
pub struct CheckWeightsError {
    pub line: usize,
    pub what: String,
}

impl CheckWeights {
    /// Reads the TSV `examples/newsdex-train-entity-check.rs` writes: `#` comments, a
    /// `!margin TAB m` row, then `feature TAB w_PER TAB w_ORG TAB w_LOC TAB w_MISC TAB w_NONE`.
    pub fn from_tsv(text: &str) -> Result<CheckWeights, CheckWeightsError> {
        let mut out = CheckWeights::default();
        for (i, line) in text.lines().enumerate() {
            let err = |what: &str| CheckWeightsError {
                line: i + 1,
                what: what.to_string(),
            };
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols[0] == "!margin" {
                out.margin = cols
                    .get(1)
                    .and_then(|m| m.parse().ok())
                    .ok_or_else(|| err("the margin is not a number"))?;
                continue;
            }
            if cols.len() != 1 + LABELS.len() {
                return Err(err("expected a feature and five weights"));
            }
            let mut w = [0f32; 5];
            for (x, c) in w.iter_mut().zip(&cols[1..]) {
                *x = c.parse().map_err(|_| err("a weight is not a number"))?;
            }
            out.weights.insert(feature_key(cols[0]), w);
        }
        Ok(out)
    }

    /// Weights as a trainer holds them: feature hash (`feature_key`) → weights.
    pub fn new(weights: impl IntoIterator<Item = (u64, [f32; 5])>, margin: f32) -> Self {
        CheckWeights {
            weights: weights.into_iter().collect(),
            margin,
        }
    }

    /// The score of each label for an entity's features.
    pub fn scores(&self, features: &[String]) -> [f32; 5] {
        self.scores_of(features.iter().map(|f| feature_key(f)))
    }

    fn scores_of(&self, keys: impl IntoIterator<Item = u64>) -> [f32; 5] {
        let mut s = [0f32; 5];
        for k in keys {
            if let Some(w) = self.weights.get(&k) {
                for (x, y) in s.iter_mut().zip(w) {
                    *x += y;
                }
            }
        }
        s
    }

    /// The label an entity of type `kind` with these features gets: its own type unless
    /// another label scores more than `margin` above it.
    pub fn decide(&self, kind: EntityType, features: &[String]) -> usize {
        self.decide_keys(type_position(kind), features.iter().map(|f| feature_key(f)))
    }

    /// `decide` for an entity whose own label is `own`, by its features' hashes.
    pub fn decide_keys(&self, own: usize, keys: impl IntoIterator<Item = u64>) -> usize {
        let s = self.scores_of(keys);
        let best = (0..LABELS.len())
            .max_by(|&a, &b| s[a].total_cmp(&s[b]).then(b.cmp(&a)))
            .unwrap_or(own);
        if best != own && s[best] - s[own] > self.margin {
            best
        } else {
            own
        }
    }
}

/// The hash a feature is stored under.
pub fn feature_key(feature: &str) -> u64 {
    hash_bytes(feature.as_bytes())
}

static OFF: AtomicBool = AtomicBool::new(false);
static OTHER: OnceLock<CheckWeights> = OnceLock::new();

/// Leaves entities as the rules gave them for the rest of the process (to score the
/// pipeline without the check, and to build its training data).
pub fn turn_off() {
    OFF.store(true, Ordering::Relaxed);
}

/// Checks with these weights instead of the shipped ones for the rest of the process
/// (`newsdex analyze --entity-check`, to score weights trained without a fold).
pub fn use_weights(text: &str) -> Result<(), CheckWeightsError> {
    let w = CheckWeights::from_tsv(text)?;
    OTHER.set(w).map_err(|_| CheckWeightsError {
        line: 0,
        what: "weights were set already".into(),
    })
}

fn active() -> Option<&'static CheckWeights> {
    static SHIPPED_WEIGHTS: LazyLock<CheckWeights> = LazyLock::new(|| {
        CheckWeights::from_tsv(SHIPPED).expect("the entity check weights built in are valid")
    });
    if OFF.load(Ordering::Relaxed) {
        return None;
    }
    Some(OTHER.get().unwrap_or_else(|| &SHIPPED_WEIGHTS))
}

/// Revises an article's entities: each keeps its type, takes the one the classifier
/// prefers, or is dropped with its mentions; entities that end with the same type and
/// name become one (mentions and aliases added up, the first keeps its place). `toks` is
/// `tokenize(body)`, shared with the tagger and the rules.
pub fn revise(
    body: &str,
    toks: &[Token],
    entities: &mut Vec<Entity>,
    mentions: &mut Vec<EntityMention>,
) {
    if let Some(w) = active() {
        revise_with(w, body, toks, entities, mentions);
    }
}

/// `revise` with these weights.
pub fn revise_with(
    w: &CheckWeights,
    body: &str,
    toks: &[Token],
    entities: &mut Vec<Entity>,
    mentions: &mut Vec<EntityMention>,
) {
    let open: Vec<bool> = protected(entities, mentions).iter().map(|k| !k).collect();
    let mut labels: Vec<usize> = entities.iter().map(|e| type_position(e.kind)).collect();
    // One entity's features at a time: an article of thousands of names stays small.
    // Entities a rule is sure of are left alone, so their features are not computed.
    for_each_features(body, toks, entities, mentions, &open, |i, f| {
        labels[i] = w.decide(entities[i].kind, &f);
    });
    let mut index = vec![usize::MAX; entities.len()];
    let mut out: Vec<Entity> = Vec::with_capacity(entities.len());
    let mut at: HashMap<(EntityType, String), usize> = HashMap::new();
    for (i, (mut e, label)) in entities.drain(..).zip(labels).enumerate() {
        if label == NONE {
            continue;
        }
        e.kind = TYPES[label];
        match at.entry((e.kind, e.name.to_ascii_lowercase())) {
            Entry::Occupied(slot) => {
                let j = *slot.get();
                let kept = &mut out[j];
                kept.mentions += e.mentions;
                for a in std::iter::once(e.name).chain(e.aliases) {
                    let known = a == kept.name || kept.aliases.contains(&a);
                    if !known && kept.aliases.len() < MAX_ALIASES {
                        kept.aliases.push(a);
                    }
                }
                index[i] = j;
            }
            Entry::Vacant(slot) => {
                slot.insert(out.len());
                index[i] = out.len();
                out.push(e);
            }
        }
    }
    *entities = out;
    mentions.retain_mut(|m| match index.get(m.entity) {
        Some(&j) if j != usize::MAX => {
            m.entity = j;
            true
        }
        _ => false,
    });
}

/// Which entities the check leaves alone: those with a mention whose type is certain or
/// backed by evidence (a gazetteer name, a domain, a legal suffix, a line-up), and those
/// the training articles' annotators agreed the type of (`known_types.tsv`).
pub fn protected(entities: &[Entity], mentions: &[EntityMention]) -> Vec<bool> {
    let g = Gazetteer::get();
    let mut out: Vec<bool> = entities
        .iter()
        .map(|e| g.known_type(&e.name).is_some())
        .collect();
    for m in mentions.iter().filter(|m| m.certain) {
        if let Some(p) = out.get_mut(m.entity) {
            *p = true;
        }
    }
    out
}

/// The features of each entity of an article, as the classifier reads them.
pub fn features(body: &str, entities: &[Entity], mentions: &[EntityMention]) -> Vec<Vec<String>> {
    let mut out = Vec::with_capacity(entities.len());
    let every = vec![true; entities.len()];
    for_each_features(body, &tokenize(body), entities, mentions, &every, |_, f| {
        out.push(f)
    });
    out
}

/// Hands `each` the index and the features of every entity `wanted` marks, in order.
fn for_each_features(
    body: &str,
    toks: &[Token],
    entities: &[Entity],
    mentions: &[EntityMention],
    wanted: &[bool],
    mut each: impl FnMut(usize, Vec<String>),
) {
    if !wanted.contains(&true) {
        return;
    }
    let g = Gazetteer::get();
    let clusters = Model::shipped().clusters();
    let mut spans: Vec<Vec<(usize, usize, EntityType)>> = vec![Vec::new(); entities.len()];
    for m in mentions {
        if let Some(s) = spans.get_mut(m.entity) {
            s.push((m.start, m.end, m.kind));
        }
    }
    let names: Vec<String> = entities
        .iter()
        .map(|e| {
            e.name
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .collect();
    let article = ArticleNames::new(body, toks, &names);
    for (i, ((e, s), name)) in entities.iter().zip(&spans).zip(&names).enumerate() {
        if !wanted.get(i).copied().unwrap_or(false) {
            continue;
        }
        let mut f = entity_features(body, toks, g, clusters, e, s);
        article.features(name, &mut f);
        each(i, f);
    }
}

/// Names longer than this many words are not looked for inside other names.
const MAX_NAME_WORDS: usize = 8;

/// What the rest of an article says about its entities' names (lower case), computed
/// once per article in time linear in the text and the names.
struct ArticleNames<'a> {
    /// Words the article writes in lower case, by `hash_bytes` (hashed once each).
    lower_words: HashSetU64,
    /// Every name.
    names: HashSet<&'a str>,
    /// Every run of whole words inside a longer name.
    parts: HashSet<String>,
}

impl<'a> ArticleNames<'a> {
    fn new(body: &'a str, toks: &[Token], names: &'a [String]) -> Self {
        let lower_words = toks
            .iter()
            .map(|t| &body[t.start..t.end])
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .map(|w| hash_bytes(w.as_bytes()))
            .collect();
        let mut parts = HashSet::new();
        for name in names {
            let words: Vec<&str> = name.split(' ').collect();
            if words.len() > MAX_NAME_WORDS {
                continue;
            }
            for a in 0..words.len() {
                for b in a + 1..=words.len() {
                    if b - a < words.len() {
                        parts.insert(words[a..b].join(" "));
                    }
                }
            }
        }
        ArticleNames {
            lower_words,
            names: names.iter().map(String::as_str).collect(),
            parts,
        }
    }

    /// The features of one name: each of its words written in lower case elsewhere
    /// ("closures"), the name inside a longer one, a shorter one inside it.
    fn features(&self, name: &str, f: &mut Vec<String>) {
        let words: Vec<&str> = name.split(' ').collect();
        let lowered = name.chars().any(char::is_alphabetic)
            && words
                .iter()
                .all(|w| self.lower_words.contains(&hash_bytes(w.as_bytes())));
        if lowered {
            f.push("lowered".into());
        }
        if self.parts.contains(name) {
            f.push("inside_other".into());
        }
        let holds = words.len() <= MAX_NAME_WORDS
            && (0..words.len()).any(|a| {
                (a + 1..=words.len()).any(|b| {
                    b - a < words.len() && self.names.contains(words[a..b].join(" ").as_str())
                })
            });
        if holds {
            f.push("holds_other".into());
        }
    }
}

/// A word as a feature: lower case, digits as 0, at most `MAX_WORD` characters.
fn word_feature(w: &str) -> String {
    w.chars()
        .take(MAX_WORD)
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect::<String>()
        .to_lowercase()
}

/// The collapsed shape of a name: runs of capitals X, of lower case x, of digits d.
fn shape(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_alphabetic() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_whitespace() {
            '_'
        } else {
            c
        };
        if !out.ends_with(s) {
            out.push(s);
        }
    }
    out
}

/// The word before a mention ("<s>" at the start of a sentence or paragraph) and the
/// word after it ("</s>" at the end of the text).
fn neighbours<'a>(body: &'a str, toks: &[Token], start: usize, end: usize) -> (&'a str, &'a str) {
    let i = toks.partition_point(|t| t.end <= start);
    let left = match i.checked_sub(1).map(|k| toks[k]) {
        None => "<s>",
        Some(t) if body[t.end..start].contains("\n\n") => "<s>",
        Some(t) => match &body[t.start..t.end] {
            "." | "!" | "?" => "<s>",
            w => w,
        },
    };
    let j = toks.partition_point(|t| t.start < end);
    let right = toks.get(j).map_or("</s>", |t| &body[t.start..t.end]);
    (left, right)
}

fn cluster_features(
    out: &mut Vec<String>,
    clusters: &ClusterTable,
    word: &str,
    slot: &str,
    ty: &str,
) {
    let ids = clusters.get(
        ClusterTable::key(word),
        ClusterTable::key(&word.to_lowercase()),
    );
    if ids == UNKNOWN {
        out.push(format!("c{slot}=?"));
        return;
    }
    for (k, id) in ids.iter().enumerate() {
        out.push(format!("c{k}{slot}={id}"));
    }
    out.push(format!("tc1{slot}={ty}|{}", ids[1]));
}

fn entity_features(
    body: &str,
    toks: &[Token],
    g: &Gazetteer,
    clusters: &ClusterTable,
    e: &Entity,
    spans: &[(usize, usize, EntityType)],
) -> Vec<String> {
    let ty = e.kind.as_str();
    let lower = e.name.to_lowercase();
    let words: Vec<&str> = e.name.split_whitespace().collect();
    let first = words.first().copied().unwrap_or("");
    let last = words.last().copied().unwrap_or("");
    let mut f = vec!["b".to_string(), format!("t={ty}")];
    f.push(format!("n={}", lower.replace(' ', "_")));
    for w in &words {
        f.push(format!("w={}", word_feature(w)));
    }
    f.push(format!("f={}", word_feature(first)));
    f.push(format!("l={}", word_feature(last)));
    f.push(format!("tl={ty}|{}", word_feature(last)));
    let len = words.len().min(5);
    f.push(format!("len={len}"));
    f.push(format!("tlen={ty}|{len}"));
    let m = e.mentions.min(5);
    f.push(format!("m={m}"));
    f.push(format!("tm={ty}|{m}"));
    let sh = shape(&e.name);
    f.push(format!("tsh={ty}|{sh}"));
    f.push(format!("sh={sh}"));
    f.push(format!("al={}", e.aliases.len().min(3)));
    let mut initial = 0;
    let mut votes = [false; 4];
    for &(_, _, kind) in spans {
        votes[type_position(kind)] = true;
    }
    for (k, _) in votes.iter().enumerate().filter(|(_, v)| **v) {
        if k != type_position(e.kind) {
            f.push(format!("tmk={ty}|{}", LABELS[k]));
        }
    }
    for &(start, end, _) in spans.iter().take(MAX_MENTIONS) {
        let (left, right) = neighbours(body, toks, start, end);
        initial += usize::from(left == "<s>");
        let (left, right) = (word_feature(left), word_feature(right));
        f.push(format!("tL={ty}|{left}"));
        f.push(format!("tR={ty}|{right}"));
        f.push(format!("L={left}"));
        f.push(format!("R={right}"));
    }
    let seen = spans.len().min(MAX_MENTIONS);
    f.push(
        match initial {
            0 => "init=none",
            n if n == seen => "init=all",
            _ => "init=some",
        }
        .to_string(),
    );
    if let Some((kind, _)) = g.lookup(&e.name) {
        f.push(format!("g={}", kind.as_str()));
    }
    if g.is_company(&e.name) {
        f.push("gco".into());
    }
    if g.work(&e.name).is_some() {
        f.push("gwork".into());
    }
    if words.len() > 1 && g.is_given_name(first) {
        f.push("given".into());
    }
    if words.len() == 1 && g.is_common(&lower) {
        f.push("common".into());
    }
    if g.lists_person(last) {
        f.push("people".into());
    }
    let lower_words = words
        .iter()
        .filter(|w| Model::shipped().usually_lower_case(w))
        .count();
    f.push(format!(
        "lc={}",
        match lower_words {
            0 => "none",
            n if n == words.len() => "all",
            _ => "some",
        }
    ));
    if e.name.chars().any(|c| c.is_ascii_digit()) {
        f.push("digit".into());
    }
    cluster_features(&mut f, clusters, first, "f", ty);
    if words.len() > 1 {
        cluster_features(&mut f, clusters, last, "l", ty);
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_read_with_their_margin() {
        let w = CheckWeights::from_tsv("# c\n!margin\t1.5\nt=PER\t1\t0\t0\t0\t3\n").unwrap();
        assert_eq!(w.margin, 1.5);
        let f = vec!["t=PER".to_string(), "unknown".to_string()];
        assert_eq!(w.scores(&f), [1.0, 0.0, 0.0, 0.0, 3.0]);
        // NONE beats PER by 2 > 1.5.
        assert_eq!(w.decide(EntityType::Per, &f), NONE);
        let strict = CheckWeights::from_tsv("!margin\t2.5\nt=PER\t1\t0\t0\t0\t3\n").unwrap();
        assert_eq!(strict.decide(EntityType::Per, &f), 0);
    }

    #[test]
    fn a_bad_weights_row_is_an_error_naming_its_line() {
        let e = CheckWeights::from_tsv("!margin\t1\nx\t1\t2\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(CheckWeights::from_tsv("!margin\tmany\n").is_err());
    }

    #[test]
    fn the_shipped_weights_are_valid() {
        assert!(CheckWeights::from_tsv(SHIPPED).is_ok());
    }

    fn mention(start: usize, end: usize, entity: usize, certain: bool) -> EntityMention {
        EntityMention {
            start,
            end,
            entity,
            kind: EntityType::Misc,
            certain,
        }
    }

    #[test]
    fn revising_drops_retypes_and_merges_and_keeps_the_mentions_in_step() {
        // Any MISC entity is no entity; any LOC one an organisation.
        let w = CheckWeights::from_tsv("!margin\t1\nt=MISC\t0\t0\t0\t0\t5\nt=LOC\t0\t5\t0\t0\t0\n")
            .unwrap();
        let body = "Closures hit Acme. Acme Corp said ACME would grow.";
        let mut es = vec![
            Entity::new(EntityType::Misc, "Closures", 1),
            Entity::new(EntityType::Org, "Acme", 2),
            Entity::new(EntityType::Loc, "ACME", 1),
        ];
        let mut ms = vec![
            mention(0, 8, 0, false),
            mention(13, 17, 1, false),
            mention(19, 23, 1, false),
            mention(33, 37, 2, false),
        ];
        revise_with(&w, body, &tokenize(body), &mut es, &mut ms);
        assert_eq!(es.len(), 1, "{es:?}");
        assert_eq!(
            (es[0].kind, es[0].name.as_str(), es[0].mentions),
            (EntityType::Org, "Acme", 3)
        );
        assert_eq!(es[0].aliases, ["ACME"]);
        let at: Vec<(usize, usize)> = ms.iter().map(|m| (m.start, m.entity)).collect();
        assert_eq!(at, [(13, 0), (19, 0), (33, 0)]);
    }

    #[test]
    fn an_entity_with_a_certain_mention_is_left_alone() {
        let w = CheckWeights::from_tsv("!margin\t1\nb\t0\t0\t0\t0\t5\n").unwrap();
        let body = "See dec.org.uk and Splash.";
        let mut es = vec![
            Entity::new(EntityType::Org, "dec.org.uk", 1),
            Entity::new(EntityType::Misc, "Splash", 1),
        ];
        let mut ms = vec![mention(4, 14, 0, true), mention(19, 25, 1, false)];
        revise_with(&w, body, &tokenize(body), &mut es, &mut ms);
        let names: Vec<&str> = es.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["dec.org.uk"]);
        assert_eq!(ms.len(), 1);
    }

    #[test]
    fn the_margin_keeps_a_type_that_is_nearly_as_good() {
        let w = CheckWeights::from_tsv("!margin\t3\nt=PER\t1\t3\t0\t0\t0\n").unwrap();
        let f = vec!["t=PER".to_string()];
        assert_eq!(w.decide(EntityType::Per, &f), 0);
    }

    #[test]
    fn neighbours_see_sentence_starts_and_the_text_end() {
        let body = "Talks ended. Vodafone said it grew.\n\nNokia";
        let toks = tokenize(body);
        let at = body.find("Vodafone").unwrap();
        assert_eq!(neighbours(body, &toks, at, at + 8), ("<s>", "said"));
        let n = body.find("Nokia").unwrap();
        assert_eq!(neighbours(body, &toks, n, n + 5), ("<s>", "</s>"));
    }

    #[test]
    fn the_shape_collapses_runs() {
        assert_eq!(shape("Tony Blair"), "Xx_Xx");
        assert_eq!(shape("BBC Radio 4"), "X_Xx_d");
    }
}
