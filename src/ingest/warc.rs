//! The WARC reader (`.warc`, `.warc.gz` once decompressed): each `response` record
//! whose HTTP payload is an HTML page (or `resource` record holding one) is an article, read by the HTML reader. Its URL
//! is the record's `WARC-Target-URI`; its date, when the page gives none, the
//! `WARC-Date`. Other records (requests, metadata, images) are passed over. A broken
//! record is reported by its number ("record 12") and reading resumes at the next one.

use crate::ingest::{decode, html, Problem};
use crate::ingest::{FieldMap, FileRead, IngestError};
use crate::model::RawArticle;

/// The reader of web archives: every HTML response record (each with its own charset).
pub fn read(bytes: &[u8], _fields: &FieldMap) -> Result<FileRead, IngestError> {
    let (articles, problems) = read_warc(bytes);
    Ok(FileRead { articles, problems })
}

/// One WARC record: its header fields and its content block.
struct Record<'a> {
    headers: Vec<(String, String)>,
    block: &'a [u8],
}

impl Record<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads every HTML response of a WARC file.
pub fn read_warc(bytes: &[u8]) -> (Vec<RawArticle>, Vec<Problem>) {
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    let mut pos = skip_blank(bytes, 0);
    let mut number = 0;
    while pos < bytes.len() {
        number += 1;
        match next_record(bytes, pos) {
            Ok((record, next)) => {
                pos = skip_blank(bytes, next);
                match article_of(&record) {
                    Ok(Some(mut a)) => {
                        a.locator = Some(format!("record {number}"));
                        articles.push(a);
                    }
                    Ok(None) => {}
                    Err(reason) => problems.push(Problem::record(number, reason)),
                }
            }
            Err(reason) => {
                problems.push(Problem::record(number, reason));
                match find_next_version_line(bytes, pos + 1) {
                    Some(next) => pos = next,
                    None => break,
                }
            }
        }
    }
    if articles.is_empty() && problems.is_empty() && number == 0 {
        problems.push(Problem::record(1, "no WARC records in the file".into()));
    }
    (articles, problems)
}

fn skip_blank(bytes: &[u8], mut pos: usize) -> usize {
    while pos < bytes.len() && matches!(bytes[pos], b'\r' | b'\n') {
        pos += 1;
    }
    pos
}

/// The start of the next line beginning with `WARC/` at or after `from`.
fn find_next_version_line(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 5 <= bytes.len() {
        let at = i + memchr_nl(&bytes[i..])? + 1;
        if bytes[at..].starts_with(b"WARC/") {
            return Some(at);
        }
        i = at;
    }
    None
}

