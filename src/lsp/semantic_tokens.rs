//! `textDocument/semanticTokens/full`: entity mentions by kind, in notes and corpus files.

use super::{Source, State, blocking, position};
use crate::kb::EntityKind;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

const KINDS: [EntityKind; 5] = [
    EntityKind::Country,
    EntityKind::Place,
    EntityKind::Organization,
    EntityKind::Person,
    EntityKind::Agreement,
];

/// Token types are the entity kinds (`country`, `place`, `organization`, `person`,
/// `agreement`); editors map them to colours.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: KINDS
            .iter()
            .map(|k| SemanticTokenType::new(k.as_str()))
            .collect(),
        token_modifiers: vec![],
    }
}

pub async fn full(
    state: &Arc<State>,
    p: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    let state = state.clone();
    blocking(move || {
        let snap = state.snapshot();
        let kb = snap.kb.clone();
        let uri = p.text_document.uri;
        let enc = state.encoding();
        let src = super::read_source(&state, &snap, &uri)?;
        let (conv, spans): (position::Converter, Vec<(std::ops::Range<usize>, usize)>) = match &src
        {
            Source::Article(a) => (
                super::article_converter(&kb.articles[*a], enc),
                kb.by_article[*a]
                    .iter()
                    .map(|&m| (kb.mentions[m].span.clone(), kb.mentions[m].entity))
                    .collect(),
            ),
            Source::Note { text, index } => (text.converter(enc), index.all_mentions()),
        };
        let mut data = Vec::new();
        let (mut pl, mut pc) = (0u32, 0u32);
        let mut last_end = 0;
        for (r, e) in spans {
            if r.start < last_end {
                continue; // nested mentions: the outer one is coloured
            }
            let s = conv.position(r.start);
            let end = conv.position(r.end);
            if end.line != s.line {
                continue;
            }
            let kind = KINDS
                .iter()
                .position(|k| *k == kb.entities[e].kind)
                .unwrap_or(0) as u32;
            let delta_line = s.line - pl;
            let delta_start = if delta_line == 0 {
                s.character - pc
            } else {
                s.character
            };
            data.push(SemanticToken {
                delta_line,
                delta_start,
                length: end.character - s.character,
                token_type: kind,
                token_modifiers_bitset: 0,
            });
            pl = s.line;
            pc = s.character;
            last_end = r.end;
        }
        Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        }))
    })
    .await
}
