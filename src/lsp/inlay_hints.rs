//! `textDocument/inlayHint`: in corpus files, the date a relative one resolves to
//! (`on Sunday` → `2025-01-12`).

use super::{Source, State, blocking, source};
use crate::ide;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn inlay_hints(state: &Arc<State>, p: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
    let state = state.clone();
    blocking(move || {
        let snap = state.snapshot();
        let kb = snap.kb.clone();
        let Some(Source::Article(a)) = source(&snap, &p.text_document.uri, None) else {
            return Some(Vec::new());
        };
        let enc = state.encoding();
        let conv = super::article_converter(&kb.articles[a], enc);
        let (from, to) = (conv.offset(p.range.start), conv.offset(p.range.end));
        let hints = ide::relative_date_hints(&kb, a)
            .into_iter()
            .filter(|h| h.offset >= from && h.offset <= to)
            .map(|h| InlayHint {
                position: conv.position(h.offset),
                label: InlayHintLabel::String(format!("→ {}", h.label)),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect();
        Some(hints)
    })
    .await
}
