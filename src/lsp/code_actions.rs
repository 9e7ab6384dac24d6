//! `textDocument/codeAction`: the fixes of the note checks (the corpus's date in the note's
//! style, the corpus spelling of a name, the right weekday) and adding the citation of the
//! supporting article.

use super::{State, blocking};
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn code_actions(
    state: &Arc<State>,
    p: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let state = state.clone();
    blocking(move || {
        let snap = state.snapshot();
        let kb = snap.kb.clone();
        let uri = p.text_document.uri;
        let (text, report) = super::diagnostics::report(&state, &snap, &uri)?;
        let enc = state.encoding();
        let conv = text.converter(enc);
        let from = conv.offset(p.range.start);
        let to = conv.offset(p.range.end);
        let touches = |r: &std::ops::Range<usize>| r.start <= to && from <= r.end;
        let edit = |span: &std::ops::Range<usize>, new_text: &str| {
            let mut changes = HashMap::new();
            changes.insert(
                uri.clone(),
                vec![TextEdit {
                    range: conv.range(span),
                    new_text: new_text.to_string(),
                }],
            );
            WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            }
        };
        let mut out: Vec<CodeActionOrCommand> = Vec::new();
        for f in report.findings.iter().filter(|f| touches(&f.span)) {
            let diag = super::diagnostics::to_lsp(&kb, &snap.article_uris, &conv, f, enc);
            for fix in &f.fixes {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag.clone()]),
                    edit: Some(edit(&fix.span, &fix.replacement)),
                    is_preferred: Some(true),
                    ..Default::default()
                }));
            }
        }
        for s in report.suggestions.iter().filter(|s| touches(&s.claim)) {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: s.fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                edit: Some(edit(&s.fix.span, &s.fix.replacement)),
                ..Default::default()
            }));
        }
        Some(out)
    })
    .await
}
