//! Signing events: who signed what with whom, when and where. A sentence tells of a signing
//! when it has a trigger (`signed`, `inked`, `was reached between`...) and an instrument (a
//! named agreement or an instrument word); parties come from `between X and Y`, the subject
//! before the trigger, `with Y`, `by X` and `on behalf of X`; a body implies its country.
//! The same signing told twice is one event with several sources.
//!
//! Stages, one file each: `trigger` (which word reports a signing, and look-alikes that do
//! not), `parties` (the clause: instrument and parties, `signing_clause`), `time` (the date:
//! the clause's own first, `signing_date`), the place (here) and `merge` (only signings whose
//! instrument, parties and dates agree).

mod merge;
mod parties;
mod time;
pub mod trigger;

use merge::merge;
use parties::instrument_words;
pub use parties::{Clause, signing_clause};

use crate::base::dates::DateMention;
use crate::base::text::fold;
use crate::corpus::Article;
use crate::kb::extract::ArticleFacts;
use crate::kb::extract::lexicon::instrument_kind;
use crate::kb::extract::tokens::tokenize;
use crate::kb::model::{Entity, EntityKind, Mention};
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
    /// Every signer the text names is among `parties` (none is a name the knowledge base
    /// lacks); only then can a note's party be said to be missing.
    #[serde(default = "yes")]
    pub complete: bool,
    /// What a generic instrument is about (`critical`, `minerals`), when the text says.
    #[serde(default)]
    pub topic: Vec<String>,
}

fn yes() -> bool {
    true
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

/// Stems of every trigger word, matched case-insensitively, to skip sentences quickly.
static TRIGGER_STEMS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "sign", "ink", "conclud", "ratif", "reached", "entered", "DONE", "Done",
        ])
        .expect("fixed patterns")
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
    pub articles: &'a crate::kb::Table<Article>,
    pub facts: &'a crate::kb::Table<ArticleFacts>,
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

/// The signings article `a` tells of, sentence by sentence.
fn article_events(kb: &Sources, a: usize) -> Vec<Event> {
    let art = &kb.articles[a];
    let page = Page {
        kb,
        a,
        text: &art.text,
        facts: &kb.facts[a],
        title: art.layout.title.clone().unwrap_or(0..0),
    };
    let (text, facts) = (page.text, page.facts);
    let mut out = Vec::new();
    for (si, s) in facts.sentences.iter().enumerate() {
        // most sentences tell of no signing: a cheap look for trigger stems first
        if !TRIGGER_STEMS.is_match(&text[s.clone()]) {
            continue;
        }
        let ments: Vec<(Range<usize>, usize)> = kb
            .mentions_in(a, s.clone())
            .map(|m| (m.span.clone(), m.entity))
            .collect();
        let Some(mut clause) = signing_clause(kb, text, s.clone(), &ments, &facts.term_acronyms)
        else {
            continue;
        };
        if clause.formal && !page.read_document(s, &mut clause) {
            continue;
        }
        parties::add_sides(
            kb,
            a,
            s.clone(),
            clause.trigger_at,
            &mut clause.parties,
            &clause.counterparts,
        );
        let implied = page.implied_parties(s, &mut clause);
        page.sentence_events(si, &ments, clause, implied, &mut out);
    }
    out
}

/// An article read for signings: the knowledge base's sources, the article's index, text,
/// facts and headline.
struct Page<'a> {
    kb: &'a Sources<'a>,
    a: usize,
    text: &'a str,
    facts: &'a ArticleFacts,
    title: Range<usize>,
}

