//! The report's pages and the chart's data, each from the [`Ctx`]. Every string from the corpus
//! or a note is escaped ([`esc`]); links are relative, so the folder opens from disk.

use super::html::{Page, Section, clip, esc, esc_into, kind_badge, kind_glyph};
use super::{
    CHART_MAX, Ctx, ENTITY_ARTICLES, ENTITY_SIGNINGS, INDEX_PAGE, KINDS, Note, Signing,
    signings_by_year,
};
use crate::base::text::fold;
use crate::check::{Code, KbFacts, Severities};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// A link to entity `e` from a page `up` below the root (its name as text when it has no page).
fn entity_link(ctx: &Ctx, up: &str, e: usize) -> String {
    let ent = &ctx.kb.entities[e];
    let glyph = kind_glyph(ent.kind);
    match &ctx.page[e] {
        // the shape stands for the kind (the legend and the badges say which)
        Some(f) => format!(
            "<a class=\"ent k-{}\" href=\"{up}entities/{f}.html\">{glyph} {}</a>",
            ent.kind.as_str(),
            esc(&ent.name)
        ),
        None => format!(
            "<span class=\"ent k-{}\">{glyph} {}</span>",
            ent.kind.as_str(),
            esc(&ent.name)
        ),
    }
}

/// A link to a data reference (`super::Ref`) from a page `up` below the root.
fn ref_link(r: &super::Ref, up: &str) -> String {
    let kind = super::KINDS.into_iter().find(|k| k.as_str() == r.kind);
    let glyph = kind.map_or("", kind_glyph);
    match &r.href {
        Some(h) => format!(
            "<a class=\"ent k-{}\" href=\"{up}{h}\" title=\"{}\"><span aria-hidden=\"true\">{glyph}</span> {}</a>",
            r.kind,
            r.kind,
            esc(&r.name)
        ),
        None => format!(
            "<span class=\"ent k-{}\"><span aria-hidden=\"true\">{glyph}</span> {}</span>",
            r.kind,
            esc(&r.name)
        ),
    }
}

/// The date of a signing as a cell: ISO date(s), the precision, the text's words.
fn date_cell(s: &Signing) -> String {
    let from = if matches!(s.date_from, "clause" | "none") {
        String::new()
    } else {
        format!(", from the {}", s.date_from)
    };
    let written = s
        .date_text
        .as_deref()
        .map(|t| format!("<br><q>{}</q>", esc(t)))
        .unwrap_or_default();
    match (&s.start, &s.end) {
        (Some(a), Some(_)) if s.precision == "no year" => {
            format!(
                "<time datetime=\"{}\">{}</time> <span class=\"precision\">(no year{from})</span>{written}",
                a.trim_start_matches('-'),
                yearless(a)
            )
        }
        (Some(a), Some(b)) => {
            let iso = if a == b {
                format!("<time datetime=\"{a}\">{a}</time>")
            } else {
                format!("<time datetime=\"{a}\">{a}</time> – <time datetime=\"{b}\">{b}</time>")
            };
            format!(
                "{iso} <span class=\"precision\">({}{from})</span>{written}",
                s.precision
            )
        }
        _ => "<span class=\"muted\">no date</span>".to_string(),
    }
}

/// A date without a year (`--11-06`) as words: `6 November, year not stated`.
fn yearless(s: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = s.get(2..4).and_then(|m| m.parse::<usize>().ok());
    let day = s.get(5..7).and_then(|d| d.parse::<usize>().ok());
    match (month.and_then(|m| MONTHS.get(m.wrapping_sub(1))), day) {
        (Some(m), Some(d)) => format!("{d} {m}, year not stated"),
        (Some(m), None) => format!("{m}, year not stated"),
        _ => "year not stated".into(),
    }
}

/// Sources grouped by article: `002_x: lines 22, 36`, each line a link.
fn sources_cell(sources: &[super::SourceRef], up: &str) -> String {
    let mut s = String::new();
    let mut i = 0;
    while i < sources.len() {
        let a = &sources[i].article;
        let j = i + sources[i..].iter().take_while(|x| &x.article == a).count();
        if !s.is_empty() {
            s.push_str("<br>");
        }
        let _ = write!(
            s,
            "<span class=\"src\">{}: line{} ",
            esc(a),
            if j - i > 1 { "s" } else { "" }
        );
        let links: Vec<String> = sources[i..j]
            .iter()
            .map(|x| format!("<a href=\"{up}{}\">{}</a>", x.href, x.line))
            .collect();
        s.push_str(&links.join(", "));
        s.push_str("</span>");
        i = j;
    }
    s
}

