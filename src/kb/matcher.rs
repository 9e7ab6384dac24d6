//! Finding known spellings in text: the matcher (a hash lookup at capitalised word starts, with
//! an Aho–Corasick automaton as its reference in tests), the note matcher over the final
//! entities, and an index of spans for overlap tests.

use super::model::{Entity, EntityKind};
use crate::base::text::{Folded, char_at, fold};
use crate::kb::extract;
use crate::kb::gazetteer::{ArticleSenses, Gazetteer};
#[cfg(test)]
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::ops::Range;

/// Finds known spellings in text: folded, whole words, capitalised as names are.
pub struct Matcher {
    engine: Engine,
    /// The folded patterns, kept so the matcher can be stored and built again.
    pub(super) patterns: Vec<String>,
    /// Per pattern: targets, and its case rule.
    pub(super) pats: Vec<(Vec<usize>, CaseRule)>,
}

/// How a matcher finds its patterns.
enum Engine {
    /// An Aho–Corasick automaton (tests only: the reference for the lookup).
    #[cfg(test)]
    Automaton(Option<AhoCorasick>),
    /// A hash lookup at each capitalised word start. Unlike a leftmost-longest automaton it
    /// never loses a name to a longer spelling that the case rules then reject (`Iran` in
    /// `Iran nuclear deal`), builds in milliseconds, and scans a corpus as fast.
    Lookup {
        /// Folded pattern → its index (the patterns' own text is the key: no copy of it).
        by_text: StrIndex<()>,
        /// The first words of the patterns (up to the first character that is not a letter or
        /// digit), each with the lengths in bytes of the patterns it begins, longest first: a
        /// word start whose word is not among them cannot begin a match, and a match can end
        /// only at one of those lengths.
        first_words: StrIndex<Box<[u32]>>,
    },
}

/// The hash a folded spelling or word is known by in the match caches.
pub(super) fn word_key(s: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

/// The first word of a folded pattern: up to its first character that is not alphanumeric.
fn first_word(p: &str) -> &str {
    &p[..p.find(|c: char| !c.is_alphanumeric()).unwrap_or(p.len())]
}

/// How a pattern's matches must be written, from the spellings behind it: bit 31 when every
/// spelling is without lower-case letters (`NOW` is not `Now`); bit 30 when every spelling has
/// a capital after a small letter (`LiFE` is not `Life`); bit `i` (word `i < 30`) when
/// that word is capitalised in every spelling, so that a match writes it capitalised too
/// (`Biden Took Office` from a headline is not `Biden took office` in running text).
pub type CaseRule = u32;

/// The case-rule bit of a spelling with no lower-case letters.
const CAPITALS_ONLY: CaseRule = 1 << 31;
/// The case-rule bit of a spelling with a capital after a small letter (`LiFE`, `eCornell`):
/// a match has one too (`Life` is a word, not the brand).
const INNER_CAPITAL: CaseRule = 1 << 30;

/// Whether `s` has a capital letter right after a small one.
fn has_inner_capital(s: &str) -> bool {
    s.chars()
        .zip(s.chars().skip(1))
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase())
}

/// The case rule of one spelling (see [`CaseRule`]).
fn case_rule(form: &str) -> CaseRule {
    let mut rule = if form.chars().any(char::is_lowercase) {
        0
    } else {
        CAPITALS_ONLY
    };
    if has_inner_capital(form) {
        rule |= INNER_CAPITAL;
    }
    for (i, w) in form.split_whitespace().take(30).enumerate() {
        if !w.chars().next().is_some_and(char::is_lowercase) {
            rule |= 1 << i;
        }
    }
    rule
}

/// Whether `surface` is written as the case rule asks.
fn follows_case(surface: &str, rule: CaseRule) -> bool {
    if rule & CAPITALS_ONLY != 0 && surface.chars().any(char::is_lowercase) {
        return false;
    }
    if rule & INNER_CAPITAL != 0 && !has_inner_capital(surface) {
        return false;
    }
    surface
        .split_whitespace()
        .take(30)
        .enumerate()
        .all(|(i, w)| rule & (1 << i) == 0 || !w.chars().next().is_some_and(char::is_lowercase))
}