impl Page<'_> {
    /// Whether `r` is a non-empty range inside the headline.
    fn in_title(&self, r: &Range<usize>) -> bool {
        r.start >= self.title.start && r.end <= self.title.end && r.start < r.end
    }

    /// Completes a treaty's closing (sentence `s`) from the document: its instrument and
    /// parties from its title or first sentence, the signatories under it; false when no
    /// instrument is found.
    fn read_document(&self, s: &Range<usize>, clause: &mut Clause) -> bool {
        let (kb, a) = (self.kb, self.a);
        // a treaty's closing: the document's own instrument and parties, from its title
        // (else its first sentence: `The Government of X and the Government of Y`)
        let head_sent = (!self.title.is_empty())
            .then(|| self.title.clone())
            .or_else(|| {
                self.facts
                    .sentences
                    .iter()
                    .find(|l| !self.in_title(l))
                    .cloned()
            });
        if let Some(h) = head_sent {
            let hm: Vec<(Range<usize>, usize)> = kb
                .mentions_in(a, h.clone())
                .map(|m| (m.span.clone(), m.entity))
                .collect();
            self.instrument_from_head(&h, &hm, clause);
            if clause.parties.is_empty() {
                for (_, e) in &hm {
                    let ent = &kb.entities[*e];
                    let p = match ent.kind {
                        EntityKind::Country => Some(*e),
                        EntityKind::Organization if fold(&ent.name).starts_with("government") => {
                            ent.country
                        }
                        EntityKind::Organization => Some(*e),
                        _ => None,
                    };
                    if let Some(p) = p
                        && !clause.parties.contains(&p)
                    {
                        clause.parties.push(p);
                    }
                }
            }
        }
        if clause.instrument.is_empty() {
            return false;
        }
        // the signature block under the closing: the people who signed, each for a party
        for p in signatories(kb, a, s.end) {
            if !clause.parties.contains(&p) {
                clause.parties.push(p);
            }
        }
        true
    }

    /// A treaty's instrument from the document's head sentence `h` (its mentions `hm`): an
    /// agreement named there, the title's own name, else instrument words.
    fn instrument_from_head(
        &self,
        h: &Range<usize>,
        hm: &[(Range<usize>, usize)],
        clause: &mut Clause,
    ) {
        let (kb, text) = (self.kb, self.text);
        if clause.agreement.is_none()
            && let Some(&(_, e)) = hm
                .iter()
                .find(|(_, e)| kb.entities[*e].kind == EntityKind::Agreement)
        {
            clause.agreement = Some(e);
            clause.instrument = kb.entities[e].name.clone();
            clause.head = instrument_head(&clause.instrument);
        }
        // the document's own name (`Agreement Between X and Y on Z`) names the instrument,
        // and the agreement the corpus knows as `Agreement on Z`, if it does
        if clause.agreement.is_none() && self.in_title(h) {
            let name = text[h.clone()].trim();
            if instrument_head(name) == clause.head || clause.instrument.is_empty() {
                clause.head = instrument_head(name);
                clause.instrument = name.to_string();
                clause.topic = title_topic(name);
                clause.agreement = without_parties(name).and_then(|short| {
                    let key = fold(&short);
                    kb.entities
                        .iter()
                        .position(|e| e.kind == EntityKind::Agreement && fold(&e.name) == key)
                });
            }
        }
        if clause.instrument.is_empty() {
            let toks = tokenize(text, h.clone());
            let words: Vec<String> = toks.iter().map(|t| t.text(text).to_lowercase()).collect();
            if let Some(i) = instrument_words(&words, &toks, text, &self.facts.term_acronyms) {
                clause.head = instrument_head(&i);
                clause.instrument = i;
            }
        }
    }

    /// `Since signing the Kestrel Accord in 2014, …` on a page about two countries' ties: the
    /// signing names no signer; the page's two countries are implied, at low confidence.
    /// Whether they were.
    fn implied_parties(&self, s: &Range<usize>, clause: &mut Clause) -> bool {
        let (text, trigger_at) = (self.text, clause.trigger_at);
        let gerund_opening = text[trigger_at..]
            .get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case("signing"))
            && {
                let before = text[s.start..trigger_at].trim().to_lowercase();
                let last = before
                    .rsplit(|c: char| !c.is_alphanumeric())
                    .find(|w| !w.is_empty());
                matches!(last, Some("since" | "after" | "upon"))
            };
        if clause.parties.is_empty() && clause.agreement.is_some() && gerund_opening {
            let two = parties::title_countries(self.kb, self.a);
            if two.len() == 2 {
                clause.parties = two;
                return true;
            }
        }
        false
    }

    /// The events of sentence `si` (its mentions `ments`) read as `clause`: dated, placed and
    /// rated, one per agreement with its own date and per counterpart of plural instruments.
    fn sentence_events(
        &self,
        si: usize,
        ments: &[(Range<usize>, usize)],
        clause: Clause,
        implied: bool,
        out: &mut Vec<Event>,
    ) {
        let (a, text, facts) = (self.a, self.text, self.facts);
        let sents = &facts.sentences;
        let s = &sents[si];
        // the date: the clause's own (for a formal closing, its `DONE at …` line), else a
        // day-precise one in the two sentences before, else the page's
        let appositives = self.appositives(s, ments);
        let own = appositives
            .iter()
            .find(|(e, _, _)| Some(*e) == clause.agreement)
            .map(|(_, d, _)| *d);
        let (date, date_from, date_sentence) = self.date(si, clause.formal, clause.trigger_at, own);
        let place = self.place(clause.venue, date_sentence, si);
        // a generic instrument with nobody signing it tells too little to be an event
        if clause.parties.is_empty() && clause.agreement.is_none() {
            return;
        }
        // a ratification tells that the agreement was signed, not when
        let ratified = text
            .get(clause.trigger_at..clause.trigger_at + 5)
            .is_some_and(|w| w.eq_ignore_ascii_case("ratif"));
        let confidence = confidence(
            clause.parties.len(),
            clause.agreement.is_some(),
            clause.formal,
            date_from == DateFrom::Page || ratified || implied,
        );
        // the other agreements of the sentence signed at their own dates, by the same parties
        if !clause.parties.is_empty() {
            for (e, d, _) in appositives
                .iter()
                .filter(|(e, _, _)| Some(*e) != clause.agreement)
            {
                out.push(self.appositive_event(
                    *e,
                    d,
                    source_span(&appositives, s, Some(*e)),
                    &clause.parties,
                    clause.complete,
                ));
            }
        }
        let ev = Event {
            kind: "signing",
            instrument: clause.instrument,
            agreement: clause.agreement,
            parties: clause.parties,
            date,
            place,
            sources: vec![Source {
                article: a,
                span: source_span(&appositives, s, clause.agreement),
            }],
            head: clause.head,
            date_from,
            date_evidence: date_sentence.map(|j| Source {
                article: a,
                span: sents[j].clone(),
            }),
            confidence,
            complete: clause.complete,
            topic: clause.topic,
        };
        push_per_counterpart(out, ev, &clause.counterparts);
    }

    /// `X, signed in 1966, and Y, signed in 2002`: each named agreement of sentence `s` (its
    /// mentions `ments`) with its own date, and the span from its name to that date.
    fn appositives(
        &self,
        s: &Range<usize>,
        ments: &[(Range<usize>, usize)],
    ) -> Vec<Appositive<'_>> {
        ments
            .iter()
            .filter(|(_, e)| self.kb.entities[*e].kind == EntityKind::Agreement)
            .filter_map(|(r, e)| {
                time::appositive_date(self.text, r.end, s.end, &self.facts.dates)
                    .map(|d| (*e, d, r.start..d.span.end))
            })
            .collect()
    }

    /// The signing of agreement `e` at its own date `d` (written at `span`), by `parties`.
    fn appositive_event(
        &self,
        e: usize,
        d: &DateMention,
        span: Range<usize>,
        parties: &[usize],
        complete: bool,
    ) -> Event {
        let name = self.kb.entities[e].name.clone();
        Event {
            kind: "signing",
            head: instrument_head(&name),
            instrument: name,
            agreement: Some(e),
            parties: parties.to_vec(),
            date: Some(d.clone()),
            place: None,
            sources: vec![Source {
                article: self.a,
                span: span.clone(),
            }],
            date_from: DateFrom::Clause,
            date_evidence: Some(Source {
                article: self.a,
                span,
            }),
            confidence: Confidence::High,
            complete,
            topic: Vec::new(),
        }
    }

    /// Where the signing of sentence `si` took place: its venue, else a place named in the
    /// sentence that gave its date, else the dateline's.
    fn place(
        &self,
        venue: Option<usize>,
        date_sentence: Option<usize>,
        si: usize,
    ) -> Option<usize> {
        let (kb, a) = (self.kb, self.a);
        venue
            .or_else(|| {
                date_sentence.filter(|&j| j != si).and_then(|j| {
                    kb.mentions_in(a, self.facts.sentences[j].clone())
                        .find(|m| kb.entities[m.entity].kind == EntityKind::Place)
                        .map(|m| m.entity)
                })
            })
            .or_else(|| dateline_place(kb, a))
    }

    /// The date of the signing in sentence `si` (trigger at `trigger_at`, `own` the date
    /// written with its agreement), where it comes from and the sentence that gave it.
    fn date(
        &self,
        si: usize,
        formal: bool,
        trigger_at: usize,
        own: Option<&DateMention>,
    ) -> (Option<DateMention>, DateFrom, Option<usize>) {
        let s = &self.facts.sentences[si];
        let (mut date, mut date_from, mut date_sentence) =
            time::signing_date(self.text, self.facts, &self.title, si, formal, own);
        // `X has signed the accord`: the perfect tells that it was signed, not when; a date in
        // a sentence nearby is not its date
        let before_trigger = self.text[s.start..trigger_at].trim_end().to_lowercase();
        let perfect = before_trigger
            .rsplit(|c: char| !c.is_alphabetic())
            .find(|w| !w.is_empty() && !w.ends_with("ly") && *w != "also" && *w != "now")
            .is_some_and(|w| matches!(w, "has" | "have"));
        if perfect && date_from == DateFrom::Nearby {
            (date, date_from, date_sentence) = (None, DateFrom::None, None);
        }
        (date, date_from, date_sentence)
    }
}

