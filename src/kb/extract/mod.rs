//! Per-article extraction: candidate names with their kind, learned from the text by pattern
//! (titles before names, head nouns, acronym definitions, place nouns, datelines), plus the
//! sentences and dates of the article's content. Candidates are linked into entities by `kb`.

pub mod acronym;
pub mod lexicon;
mod people;
pub mod tokens;

use crate::base::dates::{self, DateMention};
use crate::base::text::normalize_caps_word;
use crate::kb::gazetteer::{ArticleSenses, Gazetteer};
use crate::kb::model::EntityKind;
use jiff::civil::Date;
use lexicon::*;
use std::ops::Range;
use tokens::Token;

/// A name found in an article, before linking.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Candidate {
    /// The mention's span in the article text (the surface form).
    pub span: Range<usize>,
    pub kind: EntityKind,
    /// The name to link by: capitals normalised, a trailing `of <Country>` removed.
    pub name: String,
    /// Built-in country (gazetteer index) the name is tied to by the text (`Lao`, `of Laos`).
    pub country: Option<usize>,
    /// A body of a state: two countries' bodies of the same name are different entities.
    pub national: bool,
    /// Title or office written with a person's name.
    pub role: Option<String>,
    /// A single name after a title (`President Bounmy`): resolved within the article.
    pub short_ref: bool,
    /// For a person: the words around the name that say where they work (a title with the
    /// capitalised words before it, or an apposition opened by a title), byte range. The linker
    /// gives the person the country of a national body named there.
    pub affiliation: Option<Range<usize>>,
    /// An acronym the text defines for this name.
    pub acronym: Option<String>,
}

/// What one article yields.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ArticleFacts {
    pub candidates: Vec<Candidate>,
    pub sentences: Vec<Range<usize>>,
    pub dates: Vec<DateMention>,
    /// Acronyms defined for generic terms (`MoU` → `Memorandum of Understanding`).
    pub term_acronyms: Vec<(String, String)>,
    /// Lone capitalised name words (no capitalised word beside them, headlines included):
    /// where a reference to part of a person's name may stand, resolved by the linker.
    pub lone: Vec<Range<usize>>,
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

fn is_cap(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn is_all_caps(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// Whether `word` (any case) is a common English given name.
pub fn is_given_name(word: &str) -> bool {
    people::GIVEN_NAMES.contains(&word.to_lowercase())
}

fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("’s")
        .or_else(|| s.strip_suffix("'s"))
        .filter(|b| !b.is_empty())
        .unwrap_or(s)
}

const STOPWORDS_TXT: &str = include_str!("../../../data/words/stopwords-en.txt");

/// English function words and common adverbs (`While`, `Under`, `My`, `Later`): capitalised at a
/// sentence start, they are not the start of a name.
fn state_itself_or_administration(head: &str) -> bool {
    matches!(head, "government" | "administration")
}

/// Words that are never part of a person's name: the not-name words and the head nouns of
/// bodies, places and agreements, in one set (asked for every capitalised word).
static NOT_NAME_TOKENS: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        NOT_NAME_WORDS
            .iter()
            .chain(ORG_HEADS.iter())
            .chain(PLACE_HEADS.iter())
            .chain(AGREEMENT_HEADS.iter())
            .copied()
            .collect()
    });

pub(crate) static STOPWORDS: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| words(STOPWORDS_TXT).collect());

/// Context for extracting from one sentence.
struct Sent<'a> {
    text: &'a str,
    toks: Vec<Token>,
    gaz: &'a Gazetteer,
    /// How the article reads country forms with another sense (`Georgia`).
    senses: &'a ArticleSenses<'a>,
    /// Each token in lower case, computed once: the patterns ask many times.
    low: Vec<std::borrow::Cow<'a, str>>,
    /// Whether each token is a capitalised word (`cap`), computed once.
    caps: Vec<bool>,
    /// `title_at` of each token, computed when first asked.
    titles: Vec<std::cell::OnceCell<Option<usize>>>,
    /// `name_token_ok` of each token, computed when first asked (each pattern asks).
    name_ok: Vec<std::cell::OnceCell<bool>>,
}

impl<'a> Sent<'a> {
    /// Whether the article writes token `i` somewhere in lower case, as a word of its own
    /// (`security` for `Security`). A scan of the article: for rare questions only.
    fn written_in_lower_case(&self, i: usize) -> bool {
        let w = self.low[i].as_ref();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        !w.is_empty()
            && self.text.match_indices(w).any(|(at, _)| {
                !word(self.text[..at].chars().next_back())
                    && !word(self.text[at + w.len()..].chars().next())
            })
    }

    fn new(
        text: &'a str,
        toks: Vec<Token>,
        gaz: &'a Gazetteer,
        senses: &'a ArticleSenses<'a>,
    ) -> Self {
        // borrowed when the token is already lower case (most are): no string per token
        let low = toks
            .iter()
            .map(|t| {
                let w = t.text(text);
                if !w.is_ascii() {
                    std::borrow::Cow::Owned(w.to_lowercase())
                } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
                    std::borrow::Cow::Owned(w.to_ascii_lowercase())
                } else {
                    std::borrow::Cow::Borrowed(w)
                }
            })
            .collect();
        let caps = toks
            .iter()
            .map(|t| t.word && is_cap(t.text(text)))
            .collect();
        let titles = (0..toks.len())
            .map(|_| std::cell::OnceCell::new())
            .collect();
        let name_ok = (0..toks.len())
            .map(|_| std::cell::OnceCell::new())
            .collect();
        Sent {
            text,
            senses,
            toks,
            gaz,
            low,
            caps,
            titles,
            name_ok,
        }
    }

    fn low(&self, k: usize) -> &str {
        self.low.get(k).map_or("", |w| w)
    }

    /// The longest title starting at token `k`: the token index after it.
    fn title_at(&self, k: usize) -> Option<usize> {
        self.titles
            .get(k)
            .and_then(|c| *c.get_or_init(|| self.compute_title_at(k)))
    }

    fn t(&self, k: usize) -> &'a str {
        self.toks.get(k).map_or("", |t| t.text(self.text))
    }
    fn word(&self, k: usize) -> bool {
        self.toks.get(k).is_some_and(|t| t.word)
    }
    fn cap(&self, k: usize) -> bool {
        self.caps.get(k).copied().unwrap_or(false)
    }
    fn span(&self, a: usize, b: usize) -> Range<usize> {
        self.toks[a].span.start..self.toks[b - 1].span.end
    }
    fn slice(&self, a: usize, b: usize) -> &'a str {
        &self.text[self.span(a, b)]
    }

    fn compute_title_at(&self, k: usize) -> Option<usize> {
        let end = title_end(&self.toks, self.text, k, |j| self.low(j))?;
        // `a major European ally`, `the general public`: ranks that are also adjectives are
        // titles only when capitalised
        let ambiguous = end == k + 1 && ADJECTIVE_RANKS.contains(&self.low(k)) && !self.cap(k);
        (!ambiguous).then_some(end)
    }

    /// Whether token `k` opens the sentence (or a quotation or bracket in it) and is a
    /// function word or common adverb there (`While the Police …`, `“My Administration …`).
    fn initial_stopword(&self, k: usize) -> bool {
        let opens = k == 0
            || matches!(
                self.t(k - 1),
                "“" | "\"" | "‘" | "(" | "—" | "–" | ":" | "-" | "•" | "*"
            )
            // `(3) If …`: after a list item's number or letter
            || (k >= 3
                && self.t(k - 1) == ")"
                && self.t(k - 3) == "("
                && self.t(k - 2).chars().count() <= 3
                && self.word(k - 2));
        // `First Lady …`: a title that begins with a function word is a title
        opens
            && self.word(k)
            && STOPWORDS.contains(strip_possessive(self.low(k)))
            && self.title_at(k).is_none()
    }

    fn is_title_word(&self, k: usize) -> bool {
        self.title_at(k).is_some()
    }

    fn is_head(&self, k: usize, heads: &[&str]) -> bool {
        self.cap(k) && heads.contains(&self.low(k))
    }

    /// A country named by tokens `a..b` (name, alias or demonym).
    fn country(&self, a: usize, b: usize) -> Option<usize> {
        if a >= b || b > self.toks.len() {
            return None;
        }
        let s = strip_possessive(self.slice(a, b));
        if !is_cap(s) {
            return None;
        }
        let c = self.gaz.lookup_kind(s, EntityKind::Country)?;
        // `New Mexico`, `Atlanta, Georgia`: the name of something else there
        (!self
            .gaz
            .country_name_elsewhere(self.senses, &self.span(a, b), c))
        .then_some(c)
    }

    fn name_token_ok(&self, k: usize) -> bool {
        match self.name_ok.get(k) {
            Some(c) => *c.get_or_init(|| self.compute_name_token_ok(k)),
            None => false,
        }
    }

    fn compute_name_token_ok(&self, k: usize) -> bool {
        if !self.cap(k) {
            return false;
        }
        let w = strip_possessive(self.t(k));
        let lw = lower(w);
        // contractions are no names (`I’ll`, `We’re`, `Don’t`)
        let contraction = [
            "’ll", "'ll", "’m", "'m", "’ve", "'ve", "’re", "'re", "’d", "'d", "n’t", "n't",
        ]
        .iter()
        .any(|c| lw.ends_with(c));
        !(contraction
            || NOT_NAME_TOKENS.contains(lw.as_str())
            || w.chars().any(|c| c.is_ascii_digit())
            || (is_all_caps(w) && w.chars().count() <= 4)
            || (self.is_title_word(k) && !self.abbreviation_as_name(k))
            || self.gaz.is_not_entity(w)
            || self.gaz.lookup_kind(w, EntityKind::Country).is_some())
    }

    /// `St.`, `Mt.`: an abbreviation with its full stop that opens a longer name.
    pub(super) fn name_abbreviation(&self, k: usize) -> bool {
        self.t(k + 1) == "."
            && self.toks[k].span.end == self.toks[k + 1].span.start
            && NAME_ABBREVIATIONS.contains(&self.low(k))
    }

    /// A short title abbreviation written as a name: `Sen` in `Vong Sen has …` (no full stop,
    /// no name after it, and a name word before it).
    fn abbreviation_as_name(&self, k: usize) -> bool {
        self.low(k).chars().count() <= 4
            && self.title_at(k) == Some(k + 1)
            && self.t(k + 1) != "."
            && !self.cap(k + 1)
            && k > 0
            && self.cap(k - 1)
            && self.title_at(k - 1).is_none()
    }

    /// Name tokens from `k`: up to four capitalised tokens (particles allowed inside).
    fn name_at(&self, k: usize) -> usize {
        let mut j = k;
        while j < self.toks.len() && j - k < 5 {
            if self.name_token_ok(j) {
                let possessive = strip_possessive(self.t(j)) != self.t(j);
                j += 1;
                if possessive {
                    break;
                }
            } else if j > k && NAME_PARTICLES.contains(&self.t(j)) && self.name_token_ok(j + 1) {
                j += 1;
            } else if let Some(after) =
                people::initial_at(self, j).filter(|&a| j > k && self.name_token_ok(a))
            {
                // `Amos T. Reyes`
                j = after;
            } else {
                break;
            }
        }
        j
    }
}

/// Extracts candidates, sentences and dates from the content of one article.
pub fn extract_article(
    text: &str,
    content: &[Range<usize>],
    published: Option<Date>,
    gaz: &Gazetteer,
) -> ArticleFacts {
    extract_article_with(text, content, published, gaz, &ArticleSenses::new(text))
}

/// [`extract_article`] with the article's reading of country forms (`senses`, over `text`),
/// so that the caller can share it with its own country pass.
pub fn extract_article_with(
    text: &str,
    content: &[Range<usize>],
    published: Option<Date>,
    gaz: &Gazetteer,
    senses: &ArticleSenses,
) -> ArticleFacts {
    let mut facts = ArticleFacts::default();
    let mut signer_spans = Vec::new();
    for seg in content {
        for d in dates::find_dates(&text[seg.clone()], published) {
            let mut d = d;
            d.span = d.span.start + seg.start..d.span.end + seg.start;
            facts.dates.push(d);
        }
        let sentences = tokens::sentence_tokens(text, seg.clone());
        if let Some((_, first)) = sentences.first() {
            dateline(text, seg.clone(), first, gaz, senses, &mut facts.candidates);
        }
        // In Title Case Headlines every word is capitalised, so capitals say nothing about
        // names there; names in them are still found by matching what the bodies teach.
        let headline = title_case_line(&text[seg.clone()]);
        for (s, toks) in sentences {
            facts.sentences.push(s.clone());
            let sent = Sent::new(text, toks, gaz, senses);
            if headline {
                people::lone_name_words(&sent, true, &mut facts.lone);
                continue;
            }
            people(&sent, &mut facts.candidates);
            chunks(&sent, &mut facts);
            loose_acronyms(&sent, &mut facts.candidates, &mut facts.term_acronyms);
            people::untitled_people(&sent, &mut facts.candidates);
            signers(&sent, &mut facts.candidates, &mut signer_spans);
            people::lone_name_words(&sent, false, &mut facts.lone);
        }
    }
    people::discourse_references(text, &facts.lone, &mut facts.candidates);
    // a signer whose words name a person of the article is that person, no body
    if !signer_spans.is_empty() {
        let person_words: rustc_hash::FxHashSet<String> = facts
            .candidates
            .iter()
            .filter(|c| c.kind == EntityKind::Person)
            .flat_map(|c| c.name.split_whitespace().map(lower))
            .collect();
        facts.candidates.retain(|c| {
            !(signer_spans.contains(&c.span)
                && text[c.span.clone()]
                    .split_whitespace()
                    .any(|w| person_words.contains(&lower(w))))
        });
    }
    headline_verbs(text, &mut facts.candidates);
    possessive_heads(text, &mut facts.candidates);
    quoted_titles(text, &mut facts.candidates);
    // one candidate per span: the first pattern that claimed it wins
    facts
        .candidates
        .sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    facts.candidates.dedup_by(|b, a| a.span == b.span);
    initials_of_people(text, &mut facts.candidates);
    facts
}

/// `the “Testing, Tracing, and Water Quality Act of 2023”`: an instrument's name that ends a
/// quoted title of capitalised words, commas and connectors starts where the quote does.
fn quoted_titles(text: &str, candidates: &mut [Candidate]) {
    for c in candidates {
        if c.kind != EntityKind::Agreement {
            continue;
        }
        // (a title's opening quote is near: 400 bytes back at most, so that a page on one line
        // costs no scan of the whole line per instrument)
        let lo = text.floor_char_boundary(c.span.start.saturating_sub(400));
        let line_start = text[lo..c.span.start]
            .rfind('\n')
            .map_or(lo, |i| lo + i + 1);
        let before = &text[line_start..c.span.start];
        let Some(open) = before.rfind(['“', '"']) else {
            continue;
        };
        let inner = &before[open + before[open..].chars().next().map_or(1, char::len_utf8)..];
        let after = &text[c.span.end..];
        let after = after
            .strip_prefix(" of ")
            .map(|r| r.trim_start_matches(|ch: char| ch.is_ascii_digit()))
            .unwrap_or(after);
        let words_ok = !inner.is_empty()
            && inner.contains(',')
            && inner
                .split([' ', ','])
                .filter(|w| !w.is_empty())
                .all(|w| w.starts_with(char::is_uppercase) || CONNECTORS.contains(&w));
        if words_ok && after.starts_with(['”', '"']) {
            let start = c.span.start - inner.len();
            c.span.start = start;
            c.name = format!("{inner}{}", c.name);
        }
    }
}

/// `Thanks, KJP`: a stand-alone acronym of three letters or more that spells the initials of a
/// person the article names in full (`Kara Jean-Pierce`) is that person.
fn initials_of_people(text: &str, candidates: &mut [Candidate]) {
    let initials: Vec<(String, String)> = candidates
        .iter()
        .filter(|c| c.kind == EntityKind::Person && !c.short_ref)
        .filter_map(|c| {
            let words: Vec<&str> = c.name.split([' ', '-']).filter(|w| !w.is_empty()).collect();
            let letters: String = words.iter().filter_map(|w| w.chars().next()).collect();
            (words.len() >= 2
                && letters.chars().count() >= 3
                && letters.chars().all(char::is_uppercase))
            .then(|| (letters, c.name.clone()))
        })
        .collect();
    // (not an acronym the article defines for a body, or writes after `the`)
    let defined: Vec<String> = candidates
        .iter()
        .filter_map(|c| c.acronym.clone())
        .collect();
    for c in candidates {
        if c.kind != EntityKind::Organization
            || c.acronym.is_some()
            || text[c.span.clone()] != c.name
        {
            continue;
        }
        let mut owners = initials.iter().filter(|(l, _)| *l == c.name);
        if let (Some((_, name)), None) = (owners.next(), owners.next())
            && !defined.contains(&c.name)
            && !text.contains(&format!("the {}", c.name))
            && !text.contains(&format!("The {}", c.name))
        {
            c.kind = EntityKind::Person;
            c.name = name.clone();
        }
    }
}

