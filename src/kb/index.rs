//! The persistent index: a workspace's knowledge base stored in one file under the user's cache
//! folder (never in the corpus or the notes), so that a restart reads one file instead of
//! analysing the whole corpus again.
//!
//! The file is: 8 magic bytes, the schema number (u32, little-endian), the header (postcard:
//! tool version and workspace identity), the body and an xxh3 checksum of the body. The body is
//! a count of parts and the parts, each a length (u64) and postcard bytes: first the corpus-wide
//! tables (entities, mentions, events, the note matcher's patterns...), then the articles (text,
//! layout, extraction, per-article keys) in slices, so that loading decodes them on all cores. An index of another schema or tool version, of another workspace, or
//! that fails its checksum or does not decode is reported as such and rebuilt; it is never
//! trusted and never fatal. Writes go to a temporary file in the same folder that is then
//! renamed over the index, so readers and concurrent writers only ever see whole files.

use crate::corpus::Article;
use crate::kb::events::Event;
use crate::kb::extract::ArticleFacts;
use crate::kb::{ArticleMatches, Entity, KnowledgeBase, Matcher, Mention, Prepared};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Bumped whenever what is stored changes shape or meaning.
pub const SCHEMA: u32 = 11;
const MAGIC: &[u8; 8] = b"DOSSIDX\n";
/// Environment variable that overrides where indexes are kept.
pub const CACHE_ENV: &str = "DOSSIER_CACHE_DIR";

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Header {
    version: String,
    workspace: String,
}

/// The corpus-wide part of the body, borrowed for writing.
#[derive(Serialize)]
struct GlobalRef<'a> {
    lower_case: &'a HashMap<u64, u32>,
    spelling_keys: &'a HashMap<u64, (u64, crate::kb::CaseRule)>,
    entities: &'a [Entity],
    mentions: &'a [Mention],
    events: &'a [Event],
    by_article: &'a [Vec<usize>],
    patterns: &'a [String],
    pats: &'a [(Vec<usize>, crate::kb::CaseRule)],
}

/// The corpus-wide part, owned for reading (the fields of [`GlobalRef`] in the same order).
#[derive(Deserialize)]
struct Global {
    lower_case: HashMap<u64, u32>,
    spelling_keys: HashMap<u64, (u64, crate::kb::CaseRule)>,
    entities: Vec<Entity>,
    mentions: Vec<Mention>,
    events: Vec<Event>,
    by_article: Vec<Vec<usize>>,
    patterns: Vec<String>,
    pats: Vec<(Vec<usize>, crate::kb::CaseRule)>,
}

/// A slice of the articles, borrowed for writing.
#[derive(Serialize)]
struct SliceRef<'a> {
    articles: &'a [Article],
    facts: &'a [ArticleFacts],
    prepared: &'a [Prepared],
    matches: &'a [ArticleMatches],
}

/// A slice of the articles, owned for reading.
#[derive(Deserialize)]
struct Slice {
    articles: Vec<Article>,
    facts: Vec<ArticleFacts>,
    prepared: Vec<Prepared>,
    matches: Vec<ArticleMatches>,
}

/// Articles per slice of the body.
const SLICE: usize = 512;

/// Why a stored index was not used.
#[derive(Debug, PartialEq)]
pub enum LoadError {
    /// There is none yet.
    Missing,
    /// Written by another version of the tool or schema, or for another workspace.
    Stale(String),
    /// Truncated, altered, or not an index.
    Damaged(String),
    /// The file exists but cannot be read.
    Unreadable(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Missing => write!(f, "no index yet"),
            LoadError::Stale(why) => write!(f, "index is out of date ({why})"),
            LoadError::Damaged(why) => write!(f, "index is damaged ({why})"),
            LoadError::Unreadable(why) => write!(f, "cannot read the index ({why})"),
        }
    }
}

/// The folder indexes are kept in: `$DOSSIER_CACHE_DIR`, else the user's cache folder.
pub fn cache_dir() -> Option<PathBuf> {
    match std::env::var_os(CACHE_ENV) {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => dirs::cache_dir().map(|d| d.join("dossier")),
    }
}

