//! Note checks: the claims of a Markdown note compared with the corpus. A claim is a sentence
//! or list item; from it come entities (through every alias), dates (the corpus's date reader,
//! relative ones against the note's own `date:`), and a signing reading (the same as for the
//! corpus, `events::signing_clause`). A claim is matched to the corpus signing with the same
//! kind of instrument that shares most parties, and compared with the precision each side
//! has. No LSP types: spans are byte offsets into the note.

mod names;
mod note;
#[cfg(test)]
mod rule_tests;
mod signing;

pub use crate::base::code::{Code, Severities, Severity};
use crate::base::dates::{self, DateMention, DateValue};
use crate::base::text::{compact_key, fold};
use crate::kb::events;
use crate::kb::extract::tokens;
use crate::kb::{EntityKind, KnowledgeBase};
use jiff::civil::Date;
pub use note::{Citation, Heading, NoteIndex, analyze_note, masked_ranges};
use std::ops::Range;
use std::path::Path;

/// Words that tell one instrument from another (`Free Trade`), beyond its kind.
fn distinctive(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        // `agreements` is `agreement`: a plural instrument word is its singular
        .map(|w| match w.strip_suffix('s') {
            Some(one) if crate::kb::extract::lexicon::instrument_kind(w).is_some() => one,
            _ => w,
        })
        .filter(|w| {
            w.len() > 2
                && !MATCH_FILLER.contains(w)
                && !crate::kb::extract::lexicon::AGREEMENT_HEADS.contains(w)
        })
        .map(String::from)
        .collect()
}

/// Words of an instrument's name that do not tell it apart from others of its kind (besides the
/// head nouns of agreement names, `memorandum` among them).
const MATCH_FILLER: &[&str] = &[
    "cooperation",
    "co-operation",
    "bilateral",
    "multilateral",
    "joint",
    "new",
    "final",
    "interim",
    "the",
    "this",
    "that",
    "its",
    "their",
    "our",
    "and",
    "for",
    "understanding",
    "between",
    "with",
    "signed",
];

/// A place in the corpus that a finding points at.
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    pub article: usize,
    pub span: Range<usize>,
    pub message: String,
}

/// A text edit that fixes a finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub title: String,
    pub span: Range<usize>,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub span: Range<usize>,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

/// A claim of the note matched to a corpus signing and citing nothing: the citation that
/// would support it can be added.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub claim: Range<usize>,
    pub fix: Fix,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub suggestions: Vec<Suggestion>,
    /// The claims matched to a corpus signing, in claim order: what the signing stage decided
    /// (the report shows a matched claim without a finding as agreeing with its signing).
    pub matched: Vec<Matched>,
}

/// A claim of the note matched to the corpus signing it most likely tells of.
#[derive(Clone, Debug, PartialEq)]
pub struct Matched {
    pub claim: Range<usize>,
    /// Index into `KnowledgeBase::events`.
    pub event: usize,
    /// Tied closely enough for its date to be compared (a named agreement, the same
    /// distinctive words, a citation of its article, or the only signing of two parties).
    pub tied: bool,
}

/// The note's own date, from front matter (`date: 2025-02-01`).
pub fn note_date(text: &str) -> Option<Date> {
    let rest = text
        .strip_prefix("---\r\n")
        .or_else(|| text.strip_prefix("---\n"))
        .or_else(|| text.strip_prefix("---\r"))?;
    for line in crate::base::text::lines_inclusive(rest) {
        let l = line.trim();
        if l == "---" {
            break;
        }
        if let Some(v) = l.strip_prefix("date:") {
            let v = v.trim().trim_matches(['"', '\'']);
            return v.get(..10).and_then(|d| d.parse().ok());
        }
    }
    None
}

