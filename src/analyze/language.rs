//! Language identification by stop-word share: enough to tell English, German, French,
//! Spanish, Italian and Portuguese news apart.

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
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(2000)
        .map(str::to_lowercase)
        .collect();
    if words.len() < 8 {
        return None;
    }
    let (lang, hits) = STOPWORDS
        .iter()
        .map(|(lang, list)| {
            (
                *lang,
                words.iter().filter(|w| list.contains(&w.as_str())).count(),
            )
        })
        .max_by_key(|&(_, hits)| hits)?;
    (hits * 100 / words.len() >= 8).then_some(lang)
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
