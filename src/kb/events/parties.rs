//! The signing clause: its instrument (a named agreement, else instrument words) and its
//! parties (subject, `between`, `with`, `on behalf of`, `by`, coordination), and the sides
//! `the two sides` and `we` stand for.

use super::{Sources, instrument_head, trigger};
use crate::base::text::fold;
use crate::kb::extract::lexicon::{INSTRUMENT_WORDS, NON_PARTY_MARKERS};
use crate::kb::extract::tokens::{Token, tokenize};
use crate::kb::model::EntityKind;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

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

static TWO_SIDES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(the two|both) (sides|parties|delegations|countries|provinces|ministries|governments|nations|organi[sz]ations|agencies|procuracies|leaders)\b").unwrap()
});
/// `we signed`, `our two countries signed`: the speakers' own countries.
static WE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(we|we’re|we're|our two (countries|nations|governments))\b").unwrap()
});

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
    /// Every name in a party slot is a known entity: no signer is missing from `parties`.
    pub complete: bool,
    /// The parties named after `with` (`signed agreements with X and Y`), also in `parties`.
    pub counterparts: Vec<usize>,
    /// What a generic instrument is about, in folded content words (`an MOU on critical
    /// minerals` → `critical`, `minerals`), to tell two of one kind apart.
    pub topic: Vec<String>,
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
    let sentence = Sentence::new(kb, text, ments, toks, words, trig);
    // the instrument
    let Instrument {
        name: instrument,
        agreement: agreement_entity,
        words_read,
    } = sentence.instrument(term_acronyms, formal)?;
    let head = instrument_head(&instrument);
    let topic = match (&words_read, agreement_entity) {
        (Some(r), None) => sentence.topic(r),
        _ => Vec::new(),
    };

    // parties
    let slots = sentence.slots();
    let complete = sentence.complete(&slots);
    let Signers {
        mut parties,
        venue,
        counterparts,
    } = sentence.signers(&slots);
    sentence.parties_for_signers(&mut parties);
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
        trigger_at: sentence.trig_at,
        complete,
        counterparts,
        topic,
    })
}

/// A sentence read for a signing: its tokens, their lower-case words, the trigger and which
/// tokens lie inside names the knowledge base knows.
struct Sentence<'a> {
    kb: &'a Sources<'a>,
    text: &'a str,
    ments: &'a [(Range<usize>, usize)],
    toks: Vec<Token>,
    words: Vec<String>,
    /// The trigger's token.
    trig: usize,
    /// The trigger's byte offset.
    trig_at: usize,
    /// Tokens inside a body's or person's name (no instrument words).
    in_name: Vec<bool>,
    /// Tokens inside any name the knowledge base knows (for the party lists).
    covered: Vec<bool>,
}

/// The instrument a sentence signs: its name, the named agreement it is (if any) and the
/// instrument words read for it (if no agreement is named).
struct Instrument {
    name: String,
    agreement: Option<usize>,
    words_read: Option<Range<usize>>,
}

/// The tokens that open the party lists of a sentence (`between`, `on behalf of`, `with`, `by`
/// after the trigger, the one supplied), where the trigger's clause starts and where each
/// list ends.
struct Slots {
    between: Option<usize>,
    on_behalf: Option<usize>,
    with: Option<usize>,
    by_after: Option<usize>,
    supplied: Option<usize>,
    clause_start: usize,
    /// Per token opening a list, where the list ends.
    list_ends: Vec<usize>,
}

/// What the mentions of a sentence are: parties, the venue, the parties named after `with`.
struct Signers {
    parties: Vec<usize>,
    venue: Option<usize>,
    counterparts: Vec<usize>,
}

