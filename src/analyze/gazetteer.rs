//! Word lists shipped in `data/gazetteer/`: known places, organisations and other
//! names, given names, titles, aliases and common words. Built into the binary.

use crate::analyze::respell::Respeller;
use crate::model::EntityType;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LazyLock, OnceLock};

const LOC: &str = include_str!("../../data/gazetteer/loc.txt");
const ORG: &str = include_str!("../../data/gazetteer/org.txt");
const MISC: &str = include_str!("../../data/gazetteer/misc.txt");
const GIVEN_NAMES: &str = include_str!("../../data/gazetteer/given_names.txt");
const TITLES: &str = include_str!("../../data/gazetteer/titles.txt");
const COMMON: &str = include_str!("../../data/gazetteer/common.txt");
const ALIASES: &str = include_str!("../../data/gazetteer/aliases.tsv");
/// Names of one place or thing that differ by period or spelling (Bombay, Mumbai; Second
/// World War, World War II): each its own canonical name in an article, joined across
/// the index.
const RENAMED: &str = include_str!("../../data/gazetteer/renamed.tsv");
const NOISE: &str = include_str!("../../data/gazetteer/noise.txt");
/// Canonical forms that are no tagger feature (state abbreviations, country groups,
/// peoples in the plural, parties): consulted before the other lists.
const CANONICAL: &str = include_str!("../../data/gazetteer/canonical.tsv");
/// Words that make a whole span noise (Reuters table abbreviations).
const NOISE_WORDS: &str = include_str!("../../data/gazetteer/noise_words.txt");
/// Company names mined from the corpora by `bench/companies.py` (not a tagger feature).
const COMPANIES: &str = include_str!("../../data/gazetteer/companies.txt");
/// Titles of works and named products mined from the corpora by `bench/works.py` (not a
/// tagger feature).
const WORKS: &str = include_str!("../../data/gazetteer/works.txt");
/// Clubs by the short name a sport report gives them ("Newcastle" → Newcastle United).
const CLUBS: &str = include_str!("../../data/gazetteer/clubs.tsv");
/// The person a bare surname names in the corpora, with the entities named beside them
/// ("blair" → Tony Blair beside Labour, Downing Street); written by `bench/people.py`.
const PEOPLE: &str = include_str!("../../data/gazetteer/people.tsv");
/// What the annotated training articles (`data/ner/news/`) agree a name stands for
/// ("Congress" → United States Congress, "Lords" → House of Lords) and which type an
/// entity is; written by `data/ner/news/tools/known.py` (not a tagger feature).
const KNOWN_NAMES: &str = include_str!("../../data/ner/known_names.tsv");
const KNOWN_TYPES: &str = include_str!("../../data/ner/known_types.tsv");

/// A team sport whose reports name clubs by their town ("Leicester beat Bath").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sport {
    Football,
    Rugby,
}

/// Company legal-form suffixes: a name ending in one is a company ("Texaco Inc"), and the
/// canonical name drops it.
pub const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "ltd",
    "limited",
    "plc",
    "co",
    "cos",
    "llc",
    "ag",
    "sa",
    "s.a",
    "s.a.",
    "nv",
    "n.v.",
    "bv",
    "b.v.",
    "gmbh",
    "spa",
    "s.p.a.",
    "bhd",
    "pty",
    "cie",
    "kk",
    "na",
    "n.a",
    "a/s",
    "asa",
    "ab",
    "oy",
    "oyj",
];

/// Legal forms written before a company's name in Sweden, Denmark, the Netherlands and
/// Finland ("AB Astra", "A/S Ferrosan", "NV DSM", "Oy Nokia"): the canonical name drops
/// them as it drops a suffix.
const LEGAL_PREFIXES: &[&str] = &["AB", "A/S", "NV", "N.V.", "Oy"];

/// Whether a word is a company legal suffix ("Inc", "Corp.", "plc").
pub fn is_legal_suffix(word: &str) -> bool {
    let w = word.to_lowercase();
    LEGAL_SUFFIXES.contains(&w.as_str()) || LEGAL_SUFFIXES.contains(&w.trim_end_matches('.'))
}

