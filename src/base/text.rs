//! Text utilities shared by the analysis core: folding for comparison (case, diacritics,
//! apostrophes), keys for alias matching, a phonetic key for transliteration variants, and a
//! line index that turns byte offsets into (line, UTF-16 column) pairs for output.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds one character for comparison: lower case, no diacritics, straight apostrophes and
/// hyphens. Pushes zero or more characters onto `out`.
#[inline]
fn fold_char(c: char, out: &mut String) {
    // ASCII other than '`' and tab folds to its lower case (the common case, inlined)
    if c.is_ascii() && c != '`' && c != '\t' {
        out.push(c.to_ascii_lowercase());
        return;
    }
    fold_char_slow(c, out);
}

#[inline(never)]
fn fold_char_slow(c: char, out: &mut String) {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '`' | '\u{2032}' => out.push('\''),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
        'Đ' | 'đ' | 'Ð' => out.push('d'),
        'Ł' | 'ł' => out.push('l'),
        'Ø' | 'ø' => out.push('o'),
        'ß' => out.push_str("ss"),
        'Æ' | 'æ' => out.push_str("ae"),
        'Œ' | 'œ' => out.push_str("oe"),
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\t' => out.push(' '),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => {
            for d in std::iter::once(c).nfd() {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            }
        }
    }
}

/// The character at byte `p` of `s` (a character boundary; None at the end), read without
/// decoding when it is ASCII.
#[inline]
pub fn char_at(s: &str, p: usize) -> Option<char> {
    match s.as_bytes().get(p) {
        None => None,
        Some(&b) if b.is_ascii() => Some(b as char),
        Some(_) => s[p..].chars().next(),
    }
}

/// Text folded for matching, with a map from folded byte offsets back to the original.
pub struct Folded {
    pub text: String,
    /// `map[i]` is the byte offset in the original of the character that produced folded byte `i`;
    /// one extra entry at the end holds the original length.
    map: Vec<u32>,
}

impl Folded {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len() + 1);
        let bytes = original.as_bytes();
        let mut i = 0;
        let plain = |b: u8| b.is_ascii() && b != b'`' && b != b'\t';
        while i < bytes.len() {
            // a run of ASCII bytes that fold to their lower case, one byte each, copied at once
            let run = bytes[i..]
                .iter()
                .position(|&b| !plain(b))
                .unwrap_or(bytes.len() - i);
            if run > 0 {
                let at = text.len();
                text.push_str(&original[i..i + run]);
                text[at..].make_ascii_lowercase();
                map.extend(i as u32..(i + run) as u32);
                i += run;
                continue;
            }
            let c = original[i..]
                .chars()
                .next()
                .expect("a character at a boundary");
            let before = text.len();
            fold_char_slow(c, &mut text);
            map.extend(std::iter::repeat_n(i as u32, text.len() - before));
            i += c.len_utf8();
        }
        map.push(original.len() as u32);
        Folded { text, map }
    }

    /// The original byte offset of the character that produced folded byte `i`.
    #[inline]
    pub fn original_start(&self, i: usize) -> usize {
        self.map[i] as usize
    }

    /// The original byte range of folded range `start..end`.
    pub fn original_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let s = self.map[start] as usize;
        // the end maps to the start of the character after the last folded byte
        let mut e = end;
        while e < self.map.len() - 1 && self.map[e] == self.map[end - 1] {
            e += 1;
        }
        s..self.map[e] as usize
    }
}

/// Folds a name for comparison: lower case, no diacritics, straight apostrophes, single spaces.
pub fn fold(s: &str) -> String {
    // whitespace runs become one space, none at either end, in the same pass
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        fold_char(c, &mut out);
    }
    out
}

/// A key that ignores spacing, hyphens, dots and apostrophes as well: `Hà Nội` = `Hanoi`,
/// `Viet Nam` = `Vietnam`, `U.S.` = `US`.
pub fn compact_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    compact_key_into(s, &mut out);
    out
}

