//! The persistent index: a workspace's knowledge base stored in one file under the user's cache
//! folder (never in the corpus or the notes), so that a restart reads one file instead of
//! analysing the whole corpus again.
//!
//! The file's layout is in [`crate::kb::store`]: the corpus-wide tables first, then every
//! article's records with a directory, so that a warm start maps the file, decodes the
//! corpus-wide part and reads an article's records in place when they are first asked for. An
//! index of another schema or tool version, of another workspace, or that fails its checksum
//! or does not decode is reported as such and rebuilt; it is never trusted and never fatal.
//! Writes go to a temporary file in the same folder that is then renamed over the index, so
//! readers and concurrent writers only ever see whole files, and a mapped index never changes.

use crate::kb::KnowledgeBase;
use std::path::{Path, PathBuf};

pub use crate::kb::store::{Access, SCHEMA, verify_stored};
/// Environment variable that overrides where indexes are kept.
pub const CACHE_ENV: &str = "DOSSIER_CACHE_DIR";

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

/// A path made absolute with `.` and `..` resolved, through the real path of its longest
/// existing ancestor (symbolic links followed there), so that two spellings of one folder
/// compare equal.
pub(crate) fn normalize(p: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut base = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
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
pub(crate) fn pattern_base(pattern: &Path) -> (PathBuf, bool) {
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

/// Opens the index at `path`, written for `identity` by this version of the tool.
///
/// The file is opened under the one file-reading policy ([`crate::corpus::open_regular`]: a
/// regular file, at most [`MAX_INDEX_SIZE`] bytes), mapped or read whole (`access`); its
/// checksums are verified and its corpus-wide part validated before it is trusted, each
/// article's records when first read ([`crate::kb::store`]). Opening the index also removes the temporary files that killed
/// writers left beside it.
pub fn load(path: &Path, identity: &str, access: Access) -> Result<KnowledgeBase, LoadError> {
    if let Some(dir) = path.parent() {
        remove_stale_temporaries(dir, path);
    }
    use crate::corpus::FileError;
    let (file, meta) = match crate::corpus::open_regular(path, MAX_INDEX_SIZE) {
        Ok(f) => f,
        Err(FileError::Missing) => return Err(LoadError::Missing),
        Err(e) => return Err(LoadError::Unreadable(format!("{}: {e}", path.display()))),
    };
    crate::kb::store::open(&file, meta.len(), identity, access)
}

/// The largest index file read (a sanity bound: an index is a few times its corpus).
pub const MAX_INDEX_SIZE: u64 = 16 << 30;

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
    crate::kb::store::write(std::fs::File::create(tmp)?, identity, kb)
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
        load(path, identity, Access::Read)
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
        let loaded = load(&path, "ws", Access::Read).unwrap();
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
        assert_eq!(
            load(&path, "ws", Access::Read).err(),
            Some(LoadError::Missing)
        );
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
        match load(&path, "ws", Access::Read) {
            Err(LoadError::Unreadable(why)) => assert!(why.contains("FIFO"), "{why}"),
            other => panic!("{:?}", other.err()),
        }
    }
}
