//! The layout of the persistent index file, read in place from a memory map.
//!
//! ```text
//! magic (8 bytes) · schema (u32) · header (postcard: tool version, workspace identity)
//! global length (u64) · global part (postcard: article heads, entities, mentions, events,
//!                                    by-article lists, lower-case words, matcher patterns,
//!                                    per-entity summaries)
//! article count n (u64)
//! records: per article and column, postcard bytes
//! directories: 4 columns × n entries of (offset, length, xxh3 of the record), u64 each
//! directory offset (u64) · xxh3 of the global part and the directories (u64) · xxh3 of the
//!     records (u64)
//! ```
//!
//! The columns are the article (text and layout), its facts, its preparation and its match
//! cache ([`COLUMNS`]). Opening checks the magic, schema, header and the checksum of the global
//! part and directories, decodes the global part and validates it against the article heads
//! (every index in range, every span inside its article's length); the records are decoded
//! when first asked for ([`Table`]), each checked against its hash and against its article's
//! text (spans in range and on character boundaries, gazetteer entries known). A record that
//! fails reads as safe empty data (blank text of the article's length, no facts) with a warning.

use crate::base::text::LineIndex;
use crate::corpus::Article;
use crate::corpus::layout::Layout;
use crate::kb::events::Event;
use crate::kb::extract::ArticleFacts;
use crate::kb::index::LoadError;
use crate::kb::summary::{EntitySummary, Summary};
use crate::kb::table::{
    Column, Decoder, DeferredCheck, ENTRY, Map, Table, entry_bytes, report_damaged,
};
use crate::kb::{
    ArticleHead, ArticleMatches, CaseRule, Entity, KnowledgeBase, Matcher, Mention, Prepared,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::sync::Arc;

/// Bumped whenever what is stored changes shape or meaning.
pub const SCHEMA: u32 = 14;
const MAGIC: &[u8; 8] = b"DOSSIDX\n";
/// The per-article columns: article, facts, preparation, match cache.
pub const COLUMNS: usize = 4;
/// Articles encoded at once (on all cores) while writing.
const CHUNK: usize = 512;

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Header {
    version: String,
    workspace: String,
}

/// The corpus-wide part, borrowed for writing.
#[derive(Serialize)]
pub(crate) struct GlobalRef<'a> {
    pub heads: &'a [ArticleHead],
    pub lower_case: &'a HashMap<u64, u32>,
    pub term_acronyms: &'a [(String, String)],
    pub spelling_keys: &'a HashMap<u64, (u64, CaseRule)>,
    pub entities: &'a [Entity],
    pub mentions: &'a [Mention],
    pub events: &'a [Event],
    pub by_article: &'a [Vec<usize>],
    pub patterns: &'a [String],
    pub pats: &'a [(Vec<usize>, CaseRule)],
    pub summaries: &'a [EntitySummary],
}

/// The corpus-wide part, owned for reading (the fields of [`GlobalRef`] in the same order).
#[derive(Deserialize)]
pub(crate) struct Global {
    pub heads: Vec<ArticleHead>,
    pub lower_case: HashMap<u64, u32>,
    pub term_acronyms: Vec<(String, String)>,
    pub spelling_keys: HashMap<u64, (u64, CaseRule)>,
    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,
    pub events: Vec<Event>,
    pub by_article: Vec<Vec<usize>>,
    pub patterns: Vec<String>,
    pub pats: Vec<(Vec<usize>, CaseRule)>,
    pub summaries: Vec<EntitySummary>,
}

fn damaged(why: &str) -> LoadError {
    LoadError::Damaged(why.to_string())
}

/// How an index file is brought into memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Mapped: records are read in place when first asked for (the language server: little
    /// memory, a fast start). The index is only ever replaced by renaming, never rewritten in
    /// place; a program that truncates it in place while it is mapped can stop the process.
    Map,
    /// Read whole into memory (short commands: a file truncated by someone else while it is
    /// read then fails its checksum instead of stopping the process).
    Read,
}

