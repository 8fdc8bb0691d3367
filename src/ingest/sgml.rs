//! The Reuters-21578 SGML reader (`.sgm`): one article per `<REUTERS>` record, named
//! by its NEWID ("NEWID 1234"). The date comes from `<DATE>`, the title from `<TITLE>`,
//! the place from the `<DATELINE>` (handed to `analyze` apart from the body), the
//! text from `<BODY>` (or the unstructured text of `TYPE="UNPROC"` records; a
//! `TYPE="BRIEF"` record is its title). The PLACES, PEOPLE and ORGS lists are kept as
//! listed entities. This is SGML, not XML: `>` is not escaped and character
//! references to control characters (`&#3;`) occur, so it is read with plain scanning.

use crate::ingest::Problem;
use crate::ingest::{decode, FieldMap, FileRead, IngestError};
use crate::model::{EntityType, RawArticle};
use regex::Regex;
use std::sync::LazyLock;

/// The reader of Reuters-21578 SGML files (see `read_reuters`).
pub fn read(bytes: &[u8], _fields: &FieldMap) -> Result<FileRead, IngestError> {
    let (articles, problems) = read_reuters(&decode::decode(bytes)?);
    Ok(FileRead { articles, problems })
}

const OPEN: &str = "<REUTERS";
const CLOSE: &str = "</REUTERS>";

/// Reads every `<REUTERS>` record; a broken record is reported by NEWID (or by its
/// number in the file when it has none) and the others are kept.
pub fn read_reuters(text: &str) -> (Vec<RawArticle>, Vec<Problem>) {
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    let starts: Vec<usize> = text.match_indices(OPEN).map(|(i, _)| i).collect();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        let chunk = &text[start..end];
        let locator = new_id(chunk)
            .map(|id| format!("NEWID {id}"))
            .unwrap_or_else(|| format!("record {}", n + 1));
        match read_record(chunk) {
            Ok(mut a) => {
                a.locator = Some(locator);
                articles.push(a);
            }
            Err(reason) => problems.push(Problem::at(locator, reason)),
        }
    }
    if starts.is_empty() {
        problems.push(Problem::record(
            1,
            "no <REUTERS> records in the file".into(),
        ));
    }
    (articles, problems)
}

static NEWID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"NEWID="(\d+)""#).unwrap());

fn new_id(chunk: &str) -> Option<&str> {
    let head = &chunk[..chunk.find('>').unwrap_or(chunk.len())];
    NEWID.captures(head).map(|c| c.get(1).unwrap().as_str())
}

/// The text between `<TAG ...>` and `</TAG>` (the first such element).
fn element<'a>(rec: &'a str, tag: &str) -> Option<&'a str> {
    let mut from = 0;
    loop {
        let at = from + rec[from..].find('<')?;
        let after = &rec[at + 1..];
        // `<TEXT` must not match `<TEXTX`: the next char ends the tag name.
        if after.starts_with(tag) && after[tag.len()..].starts_with(['>', ' ', '\t', '\n']) {
            let content_start = at + 1 + tag.len() + after[tag.len()..].find('>')? + 1;
            let body = &rec[content_start..];
            let mut search = 0;
            while let Some(i) = body[search..].find("</") {
                let close = search + i;
                let rest = &body[close + 2..];
                if rest.starts_with(tag) && rest[tag.len()..].starts_with('>') {
                    return Some(&body[..close]);
                }
                search = close + 2;
            }
            return None;
        }
        from = at + 1;
    }
}

static TEXT_TYPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<TEXT[^>]*TYPE="(\w+)""#).unwrap());

/// Reads one record.
fn read_record(chunk: &str) -> Result<RawArticle, String> {
    let end = chunk.find(CLOSE).ok_or(
        "the record is not closed by </REUTERS> before the next record or the end of the file",
    )?;
    let rec = &chunk[..end];
    let text = element(rec, "TEXT").ok_or("the record has no <TEXT> element")?;
    let title = element(text, "TITLE").map(|t| one_line(&unescape(t)));
    let dateline = element(text, "DATELINE").map(|d| one_line(&unescape(d)));
    let kind = TEXT_TYPE.captures(rec).map(|c| c[1].to_string());
    let body = match element(text, "BODY") {
        Some(b) => paragraphs(&unescape(b)),
        None if kind.as_deref() == Some("UNPROC") => paragraphs(&unescape(&strip_tags(text))),
        None => String::new(),
    };
    let body = strip_sign_off(&body);
    let body = match body.is_empty() {
        false => body.to_string(),
        // A brief is its headline.
        true => title
            .clone()
            .filter(|t| !t.is_empty())
            .ok_or("the record has neither a title nor a body")?,
    };
    Ok(RawArticle {
        title: title.filter(|t| !t.is_empty()),
        body,
        dateline: dateline.filter(|d| !d.is_empty()),
        outlet: Some("Reuters".into()),
        date: element(rec, "DATE").and_then(|d| iso_date(d.trim())),
        listed_entities: listed(rec),
        ..Default::default()
    })
}

