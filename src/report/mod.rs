//! The static HTML report (`dossier report`): one folder that opens from disk in any browser,
//! offline. An overview, a timeline of the signings, a link chart of the entities, one page per
//! entity, one per article cited by some fact (text with line anchors), and a note's claims
//! marked with what the checks found. Drawing is done by vis-timeline and vis-network
//! (vendored, embedded: [`assets`]); the data the scripts draw is written as `data/*.js`
//! assigning to globals (browsers block `fetch` of `file://`).
//!
//! Input is a [`KnowledgeBase`] and the notes' texts; positions are byte offsets turned into
//! lines once, through [`LineIndex`]. Output is deterministic: sorted, no timestamps.

mod assets;
pub mod html;
mod pages;

use crate::base::dates::{DateValue, Precision, date_bounds};
use crate::base::text::{LineIndex, fold};
use crate::check::Severities;
use crate::kb::summary::EntitySummary;
use crate::kb::{EntityKind, KnowledgeBase};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Nodes the link chart shows at first (a control shows more).
pub const DEFAULT_CHART_NODES: usize = 150;
/// Nodes the chart's data holds at most.
pub const CHART_MAX: usize = 1000;
/// Articles listed on an entity page (each with the line of its first mention).
pub const ENTITY_ARTICLES: usize = 30;
/// Signings listed on an entity page (the timeline, filtered by the entity, has them all).
pub const ENTITY_SIGNINGS: usize = 100;
/// Entities per page of the entity index.
pub const INDEX_PAGE: usize = 500;
/// The file that marks a folder as a report this tool wrote (and may replace).
pub const MARKER: &str = ".dossier-report";

/// What to write.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The report folder.
    pub out: PathBuf,
    /// Entities to focus on (any spelling or id); empty: the whole corpus.
    pub focus: Vec<String>,
    /// Notes whose claims are shown with what the checks found.
    pub notes: Vec<Note>,
    /// Folders never written in (corpus and notes folders); the folders of the articles and
    /// notes are added to these.
    pub protected: Vec<PathBuf>,
    /// Nodes the chart shows at first (0: [`DEFAULT_CHART_NODES`]).
    pub chart_nodes: usize,
    pub severities: Severities,
}

/// A note to show.
#[derive(Clone, Debug, Default)]
pub struct Note {
    pub path: PathBuf,
    /// The path as shown.
    pub display: String,
    pub text: String,
}

/// What was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub dir: PathBuf,
    /// The page to open: the first focused entity's page, else the overview.
    pub open: PathBuf,
    pub files: usize,
}

/// Why no report was written (one line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

fn err(s: impl Into<String>) -> Error {
    Error(s.into())
}

/// The default report folder for a workspace: `reports/<name>-<hash>` under the cache folder
/// (`$DOSSIER_CACHE_DIR`, else the user's), named like the workspace's index; `./dossier-report`
/// when no cache folder is known.
pub fn default_out(root: &Path, identity: &str) -> PathBuf {
    match crate::kb::index::cache_dir() {
        Some(c) => {
            crate::kb::index::index_path(&c.join("reports"), root, identity).with_extension("")
        }
        None => PathBuf::from("dossier-report"),
    }
}

/// The folder a corpus or notes pattern reads from (the index's reading of a pattern:
/// [`crate::kb::index::pattern_base`]).
pub fn pattern_folder(pattern: &Path) -> PathBuf {
    crate::kb::index::pattern_base(pattern).0
}

/// Refuses a report folder inside a protected folder (the corpus or the notes).
pub fn check_out(out: &Path, protected: &[PathBuf]) -> Result<(), Error> {
    use crate::kb::index::normalize;
    let o = normalize(out);
    let mut prot: Vec<PathBuf> = protected.iter().map(|p| normalize(p)).collect();
    prot.sort();
    prot.dedup();
    for p in &prot {
        if o.starts_with(p) {
            return Err(err(format!(
                "--out {} is inside {}, which the corpus or the notes are read from; the report is never written there: choose a folder outside it",
                out.display(),
                p.display()
            )));
        }
    }
    Ok(())
}