/// Opens the index file `file` (of `len` bytes) written for `identity` as a knowledge base.
/// Every checksum is verified before anything is trusted: the records' by reading the file
/// through, never through the map (so a warm start does not bring the whole file into this
/// process's memory).
pub fn open(
    file: &std::fs::File,
    len: u64,
    identity: &str,
    access: Access,
) -> Result<KnowledgeBase, LoadError> {
    let unreadable = |e: std::io::Error| LoadError::Unreadable(e.to_string());
    let mut map = match access {
        Access::Map => Map::new(file).map_err(unreadable)?,
        Access::Read => Map::read(file, len).map_err(unreadable)?,
    };
    let timer = crate::kb::PhaseTimer::new();
    let parts = checked_parts(map.bytes(), identity)?;
    let (records, records_sum, n, directory) = (
        parts.records.clone(),
        parts.records_sum,
        parts.n,
        parts.directory,
    );
    if access == Access::Read
        && xxhash_rust::xxh3::xxh3_64(&map.bytes()[records.clone()]) != records_sum
    {
        return Err(damaged("checksum mismatch"));
    }
    timer.mark("index checked");
    let global: Global =
        postcard::from_bytes(parts.global).map_err(|e| damaged(&format!("global part: {e}")))?;
    timer.mark("index global part decoded");
    if access == Access::Map {
        // each record is checked against its own hash when it is read; the checksum of them
        // all is left to `verify_stored` (reading 200 MB through was a sixth of a warm start)
        map.deferred = Some(DeferredCheck {
            file: file.try_clone().map_err(unreadable)?,
            range: records,
            sum: records_sum,
        });
    }
    let map = Arc::new(map);
    validate(&global, n)?;
    let columns: Vec<Column> = (0..COLUMNS)
        .map(|c| Column::new(map.clone(), directory + c * n * ENTRY, n))
        .collect::<Option<_>>()
        .ok_or_else(|| damaged("a record lies outside its part of the file"))?;
    // an article's text lies in its record: a longer length in its head is not its own
    if (0..n).any(|i| global.heads[i].len as u64 > columns[0].record_len(i)) {
        return Err(damaged("an article's length out of range"));
    }
    let kb = assemble(global, &columns)?;
    timer.mark("index opened");
    Ok(kb)
}

/// Verifies what opening a mapped index left for later: the checksum of all its records, read
/// from the very file mapped (not through the map, so the file does not come into this
/// process's memory). `Ok` for a knowledge base not read from a mapped index. A record that
/// fails is also caught when it is read (it reads as empty); this finds damage anywhere, so
/// that the index can be rebuilt.
pub fn verify_stored(kb: &KnowledgeBase) -> Result<(), LoadError> {
    let Some(check) = kb.articles.column().and_then(|c| c.map().deferred.as_ref()) else {
        return Ok(());
    };
    let sum = hash_of_file_range(&check.file, check.range.clone())
        .map_err(|e| LoadError::Unreadable(e.to_string()))?;
    if sum != check.sum {
        return Err(damaged("checksum mismatch"));
    }
    Ok(())
}

/// Reads `buf.len()` bytes of `file` at `at`: at an offset, not through the file's position
/// (shared with the other handles of it) where the system can.
#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(not(unix))]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = file;
    f.seek(SeekFrom::Start(at))?;
    f.read_exact(buf)
}

/// The xxh3 of bytes `range` of `file`, read through in blocks.
fn hash_of_file_range(file: &std::fs::File, range: Range<usize>) -> std::io::Result<u64> {
    let mut at = range.start as u64;
    let mut left = range.len();
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    while left > 0 {
        let want = left.min(buf.len());
        read_at(file, &mut buf[..want], at)?;
        hash.update(&buf[..want]);
        left -= want;
        at += want as u64;
    }
    Ok(hash.digest())
}

/// The parts of an index file, located and checked.
struct Parts<'b> {
    global: &'b [u8],
    /// Articles.
    n: usize,
    /// Where the records lie, and their checksum as stored.
    records: Range<usize>,
    records_sum: u64,
    /// Offset of the first directory.
    directory: usize,
}

/// Bytes of the trailer: directory offset, checksum of the global part and directories,
/// checksum of the records.
const TRAILER: usize = 24;

