//! Human output: for each hit its outlet, date and title (or path), then the passage
//! trimmed around its matches, the matches in colour when colour is on.

use crate::output::{visible, QueryRef};
use crate::pipeline::Summary;
use crate::search::{Hit, Span};
use std::io::{self, Write};

/// Passages up to this many characters are shown whole.
const SHOW_WHOLE: usize = 400;
/// Context kept on each side of the matches when a passage is trimmed.
const CONTEXT: usize = 140;

const BOLD: &str = "\x1b[1m";
const MATCH: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// The window of a passage to show: `[start, end)` in characters.
fn window(chars: &[char], spans: &[Span]) -> (usize, usize) {
    let len = chars.len();
    if len <= SHOW_WHOLE || spans.is_empty() {
        return (0, len.min(SHOW_WHOLE));
    }
    let first = spans[0].start;
    let last = spans
        .iter()
        .map(|s| s.end)
        .filter(|&e| e <= first + SHOW_WHOLE)
        .max()
        .unwrap_or(spans[0].end);
    let mut start = first.saturating_sub(CONTEXT);
    let mut end = (last + CONTEXT).min(len);
    // Snap to word boundaries.
    while start > 0 && !chars[start - 1].is_whitespace() {
        start -= 1;
    }
    while end < len && !chars[end].is_whitespace() {
        end += 1;
    }
    (start, end)
}

fn paint(out: &mut dyn Write, color: bool, style: &str, text: &str) -> io::Result<()> {
    if color {
        write!(out, "{style}{text}{RESET}")
    } else {
        write!(out, "{text}")
    }
}

/// Writes the passage window with its highlights.
fn write_passage(out: &mut dyn Write, hit: &Hit, color: bool) -> io::Result<()> {
    let chars: Vec<char> = hit.text.chars().collect();
    let (start, end) = window(&chars, &hit.highlights);
    let piece = |a: usize, b: usize| {
        let raw: String = chars[a..b].iter().collect();
        visible::line(&raw).into_owned()
    };
    write!(out, "    ")?;
    if start > 0 {
        write!(out, "…")?;
    }
    let mut pos = start;
    for s in hit
        .highlights
        .iter()
        .filter(|s| s.start >= start && s.end <= end)
    {
        write!(out, "{}", piece(pos, s.start))?;
        if color {
            paint(out, true, MATCH, &piece(s.start, s.end))?;
        } else {
            write!(out, "[{}]", piece(s.start, s.end))?;
        }
        pos = s.end;
    }
    write!(out, "{}", piece(pos, end))?;
    if end < chars.len() {
        write!(out, "…")?;
    }
    writeln!(out)
}

/// The heading of one query's answers in a batch: `## id: query`.
pub fn write_heading(out: &mut dyn Write, q: QueryRef) -> io::Result<()> {
    writeln!(
        out,
        "## {}: {}",
        visible::line(q.id.unwrap_or_default()),
        visible::line(q.text)
    )
}

/// The line after one query's results: which of how many matching articles were shown
/// (`10 of 1,517 articles`, `11-20 of 1,517 articles` on a later page).
pub fn write_total(
    out: &mut dyn Write,
    offset: usize,
    shown: usize,
    total: usize,
) -> io::Result<()> {
    let noun = if total == 1 { "article" } else { "articles" };
    let total = thousands(total);
    if offset == 0 {
        writeln!(out, "{} of {total} {noun}", thousands(shown))
    } else {
        let first = thousands(offset.saturating_add(1));
        let last = thousands(offset.saturating_add(shown));
        writeln!(out, "{first}-{last} of {total} {noun}")
    }
}

/// A number with a comma between groups of three digits: `1,517`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Writes hits for a person to read.
pub fn write_hits(out: &mut dyn Write, hits: &[Hit], color: bool) -> io::Result<()> {
    let mut last_rank = 0;
    for hit in hits {
        if hit.rank != last_rank {
            if last_rank != 0 {
                writeln!(out)?;
            }
            last_rank = hit.rank;
            let mut head = vec![hit.outlet.clone().unwrap_or_else(|| "(no outlet)".into())];
            head.push(
                hit.date
                    .as_deref()
                    .map(|d| d.get(..10).unwrap_or(d))
                    .unwrap_or("(no date)")
                    .to_string(),
            );
            let source = match &hit.locator {
                Some(l) => format!("{}#{}", hit.path, l),
                None => hit.path.clone(),
            };
            head.push(hit.title.clone().unwrap_or_else(|| source.clone()));
            write!(out, "{:>2}. ", hit.rank)?;
            paint(out, color, BOLD, &visible::line(&head.join(" · ")))?;
            writeln!(out)?;
            let similar = match hit.similar.len() {
                0 => String::new(),
                n => format!("  +{n} similar"),
            };
            let meta = format!(
                "    {source}  id {}  score {:.2}{similar}",
                hit.article_id, hit.score
            );
            paint(out, color, DIM, &visible::line(&meta))?;
            writeln!(out)?;
        }
        write_passage(out, hit, color)?;
    }
    Ok(())
}

/// Writes the end-of-run summary of `newsdex index`.
pub fn write_index_summary(out: &mut dyn Write, s: &Summary, index_path: &str) -> io::Result<()> {
    writeln!(
        out,
        "indexed {} into {}: {} files seen, {} read, {} unchanged, {} removed; {} articles and {} passages read ({:.1} MB) in {:.2}s",
        visible::line(&s.corpus_root.display().to_string()),
        visible::line(index_path),
        s.files_seen,
        s.files_read,
        s.files_unchanged,
        s.files_removed,
        s.articles_read,
        s.passages_read,
        s.bytes_read as f64 / 1e6,
        s.seconds
    )?;
    writeln!(
        out,
        "the index holds {} articles in {} passages",
        s.total_articles, s.total_passages
    )?;
    if s.links_skipped > 0 {
        writeln!(
            out,
            "{} symbolic link(s) not followed (--follow follows them)",
            s.links_skipped
        )?;
    }
    if s.duplicates > 0 {
        writeln!(
            out,
            "{} file(s) reached again through a link, indexed once",
            s.duplicates
        )?;
    }
    for c in &s.cleaned {
        writeln!(out, "{}", visible::line(c))?;
    }
    if !s.skipped.is_empty() {
        writeln!(out, "skipped {} file(s):", s.skipped.len())?;
        for (path, reason) in &s.skipped {
            writeln!(out, "  {}: {}", visible::line(path), visible::line(reason))?;
        }
    }
    if !s.problems.is_empty() {
        writeln!(out, "{} record(s) skipped or cut:", s.problems.len())?;
        for p in &s.problems {
            writeln!(out, "  {}", visible::line(p))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits_by_three() {
        let got: Vec<String> = [0, 7, 999, 1000, 1517, 1_000_000, 12_345_678]
            .into_iter()
            .map(thousands)
            .collect();
        assert_eq!(
            got,
            ["0", "7", "999", "1,000", "1,517", "1,000,000", "12,345,678"]
        );
    }

    #[test]
    fn total_line_names_the_page_and_the_whole() {
        let line = |offset, shown, total| {
            let mut v = Vec::new();
            write_total(&mut v, offset, shown, total).unwrap();
            String::from_utf8(v).unwrap()
        };
        assert_eq!(line(0, 10, 1517), "10 of 1,517 articles\n");
        assert_eq!(line(10, 10, 1517), "11-20 of 1,517 articles\n");
        assert_eq!(line(0, 1, 1), "1 of 1 article\n");
    }
}