/// The entity named `name`: its id, else any spelling (case and diacritics aside); among
/// several, the most mentioned.
pub fn resolve_entity(kb: &KnowledgeBase, name: &str) -> Option<usize> {
    let name = name.trim();
    if let Some(i) = kb.entities.iter().position(|e| e.id == name) {
        return Some(i);
    }
    let f = fold(name);
    kb.entities
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.mentions.is_empty())
        .filter(|(_, e)| fold(&e.name) == f || e.aliases.iter().any(|a| fold(a) == f))
        .max_by_key(|(i, e)| (e.mentions.len(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
}

/// A file name from an id: letters, digits, `_`, `-` and `.` kept, the rest `-`; at most 80
/// characters; unique among `taken` (a number appended).
fn file_name(id: &str, taken: &mut HashMap<String, usize>) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .take(80)
        .collect();
    if s.is_empty() || s.starts_with('.') {
        s.insert(0, 'x');
    }
    let lower = s.to_ascii_lowercase();
    let n = taken.entry(lower.clone()).or_insert(0);
    *n += 1;
    if *n > 1 {
        let k = *n;
        let mut cand = format!("{s}-{k}");
        while taken.contains_key(&cand.to_ascii_lowercase()) {
            cand.push('x');
        }
        taken.insert(cand.to_ascii_lowercase(), 1);
        s = cand;
    }
    s
}

/// A reference to an entity in the data files.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Ref {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    /// Its page, relative to the report's root (none when the report has no page for it).
    pub href: Option<String>,
}

/// A source line of a fact.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SourceRef {
    pub article: String,
    /// 1-based.
    pub line: usize,
    pub href: String,
}

/// One signing as the timeline and the tables show it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Signing {
    /// Index into the knowledge base's events.
    pub n: usize,
    pub instrument: String,
    pub agreement: Option<Ref>,
    pub parties: Vec<Ref>,
    /// ISO dates, inclusive (year-less dates as `--MM-DD`).
    pub start: Option<String>,
    pub end: Option<String>,
    /// `day`, `month`, `year`, `range`, `no year` or `none`.
    pub precision: &'static str,
    /// The date as the text writes it.
    pub date_text: Option<String>,
    pub date_from: &'static str,
    pub place: Option<Ref>,
    pub sources: Vec<SourceRef>,
    pub confidence: &'static str,
    /// Ids of the entities it concerns (parties, agreement, place), for filtering.
    pub ents: Vec<String>,
}

/// Everything the pages are made from.
pub(crate) struct Ctx<'a> {
    pub kb: &'a KnowledgeBase,
    /// Entities that get a page: file name under `entities/`.
    pub page: Vec<Option<String>>,
    /// Article file names under `articles/`.
    pub article_file: Vec<String>,
    /// Articles linked from some fact (they get a page).
    pub linked: Vec<AtomicBool>,
    /// Line indexes, made when first needed.
    lines: Vec<OnceLock<LineIndex>>,
    /// The signings shown, on a timeline.
    pub signings: Vec<Signing>,
    /// Per entity: positions in `signings` of its signings.
    pub signings_of: Vec<Vec<u32>>,
    /// Focused entities (empty: the whole corpus).
    pub focus: Vec<usize>,
    pub notes: Vec<(String, String)>,
    pub chart_nodes: usize,
}

impl<'a> Ctx<'a> {
    /// Line (1-based) of `offset` in article `a`.
    pub fn line(&self, a: usize, offset: usize) -> usize {
        self.line_index(a).line_of(offset) + 1
    }

    fn line_index(&self, a: usize) -> &LineIndex {
        self.lines[a].get_or_init(|| LineIndex::new(self.kb.text_of(a)))
    }

    /// The text of line `line` (1-based) of article `a`, without its ending.
    pub fn line_text(&self, a: usize, line: usize) -> &'a str {
        let text = self.kb.text_of(a);
        let idx = self.line_index(a);
        let l = line.saturating_sub(1);
        let start = idx.line_start(l).min(text.len());
        let end = idx.line_end(text, l).clamp(start, text.len());
        text.get(start..end).unwrap_or_default()
    }

    /// The link (relative to the root) to line `line` of article `a`; the article gets a page.
    pub fn article_href(&self, a: usize, line: usize) -> String {
        self.linked[a].store(true, Ordering::Relaxed);
        format!("articles/{}.html#L{line}", self.article_file[a])
    }

    /// A reference to entity `e`.
    pub fn entity_ref(&self, e: usize) -> Ref {
        let ent = &self.kb.entities[e];
        Ref {
            id: ent.id.clone(),
            name: ent.name.clone(),
            kind: ent.kind.as_str(),
            href: self.page[e].as_ref().map(|f| format!("entities/{f}.html")),
        }
    }

    pub fn summary(&self, e: usize) -> &EntitySummary {
        self.kb.summary().entity(e)
    }
}

