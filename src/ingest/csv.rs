//! The CSV/TSV reader: a header row names the columns, which map to article fields as
//! JSON fields do (`title`, `body`/`text`/`content`, `outlet`/`source`, `date`, ... or
//! the columns given with `--field`). Each row is an article named by its line
//! ("line 7"); a malformed row is reported by line and the other rows are kept.

use crate::ingest::{decode, FileRead, IngestError};
use crate::ingest::{json, FieldMap, Problem};
use crate::model::RawArticle;
use serde_json::{Map, Value};

/// The reader of `.csv` files (see `read_csv`).
pub fn read(bytes: &[u8], fields: &FieldMap) -> Result<FileRead, IngestError> {
    read_delimited(bytes, b',', fields)
}

/// The reader of `.tsv` and `.tab` files (see `read_csv`).
pub fn read_tsv(bytes: &[u8], fields: &FieldMap) -> Result<FileRead, IngestError> {
    read_delimited(bytes, b'\t', fields)
}

fn read_delimited(bytes: &[u8], delimiter: u8, fields: &FieldMap) -> Result<FileRead, IngestError> {
    let text = decode::decode(bytes)?;
    let (articles, problems) =
        read_csv(&text, delimiter, fields).map_err(IngestError::Malformed)?;
    Ok(FileRead { articles, problems })
}

/// Reads every row of a CSV (`delimiter` b',') or TSV (b'\t') text.
pub fn read_csv(
    text: &str,
    delimiter: u8,
    fields: &FieldMap,
) -> Result<(Vec<RawArticle>, Vec<Problem>), String> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("cannot read the header row: {e}"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err("the header row is empty".into());
    }
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    let mut record = ::csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line() as usize);
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                let obj: Map<String, Value> = headers
                    .iter()
                    .zip(record.iter())
                    .filter(|(h, _)| !h.is_empty())
                    .map(|(h, v)| (h.clone(), Value::String(v.to_string())))
                    .collect();
                match json::article_from_value(&Value::Object(obj), fields) {
                    Ok(mut a) => {
                        a.locator = Some(format!("line {line}"));
                        articles.push(a);
                    }
                    Err(reason) => problems.push(Problem::line(line, reason)),
                }
            }
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line() as usize);
                let reason = match e.kind() {
                    ::csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("the row has {len} fields, the header {expected_len}"),
                    _ => format!("malformed row: {e}"),
                };
                problems.push(Problem::line(line, reason));
            }
        }
    }
    Ok((articles, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_map_like_json_and_a_bad_row_is_reported() {
        let text = "title,text,source,published\nA,Body one.,Wire,2024-01-02\nB,\"Body, two\"\nC,Body three.,Wire,2024-01-04\n";
        let (arts, probs) = read_csv(text, b',', &FieldMap::default()).unwrap();
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[0].outlet.as_deref(), Some("Wire"));
        assert_eq!(arts[0].date.as_deref(), Some("2024-01-02"));
        assert_eq!(arts[1].locator.as_deref(), Some("line 4"));
        assert_eq!(probs.len(), 1);
        assert_eq!(probs[0].line, Some(3));
    }

    #[test]
    fn tsv_with_mapped_columns() {
        let fields = FieldMap::parse(&["body=story_text".into(), "outlet=site".into()]).unwrap();
        let text = "headline\tstory_text\tsite\nH\tThe story.\tHarbour Times\n";
        let (arts, probs) = read_csv(text, b'\t', &fields).unwrap();
        assert!(probs.is_empty());
        assert_eq!(arts[0].body, "The story.");
        assert_eq!(arts[0].outlet.as_deref(), Some("Harbour Times"));
        assert_eq!(arts[0].locator.as_deref(), Some("line 2"));
    }
}
