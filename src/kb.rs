//! The knowledge base of a corpus: articles, entities with all their spellings, every mention
//! (byte spans), dates and signing events. Built in stages: read and lay out articles, extract
//! candidates per article (in parallel), link candidates into entities, match every known
//! spelling over every article body, resolve short references, then find events.

use crate::corpus::{self, Article, ReadOutcome};
use crate::events::{self, Event};
use crate::extract::{self, ArticleFacts, Candidate};
use crate::gazetteer::Gazetteer;
use crate::layout::{self, SegmentKind};
use crate::text::{Folded, LineIndex, compact_key, fold, loose_key, phonetic_key, similarity};
#[cfg(test)]
use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Country,
    Place,
    Organization,
    Person,
    Agreement,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Place => "place",
            EntityKind::Organization => "organization",
            EntityKind::Person => "person",
            EntityKind::Agreement => "agreement",
        }
    }
}

/// One thing the corpus talks about.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    /// Stable id: kind and a slug of the canonical name (`country:laos`).
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    /// Every spelling seen or known, the canonical name excluded.
    pub aliases: BTreeSet<String>,
    /// ISO 3166-1 alpha-2, alpha-3, numeric for countries.
    pub iso: Option<[String; 3]>,
    /// The country a body, place or person belongs to (entity index).
    pub country: Option<usize>,
    /// Titles and offices seen with a person.
    pub roles: BTreeSet<String>,
    /// Indices into `KnowledgeBase::mentions`, in corpus order.
    pub mentions: Vec<usize>,
    /// From the built-in lists rather than learned from the corpus.
    pub builtin: bool,
    /// The built-in entry (gazetteer index), when there is one.
    pub gaz: Option<usize>,
}

/// A place in an article's body where an entity is named.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mention {
    pub article: usize,
    pub span: Range<usize>,
    pub entity: usize,
}

#[derive(Default)]
pub struct KnowledgeBase {
    pub articles: Vec<Article>,
    pub facts: Vec<ArticleFacts>,
    /// Per article: what is kept between builds (see [`Prepared`]).
    pub prepared: Vec<Prepared>,
    /// Per article: what the spelling matcher found, kept so that an update matches again only
    /// the articles a changed spelling can concern.
    pub matches: Vec<ArticleMatches>,
    /// The spellings those matches were made with: hash of the folded spelling → (hash of its
    /// first word, case-strict).
    pub spelling_keys: HashMap<u64, (u64, bool)>,
    /// Words the corpus writes in lower case (hashes of folded forms) and how many articles
    /// write each.
    pub lower_case: HashMap<u64, u32>,
    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,
    pub events: Vec<Event>,
    /// Mentions of each article, sorted by span.
    pub by_article: Vec<Vec<usize>>,
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
}

/// Every known spelling of the mentioned entities, for finding near misses in notes.
#[derive(Default)]
pub struct Spellings {
    /// Folded spellings.
    pub all: HashSet<String>,
    /// By number of words: (length in characters, folded, entity, spelling as written), by
    /// length.
    pub by_words: HashMap<usize, Vec<(usize, String, usize, String)>>,
    /// Longer parts of people's names: (length in characters, folded, person), by length.
    pub person_parts: Vec<(usize, String, usize)>,
}

/// What one article contributes before linking, kept per article (also in the persistent
/// index) so that a changed corpus analyses again only the articles that changed.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Prepared {
    pub key: corpus::FileKey,
    /// Fingerprints of its lines, sorted and deduplicated (site chrome is what many articles
    /// share).
    pub fingerprints: Vec<u64>,
    /// Hash of those fingerprints that were site chrome when the article was laid out: when it
    /// differs, the layout and extraction are redone.
    pub chrome: u64,
    /// The country the article is mostly about (gazetteer index).
    pub dominant: Option<usize>,
}

/// What the spelling matcher found in one article's content (see `KnowledgeBase::matches`).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ArticleMatches {
    /// Spans of entity spellings, each with the hash of the folded spelling it matched.
    pub hits: Vec<(Range<usize>, u64)>,
    /// Spans of country names (built-in, so they never change) with the gazetteer entry.
    pub countries: Vec<(Range<usize>, usize)>,
    /// A Bloom filter of the folded first words of the article's capitalised words: a new or
    /// dropped spelling whose first word is not in it cannot change the article's matches.
    pub words: Vec<u64>,
}

const BLOOM_WORDS: usize = 32;

fn bloom_bits(h: u64) -> [(usize, u64); 2] {
    let a = (h as usize) % (BLOOM_WORDS * 64);
    let b = ((h >> 32) as usize) % (BLOOM_WORDS * 64);
    [(a / 64, 1 << (a % 64)), (b / 64, 1 << (b % 64))]
}

impl ArticleMatches {
    fn may_contain(&self, word: u64) -> bool {
        self.words.len() == BLOOM_WORDS
            && bloom_bits(word)
                .iter()
                .all(|(i, bit)| self.words[*i] & bit != 0)
    }
}

/// The work one build or update did, counted: tests prove with these that a change to one
/// article is read and analysed alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Work {
    /// Article files read from disk.
    pub read: usize,
    /// Articles laid out and extracted (new, changed, or whose site chrome changed).
    pub extracted: usize,
    /// Articles whose earlier analysis was kept.
    pub reused: usize,
    /// Articles of the earlier knowledge base that are gone.
    pub dropped: usize,
    /// Whether entities, mentions and events were linked again.
    pub linked: bool,
    /// Articles whose spellings were matched again (new, changed, or holding a first word of a
    /// spelling that appeared or went).
    pub matched: usize,
}

/// The result of [`KnowledgeBase::update`].
pub struct Update {
    /// The new knowledge base; None when nothing changed since the earlier one.
    pub kb: Option<KnowledgeBase>,
    pub work: Work,
    /// Files skipped or decoded with replacements.
    pub warnings: Vec<String>,
}

