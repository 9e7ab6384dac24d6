//! People named without a title. A run of capitalised name words is a person when its sentence
//! says so: a Malay or Indian name particle inside (`bin`, `S/O`), a verb of speech right after
//! it or right before it after a quotation (`Daro Vanna says`, `…,” said Keo Sothea`), an age in
//! apposition (`Tan, 45,`), the name in Chinese script or a quoted short form in brackets
//! (`Lim Boon Kiat (“Lim”)`), or a known given name first (`Lina Thong`). Once a person is
//! named in full, a later lone part of that name in the same article is a reference to them
//! (one sense per discourse): `Daro` after `Daro Vanna`, `Murugan` after `Vel Murugan S/O …`.

use super::lexicon::PATRONYMICS;
use super::lexicon::words;
use super::{Candidate, Sent, strip_possessive};
use crate::base::text::{fold, normalize_caps_word};
use crate::kb::model::EntityKind;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

const GIVEN_NAMES_TXT: &str = include_str!("../../../data/words/given-names.txt");
const PERSON_VERBS_TXT: &str = include_str!("../../../data/words/person-verbs.txt");

pub(super) static GIVEN_NAMES: LazyLock<rustc_hash::FxHashSet<String>> =
    LazyLock::new(|| words(GIVEN_NAMES_TXT).map(str::to_lowercase).collect());
static PERSON_VERBS: LazyLock<rustc_hash::FxHashSet<&'static str>> =
    LazyLock::new(|| words(PERSON_VERBS_TXT).collect());

/// `S/O`, `D/O`, `A/L` (son of, daughter of) at token `k`: the token after it.
fn slash_particle(s: &Sent, k: usize) -> Option<usize> {
    if !(s.word(k) && s.t(k + 1) == "/" && s.word(k + 2)) {
        return None;
    }
    let adjacent = s.toks[k].span.end == s.toks[k + 1].span.start
        && s.toks[k + 1].span.end == s.toks[k + 2].span.start;
    let pair = (s.low(k), s.low(k + 2));
    (adjacent && matches!(pair, ("s", "o") | ("d", "o") | ("a", "l") | ("a", "p"))).then_some(k + 3)
}

/// An initial at token `k` (`J.`, `M.K.`): the token after its full stop.
pub(super) fn initial_at(s: &Sent, k: usize) -> Option<usize> {
    let w = s.t(k);
    let letters_ok = s.word(k)
        && w.split('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase));
    (letters_ok && s.t(k + 1) == "." && s.toks[k].span.end == s.toks[k + 1].span.start)
        .then_some(k + 2)
}

/// A run of name words from token `k`, with particles and initials inside.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    /// Name words, not counting particles and initials.
    words: usize,
    patronymic: bool,
}

fn run_at(s: &Sent, k: usize) -> Option<Run> {
    let opens_known =
        || (k + 2..=(k + 4).min(s.toks.len())).any(|e| !s.gaz.lookup(s.slice(k, e)).is_empty());
    if !s.name_token_ok(k) || (s.initial_stopword(k) && !opens_known()) {
        return None;
    }
    let mut run = Run {
        start: k,
        end: k,
        words: 0,
        patronymic: false,
    };
    let mut j = k;
    while run.words < 6 {
        if s.name_token_ok(j) && !PATRONYMICS.contains(&s.low(j)) {
            let possessive = strip_possessive(s.t(j)) != s.t(j);
            run.words += 1;
            j += 1;
            run.end = j;
            if possessive {
                break;
            }
        } else if let Some(after) = slash_particle(s, j).filter(|&a| s.cap(a)) {
            run.patronymic = true;
            j = after;
        } else if PATRONYMICS.contains(&s.low(j)) && s.cap(j + 1) && run.words > 0 {
            // a patronymic is followed by a name, whatever the word (`Bin Salleh`)
            run.patronymic = true;
            run.words += 1;
            j += 2;
            run.end = j;
        } else if super::lexicon::NAME_PARTICLES.contains(&s.low(j)) && s.name_token_ok(j + 1) {
            j += 1;
        } else if let Some(after) = initial_at(s, j).filter(|&a| s.name_token_ok(a)) {
            j = after;
        } else {
            break;
        }
    }
    // `Happy St. Patrick’s Day`: `St.` opens a saint's or a place's name, not a person's
    let opens_other = (run.start..run.end).any(|t| s.name_abbreviation(t));
    (run.end > run.start && !opens_other).then_some(run)
}