/// `the Velmora Housing Administration’s (VHA) rules`: a body's or an instrument's name ends
/// before the possessive of its head noun (a company's own `’s`, `Kestrel’s`, stays).
fn possessive_heads(text: &str, candidates: &mut [Candidate]) {
    for c in candidates {
        if !matches!(c.kind, EntityKind::Organization | EntityKind::Agreement) {
            continue;
        }
        let surface = &text[c.span.clone()];
        let bare = strip_possessive(surface);
        let head = bare.rsplit(' ').next().unwrap_or("").to_lowercase();
        let instrument =
            AGREEMENT_HEADS.contains(&head.as_str()) || LAW_WORDS.contains(&head.as_str());
        if bare.len() < surface.len()
            && bare.contains(' ')
            && (ORG_HEADS.contains(&head.as_str()) || instrument)
        {
            c.span.end -= surface.len() - bare.len();
            c.name = strip_possessive(&c.name).to_string();
            // (`Rural Water Act’s (RWA)` was read as a headless body's name)
            if instrument {
                c.kind = EntityKind::Agreement;
            }
        }
    }
}

/// `Vice President Reyes Announces …`, `President Ana Reyes Signs …`: a capitalised verb
/// after a person's name in a headline is no part of it. A person's name whose last word ends
/// in `s` loses it when the article writes the name without it more often than with it, and
/// at least once not followed by it.
fn headline_verbs(text: &str, candidates: &mut [Candidate]) {
    let count = |needle: &str| {
        text.match_indices(needle)
            .filter(|(i, _)| {
                let after = text[i + needle.len()..].chars().next();
                let before = text[..*i].chars().next_back();
                !after.is_some_and(char::is_alphanumeric)
                    && !before.is_some_and(char::is_alphanumeric)
            })
            .count()
    };
    for c in candidates
        .iter_mut()
        .filter(|c| c.kind == EntityKind::Person)
    {
        let surface = &text[c.span.clone()];
        let Some((prefix, last)) = surface.rsplit_once(' ') else {
            continue;
        };
        if !(last.ends_with('s') && last.starts_with(char::is_uppercase) && last.len() > 3) {
            continue;
        }
        let (with, without) = (count(surface), count(prefix));
        if without > with && with > 0 {
            c.span = c.span.start..c.span.start + prefix.len();
            if let Some((name, _)) = c.name.rsplit_once(' ') {
                c.name = name.to_string();
            }
        }
    }
}

/// `Velmora Currency has signed an MoU with …`, `3M concluded an agreement with …`: a name no
/// pattern claimed (two to four capitalised words, no given name first, or one code of capitals
/// and digits) opening a clause whose verb signs an instrument is a body's. Spans pushed are
/// noted in `spans` (the caller drops those that name a person of the article).
fn signers(s: &Sent, out: &mut Vec<Candidate>, spans: &mut Vec<Range<usize>>) {
    let n = s.toks.len();
    let code = |k: usize| {
        let w = s.t(k);
        s.word(k)
            && w.starts_with(|c: char| c.is_ascii_digit())
            && w.chars().any(char::is_uppercase)
            && !w.chars().any(char::is_lowercase)
            && w.chars().count() <= 5
    };
    for v in 1..n {
        if !matches!(
            s.low(v),
            "signed" | "inked" | "concluded" | "co-signed" | "countersigned"
        ) || !(v + 1..(v + 6).min(n)).any(|j| INSTRUMENT_WORDS.contains(&s.low(j)))
        {
            continue;
        }
        let mut e = v;
        while e > 0 && matches!(s.low(e - 1), "has" | "have" | "had" | "also" | "jointly") {
            e -= 1;
        }
        let mut a = e;
        while a > 0 && e - a < 4 && s.cap(a - 1) {
            a -= 1;
        }
        if a < e && matches!(s.low(a), "the" | "a" | "an") {
            a += 1;
        }
        let name_ok = match e - a {
            0 => {
                a = e.saturating_sub(1);
                e > 0 && code(a)
            }
            1 => false,
            _ => !is_given_name(s.t(a)) && (a..e).all(|k| s.name_token_ok(k)),
        };
        // the name opens its clause
        if !name_ok || (a > 0 && s.word(a - 1) && !matches!(s.low(a - 1), "the" | "a" | "an")) {
            continue;
        }
        let span = s.span(a, e);
        let name = strip_possessive(s.slice(a, e)).to_string();
        // (the sentence's candidates are the last ones pushed)
        let sentence_start = s.toks[0].span.start;
        if out
            .iter()
            .rev()
            .take_while(|c| c.span.end > sentence_start)
            .any(|c| c.span.start < span.end && span.start < c.span.end)
            || !s.gaz.lookup(&name).is_empty()
        {
            continue;
        }
        spans.push(span.clone());
        out.push(org_candidate(span, name));
    }
}

/// Whether most longer words of a line are capitalised (`Governor Announces Key Nominees`).
fn title_case_line(line: &str) -> bool {
    let sentence = line.trim_end().ends_with(['.', '!', '?', '"', '”']);
    // `Mira Dal, U.S. Consul General, Haiphong`: a name with its role, not a headline
    let apposition = || {
        line.match_indices(", ")
            .any(|(i, _)| !line[i + 2..].starts_with("Jr."))
    };
    // the cheap tests first: most paragraphs end a sentence
    if sentence || apposition() {
        return false;
    }
    let (mut words, mut caps) = (0, 0);
    for w in line
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
    {
        words += 1;
        caps += usize::from(w.starts_with(char::is_uppercase));
    }
    words >= 3 && caps * 10 >= words * 8
}

/// A line that opens with a place and an agency credit: `Vientiane (VNA) –`, `HÀ NỘI —`.
fn dateline(
    text: &str,
    seg: Range<usize>,
    first: &[Token],
    gaz: &Gazetteer,
    senses: &ArticleSenses,
    out: &mut Vec<Candidate>,
) {
    // the first sentence's first tokens are all a dateline can be
    let toks = first.iter().take(8).cloned().collect();
    let sent = Sent::new(text, toks, gaz, senses);
    let mut k = 0;
    while k < sent.toks.len() && k < 4 && sent.cap(k) {
        k += 1;
    }
    if k == 0 || k >= sent.toks.len() {
        return;
    }
    let mut j = k;
    let mut agency = None;
    if sent.t(j) == "(" && sent.word(j + 1) && sent.t(j + 2) == ")" {
        agency = Some(j + 1);
        j += 3;
    }
    if !matches!(sent.t(j), "-" | "–" | "—") {
        return;
    }
    let place = sent.slice(0, k);
    let plain_word = |x: usize| {
        let w = sent.t(x).to_lowercase();
        !NOT_NAME_WORDS.contains(&w.as_str())
            && !sent.is_title_word(x)
            && !w.chars().any(|c| c.is_ascii_digit())
    };
    if !(is_all_caps(place) || agency.is_some())
        || !(0..k).all(plain_word)
        || place.chars().filter(|c| c.is_alphabetic()).count() < 3
    {
        return;
    }
    let rest = &text[sent.toks[j].span.end..seg.end];
    if !rest.starts_with(char::is_whitespace) {
        return;
    }
    // `ANA VELK – Ruritown, Velmora`: a heading naming someone and their home, no dateline
    let rest = rest.lines().next().unwrap_or("");
    if rest.contains(',') && rest.split_whitespace().count() <= 5 {
        return;
    }
    let single_acronym = k == 1 && is_all_caps(place) && place.chars().count() <= 4;
    if !single_acronym && gaz.lookup_kind(place, EntityKind::Country).is_none() {
        out.push(Candidate {
            span: sent.span(0, k),
            kind: EntityKind::Place,
            name: if is_all_caps(place) {
                place
                    .split_whitespace()
                    .map(title_case)
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                place.to_string()
            },
            country: None,
            national: false,
            role: None,
            short_ref: false,
            affiliation: None,
            acronym: None,
        });
    }
    if let Some(a) = agency {
        let acr = sent.t(a);
        if is_all_caps(acr) && !gaz.is_not_entity(acr) {
            out.push(org_candidate(sent.span(a, a + 1), acr.to_string()));
        }
    }
}

/// A single word in brackets at token `k`, quoted or not: `(IOM)`, `(“UOPL”)`. Returns the
/// word's token index and the index after the closing bracket.
fn bracketed_word(s: &Sent, k: usize) -> Option<(usize, usize)> {
    if s.t(k) != "(" {
        return None;
    }
    let quote = |t: &str| matches!(t, "\"" | "“" | "”" | "'" | "‘" | "’");
    let mut j = k + 1;
    if quote(s.t(j)) {
        j += 1;
    }
    if !s.word(j) {
        return None;
    }
    let w = j;
    j += 1;
    if quote(s.t(j)) {
        j += 1;
    }
    (s.t(j) == ")").then_some((w, j + 1))
}

/// A quoted short name in brackets after a name, made of its first words:
/// `Rivet Works Pte Ltd (“Rivet”)`, `Hock Seng Builders Pte Ltd (“Hock Seng”)`.
fn quoted_short_name(s: &Sent, a: usize, e: usize) -> Option<String> {
    let quote = |t: &str| matches!(t, "\"" | "“" | "”" | "'" | "‘" | "’");
    if s.t(e) != "(" || !quote(s.t(e + 1)) {
        return None;
    }
    let w0 = e + 2;
    let close = (w0..(w0 + 4).min(s.toks.len())).find(|&k| quote(s.t(k)))?;
    if close == w0 || s.t(close + 1) != ")" || close - w0 >= e - a {
        return None;
    }
    let same = (w0..close).all(|k| s.cap(k) && s.low(k) == s.low(a + (k - w0)));
    same.then(|| s.slice(w0, close).to_string())
}

impl Candidate {
    /// A candidate of `kind` named `name` at `span`, with nothing else known yet (no country,
    /// role, affiliation or short form; not a short reference).
    pub(crate) fn new(span: Range<usize>, kind: EntityKind, name: String) -> Candidate {
        Candidate {
            span,
            kind,
            name,
            country: None,
            national: false,
            role: None,
            short_ref: false,
            affiliation: None,
            acronym: None,
        }
    }
}

/// A short reference to a person by one word of their name (`OKAFOR:`, a lone `Okafor`), in
/// capitals normalised: resolved by the linker to the person of the article so named.
fn short_person(span: Range<usize>, word: &str) -> Candidate {
    Candidate {
        short_ref: true,
        ..Candidate::new(span, EntityKind::Person, normalize_caps_word(word))
    }
}

fn org_candidate(span: Range<usize>, name: String) -> Candidate {
    Candidate::new(span, EntityKind::Organization, name)
}

/// A brand written as one word with a capital inside (`VeltraCorp`, `Orlin-McKeeRon`), not an
/// acronym, a given name (`JoAnn`) or a family name with a particle (`McCarthy`, `DeSantis`,
/// `MacArthur`, `LaGuardia`: one capital right after the particle).
fn brand_word(w: &str) -> bool {
    let w = strip_possessive(w);
    w.split('-').any(|part| {
        let chars: Vec<char> = part.chars().collect();
        if chars.len() < 4 || !chars[0].is_uppercase() || is_all_caps(part) {
            return false;
        }
        let inner: Vec<usize> = (1..chars.len())
            .filter(|&i| chars[i].is_uppercase() && chars[i - 1].is_lowercase())
            .collect();
        // (most words have no capital inside: decided before any allocation below)
        if inner.is_empty() || !chars.iter().all(|c| c.is_alphabetic()) {
            return false;
        }
        let particle =
            |p: &str| inner.len() == 1 && part.starts_with(p) && inner[0] == p.chars().count();
        if [
            "Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "O",
        ]
        .into_iter()
        .any(particle)
        {
            return false;
        }
        // a phrase glued together (`OnMonday`, `MaryAlice`) is no brand
        let pieces: Vec<String> = std::iter::once(0)
            .chain(inner.iter().copied())
            .zip(inner.iter().copied().chain(std::iter::once(chars.len())))
            .map(|(x, y)| chars[x..y].iter().collect::<String>().to_lowercase())
            .collect();
        let glued = NOT_NAME_WORDS.contains(&pieces[0].as_str())
            || pieces.iter().all(|p| people::GIVEN_NAMES.contains(p));
        !glued && !people::GIVEN_NAMES.contains(&part.to_lowercase())
    })
}

/// People: a title (or chain of titles, with `of` complements and parentheses) followed by a
/// name; or a name followed by a comma and a title.
fn people(s: &Sent, out: &mut Vec<Candidate>) {
    let n = s.toks.len();
    let mut k = 0;
    while k < n {
        let Some(j) = s.title_at(k) else {
            k = apposition_person(s, k, out).unwrap_or(k + 1);
            continue;
        };
        let title_start = k;
        let chain = title_chain(s, title_start, j);
        let j = chain.end;
        let (start, e) = name_after_titles(s, &chain);
        let subject = chain.for_at.unwrap_or(start).min(start);
        // the titles up to the name (which may close the last complement)
        let role = s
            .slice(
                chain.role_start,
                start.min(j).min(n).max(chain.role_start + 1),
            )
            .trim_end_matches([',', ' '])
            .to_string();
        if e > start {
            if e - start == 1 && s.is_title_word(start) {
                // `Deputy Solicitor`: a title cut short, no name
                k = e;
                continue;
            }
            if e - start == 1 {
                let w = strip_possessive(s.t(start));
                let sp = s.toks[start].span.start..s.toks[start].span.start + w.len();
                out.push(Candidate {
                    country: people::person_country(s, title_start..subject, start, start + 1),
                    role: Some(role),
                    short_ref: true,
                    affiliation: people::affiliation(s, title_start..subject, start, start + 1),
                    ..Candidate::new(sp, EntityKind::Person, normalize_caps_word(w))
                });
            } else {
                push_person(s, start, e, Some((role, title_start..subject)), out);
            }
            k = e;
        } else {
            k = j.max(k + 1);
        }
    }
}

/// A name-first apposition at token `k` (`Tran Van Minh, Chief Procurator of ...`), pushed;
/// where its name ends.
fn apposition_person(s: &Sent, k: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    // name-first apposition: `Tran Van Minh, Chief Procurator of ...`
    let at_start = k == 0 || matches!(s.t(k - 1), "," | ";" | "—" | "–" | "\"" | "“");
    if at_start && s.name_token_ok(k) {
        let e = s.name_at(k);
        if e - k >= 2 && s.t(e) == "," && s.title_at(e + 1).is_some() {
            let role_end = s.title_at(e + 1).unwrap_or(e + 2);
            let role = s.slice(e + 1, role_end).to_string();
            push_person(s, k, e, Some((role, e + 1..role_end)), out);
            return Some(e);
        }
    }
    None
}

/// A chain of titles read from its first title: where it ends, and where its parts are.
struct TitleChain {
    /// The token after the chain.
    end: usize,
    /// The last `of`/`for` complement (its first and end token).
    complement_end: Option<(usize, usize)>,
    /// Where a `for` complement starts.
    for_at: Option<usize>,
    /// Where the person's own title starts.
    role_start: usize,
}

/// The chain of titles starting at `title_start` whose first title ends at `j`: titles,
/// their complements, parentheses, titles joined by `and` or a comma.
fn title_chain(s: &Sent, title_start: usize, j: usize) -> TitleChain {
    let n = s.toks.len();
    let mut j = j;
    let mut complement_end = None;
    // where a `for` complement starts: what it names (`Special Envoy for Velmora`) is the
    // office's subject, not the person's country or employer
    let mut for_at: Option<usize> = None;
    // where the last of several titles joined by `and` or a comma starts: the person's own
    // (`the President and First Lady Ana Reyes` holds `First Lady`)
    let mut role_start = title_start;
    loop {
        if let Some(e) = s.title_at(j) {
            j = e;
            continue;
        }
        if matches!(s.t(j), "of" | "for") && j > title_start {
            // the office's complement: `Minister of Public Security`, `Advisor for Cyber
            // and Emerging Technology`
            let mut m = j + 1;
            if s.t(m) == "the" {
                m += 1;
            }
            let c0 = m;
            if s.t(j) == "for" && s.title_at(m).is_some() {
                // a staffer's office for another's title (`Director of Outreach for Vice
                // President …`): the titles start again
                j = m;
                role_start = m;
                complement_end = None;
                continue;
            }
            while m < n
                && (s.cap(m)
                    || (CONNECTORS.contains(&s.t(m)) && s.cap(m + 1) && !s.is_title_word(m + 1)))
                && !s.is_title_word(m)
            {
                m += 1;
            }
            if m == c0 {
                break;
            }
            if s.t(j) == "for" {
                for_at.get_or_insert(j);
            }
            complement_end = Some((c0, m));
            j = m;
            continue;
        }
        if matches!(s.t(j), "and" | ",") && s.title_at(j + 1).is_some() {
            if complement_end.is_some_and(|(c0, m)| m == j && m - c0 >= 3) {
                // the complement may end in a name (`Secretary of Commerce Mara Quill and
                // Secretary of State …`): that person first, the next title after
                break;
            }
            j += 1;
            // (one person's several offices: `Deputy Prime Minister and Minister of
            // Justice Ana Reyes`; but `Mr.` starts a title of its own, and after `the` a
            // bare title is someone else's: `the President and First Lady Ana Reyes`)
            let own = HONORIFICS.contains(&s.low(j).trim_end_matches('.'))
                || (title_start > 0 && s.low(title_start - 1) == "the" && complement_end.is_none());
            if own {
                role_start = j;
            }
            continue;
        }
        if s.t(j) == "(" {
            if let Some(close) = (j + 1..(j + 6).min(n)).find(|&m| s.t(m) == ")")
                && (j + 1..close).any(|m| s.is_title_word(m))
            {
                j = close + 1;
                continue;
            }
            break;
        }
        if s.t(j) == "," && s.name_token_ok(j + 1) && complement_end.is_some() && for_at.is_none() {
            // apposition after an office: `General Secretary of the Party, To Lam.`
            let e = s.name_at(j + 1);
            if e - (j + 1) >= 2 && (e >= n || !s.word(e) || s.t(e) == "and") {
                j += 1;
            }
            break;
        }
        break;
    }
    TitleChain {
        end: j,
        complement_end,
        for_at,
        role_start,
    }
}

