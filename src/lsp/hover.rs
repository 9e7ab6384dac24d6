//! `textDocument/hover`: an entity mention or a citation under the cursor.

use super::{Source, State, blocking, request_offset};
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
        let flags = state.flags();
        let card = ide::CardOptions {
            full: false,
            more_command: flags.entity_command,
            report_command: flags.report_command,
        };
        let (md, span, conv) = match &src {
            Source::Article(a) => {
                let (span, e) = ide::entity_in_article(&kb, *a, off)?;
                (
                    ide::hover_entity(&kb, e, &card),
                    span,
                    super::article_converter(&kb.articles[*a], enc),
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
                                .map(|&a| kb.heads[a].id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    (md, c.span.clone(), text.converter(enc))
                } else {
                    let (span, e) = index.entity_at(off)?;
                    (ide::hover_entity(&kb, e, &card), span, text.converter(enc))
                }
            }
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: md,
            }),
            range: Some(conv.range(&span)),
        })
    })
    .await
}
