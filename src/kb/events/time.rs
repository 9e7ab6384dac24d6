//! The date of a signing: an agreement's own (`X, signed in 1966`), the clause's, for a formal
//! closing its `DONE at …` line, else a day-precise date in the two sentences before, else the
//! page's (uncertain); never a horizon (`by 2028`).

use super::DateFrom;
use crate::base::dates::{DateMention, DateValue, Precision};
use crate::kb::extract::ArticleFacts;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// The date of sentence `si` of an article (`facts`, its `text`, headline `title`) as a
/// signing's, where it comes from, and the sentence that gave it. `own` is the date written
/// with the agreement's name, `formal` a treaty's closing.
pub(super) fn signing_date(
    text: &str,
    facts: &ArticleFacts,
    title: &Range<usize>,
    si: usize,
    formal: bool,
    own: Option<&DateMention>,
) -> (Option<DateMention>, DateFrom, Option<usize>) {
    let sents = &facts.sentences;
    let s = &sents[si];
    let in_title =
        |r: &Range<usize>| r.start >= title.start && r.end <= title.end && r.start < r.end;
    // a date of the sentence that can be a signing's: not a horizon (`by 2028`, `until 2028`);
    // dates in text order are looked up by position, not scanned per sentence
    let dates_sorted = facts.dates.is_sorted_by_key(|d| d.span.start);
    let in_sent = |r: &Range<usize>| {
        let first = if dates_sorted {
            facts.dates.partition_point(|d| d.span.start < r.start)
        } else {
            0
        };
        facts.dates[first..]
            .iter()
            .take_while(|d| !dates_sorted || d.span.start <= r.end)
            .find(|d| {
                d.span.start >= r.start
                    && d.span.end <= r.end
                    && is_event_date(d)
                    && !is_horizon(text, r.start, d.span.start)
            })
    };
    let mut date_from = DateFrom::None;
    let mut date_sentence = None;
    let mut date = own.cloned().or_else(|| in_sent(s).cloned());
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
    (date, date_from, date_sentence)
}

/// The date of `, signed in 1966` (`, which was signed on …`) right after an agreement's name
/// ending at `end`, within the sentence ending at `limit`.
pub(super) fn appositive_date<'d>(
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

pub(super) fn is_event_date(d: &DateMention) -> bool {
    !matches!(d.value, DateValue::Invalid { .. })
}

pub(super) fn is_day(d: &DateMention) -> bool {
    match d.value {
        DateValue::Known { precision, .. } => {
            matches!(precision, Precision::Day | Precision::Range)
        }
        DateValue::Partial { day, .. } => day.is_some(),
        DateValue::Invalid { .. } => false,
    }
}

pub(super) fn dates_compatible(a: &Option<DateMention>, b: &Option<DateMention>) -> bool {
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

#[cfg(test)]
mod tests {
    use super::super::stage_tests::{kb, names};
    use crate::base::dates::date_bounds;

    #[test]
    fn a_horizon_is_no_signing_date() {
        let kb = kb(
            "Dam deal\ndate 2024-03-04\n\nToday the ministers met in Vientiane.\n\nFor years the river was a worry. Cambodia and Laos signed an amended dam agreement that runs until 2031.\n",
        );
        assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
        assert_eq!(names(&kb, 0), vec!["Cambodia", "Laos"]);
        // not `until 2031`: the day-precise `Today` of a sentence before
        let ev = &kb.events[0];
        assert_eq!(ev.date_from, super::super::DateFrom::Nearby);
        assert_eq!(
            date_bounds(ev.date.as_ref().unwrap()),
            (Some("2024-03-04".into()), Some("2024-03-04".into()))
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
}