impl<'a> Sentence<'a> {
    /// Marks the tokens inside names (`in_name`, `covered`) of a tokenised sentence.
    fn new(
        kb: &'a Sources<'a>,
        text: &'a str,
        ments: &'a [(Range<usize>, usize)],
        toks: Vec<Token>,
        words: Vec<String>,
        trig: usize,
    ) -> Self {
        let trig_at = toks[trig].span.start;
        // words inside a body's or person's name are no instrument (`the Convention and Law
        // Department`)
        // (and `covered`: tokens inside any name the knowledge base knows, for the party lists)
        let mut in_name = vec![false; toks.len()];
        let mut covered = vec![false; toks.len()];
        for (r, e) in ments {
            for (j, t) in toks.iter().enumerate() {
                if t.span.start >= r.start && t.span.end <= r.end {
                    covered[j] = true;
                    in_name[j] |= kb.entities[*e].kind != EntityKind::Agreement;
                }
            }
        }
        Sentence {
            kb,
            text,
            ments,
            toks,
            words,
            trig,
            trig_at,
            in_name,
            covered,
        }
    }

    /// The instrument: the named agreement nearest the trigger that is the verb's object, else
    /// the instrument words; `None` when the sentence names none (and is no formal closing).
    fn instrument(&self, term_acronyms: &[(String, String)], formal: bool) -> Option<Instrument> {
        let (kb, text, words, toks) = (self.kb, self.text, &self.words, &self.toks);
        let (trig, trig_at) = (self.trig, self.trig_at);
        // the named agreement nearest the trigger, after it first
        let agreement = self
            .ments
            .iter()
            .filter(|m| kb.entities[m.1].kind == EntityKind::Agreement)
            .min_by_key(|m| {
                if m.0.start >= trig_at {
                    m.0.start - trig_at
                } else {
                    2 * (trig_at - m.0.start)
                }
            });
        // instrument words after the trigger are its object: an agreement named before the trigger
        // (`launched the X Partnership with A and signed Y Agreements with B`) or after that object
        // (`signed an MoU with A establishing the X Partnership`) is another thing, unless it is the
        // object itself or stands in apposition to it (`an agreement, the X Accord`)
        // (a passive `The MoU was reached between …` has its instrument before the verb)
        let passive = matches!(
            words[trig].as_str(),
            "was" | "were" | "is" | "are" | "has" | "have" | "been"
        );
        let in_name = &self.in_name;
        let object = (!passive)
            .then(|| instrument_words_at(words, toks, text, term_acronyms, trig, in_name))
            .flatten()
            .filter(|(_, r)| r.start >= trig_at);
        let agreement = agreement.filter(|m| {
            object.as_ref().is_none_or(|(_, r)| {
                let overlaps = m.0.start < r.end && r.start < m.0.end;
                let apposed = m.0.start >= r.end && {
                    let gap = text[r.end..m.0.start].trim();
                    matches!(gap, "," | ", the" | "(" | "(the" | "“" | "\"")
                };
                overlaps || apposed
            })
        });
        // (the instrument words read, for the topic)
        let mut words_read = None;
        let (name, agreement) = match agreement {
            Some(m) => (kb.entities[m.1].name.clone(), Some(m.1)),
            None => match object
                .clone()
                .or_else(|| instrument_words_at(words, toks, text, term_acronyms, 0, in_name))
            {
                Some((i, r)) => {
                    words_read = Some(r);
                    (i, None)
                }
                // `DONE at …`: the instrument is the document's own, read by the caller
                None if formal => (String::new(), None),
                None => return None,
            },
        };
        Some(Instrument {
            name,
            agreement,
            words_read,
        })
    }

    /// The topic: the content words right after a generic instrument (read at `r`): `on
    /// critical minerals`, `to deepen cooperation on maritime security`, up to the clause's end
    /// (also before a passive verb: `An MoU on geothermal energy was signed`).
    fn topic(&self, r: &Range<usize>) -> Vec<String> {
        let (words, toks) = (&self.words, &self.toks);
        let mut from = toks
            .iter()
            .position(|t| t.span.start >= r.end)
            .unwrap_or(toks.len());
        // (past a short form in brackets: `an MOU (MOU) on …`)
        if words.get(from).is_some_and(|w| w == "(")
            && let Some(close) = (from..toks.len().min(from + 4)).find(|&j| words[j] == ")")
        {
            from = close + 1;
        }
        // only a complement that says what it is about: `on …`, `to deepen …`, `concerning …`
        let about = words.get(from).is_some_and(|w| {
            matches!(
                w.as_str(),
                "on" | "to" | "for" | "concerning" | "regarding" | "about"
            )
        });
        if !about {
            from = toks.len();
        }
        // (up to a date: `an MoU on 5 March`, `on Sunday`; names of places and bodies
        // say where and who, not what about)
        let date_word = |w: &str| {
            crate::kb::extract::date_word(w) || matches!(w, "today" | "yesterday" | "tomorrow")
        };
        (from..toks.len().min(from + 14))
            .take_while(|&j| {
                !matches!(
                    words[j].as_str(),
                    "." | ";" | "," | "which" | "that" | "and" | "with"
                ) && !date_word(&words[j])
            })
            .filter(|&j| !self.covered[j])
            .map(|j| fold(&words[j]))
            .filter(|w| topic_word(w))
            .collect()
    }