/// The name after a chain of titles (start and end; empty when there is none): the words
/// after it, a speaker label, or the last words of its complement.
fn name_after_titles(s: &Sent, chain: &TitleChain) -> (usize, usize) {
    let j = chain.end;
    let mut e = s.name_at(j);
    let mut start = j;
    // a transcript's speaker label: `DR. OKAFOR:`, `AMBASSADOR REYES:`
    if e == j
        && s.word(j)
        && is_all_caps(s.t(j))
        && s.t(j).chars().count() >= 2
        && s.t(j + 1) == ":"
    {
        e = j + 1;
    }
    if e == j
        && let Some((c0, m)) = chain.complement_end
        && m == j
        && m - c0 >= 3
    {
        // `Secretary of State Mara Quill`: the name closes the complement
        let name0 = m - 2;
        // (followed by punctuation or a lower-case word: `… Ana Reyes said`)
        // (not a place: `Mayor of the City of Los Angeles said`)
        let place = s
            .gaz
            .lookup(s.slice(name0, m))
            .iter()
            .any(|&g| s.gaz.entries[g].kind != EntityKind::Person);
        // (after a `for` complement, a given name first: not `… for European and
        // Eurasian Affairs`)
        // (after an `of` complement, a given name or words the article never writes in
        // lower case: not `Secretary of Homeland Security Quill`)
        // (nor after a complement with a complement of its own: `Office of Central
        // Velmoran Affairs`, `Chief of Staff of the Army Quill` name no one)
        let given = is_given_name(s.t(name0))
            || (chain.for_at.is_none()
                && !(c0..name0).any(|x| CONNECTORS.contains(&s.t(x)))
                && !s.written_in_lower_case(name0));
        if (name0..m).all(|x| s.name_token_ok(x)) && !s.cap(m) && !place && given {
            start = name0;
            e = m;
        }
    }
    // a place's name of several words after an office is no person (`Chancellor of the
    // University of Ruritania, San Lorenzo`; but `Senator Hassan`)
    if e >= start + 2
        && s.gaz
            .lookup(s.slice(start, e))
            .iter()
            .any(|&g| s.gaz.entries[g].kind != EntityKind::Person)
    {
        e = start;
    }
    (start, e)
}

fn push_person(
    s: &Sent,
    a: usize,
    e: usize,
    role: Option<(String, Range<usize>)>,
    out: &mut Vec<Candidate>,
) {
    let role_range = role.as_ref().map_or(a..a, |r| r.1.clone());
    let country = people::person_country(s, role_range.clone(), a, e);
    let affiliation = people::affiliation(s, role_range, a, e);
    let role = role.map(|r| r.0);
    let last = strip_possessive(s.t(e - 1));
    let span = s.toks[a].span.start..s.toks[e - 1].span.start + last.len();
    out.push(Candidate {
        country,
        role,
        affiliation,
        ..Candidate::new(span, EntityKind::Person, people::person_name(s, a, e))
    });
}

/// Capitalised chunks: organisations, agreements and places by their head nouns, and
/// `Long Form (ACR)` definitions.
fn chunks(s: &Sent, facts: &mut ArticleFacts) {
    let n = s.toks.len();
    let mut k = 0;
    while k < n {
        if !s.cap(k) {
            k += 1;
            continue;
        }
        let a = k;
        let e = chunk_end(s, a);
        chunk(s, a, e, facts);
        k = e;
    }
}

/// Where the run of capitalised words (with connectors) from token `a` ends.
fn chunk_end(s: &Sent, a: usize) -> usize {
    let mut e = a + 1;
    let mut in_complement = false;
    loop {
        let alnum = s.word(e)
            && s.t(e).starts_with(|c: char| c.is_ascii_digit())
            && s.t(e).chars().any(char::is_uppercase);
        // `Civil Code Chapter 12`, `Section 5`: a numbered part is no part of the name
        let part = matches!(s.t(e), "Chapter" | "Section" | "Part" | "Article" | "Cap")
            && s.t(e + 1).starts_with(|c: char| c.is_ascii_digit());
        if part {
            break;
        } else if s.cap(e) || (alnum && s.cap(e + 1)) {
            e += 1;
        } else if s.t(e) == "."
            && s.toks[e - 1].span.end == s.toks[e].span.start
            && matches!(s.low(e - 1), "co" | "corp" | "inc" | "pte" | "bhd")
            && (s.is_head(e + 1, &ORG_HEADS) || (s.t(e + 1) == "," && s.is_head(e + 2, &ORG_HEADS)))
        {
            // `Orlin Trading Co. Ltd`, `Co., Ltd.`: a company's abbreviated suffixes
            e += if s.t(e + 1) == "," { 2 } else { 1 };
        } else if dotted_abbreviation_stop(s, a, e) {
            // `U.K. Border Force`: the full stop of a dotted abbreviation inside a name
            e += 1;
        } else if s.t(e) == "("
            && s.t(e + 2) == ")"
            && s.cap(e + 3)
            && (s.country(e + 1, e + 2).is_some() || s.t(e + 1) == "S")
        {
            // `Kee Hoe Construction (Malta) Pte Ltd`, `Kestrel Marine (S) Pte Ltd`
            e += 3;
        } else if s.word(e)
            && s.t(e).chars().all(|c| c.is_ascii_digit())
            && (matches!(s.low(e - 1), "proclamation" | "decree")
                || (s.low(e - 1) == "order" && e >= 2 && s.low(e - 2) == "executive"))
        {
            // `Proclamation 8001`, `Executive Order 13001`: the number is the name
            e += 1;
            break;
        } else if let Some(end) = (in_complement && s.t(e) == ",")
            .then(|| serial_list_end(s, a, e))
            .flatten()
        {
            // `Agency for Science, Technology, and Research`
            e = end;
            break;
        } else if matches!(s.t(e), "a" | "an") && s.t(e - 1) == "for" && s.cap(e + 1) {
            // `Council for an Energy-Wise Economy`
            e += 1;
        } else if connector_in_name(s, e, in_complement) {
            in_complement |= matches!(s.t(e), "of" | "for" | "on" | "against" | "to");
            e += 1;
        } else if let Some(end) = definition_bridge(s, a, e) {
            // `Elimination Partnership in the Baltic for River Health (EPBRH)`
            e = end;
            break;
        } else {
            break;
        }
    }
    e
}

/// Whether the full stop at `e` is part of a name from `a`: of a dotted abbreviation
/// (`U.K. Border Force`) or a middle initial before a body's head.
fn dotted_abbreviation_stop(s: &Sent, a: usize, e: usize) -> bool {
    let n = s.toks.len();
    s.t(e) == "."
        && s.toks[e - 1].span.end == s.toks[e].span.start
        && (s.t(e - 1).contains('.')
            || s.name_abbreviation(e - 1)
            // `John F. Kennedy Center`: a middle initial, when capitalised words up
            // to a head follow (not `William F. Reyes of the Agency`, `Plan B. The …`)
            || (e >= a + 2
                && s.t(e - 1).len() == 1
                && s.t(e - 1).chars().all(|c| c.is_ascii_uppercase())
                && s.name_token_ok(e + 1)
                && (e + 2..n)
                    .take_while(|&j| s.cap(j))
                    .any(|j| s.is_head(j, &ORG_HEADS) || s.is_head(j, &AGREEMENT_HEADS))))
        && s.cap(e + 1)
}

/// Whether the connector at `e` joins the capitalised words after it to the name
/// (`in_complement`: the name has reached a complement).
fn connector_in_name(s: &Sent, e: usize, in_complement: bool) -> bool {
    CONNECTORS.contains(&s.t(e))
        // (`Working Group to Promote Literacy`, but not `the Group to Paris`)
        && (s.t(e) != "to"
            || s.is_head(e - 1, &AGREEMENT_HEADS)
            || (s.is_head(e - 1, &ORG_HEADS)
                && s.cap(e + 1)
                && s.gaz.lookup(s.t(e + 1)).is_empty()
                && !date_word(s.t(e + 1))))
        // `Commission on Human Rights`, `Agency for …`, but not `Moreau on the Senate`
        && (!matches!(s.t(e), "on" | "for" | "against")
            || ((s.is_head(e - 1, &ORG_HEADS)
                || s.is_head(e - 1, &AGREEMENT_HEADS)
                || s.low(e - 1).strip_suffix('s').is_some_and(|w| ORG_HEADS.contains(&w)))
                // `the Senate on January 3`, `Congress on Monday`
                && !CLOSED_HEADS.contains(&s.low(e - 1))
                && !date_word(s.t(e + 1))))
        && (s.cap(e + 1)
            || (s.t(e + 1) == "the" && s.cap(e + 2))
            || (s.t(e) == "for" && matches!(s.t(e + 1), "a" | "an") && s.cap(e + 2)))
        && !(s.t(e) == "and" && s.t(e + 1) == "the" && !in_complement)
}

/// Where a name from `a` that stops before lower-case words at `e` goes on to a short form
/// whose letters it spells from its first word on: the token of the `(` of `Elimination
/// Partnership in the Baltic for River Health (EPBRH)`.
fn definition_bridge(s: &Sent, a: usize, e: usize) -> Option<usize> {
    const BRIDGE: &[&str] = &[
        "in", "the", "on", "for", "of", "and", "to", "at", "with", "from",
    ];
    // (not a title's words, `Assistant to the President for …`; not two known places, `… and
    // the Caribbean`; not a clause, `Investing in …`)
    if !BRIDGE.contains(&s.t(e))
        || !s.gaz.lookup(s.slice(a, e)).is_empty()
        || s.low(a).ends_with("ing")
    {
        return None;
    }
    // (a title opening the name or after `the` is a person's office: `the President`)
    let office = |k: usize| s.is_title_word(k) && (k == a || s.t(k - 1) == "the");
    if (a..e).any(office) {
        return None;
    }
    let mut j = e;
    while j < s.toks.len() && j < a + 16 {
        if s.t(j) == "(" {
            let acr = s.t(j + 1);
            let letters = acr.chars().filter(|c| c.is_alphabetic()).count();
            // (a body's or an instrument's name: a head among its words)
            let head = (a..j).any(|k| s.is_head(k, &ORG_HEADS) || s.is_head(k, &AGREEMENT_HEADS));
            return (s.cap(j - 1)
                && head
                && s.word(j + 1)
                && s.t(j + 2) == ")"
                && letters >= 3
                && is_all_caps(acr)
                && acronym::is_short_form(acr)
                && acronym::long_form_start(s.slice(a, j), acr) == Some(0))
            .then_some(j);
        }
        if !(s.cap(j) || BRIDGE.contains(&s.t(j))) || office(j) {
            return None;
        }
        j += 1;
    }
    None
}

/// The token where a run of country names joined by hyphens ends right before token `a`
/// starts (`U.S.-` and `Japan-U.S.-` before `Velmora …`), when there is one.
fn hyphened_countries_before(s: &Sent, a: usize) -> Option<usize> {
    let start = s.toks.get(a)?.span.start;
    let before = s.text[..start].strip_suffix('-')?;
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '“' | '"' | '‘'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let run = &before[word_start..];
    let countries = !run.is_empty()
        && run.split('-').all(|part| {
            s.gaz
                .lookup_kind(part.trim_end_matches('.'), EntityKind::Country)
                .or_else(|| s.gaz.lookup_kind(part, EntityKind::Country))
                .is_some()
        });
    if !countries {
        return None;
    }
    (0..a).find(|&k| s.toks[k].span.start == word_start)
}

/// A month's or weekday's name (`January`, `Sept`, `Monday`).
pub(crate) fn date_word(w: &str) -> bool {
    dates::month_from_name(w).is_some() || dates::weekday_from_name(w).is_some()
}

/// The end of a serial list of subject words closing a body's name, from the comma at `k`:
/// `Ministry of Health, Labour and Welfare`, `Agency for Science, Technology, and Research`
/// (each item one or two capitalised words that are no country, title or connector; the
/// last after `and`). Only for a body (an organisation head before the complement) or one
/// defined with a short form right after (`(A*STAR)`).
fn serial_list_end(s: &Sent, a: usize, k: usize) -> Option<usize> {
    let item = |j: usize| {
        let ok = |j: usize| {
            s.cap(j)
                && !s.is_title_word(j)
                && !CONNECTORS.contains(&s.t(j))
                && !matches!(s.low(j), "the" | "a" | "an")
                && s.country(j, j + 1).is_none()
        };
        // (an item with a complement opens a name of its own: `Department of Justice, and
        // Department of Labor`)
        if !ok(j) || (s.is_head(j, &ORG_HEADS) && ["of", "for", "on"].contains(&s.t(j + 1))) {
            None
        } else if ok(j + 1) && !s.cap(j + 2) {
            Some(j + 2)
        } else if !s.cap(j + 1) {
            Some(j + 1)
        } else {
            None
        }
    };
    let mut j = k;
    let mut items = 0;
    loop {
        // `, X`, `, and X`, `and X`
        let and = match (s.t(j), s.t(j + 1)) {
            (",", "and") => j + 2,
            ("and", _) if items > 0 => j + 1,
            (",", _) => {
                j = item(j + 1)?;
                items += 1;
                continue;
            }
            _ => return None,
        };
        let end = item(and)?;
        let defined = bracketed_word(s, end).is_some_and(|(w, _)| acronym::is_short_form(s.t(w)));
        let body = (a..k).any(|h| s.is_head(h, &ORG_HEADS));
        return (defined || body).then_some(end);
    }
}

fn chunk(s: &Sent, a0: usize, e: usize, facts: &mut ArticleFacts) {
    let e = without_trailing_connectors(s, a0, e);
    // `Los Angeles’ Velmora College`: a city's possessive written with a bare apostrophe is a
    // chunk of its own before; the body is in the city's country
    let mut country = (a0 >= 2 && matches!(s.t(a0 - 1), "’" | "'") && s.t(a0 - 2).ends_with('s'))
        .then(|| {
            (1..=3.min(a0 - 1)).find_map(|l| {
                s.gaz
                    .lookup_kind(s.slice(a0 - 1 - l, a0 - 1), EntityKind::Place)
                    .and_then(|g| s.gaz.entries[g].country.as_deref())
                    .and_then(|iso| s.gaz.country_by_iso2(iso))
            })
        })
        .flatten();
    let Some(mut a) = name_start(s, a0, e, &mut country) else {
        return;
    };
    // `U.S.-Velmora Trade Framework`, `Japan-U.S.-Velmora Partnership`: the countries joined
    // to the name by hyphens are part of it
    if let Some(pre) = hyphened_countries_before(s, a) {
        a = pre;
    }
    if region_or_short_name_of_a_country(s, a, e, facts)
        || split_at_and(s, a0, a, e, facts)
        || no_body_of_its_own(s, a, e)
    {
        return;
    }
    let (acronym, after_paren) = acronym_after(s, e);
    let short_name = quoted_short_name(s, a, e);
    let (lead, lead_demonym) = leading_country(s, a, e, &mut country);
    // `IOM and Government of ...`: a known name before `and` is a chunk of its own
    if let Some(and) = (a..e).find(|&k| s.t(k) == "and")
        && and > a
        && (!s.gaz.lookup(s.slice(a, and)).is_empty() || (and == a + 1 && is_all_caps(s.t(a))))
        && (and + 1..e).any(|k| s.is_head(k, &ORG_HEADS))
    {
        return chunk(s, and + 1, e, facts);
    }
    let inner_place = inner_places(s, a, e, facts);
    let head = head_noun(s, a, e);
    // an administrative unit written in lower case after the chunk: `Quảng Trị province`
    if head.is_none() && LOWERCASE_PLACE_HEADS.contains(&s.t(e)) {
        place_before_lowercase_unit(s, a, e, facts);
        return;
    }
    let Some((h, kind)) = head else {
        if let Some(acr) = acronym {
            define_acronym(s, a, e, &acr, facts, after_paren);
        }
        headless(s, a0, a, e, facts);
        return;
    };
    let end = name_end(s, h, e, facts);
    let named = Named {
        a,
        e,
        h,
        end,
        lead,
        lead_demonym,
        inner_place,
        country,
        acronym,
        after_paren,
        short_name,
    };
    match kind {
        EntityKind::Place if inner_place => {}
        EntityKind::Place => head_place(s, a, h, facts),
        EntityKind::Organization => organization(s, named, facts),
        _ => agreement(s, named, facts),
    }
}

