//! What a cluster holds: one JSON document per article (`RemoteDoc`, built from the
//! article view that `newsdex show` prints), the Elasticsearch/OpenSearch index mapping
//! that mirrors newsdex's schema, and the same schema as a Quickwit index config.
//!
//! The searched body is the array of the article's passages: with a position gap of
//! `PASSAGE_GAP` between array values a phrase or proximity never spans two passages,
//! as in the local index. The whole body is kept beside it (`text`, not indexed) with
//! the passages' character spans, so results are cut and highlighted as locally.

use crate::analyze::near_dup::Sketch;
use crate::index::aliases::EntityAliases;
use crate::search::lookup::ArticleView;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The position gap between passages (the local index strides passages 1024 apart).
pub const PASSAGE_GAP: u32 = 1024;

/// One entity of an article, as pushed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteEntity {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub mentions: usize,
}

/// One canonical entity of an article (its names the corpus-wide aliases join, counted
/// once): what `newsdex entities --remote` aggregates, as a nested document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityCountDoc {
    /// The canonical typed term, "per:tony blair".
    pub term: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// The name printed for it: the alias table's display name, or the article's.
    pub name: String,
    /// The names the article gives it ("Blair", "Tony Blair").
    pub forms: Vec<String>,
    /// Its mentions in the article, over every form.
    pub mentions: usize,
}

/// One article as a cluster document. Field names are the remote schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteDoc {
    pub article_id: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    /// The outlet as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// The outlet's filter key (lower case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet_key: Option<String>,
    /// The article's calendar day (`YYYY-MM-DD`), what date filters and histograms read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The date as newsdex read it (with time and zone when the source gave them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The first passage (ranked a little above the rest, as locally).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// The passages, searched.
    #[serde(default)]
    pub body: Vec<String>,
    /// The whole body as indexed (paragraphs separated by a blank line), stored only.
    #[serde(default)]
    pub text: String,
    /// Character offsets of each passage in `text`.
    #[serde(default)]
    pub passage_starts: Vec<usize>,
    #[serde(default)]
    pub passage_ends: Vec<usize>,
    /// Entity filter terms, canonical (the corpus-wide aliases resolved): lower-case
    /// type and name key, "per:tony blair" for an article that says "Mr Blair".
    #[serde(default)]
    pub entity: Vec<String>,
    /// The canonical entities' name keys, whatever their type ("tony blair"): what
    /// stats counts.
    #[serde(default)]
    pub entity_name: Vec<String>,
    /// The entity terms as the article writes them ("per:blair").
    #[serde(default)]
    pub entity_surface: Vec<String>,
    /// The surface terms that are aliases of another term ("per:blair")...
    #[serde(default)]
    pub entity_alias: Vec<String>,
    /// ...and where each leads ("per:blair>per:tony blair"): how `--remote` resolves
    /// a name of the query to its canonical term without the local index.
    #[serde(default)]
    pub entity_link: Vec<String>,
    /// One nested document per canonical entity, for `entities --remote`.
    #[serde(default)]
    pub entity_counts: Vec<EntityCountDoc>,
    /// The entity types the article names ("PER", ...).
    #[serde(default)]
    pub entity_type: Vec<String>,
    #[serde(default)]
    pub entities: Vec<RemoteEntity>,
    /// Cited-source filter terms: kind and name key, "outlet:bloomberg".
    #[serde(default)]
    pub cited: Vec<String>,
    /// The cited sources' name keys ("bloomberg"): what `stats --by cited` counts.
    #[serde(default)]
    pub cited_name: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authors: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The id of the first article (by date, then id) of the story this one is a copy
    /// of; its own id when it is no copy.
    #[serde(default)]
    pub cluster: String,
    /// The near-duplicate sketch, four 64-bit words in hex.
    #[serde(default)]
    pub sketch: Vec<String>,
}