/// The signing of event `n` for the data and tables.
fn signing(ctx: &Ctx, n: usize) -> Signing {
    let kb = ctx.kb;
    let ev = &kb.events[n];
    let (start, end, precision) = match ev.date.as_ref() {
        Some(d) => match &d.value {
            DateValue::Known {
                start,
                end,
                precision,
            } => (
                Some(start.to_string()),
                Some(end.to_string()),
                match precision {
                    Precision::Day => "day",
                    Precision::Month => "month",
                    Precision::Year => "year",
                    Precision::Range => "range",
                },
            ),
            DateValue::Partial { .. } => {
                let (s, e) = date_bounds(d);
                (s, e, "no year")
            }
            DateValue::Invalid { .. } => (None, None, "none"),
        },
        None => (None, None, "none"),
    };
    let mut sources: Vec<SourceRef> = ev
        .sources
        .iter()
        .map(|s| {
            let line = ctx.line(s.article, s.span.start);
            SourceRef {
                article: kb.heads[s.article].id.clone(),
                line,
                href: ctx.article_href(s.article, line),
            }
        })
        .collect();
    sources.dedup();
    let mut ents: Vec<String> = ev
        .parties
        .iter()
        .chain(ev.agreement.as_ref())
        .chain(ev.place.as_ref())
        .map(|&e| kb.entities[e].id.clone())
        .collect();
    ents.sort();
    ents.dedup();
    Signing {
        n,
        instrument: ev.instrument.clone(),
        agreement: ev.agreement.map(|e| ctx.entity_ref(e)),
        parties: ev.parties.iter().map(|&e| ctx.entity_ref(e)).collect(),
        start,
        end,
        precision,
        date_text: ev.date.as_ref().map(|d| d.text.clone()),
        date_from: ev.date_from.as_str(),
        place: ev.place.map(|e| ctx.entity_ref(e)),
        sources,
        confidence: ev.confidence.as_str(),
        ents,
    }
}

/// Events on a timeline: resolved dates in order, then year-less, then undated; ties in
/// `events` order.
fn timeline_order(kb: &KnowledgeBase, mut events: Vec<usize>) -> Vec<usize> {
    events.sort_by_cached_key(|&n| match kb.events[n].date.as_ref() {
        Some(d) => match &d.value {
            DateValue::Known { start, .. } => (0, start.to_string(), n),
            DateValue::Partial { .. } => (1, date_bounds(d).0.unwrap_or_default(), n),
            DateValue::Invalid { .. } => (2, String::new(), n),
        },
        None => (2, String::new(), n),
    });
    events
}

