//! The query language, parsed into a tree that search compiles and highlight follows.
//!
//! - `rocket fuel`: both words, anywhere in the article (title or body); ANDed.
//! - `"rocket fuel"`: the phrase. `"rocket fuel"~5`: the words within 5 positions of one
//!   another, in any order. `"hunting ban police"~passage`: all of them in one passage.
//! - `sanction*`: words starting with `sanction`.
//! - `a OR b`, `-word` / `NOT word`, `(groups)`. OR binds tighter than the implicit AND:
//!   `china russia OR ukraine` is `china AND (russia OR ukraine)`.
//! - `title:` and `body:` (or `text:`) restrict a word, phrase or prefix to one field;
//!   `outlet:`, `entity:`, `date:`, `since:`, `until:`, `lang:` filter.
//!
//! Syntax that is not supported is an error naming it, never silently changed. Every
//! query is bounded: its length, its number of terms and its nesting depth.

use crate::index::schema::body_positions::MAX_NEAR;
use std::fmt;

/// The longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 4096;
/// The most terms (words, phrases, prefixes, field values) a query may hold once
/// repeated terms are merged.
pub const MAX_TERMS: usize = 64;
/// The deepest nesting of groups and exclusions.
pub const MAX_DEPTH: usize = 32;
/// The fewest letters or digits a prefix (`ab*`) must have.
pub const MIN_PREFIX_CHARS: usize = 2;

/// Fields a query can name to filter (`outlet:`, `entity:`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QField {
    Outlet,
    Entity,
    /// A cited source, or a kind of them (`cites:Bloomberg`, `cites:anonymous`).
    Cites,
    Date,
    Since,
    Until,
    Language,
}

/// The text fields a word may be restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextField {
    Title,
    Body,
}

/// What a field name names.
enum Named {
    Text(TextField),
    Filter(QField),
}

const FIELD_NAMES: &str = "title, body (or text), outlet, entity, cites, date, since, until, lang";

fn field_named(name: &str) -> Option<Named> {
    Some(match name.to_ascii_lowercase().as_str() {
        "title" => Named::Text(TextField::Title),
        "body" | "text" => Named::Text(TextField::Body),
        "outlet" | "source" => Named::Filter(QField::Outlet),
        "entity" => Named::Filter(QField::Entity),
        "cites" | "cited" => Named::Filter(QField::Cites),
        "date" => Named::Filter(QField::Date),
        "since" | "from" => Named::Filter(QField::Since),
        "until" | "to" => Named::Filter(QField::Until),
        "lang" | "language" => Named::Filter(QField::Language),
        _ => return None,
    })
}

/// How close the words of a `"…"~` query must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Within {
    /// The words within this many positions of one another (first to last), any order.
    Words(u32),
    /// The words in one passage.
    Passage,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    /// A bare word (which may analyse to several tokens, as "full-scale" does).
    Word(String),
    /// A "quoted phrase".
    Phrase(String),
    /// Words that start with this prefix (`sanction*`).
    Prefix(String),
    /// The words of the text close together (`"a b"~5`, `"a b"~passage`).
    Near(String, Within),
    /// A word, phrase, prefix or near query in one text field only.
    In(TextField, Box<Node>),
    /// A filter on a field.
    Field(QField, String),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

impl Node {
    /// Calls `f` on every leaf (word, phrase, prefix, near, field term) under this node,
    /// with whether it sits under an exclusion.
    pub fn visit_leaves<'a>(&'a self, negated: bool, f: &mut dyn FnMut(&'a Node, bool)) {
        match self {
            Node::And(items) | Node::Or(items) => {
                items.iter().for_each(|n| n.visit_leaves(negated, f))
            }
            Node::Not(inner) => inner.visit_leaves(!negated, f),
            leaf => f(leaf, negated),
        }
    }
}

/// Why a query could not be parsed; the message names the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty: give words to search for")]
    Empty,
    #[error("unbalanced quote: the quote at character {0} is never closed")]
    UnbalancedQuote(usize),
    #[error("unbalanced quote: the ” at character {0} closes nothing")]
    StrayQuote(usize),
    #[error("unbalanced parenthesis: {0}")]
    UnbalancedParen(String),
    #[error("unknown field '{0}:' (known fields: {FIELD_NAMES}); to search for the text, put it in quotes")]
    UnknownField(String),
    #[error("'{0}:' needs a value, as in {0}:value or {0}:\"two words\"")]
    EmptyValue(String),
    #[error("'{0}' needs something on its {1} side")]
    DanglingOperator(&'static str, &'static str),
    #[error("{0}")]
    Unsupported(String),
    #[error("the query is too large: {0}")]
    TooLarge(String),
    #[error("{0}")]
    BadValue(String),
}

