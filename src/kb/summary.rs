//! Per-entity summaries of one knowledge base: what hover, definition and the entity card would
//! otherwise compute by scanning every mention of an entity (or every signing) on each request.
//! Built once per knowledge base, when first asked ([`KnowledgeBase::summary`]), in parallel, and
//! stored in the persistent index with it: building one reads the text of every mention (its
//! spelling), which a server started from the index would otherwise do over the whole corpus.
//!
//! Everything here is exactly what the scans compute, in the same order, ties broken the same
//! way: the answers do not change, only their cost.

use crate::base::dates::{DateValue, date_bounds};
use crate::kb::KnowledgeBase;
use jiff::civil::Date;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// At most this many entities named with each entity are kept, most shared first (the whole
/// card shows ten).
pub const OFTEN_WITH: usize = 10;

/// The entity's articles read for "often with": its first this many (enough to rank).
const OFTEN_WITH_ARTICLES: usize = 300;

/// Entities named with one (entity, articles shared), most shared first.
type OftenWith = Box<[(u32, u32)]>;

/// What is known about one entity without scanning its mentions again.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntitySummary {
    /// Its articles in mention order, consecutive repeats removed (mentions are in corpus
    /// order, so each article once).
    pub articles: Box<[u32]>,
    /// Positions in the entity's `mentions` of the first mention of each article, in order.
    pub firsts: Box<[u32]>,
    /// The earliest publication date among its mentions' articles, with the first mention
    /// (index into `KnowledgeBase::mentions`) of that date.
    pub first_dated: Option<(Date, u32)>,
    /// The latest publication date among its mentions' articles, with the last mention of that
    /// date.
    pub last_dated: Option<(Date, u32)>,
    /// The signings it takes part in (indices into `KnowledgeBase::events`) on a timeline:
    /// resolved dates in order, then year-less ones, then undated; ties in `events` order.
    pub signings: Box<[u32]>,
    /// One mention (index into `KnowledgeBase::mentions`) of each other spelling of it written
    /// in the corpus, the first of each, in corpus order.
    pub spellings: Box<[u32]>,
}

/// The summaries of every entity of one knowledge base (indexed as `entities`).
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub entities: Vec<EntitySummary>,
    /// Per entity, when first asked (only the whole card shows them, and they cost a look at
    /// every entity of 300 articles): the entities most often in the same articles as it (its
    /// first 300 articles), with the number of articles shared: most shared first, then by
    /// name; at most [`OFTEN_WITH`].
    often_with: Vec<OnceLock<OftenWith>>,
    /// What an unknown entity has: nothing.
    empty: EntitySummary,
}

impl Summary {
    /// Summarises every entity of `kb`.
    pub fn new(kb: &KnowledgeBase) -> Summary {
        let signings = signings_by_entity(kb);
        let entities = (0..kb.entities.len())
            .into_par_iter()
            .zip(signings)
            .map(|(e, signings)| summarise(kb, e, signings))
            .collect();
        Summary {
            often_with: (0..kb.entities.len()).map(|_| OnceLock::new()).collect(),
            entities,
            empty: EntitySummary::default(),
        }
    }

    /// The summary made of stored per-entity summaries (`entities` as `KnowledgeBase::entities`).
    pub fn from_entities(entities: Vec<EntitySummary>) -> Summary {
        Summary {
            often_with: (0..entities.len()).map(|_| OnceLock::new()).collect(),
            entities,
            empty: EntitySummary::default(),
        }
    }

    /// Whether every index in `s` lies within `kb`'s tables and `s` has one summary per entity
    /// (what a stored summary must hold before it is trusted). `kb`'s other tables must be
    /// valid already.
    pub fn fits(entities: &[EntitySummary], kb: &KnowledgeBase) -> bool {
        let (n_art, n_men, n_ev) = (kb.heads.len(), kb.mentions.len(), kb.events.len());
        entities.len() == kb.entities.len()
            && entities.iter().zip(&kb.entities).all(|(s, ent)| {
                s.articles.iter().all(|&a| (a as usize) < n_art)
                    && s.firsts.iter().all(|&p| (p as usize) < ent.mentions.len())
                    && [s.first_dated, s.last_dated]
                        .iter()
                        .flatten()
                        .all(|&(_, m)| (m as usize) < n_men)
                    && s.signings.iter().all(|&v| (v as usize) < n_ev)
                    && s.spellings.iter().all(|&m| (m as usize) < n_men)
            })
    }

    /// The summary of entity `e` (an empty one for an index out of range).
    pub fn entity(&self, e: usize) -> &EntitySummary {
        self.entities.get(e).unwrap_or(&self.empty)
    }

    /// See `often_with`; `kb` must be the knowledge base this summarises.
    pub fn often_with(&self, kb: &KnowledgeBase, e: usize) -> &[(u32, u32)] {
        match self.often_with.get(e) {
            Some(slot) => slot.get_or_init(|| often_with(kb, e, &self.entity(e).articles).into()),
            None => &[],
        }
    }
}