fn is_number(s: &Sent, k: usize) -> bool {
    s.word(k) && s.t(k).chars().all(|c| c.is_ascii_digit())
}

/// `61-year-old`, `33 year-old`, `52 years old`.
fn is_age(s: &Sent, k: usize) -> bool {
    let w = s.low(k);
    let digits = w.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && w[digits..].starts_with("-year"))
        || (is_number(s, k) && matches!(s.low(k + 1), "year-old" | "years" | "year"))
}

fn is_han(w: &str) -> bool {
    w.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// What a bracket right after a run holds: the name in Chinese script, or a quoted part of
/// the name used as its short form. Returns the token inside and whether it is Chinese script.
fn bracket_alias(s: &Sent, run: &Run) -> Option<(usize, bool)> {
    let e = run.end;
    // `Ong Kah Seng, 王家成, Purchaser …`
    if s.t(e) == "," && is_han(s.t(e + 1)) && matches!(s.t(e + 2), "," | ")" | "") {
        return Some((e + 1, true));
    }
    if s.t(e) != "(" {
        return None;
    }
    let quote = |t: &str| matches!(t, "\"" | "“" | "”" | "'" | "‘" | "’");
    let mut j = e + 1;
    let quoted = quote(s.t(j));
    if quoted {
        j += 1;
    }
    let w = j;
    if !s.word(w) {
        return None;
    }
    j += 1;
    if quote(s.t(j)) {
        j += 1;
    }
    if is_han(s.t(w)) && matches!(s.t(j), ")" | ",") {
        return Some((w, true));
    }
    if s.t(j) != ")" {
        return None;
    }
    let part = fold(s.t(w));
    let is_part = (run.start..run.end).any(|k| s.word(k) && fold(s.t(k)) == part);
    (quoted && is_part && s.cap(w)).then_some((w, false))
}

/// Whether the sentence gives evidence that the run names a person.
fn person_evidence(s: &Sent, run: &Run) -> bool {
    let (k, e) = (run.start, run.end);
    if run.patronymic {
        return true;
    }
    // an age in apposition: `Ong Kah Seng, 38,`, `Tan (38)`, `(61-year-old male …)`,
    // `, a 33 year-old driver`
    if matches!((s.t(e), s.t(e + 2)), (",", ",") | ("(", ")")) && is_number(s, e + 1) {
        return true;
    }
    if matches!(s.t(e), "," | "(") && (e + 1..e + 4).any(|j| is_age(s, j)) {
        return true;
    }
    // apposition: `Sam Vuthy, the farmer`, `Mok Chenda, a poverty analyst`, `Lina Thong,
    // U.S. Ambassador to Thailand`, `Lina Thong, Founder of …`
    if s.t(e) == "," {
        let mut j = e + 1;
        if matches!(s.low(j), "a" | "an") && s.word(j + 1) && !s.cap(j + 1) {
            return true;
        }
        // `, the farmer,` but not `, the agenda runs long`
        let plain = |x: usize| s.word(x) && !s.cap(x) && !super::STOPWORDS.contains(s.low(x));
        if s.low(j) == "the"
            && let Some(m) = (j + 1..j + 5).find(|&m| !plain(m))
            && m > j + 1
            && matches!(s.t(m), "," | "." | ";" | "of" | "who" | "at" | "for" | "in")
        {
            return true;
        }
        while let Some(l) = (1..=3).rev().find(|&l| s.country(j, j + l).is_some()) {
            j += l;
        }
        let role0 = j;
        while s.cap(j) && j - role0 < 5 {
            if s.title_at(j).is_some() {
                return true;
            }
            j += 1;
        }
        if j > role0 && matches!(s.t(j), "of" | "at") && s.cap(j + 1) {
            return true;
        }
    }
    // `Daro Vanna says`; `…,” said Keo Sothea.`
    if PERSON_VERBS.contains(s.low(e)) {
        return true;
    }
    if k > 0 && PERSON_VERBS.contains(s.low(k - 1)) && (k == 1 || !s.word(k - 2)) && !s.word(e) {
        return true;
    }
    if bracket_alias(s, run).is_some() {
        return true;
    }
    // a known given name, then another name word; not a place
    // (`in Ban Kheuane`, `Victoria, Seychelles`)
    let place_like = (k > 0 && matches!(s.low(k - 1), "in" | "at" | "near"))
        || (s.t(e) == "," && (1..=3).any(|l| s.country(e + 1, e + 1 + l).is_some()));
    !place_like && run.words >= 2 && GIVEN_NAMES.contains(s.low(k))
}

/// People without a title in one sentence.
pub(super) fn untitled_people(s: &Sent, out: &mut Vec<Candidate>) {
    let n = s.toks.len();
    let mut k = 0;
    while k < n {
        // a run inside a longer capitalised chunk belongs to that chunk
        // a run after `of`/`for` completes a title or a body (`Secretary of Energy Ana …`)
        let complement = k >= 2 && matches!(s.t(k - 1), "of" | "for") && s.cap(k - 2);
        let starts = !complement
            && (k == 0
                || !s.cap(k - 1)
                || s.country(k - 1, k).is_some()
                || s.initial_stopword(k - 1));
        let Some(run) = run_at(s, k).filter(|_| starts) else {
            k += 1;
            continue;
        };
        let e = run.end;
        // a name broken off in a transcript (`Anna Kow- …`)
        let broken = s.t(e) == "-"
            && s.toks
                .get(e + 1)
                .is_none_or(|t| t.span.start > s.toks[e].span.end);
        let longer = broken
            || s.cap(e)
            || (matches!(s.t(e), "of" | "for" | "de" | "&") && s.cap(e + 1))
            || (s.t(e) == "-" && s.word(e + 1));
        let name = s.slice(run.start, e);
        // an acronym among mixed-case words is an organisation's (`ASEAN Forum`)
        let caps = |x: usize| super::is_all_caps(s.t(x)) && s.t(x).chars().count() >= 2;
        let mixed = (run.start..e).any(caps) && !(run.start..e).filter(|&x| s.word(x)).all(caps);
        // a country's or place's name is no person's (`Maltese`, `Ohio Craft Initiatives`)
        // (`Kestrel River Basin`, `North Velmora`: a feature or a part of a place)
        let placed = || {
            let last = strip_possessive(s.t(e - 1)).to_lowercase();
            s.country(run.start, e).is_some()
                // (`North Carolina Medicare`: a place's name first)
                || (run.start + 1..=(run.start + 3).min(e - 1)).any(|j| {
                    s.gaz
                        .lookup(strip_possessive(s.slice(run.start, j)))
                        .iter()
                        .any(|&g| s.gaz.entries[g].kind != EntityKind::Person)
                })
                // (`Hana Velmor Award`, `Camp Ardon`: a thing named after someone, a place)
                || (super::lexicon::EPONYM_HEADS.contains(&last.as_str())
                    && !(super::is_given_name(&last)
                        && super::is_given_name(s.t(run.start))
                        && e - run.start <= 3))
                || super::lexicon::PLACE_LEADS.contains(&s.low(run.start))
                // (`Kari Lake`, `Tom Ridge`: a given name and one more word is a person)
                || ((super::lexicon::LANDFORM_WORDS.contains(&last.as_str())
                    || super::lexicon::PLACE_HEADS.contains(&last.as_str()))
                    && !(e - run.start == 2 && super::is_given_name(s.t(run.start))))
                || (super::lexicon::COMPASS_WORDS.contains(&s.low(run.start))
                    && !s
                        .gaz
                        .lookup(strip_possessive(s.slice(run.start + 1, e)))
                        .is_empty())
        };
        if (run.words >= 2 || run.patronymic)
            && !mixed
            && !longer
            && person_evidence(s, &run)
            && !placed()
            && !super::lexicon::GROUP_NOUNS.contains(&s.low(e - 1))
            && s.gaz.lookup(strip_possessive(name)).is_empty()
        {
            super::push_person(s, run.start, e, None, out);
            let full = out.last().map(|c| c.name.clone()).unwrap_or_default();
            if let Some((w, _)) = bracket_alias(s, &run) {
                out.push(Candidate {
                    // the Chinese-script name and a quoted short form are spellings of the
                    // same person (the short one is only looked for in this article)
                    ..Candidate::new(s.toks[w].span.clone(), EntityKind::Person, full)
                });
            }
        }
        k = e.max(k + 1);
    }
}

/// The token after the bracket groups that follow token `e - 1` (`(“Vel”) (林文)`), each at
/// most a dozen tokens long; `e` when there are none.
fn past_brackets(s: &Sent, mut e: usize) -> usize {
    while s.t(e) == "(" {
        match (e + 1..(e + 13).min(s.toks.len())).find(|&k| s.t(k) == ")") {
            Some(close) => e = close + 1,
            None => break,
        }
    }
    e
}

/// The words that say where a person works, for the linker to take the country of a national
/// body named there: the title with the capitalised words and connectors just before it
/// (`Borland’s Ministry of Justice spokesman`, `Director NCB Mr`), or an apposition after the
/// name that opens with a title (`, director-general of the Department of Information at the
/// Thai Ministry of Foreign Affairs,`), up to the end of the clause. Byte range; `None` for a
/// name with neither.
pub(super) fn affiliation(
    s: &Sent,
    role: Range<usize>,
    a: usize,
    e: usize,
) -> Option<Range<usize>> {
    let mut pre = None;
    if !role.is_empty() && role.end <= a {
        // back over capitalised words, connectors and brackets
        let scan = |from: usize| {
            let mut b = from;
            while b > 0 && from - b < 12 {
                let connector = matches!(s.low(b - 1), "of" | "for" | "at" | "the" | "on" | "&")
                    || matches!(s.t(b - 1), "(" | ")");
                if !(s.cap(b - 1) || connector) {
                    break;
                }
                b -= 1;
            }
            while b < from && !s.cap(b) {
                b += 1;
            }
            b
        };
        let mut b = scan(role.start);
        // `Director (Investigations) of the Bureau, Mr Ang`: the office before the honorific
        if b == role.start && role.start >= 2 && s.t(role.start - 1) == "," {
            let c = scan(role.start - 1);
            if c < role.start - 1 && s.title_at(c).is_some() {
                b = c;
            }
        }
        if b < a {
            pre = Some(s.span(b, a));
        }
    }
    let post = apposition(s, e);
    match (pre, post) {
        (Some(p), Some(q)) => Some(p.start..q.end),
        (p, q) => p.or(q),
    }
}

/// An apposition after a name that says where the person works: opened by a title or by `of`,
/// to the end of the clause.
fn apposition(s: &Sent, e: usize) -> Option<Range<usize>> {
    let n = s.toks.len();
    let e = past_brackets(s, e);
    if s.t(e) != "," {
        return None;
    }
    let mut j = e + 1;
    if matches!(s.low(j), "a" | "an" | "the") {
        j += 1;
    }
    // `, of the ruling People’s Party`
    if s.low(j) != "of" {
        s.title_at(j)?;
    }
    let mut end = j;
    while end < n && end < e + 30 {
        let stop = match s.t(end) {
            ";" | "." | "(" | ")" | "—" | ":" => true,
            // `, told reporters`: the apposition is over; `, Quality & Standards, ARC Borland` goes on
            "," => !s.cap(end + 1),
            _ => false,
        };
        if stop {
            break;
        }
        end += 1;
    }
    (end > e + 1).then(|| s.span(e + 1, end))
}

/// The country a sentence ties a person to: a country word in their title or just before it
/// (`Cambodian Prime Minister`, `Singapore’s Minister for Law`, `Prime Minister of Cambodia`),
/// `of <Country>` after the name, or one in the bracket or apposition after it (`(…, 53-year-old
/// male, Singaporean)`, `, U.S. Ambassador to Thailand`). `to <Country>` says where an envoy
/// goes, not whose they are. `role` is the title's token range (empty when there is none).
pub(super) fn person_country(s: &Sent, role: Range<usize>, a: usize, e: usize) -> Option<usize> {
    title_country(s, role.clone(), a)
        .or_else(|| {
            if role.is_empty() {
                demonym_before_name(s, a)
            } else {
                None
            }
        })
        .or_else(|| country_after_name(s, e))
}

/// A country named at token `x` (up to three tokens, ending by `limit`), unless after `to`.
fn country_word_at(s: &Sent, x: usize, limit: usize) -> Option<usize> {
    (x == 0 || s.t(x - 1) != "to")
        .then(|| {
            (1..=3)
                .rev()
                .find_map(|l| (x + l <= limit).then(|| s.country(x, x + l)).flatten())
        })
        .flatten()
}

/// A country word in a person's title `role`, or right before it (before the name at `a`
/// when there is no title).
fn title_country(s: &Sent, role: Range<usize>, a: usize) -> Option<usize> {
    if let Some(c) = role.clone().find_map(|x| country_word_at(s, x, role.end)) {
        return Some(c);
    }
    let first = if role.is_empty() { a } else { role.start };
    let first = if first > 0 && s.low(first - 1) == "the" {
        first - 1
    } else {
        first
    };
    // right before the title, in the same phrase (not `In Nepal, President …`)
    // (a word's full stop is part of it: `U.S. Secretary of State`)
    let attached_stop = |x: usize| {
        x > 0 && s.t(x) == "." && s.word(x - 1) && s.toks[x - 1].span.end == s.toks[x].span.start
    };
    (1..=3.min(first)).find_map(|l| {
        let words = (first - l..first).all(|x| s.word(x) || (x > first - l && attached_stop(x)));
        let after_preposition = first - l > 0
            && matches!(
                s.low(first - l - 1),
                "in" | "to" | "from" | "with" | "and" | "between"
            );
        // (a demonym is the person's own after any word: `with Finnish Foreign Minister X`)
        let c = s.country(first - l, first).filter(|_| words)?;
        let demonym = s.gaz.entries[c]
            .demonyms
            .iter()
            .any(|m| m == s.slice(first - l, first));
        (!after_preposition || demonym).then_some(c)
    })
}

/// A demonym before an untitled name at `a`: with the person's trade, or as a noun in
/// apposition.
fn demonym_before_name(s: &Sent, a: usize) -> Option<usize> {
    // `American filmmaker Tom Ardent`: a demonym and the person's trade before the name
    let trade = |x: usize| {
        s.word(x)
            && !s.cap(x)
            && s.t(x).chars().all(|c| c.is_ascii_lowercase() || c == '-')
            && !super::STOPWORDS.contains(s.low(x))
    };
    for l in 1..=2.min(a.saturating_sub(1)) {
        if !trade(a - l) {
            break;
        }
        let d = a - l - 1;
        if let Some(c) = s.country(d, d + 1)
            && s.gaz.entries[c].demonyms.iter().any(|m| m == s.t(d))
        {
            return Some(c);
        }
    }
    // `from a Filipino, Mary Ann Cruz`, `a 40-year-old Malaysian, Vel Kumar`: a demonym noun
    // just before, in apposition
    if a >= 3 && s.t(a - 1) == "," {
        let d = a - 2;
        let described = (d.saturating_sub(3)..d).any(|x| matches!(s.low(x), "a" | "an"));
        if described
            && let Some(c) = s.country(d, d + 1)
            && s.gaz.entries[c].demonyms.iter().any(|m| m == s.t(d))
        {
            return Some(c);
        }
    }
    None
}

/// A country after a name ending at `e`: `of <Country>`, in the bracket, in a description or
/// a title in apposition.
fn country_after_name(s: &Sent, e: usize) -> Option<usize> {
    let n = s.toks.len();
    if s.t(e) == "of"
        && let Some(c) = country_word_at(s, e + 1, n)
    {
        return Some(c);
    }
    // (through a first bracket holding a short form: `Ong (“Ong”) (39-year-old Singaporean)`)
    if s.t(e) == "(" {
        let mut j = e + 1;
        while j < n && j < e + 18 {
            if s.t(j) == ")" {
                if s.t(j + 1) == "(" {
                    j += 2;
                    continue;
                }
                break;
            }
            if let Some(c) = country_word_at(s, j, n) {
                return Some(c);
            }
            j += 1;
        }
    }
    // `, a member of Nepal’s parliament,`, `, 59 year-old Singaporean,`: a description of the
    // person
    let age = |x: usize| s.t(x).starts_with(|c: char| c.is_ascii_digit()) || s.low(x) == "aged";
    // (after the brackets: `Vel Kumar (“Vel”), a 46-year-old Malaysian`)
    let e = past_brackets(s, e);
    if s.t(e) == "," && (matches!(s.low(e + 1), "a" | "an") || age(e + 1)) {
        let mut j = e + 2;
        while j < n && j < e + 14 && !matches!(s.t(j), "," | "." | ";") {
            if let Some(c) = country_word_at(s, j, n) {
                return Some(c);
            }
            j += 1;
        }
    }
    // `, U.S. Ambassador to Thailand` is an apposition; `, Cambodian Prime Minister Sok Vanna`
    // names someone else
    if s.t(e) == "," {
        let j = e + 1;
        let l = (1..=3).rev().find(|&l| s.country(j, j + l).is_some())?;
        let mut t = j + l;
        while let Some(after) = s.title_at(t) {
            t = after;
            // the title's complement (`Minister for Foreign Affairs`)
            if matches!(s.t(t), "for" | "of") && s.cap(t + 1) {
                t += 1;
                while s.cap(t) || (matches!(s.t(t), "and" | "of" | "the") && s.cap(t + 1)) {
                    t += 1;
                }
            }
        }
        if t > j + l && !s.cap(t) {
            return s.country(j, j + l);
        }
    }
    None
}

/// The name of a person written by tokens `a..e`: capitals normalised, `S/O` and initials kept
/// as written, a final possessive dropped.
pub(super) fn person_name(s: &Sent, a: usize, e: usize) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut k = a;
    while k < e {
        if let Some(after) = slash_particle(s, k) {
            words.push(format!(
                "{}/{}",
                s.t(k).to_uppercase(),
                s.t(k + 2).to_uppercase()
            ));
            k = after;
        } else if let Some(after) = initial_at(s, k) {
            words.push(format!("{}.", s.t(k)));
            k = after;
        } else {
            words.push(normalize_caps_word(strip_possessive(s.t(k))));
            k += 1;
        }
    }
    words.join(" ")
}