/// The acronym defined in brackets right after chunk `..e`, and the token after the
/// bracket (`e` when there is none).
fn acronym_after(s: &Sent, e: usize) -> (Option<String>, usize) {
    // acronym definition right after the chunk (or after its year: `the Foreign Aid Act of
    // 1961 (FAA)`)
    let year_after = s.t(e) == "of"
        && s.t(e + 1).len() == 4
        && s.t(e + 1).chars().all(|c| c.is_ascii_digit())
        && s.t(e + 2) == "(";
    match bracketed_word(s, if year_after { e + 2 } else { e }) {
        Some((k, after)) if acronym::is_short_form(s.t(k)) => (Some(s.t(k).to_string()), after),
        _ => (None, e),
    }
}

/// The end of a country's name or adjective leading chunk `a..e` (`a` when none), put in
/// `country`, and whether it is a demonym or possessive.
fn leading_country(s: &Sent, a: usize, e: usize, country: &mut Option<usize>) -> (usize, bool) {
    // a leading country name or adjective
    let mut lead = a;
    let mut lead_demonym = false;
    for len in (1..=4.min(e - a)).rev() {
        if let Some(c) = s.country(a, a + len) {
            *country = Some(c);
            lead = a + len;
            lead_demonym = s
                .gaz
                .is_demonym_of(c, strip_possessive(s.slice(a, a + len)))
                || strip_possessive(s.slice(a, a + len)) != s.slice(a, a + len);
            break;
        }
    }
    (lead, lead_demonym)
}

/// A place named by chunk `a..e` and the administrative unit in lower case after it
/// (`Quảng Trị province`), pushed unless known.
fn place_before_lowercase_unit(s: &Sent, a: usize, e: usize, facts: &mut ArticleFacts) {
    let name = s.slice(a, e).to_string();
    if s.gaz.lookup(&name).is_empty() && (a..e).all(|k| s.name_token_ok(k)) {
        facts.candidates.push(Candidate {
            ..Candidate::new(
                s.span(a, e),
                EntityKind::Place,
                format!("{name} {}", capitalize(s.t(e))),
            )
        });
    }
}

/// A place named by words `a..=h` up to its head `h`, pushed unless they name a country.
fn head_place(s: &Sent, a: usize, h: usize, facts: &mut ArticleFacts) {
    let bare = s.slice(a, h).to_string();
    if s.gaz.lookup_kind(&bare, EntityKind::Country).is_some() {
        return;
    }
    facts.candidates.push(Candidate {
        ..Candidate::new(
            s.span(a, h + 1),
            EntityKind::Place,
            s.slice(a, h + 1).to_string(),
        )
    });
}

/// What a chunk with a head noun has been read to be: its words `a..e`, the head `h`, where
/// its name ends (`end`), the leading country (words `a..lead`), the country found so far
/// and the acronym (the token after its bracket at `after_paren`) or quoted short name
/// defined after it.
struct Named {
    a: usize,
    e: usize,
    h: usize,
    end: usize,
    lead: usize,
    lead_demonym: bool,
    inner_place: bool,
    country: Option<usize>,
    acronym: Option<String>,
    after_paren: usize,
    short_name: Option<String>,
}

/// The end of a chunk without the connectors that close it.
fn without_trailing_connectors(s: &Sent, a0: usize, e: usize) -> usize {
    // a name never ends with a connector (`the Senate and how …`)
    let mut e = e;
    while e > a0 + 1 && (CONNECTORS.contains(&s.t(e - 1)) || s.low(e - 1) == "the") {
        e -= 1;
    }
    e
}

/// Where the name of chunk `a0..e` starts after the leading words that are no part of it
/// (`None`: none is left); a country they tell is put in `country`.
fn name_start(s: &Sent, a0: usize, e: usize, country: &mut Option<usize>) -> Option<usize> {
    // leading words that are not part of a name
    let mut a = a0;
    loop {
        if a >= e {
            return None;
        }
        if matches!(s.low(a), "the" | "a" | "an") || !s.word(a) || !s.cap(a) {
            a += 1;
            continue;
        }
        // `Laos-based Orlin Trading`: where the body is based is its country, no part of it
        if s.low(a).ends_with("-based") && a + 1 < e {
            let place = &s.t(a)[..s.t(a).len() - "-based".len()];
            if let Some(c) = s.gaz.lookup_kind(place, EntityKind::Country) {
                *country = Some(c);
            }
            a += 1;
            continue;
        }
        // `Announcing the …`, `Signed Kestrel Accord: …`: a verb opening the sentence
        if a == a0
            && (a == 0 || !s.word(a - 1))
            && ((s.low(a).ends_with("ing") && s.low(a).len() > 5)
                || SIGNING_TRIGGERS.contains(&s.low(a)))
            && a + 1 < e
        {
            a += 1;
            continue;
        }
        if let Some(p) = possessor_before(s, a, e, country) {
            a = p + 1;
            continue;
        }
        // `While the Police …`, `Under the Compact …`: a function word opening the sentence,
        // unless it starts a known name (`New Haven Courier`, `United Nations …`)
        if s.initial_stopword(a) && (a + 1..=e).all(|k| s.gaz.lookup(s.slice(a, k)).is_empty()) {
            a += 1;
            continue;
        }
        // `Officials of the Lao Ministry ...`: a plain noun before a body's name
        if let Some(of) = (a + 1..(a + 4).min(e)).find(|&k| matches!(s.t(k), "of" | "for"))
            && (a..of).all(|k| {
                !s.is_head(k, &ORG_HEADS)
                    && !s.is_head(k, &AGREEMENT_HEADS)
                    && s.title_at(k).is_none()
            })
            && (of + 1..e).any(|k| s.is_head(k, &ORG_HEADS))
            && s.country(a, of).is_none()
        {
            a = of + 1;
            continue;
        }
        // `Chief Operating Officer of Seng Kee Group`, `Council Member of …`: a job title
        // (with the words before it) ahead of `of` and a body's name
        if let Some(of) = (a + 1..(a + 6).min(e)).find(|&k| s.t(k) == "of")
            && (a..of).any(|k| s.title_at(k).is_some_and(|t| t <= of))
            && (of + 1..e).any(|k| s.is_head(k, &ORG_HEADS))
        {
            a = of + 1;
            continue;
        }
        if let Some(t) = s.title_at(a).filter(|&t| t <= e) {
            // `Secretary General of the Lao People’s Revolutionary Party`
            a = t;
            if s.t(a) == "of" {
                a += 1;
            }
            if s.t(a) == "the" {
                a += 1;
            }
            continue;
        }
        break;
    }
    Some(a)
}

/// The possessor's last word in `a..e` when the name after it is another's (a city's
/// country put in `country`).
fn possessor_before(s: &Sent, a: usize, e: usize, country: &mut Option<usize>) -> Option<usize> {
    // `Edith Moreau’s Rural Water Act`, `Morgan’s Lake City`: the
    // possessor is a name of its own (`People’s Court`, `Women’s Health …` are not)
    let p = (a..e.saturating_sub(1)).find(|&k| {
        let w = s.t(k);
        strip_possessive(w) != w
            && !COLLECTIVE_POSSESSORS.contains(&lower(strip_possessive(w)).as_str())
            && !TITLES.contains(&lower(strip_possessive(w)).as_str())
            && !(1..=3.min(k + 1 - a)).any(|l| s.country(k + 1 - l, k + 1).is_some())
    })?;
    // `Ruritown’s Velmora College`: a city's body is in the city's country
    let possessor = strip_possessive(s.slice(a, p + 1));
    if let Some(c) = s
        .gaz
        .lookup_kind(possessor, EntityKind::Place)
        .and_then(|g| s.gaz.entries[g].country.as_deref())
        .and_then(|iso| s.gaz.country_by_iso2(iso))
    {
        *country = Some(c);
    }
    Some(p)
}

/// A region of a country, or a body's short name in capitals before its country's name:
/// pushed as such (true) or not one (false).
fn region_or_short_name_of_a_country(
    s: &Sent,
    a: usize,
    e: usize,
    facts: &mut ArticleFacts,
) -> bool {
    // `Northern Ruritania`: a region of the country, in it
    if e - a >= 2
        && COMPASS_WORDS.contains(&s.low(a))
        && s.gaz.lookup(s.slice(a, e)).is_empty()
        && let Some(c) = s.country(a + 1, e)
        && !s.gaz.is_demonym_of(c, s.slice(a + 1, e))
    {
        facts.candidates.push(Candidate {
            kind: EntityKind::Place,
            country: Some(c),
            ..org_candidate(s.span(a, e), s.slice(a, e).to_string())
        });
        return true;
    }
    // `VELCOR Ruritania`: a body's short name in capitals followed by its country's name
    if e - a >= 2
        && is_all_caps(s.t(a))
        && s.t(a).chars().filter(|c| c.is_alphabetic()).count() >= 3
        && s.gaz.lookup(s.t(a)).is_empty()
        && !s.gaz.is_not_entity(s.t(a))
        && let Some(c) = s.country(a + 1, e)
        && !is_all_caps(s.slice(a + 1, e))
        && !s.gaz.is_demonym_of(c, s.slice(a + 1, e))
    {
        facts.candidates.push(Candidate {
            country: Some(c),
            ..org_candidate(s.span(a, e), s.slice(a, e).to_string())
        });
        return true;
    }
    false
}

/// Two names joined by `and` (a coordination, or the two sides of a pair after `between`),
/// each chunked on its own (true), or no such split (false).
fn split_at_and(s: &Sent, a0: usize, a: usize, e: usize, facts: &mut ArticleFacts) -> bool {
    // coordination: a head noun before `and` ends a name (`the Immigration Act and the Penal
    // Code`, `Border Force and U.K. Navy`, `the Bribery Act and Lee faces …`); the right side
    // is a chunk of its own. `Department of Parks and Wildlife Services` and `Convention and Law
    // Department` stay whole: no head before `and`, or a bare head that is no name by itself.
    // Also where the right name opens with its head (`Okafor and Department of Labor`).
    // `Customs and Border Protection (CBP)`: a short form whose letters reach over `and`
    // says the name is one
    let defined_over = |and: usize| {
        bracketed_word(s, e).is_some_and(|(w, _)| {
            acronym::is_short_form(s.t(w))
                && acronym::long_form_start(s.slice(a, e), s.t(w))
                    .is_some_and(|at| s.toks[a].span.start + at < s.toks[and].span.start)
        })
    };
    if let Some(and) = (a + 1..e).find(|&k| {
        let r = if s.t(k + 1) == "the" { k + 2 } else { k + 1 };
        s.t(k) == "and"
            && ((k >= a + 2
                && (s.is_head(k - 1, &ORG_HEADS)
                    || s.is_head(k - 1, &AGREEMENT_HEADS)
                    || s.is_head(k - 1, &PLACE_HEADS)))
                || (s.is_head(r, &ORG_HEADS) && s.t(r + 1) == "of")
                // `the Senate and Steny Hoyer`: a bare head, then words with no head of
                // their own, are two names (`Convention and Law Department` is one)
                // `the House and Senate`: two bare heads are two bodies
                || (k == a + 1 && r + 1 == e && {
                    let bare = |j: usize| {
                        s.is_head(j, &ORG_HEADS) || (s.cap(j) && CLOSED_HEADS.contains(&s.low(j)))
                    };
                    bare(a) && bare(r)
                })
                || ((s.is_head(k - 1, &ORG_HEADS) || s.is_head(k - 1, &AGREEMENT_HEADS))
                    && !(r..e).any(|j| {
                        s.is_head(j, &ORG_HEADS)
                            || s.is_head(j, &AGREEMENT_HEADS)
                            || s.is_head(j, &PLACE_HEADS)
                    }))
                // `Ministry of Works and PWD`
                || (r + 1 == e && is_all_caps(s.t(r)) && s.t(r).chars().count() >= 2))
    }) {
        let r = if s.t(and + 1) == "the" {
            and + 2
        } else {
            and + 1
        };
        if r < e && !defined_over(and) {
            chunk(s, a, and, facts);
            chunk(s, r, e, facts);
            return true;
        }
    }
    split_between_pair(s, a0, a, e, facts)
}

/// The two sides of a pair after `between`, each chunked on its own (true), or no such
/// pair (false).
fn split_between_pair(s: &Sent, a0: usize, a: usize, e: usize, facts: &mut ArticleFacts) -> bool {
    // `between Velmora and Orlin Airlines`: the two sides of a pair, the right one a body; a
    // lone unknown word on the left is a body too (`Department of Health and Human Services`
    // has a complement on the left and `Convention and Law Department` a head: both stay whole)
    let between = a0 >= 1
        && (s.low(a0 - 1) == "between"
            || (a0 >= 2 && s.low(a0 - 1) == "the" && s.low(a0 - 2) == "between"));
    if between
        && let Some(and) = (a + 1..e).find(|&k| s.t(k) == "and")
        && !(a..and).any(|k| {
            CONNECTORS.contains(&s.t(k))
                || s.is_head(k, &ORG_HEADS)
                || s.is_head(k, &AGREEMENT_HEADS)
                || s.is_head(k, &PLACE_HEADS)
        })
        && (and + 1..e).any(|k| s.is_head(k, &ORG_HEADS))
    {
        let r = if s.t(and + 1) == "the" {
            and + 2
        } else {
            and + 1
        };
        let lone_body = and == a + 1
            && s.name_token_ok(a)
            && !is_given_name(s.t(a))
            && s.gaz.lookup(strip_possessive(s.t(a))).is_empty();
        if lone_body {
            let name = strip_possessive(s.t(a)).to_string();
            let at = s.toks[a].span.start;
            facts
                .candidates
                .push(org_candidate(at..at + name.len(), name));
        } else {
            chunk(s, a, and, facts);
        }
        if r < e {
            chunk(s, r, e, facts);
        }
        return true;
    }
    false
}

/// Whether chunk `a..e` names no body of its own: a country's government, a known body
/// with a generic noun after it, a word broken off in a transcript.
fn no_body_of_its_own(s: &Sent, a: usize, e: usize) -> bool {
    // `Government of Chad` is a mention of the country only; a known body with a generic
    // noun after it (`Asian Development Bank Board`, `Kenya G20 Presidency`) is that body, while a body
    // of its own keeps its name (`SADC Commission`)
    // (`Government of the Kingdom of Tonga` too)
    if e - a >= 3
        && s.low(a) == "government"
        && s.t(a + 1) == "of"
        && (a + 2..e).any(|k| s.country(k, e).is_some())
    {
        return true;
    }
    if e - a >= 2 && matches!(s.low(e - 1), "board" | "presidency" | "headquarters") {
        let known = (a..e - 1).find(|&k| {
            s.gaz
                .lookup(s.slice(k, e - 1))
                .iter()
                .any(|&g| s.gaz.entries[g].kind == EntityKind::Organization)
        });
        if let Some(k) = known
            && (k == a || s.country(a, k).is_some())
        {
            return true;
        }
    }
    // a word broken off in a transcript (`Fund for Educ- …`): no name
    s.t(e) == "-"
        && s.toks
            .get(e + 1)
            .is_none_or(|t| t.span.start > s.toks[e].span.end)
}

/// The places named inside chunk `a..e` (`People’s Court of Savannakhet Province`), pushed;
/// whether there was one.
fn inner_places(s: &Sent, a: usize, e: usize, facts: &mut ArticleFacts) -> bool {
    // place names inside the chunk: `People’s Court of Savannakhet Province`
    let mut inner_place = false;
    for k in a + 1..e {
        if s.is_head(k, &PLACE_HEADS) && !(k + 1 < e && s.is_head(k + 1, &ORG_HEADS)) {
            let mut p0 = k;
            while p0 > a && s.name_token_ok(p0 - 1) {
                p0 -= 1;
            }
            if p0 < k
                && s.gaz
                    .lookup_kind(s.slice(p0, k), EntityKind::Country)
                    .is_none()
            {
                inner_place = true;
                facts.candidates.push(Candidate {
                    ..Candidate::new(
                        s.span(p0, k + 1),
                        EntityKind::Place,
                        s.slice(p0, k + 1).to_string(),
                    )
                });
            }
        }
    }
    inner_place
}

/// The head noun of chunk `a..e` and the kind it makes the name.
fn head_noun(s: &Sent, a: usize, e: usize) -> Option<(usize, EntityKind)> {
    // the head noun: the last one before the first complement
    let mut head: Option<(usize, EntityKind)> = None;
    for k in a..e {
        let w = s.low(k);
        if head.is_some() && matches!(w, "of" | "for" | "on" | "against" | "to") {
            break;
        }
        let head_position = k + 1 >= e
            || CONNECTORS.contains(&s.t(k + 1))
            || s.is_head(k + 1, &ORG_HEADS)
            || s.is_head(k + 1, &AGREEMENT_HEADS);
        if s.is_head(k, &ORG_HEADS) && head_position {
            head = Some((k, EntityKind::Organization));
        } else if (s.is_head(k, &AGREEMENT_HEADS)
            || (s.low(k) == "order" && k > a && s.low(k - 1) == "executive"))
            && (s.low(k) != "memorandum"
                || (s.t(k + 1) == "of"
                    && matches!(s.low(k + 2), "understanding" | "agreement" | "cooperation")))
        {
            head = Some((k, EntityKind::Agreement));
        } else if s.is_head(k, &PLACE_HEADS) && k > a {
            head = Some((k, EntityKind::Place));
        }
    }
    head
}

