//! Hover text: what the corpus knows about an entity or an article, as Markdown with links
//! that open the source line.

use crate::base::dates::DateValue;
use crate::base::dates::date_bounds;
use crate::corpus::file_url;
use crate::kb::events::{Confidence, Event};
use crate::kb::summary::{EntitySummary, OFTEN_WITH, entity_often_with, entity_summary};
use crate::kb::{EntityKind, KnowledgeBase};
use std::collections::HashMap;
use std::fmt::Write;

fn source_link(kb: &KnowledgeBase, article: usize, offset: usize) -> String {
    let a = &kb.articles[article];
    let line = a.line_of(offset);
    format!("[{}:{}]({})", a.id, line + 1, file_url(&a.path, Some(line)))
}

/// One signing of entity `e`'s timeline: the date (marked `≈` and explained when it is
/// uncertain: only the page's date, or a low-confidence reading), the instrument, the other
/// parties, the sentence that tells of it and (`full`) the line that gave the date.
fn signing_line(kb: &KnowledgeBase, e: usize, ev: &Event, full: bool) -> String {
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
    if !full {
        return line;
    }
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

/// How much of an entity's card to write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardOptions {
    /// The whole card (an entity view), not the short one of a hover.
    pub full: bool,
    /// A client command that shows the whole card (`command:` links, VS Code); the short card
    /// then links its "more" lines to it. `None`: the "more" lines are plain text.
    pub more_command: Option<String>,
    /// A client command that opens the entity's page of the static report (VS Code's
    /// `dossier.openReport`); the card's last line then ends with an "Open in report" link to
    /// it, with the entity's id. `None`: no such link.
    pub report_command: Option<String>,
}

/// Items per section of the short and of the full card: signings, sources, spellings, the
/// entities named with it.
const SHORT: [usize; 4] = [2, 3, 4, 4];
const FULL: [usize; 4] = [50, 20, 30, 10];

/// Percent-encoding for a URL's query: what `encodeURIComponent` leaves alone stays.
fn url_component(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The link to the whole card of entity `e`: `command:<cmd>?[{"name":…,"kind":…}]`.
fn more_link(kb: &KnowledgeBase, e: usize, cmd: &str) -> String {
    let ent = &kb.entities[e];
    let args = serde_json::json!([{ "name": ent.name, "kind": ent.kind.as_str() }]);
    format!("command:{cmd}?{}", url_component(&args.to_string()))
}

/// The link to entity `e`'s page of the report: `command:<cmd>?["<id>"]`.
fn report_link(kb: &KnowledgeBase, e: usize, cmd: &str) -> String {
    let args = serde_json::json!([kb.entities[e].id]);
    format!("command:{cmd}?{}", url_component(&args.to_string()))
}

/// Abbreviated military and police ranks, spelt out.
const RANKS: [(&str, &str); 9] = [
    ("Gen.", "General"),
    ("Lt.", "Lieutenant"),
    ("Col.", "Colonel"),
    ("Maj.", "Major"),
    ("Brig.", "Brigadier"),
    ("Adm.", "Admiral"),
    ("Capt.", "Captain"),
    ("Sgt.", "Sergeant"),
    ("Cmdr.", "Commander"),
];
/// Forms of address, which are no titles.
const HONORIFICS: [&str; 9] = [
    "mr", "mrs", "ms", "miss", "madam", "madame", "sir", "dr", "prof",
];
/// Words an office begins with: `X and <office>` is two titles.
const OFFICE_HEADS: [&str; 12] = [
    "Minister",
    "Deputy",
    "Vice",
    "Secretary",
    "President",
    "Director",
    "Chairman",
    "Chairwoman",
    "Chief",
    "Head",
    "Governor",
    "Ambassador",
];

/// The titles of a person as a reader wants them: each once (`Gen.` is `General`, case and
/// a final full stop do not count, a title inside a longer one goes), offices before ranks,
/// in the order of the fullest spelling; forms of address only when there is nothing else.
pub fn person_titles<'a>(roles: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut roles: Vec<&str> = roles.into_iter().map(|r| r.trim()).collect();
    // the fullest spelling first: its order is the reading order
    roles.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let mut parts: Vec<String> = Vec::new();
    for role in roles {
        for piece in role.split(',').map(str::trim) {
            // `Deputy Prime Minister and Minister of Public Security`
            let mut rest = piece;
            let mut pieces = Vec::new();
            while let Some(i) = rest.find(" and ") {
                let after = &rest[i + 5..];
                if OFFICE_HEADS.iter().any(|h| after.starts_with(h)) {
                    pieces.push(&rest[..i]);
                    rest = after;
                } else {
                    break;
                }
            }
            pieces.push(rest);
            for p in pieces {
                let mut p = p.trim().to_string();
                // `Minister of Public Security Gen.`: a rank after the office
                let mut rank = None;
                for (abbr, full) in RANKS {
                    if let Some(head) = p.strip_suffix(abbr)
                        && (head.is_empty() || head.ends_with(' '))
                    {
                        rank = Some(full.to_string());
                        p = head.trim().to_string();
                        break;
                    }
                }
                for t in [Some(p), rank].into_iter().flatten() {
                    if t.chars().any(char::is_alphabetic) {
                        parts.push(t);
                    }
                }
            }
        }
    }
    let key = |t: &str| t.trim_end_matches('.').to_lowercase();
    let is_rank = |t: &str| RANKS.iter().any(|(_, full)| key(t) == full.to_lowercase());
    let is_honorific = |t: &str| HONORIFICS.contains(&key(t).as_str());
    let mut out: Vec<String> = Vec::new();
    for p in &parts {
        let k = key(p);
        if out.iter().any(|o| key(o) == k) {
            continue;
        }
        // `minister` inside `Minister of Public Security`
        let inside = parts.iter().any(|o| {
            let ko = key(o);
            ko != k
                && ko
                    .split(' ')
                    .collect::<Vec<_>>()
                    .windows(k.split(' ').count())
                    .any(|w| w.join(" ") == k)
        });
        if !inside {
            out.push(p.clone());
        }
    }
    if out.iter().any(|t| !is_honorific(t)) {
        out.retain(|t| !is_honorific(t));
    } else {
        out.truncate(1);
    }
    // offices, then ranks (a stable sort keeps the reading order within each)
    out.sort_by_key(|t| is_rank(t));
    out
}

