//! Page layout of one article: which line is the headline, when it was published, and which
//! parts are body and which are boilerplate (menus, repeated captions, comment boxes, lists of
//! other stories). General rules only: section markers followed by lists, runs of short
//! title-case lines, lines repeated within the page or across the corpus.

use crate::base::dates::{self, DateValue, Precision};
use jiff::civil::Date;
use regex::Regex;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SegmentKind {
    Title,
    Body,
    Boilerplate,
    /// Date stamps and datelines: metadata about the page.
    Meta,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    pub span: Range<usize>,
    pub kind: SegmentKind,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Layout {
    pub title: Option<Range<usize>>,
    pub published: Option<Date>,
    /// Where the publication date was read from.
    pub published_span: Option<Range<usize>>,
    /// Non-blank line pieces in text order.
    pub segments: Vec<Segment>,
}

impl Layout {
    /// The spans that carry the article's own content: title and body.
    pub fn content(&self) -> impl Iterator<Item = &Segment> {
        self.segments
            .iter()
            .filter(|s| matches!(s.kind, SegmentKind::Title | SegmentKind::Body))
    }

    /// Whether a byte offset lies in the title or body.
    pub fn is_content(&self, offset: usize) -> bool {
        self.content().any(|s| s.span.contains(&offset))
    }
}

static DATE_STAMP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*").unwrap());
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?\b|\b(gmt|utc|ict|est|edt)([+-]\d{1,2})?\b")
        .unwrap()
});
const DATE_LINE_WORDS: &[&str] = &[
    "latest",
    "update",
    "updated",
    "last",
    "published",
    "posted",
    "on",
    "at",
    "am",
    "pm",
    "by",
    "date",
    "created",
    "modified",
];

/// A line of the page, trimmed.
#[derive(Debug)]
struct Line {
    /// Trimmed content span (date stamp and surrounding `|` removed).
    span: Range<usize>,
    words: usize,
    blank: bool,
    /// A `| caption |` table cell.
    pipe: bool,
    /// Template markup: structurally blank, but its text (captions) is read.
    markup: bool,
    /// Begins with a bullet or is indented.
    list: bool,
    ends_sentence: bool,
    date_only: Option<Date>,
    /// The line carried the page's date stamp (`date 2025-01-12`).
    stamped: bool,
    title_case: bool,
}

impl Line {
    fn short(&self) -> bool {
        !self.blank && self.words <= 5 && !self.ends_sentence
    }
    fn prose(&self) -> bool {
        self.words >= 8
    }
}

/// A normalised fingerprint of a line, for spotting lines repeated across articles.
pub fn line_fingerprint(line: &str) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let t = line.trim().trim_matches('|').trim();
    if t.is_empty() {
        return None;
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    t.hash(&mut h);
    Some(h.finish())
}

/// Splits text into lines as `(start, end)` byte ranges without the line ending.
fn raw_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        out.push(start..end);
        start = i + 1;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// The date a line states when the line is nothing but a date (a dateline such as
/// `January 12, 2025 - 15:35` or a trailer such as `(Latest Update October 27, 2025)`).
fn date_only_line(line: &str) -> Option<Date> {
    if line.len() > 80 {
        return None;
    }
    let found = dates::find_dates(line, None);
    let first = found.first()?;
    let DateValue::Known {
        start,
        precision: Precision::Day,
        ..
    } = first.value
    else {
        return None;
    };
    let mut rest = String::new();
    rest.push_str(&line[..first.span.start]);
    rest.push(' ');
    rest.push_str(&line[first.span.end..]);
    let rest = TIME.replace_all(&rest, " ");
    let leftover = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !DATE_LINE_WORDS.contains(&w.to_lowercase().as_str()))
        .count();
    (leftover == 0).then_some(start)
}