/// A chunk `a..e` without a head noun: a brand written as one word, a company's name after
/// a noun that describes it, else a place with its country.
fn headless(s: &Sent, a0: usize, a: usize, e: usize, facts: &mut ArticleFacts) {
    // `Veltrix signed with …` is unknown; `VeltraCorp`, a brand written as one word with a
    // capital inside, is a company's name
    // (not a handle, a hashtag or a web address: `@VeltraCorp`, `VeltraCorp.gov`; not a
    // short form defined in brackets or quotes, which is the long name's)
    let span = s.span(a, e);
    let before = s.text[..span.start].chars().next_back();
    let after = &s.text[span.end..];
    let web = matches!(before, Some('@' | '#' | '/' | '.'))
        || (after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_lowercase()));
    let quoted = matches!(before, Some('(' | '“' | '"' | '‘' | '\''));
    // The brand word alone is the name: the words around it are products or other names
    // (`VeltraCorp Falcon`, `VeltraCorp and Orlin`)
    if e - a <= 4 && !web && !quoted && s.gaz.lookup(s.slice(a, e)).is_empty() {
        let brands: Vec<usize> = (a..e).filter(|&k| brand_word(s.t(k))).collect();
        for &k in &brands {
            let name = strip_possessive(s.t(k)).to_string();
            let at = s.toks[k].span.start;
            facts
                .candidates
                .push(org_candidate(at..at + name.len(), name));
        }
        if !brands.is_empty() {
            return;
        }
        // `the state-owned energy company Velmora`, `carmaker Orlin Motors`: a name right
        // after a noun that describes a company
        let described = a == a0
            && a > 0
            && s.word(a - 1)
            && !s.cap(a - 1)
            && COMPANY_NOUNS.contains(&s.low(a - 1))
            && e - a <= 3
            && (a..e).all(|k| s.word(k) && !NOT_NAME_WORDS.contains(&s.low(k)));
        if described {
            let name = strip_possessive(s.slice(a, e)).to_string();
            let at = s.toks[a].span.start;
            facts
                .candidates
                .push(org_candidate(at..at + name.len(), name));
            return;
        }
    }
    place_with_country(s, a0, e, facts);
}

/// Where the name with head `h` in chunk `..e` ends: at an `and` before another body's name
/// (the rest chunked on its own) or at a title.
fn name_end(s: &Sent, h: usize, e: usize, facts: &mut ArticleFacts) -> usize {
    // split `X Ministry of A and Ministry of B`; of several `and`, the one that ends a name:
    // before `the` or after a head (`Department of Health and Human Services and the Treasury
    // Department` splits at the second)
    let mut end = e;
    let ands: Vec<usize> = (h + 1..e).filter(|&k| s.t(k) == "and").collect();
    let ends_name = |k: usize| {
        s.t(k + 1) == "the"
            || s.is_head(k - 1, &ORG_HEADS)
            || s.low(k - 1)
                .strip_suffix('s')
                .is_some_and(|w| ORG_HEADS.contains(&w))
    };
    if let Some(and) = ands
        .iter()
        .copied()
        .find(|&k| ends_name(k))
        .or(ands.first().copied())
        && (and + 1..e).any(|k| s.is_head(k, &ORG_HEADS) || s.is_head(k, &AGREEMENT_HEADS))
        && (h + 1..and).any(|k| matches!(s.t(k), "of" | "for"))
    {
        end = and;
        chunk(s, and + 1, e, facts);
    }
    if let Some(t) =
        (h + 1..end).find(|&k| s.is_title_word(k) && !matches!(s.t(k - 1), "of" | "for" | "on"))
    {
        end = t;
    }
    end
}

/// A body's name with its country, pushed unless it is no body of its own (a tie between
/// countries, a government named by its kind or leader).
fn organization(s: &Sent, c: Named, facts: &mut ArticleFacts) {
    let Named {
        a,
        e,
        h,
        end,
        lead,
        lead_demonym,
        inner_place,
        mut country,
        acronym,
        after_paren,
        short_name,
    } = c;
    let headw = s.low(h);
    // the name keeps a leading country unless the head follows it directly
    // `Thai Ministry of Foreign Affairs` and `Thai Government` are Thailand's; a bare
    // head would be no name, so `Bhutanese Authority` keeps its demonym
    let state_itself = matches!(s.low(h), "government" | "authorities");
    // (never leaving a bare head: `Saint Lucia’s College` stays whole)
    let possessive_lead = lead > a
        && strip_possessive(s.t(lead - 1)) != s.t(lead - 1)
        && (end > lead + 1 || h > lead);
    let name_start =
        if possessive_lead || (lead == h && lead_demonym && (state_itself || end > h + 1)) {
            lead
        } else {
            a
        };
    let national = NATIONAL_HEADS.contains(&headw) && !inner_place;
    let name_end = country_closing_name(s, h, end, after_paren, national, &mut country);
    if name_end <= name_start
        || (name_end == name_start + 1 && name_start == h && country.is_none())
    {
        return;
    }
    if tie_between_countries(s, a, h, end) {
        return;
    }
    // `Federal Government`, `Reyes Administration`: a government named by its kind or
    // its leader, not a body of its own
    if name_end == name_start + 2
        && h == name_start + 1
        && state_itself_or_administration(s.low(h))
        && country.is_none()
    {
        return;
    }
    let country =
        country_by_official_name(s, name_start..name_end, h, end, e, after_paren, country);
    // `United States Agency for Trade Development’s`: the possessive is no part
    let name = strip_possessive(s.slice(name_start, name_end)).to_string();
    let span = s.span(name_start, end);
    let span = span.start..span.start + strip_possessive(&s.text[span.clone()]).len();
    facts.candidates.push(Candidate {
        span,
        kind: EntityKind::Organization,
        name,
        country,
        national,
        role: None,
        short_ref: false,
        affiliation: None,
        acronym: acronym
            .filter(|acr| {
                end == e && acronym::long_form_start(s.slice(name_start, end), acr).is_some()
            })
            .or(short_name.filter(|_| end == e)),
    });
}

/// Where a body's name with head `h` ends (before a trailing `of <Country>` when it is a
/// national body), with the country that closes it or follows its acronym put in `country`.
fn country_closing_name(
    s: &Sent,
    h: usize,
    end: usize,
    after_paren: usize,
    national: bool,
    country: &mut Option<usize>,
) -> usize {
    let n = s.toks.len();
    let mut name_end = end;
    // a trailing `of <Country>` ties the body to that country
    if let Some(of) = (h + 1..end).rev().find(|&k| s.t(k) == "of")
        && let Some(c) = s.country(of + 1, end)
    {
        *country = Some(c);
        if national {
            name_end = of;
        }
    }
    // `Export Finance Borland`: a country's name closing a body's name is its country
    if country.is_none()
        && let Some(c) = (1..=3).rev().find_map(|l| {
            (end >= h + 1 + l && !matches!(s.t(end - l - 1), "of" | "and" | "&"))
                .then(|| s.country(end - l, end))
                .flatten()
                .filter(|&c| s.gaz.entries[c].name == s.slice(end - l, end))
        })
    {
        *country = Some(c);
    }
    // `(ACR) of Luxembourg`
    if s.t(after_paren) == "of"
        && let Some(c) = (1..=4).rev().find_map(|l| {
            (after_paren + 1 + l <= n)
                .then(|| s.country(after_paren + 1, after_paren + 1 + l))
                .flatten()
        })
    {
        *country = country.or(Some(c));
    }
    name_end
}

/// Whether the name with head `h` ending at `end` is the tie between countries, not a body.
fn tie_between_countries(s: &Sent, a: usize, h: usize, end: usize) -> bool {
    // `the Ardonia-Belmark Alliance`, `U.S.-Belmark Partnership`: the tie between
    // countries, not a body
    end == h + 1
        && matches!(
            s.low(h),
            "alliance" | "partnership" | "relationship" | "relations" | "friendship"
        )
        && h > a
        && (a..h).all(|k| {
            (k + 1..=h).any(|l| s.country(k, l).is_some())
                || (1..=k - a).any(|l| s.country(k - l, k + 1).is_some())
                // `Laos-Thailand`: a pair written as one word
                || s.t(k).split('-').all(|part| {
                    s.gaz
                        .lookup_kind(strip_possessive(part), EntityKind::Country)
                        .is_some()
                })
        })
}

/// The country of a body named by words `name` (head `h`, its span ending at `end`, the
/// chunk at `e`), when `country` is none yet or what follows the name says where it is based: a
/// country word inside the name, one in brackets, a legal form, `based in`, a city after `in`.
fn country_by_official_name(
    s: &Sent,
    name: Range<usize>,
    h: usize,
    end: usize,
    e: usize,
    after_paren: usize,
    mut country: Option<usize>,
) -> Option<usize> {
    let n = s.toks.len();
    let (name_start, name_end) = (name.start, name.end);
    let headw = s.low(h);
    // a country word inside the official name (`Export Credit Malta`, `Kestrel
    // Malta Pte Ltd`) places the body in that country
    if country.is_none() {
        country = (name_start + 1..end).find_map(|k| {
            (1..=3).rev().find_map(|l| {
                (k + l <= end)
                    .then(|| s.country(k, k + l))
                    .flatten()
                    // a demonym inside says less (`Maltese Canadian Association`)
                    .filter(|&c| !s.gaz.is_demonym_of(c, s.slice(k, k + l)))
            })
        });
    }
    // `Nippon Paint (Singapore) Pte Ltd`: the country in brackets is the company's
    if let Some(c) = (name_start + 1..end.saturating_sub(1)).find_map(|k| {
        (s.t(k - 1) == "(" && s.t(k + 1) == ")")
            .then(|| s.country(k, k + 1))
            .flatten()
    }) {
        country = Some(c);
    }
    // `Velmora Trading Pte Ltd`: a legal form of one country's company law
    if country.is_none() {
        let lower_name = s.slice(name_start, name_end).to_lowercase();
        let lower_name = strip_possessive(&lower_name).trim_end_matches('.');
        country = LEGAL_FORM_COUNTRIES
            .iter()
            .find(|(form, _)| {
                lower_name
                    .strip_suffix(form)
                    .is_some_and(|rest| rest.ends_with(' '))
            })
            .and_then(|(_, iso)| s.gaz.country_by_iso2(iso));
    }
    // `Velmora Chemical Co., a Ruritania-based supplier`, `…, based in Ruritown`: what
    // the text says of where the body is based outweighs words of its name
    if end == e
        && let Some(c) = based_in(s, after_paren)
    {
        country = Some(c);
    }
    // `Velmora School of Law in Ruritown`: a body's own name followed by the city it is
    // in (not a country: `the Bank's office in Ardonia`; not a body beyond borders or
    // a meeting held there)
    if country.is_none()
        && s.t(e) == "in"
        && end == e
        && !matches!(headw, "conference" | "summit" | "forum" | "assembly")
        && !(name_start..name_end)
            .any(|k| BEYOND_BORDERS.contains(&s.low(k)) || s.gaz.is_not_entity(s.t(k)))
        && s.gaz.lookup(s.slice(name_start, name_end)).is_empty()
    {
        country = (1..=3).rev().find_map(|l| {
            (e + 1 + l <= n && !s.cap(e + 1 + l))
                .then(|| {
                    s.gaz
                        .lookup_kind(s.slice(e + 1, e + 1 + l), EntityKind::Place)
                })
                .flatten()
                .and_then(|g| s.gaz.entries[g].country.as_deref())
                .and_then(|iso| s.gaz.country_by_iso2(iso))
        });
    }
    country
}

/// A named agreement (not a kind of instrument), pushed; a term's acronym noted.
fn agreement(s: &Sent, c: Named, facts: &mut ArticleFacts) {
    let Named {
        a,
        e,
        h,
        end,
        lead,
        country,
        acronym,
        ..
    } = c;
    // agreements: named ones only
    let name = strip_possessive(s.slice(a, end)).to_string();
    let has_complement = (h + 1..end).any(|k| {
        matches!(s.t(k), "on" | "against" | "for" | "to" | "of")
            // (`Memorandum of Cooperation` is a kind of instrument, as `of
            // Understanding`)
            && !(s.low(h) == "memorandum"
                && matches!(s.low(k + 1), "understanding" | "cooperation" | "agreement"))
    });
    let numbered = end > h + 1 && s.t(end - 1).chars().all(|c| c.is_ascii_digit());
    // `Executive Order` alone is a kind of instrument; `Executive Order 13001` one
    let kind_only = s.low(h) == "order" && !numbered;
    let proper_modifier =
        !kind_only && ((a..h).any(|k| !GENERIC_AGREEMENT_WORDS.contains(&s.low(k))) || numbered);
    if let Some(acr) = &acronym
        && !(has_complement || proper_modifier)
    {
        facts.term_acronyms.push((acr.clone(), name.clone()));
    }
    if has_complement || proper_modifier {
        facts.candidates.push(Candidate {
            span: {
                let sp = s.span(a, end);
                sp.start..sp.start + strip_possessive(&s.text[sp.clone()]).len()
            },
            kind: EntityKind::Agreement,
            name,
            // `US Foreign Corrupt Practices Act` is a US law; `Thai–Lao Treaty` is
            // between two
            country: country.filter(|_| {
                let pair = |x: &str| matches!(x, "-" | "–" | "—" | "/" | "and" | "&");
                lead > a && !pair(s.t(lead)) && !(a > 0 && pair(s.t(a - 1)))
            }),
            national: false,
            role: None,
            short_ref: false,
            affiliation: None,
            acronym: acronym.filter(|_| end == e),
        });
    }
}

/// The country of a place or country named in `words` (up to three tokens from `a`; the
/// longest that is one).
fn country_of_place(s: &Sent, a: usize, b: usize) -> Option<usize> {
    (1..=3.min(b.saturating_sub(a)))
        .rev()
        .find_map(|l| country_named(s, s.slice(a, a + l)))
}

/// The country `name` names, or the country of the place it names.
fn country_named(s: &Sent, name: &str) -> Option<usize> {
    s.gaz
        .lookup_kind(name, EntityKind::Country)
        .or_else(|| s.gaz.place_country(name))
}

/// Where a body is based, said right after its name (token `k`): `, a Ruritania-based
/// supplier`, `, based in Ruritown`, `(headquartered in Ruritown)`.
fn based_in(s: &Sent, k: usize) -> Option<usize> {
    let n = s.toks.len();
    let mut k = k;
    if s.t(k) == "." {
        // (`Co.,`)
        k += 1;
    }
    if !matches!(s.t(k), "," | "(") {
        return None;
    }
    k += 1;
    if matches!(s.low(k), "a" | "an" | "the") {
        k += 1;
    }
    // `a Ruritania-based`, `a leading Ruritania-based`
    // (`a New York-based`: the place's first words are tokens of their own)
    for j in k..(k + 3).min(n) {
        if s.t(j).ends_with("-based") {
            return (k..=j)
                .find_map(|from| country_named(s, s.slice(from, j + 1).strip_suffix("-based")?));
        }
        if !s.word(j) {
            break;
        }
    }
    // `based in Ruritown`, `headquartered in Ruritown`
    if matches!(s.low(k), "based" | "headquartered") && s.low(k + 1) == "in" {
        return country_of_place(s, k + 2, n);
    }
    None
}

fn title_case(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| {
            f.to_uppercase()
                .chain(c.flat_map(char::to_lowercase))
                .collect()
        })
        .unwrap_or_default()
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `Long Form (ACR)` where the long form has no head noun: an organisation when the long form
/// is a capitalised name, else a generic term.
fn define_acronym(
    s: &Sent,
    a: usize,
    e: usize,
    acr: &str,
    facts: &mut ArticleFacts,
    _after: usize,
) {
    let long = s.slice(a, e);
    let Some(at) = acronym::long_form_start(long, acr) else {
        return;
    };
    let lf = &long[at..];
    let last = lf.split_whitespace().last().unwrap_or("").to_lowercase();
    // `National Security Advisor (NSA)`: a title, no body
    if LAW_WORDS.contains(&last.as_str()) || s.is_title_word(e - 1) {
        return;
    }
    // a capitalised common phrase the article also writes in lower case is a term
    // (`Quantum Sensing (QS)` beside `artificial intelligence`)
    let lower_form = lf.to_lowercase();
    // a programme or a benefit (`Rural Meals Program (RMP)`) is no body: its short form is a term
    if is_programme(&lower_form) {
        facts.term_acronyms.push((acr.to_string(), lf.to_string()));
        return;
    }
    // an instrument's own words (`Terms of Reference (TOR)`) name a kind of instrument
    let instrument = INSTRUMENT_WORDS.contains(&lower_form.as_str());
    if lf.contains(' ') && (instrument || s.text.contains(&lower_form)) {
        facts.term_acronyms.push((acr.to_string(), lf.to_string()));
        return;
    }
    if s.gaz.lookup(lf).is_empty() && s.gaz.lookup(acr).is_empty() {
        let start = s.toks[a].span.start + at;
        // `Velmora Recovery Plan (VRP)`: a name ending in a kind of instrument is one
        let kind = if INSTRUMENT_WORDS.contains(&last.as_str()) {
            EntityKind::Agreement
        } else {
            EntityKind::Organization
        };
        facts.candidates.push(Candidate {
            acronym: Some(acr.to_string()),
            ..Candidate::new(start..s.toks[e - 1].span.end, kind, lf.to_string())
        });
    }
}

