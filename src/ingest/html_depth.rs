//! How deeply a page's elements will nest once an HTML5 tree builder has read it, told
//! from its tags alone (no tree). The model keeps the stack of open elements the way
//! html5ever does for the rules that change depth: end tags close only an element that is
//! open and in scope (a stray `</x>` closes nothing), a new paragraph, list item, cell or
//! row closes the open one, block elements close an open paragraph, formatting elements
//! closed by a block are opened again before the next text (`<div><b></div>x`), and a
//! self-closing `<div/>` is an open `<div>` outside SVG and MathML.
//!
//! It errs on the deep side where it simplifies (a table inside a table, tags that break
//! out of SVG): a page it calls shallow is shallow, which is what lets the HTML reader give
//! the page to a DOM whose cost grows with the square of the depth. Every walk down the
//! stack is bounded, so the model runs in time linear in the page.

use html5ever::Attribute;
use std::collections::{HashMap, VecDeque};

/// Elements that never hold others.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];
/// Formatting elements: closed by a block, they are opened again before the next text.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];
/// The "special" elements of the HTML standard (an end tag of another element does not
/// close past them).
const SPECIAL: &[&str] = &[
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "keygen",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "p",
    "param",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
];
/// Elements that bound a scope: an end tag does not close an element below them.
const SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
];
/// Elements that close a paragraph open in button scope when they start (a table does
/// too, but not in the quirks mode of a page without a doctype).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "dd",
    "dt",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "plaintext",
    "pre",
    "search",
    "section",
    "summary",
    "ul",
    "xmp",
];
/// Elements that close the formatting elements opened inside them (markers).
const MARKERS: &[&str] = &[
    "applet", "caption", "marquee", "object", "td", "th", "template",
];
/// HTML elements that end SVG or MathML content when they start inside it.
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];
/// How far down the stack a rule looks; past this it assumes no match (deeper).
const WALK: usize = 256;

/// The stack of open elements, and the list of formatting elements to open again.
#[derive(Default)]
pub struct OpenElements {
    /// Element names, with the list entry of formatting elements.
    stack: Vec<(Box<str>, Option<Entry>)>,
    open: HashMap<Box<str>, usize>,
    /// Formatting elements a block closed, to be opened again before the next text.
    pending: Vec<(Box<str>, Entry)>,
    /// The list entries of each kind of formatting element (name and attributes), oldest
    /// first: the tree builder keeps at most three alike ("Noah's ark"); an older one stays
    /// open but is not opened again once closed.
    alike: HashMap<Box<str>, VecDeque<u64>>,
    next_id: u64,
    /// The deepest the stack has been.
    pub max_depth: usize,
}

/// A formatting element's entry in the list of active formatting elements.
#[derive(Clone)]
struct Entry {
    key: Box<str>,
    id: u64,
}

