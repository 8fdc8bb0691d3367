//! The word and punctuation tokens of one sentence, with byte offsets, for the citation
//! extractor. Words keep their inner dots, hyphens, apostrophes and ampersands
//! (`U.S.`, `telegraph.co.uk`, `Ka-lok`, `S&P`, `Moody's`) and HTML character references
//! (`Jos&#233;`); a number keeps a trailing `%`. Everything else is one token per character.

use std::borrow::Cow;

/// One token: a word or a single punctuation character.
#[derive(Debug, Clone)]
pub struct Tok<'a> {
    /// The token as written.
    pub text: &'a str,
    /// Lower case, typographic apostrophes made straight.
    pub lower: Cow<'a, str>,
    /// Byte offsets in the sentence.
    pub start: usize,
    pub end: usize,
    /// A word (starts with a letter or digit), not punctuation.
    pub word: bool,
    /// A word that starts with an upper-case letter.
    pub cap: bool,
    /// A word that ends in a possessive `'s` (`Ukraine's`, `GMTV’s`).
    pub poss: bool,
}

impl Tok<'_> {
    /// Whether this is the punctuation character `c`.
    pub fn is(&self, c: char) -> bool {
        !self.word && self.text.starts_with(c)
    }

    /// Whether this is a word whose lower case is one of `words`.
    pub fn any(&self, words: &[&str]) -> bool {
        self.word && words.contains(&self.lower.as_ref())
    }

    /// The lower-case word without its possessive ending.
    pub fn stem(&self) -> &str {
        if self.poss {
            self.lower.strip_suffix("'s").unwrap_or(&self.lower)
        } else {
            &self.lower
        }
    }
}

/// Characters that join two word parts when a letter or digit follows.
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '\'' | '’' | '-' | '&' | '/')
}

/// The length of an HTML character reference (`&#233;`, `&amp;`) at the start of `s`.
fn char_ref_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('&')?;
    let semi = rest.find(';')?;
    let body = &rest[..semi];
    let ok = (1..=8).contains(&body.len())
        && (body
            .strip_prefix('#')
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_alphanumeric()))
            || body.chars().all(|c| c.is_ascii_alphabetic()));
    ok.then_some(semi + 2)
}

/// The byte length of the word starting at `s` (which starts with a letter or digit).
fn word_len(s: &str) -> usize {
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            end = i + c.len_utf8();
            continue;
        }
        if c == '&' {
            if let Some(n) = char_ref_len(&s[i..]) {
                end = i + n;
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                continue;
            }
        }
        let next_alnum = chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if is_joiner(c) && next_alnum {
            continue;
        }
        if c == '%' && s[..i].chars().last().is_some_and(|p| p.is_ascii_digit()) {
            end = i + 1;
        }
        // "U.S." keeps its last dot: a dotted initialism.
        if c == '.'
            && s[..i].contains('.')
            && s[..i].rsplit('.').next().is_some_and(|p| p.len() <= 2)
        {
            end = i + 1;
        }
        break;
    }
    end
}

/// The lower case of a word, borrowed when it is lower case already (most words are).
fn lower(text: &str) -> Cow<'_, str> {
    if text
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(lower_owned(text))
}

fn lower_owned(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let c = if c == '’' || c == '‘' { '\'' } else { c };
            c.to_lowercase()
        })
        .collect()
}

/// Cuts `sentence` into tokens.
pub fn tokenize(sentence: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(c) = sentence[i..].chars().next() {
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let len = if c.is_alphanumeric() {
            word_len(&sentence[i..]).max(c.len_utf8())
        } else {
            c.len_utf8()
        };
        let text = &sentence[i..i + len];
        let word = c.is_alphanumeric();
        let lower = lower(text);
        let poss = word && lower.len() > 2 && lower.ends_with("'s");
        toks.push(Tok {
            text,
            start: i,
            end: i + len,
            word,
            cap: c.is_uppercase(),
            poss,
            lower,
        });
        i += len;
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn words_keep_their_inner_marks() {
        assert_eq!(
            words("reported telegraph.co.uk and pravda.com.ua Apr 7, citing US officials."),
            [
                "reported",
                "telegraph.co.uk",
                "and",
                "pravda.com.ua",
                "Apr",
                "7",
                ",",
                "citing",
                "US",
                "officials",
                "."
            ]
        );
        assert_eq!(
            words("A top U.S. Official said"),
            ["A", "top", "U.S.", "Official", "said"]
        );
        assert_eq!(
            words("S&P said 60% of Jos&#233; Ka-lok's"),
            ["S&P", "said", "60%", "of", "Jos&#233;", "Ka-lok's"]
        );
        assert_eq!(
            words("“Beijing doesn’t,” he"),
            ["“", "Beijing", "doesn’t", ",", "”", "he"]
        );
    }

    #[test]
    fn possessives_and_capitals() {
        let t = tokenize("GMTV’s Sunday programme");
        assert!(t[0].poss && t[0].cap && t[0].stem() == "gmtv");
        assert!(!t[2].cap && !t[2].poss);
    }
}
