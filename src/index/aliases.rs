//! Corpus-wide entity aliases: which entity terms name the same real-world thing across
//! the whole index. Within an article the analyser already joins "Blinken" to "Antony
//! Blinken"; this table joins across articles, computed at every commit from the entity
//! terms of the index and their article counts:
//!
//! - a one-word person name ("per:blair") is an alias of the person of several words
//!   whose last word it is and who dominates the others with that last word or with it as
//!   given name ("per:tony blair": at least twice the articles of the next, and in two
//!   articles at least);
//! - an initial and a surname ("per:e miller", a line-up's) is an alias of the one person
//!   of the index with that surname and initial ("per:eric miller"), or the one who
//!   dominates the others;
//! - an organisation with a legal suffix ("org:moody's investors service inc") is an alias
//!   of the same name without it when the index has that name;
//! - an organisation whose name ends in "'s" ("org:standard and poor's") and the same
//!   name without it ("org:standard and poor", what dropping a possessive leaves) are one,
//!   under the name with "'s", unless the name without it has five times its articles
//!   (then the "'s" is a possessive the tagger kept: "org:european community's");
//! - an acronym ("org:ec") is an alias of the one organisation of several words the index
//!   has whose initials it is, when there is exactly one in two articles or more (and
//!   its words are spelled out: four letters at least), and it is no "United States ..."
//!   (acronyms that start "US" name many other things: "USS" is USX's steel unit), nor a
//!   body that is no company for an acronym the company list names ("org:cbs"), nor one
//!   the curated lists do not give an acronym they know ("org:bbc"; unless it has half
//!   the acronym's articles: "org:nasa"); the other way round when the curated aliases
//!   name the organisation by its acronym ("OPEC", `data/gazetteer/aliases.tsv`);
//! - a name written with and without the periods of its initials ("per:george w. bush",
//!   "per:george w bush"), its commas, hyphens or brackets ("org:goldman, sachs",
//!   "per:robert kilroy-silk", "org:(world) bank"), "&" or "and", "organisation" or
//!   "organization" (and, for an organisation or a work, a space: "org:du pont") is one,
//!   under the form in more articles, and so are the names of one place or thing that
//!   differ by spelling (`data/gazetteer/renamed.tsv`: "loc:kiev", "loc:kyiv");
//! - a club's short name typed as an organisation ("org:liverpool") is the club the index
//!   names in full ("org:liverpool fc", `data/gazetteer/clubs.tsv`), when it has one only;
//! - an organisation named with the index's dominant country ("org:u.s. treasury", when
//!   the United States has twice the articles of any other place) and the same name
//!   without it ("org:treasury") are one, under the form in more articles.
//!
//! Each entity written in several ways, and each an alias joins, is shown by the name most
//! of its articles wrote, slips and capitals last ("USAir", not "Usair"; `display`).
//!
//! A name the articles wrote for an entity but no article has as an entity of its own
//! ("blair", when every article joined it to Tony Blair; "nz", "world service"), and a
//! surname of the index's people by the one-word rule above, is kept apart as a name a
//! query may ask for (`asked`).
//!
//! A surname that several people in the index share ("brown": Gordon, Wes, Dan) is an
//! alias only in an article that names something met far more often beside the full
//! name than elsewhere (its context: Labour, Tony Blair, the Treasury for Gordon Brown),
//! so a "Brown" in a rugby line-up stays a Brown. Filters, counts, `show` and `push` decide
//! it article by article.
//!
//! Merges never change a type. The table is a small JSON file in the index folder, named
//! by the manifest (so it commits with the index), read only by the commands that filter
//! or count by entity.

use crate::analyze::entities::split_initial;
use crate::analyze::gazetteer::{Gazetteer, Sport};
use crate::index::document::{self, decode_entity_term, read_entities, typed_entity_term};
use crate::index::schema::Fields;
use crate::model::EntityType;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{Index, TantivyDocument};

const PREFIX: &str = "aliases-";
const SUFFIX: &str = ".json";

/// Whether a word ends a company's name as its legal form: the analyser's suffixes
/// (`gazetteer::is_legal_suffix`: "inc", "corp.", "plc" ...) and "group".
fn is_company_suffix(word: &str) -> bool {
    word == "group" || crate::analyze::gazetteer::is_legal_suffix(word)
}

/// Words an acronym skips ("Council on Foreign Relations" → "CFR").
const MINOR_WORDS: &[&str] = &["of", "on", "for", "the", "and", "&", "in", "de", "du", "la"];
/// How many times the articles of the next candidate the chosen full name must have.
const DOMINANCE: usize = 2;
/// Context terms kept per shared surname: the entity terms most often named beside its
/// full name.
const CONTEXT_TERMS: usize = 100;
/// A surname is shared when the other people of that name have at least 1 / this of
/// the articles of its full name and of the bare surname (Reagan: Nancy and Michael, two
/// articles beside some hundreds, is not).
const RIVALS_SHARE: usize = 20;
/// How many times more often than in the whole index a term must be met in the full
/// name's articles to count as its context (the outlet's own name, met everywhere, is not).
const CONTEXT_LIFT: f64 = 3.0;

/// Alias terms to canonical terms ("per:blair" → "per:tony blair"), and the display name
/// of each canonical term.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct EntityAliases {
    pub to: HashMap<String, String>,
    pub display: HashMap<String, String>,
    /// Alias terms that hold only in an article naming one of these terms (sorted): the
    /// surnames several people share (see the module comment). Tables written before
    /// there was a context have none: their aliases hold everywhere.
    #[serde(default)]
    pub context: HashMap<String, Vec<String>>,
    /// Names a user may ask for that no article names as such, to the entity they name:
    /// a name the articles wrote for an entity but no article has as an entity of its own
    /// ("per:blair" → "per:tony blair", when every article that says "Blair" joined it to
    /// Tony Blair; `stored_names`, `asked_surnames`), as sorted lines "name<TAB>entity",
    /// parsed only when a query first needs them. Tables written before it have none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub asked: String,
    #[serde(skip)]
    asked_map: OnceLock<HashMap<String, String>>,
    /// Canonical term → its alias terms (built on load).
    #[serde(skip)]
    from: HashMap<String, Vec<String>>,
    /// Canonical term → the names only asked for that stand for it (built when first
    /// needed).
    #[serde(skip)]
    asked_from: OnceLock<HashMap<String, Vec<String>>>,
}

impl EntityAliases {
    /// The canonical term of `term` (itself when it is no alias).
    pub fn canonical<'a>(&'a self, term: &'a str) -> &'a str {
        self.to.get(term).map_or(term, String::as_str)
    }