/// `26-FEB-1987 15:01:01.79` → `1987-02-26T15:01:01`; the day alone when the time is odd.
pub fn iso_date(d: &str) -> Option<String> {
    let (day, rest) = d.split_once(' ').unwrap_or((d, ""));
    let mut parts = day.split('-');
    let dd: u32 = parts.next()?.trim().parse().ok()?;
    let mm = crate::analyze::date::month_number(parts.next()?.trim())?;
    let yyyy: u32 = parts.next()?.trim().parse().ok()?;
    let date = format!("{yyyy:04}-{mm:02}-{dd:02}");
    let time: Vec<u32> = rest
        .split('.')
        .next()
        .unwrap_or("")
        .split(':')
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    Some(match time[..] {
        [h, m, s] if h < 24 && m < 60 && s < 60 => format!("{date}T{h:02}:{m:02}:{s:02}"),
        _ => date,
    })
}

/// The PLACES (LOC), PEOPLE (PER) and ORGS (ORG) lists, as display names.
fn listed(rec: &str) -> Vec<(EntityType, String)> {
    let mut out = Vec::new();
    for (tag, kind) in [
        ("PLACES", EntityType::Loc),
        ("PEOPLE", EntityType::Per),
        ("ORGS", EntityType::Org),
    ] {
        let Some(list) = element(rec, tag) else {
            continue;
        };
        for item in list.split("<D>").skip(1) {
            let code = item.split("</D>").next().unwrap_or("").trim();
            if !code.is_empty() {
                out.push((kind, display_name(kind, code)));
            }
        }
    }
    out
}

/// The collection's ORGS codes (its `cat-descriptions_120396.txt` lists the 56 with
/// their expansions) under the names the articles and the entity guidelines give them:
/// the expansion in common use ("worldbank" is the World Bank, not the International Bank
/// for Reconstruction and Development), the acronym where the organisation is known by it
/// (OPEC), spelt as the training annotators do (`data/ner/news/`).
const ORGS: &[(&str, &str)] = &[
    ("adb-africa", "African Development Bank"),
    ("adb-asia", "Asian Development Bank"),
    ("aibd", "Association of International Bond Dealers"),
    ("anrpc", "Association of Natural Rubber Producing Countries"),
    ("asean", "Association of Southeast Asian Nations"),
    ("atpc", "Association of Tin Producing Countries"),
    ("bis", "Bank for International Settlements"),
    (
        "cipec",
        "Intergovernmental Council of Copper Exporting Countries",
    ),
    ("comecon", "Comecon"),
    ("ec", "European Community"),
    ("eca", "Economic Commission for Africa"),
    ("ecafe", "Economic Commission for Asia and the Far East"),
    ("ece", "Economic Commission for Europe"),
    (
        "ecla",
        "Economic Commission for Latin America and the Caribbean",
    ),
    ("ecsc", "European Coal and Steel Community"),
    ("ecwa", "Economic Commission for Western Asia"),
    ("efta", "European Free Trade Association"),
    ("eib", "European Investment Bank"),
    ("emcf", "European Monetary Cooperation Fund"),
    (
        "escap",
        "Economic and Social Commission for Asia and the Pacific",
    ),
    ("euratom", "European Atomic Energy Community"),
    ("fao", "Food and Agriculture Organisation"),
    ("gatt", "General Agreement on Tariffs and Trade"),
    ("gcc", "Gulf Cooperation Council"),
    ("geplacea", "GEPLACEA"),
    ("iaea", "International Atomic Energy Agency"),
    ("iata", "International Air Transport Association"),
    ("icco", "International Cocoa Organization"),
    ("ico-coffee", "International Coffee Organization"),
    ("ico-islam", "Organisation of the Islamic Conference"),
    ("ida", "International Development Association"),
    ("iea", "International Energy Agency"),
    ("iisi", "International Iron and Steel Institute"),
    ("ilo", "International Labour Organization"),
    ("ilzsg", "International Lead and Zinc Study Group"),
    ("imco", "International Maritime Organization"),
    ("imf", "International Monetary Fund"),
    ("inro", "International Natural Rubber Organization"),
    ("irsg", "International Rubber Study Group"),
    ("isa", "International Sugar Organization"),
    ("itc", "International Tin Council"),
    ("iwc-whale", "International Whaling Commission"),
    ("iwc-wheat", "International Wheat Council"),
    ("iwcc", "International Wrought Copper Council"),
    ("iws", "International Wool Secretariat"),
    ("iwto", "International Wool Textile Organisation"),
    ("lafta", "Latin American Free Trade Association"),
    ("mfa", "Multi Fibre Arrangement"),
    (
        "oapec",
        "Organization of Arab Petroleum Exporting Countries",
    ),
    (
        "oecd",
        "Organisation for Economic Co-operation and Development",
    ),
    ("opec", "OPEC"),
    ("un", "United Nations"),
    (
        "unctad",
        "United Nations Conference on Trade and Development",
    ),
    ("who", "World Health Organization"),
    ("worldbank", "World Bank"),
];

