//! The document codec: how an `Article` becomes a tantivy document, and how stored
//! documents and fast-field columns read back. Both directions live here, beside the
//! schema, so that a field or a term convention changes in one place; the search layer
//! reads documents only through these functions.

use crate::index::schema::{names, Fields, PASSAGE_BREAK};
use crate::model::{Article, Citation, CitationKind, Entity, EntityType, NewsDate, MAX_ALIASES};
use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::{Field, Value};
use tantivy::{DateTime, SegmentReader, TantivyDocument};

/// One tantivy document per article: the title, the lead (its first passage) and the
/// body (its passages joined by `PASSAGE_BREAK`) indexed; the body stored whole with its
/// passages' character spans.
pub fn document(f: &Fields, a: &Article) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.article_id, &a.id);
    d.add_u64(f.article_key, article_key(&a.id));
    d.add_text(f.path, &a.source.path);
    if let Some(l) = &a.source.locator {
        d.add_text(f.locator, l);
    }
    if let (Some(o), Some(k)) = (&a.outlet, &a.outlet_key) {
        d.add_text(f.outlet, o);
        d.add_text(f.outlet_key, k);
    }
    if let Some(date) = &a.date {
        d.add_date(f.date, index_date(date));
        d.add_text(f.date_text, date.to_string());
    }
    if let Some(t) = &a.title {
        d.add_text(f.title, t);
    }
    if let Some(lead) = a.passages.first() {
        d.add_text(f.lead, &lead.text);
    }
    let mut indexed = String::with_capacity(a.body.len() + a.passages.len() * 3);
    for (i, p) in a.passages.iter().enumerate() {
        if i > 0 {
            indexed.push(PASSAGE_BREAK);
        }
        indexed.push_str(&p.text);
    }
    d.add_text(f.body, &indexed);
    d.add_text(f.body_text, &a.body);
    let spans: Vec<(usize, usize)> = a.passages.iter().map(|p| (p.start, p.end)).collect();
    d.add_bytes(f.passages, &encode_passages(&spans));
    for e in &a.entities {
        d.add_text(f.entity, entity_term(e.kind, &e.name));
    }
    d.add_text(f.entities, encode_entities(&a.entities));
    for c in &a.citations {
        d.add_text(f.cites, cite_term(c.kind, &c.source));
    }
    if !a.citations.is_empty() {
        d.add_text(f.citations, encode_citations(&a.citations));
    }
    if !a.authors.is_empty() {
        d.add_text(f.authors, a.authors.join("; "));
    }
    if let Some(u) = &a.url {
        d.add_text(f.url, u);
    }
    if let Some(l) = &a.language {
        d.add_text(f.language, l);
    }
    if let Some(pl) = &a.place {
        d.add_text(f.place, pl);
    }
    for (field, word) in f.sketch.iter().zip(a.sketch) {
        d.add_u64(*field, word);
    }
    d
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

/// Passage spans as bytes: for each passage, the gap since the previous end and its
/// length, as LEB128 varints.
pub fn encode_passages(spans: &[(usize, usize)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(spans.len() * 3);
    let mut last = 0;
    for &(s, e) in spans {
        push_varint(&mut out, s.saturating_sub(last) as u64);
        push_varint(&mut out, e.saturating_sub(s) as u64);
        last = e;
    }
    out
}

/// The inverse of `encode_passages` (a damaged value reads as the spans before the damage).
pub fn decode_passages(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut at, mut last) = (0, 0usize);
    while at < bytes.len() {
        let (Some(gap), Some(len)) = (read_varint(bytes, &mut at), read_varint(bytes, &mut at))
        else {
            break;
        };
        let s = last.saturating_add(gap as usize);
        let e = s.saturating_add(len as usize);
        out.push((s, e));
        last = e;
    }
    out
}

