//! The canonical outlet table (`data/outlets.tsv`, built into the binary): which names and
//! web domains are news organisations, and the one display name every spelling of an outlet
//! meets under (`telegraph.co.uk`, `The Daily Telegraph`, `the Telegraph` → `The Telegraph`).
//!
//! Lookups ignore case and a trailing possessive, try a name with and without a leading
//! "the" (a bare single common word such as "Economist" only matches when the table lists
//! it), match short all-capital aliases (`AP`, `FT`, `DR`) only as written, and match a
//! domain's subdomains (`news.bbc.co.uk` → BBC). Pure lookups, no I/O.

use std::collections::HashMap;
use std::sync::LazyLock;

const TABLE: &str = include_str!("../../data/outlets.tsv");

/// The loaded table: normalised alias → canonical name.
struct Table {
    folded: HashMap<String, &'static str>,
    exact: HashMap<&'static str, &'static str>,
}

/// A short all-capital alias (`AP`, `FT`, `DR`) is matched as written, so that the word
/// "Dr" or "ft" is not an outlet.
fn is_exact_alias(alias: &str) -> bool {
    alias.chars().count() <= 4 && alias.chars().all(|c| c.is_ascii_uppercase())
}

impl Table {
    fn load() -> Self {
        let mut folded = HashMap::new();
        let mut exact = HashMap::new();
        for line in TABLE.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(canonical), Some(_kind)) = (cols.next(), cols.next()) else {
                continue;
            };
            let canonical = canonical.trim();
            let aliases = cols.next().unwrap_or("").split('|');
            for alias in std::iter::once(canonical).chain(aliases) {
                let alias = alias.trim();
                if alias.is_empty() {
                    continue;
                }
                if is_exact_alias(alias) {
                    exact.insert(alias, canonical);
                    continue;
                }
                let key = normalise(alias);
                // "The Harbour Times" is also "Harbour Times"; "The Economist" is not
                // "Economist" unless the table says so.
                if let Some(bare) = key.strip_prefix("the ") {
                    if bare.contains(' ') || bare.contains('.') {
                        folded.entry(bare.to_string()).or_insert(canonical);
                    }
                }
                folded.insert(key, canonical);
            }
        }
        Table { folded, exact }
    }

    fn get() -> &'static Table {
        static T: LazyLock<Table> = LazyLock::new(Table::load);
        &T
    }
}

/// Lower case, typographic apostrophes made straight, single spaces, no trailing
/// possessive, no `www.` or scheme.
fn normalise(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !s.is_empty() {
            s.push(' ');
        }
        for c in word.chars() {
            match c {
                '’' | '‘' => s.push('\''),
                c => s.extend(c.to_lowercase()),
            }
        }
    }
    let s = s
        .trim_end_matches("'s")
        .trim_end_matches('\'')
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    s.strip_prefix("www.").unwrap_or(s).to_string()
}

/// The canonical name of a known outlet, by any of its names or domains.
pub fn lookup(name: &str) -> Option<&'static str> {
    let table = Table::get();
    let trimmed = name.trim();
    if let Some(c) = table.exact.get(trimmed.trim_end_matches("'s")) {
        return Some(c);
    }
    let key = normalise(trimmed);
    if key.is_empty() {
        return None;
    }
    if let Some(c) = table.folded.get(&key) {
        return Some(c);
    }
    if let Some(bare) = key.strip_prefix("the ") {
        let after_the = trimmed
            .split_once(char::is_whitespace)
            .map_or("", |(_, rest)| rest.trim_start());
        if let Some(c) = table.exact.get(after_the.trim_end_matches("'s")) {
            return Some(c);
        }
        if let Some(c) = table.folded.get(bare) {
            return Some(c);
        }
    }
    if is_domain(trimmed) {
        // news.bbc.co.uk → bbc.co.uk
        let mut rest = key.as_str();
        while let Some((_, tail)) = rest.split_once('.') {
            if !tail.contains('.') {
                break;
            }
            if let Some(c) = table.folded.get(tail) {
                return Some(c);
            }
            rest = tail;
        }
    }
    None
}

/// Top-level domains a bare web domain in news copy ends with.
const TLDS: &[&str] = &[
    "com", "net", "org", "info", "news", "media", "io", "tv", "fm", "biz", "gov", "edu", "uk",
    "ua", "ru", "de", "fr", "it", "es", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "ee", "lv",
    "lt", "pl", "cz", "sk", "hu", "ro", "bg", "gr", "tr", "il", "ir", "in", "pk", "cn", "hk", "tw",
    "jp", "kr", "sg", "my", "th", "id", "ph", "vn", "au", "nz", "ca", "us", "mx", "br", "ar", "cl",
    "co", "za", "ng", "ke", "eg", "ae", "qa", "sa", "kz", "ge", "am", "by", "md", "rs", "hr", "si",
    "ie", "pt", "eu", "ps", "lb", "jo", "sy", "cu", "kp", "np", "bd", "lk", "mn", "kg", "uz", "az",
];

