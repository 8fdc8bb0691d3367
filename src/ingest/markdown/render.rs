//! Markdown to plain text, by pulldown-cmark (CommonMark with tables, footnotes,
//! strikethrough and task lists). Each block (paragraph, heading, list item, quote,
//! code block, HTML block, table row) becomes one paragraph, paragraphs separated by a
//! blank line as passages are cut. Inline markup is dropped and link text kept; images
//! are left out; code is kept as written; HTML loses its tags; a table row is its cells
//! joined by ` | `. The first level-1 heading is taken out as the title.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::sync::LazyLock;

/// Separates the cells of a table row.
pub const CELL_SEPARATOR: &str = " | ";

/// A Markdown document as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The text of the first level-1 heading.
    pub heading: Option<String>,
    /// The text, blocks separated by blank lines.
    pub body: String,
}

/// Renders Markdown as plain text.
pub fn render(markdown: &str) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut r = Renderer::default();
    for event in Parser::new_ext(markdown, options) {
        r.event(event);
    }
    r.flush();
    Rendered {
        heading: r.heading,
        body: r.blocks.join("\n\n"),
    }
}

#[derive(Default)]
struct Renderer {
    blocks: Vec<String>,
    /// The block being written.
    block: String,
    heading: Option<String>,
    /// Inside the first level-1 heading, whose text is the title.
    in_title: bool,
    /// Inside an image (its alt text is left out).
    images: usize,
    /// Inside a code block (its text is kept as written, line breaks and all).
    in_code: bool,
    /// The raw HTML of the HTML block being read.
    html: String,
    /// Cells written in the current table row.
    cells: usize,
}

impl Renderer {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::Html(h) => self.html.push_str(&h),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            Event::Rule => self.flush(),
            Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.in_title = level == HeadingLevel::H1 && self.heading.is_none();
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.in_code = true;
            }
            Tag::Image { .. } => self.images += 1,
            Tag::TableCell => {
                if self.cells > 0 {
                    self.block.push_str(CELL_SEPARATOR);
                }
                self.cells += 1;
            }
            Tag::Paragraph
            | Tag::BlockQuote(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.flush(),
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. } => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) if self.in_title => {
                self.in_title = false;
                self.heading = Some(std::mem::take(&mut self.block).trim().to_string());
            }
            TagEnd::CodeBlock => {
                self.flush();
                self.in_code = false;
            }
            TagEnd::HtmlBlock => {
                let html = std::mem::take(&mut self.html);
                self.block.push_str(&html_text(&html));
                self.flush();
            }
            TagEnd::Image => self.images = self.images.saturating_sub(1),
            TagEnd::TableCell => {}
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link => {}
            _ => self.flush(),
        }
    }

    fn text(&mut self, text: &str) {
        if self.images == 0 {
            self.block.push_str(text);
        }
    }

    /// Ends the current block: it becomes a paragraph unless it is blank.
    fn flush(&mut self) {
        let block = std::mem::take(&mut self.block);
        self.cells = 0;
        let kept = if self.in_code {
            block.trim_end().trim_start_matches('\n')
        } else {
            block.trim()
        };
        if !kept.trim().is_empty() {
            self.blocks.push(kept.to_string());
        }
    }
}

static COMMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<!--.*?(?:-->|$)").unwrap());
static HIDDEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<(script|style)\b[^>]*>.*?(?:</(?:script|style)\s*>|$)").unwrap()
});
static BLOCK_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?(?:address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)\b[^>]*>").unwrap()
});
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</?[A-Za-z][^>]*>").unwrap());

/// The text of an HTML block, as one paragraph: no comments, scripts, styles or tags
/// (a block-level tag separates words, an inline one does not), the common character
/// references decoded.
fn html_text(html: &str) -> String {
    let text = COMMENT.replace_all(html, "");
    let text = HIDDEN.replace_all(&text, "");
    let text = BLOCK_TAG.replace_all(&text, " ");
    let text = TAG.replace_all(&text, "");
    decode_references(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn decode_references(text: &str) -> String {
    const REFERENCES: [(&str, &str); 7] = [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&apos;", "'"),
        ("&amp;", "&"),
    ];
    REFERENCES
        .iter()
        .fold(text.to_string(), |t, (from, to)| t.replace(from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(md: &str) -> String {
        render(md).body
    }

    #[test]
    fn inline_markup_is_dropped_and_link_text_kept() {
        let r = render("# Port deal\n\nThe **port** reopened on [Friday](https://x.example), `at 9`.\n\n![map](map.png)\nShips *queued*.\n");
        assert_eq!(r.heading.as_deref(), Some("Port deal"));
        assert_eq!(
            r.body,
            "The port reopened on Friday, at 9.\n\nShips queued."
        );
    }

    #[test]
    fn tables_become_rows_of_cells() {
        let md = "Prices:\n\n| Grade | Price |\n|-------|------:|\n| Brent | 82.10 |\n| WTI   | 78.40 |\n\nAfter.";
        assert_eq!(
            body(md),
            "Prices:\n\nGrade | Price\n\nBrent | 82.10\n\nWTI | 78.40\n\nAfter."
        );
    }

    #[test]
    fn code_blocks_are_kept_html_loses_tags() {
        let md = "Intro.\n\n```\nlet x = 1;\nlet y = 2;\n```\n\n<div class=\"note\">\n<p>Boxed &amp; <b>bo</b>ld text.</p><p>Next.</p>\n<!-- hidden -->\n<script>var hidden = 1;</script>\n</div>\n\nEnd.";
        assert_eq!(
            body(md),
            "Intro.\n\nlet x = 1;\nlet y = 2;\n\nBoxed & bold text. Next.\n\nEnd."
        );
    }

    #[test]
    fn headings_lists_and_quotes_are_paragraphs() {
        let md = "# Title\n\nLead.\n\n## Background\n\n- first point\n- second point\n\n> A quote\n> goes on.\n\n---\n\n# Second H1\n";
        let r = render(md);
        assert_eq!(r.heading.as_deref(), Some("Title"));
        assert_eq!(
            r.body,
            "Lead.\n\nBackground\n\nfirst point\n\nsecond point\n\nA quote goes on.\n\nSecond H1"
        );
    }
}