/// Lone capitalised name words of one sentence (no capitalised word beside them): the places
/// where a reference to part of a person's name can stand.
/// In a Title Case headline every word is capitalised: each run of name words is given whole
/// (`Okafor Aboard` in `Remarks by Vice President Okafor Aboard …`), and the linker binds its
/// longest start that names one person.
pub(super) fn lone_name_words(s: &Sent, headline: bool, out: &mut Vec<Range<usize>>) {
    if headline {
        let mut k = 0;
        while k < s.toks.len() {
            let mut e = k;
            while e < s.toks.len() && s.name_token_ok(e) && !s.initial_stopword(e) {
                e += 1;
            }
            if e > k {
                let last = strip_possessive(s.t(e - 1));
                out.push(s.toks[k].span.start..s.toks[e - 1].span.start + last.len());
                k = e;
            } else {
                k += 1;
            }
        }
        return;
    }
    for k in 0..s.toks.len() {
        let after_name =
            k > 0 && s.cap(k - 1) && s.title_at(k - 1).is_none() && !s.initial_stopword(k - 1);
        // (`Sidley & Austin`, `Johnson & Johnson`: a word of a firm's name)
        let firm = (k > 0 && s.t(k - 1) == "&") || s.t(k + 1) == "&";
        let alone = headline || (!after_name && !s.cap(k + 1) && !firm);
        // (built-in names too: within an article a part of a person's name is that person,
        // `Lima` after `Rosa Lima`; elsewhere the built-in entry's mention wins)
        if alone && s.name_token_ok(k) && !s.initial_stopword(k) {
            let w = strip_possessive(s.t(k));
            let start = s.toks[k].span.start;
            out.push(start..start + w.len());
        }
    }
}

