//! Linking: candidates of all articles become entities (gazetteer entries, keys, acronyms,
//! transliterations), then every known spelling is matched over every article and short
//! references are resolved, giving the final entities and mentions.

use super::matcher::{Matcher, SpanIndex, word_key};
use super::model::{Entity, EntityKind, Mention};
use super::update::{ArticleMatches, BLOOM_WORDS, CountryHits, Work, bloom_bits, word_hash};
use super::{KnowledgeBase, PhaseTimer, slug};
use crate::base::text::{Folded, compact_key, fold, loose_key, phonetic_key, similarity};
use crate::corpus::Article;
use crate::kb::extract::{self, ArticleFacts, Candidate};
use crate::kb::gazetteer::Gazetteer;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

/// An entity under construction.
#[derive(Clone, Debug, Default)]
struct Proto {
    kind: Option<EntityKind>,
    gaz: Option<usize>,
    /// Spellings with how often each was seen as a candidate.
    forms: HashMap<String, usize>,
    country: Option<usize>,
    roles: BTreeSet<String>,
    acronyms: BTreeSet<String>,
    national: bool,
    /// Spellings that the matcher may look for everywhere.
    matchable: BTreeSet<String>,
    /// Evidence for the entity's country: per country, the candidates that name it explicitly
    /// (`of Laos`, `Thai`, `Singapore’s`, a country in a person's title) and the articles about
    /// it (their main country) where the entity is named without one; for people, the third
    /// count is the articles clearly about one country ([`Prepared::settled`]) that name them.
    votes: BTreeMap<usize, [u32; 3]>,
    /// A person the text ties to an international body (`President of the European
    /// Commission`): the country of the articles that name them is not theirs.
    international: bool,
    /// Candidates of a person or body, named without a country, in articles about no one
    /// country: weighed against the third count of `votes`.
    unsettled: u32,
}

pub(super) struct Linker<'g> {
    gaz: &'g Gazetteer,
    protos: Vec<Proto>,
    parent: Vec<usize>,
    by_gaz: HashMap<usize, usize>,
    by_key: HashMap<(EntityKind, String), usize>,
    by_acronym: HashMap<String, usize>,
    /// Resolved proto of each candidate: [article][candidate].
    resolved: Vec<Vec<Option<usize>>>,
    /// Words the corpus writes in lower case.
    common: &'g HashMap<u64, u32>,
    /// For a state body's bare name, the countries the corpus names with it and how often
    /// (`State Department`: written `U.S. Department of State`), for [`Linker::body_country`].
    body_countries: HashMap<String, BTreeMap<usize, u32>>,
    /// For a state body's bare name written without a country, the main countries of the
    /// articles that write it so, and how often.
    body_contexts: HashMap<String, BTreeMap<usize, u32>>,
    /// Acronyms with two meanings in the corpus, per article that defines one: the entity it
    /// stands for there (looked for in that article only).
    local_acronyms: Vec<Vec<(String, usize)>>,
}

impl<'g> Linker<'g> {
    pub(super) fn new(gaz: &'g Gazetteer, common: &'g HashMap<u64, u32>) -> Self {
        Linker {
            common,
            gaz,
            protos: Vec::new(),
            parent: Vec::new(),
            by_gaz: HashMap::new(),
            by_key: HashMap::new(),
            by_acronym: HashMap::new(),
            resolved: Vec::new(),
            body_countries: HashMap::new(),
            body_contexts: HashMap::new(),
            local_acronyms: Vec::new(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Whether every word of a name is a word the corpus writes in lower case
    /// (`National Security`, `Assistant`).
    fn all_common(&self, name: &str) -> bool {
        fold(name)
            .split_whitespace()
            .all(|w| self.common.contains_key(&word_hash(w)))
    }

    /// Of several people, the one named far more often (three times) than any other, or the
    /// only one.
    fn most_named(&self, people: &[usize]) -> Option<usize> {
        let mut by_count: Vec<(usize, usize)> = people
            .iter()
            .map(|&p| {
                let r = self.root(p);
                (self.protos[r].forms.values().sum::<usize>(), r)
            })
            .collect();
        by_count.sort_unstable_by(|x, y| y.cmp(x));
        by_count.dedup_by_key(|x| x.1);
        match by_count[..] {
            [] => None,
            [(_, p)] => Some(p),
            [(top, p), (next, _), ..] => (top >= 3 * next.max(1)).then_some(p),
        }
    }

    /// The root of `i` without path compression, for read-only callers.
    fn root(&self, mut i: usize) -> usize {
        while self.parent[i] != i {
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (keep, drop) = if a < b { (a, b) } else { (b, a) };
            self.parent[drop] = keep;
            let p = std::mem::take(&mut self.protos[drop]);
            let k = &mut self.protos[keep];
            for (f, c) in p.forms {
                *k.forms.entry(f).or_default() += c;
            }
            k.roles.extend(p.roles);
            k.acronyms.extend(p.acronyms);
            k.matchable.extend(p.matchable);
            k.country = k.country.or(p.country);
            k.gaz = k.gaz.or(p.gaz);
            for (c, v) in p.votes {
                let e = k.votes.entry(c).or_default();
                e[0] += v[0];
                e[1] += v[1];
                e[2] += v[2];
            }
            k.international |= p.international;
            k.unsettled += p.unsettled;
        }
    }

    fn new_proto(&mut self, kind: EntityKind) -> usize {
        self.protos.push(Proto {
            kind: Some(kind),
            ..Default::default()
        });
        self.parent.push(self.parent.len());
        self.protos.len() - 1
    }

    fn gaz_proto(&mut self, g: usize) -> usize {
        if let Some(&p) = self.by_gaz.get(&g) {
            return self.find(p);
        }
        let e = &self.gaz.entries[g];
        let p = self.new_proto(e.kind);
        self.protos[p].gaz = Some(g);
        self.protos[p].matchable.extend(e.forms().cloned());
        if let Some(c) = &e.country {
            self.protos[p].country = self.gaz.country_by_iso2(c);
        }
        self.by_gaz.insert(g, p);
        p
    }

    /// The gazetteer entry a candidate names, if any.
    fn gaz_for(&self, c: &Candidate, text: &str) -> Option<usize> {
        let surface = &text[c.span.clone()];
        let kinds: &[EntityKind] = match c.kind {
            // `the Russian Federation`: a country's formal name, though it has a body's head
            EntityKind::Organization if c.name.contains(' ') => {
                &[EntityKind::Organization, EntityKind::Country]
            }
            EntityKind::Organization => &[EntityKind::Organization],
            EntityKind::Place => &[EntityKind::Place, EntityKind::Country],
            EntityKind::Agreement | EntityKind::Person => &[],
            EntityKind::Country => &[EntityKind::Country],
        };
        // `Lowland Province` is the built-in `Lowland`
        let bare = (c.kind == EntityKind::Place)
            .then(|| c.name.rsplit_once(' '))
            .flatten()
            .filter(|(_, head)| {
                extract::lexicon::PLACE_HEADS.contains(&head.to_lowercase().as_str())
            })
            .map(|(bare, _)| bare);
        for name in [Some(c.name.as_str()), Some(surface), bare]
            .into_iter()
            .flatten()
        {
            for &g in self.gaz.lookup_loose(name) {
                if kinds.contains(&self.gaz.entries[g].kind)
                    && !(Some(name) == bare && self.gaz.entries[g].kind == EntityKind::Country)
                {
                    return Some(g);
                }
            }
        }
        None
    }

    fn key(&self, c: &Candidate, dominant: Option<usize>) -> String {
        match c.kind {
            EntityKind::Person => person_key(&c.name),
            EntityKind::Place => {
                let words: Vec<&str> = c.name.split_whitespace().collect();
                let bare = match words.last() {
                    Some(w)
                        if words.len() > 1
                            && extract::lexicon::PLACE_HEADS
                                .contains(&w.to_lowercase().as_str()) =>
                    {
                        words[..words.len() - 1].join(" ")
                    }
                    _ => c.name.clone(),
                };
                compact_key(&bare)
            }
            EntityKind::Agreement => self.agreement_key(&c.name),
            EntityKind::Organization | EntityKind::Country => {
                // `U.S. Department of State` and `Department of State` (of the United States)
                // are one body: the country is in the key, not in the name
                let name = match c.country.filter(|_| c.national) {
                    Some(country) => self.without_leading_country(&c.name, country),
                    None => &c.name,
                };
                // (`U.S. Attorney’s Office for …` and `United States Attorney’s Office for …`:
                // however a body's name spells its leading country, the key holds the country)
                let leading = (!c.national && c.kind == EntityKind::Organization)
                    .then(|| self.leading_country(name))
                    .flatten();
                let name = leading.map_or(name, |(_, rest)| rest);
                let mut k = loose_key(&body_key_name(name));
                if let Some((country, _)) = leading {
                    k.push('@');
                    k.push_str(&self.gaz.entries[country].name);
                } else if c.national
                    && let Some(country) = c.country.or_else(|| self.body_country(&k, dominant))
                {
                    k.push('@');
                    k.push_str(&self.gaz.entries[country].name);
                }
                k
            }
        }
    }

    /// The country of a state body written without one (`key`: its bare name's key), in an
    /// article mainly about `dominant`: that country when the corpus names this body of it
    /// anywhere (or never names its country); else the one country the texts that do name it
    /// agree on, at least twice and two times in three (`State Department` in an article about
    /// another state is still the one written `U.S. Department of State`).
    fn body_country(&self, key: &str, dominant: Option<usize>) -> Option<usize> {
        let Some(counts) = self.body_countries.get(key) else {
            // never written with a country: the main country of half the articles that
            // write it bare, twice as many as any other (a publisher's own office in its
            // briefings about other countries), else the article's
            let major = self.body_contexts.get(key).and_then(|m| {
                let total: u32 = m.values().sum();
                let mut by: Vec<(u32, usize)> = m.iter().map(|(&g, &n)| (n, g)).collect();
                by.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
                let (top, g) = by[0];
                let second = by.get(1).map_or(0, |x| x.0);
                (total >= 4 && top * 2 >= total && top >= 2 * second).then_some(g)
            });
            return major.or(dominant);
        };
        let top = counts
            .iter()
            .max_by_key(|(g, n)| (**n, std::cmp::Reverse(**g)))
            .map(|(&g, &n)| (g, n));
        if let Some(d) = dominant
            && let Some(&here) = counts.get(&d)
        {
            // the article's country names this body once where another names it ten times
            // as often: the other's (`Supreme Court` in a briefing about a country whose own
            // supreme court the corpus names once)
            return match top {
                Some((g, n)) if g != d && n >= 10 * here => Some(g),
                _ => dominant,
            };
        }
        let total: u32 = counts.values().sum();
        let (&g, &top) = counts
            .iter()
            .max_by_key(|(g, n)| (**n, std::cmp::Reverse(**g)))?;
        if top >= 2 && top * 3 >= total * 2 {
            Some(g)
        } else {
            dominant
        }
    }

    /// `name` without a leading spelling of `country` (`U.S.`, `Singapore’s`) when a name is
    /// left after it.
    /// The country a name of several words opens with, written so that it names nothing else
    /// (`U.S.`, `UK`, `United States`; not `Georgia`), and the rest of the name.
    fn leading_country<'n>(&self, name: &'n str) -> Option<(usize, &'n str)> {
        name.match_indices(' ')
            .take(3)
            .filter_map(|(i, _)| {
                let lead = &name[..i];
                let unmistakable =
                    lead.contains([' ', '.']) || lead.chars().all(|c| c.is_ascii_uppercase());
                let country = self
                    .gaz
                    .lookup_kind(lead, EntityKind::Country)
                    .filter(|_| unmistakable)?;
                Some((country, &name[i + 1..]))
            })
            .last()
    }

    fn without_leading_country<'n>(&self, name: &'n str, country: usize) -> &'n str {
        let mut cut = 0;
        for (i, _) in name.match_indices(' ').take(3) {
            let head = name[..i].trim_end_matches("’s").trim_end_matches("'s");
            if self.gaz.lookup_kind(head, EntityKind::Country) == Some(country) {
                cut = i + 1;
            }
        }
        &name[cut..]
    }

    /// Agreement names with an organisation in front are keyed by that organisation's
    /// canonical name: `UN Convention against X` = `United Nations Convention against X`.
    fn agreement_key(&self, name: &str) -> String {
        let words: Vec<&str> = name.split_whitespace().collect();
        for len in (1..words.len().min(5)).rev() {
            let prefix = words[..len].join(" ");
            if let Some(&g) = self.gaz.lookup_loose(&prefix).iter().find(|&&g| {
                matches!(
                    self.gaz.entries[g].kind,
                    EntityKind::Organization | EntityKind::Country
                )
            }) {
                return loose_key(&format!(
                    "{} {}",
                    self.gaz.entries[g].name,
                    words[len..].join(" ")
                ));
            }
        }
        loose_key(name)
    }

    pub(super) fn link(
        &mut self,
        articles: &[Article],
        facts: &[ArticleFacts],
        dominant: &[Option<usize>],
    ) {
        // acronym definitions first, so that bare uses of an acronym find their entity
        let mut order: Vec<(usize, usize)> = facts
            .iter()
            .enumerate()
            .flat_map(|(a, f)| (0..f.candidates.len()).map(move |i| (a, i)))
            .collect();
        order.sort_by_key(|&(a, i)| facts[a].candidates[i].acronym.is_none());
        self.resolved = facts
            .iter()
            .map(|f| vec![None; f.candidates.len()])
            .collect();
        let ctx = LinkContext::new(self, facts, dominant);
        self.state_body_countries(facts, dominant);
        let mut defs = LocalDefinitions::default();
        let mut country_led: Vec<(usize, usize, String)> = Vec::new();
        for (a, i) in order {
            let c = &facts[a].candidates[i];
            let bare_acronym = c.kind == EntityKind::Organization
                && c.acronym.is_none()
                && !c.name.chars().any(char::is_lowercase);
            if self.passed_over(c, bare_acronym, &ctx) {
                continue;
            }
            let linked = as_linked(c, &|n: &str| ctx.local_body(n));
            let c = linked.as_ref();
            let text = &articles[a].text;
            let surface = text[c.span.clone()].to_string();
            let Some(p) = self.candidate_proto(a, c, text, bare_acronym, &ctx, &defs) else {
                continue;
            };
            self.note_evidence(p, c, &surface, dominant[a]);
            let conflicted_here = bare_acronym && ctx.conflicted.contains(&c.name);
            self.note_matchable(p, c, &surface, conflicted_here);
            if let Some(acr) = &c.acronym {
                self.note_acronym(a, p, acr, &ctx, &mut defs);
            }
            if let Some(bare) = self.country_led_name(c) {
                country_led.push((a, p, bare));
            }
            self.resolved[a][i] = Some(p);
        }
        self.merge_country_led(country_led);
        self.set_local_acronyms(facts.len(), defs);
        self.merge_transliterations();
        self.decide_countries(false);
    }

    /// The country each state body's bare name stands for, where the texts naming one agree,
    /// and the main countries of the articles naming it without one.
    fn state_body_countries(&mut self, facts: &[ArticleFacts], dominant: &[Option<usize>]) {
        // the country each state body's bare name stands for, where the texts naming one agree
        let mut named: HashMap<String, BTreeMap<usize, u32>> = HashMap::new();
        let mut contexts: HashMap<String, BTreeMap<usize, u32>> = HashMap::new();
        for (a, f) in facts.iter().enumerate() {
            for c in f.candidates.iter().filter(|c| c.national) {
                if let Some(g) = c.country {
                    let bare = loose_key(&body_key_name(self.without_leading_country(&c.name, g)));
                    *named.entry(bare).or_default().entry(g).or_default() += 1;
                } else if let Some(d) = dominant[a] {
                    let bare = loose_key(&body_key_name(&c.name));
                    *contexts.entry(bare).or_default().entry(d).or_default() += 1;
                }
            }
        }
        self.body_contexts = contexts;
        self.body_countries = named;
    }

    /// Whether a candidate names no entity: a short reference (resolved later), a term's
    /// acronym or phrase, common words.
    fn passed_over(&self, c: &Candidate, bare_acronym: bool, ctx: &LinkContext) -> bool {
        if c.short_ref {
            return true;
        }
        if bare_acronym && ctx.terms.contains(c.name.as_str()) {
            return true;
        }
        if let Some(acr) = &c.acronym
            && ctx.term_phrases.contains(&(acr.as_str(), fold(&c.name)))
        {
            return true;
        }
        // `Education (ED)` in a list of departments, `Rural`: one common word is no body's
        // name (`Congress`, `Cabinet`: a closed head is)
        let common_word = c.kind == EntityKind::Organization
            && !c.name.contains(' ')
            && !c.name.chars().skip(1).any(char::is_uppercase)
            && !extract::lexicon::CLOSED_HEADS.contains(&fold(&c.name).as_str());
        if (matches!(c.kind, EntityKind::Person | EntityKind::Place) || bare_acronym || common_word)
            && self.all_common(&c.name)
        {
            return true;
        }
        c.kind == EntityKind::Organization
            && c.name.split(' ').count() == 2
            && c.acronym.is_none()
            && ctx.common_phrase(self.common, &c.name)
            && self.gaz.lookup(&c.name).is_empty()
    }

    /// The entity under construction a candidate of article `a` goes to (made when new); none
    /// for an acronym with two meanings the article does not define.
    fn candidate_proto(
        &mut self,
        a: usize,
        c: &Candidate,
        text: &str,
        bare_acronym: bool,
        ctx: &LinkContext,
        defs: &LocalDefinitions,
    ) -> Option<usize> {
        let dominant = ctx.dominant;
        let p = if let Some(g) = self.gaz_for(c, text) {
            self.gaz_proto(g)
        } else if bare_acronym && ctx.conflicted.contains(&c.name) {
            match defs.defined_here.get(&(a, c.name.clone())) {
                Some(&p) => self.find(p),
                None => return None,
            }
        } else if bare_acronym
            && let Some((_, long)) = bodies_with_initials(
                &ctx.facts[a].candidates,
                &c.name,
                self.by_acronym.contains_key(&c.name),
            )
            .next()
        {
            // `NEC` in an article that names the National Economic Council is that
            // council, whatever another article defined it as
            // (keyed as the long name's own candidate is)
            let long = as_linked(long, &|n: &str| ctx.local_body(n));
            let key = (long.kind, self.key(&long, dominant[a]));
            match self.by_key.get(&key) {
                Some(&p) => self.find(p),
                None => {
                    let p = self.new_proto(long.kind);
                    self.by_key.insert(key, p);
                    p
                }
            }
        } else if c.kind == EntityKind::Organization
            && let Some(&p) = self.by_acronym.get(&c.name)
        {
            self.find(p)
        } else {
            let key = (c.kind, self.key(c, dominant[a]));
            match self.by_key.get(&key) {
                Some(&p) => self.find(p),
                None => {
                    let p = self.new_proto(c.kind);
                    self.by_key.insert(key, p);
                    p
                }
            }
        };
        Some(p)
    }

    /// A body named after a city or state, or ending in a country's name: that country.
    fn placed_country(&self, c: &Candidate, dominant: Option<usize>) -> Option<usize> {
        // a body named after a city or state is of its country (`Nanjing Steel Co`,
        // `University of Ohio`) in an article mostly about that country, when every such
        // place named agrees; one whose name ends
        // in a country's is that country's (`Tourism Ruritania`)
        (c.kind == EntityKind::Organization && c.country.is_none() && !self.beyond_borders(&c.name))
            .then(|| {
                let words: Vec<&str> = c.name.split_whitespace().collect();
                if let Some(g) = (1..=3.min(words.len().saturating_sub(2))).find_map(|l| {
                    let tail = words[words.len() - l..].join(" ");
                    self.gaz.lookup_kind(&tail, EntityKind::Country)
                }) {
                    return Some(g);
                }
                let mut of = self
                    .places_in(&c.name)
                    .into_iter()
                    .filter_map(|g| self.gaz.entries[g].country.as_deref())
                    .filter_map(|iso| self.gaz.country_by_iso2(iso));
                let first = of.next()?;
                // (a city's name is often another's too: `Georgetown University` is not in
                // Guyana unless the article is about Guyana)
                (of.all(|g| g == first) && dominant == Some(first)).then_some(first)
            })
            .flatten()
    }

