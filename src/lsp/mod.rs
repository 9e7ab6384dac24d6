//! The language server (`dossier lsp`): protocol translation only. Each feature lives in its own
//! file and turns LSP positions into byte offsets, asks the core (`crate::ide`, `crate::kb`),
//! and turns the answer back. CPU work runs on the blocking pool, never on the async workers.

pub mod client;
mod code_actions;
mod completion;
mod definition;
mod diagnostics;
mod documents;
pub mod framing;
mod hover;
mod indexing;
mod inlay_hints;
mod links;
pub mod position;
mod semantic_tokens;
mod settings;
mod symbols;
pub mod transport;

use crate::check::NoteIndex;
use crate::ide;
use crate::kb::KnowledgeBase;
use dashmap::DashMap;
use position::Encoding;
use settings::Settings;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService};

/// How much the server logs (to stderr and `window/logMessage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    Error = 1,
    Warn = 2,
    Info = 3,
    Debug = 4,
}

impl std::str::FromStr for LogLevel {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Ok(LogLevel::Error),
            "warn" | "warning" => Ok(LogLevel::Warn),
            "info" => Ok(LogLevel::Info),
            "debug" | "trace" => Ok(LogLevel::Debug),
            other => Err(format!(
                "unknown log level {other:?} (error, warn, info, debug)"
            )),
        }
    }
}

/// What the client said it can do.
#[derive(Clone, Debug, Default)]
pub struct ClientFlags {
    pub work_done_progress: bool,
    pub configuration: bool,
    pub watch_registration: bool,
    /// The client takes watcher globs relative to a base folder (LSP 3.17).
    pub watch_relative: bool,
    /// The client pulls diagnostics (`textDocument/diagnostic`); then the server does not push.
    pub pull_diagnostics: bool,
    /// A client command that shows an entity's whole card (`initializationOptions`
    /// `entityCommand`, e.g. VS Code's `dossier.showEntity`): hovers link their "more" lines to it.
    pub entity_command: Option<String>,
    /// A client command that opens an entity's page of the static report (`initializationOptions`
    /// `reportCommand`, e.g. VS Code's `dossier.openReport`): hovers end with a link to it.
    pub report_command: Option<String>,
    /// The client re-asks for semantic tokens and inlay hints when told to: done after every
    /// index, or a note opened while indexing would keep the empty answers it got then.
    pub semantic_tokens_refresh: bool,
    pub inlay_hint_refresh: bool,
}

/// An open document: its text with the line index of this version (edits replace both; the
/// requests on a version share them).
pub struct Document {
    pub text: Arc<position::Text>,
    pub version: i32,
}

impl Document {
    pub fn new(text: String, version: i32) -> Self {
        Document {
            text: Arc::new(position::Text::new(text)),
            version,
        }
    }

    /// The current text with its line index.
    pub fn text(&self) -> Arc<position::Text> {
        self.text.clone()
    }
}

