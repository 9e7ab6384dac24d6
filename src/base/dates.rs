//! Date expressions in English news text: absolute, partial, ranges, numeric and relative ones,
//! resolved against a reference (publication) date. Byte offsets, no LSP types.
//!
//! [`find_dates`] recognises:
//!
//! * **Absolute dates**: `2025-01-12` (also glued to letters: `date2025-01-12`), `January 12, 2025`,
//!   `Jan. 12, 2025`, `Jan 12 2025`, `12 January 2025`, `12th of January 2025`,
//!   `January 12th, 2025`, optionally preceded by a weekday (`Sunday, January 12, 2025`,
//!   `Saturday 12 January`, `Sat, 11 Jan 2025`) which is recorded in [`DateMention::weekday`] and
//!   included in the span. A time after the year (`January 12, 2025 - 15:35`) is not part of it.
//! * **Month-day without a year** (`November 6`, `6 November`): the year comes from the reference
//!   date, *past-leaning*: the latest year in which the day is at most 7 days after the reference
//!   (so `November 6` read on 2025-10-27 is 2024-11-06, and `January 2` read on 2025-12-28 is
//!   2026-01-02). Without a reference the value is [`DateValue::Partial`] (whose day is only
//!   checked to be in 1..=31, so `February 30` stays `Partial` without a reference).
//! * **Months**: `July 2024`, `July, 2024`, `July of 2024` (precision Month, with or without a
//!   reference); `in July`, `since early March`, `by mid-June` (a month after one of the
//!   prepositions in/during/since/until/till/by/before/after/from/through/throughout, optionally
//!   with early/mid/late) only with a reference, year past-leaning; the span starts at the
//!   early/mid/late modifier or the month, the preposition is not part of it.
//!   `last March` / `this March` / `next March` (relative).
//!   A month name alone (no day, year or preposition) is never a date, lowercase `may` never is,
//!   and lowercase `march` is never a month either.
//! * **Years**: a year 1900–2099 right after one of the prepositions above (`in 2019`,
//!   `since 2019`, `by 2030`, `in early 2025`, `by mid-2026`) → precision Year, span without the
//!   preposition. Bare years or years used as modifiers (`the 2024 plan`, `for 2025`) are not
//!   dates, nor is a season like `in 2019-20`. `from 2018 to 2020`, `between 2018 and 2020`,
//!   `in 2018-2020` → a [`Precision::Range`] from January 1 to December 31.
//! * **Day ranges** (precision Range): `January 11-13`, `January 11–13, 2025`, `11-13 January 2025`,
//!   `25–26 October 2025`, `from January 11 to 13`, `January 11 through 13`,
//!   `between 10 and 12 January` (`and` only after `between`), and cross-month ranges
//!   `January 30 – February 2, 2025` / `30 January – 2 February 2025` / `December 30 – January 2`
//!   (the latter needs a year or a reference). Without year and reference a same-month range is
//!   `Partial { day, end_day }`.
//! * **Numeric dates** with a 4-digit year: `2021/09/01`, `2021.09.01` (year first: always
//!   year-month-day), `01/09/2021`, `1/9/2021`, `01.09.2021`, `01-09-2021`. When both leading
//!   fields could be the month (both ≤ 12 and different) the date is read **day/month/year**
//!   (the international reading) and `ambiguous` is set; when only one reading is possible
//!   (`13/09/2021`, `09/13/2021`) it is used and `ambiguous` is false. Fractions, scores,
//!   versions and times (`5/10`, `24/7`, `3.5`, `1.2.3`) are never dates.
//! * **Invalid days** written like dates (`31 September 2026`, `29 February 2027`, `2026-02-30`,
//!   `February 30` with a reference) → [`DateValue::Invalid`], span kept, `relative == false`.
//! * **Relative expressions** (only with a reference; skipped entirely without one;
//!   `relative == true`): `today`, `tonight`, `this morning/afternoon/evening` (the reference
//!   day), `yesterday`, `last night` (the day before), `tomorrow`; weekdays: `on Sunday` / bare
//!   `Sunday` → the last such weekday on or before the reference, `last Sunday` / `past Sunday`
//!   → strictly before it (a week earlier when the reference is itself a Sunday), `next Sunday`
//!   → the first one strictly after, `this Sunday` / `coming Sunday` → the first on or after;
//!   weekends (precision Range, Saturday–Sunday): `over/at/during/on the weekend`,
//!   `this weekend` → the weekend containing the reference when it is a Saturday or Sunday,
//!   otherwise the one just before; `last/past weekend` → the same on Monday–Friday, the
//!   previous one on a Saturday or Sunday; `next/coming weekend` → the first Saturday–Sunday
//!   strictly after the reference; `last/this/next month` (and `earlier/later this month`) →
//!   Month; `last/this/next year` (and `earlier/later this year`) → Year;
//!   `3 days ago` / `two months ago` / `a year ago` → Day / Month / Year.
//!   `the last year` / `the next month` (a trailing period) are skipped.
//!   A bare capitalised weekday is skipped when it looks like part of a name (`Easter Sunday`,
//!   `Black Friday`, `Sunday Times`), when it is generic (`every Sunday`, `a Sunday`, `the
//!   Sunday`) and, when lowercase, unless a preposition or last/next/this precedes it.
//!   A capitalised `Today` after a capitalised word (`USA Today`) is taken to be a name.
//!
//! Dates whose year is inferred from the reference (`November 6`, `in July`, `January 11-13`)
//! are *not* marked `relative`; only the expressions listed under "Relative expressions" are.
//! Spans never include a plain preposition (`in`, `on`, `since`, `over`, `from`, `between`);
//! they do include modifiers that carry meaning (`last`, `next`, `this`, `early`, `mid-`,
//! `earlier`, `the` in `the weekend`).
//!
//! Years in written-out and numeric dates must be 1000–2999. The written weekday is recorded but
//! never checked against the date; that is the caller's job. Results are sorted by start,
//! never overlap (the longest candidate wins), and spans are byte offsets on char boundaries.
//!
//! Not supported: week expressions (`this week`, `last week`, `two weeks ago`), month ranges
//! (`July–August 2024`), decades (`the 1990s`), two-digit years (`1/9/21`), times of day,
//! ordinals without a month (`the 14th`), `the end of 2024`, US-first reading of ambiguous
//! numeric dates.

use crate::base::text::data_lines;
use jiff::Span;
use jiff::civil::{Date, Weekday};
use regex::{Captures, Regex};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

/// An English month: its full name (`September`), abbreviations (`Sept`, `Sep`), and whether
/// the all-lowercase full name is a month too (not `may` and `march`, which are ordinary words).
pub struct Month {
    pub name: &'static str,
    pub abbreviations: Vec<&'static str>,
    pub lowercase_ok: bool,
}

/// The twelve months in calendar order, from `data/words/months.txt`.
pub static MONTHS: LazyLock<Vec<Month>> = LazyLock::new(|| {
    let months: Vec<Month> = data_lines(include_str!("../../data/words/months.txt"))
        .map(|line| {
            let mut parts = line.split_whitespace();
            let full = parts.next().unwrap_or(line);
            let name = full.trim_end_matches('*');
            Month {
                name,
                abbreviations: parts.collect(),
                lowercase_ok: name == full,
            }
        })
        .collect();
    assert_eq!(
        months.len(),
        12,
        "data/words/months.txt lists twelve months"
    );
    months
});

/// How much of the calendar a date expression pins down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Precision {
    Day,
    Month,
    Year,
    /// A span of several days: `January 11-13`, `over the weekend`, `25–26 October 2025`.
    Range,
}

/// The calendar value of a date expression.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DateValue {
    /// A resolved interval (inclusive); `start == end` for a single day.
    Known {
        start: Date,
        end: Date,
        precision: Precision,
    },
    /// A month-day (or month-day range) whose year is not known: `November 6` with no reference date.
    Partial {
        month: i8,
        day: Option<i8>,
        end_day: Option<i8>,
    },
    /// Written like a date but no such day exists: `31 September 2026`, `29 February 2027`.
    Invalid { year: i16, month: i8, day: i8 },
}

/// One date expression found in a text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DateMention {
    /// Byte range in the text that was searched.
    pub span: Range<usize>,
    /// The text of that range.
    pub text: String,
    pub value: DateValue,
    /// Numeric dates whose day and month could be swapped (`03/04/2025`).
    pub ambiguous: bool,
    /// Relative to the reference date (`Today`, `on Sunday`, `over the weekend`, `last year`).
    pub relative: bool,
    /// The weekday written with the date, if any (`Saturday, 12 January 2025`).
    #[serde(with = "weekday_serde")]
    pub weekday: Option<Weekday>,
}

/// Weekdays stored as 1 (Monday) to 7 (Sunday) in the persistent index.
mod weekday_serde {
    use jiff::civil::Weekday;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(w: &Option<Weekday>, s: S) -> Result<S::Ok, S::Error> {
        w.map(|w| w.to_monday_one_offset()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Weekday>, D::Error> {
        Option::<i8>::deserialize(d)?
            .map(|n| Weekday::from_monday_one_offset(n).map_err(serde::de::Error::custom))
            .transpose()
    }
}

impl DateMention {
    /// Whether the expression has a full calendar value (a year is known).
    pub fn resolved(&self) -> bool {
        matches!(self.value, DateValue::Known { .. })
    }
}

/// Finds the date expressions in `text`, resolving relative and year-less ones against `reference`.
///
/// See the module documentation for the forms recognised and how they are resolved.
/// Words without which a text holding no digit has no date expression.
static DATE_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    let months = MONTHS
        .iter()
        .flat_map(|m| std::iter::once(m.name).chain(m.abbreviations.iter().copied()));
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(
            [
                "today",
                "tomorrow",
                "yesterday",
                "tonight",
                "day",
                "week",
                "month",
                "year",
                "night",
                "morning",
                "ago",
            ]
            .into_iter()
            .chain(months),
        )
        .expect("fixed patterns")
});

