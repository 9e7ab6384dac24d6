//! Open documents: full text on open, incremental edits on change (ropey).

use super::{Document, State};
use tower_lsp_server::ls_types::{DidChangeTextDocumentParams, DidOpenTextDocumentParams};

pub fn open(state: &State, p: DidOpenTextDocumentParams) {
    let d = p.text_document;
    state.docs.insert(d.uri, Document::new(d.text, d.version));
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
            None => {
                *doc = Document::new(c.text, doc.version);
                continue;
            }
            Some(r) => {
                // positions are converted on the current text, through the one line index
                // (built once per version: an edit costs the length of the text, once)
                let text = doc.text();
                let conv = text.converter(enc);
                let start = conv.offset(r.start);
                let end = conv.offset(r.end).max(start);
                let (s, e) = (doc.rope.byte_to_char(start), doc.rope.byte_to_char(end));
                doc.rope.remove(s..e);
                doc.rope.insert(s, &c.text);
                doc.text = std::sync::OnceLock::new();
            }
        }
    }
    doc.version = p.text_document.version;
    Ok(())
}