/// A programme's or a benefit's name (`Rural Meals Program`, `Child Garden Tax Credit`), lower
/// case, unless an international body is so named (`World Meals Program`).
fn is_programme(lower_name: &str) -> bool {
    let last = strip_possessive(lower_name.rsplit(' ').next().unwrap_or(""));
    PROGRAMME_HEADS.contains(&last)
        && !PROGRAMME_BODIES.iter().any(|b| {
            lower_name
                .strip_prefix(b)
                .is_some_and(|r| r.starts_with(' '))
        })
}

/// `in Luang Prabang, Laos`: a place named with its country.
fn place_with_country(s: &Sent, a: usize, e: usize, facts: &mut ArticleFacts) {
    if a == 0 || !matches!(s.t(a - 1), "in" | "at" | "from" | "to" | "near" | "of") || s.t(e) != ","
    {
        return;
    }
    let Some(c) = (1..=3).rev().find_map(|l| s.country(e + 1, e + 1 + l)) else {
        return;
    };
    let name = s.slice(a, e);
    if s.gaz.lookup(name).is_empty() && (a..e).all(|k| s.name_token_ok(k)) && e - a <= 3 {
        facts.candidates.push(Candidate {
            country: Some(c),
            ..Candidate::new(s.span(a, e), EntityKind::Place, name.to_string())
        });
    }
}

/// Stand-alone acronyms not defined in the text (`VNA/VNS Photo`, `— VNS`): organisations,
/// unless listed as not being entities or known otherwise.
fn loose_acronyms(s: &Sent, out: &mut Vec<Candidate>, terms: &mut Vec<(String, String)>) {
    let letters: Vec<char> = s.text[s.span(0, s.toks.len().max(1))]
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if letters.is_empty() || upper * 10 > letters.len() * 6 {
        return; // a line in capitals: a headline, not acronyms
    }
    for k in 0..s.toks.len() {
        let w = s.t(k);
        if !s.word(k)
            || !is_all_caps(w)
            || !(2..=6).contains(&w.chars().count())
            || w.contains(['.', '-'])
            || w.chars().any(|c| c.is_ascii_digit())
        {
            continue;
        }
        // (a given name in capitals is a name: `I, JOSEPH R. BIDEN`)
        if s.gaz.is_not_entity(w)
            || !s.gaz.lookup(w).is_empty()
            || is_roman(w)
            || s.is_title_word(k)
            || (w.chars().count() >= 4 && is_given_name(w))
        {
            continue;
        }
        // defined after lower-case words: a term (`antimicrobial resistance (AMR)`), or a failed
        // definition (`development goals (SGD)`); neither is an organisation
        if k >= 2 && s.t(k - 1) == "(" && s.word(k - 2) && !is_cap(s.t(k - 2)) {
            let before = &s.text[s.toks[0].span.start..s.toks[k - 1].span.start];
            if let Some(at) = acronym::long_form_start(before.trim_end(), w) {
                terms.push((w.to_string(), before.trim_end()[at..].to_string()));
            }
            continue;
        }
        // part of a code: `ISO 14001`, `NS ISO 14001`
        let number = |x: usize| s.t(x).starts_with(|c: char| c.is_ascii_digit());
        if number(k + 1) || (s.word(k + 1) && is_all_caps(s.t(k + 1)) && number(k + 2)) {
            continue;
        }
        // a speaker label after a title (`DR. OKAFOR:`) is a person's name
        if s.t(k + 1) == ":"
            && k > 0
            && (s.is_title_word(k - 1) || (s.t(k - 1) == "." && k > 1 && s.is_title_word(k - 2)))
        {
            continue;
        }
        // so is one opening the line after a mistyped title (`S. OKAFOR:`, `QMS. OKAFOR:`):
        // a short reference, to the one person of the article with that name or none
        if s.t(k + 1) == ":"
            && w.chars().count() >= 4
            && k == 2
            && s.t(1) == "."
            && is_all_caps(s.t(0))
            && s.t(0).len() <= 3
        {
            out.push(short_person(s.toks[k].span.clone(), w));
            continue;
        }
        // part of a capitalised name around it
        if (k > 0 && s.cap(k - 1) && !is_all_caps(s.t(k - 1)))
            || (s.cap(k + 1) && !is_all_caps(s.t(k + 1)) && s.t(k + 1) != "Photo")
        {
            continue;
        }
        out.push(org_candidate(s.toks[k].span.clone(), w.to_string()));
    }
}

