//! `textDocument/definition` (an entity's source lines, a citation's article) and
//! `textDocument/references` (every mention in the corpus and the notes).

use super::{Source, State, article_location, blocking, request_offset};
use crate::ide;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// At most this many definition locations: the first mention of each article comes first, and
/// `references` gives them all.
const MAX_DEFINITIONS: usize = 1000;

pub async fn definition(
    state: &Arc<State>,
    p: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let state = state.clone();
    blocking(move || {
        let snap = state.snapshot();
        let kb = snap.kb.clone();
        let tp = p.text_document_position_params;
        let (src, off) = request_offset(&state, &snap, &tp.text_document.uri, tp.position)?;
        let enc = state.encoding();
        let entity = match &src {
            Source::Article(a) => ide::entity_in_article(&kb, *a, off)?.1,
            Source::Note { index, .. } => {
                if let Some(c) = index.citation_at(off) {
                    let locs: Vec<Location> = c
                        .articles
                        .iter()
                        .filter_map(|&a| {
                            article_location(
                                &kb,
                                a,
                                &kb.articles[a].layout.title.clone().unwrap_or(0..0),
                                enc,
                            )
                        })
                        .collect();
                    return (!locs.is_empty()).then_some(GotoDefinitionResponse::Array(locs));
                }
                index.entity_at(off)?.1
            }
        };
        let locs: Vec<Location> = ide::definition(&kb, entity, MAX_DEFINITIONS)
            .iter()
            .filter_map(|t| article_location(&kb, t.article, &t.span, enc))
            .collect();
        (!locs.is_empty()).then_some(GotoDefinitionResponse::Array(locs))
    })
    .await
}

pub async fn references(state: &Arc<State>, p: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let state = state.clone();
    blocking(move || {
        let snap = state.snapshot();
        let kb = snap.kb.clone();
        let tp = p.text_document_position;
        let (src, off) = request_offset(&state, &snap, &tp.text_document.uri, tp.position)?;
        let enc = state.encoding();
        let entity = match &src {
            Source::Article(a) => ide::entity_in_article(&kb, *a, off)?.1,
            Source::Note { index, .. } => index.entity_at(off)?.1,
        };
        let mut locs: Vec<Location> = ide::references(&kb, entity)
            .iter()
            .filter_map(|t| article_location(&kb, t.article, &t.span, enc))
            .collect();
        // the notes: open ones as edited, the others from disk
        let notes = state.config(&snap).note_files();
        let mut uris: Vec<Uri> = notes
            .iter()
            .filter_map(|p| std::path::absolute(p).ok())
            .filter_map(|p| super::position::to_uri(&p))
            .collect();
        for d in state.docs.iter() {
            if !uris.contains(d.key()) {
                uris.push(d.key().clone());
            }
        }
        for uri in uris {
            let Some(text) = super::document_text(&state, &snap, &uri) else {
                continue;
            };
            if let Some(Source::Note { text, index }) = super::source(&snap, &uri, Some(text)) {
                let conv = text.converter(enc);
                for (r, e) in &index.all_mentions() {
                    if *e == entity {
                        locs.push(Location {
                            uri: uri.clone(),
                            range: conv.range(r),
                        });
                    }
                }
            }
        }
        Some(locs)
    })
    .await
}
