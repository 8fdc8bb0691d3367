//! Entity extraction: the trained tagger (`analyze::ner`) finds typed mentions in the
//! body; this module turns mentions into the article's entities. Within an article a later
//! "Blinken" joins "Antony Blinken", an acronym joins the expansion the article spells out,
//! the alias table gives canonical forms ("EU" → "European Union"), domain names and known
//! outlets are organisations, and dates, numbers and sentence-initial common words are dropped.
//!
//! Types follow evidence. Each mention votes for its entity's type; a mention with
//! evidence around it outvotes any number of the tagger's plain guesses, wherever it
//! stands in the article. Company evidence makes a name ORG, never PER or LOC: a legal
//! suffix ("Texaco Inc", canonical "Texaco"), the company list mined from the corpora
//! (`data/gazetteer/companies.txt`, built by `bench/companies.py`; it overrules a PER or
//! LOC guess), or company words around the mention ("shares in X", "chief executive of
//! X", "car maker X", "X's shares", "X, the mobile operator"; a band is an organisation
//! too: "pop band X").
//!
//! Titles of works, events and products are MISC: a title-case run after a work cue ("the
//! film X", "album X", "hit musical X", "EP called X", "star of X") or in quotes, the
//! titles listed after it ("such as X, Y and Z"), a name followed by "directed by",
//! "starring" or "actress", an event by its last word ("Brit Awards", "Australian Open")
//! and a product with a model number ("PlayStation 2", not "BBC Radio 4").

use crate::analyze::entity_check;
use crate::analyze::gazetteer::{
    federal_key, is_company_form, is_legal_suffix, us_institution, without_legal_prefix,
    without_legal_suffix, Gazetteer, Sport,
};
use crate::analyze::national;
pub use crate::analyze::national::Setting;
use crate::analyze::ner::labels::{type_position, TYPES};
use crate::analyze::ner::tokenize::{modifier_after_name, tokenize, Token};
use crate::analyze::ner::{Mention, Model};
use crate::model::{Entity, EntityType, MAX_ALIASES};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|int|info|news|tv|io|co|[a-z]{2})$")
        .unwrap()
});

/// Words before a name that make it a company (or a band, or a website): "shares in
/// Vodafone", "chief executive of Marks", "car maker BMW", "the pop group Busted", "bands
/// like Talking Heads", "his other band, Fightstar", "the gossip blog Wonkette".
static COMPANY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:shares (?:in|of)|stakes? in|chief executive of|takeover of|bid for|subsidiary of|unit of|shareholders (?:in|of)|{COMPANY_NOUNS}(?: like| such as| including)?|band,) $"
    ))
    .unwrap()
});
/// Makers that are people: "film-maker Spike Lee", "policymakers" (a car-maker is a
/// company; `bench/companies.py` reads the same list).
static PERSON_MAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:film|movie|documentary|programme|program|policy|law|peace|deal|decision|trouble|match|opinion|holiday|music|money|noise)[- ]?makers? $").unwrap()
});
/// Words after a name that make it a company (or a band): "Vodafone's shares", "Napster
/// chief executive", "Rover, the car maker", "Motley Crue guitarist", "the Think Secret
/// website".
static COMPANY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:(?:'s|’s) (?:shares|share price|chief executive|shareholders)\b| chief executive\b|,? (?:the|a|an) (?:[\w'’-]+ ){{0,3}}{COMPANY_NOUNS}\b| (?:guitarist|drummer|bassist|frontman|frontwoman|lead singer|singer|keyboard player|(?:website|web site|blog|weblog)s?)\b)"
    ))
    .unwrap()
});
/// Nouns for companies (and bands and websites, which are organisations too), singular or
/// plural.
const COMPANY_NOUNS: &str = r"(?:(?:firm|company|companies|maker|manufacturer|retailer|carrier|airline|operator|giant|chain|insurer|conglomerate|publisher|brewer|supermarket|developer|band|label|group|website|web site|site|blog|weblog)s?)";

/// How a mention votes for its entity's type: the tagger's guess (plain), or a type the
/// text gives evidence for (a legal suffix, company or work cues). Evidence outvotes any
/// number of plain mentions, wherever it stands in the article: the tagger's guesses for
/// one name are alike, so their number says little.
const PLAIN: usize = 0;
const EVIDENCE: usize = 1;

/// A US politician's party and state after the name, as wire copy writes them: "(D-Vt.)",
/// "(R-Minn)", "(D-ND)", or between commas, "Dan Glickman, D-Kan., said".
static PARTY_AND_STATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\(|, )([DR])-([A-Z][A-Za-z.]{0,12})(?:\)|[,;]|\s|$)").expect("valid regex")
});

/// Words before a title that make it the title of a work: "the film X", "album X",
/// "hit musical X", "EP called X", "classics such as X", "star of X". Lower case only.
static WORK_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:(?:(?:film|movie|biopic|album|single|song|track|book|novel|musical|sitcom|series|comedy|drama|thriller|documentary|programme|game|games|EP|opera|show|soap|tale|franchise|classics|hits|titles)s?(?: (?:called|dubbed|entitled|titled|such as|including|like))?)|star of|stars in|starred in|starring in|director of|author of|sequel to) $",
    )
    .unwrap()
});
/// A work cue that lists ("films such as", "hits including", "games"): the title after it
/// may be the first of two joined by "and".
static LIST_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:such as|including|like|\b(?:films|movies|biopics|albums|singles|songs|tracks|books|novels|musicals|sitcoms|comedies|dramas|thrillers|documentaries|programmes|games|shows|soaps|tales|classics|hits|titles)) $",
    )
    .unwrap()
});
/// A year or decade ending a title run, which dates the work rather than names it ("The
/// Return of the King in 2004", "Motormouth in the 1980s").
static YEAR_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r" in (?:the )?(?:1[89]|20)\d\ds?$").unwrap());
/// Words after a name that make it a work: "X, directed by", "X, starring", "X actress".
static WORK_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:,? (?:directed by|starring|which stars|an adaptation|the film|a film|the album|the musical|the sequel)\b| (?:actress|actor|co-star|soundtrack)\b)",
    )
    .unwrap()
});
/// A title in title case: capitalised words (or numbers), with short lower-case words
/// between them ("It's Now or Never", "How To Dismantle An Atomic Bomb", "Half-Life 2").
static TITLE_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[A-Z0-9][\w'’&!.:-]*(?: (?:(?:of|the|and|a|an|to|in|on|or|for|at|by|with|from|is)\ )*[A-Z0-9][\w'’&!.:-]*){0,9}",
    )
    .unwrap()
});
/// How many names make a line-up.
const LINE_UP: usize = 5;
/// A line of names only: an optional label ending in a colon, then capitalised names
/// with their separators (group 1).
static LINE_UP_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[A-Z][\w ()]{0,30}:\s*)?((?:\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*)*(?: \(capt\.?\))?(?:\s*[,;.]\s*|\s+and\s+|\s*$))+)\s*$",
    )
    .unwrap()
});
/// One name of a line-up line.
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*)*").unwrap());

/// An honorific right before a name: "Mr ", "Mrs. ", "Ms ", "Dr " (matched on the last
/// 12 bytes before it: longer than any honorific, so "^" is the text's start).
static HONORIFIC_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\p{L}])(?:Mr|Mrs|Ms|Miss|Dr)\.? $").unwrap());
/// A member of a parliament's seat, or a constituency, right before a name: "MP for ",
/// "MSP for ", "constituency of " (matched on the last 20 bytes before it). Every name
/// after one in the annotated training articles is a place.
static CONSTITUENCY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{L}])(?:(?:MPs?|MSPs?|MEPs?) for|[Cc]onstituency of) $").unwrap()
});
/// A possessive inside a name, before a capitalised word: "s' W", "2's W", "s’s W".
static POSSESSIVE_INSIDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\w['’]s? \p{Lu}").unwrap());
/// A number right after a name: " 2", " 75", " 1.6", " II"; with the unit after it, when
/// one follows (" 500 mln": an amount, which the name does not take).
static NUMBER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ (?:[0-9]{1,3}(?:\.[0-9])?|II|III|IV)\b(?: (?:mln|million|billion|bn|dlrs|pct|per|percent|tonnes|shares|years|people)\b)?").unwrap()
});
/// A score after a name and its number: " Hull 1".
static SCORE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^,? [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)? [0-9]{1,2}\b").unwrap());
/// Event names by their last word: "Brit Awards", "Sundance Film Festival", "Australian
/// Open", "Birmingham Grand Prix", "European Indoor Championships", and laws and pacts
/// ("Sarbanes-Oxley Act", "Louvre Accord", "First Amendment", "Labour Party Conference":
/// the annotated training articles make every such name MISC); and competitions named
/// "... League" (`is_event_or_product`).
const EVENT_WORDS: &[&str] = &[
    "award",
    "awards",
    "festival",
    "prize",
    "cup",
    "championship",
    "championships",
    "games",
    "olympics",
    "prix",
    "open",
    "trophy",
    "marathon",
    "expo",
    "biennale",
    "show",
    "act",
    "bill",
    "treaty",
    "accord",
    "agreement",
    "amendment",
    "conference",
];
/// Words before a number that make a name a channel or station, not a product ("BBC
/// Radio 4", "Channel 5").
const STATION_WORDS: &[&str] = &["radio", "channel", "tv", "television", "network", "bbc"];

/// Words skipped when an acronym is read off its expansion ("Council on Foreign Relations").
const MINOR_WORDS: &[&str] = &["of", "on", "for", "the", "and", "&", "in", "de", "du", "la"];

/// Words of football reports, of rugby reports, and of both (lower case), which tell an
/// article's sport (`sport_of`).
const FOOTBALL_WORDS: &[&str] = &[
    "goal",
    "goals",
    "striker",
    "strikers",
    "midfielder",
    "midfield",
    "goalkeeper",
    "keeper",
    "defender",
    "equaliser",
    "header",
    "offside",
    "free-kick",
    "relegation",
    "fa",
    "uefa",
    "fifa",
    "football",
    "footballer",
];
const RUGBY_WORDS: &[&str] = &[
    "tries",
    "scrum",
    "scrum-half",
    "fly-half",
    "flanker",
    "hooker",
    "lineout",
    "line-out",
    "rugby",
    "rfu",
    "sin-bin",
    "try-line",
    "tighthead",
    "loosehead",
];
const TEAM_SPORT_WORDS: &[&str] = &[
    "match",
    "club",
    "clubs",
    "manager",
    "coach",
    "season",
    "league",
    "cup",
    "squad",
    "player",
    "players",
    "fixture",
    "premiership",
    "championship",
    "victory",
    "defeat",
    "scored",
    "score",
];
/// A rugby try (not "try to"): "a try", "his second try".
static TRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:a|the|first|second|third|late|his|their|penalty|first-half|second-half) try\b(?: to\b)?").unwrap()
});
/// How many words of a sport (its own and those of both) make an article its report.
const SPORT_WORDS: usize = 4;

/// One mention as found: its surface name, type, and where it stood.
#[derive(Debug)]
struct Found {
    name: String,
    kind: EntityType,
    /// The type is certain (a domain, or a gazetteer name) and wins any vote.
    fixed: bool,
    /// How the mention votes: `PLAIN` or `EVIDENCE`.
    weight: usize,
    /// Byte span in the body.
    start: usize,
    end: usize,
}

/// One mention of an entity: its byte span in the body and the entity it counts under
/// (an index into the entities `extract_mentions` returns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityMention {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
    /// The type this mention voted for (the entity's may differ).
    pub kind: EntityType,
    /// The type is certain or backed by evidence (a gazetteer name, a domain, a legal
    /// suffix, a line-up): `entity_check` leaves its entity alone.
    pub certain: bool,
}

/// Extracts the entities of a text (paragraphs separated by blank lines), each with its
/// canonical form and mention count, in order of first mention.
pub fn extract_entities(body: &str) -> Vec<Entity> {
    extract_mentions(body).0
}

/// `extract_entities` for an article whose dateline and title (`setting`) tell the country
/// of the bodies it names bare (`national`).
pub fn extract_entities_at(body: &str, setting: Setting) -> Vec<Entity> {
    extract_mentions_at(body, setting).0
}

/// The entities of a text, as `extract_entities` gives them, and every mention counted
/// under them with its span (in order), so that the spans can be scored.
pub fn extract_mentions(body: &str) -> (Vec<Entity>, Vec<EntityMention>) {
    extract_mentions_at(body, Setting::default())
}

/// `extract_mentions` for an article with this dateline and title.
pub fn extract_mentions_at(body: &str, setting: Setting) -> (Vec<Entity>, Vec<EntityMention>) {
    let toks = tokenize(body);
    let (mut entities, mut mentions) = extract_unchecked_in(body, &toks, setting);
    entity_check::revise(body, &toks, &mut entities, &mut mentions);
    (entities, mentions)
}

/// The entities and mentions the tagger and the rules give, before `entity_check`
/// revises them (its training data).
pub fn extract_unchecked_at(body: &str, setting: Setting) -> (Vec<Entity>, Vec<EntityMention>) {
    extract_unchecked_in(body, &tokenize(body), setting)
}

/// `extract_unchecked_at` over the text's tokens (`tokenize(body)`).
fn extract_unchecked_in(
    body: &str,
    toks: &[Token],
    setting: Setting,
) -> (Vec<Entity>, Vec<EntityMention>) {
    let g = Gazetteer::get();
    let tagged = split_titles(body, toks, g, Model::shipped().tag_tokens(body, toks));
    let mentions = gazetteer_names(body, toks, g, tagged);
    let mentions = after_initialisms(body, toks, g, mentions);
    let mentions = us_bodies(body, toks, mentions);
    let mentions = treasury_instruments(body, g, mentions);
    let mentions = department_titles(body, g, mentions);
    let mentions = split_possessives(body, mentions);
    let mentions = split_company_pairs(body, mentions);
    let mentions = split_station_and_city(body, g, mentions);
    let mentions = split_name_pairs(body, mentions);
    let (mentions, works) = work_titles(body, mentions);
    // A text written in capitals (some wire copy) gives its names ordinary capitals.
    let letters = body.chars().filter(|c| c.is_alphabetic());
    let (upper, all) = letters.fold((0usize, 0usize), |(u, a), c| {
        (u + usize::from(c.is_uppercase()), a + 1)
    });
    let shouting = all >= 20 && upper * 10 >= all * 7;
    let mut found: Vec<(usize, Found)> = mentions
        .into_iter()
        .filter_map(|m| {
            classify(body, m, g, works.contains(&m.start), shouting).map(|f| (m.start, f))
        })
        .collect();
    // Domain names the tagger left alone ("reported pravda.com.ua").
    let starts: HashSet<usize> = found.iter().map(|(s, _)| *s).collect();
    for t in toks {
        let w = &body[t.start..t.end];
        if !starts.contains(&t.start) && DOMAIN.is_match(w) {
            found.push((t.start, domain(w, t.start, t.end)));
        }
    }
    found.sort_by_key(|(s, _)| *s);
    let mut found: Vec<Found> = found.into_iter().map(|(_, f)| f).collect();
    party_and_state(body, g, &mut found);
    country_before_us_bodies(body, g, &mut found);
    nine_eleven(body, &mut found);
    named_agreements(body, &mut found);
    states_named_as_cities(body, &mut found);
    stock_indices(body, &mut found);
    repeated_names(body, toks, g, &mut found);
    camel_case_names(body, toks, g, &mut found);
    country_pairs(body, toks, g, &mut found);
    spelled_out_acronyms(body, toks, g, &mut found);
    titles_with_the(body, &mut found);
    line_ups(body, &mut found);
    clubs(body, g, &mut found);
    possessives_and_plurals(g, &mut found);
    plural_peoples(g, &mut found);
    homogeneous_lists(body, &mut found);
    let (mut entities, mut mentions) = resolve(body, found, g);
    named_peers(body, g, &mut entities, &mentions);
    family_names(body, g, &mut entities, &mentions);
    well_known_people(body, g, &mut entities, &mentions);
    national::name_national_bodies(body, &mut entities, &mut mentions, setting);
    respelt_names(g, &mut entities, &mut mentions);
    (entities, mentions)
}

/// Gives entity `k` the name `name`: it joins the article's entity of its type already
/// so named (its mentions go there), else takes the name. Its mentions become certain
/// when `certain` (`entity_check` leaves them alone). Returns whether `k` is gone.
pub fn rename_or_join(
    entities: &mut Vec<Entity>,
    mentions: &mut [EntityMention],
    k: usize,
    name: String,
    certain: bool,
) -> bool {
    let kind = entities[k].kind;
    let same = entities
        .iter()
        .enumerate()
        .position(|(j, o)| j != k && o.kind == kind && o.name.eq_ignore_ascii_case(&name));
    let Some(j) = same else {
        entities[k].rename(name);
        for m in mentions.iter_mut().filter(|m| m.entity == k) {
            m.certain |= certain;
        }
        return false;
    };
    let gone = entities.remove(k);
    let j = if j > k { j - 1 } else { j };
    entities[j].absorb(gone);
    for m in mentions.iter_mut() {
        if m.entity == k {
            m.entity = j;
            m.certain |= certain;
        } else if m.entity > k {
            m.entity -= 1;
        }
    }
    true
}

/// Names misspelt in one word take the training articles' annotators' spelling
/// ("Univerity of Maryland" → "University of Maryland"; `Gazetteer::respelt`).
fn respelt_names(g: &Gazetteer, entities: &mut Vec<Entity>, mentions: &mut [EntityMention]) {
    let mut k = 0;
    while k < entities.len() {
        let right = g
            .respelt(entities[k].kind, &entities[k].name)
            .map(str::to_string);
        let gone = right.is_some_and(|right| rename_or_join(entities, mentions, k, right, false));
        if !gone {
            k += 1;
        }
    }
}

/// Titles of peers: the name after one is a title of its own ("Lord Kennedy").
const PEERAGE: &[&str] = &[
    "Lord", "Lady", "Baroness", "Baron", "Earl", "Viscount", "Countess",
];

/// The peer's title before a mention ("Lord" in "said Lord Falconer"), if any.
fn peerage_before(body: &str, start: usize) -> Option<&'static str> {
    let before = tail_of(&body[..start], 24).trim_end();
    let word = before.rsplit(' ').next().unwrap_or("");
    let word = word.trim_start_matches(['(', '[']);
    PEERAGE.iter().find(|&&p| p == word).copied()
}

/// A person the article names only by a peer's title and surname ("Lord Falconer") is
/// the person the training articles' annotators named by it (`known_names.tsv`: Charles
/// Falconer), unless the article gives that name to another entity.
fn named_peers(body: &str, g: &Gazetteer, entities: &mut [Entity], mentions: &[EntityMention]) {
    let mut full: Vec<Option<String>> = vec![None; entities.len()];
    for m in mentions {
        let e = &entities[m.entity];
        if full[m.entity].is_some() || e.kind != EntityType::Per || e.name.contains(' ') {
            continue;
        }
        if let Some(title) = peerage_before(body, m.start) {
            full[m.entity] = g.known_peer(title, &e.name).map(str::to_string);
        }
    }
    for (i, name) in full.into_iter().enumerate() {
        let Some(name) = name else { continue };
        if entities.iter().any(|e| e.name.eq_ignore_ascii_case(&name)) {
            continue;
        }
        entities[i].rename(name);
    }
}

/// A relative named after the word for the relation ("his wife Sandra", "sons Joel and
/// Avi").
static FAMILY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:wife|husband|son|sons|daughter|daughters|brother|brothers|sister|sisters|mother|father|widow|children|partner),? $")
        .expect("valid regex")
});

/// How far before a relative `family_names` reads for the relation word ("daughters, ").
const FAMILY_CUE_REACH: usize = 24;

/// How far before a relative `family_names` looks for the person it is related to.
const FAMILY_REACH: usize = 160;

/// A person the article names by given name alone takes the surname the article gives
/// them, as the guidelines name people by their full name: the surname of a coordinated
/// full name ("Mukesh and Anil Ambani" → Mukesh Ambani), or a relative's ("Michael
/// Howard and his wife Sandra" → Sandra Howard; the nearest person named in full before
/// it). Only an entity every mention of which is that one word.
fn family_names(body: &str, g: &Gazetteer, entities: &mut [Entity], mentions: &[EntityMention]) {
    let given = |e: &Entity| {
        e.kind == EntityType::Per
            && !e.name.contains(' ')
            && e.aliases.is_empty()
            && g.is_given_name(&e.name)
    };
    let mut surnames: Vec<Option<String>> = vec![None; entities.len()];
    for (k, m) in mentions.iter().enumerate() {
        if surnames[m.entity].is_some() || !given(&entities[m.entity]) {
            continue;
        }
        // "Mukesh and Anil Ambani": the next mention, a full name, right after "and".
        let joined_by_and = |a: &EntityMention, b: &EntityMention| {
            matches!(body.get(a.end..b.start), Some(" and " | " & "))
        };
        let coordinated = mentions.get(k + 1).filter(|n| {
            joined_by_and(m, n)
                && entities[n.entity].kind == EntityType::Per
                && body[n.start..n.end].contains(' ')
        });
        if let Some(n) = coordinated {
            let surname = body[n.start..n.end].rsplit(' ').next().unwrap_or("");
            surnames[m.entity] = Some(surname.to_string());
            continue;
        }
        // "his wife Sandra", "sons Joel and Avi": the relative of the nearest person
        // named in full before.
        // The second of two relatives ("sons Joel and Avi") reads past the first.
        let at = k
            .checked_sub(1)
            .map(|j| mentions[j])
            .filter(|prev| joined_by_and(prev, m) && given(&entities[prev.entity]))
            .map_or(m.start, |prev| prev.start);
        if !FAMILY_BEFORE.is_match(tail_of(&body[..at], FAMILY_CUE_REACH)) {
            continue;
        }
        let reach = at.saturating_sub(FAMILY_REACH);
        let relative = mentions[..k]
            .iter()
            .rev()
            .take_while(|p| p.start >= reach)
            .find(|p| {
                let e = &entities[p.entity];
                e.kind == EntityType::Per && e.name.contains(' ')
            });
        if let Some(p) = relative {
            let surname = entities[p.entity].name.rsplit(' ').next().unwrap_or("");
            surnames[m.entity] = Some(surname.to_string());
        }
    }
    for (i, surname) in surnames.into_iter().enumerate() {
        let Some(surname) = surname.filter(|s| s.starts_with(char::is_uppercase)) else {
            continue;
        };
        let name = format!("{} {surname}", entities[i].name);
        if entities.iter().any(|e| e.name.eq_ignore_ascii_case(&name)) {
            continue;
        }
        entities[i].rename(name);
    }
}

/// How far either side of a name `team_sheet` reads, in bytes: a team sheet is a few
/// hundred bytes, and a text with no full stop must not be read whole for every name.
const TEAM_SHEET_REACH: usize = 400;

