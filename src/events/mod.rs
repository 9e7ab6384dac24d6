//! Signing events: who signed what with whom, when and where. A sentence tells of a signing
//! when it has a trigger (`signed`, `inked`, `was reached between`...) and an instrument (a
//! named agreement or an instrument word); parties come from `between X and Y`, the subject
//! before the trigger, `with Y`, `by X` and `on behalf of X`; a body implies its country.
//! The same signing told twice is one event with several sources.
//!
//! Stages: `trigger` (which word reports a signing, and look-alikes that do not), the
//! instrument and parties (here, `signing_clause`), the date (`date_of`: the clause's own
//! first), the place and `merge` (only signings whose instrument, parties and dates agree).

pub mod trigger;

use crate::corpus::Article;
use crate::dates::{DateMention, DateValue, Precision};
use crate::extract::ArticleFacts;
use crate::extract::lexicon::{INSTRUMENT_WORDS, NON_PARTY_MARKERS, instrument_kind};
use crate::extract::tokens::tokenize;
use crate::kb::model::{Entity, EntityKind, Mention};
use crate::text::fold;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Source {
    pub article: usize,
    /// The sentence that tells of the signing.
    pub span: Range<usize>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Event {
    /// Always `signing` for now.
    #[serde(skip, default = "signing")]
    pub kind: &'static str,
    /// The agreement's name when it is named, else the instrument words (`cooperation plan`).
    pub instrument: String,
    /// The agreement entity, when named.
    pub agreement: Option<usize>,
    /// Entity indices.
    pub parties: Vec<usize>,
    pub date: Option<DateMention>,
    pub place: Option<usize>,
    pub sources: Vec<Source>,
    /// Normalised instrument head used for merging (`memorandum of understanding`, `plan`).
    head: String,
    /// Where the date comes from: the clause itself, a sentence nearby, or only the page.
    pub date_from: DateFrom,
    /// The sentence that gave the date, when there is one.
    pub date_evidence: Option<Source>,
    /// How sure the reading is; a low-confidence event never drives a note warning.
    pub confidence: Confidence,
}

/// Where an event's date comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DateFrom {
    /// The signing clause's own date (or a formal closing's `DONE at …, this … day of …`).
    Clause,
    /// A day-precise date in one of the two sentences before.
    Nearby,
    /// Only the page's lede or date line: perhaps when the page was written or collected.
    Page,
    /// No date.
    None,
}

impl DateFrom {
    /// A date taken from the page only, not from what the text says of the signing.
    pub fn uncertain(self) -> bool {
        matches!(self, DateFrom::Page)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            DateFrom::Clause => "clause",
            DateFrom::Nearby => "nearby sentence",
            DateFrom::Page => "page date",
            DateFrom::None => "none",
        }
    }
}

/// How sure an event's reading is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

fn signing() -> &'static str {
    "signing"
}

impl Event {
    /// The kind of instrument (`memorandum of understanding`, `agreement`, `convention`...).
    pub fn head_kind(&self) -> &str {
        &self.head
    }
}

/// Words before an instrument word that do not describe the instrument.
const NOT_MODIFIERS: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "our",
    "his",
    "her",
    "your",
    "my",
    "and",
    "or",
    "of",
    "to",
    "for",
    "with",
    "by",
    "on",
    "in",
    "at",
    "signed",
    "sign",
    "signs",
    "signing",
    "inked",
    "concluded",
    "new",
    "first",
    "second",
    "two",
    "both",
    "which",
    "what",
    "other",
    "another",
    "same",
    "such",
    "any",
    "every",
    "each",
    "landmark",
    "historic",
    "important",
    "major",
    "formal",
    "final",
    "latest",
    "recent",
    "previous",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "also",
    "into",
    "law",
    "reached",
];

/// Stems of every trigger word, matched case-insensitively, to skip sentences quickly.
static TRIGGER_STEMS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "sign", "ink", "conclud", "ratif", "reached", "entered", "DONE", "Done",
        ])
        .expect("fixed patterns")
});

static TWO_SIDES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(the two|both) (sides|parties|delegations|countries|provinces|ministries|governments|nations|organi[sz]ations|agencies|procuracies|leaders)\b").unwrap()
});
/// `we signed`, `our two countries signed`: the speakers' own countries.
static WE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(we|we’re|we're|our two (countries|nations|governments))\b").unwrap()
});

/// The kind of instrument, for telling whether two mentions can be one signing:
/// `memorandum of understanding`, `agreement`, `convention`, `plan`...
pub fn instrument_head(s: &str) -> String {
    let f = fold(s);
    let words: Vec<&str> = f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // a memorandum word anywhere makes a memorandum (`MoU on the Agreement of …`)
    const MOU: &str = "memorandum of understanding";
    if words.iter().any(|w| instrument_kind(w) == Some(MOU)) {
        return MOU.into();
    }
    if let Some(kind) = words.iter().find_map(|w| instrument_kind(w)) {
        return kind.into();
    }
    words.last().map_or(f.clone(), |w| w.to_string())
}

/// What the signing reader needs of a knowledge base, as plain slices: `events` depends on the
/// model, not on the knowledge base that calls it (`KnowledgeBase::sources`).
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    pub articles: &'a [Article],
    pub facts: &'a [ArticleFacts],
    pub entities: &'a [Entity],
    pub mentions: &'a [Mention],
    /// Mention indices of each article, in text order.
    pub by_article: &'a [Vec<usize>],
}