/// The parts of an index file `bytes`, checked: this schema, this version, written for
/// `identity`, the global part and directories matching their checksum (the records' is
/// checked by the caller).
fn checked_parts<'b>(bytes: &'b [u8], identity: &str) -> Result<Parts<'b>, LoadError> {
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or_else(|| damaged("not a Dossier index"))?;
    let (schema, rest) = rest
        .split_first_chunk::<4>()
        .ok_or_else(|| damaged("cut short"))?;
    let schema = u32::from_le_bytes(*schema);
    if schema != SCHEMA {
        return Err(LoadError::Stale(format!(
            "schema {schema}, this version reads schema {SCHEMA}"
        )));
    }
    let (header, rest): (Header, &[u8]) =
        postcard::take_from_bytes(rest).map_err(|e| damaged(&format!("header: {e}")))?;
    let ours = env!("CARGO_PKG_VERSION");
    if header.version != ours {
        return Err(LoadError::Stale(format!(
            "written by dossier {}, this is {ours}",
            header.version
        )));
    }
    if header.workspace != identity {
        return Err(LoadError::Stale("written for another workspace".into()));
    }
    let cut = || damaged("checksum mismatch");
    let (len, rest) = rest.split_first_chunk::<8>().ok_or_else(cut)?;
    let len = usize::try_from(u64::from_le_bytes(*len)).map_err(|_| cut())?;
    if len > rest.len() {
        return Err(cut());
    }
    let (global, rest) = rest.split_at(len);
    let (n, rest) = rest.split_first_chunk::<8>().ok_or_else(cut)?;
    let n = usize::try_from(u64::from_le_bytes(*n)).map_err(|_| cut())?;
    let records_start = bytes.len() - rest.len();
    let (body, trailer) = bytes.split_last_chunk::<TRAILER>().ok_or_else(cut)?;
    let word =
        |k: usize| u64::from_le_bytes(trailer[k * 8..k * 8 + 8].try_into().unwrap_or_default());
    let (directory, sum, records_sum) = (word(0), word(1), word(2));
    let directory = usize::try_from(directory).map_err(|_| cut())?;
    let dirs_len = n
        .checked_mul(COLUMNS * ENTRY)
        .filter(|l| directory.checked_add(*l) == Some(body.len()) && directory >= records_start)
        .ok_or_else(cut)?;
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    hash.update(global);
    hash.update(&body[directory..directory + dirs_len]);
    if hash.digest() != sum {
        return Err(cut());
    }
    Ok(Parts {
        global,
        n,
        records: records_start..directory,
        records_sum,
        directory,
    })
}

/// Whether `r` is a span of `text`: in order, in range, on character boundaries.
fn span_of(text: &str, r: &Range<usize>) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

/// Whether `r` is a span within `len` bytes.
fn within(len: usize, r: &Range<usize>) -> bool {
    r.start <= r.end && r.end <= len
}

/// Checks the decoded global part against itself and the `n` articles' heads: every index
/// (article, entity, mention, built-in entry) in range, every span within its article's
/// length, the cross references consistent (an entity's mentions name it, an article's
/// mentions lie in it, in text order). Character boundaries are checked when an article's
/// text is decoded.
fn validate(g: &Global, n: usize) -> Result<(), LoadError> {
    let gaz = crate::kb::gazetteer::Gazetteer::builtin().entries.len();
    let (n_ent, n_men) = (g.entities.len(), g.mentions.len());
    if g.heads.len() != n || g.by_article.len() != n {
        return Err(damaged("article tables of different lengths"));
    }
    if g.patterns.len() != g.pats.len() {
        return Err(damaged("matcher tables of different lengths"));
    }
    let bad = |what: String| Err(damaged(&format!("{what} out of range")));
    for (i, m) in g.mentions.iter().enumerate() {
        if m.article >= n || m.entity >= n_ent || !within(g.heads[m.article].len, &m.span) {
            return bad(format!("mention {i}"));
        }
    }
    for (e, ent) in g.entities.iter().enumerate() {
        if ent.country.is_some_and(|c| c >= n_ent) || ent.gaz.is_some_and(|x| x >= gaz) {
            return bad(format!("entity {e}"));
        }
        if ent
            .mentions
            .iter()
            .any(|&m| m >= n_men || g.mentions[m].entity != e)
        {
            return bad(format!("a mention of entity {e}"));
        }
    }
    for (i, ev) in g.events.iter().enumerate() {
        let ent_ok = |x: &Option<usize>| x.is_none_or(|x| x < n_ent);
        if !ent_ok(&ev.agreement) || !ent_ok(&ev.place) || ev.parties.iter().any(|&p| p >= n_ent) {
            return bad(format!("an entity of event {i}"));
        }
        if ev
            .sources
            .iter()
            .any(|s| s.article >= n || !within(g.heads[s.article].len, &s.span))
        {
            return bad(format!("a source of event {i}"));
        }
        if ev.date.as_ref().is_some_and(|d| d.span.start > d.span.end) {
            return bad(format!("the date of event {i}"));
        }
    }
    if g.pats.iter().any(|(t, _)| t.iter().any(|&t| t >= n_ent)) {
        return bad("a note matcher target".into());
    }
    for (i, list) in g.by_article.iter().enumerate() {
        // in text order: `events::Sources::mentions_in` looks mentions up by position
        if !list
            .iter()
            .all(|&m| m < n_men && g.mentions[m].article == i)
            || !list.is_sorted_by_key(|&m| g.mentions[m].span.start)
        {
            return bad(format!("the mentions of article {i}"));
        }
    }
    Ok(())
}

