//! What a Markdown note refers to: citations of corpus articles (`[@ID]`, `[[ID]]`, links to
//! corpus files), entity mentions outside code and link targets, and the heading outline.

use crate::base::text::{SpanIndex, lines_inclusive};
use crate::kb::KnowledgeBase;
use regex::Regex;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

#[derive(Clone, Debug, PartialEq)]
pub struct Citation {
    /// The whole citation (`[@002]`, `[[002]]`, `[text](corpus/002.txt)`).
    pub span: Range<usize>,
    /// The key or link target inside it.
    pub key_span: Range<usize>,
    pub key: String,
    /// Articles it resolves to: one when it is good, none or several when it is not.
    pub articles: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    pub span: Range<usize>,
    pub level: usize,
    pub title: String,
    /// Where the section ends (the next heading of the same or a higher level, or the end).
    pub section_end: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NoteIndex {
    pub citations: Vec<Citation>,
    /// Entity mentions: span and entity index.
    pub mentions: Vec<(Range<usize>, usize)>,
    /// Entity mentions in the values of the front matter (`title: Laos — …`): hovered,
    /// coloured and followed like the others, but no claims, so the checks do not read them.
    pub meta_mentions: Vec<(Range<usize>, usize)>,
    pub headings: Vec<Heading>,
}

impl NoteIndex {
    pub fn citation_at(&self, offset: usize) -> Option<&Citation> {
        self.citations
            .iter()
            .find(|c| c.span.start <= offset && offset < c.span.end.max(c.span.start + 1))
    }

    pub fn entity_at(&self, offset: usize) -> Option<(Range<usize>, usize)> {
        self.mentions
            .iter()
            .chain(&self.meta_mentions)
            .find(|(r, _)| r.start <= offset && offset <= r.end)
            .cloned()
    }

    /// The mentions of the body and of the front matter, in text order.
    pub fn all_mentions(&self) -> Vec<(Range<usize>, usize)> {
        // the front matter comes first
        self.meta_mentions
            .iter()
            .chain(&self.mentions)
            .cloned()
            .collect()
    }
}

static PANDOC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[[^\[\]\n]*@[^\[\]\n]*\]").unwrap());
static PANDOC_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s\[;-])@([\w][\w:.#$%&+?<>~/-]*)").unwrap());
static WIKI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\[([^\[\]|#\n\r]+)(?:[|#][^\[\]\n\r]*)?\]\]").unwrap());
static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[[^\[\]\n\r]*\]\(([^()\s]+)(?:\s+[^()]*)?\)").unwrap());
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"https?://[^\s)>\]]+|<[^>\s]+>").unwrap());
static INLINE_CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"`[^`\n\r]+`").unwrap());

/// Parts of a note that are not prose: front matter, fenced and indented code, inline code,
/// URLs and link targets.
pub fn masked_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let lines = lines_inclusive(text);
    out.extend(front_matter(text));
    let mut fence: Option<(usize, String)> = None;
    let mut prev_blank = true;
    for l in lines {
        let t = l.trim_start();
        let indent = l.len() - t.len();
        let marker: String = t.chars().take_while(|&c| c == '`' || c == '~').collect();
        match &fence {
            Some((start, m)) if t.trim_end().starts_with(m.as_str()) && marker.len() >= m.len() => {
                out.push(*start..pos + l.len());
                fence = None;
            }
            Some(_) => {}
            None if marker.len() >= 3 && indent < 4 => fence = Some((pos, marker)),
            None if indent >= 4 && prev_blank && !t.trim().is_empty() => {
                out.push(pos..pos + l.len())
            }
            None => {}
        }
        prev_blank = t.trim().is_empty() || (indent >= 4 && prev_blank);
        pos += l.len();
    }
    if let Some((start, _)) = fence {
        out.push(start..text.len());
    }
    for re in [&*URL, &*INLINE_CODE] {
        out.extend(re.find_iter(text).map(|m| m.range()));
    }
    out.extend(
        MD_LINK
            .captures_iter(text)
            .filter_map(|c| c.get(1))
            .map(|m| m.range()),
    );
    out
}

/// The YAML front matter: from the opening `---` line to the closing one, both included.
pub fn front_matter(text: &str) -> Option<Range<usize>> {
    if !(text.starts_with("---\n") || text.starts_with("---\r")) {
        return None;
    }
    let mut end = 0;
    for (i, l) in lines_inclusive(text).enumerate() {
        end += l.len();
        if i > 0 && l.trim_end() == "---" {
            return Some(0..end);
        }
    }
    None
}

/// Whether `r` lies in the value of a `key: value` line (or a `- item` of a list) of the front
/// matter `fm`.
fn in_front_matter_value(text: &str, fm: &Range<usize>, r: &Range<usize>) -> bool {
    if r.start < fm.start || r.end > fm.end {
        return false;
    }
    let line_start = text[..r.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..r.start];
    let t = before.trim_start();
    (t.contains(": ") || t.starts_with("- ")) && !before.contains('#')
}

fn inside(ranges: &SpanIndex, r: &Range<usize>) -> bool {
    ranges.overlaps(r)
}