/// Midnight UTC of the article's own calendar day: day-precision filters then match the
/// day the source printed, whatever its time zone.
pub fn index_date(date: &NewsDate) -> DateTime {
    DateTime::from_timestamp_secs(day_start_secs(date.day))
}

/// Seconds since the epoch of midnight UTC on `day`.
pub fn day_start_secs(day: jiff::civil::Date) -> i64 {
    day.to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

/// The calendar day (UTC) of an indexed date, in seconds since the epoch.
pub fn day_of(secs: i64) -> Option<jiff::civil::Date> {
    jiff::Timestamp::from_second(secs)
        .ok()
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
}

/// The u64 form of an article id (its 16 hex digits), kept as a fast field to collapse
/// passages to articles.
pub fn article_key(id: &str) -> u64 {
    u64::from_str_radix(id, 16).unwrap_or_else(|_| {
        let h = blake3::hash(id.as_bytes());
        u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
    })
}

/// The lower-case, single-spaced key of an entity name.
pub fn entity_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The term an entity is indexed under: its type and name key ("per:carl bildt").
pub fn entity_term(kind: EntityType, name: &str) -> String {
    typed_entity_term(kind, &entity_key(name))
}

/// The typed form of an entity term: "per:carl bildt".
pub fn typed_entity_term(kind: EntityType, key: &str) -> String {
    format!("{}:{key}", kind.as_str().to_lowercase())
}

/// The regular expression matching every typed term of an entity type ("per:.*").
pub fn typed_entity_pattern(kind: EntityType) -> String {
    format!("{}:.*", kind.as_str().to_lowercase())
}

/// Reads an `entity` term back (the inverse of `entity_term`): its type and name key;
/// `None` for a term that is not one.
pub fn decode_entity_term(term: &str) -> Option<(EntityType, &str)> {
    let (kind, name) = term.split_once(':')?;
    Some((EntityType::parse(kind)?, name))
}

fn stored_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// The article fields a document stores (besides its body).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredArticle {
    pub article_id: String,
    pub path: String,
    pub locator: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub authors: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub place: Option<String>,
}

/// One passage of a stored article: where it sits in the body, and its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredPassage {
    pub ordinal: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Reads the article fields of a stored document.
pub fn read_article(f: &Fields, doc: &TantivyDocument) -> StoredArticle {
    let text = |field| stored_text(doc, field);
    StoredArticle {
        article_id: text(f.article_id).unwrap_or_default(),
        path: text(f.path).unwrap_or_default(),
        locator: text(f.locator),
        outlet: text(f.outlet),
        date: text(f.date_text),
        title: text(f.title),
        authors: text(f.authors),
        url: text(f.url),
        language: text(f.language),
        place: text(f.place),
    }
}

/// The stored body of an article.
pub fn read_body(f: &Fields, doc: &TantivyDocument) -> String {
    stored_text(doc, f.body_text).unwrap_or_default()
}

/// The character spans of an article's passages in its body.
pub fn read_passage_spans(f: &Fields, doc: &TantivyDocument) -> Vec<(usize, usize)> {
    doc.get_first(f.passages)
        .and_then(|v| v.as_bytes())
        .map(decode_passages)
        .unwrap_or_default()
}

/// The passages `wanted` (ordinals; all when `None`) of a body, cut at their character
/// spans; a span beyond the body is cut short.
pub fn cut_passages(
    body: &str,
    spans: &[(usize, usize)],
    wanted: Option<&[usize]>,
) -> Vec<StoredPassage> {
    // Byte offset of every character boundary, read once.
    let bounds: Vec<usize> = body
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(body.len()))
        .collect();
    let byte = |c: usize| bounds[c.min(bounds.len() - 1)];
    let mut out = Vec::new();
    for (ordinal, &(s, e)) in spans.iter().enumerate() {
        if wanted.is_some_and(|w| !w.contains(&ordinal)) {
            continue;
        }
        let (bs, be) = (byte(s), byte(e.max(s)));
        out.push(StoredPassage {
            ordinal,
            start: s,
            end: e,
            text: body[bs..be].to_string(),
        });
    }
    out
}