/// Everything the server knows; shared by the request handlers.
pub struct State {
    /// The current knowledge base with its generation and configuration: replaced whole, so
    /// that a request (taking it once) always sees the three together.
    pub snapshot: RwLock<Arc<Snapshot>>,
    pub docs: DashMap<Uri, Document>,
    pub encoding: RwLock<Encoding>,
    pub roots: RwLock<Vec<PathBuf>>,
    pub settings: RwLock<Settings>,
    pub flags: RwLock<ClientFlags>,
    pub log_level: AtomicU8,
    /// Whether logs also go to stderr (the in-process tests turn it off).
    pub log_stderr: bool,
    /// Serialises re-indexing.
    pub index_lock: tokio::sync::Mutex<()>,
    /// Set once the first index is built: notes are not checked against an empty corpus.
    pub ready: std::sync::atomic::AtomicBool,
    /// What was last published per note, so that a corpus change republishes only notes whose
    /// findings changed.
    pub published: DashMap<Uri, Vec<Diagnostic>>,
    /// Work done, counted: corpus files read and notes checked (tests and `dossier bench`
    /// read these through `dossier/stats`).
    pub files_read: std::sync::atomic::AtomicU64,
    pub notes_checked: std::sync::atomic::AtomicU64,
    /// Times the note checks' facts of a knowledge base were built (once per knowledge base).
    pub check_facts_built: std::sync::atomic::AtomicU64,
    /// Times a knowledge base's per-entity summary was built (once per knowledge base, by the
    /// warm-up after it is installed; requests read it, or scan one entity until it is built).
    pub summaries_built: Arc<std::sync::atomic::AtomicU64>,
    /// Articles laid out and extracted (new or changed ones only, after the first build).
    pub articles_analysed: std::sync::atomic::AtomicU64,
    /// Persistent-index writes that completed.
    pub index_saves: std::sync::atomic::AtomicU64,
    /// Knowledge bases replaced by the same one read in place after it was written.
    pub stored_swaps: std::sync::atomic::AtomicU64,
    /// One persistent-index write at a time.
    pub save_lock: std::sync::Mutex<()>,
    /// The last analysis of each note, keyed by knowledge-base generation and text hash.
    pub note_cache: DashMap<Uri, ((u64, u64), Arc<NoteIndex>)>,
    /// Notes that are not open, read from disk: their text and analysis per file (size and
    /// modification time) and knowledge-base generation, for requests over all notes.
    pub disk_notes: DashMap<PathBuf, DiskNote>,
    /// The globs the client watches for the server (registered from the configuration).
    pub watched: std::sync::Mutex<Vec<String>>,
    /// Whether `dossier/debug` (sleeps and panics on request, for tests) is served.
    pub debug_methods: bool,
}

/// What a request works on, taken once per request: the knowledge base, the generation that
/// labels it (note-cache keys and diagnostic result ids) and the configuration.
#[derive(Default)]
pub struct Snapshot {
    pub kb: Arc<KnowledgeBase>,
    /// Counts knowledge-base builds.
    pub generation: u64,
    /// The configuration of the last index (dossier.toml and the settings); None before it.
    pub config: Option<Arc<crate::corpus::config::Config>>,
    /// What the note checks read of `kb` whatever the note, built on first use
    /// (`State::check_facts`) and kept while `kb` is.
    pub check_facts: Arc<std::sync::OnceLock<crate::check::KbFacts>>,
    /// The URIs of `kb`'s articles, each made when first needed and kept while `kb` is.
    pub article_uris: Arc<position::ArticleUris>,
}

/// `kb`'s per-entity summary; `built` counts it when this call is the one that builds it.
pub fn summary_counted<'k>(
    kb: &'k KnowledgeBase,
    built: &std::sync::atomic::AtomicU64,
) -> &'k crate::kb::summary::Summary {
    kb.summary.get_or_init(|| {
        built.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        crate::kb::summary::Summary::new(kb)
    })
}

/// A lock's value even when a panicking thread poisoned it: every value behind the server's
/// locks is replaced whole, so a poisoned one is still consistent (never a silent default).
fn read<T: Clone>(l: &RwLock<T>) -> T {
    l.read().unwrap_or_else(PoisonError::into_inner).clone()
}

fn write<T>(l: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(PoisonError::into_inner)
}

