//! JSON Lines output: one object per hit. Field names are stable; see README.md,
//! "JSON Lines output", for the schema.

use crate::output::JSON_VERSION;
use crate::search::Hit;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct JsonHit<'a> {
    version: u32,
    query: &'a str,
    #[serde(flatten)]
    hit: &'a Hit,
}

/// Writes each hit as one JSON line.
pub fn write_hits(out: &mut dyn Write, query: &str, hits: &[Hit]) -> io::Result<()> {
    for hit in hits {
        let line = JsonHit {
            version: JSON_VERSION,
            query,
            hit,
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
