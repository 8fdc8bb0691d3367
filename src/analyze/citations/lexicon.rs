//! Word lists of the citation extractor: the cue words, the words that are never part of a
//! source's name, determiners, and the nouns that can head a source (people, organisations,
//! outlets, documents), each with the kind a source it heads gets.

use crate::analyze::date::is_weekday;
use crate::analyze::gazetteer::Gazetteer;
use std::collections::HashSet;
use std::sync::LazyLock;

/// A word list as a set, built on first use.
type WordSet = LazyLock<HashSet<&'static str>>;

macro_rules! word_set {
    ($list:expr) => {
        LazyLock::new(|| $list.iter().copied().collect())
    };
}

static PERSON_SET: WordSet = word_set!(PERSON);
static ORG_SET: WordSet = word_set!(ORG);
static OUTLET_SET: WordSet = word_set!(OUTLET);
static DOC_SET: WordSet = word_set!(DOC);
static FUNCTION_SET: WordSet = word_set!(FUNCTION);

/// What sort of source a common noun heads (`officials`, `the ministry`, `the newspaper`,
/// `customs records`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NounClass {
    /// Unnamed people: always anonymous.
    Person,
    /// An organisation: named when definite (`the ministry`), else anonymous.
    Org,
    /// A news outlet by a common noun: an outlet when definite (`the newspaper`), else
    /// anonymous (`a Japanese daily paper`, `Chinese state media`).
    Outlet,
    /// A document or data: speaks for the name it carries (`the USDA crop report`), else
    /// anonymous (`industry statistics`).
    Doc,
}

const PERSON: &[&str] = &[
    "official",
    "officials",
    "source",
    "sources",
    "analyst",
    "analysts",
    "economist",
    "economists",
    "diplomat",
    "diplomats",
    "trader",
    "traders",
    "dealer",
    "dealers",
    "banker",
    "bankers",
    "executive",
    "executives",
    "spokesman",
    "spokesmen",
    "spokeswoman",
    "spokeswomen",
    "spokesperson",
    "spokespeople",
    "people",
    "person",
    "expert",
    "experts",
    "observer",
    "observers",
    "insider",
    "insiders",
    "lawyer",
    "lawyers",
    "attorney",
    "attorneys",
    "investor",
    "investors",
    "broker",
    "brokers",
    "aide",
    "aides",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "resident",
    "residents",
    "witness",
    "witnesses",
    "critic",
    "critics",
    "scientist",
    "scientists",
    "researcher",
    "researchers",
    "doctor",
    "doctors",
    "worker",
    "workers",
    "employee",
    "employees",
    "staff",
    "officer",
    "officers",
    "representative",
    "representatives",
    "member",
    "members",
    "leader",
    "leaders",
    "minister",
    "ministers",
    "manager",
    "managers",
    "director",
    "directors",
    "head",
    "chairman",
    "chairwoman",
    "authorities",
    "campaigners",
    "activists",
    "organisers",
    "organizers",
    "producers",
    "exporters",
    "importers",
    "farmers",
    "operators",
    "buyers",
    "sellers",
    "shippers",
    "merchants",
    "forecasters",
    "strategists",
    "participants",
    "delegates",
    "negotiators",
    "commentators",
    "journalists",
    "reporters",
    "correspondent",
    "correspondents",
    "respondents",
    "voters",
    "fans",
    "insurers",
    "underwriters",
    "crushers",
    "millers",
    "processors",
    "engineers",
    "specialists",
    "consultants",
    "planners",
    "regulators",
    "industrialists",
    "businessmen",
    "manufacturers",
    "suppliers",
    "makers",
    "investigators",
    "prosecutors",
    "police",
    "military",
    "commanders",
    "soldiers",
    "allies",
    "partisans",
    "owners",
    "founders",
    "diplomats",
    "envoy",
    "envoys",
    "ambassador",
    "spokesmen",
    "sources",
    "ministers",
    "lawmakers",
    "legislators",
    "senators",
    "congressmen",
    "mps",
    "politicians",
    "unions",
    "opponents",
    "supporters",
    "protesters",
    "locals",
    "rivals",
    "sceptics",
    "skeptics",
    "proponents",
    "advocates",
];

const ORG: &[&str] = &[
    "company",
    "firm",
    "firms",
    "department",
    "ministry",
    "government",
    "commission",
    "partners",
    "group",
    "bank",
    "authority",
    "council",
    "committee",
    "board",
    "union",
    "court",
    "party",
    "army",
    "embassy",
    "mission",
    "office",
    "institute",
    "regulator",
    "airline",
    "carrier",
    "club",
    "team",
    "exchange",
    "fund",
    "parliament",
    "administration",
    "cabinet",
    "association",
    "federation",
    "organisation",
    "organization",
    "corporation",
    "subsidiary",
    "unit",
    "bureau",
    "agency",
    "companies",
    "banks",
    "governments",
    "ministries",
    "charity",
    "university",
    "hospital",
    "utility",
    "studio",
    "label",
    "band",
    "league",
    "federation",
    "secretariat",
    "opposition",
    "junta",
    "kremlin",
];

