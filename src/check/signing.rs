//! The signing stage of the note checks: a claim read as a signing (`events::signing_clause`)
//! is matched to the corpus signing it most likely tells of, and when the two are tied closely
//! enough its date (`date-mismatch`) and parties (`party-mismatch`) are compared; a matched claim
//! citing nothing gets an add-citation suggestion.

use super::{
    Claim, Code, Fix, KbFacts, Matched, Related, Sink, Suggestion, dates_agree, describe_date,
    distinctive, write_date,
};
use crate::base::dates::{DateMention, DateValue};
use crate::base::text::fold;
use crate::kb::events::{self, Clause, Event};
use crate::kb::{EntityKind, KnowledgeBase};

/// How close a corpus signing is to the claim, compared field by field in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    /// Claimed parties the signing lists (see `party_ok`), plus two for the same named
    /// agreement.
    shared: usize,
    /// 1 when the claim cites an article the signing is told in.
    cited: usize,
    /// Claimed parties the signing lists themselves, or a claimed country whose body it lists.
    exact: usize,
    /// 1 unless both sides give a date and the dates disagree.
    date_ok: usize,
}

/// A corpus signing that may be the one a claim tells of.
struct Candidate<'k> {
    /// Index into `kb.events`.
    n: usize,
    ev: &'k Event,
    score: Score,
}

/// What a claim read as a signing brings to the comparison.
struct Reading<'c> {
    clause: Clause,
    /// The claim's first valid date.
    date: Option<&'c DateMention>,
    /// The distinctive words of the claimed instrument.
    words: Vec<String>,
    /// The articles the claim cites, sorted, each once.
    cited: Vec<usize>,
}

/// Matches the claim to a corpus signing, if it tells of one, and reports what disagrees.
pub(super) fn signing_checks(
    kb: &KnowledgeBase,
    facts: &KbFacts,
    text: &str,
    claim: &Claim,
    out: &mut Sink,
) {
    let Some(clause) = events::signing_clause(
        &kb.sources(),
        text,
        claim.span.clone(),
        &claim.mentions,
        &facts.terms,
    ) else {
        return;
    };
    let mut cited: Vec<usize> = claim
        .cites
        .iter()
        .flat_map(|c| c.articles.iter().copied())
        .collect();
    cited.sort_unstable();
    cited.dedup();
    let reading = Reading {
        date: claim
            .dates
            .iter()
            .find(|d| !matches!(d.value, DateValue::Invalid { .. })),
        words: distinctive(&clause.instrument),
        cited,
        clause,
    };
    let candidates = candidates(kb, facts, &reading);
    // signings of this kind that share two parties with the claim
    // (those that list fewer of them by name than the best are farther)
    let best_exact = candidates
        .iter()
        .map(|c| c.score)
        .max()
        .map_or(0, |b| b.exact);
    let close = candidates
        .iter()
        .filter(|c| c.score.shared >= 2 && c.score.exact >= best_exact)
        .count();
    // a low-confidence reading never drives a warning: a claim whose best match is one
    // is not held to a worse one either
    let best = candidates
        .into_iter()
        .max_by_key(|c| (c.score, c.ev.confidence))
        .filter(|c| c.ev.confidence > events::Confidence::Low);
    if let Some(best) = best {
        let tied = tied(kb, facts, &reading, &best, close);
        report_match(kb, text, claim, &reading, &best, tied, out);
    }
}

/// The corpus signings of the claimed instrument that share a party or the agreement with the
/// claim, scored, in the order of `kb.events`. Only the signings near the claim's parties
/// (`KbFacts::signings_near`) are looked at: the others share nothing with it.
fn candidates<'k>(kb: &'k KnowledgeBase, facts: &KbFacts, r: &Reading) -> Vec<Candidate<'k>> {
    let clause = &r.clause;
    facts
        .signings_near(kb, &clause.parties, clause.agreement)
        .into_iter()
        .filter_map(|n| Some((n as usize, kb.events.get(n as usize)?)))
        .filter(|&(n, ev)| same_instrument(facts, r, n, ev))
        .map(|(n, ev)| Candidate {
            n,
            ev,
            score: score(kb, r, ev),
        })
        .filter(|c| c.score.shared >= 1)
        // a signing of the same agreement by none of the claim's parties is another
        // signing of it (accords and conventions are signed by many, at many times)
        .filter(|c| {
            clause.parties.is_empty()
                || clause.agreement.is_none()
                || c.score.shared > 2
                || clause.agreement != c.ev.agreement
        })
        .collect()
}

