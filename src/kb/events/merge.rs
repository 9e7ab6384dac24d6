//! Merging the readings of one signing: within an article the same instrument with compatible
//! parties and dates, across articles the same named agreement with a shared party and a date,
//! or the same instrument kind with two shared parties and overlapping dates. A named agreement
//! never merges with a differently named one.

use super::time::{dates_compatible, is_day};
use super::{DateFrom, Event, Sources, instrument_head};
use crate::base::dates::DateMention;
use crate::kb::model::EntityKind;

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
pub(super) fn merge(evs: &mut Vec<Event>, kb: &Sources, same_article: bool) {
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
            if same_signing(kb, x, y, same_article) {
                let y = slots[j].take().expect("checked above");
                let x = slots[i].as_mut().expect("checked above");
                absorb(x, y);
            }
        }
    }
    *evs = slots.into_iter().flatten().collect();
}

/// Whether events `x` and `y` (of one article when `same_article`) tell of the same signing.
fn same_signing(kb: &Sources, x: &Event, y: &Event, same_article: bool) -> bool {
    // two memoranda about different things (`on critical minerals`, `on maritime
    // security`) are two signings
    let other_topic = x.agreement.is_none()
        && y.agreement.is_none()
        && !x.topic.is_empty()
        && !y.topic.is_empty()
        && !x.topic.iter().any(|w| y.topic.contains(w));
    !other_topic
        && if same_article {
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
            && !other_topic
            && parties_compatible(kb, x, y, true)
            // (a date only from the page does not tell two signings apart; a year
            // the text gives does: `in 2014` is not `in November 2023`)
            && (dates_compatible(&x.date, &y.date)
                || x.date_from.uncertain()
                || y.date_from.uncertain())
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
        }
}

/// Takes event `y` into `x`, the same signing: its named agreement or capitalised name,
/// parties, better-founded date, sources and the rest.
fn absorb(x: &mut Event, y: Event) {
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
    x.complete &= y.complete;
    for w in y.topic {
        if !x.topic.contains(&w) {
            x.topic.push(w);
        }
    }
    x.place = x.place.or(y.place);
    x.sources.extend(y.sources);
}

#[cfg(test)]
mod tests {
    use super::super::stage_tests::{kb, names};

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
    fn a_year_the_text_gives_keeps_two_signings_of_one_article_apart() {
        let kb = kb(
            "Ties\ndate 2024-03-04\n\nIn November 2023, Laos and Thailand signed a river cooperation agreement.\n\nSince signing the Kestrel Defense Agreement in 2014, Laos and Thailand have trained together.\n",
        );
        assert_eq!(kb.events.len(), 2, "{:?}", kb.events);
    }

    #[test]
    fn two_memoranda_about_different_things_stay_apart() {
        let kb = kb(
            "Two memoranda\ndate 2024-03-04\n\nLaos and Thailand signed a memorandum of understanding on rice exports.\n\nThe Lao and Thai governments signed an MOU to deepen cooperation on river safety.\n",
        );
        assert_eq!(kb.events.len(), 2, "{:?}", kb.events);
        assert_eq!(kb.events[0].topic, vec!["rice", "exports"]);
        assert_eq!(kb.events[1].topic, vec!["river", "safety"]);
    }

    #[test]
    fn the_perfect_gives_no_date_from_a_nearby_sentence() {
        let kb = kb(
            "Space\ndate 2024-03-04\n\nThe two leaders met today in Vientiane.\n\nLaos has signed the Kestrel Space Accords, officials said.\n",
        );
        assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
        assert!(kb.events[0].date.is_none(), "{:?}", kb.events[0].date);
    }
}
