//! Building the knowledge base in the background: at start, when settings change and when
//! corpus files change (only changed files are read again, only changed articles analysed
//! again). The first build starts from the persistent index when there is one, and every build
//! that changed something is written back to it in the background. Reports `$/progress` when the
//! client supports it; requests meanwhile are answered from the previous snapshot.

use super::{LogLevel, State, blocking, log};
use crate::corpus::config::Config;
use crate::kb::KnowledgeBase;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::*;

/// A settings change (from `before` to the current settings) that changes no more than
/// severities: the new configuration is taken and the notes are checked again, without
/// re-indexing. False (nothing done) when anything else changed, or before the first index.
pub async fn severity_only(
    client: &Client,
    state: &Arc<State>,
    before: &super::settings::Settings,
) -> bool {
    let _guard = state.index_lock.lock().await;
    let snap = state.snapshot();
    let (Some(old), true) = (&snap.config, state.ready.load(Ordering::SeqCst)) else {
        return false;
    };
    let settings = state.settings();
    if settings.values.index_dir != before.values.index_dir {
        return false;
    }
    let mut problems = Vec::new();
    let Ok(new) = settings.apply_checked(&old.root, &mut problems) else {
        return false;
    };
    let same_but_severity = crate::corpus::config::Config {
        severity: old.severity.clone(),
        ..new.clone()
    } == **old;
    if !same_but_severity {
        return false;
    }
    for p in problems {
        log(client, state, LogLevel::Warn, p).await;
    }
    if new.severity != old.severity {
        state.set_config(new);
        log(
            client,
            state,
            LogLevel::Info,
            "severities changed: notes checked again (no re-index)".into(),
        )
        .await;
        super::diagnostics::refresh_open(client, state).await;
    }
    true
}

/// Rebuilds the knowledge base. `changed`: the corpus files known to have changed (None: check
/// every file).
pub async fn reindex(client: &Client, state: &Arc<State>, changed: Option<Vec<PathBuf>>) {
    reindex_from(client, state, changed, false).await
}

/// Indexes the corpus; `fresh`: from nothing (neither the knowledge base in use nor the
/// persistent index is a prior: the index was found damaged after it was loaded).
async fn reindex_from(
    client: &Client,
    state: &Arc<State>,
    changed: Option<Vec<PathBuf>>,
    fresh: bool,
) {
    let _guard = state.index_lock.lock().await;
    let root = state
        .root()
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    let settings = state.settings();
    let Some(cfg) = configure(client, state, &settings, &root).await else {
        return;
    };
    // the persistent index: where, and (before the first build) what it holds; loaded before
    // the corpus is even listed, so that requests are answered from it at once
    let (index_path, identity, index_problems) = settings.index_location(&cfg);
    for p in index_problems {
        log(client, state, LogLevel::Warn, p).await;
    }
    let mut current = match fresh {
        false => state.snapshot().kb.clone(),
        true => Arc::new(KnowledgeBase::default()),
    };
    let mut loaded = false;
    if fresh {
        // never a prior, nor an index loaded
    } else if let Some(kb) = load_index(client, state, index_path.clone(), &identity).await {
        current = kb;
        loaded = true;
    }
    let Some(files) = list_corpus(client, state, &cfg, &root).await else {
        return;
    };
    let progress = begin_progress(client, state, files.len()).await;
    let has_prior = !current.articles.is_empty() || loaded;
    let build = Build {
        current: current.clone(),
        files,
        cfg: &cfg,
        changed,
        has_prior,
    };
    let up = match build.run(client, progress.as_ref()).await {
        Ok(up) => up,
        Err(e) => {
            let msg = format!("indexing failed: {e}");
            if let Some(p) = progress {
                p.end(client, msg.clone()).await;
            }
            log(client, state, LogLevel::Error, msg).await;
            return;
        }
    };
    let changed_kb = up.kb.is_some();
    let kb = take_update(client, state, up, current, loaded).await;
    announce(client, state, &kb, progress).await;
    if changed_kb && let Some(path) = index_path {
        save_later(client.clone(), state.clone(), kb, path, identity);
    }
    // the evidence changed: check the open notes again, and have the client ask again for
    // what it asked before (colours and date hints of notes opened while indexing)
    ask_for_refresh(client, state);
    super::diagnostics::refresh_open(client, state).await;
}

