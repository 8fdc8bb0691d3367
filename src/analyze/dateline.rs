//! Datelines: the `(Outlet, Date) —`, `CITY (Outlet) —` and `CITY, April 8 (Outlet) -`
//! openings of a news report, which carry its outlet, date and place.

use crate::analyze::date::parse_date;
use crate::model::NewsDate;
use regex::Regex;
use std::sync::LazyLock;

/// What a dateline says, and how many bytes of the paragraph it takes (separator included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    pub outlet: Option<String>,
    pub date: Option<NewsDate>,
    pub place: Option<String>,
    pub len: usize,
}

const SEP: &str = r"\s*(?:—|–|--?)\s*";
const PLACE: &str = r"([A-Z][A-Z.'’ -]{1,40}?)";

// (TibetanReview.net, Apr08’24) —
static PAREN_OUTLET_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\(\s*([^(),]{{2,80}}?)\s*,\s*([^()]{{3,40}}?)\s*\){SEP}"
    ))
    .unwrap()
});
// KYIV, April 8 (Baltic Wire) -     KYIV, April 8, 2024 (Baltic Wire) -
static PLACE_DATE_OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{PLACE}\s*,\s*([A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?)\s*\(([^()]{{2,80}})\){SEP}"
    ))
    .unwrap()
});
// BRUSSELS (Continental Post) —
static PLACE_OUTLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^{PLACE}\s*\(([^()]{{2,80}})\){SEP}")).unwrap());
// SALVADOR, Feb 26 -   (wire copy without an outlet, as in Reuters-21578)
static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{PLACE}\s*,\s*([A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?){SEP}"
    ))
    .unwrap()
});

fn clean(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Recognises a dateline at the start of `paragraph`. A date without a year (`April 8`)
/// gives no date: newsdex does not guess the year.
pub fn parse_dateline(paragraph: &str) -> Option<Dateline> {
    if let Some(c) = PAREN_OUTLET_DATE.captures(paragraph) {
        let date = parse_date(&c[2]);
        // "(Reuters, AP) —" is not a dateline shape we know; need a date or a plain outlet.
        if date.is_some() || !c[2].contains(' ') {
            return Some(Dateline {
                outlet: clean(&c[1]),
                date,
                place: None,
                len: c[0].len(),
            });
        }
    }
    if let Some(c) = PLACE_DATE_OUTLET.captures(paragraph) {
        return Some(Dateline {
            place: clean(&c[1]),
            date: parse_date(&c[2]),
            outlet: clean(&c[3]),
            len: c[0].len(),
        });
    }
    if let Some(c) = PLACE_OUTLET.captures(paragraph) {
        return Some(Dateline {
            place: clean(&c[1]),
            date: None,
            outlet: clean(&c[2]),
            len: c[0].len(),
        });
    }
    if let Some(c) = PLACE_DATE.captures(paragraph) {
        return Some(Dateline {
            place: clean(&c[1]),
            date: parse_date(&c[2]),
            outlet: None,
            len: c[0].len(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_dateline_with_typographic_apostrophe() {
        let p = "(TibetanReview.net, Apr08’24) — China and Ukraine established";
        let d = parse_dateline(p).unwrap();
        assert_eq!(d.outlet.as_deref(), Some("TibetanReview.net"));
        assert_eq!(d.date.unwrap().to_string(), "2024-04-08");
        assert_eq!(&p[d.len..], "China and Ukraine established");
    }

    #[test]
    fn wire_shapes() {
        let d = parse_dateline("BRUSSELS (Continental Post) — The bloc said").unwrap();
        assert_eq!(d.place.as_deref(), Some("BRUSSELS"));
        assert_eq!(d.outlet.as_deref(), Some("Continental Post"));
        assert!(d.date.is_none());
        let d = parse_dateline("KYIV, April 8, 2024 (Baltic Wire) - Drones hit").unwrap();
        assert_eq!(d.date.unwrap().to_string(), "2024-04-08");
        assert_eq!(d.outlet.as_deref(), Some("Baltic Wire"));
        let d = parse_dateline("NEW YORK, April 8 (Baltic Wire) – Stocks rose").unwrap();
        assert_eq!(d.place.as_deref(), Some("NEW YORK"));
        assert!(d.date.is_none());
        let d = parse_dateline("(Pacific Courier, 8 April 2024) - Text").unwrap();
        assert_eq!(d.date.unwrap().to_string(), "2024-04-08");
        let d = parse_dateline("SALVADOR, Feb 26 - Showers continued").unwrap();
        assert_eq!(d.place.as_deref(), Some("SALVADOR"));
    }

    #[test]
    fn ordinary_openings_are_not_datelines() {
        assert!(
            parse_dateline("China and Ukraine established relations (in 1992) - yes").is_none()
        );
        assert!(parse_dateline("The (small) print - matters").is_none());
    }
}