    /// The canonical term of `term` in an article with these entity terms: an alias
    /// with a context holds only when the article names one of its context terms.
    pub fn canonical_in<'a, T: AsRef<str>>(&'a self, term: &'a str, article: &[T]) -> &'a str {
        match self.context(term) {
            Some(ctx)
                if !article
                    .iter()
                    .any(|t| ctx.binary_search_by(|c| c.as_str().cmp(t.as_ref())).is_ok()) =>
            {
                term
            }
            _ => self.canonical(term),
        }
    }

    /// The name to show for a canonical term: its display name, else `written`, the name
    /// as an article wrote it.
    pub fn name_for(&self, canonical: &str, written: &str) -> String {
        self.display_name(canonical)
            .map_or_else(|| written.to_string(), str::to_string)
    }

    /// The terms an article must name for the alias `term` to hold (`None`: it holds in
    /// every article).
    pub fn context(&self, term: &str) -> Option<&[String]> {
        self.context.get(term).map(Vec::as_slice)
    }

    /// Every term of the entity `term` names: its canonical term and that term's aliases
    /// (a name only asked for, `asked`, names the entity it stands for).
    pub fn forms(&self, term: &str) -> Vec<String> {
        let canonical = match self.to.get(term) {
            Some(canonical) => canonical.as_str(),
            None => self
                .asked_table()
                .get(term)
                .map_or(term, |full| self.canonical(full)),
        };
        let mut forms = vec![canonical.to_string()];
        if let Some(aliases) = self.from.get(canonical) {
            forms.extend(aliases.iter().cloned());
        }
        forms
    }

    /// The display name of a canonical term, when the table knows it.
    pub fn display_name(&self, term: &str) -> Option<&str> {
        self.display.get(term).map(String::as_str)
    }

    /// The names only asked for (`asked`) that stand for the canonical term `term`.
    pub fn asked_for(&self, term: &str) -> &[String] {
        let from = self.asked_from.get_or_init(|| {
            let mut from: HashMap<String, Vec<String>> = HashMap::new();
            for (name, full) in self.asked_table() {
                from.entry(self.canonical(full).to_string())
                    .or_default()
                    .push(name.clone());
            }
            from.values_mut().for_each(|names| names.sort());
            from
        });
        from.get(term).map_or(&[], Vec::as_slice)
    }

    /// The names only asked for, parsed from `asked`.
    fn asked_table(&self) -> &HashMap<String, String> {
        self.asked_map.get_or_init(|| {
            self.asked
                .lines()
                .filter_map(|l| l.split_once('\t'))
                .map(|(name, full)| (name.to_string(), full.to_string()))
                .collect()
        })
    }

    /// `asked` written from a table of names only asked for.
    pub fn asked_lines(asked: &HashMap<String, String>) -> String {
        let mut lines: Vec<String> = asked.iter().map(|(n, f)| format!("{n}\t{f}\n")).collect();
        lines.sort();
        lines.concat()
    }

    fn index_reverse(&mut self) {
        self.from.clear();
        for (alias, canonical) in &self.to {
            self.from
                .entry(canonical.clone())
                .or_default()
                .push(alias.clone());
        }
        for aliases in self.from.values_mut() {
            aliases.sort();
        }
    }

    /// Computes the table from the index's entity terms (articles counted per term).
    pub fn compute(index: &Index, fields: &Fields) -> tantivy::Result<Self> {
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let mut df: HashMap<String, usize> = HashMap::new();
        for seg in searcher.segment_readers() {
            let inverted = seg.inverted_index(fields.entity)?;
            let mut terms = inverted.terms().stream()?;
            while let Some((bytes, info)) = terms.next() {
                if let Ok(term) = std::str::from_utf8(bytes) {
                    *df.entry(term.to_string()).or_default() += info.doc_freq as usize;
                }
            }
        }
        let to = aliases_of(&df);
        let context = surname_contexts(&searcher, fields, &to, &df)?;
        let (mut asked, display) = stored_names(&searcher, fields, &df, &to)?;
        for (name, full) in asked_surnames(&df) {
            asked.entry(name).or_insert(full);
        }
        let asked = Self::asked_lines(&asked);
        let mut table = EntityAliases {
            to,
            context,
            asked,
            display,
            ..Default::default()
        };
        table.index_reverse();
        Ok(table)
    }

    /// Writes the table into the index folder under a new name and returns the name.
    pub fn write(&self, dir: &Path) -> std::io::Result<String> {
        let stamp = jiff::Timestamp::now().as_nanosecond();
        let name = format!("{PREFIX}{stamp}-{}{SUFFIX}", std::process::id());
        let tmp = dir.join(format!(".{name}.tmp"));
        {
            let mut file = std::fs::File::create(&tmp)?;
            serde_json::to_writer(&mut file, self).map_err(std::io::Error::other)?;
            file.flush()?;
            file.sync_all()?;
        }
        std::fs::rename(&tmp, dir.join(&name))?;
        Ok(name)
    }

    /// Reads the table named `name` in `dir` (an empty name: no table, an empty one).
    pub fn read(dir: &Path, name: &str) -> std::io::Result<Self> {
        if name.is_empty() {
            return Ok(Self::default());
        }
        let text = std::fs::read_to_string(dir.join(name))?;
        let mut table: Self = serde_json::from_str(&text).map_err(std::io::Error::other)?;
        table.index_reverse();
        Ok(table)
    }

    /// Removes the alias tables in `dir` other than `keep`, and their temporary files.
    pub fn remove_others(dir: &Path, keep: &str) {
        crate::index::manifest::remove_named_others(dir, PREFIX, SUFFIX, keep);
    }
}

/// The alias table of an index, read when first needed: only entity filters and entity
/// counts use it, so a search without them never reads it.
#[derive(Debug)]
pub struct LazyAliases {
    dir: std::path::PathBuf,
    name: String,
    table: std::sync::OnceLock<EntityAliases>,
}

impl LazyAliases {
    /// The table named `name` in the index folder `dir` (empty name: none).
    pub fn new(dir: &Path, name: &str) -> Self {
        LazyAliases {
            dir: dir.to_path_buf(),
            name: name.to_string(),
            table: std::sync::OnceLock::new(),
        }
    }

    /// The table (an empty one when it cannot be read: names are then looked up as
    /// written).
    pub fn get(&self) -> &EntityAliases {
        self.table
            .get_or_init(|| EntityAliases::read(&self.dir, &self.name).unwrap_or_default())
    }
}