impl OpenElements {
    /// A start tag (names in lower case, as the tokenizer gives them).
    pub fn start(&mut self, name: &str, self_closing: bool, attrs: &[Attribute]) {
        if matches!(name, "html" | "head" | "body") && self.is_open(name) {
            return;
        }
        if self.in_foreign() && BREAKOUT.contains(&name) {
            // An HTML element inside SVG or MathML closes it.
            self.close_in_scope(|n| n == "svg" || n == "math", |_| false);
        }
        if self.in_foreign() && !BREAKOUT.contains(&name) {
            // SVG and MathML elements: no implied ends, `/>` closes.
            if !self_closing {
                self.push(&format!("^{name}"), None);
            }
            return;
        }
        let table_part = matches!(
            name,
            "caption" | "col" | "colgroup" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr"
        );
        if table_part && !self.is_open("table") {
            return; // the tree builder drops a cell outside a table
        }
        if self.is_open("select") {
            // Inside a select box tags close nothing: options nest as they come; a
            // second select ends the box, and so does a table part in a table.
            if name == "select" {
                return self.end("select");
            }
            if is_table_tag(name) && self.is_open("table") {
                let depth = self.stack.len();
                self.end("select");
                if self.stack.len() < depth {
                    return self.start(name, self_closing, attrs);
                }
            }
            if matches!(name, "option" | "optgroup") {
                self.pop_if_current("option");
            }
            if name == "optgroup" {
                self.pop_if_current("optgroup");
            }
            self.open_implied(name);
            if !VOID.contains(&name) {
                let entry = FORMATTING
                    .contains(&name)
                    .then(|| self.new_entry(formatting_key(name, attrs)));
                self.push(name, entry);
            }
            return;
        }
        self.reopen_formatting();
        if CLOSES_P.contains(&name) {
            self.close_in_scope(|n| n == "p", |n| SCOPE.contains(&n) || n == "button");
        }
        match name {
            "li" => self.close_in_scope(|n| n == "li", stops_list_item),
            "dt" | "dd" => self.close_in_scope(|n| n == "dt" || n == "dd", stops_list_item),
            "td" | "th" => self.close_in_scope(|n| n == "td" || n == "th", |n| n == "table"),
            "tr" => self.close_in_scope(|n| n == "tr", |n| is_table_section(n) || n == "table"),
            "tbody" | "thead" | "tfoot" => self.close_in_scope(is_table_section, |n| n == "table"),
            // A table straight inside a table (not in a cell) ends the first.
            "table"
                if self
                    .innermost_table_part()
                    .is_some_and(|p| !matches!(p, "td" | "th" | "caption")) =>
            {
                self.close_in_scope(|n| n == "table", |_| false)
            }
            "option" => self.pop_if_current("option"),
            "optgroup" => self.pop_if_current("option"),
            "a" | "nobr" | "button" if self.is_open(name) => self.end(name),
            // A heading straight inside a heading ends it.
            _ if HEADINGS.contains(&name)
                && self
                    .stack
                    .last()
                    .is_some_and(|(n, _)| HEADINGS.contains(&&**n)) =>
            {
                self.pop();
            }
            _ => {}
        }
        self.open_implied(name);
        if VOID.contains(&name) {
            return;
        }
        let entry = FORMATTING
            .contains(&name)
            .then(|| self.new_entry(formatting_key(name, attrs)));
        self.push(name, entry);
    }

    /// An end tag.
    pub fn end(&mut self, name: &str) {
        if matches!(name, "br" | "p") && self.in_foreign() {
            self.close_in_scope(|n| n == "svg" || n == "math", |_| false);
        }
        if self.is_open("select") && !matches!(name, "option" | "optgroup" | "select") {
            if !(is_table_tag(name) && self.is_open(name)) {
                return;
            }
            // A select box inside a table ends with the table's parts.
            self.end("select");
        }
        if matches!(name, "table" | "tbody" | "thead" | "tfoot" | "tr") && self.is_open(name) {
            // A table's end tag inside a cell closes the cell first.
            self.close_in_scope(|n| n == "td" || n == "th", |n| n == name || n == "table");
        }
        if HEADINGS.contains(&name) {
            // Any heading's end tag closes the open heading.
            return self.close_in_scope(|n| HEADINGS.contains(&n), |n| SCOPE.contains(&n));
        }
        let foreign = format!("^{name}");
        if self.is_open(&foreign) {
            return self.close_in_scope(|n| n == foreign, |n| n == "svg" || n == "math");
        }
        if !self.is_open(name) {
            return; // closes nothing (html5ever ignores it)
        }
        let formatting = FORMATTING.contains(&name);
        let special = SPECIAL.contains(&name);
        let mut passed_special = false;
        for (i, (open, _)) in self.stack.iter().enumerate().rev().take(WALK) {
            if &**open == name {
                // A formatting element with a block inside is moved, not closed: the
                // stack keeps its size.
                if !(formatting && passed_special) {
                    self.truncate(i);
                }
                return;
            }
            let bounds_scope = SCOPE.contains(&&**open)
                || (name == "li" && matches!(&**open, "ol" | "ul"))
                || (name == "p" && &**open == "button");
            if bounds_scope || (!special && !formatting && SPECIAL.contains(&&**open)) {
                return;
            }
            passed_special |= SPECIAL.contains(&&**open);
        }
    }

    /// Text: formatting elements a block closed are opened again around it.
    pub fn text(&mut self, text: &str) {
        if !text.trim().is_empty() {
            self.reopen_formatting();
        }
    }

    fn in_foreign(&self) -> bool {
        self.is_open("svg") || self.is_open("math")
    }

    fn is_open(&self, name: &str) -> bool {
        self.open.get(name).is_some_and(|&n| n > 0)
    }