/// The table of signings (positions in `ctx.signings`), for a page `up` below the root.
fn signings_table(ctx: &Ctx, up: &str, which: &[u32], id: &str) -> String {
    let mut s = format!(
        "<table class=\"signings\" id=\"{id}\">\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Instrument</th><th scope=\"col\">Parties</th><th scope=\"col\">Place</th><th scope=\"col\">Sources</th></tr></thead>\n<tbody>\n"
    );
    for &p in which {
        let g = &ctx.signings[p as usize];
        let _ = writeln!(
            s,
            "<tr data-n=\"{}\" data-ents=\"{}\"><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            g.n,
            esc(&g.ents.join(" ")),
            date_cell(g),
            match &g.agreement {
                Some(a) => ref_link(a, up),
                None => esc(&g.instrument),
            },
            if g.confidence == "low" {
                " <span class=\"muted\">(low confidence)</span>"
            } else {
                ""
            },
            g.parties
                .iter()
                .map(|r| ref_link(r, up))
                .collect::<Vec<_>>()
                .join(", "),
            g.place
                .as_ref()
                .map(|r| ref_link(r, up))
                .unwrap_or_default(),
            sources_cell(&g.sources, up),
        );
    }
    s.push_str("</tbody>\n</table>\n");
    s
}

fn page<'a>(
    ctx: &Ctx,
    title: &'a str,
    up: &'a str,
    section: Section,
    scripts: &'a [&'a str],
) -> Page<'a> {
    Page {
        title,
        up,
        section,
        has_notes: !ctx.notes.is_empty(),
        scripts,
    }
}

/// Entities with a page, most mentioned first, then by name.
fn ranked(ctx: &Ctx) -> Vec<usize> {
    let kb = ctx.kb;
    let mut v: Vec<usize> = (0..kb.entities.len())
        .filter(|&i| ctx.page[i].is_some())
        .collect();
    v.sort_by(|&a, &b| {
        let (ea, eb) = (&kb.entities[a], &kb.entities[b]);
        eb.mentions
            .len()
            .cmp(&ea.mentions.len())
            .then_with(|| ea.name.cmp(&eb.name))
            .then(a.cmp(&b))
    });
    v
}

/// `index.html`: the corpus, the most mentioned entities by kind, signings by year.
pub(crate) fn overview(ctx: &Ctx) -> String {
    let kb = ctx.kb;
    let mut b = String::new();
    b.push_str("<h1>Overview</h1>\n");
    if !ctx.focus.is_empty() {
        b.push_str("<p class=\"focus\">This report is focused on ");
        let links: Vec<String> = ctx.focus.iter().map(|&f| entity_link(ctx, "", f)).collect();
        b.push_str(&links.join(", "));
        b.push_str(": their pages, their signings and the entities named with them.</p>\n");
    }
    let dates: Vec<jiff::civil::Date> = kb.heads.iter().filter_map(|h| h.published).collect();
    let (min, max) = (dates.iter().min(), dates.iter().max());
    let _ = write!(
        b,
        "<section><h2>The corpus</h2>\n<dl class=\"facts\"><dt>Articles</dt><dd>{}</dd><dt>Published</dt><dd>{}</dd><dt>Entities</dt><dd>{}</dd><dt>Signings</dt><dd>{}</dd></dl>\n</section>\n",
        kb.heads.len(),
        match (min, max) {
            (Some(a), Some(z)) => format!(
                "<time datetime=\"{a}\">{a}</time> to <time datetime=\"{z}\">{z}</time> ({} of the articles dated)",
                dates.len()
            ),
            _ => "no article is dated".into(),
        },
        kb.entities
            .iter()
            .filter(|e| !e.mentions.is_empty())
            .count(),
        ctx.signings.len()
    );
    b.push_str("<section><h2>Most mentioned, by kind</h2>\n<div class=\"kinds\">\n");
    let ranked = ranked(ctx);
    for k in KINDS {
        let top: Vec<usize> = ranked
            .iter()
            .copied()
            .filter(|&e| kb.entities[e].kind == k)
            .take(10)
            .collect();
        if top.is_empty() {
            continue;
        }
        let _ = write!(
            b,
            "<div class=\"kindbox\"><h3>{}</h3>\n<ol>\n",
            kind_badge(k)
        );
        for e in top {
            let _ = writeln!(
                b,
                "<li>{} <span class=\"count\">{} mentions</span></li>",
                entity_link(ctx, "", e),
                kb.entities[e].mentions.len()
            );
        }
        b.push_str("</ol></div>\n");
    }
    b.push_str("</div>\n</section>\n");
    b.push_str("<section><h2>Signings by year</h2>\n");
    let (years, other) = signings_by_year(ctx);
    let most = years.iter().map(|y| y.1).max().unwrap_or(1).max(1);
    b.push_str("<table class=\"years\"><thead><tr><th scope=\"col\">Year</th><th scope=\"col\">Signings</th><th scope=\"col\"><span class=\"sr\">bar</span></th></tr></thead><tbody>\n");
    for (y, n) in &years {
        let _ = writeln!(
            b,
            "<tr><td><a href=\"timeline.html#year={y}\">{y}</a></td><td class=\"num\">{n}</td><td><span class=\"bar\" style=\"width:{}%\"></span></td></tr>",
            n * 100 / most
        );
    }
    if other > 0 {
        let _ = writeln!(
            b,
            "<tr><td>no year</td><td class=\"num\">{other}</td><td></td></tr>"
        );
    }
    b.push_str("</tbody></table>\n<p><a href=\"timeline.html\">The timeline</a> · <a href=\"chart.html\">the link chart</a> · <a href=\"entities/index.html\">every entity</a></p>\n</section>\n");
    if !ctx.notes.is_empty() {
        b.push_str("<section><h2>Notes</h2><ul>\n");
        for (file, display) in &ctx.notes {
            let _ = writeln!(
                b,
                "<li><a href=\"notes/{file}.html\">{}</a></li>",
                esc(display)
            );
        }
        b.push_str("</ul></section>\n");
    }
    page(ctx, "Overview", "", Section::Overview, &[]).render(&b)
}

