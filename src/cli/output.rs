//! Command-line output of the knowledge base: the fixed JSON formats other tools read, and
//! human-readable tables. Positions are 0-based lines and UTF-16 columns, as LSP counts them.

use crate::base::dates::date_bounds;
use crate::base::text::LineIndex;
use crate::kb::KnowledgeBase;
use serde::Serialize;
use serde_json::{Value, json};
use std::ops::Range;

/// A span as positions: 0-based lines and UTF-16 columns (LSP's counting), through the text's
/// line index (an article's own, or one built once per note). Every position of the outputs
/// is made here.
#[derive(Serialize)]
struct Span {
    start: Pos,
    end: Pos,
}

#[derive(Serialize)]
struct Pos {
    line: usize,
    character: usize,
}

impl Span {
    fn new(idx: &LineIndex, text: &str, r: &Range<usize>) -> Span {
        let pos = |o: usize| {
            let (line, character) = idx.utf16_position(text, o);
            Pos { line, character }
        };
        Span {
            start: pos(r.start),
            end: pos(r.end),
        }
    }

    fn of_article(kb: &KnowledgeBase, article: usize, r: &Range<usize>) -> Span {
        let a = &kb.articles[article];
        Span::new(&a.lines, &a.text, r)
    }

    fn json(&self) -> Value {
        json!(self)
    }

    /// SARIF's region: 1-based lines and columns.
    fn sarif(&self) -> Value {
        json!({"startLine": self.start.line + 1, "startColumn": self.start.character + 1,
            "endLine": self.end.line + 1, "endColumn": self.end.character + 1})
    }
}

#[derive(Serialize)]
struct MentionOut<'a> {
    path: &'a str,
    range: Span,
    text: &'a str,
}

#[derive(Serialize)]
struct Iso<'a> {
    alpha2: &'a str,
    alpha3: &'a str,
    numeric: &'a str,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    aliases: &'a std::collections::BTreeSet<String>,
    mentions: Vec<MentionOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    iso: Option<Iso<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    roles: &'a std::collections::BTreeSet<String>,
}

/// Writes `{"version":1,"entities":[...]}`, one entity at a time, so that a large corpus does
/// not need its whole JSON tree in memory.
pub fn write_entities_json(kb: &KnowledgeBase, w: &mut impl std::io::Write) -> std::io::Result<()> {
    w.write_all(b"{\"version\":1,\"entities\":[")?;
    for (n, i) in sorted_entities(kb).into_iter().enumerate() {
        if n > 0 {
            w.write_all(b",")?;
        }
        let e = &kb.entities[i];
        let out = EntityOut {
            id: &e.id,
            name: &e.name,
            kind: e.kind.as_str(),
            aliases: &e.aliases,
            mentions: e
                .mentions
                .iter()
                .map(|&m| {
                    let m = &kb.mentions[m];
                    MentionOut {
                        path: &kb.heads[m.article].display_path,
                        range: Span::of_article(kb, m.article, &m.span),
                        text: kb.mention_text(m),
                    }
                })
                .collect(),
            iso: e.iso.as_ref().map(|iso| Iso {
                alpha2: &iso[0],
                alpha3: &iso[1],
                numeric: &iso[2],
            }),
            country: e.country.map(|c| kb.entities[c].id.as_str()),
            roles: &e.roles,
        };
        serde_json::to_writer(&mut *w, &out)?;
    }
    w.write_all(b"]}\n")
}

/// The entities JSON as a value (for tests and small corpora).
pub fn entities_json(kb: &KnowledgeBase) -> Value {
    let mut buf = Vec::new();
    write_entities_json(kb, &mut buf).expect("writing to memory");
    serde_json::from_slice(&buf).expect("valid JSON")
}

/// Entities with mentions first, most mentioned first, then by name.
/// Only entities the corpus mentions, and the countries those belong to.
fn sorted_entities(kb: &KnowledgeBase) -> Vec<usize> {
    let referenced: std::collections::HashSet<usize> = kb
        .entities
        .iter()
        .filter(|e| !e.mentions.is_empty())
        .filter_map(|e| e.country)
        .collect();
    let mut v: Vec<usize> = (0..kb.entities.len())
        .filter(|&i| !kb.entities[i].mentions.is_empty() || referenced.contains(&i))
        .collect();
    v.sort_by(|&a, &b| {
        let (x, y) = (&kb.entities[a], &kb.entities[b]);
        y.mentions
            .len()
            .cmp(&x.mentions.len())
            .then_with(|| x.name.cmp(&y.name))
    });
    v
}