    fn push(&mut self, name: &str, entry: Option<Entry>) {
        self.stack.push((name.into(), entry));
        *self.open.entry(name.into()).or_default() += 1;
        self.max_depth = self.max_depth.max(self.stack.len());
    }

    fn pop(&mut self) -> Option<(Box<str>, Option<Entry>)> {
        let (name, entry) = self.stack.pop()?;
        if let Some(n) = self.open.get_mut(&name) {
            *n -= 1;
        }
        Some((name, entry))
    }

    /// A new entry in the list of formatting elements, pushing out the oldest of three
    /// alike.
    fn new_entry(&mut self, key: Box<str>) -> Entry {
        let id = self.next_id;
        self.next_id += 1;
        let alike = self.alike.entry(key.clone()).or_default();
        if alike.len() >= 3 {
            alike.pop_front();
        }
        alike.push_back(id);
        Entry { key, id }
    }

    fn in_list(&self, entry: &Entry) -> bool {
        self.alike
            .get(&entry.key)
            .is_some_and(|ids| ids.contains(&entry.id))
    }

    fn leave_list(&mut self, entry: &Entry) {
        if let Some(ids) = self.alike.get_mut(&entry.key) {
            ids.retain(|&id| id != entry.id);
        }
    }

    fn pop_if_current(&mut self, name: &str) {
        if self.stack.last().is_some_and(|(n, _)| &**n == name) {
            self.pop();
        }
    }

    /// Pops the stack down to and including position `i`; formatting elements popped on
    /// the way wait to be opened again, unless a marker (a cell) held them.
    fn truncate(&mut self, i: usize) {
        let mut popped = Vec::new();
        while self.stack.len() > i {
            let (name, entry) = self.pop().expect("stack longer than i");
            let Some(entry) = entry else {
                if MARKERS.contains(&&*name) {
                    // Formatting elements inside a cell end with it.
                    for (_, e) in popped.drain(..) {
                        self.leave_list(&e);
                    }
                }
                continue;
            };
            if self.stack.len() == i {
                self.leave_list(&entry); // closed by its own end tag
            } else if self.in_list(&entry) {
                popped.push((name, entry));
            }
        }
        // Opened again outermost first.
        self.pending.extend(popped.into_iter().rev());
    }

    /// Looks down the stack for an element `is_target` finds before one `stops` it, and
    /// closes it (and what is above it).
    fn close_in_scope(&mut self, is_target: impl Fn(&str) -> bool, stops: impl Fn(&str) -> bool) {
        for (i, (open, _)) in self.stack.iter().enumerate().rev().take(WALK) {
            if is_target(open) {
                self.truncate(i);
                return;
            }
            if stops(open) {
                return;
            }
        }
    }

    /// The innermost open table part: elements above it are foster-parented out of the
    /// table and do not hold a new part.
    fn innermost_table_part(&self) -> Option<&'static str> {
        const PARTS: &[&str] = &[
            "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption",
        ];
        self.stack
            .iter()
            .rev()
            .take(WALK)
            .find_map(|(n, _)| PARTS.iter().find(|p| **p == &**n).copied())
    }

    /// The table parts the tree builder adds around a row, a cell or a column.
    fn open_implied(&mut self, name: &str) {
        let part = self.innermost_table_part();
        let in_table = part == Some("table");
        let in_section = part.is_some_and(is_table_section);
        match name {
            "tr" if in_table => self.push("tbody", None),
            "td" | "th" if in_table => {
                self.push("tbody", None);
                self.push("tr", None);
            }
            "td" | "th" if in_section => self.push("tr", None),
            "col" if in_table => self.push("colgroup", None),
            _ => {}
        }
    }

    fn reopen_formatting(&mut self) {
        for (name, entry) in std::mem::take(&mut self.pending) {
            if self.in_list(&entry) {
                self.push(&name, Some(entry));
            }
        }
    }
}

/// Where the search for an open `li`, `dt` or `dd` stops: a special element other than
/// address, div and p.
fn stops_list_item(name: &str) -> bool {
    SPECIAL.contains(&name) && !matches!(name, "address" | "div" | "p")
}