/// The kind legend: shape and name for each kind.
fn legend() -> String {
    let mut s = String::from("<ul class=\"legend\" aria-label=\"Kinds\">");
    for k in KINDS {
        let _ = write!(s, "<li>{}</li>", kind_badge(k));
    }
    s.push_str("</ul>\n");
    s
}

/// The controls and containers of a timeline (used by `timeline.html` and `chart.html`).
fn timeline_block(ctx: &Ctx, up: &str) -> String {
    let all: Vec<u32> = (0..ctx.signings.len() as u32).collect();
    let mut b = String::new();
    b.push_str(
        "<div class=\"controls\" id=\"tl-controls\">\
         <span id=\"tl-filter\" class=\"filter\" aria-live=\"polite\"></span> \
         <button type=\"button\" id=\"tl-clear\" hidden>Show all signings</button> \
         <label>Zoom <select id=\"tl-zoom\"><option value=\"all\">all years</option></select></label> \
         <label>Month <select id=\"tl-month\" disabled><option value=\"\">whole year</option>\
         <option value=\"1\">January</option><option value=\"2\">February</option><option value=\"3\">March</option>\
         <option value=\"4\">April</option><option value=\"5\">May</option><option value=\"6\">June</option>\
         <option value=\"7\">July</option><option value=\"8\">August</option><option value=\"9\">September</option>\
         <option value=\"10\">October</option><option value=\"11\">November</option><option value=\"12\">December</option>\
         </select></label></div>\n\
         <div id=\"timeline\" class=\"timeline\" role=\"img\" aria-label=\"Timeline of the signings; the table below lists the same\"></div>\n\
         <div id=\"tl-undated\" class=\"undated\" hidden></div>\n\
         <div id=\"tl-detail\" class=\"detail\" aria-live=\"polite\"></div>\n",
    );
    let _ = writeln!(
        b,
        "<h2 id=\"tl-table-title\">Signings <span class=\"count\" id=\"tl-count\">{}</span></h2>",
        ctx.signings.len()
    );
    b.push_str(&signings_table(ctx, up, &all, "signings"));
    b
}

/// `timeline.html`.
pub(crate) fn timeline(ctx: &Ctx) -> String {
    let mut b = String::from("<h1>Timeline of signings</h1>\n");
    b.push_str("<p class=\"hint\">Drag to move, scroll or pinch to zoom, or choose a year and a month. Click a signing for its parties and sources. <code>timeline.html#entity=ID</code> shows one entity's signings.</p>\n");
    b.push_str(&timeline_block(ctx, ""));
    page(
        ctx,
        "Timeline",
        "",
        Section::Timeline,
        &[
            "assets/vendor/vis-timeline-graph2d.min.js",
            "data/signings.js",
            "assets/report.js",
            "assets/timeline.js",
        ],
    )
    .render(&b)
}

/// `chart.html`: the link chart, with the timeline it filters below.
pub(crate) fn chart(ctx: &Ctx) -> String {
    let mut b = String::from("<h1>Link chart</h1>\n");
    let _ = write!(
        b,
        "<div class=\"controls\" id=\"chart-controls\">\
         <label>Find <input type=\"search\" id=\"chart-search\" placeholder=\"any spelling\" autocomplete=\"off\"></label> \
         <label><input type=\"checkbox\" id=\"chart-co\"> co-mentions</label> \
         <span id=\"chart-shown\" class=\"count\"></span> \
         <button type=\"button\" id=\"chart-more\">Show {} more</button> \
         <button type=\"button\" id=\"chart-fit\">Fit</button></div>\n\
         <ul id=\"chart-results\" class=\"results\" aria-live=\"polite\"></ul>\n",
        ctx.chart_nodes
    );
    b.push_str(&legend());
    let _ = write!(
        b,
        "<div id=\"chart\" class=\"chart\" data-initial=\"{}\" role=\"img\" aria-label=\"Entities as nodes, joint signings as lines (thicker for more); click a node to show its signings below\"></div>\n\
         <p class=\"hint\">Lines join the parties of a signing, thicker for more signings together; dashed lines (co-mentions) join entities often named in the same articles. Click a node to show its signings in the timeline below; click the background to show all.</p>\n",
        ctx.chart_nodes
    );
    b.push_str("<section class=\"linked-timeline\"><h2>Signings</h2>\n");
    b.push_str(&timeline_block(ctx, ""));
    b.push_str("</section>\n");
    page(
        ctx,
        "Link chart",
        "",
        Section::Chart,
        &[
            "assets/vendor/vis-timeline-graph2d.min.js",
            "assets/vendor/vis-network.min.js",
            "data/signings.js",
            "data/chart.js",
            "data/names.js",
            "assets/report.js",
            "assets/timeline.js",
            "assets/chart.js",
        ],
    )
    .render(&b)
}

