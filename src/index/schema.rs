//! The tantivy schema, in one place: every field name, the fields' options, the text
//! analyzer (and the word splitter highlighting shares with it) and the versions an index
//! is stamped with. One tantivy document is one passage; article fields repeat on each.
//! How articles become documents and documents read back is `index::document`.

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

/// How text is cut into words before analysis: on every non-alphanumeric character.
/// Highlighting cuts passages with this same splitter, so that its offsets agree with the
/// index's positions.
pub fn word_splitter() -> SimpleTokenizer {
    SimpleTokenizer::default()
}

/// English text analysis for passages and titles: words split by `word_splitter`,
/// lower-cased, accents folded, Snowball-stemmed. Stop words are kept so that phrases
/// stay exact.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(word_splitter())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The name of every field, as stored in the index's schema.
pub mod names {
    pub const ARTICLE_ID: &str = "article_id";
    pub const ARTICLE_KEY: &str = "article_key";
    pub const PATH: &str = "path";
    pub const LOCATOR: &str = "locator";
    pub const ORDINAL: &str = "ordinal";
    pub const SPAN_START: &str = "span_start";
    pub const SPAN_END: &str = "span_end";
    pub const OUTLET: &str = "outlet";
    pub const OUTLET_KEY: &str = "outlet_key";
    pub const DATE: &str = "date";
    pub const DATE_TEXT: &str = "date_text";
    pub const TITLE: &str = "title";
    pub const TEXT: &str = "text";
    pub const ENTITY: &str = "entity";
    pub const ENTITIES_JSON: &str = "entities_json";
    pub const AUTHORS: &str = "authors";
    pub const URL: &str = "url";
    pub const LANGUAGE: &str = "language";
    pub const PLACE: &str = "place";
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
        article_id: b.add_text_field(names::ARTICLE_ID, STRING | STORED),
        article_key: b.add_u64_field(names::ARTICLE_KEY, FAST),
        path: b.add_text_field(names::PATH, STRING | STORED),
        locator: b.add_text_field(names::LOCATOR, STORED),
        ordinal: b.add_u64_field(names::ORDINAL, u64_stored_fast),
        span_start: b.add_u64_field(names::SPAN_START, STORED),
        span_end: b.add_u64_field(names::SPAN_END, STORED),
        outlet: b.add_text_field(names::OUTLET, STORED),
        outlet_key: b.add_text_field(names::OUTLET_KEY, STRING | STORED | FAST),
        date: b.add_date_field(names::DATE, date_opts),
        date_text: b.add_text_field(names::DATE_TEXT, STORED),
        title: b.add_text_field(names::TITLE, text_opts.clone()),
        text: b.add_text_field(names::TEXT, text_opts),
        entity: b.add_text_field(names::ENTITY, STRING | FAST),
        entities_json: b.add_text_field(names::ENTITIES_JSON, STORED),
        authors: b.add_text_field(names::AUTHORS, STORED),
        url: b.add_text_field(names::URL, STORED),
        language: b.add_text_field(names::LANGUAGE, STRING | STORED),
        place: b.add_text_field(names::PLACE, STORED),
    };
    (b.build(), fields)
}

/// Looks up the fields of an opened index's schema by name.
pub fn fields_of(schema: &Schema) -> Option<Fields> {
    let f = |name: &str| schema.get_field(name).ok();
    Some(Fields {
        article_id: f(names::ARTICLE_ID)?,
        article_key: f(names::ARTICLE_KEY)?,
        path: f(names::PATH)?,
        locator: f(names::LOCATOR)?,
        ordinal: f(names::ORDINAL)?,
        span_start: f(names::SPAN_START)?,
        span_end: f(names::SPAN_END)?,
        outlet: f(names::OUTLET)?,
        outlet_key: f(names::OUTLET_KEY)?,
        date: f(names::DATE)?,
        date_text: f(names::DATE_TEXT)?,
        title: f(names::TITLE)?,
        text: f(names::TEXT)?,
        entity: f(names::ENTITY)?,
        entities_json: f(names::ENTITIES_JSON)?,
        authors: f(names::AUTHORS)?,
        url: f(names::URL)?,
        language: f(names::LANGUAGE)?,
        place: f(names::PLACE)?,
    })
}

/// Registers newsdex's analyzers on an index (needed after every open).
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(TEXT_TOKENIZER, text_analyzer());
}