/// How sure a signing is, from its number of parties, whether it names its agreement, is a
/// formal closing, or is `weak` (dated only by the page, a ratification, implied parties).
fn confidence(parties: usize, named: bool, formal: bool, weak: bool) -> Confidence {
    if parties == 0 || weak {
        Confidence::Low
    } else if parties >= 2 || named || formal {
        Confidence::High
    } else {
        Confidence::Medium
    }
}

/// A named agreement of a sentence with the date written after it (`X, signed in 1966`) and
/// the span from its name to that date.
type Appositive<'d> = (usize, &'d DateMention, Range<usize>);

/// The source span of the signing of `e` in sentence `s`: with several `X, signed in …`, each
/// signing's own, else the sentence.
fn source_span(appositives: &[Appositive], s: &Range<usize>, e: Option<usize>) -> Range<usize> {
    appositives
        .iter()
        .find(|x| Some(x.0) == e && appositives.len() > 1)
        .map_or(s.clone(), |x| x.2.clone())
}

/// Adds `ev` to `out`; `signed … Agreements with X and Y`: one signing with each counterpart.
fn push_per_counterpart(out: &mut Vec<Event>, ev: Event, counterparts: &[usize]) {
    let plural = ev
        .instrument
        .rsplit(' ')
        .next()
        .map(|w| w.to_lowercase())
        .is_some_and(|w| {
            w.ends_with('s')
                && instrument_kind(&w).is_some()
                && instrument_kind(&w[..w.len() - 1]).is_some()
        });
    if plural && counterparts.len() >= 2 {
        let ours: Vec<usize> = ev
            .parties
            .iter()
            .copied()
            .filter(|p| !counterparts.contains(p))
            .collect();
        for &c in counterparts {
            let mut each = ev.clone();
            each.parties = ours.clone();
            each.parties.push(c);
            out.push(each);
        }
    } else {
        out.push(ev);
    }
}

