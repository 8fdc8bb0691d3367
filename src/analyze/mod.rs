//! Analysis: turns what a reader found (`RawArticle`) into an indexable `Article`:
//! dateline, date, outlet, passages, entities, language. Pure functions, no I/O.

pub mod citations;
pub mod date;
pub mod dateline;
pub mod entities;
pub mod entity_check;
pub mod gazetteer;
pub mod language;
pub mod lists;
pub mod national;
pub mod near_dup;
pub mod ner;
pub mod outlets;
pub mod passages;
pub mod respell;

use crate::model::{Article, Entity, EntityType, RawArticle, Source};

/// Bumped when analysis changes what it makes of the same file (datelines, passages,
/// entity rules, language detection, the Markdown reader); with the fingerprints of the
/// entity model and the entity check's weights it is recorded in every index.
pub const ANALYSIS_VERSION: u32 = 39;

/// `analysis v1, ner 1a2b3c4d5e6f, check 0a1b2c3d4e5f`: what an index's passages and
/// entities were made by. The fingerprints are computed when newsdex is built
/// (`build.rs`), so that opening an index reads neither file.
pub fn analysis_version() -> &'static str {
    static V: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let model = env!("NEWSDEX_NER_MODEL_HASH");
        let check = env!("NEWSDEX_ENTITY_CHECK_HASH");
        format!("analysis v{ANALYSIS_VERSION}, ner {model}, check {check}")
    });
    &V
}

/// The normalised key an outlet is filtered by: lower case, single spaces, no `www.`.
pub fn outlet_key(name: &str) -> String {
    let lower = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    lower.strip_prefix("www.").unwrap_or(&lower).to_string()
}

/// A stable article id: the same for the same file and record on every run.
pub fn article_id(path: &str, locator: Option<&str>) -> String {
    let mut h = blake3::Hasher::new();
    h.update(path.as_bytes());
    h.update(b"\0");
    h.update(locator.unwrap_or("").as_bytes());
    h.finalize().to_hex()[..16].to_string()
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
}

/// Adds the entities the source lists itself (under their canonical names) to those
/// found in the text; one found already keeps its mention count, a new one counts one.
fn merge_listed(mut found: Vec<Entity>, listed: Vec<(EntityType, String)>) -> Vec<Entity> {
    for (kind, name) in listed {
        let name = entities::canonical_name_as(kind, &name);
        let known = found
            .iter()
            .any(|e| e.kind == kind && e.name.eq_ignore_ascii_case(&name));
        if !known && !name.is_empty() {
            found.push(Entity::new(kind, name, 1));
        }
    }
    found
}

/// The place a dateline given on its own names: "SALVADOR, Feb 26 -" and
/// "NASHVILLE, Tenn., March 4 -" name SALVADOR and NASHVILLE.
fn dateline_place(d: &str) -> Option<String> {
    if let Some(place) = dateline::parse_dateline(d).and_then(|x| x.place) {
        return Some(place);
    }
    let head = d
        .split([',', '-', '—', '–', '('])
        .next()
        .unwrap_or("")
        .trim();
    (!head.is_empty() && head.chars().count() <= 40).then(|| head.to_string())
}

/// Loads what analysis shares between articles (the tagger's weights, the gazetteers and
/// name tables, the patterns) by analysing a short built-in article, so that the first
/// file analysed is not charged for it (the indexer's per-file time budget).
pub fn warm_up() {
    analyze(RawArticle {
        path: "warm-up.txt".into(),
        title: Some("Talks resume".into()),
        body: "LONDON, March 3 (Reuters) - Mr Tony Blair of the Labour Party met \
               Acme Holdings Inc officials in Paris on Monday, \"to talk\", he said. \
               Blair said the European Union would decide."
            .into(),
        ..RawArticle::default()
    });
}

/// Analyses one article. The first paragraph's dateline, when there is one, gives the
/// outlet, date and place (unless the source gave them as fields) and is cut from the body.
pub fn analyze(raw: RawArticle) -> Article {
    let mut paras = passages::paragraphs(&raw.body);
    let mut outlet = non_empty(raw.outlet);
    let mut date = raw.date.as_deref().and_then(date::parse_date);
    // A dateline given apart from the body names the place and stays out of the text.
    let mut place = raw.dateline.as_deref().and_then(dateline_place);
    if let Some(first) = paras.first_mut() {
        if let Some(d) = dateline::parse_dateline(first) {
            outlet = outlet.or(d.outlet);
            date = date.or(d.date);
            place = place.or(d.place);
            *first = first[d.len..].to_string();
            if first.trim().is_empty() {
                paras.remove(0);
            }
        }
    }
    let outlet = outlet.or(non_empty(raw.folder_outlet));
    let body = paras.join("\n\n");
    // A declared language keeps its primary subtag ("en-GB" → "en"), as `--lang` takes it.
    let language = non_empty(raw.language)
        .map(|l| {
            let primary = l.split(['-', '_']).next().unwrap_or(&l);
            primary.trim().to_lowercase()
        })
        .filter(|l| !l.is_empty())
        .or_else(|| language::detect(&body).map(str::to_string));
    let outlet_for_citations = outlet.clone();
    let entities = merge_listed(
        entities::extract_entities_at(
            &body,
            entities::Setting {
                place: place.as_deref(),
                title: raw.title.as_deref(),
            },
        ),
        raw.listed_entities,
    );
    Article {
        id: article_id(&raw.path, raw.locator.as_deref()),
        source: Source {
            path: raw.path,
            locator: raw.locator,
        },
        outlet_key: outlet.as_deref().map(outlet_key),
        outlet,
        date,
        title: non_empty(raw.title),
        authors: raw
            .authors
            .into_iter()
            .filter_map(|a| non_empty(Some(a)))
            .collect(),
        url: non_empty(raw.url),
        language,
        place,
        passages: passages::split_passages(&body),
        entities,
        citations: citations::extract(&body, outlet_for_citations.as_deref(), &[]),
        sketch: near_dup::sketch(&body).0,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprints_built_in_are_the_shipped_files() {
        let hash = blake3::hash(ner::model::SHIPPED).to_hex();
        assert!(analysis_version().contains(&format!("ner {}", &hash[..12])));
        let check = include_bytes!("../../data/ner/entity_check.tsv");
        let hash = blake3::hash(check).to_hex();
        assert!(analysis_version().ends_with(&format!("check {}", &hash[..12])));
    }

    #[test]
    fn a_declared_language_keeps_its_primary_subtag() {
        let raw = RawArticle {
            path: "p.html".into(),
            body: "Ships berthed on Friday.".into(),
            language: Some("en-GB".into()),
            ..Default::default()
        };
        assert_eq!(analyze(raw).language.as_deref(), Some("en"));
    }

    #[test]
    fn listed_entities_are_merged_once() {
        let raw = RawArticle {
            path: "r.sgm".into(),
            body: "Officials in Uruguay said exports rose.".into(),
            listed_entities: vec![
                (EntityType::Loc, "Uruguay".into()),
                (EntityType::Per, "Reagan".into()),
            ],
            ..Default::default()
        };
        let a = analyze(raw);
        let named = |n: &str| a.entities.iter().filter(|e| e.name == n).count();
        assert_eq!(named("Uruguay"), 1, "{:?}", a.entities);
        assert_eq!(named("Reagan"), 1, "{:?}", a.entities);
    }
}