/// Applies the settings (problems logged), makes them current and watches their globs.
async fn configure(
    client: &Client,
    state: &Arc<State>,
    settings: &super::settings::Settings,
    root: &std::path::Path,
) -> Option<Config> {
    let mut problems = Vec::new();
    let cfg = match settings.apply_checked(root, &mut problems) {
        Ok(c) => c,
        Err(e) => {
            log(client, state, LogLevel::Error, e).await;
            return None;
        }
    };
    for p in problems {
        log(client, state, LogLevel::Warn, p).await;
    }
    state.set_config(cfg.clone());
    {
        // a configuration with other globs: watch those (not awaited under the index lock)
        let (client, state, cfg) = (client.clone(), state.clone(), cfg.clone());
        tokio::spawn(async move { watch_globs(&client, &state, &cfg).await });
    }
    Some(cfg)
}

/// Before the first build, loads and installs the persistent index at `path`, if there is one.
async fn load_index(
    client: &Client,
    state: &Arc<State>,
    path: Option<PathBuf>,
    identity: &str,
) -> Option<Arc<KnowledgeBase>> {
    if state.ready.load(Ordering::SeqCst) {
        return None;
    }
    let path = path?;
    let id = identity.to_string();
    match blocking(move || crate::kb::index::load(&path, &id, crate::kb::index::Access::Map)).await
    {
        Ok(Ok(kb)) => {
            log(
                client,
                state,
                LogLevel::Info,
                format!("loaded the index of {} articles", kb.articles.len()),
            )
            .await;
            let kb = Arc::new(kb);
            install(state, kb.clone());
            verify_later(client.clone(), state.clone(), kb.clone());
            return Some(kb);
        }
        Ok(Err(crate::kb::index::LoadError::Missing)) => {}
        Ok(Err(e)) => log(client, state, LogLevel::Warn, format!("{e}; rebuilding it")).await,
        Err(e) => log(client, state, LogLevel::Warn, e.message.to_string()).await,
    }
    None
}

/// Verifies in the background what loading the index left for later (the checksum of all
/// its records, `index::verify_stored`); a damaged index is said to be so and the corpus is
/// indexed again from nothing (then written anew).
fn verify_later(client: Client, state: Arc<State>, kb: Arc<KnowledgeBase>) {
    tokio::spawn(async move {
        if let Ok(Err(e)) = blocking(move || crate::kb::index::verify_stored(&kb)).await {
            log(
                &client,
                &state,
                LogLevel::Warn,
                format!("{e}; rebuilding it"),
            )
            .await;
            reindex_from(&client, &state, None, true).await;
        }
    });
}

/// The corpus files of `cfg` (a warning when there are none; None when listing failed).
async fn list_corpus(
    client: &Client,
    state: &Arc<State>,
    cfg: &Config,
    root: &std::path::Path,
) -> Option<Vec<PathBuf>> {
    let files = {
        let cfg = cfg.clone();
        match blocking(move || cfg.corpus_files()).await {
            Ok(f) => f,
            Err(e) => {
                log(client, state, LogLevel::Error, e.message.to_string()).await;
                return None;
            }
        }
    };
    if files.is_empty() {
        log(
            client,
            state,
            LogLevel::Warn,
            format!(
                "no corpus files under {} (globs: {})",
                root.display(),
                cfg.corpus.join(", ")
            ),
        )
        .await;
    }
    Some(files)
}

/// One update of the knowledge base, to run on the blocking pool.
struct Build<'a> {
    /// The knowledge base to start from.
    current: Arc<KnowledgeBase>,
    /// The corpus files.
    files: Vec<PathBuf>,
    /// The configuration (root and size limit).
    cfg: &'a Config,
    /// The files known to have changed (None: check every file).
    changed: Option<Vec<PathBuf>>,
    /// Whether `current` is a build to start from (else a cold build).
    has_prior: bool,
}

