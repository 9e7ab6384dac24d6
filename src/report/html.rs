//! HTML pieces shared by the report's pages: escaping (every string from the corpus or a note
//! goes through [`esc`]), the page shell with its navigation, and kind badges that read
//! without colour.

use crate::kb::EntityKind;
use std::fmt::Write;

/// `s` escaped for HTML text and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    esc_into(&mut out, s);
    out
}

/// Appends `s` escaped for HTML text and attribute values.
pub fn esc_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // control characters other than tab and line ends would only disturb the page
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

/// The symbol standing for a kind in text, legends and tables (the chart draws the same
/// shape): kinds read without colour.
pub fn kind_glyph(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Country => "■",
        EntityKind::Place => "▲",
        EntityKind::Organization => "◆",
        EntityKind::Person => "●",
        EntityKind::Agreement => "★",
    }
}

/// A small badge: shape and kind name, coloured by kind.
pub fn kind_badge(k: EntityKind) -> String {
    format!(
        "<span class=\"kind k-{0}\"><span aria-hidden=\"true\">{1}</span> {0}</span>",
        k.as_str(),
        kind_glyph(k)
    )
}

/// Which top-level page a page belongs to, for the navigation's current mark.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overview,
    Timeline,
    Chart,
    Entities,
    Articles,
    Notes,
}

/// One page: `up` is the path back to the report's root (`""` or `"../"`); `scripts` are
/// paths relative to the root, loaded at the end of the body.
pub struct Page<'a> {
    pub title: &'a str,
    pub up: &'a str,
    pub section: Section,
    pub has_notes: bool,
    pub scripts: &'a [&'a str],
}

impl Page<'_> {
    /// The whole document around `body` (already HTML).
    pub fn render(&self, body: &str) -> String {
        let mut s = String::with_capacity(body.len() + 2048);
        let up = self.up;
        let _ = write!(
            s,
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{} · Dossier report</title>\n\
             <link rel=\"stylesheet\" href=\"{up}assets/report.css\">\n</head>\n<body>\n\
             <nav class=\"top\" aria-label=\"Report\"><span class=\"brand\">Dossier report</span>",
            esc(self.title)
        );
        let mut link = |href: &str, label: &str, sec: Section| {
            let cur = if sec == self.section {
                " aria-current=\"page\""
            } else {
                ""
            };
            let _ = write!(s, " <a href=\"{up}{href}\"{cur}>{label}</a>");
        };
        link("index.html", "Overview", Section::Overview);
        link("timeline.html", "Timeline", Section::Timeline);
        link("chart.html", "Link chart", Section::Chart);
        link("entities/index.html", "Entities", Section::Entities);
        if self.has_notes {
            link("notes/index.html", "Notes", Section::Notes);
        }
        s.push_str("</nav>\n<main>\n");
        s.push_str(body);
        s.push_str("</main>\n");
        for src in self.scripts {
            let _ = writeln!(s, "<script src=\"{up}{src}\"></script>");
        }
        s.push_str("</body>\n</html>\n");
        s
    }
}

/// Text cut to about `max` characters at a character boundary, with `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    let s = s.trim();
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(
            esc("<script>alert('x') & \"y\"</script>\u{7}"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;\u{fffd}"
        );
    }

    #[test]
    fn clip_cuts_at_characters() {
        assert_eq!(clip("  Hà Nội is far  ", 6), "Hà Nội…");
        assert_eq!(clip("short", 6), "short");
    }
}