/// An article for the next build: kept from the earlier one, or new text.
enum Input {
    /// Index into the earlier knowledge base, and the file's current key.
    Keep(usize, corpus::FileKey),
    Fresh(PathBuf, String, corpus::FileKey),
}

impl Spellings {
    /// The entries of `sorted` (by `len`) whose length is within `d` of `n`.
    pub fn within<T>(sorted: &[T], len: impl Fn(&T) -> usize, n: usize, d: usize) -> &[T] {
        let lo = sorted.partition_point(|x| len(x) + d < n);
        let hi = sorted.partition_point(|x| len(x) <= n + d);
        &sorted[lo..hi.max(lo)]
    }
}

impl KnowledgeBase {
    /// Builds the knowledge base of the given article files. `root` is used to shorten paths.
    pub fn build(files: &[PathBuf], root: &Path, max_size: u64) -> KnowledgeBase {
        let up = Self::update(None, files, root, max_size, None, &|_, _| {});
        let mut kb = up.kb.unwrap_or_default();
        kb.warnings = up.warnings;
        kb
    }

    /// Builds the knowledge base of `files`, keeping from `prior` what still holds: a file whose
    /// size and modification time match (and that is not in `changed`) is not read; a file read
    /// again whose text is the same is not analysed again; articles are laid out and extracted
    /// again only when new, changed, or when the lines they share with other articles changed.
    /// Linking then runs over all articles. `progress(done, total)` is called as files are
    /// checked, from several threads.
    pub fn update(
        prior: Option<&KnowledgeBase>,
        files: &[PathBuf],
        root: &Path,
        max_size: u64,
        changed: Option<&HashSet<PathBuf>>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Update {
        let known: HashMap<&Path, usize> = prior
            .map(|kb| {
                kb.articles
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.path.as_path(), i))
                    .collect()
            })
            .unwrap_or_default();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let checked: Vec<(Option<Input>, Option<String>, bool)> = files
            .par_iter()
            .map(|p| {
                let st = corpus::stat(p);
                let old =
                    prior.and_then(|kb| known.get(p.as_path()).map(|&i| (i, &kb.prepared[i].key)));
                let forced = changed.is_some_and(|c| c.contains(p));
                let out = match (old, st) {
                    (Some((i, key)), Some(st))
                        if key.same_stat(st) && st.0 <= max_size && !forced =>
                    {
                        (Some(Input::Keep(i, key.clone())), None, false)
                    }
                    _ => match corpus::read_article_text(p, max_size) {
                        ReadOutcome::Ok { text, warning } => {
                            let key = corpus::FileKey::new(
                                st.unwrap_or((text.len() as u64, None)),
                                &text,
                            );
                            let input = match old {
                                Some((i, k)) if k.hash == key.hash => Input::Keep(i, key),
                                _ => Input::Fresh(p.clone(), text, key),
                            };
                            (Some(input), warning, true)
                        }
                        ReadOutcome::Skipped(w) => (None, Some(w), true),
                    },
                };
                progress(
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                    files.len(),
                );
                out
            })
            .collect();
        let mut work = Work::default();
        let mut warnings = Vec::new();
        let mut inputs = Vec::new();
        for (input, warning, read) in checked {
            work.read += usize::from(read);
            warnings.extend(warning);
            inputs.extend(input);
        }
        let still_there = files
            .iter()
            .filter(|f| known.contains_key(f.as_path()))
            .count();
        work.dropped = known.len() - still_there;
        // the same articles with the same texts: nothing changed, or only some files were
        // touched and the analysis holds with their new keys (no linking again)
        if let Some(kb) = prior
            && inputs.len() == kb.articles.len()
            && inputs
                .iter()
                .enumerate()
                .all(|(n, i)| matches!(i, Input::Keep(k, _) if *k == n))
        {
            work.reused = inputs.len();
            let keys: Vec<corpus::FileKey> = inputs
                .into_iter()
                .map(|i| match i {
                    Input::Keep(_, key) | Input::Fresh(_, _, key) => key,
                })
                .collect();
            let touched = keys.iter().zip(&kb.prepared).any(|(k, p)| *k != p.key);
            return Update {
                kb: touched.then(|| kb.with_keys(keys.into_iter())),
                work,
                warnings,
            };
        }
        let kb = Self::assemble(prior, inputs, root, Gazetteer::builtin(), &mut work);
        Update {
            kb: Some(kb),
            work,
            warnings,
        }
    }

    /// A copy of this knowledge base whose articles have new file keys.
    fn with_keys(&self, keys: impl Iterator<Item = corpus::FileKey>) -> KnowledgeBase {
        let matcher = self.matcher.as_ref().map(|m| {
            let (patterns, pats) = m.parts();
            Matcher::from_parts(patterns.to_vec(), pats.to_vec())
        });
        KnowledgeBase {
            articles: self.articles.clone(),
            facts: self.facts.clone(),
            prepared: self
                .prepared
                .iter()
                .zip(keys)
                .map(|(p, key)| Prepared { key, ..p.clone() })
                .collect(),
            matches: self.matches.clone(),
            spelling_keys: self.spelling_keys.clone(),
            lower_case: self.lower_case.clone(),
            entities: self.entities.clone(),
            mentions: self.mentions.clone(),
            events: self.events.clone(),
            by_article: self.by_article.clone(),
            warnings: self.warnings.clone(),
            matcher,
            ..Default::default()
        }
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
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for (i, f) in inputs.iter().zip(&fingerprints) {
            let set = match (i, f) {
                (_, Some(f)) => f,
                (Input::Keep(k, _), None) => {
                    &prior.expect("kept from a prior").prepared[*k].fingerprints
                }
                (Input::Fresh(..), None) => continue,
            };
            for f in set {
                *seen.entry(*f).or_default() += 1;
            }
        }
        let repeated: HashSet<u64> = seen
            .into_iter()
            .filter(|(_, c)| *c >= 3)
            .map(|(f, _)| f)
            .collect();
        timer.mark("repeated lines");
        let countries = Matcher::countries(gaz);
        #[allow(clippy::type_complexity)]
        let analysed: Vec<(
            Article,
            ArticleFacts,
            Prepared,
            bool,
            Option<ArticleMatches>,
        )> = inputs
            .into_par_iter()
            .zip(fingerprints)
            .map(|(input, fp)| match input {
                Input::Keep(k, key) => {
                    let kb = prior.expect("kept from a prior");
                    let old = &kb.prepared[k];
                    let chrome = chrome_hash(&old.fingerprints, &repeated);
                    let art = &kb.articles[k];
                    if chrome == old.chrome {
                        let prep = Prepared { key, ..old.clone() };
                        let matches = kb.matches.get(k).cloned();
                        (art.clone(), kb.facts[k].clone(), prep, false, matches)
                    } else {
                        let fp = old.fingerprints.clone();
                        let (a, f, p) = analyse(
                            art.path.clone(),
                            art.text.clone(),
                            key,
                            fp,
                            root,
                            &repeated,
                            gaz,
                            &countries,
                        );
                        (a, f, p, true, None)
                    }
                }
                Input::Fresh(path, text, key) => {
                    let fp = fp.unwrap_or_default();
                    let (a, f, p) = analyse(path, text, key, fp, root, &repeated, gaz, &countries);
                    (a, f, p, true, None)
                }
            })
            .collect();
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
        // lower-case words: counted per article, so a change adjusts the counts
        let mut common = prior.map(|kb| kb.lower_case.clone()).unwrap_or_default();
        let (gone, fresh): (Vec<&Article>, Vec<&Article>) = {
            let carried: HashSet<&Path> = carried.iter().map(|p| p.as_path()).collect();
            let gone = prior
                .map(|kb| {
                    kb.articles
                        .iter()
                        .filter(|a| !carried.contains(a.path.as_path()))
                        .collect()
                })
                .unwrap_or_default();
            let fresh = articles
                .iter()
                .filter(|a| !carried.contains(a.path.as_path()))
                .collect();
            (gone, fresh)
        };
        let minus: Vec<HashSet<u64>> = gone.par_iter().map(|a| lower_case_words(a)).collect();
        let plus: Vec<HashSet<u64>> = fresh.par_iter().map(|a| lower_case_words(a)).collect();
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
        let dominant: Vec<Option<usize>> = prepared.iter().map(|p| p.dominant).collect();
        timer.mark("common words");
        let mut linker = Linker::new(gaz, &common);
        linker.link(&articles, &facts, &dominant);
        timer.mark("linking");
        let old_spellings = prior.map(|kb| &kb.spelling_keys);
        let mut kb = linker.finish(
            articles,
            facts,
            &dominant,
            &countries,
            cached,
            old_spellings,
            work,
        );
        kb.prepared = prepared;
        kb.lower_case = common;
        timer.mark("matching mentions");
        kb.events = events::find_events(&kb);
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
            self.articles
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
            self.articles
                .par_iter()
                .map(|a| {
                    let title = a.layout.title.as_ref().map(|t| &a.text[t.clone()]);
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
                .articles
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

    /// See `spellings`.
    pub fn spellings(&self) -> &Spellings {
        self.spellings.get_or_init(|| {
            let mut sp = Spellings::default();
            for (i, folded) in self.folded_names() {
                let e = &self.entities[*i];
                for (f, s) in folded
                    .iter()
                    .zip(std::iter::once(&e.name).chain(&e.aliases))
                {
                    sp.all.insert(f.clone());
                    sp.by_words
                        .entry(f.split_whitespace().count())
                        .or_default()
                        .push((f.chars().count(), f.clone(), *i, s.clone()));
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

    /// The text of a mention.
    pub fn mention_text(&self, m: &Mention) -> &str {
        &self.articles[m.article].text[m.span.clone()]
    }

    /// Mentions in article `a` that lie within `range`.
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
            eprintln!(
                "dossier timing: {phase}: {:.2} s",
                (now - self.last.get()).as_secs_f64()
            );
            self.last.set(now);
        }
    }
}

/// The fingerprints of a text's lines, sorted and deduplicated.
fn line_fingerprints(text: &str) -> Vec<u64> {
    let mut v: Vec<u64> = text.lines().filter_map(layout::line_fingerprint).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// A hash of those of `fingerprints` that are site chrome.
fn chrome_hash(fingerprints: &[u64], repeated: &HashSet<u64>) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for f in fingerprints.iter().filter(|f| repeated.contains(f)) {
        h.update(&f.to_le_bytes());
    }
    h.digest()
}

/// The words an article's content writes in lower case (hashes of their folded forms): a
/// "name" made only of words the corpus writes in lower case is not a name.
fn lower_case_words(a: &Article) -> HashSet<u64> {
    let mut words = HashSet::new();
    for seg in a.layout.content() {
        for w in a.text[seg.span.clone()].split(|c: char| !c.is_alphanumeric() && c != '-') {
            if w.starts_with(|c: char| c.is_lowercase()) {
                words.insert(word_hash(w));
            }
        }
    }
    words
}

fn word_hash(w: &str) -> u64 {
    if w.is_ascii() {
        xxhash_rust::xxh3::xxh3_64(w.as_bytes())
    } else {
        xxhash_rust::xxh3::xxh3_64(fold(w).as_bytes())
    }
}

/// Lays out and extracts one article.
#[allow(clippy::too_many_arguments)]
fn analyse(
    path: PathBuf,
    text: String,
    key: corpus::FileKey,
    fingerprints: Vec<u64>,
    root: &Path,
    repeated: &HashSet<u64>,
    gaz: &Gazetteer,
    countries: &Matcher,
) -> (Article, ArticleFacts, Prepared) {
    let chrome = chrome_hash(&fingerprints, repeated);
    let a = Article {
        id: corpus::article_id(&path),
        display_path: corpus::display_path(&path, root),
        lines: LineIndex::new(&text),
        layout: layout::analyze(&text, repeated),
        path,
        text,
    };
    let content: Vec<Range<usize>> = a.layout.content().map(|s| s.span.clone()).collect();
    let facts = extract::extract_article(&a.text, &content, a.layout.published, gaz);
    let dominant = dominant_country(&a, countries);
    let prep = Prepared {
        key,
        fingerprints,
        chrome,
        dominant,
    };
    (a, facts, prep)
}

fn dominant_country(a: &Article, countries: &Matcher) -> Option<usize> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for seg in a.layout.content() {
        for (_, targets) in countries.find(&a.text, seg.span.clone()) {
            *counts.entry(targets[0]).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(g, c)| (*c, std::cmp::Reverse(*g)))
        .map(|(g, _)| g)
}

/// Finds known spellings in text: folded, whole words, capitalised as names are.
pub struct Matcher {
    engine: Engine,
    /// The folded patterns, kept so the matcher can be stored and built again.
    patterns: Vec<String>,
    /// Per pattern: targets, and whether the original must have no lower-case letters.
    pats: Vec<(Vec<usize>, bool)>,
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
        /// Folded pattern → its index.
        by_text: HashMap<String, usize>,
        /// The first words of the patterns (up to the first character that is not a letter or
        /// digit), each with the length in bytes of the longest pattern it begins: a word start
        /// whose word is not among them cannot begin a match.
        first_words: HashMap<String, usize>,
    },
}

/// The hash a folded spelling or word is known by in the match caches.
fn word_key(s: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

/// The first word of a folded pattern: up to its first character that is not alphanumeric.
fn first_word(p: &str) -> &str {
    &p[..p.find(|c: char| !c.is_alphanumeric()).unwrap_or(p.len())]
}

/// Groups spellings by folded form: the patterns, and per pattern its targets and whether it is
/// case-strict (every spelling behind it is written without lower-case letters).
#[allow(clippy::type_complexity)]
fn group_forms(
    forms: impl IntoIterator<Item = (String, usize)>,
) -> (Vec<String>, Vec<(Vec<usize>, bool)>) {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut patterns = Vec::new();
    let mut pats: Vec<(Vec<usize>, bool)> = Vec::new();
    for (form, target) in forms {
        let f = fold(&form);
        if f.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            continue;
        }
        let exact = !form.chars().any(char::is_lowercase);
        let i = *index.entry(f.clone()).or_insert_with(|| {
            patterns.push(f);
            pats.push((Vec::new(), exact));
            pats.len() - 1
        });
        if !pats[i].0.contains(&target) {
            pats[i].0.push(target);
        }
        pats[i].1 &= exact;
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

    /// A matcher of folded `patterns`, each with its targets and case-strictness.
    pub(crate) fn from_parts(patterns: Vec<String>, pats: Vec<(Vec<usize>, bool)>) -> Matcher {
        let by_text = patterns
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), i))
            .collect();
        let mut first_words: HashMap<String, usize> = HashMap::new();
        for p in &patterns {
            let longest = first_words.entry(first_word(p).to_string()).or_default();
            *longest = (*longest).max(p.len());
        }
        Matcher {
            engine: Engine::Lookup {
                by_text,
                first_words,
            },
            patterns,
            pats,
        }
    }

    /// Per pattern: hash of its folded text → (hash of its first word, case-strict).
    fn spelling_keys(&self) -> HashMap<u64, (u64, bool)> {
        self.patterns
            .iter()
            .zip(&self.pats)
            .map(|(p, (_, exact))| (word_key(p), (word_key(first_word(p)), *exact)))
            .collect()
    }

    /// The folded patterns and, per pattern, its targets and case-strictness.
    pub(crate) fn parts(&self) -> (&[String], &[(Vec<usize>, bool)]) {
        (&self.patterns, &self.pats)
    }

    fn countries(gaz: &Gazetteer) -> Matcher {
        Matcher::new(
            gaz.entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == EntityKind::Country)
                .flat_map(|(i, e)| e.forms().map(move |f| (f.clone(), i))),
        )
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
    fn scan(
        &self,
        text: &str,
        range: Range<usize>,
        folded: &Folded,
        word: &mut dyn FnMut(&str),
    ) -> Vec<(Range<usize>, usize)> {
        let orig = &text[range.clone()];
        let ft = folded.text.as_str();
        // a match as names are written: capitalised (or a number), acronyms in capitals
        let accept = |start: usize, end: usize, p: usize| {
            let r = folded.original_range(start, end);
            let surface = &orig[r.clone()];
            let exact = self.pats[p].1;
            let ok = surface
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                && !(exact && surface.chars().any(char::is_lowercase));
            ok.then(|| (r.start + range.start..r.end + range.start, p))
        };
        let mut out = Vec::new();
        match &self.engine {
            #[cfg(test)]
            Engine::Automaton(None) => {}
            #[cfg(test)]
            Engine::Automaton(Some(ac)) => {
                for m in ac.find_iter(ft) {
                    let before_ok = m.start() == 0 || !is_word_byte(ft, m.start(), true);
                    let after_ok = m.end() >= ft.len() || !is_word_byte(ft, m.end(), false);
                    if before_ok && after_ok {
                        out.extend(accept(m.start(), m.end(), m.pattern().as_usize()));
                    }
                }
            }
            Engine::Lookup {
                by_text,
                first_words,
            } => {
                let chars: Vec<(usize, char)> = ft.char_indices().collect();
                let at = |k: usize| chars.get(k).map_or(ft.len(), |c| c.0);
                let alnum = |k: usize| chars.get(k).is_some_and(|c| c.1.is_alphanumeric());
                let mut ends: Vec<usize> = Vec::new();
                let mut k = 0;
                while k < chars.len() {
                    let start = chars[k].0;
                    if chars[k].1.is_whitespace() || (k > 0 && alnum(k - 1)) {
                        k += 1;
                        continue;
                    }
                    // a name starts with a capital or a digit as written
                    let o = folded.original_range(start, at(k + 1)).start;
                    if !orig[o..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                    {
                        k += 1;
                        continue;
                    }
                    let mut w = k;
                    while alnum(w) {
                        w += 1;
                    }
                    word(&ft[start..at(w)]);
                    let Some(&longest) = first_words.get(&ft[start..at(w)]) else {
                        k += 1;
                        continue;
                    };
                    // every word end within the longest pattern, longest first
                    ends.clear();
                    let mut m = k + 1;
                    while m <= chars.len() && at(m) - start <= longest {
                        if !alnum(m) && !chars[m - 1].1.is_whitespace() {
                            ends.push(m);
                        }
                        m += 1;
                    }
                    let hit = ends.iter().rev().find_map(|&m| {
                        let p = *by_text.get(&ft[start..at(m)])?;
                        accept(start, at(m), p).map(|found| (m, found))
                    });
                    match hit {
                        Some((m, found)) => {
                            out.push(found);
                            k = m;
                        }
                        None => k += 1,
                    }
                }
            }
        }
        out
    }
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
}

struct Linker<'g> {
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
}

impl<'g> Linker<'g> {
    fn new(gaz: &'g Gazetteer, common: &'g HashMap<u64, u32>) -> Self {
        Linker {
            common,
            gaz,
            protos: Vec::new(),
            parent: Vec::new(),
            by_gaz: HashMap::new(),
            by_key: HashMap::new(),
            by_acronym: HashMap::new(),
            resolved: Vec::new(),
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
            EntityKind::Organization => &[EntityKind::Organization],
            EntityKind::Place => &[EntityKind::Place, EntityKind::Country],
            EntityKind::Agreement | EntityKind::Person => &[],
            EntityKind::Country => &[EntityKind::Country],
        };
        for name in [c.name.as_str(), surface] {
            for &g in self.gaz.lookup_loose(name) {
                if kinds.contains(&self.gaz.entries[g].kind) {
                    return Some(g);
                }
            }
        }
        None
    }

    fn key(&self, c: &Candidate, dominant: Option<usize>) -> String {
        match c.kind {
            EntityKind::Person => compact_key(&c.name),
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
                let mut k = loose_key(&c.name);
                if c.national
                    && let Some(country) = c.country.or(dominant)
                {
                    k.push('@');
                    k.push_str(&self.gaz.entries[country].name);
                }
                k
            }
        }
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

    fn link(&mut self, articles: &[Article], facts: &[ArticleFacts], dominant: &[Option<usize>]) {
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
        // names of places, so that a body named after one (`Quảng Trị People’s Court`) is
        // known as a local body, not a state's
        let mut place_names: HashSet<String> = HashSet::new();
        for f in facts {
            for c in f.candidates.iter().filter(|c| c.kind == EntityKind::Place) {
                place_names.insert(fold(&c.name));
                if let Some((bare, _)) = c.name.rsplit_once(' ') {
                    place_names.insert(fold(bare));
                }
            }
        }
        // acronyms some article defines as a term (`antimicrobial resistance (AMR)`)
        let terms: HashSet<&str> = facts
            .iter()
            .flat_map(|f| f.term_acronyms.iter().map(|(a, _)| a.as_str()))
            .collect();
        let local_body = |name: &str| {
            let f = fold(name);
            let words: Vec<&str> = f.split_whitespace().collect();
            (0..words.len()).any(|i| {
                (i + 1..=words.len().min(i + 4))
                    .any(|j| place_names.contains(&words[i..j].join(" ")))
            })
        };
        for (a, i) in order {
            let mut c = &facts[a].candidates[i];
            if c.short_ref {
                continue;
            }
            let bare_acronym = c.kind == EntityKind::Organization
                && c.acronym.is_none()
                && !c.name.chars().any(char::is_lowercase);
            if bare_acronym && terms.contains(c.name.as_str()) {
                continue;
            }
            if (matches!(c.kind, EntityKind::Person | EntityKind::Place) || bare_acronym)
                && self.all_common(&c.name)
            {
                continue;
            }
            let local;
            if c.national && local_body(&c.name) {
                local = Candidate {
                    national: false,
                    ..c.clone()
                };
                c = &local;
            }
            let text = &articles[a].text;
            let surface = text[c.span.clone()].to_string();
            let p = if let Some(g) = self.gaz_for(c, text) {
                self.gaz_proto(g)
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
            *pr.forms.entry(c.name.clone()).or_default() += 1;
            *pr.forms.entry(surface.clone()).or_default() += 0;
            pr.national |= c.national;
            if pr.country.is_none() {
                pr.country = c.country.or(if c.national { dominant[a] } else { None });
            }
            if let Some(r) = &c.role {
                pr.roles.insert(r.clone());
            }
            let multiword = |s: &str| s.split_whitespace().count() >= 2;
            if c.kind != EntityKind::Person || multiword(&c.name) {
                pr.matchable.insert(surface.clone());
                pr.matchable.insert(c.name.clone());
            }
            if let Some(bare) = bare_place {
                pr.matchable.insert(bare.clone());
                *pr.forms.entry(bare).or_default() += 0;
            }
            if let Some(acr) = &c.acronym {
                pr.acronyms.insert(acr.clone());
                pr.matchable.insert(acr.clone());
                match self.by_acronym.get(acr).copied() {
                    Some(q) => self.union(p, q),
                    None => {
                        self.by_acronym.insert(acr.clone(), p);
                    }
                }
            }
            self.resolved[a][i] = Some(p);
        }
        self.merge_transliterations();
    }

    /// People whose names differ by transliteration: same number of name parts, the same given
    /// name (first part), and a last part with the same phonetic key or very similar spelling.
    fn merge_transliterations(&mut self) {
        let people: Vec<(usize, Vec<String>)> = (0..self.protos.len())
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
            .collect();
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
        for (a, b) in merges {
            self.union(a, b);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn finish(
        mut self,
        articles: Vec<Article>,
        facts: Vec<ArticleFacts>,
        dominant: &[Option<usize>],
        countries: &Matcher,
        cached: Vec<Option<ArticleMatches>>,
        old_spellings: Option<&HashMap<u64, (u64, bool)>>,
        work: &mut Work,
    ) -> KnowledgeBase {
        // every spelling of every entity, and every built-in entry, for matching
        let mut forms: Vec<(String, usize)> = Vec::new();
        for g in 0..self.gaz.entries.len() {
            if !self.by_gaz.contains_key(&g) {
                let e = &self.gaz.entries[g];
                forms.extend(e.forms().map(|f| (f.clone(), usize::MAX - g)));
            }
        }
        for p in 0..self.protos.len() {
            if self.find(p) == p {
                for f in &self.protos[p].matchable {
                    if !self.gaz.is_not_entity(f) {
                        forms.push((f.clone(), p));
                    }
                }
            }
        }
        let matcher = Matcher::new(forms);
        let spelling_keys = matcher.spelling_keys();
        let pattern_keys: Vec<u64> = matcher.patterns.iter().map(|p| word_key(p)).collect();
        let by_key: HashMap<u64, usize> = pattern_keys
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, i))
            .collect();
        // first words of the spellings that appeared, went, or changed their case rule since the
        // cached matches were made: an article holding none of them keeps its matches
        let changed: Vec<u64> = old_spellings.map_or_else(Vec::new, |old| {
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
        });
        let match_article = |art: &Article| -> ArticleMatches {
            let mut words = vec![0u64; BLOOM_WORDS];
            let mut hits = Vec::new();
            let mut in_names = Vec::new();
            for seg in art.layout.content() {
                let folded = Folded::new(&art.text[seg.span.clone()]);
                let mut note_word = |w: &str| {
                    for (i, bit) in bloom_bits(word_key(w)) {
                        words[i] |= bit;
                    }
                };
                for (span, p) in matcher.scan(&art.text, seg.span.clone(), &folded, &mut note_word)
                {
                    hits.push((span, pattern_keys[p]));
                }
                for (span, targets) in countries.find_folded(&art.text, seg.span.clone(), &folded) {
                    in_names.push((span, targets[0]));
                }
            }
            ArticleMatches {
                hits,
                countries: in_names,
                words,
            }
        };

        // mentions per article: candidates first, then matches elsewhere
        struct Found {
            span: Range<usize>,
            target: Target,
        }
        enum Target {
            Proto(usize),
            Gaz(usize),
            Short(usize),
        }
        let timer = PhaseTimer::new();
        let matched: Vec<(Vec<Found>, ArticleMatches, bool)> = articles
            .par_iter()
            .zip(cached.into_par_iter())
            .enumerate()
            .map(|(a, (art, cache))| {
                let mut found: Vec<Found> = Vec::new();
                for (i, c) in facts[a].candidates.iter().enumerate() {
                    let target = match (c.short_ref, self.resolved[a][i]) {
                        (true, _) => Target::Short(i),
                        (false, Some(p)) => Target::Proto(p),
                        (false, None) => continue,
                    };
                    // a place inside a body's name stands beside it (`... of Savannakhet Province`)
                    let nested_place = c.kind == EntityKind::Place
                        && found.iter().all(|f| {
                            !overlaps(&f.span, &c.span)
                                || (f.span.start <= c.span.start && c.span.end <= f.span.end)
                        });
                    if found.iter().any(|f| overlaps(&f.span, &c.span)) && !nested_place {
                        continue;
                    }
                    found.push(Found {
                        span: c.span.clone(),
                        target,
                    });
                }
                let (am, rematched) = match cache {
                    Some(c) if !changed.iter().any(|w| c.may_contain(*w)) => (c, false),
                    _ => (match_article(art), true),
                };
                let mut extra = Vec::new();
                let taken = SpanIndex::new(found.iter().map(|f| f.span.clone()));
                for (span, key) in &am.hits {
                    if taken.overlaps(span) {
                        continue;
                    }
                    let Some(&p) = by_key.get(key) else {
                        continue;
                    };
                    let Some(t) = pick_target(&matcher.pats[p].0, &self.protos, dominant[a]) else {
                        continue;
                    };
                    extra.push(Found {
                        span: span.clone(),
                        target: if t >= usize::MAX / 2 {
                            Target::Gaz(usize::MAX - t)
                        } else {
                            Target::Proto(t)
                        },
                    });
                }
                // countries named inside the names of bodies and agreements
                for (span, g) in &am.countries {
                    let inside = taken.maybe_contains(span)
                        && found.iter().any(|f| {
                            f.span.start <= span.start && span.end <= f.span.end && f.span != *span
                        });
                    if inside && !extra.iter().any(|f: &Found| overlaps(&f.span, span)) {
                        extra.push(Found {
                            span: span.clone(),
                            target: Target::Gaz(*g),
                        });
                    }
                }
                found.extend(extra);
                found.sort_by_key(|f| (f.span.start, f.span.end));
                (found, am, rematched)
            })
            .collect();
        let mut per_article = Vec::with_capacity(matched.len());
        let mut article_matches = Vec::with_capacity(matched.len());
        for (found, am, rematched) in matched {
            per_article.push(found);
            article_matches.push(am);
            work.matched += usize::from(rematched);
        }
        timer.mark("  matching: per article");
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

        // short references: a single name after a title, resolved to a person of the same
        // article whose name has that part, else a unique person of the corpus, else its own
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
        timer.mark("  matching: built-in entries");
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
        // name parts of each person, and the people each article names in full
        let mut parts_of: HashMap<usize, HashSet<String>> = HashMap::new();
        let mut people_in: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); articles.len()];
        for (a, _, p) in &mentions_p {
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
        for (a, span, i) in shorts {
            let c = &facts[a].candidates[i];
            let part = fold(&c.name);
            if self.all_common(&c.name) {
                continue;
            }
            let mut hits: Vec<usize> = people_in[a]
                .iter()
                .copied()
                .filter(|p| parts_of.get(p).is_some_and(|parts| parts.contains(&part)))
                .collect();
            hits.dedup();
            if hits.is_empty() {
                // the one person of the corpus with this name part, if only one
                hits = last_names.get(&part).cloned().unwrap_or_default();
            }
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
            if let Some(r) = &c.role {
                pr.roles.insert(r.clone());
                // the title and name together is a spelling of its own (`President Cuong`)
                let surface = &articles[a].text[span.clone()];
                *pr.forms
                    .entry(format!(
                        "{} {}",
                        r.split_whitespace().last().unwrap_or(r),
                        surface
                    ))
                    .or_default() += 0;
            }
            mentions_p.push((a, span, p));
        }

        timer.mark("  matching: short references");
        // final entities: one per root proto that has a mention
        let mut mentioned: BTreeSet<usize> = BTreeSet::new();
        for (_, _, p) in &mentions_p {
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
            entities.push(Entity {
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
            });
        }
        timer.mark("  matching: entities");
        mentions_p.sort_by_key(|x| (x.0, x.1.start, x.1.end));
        let mut mentions = Vec::new();
        let mut by_article = vec![Vec::new(); articles.len()];
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
        KnowledgeBase {
            articles,
            facts,
            prepared: Vec::new(),
            matches: article_matches,
            spelling_keys,
            lower_case: HashMap::new(),
            entities,
            mentions,
            events: Vec::new(),
            by_article,
            warnings: Vec::new(),
            matcher: None,
            path_index: Default::default(),
            id_index: Default::default(),
            folded_titles: Default::default(),
            folded_names: Default::default(),
            spellings: Default::default(),
        }
    }
}

/// A matcher over the spellings of the final entities; targets are entity indices, the most
/// mentioned entity first where a spelling is shared.
fn entity_matcher(entities: &[Entity]) -> Matcher {
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

/// Spans sorted by start with the running maximum of their ends, for overlap tests in
/// logarithmic time.
struct SpanIndex {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl SpanIndex {
    fn new(spans: impl Iterator<Item = Range<usize>>) -> SpanIndex {
        let mut v: Vec<Range<usize>> = spans.collect();
        v.sort_by_key(|r| r.start);
        let mut max = 0;
        let max_end = v
            .iter()
            .map(|r| {
                max = max.max(r.end);
                max
            })
            .collect();
        SpanIndex {
            starts: v.iter().map(|r| r.start).collect(),
            max_end,
        }
    }

    /// Whether some span overlaps `r`: one that starts before `r` ends and ends after it starts.
    fn overlaps(&self, r: &Range<usize>) -> bool {
        let i = self.starts.partition_point(|&s| s < r.end);
        i > 0 && self.max_end[i - 1] > r.start
    }

    /// False when no span can hold `r` (none starts at or before it and ends at or after it).
    fn maybe_contains(&self, r: &Range<usize>) -> bool {
        let i = self.starts.partition_point(|&s| s <= r.start);
        i > 0 && self.max_end[i - 1] >= r.end
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Among the entities a spelling may name, the one meant here: bodies of the article's main
/// country first, then countries, organisations, places, agreements, people.
/// A body of another country than the article's own is not meant by a bare name
/// (`Ministry of Foreign Affairs` in an article about Laos is Laos's).
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
    targets
        .iter()
        .copied()
        .filter(|&t| !foreign(t))
        .min_by_key(|&t| {
            if t < protos.len() {
                protos[t].kind.map_or(9, |k| k as usize)
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
    best(false)
        .or_else(|| best(true))
        .map(|(f, _)| f.clone())
        .unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn kb(articles: &[(&str, &str)]) -> KnowledgeBase {
        let texts = articles
            .iter()
            .map(|(n, t)| (PathBuf::from(format!("/c/{n}.txt")), t.to_string()))
            .collect();
        KnowledgeBase::from_texts(texts, Path::new("/c"), Gazetteer::builtin())
    }

    fn entity<'a>(kb: &'a KnowledgeBase, name: &str) -> &'a Entity {
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

    fn mention_texts(kb: &KnowledgeBase, e: &Entity) -> Vec<String> {
        e.mentions
            .iter()
            .map(|&m| kb.mention_text(&kb.mentions[m]).to_string())
            .collect()
    }

    /// Writes `files` into a folder, returning it and the sorted paths.
    fn corpus(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<PathBuf>) {
        let dir = tempfile::tempdir().unwrap();
        for (n, t) in files {
            std::fs::write(dir.path().join(format!("{n}.txt")), t).unwrap();
        }
        let files = paths_in(&[dir.path()]);
        (dir, files)
    }

    fn paths_in(dir: &[&Path]) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = dir
            .iter()
            .flat_map(|d| std::fs::read_dir(d).unwrap())
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v
    }

    fn update(prior: &KnowledgeBase, dir: &Path, changed: &[PathBuf]) -> Update {
        let changed: HashSet<PathBuf> = changed.iter().cloned().collect();
        KnowledgeBase::update(
            Some(prior),
            &paths_in(&[dir]),
            dir,
            1 << 20,
            Some(&changed),
            &|_, _| {},
        )
    }

    const WATER: &str = "Water agency news\n\nThe Ruritania Agency for Water Management (RAWM) opened an office in the north.\n";
    const VISIT: &str =
        "A visit\n\nOfficials from RAWM visited the dam on Friday and praised the workers.\n";
    const PACT: &str = "Border pact\ndate 2024-03-04\n\nCambodia and Laos signed a Memorandum of Understanding on border trade on Sunday.\n";

    #[test]
    fn an_unchanged_corpus_is_neither_read_nor_linked_again() {
        let (dir, _) = corpus(&[("a", WATER), ("b", VISIT), ("c", PACT)]);
        let files = paths_in(&[dir.path()]);
        let first = KnowledgeBase::update(None, &files, dir.path(), 1 << 20, None, &|_, _| {});
        assert_eq!(
            first.work,
            Work {
                read: 3,
                extracted: 3,
                reused: 0,
                dropped: 0,
                linked: true,
                matched: 3
            }
        );
        let kb = first.kb.unwrap();
        let again = update(&kb, dir.path(), &[]);
        assert!(again.kb.is_none());
        assert_eq!(
            again.work,
            Work {
                read: 0,
                extracted: 0,
                reused: 3,
                dropped: 0,
                linked: false,
                matched: 0
            }
        );
    }

    #[test]
    fn an_added_article_is_the_only_one_read_and_its_aliases_and_events_appear() {
        let plain = WATER.replace(" (RAWM)", "");
        let (dir, _) = corpus(&[("a", &plain), ("b", VISIT)]);
        let kb = KnowledgeBase::build(&paths_in(&[dir.path()]), dir.path(), 1 << 20);
        assert!(kb.events.is_empty());
        let o = entity(&kb, "Ruritania Agency for Water Management");
        assert!(o.aliases.is_empty(), "{:?}", o.aliases);
        let added = dir.path().join("c.txt");
        let text = format!("{PACT}The Ruritania Agency for Water Management (RAWM) hosted it.\n");
        std::fs::write(&added, text).unwrap();
        let up = update(&kb, dir.path(), &[added]);
        assert_eq!(
            up.work,
            Work {
                read: 1,
                extracted: 1,
                reused: 2,
                dropped: 0,
                linked: true,
                matched: 1
            }
        );
        let kb = up.kb.unwrap();
        assert_eq!(kb.events.len(), 1);
        assert_eq!(
            kb.events[0]
                .parties
                .iter()
                .map(|&p| kb.entities[p].name.as_str())
                .collect::<Vec<_>>(),
            vec!["Cambodia", "Laos"]
        );
        // the acronym defined in the new article now names the agency in the old one too
        let o = entity(&kb, "Ruritania Agency for Water Management");
        assert!(o.aliases.contains("RAWM"), "{:?}", o.aliases);
        let in_b: Vec<&str> = o
            .mentions
            .iter()
            .map(|&m| &kb.mentions[m])
            .filter(|m| kb.articles[m.article].id == "b")
            .map(|m| kb.mention_text(m))
            .collect();
        assert_eq!(in_b, vec!["RAWM"]);
    }

    #[test]
    fn a_changed_article_is_analysed_again_and_a_deleted_one_takes_its_events_along() {
        let (dir, _) = corpus(&[("a", WATER), ("b", VISIT), ("c", PACT)]);
        let kb = KnowledgeBase::build(&paths_in(&[dir.path()]), dir.path(), 1 << 20);
        assert_eq!(kb.events.len(), 1);
        // same size, same text: read again (the watcher said so) but neither analysed nor
        // linked again; the copy carries the file's new key
        let b = dir.path().join("b.txt");
        std::fs::write(&b, VISIT).unwrap();
        let up = update(&kb, dir.path(), std::slice::from_ref(&b));
        assert_eq!(
            up.work,
            Work {
                read: 1,
                extracted: 0,
                reused: 3,
                dropped: 0,
                linked: false,
                matched: 0
            }
        );
        let kb2 = up.kb.unwrap();
        assert_eq!(
            kb2.prepared[1].key,
            corpus::FileKey::new(corpus::stat(&b).unwrap(), VISIT)
        );
        assert_eq!(kb2.events.len(), 1);
        assert_eq!(kb2.entities.len(), kb.entities.len());
        assert_eq!(kb2.find_entities("Cambodia"), kb.find_entities("Cambodia"));
        let kb = kb2;
        // a changed text is analysed again
        std::fs::write(
            &b,
            VISIT.replace("RAWM", "the Ruritania Agency for Water Management"),
        )
        .unwrap();
        let up = update(&kb, dir.path(), std::slice::from_ref(&b));
        assert_eq!((up.work.read, up.work.extracted, up.work.reused), (1, 1, 2));
        let kb = up.kb.unwrap();
        let o = entity(&kb, "Ruritania Agency for Water Management");
        assert_eq!(
            mention_texts(&kb, o),
            vec![
                "Ruritania Agency for Water Management",
                "RAWM",
                "Ruritania Agency for Water Management"
            ]
        );
        // a deleted article: nothing read, its event gone
        std::fs::remove_file(dir.path().join("c.txt")).unwrap();
        let up = update(&kb, dir.path(), &[]);
        assert_eq!(
            up.work,
            Work {
                read: 0,
                extracted: 0,
                reused: 2,
                dropped: 1,
                linked: true,
                matched: 0
            }
        );
        let kb = up.kb.unwrap();
        assert!(kb.events.is_empty());
        assert_eq!(
            kb.articles
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>(),
            vec!["a", "b"]
        );
    }

    #[test]
    fn an_update_gives_what_a_cold_build_gives() {
        let (dir, _) = corpus(&[("a", WATER), ("b", VISIT), ("c", PACT)]);
        let kb = KnowledgeBase::build(&paths_in(&[dir.path()]), dir.path(), 1 << 20);
        let added = dir.path().join("d.txt");
        std::fs::write(
            &added,
            "Talks\n\nMinister Anan Wong of Thailand met RAWM officials.\n",
        )
        .unwrap();
        let inc = update(&kb, dir.path(), &[added]).kb.unwrap();
        let cold = KnowledgeBase::build(&paths_in(&[dir.path()]), dir.path(), 1 << 20);
        let names = |kb: &KnowledgeBase| {
            kb.entities
                .iter()
                .filter(|e| !e.mentions.is_empty())
                .map(|e| (e.id.clone(), e.aliases.clone(), mention_texts(kb, e)))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&inc), names(&cold));
        assert_eq!(inc.lower_case, cold.lower_case);
    }

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
            assert_eq!(x, y, "{}", a.id);
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
}