/// A formatting element's name and attributes: elements alike share it.
fn formatting_key(name: &str, attrs: &[Attribute]) -> Box<str> {
    let mut pairs: Vec<(&str, &str)> = attrs.iter().map(|a| (&*a.name.local, &*a.value)).collect();
    pairs.sort_unstable();
    let mut key = name.to_string();
    for (k, v) in pairs {
        key.push_str(&format!(" {k}={v:?}"));
    }
    key.into()
}

fn is_table_tag(name: &str) -> bool {
    matches!(
        name,
        "caption" | "table" | "tbody" | "tfoot" | "thead" | "tr" | "td" | "th"
    )
}

fn is_table_section(name: &str) -> bool {
    matches!(name, "tbody" | "thead" | "tfoot")
}

#[cfg(test)]
mod tests {
    use crate::ingest::html::dom_depth;
    use crate::ingest::html_flat::scan;
    use dom_query::Document;
    use proptest::prelude::*;

    /// The DOM depth of a page's elements, less the document, `<html>`, `<body>` and the
    /// text node the tree builder adds around them.
    fn built_depth(page: &str) -> usize {
        dom_depth(&Document::from(page)).saturating_sub(3)
    }

    const SLACK: usize = 4;

    const PIECES: &[&str] = &[
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<a>",
        "</a>",
        "<span>",
        "</span>",
        "<li>",
        "</li>",
        "<ul>",
        "</ul>",
        "<td>",
        "</td>",
        "<tr>",
        "</tr>",
        "<table>",
        "</table>",
        "<optgroup>",
        "<option>",
        "<svg>",
        "</svg>",
        "<path/>",
        "<div/>",
        "</x>",
        "<x>",
        "<h1>",
        "<h2>",
        "</h1>",
        "<dd>",
        "<dt>",
        "<font>",
        "</font>",
        "<button>",
        "<nobr>",
        "<rt>",
        "<section>",
        "<br>",
        "</br>",
        "x",
        " ",
        "<b id=1>",
        "<i class=k>",
    ];

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            // Fixed, so that CI is repeatable; NEWSDEX_FUZZ_SEED explores others.
            rng_seed: proptest::test_runner::RngSeed::Fixed(
                std::env::var("NEWSDEX_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261130),
            ),
            ..ProptestConfig::default()
        })]

        /// The model never calls a page much shallower than the tree builder makes it.
        /// Some rare constructs (cells and buttons ended by a row's end tag, formatting
        /// elements moved by a block) are off by a few levels, and select boxes that hold
        /// tables are modelled loosely (left out here): the HTML reader measures the DOM's
        /// depth after parsing as well.
        #[test]
        fn model_is_never_shallower_than_the_dom(picks in prop::collection::vec(0..PIECES.len(), 0..120)) {
            let page: String = picks.iter().map(|&i| PIECES[i]).collect::<String>() + "end";
            let model = scan(&page).max_depth;
            let dom = built_depth(&page);
            prop_assert!(dom <= model + SLACK, "model {model} < DOM {dom} for {page}");
        }
    }

    #[test]
    fn known_deep_patterns_are_seen_deep() {
        for unit in [
            "<div></x>",
            "<optgroup>",
            "<rt>",
            "<div/>",
            "<div><b id=1></div>x",
            "<p><div>",
            "<li><ul>",
            "<b><div></b>",
            "<table><tr><td>",
        ] {
            let page = unit.repeat(600) + "text";
            let model = scan(&page).max_depth;
            assert!(model > 512, "{unit}: model says {model}");
            assert!(built_depth(&page) <= model, "{unit}");
        }
    }

    /// Pages of many ordinary, sloppily closed elements: the model stays at the depth
    /// the tree builder gives them (and far below the DOM limit).
    #[test]
    fn ordinary_pages_are_seen_shallow() {
        for unit in [
            "<p>para",
            "<li>item",
            "<td>a<td>b<tr>",
            "<td><font>x</td>",
            "<div>x</div>",
            "<a href=x>link",
            "<h2>head<p>x",
            "<svg><path/><circle/></svg>",
            "<dt>term<dd>def",
            "<select><option>a<option>b</select>",
            "<p><b>bold<p>more",
        ] {
            let page = format!("<table>{}</table>", unit.repeat(2000));
            let model = scan(&page).max_depth;
            let dom = built_depth(&page);
            assert!(
                model <= dom + 1 && model < 12,
                "{unit}: model {model}, DOM {dom}"
            );
        }
    }
}