/// The spans of event sources that lie in each article, by article (mentions' spans are found
/// through `by_article`): checked against the article's text when it is decoded.
fn event_spans_by_article(events: &[Event]) -> Vec<(usize, Range<usize>)> {
    let mut spans: Vec<(usize, Range<usize>)> = events
        .iter()
        .flat_map(|e| &e.sources)
        .map(|s| (s.article, s.span.clone()))
        .collect();
    spans.sort_by_key(|(a, r)| (*a, r.start, r.end));
    spans
}

/// The text of record `i` of the article column, borrowed from the map (None: damaged). A
/// string is stored as its length and its bytes: taken as bytes, checked as UTF-8 the first
/// time only (the column's mark: the map never changes).
fn text_in(articles: &Column, i: usize) -> Option<&str> {
    let bytes = articles.record(i)?;
    let (text, _) = postcard::take_from_bytes::<&[u8]>(bytes).ok()?;
    if articles.marked(i) {
        // SAFETY: these very bytes of the unchanging map passed `str::from_utf8` before the
        // record was marked
        return Some(unsafe { std::str::from_utf8_unchecked(text) });
    }
    let text = std::str::from_utf8(text).ok()?;
    articles.mark(i);
    Some(text)
}

/// A decoder of records checked against their article's text (read in place from `texts`,
/// the article column) by `ok`; `what` names the record in the warning when they fail.
fn checked_by_text<T: serde::de::DeserializeOwned + Default>(
    texts: Column,
    what: &'static str,
    ok: impl Fn(&str, &T) -> bool + Send + Sync + 'static,
) -> Decoder<T> {
    Arc::new(move |i, bytes| {
        let decoded = bytes.and_then(|b| postcard::from_bytes::<T>(b).ok());
        match (decoded, text_in(&texts, i)) {
            (Some(v), Some(text)) if ok(text, &v) => v,
            _ => {
                report_damaged(what, i);
                T::default()
            }
        }
    })
}

/// The text of article `i` of `articles` as stored, borrowed from the map without decoding the
/// rest of the record (None: not mapped, or damaged).
pub(crate) fn stored_text(articles: &Table<Article>, i: usize) -> Option<&str> {
    text_in(articles.column()?, i)
}

