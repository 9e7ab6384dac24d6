//! The knowledge base of a corpus: articles, entities with all their spellings, every mention
//! (byte spans), dates and signing events. Built in stages: read and lay out articles, extract
//! candidates per article (in parallel), link candidates into entities, match every known
//! spelling over every article body, resolve short references, then find events.

pub mod events;
pub mod extract;
pub mod gazetteer;
pub mod index;
mod link;
mod matcher;
pub(crate) mod model;
mod store;
pub mod summary;
pub mod table;
mod update;

pub use matcher::{CaseRule, Matcher};
pub use model::{Entity, EntityKind, Mention};
pub use update::{ArticleMatches, Prepared, Update, Work};

use crate::base::text::fold;
use crate::corpus::layout::SegmentKind;
use crate::corpus::{self, Article};
use crate::kb::events::Event;
use crate::kb::extract::ArticleFacts;
use crate::kb::gazetteer::Gazetteer;
use link::Linker;
use matcher::entity_matcher;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
pub use table::Table;
use update::{CountryHits, Input, analyse, chrome_hash, line_fingerprints, lower_case_words};

#[derive(Default)]
pub struct KnowledgeBase {
    /// Per article: what every request may need without reading the article (id, path, key,
    /// title), always in memory.
    pub heads: std::sync::Arc<Vec<ArticleHead>>,
    /// The per-article tables, owned or read in place from the mapped index ([`Table`]).
    pub articles: Table<Article>,
    pub facts: Table<ArticleFacts>,
    /// Per article: what is kept between builds (see [`Prepared`]).
    pub prepared: Table<Prepared>,
    /// Per article: what the spelling matcher found, kept so that an update matches again only
    /// the articles a changed spelling can concern.
    pub matches: Table<ArticleMatches>,
    /// The spellings those matches were made with: hash of the folded spelling → (hash of its
    /// first word, case-strict).
    pub spelling_keys: HashMap<u64, (u64, crate::kb::CaseRule)>,
    /// Words the corpus writes in lower case (hashes of folded forms) and how many articles
    /// write each.
    pub lower_case: HashMap<u64, u32>,
    /// Acronyms the corpus defines for generic terms (`MoU`), each once, sorted.
    pub term_acronyms: Vec<(String, String)>,
    pub entities: Vec<Entity>,
    /// Shared with the mapped article table's decoder, which checks each article's text against
    /// the spans that lie in it.
    pub mentions: std::sync::Arc<Vec<Mention>>,
    pub events: Vec<Event>,
    /// Mentions of each article, sorted by span (shared as `mentions` is).
    pub by_article: std::sync::Arc<Vec<Vec<usize>>>,
    /// Problems that did not stop the build (unreadable or skipped files).
    pub warnings: Vec<String>,
    /// Every spelling of every entity, for finding them in other texts (notes).
    pub matcher: Option<Matcher>,
    /// Articles by canonical path, built when first asked.
    pub path_index: std::sync::OnceLock<HashMap<PathBuf, usize>>,
    /// Per article: its id and title folded, built when first asked (symbol search).
    pub folded_titles: std::sync::OnceLock<Vec<Vec<String>>>,
    /// Article ids with their article, sorted, built when first asked.
    pub id_index: std::sync::OnceLock<Vec<(String, usize)>>,
    /// Folded names of the mentioned entities (canonical name first, then aliases in order),
    /// built when first asked: completion and symbol search compare against these.
    pub folded_names: std::sync::OnceLock<Vec<(usize, Vec<String>)>>,
    /// Known spellings grouped for near-miss search, built when first asked.
    pub spellings: std::sync::OnceLock<Spellings>,
    /// Per-entity summaries (counts, dates, sources, signings, spellings, co-mentions), built
    /// when first asked: hover and definition read these instead of scanning mentions.
    pub summary: std::sync::OnceLock<summary::Summary>,
}

