//! The columns of a search export (`--fields`): their names, their JSON values and
//! their CSV cells. One list serves JSON Lines, CSV and TSV so that they agree.

use crate::search::Hit;
use serde_json::{json, Value};

/// A column of a search export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum HitField {
    QueryId,
    Query,
    Rank,
    Score,
    ArticleId,
    Path,
    Locator,
    Outlet,
    Date,
    Title,
    Passage,
    PassageSpan,
    Text,
    Highlights,
}

impl HitField {
    /// Columns of a single query's export, in order (a batch puts `query_id` first).
    pub const DEFAULT: [HitField; 13] = [
        HitField::Query,
        HitField::Rank,
        HitField::Score,
        HitField::ArticleId,
        HitField::Path,
        HitField::Locator,
        HitField::Outlet,
        HitField::Date,
        HitField::Title,
        HitField::Passage,
        HitField::PassageSpan,
        HitField::Text,
        HitField::Highlights,
    ];

    pub fn name(self) -> &'static str {
        match self {
            HitField::QueryId => "query_id",
            HitField::Query => "query",
            HitField::Rank => "rank",
            HitField::Score => "score",
            HitField::ArticleId => "article_id",
            HitField::Path => "path",
            HitField::Locator => "locator",
            HitField::Outlet => "outlet",
            HitField::Date => "date",
            HitField::Title => "title",
            HitField::Passage => "passage",
            HitField::PassageSpan => "passage_span",
            HitField::Text => "text",
            HitField::Highlights => "highlights",
        }
    }

    /// CSV header cells: `passage_span` is two columns, `passage_start` and `passage_end`.
    pub fn csv_headers(self) -> Vec<&'static str> {
        match self {
            HitField::PassageSpan => vec!["passage_start", "passage_end"],
            other => vec![other.name()],
        }
    }
}

/// One hit with the query that found it.
pub struct HitRow<'a> {
    pub query_id: Option<&'a str>,
    pub query: &'a str,
    pub hit: &'a Hit,
}

/// The JSON value of a column.
pub fn json_value(field: HitField, row: &HitRow) -> Value {
    let h = row.hit;
    match field {
        HitField::QueryId => json!(row.query_id),
        HitField::Query => json!(row.query),
        HitField::Rank => json!(h.rank),
        HitField::Score => json!(h.score),
        HitField::ArticleId => json!(h.article_id),
        HitField::Path => json!(h.path),
        HitField::Locator => json!(h.locator),
        HitField::Outlet => json!(h.outlet),
        HitField::Date => json!(h.date),
        HitField::Title => json!(h.title),
        HitField::Passage => json!(h.passage),
        HitField::PassageSpan => json!(h.passage_span),
        HitField::Text => json!(h.text),
        HitField::Highlights => json!(h.highlights),
    }
}

/// The CSV cells of a column: absent values are empty cells; highlights are
/// `start-end` character spans joined by `;`.
pub fn csv_cells(field: HitField, row: &HitRow) -> Vec<String> {
    let h = row.hit;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    match field {
        HitField::QueryId => vec![row.query_id.unwrap_or_default().to_string()],
        HitField::Query => vec![row.query.to_string()],
        HitField::Rank => vec![h.rank.to_string()],
        HitField::Score => vec![format!("{:.4}", h.score)],
        HitField::ArticleId => vec![h.article_id.clone()],
        HitField::Path => vec![h.path.clone()],
        HitField::Locator => vec![opt(&h.locator)],
        HitField::Outlet => vec![opt(&h.outlet)],
        HitField::Date => vec![opt(&h.date)],
        HitField::Title => vec![opt(&h.title)],
        HitField::Passage => vec![h.passage.to_string()],
        HitField::PassageSpan => vec![
            h.passage_span.start.to_string(),
            h.passage_span.end.to_string(),
        ],
        HitField::Text => vec![h.text.clone()],
        HitField::Highlights => vec![h
            .highlights
            .iter()
            .map(|s| format!("{}-{}", s.start, s.end))
            .collect::<Vec<_>>()
            .join(";")],
    }
}

/// True for columns whose cells are numbers (never guarded against formula injection).
pub fn is_numeric(field: HitField) -> bool {
    matches!(
        field,
        HitField::Rank
            | HitField::Score
            | HitField::Passage
            | HitField::PassageSpan
            | HitField::Highlights
    )
}
