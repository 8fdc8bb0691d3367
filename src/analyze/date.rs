//! Date parsing: the many ways news sources write a publication date, and the
//! periods (`2024`, `2024-04`, `2024-04-08`) that date filters are given in.

use crate::model::NewsDate;
use jiff::civil::{Date, Time};
use jiff::tz::Offset;
use regex::Regex;
use std::sync::LazyLock;

/// Month number from an English month name or its abbreviation ("Apr", "April", "Sept.").
pub fn month_number(name: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let n = name.trim_end_matches('.');
    if n.len() < 3 {
        return None;
    }
    if n.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(n) || (n.len() == 3 && m[..3].eq_ignore_ascii_case(n)))
        .map(|i| i as i8 + 1)
}

/// Whether a word is a month or a weekday name, or a month's abbreviation ("Apr",
/// "Sept.", "Monday"): a calendar word, never part of a name.
pub fn is_calendar_word(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    month_number(w).is_some() || is_weekday(w)
}

/// Whether a word is a weekday's name ("Monday", "friday").
pub fn is_weekday(word: &str) -> bool {
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(word))
}

fn year_from(text: &str) -> Option<i16> {
    let y: i16 = text.parse().ok()?;
    Some(match text.len() {
        2 if y < 70 => 2000 + y,
        2 => 1900 + y,
        4 => y,
        _ => return None,
    })
}

fn day_of(year: i16, month: i8, day: &str) -> Option<Date> {
    Date::new(year, month, day.parse().ok()?).ok()
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$",
    )
    .unwrap()
});
// Apr08’24, Apr08'24, Apr 8 '24
static TIBETAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z]{3,9})\.?\s*(\d{1,2})\s*['’‘`]\s*(\d{2})$").unwrap());
// Apr 8, 2024 / April 8 2024 / Apr. 8, 2024
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Za-z]+,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
        .unwrap()
});
// 8 April 2024 / 08 Apr 2024 / Monday 8 April 2024 / 26-FEB-1987
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[A-Za-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4})\b",
    )
    .unwrap()
});

/// Parses a publication date as news sources write it. Returns `None` for text that is
/// not a date, or a date without a year.
pub fn parse_date(text: &str) -> Option<NewsDate> {
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(c) = ISO.captures(s) {
        let day = day_of(c[1].parse().ok()?, c[2].parse().ok()?, &c[3])?;
        let time = match (c.get(4), c.get(5)) {
            (Some(h), Some(m)) => Some(
                Time::new(
                    h.as_str().parse().ok()?,
                    m.as_str().parse().ok()?,
                    c.get(6).map_or(Some(0), |s| s.as_str().parse().ok())?,
                    0,
                )
                .ok()?,
            ),
            _ => None,
        };
        let offset = c.get(7).and_then(|o| parse_offset(o.as_str()));
        return Some(NewsDate { day, time, offset });
    }
    if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
        return Some(NewsDate {
            day: z.date(),
            time: Some(z.time()),
            offset: Some(z.offset()),
        });
    }
    if let Some(c) = TIBETAN.captures(s) {
        return day_of(year_from(&c[3])?, month_number(&c[1])?, &c[2]).map(NewsDate::day);
    }
    if let Some(c) = MONTH_DAY_YEAR.captures(s) {
        return day_of(year_from(&c[3])?, month_number(&c[1])?, &c[2]).map(NewsDate::day);
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(s) {
        return day_of(year_from(&c[3])?, month_number(&c[2])?, &c[1]).map(NewsDate::day);
    }
    None
}

fn parse_offset(s: &str) -> Option<Offset> {
    match s {
        "Z" | "z" | "UTC" | "GMT" => return Some(Offset::UTC),
        _ => {}
    }
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let digits: String = s[1..].chars().filter(char::is_ascii_digit).collect();
    let hours: i32 = digits.get(0..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..4).map_or(Some(0), |m| m.parse().ok())?;
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// A calendar period a date filter names: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day of the period.
    pub first: Date,
    /// First day after the period.
    pub after: Date,
}

static PERIOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$").unwrap());

impl Period {
    /// Parses `2024`, `2024-04` or `2024-04-08`.
    pub fn parse(text: &str) -> Result<Period, String> {
        let bad = || {
            format!("'{text}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024, 2024-04, 2024-04-08)")
        };
        let c = PERIOD.captures(text.trim()).ok_or_else(bad)?;
        let year: i16 = c[1].parse().map_err(|_| bad())?;
        let month = c.get(2).map(|m| m.as_str().parse::<i8>());
        let day = c.get(3).map(|d| d.as_str().parse::<i8>());
        let (first, after) = match (month, day) {
            (None, _) => {
                let first = Date::new(year, 1, 1).map_err(|_| bad())?;
                (first, first.checked_add(jiff::Span::new().years(1)))
            }
            (Some(m), None) => {
                let first = Date::new(year, m.map_err(|_| bad())?, 1).map_err(|_| bad())?;
                (first, first.checked_add(jiff::Span::new().months(1)))
            }
            (Some(m), Some(d)) => {
                let first = Date::new(year, m.map_err(|_| bad())?, d.map_err(|_| bad())?)
                    .map_err(|_| bad())?;
                (first, first.tomorrow())
            }
        };
        Ok(Period {
            first,
            after: after.map_err(|_| bad())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> String {
        parse_date(s).map(|d| d.to_string()).unwrap_or_default()
    }

    #[test]
    fn parses_the_common_news_shapes() {
        assert_eq!(day("Apr08’24"), "2024-04-08");
        assert_eq!(day("Apr08'24"), "2024-04-08");
        assert_eq!(day("Apr 8, 2024"), "2024-04-08");
        assert_eq!(day("April 8, 2024"), "2024-04-08");
        assert_eq!(day("8 April 2024"), "2024-04-08");
        assert_eq!(day("2024-04-08"), "2024-04-08");
        assert_eq!(day("Monday, April 8, 2024"), "2024-04-08");
        assert_eq!(day("26-FEB-1987 15:01:01.79"), "1987-02-26");
        assert_eq!(
            day("2024-06-03T09:30:00+02:00"),
            "2024-06-03T09:30:00+02:00"
        );
        assert_eq!(day("2024-06-03T09:30:00.000Z"), "2024-06-03T09:30:00Z");
        assert_eq!(day("Mon, 08 Apr 2024 10:00:00 GMT"), "2024-04-08T10:00:00Z");
    }

    #[test]
    fn rejects_what_is_not_a_full_date() {
        assert_eq!(day("April 8"), "");
        assert_eq!(day("Reuters"), "");
        assert_eq!(day("2024-02-30"), "");
        assert_eq!(day(""), "");
    }

    #[test]
    fn periods_cover_year_month_and_day() {
        let p = Period::parse("2024").unwrap();
        assert_eq!(
            (p.first.to_string(), p.after.to_string()),
            ("2024-01-01".into(), "2025-01-01".into())
        );
        let p = Period::parse("2024-12").unwrap();
        assert_eq!(p.after.to_string(), "2025-01-01");
        let p = Period::parse("2024-04-08").unwrap();
        assert_eq!(p.after.to_string(), "2024-04-09");
        assert!(Period::parse("2024-13").is_err());
        assert!(Period::parse("last week").is_err());
    }
}