    /// Notes a candidate's spellings, title and country evidence on entity `p`; `dominant`
    /// is its article's main country.
    fn note_evidence(&mut self, p: usize, c: &Candidate, surface: &str, dominant: Option<usize>) {
        let implied = if c.national {
            self.body_country(&loose_key(&body_key_name(&c.name)), dominant)
        } else {
            dominant
        };
        let placed = self.placed_country(c, dominant);
        let pr = &mut self.protos[p];
        *pr.forms.entry(c.name.clone()).or_default() += 1;
        *pr.forms.entry(surface.to_string()).or_default() += 0;
        pr.national |= c.national;
        if let Some(country) = c.country.or(placed) {
            pr.votes.entry(country).or_default()[0] += 1;
        } else if let Some(d) = implied
            && c.kind != EntityKind::Person
            && (c.national
                || c.kind == EntityKind::Place
                || is_statute(&c.name)
                || state_level(&c.name))
        {
            // people travel: the country an article is mostly about is no evidence of who
            // is quoted in it
            pr.votes.entry(d).or_default()[1] += 1;
        }
        if let Some(r) = &c.role {
            pr.roles.insert(r.clone());
        }
    }

    /// Notes the spellings of a candidate that entity `p` is looked for by everywhere (none
    /// for an acronym with two meanings in the corpus: `conflicted`).
    fn note_matchable(&mut self, p: usize, c: &Candidate, surface: &str, conflicted: bool) {
        // `Savannakhet Province` is also written `Savannakhet`
        let bare_place = (c.kind == EntityKind::Place)
            .then(|| c.name.rsplit_once(' '))
            .flatten()
            .filter(|(_, head)| {
                extract::lexicon::LOWERCASE_PLACE_HEADS.contains(&head.to_lowercase().as_str())
            })
            .map(|(bare, _)| bare.to_string())
            .filter(|bare| self.gaz.lookup(bare).is_empty() && !self.all_common(bare));
        let pr = &mut self.protos[p];
        // a person is looked for everywhere by full names only: a one-word spelling
        // (`Ong`, defined for `Ong Kah Seng` in one article) stays where the text put it
        let multiword = |s: &str| s.split_whitespace().count() >= 2 || !s.is_ascii();
        if conflicted {
            // an acronym with two meanings in the corpus is not looked for elsewhere
        } else if c.kind != EntityKind::Person {
            pr.matchable.insert(surface.to_string());
            pr.matchable.insert(c.name.clone());
        } else if multiword(&c.name) {
            pr.matchable.insert(c.name.clone());
            if multiword(surface) {
                pr.matchable.insert(surface.to_string());
            }
        }
        if let Some(bare) = bare_place {
            pr.matchable.insert(bare.clone());
            *pr.forms.entry(bare).or_default() += 0;
        }
    }

    /// Notes the acronym a candidate of article `a` defines for entity `p`: looked for
    /// everywhere and joining the entities it is defined for, unless it holds only where
    /// it is defined.
    fn note_acronym(
        &mut self,
        a: usize,
        p: usize,
        acr: &str,
        ctx: &LinkContext,
        defs: &mut LocalDefinitions,
    ) {
        let common_short = acr.chars().any(char::is_lowercase) && self.all_common(acr);
        self.protos[p].acronyms.insert(acr.to_string());
        // (a country's short name is the body's only where it is so defined: `Tariff
        // Commission of the People’s Republic of China (PRC)`; so is a short name of
        // common words: `Alliance Rivets Pte Ltd (“Alliance”)`)
        if ctx.conflicted.contains(acr)
            || self.gaz.lookup_kind(acr, EntityKind::Country).is_some()
            || common_short
        {
            defs.defined_here.insert((a, acr.to_string()), p);
            if common_short {
                defs.common_shorts.push((acr.to_string(), p));
            }
        } else {
            self.protos[p].matchable.insert(acr.to_string());
            match self.by_acronym.get(acr).copied() {
                Some(q) => self.union(p, q),
                None => {
                    self.by_acronym.insert(acr.to_string(), p);
                }
            }
        }
    }

    /// The key of a body's name without its country's name in front, when it is written so.
    fn country_led_name(&self, c: &Candidate) -> Option<String> {
        // `U.S. Postal Service` and `Postal Service`: a body (not of a state's kind) named
        // with its country's name in front is the body an article naming both names
        // without it (`German Development Bank` is no `Development Bank`)
        if c.kind == EntityKind::Organization
            && !c.national
            && let Some(g) = c.country
        {
            let bare = self.without_leading_country(&c.name, g);
            let prefix = c.name[..c.name.len() - bare.len()].trim_end();
            if bare.len() < c.name.len()
                && bare.split_whitespace().count() >= 2
                && !self.gaz.is_demonym_of(g, prefix)
            {
                return Some(loose_key(&body_key_name(bare)));
            }
        }
        None
    }

    /// Joins each body named with its country in front to the body of its bare name where
    /// one article names both.
    fn merge_country_led(&mut self, country_led: Vec<(usize, usize, String)>) {
        for (a, p, bare) in country_led {
            if let Some(&q) = self.by_key.get(&(EntityKind::Organization, bare)) {
                let (p, q) = (self.find(p), self.find(q));
                let together = self.resolved[a]
                    .iter()
                    .flatten()
                    .any(|&r| self.root(r) == q);
                if p != q && together {
                    self.union(p, q);
                }
            }
        }
    }

    /// The acronyms and short names each article defines for itself, with the short names of
    /// common words in the articles that name their body in full.
    fn set_local_acronyms(&mut self, article_count: usize, defs: LocalDefinitions) {
        let LocalDefinitions {
            mut defined_here,
            common_shorts,
        } = defs;
        // a short name of common words holds too in the articles that name its body in full
        // (`Alliance` after `Alliance Rivets Pte Ltd`, defined in another release)
        let mut shorts_of: HashMap<usize, Vec<&str>> = HashMap::new();
        for (acr, p) in &common_shorts {
            shorts_of.entry(self.find(*p)).or_default().push(acr);
        }
        for a in 0..article_count {
            for q in self.resolved[a].iter().flatten() {
                if let Some(acrs) = shorts_of.get(&self.root(*q)) {
                    for acr in acrs {
                        defined_here.entry((a, acr.to_string())).or_insert(*q);
                    }
                }
            }
        }
        self.local_acronyms = vec![Vec::new(); article_count];
        for ((a, acr), p) in defined_here {
            self.local_acronyms[a].push((acr, p));
        }
        for v in &mut self.local_acronyms {
            v.sort();
        }
    }

    /// Each entity's country from its votes: the most named one when the text names any; else,
    /// for places, bodies of a state and statutes (which do not travel), the main country of the
    /// articles that name them when two thirds agree. People get one from the text (a title, a
    /// demonym, an apposition, the body they work for); else, when every article naming them
    /// is clearly about one country (most of its country names are that one), that country —
    /// the villagers of a report from a province, the officers of a national agency's release —
    /// unless the text ties them to an international body. Built-in entries keep theirs; a
    /// name holding an international organisation's (`United Nations General Assembly`) gets
    /// none from context.
    fn decide_countries(&mut self, late: bool) {
        for p in 0..self.protos.len() {
            if self.root(p) != p
                || self.protos[p].gaz.is_some()
                || (late
                    && !matches!(
                        self.protos[p].kind,
                        Some(EntityKind::Person | EntityKind::Organization)
                    ))
            {
                continue;
            }
            let pr = &self.protos[p];
            let explicit = pr
                .votes
                .iter()
                .filter(|(_, v)| v[0] > 0)
                .max_by_key(|(c, v)| (v[0], std::cmp::Reverse(**c)))
                .map(|(c, _)| *c);
            let context = || {
                let total: u32 = pr.votes.values().map(|v| v[1]).sum();
                let (c, top) = pr
                    .votes
                    .iter()
                    .map(|(c, v)| (*c, v[1]))
                    .max_by_key(|(c, v)| (*v, std::cmp::Reverse(*c)))?;
                let agree = top > 0 && top * 3 >= total * 2;
                (agree && !pr.forms.keys().any(|f| self.holds_international(f))).then_some(c)
            };
            // (most of the entity's names in such articles, all about the one country: a
            // company or a reporter named across many articles is no one's by this)
            let home = || {
                let mut named = pr.votes.iter().filter(|(_, v)| v[2] > 0);
                let (c, v) = named.next()?;
                (named.next().is_none() && !pr.international && 2 * v[2] >= pr.unsettled)
                    .then_some(*c)
            };
            let country = match pr.kind {
                Some(EntityKind::Person) => explicit.or_else(home),
                Some(EntityKind::Organization) => explicit.or_else(context).or_else(|| {
                    home().filter(|_| !pr.forms.keys().any(|f| self.beyond_borders(f)))
                }),
                _ => explicit.or_else(context),
            };
            self.protos[p].country = country;
        }
        if !late {
            self.series_countries();
        }
    }

