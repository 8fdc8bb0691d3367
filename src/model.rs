//! The article model: what readers produce (`RawArticle`) and what analysis turns it
//! into (`Article`), the record every later layer works on.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an article came from: a path relative to the corpus root, plus a record
/// locator for files that hold several articles ("line 3", "record 2").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.locator {
            Some(loc) => write!(f, "{}#{}", self.path, loc),
            None => f.write_str(&self.path),
        }
    }
}

/// What a reader found in a file, as written: no parsing of dates or datelines yet.
#[derive(Debug, Clone, Default)]
pub struct RawArticle {
    pub path: String,
    pub locator: Option<String>,
    pub title: Option<String>,
    pub body: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// The name of the file's parent folder, offered as an outlet when the file
    /// names none itself (only set when the corpus enables that rule).
    pub folder_outlet: Option<String>,
    /// Entities the source itself lists (Reuters-21578's PLACES, PEOPLE, ORGS), merged
    /// by `analyze` with those found in the text.
    pub listed_entities: Vec<(EntityType, String)>,
    /// A dateline the source gives apart from the body (Reuters-21578's `<DATELINE>`):
    /// it names the place and is never part of the text.
    pub dateline: Option<String>,
}

/// A named-entity type, as in CoNLL: person, organisation, location, other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityType {
    #[serde(rename = "PER")]
    Per,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityType {
    pub const ALL: [EntityType; 4] = [Self::Per, Self::Org, Self::Loc, Self::Misc];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Per => "PER",
            Self::Org => "ORG",
            Self::Loc => "LOC",
            Self::Misc => "MISC",
        }
    }

    /// Parses "PER", "per", "ORG", ... (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entity of an article: its type, its canonical form, how often it is mentioned and
/// the other names the article gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub name: String,
    pub mentions: usize,
    /// The names its mentions were written as where they differ from `name` ("Blair"
    /// under "Tony Blair", "Congress" under "United States Congress"), in order of first
    /// mention, at most `MAX_ALIASES`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// The most names an article's entity keeps besides its canonical one.
pub const MAX_ALIASES: usize = 16;

impl Entity {
    /// An entity with no other names.
    pub fn new(kind: EntityType, name: impl Into<String>, mentions: usize) -> Self {
        Entity {
            kind,
            name: name.into(),
            mentions,
            aliases: Vec::new(),
        }
    }

    /// Adds a name its mentions were written as (not its own, not twice, at most
    /// `MAX_ALIASES`).
    pub fn add_alias(&mut self, alias: String) {
        if alias != self.name && !self.aliases.contains(&alias) && self.aliases.len() < MAX_ALIASES
        {
            self.aliases.push(alias);
        }
    }

    /// Takes in another entity of the article that names the same thing: its mentions,
    /// and its names as aliases.
    pub fn absorb(&mut self, other: Entity) {
        self.mentions += other.mentions;
        for alias in std::iter::once(other.name).chain(other.aliases) {
            self.add_alias(alias);
        }
    }

    /// Gives the entity another canonical name; the name it had becomes its first alias.
    pub fn rename(&mut self, name: String) {
        let old = std::mem::replace(&mut self.name, name);
        self.aliases.retain(|a| *a != old);
        self.aliases.insert(0, old);
        self.aliases.truncate(MAX_ALIASES);
    }
}

/// A span of the body: a paragraph, or a window of sentences of a long paragraph.
/// `start`/`end` are character (Unicode scalar) offsets into `Article::body`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage {
    pub ordinal: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A publication date: the day always, the time and UTC offset when the source gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewsDate {
    pub day: jiff::civil::Date,
    pub time: Option<jiff::civil::Time>,
    pub offset: Option<jiff::tz::Offset>,
}

impl NewsDate {
    pub fn day(day: jiff::civil::Date) -> Self {
        Self {
            day,
            time: None,
            offset: None,
        }
    }
}

impl fmt::Display for NewsDate {
    /// `2024-04-08`, `2024-04-08T09:30:00`, or `2024-04-08T09:30:00+02:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.day)?;
        if let Some(t) = self.time {
            write!(f, "T{}", t.strftime("%H:%M:%S"))?;
            if let Some(o) = self.offset {
                if o.seconds() == 0 {
                    f.write_str("Z")?;
                } else {
                    let secs = o.seconds();
                    let sign = if secs < 0 { '-' } else { '+' };
                    let m = secs.unsigned_abs() / 60;
                    write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)?;
                }
            }
        }
        Ok(())
    }
}

/// An analysed article, ready to index.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub id: String,
    pub source: Source,
    pub outlet: Option<String>,
    pub outlet_key: Option<String>,
    #[serde(serialize_with = "serialize_date")]
    pub date: Option<NewsDate>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// The dateline's place ("KYIV"), when the dateline named one.
    pub place: Option<String>,
    pub body: String,
    pub passages: Vec<Passage>,
    pub entities: Vec<Entity>,
    /// The sources the article attributes information to (`analyze::citations`).
    pub citations: Vec<Citation>,
    /// The near-duplicate sketch of the body (`analyze::near_dup`): copies of one story
    /// have sketches that mostly agree.
    #[serde(skip)]
    pub sketch: [u64; 4],
}

fn serialize_date<S: serde::Serializer>(d: &Option<NewsDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// What sort of source a citation names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CitationKind {
    /// A news organisation.
    Outlet,
    /// An identified person or organisation that is not a news organisation.
    Named,
    /// A source the article does not name.
    Anonymous,
}

impl CitationKind {
    pub const ALL: [CitationKind; 3] = [
        CitationKind::Outlet,
        CitationKind::Named,
        CitationKind::Anonymous,
    ];

    /// The kind named `outlet`, `named` or `anonymous` (any case).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// The lower-case name (`outlet`, `named`, `anonymous`).
    pub fn as_str(self) -> &'static str {
        match self {
            CitationKind::Outlet => "outlet",
            CitationKind::Named => "named",
            CitationKind::Anonymous => "anonymous",
        }
    }
}

impl std::fmt::Display for CitationKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One cited source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// The canonical display name (`The Telegraph`, `John Taylor`, `US officials`).
    pub source: String,
    pub kind: CitationKind,
    /// The cue as written (`according to`, `citing`, `said`, `which first reported`).
    pub cue: String,
    /// Byte span of the sentence in the text.
    pub sentence: std::ops::Range<usize>,
    /// Byte span of the source mention in the text.
    pub span: std::ops::Range<usize>,
}