pub fn find_dates(text: &str, reference: Option<Date>) -> Vec<DateMention> {
    // every date expression has a digit or one of these words: most text has neither
    if !text.bytes().any(|b| b.is_ascii_digit()) && !DATE_WORDS.is_match(text) {
        return Vec::new();
    }
    let mut f = Finder {
        text,
        reference,
        cands: Vec::new(),
        gate: Gate::of(text, reference.is_some()),
    };
    f.absolute();
    f.numeric();
    f.months_and_years();
    if reference.is_some() {
        f.relative();
    }
    f.select()
}

/// The month (1–12) named by an English month name or abbreviation (`January`, `jan`, `Sept.`),
/// case-insensitively, with an optional trailing period.
pub fn month_from_name(name: &str) -> Option<i8> {
    let n = name.strip_suffix('.').unwrap_or(name);
    MONTHS
        .iter()
        .position(|m| {
            m.name.eq_ignore_ascii_case(n)
                || m.abbreviations.iter().any(|a| a.eq_ignore_ascii_case(n))
        })
        .map(|i| i as i8 + 1)
}

/// The weekday named by an English weekday name or abbreviation (`Sunday`, `sun`, `Thurs.`),
/// case-insensitively, with an optional trailing period.
pub fn weekday_from_name(name: &str) -> Option<Weekday> {
    let n = name.strip_suffix('.').unwrap_or(name);
    WEEKDAYS
        .iter()
        .find(|(full, abbrs, _)| {
            full.eq_ignore_ascii_case(n) || abbrs.iter().any(|a| a.eq_ignore_ascii_case(n))
        })
        .map(|&(_, _, wd)| wd)
}

// ---------------------------------------------------------------------------------------------
// Names and patterns

const WEEKDAYS: [(&str, &[&str], Weekday); 7] = [
    ("Monday", &["Mon"], Weekday::Monday),
    ("Tuesday", &["Tues", "Tue"], Weekday::Tuesday),
    ("Wednesday", &["Wed"], Weekday::Wednesday),
    ("Thursday", &["Thurs", "Thur", "Thu"], Weekday::Thursday),
    ("Friday", &["Fri"], Weekday::Friday),
    ("Saturday", &["Sat"], Weekday::Saturday),
    ("Sunday", &["Sun"], Weekday::Sunday),
];

/// Words that may stand right before a bare (capitalised) weekday or `Today` without making
/// it look like part of a name, and that license a lowercase weekday.
const WEEKDAY_PREPS: &[&str] = &[
    "on", "since", "until", "till", "by", "before", "after", "from", "through", "early", "late",
    "and", "or", "but", "to", "as", "of",
];

/// Words that make a following bare weekday generic or relative to something else.
const WEEKDAY_GENERIC: &[&str] = &[
    "a",
    "an",
    "the",
    "every",
    "each",
    "one",
    "that",
    "same",
    "following",
    "previous",
    "any",
];

/// Month names: full (Title, UPPER, lower where allowed), then abbreviations with an optional
/// period (Title, UPPER). Case-sensitive on purpose.
fn month_pattern() -> String {
    let mut alts = Vec::new();
    for m in MONTHS.iter() {
        alts.push(m.name.to_string());
        alts.push(m.name.to_uppercase());
        if m.lowercase_ok {
            alts.push(m.name.to_lowercase());
        }
    }
    for m in MONTHS.iter() {
        for a in &m.abbreviations {
            alts.push(format!(r"{a}\.?"));
            alts.push(format!(r"{}\.?", a.to_uppercase()));
        }
    }
    format!("(?:{})", alts.join("|"))
}

/// Full weekday names (Title, UPPER, lower).
fn weekday_full_pattern() -> String {
    let alts: Vec<String> = WEEKDAYS
        .iter()
        .flat_map(|(full, _, _)| [full.to_string(), full.to_uppercase(), full.to_lowercase()])
        .collect();
    format!("(?:{})", alts.join("|"))
}

/// Weekday abbreviations (Title, UPPER).
fn weekday_abbr_pattern() -> String {
    let alts: Vec<String> = WEEKDAYS
        .iter()
        .flat_map(|(_, abbrs, _)| abbrs.iter().flat_map(|a| [a.to_string(), a.to_uppercase()]))
        .collect();
    format!("(?:{})", alts.join("|"))
}

/// An optional weekday before a written-out date: `Sunday, ` / `Saturday ` / `Sat, ` / `Sat. `.
fn weekday_prefix() -> String {
    format!(
        r"(?:(?P<wd>{})(?:\s*,\s*|\s+)|(?P<wda>{})(?:\.\s*,?\s*|\s*,\s*))?",
        weekday_full_pattern(),
        weekday_abbr_pattern()
    )
}

/// A day of the month with an optional ordinal suffix.
const DAY: &str = r"[0-9]{1,2}(?:st|nd|rd|th)?";
/// Between a day (or month) and the year.
const YSEP: &str = r"(?:\s*,\s*|\s+)";
/// Between the two ends of a range.
const RSEP: &str = r"(?:\s*[-–—‐]\s*|\s+(?:to|and|through|till|until)\s+)";
/// Prepositions that make a following month or year a date.
const PREPS: &str =
    r"(?i:(?-u:\b)(?:in|during|since|until|till|by|before|after|from|through|throughout)\s+)";

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("date pattern compiles")
}

static RE_MDY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{wp}(?P<m>{m})\s+(?P<dd>{DAY})(?:{YSEP}(?P<y>[0-9]{{4}}))?",
        wp = weekday_prefix(),
        m = month_pattern()
    ))
});
static RE_DMY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{wp}(?P<dd>{DAY})(?:\s+day\s+of|\s+of)?\s+(?P<m>{m})(?:{YSEP}(?P<y>[0-9]{{4}}))?",
        wp = weekday_prefix(),
        m = month_pattern()
    ))
});
static RE_MD_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<m>{m})\s+(?P<dd1>{DAY})(?P<sep>{RSEP})(?P<dd2>{DAY})(?:{YSEP}(?P<y>[0-9]{{4}}))?",
        m = month_pattern()
    ))
});
static RE_DM_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<dd1>{DAY})(?P<sep>{RSEP})(?P<dd2>{DAY})(?:\s+of)?\s+(?P<m>{m})(?:{YSEP}(?P<y>[0-9]{{4}}))?",
        m = month_pattern()
    ))
});
static RE_MD_CROSS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<m1>{m})\s+(?P<dd1>{DAY})(?:{YSEP}(?P<y1>[0-9]{{4}}))?(?P<sep>{RSEP})(?P<m2>{m})\s+(?P<dd2>{DAY})(?:{YSEP}(?P<y2>[0-9]{{4}}))?",
        m = month_pattern()
    ))
});
static RE_DM_CROSS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<dd1>{DAY})(?:\s+of)?\s+(?P<m1>{m})(?:{YSEP}(?P<y1>[0-9]{{4}}))?(?P<sep>{RSEP})(?P<dd2>{DAY})(?:\s+of)?\s+(?P<m2>{m})(?:{YSEP}(?P<y2>[0-9]{{4}}))?",
        m = month_pattern()
    ))
});
static RE_YMD_NUM: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?P<y>[0-9]{4})(?P<s1>[-/.])(?P<m>[0-9]{1,2})(?P<s2>[-/.])(?P<d>[0-9]{1,2})")
});
static RE_DMY_NUM: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?P<a>[0-9]{1,2})(?P<s1>[-/.])(?P<b>[0-9]{1,2})(?P<s2>[-/.])(?P<y>[0-9]{4})")
});
static RE_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<m>{m})(?:\s*,\s*|\s+)(?:of\s+)?(?P<y>[0-9]{{4}})",
        m = month_pattern()
    ))
});
static RE_PREP_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{PREPS}(?P<mod>(?i:early|mid|late)(?:\s+|-))?(?P<m>{m})",
        m = month_pattern()
    ))
});
static RE_REL_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<mod>(?i:last|this|next))\s+(?P<m>{m})",
        m = month_pattern()
    ))
});
static RE_PREP_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{PREPS}(?P<mod>(?i:early|mid|late)(?:\s+|-))?(?P<y>(?:19|20)[0-9]{{2}})"
    ))
});
static RE_YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<prep>(?i:(?-u:\b)(?:from|between|in|during|over|throughout)))\s+(?P<y1>(?:19|20)[0-9]{2})(?P<sep>\s*[-–—]\s*|\s+(?:to|and|until|till|through)\s+)(?P<y2>(?:19|20)[0-9]{2})",
    )
});
static RE_REL_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:(?P<w>today|tonight|yesterday|tomorrow)|(?P<this>this)\s+(?:morning|afternoon|evening)|(?P<last>last)\s+night)",
    )
});
static RE_REL_WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:(?P<mod>(?i:last|next|this|past|coming))\s+)?(?P<wd>{})",
        weekday_full_pattern()
    ))
});
static RE_WEEKEND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:(?-u:\b)(?:over|at|during|on|across|throughout|through)\s+(?P<the>the\s+weekend)|(?P<mod>this|last|past|next|coming)\s+weekend)",
    )
});
static RE_REL_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:(?:(?P<adv>earlier|later|early|late)\s+)?(?P<mod>this|last|next)\s+(?P<unit>month|year))",
    )
});
static RE_AGO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:(?P<n>[0-9]{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?P<unit>day|month|year)s?\s+ago)",
    )
});

// ---------------------------------------------------------------------------------------------
// Text helpers