/// References to part of the name of a person the article names in full: short-reference
/// candidates for the linker to resolve within the article.
pub(super) fn discourse_references(
    text: &str,
    lone: &[Range<usize>],
    candidates: &mut Vec<Candidate>,
) {
    let mut parts: HashSet<String> = HashSet::new();
    for c in candidates
        .iter()
        .filter(|c| c.kind == EntityKind::Person && !c.short_ref)
    {
        for w in c.name.split_whitespace() {
            let f = fold(w);
            let particle = PATRONYMICS.contains(&f.as_str())
                || super::lexicon::NAME_PARTICLES.contains(&f.as_str())
                || w.contains(['/', '.', ','])
                || matches!(f.as_str(), "jr" | "sr" | "ii" | "iii");
            if !particle && f.chars().count() >= 2 && c.name.split_whitespace().count() >= 2 {
                parts.insert(f);
            }
        }
    }
    if parts.is_empty() {
        return;
    }
    let taken: Vec<Range<usize>> = candidates.iter().map(|c| c.span.clone()).collect();
    for span in lone {
        let w = &text[span.clone()];
        if !parts.contains(&fold(w))
            || taken
                .iter()
                .any(|t| t.start < span.end && span.start < t.end)
        {
            continue;
        }
        candidates.push(super::short_person(span.clone(), w));
    }
}

