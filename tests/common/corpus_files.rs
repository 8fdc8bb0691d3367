//! An independent reading of the bundled corpus: the outlet, day and body of every
//! article, read here without newsdex, to check its counts against.

use super::corpus;
use serde_json::Value;
use std::path::Path;

/// (year, month, day)
pub type Day = (i32, u32, u32);

#[derive(Debug, Clone)]
pub struct Art {
    pub outlet: Option<String>,
    pub date: Option<Day>,
    pub body: String,
}

pub const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// "Apr08’24", "June 17, 2024", "9 April 2024", "2024-09-05"; no year: no date.
pub fn parse_day(s: &str) -> Option<Day> {
    let s = s.trim();
    if s.len() >= 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' {
        return Some((
            s[..4].parse().ok()?,
            s[5..7].parse().ok()?,
            s[8..10].parse().ok()?,
        ));
    }
    let alpha: String = s
        .chars()
        .skip_while(|c| !c.is_alphabetic())
        .take_while(|c| c.is_alphabetic())
        .collect();
    let month = MONTHS
        .iter()
        .position(|m| alpha.to_lowercase().starts_with(m))? as u32
        + 1;
    let nums: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|x| !x.is_empty())
        .collect();
    if nums.len() != 2 {
        return None;
    }
    let year: i32 = nums[1].parse().ok()?;
    let year = if nums[1].len() == 2 {
        2000 + year
    } else {
        year
    };
    Some((year, month, nums[0].parse().ok()?))
}

/// Outlet and date of a dateline paragraph: "(Outlet, date) —", "CITY, date (Outlet) -", "CITY (Outlet) —".
pub fn dateline(p: &str) -> Option<(String, Option<Day>)> {
    if let Some(rest) = p.strip_prefix('(') {
        let inside = &rest[..rest.find(')')?];
        let (outlet, date) = inside.split_once(", ")?;
        return Some((outlet.trim().to_string(), parse_day(date)));
    }
    let open = p.find(" (")?;
    let close = p.find(')')?;
    let head = &p[..open];
    if close > 90 || !head.chars().next()?.is_uppercase() {
        return None;
    }
    let city_up = head.split(',').next()?.chars().all(|c| !c.is_lowercase());
    if !city_up {
        return None;
    }
    let date = head.split_once(", ").and_then(|(_, d)| parse_day(d));
    Some((p[open + 2..close].to_string(), date))
}

pub fn read_text_article(path: &Path, folder_outlet: Option<String>) -> Art {
    let text = std::fs::read_to_string(path).unwrap();
    let paras: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    // A dateline is in the first paragraph, or the second after a title line.
    let found = paras.iter().take(2).find_map(|p| dateline(p));
    let (outlet, date) = match found {
        Some((o, d)) => (Some(o), d),
        None => (folder_outlet, None),
    };
    Art {
        outlet,
        date,
        body: text,
    }
}

pub fn json_article(v: &Value) -> Art {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let outlet = s("outlet")
        .or_else(|| s("source"))
        .or_else(|| s("site_name"))
        .or_else(|| {
            v.pointer("/publisher/name")
                .and_then(Value::as_str)
                .map(str::to_string)
        });
    let date = ["date", "published_at", "publishedAt", "datePublished"]
        .iter()
        .find_map(|k| s(k))
        .and_then(|d| parse_day(&d[..10.min(d.len())]));
    let body = ["body", "content", "article", "text"]
        .iter()
        .find_map(|k| s(k))
        .unwrap_or_default();
    Art { outlet, date, body }
}

pub fn corpus_articles() -> Vec<Art> {
    let mut out = Vec::new();
    let mut stack = vec![corpus()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            let text = || std::fs::read_to_string(&p).unwrap();
            match ext {
                "txt" => {
                    // corpus/newsdex.toml sets outlet_from_folder: a file in a sub-folder
                    // without an outlet of its own takes the folder's name.
                    let folder = (dir != corpus())
                        .then(|| dir.file_name().unwrap().to_string_lossy().into_owned());
                    out.push(read_text_article(&p, folder));
                }
                "json" => match serde_json::from_str::<Value>(&text()).unwrap() {
                    Value::Array(items) => out.extend(items.iter().map(json_article)),
                    v => out.push(json_article(&v)),
                },
                "jsonl" | "ndjson" => out.extend(
                    text()
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| json_article(&serde_json::from_str(l).unwrap())),
                ),
                _ => {}
            }
        }
    }
    out
}

pub fn month_key(d: Day) -> String {
    format!("{:04}-{:02}", d.0, d.1)
}

/// Articles whose body has a word of the `sanction` stem (sanction, sanctions, sanctioned...).
pub fn mentions_sanctions(a: &Art) -> bool {
    a.body.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "sanction" | "sanctions" | "sanctioned" | "sanctioning"
        )
    })
}