/// Whether a word only says that a name is a company's: a legal suffix, "Bancorp",
/// "Group", "Holdings", "Cos", or the "and" / "&" of "and Co".
pub fn is_company_form(word: &str) -> bool {
    const FORMS: &[&str] = &[
        "bancorp",
        "bancorporation",
        "group",
        "holdings",
        "holding",
        "cos",
        "companies",
        "and",
        "&",
        "(pte)",
    ];
    is_legal_suffix(word) || FORMS.contains(&word.to_lowercase().trim_end_matches('.'))
}

/// The canonical name of a United States federal body named with a national prefix, as
/// the guidelines (English Wikipedia's titles) name it: "U.S. Agriculture Department" and
/// "US Department of Agriculture" → "United States Department of Agriculture", "U.S.
/// Treasury" → "United States Department of the Treasury", "US Air Force" → "United
/// States Air Force", "U.S. Supreme Court" → "Supreme Court of the United States". Only
/// with the prefix: a bare "Agriculture Department" may be any country's.
pub fn us_institution(name: &str) -> Option<String> {
    const PREFIXES: &[&str] = &["u.s. ", "u.s ", "us ", "u.s.a. ", "usa ", "united states "];
    let lower = federal_key(name);
    us_federal_body(PREFIXES.iter().find_map(|p| lower.strip_prefix(p))?)
}

/// A name as `us_federal_body` looks it up: lower case, single spaces.
pub fn federal_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The canonical name of the United States federal body a name gives without the country
/// (lower case, single spaces: "agriculture department", "treasury", "air force"), for
/// where the country is known; `us_institution` without the prefix.
pub fn us_federal_body(rest: &str) -> Option<String> {
    const DEPARTMENTS: &[(&str, &str)] = &[
        ("agriculture", "Agriculture"),
        ("commerce", "Commerce"),
        ("defense", "Defense"),
        ("education", "Education"),
        ("energy", "Energy"),
        ("health and human services", "Health and Human Services"),
        ("homeland security", "Homeland Security"),
        (
            "housing and urban development",
            "Housing and Urban Development",
        ),
        ("interior", "the Interior"),
        ("justice", "Justice"),
        ("labor", "Labor"),
        ("state", "State"),
        ("transportation", "Transportation"),
        ("treasury", "the Treasury"),
        ("veterans affairs", "Veterans Affairs"),
    ];
    const BODIES: &[(&str, &str)] = &[
        ("air force", "United States Air Force"),
        ("army", "United States Army"),
        ("coast guard", "United States Coast Guard"),
        ("congress", "United States Congress"),
        ("court of appeals", "United States Court of Appeals"),
        ("district court", "United States District Court"),
        ("embassy", "United States Embassy"),
        ("federal bankruptcy court", "United States Bankruptcy Court"),
        ("house", "United States House of Representatives"),
        (
            "house of representatives",
            "United States House of Representatives",
        ),
        (
            "international trade commission",
            "United States International Trade Commission",
        ),
        ("marine corps", "United States Marine Corps"),
        ("mint", "United States Mint"),
        ("navy", "United States Navy"),
        ("secret service", "United States Secret Service"),
        ("senate", "United States Senate"),
        ("supreme court", "Supreme Court of the United States"),
        ("treasury", "United States Department of the Treasury"),
    ];
    if let Some((_, full)) = BODIES.iter().find(|(b, _)| *b == rest) {
        return Some(full.to_string());
    }
    let department = rest.strip_suffix(" department").or_else(|| {
        rest.strip_prefix("department of ")
            .map(|d| d.strip_prefix("the ").unwrap_or(d))
    })?;
    DEPARTMENTS
        .iter()
        .find(|(d, _)| *d == department)
        .map(|(_, full)| format!("United States Department of {full}"))
}

