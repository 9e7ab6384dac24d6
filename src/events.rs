//! Signing events: who signed what with whom, when and where. A sentence tells of a signing
//! when it has a trigger (`signed`, `inked`, `was reached between`...) and an instrument (a
//! named agreement or an instrument word); parties come from `between X and Y`, the subject
//! before the trigger, `with Y`, `by X` and `on behalf of X`; a body implies its country.
//! The same signing told twice is one event with several sources.

use crate::corpus::Article;
use crate::dates::{DateMention, DateValue, Precision};
use crate::extract::ArticleFacts;
use crate::extract::lexicon::{
    INSTRUMENT_WORDS, NON_PARTY_MARKERS, SIGNING_TRIGGERS, instrument_kind,
};
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
        .build(["sign", "ink", "conclud", "ratif", "reached"])
        .expect("fixed patterns")
});

static TWO_SIDES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(the two|both) (sides|parties|delegations|countries|provinces|ministries|governments|nations|organi[sz]ations|agencies|procuracies|leaders)\b").unwrap()
});
static REACHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(was|were|is|are|has been|have been) (reached|signed|inked|concluded)\b")
        .unwrap()
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
    /// The mentions of article `a` that lie within `range`. `by_article` is in text order
    /// (by start; the index loader checks it), so this looks at the range only, not at every
    /// mention of the article: per sentence, the corpus stays linear in long articles.
    pub fn mentions_in(&self, a: usize, range: Range<usize>) -> impl Iterator<Item = &Mention> {
        let ms = &self.by_article[a];
        let first = ms.partition_point(|&i| self.mentions[i].span.start < range.start);
        ms[first..]
            .iter()
            .map(|&i| &self.mentions[i])
            .take_while(move |m| m.span.start <= range.end)
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
    let trigger = words
        .iter()
        .position(|w| SIGNING_TRIGGERS.contains(&w.as_str()))
        .or_else(|| {
            REACHED.find(&text[s.clone()]).and_then(|m| {
                let at = s.start + m.start();
                toks.iter().position(|t| t.span.start >= at)
            })
        });
    let trig = trigger?;
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
        None => (instrument_words(&words, &toks, text, term_acronyms)?, None),
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
        if e.kind == EntityKind::Person && (after.starts_with("’s") || after.starts_with("'s")) {
            continue;
        }
        if k < clause_start {
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
    // a body implies its country; a government is its country
    let mut implied = Vec::new();
    for &p in &parties {
        let e = &kb.entities[p];
        if e.kind == EntityKind::Organization
            && let Some(c) = e.country
        {
            implied.push(c);
        }
    }
    parties.retain(|&p| {
        let e = &kb.entities[p];
        !(e.kind == EntityKind::Organization
            && e.country.is_some()
            && fold(&e.name).starts_with("government"))
    });
    parties.extend(implied);
    Some(Clause {
        instrument,
        agreement: agreement_entity,
        head,
        parties,
        venue,
    })
}

fn article_events(kb: &Sources, a: usize) -> Vec<Event> {
    let art = &kb.articles[a];
    let facts = &kb.facts[a];
    let text = &art.text;
    let mut out = Vec::new();
    let sents = &facts.sentences;
    let dates_sorted = facts.dates.is_sorted_by_key(|d| d.span.start);
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
            instrument,
            agreement: agreement_entity,
            head,
            mut parties,
            venue,
        }) = signing_clause(kb, text, s.clone(), &ments, &facts.term_acronyms)
        else {
            continue;
        };
        // `the two sides`: the article's two leading bodies and countries
        if parties.len() < 2 && TWO_SIDES.is_match(&text[s.clone()]) {
            parties.extend(leading(kb, a, EntityKind::Organization, 2));
            parties.extend(leading(kb, a, EntityKind::Country, 2));
        }
        let mut seen = std::collections::HashSet::new();
        parties.retain(|p| seen.insert(*p));

        // the date: the sentence's own, else a nearby one, else the lede's (dates in text
        // order are looked up by position, not scanned per sentence)
        let in_sent = |r: &Range<usize>| {
            let first = if dates_sorted {
                facts.dates.partition_point(|d| d.span.start < r.start)
            } else {
                0
            };
            facts.dates[first..]
                .iter()
                .take_while(|d| !dates_sorted || d.span.start <= r.end)
                .find(|d| d.span.start >= r.start && d.span.end <= r.end && is_event_date(d))
        };
        let mut date_sentence = None;
        let date = in_sent(s)
            .cloned()
            .or_else(|| {
                (si.saturating_sub(2)..si).rev().find_map(|j| {
                    in_sent(&sents[j]).filter(|d| is_day(d)).map(|d| {
                        date_sentence = Some(j);
                        d.clone()
                    })
                })
            })
            .or_else(|| {
                let title = art.layout.title.clone().unwrap_or(0..0);
                sents
                    .iter()
                    .find(|l| !(l.start >= title.start && l.end <= title.end))
                    .and_then(in_sent)
                    .filter(|d| is_day(d))
                    .cloned()
            });
        let place = venue
            .or_else(|| {
                date_sentence.and_then(|j| {
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
        out.push(Event {
            kind: "signing",
            instrument,
            agreement: agreement_entity,
            parties,
            date,
            place,
            sources: vec![Source {
                article: a,
                span: s.clone(),
            }],
            head,
        });
    }
    out
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

/// Merges events that tell of the same signing. Within an article: the same instrument head
/// (a named agreement takes in the generic mentions of its head) with compatible dates. Across
/// articles: the same named agreement, or the same instrument head with two shared parties and
/// overlapping dates.
fn merge(evs: &mut Vec<Event>, kb: &Sources, same_article: bool) {
    // a merged event leaves a hole instead of shifting the rest (`Vec::remove` made merging
    // the many mentions of one signing in a long article quadratic in moves)
    let mut slots: Vec<Option<Event>> = std::mem::take(evs).into_iter().map(Some).collect();
    for i in 0..slots.len() {
        if slots[i].is_none() {
            continue;
        }
        for j in i + 1..slots.len() {
            let (Some(x), Some(y)) = (&slots[i], &slots[j]) else {
                continue;
            };
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
                    && (dates_compatible(&x.date, &y.date)
                        || is_coarse(&x.date)
                        || is_coarse(&y.date))
            } else {
                let shared = x.parties.iter().filter(|p| y.parties.contains(p)).count();
                match (x.agreement, y.agreement) {
                    // one treaty is signed many times: the same signing shares a party and a date
                    (Some(p), Some(q)) if p == q => {
                        shared >= 1
                            && (x.date.is_some() || y.date.is_some())
                            && dates_compatible(&x.date, &y.date)
                    }
                    _ => {
                        x.head == y.head
                            && shared >= 2
                            && x.date.is_some()
                            && y.date.is_some()
                            && dates_compatible(&x.date, &y.date)
                    }
                }
            };
            if same {
                let y = slots[j].take().expect("checked above");
                let x = slots[i].as_mut().expect("checked above");
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
                if x.date.is_none()
                    || (y.date.as_ref().is_some_and(is_day) && !x.date.as_ref().is_some_and(is_day))
                {
                    x.date = y.date.or(x.date.take());
                }
                x.place = x.place.or(y.place);
                x.sources.extend(y.sources);
            }
        }
    }
    *evs = slots.into_iter().flatten().collect();
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
    fn a_ministry_implies_its_country() {
        let kb = kb(
            "Police pact\ndate 2024-03-04\n\nThe Thai Ministry of Public Security and the Lao Ministry of Public Security signed a cooperation plan today.\n",
        );
        let mut p = parties(&kb, 0);
        p.sort();
        assert_eq!(
            p,
            vec![
                "Laos",
                "Ministry of Public Security (Laos)",
                "Ministry of Public Security (Thailand)",
                "Thailand"
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
