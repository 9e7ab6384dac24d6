//! The protocol edge, both ways: byte offsets ↔ LSP positions and ranges, in the encoding
//! negotiated with the client (UTF-8 or UTF-16), corpus spans → locations, paths ↔ URIs.
//! Out-of-range positions are clamped to the line's end or the text's end.
//!
//! The one position converter of the server: every conversion goes through a
//! [`crate::base::text::LineIndex`] built once per text — once per document version for open
//! documents ([`Text`]), once per article for the corpus — so a conversion costs O(log n) plus
//! at most one checkpoint stride of its line, never a scan from the start of the text or line.
//! Lines end at `\n`, `\r\n` and a bare `\r`, as the LSP specification says.

use crate::base::text::LineIndex;
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::{Position, Range, Uri};

/// The URI of a path: the one file URL maker ([`crate::corpus::file_url`], Windows paths
/// included), as the protocol's type.
pub fn to_uri(path: &Path) -> Option<Uri> {
    crate::corpus::file_url(path, None).parse().ok()
}

/// The path of a `file://` URI (None for other schemes).
pub fn from_uri(uri: &Uri) -> Option<PathBuf> {
    crate::corpus::url_path(uri.as_str())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

/// A document's text with its line index, built once per document version and shared by the
/// requests on that version.
#[derive(Debug)]
pub struct Text {
    pub text: String,
    pub lines: LineIndex,
}

impl Text {
    pub fn new(text: String) -> Self {
        let lines = LineIndex::new(&text);
        Text { text, lines }
    }

    pub fn converter(&self, enc: Encoding) -> Converter<'_> {
        Converter::new(&self.text, &self.lines, enc)
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

/// Converts offsets of one text through its line index.
pub struct Converter<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    enc: Encoding,
}

impl<'a> Converter<'a> {
    /// `lines` must be the line index of `text`.
    pub fn new(text: &'a str, lines: &'a LineIndex, enc: Encoding) -> Self {
        Converter { text, lines, enc }
    }

    /// The position of byte `offset` (clamped, and moved back to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let (line, col) = self
            .lines
            .column(self.text, offset, self.enc == Encoding::Utf16);
        Position::new(line as u32, col as u32)
    }

    /// The byte offset of `pos`: a column past the line's end is the line's end, a line past
    /// the text's end is the text's end.
    pub fn offset(&self, pos: Position) -> usize {
        self.lines.offset(
            self.text,
            pos.line as usize,
            pos.character as usize,
            self.enc == Encoding::Utf16,
        )
    }

    pub fn range(&self, r: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(r.start), self.position(r.end))
    }
}

/// An LSP location of a span in a corpus article.
pub fn article_location(
    kb: &crate::kb::KnowledgeBase,
    a: usize,
    span: &std::ops::Range<usize>,
    enc: Encoding,
) -> Option<tower_lsp_server::ls_types::Location> {
    let art = &kb.articles[a];
    // through the article's line index: no scan from the start of the text per location
    Some(tower_lsp_server::ls_types::Location {
        uri: to_uri(&art.path)?,
        range: article_converter(art, enc).range(span),
    })
}

/// An LSP location of a span in a corpus article, its URI from `uris` (made once per article
/// per knowledge base): what [`article_location`] answers, without a URI made per location,
/// and without decoding the article (see [`ArticleLocator`]).
pub fn article_location_in(
    kb: &crate::kb::KnowledgeBase,
    uris: &ArticleUris,
    a: usize,
    span: &std::ops::Range<usize>,
    enc: Encoding,
) -> Option<tower_lsp_server::ls_types::Location> {
    ArticleLocator::new(kb, uris, enc).locate(a, span)
}

/// Locations of spans in corpus articles for one answer. An article already decoded is
/// converted through its own line index; one that is not is read in place from the index and
/// given a line index for this answer only (kept while the next spans are in the same
/// article), so a list of locations over hundreds of articles neither decodes them nor keeps
/// them in memory.
pub struct ArticleLocator<'k> {
    kb: &'k crate::kb::KnowledgeBase,
    uris: &'k ArticleUris,
    enc: Encoding,
    /// The last article read in place, with its line index.
    last: Option<(usize, LineIndex)>,
}

impl<'k> ArticleLocator<'k> {
    pub fn new(kb: &'k crate::kb::KnowledgeBase, uris: &'k ArticleUris, enc: Encoding) -> Self {
        ArticleLocator {
            kb,
            uris,
            enc,
            last: None,
        }
    }