/// The people named in the signature block after a treaty's closing at `from`: the short
/// lines that follow it (`For the Government of …:`, names, offices), up to the first line of
/// prose.
fn signatories(kb: &Sources, a: usize, from: usize) -> Vec<usize> {
    let text = &kb.articles[a].text;
    let mut end = from;
    let mut lines = 0;
    for line in text[from..].split_inclusive('\n').skip(1) {
        let words = line.split_whitespace().count();
        if words > 10 || lines >= 12 {
            break;
        }
        lines += usize::from(words > 0);
        end += line.len();
    }
    // (the closing's own line is skipped above)
    let block = text[from..].find('\n').map_or(end, |n| from + n)..end.max(from);
    let mut out = Vec::new();
    for m in kb.mentions_in(a, block) {
        if kb.entities[m.entity].kind == EntityKind::Person && !out.contains(&m.entity) {
            out.push(m.entity);
        }
    }
    out
}

/// What an official title says its instrument is about: the content words after `Concerning`,
/// `on`, `regarding` or `relating to` (`… Concerning Cooperation to Diversify Critical Minerals
/// Supply Chains` → `diversify`, `critical`, `minerals`, …).
fn title_topic(title: &str) -> Vec<String> {
    let words: Vec<String> = title.split_whitespace().map(fold).collect();
    let Some(from) = words
        .iter()
        .position(|w| matches!(w.as_str(), "concerning" | "regarding" | "relating" | "on"))
    else {
        return Vec::new();
    };
    words[from + 1..]
        .iter()
        .filter(|w| parties::topic_word(w))
        .cloned()
        .collect()
}

/// An official title without its parties: `Agreement Between Ardonia and Belmark on Water
/// Sharing` → `Agreement on Water Sharing`. None when the title names no parties.
fn without_parties(title: &str) -> Option<String> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let b = words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("between"))?;
    let subject = (b + 2..words.len()).find(|&k| {
        matches!(
            words[k].to_lowercase().as_str(),
            "on" | "concerning" | "regarding" | "relating" | "for"
        )
    })?;
    (b > 0).then(|| format!("{} {}", words[..b].join(" "), words[subject..].join(" ")))
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