/// The knowledge base of a validated global part whose articles are in `columns` (its stored
/// summary checked against the rest).
fn assemble(g: Global, columns: &[Column]) -> Result<KnowledgeBase, LoadError> {
    let event_spans = event_spans_by_article(&g.events);
    let mentions: Arc<Vec<Mention>> = Arc::new(g.mentions);
    let by_article: Arc<Vec<Vec<usize>>> = Arc::new(g.by_article);
    let heads: Arc<Vec<ArticleHead>> = Arc::new(g.heads);
    let gaz = crate::kb::gazetteer::Gazetteer::builtin().entries.len();
    let article: Decoder<Article> = {
        let (heads, mentions, by_article) = (heads.clone(), mentions.clone(), by_article.clone());
        Arc::new(move |i, bytes| {
            let head = &heads[i];
            let first_event = event_spans.partition_point(|(a, _)| *a < i);
            let ok = |(text, layout): &(String, Layout)| {
                text.len() == head.len
                    && layout_ok(text, layout)
                    && by_article[i]
                        .iter()
                        .all(|&m| span_of(text, &mentions[m].span))
                    && event_spans[first_event..]
                        .iter()
                        .take_while(|(a, _)| *a == i)
                        .all(|(_, r)| span_of(text, r))
            };
            let (text, layout) = bytes
                .and_then(|b| postcard::from_bytes::<(String, Layout)>(b).ok())
                .filter(ok)
                .unwrap_or_else(|| {
                    report_damaged("text", i);
                    (" ".repeat(head.len), Layout::default())
                });
            Article {
                id: head.id.clone(),
                path: head.path.clone(),
                display_path: head.display_path.clone(),
                lines: LineIndex::new(&text),
                text,
                layout,
            }
        })
    };
    let facts = checked_by_text(columns[0].clone(), "facts", move |t, f| facts_ok(t, f, gaz));
    let prepared: Decoder<Prepared> = {
        let heads = heads.clone();
        Arc::new(move |i, bytes| {
            let ok = |p: &Prepared| {
                p.dominant.is_none_or(|g| g < gaz) && p.settled.is_none_or(|g| g < gaz)
            };
            match bytes.and_then(|b| postcard::from_bytes::<Prepared>(b).ok()) {
                Some(p) if ok(&p) => p,
                _ => {
                    report_damaged("preparation", i);
                    Prepared {
                        key: heads[i].key.clone(),
                        ..Prepared::default()
                    }
                }
            }
        })
    };
    let matches = checked_by_text(columns[0].clone(), "match cache", move |t, m| {
        matches_ok(t, m, gaz)
    });
    let matcher = Matcher::from_parts(g.patterns, g.pats);
    let kb = KnowledgeBase {
        heads,
        articles: Table::mapped(columns[0].clone(), article),
        facts: Table::mapped(columns[1].clone(), facts),
        prepared: Table::mapped(columns[2].clone(), prepared),
        matches: Table::mapped(columns[3].clone(), matches),
        lower_case: g.lower_case,
        term_acronyms: g.term_acronyms,
        spelling_keys: g.spelling_keys,
        entities: g.entities,
        mentions,
        events: g.events,
        by_article,
        matcher: Some(matcher),
        ..Default::default()
    };
    if !Summary::fits(&g.summaries, &kb) {
        return Err(damaged("an entity summary out of range"));
    }
    let _ = kb.summary.set(Summary::from_entities(g.summaries));
    Ok(kb)
}

fn layout_ok(text: &str, layout: &Layout) -> bool {
    let spans = |r: &Range<usize>| span_of(text, r);
    layout.title.as_ref().is_none_or(spans)
        && layout.published_span.as_ref().is_none_or(spans)
        && layout.segments.iter().all(|s| spans(&s.span))
}

fn facts_ok(text: &str, f: &ArticleFacts, gaz: usize) -> bool {
    let spans = |r: &Range<usize>| span_of(text, r);
    f.candidates
        .iter()
        .all(|c| spans(&c.span) && c.country.is_none_or(|g| g < gaz))
        && f.sentences.iter().all(spans)
        && f.dates.iter().all(|d| spans(&d.span))
        && f.lone.iter().all(spans)
}

fn matches_ok(text: &str, m: &ArticleMatches, gaz: usize) -> bool {
    let spans = |r: &Range<usize>| span_of(text, r);
    m.hits.iter().all(|(r, _)| spans(r)) && m.countries.iter().all(|(r, g)| spans(r) && *g < gaz)
}