/// Whether the stretch holding a position (up to the nearest line break, full stop or
/// colon either side, `TEAM_SHEET_REACH` bytes at most) is a team sheet: `LINE_UP` names
/// at least (one comma fewer), most of its words capitalised ("Subs: Howard, Giggs,
/// Smith, Miller, Spector.").
fn team_sheet(body: &str, at: usize) -> bool {
    let stop = |c: char| matches!(c, '\n' | '.' | ':');
    let from = at - tail_of(&body[..at], TEAM_SHEET_REACH).len();
    let to = at + head_of(&body[at..], TEAM_SHEET_REACH).len();
    let start = body[from..at].rfind(stop).map_or(from, |i| from + i + 1);
    let end = body[at..to].find(stop).map_or(to, |i| at + i);
    let stretch = &body[start..end];
    let words: Vec<&str> = stretch.split_whitespace().collect();
    let capitalised = words
        .iter()
        .filter(|w| w.trim_start_matches('(').starts_with(char::is_uppercase))
        .count();
    stretch.matches(',').count() + 1 >= LINE_UP && capitalised * 3 >= words.len() * 2
}

/// A person the article names by surname alone ("Blair", no Tony Blair before or after)
/// is the widely known person the news corpora mean by it, when the article names what
/// that person is named beside there (Labour, Downing Street): the guidelines'
/// "commonly known full name" (`Gazetteer::well_known_person`, `people.tsv`). The
/// surname stays as an alias. Not in a team sheet (a line-up's "Giggs" is the name as
/// written) nor after a peer's title ("Baroness Kennedy" is no Charles Kennedy).
fn well_known_people(
    body: &str,
    g: &Gazetteer,
    entities: &mut [Entity],
    mentions: &[EntityMention],
) {
    // Only the mentions of a bare name one of the tables lists are read for a team
    // sheet or a peer's title.
    let listed: Vec<bool> = entities
        .iter()
        .map(|e| {
            e.kind == EntityType::Per
                && !e.name.contains(' ')
                && (g.lists_person(&e.name) || g.known_person(&e.name).is_some())
        })
        .collect();
    if !listed.contains(&true) {
        return;
    }
    let mut held = vec![false; entities.len()];
    for m in mentions.iter().filter(|m| listed[m.entity]) {
        if held[m.entity] {
            continue;
        }
        if peerage_before(body, m.start).is_some() || team_sheet(body, m.start) {
            held[m.entity] = true;
        }
    }
    let terms: HashSet<String> = entities
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                e.kind.as_str().to_lowercase(),
                e.name.to_lowercase()
            )
        })
        .collect();
    let names: HashSet<String> = entities.iter().map(|e| e.name.to_lowercase()).collect();
    for (e, _) in entities
        .iter_mut()
        .zip(listed.into_iter().zip(held))
        .filter(|(_, (listed, held))| *listed && !held)
    {
        // The people table reads the article's context; a name it does not list may
        // be one the annotators always named in full.
        let full = if g.lists_person(&e.name) {
            g.well_known_person(&e.name, &terms)
        } else {
            g.known_person(&e.name)
        };
        let Some(full) = full else {
            continue;
        };
        if names.contains(&full.to_lowercase()) {
            continue; // the article has that name under another type
        }
        e.rename(full.to_string());
    }
}

/// Splits a mention that runs over a title ("US Secretary of State Antony Blinken"): the
/// capitalised words after the title (and its "of State" tail) are a person; the words
/// before it keep the mention's type ("US"), or the gazetteer's.
fn split_titles(body: &str, toks: &[Token], g: &Gazetteer, ms: Vec<Mention>) -> Vec<Mention> {
    let mut out = Vec::with_capacity(ms.len());
    for m in ms {
        // The tokens inside the mention (tokens are in order and do not overlap).
        let first = toks.partition_point(|t| t.start < m.start);
        let inner: Vec<&Token> = toks[first..]
            .iter()
            .take_while(|t| t.end <= m.end)
            .collect();
        let word = |k: usize| &body[inner[k].start..inner[k].end];
        // A company's name is never split ("General Motors", "General Electric Co").
        let whole = &body[m.start..m.end];
        if g.is_company(whole)
            || inner
                .last()
                .is_some_and(|t| is_legal_suffix(word(inner.len() - 1)) && t.end == m.end)
        {
            out.push(m);
            continue;
        }
        let Some(title) = (0..inner.len().saturating_sub(1)).find(|&k| g.is_title(word(k))) else {
            // The tagger started the mention inside a title's "of" tail ("Chancellor of
            // the [Exchequer Nigel Lawson]"): the first word is the tail's, the rest a
            // person.
            let before = body[..m.start].trim_end();
            let before = before.strip_suffix(" the").unwrap_or(before);
            let after_title = before.strip_suffix(" of").is_some_and(|b| {
                g.is_title(
                    b.rsplit(|c: char| !c.is_alphanumeric() && c != '.')
                        .next()
                        .unwrap_or(""),
                )
            });
            if after_title && inner.len() >= 3 && TYPES[m.ty] != EntityType::Loc {
                out.push(Mention {
                    start: inner[1].start,
                    ty: 0,
                    sentence_initial: false,
                    ..m
                });
            } else {
                out.push(m);
            }
            continue;
        };
        let mut k = title + 1;
        while k < inner.len() && g.is_title(word(k)) {
            k += 1;
        }
        while k + 1 < inner.len() && word(k) == "of" {
            k += if word(k + 1) == "the" { 3 } else { 2 };
        }
        // What follows the title is a person's name only if its words are capitalised or
        // particles ("Ursula von der Leyen"): "General Agreement on Tariffs and Trade" is
        // no title before a person.
        let person = (k..inner.len()).all(|j| {
            let w = word(j);
            w.starts_with(|c: char| !c.is_lowercase()) || NAME_PARTICLES.contains(&w)
        });
        // Nor is an organisation's name that holds a title word ("Transport and General
        // Workers' Union", "Association of Chief Police Officers"); a title before the head
        // word alone is a title ("the EC's Executive Commission" is the Commission) unless
        // the lists know the whole name ("Metropolitan Police").
        let organisation = ORG_HEADS.contains(&word(inner.len() - 1))
            && (inner.len() > k + 1 || g.lookup(whole).is_some() || g.known_type(whole).is_some());
        // Nor is a place's, an organisation's or a work's name that begins with a title
        // word: one the lists know as such ("King Kong"), or one the tagger read as no
        // person whose two words or more after the title hold a head word ("Prince Edward
        // Island", "Major League Baseball"; "Rep. Ralph Hall", "President Park" are people).
        let listed_other = g
            .lookup(whole)
            .map(|(t, _)| t)
            .or_else(|| g.known_type(whole))
            .is_some_and(|t| t != EntityType::Per);
        let headed = TYPES[m.ty] != EntityType::Per
            && inner.len() >= k + 2
            && (k..inner.len())
                .any(|j| ORG_HEADS.contains(&word(j)) || PLACE_HEADS.contains(&word(j)));
        if k >= inner.len() || !person || organisation || listed_other || headed {
            out.push(m);
            continue;
        }
        if title > 0 {
            let start = inner[0].start;
            let end = inner[title - 1].end;
            let ty = listed_tag(g, &body[start..end]).unwrap_or(m.ty);
            out.push(Mention {
                start,
                end,
                ty,
                ..m
            });
        }
        out.push(Mention {
            start: inner[k].start,
            end: m.end,
            ty: 0,
            sentence_initial: false,
        });
    }
    out
}

/// Departments a minister's title names ("Treasury Secretary", "Agriculture Minister").
const DEPARTMENTS: &[&str] = &[
    "Treasury",
    "Commerce",
    "Defense",
    "Defence",
    "Energy",
    "Labor",
    "Agriculture",
    "Trade",
    "Transportation",
    "Transport",
    "Interior",
    "State",
    "Foreign",
    "Home",
    "Finance",
    "Economy",
    "Health",
    "Education",
    "Justice",
    "Environment",
    "Culture",
    "Industry",
    "Housing",
    "Employment",
];

/// The titles a department's name begins.
const MINISTER_TITLES: &[&str] = &[
    " Secretary",
    " Minister",
    " Undersecretary",
    " Under Secretary",
    " Under-Secretary",
];

/// A department named in a minister's title is part of the title, no organisation (the
/// guidelines: "US Treasury Secretary John Snow" names the United States and a person):
/// a mention ending in the department's name before "Secretary" or "Minister" ends
/// before it, typed as the gazetteer types what is left ("US"), or is dropped.
fn department_titles(body: &str, g: &Gazetteer, ms: Vec<Mention>) -> Vec<Mention> {
    ms.into_iter()
        .filter_map(|m| {
            let after = &body[m.end..];
            if !MINISTER_TITLES.iter().any(|t| after.starts_with(t)) {
                return Some(m);
            }
            let text = &body[m.start..m.end];
            let (rest, last) = text.rsplit_once(' ').unwrap_or(("", text));
            if !DEPARTMENTS.contains(&last) {
                return Some(m);
            }
            let rest = rest.trim_end();
            if rest.is_empty() {
                return None;
            }
            // "Department of Health Minister X" names the department in full.
            let tail = rest.rsplit(' ').next().unwrap_or(rest);
            if tail.starts_with(char::is_lowercase) || ["Department", "Ministry"].contains(&tail) {
                return Some(m);
            }
            let ty = listed_tag(g, rest).unwrap_or(m.ty);
            Some(Mention {
                end: m.start + rest.len(),
                ty,
                ..m
            })
        })
        .collect()
}

/// Lower-case words inside people's names.
/// The last words of organisations' names, never of a person's: a title word before one
/// is part of the name ("General Accounting Office").
const ORG_HEADS: &[&str] = &[
    "Union",
    "Unions",
    "League",
    "Department",
    "Office",
    "Committee",
    "Police",
    "Officers",
    "Partners",
    "Trust",
    "Division",
    "Association",
    "Council",
    "Commission",
    "Party",
    "Agency",
    "Authority",
    "Board",
    "Bank",
    "Fund",
    "Group",
    "Institute",
    "Society",
    "Federation",
    "Corporation",
    "Company",
    "Club",
    "School",
    "University",
    "College",
    "Hospital",
    "Court",
    "Ministry",
    "Service",
    "Services",
    "Foundation",
    "Organisation",
    "Organization",
    "Assembly",
    "Congress",
    "Confederation",
    "Chamber",
    "Chambers",
];

/// Last words of places' names (a title word before them begins the name: "Prince
/// Edward Island", "Queen Elizabeth Hall").
const PLACE_HEADS: &[&str] = &[
    "Island",
    "Islands",
    "Isle",
    "Street",
    "Road",
    "Avenue",
    "Square",
    "Park",
    "River",
    "Lake",
    "Bay",
    "Sea",
    "Ocean",
    "Mountain",
    "Mountains",
    "Valley",
    "Bridge",
    "Hall",
    "Theatre",
    "Theater",
    "Stadium",
    "Airport",
    "Station",
    "Museum",
    "Gallery",
    "Palace",
    "Castle",
    "Cathedral",
    "Abbey",
    "Hotel",
    "Centre",
    "Center",
    "Arena",
    "Land",
];

const NAME_PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "da", "di", "del", "della", "du", "dos", "das", "la", "le",
    "bin", "al", "el", "ibn",
];

/// Longest gazetteer entry of several words starting at each capitalised token.
const MAX_GAZ_WORDS: usize = 6;
/// Longest title of the training articles' annotators looked for, in tokens.
const MAX_KNOWN_WORDS: usize = 9;

/// Lets a known name of several words ("European Council on Foreign Relations", or a
/// title the training articles' annotators marked, "Fahrenheit 9/11") replace the
/// tagger's pieces of it, when those pieces lie inside it. The mentions are in order
/// and do not overlap, so those a name overlaps are found by binary search.
fn gazetteer_names(body: &str, toks: &[Token], g: &Gazetteer, ms: Vec<Mention>) -> Vec<Mention> {
    let mut removed = vec![false; ms.len()];
    let mut added = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let mut matched = None;
        if body[t.start..].starts_with(char::is_uppercase) {
            let mut name = String::from(&body[t.start..t.end]);
            // Whether every gap so far is one space (the lists' names), else none
            // inside a word ("Fahrenheit 9/11", a known title).
            let mut spaced = true;
            for j in i + 1..toks.len().min(i + MAX_KNOWN_WORDS) {
                let gap = &body[toks[j - 1].end..toks[j].start];
                spaced &= gap == " " && j < i + MAX_GAZ_WORDS;
                if !gap.is_empty() && gap != " " {
                    break;
                }
                let last = &body[toks[j].start..toks[j].end];
                if spaced {
                    name.push(' ');
                    name.push_str(last);
                    // A name the list writes with a capital last word is not found in a
                    // lower-case phrase ("the Iraq war" is Iraq, no "Iraq War"); "Mac
                    // mini" is listed so.
                    let written = |listed: &str| {
                        !last.starts_with(char::is_lowercase) || listed.ends_with(last)
                    };
                    if let Some((kind, _)) = g.lookup(&name).filter(|(_, c)| written(c)) {
                        matched = Some((j, kind));
                        continue;
                    } else if g.work(&name).is_some_and(written) {
                        matched = Some((j, EntityType::Misc));
                        continue;
                    }
                }
                // A title the training articles' annotators marked, written whole and
                // ending in a capital or a figure ("The Last Samurai", "Fahrenheit 9/11").
                let raw = &body[t.start..toks[j].end];
                if raw.contains(' ')
                    && !last.starts_with(char::is_lowercase)
                    && g.known_type(raw) == Some(EntityType::Misc)
                {
                    matched = Some((j, EntityType::Misc));
                }
            }
        }
        let Some((j, kind)) = matched else {
            i += 1;
            continue;
        };
        let (start, end) = (t.start, toks[j].end);
        let lo = ms.partition_point(|m| m.end <= start);
        let hi = ms.partition_point(|m| m.start < end).max(lo);
        let overlapping = &ms[lo..hi];
        let inside = |m: &Mention| m.start >= start && m.end <= end;
        if !overlapping.is_empty() && overlapping.iter().all(inside) {
            let sentence_initial = overlapping
                .iter()
                .any(|m| m.start == start && m.sentence_initial);
            removed[lo..hi].fill(true);
            added.push(Mention {
                start,
                end,
                ty: type_position(kind),
                sentence_initial,
            });
        }
        i = j + 1;
    }
    let mut out: Vec<Mention> = ms
        .into_iter()
        .zip(removed)
        .filter_map(|(m, gone)| (!gone).then_some(m))
        .chain(added)
        .collect();
    out.sort_by_key(|m| m.start);
    out
}

/// Cuts the ordinary word some wire copy capitalises after a dotted initialism, as if a
/// sentence ended there ("U.S. Officials said", "the U.S. Will press"): a mention of the
/// initialism and one common word that the text also writes in lower case (or its
/// plural or singular) is the initialism alone, typed as the gazetteer types it. "U.S.
/// Treasury" and "U.S. Agriculture Department" stay whole.
fn after_initialisms(body: &str, toks: &[Token], g: &Gazetteer, ms: Vec<Mention>) -> Vec<Mention> {
    let mut lower: Option<HashSet<&str>> = None;
    ms.into_iter()
        .map(|m| {
            let i = toks.partition_point(|t| t.start < m.start);
            let (Some(first), Some(second)) = (toks.get(i), toks.get(i + 1)) else {
                return m;
            };
            let initialism = &body[first.start..first.end];
            let word = &body[second.start..second.end];
            let dotted = initialism.len() >= 4
                && initialism.ends_with('.')
                && initialism.chars().filter(|c| *c == '.').count() >= 2;
            if first.start != m.start || second.end != m.end || !dotted || !g.is_common(word) {
                return m;
            }
            let lower = lower.get_or_insert_with(|| {
                toks.iter()
                    .map(|t| &body[t.start..t.end])
                    .filter(|w| w.starts_with(char::is_lowercase))
                    .collect()
            });
            let Some((kind, _)) = g.lookup(initialism) else {
                return m;
            };
            // In lower case elsewhere, or its plural or singular ("officials").
            let w = word.to_lowercase();
            let plural = format!("{w}s");
            let singular = w.strip_suffix('s').unwrap_or(&w);
            if ![w.as_str(), plural.as_str(), singular]
                .iter()
                .any(|f| lower.contains(f))
            {
                return m;
            }
            Mention {
                end: first.end,
                ty: type_position(kind),
                ..m
            }
        })
        .collect()
}

/// How many words after a country's name may make it a US federal body's name ("U.S.
/// Department of Health and Human Services": six).
const US_BODY_WORDS: usize = 6;

/// Joins a mention of the United States to the words after it that make a federal
/// body's name with it, where the tagger stopped at the country ("the U.S. Treasury
/// declined": "U.S." alone, "Treasury" left out): one organisation, as the guidelines
/// name it (`us_institution`). Only capitalised words and "of", "the", "and" between
/// them, each one space apart, up to `US_BODY_WORDS`; the longest name wins.
fn us_bodies(body: &str, toks: &[Token], ms: Vec<Mention>) -> Vec<Mention> {
    let org = TYPES
        .iter()
        .position(|t| *t == EntityType::Org)
        .expect("a type");
    let mut out: Vec<Mention> = Vec::with_capacity(ms.len());
    let mut covered_to = 0;
    for m in ms {
        if m.start < covered_to {
            continue; // inside a joined name
        }
        let text = &body[m.start..m.end];
        let i = toks.partition_point(|t| t.start < m.end);
        let mut joined = None;
        if us_institution(text).is_none() {
            let mut end = m.end;
            for t in toks.iter().skip(i).take(US_BODY_WORDS) {
                let word = &body[t.start..t.end];
                let linking = matches!(word, "of" | "the" | "and");
                if &body[end..t.start] != " " || !(linking || word.starts_with(char::is_uppercase))
                {
                    break;
                }
                end = t.end;
                if !linking && us_institution(&body[m.start..end]).is_some() {
                    joined = Some(end);
                }
            }
        }
        match joined {
            Some(end) => {
                covered_to = end;
                out.push(Mention { end, ty: org, ..m });
            }
            None => out.push(m),
        }
    }
    out
}

/// What a government's debt is traded as: after "Treasury" these words make it the
/// instrument, not the department ("Treasury bonds", "the Treasury market").
const DEBT_INSTRUMENTS: &[&str] = &[
    "auction",
    "auctions",
    "bill",
    "bills",
    "bond",
    "bonds",
    "contract",
    "contracts",
    "coupon",
    "coupons",
    "curve",
    "debt",
    "futures",
    "issue",
    "issues",
    "market",
    "markets",
    "note",
    "notes",
    "obligations",
    "option",
    "options",
    "paper",
    "price",
    "prices",
    "rate",
    "rates",
    "refunding",
    "securities",
    "supply",
    "yield",
    "yields",
];

/// "Treasury" before a debt instrument ("U.S. Treasury bonds", "the Treasury market",
/// "comparable Treasury securities") is the instrument, which the guidelines (and every
/// annotated article) leave out: the mention goes, but for a place written before it
/// ("U.S."), which stays a place.
fn treasury_instruments(body: &str, g: &Gazetteer, ms: Vec<Mention>) -> Vec<Mention> {
    let loc = type_position(EntityType::Loc);
    ms.into_iter()
        .filter_map(|m| {
            let text = &body[m.start..m.end];
            let Some(head) = text.strip_suffix("Treasury") else {
                return Some(m);
            };
            let next = body[m.end..]
                .strip_prefix(' ')
                .and_then(|rest| rest.split([' ', ',', '.', '\n']).next())
                .unwrap_or("");
            if !DEBT_INSTRUMENTS.contains(&next) {
                return Some(m);
            }
            let place = head.trim_end();
            matches!(g.lookup(place), Some((EntityType::Loc, _))).then(|| Mention {
                end: m.start + place.len(),
                ty: loc,
                ..m
            })
        })
        .collect()
}

/// Splits a mention that runs over a possessive ("Elvis' Wooden Heart", "U2's Vertigo")
/// into the owner and the thing owned, when the owner is named alone elsewhere in the
/// text (as a mention of its own, whose type it takes); "Destiny's Child" and "McDonald's
/// Restaurants", never met without their tail, stay whole.
fn split_possessives(body: &str, ms: Vec<Mention>) -> Vec<Mention> {
    let alone: HashMap<&str, usize> = ms.iter().map(|m| (&body[m.start..m.end], m.ty)).collect();
    let mut out = Vec::with_capacity(ms.len());
    for m in ms {
        let text = &body[m.start..m.end];
        // The owner ends after the match's first character, the thing owned starts at
        // its last one.
        let cut = POSSESSIVE_INSIDE.find(text).and_then(|p| {
            let owner_end = p.start() + text[p.start()..].chars().next()?.len_utf8();
            let owned = p.end() - text[..p.end()].chars().next_back()?.len_utf8();
            let ty = *alone.get(&text[..owner_end])?;
            Some((owner_end, owned, ty))
        });
        match cut {
            Some((owner_end, owned, ty)) => {
                out.push(Mention {
                    end: m.start + owner_end,
                    ty,
                    ..m
                });
                out.push(Mention {
                    start: m.start + owned,
                    sentence_initial: false,
                    ..m
                });
            }
            None => out.push(m),
        }
    }
    out
}

/// Names in a line-up are people. A line that holds nothing but names kept apart by
/// commas, semicolons and "and" (after an optional label such as "Replacements:"), at
/// least `LINE_UP` of them and most of those the tagger typed people, is a team sheet:
/// every name in it is a person ("Caillet, Carter, Chabal", which the tagger took for
/// places), unless its type is certain, and a name the tagger missed ("Day", "Mayor") is
/// added as one. The line-up is evidence: its votes beat the tagger's.
fn line_ups(body: &str, found: &mut Vec<Found>) {
    let mut added = Vec::new();
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        let at = line_start;
        line_start += line.len();
        let Some(list) = LINE_UP_LINE.captures(line).and_then(|c| c.get(1)) else {
            continue;
        };
        let items: Vec<(usize, usize)> = LIST_ITEM
            .find_iter(list.as_str())
            .map(|m| (at + list.start() + m.start(), at + list.start() + m.end()))
            .collect();
        if items.len() < LINE_UP {
            continue;
        }
        // The mentions inside each item, found by position (both lists are in order).
        let within = |found: &[Found], (s, e): (usize, usize)| {
            let a = found.partition_point(|f| f.start < s);
            let b = found.partition_point(|f| f.start < e);
            (a..b)
                .filter(|&i| found[i].end <= e)
                .collect::<Vec<usize>>()
        };
        let tagged: Vec<usize> = items.iter().flat_map(|&it| within(found, it)).collect();
        let people = tagged
            .iter()
            .filter(|&&i| found[i].kind == EntityType::Per)
            .count();
        if people * 2 <= tagged.len() {
            continue;
        }
        for &i in &tagged {
            if !found[i].fixed {
                found[i].kind = EntityType::Per;
                found[i].weight = EVIDENCE;
            }
        }
        for &(s, e) in &items {
            let a = found.partition_point(|f| f.start < e);
            let overlaps = found[..a].last().is_some_and(|f| f.end > s);
            if !overlaps {
                added.push(Found {
                    name: body[s..e].to_string(),
                    kind: EntityType::Per,
                    fixed: false,
                    weight: EVIDENCE,
                    start: s,
                    end: e,
                });
            }
        }
    }
    add_found(found, added);
}