impl Sources<'_> {
    /// The mentions of article `a` that lie within `range`.
    pub fn mentions_in(&self, a: usize, range: Range<usize>) -> impl Iterator<Item = &Mention> {
        self.by_article[a]
            .iter()
            .map(|&i| &self.mentions[i])
            .filter(move |m| m.span.start >= range.start && m.span.end <= range.end)
    }
}

/// Finds the signing events of the whole corpus.
pub fn find_events(kb: &Sources) -> Vec<Event> {
    let mut all = Vec::new();
    for a in 0..kb.articles.len() {
        let mut evs = article_events(kb, a);
        merge(&mut evs, kb, true);
        all.extend(evs);
    }
    merge(&mut all, kb, false);
    all
}

/// What a sentence says about a signing: the instrument, the parties and the venue. Shared by
/// the corpus (`find_events`) and the note checks, so both read a sentence the same way.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    pub instrument: String,
    pub agreement: Option<usize>,
    /// The kind of instrument (`memorandum of understanding`, `agreement`, `plan`...).
    pub head: String,
    pub parties: Vec<usize>,
    pub venue: Option<usize>,
    /// A formal closing of a treaty text (`IN WITNESS WHEREOF`, `DONE at`).
    pub formal: bool,
    /// The trigger's byte offset.
    pub trigger_at: usize,
}

/// Reads sentence `s` of `text` as a signing, given the entity mentions in it (span, entity).
pub fn signing_clause(
    kb: &Sources,
    text: &str,
    s: Range<usize>,
    ments: &[(Range<usize>, usize)],
    term_acronyms: &[(String, String)],
) -> Option<Clause> {
    let toks = tokenize(text, s.clone());
    let words: Vec<String> = toks.iter().map(|t| t.text(text).to_lowercase()).collect();
    let starts: Vec<usize> = toks.iter().map(|t| t.span.start - s.start).collect();
    let found = trigger::find_trigger(&text[s.clone()], &words, &starts)?;
    let formal = found.kind == trigger::TriggerKind::FormalClosing;
    let trig = found.index.min(toks.len().saturating_sub(1));
    if toks.is_empty() {
        return None;
    }
    // the instrument
    // the named agreement nearest the trigger, after it first
    let trig_at = toks[trig].span.start;
    let agreement = ments
        .iter()
        .filter(|m| kb.entities[m.1].kind == EntityKind::Agreement)
        .min_by_key(|m| {
            if m.0.start >= trig_at {
                m.0.start - trig_at
            } else {
                2 * (trig_at - m.0.start)
            }
        });
    let (instrument, agreement_entity) = match agreement {
        Some(m) => (kb.entities[m.1].name.clone(), Some(m.1)),
        None => match instrument_words(&words, &toks, text, term_acronyms) {
            Some(i) => (i, None),
            // `DONE at …`: the instrument is the document's own, read by the caller
            None if formal => (String::new(), None),
            None => return None,
        },
    };
    let head = instrument_head(&instrument);

    // parties
    let mut parties: Vec<usize> = Vec::new();
    let tok_index = |off: usize| {
        toks.iter()
            .position(|t| t.span.start >= off)
            .unwrap_or(toks.len())
    };
    let between = words.iter().position(|w| w == "between");
    let on_behalf = (0..words.len().saturating_sub(2))
        .find(|&k| words[k] == "on" && words[k + 1] == "behalf" && words[k + 2] == "of");
    let with = words
        .iter()
        .enumerate()
        .skip(trig)
        .find(|(_, w)| *w == "with")
        .map(|(k, _)| k);
    let by_after = (words.get(trig + 1).is_some_and(|w| w == "by")).then_some(trig + 1);
    // for a gerund (`in signing`), the subject is in its own clause
    let clause_start = if words[trig] == "signing" {
        (0..trig)
            .rev()
            .find(|&j| {
                matches!(
                    words[j].as_str(),
                    "," | ";" | "during" | "while" | "after" | "before" | "met"
                )
            })
            .map_or(0, |j| j + 1)
    } else if trig >= 1 && words[trig - 1] == "to" {
        // `arranged for X to sign`: the subject is X, between `for` and `to`
        (trig.saturating_sub(40)..trig - 1)
            .rev()
            .find(|&j| words[j] == "for")
            .map_or(0, |j| j + 1)
    } else {
        0
    };
    let mut venue = None;
    for (span, entity) in ments {
        let (span, entity) = (span.clone(), *entity);
        let e = &kb.entities[entity];
        if !matches!(
            e.kind,
            EntityKind::Country | EntityKind::Organization | EntityKind::Person
        ) {
            if e.kind == EntityKind::Place && venue.is_none() {
                venue = Some(entity);
            }
            continue;
        }
        let k = tok_index(span.start);
        let prev = if k > 0 { words[k - 1].as_str() } else { "" };
        // `(VNA)`, `(MOFA)`: credits and acronyms in brackets
        if prev == "(" {
            continue;
        }
        // `President Bounmy’s visit`: a possessive person modifies, does not sign;
        // `MR. KIRBY:` is a speaker label of a transcript
        let after = &text[span.end..];
        if after.starts_with(':') {
            continue;
        }
        // `Ardonia’s Ministry of Roads`: a possessor country modifies the body that signs
        if matches!(e.kind, EntityKind::Person | EntityKind::Country)
            && (after.starts_with("’s") || after.starts_with("'s"))
        {
            continue;
        }
        if k < clause_start {
            continue;
        }
        // `the Thai Ministry of Transport`: a country word before a body names the body's
        // country, not a party of its own
        if e.kind == EntityKind::Country
            && ments.iter().any(|(r, o)| {
                r.start > span.end
                    && text[span.end..r.start].trim().is_empty()
                    && kb.entities[*o].kind == EntityKind::Organization
            })
        {
            continue;
        }
        let prev2 = if k > 1 { words[k - 2].as_str() } else { "" };
        if prev == "at" || (prev == "the" && prev2 == "at") {
            venue = venue.or(Some(entity));
            continue;
        }
        if prev == "under" || (prev == "the" && prev2 == "under") {
            // a parent body: its country is a party, not itself
            if let Some(c) = e.country {
                parties.push(c);
            }
            continue;
        }
        let in_subject = k < trig
            && !(0..k).any(|j| {
                j >= 1
                    && NON_PARTY_MARKERS.contains(&words[j].as_str())
                    && j > between.unwrap_or(usize::MAX).min(k)
            });
        let blocked_subject = (0..k).any(|j| NON_PARTY_MARKERS.contains(&words[j].as_str()));
        let after_between = between.is_some_and(|b| k > b);
        let after_behalf = on_behalf.is_some_and(|b| k > b + 2 && k <= b + 6);
        let after_with = with.is_some_and(|w| k > w && k <= w + 8);
        let after_by = by_after.is_some_and(|b| k > b);
        let after_trigger_marker =
            (trig..k).any(|j| NON_PARTY_MARKERS.contains(&words[j].as_str()));
        // passive (`the pact signed by X`, `was signed by X`): the agent follows `by`
        let in_subject = in_subject && by_after.is_none();
        let party = (in_subject && !blocked_subject)
            || ((after_between || after_behalf || after_with || after_by) && !after_trigger_marker);
        if party {
            parties.push(entity);
        }
    }
    // a government is its country; an agency or company signs for itself, its country is
    // a party only when the text names it so
    for p in parties.iter_mut() {
        let e = &kb.entities[*p];
        if e.kind == EntityKind::Organization
            && let Some(c) = e.country
            && fold(&e.name).starts_with("government")
        {
            *p = c;
        }
    }
    // the agreement's own name is no party
    parties.retain(|&p| Some(p) != agreement_entity);
    let mut seen = std::collections::HashSet::new();
    parties.retain(|p| seen.insert(*p));
    Some(Clause {
        instrument,
        agreement: agreement_entity,
        head,
        parties,
        venue,
        formal,
        trigger_at: trig_at,
    })
}