/// What is kept in memory of every article: enough to find it by id or path, to tell whether
/// its file changed, and to list it by title.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ArticleHead {
    pub id: String,
    #[serde(with = "crate::corpus::path_bytes")]
    pub path: PathBuf,
    pub display_path: String,
    /// The key of the file it was read from.
    pub key: corpus::FileKey,
    /// Bytes of its text.
    pub len: usize,
    /// Its title as written.
    pub title: Option<String>,
    /// Its date of publication.
    pub published: Option<jiff::civil::Date>,
}

impl ArticleHead {
    /// The head of article `a` prepared as `p`.
    pub fn of(a: &Article, p: &Prepared) -> ArticleHead {
        ArticleHead {
            id: a.id.clone(),
            path: a.path.clone(),
            display_path: a.display_path.clone(),
            key: p.key.clone(),
            len: a.text.len(),
            title: a
                .layout
                .title
                .as_ref()
                .and_then(|t| a.text.get(t.clone()))
                .map(str::to_string),
            published: a.layout.published,
        }
    }
}

/// Every known spelling of the mentioned entities, for finding near misses in notes. It holds
/// positions in `KnowledgeBase::folded_names`, not copies of the names (the White House set's
/// copies were 14 MB of a warm server's memory): a spelling is (slot in `folded_names`, which
/// name of it: 0 the canonical name, k the k-th alias).
#[derive(Default)]
pub struct Spellings {
    /// Hash of a folded spelling → one spelling folded so (to compare).
    all: rustc_hash::FxHashMap<u64, (u32, u32)>,
    /// Folded spellings whose hash another spelling has (almost never).
    collided: HashSet<String>,
    /// By number of words: (length in characters, slot, which), by length.
    pub by_words: HashMap<usize, Vec<(usize, u32, u32)>>,
    /// Longer parts of people's names: (length in characters, folded, person), by length.
    pub person_parts: Vec<(usize, String, usize)>,
}

impl Spellings {
    /// The entries of `sorted` (by `len`) whose length is within `d` of `n`.
    pub fn within<T>(sorted: &[T], len: impl Fn(&T) -> usize, n: usize, d: usize) -> &[T] {
        let lo = sorted.partition_point(|x| len(x) + d < n);
        let hi = sorted.partition_point(|x| len(x) <= n + d);
        &sorted[lo..hi.max(lo)]
    }

    /// Whether `folded` is a known spelling, folded (`kb` is the knowledge base of these).
    pub fn contains(&self, kb: &KnowledgeBase, folded: &str) -> bool {
        match self.all.get(&update::word_hash(folded)) {
            Some(&(slot, which)) => {
                Self::folded(kb, slot, which) == folded || self.collided.contains(folded)
            }
            None => false,
        }
    }

    /// Spelling `which` of `slot`, folded.
    pub fn folded(kb: &KnowledgeBase, slot: u32, which: u32) -> &str {
        &kb.folded_names()[slot as usize].1[which as usize]
    }

    /// The entity of `slot` and its spelling `which` as written.
    pub fn written(kb: &KnowledgeBase, slot: u32, which: u32) -> (usize, &str) {
        let e = kb.folded_names()[slot as usize].0;
        let ent = &kb.entities[e];
        let shown = match which {
            0 => ent.name.as_str(),
            k => ent
                .aliases
                .iter()
                .nth(k as usize - 1)
                .map_or("", |a| a.as_str()),
        };
        (e, shown)
    }
}

impl KnowledgeBase {
    /// How many articles write `word` (lower case) in lower case: the one reading of
    /// `lower_case`, keyed as the knowledge base keys it.
    pub fn lower_case_articles(&self, word: &str) -> u32 {
        self.lower_case
            .get(&update::word_hash(word))
            .copied()
            .unwrap_or(0)
    }

    /// The text of article `a`, without decoding the rest of it or keeping it decoded: for
    /// passes over every article's text.
    pub fn text_of(&self, a: usize) -> &str {
        if let Some(art) = self.articles.decoded(a) {
            return &art.text;
        }
        match store::stored_text(&self.articles, a) {
            Some(t) if t.len() == self.heads[a].len => t,
            _ => &self.articles[a].text,
        }
    }