/// Claim spans: sentences of paragraphs and list items, outside headings, code and front matter.
pub fn claims(text: &str) -> Vec<Range<usize>> {
    let masked = crate::base::text::SpanIndex::new(masked_ranges(text));
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut pos = 0;
    let mut current: Option<Range<usize>> = None;
    for line in crate::base::text::lines_inclusive(text) {
        let r = pos..pos + line.trim_end().len();
        pos += line.len();
        let t = line.trim();
        let is_masked = !r.is_empty() && masked.contains(&r);
        let item = t.starts_with("- ")
            || t.starts_with("* ")
            || t.starts_with("+ ")
            || t.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if t.is_empty() || t.starts_with('#') || is_masked || t.starts_with('|') || item {
            if let Some(b) = current.take() {
                blocks.push(b);
            }
            if item && !is_masked {
                // the item's text, after its marker
                let lead = line.len() - line.trim_start().len();
                let marker = t.find(' ').map_or(0, |i| i + 1);
                current = Some(r.start + lead + marker..r.end);
            }
            continue;
        }
        current = Some(match current.take() {
            Some(b) => b.start..r.end,
            None => r.start + (line.len() - line.trim_start().len())..r.end,
        });
    }
    if let Some(b) = current {
        blocks.push(b);
    }
    blocks
        .into_iter()
        .filter(|b| !b.is_empty())
        .flat_map(|b| tokens::sentences(text, b))
        .collect()
}

fn month_name(m: i8) -> &'static str {
    crate::base::dates::MONTHS[(m.clamp(1, 12) - 1) as usize].name
}

/// A date written in the style of `like` (`2025-01-14`, `14 January 2025`, `January 14, 2025`).
fn write_date(d: &DateMention, like: &str) -> String {
    let iso = like.chars().next().is_some_and(|c| c.is_ascii_digit())
        && like.contains('-')
        && like.len() >= 10;
    let month_first = like.trim_start().starts_with(|c: char| c.is_alphabetic())
        && !like.split_whitespace().next().is_some_and(dates_weekday);
    let day_month = |day: i8, m: i8, y: Option<i16>| -> String {
        let year = y.map(|y| format!(" {y}")).unwrap_or_default();
        if month_first {
            format!(
                "{} {day}{}",
                month_name(m),
                y.map(|y| format!(", {y}")).unwrap_or_default()
            )
        } else {
            format!("{day} {}{year}", month_name(m))
        }
    };
    match &d.value {
        DateValue::Known {
            start,
            precision: dates::Precision::Year,
            ..
        } => start.year().to_string(),
        DateValue::Known {
            start,
            precision: dates::Precision::Month,
            ..
        } => {
            format!("{} {}", month_name(start.month()), start.year())
        }
        DateValue::Known { start, end, .. } if iso => {
            if start == end {
                start.to_string()
            } else {
                format!("{start}/{end}")
            }
        }
        DateValue::Known { start, end, .. } if start == end => {
            day_month(start.day(), start.month(), Some(start.year()))
        }
        DateValue::Known { start, end, .. }
            if start.month() == end.month() && start.year() == end.year() =>
        {
            if month_first {
                format!(
                    "{} {}–{}, {}",
                    month_name(start.month()),
                    start.day(),
                    end.day(),
                    start.year()
                )
            } else {
                format!(
                    "{}–{} {} {}",
                    start.day(),
                    end.day(),
                    month_name(start.month()),
                    start.year()
                )
            }
        }
        DateValue::Known { start, end, .. } => format!(
            "{}–{}",
            day_month(start.day(), start.month(), Some(start.year())),
            day_month(end.day(), end.month(), Some(end.year()))
        ),
        DateValue::Partial {
            month,
            day: Some(day),
            ..
        } => day_month(*day, *month, None),
        DateValue::Partial { month, .. } => month_name(*month).to_string(),
        DateValue::Invalid { .. } => d.text.clone(),
    }
}

fn dates_weekday(w: &str) -> bool {
    dates::weekday_from_name(w.trim_end_matches(',')).is_some()
}

/// How the corpus dates an event, for messages: `12 January 2025`, `25–26 October 2025`.
fn describe_date(d: &DateMention) -> String {
    match &d.value {
        DateValue::Partial { .. } => format!("{} (no year given)", write_date(d, "1 January")),
        _ => write_date(d, "1 January 2000"),
    }
}