/// A workspace's identity: what its index was built from. Two runs with the same identity share
/// one index file.
pub fn workspace_identity(root: &Path, corpus: &[String], max_file_size: u64) -> String {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    format!(
        "root={}\ncorpus={}\nmax-file-size={max_file_size}",
        root.display(),
        corpus.join("\u{1f}")
    )
}

/// Where the index of a workspace lives (in `dir`): a readable stem of the root's name and a
/// hash of the whole identity.
pub fn index_path(dir: &Path, root: &Path, identity: &str) -> PathBuf {
    let stem: String = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .take(40)
        .collect();
    let hash = xxhash_rust::xxh3::xxh3_64(identity.as_bytes());
    dir.join(format!("{stem}-{hash:016x}.idx"))
}

/// A path with `.` and `..` resolved, through the real path of its longest existing ancestor
/// (symbolic links followed there), so that two spellings of one folder compare equal.
fn normalize(p: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut base = p.to_path_buf();
    let real = loop {
        if let Ok(r) = std::fs::canonicalize(&base) {
            break r;
        }
        match (base.file_name(), base.parent()) {
            (Some(n), Some(parent)) => {
                rest.push(n.to_os_string());
                base = parent.to_path_buf();
            }
            _ => break base.clone(),
        }
    };
    let mut out = real;
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    let mut clean = PathBuf::new();
    for c in out.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            c => clean.push(c),
        }
    }
    clean
}

/// The folder the files of one corpus or notes pattern come from (the pattern joined to its
/// root): the path up to its first component with a glob character; for a plain path, the path
/// itself when it is a folder, else its parent. `true` when files are found by walking globs,
/// which skips hidden folders, `target` and `node_modules`.
fn pattern_base(pattern: &Path) -> (PathBuf, bool) {
    let mut base = PathBuf::new();
    for c in pattern.components() {
        let s = c.as_os_str().to_string_lossy();
        if s.contains(['*', '?', '[', '{']) {
            return (normalize(&base), true);
        }
        base.push(c);
    }
    if base.is_dir() {
        (normalize(&base), false)
    } else {
        let parent = base.parent().map(Path::to_path_buf).unwrap_or_default();
        (normalize(&parent), false)
    }
}

/// Whether corpus files or notes can be taken from `dir` (or below it): `patterns` are the
/// corpus and note globs or paths, each joined to the folder it is relative to.
fn holds_workspace_files(dir: &Path, patterns: &[PathBuf]) -> Option<PathBuf> {
    let dir = normalize(dir);
    patterns.iter().find_map(|p| {
        let (base, walked) = pattern_base(p);
        let below = dir.strip_prefix(&base).ok()?;
        let skipped = walked
            && below.components().any(|c| {
                let n = c.as_os_str().to_string_lossy();
                n.starts_with('.') || n == "target" || n == "node_modules"
            });
        (!skipped).then_some(base)
    })
}

/// The folder to keep a workspace's index in, and what was wrong with the one asked for.
/// `requested`: a folder from the settings (relative to `root`), else the user's cache folder
/// ([`cache_dir`]). The index never goes where corpus files or notes are taken from
/// (`patterns`: the corpus and note globs or paths, each joined to the folder it is relative
/// to): such a folder is refused with a warning and the cache folder used instead (and when that
/// too is such a folder, no persistent index at all).
pub fn choose_dir(
    requested: Option<&Path>,
    root: &Path,
    patterns: &[PathBuf],
) -> (Option<PathBuf>, Vec<String>) {
    let mut warnings = Vec::new();
    if let Some(d) = requested {
        let d = root.join(d);
        match holds_workspace_files(&d, patterns) {
            None => return (Some(d), warnings),
            Some(base) => warnings.push(format!(
                "index folder {} refused: it is inside {}, where corpus files or notes are read; using the cache folder",
                d.display(),
                base.display()
            )),
        }
    }
    let Some(cache) = cache_dir() else {
        return (None, warnings);
    };
    // the cache folder the user chose for all workspaces (`DOSSIER_CACHE_DIR`) or the system's is
    // refused only inside a folder of its own that a pattern reads: a glob over the whole
    // workspace (the default notes `**/*.md`, run from a folder that holds the cache) would
    // refuse every cache under it, and the index file's name matches no note or article glob
    let root_base = normalize(root);
    let narrow: Vec<PathBuf> = patterns
        .iter()
        .filter(|p| pattern_base(p).0 != root_base)
        .cloned()
        .collect();
    match holds_workspace_files(&cache, &narrow) {
        None => (Some(cache), warnings),
        Some(base) => {
            warnings.push(format!(
                "index folder {} refused: it is inside {}, where corpus files or notes are read; no persistent index",
                cache.display(),
                base.display()
            ));
            (None, warnings)
        }
    }
}