impl State {
    /// The knowledge base, its generation and the configuration, together.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        read(&self.snapshot)
    }
    /// Makes `kb` current, as a new generation.
    pub fn install(&self, kb: Arc<KnowledgeBase>) -> Arc<Snapshot> {
        let mut cur = write(&self.snapshot);
        *cur = Arc::new(Snapshot {
            kb,
            generation: cur.generation + 1,
            config: cur.config.clone(),
            check_facts: Default::default(),
            article_uris: Default::default(),
        });
        cur.clone()
    }
    /// Replaces the knowledge base of `generation`, when it is still current, by the same
    /// knowledge base as stored (read in place): the generation and what was derived from it
    /// stay. Whether it was replaced.
    pub fn replace_with_stored(&self, generation: u64, kb: Arc<KnowledgeBase>) -> bool {
        let mut cur = write(&self.snapshot);
        if cur.generation != generation {
            return false;
        }
        *cur = Arc::new(Snapshot {
            kb,
            generation,
            config: cur.config.clone(),
            check_facts: cur.check_facts.clone(),
            article_uris: cur.article_uris.clone(),
        });
        true
    }
    /// A new generation of the same knowledge base (a build that changed nothing).
    pub fn bump_generation(&self) {
        let mut cur = write(&self.snapshot);
        *cur = Arc::new(Snapshot {
            kb: cur.kb.clone(),
            generation: cur.generation + 1,
            config: cur.config.clone(),
            check_facts: cur.check_facts.clone(),
            article_uris: cur.article_uris.clone(),
        });
    }
    /// The configuration an index is being built with.
    pub fn set_config(&self, config: crate::corpus::config::Config) {
        let mut cur = write(&self.snapshot);
        *cur = Arc::new(Snapshot {
            kb: cur.kb.clone(),
            generation: cur.generation,
            config: Some(Arc::new(config)),
            check_facts: cur.check_facts.clone(),
            article_uris: cur.article_uris.clone(),
        });
    }
    /// The note checks' facts of a snapshot's knowledge base: built by the first check on it,
    /// then shared by every check until the knowledge base is replaced.
    pub fn check_facts<'s>(&self, snap: &'s Snapshot) -> &'s crate::check::KbFacts {
        snap.check_facts.get_or_init(|| {
            self.check_facts_built
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            crate::check::KbFacts::new(&snap.kb)
        })
    }
    pub fn encoding(&self) -> Encoding {
        read(&self.encoding)
    }
    pub fn roots(&self) -> Vec<PathBuf> {
        read(&self.roots)
    }
    pub fn root(&self) -> Option<PathBuf> {
        self.roots().first().cloned()
    }
    pub fn settings(&self) -> Settings {
        read(&self.settings)
    }
    pub fn flags(&self) -> ClientFlags {
        read(&self.flags)
    }
    /// The workspace configuration of a snapshot; before the first index, worked out now.
    pub fn config(&self, snap: &Snapshot) -> Arc<crate::corpus::config::Config> {
        if let Some(c) = &snap.config {
            return c.clone();
        }
        let root = self
            .root()
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        Arc::new(
            self.settings()
                .apply(&root)
                .unwrap_or_else(|_| crate::corpus::config::Config::defaults(&root)),
        )
    }
}

/// How the service is built.
#[derive(Clone, Debug)]
pub struct ServiceOptions {
    pub log_level: LogLevel,
    /// Whether logs also go to stderr (they always go to `window/logMessage`).
    pub log_stderr: bool,
    /// Serve `dossier/debug` (tests only).
    pub debug_methods: bool,
}

impl Default for ServiceOptions {
    fn default() -> Self {
        ServiceOptions {
            log_level: LogLevel::Info,
            log_stderr: true,
            debug_methods: false,
        }
    }
}

pub struct Backend {
    pub client: Client,
    pub state: Arc<State>,
}

impl Backend {
    pub fn new(client: Client, opts: ServiceOptions) -> Self {
        let ServiceOptions {
            log_level,
            log_stderr,
            debug_methods,
        } = opts;
        Backend {
            client,
            state: Arc::new(State {
                snapshot: RwLock::new(Arc::new(Snapshot::default())),
                docs: DashMap::new(),
                encoding: RwLock::new(Encoding::Utf16),
                roots: RwLock::new(Vec::new()),
                settings: RwLock::new(Settings::default()),
                flags: RwLock::new(ClientFlags::default()),
                log_level: AtomicU8::new(log_level as u8),
                log_stderr,
                index_lock: tokio::sync::Mutex::new(()),
                ready: std::sync::atomic::AtomicBool::new(false),
                published: DashMap::new(),
                files_read: std::sync::atomic::AtomicU64::new(0),
                notes_checked: std::sync::atomic::AtomicU64::new(0),
                check_facts_built: std::sync::atomic::AtomicU64::new(0),
                summaries_built: Default::default(),
                articles_analysed: std::sync::atomic::AtomicU64::new(0),
                index_saves: std::sync::atomic::AtomicU64::new(0),
                stored_swaps: std::sync::atomic::AtomicU64::new(0),
                save_lock: std::sync::Mutex::new(()),
                note_cache: DashMap::new(),
                watched: std::sync::Mutex::new(Vec::new()),
                disk_notes: DashMap::new(),
                debug_methods,
            }),
        }
    }