    /// The location of `span` in article `a` (None for an unknown article).
    pub fn locate(
        &mut self,
        a: usize,
        span: &std::ops::Range<usize>,
    ) -> Option<tower_lsp_server::ls_types::Location> {
        let kb = self.kb;
        kb.heads.get(a)?;
        let uri = self.uris.get(kb, a)?;
        let range = match kb.articles.decoded(a) {
            Some(art) => article_converter(art, self.enc).range(span),
            None => {
                let text = kb.text_of(a);
                if self.last.as_ref().is_none_or(|(b, _)| *b != a) {
                    self.last = Some((a, LineIndex::lines_only(text)));
                }
                let (_, lines) = self.last.as_ref()?;
                Converter::new(text, lines, self.enc).range(span)
            }
        };
        Some(tower_lsp_server::ls_types::Location { uri, range })
    }
}

/// The URIs of one knowledge base's articles, each made when first asked and then kept.
#[derive(Debug, Default)]
pub struct ArticleUris(std::sync::OnceLock<Box<[std::sync::OnceLock<Option<Uri>>]>>);

impl ArticleUris {
    /// The URI of article `a` of `kb` (the knowledge base these URIs are kept for).
    pub fn get(&self, kb: &crate::kb::KnowledgeBase, a: usize) -> Option<Uri> {
        let art = kb.heads.get(a)?;
        let slots = self.0.get_or_init(|| {
            (0..kb.heads.len())
                .map(|_| std::sync::OnceLock::new())
                .collect()
        });
        match slots.get(a) {
            Some(slot) => slot.get_or_init(|| to_uri(&art.path)).clone(),
            None => to_uri(&art.path),
        }
    }
}