#[derive(Serialize)]
pub(crate) struct ChartNode {
    id: String,
    label: String,
    kind: &'static str,
    mentions: usize,
    signings: usize,
    href: String,
}

#[derive(Serialize)]
pub(crate) struct ChartData {
    nodes: Vec<ChartNode>,
    /// (node, node, signings together), node positions in `nodes`.
    signed: Vec<(u32, u32, u32)>,
    /// (node, node, articles shared).
    co: Vec<(u32, u32, u32)>,
}

/// The chart's nodes (entities with a signing first, then the rest; most mentioned first; at
/// most [`CHART_MAX`]) and edges.
pub(crate) fn chart_data(ctx: &Ctx) -> ChartData {
    let kb = ctx.kb;
    let mut order = ranked(ctx);
    // the focused entities lead, then those with signings
    order.sort_by_key(|&e| (!ctx.focus.contains(&e), ctx.signings_of[e].is_empty()));
    order.truncate(CHART_MAX);
    let pos: HashMap<usize, u32> = order
        .iter()
        .enumerate()
        .map(|(i, &e)| (e, i as u32))
        .collect();
    let mut signed: BTreeMap<(u32, u32), u32> = BTreeMap::new();
    for s in &ctx.signings {
        let ev = &kb.events[s.n];
        let mut ps: Vec<u32> = ev
            .parties
            .iter()
            .filter_map(|p| pos.get(p).copied())
            .collect();
        ps.sort_unstable();
        ps.dedup();
        for i in 0..ps.len() {
            for j in i + 1..ps.len() {
                *signed.entry((ps[i], ps[j])).or_default() += 1;
            }
        }
    }
    let mut co: BTreeMap<(u32, u32), u32> = BTreeMap::new();
    let summary = kb.summary();
    for (i, &e) in order.iter().enumerate() {
        for &(o, n) in summary.often_with(kb, e) {
            if let Some(&j) = pos.get(&(o as usize)) {
                let key = ((i as u32).min(j), (i as u32).max(j));
                let v = co.entry(key).or_default();
                *v = (*v).max(n);
            }
        }
    }
    ChartData {
        nodes: order
            .iter()
            .map(|&e| {
                let ent = &kb.entities[e];
                ChartNode {
                    id: ent.id.clone(),
                    label: ent.name.clone(),
                    kind: ent.kind.as_str(),
                    mentions: ent.mentions.len(),
                    signings: ctx.signings_of[e].len(),
                    href: format!(
                        "entities/{}.html",
                        ctx.page[e].as_deref().unwrap_or_default()
                    ),
                }
            })
            .collect(),
        signed: signed.into_iter().map(|((a, b), n)| (a, b, n)).collect(),
        co: co.into_iter().map(|((a, b), n)| (a, b, n)).collect(),
    }
}

/// Every entity with a page, for search by any spelling: (id, name, kind, page, spellings).
pub(crate) fn names_data(ctx: &Ctx) -> Vec<(String, String, &'static str, String, Vec<String>)> {
    ranked(ctx)
        .into_iter()
        .map(|e| {
            let ent = &ctx.kb.entities[e];
            (
                ent.id.clone(),
                ent.name.clone(),
                ent.kind.as_str(),
                format!(
                    "entities/{}.html",
                    ctx.page[e].as_deref().unwrap_or_default()
                ),
                ent.aliases.iter().take(20).cloned().collect(),
            )
        })
        .collect()
}

/// `entities/index.html` and the pages of each kind (at most [`INDEX_PAGE`] entities each).
pub(crate) fn entity_index(ctx: &Ctx) -> Vec<(String, String)> {
    let kb = ctx.kb;
    let ranked = ranked(ctx);
    let mut out = Vec::new();
    let mut idx = String::from("<h1>Entities</h1>\n");
    idx.push_str(&legend());
    idx.push_str("<ul class=\"kind-pages\">\n");
    for k in KINDS {
        let of: Vec<usize> = ranked
            .iter()
            .copied()
            .filter(|&e| kb.entities[e].kind == k)
            .collect();
        if of.is_empty() {
            continue;
        }
        let pages = of.len().div_ceil(INDEX_PAGE);
        let _ = write!(idx, "<li>{} — {} ", kind_badge(k), of.len());
        for (p, chunk) in of.chunks(INDEX_PAGE).enumerate() {
            let name = format!("kind-{}-{}.html", k.as_str(), p + 1);
            let _ = write!(
                idx,
                " <a href=\"{name}\">{}</a>",
                if pages == 1 {
                    "list".to_string()
                } else {
                    format!("{}–{}", p * INDEX_PAGE + 1, p * INDEX_PAGE + chunk.len())
                }
            );
            let mut b = format!(
                "<h1>{} <span class=\"count\">{}–{} of {}, most mentioned first</span></h1>\n",
                kind_badge(k),
                p * INDEX_PAGE + 1,
                p * INDEX_PAGE + chunk.len(),
                of.len()
            );
            b.push_str("<table class=\"entities\"><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Other spellings</th><th scope=\"col\">Country</th><th scope=\"col\">Mentions</th><th scope=\"col\">Articles</th><th scope=\"col\">Signings</th></tr></thead><tbody>\n");
            for &e in chunk {
                let ent = &kb.entities[e];
                let _ = writeln!(
                    b,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    entity_link(ctx, "../", e),
                    esc(&clip(
                        &ent.aliases.iter().cloned().collect::<Vec<_>>().join(", "),
                        120
                    )),
                    ent.country
                        .map(|c| entity_link(ctx, "../", c))
                        .unwrap_or_default(),
                    ent.mentions.len(),
                    ctx.summary(e).articles.len(),
                    ctx.signings_of[e].len()
                );
            }
            b.push_str("</tbody></table>\n");
            if pages > 1 {
                b.push_str("<nav class=\"pages\" aria-label=\"Pages\">");
                for q in 0..pages {
                    if q == p {
                        let _ = write!(b, " <strong>{}</strong>", q + 1);
                    } else {
                        let _ = write!(
                            b,
                            " <a href=\"kind-{}-{}.html\">{}</a>",
                            k.as_str(),
                            q + 1,
                            q + 1
                        );
                    }
                }
                b.push_str("</nav>\n");
            }
            let title = format!("{} entities", k.as_str());
            out.push((
                format!("entities/{name}"),
                page(ctx, &title, "../", Section::Entities, &[]).render(&b),
            ));
        }
        idx.push_str("</li>\n");
    }
    idx.push_str("</ul>\n");
    out.push((
        "entities/index.html".into(),
        page(ctx, "Entities", "../", Section::Entities, &[]).render(&idx),
    ));
    out
}

