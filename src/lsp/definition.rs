//! `textDocument/definition` (an entity's source lines, a citation's article) and
//! `textDocument/references` (every mention in the corpus and the notes).

use super::position::{ArticleLocator, to_uri};
use super::{Source, State, article_location, blocking, read_source, request_offset};
use crate::ide;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// At most this many definition locations: the first mention of each article comes first, and
/// `references` gives them all. An editor shows them as a list to pick from; beyond a hundred
/// nobody reads it, and each location costs its article read from the index and the answer's
/// size (1,000 locations made definition's p99 23 ms on the White House set).
const MAX_DEFINITIONS: usize = 100;

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
        let mut at = ArticleLocator::new(&kb, &snap.article_uris, enc);
        let locs: Vec<Location> = ide::definition(&kb, entity, MAX_DEFINITIONS)
            .iter()
            .filter_map(|t| at.locate(t.article, &t.span))
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
        let mut at = ArticleLocator::new(&kb, &snap.article_uris, enc);
        let mut locs: Vec<Location> = ide::references(&kb, entity)
            .iter()
            .filter_map(|t| at.locate(t.article, &t.span))
            .collect();
        // the notes: open ones as edited, the others as last read (again only when changed);
        // analyses are the cached ones
        let files = state.config(&snap).note_files();
        let mut uris: Vec<(Uri, Option<std::path::PathBuf>)> = files
            .into_iter()
            .filter_map(|p| std::path::absolute(&p).ok())
            .filter_map(|p| Some((to_uri(&p)?, Some(p))))
            .collect();
        for d in state.docs.iter() {
            if !uris.iter().any(|(u, _)| u == d.key()) {
                uris.push((d.key().clone(), None));
            }
        }
        let mut notes = Vec::new();
        for (uri, path) in uris {
            let note = match path {
                Some(p) if !state.docs.contains_key(&uri) => super::closed_note(&state, &snap, &p),
                _ => match read_source(&state, &snap, &uri) {
                    Some(Source::Note { text, index }) => Some((text, index)),
                    _ => None,
                },
            };
            if let Some((text, index)) = note {
                notes.push((uri, text, index));
            }
        }
        for (uri, text, index) in notes {
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
        Some(locs)
    })
    .await
}