/// The index file of a workspace in `dir` (None: no persistent index) and the workspace's
/// identity. `dir` is the folder [`choose_dir`] chose (callers report its warnings).
pub fn locate(
    dir: Option<PathBuf>,
    root: &Path,
    corpus: &[String],
    max_file_size: u64,
) -> (Option<PathBuf>, String) {
    let identity = workspace_identity(root, corpus, max_file_size);
    (dir.map(|d| index_path(&d, root, &identity)), identity)
}

/// Reads the index at `path`, written for `identity` by this version of the tool.
///
/// The file is read whole into memory under the one file-reading policy
/// ([`crate::corpus::read_regular`]: a regular file, at most [`MAX_INDEX_SIZE`] bytes), never
/// mapped: a file truncated by someone else while it is read then fails its checksum instead of
/// faulting the process. What decodes is validated ([`validate`]) before it is trusted: an index
/// whose body was altered and its checksum recomputed is "damaged" like any other. Opening the
/// index also removes the temporary files that killed writers left beside it.
pub fn load(path: &Path, identity: &str) -> Result<KnowledgeBase, LoadError> {
    let timer = crate::kb::PhaseTimer::new();
    if let Some(dir) = path.parent() {
        remove_stale_temporaries(dir, path);
    }
    use crate::corpus::FileError;
    let bytes = match crate::corpus::read_regular(path, MAX_INDEX_SIZE) {
        Ok(b) => b,
        Err(FileError::Missing) => return Err(LoadError::Missing),
        Err(e) => return Err(LoadError::Unreadable(format!("{}: {e}", path.display()))),
    };
    let body = checked_body(&bytes, identity)?;
    timer.mark("index read");
    let (global, slices) = decode_parts(&split_parts(body)?)?;
    timer.mark("index decoded");
    let (mut kb, patterns, pats) = put_together(global, slices)?;
    validate(&kb, &pats).map_err(|why| damaged(&why))?;
    // line starts are derived from the text: computed again rather than trusted
    kb.articles
        .par_iter_mut()
        .for_each(|a| a.lines = crate::base::text::LineIndex::new(&a.text));
    timer.mark("index validated");
    kb.matcher = Some(Matcher::from_parts(patterns, pats));
    timer.mark("note matcher");
    Ok(kb)
}

/// A damaged index, saying why.
fn damaged(why: &str) -> LoadError {
    LoadError::Damaged(why.to_string())
}

/// The body of an index file's `bytes` after its magic, schema and header, checked: this
/// schema, this version, written for `identity`, its checksum right.
fn checked_body<'b>(bytes: &'b [u8], identity: &str) -> Result<&'b [u8], LoadError> {
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
    let (body, sum) = rest
        .split_last_chunk::<8>()
        .ok_or_else(|| damaged("cut short"))?;
    if xxhash_rust::xxh3::xxh3_64(body) != u64::from_le_bytes(*sum) {
        return Err(damaged("checksum mismatch"));
    }
    Ok(body)
}