/// Calls `f` for the leftmost match starting at every position where one starts, so a
/// candidate rejected later does not hide a shorter or later one from the same pattern.
fn each_match<'t>(re: &Regex, text: &'t str, mut f: impl FnMut(&Captures<'t>)) {
    let mut pos = 0;
    while pos <= text.len() {
        let Some(c) = re.captures_at(text, pos) else {
            break;
        };
        let start = c.get(0).map_or(pos, |m| m.start());
        f(&c);
        pos = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
}

fn prev_char(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

fn next_char(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

/// Characters that join digits into one number-like token (`1.5`, `2019-20`, `3/4`, `10:30`).
fn is_num_joiner(c: char) -> bool {
    matches!(c, '.' | ',' | '/' | '-' | ':' | '–' | '—')
}

/// Whether the digits ending at `i` continue a number before them (`1.16`, `2,12`).
fn glued_before(text: &str, i: usize) -> bool {
    let mut it = text[..i].chars().rev();
    matches!((it.next(), it.next()), (Some(p), Some(q)) if is_num_joiner(p) && q.is_ascii_digit())
}

/// Whether the digits ending at `i` continue into a number after them (`2019-20`, `12,345`).
fn glued_after(text: &str, i: usize) -> bool {
    let mut it = text[i..].chars();
    matches!((it.next(), it.next()), (Some(p), Some(q)) if is_num_joiner(p) && q.is_ascii_digit())
}

/// Whether `text[s..e]` stands on its own: no letter or digit glued to either end, and no
/// number continuing it through `.`/`,`/`/`/`-`/`:`.
fn edges_ok(text: &str, s: usize, e: usize) -> bool {
    let span = &text[s..e];
    let (Some(first), Some(last)) = (span.chars().next(), span.chars().next_back()) else {
        return false;
    };
    if first.is_alphanumeric() && prev_char(text, s).is_some_and(char::is_alphanumeric) {
        return false;
    }
    if last.is_alphanumeric() && next_char(text, e).is_some_and(char::is_alphanumeric) {
        return false;
    }
    if first.is_ascii_digit() && glued_before(text, s) {
        return false;
    }
    if last.is_ascii_digit() && glued_after(text, e) {
        return false;
    }
    true
}

/// Edges of a numeric date: letters may touch it (`date2025-01-12`), digits and number joiners
/// followed by digits may not.
fn num_edges_ok(text: &str, s: usize, e: usize) -> bool {
    !prev_char(text, s).is_some_and(|c| c.is_ascii_digit())
        && !next_char(text, e).is_some_and(|c| c.is_ascii_digit())
        && !glued_before(text, s)
        && !glued_after(text, e)
}

/// The word right before byte `i`, separated from it by whitespace only.
fn word_before(text: &str, i: usize) -> Option<&str> {
    let head = &text[..i];
    let trimmed = head.trim_end_matches(char::is_whitespace);
    if trimmed.len() == head.len() {
        return None;
    }
    let start = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = &trimmed[start..];
    (!word.is_empty()).then_some(word)
}

/// The word right after byte `i`, separated from it by whitespace only.
fn word_after(text: &str, i: usize) -> Option<&str> {
    let tail = &text[i..];
    let trimmed = tail.trim_start_matches(char::is_whitespace);
    if trimmed.len() == tail.len() {
        return None;
    }
    let end = trimmed
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(trimmed.len());
    let word = &trimmed[..end];
    (!word.is_empty()).then_some(word)
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn in_list(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The leading digits of a day like `12th`, or a plain number.
fn num(s: &str) -> Option<u32> {
    let digits = s.trim_end_matches(|c: char| !c.is_ascii_digit());
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    digits.parse().ok()
}

fn year_ok(y: u32) -> bool {
    (1000..=2999).contains(&y)
}

fn month_day_ok(m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().days(n)).ok()
}

fn day_value(y: i16, m: u32, d: u32) -> Option<DateValue> {
    if !month_day_ok(m, d) {
        return None;
    }
    Some(match Date::new(y, m as i8, d as i8) {
        Ok(date) => DateValue::Known {
            start: date,
            end: date,
            precision: Precision::Day,
        },
        Err(_) => DateValue::Invalid {
            year: y,
            month: m as i8,
            day: d as i8,
        },
    })
}

fn month_value(y: i16, m: u32) -> Option<DateValue> {
    if !(1..=12).contains(&m) {
        return None;
    }
    let first = Date::new(y, m as i8, 1).ok()?;
    Some(DateValue::Known {
        start: first,
        end: first.last_of_month(),
        precision: Precision::Month,
    })
}

fn year_value(y: i16) -> Option<DateValue> {
    Some(DateValue::Known {
        start: Date::new(y, 1, 1).ok()?,
        end: Date::new(y, 12, 31).ok()?,
        precision: Precision::Year,
    })
}

/// A day range; an impossible end point makes it `Invalid`, an end not after the start makes it
/// no date at all.
fn range_value(start: (i16, u32, u32), end: (i16, u32, u32)) -> Option<DateValue> {
    let (sy, sm, sd) = start;
    let (ey, em, ed) = end;
    if !month_day_ok(sm, sd) || !month_day_ok(em, ed) || (ey, em, ed) <= (sy, sm, sd) {
        return None;
    }
    let Ok(s) = Date::new(sy, sm as i8, sd as i8) else {
        return Some(DateValue::Invalid {
            year: sy,
            month: sm as i8,
            day: sd as i8,
        });
    };
    let Ok(e) = Date::new(ey, em as i8, ed as i8) else {
        return Some(DateValue::Invalid {
            year: ey,
            month: em as i8,
            day: ed as i8,
        });
    };
    Some(DateValue::Known {
        start: s,
        end: e,
        precision: Precision::Range,
    })
}

/// The year for a month-day written without one: the latest year in which it falls at most
/// 7 days after the reference ("past-leaning").
fn infer_year(reference: Date, month: u32, day: u32) -> i16 {
    let limit = add_days(reference, 7).unwrap_or(reference);
    let lim = (limit.year(), limit.month() as u32, limit.day() as u32);
    let y = reference.year();
    [y + 1, y]
        .into_iter()
        .find(|&cand| (cand, month, day) <= lim)
        .unwrap_or(y - 1)
}

/// Days from `from` back to the previous `target` weekday (0 when they are the same).
fn days_back(from: Weekday, target: Weekday) -> i64 {
    i64::from(from.to_monday_zero_offset() - target.to_monday_zero_offset()).rem_euclid(7)
}

fn shift_month(y: i16, m: i8, delta: i32) -> (i16, u32) {
    let idx = i32::from(y) * 12 + i32::from(m) - 1 + delta;
    (idx.div_euclid(12) as i16, (idx.rem_euclid(12) + 1) as u32)
}

// ---------------------------------------------------------------------------------------------
// Candidates

struct Cand {
    span: Range<usize>,
    value: DateValue,
    ambiguous: bool,
    relative: bool,
    weekday: Option<Weekday>,
}

struct Finder<'t> {
    text: &'t str,
    reference: Option<Date>,
    cands: Vec<Cand>,
    gate: Gate,
}

/// What a text holds that a pattern cannot match without: a pattern is not run over a text
/// lacking it (the result is the same, and most paragraphs lack most of them).
#[derive(Clone, Copy)]
struct Gate {
    /// An ASCII digit (days, years, numeric dates).
    digit: bool,
    /// A month name as `month_pattern` writes them.
    month: bool,
    /// Words of the relative patterns, found ASCII-case-insensitively: `today`, `tonight`,
    /// `yesterday`, `tomorrow`, `morning`, `afternoon`, `evening`, `night` (`RE_REL_DAY`).
    rel_day: bool,
    /// A full weekday name (`RE_REL_WEEKDAY`).
    weekday: bool,
    /// `weekend` (`RE_WEEKEND`).
    weekend: bool,
    /// `month` or `year` (`RE_REL_UNIT`).
    unit: bool,
    /// `ago` (`RE_AGO`).
    ago: bool,
}

/// A month name as the date patterns write them.
static RE_ANY_MONTH: LazyLock<Regex> = LazyLock::new(|| re(&month_pattern()));

/// The words of the relative patterns, with the `Gate` field each one sets (0 `rel_day`,
/// 1 `weekday`, 2 `weekend`, 3 `unit`, 4 `ago`).
static RELATIVE_WORDS: LazyLock<(aho_corasick::AhoCorasick, Vec<u8>)> = LazyLock::new(|| {
    let mut words: Vec<(&str, u8)> = [
        "today",
        "tonight",
        "yesterday",
        "tomorrow",
        "morning",
        "afternoon",
        "evening",
        "night",
    ]
    .into_iter()
    .map(|w| (w, 0))
    .collect();
    words.extend(WEEKDAYS.iter().map(|(full, _, _)| (*full, 1)));
    words.push(("weekend", 2));
    words.push(("month", 3));
    words.push(("year", 3));
    words.push(("ago", 4));
    let ac = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(words.iter().map(|(w, _)| w))
        .expect("fixed patterns");
    (ac, words.into_iter().map(|(_, g)| g).collect())
});

impl Gate {
    fn of(text: &str, relative: bool) -> Gate {
        let mut g = Gate {
            digit: text.bytes().any(|b| b.is_ascii_digit()),
            month: RE_ANY_MONTH.is_match(text),
            rel_day: false,
            weekday: false,
            weekend: false,
            unit: false,
            ago: false,
        };
        if !relative {
            return g;
        }
        // the case-insensitive patterns fold `ſ` to `s` and the Kelvin sign to `k`, which an
        // ASCII search does not: with either in the text, every relative pattern runs
        if text.contains(['\u{17F}', '\u{212A}']) {
            g.rel_day = true;
            g.weekday = true;
            g.weekend = true;
            g.unit = true;
            g.ago = true;
            return g;
        }
        let (ac, groups) = &*RELATIVE_WORDS;
        for m in ac.find_overlapping_iter(text) {
            match groups[m.pattern().as_usize()] {
                0 => g.rel_day = true,
                1 => g.weekday = true,
                2 => g.weekend = true,
                3 => g.unit = true,
                _ => g.ago = true,
            }
        }
        g
    }
}

/// `each_match` when `on`, else nothing.
fn each_match_if<'t>(on: bool, re: &Regex, text: &'t str, f: impl FnMut(&Captures<'t>)) {
    if on {
        each_match(re, text, f);
    }
}

impl Finder<'_> {
    fn push(&mut self, span: Range<usize>, value: DateValue) {
        self.cands.push(Cand {
            span,
            value,
            ambiguous: false,
            relative: false,
            weekday: None,
        });
    }

    fn push_relative(&mut self, span: Range<usize>, value: DateValue, weekday: Option<Weekday>) {
        self.cands.push(Cand {
            span,
            value,
            ambiguous: false,
            relative: true,
            weekday,
        });
    }

    /// Longest candidates first, then earliest; keep those that do not overlap a kept one.
    fn select(mut self) -> Vec<DateMention> {
        // Stable: among equal spans the earlier-pushed (more specific) pattern wins.
        self.cands
            .sort_by_key(|c| (std::cmp::Reverse(c.span.len()), c.span.start));
        // Kept candidates by start; they never overlap, so only the neighbours need checking.
        let mut kept: BTreeMap<usize, Cand> = BTreeMap::new();
        for c in self.cands {
            let before_ok = kept
                .range(..=c.span.start)
                .next_back()
                .is_none_or(|(_, k)| k.span.end <= c.span.start);
            let after_ok = kept
                .range(c.span.start..)
                .next()
                .is_none_or(|(_, k)| c.span.end <= k.span.start);
            if before_ok && after_ok {
                kept.insert(c.span.start, c);
            }
        }
        kept.into_values()
            .map(|c| DateMention {
                text: self.text[c.span.clone()].to_string(),
                span: c.span,
                value: c.value,
                ambiguous: c.ambiguous,
                relative: c.relative,
                weekday: c.weekday,
            })
            .collect()
    }

    /// The resolved value of a month-day with an optional explicit year.
    fn month_day(&self, year: Option<u32>, m: u32, d: u32) -> Option<DateValue> {
        match (year, self.reference) {
            (Some(y), _) => day_value(y as i16, m, d),
            (None, Some(r)) => day_value(infer_year(r, m, d), m, d),
            (None, None) => month_day_ok(m, d).then_some(DateValue::Partial {
                month: m as i8,
                day: Some(d as i8),
                end_day: None,
            }),
        }
    }

    /// The year group of `c`, if present, valid and standing on its own: `(year, end)`.
    fn year_of(&self, c: &Captures, name: &str, start: usize) -> Option<(u32, usize)> {
        let g = c.name(name)?;
        let y = num(g.as_str())?;
        (year_ok(y) && edges_ok(self.text, start, g.end())).then_some((y, g.end()))
    }

    /// `and` only joins a range after `between`.
    fn sep_ok(&self, c: &Captures, start: usize) -> bool {
        let sep = c.name("sep").map_or("", |m| m.as_str().trim());
        sep != "and"
            || word_before(self.text, start).is_some_and(|w| w.eq_ignore_ascii_case("between"))
    }

    fn absolute(&mut self) {
        let text = self.text;
        // each of these needs a month name and a day in digits
        if !(self.gate.month && self.gate.digit) {
            return;
        }
        for re in [&*RE_MDY, &*RE_DMY] {
            each_match(re, text, |c| self.single(c));
        }
        for re in [&*RE_MD_RANGE, &*RE_DM_RANGE] {
            each_match(re, text, |c| self.same_month_range(c));
        }
        for re in [&*RE_MD_CROSS, &*RE_DM_CROSS] {
            each_match(re, text, |c| self.cross_month_range(c));
        }
    }

    /// `[Weekday,] January 12[, 2025]` and `[Weekday] 12[th] [of] January[ 2025]`.
    fn single(&mut self, c: &Captures) {
        let whole = c.get(0).expect("group 0");
        let (Some(m), Some(dd)) = (c.name("m"), c.name("dd")) else {
            return;
        };
        let (Some(month), Some(day)) = (month_from_name(m.as_str()), num(dd.as_str())) else {
            return;
        };
        let start = whole.start();
        let (year, end) = match self.year_of(c, "y", start) {
            Some((y, end)) => (Some(y), end),
            None => (None, m.end().max(dd.end())),
        };
        if !edges_ok(self.text, start, end) {
            return;
        }
        let Some(value) = self.month_day(year, month as u32, day) else {
            return;
        };
        let weekday = c
            .name("wd")
            .or_else(|| c.name("wda"))
            .and_then(|w| weekday_from_name(w.as_str()));
        self.cands.push(Cand {
            span: start..end,
            value,
            ambiguous: false,
            relative: false,
            weekday,
        });
    }

    /// `January 11-13[, 2025]` and `11-13 January[ 2025]`.
    fn same_month_range(&mut self, c: &Captures) {
        let whole = c.get(0).expect("group 0");
        let (Some(m), Some(dd1), Some(dd2)) = (c.name("m"), c.name("dd1"), c.name("dd2")) else {
            return;
        };
        let (Some(month), Some(d1), Some(d2)) = (
            month_from_name(m.as_str()),
            num(dd1.as_str()),
            num(dd2.as_str()),
        ) else {
            return;
        };
        let month = month as u32;
        let start = whole.start();
        if d2 <= d1
            || !month_day_ok(month, d1)
            || !month_day_ok(month, d2)
            || !self.sep_ok(c, start)
        {
            return;
        }
        let (year, end) = match self.year_of(c, "y", start) {
            Some((y, end)) => (Some(y), end),
            None => (None, m.end().max(dd2.end())),
        };
        if !edges_ok(self.text, start, end) {
            return;
        }
        let value = match (year, self.reference) {
            (Some(y), _) => range_value((y as i16, month, d1), (y as i16, month, d2)),
            (None, Some(r)) => {
                let y = infer_year(r, month, d1);
                range_value((y, month, d1), (y, month, d2))
            }
            (None, None) => Some(DateValue::Partial {
                month: month as i8,
                day: Some(d1 as i8),
                end_day: Some(d2 as i8),
            }),
        };
        if let Some(value) = value {
            self.push(start..end, value);
        }
    }

    /// `January 30 – February 2[, 2025]` and `30 January – 2 February[ 2025]`.
    fn cross_month_range(&mut self, c: &Captures) {
        let whole = c.get(0).expect("group 0");
        let get = |name: &str| c.name(name);
        let (Some(m1), Some(dd1), Some(m2), Some(dd2)) =
            (get("m1"), get("dd1"), get("m2"), get("dd2"))
        else {
            return;
        };
        let (Some(m1n), Some(d1), Some(m2n), Some(d2)) = (
            month_from_name(m1.as_str()),
            num(dd1.as_str()),
            month_from_name(m2.as_str()),
            num(dd2.as_str()),
        ) else {
            return;
        };
        let (m1n, m2n) = (m1n as u32, m2n as u32);
        let start = whole.start();
        if !self.sep_ok(c, start) {
            return;
        }
        // Any year written must be valid, or the whole range is dropped (the single dates remain).
        if c.name("y1").is_some() && self.year_of(c, "y1", start).is_none()
            || c.name("y2").is_some() && self.year_of(c, "y2", start).is_none()
        {
            return;
        }
        let y1 = self.year_of(c, "y1", start).map(|(y, _)| y as i16);
        let y2 = self.year_of(c, "y2", start).map(|(y, end)| (y as i16, end));
        let end = y2.map_or(m2.end().max(dd2.end()), |(_, e)| e);
        if !edges_ok(self.text, start, end) {
            return;
        }
        let wraps = (m2n, d2) < (m1n, d1);
        let years = match (y1, y2.map(|(y, _)| y), self.reference) {
            (Some(a), Some(b), _) => Some((a, b)),
            (None, Some(b), _) => Some((if wraps { b - 1 } else { b }, b)),
            (None, None, Some(r)) => {
                let a = infer_year(r, m1n, d1);
                Some((a, if wraps { a + 1 } else { a }))
            }
            _ => None,
        };
        let Some((ya, yb)) = years else { return };
        if let Some(value) = range_value((ya, m1n, d1), (yb, m2n, d2)) {
            self.push(start..end, value);
        }
    }

    /// `2021/09/01`, `2025-01-12`, `01/09/2021`, `1.9.2021`.
    fn numeric(&mut self) {
        let text = self.text;
        let g = self.gate;
        each_match_if(g.digit, &RE_YMD_NUM, text, |c| {
            let whole = c.get(0).expect("group 0");
            if c["s1"] != c["s2"] || !num_edges_ok(text, whole.start(), whole.end()) {
                return;
            }
            let (Some(y), Some(m), Some(d)) = (num(&c["y"]), num(&c["m"]), num(&c["d"])) else {
                return;
            };
            if !year_ok(y) {
                return;
            }
            if let Some(value) = day_value(y as i16, m, d) {
                self.push(whole.range(), value);
            }
        });
        each_match_if(g.digit, &RE_DMY_NUM, text, |c| {
            let whole = c.get(0).expect("group 0");
            if c["s1"] != c["s2"] || !num_edges_ok(text, whole.start(), whole.end()) {
                return;
            }
            let (Some(a), Some(b), Some(y)) = (num(&c["a"]), num(&c["b"]), num(&c["y"])) else {
                return;
            };
            if !year_ok(y) {
                return;
            }
            let dm = month_day_ok(b, a);
            let md = month_day_ok(a, b);
            let (day, month, ambiguous) = match (dm, md) {
                (true, true) => (a, b, a != b),
                (true, false) => (a, b, false),
                (false, true) => (b, a, false),
                (false, false) => return,
            };
            if let Some(value) = day_value(y as i16, month, day) {
                self.cands.push(Cand {
                    span: whole.range(),
                    value,
                    ambiguous,
                    relative: false,
                    weekday: None,
                });
            }
        });
    }

    /// `July 2024`, `in July`, `in 2019`, `from 2018 to 2020`.
    fn months_and_years(&mut self) {
        let text = self.text;
        let g = self.gate;
        each_match_if(g.month && g.digit, &RE_MONTH_YEAR, text, |c| {
            let whole = c.get(0).expect("group 0");
            let (Some(m), Some(y)) = (month_from_name(&c["m"]), num(&c["y"])) else {
                return;
            };
            if !year_ok(y) || !edges_ok(text, whole.start(), whole.end()) {
                return;
            }
            if let Some(value) = month_value(y as i16, m as u32) {
                self.push(whole.range(), value);
            }
        });
        if let Some(r) = self.reference {
            each_match_if(g.month, &RE_PREP_MONTH, text, |c| {
                let m = c.name("m").expect("month group");
                let start = c.name("mod").map_or(m.start(), |g| g.start());
                let Some(month) = month_from_name(m.as_str()) else {
                    return;
                };
                if !edges_ok(text, start, m.end()) {
                    return;
                }
                let month = month as u32;
                if let Some(value) = month_value(infer_year(r, month, 1), month) {
                    self.push(start..m.end(), value);
                }
            });
        }
        each_match_if(g.digit, &RE_PREP_YEAR, text, |c| {
            let y = c.name("y").expect("year group");
            let start = c.name("mod").map_or(y.start(), |g| g.start());
            let Some(year) = num(y.as_str()) else { return };
            if !edges_ok(text, start, y.end()) {
                return;
            }
            if let Some(value) = year_value(year as i16) {
                self.push(start..y.end(), value);
            }
        });
        each_match_if(g.digit, &RE_YEAR_RANGE, text, |c| {
            let (y1g, y2g) = (c.name("y1").expect("y1"), c.name("y2").expect("y2"));
            let (Some(y1), Some(y2)) = (num(y1g.as_str()), num(y2g.as_str())) else {
                return;
            };
            let and = c["sep"].trim().eq_ignore_ascii_case("and");
            let between = c["prep"].eq_ignore_ascii_case("between");
            if y2 <= y1 || and != between || !edges_ok(text, y1g.start(), y2g.end()) {
                return;
            }
            let (Ok(start), Ok(end)) = (Date::new(y1 as i16, 1, 1), Date::new(y2 as i16, 12, 31))
            else {
                return;
            };
            self.push(
                y1g.start()..y2g.end(),
                DateValue::Known {
                    start,
                    end,
                    precision: Precision::Range,
                },
            );
        });
    }

    /// Expressions that only make sense with a reference date.
    fn relative(&mut self) {
        let Some(r) = self.reference else { return };
        self.today_and_yesterday(r);
        self.weekdays(r);
        self.weekends(r);
        self.calendar_units(r);
        self.ago(r);
        self.named_months(r);
    }

    /// `today`, `yesterday`, `tomorrow`, `tonight`, `this morning`, `last night`.
    fn today_and_yesterday(&mut self, r: Date) {
        let text = self.text;
        let g = self.gate;
        each_match_if(g.rel_day, &RE_REL_DAY, text, |c| {
            let whole = c.get(0).expect("group 0");
            if !edges_ok(text, whole.start(), whole.end()) {
                return;
            }
            let offset = match c.name("w").map(|w| w.as_str().to_ascii_lowercase()) {
                Some(w) if w == "yesterday" => -1,
                Some(w) if w == "tomorrow" => 1,
                Some(_) => 0,
                None if c.name("last").is_some() => -1,
                None => 0,
            };
            // `USA Today`, `Russia Today`: a capitalised word after a capitalised name.
            if starts_upper(whole.as_str())
                && word_before(text, whole.start())
                    .is_some_and(|w| starts_upper(w) && !in_list(w, WEEKDAY_PREPS))
            {
                return;
            }
            if let Some(date) = add_days(r, offset) {
                self.push_relative(
                    whole.range(),
                    DateValue::Known {
                        start: date,
                        end: date,
                        precision: Precision::Day,
                    },
                    None,
                );
            }
        });
    }

    /// `on Sunday`, `last Sunday`, `next Sunday`, `Sunday`.
    fn weekdays(&mut self, r: Date) {
        let text = self.text;
        let g = self.gate;
        each_match_if(g.weekday, &RE_REL_WEEKDAY, text, |c| {
            let whole = c.get(0).expect("group 0");
            let wd = c.name("wd").expect("weekday group");
            if !edges_ok(text, whole.start(), whole.end()) {
                return;
            }
            let Some(weekday) = weekday_from_name(wd.as_str()) else {
                return;
            };
            let modifier = c.name("mod").map(|m| m.as_str().to_ascii_lowercase());
            if modifier.is_none() {
                let before = word_before(text, wd.start());
                let after_prep = before.is_some_and(|w| in_list(w, WEEKDAY_PREPS));
                if !after_prep {
                    let lowercase = wd.as_str().chars().all(|ch| ch.is_lowercase());
                    let generic = before.is_some_and(|w| in_list(w, WEEKDAY_GENERIC));
                    let in_name = before.is_some_and(starts_upper)
                        || word_after(text, wd.end()).is_some_and(starts_upper);
                    if lowercase || generic || in_name {
                        return;
                    }
                }
            }
            let back = days_back(r.weekday(), weekday);
            let forward = (7 - back) % 7;
            let offset = match modifier.as_deref() {
                Some("last" | "past") => -(if back == 0 { 7 } else { back }),
                Some("next") => {
                    if forward == 0 {
                        7
                    } else {
                        forward
                    }
                }
                Some(_) => forward,
                None => -back,
            };
            if let Some(date) = add_days(r, offset) {
                self.push_relative(
                    whole.range(),
                    DateValue::Known {
                        start: date,
                        end: date,
                        precision: Precision::Day,
                    },
                    Some(weekday),
                );
            }
        });
    }

    /// `over the weekend`, `this weekend`, `last weekend`, `next weekend`.
    fn weekends(&mut self, r: Date) {
        let text = self.text;
        let g = self.gate;
        each_match_if(g.weekend, &RE_WEEKEND, text, |c| {
            let span = match c.name("the") {
                Some(the) => the.range(),
                None => c.get(0).expect("group 0").range(),
            };
            if !edges_ok(text, span.start, span.end) {
                return;
            }
            let off = i64::from(r.weekday().to_monday_zero_offset()); // Monday 0 .. Sunday 6
            let modifier = c.name("mod").map(|m| m.as_str().to_ascii_lowercase());
            // The Saturday's offset from the reference.
            let sat = match modifier.as_deref() {
                Some("next" | "coming") => {
                    let fwd = (5 - off).rem_euclid(7);
                    if fwd == 0 { 7 } else { fwd }
                }
                Some("last" | "past") if off >= 5 => 5 - off - 7,
                _ if off >= 5 => 5 - off,
                _ => -(off + 2),
            };
            if let (Some(start), Some(end)) = (add_days(r, sat), add_days(r, sat + 1)) {
                self.push_relative(
                    span,
                    DateValue::Known {
                        start,
                        end,
                        precision: Precision::Range,
                    },
                    None,
                );
            }
        });
    }

    /// `last month`, `this year`, `earlier this year`.
    fn calendar_units(&mut self, r: Date) {
        let text = self.text;
        let g = self.gate;
        each_match_if(g.unit, &RE_REL_UNIT, text, |c| {
            let whole = c.get(0).expect("group 0");
            if !edges_ok(text, whole.start(), whole.end()) {
                return;
            }
            // `the last year`, `the next month`: a trailing period, not a calendar unit.
            if c.name("adv").is_none()
                && word_before(text, whole.start()).is_some_and(|w| w.eq_ignore_ascii_case("the"))
            {
                return;
            }
            let delta = match c["mod"].to_ascii_lowercase().as_str() {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            let value = if c["unit"].eq_ignore_ascii_case("year") {
                year_value(r.year() + delta as i16)
            } else {
                let (y, m) = shift_month(r.year(), r.month(), delta);
                month_value(y, m)
            };
            if let Some(value) = value {
                self.push_relative(whole.range(), value, None);
            }
        });
    }

    /// `3 days ago`, `two months ago`, `a year ago`.
    fn ago(&mut self, r: Date) {
        let text = self.text;
        let g = self.gate;
        each_match_if(g.ago, &RE_AGO, text, |c| {
            let whole = c.get(0).expect("group 0");
            if !edges_ok(text, whole.start(), whole.end()) {
                return;
            }
            let n: i64 = match c["n"].to_ascii_lowercase().as_str() {
                "a" | "an" | "one" => 1,
                "two" => 2,
                "three" => 3,
                "four" => 4,
                "five" => 5,
                "six" => 6,
                "seven" => 7,
                "eight" => 8,
                "nine" => 9,
                "ten" => 10,
                "eleven" => 11,
                "twelve" => 12,
                digits => match digits.parse() {
                    Ok(n) => n,
                    Err(_) => return,
                },
            };
            let unit = c["unit"].to_ascii_lowercase();
            let value = match unit.as_str() {
                "day" => add_days(r, -n).map(|d| DateValue::Known {
                    start: d,
                    end: d,
                    precision: Precision::Day,
                }),
                "month" => {
                    let (y, m) = shift_month(r.year(), r.month(), -(n as i32));
                    month_value(y, m)
                }
                _ => year_value(r.year() - n as i16),
            };
            if let Some(value) = value {
                self.push_relative(whole.range(), value, None);
            }
        });
    }

    /// `last March`, `this May`, `next June`.
    fn named_months(&mut self, r: Date) {
        let text = self.text;
        let g = self.gate;
        each_match_if(g.month, &RE_REL_MONTH, text, |c| {
            let whole = c.get(0).expect("group 0");
            if !edges_ok(text, whole.start(), whole.end()) {
                return;
            }
            let Some(month) = month_from_name(&c["m"]) else {
                return;
            };
            let year = match c["mod"].to_ascii_lowercase().as_str() {
                "last" if month < r.month() => r.year(),
                "last" => r.year() - 1,
                "next" if month > r.month() => r.year(),
                "next" => r.year() + 1,
                _ => infer_year(r, month as u32, 1),
            };
            if let Some(value) = month_value(year, month as u32) {
                self.push_relative(whole.range(), value, None);
            }
        });
    }
}

/// ISO strings of a date's interval; a year-less date is written `--MM-DD`.
pub fn date_bounds(d: &DateMention) -> (Option<String>, Option<String>) {
    match &d.value {
        DateValue::Known { start, end, .. } => (Some(start.to_string()), Some(end.to_string())),
        DateValue::Partial {
            month,
            day,
            end_day,
        } => {
            let s = day
                .map(|d| format!("--{month:02}-{d:02}"))
                .unwrap_or_else(|| format!("--{month:02}"));
            let e = end_day
                .or(*day)
                .map(|d| format!("--{month:02}-{d:02}"))
                .unwrap_or_else(|| s.clone());
            (Some(s), Some(e))
        }
        DateValue::Invalid { .. } => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn day(y: i16, m: i8, dd: i8) -> DateValue {
        DateValue::Known {
            start: d(y, m, dd),
            end: d(y, m, dd),
            precision: Precision::Day,
        }
    }

    fn known(start: Date, end: Date, precision: Precision) -> DateValue {
        DateValue::Known {
            start,
            end,
            precision,
        }
    }

    fn month(y: i16, m: i8) -> DateValue {
        let first = d(y, m, 1);
        known(first, first.last_of_month(), Precision::Month)
    }

    fn year(y: i16) -> DateValue {
        known(d(y, 1, 1), d(y, 12, 31), Precision::Year)
    }

    #[test]
    fn the_month_list() {
        assert_eq!(MONTHS[8].name, "September");
        assert_eq!(MONTHS[8].abbreviations, ["Sept", "Sep"]);
        assert!(!MONTHS[4].lowercase_ok && MONTHS[4].abbreviations.is_empty());
        assert!(!MONTHS[2].lowercase_ok && MONTHS[0].lowercase_ok);
    }

    #[test]
    fn a_formal_closing_writes_the_day_of_the_month() {
        let m = one("DONE at Vientiane, this 26th day of October, 2025.", None);
        assert_eq!(m.text, "26th day of October, 2025");
        assert_eq!(m.value, day(2025, 10, 26));
        assert_eq!(one("on the 3rd of May 2024", None).value, day(2024, 5, 3));
    }

    /// Exactly one mention; also checks `text` against the span.
    fn one(text: &str, reference: Option<Date>) -> DateMention {
        let found = find_dates(text, reference);
        assert_eq!(found.len(), 1, "{text:?}: {found:#?}");
        let m = found.into_iter().next().unwrap();
        assert_eq!(m.text, &text[m.span.clone()]);
        m
    }

    fn none(text: &str, reference: Option<Date>) {
        let found = find_dates(text, reference);
        assert!(found.is_empty(), "{text:?}: {found:#?}");
    }

    /// The mention's text and value.
    fn tv(text: &str, reference: Option<Date>) -> (String, DateValue) {
        let m = one(text, reference);
        (m.text, m.value)
    }

    const REF: Option<Date> = Some(Date::constant(2025, 10, 27)); // a Monday

    #[test]
    fn iso_dates() {
        let m = one("Published 2025-01-12 in Hanoi", None);
        assert_eq!(m.span, 10..20);
        assert_eq!(m.value, day(2025, 1, 12));
        assert!(!m.ambiguous && !m.relative && m.weekday.is_none());
        assert_eq!(
            tv("date 2025-01-12", None),
            ("2025-01-12".into(), day(2025, 1, 12))
        );
        assert_eq!(
            tv("date2025-01-12", None),
            ("2025-01-12".into(), day(2025, 1, 12))
        );
        assert_eq!(tv("report_2025-01-12.pdf", None).1, day(2025, 1, 12));
        assert_eq!(tv("2025-01-12T15:35:00Z", None).1, day(2025, 1, 12));
        assert_eq!(tv("2025-1-9", None).1, day(2025, 1, 9));
        none("12025-01-12", None);
        none("2025-01-123", None);
        none("2025-13-01", None);
        none("2025-00-10", None);
        none("2025-01/12", None);
    }

    #[test]
    fn written_dates() {
        let cases = [
            ("January 12, 2025", "January 12, 2025"),
            ("on Jan. 12, 2025.", "Jan. 12, 2025"),
            ("Jan 12 2025", "Jan 12 2025"),
            ("12 January 2025", "12 January 2025"),
            ("12th January 2025", "12th January 2025"),
            ("January 12th, 2025", "January 12th, 2025"),
            ("the 12th of January 2025", "12th of January 2025"),
            ("12 January, 2025", "12 January, 2025"),
            ("JANUARY 12, 2025", "JANUARY 12, 2025"),
            ("january 12, 2025", "january 12, 2025"),
            ("12 Jan 2025", "12 Jan 2025"),
            ("12 JAN. 2025", "12 JAN. 2025"),
        ];
        for (text, span_text) in cases {
            let m = one(text, None);
            assert_eq!(m.text, span_text, "{text}");
            assert_eq!(m.value, day(2025, 1, 12), "{text}");
            assert!(!m.relative && !m.ambiguous && m.weekday.is_none(), "{text}");
        }
        assert_eq!(tv("Sept. 3, 2024", None).1, day(2024, 9, 3));
        assert_eq!(tv("Sep 3, 2024", None).1, day(2024, 9, 3));
        assert_eq!(tv("3 May 2024", None).1, day(2024, 5, 3));
        assert_eq!(tv("May 3, 2024", None).1, day(2024, 5, 3));
        assert_eq!(tv("1st March 2024", None).1, day(2024, 3, 1));
        assert_eq!(tv("Dec. 25, 1999", None).1, day(1999, 12, 25));
    }

    #[test]
    fn written_date_spans_are_byte_offsets() {
        let text = "Hà Nội, ngày January 12, 2025 🎉 và 3 May 2024.";
        let found = find_dates(text, None);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].text, "January 12, 2025");
        assert_eq!(found[0].span.start, text.find("January").unwrap());
        assert_eq!(found[1].text, "3 May 2024");
        assert_eq!(&text[found[1].span.clone()], "3 May 2024");
    }

    #[test]
    fn weekday_prefix() {
        let m = one("Sunday, January 12, 2025", None);
        assert_eq!(m.span, 0..24);
        assert_eq!(m.weekday, Some(Weekday::Sunday));
        assert_eq!(m.value, day(2025, 1, 12));
        assert!(!m.relative);

        let m = one("Published Saturday, 12 January 2025.", None);
        assert_eq!(m.text, "Saturday, 12 January 2025");
        assert_eq!(m.weekday, Some(Weekday::Saturday));

        let m = one("Sat, 11 Jan 2025 10:00:00 +0700", None);
        assert_eq!(m.text, "Sat, 11 Jan 2025");
        assert_eq!(m.weekday, Some(Weekday::Saturday));
        assert_eq!(m.value, day(2025, 1, 11));

        let m = one("They met on Saturday 12 January", Some(d(2025, 1, 20)));
        assert_eq!(m.text, "Saturday 12 January");
        assert_eq!(m.weekday, Some(Weekday::Saturday));
        assert_eq!(m.value, day(2025, 1, 12));

        let m = one("on Thurs., Jan. 9", None);
        assert_eq!(m.text, "Thurs., Jan. 9");
        assert_eq!(m.weekday, Some(Weekday::Thursday));
        assert_eq!(
            m.value,
            DateValue::Partial {
                month: 1,
                day: Some(9),
                end_day: None
            }
        );

        // The weekday is recorded, not checked.
        let m = one("Monday, January 12, 2025", None);
        assert_eq!(m.weekday, Some(Weekday::Monday));
        assert_eq!(m.value, day(2025, 1, 12));
    }

    #[test]
    fn dateline_stops_at_year() {
        let m = one("January 12, 2025 - 15:35", None);
        assert_eq!(m.text, "January 12, 2025");
        assert_eq!(m.value, day(2025, 1, 12));
        let m = one("12/01/2025 15:35", None);
        assert_eq!(m.text, "12/01/2025");
        let m = one("Sunday, January 12, 2025 | 15:35 GMT+7", None);
        assert_eq!(m.text, "Sunday, January 12, 2025");
    }

    #[test]
    fn partial_without_reference() {
        let m = one("On November 6 the talks resumed", None);
        assert_eq!(m.text, "November 6");
        assert_eq!(
            m.value,
            DateValue::Partial {
                month: 11,
                day: Some(6),
                end_day: None
            }
        );
        assert!(!m.resolved());
        assert_eq!(
            tv("on 6 November,", None),
            (
                "6 November".into(),
                DateValue::Partial {
                    month: 11,
                    day: Some(6),
                    end_day: None
                }
            )
        );
        assert_eq!(
            tv("on 6th of November", None).1,
            DateValue::Partial {
                month: 11,
                day: Some(6),
                end_day: None
            }
        );
        none("on November 32", None);
        none("on November 0", None);
    }

    #[test]
    fn partial_past_leaning() {
        // Reference Monday 2025-10-27; the limit is 2025-11-03.
        assert_eq!(tv("November 6", REF).1, day(2024, 11, 6));
        assert_eq!(tv("November 3", REF).1, day(2025, 11, 3));
        assert_eq!(tv("1 November", REF).1, day(2025, 11, 1));
        assert_eq!(tv("October 1", REF).1, day(2025, 10, 1));
        assert_eq!(tv("December 25", REF).1, day(2024, 12, 25));
        assert_eq!(tv("January 2", REF).1, day(2025, 1, 2));
        // Around new year the following January is within a week.
        assert_eq!(tv("January 2", Some(d(2025, 12, 28))).1, day(2026, 1, 2));
        assert_eq!(tv("December 30", Some(d(2026, 1, 3))).1, day(2025, 12, 30));
        let m = one("November 6", REF);
        assert!(m.resolved() && !m.relative);
    }

    #[test]
    fn month_year() {
        let m = one("in July 2024", None);
        assert_eq!(m.text, "July 2024");
        assert_eq!(
            m.value,
            known(d(2024, 7, 1), d(2024, 7, 31), Precision::Month)
        );
        assert_eq!(
            tv("February 2024", None).1,
            known(d(2024, 2, 1), d(2024, 2, 29), Precision::Month)
        );
        assert_eq!(tv("July, 2024", None).1, month(2024, 7));
        assert_eq!(tv("July of 2024", None).1, month(2024, 7));
        assert_eq!(tv("Sept. 2024", None).1, month(2024, 9));
        assert_eq!(tv("May 2025", None).1, month(2025, 5));
        none("may 2025", None);
        none("July 20245", None);
    }

    #[test]
    fn month_after_preposition_needs_reference() {
        none("in July", None);
        let m = one("The deal was signed in July.", REF);
        assert_eq!(m.text, "July");
        assert_eq!(m.value, month(2025, 7));
        assert!(!m.relative);
        assert_eq!(tv("in November", REF).1, month(2025, 11)); // starts within a week
        assert_eq!(tv("in December", REF).1, month(2024, 12));
        assert_eq!(tv("In May, prices rose", REF).1, month(2025, 5));
        assert_eq!(
            tv("since early March", REF),
            ("early March".into(), month(2025, 3))
        );
        assert_eq!(tv("by mid-June", REF), ("mid-June".into(), month(2025, 6)));
        assert_eq!(tv("until Sept.", REF), ("Sept.".into(), month(2025, 9)));
        // a day or year after the month makes a longer mention
        assert_eq!(tv("in July 2023", REF).1, month(2023, 7));
        assert_eq!(tv("in May 5", REF), ("May 5".into(), day(2025, 5, 5)));
    }

    #[test]
    fn month_name_alone_is_not_a_date() {
        for text in [
            "March on Washington",
            "May I ask a question?",
            "it may rain in may",
            "they march in march",
            "the Long March",
            "Theresa May said",
            "Janet and Junior",
            "the Ides of March",
            "In Marseille",
            "in Junes",
        ] {
            none(text, REF);
            none(text, None);
        }
    }

    #[test]
    fn year_after_preposition() {
        for (text, y) in [
            ("in 2019", 2019),
            ("since 2019,", 2019),
            ("by 2030", 2030),
            ("until 2020", 2020),
            ("during 2020", 2020),
            ("from 2018", 2018),
            ("before 2019", 2019),
            ("after 2019.", 2019),
            ("In 2019, the ministry", 2019),
            ("throughout 1999", 1999),
        ] {
            let m = one(text, None);
            assert_eq!(m.text, y.to_string(), "{text}");
            assert_eq!(m.value, year(y), "{text}");
            assert!(!m.relative);
        }
        assert_eq!(tv("in early 2025", None), ("early 2025".into(), year(2025)));
        assert_eq!(tv("by mid-2026", None), ("mid-2026".into(), year(2026)));
    }

    #[test]
    fn years_that_are_not_dates() {
        for text in [
            "the 2024 cooperation plan",
            "a budget for 2025",
            "2025",
            "in 1850",
            "in 2150",
            "in 2019-20 season",
            "in 2019/20",
            "within 2019",
            "in 20199",
            "in 2,019 cases",
            "in 2019.5",
        ] {
            none(text, None);
        }
    }

    #[test]
    fn year_ranges() {
        let m = one("from 2018 to 2020", None);
        assert_eq!(m.text, "2018 to 2020");
        assert_eq!(
            m.value,
            known(d(2018, 1, 1), d(2020, 12, 31), Precision::Range)
        );
        assert_eq!(tv("between 2018 and 2020", None).0, "2018 and 2020");
        assert_eq!(
            tv("in 2018-2020", None).1,
            known(d(2018, 1, 1), d(2020, 12, 31), Precision::Range)
        );
        // not a range: falls back to the first year
        assert_eq!(tv("from 2020 to 2018", None).1, year(2020));
        assert_eq!(tv("in 2018 and 2020", None).0, "2018");
    }

    #[test]
    fn day_ranges() {
        let r = Some(d(2025, 1, 12));
        let m = one("January 11-13", r);
        assert_eq!(m.span, 0..13);
        assert_eq!(
            m.value,
            known(d(2025, 1, 11), d(2025, 1, 13), Precision::Range)
        );
        assert!(!m.relative);
        let jan = known(d(2025, 1, 11), d(2025, 1, 13), Precision::Range);
        for (text, span_text) in [
            ("January 11–13, 2025", "January 11–13, 2025"),
            ("11-13 January 2025", "11-13 January 2025"),
            ("from January 11 to 13, 2025", "January 11 to 13, 2025"),
            ("Jan. 11 - 13, 2025", "Jan. 11 - 13, 2025"),
            ("11th to 13th January 2025", "11th to 13th January 2025"),
            ("between 11 and 13 January 2025", "11 and 13 January 2025"),
            ("between January 11 and 13, 2025", "January 11 and 13, 2025"),
            ("January 11 through 13, 2025", "January 11 through 13, 2025"),
        ] {
            assert_eq!(
                tv(text, None),
                (span_text.to_string(), jan.clone()),
                "{text}"
            );
        }
        assert_eq!(
            tv("25–26 October 2025", None).1,
            known(d(2025, 10, 25), d(2025, 10, 26), Precision::Range)
        );
        assert_eq!(
            tv("from January 11 to 13", r),
            ("January 11 to 13".into(), jan.clone())
        );
        assert_eq!(
            tv("January 11-13", None).1,
            DateValue::Partial {
                month: 1,
                day: Some(11),
                end_day: Some(13)
            }
        );
        // `and` without `between` is two days, of which only the first is a date
        assert_eq!(tv("January 11 and 13, 2025", None).0, "January 11");
        // a score is not a range
        none("May 5-4", None);
        none("won 3-1 May", None);
    }

    #[test]
    fn cross_month_ranges() {
        assert_eq!(
            tv("January 30 – February 2, 2025", None),
            (
                "January 30 – February 2, 2025".into(),
                known(d(2025, 1, 30), d(2025, 2, 2), Precision::Range)
            )
        );
        assert_eq!(
            tv("30 January - 2 February 2025", None).1,
            known(d(2025, 1, 30), d(2025, 2, 2), Precision::Range)
        );
        assert_eq!(
            tv("December 30, 2024 – January 2, 2025", None).1,
            known(d(2024, 12, 30), d(2025, 1, 2), Precision::Range)
        );
        assert_eq!(
            tv("December 30 – January 2, 2025", None).1,
            known(d(2024, 12, 30), d(2025, 1, 2), Precision::Range)
        );
        assert_eq!(
            tv("December 30 to January 2", Some(d(2025, 1, 5))).1,
            known(d(2024, 12, 30), d(2025, 1, 2), Precision::Range)
        );
        // without year or reference the two ends are separate partial dates
        let found = find_dates("January 30 – February 2", None);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].text, "January 30");
        assert_eq!(found[1].text, "February 2");
    }

    #[test]
    fn numeric_dates() {
        let m = one("01/09/2021", None);
        assert!(m.ambiguous);
        assert_eq!(m.value, day(2021, 9, 1));
        let m = one("on 1/9/2021,", None);
        assert_eq!(m.text, "1/9/2021");
        assert!(m.ambiguous);
        assert_eq!(m.value, day(2021, 9, 1));
        let m = one("01.09.2021", None);
        assert!(m.ambiguous);
        assert_eq!(m.value, day(2021, 9, 1));
        let m = one("01-09-2021", None);
        assert_eq!(m.value, day(2021, 9, 1));
        let m = one("2021/09/01", None);
        assert!(!m.ambiguous);
        assert_eq!(m.value, day(2021, 9, 1));
        assert_eq!(one("2021.09.01", None).value, day(2021, 9, 1));
        let m = one("13/09/2021", None);
        assert!(!m.ambiguous);
        assert_eq!(m.value, day(2021, 9, 13));
        let m = one("09/13/2021", None);
        assert!(!m.ambiguous);
        assert_eq!(m.value, day(2021, 9, 13));
        let m = one("05/05/2021", None);
        assert!(!m.ambiguous);
        assert_eq!(m.value, day(2021, 5, 5));
        assert_eq!(
            one("31/09/2021", None).value,
            DateValue::Invalid {
                year: 2021,
                month: 9,
                day: 31
            }
        );
        none("13/13/2021", None);
        none("32/01/2021", None);
        none("01/09.2021", None);
        none("1/9/21", None);
        none("192.168.1.2021", None);
        none("01/09/20215", None);
    }

    #[test]
    fn numbers_that_are_not_dates() {
        for text in [
            "5/10",
            "3.5",
            "1.2.3",
            "73 20",
            "24/7",
            "No.16",
            "14th",
            "the 14th",
            "2025",
            "call 0912 345 678",
            "+84 24 3825 1234",
            "version 1.2.3.4",
            "10:30",
            "score 3-1",
            "12.5%",
            "",
        ] {
            none(text, REF);
            none(text, None);
        }
    }

    #[test]
    fn invalid_days() {
        let m = one("31 September 2026", None);
        assert_eq!(
            m.value,
            DateValue::Invalid {
                year: 2026,
                month: 9,
                day: 31
            }
        );
        assert_eq!(m.span, 0..17);
        assert!(!m.relative && !m.resolved());
        assert_eq!(
            one("29 February 2027", None).value,
            DateValue::Invalid {
                year: 2027,
                month: 2,
                day: 29
            }
        );
        assert_eq!(
            one("2026-02-30", None).value,
            DateValue::Invalid {
                year: 2026,
                month: 2,
                day: 30
            }
        );
        let m = one("February 30", Some(d(2025, 3, 10)));
        assert_eq!(
            m.value,
            DateValue::Invalid {
                year: 2025,
                month: 2,
                day: 30
            }
        );
        assert!(!m.relative);
        assert_eq!(
            one("April 31, 2025", None).value,
            DateValue::Invalid {
                year: 2025,
                month: 4,
                day: 31
            }
        );
        // leap years
        assert_eq!(one("29 February 2028", None).value, day(2028, 2, 29));
        assert_eq!(one("2000-02-29", None).value, day(2000, 2, 29));
        assert_eq!(
            one("29 February 2100", None).value,
            DateValue::Invalid {
                year: 2100,
                month: 2,
                day: 29
            }
        );
        // an impossible end day in a range
        assert_eq!(
            one("February 27-30, 2026", None).value,
            DateValue::Invalid {
                year: 2026,
                month: 2,
                day: 30
            }
        );
    }

    #[test]
    fn relative_days() {
        let r = Some(d(2021, 9, 1));
        let m = one("Today, the ministry said", r);
        assert_eq!(m.span, 0..5);
        assert_eq!(m.value, day(2021, 9, 1));
        assert!(m.relative && m.weekday.is_none());
        assert_eq!(
            tv("as reported yesterday", r),
            ("yesterday".into(), day(2021, 8, 31))
        );
        assert_eq!(tv("tomorrow", r).1, day(2021, 9, 2));
        assert_eq!(
            tv("late last night", r),
            ("last night".into(), day(2021, 8, 31))
        );
        assert_eq!(tv("this morning", r).1, day(2021, 9, 1));
        assert_eq!(tv("TONIGHT", r).1, day(2021, 9, 1));
        none("Today, the ministry said yesterday", None);
        none("according to USA Today", r);
        none("todays", r);
    }

    #[test]
    fn relative_weekdays() {
        let sunday = Some(d(2025, 1, 12));
        let m = one("at the meeting on Sunday", sunday);
        assert_eq!(m.text, "Sunday");
        assert_eq!(m.span, 18..24);
        assert_eq!(m.value, day(2025, 1, 12));
        assert!(m.relative);
        assert_eq!(m.weekday, Some(Weekday::Sunday));
        assert_eq!(tv("on Friday", sunday).1, day(2025, 1, 10));
        assert_eq!(tv("on Monday", sunday).1, day(2025, 1, 6));
        assert_eq!(
            tv("last Sunday", sunday),
            ("last Sunday".into(), day(2025, 1, 5))
        );
        assert_eq!(tv("Last Friday", sunday).1, day(2025, 1, 10));
        assert_eq!(tv("next Monday", sunday).1, day(2025, 1, 13));
        assert_eq!(tv("next Sunday", sunday).1, day(2025, 1, 19));
        assert_eq!(tv("this Sunday", sunday).1, day(2025, 1, 12));
        assert_eq!(tv("this Wednesday", sunday).1, day(2025, 1, 15));
        assert_eq!(tv("on sunday", sunday).1, day(2025, 1, 12));
        assert_eq!(
            tv("Officials said Thursday that", sunday).1,
            day(2025, 1, 9)
        );
        assert_eq!(tv("Tuesday's vote", sunday).1, day(2025, 1, 7));
        assert_eq!(tv("early Saturday morning", sunday).1, day(2025, 1, 11));
        assert_eq!(tv("On Sunday Trump said", sunday).1, day(2025, 1, 12));
        assert_eq!(tv("Wednesday, the minister", REF).1, day(2025, 10, 22));
        none("on Sunday", None);
        for text in [
            "Easter Sunday",
            "Black Friday sales",
            "the Sunday Times",
            "every Sunday",
            "on Sundays",
            "a Monday morning",
            "sunday roast",
        ] {
            none(text, sunday);
        }
    }

    #[test]
    fn weekends() {
        let monday = Some(d(2025, 10, 27));
        let last = known(d(2025, 10, 25), d(2025, 10, 26), Precision::Range);
        let m = one("Fighting continued over the weekend.", monday);
        assert_eq!(m.text, "the weekend");
        assert_eq!(m.value, last);
        assert!(m.relative);
        for text in [
            "this weekend",
            "last weekend",
            "at the weekend",
            "past weekend",
            "on the weekend",
        ] {
            assert_eq!(one(text, monday).value, last, "{text}");
        }
        assert_eq!(tv("This weekend", monday).0, "This weekend");
        // Friday, Sunday, Saturday references
        assert_eq!(one("over the weekend", Some(d(2025, 10, 31))).value, last);
        assert_eq!(one("over the weekend", Some(d(2025, 10, 26))).value, last);
        assert_eq!(one("this weekend", Some(d(2025, 10, 25))).value, last);
        assert_eq!(
            one("last weekend", Some(d(2025, 10, 26))).value,
            known(d(2025, 10, 18), d(2025, 10, 19), Precision::Range)
        );
        assert_eq!(
            one("next weekend", monday).value,
            known(d(2025, 11, 1), d(2025, 11, 2), Precision::Range)
        );
        assert_eq!(
            one("next weekend", Some(d(2025, 10, 25))).value,
            known(d(2025, 11, 1), d(2025, 11, 2), Precision::Range)
        );
        none("the weekend edition", monday);
        none("at weekends", monday);
        none("over the weekend", None);
    }

    #[test]
    fn relative_months_and_years() {
        let r = Some(d(2025, 1, 12));
        let m = one("Last month, exports rose", r);
        assert_eq!(m.text, "Last month");
        assert_eq!(m.value, month(2024, 12));
        assert!(m.relative);
        assert_eq!(one("this month", r).value, month(2025, 1));
        assert_eq!(one("next month", r).value, month(2025, 2));
        assert_eq!(
            one("earlier this month", r),
            DateMention {
                span: 0..18,
                text: "earlier this month".into(),
                value: month(2025, 1),
                ambiguous: false,
                relative: true,
                weekday: None,
            }
        );
        assert_eq!(one("last year's figures", r).value, year(2024));
        assert_eq!(one("this year", r).value, year(2025));
        assert_eq!(one("next year", r).value, year(2026));
        assert_eq!(
            tv("earlier this year", r),
            ("earlier this year".into(), year(2025))
        );
        assert_eq!(tv("later this year", r).1, year(2025));
        assert_eq!(tv("two days ago", r).1, day(2025, 1, 10));
        assert_eq!(tv("3 months ago", r).1, month(2024, 10));
        assert_eq!(tv("a year ago", r).1, year(2024));
        assert_eq!(tv("last March", r).1, month(2024, 3));
        assert_eq!(tv("next March", r).1, month(2025, 3));
        assert_eq!(
            tv("last December", Some(d(2025, 12, 20))).1,
            month(2024, 12)
        );
        none("in the last year", r);
        none("over the next month", r);
        none("last month", None);
    }

    #[test]
    fn several_mentions_sorted_and_disjoint() {
        let text = "On Sunday, January 12, 2025, officials said that since 2019 \
                    the plan (signed 01/09/2021) had been revised in July and again yesterday.";
        let found = find_dates(text, Some(d(2025, 1, 13)));
        let texts: Vec<&str> = found.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Sunday, January 12, 2025",
                "2019",
                "01/09/2021",
                "July",
                "yesterday"
            ]
        );
        for w in found.windows(2) {
            assert!(w[0].span.end <= w[1].span.start);
        }
        assert_eq!(found[3].value, month(2024, 7));
        assert_eq!(found[4].value, day(2025, 1, 12));
        for m in &found {
            assert_eq!(m.text, &text[m.span.clone()]);
        }
    }

    #[test]
    fn longest_match_wins() {
        let r = Some(d(2025, 1, 14));
        // weekday + date beats the relative weekday
        let m = one("on Sunday 12 January", r);
        assert_eq!(m.text, "Sunday 12 January");
        assert!(!m.relative);
        // the range beats its first day; the date beats its month-year tail
        assert_eq!(one("11-13 January 2025", r).text, "11-13 January 2025");
        assert_eq!(one("12 January 2025", r).text, "12 January 2025");
        assert_eq!(one("last Sunday, January 12", r).text, "Sunday, January 12");
    }

    #[test]
    fn name_helpers() {
        assert_eq!(month_from_name("January"), Some(1));
        assert_eq!(month_from_name("sept."), Some(9));
        assert_eq!(month_from_name("SEP"), Some(9));
        assert_eq!(month_from_name("May"), Some(5));
        assert_eq!(month_from_name("Marc"), None);
        assert_eq!(month_from_name(""), None);
        assert_eq!(weekday_from_name("Thurs."), Some(Weekday::Thursday));
        assert_eq!(weekday_from_name("sunday"), Some(Weekday::Sunday));
        assert_eq!(weekday_from_name("Sund"), None);
    }

    #[test]
    fn never_panics_and_spans_slice() {
        let odd = [
            "",
            " ",
            "\n",
            "🎉",
            "January",
            "January ",
            "12",
            "12 ",
            "-",
            "–",
            "Ngày 12 tháng 1 năm 2025",
            "Thứ Hai, 27/10/2025 🎉 on Sunday",
            "ĐàNẵng2025-01-12🎉",
            "🎉2025-01-12🎉",
            "é12 Januaryé",
            "January 12é",
            "Sunday,",
            "Sunday, ",
            "over the",
            "over the weekend",
            "in 2019🎉",
            "1/1/1/1/1/1/2021/2021/2021",
            "9999-12-31",
            "0000-01-01",
            "December 31, 2999 – January 1, 3000",
            "99 years ago",
            "99 days ago in 1900",
            "12 months ago",
            "January 31 - February 31",
            "31-31 January",
            "Sat.",
            "Sat.,",
            "Jan.",
            "\u{a0}January\u{a0}12,\u{a0}2025",
            "January 12\u{2013}\u{2014}13",
            "mid-",
            "in mid-",
            "the 29th of February",
            "29 February",
        ];
        for reference in [
            None,
            Some(d(2025, 10, 27)),
            Some(d(2025, 1, 1)),
            Some(d(9999, 12, 31)),
            Some(d(-9999, 1, 1)),
        ] {
            for text in odd {
                let found = find_dates(text, reference);
                for m in &found {
                    assert!(
                        text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end)
                    );
                    assert_eq!(m.text, &text[m.span.clone()]);
                    assert!(!m.span.is_empty());
                }
                for w in found.windows(2) {
                    assert!(w[0].span.end <= w[1].span.start, "{text:?}");
                }
            }
        }
        // every suffix of a mixed text, cut at each char boundary
        let mixed =
            "Hôm nay 🎉 Sunday, 12 January 2025; từ 11–13 tháng 1; 01/09/2021 over the weekend";
        for (i, _) in mixed.char_indices() {
            let _ = find_dates(&mixed[i..], Some(d(2025, 1, 14)));
            let _ = find_dates(&mixed[..i], Some(d(2025, 1, 14)));
        }
    }
}
