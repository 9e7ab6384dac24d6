//! Byte offsets ↔ LSP positions, in the encoding negotiated with the client (UTF-8 or UTF-16).
//! Out-of-range positions are clamped to the line's end or the text's end.

use tower_lsp_server::ls_types::{Position, Range};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

fn line_bounds(text: &str, line: usize) -> Option<(usize, usize)> {
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n')? + 1;
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = if end > start && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    Some((start, end))
}

/// The byte offset of `pos` in `text`; a column past the line's end is the line's end, a line
/// past the text's end is the text's end.
pub fn offset(text: &str, pos: Position, enc: Encoding) -> usize {
    let Some((start, end)) = line_bounds(text, pos.line as usize) else {
        return text.len();
    };
    let line = &text[start..end];
    let want = pos.character as usize;
    let mut units = 0;
    for (i, c) in line.char_indices() {
        if units >= want {
            return start + i;
        }
        units += match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
    }
    end
}

/// The position of byte `offset` in `text` (clamped, and moved back to a character boundary).
pub fn position(text: &str, offset: usize, enc: Encoding) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    Position::new(line as u32, column(&text[start..offset], enc))
}

/// The column at the end of `line_before`, the part of a line before a position.
fn column(line_before: &str, enc: Encoding) -> u32 {
    (match enc {
        Encoding::Utf8 => line_before.len(),
        Encoding::Utf16 => line_before.encode_utf16().count(),
    }) as u32
}

/// Converts many offsets of one text: a line index is built once, so each conversion costs the
/// length of its line, not of the text before it.
pub struct Converter<'a> {
    text: &'a str,
    lines: crate::text::LineIndex,
    enc: Encoding,
}

impl<'a> Converter<'a> {
    pub fn new(text: &'a str, enc: Encoding) -> Self {
        Converter {
            text,
            lines: crate::text::LineIndex::new(text),
            enc,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(line).min(offset);
        Position::new(line as u32, column(&self.text[start..offset], self.enc))
    }

    pub fn range(&self, r: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(r.start), self.position(r.end))
    }
}

pub fn range(text: &str, r: &std::ops::Range<usize>, enc: Encoding) -> Range {
    Range::new(position(text, r.start, enc), position(text, r.end, enc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_converter_agrees_with_the_one_off_conversion() {
        let t = "Việt Nam 😀 Laos\r\nsecond line\n\nlast 😀";
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let c = Converter::new(t, enc);
            for off in 0..=t.len() + 2 {
                assert_eq!(c.position(off), position(t, off, enc), "{off} {enc:?}");
            }
        }
    }

    #[test]
    fn utf16_and_utf8_columns() {
        let t = "Việt Nam 😀 Laos\nsecond";
        let laos = t.find("Laos").unwrap();
        assert_eq!(position(t, laos, Encoding::Utf16), Position::new(0, 12));
        assert_eq!(
            position(t, laos, Encoding::Utf8),
            Position::new(0, laos as u32)
        );
        assert_eq!(offset(t, Position::new(0, 12), Encoding::Utf16), laos);
        assert_eq!(
            offset(t, Position::new(0, laos as u32), Encoding::Utf8),
            laos
        );
    }

    #[test]
    fn out_of_range_is_clamped() {
        let t = "ab\r\ncd";
        assert_eq!(offset(t, Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(offset(t, Position::new(9, 0), Encoding::Utf16), t.len());
        assert_eq!(position(t, 999, Encoding::Utf16), Position::new(1, 2));
        // inside a multi-byte character: back to its start
        let v = "ệ";
        assert_eq!(position(v, 1, Encoding::Utf8), Position::new(0, 0));
    }
}