fn memchr_nl(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// The end of a header block (the index just past its blank line).
fn header_end(bytes: &[u8]) -> Option<(usize, usize)> {
    let crlf = find(bytes, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = find(bytes, b"\n\n").map(|i| (i, i + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn parse_headers(block: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(block)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// Parses the record at `pos`; returns it and the offset just after its block.
fn next_record(bytes: &[u8], pos: usize) -> Result<(Record<'_>, usize), String> {
    let rest = &bytes[pos..];
    if !rest.starts_with(b"WARC/") {
        return Err("not a WARC record: it does not start with a WARC/1.x version line".into());
    }
    let (head_len, block_start) =
        header_end(rest).ok_or("the record's header has no end (truncated file?)")?;
    let headers = parse_headers(&rest[..head_len]);
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
        .ok_or("the record has no Content-Length header")?
        .1
        .parse()
        .map_err(|_| "the record's Content-Length is not a number".to_string())?;
    let end = block_start.checked_add(length);
    let block = end
        .and_then(|end| rest.get(block_start..end))
        .ok_or_else(|| {
            format!(
                "the record is truncated: Content-Length {length}, but only {} bytes follow",
                rest.len() - block_start
            )
        })?;
    Ok((Record { headers, block }, pos + block_start + block.len()))
}

/// The article of an HTML response record; `None` for any other record.
fn article_of(record: &Record) -> Result<Option<RawArticle>, String> {
    // `resource` records hold a page without HTTP headers (`Content-Type: text/html`).
    if !record
        .header("WARC-Type")
        .is_some_and(|t| t.eq_ignore_ascii_case("response") || t.eq_ignore_ascii_case("resource"))
    {
        return Ok(None);
    }
    let warc_type = record
        .header("Content-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let is_http = warc_type.is_empty() || warc_type.contains("application/http");
    if !is_http && !warc_type.contains("html") {
        return Ok(None);
    }
    let (http_headers, payload) = if is_http {
        let (head_len, body_start) = header_end(record.block)
            .ok_or("the HTTP response in the record has no end of headers")?;
        (
            parse_headers(&record.block[..head_len]),
            &record.block[body_start..],
        )
    } else {
        (Vec::new(), record.block)
    };
    let http = |name: &str| {
        http_headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let content_type = http("Content-Type").unwrap_or("");
    if !content_type.is_empty() && !content_type.to_ascii_lowercase().contains("html") {
        return Ok(None);
    }
    let payload = payload_bytes(payload, &http)?;
    let declared = decode::charset_of_content_type(content_type)
        .or_else(|| decode::declared_html_charset(&payload));
    let page = decode::decode_with(&payload, declared).map_err(|e| e.to_string())?;
    let mut article = html::read_html(&page)?;
    if let Some(uri) = record.header("WARC-Target-URI") {
        article.url = Some(uri.trim_matches(['<', '>']).to_string());
        if article.outlet.is_none() {
            article.outlet = html::domain_of(article.url.as_deref().unwrap_or(""));
        }
    }
    if article.date.is_none() {
        article.date = record.header("WARC-Date").map(str::to_string);
    }
    Ok(Some(article))
}

/// The payload undone from HTTP transfer and content encodings (chunked, gzip).
fn payload_bytes<'a>(
    payload: &'a [u8],
    http: &dyn Fn(&str) -> Option<&'a str>,
) -> Result<Vec<u8>, String> {
    let mut body = if http("Transfer-Encoding").is_some_and(|t| t.contains("chunked")) {
        dechunk(payload).ok_or("the HTTP response's chunked encoding is broken")?
    } else {
        payload.to_vec()
    };
    if http("Content-Encoding").is_some_and(|e| e.contains("gzip"))
        && body.starts_with(&[0x1f, 0x8b])
    {
        body = crate::ingest::gunzip(&body).map_err(|e| e.to_string())?;
    }
    Ok(body)
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let nl = memchr_nl(data)?;
        let size_text = std::str::from_utf8(&data[..nl]).ok()?.trim();
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size..)?;
        data = data
            .strip_prefix(b"\r\n")
            .or(data.strip_prefix(b"\n"))
            .unwrap_or(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-05T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    const PAGE: &str = "<html><head><title>Dock strike ends</title></head><body><article><p>Dock workers voted on Thursday to end a strike that had halted container traffic for eleven days, union officials said.</p><p>Shipping lines said the first vessels would berth on Friday.</p></article></body></html>";

    #[test]
    fn html_responses_are_articles_others_are_passed_over() {
        let http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{PAGE}");
        let image = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG";
        let warc = format!(
            "{}{}{}",
            record("request", "https://a.example/x", "GET / HTTP/1.1\r\n\r\n"),
            record("response", "https://news.example/dock", &http),
            record("response", "https://news.example/logo.png", image),
        );
        let (arts, probs) = read_warc(warc.as_bytes());
        assert!(probs.is_empty(), "{probs:?}");
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].url.as_deref(), Some("https://news.example/dock"));
        assert_eq!(arts[0].locator.as_deref(), Some("record 2"));
        assert_eq!(arts[0].date.as_deref(), Some("2024-03-05T10:00:00Z"));
        assert_eq!(arts[0].outlet.as_deref(), Some("news.example"));
    }

    #[test]
    fn a_broken_record_is_reported_and_the_next_read() {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{PAGE}");
        let broken = "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: abc\r\n\r\nxx\r\n\r\n";
        let warc = format!(
            "{broken}{}",
            record("response", "https://n.example/a", &http)
        );
        let (arts, probs) = read_warc(warc.as_bytes());
        assert_eq!(arts.len(), 1);
        assert_eq!(probs.len(), 1);
        assert_eq!(probs[0].record, Some(1));
        assert!(probs[0].reason.contains("Content-Length"));
    }

    #[test]
    fn resource_records_hold_pages_without_http_headers() {
        let warc = format!(
            "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: file:///saved/dock.html\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{PAGE}\r\n\r\n",
            PAGE.len()
        );
        let (arts, probs) = read_warc(warc.as_bytes());
        assert!(probs.is_empty(), "{probs:?}");
        assert_eq!(arts.len(), 1);
        assert!(arts[0].body.contains("Dock workers"));
    }

    #[test]
    fn chunked_payloads() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap(),
            b"abcde"
        );
        assert!(dechunk(b"zz\r\n").is_none());
    }
}
