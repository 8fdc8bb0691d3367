//! One streaming pass over a page with the html5ever tokenizer (no tree): how deeply its
//! elements nest, and its title and paragraphs as plain text. The HTML reader uses the
//! depth to decide whether the page may be given to the DOM-based extractor, whose cost
//! grows with the square of the nesting (a page of 10,000 nested `<div>`s takes seconds,
//! 200,000 take minutes); a page nested deeper is read from this pass instead, in time
//! and memory linear in its size.

use crate::ingest::html_depth::OpenElements;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

/// Elements that begin and end a paragraph of text.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "article",
    "section",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "header",
    "footer",
    "main",
    "figure",
    "figcaption",
    "hr",
];
/// Elements whose text is not the page's text.
const HIDDEN: &[&str] = &["script", "style", "noscript", "template", "textarea", "svg"];

/// What the pass found.
#[derive(Debug, Default)]
pub struct FlatPage {
    /// How deeply elements will nest in the page's DOM at most (see `html_depth`).
    pub max_depth: usize,
    pub title: Option<String>,
    /// The text between block elements, spaces collapsed, empty ones left out.
    pub paragraphs: Vec<String>,
}

#[derive(Default)]
struct State {
    page: FlatPage,
    open: OpenElements,
    /// Inside `<title>`, or inside an element whose text is hidden (its name).
    in_title: bool,
    hidden: Option<String>,
    title: String,
    current: String,
}

impl State {
    fn end_paragraph(&mut self) {
        let text = self
            .current
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !text.is_empty() {
            self.page.paragraphs.push(text);
        }
        self.current.clear();
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if BLOCK.contains(&name) {
            self.end_paragraph();
        }
        match tag.kind {
            TagKind::StartTag => {
                self.open.start(name, tag.self_closing, &tag.attrs);
                if self.hidden.is_none() && HIDDEN.contains(&name) && !tag.self_closing {
                    self.hidden = Some(name.to_string());
                }
                match name {
                    "title" => {
                        self.in_title = true;
                        return TokenSinkResult::RawData(RawKind::Rcdata);
                    }
                    "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "noscript" => return TokenSinkResult::RawData(RawKind::Rawtext),
                    "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                    _ => {}
                }
            }
            TagKind::EndTag => {
                self.open.end(name);
                if self.hidden.as_deref() == Some(name) {
                    self.hidden = None;
                }
                if name == "title" {
                    self.in_title = false;
                }
            }
        }
        TokenSinkResult::Continue
    }

    fn text(&mut self, text: &str) {
        self.open.text(text);
        if self.in_title {
            self.title.push_str(text);
        } else if self.hidden.is_none() {
            self.current.push_str(text);
        }
    }
}

struct Sink(RefCell<State>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => return state.tag(&tag),
            Token::CharacterTokens(text) => state.text(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Reads the page in one pass.
pub fn scan(html: &str) -> FlatPage {
    let tokenizer = Tokenizer::new(Sink(RefCell::default()), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut state = tokenizer.sink.0.take();
    state.end_paragraph();
    state.page.max_depth = state.open.max_depth;
    let title = state.title.split_whitespace().collect::<Vec<_>>().join(" ");
    state.page.title = Some(title).filter(|t| !t.is_empty());
    state.page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_paragraphs_and_no_script_text() {
        let page = scan(
            "<html><head><title>Port &amp; strike</title><script>var x = '<p>no</p>';</script>\
             <style>p{}</style></head><body><p>Dock workers   voted.<p>Ships berth <b>Friday</b>.\
             <br>Next line</body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("Port & strike"));
        assert_eq!(
            page.paragraphs,
            ["Dock workers voted.", "Ships berth Friday.", "Next line"]
        );
    }

    #[test]
    fn depth_counts_nesting_but_not_unclosed_paragraphs() {
        let deep = format!("{}x{}", "<div>".repeat(1000), "</div>".repeat(1000));
        assert_eq!(scan(&deep).max_depth, 1000);
        let flat = format!("<body>{}</body>", "<p>para".repeat(1000));
        assert_eq!(scan(&flat).max_depth, 2);
        let unclosed_bold = "<b>".repeat(5000) + "text";
        assert_eq!(scan(&unclosed_bold).max_depth, 5000);
    }
}