    pub async fn log(&self, level: LogLevel, msg: impl Into<String>) {
        log(&self.client, &self.state, level, msg.into()).await;
    }
}

pub async fn log(client: &Client, state: &State, level: LogLevel, msg: String) {
    if level as u8 > state.log_level.load(Ordering::Relaxed) {
        return;
    }
    if state.log_stderr {
        eprintln!("dossier [{level:?}] {msg}");
    }
    let typ = match level {
        LogLevel::Error => MessageType::ERROR,
        LogLevel::Warn => MessageType::WARNING,
        LogLevel::Info => MessageType::INFO,
        LogLevel::Debug => MessageType::LOG,
    };
    client.log_message(typ, msg).await;
}

/// Runs CPU work on the blocking pool.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::internal_error().with_message(format!("worker failed: {e}")))
}

trait ErrorExt {
    fn with_message(self, m: String) -> Error;
}

impl ErrorExt for Error {
    fn with_message(mut self, m: String) -> Error {
        self.message = m.into();
        self
    }
}

/// What a document is to the server.
pub enum Source {
    /// A corpus article (index into the knowledge base).
    Article(usize),
    /// A note: its text (with its line index) and what it refers to.
    Note {
        text: Arc<position::Text>,
        index: Arc<NoteIndex>,
    },
}

/// The text of a document, under the one reading policy of the server: the open buffer; else
/// a corpus article's text from the knowledge base; else a file inside a workspace folder that
/// is a regular file no larger than the size limit (`corpus::read_regular`, the one reading policy). Nothing else is read: not
/// `/dev/zero`, not a FIFO, not a file outside the workspace.
pub fn document_text(state: &State, snap: &Snapshot, uri: &Uri) -> Option<Arc<position::Text>> {
    if let Some(d) = state.docs.get(uri) {
        return Some(d.text());
    }
    let path = position::from_uri(uri)?;
    if let Some(a) = snap.kb.article_by_path(&path) {
        let art = &snap.kb.articles[a];
        return Some(Arc::new(position::Text {
            text: art.text.clone(),
            lines: art.lines.clone(),
        }));
    }
    let path = inside_workspace(state, snap, &path)?;
    let limit = state.config(snap).max_file_size;
    let bytes = crate::corpus::read_regular(&path, limit).ok()?;
    String::from_utf8(bytes)
        .ok()
        .map(|t| Arc::new(position::Text::new(t)))
}

/// The real path of `path` when it lies inside a workspace folder (links resolved first, so a
/// link out of the workspace is outside).
fn inside_workspace(state: &State, snap: &Snapshot, path: &std::path::Path) -> Option<PathBuf> {
    let real = std::fs::canonicalize(path).ok()?;
    let mut roots = state.roots();
    if let Some(c) = &snap.config {
        roots.push(c.root.clone());
    }
    roots
        .iter()
        .filter_map(|r| std::fs::canonicalize(r).ok())
        .any(|r| real.starts_with(&r))
        .then_some(real)
}

/// Classifies a document and analyses it when it is a note. Blocking: call inside `blocking`.
pub fn source(snap: &Snapshot, uri: &Uri, text: Option<Arc<position::Text>>) -> Option<Source> {
    source_in(None, snap, uri, text)
}

/// `source`, reusing the analysis of a note whose text and knowledge base have not changed.
pub fn source_in(
    state: Option<&State>,
    snap: &Snapshot,
    uri: &Uri,
    text: Option<Arc<position::Text>>,
) -> Option<Source> {
    use std::hash::{Hash, Hasher};
    let kb = &snap.kb;
    let path = position::from_uri(uri);
    if let Some(p) = &path
        && let Some(a) = kb.article_by_path(p)
    {
        return Some(Source::Article(a));
    }
    let text = text?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.text.hash(&mut h);
    // the generation of the knowledge base the analysis is made with, from the same snapshot
    let key = (snap.generation, h.finish());
    if let Some(st) = state
        && let Some(hit) = st.note_cache.get(uri).filter(|c| c.0 == key)
    {
        return Some(Source::Note {
            text,
            index: hit.1.clone(),
        });
    }
    let dir = path.as_ref().and_then(|p| p.parent().map(PathBuf::from));
    let index = Arc::new(crate::check::analyze_note(kb, &text, dir.as_deref()));
    if let Some(st) = state {
        st.note_cache.insert(uri.clone(), (key, index.clone()));
    }
    Some(Source::Note { text, index })
}