const OUTLET: &[&str] = &[
    "newspaper",
    "newspapers",
    "paper",
    "papers",
    "daily",
    "weekly",
    "magazine",
    "station",
    "network",
    "channel",
    "broadcaster",
    "website",
    "tabloid",
    "media",
    "press",
    "radio",
    "television",
    "tv",
    "programme",
    "program",
    "newsletter",
    "journal",
    "outlet",
    "outlets",
];

const DOC: &[&str] = &[
    "report",
    "reports",
    "statement",
    "statistics",
    "records",
    "record",
    "filings",
    "filing",
    "data",
    "figures",
    "documents",
    "document",
    "survey",
    "study",
    "poll",
    "letter",
    "estimates",
    "notice",
    "release",
    "bulletin",
    "reporting",
];

/// Words that are never part of a source's name: articles, pronouns, prepositions,
/// conjunctions, auxiliaries, sentence adverbs.
const FUNCTION: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "with",
    "by",
    "as",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "this",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "him",
    "them",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "must",
    "shall",
    "should",
    "not",
    "no",
    "also",
    "however",
    "meanwhile",
    "while",
    "when",
    "where",
    "after",
    "before",
    "since",
    "until",
    "if",
    "because",
    "though",
    "although",
    "than",
    "then",
    "so",
    "yet",
    "still",
    "last",
    "next",
    "about",
    "into",
    "over",
    "under",
    "there",
    "here",
    "what",
    "how",
    "why",
    "all",
    "some",
    "any",
    "each",
    "every",
    "more",
    "most",
    "many",
    "much",
    "such",
    "only",
    "just",
    "even",
    "both",
    "either",
    "neither",
    "nor",
    "up",
    "down",
    "out",
    "off",
    "again",
    "further",
    "once",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "according",
    "despite",
    "during",
    "without",
    "within",
    "between",
    "among",
    "through",
    "against",
    "per",
    "via",
    "earlier",
    "later",
    "instead",
    "thus",
    "indeed",
    "moreover",
    "furthermore",
    "but",
    "nevertheless",
    "asked",
    "speaking",
    "like",
    "unlike",
    "amid",
    "toward",
    "towards",
    "around",
    "across",
    "behind",
    "beyond",
    "whether",
    "whereas",
    "unless",
    "very",
    "too",
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "tell",
    "reported",
    "reports",
    "cited",
    "citing",
    "quoted",
    "quoting",
    "added",
    "adding",
    "i'm",
    "i've",
    "i'd",
    "i'll",
    "we're",
    "we've",
    "we'd",
    "we'll",
    "you're",
    "they're",
    "it's",
    "he's",
    "she's",
    "no-one",
    "nobody",
    "everyone",
    "everybody",
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "none",
    "nothing",
    "something",
    "anything",
    "everything",
    "other",
    "another",
    "same",
];

/// Determiners and quantifiers that open a noun phrase; `true` when definite.
const DETERMINERS: &[(&str, bool)] = &[
    ("the", true),
    ("a", false),
    ("an", false),
    ("some", false),
    ("one", false),
    ("two", true),
    ("three", true),
    ("four", true),
    ("several", false),
    ("many", false),
    ("most", false),
    ("other", false),
    ("both", true),
    ("his", true),
    ("her", true),
    ("its", true),
    ("their", true),
    ("this", true),
    ("these", true),
    ("those", true),
    ("another", false),
    ("few", false),
    ("all", false),
    ("our", true),
];

/// Pronouns that stand for a cited source (`he said`); `I`, `we`, `you` are first or
/// second person inside a quotation and are not.
pub const PRONOUNS: &[&str] = &["he", "she", "it", "they"];

/// Honorifics that stay in a person's span (`Mr Blair`, `Sir Ian`) but not in the
/// canonical name.
pub const HONORIFICS: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "sir", "dr", "dr.", "lord", "lady", "dame",
    "prof", "prof.", "dame",
];

/// The cue classes of the guidelines' closed inventory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Say,
    Tell,
    Report,
    Cite,
    Quote,
}

/// The cue class of a word, when it is one of the cue verbs.
pub fn cue(lower: &str) -> Option<Cue> {
    Some(match lower {
        "say" | "says" | "said" | "saying" => Cue::Say,
        "tell" | "tells" | "told" => Cue::Tell,
        "report" | "reports" | "reported" => Cue::Report,
        "cite" | "cites" | "cited" | "citing" => Cue::Cite,
        "quote" | "quotes" | "quoted" | "quoting" => Cue::Quote,
        _ => return None,
    })
}