/// Groups spellings by folded form: the patterns, and per pattern its targets and case rule
/// (what every spelling behind it has in common).
#[allow(clippy::type_complexity)]
fn group_forms(
    forms: impl IntoIterator<Item = (String, usize)>,
) -> (Vec<String>, Vec<(Vec<usize>, CaseRule)>) {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut patterns = Vec::new();
    let mut pats: Vec<(Vec<usize>, CaseRule)> = Vec::new();
    for (form, target) in forms {
        let f = fold(&form);
        if f.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            continue;
        }
        let rule = case_rule(&form);
        let i = *index.entry(f.clone()).or_insert_with(|| {
            patterns.push(f);
            pats.push((Vec::new(), rule));
            pats.len() - 1
        });
        if !pats[i].0.contains(&target) {
            pats[i].0.push(target);
        }
        pats[i].1 &= rule;
    }
    (patterns, pats)
}

impl Matcher {
    /// A matcher of `forms`: (spelling, target). Spellings with the same folded form share a
    /// pattern.
    pub fn new(forms: impl IntoIterator<Item = (String, usize)>) -> Matcher {
        let (patterns, pats) = group_forms(forms);
        Self::from_parts(patterns, pats)
    }

    /// The same matcher built on an Aho–Corasick automaton (leftmost-longest, then the same
    /// filters): the reference the hash lookup is tested against.
    #[cfg(test)]
    fn automaton(forms: impl IntoIterator<Item = (String, usize)>) -> Matcher {
        let (patterns, pats) = group_forms(forms);
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        Matcher {
            engine: Engine::Automaton(ac),
            patterns,
            pats,
        }
    }

    /// A matcher of folded `patterns`, each with its targets and case rule.
    pub(crate) fn from_parts(patterns: Vec<String>, pats: Vec<(Vec<usize>, CaseRule)>) -> Matcher {
        let mut by_text = StrIndex::default();
        for (i, p) in patterns.iter().enumerate() {
            // a spelling twice: the last one, as a map collected from them would keep
            by_text.insert(&patterns, i, p.len(), || ()).0 = i as u32;
        }
        let mut first_words: StrIndex<Vec<u32>> = StrIndex::default();
        for (i, p) in patterns.iter().enumerate() {
            let w = first_word(p).len();
            first_words
                .insert(&patterns, i, w, Vec::new)
                .2
                .push(p.len() as u32);
        }
        let first_words = first_words.map(&patterns, |mut lengths| {
            lengths.sort_unstable_by(|a, b| b.cmp(a));
            lengths.dedup();
            lengths.into_boxed_slice()
        });
        Matcher {
            engine: Engine::Lookup {
                by_text,
                first_words,
            },
            patterns,
            pats,
        }
    }

    /// Per pattern: hash of its folded text → (hash of its first word, case rule).
    pub(super) fn spelling_keys(&self) -> HashMap<u64, (u64, CaseRule)> {
        self.patterns
            .iter()
            .zip(&self.pats)
            .map(|(p, (_, exact))| (word_key(p), (word_key(first_word(p)), *exact)))
            .collect()
    }

    /// The folded patterns and, per pattern, its targets and case rule.
    pub(crate) fn parts(&self) -> (&[String], &[(Vec<usize>, CaseRule)]) {
        (&self.patterns, &self.pats)
    }