/// The alias rules over the terms and their article counts (see the module comment).
fn aliases_of(df: &HashMap<String, usize>) -> HashMap<String, String> {
    let (mut to, merged) = spellings(df);
    let df = &merged;
    let mut by_type: HashMap<EntityType, Vec<(&str, usize)>> = HashMap::new();
    for (term, &n) in df {
        if let Some((kind, key)) = decode_entity_term(term) {
            by_type.entry(kind).or_default().push((key, n));
        }
    }
    let empty = Vec::new();
    // Persons: a surname to the full name that dominates it.
    let persons = by_type.get(&EntityType::Per).unwrap_or(&empty);
    let people = People::of(persons);
    for &(key, _) in persons.iter().filter(|(k, _)| !k.contains(' ')) {
        if let Some(full) = people.full_name(key) {
            to.insert(
                typed_entity_term(EntityType::Per, key),
                typed_entity_term(EntityType::Per, full),
            );
        }
    }
    // An initial and a surname ("e miller", a line-up's) to the one full name of the
    // index with that surname and initial ("eric miller"), or the one that dominates.
    for &(key, _) in persons {
        if let Some(full) = split_initial(key).and_then(|(i, s)| people.by_initial(i, s)) {
            to.insert(
                typed_entity_term(EntityType::Per, key),
                typed_entity_term(EntityType::Per, full),
            );
        }
    }
    // Organisations: legal suffixes, and acronyms.
    let g = Gazetteer::get();
    let orgs = by_type.get(&EntityType::Org).unwrap_or(&empty);
    let org_keys: HashMap<&str, usize> = orgs.iter().copied().collect();
    let mut by_initials: HashMap<String, Vec<(&str, usize)>> = HashMap::new();
    for &(key, n) in orgs {
        if let Some((stem, last)) = key.rsplit_once(' ') {
            let stem = stem.trim_end_matches(',');
            // "Group" after a one-word name is no suffix to drop: "House Group" is not
            // the House.
            let suffix = is_company_suffix(last) && (last != "group" || stem.contains(' '));
            if suffix && org_keys.contains_key(stem) {
                to.insert(
                    typed_entity_term(EntityType::Org, key),
                    typed_entity_term(EntityType::Org, stem),
                );
                continue;
            }
        }
        if let Some((bare, &m)) = key
            .strip_suffix("'s")
            .and_then(|b| org_keys.get_key_value(b))
        {
            let (from, into) = if m >= 5 * n {
                (key, *bare)
            } else {
                (*bare, key)
            };
            to.insert(
                typed_entity_term(EntityType::Org, from),
                typed_entity_term(EntityType::Org, into),
            );
        }
        // Not a US institution by its initials: acronyms that start "US" name many other
        // things ("USS", USX's steel unit, is no United States Senate).
        let american = key.starts_with("united states ");
        if let Some(initials) = initials(key).filter(|_| spelled_out(key) && !american) {
            by_initials.entry(initials).or_default().push((key, n));
        }
    }
    for &(key, acronym_df) in orgs.iter().filter(|(k, _)| is_acronym(k)) {
        let bare: String = key.chars().filter(|c| *c != '.').collect();
        let Some(candidates) = by_initials.get(&bare) else {
            continue;
        };
        // Not the tail of a longer organisation met as often: a name the tagger cut short
        // ("agreement on tariffs and trade" of the General Agreement) expands nothing.
        let cut_short = |k: &str, n: usize| {
            orgs.iter().any(|&(o, m)| {
                m >= n
                    && o.len() > k.len()
                    && o.ends_with(k)
                    && o[..o.len() - k.len()].ends_with(' ')
            })
        };
        let known: Vec<&(&str, usize)> = candidates
            .iter()
            .filter(|&&(k, n)| n >= 2 && !cut_short(k, n))
            .collect();
        if let [(full, full_df)] = known.as_slice() {
            // A company known by its initials (the company list's "CBS") is not the
            // body they also abbreviate ("Central Bureau of Statistics"), unless that too
            // is a company ("GM", General Motors).
            if g.is_company(key) && !g.is_company(full) {
                continue;
            }
            // An acronym the lists name expands only as they do: one they spell out
            // ("EC") to the name they give it; one they know under its own name with no
            // expansion only to a name met in half as many articles at least (the BBC of
            // 20 Reuters articles is not the Bank of British Columbia of 3; NASA is the
            // National Aeronautics and Space Administration).
            if let Some((_, listed)) = g.lookup(key) {
                let expands = if listed.eq_ignore_ascii_case(key) {
                    g.is_alias_target(key) || 2 * full_df >= acronym_df
                } else {
                    listed.eq_ignore_ascii_case(full)
                        || g.lookup(full).is_some_and(|(_, c)| c == listed)
                };
                if !expands {
                    continue;
                }
            }
            let (acronym, full) = (
                typed_entity_term(EntityType::Org, key),
                typed_entity_term(EntityType::Org, full),
            );
            // An organisation known by its acronym (the canonical name of the curated
            // aliases: "OPEC", "NATO") keeps it, and its expansion joins it.
            if g.is_alias_target(key) {
                to.insert(full, acronym);
            } else {
                to.insert(acronym, full);
            }
        }
    }
    // A club named by its short name outside a sport report ("liverpool", ORG, in a
    // business story) is the club the index names in full ("liverpool fc"), when only one
    // club of that short name is in the index (not "newcastle": United and Falcons).
    for &(key, _) in orgs {
        let mut clubs: Vec<String> = [Sport::Football, Sport::Rugby]
            .iter()
            .filter_map(|&sport| g.club(sport, key))
            .filter(|(_, kind)| *kind == EntityType::Org)
            .map(|(club, _)| document::entity_key(club))
            .filter(|club| club != key && org_keys.contains_key(club.as_str()))
            .collect();
        clubs.dedup();
        if let [club] = clubs.as_slice() {
            to.entry(typed_entity_term(EntityType::Org, key))
                .or_insert_with(|| typed_entity_term(EntityType::Org, club));
        }
    }
    // A national institution named with its country ("u.s. treasury") and without it
    // ("treasury") is one, when that country dominates the index's places (twice the
    // articles of the next place: the United States in Reuters, not in BBC News, where a
    // bare "Treasury" is the British one). The form in more articles is canonical.
    let places = by_type.get(&EntityType::Loc).unwrap_or(&empty);
    if let Some(home) = dominant(places) {
        for &(key, n) in orgs {
            let Some((prefix, rest)) = key.split_once(' ') else {
                continue;
            };
            let names_home = matches!(
                g.lookup(prefix),
                Some((EntityType::Loc, place)) if place.to_lowercase() == home
            );
            let Some(&m) = org_keys.get(rest).filter(|_| names_home) else {
                continue;
            };
            let (alias, canonical) = if m >= n { (key, rest) } else { (rest, key) };
            let alias = typed_entity_term(EntityType::Org, alias);
            to.entry(alias)
                .or_insert_with(|| typed_entity_term(EntityType::Org, canonical));
        }
        // In an index of US news a federal body named without the country ("treasury",
        // "agriculture department") is the one articles name in full with it ("United
        // States Department of the Treasury"), when the index has that name.
        if home == "united states" {
            for &(key, _) in orgs {
                let Some(full) = crate::analyze::gazetteer::us_federal_body(key) else {
                    continue;
                };
                let full = document::entity_key(&full);
                if full != key && org_keys.contains_key(full.as_str()) {
                    to.entry(typed_entity_term(EntityType::Org, key))
                        .or_insert_with(|| typed_entity_term(EntityType::Org, &full));
                }
            }
        }
    }
    // An alias of an alias points at the end of the chain; cycles are dropped.
    let resolved: HashMap<String, String> = to
        .keys()
        .filter_map(|alias| {
            let mut at = alias;
            for _ in 0..8 {
                match to.get(at) {
                    Some(next) if next != alias => at = next,
                    Some(_) => return None,
                    None => break,
                }
            }
            (at != alias).then(|| (alias.clone(), at.clone()))
        })
        .collect();
    resolved
}