fn article_events(kb: &Sources, a: usize) -> Vec<Event> {
    let art = &kb.articles[a];
    let facts = &kb.facts[a];
    let text = &art.text;
    let mut out = Vec::new();
    let sents = &facts.sentences;
    let title = art.layout.title.clone().unwrap_or(0..0);
    let in_title =
        |r: &Range<usize>| r.start >= title.start && r.end <= title.end && r.start < r.end;
    // a date of the sentence that can be a signing's: not a horizon (`by 2028`, `until 2028`)
    let in_sent = |r: &Range<usize>| {
        facts.dates.iter().find(|d| {
            d.span.start >= r.start
                && d.span.end <= r.end
                && is_event_date(d)
                && !is_horizon(text, r.start, d.span.start)
        })
    };
    for (si, s) in sents.iter().enumerate() {
        // most sentences tell of no signing: a cheap look for trigger stems first
        if !TRIGGER_STEMS.is_match(&text[s.clone()]) {
            continue;
        }
        let ments: Vec<(Range<usize>, usize)> = kb
            .mentions_in(a, s.clone())
            .map(|m| (m.span.clone(), m.entity))
            .collect();
        let Some(Clause {
            mut instrument,
            agreement: mut agreement_entity,
            mut head,
            mut parties,
            venue,
            formal,
            trigger_at,
        }) = signing_clause(kb, text, s.clone(), &ments, &facts.term_acronyms)
        else {
            continue;
        };
        if formal {
            // a treaty's closing: the document's own instrument and parties, from its title
            // (else its first sentence: `The Government of X and the Government of Y`)
            let head_sent = (!title.is_empty())
                .then(|| title.clone())
                .or_else(|| sents.iter().find(|l| !in_title(l)).cloned());
            if let Some(h) = head_sent {
                let hm: Vec<(Range<usize>, usize)> = kb
                    .mentions_in(a, h.clone())
                    .map(|m| (m.span.clone(), m.entity))
                    .collect();
                if agreement_entity.is_none()
                    && let Some(&(_, e)) = hm
                        .iter()
                        .find(|(_, e)| kb.entities[*e].kind == EntityKind::Agreement)
                {
                    agreement_entity = Some(e);
                    instrument = kb.entities[e].name.clone();
                    head = instrument_head(&instrument);
                }
                // the document's own name (`Agreement Between X and Y on Z`) names the instrument
                if agreement_entity.is_none() && in_title(&h) {
                    let name = text[h.clone()].trim();
                    if instrument_head(name) == head || instrument.is_empty() {
                        head = instrument_head(name);
                        instrument = name.to_string();
                    }
                }
                if instrument.is_empty() {
                    let toks = tokenize(text, h.clone());
                    let words: Vec<String> =
                        toks.iter().map(|t| t.text(text).to_lowercase()).collect();
                    if let Some(i) = instrument_words(&words, &toks, text, &facts.term_acronyms) {
                        head = instrument_head(&i);
                        instrument = i;
                    }
                }
                if parties.is_empty() {
                    for (_, e) in &hm {
                        let ent = &kb.entities[*e];
                        let p = match ent.kind {
                            EntityKind::Country => Some(*e),
                            EntityKind::Organization
                                if fold(&ent.name).starts_with("government") =>
                            {
                                ent.country
                            }
                            EntityKind::Organization => Some(*e),
                            _ => None,
                        };
                        if let Some(p) = p
                            && !parties.contains(&p)
                        {
                            parties.push(p);
                        }
                    }
                }
            }
            if instrument.is_empty() {
                continue;
            }
        }
        // `the two sides`: the article's two leading bodies and countries; `we signed`, `our two
        // countries`: its two leading countries
        let before_trigger = &text[s.start..trigger_at.max(s.start)];
        if parties.len() < 2 && TWO_SIDES.is_match(&text[s.clone()]) {
            parties.extend(leading(kb, a, EntityKind::Organization, 2));
            parties.extend(leading(kb, a, EntityKind::Country, 2));
        } else if parties.is_empty() && WE.is_match(before_trigger) {
            parties.extend(leading(kb, a, EntityKind::Country, 2));
        }
        let mut seen = std::collections::HashSet::new();
        parties.retain(|p| seen.insert(*p));

        // the date: the clause's own (for a formal closing, its `DONE at …` line), else a
        // day-precise one in the two sentences before, else the page's
        let mut date_from = DateFrom::None;
        let mut date_sentence = None;
        // `X, signed in 1966, and Y, signed in 2002`: each named agreement its own date
        let appositives: Vec<(usize, &DateMention, Range<usize>)> = ments
            .iter()
            .filter(|(_, e)| kb.entities[*e].kind == EntityKind::Agreement)
            .filter_map(|(r, e)| {
                appositive_date(text, r.end, s.end, &facts.dates)
                    .map(|d| (*e, d, r.start..d.span.end))
            })
            .collect();
        // with several, each signing's source is its own `X, signed in …`
        let clause_of = |e: Option<usize>| {
            appositives
                .iter()
                .find(|x| Some(x.0) == e && appositives.len() > 1)
                .map_or(s.clone(), |x| x.2.clone())
        };
        let mut date = appositives
            .iter()
            .find(|(e, _, _)| Some(*e) == agreement_entity)
            .map(|(_, d, _)| (*d).clone())
            .or_else(|| in_sent(s).cloned());
        if date.is_some() {
            date_from = DateFrom::Clause;
            date_sentence = Some(si);
        } else if formal {
            date = (si + 1..(si + 3).min(sents.len())).find_map(|j| {
                in_sent(&sents[j]).map(|d| {
                    date_sentence = Some(j);
                    d.clone()
                })
            });
            if date.is_some() {
                date_from = DateFrom::Clause;
            }
        }
        if date.is_none() {
            date = (si.saturating_sub(2)..si).rev().find_map(|j| {
                in_sent(&sents[j]).filter(|d| is_day(d)).map(|d| {
                    date_sentence = Some(j);
                    d.clone()
                })
            });
            if date.is_some() {
                date_from = DateFrom::Nearby;
            }
        }
        if date.is_none() {
            date = sents
                .iter()
                .enumerate()
                .find(|(_, l)| !in_title(l))
                .and_then(|(j, l)| {
                    let d = in_sent(l).filter(|d| is_day(d))?;
                    date_sentence = Some(j);
                    Some(d.clone())
                });
            if date.is_some() {
                date_from = DateFrom::Page;
            }
        }
        let place = venue
            .or_else(|| {
                date_sentence.filter(|&j| j != si).and_then(|j| {
                    kb.mentions_in(a, sents[j].clone())
                        .find(|m| kb.entities[m.entity].kind == EntityKind::Place)
                        .map(|m| m.entity)
                })
            })
            .or_else(|| dateline_place(kb, a));
        // a generic instrument with nobody signing it tells too little to be an event
        if parties.is_empty() && agreement_entity.is_none() {
            continue;
        }
        // a ratification tells that the agreement was signed, not when
        let ratified = text
            .get(trigger_at..trigger_at + 5)
            .is_some_and(|w| w.eq_ignore_ascii_case("ratif"));
        let confidence = if parties.is_empty() || date_from == DateFrom::Page || ratified {
            Confidence::Low
        } else if parties.len() >= 2 || agreement_entity.is_some() || formal {
            Confidence::High
        } else {
            Confidence::Medium
        };
        // the other agreements of the sentence signed at their own dates, by the same parties
        for (e, d, _) in appositives
            .iter()
            .filter(|(e, _, _)| Some(*e) != agreement_entity && !parties.is_empty())
        {
            let name = kb.entities[*e].name.clone();
            out.push(Event {
                kind: "signing",
                head: instrument_head(&name),
                instrument: name,
                agreement: Some(*e),
                parties: parties.clone(),
                date: Some((*d).clone()),
                place: None,
                sources: vec![Source {
                    article: a,
                    span: clause_of(Some(*e)),
                }],
                date_from: DateFrom::Clause,
                date_evidence: Some(Source {
                    article: a,
                    span: clause_of(Some(*e)),
                }),
                confidence: Confidence::High,
            });
        }
        out.push(Event {
            kind: "signing",
            instrument,
            agreement: agreement_entity,
            parties,
            date,
            place,
            sources: vec![Source {
                article: a,
                span: clause_of(agreement_entity),
            }],
            head,
            date_from,
            date_evidence: date_sentence.map(|j| Source {
                article: a,
                span: sents[j].clone(),
            }),
            confidence,
        });
    }
    out
}