/// A name is a name wherever the article repeats it (one sense per discourse): every
/// other occurrence of a mention's exact words, as whole words outside every other
/// mention and not beside another capitalised word (then it is part of a longer name),
/// is a mention of the same entity ("Rover" where the tagger passed it over). Common
/// words ("Apple" may be fruit) and names of one letter are left alone.
fn repeated_names(body: &str, toks: &[Token], g: &Gazetteer, found: &mut Vec<Found>) {
    // The names by their first word, each with the mention it was first found as.
    let mut names: HashMap<&str, Vec<(&str, usize)>> = HashMap::new();
    for (i, f) in found.iter().enumerate() {
        let text = &body[f.start..f.end];
        let proper = text.chars().next().is_some_and(char::is_uppercase);
        if !proper || text.chars().count() < 2 || g.is_common(text) {
            continue;
        }
        let first = text.split(' ').next().unwrap_or(text);
        let same_first = names.entry(first).or_default();
        if !same_first.iter().any(|(t, _)| *t == text) {
            same_first.push((text, i));
        }
    }
    // The spans taken, by start (mentions never overlap one another).
    let mut taken: std::collections::BTreeMap<usize, usize> =
        found.iter().map(|f| (f.start, f.end)).collect();
    let mut added = Vec::new();
    for t in toks {
        let Some(candidates) = names.get(&body[t.start..t.end]) else {
            continue;
        };
        for &(text, i) in candidates {
            let (at, end) = (t.start, t.start + text.len());
            if !body[at..].starts_with(text)
                || body[end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let covered = taken.range(..end).next_back().is_some_and(|(_, &e)| e > at);
            if covered || beside_capitalised(body, at, end) {
                continue;
            }
            taken.insert(at, end);
            let f = &found[i];
            added.push(Found {
                name: f.name.clone(),
                kind: f.kind,
                fixed: false,
                weight: PLAIN,
                start: at,
                end,
            });
        }
    }
    add_found(found, added);
}

/// Names written in camel case with a small first letter ("iPod", "iTunes", "eBay") are no
/// shape the tagger learnt as a name: one the lists know (`data/gazetteer/`), also in the
/// plural ("iPods"), is a mention wherever it stands outside another name.
fn camel_case_names(body: &str, toks: &[Token], g: &Gazetteer, found: &mut Vec<Found>) {
    let mut added = Vec::new();
    for t in toks {
        let w = &body[t.start..t.end];
        let mut chars = w.chars();
        let camel = chars.next().is_some_and(char::is_lowercase) && chars.any(char::is_uppercase);
        if !camel {
            continue;
        }
        let known = g
            .lookup(w)
            .or_else(|| w.strip_suffix('s').and_then(|one| g.lookup(one)));
        let Some((kind, canonical)) = known else {
            continue;
        };
        if inside_a_name(found, t.start, t.end) {
            continue;
        }
        added.push(Found {
            name: canonical.to_string(),
            kind,
            fixed: true,
            weight: EVIDENCE,
            start: t.start,
            end: t.end,
        });
    }
    add_found(found, added);
}

/// Whether a span overlaps a mention found already (`found` is in order of position).
fn inside_a_name(found: &[Found], start: usize, end: usize) -> bool {
    let a = found.partition_point(|f| f.start < end);
    found[..a].last().is_some_and(|f| f.end > start)
}

/// Two countries or peoples joined by a hyphen ("Anglo-Dutch", "US-German",
/// "Iran-Iraq", "Greek-Turkish") are two names, each of its own type, as the guidelines
/// have them; a compound the lists know whole ("African-American", "Asia-Pacific")
/// stays one, and so does a name of two towns or surnames ("Henin-Hardenne").
fn country_pairs(body: &str, toks: &[Token], g: &Gazetteer, found: &mut Vec<Found>) {
    let mut added = Vec::new();
    let mut replaced = Vec::new();
    for t in toks {
        let w = &body[t.start..t.end];
        let Some((a, b)) = w.split_once('-') else {
            continue;
        };
        let capital = |p: &str| p.starts_with(char::is_uppercase);
        if b.contains('-') || !capital(a) || !capital(b) {
            continue;
        }
        // Looked up only for capitalised pairs: most hyphenated words are not.
        let known_whole = g.lookup(w).is_some()
            || g.known_type(w).is_some()
            || TYPES.iter().any(|&k| g.known_name(k, w).is_some());
        if known_whole {
            continue;
        }
        let part = |p: &str| {
            g.lookup(p)
                .filter(|(k, _)| matches!(k, EntityType::Loc | EntityType::Misc))
                .filter(|_| g.is_country_or_people(p))
        };
        let (Some((ka, ca)), Some((kb, cb))) = (part(a), part(b)) else {
            continue;
        };
        let exact = found.iter().any(|f| f.start == t.start && f.end == t.end);
        if exact {
            replaced.push(t.start);
        } else if inside_a_name(found, t.start, t.end) {
            continue;
        }
        let cut = t.start + a.len();
        for (kind, name, start, end) in [(ka, ca, t.start, cut), (kb, cb, cut + 1, t.end)] {
            added.push(Found {
                name: name.to_string(),
                kind,
                fixed: true,
                weight: EVIDENCE,
                start,
                end,
            });
        }
    }
    found.retain(|f| !replaced.contains(&f.start));
    add_found(found, added);
}

/// Adds mentions to those found, keeping them in order of position.
fn add_found(found: &mut Vec<Found>, added: Vec<Found>) {
    if !added.is_empty() {
        found.extend(added);
        found.sort_by_key(|f| f.start);
    }
}

/// "(D-Vt.)" or ", D-Kan.," after a US politician's name is the party (Democratic Party,
/// Republican Party) and the state (Vermont, Kansas; Washington State, as the guidelines
/// name it), whatever the tagger made of it; a state the gazetteer does not know by that
/// abbreviation leaves the party alone.
fn party_and_state(body: &str, g: &Gazetteer, found: &mut Vec<Found>) {
    let mut added = Vec::new();
    for c in PARTY_AND_STATE.captures_iter(body) {
        let (party, abbr) = (c.get(1).expect("group"), c.get(2).expect("group"));
        let bare = abbr.as_str().trim_end_matches('.');
        // "ND" is written "N.D." in the lists.
        let dotted: String = bare.chars().flat_map(|ch| [ch, '.']).collect();
        let state = [bare.to_string(), format!("{bare}."), dotted]
            .into_iter()
            .find_map(|a| g.lookup(&a).filter(|(kind, _)| *kind == EntityType::Loc))
            .map(|(_, name)| state_name(name).to_string());
        let Some(state) = state else { continue };
        let whole = c.get(0).expect("match");
        found.retain(|f| f.end <= whole.start() || f.start >= whole.end());
        let name = if party.as_str() == "D" {
            "Democratic Party"
        } else {
            "Republican Party"
        };
        for (name, kind, m) in [
            (name.to_string(), EntityType::Org, party),
            (state, EntityType::Loc, abbr),
        ] {
            added.push(Found {
                name,
                kind,
                fixed: true,
                weight: EVIDENCE,
                start: m.start(),
                end: m.end(),
            });
        }
    }
    add_found(found, added);
}

/// A state's office after the name of its city ("New York attorney general", "New York
/// state", "New York Governor"): the name is the state's, as the guidelines name it.
static STATE_OFFICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:'s)? (?i:state\b|attorney[- ]general|governor|senator|legislature|comptroller)",
    )
    .expect("valid regex")
});

/// The cities whose state shares their name, and the state's canonical name.
const CITY_STATES: &[(&str, &str)] = &[
    ("New York", "New York State"),
    ("Washington", "Washington State"),
];

/// The state's name where a city shares it ("Washington" → "Washington State").
fn state_name(name: &str) -> &str {
    CITY_STATES
        .iter()
        .find(|(city, _)| *city == name)
        .map_or(name, |(_, state)| state)
}

/// "New York" before a state's office is New York State (`STATE_OFFICE`).
fn states_named_as_cities(body: &str, found: &mut [Found]) {
    for f in found.iter_mut().filter(|f| f.kind == EntityType::Loc) {
        let state = state_name(&f.name);
        if state != f.name && STATE_OFFICE.is_match(&body[f.end..]) {
            f.name = state.to_string();
        }
    }
}

/// US federal bodies whose name is complete without the country (lower case): "the US
/// Congress" is the country and the Congress, as the annotators split it, where "U.S. Air
/// Force", "US Agriculture Department" and "US Senate" stay one name.
const US_BODIES_WITHOUT_COUNTRY: &[&str] = &[
    "congress",
    "treasury",
    "supreme court",
    "federal reserve",
    "federal reserve board",
    "securities and exchange commission",
    "food and drug administration",
    "federal communications commission",
    "federal trade commission",
    "equal employment opportunity commission",
    "national transportation safety board",
    "environmental protection agency",
    "federal aviation administration",
    "internal revenue service",
    "federal deposit insurance corporation",
    "commodity futures trading commission",
    "joint chiefs of staff",
];

/// Splits the country off a US federal body named after it when the body's name is
/// complete without it (`US_BODIES_WITHOUT_COUNTRY`, "Department of Justice"): "the US
/// Department of Justice" is `United States` (LOC) and the department, which keeps the
/// name the whole gave it.
fn country_before_us_bodies(body: &str, g: &Gazetteer, found: &mut Vec<Found>) {
    const PREFIXES: &[&str] = &["U.S. ", "US ", "United States ", "U.S.A. ", "USA "];
    let mut added = Vec::new();
    for f in found.iter_mut().filter(|f| f.kind == EntityType::Org) {
        let text = &body[f.start..f.end];
        let Some(prefix) = PREFIXES.iter().find(|p| text.starts_with(*p)) else {
            continue;
        };
        let rest = federal_key(&text[prefix.len()..]);
        let complete = US_BODIES_WITHOUT_COUNTRY.contains(&rest.as_str())
            || rest.starts_with("department of ");
        if !complete {
            continue;
        }
        let country_end = f.start + prefix.trim_end().len();
        added.push(Found {
            name: "United States".to_string(),
            kind: EntityType::Loc,
            fixed: true,
            weight: EVIDENCE,
            start: f.start,
            end: country_end,
        });
        f.start += prefix.len();
        // A name that kept the country is the federal body's name ("U.S. Treasury" →
        // United States Department of the Treasury), else the body's own ("U.S.
        // Securities and Exchange Commission" → Securities and Exchange Commission).
        if f.name.starts_with(*prefix) {
            let rest = &body[f.start..f.end];
            f.name = us_institution(text).unwrap_or_else(|| {
                g.lookup(rest)
                    .filter(|(k, _)| *k == EntityType::Org)
                    .map_or(rest, |(_, c)| c)
                    .to_string()
            });
        }
    }
    add_found(found, added);
}

/// "9/11" outside another name ("after 9/11", "the 9/11 attacks"; not "Fahrenheit 9/11")
/// is the September 11 attacks, as the guidelines name the event; "the 9/11
/// Commission" is the commission's own name, left to the tagger.
fn nine_eleven(body: &str, found: &mut Vec<Found>) {
    let added: Vec<Found> = NINE_ELEVEN
        .find_iter(body)
        .filter(|m| !inside_a_name(found, m.start(), m.end()))
        // A date ("9/11/2001") is no name.
        .filter(|m| !body[m.end()..].starts_with('/'))
        .filter(|m| {
            let next = body[m.end()..].trim_start().split(' ').next().unwrap_or("");
            !next.starts_with(char::is_uppercase)
        })
        .map(|m| Found {
            name: "September 11 attacks".to_string(),
            kind: EntityType::Misc,
            fixed: true,
            weight: EVIDENCE,
            start: m.start(),
            end: m.end(),
        })
        .collect();
    add_found(found, added);
}

/// Agreements and programmes named after the place they were made, as news writes them:
/// the place's name before a common noun ("the Louvre accord", "the Kyoto protocol", "the
/// Lisbon targets"); the place word is the agreement's mention (MISC, under its full
/// name), as the training annotators have it. A place with no agreement named after it
/// stays a place ("the Paris accord").
const NAMED_AGREEMENTS: &[(&str, &str, &[&str])] = &[
    (
        "Louvre",
        "Louvre Accord",
        &["accord", "accords", "agreement", "pact"],
    ),
    (
        "Plaza",
        "Plaza Accord",
        &["accord", "accords", "agreement", "pact"],
    ),
    (
        "Kyoto",
        "Kyoto Protocol",
        &[
            "protocol",
            "treaty",
            "agreement",
            "accord",
            "pact",
            "targets",
        ],
    ),
    (
        "Lisbon",
        "Lisbon Agenda",
        &["agenda", "targets", "goals", "ambitions", "strategy"],
    ),
    (
        "Good Friday",
        "Good Friday Agreement",
        &["agreement", "accord"],
    ),
    ("Maastricht", "Maastricht Treaty", &["treaty"]),
];

/// A name of `NAMED_AGREEMENTS` and the lower-case word after it.
static NAMED_AGREEMENT: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<String> = NAMED_AGREEMENTS
        .iter()
        .map(|(name, _, _)| regex::escape(name))
        .collect();
    Regex::new(&format!(r"\b({}) ([a-z]+)\b", names.join("|"))).expect("valid regex")
});

/// The place word of an agreement named after it is that agreement (`NAMED_AGREEMENTS`),
/// found or not by the tagger.
fn named_agreements(body: &str, found: &mut Vec<Found>) {
    let mut added = Vec::new();
    for c in NAMED_AGREEMENT.captures_iter(body) {
        let (name, noun) = (&c[1], &c[2]);
        let Some((_, full, nouns)) = NAMED_AGREEMENTS.iter().find(|(n, _, _)| *n == name) else {
            continue;
        };
        if !nouns.contains(&noun) {
            continue;
        }
        let span = c.get(1).expect("group 1");
        let agreement = Found {
            name: full.to_string(),
            kind: EntityType::Misc,
            fixed: true,
            weight: EVIDENCE,
            start: span.start(),
            end: span.end(),
        };
        match found
            .iter_mut()
            .find(|f| f.start < span.end() && span.start() < f.end)
        {
            Some(f) if f.start == span.start() && f.end == span.end() => *f = agreement,
            Some(_) => {}
            None => added.push(agreement),
        }
    }
    add_found(found, added);
}

/// "9/11" as a word of its own.
static NINE_ELEVEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b9/11\b").expect("valid regex"));

/// Share indices by the name markets reports give them, and the index's full name.
const STOCK_INDICES: &[(&str, &str)] = &[
    ("Dow Jones", "Dow Jones Industrial Average"),
    ("Dow", "Dow Jones Industrial Average"),
    ("Nasdaq", "Nasdaq Composite"),
    ("NASDAQ", "Nasdaq Composite"),
    ("Nikkei", "Nikkei 225"),
    ("Hang Seng", "Hang Seng Index"),
    ("Dax", "DAX"),
    ("DAX", "DAX"),
    ("CAC", "CAC 40"),
];

/// The word after a share index's name in a markets report: "the Nasdaq index", "the
/// Dow Jones industrial average", "the Nikkei lost 1.3%", "the Nasdaq also rose".
static INDEX_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:'s)? (?:also )?(?:index|indices|average|industrial|industrials|composite|rose|fell|lost|gained|climbed|dropped|slipped|jumped|ended|closed|finished|added|shed|surged|tumbled|plunged|eased|edged|rallied|slumped|advanced|declined|was up|was down|up|down)\b",
    )
    .expect("valid regex")
});

/// A market or company whose name a share index bears is the index (MISC, under its
/// full name) where a markets report reads the index (`INDEX_CUE`): "the Nasdaq fell" is
/// the Nasdaq Composite, "listed on the Nasdaq" the market.
fn stock_indices(body: &str, found: &mut [Found]) {
    for f in found.iter_mut() {
        let Some((_, index)) = STOCK_INDICES.iter().find(|(name, _)| f.name == *name) else {
            continue;
        };
        if INDEX_CUE.is_match(&body[f.end..]) {
            f.name = index.to_string();
            f.kind = EntityType::Misc;
            f.fixed = true;
            f.weight = EVIDENCE;
        }
    }
}

/// Whether the word before or after a span (across one space) starts with a capital.
fn beside_capitalised(body: &str, start: usize, end: usize) -> bool {
    let capital_word = |w: Option<&str>| {
        w.and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
    };
    let before = body[..start]
        .strip_suffix(' ')
        .map(|b| b.rsplit(' ').next().unwrap_or(""));
    let after = body[end..]
        .strip_prefix(' ')
        .map(|a| a.split(' ').next().unwrap_or(""));
    // A capitalised word before counts only when it does not end a sentence.
    let before_name =
        before.is_some_and(|w| !w.ends_with(['.', '!', '?', ':', '"']) && capital_word(Some(w)));
    before_name || capital_word(after)
}

/// An acronym the article spells out is a name wherever it stands, also where the tagger
/// passed it over or took it for something else ("DEC" after "Disasters Emergency
/// Committee" is no December): each word in capitals that is the initials of an
/// organisation or a title of several words the article names, outside every other
/// name, is a mention of that type (joined to the full name when the entities resolve).
fn spelled_out_acronyms(body: &str, toks: &[Token], g: &Gazetteer, found: &mut Vec<Found>) {
    // Three letters at least, and no word of its own: "TO" or "AND" in a headline in
    // capitals is no acronym.
    let initials: HashMap<String, EntityType> = found
        .iter()
        .filter(|f| matches!(f.kind, EntityType::Org | EntityType::Misc))
        .flat_map(|f| acronyms_of(&f.name).into_iter().map(|a| (a, f.kind)))
        .filter(|(a, _)| {
            a.chars().count() >= 3 && a.chars().all(char::is_uppercase) && !g.is_common(a)
        })
        .collect();
    if initials.is_empty() {
        return;
    }
    let mut added = Vec::new();
    for t in toks {
        let w = &body[t.start..t.end];
        if !is_acronym(w) {
            continue;
        }
        let bare: String = w.chars().filter(|c| *c != '.').collect();
        let Some(&kind) = initials.get(&bare) else {
            continue;
        };
        if inside_a_name(found, t.start, t.end) {
            continue;
        }
        added.push(Found {
            name: w.to_string(),
            kind,
            fixed: false,
            weight: PLAIN,
            start: t.start,
            end: t.end,
        });
    }
    add_found(found, added);
}

/// The tagger's index of the type the lists give a name, if they know it.
fn listed_tag(g: &Gazetteer, name: &str) -> Option<usize> {
    g.lookup(name).map(|(kind, _)| type_position(kind))
}

/// The last `n` bytes of `s` or a few more (a char boundary), so that a pattern anchored
/// at the end does not scan the whole text before a name.
fn tail_of(s: &str, n: usize) -> &str {
    let mut at = s.len().saturating_sub(n);
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    &s[at..]
}

/// The first `n` bytes of `s` or a few fewer (a char boundary): the counterpart of
/// `tail_of` for a pattern anchored at the start.
fn head_of(s: &str, n: usize) -> &str {
    let mut at = n.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    &s[..at]
}

/// A title of a work keeps its "The" ("in The Da Vinci Code", "The Full Monty"): a MISC
/// name of several words right after a capitalised "The" inside a sentence starts
/// there. At the start of a sentence "The" is only the sentence's capital.
fn titles_with_the(body: &str, found: &mut [Found]) {
    for f in found.iter_mut() {
        if f.kind != EntityType::Misc || !f.name.contains(' ') || f.name.starts_with("The ") {
            continue;
        }
        let Some(before) = body[..f.start].strip_suffix("The ") else {
            continue;
        };
        let inside = before
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | ';' | '(' | '"' | '“'));
        if inside && before.ends_with(' ') || before.ends_with(['"', '“', '(']) {
            f.start -= 4;
            f.name = format!("The {}", f.name);
        }
    }
}

/// The key under which one article's spellings of a name are one entity (case,
/// spaces, hyphens and stops aside: "JP Morgan" and "JPMorgan", "Half Life 2" and
/// "Half-Life 2"; in a name of three words or more, also the small words of acronyms
/// (`MINOR_WORDS`: "of" / "for") and a plural "s":
/// "Institute of Fiscal Studies" and "Institute for Fiscal Studies", "Disaster" and
/// "Disasters Emergency Committee").
fn spelling_key(name: &str) -> String {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    let long = words.len() >= 3;
    words
        .iter()
        .filter(|w| !(long && MINOR_WORDS.contains(w)))
        .map(|w| {
            let w: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
            match w.strip_suffix('s') {
                Some(stem) if long && stem.chars().count() >= 4 => stem.to_string(),
                _ => w,
            }
        })
        .collect()
}

/// The initial and surname of a name written as one capital letter (with or without a
/// full stop) and a surname: "R Williams" → ('R', "Williams").
fn initial_and_surname(name: &str) -> Option<(char, &str)> {
    split_initial(name)
        .filter(|(initial, last)| initial.is_uppercase() && last.starts_with(char::is_uppercase))
}

/// A name of one letter (with or without a full stop) and one more word, in any case:
/// "R Williams" → ('R', "Williams"), the index key "m. eyskens" → ('m', "eyskens").
pub fn split_initial(name: &str) -> Option<(char, &str)> {
    let (first, last) = name.split_once(' ')?;
    let mut cs = first.trim_end_matches('.').chars();
    let initial = cs.next().filter(|c| c.is_alphabetic())?;
    (cs.next().is_none() && !last.contains(' ')).then_some((initial, last))
}

/// The people an article names in full (a given name of two letters or more, then a
/// surname: two words), by the given name's initial and the surname, each name once.
fn people_by_initial(found: &[Found]) -> HashMap<(char, &str), Vec<&str>> {
    let mut out: HashMap<(char, &str), Vec<&str>> = HashMap::new();
    for f in found.iter().filter(|f| f.kind == EntityType::Per) {
        // Two words only: in "Chris Rhys Jones" the surname may be "Rhys Jones", and
        // "C Jones" another player.
        let Some((given, last)) = f.name.split_once(' ').filter(|(_, s)| !s.contains(' ')) else {
            continue;
        };
        let Some(initial) = given.chars().next().filter(|c| c.is_uppercase()) else {
            continue;
        };
        if given.chars().count() < 2 || given.ends_with('.') {
            continue;
        }
        let names = out.entry((initial, last)).or_default();
        if !names.contains(&f.name.as_str()) {
            names.push(&f.name);
        }
    }
    out
}

/// The surname of a person's full name: its last word, or the one before a
/// generational suffix ("Harry Connick Jr" → "Connick").
fn surname(name: &str) -> &str {
    let mut words = name.rsplit(' ');
    let last = words.next().expect("a word");
    let generational = ["Jr", "Jr.", "Jnr", "Sr", "Sr.", "Snr", "II", "III"].contains(&last);
    match words.next() {
        Some(before) if generational => before,
        _ => last,
    }
}