/// A Reuters category code as a name: `west-germany` → `West Germany`, `usa` →
/// `United States`, `worldbank` → `World Bank` (`ORGS`; a code it lacks in capitals).
fn display_name(kind: EntityType, code: &str) -> String {
    match (kind, code) {
        (EntityType::Loc, "usa") => return "United States".into(),
        (EntityType::Loc, "uk") => return "United Kingdom".into(),
        (EntityType::Loc, "ussr") => return "Soviet Union".into(),
        (EntityType::Loc, "uae") => return "United Arab Emirates".into(),
        (EntityType::Org, _) => {
            return ORGS
                .binary_search_by(|(c, _)| c.cmp(&code))
                .map_or_else(|_| code.to_uppercase(), |i| ORGS[i].1.to_string())
        }
        _ => {}
    }
    code.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

static CHAR_REF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"&#(\d+);").unwrap());
static TAGS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</?[A-Z]+[^>]*>").unwrap());

/// Resolves `&lt;`, `&gt;`, `&amp;` and numeric references; control characters go.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let s = CHAR_REF.replace_all(s, |c: &regex::Captures| {
        c[1].parse::<u32>()
            .ok()
            .and_then(char::from_u32)
            .filter(|ch| !ch.is_control() || *ch == '\n')
            .map(String::from)
            .unwrap_or_default()
    });
    if !s.contains('&') {
        return s.into_owned();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn strip_tags(s: &str) -> String {
    TAGS.replace_all(s, " ").into_owned()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Wire copy to paragraphs: a line indented by spaces starts a paragraph, other line
/// breaks are wrapping.
fn paragraphs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut para_open = false;
    for line in s.lines() {
        let starts_para =
            line.starts_with("  ") || line.starts_with('\t') || line.trim().is_empty();
        if starts_para && para_open {
            out.push_str("\n\n");
            para_open = false;
        }
        for word in line.split_whitespace() {
            if para_open {
                out.push(' ');
            }
            out.push_str(word);
            para_open = true;
        }
    }
    if out.ends_with("\n\n") {
        out.truncate(out.len() - 2);
    }
    out
}

/// Drops the closing "Reuter" sign-off of wire copy.
fn strip_sign_off(body: &str) -> &str {
    let t = body.trim_end();
    for sign in ["REUTER", "Reuter"] {
        if let Some(rest) = t.strip_suffix(sign) {
            return rest.trim_end();
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D><D>uruguay</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS><D>ico-coffee</D></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute
u f BC-BAHIA-COCOA-REVIEW   02-26 0105</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone, alleviating the drought &lt;since> early
January.
    Arrivals were 1.2 mln bags, dealers said.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="2">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>STANDARD OIL &lt;SRD> TO FORM FINANCIAL UNIT
</TITLE>
&#3;
</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="3">
<DATE>26-FEB-1987 15:03:27.51</DATE>
<TEXT>&#2;
<TITLE>BROKEN RECORD
<REUTERS TOPICS="NO" NEWID="4">
<DATE>31-MAR-1987 605:12:19.12</DATE>
<TEXT TYPE="UNPROC">&#2;
Unprocessed wire text here.
&#3;</TEXT>
</REUTERS>
"#;

    #[test]
    fn orgs_codes_are_named_in_full_and_sorted() {
        assert!(
            ORGS.windows(2).all(|w| w[0].0 < w[1].0),
            "ORGS must stay sorted"
        );
        assert_eq!(display_name(EntityType::Org, "worldbank"), "World Bank");
        assert_eq!(display_name(EntityType::Org, "opec"), "OPEC");
        assert_eq!(display_name(EntityType::Org, "xyz-new"), "XYZ-NEW");
    }

    #[test]
    fn records_fields_and_a_broken_record() {
        let (arts, probs) = read_reuters(SAMPLE);
        assert_eq!(arts.len(), 3, "{probs:?}");
        assert_eq!(probs.len(), 1);
        assert_eq!(probs[0].locator.as_deref(), Some("NEWID 3"));
        let a = &arts[0];
        assert_eq!(a.locator.as_deref(), Some("NEWID 1"));
        assert_eq!(a.title.as_deref(), Some("BAHIA COCOA REVIEW"));
        assert_eq!(a.date.as_deref(), Some("1987-02-26T15:01:01"));
        assert!(
            a.body
                .starts_with("Showers continued throughout the week in the Bahia"),
            "the dateline is not part of the body: {}",
            a.body
        );
        assert_eq!(a.dateline.as_deref(), Some("SALVADOR, Feb 26 -"));
        assert!(
            a.body
                .contains("drought <since> early January.\n\nArrivals were"),
            "{}",
            a.body
        );
        assert!(a.body.ends_with("dealers said."), "{}", a.body);
        assert_eq!(
            a.listed_entities,
            vec![
                (EntityType::Loc, "El Salvador".to_string()),
                (EntityType::Loc, "United States".to_string()),
                (EntityType::Loc, "Uruguay".to_string()),
                (
                    EntityType::Org,
                    "International Coffee Organization".to_string()
                ),
            ]
        );
        assert_eq!(arts[1].body, "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT");
        assert_eq!(arts[2].body, "Unprocessed wire text here.");
        assert_eq!(arts[2].date.as_deref(), Some("1987-03-31"));
    }
}