    /// Numbered instruments of one series (`Executive Order 14001`, `Proclamation 9704`) have
    /// one issuer: a member without a country the text names (the country an order is about
    /// came from its articles) takes the series' country, when at least three members and two
    /// thirds of all agree.
    fn series_countries(&mut self) {
        let mut series: HashMap<String, Vec<usize>> = HashMap::new();
        for p in 0..self.protos.len() {
            let pr = &self.protos[p];
            if self.root(p) != p || pr.gaz.is_some() || pr.kind != Some(EntityKind::Agreement) {
                continue;
            }
            let Some((name, _)) = pr
                .forms
                .iter()
                .max_by_key(|(f, n)| (**n, std::cmp::Reverse(*f)))
            else {
                continue;
            };
            let Some((head, number)) = name.trim_end().rsplit_once(' ') else {
                continue;
            };
            let numbered = number.starts_with(|c: char| c.is_ascii_digit())
                && number
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '–'));
            if numbered && head.chars().any(char::is_alphabetic) {
                let head = head.trim_end_matches(|c: char| !c.is_alphanumeric());
                let head = head.strip_suffix(" No").unwrap_or(head);
                series.entry(fold(head)).or_default().push(p);
            }
        }
        for members in series.values() {
            let mut count: BTreeMap<usize, usize> = BTreeMap::new();
            for &p in members {
                if let Some(c) = self.protos[p].country {
                    *count.entry(c).or_default() += 1;
                }
            }
            let Some((&c, &top)) = count
                .iter()
                .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
            else {
                continue;
            };
            if top < 3 || top * 3 < members.len() * 2 {
                continue;
            }
            for &p in members {
                let explicit = self.protos[p].votes.values().any(|v| v[0] > 0);
                if !explicit {
                    self.protos[p].country = Some(c);
                }
            }
        }
    }

    /// A person's country from the national body they work for, named in their title or in an
    /// apposition (`Borland’s Ministry of Justice spokesman`, `, director-general … at the Thai
    /// Ministry of Foreign Affairs`): an explicit vote, counted once the bodies' own countries
    /// are decided. The body nearest the name counts; an international one gives none.
    fn affiliation_votes(
        &mut self,
        facts: &[ArticleFacts],
        mentions: &[(usize, Range<usize>, usize)],
    ) {
        let by_article = mentions_by_article(facts.len(), mentions);
        let mut votes = Vec::new();
        for (a, f) in facts.iter().enumerate() {
            let ms = &by_article[a];
            for c in &f.candidates {
                let (EntityKind::Person, Some(zone)) = (c.kind, &c.affiliation) else {
                    continue;
                };
                let at = ms.partition_point(|&i| mentions[i].1.start < c.span.start);
                let Some(&own) = ms[at..]
                    .iter()
                    .take_while(|&&i| mentions[i].1.start == c.span.start)
                    .find(|&&i| mentions[i].1 == c.span)
                else {
                    continue;
                };
                let person = self.root(mentions[own].2);
                if self.protos[person].kind != Some(EntityKind::Person) {
                    continue;
                }
                if let Some(g) = self.nearest_body_country(c, zone, ms, own, mentions) {
                    votes.push((person, g));
                }
            }
        }
        for (p, g) in votes {
            match g {
                Some(g) => self.protos[p].votes.entry(g).or_default()[0] += 1,
                None => self.protos[p].international = true,
            }
        }
    }

    /// The country of the body nearest to a person's candidate `c` (mention `own`) in its
    /// affiliation zone, not past another person: `Some(None)` for an international body.
    /// `ms`: the article's mentions in text order.
    fn nearest_body_country(
        &self,
        c: &Candidate,
        zone: &Range<usize>,
        ms: &[usize],
        own: usize,
        mentions: &[(usize, Range<usize>, usize)],
    ) -> Option<Option<usize>> {
        let from = ms.partition_point(|&i| mentions[i].1.end <= zone.start);
        // (not past another person: `Secretary Ana Reyes, Adviser Ben Ode of the
        // Velmora Council` — the council is Ode's)
        let others: Vec<&Range<usize>> = ms[from..]
            .iter()
            .take_while(|&&i| mentions[i].1.start < zone.end)
            .filter(|&&i| {
                i != own && self.protos[self.root(mentions[i].2)].kind == Some(EntityKind::Person)
            })
            .map(|&i| &mentions[i].1)
            .collect();
        let between_person = |sp: &Range<usize>| {
            let (lo, hi) = if sp.end <= c.span.start {
                (sp.end, c.span.start)
            } else {
                (c.span.end, sp.start)
            };
            others.iter().any(|o| o.start >= lo && o.end <= hi)
        };
        let inside = ms[from..]
            .iter()
            .copied()
            .take_while(|&i| mentions[i].1.start < zone.end)
            .filter(|&i| i != own && !between_person(&mentions[i].1));
        let distance = |sp: &Range<usize>| {
            if sp.end <= c.span.start {
                c.span.start - sp.end
            } else {
                sp.start.saturating_sub(c.span.end)
            }
        };
        inside
            .filter_map(|i| {
                Some((
                    distance(&mentions[i].1),
                    self.affiliation_body_country(mentions[i].2)?,
                ))
            })
            .min_by_key(|x| x.0)
            .map(|x| x.1)
    }

    /// The country of body `p` for the people affiliated with it, or `Some(None)` for an
    /// international one; `None` when it is no body.
    fn affiliation_body_country(&self, p: usize) -> Option<Option<usize>> {
        // the body's country, or None for an international one
        let pr = &self.protos[self.root(p)];
        if pr.kind != Some(EntityKind::Organization) {
            return None;
        }
        if pr.forms.keys().any(|f| self.holds_international(f)) {
            return Some(None);
        }
        // (a country the corpus writes with the body, not one guessed from the
        // articles about it: `Office of the Speaker` is any country's)
        pr.country
            .filter(|c| pr.votes.get(c).is_some_and(|v| v[0] > 0))
            .map(Some)
    }

    /// Lone capitalised words that are part of a person's name: within an article, a part of
    /// the name of the one person it names with that part (`Daro` after `Daro Vanna`, `Reyes`
    /// in a headline over a text that names Amos Reyes); else the family name of the one person
    /// of the corpus who has it and is named in full in at least two articles (`Reyes’s plan`).
    /// A word the corpus also writes in lower case, or one that is a part of two people's names,
    /// is left alone.
    fn lone_references(
        &mut self,
        articles: &[Article],
        facts: &[ArticleFacts],
        mentions: &mut Vec<(usize, Range<usize>, usize)>,
    ) {
        let (names, mut taken) = self.people_named_in_full(mentions, articles.len());
        let family = self.vouched_family_names(&names.articles_of);
        // the people of each article by name part, in `people_in` order: a lookup per word,
        // not a scan of every person of a long article
        let mut by_part: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
        for (a, ps) in names.people_in.iter().enumerate() {
            for &p in ps {
                for w in names.parts.get(&p).into_iter().flatten() {
                    by_part.entry((a, w.as_str())).or_default().push(p);
                }
            }
        }
        for (a, f) in facts.iter().enumerate() {
            let text = &articles[a].text;
            let aliases = self.person_aliases(a, f, text);
            let mut added = Vec::new();
            let taken_here = SpanIndex::new(std::mem::take(&mut taken[a]));
            for run in &f.lone {
                if taken_here.overlaps(run) {
                    continue;
                }
                let words = word_spans(text, run);
                if words.len() > 1 {
                    if let Some((span, p)) =
                        headline_run_person(a, text, run, &words, &by_part, &names.parts)
                    {
                        added.push((a, span, p));
                    }
                    continue;
                }
                let span = run;
                let word = fold(&text[span.clone()]);
                if let Some(p) = self.lone_word_person(a, &word, &by_part, &aliases, &family) {
                    added.push((a, span.clone(), p));
                }
            }
            mentions.extend(added);
        }
    }

    /// The people named in full among the mentions (their name parts, the people of each
    /// article, the articles naming each), and the spans mentioned in each article.
    fn people_named_in_full(
        &self,
        mentions: &[(usize, Range<usize>, usize)],
        article_count: usize,
    ) -> (FullNames, Vec<Vec<Range<usize>>>) {
        let mut parts: HashMap<usize, HashSet<String>> = HashMap::new();
        let mut people_in: Vec<Vec<usize>> = vec![Vec::new(); article_count];
        // (article, person) pairs already in `people_in`: no scan per mention
        let mut person_seen: HashSet<(usize, usize)> = HashSet::new();
        let mut articles_of: HashMap<usize, HashSet<usize>> = HashMap::new();
        let mut taken: Vec<Vec<Range<usize>>> = vec![Vec::new(); article_count];
        for (a, span, p) in mentions.iter() {
            taken[*a].push(span.clone());
            let r = self.root(*p);
            if self.protos[r].kind != Some(EntityKind::Person) {
                continue;
            }
            let full = self.protos[r]
                .forms
                .keys()
                .any(|f| f.split_whitespace().count() >= 2);
            if !full {
                continue;
            }
            if person_seen.insert((*a, r)) {
                people_in[*a].push(r);
            }
            articles_of.entry(r).or_default().insert(*a);
            parts.entry(r).or_insert_with(|| {
                self.protos[r]
                    .forms
                    .keys()
                    .filter(|f| f.split_whitespace().count() >= 2)
                    .flat_map(|f| {
                        fold(f)
                            .split_whitespace()
                            .map(String::from)
                            .collect::<Vec<_>>()
                    })
                    .filter(|w| {
                        w.chars().count() >= 2
                            && !w.contains(['/', '.', ','])
                            && !matches!(w.as_str(), "jr" | "sr" | "ii" | "iii")
                    })
                    .collect()
            });
        }
        let names = FullNames {
            parts,
            people_in,
            articles_of,
        };
        (names, taken)
    }

    /// Family names (last parts) of people named in full, each with its one person when
    /// that person is named in two articles or more and known as a person (`usize::MAX`
    /// otherwise).
    fn vouched_family_names(
        &self,
        articles_of: &HashMap<usize, HashSet<usize>>,
    ) -> HashMap<String, Vec<usize>> {
        // family names (last parts) of people named in full in two articles or more, known as
        // people by a title or a given name (not `Kata’ib Velmor`, a group that `says`)
        let mut family: HashMap<String, Vec<usize>> = HashMap::new();
        for (&p, arts) in articles_of {
            let vouched = !self.protos[p].roles.is_empty()
                || self.protos[p].forms.keys().any(|f| {
                    f.split_whitespace().count() >= 2
                        && f.split_whitespace()
                            .next()
                            .is_some_and(extract::is_given_name)
                });
            let lasts: BTreeSet<String> = self.protos[p]
                .forms
                .keys()
                .filter(|f| f.split_whitespace().count() >= 2)
                .filter_map(|f| fold(f).split_whitespace().last().map(String::from))
                .collect();
            for l in lasts {
                let v = family.entry(l).or_default();
                if arts.len() >= 2 && vouched {
                    v.push(p);
                } else {
                    v.push(usize::MAX);
                }
            }
        }
        family
    }

    /// Short forms article `a` defines for a person (`Ong Kah Seng (“Ong”)`), folded.
    fn person_aliases(&self, a: usize, f: &ArticleFacts, text: &str) -> HashMap<String, usize> {
        // short forms the article defines for a person (`Ong Kah Seng (“Ong”)`)
        f.candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == EntityKind::Person && !c.short_ref)
            .filter_map(|(i, c)| {
                let surface = &text[c.span.clone()];
                let p = self.resolved[a][i]?;
                (!surface.contains(' ') && c.name.contains(' '))
                    .then(|| (fold(surface), self.root(p)))
            })
            .collect()
    }

    /// The person a lone word of article `a` (folded) stands for: an alias the article
    /// defined, the one person of the article with that name part, else the one vouched
    /// person of the corpus with that family name.
    fn lone_word_person(
        &self,
        a: usize,
        word: &str,
        by_part: &HashMap<(usize, &str), Vec<usize>>,
        aliases: &HashMap<String, usize>,
        family: &HashMap<String, Vec<usize>>,
    ) -> Option<usize> {
        if self.common.contains_key(&word_hash(word)) {
            return None;
        }
        let here: Vec<usize> = by_part.get(&(a, word)).cloned().unwrap_or_default();
        let p = match here.as_slice() {
            _ if aliases.contains_key(word) => aliases[word],
            [p] => *p,
            [] => match family.get(word).map(Vec::as_slice) {
                Some([p]) if *p != usize::MAX => *p,
                _ => return None,
            },
            _ => return None,
        };
        Some(p)
    }

    /// Whether a name holds the name of a built-in international organisation.
    /// Whether a body's name reaches past one country: it holds an international
    /// organisation's name, a world region's (`Radio Free Asia`) or a word such as
    /// `International`; such a body takes no country from the articles that name it.
    fn beyond_borders(&self, name: &str) -> bool {
        self.holds_international(name)
            || name
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| extract::lexicon::BEYOND_BORDERS.contains(&w.to_lowercase().as_str()))
            || self
                .places_in(name)
                .into_iter()
                .any(|g| self.gaz.entries[g].country.is_none())
    }

    /// Built-in places named inside `name` (runs of up to four words, the first capitalised).
    fn places_in(&self, name: &str) -> Vec<usize> {
        let words: Vec<&str> = name
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .collect();
        let mut out = Vec::new();
        for i in (0..words.len()).filter(|&i| words[i].starts_with(char::is_uppercase)) {
            for j in i + 1..=words.len().min(i + 4) {
                out.extend(
                    self.gaz
                        .lookup(&words[i..j].join(" "))
                        .iter()
                        .copied()
                        .filter(|&g| self.gaz.entries[g].kind == EntityKind::Place),
                );
            }
        }
        out
    }

    /// Whether the demonym of country `g` at `span` is a word of another name: before a
    /// capitalised word the corpus never writes in lower case that is no title, body's head,
    /// known name or person (`Ruritanian Rouge`), or after a body's short form in capitals (a
    /// service in that language: `VRS Ruritanian`); or the language itself (`speaks
    /// Ruritanian`, `in Ruritanian.`).
    fn demonym_in_a_name(
        &self,
        text: &str,
        span: &Range<usize>,
        g: usize,
        person_at: &HashSet<usize>,
    ) -> bool {
        let e = &self.gaz.entries[g];
        let surface = &text[span.clone()];
        if e.kind != EntityKind::Country || !self.gaz.is_demonym_of(g, surface) {
            return false;
        }
        let next: &str = text[span.end..]
            .strip_prefix(' ')
            .and_then(|r| r.split(|c: char| !c.is_alphanumeric()).next())
            .unwrap_or("");
        // (not a plural: `American Catholics`, `Chinese EVs` are groups and things)
        let glued_after = next.chars().next().is_some_and(char::is_uppercase)
            && next.chars().skip(1).any(char::is_lowercase)
            && !next.ends_with('s')
            && !self.all_common(next)
            && !person_at.contains(&(span.end + 1))
            && self.gaz.lookup(next).is_empty()
            && {
                let w = next.to_lowercase();
                // (a title's first word too: `Prime Minister`)
                !extract::lexicon::TITLES.iter().any(|t| {
                    *t == w
                        || t.strip_prefix(w.as_str())
                            .is_some_and(|r| r.starts_with(' '))
                }) && !extract::lexicon::ORG_HEADS.contains(&w.as_str())
                    && !extract::lexicon::NATIONAL_HEADS.contains(&w.as_str())
            };
        let prev: &str = text[..span.start]
            .strip_suffix(' ')
            .and_then(|l| l.rsplit(|c: char| !c.is_alphanumeric()).next())
            .unwrap_or("");
        let after_acronym = !surface.chars().all(|c| !c.is_lowercase())
            && prev.len() >= 2
            && prev.chars().all(|c| c.is_ascii_uppercase())
            && self
                .gaz
                .lookup(prev)
                .iter()
                .all(|&q| self.gaz.entries[q].kind != EntityKind::Country);
        // a language: `speaks French`, `in Khmer.`, `translated into Thai,`
        let prev_word = text[..span.start]
            .strip_suffix(' ')
            .and_then(|l| l.rsplit(' ').next())
            .unwrap_or("")
            .to_lowercase();
        let language = matches!(
            prev_word.as_str(),
            "speak" | "speaks" | "spoke" | "speaking" | "spoken" | "in" | "into"
        ) && !surface.ends_with('s')
            && !next.chars().next().is_some_and(char::is_alphanumeric)
            && !text[span.end..].starts_with(['’', '\'']);
        glued_after || after_acronym || language
    }

    /// Whether `span` is a short code in capitals after a city and a comma (`Washington,
    /// DC`, `Austin, TX`): part of the place's address, not a short form of anything.
    fn place_code(&self, text: &str, span: &Range<usize>) -> bool {
        let code = &text[span.clone()];
        if code.len() > 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            return false;
        }
        let Some(before) = text[..span.start].strip_suffix(", ") else {
            return false;
        };
        let words: Vec<&str> = before.rsplitn(4, ' ').collect();
        (1..=words.len().min(3)).any(|l| {
            let place = words[..l]
                .iter()
                .rev()
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            self.gaz.lookup_kind(&place, EntityKind::Place).is_some()
        })
    }

    fn holds_international(&self, name: &str) -> bool {
        let words: Vec<&str> = name.split_whitespace().collect();
        (0..words.len()).any(|i| {
            (i + 1..=words.len().min(i + 6)).any(|j| {
                self.gaz
                    .lookup(&words[i..j].join(" "))
                    .iter()
                    .any(|&g| self.gaz.entries[g].kind == EntityKind::Organization)
            })
        })
    }

    /// People whose names differ by transliteration: same number of name parts, the same given
    /// name (first part), and a last part with the same phonetic key or very similar spelling.
    fn merge_transliterations(&mut self) {
        let people = self.people_by_full_name();
        let merges = transliteration_merges(&people);
        let nick = self.nickname_merges(&people);
        let tail_merges = tail_merges(&people);
        for (a, b) in merges.into_iter().chain(nick).chain(tail_merges) {
            self.union(a, b);
        }
    }

    /// The root people with a name of two words or more: their most frequent spelling's
    /// words, folded.
    fn people_by_full_name(&self) -> Vec<(usize, Vec<String>)> {
        (0..self.protos.len())
            .filter(|&p| self.root(p) == p && self.protos[p].kind == Some(EntityKind::Person))
            .filter_map(|p| {
                let name = self.protos[p]
                    .forms
                    .iter()
                    .max_by_key(|(f, c)| (**c, f.len()))?
                    .0
                    .clone();
                let parts: Vec<String> = fold(&name).split_whitespace().map(String::from).collect();
                (parts.len() >= 2).then_some((p, parts))
            })
            .collect()
    }

    /// Pairs of people with one family name whose given names are one name and its nickname,
    /// one letter apart inside or spelling variants, by every full spelling of each.
    fn nickname_merges(&self, people: &[(usize, Vec<String>)]) -> Vec<(usize, usize)> {
        // (every full spelling of each person: `Tony Reyes` also written `Anthony Reyes`)
        let mut by_family: HashMap<Vec<String>, Vec<(usize, String)>> = HashMap::new();
        for (p, _) in people {
            let mut seen = HashSet::new();
            for f in self.protos[*p].forms.keys() {
                let parts: Vec<String> = fold(f).split_whitespace().map(String::from).collect();
                let b = bare_name_parts(&parts);
                if b.len() >= 2 && seen.insert(b.clone()) {
                    by_family
                        .entry(b[1..].to_vec())
                        .or_default()
                        .push((*p, b[0].clone()));
                }
            }
        }
        let mut nick = Vec::new();
        for group in by_family.values() {
            for (x, (p, g)) in group.iter().enumerate() {
                for (q, h) in &group[x + 1..] {
                    if p != q
                        && g != h
                        && (extract::lexicon::same_given_name(g, h)
                            || one_letter_more(g, h)
                            || spelling_variant(g, h))
                    {
                        nick.push((*p, *q));
                    }
                }
            }
        }
        nick
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn finish(
        mut self,
        articles: Vec<Article>,
        facts: Vec<ArticleFacts>,
        dominant: &[Option<usize>],
        settled: &[Option<usize>],
        countries: &Matcher,
        cached: Vec<(Option<ArticleMatches>, Option<CountryHits>)>,
        old_spellings: Option<&HashMap<u64, (u64, crate::kb::CaseRule)>>,
        work: &mut Work,
    ) -> KnowledgeBase {
        let matcher = self.build_matcher();
        let spelling_keys = matcher.spelling_keys();
        let pattern_keys: Vec<u64> = matcher.patterns.iter().map(|p| word_key(p)).collect();
        let by_key: HashMap<u64, usize> = pattern_keys
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, i))
            .collect();
        let changed = changed_first_words(&spelling_keys, old_spellings);

        // mentions per article: candidates first, then matches elsewhere
        let timer = PhaseTimer::new();
        let context = MatchContext {
            linker: &self,
            matcher: &matcher,
            pattern_keys: &pattern_keys,
            by_key: &by_key,
            countries,
            facts: &facts,
            dominant,
            changed: &changed,
        };
        let matched: Vec<(Vec<Found>, ArticleMatches, bool)> = articles
            .par_iter()
            .zip(cached.into_par_iter())
            .enumerate()
            .map(|(a, (art, (cache, known)))| context.match_article(a, art, cache, known))
            .collect();
        let mut per_article = Vec::with_capacity(matched.len());
        let mut article_matches = Vec::with_capacity(matched.len());
        for (found, am, rematched) in matched {
            per_article.push(found);
            article_matches.push(am);
            work.matched += usize::from(rematched);
        }
        timer.mark("  matching: per article");
        self.add_builtin_entities(&per_article);
        let (mut mentions_p, shorts) = self.split_short_references(per_article);
        timer.mark("  matching: built-in entries");
        self.resolve_short_references(&articles, &facts, &mut mentions_p, shorts, &timer);
        self.decide_affiliations(&facts, settled, &mentions_p);
        timer.mark("  matching: short references");
        self.lone_references(&articles, &facts, &mut mentions_p);
        timer.mark("  matching: lone name words");
        let (mut entities, index) = self.assemble_entities(&mentions_p);
        timer.mark("  matching: entities");
        let (mentions, by_article) =
            self.index_mentions(mentions_p, &mut entities, &index, articles.len());
        KnowledgeBase {
            heads: Default::default(),
            articles: articles.into(),
            facts: facts.into(),
            prepared: Default::default(),
            matches: article_matches.into(),
            spelling_keys,
            lower_case: HashMap::new(),
            term_acronyms: Vec::new(),
            entities,
            mentions: mentions.into(),
            events: Vec::new(),
            by_article: by_article.into(),
            warnings: Vec::new(),
            matcher: None,
            path_index: Default::default(),
            id_index: Default::default(),
            folded_titles: Default::default(),
            folded_names: Default::default(),
            spellings: Default::default(),
            summary: Default::default(),
        }
    }

    /// The matcher of every spelling of every entity, and every built-in entry.
    fn build_matcher(&mut self) -> Matcher {
        // every spelling of every entity, and every built-in entry, for matching
        let mut forms: Vec<(String, usize)> = Vec::new();
        for g in 0..self.gaz.entries.len() {
            if !self.by_gaz.contains_key(&g) {
                let e = &self.gaz.entries[g];
                forms.extend(e.forms().map(|f| (f.clone(), usize::MAX - g)));
            }
        }
        // words of people's full names: a one-word place made by dropping `County` from
        // `Dunmore County` is not looked for where the corpus names a person with that word
        let mut person_words: HashSet<String> = HashSet::new();
        for p in 0..self.protos.len() {
            if self.root(p) == p && self.protos[p].kind == Some(EntityKind::Person) {
                for f in self.protos[p].matchable.iter().filter(|f| f.contains(' ')) {
                    person_words.extend(fold(f).split_whitespace().map(String::from));
                }
            }
        }
        for p in 0..self.protos.len() {
            if self.find(p) == p {
                let place =
                    self.protos[p].kind == Some(EntityKind::Place) && self.protos[p].gaz.is_none();
                for f in &self.protos[p].matchable {
                    let person_word = place && !f.contains(' ') && person_words.contains(&fold(f));
                    // an acronym that is a title's abbreviation (`MS.`, `DR.`) is the title
                    let title_abbreviation = f.len() <= 4
                        && f.chars().all(|c| c.is_ascii_uppercase())
                        && extract::lexicon::TITLES.contains(&f.to_lowercase().as_str());
                    if !self.gaz.is_not_entity(f) && !person_word && !title_abbreviation {
                        forms.push((f.clone(), p));
                    }
                }
            }
        }
        Matcher::new(forms)
    }

    /// Makes entities of the built-in entries that were matched and of the countries of
    /// places and bodies.
    fn add_builtin_entities(&mut self, per_article: &[Vec<Found>]) {
        // built-in entries that were matched become entities
        let mut gaz_needed: BTreeSet<usize> = BTreeSet::new();
        for f in per_article.iter().flatten() {
            if let Target::Gaz(g) = f.target {
                gaz_needed.insert(g);
            }
        }
        for g in gaz_needed {
            self.gaz_proto(g);
        }
        // countries of places and bodies are entities too
        let countries_needed: Vec<usize> = self.protos.iter().filter_map(|p| p.country).collect();
        for g in countries_needed {
            self.gaz_proto(g);
        }
    }

    /// The mentions found of entities (article, span, proto) and the short references left to
    /// resolve (article, span, candidate).
    #[allow(clippy::type_complexity)]
    fn split_short_references(
        &mut self,
        per_article: Vec<Vec<Found>>,
    ) -> (
        Vec<(usize, Range<usize>, usize)>,
        Vec<(usize, Range<usize>, usize)>,
    ) {
        let mut mentions_p: Vec<(usize, Range<usize>, usize)> = Vec::new();
        let mut shorts: Vec<(usize, Range<usize>, usize)> = Vec::new();
        for (a, found) in per_article.into_iter().enumerate() {
            for f in found {
                let p = match f.target {
                    Target::Proto(p) => self.find(p),
                    Target::Gaz(g) => {
                        let p = self.by_gaz[&g];
                        self.find(p)
                    }
                    Target::Short(i) => {
                        shorts.push((a, f.span, i));
                        continue;
                    }
                };
                mentions_p.push((a, f.span, p));
            }
        }
        (mentions_p, shorts)
    }

    /// Short references: a single name after a title, resolved to a person of the same
    /// article whose name has that part, else a unique person of the corpus, else its own;
    /// their mentions are added to `mentions_p`.
    fn resolve_short_references(
        &mut self,
        articles: &[Article],
        facts: &[ArticleFacts],
        mentions_p: &mut Vec<(usize, Range<usize>, usize)>,
        shorts: Vec<(usize, Range<usize>, usize)>,
        timer: &PhaseTimer,
    ) {
        let last_names = self.last_names();
        let by_part = self.people_by_part(mentions_p, articles.len(), timer);
        let held = self.titles_held(&last_names);
        let called = self.honorifics_called(facts, &shorts, &by_part);
        let names = ShortNames {
            last_names,
            by_part,
            held,
            called,
        };
        for (a, span, i) in shorts {
            let c = &facts[a].candidates[i];
            let Some(hits) = self.short_reference_hits(a, c, &names) else {
                continue;
            };
            let p = self.short_reference_person(c, &hits, &articles[a].text[span.clone()]);
            mentions_p.push((a, span, p));
        }
    }

    /// The people by each word of their full names (of two words or more).
    fn last_names(&self) -> HashMap<String, Vec<usize>> {
        let mut last_names: HashMap<String, Vec<usize>> = HashMap::new();
        for p in 0..self.protos.len() {
            if self.root(p) != p || self.protos[p].kind != Some(EntityKind::Person) {
                continue;
            }
            let lasts: BTreeSet<String> = self.protos[p]
                .forms
                .keys()
                .filter(|f| f.split_whitespace().count() >= 2)
                .flat_map(|f| {
                    fold(f)
                        .split_whitespace()
                        .map(String::from)
                        .collect::<Vec<_>>()
                })
                .collect();
            for l in lasts {
                last_names.entry(l).or_default().push(p);
            }
        }
        last_names
    }

    /// The people each article names in full, by article and name part.
    fn people_by_part(
        &self,
        mentions_p: &[(usize, Range<usize>, usize)],
        article_count: usize,
        timer: &PhaseTimer,
    ) -> HashMap<(usize, String), Vec<usize>> {
        // name parts of each person, and the people each article names in full
        let mut parts_of: HashMap<usize, HashSet<String>> = HashMap::new();
        let mut people_in: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); article_count];
        for (a, _, p) in mentions_p {
            let r = self.root(*p);
            if self.protos[r].kind == Some(EntityKind::Person) {
                people_in[*a].insert(r);
                parts_of.entry(r).or_insert_with(|| {
                    self.protos[r]
                        .forms
                        .keys()
                        .flat_map(|f| {
                            fold(f)
                                .split_whitespace()
                                .map(String::from)
                                .collect::<Vec<_>>()
                        })
                        .collect()
                });
            }
        }
        timer.mark("  matching: last names");
        // the people of each article by name part, in `people_in` order (ascending)
        let mut by_part: HashMap<(usize, String), Vec<usize>> = HashMap::new();
        for (a, ps) in people_in.iter().enumerate() {
            for &p in ps {
                for w in parts_of.get(&p).into_iter().flatten() {
                    by_part.entry((a, w.clone())).or_default().push(p);
                }
            }
        }
        by_part
    }

    /// The title words each person holds by the candidates that name them in full, before
    /// the short references add theirs.
    fn titles_held(
        &self,
        last_names: &HashMap<String, Vec<usize>>,
    ) -> HashMap<usize, HashSet<String>> {
        let mut held: HashMap<usize, HashSet<String>> = HashMap::new();
        for ps in last_names.values() {
            for &p in ps {
                let r = self.root(p);
                held.entry(r).or_insert_with(|| {
                    self.protos[r]
                        .roles
                        .iter()
                        .flat_map(|t| title_words(t))
                        .collect()
                });
            }
        }
        held
    }

    /// The honorifics each person is called by in the articles that name them in full
    /// (`MR. OKAFOR:` beside `Ben Okafor`).
    fn honorifics_called(
        &self,
        facts: &[ArticleFacts],
        shorts: &[(usize, Range<usize>, usize)],
        by_part: &HashMap<(usize, String), Vec<usize>>,
    ) -> HashMap<usize, HashSet<String>> {
        let mut called: HashMap<usize, HashSet<String>> = HashMap::new();
        for (a, _, i) in shorts {
            let c = &facts[*a].candidates[*i];
            if let Some(h) = honorific_of(c)
                && let Some([p]) = by_part.get(&(*a, fold(&c.name))).map(Vec::as_slice)
            {
                called.entry(self.root(*p)).or_default().insert(h);
            }
        }
        called
    }

    /// The people a short reference of article `a` may stand for (one to resolve it), or
    /// `None` when it stays unresolved.
    fn short_reference_hits(
        &self,
        a: usize,
        c: &Candidate,
        names: &ShortNames,
    ) -> Option<Vec<usize>> {
        let part = fold(&c.name);
        if self.all_common(&c.name) {
            return None;
        }
        let mut hits: Vec<usize> = names
            .by_part
            .get(&(a, part.clone()))
            .cloned()
            .unwrap_or_default();
        hits.dedup();
        // `President Reyes` in an article that names only the president's son in full is
        // the president: a titled reference skips the article's people when none of them
        // holds the title and a person of the corpus with that name does
        let title = c
            .role
            .as_deref()
            .and_then(|r| title_words(r).pop())
            .filter(|t| {
                !matches!(
                    t.as_str(),
                    "mr" | "mrs" | "ms" | "miss" | "mx" | "madam" | "mme"
                )
            });
        if let Some(t) = &title
            && !hits.is_empty()
            && !hits.iter().any(|&p| names.holds(self, p, t))
            && names
                .last_names
                .get(&part)
                .is_some_and(|ps| ps.iter().any(|&p| names.holds(self, p, t)))
        {
            hits.clear();
        }
        // of the article's people with the name, the one who holds the title
        if let Some(t) = &title
            && hits.len() > 1
        {
            let titled: Vec<usize> = hits
                .iter()
                .copied()
                .filter(|&p| names.holds(self, p, t))
                .collect();
            if titled.len() == 1 {
                hits = titled;
            }
        }
        // a reference without a title stands for one person of its own article or none
        if c.role.is_none() && hits.len() != 1 {
            return None;
        }
        // a title in lower case (`bring to justice Hamas`) may be no title: it ties the
        // name to a person of its own article only
        let lower_title = c
            .role
            .as_deref()
            .is_some_and(|r| r.starts_with(char::is_lowercase));
        if hits.is_empty() && lower_title {
            return None;
        }
        if hits.is_empty() {
            hits = self.corpus_person_hits(c, &part, title.as_deref(), names);
        }
        Some(hits)
    }

    /// The people of the corpus a titled short reference that no person of its article
    /// answers may stand for.
    fn corpus_person_hits(
        &self,
        c: &Candidate,
        part: &str,
        title: Option<&str>,
        names: &ShortNames,
    ) -> Vec<usize> {
        // a person of the corpus with this name part who holds the same title
        // (`President Reyes`: not the First Lady; `Ms. Reyes`: not the Vice President)
        let hits = names.last_names.get(part).cloned().unwrap_or_default();
        let honorific = c
            .role
            .as_deref()
            .is_some_and(|r| extract::lexicon::HONORIFICS.contains(&fold(r).trim_end_matches('.')));
        if honorific {
            self.honorific_reference_hits(c, part, title, &hits, names)
        } else if let Some(title) = c.role.as_deref().and_then(|r| r.split_whitespace().last()) {
            self.titled_reference_hits(part, title, hits, names)
        } else {
            hits
        }
    }

    /// `Dr. Okafor`: the one person of the corpus with this family name, else the one of
    /// them who holds the title or is called by the honorific.
    fn honorific_reference_hits(
        &self,
        c: &Candidate,
        part: &str,
        title: Option<&str>,
        hits: &[usize],
        names: &ShortNames,
    ) -> Vec<usize> {
        // `Dr. Okafor`: the one person of the corpus with this family name
        let family: Vec<usize> = hits
            .iter()
            .copied()
            .filter(|&p| {
                self.protos[self.root(p)].forms.keys().any(|f| {
                    f.split_whitespace().count() >= 2
                        && fold(f).split_whitespace().last() == Some(part)
                })
            })
            .collect();
        // (`Dr. Okafor` among several Okafors: the one who is a doctor)
        let doctors: Vec<usize> = match title {
            Some(t) if family.len() > 1 => family
                .iter()
                .copied()
                .filter(|&p| names.holds(self, p, t))
                .collect(),
            _ => Vec::new(),
        };
        // (`MR. OKAFOR:` among several Okafors: the most named of them, when the
        // articles that name him in full call him that too)
        let same: Vec<usize> = match honorific_of(c) {
            Some(h) => family
                .iter()
                .copied()
                .filter(|&p| names.called.get(&p).is_some_and(|hs| hs.contains(&h)))
                .collect(),
            None => Vec::new(),
        };
        if family.len() == 1 {
            family
        } else if doctors.len() == 1 {
            doctors
        } else {
            let named = |p: usize| self.protos[p].forms.values().sum::<usize>();
            match same[..] {
                // (the only one called so, and named more than any other)
                [p] if family.iter().all(|&q| q == p || named(q) < named(p)) => {
                    vec![p]
                }
                _ => self
                    .most_named(&family)
                    .filter(|p| same.contains(p))
                    .into_iter()
                    .collect(),
            }
        }
    }

    /// `Prime Minister X`: the person of the corpus with name part `part` who holds the
    /// title's last word `title`, else the one whose family name it is.
    fn titled_reference_hits(
        &self,
        part: &str,
        title: &str,
        mut hits: Vec<usize>,
        names: &ShortNames,
    ) -> Vec<usize> {
        let title = fold(title).trim_end_matches('.').to_string();
        let titled: Vec<usize> = hits
            .iter()
            .copied()
            .filter(|&p| names.holds(self, p, &title))
            .collect();
        if titled.is_empty() {
            // no one holds that title by their full name: the one person of the
            // corpus whose family name it is (`Prime Minister Trudeau` where the
            // texts name `Justin Trudeau` without the title), unless they hold
            // another head of state's or government's title (`President Lind` is
            // no Prime Minister Ana Lind)
            let head = |t: &String| extract::lexicon::HEAD_TITLES.contains(&t.as_str());
            let other_head =
                |r: &usize| head(&title) && names.held.get(r).is_some_and(|h| h.iter().any(head));
            let family: Vec<usize> = hits
                .iter()
                .map(|&p| self.root(p))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .filter(|&r| {
                    self.protos[r].forms.keys().any(|f| {
                        f.split_whitespace().count() >= 2
                            && fold(f).split_whitespace().last() == Some(part)
                    })
                })
                .collect();
            hits = if family.len() == 1 && !other_head(&family[0]) {
                family
            } else {
                Vec::new()
            };
        } else if titled.len() == 1 {
            hits = titled;
        } else if let Some(p) = self.most_named(&titled) {
            hits = vec![p];
        }
        hits
    }

    /// The person a short reference (`surface` in its text) stands for: the one of `hits`,
    /// else a person of its own; its title and country noted.
    fn short_reference_person(&mut self, c: &Candidate, hits: &[usize], surface: &str) -> usize {
        let p = if hits.len() == 1 {
            self.find(hits[0])
        } else {
            let key = (
                EntityKind::Person,
                format!("short:{}", compact_key(&c.name)),
            );
            match self.by_key.get(&key) {
                Some(&p) => self.find(p),
                None => {
                    let p = self.new_proto(EntityKind::Person);
                    *self.protos[p].forms.entry(c.name.clone()).or_default() += 1;
                    self.by_key.insert(key, p);
                    p
                }
            }
        };
        let pr = &mut self.protos[p];
        // a title says whose official the person is (`Indonesian President Suryo`)
        if let Some(country) = c.country {
            pr.votes.entry(country).or_default()[0] += 1;
        }
        if let Some(r) = &c.role {
            pr.roles.insert(r.clone());
            // the title and name together is a spelling of its own (`President Cuong`)
            *pr.forms
                .entry(format!(
                    "{} {}",
                    r.split_whitespace().last().unwrap_or(r),
                    surface
                ))
                .or_default() += 0;
        }
        p
    }

    /// Votes for the countries of people and bodies by the articles that name them and
    /// their affiliations, then decides them; the countries decided become entities.
    fn decide_affiliations(
        &mut self,
        facts: &[ArticleFacts],
        settled: &[Option<usize>],
        mentions_p: &[(usize, Range<usize>, usize)],
    ) {
        // the articles clearly about one country that name each person and body, and the
        // others (every mention counts, not only the extracted names)
        for (a, _, p) in mentions_p {
            let r = self.root(*p);
            if matches!(
                self.protos[r].kind,
                Some(EntityKind::Person | EntityKind::Organization)
            ) {
                match settled[*a] {
                    Some(d) => self.protos[r].votes.entry(d).or_default()[2] += 1,
                    None => self.protos[r].unsettled += 1,
                }
            }
        }
        self.affiliation_votes(facts, mentions_p);
        // short references, affiliations and the articles' countries voted for people and
        // bodies
        self.decide_countries(true);
        let countries: Vec<usize> = self.protos.iter().filter_map(|p| p.country).collect();
        for g in countries {
            self.gaz_proto(g);
        }
    }

    /// The final entities: one per root proto that has a mention, the countries of those
    /// and every built-in entry; with the index of each root proto's entity.
    fn assemble_entities(
        &mut self,
        mentions_p: &[(usize, Range<usize>, usize)],
    ) -> (Vec<Entity>, HashMap<usize, usize>) {
        // final entities: one per root proto that has a mention
        let mut mentioned: BTreeSet<usize> = BTreeSet::new();
        for (_, _, p) in mentions_p {
            mentioned.insert(self.find(*p));
        }
        // countries of mentioned entities stay, even when unmentioned themselves
        let mut keep = mentioned.clone();
        for &p in &mentioned {
            if let Some(c) = self.protos[p].country {
                keep.insert(self.root(self.by_gaz[&c]));
            }
        }
        // every built-in entry is an entity, mentioned or not: a note may name a country the
        // corpus never mentions, and the checks must know it
        for g in 0..self.gaz.entries.len() {
            let p = self.gaz_proto(g);
            keep.insert(self.root(p));
        }
        let keep: Vec<usize> = keep.into_iter().collect();
        let index: HashMap<usize, usize> = keep.iter().enumerate().map(|(i, &p)| (p, i)).collect();
        let mut entities: Vec<Entity> = Vec::new();
        let mut used_ids: HashSet<String> = HashSet::new();
        for &p in &keep {
            entities.push(self.entity(p, &index, &mut used_ids));
        }
        (entities, index)
    }

    /// The entity of root proto `p`: its name, aliases, an id not yet in `used_ids`, its
    /// country by `index`.
    fn entity(
        &self,
        p: usize,
        index: &HashMap<usize, usize>,
        used_ids: &mut HashSet<String>,
    ) -> Entity {
        let pr = &self.protos[p];
        let kind = pr.kind.unwrap_or(EntityKind::Organization);
        let gz = pr.gaz.map(|g| &self.gaz.entries[g]);
        let mut name = match gz {
            Some(e) => e.name.clone(),
            None => canonical_name(pr),
        };
        let country = pr
            .country
            .and_then(|g| self.by_gaz.get(&g))
            .map(|&q| self.root(q));
        let country_name = pr.country.map(|g| self.gaz.entries[g].name.clone());
        if pr.national
            && gz.is_none()
            && let Some(cn) = &country_name
            && !fold(&name).contains(&fold(cn))
            && pr
                .country
                .is_some_and(|g| self.without_leading_country(&name, g).len() == name.len())
        {
            name = format!("{name} ({cn})");
        }
        let mut aliases: BTreeSet<String> = pr.forms.keys().cloned().collect();
        aliases.extend(pr.acronyms.iter().cloned());
        if let Some(e) = gz {
            aliases.extend(e.forms().cloned());
        }
        aliases.remove(&name);
        let base = format!("{}:{}", kind.as_str(), slug(&name));
        let mut id = base.clone();
        let mut n = 2;
        while !used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        Entity {
            id,
            name,
            kind,
            aliases,
            iso: gz.and_then(|e| e.iso.clone()),
            country: country.and_then(|q| index.get(&q).copied()),
            roles: pr.roles.clone(),
            mentions: Vec::new(),
            builtin: gz.is_some(),
            gaz: pr.gaz,
        }
    }

    /// The mentions in text order, each added to its entity, and the mentions of each
    /// article.
    fn index_mentions(
        &mut self,
        mut mentions_p: Vec<(usize, Range<usize>, usize)>,
        entities: &mut [Entity],
        index: &HashMap<usize, usize>,
        article_count: usize,
    ) -> (Vec<Mention>, Vec<Vec<usize>>) {
        mentions_p.sort_by_key(|x| (x.0, x.1.start, x.1.end));
        let mut mentions = Vec::new();
        let mut by_article = vec![Vec::new(); article_count];
        for (a, span, p) in mentions_p {
            let e = index[&self.find(p)];
            entities[e].mentions.push(mentions.len());
            by_article[a].push(mentions.len());
            mentions.push(Mention {
                article: a,
                span,
                entity: e,
            });
        }
        (mentions, by_article)
    }
}