/// A note that is not open, as last read: (file size, modification time), the generation it
/// was analysed with, its text and analysis.
pub type DiskNote = (
    (u64, Option<std::time::SystemTime>),
    u64,
    Arc<position::Text>,
    Arc<NoteIndex>,
);

/// A note that is not open: read and analysed again only when its file or the knowledge base
/// changed since the last time (a request over all notes reads only what changed).
pub fn closed_note(
    state: &State,
    snap: &Snapshot,
    path: &std::path::Path,
) -> Option<(Arc<position::Text>, Arc<NoteIndex>)> {
    let meta = std::fs::metadata(path).ok()?;
    let stamp = (meta.len(), meta.modified().ok());
    if let Some(hit) = state
        .disk_notes
        .get(path)
        .filter(|h| h.0 == stamp && h.1 == snap.generation)
    {
        return Some((hit.2.clone(), hit.3.clone()));
    }
    let uri = position::to_uri(path)?;
    let Source::Note { text, index } = read_source(state, snap, &uri)? else {
        return None;
    };
    state.disk_notes.insert(
        path.to_path_buf(),
        (stamp, snap.generation, text.clone(), index.clone()),
    );
    Some((text, index))
}

/// A document as it is to the server: an article (nothing read), else a note read under the
/// reading policy and analysed (cached).
pub fn read_source(state: &State, snap: &Snapshot, uri: &Uri) -> Option<Source> {
    if let Some(p) = position::from_uri(uri)
        && let Some(a) = snap.kb.article_by_path(&p)
    {
        return Some(Source::Article(a));
    }
    source_in(Some(state), snap, uri, document_text(state, snap, uri))
}

/// A document as a note (its text and analysis), or None when it is an article or unreadable.
pub fn note(
    state: &State,
    snap: &Snapshot,
    uri: &Uri,
) -> Option<(Arc<position::Text>, Arc<NoteIndex>)> {
    match read_source(state, snap, uri)? {
        Source::Note { text, index } => Some((text, index)),
        Source::Article(_) => None,
    }
}

pub use position::{article_converter, article_location, article_location_in};

/// The position a request names, as a byte offset into the document's text, with the text.
pub fn request_offset(
    state: &State,
    snap: &Snapshot,
    uri: &Uri,
    pos: Position,
) -> Option<(Source, usize)> {
    let src = read_source(state, snap, uri)?;
    let enc = state.encoding();
    let off = match &src {
        Source::Article(a) => article_converter(&snap.kb.articles[*a], enc).offset(pos),
        Source::Note { text, .. } => text.converter(enc).offset(pos),
    };
    Some((src, off))
}

/// The client command named by the initialization option `key` (`entityCommand`,
/// `reportCommand`), taken out of `init_opts`, if it is a plain command name.
fn take_client_command(init_opts: &mut Option<serde_json::Value>, key: &str) -> Option<String> {
    init_opts
        .as_mut()
        .and_then(|o| o.as_object_mut())
        .and_then(|o| o.remove(key))
        .and_then(|c| c.as_str().map(str::to_string))
        .filter(|c| {
            !c.is_empty()
                && c.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
        })
}

/// What the client said it can do, from its capabilities.
fn client_flags(
    caps: &ClientCapabilities,
    entity_command: Option<String>,
    report_command: Option<String>,
) -> ClientFlags {
    let watching = caps
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref());
    ClientFlags {
        entity_command,
        report_command,
        semantic_tokens_refresh: caps
            .workspace
            .as_ref()
            .and_then(|w| w.semantic_tokens.as_ref())
            .and_then(|t| t.refresh_support)
            .unwrap_or(false),
        inlay_hint_refresh: caps
            .workspace
            .as_ref()
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|t| t.refresh_support)
            .unwrap_or(false),
        work_done_progress: caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        configuration: caps
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false),
        watch_registration: watching
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        watch_relative: watching
            .and_then(|d| d.relative_pattern_support)
            .unwrap_or(false),
        // pull only when the client can also be told to pull again once the corpus is
        // indexed; otherwise a note opened during indexing would stay without findings
        pull_diagnostics: caps
            .text_document
            .as_ref()
            .and_then(|t| t.diagnostic.as_ref())
            .is_some()
            && caps
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
    }
}