/// The class of the common noun at the head of a phrase, given the word before it: a
/// `news agency` or `news service` is an outlet.
pub fn head_class(lower: &str, before: Option<&str>) -> Option<NounClass> {
    if matches!(
        lower,
        "agency" | "service" | "organisation" | "organization"
    ) && before == Some("news")
    {
        return Some(NounClass::Outlet);
    }
    noun_class(lower)
}

/// The class of a source-heading common noun.
pub fn noun_class(lower: &str) -> Option<NounClass> {
    if PERSON_SET.contains(lower) {
        Some(NounClass::Person)
    } else if OUTLET_SET.contains(lower) {
        Some(NounClass::Outlet)
    } else if DOC_SET.contains(lower) {
        Some(NounClass::Doc)
    } else if ORG_SET.contains(lower) {
        Some(NounClass::Org)
    } else {
        None
    }
}

pub fn is_function(lower: &str) -> bool {
    FUNCTION_SET.contains(lower)
}

pub fn is_calendar(lower: &str) -> bool {
    crate::analyze::date::is_calendar_word(lower)
}

/// Whether a determiner, and whether it is definite.
pub fn determiner(lower: &str) -> Option<bool> {
    DETERMINERS
        .iter()
        .find(|(w, _)| *w == lower)
        .map(|(_, definite)| *definite)
}

/// A job title or rank before a name (`President`, `Under-Secretary`, `chairman`), which
/// is left out of the source's span; honorifics are not titles here.
pub fn is_job_title(word: &str) -> bool {
    let lower = word.to_lowercase();
    if HONORIFICS.contains(&lower.as_ref()) {
        return false;
    }
    let last = lower.rsplit('-').next().unwrap_or(&lower);
    Gazetteer::get().is_title(&lower) || Gazetteer::get().is_title(last)
}

/// Adverbs and auxiliaries between a source and its verb (`has also said`, `here said`,
/// `Thursday said`); `true` for forms of "be", which make the verb passive.
pub fn verb_filler(lower: &str) -> Option<bool> {
    const FILLERS: &[&str] = &[
        "has",
        "have",
        "had",
        "also",
        "later",
        "earlier",
        "would",
        "will",
        "did",
        "does",
        "do",
        "officially",
        "here",
        "there",
        "yesterday",
        "today",
        "recently",
        "then",
        "again",
        "repeatedly",
        "first",
        "further",
        "previously",
        "still",
        "already",
        "publicly",
        "privately",
        "separately",
        "reportedly",
        "once",
        "always",
        "often",
        "now",
        "not",
        "never",
        "subsequently",
        "initially",
        "originally",
        "explicitly",
        "specifically",
        "informally",
        "formally",
        "tonight",
        "last",
        "night",
        "week",
        "month",
        "year",
        "could",
        "may",
        "might",
        "should",
        "can",
        "must",
        "widely",
    ];
    const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];
    if BE.contains(&lower) {
        Some(true)
    } else if FILLERS.contains(&lower) || is_weekday(lower) {
        Some(false)
    } else {
        None
    }
}

/// Nouns for the people a statement is addressed to (`told interviewers on CNN`).
pub fn is_audience(lower: &str) -> bool {
    const AUDIENCE: &[&str] = &[
        "interviewers",
        "viewers",
        "listeners",
        "readers",
        "audiences",
        "audience",
        "reporters",
        "journalists",
    ];
    AUDIENCE.contains(&lower)
}

/// Prepositions that attach an affiliation or place to an unnamed source
/// (`officials in Kyiv`, `analysts at ...`, `officials from ...`, `the head of ...`).
pub fn is_source_preposition(lower: &str) -> bool {
    matches!(
        lower,
        "in" | "at" | "from" | "with" | "of" | "to" | "for" | "on" | "within" | "inside" | "near"
    )
}

/// Modifiers that make a definite outlet noun an unnamed outlet (`the official news
/// agency`, `state media`).
pub fn is_unnaming_modifier(lower: &str) -> bool {
    matches!(
        lower,
        "official" | "state" | "local" | "foreign" | "some" | "several"
    )
}

/// Words written in lower case in an anonymous source's canonical name when they open it
/// (`Officials in Taipei` → `officials in Taipei`).
pub fn lower_in_canonical(lower: &str) -> bool {
    noun_class(lower).is_some()
        || matches!(
            lower,
            "senior"
                | "top"
                | "foreign"
                | "government"
                | "industry"
                | "company"
                | "trade"
                | "local"
                | "western"
                | "military"
                | "independent"
                | "former"
                | "unnamed"
                | "anonymous"
                | "other"
                | "two"
                | "several"
                | "customs"
                | "port"
                | "ship"
                | "bank"
                | "banking"
                | "market"
                | "oil"
                | "grain"
                | "union"
                | "defence"
                | "defense"
                | "security"
                | "intelligence"
                | "administration"
        )
}