/// What linking each candidate reads of the whole corpus.
struct LinkContext<'f> {
    facts: &'f [ArticleFacts],
    dominant: &'f [Option<usize>],
    /// Names of places, so that a body named after one (`Quảng Trị People’s Court`) is
    /// known as a local body, not a state's.
    place_names: HashSet<String>,
    /// Acronyms some article defines as a term (`antimicrobial resistance (AMR)`).
    terms: HashSet<&'f str>,
    /// The phrases behind them.
    term_phrases: HashSet<(&'f str, String)>,
    /// Acronyms the corpus defines for different names.
    conflicted: HashSet<String>,
    /// In how many articles each body's name of two words is named.
    named_in: HashMap<String, u32>,
}

impl<'f> LinkContext<'f> {
    /// Gathers what linking reads of the candidates of all articles.
    fn new(
        linker: &Linker,
        facts: &'f [ArticleFacts],
        dominant: &'f [Option<usize>],
    ) -> LinkContext<'f> {
        // names of places, so that a body named after one (`Quảng Trị People’s Court`) is
        // known as a local body, not a state's
        let mut place_names: HashSet<String> = HashSet::new();
        for f in facts {
            for c in f.candidates.iter().filter(|c| c.kind == EntityKind::Place) {
                place_names.insert(fold(&c.name));
                // (`Quảng Trị` of `Quảng Trị Province`; not `Federal` of `Federal District`)
                if let Some((bare, _)) = c.name.rsplit_once(' ')
                    && !linker.all_common(bare)
                {
                    place_names.insert(fold(bare));
                }
            }
        }
        // acronyms some article defines as a term (`antimicrobial resistance (AMR)`)
        let terms: HashSet<&str> = facts
            .iter()
            .flat_map(|f| f.term_acronyms.iter().map(|(a, _)| a.as_str()))
            .collect();
        // the phrases behind them: `Universal Health Coverage (UHC)` capitalised in one article
        // is the term another writes `universal health coverage (UHC)`
        let term_phrases: HashSet<(&str, String)> = facts
            .iter()
            .flat_map(|f| f.term_acronyms.iter().map(|(a, p)| (a.as_str(), fold(p))))
            .collect();
        // acronyms the corpus defines for different names (`IRA`: a law and a savings account):
        // each article's own definition holds there, and none is looked for elsewhere
        let conflicted = conflicting_acronyms(facts);
        // `Task Force`, `Law School`: a body's name of two words the corpus writes in lower case
        // in at least a quarter as many articles as it names a body so (and three) is a common
        // noun phrase (`Coast Guard` is written so in a tenth)
        let mut named_in: HashMap<String, u32> = HashMap::new();
        for f in facts {
            let mut seen: HashSet<String> = HashSet::new();
            for c in &f.candidates {
                if c.kind == EntityKind::Organization && c.name.split(' ').count() == 2 {
                    seen.insert(fold(&c.name));
                }
            }
            for n in seen {
                *named_in.entry(n).or_default() += 1;
            }
        }
        LinkContext {
            facts,
            dominant,
            place_names,
            terms,
            term_phrases,
            conflicted,
            named_in,
        }
    }

    /// Whether a body's name holds a place's name: a local body, not a state's.
    fn local_body(&self, name: &str) -> bool {
        let f = fold(name);
        let words: Vec<&str> = f.split_whitespace().collect();
        (0..words.len()).any(|i| {
            (i + 1..=words.len().min(i + 4))
                .any(|j| self.place_names.contains(&words[i..j].join(" ")))
        })
    }

    /// Whether a body's name of two words is a common noun phrase, by how often the corpus
    /// writes it in lower case (`common`).
    fn common_phrase(&self, common: &HashMap<u64, u32>, name: &str) -> bool {
        let f = fold(name);
        let Some((_, head)) = f.split_once(' ') else {
            return false;
        };
        let lower = common.get(&word_hash(&f)).copied().unwrap_or(0);
        extract::lexicon::ORG_HEADS.contains(&head)
            && !extract::lexicon::CLOSED_HEADS.contains(&head)
            && lower >= 3
            && lower * 4 >= self.named_in.get(&f).copied().unwrap_or(0)
    }
}

/// Acronyms and short names that hold only in the articles that define them.
#[derive(Default)]
struct LocalDefinitions {
    /// Per article and short form, the entity it stands for there.
    defined_here: HashMap<(usize, String), usize>,
    /// Short names of common words, with their entities.
    common_shorts: Vec<(String, usize)>,
}

/// The people named in full, for lone name words.
struct FullNames {
    /// Each one's name parts.
    parts: HashMap<usize, HashSet<String>>,
    /// The people of each article, in order of first mention.
    people_in: Vec<Vec<usize>>,
    /// The articles naming each.
    articles_of: HashMap<usize, HashSet<usize>>,
}

/// The spans of the words of a run (words split at single spaces).
fn word_spans(text: &str, run: &Range<usize>) -> Vec<Range<usize>> {
    let mut v = Vec::new();
    let mut pos = run.start;
    for w in text[run.clone()].split(' ') {
        v.push(pos..pos + w.len());
        pos += w.len() + 1;
    }
    v
}

/// A run of several words (from a headline) of article `a`: its longest start that names one
/// person of the article, and that person.
fn headline_run_person(
    a: usize,
    text: &str,
    run: &Range<usize>,
    words: &[Range<usize>],
    by_part: &HashMap<(usize, &str), Vec<usize>>,
    parts: &HashMap<usize, HashSet<String>>,
) -> Option<(Range<usize>, usize)> {
    // a run of several words (from a headline): its longest start that names one
    // person of the article
    (1..=words.len()).rev().find_map(|n| {
        let folded: Vec<String> = words[..n].iter().map(|w| fold(&text[w.clone()])).collect();
        let who: Vec<usize> = by_part
            .get(&(a, folded[0].as_str()))
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .copied()
            .filter(|p| {
                parts
                    .get(p)
                    .is_some_and(|ps| folded.iter().all(|w| ps.contains(w)))
            })
            .collect();
        (who.len() == 1).then(|| (run.start..words[n - 1].end, who[0]))
    })
}

/// Pairs of people with the same first name and as many words whose other words are one
/// transliterated differently.
fn transliteration_merges(people: &[(usize, Vec<String>)]) -> Vec<(usize, usize)> {
    let mut by_first: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, parts)) in people.iter().enumerate() {
        by_first.entry(parts[0].as_str()).or_default().push(i);
    }
    let mut merges = Vec::new();
    for group in by_first.values() {
        for (x, &i) in group.iter().enumerate() {
            for &j in &group[x + 1..] {
                let (a, b) = (&people[i].1, &people[j].1);
                if a.len() != b.len() {
                    continue;
                }
                let rest_a = a[1..].join(" ");
                let rest_b = b[1..].join(" ");
                if phonetic_key(&rest_a) == phonetic_key(&rest_b)
                    || similarity(&rest_a, &rest_b) >= 0.92
                {
                    merges.push((people[i].0, people[j].0));
                }
            }
        }
    }
    merges
}

/// A name's words without initials and generational suffixes.
fn bare_name_parts(parts: &[String]) -> Vec<String> {
    // `Joe Reyes` and `Joseph R. Reyes, Jr.`: one family name, and given names that are one
    // name and its nickname (initials and generational suffixes aside)
    parts
        .iter()
        .map(|w| w.trim_end_matches([',', '.']).to_string())
        .filter(|w| w.chars().count() > 1 && !matches!(w.as_str(), "jr" | "sr" | "ii" | "iii"))
        .collect()
}

/// Pairs of a person and the one person whose longer name ends with theirs.
fn tail_merges(people: &[(usize, Vec<String>)]) -> Vec<(usize, usize)> {
    // `López Obrador` and `Andrés Manuel López Obrador`: a name of two words or more that
    // ends one longer name of one person only, and does not open with a given name
    // (`Maria Reyes` is not `Ana Maria Reyes`)
    let mut tails: HashMap<Vec<String>, BTreeSet<usize>> = HashMap::new();
    for (p, parts) in people {
        let b = bare_name_parts(parts);
        for k in 2..b.len() {
            tails
                .entry(b[b.len() - k..].to_vec())
                .or_default()
                .insert(*p);
        }
    }
    let mut tail_merges = Vec::new();
    for (p, parts) in people {
        let b = bare_name_parts(parts);
        if b.len() >= 2
            && !extract::is_given_name(&b[0])
            && let Some(longer) = tails.get(&b)
            && longer.len() == 1
            && let Some(&q) = longer.iter().next()
            && q != *p
        {
            tail_merges.push((*p, q));
        }
    }
    tail_merges
}

/// The indices of the mentions of each article, in text order.
fn mentions_by_article(
    article_count: usize,
    mentions: &[(usize, Range<usize>, usize)],
) -> Vec<Vec<usize>> {
    let mut by_article: Vec<Vec<usize>> = vec![Vec::new(); article_count];
    for (i, (a, _, _)) in mentions.iter().enumerate() {
        by_article[*a].push(i);
    }
    for ms in &mut by_article {
        ms.sort_by_key(|&i| (mentions[i].1.start, mentions[i].1.end));
    }
    by_article
}