/// The parts of the body: their count, then each with its length.
fn split_parts(body: &[u8]) -> Result<Vec<&[u8]>, LoadError> {
    let (count, mut rest) = body
        .split_first_chunk::<4>()
        .ok_or_else(|| damaged("cut short"))?;
    let mut parts: Vec<&[u8]> = Vec::new();
    for _ in 0..u32::from_le_bytes(*count) {
        let (len, after) = rest
            .split_first_chunk::<8>()
            .ok_or_else(|| damaged("cut short"))?;
        let len = usize::try_from(u64::from_le_bytes(*len)).unwrap_or(usize::MAX);
        if len > after.len() {
            return Err(damaged("cut short"));
        }
        let (part, after) = after.split_at(len);
        parts.push(part);
        rest = after;
    }
    Ok(parts)
}

/// Decodes the parts, each on its own: the corpus-wide part first, then the slices of articles.
fn decode_parts(parts: &[&[u8]]) -> Result<(Global, Vec<Slice>), LoadError> {
    let Some((global, slices)) = parts.split_first() else {
        return Err(damaged("no parts"));
    };
    let decode_err = |e: postcard::Error| damaged(&format!("body: {e}"));
    let (global, slices) = rayon::join(
        || postcard::from_bytes::<Global>(global).map_err(decode_err),
        || {
            slices
                .par_iter()
                .map(|p| postcard::from_bytes::<Slice>(p).map_err(decode_err))
                .collect::<Result<Vec<Slice>, LoadError>>()
        },
    );
    Ok((global?, slices?))
}

/// The knowledge base of the decoded parts (its tables checked for equal lengths), and the note
/// matcher's patterns and their entities.
#[allow(clippy::type_complexity)]
fn put_together(
    global: Global,
    slices: Vec<Slice>,
) -> Result<
    (
        KnowledgeBase,
        Vec<String>,
        Vec<(Vec<usize>, crate::kb::CaseRule)>,
    ),
    LoadError,
> {
    let mut kb = KnowledgeBase::default();
    for s in slices {
        kb.articles.extend(s.articles);
        kb.facts.extend(s.facts);
        kb.prepared.extend(s.prepared);
        kb.matches.extend(s.matches);
    }
    let n = kb.articles.len();
    if kb.facts.len() != n
        || kb.prepared.len() != n
        || kb.matches.len() != n
        || global.by_article.len() != n
    {
        return Err(damaged("article tables of different lengths"));
    }
    if global.patterns.len() != global.pats.len() {
        return Err(damaged("matcher tables of different lengths"));
    }
    kb.lower_case = global.lower_case;
    kb.spelling_keys = global.spelling_keys;
    kb.entities = global.entities;
    kb.mentions = global.mentions;
    kb.events = global.events;
    kb.by_article = global.by_article;
    Ok((kb, global.patterns, global.pats))
}

/// The largest index file read (a sanity bound: an index is a few times its corpus).
pub const MAX_INDEX_SIZE: u64 = 16 << 30;

/// Whether `r` is a span of `text`: in order, in range, on character boundaries.
fn span_of(text: &str, r: &std::ops::Range<usize>) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