/// A quoted text, with its `~` suffix when it has one.
#[derive(Debug, Clone, PartialEq)]
struct Quoted {
    text: String,
    near: Option<Within>,
}

/// The value of `name:value`: bare or quoted.
#[derive(Debug, Clone, PartialEq)]
enum FieldValue {
    Bare(String),
    Quoted(Quoted),
}

#[derive(Debug, Clone, PartialEq)]
enum Lexeme {
    /// A bare word; a trailing `*` makes it a prefix.
    Word(String),
    Quoted(Quoted),
    /// `name:value`.
    Field(String, FieldValue),
    Minus,
    Or,
    LParen,
    RParen,
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '„')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '”')
}

fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '"' | '(' | ')' | '“' | '”' | '„')
}

/// The `~N` or `~passage` after a closing quote at `i`, and where the query goes on.
fn read_near(chars: &[char], i: usize) -> Result<(Option<Within>, usize), QueryError> {
    if chars.get(i) != Some(&'~') {
        return Ok((None, i));
    }
    let mut j = i + 1;
    while j < chars.len() && is_word_char(chars[j]) {
        j += 1;
    }
    let arg: String = chars[i + 1..j].iter().collect();
    let bad = || {
        QueryError::Unsupported(format!(
            "after a quoted phrase, '~' takes a number of words from 1 to {MAX_NEAR} (\"rocket fuel\"~5) or 'passage' (\"a b c\"~passage), not '~{arg}'"
        ))
    };
    let within = if arg.eq_ignore_ascii_case("passage") || arg.eq_ignore_ascii_case("p") {
        Within::Passage
    } else {
        match arg.parse::<u32>() {
            Ok(n) if (1..=MAX_NEAR).contains(&n) => Within::Words(n),
            _ => return Err(bad()),
        }
    };
    Ok((Some(within), j))
}

/// The quoted text opening at `open`, its `~` suffix, and where the query goes on.
fn read_quoted(chars: &[char], open: usize) -> Result<(Quoted, usize), QueryError> {
    let close = chars[open + 1..]
        .iter()
        .position(|&c| is_close_quote(c))
        .ok_or(QueryError::UnbalancedQuote(open + 1))?;
    let text: String = chars[open + 1..open + 1 + close].iter().collect();
    let (near, next) = read_near(chars, open + close + 2)?;
    Ok((Quoted { text, near }, next))
}