/// The people of the index by the last and the first word of their names.
struct People<'a> {
    by_last: HashMap<&'a str, Vec<(&'a str, usize)>>,
    by_first: HashMap<&'a str, Vec<(&'a str, usize)>>,
}

impl<'a> People<'a> {
    fn of(persons: &[(&'a str, usize)]) -> Self {
        let mut by_last: HashMap<&str, Vec<(&str, usize)>> = HashMap::new();
        let mut by_first: HashMap<&str, Vec<(&str, usize)>> = HashMap::new();
        for &(key, n) in persons {
            if let (Some((_, last)), Some((first, _))) = (key.rsplit_once(' '), key.split_once(' '))
            {
                by_last.entry(last).or_default().push((key, n));
                by_first.entry(first).or_default().push((key, n));
            }
        }
        People { by_last, by_first }
    }

    /// The full name a one-word name stands for: the person whose surname it is who
    /// dominates (`dominant`) the others of that surname and the people whose given name
    /// it is ("Charles": Ray Charles, but also Charles Kennedy).
    fn full_name(&self, word: &str) -> Option<&'a str> {
        let surnames = self.by_last.get(word)?;
        let mut candidates = surnames.clone();
        candidates.extend(self.by_first.get(word).into_iter().flatten().copied());
        dominant(&candidates).filter(|f| surnames.iter().any(|(k, _)| k == f))
    }

    /// The full name an initial and a surname stand for: the one person of that surname
    /// whose given name starts with the initial, or the one who dominates the others.
    fn by_initial(&self, initial: char, surname: &str) -> Option<&'a str> {
        let candidates: Vec<(&str, usize)> = self
            .by_last
            .get(surname)?
            .iter()
            .copied()
            .filter(|(k, _)| {
                let first = k.split(' ').next().unwrap_or("");
                first.starts_with(initial) && first.trim_end_matches('.').chars().count() > 1
            })
            .collect();
        match candidates.as_slice() {
            [(only, _)] => Some(*only),
            _ => dominant(&candidates),
        }
    }
}

/// What a scan of every article's stored entities gives the table:
///
/// - the names articles wrote for an entity that no article has as an entity of its own
///   ("loc:nz", "org:world service" in BBC News, every one joined in its article to New
///   Zealand, the BBC World Service), each to the entity the articles joined it to most:
///   at least twice as often as to any other. What a query for such a name looks up, as
///   the articles resolved it;
/// - the display name of each entity other names join (a value of `to`) or that
///   articles wrote in several ways: the name most articles wrote it by, written with
///   ordinary capitals ("USAir", not the "Usair" of one record written in capitals).
fn stored_names(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    df: &HashMap<String, usize>,
    to: &HashMap<String, String>,
) -> tantivy::Result<(HashMap<String, String>, HashMap<String, String>)> {
    let mut joined: HashMap<String, HashMap<String, usize>> = HashMap::new();
    let targets: HashSet<&String> = to.values().collect();
    let mut written: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for seg in searcher.segment_readers() {
        let store = seg.get_store_reader(DOC_STORE_CACHE_BLOCKS)?;
        for doc in seg.doc_ids_alive() {
            let stored: TantivyDocument = store.get(doc)?;
            for e in read_entities(fields, &stored) {
                let term = document::entity_term(e.kind, &e.name);
                // One article writes one name per entity: only a term of several
                // articles can have been written several ways.
                if targets.contains(&term) || df.get(&term).is_some_and(|&n| n >= 2) {
                    *written
                        .entry(term.clone())
                        .or_default()
                        .entry(e.name.clone())
                        .or_default() += 1;
                }
                let canonical = to.get(&term).unwrap_or(&term);
                for alias in &e.aliases {
                    let form = document::entity_term(e.kind, alias);
                    if form != term
                        && !df.contains_key(&form)
                        && !finds_itself(&form, canonical, to)
                    {
                        *joined
                            .entry(form)
                            .or_default()
                            .entry(canonical.clone())
                            .or_default() += 1;
                    }
                }
            }
        }
    }
    let mut asked = HashMap::new();
    for (form, targets) in joined {
        let ranked = by_count(targets);
        let next = ranked.get(1).map_or(0, |r| r.1);
        if ranked[0].1 >= DOMINANCE * next {
            asked.insert(form, ranked[0].0.clone());
        }
    }
    let display = written
        .into_iter()
        .filter(|(term, names)| names.len() >= 2 || targets.contains(term))
        .filter_map(|(term, names)| {
            // Odd capitals last, then most articles, then name order.
            let rank = |(name, n): &(String, usize)| (odd_capitals(name), std::cmp::Reverse(*n));
            let best = names
                .into_iter()
                .min_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.0.cmp(&b.0)));
            best.map(|(name, _)| (term, name))
        })
        .collect();
    Ok((asked, display))
}

/// Whether a name is written with capitals a display name should not have, as records
/// in capitals and typing slips leave them: a word after the first in lower case that
/// is no particle ("Dresdner bank", "Petro-canada"), two capitals before lower case
/// ("MArk IV", "NEw"), or only capitals with a word of four letters or more ("TOLEDO").
fn odd_capitals(name: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "of", "and", "the", "for", "on", "in", "at", "to", "de", "du", "des", "la", "le", "von",
        "van", "der", "den", "da", "del", "della", "di", "y", "e", "bin", "al", "el", "arap",
    ];
    let words: Vec<&str> = name.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    let lower_word = words
        .iter()
        .skip(1)
        .any(|w| w.starts_with(|c: char| c.is_lowercase()) && !PARTICLES.contains(w));
    // Not a plural of initials ("MPs").
    let two_capitals = words.iter().any(|w| {
        let c: Vec<char> = w.chars().take(4).collect();
        c.len() >= 3
            && c[0].is_uppercase()
            && c[1].is_uppercase()
            && c[2..].iter().all(|c| c.is_lowercase())
            && *w != format!("{}{}s", c[0], c[1])
    });
    let shouted = !name.chars().any(char::is_lowercase)
        && words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4);
    lower_word || two_capitals || shouted
}