/// Checks that a decoded knowledge base is one the rest of the code can trust: every index
/// (article, entity, mention, built-in entry) in range, every span inside its article's text
/// on character boundaries, the cross references consistent (an entity's mentions name it, an
/// article's mentions lie in it). `pats`: the note matcher's targets (entity indices).
fn validate(kb: &KnowledgeBase, pats: &[(Vec<usize>, crate::kb::CaseRule)]) -> Result<(), String> {
    let gaz = crate::kb::gazetteer::Gazetteer::builtin().entries.len();
    let (n_art, n_ent, n_men) = (kb.articles.len(), kb.entities.len(), kb.mentions.len());
    let bad = |what: &str| Err(format!("{what} out of range"));
    for (i, m) in kb.mentions.iter().enumerate() {
        if m.article >= n_art || m.entity >= n_ent {
            return bad(&format!("mention {i}"));
        }
        if !span_of(&kb.articles[m.article].text, &m.span) {
            return bad(&format!("span of mention {i}"));
        }
    }
    for (e, ent) in kb.entities.iter().enumerate() {
        if ent.country.is_some_and(|c| c >= n_ent) || ent.gaz.is_some_and(|g| g >= gaz) {
            return bad(&format!("entity {e}"));
        }
        if ent
            .mentions
            .iter()
            .any(|&m| m >= n_men || kb.mentions[m].entity != e)
        {
            return bad(&format!("a mention of entity {e}"));
        }
    }
    for (i, ev) in kb.events.iter().enumerate() {
        let ent_ok = |x: &Option<usize>| x.is_none_or(|x| x < n_ent);
        if !ent_ok(&ev.agreement) || !ent_ok(&ev.place) || ev.parties.iter().any(|&p| p >= n_ent) {
            return bad(&format!("an entity of event {i}"));
        }
        if ev
            .sources
            .iter()
            .any(|s| s.article >= n_art || !span_of(&kb.articles[s.article].text, &s.span))
        {
            return bad(&format!("a source of event {i}"));
        }
        if ev.date.as_ref().is_some_and(|d| d.span.start > d.span.end) {
            return bad(&format!("the date of event {i}"));
        }
    }
    if pats
        .iter()
        .any(|(targets, _)| targets.iter().any(|&t| t >= n_ent))
    {
        return bad("a note matcher target");
    }
    // per article, on all cores
    (0..n_art).into_par_iter().try_for_each(|i| {
        let text = &kb.articles[i].text;
        let spans = |r: &std::ops::Range<usize>| span_of(text, r);
        let layout = &kb.articles[i].layout;
        let facts = &kb.facts[i];
        let ok = layout.title.as_ref().is_none_or(spans)
            && layout.published_span.as_ref().is_none_or(spans)
            && layout.segments.iter().all(|s| spans(&s.span))
            && facts
                .candidates
                .iter()
                .all(|c| spans(&c.span) && c.country.is_none_or(|g| g < gaz))
            && facts.sentences.iter().all(spans)
            && facts.dates.iter().all(|d| spans(&d.span))
            && facts.lone.iter().all(spans)
            && kb.prepared[i].dominant.is_none_or(|g| g < gaz)
            && kb.prepared[i].settled.is_none_or(|g| g < gaz)
            && kb.matches[i].hits.iter().all(|(r, _)| spans(r))
            && kb.matches[i]
                .countries
                .iter()
                .all(|(r, g)| spans(r) && *g < gaz)
            && kb.by_article[i]
                .iter()
                .all(|&m| m < n_men && kb.mentions[m].article == i)
            // in text order: `events::Sources::mentions_in` looks mentions up by position
            && kb.by_article[i].is_sorted_by_key(|&m| kb.mentions[m].span.start);
        if ok {
            Ok(())
        } else {
            Err(format!("a span or index of article {i} out of range"))
        }
    })
}

