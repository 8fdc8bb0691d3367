//! The tantivy schema, in one place: every field name, the fields' options, the text
//! analyzers (and the word splitter queries and highlighting share with them) and the
//! versions an index is stamped with. One tantivy document is one article: title and body
//! are searched together, the body's positions keep its passages apart (`body_positions`).
//! How articles become documents and documents read back is `index::document`.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, PreTokenizedStream, PreTokenizedString,
    RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy::{Index, IndexSettings};

/// Bumped whenever fields or their options change; an index built otherwise is refused.
pub const SCHEMA_VERSION: u32 = 3;
/// The name of the analyzer of every indexed text field (title, lead, body), with its
/// version: bumped when its words or positions change.
pub const TEXT_TOKENIZER: &str = "newsdex_en_v2";

/// The text of the body field is its passages joined by this character: the index
/// analyzer starts a new passage after each one.
pub const PASSAGE_BREAK: char = '\u{2029}';

/// Where positions of the body field go: passage `i` owns positions
/// `[i * PASSAGE_STRIDE, (i + 1) * PASSAGE_STRIDE)`.
pub mod body_positions {
    /// Positions reserved for each passage.
    pub const PASSAGE_STRIDE: u32 = 1024;
    /// The words of a passage beyond this many share its last position (passages are cut
    /// at 250 words, so only pathological text gets there).
    pub const MAX_PASSAGE_TOKENS: u32 = 640;
    /// The largest proximity a query may ask for (`"a b"~N`): with the two above, a
    /// window of this size never reaches from one passage into the next.
    pub const MAX_NEAR: u32 = 256;
    /// The most passages an article's positions can tell apart; later ones share the last.
    pub const MAX_PASSAGES: u32 = u32::MAX / PASSAGE_STRIDE - 1;

    /// The passage that a body position falls in.
    pub fn passage_of(position: u32) -> usize {
        (position / PASSAGE_STRIDE) as usize
    }

    const _: () = assert!(MAX_PASSAGE_TOKENS + MAX_NEAR < PASSAGE_STRIDE);
}

/// The longest word kept (in bytes, after analysis).
const MAX_WORD_BYTES: usize = 48;

/// How text is cut into words before analysis: on every non-alphanumeric character.
/// Queries and highlighting cut text with this same splitter.
pub fn word_splitter() -> SimpleTokenizer {
    SimpleTokenizer::default()
}

/// Runs of words joined by hyphens ("e-mail", "well-to-do"): the index also holds each
/// run joined ("email", "welltodo"), so that hyphenated and joined spellings meet.
/// `words` are byte spans of `text` in order; returns index ranges `[first, last]` of
/// the runs.
pub fn hyphen_runs(text: &str, words: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j + 1 < words.len() && matches!(&text[words[j].1..words[j + 1].0], "-" | "\u{2010}") {
            j += 1;
        }
        if j > i {
            runs.push((i, j));
        }
        i = j + 1;
    }
    runs
}

/// The filters every text field applies to the splitter's words: long words dropped,
/// lower-cased, accents folded, Snowball-stemmed. Stop words are kept so that phrases
/// stay exact.
fn analyzer_over<T: Tokenizer>(tokenizer: T) -> TextAnalyzer {
    TextAnalyzer::builder(tokenizer)
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The analysis of query words and of passages being highlighted: the splitter's words,
/// each lower-cased, folded and stemmed.
pub fn text_analyzer() -> TextAnalyzer {
    analyzer_over(word_splitter())
}

/// The analysis of indexed text: the words of `text_analyzer`, plus each hyphenated run
/// joined (at the position of its first word), positions laid out passage by passage
/// (see `body_positions`; text without `PASSAGE_BREAK` is one passage).
pub fn index_analyzer() -> TextAnalyzer {
    analyzer_over(IndexTokenizer)
}

/// The word splitter with passage-strided positions and joined hyphenated runs.
#[derive(Clone, Copy, Default)]
pub struct IndexTokenizer;

impl Tokenizer for IndexTokenizer {
    type TokenStream<'a> = PreTokenizedStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PreTokenizedStream {
        PreTokenizedStream::from(PreTokenizedString {
            text: String::new(),
            tokens: index_tokens(text),
        })
    }
}

