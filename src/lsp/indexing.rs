//! Building the knowledge base in the background: at start, when settings change and when
//! corpus files change (only changed files are read again). Reports `$/progress` when the
//! client supports it; requests meanwhile are answered from the previous snapshot.

use super::{LogLevel, State, blocking, log};
use crate::corpus::{self, ReadOutcome};
use crate::gazetteer::Gazetteer;
use crate::kb::KnowledgeBase;
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::*;

/// Rebuilds the knowledge base. `changed`: the corpus files known to have changed (None: check
/// every file).
pub async fn reindex(client: &Client, state: &Arc<State>, changed: Option<Vec<PathBuf>>) {
    let _guard = state.index_lock.lock().await;
    let root = state
        .root()
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    let settings = state.settings.read().map(|s| s.clone()).unwrap_or_default();
    let mut problems = Vec::new();
    let cfg = match settings.apply_checked(&root, &mut problems) {
        Ok(c) => c,
        Err(e) => {
            log(client, state, LogLevel::Error, e).await;
            return;
        }
    };
    for p in problems {
        log(client, state, LogLevel::Warn, p).await;
    }
    if let Ok(mut c) = state.config.write() {
        *c = Some(cfg.clone());
    }
    let files = {
        let cfg = cfg.clone();
        match blocking(move || cfg.corpus_files()).await {
            Ok(f) => f,
            Err(e) => {
                log(client, state, LogLevel::Error, e.message.to_string()).await;
                return;
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
    let progress = begin_progress(client, state, files.len()).await;

    // the texts of the current knowledge base serve for the files that did not change; the
    // rest is read again, in slices, reporting as we go
    let current = state.kb();
    let known: std::collections::HashMap<&PathBuf, usize> = current
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (&a.path, i))
        .collect();
    let to_read: Vec<PathBuf> = files
        .iter()
        .filter(|f| !known.contains_key(f) || changed.as_ref().is_none_or(|c| c.contains(f)))
        .cloned()
        .collect();
    let fresh: std::collections::HashSet<&PathBuf> = to_read.iter().collect();
    let mut texts: Vec<(PathBuf, String)> = files
        .iter()
        .filter(|f| !fresh.contains(f))
        .filter_map(|f| {
            known
                .get(f)
                .map(|&i| (f.clone(), current.articles[i].text.clone()))
        })
        .collect();
    let total = to_read.len().max(1);
    let mut done = 0;
    for chunk in to_read.chunks(64) {
        let chunk = chunk.to_vec();
        let max = cfg.max_file_size;
        let counter = state.clone();
        let read = blocking(move || {
            chunk
                .into_iter()
                .map(|p| {
                    let r = corpus::read_article_text(&p, max);
                    counter
                        .files_read
                        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    (p, r)
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        for (p, r) in read {
            match r {
                ReadOutcome::Ok { text, warning } => {
                    if let Some(w) = warning {
                        log(client, state, LogLevel::Warn, w).await;
                    }
                    texts.push((p, text));
                }
                ReadOutcome::Skipped(w) => log(client, state, LogLevel::Warn, w).await,
            }
            done += 1;
        }
        if let Some(p) = &progress {
            p.report(
                client,
                format!("read {done}/{total} files"),
                (done * 80 / total) as u32,
            )
            .await;
        }
    }
    drop(known);
    drop(current);
    texts.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(p) = &progress {
        p.report(client, "analysing".into(), 85).await;
    }
    let root2 = cfg.root.clone();
    match blocking(move || KnowledgeBase::from_texts(texts, &root2, Gazetteer::builtin())).await {
        Ok(kb) => {
            let msg = format!(
                "indexed {} articles, {} entities, {} signings",
                kb.articles.len(),
                kb.entities.len(),
                kb.events.len()
            );
            if let Ok(mut cur) = state.kb.write() {
                *cur = Arc::new(kb);
            }
            state
                .generation
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            state.ready.store(true, std::sync::atomic::Ordering::SeqCst);
            if let Some(p) = progress {
                p.end(client, msg.clone()).await;
            }
            log(client, state, LogLevel::Info, msg).await;
            // the evidence changed: check the open notes again
            super::diagnostics::refresh_open(client, state).await;
        }
        Err(e) => {
            let msg = format!("indexing failed: {}", e.message);
            if let Some(p) = progress {
                p.end(client, msg.clone()).await;
            }
            log(client, state, LogLevel::Error, msg).await
        }
    }
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
    if !state
        .flags
        .read()
        .map(|f| f.work_done_progress)
        .unwrap_or(false)
    {
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
                .filter_map(Uri::from_file_path)
                .map(|uri| FileEvent {
                    uri,
                    typ: FileChangeType::CHANGED,
                })
                .collect();
            files_changed(&client, &state, changes).await;
        }
    });
}

/// Asks the client to watch the corpus, notes and `dossier.toml`, when it can.
pub async fn register_watchers(client: &Client, state: &Arc<State>) {
    if !state
        .flags
        .read()
        .map(|f| f.watch_registration)
        .unwrap_or(false)
    {
        watch_with_notify(client, state).await;
        return;
    }
    let watchers = ["**/*.txt", "**/*.md", "**/dossier.toml"]
        .iter()
        .map(|g| FileSystemWatcher {
            glob_pattern: GlobPattern::String((*g).into()),
            kind: None,
        })
        .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    let reg = Registration {
        id: "dossier-watch".into(),
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
        .filter_map(|c| c.uri.to_file_path().map(|p| p.into_owned()))
        .collect();
    let config_changed = paths.iter().any(|p| {
        p.file_name()
            .is_some_and(|n| n == crate::config::CONFIG_FILE)
    });
    let corpus_changed: Vec<PathBuf> = paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
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