/// Splits a hyphenated pair of names the article also names alone or as a person's
/// surname ("the Blair-Brown rift", "a Reagan-Gorbachev summit") into two mentions, each
/// of the type it has there; a name with a hyphen inside ("Half-Life",
/// "MacLeod-Henderson") stays whole.
fn split_name_pairs(body: &str, ms: Vec<Mention>) -> Vec<Mention> {
    let per = TYPES
        .iter()
        .position(|t| *t == EntityType::Per)
        .expect("a type");
    let mut alone: HashMap<&str, usize> = HashMap::new();
    for m in &ms {
        let text = &body[m.start..m.end];
        if let Some((_, last)) = text.rsplit_once(' ').filter(|_| m.ty == per) {
            alone.entry(last).or_insert(per);
        }
        alone.insert(text, m.ty);
    }
    let mut out = Vec::with_capacity(ms.len());
    for m in ms {
        let text = &body[m.start..m.end];
        let pair = text.split_once('-').and_then(|(a, b)| {
            if a.contains(' ') || b.contains(' ') || b.contains('-') {
                return None;
            }
            Some((a.len(), *alone.get(a)?, *alone.get(b)?))
        });
        match pair {
            Some((cut, ta, tb)) => {
                out.push(Mention {
                    end: m.start + cut,
                    ty: ta,
                    ..m
                });
                out.push(Mention {
                    start: m.start + cut + 1,
                    ty: tb,
                    sentence_initial: false,
                    ..m
                });
            }
            None => out.push(m),
        }
    }
    out
}

/// An acronym and a place joined by a hyphen ("WGBH-Boston", a broadcaster and its city):
/// two names, the acronym typed as the lists type it or else as the mention was, the place
/// a place.
static STATION_AND_CITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Z]{2,6})-([A-Z][a-z]+(?: [A-Z][a-z]+)?)$").expect("valid regex")
});

/// Splits "WGBH-Boston" (`STATION_AND_CITY`) when the gazetteer knows the second part
/// as a place.
fn split_station_and_city(body: &str, g: &Gazetteer, ms: Vec<Mention>) -> Vec<Mention> {
    let loc = type_position(EntityType::Loc);
    let mut out = Vec::with_capacity(ms.len());
    for m in ms {
        let Some(c) = STATION_AND_CITY.captures(&body[m.start..m.end]) else {
            out.push(m);
            continue;
        };
        let (acronym, place) = (c.get(1).expect("group"), c.get(2).expect("group"));
        let known_place = g
            .lookup(place.as_str())
            .is_some_and(|(kind, _)| kind == EntityType::Loc);
        if !known_place {
            out.push(m);
            continue;
        }
        // "US-Iraq": an acronym the lists know takes their type.
        let ty = listed_tag(g, acronym.as_str()).unwrap_or(m.ty);
        out.push(Mention {
            end: m.start + acronym.end(),
            ty,
            ..m
        });
        out.push(Mention {
            start: m.start + place.start(),
            ty: loc,
            sentence_initial: false,
            ..m
        });
    }
    out
}

/// Splits a mention that runs over two companies joined by "and" after the first one's
/// legal suffix ("Coronet Insurance Co and Sunstates"): two mentions of its type.
fn split_company_pairs(body: &str, ms: Vec<Mention>) -> Vec<Mention> {
    let mut out = Vec::with_capacity(ms.len());
    for m in ms {
        let text = &body[m.start..m.end];
        let cut = text.match_indices(" and ").find(|&(at, _)| {
            let before = text[..at].rsplit(' ').next().unwrap_or("");
            let after = &text[at + 5..];
            text[..at].contains(' ')
                && crate::analyze::gazetteer::is_legal_suffix(before)
                && after.starts_with(char::is_uppercase)
        });
        match cut {
            Some((at, _)) => {
                out.push(Mention {
                    end: m.start + at,
                    ..m
                });
                out.push(Mention {
                    start: m.start + at + 5,
                    sentence_initial: false,
                    ..m
                });
            }
            None => out.push(m),
        }
    }
    out
}

/// The end of the title that starts at `at`, when one does (a trailing sentence period
/// and a trailing year left out). `listed`: the title follows another in a list;
/// `list_cue`: it follows a cue that lists ("films such as").
fn title_run(body: &str, at: usize, listed: bool, list_cue: bool) -> Option<usize> {
    let m = TITLE_RUN.find(&body[at..])?;
    let mut text = m.as_str();
    // A sentence ends the title ("Ice Age. It has ..."); in a list, the last "and" parts
    // two titles ("Small Talk and Steam Heat").
    if let Some(cut) = text.find(". ") {
        text = &text[..=cut];
    }
    if listed {
        if let Some(cut) = text.rfind(" and ") {
            text = &text[..cut];
        }
    } else if list_cue {
        if let Some(cut) = second_title(text) {
            text = &text[..cut];
        }
    }
    let mut text = text.trim_end_matches([':', '-', '\'', '’']);
    if text.ends_with('.') && !text[..text.len() - 1].rsplit(' ').next()?.contains('.') {
        text = &text[..text.len() - 1];
    }
    if let Some(y) = YEAR_AFTER.find(text) {
        text = &text[..y.start()];
    }
    (text.chars().any(char::is_alphabetic)).then_some(at + text.len())
}

/// Where a title run after a listing cue holds two titles joined by "and" ("hits like
/// Spiderman 2 and The Grudge", "games such as Knights of the Old Republic and
/// Neverwinter Nights", "Outlook and Outlook Express", "Will and Grace and Frasier"):
/// the last "and", before a capitalised word, when that word is an article or the first
/// title's first word again, when the first title has an "and" of its own, or when both
/// parts have two words or more. A title of two single words ("Romeo and Juliet") or
/// with a lower-case "and the" ("Beauty and the Beast") is one title.
fn second_title(text: &str) -> Option<usize> {
    let (cut, _) = text.match_indices(" and ").last()?;
    let (a, b) = (&text[..cut], &text[cut + 5..]);
    if !b.starts_with(char::is_uppercase) {
        return None;
    }
    let first = a.split(' ').next()?;
    let words = |s: &str| s.split(' ').count();
    let article = ["The ", "A ", "An "].iter().any(|w| b.starts_with(w));
    let again = b.starts_with(first) && b[first.len()..].starts_with(' ');
    let split = article || again || a.contains(" and ") || (words(a) >= 2 && words(b) >= 2);
    split.then_some(cut)
}

/// Titles of works the tagger missed or cut: a title-case run after a work cue ("album
/// Hopes and Fears", "hit musical The Pajama Game") or in quotes ("the \"Axis of Evil\"
/// speech"), and the titles listed after it ("such as Reservoir Dogs, The Blair Witch
/// Project and The Full Monty"). Each replaces the mentions it overlaps; the starts of
/// the titles (and of the tagger's mentions with a work cue) are returned as works.
fn work_titles(body: &str, ms: Vec<Mention>) -> (Vec<Mention>, HashSet<usize>) {
    let mut titles: Vec<(usize, usize)> = Vec::new();
    let mut works = HashSet::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let word_start =
            c.is_ascii_uppercase() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if !word_start {
            i += 1;
            continue;
        }
        let mut from = i.saturating_sub(48);
        while !body.is_char_boundary(from) {
            from += 1;
        }
        let before = &body[from..i];
        let quote_open = before.ends_with(['"', '“']);
        let cued = WORK_BEFORE.is_match(before);
        let list_cue = cued && LIST_CUE.is_match(before);
        let Some(end) = (cued || quote_open)
            .then(|| title_run(body, i, false, list_cue))
            .flatten()
        else {
            i += 1;
            continue;
        };
        if quote_open && !cued {
            // Quoted: the quote must close right after, and a single word is no title
            // (a quoted word is as often a slogan or a nickname).
            let closes = body[end..].starts_with(['"', '”']);
            if !closes || !body[i..end].contains(' ') {
                i = end.max(i + 1);
                continue;
            }
        }
        titles.push((i, end));
        // Titles listed after this one: ", Y", " and Y", ", and Y".
        let mut at = end;
        let mut listed = body[end..].starts_with(", ");
        for _ in 0..8 {
            let rest = &body[at..];
            let skip = [", and ", ", ", " and ", " & "]
                .iter()
                .find(|sep| rest.starts_with(**sep))
                .map(|sep| sep.len());
            let Some(skip) = skip else { break };
            let next = at + skip;
            let Some(e) = body[next..]
                .starts_with(|c: char| c.is_ascii_uppercase())
                .then(|| title_run(body, next, listed, false))
                .flatten()
            else {
                break;
            };
            titles.push((next, e));
            at = e;
            listed = true;
        }
        i = at.max(i + 1);
    }
    let mut out: Vec<Mention> = Vec::with_capacity(ms.len() + titles.len());
    let mut k = 0;
    for m in ms {
        while k < titles.len() && titles[k].1 <= m.start {
            k += 1;
        }
        let overlaps = titles[k..]
            .iter()
            .take_while(|t| t.0 < m.end)
            .any(|t| t.1 > m.start);
        if !overlaps {
            let mut m = m;
            if let Some(n) = NUMBER_AFTER.find(&body[m.end..]) {
                // A name ending in a number ("PlayStation 2", "BBC Radio 4", "Ocean's 12")
                // keeps it, unless it reads as a score ("Leeds 2 Hull 1", "Leeds 2-1",
                // "Leeds 2, Hull 1"); a comma or period alone ends a list item or a
                // sentence ("Doom 3, Half Life 2 and Halo 2.").
                let tail = &body[m.end + n.end()..];
                let score = tail.starts_with(['-', '–', ':']) || SCORE_AFTER.is_match(tail);
                // "Congress 500 mln dlrs": an amount, not a model number.
                let amount = n.as_str().chars().last().is_some_and(char::is_alphabetic);
                if !score && !amount && !matches!(TYPES[m.ty], EntityType::Per | EntityType::Loc) {
                    m.end += n.end();
                }
            }
            let mut to = (m.end + 40).min(body.len());
            while !body.is_char_boundary(to) {
                to -= 1;
            }
            if WORK_AFTER.is_match(&body[m.end..to]) {
                works.insert(m.start);
            }
            out.push(m);
        }
    }
    for &(start, end) in &titles {
        works.insert(start);
        out.push(Mention {
            start,
            end,
            ty: TYPES
                .iter()
                .position(|t| *t == EntityType::Misc)
                .expect("a type"),
            sentence_initial: false,
        });
    }
    out.sort_by_key(|m| m.start);
    (out, works)
}

fn domain(w: &str, start: usize, end: usize) -> Found {
    let lower = w.to_lowercase();
    Found {
        // "www." names no other site than the domain ("www.dec.org.uk" is dec.org.uk).
        name: lower.strip_prefix("www.").unwrap_or(&lower).to_string(),
        kind: EntityType::Org,
        fixed: true,
        weight: EVIDENCE,
        start,
        end,
    }
}

/// The team sport an article reports, when its words tell one: a football word ("striker",
/// "goal", "FA") and twice as many as rugby words, four with the words of both sports
/// ("match", "club", "season"); or the other way round ("a try", "scrum", "fly-half"),
/// unless the report is of rugby league. `clubs` counts the clubs the article names that
/// only one sport has (football's, rugby's): "Chelsea" and "Barcelona" in a Champions
/// League report are football words the lists of words cannot hold.
fn sport_of(body: &str, clubs: (usize, usize)) -> Option<Sport> {
    let (mut football, mut rugby, mut both) = (0usize, 0usize, 0usize);
    for w in body.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        if w.is_empty() || w.len() > 12 {
            continue;
        }
        let listed = |words: &[&str]| usize::from(words.iter().any(|x| x.eq_ignore_ascii_case(w)));
        football += listed(FOOTBALL_WORDS);
        rugby += listed(RUGBY_WORDS);
        both += listed(TEAM_SPORT_WORDS);
    }
    rugby += TRY
        .find_iter(body)
        .filter(|m| !m.as_str().ends_with(" to"))
        .count();
    // Clubs count only beside a word of team sport: a property report's "Chelsea,
    // Fulham and Southampton" are places.
    if both > 0 {
        football += clubs.0;
        rugby += clubs.1;
    }
    if football >= 1 && football >= 2 * rugby && football + both >= SPORT_WORDS {
        Some(Sport::Football)
    } else if rugby >= 1 && rugby >= 2 * football && rugby + both >= SPORT_WORDS {
        // The clubs listed are rugby union's; rugby league has its own (Leeds Rhinos).
        let league = ["rugby league", "Rugby League", "Super League"]
            .iter()
            .any(|l| body.contains(l));
        (!league).then_some(Sport::Rugby)
    } else {
        None
    }
}

/// In a football or rugby report, a town that names a club is the club: "Newcastle" is
/// Newcastle United (ORG) in a football report, Newcastle Falcons in a rugby one, unless
/// the text puts it as a place ("in Newcastle"); so is "the Premiership" the sport's own
/// (Premier League, Zurich Premiership). A short name the article also gives as
/// the end of a longer name ("Dundee United" ... "United") is left to that name.
fn clubs(body: &str, g: &Gazetteer, found: &mut [Found]) {
    // The article's words are read only when it names a club of either sport.
    let named = |f: &Found| {
        [Sport::Football, Sport::Rugby]
            .iter()
            .any(|&s| g.club(s, &f.name).is_some())
    };
    if !found.iter().any(named) {
        return;
    }
    let Some(sport) = sport_of(body, clubs_of_one_sport(g, found)) else {
        return;
    };
    let longer: Vec<String> = found
        .iter()
        .filter(|f| f.name.contains(' '))
        .map(|f| f.name.to_lowercase())
        .collect();
    for f in found.iter_mut() {
        let Some((club, kind)) = g.club(sport, &f.name) else {
            continue;
        };
        if f.kind == EntityType::Misc && kind != EntityType::Misc {
            continue; // a work or an event by that name is no club
        }
        let short = f.name.to_lowercase();
        let tail_of_other = longer.iter().any(|l| {
            l.ends_with(&short)
                && l.len() > short.len()
                && l.as_bytes()[l.len() - short.len() - 1] == b' '
                && *l != club.to_lowercase()
        });
        let before = body[..f.start].trim_end();
        let word = before
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        let place = matches!(word, "in" | "near" | "outside" | "across" | "throughout");
        if tail_of_other || place {
            continue;
        }
        f.name = club.to_string();
        f.kind = kind;
        f.fixed = true;
        f.weight = EVIDENCE;
    }
}

/// How many distinct names of the article, read as organisations, are a club of football
/// only and of rugby only (a town with clubs in both sports, "Newcastle", tells neither;
/// "from Derby" is a place, no club).
fn clubs_of_one_sport(g: &Gazetteer, found: &[Found]) -> (usize, usize) {
    let mut names: Vec<String> = found
        .iter()
        .filter(|f| f.kind == EntityType::Org)
        .map(|f| f.name.to_lowercase())
        .collect();
    names.sort();
    names.dedup();
    let (mut football, mut rugby) = (0, 0);
    for name in &names {
        match (g.club(Sport::Football, name), g.club(Sport::Rugby, name)) {
            (Some((_, EntityType::Org)), None) => football += 1,
            (None, Some((_, EntityType::Org))) => rugby += 1,
            _ => {}
        }
    }
    (football, rugby)
}

/// The names of a list ("Far Cry and Half-Life 2", "Sony, Microsoft and Nintendo") are of
/// one type: when one of them has evidence for its type (a cue, a list, a suffix) and
/// none has evidence for another, the tagger's guesses for the others give way to it
/// (people aside: they are listed beside their countries and clubs).
fn homogeneous_lists(body: &str, found: &mut [Found]) {
    let joined = |a: &Found, b: &Found| {
        a.end <= b.start
            && matches!(
                &body[a.end..b.start],
                ", " | " and " | ", and " | " or " | ", or "
            )
    };
    let mut i = 0;
    while i < found.len() {
        let mut j = i + 1;
        while j < found.len() && joined(&found[j - 1], &found[j]) {
            j += 1;
        }
        let list = &mut found[i..j];
        let sure: Vec<EntityType> = list
            .iter()
            .filter(|f| f.fixed || f.weight == EVIDENCE)
            .map(|f| f.kind)
            .collect();
        let one = !sure.is_empty() && sure.iter().all(|k| *k == sure[0]);
        if list.len() > 1 && one && sure[0] != EntityType::Per {
            // People are listed beside their countries and clubs ("Xi Jinping and
            // Russia"): a person's name keeps its type.
            let plain = |f: &&mut Found| !f.fixed && f.weight == PLAIN && f.kind != EntityType::Per;
            for f in list.iter_mut().filter(plain) {
                f.kind = sure[0];
            }
        }
        i = j;
    }
}

/// A name with a possessive ("REM's") or, not a person's, in the plural ("Land Rovers",
/// "Minis") is the name the article also gives bare, and takes its type; a name the
/// lists know as a place, organisation or person as written stays ("the Philippines" is
/// no plural of "Philippine").
fn possessives_and_plurals(g: &Gazetteer, found: &mut [Found]) {
    let bare: HashMap<String, (String, EntityType)> = found
        .iter()
        .map(|f| (f.name.to_lowercase(), (f.name.clone(), f.kind)))
        .collect();
    for f in found.iter_mut() {
        let lower = f.name.to_lowercase();
        let stem = if let Some(stem) = lower
            .strip_suffix("'s")
            .or_else(|| lower.strip_suffix("’s"))
        {
            stem
        } else if f.kind != EntityType::Per
            && !lower.ends_with("ss")
            && lower.rsplit(' ').next().is_some_and(|w| w.len() >= 4)
            && !listed_as_other_than_misc(g, &f.name)
        {
            let Some(stem) = lower.strip_suffix('s') else {
                continue;
            };
            stem
        } else {
            continue;
        };
        let Some((name, kind)) = bare.get(stem) else {
            continue;
        };
        if lower.ends_with('s') && !lower.ends_with("'s") && *kind == EntityType::Per {
            continue;
        }
        f.name = name.clone();
        if !f.fixed {
            f.kind = *kind;
        }
    }
}

/// Whether the lists know a name as written as a person, organisation or place ("the
/// Philippines", "the Netherlands"): then it is no plural of a people.
fn listed_as_other_than_misc(g: &Gazetteer, name: &str) -> bool {
    g.lookup(name)
        .is_some_and(|(kind, _)| kind != EntityType::Misc)
}

/// A people or a group named in the plural is its singular, as the guidelines name it
/// ("Armenians", "Muslims", "Slovaks" → Armenian, Muslim, Slovak; "Californians",
/// "Anglicans" → Californian, Anglican): a one-word plural whose singular the lists know
/// as MISC, or a one-word MISC plural of a demonym's shape (-an, -ite, -im). Other MISC
/// words ending in "s" are often titles or singular names ("Thunderbirds", "Tetris",
/// "Solaris") and stay.
fn plural_peoples(g: &Gazetteer, found: &mut [Found]) {
    for f in found.iter_mut() {
        let name = f.name.as_str();
        let plural = name.len() >= 4
            && !name.contains([' ', '\'', '’'])
            && name.starts_with(char::is_uppercase)
            && name.chars().any(char::is_lowercase)
            && name.ends_with('s')
            && !name.ends_with("ss");
        if !plural || f.kind == EntityType::Per || listed_as_other_than_misc(g, name) {
            continue;
        }
        let singular = &name[..name.len() - 1];
        let listed = g
            .lookup(singular)
            .filter(|(kind, _)| *kind == EntityType::Misc)
            .map(|(_, canonical)| canonical.to_string());
        let shaped =
            f.kind == EntityType::Misc && ["an", "ite", "im"].iter().any(|s| singular.ends_with(s));
        if let Some(canonical) = listed.or_else(|| shaped.then(|| singular.to_string())) {
            f.name = canonical;
            f.kind = EntityType::Misc;
        }
    }
}

/// Decides what a tagged mention is: a typed name, or nothing (a date, a number, a
/// capitalised common word opening a sentence).
fn classify(body: &str, m: Mention, g: &Gazetteer, work: bool, shouting: bool) -> Option<Found> {
    let mut m = m;
    // A name inside a hyphenated compound is the name alone ("UK-based" → "UK",
    // "Oscar-winning" → "Oscar", "Matrix-style" → "Matrix").
    if let Some(cut) = compound_head(&body[m.start..m.end]) {
        m.end = m.start + cut;
    }
    let text = body[m.start..m.end].trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    // A person's name a quotation completes in brackets ("(Zinedine) Zidane", "Olly
    // (Barkley)") is the name without them, and so is any name whose brackets open or
    // close outside it ("the (World) Bank"); a company's own brackets stay ("Teck Hock
    // and Co (Pte) Ltd").
    let brackets: &[char] = if TYPES[m.ty] == EntityType::Per || brackets_left_open(text) {
        &BRACKETS
    } else {
        &[]
    };
    let name = words_trimmed(text, brackets);
    if DOMAIN.is_match(&name) {
        return Some(domain(&name, m.start, m.end));
    }
    if !name.chars().any(char::is_alphabetic)
        || name.chars().any(|c| c == '$')
        || crate::analyze::date::is_calendar_word(&name)
        || !name.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    {
        return None;
    }
    if g.is_noise(&name) || ends_with_joiner(&name) {
        return None;
    }
    // A listed name, also with a legal suffix ("International Business Machines Corp"),
    // or a company's name ending in "s" or "'s" written as a possessive ("in Starbuck's",
    // "Sainsbury's profits").
    let listed = g
        .lookup(&name)
        .or_else(|| {
            let stem = without_legal_suffix(&name);
            (stem.len() < name.len() && !stem.is_empty())
                .then(|| g.lookup(stem))
                .flatten()
                .filter(|(kind, _)| *kind != EntityType::Loc)
        })
        .or_else(|| {
            (body[m.end..].starts_with("'s") || body[m.end..].starts_with("’s"))
                .then(|| {
                    g.lookup(&format!("{name}s"))
                        .or_else(|| g.lookup(&format!("{name}'s")))
                })
                .flatten()
                .filter(|(kind, _)| *kind == EntityType::Org)
        })
        .or_else(|| {
            // An abbreviation whose stop ends the sentence too ("Lafayette, La."): the
            // stop is the abbreviation's.
            (body[m.end..].starts_with('.') && !name.ends_with('.'))
                .then(|| g.lookup(&format!("{name}.")))
                .flatten()
                .filter(|(kind, _)| *kind == EntityType::Loc)
        });
    if let Some((kind, canonical)) = listed {
        return Some(Found {
            name: canonical.to_string(),
            kind,
            fixed: true,
            weight: EVIDENCE,
            start: m.start,
            end: m.end,
        });
    }
    if m.sentence_initial && !name.contains(' ') && g.is_common(&name) {
        return None;
    }
    if TYPES[m.ty] == EntityType::Misc && capital_then_lower_compound(&name) {
        return None;
    }
    // "in Kent", "near Dover": a single word the tagger took for a person, after a
    // preposition of place, is a place (and never joins a person's name).
    let possessive = body[m.end..].starts_with(['\'', '’']);
    let kind = if TYPES[m.ty] == EntityType::Per
        && !name.contains(' ')
        && !possessive
        && after_place_preposition(body, m.start)
    {
        EntityType::Loc
    } else {
        TYPES[m.ty]
    };
    let (mut name, mut kind, mut weight) = (ordinary_capitals(&name, shouting), kind, PLAIN);
    // Company evidence: a legal form before or after the name, the company list (against
    // a person or a place), or company words around the mention. A company is ORG, never
    // PER or LOC.
    // The form stays where dropping it would leave a word the news writes in lower case
    // ("AB Investor"), as a suffix does.
    let rest = without_legal_prefix(&name);
    let prefixed = rest.len() < name.len()
        && (rest.contains(' ') || g.is_company(rest) || !Model::shipped().usually_lower_case(rest));
    if prefixed {
        name = rest.to_string();
    }
    let stem = without_legal_suffix(&name);
    let suffixed = name
        .rsplit_once(' ')
        .is_some_and(|(_, last)| is_legal_suffix(last));
    if suffixed && stem.len() == name.len() {
        // A suffix that stays in the name ("Commodity Credit Corporation").
        (kind, weight) = (EntityType::Org, EVIDENCE);
    } else if stem.len() < name.len() && !stem.is_empty() {
        // The canonical name drops the suffix, unless that would leave a bare common
        // word ("Discount Corp"): a word the news writes in lower case inside sentences,
        // or a place or a people, listed or typed so by the annotators ("USA Inc", what
        // the tagger kept of "Honda of America Mfg USA Inc", is no United States; "New
        // England Inc", "Indian LP").
        let place = g.lookup(stem).is_some_and(|(k, _)| k == EntityType::Loc)
            || g.known_type(stem) == Some(EntityType::Loc)
            || g.is_country_or_people(stem);
        if place {
            name = name.trim_end_matches('.').to_string();
        } else if stem.contains(' ')
            || g.is_company(stem)
            || !Model::shipped().usually_lower_case(stem)
        {
            name = stem.to_string();
        } else {
            // "Discount Corp." and "Discount Corp" are one name.
            name = name.trim_end_matches('.').to_string();
        }
        (kind, weight) = (EntityType::Org, EVIDENCE);
    } else if prefixed {
        (kind, weight) = (EntityType::Org, EVIDENCE);
    } else if let Some(title) = g.work(&name) {
        // A title or product the corpora name with a work cue elsewhere ("Aviator" →
        // "The Aviator").
        (name, kind, weight) = (title.to_string(), EntityType::Misc, EVIDENCE);
    } else if work || is_event_or_product(&name, g) {
        // Titles of works, events, laws and products with model numbers are MISC.
        (kind, weight) = (EntityType::Misc, EVIDENCE);
    } else if let Some(loc) = venue(&name, kind, g) {
        // "Hampden Park", "Gielgud Theatre", "Lansdowne Road": a venue is a place.
        (kind, weight) = (loc, EVIDENCE);
    } else if CONSTITUENCY_BEFORE.is_match(tail_of(&body[..m.start], 20)) {
        // "the Labour MP for Copeland", "the constituency of Sleaford": a seat is a place.
        (kind, weight) = (EntityType::Loc, EVIDENCE);
    } else if HONORIFIC_BEFORE.is_match(tail_of(&body[..m.start], 12)) {
        // "Mr Cable", "Ms Sanders": an honorific names a person, also one whose name
        // is on the company list.
        (kind, weight) = (EntityType::Per, EVIDENCE);
    } else if (company_context(body, m.start, m.end) && !named_person(&name, kind, g))
        || (matches!(kind, EntityType::Per | EntityType::Loc) && g.is_company(&name))
    {
        (kind, weight) = (EntityType::Org, EVIDENCE);
    }
    Some(Found {
        name,
        kind,
        fixed: false,
        weight,
        start: m.start,
        end: m.end,
    })
}