/// The workspace folders, else the root URI, as paths.
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| position::from_uri(&f.uri))
        .collect();
    #[allow(deprecated)]
    if roots.is_empty()
        && let Some(p) = params.root_uri.as_ref().and_then(position::from_uri)
    {
        roots.push(p);
    }
    roots
}

/// What the server can do, with UTF-8 positions when `utf8`.
fn server_capabilities(utf8: bool) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(if utf8 {
            PositionEncodingKind::UTF8
        } else {
            PositionEncodingKind::UTF16
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["@".into(), "[".into()]),
            ..Default::default()
        }),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: semantic_tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: Some(false),
                ..Default::default()
            },
        )),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some("dossier".into()),
            inter_file_dependencies: true,
            workspace_diagnostics: true,
            work_done_progress_options: Default::default(),
        })),
        ..Default::default()
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        *write(&self.state.encoding) = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let roots = workspace_roots(&params);
        // `entityCommand` and `reportCommand` are the client's, not settings: taken out before
        // the settings are read
        let mut init_opts = params.initialization_options;
        let entity_command = take_client_command(&mut init_opts, "entityCommand");
        let report_command = take_client_command(&mut init_opts, "reportCommand");
        *write(&self.state.flags) = client_flags(caps, entity_command, report_command);
        *write(&self.state.roots) = roots;
        if let Some(opts) = init_opts.filter(|o| o.as_object().is_none_or(|m| !m.is_empty())) {
            match Settings::from_json(&opts) {
                Ok(s) => *write(&self.state.settings) = s,
                Err(e) => {
                    self.log(
                        LogLevel::Warn,
                        format!("initializationOptions ignored: {e}"),
                    )
                    .await
                }
            }
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "dossier".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
            capabilities: server_capabilities(utf8),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        settings::pull(&self.client, &self.state).await;
        indexing::register_watchers(&self.client, &self.state).await;
        let (client, state) = (self.client.clone(), self.state.clone());
        tokio::spawn(async move { indexing::reindex(&client, &state, None).await });
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, p: DidOpenTextDocumentParams) {
        let uri = p.text_document.uri.clone();
        documents::open(&self.state, p);
        diagnostics::schedule(&self.client, &self.state, uri);
    }

    async fn did_change(&self, p: DidChangeTextDocumentParams) {
        let uri = p.text_document.uri.clone();
        match documents::change(&self.state, p) {
            Ok(()) => diagnostics::schedule(&self.client, &self.state, uri),
            Err(e) => self.log(LogLevel::Warn, e).await,
        }
    }

    async fn did_close(&self, p: DidCloseTextDocumentParams) {
        self.state.docs.remove(&p.text_document.uri);
        self.state.published.remove(&p.text_document.uri);
        self.state.note_cache.remove(&p.text_document.uri);
    }

    async fn did_change_configuration(&self, p: DidChangeConfigurationParams) {
        let before = self.state.settings();
        settings::changed(&self.client, &self.state, p.settings).await;
        let (client, state) = (self.client.clone(), self.state.clone());
        tokio::spawn(async move {
            if !indexing::severity_only(&client, &state, &before).await {
                indexing::reindex(&client, &state, None).await
            }
        });
    }

    async fn did_change_watched_files(&self, p: DidChangeWatchedFilesParams) {
        indexing::files_changed(&self.client, &self.state, p.changes).await;
    }

    async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
        hover::hover(&self.state, p).await
    }

    async fn goto_definition(
        &self,
        p: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        definition::definition(&self.state, p).await
    }

    async fn references(&self, p: ReferenceParams) -> Result<Option<Vec<Location>>> {
        definition::references(&self.state, p).await
    }

    async fn document_link(&self, p: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        links::document_links(&self.state, p).await
    }

    async fn completion(&self, p: CompletionParams) -> Result<Option<CompletionResponse>> {
        completion::completion(&self.state, p).await
    }

    async fn symbol(&self, p: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        symbols::workspace_symbols(&self.state, p).await
    }

    async fn document_symbol(
        &self,
        p: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        symbols::document_symbols(&self.state, p).await
    }

    async fn semantic_tokens_full(
        &self,
        p: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        semantic_tokens::full(&self.state, p).await
    }

    async fn inlay_hint(&self, p: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        inlay_hints::inlay_hints(&self.state, p).await
    }

    async fn code_action(&self, p: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        code_actions::code_actions(&self.state, p).await
    }

    async fn diagnostic(
        &self,
        p: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        diagnostics::pull(&self.state, p).await
    }

    async fn workspace_diagnostic(
        &self,
        p: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        diagnostics::pull_workspace(&self.state, p).await
    }
}