    /// The party slots: the tokens opening the lists after `between`, `on behalf of`, `with`,
    /// `by` and a verb of supplying, where the trigger's clause starts and where each list ends.
    fn slots(&self) -> Slots {
        let (words, trig) = (&self.words, self.trig);
        let between = words.iter().position(|w| w == "between");
        let on_behalf = (0..words.len().saturating_sub(2))
            .find(|&k| words[k] == "on" && words[k + 1] == "behalf" && words[k + 2] == "of");
        // `with` in the trigger's own clause (not `…, which will increase interoperability with X`)
        let with = words
            .iter()
            .enumerate()
            .skip(trig)
            .take_while(|(k, w)| {
                *w != ";"
                    && !(*w == ","
                        && words.get(k + 1).is_some_and(|n| {
                            matches!(n.as_str(), "which" | "who" | "whereby" | "while")
                        }))
            })
            .find(|(_, w)| *w == "with")
            .map(|(k, _)| k);
        let by_after = (words.get(trig + 1).is_some_and(|w| w == "by")).then_some(trig + 1);
        // `a letter of intent signed in May to supply Orlin Steel with power`: with no `between`
        // and no `with` before it, the one supplied is the other side
        let supplied = between
            .is_none()
            .then(|| {
                (trig + 1..words.len().min(trig + 12)).find(|&j| {
                    words[j] == "to"
                        && with.is_none_or(|w| w > j)
                        && words.get(j + 1).is_some_and(|v| {
                            matches!(
                                v.as_str(),
                                "supply" | "provide" | "sell" | "deliver" | "furnish"
                            )
                        })
                })
            })
            .flatten()
            .map(|j| j + 1);
        let clause_start = self.clause_start();
        // tokens inside a name the knowledge base knows
        let mut list_ends = vec![0; self.toks.len()];
        for m in [between, on_behalf.map(|b| b + 2), with, by_after, supplied]
            .into_iter()
            .flatten()
        {
            list_ends[m] = name_list_end(words, &self.toks, self.text, &self.covered, m + 1);
        }
        Slots {
            between,
            on_behalf,
            with,
            by_after,
            supplied,
            clause_start,
            list_ends,
        }
    }

    /// Where the trigger's own clause starts (its subject's first token).
    fn clause_start(&self) -> usize {
        let (words, trig) = (&self.words, self.trig);
        // for a gerund (`in signing`), the subject is in its own clause
        if words[trig] == "signing" {
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
            // `arranged for X to sign`, `hosted X to sign`: the subject is X, after `for` or the
            // verb that brought the signers together
            (trig.saturating_sub(40)..trig - 1)
                .rev()
                .find(|&j| words[j] == "for" || NON_PARTY_MARKERS.contains(&words[j].as_str()))
                .map_or(0, |j| j + 1)
        } else {
            0
        }
    }