/// A person's titles with the dated articles where a title is written on the line of a
/// mention: (title, [(date, article, line)]), titles in the model's order.
type RoleSeen = Vec<(String, Vec<(Option<jiff::civil::Date>, usize, usize)>)>;

fn roles_seen(ctx: &Ctx, e: usize) -> RoleSeen {
    let kb = ctx.kb;
    let ent = &kb.entities[e];
    let roles: Vec<(String, String)> = ent.roles.iter().map(|r| (r.clone(), fold(r))).collect();
    let mut seen: Vec<Vec<(Option<jiff::civil::Date>, usize, usize)>> =
        vec![Vec::new(); roles.len()];
    if roles.is_empty() {
        return Vec::new();
    }
    let mut last: Option<(usize, usize)> = None;
    for &m in ent.mentions.iter().take(600) {
        let mm = &kb.mentions[m];
        let line = ctx.line(mm.article, mm.span.start);
        if last == Some((mm.article, line)) {
            continue;
        }
        last = Some((mm.article, line));
        let text = fold(ctx.line_text(mm.article, line));
        for (i, (_, f)) in roles.iter().enumerate() {
            if text.contains(f.as_str()) && seen[i].last().map(|x| x.1) != Some(mm.article) {
                seen[i].push((kb.heads[mm.article].published, mm.article, line));
            }
        }
    }
    roles
        .into_iter()
        .zip(seen)
        .map(|((r, _), mut s)| {
            s.sort_by_key(|x| (x.0, x.1));
            (r, s)
        })
        .collect()
}