/// The date of `, signed in 1966` (`, which was signed on …`) right after an agreement's name
/// ending at `end`, within the sentence ending at `limit`.
fn appositive_date<'d>(
    text: &str,
    end: usize,
    limit: usize,
    dates: &'d [DateMention],
) -> Option<&'d DateMention> {
    static SIGNED_AT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^,?\s+(?:(?:which|that) (?:was|were) )?signed ").unwrap());
    // between `signed` and the date: `in`, `on the`, or a place first (`in Paris in`)
    static GAP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:(?:in|at) \p{Lu}[\w.’'-]*(?: \p{Lu}[\w.’'-]*){0,3},? )?(?:(?:in|on)(?: the)?)?$",
        )
        .unwrap()
    });
    let rest = text.get(end..limit)?;
    let at = end + SIGNED_AT.find(rest)?.end();
    // the date, perhaps after `in`, `on` or `on the`
    dates.iter().find(|d| {
        d.span.start >= at
            && d.span.end <= limit
            && GAP.is_match(text[at..d.span.start].trim())
            && is_event_date(d)
    })
}

/// Whether the date at `at` is a horizon (`by 2028`, `until 2028`, `through 2030`), not when
/// something happened; `from` is where its sentence starts.
fn is_horizon(text: &str, from: usize, at: usize) -> bool {
    let before = text[from..at].trim_end();
    let last = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        last.as_str(),
        "by" | "until" | "till" | "through" | "beyond"
    )
}