    /// Whether every name in a party slot, and the subject right before the verb, is a known
    /// entity.
    fn complete(&self, slots: &Slots) -> bool {
        let (words, toks, text, trig) = (&self.words, &self.toks, self.text, self.trig);
        let Slots {
            between,
            on_behalf,
            with,
            by_after,
            ..
        } = *slots;
        // a capitalised word in a party slot that names no known entity: a signer the list lacks
        // (not a short form in brackets, which repeats the name before it, nor a month)
        let mut bracketed = vec![false; toks.len()];
        let mut depth = 0usize;
        for (j, w) in words.iter().enumerate() {
            match w.as_str() {
                "(" => depth += 1,
                ")" => depth = depth.saturating_sub(1),
                _ => bracketed[j] = depth > 0,
            }
        }
        let unknown_name = |j: usize| {
            toks[j].word
                && !self.covered[j]
                && !bracketed[j]
                && toks[j].text(text).starts_with(char::is_uppercase)
                && !crate::kb::extract::STOPWORDS.contains(words[j].as_str())
                && !crate::base::dates::MONTHS
                    .iter()
                    .any(|m| m.name.eq_ignore_ascii_case(&words[j]))
        };
        let mut complete = [between, on_behalf.map(|b| b + 2), with, by_after]
            .into_iter()
            .flatten()
            .all(|m| !(m + 1..slots.list_ends[m]).any(unknown_name));
        // the subject right before the verb (`Velta Corp has signed`)
        if let Some(j) = (0..trig)
            .rev()
            .find(|&j| !trigger::SKIP_BEFORE.contains(&words[j].as_str()))
            && j >= slots.clause_start
            && unknown_name(j)
            // (`The MoU was reached`: the instrument, not a signer)
            && !INSTRUMENT_WORDS.contains(&words[j].as_str())
            && crate::kb::extract::lexicon::instrument_kind(&words[j]).is_none()
        {
            complete = false;
        }
        complete
    }

    /// Reads each mention of the sentence as a party (subject or in a party slot), the venue
    /// (a place, or a name after `at`) or neither.
    fn signers(&self, slots: &Slots) -> Signers {
        let (kb, words, trig) = (self.kb, &self.words, self.trig);
        let tok_index = |off: usize| {
            self.toks
                .iter()
                .position(|t| t.span.start >= off)
                .unwrap_or(self.toks.len())
        };
        // `We launched X with A and B and signed …`: names after an earlier `with` go with another
        // verb (not `together with`, `along with`)
        let earlier_with: Vec<(usize, usize)> = (slots.clause_start..trig)
            .filter(|&j| {
                words[j] == "with"
                    && !(j > 0 && matches!(words[j - 1].as_str(), "together" | "along"))
            })
            .map(|j| {
                (
                    j,
                    name_list_end(words, &self.toks, self.text, &self.covered, j + 1),
                )
            })
            .collect();
        let mut parties = Vec::new();
        let mut venue = None;
        let mut counterparts = Vec::new();
        for (span, entity) in self.ments {
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
            if self.modifies_or_describes(&span, e.kind, k, slots.clause_start) {
                continue;
            }
            let prev = if k > 0 { words[k - 1].as_str() } else { "" };
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
            let (party, after_with) = self.in_party_slot(k, slots, &earlier_with);
            if party {
                parties.push(entity);
                if after_with {
                    counterparts.push(entity);
                }
            }
        }
        Signers {
            parties,
            venue,
            counterparts,
        }
    }

    /// Whether the mention at `span` (a country, body or person at token `k`) is no signer: a
    /// credit or acronym in brackets, a speaker label, a possessor, outside the trigger's
    /// clause, a country word before a body or a name inside an apposition to the subject.
    fn modifies_or_describes(
        &self,
        span: &Range<usize>,
        kind: EntityKind,
        k: usize,
        clause_start: usize,
    ) -> bool {
        let (kb, text, words, trig) = (self.kb, self.text, &self.words, self.trig);
        let prev = if k > 0 { words[k - 1].as_str() } else { "" };
        // `(VNA)`, `(MOFA)`: credits and acronyms in brackets
        if prev == "(" {
            return true;
        }
        // `President Bounmy’s visit`: a possessive person modifies, does not sign;
        // `MR. KIRBY:` is a speaker label of a transcript
        let after = &text[span.end..];
        if after.starts_with(':') {
            return true;
        }
        // `Ardonia’s Ministry of Roads`: a possessor country modifies the body that signs
        if matches!(kind, EntityKind::Person | EntityKind::Country)
            && (after.starts_with("’s") || after.starts_with("'s"))
        {
            return true;
        }
        if k < clause_start {
            return true;
        }
        // `the Thai Ministry of Transport`, `Indonesian state-owned energy company Pertamina`:
        // a country word before a body (directly, or through lower-case describing words)
        // names the body's country, not a party of its own
        if kind == EntityKind::Country
            && self.ments.iter().any(|(r, o)| {
                r.start > span.end && kb.entities[*o].kind == EntityKind::Organization && {
                    let gap = &text[span.end..r.start];
                    gap.trim().is_empty()
                        || (gap.split_whitespace().count() <= 4
                            && gap.split_whitespace().all(|w| {
                                w.chars().all(|c| c.is_lowercase() || c == '-')
                                    && !matches!(w, "and" | "or" | "with" | "of" | "to")
                            }))
                }
            })
        {
            return true;
        }
        // `GreenFire, a developer and Ardonia Fund participant, signed`: an apposition
        // describes the subject; the names in it do not sign
        if k < trig
            && let Some(open) = (clause_start..k).rev().find(|&j| {
                words[j] == "," && matches!(words.get(j + 1).map(String::as_str), Some("a" | "an"))
            })
            && !(open + 1..k).any(|j| words[j] == ",")
            && (k..trig).any(|j| words[j] == ",")
        {
            return true;
        }
        false
    }