pub fn events_json(kb: &KnowledgeBase) -> Value {
    let events: Vec<Value> = kb
        .events
        .iter()
        .map(|ev| {
            let date_json = |d: &crate::base::dates::DateMention| {
                let (s, e) = date_bounds(d);
                json!({"start": s, "end": e, "text": d.text, "resolved": d.resolved()})
            };
            // a date taken only from the page (its lede or date line) is no signing date: it is
            // given apart, as `context_date`
            let uncertain = ev.date_from.uncertain();
            let date = ev.date.as_ref().filter(|_| !uncertain).map(date_json);
            let context_date = ev.date.as_ref().filter(|_| uncertain).map(date_json);
            let evidence = ev.date_evidence.as_ref().map(|s| json!({
                "path": kb.heads[s.article].display_path,
                "range": Span::of_article(kb, s.article, &s.span).json(),
            }));
            json!({
                "confidence": ev.confidence.as_str(),
                "date_from": ev.date_from.as_str(),
                "context_date": context_date,
                "date_evidence": evidence,
                "kind": ev.kind,
                "instrument": ev.instrument,
                "agreement": ev.agreement.map(|a| kb.entities[a].id.clone()),
                "parties": ev.parties.iter().map(|&p| kb.entities[p].id.clone()).collect::<Vec<_>>(),
                "date": date,
                "place": ev.place.map(|p| kb.entities[p].id.clone()),
                "sources": ev.sources.iter().map(|s| json!({
                    "path": kb.heads[s.article].display_path,
                    "range": Span::of_article(kb, s.article, &s.span).json(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"version": 1, "events": events})
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

pub fn entities_human(kb: &KnowledgeBase) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{:<44} {:<13} {:>8} {:>8}  {}\n",
        "ENTITY", "KIND", "MENTIONS", "ARTICLES", "OTHER SPELLINGS"
    ));
    for i in sorted_entities(kb) {
        let e = &kb.entities[i];
        let mut arts: Vec<usize> = e.mentions.iter().map(|&m| kb.mentions[m].article).collect();
        arts.dedup();
        let aliases: Vec<&str> = e.aliases.iter().map(String::as_str).take(6).collect();
        out.push_str(&format!(
            "{:<44} {:<13} {:>8} {:>8}  {}\n",
            truncate(&e.name, 44),
            e.kind.as_str(),
            e.mentions.len(),
            arts.len(),
            truncate(&aliases.join(", "), 80)
        ));
    }
    out
}

pub fn events_human(kb: &KnowledgeBase) -> String {
    let mut out = String::new();
    for (n, ev) in kb.events.iter().enumerate() {
        let date = ev.date.as_ref().map_or("date unknown".to_string(), |d| {
            let (s, e) = date_bounds(d);
            let s = s.unwrap_or_default();
            let e = e.unwrap_or_default();
            let span = if s == e { s } else { format!("{s}..{e}") };
            let mark = if ev.date_from.uncertain() {
                ", uncertain: only the page's date"
            } else {
                ""
            };
            format!("{span} ({:?}{mark})", d.text)
        });
        out.push_str(&format!("{}. {} — {}\n", n + 1, ev.instrument, date));
        let parties: Vec<&str> = ev
            .parties
            .iter()
            .map(|&p| kb.entities[p].name.as_str())
            .collect();
        out.push_str(&format!(
            "   parties: {}\n",
            if parties.is_empty() {
                "(none found)".into()
            } else {
                parties.join(", ")
            }
        ));
        if let Some(p) = ev.place {
            out.push_str(&format!("   place:   {}\n", kb.entities[p].name));
        }
        for s in &ev.sources {
            let a = &kb.articles[s.article];
            out.push_str(&format!(
                "   source:  {}:{}\n",
                a.display_path,
                a.line_of(s.span.start) + 1
            ));
        }
    }
    if kb.events.is_empty() {
        out.push_str("no signing events found\n");
    }
    out
}

/// A checked note: its path as shown, text and findings.
pub struct CheckedNote<'a> {
    pub path: String,
    pub text: &'a str,
    pub findings: &'a [crate::check::Finding],
}

/// The line and character column (for people, not LSP) of each finding's start, in one pass
/// over the note in offset order (linear in the note and the findings, however long its lines).
fn start_columns(
    text: &str,
    idx: &LineIndex,
    findings: &[crate::check::Finding],
) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| findings[i].span.start);
    let mut pos = vec![(0, 0); findings.len()];
    let (mut line, mut from, mut chars) = (usize::MAX, 0, 0);
    for i in order {
        let off = text.floor_char_boundary(findings[i].span.start.min(text.len()));
        let l = idx.line_of(off);
        if l != line || off < from {
            line = l;
            from = idx.line_start(l).min(off);
            chars = 0;
        }
        chars += text[from..off].chars().count();
        from = off;
        pos[i] = (l, chars);
    }
    pos
}

/// The most characters of a line quoted in human output.
pub const QUOTE_CHARS: usize = 120;

/// A bounded quote of the line `line` of `text` (line starts from `idx`) around `span`: at most
/// [`QUOTE_CHARS`] characters, cut on character boundaries, with `…` where the line goes on.
/// Returns the quote, the character column of the span in it and the span's width in it (at
/// least 1). Work is bounded by the quote, not by the line.
fn quote(
    text: &str,
    idx: &crate::base::text::LineIndex,
    line: usize,
    span: &Range<usize>,
) -> (String, usize, usize) {
    let start = idx.line_start(line).min(text.len());
    let mut end = idx.line_start(line + 1).min(text.len()).max(start);
    let b = text.as_bytes();
    while end > start && matches!(b[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    let clamp = |mut o: usize| {
        o = o.clamp(start, end);
        while !text.is_char_boundary(o) {
            o -= 1;
        }
        o
    };
    let (s, e) = (clamp(span.start), clamp(span.end.max(span.start)));
    // some context before the span, then as much as fits after it; the left side takes what
    // the right side cannot use
    let back = |from: usize, n: usize| {
        text[start..from]
            .char_indices()
            .rev()
            .take(n)
            .last()
            .map_or(from, |(i, _)| start + i)
    };
    let fwd = |from: usize, n: usize| {
        text[from..end]
            .char_indices()
            .nth(n)
            .map_or(end, |(i, _)| from + i)
    };
    let mut ws = back(s, QUOTE_CHARS / 3);
    let we = fwd(ws, QUOTE_CHARS);
    let used = text[ws..we].chars().count();
    if used < QUOTE_CHARS {
        ws = back(ws, QUOTE_CHARS - used);
    }
    let mut out = String::new();
    if ws > start {
        out.push('…');
    }
    let col = out.chars().count() + text[ws..s].chars().count();
    out.push_str(&text[ws..we]);
    if we < end {
        out.push('…');
    }
    let width = text[s..e.min(we).max(s)].chars().count().max(1);
    (out, col, width)
}

fn related_json(kb: &KnowledgeBase, r: &crate::check::Related) -> Value {
    json!({
        "location": {
            "uri": crate::corpus::file_url(&kb.heads[r.article].path, None),
            "range": Span::of_article(kb, r.article, &r.span).json(),
        },
        "message": r.message,
    })
}

/// `{"version":1,"files":[{"path":...,"diagnostics":[LSP Diagnostic objects]}]}`.
pub fn check_json(kb: &KnowledgeBase, notes: &[CheckedNote]) -> Value {
    let files: Vec<Value> = notes
        .iter()
        .map(|n| {
            let idx = LineIndex::new(n.text);
            let diags: Vec<Value> = n
                .findings
                .iter()
                .map(|f| {
                    json!({
                        "range": Span::new(&idx, n.text, &f.span).json(),
                        "severity": f.severity as u8,
                        "code": f.code.name(),
                        "source": "dossier",
                        "message": f.message,
                        "relatedInformation": f.related.iter().map(|r| related_json(kb, r)).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({"path": n.path, "diagnostics": diags})
        })
        .collect();
    json!({"version": 1, "files": files})
}

/// Compiler-style lines: `notes/a.md:6:81: warning[date-mismatch]: ...`, the note's line
/// quoted, and the corpus line it is compared with.
pub fn check_human(kb: &KnowledgeBase, notes: &[CheckedNote]) -> String {
    let mut out = String::new();
    let mut counts = [0usize; 5];
    for n in notes {
        let idx = LineIndex::new(n.text);
        let starts = start_columns(n.text, &idx, n.findings);
        for (i, f) in n.findings.iter().enumerate() {
            let (line, chars) = starts[i];
            counts[f.severity as usize] += 1;
            out.push_str(&format!(
                "{}:{}:{}: {}[{}]: {}\n",
                n.path,
                line + 1,
                chars + 1,
                f.severity.as_str(),
                f.code,
                f.message
            ));
            let (src, col, width) = quote(n.text, &idx, line, &f.span);
            out.push_str(&format!("   | {src}\n"));
            out.push_str(&format!("   | {}{}\n", " ".repeat(col), "^".repeat(width)));
            for r in &f.related {
                let a = &kb.articles[r.article];
                let l = a.line_of(r.span.start);
                let (src, _, _) = quote(&a.text, &a.lines, l, &r.span);
                out.push_str(&format!(
                    "   = {}:{}: {}\n",
                    a.display_path,
                    l + 1,
                    src.trim()
                ));
            }
            for fix in &f.fixes {
                out.push_str(&format!("   = fix: {}\n", fix.title));
            }
        }
    }
    out.push_str(&format!(
        "{} error(s), {} warning(s), {} information, {} hint(s) in {} note(s)\n",
        counts[1],
        counts[2],
        counts[3],
        counts[4],
        notes.len()
    ));
    out
}

/// SARIF 2.1.0, as GitHub code scanning reads it.
pub fn check_sarif(kb: &KnowledgeBase, notes: &[CheckedNote]) -> Value {
    let level = |s: crate::check::Severity| match s {
        crate::check::Severity::Error => "error",
        crate::check::Severity::Warning => "warning",
        _ => "note",
    };
    let rules: Vec<Value> = crate::base::code::Code::ALL
        .iter()
        .map(|c| json!({"id": c.name(), "name": c.name(), "shortDescription": {"text": c.description()}, "helpUri": "https://example.invalid/dossier#checks"}))
        .collect();
    let mut results = Vec::new();
    for n in notes {
        let idx = LineIndex::new(n.text);
        for f in n.findings {
            let related: Vec<Value> = f
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let a = &kb.articles[r.article];
                    json!({"id": i, "message": {"text": r.message}, "physicalLocation": {
                        "artifactLocation": {"uri": a.display_path},
                        "region": Span::new(&a.lines, &a.text, &r.span).sarif(),
                    }})
                })
                .collect();
            results.push(json!({
                "ruleId": f.code.name(),
                "ruleIndex": f.code.index(),
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": n.path}, "region": Span::new(&idx, n.text, &f.span).sarif()}}],
                "relatedLocations": related,
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "dossier", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Finding, Severity};

    fn finding(span: Range<usize>) -> Finding {
        Finding {
            span,
            code: crate::base::code::Code::InvalidDate,
            severity: Severity::Error,
            message: "no such day".into(),
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    /// A note of one long line with many findings: every quote is a bounded window around its
    /// span (on character boundaries, with `…` marks), and the positions match the line index's.
    #[test]
    fn long_lines_are_quoted_in_a_bounded_window() {
        let piece = "Việt Nam 😀 met on 31 September 2026; ";
        let text = piece.repeat(1_500);
        let findings: Vec<Finding> = text
            .match_indices("31 September 2026")
            .map(|(i, m)| finding(i..i + m.len()))
            .collect();
        let n = findings.len();
        let kb = KnowledgeBase::default();
        let note = CheckedNote {
            path: "n.md".into(),
            text: &text,
            findings: &findings,
        };
        let out = check_human(&kb, std::slice::from_ref(&note));
        // three lines per finding and a summary, none much longer than the window
        assert_eq!(out.lines().count(), 3 * n + 1);
        for l in out.lines() {
            assert!(
                l.chars().count() <= QUOTE_CHARS + 60,
                "{} chars",
                l.chars().count()
            );
        }
        assert!(out.len() < n * 600, "{} bytes for {n} findings", out.len());
        // a finding in the middle: caret under the date, `…` on both sides
        let mid: Vec<&str> = out.lines().skip(3 * (n / 2)).take(3).collect();
        let col: usize = mid[0].split(':').nth(2).unwrap().parse().unwrap();
        let start = findings[n / 2].span.start;
        assert_eq!(col, text[..start].chars().count() + 1);
        let quote = mid[1].strip_prefix("   | ").unwrap();
        assert!(quote.starts_with('…') && quote.ends_with('…'), "{quote}");
        let caret = mid[2].strip_prefix("   | ").unwrap();
        let at = caret.find('^').unwrap();
        let under: String = quote.chars().skip(at).take(17).collect();
        assert_eq!(under, "31 September 2026");
        assert_eq!(caret.trim_start().len(), 17);
        // JSON positions agree with the line index's own
        let json = check_json(&kb, std::slice::from_ref(&note));
        let idx = crate::base::text::LineIndex::new(&text);
        for (i, f) in findings.iter().enumerate().step_by(97) {
            let (l, c) = idx.utf16_position(&text, f.span.end);
            let r = &json["files"][0]["diagnostics"][i]["range"]["end"];
            assert_eq!(
                (r["line"].as_u64(), r["character"].as_u64()),
                (Some(l as u64), Some(c as u64))
            );
        }
    }

    #[test]
    fn short_lines_are_quoted_whole() {
        let text = "# Note\nLaos signed it on 31 September 2026.\r\nEnd\n";
        let s = text.find("31").unwrap();
        let idx = crate::base::text::LineIndex::new(text);
        let (q, col, width) = quote(text, &idx, 1, &(s..s + 17));
        assert_eq!(q, "Laos signed it on 31 September 2026.");
        assert_eq!((col, width), (18, 17));
        // a span running past the line's end is cut at it
        let (_, _, width) = quote(text, &idx, 1, &(s..text.len()));
        assert_eq!(width, 18);
    }
}