/// The tokens `IndexTokenizer` gives `text`.
fn index_tokens(text: &str) -> Vec<Token> {
    use body_positions::*;
    let mut splitter = word_splitter();
    let mut stream = splitter.token_stream(text);
    let mut words: Vec<Token> = Vec::new();
    let (mut passage, mut in_passage, mut last_end) = (0u32, 0u32, 0usize);
    while let Some(t) = stream.next() {
        let breaks = text[last_end..t.offset_from]
            .chars()
            .filter(|&c| c == PASSAGE_BREAK)
            .count() as u32;
        if breaks > 0 {
            passage = passage.saturating_add(breaks).min(MAX_PASSAGES);
            in_passage = 0;
        }
        last_end = t.offset_to;
        let mut tok = t.clone();
        tok.position = (passage * PASSAGE_STRIDE + in_passage.min(MAX_PASSAGE_TOKENS)) as usize;
        in_passage += 1;
        words.push(tok);
    }
    let spans: Vec<(usize, usize)> = words.iter().map(|t| (t.offset_from, t.offset_to)).collect();
    let runs = hyphen_runs(text, &spans);
    if runs.is_empty() {
        return words;
    }
    let mut out = Vec::with_capacity(words.len() + runs.len());
    let mut runs = runs.into_iter().peekable();
    for (i, w) in words.iter().enumerate() {
        out.push(w.clone());
        if let Some(&(first, last)) = runs.peek() {
            if i == last {
                runs.next();
                let joined: String = words[first..=last]
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect();
                out.push(Token {
                    offset_from: words[first].offset_from,
                    offset_to: words[last].offset_to,
                    position: words[first].position,
                    text: joined,
                    position_length: 1,
                });
            }
        }
    }
    out
}

/// The name of every field, as stored in the index's schema.
pub mod names {
    pub const ARTICLE_ID: &str = "article_id";
    pub const ARTICLE_KEY: &str = "article_key";
    pub const PATH: &str = "path";
    pub const LOCATOR: &str = "locator";
    pub const OUTLET: &str = "outlet";
    pub const OUTLET_KEY: &str = "outlet_key";
    pub const DATE: &str = "date";
    pub const DATE_TEXT: &str = "date_text";
    pub const TITLE: &str = "title";
    pub const LEAD: &str = "lead";
    pub const BODY: &str = "body";
    pub const BODY_TEXT: &str = "body_text";
    pub const PASSAGES: &str = "passages";
    pub const ENTITY: &str = "entity";
    pub const ENTITIES: &str = "entities";
    pub const CITES: &str = "cites";
    pub const CITATIONS: &str = "citations";
    pub const AUTHORS: &str = "authors";
    pub const URL: &str = "url";
    pub const LANGUAGE: &str = "language";
    pub const PLACE: &str = "place";
    pub const SKETCH: [&str; 4] = ["sketch0", "sketch1", "sketch2", "sketch3"];
}

/// Every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The article's id (16 hex digits), stored.
    pub article_id: Field,
    /// The id as a number, a fast field for ordering, grouping and `show`'s lookup.
    pub article_key: Field,
    /// The source file: a file's articles are replaced and removed by it.
    pub path: Field,
    pub locator: Field,
    pub outlet: Field,
    pub outlet_key: Field,
    pub date: Field,
    pub date_text: Field,
    /// The title: searched (with positions) and stored.
    pub title: Field,
    /// The first passage again, indexed with frequencies only: a word in the lead counts
    /// for more.
    pub lead: Field,
    /// The body's passages, indexed with positions by `index_analyzer`; not stored.
    pub body: Field,
    /// The body as stored (what passages are cut from).
    pub body_text: Field,
    /// The passages' character spans in the body, as `document::encode_passages` writes them.
    pub passages: Field,
    pub entity: Field,
    /// The entities as `document::encode_entities` writes them.
    pub entities: Field,
    /// The cited sources as terms (`document::cite_term`: "outlet:the telegraph").
    pub cites: Field,
    /// The citations as `document::encode_citations` writes them.
    pub citations: Field,
    pub authors: Field,
    pub url: Field,
    pub language: Field,
    pub place: Field,
    /// The near-duplicate sketch (`analyze::near_dup`), four fast words.
    pub sketch: [Field; 4],
}