impl RemoteDoc {
    /// The document of one article; `cluster` is its story's id, `aliases` the index's
    /// corpus-wide entity aliases (the pushed entity terms are canonical).
    pub fn new(
        view: &ArticleView,
        sketch: &Sketch,
        cluster: &str,
        aliases: &EntityAliases,
    ) -> RemoteDoc {
        let mut counts: BTreeMap<String, EntityCountDoc> = BTreeMap::new();
        let mut surface = BTreeSet::new();
        let mut links = BTreeSet::new();
        let terms: Vec<String> = view
            .entities
            .iter()
            .map(|e| crate::index::document::entity_term(e.kind, &e.name))
            .collect();
        for (e, term) in view.entities.iter().zip(terms.iter().cloned()) {
            let kind = e.kind;
            let canonical = aliases.canonical_in(&term, &terms).to_string();
            if canonical != term {
                links.insert((term.clone(), canonical.clone()));
            }
            // A name no article has as an entity of its own ("per:blair") leads a query
            // to it too.
            for asked in aliases.asked_for(&canonical) {
                links.insert((asked.clone(), canonical.clone()));
            }
            surface.insert(term);
            let c = counts
                .entry(canonical.clone())
                .or_insert_with(|| EntityCountDoc {
                    name: aliases.name_for(&canonical, &e.name),
                    term: canonical,
                    kind: kind.as_str().to_string(),
                    forms: Vec::new(),
                    mentions: 0,
                });
            c.mentions += e.mentions;
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                if !c.forms.contains(name) {
                    c.forms.push(name.clone());
                }
            }
        }
        let entity: Vec<String> = counts.keys().cloned().collect();
        let entity_name: Vec<String> = entity
            .iter()
            .filter_map(|t| crate::index::document::decode_entity_term(t).map(|(_, n)| n))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(str::to_string)
            .collect();
        let entity_counts: Vec<EntityCountDoc> = counts
            .into_values()
            .map(|mut c| {
                c.forms.sort();
                c
            })
            .collect();
        let mut entity_type: Vec<String> = view
            .entities
            .iter()
            .map(|e| e.kind.as_str().to_string())
            .collect();
        entity_type.sort();
        entity_type.dedup();
        let mut cited: Vec<String> = view
            .citations
            .iter()
            .filter_map(|c| {
                crate::model::CitationKind::parse(&c.kind)
                    .map(|k| crate::index::document::cite_term(k, &c.source))
            })
            .collect();
        cited.sort();
        cited.dedup();
        let mut cited_name: Vec<String> = view
            .citations
            .iter()
            .map(|c| crate::index::document::entity_key(&c.source))
            .collect();
        cited_name.sort();
        cited_name.dedup();
        RemoteDoc {
            article_id: view.article_id.clone(),
            path: view.path.clone(),
            locator: view.locator.clone(),
            outlet: view.outlet.clone(),
            outlet_key: view.outlet.as_deref().map(crate::analyze::outlet_key),
            date: view.date.as_deref().map(|d| d.chars().take(10).collect()),
            date_text: view.date.clone(),
            title: view.title.clone(),
            lead: view.passages.first().map(|p| p.text.clone()),
            body: view.passages.iter().map(|p| p.text.clone()).collect(),
            text: view.text.clone(),
            passage_starts: view.passages.iter().map(|p| p.start).collect(),
            passage_ends: view.passages.iter().map(|p| p.end).collect(),
            entity,
            entity_name,
            entity_surface: surface.into_iter().collect(),
            entity_alias: links.iter().map(|(a, _)| a.clone()).collect(),
            entity_link: links.iter().map(|(a, c)| format!("{a}>{c}")).collect(),
            entity_counts,
            entity_type,
            entities: view
                .entities
                .iter()
                .map(|e| RemoteEntity {
                    kind: e.kind.as_str().to_string(),
                    name: e.name.clone(),
                    mentions: e.mentions,
                })
                .collect(),
            cited,
            cited_name,
            authors: view.authors.clone(),
            url: view.url.clone(),
            language: view.language.clone(),
            place: view.place.clone(),
            cluster: cluster.to_string(),
            sketch: sketch.0.iter().map(|w| format!("{w:016x}")).collect(),
        }
    }

    /// The document as one line of JSON.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).expect("a document serialises")
    }
}

/// The fields searched as English text (stemmed, with positions).
pub const TEXT_FIELDS: &[&str] = &["title", "lead", "body"];
/// The fields filtered on exactly.
pub const KEYWORD_FIELDS: &[&str] = &[
    "article_id",
    "path",
    "locator",
    "outlet",
    "outlet_key",
    "date_text",
    "entity",
    "entity_name",
    "entity_surface",
    "entity_alias",
    "entity_link",
    "entity_type",
    "cited",
    "cited_name",
    "url",
    "language",
    "place",
    "cluster",
    "sketch",
];