/// Writes `kb` as the index at `path` for `identity`: to a temporary file beside it, then renamed
/// over it. Creates the folder when needed.
pub fn save(path: &Path, identity: &str, kb: &KnowledgeBase) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp = dir.join(format!(
        ".{}.{}-{nanos}.tmp",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let written = write_to(&tmp, identity, kb).and_then(|_| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    remove_stale_temporaries(dir, path);
    written
}

/// Temporary files of this index left by writers that were killed: older than ten minutes
/// (a write takes seconds), so no running writer's file is touched.
fn remove_stale_temporaries(dir: &Path, path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(600));
        if n.starts_with(&prefix) && n.ends_with(".tmp") && old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn write_to(tmp: &Path, identity: &str, kb: &KnowledgeBase) -> std::io::Result<()> {
    let file = std::fs::File::create(tmp)?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    out.write_all(MAGIC)?;
    out.write_all(&SCHEMA.to_le_bytes())?;
    let header = Header {
        version: env!("CARGO_PKG_VERSION").to_string(),
        workspace: identity.to_string(),
    };
    let header = postcard::to_allocvec(&header).map_err(std::io::Error::other)?;
    out.write_all(&header)?;
    let (patterns, pats) = kb
        .matcher
        .as_ref()
        .map_or((&[][..], &[][..]), |m| m.parts());
    let global = GlobalRef {
        lower_case: &kb.lower_case,
        spelling_keys: &kb.spelling_keys,
        entities: &kb.entities,
        mentions: &kb.mentions,
        events: &kb.events,
        by_article: &kb.by_article,
        patterns,
        pats,
    };
    let slices = kb.articles.len().div_ceil(SLICE);
    let mut out = Hashing {
        inner: out,
        hash: xxhash_rust::xxh3::Xxh3::new(),
    };
    let count = u32::try_from(1 + slices).map_err(std::io::Error::other)?;
    out.write_all(&count.to_le_bytes())?;
    let mut part = |bytes: Vec<u8>| -> std::io::Result<()> {
        out.write_all(&(bytes.len() as u64).to_le_bytes())?;
        out.write_all(&bytes)
    };
    part(postcard::to_allocvec(&global).map_err(std::io::Error::other)?)?;
    for i in 0..slices {
        let r = i * SLICE..((i + 1) * SLICE).min(kb.articles.len());
        let slice = SliceRef {
            articles: &kb.articles[r.clone()],
            facts: &kb.facts[r.clone()],
            prepared: &kb.prepared[r.clone()],
            matches: kb.matches.get(r).unwrap_or_default(),
        };
        part(postcard::to_allocvec(&slice).map_err(std::io::Error::other)?)?;
    }
    let sum = out.hash.digest();
    let mut out = out.inner;
    out.write_all(&sum.to_le_bytes())?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
}

/// A writer that hashes what passes through it.
struct Hashing<W> {
    inner: W,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A workspace's knowledge base brought up to date from its stored index.
pub struct Refreshed {
    pub kb: KnowledgeBase,
    pub work: crate::kb::Work,
    /// Files skipped or decoded with replacements.
    pub warnings: Vec<String>,
    /// Why the stored index was not used, when it was not.
    pub not_loaded: Option<LoadError>,
    /// Whether the index was written again, or why that failed.
    pub saved: Option<Result<(), String>>,
}

/// Loads the index at `path` (unless `rebuild`), brings it up to date with `files` reading only
/// what changed, and stores it again when anything changed.
pub fn refresh(
    path: &Path,
    identity: &str,
    files: &[PathBuf],
    root: &Path,
    max_size: u64,
    rebuild: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Refreshed {
    let stored = if rebuild {
        Err(LoadError::Stale("a rebuild was asked for".into()))
    } else {
        load(path, identity)
    };
    let (prior, not_loaded) = match stored {
        Ok(kb) => (Some(kb), None),
        Err(e) => (None, Some(e)),
    };
    let timer = crate::kb::PhaseTimer::new();
    let up = KnowledgeBase::update(prior.as_ref(), files, root, max_size, None, progress);
    timer.mark("update");
    let (kb, saved) = match up.kb {
        Some(kb) => {
            let saved = save(path, identity, &kb).map_err(|e| format!("{}: {e}", path.display()));
            (kb, Some(saved))
        }
        None => (prior.unwrap_or_default(), None),
    };
    Refreshed {
        kb,
        work: up.work,
        warnings: up.warnings,
        not_loaded,
        saved,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example_kb() -> KnowledgeBase {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laos-cooperation");
        let files = crate::corpus::config::expand_corpus_args(&[root.join("corpus")]).unwrap();
        KnowledgeBase::build(&files, &root, crate::corpus::config::DEFAULT_MAX_FILE_SIZE)
    }

    /// Rewrites the index at `path` the way a tamperer who knows the format would: its parts
    /// decoded, altered, encoded again, and the checksum computed again as `save` does.
    fn tamper(path: &Path, global: impl FnOnce(&mut Global), slice: impl FnOnce(&mut Slice)) {
        let bytes = std::fs::read(path).unwrap();
        let rest = &bytes[MAGIC.len() + 4..];
        let (_, body_and_sum): (Header, &[u8]) = postcard::take_from_bytes(rest).unwrap();
        let head = &bytes[..bytes.len() - body_and_sum.len()];
        let body = &body_and_sum[..body_and_sum.len() - 8];
        let count = u32::from_le_bytes(body[..4].try_into().unwrap());
        let mut at = 4;
        let mut parts = Vec::new();
        for _ in 0..count {
            let len = u64::from_le_bytes(body[at..at + 8].try_into().unwrap()) as usize;
            parts.push(body[at + 8..at + 8 + len].to_vec());
            at += 8 + len;
        }
        let mut g: Global = postcard::from_bytes(&parts[0]).unwrap();
        global(&mut g);
        parts[0] = postcard::to_allocvec(&GlobalRef {
            lower_case: &g.lower_case,
            spelling_keys: &g.spelling_keys,
            entities: &g.entities,
            mentions: &g.mentions,
            events: &g.events,
            by_article: &g.by_article,
            patterns: &g.patterns,
            pats: &g.pats,
        })
        .unwrap();
        let mut s: Slice = postcard::from_bytes(&parts[1]).unwrap();
        slice(&mut s);
        parts[1] = postcard::to_allocvec(&SliceRef {
            articles: &s.articles,
            facts: &s.facts,
            prepared: &s.prepared,
            matches: &s.matches,
        })
        .unwrap();
        let mut body = count.to_le_bytes().to_vec();
        for p in &parts {
            body.extend((p.len() as u64).to_le_bytes());
            body.extend(p);
        }
        let sum = xxhash_rust::xxh3::xxh3_64(&body);
        let mut out = head.to_vec();
        out.extend(&body);
        out.extend(sum.to_le_bytes());
        std::fs::write(path, out).unwrap();
    }

    /// Checksum-valid nonsense: every alteration is caught as a damaged index, never trusted.
    #[test]
    fn altered_bodies_with_recomputed_checksums_are_damaged() {
        let kb = example_kb();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.idx");
        save(&path, "ws", &kb).unwrap();
        // the untouched round trip loads (so the rejections below are the alterations')
        tamper(&path, |_| {}, |_| {});
        assert!(load(&path, "ws").is_ok());
        let n_ent = kb.entities.len();
        let big = usize::MAX / 2;
        type G = Box<dyn FnOnce(&mut Global)>;
        type S = Box<dyn FnOnce(&mut Slice)>;
        let keep_g = || -> G { Box::new(|_| {}) };
        let keep_s = || -> S { Box::new(|_| {}) };
        let cases: Vec<(&str, G, S)> = vec![
            (
                "mention entity",
                Box::new(move |g| g.mentions[0].entity = n_ent),
                keep_s(),
            ),
            (
                "mention article",
                Box::new(|g| g.mentions[0].article = 99),
                keep_s(),
            ),
            (
                "mention span",
                Box::new(move |g| g.mentions[0].span = 5..big),
                keep_s(),
            ),
            (
                "entity mention",
                Box::new(|g| g.entities[0].mentions.push(1 << 40)),
                keep_s(),
            ),
            (
                "entity's mention of another",
                Box::new(|g| {
                    let other = g.mentions.iter().position(|m| m.entity != 0).unwrap();
                    g.entities[0].mentions.push(other);
                }),
                keep_s(),
            ),
            (
                "entity country",
                Box::new(move |g| g.entities[0].country = Some(n_ent + 3)),
                keep_s(),
            ),
            (
                "entity gazetteer",
                Box::new(|g| g.entities[0].gaz = Some(1 << 30)),
                keep_s(),
            ),
            (
                "event party",
                Box::new(move |g| g.events[0].parties.push(n_ent)),
                keep_s(),
            ),
            (
                "event source",
                Box::new(|g| g.events[0].sources[0].article = 7),
                keep_s(),
            ),
            (
                "by_article",
                Box::new(|g| g.by_article[0].push(1 << 33)),
                keep_s(),
            ),
            (
                "matcher target",
                Box::new(move |g| g.pats[0].0.push(n_ent)),
                keep_s(),
            ),
            (
                "matcher lengths",
                Box::new(|g| {
                    g.pats.pop();
                }),
                keep_s(),
            ),
            (
                "article count",
                Box::new(|g| {
                    g.by_article.pop();
                }),
                keep_s(),
            ),
            (
                "candidate span",
                keep_g(),
                Box::new(move |s| s.facts[0].candidates[0].span = 0..big),
            ),
            (
                "sentence span",
                keep_g(),
                Box::new(|s| s.facts[0].sentences[0] = std::ops::Range { start: 9, end: 3 }),
            ),
            (
                "segment span",
                keep_g(),
                Box::new(move |s| s.articles[0].layout.segments[0].span = 0..big),
            ),
            (
                "span inside a character",
                keep_g(),
                Box::new(|s| {
                    let a = &mut s.articles[0];
                    a.text = format!("é{}", a.text);
                    s.facts[0].sentences[0] = 1..2;
                }),
            ),
            (
                "match country",
                keep_g(),
                Box::new(|s| s.matches[0].countries.push((0..1, 1 << 30))),
            ),
            (
                "dominant country",
                keep_g(),
                Box::new(|s| s.prepared[0].dominant = Some(1 << 30)),
            ),
        ];
        for (what, g, s) in cases {
            save(&path, "ws", &kb).unwrap();
            tamper(&path, g, s);
            match load(&path, "ws") {
                Err(LoadError::Damaged(_)) => {}
                Err(e) => panic!("{what}: {e}"),
                Ok(_) => panic!("{what}: an altered index was trusted"),
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_file_name_that_is_not_utf8_is_stored_and_loaded() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        let file = dir.path().join(name);
        if std::fs::write(&file, "Laos news\n\nLaos and Thailand met on Monday.\n").is_err() {
            return; // a file system that only takes UTF-8 names cannot hold the case
        }
        let kb = KnowledgeBase::build(std::slice::from_ref(&file), dir.path(), 1 << 20);
        let path = dir.path().join("cache/ws.idx");
        save(&path, "ws", &kb).unwrap();
        let loaded = load(&path, "ws").unwrap();
        assert_eq!(loaded.articles[0].path, file);
    }

    #[test]
    fn an_index_folder_never_holds_corpus_files_or_notes() {
        let ws = tempfile::tempdir().unwrap();
        let root = ws.path();
        std::fs::create_dir_all(root.join("corpus")).unwrap();
        std::fs::create_dir_all(root.join("notes")).unwrap();
        let patterns = |notes: &str| vec![root.join("corpus/**/*.txt"), root.join(notes)];
        let p = patterns("notes/**/*.md");
        // relative to the root, refused inside the corpus (and below it) and the notes
        for bad in ["corpus", "corpus/idx", "./notes/../corpus", "notes"] {
            let (dir, warnings) = choose_dir(Some(Path::new(bad)), root, &p);
            assert_ne!(dir, Some(root.join(bad)), "{bad}");
            assert!(
                dir.as_ref()
                    .is_none_or(|d| !normalize(d).starts_with(normalize(root))),
                "{bad}: {dir:?}"
            );
            assert_eq!(warnings.len(), 1, "{bad}: {warnings:?}");
            assert!(warnings[0].contains("refused"), "{}", warnings[0]);
        }
        // a folder of its own in the workspace is fine, and it is relative to the root
        let (dir, warnings) = choose_dir(Some(Path::new("build/index")), root, &p);
        assert_eq!(dir, Some(root.join("build/index")));
        assert!(warnings.is_empty());
        // notes `**/*.md` are read from the whole workspace, except hidden folders
        let p = patterns("**/*.md");
        assert!(!choose_dir(Some(Path::new("build")), root, &p).1.is_empty());
        assert!(
            choose_dir(Some(Path::new(".dossier")), root, &p)
                .1
                .is_empty()
        );
        // a corpus given as a folder path
        let p = vec![root.join("corpus")];
        assert!(
            !choose_dir(Some(&root.join("corpus/x")), root, &p)
                .1
                .is_empty()
        );
    }

    #[test]
    fn opening_the_index_removes_stale_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.idx");
        let stale = dir.path().join(".ws.idx.1-2.tmp");
        std::fs::write(&stale, "partial").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
            .unwrap();
        assert_eq!(load(&path, "ws").err(), Some(LoadError::Missing));
        assert!(!stale.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_at_the_index_path_is_unreadable_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.idx");
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        match load(&path, "ws") {
            Err(LoadError::Unreadable(why)) => assert!(why.contains("FIFO"), "{why}"),
            other => panic!("{:?}", other.err()),
        }
    }
}
