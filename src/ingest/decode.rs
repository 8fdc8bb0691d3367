//! Turning a file's bytes into text, or saying why they are not an article's text:
//! UTF-8 first, then a declared charset (HTML `<meta charset>`, HTTP `Content-Type`),
//! then a guess (chardetng) decoded with encoding_rs. Bytes that do not decode cleanly
//! in the chosen encoding are an error, never replacement characters.

use crate::ingest::IngestError;
use encoding_rs::Encoding;
use regex::bytes::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// How far into an HTML file a `<meta charset>` declaration is looked for.
const CHARSET_SCAN: usize = 4096;

/// Decodes a text file whose encoding is not declared.
pub fn decode(bytes: &[u8]) -> Result<String, IngestError> {
    decode_with(bytes, None)
}

/// Decodes an HTML page, honouring the charset its `<meta>` tags declare.
pub fn decode_html(bytes: &[u8]) -> Result<String, IngestError> {
    let declared = declared_html_charset(bytes);
    decode_with(bytes, declared)
}

/// Decodes `bytes`: a byte-order mark wins; then valid UTF-8 is taken as UTF-8 (legacy
/// text practically never forms valid multi-byte UTF-8, and pages re-saved as UTF-8
/// often keep their old declaration); then the `declared` encoding; then chardetng's
/// guess. Empty and binary files are errors, and so are bytes the chosen encoding
/// cannot decode.
pub fn decode_with(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<String, IngestError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_as(&bytes[bom_len..], enc);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::Empty);
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(IngestError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let enc = declared
        .filter(|e| *e != encoding_rs::UTF_8)
        .unwrap_or_else(|| guess(bytes));
    decode_as(bytes, enc)
}

/// Fewer non-ASCII bytes than this is too little evidence for chardetng to tell
/// Latin-1 from other 8-bit encodings ("£" 0xA3 is "Ł" in ISO-8859-2).
const MIN_EVIDENCE: usize = 16;

/// chardetng's guess for bytes that are not UTF-8. A text that is nearly all ASCII
/// with a handful of other bytes is taken as windows-1252 (the superset of Latin-1
/// that legacy English-language news files are written in).
fn guess(bytes: &[u8]) -> &'static Encoding {
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    if non_ascii < MIN_EVIDENCE && non_ascii * 10 < bytes.len() {
        return encoding_rs::WINDOWS_1252;
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    det.guess(None, chardetng::Utf8Detection::Deny)
}

fn decode_as(bytes: &[u8], enc: &'static Encoding) -> Result<String, IngestError> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        let offset = first_bad_offset(bytes, enc);
        return Err(IngestError::Undecodable {
            encoding: enc.name(),
            offset,
        });
    }
    if looks_binary(&text) {
        return Err(IngestError::Binary);
    }
    Ok(match text {
        Cow::Borrowed(s) => s.to_string(),
        Cow::Owned(s) => s,
    })
}

/// The byte offset of the first byte `enc` cannot decode (for the error message).
fn first_bad_offset(bytes: &[u8], enc: &'static Encoding) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(64);
    let mut read = 0;
    for chunk in bytes.chunks(256) {
        out.clear();
        out.reserve(decoder.max_utf8_buffer_length(chunk.len()).unwrap_or(1024));
        let (_, n, errors) = decoder.decode_to_string(chunk, &mut out, false);
        if errors {
            return read;
        }
        read += n;
    }
    read
}

/// Control characters (other than tab, newline, carriage return, form feed) in more
/// than 1% of the characters: a binary file that happened to decode.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(65536) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            control += 1;
        }
    }
    total > 0 && control * 100 > total
}

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"#).unwrap()
});

/// The charset an HTML page declares in its first bytes, when encoding_rs knows it.
pub fn declared_html_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(CHARSET_SCAN)];
    let label = META_CHARSET.captures(head)?.get(1)?.as_bytes();
    Encoding::for_label(label)
}

/// The charset named in an HTTP `Content-Type` value (`text/html; charset=iso-8859-1`).
pub fn charset_of_content_type(value: &str) -> Option<&'static Encoding> {
    let lower = value.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let label = lower[at..]
        .trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace())
        .split([';', ' ', '"', '\''])
        .next()?;
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_pound_sign_is_decoded() {
        let s = decode(b"Price rose to \xA3300 million in the year to March.").unwrap();
        assert!(s.contains("£300"), "{s}");
    }

    #[test]
    fn utf8_and_bom() {
        assert_eq!(decode("é".as_bytes()).unwrap(), "é");
        assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap(), "abc");
        assert!(matches!(decode(b"  \n"), Err(IngestError::Empty)));
        assert!(matches!(decode(b"ab\0cd"), Err(IngestError::Binary)));
    }

    #[test]
    fn declared_html_charset_is_honoured() {
        let page =
            b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8</body></html>";
        assert_eq!(declared_html_charset(page), Some(encoding_rs::WINDOWS_1251));
        assert!(decode_html(page).unwrap().contains("При"));
        let page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">caf\xe9";
        assert!(decode_html(page).unwrap().ends_with("café"));
    }

    #[test]
    fn undecodable_bytes_are_an_error() {
        // Shift_JIS lead byte followed by an invalid trail byte.
        let err = decode_with(b"abc \x81\x20 def", Some(encoding_rs::SHIFT_JIS)).unwrap_err();
        assert!(matches!(err, IngestError::Undecodable { .. }), "{err}");
        assert!(matches!(
            decode(&[0x01, 0x02, 0x03, 0x04, 0x80, 0x05, 0x06]),
            Err(IngestError::Binary)
        ));
    }

    #[test]
    fn content_type_charset() {
        assert_eq!(
            charset_of_content_type("text/html; charset=\"ISO-8859-1\""),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(charset_of_content_type("text/html"), None);
    }
}
