//! The tantivy schema, in one place: fields, tokenizers and the versions an index is
//! stamped with. One tantivy document is one passage; article fields repeat on each.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::Index;

/// Bumped whenever fields or their options change; an index built otherwise is refused.
pub const SCHEMA_VERSION: u32 = 1;
/// The name of the passage/title analyzer, with its version: bumped when its filters change.
pub const TEXT_TOKENIZER: &str = "newsdex_en_v1";

/// English text analysis for passages and titles: words split on non-alphanumerics,
/// lower-cased, accents folded, Snowball-stemmed. Stop words are kept so that phrases
/// stay exact.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub article_id: Field,
    pub article_key: Field,
    pub path: Field,
    pub locator: Field,
    pub ordinal: Field,
    pub span_start: Field,
    pub span_end: Field,
    pub outlet: Field,
    pub outlet_key: Field,
    pub date: Field,
    pub date_text: Field,
    pub title: Field,
    pub text: Field,
    pub entity: Field,
    pub entities_json: Field,
    pub authors: Field,
    pub url: Field,
    pub language: Field,
    pub place: Field,
}

/// Builds the schema and the handles of its fields.
pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text_opts = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TEXT_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let date_opts = DateOptions::from(tantivy::schema::INDEXED)
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    let u64_stored_fast = NumericOptions::default().set_stored().set_fast();
    let fields = Fields {
        article_id: b.add_text_field("article_id", STRING | STORED),
        article_key: b.add_u64_field("article_key", FAST),
        path: b.add_text_field("path", STRING | STORED),
        locator: b.add_text_field("locator", STORED),
        ordinal: b.add_u64_field("ordinal", u64_stored_fast),
        span_start: b.add_u64_field("span_start", STORED),
        span_end: b.add_u64_field("span_end", STORED),
        outlet: b.add_text_field("outlet", STORED),
        outlet_key: b.add_text_field("outlet_key", STRING | STORED | FAST),
        date: b.add_date_field("date", date_opts),
        date_text: b.add_text_field("date_text", STORED),
        title: b.add_text_field("title", text_opts.clone()),
        text: b.add_text_field("text", text_opts),
        entity: b.add_text_field("entity", STRING | FAST),
        entities_json: b.add_text_field("entities_json", STORED),
        authors: b.add_text_field("authors", STORED),
        url: b.add_text_field("url", STORED),
        language: b.add_text_field("language", STRING | STORED),
        place: b.add_text_field("place", STORED),
    };
    (b.build(), fields)
}

/// Looks up the fields of an opened index's schema by name.
pub fn fields_of(schema: &Schema) -> Option<Fields> {
    let f = |name: &str| schema.get_field(name).ok();
    Some(Fields {
        article_id: f("article_id")?,
        article_key: f("article_key")?,
        path: f("path")?,
        locator: f("locator")?,
        ordinal: f("ordinal")?,
        span_start: f("span_start")?,
        span_end: f("span_end")?,
        outlet: f("outlet")?,
        outlet_key: f("outlet_key")?,
        date: f("date")?,
        date_text: f("date_text")?,
        title: f("title")?,
        text: f("text")?,
        entity: f("entity")?,
        entities_json: f("entities_json")?,
        authors: f("authors")?,
        url: f("url")?,
        language: f("language")?,
        place: f("place")?,
    })
}

/// Registers newsdex's analyzers on an index (needed after every open).
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(TEXT_TOKENIZER, text_analyzer());
}

/// The terms an entity is indexed under: its name, and its name qualified by type
/// ("carl bildt", "per:carl bildt"), lower-cased.
pub fn entity_terms(kind: crate::model::EntityType, name: &str) -> [String; 2] {
    let key = entity_key(name);
    [format!("{}:{key}", kind.as_str().to_lowercase()), key]
}

/// The lower-case, single-spaced key of an entity name.
pub fn entity_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The u64 form of an article id (its 16 hex digits), kept as a fast field to collapse
/// passages to articles.
pub fn article_key(id: &str) -> u64 {
    u64::from_str_radix(id, 16).unwrap_or_else(|_| {
        let h = blake3::hash(id.as_bytes());
        u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
    })
}