fn is_roman(w: &str) -> bool {
    w.chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::single_range_in_vec_init)]
    fn facts(text: &str) -> ArticleFacts {
        extract_article(
            text,
            &[0..text.len()],
            Some(jiff::civil::date(2024, 3, 4)),
            Gazetteer::builtin(),
        )
    }

    /// (surface, kind, name) of every candidate.
    fn found(text: &str) -> Vec<(String, EntityKind, String)> {
        facts(text)
            .candidates
            .into_iter()
            .map(|c| (text[c.span.clone()].to_string(), c.kind, c.name))
            .collect()
    }

    /// The surfaces of the candidates of `kind`, in text order.
    fn surfaces(text: &str, kind: EntityKind) -> Vec<String> {
        found(text)
            .into_iter()
            .filter(|(_, k, _)| *k == kind)
            .map(|(surface, _, _)| surface)
            .collect()
    }

    fn has(text: &str, surface: &str, kind: EntityKind, name: &str) -> bool {
        found(text).contains(&(surface.to_string(), kind, name.to_string()))
    }

    #[test]
    fn a_list_of_bodies_is_no_serial_list_of_subjects() {
        let t = "He thanked the Agency for Soil, Water, and Forests, the Department of Mines, and Department of Roads today.";
        assert_eq!(
            surfaces(t, EntityKind::Organization),
            vec![
                "Agency for Soil, Water, and Forests",
                "Department of Mines",
                "Department of Roads"
            ]
        );
    }

    #[test]
    fn a_long_form_reaches_over_lower_case_words_to_its_short_form() {
        let t = "The fund backs the Elimination Partnership in the Baltic for River Health (EPBRH) consortium.";
        let f = facts(t);
        let c = f
            .candidates
            .iter()
            .find(|c| c.acronym.as_deref() == Some("EPBRH"))
            .unwrap();
        assert_eq!(
            &t[c.span.clone()],
            "Elimination Partnership in the Baltic for River Health"
        );
        assert_eq!(c.kind, EntityKind::Agreement);
        // nor over an office (`to the President`)
        let t = "She is the Assistant to the President for Soil Affairs (APSA) now.";
        assert!(
            !surfaces(t, EntityKind::Organization)
                .iter()
                .any(|s| s.contains(" to the ")),
            "{:?}",
            found(t)
        );
        // no bridge when the letters do not all fit
        let t = "The Tampere Council in the Baltic for River Health (TCX) met.";
        assert!(
            !surfaces(t, EntityKind::Organization)
                .iter()
                .any(|s| s.contains(" in the "))
        );
    }

    #[test]
    fn a_title_abbreviation_inside_a_name_is_a_name_word() {
        assert!(has(
            "Prime Minister Vong Sen has vowed to stay.",
            "Vong Sen",
            EntityKind::Person,
            "Vong Sen"
        ));
        assert!(has(
            "He met Sen. Ana Lopez.",
            "Ana Lopez",
            EntityKind::Person,
            "Ana Lopez"
        ));
    }

    #[test]
    fn people_after_chains_of_titles() {
        let t = "Deputy Prime Minister and Minister of Defence, General Somchai Phetrasy, signed the treaty.";
        assert!(
            has(
                t,
                "Somchai Phetrasy",
                EntityKind::Person,
                "Somchai Phetrasy"
            ),
            "{:?}",
            found(t)
        );
        let t = "Finnish Minister of Water Gen. Boris Vell and his counterpart met.";
        assert!(
            has(t, "Boris Vell", EntityKind::Person, "Boris Vell"),
            "{:?}",
            found(t)
        );
    }

    #[test]
    fn a_title_opening_a_sentence_with_a_function_word_stays_a_title() {
        let t = "First Lady Mara Vell, Secretary Ana Lopez, and Secretary Boris Kett spoke.";
        let people = surfaces(t, EntityKind::Person);
        assert_eq!(people, ["Mara Vell", "Ana Lopez", "Boris Kett"]);
    }

    #[test]
    fn st_opens_a_longer_name_and_no_persons() {
        assert_eq!(found("Happy St. Brendan's Day to all of you."), vec![]);
        let t = "The St. Velmora Hospital and the Mt. Kestrel School of Law met.";
        let names: Vec<(String, EntityKind)> =
            found(t).into_iter().map(|(s, k, _)| (s, k)).collect();
        assert_eq!(
            names,
            vec![
                ("St. Velmora Hospital".to_string(), EntityKind::Organization),
                (
                    "Mt. Kestrel School of Law".to_string(),
                    EntityKind::Organization
                )
            ]
        );
    }

    #[test]
    fn a_body_followed_by_its_city_is_in_the_citys_country() {
        let f =
            facts("He teaches at the Velmora School of Law in Lyon, and at the Kestrel Institute.");
        let g = Gazetteer::builtin();
        let country = |name: &str| {
            f.candidates
                .iter()
                .find(|c| c.name == name)
                .map(|c| c.country.map(|i| g.entries[i].name.clone()))
        };
        assert_eq!(
            country("Velmora School of Law"),
            Some(Some("France".to_string()))
        );
        assert_eq!(country("Kestrel Institute"), Some(None));
        // a meeting held in a city is not of its country
        let f = facts("Delegates met at the Velmora Climate Conference in Lyon.");
        assert_eq!(
            f.candidates
                .iter()
                .find(|c| c.name == "Velmora Climate Conference")
                .map(|c| c.country),
            Some(None)
        );
    }

    #[test]
    fn a_short_form_over_and_keeps_the_name_whole_and_a_plan_is_an_instrument() {
        let t = "(3) If Velmoran Customs and Border Protection (VCBP) finds it, the Velmora Recovery Plan (VRP) pays.";
        assert_eq!(
            found(t)
                .into_iter()
                .filter(|(surface, _, _)| surface.chars().any(char::is_lowercase))
                .collect::<Vec<_>>(),
            vec![
                (
                    "Velmoran Customs and Border Protection".to_string(),
                    EntityKind::Organization,
                    "Velmoran Customs and Border Protection".to_string()
                ),
                (
                    "Velmora Recovery Plan".to_string(),
                    EntityKind::Agreement,
                    "Velmora Recovery Plan".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_country_before_a_title_and_a_title_with_its_complement_before_another_name() {
        let f = facts(
            "Today, U.S. Secretary of State Ana Blenko, U.S. National Security Advisor Jon Sulvan, Singapore Minister for Foreign Affairs Dr. Vivian Balak, and others met.",
        );
        let g = Gazetteer::builtin();
        let country = |name: &str| {
            f.candidates
                .iter()
                .find(|c| c.name == name)
                .and_then(|c| c.country)
                .map(|i| g.entries[i].name.clone())
        };
        assert_eq!(country("Ana Blenko").as_deref(), Some("United States"));
        assert_eq!(country("Jon Sulvan").as_deref(), Some("United States"));
    }

    #[test]
    fn a_titles_for_complement_is_no_part_of_the_name_after_it() {
        let people = surfaces(
            "We are joined by Deputy National Security Advisor for Cyber and Emerging \
             Technology Anne Velbeck today.",
            EntityKind::Person,
        );
        assert_eq!(people, vec!["Anne Velbeck"]);
        // a `for` complement's subject is not the person's country, and no apposition follows
        let f = found(
            "Special Envoy for Haiti Ana Velbeck spoke. Justice for Rural Communities, \
             Including Farming Communities.",
        );
        let people: Vec<(String, EntityKind, String)> = f
            .into_iter()
            .filter(|(_, k, _)| *k == EntityKind::Person)
            .collect();
        assert_eq!(people.len(), 1, "{people:?}");
        let c = facts("Special Envoy for Haiti Ana Velbeck spoke.")
            .candidates
            .into_iter()
            .find(|c| c.name == "Ana Velbeck")
            .expect("the envoy");
        assert_eq!(c.country, None);
    }

    #[test]
    fn a_middle_initial_stays_inside_a_bodys_name() {
        let orgs = |t: &str| surfaces(t, EntityKind::Organization);
        assert_eq!(
            orgs("She spoke at the Lyndon B. Velmor Presidential Library on Monday."),
            vec!["Lyndon B. Velmor Presidential Library"]
        );
        assert_eq!(
            orgs("Ana B. Velmor of the Federal Relief Agency spoke."),
            vec!["Federal Relief Agency"]
        );
        // (not across a sentence: `Plan B. The …`)
        assert!(
            orgs("They chose Velmora Plan B. The Council agreed.")
                .iter()
                .all(|o| !o.contains("B. The"))
        );
    }

    #[test]
    fn a_bodys_name_ends_before_its_heads_possessive() {
        assert!(has(
            "Under the Velmora Housing Administration’s (VHA) rules, Kestrel’s Bank lends.",
            "Velmora Housing Administration",
            EntityKind::Organization,
            "Velmora Housing Administration"
        ));
        assert!(has(
            "The Rural Water Act’s (RWA) funds flow.",
            "Rural Water Act",
            EntityKind::Agreement,
            "Rural Water Act"
        ));
    }

    #[test]
    fn a_bodys_name_goes_on_over_for_a_and_over_to_before_a_capitalised_verb() {
        let orgs = |t: &str| surfaces(t, EntityKind::Organization);
        assert_eq!(
            orgs("She led the Velmora Council for an Energy-Wise Economy until May."),
            vec!["Velmora Council for an Energy-Wise Economy"]
        );
        assert_eq!(
            orgs("He chairs the Interagency Working Group to Promote Literacy."),
            vec!["Interagency Working Group to Promote Literacy"]
        );
        assert_eq!(
            orgs("It gave to the Global Fund to Fight Measles, Mumps and Rubella in May."),
            vec!["Global Fund to Fight Measles, Mumps and Rubella"]
        );
        // a place or a date after `to` is where or when the body went
        assert_eq!(
            orgs("They sent the Velmora Trade Council to Japan and the Farm Council to May Fair."),
            vec!["Velmora Trade Council", "Farm Council"]
        );
    }

    #[test]
    fn things_named_after_people_and_places_led_by_a_place_word_are_no_people() {
        for t in [
            "The Harriet Olsen Leadership Award went to Jonas Pell.",
            "The President flew to Camp Ardonwood, Jonas Pell said.",
            "Delegates met at the Velmora Leaders Summit, Jonas Pell said.",
            "Jonas Pell praised the Oskar Lind Space Telescope.",
            "Students got a Velmor Grant, Jonas Pell said.",
        ] {
            let people = surfaces(t, EntityKind::Person);
            assert_eq!(people, vec!["Jonas Pell"], "{t}");
        }
        // (a head that is a given name too ends a person's name after a given name)
        assert!(has(
            "Jonas Grant said so on Monday.",
            "Jonas Grant",
            EntityKind::Person,
            "Jonas Grant"
        ));
    }

    #[test]
    fn programmes_and_benefits_are_no_bodies_and_their_short_forms_are_terms() {
        let f = facts(
            "Families enrolled in the Rural Meals Program (RMP) and claimed the Child Garden Tax \
             Credit (CGTC). The World Grain Program (WGP) sent aid.",
        );
        // the short forms alone are loose acronyms, which the knowledge base reads as terms
        let names: Vec<&str> = f.candidates.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["RMP", "CGTC", "World Grain Program", "WGP"]);
        assert_eq!(
            f.term_acronyms,
            vec![
                ("RMP".to_string(), "Rural Meals Program".to_string()),
                ("CGTC".to_string(), "Child Garden Tax Credit".to_string())
            ]
        );
        assert!(is_programme("rural meals program’s"));
        assert!(!is_programme("united nations grain program"));
    }

    #[test]
    fn features_greetings_and_parts_of_places_are_no_people() {
        for t in [
            "Tourists hiked the Kestrel River Basin, Velmora said.",
            "Happy Velmora Day, Ana Lopez wrote.",
            "Aid could not reach North Gaza, officials said.",
            "Saving 2.2 million North Carolina Medicare beneficiaries money, Ana Lopez said.",
            "Governor Ana Lopez met Tom Ridge, the former secretary.",
        ] {
            let people = surfaces(t, EntityKind::Person);
            let want: Vec<&str> = match t {
                _ if t.contains("Ridge") => vec!["Ana Lopez", "Tom Ridge"],
                _ if t.contains("Ana") => vec!["Ana Lopez"],
                _ => vec![],
            };
            assert_eq!(people, want, "{t}");
        }
    }

    #[test]
    fn countries_hyphened_before_a_name_are_part_of_it() {
        let t = "They cited the Japan-U.S.-Velmora Power Partnership and the U.S.-Velmora Trade Framework Agreement.";
        let names: Vec<String> = found(t)
            .into_iter()
            .filter(|(_, k, _)| *k == EntityKind::Agreement)
            .map(|(surface, _, _)| surface)
            .collect();
        assert_eq!(
            names,
            [
                "Japan-U.S.-Velmora Power Partnership",
                "U.S.-Velmora Trade Framework Agreement"
            ]
        );
    }

    #[test]
    fn a_verb_after_a_name_in_a_headline_is_no_part_of_it() {
        let t = "Vice President Ana Velk Announces New Funding. Vice President Ana Velk spoke. Senator Bo Coons and Bo Coons agreed.";
        let people: Vec<(String, String)> = found(t)
            .into_iter()
            .filter(|(_, k, _)| *k == EntityKind::Person)
            .map(|(surface, _, name)| (surface, name))
            .collect();
        assert_eq!(
            people,
            [
                ("Ana Velk".to_string(), "Ana Velk".to_string()),
                ("Ana Velk".to_string(), "Ana Velk".to_string()),
                ("Bo Coons".to_string(), "Bo Coons".to_string()),
                ("Bo Coons".to_string(), "Bo Coons".to_string())
            ]
        );
    }

    #[test]
    fn a_heading_of_a_name_and_a_home_is_no_dateline() {
        let names = |t: &str| -> Vec<(String, EntityKind)> {
            found(t).into_iter().map(|(s, k, _)| (s, k)).collect()
        };
        assert!(
            !names("ANA VELK – Ruritown, Alabama\n")
                .iter()
                .any(|(_, k)| *k == EntityKind::Place)
        );
        assert_eq!(
            names("RURITOWN — The council met on Monday to discuss roads.")[0],
            ("RURITOWN".to_string(), EntityKind::Place)
        );
    }

    #[test]
    fn people_in_capitals_and_apposition() {
        let t = "Ms. Anna KOWALCZYK, Chief of Mission, thanked the hosts.";
        assert!(
            has(t, "Anna KOWALCZYK", EntityKind::Person, "Anna Kowalczyk"),
            "{:?}",
            found(t)
        );
        let t = "Tran Van Minh, Chief Procurator of the province, said the case was closed.";
        assert!(
            has(t, "Tran Van Minh", EntityKind::Person, "Tran Van Minh"),
            "{:?}",
            found(t)
        );
        let t = "She met General Secretary of the Workers Party of Ruritania, Boris Vell.";
        assert!(
            has(t, "Boris Vell", EntityKind::Person, "Boris Vell"),
            "{:?}",
            found(t)
        );
    }

    #[test]
    fn single_names_after_titles_are_short_references() {
        let f = facts("It was during President Bounmy’s visit that they spoke.");
        let c = f
            .candidates
            .iter()
            .find(|c| c.kind == EntityKind::Person)
            .expect("a person");
        assert!(c.short_ref);
        assert_eq!(c.name, "Bounmy");
        assert_eq!(c.role.as_deref(), Some("President"));
    }

    /// Each person's role as extracted: (name, role).
    fn roles(text: &str) -> Vec<(String, Option<String>)> {
        facts(text)
            .candidates
            .into_iter()
            .filter(|c| c.kind == EntityKind::Person)
            .map(|c| (c.name, c.role))
            .collect()
    }

    #[test]
    fn a_demonym_before_a_title_is_the_persons_country_after_any_word() {
        let country = |t: &str, surface: &str| {
            let f = facts(t);
            let c = f
                .candidates
                .iter()
                .find(|c| &t[c.span.clone()] == surface)
                .unwrap_or_else(|| panic!("no {surface}: {:?}", found(t)));
            c.country
                .map(|g| Gazetteer::builtin().entries[g].name.clone())
        };
        let t =
            "The dialogue was co-chaired by Secretary Okafor and Finnish Foreign Minister Velloso.";
        assert_eq!(country(t, "Velloso").as_deref(), Some("Finland"));
        assert_eq!(country(t, "Okafor"), None);
        let t = "He said the Finnish Dictator Ana Velloso wrote him a letter.";
        assert_eq!(country(t, "Ana Velloso").as_deref(), Some("Finland"));
        // a country's name after a preposition belongs to the sentence, not the person
        let t = "In Finland President Ana Velloso spoke.";
        assert_eq!(country(t, "Ana Velloso"), None);
    }

    #[test]
    fn a_role_is_the_title_before_its_own_name() {
        let r = |name: &str, role: &str| (name.to_string(), Some(role.to_string()));
        // the last of titles joined by `and` after `the`, or an honorific, is the person's own
        assert_eq!(
            roles("Later the President and First Lady Mira Dal arrived."),
            vec![r("Mira Dal", "First Lady")]
        );
        assert_eq!(
            roles("Later the Minister and Mr. Dal arrived."),
            vec![r("Dal", "Mr.")]
        );
        // (else all are: one person's several offices)
        assert_eq!(
            roles("Deputy Prime Minister and Minister of Finance Mira Dal spoke."),
            vec![r(
                "Mira Dal",
                "Deputy Prime Minister and Minister of Finance"
            )]
        );
        // a name closing an office's complement is no part of the role
        assert_eq!(
            roles("It was Secretary of State Mara Quill who spoke."),
            vec![r("Mara Quill", "Secretary of State")]
        );
        // (not when the name's first word is a word the article writes in lower case: no
        // `Safety Quill`)
        assert_eq!(
            roles("Secretary of Public Safety Quill spoke on safety."),
            vec![]
        );
        // (nor a place in apposition to the office)
        assert_eq!(
            roles("Chancellor of the University of Velmora, Porto Alegre, spoke."),
            vec![]
        );
        // (nor after a complement's own complement: no person `Velmoran Affairs`)
        assert_eq!(
            roles("He is Director of the Office of Central Velmoran Affairs at the Department."),
            vec![]
        );
        assert_eq!(
            roles("Minister of Trade and Industry Mara Quill spoke on trade."),
            vec![r("Mara Quill", "Minister of Trade and Industry")]
        );
        assert_eq!(
            roles("Secretary of Public Safety Borr Quill spoke on safety."),
            vec![r("Borr Quill", "Secretary of Public Safety")]
        );
        // two titled people joined by `and`: each their own title
        assert_eq!(
            roles("Secretary of Commerce Mara Quill and Secretary of State Tomas Berg spoke."),
            vec![
                r("Mara Quill", "Secretary of Commerce"),
                r("Tomas Berg", "Secretary of State")
            ]
        );
        // a staffer's office `for` another's title: the title before the name
        assert_eq!(
            roles("Deputy Director of Public Engagement for Vice President Mara Quill spoke."),
            vec![r("Mara Quill", "Vice President")]
        );
        assert_eq!(
            roles(
                "He is Deputy Director of the Office of Civic Outreach and Regional Affairs for Vice \
                 President Mara Quill."
            ),
            vec![r("Mara Quill", "Vice President")]
        );
        assert_eq!(
            roles(
                "He was Special Assistant and Special Counsel for Security Affairs to President \
                 Quill and Deputy Adviser."
            ),
            vec![r("Quill", "President")]
        );
    }

    #[test]
    fn where_a_body_is_based_is_its_country() {
        let orgs = |t: &str| -> Vec<(String, Option<String>)> {
            let gaz = crate::kb::gazetteer::Gazetteer::builtin();
            facts(t)
                .candidates
                .into_iter()
                .filter(|c| c.kind == EntityKind::Organization)
                .map(|c| (c.name, c.country.map(|g| gaz.entries[g].name.clone())))
                .collect()
        };
        assert_eq!(
            orgs("It buys from Velmora Chemical Co., a Japan-based supplier of gases."),
            vec![("Velmora Chemical Co".to_string(), Some("Japan".to_string()))]
        );
        assert_eq!(
            orgs("It joined the Velmora Investor Alliance, based in Osaka, last year."),
            vec![(
                "Velmora Investor Alliance".to_string(),
                Some("Japan".to_string())
            )]
        );
        assert_eq!(
            orgs("It hired Velmora & Company, a New York-based bank."),
            vec![(
                "Velmora & Company".to_string(),
                Some("United States".to_string())
            )]
        );
        // (a country word in the name says less than the text)
        assert_eq!(
            orgs("It joined the Kenya Velmora Alliance, based in Tokyo, last year."),
            vec![(
                "Kenya Velmora Alliance".to_string(),
                Some("Japan".to_string())
            )]
        );
    }

    #[test]
    fn a_quoted_title_with_a_list_is_one_name() {
        let t = "He signed the “Testing, Tracing, and Water Quality Act of 2023” today.";
        assert!(
            has(
                t,
                "Testing, Tracing, and Water Quality Act",
                EntityKind::Agreement,
                "Testing, Tracing, and Water Quality Act"
            ),
            "{:?}",
            found(t)
        );
    }

    #[test]
    fn initials_and_mistyped_speaker_labels_are_people() {
        let t =
            "Press Secretary Kara Jean-Pierce spoke.\n\nThanks, everyone. And, KJP, over to you.";
        assert!(
            has(t, "KJP", EntityKind::Person, "Kara Jean-Pierce"),
            "{:?}",
            found(t)
        );
        // (nor one the article defines for a body)
        let t = "Secretary Kara Jean-Pierce spoke of the Kestrel Junior Party (KJP). KJP won.";
        assert!(
            !has(t, "KJP", EntityKind::Person, "Kara Jean-Pierce"),
            "{:?}",
            found(t)
        );
        // (not when two people of the article have those initials)
        let t =
            "Secretary Kara Jean-Pierce and Senator Kenji Jo Pruitt came.\n\nThanks, KJP, over.";
        assert!(
            has(t, "KJP", EntityKind::Organization, "KJP"),
            "{:?}",
            found(t)
        );
        let t = "Kara Jean-Pierce spoke.\n\nS. OKAFOR: Thanks, everyone.";
        let f = facts(t);
        let c = f
            .candidates
            .iter()
            .find(|c| c.name == "Okafor")
            .expect("a label");
        assert_eq!(
            (c.kind, c.short_ref, &t[c.span.clone()]),
            (EntityKind::Person, true, "OKAFOR")
        );
    }

    #[test]
    fn ministries_are_tied_to_their_country() {
        let f = facts(
            "Officials of the Lao Ministry of Agriculture and the Ministry of Finance of Thailand met.",
        );
        let orgs: Vec<&Candidate> = f
            .candidates
            .iter()
            .filter(|c| c.kind == EntityKind::Organization)
            .collect();
        let g = Gazetteer::builtin();
        assert_eq!(orgs[0].name, "Ministry of Agriculture");
        assert_eq!(g.entries[orgs[0].country.unwrap()].name, "Laos");
        assert!(orgs[0].national);
        assert_eq!(orgs[1].name, "Ministry of Finance");
        assert_eq!(g.entries[orgs[1].country.unwrap()].name, "Thailand");
    }

    #[test]
    fn job_titles_and_possessive_countries_stay_outside_bodies() {
        let f = facts(
            "Tan Ah Kow, Chief Operating Officer of Seng Kee Group, met the Kenya’s National Audit Agency and Kee Hoe Construction (Singapore) Pte Ltd.",
        );
        let orgs: Vec<(String, &str)> = f
            .candidates
            .iter()
            .filter(|c| c.kind == EntityKind::Organization)
            .map(|c| (c.name.clone(), &f_text()[c.span.clone()]))
            .collect();
        fn f_text() -> &'static str {
            "Tan Ah Kow, Chief Operating Officer of Seng Kee Group, met the Kenya’s National Audit Agency and Kee Hoe Construction (Singapore) Pte Ltd."
        }
        assert_eq!(
            orgs,
            vec![
                ("Seng Kee Group".to_string(), "Seng Kee Group"),
                ("National Audit Agency".to_string(), "National Audit Agency"),
                (
                    "Kee Hoe Construction (Singapore) Pte Ltd".to_string(),
                    "Kee Hoe Construction (Singapore) Pte Ltd"
                ),
            ]
        );
    }

    #[test]
    fn generic_heads_after_known_bodies_and_governments_of_countries_are_no_new_bodies() {
        let t = "The Asian Development Bank Board met the Kenya G20 Presidency and the Government of Chad.";
        let orgs: Vec<String> = found(t)
            .into_iter()
            .filter(|(_, k, _)| *k == EntityKind::Organization)
            .map(|(s, _, _)| s)
            .collect();
        assert!(orgs.is_empty(), "{orgs:?}");
        let t = "He is charged under the Prevention of Bribery Act and Lee faces one charge.";
        assert_eq!(
            found(t),
            vec![(
                "Prevention of Bribery Act".to_string(),
                EntityKind::Agreement,
                "Prevention of Bribery Act".to_string()
            )]
        );
    }

    #[test]
    fn possessors_coordination_and_verbs_stay_outside_names() {
        let t = "Announcing the Clean Water Fund. He praised Edith Moreau’s Rural Water Act. Secretary Okafor and Department of Labor officials met Moreau on the Senate Committee.";
        let got: Vec<(String, EntityKind)> = found(t)
            .into_iter()
            .filter(|(_, k, _)| *k != EntityKind::Person)
            .map(|(s, k, _)| (s, k))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Clean Water Fund".to_string(), EntityKind::Organization),
                ("Rural Water Act".to_string(), EntityKind::Agreement),
                ("Department of Labor".to_string(), EntityKind::Organization),
                ("Senate Committee".to_string(), EntityKind::Organization),
            ]
        );
    }

    #[test]
    fn broken_off_words_and_governments_by_kind_are_no_names() {
        let t = "The Fund for Educ- — the Federal Government and the Reyes Administration said so.";
        assert!(found(t).is_empty(), "{:?}", found(t));
    }

    #[test]
    fn quoted_short_names_of_companies() {
        let f = facts(
            "He worked for Rivet Works Pte Ltd (“Rivet”) and Hock Seng Builders Pte Ltd (“Hock Seng”).",
        );
        let orgs: Vec<(&str, Option<&str>)> = f
            .candidates
            .iter()
            .filter(|c| c.kind == EntityKind::Organization)
            .map(|c| (c.name.as_str(), c.acronym.as_deref()))
            .collect();
        assert_eq!(
            orgs,
            vec![
                ("Rivet Works Pte Ltd", Some("Rivet")),
                ("Hock Seng Builders Pte Ltd", Some("Hock Seng")),
            ]
        );
    }

    #[test]
    fn organisations_with_defined_acronyms() {
        let t =
            "The plan was drafted by the Ruritania Agency for Water Management (RAWM) last year.";
        let f = facts(t);
        let c = f
            .candidates
            .iter()
            .find(|c| c.kind == EntityKind::Organization)
            .unwrap();
        assert_eq!(&t[c.span.clone()], "Ruritania Agency for Water Management");
        assert_eq!(c.acronym.as_deref(), Some("RAWM"));
    }

    #[test]
    fn local_bodies_hold_their_place() {
        let t = "Judges of the People’s Court of Savannakhet Province met in Ban Kheuane, Laos, and in Champasak province.";
        assert!(
            has(
                t,
                "Savannakhet Province",
                EntityKind::Place,
                "Savannakhet Province"
            ),
            "{:?}",
            found(t)
        );
        assert!(
            has(
                t,
                "People’s Court of Savannakhet Province",
                EntityKind::Organization,
                "People’s Court of Savannakhet Province"
            ),
            "{:?}",
            found(t)
        );
        assert!(
            has(t, "Ban Kheuane", EntityKind::Place, "Ban Kheuane"),
            "{:?}",
            found(t)
        );
        assert!(
            has(t, "Champasak", EntityKind::Place, "Champasak Province"),
            "{:?}",
            found(t)
        );
        let f = facts(t);
        assert!(
            !f.candidates
                .iter()
                .any(|c| c.kind == EntityKind::Organization && c.national)
        );
    }

    #[test]
    fn statutes_and_named_frameworks_are_agreements() {
        let t = "He was charged under the Prevention of Bribery Act and the Penal Code. \
                 Executive Order 13001 and Proclamation 8001 apply. The Act applies. \
                 The Volta Clean Power Partnership and the Comprehensive Strategic Partnership.";
        let got: Vec<(String, EntityKind)> = found(t)
            .into_iter()
            .filter(|(_, k, _)| *k == EntityKind::Agreement)
            .map(|(s, k, _)| (s, k))
            .collect();
        let want: Vec<(String, EntityKind)> = [
            "Prevention of Bribery Act",
            "Penal Code",
            "Executive Order 13001",
            "Proclamation 8001",
            "Volta Clean Power Partnership",
        ]
        .iter()
        .map(|s| (s.to_string(), EntityKind::Agreement))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn named_agreements_but_not_generic_ones() {
        let t =
            "They signed a Cooperation Agreement and later the UN Convention against Corruption.";
        let f = found(t);
        assert!(
            f.contains(&(
                "UN Convention against Corruption".into(),
                EntityKind::Agreement,
                "UN Convention against Corruption".into()
            )),
            "{f:?}"
        );
        assert!(
            !f.iter()
                .any(|(s, _, _)| s.contains("Cooperation Agreement")),
            "{f:?}"
        );
        let f = facts("The sides signed a Memorandum of Understanding (MoU) on water.");
        assert_eq!(
            f.term_acronyms,
            vec![("MoU".to_string(), "Memorandum of Understanding".to_string())]
        );
    }

    #[test]
    fn capitalised_terms_written_in_lower_case_elsewhere_are_terms() {
        let f = facts("We invest in Quantum Sensing (QS). Cheap quantum sensing matters.");
        // no body named `Quantum Sensing`; the bare `QS` left here is dropped by the linker,
        // which knows it as a term
        assert!(
            f.candidates.iter().all(|c| c.name != "Quantum Sensing"),
            "{:?}",
            f.candidates
        );
        assert_eq!(
            f.term_acronyms,
            vec![("QS".to_string(), "Quantum Sensing".to_string())]
        );
    }

    #[test]
    fn failed_acronym_definitions_are_not_organisations() {
        let t = "It supports the completion of sustainable development goals (SGD) in the region.";
        assert!(found(t).is_empty(), "{:?}", found(t));
    }

    #[test]
    fn datelines_give_places_and_agency_credits() {
        let t = "RIVERTON (RNA) – The two sides met today to talk about water.";
        let f = found(t);
        assert!(
            f.contains(&("RIVERTON".into(), EntityKind::Place, "Riverton".into())),
            "{f:?}"
        );
        assert!(
            f.contains(&("RNA".into(), EntityKind::Organization, "RNA".into())),
            "{f:?}"
        );
    }

    #[test]
    fn title_case_headlines_teach_no_names() {
        let t = "President Wilson Announces Key Nominees For Boards";
        assert!(found(t).is_empty(), "{:?}", found(t));
    }

    #[test]
    fn dates_are_read_against_the_publication_date() {
        let t = "The deal was signed on Sunday in the capital.";
        let f = facts(t);
        assert_eq!(f.dates.len(), 1);
        assert_eq!(&t[f.dates[0].span.clone()], "Sunday");
        assert_eq!(
            f.dates[0].value,
            crate::base::dates::DateValue::Known {
                start: jiff::civil::date(2024, 3, 3),
                end: jiff::civil::date(2024, 3, 3),
                precision: crate::base::dates::Precision::Day
            }
        );
    }
}