/// Whether two date expressions can name the same day(s), each at its own precision.
pub fn dates_agree(claim: &DateMention, corpus: &DateMention) -> bool {
    match (&claim.value, &corpus.value) {
        (
            DateValue::Known {
                start: a, end: b, ..
            },
            DateValue::Known {
                start: c, end: d, ..
            },
        ) => a <= d && c <= b,
        (
            DateValue::Known { start, end, .. },
            DateValue::Partial {
                month,
                day,
                end_day,
            },
        ) => {
            let (from, to) = (day.unwrap_or(1), end_day.or(*day).unwrap_or(31));
            let mut d = *start;
            while d <= *end {
                if d.month() == *month && (from..=to).contains(&d.day()) {
                    return true;
                }
                match d.tomorrow() {
                    Ok(n) => d = n,
                    Err(_) => break,
                }
            }
            false
        }
        (DateValue::Partial { month, day, .. }, DateValue::Known { start, end, .. }) => {
            (start.month() == *month || end.month() == *month)
                && day.is_none_or(|dd| {
                    (start.day()..=end.day()).contains(&dd) || start.month() != end.month()
                })
        }
        (
            DateValue::Partial {
                month: m1, day: d1, ..
            },
            DateValue::Partial {
                month: m2, day: d2, ..
            },
        ) => m1 == m2 && (d1.is_none() || d2.is_none() || d1 == d2),
        _ => true,
    }
}

/// What the checks read of a knowledge base whatever the note: computed once per knowledge base
/// (the server keeps one with each snapshot, `dossier check` one per run), not on every check.
pub struct KbFacts {
    /// Acronyms the corpus defines for generic terms, each once.
    terms: Vec<(String, String)>,
    /// Per corpus signing (as `kb.events`): the distinctive words of its instrument.
    event_words: Vec<Vec<String>>,
    /// Per corpus signing: the instrument kind of its named agreement.
    agreement_heads: Vec<Option<String>>,
    /// Per entity: the corpus signings (indices into `kb.events`, ascending) that list it as a
    /// party or are of it as the agreement.
    signings_of: Vec<Vec<u32>>,
    /// Per country: the corpus signings (ascending) that list a body or person of it.
    signings_of_bodies: Vec<Vec<u32>>,
}

impl KbFacts {
    pub fn new(kb: &KnowledgeBase) -> Self {
        let mut signings_of: Vec<Vec<u32>> = vec![Vec::new(); kb.entities.len()];
        let mut signings_of_bodies: Vec<Vec<u32>> = vec![Vec::new(); kb.entities.len()];
        for (n, ev) in kb.events.iter().enumerate() {
            let n = n as u32;
            for &p in ev.parties.iter().chain(ev.agreement.as_ref()) {
                if let Some(v) = signings_of.get_mut(p)
                    && v.last() != Some(&n)
                {
                    v.push(n);
                }
            }
            for &q in &ev.parties {
                if let Some(c) = kb.entities.get(q).and_then(|e| e.country)
                    && let Some(v) = signings_of_bodies.get_mut(c)
                    && v.last() != Some(&n)
                {
                    v.push(n);
                }
            }
        }
        KbFacts {
            terms: kb.term_acronyms.clone(),
            event_words: kb
                .events
                .iter()
                .map(|ev| distinctive(&ev.instrument))
                .collect(),
            agreement_heads: kb
                .events
                .iter()
                .map(|ev| {
                    ev.agreement
                        .map(|a| events::instrument_head(&kb.entities[a].name))
                })
                .collect(),
            signings_of,
            signings_of_bodies,
        }
    }

