//! Files that are not articles although they are text: word lists, category lists and
//! data files kept beside the articles of a corpus (Reuters-21578 ships seven of them).
//! The rule, for a plain-text file without a dateline: it is a list when at least 20 of
//! its lines hold three words or fewer and they are at least 80% of its lines, or when
//! 200 lines or more are that short and they are at least half of its lines. A wire
//! table (currency rates, a quota list) opens with a dateline and stays an article; a
//! report with a list of fixtures in it has too many prose lines to be one.

use crate::analyze::dateline::parse_dateline;
use crate::model::RawArticle;

/// Lines of at most this many words are list entries.
const SHORT_WORDS: usize = 3;

/// Why a plain-text file is a list and not an article, or `None` when it is an article.
pub fn not_an_article(raw: &RawArticle) -> Option<String> {
    let lines: Vec<&str> = raw
        .title
        .iter()
        .map(String::as_str)
        .chain(raw.body.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let first = *lines.first()?;
    if parse_dateline(first).is_some() || raw.dateline.is_some() {
        return None;
    }
    let short = lines
        .iter()
        .filter(|l| l.split_whitespace().count() <= SHORT_WORDS)
        .count();
    let mostly = short >= 20 && short * 5 >= lines.len() * 4;
    let long_list = short >= 200 && short * 2 >= lines.len();
    (mostly || long_list).then(|| {
        format!(
            "a list ({short} of its {} lines are three words or fewer: a word list, category list or data)",
            lines.len()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(body: String) -> RawArticle {
        RawArticle {
            body,
            ..Default::default()
        }
    }

    #[test]
    fn word_lists_are_not_articles_but_tables_and_fixtures_are() {
        let list: String = (0..40).map(|i| format!("code-{i}\n")).collect();
        assert!(not_an_article(&raw(list.clone())).is_some());
        let table = format!("(Reuters, Apr07’87) — US  6.05500/06900\n{list}");
        assert_eq!(not_an_article(&raw(table)), None, "a dated wire table");
        let prose = "Premiership side Newcastle United face a trip to the league leaders in the third round of the cup.\n";
        let fixtures: String = (0..23).map(|i| format!("Team{i} v Other{i}\n")).collect();
        let report = format!("{}{fixtures}", prose.repeat(14));
        assert_eq!(not_an_article(&raw(report)), None, "a report with fixtures");
        assert_eq!(not_an_article(&raw("Short.\nFew lines.".into())), None);
    }
}