/// Whether corpus signing `n` may be of the instrument the claim names.
fn same_instrument(facts: &KbFacts, r: &Reading, n: usize, ev: &Event) -> bool {
    let clause = &r.clause;
    // `a Free Trade Agreement` is not just any agreement of the same parties
    let ev_words = &facts.event_words[n];
    let words_ok = r.words.is_empty() || r.words.iter().any(|w| ev_words.contains(w));
    // a named agreement is held only to signings of that agreement (a claim naming one the
    // corpus lacks gets nothing); a generic instrument is never held to a differently named
    // agreement's signing unless its own words name it
    let kind_ok = if clause.agreement.is_some() {
        ev.agreement == clause.agreement
    } else {
        ev.head_kind() == clause.head || facts.agreement_heads[n].as_ref() == Some(&clause.head)
    };
    // an instrument about another thing is another instrument (`an MoC on geothermal energy`
    // is not the MoC on language teachers of the same parties)
    let topic_ok = clause.agreement.is_some()
        || ev.agreement.is_some()
        || clause.topic.is_empty()
        || ev.topic.is_empty()
        || clause.topic.iter().any(|w| ev.topic.contains(w));
    words_ok && kind_ok && topic_ok
}

fn score(kb: &KnowledgeBase, r: &Reading, ev: &Event) -> Score {
    let clause = &r.clause;
    let shared = clause
        .parties
        .iter()
        .filter(|&&p| party_ok(kb, ev, p))
        .count();
    let same_agreement = clause.agreement.is_some() && ev.agreement == clause.agreement;
    let date_ok = match (r.date, certain_date(ev)) {
        (Some(c), Some(d)) => dates_agree(c, d),
        _ => true,
    };
    let cited_here = ev
        .sources
        .iter()
        .any(|s| r.cited.binary_search(&s.article).is_ok());
    // parties the event lists themselves, or a claimed country whose body it lists; not a body
    // or person that only shares a country with a party
    let exact = clause
        .parties
        .iter()
        .filter(|&&p| {
            ev.parties.contains(&p)
                || (kb.entities[p].kind == EntityKind::Country && lists_body_of(kb, ev, p))
        })
        .count();
    Score {
        shared: shared + usize::from(same_agreement) * 2,
        cited: usize::from(cited_here),
        exact,
        date_ok: usize::from(date_ok),
    }
}

/// How sure it is that the claim tells of signing `m`, so that a different date is wrong: a
/// named agreement, distinctive instrument words or a citation of the source tie it; for a
/// generic instrument (`a treaty`, `an MoU`) a different date may simply be another signing,
/// unless `m` is the only signing of its kind between these very parties (`close` counts the
/// signings of its kind that share two parties with the claim).
fn tied(kb: &KnowledgeBase, facts: &KbFacts, r: &Reading, m: &Candidate, close: usize) -> bool {
    r.clause.agreement.is_some()
        || words_tie(kb, facts, r, m)
        || m.score.cited == 1
        || (m.score.exact >= 2 && close == 1)
}

/// The findings and suggestion for a claim matched to corpus signing `m`.
fn report_match(
    kb: &KnowledgeBase,
    text: &str,
    claim: &Claim,
    r: &Reading,
    m: &Candidate,
    tied: bool,
    out: &mut Sink,
) {
    let (clause, ev) = (&r.clause, m.ev);
    out.report.matched.push(Matched {
        claim: claim.span.clone(),
        event: m.n,
        tied,
    });
    let (where_, related) = source_ref(kb, ev);
    let same_date = matches!((r.date, certain_date(ev)), (Some(c), Some(d)) if dates_agree(c, d));
    // (a signing whose text names a signer the knowledge base lacks may have the claimed one
    // among those it could not read)
    let party_tied = (tied || m.score.shared >= 2 || same_date) && ev.complete;
    if tied
        && let (Some(c), Some(d)) = (r.date, certain_date(ev))
        && !dates_agree(c, d)
    {
        let fix = Fix {
            title: format!("Use the corpus date: {}", write_date(d, &c.text)),
            span: c.span.clone(),
            replacement: write_date(d, &c.text),
        };
        out.push(
            Code::DateMismatch,
            c.span.clone(),
            format!(
                "the corpus dates this signing {} ({where_})",
                describe_date(d)
            ),
            vec![related.clone()],
            vec![fix],
        );
    }
    for &p in clause.parties.iter().filter(|_| party_tied) {
        // (a person whose country the corpus does not tell may have signed for one of them)
        let unplaced =
            kb.entities[p].kind == EntityKind::Person && kb.entities[p].country.is_none();
        if !party_ok(kb, ev, p) && !unplaced {
            let span = claim
                .mentions
                .iter()
                .find(|(_, e)| *e == p)
                .map_or(claim.span.clone(), |(r, _)| r.clone());
            let listed: Vec<&str> = ev
                .parties
                .iter()
                .map(|&q| kb.entities[q].name.as_str())
                .collect();
            out.push(
                Code::PartyMismatch,
                span,
                format!(
                    "the corpus does not list {} among the parties of this signing ({}): it lists {} ({where_})",
                    kb.entities[p].name,
                    ev.instrument,
                    listed.join(", ")
                ),
                vec![related.clone()],
                vec![],
            );
        }
    }
    if claim.cites.is_empty() {
        out.report
            .suggestions
            .push(citation_suggestion(kb, text, claim, ev));
    }
}