    /// Builds the knowledge base of the given article files. `root` is used to shorten paths.
    pub fn build(files: &[PathBuf], root: &Path, max_size: u64) -> KnowledgeBase {
        let up = Self::update(None, files, root, max_size, None, &|_, _| {});
        let mut kb = up.kb.unwrap_or_default();
        kb.warnings = up.warnings;
        kb
    }

    /// Builds the knowledge base from texts already read (path, text).
    pub fn from_texts(
        texts: Vec<(PathBuf, String)>,
        root: &Path,
        gaz: &Gazetteer,
    ) -> KnowledgeBase {
        let inputs = texts
            .into_iter()
            .map(|(p, t)| {
                let key = corpus::FileKey::new((t.len() as u64, None), &t);
                Input::Fresh(p, t, key)
            })
            .collect();
        Self::assemble(None, inputs, root, gaz, &mut Work::default())
    }

    /// Analyses what is new, keeps the rest, and links everything.
    fn assemble(
        prior: Option<&KnowledgeBase>,
        inputs: Vec<Input>,
        root: &Path,
        gaz: &Gazetteer,
        work: &mut Work,
    ) -> KnowledgeBase {
        let timer = PhaseTimer::new();
        // lines repeated across articles are site chrome
        let fingerprints: Vec<Option<Vec<u64>>> = inputs
            .par_iter()
            .map(|i| match i {
                Input::Keep(..) => None,
                Input::Fresh(_, t, _) => Some(line_fingerprints(t)),
            })
            .collect();
        let repeated = repeated_lines(prior, &inputs, &fingerprints);
        timer.mark("repeated lines");
        let countries = Matcher::countries(gaz);
        let analysed = analyse_inputs(
            prior,
            inputs,
            fingerprints,
            root,
            &repeated,
            gaz,
            &countries,
        );
        let mut articles = Vec::with_capacity(analysed.len());
        let mut facts = Vec::with_capacity(analysed.len());
        let mut prepared = Vec::with_capacity(analysed.len());
        let mut cached = Vec::with_capacity(analysed.len());
        // paths whose earlier analysis is kept as it was
        let mut carried: Vec<PathBuf> = Vec::new();
        for (a, f, p, fresh, m) in analysed {
            cached.push(m);
            if fresh {
                work.extracted += 1;
            } else {
                work.reused += 1;
                carried.push(a.path.clone());
            }
            articles.push(a);
            facts.push(f);
            prepared.push(p);
        }
        timer.mark("layout and extraction");
        let common = lower_case_counts(prior, &articles, &carried);
        let dominant: Vec<Option<usize>> = prepared.iter().map(|p| p.dominant).collect();
        let settled: Vec<Option<usize>> = prepared.iter().map(|p| p.settled).collect();
        timer.mark("common words");
        let mut linker = Linker::new(gaz, &common);
        linker.link(&articles, &facts, &dominant);
        timer.mark("linking");
        let old_spellings = prior.map(|kb| &kb.spelling_keys);
        let mut kb = linker.finish(
            articles,
            facts,
            &dominant,
            &settled,
            &countries,
            cached,
            old_spellings,
            work,
        );
        kb.heads = std::sync::Arc::new(
            kb.articles
                .iter()
                .zip(&prepared)
                .map(|(a, p)| ArticleHead::of(a, p))
                .collect(),
        );
        kb.prepared = prepared.into();
        kb.lower_case = common;
        let mut terms: Vec<(String, String)> = kb
            .facts
            .iter()
            .flat_map(|f| f.term_acronyms.iter().cloned())
            .collect();
        terms.sort();
        terms.dedup();
        kb.term_acronyms = terms;
        timer.mark("matching mentions");
        kb.events = events::find_events(&kb.sources());
        timer.mark("events");
        kb.matcher = Some(entity_matcher(&kb.entities));
        timer.mark("note matcher");
        work.linked = true;
        kb
    }