    /// The corpus signings (ascending indices into `kb.events`) that may share a party or the
    /// agreement with a claim naming `parties` and `agreement`: those listing one of the
    /// parties, the country of one, a body of one that is a country, or being of one or of the
    /// agreement. Every signing a party check (`party_ok`) or the same agreement can accept is
    /// among them, so the claim is compared with these only, not with every signing.
    pub(crate) fn signings_near(
        &self,
        kb: &KnowledgeBase,
        parties: &[usize],
        agreement: Option<usize>,
    ) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        let of = |e: usize| self.signings_of.get(e).map_or(&[][..], |v| v.as_slice());
        for &p in parties {
            out.extend_from_slice(of(p));
            if let Some(c) = kb.entities.get(p).and_then(|e| e.country) {
                out.extend_from_slice(of(c));
            }
            if let Some(v) = self.signings_of_bodies.get(p) {
                out.extend_from_slice(v);
            }
        }
        if let Some(a) = agreement {
            out.extend_from_slice(of(a));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Checks a note against the knowledge base; `facts` are those of `kb`.
pub fn check_note(
    kb: &KnowledgeBase,
    facts: &KbFacts,
    text: &str,
    note_dir: Option<&Path>,
    sev: &Severities,
) -> Report {
    check_analyzed_note(kb, facts, text, &analyze_note(kb, text, note_dir), sev)
}

/// `check_note` with the note's analysis already made (the server shares it with hovers).
/// Stages, in the order their findings are made: the citations; per claim its dates, the
/// signing it tells of and what its cited article says; the names.
pub fn check_analyzed_note(
    kb: &KnowledgeBase,
    facts: &KbFacts,
    text: &str,
    index: &NoteIndex,
    sev: &Severities,
) -> Report {
    debug_assert_eq!(
        facts.event_words.len(),
        kb.events.len(),
        "facts of another kb"
    );
    let mut out = Sink {
        sev,
        report: Report::default(),
    };
    citation_checks(kb, index, &mut out);
    let note = Note::new(text, index);
    for span in claims(text) {
        let claim = note.claim(kb, span);
        for d in &claim.dates {
            date_checks(&mut out, d);
        }
        signing::signing_checks(kb, facts, text, &claim, &mut out);
        source_checks(kb, &claim, &mut out);
    }
    names::name_checks(kb, text, index, &mut |code, span, message, fixes| {
        out.push(code, span, message, vec![], fixes)
    });
    let mut report = out.report;
    report
        .findings
        .sort_by_key(|f| (f.span.start, f.span.end, f.code));
    report
}

/// Where the checks put their findings: each at the severity configured for its code, none
/// when the code is off.
struct Sink<'a> {
    sev: &'a Severities,
    report: Report,
}

impl Sink<'_> {
    fn push(
        &mut self,
        code: Code,
        span: Range<usize>,
        message: String,
        related: Vec<Related>,
        fixes: Vec<Fix>,
    ) {
        if let Some(severity) = self.sev.of(code) {
            self.report.findings.push(Finding {
                span,
                code,
                severity,
                message,
                related,
                fixes,
            });
        }
    }
}

/// `unknown-source`: citations that match no article, or several.
fn citation_checks(kb: &KnowledgeBase, index: &NoteIndex, out: &mut Sink) {
    for c in &index.citations {
        let message = match c.articles.len() {
            1 => continue,
            0 => format!("no article of the corpus matches `{}`", c.key),
            n => {
                let ids: Vec<&str> = c
                    .articles
                    .iter()
                    .take(5)
                    .map(|&a| kb.heads[a].id.as_str())
                    .collect();
                format!(
                    "`{}` matches {n} articles ({}); write more of the id",
                    c.key,
                    ids.join(", ")
                )
            }
        };
        out.push(
            Code::UnknownSource,
            c.key_span.clone(),
            message,
            vec![],
            vec![],
        );
    }
}

/// The note being checked, read for its claims.
struct Note<'n> {
    text: &'n str,
    index: &'n NoteIndex,
    /// The note's own date, for relative dates.
    reference: Option<Date>,
    /// Whether mentions and citations are in text order: then each claim's are found by
    /// binary search, not scanned per claim.
    mentions_sorted: bool,
    cites_sorted: bool,
}

/// One claim of the note with the entities it names, its dates and its citations.
struct Claim<'n> {
    span: Range<usize>,
    mentions: Vec<(Range<usize>, usize)>,
    dates: Vec<DateMention>,
    cites: Vec<&'n Citation>,
}