#[cfg(test)]
mod tests {
    use crate::kb::extract::extract_article;
    use crate::kb::gazetteer::Gazetteer;
    use crate::kb::model::EntityKind;

    /// (surface, name, short reference) of the people found in `text`.
    fn people(text: &str) -> Vec<(String, String, bool)> {
        let content = 0..text.len();
        let facts = extract_article(
            text,
            std::slice::from_ref(&content),
            None,
            Gazetteer::builtin(),
        );
        facts
            .candidates
            .iter()
            .filter(|c| c.kind == EntityKind::Person)
            .map(|c| {
                (
                    text[c.span.clone()].to_string(),
                    c.name.clone(),
                    c.short_ref,
                )
            })
            .collect()
    }

    fn p(surface: &str, name: &str, short: bool) -> (String, String, bool) {
        (surface.to_string(), name.to_string(), short)
    }

    #[test]
    fn a_verb_of_speech_or_an_age_makes_a_person_and_later_parts_refer_to_them() {
        assert_eq!(
            people("Daro Vanna, 52, sells rice. Later Daro says prices rose, and Vanna agreed."),
            vec![
                p("Daro Vanna", "Daro Vanna", false),
                p("Daro", "Daro", true),
                p("Vanna", "Vanna", true),
            ]
        );
        assert_eq!(
            people("“Prices rose,” said Keo Sothea. Keo’s shop is closed."),
            vec![p("Keo Sothea", "Keo Sothea", false), p("Keo", "Keo", true)]
        );
    }

