//! `textDocument/documentLink`: citations in notes open their article.

use super::{State, blocking};
use crate::corpus::file_url;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn document_links(
    state: &Arc<State>,
    p: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    let state = state.clone();
    blocking(move || {
        let snap = state.snapshot();
        let kb = snap.kb.clone();
        let uri = p.text_document.uri;
        let (text, index) = super::note(&state, &snap, &uri)?;
        let conv = text.converter(state.encoding());
        // target and tooltip once per article: a note may cite one article many times
        let mut per_article: std::collections::HashMap<usize, Option<(Uri, Option<String>)>> =
            Default::default();
        let links = index
            .citations
            .iter()
            .filter_map(|c| {
                let [a] = c.articles.as_slice() else {
                    return None;
                };
                let (target, title) = per_article
                    .entry(*a)
                    .or_insert_with(|| {
                        let art = &kb.articles[*a];
                        let line = art.layout.title.as_ref().map(|t| art.line_of(t.start));
                        let target: Uri = file_url(&art.path, line).parse().ok()?;
                        let title = art
                            .layout
                            .title
                            .as_ref()
                            .map(|t| art.text[t.clone()].to_string());
                        Some((target, title))
                    })
                    .clone()?;
                Some(DocumentLink {
                    range: conv.range(&c.key_span),
                    target: Some(target),
                    tooltip: title,
                    data: None,
                })
            })
            .collect();
        Some(links)
    })
    .await
}