    pub(super) fn countries(gaz: &Gazetteer) -> Matcher {
        Matcher::new(
            gaz.entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == EntityKind::Country)
                .flat_map(|(i, e)| e.forms().map(move |f| (f.clone(), i))),
        )
    }

    /// The country names in `text[range]` (folded in `folded`) by the [`Matcher::countries`]
    /// matcher: span and country, leaving out those that name something else there
    /// ([`Gazetteer::country_name_elsewhere`]: `New Jersey`, `Atlanta, Georgia`).
    pub(super) fn country_names(
        &self,
        gaz: &Gazetteer,
        senses: &ArticleSenses,
        range: Range<usize>,
        folded: &Folded,
    ) -> Vec<(Range<usize>, usize)> {
        self.find_folded(senses.text(), range, folded)
            .into_iter()
            .map(|(span, targets)| (span, targets[0]))
            .filter(|(span, c)| !gaz.country_name_elsewhere(senses, span, *c))
            .collect()
    }

    /// Matches in `text[range]`: original byte span and targets.
    pub fn find<'a>(&'a self, text: &str, range: Range<usize>) -> Vec<(Range<usize>, &'a [usize])> {
        let folded = Folded::new(&text[range.clone()]);
        self.find_folded(text, range, &folded)
    }

    /// Like `find`, with `text[range]` already folded (to fold once for several matchers).
    pub fn find_folded<'a>(
        &'a self,
        text: &str,
        range: Range<usize>,
        folded: &Folded,
    ) -> Vec<(Range<usize>, &'a [usize])> {
        self.scan(text, range, folded, &mut |_| {})
            .into_iter()
            .map(|(r, p)| (r, self.pats[p].0.as_slice()))
            .collect()
    }

    /// Matches in `text[range]` (folded in `folded`): original byte span and pattern index.
    /// `word` is given the folded first word of every capitalised word met.
    pub(super) fn scan(
        &self,
        text: &str,
        range: Range<usize>,
        folded: &Folded,
        word: &mut dyn FnMut(&str),
    ) -> Vec<(Range<usize>, usize)> {
        let orig = &text[range.clone()];
        // a match as names are written: capitalised (or a number), acronyms in capitals
        let accept = |start: usize, end: usize, p: usize| {
            let r = folded.original_range(start, end);
            let surface = &orig[r.clone()];
            let ok = surface
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                && follows_case(surface, self.pats[p].1);
            ok.then(|| (r.start + range.start..r.end + range.start, p))
        };
        match &self.engine {
            #[cfg(test)]
            Engine::Automaton(None) => Vec::new(),
            #[cfg(test)]
            Engine::Automaton(Some(ac)) => {
                let ft = folded.text.as_str();
                let mut out = Vec::new();
                for m in ac.find_iter(ft) {
                    let before_ok = m.start() == 0 || !is_word_byte(ft, m.start(), true);
                    let after_ok = m.end() >= ft.len() || !is_word_byte(ft, m.end(), false);
                    if before_ok && after_ok {
                        out.extend(accept(m.start(), m.end(), m.pattern().as_usize()));
                    }
                }
                out
            }
            Engine::Lookup {
                by_text,
                first_words,
            } => lookup_scan(
                folded,
                orig,
                &self.patterns,
                by_text,
                first_words,
                word,
                &accept,
            ),
        }
    }
}

/// The matches of the lookup at each word start of `folded` capitalised (or a number) as
/// written (`orig`) whose word begins a pattern: the longest pattern ending at a word end
/// there that `accept` takes. `word` is given the folded first word of every capitalised
/// word met.
fn lookup_scan(
    folded: &Folded,
    orig: &str,
    patterns: &[String],
    by_text: &StrIndex<()>,
    first_words: &StrIndex<Box<[u32]>>,
    word: &mut dyn FnMut(&str),
    accept: &dyn Fn(usize, usize, usize) -> Option<(Range<usize>, usize)>,
) -> Vec<(Range<usize>, usize)> {
    let ft = folded.text.as_str();
    let mut out = Vec::new();
    // positions are byte offsets into the folded text, read char by char in place
    // (no table of its characters: 16 bytes a byte of a long note)
    let ch = |p: usize| char_at(ft, p);
    let alnum = |p: usize| ch(p).is_some_and(char::is_alphanumeric);
    let fb = ft.as_bytes();
    // whether the character before byte `p` is a letter or digit
    let alnum_before = |p: usize| match p.checked_sub(1).map(|q| fb[q]) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => ft[..p]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric),
    };
    let mut k = 0;
    while let Some(c) = ch(k) {
        let start = k;
        let next = k + c.len_utf8();
        if c.is_whitespace() || alnum_before(k) {
            k = next;
            continue;
        }
        let mut w = k;
        while let Some(x) = ch(w).filter(|x| x.is_alphanumeric()) {
            w += x.len_utf8();
        }
        // no word starts inside this one: unless a match is found, go on after it
        let skip = w.max(next);
        // a name starts with a capital or a digit as written
        let o = folded.original_start(start);
        if !char_at(orig, o).is_some_and(|c| c.is_uppercase() || c.is_numeric()) {
            k = skip;
            continue;
        }
        word(&ft[start..w]);
        let Some((_, lengths)) = first_words.get(patterns, &ft[start..w]) else {
            k = skip;
            continue;
        };
        // the word ends at which a pattern beginning with this word could end,
        // longest first: a word end (no letter or digit after it, no space before
        // it) at the length of such a pattern
        let hit = lengths.iter().find_map(|&len| {
            let m = start + len as usize;
            if m < next
                || !ft.is_char_boundary(m)
                || alnum(m)
                || ft[..m].chars().next_back().is_some_and(char::is_whitespace)
            {
                return None;
            }
            let (p, _) = by_text.get(patterns, &ft[start..m])?;
            accept(start, m, p).map(|found| (m, found))
        });
        match hit {
            Some((m, found)) => {
                out.push(found);
                k = m;
            }
            None => k = skip,
        }
    }
    out
}