/// `compact_key(s)` written into `out` (cleared first), to look a key up without allocating.
/// The same as the alphanumeric characters of `fold(s)`: whitespace folds to spaces, which are
/// dropped anyway.
pub fn compact_key_into(s: &str, out: &mut String) {
    out.clear();
    let mut tmp = String::new();
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if !c.is_whitespace() {
            tmp.clear();
            fold_char_slow(c, &mut tmp);
            out.extend(tmp.chars().filter(|c| c.is_alphanumeric()));
        }
    }
}

/// A looser key for organisation and agreement names: folded, possessive `'s` dropped, a plural
/// `s` dropped from longer words, so `United Nation` = `United Nations`.
pub fn loose_key(s: &str) -> String {
    let folded = fold(s);
    let mut words = Vec::new();
    for w in folded.split(|c: char| c.is_whitespace() || c == '-') {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let w = w.strip_suffix("'s").unwrap_or(w);
        let w: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
        if w.is_empty() || w == "the" {
            continue;
        }
        let w = if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
            w[..w.len() - 1].to_string()
        } else {
            w
        };
        words.push(w);
    }
    words.join(" ")
}

/// A phonetic key for romanised names, so transliteration variants meet:
/// `Phanthavong` and `Fanthavong` give the same key. Used to find candidates only; a match is
/// confirmed by string similarity and corroborating evidence.
pub fn phonetic_key(s: &str) -> String {
    let f = compact_key(s);
    let t = f
        .replace("ph", "f")
        .replace("th", "t")
        .replace("kh", "k")
        .replace("gh", "g")
        .replace("ch", "c")
        .replace("sh", "s")
        .replace("ou", "u")
        .replace("oo", "u")
        .replace("ee", "i")
        .replace(['y'], "i")
        .replace(['w'], "v")
        .replace(['q', 'c'], "k")
        .replace(['x', 'z'], "s");
    let mut out = String::with_capacity(t.len());
    let mut prev = None;
    for c in t.chars() {
        if Some(c) != prev {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// Jaro–Winkler similarity of two names after folding.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(&fold(a), &fold(b))
}

/// Title-cases a word written in capitals (`PHOMMAVONGSA` → `Phommavongsa`); other
/// words are returned unchanged.
pub fn normalize_caps_word(w: &str) -> String {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase()) {
        let mut out = String::with_capacity(w.len());
        let mut first = true;
        for c in w.chars() {
            if first && c.is_alphabetic() {
                out.push(c);
                first = false;
            } else {
                out.extend(c.to_lowercase());
            }
            // each part of a hyphenated name starts with a capital (`Jean-Pierre`)
            if c == '-' {
                first = true;
            }
        }
        out
    } else {
        w.to_string()
    }
}

/// Spans sorted by start with the running maximum of their ends, for overlap and containment
/// tests in logarithmic time (masked parts of notes, citations, mentions, names already found):
/// the answers are those of scanning every span, so long notes and articles stay linear.
pub struct SpanIndex {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl SpanIndex {
    pub fn new(spans: impl IntoIterator<Item = std::ops::Range<usize>>) -> SpanIndex {
        let mut v: Vec<std::ops::Range<usize>> = spans.into_iter().collect();
        v.sort_by_key(|r| r.start);
        let mut max = 0;
        let max_end = v
            .iter()
            .map(|r| {
                max = max.max(r.end);
                max
            })
            .collect();
        SpanIndex {
            starts: v.iter().map(|r| r.start).collect(),
            max_end,
        }
    }

    /// Whether some span overlaps `r`: one that starts before `r` ends and ends after it starts.
    pub fn overlaps(&self, r: &std::ops::Range<usize>) -> bool {
        let i = self.starts.partition_point(|&s| s < r.end);
        i > 0 && self.max_end[i - 1] > r.start
    }

    /// Whether some span holds `r` (starts at or before it and ends at or after it).
    pub fn contains(&self, r: &std::ops::Range<usize>) -> bool {
        let i = self.starts.partition_point(|&s| s <= r.start);
        i > 0 && self.max_end[i - 1] >= r.end
    }
}

/// Where line ends are, as the LSP specification has them: `\n`, `\r\n` and a bare `\r`.
/// The one definition of a line for notes, articles' positions and the server.
pub fn is_line_end(b: &[u8], i: usize) -> bool {
    b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

/// The lines of `text` with their line ends (`\n`, `\r\n` or a bare `\r`), like
/// `str::split_inclusive('\n')` but with every LSP line end.
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= b.len() {
            return None;
        }
        let start = pos;
        let end = memchr::memchr2(b'\n', b'\r', &b[pos..]).map_or(b.len(), |i| {
            let i = pos + i;
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            }
        });
        pos = end;
        Some(&text[start..end])
    })
}