/// Analyses a note. `note_dir` is the folder of the note file, for relative links.
pub fn analyze_note(kb: &KnowledgeBase, text: &str, note_dir: Option<&Path>) -> NoteIndex {
    let masked = SpanIndex::new(masked_ranges(text));
    let mut citations = key_citations(kb, text, &masked);
    citations.extend(link_citations(kb, text, note_dir));
    citations.sort_by_key(|c| c.span.start);
    let cited = SpanIndex::new(citations.iter().map(|c| c.span.clone()));

    let found = kb.find_entities(text);
    let meta_mentions = match front_matter(text) {
        Some(fm) => found
            .iter()
            .filter(|(r, _)| in_front_matter_value(text, &fm, r))
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let mentions = found
        .into_iter()
        .filter(|(r, _)| !inside(&masked, r) && !cited.overlaps(r))
        .collect();

    NoteIndex {
        citations,
        mentions,
        meta_mentions,
        headings: headings(text, &masked),
    }
}

/// The citations by key outside the masked parts: Pandoc's (`[@key]`), then wiki links
/// (`[[key]]`).
fn key_citations(kb: &KnowledgeBase, text: &str, masked: &SpanIndex) -> Vec<Citation> {
    let mut citations = Vec::new();
    for m in PANDOC.find_iter(text) {
        if inside(masked, &m.range()) {
            continue;
        }
        for c in PANDOC_KEY.captures_iter(m.as_str()) {
            let k = c.get(1).unwrap();
            let key = k.as_str().trim_end_matches(['.', ',', ':', ';']);
            let key_span = m.start() + k.start()..m.start() + k.start() + key.len();
            citations.push(Citation {
                span: m.range(),
                key_span,
                key: key.to_string(),
                articles: kb.articles_by_id(key),
            });
        }
    }
    for c in WIKI.captures_iter(text) {
        let (whole, k) = (c.get(0).unwrap(), c.get(1).unwrap());
        if inside(masked, &whole.range()) {
            continue;
        }
        let key = k.as_str().trim();
        citations.push(Citation {
            span: whole.range(),
            key_span: k.range(),
            key: key.to_string(),
            articles: kb.articles_by_id(key),
        });
    }
    citations
}

/// The citations by Markdown link to an article's file (relative to `note_dir`, or a
/// `file://` URL).
fn link_citations(kb: &KnowledgeBase, text: &str, note_dir: Option<&Path>) -> Vec<Citation> {
    let mut citations = Vec::new();
    for c in MD_LINK.captures_iter(text) {
        let (whole, target) = (c.get(0).unwrap(), c.get(1).unwrap());
        let t = target.as_str();
        if t.contains("://") && !t.starts_with("file://") {
            continue;
        }
        let from_url;
        let p = if t.starts_with("file://") {
            from_url = crate::corpus::url_path(t).unwrap_or_default();
            from_url.as_path()
        } else {
            Path::new(t.split('#').next().unwrap_or(""))
        };
        let full = match note_dir {
            Some(d) if p.is_relative() => d.join(p),
            _ => p.to_path_buf(),
        };
        if let Some(a) = kb.article_by_path(&full) {
            citations.push(Citation {
                span: whole.range(),
                key_span: target.range(),
                key: t.to_string(),
                articles: vec![a],
            });
        }
    }
    citations
}

fn headings(text: &str, masked: &SpanIndex) -> Vec<Heading> {
    let mut out: Vec<Heading> = Vec::new();
    let mut pos = 0;
    for l in lines_inclusive(text) {
        let t = l.trim_end();
        let level = t.chars().take_while(|&c| c == '#').count();
        let r = pos..pos + t.len();
        if (1..=6).contains(&level) && t[level..].starts_with(' ') && !inside(masked, &r) {
            out.push(Heading {
                span: r,
                level,
                title: t[level..].trim().trim_end_matches('#').trim().to_string(),
                section_end: text.len(),
            });
        }
        pos += l.len();
    }
    // a section ends at the next heading of its level or above: the open sections are a
    // stack of rising levels, closed by each heading (one pass, however many headings)
    let mut open: Vec<usize> = Vec::new();
    for i in 0..out.len() {
        while let Some(&j) = open.last()
            && out[j].level >= out[i].level
        {
            out[j].section_end = out[i].span.start;
            open.pop();
        }
        open.push(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_urls_and_front_matter_are_masked() {
        let text = "---\ntitle: Laos\n---\nSee `Laos` and https://example.org/Laos\n\n```\nLaos\n```\n\n    Laos in code\n";
        let m = SpanIndex::new(masked_ranges(text));
        let laos: Vec<usize> = text.match_indices("Laos").map(|(i, _)| i).collect();
        for i in laos {
            assert!(inside(&m, &(i..i + 4)), "Laos at {i} not masked");
        }
    }

    #[test]
    fn headings_and_sections() {
        let text = "# Top\nintro\n## One\na\n## Two\nb\n# Next\n";
        let h = headings(text, &SpanIndex::new(Vec::new()));
        assert_eq!(
            h.iter()
                .map(|h| (h.level, h.title.as_str()))
                .collect::<Vec<_>>(),
            vec![(1, "Top"), (2, "One"), (2, "Two"), (1, "Next")]
        );
        assert_eq!(&text[h[1].span.start..h[1].section_end], "## One\na\n");
        assert_eq!(h[0].section_end, text.find("# Next").unwrap());
    }
}