/// Builds the schema and the handles of its fields.
pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexed = |tokenizer: &str, record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(record),
        )
    };
    let date_opts = DateOptions::from(tantivy::schema::INDEXED)
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    let fast_u64 = NumericOptions::default().set_fast();
    let fields = Fields {
        article_id: b.add_text_field(names::ARTICLE_ID, STORED),
        article_key: b.add_u64_field(names::ARTICLE_KEY, fast_u64.clone()),
        path: b.add_text_field(names::PATH, STRING | STORED),
        locator: b.add_text_field(names::LOCATOR, STORED),
        outlet: b.add_text_field(names::OUTLET, STORED),
        outlet_key: b.add_text_field(names::OUTLET_KEY, STRING | FAST),
        date: b.add_date_field(names::DATE, date_opts),
        date_text: b.add_text_field(names::DATE_TEXT, STORED),
        title: b.add_text_field(
            names::TITLE,
            indexed(TEXT_TOKENIZER, IndexRecordOption::WithFreqsAndPositions).set_stored(),
        ),
        lead: b.add_text_field(
            names::LEAD,
            indexed(TEXT_TOKENIZER, IndexRecordOption::WithFreqs),
        ),
        body: b.add_text_field(
            names::BODY,
            indexed(TEXT_TOKENIZER, IndexRecordOption::WithFreqsAndPositions),
        ),
        body_text: b.add_text_field(names::BODY_TEXT, STORED),
        passages: b.add_bytes_field(names::PASSAGES, STORED),
        entity: b.add_text_field(names::ENTITY, STRING | FAST),
        entities: b.add_text_field(names::ENTITIES, STORED),
        cites: b.add_text_field(names::CITES, STRING | FAST),
        citations: b.add_text_field(names::CITATIONS, STORED),
        authors: b.add_text_field(names::AUTHORS, STORED),
        url: b.add_text_field(names::URL, STORED),
        language: b.add_text_field(names::LANGUAGE, STRING | STORED),
        place: b.add_text_field(names::PLACE, STORED),
        sketch: names::SKETCH.map(|n| b.add_u64_field(n, fast_u64.clone())),
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
        outlet: f(names::OUTLET)?,
        outlet_key: f(names::OUTLET_KEY)?,
        date: f(names::DATE)?,
        date_text: f(names::DATE_TEXT)?,
        title: f(names::TITLE)?,
        lead: f(names::LEAD)?,
        body: f(names::BODY)?,
        body_text: f(names::BODY_TEXT)?,
        passages: f(names::PASSAGES)?,
        entity: f(names::ENTITY)?,
        entities: f(names::ENTITIES)?,
        cites: f(names::CITES)?,
        citations: f(names::CITATIONS)?,
        authors: f(names::AUTHORS)?,
        url: f(names::URL)?,
        language: f(names::LANGUAGE)?,
        place: f(names::PLACE)?,
        sketch: [
            f(names::SKETCH[0])?,
            f(names::SKETCH[1])?,
            f(names::SKETCH[2])?,
            f(names::SKETCH[3])?,
        ],
    })
}

/// How the document store is kept: zstd over 64 KB blocks (news text compresses about
/// fourfold, against under twofold with tantivy's default LZ4 over 16 KB).
pub fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(9),
        }),
        docstore_blocksize: 64 * 1024,
        ..IndexSettings::default()
    }
}

/// Registers newsdex's analyzer on an index (needed after every open).
pub fn register_tokenizers(index: &Index) {
    index
        .tokenizers()
        .register(TEXT_TOKENIZER, index_analyzer());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positions(text: &str) -> Vec<(String, usize)> {
        let mut a = index_analyzer();
        let mut s = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = s.next() {
            out.push((t.text.clone(), t.position));
        }
        out
    }

    #[test]
    fn body_positions_start_a_stride_per_passage() {
        let text =
            format!("Sanctions bite{PASSAGE_BREAK}Oil prices{PASSAGE_BREAK}{PASSAGE_BREAK}x");
        let p = positions(&text);
        assert_eq!(
            p,
            vec![
                ("sanction".to_string(), 0),
                ("bite".to_string(), 1),
                ("oil".to_string(), 1024),
                ("price".to_string(), 1025),
                ("x".to_string(), 3072),
            ]
        );
        assert_eq!(body_positions::passage_of(1025), 1);
    }

    #[test]
    fn index_words_are_the_query_words_plus_joined_runs() {
        let text = "Zürich's naïve café—rocket-fuel SANCTIONED 1992";
        let mut t = text_analyzer();
        let mut s = t.token_stream(text);
        let mut want = Vec::new();
        while let Some(tok) = s.next() {
            want.push(tok.text.clone());
        }
        let got: Vec<String> = positions(text).into_iter().map(|(w, _)| w).collect();
        want.insert(6, "rocketfuel".to_string());
        assert_eq!(got, want);
    }

    #[test]
    fn hyphenated_runs_are_also_indexed_joined() {
        let p = positions("an e-mail about well-to-do voters");
        let words: Vec<&str> = p.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(
            words,
            vec!["an", "e", "mail", "email", "about", "well", "to", "do", "welltodo", "voter"]
        );
        assert_eq!(
            p[3].1, p[1].1,
            "the joined word sits at its first part's position"
        );
        assert_eq!(p[4].1, 3, "positions of the words after it are unchanged");
    }

    #[test]
    fn overlong_passages_share_their_last_position() {
        let text: String = (0..700).map(|i| format!("w{i} ")).collect();
        let p = positions(&text);
        assert_eq!(p.len(), 700);
        assert_eq!(p[699].1, body_positions::MAX_PASSAGE_TOKENS as usize);
    }
}