/// Whether `word` is a web domain (`telegraph.co.uk`, `TibetanReview.net`): dot-separated
/// labels of letters, digits and hyphens, at least two, ending in a known top-level domain.
pub fn is_domain(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    let word = word.strip_prefix("www.").unwrap_or(word);
    let mut labels = word.split('.');
    let Some(tld) = word.rsplit('.').next() else {
        return false;
    };
    let count = word.split('.').count();
    count >= 2
        && labels.all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && TLDS.contains(&tld.to_ascii_lowercase().as_str())
        // "U.S" and "S.A" are initials, not domains.
        && word.split('.').next().is_some_and(|first| first.len() > 1)
}

/// Last words that make a capitalised name a news outlet's name even when the table does
/// not list it (`the Harbour Times`, `Kansas City Star`, `Baltic Wire`).
const OUTLET_NAME_ENDINGS: &[&str] = &[
    "Times",
    "Post",
    "Journal",
    "Herald",
    "Tribune",
    "Courier",
    "Ledger",
    "Wire",
    "Gazette",
    "Chronicle",
    "Telegraph",
    "Dispatch",
    "Inquirer",
    "Examiner",
    "Bulletin",
    "Observer",
    "Enquirer",
    "Sentinel",
    "Clarion",
    "Mercury",
    "Recorder",
    "Advertiser",
    "Register",
    "Gazeta",
    "Zeitung",
    "Shimbun",
    "Ilbo",
    "Daily",
    "Newspaper",
    "Magazine",
    "Radio",
    "Television",
    "TV",
    "News",
];

/// Whether a capitalised multi-word name reads as a news outlet's name by its last word
/// (`Harbour Times`, `Pacific Courier`); the name's first word must be capitalised too.
pub fn looks_like_outlet_name(name: &str) -> bool {
    let name = name.trim();
    let name = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    let mut words = name.split_whitespace();
    let first = words.next().unwrap_or("");
    let last = name.split_whitespace().last().unwrap_or("");
    name.contains(' ')
        && !name.contains(" of ")
        && first.chars().next().is_some_and(char::is_uppercase)
        && OUTLET_NAME_ENDINGS.contains(&last)
}

/// The canonical name of an outlet mention: the table's name, a domain as written (lower
/// case), or the name without a leading "the".
pub fn canonical(name: &str) -> String {
    if let Some(c) = lookup(name) {
        return c.to_string();
    }
    if is_domain(name) {
        let lower = name.trim().trim_end_matches('.').to_lowercase();
        return lower.strip_prefix("www.").unwrap_or(&lower).to_string();
    }
    let name = name.trim();
    name.strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name)
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .to_string()
}

/// Whether two outlet names stand for the same outlet (`BBC News` and `BBC Sport`,
/// `Reuters` and `Reuter`, `TibetanReview.net` and `tibetanreview.net`).
pub fn same_outlet(a: &str, b: &str) -> bool {
    canonical(a).eq_ignore_ascii_case(&canonical(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_outlet_meet() {
        for name in [
            "telegraph.co.uk",
            "The Daily Telegraph",
            "the Telegraph",
            "www.telegraph.co.uk",
        ] {
            assert_eq!(lookup(name), Some("The Telegraph"), "{name}");
        }
        assert_eq!(lookup("pravda.com.ua"), Some("Ukrainska Pravda"));
        assert_eq!(lookup("Bloomberg News"), Some("Bloomberg"));
        assert_eq!(lookup("bloomberg.com"), Some("Bloomberg"));
        assert_eq!(lookup("the Tass News Agency"), Some("TASS"));
        assert_eq!(lookup("news.bbc.co.uk"), Some("BBC"));
        assert_eq!(lookup("BBC Sport"), Some("BBC"));
        assert_eq!(lookup("GMTV's"), Some("GMTV"));
        assert_eq!(lookup("the Harbour Times"), Some("Harbour Times"));
    }

    #[test]
    fn common_words_and_short_caps_are_not_outlets() {
        assert_eq!(lookup("Dr"), None);
        assert_eq!(lookup("ap"), None);
        assert_eq!(lookup("AP"), Some("Associated Press"));
        assert_eq!(lookup("Economist"), None);
        assert_eq!(lookup("The Economist"), Some("The Economist"));
        assert_eq!(lookup("people"), None);
    }

    #[test]
    fn domains() {
        assert!(is_domain("telegraph.co.uk"));
        assert!(is_domain("TibetanReview.net"));
        assert!(!is_domain("U.S"));
        assert!(!is_domain("3.5"));
        assert!(!is_domain("Inc."));
        assert_eq!(canonical("Example.org"), "example.org");
        assert!(same_outlet("BBC News", "BBC Sport"));
        assert!(same_outlet("TibetanReview.net", "tibetanreview.net"));
    }

    #[test]
    fn outlet_like_names() {
        assert!(looks_like_outlet_name("the Pacific Courier"));
        assert!(looks_like_outlet_name("Kansas City Star Times"));
        assert!(!looks_like_outlet_name("Times"));
        assert!(!looks_like_outlet_name("Bank of England"));
        assert!(!looks_like_outlet_name(
            "Andreas Adriano of Latin Trade Magazine"
        ));
    }
}