/// `entities/<id>.html`.
pub(crate) fn entity(ctx: &Ctx, e: usize) -> String {
    let kb = ctx.kb;
    let ent = &kb.entities[e];
    let sum = ctx.summary(e);
    let up = "../";
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1 class=\"entity-name\">{} {}</h1>\n<dl class=\"facts\"><dt>Kind</dt><dd>{}</dd>",
        esc(&ent.name),
        kind_badge(ent.kind),
        ent.kind.as_str()
    );
    let _ = write!(b, "<dt>Id</dt><dd><code>{}</code></dd>", esc(&ent.id));
    if let Some(c) = ent.country {
        let _ = write!(b, "<dt>Country</dt><dd>{}</dd>", entity_link(ctx, up, c));
    }
    if let Some(iso) = &ent.iso {
        let _ = write!(
            b,
            "<dt>ISO 3166</dt><dd>{} / {} / {}</dd>",
            esc(&iso[0]),
            esc(&iso[1]),
            esc(&iso[2])
        );
    }
    let _ = write!(
        b,
        "<dt>Mentions</dt><dd>{} in {} article{}",
        ent.mentions.len(),
        sum.articles.len(),
        if sum.articles.len() == 1 { "" } else { "s" }
    );
    for (label, d) in [
        ("first dated", sum.first_dated),
        ("last dated", sum.last_dated),
    ] {
        if let Some((date, m)) = d {
            let mm = &kb.mentions[m as usize];
            let line = ctx.line(mm.article, mm.span.start);
            let _ = write!(
                b,
                "; {label} <a href=\"{up}{}\"><time datetime=\"{date}\">{date}</time></a>",
                ctx.article_href(mm.article, line)
            );
        }
    }
    b.push_str("</dd></dl>\n");
    let _ = writeln!(
        b,
        "<p><a href=\"{up}timeline.html#entity={}\">Its signings on the timeline</a> · <a href=\"{up}chart.html#entity={}\">in the link chart</a></p>",
        esc(&ent.id),
        esc(&ent.id)
    );
    // names and spellings
    b.push_str("<section><h2>Names and spellings</h2>\n<ul class=\"spellings\">\n");
    let _ = writeln!(b, "<li><strong>{}</strong> (name)</li>", esc(&ent.name));
    let written: HashMap<&str, u32> = sum
        .spellings
        .iter()
        .map(|&m| (kb.mention_text(&kb.mentions[m as usize]), m))
        .collect();
    for a in &ent.aliases {
        match written.get(a.as_str()) {
            Some(&m) => {
                let mm = &kb.mentions[m as usize];
                let line = ctx.line(mm.article, mm.span.start);
                let _ = writeln!(
                    b,
                    "<li>{} — first written in <a href=\"{up}{}\">{}, line {line}</a></li>",
                    esc(a),
                    ctx.article_href(mm.article, line),
                    esc(&kb.heads[mm.article].id)
                );
            }
            None => {
                let _ = writeln!(b, "<li>{}</li>", esc(a));
            }
        }
    }
    b.push_str("</ul></section>\n");
    // roles
    if !ent.roles.is_empty() {
        b.push_str("<section><h2>Roles over time</h2>\n<p class=\"hint\">The knowledge base keeps a person's titles without dates; the dates here are those of the articles where the title is written on the same line as the name.</p>\n<table class=\"roles\"><thead><tr><th scope=\"col\">Title</th><th scope=\"col\">Seen with the name</th></tr></thead><tbody>\n");
        for (role, seen) in roles_seen(ctx, e) {
            let cell = if seen.is_empty() {
                "<span class=\"muted\">seen with the person; no line gives both</span>".to_string()
            } else {
                let first = &seen[0];
                let lastv = &seen[seen.len() - 1];
                let fmt = |x: &(Option<jiff::civil::Date>, usize, usize)| {
                    format!(
                        "<a href=\"{up}{}\">{}</a>",
                        ctx.article_href(x.1, x.2),
                        x.0.map_or_else(
                            || format!("{}, line {}", esc(&kb.heads[x.1].id), x.2),
                            |d| format!("<time datetime=\"{d}\">{d}</time>")
                        )
                    )
                };
                if seen.len() == 1 {
                    format!("{} (1 article)", fmt(first))
                } else {
                    format!("{} to {} ({} articles)", fmt(first), fmt(lastv), seen.len())
                }
            };
            let _ = writeln!(b, "<tr><td>{}</td><td>{cell}</td></tr>", esc(&role));
        }
        b.push_str("</tbody></table></section>\n");
    }
    // signings
    let _ = writeln!(
        b,
        "<section><h2>Signings <span class=\"count\">{}</span></h2>",
        ctx.signings_of[e].len()
    );
    let signed = &ctx.signings_of[e];
    if signed.is_empty() {
        b.push_str("<p class=\"muted\">None in the corpus.</p>\n");
    } else {
        let shown = &signed[..signed.len().min(ENTITY_SIGNINGS)];
        b.push_str(&signings_table(ctx, up, shown, "entity-signings"));
        if signed.len() > shown.len() {
            let _ = writeln!(
                b,
                "<p class=\"muted\">The first {} on the timeline; <a href=\"{up}timeline.html#entity={}\">all {}</a>.</p>",
                shown.len(),
                esc(&ent.id),
                signed.len()
            );
        }
    }
    b.push_str("</section>\n");
    // articles
    let _ = write!(
        b,
        "<section><h2>Articles that mention it <span class=\"count\">{}</span></h2>\n<table class=\"mentions\"><thead><tr><th scope=\"col\">Article</th><th scope=\"col\">Date</th><th scope=\"col\">Line</th><th scope=\"col\">Mentions</th></tr></thead><tbody>\n",
        sum.articles.len()
    );
    let mut per_article: HashMap<u32, usize> = HashMap::new();
    for &m in &ent.mentions {
        *per_article
            .entry(kb.mentions[m].article as u32)
            .or_default() += 1;
    }
    for (&a, &first) in sum
        .articles
        .iter()
        .zip(sum.firsts.iter())
        .take(ENTITY_ARTICLES)
    {
        let a = a as usize;
        let mm = &kb.mentions[ent.mentions[first as usize]];
        let line = ctx.line(a, mm.span.start);
        let head = &kb.heads[a];
        let _ = writeln!(
            b,
            "<tr><td><a href=\"{up}{}\">{}</a>{}</td><td>{}</td><td class=\"line\"><a href=\"{up}{}\">line {line}</a>: {}</td><td class=\"num\">{}</td></tr>",
            ctx.article_href(a, line),
            esc(&head.id),
            head.title
                .as_deref()
                .map(|t| format!("<br><span class=\"title\">{}</span>", esc(&clip(t, 100))))
                .unwrap_or_default(),
            head.published.map(|d| d.to_string()).unwrap_or_default(),
            ctx.article_href(a, line),
            quote_line(
                ctx.line_text(a, line),
                mm.span.start - ctx.line_start(a, line),
                mm.span.len()
            ),
            per_article.get(&(a as u32)).copied().unwrap_or(0)
        );
    }
    b.push_str("</tbody></table>\n");
    if sum.articles.len() > ENTITY_ARTICLES {
        let _ = writeln!(
            b,
            "<p class=\"muted\">… and {} more articles.</p>",
            sum.articles.len() - ENTITY_ARTICLES
        );
    }
    b.push_str("</section>\n");
    // co-mentions
    let often = kb.summary().often_with(kb, e);
    if !often.is_empty() {
        b.push_str("<section><h2>Often named with it</h2>\n<ul class=\"often\">\n");
        for &(o, n) in often {
            let _ = writeln!(
                b,
                "<li>{} <span class=\"count\">{n} article{}</span></li>",
                entity_link(ctx, up, o as usize),
                if n == 1 { "" } else { "s" }
            );
        }
        b.push_str("</ul></section>\n");
    }
    page(ctx, &ent.name, up, Section::Entities, &[]).render(&b)
}