impl<'n> Note<'n> {
    fn new(text: &'n str, index: &'n NoteIndex) -> Self {
        Note {
            text,
            index,
            reference: note_date(text),
            mentions_sorted: index.mentions.is_sorted_by_key(|(r, _)| r.start),
            cites_sorted: index.citations.is_sorted_by_key(|c| c.span.start),
        }
    }

    fn claim(&self, kb: &KnowledgeBase, span: Range<usize>) -> Claim<'n> {
        Claim {
            mentions: self.mentions_in(kb, &span),
            dates: self.dates_in(&span),
            cites: self.cites_of(&span),
            span,
        }
    }

    /// The entity mentions inside the claim; `an MOU` names no agreement, whatever the corpus
    /// defined the acronym for.
    fn mentions_in(&self, kb: &KnowledgeBase, claim: &Range<usize>) -> Vec<(Range<usize>, usize)> {
        let sorted = self.mentions_sorted;
        let ments = &self.index.mentions;
        let from = if sorted {
            ments.partition_point(|(r, _)| r.start < claim.start)
        } else {
            0
        };
        ments[from..]
            .iter()
            .take_while(|(r, _)| !sorted || r.start <= claim.end)
            .filter(|(r, _)| r.start >= claim.start && r.end <= claim.end)
            .filter(|(r, e)| {
                kb.entities[*e].kind != EntityKind::Agreement
                    || !generic_instrument(&self.text[r.clone()])
            })
            .cloned()
            .collect()
    }

    /// The claim's dates; `over the weekend of 25–26 October 2025`: a written date wins over a
    /// relative one.
    fn dates_in(&self, claim: &Range<usize>) -> Vec<DateMention> {
        let dates: Vec<DateMention> = dates::find_dates(&self.text[claim.clone()], self.reference)
            .into_iter()
            .map(|mut d| {
                d.span = d.span.start + claim.start..d.span.end + claim.start;
                d
            })
            .collect();
        if dates.iter().any(|d| !d.relative) {
            dates.into_iter().filter(|d| !d.relative).collect()
        } else {
            dates
        }
    }

    /// The citations in the claim or just after it (`… signed. [@a1]`).
    fn cites_of(&self, claim: &Range<usize>) -> Vec<&'n Citation> {
        let sorted = self.cites_sorted;
        let cites = &self.index.citations;
        let from = if sorted {
            cites.partition_point(|c| c.span.start < claim.start)
        } else {
            0
        };
        cites[from..]
            .iter()
            .take_while(|c| !sorted || c.span.start <= claim.end + 8)
            .filter(|c| c.span.start >= claim.start && c.span.end <= claim.end + 8)
            .collect()
    }
}

/// `unsupported-by-source`: a cited article should say what the claim says (its entities, but
/// places, and its dates).
fn source_checks(kb: &KnowledgeBase, claim: &Claim, out: &mut Sink) {
    for c in claim.cites.iter().filter(|c| c.articles.len() == 1) {
        let a = c.articles[0];
        let in_article: std::collections::HashSet<usize> = kb.by_article[a]
            .iter()
            .map(|&m| kb.mentions[m].entity)
            .collect();
        let missing = claim
            .mentions
            .iter()
            .filter(|(_, e)| {
                !in_article.contains(e)
                    && kb.entities[*e].kind != EntityKind::Place
                    && !written_in(kb, a, *e)
            })
            .map(|(_, e)| kb.entities[*e].name.clone());
        let missing_dates = claim
            .dates
            .iter()
            .filter(|d| !matches!(d.value, DateValue::Invalid { .. }))
            .filter(|d| {
                !kb.facts[a].dates.iter().any(|x| dates_agree(d, x))
                    && kb.articles[a]
                        .layout
                        .published
                        .is_none_or(|p| !dates_agree(d, &day(p)))
            })
            .map(|d| format!("“{}”", d.text));
        let mut what: Vec<String> = missing.chain(missing_dates).collect();
        what.dedup();
        if !what.is_empty() {
            out.push(
                Code::UnsupportedBySource,
                c.span.clone(),
                format!("{} does not mention {}", kb.heads[a].id, what.join(", ")),
                vec![Related {
                    article: a,
                    span: kb.articles[a].layout.title.clone().unwrap_or(0..0),
                    message: "the cited article".into(),
                }],
                vec![],
            );
        }
    }
}