/// The term a cited source is indexed under: its kind and name key ("outlet:bloomberg").
pub fn cite_term(kind: CitationKind, source: &str) -> String {
    format!("{}:{}", kind.as_str(), entity_key(source))
}

/// The kind and name key of a cite term.
pub fn decode_cite_term(term: &str) -> Option<(CitationKind, &str)> {
    let (kind, key) = term.split_once(':')?;
    Some((CitationKind::parse(kind)?, key))
}

/// An article's citations as stored: one line each,
/// `kind<TAB>cue<TAB>sentence start<TAB>sentence end<TAB>span start<TAB>span end<TAB>source`.
pub fn encode_citations(citations: &[Citation]) -> String {
    let mut out = String::new();
    for c in citations {
        let clean = |s: &str| s.replace(['\t', '\n'], " ");
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            c.kind.as_str(),
            clean(&c.cue),
            c.sentence.start,
            c.sentence.end,
            c.span.start,
            c.span.end,
            clean(&c.source)
        ));
    }
    out
}

/// The inverse of `encode_citations` (a damaged line is left out).
pub fn decode_citations(text: &str) -> Vec<Citation> {
    text.lines()
        .filter_map(|line| {
            let mut cols = line.splitn(7, '\t');
            let kind = CitationKind::parse(cols.next()?)?;
            let cue = cols.next()?.to_string();
            let mut num = || cols.next()?.parse::<usize>().ok();
            let (s0, s1, p0, p1) = (num()?, num()?, num()?, num()?);
            let source = cols.next()?.to_string();
            Some(Citation {
                source,
                kind,
                cue,
                sentence: s0..s1,
                span: p0..p1,
            })
        })
        .collect()
}

/// The article's citations.
pub fn read_citations(f: &Fields, doc: &TantivyDocument) -> Vec<Citation> {
    stored_text(doc, f.citations)
        .map(|t| decode_citations(&t))
        .unwrap_or_default()
}

/// An article's entities as stored: one line each, `TYPE<TAB>mentions<TAB>name`.
pub fn encode_entities(entities: &[Entity]) -> String {
    let mut out = String::new();
    let clean = |s: &str| s.replace(['\t', '\n'], " ");
    for e in entities {
        out.push_str(&format!(
            "{}\t{}\t{}",
            e.kind.as_str(),
            e.mentions,
            clean(&e.name)
        ));
        for a in e.aliases.iter().take(MAX_ALIASES) {
            out.push('\t');
            out.push_str(&clean(a));
        }
        out.push('\n');
    }
    out
}

/// The inverse of `encode_entities` (a damaged line is left out).
pub fn decode_entities(text: &str) -> Vec<Entity> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.split('\t');
            let kind = EntityType::parse(parts.next()?)?;
            let mentions = parts.next()?.parse().ok()?;
            let name = parts.next()?.to_string();
            let aliases = parts.take(MAX_ALIASES).map(str::to_string).collect();
            Some(Entity {
                kind,
                name,
                mentions,
                aliases,
            })
        })
        .collect()
}

/// The article's entities.
pub fn read_entities(f: &Fields, doc: &TantivyDocument) -> Vec<Entity> {
    stored_text(doc, f.entities)
        .map(|t| decode_entities(&t))
        .unwrap_or_default()
}

/// The fast-field columns of a segment that searches read.
pub mod columns {
    use super::*;

    /// The article key of each document.
    pub fn article_keys(seg: &SegmentReader) -> tantivy::Result<Column<u64>> {
        seg.fast_fields().u64(names::ARTICLE_KEY)
    }

    /// The four words of each document's near-duplicate sketch.
    pub fn sketches(seg: &SegmentReader) -> tantivy::Result<[Column<u64>; 4]> {
        let ff = seg.fast_fields();
        Ok([
            ff.u64(names::SKETCH[0])?,
            ff.u64(names::SKETCH[1])?,
            ff.u64(names::SKETCH[2])?,
            ff.u64(names::SKETCH[3])?,
        ])
    }