#[cfg(test)]
mod affiliation_tests {
    use super::*;

    /// (person surface, the words of their affiliation) for every person found.
    fn zones(text: &str) -> Vec<(String, Option<String>)> {
        #[allow(clippy::single_range_in_vec_init)]
        let f = extract_article(text, &[0..text.len()], None, Gazetteer::builtin());
        f.candidates
            .into_iter()
            .filter(|c| c.kind == EntityKind::Person)
            .map(|c| {
                let z = c.affiliation.map(|z| text[z].to_string());
                (text[c.span].to_string(), z)
            })
            .collect()
    }

    #[test]
    fn the_words_saying_where_a_person_works() {
        assert_eq!(
            zones("Borland’s Ministry of Justice spokesman Teo Marlen said it was normal."),
            [(
                "Teo Marlen".to_string(),
                Some("Borland’s Ministry of Justice spokesman".to_string())
            )]
        );
        assert_eq!(
            zones(
                "Vela Santos, director-general of the Department of Information at the Thai \
                 Ministry of Foreign Affairs, told reporters that she could not comment."
            ),
            [(
                "Vela Santos".to_string(),
                Some(
                    "director-general of the Department of Information at the Thai Ministry of \
                     Foreign Affairs"
                        .to_string()
                )
            )]
        );
        assert_eq!(
            zones(
                "At the event, Director (Investigations) of the Bureau, Mr Ang Choon Lee also spoke."
            ),
            [(
                "Ang Choon Lee".to_string(),
                Some("Director (Investigations) of the Bureau, Mr".to_string())
            )]
        );
        // a name with neither a title nor an apposition has none
        assert_eq!(
            zones("Teo Marlen, 37, said prices had dropped."),
            [("Teo Marlen".to_string(), None)]
        );
    }
}

#[cfg(test)]
mod country_evidence_tests {
    use super::*;

    /// (surface, country name) of every candidate of `kind`.
    pub(super) fn countries(text: &str, kind: EntityKind) -> Vec<(String, Option<String>)> {
        let gaz = Gazetteer::builtin();
        #[allow(clippy::single_range_in_vec_init)]
        let f = extract_article(text, &[0..text.len()], None, gaz);
        f.candidates
            .into_iter()
            .filter(|c| c.kind == kind)
            .map(|c| {
                let country = c.country.map(|g| gaz.entries[g].name.clone());
                (text[c.span].to_string(), country)
            })
            .collect()
    }

    fn one(surface: &str, country: Option<&str>) -> Vec<(String, Option<String>)> {
        vec![(surface.to_string(), country.map(String::from))]
    }

    #[test]
    fn a_described_age_and_nationality_place_a_person() {
        assert_eq!(
            countries(
                "b) Ravi Bin Osman, 59 year-old Singaporean, former engineer at a rail firm",
                EntityKind::Person
            ),
            one("Ravi Bin Osman", Some("Singapore"))
        );
        // through a bracket holding a short form
        assert_eq!(
            countries(
                "On 4 March, Vel Kumar S/O Raman (“Vel”), a 46-year-old Malaysian, was arrested.",
                EntityKind::Person
            )[0],
            (
                "Vel Kumar S/O Raman".to_string(),
                Some("Malaysia".to_string())
            )
        );
    }

    #[test]
    fn a_demonym_and_a_trade_before_a_name_place_a_person() {
        assert_eq!(
            countries(
                "He said so in an interview with American filmmaker Tom Ardent for a film.",
                EntityKind::Person
            ),
            one("Tom Ardent", Some("United States"))
        );
        // a country's name (not its demonym) before a trade is where, not whose
        assert_eq!(
            countries(
                "Officials in Japan said tourist Tom Ardent had left.",
                EntityKind::Person
            ),
            one("Tom Ardent", None)
        );
    }

    #[test]
    fn a_region_of_a_country_and_a_capitalised_body_with_its_country() {
        assert_eq!(
            countries(
                "Leaders in Northern Thailand met the Velcor board.",
                EntityKind::Place
            ),
            one("Northern Thailand", Some("Thailand"))
        );
        // a country whose name holds a direction is that country
        assert_eq!(
            countries("Leaders in South Korea met.", EntityKind::Place),
            vec![]
        );
        assert_eq!(
            countries(
                "said Ms Lin Mei, Director, VELCOR Singapore, on Monday.",
                EntityKind::Organization
            ),
            one("VELCOR Singapore", Some("Singapore"))
        );
        // not a line in capitals
        assert_eq!(
            countries("VISIT TO SINGAPORE ENDS", EntityKind::Organization),
            vec![]
        );
    }

    #[test]
    fn a_citys_body_is_in_the_citys_country() {
        assert_eq!(
            countries(
                "She teaches at Chicago’s Velmora Institute of Design.",
                EntityKind::Organization
            ),
            one("Velmora Institute of Design", Some("United States"))
        );
        assert_eq!(
            countries(
                "She teaches at Los Angeles’ Velmora College of Design.",
                EntityKind::Organization
            ),
            one("Velmora College of Design", Some("United States"))
        );
    }

    #[test]
    fn a_demonym_noun_in_apposition_before_a_name_places_a_person() {
        assert_eq!(
            countries(
                "He took bribes from a Filipino, Rosa Dela Pena Cruz, the manager of a firm.",
                EntityKind::Person
            ),
            one("Rosa Dela Pena Cruz", Some("Philippines"))
        );
        // a country in a list before the name is not the person's
        assert_eq!(
            countries(
                "Officials from Japan, Rosa Dela Pena Cruz said, had left.",
                EntityKind::Person
            ),
            one("Rosa Dela Pena Cruz", None)
        );
    }

    #[test]
    fn a_country_opening_a_law_is_its_country_but_not_a_pair_of_countries() {
        assert_eq!(
            countries(
                "They were charged under the US Foreign Bribery Prevention Act last year.",
                EntityKind::Agreement
            ),
            one("US Foreign Bribery Prevention Act", Some("United States"))
        );
        assert_eq!(
            countries(
                "Both sides praised the Thai–Lao Friendship Treaty at the talks.",
                EntityKind::Agreement
            ),
            one("Lao Friendship Treaty", None)
        );
    }
}

#[cfg(test)]
mod no_person_tests {
    use super::*;

    fn people(text: &str) -> Vec<String> {
        #[allow(clippy::single_range_in_vec_init)]
        let f = extract_article(text, &[0..text.len()], None, Gazetteer::builtin());
        f.candidates
            .into_iter()
            .filter(|c| c.kind == EntityKind::Person)
            .map(|c| text[c.span].to_string())
            .collect()
    }

    #[test]
    fn a_group_of_people_is_no_person() {
        assert!(people("Senate Republicans said no to the plan.").is_empty());
        // a family name ending in -s still is one
        assert_eq!(
            people("Dana Williams said no to the plan."),
            ["Dana Williams"]
        );
    }

    #[test]
    fn a_place_closing_an_office_is_no_name() {
        assert!(
            people("The Mayor of the City of Los Angeles said the port would open.").is_empty()
        );
        assert_eq!(
            people("The Mayor of Los Angeles Ana Ortiz said the port would open."),
            ["Ana Ortiz"]
        );
    }

    #[test]
    fn a_headline_preposition_ends_a_name() {
        assert_eq!(
            people("Remarks by Vice President Dana Reyes Aboard Air Force One En Route Ohio."),
            ["Dana Reyes"]
        );
        assert_eq!(
            people("Remarks by Vice President Dana Reyes Upon Arrival in Ohio."),
            ["Dana Reyes"]
        );
    }
}

#[cfg(test)]
mod brand_tests {
    use super::*;

    fn orgs(text: &str) -> Vec<String> {
        #[allow(clippy::single_range_in_vec_init)]
        let f = extract_article(text, &[0..text.len()], None, Gazetteer::builtin());
        f.candidates
            .into_iter()
            .filter(|c| c.kind == EntityKind::Organization)
            .map(|c| c.name)
            .collect()
    }

    #[test]
    fn a_brand_written_as_one_word_is_a_company() {
        assert_eq!(
            orgs(
                "Yesterday VeltraCorp and Orlin-McKeeRon signed two agreements with the ministry."
            ),
            ["VeltraCorp", "Orlin-McKeeRon"]
        );
        // the product after the brand is not part of its name
        assert_eq!(
            orgs("They flew on a VeltraCorp Falcon rocket."),
            ["VeltraCorp"]
        );
    }

    #[test]
    fn surnames_handles_addresses_and_glued_words_are_no_brands() {
        for text in [
            "Speaker McCarthy and Senator DeSantis met MacArthur there.",
            "Follow @VeltraCorp for news, or visit VeltraCorp.gov today.",
            "Members met OnMonday with MaryAlice in the hall.",
        ] {
            assert_eq!(orgs(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_tie_between_countries_is_no_organisation() {
        assert_eq!(
            orgs(
                "Celebrating the Strength of the Laos-Thailand Alliance and the Cambodia Partnership Fund.\n"
            ),
            vec!["Cambodia Partnership Fund"]
        );
    }

    #[test]
    fn an_instrument_defined_with_a_short_form_is_no_organisation() {
        let found = orgs(
            "We signed the Terms of Reference (TOR) on the Kestrel Observer Team (KOT) in Vientiane.\n",
        );
        assert!(
            found.contains(&"Kestrel Observer Team".to_string()),
            "{found:?}"
        );
        assert!(
            !found.contains(&"Terms of Reference".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn a_name_after_a_company_noun_is_a_company() {
        assert_eq!(
            orgs(
                "Velta and the state-owned energy company Norlao signed a deal, carmaker Orlin Motors said.\n"
            ),
            vec!["Norlao", "Orlin Motors"]
        );
    }

    #[test]
    fn company_suffixes_and_where_a_company_is_based() {
        assert_eq!(
            super::country_evidence_tests::countries(
                "Velta signed with Laos-based Q&T Hi-Tech Polymer Co. Ltd. and Orlin Trading Co., Ltd. on Monday.\n",
                EntityKind::Organization
            ),
            vec![
                (
                    "Q&T Hi-Tech Polymer Co. Ltd".to_string(),
                    Some("Laos".to_string())
                ),
                ("Orlin Trading Co., Ltd".to_string(), None)
            ]
        );
    }
}

#[cfg(test)]
mod signer_tests {
    use super::*;

    /// The surfaces of the organisation candidates of `text`, in order.
    #[allow(clippy::single_range_in_vec_init)]
    fn org(text: &str) -> Vec<String> {
        extract_article(text, &[0..text.len()], None, Gazetteer::builtin())
            .candidates
            .into_iter()
            .filter(|c| c.kind == EntityKind::Organization)
            .map(|c| text[c.span].to_string())
            .collect()
    }

    #[test]
    fn a_serial_list_of_subjects_closes_a_bodys_name() {
        assert_eq!(
            org("The Agency for Science, Technology, and Research (A*STAR) met."),
            vec!["Agency for Science, Technology, and Research", "A*STAR"]
        );
        assert_eq!(
            org("The Ministry of Health, Labour and Welfare said so."),
            vec!["Ministry of Health, Labour and Welfare"]
        );
        // no body before the list, no short form after it: a list, no name
        assert_eq!(
            org("The Minister for Trade, Industry and Energy Ulla Berg spoke."),
            Vec::<String>::new()
        );
        // countries are listed, not named
        assert_eq!(
            org("The Council of Ardonia, France and Spain met."),
            vec!["Council of Ardonia"]
        );
        // an asterisk joins capitals only
        let toks = tokens::tokenize("A*STAR and *Note", 0..16);
        let words: Vec<&str> = toks
            .iter()
            .map(|t| &"A*STAR and *Note"[t.span.clone()])
            .collect();
        assert_eq!(words, vec!["A*STAR", "and", "*", "Note"]);
    }

    #[test]
    fn a_legislature_a_date_and_a_connector_end_a_name() {
        assert_eq!(
            org(
                "It went to the Velmora Senate and how it votes matters. The Velmora Senate and Ola Berg met."
            ),
            vec!["Velmora Senate", "Velmora Senate"]
        );
        assert_eq!(
            org("The Velmora Senate on January 3 voted."),
            vec!["Velmora Senate"]
        );
        assert_eq!(
            org("The Department of Health and Human Services and the Velmora Department met."),
            vec![
                "Department of Health and Human Services",
                "Velmora Department"
            ]
        );
        assert_eq!(
            org("The Ministry of Roads and Ministry of Ports met."),
            vec!["Ministry of Roads", "Ministry of Ports"]
        );
        // two bare heads are two bodies; a bare one is no name of its own
        assert_eq!(org("The House and Senate voted."), Vec::<String>::new());
        assert_eq!(
            org("The Ministry and Council of Velmora met."),
            vec!["Council of Velmora"]
        );
        assert_eq!(
            org("The Velmora Commission on Monday met."),
            vec!["Velmora Commission"]
        );
        assert_eq!(
            org("The Commission on Human Rights met. The Convention and Law Department met."),
            vec![
                "Commission on Human Rights",
                "Convention and Law Department"
            ]
        );
        // a title defined with a short form is no body
        assert_eq!(
            org("The National Security Advisor (NSA) spoke."),
            vec!["NSA"]
        );
    }

    #[test]
    fn a_given_name_in_capitals_is_no_acronym() {
        let found =
            org("NOW, THEREFORE, I, JOSEPH R. VELKAR JR., President of Ruritania, proclaim it.");
        assert!(!found.contains(&"JOSEPH".to_string()), "{found:?}");
        assert_eq!(
            org("The deal was done with the help of VTRC and others."),
            vec!["VTRC"]
        );
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn a_legal_form_of_one_countrys_law_places_a_company() {
        let country = |text: &str| {
            let f = extract_article(text, &[0..text.len()], None, Gazetteer::builtin());
            f.candidates
                .iter()
                .find(|c| c.kind == EntityKind::Organization)
                .map(|c| {
                    (
                        c.name.clone(),
                        c.country
                            .map(|g| Gazetteer::builtin().entries[g].name.clone()),
                    )
                })
        };
        assert_eq!(
            country("He ran Velmora Process Solutions Pte Ltd for years."),
            Some((
                "Velmora Process Solutions Pte Ltd".into(),
                Some("Singapore".into())
            ))
        );
        assert_eq!(
            country("He ran Velmora Trading Sdn Bhd for years."),
            Some(("Velmora Trading Sdn Bhd".into(), Some("Malaysia".into())))
        );
        // a form several countries use says nothing; the name's own country wins
        assert_eq!(
            country("He ran Velmora Trading Ltd for years."),
            Some(("Velmora Trading Ltd".into(), None))
        );
        assert_eq!(
            country("He ran Kestrel Malta Pte Ltd for years."),
            Some(("Kestrel Malta Pte Ltd".into(), Some("Malta".into())))
        );
        assert_eq!(
            country("He ran Japan Velmora (Malta) Pte Ltd for years."),
            Some(("Japan Velmora (Malta) Pte Ltd".into(), Some("Malta".into())))
        );
    }

    #[test]
    fn an_unknown_name_signing_an_instrument_is_a_body() {
        assert_eq!(
            org("Velmora Currency has signed an MoU with the Orlin Bank."),
            vec!["Velmora Currency", "Orlin Bank"]
        );
        assert_eq!(
            org("7K concluded an agreement with the Orlin Bank to build roads."),
            vec!["7K", "Orlin Bank"]
        );
        // a person of the article, a lone word, or no instrument: no body
        assert_eq!(
            org("Vong Sakda, 54, was there. Vong Sakda signed the agreement."),
            Vec::<String>::new()
        );
        assert_eq!(org("Velmora signed the agreement."), Vec::<String>::new());
        assert_eq!(
            org("Velmora Currency signed autographs."),
            Vec::<String>::new()
        );
        // the two sides after `between`: a lone unknown word is a body like the other
        assert_eq!(
            org("A deal was signed between Velmora and Orlin Airlines to buy jets."),
            vec!["Velmora", "Orlin Airlines"]
        );
        assert_eq!(
            org("The MoU was reached between the Convention and Law Department and us."),
            vec!["Convention and Law Department"]
        );
    }
}