/// A name without its legal suffixes ("Texaco Inc" → "Texaco", "Leaseway Co Inc" →
/// "Leaseway", "Harris Upham and Co" → "Harris Upham"), or the name itself. A spelled-out
/// "Corporation" is part of the name ("Pension Benefit Guaranty Corporation", "Shanghai
/// Automotive Industry Corporation"), as the annotators of the gold sets and of the
/// training articles keep it.
pub fn without_legal_suffix(name: &str) -> &str {
    let mut stem = name.trim_end();
    while let Some((head, last)) = stem.rsplit_once(' ') {
        if !is_legal_suffix(last) || last.eq_ignore_ascii_case("corporation") {
            break;
        }
        stem = head.trim_end().trim_end_matches(',');
        // The "and" of "and Co" goes with it ("Jefferies and Co" → "Jefferies").
        if let Some((head, joiner)) = stem.rsplit_once(' ') {
            if joiner == "and" || joiner == "&" {
                stem = head.trim_end().trim_end_matches(',');
            }
        }
    }
    stem
}

/// `known_names.tsv` read: (type, name written, lower case) → canonical name. A company
/// written there with its legal suffix is known without it too ("Goldman, Sachs and Co"
/// → "Goldman, Sachs"), as the pipeline names it, when the name left has several words
/// and no row of its own.
fn known_names_table(text: &str) -> HashMap<(EntityType, String), String> {
    let rows: Vec<(EntityType, String, String)> = entries(text)
        .filter_map(|line| {
            let mut cols = line.split('\t').map(str::trim);
            let (name, canonical, kind) = (cols.next()?, cols.next()?, cols.next()?);
            Some((
                EntityType::parse(kind)?,
                name.to_lowercase(),
                canonical.to_string(),
            ))
        })
        .collect();
    let mut table: HashMap<(EntityType, String), String> = rows
        .iter()
        .map(|(kind, name, canonical)| ((*kind, name.clone()), canonical.clone()))
        .collect();
    for (kind, name, canonical) in rows.into_iter().filter(|r| r.0 == EntityType::Org) {
        let stem = without_legal_suffix(&name);
        if stem.len() < name.len() && stem.contains(' ') {
            table.entry((kind, stem.to_string())).or_insert(canonical);
        }
    }
    table
}

/// A name without a legal form written before it ("AB Astra" → "Astra"), when a
/// capitalised word follows; else the name itself.
pub fn without_legal_prefix(name: &str) -> &str {
    LEGAL_PREFIXES
        .iter()
        .find_map(|p| name.strip_prefix(p)?.strip_prefix(' '))
        .filter(|rest| rest.starts_with(char::is_uppercase))
        .unwrap_or(name)
}

/// The loaded word lists. Names are looked up case-insensitively.
pub struct Gazetteer {
    names: HashMap<String, (EntityType, String)>,
    /// Countries, regions and peoples (lower case): the sections of `loc.txt` and
    /// `misc.txt` that name them, not cities or events (`is_country_or_people`).
    countries_and_peoples: HashSet<String>,
    /// Acronyms of two letters, and of three that are also common words ("WHO", "US"):
    /// known only when written in capitals ("The Who" is a band, "us" a pronoun, "La" the
    /// Louisiana of "Lafayette, La" no Los Angeles).
    capitals_only: HashSet<String>,
    given_names: HashSet<String>,
    titles: HashSet<String>,
    common: HashSet<String>,
    noise: HashSet<String>,
    companies: HashSet<String>,
    /// Works and products, lower case, with the list's spelling.
    works: HashMap<String, String>,
    /// Clubs (and competitions) by sport and short name (lower case), with their type.
    clubs: HashMap<(Sport, String), (String, EntityType)>,
    noise_words: HashSet<String>,
    /// `canonical.tsv`: looked up first, never given to the tagger.
    canonical: HashMap<String, (EntityType, String)>,
    /// The canonical names of `aliases.tsv`, lower case.
    alias_targets: HashSet<String>,
    /// `known_names.tsv`: (type, name written, lower case) → canonical name.
    known_names: HashMap<(EntityType, String), String>,
    /// `known_types.tsv`: canonical name, lower case → type.
    known_types: HashMap<String, EntityType>,
    /// `known_types.tsv` as read, for `respeller`.
    known_types_text: &'static str,
    /// `known_types.tsv`'s names, to correct a slip in one word: indexed on first use
    /// (some 10 ms), as a process that only looks names up never needs it.
    respeller: OnceLock<Respeller>,
    /// `people.tsv`: surname, lower case → the people listed for it (one per corpus) and
    /// the entity terms named beside each.
    people: HashMap<String, Vec<(String, HashSet<String>)>>,
    /// `renamed.tsv`: (type, name, lower case) → the first name of its group, lower case.
    renamed: HashMap<(EntityType, String), String>,
}