/// A mention found in an article before it is resolved: its span and what it names.
struct Found {
    span: Range<usize>,
    target: Target,
}

/// What a found span names: an entity under construction, a built-in entry, or the short
/// reference that is the article's candidate of that index.
enum Target {
    Proto(usize),
    Gaz(usize),
    Short(usize),
}

/// Whether a found span is a short reference.
fn is_short(f: &Found) -> bool {
    matches!(f.target, Target::Short(_))
}

/// First words of the spellings that appeared, went, or changed their case rule since the
/// cached matches were made: an article holding none of them keeps its matches.
fn changed_first_words(
    spelling_keys: &HashMap<u64, (u64, crate::kb::CaseRule)>,
    old_spellings: Option<&HashMap<u64, (u64, crate::kb::CaseRule)>>,
) -> Vec<u64> {
    old_spellings.map_or_else(Vec::new, |old| {
        let mut v: Vec<u64> = spelling_keys
            .iter()
            .filter(|(k, val)| old.get(*k) != Some(*val))
            .map(|(_, (w, _))| *w)
            .chain(
                old.iter()
                    .filter(|(k, _)| !spelling_keys.contains_key(*k))
                    .map(|(_, (w, _))| *w),
            )
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// What matching one article reads: the linker, the matcher of every spelling and what the
/// corpus tells of each article.
struct MatchContext<'a, 'g> {
    linker: &'a Linker<'g>,
    matcher: &'a Matcher,
    /// The key of each of the matcher's spellings.
    pattern_keys: &'a [u64],
    /// The spelling of each key.
    by_key: &'a HashMap<u64, usize>,
    countries: &'a Matcher,
    facts: &'a [ArticleFacts],
    dominant: &'a [Option<usize>],
    /// First words of the spellings that changed since the cached matches were made.
    changed: &'a [u64],
}

/// The spans found in an article so far, indexed.
struct FoundIndex {
    /// The spans that are no short reference.
    taken: SpanIndex,
    /// Whether they come by start, and the running maximum of their ends.
    sorted: bool,
    max_end: Vec<usize>,
}

impl FoundIndex {
    /// Indexes the spans found so far.
    fn new(found: &[Found]) -> FoundIndex {
        let taken = SpanIndex::new(
            found
                .iter()
                .filter(|f| !is_short(f))
                .map(|f| f.span.clone()),
        );
        // for the countries below: the found spans by start with the running maximum
        // of their ends, so the spans that may hold a country are looked at only
        let sorted = found.is_sorted_by_key(|f| f.span.start);
        let max_end: Vec<usize> = found
            .iter()
            .scan(0, |m, f| {
                *m = f.span.end.max(*m);
                Some(*m)
            })
            .collect();
        FoundIndex {
            taken,
            sorted,
            max_end,
        }
    }
}

/// The matcher's hits an article keeps, and the found spans they replace.
struct MatcherHits {
    /// The hits kept.
    extra: Vec<Found>,
    /// Found spans (by index) that a longer body's name holds.
    swallowed: HashSet<usize>,
    /// Starts of short references inside a longer spelling.
    absorbed: HashSet<usize>,
}

impl MatchContext<'_, '_> {
    /// The mentions of article `a`: its candidates first, then the spellings matched in it
    /// (the cached matches unless a changed spelling may be in it), countries inside names
    /// and the acronyms it defines; with its matches and whether they were made again.
    fn match_article(
        &self,
        a: usize,
        art: &Article,
        cache: Option<ArticleMatches>,
        known: Option<CountryHits>,
    ) -> (Vec<Found>, ArticleMatches, bool) {
        let mut found = self.candidate_spans(a);
        let (am, rematched) = match cache {
            Some(c) if !self.changed.iter().any(|w| c.may_contain(*w)) => (c, false),
            _ => (self.scan_article(art, known), true),
        };
        let index = FoundIndex::new(&found);
        let MatcherHits {
            mut extra,
            swallowed,
            absorbed,
        } = self.matcher_hits(a, art, &found, &index, &am);
        // the matches kept so far; the countries added below are disjoint from them
        // and from each other (by start → end)
        let hit_spans = SpanIndex::new(extra.iter().map(|f: &Found| f.span.clone()));
        let country_spans =
            self.countries_in_names(art, &found, &index, &hit_spans, &am, &mut extra);
        if !swallowed.is_empty() {
            let mut j = 0;
            found.retain(|_| {
                j += 1;
                !swallowed.contains(&(j - 1))
            });
        }
        if !absorbed.is_empty() {
            found.retain(|f| !is_short(f) || !absorbed.contains(&f.span.start));
        }
        self.local_acronym_spans(a, art, &index.taken, &hit_spans, &country_spans, &mut extra);
        found.extend(extra);
        found.sort_by_key(|f| (f.span.start, f.span.end));
        (found, am, rematched)
    }

    /// Matches every spelling over an article's content, noting the first words of its
    /// capitalised words; `known`: the article's country names when its analysis just found
    /// them, else they are looked for here.
    fn scan_article(&self, art: &Article, known: Option<CountryHits>) -> ArticleMatches {
        let mut words = vec![0u64; BLOOM_WORDS];
        let mut hits = Vec::new();
        let find_countries = known.is_none();
        let mut in_names = known.unwrap_or_default();
        let senses = crate::kb::gazetteer::ArticleSenses::new(&art.text);
        for seg in art.layout.content() {
            let folded = Folded::new(&art.text[seg.span.clone()]);
            let mut note_word = |w: &str| {
                for (i, bit) in bloom_bits(word_key(w)) {
                    words[i] |= bit;
                }
            };
            for (span, p) in self
                .matcher
                .scan(&art.text, seg.span.clone(), &folded, &mut note_word)
            {
                hits.push((span, self.pattern_keys[p]));
            }
            if find_countries {
                in_names.extend(self.countries.country_names(
                    self.linker.gaz,
                    &senses,
                    seg.span.clone(),
                    &folded,
                ));
            }
        }
        ArticleMatches {
            hits,
            countries: in_names,
            words,
        }
    }

    /// The spans of article `a`'s linked candidates and short references, leaving out those
    /// that overlap one kept before them unless they are a place nested inside it.
    fn candidate_spans(&self, a: usize) -> Vec<Found> {
        let mut found: Vec<Found> = Vec::new();
        // candidates come in text order (by start): every span found so far starts at
        // or before this one, so overlapping it is ending after its start, and a place
        // is nested when no such span ends inside it. The ends so far answer both
        // without a scan of `found` per candidate.
        let sorted = self.facts[a].candidates.is_sorted_by_key(|c| c.span.start);
        let mut ends: BTreeMap<usize, usize> = BTreeMap::new();
        let mut max_end = 0;
        for (i, c) in self.facts[a].candidates.iter().enumerate() {
            let target = match (c.short_ref, self.linker.resolved[a][i]) {
                (true, _) => Target::Short(i),
                (false, Some(p)) => Target::Proto(p),
                (false, None) => continue,
            };
            // a place inside a body's name stands beside it (`... of Savannakhet Province`)
            let (overlapping, nested_place) = if sorted && !c.span.is_empty() {
                (
                    max_end > c.span.start,
                    c.kind == EntityKind::Place
                        && ends.range(c.span.start + 1..c.span.end).next().is_none(),
                )
            } else {
                (
                    found.iter().any(|f| overlaps(&f.span, &c.span)),
                    c.kind == EntityKind::Place
                        && found.iter().all(|f| {
                            !overlaps(&f.span, &c.span)
                                || (f.span.start <= c.span.start && c.span.end <= f.span.end)
                        }),
                )
            };
            if overlapping && !nested_place {
                continue;
            }
            *ends.entry(c.span.end).or_default() += 1;
            max_end = max_end.max(c.span.end);
            found.push(Found {
                span: c.span.clone(),
                target,
            });
        }
        found
    }

    /// The matcher's hits in article `a` that name an entity there: outside the candidates
    /// found (unless a body's longer name holds them), not in code, and none of the
    /// look-alikes below.
    fn matcher_hits(
        &self,
        a: usize,
        art: &Article,
        found: &[Found],
        index: &FoundIndex,
        am: &ArticleMatches,
    ) -> MatcherHits {
        let linker = self.linker;
        let mut extra = Vec::new();
        let shorts = ShortSpans::new(found);
        let mut absorbed: HashSet<usize> = HashSet::new();
        let person_at = self.person_starts(found, am);
        // how the article reads country names with another sense (`Georgia`); the
        // names `country_names` kept are known to name their country, the rest are
        // asked again
        let senses = crate::kb::gazetteer::ArticleSenses::new(&art.text);
        let country_at: HashSet<(usize, usize)> =
            am.countries.iter().map(|(r, _)| (r.start, r.end)).collect();
        let mut swallowed: HashSet<usize> = HashSet::new();
        for (span, key) in &am.hits {
            let held = if index.taken.overlaps(span) {
                match held_by(art, span, found, index) {
                    Some(inner) if !inner.is_empty() => inner,
                    _ => continue,
                }
            } else {
                Vec::new()
            };
            if in_code(&art.text, span) || linker.place_code(&art.text, span) {
                continue;
            }
            let span = &without_lowercase_unit(&art.text, span);
            let hit = &art.text[span.clone()];
            if hit.len() <= 6
                && hit.chars().all(|c| c.is_ascii_uppercase())
                && art.text[span.end..].starts_with(' ')
                && person_at.contains(&(span.end + 1))
            {
                continue;
            }
            let Some(inside) = shorts.inside(span) else {
                continue;
            };
            let Some(t) = self.hit_target(a, hit, key) else {
                continue;
            };
            if followed_by_number_word(&art.text, span) {
                continue;
            }
            // `Berlin Wall`, `Hiroshima AI Process`: a place's name opening another name
            if t >= usize::MAX / 2
                && linker.gaz.entries[usize::MAX - t].kind == EntityKind::Place
                && linker.opens_another_name(&art.text, span)
            {
                continue;
            }
            if t >= usize::MAX / 2
                && self.misread_builtin(art, span, usize::MAX - t, &person_at, &country_at, &senses)
            {
                continue;
            }
            if t < usize::MAX / 2 && self.common_word_in_capitals(art, span, hit, t) {
                continue;
            }
            if !held.is_empty() {
                let body = t < usize::MAX / 2
                    && matches!(
                        linker.protos[t].kind,
                        Some(EntityKind::Organization | EntityKind::Agreement)
                    );
                if !body {
                    continue;
                }
                swallowed.extend(held);
            }
            absorbed.extend(inside);
            extra.push(Found {
                span: span.clone(),
                target: if t >= usize::MAX / 2 {
                    Target::Gaz(usize::MAX - t)
                } else {
                    Target::Proto(t)
                },
            });
        }
        MatcherHits {
            extra,
            swallowed,
            absorbed,
        }
    }

    /// Where the names of people start (`NSA Sullivan`: capitals right before one are the
    /// person's title, not a body).
    fn person_starts(&self, found: &[Found], am: &ArticleMatches) -> HashSet<usize> {
        let person =
            |t: usize| t < usize::MAX / 2 && self.linker.protos[t].kind == Some(EntityKind::Person);
        let mut person_at: HashSet<usize> = found
            .iter()
            .filter(|f| match f.target {
                Target::Short(_) => true,
                Target::Proto(p) => person(p),
                Target::Gaz(_) => false,
            })
            .map(|f| f.span.start)
            .collect();
        for (span, key) in &am.hits {
            if let Some(&p) = self.by_key.get(key)
                && self.matcher.pats[p].0.iter().any(|&t| person(t))
            {
                person_at.insert(span.start);
            }
        }
        person_at
    }

    /// The entity a hit of spelling `key` names in article `a` (`usize::MAX - g` for
    /// built-in entry `g`), if any.
    fn hit_target(&self, a: usize, hit: &str, key: &u64) -> Option<usize> {
        let linker = self.linker;
        let &p = self.by_key.get(key)?;
        let t = pick_target(&self.matcher.pats[p].0, &linker.protos, self.dominant[a])?;
        // `NEC` in an article that names the National Economic Council is that
        // council, whatever another article defined it as
        let t = if t < usize::MAX / 2
            && hit.chars().count() >= 2
            && hit.chars().all(|c| c.is_ascii_uppercase())
        {
            bodies_with_initials(
                &self.facts[a].candidates,
                hit,
                linker.by_acronym.contains_key(hit),
            )
            .find_map(|(i, _)| linker.resolved[a][i])
            .map(|q| linker.root(q))
            .unwrap_or(t)
        } else {
            t
        };
        Some(t)
    }

    /// Whether a hit of built-in entry `g` means something else here: a people, a town of
    /// a state, a demonym inside a name, a country's name in another sense.
    fn misread_builtin(
        &self,
        art: &Article,
        span: &Range<usize>,
        g: usize,
        person_at: &HashSet<usize>,
        country_at: &HashSet<(usize, usize)>,
        senses: &crate::kb::gazetteer::ArticleSenses,
    ) -> bool {
        let gaz = self.linker.gaz;
        // `Pacific Islanders`: a people, not the place
        let islander = art.text[span.end..]
            .strip_prefix(' ')
            .is_some_and(|r| r.starts_with("Islander"));
        // (`Dublin, Ohio`: a town of that state, not the foreign place)
        let foreign_place = |g: usize| {
            let e = &gaz.entries[g];
            e.kind == EntityKind::Place
                && e.country
                    .as_deref()
                    .and_then(|iso| gaz.country_by_iso2(iso))
                    .is_some_and(|c| gaz.state_of_another_country_after(&art.text, span, c))
        };
        islander
            || foreign_place(g)
            || self.linker.demonym_in_a_name(&art.text, span, g, person_at)
            || (gaz.entries[g].kind == EntityKind::Country
                && !country_at.contains(&(span.start, span.end))
                && gaz.country_name_elsewhere(senses, span, g))
    }

    /// Whether a one-word hit in capitals of entity `t` is a common word rather than its
    /// acronym.
    fn common_word_in_capitals(
        &self,
        art: &Article,
        span: &Range<usize>,
        hit: &str,
        t: usize,
    ) -> bool {
        let linker = self.linker;
        // a word of a line in capitals is no acronym of the corpus (`FACT SHEET:`,
        // `NOW, THEREFORE, I, JOSEPH R. BIDEN`)
        if !hit.contains(char::is_whitespace)
            && !hit.chars().any(char::is_lowercase)
            && in_capitals(&art.text, span, |w| {
                linker.common.contains_key(&word_hash(&fold(w)))
            })
        {
            return true;
        }
        // an acronym that is also a common word (`FACT: …`, `… elections NOW!`) is
        // the body's only after a function word (`the WHO`, `of NOW`) or where its
        // long name is written
        !hit.contains(char::is_whitespace)
            && !hit.chars().any(char::is_lowercase)
            && linker
                .common
                .get(&word_hash(&fold(hit)))
                .is_some_and(|&n| n >= 3)
            && !after_function_word(&art.text, span.start)
            && !linker.protos[t]
                .forms
                .keys()
                .any(|f| f.contains(' ') && art.text.contains(f.as_str()))
    }

    /// Countries named inside the names of agreements or in compounds, added to `extra`;
    /// their spans by start → end.
    fn countries_in_names(
        &self,
        art: &Article,
        found: &[Found],
        index: &FoundIndex,
        hit_spans: &SpanIndex,
        am: &ArticleMatches,
        extra: &mut Vec<Found>,
    ) -> BTreeMap<usize, usize> {
        // countries named inside the names of agreements (`U.S.-Malta Free Trade
        // Agreement`) or in compounds (`U.S.-ASEAN`): a country inside the name of a body,
        // place or person (`Malta Labour Front`) is no mention of it
        let text = &art.text;
        let mut country_spans: BTreeMap<usize, usize> = BTreeMap::new();
        for (span, g) in &am.countries {
            let compound = text[..span.start].ends_with('-') || text[span.end..].starts_with('-');
            let holds = |f: &Found| {
                f.span.start <= span.start
                    && span.end <= f.span.end
                    && f.span != *span
                    && (compound
                        || matches!(f.target, Target::Proto(p)
                            if self.linker.protos[p].kind == Some(EntityKind::Agreement)))
            };
            let inside = index.taken.contains(span)
                && if index.sorted {
                    let k = found.partition_point(|f| f.span.start <= span.start);
                    (0..k)
                        .rev()
                        .take_while(|&j| index.max_end[j] >= span.end)
                        .any(|j| holds(&found[j]))
                } else {
                    found.iter().any(holds)
                };
            let taken_by_extra = hit_spans.overlaps(span)
                || country_spans
                    .range(..span.end)
                    .next_back()
                    .is_some_and(|(&s, &e)| overlaps(&(s..e), span));
            if inside && !taken_by_extra {
                country_spans.insert(span.start, span.end);
                extra.push(Found {
                    span: span.clone(),
                    target: Target::Gaz(*g),
                });
            }
        }
        country_spans
    }

    /// The acronyms with two meanings that article `a` defines, added to `extra` where
    /// nothing else was found.
    fn local_acronym_spans(
        &self,
        a: usize,
        art: &Article,
        taken: &SpanIndex,
        hit_spans: &SpanIndex,
        country_spans: &BTreeMap<usize, usize>,
        extra: &mut Vec<Found>,
    ) {
        // an acronym with two meanings, where this article defines it
        let mut local_spans: BTreeMap<usize, usize> = BTreeMap::new();
        for (acr, p) in &self.linker.local_acronyms[a] {
            let text = &art.text;
            for seg in art.layout.content() {
                for (i, _) in text[seg.span.clone()].match_indices(acr.as_str()) {
                    let span = seg.span.start + i..seg.span.start + i + acr.len();
                    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                    if word(text[..span.start].chars().next_back())
                        || word(text[span.end..].chars().next())
                        || taken.overlaps(&span)
                        || hit_spans.overlaps(&span)
                        || [country_spans, &local_spans].iter().any(|m| {
                            m.range(..span.end)
                                .next_back()
                                .is_some_and(|(&s, &e)| overlaps(&(s..e), &span))
                        })
                    {
                        continue;
                    }
                    local_spans.insert(span.start, span.end);
                    extra.push(Found {
                        span,
                        target: Target::Proto(*p),
                    });
                }
            }
        }
    }
}

/// The names found that a longer hit holds, when every one overlapping it lies inside it
/// and the hit has words in lower case, where this article's reading cut it (`the Maria
/// Okafor Justice in Policing Act` spelt so where it is defined).
fn held_by(
    art: &Article,
    span: &Range<usize>,
    found: &[Found],
    index: &FoundIndex,
) -> Option<Vec<usize>> {
    let hit = &art.text[span.clone()];
    let lower = hit
        .split(' ')
        .skip(1)
        .any(|w| w.starts_with(char::is_lowercase));
    let last_capital = hit
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()));
    let whole_word = hit.ends_with(char::is_alphanumeric)
        && hit
            .split(' ')
            .next()
            .is_some_and(|w| !extract::lexicon::CONNECTORS.contains(&w.to_lowercase().as_str()));
    if !lower || !last_capital || !whole_word || hit.split(' ').count() < 4 {
        return None;
    }
    let candidates: Box<dyn Iterator<Item = usize>> = if index.sorted {
        let k = found.partition_point(|f| f.span.start < span.end);
        Box::new((0..k).rev().take_while(|&j| index.max_end[j] > span.start))
    } else {
        Box::new(0..found.len())
    };
    let mut inner = Vec::new();
    for j in candidates {
        let f = &found[j];
        if is_short(f) || !overlaps(&f.span, span) {
            continue;
        }
        if f.span.start < span.start || f.span.end > span.end || f.span == *span {
            return None;
        }
        inner.push(j);
    }
    Some(inner)
}

/// `Quang Tri province`: the span without an administrative unit in lower case after a
/// place's name, which is no part of it.
fn without_lowercase_unit(text: &str, span: &Range<usize>) -> Range<usize> {
    // `Quang Tri province`: an administrative unit in lower case after a
    // place's name is no part of it
    match text[span.clone()].rsplit_once(' ') {
        Some((head, unit)) if extract::lexicon::LOWERCASE_PLACE_HEADS.contains(&unit) => {
            span.start..span.start + head.len()
        }
        _ => span.clone(),
    }
}

/// The short references found in an article, by start.
struct ShortSpans {
    spans: Vec<Range<usize>>,
    /// The running maximum of their ends, to find those overlapping a span at once.
    max_end: Vec<usize>,
}

impl ShortSpans {
    /// Collects the short references among the spans found.
    fn new(found: &[Found]) -> ShortSpans {
        // a lone name word of a headline (a short reference: `Reyes` in `… by Amos
        // R. Reyes, Jr. on …`) inside a longer spelling found there is part of it
        let mut shorts: Vec<Range<usize>> = found
            .iter()
            .filter(|f| is_short(f))
            .map(|f| f.span.clone())
            .collect();
        shorts.sort_unstable_by_key(|r| r.start);
        // the running maximum of their ends, to find those overlapping a span at once
        let max_end: Vec<usize> = shorts
            .iter()
            .scan(0, |m, r| {
                *m = r.end.max(*m);
                Some(*m)
            })
            .collect();
        ShortSpans {
            spans: shorts,
            max_end,
        }
    }

    /// The starts of the short references inside `span`, or `None` when one overlaps it
    /// without lying inside it (or is it).
    fn inside(&self, span: &Range<usize>) -> Option<Vec<usize>> {
        let from = self.max_end.partition_point(|&e| e <= span.start);
        let over: Vec<&Range<usize>> = self.spans[from..]
            .iter()
            .take_while(|r| r.start < span.end)
            .filter(|r| overlaps(r, span))
            .collect();
        if over
            .iter()
            .any(|r| r.start < span.start || r.end > span.end || *r == span)
        {
            return None;
        }
        Some(over.iter().map(|r| r.start).collect())
    }
}

/// `Air Force One`: a number word after a name makes another name (a craft's).
fn followed_by_number_word(text: &str, span: &Range<usize>) -> bool {
    text[span.end..].strip_prefix(' ').is_some_and(|r| {
        ["One", "Two"].iter().any(|w| {
            r.strip_prefix(w)
                .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
        })
    })
}

/// What resolving short references reads.
struct ShortNames {
    /// The people by each word of their full names.
    last_names: HashMap<String, Vec<usize>>,
    /// The people each article names in full, by article and name part, ascending.
    by_part: HashMap<(usize, String), Vec<usize>>,
    /// The title words each person holds by their full names.
    held: HashMap<usize, HashSet<String>>,
    /// The honorifics each person is called by.
    called: HashMap<usize, HashSet<String>>,
}

impl ShortNames {
    /// Whether person `p` holds the title word `title` by their full name.
    fn holds(&self, linker: &Linker, p: usize, title: &str) -> bool {
        self.held
            .get(&linker.root(p))
            .is_some_and(|h| h.contains(title))
    }
}

/// The honorific a candidate's title is (`mr`, `dr`), if it is one.
fn honorific_of(c: &Candidate) -> Option<String> {
    let h = fold(c.role.as_deref()?);
    let h = h.trim_end_matches('.');
    extract::lexicon::HONORIFICS
        .contains(&h)
        .then(|| h.to_string())
}

/// The name a body is keyed by: `Forestry Department` and `Department of the Forestry`,
/// `Mines Department` and `Department of Mines` are one body.
/// Whether two given names are one spelled with a letter more inside (`Antony`, `Anthony`;
/// `Mohamed`, `Mohammed`): both of five letters or more, the same first two, and the extra
/// letter not at the end (`Julian` and `Juliana` are two names).
fn one_letter_more(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    let (s, l): (Vec<char>, Vec<char>) = (short.chars().collect(), long.chars().collect());
    if l.len() != s.len() + 1 || s.len() < 5 || s[..2] != l[..2] {
        return false;
    }
    let at = s.iter().zip(&l).take_while(|(x, y)| x == y).count();
    at < s.len() && s[at..] == l[at + 1..]
}

/// Two romanisations of one given name (`Aleksey` and `Alexei`, `Sergei` and `Sergey`): the
/// same first two letters, at least five letters each, alike (Jaro–Winkler ≥ 0.8), and not two
/// English given names (`Alexander` and `Alexandra` are two names).
fn spelling_variant(a: &str, b: &str) -> bool {
    let letters = |w: &str| w.chars().count();
    letters(a) >= 5
        && letters(b) >= 5
        && a.chars().take(2).eq(b.chars().take(2))
        && similarity(a, b) >= 0.8
        && !(extract::is_given_name(a) && extract::is_given_name(b))
}

/// The folded words of a title, without their dots (`Dr.` → `dr`).
fn title_words(title: &str) -> Vec<String> {
    fold(title)
        .split_whitespace()
        .map(|w| w.trim_end_matches('.').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

fn body_key_name(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !w.eq_ignore_ascii_case("the"))
        .collect();
    match words.split_last() {
        Some((head, rest))
            if !rest.is_empty()
                && matches!(head.to_lowercase().as_str(), "department" | "ministry")
                && !rest
                    .iter()
                    .any(|w| matches!(*w, "of" | "for" | "and" | "&")) =>
        {
            format!("{head} of {}", rest.join(" "))
        }
        _ => words.join(" "),
    }
}

/// The key people are linked by: the name without initials and generational suffixes, so that
/// `Amos T. Reyes` and `Amos Reyes`, `Amos T. Reyes, Jr.` and `Amos Reyes` are one.
fn person_key(name: &str) -> String {
    let kept: Vec<&str> = name
        .split_whitespace()
        .filter(|w| {
            let bare = w.trim_end_matches([',', '.']);
            let initial = bare.chars().count() == 1 && bare.chars().all(char::is_uppercase);
            !(initial || matches!(bare, "Jr" | "Sr" | "II" | "III"))
        })
        .collect();
    if kept.len() >= 2 {
        compact_key(&kept.join(" "))
    } else {
        compact_key(name)
    }
}

/// The candidate as linked: a state body named after a place (`local_body`: `Quảng Trị
/// People’s Court`) is a local body, with no state in its key.
fn as_linked<'c>(
    c: &'c Candidate,
    local_body: &impl Fn(&str) -> bool,
) -> std::borrow::Cow<'c, Candidate> {
    if c.national && local_body(&c.name) {
        std::borrow::Cow::Owned(Candidate {
            national: false,
            ..c.clone()
        })
    } else {
        std::borrow::Cow::Borrowed(c)
    }
}