    pub fn entity_by_id(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// Entity mentions in any text (a note): every known spelling, whole words, capitalised
    /// as names are; single given names of people are left out.
    pub fn find_entities(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let Some(m) = &self.matcher else {
            return Vec::new();
        };
        m.find(text, 0..text.len())
            .into_iter()
            .map(|(r, t)| (r, t[0]))
            .collect()
    }

    /// The article whose file is `path` (any spelling of it: relative, absolute, linked).
    pub fn article_by_path(&self, path: &Path) -> Option<usize> {
        let canon = |p: &Path| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
        };
        let index = self.path_index.get_or_init(|| {
            self.heads
                .par_iter()
                .enumerate()
                .map(|(i, a)| (canon(&a.path), i))
                .collect()
        });
        index.get(&canon(path)).copied()
    }

    /// See `folded_titles`.
    pub fn folded_titles(&self) -> &[Vec<String>] {
        self.folded_titles.get_or_init(|| {
            self.heads
                .par_iter()
                .map(|a| {
                    let title = a.title.as_deref();
                    std::iter::once(a.id.as_str())
                        .chain(title)
                        .map(fold)
                        .collect()
                })
                .collect()
        })
    }

    /// Articles whose id is `key`, else those whose id starts with it, in corpus order.
    pub fn articles_by_id(&self, key: &str) -> Vec<usize> {
        let index = self.id_index.get_or_init(|| {
            let mut v: Vec<(String, usize)> = self
                .heads
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.clone(), i))
                .collect();
            v.sort();
            v
        });
        let lo = index.partition_point(|(id, _)| id.as_str() < key);
        let starting = index[lo..].iter().take_while(|(id, _)| id.starts_with(key));
        if let Some((id, i)) = index.get(lo)
            && id == key
        {
            return vec![*i];
        }
        let mut v: Vec<usize> = starting.map(|(_, i)| *i).collect();
        v.sort_unstable();
        v
    }

    /// See `folded_names`.
    pub fn folded_names(&self) -> &[(usize, Vec<String>)] {
        self.folded_names.get_or_init(|| {
            self.entities
                .par_iter()
                .enumerate()
                .filter(|(_, e)| !e.mentions.is_empty())
                .map(|(i, e)| {
                    (
                        i,
                        std::iter::once(&e.name)
                            .chain(&e.aliases)
                            .map(|n| fold(n))
                            .collect(),
                    )
                })
                .collect()
        })
    }

    /// See `summary`.
    pub fn summary(&self) -> &summary::Summary {
        self.summary.get_or_init(|| summary::Summary::new(self))
    }

    /// See `spellings`.
    pub fn spellings(&self) -> &Spellings {
        self.spellings.get_or_init(|| {
            let mut sp = Spellings::default();
            for (slot, (i, folded)) in self.folded_names().iter().enumerate() {
                let e = &self.entities[*i];
                for (which, f) in folded.iter().enumerate() {
                    let at = (slot as u32, which as u32);
                    match sp.all.entry(update::word_hash(f)) {
                        std::collections::hash_map::Entry::Vacant(v) => {
                            v.insert(at);
                        }
                        std::collections::hash_map::Entry::Occupied(o) => {
                            let (s0, w0) = *o.get();
                            if Spellings::folded(self, s0, w0) != f {
                                sp.collided.insert(f.clone());
                            }
                        }
                    }
                    sp.by_words
                        .entry(f.split_whitespace().count())
                        .or_default()
                        .push((f.chars().count(), at.0, at.1));
                }
                if e.kind == EntityKind::Person {
                    for part in folded[0]
                        .split_whitespace()
                        .filter(|p| p.chars().count() >= 6)
                    {
                        sp.person_parts
                            .push((part.chars().count(), part.to_string(), *i));
                    }
                }
            }
            // by length, so that a search for spellings within an edit distance looks only at
            // those whose lengths are that close
            for v in sp.by_words.values_mut() {
                v.sort_by_key(|x| x.0);
            }
            sp.person_parts.sort_by_key(|x| x.0);
            sp
        })
    }

    /// The text of a mention (read in place: its article is not decoded for it).
    pub fn mention_text(&self, m: &Mention) -> &str {
        self.text_of(m.article)
            .get(m.span.clone())
            .unwrap_or_default()
    }

    /// Mentions in article `a` that lie within `range`.
    /// The knowledge base as the signing reader sees it.
    pub fn sources(&self) -> events::Sources<'_> {
        events::Sources {
            articles: &self.articles,
            facts: &self.facts,
            entities: &self.entities,
            mentions: &self.mentions,
            by_article: &self.by_article,
        }
    }

    pub fn mentions_in(&self, a: usize, range: Range<usize>) -> impl Iterator<Item = &Mention> {
        self.by_article[a]
            .iter()
            .map(|&i| &self.mentions[i])
            .filter(move |m| m.span.start >= range.start && m.span.end <= range.end)
    }
}