impl Build<'_> {
    /// Brings the knowledge base up to date (only files that changed are read, only articles
    /// that changed analysed), reporting progress as files are checked.
    async fn run(
        self,
        client: &Client,
        progress: Option<&Progress>,
    ) -> Result<crate::kb::Update, tokio::task::JoinError> {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, usize)>();
        let job = {
            let (current, files, root, max) = (
                self.current,
                self.files,
                self.cfg.root.clone(),
                self.cfg.max_file_size,
            );
            let changed: Option<HashSet<PathBuf>> = self.changed.map(|c| c.into_iter().collect());
            let has_prior = self.has_prior;
            tokio::task::spawn_blocking(move || {
                let step = (files.len() / 20).max(64);
                let report = move |done: usize, total: usize| {
                    if done.is_multiple_of(step) || done == total {
                        let _ = tx.send((done, total));
                    }
                };
                let prior = has_prior.then_some(current.as_ref());
                KnowledgeBase::update(prior, &files, &root, max, changed.as_ref(), &report)
            })
        };
        tokio::pin!(job);
        loop {
            tokio::select! {
                r = &mut job => break r,
                Some((done, total)) = rx.recv() => {
                    if let Some(p) = progress {
                        let pct = (done * 80 / total.max(1)) as u32;
                        p.report(client, format!("checked {done}/{total} files"), pct).await;
                    }
                }
            }
        }
    }
}

/// Takes in a finished update (warnings logged, work counted) and returns the knowledge base
/// that is now current: the new one, or `current` when nothing changed.
async fn take_update(
    client: &Client,
    state: &Arc<State>,
    up: crate::kb::Update,
    current: Arc<KnowledgeBase>,
    loaded: bool,
) -> Arc<KnowledgeBase> {
    for w in &up.warnings {
        log(client, state, LogLevel::Warn, w.clone()).await;
    }
    state
        .files_read
        .fetch_add(up.work.read as u64, Ordering::SeqCst);
    state
        .articles_analysed
        .fetch_add(up.work.extracted as u64, Ordering::SeqCst);
    let kb = match up.kb {
        Some(kb) => {
            let kb = Arc::new(kb);
            install(state, kb.clone());
            kb
        }
        None => {
            if !loaded {
                // nothing changed, but this still counts as a (re)build for result ids
                state.bump_generation();
            }
            current
        }
    };
    state.ready.store(true, Ordering::SeqCst);
    kb
}

/// Says what was indexed, in the log and at the end of the progress.
async fn announce(
    client: &Client,
    state: &Arc<State>,
    kb: &KnowledgeBase,
    progress: Option<Progress>,
) {
    // entities of the corpus: the built-in countries and organizations it never mentions are
    // entities too (notes may name them), but not what the corpus holds
    let msg = format!(
        "indexed {} articles, {} entities, {} signings",
        kb.articles.len(),
        kb.entities
            .iter()
            .filter(|e| !e.mentions.is_empty())
            .count(),
        kb.events.len()
    );
    if let Some(p) = progress {
        p.end(client, msg.clone()).await;
    }
    log(client, state, LogLevel::Info, msg).await;
}

/// Asks the client, when it supports it, to ask again for semantic tokens and inlay hints.
fn ask_for_refresh(client: &Client, state: &State) {
    let flags = state.flags();
    for (wanted, tokens) in [
        (flags.semantic_tokens_refresh, true),
        (flags.inlay_hint_refresh, false),
    ] {
        if wanted {
            let c = client.clone();
            tokio::spawn(async move {
                let _ = if tokens {
                    c.semantic_tokens_refresh().await
                } else {
                    c.inlay_hint_refresh().await
                };
            });
        }
    }
}

/// Makes `kb` the current knowledge base, and builds its lookup tables in the background so
/// that the first requests do not pay for them.
fn install(state: &State, kb: Arc<KnowledgeBase>) {
    state.install(kb.clone());
    tokio::task::spawn_blocking({
        let summaries_built = state.summaries_built.clone();
        move || warm(&kb, &summaries_built)
    });
}

