//! `textDocument/hover`: an entity mention or a citation under the cursor.

use super::{Source, State, blocking, position, request_offset};
use crate::ide;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn hover(state: &Arc<State>, p: HoverParams) -> Result<Option<Hover>> {
    let state = state.clone();
    blocking(move || {
        let snap = state.snapshot();
        let kb = snap.kb.clone();
        let tp = p.text_document_position_params;
        let (src, off) = request_offset(&state, &snap, &tp.text_document.uri, tp.position)?;
        let enc = state.encoding();
        let (md, span, text) = match &src {
            Source::Article(a) => {
                let (span, e) = ide::entity_in_article(&kb, *a, off)?;
                (
                    ide::hover_entity(&kb, e),
                    span,
                    kb.articles[*a].text.as_str(),
                )
            }
            Source::Note { text, index } => {
                if let Some(c) = index.citation_at(off) {
                    let md = match c.articles.as_slice() {
                        [a] => ide::hover_article(&kb, *a),
                        [] => format!("No article of the corpus matches `{}`.", c.key),
                        many => format!(
                            "`{}` matches {} articles: {}",
                            c.key,
                            many.len(),
                            many.iter()
                                .map(|&a| kb.articles[a].id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    (md, c.span.clone(), text.as_str())
                } else {
                    let (span, e) = index.entity_at(off)?;
                    (ide::hover_entity(&kb, e), span, text.as_str())
                }
            }
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: md,
            }),
            range: Some(position::range(text, &span, enc)),
        })
    })
    .await
}
