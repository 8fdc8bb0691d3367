//! The HTML reader: a saved web page's main text (without navigation, ads, related
//! links, comments, scripts or styles; paragraphs kept) and its metadata.
//!
//! Main-content extraction and the common metadata (JSON-LD `NewsArticle`/`Article`,
//! OpenGraph and article meta tags, `<title>`) come from dom_smoothie, a port of
//! Mozilla's Readability. Written here is only what it does not do: other date meta
//! tags (`date`, `pubdate`, `citation_*`, Dublin Core), `<time datetime>`, the
//! canonical URL, and the outlet from the URL's domain when the page names no site.

use crate::ingest::{decode, html_flat, FieldMap, FileRead, IngestError};
use crate::model::RawArticle;
use dom_query::Document;
use dom_smoothie::{CandidateSelectMode, Config, Readability, TextMode};

/// The reader of saved web pages: the page's own charset, then `read_html`.
pub fn read(bytes: &[u8], _fields: &FieldMap) -> Result<FileRead, IngestError> {
    let page = decode::decode_html(bytes)?;
    Ok(FileRead::one(
        read_html(&page).map_err(IngestError::NotArticle)?,
    ))
}

/// How the main text is found; `Readability` is the default (see `tests/real_formats.rs`
/// for the comparison on real pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extractor {
    /// dom_smoothie with Readability.js's choice of the top candidate.
    Readability,
    /// dom_smoothie with its own choice of the top candidate.
    DomSmoothie,
    /// Every `<p>` outside navigation, headers, footers and asides (a baseline).
    Paragraphs,
}

/// Meta tags (name or property) that give a publication date, most trusted first.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "originalpublicationdate",
];

/// Meta tags that name the site, after JSON-LD's publisher and `og:site_name`.
const SITE_META: &[&str] = &[
    "og:site_name",
    "application-name",
    "citation_journal_title",
    "citation_publisher",
    "dc.publisher",
];

/// Reads one article from an HTML page, with the default extractor.
pub fn read_html(html: &str) -> Result<RawArticle, String> {
    read_html_with(html, Extractor::Readability)
}

/// Reads one article from an HTML page with the given main-text extractor. A failure
/// inside the HTML libraries is reported as this page's error, never a crash of the run.
pub fn read_html_with(html: &str, extractor: Extractor) -> Result<RawArticle, String> {
    crate::panics::contain(|| extract(html, extractor))
        .unwrap_or_else(|msg| Err(format!("the HTML parser failed on this page ({msg})")))
}

/// Pages whose elements nest deeper than this are read from the flat pass
/// (`html_flat`): the DOM extractor's time grows with the square of the depth, and real
/// news pages nest a few dozen levels.
pub const MAX_DOM_DEPTH: usize = 512;

/// The article of a page read by the flat pass: its title and paragraphs.
fn flat_article(flat: html_flat::FlatPage) -> Result<RawArticle, String> {
    if flat.paragraphs.is_empty() {
        return Err("no article text found in the page".into());
    }
    Ok(RawArticle {
        title: flat.title,
        body: flat.paragraphs.join("\n\n"),
        ..Default::default()
    })
}

/// How deeply the elements of a parsed page nest (the document node is depth 0).
pub fn dom_depth(doc: &Document) -> usize {
    let mut deepest = 0;
    let mut todo = vec![(doc.root().id, 0usize)];
    while let Some((id, depth)) = todo.pop() {
        deepest = deepest.max(depth);
        todo.extend(
            doc.tree
                .child_ids_of(&id)
                .into_iter()
                .map(|c| (c, depth + 1)),
        );
    }
    deepest
}