/// Counted names, most frequent first (ties in name order).
fn by_count(counts: HashMap<String, usize>) -> Vec<(String, usize)> {
    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked
}

/// Whether a query for the name `form` finds the entity `canonical` without `asked`: an
/// organisation's name with a legal suffix, which the query side drops
/// (`search::compile::entity_terms`), when the name without it is that entity
/// ("org:sovereign corp" → "org:sovereign").
fn finds_itself(form: &str, canonical: &str, to: &HashMap<String, String>) -> bool {
    let Some((EntityType::Org, key)) = decode_entity_term(form) else {
        return false;
    };
    let stem = crate::analyze::gazetteer::without_legal_suffix(key);
    if stem.len() == key.len() || stem.is_empty() {
        return false;
    }
    let stem = typed_entity_term(EntityType::Org, stem);
    stem == canonical || to.get(&stem).is_some_and(|c| c == canonical)
}

/// Store blocks a scan of the stored entities keeps decompressed.
const DOC_STORE_CACHE_BLOCKS: usize = 10;

/// Surnames no article names alone, to the full name each stands for by the rule of
/// one-word aliases (`People::full_name`): what a query for "Blair" or "Mr Blair" looks
/// up when every "Blair" of the corpus was joined to Tony Blair in its article.
fn asked_surnames(df: &HashMap<String, usize>) -> HashMap<String, String> {
    let (_, merged) = spellings(df);
    let persons: Vec<(&str, usize)> = merged
        .iter()
        .filter_map(|(term, &n)| match decode_entity_term(term) {
            Some((EntityType::Per, key)) => Some((key, n)),
            _ => None,
        })
        .collect();
    let people = People::of(&persons);
    let mut asked = HashMap::new();
    for &last in people.by_last.keys() {
        let term = typed_entity_term(EntityType::Per, last);
        if df.contains_key(&term) {
            continue;
        }
        if let Some(full) = people.full_name(last) {
            asked.insert(term, typed_entity_term(EntityType::Per, full));
        }
    }
    asked
}

/// Names of one type written with and without stops, commas, hyphens, slashes or
/// brackets ("per:george w. bush", "per:george w bush"; "org:goldman, sachs"; "per:robert
/// kilroy-silk"; "org:(world) bank"), with "&" or "and", "organisation" or
/// "organization", and organisations and works also with or without a space
/// ("org:du pont", "org:dupont"), and names of one place or thing that differ by
/// spelling ("loc:kiev", "loc:kyiv": `data/gazetteer/renamed.tsv`), are one, under the
/// form in more articles (then the first in order; a form without its commas in half its
/// articles at least before it): those aliases, and the article counts with each name's
/// spellings added up under the canonical one (which the other rules then weigh).
fn spellings(df: &HashMap<String, usize>) -> (HashMap<String, String>, HashMap<String, usize>) {
    let gazetteer = Gazetteer::get();
    let mut forms: HashMap<String, Vec<(&str, usize)>> = HashMap::new();
    for (term, &n) in df {
        let Some((kind, key)) = decode_entity_term(term) else {
            continue;
        };
        let group = if let Some(group) = gazetteer.renamed_group(kind, key) {
            format!("renamed {}", typed_entity_term(kind, group))
        } else {
            let spelled = spelling_key(kind, key);
            if spelled.is_empty() {
                continue;
            }
            typed_entity_term(kind, &spelled)
        };
        forms.entry(group).or_default().push((term, n));
    }
    let mut to = HashMap::new();
    let mut merged = df.clone();
    for mut forms in forms.into_values().filter(|f| f.len() > 1) {
        forms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        // A form without the commas of the most frequent one, in half its articles at
        // least, is the name ("Goldman Sachs", 58 articles, not "Goldman, Sachs", 68).
        if forms[0].0.contains(',') {
            let top = forms[0].1;
            if let Some(i) = forms
                .iter()
                .position(|f| !f.0.contains(',') && 2 * f.1 >= top)
            {
                forms.swap(0, i);
            }
        }
        let canonical = forms[0].0;
        for &(term, n) in &forms[1..] {
            to.insert(term.to_string(), canonical.to_string());
            merged.remove(term);
            *merged.get_mut(canonical).expect("a counted term") += n;
        }
    }
    (to, merged)
}

/// What the spellings of one name share (see `spellings`): its words without stops,
/// commas, brackets and other marks but an apostrophe inside a word ("lloyd's" is not
/// "lloyds"; "bankers' association" is "bankers association"), split
/// at hyphens and slashes, "&" between words read as "and" (inside one it goes: "at&t"
/// is "att"), "organisation(s)" as "organization(s)";
/// the words of an organisation or a work run together, so a space makes no difference
/// ("du pont", "dupont"), those of a person or place kept apart ("new castle" is not
/// "newcastle").
fn spelling_key(kind: EntityType, key: &str) -> String {
    let joined = matches!(kind, EntityType::Org | EntityType::Misc);
    let mut out = String::with_capacity(key.len());
    // "&" between words is "and" ("marks & spencer"); inside one it goes ("at&t", "att").
    for word in key
        .replace(" & ", " and ")
        .split([' ', '-', '/', '\u{2013}'])
    {
        let word = match word {
            "organisation" => "organization",
            "organisations" => "organizations",
            w => w,
        };
        // A plural's apostrophe ("workers' union") is no part of the spelling.
        let word = word.trim_end_matches(['\'', '\u{2019}']);
        let letters = word
            .chars()
            .map(|c| if c == '\u{2019}' { '\'' } else { c })
            .filter(|c| c.is_alphanumeric() || *c == '\'');
        if !joined && !out.is_empty() && word.chars().any(char::is_alphanumeric) {
            out.push(' ');
        }
        out.extend(letters);
    }
    out
}