/// Builds what requests look up in `kb` (on the blocking pool), so the first ones need not.
fn warm(kb: &KnowledgeBase, summaries_built: &std::sync::atomic::AtomicU64) {
    kb.folded_names();
    kb.spellings();
    kb.folded_titles();
    super::summary_counted(kb, summaries_built);
    kb.articles_by_id("");
    kb.article_by_path(std::path::Path::new(""));
}

/// Writes the persistent index in the background, unless a newer knowledge base has replaced
/// `kb` by the time it is its turn (that one is written instead).
fn save_later(
    client: Client,
    state: Arc<State>,
    kb: Arc<KnowledgeBase>,
    path: PathBuf,
    identity: String,
) {
    let generation = state.snapshot().generation;
    tokio::spawn(async move {
        let st = state.clone();
        let saved = blocking(move || {
            let _one_at_a_time = st.save_lock.lock();
            if st.snapshot().generation != generation {
                return None;
            }
            // the index holds the summary: built here when the warm-up has not yet (counted)
            super::summary_counted(&kb, &st.summaries_built);
            let saved = crate::kb::index::save(&path, &identity, &kb)
                .map_err(|e| format!("{}: {e}", path.display()));
            if saved.is_ok() {
                // the knowledge base as stored, read in place, replaces the one built: its
                // articles' texts, facts and caches leave memory; it holds the same summary
                let access = crate::kb::index::Access::Map;
                if let Ok(stored) = crate::kb::index::load(&path, &identity, access) {
                    drop(kb);
                    let stored = Arc::new(stored);
                    warm(&stored, &st.summaries_built);
                    if st.replace_with_stored(generation, stored) {
                        st.stored_swaps.fetch_add(1, Ordering::SeqCst);
                    }
                }
            }
            Some(saved)
        })
        .await;
        match saved {
            Ok(Some(Ok(()))) => {
                state.index_saves.fetch_add(1, Ordering::SeqCst);
            }
            Ok(Some(Err(e))) => {
                log(
                    &client,
                    &state,
                    LogLevel::Warn,
                    format!("cannot write the index: {e}"),
                )
                .await
            }
            Ok(None) => {}
            Err(e) => log(&client, &state, LogLevel::Warn, e.message.to_string()).await,
        }
    });
}

/// A work-done progress the server created.
pub struct Progress {
    token: ProgressToken,
}

impl Progress {
    async fn send(&self, client: &Client, value: WorkDoneProgress) {
        client
            .send_notification::<notification::Progress>(ProgressParams {
                token: self.token.clone(),
                value: ProgressParamsValue::WorkDone(value),
            })
            .await;
    }

    async fn report(&self, client: &Client, message: String, percentage: u32) {
        self.send(
            client,
            WorkDoneProgress::Report(WorkDoneProgressReport {
                cancellable: Some(false),
                message: Some(message),
                percentage: Some(percentage.min(100)),
            }),
        )
        .await;
    }

    async fn end(&self, client: &Client, message: String) {
        self.send(
            client,
            WorkDoneProgress::End(WorkDoneProgressEnd {
                message: Some(message),
            }),
        )
        .await;
    }
}

async fn begin_progress(client: &Client, state: &State, files: usize) -> Option<Progress> {
    if !state.flags().work_done_progress {
        return None;
    }
    let token = ProgressToken::String(format!("dossier-index-{}", std::process::id()));
    let created = client
        .send_request::<request::WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
            token: token.clone(),
        })
        .await;
    if created.is_err() {
        return None;
    }
    let p = Progress { token };
    p.send(
        client,
        WorkDoneProgress::Begin(WorkDoneProgressBegin {
            title: "Dossier: indexing the corpus".into(),
            cancellable: Some(false),
            message: Some(format!("{files} files")),
            percentage: Some(0),
        }),
    )
    .await;
    Some(p)
}