/// The index settings and mapping for Elasticsearch and OpenSearch.
pub fn index_body() -> Value {
    let english = |gap: Option<u32>| {
        let mut m = json!({"type": "text", "analyzer": "english", "index_options": "positions"});
        if let Some(g) = gap {
            m["position_increment_gap"] = json!(g);
        }
        m
    };
    let mut props = serde_json::Map::new();
    props.insert("title".into(), english(None));
    props.insert("lead".into(), english(None));
    props.insert("body".into(), english(Some(PASSAGE_GAP)));
    for k in KEYWORD_FIELDS {
        props.insert((*k).into(), json!({"type": "keyword"}));
    }
    props.insert(
        "date".into(),
        json!({"type": "date", "format": "strict_date_optional_time"}),
    );
    props.insert("text".into(), json!({"type": "text", "index": false}));
    props.insert("authors".into(), json!({"type": "text"}));
    for k in ["passage_starts", "passage_ends"] {
        props.insert(k.into(), json!({"type": "integer", "index": false}));
    }
    props.insert(
        "entity_counts".into(),
        json!({"type": "nested", "properties": {
            "term": {"type": "keyword"},
            "type": {"type": "keyword"},
            "name": {"type": "keyword"},
            "forms": {"type": "keyword"},
            "mentions": {"type": "integer"}
        }}),
    );
    props.insert(
        "entities".into(),
        json!({"properties": {
            "type": {"type": "keyword"},
            "name": {"type": "keyword"},
            "mentions": {"type": "integer"}
        }}),
    );
    json!({
        "settings": {"number_of_shards": 1},
        "mappings": {"dynamic": "strict", "properties": Value::Object(props)}
    })
}