/// The place a dateline names (`HÀ NỘI —` at the start of a paragraph).
fn dateline_place(kb: &Sources, a: usize) -> Option<usize> {
    let art = &kb.articles[a];
    art.layout.content().find_map(|seg| {
        kb.mentions_in(a, seg.span.clone())
            .next()
            .filter(|m| {
                m.span.start == seg.span.start && kb.entities[m.entity].kind == EntityKind::Place
            })
            .filter(|m| {
                art.text[m.span.end..]
                    .trim_start()
                    .starts_with(['—', '–', '-', '('])
            })
            .map(|m| m.entity)
    })
}

fn is_event_date(d: &DateMention) -> bool {
    !matches!(d.value, DateValue::Invalid { .. })
}

fn is_coarse(d: &Option<DateMention>) -> bool {
    d.as_ref().is_some_and(|d| {
        matches!(
            d.value,
            DateValue::Known {
                precision: Precision::Year | Precision::Month,
                ..
            }
        )
    })
}

fn is_day(d: &DateMention) -> bool {
    match d.value {
        DateValue::Known { precision, .. } => {
            matches!(precision, Precision::Day | Precision::Range)
        }
        DateValue::Partial { day, .. } => day.is_some(),
        DateValue::Invalid { .. } => false,
    }
}

/// The `n` entities of `kind` most mentioned in article `a` (built-in international bodies
/// left out for organisations).
fn leading(kb: &Sources, a: usize, kind: EntityKind, n: usize) -> Vec<usize> {
    let mut counts: std::collections::HashMap<usize, usize> = Default::default();
    for &i in &kb.by_article[a] {
        let e = kb.mentions[i].entity;
        let ent = &kb.entities[e];
        let named_body = ent.kind == EntityKind::Organization
            && !ent.builtin
            && ent.name.split_whitespace().count() >= 2;
        if ent.kind == kind && (kind == EntityKind::Country || named_body) {
            *counts.entry(e).or_default() += 1;
        }
    }
    let mut v: Vec<(usize, usize)> = counts.into_iter().collect();
    v.sort_by_key(|(e, c)| (std::cmp::Reverse(*c), *e));
    v.into_iter().take(n).map(|(e, _)| e).collect()
}