    /// Whether the name at token `k` signs (the subject before the verb, or in a party slot
    /// after it), and whether it is named after `with`.
    fn in_party_slot(
        &self,
        k: usize,
        slots: &Slots,
        earlier_with: &[(usize, usize)],
    ) -> (bool, bool) {
        let (words, trig) = (&self.words, self.trig);
        let clause_start = slots.clause_start;
        let in_subject = k < trig
            && !(clause_start..k).any(|j| {
                j >= 1
                    && NON_PARTY_MARKERS.contains(&words[j].as_str())
                    && j > slots.between.unwrap_or(usize::MAX).min(k)
            });
        let blocked_subject =
            (clause_start..k).any(|j| NON_PARTY_MARKERS.contains(&words[j].as_str()));
        // the names right after `between`, `on behalf of`, `with` and `by` (a coordinated
        // list: `with the Philippines and Singapore`), not later words of the sentence
        let in_list = |m: Option<usize>| m.is_some_and(|m| k > m && k < slots.list_ends[m]);
        let after_between = in_list(slots.between);
        let after_behalf = in_list(slots.on_behalf.map(|b| b + 2));
        let after_with = in_list(slots.with);
        let after_by = in_list(slots.by_after);
        let after_supplied = in_list(slots.supplied);
        let after_trigger_marker =
            (trig..k).any(|j| NON_PARTY_MARKERS.contains(&words[j].as_str()));
        // passive (`the pact signed by X`, `was signed by X`): the agent follows `by`
        let in_subject = in_subject
            && slots.by_after.is_none()
            && !earlier_with.iter().any(|&(w, end)| k > w && k < end);
        let party = (in_subject && !blocked_subject)
            || ((after_between || after_behalf || after_with || after_by || after_supplied)
                && !after_trigger_marker);
        (party, after_with)
    }