impl Ctx<'_> {
    /// Byte offset where line `line` (1-based) of article `a` starts.
    fn line_start(&self, a: usize, line: usize) -> usize {
        let text = self.kb.text_of(a);
        let t = self.line_text(a, line);
        // the line's text is a slice of the article's
        (t.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
    }
}

/// A line quoted (about 200 characters around the mention at `at`, `len` bytes long), the
/// mention in bold.
fn quote_line(line: &str, at: usize, len: usize) -> String {
    let at = at.min(line.len());
    let end = (at + len).min(line.len());
    if !line.is_char_boundary(at) || !line.is_char_boundary(end) {
        return esc(&clip(line, 200));
    }
    let before = &line[..at];
    let before: String = {
        let chars: Vec<char> = before.chars().collect();
        if chars.len() > 90 {
            format!("…{}", chars[chars.len() - 90..].iter().collect::<String>())
        } else {
            before.to_string()
        }
    };
    let rest = &line[end..];
    let after = match rest.char_indices().nth(100) {
        Some((i, _)) => format!("{}…", &rest[..i]),
        None => rest.to_string(),
    };
    let mut s = String::new();
    esc_into(&mut s, before.trim_start());
    s.push_str("<b>");
    esc_into(&mut s, &line[at..end]);
    s.push_str("</b>");
    esc_into(&mut s, &after);
    s
}

/// `articles/<id>.html`: the text with numbered lines, each an anchor (`#L22`); the line
/// asked for is highlighted (`:target`).
pub(crate) fn article(ctx: &Ctx, a: usize) -> String {
    let kb = ctx.kb;
    let head = &kb.heads[a];
    let text = kb.text_of(a);
    let mut b = String::with_capacity(text.len() * 2);
    let _ = write!(
        b,
        "<h1>{}</h1>\n<dl class=\"facts\"><dt>Article</dt><dd><code>{}</code></dd><dt>File</dt><dd>{}</dd>",
        esc(head.title.as_deref().unwrap_or(&head.id)),
        esc(&head.id),
        esc(&head.display_path)
    );
    if let Some(d) = head.published {
        let _ = write!(
            b,
            "<dt>Published</dt><dd><time datetime=\"{d}\">{d}</time></dd>"
        );
    }
    b.push_str("</dl>\n<div class=\"text article-text\" role=\"document\">\n");
    let idx = ctx.line_index(a);
    for l in 0..idx.line_count() {
        let start = idx.line_start(l).min(text.len());
        let end = idx.line_end(text, l).clamp(start, text.len());
        let n = l + 1;
        // lean markup: a large corpus has millions of lines
        let _ = write!(b, "<p id=\"L{n}\"><a href=\"#L{n}\">{n}</a>");
        esc_into(&mut b, text.get(start..end).unwrap_or_default());
        b.push_str("</p>\n");
    }
    b.push_str("</div>\n");
    page(
        ctx,
        head.title.as_deref().unwrap_or(&head.id),
        "../",
        Section::Articles,
        &[],
    )
    .render(&b)
}

/// What a claim is, against the corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Agrees,
    Contradicted,
    NotCovered,
}

impl Status {
    fn class(self) -> &'static str {
        match self {
            Status::Agrees => "agrees",
            Status::Contradicted => "contradicted",
            Status::NotCovered => "uncovered",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Status::Agrees => "✓ agrees",
            Status::Contradicted => "✗ contradicted",
            Status::NotCovered => "– not covered",
        }
    }
}

/// Findings that say the corpus tells otherwise.
fn contradicts(c: Code) -> bool {
    matches!(c, Code::DateMismatch | Code::PartyMismatch)
}