/// "… and 4 more" for a section cut short, linked to the whole card when the client can show it.
fn more_line(kb: &KnowledgeBase, e: usize, opts: &CardOptions, n: usize, what: &str) -> String {
    match &opts.more_command {
        Some(cmd) => format!("[… and {n} more {what}]({})", more_link(kb, e, cmd)),
        None => format!("… and {n} more {what}"),
    }
}

/// Markdown about entity `e`, what an analyst needs first first: what it is (kind, country,
/// titles), the signings it took part in, where the corpus says so, how much it is mentioned,
/// its other spellings and what it is named with. The short card (`opts.full` false) keeps
/// a few items per section, its sources as links on one line, and says how many more there
/// are: it fits a hover without scrolling.
pub fn hover_entity(kb: &KnowledgeBase, e: usize, opts: &CardOptions) -> String {
    let [n_sign, n_src, n_spell, n_with] = if opts.full { FULL } else { SHORT };
    let ent = &kb.entities[e];
    // what would take a scan of its mentions is read from the knowledge base's summary
    let sum = &*entity_summary(kb, e);
    let (counts, short_counts) = mention_counts(kb, e, sum);
    let mut head = entity_heading(kb, e);
    if !opts.full {
        // the short card: how much and when, on the first line
        let _ = write!(head, " · {short_counts}");
    }
    let mut s = String::new();
    let _ = writeln!(s, "{head}");
    let titles = person_titles(&ent.roles);
    if !titles.is_empty() {
        let _ = writeln!(s, "\n{}", titles.join(" · "));
    }
    write_signings(&mut s, kb, e, opts, n_sign);
    write_sources(&mut s, kb, e, opts, n_src, sum.articles.len());
    if opts.full {
        let _ = writeln!(s, "\n{counts}");
    }
    write_spellings(&mut s, kb, sum, n_spell);
    if opts.full {
        write_often_with(&mut s, kb, e, sum, n_with);
    }
    if let Some(cmd) = &opts.report_command {
        // on the last line, not a line of its own: the short card must still fit a hover
        // without scrolling
        let end = s.trim_end_matches('\n').len();
        s.truncate(end);
        let _ = writeln!(s, " · [Open in report]({})", report_link(kb, e, cmd));
    }
    s
}