/// Where the name ends in a span whose last word is a name joined by a hyphen to a
/// modifier built on it ("UK-based", "Soviet-controlled"), or `None`: the tokenizer's
/// rule, so a name with a hyphen inside it stays whole ("Ji-sung", "Coca-cola").
fn compound_head(span: &str) -> Option<usize> {
    let span = span.trim_end();
    let last_start = span.rfind(' ').map_or(0, |i| i + 1);
    let hyphen = last_start + span[last_start..].rfind('-')?;
    modifier_after_name(&span[last_start..hyphen], &span[hyphen + 1..]).then_some(hyphen)
}

/// An event by its last word ("Brit Awards", "Australian Open"), or a product with a model
/// number ("PlayStation 2", "Rover 75", "Half-Life 2"), not a station ("BBC Radio 4").
fn is_event_or_product(name: &str, g: &Gazetteer) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    let [.., before, last] = words.as_slice() else {
        return false;
    };
    if car_model(&words, g) {
        return true;
    }
    let last_lower = last.to_lowercase();
    if last_lower == "league" {
        // A competition ("Champions League"), not a league of peoples ("Arab League").
        let first = words[0];
        return !matches!(
            g.lookup(first),
            Some((EntityType::Loc | EntityType::Misc, _))
        );
    }
    if EVENT_WORDS.contains(&last_lower.as_str()) {
        return true;
    }
    let number = last.chars().all(|c| c.is_ascii_digit()) && last.len() <= 4
        || matches!(*last, "II" | "III" | "IV");
    number
        && before.starts_with(|c: char| c.is_uppercase())
        && !STATION_WORDS.contains(&before.to_lowercase().as_str())
        && !words.iter().any(|w| w.eq_ignore_ascii_case("of"))
}

/// Car makes, whose name followed by a model is a product ("Chevrolet Avalanche", "Toyota
/// Prius", "Citroen C4").
const CAR_MAKES: &[&str] = &[
    "alfa romeo",
    "audi",
    "bmw",
    "buick",
    "cadillac",
    "chevrolet",
    "chrysler",
    "citroen",
    "dodge",
    "ferrari",
    "fiat",
    "ford",
    "honda",
    "hyundai",
    "jaguar",
    "jeep",
    "kia",
    "lexus",
    "mazda",
    "mercedes",
    "mercedes-benz",
    "mini",
    "mitsubishi",
    "nissan",
    "peugeot",
    "pontiac",
    "porsche",
    "renault",
    "saab",
    "skoda",
    "subaru",
    "suzuki",
    "toyota",
    "vauxhall",
    "volkswagen",
    "volvo",
    "vw",
];
/// Words after a car make that name the company, a unit, a team or a place, not a model.
const NOT_A_MODEL: &[&str] = &[
    "motor",
    "motors",
    "company",
    "cars",
    "car",
    "group",
    "division",
    "financial",
    "credit",
    "dealers",
    "dealer",
    "foundation",
    "racing",
    "f1",
    "team",
    "plant",
    "factory",
    "building",
    "center",
    "centre",
    "field",
    "museum",
    "trust",
    "land",
    "rover",
    "benz",
    "chief",
    "boss",
    "auto",
    "powertrain",
    "engineering",
    "parts",
];

/// A car make followed by one or two words of a model name (capitalised, or a code with
/// a digit), none of which names the company, a unit, a team or a place.
fn car_model(words: &[&str], g: &Gazetteer) -> bool {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let make = (1..=2)
        .filter(|&n| n < words.len())
        .find(|&n| CAR_MAKES.contains(&lower[..n].join(" ").as_str()));
    let Some(n) = make else {
        return false;
    };
    let model = &words[n..];
    model.len() <= 2
        && model.iter().zip(&lower[n..]).all(|(w, l)| {
            w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                && !NOT_A_MODEL.contains(&l.as_str())
                && !is_company_form(w)
                && !matches!(g.lookup(w), Some((EntityType::Loc | EntityType::Misc, _)))
        })
}

/// Last words that make a name a venue or a landmark whatever the tagger said ("Gielgud
/// Theatre", "Millennium Stadium"), and those that do unless the name is a person's
/// ("Hampden Park", "Lansdowne Road", "Glasgow Green"; not "Ji-sung Park", "Nick Park").
const VENUE_WORDS: &[&str] = &[
    "theatre",
    "theater",
    "stadium",
    "arena",
    "airport",
    "cathedral",
    "abbey",
];
const PLACE_WORDS: &[&str] = &[
    "park",
    "castle",
    "square",
    "street",
    "road",
    "gardens",
    "green",
    "bridge",
    "lane",
    "avenue",
    "boulevard",
    "canal",
    "seaway",
    "harbour",
    "river",
    "ocean",
    "coast",
    "beach",
    "islands",
    "dam",
    "bay",
    "valley",
    "mine",
    "museum",
];

/// LOC when a name of two words or more ends in a venue or place word, and has no "of"
/// or "for" (an institution: "Theatre of Europe", "Centre for Policy Studies"). A name
/// the tagger took for a person's ends in a place word as a person's name does when it
/// starts with a given name or a hyphenated one ("Nick Park", "Ji-sung Park"); else it is
/// the place ("Hampden Park").
fn venue(name: &str, kind: EntityType, g: &Gazetteer) -> Option<EntityType> {
    let words: Vec<&str> = name.split(' ').collect();
    let [first, .., last] = words.as_slice() else {
        return None;
    };
    if words.iter().any(|w| matches!(*w, "of" | "for")) {
        return None;
    }
    let last = last.to_lowercase();
    let person = kind == EntityType::Per && (g.is_given_name(first) || first.contains('-'));
    let venue =
        VENUE_WORDS.contains(&last.as_str()) || (!person && PLACE_WORDS.contains(&last.as_str()));
    venue.then_some(EntityType::Loc)
}

/// A name written in capitals gets ordinary capitals ("U.S. TREASURY" → "U.S. Treasury",
/// "TOO FAST TOO FURIOUS" → "Too Fast Too Furious"): words of four letters or more, and
/// minor words, are re-cased, shorter words (acronyms) stay. A name of one word is
/// re-cased only in a text written in capitals ("REAGAN"), else it is an acronym.
fn ordinary_capitals(name: &str, shouting: bool) -> String {
    let caps = |w: &str| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    let words: Vec<&str> = name.split(' ').collect();
    let long = |w: &&str| w.chars().filter(|c| c.is_alphabetic()).count() >= 5;
    if !words.iter().all(|w| caps(w)) || !words.iter().any(long) || (words.len() == 1 && !shouting)
    {
        return name.to_string();
    }
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && MINOR_WORDS.contains(&lower.as_str()) {
                lower
            } else if w.chars().filter(|c| c.is_alphabetic()).count() >= 4
                || Model::shipped().usually_lower_case(w)
            {
                // A short word the news writes in lower case is a word, no acronym
                // ("STANDARD OIL" → "Standard Oil"; "BBC" stays).
                let mut c = lower.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the words around a mention say it is a company ("shares in X", "X's chief
/// executive", "X, the mobile operator").
fn company_context(body: &str, start: usize, end: usize) -> bool {
    let before = tail_of(&body[..start], 40);
    (COMPANY_BEFORE.is_match(before) && !PERSON_MAKER.is_match(before))
        || COMPANY_AFTER.is_match(head_of(&body[end..], 60))
}

/// A name the tagger took for a person that starts with a given name and is not on the
/// company list ("a bid for Robbie Savage"): company words around it do not make it a
/// company.
fn named_person(name: &str, kind: EntityType, g: &Gazetteer) -> bool {
    let first = name.split(' ').next().unwrap_or(name);
    kind == EntityType::Per && name.contains(' ') && g.is_given_name(first) && !g.is_company(name)
}

/// Whether the word before `start` is a preposition of place ("in", "at", "near", ...).
fn after_place_preposition(body: &str, start: usize) -> bool {
    let before = body[..start].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    before.len() < start
        && matches!(
            word,
            "in" | "at" | "near" | "across" | "outside" | "throughout"
        )
}

/// A one-word compound whose parts after the first hyphen are lower case ("Medium-term",
/// "Saturday-night", "Iran-contra", "B-side"): the tagger's MISC guess for such a word is
/// seldom a name (the annotated training articles have 8 such names in 3,487 articles).
fn capital_then_lower_compound(name: &str) -> bool {
    let Some((head, tail)) = name.split_once('-') else {
        return false;
    };
    !name.contains(' ')
        && head.starts_with(char::is_uppercase)
        && tail
            .split('-')
            .all(|p| p.starts_with(char::is_lowercase) && p.chars().all(char::is_alphabetic))
}

/// A span that ends in a conjunction or an opening bracket ("Smith and", "Bank ("): the
/// tagger ran past the name.
fn ends_with_joiner(name: &str) -> bool {
    let last = name.rsplit(' ').next().unwrap_or(name);
    name.contains(' ') && matches!(last.to_lowercase().as_str(), "and" | "or" | "&" | "nor")
        || name.ends_with(['(', '[', '{'])
}

/// The acronym of a multi-word name ("European Council on Foreign Relations" → "ECFR").
fn acronym_of(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !MINOR_WORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    (words.len() >= 2).then(|| words.iter().filter_map(|w| w.chars().next()).collect())
}

/// The acronyms a name may be written as: its initials (`acronym_of`), with a dotted
/// abbreviation or a legal suffix giving all its letters ("Fuerzas Electricas de
/// Catalunya S.A." → "FECSA"), and the initials of the name without its legal suffix.
fn acronyms_of(name: &str) -> Vec<String> {
    let mut out: Vec<String> = acronym_of(name).into_iter().collect();
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !MINOR_WORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    if words.len() >= 2 {
        let last = words.len() - 1;
        let full: String = words
            .iter()
            .enumerate()
            .flat_map(|(i, w)| {
                let letters = w.chars().filter(|c| c.is_alphabetic());
                let whole = (w.contains('.')
                    && w.chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase))
                    || (i == last && is_legal_suffix(w));
                let n = if whole { usize::MAX } else { 1 };
                letters
                    .take(n)
                    .flat_map(char::to_uppercase)
                    .collect::<Vec<_>>()
            })
            .collect();
        out.push(full);
    }
    let stem = without_legal_suffix(name);
    if stem.len() < name.len() {
        out.extend(acronym_of(stem));
    }
    out.sort();
    out.dedup();
    out
}

fn is_acronym(name: &str) -> bool {
    let letters: String = name.chars().filter(|c| *c != '.').collect();
    (2..=8).contains(&letters.chars().count()) && letters.chars().all(|c| c.is_uppercase())
}

/// Joins mentions into entities: a name that ends a longer person name joins it, an
/// acronym joins its spelled-out form, and each entity takes the type most of its
/// mentions gave it (a certain type wins).
fn resolve(body: &str, found: Vec<Found>, g: &Gazetteer) -> (Vec<Entity>, Vec<EntityMention>) {
    // For each mention, the person names of several words before it (by last word and
    // by first word, the nearest one winning), and the first of each after it.
    let mut by_last: HashMap<&str, &str> = HashMap::new();
    let mut by_first: HashMap<&str, &str> = HashMap::new();
    let mut first_by_last: HashMap<&str, &str> = HashMap::new();
    let mut first_by_first: HashMap<&str, &str> = HashMap::new();
    for f in found
        .iter()
        .filter(|f| f.kind == EntityType::Per && f.name.contains(' '))
    {
        let first = f.name.split(' ').next().expect("a word");
        let last = surname(&f.name);
        first_by_last.entry(last).or_insert(&f.name);
        first_by_first.entry(first).or_insert(&f.name);
    }
    let mut nearest: Vec<Option<String>> = Vec::with_capacity(found.len());
    for f in &found {
        let joins = !f.name.contains(' ')
            && !f.fixed
            && matches!(f.kind, EntityType::Per | EntityType::Misc);
        let full = joins
            .then(|| {
                let name = f.name.as_str();
                // A work with a person's given name ("the film Ray" beside Ray Charles)
                // joins no one by that name; a surname the tagger took for a work does.
                let by_given = f.kind == EntityType::Per;
                by_last
                    .get(name)
                    .or_else(|| by_first.get(name).filter(|_| by_given))
                    .or_else(|| first_by_last.get(name))
                    .or_else(|| first_by_first.get(name).filter(|_| by_given))
                    .map(|s| s.to_string())
            })
            .flatten();
        nearest.push(full);
        if f.kind == EntityType::Per && f.name.contains(' ') {
            let first = f.name.split(' ').next().expect("a word");
            let last = surname(&f.name);
            by_last.insert(last, &f.name);
            by_first.insert(first, &f.name);
        }
    }
    // An organisation named by the tail of a longer one in the article ("Commission"
    // after "European Commission", "United" after "Manchester United") is that one: the
    // nearest before it, else the first after it. So is a person named by the last
    // words of a longer name ("Rhys Jones" after "Chris Rhys Jones").
    let long_names: Vec<(usize, EntityType, &str)> = found
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            matches!(f.kind, EntityType::Org | EntityType::Per) && f.name.contains(' ')
        })
        .map(|(i, f)| (i, f.kind, f.name.as_str()))
        .collect();
    let tails: Vec<Option<(String, EntityType)>> = found
        .iter()
        .enumerate()
        .map(|(i, f)| {
            // A surname that begins with a particle ("De la Dehesa" opening a sentence,
            // "Du Plessis") after a person named in full with it is that person, whatever
            // type the tagger gave the capitalised particle.
            let particle = f
                .name
                .split_once(' ')
                .is_some_and(|(first, _)| NAME_PARTICLES.contains(&first.to_lowercase().as_str()));
            if particle && !f.fixed {
                if let Some(full) = longer_name_ending(&long_names, i, &f.name, EntityType::Per) {
                    return Some((full.to_string(), EntityType::Per));
                }
            }
            let kind = f.kind;
            let person_tail = kind == EntityType::Per && f.name.contains(' ') && !f.fixed;
            if !(kind == EntityType::Org || person_tail) || is_acronym(&f.name) {
                return None;
            }
            // An organisation the lists know by this name is that one: "Labour Party"
            // beside "Parliamentary Labour Party", "National Party" beside "Scottish
            // National Party".
            if kind == EntityType::Org
                && f.name.contains(' ')
                && g.lookup(&f.name).is_some_and(|(k, _)| k == EntityType::Org)
            {
                return None;
            }
            longer_name_ending(&long_names, i, &f.name, kind).map(|n| (n.to_string(), kind))
        })
        .collect();
    let heads = company_heads(body, &found, &long_names, g);
    let by_initial = people_by_initial(&found);
    // Each acronym's first expansion in the article: a name written out, not one the
    // lists gave an acronym ("ICC" is no expansion of itself). A name's legal suffix
    // counts only for the acronym written in brackets after it ("Fuerzas Electricas de
    // Catalunya S.A. (FECSA)"): "NBC" is no short form of the National Broadcasting Co.
    let mut expansions: HashMap<String, &Found> = HashMap::new();
    for f in found.iter().filter(|f| !is_acronym(written(body, f))) {
        let in_brackets = body[f.end..]
            .trim_start()
            .strip_prefix('(')
            .and_then(|r| r.split_once(')'))
            .map(|(inside, _)| inside);
        let bracketed = in_brackets
            .map(|inside| {
                acronyms_of(written(body, f))
                    .into_iter()
                    .filter(move |a| a == inside)
            })
            .into_iter()
            .flatten();
        for a in acronyms_of(&f.name).into_iter().chain(bracketed) {
            expansions.entry(a).or_insert(f);
        }
    }
    // Acronyms the alias list names the organisation by ("IBM", "NATO"): the article's
    // expansion joins the acronym, not the other way round.
    let listed_acronyms: HashMap<&str, EntityType> = found
        .iter()
        .filter(|f| f.fixed && is_acronym(&f.name) && g.is_alias_target(&f.name))
        .map(|f| (f.name.as_str(), f.kind))
        .collect();
    let canonical = |i: usize, f: &Found| -> (String, Option<EntityType>) {
        // A bare surname (or given name) joins the nearest person named in full before
        // it (else the first after it); only a name tagged as a person or left untyped
        // joins, so a merge never turns a place or a company into a person.
        if let Some(full) = &nearest[i] {
            return (full.clone(), Some(EntityType::Per));
        }
        // An initial and a surname ("R Williams" in a line-up) is the one person the
        // article names in full with that surname and a given name of that initial.
        if let Some(full) = initial_and_surname(&f.name)
            .filter(|_| f.kind == EntityType::Per)
            .and_then(|key| by_initial.get(&key))
            .filter(|names| names.len() == 1)
        {
            return (full[0].to_string(), Some(EntityType::Per));
        }
        if let Some((full, kind)) = &tails[i] {
            return (full.clone(), Some(*kind));
        }
        if let Some(short) = heads.short.get(f.name.as_str()) {
            return (short.to_string(), Some(EntityType::Org));
        }
        if let Some(full) = heads.full.get(&i) {
            return (full.to_string(), Some(EntityType::Org));
        }
        // An acronym the article spells out is that name, also one the lists expand
        // otherwise ("The Interstate Commerce Commission (ICC)" is no International
        // Criminal Court): an organisation's or a work's of three letters or more.
        // A listed expansion the article spells another way ("General Agreements on
        // Tariffs and Trade") stays the listed one: only an expansion sharing no word
        // with it is another body.
        let listed_expansion = !is_acronym(&f.name);
        let acronym = if listed_expansion {
            let w = written(body, f);
            (f.fixed && is_acronym(w) && w.len() >= 3 && f.kind != EntityType::Loc).then_some(w)
        } else {
            Some(f.name.as_str())
        };
        if let Some(a) = acronym.filter(|_| !listed_acronyms.contains_key(f.name.as_str())) {
            let bare: String = a.chars().filter(|c| *c != '.').collect();
            if let Some(e) = expansions
                .get(&bare)
                .filter(|e| !listed_expansion || !share_a_word(&e.name, &f.name))
            {
                return (e.name.clone(), Some(e.kind));
            }
        }
        if let Some((a, kind)) = acronym_of(&f.name)
            .and_then(|a| listed_acronyms.get(a.as_str()).map(|k| (a.clone(), *k)))
            .filter(|(_, kind)| *kind == f.kind)
        {
            return (a, Some(kind));
        }
        (f.name.clone(), None)
    };
    // The name an article's name resolves to, then the name the guidelines give it
    // (`guideline_name`: "Congress" → "United States Congress"; "Lions" joined to
    // "British and Irish Lions" → "British & Irish Lions").
    // A company written with its legal suffix keeps its own name: the name an
    // annotator gave a short form ("Continental" → Continental Airlines) is not that of
    // another company of the same first word ("Continental AG"). A name that kept its
    // suffix ("News Corp Ltd", a common word before it) still takes the guidelines'.
    let canonical = |i: usize, f: &Found| -> (String, Option<EntityType>) {
        let (name, forced) = canonical(i, f);
        let kind = forced.unwrap_or(f.kind);
        let own = name == f.name
            && kind == EntityType::Org
            && with_legal_suffix(body, f)
            && without_legal_suffix(&name) == name;
        let guided = if own {
            // The annotators' name for the company as written, suffix and all
            // ("Goldman, Sachs and Co" → "Goldman Sachs"), is still theirs.
            us_institution(&name).or_else(|| {
                g.known_name(kind, written(body, f).trim_end_matches('.'))
                    .map(str::to_string)
            })
        } else {
            guideline_name(g, kind, &name)
        };
        (guided.unwrap_or(name), forced)
    };
    let mut order: Vec<String> = Vec::new();
    // spelling key → (names written and their mentions, votes per type (evidence,
    // plain), certain type, mentions, the mentions' text as written)
    type Acc = (
        Vec<(String, usize)>,
        [(usize, usize); 4],
        Option<EntityType>,
        usize,
        Vec<String>,
    );
    let mut acc: HashMap<String, Acc> = HashMap::new();
    let mut keys: Vec<String> = Vec::with_capacity(found.len());
    let mut kinds: Vec<EntityType> = Vec::with_capacity(found.len());
    for (i, f) in found.iter().enumerate() {
        let (name, forced) = canonical(i, f);
        kinds.push(forced.unwrap_or(f.kind));
        let key = spelling_key(&name);
        keys.push(key.clone());
        let e = acc.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            (Vec::new(), [(0, 0); 4], None, 0, Vec::new())
        });
        let written = body
            .get(f.start..f.end)
            .map_or_else(|| f.name.clone(), written_form);
        if !e.4.contains(&written) && e.4.len() <= MAX_ALIASES {
            e.4.push(written);
        }
        match e.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, n)) => *n += 1,
            None => e.0.push((name, 1)),
        }
        let kind = forced.unwrap_or(f.kind);
        let vote = &mut e.1[type_position(kind)];
        if f.weight == EVIDENCE {
            vote.0 += 1;
        } else {
            vote.1 += 1;
        }
        if f.fixed && e.2.is_none() {
            e.2 = Some(f.kind);
        }
        e.3 += 1;
    }
    let index: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mentions = found
        .iter()
        .zip(&keys)
        .enumerate()
        .map(|(i, (f, k))| EntityMention {
            start: f.start,
            end: f.end,
            entity: index[k.as_str()],
            kind: kinds[i],
            certain: f.fixed || f.weight == EVIDENCE,
        })
        .collect();
    let entities = order
        .iter()
        .map(|key| {
            let (names, votes, fixed, mentions, written) = acc.remove(key).expect("accumulated");
            let voted = (0..4).rev().max_by_key(|&i| votes[i]).expect("four types");
            // The spelling written most often; on a tie the one with fewer spaces (a
            // brand's own: "JPMorgan", "Half-Life 2"), then the first.
            let name = names
                .iter()
                .rev()
                .max_by_key(|(name, n)| (*n, std::cmp::Reverse(name.matches(' ').count())))
                .map(|(name, _)| name.clone())
                .expect("a name");
            // The type the training articles' annotators agreed the entity is beats the
            // lists' and the tagger's: it is the type by the guidelines the gold sets keep.
            let known = g.known_type(&name);
            // The names its mentions were written as, and the other spellings they
            // resolved to, that differ from the name.
            let mut entity = Entity::new(known.or(fixed).unwrap_or(TYPES[voted]), name, mentions);
            for other in written.into_iter().chain(names.into_iter().map(|(n, _)| n)) {
                entity.add_alias(other);
            }
            entity
        })
        .collect();
    (entities, mentions)
}