/// Whether the character just before (`before`) or at byte `i` of `s` is alphanumeric.
#[cfg(test)]
fn is_word_byte(s: &str, i: usize, before: bool) -> bool {
    let c = if before {
        s[..i].chars().next_back()
    } else {
        s[i..].chars().next()
    };
    c.is_some_and(char::is_alphanumeric)
}

/// A matcher over the spellings of the final entities; targets are entity indices, the most
/// mentioned entity first where a spelling is shared.
pub(super) fn entity_matcher(entities: &[Entity]) -> Matcher {
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by_key(|&e| std::cmp::Reverse(entities[e].mentions.len()));
    Matcher::new(order.into_iter().flat_map(|e| {
        let ent = &entities[e];
        std::iter::once(&ent.name)
            .chain(&ent.aliases)
            .filter(move |f| {
                // people by their full names; `General Somsak` would hide `General Somsak X`
                ent.kind != EntityKind::Person
                    || (f.split_whitespace().count() >= 2
                        && !f.split_whitespace().next().is_some_and(|w| {
                            extract::lexicon::TITLES
                                .contains(&w.trim_end_matches('.').to_lowercase().as_str())
                        }))
            })
            .map(move |f| (f.clone(), e))
            .collect::<Vec<_>>()
    }))
}

pub(super) use crate::base::text::SpanIndex;

/// A map from strings that are prefixes of `patterns` to values, keyed by (pattern index, length
/// of its prefix): the strings are not copied (a matcher of the White House set's spellings held
/// each twice more as map keys).
struct StrIndex<V> {
    table: hashbrown::HashTable<(u32, u32, V)>,
}

impl<V> Default for StrIndex<V> {
    fn default() -> Self {
        StrIndex {
            table: hashbrown::HashTable::new(),
        }
    }
}

fn str_hash(s: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(s)
}

impl<V> StrIndex<V> {
    /// The entry of `patterns[i][..len]` (pattern, length, value), made with the value `new`
    /// gives when the string is not there yet (the first pattern with it keys it).
    fn insert(
        &mut self,
        patterns: &[String],
        i: usize,
        len: usize,
        new: impl FnOnce() -> V,
    ) -> &mut (u32, u32, V) {
        let key = &patterns[i][..len];
        let text = |&(p, l, _): &(u32, u32, V)| &patterns[p as usize][..l as usize];
        let entry = self
            .table
            .entry(str_hash(key), |e| text(e) == key, |e| str_hash(text(e)));
        entry
            .or_insert_with(|| (i as u32, len as u32, new()))
            .into_mut()
    }

    /// The pattern that keys `key` and the value, if `key` is there.
    fn get(&self, patterns: &[String], key: &str) -> Option<(usize, &V)> {
        self.table
            .find(str_hash(key), |&(p, l, _)| {
                patterns.get(p as usize).and_then(|t| t.get(..l as usize)) == Some(key)
            })
            .map(|(p, _, v)| (*p as usize, v))
    }