/// Phase timings on stderr when `DOSSIER_TIMINGS` is set (for profiling; off by default).
pub(crate) struct PhaseTimer {
    on: bool,
    last: std::cell::Cell<std::time::Instant>,
}

impl PhaseTimer {
    pub(crate) fn new() -> Self {
        PhaseTimer {
            on: std::env::var_os("DOSSIER_TIMINGS").is_some(),
            last: std::cell::Cell::new(std::time::Instant::now()),
        }
    }

    pub(crate) fn mark(&self, phase: &str) {
        if self.on {
            let now = std::time::Instant::now();
            // this process's anonymous memory, where the system tells (Linux)
            let anon = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    let l = s.lines().find(|l| l.starts_with("RssAnon:"))?;
                    l.split_whitespace().nth(1)?.parse::<u64>().ok()
                })
                .map_or(String::new(), |kb| format!(", {} MB anonymous", kb / 1024));
            eprintln!(
                "dossier timing: {phase}: {:.2} s{anon}",
                (now - self.last.get()).as_secs_f64()
            );
            self.last.set(now);
        }
    }
}

/// A lower-case ASCII slug for ids.
pub fn slug(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Segments of an article that are not content, for callers that want to show them apart.
pub fn is_boilerplate(a: &Article, offset: usize) -> bool {
    a.layout
        .segments
        .iter()
        .any(|s| s.kind == SegmentKind::Boilerplate && s.span.contains(&offset))
}

/// One input analysed or kept: the article, its facts, what is prepared for updates, whether
/// it was analysed afresh, and its cached matches or country hits.
type Analysed = (
    Article,
    ArticleFacts,
    Prepared,
    bool,
    (Option<ArticleMatches>, Option<CountryHits>),
);

/// The fingerprints of lines that occur in three or more articles (site chrome), from the
/// fresh inputs' `fingerprints` and the kept ones' in `prior`.
fn repeated_lines(
    prior: Option<&KnowledgeBase>,
    inputs: &[Input],
    fingerprints: &[Option<Vec<u64>>],
) -> HashSet<u64> {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut kept;
    for (i, f) in inputs.iter().zip(fingerprints) {
        let set = match (i, f) {
            (_, Some(f)) => f,
            (Input::Keep(k, _), None) => {
                kept = prior.expect("kept from a prior").prepared.owned(*k);
                &kept.fingerprints
            }
            (Input::Fresh(..), None) => continue,
        };
        for f in set {
            *seen.entry(*f).or_default() += 1;
        }
    }
    seen.into_iter()
        .filter(|(_, c)| *c >= 3)
        .map(|(f, _)| f)
        .collect()
}

/// Lays out and extracts every fresh input and every kept one whose chrome lines changed; the
/// other kept ones are taken from `prior` as they were.
fn analyse_inputs(
    prior: Option<&KnowledgeBase>,
    inputs: Vec<Input>,
    fingerprints: Vec<Option<Vec<u64>>>,
    root: &Path,
    repeated: &HashSet<u64>,
    gaz: &Gazetteer,
    countries: &Matcher,
) -> Vec<Analysed> {
    inputs
        .into_par_iter()
        .zip(fingerprints)
        .map(|(input, fp)| match input {
            Input::Keep(k, key) => {
                let kb = prior.expect("kept from a prior");
                // taken without keeping them decoded in `prior` (which is dropped after)
                let old = kb.prepared.owned(k);
                let chrome = chrome_hash(&old.fingerprints, repeated);
                let art = kb.articles.owned(k);
                if chrome == old.chrome {
                    let prep = Prepared { key, ..old };
                    let matches = (k < kb.matches.len()).then(|| kb.matches.owned(k));
                    (art, kb.facts.owned(k), prep, false, (matches, None))
                } else {
                    let fp = old.fingerprints;
                    let (a, f, p, hits) =
                        analyse(art.path, art.text, key, fp, root, repeated, gaz, countries);
                    (a, f, p, true, (None, Some(hits)))
                }
            }
            Input::Fresh(path, text, key) => {
                let fp = fp.unwrap_or_default();
                let (a, f, p, hits) = analyse(path, text, key, fp, root, repeated, gaz, countries);
                (a, f, p, true, (None, Some(hits)))
            }
        })
        .collect()
}

/// The lower-case word counts: `prior`'s, less the articles that left and plus those that
/// came (all but the `carried` paths); counted per article, so a change adjusts the counts.
fn lower_case_counts(
    prior: Option<&KnowledgeBase>,
    articles: &[Article],
    carried: &[PathBuf],
) -> HashMap<u64, u32> {
    // lower-case words: counted per article, so a change adjusts the counts
    let mut common = prior.map(|kb| kb.lower_case.clone()).unwrap_or_default();
    let (gone, fresh): (Vec<Article>, Vec<&Article>) = {
        let carried: HashSet<&Path> = carried.iter().map(|p| p.as_path()).collect();
        let gone = prior
            .map(|kb| {
                (0..kb.heads.len())
                    .filter(|&i| !carried.contains(kb.heads[i].path.as_path()))
                    .map(|i| kb.articles.owned(i))
                    .collect()
            })
            .unwrap_or_default();
        let fresh = articles
            .iter()
            .filter(|a| !carried.contains(a.path.as_path()))
            .collect();
        (gone, fresh)
    };
    let minus: Vec<FxHashSet<u64>> = gone.par_iter().map(lower_case_words).collect();
    let plus: Vec<FxHashSet<u64>> = fresh.par_iter().map(|a| lower_case_words(a)).collect();
    for w in minus.iter().flatten() {
        if let Some(c) = common.get_mut(w) {
            *c = c.saturating_sub(1);
            if *c == 0 {
                common.remove(w);
            }
        }
    }
    for w in plus.iter().flatten() {
        *common.entry(*w).or_default() += 1;
    }
    common
}

/// Helpers shared by the tests of the submodules.
#[cfg(test)]
mod test_support {
    use super::*;

    pub(super) fn entity<'a>(kb: &'a KnowledgeBase, name: &str) -> &'a Entity {
        kb.entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| {
                panic!(
                    "no {name}: {:?}",
                    kb.entities.iter().map(|e| &e.name).collect::<Vec<_>>()
                )
            })
    }

    pub(super) fn mention_texts(kb: &KnowledgeBase, e: &Entity) -> Vec<String> {
        e.mentions
            .iter()
            .map(|&m| kb.mention_text(&kb.mentions[m]).to_string())
            .collect()
    }

    pub(super) fn paths_in(dir: &[&Path]) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = dir
            .iter()
            .flat_map(|d| std::fs::read_dir(d).unwrap())
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v
    }
}