fn extract(html: &str, extractor: Extractor) -> Result<RawArticle, String> {
    let flat = html_flat::scan(html);
    if flat.max_depth > MAX_DOM_DEPTH {
        return flat_article(flat);
    }
    let doc = Document::from(html);
    // The tag model errs on the deep side; should a page still nest deeper than it said,
    // the DOM's own depth (one linear walk) keeps it from the extractor.
    if dom_depth(&doc) > MAX_DOM_DEPTH {
        return flat_article(flat);
    }
    let extra = PageMeta::of(&doc);
    let config = Config {
        text_mode: TextMode::Formatted,
        candidate_select_mode: match extractor {
            Extractor::DomSmoothie => CandidateSelectMode::DomSmoothie,
            _ => CandidateSelectMode::Readability,
        },
        ..Default::default()
    };
    let mut reader = Readability::with_document(doc, None, Some(config))
        .map_err(|e| format!("cannot read the page: {e}"))?;
    let meta = reader.get_article_metadata(reader.parse_json_ld());
    let body = match extractor {
        Extractor::Paragraphs => paragraphs_of(&reader.doc),
        _ => match reader.parse() {
            Ok(article) => tidy_text(&article.text_content),
            Err(_) => String::new(),
        },
    };
    let body = if body.trim().is_empty() {
        // Readability found no main text (a short page): take the paragraphs.
        paragraphs_of(&Document::from(html))
    } else {
        body
    };
    if body.trim().is_empty() {
        return Err("no article text found in the page".into());
    }
    let url = extra.canonical.clone().or(meta.url.clone());
    let outlet = non_empty(meta.site_name.clone())
        .or(extra.site.clone())
        .or_else(|| url.as_deref().and_then(domain_of));
    Ok(RawArticle {
        title: non_empty(Some(meta.title.clone())).or(extra.title),
        body,
        outlet,
        date: non_empty(meta.published_time.clone()).or(extra.date),
        authors: meta.byline.as_deref().map(split_byline).unwrap_or_default(),
        url,
        language: non_empty(meta.lang.clone()).or(extra.lang),
        ..Default::default()
    })
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// What the page says about itself beyond what dom_smoothie reads.
#[derive(Debug, Default)]
struct PageMeta {
    date: Option<String>,
    site: Option<String>,
    canonical: Option<String>,
    title: Option<String>,
    lang: Option<String>,
}

impl PageMeta {
    fn of(doc: &Document) -> Self {
        let metas: Vec<(String, String)> = doc
            .select("meta[content]")
            .iter()
            .filter_map(|m| {
                let key = m
                    .attr("property")
                    .or_else(|| m.attr("name"))
                    .or_else(|| m.attr("itemprop"))?;
                let content = m.attr("content")?.trim().to_string();
                (!content.is_empty()).then(|| (key.trim().to_ascii_lowercase(), content))
            })
            .collect();
        let meta = |keys: &[&str]| {
            keys.iter().find_map(|k| {
                metas
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
            })
        };
        let time = doc
            .select("time[datetime]")
            .iter()
            .filter_map(|t| t.attr("datetime").map(|d| d.trim().to_string()))
            .find(|d| d.len() >= 10);
        let canonical = doc
            .select("link[rel=canonical][href]")
            .iter()
            .filter_map(|l| l.attr("href").map(|h| h.trim().to_string()))
            .find(|h| h.starts_with("http"))
            .or_else(|| meta(&["og:url"]).filter(|u| u.starts_with("http")));
        PageMeta {
            date: meta(DATE_META).or(time),
            site: meta(SITE_META),
            canonical,
            title: non_empty(Some(doc.select("title").first().text().to_string())),
            lang: doc
                .select("html[lang]")
                .first()
                .attr("lang")
                .map(|l| l.to_string()),
        }
    }
}

/// The outlet a URL names: its host without `www.` ("https://www.bbc.co.uk/x" → "bbc.co.uk").
pub fn domain_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (host.contains('.') && !host.starts_with('.')).then(|| host.to_string())
}

/// Authors from a byline: "By Ann Lee and Bo Ma" → ["Ann Lee", "Bo Ma"].
fn split_byline(byline: &str) -> Vec<String> {
    let b = byline.trim();
    let b = ["By ", "by ", "BY "]
        .iter()
        .find_map(|p| b.strip_prefix(p))
        .unwrap_or(b);
    b.split(" and ")
        .flat_map(|s| s.split(", "))
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty() && s.chars().count() <= 80)
        .collect()
}

