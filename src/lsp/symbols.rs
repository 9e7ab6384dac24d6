//! `workspace/symbol` (entities and articles by fuzzy query) and `textDocument/documentSymbol`
//! (a note's headings with the entities under each).

use super::{State, article_location_in, blocking, position};
use crate::check::NoteIndex;
use crate::ide;
use crate::kb::{EntityKind, KnowledgeBase};
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

fn symbol_kind(k: Option<EntityKind>) -> SymbolKind {
    match k {
        None => SymbolKind::FILE,
        Some(EntityKind::Country) => SymbolKind::NAMESPACE,
        Some(EntityKind::Place) => SymbolKind::PACKAGE,
        Some(EntityKind::Organization) => SymbolKind::CLASS,
        Some(EntityKind::Person) => SymbolKind::OBJECT,
        Some(EntityKind::Agreement) => SymbolKind::STRUCT,
    }
}

pub async fn workspace_symbols(
    state: &Arc<State>,
    p: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let state = state.clone();
    blocking(move || {
        let snap = state.snapshot();
        let kb = snap.kb.clone();
        let enc = state.encoding();
        #[allow(deprecated)]
        let syms: Vec<SymbolInformation> = ide::workspace_symbols(&kb, &p.query, 200)
            .into_iter()
            .filter_map(|s| {
                Some(SymbolInformation {
                    name: s.name,
                    kind: symbol_kind(s.kind),
                    tags: None,
                    deprecated: None,
                    location: article_location_in(
                        &kb,
                        &snap.article_uris,
                        s.target.article,
                        &s.target.span,
                        enc,
                    )?,
                    container_name: Some(s.detail),
                })
            })
            .collect();
        Some(WorkspaceSymbolResponse::Flat(syms))
    })
    .await
}

pub async fn document_symbols(
    state: &Arc<State>,
    p: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let state = state.clone();
    blocking(move || {
        let snap = state.snapshot();
        let kb = snap.kb.clone();
        let uri = p.text_document.uri;
        let (text, index) = super::note(&state, &snap, &uri)?;
        let enc = state.encoding();
        let conv = text.converter(enc);
        let entity_children =
            |from: usize, to: usize| entity_children(&kb, &index, &conv, from, to);
        let mut i = 0;
        let mut syms = entity_children(
            0,
            index.headings.first().map_or(text.len(), |h| h.span.start),
        );
        syms.extend(heading_tree(
            &index.headings,
            &mut i,
            0,
            &conv,
            &entity_children,
        ));
        Some(DocumentSymbolResponse::Nested(syms))
    })
    .await
}

/// The entities under a heading: those mentioned in `from..to` (before the next heading of any
/// level), each once.
fn entity_children(
    kb: &KnowledgeBase,
    index: &NoteIndex,
    conv: &position::Converter,
    from: usize,
    to: usize,
) -> Vec<DocumentSymbol> {
    // mentions are in text order: each heading looks at its own section only
    let sorted = index.mentions.is_sorted_by_key(|(r, _)| r.start);
    let mut seen = std::collections::HashSet::new();
    let first = if sorted {
        index.mentions.partition_point(|(r, _)| r.start < from)
    } else {
        0
    };
    index.mentions[first..]
        .iter()
        .take_while(|(r, _)| !sorted || r.start <= to)
        .filter(|(r, e)| r.start >= from && r.end <= to && seen.insert(*e))
        .map(|(r, e)| {
            let ent = &kb.entities[*e];
            #[allow(deprecated)]
            DocumentSymbol {
                name: ent.name.clone(),
                detail: Some(ent.kind.as_str().into()),
                kind: symbol_kind(Some(ent.kind)),
                tags: None,
                deprecated: None,
                range: conv.range(r),
                selection_range: conv.range(r),
                children: None,
            }
        })
        .collect()
}

/// The tree of headings from `hs[*i]` on, deeper than `level`, each with the entities of its own
/// part (`children_of`) and its subheadings.
fn heading_tree(
    hs: &[crate::check::Heading],
    i: &mut usize,
    level: usize,
    conv: &position::Converter,
    children_of: &dyn Fn(usize, usize) -> Vec<DocumentSymbol>,
) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    while *i < hs.len() && hs[*i].level > level {
        let h = &hs[*i];
        *i += 1;
        let own_end = hs
            .get(*i)
            .map_or(h.section_end, |n| n.span.start.min(h.section_end));
        let mut children = children_of(h.span.end, own_end);
        children.extend(heading_tree(hs, i, h.level, conv, children_of));
        #[allow(deprecated)]
        out.push(DocumentSymbol {
            name: h.title.clone(),
            detail: None,
            kind: SymbolKind::STRING,
            tags: None,
            deprecated: None,
            range: conv.range(&(h.span.start..h.section_end)),
            selection_range: conv.range(&h.span),
            children: Some(children),
        });
    }
    out
}
