//! Keyword in context: one line per occurrence (a highlight span of a passage) with
//! its left context, the match and its right context. Printers only lay lines out.

use crate::search::Hit;

/// One occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicLine {
    pub article_id: String,
    pub path: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub passage: usize,
    /// Character offsets of the match in the passage text.
    pub start: usize,
    pub end: usize,
    pub left: String,
    pub matched: String,
    pub right: String,
}

fn flat(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| if c.is_whitespace() { ' ' } else { *c })
        .collect()
}

/// The occurrences of a highlighted hit, with up to `width` characters of context each side.
pub fn kwic_lines(hit: &Hit, width: usize) -> Vec<KwicLine> {
    let chars: Vec<char> = hit.text.chars().collect();
    hit.highlights
        .iter()
        .filter(|s| s.start <= s.end && s.end <= chars.len())
        .map(|s| KwicLine {
            article_id: hit.article_id.clone(),
            path: hit.path.clone(),
            outlet: hit.outlet.clone(),
            date: hit.date.clone(),
            title: hit.title.clone(),
            passage: hit.passage,
            start: s.start,
            end: s.end,
            left: flat(&chars[s.start.saturating_sub(width)..s.start]),
            matched: flat(&chars[s.start..s.end]),
            right: flat(&chars[s.end..s.end.saturating_add(width).min(chars.len())]),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Span;

    #[test]
    fn contexts_are_cut_to_width() {
        let hit = Hit {
            rank: 1,
            score: 1.0,
            article_id: "a".into(),
            path: "p".into(),
            locator: None,
            outlet: None,
            date: None,
            title: None,
            passage: 0,
            passage_span: Span { start: 0, end: 20 },
            text: "one two\nthree four five".into(),
            highlights: vec![Span { start: 8, end: 13 }],
            cluster: "a".into(),
            similar: Vec::new(),
            url: None,
            authors: Vec::new(),
            language: None,
            place: None,
            entities: Vec::new(),
            citations: Vec::new(),
            doc: tantivy::DocAddress::new(0, 0),
        };
        let l = &kwic_lines(&hit, 4)[0];
        assert_eq!(
            (l.left.as_str(), l.matched.as_str(), l.right.as_str()),
            ("two ", "three", " fou")
        );
    }
}