/// A writer that counts the bytes through it (and hashes the records written through
/// `hash` by hand).
struct Counting<W> {
    inner: W,
    at: u64,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.at += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The bytes of record `i` of `table`: copied from the map when it is mapped and not decoded,
/// else encoded.
fn record_bytes<T>(
    table: &Table<T>,
    i: usize,
    encode: impl Fn(&T) -> postcard::Result<Vec<u8>>,
) -> std::io::Result<Vec<u8>> {
    match (table.decoded(i), table.record(i)) {
        (None, Some(raw)) => Ok(raw.to_vec()),
        (Some(v), _) => encode(v).map_err(std::io::Error::other),
        (None, None) => Err(std::io::Error::other(format!(
            "record {i} of the index read is damaged"
        ))),
    }
}

/// Writes `kb` to `file` for `identity` in the layout above.
pub fn write(file: std::fs::File, identity: &str, kb: &KnowledgeBase) -> std::io::Result<()> {
    let mut out = Counting {
        inner: BufWriter::with_capacity(1 << 20, file),
        at: 0,
        hash: xxhash_rust::xxh3::Xxh3::new(),
    };
    out.write_all(MAGIC)?;
    out.write_all(&SCHEMA.to_le_bytes())?;
    let header = Header {
        version: env!("CARGO_PKG_VERSION").to_string(),
        workspace: identity.to_string(),
    };
    out.write_all(&postcard::to_allocvec(&header).map_err(std::io::Error::other)?)?;
    let (patterns, pats) = kb
        .matcher
        .as_ref()
        .map_or((&[][..], &[][..]), |m| m.parts());
    let global = postcard::to_allocvec(&GlobalRef {
        heads: &kb.heads,
        lower_case: &kb.lower_case,
        term_acronyms: &kb.term_acronyms,
        spelling_keys: &kb.spelling_keys,
        entities: &kb.entities,
        mentions: &kb.mentions,
        events: &kb.events,
        by_article: &kb.by_article,
        patterns,
        pats,
        summaries: &kb.summary().entities,
    })
    .map_err(std::io::Error::other)?;
    out.write_all(&(global.len() as u64).to_le_bytes())?;
    out.write_all(&global)?;
    let n = kb.heads.len();
    out.write_all(&(n as u64).to_le_bytes())?;
    let mut dirs: Vec<Vec<u8>> = (0..COLUMNS)
        .map(|_| Vec::with_capacity(n * ENTRY))
        .collect();
    let no_matches = ArticleMatches::default();
    for start in (0..n).step_by(CHUNK) {
        let chunk: Vec<[Vec<u8>; COLUMNS]> = (start..(start + CHUNK).min(n))
            .into_par_iter()
            .map(|i| {
                let matches = if kb.matches.len() == n {
                    record_bytes(&kb.matches, i, postcard::to_allocvec)?
                } else {
                    postcard::to_allocvec(&no_matches).map_err(std::io::Error::other)?
                };
                Ok([
                    record_bytes(&kb.articles, i, |a| {
                        postcard::to_allocvec(&(&a.text, &a.layout))
                    })?,
                    record_bytes(&kb.facts, i, postcard::to_allocvec)?,
                    record_bytes(&kb.prepared, i, postcard::to_allocvec)?,
                    matches,
                ])
            })
            .collect::<std::io::Result<_>>()?;
        for records in chunk {
            for (c, r) in records.iter().enumerate() {
                dirs[c].extend(entry_bytes(out.at, r));
                out.hash.update(r);
                out.write_all(r)?;
            }
        }
    }
    let directory = out.at;
    let records_sum = out.hash.digest();
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    hash.update(&global);
    for d in &dirs {
        hash.update(d);
        out.write_all(d)?;
    }
    out.write_all(&directory.to_le_bytes())?;
    out.write_all(&hash.digest().to_le_bytes())?;
    out.write_all(&records_sum.to_le_bytes())?;
    let file = out.inner.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::index::{load, save};

    fn example_kb() -> KnowledgeBase {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laos-cooperation");
        let files = crate::corpus::config::expand_corpus_args(&[root.join("corpus")]).unwrap();
        KnowledgeBase::build(&files, &root, crate::corpus::config::DEFAULT_MAX_FILE_SIZE)
    }

    use std::path::Path;

    type Alter = Box<dyn FnOnce(&mut KnowledgeBase)>;

    /// Alterations of the corpus-wide part that a tamperer who knows the format could write
    /// with every checksum right (`save` encodes what it is given).
    fn global_alterations(kb: &KnowledgeBase) -> Vec<(&'static str, Alter)> {
        let n_ent = kb.entities.len();
        let big = usize::MAX / 2;
        let other = kb.mentions.iter().position(|m| m.entity != 0).unwrap();
        vec![
            (
                "mention entity",
                Box::new(move |k| Arc::make_mut(&mut k.mentions)[0].entity = n_ent),
            ),
            (
                "mention article",
                Box::new(|k| Arc::make_mut(&mut k.mentions)[0].article = 99),
            ),
            (
                "mention span",
                Box::new(move |k| Arc::make_mut(&mut k.mentions)[0].span = 5..big),
            ),
            (
                "entity mention",
                Box::new(|k| k.entities[0].mentions.push(1 << 40)),
            ),
            (
                "entity's mention of another",
                Box::new(move |k| k.entities[0].mentions.push(other)),
            ),
            (
                "entity country",
                Box::new(move |k| k.entities[0].country = Some(n_ent + 3)),
            ),
            (
                "entity gazetteer",
                Box::new(|k| k.entities[0].gaz = Some(1 << 30)),
            ),
            (
                "event party",
                Box::new(move |k| k.events[0].parties.push(n_ent)),
            ),
            (
                "event source",
                Box::new(|k| k.events[0].sources[0].article = 7),
            ),
            (
                "event source span",
                Box::new(move |k| k.events[0].sources[0].span = 0..big),
            ),
            (
                "by_article",
                Box::new(|k| Arc::make_mut(&mut k.by_article)[0].push(1 << 33)),
            ),
            (
                "by_article order",
                Box::new(|k| Arc::make_mut(&mut k.by_article)[1].reverse()),
            ),
            (
                "matcher target",
                Box::new(move |k| {
                    let (p, mut t) = matcher_parts(k);
                    t[0].0.push(n_ent);
                    k.matcher = Some(Matcher::from_parts(p, t));
                }),
            ),
            (
                "matcher lengths",
                Box::new(|k| {
                    let (p, mut t) = matcher_parts(k);
                    t.pop();
                    k.matcher = Some(Matcher::from_parts(p, t));
                }),
            ),
            (
                "article count",
                Box::new(|k| {
                    Arc::make_mut(&mut k.by_article).pop();
                }),
            ),
            (
                "head length",
                Box::new(move |k| Arc::make_mut(&mut k.heads)[0].len = big),
            ),
            (
                "summary article",
                Box::new(|k| {
                    let s = k.summary.get_mut().expect("built before");
                    s.entities[0].articles = vec![99].into();
                }),
            ),
            (
                "summary count",
                Box::new(|k| {
                    k.summary.get_mut().expect("built before").entities.pop();
                }),
            ),
        ]
    }

    #[allow(clippy::type_complexity)]
    fn matcher_parts(k: &KnowledgeBase) -> (Vec<String>, Vec<(Vec<usize>, CaseRule)>) {
        let (p, t) = k.matcher.as_ref().unwrap().parts();
        (p.to_vec(), t.to_vec())
    }

    /// Checksum-valid nonsense in the corpus-wide part: the index is damaged, never trusted.
    #[test]
    fn altered_global_parts_are_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.idx");
        let kb = example_kb();
        save(&path, "ws", &kb).unwrap();
        assert!(
            load(&path, "ws", Access::Map).is_ok(),
            "the untouched round trip loads"
        );
        for (what, alter) in global_alterations(&kb) {
            let mut k = example_kb();
            // the summary of the knowledge base as built (saving builds it when missing)
            k.summary();
            alter(&mut k);
            save(&path, "ws", &k).unwrap();
            match load(&path, "ws", Access::Map) {
                Err(LoadError::Damaged(_)) => {}
                Err(e) => panic!("{what}: {e}"),
                Ok(_) => panic!("{what}: an altered index was trusted"),
            }
        }
    }