/// `renamed.tsv` rows: the two names of one thing and its type.
fn renamed_rows(text: &str) -> impl Iterator<Item = (&str, &str, EntityType)> {
    entries(text).filter_map(|line| {
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [a, b, kind] = cols[..] else { return None };
        Some((a, b, EntityType::parse(kind)?))
    })
}

/// `renamed.tsv` rows as groups: every name (type, lower case) → the lower-case first
/// name of its group (a row naming a name met before joins that name's group).
fn renamed(text: &str) -> HashMap<(EntityType, String), String> {
    let mut out: HashMap<(EntityType, String), String> = HashMap::new();
    for (a, b, kind) in renamed_rows(text) {
        let (a, b) = ((kind, a.to_lowercase()), (kind, b.to_lowercase()));
        let key = out
            .get(&a)
            .or_else(|| out.get(&b))
            .cloned()
            .unwrap_or(a.1.clone());
        out.insert(a, key.clone());
        out.insert(b, key);
    }
    out
}

fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Whether `people.tsv` is consulted (`newsdex analyze --no-people-table` turns it off
/// for the program that writes it, so the table never counts its own guesses).
static PEOPLE_TABLE: AtomicBool = AtomicBool::new(true);

/// Known-names tables read instead of the built-in ones (`use_known_tables`).
static KNOWN_TABLES: OnceLock<(String, String)> = OnceLock::new();
/// Whether the shared gazetteer was loaded (after which the tables are fixed).
static LOADED: AtomicBool = AtomicBool::new(false);

/// Reads `known_names.tsv` and `known_types.tsv` from these texts instead of the built-in
/// ones for the rest of the process: `newsdex analyze --known-tables`, so that a fold of
/// the training articles is scored with tables learnt without it (bench/entities_fold.sh).
/// Fails once the gazetteer is in use.
pub fn use_known_tables(names: String, types: String) -> Result<(), &'static str> {
    if LOADED.load(Ordering::SeqCst) {
        return Err("the gazetteer is loaded already");
    }
    KNOWN_TABLES
        .set((names, types))
        .map_err(|_| "known tables were set already")
}

/// Turns the people table off for the rest of the process.
pub fn without_people_table() {
    PEOPLE_TABLE.store(false, Ordering::Relaxed);
}

/// `people.tsv` rows (surname, person, corpus, three counts, the context terms joined
/// by "|"), by surname.
fn people(text: &str) -> HashMap<String, Vec<(String, HashSet<String>)>> {
    let mut out: HashMap<String, Vec<(String, HashSet<String>)>> = HashMap::new();
    for line in entries(text) {
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if let [surname, person, _, _, _, _, context] = cols[..] {
            let context = context.split('|').map(str::to_string).collect();
            out.entry(surname.to_lowercase())
                .or_default()
                .push((person.to_string(), context));
        }
    }
    out
}

/// The entries of a list's sections whose heading ("# --- Heading ...") starts with one
/// of `headings`.
pub fn sections<'a>(text: &'a str, headings: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
    let mut inside = false;
    text.lines().filter_map(move |line| {
        if let Some(heading) = line.strip_prefix("# --- ") {
            inside = headings.iter().any(|h| heading.starts_with(h));
            return None;
        }
        let line = line.trim();
        (inside && !line.is_empty() && !line.starts_with('#')).then_some(line)
    })
}