/// The service for a transport: used by `transport::serve` and by the in-process tests.
/// `log_stderr`: whether logs also go to stderr (they always go to `window/logMessage`).
pub fn service(
    log_level: LogLevel,
    log_stderr: bool,
) -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    service_with(ServiceOptions {
        log_level,
        log_stderr,
        debug_methods: false,
    })
}

pub fn service_with(opts: ServiceOptions) -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    LspService::build(move |client| Backend::new(client, opts))
        .custom_method("dossier/stats", Backend::stats)
        .custom_method("dossier/entity", Backend::entity)
        .custom_method("dossier/debug", Backend::debug)
        .finish()
}

impl Backend {
    /// `dossier/entity`: `{"name": …, "kind"?: …}` → `{"name", "kind", "markdown"}`, the whole card
    /// of the most mentioned entity of that name (and kind), or `null` when the corpus has none.
    pub async fn entity(&self, p: serde_json::Value) -> Result<serde_json::Value> {
        let Some(name) = p.get("name").and_then(|v| v.as_str()).map(str::to_string) else {
            return Err(Error::invalid_params(
                "expected {\"name\": string, \"kind\"?: string}",
            ));
        };
        let kind = p.get("kind").and_then(|v| v.as_str()).map(str::to_string);
        let state = self.state.clone();
        blocking(move || {
            let snap = state.snapshot();
            let kb = snap.kb.clone();
            let Some(e) = ide::entity_by_name(&kb, &name, kind.as_deref()) else {
                return serde_json::Value::Null;
            };
            let opts = ide::CardOptions {
                full: true,
                ..Default::default()
            };
            serde_json::json!({
                "name": kb.entities[e].name,
                "kind": kb.entities[e].kind.as_str(),
                "markdown": ide::hover_entity(&kb, e, &opts),
            })
        })
        .await
    }

    /// `dossier/stats`: counts of the work done so far, and the index's size.
    pub async fn stats(&self, _: serde_json::Value) -> Result<serde_json::Value> {
        let s = &self.state;
        let snap = s.snapshot();
        let kb = &snap.kb;
        Ok(serde_json::json!({
            "generation": snap.generation,
            "filesRead": s.files_read.load(Ordering::SeqCst),
            "notesChecked": s.notes_checked.load(Ordering::SeqCst),
            "checkFactsBuilt": s.check_facts_built.load(Ordering::SeqCst),
            "summariesBuilt": s.summaries_built.load(Ordering::SeqCst),
            "articlesAnalysed": s.articles_analysed.load(Ordering::SeqCst),
            "indexSaves": s.index_saves.load(Ordering::SeqCst),
            "storedSwaps": s.stored_swaps.load(Ordering::SeqCst),
            "articles": kb.articles.len(),
            // per-article records decoded into memory (the rest is read in place)
            "decoded": {
                "articles": kb.articles.resident(),
                "facts": kb.facts.resident(),
                "prepared": kb.prepared.resident(),
                "matches": kb.matches.resident(),
            },
            "entities": kb.entities.iter().filter(|e| !e.mentions.is_empty()).count(),
            "ready": s.ready.load(Ordering::SeqCst),
        }))
    }

