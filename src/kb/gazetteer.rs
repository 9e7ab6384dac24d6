//! Built-in world knowledge, read from the data files in `data/`: ISO 3166 countries with their
//! names and demonyms, international organisations with acronyms, world places, and words that
//! look like names but are not entities.

use crate::base::text::{compact_key, compact_key_into, fold, loose_key};
use crate::kb::model::EntityKind;
// Static lookups of world knowledge asked for every capitalised word: FxHash, not SipHash
// (no untrusted keys can make the tables degrade in a way that matters for a local tool).
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

const COUNTRIES: &str = include_str!("../../data/countries.tsv");
const ORGANIZATIONS: &str = include_str!("../../data/organizations.tsv");
const PLACES: &str = include_str!("../../data/places.tsv");
const NOT_ENTITIES: &str = include_str!("../../data/not-entities.txt");
const OTHER_SENSES: &str = include_str!("../../data/other-senses.tsv");

/// One entry of the built-in lists.
#[derive(Clone, Debug)]
pub struct GazEntry {
    pub name: String,
    pub kind: EntityKind,
    /// Other names (not including `name`, acronyms or demonyms).
    pub aliases: Vec<String>,
    pub acronyms: Vec<String>,
    /// For countries: adjectives and demonyms (`Vietnamese`, `Lao`).
    pub demonyms: Vec<String>,
    /// For countries: ISO 3166-1 alpha-2, alpha-3 and numeric codes.
    pub iso: Option<[String; 3]>,
    /// For places: the ISO alpha-2 code of the country they are in.
    pub country: Option<String>,
    /// Subtype from the data file (`capital`, `city`, `un-system`, ...).
    pub subtype: String,
}

impl GazEntry {
    /// Every form: name, aliases, acronyms and demonyms.
    pub fn forms(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .chain(&self.acronyms)
            .chain(&self.demonyms)
    }
}

pub struct Gazetteer {
    pub entries: Vec<GazEntry>,
    by_key: FxHashMap<String, Vec<usize>>,
    by_loose: FxHashMap<String, Vec<usize>>,
    by_iso2: HashMap<String, usize>,
    not_entities: FxHashSet<String>,
    not_entity_words: FxHashSet<String>,
    other_senses: Vec<OtherSense>,
}

/// A country's name or demonym that some articles use for something else (`Georgia`, a state
/// of the United States; `Indian`, of the first peoples of the Americas): see
/// [`ArticleSenses`].
struct OtherSense {
    /// The form's compact key.
    form: String,
    country: usize,
    /// The country whose places, named in an article, speak for the other sense.
    places_of: Option<usize>,
    /// Lower-case words or phrases that speak for the other sense.
    cues: Vec<String>,
}

fn loose_compact(s: &str) -> String {
    loose_key(s).replace(' ', "")
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Demonyms with their plural nouns (`Cambodian` → `Cambodians`, `Thai` → `Thais`); those in
/// `-ese`, `-s`, `-sh`, `-ch` have none of their own (`the Vietnamese`, `the French`).
fn with_plurals(demonyms: Vec<String>) -> Vec<String> {
    let mut out = demonyms.clone();
    for d in &demonyms {
        let l = d.to_lowercase();
        let plural = !(l.ends_with("ese")
            || l.ends_with('s')
            || l.ends_with("sh")
            || l.ends_with("ch")
            || l.ends_with('x')
            || l.ends_with('z'))
            && d.chars().last().is_some_and(char::is_alphabetic);
        let p = format!("{d}s");
        if plural && !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
}

fn col<'a>(r: &[&'a str], i: usize) -> &'a str {
    r.get(i).copied().unwrap_or("").trim()
}

