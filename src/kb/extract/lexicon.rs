//! Word lists of English news grammar that the extractors key on: titles before names, head
//! nouns of organisation, place and agreement names, generic modifiers, kinds of instrument. Grammar, not world knowledge: no names of particular people, places or bodies
//! belong here. Each list is a file of `data/words/` (one entry a line, `#` comments), compiled
//! in with `include_str!`; entries are kept exactly as written (case-sensitive).

use super::tokens::Token;
use std::sync::LazyLock;

pub use crate::base::text::data_lines as words;

/// A word list of `data/words/`, loaded once.
type List = LazyLock<Vec<&'static str>>;

macro_rules! word_list {
    ($file:literal) => {
        LazyLock::new(|| words(include_str!(concat!("../../../data/words/", $file))).collect())
    };
}

/// Given names and their nicknames (`joseph joe`), both ways round.
static NICKNAMES: LazyLock<rustc_hash::FxHashSet<(&'static str, &'static str)>> =
    LazyLock::new(|| {
        words(include_str!("../../../data/words/nicknames.txt"))
            .filter_map(|l| l.split_once(' '))
            .flat_map(|(a, b)| [(a, b), (b, a)])
            .collect()
    });

/// Whether two given names (lower case) are one name or a name and its nickname.
pub fn same_given_name(a: &str, b: &str) -> bool {
    a == b || NICKNAMES.contains(&(a, b))
}

/// Titles and honorifics written before a person's name, lower case (the matcher tries the
/// longest). Multi-word titles are space separated.
pub static TITLES: List = word_list!("titles.txt");

static TITLE_SET: LazyLock<rustc_hash::FxHashSet<&'static str>> =
    LazyLock::new(|| TITLES.iter().copied().collect());

static TITLE_FIRST_WORDS: LazyLock<rustc_hash::FxHashSet<String>> = LazyLock::new(|| {
    TITLES
        .iter()
        .map(|t| t.split([' ', '.']).next().unwrap_or(t).to_string())
        .collect()
});

/// Whether a word (lower case) can open a title (`prime`, `secretary`, `lt`).
pub fn opens_title(word: &str) -> bool {
    TITLE_FIRST_WORDS.contains(word.trim_end_matches('.'))
}

/// The longest title (`Prime Minister`, `Lt. Gen.`) starting at token `k` of `toks`, word
/// tokens of `text`: the index of the token after it. `low(j)` is token `j` in lower case
/// (empty past the end).
pub fn title_end<'a>(
    toks: &[Token],
    text: &str,
    k: usize,
    low: impl Fn(usize) -> &'a str,
) -> Option<usize> {
    let word = |j: usize| toks.get(j).is_some_and(|t| t.word);
    if !word(k) {
        return None;
    }
    if !TITLE_FIRST_WORDS.contains(low(k).trim_end_matches('.')) {
        return None;
    }
    let mut best = None;
    let mut words = String::new();
    let mut j = k;
    for _ in 0..5 {
        if !word(j) {
            break;
        }
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(low(j));
        j += 1;
        // `Gen.` and `Lt. Gen.`: a full stop right after an abbreviation belongs to it
        let mut after = j;
        if toks.get(j).is_some_and(|t| t.text(text) == ".")
            && toks[j].span.start == toks[j - 1].span.end
        {
            after = j + 1;
        }
        if TITLE_SET.contains(words.as_str()) {
            best = Some(after);
        }
        if after != j {
            words.push('.');
            j = after;
        }
    }
    best
}

/// Nouns that end the name of a natural feature or protected area (`Kestrel River Basin`).
pub static LANDFORM_WORDS: List = word_list!("landform-words.txt");

/// Nouns that end the name of a thing named after someone (`… Award`, `… Telescope`).
pub static EPONYM_HEADS: List = word_list!("eponym-heads.txt");

/// Words that start a place's name (`Camp …`, `Fort …`, `Lake …`).
pub static PLACE_LEADS: List = word_list!("place-leads.txt");

/// Abbreviations that open a longer name after their full stop (`St. Jude`).
pub static NAME_ABBREVIATIONS: List = word_list!("name-abbreviations.txt");

/// Head nouns that make a capitalised phrase the name of an organisation.
pub static ORG_HEADS: List = word_list!("org-heads.txt");

/// Heads of bodies of a state: the same name in two countries is two bodies.
pub static NATIONAL_HEADS: List = word_list!("national-heads.txt");

/// Head nouns of agreement names: treaties and memoranda, named intergovernmental frameworks
/// and partnerships, and statutes and executive instruments (`Penal Code`, `Immigration Act`,
/// `Executive Order 13001`), which the knowledge base counts as agreements.
pub static AGREEMENT_HEADS: List = word_list!("agreement-heads.txt");

/// Words that describe an agreement without naming it (`Cooperation Agreement`).
pub static GENERIC_AGREEMENT_WORDS: List = word_list!("generic-agreement-words.txt");

/// Nouns that follow a place name (`Savannakhet Province`, `Quảng Trị province`).
pub static PLACE_HEADS: List = word_list!("place-heads.txt");

/// Last words of the names of laws and legal instruments, which are not organisations.
pub static LAW_WORDS: List = word_list!("law-words.txt");

/// Administrative units that follow a name even in lower case (`Quảng Trị province`).
pub static LOWERCASE_PLACE_HEADS: List = word_list!("lowercase-place-heads.txt");

/// Function words that may sit inside a capitalised name (`Institute for Legal Support and
/// Technical Assistance`, `Convention on the Rights of the Child`).
pub static CONNECTORS: List = word_list!("connectors.txt");

