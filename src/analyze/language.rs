//! Language identification by whatlang (trigram profiles of 70 languages), reported as
//! ISO 639-1 codes (`en`, `nl`, `zh`), the codes `--lang` filters by. Only the start of
//! a text is looked at, and a guess whatlang does not call reliable is no answer.

use whatlang::Lang;

/// Bytes of text the guess is made on: a few paragraphs decide it, and a huge text
/// costs no more than a short one.
pub const SAMPLE_BYTES: usize = 3 * 1024;
/// Bytes of a first, cheaper guess: a paragraph or two, enough for whatlang to be sure
/// of most articles; the full sample is read only when it is not.
const FIRST_BYTES: usize = 1024;

/// The ISO 639-1 code of the text's language, or `None` when whatlang cannot tell it
/// reliably (too short, mixed, or not one of the languages it knows).
pub fn detect(text: &str) -> Option<&'static str> {
    if text.len() > FIRST_BYTES {
        if let Some(code) = reliable(sample(text, FIRST_BYTES)) {
            return Some(code);
        }
    }
    reliable(sample(text, SAMPLE_BYTES))
}

/// whatlang's guess for `text`, if it calls it reliable.
fn reliable(text: &str) -> Option<&'static str> {
    let info = whatlang::detect(text)?;
    info.is_reliable().then(|| iso_639_1(info.lang()))
}

/// The first `bytes` of `text`, cut at a character boundary.
fn sample(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let end = (0..=bytes)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    &text[..end]
}

/// The two-letter code of a language whatlang knows.
pub fn iso_639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Afr => "af",
        Lang::Aka => "ak",
        Lang::Amh => "am",
        Lang::Ara => "ar",
        Lang::Aze => "az",
        Lang::Bel => "be",
        Lang::Ben => "bn",
        Lang::Bul => "bg",
        Lang::Cat => "ca",
        Lang::Ces => "cs",
        Lang::Cmn => "zh",
        Lang::Cym => "cy",
        Lang::Dan => "da",
        Lang::Deu => "de",
        Lang::Ell => "el",
        Lang::Eng => "en",
        Lang::Epo => "eo",
        Lang::Est => "et",
        Lang::Fin => "fi",
        Lang::Fra => "fr",
        Lang::Guj => "gu",
        Lang::Heb => "he",
        Lang::Hin => "hi",
        Lang::Hrv => "hr",
        Lang::Hun => "hu",
        Lang::Hye => "hy",
        Lang::Ind => "id",
        Lang::Ita => "it",
        Lang::Jav => "jv",
        Lang::Jpn => "ja",
        Lang::Kan => "kn",
        Lang::Kat => "ka",
        Lang::Khm => "km",
        Lang::Kor => "ko",
        Lang::Lat => "la",
        Lang::Lav => "lv",
        Lang::Lit => "lt",
        Lang::Mal => "ml",
        Lang::Mar => "mr",
        Lang::Mkd => "mk",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Nld => "nl",
        Lang::Nob => "nb",
        Lang::Ori => "or",
        Lang::Pan => "pa",
        Lang::Pes => "fa",
        Lang::Pol => "pl",
        Lang::Por => "pt",
        Lang::Ron => "ro",
        Lang::Rus => "ru",
        Lang::Sin => "si",
        Lang::Slk => "sk",
        Lang::Slv => "sl",
        Lang::Sna => "sn",
        Lang::Spa => "es",
        Lang::Srp => "sr",
        Lang::Swe => "sv",
        Lang::Tam => "ta",
        Lang::Tel => "te",
        Lang::Tgl => "tl",
        Lang::Tha => "th",
        Lang::Tuk => "tk",
        Lang::Tur => "tr",
        Lang::Ukr => "uk",
        Lang::Urd => "ur",
        Lang::Uzb => "uz",
        Lang::Vie => "vi",
        Lang::Yid => "yi",
        Lang::Zul => "zu",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_news_languages_apart() {
        let cases = [
            ("en", "The minister said that the talks with the union were going well and that there is still hope for an agreement this week."),
            ("de", "Der Minister sagte, dass die Gespräche mit der Gewerkschaft gut laufen und die Hoffnung auf eine Einigung in dieser Woche bleibt."),
            ("fr", "Le ministre a déclaré que les négociations avec le syndicat se passaient bien et qu'un accord restait possible cette semaine."),
            ("es", "El ministro dijo que las conversaciones con el sindicato iban bien y que todavía hay esperanza de un acuerdo esta semana."),
            ("it", "Il ministro ha detto che i colloqui con il sindacato stanno andando bene e che c'è ancora speranza di un accordo questa settimana."),
            ("pt", "O ministro disse que as negociações com o sindicato estão a correr bem e que ainda há esperança de um acordo esta semana."),
            ("nl", DUTCH),
        ];
        for (code, text) in cases {
            assert_eq!(detect(text), Some(code), "{text}");
        }
    }

    const DUTCH: &str = "Het kabinet wil dat gemeenten vanaf volgend jaar meer woningen bouwen voor starters. Volgens het Centraal Bureau voor de Statistiek werden vorig jaar minder nieuwe woningen opgeleverd dan beloofd.";

    #[test]
    fn no_answer_when_unsure() {
        assert_eq!(detect("Hello"), None);
        assert_eq!(detect(""), None);
        assert_eq!(detect("12 345 678 --- ***"), None);
    }

    #[test]
    fn every_language_has_a_distinct_two_letter_code() {
        let mut codes: Vec<&str> = Lang::all().iter().map(|&l| iso_639_1(l)).collect();
        assert!(codes.iter().all(|c| c.len() == 2), "{codes:?}");
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Lang::all().len());
    }

    #[test]
    fn only_the_start_of_a_long_text_is_read() {
        let long = format!("{} {}", DUTCH.repeat(20), "é".repeat(1_000_000));
        assert!(sample(&long, SAMPLE_BYTES).len() <= SAMPLE_BYTES);
        assert_eq!(detect(&long), Some("nl"));
    }
}