/// `notes/<name>.html`: the note with each claim marked, and the claims with their evidence.
pub(crate) fn note(ctx: &Ctx, facts: &KbFacts, n: &Note, sev: &Severities) -> String {
    let kb = ctx.kb;
    let text = &n.text;
    let index = crate::check::analyze_note(kb, text, n.path.parent());
    let report = crate::check::check_analyzed_note(kb, facts, text, &index, sev);
    let claims = crate::check::claims(text);
    let up = "../";
    // ` — <article id>, line N`, linked to that line of the article's page
    let evidence_link = |b: &mut String, article: usize, at: usize| {
        let l = ctx.line(article, at);
        let _ = write!(
            b,
            " — <a class=\"evidence\" href=\"{up}{}\">{}, line {l}</a>",
            ctx.article_href(article, l),
            esc(&kb.heads[article].id)
        );
    };
    let overlaps = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
        a.start < b.end.max(b.start + 1) && b.start < a.end
    };
    // per claim: status, findings, matched signing
    let rows: Vec<(
        Status,
        Vec<&crate::check::Finding>,
        Option<&crate::check::Matched>,
    )> = claims
        .iter()
        .map(|c| {
            let fs: Vec<&crate::check::Finding> = report
                .findings
                .iter()
                .filter(|f| overlaps(c, &f.span))
                .collect();
            let m = report.matched.iter().find(|m| m.claim == *c);
            let status = if fs.iter().any(|f| contradicts(f.code)) {
                Status::Contradicted
            } else if m.is_some_and(|m| m.tied) {
                Status::Agrees
            } else {
                Status::NotCovered
            };
            (status, fs, m)
        })
        .collect();
    let count = |s: Status| rows.iter().filter(|r| r.0 == s).count();
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>Note: {}</h1>\n<p class=\"summary\"><span class=\"claim agrees\">{}</span> {} · <span class=\"claim contradicted\">{}</span> {} · <span class=\"claim uncovered\">{}</span> {} · {} findings in all</p>\n\
         <p class=\"hint\">A claim agrees when the checks match it to a corpus signing and find nothing against it, is contradicted when they find the corpus dates it or lists its parties otherwise, and is not covered when no signing is tied to it.</p>\n",
        esc(&n.display),
        Status::Agrees.label(),
        count(Status::Agrees),
        Status::Contradicted.label(),
        count(Status::Contradicted),
        Status::NotCovered.label(),
        count(Status::NotCovered),
        report.findings.len()
    );
    // the note's text, claims marked
    b.push_str("<div class=\"text note-text\" role=\"document\">\n");
    let lines = crate::base::text::LineIndex::new(text);
    for l in 0..lines.line_count() {
        let start = lines.line_start(l).min(text.len());
        let end = lines.line_end(text, l).clamp(start, text.len());
        let nl = l + 1;
        let _ = write!(
            b,
            "<div class=\"ln\" id=\"L{nl}\"><a class=\"n\" href=\"#L{nl}\">{nl}</a><span class=\"t\">"
        );
        let mut at = start;
        for (ci, c) in claims.iter().enumerate() {
            let (s, e) = (c.start.max(start), c.end.min(end));
            if s >= e || s < at {
                continue;
            }
            esc_into(&mut b, text.get(at..s).unwrap_or_default());
            let st = rows[ci].0;
            let _ = write!(
                b,
                "<a class=\"claim {}\" href=\"#claim-{}\" title=\"{}\">",
                st.class(),
                ci + 1,
                st.label()
            );
            esc_into(&mut b, text.get(s..e).unwrap_or_default());
            b.push_str("</a>");
            at = e;
        }
        esc_into(&mut b, text.get(at..end).unwrap_or_default());
        b.push_str("</span></div>\n");
    }
    b.push_str("</div>\n");
    // the claims and their evidence
    b.push_str("<h2>Claims</h2>\n<ol class=\"claims\">\n");
    for (ci, (c, (st, fs, m))) in claims.iter().zip(&rows).enumerate() {
        let line = lines.line_of(c.start) + 1;
        let _ = write!(
            b,
            "<li id=\"claim-{}\" class=\"claim-row {}\" data-status=\"{}\"><span class=\"badge {}\">{}</span> <a href=\"#L{line}\">line {line}</a>: <q>{}</q>",
            ci + 1,
            st.class(),
            st.class(),
            st.class(),
            st.label(),
            esc(&clip(&text[c.clone()], 300))
        );
        if !fs.is_empty() {
            b.push_str("<ul class=\"findings\">");
            for f in fs {
                let _ = write!(b, "<li><code>{}</code> {}", f.code.name(), esc(&f.message));
                for r in &f.related {
                    evidence_link(&mut b, r.article, r.span.start);
                }
                b.push_str("</li>");
            }
            b.push_str("</ul>");
        }
        if let Some(m) = m.filter(|m| m.tied) {
            let ev = &kb.events[m.event];
            let _ = write!(
                b,
                "<p class=\"evidence\">Corpus signing: {}",
                esc(&ev.instrument)
            );
            if let Some(d) = &ev.date {
                let (s, _) = crate::base::dates::date_bounds(d);
                let _ = write!(b, ", {}", esc(&s.unwrap_or_else(|| d.text.clone())));
            }
            for s in &ev.sources {
                evidence_link(&mut b, s.article, s.span.start);
            }
            b.push_str("</p>");
        }
        b.push_str("</li>\n");
    }
    b.push_str("</ol>\n");
    let title = format!("Note {}", n.display);
    page(ctx, &title, up, Section::Notes, &[]).render(&b)
}

/// `notes/index.html`.
pub(crate) fn note_index(ctx: &Ctx) -> String {
    let mut b = String::from("<h1>Notes</h1>\n<ul>\n");
    for (file, display) in &ctx.notes {
        let _ = writeln!(b, "<li><a href=\"{file}.html\">{}</a></li>", esc(display));
    }
    b.push_str("</ul>\n");
    page(ctx, "Notes", "../", Section::Notes, &[]).render(&b)
}