/// Particles inside personal names.
pub static NAME_PARTICLES: List = word_list!("name-particles.txt");

/// Malay and Arabic patronymic particles (`bin`, `binti`): only inside people's names.
pub static PATRONYMICS: List = word_list!("patronymics.txt");

/// Possessive nouns that belong to official names (`People’s Court`).
pub static COLLECTIVE_POSSESSORS: List = word_list!("collective-possessors.txt");

/// Plural nouns for groups of people: a capitalised run ending in one is no person.
pub static GROUP_NOUNS: List = word_list!("group-nouns.txt");

/// Honorifics before a family name (`Dr.`, `Ms.`), without the full stop.
pub static HONORIFICS: List = word_list!("honorifics.txt");

/// Ranks that are also adjectives (`a major ally`): titles only when capitalised.
pub static ADJECTIVE_RANKS: List = word_list!("adjective-ranks.txt");

/// Last words of programmes and benefits, which are not bodies (`… Program`, `… Tax Credit`).
pub static PROGRAMME_HEADS: List = word_list!("programme-heads.txt");

/// Starts of international bodies' names that are called programmes (`World Food Program`).
pub static PROGRAMME_BODIES: List = word_list!("programme-bodies.txt");

/// Last words of the titles of heads of state and government (`President`, `Prime Minister`).
pub static HEAD_TITLES: List = word_list!("head-titles.txt");

/// Capitalised words that start sentences or headings but never names.
pub static NOT_NAME_WORDS: List = word_list!("not-name-words.txt");

/// Verbs and phrases that make a sentence tell of a signing.
pub static SIGNING_TRIGGERS: List = word_list!("signing-triggers.txt");

/// Instrument words when the sentence has no named agreement.
pub static INSTRUMENT_WORDS: List = word_list!("instrument-words.txt");

/// Nouns that describe a company right before its name (`energy company`, `carmaker`).
pub static COMPANY_NOUNS: List = word_list!("company-nouns.txt");

/// Words of direction before a country's name that make it a region of it (`Northern`).
pub static COMPASS_WORDS: List = word_list!("compass-words.txt");

/// Words after a place's name that tell of a site there (`Geneva Headquarters`).
pub static SITE_WORDS: List = word_list!("site-words.txt");

/// Legal forms of companies of one country's law and that country (`pte ltd` → `SG`).
pub static LEGAL_FORM_COUNTRIES: LazyLock<Vec<(&'static str, &'static str)>> =
    LazyLock::new(|| {
        words(include_str!("../../../data/words/legal-form-countries.txt"))
            .filter_map(|l| l.split_once(':'))
            .map(|(form, iso)| (form.trim(), iso.trim()))
            .collect()
    });

/// Heads of bodies whose name takes no complement after them (`the Senate on January 3`).
pub static CLOSED_HEADS: List = word_list!("closed-heads.txt");

/// Words that make a body's name reach past one country (`International`, `Global`).
pub static BEYOND_BORDERS: List = word_list!("beyond-borders.txt");

/// Words that say nothing about what an instrument is about (`deepen`, `cooperation`).
pub static TOPIC_FILLER: List = word_list!("topic-filler.txt");

/// Words after which entities in a signing sentence are not parties.
pub static NON_PARTY_MARKERS: List = word_list!("non-party-markers.txt");

/// A kind of instrument (`memorandum of understanding`, `agreement`, `treaty`) and the words
/// that name it.
pub struct InstrumentKind {
    pub kind: &'static str,
    pub words: Vec<&'static str>,
}

/// The kinds of instrument, in the order of `data/words/instrument-kinds.txt`.
pub static INSTRUMENT_KINDS: LazyLock<Vec<InstrumentKind>> = LazyLock::new(|| {
    words(include_str!("../../../data/words/instrument-kinds.txt"))
        .map(|line| match line.split_once(':') {
            Some((kind, ws)) => InstrumentKind {
                kind: kind.trim(),
                words: ws.split_whitespace().collect(),
            },
            None => InstrumentKind {
                kind: line,
                words: vec![line],
            },
        })
        .collect()
});

/// The kind of instrument that `word` (lower case) names, if it names one.
pub fn instrument_kind(word: &str) -> Option<&'static str> {
    INSTRUMENT_KINDS
        .iter()
        .find(|k| k.words.contains(&word))
        .map(|k| k.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_without_comments_or_blanks() {
        for list in [
            &TITLES,
            &ORG_HEADS,
            &NATIONAL_HEADS,
            &AGREEMENT_HEADS,
            &GENERIC_AGREEMENT_WORDS,
            &PLACE_HEADS,
            &LAW_WORDS,
            &LOWERCASE_PLACE_HEADS,
            &CONNECTORS,
            &NAME_PARTICLES,
            &NOT_NAME_WORDS,
            &SIGNING_TRIGGERS,
            &INSTRUMENT_WORDS,
            &NON_PARTY_MARKERS,
            &TOPIC_FILLER,
            &COMPANY_NOUNS,
        ] {
            assert!(!list.is_empty());
            assert!(list.iter().all(|w| !w.is_empty() && !w.starts_with('#')));
        }
        assert_eq!(TITLES.first(), Some(&"president"));
        assert!(CONNECTORS.contains(&"&"));
        assert!(TITLES.contains(&"lt. gen"));
    }

    #[test]
    fn instrument_kinds() {
        assert_eq!(instrument_kind("mous"), Some("memorandum of understanding"));
        assert_eq!(instrument_kind("accords"), Some("agreement"));
        assert_eq!(instrument_kind("treaty"), Some("treaty"));
        assert_eq!(instrument_kind("framework"), None);
    }
}