fn is_title_case(s: &str) -> bool {
    let mut any = false;
    for w in s.split_whitespace() {
        let Some(c) = w.chars().find(|c| c.is_alphanumeric()) else {
            continue;
        };
        any = true;
        if w.chars().filter(|c| c.is_alphabetic()).count() >= 4 && !c.is_uppercase() {
            return false;
        }
    }
    any
}

/// A line of template markup left in a scraped page: a template tag (`{% include x.html`,
/// `credit="…" %}`) or an attribute line (`file="/img/a.jpg"`, `add_padding = true`).
fn is_markup(line: &str) -> bool {
    if line.starts_with("{%") || line.starts_with("{{") || line.ends_with("%}") {
        return true;
    }
    let key_len = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    key_len > 0 && line[key_len..].trim_start().starts_with('=')
}

fn scan_lines(text: &str) -> (Vec<Line>, Option<(Date, Range<usize>)>) {
    let mut stamp = None;
    let mut lines = Vec::new();
    for r in raw_lines(text) {
        let raw = &text[r.clone()];
        let mut start = r.start;
        let stamped = DATE_STAMP.is_match(raw);
        if let Some(c) = DATE_STAMP.captures(raw) {
            let m = c.get(1).unwrap();
            if stamp.is_none()
                && let Ok(d) = m.as_str().parse::<Date>()
            {
                stamp = Some((d, r.start + m.start()..r.start + m.end()));
            }
            start = r.start + c.get(0).unwrap().end();
        }
        let piece = &text[start..r.end];
        let indent = piece.len() - piece.trim_start().len();
        let mut s = start + indent;
        let mut e = r.end - (piece.len() - piece.trim_end().len());
        let mut pipe = false;
        if s < e && text[s..e].starts_with('|') {
            pipe = true;
            let inner = &text[s..e];
            let trimmed = inner.trim_start_matches('|').trim_start();
            s += inner.len() - trimmed.len();
            let t2 = text[s..e].trim_end_matches('|').trim_end();
            e = s + t2.len();
        }
        let content = &text[s..e.max(s)];
        let words = content
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        let first = content.chars().next();
        let list = matches!(first, Some('•' | '·' | '▪' | '●' | '*' | '-' | '–' | '—'))
            && content.chars().nth(1).is_some_and(char::is_whitespace)
            || indent >= 2;
        let last = content
            .trim_end_matches(['"', '\u{201D}', '\u{2019}', '\'', ')'])
            .chars()
            .last();
        lines.push(Line {
            span: s..e.max(s),
            words,
            // template markup (`{% include … %}`, `caption="…"`) is no part of the page's
            // structure: it counts as a blank line there, and is read as text (captions)
            blank: content.is_empty() || is_markup(content),
            markup: is_markup(content),
            pipe,
            list,
            ends_sentence: matches!(last, Some('.' | '!' | '?' | ':' | ';')),
            date_only: if words <= 12 {
                date_only_line(content)
            } else {
                None
            },
            stamped,
            title_case: is_title_case(content),
        });
    }
    (lines, stamp)
}

/// Analyses the layout of one article. `repeated` holds fingerprints of lines that occur in
/// several articles of the corpus (site chrome).
pub fn analyze(text: &str, repeated: &HashSet<u64>) -> Layout {
    let (lines, stamp) = scan_lines(text);
    let in_menu = menu_lines(&lines);
    let title = headline(text, &lines, &in_menu);
    let kinds = line_kinds(text, &lines, &in_menu, title, repeated);
    let segments = segments(&lines, &kinds, &stamp);

    let (published, published_span) = match stamp {
        Some((d, r)) => (Some(d), Some(r)),
        None => lines
            .iter()
            .find_map(|l| l.date_only.map(|d| (Some(d), Some(l.span.clone()))))
            .unwrap_or((None, None)),
    };
    Layout {
        title: title.map(|t| lines[t].span.clone()),
        published,
        published_span,
        segments,
    }
}

/// The next line after `i` that is not blank.
fn next_nonblank(lines: &[Line], i: usize) -> Option<usize> {
    (i + 1..lines.len()).find(|&j| !lines[j].blank)
}