    /// Replaces leaders who welcome a signing by their countries and governments by their
    /// country.
    fn parties_for_signers(&self, parties: &mut Vec<usize>) {
        let (kb, words, trig) = (self.kb, &self.words, self.trig);
        // `President A and President B welcome the signing of …`: the leaders did not sign it
        // themselves; their countries are the parties
        let welcomed = words[trig] == "signing"
            && (trig.saturating_sub(3)..trig).any(|j| words[j].starts_with("welcom"));
        if welcomed {
            *parties = parties
                .iter()
                .filter_map(|&p| match kb.entities[p].kind {
                    EntityKind::Person => kb.entities[p].country,
                    _ => Some(p),
                })
                .collect();
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
    }
}

/// A folded word that says what an instrument is about: not a function word, a number or a
/// word of no content (`deepen`, `cooperation`).
pub(super) fn topic_word(w: &str) -> bool {
    w.len() > 3
        && w.chars().all(char::is_alphabetic)
        && !crate::kb::extract::STOPWORDS.contains(w)
        && !crate::kb::extract::lexicon::TOPIC_FILLER.contains(&w)
}

/// Where the list of names that starts at token `from` ends: names (known or capitalised),
/// joined by `and`, commas and `&`, with articles and descriptive words before a name
/// (`Vietnam-based`, `the Philippine steel company`); a function word or the end of the
/// sentence ends it.
fn name_list_end(
    words: &[String],
    toks: &[Token],
    text: &str,
    covered: &[bool],
    from: usize,
) -> usize {
    const GLUE: &[&str] = &[
        "and", ",", "&", "the", "both", "a", "an", "its", "their", "his", "her", "our", "’s", "'s",
    ];
    let name_at = |j: usize| {
        covered[j]
            || toks[j]
                .text(text)
                .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    };
    let mut j = from;
    let mut last_name = from;
    // where the list stood before its last comma
    let mut before_comma = from;
    while j < toks.len() {
        let w = words[j].as_str();
        if name_at(j) {
            j += 1;
            last_name = j;
            continue;
        }
        if GLUE.contains(&w) {
            if w == "," {
                before_comma = last_name;
            }
            j += 1;
            continue;
        }
        // `on behalf of the government, the Ministry said`: the last name speaks, it is no
        // part of the list
        if NON_PARTY_MARKERS.contains(&w) && before_comma > from {
            return before_comma;
        }
        // a complement of the name before (`the Law Department under the Ministry of Foreign
        // Affairs of Laos, the …`)
        if j > from
            && matches!(w, "under" | "of" | "within")
            && (name_at(j + 1).then_some(()))
                .or_else(|| {
                    (words.get(j + 1).is_some_and(|n| n == "the")
                        && j + 2 < toks.len()
                        && name_at(j + 2))
                    .then_some(())
                })
                .is_some()
        {
            j += 1;
            continue;
        }
        // a short form in brackets after a name: `the Ministry of Defense (MINDEF) and …`
        if w == "("
            && let Some(close) = (j + 1..(j + 5).min(toks.len())).find(|&c| words[c] == ")")
        {
            j = close + 1;
            continue;
        }
        // a lower-case describer before a name (`state-owned energy company Pertamina`)
        let plain = toks[j].word
            && w.chars().all(|c| c.is_alphabetic() || c == '-')
            && !crate::kb::extract::STOPWORDS.contains(w);
        if plain && (j + 1..(j + 4).min(toks.len())).any(name_at) {
            j += 1;
            continue;
        }
        break;
    }
    last_name
}

/// `the two sides`: the article's two leading bodies and countries; `we signed`, `our two
/// countries`: its two leading countries. Adds them to `parties` (sentence `s` of article `a`,
/// trigger at `trigger_at`), each once.
pub(super) fn add_sides(
    kb: &Sources,
    a: usize,
    s: Range<usize>,
    trigger_at: usize,
    parties: &mut Vec<usize>,
    counterparts: &[usize],
) {
    let text = &kb.articles[a].text;
    let before_trigger = &text[s.start..trigger_at.max(s.start)];
    if parties.len() < 2 && TWO_SIDES.is_match(&text[s.clone()]) {
        parties.extend(leading(kb, a, EntityKind::Organization, 2));
        parties.extend(leading(kb, a, EntityKind::Country, 2));
    } else if parties.iter().all(|p| counterparts.contains(p)) && WE.is_match(before_trigger) {
        // the speakers: the countries the page's title names (`Joint Declaration by the Prime
        // Minister of X and the Prime Minister of Y`), else its leading ones; with a
        // counterpart (`we signed … with X`), only the speaker's own
        let mut ours = title_countries(kb, a);
        for c in leading(kb, a, EntityKind::Country, 2) {
            if !ours.contains(&c) {
                ours.push(c);
            }
        }
        ours.retain(|c| !counterparts.contains(c));
        let n = if counterparts.is_empty() { 2 } else { 1 };
        parties.extend(ours.into_iter().take(n));
    }
    let mut seen = std::collections::HashSet::new();
    parties.retain(|p| seen.insert(*p));
}

/// The countries article `a`'s title names as actors, in order, each once: not one that
/// only places something (`… in Kuala Lumpur, Malaysia`, `in Laos`).
pub(super) fn title_countries(kb: &Sources, a: usize) -> Vec<usize> {
    let art = &kb.articles[a];
    let Some(title) = art.layout.title.clone() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in kb.mentions_in(a, title.clone()) {
        if kb.entities[m.entity].kind != EntityKind::Country || out.contains(&m.entity) {
            continue;
        }
        let before = art.text[title.start..m.span.start].trim_end();
        let placing = before.ends_with(',')
            || before.ends_with(" in")
            || before.ends_with(" to")
            || before.ends_with(" from");
        if !placing {
            out.push(m.entity);
        }
    }
    out
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
pub(super) fn instrument_words(
    words: &[String],
    toks: &[Token],
    text: &str,
    term_acronyms: &[(String, String)],
) -> Option<String> {
    instrument_words_at(words, toks, text, term_acronyms, 0, &[]).map(|(w, _)| w)
}

/// `instrument_words` with the phrase's byte range in the text; the first phrase from token
/// `after` on wins (the verb's object), else the longest.
fn instrument_words_at(
    words: &[String],
    toks: &[Token],
    text: &str,
    term_acronyms: &[(String, String)],
    after: usize,
    in_name: &[bool],
) -> Option<(String, Range<usize>)> {
    let (k, len) = instrument_phrase(words, after, in_name)?;
    let end = k + len;
    let k = with_modifiers(words, toks, text, k, end);
    let at = toks[k].span.start..toks[end - 1].span.end;
    let phrase = text[at.clone()].to_string();
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
            return Some((long.clone(), at));
        }
    }
    Some((phrase, at))
}