impl Gazetteer {
    fn load() -> Self {
        LOADED.store(true, Ordering::SeqCst);
        let (known_names, known_types) = KNOWN_TABLES
            .get()
            .map_or((KNOWN_NAMES, KNOWN_TYPES), |(n, t)| {
                (n.as_str(), t.as_str())
            });
        let mut names = HashMap::new();
        for (text, kind) in [
            (MISC, EntityType::Misc),
            (LOC, EntityType::Loc),
            (ORG, EntityType::Org),
        ] {
            for e in entries(text) {
                names.insert(e.to_lowercase(), (kind, e.to_string()));
            }
        }
        let mut alias_targets = HashSet::new();
        for line in entries(ALIASES) {
            let mut cols = line.split('\t').map(str::trim);
            if let (Some(alias), Some(canonical), Some(kind)) =
                (cols.next(), cols.next(), cols.next())
            {
                if let Some(kind) = EntityType::parse(kind) {
                    names.insert(alias.to_lowercase(), (kind, canonical.to_string()));
                    names.insert(canonical.to_lowercase(), (kind, canonical.to_string()));
                    alias_targets.insert(canonical.to_lowercase());
                }
            }
        }
        // Both names of a renamed place or thing are known names, each under its own.
        for (a, b, kind) in renamed_rows(RENAMED) {
            for name in [a, b] {
                names.insert(name.to_lowercase(), (kind, name.to_string()));
            }
        }
        let lower_set = |text: &str| entries(text).map(str::to_lowercase).collect::<HashSet<_>>();
        let common = lower_set(COMMON);
        let listed = [MISC, LOC, ORG].into_iter().flat_map(entries);
        let aliases = entries(ALIASES).filter_map(|l| l.split('\t').next());
        let capitals_only = listed
            .chain(aliases)
            .map(str::trim)
            .filter(|a| (2..=3).contains(&a.len()) && a.bytes().all(|b| b.is_ascii_uppercase()))
            .map(str::to_lowercase)
            .filter(|a| a.len() == 2 || common.contains(a))
            .collect();
        let countries_and_peoples = sections(
            LOC,
            &[
                "UN member states",
                "Common short, formal",
                "Other states",
                "Continents and world regions",
                "Historical states",
            ],
        )
        .chain(sections(
            MISC,
            &["Nationalities and demonyms", "Broader adjectival"],
        ))
        .map(str::to_lowercase)
        .collect();
        Gazetteer {
            names,
            capitals_only,
            countries_and_peoples,
            given_names: lower_set(GIVEN_NAMES),
            titles: lower_set(TITLES)
                .into_iter()
                .map(|t| t.trim_end_matches('.').to_string())
                .collect(),
            common,
            noise: lower_set(NOISE),
            companies: lower_set(COMPANIES),
            clubs: entries(CLUBS)
                .filter_map(|line| {
                    let mut cols = line.split('\t').map(str::trim);
                    let (short, club, sport) = (cols.next()?, cols.next()?, cols.next()?);
                    let sport = match sport {
                        "football" => Sport::Football,
                        "rugby" => Sport::Rugby,
                        _ => return None,
                    };
                    let kind = cols
                        .next()
                        .map_or(Some(EntityType::Org), EntityType::parse)?;
                    Some(((sport, short.to_lowercase()), (club.to_string(), kind)))
                })
                .collect(),
            // Each title also under its name without "The" ("aviator" → "The Aviator"),
            // unless the list has that name as a title of its own (inserted last, it wins).
            works: entries(WORKS)
                .filter_map(|w| {
                    let key = w.to_lowercase();
                    Some((key.strip_prefix("the ")?.to_string(), w.to_string()))
                })
                .chain(entries(WORKS).map(|w| (w.to_lowercase(), w.to_string())))
                .collect(),
            noise_words: lower_set(NOISE_WORDS),
            alias_targets,
            canonical: entries(CANONICAL)
                .filter_map(|line| {
                    let mut cols = line.split('\t').map(str::trim);
                    let (alias, canonical, kind) = (cols.next()?, cols.next()?, cols.next()?);
                    let kind = EntityType::parse(kind)?;
                    Some((alias.to_lowercase(), (kind, canonical.to_string())))
                })
                .collect(),
            known_names: known_names_table(known_names),
            known_types: entries(known_types)
                .filter_map(|line| {
                    let mut cols = line.split('\t').map(str::trim);
                    let (name, kind) = (cols.next()?, cols.next()?);
                    Some((name.to_lowercase(), EntityType::parse(kind)?))
                })
                .collect(),
            known_types_text: known_types,
            respeller: OnceLock::new(),
            people: people(PEOPLE),
            renamed: renamed(RENAMED),
        }
    }