    #[test]
    fn apposition_gives_people() {
        assert_eq!(
            people(
                "Undeterred, Sam Vuthy, the farmer, spoke. Mok Chenda, a 33 year-old driver, and Lina Thong, U.S. Ambassador to Laos, came."
            ),
            vec![
                p("Sam Vuthy", "Sam Vuthy", false),
                p("Mok Chenda", "Mok Chenda", false),
                p("Lina Thong", "Lina Thong", false),
            ]
        );
        assert_eq!(
            people(
                "c) Ong Kah Seng, 王家成, Purchaser at Hoe Lee Pte Ltd, and Rahim Bin Salleh (49-year-old male), Manager of Hoe Lee."
            ),
            vec![
                p("Ong Kah Seng", "Ong Kah Seng", false),
                p("王家成", "Ong Kah Seng", false),
                p("Rahim Bin Salleh", "Rahim Bin Salleh", false),
            ]
        );
    }

    #[test]
    fn patronymics_initials_and_bracketed_aliases() {
        assert_eq!(
            people("The accused, Ahmad Razif Bin Kamal, was charged. Razif pleaded guilty."),
            vec![
                p("Ahmad Razif Bin Kamal", "Ahmad Razif Bin Kamal", false),
                p("Razif", "Razif", true),
            ]
        );
        assert_eq!(
            people("The driver Vel Murugan S/O Pillai was fined."),
            vec![p("Vel Murugan S/O Pillai", "Vel Murugan S/O Pillai", false)]
        );
        assert_eq!(
            people("Lim Boon Kiat (“Lim”) and Goh Ah Bee (吴亚美) were charged."),
            vec![
                p("Lim Boon Kiat", "Lim Boon Kiat", false),
                p("Lim", "Lim Boon Kiat", false),
                p("Goh Ah Bee", "Goh Ah Bee", false),
                p("吴亚美", "Goh Ah Bee", false),
            ]
        );
        assert_eq!(
            people("In Laos, President Sothea Vanna said so."),
            vec![p("Sothea Vanna", "Sothea Vanna", false)]
        );
        assert_eq!(
            people("The visit of Robert J. Stanton ended."),
            vec![p("Robert J. Stanton", "Robert J. Stanton", false)]
        );
    }

    #[test]
    fn capitalised_runs_without_evidence_or_inside_longer_names_are_not_people() {
        // an acronym among the words; a clause after the comma, not an apposition
        assert!(people("At the ASEAN Forum, the agenda runs long.").is_empty());
        assert!(people("At the Volta Ridge, the agenda runs long.").is_empty());
        // no evidence: neither a title, a particle, a verb of speech nor a given name
        assert!(people("The Volta Delta Rice Board met in Tamale on Monday.").is_empty());
        // a given name inside a company's name
        assert!(people("Shares of Victoria Harbour Holdings fell.").is_empty());
        // a lone word that is no part of any person's name in the article
        assert!(people("Sothea said so. Then Vanna left.").is_empty());
        // contractions, demonyms and places are no people
        assert!(people("“I’ll Tell Them,” said Vanna. Maltese voters, 45, said so.").is_empty());
        // a particle alone is no name
        assert!(people("Bin and others left.").is_empty());
    }
}