fn lex(q: &str) -> Result<Vec<Lexeme>, QueryError> {
    let chars: Vec<char> = q.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if is_open_quote(c) {
            let (quoted, next) = read_quoted(&chars, i)?;
            toks.push(Lexeme::Quoted(quoted));
            i = next;
        } else if c == '”' {
            return Err(QueryError::StrayQuote(i + 1));
        } else if c == '(' {
            toks.push(Lexeme::LParen);
            i += 1;
        } else if c == ')' {
            toks.push(Lexeme::RParen);
            i += 1;
        } else if c == '-'
            && chars
                .get(i + 1)
                .is_some_and(|&n| is_word_char(n) && n != '-' || is_open_quote(n) || n == '(')
        {
            toks.push(Lexeme::Minus);
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && is_word_char(chars[i]) && chars[i] != ':' {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let is_field = i < chars.len()
                && chars[i] == ':'
                && !word.is_empty()
                && word.chars().all(|c| c.is_ascii_alphabetic());
            if is_field {
                i += 1;
                let value = match chars.get(i) {
                    Some(&c) if is_open_quote(c) => {
                        let (quoted, next) = read_quoted(&chars, i)?;
                        i = next;
                        FieldValue::Quoted(quoted)
                    }
                    _ => {
                        let s = i;
                        while i < chars.len() && is_word_char(chars[i]) {
                            i += 1;
                        }
                        let bare: String = chars[s..i].iter().collect();
                        // A qualified quoted value: entity:PER:"Carl Bildt".
                        match chars.get(i) {
                            Some(&c) if bare.ends_with(':') && is_open_quote(c) => {
                                let (quoted, next) = read_quoted(&chars, i)?;
                                i = next;
                                FieldValue::Bare(format!("{bare}{}", quoted.text))
                            }
                            _ => FieldValue::Bare(bare),
                        }
                    }
                };
                toks.push(Lexeme::Field(word, value));
            } else {
                // A colon inside a word ("10:30") is part of it.
                while i < chars.len() && is_word_char(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                toks.push(match word.as_str() {
                    "OR" | "|" => Lexeme::Or,
                    "AND" | "&&" => continue,
                    "NOT" => Lexeme::Minus,
                    _ => Lexeme::Word(word),
                });
            }
        }
    }
    Ok(toks)
}

/// The node of a bare word: a prefix when it ends with `*`; other wildcard or fuzzy
/// syntax is refused.
fn bare_word(w: &str) -> Result<Node, QueryError> {
    let unsupported = |what: &str| {
        QueryError::Unsupported(format!(
            "'{w}': {what}; to search for the characters themselves, put the word in quotes"
        ))
    };
    if let Some(stem) = w.strip_suffix('*') {
        if stem.contains('*') || stem.contains('?') {
            return Err(unsupported("'*' may only end a word, as in sanction*"));
        }
        let letters = stem.chars().filter(|c| c.is_alphanumeric()).count();
        if letters < MIN_PREFIX_CHARS || !stem.chars().all(char::is_alphanumeric) {
            return Err(QueryError::Unsupported(format!(
                "'{w}': a prefix is at least {MIN_PREFIX_CHARS} letters or digits and nothing else, as in sanction*"
            )));
        }
        return Ok(Node::Prefix(stem.to_string()));
    }
    if w.contains('*') || w.contains('?') {
        return Err(unsupported(
            "wildcards inside a word are not supported (a prefix ends with *, as in sanction*)",
        ));
    }
    if let Some((word, _)) = w.split_once('~') {
        if !word.is_empty() {
            return Err(unsupported(
                "fuzzy matching (word~) is not supported; proximity is \"a b\"~5",
            ));
        }
    }
    if w.contains('^') && w.chars().any(char::is_alphanumeric) {
        return Err(unsupported("boosts (word^2) are not supported"));
    }
    Ok(Node::Word(w.to_string()))
}

fn quoted_node(q: Quoted) -> Node {
    match q.near {
        Some(within) => Node::Near(q.text, within),
        None => Node::Phrase(q.text),
    }
}

struct Parser {
    toks: Vec<Lexeme>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Lexeme> {
        self.toks.get(self.pos)
    }

    fn deeper(&mut self) -> Result<(), QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(QueryError::TooLarge(format!(
                "groups and exclusions nest more than {MAX_DEPTH} deep"
            )));
        }
        Ok(())
    }

    fn and(&mut self) -> Result<Node, QueryError> {
        let mut items = Vec::new();
        while let Some(t) = self.peek() {
            match t {
                Lexeme::RParen if self.depth > 0 => break,
                Lexeme::RParen => {
                    return Err(QueryError::UnbalancedParen("a ')' closes nothing".into()))
                }
                Lexeme::Or => return Err(QueryError::DanglingOperator("OR", "left")),
                _ => items.push(self.or()?),
            }
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::And(items)
        })
    }

    fn or(&mut self) -> Result<Node, QueryError> {
        let mut branches = vec![self.unary()?];
        while self.peek() == Some(&Lexeme::Or) {
            self.pos += 1;
            match self.peek() {
                None | Some(Lexeme::RParen) | Some(Lexeme::Or) => {
                    return Err(QueryError::DanglingOperator("OR", "right"))
                }
                _ => branches.push(self.unary()?),
            }
        }
        Ok(if branches.len() == 1 {
            branches.remove(0)
        } else {
            Node::Or(branches)
        })
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        if self.peek() == Some(&Lexeme::Minus) {
            self.pos += 1;
            if matches!(
                self.peek(),
                None | Some(Lexeme::RParen) | Some(Lexeme::Or) | Some(Lexeme::Minus)
            ) {
                return Err(QueryError::DanglingOperator("-", "right"));
            }
            self.deeper()?;
            let inner = self.atom()?;
            self.depth -= 1;
            return Ok(Node::Not(Box::new(inner)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Node, QueryError> {
        let tok = self.toks[self.pos].clone();
        self.pos += 1;
        Ok(match tok {
            Lexeme::Word(w) => bare_word(&w)?,
            Lexeme::Quoted(q) => quoted_node(q),
            Lexeme::Field(name, value) => {
                let named =
                    field_named(&name).ok_or_else(|| QueryError::UnknownField(name.clone()))?;
                let text = match &value {
                    FieldValue::Quoted(q) => q.text.clone(),
                    FieldValue::Bare(bare) => bare.clone(),
                };
                if text.trim().is_empty() {
                    return Err(QueryError::EmptyValue(name));
                }
                match named {
                    Named::Text(field) => {
                        let inner = match value {
                            FieldValue::Quoted(q) => quoted_node(q),
                            FieldValue::Bare(bare) => bare_word(&bare)?,
                        };
                        Node::In(field, Box::new(inner))
                    }
                    Named::Filter(field) => {
                        if let FieldValue::Quoted(Quoted { near: Some(_), .. }) = value {
                            return Err(QueryError::Unsupported(format!(
                                "'{name}:' takes a value, not a proximity (~)"
                            )));
                        }
                        if matches!(field, QField::Date | QField::Since | QField::Until) {
                            crate::analyze::date::Period::parse(&text)
                                .map_err(|e| QueryError::BadValue(format!("{name}: {e}")))?;
                        }
                        Node::Field(field, text)
                    }
                }
            }
            Lexeme::LParen => {
                self.deeper()?;
                let inner = self.and()?;
                self.depth -= 1;
                if self.peek() != Some(&Lexeme::RParen) {
                    return Err(QueryError::UnbalancedParen("a '(' is never closed".into()));
                }
                self.pos += 1;
                if inner == Node::And(vec![]) {
                    return Err(QueryError::UnbalancedParen("'()' holds nothing".into()));
                }
                inner
            }
            Lexeme::RParen => {
                return Err(QueryError::UnbalancedParen("a ')' closes nothing".into()))
            }
            Lexeme::Or => return Err(QueryError::DanglingOperator("OR", "left")),
            Lexeme::Minus => return Err(QueryError::DanglingOperator("-", "right")),
        })
    }
}

/// Merges repeated children of AND and OR nodes (`oil oil oil` is `oil`).
fn merge_repeats(node: Node) -> Node {
    let dedup = |items: Vec<Node>| {
        let mut seen = std::collections::HashSet::new();
        items
            .into_iter()
            .map(merge_repeats)
            .filter(|n| seen.insert(n.clone()))
            .collect::<Vec<_>>()
    };
    match node {
        Node::And(items) => Node::And(dedup(items)),
        Node::Or(items) => match dedup(items) {
            mut one if one.len() == 1 => one.remove(0),
            many => Node::Or(many),
        },
        Node::Not(inner) => Node::Not(Box::new(merge_repeats(*inner))),
        leaf => leaf,
    }
}

/// Parses a query string.
pub fn parse(q: &str) -> Result<Node, QueryError> {
    let len = q.chars().count();
    if len > MAX_QUERY_CHARS {
        return Err(QueryError::TooLarge(format!(
            "{len} characters, the most is {MAX_QUERY_CHARS}"
        )));
    }
    let toks = lex(q)?;
    if toks.is_empty() {
        return Err(QueryError::Empty);
    }
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    let node = merge_repeats(match p.and()? {
        Node::And(v) => Node::And(v),
        other => Node::And(vec![other]),
    });
    let mut terms = 0;
    node.visit_leaves(false, &mut |_, _| terms += 1);
    if terms > MAX_TERMS {
        return Err(QueryError::TooLarge(format!(
            "{terms} different terms, the most is {MAX_TERMS}"
        )));
    }
    Ok(node)
}

/// A query as the user typed it, and its parse: parsed once, then compiled for the
/// index and followed by the highlighter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedQuery {
    pub text: String,
    pub node: Node,
}

impl ParsedQuery {
    /// Parses `text`; the error names the problem.
    pub fn parse(text: &str) -> Result<Self, QueryError> {
        Ok(ParsedQuery {
            text: text.to_string(),
            node: parse(text)?,
        })
    }

    /// Parses `text`, or `None` when it is blank (a query-less count or list).
    pub fn parse_optional(text: &str) -> Result<Option<Self>, QueryError> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(text).map(Some)
        }
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |f: &mut fmt::Formatter<'_>, items: &[Node], sep: &str| -> fmt::Result {
            for (i, n) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(sep)?;
                }
                write!(f, "{n}")?;
            }
            Ok(())
        };
        match self {
            Node::Word(w) => f.write_str(w),
            Node::Phrase(p) => write!(f, "\"{p}\""),
            Node::Prefix(p) => write!(f, "{p}*"),
            Node::Near(p, Within::Words(n)) => write!(f, "\"{p}\"~{n}"),
            Node::Near(p, Within::Passage) => write!(f, "\"{p}\"~passage"),
            Node::In(field, inner) => write!(f, "{field:?}:{inner}"),
            Node::Field(k, v) => write!(f, "{k:?}:\"{v}\""),
            Node::And(items) => {
                f.write_str("(")?;
                join(f, items, " AND ")?;
                f.write_str(")")
            }
            Node::Or(items) => {
                f.write_str("(")?;
                join(f, items, " OR ")?;
                f.write_str(")")
            }
            Node::Not(n) => write!(f, "-{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> String {
        parse(q)
            .map(|n| n.to_string())
            .unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn words_phrases_or_not_fields() {
        assert_eq!(p("rocket fuel"), "(rocket AND fuel)");
        assert_eq!(p("\"rocket fuel\" china"), "(\"rocket fuel\" AND china)");
        assert_eq!(
            p("china russia OR ukraine"),
            "(china AND (russia OR ukraine))"
        );
        assert_eq!(p("china -russia"), "(china AND -russia)");
        assert_eq!(
            p("outlet:\"Baltic Wire\" drones"),
            "(Outlet:\"Baltic Wire\" AND drones)"
        );
        assert_eq!(p("(a OR b) c"), "((a OR b) AND c)");
        assert_eq!(p("full-scale 10:30"), "(full-scale AND 10:30)");
    }

    #[test]
    fn proximity_prefix_and_fields_of_text() {
        assert_eq!(p("\"rocket fuel\"~5"), "(\"rocket fuel\"~5)");
        assert_eq!(
            p("\"hunting ban police\"~passage"),
            "(\"hunting ban police\"~passage)"
        );
        assert_eq!(p("sanction* oil"), "(sanction* AND oil)");
        assert_eq!(
            p("title:oil body:\"crude oil\""),
            "(Title:oil AND Body:\"crude oil\")"
        );
        assert_eq!(p("text:drone*"), "(Body:drone*)");
        assert_eq!(p("title:\"a b\"~3"), "(Title:\"a b\"~3)");
    }

    #[test]
    fn repeated_terms_merge() {
        assert_eq!(p("oil oil (oil OR oil) -gas -gas"), "(oil AND -gas)");
        let long = vec!["oil"; 1000].join(" ");
        assert_eq!(p(&long), "(oil)", "a repeated word is one term");
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(p("\"rocket fuel").contains("unbalanced quote"));
        assert!(p("foo:bar").contains("unknown field 'foo:'"));
        assert!(p("(a b").contains("never closed"));
        assert!(p("a b)").contains("closes nothing"));
        assert!(p("OR a").contains("OR"));
        assert!(p("a OR").contains("OR"));
        assert!(p("since:2024-13").contains("not a date"));
        assert!(p("outlet:").contains("needs a value"));
        assert!(p("   ").contains("empty"));
        assert!(p("\"interest rates\"~x").contains("'~' takes a number"));
        assert!(p("\"interest rates\"~0").contains("'~' takes a number"));
        assert!(p("\"interest rates\"~9999").contains("'~' takes a number"));
        assert!(p("s*nction").contains("wildcards"));
        assert!(p("*").contains("prefix"));
        assert!(p("a*").contains("prefix"));
        assert!(p("sanction~").contains("fuzzy"));
        assert!(p("oil^2").contains("boosts"));
        assert!(p("outlet:\"a b\"~2").contains("not a proximity"));
    }

    #[test]
    fn hostile_queries_end_with_an_error_not_a_hang() {
        assert!(p("”").contains("closes nothing"));
        assert!(p("oil ”").contains("closes nothing"));
        assert!(p(&"(".repeat(5000)).contains("too large"));
        assert!(p(&"-(".repeat(700)).contains("too large"));
        let many: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
        assert!(p(&many.join(" ")).contains("too large"));
        assert!(p(&"x".repeat(MAX_QUERY_CHARS + 1)).contains("too large"));
        assert!(p("--oil").contains("(--oil)") || p("--oil").contains("ERR"));
    }
}