/// The card's first line: name, kind, country and ISO codes.
fn entity_heading(kb: &KnowledgeBase, e: usize) -> String {
    let ent = &kb.entities[e];
    let mut head = format!("**{}** · {}", ent.name, ent.kind.as_str());
    if let Some(c) = ent.country
        && ent.kind != EntityKind::Country
    {
        let _ = write!(head, " of {}", kb.entities[c].name);
    }
    if let Some(iso) = &ent.iso {
        let _ = write!(head, " · ISO 3166 {} · {} · {}", iso[0], iso[1], iso[2]);
    }
    head
}

/// How often and when `e` is mentioned: the full card's line (with links) and the short one.
fn mention_counts(kb: &KnowledgeBase, e: usize, sum: &EntitySummary) -> (String, String) {
    let ent = &kb.entities[e];
    let arts = &sum.articles;
    let mut counts = format!(
        "{} mention{} in {} article{}",
        ent.mentions.len(),
        if ent.mentions.len() == 1 { "" } else { "s" },
        arts.len(),
        if arts.len() == 1 { "" } else { "s" }
    );
    // first and last dated mention, by publication date
    let mut short_counts = counts.clone();
    if let (Some(first), Some(last)) = (sum.first_dated, sum.last_dated) {
        let _ = write!(short_counts, ", {} to {}", first.0, last.0);
        let f = &kb.mentions[first.1 as usize];
        let l = &kb.mentions[last.1 as usize];
        let _ = write!(
            counts,
            ": first {} ({}), last {} ({})",
            first.0,
            source_link(kb, f.article, f.span.start),
            last.0,
            source_link(kb, l.article, l.span.start)
        );
    }
    (counts, short_counts)
}

/// The signings `e` took part in: resolved dates in order, then year-less ones, then undated.
/// (The timeline is kept in the knowledge base's summary.)
fn entity_signings(kb: &KnowledgeBase, e: usize) -> Vec<&Event> {
    entity_summary(kb, e)
        .signings
        .iter()
        .filter_map(|&n| kb.events.get(n as usize))
        .collect()
}

/// The "Signings" section: the first `n` signings on a timeline and how many more there are.
fn write_signings(s: &mut String, kb: &KnowledgeBase, e: usize, opts: &CardOptions, n: usize) {
    let events = entity_signings(kb, e);
    if events.is_empty() {
        return;
    }
    let _ = writeln!(s, "\n**Signings**\n");
    for ev in events.iter().take(n) {
        let _ = writeln!(s, "- {}", signing_line(kb, e, ev, opts.full));
    }
    if events.len() > n {
        let more = more_line(kb, e, opts, events.len() - n, "signings");
        let _ = writeln!(s, "- {more}");
    }
}

/// The "Sources" section: the first mention in each of `n` articles, links or excerpts.
fn write_sources(
    s: &mut String,
    kb: &KnowledgeBase,
    e: usize,
    opts: &CardOptions,
    n: usize,
    n_arts: usize,
) {
    let targets = super::definition(kb, e, n + 1);
    let mut shown = std::collections::HashSet::new();
    let firsts: Vec<_> = targets
        .iter()
        .filter(|t| shown.insert(t.article))
        .take(n)
        .collect();
    if firsts.is_empty() {
        return;
    }
    if !opts.full {
        // the short card: the links on one line
        let mut links: Vec<String> = firsts
            .iter()
            .map(|t| source_link(kb, t.article, t.span.start))
            .collect();
        if n_arts > firsts.len() {
            links.push(more_line(kb, e, opts, n_arts - firsts.len(), "articles"));
        }
        let _ = writeln!(s, "\n**Sources:** {}", links.join(", "));
        return;
    }
    let _ = writeln!(s, "\n**Sources**\n");
    for t in &firsts {
        let a = &kb.articles[t.article];
        let line = a.line_text(a.line_of(t.span.start)).trim();
        let excerpt: String = line.chars().take(100).collect();
        let cut = if line.chars().count() > 100 {
            "…"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "- {}: {excerpt}{cut}",
            source_link(kb, t.article, t.span.start)
        );
    }
    if n_arts > firsts.len() {
        let more = more_line(kb, e, opts, n_arts - firsts.len(), "articles");
        let _ = writeln!(s, "- {more}");
    }
}