/// Whether the claim's distinctive words are all in the matched signing's instrument or in a
/// sentence that tells of it (`the public security cooperation plan` for `public security
/// ministries signed their cooperation plan`), not only one of them.
fn words_tie(kb: &KnowledgeBase, facts: &KbFacts, r: &Reading, m: &Candidate) -> bool {
    !r.words.is_empty() && {
        let told: Vec<String> =
            m.ev.sources
                .iter()
                .map(|src| fold(&kb.articles[src.article].text[src.span.clone()]))
                .collect();
        let ev_words = &facts.event_words[m.n];
        r.words.iter().all(|w| {
            ev_words.contains(w)
                || told
                    .iter()
                    .any(|t| t.split(|c: char| !c.is_alphanumeric()).any(|x| x == w))
        })
    }
}

/// The citation of the signing's first source, added at the end of the claim's sentence.
fn citation_suggestion(kb: &KnowledgeBase, text: &str, claim: &Claim, ev: &Event) -> Suggestion {
    let id = &kb.articles[ev.sources[0].article].id;
    let at = text[claim.span.clone()]
        .trim_end()
        .trim_end_matches(['.', '!', '?'])
        .len()
        + claim.span.start;
    Suggestion {
        claim: claim.span.clone(),
        fix: Fix {
            title: format!("Add the citation [@{id}]"),
            span: at..at,
            replacement: format!(" [@{id}]"),
        },
    }
}

/// Whether entity `p`, named as a party, is among `ev`'s parties: itself, its country, or (for a
/// country) one of its bodies.
fn party_ok(kb: &KnowledgeBase, ev: &Event, p: usize) -> bool {
    let e = &kb.entities[p];
    ev.parties.contains(&p)
        || e.country.is_some_and(|c| ev.parties.contains(&c))
        || (e.kind == EntityKind::Country && lists_body_of(kb, ev, p))
        || ev.agreement == Some(p)
}

/// Whether `ev` lists a body (or person) of country `p` among its parties.
fn lists_body_of(kb: &KnowledgeBase, ev: &Event, p: usize) -> bool {
    ev.parties
        .iter()
        .any(|&q| kb.entities[q].country == Some(p))
}

/// An event's date when the text gives it for the signing (not only the page's date line).
pub(super) fn certain_date(ev: &Event) -> Option<&DateMention> {
    ev.date.as_ref().filter(|_| !ev.date_from.uncertain())
}

/// The source sentence to show for an event: the one nearest the date the corpus gives.
fn source_ref(kb: &KnowledgeBase, ev: &Event) -> (String, Related) {
    let s = ev
        .date
        .as_ref()
        .and_then(|d| {
            ev.sources
                .iter()
                .filter(|s| kb.facts[s.article].dates.iter().any(|x| x.span == d.span))
                .min_by_key(|s| {
                    if s.span.start > d.span.start {
                        s.span.start - d.span.start
                    } else {
                        d.span.start.saturating_sub(s.span.end)
                    }
                })
        })
        .unwrap_or(&ev.sources[0]);
    let a = &kb.articles[s.article];
    let line = a.line_of(s.span.start) + 1;
    (
        format!("{}, line {line}", a.id),
        Related {
            article: s.article,
            span: s.span.clone(),
            message: "the source says so here".into(),
        },
    )
}