    /// The shared instance, loaded on first use.
    pub fn get() -> &'static Gazetteer {
        static G: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::load);
        &G
    }

    /// Whether a name is the canonical name of an alias row ("IBM", "NATO", "European
    /// Community"): the name the guidelines give the organisation.
    pub fn is_alias_target(&self, name: &str) -> bool {
        self.alias_targets.contains(&name.to_lowercase())
    }

    /// Whether a name is a country, a region or a people ("Dutch", "Anglo", "Iran",
    /// "Europe"), by the lists' sections, or an alias of one ("US").
    pub fn is_country_or_people(&self, name: &str) -> bool {
        let known = |n: &str| self.countries_and_peoples.contains(&n.to_lowercase());
        known(name)
            || self
                .lookup(name)
                .is_some_and(|(_, canonical)| known(canonical))
    }

    /// A known name's type and canonical form ("U.S." → LOC "United States").
    pub fn lookup(&self, name: &str) -> Option<(EntityType, &str)> {
        let key = name.to_lowercase();
        if self.capitals_only.contains(&key) && name != name.to_uppercase() {
            return None;
        }
        self.canonical
            .get(&key)
            .or_else(|| self.names.get(&key))
            .map(|(k, c)| (*k, c.as_str()))
    }

    /// Every known name (lower case) with its type: the word lists and the aliases.
    pub fn names(&self) -> impl Iterator<Item = (&str, EntityType)> {
        self.names.iter().map(|(k, (t, _))| (k.as_str(), *t))
    }

    /// The given names, titles (without a trailing period) and common words, lower case.
    pub fn given_names(&self) -> impl Iterator<Item = &str> {
        self.given_names.iter().map(String::as_str)
    }

    pub fn titles(&self) -> impl Iterator<Item = &str> {
        self.titles.iter().map(String::as_str)
    }

    pub fn common_words(&self) -> impl Iterator<Item = &str> {
        self.common.iter().map(String::as_str)
    }

    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.contains(&word.to_lowercase())
    }

    pub fn is_title(&self, word: &str) -> bool {
        self.titles
            .contains(word.trim_end_matches('.').to_lowercase().as_str())
    }

    pub fn is_common(&self, word: &str) -> bool {
        self.common.contains(&word.to_lowercase())
    }

    /// Whether a name is on the company list (`data/gazetteer/companies.txt`), with or
    /// without a legal suffix or a possessive.
    pub fn is_company(&self, name: &str) -> bool {
        let name = name
            .strip_suffix("'s")
            .or_else(|| name.strip_suffix("’s"))
            .unwrap_or(name);
        self.companies
            .contains(&without_legal_suffix(name).to_lowercase())
    }

    /// The listed title of a work or product (`data/gazetteer/works.txt`) a name is,
    /// also when the name leaves out the title's "The" ("Aviator" → "The Aviator").
    pub fn work(&self, name: &str) -> Option<&str> {
        self.works.get(&name.to_lowercase()).map(String::as_str)
    }

    /// The club (or competition) a name stands for in a report of `sport`, and its type
    /// ("Sale" → "Sale Sharks" ORG, "Premiership" → "Premier League" MISC in football).
    pub fn club(&self, sport: Sport, name: &str) -> Option<(&str, EntityType)> {
        self.clubs
            .get(&(sport, name.to_lowercase()))
            .map(|(club, kind)| (club.as_str(), *kind))
    }

    /// The canonical name the training articles' annotators agreed a name of this type
    /// stands for when the article does not spell it out ("Congress" → "United States
    /// Congress"; people only by a peer's title, "Lord Falconer", or one word the
    /// annotators always named in full, `known_person`).
    pub fn known_name(&self, kind: EntityType, name: &str) -> Option<&str> {
        self.known_names
            .get(&(kind, name.to_lowercase()))
            .map(String::as_str)
    }

    /// The person the training articles' annotators always named in full where an
    /// article wrote this one word ("Elvis" → "Elvis Presley"; `known_names.tsv`), off
    /// with the people table.
    pub fn known_person(&self, word: &str) -> Option<&str> {
        if !PEOPLE_TABLE.load(Ordering::Relaxed) || word.contains(' ') {
            return None;
        }
        self.known_name(EntityType::Per, word)
    }

    /// The person the training articles' annotators named by a peer's title and surname
    /// ("Lord", "Falconer" → "Charles Falconer"), off with the people table.
    pub fn known_peer(&self, title: &str, surname: &str) -> Option<&str> {
        if !PEOPLE_TABLE.load(Ordering::Relaxed) {
            return None;
        }
        self.known_name(EntityType::Per, &format!("{title} {surname}"))
    }

    /// The name the training articles' annotators gave that a name of this type misspells
    /// in one word ("Univerity of Maryland" → "University of Maryland"), when the name is
    /// not a known one or a listed company and the word is no listed name or common word
    /// itself.
    pub fn respelt(&self, kind: EntityType, name: &str) -> Option<&str> {
        // A company the corpora write with a legal suffix is spelt as they write it
        // ("Fuerzas Electricas de Catalunya" beside a known "... de Cataluna").
        if self.lookup(name).is_some() || self.known_type(name).is_some() || self.is_company(name) {
            return None;
        }
        let respeller = self
            .respeller
            .get_or_init(|| Respeller::from_known_types(self.known_types_text));
        respeller.respelt(kind, name, |w| {
            self.lookup(w).is_some() || self.is_common(w) || self.is_given_name(w)
        })
    }

    /// The type the training articles' annotators agreed an entity is ("Ico" → MISC).
    pub fn known_type(&self, name: &str) -> Option<EntityType> {
        self.known_types.get(&name.to_lowercase()).copied()
    }

    /// The name of the group of names of one place or thing that differ by period or
    /// spelling (`renamed.tsv`, lower case: "kiev" for "Kyiv" and "Kiev"), when `name` is
    /// one.
    pub fn renamed_group(&self, kind: EntityType, name: &str) -> Option<&str> {
        self.renamed
            .get(&(kind, name.to_lowercase()))
            .map(String::as_str)
    }

    /// Whether `people.tsv` lists a surname (and the table is on).
    pub fn lists_person(&self, surname: &str) -> bool {
        PEOPLE_TABLE.load(Ordering::Relaxed) && self.people.contains_key(&surname.to_lowercase())
    }

    /// The widely known person a bare surname names in an article whose entity terms
    /// ("org:labour party") are `terms`: the listed person of that surname whose
    /// context the article names most, when it names one term of it at least and no
    /// other listed person's as many ("Bush" is George W. Bush beside Iraq, "Johnson"
    /// Manuel Johnson beside the Federal Reserve).
    pub fn well_known_person(&self, surname: &str, terms: &HashSet<String>) -> Option<&str> {
        if !PEOPLE_TABLE.load(Ordering::Relaxed) {
            return None;
        }
        let people = self.people.get(&surname.to_lowercase())?;
        let scored: Vec<(usize, &str)> = people
            .iter()
            .map(|(name, context)| (context.intersection(terms).count(), name.as_str()))
            .collect();
        let &(best, name) = scored.iter().max_by_key(|(n, _)| *n)?;
        let rival = scored.iter().any(|&(n, other)| n == best && other != name);
        (best > 0 && !rival).then_some(name)
    }

    /// Whether a whole name is never an entity: a bare legal suffix, a wire sign-off, a
    /// time zone, a holiday, an honour, a generic technology name, an economic term, a
    /// currency, a credit rating, a table's row label also with its figure ("End Stocks
    /// 148.99"; `noise.txt`), or a name with a table abbreviation in it (`noise_words.txt`:
    /// "Nine Mths").
    pub fn is_noise(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        // A table's row label (several words) with its figure ("End Stocks 148.99").
        let label = lower.rsplit_once(' ').filter(|(label, figure)| {
            label.contains(' ')
                && figure
                    .chars()
                    .all(|c| c.is_ascii_digit() || ".,".contains(c))
        });
        self.noise.contains(&lower)
            || label.is_some_and(|(label, _)| self.noise.contains(label))
            || lower
                .split(' ')
                .any(|w| self.noise_words.contains(w.trim_end_matches('.')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_suffixes_go_with_the_and_of_and_co() {
        assert_eq!(without_legal_suffix("Outokumpu Oy"), "Outokumpu");
        assert_eq!(without_legal_suffix("Texaco Inc"), "Texaco");
        assert_eq!(without_legal_suffix("Leaseway Co Inc"), "Leaseway");
        assert_eq!(without_legal_suffix("Jefferies and Co"), "Jefferies");
        assert_eq!(
            without_legal_suffix("Kidder, Peabody & Co"),
            "Kidder, Peabody"
        );
        assert_eq!(
            without_legal_suffix("Commodity Credit Corporation"),
            "Commodity Credit Corporation"
        );
        // An "and" inside the name stays.
        assert_eq!(
            without_legal_suffix("Marks and Spencer plc"),
            "Marks and Spencer"
        );
    }

    #[test]
    fn table_row_labels_are_noise_with_their_figures() {
        let g = Gazetteer::get();
        assert!(g.is_noise("End Stocks 148.99"));
        assert!(g.is_noise("End Stocks 1,682.31"));
        assert!(g.is_noise("Start Stks 137"));
        assert!(g.is_noise("Total Supply 2,025.71"));
        assert!(!g.is_noise("Boeing 747"));
        assert!(!g.is_noise("Stocks"));
        // A one-word label keeps its figure: "TV 2" is a channel, "Web 2.0" a name.
        assert!(!g.is_noise("TV 2"));
        assert!(!g.is_noise("Web 2.0"));
    }

    #[test]
    fn legal_forms_before_a_name_go_when_a_name_follows() {
        assert_eq!(without_legal_prefix("AB Astra"), "Astra");
        assert_eq!(without_legal_prefix("A/S Ferrosan"), "Ferrosan");
        assert_eq!(without_legal_prefix("NV Philips"), "Philips");
        assert_eq!(without_legal_prefix("ABN Bank"), "ABN Bank");
        assert_eq!(without_legal_prefix("NV"), "NV");
        assert_eq!(without_legal_prefix("AB and Co"), "AB and Co");
    }

    #[test]
    fn a_known_company_is_known_without_its_legal_suffix_too() {
        let table = known_names_table(
            "goldman, sachs and co\tGoldman Sachs\tORG\t4\t4\n\
             texaco inc\tTexaco\tORG\t2\t2\n\
             jones and co\tJones\tORG\t1\t1\n\
             jones\tJones Group\tORG\t3\t3\n",
        );
        let get = |n: &str| {
            table
                .get(&(EntityType::Org, n.to_string()))
                .map(String::as_str)
        };
        assert_eq!(get("goldman, sachs"), Some("Goldman Sachs"));
        assert_eq!(get("goldman, sachs and co"), Some("Goldman Sachs"));
        // A single word left is no row of its own, and a row of its own stays.
        assert_eq!(get("texaco"), None);
        assert_eq!(get("jones"), Some("Jones Group"));
    }

    #[test]
    fn a_short_acronym_that_is_a_word_is_known_only_in_capitals() {
        let g = Gazetteer::get();
        let org = |n: &str| g.lookup(n).map(|(k, c)| (k, c.to_string()));
        let who = Some((EntityType::Org, "World Health Organization".to_string()));
        assert_eq!(org("WHO"), who);
        assert_eq!(org("Who"), None);
        assert_eq!(org("who"), None);
        // Any acronym of two letters: "LA" is Los Angeles, "La" no place of the list.
        assert!(org("LA").is_some());
        assert_ne!(org("La"), org("LA"));
        // Longer acronyms keep the newspapers' spellings ("Nato").
        assert_eq!(org("Nato"), org("NATO"));
        assert!(org("Nato").is_some());
    }
}
