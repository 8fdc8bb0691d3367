//! National bodies named bare: "Parliament", "the Treasury", "the Finance Ministry" are
//! one country's, and which one the article says, not the name. A country written just
//! before the body ("Spain's Finance Ministry", "the Italian Foreign Ministry") owns it.
//! Otherwise an article's home country is the one its names point to
//! (`data/gazetteer/national.tsv`: places, demonyms, parties, people and institutions of a
//! country; any UN member state named as a place; for the United States its states and
//! its federal bodies named in full; the dateline's place and the title's country
//! names), when one country has at least `MIN_EVIDENCE` of them and `DOMINANCE`
//! times the next one's; an organisation named bare there takes the guidelines' name of
//! that country's body ("Parliament" in a British article → "Parliament of the United
//! Kingdom", in a Japanese one → "National Diet"; "Treasury" in a US one → "United
//! States Department of the Treasury"). Only countries that have a body of the name
//! count for it (`owner_of`), and a ministry named after its subject takes its country's
//! name when the table has no line for it ("Ministry of Finance (France)", `body_of`).
//! Elsewhere the bare name stays as written, but for a US department in the American
//! form ("Defense Department") in an article naming no other country.

use crate::analyze::entities::{rename_or_join, EntityMention};
use crate::analyze::gazetteer::{federal_key, sections, us_federal_body, us_institution};
use crate::model::{Entity, EntityType};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Names of a country an article needs before it is that country's article.
const MIN_EVIDENCE: usize = 2;
/// How many times the next country's evidence the home country's must be.
const DOMINANCE: usize = 2;
/// What the dateline's place counts for, beside one mention of a name.
const DATELINE_WEIGHT: usize = 2;
/// What the one country a title names counts for (once, however often it is named).
const TITLE_WEIGHT: usize = 2;
/// The longest cue, in words, looked for in a title or before a body ("South Korean").
const MAX_CUE_WORDS: usize = 3;

/// What an article says of where it is from outside its body: its dateline's place
/// ("TOKYO") and its title ("SPAIN DEREGULATES BANK DEPOSIT RATES").
#[derive(Clone, Copy, Debug, Default)]
pub struct Setting<'a> {
    pub place: Option<&'a str>,
    pub title: Option<&'a str>,
}

/// The table of `national.tsv`: cues (lower-case name → country) and bodies (lower-case
/// bare name → country → canonical name).
struct National {
    cues: HashMap<String, &'static str>,
    bodies: HashMap<String, HashMap<&'static str, &'static str>>,
}

impl National {
    /// The canonical name of `country`'s body named `bare` (lower case), if listed.
    fn body(&self, bare: &str, country: &str) -> Option<&'static str> {
        self.bodies.get(bare)?.get(country).copied()
    }
}

static TABLE: LazyLock<National> =
    LazyLock::new(|| parse(include_str!("../../data/gazetteer/national.tsv")));

/// The UN member states, as `data/gazetteer/loc.txt` lists them in its first section
/// (lower case → the name).
static STATES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    sections(
        include_str!("../../data/gazetteer/loc.txt"),
        &["UN member states"],
    )
    .map(|s| (s.to_lowercase(), s))
    .collect()
});

/// The states of the United States, as `data/gazetteer/loc.txt` lists them (lower case).
static US_STATES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    sections(include_str!("../../data/gazetteer/loc.txt"), &["US states"])
        .map(str::to_lowercase)
        .collect()
});

/// The country a name points to: a cue of the table, else a UN member state's own name,
/// else, for the United States, one of its states ("Texas"; Georgia is the country).
fn cue(name: &str) -> Option<&'static str> {
    let key = name.trim().to_lowercase();
    TABLE
        .cues
        .get(&key)
        .or_else(|| STATES.get(&key))
        .copied()
        .or_else(|| US_STATES.contains(&key).then_some("United States"))
}

