//! The columns of a search export (`--fields`): their names and their CSV cells. One
//! list serves JSON Lines (`wire::HitRecord`), CSV and TSV so that they agree.

use crate::choice::Choice;
use crate::model::{Citation, Entity};
use crate::output::QueryRef;
use crate::search::Hit;

crate::choice_enum! {
    /// A column of a search export.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum HitField {
        /// The query's id in a batch (its line number when it has none).
        QueryId = "query_id",
        /// The query as given.
        Query = "query",
        /// The article's rank, from 1.
        Rank = "rank",
        /// The passage's score.
        Score = "score",
        /// The stable article id.
        ArticleId = "article_id",
        /// The source file, relative to the corpus root.
        Path = "path",
        /// The record inside the file.
        Locator = "locator",
        /// The outlet as written.
        Outlet = "outlet",
        /// The publication date.
        Date = "date",
        /// The article title.
        Title = "title",
        /// The passage's ordinal in the article.
        Passage = "passage",
        /// The passage's character span in the body.
        PassageSpan = "passage_span",
        /// The passage text.
        Text = "text",
        /// The character spans of the text that matched.
        Highlights = "highlights",
        /// The story's id: the id of its best-ranked copy.
        Cluster = "cluster",
        /// The ids of the copies collapsed into this result.
        Similar = "similar",
        /// The article's URL.
        Url = "url",
        /// The article's authors (CSV: joined by `; `).
        Authors = "authors",
        /// The entities the article names (CSV: `Name (TYPE)` joined by `; `).
        Entities = "entities",
        /// The sources the article cites (CSV: `Source (kind)` joined by `; `).
        Citations = "citations",
        /// The place the article's dateline names.
        Place = "place",
        /// The article's language, an ISO 639-1 code.
        Language = "language",
    }
}

impl HitField {
    /// Columns of a single query's export, in order (a batch puts `query_id` first).
    pub const DEFAULT: [HitField; 15] = [
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
        HitField::Cluster,
        HitField::Similar,
    ];

    /// The column's name, in JSON keys, CSV headers and `--fields`.
    pub fn name(self) -> &'static str {
        self.choice_name()
    }

    /// CSV header cells: `passage_span` is two columns, `passage_start` and `passage_end`.
    pub fn csv_headers(self) -> Vec<&'static str> {
        match self {
            HitField::PassageSpan => vec!["passage_start", "passage_end"],
            other => vec![other.name()],
        }
    }
}

/// The CSV cells of a column: absent values are empty cells; highlights are
/// `start-end` character spans joined by `;`; authors and entities are joined by `; `.
pub fn csv_cells(field: HitField, q: QueryRef, h: &Hit) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    match field {
        HitField::QueryId => vec![q.id.unwrap_or_default().to_string()],
        HitField::Query => vec![q.text.to_string()],
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
        HitField::Cluster => vec![h.cluster.clone()],
        HitField::Similar => vec![h.similar.join(";")],
        HitField::Url => vec![opt(&h.url)],
        HitField::Authors => vec![h.authors.join("; ")],
        HitField::Entities => vec![entities_cell(&h.entities)],
        HitField::Citations => vec![citations_cell(&h.citations)],
        HitField::Place => vec![opt(&h.place)],
        HitField::Language => vec![opt(&h.language)],
    }
}

/// Entities as one cell: `Carl Bildt (PER); European Union (ORG)`, in stored order.
pub fn entities_cell(entities: &[Entity]) -> String {
    entities
        .iter()
        .map(|e| format!("{} ({})", e.name, e.kind.as_str()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Citations as one cell: `The Telegraph (outlet); US officials (anonymous)`.
pub fn citations_cell(citations: &[Citation]) -> String {
    citations
        .iter()
        .map(|c| format!("{} ({})", c.source, c.kind.as_str()))
        .collect::<Vec<_>>()
        .join("; ")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityType;

    #[test]
    fn entities_are_one_cell_of_names_and_types() {
        let e = |kind, name: &str| Entity::new(kind, name, 2);
        let cell = entities_cell(&[e(EntityType::Per, "Carl Bildt"), e(EntityType::Org, "EU")]);
        assert_eq!(cell, "Carl Bildt (PER); EU (ORG)");
        assert_eq!(entities_cell(&[]), "");
    }
}