/// Writes the report of `kb` (and `opts.notes`) into `opts.out`.
pub fn write(kb: &KnowledgeBase, opts: &Options) -> Result<Written, Error> {
    let timer = crate::kb::PhaseTimer::new();
    // never inside the corpus or the notes
    let mut protected = opts.protected.clone();
    let mut parents: Vec<&Path> = kb.heads.iter().filter_map(|h| h.path.parent()).collect();
    parents.sort_unstable();
    parents.dedup();
    protected.extend(parents.into_iter().map(Path::to_path_buf));
    protected.extend(
        opts.notes
            .iter()
            .filter_map(|n| n.path.parent().map(Path::to_path_buf)),
    );
    protected.retain(|p| !p.as_os_str().is_empty());
    check_out(&opts.out, &protected)?;
    let focus: Vec<usize> = opts
        .focus
        .iter()
        .map(|name| {
            resolve_entity(kb, name)
                .ok_or_else(|| err(format!("no entity named {name:?} in the corpus")))
        })
        .collect::<Result<_, _>>()?;
    prepare_out(&opts.out)?;
    timer.mark("report: checks");
    let summary = kb.summary();
    timer.mark("report: summaries");

    // which entities get a page, which signings are shown
    let n_ent = kb.entities.len();
    let mut included = vec![false; n_ent];
    let events: Vec<usize> = if focus.is_empty() {
        for (i, e) in kb.entities.iter().enumerate() {
            included[i] = !e.mentions.is_empty();
        }
        (0..kb.events.len()).collect()
    } else {
        let evs: Vec<usize> = (0..kb.events.len())
            .filter(|&n| {
                let ev = &kb.events[n];
                focus
                    .iter()
                    .any(|f| ev.parties.contains(f) || ev.agreement == Some(*f))
            })
            .collect();
        for &f in &focus {
            included[f] = true;
            for &(o, _) in summary.often_with(kb, f) {
                included[o as usize] = true;
            }
        }
        for &n in &evs {
            let ev = &kb.events[n];
            for &e in ev.parties.iter().chain(&ev.agreement).chain(&ev.place) {
                included[e] = true;
            }
        }
        evs
    };
    // an entity's country gets a page too when it has mentions
    for i in 0..n_ent {
        if included[i]
            && let Some(c) = kb.entities[i].country
            && !kb.entities[c].mentions.is_empty()
        {
            included[c] = true;
        }
    }
    let mut taken = HashMap::new();
    let page: Vec<Option<String>> = (0..n_ent)
        .map(|i| included[i].then(|| file_name(&kb.entities[i].id, &mut taken)))
        .collect();
    let mut taken = HashMap::new();
    let article_file: Vec<String> = kb
        .heads
        .iter()
        .map(|h| file_name(&h.id, &mut taken))
        .collect();
    let mut ctx = Ctx {
        kb,
        page,
        article_file,
        linked: (0..kb.heads.len())
            .map(|_| AtomicBool::new(false))
            .collect(),
        lines: (0..kb.heads.len()).map(|_| OnceLock::new()).collect(),
        signings: Vec::new(),
        signings_of: vec![Vec::new(); n_ent],
        focus: focus.clone(),
        notes: Vec::new(),
        chart_nodes: if opts.chart_nodes == 0 {
            DEFAULT_CHART_NODES
        } else {
            opts.chart_nodes
        },
    };
    let order = timeline_order(kb, events);
    let signings: Vec<Signing> = order.par_iter().map(|&n| signing(&ctx, n)).collect();
    for (pos, &n) in order.iter().enumerate() {
        let ev = &kb.events[n];
        let mut es: Vec<usize> = ev.parties.iter().chain(&ev.agreement).copied().collect();
        es.sort_unstable();
        es.dedup();
        for e in es {
            ctx.signings_of[e].push(pos as u32);
        }
    }
    ctx.signings = signings;
    let mut taken = HashMap::new();
    ctx.notes = opts
        .notes
        .iter()
        .map(|n| {
            let stem = n
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "note".into());
            (file_name(&stem, &mut taken), n.display.clone())
        })
        .collect();
    timer.mark("report: signings");

    let files = AtomicUsize::new(0);
    let out = &opts.out;
    let put = |rel: &str, body: &[u8]| -> Result<(), Error> {
        let p = out.join(rel);
        std::fs::write(&p, body).map_err(|e| err(format!("cannot write {}: {e}", p.display())))?;
        files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    };
    for d in ["assets/vendor", "data", "entities", "articles", "notes"] {
        let p = out.join(d);
        std::fs::create_dir_all(&p)
            .map_err(|e| err(format!("cannot create {}: {e}", p.display())))?;
    }
    put(
        MARKER,
        b"This folder is a report written by `dossier report`; the next report replaces it.\n",
    )?;
    for (rel, body) in assets::FILES {
        put(rel, body.as_bytes())?;
    }
    // data for the scripts
    put(
        "data/signings.js",
        js_global("DOSSIER_SIGNINGS", &ctx.signings).as_bytes(),
    )?;
    let chart = pages::chart_data(&ctx);
    put(
        "data/chart.js",
        js_global("DOSSIER_CHART", &chart).as_bytes(),
    )?;
    put(
        "data/names.js",
        js_global("DOSSIER_NAMES", &pages::names_data(&ctx)).as_bytes(),
    )?;
    timer.mark("report: data");
    // the pages
    put("index.html", pages::overview(&ctx).as_bytes())?;
    put("timeline.html", pages::timeline(&ctx).as_bytes())?;
    put("chart.html", pages::chart(&ctx).as_bytes())?;
    for (rel, body) in pages::entity_index(&ctx) {
        put(&rel, body.as_bytes())?;
    }
    let with_page: Vec<usize> = (0..n_ent).filter(|&i| ctx.page[i].is_some()).collect();
    with_page.par_iter().try_for_each(|&e| {
        let body = pages::entity(&ctx, e);
        put(
            &format!(
                "entities/{}.html",
                ctx.page[e].as_deref().unwrap_or_default()
            ),
            body.as_bytes(),
        )
    })?;
    timer.mark("report: entity pages");
    if !opts.notes.is_empty() {
        let facts = crate::check::KbFacts::new(kb);
        let notes: Vec<(String, String)> = opts
            .notes
            .par_iter()
            .zip(&ctx.notes)
            .map(|(n, (file, _))| {
                (
                    format!("notes/{file}.html"),
                    pages::note(&ctx, &facts, n, &opts.severities),
                )
            })
            .collect();
        for (rel, body) in notes {
            put(&rel, body.as_bytes())?;
        }
        put("notes/index.html", pages::note_index(&ctx).as_bytes())?;
        timer.mark("report: notes");
    }
    let linked: Vec<usize> = (0..kb.heads.len())
        .filter(|&a| ctx.linked[a].load(Ordering::Relaxed))
        .collect();
    linked.par_iter().try_for_each(|&a| {
        put(
            &format!("articles/{}.html", ctx.article_file[a]),
            pages::article(&ctx, a).as_bytes(),
        )
    })?;
    timer.mark("report: article pages");
    let open = match focus.first() {
        Some(&f) => out.join(format!(
            "entities/{}.html",
            ctx.page[f].as_deref().unwrap_or_default()
        )),
        None => out.join("index.html"),
    };
    Ok(Written {
        dir: out.clone(),
        open,
        files: files.load(Ordering::Relaxed),
    })
}

