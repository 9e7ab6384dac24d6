//! Note diagnostics: pushed after edits (debounced) and when the corpus changes, or pulled
//! (`textDocument/diagnostic`, `workspace/diagnostic`) when the client supports that.

use super::{Snapshot, State, blocking, document_text, position};
use crate::check::{self, Finding, Report, Severities};
use crate::kb::KnowledgeBase;
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

const DEBOUNCE: Duration = Duration::from_millis(300);

fn severities(state: &State, snap: &Snapshot) -> Severities {
    state.config(snap).severity.clone()
}

/// Whether a document is a note (not a corpus article, Markdown).
fn is_note(kb: &KnowledgeBase, uri: &Uri) -> bool {
    let Some(path) = super::position::from_uri(uri) else {
        return false;
    };
    crate::corpus::config::is_note_file(&path) && kb.article_by_path(&path).is_none()
}

/// Checks a note's current text. Blocking.
pub fn report(state: &State, snap: &Snapshot, uri: &Uri) -> Option<(Arc<position::Text>, Report)> {
    let kb = &snap.kb;
    if !is_note(kb, uri) {
        return None;
    }
    // the note's analysis is shared with hover and the other requests on the same text
    let (text, index) = super::note(state, snap, uri)?;
    state
        .notes_checked
        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let facts = state.check_facts(snap);
    let r = check::check_analyzed_note(kb, facts, &text, &index, &severities(state, snap));
    Some((text, r))
}

/// A finding as an LSP diagnostic; its related places' URIs from `uris` (those of `kb`).
pub fn to_lsp(
    kb: &KnowledgeBase,
    uris: &position::ArticleUris,
    conv: &position::Converter,
    f: &Finding,
    enc: position::Encoding,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .filter_map(|r| {
            Some(DiagnosticRelatedInformation {
                location: super::article_location_in(kb, uris, r.article, &r.span, enc)?,
                message: r.message.clone(),
            })
        })
        .collect();
    Diagnostic {
        range: conv.range(&f.span),
        severity: Some(match f.severity {
            check::Severity::Error => DiagnosticSeverity::ERROR,
            check::Severity::Warning => DiagnosticSeverity::WARNING,
            check::Severity::Information => DiagnosticSeverity::INFORMATION,
            check::Severity::Hint => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(f.code.name().into())),
        source: Some("dossier".into()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

fn diagnostics_for(state: &State, snap: &Snapshot, uri: &Uri) -> Option<Vec<Diagnostic>> {
    if !state.ready.load(std::sync::atomic::Ordering::SeqCst) {
        return None; // published once the corpus is indexed
    }
    let kb = &snap.kb;
    let enc = state.encoding();
    let (text, r) = report(state, snap, uri)?;
    let conv = text.converter(enc);
    Some(
        r.findings
            .iter()
            .map(|f| to_lsp(kb, &snap.article_uris, &conv, f, enc))
            .collect(),
    )
}

/// After an edit: waits out the debounce, then checks and publishes, unless another edit came.
pub fn schedule(client: &Client, state: &Arc<State>, uri: Uri) {
    if state.flags().pull_diagnostics {
        return;
    }
    let version = state.docs.get(&uri).map(|d| d.version);
    let (client, state) = (client.clone(), state.clone());
    tokio::spawn(async move {
        tokio::time::sleep(DEBOUNCE).await;
        if state.docs.get(&uri).map(|d| d.version) != version {
            return; // a newer edit will publish
        }
        let s = state.clone();
        let u = uri.clone();
        if let Ok(Some(diags)) = blocking(move || diagnostics_for(&s, &s.snapshot(), &u)).await {
            state.published.insert(uri.clone(), diags.clone());
            client.publish_diagnostics(uri, diags, version).await;
        }
    });
}

/// After the corpus changed: every open note again.
pub async fn refresh_open(client: &Client, state: &Arc<State>) {
    if state.flags().pull_diagnostics {
        client.workspace_diagnostic_refresh().await.ok();
        return;
    }
    let uris: Vec<Uri> = state.docs.iter().map(|d| d.key().clone()).collect();
    for uri in uris {
        let s = state.clone();
        let u = uri.clone();
        let version = state.docs.get(&uri).map(|d| d.version);
        if let Ok(Some(diags)) = blocking(move || diagnostics_for(&s, &s.snapshot(), &u)).await {
            // only notes whose evidence changed
            if state.published.get(&uri).is_some_and(|old| *old == diags) {
                continue;
            }
            state.published.insert(uri.clone(), diags.clone());
            client.publish_diagnostics(uri, diags, version).await;
        }
    }
}

/// An id for a note's findings: the generation of the snapshot they are computed on, its
/// configuration and the note's text. The same id means the same findings, so a client that
/// sends it back gets "unchanged".
fn result_id(state: &State, snap: &Snapshot, uri: &Uri) -> Option<String> {
    use std::hash::{Hash, Hasher};
    if !state.ready.load(std::sync::atomic::Ordering::SeqCst) {
        return None;
    }
    let text = document_text(state, snap, uri)?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.text.hash(&mut h);
    format!("{:?}", state.config(snap)).hash(&mut h);
    Some(format!("{}-{:x}", snap.generation, h.finish()))
}

pub async fn pull(
    state: &Arc<State>,
    p: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let state = state.clone();
    let report = blocking(move || {
        let uri = &p.text_document.uri;
        // one snapshot for the id and the findings it names
        let snap = state.snapshot();
        let id = result_id(&state, &snap, uri);
        if let Some(id) = id
            .clone()
            .filter(|id| p.previous_result_id.as_ref() == Some(id))
        {
            return DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: id,
                },
            });
        }
        let items = diagnostics_for(&state, &snap, uri).unwrap_or_default();
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: id,
                items,
            },
        })
    })
    .await?;
    Ok(DocumentDiagnosticReportResult::Report(report))
}

pub async fn pull_workspace(
    state: &Arc<State>,
    p: WorkspaceDiagnosticParams,
) -> Result<WorkspaceDiagnosticReportResult> {
    let state = state.clone();
    let items = blocking(move || {
        let snap = state.snapshot();
        let notes = state.config(&snap).note_files();
        let previous: std::collections::HashMap<Uri, String> = p
            .previous_result_ids
            .into_iter()
            .map(|r| (r.uri, r.value))
            .collect();
        notes
            .into_iter()
            .filter_map(|p| std::path::absolute(p).ok())
            .filter_map(|p| super::position::to_uri(&p))
            .filter_map(|uri| {
                let version = state.docs.get(&uri).map(|d| d.version as i64);
                let id = result_id(&state, &snap, &uri);
                if let Some(id) = id.clone().filter(|id| previous.get(&uri) == Some(id)) {
                    // nothing changed: the note is not checked again
                    return Some(WorkspaceDocumentDiagnosticReport::Unchanged(
                        WorkspaceUnchangedDocumentDiagnosticReport {
                            uri,
                            version,
                            unchanged_document_diagnostic_report:
                                UnchangedDocumentDiagnosticReport { result_id: id },
                        },
                    ));
                }
                let diags = diagnostics_for(&state, &snap, &uri)?;
                Some(WorkspaceDocumentDiagnosticReport::Full(
                    WorkspaceFullDocumentDiagnosticReport {
                        uri,
                        version,
                        full_document_diagnostic_report: FullDocumentDiagnosticReport {
                            result_id: id,
                            items: diags,
                        },
                    },
                ))
            })
            .collect()
    })
    .await?;
    Ok(WorkspaceDiagnosticReportResult::Report(
        WorkspaceDiagnosticReport { items },
    ))
}