impl Gazetteer {
    /// The built-in gazetteer, parsed once.
    pub fn builtin() -> &'static Gazetteer {
        static G: LazyLock<Gazetteer> =
            LazyLock::new(|| Gazetteer::parse(COUNTRIES, ORGANIZATIONS, PLACES, NOT_ENTITIES));
        &G
    }

    pub fn parse(countries: &str, orgs: &str, places: &str, not_entities: &str) -> Gazetteer {
        let mut entries = Vec::new();
        for r in rows(countries) {
            entries.push(GazEntry {
                name: col(&r, 3).to_string(),
                kind: EntityKind::Country,
                aliases: split_list(col(&r, 4)),
                acronyms: Vec::new(),
                demonyms: with_plurals(split_list(col(&r, 5))),
                iso: Some([col(&r, 0).into(), col(&r, 1).into(), col(&r, 2).into()]),
                country: None,
                subtype: "country".into(),
            });
        }
        for r in rows(orgs) {
            entries.push(GazEntry {
                name: col(&r, 0).to_string(),
                kind: EntityKind::Organization,
                acronyms: split_list(col(&r, 1)),
                aliases: split_list(col(&r, 2)),
                demonyms: Vec::new(),
                iso: None,
                country: None,
                subtype: col(&r, 3).to_string(),
            });
        }
        for r in rows(places) {
            let country = col(&r, 2);
            entries.push(GazEntry {
                name: col(&r, 0).to_string(),
                kind: EntityKind::Place,
                aliases: split_list(col(&r, 1)),
                acronyms: Vec::new(),
                demonyms: Vec::new(),
                iso: None,
                country: (!country.is_empty()).then(|| country.to_string()),
                subtype: col(&r, 3).to_string(),
            });
        }
        entries.retain(|e| !e.name.is_empty());
        let mut by_key: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut by_loose: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut by_iso2 = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            for f in e.forms() {
                for (map, key) in [
                    (&mut by_key, compact_key(f)),
                    (&mut by_loose, loose_compact(f)),
                ] {
                    let list = map.entry(key).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
            if let Some(iso) = &e.iso {
                by_iso2.insert(iso[0].to_ascii_uppercase(), i);
            }
        }
        let mut ne = FxHashSet::default();
        let mut new = FxHashSet::default();
        for l in not_entities.lines().map(str::trim) {
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            ne.insert(l.to_string());
            new.insert(fold(l));
        }
        let mut g = Gazetteer {
            entries,
            by_key,
            by_loose,
            by_iso2,
            not_entities: ne,
            not_entity_words: new,
            other_senses: Vec::new(),
        };
        g.other_senses = rows(OTHER_SENSES)
            .filter_map(|r| {
                Some(OtherSense {
                    form: compact_key(col(&r, 0)),
                    country: g.country_by_iso2(col(&r, 1))?,
                    places_of: g.country_by_iso2(col(&r, 2)),
                    cues: split_list(col(&r, 3)),
                })
            })
            .collect();
        g
    }

    /// Entries any of whose forms has the same compact key as `name`.
    pub fn lookup(&self, name: &str) -> &[usize] {
        // the key is built in a reused buffer: this runs for many token spans of every article
        thread_local!(static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) });
        KEY.with_borrow_mut(|key| {
            compact_key_into(name, key);
            self.by_key.get(key.as_str()).map_or(&[][..], Vec::as_slice)
        })
    }

    /// Entries whose forms match `name` loosely (plural and possessive endings ignored):
    /// `United Nation` finds `United Nations`.
    pub fn lookup_loose(&self, name: &str) -> &[usize] {
        match self.lookup(name) {
            [] => self
                .by_loose
                .get(&loose_compact(name))
                .map_or(&[], Vec::as_slice),
            found => found,
        }
    }

    /// The first entry of `kind` for `name`.
    pub fn lookup_kind(&self, name: &str, kind: EntityKind) -> Option<usize> {
        self.lookup(name)
            .iter()
            .copied()
            .find(|&i| self.entries[i].kind == kind)
    }

    /// Whether `s` is one of the demonyms or adjectives of entry `i` (`Lao`, `Vietnamese`).
    pub fn is_demonym_of(&self, i: usize, s: &str) -> bool {
        let k = compact_key(s);
        self.entries[i].demonyms.iter().any(|d| compact_key(d) == k)
    }

    pub fn country_by_iso2(&self, iso2: &str) -> Option<usize> {
        self.by_iso2.get(&iso2.to_ascii_uppercase()).copied()
    }

    /// The country of the place called `name`, when the lists know one.
    pub fn place_country(&self, name: &str) -> Option<usize> {
        self.lookup_kind(name, EntityKind::Place)
            .and_then(|g| self.entries[g].country.as_deref())
            .and_then(|iso| self.country_by_iso2(iso))
    }

    /// Whether the name of `country` at `span` of `text` names something else there: the end
    /// of a place's name (`New Mexico`, `Gulf of Oman`), a region after a place of another
    /// country (`Atlanta, Georgia`), a town in another country's state (`Grenada,
    /// Mississippi`), or, in this article, the form's other sense ([`ArticleSenses`]). Only
    /// the words on the same line count, but for the article's sense (`data/other-senses.tsv`).
    /// Whether `text[span]` is followed by `, <a state of a country other than country>`: a
    /// town there named like a country or a foreign place (`Grenada, Mississippi`, `Dublin,
    /// Ohio`).
    pub fn state_of_another_country_after(
        &self,
        text: &str,
        span: &Range<usize>,
        country: usize,
    ) -> bool {
        let Some(after) = text[span.end..].strip_prefix(", ") else {
            return false;
        };
        let line = after.split('\n').next().unwrap_or("");
        let words: Vec<&str> = line.split(' ').take(3).collect();
        (1..=words.len()).any(|n| {
            let place = words[..n].join(" ");
            let place = place.trim_end_matches([',', '.', ';', ')']);
            self.lookup_kind(place, EntityKind::Place).is_some_and(|g| {
                self.entries[g].subtype == "state"
                    && self.place_country(place).is_some_and(|c| c != country)
            })
        })
    }

    pub fn country_name_elsewhere(
        &self,
        senses: &ArticleSenses,
        span: &Range<usize>,
        country: usize,
    ) -> bool {
        let text = senses.text;
        if self.other_sense_at(senses, span, country) {
            return true;
        }
        let name = &text[span.clone()];
        // (two words back at most are read: 120 bytes of the line)
        let lo = text.floor_char_boundary(span.start.saturating_sub(120));
        let line_before = text[lo..span.start].rsplit('\n').next().unwrap_or("");
        // `New Mexico`, `Dominican Republic-Central America`: one or two capitalised words
        // right before make a place's name
        if let Some(before) = line_before.strip_suffix([' ', '-', '–', '—', '/']) {
            let words: Vec<&str> = before.rsplit([' ', '-', '–', '—', '/']).take(2).collect();
            let part_of_place = (1..=words.len()).any(|n| {
                let prefix: Vec<&str> = words[..n].iter().rev().copied().collect();
                prefix[0].starts_with(char::is_uppercase)
                    && self
                        .lookup_kind(&format!("{} {name}", prefix.join(" ")), EntityKind::Place)
                        .is_some()
            });
            if part_of_place {
                return true;
            }
        }
        // `Grenada, Mississippi`
        if self.state_of_another_country_after(text, span, country) {
            return true;
        }
        // `Atlanta, Georgia`
        let Some(before) = line_before.strip_suffix(", ") else {
            return false;
        };
        // (only a country's name that is also a region of the place's country: `El Salvador,
        // Argentina` and `Lagos, Ghana` are lists)
        let Some(region_of) = self
            .other_sense_row(country, name)
            .and_then(|row| self.other_senses[row].places_of)
        else {
            return false;
        };
        let words: Vec<&str> = before.rsplit(' ').take(3).collect();
        (1..=words.len()).any(|n| {
            let place: Vec<&str> = words[..n].iter().rev().copied().collect();
            self.place_country(&place.join(" ")) == Some(region_of)
        })
    }

    /// The row of `other_senses` for `country` written `name`, if that form has another sense
    /// (most countries have none: then no key is built).
    fn other_sense_row(&self, country: usize, name: &str) -> Option<usize> {
        if !self.other_senses.iter().any(|o| o.country == country) {
            return None;
        }
        let key = compact_key(name);
        self.other_senses
            .iter()
            .position(|o| o.country == country && o.form == key)
    }

    /// The other sense of a country's form at `span` (`Georgia`, `Indian`), when `senses`, the
    /// article's reading, takes the form in it there.
    fn other_sense_at(&self, senses: &ArticleSenses, span: &Range<usize>, country: usize) -> bool {
        let Some(row) = self.other_sense_row(country, &senses.text[span.clone()]) else {
            return false;
        };
        senses.other.get_or_init(|| self.read_senses(senses.text))[row]
            && !self.in_country_list(senses.text, span, country)
    }

    /// For each row of `other_senses`: whether `text` speaks more for its other sense (places
    /// of `places_of`, cue words) than for its country (the country's places, its other
    /// names, the form in a list of countries). One pass over the text's capitalised words.
    fn read_senses(&self, text: &str) -> Vec<bool> {
        let mut places: FxHashSet<(usize, String)> = FxHashSet::default();
        let mut forms: FxHashSet<(usize, String)> = FxHashSet::default();
        let mut listed: FxHashMap<usize, usize> = FxHashMap::default();
        for words in capitalised_runs(text) {
            for i in 0..words.len() {
                for j in i + 1..=(i + 4).min(words.len()) {
                    let span = words[i].start..words[j - 1].end;
                    let name = &text[span.clone()];
                    for &g in self.lookup(name) {
                        let e = &self.entries[g];
                        match e.kind {
                            EntityKind::Place => {
                                if let Some(c) =
                                    e.country.as_deref().and_then(|c| self.country_by_iso2(c))
                                {
                                    places.insert((c, compact_key(name)));
                                }
                            }
                            EntityKind::Country => {
                                if self.other_sense_row(g, name).is_some()
                                    && self.in_country_list(text, &span, g)
                                {
                                    *listed.entry(g).or_default() += 1;
                                }
                                forms.insert((g, compact_key(name)));
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        let lower = text.to_lowercase();
        self.other_senses
            .iter()
            .map(|o| {
                let is_form = |key: &str| self.other_senses.iter().any(|x| x.form == key);
                let mut other = o.places_of.map_or(0, |p| {
                    places
                        .iter()
                        .filter(|(c, k)| *c == p && !is_form(k))
                        .count()
                });
                other += o.cues.iter().filter(|c| has_phrase(&lower, c)).count();
                let own = places.iter().filter(|(c, _)| *c == o.country).count()
                    + forms
                        .iter()
                        .filter(|(c, k)| *c == o.country && !is_form(k))
                        .count()
                    + listed.get(&o.country).copied().unwrap_or(0);
                other > own
            })
            .collect()
    }

    /// Whether the country's name at `span` stands in a list beside another country's name
    /// (`Moldova, Georgia and Armenia`), on the same line.
    fn in_country_list(&self, text: &str, span: &Range<usize>, country: usize) -> bool {
        let other_country = |name: &str| {
            self.lookup_kind(
                name.trim_end_matches([',', '.', ';', ':']),
                EntityKind::Country,
            )
            .is_some_and(|c| c != country)
        };
        // a few words either side, on the same line
        let from = text.floor_char_boundary(span.start.saturating_sub(120));
        let to = text.ceil_char_boundary((span.end + 120).min(text.len()));
        let before = text[from..span.start].rsplit('\n').next().unwrap_or("");
        let before = [", and ", ", or ", " and ", " or ", ", "]
            .iter()
            .find_map(|sep| before.strip_suffix(sep));
        if let Some(before) = before {
            let words: Vec<&str> = before.rsplit(' ').take(4).collect();
            if (1..=words.len()).any(|n| {
                let w: Vec<&str> = words[..n].iter().rev().copied().collect();
                other_country(&w.join(" "))
            }) {
                return true;
            }
        }
        let after = text[span.end..to].split('\n').next().unwrap_or("");
        let after = [", and ", ", or ", " and ", " or ", ", "]
            .iter()
            .find_map(|sep| after.strip_prefix(sep));
        after.is_some_and(|after| {
            let words: Vec<&str> = after.split(' ').take(4).collect();
            (1..=words.len()).any(|n| other_country(&words[..n].join(" ")))
        })
    }

    /// Whether a word or acronym is listed as not being an entity.
    pub fn is_not_entity(&self, s: &str) -> bool {
        self.not_entities.contains(s)
            || (s.chars().any(char::is_lowercase) && self.not_entity_words.contains(&fold(s)))
    }
}

/// How one article reads the country forms that have another sense (`Georgia`, `Indian`):
/// worked out once, when such a form is first met, from the whole article.
pub struct ArticleSenses<'a> {
    text: &'a str,
    /// For each of the gazetteer's `other_senses`: whether the article takes the other sense.
    other: std::cell::OnceCell<Vec<bool>>,
}

impl<'a> ArticleSenses<'a> {
    pub fn new(text: &'a str) -> Self {
        ArticleSenses {
            text,
            other: std::cell::OnceCell::new(),
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }
}

/// The runs of capitalised words of `text` (words joined by single spaces), each as the byte
/// ranges of its words, a possessive ending left out.
fn capitalised_runs(text: &str) -> impl Iterator<Item = Vec<Range<usize>>> + '_ {
    let mut words = text
        .split_inclusive(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-')))
        .scan(0usize, |at, piece| {
            let start = *at;
            *at += piece.len();
            Some((start, piece))
        })
        .peekable();
    std::iter::from_fn(move || {
        let mut run: Vec<Range<usize>> = Vec::new();
        for (start, piece) in words.by_ref() {
            let sep = piece
                .chars()
                .last()
                .filter(|c| !(c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-')));
            let word =
                piece[..piece.len() - sep.map_or(0, char::len_utf8)].trim_end_matches(['.', '-']);
            let word = word
                .strip_suffix("’s")
                .or_else(|| word.strip_suffix("'s"))
                .unwrap_or(word);
            if word.starts_with(char::is_uppercase) {
                run.push(start..start + word.len());
                if sep == Some(' ') {
                    continue;
                }
                return Some(run);
            }
            if !run.is_empty() {
                return Some(run);
            }
        }
        (!run.is_empty()).then_some(run)
    })
}

/// Whether `lower` (lower-case text) holds `phrase` as whole words.
fn has_phrase(lower: &str, phrase: &str) -> bool {
    lower.match_indices(phrase).any(|(i, _)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The country forms of `text` (`form` at each of its places) that name something else.
    fn elsewhere(text: &str, form: &str) -> Vec<bool> {
        let g = Gazetteer::builtin();
        let senses = ArticleSenses::new(text);
        text.match_indices(form)
            .map(|(i, _)| {
                let span = i..i + form.len();
                let c = g.lookup_kind(form, EntityKind::Country).expect("a country");
                g.country_name_elsewhere(&senses, &span, c)
            })
            .collect()
    }

    #[test]
    fn an_article_reads_a_country_form_in_its_other_sense_when_it_speaks_for_that_sense() {
        // places of the United States: the state, but where listed beside other countries
        let text = "Storms hit Georgia and Alabama. Crews from Florida helped.\n\
                    Aid also went to Moldova, Georgia and Armenia.";
        assert_eq!(elsewhere(text, "Georgia"), vec![true, false]);
        // the country's own places speak for the country
        assert_eq!(
            elsewhere("Talks in Tbilisi and Florida: Georgia agreed.", "Georgia"),
            vec![false]
        );
        // no evidence either way: the country
        assert_eq!(elsewhere("Georgia agreed.", "Georgia"), vec![false]);
        // cue words of the other sense (`Tribal`), against the country's other names
        assert_eq!(
            elsewhere("The Indian Health Board serves Tribal nations.", "Indian"),
            vec![true]
        );
        assert_eq!(
            elsewhere(
                "Indian officials and Tribal leaders met in India.",
                "Indian"
            ),
            vec![false]
        );
        // a form without another sense is never read otherwise
        assert_eq!(
            elsewhere("Tribal leaders met Chilean officials.", "Chilean"),
            vec![false]
        );
    }

    #[test]
    fn a_list_of_countries_is_no_place_followed_by_its_region() {
        // `Salvador` is a place of Brazil, but `El Salvador, Argentina` is a list
        assert_eq!(
            elsewhere(
                "Deals with El Salvador, Argentina and Ecuador.",
                "Argentina"
            ),
            vec![false]
        );
        assert_eq!(
            elsewhere("He flew to Atlanta, Georgia.", "Georgia"),
            vec![true]
        );
    }

    #[test]
    fn capitalised_runs_are_the_words_joined_by_single_spaces() {
        let text = "In New York’s Central Park, the U.S. Coast Guard met. Georgia";
        let runs: Vec<Vec<&str>> = capitalised_runs(text)
            .map(|r| r.into_iter().map(|w| &text[w]).collect())
            .collect();
        assert_eq!(
            runs,
            vec![
                vec!["In", "New", "York", "Central", "Park"],
                vec!["U.S", "Coast", "Guard"],
                vec!["Georgia"]
            ]
        );
    }

    #[test]
    fn countries_have_names_aliases_and_demonyms() {
        let g = Gazetteer::builtin();
        let laos = g
            .lookup_kind("Lao PDR", EntityKind::Country)
            .expect("Lao PDR");
        assert_eq!(g.entries[laos].name, "Laos");
        assert_eq!(
            g.lookup_kind("Lao People’s Democratic Republic", EntityKind::Country),
            Some(laos)
        );
        assert_eq!(g.lookup_kind("Lao", EntityKind::Country), Some(laos));
        let vn = g
            .lookup_kind("Vietnamese", EntityKind::Country)
            .expect("Vietnamese");
        assert_eq!(g.lookup_kind("Việt Nam", EntityKind::Country), Some(vn));
        assert_eq!(g.lookup_kind("Viet Nam", EntityKind::Country), Some(vn));
        assert_eq!(g.entries[vn].iso.as_ref().unwrap()[0], "VN");
        assert_eq!(g.country_by_iso2("la"), Some(laos));
    }

    #[test]
    fn organisations_carry_acronyms() {
        let g = Gazetteer::builtin();
        let un = g.lookup_kind("UN", EntityKind::Organization).expect("UN");
        assert_eq!(g.entries[un].name, "United Nations");
        let iom = g.lookup_kind("IOM", EntityKind::Organization).expect("IOM");
        assert_eq!(
            g.entries[iom].name,
            "International Organization for Migration"
        );
        assert!(
            g.lookup_kind("INTERPOL", EntityKind::Organization)
                .is_some()
        );
    }

    #[test]
    fn places_include_capitals_with_their_country() {
        let g = Gazetteer::builtin();
        let p = g.lookup_kind("Hà Nội", EntityKind::Place).expect("Hanoi");
        assert_eq!(g.lookup_kind("Hanoi", EntityKind::Place), Some(p));
        assert_eq!(g.entries[p].country.as_deref(), Some("VN"));
    }

    #[test]
    fn not_entities_are_listed() {
        let g = Gazetteer::builtin();
        assert!(g.is_not_entity("GDP"));
        assert!(!g.is_not_entity("IOM"));
    }
}