    /// `dossier/debug`, served only with `ServiceOptions::debug_methods` (the tests'
    /// `DOSSIER_DEBUG_METHODS=1`): `{"sleepMs": n}` waits on the async side, `{"blockMs": n}` on
    /// the blocking pool, `{"panic": "async" | "blocking"}` panics there (the blocking one while
    /// holding the snapshot's lock, poisoning it).
    pub async fn debug(&self, p: serde_json::Value) -> Result<serde_json::Value> {
        if !self.state.debug_methods {
            return Err(Error::method_not_found());
        }
        if let Some(ms) = p["sleepMs"].as_u64() {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        }
        if let Some(ms) = p["blockMs"].as_u64() {
            blocking(move || std::thread::sleep(std::time::Duration::from_millis(ms))).await?;
        }
        match p["panic"].as_str() {
            Some("async") => panic!("dossier/debug: a panic on request"),
            Some("blocking") => {
                let state = self.state.clone();
                blocking(move || {
                    let _held = state.snapshot.write();
                    panic!("dossier/debug: a panic on request, holding the snapshot lock")
                })
                .await?;
            }
            _ => {}
        }
        Ok(serde_json::Value::Null)
    }
}

/// Runs the server on stdin/stdout until `exit` or the end of the input, through the
/// server's own transport (`transport`), and returns the process's exit code: 0 after
/// `shutdown`, 1 without. The caller ends the process at once (`std::process::exit`), without
/// waiting for work still running.
/// `log_stderr`: whether logs also go to stderr (`dossier lsp --log-to client` turns it off for
/// clients that show stderr and `window/logMessage` in one place, like VS Code).
pub async fn run_stdio(
    log_level: LogLevel,
    log_stderr: bool,
    request_timeout: std::time::Duration,
) -> i32 {
    let opts = transport::Options {
        service: ServiceOptions {
            log_level,
            log_stderr,
            debug_methods: std::env::var_os("DOSSIER_DEBUG_METHODS").is_some_and(|v| v == "1"),
        },
        request_timeout,
    };
    transport::serve(tokio::io::stdin(), tokio::io::stdout(), opts).await
}

#[cfg(test)]
mod snapshot_tests {
    use super::*;
    use std::path::Path;

    fn note_index(src: Option<Source>) -> Arc<NoteIndex> {
        match src {
            Some(Source::Note { index, .. }) => index,
            _ => panic!("not a note"),
        }
    }

    /// A request that started before a re-index caches its analysis under the generation of the
    /// knowledge base it analysed with, so a request on the new one never reuses it (issue 12,
    /// fault 18: the generation was read apart from the knowledge base it labels).
    #[test]
    fn an_analysis_is_cached_under_the_generation_it_was_made_with() {
        let (service, _socket) = service(LogLevel::Error, false);
        let state = service.inner().state.clone();
        let gaz = crate::kb::gazetteer::Gazetteer::builtin();
        let kb = |t: &str| {
            Arc::new(KnowledgeBase::from_texts(
                vec![(PathBuf::from("/c/a.txt"), t.to_string())],
                Path::new("/c"),
                gaz,
            ))
        };
        state.install(kb("News\n\nLaos and Thailand met on Monday.\n"));
        let old = state.snapshot();
        // a re-index lands while the request on `old` is still working
        state.install(kb("News\n\nLaos and Vietnam met on Monday.\n"));
        let new = state.snapshot();
        assert_eq!(new.generation, old.generation + 1);
        let uri: Uri = "file:///w/notes/n.md".parse().unwrap();
        let text = Arc::new(position::Text::new("Laos met Vietnam.\n".into()));
        let from_old = note_index(source_in(Some(&state), &old, &uri, Some(text.clone())));
        let from_new = note_index(source_in(Some(&state), &new, &uri, Some(text.clone())));
        assert!(!Arc::ptr_eq(&from_old, &from_new));
        // and the new one is what a later request on the new knowledge base reuses
        let again = note_index(source_in(Some(&state), &new, &uri, Some(text)));
        assert!(Arc::ptr_eq(&from_new, &again));
    }
}
