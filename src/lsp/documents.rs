//! Open documents: full text on open, incremental edits on change (ropey).

use super::{Document, State, position};
use tower_lsp_server::ls_types::{DidChangeTextDocumentParams, DidOpenTextDocumentParams};

pub fn open(state: &State, p: DidOpenTextDocumentParams) {
    let d = p.text_document;
    state.docs.insert(
        d.uri,
        Document {
            rope: ropey::Rope::from_str(&d.text),
            version: d.version,
        },
    );
}

/// Applies the edits of a change. An edit for a document that is not open is an error message;
/// positions outside the text are clamped.
pub fn change(state: &State, p: DidChangeTextDocumentParams) -> Result<(), String> {
    let enc = state.encoding();
    let uri = p.text_document.uri;
    let Some(mut doc) = state.docs.get_mut(&uri) else {
        return Err(format!(
            "change for a document that is not open: {}",
            uri.as_str()
        ));
    };
    for c in p.content_changes {
        match c.range {
            None => doc.rope = ropey::Rope::from_str(&c.text),
            Some(r) => {
                // positions are converted on the current text; edits are small, notes short
                let text = doc.rope.to_string();
                let start = position::offset(&text, r.start, enc);
                let end = position::offset(&text, r.end, enc).max(start);
                let (s, e) = (doc.rope.byte_to_char(start), doc.rope.byte_to_char(end));
                doc.rope.remove(s..e);
                doc.rope.insert(s, &c.text);
            }
        }
    }
    doc.version = p.text_document.version;
    Ok(())
}