/// Whether a note's words are only instrument words (`MOU`, `the agreement`, `Memorandum of
/// Understanding`): no name of one agreement.
fn generic_instrument(surface: &str) -> bool {
    fold(surface).split_whitespace().all(|w| {
        ["the", "a", "an", "of", "on", "understanding", "cooperation"].contains(&w)
            || crate::kb::extract::lexicon::instrument_kind(w).is_some()
    })
}

/// Whether article `a` writes entity `e` where the matcher found no mention of it: one of its
/// spellings anywhere in the text (a headline, a signature block), an agreement's distinctive
/// words (`Agreement Between X and Y on Reciprocal Trade` for `Agreement on Reciprocal Trade`),
/// or a person's first and last names (`Donald. J. Trump`).
fn written_in(kb: &KnowledgeBase, a: usize, e: usize) -> bool {
    let ent = &kb.entities[e];
    let text = &kb.articles[a].text;
    let has_word = |w: &str| {
        text.match_indices(w).any(|(at, _)| {
            !text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !text[at + w.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
        })
    };
    if std::iter::once(&ent.name)
        .chain(&ent.aliases)
        .any(|n| has_word(n))
    {
        return true;
    }
    match ent.kind {
        EntityKind::Agreement => {
            let words = distinctive(&ent.name);
            !words.is_empty() && {
                let folded = fold(text);
                words.iter().all(|w| folded.contains(w.as_str()))
            }
        }
        EntityKind::Person => {
            let parts: Vec<&str> = ent.name.split_whitespace().collect();
            parts.len() >= 2 && has_word(parts[0]) && has_word(parts[parts.len() - 1])
        }
        _ => false,
    }
}

fn day(d: Date) -> DateMention {
    DateMention {
        span: 0..0,
        text: d.to_string(),
        value: DateValue::Known {
            start: d,
            end: d,
            precision: dates::Precision::Day,
        },
        ambiguous: false,
        relative: false,
        weekday: None,
    }
}

/// `invalid-date`, `weekday-mismatch` and `ambiguous-date` for one date of the note.
fn date_checks(out: &mut Sink, d: &DateMention) {
    match &d.value {
        DateValue::Invalid { year, month, day } => {
            out.push(
                Code::InvalidDate,
                d.span.clone(),
                format!("there is no {day} {} {year}", month_name(*month)),
                vec![],
                vec![],
            );
        }
        DateValue::Known { start, end, .. } if start == end => {
            if let Some(w) = d.weekday
                && start.weekday() != w
            {
                let right = format!("{:?}", start.weekday());
                let written = format!("{w:?}");
                let wspan = d.text.find(&written[..3]).map(|i| {
                    d.span.start + i
                        ..d.span.start
                            + i
                            + d.text[i..]
                                .find(|c: char| !c.is_alphabetic())
                                .unwrap_or(d.text.len() - i)
                });
                let fixes = wspan
                    .clone()
                    .map(|s| {
                        vec![Fix {
                            title: format!("Write {right}"),
                            span: s,
                            replacement: right.clone(),
                        }]
                    })
                    .unwrap_or_default();
                out.push(
                    Code::WeekdayMismatch,
                    d.span.clone(),
                    format!(
                        "{} is a {right}, not a {written}",
                        write_date(d, "1 January 2000")
                    ),
                    vec![],
                    fixes,
                );
            }
        }
        _ => {}
    }
    if d.ambiguous
        && let DateValue::Known { start, .. } = &d.value
    {
        let other = Date::new(start.year(), start.day(), start.month()).ok();
        let alt = other
            .map(|o| format!(" or {} {} {}", o.day(), month_name(o.month()), o.year()))
            .unwrap_or_default();
        out.push(
            Code::AmbiguousDate,
            d.span.clone(),
            format!(
                "`{}` is read as {} {} {}{alt}; write the month as a word",
                d.text,
                start.day(),
                month_name(start.month()),
                start.year()
            ),
            vec![],
            vec![],
        );
    }
}

/// `compact_key` equality or a small edit distance: two ways of writing one name.
pub fn spelling_variants(a: &str, b: &str) -> bool {
    if compact_key(a) == compact_key(b) {
        return true;
    }
    let (fa, fb) = (fold(a), fold(b));
    let d = strsim::levenshtein(&fa, &fb);
    d > 0
        && d * 10 <= fa.chars().count().max(fb.chars().count()) * 3
        && fa.split_whitespace().count() == fb.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn d(text: &str, reference: Option<Date>) -> DateMention {
        dates::find_dates(text, reference)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no date in {text}"))
    }

    #[test]
    fn dates_agree_at_the_precision_each_side_has() {
        let weekend = d("over the weekend", Some(date(2025, 10, 27)));
        assert!(dates_agree(&d("October 2025", None), &weekend));
        assert!(dates_agree(&d("2025-10-26", None), &weekend));
        assert!(!dates_agree(&d("3 October 2025", None), &weekend));
        let yearless = d("November 6", None);
        assert!(dates_agree(&d("6 November 2024", None), &yearless));
        assert!(!dates_agree(&d("7 November 2024", None), &yearless));
    }

    #[test]
    fn corpus_dates_are_written_in_the_note_style() {
        let day = d("12 January 2025", None);
        assert_eq!(write_date(&day, "14 January 2025"), "12 January 2025");
        assert_eq!(write_date(&day, "January 14, 2025"), "January 12, 2025");
        assert_eq!(write_date(&day, "2025-01-14"), "2025-01-12");
        let range = d("25–26 October 2025", None);
        assert_eq!(write_date(&range, "3 October 2025"), "25–26 October 2025");
        assert_eq!(write_date(&range, "October 3, 2025"), "October 25–26, 2025");
    }

    #[test]
    fn claims_are_sentences_and_list_items_outside_code() {
        let text = "---\ndate: 2025-02-01\n---\n# Title\n\nOne claim here. Another one\nwrapped.\n\n- An item.\n- Second item\n\n```\nNot a claim.\n```\n";
        let got: Vec<&str> = claims(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            vec![
                "One claim here.",
                "Another one\nwrapped.",
                "An item.",
                "Second item"
            ]
        );
        assert_eq!(note_date(text), Some(date(2025, 2, 1)));
    }

    fn kb() -> KnowledgeBase {
        let text = "Cambodia and Laos sign water pact\ndate 2024-03-04\n\nCambodia and Laos signed a Memorandum of Understanding on water sharing on Sunday in Vientiane, officials said.\n\nMinister Anan Wongsakul thanked the guests.\n";
        KnowledgeBase::from_texts(
            vec![(std::path::PathBuf::from("/c/a1.txt"), text.to_string())],
            Path::new("/c"),
            crate::kb::gazetteer::Gazetteer::builtin(),
        )
    }

    pub(super) fn codes(kb: &KnowledgeBase, note: &str) -> Vec<(&'static str, String)> {
        check_note(kb, &KbFacts::new(kb), note, None, &Severities::default())
            .findings
            .into_iter()
            .map(|f| (f.code.name(), note[f.span].to_string()))
            .collect()
    }

    #[test]
    fn a_claim_that_agrees_gets_nothing() {
        let kb = kb();
        assert_eq!(
            codes(
                &kb,
                "Laos and Cambodia signed an MoU on 3 March 2024 [@a1].\n"
            ),
            vec![]
        );
    }

    #[test]
    fn wrong_date_wrong_party_and_a_silent_corpus() {
        let kb = kb();
        assert_eq!(
            codes(&kb, "Laos and Cambodia signed an MoU on 5 March 2024.\n"),
            vec![("date-mismatch", "5 March 2024".into())]
        );
        // one shared party and a generic MoU: perhaps another MoU, so nothing is said
        assert_eq!(
            codes(&kb, "Laos and Thailand signed an MoU on water.\n"),
            vec![]
        );
        // dated the day the corpus's MoU was signed: the same signing, with a wrong party
        assert_eq!(
            codes(&kb, "Laos and Thailand signed an MoU on 3 March 2024.\n"),
            vec![("party-mismatch", "Thailand".into())]
        );
        // the corpus says nothing of a treaty between these two
        assert_eq!(
            codes(&kb, "Thailand and Malaysia signed a treaty in 1990.\n"),
            vec![]
        );
    }

    #[test]
    fn dates_names_and_citations() {
        let kb = kb();
        assert_eq!(
            codes(&kb, "They met on 29 February 2027.\n"),
            vec![("invalid-date", "29 February 2027".into())]
        );
        assert_eq!(
            codes(&kb, "They met on Thursday, 1 March 2024.\n"),
            vec![("weekday-mismatch", "Thursday, 1 March 2024".into())]
        );
        assert_eq!(
            codes(&kb, "They met on 03/04/2024.\n"),
            vec![("ambiguous-date", "03/04/2024".into())]
        );
        assert_eq!(
            codes(&kb, "Minister Anan Wongsakun spoke.\n"),
            vec![("name-variant", "Anan Wongsakun".into())]
        );
        assert_eq!(
            codes(&kb, "See [@b9].\n"),
            vec![("unknown-source", "b9".into())]
        );
        assert_eq!(
            codes(&kb, "Thailand agreed [@a1].\n"),
            vec![("unsupported-by-source", "[@a1]".into())]
        );
    }
}

#[cfg(test)]
mod matching_tests {
    use super::*;

    use super::tests::codes;

    #[test]
    fn the_claimed_instrument_picks_the_event() {
        let a = "Trade pact anniversary\ndate 2024-05-01\n\nThe United States and Singapore signed a Free Trade Agreement in 2004, officials recalled.\n";
        let b = "Science pact\ndate 2024-08-01\n\nThe United States and Singapore signed an Agreement on Science and Technology Cooperation today.\n";
        let kb = KnowledgeBase::from_texts(
            vec![
                (std::path::PathBuf::from("/c/a.txt"), a.into()),
                (std::path::PathBuf::from("/c/b.txt"), b.into()),
            ],
            Path::new("/c"),
            crate::kb::gazetteer::Gazetteer::builtin(),
        );
        let note = "The United States and Singapore signed a Free Trade Agreement in 2010.\n";
        let r = check_note(&kb, &KbFacts::new(&kb), note, None, &Severities::default());
        assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
        assert_eq!(r.findings[0].code, Code::DateMismatch);
        assert_eq!(
            r.findings[0].message,
            "the corpus dates this signing 2004 (a, line 4)"
        );
        assert_eq!(r.findings[0].fixes[0].replacement, "2004");
    }

    #[test]
    fn an_instrument_about_another_thing_is_another_signing() {
        let a = "Visit\ndate 2024-04-10\n\nThe United States and Japan signed a memorandum of cooperation to expand exchanges of language teachers on April 3.\n\nA Memorandum of Cooperation on geothermal energy was signed in Sapporo in April 2023.\n";
        let kb = KnowledgeBase::from_texts(
            vec![(std::path::PathBuf::from("/c/a.txt"), a.into())],
            Path::new("/c"),
            crate::kb::gazetteer::Gazetteer::builtin(),
        );
        // `Memorandum of Cooperation` is a kind of instrument, not a name
        assert!(
            kb.entities.iter().all(|e| e.kind != EntityKind::Agreement),
            "{:?}",
            kb.entities.iter().map(|e| &e.name).collect::<Vec<_>>()
        );
        let note = "A Memorandum of Cooperation on geothermal energy was signed by the United States and Japan in April 2023 [@a].\n";
        assert_eq!(codes(&kb, note), vec![]);
        // the one on language teachers is still held to its date
        let note = "The United States and Japan signed a memorandum of cooperation to expand exchanges of language teachers in May 2024 [@a].\n";
        assert_eq!(
            codes(&kb, note),
            vec![
                ("date-mismatch", "May 2024".to_string()),
                ("unsupported-by-source", "[@a]".to_string())
            ]
        );
    }
}