/// Brackets a quotation puts around a word of a name.
const BRACKETS: [char; 4] = ['(', ')', '[', ']'];

/// The words of a text, each without the characters `trim` at either end, single-spaced.
fn words_trimmed(text: &str, trim: &[char]) -> String {
    text.split_whitespace()
        .map(|w| w.trim_matches(trim))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a text opens or closes a bracket it does not close or open ("World) Bank").
fn brackets_left_open(text: &str) -> bool {
    let open = |o: char, c: char| text.matches(o).count() != text.matches(c).count();
    open('(', ')') || open('[', ']')
}

/// A mention's text as an alias of its entity: single spaces, without the brackets,
/// commas and possessive "'s" a span can take along ("Hong Kong)", "China's").
fn written_form(span: &str) -> String {
    let joined = span.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = joined.trim_matches(['(', ')', '[', ']', ',', ';', ':']);
    // A bracket left open inside ("Yasuhiro) Nakasone" of "(Yasuhiro) Nakasone") goes.
    let unbracketed;
    let trimmed = if brackets_left_open(trimmed) {
        unbracketed = words_trimmed(trimmed, &BRACKETS);
        unbracketed.as_str()
    } else {
        trimmed
    };
    let bare = ["'s", "’s"]
        .iter()
        .find_map(|s| trimmed.strip_suffix(s))
        .unwrap_or(trimmed);
    bare.to_string()
}

/// Organisations named in full and then by their first words. Where the full name only
/// adds a company form to the short one ("Merck and Co Inc" ... "Merck", "First Interstate
/// Bancorp" ... "First Interstate"), the full name goes by the short one, as the
/// guidelines name a company the article calls by its short name (`short`: full name →
/// short name); otherwise the short name is the full one ("Burlington Industries Inc"
/// ... "Burlington", "Santander Central Hispano" ... "Santander"; `full`: the index of a
/// mention by the first words → the full name). Only a short name that comes after the
/// full one, so a parent company named first stays apart from its unit named later
/// ("Sony", then "Sony Pictures"); not the head of a name that goes on with "of" or "for"
/// (the Federal Reserve is no "Federal Reserve Bank of New York"), with a place (a
/// national unit: "Chrysler Canada" is not Chrysler) or with a number (a model: "Mini
/// Cooper 1.6").
struct CompanyHeads<'a> {
    full: HashMap<usize, &'a str>,
    short: HashMap<&'a str, &'a str>,
}