/// `window.NAME = <json>;`
fn js_global<T: Serialize>(name: &str, v: &T) -> String {
    let json = serde_json::to_string(v).unwrap_or_else(|_| "null".into());
    format!("window.{name} = {json};\n")
}

/// Makes `out` an empty report folder: created when missing; a report this tool wrote before
/// (it holds [`MARKER`]) is replaced; any other folder that is not empty is refused.
fn prepare_out(out: &Path) -> Result<(), Error> {
    match std::fs::symlink_metadata(out) {
        Err(_) => std::fs::create_dir_all(out)
            .map_err(|e| err(format!("cannot create {}: {e}", out.display()))),
        Ok(m) if !m.is_dir() => Err(err(format!(
            "--out {} exists and is not a folder",
            out.display()
        ))),
        Ok(_) => {
            let mut entries = std::fs::read_dir(out)
                .map_err(|e| err(format!("cannot read {}: {e}", out.display())))?;
            if entries.next().is_none() {
                return Ok(());
            }
            if !out.join(MARKER).is_file() {
                return Err(err(format!(
                    "--out {} is a folder that is not empty and holds no earlier report; choose an empty or new folder",
                    out.display()
                )));
            }
            for d in ["assets", "data", "entities", "articles", "notes"] {
                let p = out.join(d);
                if p.is_dir() {
                    std::fs::remove_dir_all(&p)
                        .map_err(|e| err(format!("cannot remove {}: {e}", p.display())))?;
                }
            }
            for f in ["index.html", "timeline.html", "chart.html"] {
                let _ = std::fs::remove_file(out.join(f));
            }
            Ok(())
        }
    }
}

/// Signings per year of their (resolved) start date, in year order, and the count of the others.
pub(crate) fn signings_by_year(ctx: &Ctx) -> (Vec<(String, usize)>, usize) {
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    let mut other = 0;
    for s in &ctx.signings {
        match (&s.start, s.precision) {
            (Some(d), p) if p != "no year" => *by.entry(d[..4].to_string()).or_default() += 1,
            _ => other += 1,
        }
    }
    (by.into_iter().collect(), other)
}

/// Kinds in the order the report lists them.
pub(crate) const KINDS: [EntityKind; 5] = [
    EntityKind::Country,
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Place,
    EntityKind::Agreement,
];

#[cfg(test)]
mod tests;