    /// The indexed date (midnight UTC of the article's day) of each document.
    pub fn dates(seg: &SegmentReader) -> tantivy::Result<Column<DateTime>> {
        seg.fast_fields().date(names::DATE)
    }

    /// The outlet key of each document (`None` when no document has one).
    pub fn outlet_keys(seg: &SegmentReader) -> tantivy::Result<Option<StrColumn>> {
        seg.fast_fields().str(names::OUTLET_KEY)
    }

    /// The entity terms of each document (see `entity_term`).
    pub fn entity_terms(seg: &SegmentReader) -> tantivy::Result<Option<StrColumn>> {
        seg.fast_fields().str(names::ENTITY)
    }

    /// The cite terms of each document ("outlet:bloomberg").
    pub fn cite_terms(seg: &SegmentReader) -> tantivy::Result<Option<StrColumn>> {
        seg.fast_fields().str(names::CITES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_read_back() {
        let cs = vec![Citation {
            source: "The Telegraph".into(),
            kind: CitationKind::Outlet,
            cue: "reported".into(),
            sentence: 0..40,
            span: 10..25,
        }];
        assert_eq!(decode_citations(&encode_citations(&cs)), cs);
        assert_eq!(
            cite_term(CitationKind::Anonymous, "US  officials"),
            "anonymous:us officials"
        );
        assert_eq!(
            decode_cite_term("outlet:bloomberg"),
            Some((CitationKind::Outlet, "bloomberg"))
        );
    }

    #[test]
    fn entity_terms_read_back() {
        let term = entity_term(EntityType::Per, "Carl  Bildt");
        assert_eq!(term, "per:carl bildt");
        assert_eq!(
            decode_entity_term(&term),
            Some((EntityType::Per, "carl bildt"))
        );
        assert_eq!(decode_entity_term("u.s.: a"), None);
    }

    #[test]
    fn passage_spans_read_back_and_cut_the_body() {
        let spans = vec![(0, 5), (7, 300), (300, 301)];
        assert_eq!(decode_passages(&encode_passages(&spans)), spans);
        assert!(
            decode_passages(&[0xff]).is_empty(),
            "damage reads as nothing"
        );
        let body = "Ünï c\n\nmore text";
        let ps = cut_passages(body, &[(0, 5), (7, 16)], None);
        assert_eq!(ps[0].text, "Ünï c");
        assert_eq!(ps[1].text, "more text");
        let one = cut_passages(body, &[(0, 5), (7, 99)], Some(&[1]));
        assert_eq!(
            (one.len(), one[0].ordinal, one[0].text.as_str()),
            (1, 1, "more text")
        );
    }

    #[test]
    fn entities_read_back() {
        let es = vec![
            Entity {
                kind: EntityType::Per,
                name: "Carl\tBildt".into(),
                mentions: 2,
                aliases: vec!["Bildt".into(), "Mr\nBildt".into()],
            },
            Entity::new(EntityType::Org, "EU", 1),
        ];
        let back = decode_entities(&encode_entities(&es));
        assert_eq!(back[0].name, "Carl Bildt");
        assert_eq!(back[0].aliases, ["Bildt", "Mr Bildt"]);
        assert_eq!(back[1], es[1]);
        // Lines written before entities kept their other names read as none.
        let old = decode_entities("PER\t2\tCarl Bildt\n");
        assert_eq!(old, [Entity::new(EntityType::Per, "Carl Bildt", 2)]);
        assert!(decode_entities("XYZ\t1\tname\nPER\tx\tname").is_empty());
    }

    #[test]
    fn article_keys_are_the_hex_ids() {
        assert_eq!(article_key("00000000000000ff"), 255);
        assert_ne!(article_key("not hex"), 0);
    }
}
