//! Incremental update: what is kept per article between builds (file keys, line fingerprints,
//! spelling matches), which files are read and analysed again, and the per-article analysis.

use super::matcher::Matcher;
use super::{ArticleHead, KnowledgeBase};
use crate::base::text::{LineIndex, fold};
use crate::corpus::layout;
use crate::corpus::{self, Article, ReadOutcome};
use crate::kb::extract::{self, ArticleFacts};
use crate::kb::gazetteer::Gazetteer;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

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
    /// The country the article is clearly about (see `dominant_country`): the home of the
    /// people it names without saying whose.
    #[serde(default)]
    pub settled: Option<usize>,
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

pub(super) const BLOOM_WORDS: usize = 32;

pub(super) fn bloom_bits(h: u64) -> [(usize, u64); 2] {
    let a = (h as usize) % (BLOOM_WORDS * 64);
    let b = ((h >> 32) as usize) % (BLOOM_WORDS * 64);
    [(a / 64, 1 << (a % 64)), (b / 64, 1 << (b % 64))]
}

impl ArticleMatches {
    pub(super) fn may_contain(&self, word: u64) -> bool {
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
pub(super) enum Input {
    /// Index into the earlier knowledge base, and the file's current key.
    Keep(usize, corpus::FileKey),
    Fresh(PathBuf, String, corpus::FileKey),
}

/// Checks one corpus file against `prior` (its articles' indices by path: `known`): kept
/// unread when its size and modification time match (and it is not `changed`), else read and
/// kept when its text is the same, else fresh. The input (none when skipped), a warning, and
/// whether the file was read.
fn check_file(
    prior: Option<&KnowledgeBase>,
    known: &HashMap<&Path, usize>,
    p: &PathBuf,
    max_size: u64,
    changed: Option<&HashSet<PathBuf>>,
) -> (Option<Input>, Option<String>, bool) {
    let st = corpus::stat(p);
    let old = prior.and_then(|kb| known.get(p.as_path()).map(|&i| (i, &kb.heads[i].key)));
    let forced = changed.is_some_and(|c| c.contains(p));
    match (old, st) {
        (Some((i, key)), Some(st)) if key.same_stat(st) && st.0 <= max_size && !forced => {
            (Some(Input::Keep(i, key.clone())), None, false)
        }
        _ => match corpus::read_article_text(p, max_size) {
            ReadOutcome::Ok { text, warning } => {
                let key = corpus::FileKey::new(st.unwrap_or((text.len() as u64, None)), &text);
                let input = match old {
                    Some((i, k)) if k.hash == key.hash => Input::Keep(i, key),
                    _ => Input::Fresh(p.clone(), text, key),
                };
                (Some(input), warning, true)
            }
            ReadOutcome::Skipped(w) => (None, Some(w), true),
        },
    }
}

impl KnowledgeBase {
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
                kb.heads
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
                let out = check_file(prior, &known, p, max_size, changed);
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
            && inputs.len() == kb.heads.len()
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
            let touched = keys.iter().zip(kb.heads.iter()).any(|(k, h)| *k != h.key);
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
        let keys: Vec<corpus::FileKey> = keys.collect();
        let heads = self
            .heads
            .iter()
            .zip(&keys)
            .map(|(h, key)| ArticleHead {
                key: key.clone(),
                ..h.clone()
            })
            .collect();
        KnowledgeBase {
            heads: std::sync::Arc::new(heads),
            articles: self.articles.clone(),
            facts: self.facts.clone(),
            prepared: keys
                .into_iter()
                .enumerate()
                .map(|(i, key)| Prepared {
                    key,
                    ..self.prepared.owned(i)
                })
                .collect(),
            matches: self.matches.clone(),
            spelling_keys: self.spelling_keys.clone(),
            lower_case: self.lower_case.clone(),
            term_acronyms: self.term_acronyms.clone(),
            entities: self.entities.clone(),
            mentions: self.mentions.clone(),
            events: self.events.clone(),
            by_article: self.by_article.clone(),
            warnings: self.warnings.clone(),
            matcher,
            ..Default::default()
        }
    }
}

/// The fingerprints of a text's lines, sorted and deduplicated.
pub(super) fn line_fingerprints(text: &str) -> Vec<u64> {
    let mut v: Vec<u64> = text.lines().filter_map(layout::line_fingerprint).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// A hash of those of `fingerprints` that are site chrome.
pub(super) fn chrome_hash(fingerprints: &[u64], repeated: &HashSet<u64>) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for f in fingerprints.iter().filter(|f| repeated.contains(f)) {
        h.update(&f.to_le_bytes());
    }
    h.digest()
}

/// The words an article's content writes in lower case (hashes of their folded forms): a
/// "name" made only of words the corpus writes in lower case is not a name. Also each pair of
/// such words in a row whose second is an organisation's head noun (the hash of `task force`):
/// a body's name the corpus writes so is a common noun phrase.
pub(super) fn lower_case_words(a: &Article) -> FxHashSet<u64> {
    let mut words = FxHashSet::default();
    // the lower-case word just before, when nothing but spaces came between
    let mut prev: Option<&str> = None;
    for seg in a.layout.content() {
        for token in a.text[seg.span.clone()].split_ascii_whitespace() {
            // a web or mail address (`www.velcor.gov.vx`, `info@velcor.vx`) or markup
            // (`label_vpp="VPP"`) writes its words in lower case whatever they are
            if token.contains(['/', '@', '_', '=', '<', '>']) || dotted_word(token) {
                prev = None;
                continue;
            }
            // the pieces between characters that are neither alphanumeric nor `-`, read byte
            // by byte where the text is ASCII
            let b = token.as_bytes();
            let (mut i, mut start) = (0, 0);
            let mut pieces: Vec<&str> = Vec::new();
            while i < b.len() {
                let (separator, len) = if b[i].is_ascii() {
                    (!(b[i].is_ascii_alphanumeric() || b[i] == b'-'), 1)
                } else {
                    let c = token[i..]
                        .chars()
                        .next()
                        .expect("a character at a boundary");
                    (!c.is_alphanumeric(), c.len_utf8())
                };
                if separator {
                    pieces.push(&token[start..i]);
                    start = i + len;
                }
                i += len;
            }
            pieces.push(&token[start..]);
            let whole = pieces.len() == 1;
            for w in pieces {
                if !w.starts_with(|c: char| c.is_lowercase()) {
                    prev = None;
                    continue;
                }
                words.insert(word_hash(w));
                if let Some(p) = prev
                    && extract::lexicon::ORG_HEADS.contains(&w)
                {
                    words.insert(word_hash(&format!("{p} {w}")));
                }
                prev = Some(w);
            }
            if !whole {
                prev = None;
            }
        }
    }
    words
}

/// Whether `token` has a full stop between two letters of words longer than one letter
/// (`velcor.gov`, not `U.S.` or `e.g.`).
fn dotted_word(token: &str) -> bool {
    token.split('.').filter(|p| p.chars().count() >= 2).count() >= 2
        && token
            .as_bytes()
            .windows(3)
            .any(|w| w[1] == b'.' && w[0].is_ascii_alphanumeric() && w[2].is_ascii_alphabetic())
}

pub(super) fn word_hash(w: &str) -> u64 {
    if w.is_ascii() {
        xxhash_rust::xxh3::xxh3_64(w.as_bytes())
    } else {
        xxhash_rust::xxh3::xxh3_64(fold(w).as_bytes())
    }
}

/// Lays out and extracts one article.
#[allow(clippy::too_many_arguments)]
pub(super) fn analyse(
    path: PathBuf,
    text: String,
    key: corpus::FileKey,
    fingerprints: Vec<u64>,
    root: &Path,
    repeated: &HashSet<u64>,
    gaz: &Gazetteer,
    countries: &Matcher,
) -> (Article, ArticleFacts, Prepared, CountryHits) {
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
    // (one reading of the article's country forms for extraction and its country names)
    let senses = crate::kb::gazetteer::ArticleSenses::new(&a.text);
    let facts = extract::extract_article_with(&a.text, &content, a.layout.published, gaz, &senses);
    let hits = country_hits(&a, countries, gaz, &senses);
    let (dominant, settled) = dominant_country(&hits);
    let prep = Prepared {
        key,
        fingerprints,
        chrome,
        dominant,
        settled,
    };
    (a, facts, prep, hits)
}

/// The country names in an article's content, in text order: span and gazetteer entry (the
/// first target). Found once when the article is analysed, for its main country and again
/// for its match cache (`ArticleMatches::countries`).
pub(super) type CountryHits = Vec<(Range<usize>, usize)>;

fn country_hits(
    a: &Article,
    countries: &Matcher,
    gaz: &Gazetteer,
    senses: &crate::kb::gazetteer::ArticleSenses,
) -> CountryHits {
    let mut hits = Vec::new();
    for seg in a.layout.content() {
        let folded = crate::base::text::Folded::new(&a.text[seg.span.clone()]);
        hits.extend(countries.country_names(gaz, senses, seg.span.clone(), &folded));
    }
    hits
}

/// The country an article names most, and that country again when the article is clearly about
/// it: named at least twice and no other, or at least three times and more often than all the
/// others together.
fn dominant_country(hits: &CountryHits) -> (Option<usize>, Option<usize>) {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for (_, g) in hits {
        *counts.entry(*g).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    let top = counts
        .into_iter()
        .max_by_key(|(g, c)| (*c, std::cmp::Reverse(*g)));
    let settled = top
        .filter(|&(_, c)| (c >= 2 && c == total) || (c >= 3 && c * 2 > total))
        .map(|(g, _)| g);
    (top.map(|(g, _)| g), settled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::test_support::{entity, mention_texts, paths_in};

    /// Writes `files` into a folder, returning it and the sorted paths.
    fn corpus(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<PathBuf>) {
        let dir = tempfile::tempdir().unwrap();
        for (n, t) in files {
            std::fs::write(dir.path().join(format!("{n}.txt")), t).unwrap();
        }
        let files = paths_in(&[dir.path()]);
        (dir, files)
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
            .filter(|m| kb.heads[m.article].id == "b")
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
}