/// The instrument phrase of `words` (first token, length) outside names: the first from token
/// `after` on (when `after` > 0), else the longest.
fn instrument_phrase(words: &[String], after: usize, in_name: &[bool]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut first_after: Option<(usize, usize)> = None;
    // the instrument phrases split into words once, not per word of every sentence
    static PARTS: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
        INSTRUMENT_WORDS
            .iter()
            .map(|iw| iw.split(' ').collect())
            .collect()
    });
    for k in 0..words.len() {
        for parts in PARTS.iter() {
            if k + parts.len() <= words.len()
                && parts.iter().enumerate().all(|(j, p)| words[k + j] == *p)
                && !in_name.get(k).copied().unwrap_or(false)
            {
                let len = parts.len();
                if best.is_none_or(|(_, l)| len > l) {
                    best = Some((k, len));
                }
                if after > 0 && k >= after && first_after.is_none_or(|(k0, l)| k0 == k && len > l) {
                    first_after = Some((k, len));
                }
            }
        }
    }
    first_after.or(best)
}

/// Where an instrument phrase at tokens `k..end` starts with its modifiers: capitalised words
/// before a capitalised phrase (not an article opening it), else up to two lower-case
/// describing words.
fn with_modifiers(words: &[String], toks: &[Token], text: &str, mut k: usize, end: usize) -> usize {
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
        // `The MoU` at a sentence start: the article is no part of the instrument
        while k + 1 < end && matches!(words[k].as_str(), "the" | "a" | "an" | "this" | "that") {
            k += 1;
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
    k
}

#[cfg(test)]
mod tests {
    use super::super::stage_tests::{kb, names};
    use crate::base::dates::date_bounds;

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
        assert_eq!(kb.events[0].date_from, super::super::DateFrom::Clause);
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

    fn party_names(text: &str) -> Vec<String> {
        let kb = kb(text);
        assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
        names(&kb, 0)
    }

    #[test]
    fn the_names_after_with_end_at_the_first_function_word() {
        assert_eq!(
            party_names(
                "Bridges\ndate 2024-03-04\n\nKestrel Holdings Ltd signed a memorandum of understanding with the Ministry of Roads of Laos to build bridges for farmers in Thailand on 2 March 2024.\n"
            ),
            vec!["Kestrel Holdings Ltd", "Ministry of Roads (Laos)"]
        );
        // `with` in another clause names no signer
        assert_eq!(
            party_names(
                "Rivers\ndate 2024-03-04\n\nSince Laos and Cambodia signed the Kestrel River Accord in 2014, the ministry has spent more on boats, which will help cooperation with Thailand.\n"
            ),
            vec!["Cambodia", "Laos"]
        );
    }

    #[test]
    fn the_names_after_between_keep_short_forms_and_complements() {
        assert_eq!(
            party_names(
                "Water memorandum\ndate 2024-03-04\n\nThe MoU was signed between the Water Department under the Ministry of Agriculture of Laos, the Ardonia Development Agency (ADA) and the Belmark Institute for Rivers (BIR) on 2 March 2024.\n"
            ),
            vec![
                "Ardonia Development Agency",
                "Belmark Institute for Rivers",
                "Laos",
                "Water Department (Laos)"
            ]
        );
    }

    #[test]
    fn those_hosted_to_sign_are_the_signers() {
        assert_eq!(
            party_names(
                "Accord\ndate 2024-03-04\n\nOfficials of the bank hosted the Prime Ministers of Laos and Cambodia to sign the Mekong Water Accord on 2 March 2024.\n"
            ),
            vec!["Cambodia", "Laos"]
        );
    }

    #[test]
    fn leaders_welcoming_a_signing_stand_for_their_countries() {
        assert_eq!(
            party_names(
                "Work plan\ndate 2024-03-04\n\nLao President Anan Sorn and Thai Prime Minister Bela Tomas welcomed the signing of a work plan on river safety on 2 March 2024.\n"
            ),
            vec!["Laos", "Thailand"]
        );
    }

    #[test]
    fn an_apposition_and_a_describing_demonym_sign_nothing() {
        assert_eq!(
            party_names(
                "Turbines\ndate 2024-03-04\n\nVelta Energy Ltd, a turbine maker and Ardonia Fund participant, signed a letter of intent with the Ministry of Energy of Laos on 2 March 2024.\n"
            ),
            vec!["Ministry of Energy (Laos)", "Velta Energy Ltd"]
        );
        assert_eq!(
            party_names(
                "Power deal\ndate 2024-03-04\n\nVelta Energy Ltd and Lao state-owned power company Norlao Power Company signed a supply agreement on 2 March 2024.\n"
            ),
            vec!["Norlao Power Company", "Velta Energy Ltd"]
        );
    }

    #[test]
    fn we_are_the_countries_the_title_names() {
        assert_eq!(
            party_names(
                "Joint Declaration by the Prime Minister of Laos and the Prime Minister of Cambodia on their meeting in Hanoi, Vietnam\ndate 2024-03-04\n\nVietnam and Vietnam hosted talks. Vietnam welcomed everyone to Vietnam.\n\nWe signed the Terms of Reference on a river observer team on 2 March 2024.\n"
            ),
            vec!["Cambodia", "Laos"]
        );
    }

    #[test]
    fn plural_agreements_with_two_partners_are_two_signings() {
        let kb = kb(
            "Laos and its partners\ndate 2024-03-04\n\nWe launched the Mekong Water Partnership with Thailand and signed Peaceful River Agreements with both Cambodia and Vietnam on 2 March 2024.\n",
        );
        assert_eq!(kb.events.len(), 2, "{:?}", kb.events);
        assert_eq!(names(&kb, 0), vec!["Cambodia", "Laos"]);
        assert_eq!(names(&kb, 1), vec!["Laos", "Vietnam"]);
        assert_eq!(kb.events[0].agreement, None);
    }

    #[test]
    fn the_verbs_object_is_the_instrument_not_a_later_named_one() {
        let kb = kb(
            "Trade\ndate 2024-12-02\n\nIn November 2024, Laos signed a Memorandum of Understanding with Thailand establishing the Mekong Commerce Partnership.\n",
        );
        assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
        assert_eq!(kb.events[0].instrument, "Memorandum of Understanding");
        assert_eq!(kb.events[0].agreement, None);
    }

    #[test]
    fn a_speaker_after_the_list_is_no_party_and_a_passive_keeps_its_instrument() {
        assert_eq!(
            party_names(
                "Convention\ndate 2024-03-04\n\nMinister Anan Sorn signed the Kestrel Convention on behalf of the Lao government, the Ministry of Foreign Affairs said on 2 March 2024.\n"
            ),
            vec!["Anan Sorn", "Laos"]
        );
        let kb = kb(
            "Water\ndate 2024-03-04\n\nThe MoU was reached between the Convention and Law Department of Laos and the Ardonia Development Agency on 2 March 2024.\n",
        );
        assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
        assert_eq!(kb.events[0].instrument, "MoU");
    }
}