/// An acronym that is part of a code (`ISO 14001`, `NS ISO 14001`): capitals followed by a
/// number, directly or through one more capitalised code word.
fn in_code(text: &str, span: &Range<usize>) -> bool {
    let w = &text[span.clone()];
    if !w.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let mut rest = text[span.end..].split_whitespace();
    let number = |t: Option<&str>| t.is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()));
    match rest.next() {
        Some(t) if t.chars().all(|c| c.is_ascii_uppercase()) && t.len() >= 2 => number(rest.next()),
        t => number(t) && text[span.end..].starts_with(' '),
    }
}

/// Acronyms the corpus defines for names that differ (not mere spelling variants:
/// `Corrupt Practices Investigation(s) Bureau` agree, `Inflation Reduction Act` and `Individual
/// Retirement Account` do not).
fn conflicting_acronyms(facts: &[ArticleFacts]) -> HashSet<String> {
    let mut forms: HashMap<&str, Vec<String>> = HashMap::new();
    for c in facts.iter().flat_map(|f| &f.candidates) {
        if let Some(acr) = &c.acronym {
            let f = fold(&c.name);
            let v = forms.entry(acr.as_str()).or_default();
            if !v.contains(&f) && v.len() < 16 {
                v.push(f);
            }
        }
    }
    forms
        .into_iter()
        .filter(|(_, v)| long_forms_conflict(v))
        .map(|(a, _)| a.to_string())
        .collect()
}

/// Whether the long forms of one acronym name more than one thing: two heads of bodies
/// differ, or they fall into groups that do not agree.
fn long_forms_conflict(v: &[String]) -> bool {
    // (agreement spreads: `U.S. Trade & Development Agency` and `U.S.-Trade and Development
    // Agency` are one body through `U.S. Trade and Development Agency`; two heads of bodies
    // that differ never agree, through whatever)
    let heads_differ = v
        .iter()
        .enumerate()
        .any(|(i, x)| v[i + 1..].iter().any(|y| !same_heads(x, y)));
    let mut group: Vec<usize> = (0..v.len()).collect();
    for i in 0..v.len() {
        for j in i + 1..v.len() {
            if group[j] != group[i] && long_forms_agree(&v[i], &v[j]) {
                let (from, to) = (group[j], group[i]);
                group
                    .iter_mut()
                    .filter(|g| **g == from)
                    .for_each(|g| *g = to);
            }
        }
    }
    heads_differ || group.iter().any(|&g| g != group[0])
}

/// The head nouns of bodies and titles in a long form (plurals as their singular).
fn long_form_heads(x: &str) -> Vec<String> {
    // (company suffixes aside: `Ltd` and `Limited` are one)
    let head = |w: &str| {
        w.len() > 4
            && w != "limited"
            && (extract::lexicon::ORG_HEADS.contains(&w) || extract::lexicon::TITLES.contains(&w))
    };
    x.split_whitespace()
        .map(|w| {
            w.trim_end_matches("'s")
                .trim_end_matches("’s")
                .trim_end_matches(['\'', '’'])
        })
        .filter_map(|w| {
            // plurals as their singular (`Agencies`, `Advisors`)
            let singular = w
                .strip_suffix("ies")
                .map(|b| format!("{b}y"))
                .or_else(|| w.strip_suffix('s').map(str::to_string));
            if head(w) {
                Some(w.to_string())
            } else {
                singular.filter(|s| head(s))
            }
        })
        .collect()
}

/// Whether two long forms share a head noun, or one of them has none.
fn same_heads(x: &str, y: &str) -> bool {
    let (hx, hy) = (long_form_heads(x), long_form_heads(y));
    hx.is_empty()
        || hy.is_empty()
        || hx
            .iter()
            .any(|a| hy.iter().any(|b| a == b || similarity(a, b) >= 0.9))
}

/// Whether two long forms of one acronym agree.
fn long_forms_agree(x: &str, y: &str) -> bool {
    // two long forms agree when they are spelt alike or share half their words
    // (`Vietnam Just Energy Transition` and `Just Energy Transition Partnership`), unless each
    // has a head noun of a body or a title and none of one's is the other's
    // (`National Security Agency` is not `National Security Advisor`)
    // (words that say something: `Partnership for Growth and Innovation` is not
    // `Partnership for Global Infrastructure and Investment`)
    let content = |x: &'_ str| -> HashSet<String> {
        x.split_whitespace()
            .filter(|w| !extract::lexicon::CONNECTORS.contains(w))
            .map(String::from)
            .collect()
    };
    let (wx, wy) = (content(x), content(y));
    let shared = wx.intersection(&wy).count();
    (similarity(x, y) >= 0.85 || shared * 2 >= wx.len().max(wy.len())) && same_heads(x, y)
}

/// A body whose name says it is a state's (`National Science Foundation`, `Federal Bureau of
/// Investigation`, `Royal Thai Police`).
fn state_level(name: &str) -> bool {
    matches!(
        name.split_whitespace().next(),
        Some("National" | "Federal" | "Royal" | "State")
    )
}

/// A statute or executive instrument (`Penal Code`, `Executive Order 13001`): a state's own.
fn is_statute(name: &str) -> bool {
    name.split_whitespace().any(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "act" | "code" | "ordinance" | "decree" | "proclamation" | "order"
        )
    })
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Among the entities a spelling may name, the one meant here: bodies of the article's main
/// country first, then countries, organisations, places, agreements, people.
/// Where two countries' bodies share a name, a body of another country than the article's own
/// is not meant by the bare name (`Ministry of Foreign Affairs` in an article about Laos is
/// Laos's).
fn pick_target(targets: &[usize], protos: &[Proto], dominant: Option<usize>) -> Option<usize> {
    let foreign = |t: usize| {
        t < protos.len()
            && protos[t].national
            && protos[t].country.is_some()
            && protos[t].country != dominant
    };
    if let Some(&t) = targets.iter().find(|&&t| {
        t < protos.len()
            && protos[t].national
            && protos[t].country.is_some()
            && protos[t].country == dominant
    }) {
        return Some(t);
    }
    // a body known by an acronym it was defined with is meant wherever the acronym stands
    if let [t] = targets
        && *t < protos.len()
        && !protos[*t].acronyms.is_empty()
    {
        return Some(*t);
    }
    targets
        .iter()
        .copied()
        .filter(|&t| !foreign(t))
        .min_by_key(|&t| {
            if t < protos.len() {
                // a person's full name before a place made of it (`Ana Reyes` town hall)
                protos[t].kind.map_or(9, |k| match k {
                    EntityKind::Person => 0,
                    k => k as usize,
                })
            } else {
                0
            }
        })
}

/// The canonical name of a learned entity: its most frequent candidate spelling, longer first.
fn canonical_name(p: &Proto) -> String {
    // a spelling with lower-case letters when there is one (`Laos`, not `LAOS`), then the most
    // frequent, the longest, and the greatest, so the choice never depends on hash order
    let best = |any_case: bool| {
        p.forms
            .iter()
            .filter(|(f, _)| any_case || f.chars().any(char::is_lowercase))
            .max_by(|a, b| {
                (a.1, a.0.split_whitespace().count(), a.0).cmp(&(
                    b.1,
                    b.0.split_whitespace().count(),
                    b.0,
                ))
            })
    };
    let Some((name, &n)) = best(false).or_else(|| best(true)) else {
        return String::new();
    };
    // a longer spelling that goes on from it and is written often enough is the full name,
    // the frequent one a truncation (`… Economic Framework` of `… Economic Framework for
    // Prosperity`)
    p.forms
        .iter()
        .filter(|&(f, &m)| {
            m * 4 >= n
                && f.strip_prefix(name.as_str())
                    .is_some_and(|r| r.starts_with(' '))
        })
        .max_by(|a, b| (a.1, a.0.len(), a.0).cmp(&(b.1, b.0.len(), b.0)))
        .map_or(name, |(f, _)| f)
        .clone()
}

/// The initials of a name's capitalised words (`National Economic Council` → `NEC`).
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect()
}

/// An article's candidates (index and candidate) that name a body or an agreement in several
/// words whose initials are `acronym`, in text order. Two letters the corpus defines are too
/// few to go against that (`VA` is not the `Voting Act` of an article about veterans).
fn bodies_with_initials<'c>(
    candidates: &'c [Candidate],
    acronym: &'c str,
    defined: bool,
) -> impl Iterator<Item = (usize, &'c Candidate)> {
    candidates.iter().enumerate().filter(move |(_, c)| {
        (acronym.len() >= 3 || !defined)
            && !c.short_ref
            && matches!(c.kind, EntityKind::Organization | EntityKind::Agreement)
            && c.name.contains(' ')
            && initials(&c.name) == acronym
    })
}

/// Whether the word before byte `at` (on its line, after spaces only) is a function word in
/// lower case (`the`, `of`, `with`).
fn after_function_word(text: &str, at: usize) -> bool {
    // (one word back is read: 64 bytes of the line)
    let lo = text.floor_char_boundary(at.saturating_sub(64));
    let line = text[lo..at].rsplit('\n').next().unwrap_or("");
    let Some(before) = line.strip_suffix(' ') else {
        return false;
    };
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    before.ends_with(word)
        && !word.is_empty()
        && word.starts_with(char::is_lowercase)
        && extract::STOPWORDS.contains(word)
}

/// Whether a word next to `span` (on its line) is a common word (`common`: one the corpus writes
/// in lower case) written in capitals: the line is in capitals, where a word in capitals says
/// nothing of an acronym (`FACT SHEET:`, but not `U.S.-ASEAN`, `CPP-CPV`). Titles (`MS.`,
/// `MR.`) are no such word.
impl Linker<'_> {
    /// Whether the place named at `span` opens another name: a capitalised word follows after
    /// one space that is no title, place or site word, date, given name or known name (`Berlin
    /// Wall`, `Hiroshima AI Process`; not `Mekong River`, `Geneva Headquarters`, `Tokyo Monday`,
    /// `Hanoi Prime Minister …`),
    /// outside a line in title case (a headline capitalises every word).
    fn opens_another_name(&self, text: &str, span: &Range<usize>) -> bool {
        let Some(rest) = text[span.end..].strip_prefix(' ') else {
            return false;
        };
        let word: &str = rest
            .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '&')))
            .next()
            .unwrap_or("");
        if !word.starts_with(char::is_uppercase) {
            return false;
        }
        let low = word.to_lowercase();
        let lexicon = &extract::lexicon::LANDFORM_WORDS;
        if extract::lexicon::opens_title(&low)
            || lexicon.contains(&low.as_str())
            || extract::lexicon::PLACE_HEADS.contains(&low.as_str())
            || extract::lexicon::LOWERCASE_PLACE_HEADS.contains(&low.as_str())
            || extract::lexicon::COMPASS_WORDS.contains(&low.as_str())
            || extract::lexicon::SITE_WORDS.contains(&low.as_str())
            || crate::base::dates::month_from_name(word).is_some()
            || crate::base::dates::weekday_from_name(word).is_some()
            || extract::is_given_name(word)
            || !self.gaz.lookup(word).is_empty()
        {
            return false;
        }
        // (the line around the name, at most 240 bytes each side: a headline is short, and a
        // page written on one line costs no scan of the whole line per name)
        let lo = text.ceil_char_boundary(span.start.saturating_sub(240));
        let hi = text.floor_char_boundary(span.end + 240);
        let line_start = text[lo..span.start].rfind('\n').map_or(lo, |i| lo + i + 1);
        let line_end = text[span.end..hi].find('\n').map_or(hi, |i| span.end + i);
        let long: Vec<&str> = text[line_start..line_end]
            .split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 3)
            .collect();
        let capitalised = long
            .iter()
            .filter(|w| w.starts_with(char::is_uppercase))
            .count();
        capitalised * 10 < long.len() * 6
    }
}