/// Watches the workspace ourselves (the notify crate) when the client cannot watch for us.
async fn watch_with_notify(client: &Client, state: &Arc<State>) {
    use notify::{RecursiveMode, Watcher};
    let Some(root) = state.root() else { return };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Vec<PathBuf>>();
    let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res
            && !matches!(ev.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(ev.paths);
        }
    });
    let watcher = watcher.and_then(|mut w| w.watch(&root, RecursiveMode::Recursive).map(|_| w));
    let watcher = match watcher {
        Ok(w) => w,
        Err(e) => {
            log(
                client,
                state,
                LogLevel::Warn,
                format!("cannot watch {}: {e}", root.display()),
            )
            .await;
            return;
        }
    };
    let (client, state) = (client.clone(), state.clone());
    tokio::spawn(async move {
        let _keep = watcher;
        while let Some(mut paths) = rx.recv().await {
            // gather a burst of events (an editor's save is several) into one re-index
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            while let Ok(more) = rx.try_recv() {
                paths.extend(more);
            }
            let changes = paths
                .into_iter()
                .filter_map(|p| super::position::to_uri(&p))
                .map(|uri| FileEvent {
                    uri,
                    typ: FileChangeType::CHANGED,
                })
                .collect();
            files_changed(&client, &state, changes).await;
        }
    });
}

/// Asks the client to watch the corpus, notes and `dossier.toml`, when it can; else watches
/// the workspace itself.
pub async fn register_watchers(client: &Client, state: &Arc<State>) {
    if !state.flags().watch_registration {
        watch_with_notify(client, state).await;
        return;
    }
    let cfg = state.config(&state.snapshot());
    watch_globs(client, state, &cfg).await;
}

/// Registers the configuration's globs ([`crate::corpus::config::Config::watch_globs`]) with the
/// client, replacing those registered before; nothing when they are the same.
pub async fn watch_globs(client: &Client, state: &Arc<State>, cfg: &crate::corpus::config::Config) {
    const ID: &str = "dossier-watch";
    if !state.flags().watch_registration {
        return;
    }
    let globs = cfg.watch_globs();
    let before = {
        let mut w = state
            .watched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if *w == globs {
            return;
        }
        std::mem::replace(&mut *w, globs.clone())
    };
    if !before.is_empty() {
        let un = Unregistration {
            id: ID.into(),
            method: notification::DidChangeWatchedFiles::METHOD.into(),
        };
        let _ = client.unregister_capability(vec![un]).await;
    }
    let relative = state.flags().watch_relative;
    let base = super::position::to_uri(&cfg.root);
    let watchers = globs
        .iter()
        .map(|g| FileSystemWatcher {
            glob_pattern: match (&base, relative) {
                (Some(base), true) => GlobPattern::Relative(RelativePattern {
                    base_uri: OneOf::Right(base.clone()),
                    pattern: g.clone(),
                }),
                // a client without relative patterns matches whole paths
                _ => GlobPattern::String(format!(
                    "{}/{g}",
                    cfg.root
                        .to_string_lossy()
                        .replace('\\', "/")
                        .trim_end_matches('/')
                )),
            },
            kind: None,
        })
        .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    let reg = Registration {
        id: ID.into(),
        method: notification::DidChangeWatchedFiles::METHOD.into(),
        register_options: serde_json::to_value(options).ok(),
    };
    if let Err(e) = client.register_capability(vec![reg]).await {
        log(
            client,
            state,
            LogLevel::Warn,
            format!("could not register file watchers: {e}"),
        )
        .await;
    }
}

/// `workspace/didChangeWatchedFiles`: re-read changed corpus files, or everything when
/// `dossier.toml` changed.
pub async fn files_changed(client: &Client, state: &Arc<State>, changes: Vec<FileEvent>) {
    let paths: Vec<PathBuf> = changes
        .iter()
        .filter_map(|c| super::position::from_uri(&c.uri))
        .collect();
    let config_changed = paths.iter().any(|p| {
        p.file_name()
            .is_some_and(|n| n == crate::corpus::config::CONFIG_FILE)
    });
    let corpus_changed: Vec<PathBuf> = paths
        .into_iter()
        .filter(|p| p.extension().is_some() && !crate::corpus::config::is_note_file(p))
        .collect();
    if !config_changed && corpus_changed.is_empty() {
        return;
    }
    let (client, state) = (client.clone(), state.clone());
    tokio::spawn(async move {
        reindex(
            &client,
            &state,
            if config_changed {
                None
            } else {
                Some(corpus_changed)
            },
        )
        .await;
    });
}