/// The country named by the words that end `text` ("... Spain's", "... the South Korean"),
/// longest name first.
fn country_ending(text: &str) -> Option<&'static str> {
    let text = text.trim_end();
    let text = ["'s", "’s"]
        .iter()
        .find_map(|s| text.strip_suffix(s))
        .unwrap_or(text);
    let words: Vec<&str> = text.split_whitespace().rev().take(MAX_CUE_WORDS).collect();
    (1..=words.len()).rev().find_map(|n| {
        let mut run: Vec<&str> = words[..n].to_vec();
        run.reverse();
        cue(&run.join(" "))
    })
}

/// The countries a title names ("ZIMBABWE'S MAIZE MOUNTAIN", "U.S. URGES JAPAN ..."),
/// each once.
fn title_countries(title: &str) -> Vec<&'static str> {
    let words: Vec<&str> = title
        .split_whitespace()
        .map(|w| {
            let w = w.trim_matches(|c: char| matches!(c, ',' | ':' | ';' | '"' | '(' | ')'));
            ["'s", "’s", "'S", "’S"]
                .iter()
                .find_map(|s| w.strip_suffix(s))
                .unwrap_or(w)
        })
        .collect();
    let mut found = Vec::new();
    for i in 0..words.len() {
        for n in 1..=MAX_CUE_WORDS.min(words.len() - i) {
            if let Some(country) = cue(&words[i..i + n].join(" ")) {
                if !found.contains(&country) {
                    found.push(country);
                }
            }
        }
    }
    found
}

fn parse(text: &'static str) -> National {
    let mut t = National {
        cues: HashMap::new(),
        bodies: HashMap::new(),
    };
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        match line.split('\t').collect::<Vec<_>>().as_slice() {
            ["cue", name, country] => {
                t.cues.insert(name.to_lowercase(), *country);
            }
            ["body", bare, country, canonical] => {
                t.bodies
                    .entry(bare.to_lowercase())
                    .or_default()
                    .insert(*country, *canonical);
            }
            _ => panic!("national.tsv: malformed line {line:?}"),
        }
    }
    t
}