/// The person aliases whose surname other full names in the index share (in
/// `RIVALS_SHARE` terms), each with its context: the entity terms most often met in the
/// articles of its full name (at least twice when that name is in three articles or
/// more), leaving out the names themselves and terms not `CONTEXT_LIFT` times likelier
/// there than in the whole index. A context term stands for its own aliases too, unless those are
/// surnames with a context of their own (two such would vouch for each other: "Brown"
/// and "Howard" in a football report). A full name with no such term gives no
/// context, and its alias holds everywhere.
fn surname_contexts(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    to: &HashMap<String, String>,
    df: &HashMap<String, usize>,
) -> tantivy::Result<HashMap<String, Vec<String>>> {
    // Articles of the full names per surname, added up.
    let mut per_surname: HashMap<&str, usize> = HashMap::new();
    for (term, &n) in df {
        if let Some((EntityType::Per, key)) = decode_entity_term(term) {
            if let Some((_, last)) = key.rsplit_once(' ') {
                *per_surname.entry(last).or_default() += n;
            }
        }
    }
    let total = searcher.num_docs().max(1) as f64;
    let gated = |alias: &str| {
        let (Some((EntityType::Per, key)), Some(full)) = (decode_entity_term(alias), to.get(alias))
        else {
            return false;
        };
        let full_df = df.get(full).copied().unwrap_or(0);
        let others = per_surname
            .get(key)
            .copied()
            .unwrap_or(0)
            .saturating_sub(full_df);
        // The bare surname's own articles speak for the full name that dominates it.
        let own = full_df + df.get(alias).copied().unwrap_or(0);
        others >= 2 && others * RIVALS_SHARE >= own
    };
    // A context term stands for its own aliases too ("per:brown" beside "Blair" is as
    // good as "per:gordon brown").
    let mut forms_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for (alias, canonical) in to.iter().filter(|(a, _)| !gated(a)) {
        forms_of.entry(canonical).or_default().push(alias);
    }
    let gated_aliases: Vec<(&String, &String)> = to.iter().filter(|(a, _)| gated(a)).collect();
    let mut fulls: Vec<&str> = gated_aliases.iter().map(|(_, f)| f.as_str()).collect();
    fulls.sort_unstable();
    fulls.dedup();
    let mut by_full = contexts_of(searcher, fields, &fulls, df, total)?;
    for ctx in by_full.values_mut() {
        let forms: Vec<String> = ctx
            .iter()
            .flat_map(|t| forms_of.get(t.as_str()).into_iter().flatten())
            .map(|f| f.to_string())
            .collect();
        ctx.extend(forms);
        ctx.sort();
        ctx.dedup();
    }
    let mut out = HashMap::new();
    for (alias, full) in gated_aliases {
        let mut ctx = by_full.get(full.as_str()).cloned().unwrap_or_default();
        ctx.retain(|t| t != alias);
        // A full name met beside nothing else gives no way to tell: the alias holds.
        if !ctx.is_empty() {
            out.insert(alias.clone(), ctx);
        }
    }
    Ok(out)
}

/// How many of a name's articles hold each (segment, term ordinal).
type OrdCounts = HashMap<(u32, u64), usize>;

/// The context terms of each full name of `fulls` (see `surname_contexts`), sorted. The
/// entity terms of their articles are counted by term ordinal, and the ordinals met are
/// read from each segment's dictionary in one sorted pass (a lookup per ordinal costs a
/// block decode each).
fn contexts_of<'a>(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    fulls: &[&'a str],
    df: &HashMap<String, usize>,
    total: f64,
) -> tantivy::Result<HashMap<&'a str, Vec<String>>> {
    let columns: Vec<_> = searcher
        .segment_readers()
        .iter()
        .map(crate::index::document::columns::entity_terms)
        .collect::<tantivy::Result<_>>()?;
    // Per full name: its articles, and the count of each (segment, term ordinal).
    let mut counted: Vec<(usize, OrdCounts)> = Vec::with_capacity(fulls.len());
    let mut wanted: Vec<std::collections::BTreeSet<u64>> = vec![Default::default(); columns.len()];
    for full in fulls {
        let q = TermQuery::new(
            Term::from_field_text(fields.entity, full),
            IndexRecordOption::Basic,
        );
        let docs = searcher.search(&q, &tantivy::collector::DocSetCollector)?;
        let mut counts = OrdCounts::new();
        for addr in &docs {
            let seg = addr.segment_ord;
            let Some(col) = columns.get(seg as usize).and_then(Option::as_ref) else {
                continue;
            };
            for ord in col.term_ords(addr.doc_id) {
                *counts.entry((seg, ord)).or_default() += 1;
                wanted[seg as usize].insert(ord);
            }
        }
        counted.push((docs.len(), counts));
    }
    let mut names: HashMap<(u32, u64), String> = HashMap::new();
    for (seg, ords) in wanted.iter().enumerate() {
        let Some(col) = columns[seg].as_ref() else {
            continue;
        };
        let ords: Vec<u64> = ords.iter().copied().collect();
        let mut it = ords.iter();
        col.dictionary()
            .sorted_ords_to_term_cb(&ords, |bytes| {
                if let Some(&ord) = it.next() {
                    names.insert(
                        (seg as u32, ord),
                        String::from_utf8_lossy(bytes).into_owned(),
                    );
                }
            })
            .map_err(|e| tantivy::TantivyError::IoError(std::sync::Arc::new(e)))?;
    }
    let mut out = HashMap::new();
    for (full, (n_docs, counts)) in fulls.iter().zip(counted) {
        let mut by_term: HashMap<&str, usize> = HashMap::new();
        for ((seg, ord), n) in counts {
            if let Some(t) = names.get(&(seg, ord)).filter(|t| t.as_str() != *full) {
                *by_term.entry(t.as_str()).or_default() += n;
            }
        }
        let min = if n_docs >= 3 { 2 } else { 1 };
        let n_full = n_docs.max(1) as f64;
        let mut ranked: Vec<(&str, usize)> = by_term
            .into_iter()
            .filter(|(t, n)| {
                let share_everywhere = df.get(*t).map_or(1, |&d| d.max(1)) as f64 / total;
                *n >= min && (*n as f64 / n_full) >= CONTEXT_LIFT * share_everywhere
            })
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let mut ctx: Vec<String> = ranked
            .into_iter()
            .take(CONTEXT_TERMS)
            .map(|(t, _)| t.to_string())
            .collect();
        ctx.sort();
        out.insert(*full, ctx);
    }
    Ok(out)
}

/// The candidate with the most articles, when it has two at least and `DOMINANCE` times
/// the next one's.
fn dominant<'a>(candidates: &[(&'a str, usize)]) -> Option<&'a str> {
    let mut sorted: Vec<&(&str, usize)> = candidates.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let (best, n) = **sorted.first()?;
    let next = sorted.get(1).map_or(0, |c| c.1);
    (n >= 2 && n >= DOMINANCE * next).then_some(best)
}

/// The initials of a name of several words ("european community" → "ec").
fn initials(key: &str) -> Option<String> {
    let words: Vec<&str> = key
        .split(' ')
        .filter(|w| !MINOR_WORDS.contains(w))
        .collect();
    (words.len() >= 2).then(|| words.iter().filter_map(|w| w.chars().next()).collect())
}

