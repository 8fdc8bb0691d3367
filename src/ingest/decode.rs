//! Turning a file's bytes into text, or saying why they are not an article's text.

use crate::ingest::IngestError;

/// Decodes UTF-8 text (a byte-order mark is dropped). Empty files, binary files and
/// bytes that are not UTF-8 are errors that say which.
pub fn decode(bytes: &[u8]) -> Result<String, IngestError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::Empty);
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(IngestError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(IngestError::NotUtf8 {
            offset: e.valid_up_to(),
        }),
    }
}