/// The position converter of a corpus article (its line index is built with the article).
pub fn article_converter(art: &crate::corpus::Article, enc: Encoding) -> Converter<'_> {
    Converter::new(&art.text, &art.lines, enc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The conversions as the specification words them, scanning from the start: the yardstick.
    fn naive_lines(text: &str) -> Vec<(usize, usize)> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\n' || b[i] == b'\r' {
                let next = if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                out.push((start, i));
                start = next;
                i = next;
            } else {
                i += 1;
            }
        }
        out.push((start, text.len()));
        out
    }

    fn units(s: &str, enc: Encoding) -> usize {
        match enc {
            Encoding::Utf8 => s.len(),
            Encoding::Utf16 => s.encode_utf16().count(),
        }
    }

    pub(crate) fn naive_position(text: &str, offset: usize, enc: Encoding) -> Position {
        let offset = text.floor_char_boundary(offset.min(text.len()));
        let lines = naive_lines(text);
        let l = lines
            .iter()
            .rposition(|&(s, _)| s <= offset)
            .unwrap_or_default();
        let s = lines[l].0;
        Position::new(l as u32, units(&text[s..offset], enc) as u32)
    }

    fn naive_offset(text: &str, pos: Position, enc: Encoding) -> usize {
        let lines = naive_lines(text);
        let Some(&(s, e)) = lines.get(pos.line as usize) else {
            return text.len();
        };
        let mut u = 0;
        for (i, c) in text[s..e].char_indices() {
            if u >= pos.character as usize {
                return s + i;
            }
            u += units(&c.to_string(), enc);
        }
        e
    }

    #[test]
    fn the_converter_agrees_with_the_naive_conversion() {
        let long = "Việt 😀 ".repeat(700); // lines longer than a checkpoint stride
        let texts = [
            "Việt Nam 😀 Laos\r\nsecond line\n\nlast 😀".to_string(),
            "a\rb\r\rc\r\n\nd\r".to_string(),
            format!("{long}\r{long}\nx😀{long}"),
            String::new(),
            "\r\n".to_string(),
        ];
        for t in &texts {
            let lines = LineIndex::new(t);
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let c = Converter::new(t, &lines, enc);
                for off in (0..=t.len() + 2).step_by(if t.len() > 100 { 7 } else { 1 }) {
                    assert_eq!(
                        c.position(off),
                        naive_position(t, off, enc),
                        "{off} {enc:?}"
                    );
                }
                let n = naive_lines(t).len() as u32;
                for line in 0..=n {
                    for ch in (0..3000).step_by(if t.len() > 100 { 13 } else { 1 }) {
                        let p = Position::new(line, ch);
                        assert_eq!(c.offset(p), naive_offset(t, p, enc), "{p:?} {enc:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn bare_carriage_returns_end_lines() {
        let t = "one\rtwo\r\nthree\nfour";
        let lines = LineIndex::new(t);
        let c = Converter::new(t, &lines, Encoding::Utf16);
        assert_eq!(c.position(t.find("two").unwrap()), Position::new(1, 0));
        assert_eq!(c.position(t.find("three").unwrap()), Position::new(2, 0));
        assert_eq!(c.offset(Position::new(1, 99)), t.find("\r\n").unwrap());
        assert_eq!(c.offset(Position::new(0, 99)), 3);
    }

    #[test]
    fn utf16_and_utf8_columns() {
        let t = "Việt Nam 😀 Laos\nsecond";
        let lines = LineIndex::new(t);
        let (u16c, u8c) = (
            Converter::new(t, &lines, Encoding::Utf16),
            Converter::new(t, &lines, Encoding::Utf8),
        );
        let laos = t.find("Laos").unwrap();
        assert_eq!(u16c.position(laos), Position::new(0, 12));
        assert_eq!(u8c.position(laos), Position::new(0, laos as u32));
        assert_eq!(u16c.offset(Position::new(0, 12)), laos);
        assert_eq!(u8c.offset(Position::new(0, laos as u32)), laos);
    }

    #[test]
    fn out_of_range_is_clamped() {
        let t = "ab\r\ncd";
        let lines = LineIndex::new(t);
        let c = Converter::new(t, &lines, Encoding::Utf16);
        assert_eq!(c.offset(Position::new(0, 99)), 2);
        assert_eq!(c.offset(Position::new(9, 0)), t.len());
        assert_eq!(c.position(999), Position::new(1, 2));
        // inside a multi-byte character: back to its start
        let v = "ệ";
        let vl = LineIndex::new(v);
        assert_eq!(
            Converter::new(v, &vl, Encoding::Utf8).position(1),
            Position::new(0, 0)
        );
    }

    /// Paths and URIs: one maker, so what the server sends, links and hovers name the same
    /// file the same way, and a URI reads back as its path (spaces, `#`, non-ASCII).
    #[test]
    fn uris_round_trip_through_the_one_maker() {
        let dir = std::path::absolute("a b/Hà Nội#1").unwrap();
        let p = dir.join("n 100%.md");
        let uri = to_uri(&p).unwrap();
        assert!(uri.as_str().starts_with("file:///"), "{}", uri.as_str());
        assert!(
            uri.as_str()
                .ends_with("/a%20b/H%C3%A0%20N%E1%BB%99i%231/n%20100%25.md"),
            "{}",
            uri.as_str()
        );
        assert_eq!(from_uri(&uri), Some(p.clone()));
        assert_eq!(
            crate::corpus::file_url(&p, Some(4)),
            format!("{}#L5", uri.as_str())
        );
        let web: Uri = "https://example.org/a.md".parse().unwrap();
        assert_eq!(from_uri(&web), None);
    }

    /// A Windows path becomes `file:///C:/...` (it was `file://C%3A%5C...` from the old
    /// hand-written encoder), and a client's Windows URI reads back as the path: checked on
    /// every platform through the converters Windows builds use.
    #[test]
    fn windows_paths_are_file_uris_with_a_drive() {
        use crate::corpus::{windows_file_url, windows_url_path};
        let cases = [
            (
                r"C:\Users\A B\notes\n.md",
                "file:///C:/Users/A%20B/notes/n.md",
            ),
            (
                r"d:\Hà Nội\#1\n 100%.md",
                "file:///d:/H%C3%A0%20N%E1%BB%99i/%231/n%20100%25.md",
            ),
            (r"\\?\C:\long\n.md", "file:///C:/long/n.md"),
            (
                r"\\server\share\notes\n.md",
                "file://server/share/notes/n.md",
            ),
        ];
        for (path, uri) in cases {
            let made = windows_file_url(path).map(String::from);
            assert_eq!(made.as_deref(), Some(uri), "{path}");
            // the URI is one the protocol type accepts, and reads back as the path
            let parsed: Uri = uri.parse().unwrap();
            let back = windows_url_path(parsed.as_str()).unwrap();
            assert_eq!(back, path.trim_start_matches(r"\\?\"), "{uri}");
        }
        // as VS Code writes a drive, and as other clients do
        for client in [
            "file:///C%3A/Users/A%20B/notes/n.md",
            "file:///c:/Users/A%20B/notes/n.md",
            "file:///C|/Users/A%20B/notes/n.md",
        ] {
            assert_eq!(
                windows_url_path(client)
                    .as_deref()
                    .map(|p| p[1..].to_string()),
                Some(r":\Users\A B\notes\n.md".to_string()),
                "{client}"
            );
        }
        assert_eq!(windows_file_url(r"notes\n.md"), None);
        assert_eq!(windows_url_path("https://example.org/C:/n.md"), None);
    }
}
