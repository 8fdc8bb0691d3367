//! Language identification by stop-word share: enough to tell English, German, French,
//! Spanish, Italian and Portuguese news apart.

use std::collections::HashMap;
use std::sync::LazyLock;

const STOPWORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "on", "said", "by",
            "has", "have", "it",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "und", "das", "den", "nicht", "ist", "mit", "sich", "auf", "für", "ein",
            "eine", "dem", "wird", "auch",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "et", "des", "est", "une", "du", "que", "dans", "pour", "qui",
            "pas", "sur", "au", "avec",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "y", "del", "que", "en", "por", "una", "con", "para", "es", "se",
            "al", "como", "su",
        ],
    ),
    (
        "it",
        &[
            "il", "della", "che", "di", "e", "non", "per", "gli", "una", "sono", "nel", "alla",
            "con", "del", "è", "anche",
        ],
    ),
    (
        "pt",
        &[
            "o", "os", "da", "do", "que", "não", "uma", "em", "para", "com", "por", "das", "dos",
            "ao", "se", "é",
        ],
    ),
];

/// The ISO 639-1 code of the text's language, or `None` when no language stands out
/// (too short, or not one of those above).
pub fn detect(text: &str) -> Option<&'static str> {
    // A few hundred words decide it.
    let index = stopword_index();
    let mut hits = [0usize; STOPWORDS.len()];
    let mut words = 0;
    let mut lower = String::new();
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(400)
    {
        words += 1;
        if w.len() > 8 {
            continue; // no stop word is that long
        }
        lower.clear();
        lower.extend(w.chars().flat_map(char::to_lowercase));
        if let Some(&mask) = index.get(lower.as_str()) {
            for (i, hit) in hits.iter_mut().enumerate() {
                *hit += usize::from(mask & (1 << i) != 0);
            }
        }
    }
    if words < 8 {
        return None;
    }
    let (i, best) = hits.iter().copied().enumerate().max_by_key(|&(_, h)| h)?;
    (best * 100 / words >= 8).then_some(STOPWORDS[i].0)
}

/// Each stop word, with one bit per language (its index in `STOPWORDS`) that has it.
fn stopword_index() -> &'static HashMap<&'static str, u8> {
    static INDEX: LazyLock<HashMap<&'static str, u8>> = LazyLock::new(|| {
        let mut m = HashMap::new();
        for (i, (_, words)) in STOPWORDS.iter().enumerate() {
            for w in words.iter() {
                *m.entry(*w).or_insert(0) |= 1 << i;
            }
        }
        m
    });
    &INDEX
}

#[cfg(test)]
mod tests {
    #[test]
    fn tells_english_from_german() {
        let en =
            "The minister said that the talks with the union were going well and that it has hope.";
        let de = "Der Minister sagte, dass die Gespräche mit der Gewerkschaft gut laufen und die Hoffnung bleibt.";
        assert_eq!(super::detect(en), Some("en"));
        assert_eq!(super::detect(de), Some("de"));
        assert_eq!(super::detect("Hello"), None);
    }
}