fn company_heads<'a>(
    body: &str,
    found: &'a [Found],
    long_names: &[(usize, EntityType, &'a str)],
    g: &Gazetteer,
) -> CompanyHeads<'a> {
    let mut heads = CompanyHeads {
        full: HashMap::new(),
        short: HashMap::new(),
    };
    // Where each organisation's name is first met, and the names of several words by
    // their first word (lower case), in order.
    let mut first_met: HashMap<&str, usize> = HashMap::new();
    for (i, f) in found.iter().enumerate() {
        if f.kind == EntityType::Org {
            first_met.entry(f.name.as_str()).or_insert(i);
        }
    }
    let mut by_first: HashMap<String, Vec<(usize, &'a str)>> = HashMap::new();
    for &(at, kind, name) in long_names {
        if kind == EntityType::Org {
            let first = name.split(' ').next().unwrap_or(name).to_lowercase();
            by_first.entry(first).or_default().push((at, name));
        }
    }
    for (i, f) in found.iter().enumerate() {
        // A company written with its own legal suffix is that company ("Merrill Lynch
        // and Co Inc" is no unit named after it).
        // Nor is a people's name a company's short one ("North American" in a headline).
        if f.kind != EntityType::Org
            || is_acronym(&f.name)
            || with_legal_suffix(body, f)
            || g.is_country_or_people(&f.name)
        {
            continue;
        }
        let head = format!("{} ", f.name.to_lowercase());
        let first = head.split(' ').next().unwrap_or("");
        let Some(candidates) = by_first.get(first) else {
            continue;
        };
        let opens = |&&(at, name): &&(usize, &str)| {
            let long = name.to_lowercase();
            let Some(rest) = long.strip_prefix(&head).filter(|r| !r.is_empty()) else {
                return false;
            };
            let of_or_place = |w: &str| {
                w == "of" || w == "for" || matches!(g.lookup(w), Some((EntityType::Loc, _)))
            };
            !rest.split(' ').any(of_or_place)
                && !long.chars().any(|c| c.is_ascii_digit())
                && first_met[f.name.as_str()] > at
        };
        let Some(&(_, long)) = candidates.iter().rev().filter(|n| n.0 < i).find(opens) else {
            continue;
        };
        if long[head.len()..].split(' ').all(is_company_form) {
            heads.short.entry(long).or_insert(f.name.as_str());
        } else {
            heads.full.insert(i, long);
        }
    }
    heads
}

/// The canonical form a user's entity name is looked up under ("US" → "United States").
/// Titles before a name are not part of it ("Mr Blair" → "Blair").
pub fn canonical_name(name: &str) -> String {
    let g = Gazetteer::get();
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words.len() > 1 && g.is_title(words[0].trim_end_matches('.')) {
        words.remove(0);
    }
    listed_or_as_given(words.join(" "))
}

/// The gazetteer's canonical name of `name`, else `name` ("US" → "United States").
fn listed_or_as_given(name: String) -> String {
    Gazetteer::get()
        .lookup(&name)
        .map_or(name, |(_, c)| c.to_string())
}

/// The canonical form of a name of a known type before the guidelines' names: a person's
/// is `canonical_name` ("Mr Blair" → "Blair"); any other keeps its first word, a title
/// or not ("General Motors", "Lord of the Rings", "Prince Edward Island"), and takes the
/// gazetteer's canonical name ("US" → "United States").
pub fn plain_name_as(kind: EntityType, name: &str) -> String {
    if kind == EntityType::Per {
        return canonical_name(name);
    }
    listed_or_as_given(name.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The canonical form of a name of a known type: `plain_name_as`, then
/// `guideline_name`, as articles resolve it ("Congress" as an organisation → "United
/// States Congress").
pub fn canonical_name_as(kind: EntityType, name: &str) -> String {
    let name = plain_name_as(kind, name);
    guideline_name(Gazetteer::get(), kind, &name).unwrap_or(name)
}

/// The name of several words of type `kind` that ends with the words of `name` ("Rhys
/// Jones" → "Chris Rhys Jones"): the nearest before mention `i`, else the first after it.
fn longer_name_ending<'a>(
    long_names: &[(usize, EntityType, &'a str)],
    i: usize,
    name: &str,
    kind: EntityType,
) -> Option<&'a str> {
    let tail = format!(" {}", name.to_lowercase());
    let fits = |n: &&(usize, EntityType, &str)| n.1 == kind && n.2.to_lowercase().ends_with(&tail);
    let before = long_names.iter().rev().filter(|n| n.0 < i).find(fits);
    let after = || long_names.iter().filter(|n| n.0 > i).find(fits);
    before.or_else(after).map(|n| n.2)
}

/// Whether two names share a word other than a minor one ("of", "the"), case aside.
fn share_a_word(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .filter(|w| !w.is_empty() && !MINOR_WORDS.contains(&w.as_str()))
            .collect()
    };
    let theirs = words(b);
    words(a).iter().any(|w| theirs.contains(w))
}

/// The text a mention was written as.
fn written<'a>(body: &'a str, f: &'a Found) -> &'a str {
    body.get(f.start..f.end).unwrap_or(&f.name)
}

/// Whether a mention was written with a legal suffix its name dropped ("Continental AG"
/// → "Continental").
fn with_legal_suffix(body: &str, f: &Found) -> bool {
    let written = written(body, f).trim_end_matches('.');
    let stem = without_legal_suffix(written);
    !stem.is_empty() && stem.len() < written.len()
}

/// The canonical name the guidelines give a name that leaves it short, for articles and
/// queries alike: a US federal body's full name ("U.S. Army" → "United States Army"),
/// else the name the training articles' annotators agreed it stands for ("Congress" as
/// an organisation → "United States Congress").
fn guideline_name(g: &Gazetteer, kind: EntityType, name: &str) -> Option<String> {
    if kind == EntityType::Per {
        return None; // people: `named_peers`, `well_known_people`
    }
    us_institution(name).or_else(|| g.known_name(kind, name).map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    // These tests are of the rules: they read entities before `entity_check` revises
    // them (its own tests are in entity_check.rs).
    fn extract_entities(body: &str) -> Vec<Entity> {
        extract_unchecked_at(body, Setting::default()).0
    }

    fn extract_mentions(body: &str) -> (Vec<Entity>, Vec<EntityMention>) {
        extract_unchecked_at(body, Setting::default())
    }

    fn names(text: &str) -> Vec<(String, String)> {
        extract_entities(text)
            .into_iter()
            .map(|e| (e.kind.to_string(), e.name))
            .collect()
    }

    #[test]
    fn a_title_is_split_off_a_person_only() {
        let body = "Talks under the General Agreement on Tariffs and Trade resumed. \
                    President Ronald Reagan and General von Stein spoke. Prince Edward \
                    Island and Major League Baseball met President Park.";
        let span = |s: &str, ty: usize| {
            let start = body.find(s).unwrap();
            Mention {
                start,
                end: start + s.len(),
                ty,
                sentence_initial: false,
            }
        };
        let ms = vec![
            span("General Agreement on Tariffs and Trade", 1),
            span("President Ronald Reagan", 1),
            span("General von Stein", 0),
            span("Prince Edward Island", 2),
            span("Major League Baseball", 1),
            span("President Park", 2),
        ];
        let got: Vec<(&str, usize)> = split_titles(body, &tokenize(body), Gazetteer::get(), ms)
            .into_iter()
            .map(|m| (&body[m.start..m.end], m.ty))
            .collect();
        assert_eq!(
            got,
            [
                ("General Agreement on Tariffs and Trade", 1),
                ("Ronald Reagan", 0),
                ("von Stein", 0),
                ("Prince Edward Island", 2),
                ("Major League Baseball", 1),
                ("Park", 0)
            ]
        );
    }

    #[test]
    fn a_title_the_training_articles_marked_replaces_the_taggers_pieces_of_it() {
        let g = Gazetteer::get();
        assert_eq!(g.known_type("Georgia On My Mind"), Some(EntityType::Misc));
        assert_eq!(g.known_type("Fahrenheit 9/11"), Some(EntityType::Misc));
        let body = "He sang Georgia on My Mind before Fahrenheit 9/11 began.";
        let at = |s: &str| body.find(s).unwrap();
        let piece = |s: &str, ty: usize| Mention {
            start: at(s),
            end: at(s) + s.len(),
            ty,
            sentence_initial: false,
        };
        let ms = vec![
            piece("Georgia", 2),
            piece("My Mind", 3),
            piece("Fahrenheit 9", 3),
        ];
        let got: Vec<(&str, usize)> = gazetteer_names(body, &tokenize(body), g, ms)
            .iter()
            .map(|m| (&body[m.start..m.end], m.ty))
            .collect();
        assert_eq!(got, [("Georgia on My Mind", 3), ("Fahrenheit 9/11", 3)]);
        // A name reaching past the title keeps its span.
        let body = "Fahrenheit 9/11 Productions sold.";
        let ms = vec![Mention {
            start: 0,
            end: "Fahrenheit 9/11 Productions".len(),
            ty: 1,
            sentence_initial: true,
        }];
        assert_eq!(gazetteer_names(body, &tokenize(body), g, ms.clone()), ms);
    }

    #[test]
    fn names_the_article_leaves_short_take_the_training_articles_full_names() {
        // Both tables are read from the shipped files; the rows used here must be in them.
        let g = Gazetteer::get();
        assert_eq!(
            g.known_name(EntityType::Org, "Congress"),
            Some("United States Congress")
        );
        assert_eq!(g.known_name(EntityType::Loc, "Congress"), None);
        // People are left to the corpus-wide surname rule.
        assert_eq!(g.known_name(EntityType::Per, "Blair"), None);
        assert_eq!(g.known_type("brit awards"), Some(EntityType::Misc));
        let got = names(
            "The trade bill was vetoed on Tuesday. The White House said Congress may try \
             to override the veto.",
        );
        assert!(
            got.contains(&("ORG".into(), "United States Congress".into())),
            "{got:?}"
        );
        // The article's own longer name still wins over the table's.
        let got = names(
            "The Securities and Exchange Commission opened an inquiry on Monday. The \
             Commission said it would report in March.",
        );
        assert!(
            !got.iter().any(|(_, n)| n == "European Commission"),
            "{got:?}"
        );
        // The query side resolves a name the same way, for the type asked.
        assert_eq!(
            canonical_name_as(EntityType::Org, "Congress"),
            "United States Congress"
        );
        assert_eq!(canonical_name_as(EntityType::Loc, "Congress"), "Congress");
    }

    #[test]
    fn a_company_named_by_its_first_words_after_its_full_name_is_that_company() {
        let got = extract_entities(
            "Burlington Industries Inc said profits rose. Burlington said sales of \
             fabrics were strong, and Burlington expects more.",
        );
        let rows: Vec<(String, usize)> = got
            .iter()
            .filter(|e| e.kind == EntityType::Org)
            .map(|e| (e.name.clone(), e.mentions))
            .collect();
        assert_eq!(rows, [("Burlington Industries".to_string(), 3)], "{got:?}");
        // A full name that only adds a company form goes by the short name.
        let got = extract_entities(
            "First Interstate Bancorp said it would buy the bank. First Interstate said \
             the deal was worth 10 mln dlrs.",
        );
        let rows: Vec<(String, usize)> = got
            .iter()
            .filter(|e| e.kind == EntityType::Org)
            .map(|e| (e.name.clone(), e.mentions))
            .collect();
        assert_eq!(rows, [("First Interstate".to_string(), 2)], "{got:?}");
        // A spelled-out "Corporation" stays in the name, and its acronym joins it.
        let got = names(
            "The Pension Benefit Guaranty Corporation took over the plan. The PBGC said \
             it would pay.",
        );
        assert!(
            got.contains(&("ORG".into(), "Pension Benefit Guaranty Corporation".into())),
            "{got:?}"
        );
        assert!(!got.iter().any(|(_, n)| n == "PBGC"), "{got:?}");
        // A parent named first stays apart from its unit named later, and the Fed is no
        // Federal Reserve Bank of New York.
        let got = names(
            "Sony said its film unit Sony Pictures would grow. The Federal Reserve Bank of \
             New York said the Federal Reserve would act.",
        );
        for n in [
            "Sony",
            "Sony Pictures",
            "Federal Reserve",
            "Federal Reserve Bank of New York",
        ] {
            assert!(got.iter().any(|(_, name)| name == n), "{n}: {got:?}");
        }
        // A national unit is no head of its parent: Chrysler stays Chrysler.
        let got = names(
            "Chrysler Canada Ltd said it would cut output. Its parent, Chrysler Corp, \
             agreed. Chrysler said the plan would save money.",
        );
        assert!(got.contains(&("ORG".into(), "Chrysler".into())), "{got:?}");
    }

    #[test]
    fn camel_case_products_the_lists_know_are_found() {
        let got = names("Apple sold 4.5 million iPods, and iTunes sold songs. The iPod is white.");
        let ipod = extract_entities("Apple sold 4.5 million iPods. The iPod is white.")
            .into_iter()
            .find(|e| e.name == "iPod")
            .expect("iPod found");
        assert_eq!((ipod.kind, ipod.mentions), (EntityType::Misc, 2));
        assert!(got.contains(&("MISC".into(), "iTunes".into())), "{got:?}");
        let got = names("Online auction site eBay said profits rose, and eDonkey users grew.");
        assert!(got.contains(&("ORG".into(), "eBay".into())), "{got:?}");
        assert!(got.contains(&("MISC".into(), "eDonkey".into())), "{got:?}");
    }

    #[test]
    fn a_name_repeated_where_the_tagger_passed_it_over_counts_again() {
        let mut found = vec![Found {
            name: "Rover".into(),
            kind: EntityType::Org,
            fixed: false,
            weight: PLAIN,
            start: 0,
            end: 5,
        }];
        let body = "Rover cut jobs. Staff at Rover were told. Land Rover was not. Roverish.";
        repeated_names(body, &tokenize(body), Gazetteer::get(), &mut found);
        let spans: Vec<&str> = found.iter().map(|f| &body[f.start..f.end]).collect();
        // Twice: not inside "Land Rover" (beside a capitalised word) nor "Roverish".
        assert_eq!(spans, ["Rover", "Rover"], "{found:?}");
        assert_eq!(found[1].start, body.find("at Rover").unwrap() + 3);
    }

    #[test]
    fn seed_entities() {
        let seed = include_str!("../../corpus/000_9c9abb03a0ba5449.txt");
        let body = crate::analyze::passages::paragraphs(seed).join("\n\n");
        let got = names(&body);
        let has = |k: &str, n: &str| got.contains(&(k.to_string(), n.to_string()));
        for (k, n) in [
            ("PER", "Antony Blinken"),
            ("PER", "Carl Bildt"),
            ("LOC", "China"),
            ("LOC", "Ukraine"),
            ("LOC", "Russia"),
            ("LOC", "Hong Kong"),
            ("LOC", "Moscow"),
            ("LOC", "Beijing"),
            ("ORG", "European Council on Foreign Relations"),
            ("ORG", "Bloomberg"),
            ("ORG", "European Union"),
            ("ORG", "pravda.com.ua"),
        ] {
            assert!(has(k, n), "missing {k} {n} in {got:?}");
        }
        for word in ["While", "Analysts", "Crucially", "Apr", "US$240"] {
            assert!(
                got.iter().all(|(_, n)| n != word),
                "{word} taken for a name: {got:?}"
            );
        }
    }

    #[test]
    fn surnames_join_full_names_and_aliases_canonicalise() {
        let got = names("Antony Blinken arrived. Officials said Blinken met U.S. allies.");
        assert!(got.contains(&("PER".into(), "Antony Blinken".into())));
        assert!(!got.iter().any(|(_, n)| n == "Blinken"));
        assert!(got.contains(&("LOC".into(), "United States".into())));
        assert_eq!(canonical_name("U.S."), "United States");
        assert_eq!(canonical_name("Mr  Blair"), "Blair");
        assert_eq!(canonical_name("Sen. John McCain"), "John McCain");
    }

    #[test]
    fn an_initial_and_surname_joins_the_one_full_name_it_fits() {
        let body = "Rhys Williams and Jonathan Thomas and James Thomas played well.\n\n\
                    Wales: R Williams, J Thomas, S Jones, M Taylor, G Henson, T Shanklin.";
        let got = names(body);
        assert!(
            got.contains(&("PER".into(), "Rhys Williams".into())),
            "{got:?}"
        );
        assert!(!got.iter().any(|(_, n)| n == "R Williams"), "{got:?}");
        // Two full names fit "J Thomas": it stays as written.
        assert!(got.contains(&("PER".into(), "J Thomas".into())), "{got:?}");
        // In "Chris Rhys Jones" the surname may be "Rhys Jones": "C Jones" is another man.
        let three = names(
            "Chris Rhys Jones starts.\n\nSale: Bozzi, Coutts, Anglesea, Lund, Martens, C Jones.",
        );
        assert!(
            three.contains(&("PER".into(), "C Jones".into())),
            "{three:?}"
        );
        assert_eq!(initial_and_surname("R. Williams"), Some(('R', "Williams")));
        assert_eq!(initial_and_surname("Rhys Williams"), None);
        assert_eq!(initial_and_surname("J. R. Ewing"), None);
    }

    #[test]
    fn provinces_listed_one_after_another_are_places() {
        // The tagger alone took these for people (a list of unknown capitalised words).
        let got = names("The drought affects Gansu, Hebei, Henan and Shaanxi, the paper said.");
        for p in ["Gansu", "Hebei", "Henan", "Shaanxi"] {
            assert!(got.contains(&("LOC".into(), p.into())), "{p}: {got:?}");
        }
    }

    #[test]
    fn a_renamed_place_keeps_the_name_the_article_writes_and_buildings_are_places() {
        // The name of the article's period and its spelling (the index joins both).
        let kiev = names("Protesters gathered in Kiev on Monday, officials said.");
        assert!(kiev.contains(&("LOC".into(), "Kiev".into())), "{kiev:?}");
        let kyiv = names("Protesters gathered in Kyiv on Monday, officials said.");
        assert!(kyiv.contains(&("LOC".into(), "Kyiv".into())), "{kyiv:?}");
        assert_eq!(canonical_name("Kyiv"), "Kyiv");
        // A building standing for an institution keeps its literal type.
        let got = names("Downing Street denied the claim, and the White House agreed.");
        assert!(
            got.contains(&("LOC".into(), "Downing Street".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&("LOC".into(), "White House".into())),
            "{got:?}"
        );
    }

    #[test]
    fn odd_input_gives_no_names_and_no_panic() {
        for text in [
            "",
            " ",
            "’s",
            "'",
            "$",
            "U.S.",
            "a.b.",
            "Mr.",
            "“”—–",
            "x’",
            "🙂 Ünïcode ÉTÉ",
            "...",
            "\n\n\n",
            "1,000.50 2024-04-08",
            "US$",
            "Sen. Sen. Sen.",
            "A&",
            "-- - -",
        ] {
            let got = extract_entities(text);
            assert!(
                got.iter().all(|e| e.name.chars().any(char::is_alphabetic)),
                "{text:?} gave {got:?}"
            );
        }
    }

    #[test]
    fn acronyms_join_their_expansion_and_domains_are_organisations() {
        let got = names(
            "The Centre for Strategic Studies (CSS) published a report. Later the CSS \
             said prices rose, reported pravda.com.ua on Monday.",
        );
        assert!(!got.iter().any(|(_, n)| n == "CSS"), "{got:?}");
        let full = got
            .iter()
            .find(|(_, n)| n == "Centre for Strategic Studies");
        assert!(full.is_some(), "{got:?}");
        assert!(got.contains(&("ORG".into(), "pravda.com.ua".into())));
        assert!(!got.iter().any(|(_, n)| n == "Monday" || n == "Later"));
    }

    #[test]
    fn listed_names_are_found_with_a_legal_suffix_or_a_possessive() {
        let got = names(
            "International Business Machines Corp said profits rose. We met in Starbuck's \
             cafe. The United Nation's envoy spoke. Sainsbury's profits rose.",
        );
        for want in ["IBM", "Starbucks", "United Nations", "Sainsbury's"] {
            assert!(
                got.contains(&("ORG".into(), want.into())),
                "{want}: {got:?}"
            );
        }
        // A place with a legal suffix is a company's name cut short, no place.
        let got = names("Shares of Canada Inc rose. The unit, USA Inc, fell in Ohio.");
        assert!(
            !got.iter()
                .any(|(k, n)| k == "LOC" && (n == "Canada" || n == "United States")),
            "{got:?}"
        );
    }

    #[test]
    fn a_company_written_with_its_suffix_keeps_its_own_name() {
        // The annotators' "Continental" is Continental Airlines; "Continental AG" is not.
        let got = names("Continental AG, the West German tyre maker, said profits rose.");
        assert!(
            got.contains(&("ORG".into(), "Continental".into())),
            "{got:?}"
        );
        // A parent written in full is no unit named after it.
        let got = names(
            "Merrill Lynch and Co Inc said its Merrill Lynch Capital Markets unit would \
             lead the issue.",
        );
        for want in ["Merrill Lynch", "Merrill Lynch Capital Markets"] {
            assert!(
                got.contains(&("ORG".into(), want.into())),
                "{want}: {got:?}"
            );
        }
    }

    #[test]
    fn agreements_named_after_a_place_are_the_agreement() {
        let got = names(
            "Ministers reaffirmed the Louvre accord. The Plaza agreement of 1985 was cited. \
             Japan signed the Kyoto protocol. Talks in Paris went on; the Paris accord held.",
        );
        for want in ["Louvre Accord", "Plaza Accord", "Kyoto Protocol"] {
            assert!(
                got.contains(&("MISC".into(), want.into())),
                "{want}: {got:?}"
            );
        }
        assert!(got.contains(&("LOC".into(), "Paris".into())), "{got:?}");
        assert!(!got.iter().any(|(_, n)| n == "Louvre"), "{got:?}");
    }

    #[test]
    fn an_expansion_joins_an_acronym_the_organisation_is_known_by() {
        // The guidelines name IBM and NATO by their acronyms, the EC by its expansion.
        let e = extract_entities(
            "The North Atlantic Treaty Organisation met. NATO ministers agreed. The \
             European Community said the EC would act.",
        );
        let nato = e.iter().find(|e| e.name == "NATO").expect("NATO");
        assert_eq!(nato.mentions, 2, "{e:?}");
        let ec = e
            .iter()
            .find(|e| e.name == "European Community")
            .expect("EC");
        assert_eq!(ec.mentions, 2, "{e:?}");
        assert!(
            !e.iter().any(|e| e.name.starts_with("North Atlantic")),
            "{e:?}"
        );
    }

    #[test]
    fn company_words_do_not_make_a_named_person_a_company() {
        // "a bid for" a footballer, a "film-maker": the person keeps their type, so the
        // bare surname joins them.
        let e = extract_entities(
            "Birmingham have confirmed Blackburn made a bid for Robbie Savage. Birmingham \
             manager Steve Bruce insists he does not want to sell Savage.",
        );
        let savage = e
            .iter()
            .find(|e| e.name == "Robbie Savage")
            .expect("Robbie Savage");
        assert_eq!(
            (savage.kind, savage.mentions),
            (EntityType::Per, 2),
            "{e:?}"
        );
        let e = extract_entities(
            "Film-maker Spike Lee says black representation is stronger. Lee told them to \
             work up the corporate ladder.",
        );
        let lee = e.iter().find(|e| e.name == "Spike Lee").expect("Spike Lee");
        assert_eq!((lee.kind, lee.mentions), (EntityType::Per, 2), "{e:?}");
        assert!(!Gazetteer::get().is_company("Spike Lee"));
        let at = |text: &str, name: &str| {
            let start = text.find(name).unwrap();
            company_context(text, start, start + name.len())
        };
        assert!(!at("the film-maker Spike Lee said", "Spike Lee"));
        assert!(at("the car-maker Zorblax said", "Zorblax"));
        assert!(at("the chip maker Zorblax said", "Zorblax"));
        // Only a name of several words, tagged as a person, that starts with a given name.
        assert!(named_person(
            "Robbie Savage",
            EntityType::Per,
            Gazetteer::get()
        ));
        assert!(!named_person("Savage", EntityType::Per, Gazetteer::get()));
        assert!(!named_person(
            "Robbie Savage",
            EntityType::Org,
            Gazetteer::get()
        ));
    }

    #[test]
    fn a_surname_joins_the_nearest_full_name_and_keeps_places_apart() {
        let got = names(
            "Gordon Brown spoke first. Later Nick Brown answered. Brown said the vote would \
             wait. Clark Kent flew in. Officials in Kent said roads were closed.",
        );
        assert!(!got.iter().any(|(_, n)| n == "Brown"), "{got:?}");
        // The bare Brown after Nick Brown is Nick Brown's mention, not Gordon Brown's.
        let e = extract_entities(
            "Gordon Brown spoke first. Later Nick Brown answered. Brown said the vote would wait.",
        );
        let nick = e
            .iter()
            .find(|e| e.name == "Nick Brown")
            .expect("Nick Brown");
        let gordon = e
            .iter()
            .find(|e| e.name == "Gordon Brown")
            .expect("Gordon Brown");
        assert_eq!((nick.mentions, gordon.mentions), (2, 1), "{e:?}");
        assert!(
            !got.contains(&("PER".into(), "Clark Kent".into()))
                || got.iter().any(|(k, n)| n == "Kent" && k == "LOC"),
            "{got:?}"
        );
    }

    #[test]
    fn company_evidence_makes_organisations() {
        let e = extract_entities(
            "Charlie Simpson left the pop band Busted. Busted fans wept. Busted said \
             little. Shares in Vodafone fell after Vodafone warned. Texaco Inc said \
             Texaco would appeal.",
        );
        let kind = |n: &str| e.iter().find(|e| e.name == n).map(|e| e.kind);
        assert_eq!(kind("Busted"), Some(EntityType::Org), "{e:?}");
        assert_eq!(kind("Vodafone"), Some(EntityType::Org), "{e:?}");
        assert_eq!(kind("Texaco"), Some(EntityType::Org), "{e:?}");
        assert!(!e.iter().any(|e| e.name == "Texaco Inc"), "{e:?}");
        assert!(Gazetteer::get().is_company("Texaco Inc"));
        assert!(Gazetteer::get().is_company("Vodafone's"));
    }

    #[test]
    fn a_legal_suffix_goes_unless_a_common_word_is_left() {
        let e = extract_entities(
            "Morrison Inc said it agreed to buy Galaxy Pty Ltd for cash. Shares of \
             Discount Corp rose. Citibank N.A. lent the money.",
        );
        let names: Vec<&str> = e.iter().map(|e| e.name.as_str()).collect();
        for name in ["Morrison", "Galaxy", "Discount Corp", "Citibank"] {
            assert!(names.contains(&name), "{name} in {names:?}");
        }
        assert!(Model::shipped().usually_lower_case("discount"));
        assert!(!Model::shipped().usually_lower_case("Morrison"));
    }

    #[test]
    fn lists_possessives_plurals_amounts_and_venues() {
        let e = extract_entities(
            "Following in the footsteps of Far Cry and Half-Life 2, it sold well. REM \
             played Hampden Park. It shows REM's commitment. The administration will \
             request from Congress 500 mln dlrs.",
        );
        let kind = |n: &str| e.iter().find(|e| e.name == n).map(|e| e.kind);
        assert_eq!(kind("Far Cry"), Some(EntityType::Misc), "{e:?}");
        assert_eq!(kind("Hampden Park"), Some(EntityType::Loc), "{e:?}");
        assert!(e.iter().all(|e| e.name != "REM's"), "{e:?}");
        assert!(e.iter().all(|e| e.name != "Congress 500"), "{e:?}");
        let g = Gazetteer::get();
        assert_eq!(venue("Ji-sung Park", EntityType::Per, g), None);
        assert_eq!(venue("Nick Park", EntityType::Per, g), None);
        assert_eq!(
            venue("Hampden Park", EntityType::Per, g),
            Some(EntityType::Loc)
        );
        assert_eq!(venue("Centre for Policy Studies", EntityType::Org, g), None);
        let listed = extract_entities("Talks between Xi Jinping and the European Union went on.");
        let kind = |n: &str| listed.iter().find(|e| e.name == n).map(|e| e.kind);
        assert_eq!(kind("Xi Jinping"), Some(EntityType::Per), "{listed:?}");
    }

    #[test]
    fn listed_works_are_misc_without_a_cue() {
        // "Million Dollar Baby" and "The Aviator" are on the mined works list: no cue here.
        let e = extract_entities(
            "Clint Eastwood's Million Dollar Baby beat Aviator at the box office, and \
             Martin Scorsese said he was pleased.",
        );
        let kind = |n: &str| e.iter().find(|e| e.name == n).map(|e| e.kind);
        assert_eq!(kind("Million Dollar Baby"), Some(EntityType::Misc), "{e:?}");
        assert_eq!(kind("The Aviator"), Some(EntityType::Misc), "{e:?}");
        assert_eq!(kind("Martin Scorsese"), Some(EntityType::Per), "{e:?}");
    }

    #[test]
    fn a_town_in_a_sport_report_is_its_club() {
        let football = "Newcastle beat Chelsea 2-1 in the Premiership. The striker scored \
                        a late goal and the manager praised the defender. Fans in \
                        Newcastle celebrated.";
        let e = extract_mentions(football);
        let named = |e: &(Vec<Entity>, Vec<EntityMention>), n: &str| {
            e.0.iter()
                .find(|x| x.name == n)
                .map(|x| (x.kind, x.mentions))
        };
        assert_eq!(
            named(&e, "Newcastle United"),
            Some((EntityType::Org, 1)),
            "{e:?}"
        );
        assert_eq!(named(&e, "Newcastle"), Some((EntityType::Loc, 1)), "{e:?}");
        assert_eq!(
            named(&e, "Premier League"),
            Some((EntityType::Misc, 1)),
            "{e:?}"
        );
        let rugby = extract_entities(
            "Leicester ran in four tries against Sale. The fly-half kicked the conversion \
             after a try from the flanker at the scrum.",
        );
        let kind = |n: &str| rugby.iter().find(|e| e.name == n).map(|e| e.kind);
        assert_eq!(kind("Leicester Tigers"), Some(EntityType::Org), "{rugby:?}");
        let awards = extract_entities("She won an Oscar and two Grammys last year.");
        let kind = |n: &str| awards.iter().find(|e| e.name == n).map(|e| e.kind);
        assert_eq!(kind("Academy Award"), Some(EntityType::Misc), "{awards:?}");
        assert_eq!(kind("Grammy Award"), Some(EntityType::Misc), "{awards:?}");
        // Away from sport, the town is a place.
        let town = extract_entities("Leicester council raised its rates in the city.");
        assert!(
            town.iter()
                .any(|e| e.name == "Leicester" && e.kind == EntityType::Loc),
            "{town:?}"
        );
        assert_eq!(
            sport_of("The company's goal is a new season of films.", (0, 0)),
            None
        );
        // Clubs are the sport's words when no word of football is written, beside a word
        // of team sport; alone they are not.
        let body = "Chelsea play Barcelona in the Champions League; the manager named his squad.";
        assert_eq!(sport_of(body, (2, 0)), Some(Sport::Football));
        assert_eq!(sport_of("Chelsea, Fulham and Richmond.", (3, 0)), None);
    }

    #[test]
    fn a_ground_named_short_in_a_sport_report_takes_its_full_name() {
        let e = extract_entities(
            "England ran in four tries against Wales at Twickenham. The fly-half kicked the \
             conversion after a try from the flanker at the scrum.",
        );
        let kind = |n: &str| e.iter().find(|e| e.name == n).map(|e| e.kind);
        assert_eq!(kind("Twickenham Stadium"), Some(EntityType::Loc), "{e:?}");
        // Away from sport it is the town.
        let town = extract_entities("House prices in Twickenham rose again, the council said.");
        assert!(town.iter().any(|e| e.name == "Twickenham"), "{town:?}");
    }

    #[test]
    fn a_listed_organisation_is_no_tail_of_a_longer_one() {
        let e = extract_entities(
            "Mr Blair told the Parliamentary Labour Party on Monday that nothing would get \
             in the way of a unified Labour Party. Labour MPs cheered.",
        );
        let plp = e.iter().find(|e| e.name == "Parliamentary Labour Party");
        let labour = e.iter().find(|e| e.name == "Labour Party");
        assert!(plp.is_some(), "{e:?}");
        assert_eq!(
            labour.map(|e| (e.kind, e.mentions)),
            Some((EntityType::Org, 2)),
            "{e:?}"
        );
    }

    #[test]
    fn a_title_word_inside_an_organisation_name_stays_in_it() {
        let got = names(
            "The Transport and General Workers' Union said it would ballot its members, \
             and the Association of Chief Police Officers agreed.",
        );
        for org in [
            "Transport and General Workers' Union",
            "Association of Chief Police Officers",
        ] {
            assert!(got.contains(&("ORG".into(), org.into())), "{org}: {got:?}");
        }
        assert!(!got.iter().any(|(k, _)| k == "PER"), "{got:?}");
    }

    #[test]
    fn countries_and_peoples_joined_by_a_hyphen_are_two_names() {
        let got = names(
            "The Anglo-Dutch oil group and the US-German carmaker gained after the \
             Iran-Iraq talks; African-American voters and Henin-Hardenne were unmoved.",
        );
        for (kind, name) in [
            ("MISC", "Anglo"),
            ("MISC", "Dutch"),
            ("LOC", "United States"),
            ("MISC", "German"),
            ("LOC", "Iran"),
            ("LOC", "Iraq"),
        ] {
            assert!(got.contains(&(kind.into(), name.into())), "{name}: {got:?}");
        }
        // A compound known whole, and a double-barrelled name, stay one.
        assert!(!got.iter().any(|(_, n)| n == "African"), "{got:?}");
        assert!(!got.iter().any(|(_, n)| n == "Henin"), "{got:?}");
    }

    #[test]
    fn the_country_before_a_federal_body_complete_without_it_is_a_place() {
        let (es, ms) = extract_mentions(
            "The US Department of Justice said the U.S. Securities and Exchange Commission \
             would act, as the U.S. Air Force and the US Agriculture Department agreed.",
        );
        let count = |n: &str| {
            es.iter()
                .find(|e| e.name == n)
                .map(|e| (e.kind, e.mentions))
        };
        assert_eq!(count("United States"), Some((EntityType::Loc, 2)), "{es:?}");
        assert!(
            count("United States Department of Justice").is_some(),
            "{es:?}"
        );
        assert!(count("United States Air Force").is_some(), "{es:?}");
        assert!(
            count("United States Department of Agriculture").is_some(),
            "{es:?}"
        );
        assert!(
            count("Securities and Exchange Commission").is_some(),
            "{es:?}"
        );
        // The spans do not overlap.
        assert!(ms.windows(2).all(|w| w[0].end <= w[1].start), "{ms:?}");
        // A body named by one word after the country keeps its full name.
        let es = extract_entities("The U.S. Treasury said it would sell bonds.");
        let names: Vec<(&str, EntityType)> = es.iter().map(|e| (e.name.as_str(), e.kind)).collect();
        assert_eq!(
            names,
            [
                ("United States", EntityType::Loc),
                ("United States Department of the Treasury", EntityType::Org)
            ]
        );
    }

    #[test]
    fn a_report_naming_clubs_is_of_their_sport() {
        let e = extract_entities(
            "Liverpool manager Rafael Benitez wants his side to think they can win the \
             Champions League. Liverpool play Chelsea in the Carling Cup final on Sunday.",
        );
        let kind = |n: &str| e.iter().find(|e| e.name == n).map(|e| e.kind);
        assert_eq!(kind("Liverpool FC"), Some(EntityType::Org), "{e:?}");
        assert_eq!(kind("Chelsea FC"), Some(EntityType::Org), "{e:?}");
    }

    #[test]
    fn works_events_and_products_are_misc() {
        let e = extract_entities(
            "Keane's album Hopes and Fears returned to number one. He starred in the film \
             Ice Age. It was shown at the Sundance Film Festival, with classics such as \
             Reservoir Dogs, The Full Monty and Splash. Sony sold the PlayStation 2 while \
             BBC Radio 4 reported it.",
        );
        let kind = |n: &str| e.iter().find(|e| e.name == n).map(|e| e.kind);
        for work in [
            "Hopes and Fears",
            "Ice Age",
            "Sundance Film Festival",
            "Reservoir Dogs",
            "The Full Monty",
            "Splash",
            "PlayStation 2",
        ] {
            assert_eq!(kind(work), Some(EntityType::Misc), "{work}: {e:?}");
        }
        assert_ne!(kind("BBC Radio 4"), Some(EntityType::Misc), "{e:?}");
    }

    #[test]
    fn us_federal_bodies_with_the_prefix_take_their_full_names() {
        let full = |n: &str| us_institution(n);
        assert_eq!(
            full("U.S. Agriculture Department").as_deref(),
            Some("United States Department of Agriculture")
        );
        assert_eq!(
            full("US Department of the Treasury").as_deref(),
            Some("United States Department of the Treasury")
        );
        assert_eq!(full("U.S.  Army").as_deref(), Some("United States Army"));
        assert_eq!(
            full("U.S. House").as_deref(),
            Some("United States House of Representatives")
        );
        assert_eq!(
            full("US Supreme Court").as_deref(),
            Some("Supreme Court of the United States")
        );
        // Without the prefix the body may be any country's; other names are left.
        assert_eq!(full("Agriculture Department"), None);
        assert_eq!(full("US Airways"), None);
        assert_eq!(full("U.S. Steel"), None);
        // Articles and queries resolve alike.
        let e = names("The U.S. Agriculture Department said exports rose.");
        assert!(
            e.contains(&(
                "ORG".into(),
                "United States Department of Agriculture".into()
            )),
            "{e:?}"
        );
        assert_eq!(
            canonical_name_as(EntityType::Org, "US Air Force"),
            "United States Air Force"
        );
    }

    #[test]
    fn a_car_make_and_its_model_is_a_product_and_the_maker_is_not() {
        let g = Gazetteer::get();
        let model = |n: &str| car_model(&n.split(' ').collect::<Vec<_>>(), g);
        for m in [
            "Chevrolet Avalanche",
            "Toyota Prius",
            "Citroen C4",
            "Alfa Romeo 147",
        ] {
            assert!(model(m), "{m}");
        }
        for m in [
            "Ford Motor",
            "Fiat Auto",
            "Chrysler Canada",
            "Toyota",
            "Jaguar Land Rover",
            "Renault F1",
            "Volvo Cars",
        ] {
            assert!(!model(m), "{m}");
        }
    }

    #[test]
    fn bands_are_organisations_by_their_members_and_lists() {
        let e = names(
            "Motley Crue guitarist Mick Mars is being sued. The sound was associated with \
             bands like Talking Heads. He left for his other band, Fightstar. Unlike many \
             other film-makers, Passion of the Christ director Mel Gibson did not campaign.",
        );
        for band in ["Motley Crue", "Talking Heads", "Fightstar"] {
            assert!(
                e.iter().any(|(k, n)| k == "ORG" && n == band),
                "{band}: {e:?}"
            );
        }
        assert!(
            !e.iter().any(|(k, n)| k == "ORG" && n.contains("Passion")),
            "{e:?}"
        );
    }

    #[test]
    fn websites_and_blogs_are_organisations() {
        let e = names(
            "He leaked them to the Apple Insider and Think Secret websites. The gossip blog \
             Wonkette was nominated.",
        );
        for site in ["Think Secret", "Wonkette"] {
            assert!(
                e.iter().any(|(k, n)| k == "ORG" && n == site),
                "{site}: {e:?}"
            );
        }
    }

    #[test]
    fn peoples_in_the_plural_are_their_singular() {
        let e = names(
            "Thousands of Armenians marched in Paris, and Danes and Swedes joined the \
             Californians who had come to see the Anglicans.",
        );
        for people in ["Armenian", "Danish", "Swedish", "Californian", "Anglican"] {
            assert!(
                e.iter().any(|(k, n)| k == "MISC" && n == people),
                "{people}: {e:?}"
            );
        }
        assert!(!e.iter().any(|(_, n)| n == "Pari"), "{e:?}");
    }

    #[test]
    fn aliases_are_the_names_as_written_without_what_a_span_takes_along() {
        assert_eq!(written_form("Hong Kong)"), "Hong Kong");
        assert_eq!(written_form("China's"), "China");
        assert_eq!(written_form("Mr\n  Blair"), "Mr Blair");
        let e = extract_entities("Tony Blair spoke. Later, Blair's aides and (Blair) agreed.");
        let tony = e
            .iter()
            .find(|e| e.name == "Tony Blair")
            .expect("Tony Blair");
        assert_eq!(tony.aliases, ["Blair"], "{e:?}");
    }

    #[test]
    fn a_state_abbreviation_ending_a_sentence_is_the_state() {
        let e = names(
            "Arkla said its plant in Shreveport, La., will close. It has offices in LA \
             and in Lafayette, La.",
        );
        let loc = |n: &str| e.iter().any(|(k, name)| k == "LOC" && name == n);
        assert!(loc("Louisiana") && loc("Los Angeles"), "{e:?}");
        assert!(!e.iter().any(|(_, n)| n == "La"), "{e:?}");
        let e = extract_entities("It has offices in LA and in Lafayette, La.");
        let la = e.iter().find(|e| e.name == "Los Angeles").expect("LA");
        assert!(la.aliases.iter().all(|a| a != "La"), "{e:?}");
    }

    #[test]
    fn brackets_a_quotation_opens_outside_a_name_leave_it() {
        // Reuters quotes complete names in brackets: "the (World) Bank".
        let e = names(
            "Our representatives have gone to Washington to the (International Monetary) \
             Fund, the (World) Bank and the Fed. Teck Hock and Co (Pte) Ltd fell.",
        );
        let org = |n: &str| e.iter().any(|(k, name)| k == "ORG" && name == n);
        assert!(org("International Monetary Fund"), "{e:?}");
        assert!(org("World Bank"), "{e:?}");
        assert!(
            !e.iter().any(|(_, n)| n.contains(')') && !n.contains('(')),
            "{e:?}"
        );
    }

    #[test]
    fn two_titles_after_a_listing_cue_are_two_works_and_a_year_is_neither() {
        let e = names(
            "The studio had hits like Spider-Man 2 and The Grudge. The Doors had hits \
             including Light My Fire and Riders On The Storm. Long-running shows Will and \
             Grace and Frasier ended. It won for the final film The Return of the King in \
             2004.",
        );
        let misc = |n: &str| e.iter().any(|(k, name)| k == "MISC" && name == n);
        for work in [
            "Spider-Man 2",
            "The Grudge",
            "Light My Fire",
            "Riders On The Storm",
            "Will and Grace",
            "The Return of the King",
        ] {
            assert!(misc(work), "{work}: {e:?}");
        }
        assert!(
            !e.iter()
                .any(|(_, n)| n.ends_with("Grudge") && n.contains(" and ")),
            "{e:?}"
        );
        // Where "and" joins two single words or comes before a lower-case word, the
        // title is one.
        assert_eq!(second_title("Romeo and Juliet"), None);
        assert_eq!(
            second_title("Harry Potter and the Prisoner of Azkaban"),
            None
        );
        assert_eq!(second_title("Outlook and Outlook Express"), Some(7));
        assert_eq!(second_title("Troy and Lord of the Rings"), None);
    }

    #[test]
    fn numbered_products_in_a_list_keep_their_numbers_and_scores_do_not() {
        let e = names(
            "If you have finished Doom 3 and Halo 2, there is more to play on the Xbox. \
             Chelsea 2, Arsenal 1 was the score.",
        );
        let has = |t: &str, n: &str| e.iter().any(|(k, name)| k == t && name == n);
        assert!(has("MISC", "Doom 3") && has("MISC", "Halo 2"), "{e:?}");
        assert!(has("MISC", "Xbox"), "{e:?}");
        assert!(!e.iter().any(|(_, n)| n.starts_with("Chelsea ")), "{e:?}");
    }

    #[test]
    fn a_bare_surname_is_the_widely_known_person_beside_their_context() {
        // No "Tony Blair" in the article: Labour and Downing Street say which Blair.
        let e = extract_entities(
            "Blair told the Labour Party conference that Downing Street would not budge.",
        );
        let blair = e
            .iter()
            .find(|e| e.name == "Tony Blair")
            .expect("Tony Blair");
        assert_eq!(blair.kind, EntityType::Per);
        assert_eq!(blair.aliases, vec!["Blair".to_string()], "{e:?}");
        // Without that context, or in a team sheet, the surname stays as written.
        let alone = extract_entities("Blair said the garden was finished on Monday.");
        assert!(alone.iter().all(|e| e.name != "Tony Blair"), "{alone:?}");
        let sheet = extract_entities(
            "Labour's team: Subs: Howard, Blair, Smith, Miller, Spector, Downing.",
        );
        assert!(sheet.iter().all(|e| e.name != "Tony Blair"), "{sheet:?}");
        // The person the article names in full is never replaced.
        let full = extract_entities("Ian Blair of the Labour Party spoke. Blair left.");
        assert!(full.iter().any(|e| e.name == "Ian Blair"), "{full:?}");
        assert!(full.iter().all(|e| e.name != "Tony Blair"), "{full:?}");
    }

    #[test]
    fn a_peers_title_keeps_the_name_from_the_people_table() {
        let e = extract_entities(
            "Labour peer Baroness Kennedy spoke to the Liberal Democrats in the House of Commons.",
        );
        assert!(e.iter().all(|e| e.name != "Charles Kennedy"), "{e:?}");
    }

    #[test]
    fn a_politicians_party_and_state_are_entities() {
        let text = "Sen. Patrick Leahy (D-Vt.) and Rep. Jim Ross Lightfoot (R-Iowa) \
                    joined Sen. Kent Conrad (D-ND) in the Senate. Chairman Dan Glickman, \
                    D-Kan., said so, and so did majority leader Tom Foley, D-Wash.\n\n\
                    Rep. Charles Stenholm, D-Tex., may agree.";
        let e = names(text);
        for (kind, name) in [
            ("ORG", "Democratic Party"),
            ("ORG", "Republican Party"),
            ("LOC", "Vermont"),
            ("LOC", "Iowa"),
            ("LOC", "North Dakota"),
            ("LOC", "Kansas"),
            ("LOC", "Washington State"),
            ("LOC", "Texas"),
        ] {
            assert!(
                e.contains(&(kind.to_string(), name.to_string())),
                "{name}: {e:?}"
            );
        }
        assert!(
            !e.iter().any(|(_, n)| n.contains("D-") || n.contains("R-")),
            "{e:?}"
        );
    }

    #[test]
    fn a_states_office_names_the_state_not_the_city() {
        let e = names("The probe by New York attorney general Eliot Spitzer widened.");
        assert!(
            e.contains(&("LOC".into(), "New York State".into())),
            "{e:?}"
        );
        let e = names("Shares fell in New York on Monday.");
        assert!(e.contains(&("LOC".into(), "New York".into())), "{e:?}");
    }

    #[test]
    fn relatives_named_by_given_name_take_the_family_surname() {
        let e = names(
            "Michael Howard was joined by his wife Sandra on the campaign trail. \
             The brothers Mukesh and Anil Ambani settled their feud. Malcolm Glazer \
             and his sons Joel and Avi flew in.",
        );
        for n in [
            "Sandra Howard",
            "Mukesh Ambani",
            "Joel Glazer",
            "Avi Glazer",
        ] {
            assert!(e.contains(&("PER".into(), n.into())), "{n}: {e:?}");
        }
        // A given name with no relation stays as written.
        let e = names("Michael Howard spoke. Later Sandra said she agreed.");
        assert!(e.contains(&("PER".into(), "Sandra".into())), "{e:?}");
    }

    #[test]
    fn a_department_in_a_ministers_title_is_no_organisation() {
        let e = names(
            "US Treasury Secretary John Snow met the Agriculture Minister and the \
             Department of Health Minister.",
        );
        assert!(e.contains(&("LOC".into(), "United States".into())), "{e:?}");
        assert!(e.contains(&("PER".into(), "John Snow".into())), "{e:?}");
        assert!(
            !e.iter()
                .any(|(_, n)| n.contains("Treasury") || n.contains("Agriculture")),
            "{e:?}"
        );
        assert!(!e.iter().any(|(_, n)| n == "Department of"), "{e:?}");
        // The department itself stays.
        let e = names("The US Treasury said the dollar was strong.");
        assert!(e.iter().any(|(_, n)| n.contains("Treasury")), "{e:?}");
    }

    #[test]
    fn a_share_index_is_the_index_where_a_report_reads_it() {
        let e = names(
            "The Dow Jones index rose 1% while the Nasdaq lost 0.5%. Shares of Intel, \
             listed on the Nasdaq, were flat.",
        );
        assert!(
            e.contains(&("MISC".into(), "Dow Jones Industrial Average".into())),
            "{e:?}"
        );
        assert!(
            e.contains(&("MISC".into(), "Nasdaq Composite".into())),
            "{e:?}"
        );
    }

    #[test]
    fn nine_eleven_is_the_attacks_outside_another_name() {
        let e = names("Michael Moore made Fahrenheit 9/11 after 9/11.");
        assert!(
            e.contains(&("MISC".into(), "September 11 attacks".into())),
            "{e:?}"
        );
        assert!(
            e.contains(&("MISC".into(), "Fahrenheit 9/11".into())),
            "{e:?}"
        );
        let attacks = extract_entities("Security rose after the 9/11 attacks and after 9/11.");
        let n = attacks
            .iter()
            .find(|e| e.name == "September 11 attacks")
            .map(|e| e.mentions);
        assert_eq!(n, Some(2), "{attacks:?}");
    }

    #[test]
    fn a_name_completed_in_brackets_is_the_name_without_them() {
        let e = extract_entities(
            "\"We have gone for Olly (Barkley) because of the kicking,\" he said of \
             Olly Barkley. Stars like (Zinedine) Zidane had the press against them.",
        );
        assert!(e.iter().any(|e| e.name == "Zinedine Zidane"), "{e:?}");
        let brackets = |n: &String| n.contains(['(', ')']);
        assert!(
            !e.iter()
                .any(|e| brackets(&e.name) || e.aliases.iter().any(brackets)),
            "{e:?}"
        );
    }

    #[test]
    fn a_country_named_in_the_plural_is_no_plural() {
        let e = names("The Philippines said Philippine officials would meet the Britons.");
        assert!(e.contains(&("LOC".into(), "Philippines".into())), "{e:?}");
        assert!(e.contains(&("MISC".into(), "Philippine".into())), "{e:?}");
        assert!(e.contains(&("MISC".into(), "British".into())), "{e:?}");
    }

    #[test]
    fn a_station_and_its_city_are_two_names() {
        let e = names("The World, a BBC World Service and WGBH-Boston co-production, aired.");
        assert!(e.contains(&("LOC".into(), "Boston".into())), "{e:?}");
        assert!(e.iter().any(|(_, n)| n == "WGBH"), "{e:?}");
        assert!(!e.iter().any(|(_, n)| n.contains("WGBH-")), "{e:?}");
        let e = names("Officials met for US-Iraq talks on Monday.");
        assert!(e.contains(&("LOC".into(), "United States".into())), "{e:?}");
        assert!(e.contains(&("LOC".into(), "Iraq".into())), "{e:?}");
    }

    #[test]
    fn a_peer_named_by_title_is_the_person_the_annotators_knew() {
        let text = "The Lord Chancellor, Lord Falconer, said the plan was fair. Falconer \
                    added that judges had been consulted. Mr Falconer of Leeds disagreed.";
        let e = extract_entities(text);
        let falconer = e
            .iter()
            .find(|e| e.name == "Charles Falconer")
            .expect("Charles Falconer");
        assert_eq!(falconer.kind, EntityType::Per);
        assert!(falconer.aliases.iter().any(|a| a == "Falconer"), "{e:?}");
        // Another peer's title keeps the name as written.
        let e = extract_entities("Baroness Falconer of Leeds said the plan was fair.");
        assert!(e.iter().all(|e| e.name != "Charles Falconer"), "{e:?}");
        // One word the annotators always named in full.
        let e = names("Fans of Elvis gathered in Memphis on Saturday.");
        assert!(e.contains(&("PER".into(), "Elvis Presley".into())), "{e:?}");
    }

    #[test]
    fn a_team_sheet_is_people_and_long_surnames_join_their_names() {
        let text = "Sale bring in John Payne and Chris Rhys Jones, with Harry Connick Jr \
                    singing before kick-off.\n\nHanley; Mayor, Payne, Rhys Jones, \
                    Wigglesworth; Hercus, Redpath (capt); Turner, Roddam, Stewart; Day, \
                    Schofield; Caillet, Carter, Chabal.\n\nConnick said he was nervous.";
        let e = extract_entities(text);
        let kind = |n: &str| e.iter().find(|e| e.name == n).map(|e| e.kind);
        for player in ["Mayor", "Day", "Schofield", "Caillet", "Carter", "Chabal"] {
            assert_eq!(kind(player), Some(EntityType::Per), "{player}: {e:?}");
        }
        assert!(kind("Rhys Jones").is_none(), "{e:?}");
        let rhys = e
            .iter()
            .find(|e| e.name == "Chris Rhys Jones")
            .expect("Chris Rhys Jones");
        assert_eq!(rhys.mentions, 2, "{e:?}");
        assert!(kind("Connick").is_none(), "{e:?}");
        // A sentence listing places is no team sheet.
        let e = extract_entities(
            "Ministers from France, Germany, Italy, Spain, Poland and Austria met in Paris.",
        );
        assert!(
            e.iter().filter(|e| e.kind == EntityType::Loc).count() >= 6,
            "{e:?}"
        );
    }

    #[test]
    fn capital_then_lower_compounds_are_no_misc_names() {
        for w in [
            "Medium-term",
            "Saturday-night",
            "Iran-contra",
            "B-side",
            "O-levels",
        ] {
            assert!(capital_then_lower_compound(w), "{w}");
        }
        for w in [
            "Anglo-Dutch",
            "Coca-Cola",
            "Half-Life 2",
            "PlayStation",
            "X-2",
        ] {
            assert!(!capital_then_lower_compound(w), "{w}");
        }
    }

    #[test]
    fn a_work_title_keeps_its_the() {
        let e = names(
            "Tom Hanks will star in the film The Da Vinci Code next year, from the novel \
             by Dan Brown.",
        );
        assert!(
            e.iter()
                .any(|(t, n)| t == "MISC" && n == "The Da Vinci Code"),
            "{e:?}"
        );
        assert!(!e.iter().any(|(_, n)| n == "Da Vinci Code"), "{e:?}");
    }

    #[test]
    fn honorifics_hyphenated_pairs_and_www_follow_the_names() {
        let e = names(
            "Vincent Cable spoke for the Liberal Democrats. Tony Blair and Gordon Brown \
             denied a Blair-Brown rift. \"It is very clear,\" Mr Cable told MPs. Donations \
             go to www.dec.org.uk only.",
        );
        let count = |n: &str| e.iter().filter(|(_, name)| name == n).count();
        assert!(
            !e.iter().any(|(_, n)| n == "Cable" || n.contains('-')),
            "{e:?}"
        );
        assert_eq!(count("Vincent Cable"), 1, "{e:?}");
        assert!(
            e.iter().any(|(t, n)| t == "ORG" && n == "dec.org.uk"),
            "{e:?}"
        );
        let full = extract_entities("Tony Blair and Gordon Brown denied a Blair-Brown rift.");
        let blair = full.iter().find(|e| e.name == "Tony Blair").expect("Blair");
        assert_eq!(blair.mentions, 2, "{full:?}");
    }

    #[test]
    fn two_companies_joined_by_and_are_two() {
        let e = names("Coronet Insurance Co and Sunstates Corp agreed to merge on Monday.");
        let has = |n: &str| e.iter().any(|(t, name)| t == "ORG" && name.starts_with(n));
        assert!(has("Coronet Insurance") && has("Sunstates"), "{e:?}");
        assert!(!e.iter().any(|(_, n)| n.contains(" and ")), "{e:?}");
    }

    #[test]
    fn an_acronym_the_article_spells_out_counts_wherever_it_stands() {
        let e = extract_entities(
            "The site copies the official Disasters Emergency Committee webpage. However, \
             DEC has no connection with it. Ms Sanders said DEC had contacted the police, \
             and that DEC hoped to get the site shut.",
        );
        let dec = e
            .iter()
            .find(|e| e.name == "Disasters Emergency Committee")
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!((dec.kind, dec.mentions), (EntityType::Org, 4), "{e:?}");
    }

    #[test]
    fn an_acronym_the_article_spells_out_is_not_the_lists_other_body() {
        let e = extract_entities(
            "The Interstate Commerce Commission (ICC), which regulates freight rail \
             service, said on Monday that rates were too low. The ICC is likely to approve \
             increases, and the ICC will rule in May.",
        );
        let icc = e
            .iter()
            .find(|e| e.name == "Interstate Commerce Commission")
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(icc.mentions, 4, "{e:?}");
        assert!(!e.iter().any(|e| e.name.contains("Criminal")), "{e:?}");
        // A listed body the article spells another way stays the listed one.
        let e = extract_entities(
            "Ministers met under the General Agreements on Tariffs and Trade in Geneva. \
             GATT officials said talks would resume.",
        );
        assert!(
            e.iter()
                .any(|e| e.name == "General Agreement on Tariffs and Trade" && e.mentions >= 1),
            "{e:?}"
        );
    }

    #[test]
    fn an_acronym_in_brackets_after_a_company_counts_its_legal_suffix() {
        let e = extract_entities(
            "Foreign banks stopped lending after Fuerzas Electricas de Catalunya S.A. \
             (FECSA), a major utility, defaulted on its debt. FECSA said it would pay, \
             and bankers said FECSA had no choice.",
        );
        let fecsa = e
            .iter()
            .find(|e| e.name == "Fuerzas Electricas de Catalunya")
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(fecsa.mentions, 4, "{e:?}");
    }

    #[test]
    fn treasury_before_a_debt_instrument_is_no_department() {
        let g = Gazetteer::get();
        let org = type_position(EntityType::Org);
        let kept = |body: &str, name: &str| -> Vec<(String, usize)> {
            let start = body.find(name).unwrap();
            let m = Mention {
                start,
                end: start + name.len(),
                ty: org,
                sentence_initial: false,
            };
            treasury_instruments(body, g, vec![m])
                .iter()
                .map(|m| (body[m.start..m.end].to_string(), m.ty))
                .collect()
        };
        let loc = type_position(EntityType::Loc);
        let bonds = "Banks bought U.S. Treasury bonds and notes.";
        assert_eq!(kept(bonds, "U.S. Treasury"), [("U.S.".to_string(), loc)]);
        assert!(kept("Yields rose in the Treasury market.", "Treasury").is_empty());
        // The department itself stays.
        let said = "The U.S. Treasury said it would sell bills.";
        assert_eq!(
            kept(said, "U.S. Treasury"),
            [("U.S. Treasury".to_string(), org)]
        );
    }

    #[test]
    fn a_surname_with_a_particle_joins_the_person_whatever_its_type() {
        let e = extract_entities(
            "The Secretary of State for the Economy, Guillermo De la Dehesa, told Reuters \
             the tariffs would change. De la Dehesa said the banks would lend again. \
             Finance Minister Barend du Plessis agreed. Du Plessis said so in Pretoria.",
        );
        for full in ["Guillermo De la Dehesa", "Barend du Plessis"] {
            let person = e
                .iter()
                .find(|e| e.name == full)
                .unwrap_or_else(|| panic!("{full}: {e:?}"));
            assert_eq!(
                (person.kind, person.mentions),
                (EntityType::Per, 2),
                "{e:?}"
            );
        }
        assert!(
            !e.iter()
                .any(|e| e.name == "De la Dehesa" || e.name == "Du Plessis"),
            "{e:?}"
        );
    }

    #[test]
    fn an_article_spelling_a_name_two_ways_names_one_entity() {
        let e = extract_entities(
            "JPMorgan advised the club. JP Morgan may still help, said the Institute for \
             Fiscal Studies. The Institute of Fiscal Studies and the Disasters Emergency \
             Committee agreed; the Disaster Emergency Committee said so too.",
        );
        let names: Vec<&str> = e.iter().map(|e| e.name.as_str()).collect();
        assert!(
            names.contains(&"JPMorgan") && !names.contains(&"JP Morgan"),
            "{e:?}"
        );
        let ifs = names.iter().filter(|n| n.contains("Fiscal")).count();
        assert_eq!(ifs, 1, "{e:?}");
        let dec = names.iter().filter(|n| n.contains("Emergency")).count();
        assert_eq!(dec, 1, "{e:?}");
        assert_eq!(spelling_key("Half Life 2"), spelling_key("Half-Life 2"));
        // People of one letter apart stay apart.
        assert_ne!(
            spelling_key("Robin Williams"),
            spelling_key("Robin William")
        );
    }

    #[test]
    fn a_possessive_splits_a_name_when_the_owner_is_named_alone() {
        let e = names(
            "The single took the top spot, ahead of Elvis. Elvis' Wooden Heart entered at \
             number two.",
        );
        assert!(e.iter().any(|(_, name)| name == "Wooden Heart"), "{e:?}");
        assert!(!e.iter().any(|(_, n)| n.starts_with("Elvis'")), "{e:?}");
        // An owner never named alone keeps its tail: a band, not Destiny and a child.
        let body = "Soldier, by Destiny's Child, debuted at number four.";
        let m = Mention {
            start: 12,
            end: 27,
            ty: 1,
            sentence_initial: false,
        };
        let kept = split_possessives(body, vec![m]);
        assert_eq!(kept.len(), 1);
        assert_eq!(&body[kept[0].start..kept[0].end], "Destiny's Child");
    }

    #[test]
    fn a_word_capitalised_after_an_initialism_is_not_part_of_a_name() {
        let e = names(
            "U.S. Officials do not expect concessions, officials said. The U.S. Will also \
             press Japan, which will not move. The U.S. Treasury and the USDA declined comment, \
             as did the Federal Reserve Board.",
        );
        let has = |t: &str, n: &str| e.iter().any(|(k, name)| k == t && name == n);
        assert!(
            !e.iter()
                .any(|(_, n)| n.contains("Official") || n.contains("Will")),
            "{e:?}"
        );
        assert!(has("LOC", "United States"), "{e:?}");
        assert!(
            has("ORG", "United States Department of the Treasury"),
            "{e:?}"
        );
        assert!(
            has("ORG", "United States Department of Agriculture"),
            "{e:?}"
        );
        assert!(has("ORG", "Federal Reserve"), "{e:?}");
    }

    #[test]
    fn noise_words_are_not_entities() {
        let got = names(
            "Shares of Acme Corp rose at 1400 GMT before Christmas, said John Smith MBE. \
             Sales of PCs and TV sets rose. Reuter",
        );
        for noise in ["GMT", "Christmas", "MBE", "PCs", "TV", "Reuter", "Corp"] {
            assert!(!got.iter().any(|(_, n)| n == noise), "{noise}: {got:?}");
        }
        let got = names(
            "Gross National Product rose 2 pct. Nine Mths net was up. The UK-based \
             firm Acme opened in Palo Alto, Calif., and Chancellor of the Exchequer Nigel \
             Lawson spoke to the G-7.",
        );
        for noise in ["Gross National Product", "Nine Mths", "UK-based", "Calif"] {
            assert!(!got.iter().any(|(_, n)| n == noise), "{noise}: {got:?}");
        }
        // A company's "S.A" (as Reuters writes it) is its legal form, not Saudi Arabia;
        // Treasurys are securities.
        let wire = names("Petroleos de Venezuela S.A said long Treasurys rose.");
        assert!(
            wire.contains(&("ORG".into(), "Petroleos de Venezuela".into())),
            "{wire:?}"
        );
        assert!(
            !wire
                .iter()
                .any(|(_, n)| n.contains("S.A") || n.contains("Treasur")),
            "{wire:?}"
        );
        assert_eq!(compound_head("UK-based"), Some(2));
        assert_eq!(compound_head("Oscar-winning"), Some(5));
        assert_eq!(compound_head("Half-Life"), None);
        assert_eq!(compound_head("Park Ji-sung"), None);
        assert!(
            got.contains(&("LOC".into(), "California".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&("PER".into(), "Nigel Lawson".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&("ORG".into(), "Group of Seven".into())),
            "{got:?}"
        );
    }
}
