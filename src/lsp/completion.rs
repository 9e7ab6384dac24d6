//! `textDocument/completion`: articles after `[@` or `[[`, entity names in running text.

use super::{State, blocking, document_text};
use crate::ide::{self, CompletionKind};
use crate::kb::EntityKind;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// What is being typed before the cursor.
#[derive(Debug, PartialEq)]
pub enum Context {
    Citation { prefix: String, start: usize },
    Word { prefix: String, start: usize },
}

/// Reads the completion context from the text before `offset`.
pub fn context(text: &str, offset: usize) -> Option<Context> {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    for opener in ["[@", "[["] {
        if let Some(i) = before.rfind(opener) {
            let prefix = &before[i + 2..];
            if !prefix.contains([']', ' ', '[']) {
                return Some(Context::Citation {
                    prefix: prefix.to_string(),
                    start: line_start + i + 2,
                });
            }
        }
    }
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '\'' || *c == '’' || *c == '-')
        .last()
        .map(|(i, _)| i)?;
    let prefix = &before[word_start..];
    prefix
        .starts_with(char::is_alphabetic)
        .then(|| Context::Word {
            prefix: prefix.to_string(),
            start: line_start + word_start,
        })
}

fn item_kind(k: CompletionKind) -> CompletionItemKind {
    match k {
        CompletionKind::Article => CompletionItemKind::REFERENCE,
        CompletionKind::Entity(EntityKind::Country | EntityKind::Place) => {
            CompletionItemKind::MODULE
        }
        CompletionKind::Entity(EntityKind::Organization) => CompletionItemKind::CLASS,
        CompletionKind::Entity(EntityKind::Person) => CompletionItemKind::VARIABLE,
        CompletionKind::Entity(EntityKind::Agreement) => CompletionItemKind::STRUCT,
    }
}

pub async fn completion(
    state: &Arc<State>,
    p: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let state = state.clone();
    blocking(move || {
        let snap = state.snapshot();
        let kb = snap.kb.clone();
        let tp = p.text_document_position;
        let text = document_text(&state, &snap, &tp.text_document.uri)?;
        let enc = state.encoding();
        let conv = text.converter(enc);
        let off = conv.offset(tp.position);
        let (items, start) = match context(&text, off)? {
            Context::Citation { prefix, start } => (ide::complete_citations(&kb, &prefix), start),
            Context::Word { prefix, start } => (ide::complete_entities(&kb, &prefix, 50), start),
        };
        let range = conv.range(&(start..off));
        let items = items
            .into_iter()
            .enumerate()
            .map(|(i, c)| CompletionItem {
                label: c.label.clone(),
                detail: Some(c.detail),
                kind: Some(item_kind(c.kind)),
                sort_text: Some(format!("{i:05}")),
                filter_text: Some(c.label),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: c.insert,
                })),
                ..Default::default()
            })
            .collect();
        Some(CompletionResponse::List(CompletionList {
            is_incomplete: true,
            items,
        }))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts() {
        let t = "See [@00";
        assert_eq!(
            context(t, t.len()),
            Some(Context::Citation {
                prefix: "00".into(),
                start: 6
            })
        );
        let t = "and [[";
        assert_eq!(
            context(t, t.len()),
            Some(Context::Citation {
                prefix: "".into(),
                start: 6
            })
        );
        let t = "signed in Việ";
        assert_eq!(
            context(t, t.len()),
            Some(Context::Word {
                prefix: "Việ".into(),
                start: 10
            })
        );
        let t = "[@002] then ";
        assert_eq!(context(t, t.len()), None);
    }
}