fn in_capitals(text: &str, span: &Range<usize>, common: impl Fn(&str) -> bool) -> bool {
    let from = text.ceil_char_boundary(span.start.saturating_sub(48));
    let to = text.floor_char_boundary(span.end + 48);
    let before = &text[from..span.start];
    let before = before.rsplit('\n').next().unwrap_or("");
    let after = &text[span.end..to];
    let after = after.split('\n').next().unwrap_or("");
    let split = |c: char| {
        c.is_whitespace() || matches!(c, ',' | ':' | ';' | '(' | ')' | '—' | '–' | '-' | '/')
    };
    let letters = |w: &&str| w.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let capitals = |w: &str| {
        !w.chars().any(char::is_lowercase)
            && !extract::lexicon::TITLES.contains(&w.trim_end_matches('.').to_lowercase().as_str())
            && common(w)
    };
    let prev = before
        .split(split)
        .rev()
        .filter(|w| !w.is_empty())
        .find(letters);
    let next = after.split(split).filter(|w| !w.is_empty()).find(letters);
    prev.is_some_and(capitals) || next.is_some_and(capitals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::test_support::{entity, mention_texts};
    use std::path::{Path, PathBuf};

    fn kb(articles: &[(&str, &str)]) -> KnowledgeBase {
        let texts = articles
            .iter()
            .map(|(n, t)| (PathBuf::from(format!("/c/{n}.txt")), t.to_string()))
            .collect();
        KnowledgeBase::from_texts(texts, Path::new("/c"), Gazetteer::builtin())
    }

    #[test]
    fn transliteration_variants_of_one_person_merge() {
        let kb = kb(&[
            (
                "a",
                "Headline one about a visit\n\nDefence Minister Gen. Somsak Phanthavong arrived in the capital on Monday for talks with officials.\n",
            ),
            (
                "b",
                "Headline two about a visit\n\nThe treaty was signed by General Somsak Fanthavong, who also leads the defence ministry of the country.\n",
            ),
        ]);
        let p = entity(&kb, "Somsak Phanthavong");
        assert_eq!(p.kind, EntityKind::Person);
        assert!(p.aliases.contains("Somsak Fanthavong"), "{:?}", p.aliases);
        assert_eq!(
            mention_texts(&kb, p),
            vec!["Somsak Phanthavong", "Somsak Fanthavong"]
        );
    }

    #[test]
    fn romanisations_of_a_given_name_with_one_family_name_are_one_person() {
        let kb = kb(&[
            ("a", "Arrest\n\nAleksey Varkov said he was arrested.\n"),
            (
                "b",
                "Trial\n\nAlexei Varkov said he stood trial on Monday.\n",
            ),
            (
                "c",
                "Family\n\nAlexander Orlin and Alexandra Orlin spoke.\n",
            ),
        ]);
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Alexei Varkov")),
            vec!["Aleksey Varkov", "Alexei Varkov"]
        );
        assert_ne!(
            entity(&kb, "Alexander Orlin").id,
            entity(&kb, "Alexandra Orlin").id
        );
    }

    #[test]
    fn a_body_with_and_without_its_country_word_is_one_body() {
        let kb = kb(&[
            (
                "a",
                "Aid for the region\n\nThe United States will send aid, the State Department said on Monday.\n",
            ),
            (
                "b",
                "More aid\n\nThe U.S. Department of State and the Department of State staff of the United States agreed.\n",
            ),
        ]);
        let d = entity(&kb, "U.S. Department of State");
        assert_eq!(d.kind, EntityKind::Organization);
        assert_eq!(
            mention_texts(&kb, d),
            vec![
                "State Department",
                "U.S. Department of State",
                "Department of State"
            ]
        );
        assert_eq!(kb.entities[d.country.unwrap()].name, "United States");
    }

    #[test]
    fn an_acronym_that_is_a_common_word_is_the_bodys_after_a_function_word_only() {
        let kb = kb(&[
            (
                "a",
                "A new body\n\nShe founded the Velmora Organization for Women (VOW) in 1966.\n",
            ),
            (
                "b",
                "Replies\n\nVOW: the claim is false. We vow to act and win VOW.\n",
            ),
            (
                "c",
                "Support\n\nThe plan was praised by VOW and by the unions. They vow to help.\n",
            ),
            ("d", "Notes\n\nThey vow to return.\n"),
        ]);
        let v = entity(&kb, "Velmora Organization for Women");
        let paths: Vec<&str> = kb
            .mentions
            .iter()
            .filter(|m| m.entity == kb.entities.iter().position(|e| e.id == v.id).unwrap())
            .map(|m| kb.heads[m.article].path.to_str().unwrap())
            .collect();
        assert_eq!(paths, ["/c/a.txt", "/c/a.txt", "/c/c.txt"]);
        assert_eq!(
            mention_texts(&kb, v),
            vec!["Velmora Organization for Women", "VOW", "VOW"]
        );
    }

    #[test]
    fn one_common_word_is_no_bodys_name() {
        let kb = kb(&[
            (
                "a",
                "Funding\n\nGrants go to the Departments of Labor (DOL), Velmoran Affairs (VA), and Education (ED). Education costs rose.\n",
            ),
            (
                "b",
                "Costs\n\nThe education budget fell. Education matters.\n",
            ),
        ]);
        assert!(
            kb.entities.iter().all(|e| e.name != "Education"),
            "{:?}",
            kb.entities.iter().map(|e| &e.name).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_bodys_name_the_corpus_writes_in_lower_case_is_a_common_noun_phrase() {
        let kb = kb(&[
            (
                "a",
                "Order\n\nThe Task Force shall report. The Coast Guard agreed.\n",
            ),
            (
                "b",
                "News\n\nA task force was formed. The Coast Guard helped.\n",
            ),
            ("c", "More\n\nThe task force met in May.\n"),
            ("d", "Again\n\nAnother task force will follow.\n"),
        ]);
        let names: Vec<&str> = kb.entities.iter().map(|e| e.name.as_str()).collect();
        assert!(!names.contains(&"Task Force"), "{names:?}");
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Coast Guard")),
            ["Coast Guard", "Coast Guard"]
        );
    }

    #[test]
    fn an_acronym_is_the_body_its_article_names_with_those_initials() {
        let kb = kb(&[
            (
                "a",
                "Vote\n\nThe Velmora Election Committee (VEC) counted the ballots. VEC said so.\n",
            ),
            (
                "b",
                "Economy\n\nShe led the Velmora Economic Council for two years. The team at VEC thanked her.\n",
            ),
        ]);
        let council = entity(&kb, "Velmora Economic Council");
        assert_eq!(
            mention_texts(&kb, council),
            ["Velmora Economic Council", "VEC"]
        );
        let committee = entity(&kb, "Velmora Election Committee");
        assert_eq!(
            mention_texts(&kb, committee),
            ["Velmora Election Committee", "VEC", "VEC"]
        );
    }

    #[test]
    fn a_body_named_with_and_without_its_countrys_name_in_one_article_is_one() {
        let kb = kb(&[
            (
                "a",
                "Mail\n\nThe United States Mail Service delivers. The Mail Service said so.\n",
            ),
            (
                "b",
                "More mail\n\nThe Mail Service hired staff on Monday.\n",
            ),
            (
                "c",
                "Banks\n\nThe German Velmora Bank and the Velmora Bank met.\n",
            ),
        ]);
        let m = entity(&kb, "Mail Service");
        assert_eq!(
            mention_texts(&kb, m),
            ["United States Mail Service", "Mail Service", "Mail Service"]
        );
        assert_ne!(
            entity(&kb, "German Velmora Bank").id,
            entity(&kb, "Velmora Bank").id
        );
    }

    #[test]
    fn a_word_of_a_firms_name_is_no_reference_to_a_person() {
        let kb = kb(&[(
            "a",
            "T\n\nSecretary Lloyd Austan spoke. He was a partner at Sidley & Austan and at Johnsen & Johnsen. Austan said so.\n",
        )]);
        let p = entity(&kb, "Lloyd Austan");
        assert_eq!(mention_texts(&kb, p), ["Lloyd Austan", "Austan"]);
    }

    #[test]
    fn a_term_defined_in_lower_case_is_no_body_where_another_article_capitalises_it() {
        let kb = kb(&[
            (
                "a",
                "Health\n\nWe support universal water access (UWA) in every village.\n",
            ),
            (
                "b",
                "Goals\n\nThe partners back Universal Water Access (UWA). UWA matters.\n",
            ),
        ]);
        let names: Vec<&str> = kb.entities.iter().map(|e| e.name.as_str()).collect();
        assert!(
            !names.contains(&"Universal Water Access") && !names.contains(&"UWA"),
            "{names:?}"
        );
    }

    #[test]
    fn a_words_of_a_web_address_are_not_written_in_lower_case() {
        let site = "See www.vagb.gov.vx or mail info@vagb.vx for more.";
        let kb = kb(&[
            (
                "a",
                &format!("A bureau\n\nThe Velmora Anti-Graft Bureau (VAGB) opened. {site}\n"),
            ),
            (
                "b",
                &format!("A case\n\nVAGB officers held a clerk. {site}\n"),
            ),
            (
                "c",
                &format!("A trial\n\nVAGB officers held a judge. {site}\n"),
            ),
            (
                "d",
                &format!("A fine\n\nVAGB officers fined a firm. {site}\n"),
            ),
        ]);
        let v = entity(&kb, "Velmora Anti-Graft Bureau");
        assert_eq!(
            mention_texts(&kb, v),
            vec!["Velmora Anti-Graft Bureau", "VAGB", "VAGB", "VAGB", "VAGB"]
        );
    }

    #[test]
    fn a_countrys_formal_name_is_the_country() {
        let kb = kb(&[(
            "a",
            "Talks\n\nWe call on the Russian Federation to withdraw. Russia said no.\n",
        )]);
        let r = entity(&kb, "Russia");
        assert_eq!(r.kind, EntityKind::Country);
        assert_eq!(mention_texts(&kb, r), vec!["Russian Federation", "Russia"]);
    }

    #[test]
    fn a_nickname_and_the_full_given_name_are_one_person() {
        let kb = kb(&[
            (
                "a",
                "A visit\n\nJoe Marvell said the plan would work. Jill Marvell said so too.\n",
            ),
            (
                "b",
                "A proclamation\n\nIn witness whereof, I, Joseph R. Marvell, Jr., said it was so.\n",
            ),
        ]);
        let p = entity(&kb, "Joseph R. Marvell");
        assert_eq!(
            mention_texts(&kb, p),
            vec!["Joe Marvell", "Joseph R. Marvell"]
        );
        assert_ne!(entity(&kb, "Jill Marvell").id, p.id);
    }

    fn country_of(kb: &KnowledgeBase, name: &str) -> Option<String> {
        entity(kb, name)
            .country
            .map(|c| kb.entities[c].name.clone())
    }

    #[test]
    fn a_name_before_a_number_word_is_part_of_another_name() {
        let kb = kb(&[(
            "a",
            "News\n\nThe Velmora Air Corps (VAC) flew in. He boarded Velmora Air Corps One.\n",
        )]);
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Velmora Air Corps")),
            vec!["Velmora Air Corps", "VAC"]
        );
    }

    #[test]
    fn a_town_of_a_state_is_not_the_foreign_place_of_that_name() {
        let kb = kb(&[("a", "News\n\nThe plant in Tampere, Ohio opened in May.\n")]);
        assert!(mention_texts(&kb, entity(&kb, "Tampere")).is_empty());
    }

    #[test]
    fn a_foreign_place_alone_is_that_place() {
        let kb = kb(&[("a", "News\n\nThe plant in Tampere opened in May.\n")]);
        assert_eq!(mention_texts(&kb, entity(&kb, "Tampere")), vec!["Tampere"]);
    }

    #[test]
    fn a_longer_name_spelt_elsewhere_holds_the_pieces_an_article_cut_out_of_it() {
        let kb = kb(&[
            (
                "a",
                "Order\n\nThe order is broader than the Maria Okafor Justice in Policing Act \
                 (MOJPA) in scope. Maria Okafor was a nurse.\n",
            ),
            (
                "b",
                "Bill\n\nCongress must pass the Maria Okafor Justice in Policing Act now. The \
                 family of Maria Okafor spoke.\n",
            ),
        ]);
        let act = entity(&kb, "Maria Okafor Justice in Policing Act");
        assert_eq!(
            mention_texts(&kb, act),
            vec![
                "Maria Okafor Justice in Policing Act",
                "MOJPA",
                "Maria Okafor Justice in Policing Act"
            ]
        );
        let person = entity(&kb, "Maria Okafor");
        assert_eq!(
            mention_texts(&kb, person),
            vec!["Maria Okafor", "Maria Okafor"]
        );
        assert!(!kb.entities.iter().any(|e| e.name == "Policing Act"));
    }

    #[test]
    fn a_bare_acronym_beside_its_long_name_is_the_body_defined_with_it() {
        // `Federal District` makes `Federal …` a local body's name, keyed with no state
        let kb = kb(&[
            (
                "a",
                "Rules\n\nIn the United States, the Federal Wireless Commission (FWC) met. \
                 Later the FWC agreed. The United States will act.\n",
            ),
            (
                "b",
                "Visit\n\nShe flew to the Federal District on Monday.\n",
            ),
        ]);
        let body = entity(&kb, "Federal Wireless Commission");
        assert_eq!(
            mention_texts(&kb, body),
            vec!["Federal Wireless Commission", "FWC", "FWC"]
        );
    }

    #[test]
    fn a_countrys_short_name_defined_for_a_body_is_the_country_elsewhere() {
        let kb = kb(&[
            (
                "a",
                "Tariffs\n\nThe Tariff Commission of the People’s Republic of China (PRC) met.\n",
            ),
            ("b", "Trade\n\nThe PRC said it will act.\n"),
        ]);
        let china = entity(&kb, "China");
        assert!(
            mention_texts(&kb, china).contains(&"PRC".to_string()),
            "{:?}",
            mention_texts(&kb, china)
        );
        let b = kb
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Organization)
            .flat_map(|e| mention_texts(&kb, e))
            .filter(|t| t == "PRC")
            .count();
        assert_eq!(b, 0);
    }

    #[test]
    fn a_short_name_of_common_words_holds_only_where_its_body_is_named() {
        let kb = kb(&[
            (
                "a",
                "Charge\n\nAlliance Rivets Pte Ltd (“Alliance”) was charged. Alliance paid.\n",
            ),
            (
                "b",
                "Allies\n\nThe alliance is strong. Our Alliance will hold.\n",
            ),
            ("c", "More\n\nThe alliance grew and the alliance met.\n"),
            (
                "d",
                "Sentence\n\nAlliance Rivets Pte Ltd was fined. Alliance will appeal.\n",
            ),
        ]);
        // (and in the articles that name the body in full)
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Alliance Rivets Pte Ltd")),
            vec![
                "Alliance Rivets Pte Ltd",
                "Alliance",
                "Alliance",
                "Alliance Rivets Pte Ltd",
                "Alliance"
            ]
        );
    }

    #[test]
    fn a_place_before_islanders_is_a_people_not_the_place() {
        let kb = kb(&[(
            "a",
            "People\n\nAsian American and Pacific Islander families met. The Pacific Ocean is big.\n",
        )]);
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Pacific Ocean")),
            vec!["Pacific Ocean"]
        );
    }

    #[test]
    fn a_numbered_instrument_takes_its_series_country_not_its_subject() {
        let home = |n: u32| {
            format!(
                "Orders\n\nIn the United States, the President signed Executive Order {n}. \
                 The United States will act.\n"
            )
        };
        let (a, b, c) = (home(14001), home(14002), home(14003));
        let kb = kb(&[
            ("a", &a),
            ("b", &b),
            ("c", &c),
            (
                "d",
                "Sanctions on Cuba\n\nCuba must change. Executive Order 14004 blocks the \
                 property of officials of Cuba.\n",
            ),
        ]);
        assert_eq!(
            country_of(&kb, "Executive Order 14001").as_deref(),
            Some("United States")
        );
        assert_eq!(
            country_of(&kb, "Executive Order 14004").as_deref(),
            Some("United States")
        );
    }

    #[test]
    fn people_and_bodies_take_the_country_an_article_is_clearly_about() {
        let kb = kb(&[
            (
                "a",
                "Farmers in the hills\n\nLaos exports rice. Noy Sengdara, a farmer, said prices fell in Laos. The Lao government promised aid, and the Hill Growers Network agreed.\n",
            ),
            (
                "b",
                "Exports\n\nKeo Vannaly said Laos must help. He sells rice to Thailand and Vietnam. The Global Rice Forum met.\n",
            ),
        ]);
        assert_eq!(country_of(&kb, "Noy Sengdara").as_deref(), Some("Laos"));
        assert_eq!(
            country_of(&kb, "Hill Growers Network").as_deref(),
            Some("Laos")
        );
        // an article naming three countries once each is about none of them
        assert_eq!(country_of(&kb, "Keo Vannaly"), None);
        assert_eq!(country_of(&kb, "Global Rice Forum"), None);
    }

    #[test]
    fn a_body_named_mostly_in_articles_about_no_one_country_takes_none() {
        let kb = kb(&[
            (
                "a",
                "Deal\n\nLaos signed with Velmorax Inc. Laos said so. Velmorax Inc. agreed.\n",
            ),
            ("b", "Talks\n\nVelmorax Inc. met Japan and Peru.\n"),
            ("c", "More\n\nVelmorax Inc. met Chile and Peru.\n"),
            ("d", "Again\n\nVelmorax Inc. met Chile and Japan.\n"),
            ("e", "Once more\n\nVelmorax Inc. met Kenya and Japan.\n"),
            ("f", "And more\n\nVelmorax Inc. met Ghana and Japan.\n"),
        ]);
        assert_eq!(country_of(&kb, "Velmorax Inc"), None);
    }

    #[test]
    fn a_person_tied_to_an_international_body_takes_no_country_from_the_article() {
        let kb = kb(&[(
            "a",
            "Visit\n\nLaos hosted talks. Laos and Laos again. Anna Verhoeven, Director-General of the World Health Organization, spoke.\n",
        )]);
        assert_eq!(country_of(&kb, "Anna Verhoeven"), None);
    }

    #[test]
    fn a_body_named_after_a_city_or_ending_in_a_country_is_of_that_country() {
        let kb = kb(&[(
            "a",
            "Deals\n\nThe Nanjing Velmora Steel Co. Ltd and Export Credit Ruritania signed. China and China’s partners watched, with the Asia Pacific Steel Council. China agreed.\n",
        )]);
        assert_eq!(
            country_of(&kb, "Nanjing Velmora Steel Co. Ltd").as_deref(),
            Some("China")
        );
        assert_eq!(country_of(&kb, "Asia Pacific Steel Council"), None);
        // a city's name in an article about another country says nothing
        let kb2 = kb_of_one(
            "Deals\n\nThe Nanjing Velmora Steel Co. Ltd signed. Japan and Japan’s partners watched. Japan agreed.\n",
        );
        assert_ne!(
            country_of(&kb2, "Nanjing Velmora Steel Co. Ltd").as_deref(),
            Some("China")
        );
    }

    fn kb_of_one(text: &str) -> KnowledgeBase {
        kb(&[("a", text)])
    }

    #[test]
    fn a_lone_family_name_is_of_someone_known_as_a_person() {
        // `Amos Velmor`, a given name: `Velmor` alone elsewhere is him
        let kb1 = kb(&[
            ("a", "One\n\nAmos Velmor says the plan works.\n"),
            ("b", "Two\n\nAmos Velmor says it again.\n"),
            ("c", "Three\n\nThe plan of Velmor was adopted.\n"),
        ]);
        assert_eq!(
            mention_texts(&kb1, entity(&kb1, "Amos Velmor")),
            vec!["Amos Velmor", "Amos Velmor", "Velmor"]
        );
    }

    #[test]
    fn a_lone_family_name_is_not_of_a_group_that_speaks() {
        // `Kadirq Velmor` (no given name, no title) is typed a person by `says` alone
        let kb2 = kb(&[
            ("a", "One\n\nKadirq Velmor says the plan works.\n"),
            ("b", "Two\n\nKadirq Velmor says it again.\n"),
            ("c", "Three\n\nThe plan of Velmor was adopted.\n"),
        ]);
        assert_eq!(
            mention_texts(&kb2, entity(&kb2, "Kadirq Velmor")),
            vec!["Kadirq Velmor", "Kadirq Velmor"]
        );
    }

    #[test]
    fn a_titled_family_name_is_the_person_who_holds_the_title() {
        let kb = kb(&[
            (
                "a",
                "Visit\n\nPresident Amos Okafor arrived. Dr. Grace Okafor, the First Lady, came too.\n",
            ),
            (
                "b",
                "Family\n\nTobi Okafor, a student, met reporters. President Okafor later praised him. Dr. Okafor was away.\n",
            ),
        ]);
        let amos = entity(&kb, "Amos Okafor");
        let texts = mention_texts(&kb, amos);
        assert!(texts.contains(&"Okafor".to_string()), "{texts:?}");
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Tobi Okafor")),
            vec!["Tobi Okafor"]
        );
        assert_eq!(mention_texts(&kb, entity(&kb, "Grace Okafor")).len(), 2);
    }

    #[test]
    fn given_names_one_letter_apart_inside_are_one_name() {
        assert!(one_letter_more("antony", "anthony"));
        assert!(one_letter_more("mohammed", "mohamed"));
        assert!(!one_letter_more("julian", "juliana"));
        assert!(!one_letter_more("maria", "mario"));
        assert!(!one_letter_more("jon", "john"));
        let kb = kb(&[
            (
                "a",
                "Visit\n\nSecretary Tony Velmar spoke. Anthony Velmar said more.\n",
            ),
            ("b", "Talks\n\nSecretary Antony Velmar arrived.\n"),
        ]);
        let e = entity(&kb, "Tony Velmar");
        assert_eq!(
            mention_texts(&kb, e).len(),
            3,
            "{:?}",
            mention_texts(&kb, e)
        );
    }

    #[test]
    fn a_bare_state_body_is_the_one_the_corpus_names_with_its_country() {
        let kb = kb(&[
            (
                "a",
                "Aid\n\nThe U.S. Department of State said the United States would help.\n",
            ),
            (
                "b",
                "More aid\n\nThe U.S. Department of State agreed with the plan.\n",
            ),
            (
                "c",
                "Talks in Borlandia\n\nThe State Department said Russia and Russia's allies must stop. Russia refused.\n",
            ),
        ]);
        let d = entity(&kb, "U.S. Department of State");
        assert_eq!(
            mention_texts(&kb, d).len(),
            3,
            "{:?}",
            mention_texts(&kb, d)
        );
        assert_eq!(kb.entities[d.country.unwrap()].name, "United States");
    }

    #[test]
    fn a_bare_body_never_named_with_a_country_is_the_one_most_articles_mean() {
        let us = "Briefing\n\nThe Office of Velmora Affairs met. The United States and the United States again.\n";
        let kb = kb(&[
            ("a", us),
            ("b", us),
            ("c", us),
            (
                "d",
                "Talks on Peru\n\nThe Office of Velmora Affairs spoke of Peru. Peru and Peru agreed.\n",
            ),
        ]);
        let e = entity(&kb, "Office of Velmora Affairs (United States)");
        assert_eq!(mention_texts(&kb, e).len(), 4);
    }

    #[test]
    fn a_body_the_corpus_names_far_more_often_of_another_country_is_that_ones() {
        let mut arts: Vec<(String, String)> = (0..10)
            .map(|i| {
                (
                    format!("u{i}"),
                    "Ruling\n\nThe U.S. Supreme Court ruled. The United States agreed.\n"
                        .to_string(),
                )
            })
            .collect();
        arts.push((
            "p".into(),
            "Peru\n\nPeru's Supreme Court met once.\n".into(),
        ));
        arts.push((
            "q".into(),
            "Talks on Peru\n\nThe Supreme Court ruling was discussed. Peru and Peru and Peru agreed.\n".into(),
        ));
        let refs: Vec<(&str, &str)> = arts.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let kb = kb(&refs);
        let e = entity(&kb, "U.S. Supreme Court");
        assert_eq!(
            mention_texts(&kb, e).len(),
            11,
            "{:?}",
            mention_texts(&kb, e)
        );
    }

    #[test]
    fn a_law_defined_with_its_year_keeps_its_short_form_in_its_article() {
        let kb = kb(&[
            (
                "a",
                "Memo\n\nUnder section 652 of the Foreign Aid Act of 1961 (FAA), and section 3 of the FAA, I delegate.\n",
            ),
            (
                "b",
                "Planes\n\nThe Federal Aviation Administration (FAA) said so. The FAA agreed.\n",
            ),
        ]);
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Foreign Aid Act")),
            vec!["Foreign Aid Act", "FAA", "FAA"]
        );
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Federal Aviation Administration")),
            vec!["Federal Aviation Administration", "FAA", "FAA"]
        );
    }

    #[test]
    fn a_demonym_inside_another_name_is_no_mention_of_the_country() {
        let text = "Story\n\nThe Laotian Rouge ruled. He told VRS Laotian so. She speaks Laotian, and wrote in Laotian. Laotian Catholics and the Laotian Ministry of Health met. Laotian Prime Minister Noy spoke.\n";
        let kb = kb(&[("a", text)]);
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Laos")),
            vec!["Laotian", "Laotian", "Laotian"]
        );
        assert_eq!(
            kb.mentions
                .iter()
                .filter(|m| kb.mention_text(m) == "Laotian")
                .map(|m| m.span.start)
                .collect::<Vec<_>>(),
            vec![
                text.find("Laotian Catholics").unwrap(),
                text.find("Laotian Ministry").unwrap(),
                text.find("Laotian Prime").unwrap()
            ]
        );
    }

    #[test]
    fn a_lower_case_unit_after_a_place_is_no_part_of_its_mention() {
        let kb = kb(&[
            ("a", "Trip\n\nThey toured Velmora Province last year.\n"),
            (
                "b",
                "More\n\nFarmers in Velmora province and Velmora Province said so.\n",
            ),
        ]);
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Velmora Province")),
            vec!["Velmora Province", "Velmora", "Velmora Province"]
        );
    }

    #[test]
    fn a_titled_family_name_nobody_holds_the_title_of_is_the_one_with_that_name() {
        let kb = kb(&[
            ("a", "Call\n\nJustin Velmar called today.\n"),
            ("b", "Visit\n\nPrime Minister Velmar arrived on Monday.\n"),
        ]);
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Justin Velmar")),
            vec!["Justin Velmar", "Velmar"]
        );
    }

    #[test]
    fn a_speaker_label_is_the_one_person_with_that_family_name() {
        let kb = kb(&[
            (
                "a",
                "Call\n\nSpokesman Tomas Velmar said the talks went well.\n",
            ),
            (
                "b",
                "Transcript\n\nMR. VELMAR: Hi, everybody. Thanks for joining.\n",
            ),
        ]);
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Tomas Velmar")),
            vec!["Tomas Velmar", "VELMAR"]
        );
    }

    #[test]
    fn a_speaker_label_among_namesakes_is_the_one_called_so() {
        let kb = kb(&[
            (
                "a",
                "Call\n\nSpokesman Tomas Velmar opened the call.\n\nMR. VELMAR: Thanks.\n",
            ),
            (
                "b",
                "Vote\n\nSenator Ana Velmar voted.\n\nMS. VELMAR: No.\n",
            ),
            ("c", "Transcript\n\nMR. VELMAR: Hi, everybody.\n"),
            (
                "d",
                "Trip\n\nTomas Velmar and Tomas Velmar’s aides flew home.\n",
            ),
            ("e", "Trip\n\nTomas Velmar flew home.\n"),
        ]);
        // (the most named of them, and called so where named in full)
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Tomas Velmar")),
            vec![
                "Tomas Velmar",
                "VELMAR",
                "VELMAR",
                "Tomas Velmar",
                "Tomas Velmar",
                "Tomas Velmar"
            ]
        );
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Ana Velmar")),
            vec!["Ana Velmar", "VELMAR"]
        );
    }

    #[test]
    fn a_titled_family_name_with_another_title_is_not_the_other_one_with_that_name() {
        // `Leader Marlow`: Speaker Kevin Marlow holds another title, but that is no reason for
        // Carolyn Marlow
        let kb = kb(&[
            ("a", "House\n\nSpeaker Kevin Marlow opened the session.\n"),
            ("b", "Votes\n\nCarolyn Marlow voted no.\n"),
            ("c", "Later\n\nLeader Marlow spoke again.\n"),
        ]);
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Carolyn Marlow")),
            vec!["Carolyn Marlow"]
        );
    }

    #[test]
    fn a_titled_family_name_is_not_a_person_with_other_titles() {
        // `President Velmar` is no prime minister
        let kb2 = kb(&[
            ("a", "Call\n\nPrime Minister Justin Velmar called today.\n"),
            ("b", "History\n\nPresident Velmar signed the law in 1964.\n"),
        ]);
        assert_eq!(
            mention_texts(&kb2, entity(&kb2, "Justin Velmar")),
            vec!["Justin Velmar"]
        );
    }

    #[test]
    fn a_family_name_of_two_words_is_the_one_person_whose_full_name_ends_so() {
        let kb = kb(&[
            (
                "a",
                "Visit\n\nPresident Andrés Manuel Velmar Ortiz arrived on Monday.\n",
            ),
            ("b", "Talks\n\nPresident Velmar Ortiz spoke to the press.\n"),
            (
                "c",
                "Other\n\nAna Maria Okafor and Maria Okafor met on Monday.\n",
            ),
        ]);
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Andrés Manuel Velmar Ortiz")).len(),
            2
        );
        assert_ne!(
            entity(&kb, "Ana Maria Okafor").id,
            entity(&kb, "Maria Okafor").id
        );
    }

    #[test]
    fn a_state_code_after_a_city_is_no_short_form() {
        let kb = kb(&[
            (
                "a",
                "Talks\n\nThe Deputies Committee (DC) met. The DC agreed.\n",
            ),
            (
                "b",
                "Visit\n\nShe flew to Washington, DC on Monday. The DC met later.\n",
            ),
        ]);
        let e = entity(&kb, "Deputies Committee");
        assert_eq!(
            mention_texts(&kb, e),
            vec!["Deputies Committee", "DC", "DC", "DC"]
        );
    }

    #[test]
    fn a_full_name_in_a_headline_is_one_mention_not_its_words() {
        let kb = kb(&[(
            "a",
            "Statement by President Amos R. Okafor, Jr. on Peru\n\nPresident Amos R. Okafor, Jr. met the press.\n",
        )]);
        let e = entity(&kb, "Amos R. Okafor");
        assert_eq!(
            mention_texts(&kb, e),
            vec!["Amos R. Okafor", "Amos R. Okafor"]
        );
    }

    #[test]
    fn capitals_before_a_persons_name_are_a_title() {
        let kb = kb(&[
            (
                "a",
                "Security\n\nThe Velmora Security Agency (VSA) warned. Lina Marsh spoke.\n",
            ),
            ("b", "More\n\nVSA Lina Marsh said the VSA was ready.\n"),
        ]);
        let e = entity(&kb, "Velmora Security Agency");
        assert_eq!(
            mention_texts(&kb, e),
            vec!["Velmora Security Agency", "VSA", "VSA"]
        );
    }

    #[test]
    fn a_short_form_of_two_bodies_with_different_heads_is_two() {
        let kb = kb(&[
            (
                "a",
                "One\n\nThe Velmora Security Agency (VSA) warned on Monday.\n",
            ),
            (
                "b",
                "Two\n\nThe Velmora Security Advisor (VSA) spoke on Monday.\n",
            ),
        ]);
        let e = entity(&kb, "Velmora Security Agency");
        assert!(
            !e.aliases.iter().any(|a| a.contains("Advisor")),
            "{:?}",
            e.aliases
        );
    }

    #[test]
    fn same_named_bodies_of_two_countries_stay_apart() {
        let kb = kb(&[
            (
                "a",
                "Thai police meet\n\nThe Thai Ministry of Public Security said Thailand would help. Thailand and its neighbours agreed.\n",
            ),
            (
                "b",
                "Lao police meet\n\nThe Lao Ministry of Public Security said Laos would help. Laos and its neighbours agreed.\n",
            ),
        ]);
        let th = entity(&kb, "Ministry of Public Security (Thailand)");
        let la = entity(&kb, "Ministry of Public Security (Laos)");
        assert_ne!(th.id, la.id);
        assert_eq!(th.id, "organization:ministry-of-public-security-thailand");
        assert_eq!(kb.entities[th.country.unwrap()].name, "Thailand");
        assert_eq!(kb.entities[la.country.unwrap()].name, "Laos");
    }

    #[test]
    fn an_acronym_defined_two_ways_holds_only_where_it_is_defined() {
        let kb = kb(&[
            (
                "a",
                "Savings news\n\nThe Individual Retirement Account (IRA) helps savers. The IRA has limits.\n",
            ),
            (
                "b",
                "Climate news\n\nThe Inflation Reduction Act (IRA) funds solar power. The IRA passed.\n",
            ),
            (
                "c",
                "Tax news\n\nThe IRA was discussed today by the committee.\n",
            ),
            (
                "d",
                "Water news\n\nThe Ruritania Water Board (RWB) met. Later the RWB agreed.\n",
            ),
            ("e", "More water news\n\nThe RWB met again on Monday.\n"),
        ]);
        let account = entity(&kb, "Individual Retirement Account");
        let law = entity(&kb, "Inflation Reduction Act");
        assert_ne!(account.id, law.id);
        // each keeps its own article's bare uses; the article defining neither links to none
        // (the definition's own short form too, as for an acronym of one meaning)
        assert_eq!(
            mention_texts(&kb, account),
            vec!["Individual Retirement Account", "IRA", "IRA"]
        );
        assert_eq!(
            mention_texts(&kb, law),
            vec!["Inflation Reduction Act", "IRA", "IRA"]
        );
        // an acronym defined one way is looked for everywhere
        let board = entity(&kb, "Ruritania Water Board");
        assert_eq!(board.mentions.len(), 4, "{:?}", mention_texts(&kb, board));
    }

    #[test]
    fn long_forms_that_agree_through_a_third_are_one_definition() {
        let kb = kb(&[
            (
                "a",
                "One\n\nThe U.S. Trade and Mining Agency (USTMA) funds a study.\n",
            ),
            (
                "b",
                "Two\n\nFunds come through the United States Trade & Mining Agency (USTMA) now.\n",
            ),
            (
                "c",
                "Three\n\nHelp comes from the U.S.-Trade and Mining Agency (USTMA) too.\n",
            ),
            ("d", "Four\n\nThe USTMA announced a grant.\n"),
        ]);
        let body = entity(&kb, "United States Trade & Mining Agency");
        assert_eq!(
            mention_texts(&kb, body)
                .iter()
                .filter(|t| *t == "USTMA")
                .count(),
            4,
            "{:?}",
            mention_texts(&kb, body)
        );
    }

    #[test]
    fn two_initials_are_too_few_to_name_a_body_of_the_article() {
        let kb = kb(&[
            (
                "a",
                "Care\n\nThe Department of Veterans Affairs (VA) opened a clinic.\n",
            ),
            (
                "b",
                "Rights\n\nCongress passed the Voting Act. The VA will run more clinics.\n",
            ),
        ]);
        let department = entity(&kb, "Department of Veterans Affairs");
        assert_eq!(
            mention_texts(&kb, department),
            vec!["Department of Veterans Affairs", "VA", "VA"]
        );
    }

    #[test]
    fn a_place_opening_another_name_is_no_mention_of_it() {
        let first = kb(&[(
            "a",
            "Visit\n\nThe old Tampere Wall fell in the night and the new Tampere AI Process began \
             later that year. She flew to Tampere Monday and met the staff of the Tampere \
             Headquarters in Tampere, where the minister spoke.\n",
        )]);
        let place = entity(&first, "Tampere");
        assert_eq!(
            mention_texts(&first, place),
            vec!["Tampere", "Tampere", "Tampere"],
            "{:?}",
            first
                .mentions
                .iter()
                .map(|m| &first.articles[m.article].text[m.span.clone()])
                .collect::<Vec<_>>()
        );
        // a headline capitalises every word: no name is opened there
        let kb = kb(&[(
            "b",
            "Remarks Delivered In Tampere Before Departure\n\nShe spoke.\n",
        )]);
        assert_eq!(mention_texts(&kb, entity(&kb, "Tampere")), vec!["Tampere"]);
    }

    #[test]
    fn a_body_is_one_however_its_leading_country_is_spelt() {
        let kb = kb(&[
            (
                "a",
                "Nominee\n\nShe clerked at the U.S. District Court for the District of Tampere.\n",
            ),
            (
                "b",
                "Nominee\n\nHe clerked at the United States District Court for the District of \
                 Tampere until May.\n",
            ),
        ]);
        let office = entity(
            &kb,
            "United States District Court for the District of Tampere",
        );
        assert_eq!(
            mention_texts(&kb, office),
            vec![
                "U.S. District Court for the District of Tampere",
                "United States District Court for the District of Tampere"
            ]
        );
        assert_eq!(
            country_of(
                &kb,
                "United States District Court for the District of Tampere"
            )
            .as_deref(),
            Some("United States")
        );
    }

    #[test]
    fn a_department_is_one_body_however_its_name_is_turned() {
        assert_eq!(
            body_key_name("Forestry Department"),
            "Department of Forestry"
        );
        assert_eq!(
            body_key_name("Department of the Forestry"),
            "Department of Forestry"
        );
        assert_eq!(body_key_name("Mines Department"), "Department of Mines");
        assert_eq!(
            body_key_name("Department of Parks and Wildlife Services"),
            "Department of Parks and Wildlife Services"
        );
        assert_eq!(
            body_key_name("Science and Technology Ministry"),
            "Science and Technology Ministry"
        );
    }

    #[test]
    fn short_references_resolve_within_the_article() {
        let kb = kb(&[(
            "a",
            "Leaders meet in the capital\n\nPresident Amara Sengdeth opened the forum on Monday. Later, President Amara thanked the guests for coming.\n",
        )]);
        let p = entity(&kb, "Amara Sengdeth");
        assert_eq!(mention_texts(&kb, p), vec!["Amara Sengdeth", "Amara"]);
        assert!(p.roles.contains("President"));
    }

    #[test]
    fn acronyms_join_their_long_form_across_articles() {
        let kb = kb(&[
            (
                "a",
                "Water agency news\n\nThe Ruritania Agency for Water Management (RAWM) opened an office in the north of the country.\n",
            ),
            (
                "b",
                "More water news\n\nOfficials from RAWM visited the dam on Friday and praised the local workers for their effort.\n",
            ),
        ]);
        let o = entity(&kb, "Ruritania Agency for Water Management");
        assert_eq!(o.kind, EntityKind::Organization);
        assert!(o.aliases.contains("RAWM"));
        let paths: Vec<&str> = o
            .mentions
            .iter()
            .map(|&m| kb.articles[kb.mentions[m].article].id.as_str())
            .collect();
        assert_eq!(paths, vec!["a", "a", "b"]);
        assert_eq!(
            mention_texts(&kb, o),
            vec!["Ruritania Agency for Water Management", "RAWM", "RAWM"]
        );
    }

    #[test]
    fn boilerplate_names_are_not_mentions() {
        let kb = kb(&[(
            "a",
            "Ruritania and Laos sign water pact\n\nRuritania and Laos signed a water pact on Monday, officials in both countries said after the ceremony.\n\nRelated Stories\n\nMore news\n\nMalta opens new port\n",
        )]);
        assert!(
            kb.entities
                .iter()
                .all(|e| e.name != "Malta" || e.mentions.is_empty())
        );
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Laos")),
            vec!["Laos", "Laos"]
        );
    }

    #[test]
    fn country_aliases_and_diacritics_meet() {
        let kb = kb(&[(
            "a",
            "Ties deepen between neighbours\n\nViệt Nam and the Lao PDR agreed on trade; Vietnam and Lao officials then met in Hà Nội and Hanoi again.\n",
        )]);
        let vn = entity(&kb, "Vietnam");
        assert_eq!(mention_texts(&kb, vn), vec!["Việt Nam", "Vietnam"]);
        assert_eq!(vn.iso.as_ref().unwrap()[0], "VN");
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Laos")),
            vec!["Lao PDR", "Lao"]
        );
        assert_eq!(
            mention_texts(&kb, entity(&kb, "Hanoi")),
            vec!["Hà Nội", "Hanoi"]
        );
    }

    #[test]
    fn a_lower_case_title_ties_a_name_to_its_own_article_only() {
        let kb = kb(&[
            (
                "a",
                "Greetings\n\nThe minister sent a message. “Shalom Velkar” was its title, said Ana Reyes, a spokesperson.\n",
            ),
            (
                "b",
                "Talks\n\nThe leaders vowed to bring to justice Velkar and its allies. Velkar rejected the offer.\n",
            ),
        ]);
        assert!(
            kb.entities
                .iter()
                .filter(|e| e.kind == EntityKind::Person)
                .all(|e| mention_texts(&kb, e).iter().all(|t| t != "Velkar")),
            "{:?}",
            kb.entities
                .iter()
                .map(|e| (&e.name, mention_texts(&kb, e)))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn an_affiliation_stops_at_the_next_person_and_needs_a_stated_country() {
        let kb = kb(&[
            (
                "a",
                "Briefing\n\nPresent were Ana Reyes, spokesperson, Ben Ode, director-general at the Thai Ministry of Foreign Affairs, and others.\n\nMS. REYES: Good afternoon.\n",
            ),
            (
                "b",
                "Staff\n\nLena Holt is an adviser in the Office of the Speaker Ola Berg, where she has served since 2011. She studied in Japan and in Canada.\n",
            ),
            (
                "c",
                "Assembly news\n\nThe Office of the Speaker met in Vientiane. Laos hopes for growth, and Laos will vote.\n",
            ),
        ]);
        assert_eq!(country_of(&kb, "Ben Ode"), Some("Thailand".into()));
        assert_eq!(country_of(&kb, "Ana Reyes"), None);
        assert_eq!(country_of(&kb, "Lena Holt"), None);
        // a title defined with a short form is no body
        assert!(
            kb.entities
                .iter()
                .all(|e| e.name != "National Security Advisor")
        );
    }

    #[test]
    fn a_word_of_a_line_in_capitals_is_no_acronym() {
        let common = |w: &str| matches!(fold(w).as_str(), "sheet" | "therefore" | "summit");
        let at = |text: &str, w: &str| {
            let i = text.find(w).unwrap();
            super::in_capitals(text, &(i..i + w.len()), common)
        };
        assert!(at("FACT SHEET: The President acts", "FACT"));
        assert!(at("NOW, THEREFORE, I, OLA BERG, proclaim", "OLA"));
        assert!(!at("At the U.S.-VTRC Summit, we met", "VTRC"));
        assert!(!at("a shared VTRC-CPV interest", "VTRC"));
        assert!(!at("MS. VTRC: Good afternoon", "VTRC"));
    }
}