#[cfg(test)]
mod tests {
    use crate::base::dates::date_bounds;
    use crate::kb::KnowledgeBase;
    use crate::kb::gazetteer::Gazetteer;
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
    fn companies_sign_and_the_one_supplied_is_the_other_side() {
        let kb = kb(
            "Deals\ndate 2024-03-04\n\nVelmora Currency has signed an MoU with Orlin Polymer Co. Ltd. to print notes.\n\n7K concluded an agreement with the Thai Ministry of Transport to improve safety.\n\nTarvo Energy Inc. is implementing a letter of intent signed in February 2024 to supply Ardonian steel company Kestrel Steel Corporation with power.\n\nThe deal signed between Velmora and Orlin Airlines covers 50 jets.\n",
        );
        let mut got: Vec<(String, Vec<String>)> = (0..kb.events.len())
            .map(|i| (kb.events[i].instrument.clone(), parties(&kb, i)))
            .collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                (
                    "MoU".into(),
                    vec!["Velmora Currency".into(), "Orlin Polymer Co. Ltd".into()]
                ),
                (
                    "agreement".into(),
                    vec!["7K".into(), "Ministry of Transport (Thailand)".into()]
                ),
                (
                    "deal".into(),
                    vec!["Velmora".into(), "Orlin Airlines".into()]
                ),
                (
                    "letter of intent".into(),
                    vec![
                        "Tarvo Energy Inc".into(),
                        "Kestrel Steel Corporation".into()
                    ]
                ),
            ]
        );
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
pub(super) mod stage_tests {
    //! One test per event rule, on sentences written for them with invented names (the rules
    //! of one stage are tested in its file).
    use crate::base::dates::date_bounds;
    use crate::kb::KnowledgeBase;
    use crate::kb::gazetteer::Gazetteer;
    use std::path::{Path, PathBuf};

    pub(super) fn kb(text: &str) -> KnowledgeBase {
        kb_of(&[text])
    }

    /// A corpus of several articles, `/c/a.txt`, `/c/b.txt`, …
    pub(super) fn kb_of(texts: &[&str]) -> KnowledgeBase {
        KnowledgeBase::from_texts(
            texts
                .iter()
                .enumerate()
                .map(|(n, t)| {
                    let name = format!("/c/{}.txt", (b'a' + n as u8) as char);
                    (PathBuf::from(name), t.to_string())
                })
                .collect(),
            Path::new("/c"),
            Gazetteer::builtin(),
        )
    }

    pub(super) fn names(kb: &KnowledgeBase, i: usize) -> Vec<String> {
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
    fn an_official_title_names_the_agreement_the_corpus_knows() {
        assert_eq!(
            super::without_parties(
                "Agreement Between Ardonia and the Kingdom of Belmark on River Transport"
            ),
            Some("Agreement on River Transport".to_string())
        );
        assert_eq!(super::without_parties("Agreement on River Transport"), None);
        let kb = kb_of(&[
            "Agreement Between Cambodia and Laos on River Transport\ndate 2024-03-04\n\nArticle 1. The Parties shall cooperate.\n\nDONE in duplicate at Vientiane, on 2 March 2024.\n",
            "Boats and roads\ndate 2024-03-05\n\nOfficials said the Agreement on River Transport would open three ports to barges from next year.\n",
        ]);
        assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
        let a = kb.events[0].agreement.expect("the agreement entity");
        assert_eq!(kb.entities[a].name, "Agreement on River Transport");
        assert_eq!(names(&kb, 0), vec!["Cambodia", "Laos"]);
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
    fn the_signature_block_gives_the_signatories() {
        let kb = kb_of(&[
            "Agreement Between Cambodia and Laos on River Transport\ndate 2024-03-04\n\nArticle 1. The Parties shall cooperate.\n\nDONE in duplicate at Vientiane, on 2 March 2024.\n\nFor the Government of Cambodia: For the Government of Laos:\n\nDara Kemsan Vilay Sounthala\n\nMinister of Transport Minister of Public Works\n\n[1] For greater certainty, a port in this Agreement includes every landing stage on the river banks of both countries.\n\nKeo Pich\n",
            "Ministers meet\ndate 2024-03-01\n\nTransport Minister Dara Kemsan met Public Works Minister Vilay Sounthala and Minister Keo Pich in Vientiane on Friday.\n",
        ]);
        assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
        assert_eq!(
            names(&kb, 0),
            vec!["Cambodia", "Dara Kemsan", "Laos", "Vilay Sounthala"]
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

    #[test]
    fn a_signing_with_no_signer_on_a_page_about_two_countries_implies_them() {
        let kb = kb(
            "Fact Sheet: The Strength of the Laos-Thailand Partnership\ndate 2024-03-04\n\nSince signing the Kestrel Defense Agreement in 2014, the ministry has built four new depots.\n",
        );
        assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
        assert_eq!(names(&kb, 0), vec!["Laos", "Thailand"]);
        assert_eq!(kb.events[0].confidence, super::Confidence::Low);
    }
}