/// Text with one paragraph per block (line) of the formatted text, separated by a
/// blank line, spaces collapsed.
fn tidy_text(text: &str) -> String {
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The text of every paragraph outside page furniture (the baseline extractor).
fn paragraphs_of(doc: &Document) -> String {
    doc.select("script, style, noscript, nav, header, footer, aside, form")
        .remove();
    let paras: Vec<String> = doc
        .select("p, h1, h2, h3, li, blockquote, pre")
        .iter()
        .filter(|p| p.select("p").is_empty())
        .map(|p| p.text().split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .collect();
    paras.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head>
<title>Port strike ends | Harbour Times</title>
<link rel="canonical" href="https://www.harbourtimes.example/news/port-strike">
<meta name="pubdate" content="2024-05-02">
<script>var ads = "buy now";</script><style>p { color: red }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Port strike ends</h1>
<p>Dock workers in the northern port voted on Thursday to end a strike that had halted container traffic for eleven days, union officials said after the count.</p>
<p>The agreement raises wages by six percent over two years and limits night shifts, according to a copy of the deal seen by reporters at the harbour office.</p>
<p>Shipping lines said the first vessels would berth on Friday morning, and that the backlog of containers would take about a week to clear completely.</p>
</article>
<aside class="related"><h3>Related</h3><a href="/x">Other story about ports</a></aside>
<div class="comments"><p>Comment: great article!</p></div>
</body></html>"#;

    #[test]
    fn main_text_without_furniture_and_metadata_fallbacks() {
        let a = read_html(PAGE).unwrap();
        assert!(a.body.contains("Dock workers"), "{}", a.body);
        assert!(a.body.contains("\n\nThe agreement"), "{}", a.body);
        for junk in ["Home", "buy now", "color: red", "Other story"] {
            assert!(!a.body.contains(junk), "{junk} in {}", a.body);
        }
        assert_eq!(a.date.as_deref(), Some("2024-05-02"));
        assert_eq!(a.outlet.as_deref(), Some("harbourtimes.example"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://www.harbourtimes.example/news/port-strike")
        );
        assert_eq!(a.language.as_deref(), Some("en"));
        assert!(a.title.as_deref().unwrap().starts_with("Port strike ends"));
    }

    #[test]
    fn json_ld_wins_over_meta_tags() {
        let page = PAGE.replace(
            "<title>",
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Dockers end strike","datePublished":"2024-05-01T18:00:00Z","publisher":{"@type":"Organization","name":"Harbour Times"},"author":{"@type":"Person","name":"Ann Lee"}}</script><meta property="og:site_name" content="HT Online"><title>"#,
        );
        let a = read_html(&page).unwrap();
        assert_eq!(a.title.as_deref(), Some("Dockers end strike"));
        assert_eq!(a.outlet.as_deref(), Some("Harbour Times"));
        assert_eq!(a.date.as_deref(), Some("2024-05-01T18:00:00Z"));
        assert_eq!(a.authors, vec!["Ann Lee"]);
    }

    #[test]
    fn time_element_and_domains() {
        let page = PAGE
            .replace(r#"<meta name="pubdate" content="2024-05-02">"#, "")
            .replace(
                "<article>",
                r#"<article><time datetime="2024-04-30T08:00">Tuesday</time>"#,
            );
        assert_eq!(
            read_html(&page).unwrap().date.as_deref(),
            Some("2024-04-30T08:00")
        );
        assert_eq!(
            domain_of("https://user@www.BBC.co.uk:443/news?x"),
            Some("bbc.co.uk".into())
        );
        assert_eq!(domain_of("/relative"), None);
        assert_eq!(
            split_byline("By Ann Lee and Bo Ma"),
            vec!["Ann Lee", "Bo Ma"]
        );
    }

    #[test]
    fn a_page_without_text_is_an_error() {
        let r = read_html(
            "<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>",
        );
        assert!(r.is_err(), "{:?}", r.map(|a| a.body));
    }
}