/// The instrument words of a sentence (longest first), with capitalised modifiers kept:
/// `Cooperation Agreement`, `cooperation plan`, `MoU` (expanded through the article's own
/// acronym definitions).
fn instrument_words(
    words: &[String],
    toks: &[crate::extract::tokens::Token],
    text: &str,
    term_acronyms: &[(String, String)],
) -> Option<String> {
    let mut best: Option<(usize, usize)> = None;
    for k in 0..words.len() {
        for iw in INSTRUMENT_WORDS.iter() {
            let parts: Vec<&str> = iw.split(' ').collect();
            if k + parts.len() <= words.len()
                && parts.iter().enumerate().all(|(j, p)| words[k + j] == *p)
            {
                let len = parts.len();
                if best.is_none_or(|(_, l)| len > l) {
                    best = Some((k, len));
                }
            }
        }
    }
    let (mut k, len) = best?;
    let end = k + len;
    let capital = |j: usize| {
        toks[j]
            .text(text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    if capital(k) {
        while k > 0 && capital(k - 1) && toks[k - 1].word {
            k -= 1;
        }
    } else {
        // lower-case modifiers tell instruments apart too: `a tax treaty`, `a security agreement`
        let mut taken = 0;
        while k > 0 && taken < 2 && toks[k - 1].word {
            let w = &words[k - 1];
            if !w.chars().all(char::is_alphabetic)
                || w.chars().any(char::is_uppercase)
                || NOT_MODIFIERS.contains(&w.as_str())
            {
                break;
            }
            k -= 1;
            taken += 1;
        }
    }
    let phrase = text[toks[k].span.start..toks[end - 1].span.end].to_string();
    let folded = fold(&phrase);
    let plain = |s: &str| s.is_ascii() && !s.contains('`');
    for (acr, long) in term_acronyms {
        // plain ASCII without spaces folds to its lower case: no need to fold it
        let same = if plain(acr) && plain(&phrase) && !acr.contains(char::is_whitespace) {
            acr.eq_ignore_ascii_case(&phrase)
        } else {
            fold(acr) == folded
        };
        if same {
            return Some(long.clone());
        }
    }
    Some(phrase)
}

fn dates_compatible(a: &Option<DateMention>, b: &Option<DateMention>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => match (&x.value, &y.value) {
            (
                DateValue::Known {
                    start: s1, end: e1, ..
                },
                DateValue::Known {
                    start: s2, end: e2, ..
                },
            ) => s1 <= e2 && s2 <= e1,
            (
                DateValue::Partial {
                    month: m1, day: d1, ..
                },
                DateValue::Partial {
                    month: m2, day: d2, ..
                },
            ) => m1 == m2 && d1 == d2,
            _ => true,
        },
        _ => true,
    }
}

/// The sides of a signing: each party as its country when it is a person or body of a state
/// that the event does not list apart (so `President X` and `X's country` are one side).
fn sides(kb: &Sources, ev: &Event) -> Vec<usize> {
    let mut out: Vec<usize> = ev
        .parties
        .iter()
        .map(|&p| {
            let e = &kb.entities[p];
            match (e.kind, e.country) {
                (EntityKind::Person, Some(c)) => c,
                _ => p,
            }
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether two readings can be one signing by their parties: the same sides, or (within an
/// article, where later mentions name fewer) one's sides among the other's; a reading with no
/// parties fits any.
fn parties_compatible(kb: &Sources, x: &Event, y: &Event, same_article: bool) -> bool {
    let (mut a, mut b) = (sides(kb, x), sides(kb, y));
    if same_article {
        // a person signing for a side is told apart only where the text names the side
        let body = |p: &usize| kb.entities[*p].kind != EntityKind::Person;
        a.retain(body);
        b.retain(body);
    }
    if a.is_empty() || b.is_empty() || a == b {
        return true;
    }
    let within = |s: &[usize], t: &[usize]| s.iter().all(|p| t.contains(p));
    same_article && (within(&a, &b) || within(&b, &a))
}

/// Merges events that tell of the same signing. Within an article: the same instrument head
/// (a named agreement takes in the generic mentions of its head) with compatible dates. Across
/// articles: the same named agreement, or the same instrument head with two shared parties and
/// overlapping dates.
fn merge(evs: &mut Vec<Event>, kb: &Sources, same_article: bool) {
    let mut i = 0;
    while i < evs.len() {
        let mut j = i + 1;
        while j < evs.len() {
            let (x, y) = (&evs[i], &evs[j]);
            let same = if same_article {
                let named_match = match (x.agreement, y.agreement) {
                    (Some(p), Some(q)) => p == q,
                    _ => {
                        x.head == y.head
                            || x.agreement
                                .is_some_and(|p| instrument_head(&kb.entities[p].name) == y.head)
                            || y.agreement
                                .is_some_and(|q| instrument_head(&kb.entities[q].name) == x.head)
                    }
                };
                named_match
                    && parties_compatible(kb, x, y, true)
                    && (dates_compatible(&x.date, &y.date)
                        || is_coarse(&x.date)
                        || is_coarse(&y.date))
            } else {
                let shared = x.parties.iter().filter(|p| y.parties.contains(p)).count();
                let sides_ok = parties_compatible(kb, x, y, false);
                match (x.agreement, y.agreement) {
                    // one treaty is signed many times: the same signing shares a party and a date
                    (Some(p), Some(q)) if p == q => {
                        shared >= 1
                            && sides_ok
                            && (x.date.is_some() || y.date.is_some())
                            && dates_compatible(&x.date, &y.date)
                    }
                    // a named agreement never merges with a differently named one
                    (Some(_), Some(_)) => false,
                    _ => {
                        x.head == y.head
                            && shared >= 2
                            && sides_ok
                            && x.date.is_some()
                            && y.date.is_some()
                            && dates_compatible(&x.date, &y.date)
                    }
                }
            };
            if same {
                let y = evs.remove(j);
                let x = &mut evs[i];
                if x.agreement.is_none() && y.agreement.is_some() {
                    x.agreement = y.agreement;
                    x.instrument = y.instrument;
                } else if x.agreement.is_none()
                    && !x.instrument.starts_with(char::is_uppercase)
                    && y.instrument.starts_with(char::is_uppercase)
                {
                    x.instrument = y.instrument;
                }
                for p in y.parties {
                    if !x.parties.contains(&p) {
                        x.parties.push(p);
                    }
                }
                // the better-founded date wins: the clause's own over a nearby or the page's,
                // then a day over a month or year
                let rank = |from: DateFrom, d: &Option<DateMention>| {
                    let from = match from {
                        DateFrom::Clause => 3,
                        DateFrom::Nearby => 2,
                        DateFrom::Page => 1,
                        DateFrom::None => 0,
                    };
                    (from, usize::from(d.as_ref().is_some_and(is_day)))
                };
                if y.date.is_some() && rank(y.date_from, &y.date) > rank(x.date_from, &x.date) {
                    x.date = y.date;
                    x.date_from = y.date_from;
                    x.date_evidence = y.date_evidence;
                }
                x.confidence = x.confidence.max(y.confidence);
                x.place = x.place.or(y.place);
                x.sources.extend(y.sources);
            } else {
                j += 1;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::gazetteer::Gazetteer;
    use crate::kb::KnowledgeBase;
    use crate::output::date_bounds;
    use std::path::{Path, PathBuf};

    fn kb(text: &str) -> KnowledgeBase {
        KnowledgeBase::from_texts(
            vec![(PathBuf::from("/c/a.txt"), text.to_string())],
            Path::new("/c"),
            Gazetteer::builtin(),
        )
    }

    fn parties(kb: &KnowledgeBase, i: usize) -> Vec<String> {
        kb.events[i]
            .parties
            .iter()
            .map(|&p| kb.entities[p].name.clone())
            .collect()
    }

    #[test]
    fn subject_parties_and_a_relative_date() {
        let kb = kb(
            "Neighbours sign water deal\ndate 2024-03-04\n\nCambodia and Laos signed a Memorandum of Understanding on water sharing on Sunday in Phnom Penh.\n",
        );
        assert_eq!(kb.events.len(), 1);
        let e = &kb.events[0];
        assert_eq!(e.instrument, "Memorandum of Understanding");
        assert_eq!(parties(&kb, 0), vec!["Cambodia", "Laos"]);
        let d = e.date.as_ref().unwrap();
        assert_eq!(
            date_bounds(d),
            (Some("2024-03-03".into()), Some("2024-03-03".into()))
        );
        assert_eq!(kb.entities[e.place.unwrap()].name, "Phnom Penh");
    }

    #[test]
    fn between_lists_behalf_and_witnesses() {
        let kb = kb(
            "Treaty signed\ndate 2024-03-04\n\nThe treaty was concluded between Thailand and Malaysia last year.\n\nMinister Anan Wong signed the treaty on behalf of Thailand, witnessed by President Oskar Fell.\n",
        );
        assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
        let p = parties(&kb, 0);
        assert!(
            p.contains(&"Thailand".to_string()) && p.contains(&"Malaysia".to_string()),
            "{p:?}"
        );
        assert!(p.contains(&"Anan Wong".to_string()), "{p:?}");
        assert!(!p.contains(&"Oskar Fell".to_string()), "{p:?}");
        assert_eq!(kb.events[0].sources.len(), 2);
    }

    #[test]
    fn ministries_sign_for_themselves() {
        let kb = kb(
            "Police pact\ndate 2024-03-04\n\nThe Thai Ministry of Public Security and the Lao Ministry of Public Security signed a cooperation plan today.\n",
        );
        let mut p = parties(&kb, 0);
        p.sort();
        assert_eq!(
            p,
            vec![
                "Ministry of Public Security (Laos)",
                "Ministry of Public Security (Thailand)",
            ]
        );
        assert_eq!(kb.events[0].instrument, "cooperation plan");
    }

    #[test]
    fn signing_without_an_instrument_is_no_event() {
        let kb = kb(
            "A signing\ndate 2024-03-04\n\nThe singer signed autographs for fans in Vientiane on Sunday.\n",
        );
        assert!(kb.events.is_empty(), "{:?}", kb.events);
    }
}

#[cfg(test)]
mod stage_tests {
    //! One test per event rule, on sentences written for them with invented names.
    use crate::gazetteer::Gazetteer;
    use crate::kb::KnowledgeBase;
    use crate::output::date_bounds;
    use std::path::{Path, PathBuf};

    fn kb(text: &str) -> KnowledgeBase {
        KnowledgeBase::from_texts(
            vec![(PathBuf::from("/c/a.txt"), text.to_string())],
            Path::new("/c"),
            Gazetteer::builtin(),
        )
    }

    fn names(kb: &KnowledgeBase, i: usize) -> Vec<String> {
        let mut v: Vec<String> = kb.events[i]
            .parties
            .iter()
            .map(|&p| kb.entities[p].name.clone())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn future_and_negated_signings_are_no_events() {
        let kb = kb(
            "Water talks\ndate 2024-03-04\n\nCambodia will sign a Memorandum of Understanding with Laos next week.\n\nThailand has not signed the water treaty with Laos.\n\nThe leaders welcomed a future signing of a health memorandum between Cambodia and Thailand.\n",
        );
        assert!(kb.events.is_empty(), "{:?}", kb.events);
    }

    #[test]
    fn an_agency_deal_adds_no_country() {
        let kb = kb(
            "Roads deal\ndate 2024-03-04\n\nThe Thai Ministry of Transport and the Lao Ministry of Public Works signed a cooperation plan on 2 March 2024.\n",
        );
        assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
        assert_eq!(
            names(&kb, 0),
            vec![
                "Ministry of Public Works (Laos)",
                "Ministry of Transport (Thailand)"
            ]
        );
        let d = kb.events[0].date.as_ref().unwrap();
        assert_eq!(
            date_bounds(d),
            (Some("2024-03-02".into()), Some("2024-03-02".into()))
        );
        assert_eq!(kb.events[0].date_from, super::DateFrom::Clause);
    }

    #[test]
    fn a_horizon_is_no_signing_date() {
        let kb = kb(
            "Dam deal\ndate 2024-03-04\n\nToday the ministers met in Vientiane.\n\nFor years the river was a worry. Cambodia and Laos signed an amended dam agreement that runs until 2031.\n",
        );
        assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
        assert_eq!(names(&kb, 0), vec!["Cambodia", "Laos"]);
        // not `until 2031`: the day-precise `Today` of a sentence before
        let ev = &kb.events[0];
        assert_eq!(ev.date_from, super::DateFrom::Nearby);
        assert_eq!(
            date_bounds(ev.date.as_ref().unwrap()),
            (Some("2024-03-04".into()), Some("2024-03-04".into()))
        );
    }

    #[test]
    fn two_memoranda_between_different_parties_stay_apart() {
        let kb = kb(
            "Two memoranda\ndate 2024-03-04\n\nCambodia and Laos signed a Memorandum of Understanding on fisheries on 2 March 2024.\n\nThailand and Vietnam signed a Memorandum of Understanding on rail on 2 March 2024.\n",
        );
        assert_eq!(kb.events.len(), 2, "{:?}", kb.events);
        assert_eq!(names(&kb, 0), vec!["Cambodia", "Laos"]);
        assert_eq!(names(&kb, 1), vec!["Thailand", "Vietnam"]);
    }

    #[test]
    fn a_formal_closing_is_a_signing_of_the_document() {
        let kb = kb(
            "Agreement Between Cambodia and Laos on River Transport\ndate 2024-03-04\n\nArticle 1. The Parties shall cooperate.\n\nIN WITNESS WHEREOF the undersigned, being duly authorized thereto by their respective Governments, have signed this Agreement.\n\nDONE in duplicate at Vientiane, on 2 March 2024.\n",
        );
        assert!(!kb.events.is_empty(), "{:?}", kb.events);
        assert_eq!(names(&kb, 0), vec!["Cambodia", "Laos"]);
        let d = kb.events[0].date.as_ref().unwrap();
        assert_eq!(
            date_bounds(d),
            (Some("2024-03-02".into()), Some("2024-03-02".into()))
        );
    }

    #[test]
    fn a_possessor_country_is_no_party() {
        let kb = kb(
            "Roads deal\ndate 2024-03-04\n\nThe Asian Development Bank concluded an agreement with Laos’s Ministry of Public Works on 2 March 2024.\n",
        );
        assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
        assert!(
            !names(&kb, 0).contains(&"Laos".to_string()),
            "{:?}",
            names(&kb, 0)
        );
    }

    #[test]
    fn each_agreement_named_with_its_date_is_signed_then() {
        let kb = kb(
            "Trade framework\ndate 2024-03-04\n\nThe new pact builds on the Norway-Chile Treaty of Amity and Navigation, signed in 1961, and the Norway-Chile Fisheries Framework Agreement, signed in Oslo in May 2002.\n",
        );
        let mut got: Vec<(String, Vec<String>, Option<String>)> = (0..kb.events.len())
            .map(|i| {
                let ev = &kb.events[i];
                (
                    ev.instrument.clone(),
                    names(&kb, i),
                    ev.date.as_ref().and_then(|d| date_bounds(d).0),
                )
            })
            .collect();
        got.sort();
        let both = vec!["Chile".to_string(), "Norway".to_string()];
        assert_eq!(
            got,
            vec![
                (
                    "Norway-Chile Fisheries Framework Agreement".to_string(),
                    both.clone(),
                    Some("2002-05-01".to_string())
                ),
                (
                    "Norway-Chile Treaty of Amity and Navigation".to_string(),
                    both,
                    Some("1961-01-01".to_string())
                ),
            ]
        );
    }

    #[test]
    fn a_ratification_is_an_uncertain_reading() {
        let kb = kb(
            "Treaty ratified\ndate 2024-03-04\n\nOn 2 March 2024, Norway ratified the Tarvik Treaty with Chile.\n",
        );
        assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
        assert_eq!(kb.events[0].confidence, super::Confidence::Low);
    }
}
