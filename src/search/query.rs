//! The query language: words (ANDed), "quoted phrases", OR, -exclusion, (groups) and
//! field:value terms. Parsing gives a tree that search compiles and highlight follows.
//! OR binds tighter than the implicit AND: `china russia OR ukraine` is
//! `china AND (russia OR ukraine)`.

use std::fmt;

/// Fields a query can name (`outlet:`, `entity:`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QField {
    Text,
    Title,
    Outlet,
    Entity,
    Date,
    Since,
    Until,
    Language,
}

impl QField {
    pub const NAMES: &'static str = "text, title, outlet, entity, date, since, until, lang";

    fn parse(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "text" => Self::Text,
            "title" => Self::Title,
            "outlet" | "source" => Self::Outlet,
            "entity" => Self::Entity,
            "date" => Self::Date,
            "since" | "from" => Self::Since,
            "until" | "to" => Self::Until,
            "lang" | "language" => Self::Language,
            _ => return None,
        })
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A bare word (which may analyse to several tokens, as "full-scale" does).
    Word(String),
    /// A "quoted phrase".
    Phrase(String),
    Field(QField, String),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

/// Why a query could not be parsed; the message names the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty: give words to search for")]
    Empty,
    #[error("unbalanced quote: the \" at character {0} is never closed")]
    UnbalancedQuote(usize),
    #[error("unbalanced parenthesis: {0}")]
    UnbalancedParen(String),
    #[error("unknown field '{0}:' (known fields: {fields}); to search for the text, put it in quotes", fields = QField::NAMES)]
    UnknownField(String),
    #[error("'{0}:' needs a value, as in {0}:value or {0}:\"two words\"")]
    EmptyValue(String),
    #[error("'{0}' needs something on its {1} side")]
    DanglingOperator(&'static str, &'static str),
    #[error("{0}")]
    BadValue(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Lexeme {
    Word(String),
    Quoted(String),
    Field(String, String),
    Minus,
    Or,
    LParen,
    RParen,
}

fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '"' | '(' | ')' | '“' | '”')
}

fn read_quoted(chars: &[char], open: usize) -> Result<(String, usize), QueryError> {
    let close = chars[open + 1..]
        .iter()
        .position(|&c| c == '"' || c == '”')
        .ok_or(QueryError::UnbalancedQuote(open + 1))?;
    let text: String = chars[open + 1..open + 1 + close].iter().collect();
    Ok((text, open + close + 2))
}

fn lex(q: &str) -> Result<Vec<Lexeme>, QueryError> {
    let chars: Vec<char> = q.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '“' {
            let (text, next) = read_quoted(&chars, i)?;
            toks.push(Lexeme::Quoted(text));
            i = next;
        } else if c == '(' {
            toks.push(Lexeme::LParen);
            i += 1;
        } else if c == ')' {
            toks.push(Lexeme::RParen);
            i += 1;
        } else if c == '-'
            && chars
                .get(i + 1)
                .is_some_and(|&n| is_word_char(n) && n != '-' || n == '"' || n == '(')
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
                let (value, next) = match chars.get(i) {
                    Some('"') | Some('“') => read_quoted(&chars, i)?,
                    _ => {
                        let s = i;
                        while i < chars.len() && is_word_char(chars[i]) {
                            i += 1;
                        }
                        let bare: String = chars[s..i].iter().collect();
                        // A qualified quoted value: entity:PER:"Carl Bildt".
                        if bare.ends_with(':') && matches!(chars.get(i), Some('"' | '“')) {
                            let (quoted, next) = read_quoted(&chars, i)?;
                            (format!("{bare}{quoted}"), next)
                        } else {
                            (bare, i)
                        }
                    }
                };
                i = next;
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

struct Parser {
    toks: Vec<Lexeme>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Lexeme> {
        self.toks.get(self.pos)
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
            if matches!(self.peek(), None | Some(Lexeme::RParen) | Some(Lexeme::Or)) {
                return Err(QueryError::DanglingOperator("-", "right"));
            }
            return Ok(Node::Not(Box::new(self.atom()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Node, QueryError> {
        let tok = self.toks[self.pos].clone();
        self.pos += 1;
        Ok(match tok {
            Lexeme::Word(w) => Node::Word(w),
            Lexeme::Quoted(p) => Node::Phrase(p),
            Lexeme::Field(name, value) => {
                let field =
                    QField::parse(&name).ok_or_else(|| QueryError::UnknownField(name.clone()))?;
                if value.trim().is_empty() {
                    return Err(QueryError::EmptyValue(name));
                }
                if matches!(field, QField::Date | QField::Since | QField::Until) {
                    crate::analyze::date::Period::parse(&value)
                        .map_err(|e| QueryError::BadValue(format!("{name}: {e}")))?;
                }
                Node::Field(field, value)
            }
            Lexeme::LParen => {
                self.depth += 1;
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

/// Parses a query string.
pub fn parse(q: &str) -> Result<Node, QueryError> {
    let toks = lex(q)?;
    if toks.is_empty() {
        return Err(QueryError::Empty);
    }
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    let node = p.and()?;
    Ok(match node {
        Node::And(v) => Node::And(v),
        other => Node::And(vec![other]),
    })
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
            Node::Field(k, v) => write!(f, "{k:?}:\"{v}\"").map(|_| ()),
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
    }
}