/// The "Also written" line: the first `n` other spellings seen in the corpus.
fn write_spellings(s: &mut String, kb: &KnowledgeBase, sum: &EntitySummary, n: usize) {
    let seen: Vec<&str> = sum
        .spellings
        .iter()
        .map(|&m| kb.mention_text(&kb.mentions[m as usize]))
        .collect();
    if seen.is_empty() {
        return;
    }
    let mut list: Vec<String> = seen.iter().take(n).map(|x| format!("“{x}”")).collect();
    if seen.len() > n {
        list.push(format!("{} more", seen.len() - n));
    }
    let _ = writeln!(s, "\nAlso written: {}", list.join(", "));
}

/// Entities in the same articles as `e` (its first 300: enough to rank), most shared first.
/// (The summary keeps the first [`OFTEN_WITH`]; this is for more.)
fn co_mentioned(kb: &KnowledgeBase, e: usize, arts: &[u32]) -> Vec<(usize, usize)> {
    let mut co: HashMap<usize, usize> = HashMap::new();
    for &a in arts.iter().take(300) {
        let mut here: Vec<usize> = kb.by_article[a as usize]
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
    co
}

/// The "Often with" line: the `n` entities most often in the same articles as `e`.
fn write_often_with(s: &mut String, kb: &KnowledgeBase, e: usize, sum: &EntitySummary, n: usize) {
    let co: Vec<(usize, usize)> = if n <= OFTEN_WITH {
        entity_often_with(kb, e)
            .iter()
            .map(|&(x, k)| (x as usize, k as usize))
            .collect()
    } else {
        co_mentioned(kb, e, &sum.articles)
    };
    if co.is_empty() {
        return;
    }
    let names: Vec<String> = co
        .iter()
        .take(n)
        .map(|(x, n)| format!("{} ({n})", kb.entities[*x].name))
        .collect();
    let _ = writeln!(s, "\nOften with: {}", names.join(", "));
}

/// The entity a client names by name and kind (the "more" links, the entity view): of those
/// with that name and some mention, the most mentioned.
pub fn entity_by_name(kb: &KnowledgeBase, name: &str, kind: Option<&str>) -> Option<usize> {
    kb.entities
        .iter()
        .enumerate()
        .filter(|(_, x)| {
            x.name == name && !x.mentions.is_empty() && kind.is_none_or(|k| x.kind.as_str() == k)
        })
        .max_by_key(|(i, x)| (x.mentions.len(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
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

#[cfg(test)]
mod tests {
    use super::person_titles;

    fn titles(roles: &[&str]) -> Vec<String> {
        let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
        person_titles(&roles)
    }

    #[test]
    fn titles_once_each_offices_first_in_reading_order() {
        assert_eq!(
            titles(&[
                "Deputy Prime Minister and Minister of Public Security, General",
                "Deputy Prime Minister, Minister of Public Security Gen.",
                "General",
                "Minister of Public Security Gen.",
            ]),
            [
                "Deputy Prime Minister",
                "Minister of Public Security",
                "General"
            ]
        );
        assert_eq!(
            titles(&["Minister of Public Security Gen.", "minister Gen."]),
            ["Minister of Public Security", "General"]
        );
        // `and` inside an office's name is no second office
        assert_eq!(
            titles(&["Minister of Foreign Affairs and International Cooperation"]),
            ["Minister of Foreign Affairs and International Cooperation"]
        );
        assert_eq!(
            titles(&["Party General Secretary (then President)"]),
            ["Party General Secretary (then President)"]
        );
    }

    #[test]
    fn forms_of_address_only_when_nothing_else() {
        assert_eq!(titles(&["Ms", "Ms."]), ["Ms."]);
        assert_eq!(titles(&["Mr.", "Ambassador"]), ["Ambassador"]);
        assert_eq!(titles(&[]), Vec::<String>::new());
        assert_eq!(titles(&["", " , "]), Vec::<String>::new());
        // odd input: no panic, nothing empty
        assert_eq!(
            titles(&["Gen.", " and Minister", "and", "Ms", "Đ and Vice"]),
            ["and Minister", "Đ", "Vice", "General"]
        );
    }
}