/// Which lines are in a menu.
fn menu_lines(lines: &[Line]) -> Vec<bool> {
    let n = lines.len();
    // Runs of three or more consecutive short lines are menus.
    let mut in_menu = vec![false; n];
    let mut i = 0;
    while i < n {
        if lines[i].short() && !lines[i].pipe {
            let mut j = i;
            while j < n && lines[j].short() && !lines[j].pipe {
                j += 1;
            }
            if j - i >= 3 {
                in_menu[i..j].iter_mut().for_each(|m| *m = true);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    in_menu
}

/// The headline's line, if any.
fn headline(text: &str, lines: &[Line], in_menu: &[bool]) -> Option<usize> {
    // The headline: before the first paragraph of prose, not a menu, caption or date line,
    // preferably followed by a date line or by prose.
    let mut title = None;
    let mut fallback = None;
    for (i, l) in lines.iter().enumerate() {
        if l.blank || l.pipe || l.date_only.is_some() || in_menu[i] {
            continue;
        }
        if l.words >= 20 && l.ends_sentence {
            break;
        }
        let text_l = &text[l.span.clone()];
        // a long official title (`Memorandum of Understanding Between … Concerning …`) is
        // still the headline when a date line follows it
        let dated = lines.get(i + 1).is_some_and(|n| n.stamped)
            || next_nonblank(lines, i).is_some_and(|j| lines[j].date_only.is_some());
        let too_long = l.words > 30 && !(dated && l.words <= 80);
        if l.words < 3 || too_long || text_l.ends_with('.') {
            continue;
        }
        let follows_well = next_nonblank(lines, i).is_some_and(|j| {
            let next = &lines[j];
            next.date_only.is_some()
                || (!next.pipe && (next.words >= 12 || (next.prose() && next.ends_sentence)))
        });
        if follows_well || dated {
            title = Some(i);
            break;
        }
        if fallback.is_none() && l.words >= 4 {
            fallback = Some(i);
        }
    }
    title.or(fallback)
}

/// The kind of each line: before the body, title, meta, body or boilerplate; in it, meta,
/// boilerplate (the tail, menus, repeated lines, site chrome) or body.
fn line_kinds(
    text: &str,
    lines: &[Line],
    in_menu: &[bool],
    title: Option<usize>,
    repeated: &HashSet<u64>,
) -> Vec<SegmentKind> {
    let n = lines.len();
    // Lines repeated within the page (captions printed twice) are not body.
    let mut counts: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for l in lines {
        if l.words >= 4 {
            *counts.entry(&text[l.span.clone()]).or_default() += 1;
        }
    }

    let mut kinds: Vec<SegmentKind> = vec![SegmentKind::Body; n];
    let body_start = title.map_or(0, |t| t + 1);
    for i in 0..body_start {
        let l = &lines[i];
        kinds[i] = if Some(i) == title {
            SegmentKind::Title
        } else if l.date_only.is_some() {
            SegmentKind::Meta
        } else if l.prose() {
            SegmentKind::Body
        } else {
            SegmentKind::Boilerplate
        };
    }
    let cut = tail_start(lines, body_start);
    for i in body_start..n {
        let l = &lines[i];
        let t = &text[l.span.clone()];
        kinds[i] = if l.date_only.is_some() {
            SegmentKind::Meta
        } else if cut.is_some_and(|c| i >= c)
            || (in_menu[i] && l.title_case)
            || counts.get(t).is_some_and(|&c| c > 1)
            || (line_fingerprint(t).is_some_and(|f| repeated.contains(&f))
                && !(l.prose() && l.ends_sentence))
        {
            SegmentKind::Boilerplate
        } else {
            SegmentKind::Body
        };
    }
    kinds
}

/// Where the tail of the page starts (from line `body_start` on), if it has one.
fn tail_start(lines: &[Line], body_start: usize) -> Option<usize> {
    // The tail: a short section marker followed by more short lines, list items or nothing,
    // when what follows holds less prose than what came before.
    let mut prose_before = 0usize;
    for i in body_start..lines.len() {
        let l = &lines[i];
        if l.blank {
            continue;
        }
        if prose_before > 0 && l.short() && !l.list && !l.pipe && l.span.len() <= 60 {
            // the marker heads a list: nothing, or two short lines, list items or headlines
            // after it (one short line then prose is a subheading)
            let item = |j: usize| {
                let l = &lines[j];
                l.short() || l.list || l.date_only.is_some() || (l.words <= 15 && !l.ends_sentence)
            };
            let next_is_list = match next_nonblank(lines, i) {
                None => true,
                Some(j) => item(j) && next_nonblank(lines, j).is_none_or(item),
            };
            if next_is_list {
                let prose_after: usize = lines[i + 1..]
                    .iter()
                    .filter(|x| x.prose() && !x.list)
                    .map(|x| x.span.len())
                    .sum();
                if prose_after < prose_before {
                    return Some(i);
                }
            }
        }
        if l.prose() && !l.list {
            prose_before += l.span.len();
        }
    }
    None
}

/// The page's segments in text order: the date stamp, markup as body, each non-blank line
/// with its kind.
fn segments(
    lines: &[Line],
    kinds: &[SegmentKind],
    stamp: &Option<(Date, Range<usize>)>,
) -> Vec<Segment> {
    let mut segments = Vec::new();
    if let Some((_, r)) = stamp {
        segments.push(Segment {
            span: r.clone(),
            kind: SegmentKind::Meta,
        });
    }
    for (i, l) in lines.iter().enumerate() {
        if l.markup {
            segments.push(Segment {
                span: l.span.clone(),
                kind: SegmentKind::Body,
            });
        } else if !l.blank {
            segments.push(Segment {
                span: l.span.clone(),
                kind: kinds[i],
            });
        }
    }
    segments.sort_by_key(|s| s.span.start);
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_of(text: &str, layout: &Layout) -> Vec<(String, SegmentKind)> {
        layout
            .segments
            .iter()
            .map(|s| (text[s.span.clone()].to_string(), s.kind))
            .collect()
    }

    const PAGE: &str = " date 2025-01-12 News & Views\nEconomy\nSociety\nSports\nWorld\n\nHome News\n\nTwo towns sign a river agreement\n\nMarch 3, 2025 - 10:15\nThe mayors of the two towns signed an agreement on sharing the river on Sunday, officials said.\n\nThe agreement sets out how water will be shared during the dry season between both towns.\n\nRelated Stories\n\nsee also\n\nA story about something else entirely\n";

    #[test]
    fn finds_headline_after_menus() {
        let l = analyze(PAGE, &HashSet::new());
        assert_eq!(
            &PAGE[l.title.clone().unwrap()],
            "Two towns sign a river agreement"
        );
    }

    #[test]
    fn a_long_official_title_before_the_date_line_is_the_headline() {
        let title = "Memorandum of Understanding Between the Government of the Republic of Ardonia and the Government of the Kingdom of Belmark Concerning Cooperation to Develop and Share the Water of the Upper Kestrel River Basin for Farming";
        let text = format!(
            "{title}\ndate 2031-05-03\n\nMEMORANDUM OF UNDERSTANDING\n\nTHE GOVERNMENT OF THE REPUBLIC OF ARDONIA AND THE GOVERNMENT OF THE KINGDOM OF BELMARK\n\nThe two governments, wishing to share the water of the river fairly between their farmers, have agreed as follows.\n"
        );
        assert!(title.split_whitespace().count() > 30);
        let l = analyze(&text, &HashSet::new());
        assert_eq!(&text[l.title.clone().unwrap()], title);
    }

    #[test]
    fn date_stamp_wins_as_publication_date() {
        let l = analyze(PAGE, &HashSet::new());
        assert_eq!(l.published, Some(jiff::civil::date(2025, 1, 12)));
        assert_eq!(&PAGE[l.published_span.clone().unwrap()], "2025-01-12");
    }

    #[test]
    fn menus_and_related_lists_are_boilerplate() {
        let l = analyze(PAGE, &HashSet::new());
        let k = kinds_of(PAGE, &l);
        let kind = |t: &str| k.iter().find(|(s, _)| s == t).map(|x| x.1);
        assert_eq!(kind("Economy"), Some(SegmentKind::Boilerplate));
        assert_eq!(kind("Home News"), Some(SegmentKind::Boilerplate));
        assert_eq!(kind("Related Stories"), Some(SegmentKind::Boilerplate));
        assert_eq!(
            kind("A story about something else entirely"),
            Some(SegmentKind::Boilerplate)
        );
        assert_eq!(
            kind(
                "The agreement sets out how water will be shared during the dry season between both towns."
            ),
            Some(SegmentKind::Body)
        );
    }

    #[test]
    fn glued_stamp_leaves_the_rest_of_the_line_as_body() {
        let text = " date 2021-09-01 Today, the ministry and the agency signed a cooperation agreement with the aim to further strengthen cooperation on many shared issues.\n\nMore prose follows here in a second paragraph of the article body text.\n";
        let l = analyze(text, &HashSet::new());
        assert_eq!(l.title, None);
        let first = l.content().next().unwrap();
        assert!(text[first.span.clone()].starts_with("Today, the ministry"));
        assert_eq!(l.published, Some(jiff::civil::date(2021, 9, 1)));
    }

    #[test]
    fn trailer_gives_publication_date_and_repeated_captions_are_dropped() {
        let text = "Headline about a signing today\nA caption line that is printed twice on the page.\nA caption line that is printed twice on the page.\nThe body paragraph tells what happened at the ceremony in some detail for readers.\nBy Staff Reporters\n(Latest Update October 27, 2025)\n";
        let l = analyze(text, &HashSet::new());
        assert_eq!(l.published, Some(jiff::civil::date(2025, 10, 27)));
        let k = kinds_of(text, &l);
        assert_eq!(k[1].1, SegmentKind::Boilerplate);
        assert_eq!(k[2].1, SegmentKind::Boilerplate);
        assert_eq!(k[3].1, SegmentKind::Body);
        assert_eq!(
            k[4],
            ("By Staff Reporters".to_string(), SegmentKind::Boilerplate)
        );
        assert_eq!(k[5].1, SegmentKind::Meta);
    }

    #[test]
    fn template_markup_is_no_text_and_no_section_marker() {
        let text = "A headline of the story here\ndate 2018-07-06\n\nThe first paragraph tells a long story about farmers and prices in the town.\n\n{% include photo.html\n\nfile=\"/img/a.jpg\"\n\ncaption=\"A farmer in his field.\"\n\nalt=\"Portrait\" %}\n\nTurmoil adds to woes ###\n\nThe second paragraph goes on with the story of the farmers at some length.\n";
        let l = analyze(text, &HashSet::new());
        let k = kinds_of(text, &l);
        let kind = |t: &str| k.iter().find(|(s, _)| s == t).map(|x| x.1);
        // markup is read as text (captions) but does not end the story
        assert_eq!(
            kind("caption=\"A farmer in his field.\""),
            Some(SegmentKind::Body)
        );
        assert_eq!(
            kind("The second paragraph goes on with the story of the farmers at some length."),
            Some(SegmentKind::Body)
        );
    }

    #[test]
    fn lines_repeated_across_articles_are_boilerplate() {
        let text = "A headline for the story here\n\nThe body of the story says a great deal about many things today.\n\nSubscribe to our newsletter for more\n";
        let mut rep = HashSet::new();
        rep.insert(line_fingerprint("Subscribe to our newsletter for more").unwrap());
        let l = analyze(text, &rep);
        let k = kinds_of(text, &l);
        assert_eq!(k.last().unwrap().1, SegmentKind::Boilerplate);
    }
}
