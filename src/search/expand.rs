//! Prefix expansion: the indexed words a prefix (`sanction*`) stands for, read from the
//! term dictionaries of an index snapshot. The prefix is lower-cased and folded like
//! every word; the index holds stems, so a prefix matches the stems that start with it,
//! and its own stem ("sanctions*" also finds "sanction"). A prefix standing for more than
//! `MAX_PREFIX_TERMS` words is an error, not a slow query.

use crate::index::schema::text_analyzer;
use crate::search::compile::Expand;
use crate::search::query::QueryError;
use std::collections::BTreeSet;
use tantivy::schema::Field;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream,
};

/// The most words one prefix may stand for.
pub const MAX_PREFIX_TERMS: usize = 512;

/// The prefix as the index's words are written, before stemming.
pub fn fold_prefix(prefix: &str) -> String {
    let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut s = a.token_stream(prefix);
    let mut out = String::new();
    while let Some(t) = s.next() {
        out.push_str(&t.text);
    }
    out
}

/// The stem of the (folded) prefix as a whole word.
pub fn prefix_stem(folded: &str) -> Option<String> {
    let mut a = text_analyzer();
    let mut s = a.token_stream(folded);
    s.next().map(|t| t.text.clone())
}

/// Whether an indexed word (a stem) is one the folded prefix stands for.
pub fn prefix_matches(stem: &str, folded: &str, folded_stem: Option<&str>) -> bool {
    stem.starts_with(folded) || folded_stem == Some(stem)
}

/// The smallest string above every string that starts with `prefix`.
fn upper_bound(prefix: &str) -> Option<Vec<u8>> {
    let mut bytes = prefix.as_bytes().to_vec();
    while let Some(last) = bytes.pop() {
        if last < 0xff {
            bytes.push(last + 1);
            return Some(bytes);
        }
    }
    None
}

impl Expand for tantivy::Searcher {
    fn prefix_terms(&self, field: Field, prefix: &str) -> Result<Vec<String>, QueryError> {
        let folded = fold_prefix(prefix);
        let stem = prefix_stem(&folded);
        let too_many = || {
            QueryError::TooLarge(format!(
                "'{prefix}*' stands for more than {MAX_PREFIX_TERMS} words: make the prefix longer"
            ))
        };
        let mut found: BTreeSet<String> = BTreeSet::new();
        for seg in self.segment_readers() {
            let index = seg
                .inverted_index(field)
                .map_err(|e| QueryError::BadValue(format!("reading the index: {e}")))?;
            let dict = index.terms();
            let mut range = dict.range().ge(folded.as_bytes());
            if let Some(hi) = upper_bound(&folded) {
                range = range.lt(hi);
            }
            let mut stream = range
                .into_stream()
                .map_err(|e| QueryError::BadValue(format!("reading the index: {e}")))?;
            while stream.advance() {
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    found.insert(word.to_string());
                    if found.len() > MAX_PREFIX_TERMS {
                        return Err(too_many());
                    }
                }
            }
            if let Some(stem) = stem.as_deref().filter(|s| !s.starts_with(&folded)) {
                if dict.get(stem.as_bytes()).ok().flatten().is_some() {
                    found.insert(stem.to_string());
                }
            }
        }
        Ok(found.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_fold_and_stem() {
        assert_eq!(fold_prefix("Sanctión"), "sanction");
        assert_eq!(prefix_stem("sanctions").as_deref(), Some("sanction"));
        assert!(prefix_matches(
            "sanction",
            "sanc",
            prefix_stem("sanc").as_deref()
        ));
        assert!(prefix_matches("sanction", "sanctions", Some("sanction")));
        assert!(!prefix_matches("sand", "sanc", Some("sanc")));
        assert_eq!(upper_bound("ab").unwrap(), b"ac".to_vec());
    }
}