/// The countries an article's names point to, with their evidence, most first.
fn countries(entities: &[Entity], setting: Setting) -> Vec<(&'static str, usize)> {
    let mut evidence: HashMap<&'static str, usize> = HashMap::new();
    for e in entities {
        // A state's name is a place's (a "Korea Exchange Bank" is no evidence).
        let named = match e.kind {
            // An American federal body, named in full ("United States Navy"; not the
            // company "United States Steel").
            EntityType::Org if us_body_in_full(&e.name) => Some("United States"),
            EntityType::Org | EntityType::Per => TABLE.cues.get(&e.name.to_lowercase()).copied(),
            _ => cue(&e.name),
        };
        if let Some(country) = named {
            *evidence.entry(country).or_default() += e.mentions;
        }
    }
    if let Some(country) = setting
        .place
        .and_then(|p| TABLE.cues.get(&p.trim().to_lowercase()))
    {
        *evidence.entry(country).or_default() += DATELINE_WEIGHT;
    }
    // A title naming two countries ("Venezuela and China sign oil deal") says nothing
    // of which is home.
    let titled = setting.title.map(title_countries).unwrap_or_default();
    if let [country] = titled.as_slice() {
        *evidence.entry(country).or_default() += TITLE_WEIGHT;
    }
    let mut ranked: Vec<(&'static str, usize)> = evidence.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    ranked
}

/// Whether a name is a United States federal body's in full ("United States Navy",
/// "United States Department of Defense"), as `us_institution` reads it.
fn us_body_in_full(name: &str) -> bool {
    name.starts_with("United States ") && us_institution(name).is_some()
}

/// The country an article is about, of the countries its names point to.
fn home_of(ranked: &[(&'static str, usize)]) -> Option<&'static str> {
    let (best, n) = *ranked.first()?;
    let next = ranked.get(1).map_or(0, |c| c.1);
    (n >= MIN_EVIDENCE && n >= DOMINANCE * next).then_some(best)
}

/// The country whose body a bare name is in an article: the home country of the
/// countries that have a body of that name (a US federal body, a line of the table, or,
/// but for the US and the UK, whose bodies are all known, a ministry named after its
/// subject). A Tokyo report quoting Washington at length still means Japan's when it
/// says "the Finance Ministry", and one about the State Department means the American
/// one whatever other countries it names.
fn owner_of(ranked: &[(&'static str, usize)], bare: &str) -> Option<&'static str> {
    let key = bare.to_lowercase();
    let can: Vec<(&'static str, usize)> = ranked
        .iter()
        .copied()
        .filter(|&(c, _)| owns(c, &key))
        .collect();
    home_of(&can)
}

/// Whether `country` has a body named `key` (lower case).
fn owns(country: &str, key: &str) -> bool {
    match country {
        "United States" => us_federal_body(key).is_some(),
        _ if TABLE.body(key, country).is_some() => true,
        "United Kingdom" => false,
        _ => ministry_subject(key).is_some(),
    }
}

/// The country written just before the mentions of entity `k` that owns a body of its
/// name ("Spain's Finance Ministry"), when every such mention names the same one.
fn written_owner(
    body: &str,
    mentions: &[EntityMention],
    k: usize,
    bare: &str,
) -> Option<&'static str> {
    let key = bare.to_lowercase();
    let mut owners = mentions
        .iter()
        .filter(|m| m.entity == k)
        .filter_map(|m| body.get(..m.start).and_then(country_ending))
        .filter(|c| owns(c, &key));
    let first = owners.next()?;
    owners.all(|c| c == first).then_some(first)
}

/// The ministries a country names after their subject, and the subject's name in
/// "Ministry of Finance (Japan)", the annotators' form for a country's ministry.
const MINISTRIES: &[(&str, &str)] = &[
    ("finance", "Finance"),
    ("foreign", "Foreign Affairs"),
    ("foreign affairs", "Foreign Affairs"),
    ("agriculture", "Agriculture"),
    ("trade", "Trade"),
    ("commerce", "Commerce"),
    ("industry", "Industry"),
    ("energy", "Energy"),
    ("oil", "Oil"),
    ("economy", "Economy"),
    ("transport", "Transport"),
];

/// "Finance Ministry" or "Ministry of Finance" → the subject's name ("Finance").
fn ministry_subject(key: &str) -> Option<&'static str> {
    let subject = key
        .strip_suffix(" ministry")
        .or_else(|| key.strip_prefix("ministry of "))?;
    MINISTRIES
        .iter()
        .find(|(k, _)| *k == subject)
        .map(|&(_, name)| name)
}

/// Whether a name is one some country's body is named bare by (in any article).
fn is_bare_body(name: &str) -> bool {
    let key = name.to_lowercase();
    TABLE.bodies.contains_key(&key)
        || us_federal_body(&key).is_some()
        || ministry_subject(&key).is_some()
}

/// The name of the body a bare organisation name stands for in an article about `home`:
/// the table's, a US federal body, or a ministry named with its country.
fn body_of(bare: &str, home: &str) -> Option<String> {
    let key = bare.to_lowercase();
    if home == "United States" {
        return us_federal_body(&key).filter(|full| !full.eq_ignore_ascii_case(bare));
    }
    if let Some(full) = TABLE.body(&key, home) {
        return Some(full.to_string());
    }
    if home == "United Kingdom" {
        return None;
    }
    ministry_subject(&key).map(|subject| format!("Ministry of {subject} ({home})"))
}

/// The United States department a name in the American form "Defense Department",
/// "Commerce Department" stands for in an article naming no country but the US (not
/// enough to make it the home country): other countries' departments are "Department of
/// Health", "Department for Transport" or ministries, and in the annotated training
/// articles every bare "X Department" of a US department but one (an Irish article's
/// Agriculture Department, whose names point to Ireland) was the US one. A bare
/// "Treasury" or "State" stays as written.
fn american_department(name: &str) -> Option<String> {
    let key = federal_key(name);
    key.ends_with(" department")
        .then(|| us_federal_body(&key))
        .flatten()
}

/// Renames the organisations of an article named bare to the body of its home country;
/// one the article also names in full joins that entity (its mentions point there).
pub fn name_national_bodies(
    body: &str,
    entities: &mut Vec<Entity>,
    mentions: &mut [EntityMention],
    setting: Setting,
) {
    // The home country is only worked out for an article naming a body bare.
    if !entities
        .iter()
        .any(|e| e.kind == EntityType::Org && is_bare_body(&e.name))
    {
        return;
    }
    let ranked = countries(entities, setting);
    let home = home_of(&ranked);
    // With no home, an American-style department name is the US one unless the article
    // names another country at all.
    let only_us = home.is_none()
        && ranked.iter().all(|(c, _)| *c == "United States")
        && !entities.iter().any(|e| {
            e.kind == EntityType::Loc
                && e.name != "United States"
                && STATES.contains_key(&e.name.to_lowercase())
        });
    let mut k = 0;
    while k < entities.len() {
        let e = &entities[k];
        let owner = (e.kind == EntityType::Org && is_bare_body(&e.name))
            .then(|| {
                written_owner(body, mentions, k, &e.name).or_else(|| owner_of(&ranked, &e.name))
            })
            .flatten();
        let full = match owner {
            _ if e.kind != EntityType::Org => None,
            Some(owner) => body_of(&e.name, owner),
            None if only_us => american_department(&e.name),
            None => None,
        };
        let Some(full) = full else {
            k += 1;
            continue;
        };
        // A country's body is an organisation for certain (`entity_check` keeps it).
        if !rename_or_join(entities, mentions, k, full, true) {
            k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dateline(place: &str) -> Setting<'_> {
        Setting {
            place: Some(place),
            title: None,
        }
    }

    /// The country an article is about, from its entities and its dateline's place.
    fn home_country(entities: &[Entity], place: Option<&str>) -> Option<&'static str> {
        home_of(&countries(entities, Setting { place, title: None }))
    }

    #[test]
    fn the_table_parses_and_every_body_country_has_cues() {
        let t = &*TABLE;
        assert!(t.cues.len() > 50 && t.bodies.values().map(HashMap::len).sum::<usize>() > 20);
        assert_eq!(STATES.len(), 193);
        for country in t.bodies.values().flat_map(HashMap::keys) {
            assert!(
                t.cues.values().any(|c| c == country),
                "{country} has no cue"
            );
        }
    }

    #[test]
    fn the_home_country_needs_evidence_and_dominance() {
        let uk = [
            Entity::new(EntityType::Per, "Tony Blair", 2),
            Entity::new(EntityType::Org, "Labour Party", 1),
            Entity::new(EntityType::Loc, "United States", 1),
        ];
        assert_eq!(home_country(&uk, None), Some("United Kingdom"));
        // One name is not enough; two countries alike are no home.
        assert_eq!(home_country(&uk[1..2], None), None);
        let split = [
            Entity::new(EntityType::Loc, "Japan", 2),
            Entity::new(EntityType::Loc, "United States", 2),
        ];
        assert_eq!(home_country(&split, None), None);
        // The dateline's place tips it.
        assert_eq!(home_country(&split, Some("TOKYO")), Some("Japan"));
    }

    #[test]
    fn a_bare_body_takes_its_countrys_name_or_joins_the_full_one() {
        let mut es = vec![
            Entity::new(EntityType::Loc, "Japan", 3),
            Entity::new(EntityType::Org, "Parliament", 1),
            Entity::new(EntityType::Org, "Finance Ministry", 2),
            Entity::new(EntityType::Org, "Ministry of Finance (Japan)", 1),
            Entity::new(EntityType::Per, "Treasury", 1),
        ];
        let mut ms: Vec<EntityMention> = [0, 1, 2, 3, 2, 4]
            .iter()
            .enumerate()
            .map(|(i, &entity)| EntityMention {
                start: i * 10,
                end: i * 10 + 5,
                entity,
                kind: EntityType::Org,
                certain: false,
            })
            .collect();
        name_national_bodies("", &mut es, &mut ms, Setting::default());
        let names: Vec<&str> = es.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Japan",
                "National Diet",
                "Ministry of Finance (Japan)",
                "Treasury"
            ]
        );
        assert_eq!(es[1].aliases, ["Parliament"]);
        assert_eq!(es[2].mentions, 3);
        assert!(es[2].aliases.contains(&"Finance Ministry".to_string()));
        let by: Vec<usize> = ms.iter().map(|m| m.entity).collect();
        assert_eq!(by, [0, 1, 2, 2, 2, 3]);
    }

    #[test]
    fn a_us_article_names_federal_bodies_and_others_stay_bare() {
        let mut es = vec![
            Entity::new(EntityType::Loc, "United States", 2),
            Entity::new(EntityType::Org, "Treasury", 1),
            Entity::new(EntityType::Org, "Parliament", 1),
        ];
        let mut ms = Vec::new();
        name_national_bodies("", &mut es, &mut ms, dateline("WASHINGTON"));
        assert_eq!(es[1].name, "United States Department of the Treasury");
        assert_eq!(es[2].name, "Parliament");
        let mut none = vec![Entity::new(EntityType::Org, "Treasury", 1)];
        name_national_bodies("", &mut none, &mut ms, Setting::default());
        assert_eq!(none[0].name, "Treasury");
    }

    #[test]
    fn a_bare_body_belongs_to_a_country_that_has_one() {
        let mut ms = Vec::new();
        // A Tokyo report quoting Washington at length: the US has no "Finance Ministry".
        let mut tokyo = vec![
            Entity::new(EntityType::Loc, "United States", 6),
            Entity::new(EntityType::Loc, "Japan", 2),
            Entity::new(EntityType::Org, "Finance Ministry", 1),
            Entity::new(EntityType::Org, "State Department", 1),
        ];
        name_national_bodies("", &mut tokyo, &mut ms, dateline("TOKYO"));
        assert_eq!(tokyo[2].name, "Ministry of Finance (Japan)");
        // Japan has no "State Department": the American one, whatever Japan's evidence.
        assert_eq!(tokyo[3].name, "United States Department of State");
        // A country with no line of its own names its ministries after their subject.
        let mut paris = vec![
            Entity::new(EntityType::Loc, "France", 2),
            Entity::new(EntityType::Org, "Foreign Ministry", 1),
            Entity::new(EntityType::Org, "Agriculture Ministry", 1),
        ];
        name_national_bodies("", &mut paris, &mut ms, dateline("PARIS"));
        assert_eq!(paris[1].name, "Ministry of Foreign Affairs (France)");
        assert_eq!(paris[2].name, "Ministry of Agriculture (France)");
        // The UK's bodies are all known: a British article's "Finance Ministry" is some
        // other country's, and none is named, so it stays as written.
        let mut london = vec![
            Entity::new(EntityType::Loc, "United Kingdom", 3),
            Entity::new(EntityType::Org, "Finance Ministry", 1),
            Entity::new(EntityType::Org, "Defence Ministry", 1),
        ];
        name_national_bodies("", &mut london, &mut ms, dateline("LONDON"));
        assert_eq!(london[1].name, "Finance Ministry");
        assert_eq!(london[2].name, "Ministry of Defence");
    }

    #[test]
    fn a_country_before_the_body_or_in_the_title_names_its_owner() {
        let mention = |entity, start, end| EntityMention {
            start,
            end,
            entity,
            kind: EntityType::Org,
            certain: false,
        };
        // "Spain's" and "the Italian" before the body decide, whatever the article's home.
        let body = "Spain's Finance Ministry said so.";
        let mut es = vec![Entity::new(EntityType::Org, "Finance Ministry", 1)];
        let mut ms = vec![mention(0, 8, 24)];
        name_national_bodies(body, &mut es, &mut ms, Setting::default());
        assert_eq!(es[0].name, "Ministry of Finance (Spain)");
        let body = "Japan and Japan met, the Italian Foreign Ministry said.";
        let mut es = vec![
            Entity::new(EntityType::Loc, "Japan", 2),
            Entity::new(EntityType::Org, "Foreign Ministry", 1),
        ];
        let mut ms = vec![mention(0, 0, 5), mention(0, 10, 15), mention(1, 33, 49)];
        name_national_bodies(body, &mut es, &mut ms, Setting::default());
        assert_eq!(es[1].name, "Ministry of Foreign Affairs (Italy)");
        // A UN member state named as a place is evidence, and so is a title naming one
        // country; a title naming two is none.
        let zimbabwe = |title| {
            let mut es = vec![
                Entity::new(EntityType::Loc, "Zimbabwe", 1),
                Entity::new(EntityType::Org, "Agriculture Ministry", 1),
            ];
            let setting = Setting {
                place: None,
                title: Some(title),
            };
            name_national_bodies("", &mut es, &mut Vec::new(), setting);
            es[1].name.clone()
        };
        assert_eq!(
            zimbabwe("ZIMBABWE'S MAIZE MOUNTAIN"),
            "Ministry of Agriculture (Zimbabwe)"
        );
        assert_eq!(zimbabwe("ZIMBABWE AND ZAMBIA TALK"), "Agriculture Ministry");
    }

    #[test]
    fn a_named_body_is_certain_for_the_entity_check() {
        let mut es = vec![
            Entity::new(EntityType::Loc, "Switzerland", 2),
            Entity::new(EntityType::Org, "Finance Ministry", 1),
        ];
        let mut ms = vec![EntityMention {
            start: 0,
            end: 16,
            entity: 1,
            kind: EntityType::Org,
            certain: false,
        }];
        name_national_bodies("", &mut es, &mut ms, dateline("BERNE"));
        assert_eq!(es[1].name, "Federal Department of Finance");
        assert!(ms[0].certain);
    }

    #[test]
    fn an_american_department_is_the_us_one_unless_another_country_is_named() {
        let mut ms = Vec::new();
        let mut bare = vec![
            Entity::new(EntityType::Org, "Defense  Department", 1),
            Entity::new(EntityType::Org, "Treasury", 1),
            Entity::new(EntityType::Org, "Finance Department", 1),
        ];
        name_national_bodies("", &mut bare, &mut ms, Setting::default());
        let names: Vec<&str> = bare.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "United States Department of Defense",
                "Treasury",
                "Finance Department"
            ]
        );
        let mut irish = vec![
            Entity::new(EntityType::Loc, "Ireland", 1),
            Entity::new(EntityType::Org, "Agriculture Department", 1),
        ];
        name_national_bodies("", &mut irish, &mut ms, Setting::default());
        assert_eq!(irish[1].name, "Agriculture Department");
    }

    #[test]
    fn us_states_federal_bodies_and_a_titles_us_point_to_the_united_states() {
        let mut ms = Vec::new();
        // Two states make the US home (Georgia stays the country).
        let mut es = vec![
            Entity::new(EntityType::Loc, "Texas", 1),
            Entity::new(EntityType::Loc, "California", 1),
            Entity::new(EntityType::Org, "Marine Corps", 1),
        ];
        name_national_bodies("", &mut es, &mut ms, Setting::default());
        assert_eq!(es[2].name, "United States Marine Corps");
        assert_eq!(cue("Georgia"), Some("Georgia"));
        // A federal body named in full counts for the US like a place.
        let mut es = vec![
            Entity::new(EntityType::Org, "United States Navy", 2),
            Entity::new(EntityType::Org, "Coast Guard", 1),
        ];
        name_national_bodies("", &mut es, &mut ms, Setting::default());
        assert_eq!(es[1].name, "United States Coast Guard");
        assert!(!us_body_in_full("United States Steel"));
        // "U.S." in a title.
        let mut es = vec![Entity::new(
            EntityType::Org,
            "Department of Transportation",
            1,
        )];
        let setting = Setting {
            place: None,
            title: Some("U.S. SAYS USAIR MAY BUY 51 PCT OF PIEDMONT"),
        };
        name_national_bodies("", &mut es, &mut ms, setting);
        assert_eq!(es[0].name, "United States Department of Transportation");
    }
}
