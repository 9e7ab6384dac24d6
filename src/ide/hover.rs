//! Hover text: what the corpus knows about an entity or an article, as Markdown with links
//! that open the source line.

use super::file_url;
use crate::dates::DateValue;
use crate::events::{Confidence, Event};
use crate::kb::{EntityKind, KnowledgeBase};
use crate::output::date_bounds;
use std::collections::HashMap;
use std::fmt::Write;

fn source_link(kb: &KnowledgeBase, article: usize, offset: usize) -> String {
    let a = &kb.articles[article];
    let line = a.line_of(offset);
    format!("[{}:{}]({})", a.id, line + 1, file_url(&a.path, Some(line)))
}

/// One signing of entity `e`'s timeline: the date (marked `≈` and explained when it is
/// uncertain: only the page's date, or a low-confidence reading), the instrument, the other
/// parties, the sentence that tells of it and the line that gave the date.
fn signing_line(kb: &KnowledgeBase, e: usize, ev: &Event) -> String {
    let page_only = ev.date_from.uncertain();
    let low = ev.confidence == Confidence::Low;
    let mut year_less = false;
    let mut date = ev.date.as_ref().map_or("undated".to_string(), |d| {
        let (a, b) = date_bounds(d);
        let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
        match d.value {
            DateValue::Known { .. } if a == b => a,
            DateValue::Known { .. } => format!("{a}–{b}"),
            _ => {
                year_less = true;
                format!("“{}”", d.text)
            }
        }
    });
    if ev.date.is_some() && (page_only || low) {
        date = format!("≈ {date}");
    }
    let why: Vec<&str> = [
        year_less.then_some("year not stated"),
        (page_only && ev.date.is_some()).then_some("date from the page, uncertain"),
        low.then_some("uncertain reading"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !why.is_empty() {
        date = format!("{date} ({})", why.join("; "));
    }
    let others: Vec<&str> = ev
        .parties
        .iter()
        .filter(|&&p| p != e)
        .map(|&p| kb.entities[p].name.as_str())
        .collect();
    let with = if others.is_empty() {
        String::new()
    } else {
        format!(" with {}", others.join(", "))
    };
    let src = &ev.sources[0];
    let mut line = format!(
        "{date}: {}{with} — {}",
        ev.instrument,
        source_link(kb, src.article, src.span.start)
    );
    if let (Some(date), Some(d)) = (ev.date.as_ref(), ev.date_evidence.as_ref()) {
        // the line of the date itself when it lies in the evidence sentence
        let at = if d.span.contains(&date.span.start) {
            date.span.start
        } else {
            d.span.start
        };
        let same = d.article == src.article
            && kb.articles[d.article].line_of(at)
                == kb.articles[src.article].line_of(src.span.start);
        if same {
            line.push_str(", dated there");
        } else {
            let _ = write!(line, ", date from {}", source_link(kb, d.article, at));
        }
    }
    line
}

/// Markdown about entity `e`.
pub fn hover_entity(kb: &KnowledgeBase, e: usize) -> String {
    let ent = &kb.entities[e];
    let mut s = String::new();
    let _ = writeln!(s, "**{}** · {}", ent.name, ent.kind.as_str());
    if let Some(c) = ent.country
        && ent.kind != EntityKind::Country
    {
        let _ = writeln!(s, "\nof {}", kb.entities[c].name);
    }
    if let Some(iso) = &ent.iso {
        let _ = writeln!(s, "\nISO 3166: {} · {} · {}", iso[0], iso[1], iso[2]);
    }
    if !ent.roles.is_empty() {
        let roles: Vec<&str> = ent.roles.iter().map(String::as_str).take(5).collect();
        let _ = writeln!(s, "\nTitles: {}", roles.join(", "));
    }
    // spellings seen in the corpus first, then other known ones
    let mut seen: Vec<String> = Vec::new();
    for &m in &ent.mentions {
        let t = kb.mention_text(&kb.mentions[m]).to_string();
        if t != ent.name && !seen.contains(&t) {
            seen.push(t);
        }
    }
    if !seen.is_empty() {
        let _ = writeln!(
            s,
            "\nAlso written: {}",
            seen.iter()
                .take(10)
                .map(|x| format!("“{x}”"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut arts: Vec<usize> = ent
        .mentions
        .iter()
        .map(|&m| kb.mentions[m].article)
        .collect();
    arts.dedup();
    let _ = writeln!(
        s,
        "\n{} mention{} in {} article{}",
        ent.mentions.len(),
        if ent.mentions.len() == 1 { "" } else { "s" },
        arts.len(),
        if arts.len() == 1 { "" } else { "s" }
    );

    // first and last dated mention, by publication date
    let dated: Vec<(jiff::civil::Date, usize)> = ent
        .mentions
        .iter()
        .filter_map(|&m| {
            let mm = &kb.mentions[m];
            kb.articles[mm.article].layout.published.map(|d| (d, m))
        })
        .collect();
    if let (Some(first), Some(last)) = (
        dated.iter().min_by_key(|x| x.0),
        dated.iter().max_by_key(|x| x.0),
    ) {
        let f = &kb.mentions[first.1];
        let l = &kb.mentions[last.1];
        let _ = writeln!(
            s,
            "\nFirst dated mention {} ({}), last {} ({})",
            first.0,
            source_link(kb, f.article, f.span.start),
            last.0,
            source_link(kb, l.article, l.span.start)
        );
    }

    // signings on a timeline
    let mut events: Vec<&Event> = kb
        .events
        .iter()
        .filter(|ev| ev.parties.contains(&e) || ev.agreement == Some(e))
        .collect();
    // resolved dates in order, then year-less ones, then undated
    events.sort_by_key(|ev| match ev.date.as_ref().map(|d| (&d.value, d)) {
        Some((DateValue::Known { start, .. }, _)) => (0, start.to_string()),
        Some((_, d)) => (1, date_bounds(d).0.unwrap_or_default()),
        None => (2, String::new()),
    });
    if !events.is_empty() {
        let _ = writeln!(s, "\n**Signings**\n");
        for ev in events.iter().take(12) {
            let _ = writeln!(s, "- {}", signing_line(kb, e, ev));
        }
    }

    // entities most often in the same articles
    // (over the first 300 of its articles: enough to rank, cheap for the most mentioned)
    let mut co: HashMap<usize, usize> = HashMap::new();
    for &a in arts.iter().take(300) {
        let mut here: Vec<usize> = kb.by_article[a]
            .iter()
            .map(|&m| kb.mentions[m].entity)
            .filter(|&x| x != e)
            .collect();
        here.sort_unstable();
        here.dedup();
        for x in here {
            *co.entry(x).or_default() += 1;
        }
    }
    let mut co: Vec<(usize, usize)> = co.into_iter().collect();
    co.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(kb.entities[a.0].name.cmp(&kb.entities[b.0].name))
    });
    if !co.is_empty() {
        let names: Vec<String> = co
            .iter()
            .take(6)
            .map(|(x, n)| format!("{} ({n})", kb.entities[*x].name))
            .collect();
        let _ = writeln!(s, "\nOften with: {}", names.join(", "));
    }

    // where it is said
    let targets = super::definition(kb, e, 8);
    if !targets.is_empty() {
        let _ = writeln!(s, "\n**Sources**\n");
        let mut shown = std::collections::HashSet::new();
        for t in targets.iter().filter(|t| shown.insert(t.article)).take(8) {
            let a = &kb.articles[t.article];
            let line = a.line_text(a.line_of(t.span.start)).trim();
            let excerpt: String = line.chars().take(100).collect();
            let more = if line.chars().count() > 100 {
                "…"
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "- {}: {excerpt}{more}",
                source_link(kb, t.article, t.span.start)
            );
        }
    }
    s
}

/// Markdown about article `a`: headline, publication date, the first lines of the body.
pub fn hover_article(kb: &KnowledgeBase, a: usize) -> String {
    let art = &kb.articles[a];
    let mut s = String::new();
    let title = art
        .layout
        .title
        .as_ref()
        .map_or("(no headline)", |t| &art.text[t.clone()]);
    let _ = writeln!(s, "**{title}**\n");
    let date = art
        .layout
        .published
        .map_or("no publication date".to_string(), |d| {
            format!("published {d}")
        });
    let _ = writeln!(
        s,
        "{} · {date} · [open]({})\n",
        art.id,
        file_url(&art.path, None)
    );
    let mut shown = 0;
    for seg in art
        .layout
        .content()
        .filter(|s| Some(&s.span) != art.layout.title.as_ref())
    {
        let line: String = art.text[seg.span.clone()].chars().take(300).collect();
        let _ = writeln!(s, "> {line}\n>");
        shown += 1;
        if shown == 3 {
            break;
        }
    }
    s
}