/// Entity `e`'s summary: from the knowledge base's summary once it is built, else worked out
/// for this entity alone (the scan the summary saves), so that a request never waits for the
/// whole summary (the server builds it in the background after a knowledge base is installed).
pub fn entity_summary(kb: &KnowledgeBase, e: usize) -> Cow<'_, EntitySummary> {
    match kb.summary.get() {
        Some(s) => Cow::Borrowed(s.entity(e)),
        None if e < kb.entities.len() => {
            let signings = kb
                .events
                .iter()
                .enumerate()
                .filter(|(_, ev)| ev.parties.contains(&e) || ev.agreement == Some(e))
                .map(|(n, _)| n as u32)
                .collect();
            Cow::Owned(summarise(kb, e, signings))
        }
        None => Cow::Owned(EntitySummary::default()),
    }
}

/// The entities most often named with `e` (see `Summary::often_with`): kept in the knowledge
/// base's summary once it is built, else worked out.
pub fn entity_often_with(kb: &KnowledgeBase, e: usize) -> Cow<'_, [(u32, u32)]> {
    match kb.summary.get() {
        Some(s) => Cow::Borrowed(s.often_with(kb, e)),
        None => Cow::Owned(often_with(kb, e, &entity_summary(kb, e).articles)),
    }
}

/// Entity `e`'s summary, its signings (in `events` order) given.
fn summarise(kb: &KnowledgeBase, e: usize, signings: Vec<u32>) -> EntitySummary {
    let ent = &kb.entities[e];
    let mut articles: Vec<u32> = Vec::new();
    let mut firsts: Vec<u32> = Vec::new();
    let mut seen: HashSet<usize> = HashSet::new();
    let mut first_dated: Option<(Date, u32)> = None;
    let mut last_dated: Option<(Date, u32)> = None;
    let mut spellings: Vec<u32> = Vec::new();
    let mut spelled: HashSet<&str> = HashSet::new();
    for (pos, &m) in ent.mentions.iter().enumerate() {
        let mm = &kb.mentions[m];
        if articles.last() != Some(&(mm.article as u32)) {
            articles.push(mm.article as u32);
        }
        if seen.insert(mm.article) {
            firsts.push(pos as u32);
        }
        if let Some(d) = kb.heads[mm.article].published {
            // the first of the earliest, the last of the latest (as `min_by_key` and
            // `max_by_key` choose)
            if first_dated.is_none_or(|(f, _)| d < f) {
                first_dated = Some((d, m as u32));
            }
            if last_dated.is_none_or(|(l, _)| d >= l) {
                last_dated = Some((d, m as u32));
            }
        }
        let t = kb.mention_text(mm);
        if t != ent.name && spelled.insert(t) {
            spellings.push(m as u32);
        }
    }
    EntitySummary {
        articles: articles.into(),
        firsts: firsts.into(),
        first_dated,
        last_dated,
        signings: timeline(kb, signings).into(),
        spellings: spellings.into(),
    }
}

/// Per entity, the signings it is a party to or the agreement of, in `events` order, each once.
fn signings_by_entity(kb: &KnowledgeBase) -> Vec<Vec<u32>> {
    let mut by: Vec<Vec<u32>> = vec![Vec::new(); kb.entities.len()];
    for (n, ev) in kb.events.iter().enumerate() {
        for &p in ev.parties.iter().chain(ev.agreement.as_ref()) {
            if let Some(v) = by.get_mut(p)
                && v.last() != Some(&(n as u32))
            {
                v.push(n as u32);
            }
        }
    }
    by
}

/// Signings (in `events` order) sorted on a timeline: resolved dates in order, then year-less
/// ones, then undated; a stable sort, so ties stay in `events` order.
fn timeline(kb: &KnowledgeBase, mut signings: Vec<u32>) -> Vec<u32> {
    let key = |n: u32| {
        let ev = &kb.events[n as usize];
        match ev.date.as_ref().map(|d| (&d.value, d)) {
            Some((DateValue::Known { start, .. }, _)) => (0, start.to_string()),
            Some((_, d)) => (1, date_bounds(d).0.unwrap_or_default()),
            None => (2, String::new()),
        }
    };
    signings.sort_by_cached_key(|&n| key(n));
    signings
}

/// The entities in the same articles as `e` (its first 300 of `articles`), with the number of
/// articles shared: most shared first, then by name; the first [`OFTEN_WITH`].
fn often_with(kb: &KnowledgeBase, e: usize, articles: &[u32]) -> Vec<(u32, u32)> {
    let mut co: HashMap<usize, u32> = HashMap::new();
    let mut here: Vec<usize> = Vec::new();
    for &a in articles.iter().take(OFTEN_WITH_ARTICLES) {
        here.clear();
        here.extend(
            kb.by_article[a as usize]
                .iter()
                .map(|&m| kb.mentions[m].entity)
                .filter(|&x| x != e),
        );
        here.sort_unstable();
        here.dedup();
        for &x in &here {
            *co.entry(x).or_default() += 1;
        }
    }
    let mut co: Vec<(u32, u32)> = co.into_iter().map(|(x, n)| (x as u32, n)).collect();
    let by_rank = |a: &(u32, u32), b: &(u32, u32)| {
        b.1.cmp(&a.1).then(
            kb.entities[a.0 as usize]
                .name
                .cmp(&kb.entities[b.0 as usize].name)
                .then(a.0.cmp(&b.0)),
        )
    };
    if co.len() > OFTEN_WITH {
        co.select_nth_unstable_by(OFTEN_WITH - 1, by_rank);
        co.truncate(OFTEN_WITH);
    }
    co.sort_by(by_rank);
    co
}
