//! Open documents: full text on open, incremental edits on change, applied to the text (every
//! request reads the whole text, so a rope would buy nothing). Positions of edits are converted
//! through the document's one line index (`position::Text`), so `\n`, `\r\n` and a bare `\r`
//! end lines here as in every other request.

use super::position::Encoding;
use super::{Document, State};
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidOpenTextDocumentParams, TextDocumentContentChangeEvent,
};

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
    apply(&mut doc, p.content_changes, enc);
    doc.version = p.text_document.version;
    Ok(())
}

/// Applies content changes in order, each on the text the previous ones left.
pub fn apply(doc: &mut Document, changes: Vec<TextDocumentContentChangeEvent>, enc: Encoding) {
    for c in changes {
        match c.range {
            None => *doc = Document::new(c.text, doc.version),
            Some(r) => {
                // positions are converted on the current text, through its line index (built
                // once per version: an edit costs the length of the text, once)
                let conv = doc.text.converter(enc);
                let start = conv.offset(r.start);
                let end = conv.offset(r.end).max(start);
                let mut text = doc.text.text.clone();
                text.replace_range(start..end, &c.text);
                doc.text = std::sync::Arc::new(super::position::Text::new(text));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tower_lsp_server::ls_types::{Position, Range};

    /// The model: the text as a plain string, positions read the way the LSP specification
    /// words them (lines end at `\n`, `\r\n`, `\r`; columns in UTF-16 units or bytes; a column
    /// past the end is the end, inside a character moves past it).
    fn model_offset(text: &str, p: Position, enc: Encoding) -> usize {
        let mut line = 0;
        let mut col = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if line == p.line as usize && (col >= p.character as usize || c == '\n' || c == '\r') {
                return i;
            }
            if c == '\n' || c == '\r' {
                if c == '\r' && chars.peek().map(|x| x.1) == Some('\n') {
                    chars.next();
                }
                if line == p.line as usize {
                    return i;
                }
                line += 1;
                col = 0;
            } else {
                col += match enc {
                    Encoding::Utf16 => c.len_utf16(),
                    Encoding::Utf8 => c.len_utf8(),
                };
            }
        }
        text.len()
    }

    const PIECES: &[&str] = &[
        "a", "Laos", " ", "\n", "\r", "\r\n", "😀", "Việt", "ệ", "\t", "[@002]", "# H\n", "",
    ];

    fn text_strategy() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(300)
        ))]
        /// Random edits (bare `\r`, CRLF split and joined, emoji, positions past the end and
        /// inside surrogate pairs) give the text a fresh open of the model's text has, and the
        /// same positions.
        #[test]
        fn incremental_edits_match_a_fresh_open(
            start in text_strategy(),
            edits in prop::collection::vec(
                ((0u32..6, 0u32..12), (0u32..6, 0u32..12), text_strategy()), 1..8),
            utf8 in any::<bool>(),
        ) {
            let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let mut doc = Document::new(start.clone(), 1);
            let mut model = start;
            for ((l1, c1), (l2, c2), new) in edits {
                let (a, b) = (Position::new(l1, c1), Position::new(l2, c2));
                let s = model_offset(&model, a, enc);
                let e = model_offset(&model, b, enc).max(s);
                model.replace_range(s..e, &new);
                apply(&mut doc, vec![TextDocumentContentChangeEvent {
                    range: Some(Range::new(a, b)),
                    range_length: None,
                    text: new,
                }], enc);
                // a request between edits builds the line index of that version
                let _ = doc.text();
            }
            let fresh = Document::new(model.clone(), 2);
            prop_assert_eq!(&doc.text().text, &model);
            prop_assert_eq!(doc.text.text.clone(), model.clone());
            let (t, f) = (doc.text(), fresh.text());
            let (ct, cf) = (t.converter(enc), f.converter(enc));
            for off in 0..=model.len() {
                prop_assert_eq!(ct.position(off), cf.position(off));
                // an offset inside `\r\n` is no position of its own
                let b = model.as_bytes();
                if off > 0 && off < b.len() && b[off - 1] == b'\r' && b[off] == b'\n' {
                    continue;
                }
                let p = cf.position(off);
                prop_assert_eq!(model_offset(&model, p, enc), model.floor_char_boundary(off));
            }
        }
    }
}