/// Whether a name reads as an acronym's expansion: every word that is not a minor one
/// has four letters at least ("irb rugby aid", "g thomas" and "drive my car" do not).
fn spelled_out(key: &str) -> bool {
    key.split(' ')
        .filter(|w| !MINOR_WORDS.contains(w))
        .all(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        && !key.rsplit(' ').next().is_some_and(is_company_suffix)
}

fn is_acronym(key: &str) -> bool {
    let letters: String = key.chars().filter(|c| *c != '.').collect();
    (2..=8).contains(&letters.chars().count()) && letters.chars().all(|c| c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn df(pairs: &[(&str, usize)]) -> HashMap<String, usize> {
        pairs.iter().map(|(t, n)| (t.to_string(), *n)).collect()
    }

    #[test]
    fn surnames_acronyms_and_suffixes_meet_their_full_names() {
        let to = aliases_of(&df(&[
            ("per:tony blair", 154),
            ("per:cherie blair", 10),
            ("per:blair", 13),
            ("per:brown", 9),
            ("per:gordon brown", 40),
            ("per:nick brown", 30),
            ("org:european community", 5),
            ("org:ec", 7),
            ("org:moody's investors service inc", 3),
            ("org:moody's investors service", 8),
            ("loc:kent", 6),
            ("per:clark kent", 4),
            ("per:charles", 5),
            ("per:ray charles", 23),
            ("per:charles kennedy", 50),
            ("org:ge", 3),
            ("org:g easterby", 2),
            ("org:standard and poor's", 149),
            ("org:standard and poor", 143),
            ("org:european community's", 1),
            ("org:house group", 3),
            ("org:house", 160),
            ("org:hanson trust group", 2),
            ("org:hanson trust", 5),
            ("org:united states senate", 200),
            ("org:uss", 4),
            ("org:opec", 150),
            ("org:organization of petroleum exporting countries", 3),
        ]));
        // An organisation the curated aliases name by its acronym keeps it.
        assert_eq!(
            to["org:organization of petroleum exporting countries"],
            "org:opec"
        );
        assert!(!to.contains_key("org:opec"));
        // A name ending in "'s" is the company's; without it, a possessive was dropped.
        assert_eq!(to["org:standard and poor"], "org:standard and poor's");
        // Unless the bare name is far more common: then a possessive was kept.
        assert_eq!(to["org:european community's"], "org:european community");
        // "Group" is a suffix only after a name of several words.
        assert!(!to.contains_key("org:house group"));
        assert_eq!(to["org:hanson trust group"], "org:hanson trust");
        assert_eq!(to["per:blair"], "per:tony blair");
        // Two Browns of similar weight: no guess.
        assert!(!to.contains_key("per:brown"));
        assert_eq!(to["org:ec"], "org:european community");
        assert_eq!(
            to["org:moody's investors service inc"],
            "org:moody's investors service"
        );
        // A place never becomes a person.
        assert!(!to.contains_key("loc:kent"));
        // A surname that is also a common given name stays unresolved.
        assert!(!to.contains_key("per:charles"));
        // Initials are not an expansion.
        assert!(!to.contains_key("org:ge"));
        // "USS" is no United States Senate.
        assert!(!to.contains_key("org:uss"));
    }

    #[test]
    fn spellings_with_and_without_periods_are_one_and_add_up() {
        // A name with and without the periods of its initials is one.
        let spelled = aliases_of(&df(&[
            ("per:george w bush", 26),
            ("per:george w. bush", 23),
            ("per:george bush", 6),
            ("per:bush", 22),
        ]));
        assert_eq!(spelled["per:george w. bush"], "per:george w bush");
        // Their articles add up: the surname's full name dominates its rival.
        assert_eq!(spelled["per:bush"], "per:george w bush");
        assert!(!spelled.contains_key("per:george bush"));
    }

    #[test]
    fn a_surname_no_article_names_alone_is_asked_for_under_its_full_name() {
        let asked = asked_surnames(&df(&[
            ("per:tony blair", 167),
            ("per:cherie blair", 9),
            ("per:gordon brown", 89),
            ("per:brown", 6),
            ("per:ray charles", 3),
            ("per:charles kennedy", 40),
        ]));
        assert_eq!(asked["per:blair"], "per:tony blair");
        // A surname articles name alone has its alias rule; a given name that another
        // person's surname is does not dominate.
        assert!(!asked.contains_key("per:brown"));
        assert!(!asked.contains_key("per:charles"));
        let table = EntityAliases {
            asked: EntityAliases::asked_lines(&asked),
            ..Default::default()
        };
        assert_eq!(table.forms("per:blair"), ["per:tony blair"]);
        assert_eq!(table.asked_for("per:tony blair"), ["per:blair"]);
    }

    #[test]
    fn an_acronym_does_not_expand_to_a_name_cut_short() {
        // "ATT" is no "Agreement on Tariffs and Trade": that is the tail of the General
        // Agreement, met far more often; the only other expansion is then left.
        let to = aliases_of(&df(&[
            ("org:att", 29),
            ("org:agreement on tariffs and trade", 2),
            ("org:general agreement on tariffs and trade", 141),
            ("org:ec", 7),
            ("org:european community", 5),
        ]));
        assert!(!to.contains_key("org:att"), "{to:?}");
        assert_eq!(to["org:ec"], "org:european community");
        // A company known by its initials is no body they abbreviate; a company's
        // initials still join the company.
        let to = aliases_of(&df(&[
            ("org:cbs", 12),
            ("org:central bureau of statistics", 9),
            ("org:gm", 40),
            ("org:general motors", 150),
        ]));
        assert!(!to.contains_key("org:cbs"), "{to:?}");
        assert_eq!(to["org:gm"], "org:general motors");
        // An acronym the lists name expands only to the name they give it.
        let to = aliases_of(&df(&[
            ("org:bbc", 30),
            ("org:bank of british columbia", 9),
            ("org:nasa", 7),
            ("org:national aeronautics and space administration", 10),
        ]));
        assert!(!to.contains_key("org:bbc"), "{to:?}");
        assert!(!to.contains_key("org:bank of british columbia"), "{to:?}");
        assert_eq!(
            to["org:nasa"],
            "org:national aeronautics and space administration"
        );
    }

    #[test]
    fn spellings_by_punctuation_spacing_and_and_are_one() {
        let to = aliases_of(&df(&[
            ("org:goldman, sachs", 68),
            ("org:goldman sachs", 58),
            ("org:world bank", 214),
            ("org:worldbank", 87),
            ("org:world) bank", 3),
            (
                "org:organisation for economic co-operation and development",
                58,
            ),
            (
                "org:organization for economic cooperation and development",
                10,
            ),
            ("org:du pont", 14),
            ("org:dupont", 13),
            ("org:marks & spencer", 9),
            ("org:marks and spencer", 4),
            ("per:robert kilroy-silk", 12),
            ("per:robert kilroy silk", 1),
            ("misc:spider-man 2", 7),
            ("misc:spiderman 2", 2),
            ("loc:newcastle", 12),
            ("loc:new castle", 2),
            ("org:lloyd's", 5),
            ("org:lloyds", 7),
            ("per:hewlett-packard", 1),
            ("org:british bankers' association", 2),
            ("org:british bankers association", 1),
            ("org:at&t", 32),
            ("org:att", 29),
        ]));
        assert_eq!(to["org:goldman, sachs"], "org:goldman sachs");
        assert_eq!(to["org:worldbank"], "org:world bank");
        assert_eq!(to["org:world) bank"], "org:world bank");
        assert_eq!(
            to["org:organization for economic cooperation and development"],
            "org:organisation for economic co-operation and development"
        );
        assert_eq!(to["org:dupont"], "org:du pont");
        assert_eq!(to["org:marks and spencer"], "org:marks & spencer");
        assert_eq!(to["per:robert kilroy silk"], "per:robert kilroy-silk");
        assert_eq!(to["misc:spiderman 2"], "misc:spider-man 2");
        assert_eq!(to["org:att"], "org:at&t");
        assert_eq!(
            to["org:british bankers association"],
            "org:british bankers' association"
        );
        // A place or person keeps its spaces; an apostrophe tells names apart; a merge
        // never crosses types.
        assert!(!to.contains_key("loc:new castle") && !to.contains_key("loc:newcastle"));
        assert!(!to.contains_key("org:lloyd's") && !to.contains_key("org:lloyds"));
        assert!(!to.contains_key("per:hewlett-packard"));
    }

    #[test]
    fn names_of_one_place_by_period_or_spelling_are_one() {
        // A renamed place joins its other name, under the one in more articles.
        let to = aliases_of(&df(&[
            ("loc:kiev", 12),
            ("loc:kyiv", 30),
            ("loc:bombay", 4),
            ("loc:mumbai", 1),
            ("loc:bogota", 2),
            ("loc:bogotá", 1),
            ("per:kiev", 1),
        ]));
        assert_eq!(to["loc:kiev"], "loc:kyiv");
        assert_eq!(to["loc:mumbai"], "loc:bombay");
        assert_eq!(to["loc:bogotá"], "loc:bogota");
        // Only the type the table gives.
        assert!(!to.contains_key("per:kiev"));
    }

    #[test]
    fn a_clubs_short_name_joins_the_one_club_of_that_name() {
        // A club's short name joins the one club of that name the index has.
        let clubs = aliases_of(&df(&[
            ("org:liverpool", 9),
            ("org:liverpool fc", 37),
            ("org:newcastle", 4),
            ("org:newcastle united", 20),
            ("org:newcastle falcons", 8),
        ]));
        assert_eq!(clubs["org:liverpool"], "org:liverpool fc");
        assert!(!clubs.contains_key("org:newcastle"));
    }

    #[test]
    fn an_institution_with_the_dominant_country_prefix_joins_the_bare_name() {
        let to = aliases_of(&df(&[
            ("loc:united states", 500),
            ("loc:japan", 100),
            ("org:treasury", 40),
            ("org:u.s. treasury", 20),
            ("org:uk treasury", 5),
        ]));
        assert_eq!(to["org:u.s. treasury"], "org:treasury");
        assert!(!to.contains_key("org:uk treasury"));
        let to = aliases_of(&df(&[
            ("loc:united states", 500),
            ("loc:united kingdom", 450),
            ("org:treasury", 40),
            ("org:u.s. treasury", 20),
        ]));
        assert!(!to.contains_key("org:u.s. treasury"));
    }

    #[test]
    fn a_us_federal_body_without_the_country_joins_its_full_name_in_us_news() {
        let rows = [
            ("loc:united states", 500),
            ("loc:japan", 100),
            ("org:treasury", 40),
            ("org:united states department of the treasury", 20),
            ("org:agriculture department", 10),
            ("org:united states department of agriculture", 30),
        ];
        let to = aliases_of(&df(&rows));
        assert_eq!(
            to["org:treasury"],
            "org:united states department of the treasury"
        );
        assert_eq!(
            to["org:agriculture department"],
            "org:united states department of agriculture"
        );
        // Not where the United States does not dominate (BBC News: the Treasury is HM's).
        let mut rows = rows.to_vec();
        rows.push(("loc:united kingdom", 450));
        let to = aliases_of(&df(&rows));
        assert!(!to.contains_key("org:treasury"));
    }

    #[test]
    fn an_alias_with_a_context_holds_only_beside_it() {
        let t = EntityAliases {
            to: [
                ("per:brown".to_string(), "per:gordon brown".to_string()),
                ("per:blair".to_string(), "per:tony blair".to_string()),
            ]
            .into(),
            context: [(
                "per:brown".to_string(),
                vec!["org:labour party".to_string(), "org:treasury".to_string()],
            )]
            .into(),
            ..Default::default()
        };
        let politics = ["per:brown", "org:treasury"];
        let lineup = ["per:jones", "per:brown", "org:gloucester"];
        assert_eq!(t.canonical_in("per:brown", &politics), "per:gordon brown");
        assert_eq!(t.canonical_in("per:brown", &lineup), "per:brown");
        // An alias without a context holds everywhere.
        assert_eq!(t.canonical_in("per:blair", &lineup), "per:tony blair");
    }

    #[test]
    fn an_initial_and_surname_joins_the_one_full_name_it_fits() {
        let to = aliases_of(&df(&[
            ("per:e miller", 10),
            ("per:eric miller", 1),
            ("per:m. eyskens", 1),
            ("per:mark eyskens", 13),
            ("per:j smith", 4),
            ("per:john smith", 3),
            ("per:jane smith", 3),
        ]));
        assert_eq!(to["per:e miller"], "per:eric miller");
        assert_eq!(to["per:m. eyskens"], "per:mark eyskens");
        // Two people fit and neither dominates.
        assert!(!to.contains_key("per:j smith"), "{to:?}");
    }

    #[test]
    fn display_names_avoid_the_capitals_of_slips_and_shouting() {
        for odd in [
            "Dresdner bank",
            "Petro-canada",
            "MArk IV Industries",
            "NEw Technology",
            "TOLEDO",
        ] {
            assert!(odd_capitals(odd), "{odd}");
        }
        for fine in [
            "USAir",
            "Banque Nationale de Paris",
            "BBC",
            "IBM",
            "McDonald's",
            "MPs",
            "Daniel arap Moi",
        ] {
            assert!(!odd_capitals(fine), "{fine}");
        }
    }

    #[test]
    fn forms_list_the_canonical_term_and_its_aliases() {
        let mut t = EntityAliases {
            to: [("per:blair".to_string(), "per:tony blair".to_string())].into(),
            ..Default::default()
        };
        t.index_reverse();
        assert_eq!(t.forms("per:blair"), ["per:tony blair", "per:blair"]);
        assert_eq!(t.forms("per:tony blair"), ["per:tony blair", "per:blair"]);
        assert_eq!(t.forms("per:x"), ["per:x"]);
    }
}