/// Bytes between two UTF-16 checkpoints of a `LineIndex`: a column costs at most this many
/// bytes of scanning, however long its line.
const STRIDE: usize = 1024;

/// Byte offsets of line starts (after `\n`, `\r\n` or a bare `\r`), for converting byte
/// offsets to (line, column) and back in one step per conversion: a column is counted from the
/// nearest UTF-16 checkpoint (every `STRIDE` bytes), not from the line's start, so a conversion
/// costs O(log n + STRIDE) on any line. Built once per text (per document version in the server).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `(byte, UTF-16 units before it)` at the first character boundary at or after every
    /// multiple of `STRIDE`; derived from the text, never stored.
    #[serde(skip)]
    utf16: Vec<(usize, usize)>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut index = Self::lines_only(text);
        let mut utf16 = vec![(0, 0)];
        let mut units = 0;
        let mut last = 0;
        let mut next = STRIDE;
        while next < text.len() {
            let at = text.ceil_char_boundary(next);
            units += utf16_len(&text[last..at]);
            utf16.push((at, units));
            last = at;
            next = at + STRIDE;
        }
        index.utf16 = utf16;
        index
    }

    /// The line starts of `text` only, without UTF-16 checkpoints: the same answers, a column
    /// far from its line's start counted from the text's start. For a few conversions in a
    /// text (a list of locations across articles), where counting the whole text's UTF-16
    /// units up front would cost more than the conversions.
    pub fn lines_only(text: &str) -> Self {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            if is_line_end(b, i) {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            utf16: vec![(0, 0)],
        }
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(usize::MAX)
    }

    /// Where line `line`'s text ends, before its line end (`text.len()` past the last line).
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let Some(&next) = self.starts.get(line + 1) else {
            return text.len();
        };
        let next = next.min(text.len());
        let b = text.as_bytes();
        if next >= 2 && b[next - 1] == b'\n' && b[next - 2] == b'\r' {
            next - 2
        } else {
            next.saturating_sub(1)
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// UTF-16 units in `text[..offset]` (`offset` on a character boundary).
    fn utf16_before(&self, text: &str, offset: usize) -> usize {
        let k = self.utf16.partition_point(|&(b, _)| b <= offset);
        let (b, u) = if k == 0 { (0, 0) } else { self.utf16[k - 1] };
        u + utf16_len(&text[b..offset])
    }

    /// The column of `offset` (clamped to the text, moved back to a character boundary) on its
    /// line, in UTF-8 bytes or UTF-16 units: (line, column).
    pub fn column(&self, text: &str, offset: usize, utf16: bool) -> (usize, usize) {
        let offset = text.floor_char_boundary(offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line].min(offset);
        let col = if utf16 {
            if offset - start <= STRIDE {
                // near its line's start: one count of the column's own bytes
                utf16_len(&text[start..offset])
            } else {
                self.utf16_before(text, offset) - self.utf16_before(text, start)
            }
        } else {
            offset - start
        };
        (line, col)
    }

    /// (line, column in UTF-16 code units) of a byte offset into `text` (clamped to the text).
    pub fn utf16_position(&self, text: &str, offset: usize) -> (usize, usize) {
        self.column(text, offset, true)
    }

    /// The byte offset of (line, column), the column in UTF-8 bytes or UTF-16 units: a column
    /// past the line's end is the line's end, a line past the text's end is the text's end; a
    /// column inside a character moves to the character's end.
    pub fn offset(&self, text: &str, line: usize, col: usize, utf16: bool) -> usize {
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let start = start.min(text.len());
        let end = self.line_end(text, line).max(start);
        // where to start counting: the line's start, or the last checkpoint before the column
        let (mut at, mut units) = (start, 0);
        if utf16 {
            let base = self.utf16_before(text, start);
            let want = base + col;
            let k = self.utf16.partition_point(|&(b, u)| b <= end && u <= want);
            if k > 0 && self.utf16[k - 1].0 > start {
                let (b, u) = self.utf16[k - 1];
                (at, units) = (b, u - base);
            }
        } else {
            let want = start.saturating_add(col);
            return if want >= end {
                end
            } else {
                text.ceil_char_boundary(want)
            };
        }
        for (i, c) in text[at..end].char_indices() {
            if units >= col {
                return at + i;
            }
            units += if utf16 { c.len_utf16() } else { c.len_utf8() };
        }
        end
    }
}