    /// The same keys with their values mapped (`patterns` as keyed).
    fn map<W>(self, patterns: &[String], f: impl Fn(V) -> W) -> StrIndex<W> {
        let text = |p: u32, l: u32| &patterns[p as usize][..l as usize];
        let mut table = hashbrown::HashTable::with_capacity(self.table.len());
        for (p, l, v) in self.table {
            table.insert_unique(str_hash(text(p, l)), (p, l, f(v)), |e| {
                str_hash(text(e.0, e.1))
            });
        }
        StrIndex { table }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::KnowledgeBase;
    use crate::kb::test_support::paths_in;
    use std::path::Path;

    #[test]
    fn the_note_matcher_finds_what_the_automaton_finds() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laos-cooperation/corpus");
        let kb = KnowledgeBase::build(&paths_in(&[&dir]), &dir, 1 << 22);
        let forms: Vec<(String, usize)> = kb
            .entities
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(move |f| (f.clone(), i))
            })
            .collect();
        let automaton = Matcher::automaton(forms.clone());
        let lookup = Matcher::new(forms);
        let mut found = 0;
        for a in &kb.articles {
            let x = automaton.find(&a.text, 0..a.text.len());
            let y = lookup.find(&a.text, 0..a.text.len());
            // the lookup finds all the automaton finds, and more only where the automaton took
            // a longer spelling that the case rules then rejected (`Điện Biên province`)
            let extra: Vec<_> = y.iter().filter(|m| !x.contains(m)).collect();
            assert!(x.iter().all(|m| y.contains(m)), "{}", a.id);
            assert!(
                extra
                    .iter()
                    .all(|(r, _)| !x.iter().any(|(q, _)| q.start == r.start)
                        && a.text[r.end..].starts_with(" province")),
                "{}: {extra:?}",
                a.id
            );
            found += x.len();
        }
        assert!(found > 100, "{found}");
        // whole words only, capitalised, longest first
        let m = Matcher::new([
            ("Laos".to_string(), 1),
            ("Lao People's Army".to_string(), 2),
            ("Lao".to_string(), 3),
        ]);
        let text = "Laotian laos Lao People’s Army, LAOS and (Lao).";
        let got: Vec<(&str, usize)> = m
            .find(text, 0..text.len())
            .into_iter()
            .map(|(r, t)| (&text[r], t[0]))
            .collect();
        assert_eq!(got, vec![("Lao People’s Army", 2), ("LAOS", 1), ("Lao", 3)]);
        // a longer spelling that does not end on a word boundary does not hide a shorter one
        // (the automaton loses `Iran` here)
        let forms = || {
            [
                ("Iran".to_string(), 1),
                ("Iran Nuclear Deal".to_string(), 2),
            ]
        };
        let text = "Iran nuclear dealings resumed.";
        let spans = |m: &Matcher| {
            m.find(text, 0..text.len())
                .into_iter()
                .map(|(r, t)| (r, t[0]))
                .collect::<Vec<_>>()
        };
        assert_eq!(spans(&Matcher::new(forms())), vec![(0..4, 1)]);
        assert_eq!(spans(&Matcher::automaton(forms())), vec![]);
    }

    #[test]
    fn a_word_capitalised_in_every_spelling_is_matched_only_capitalised() {
        let m = Matcher::new([
            ("Mayor Took Office".to_string(), 1),
            ("Port es Sable".to_string(), 2),
            ("Grand Plan".to_string(), 3),
            ("Grand plan".to_string(), 3),
            ("NOVA".to_string(), 4),
            ("VeLo".to_string(), 5),
        ]);
        let text = "Since Mayor took office, Mayor Took Office; Port es Sable, Port Es Sable; \
                    Grand plan, Grand Plan; Nova, NOVA; Velo, VeLo.";
        let got: Vec<(&str, usize)> = m
            .find(text, 0..text.len())
            .into_iter()
            .map(|(r, t)| (&text[r], t[0]))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Mayor Took Office", 1),
                ("Port es Sable", 2),
                ("Port Es Sable", 2),
                ("Grand plan", 3),
                ("Grand Plan", 3),
                ("NOVA", 4),
                ("VeLo", 5),
            ]
        );
    }

    #[test]
    fn a_country_name_ending_a_place_or_after_a_place_of_another_country_is_none() {
        let gaz = Gazetteer::builtin();
        let m = Matcher::countries(gaz);
        let text = "From New Mexico and Atlanta, Georgia to Tbilisi, Georgia and Mexico. Grenada, Mississippi.";
        let folded = Folded::new(text);
        let got: Vec<(&str, String)> = m
            .country_names(gaz, &ArticleSenses::new(text), 0..text.len(), &folded)
            .into_iter()
            .map(|(r, c)| (&text[r], gaz.entries[c].name.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Georgia", "Georgia".to_string()),
                ("Mexico", "Mexico".to_string())
            ]
        );
        assert_eq!(
            m.country_names(gaz, &ArticleSenses::new(text), 0..text.len(), &folded)[0]
                .0
                .start,
            text.find("Georgia to").unwrap() + "Georgia to Tbilisi, ".len()
        );
    }
}