/// The Quickwit index config (YAML) for index `index_id`: the same fields, text with
/// the stemming `en_stem` tokenizer and positions, date and outlet as fast fields.
pub fn quickwit_config(index_id: &str) -> String {
    let mut y = String::new();
    y.push_str("# Quickwit index config written by `newsdex push --quickwit-config`.\n");
    y.push_str("# Create the index:  quickwit index create --index-config THIS_FILE\n");
    y.push_str(
        "# then push:         newsdex push http://HOST:7280/api/v1/_elastic --remote-index ",
    );
    y.push_str(index_id);
    y.push_str("\nversion: 0.8\n");
    y.push_str(&format!("index_id: {index_id}\n"));
    y.push_str("doc_mapping:\n  mode: strict\n  timestamp_field: date\n  field_mappings:\n");
    let text = |name: &str| {
        format!(
            "    - name: {name}\n      type: text\n      tokenizer: en_stem\n      record: position\n      stored: true\n"
        )
    };
    let keyword = |name: &str, fast: bool| {
        format!(
            "    - name: {name}\n      type: text\n      tokenizer: raw\n      stored: true\n{}",
            if fast { "      fast: true\n" } else { "" }
        )
    };
    y.push_str(&keyword("article_id", false));
    y.push_str(&keyword("path", false));
    y.push_str(&keyword("locator", false));
    y.push_str(&keyword("outlet", false));
    y.push_str(&keyword("outlet_key", true));
    y.push_str(
        "    - name: date\n      type: datetime\n      input_formats: [\"%Y-%m-%d\", rfc3339]\n      fast: true\n      fast_precision: seconds\n      stored: true\n",
    );
    y.push_str(&keyword("date_text", false));
    y.push_str(&text("title"));
    y.push_str(&text("lead"));
    y.push_str(
        "    - name: body\n      type: array<text>\n      tokenizer: en_stem\n      record: position\n      stored: true\n",
    );
    y.push_str("    - name: text\n      type: text\n      indexed: false\n      stored: true\n");
    for k in ["passage_starts", "passage_ends"] {
        y.push_str(&format!(
            "    - name: {k}\n      type: array<u64>\n      indexed: false\n      stored: true\n"
        ));
    }
    for k in [
        "entity",
        "entity_name",
        "entity_surface",
        "entity_alias",
        "entity_link",
        "entity_type",
        "cited",
        "cited_name",
        "sketch",
    ] {
        y.push_str(&format!(
            "    - name: {k}\n      type: array<text>\n      tokenizer: raw\n      stored: true\n{}",
            if k == "sketch" { "" } else { "      fast: true\n" }
        ));
    }
    // Quickwit has no nested documents: the per-entity counts are stored only
    // (`entities --remote` is refused there).
    for k in ["entities", "entity_counts"] {
        y.push_str(&format!(
            "    - name: {k}\n      type: array<json>\n      stored: true\n      indexed: false\n"
        ));
    }
    y.push_str(
        "    - name: authors\n      type: text\n      tokenizer: default\n      stored: true\n",
    );
    for k in ["url", "place", "cluster"] {
        y.push_str(&keyword(k, false));
    }
    y.push_str(&keyword("language", true));
    y.push_str("search_settings:\n  default_search_fields: [title, body]\n");
    y
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityType;
    use crate::search::lookup::{EntityView, PassageView};

    fn view() -> ArticleView {
        ArticleView {
            article_id: "00000000000000ff".into(),
            path: "a.txt".into(),
            locator: None,
            outlet: Some("Baltic  Wire".into()),
            date: Some("2024-04-08T09:30:00Z".into()),
            title: Some("Drones".into()),
            authors: None,
            url: None,
            language: Some("en".into()),
            place: None,
            entities: vec![EntityView {
                kind: EntityType::Per,
                name: "Carl Bildt".into(),
                mentions: 2,
                aliases: Vec::new(),
            }],
            citations: Vec::new(),
            passages: vec![
                PassageView {
                    ordinal: 0,
                    start: 0,
                    end: 3,
                    text: "One".into(),
                },
                PassageView {
                    ordinal: 1,
                    start: 5,
                    end: 8,
                    text: "Two".into(),
                },
            ],
            text: "One\n\nTwo".into(),
        }
    }

    #[test]
    fn a_document_carries_what_newsdex_derived() {
        let d = RemoteDoc::new(
            &view(),
            &Sketch([1, 2, 3, 4]),
            "00000000000000ff",
            &EntityAliases::default(),
        );
        assert_eq!(d.outlet_key.as_deref(), Some("baltic wire"));
        assert_eq!(d.date.as_deref(), Some("2024-04-08"));
        assert_eq!(d.entity, vec!["per:carl bildt"]);
        assert_eq!(d.entity_type, vec!["PER"]);
        assert_eq!(d.body, vec!["One", "Two"]);
        assert_eq!(
            (&d.passage_starts, &d.passage_ends),
            (&vec![0, 5], &vec![3, 8])
        );
        assert_eq!(d.lead.as_deref(), Some("One"));
        let back: RemoteDoc = serde_json::from_str(&d.to_line()).unwrap();
        assert_eq!(back.article_id, "00000000000000ff");
    }

    #[test]
    fn a_surname_only_asked_for_goes_out_as_a_link_to_its_entity() {
        let mut v = view();
        v.entities[0].name = "Tony Blair".into();
        let dir = tempfile::tempdir().unwrap();
        let table = json!({"to": {}, "display": {}, "asked": "per:blair\tper:tony blair\n"});
        std::fs::write(dir.path().join("a.json"), table.to_string()).unwrap();
        let aliases = EntityAliases::read(dir.path(), "a.json").unwrap();
        let d = RemoteDoc::new(&v, &Sketch([0; 4]), "x", &aliases);
        assert_eq!(d.entity, ["per:tony blair"]);
        assert_eq!(d.entity_alias, ["per:blair"]);
        assert_eq!(d.entity_link, ["per:blair>per:tony blair"]);
    }

    #[test]
    fn entity_terms_go_out_canonical_with_the_links_followed() {
        let mut v = view();
        v.entities.push(EntityView {
            kind: EntityType::Per,
            name: "Bildt".into(),
            mentions: 1,
            aliases: Vec::new(),
        });
        let aliases: EntityAliases = serde_json::from_value(json!({
            "to": {"per:bildt": "per:carl bildt"},
            "display": {"per:carl bildt": "Carl Bildt"}
        }))
        .unwrap();
        let d = RemoteDoc::new(&v, &Sketch([0; 4]), "x", &aliases);
        assert_eq!(d.entity, ["per:carl bildt"]);
        assert_eq!(d.entity_name, ["carl bildt"]);
        assert_eq!(d.entity_surface, ["per:bildt", "per:carl bildt"]);
        assert_eq!(d.entity_alias, ["per:bildt"]);
        assert_eq!(d.entity_link, ["per:bildt>per:carl bildt"]);
        assert_eq!(d.entity_counts.len(), 1, "one canonical entity");
        let c = &d.entity_counts[0];
        assert_eq!((c.name.as_str(), c.mentions), ("Carl Bildt", 3));
        assert_eq!(c.forms, ["Bildt", "Carl Bildt"]);
        // Without the alias the two names are two entities.
        let plain = RemoteDoc::new(&v, &Sketch([0; 4]), "x", &EntityAliases::default());
        assert_eq!(plain.entity, ["per:bildt", "per:carl bildt"]);
        assert!(plain.entity_link.is_empty());
    }

    #[test]
    fn the_mapping_names_every_document_field() {
        let d = serde_json::to_value(RemoteDoc::new(
            &view(),
            &Sketch([0; 4]),
            "x",
            &EntityAliases::default(),
        ))
        .unwrap();
        let body = index_body();
        let props = body["mappings"]["properties"].as_object().unwrap();
        for key in d.as_object().unwrap().keys() {
            assert!(props.contains_key(key), "{key} is not mapped");
        }
        assert_eq!(props["body"]["analyzer"], "english");
        assert_eq!(props["body"]["index_options"], "positions");
        let q = quickwit_config("news");
        for key in d.as_object().unwrap().keys() {
            assert!(
                q.contains(&format!("name: {key}\n")),
                "{key} not in Quickwit config"
            );
        }
        assert!(q.contains("tokenizer: en_stem") && q.contains("record: position"));
    }
}