fn utf16_len(s: &str) -> usize {
    // ASCII bytes are one unit each; only the rest need decoding
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

/// The entries of a word list of `data/`: one per line, trimmed, `#` comments and blank lines
/// skipped.
pub fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_case_diacritics_and_curly_apostrophes() {
        assert_eq!(fold("Việt  Nam"), "viet nam");
        assert_eq!(fold("Quảng Trị People’s Court"), "quang tri people's court");
        assert_eq!(fold("HÀ NỘI"), "ha noi");
        assert_eq!(fold("Zoë Gonçalves"), "zoe goncalves");
    }

    #[test]
    fn fold_collapses_every_kind_of_whitespace() {
        assert_eq!(fold("  Hà\u{00A0} Nội \t\r\n x\u{2003}y  "), "ha noi x y");
        assert_eq!(fold(" \u{202F} "), "");
        assert_eq!(fold("a\u{2007}b"), "a b");
    }

    #[test]
    fn compact_key_ignores_spaces_and_dots() {
        assert_eq!(compact_key("Hà Nội"), compact_key("Hanoi"));
        assert_eq!(compact_key("Viet Nam"), "vietnam");
        assert_eq!(compact_key("U.S."), "us");
    }

    #[test]
    fn loose_key_drops_plural_and_possessive() {
        assert_eq!(loose_key("United Nation"), loose_key("United Nations"));
        assert_eq!(loose_key("the People’s Procuracy"), "people procuracy");
        assert_ne!(
            loose_key("Ministry of Finance"),
            loose_key("Ministry of Defence")
        );
    }

    #[test]
    fn phonetic_key_meets_transliteration_variants() {
        assert_eq!(phonetic_key("Phanthavong"), phonetic_key("Fanthavong"));
        assert_eq!(phonetic_key("Oudomsouk"), phonetic_key("Udomsuk"));
        assert_ne!(phonetic_key("Sisavath"), phonetic_key("Siphandone"));
    }

    #[test]
    fn folded_maps_back_to_original_offsets() {
        let s = "in Hà Nội today";
        let f = Folded::new(s);
        let at = f.text.find("ha noi").unwrap();
        let r = f.original_range(at, at + "ha noi".len());
        assert_eq!(&s[r], "Hà Nội");
    }

    #[test]
    fn caps_words_become_title_case() {
        assert_eq!(normalize_caps_word("PHOMMAVONGSA"), "Phommavongsa");
        assert_eq!(normalize_caps_word("IOM"), "Iom");
        assert_eq!(normalize_caps_word("Somsak"), "Somsak");
        assert_eq!(normalize_caps_word("JEAN-PIERRE"), "Jean-Pierre");
    }

    #[test]
    fn a_line_index_without_checkpoints_converts_the_same() {
        let long = "é😀a".repeat(700);
        let s = format!("one\r\ntwo\rthree\n{long}\nlast 😀 line");
        let (full, lean) = (LineIndex::new(&s), LineIndex::lines_only(&s));
        assert!(lean.utf16.len() == 1 && full.utf16.len() > 3);
        for offset in 0..=s.len() + 2 {
            for utf16 in [false, true] {
                assert_eq!(
                    lean.column(&s, offset, utf16),
                    full.column(&s, offset, utf16),
                    "{offset} {utf16}"
                );
            }
        }
        assert_eq!(lean.column(&s, s.len(), true), (4, 12));
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let s = "a\nViệt 😀 Nam";
        let idx = LineIndex::new(s);
        let nam = s.find("Nam").unwrap();
        assert_eq!(idx.utf16_position(s, nam), (1, 8));
        assert_eq!(idx.utf16_position(s, 10_000), (1, 11));
    }
}