    /// Checksum-valid nonsense in an article's records: the index opens, the altered record
    /// reads as safe empty data (blank text of the article's length, no facts, no matches),
    /// the other articles as they were.
    #[test]
    fn altered_article_records_read_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.idx");
        let big = usize::MAX / 2;
        type Check = fn(&KnowledgeBase) -> bool;
        let cases: Vec<(&str, Alter, Check)> = vec![
            (
                "candidate span",
                Box::new(move |k| k.facts.get_mut(0).candidates[0].span = 0..big),
                |k| k.facts[0].candidates.is_empty() && k.facts[0].sentences.is_empty(),
            ),
            (
                "sentence span",
                Box::new(|k| k.facts.get_mut(0).sentences[0] = Range { start: 9, end: 3 }),
                |k| k.facts[0].candidates.is_empty(),
            ),
            (
                "segment span",
                Box::new(move |k| k.articles.get_mut(0).layout.segments[0].span = 0..big),
                |k| {
                    let a = &k.articles[0];
                    a.text.trim().is_empty() && a.text.len() == k.heads[0].len
                },
            ),
            (
                "text of another length",
                Box::new(|k| k.articles.get_mut(0).text.push('x')),
                |k| k.articles[0].text.trim().is_empty(),
            ),
            (
                "span inside a character",
                Box::new(|k| {
                    let a = k.articles.get_mut(0);
                    a.text.replace_range(0..2, "é");
                    k.facts.get_mut(0).sentences[0] = 1..2;
                }),
                |k| k.facts[0].sentences.is_empty() && !k.articles[0].text.trim().is_empty(),
            ),
            (
                "a mention inside a character",
                Box::new(|k| {
                    let m = Arc::make_mut(&mut k.mentions)[0].clone();
                    let a = k.articles.get_mut(m.article);
                    let at = m.span.start;
                    let c = a.text[at..].chars().next().unwrap().len_utf8();
                    let pad = "é".to_string() + &"e".repeat(c.saturating_sub(1));
                    a.text.replace_range(at..at + c, &pad);
                    Arc::make_mut(&mut k.mentions)[0].span.start = at + 1;
                }),
                |k| {
                    let a = k.mentions[0].article;
                    k.articles[a].text.trim().is_empty()
                },
            ),
            (
                "match country",
                Box::new(|k| k.matches.get_mut(0).countries.push((0..1, 1 << 30))),
                |k| k.matches[0].hits.is_empty() && k.matches[0].countries.is_empty(),
            ),
            (
                "dominant country",
                Box::new(|k| k.prepared.get_mut(0).dominant = Some(1 << 30)),
                |k| k.prepared[0].fingerprints.is_empty() && k.prepared[0].key == k.heads[0].key,
            ),
        ];
        for (what, alter, damaged) in cases {
            let mut k = example_kb();
            alter(&mut k);
            save(&path, "ws", &k).unwrap();
            let loaded = load(&path, "ws", Access::Map).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(damaged(&loaded), "{what}: the altered record was trusted");
            let whole = example_kb();
            assert_eq!(loaded.articles[1].text, whole.articles[1].text, "{what}");
            assert_eq!(
                loaded.facts[1].sentences, whole.facts[1].sentences,
                "{what}"
            );
        }
    }

    /// A byte of a record altered on disk: a mapped index opens (records are checked when
    /// read) and `verify_stored` finds it; read whole, it does not open; the record reads as
    /// blank text.
    #[test]
    fn altered_records_are_found_after_a_mapped_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.idx");
        let kb = example_kb();
        save(&path, "ws", &kb).unwrap();
        let fine = load(&path, "ws", Access::Map).unwrap();
        assert!(verify_stored(&fine).is_ok());
        assert!(verify_stored(&kb).is_ok(), "a knowledge base built here");
        let mut bytes = std::fs::read(&path).unwrap();
        let text = kb.articles[2].text.as_bytes();
        let needle = &text[..40];
        let at = bytes.windows(40).rposition(|w| w == needle).unwrap();
        bytes[at] = b'#';
        std::fs::write(&path, &bytes).unwrap();
        let k = load(&path, "ws", Access::Map).expect("opens");
        assert!(
            matches!(verify_stored(&k), Err(LoadError::Damaged(w)) if w == "checksum mismatch")
        );
        assert_eq!(k.articles[2].text, " ".repeat(kb.heads[2].len));
        assert!(matches!(
            load(&path, "ws", Access::Read),
            Err(LoadError::Damaged(_))
        ));
    }

    /// A restart maps the index and decodes no article until one is asked for.
    #[test]
    fn opening_decodes_no_article() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.idx");
        let kb = example_kb();
        save(&path, "ws", &kb).unwrap();
        let k = load(&path, "ws", Access::Map).unwrap();
        let resident = |k: &KnowledgeBase| {
            [
                k.articles.resident(),
                k.facts.resident(),
                k.prepared.resident(),
                k.matches.resident(),
            ]
        };
        assert_eq!(resident(&k), [0; 4]);
        // the entity summaries come stored: none is built, and they are the ones built
        let stored = k.summary.get().expect("a stored summary");
        assert_eq!(
            stored.entities,
            crate::kb::summary::Summary::new(&kb).entities
        );
        assert!(stored.entities.iter().any(|e| !e.spellings.is_empty()));
        assert_eq!(resident(&k), [0; 4], "the summary reads no text");
        assert_eq!(k.heads, kb.heads);
        assert_eq!(k.text_of(2), kb.articles[2].text);
        assert_eq!(
            resident(&k),
            [0; 4],
            "reading a text in place decodes nothing"
        );
        assert_eq!(k.articles[2].text, kb.articles[2].text);
        assert_eq!(resident(&k), [1, 0, 0, 0]);
        // saved again untouched, the records are copied, not decoded
        save(&path, "ws", &k).unwrap();
        assert_eq!(resident(&k), [1, 0, 0, 0]);
        let again = load(&path, "ws", Access::Map).unwrap();
        for a in 0..kb.heads.len() {
            assert_eq!(again.articles[a].text, kb.articles[a].text);
            assert_eq!(again.articles[a].layout, kb.articles[a].layout);
            assert_eq!(again.facts[a].candidates, kb.facts[a].candidates);
            assert_eq!(again.prepared[a].fingerprints, kb.prepared[a].fingerprints);
            assert_eq!(again.matches[a].hits, kb.matches[a].hits);
        }
    }
}
