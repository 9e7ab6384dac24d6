//! Trigger stage: which word of a sentence reports a signing, and whether its clause reports
//! one that took place. Look-alikes are passed over: future and intended signings (`will
//! sign`, `intends to sign`, `tomorrow's signing`, `a future signing`), negated ones (`never
//! signed`), hypotheticals and aims (`if they sign`, `towards … signing`), forged signatures,
//! and verbs that take something other than an instrument (`concluded negotiations`, `signed
//! up`, `signs of`, `signed into law`). A formal closing (`IN WITNESS WHEREOF … have signed`,
//! `DONE at …`, `Signed at …`) and `entered into` are triggers too.

use crate::kb::extract::lexicon::{SIGNING_TRIGGERS, words};
use regex::Regex;
use std::sync::LazyLock;

type List = LazyLock<Vec<&'static str>>;

macro_rules! list {
    ($file:literal) => {
        LazyLock::new(|| words(include_str!(concat!("../../../data/words/", $file))).collect())
    };
}

/// Future and hypothetical auxiliaries (`will`, `would`).
pub static MODALS: List = list!("signing-modals.txt");
/// Verbs and adjectives before `to sign` that make it an intention (`intends`, `set`).
pub static INTENTIONS: List = list!("signing-intentions.txt");
/// Negations (`not`, `never`).
pub static NEGATIONS: List = list!("signing-negations.txt");
/// Modifiers of the noun `signing` that put it in the future (`tomorrow's`, `future`).
pub static FUTURE_MODIFIERS: List = list!("signing-future-modifiers.txt");
/// Hypotheticals and aims earlier in the clause (`if`, `towards`).
pub static HEDGES: List = list!("signing-hedges.txt");
/// Words of forgery anywhere in the sentence (`forged`, `fraudulently`).
pub static FORGERY: List = list!("signing-forgery-words.txt");
/// Words right after a trigger that make it no signing (`negotiations`, `up`, `of`).
pub static NOT_OBJECTS: List = list!("signing-not-objects.txt");
/// Auxiliaries and adverbs passed over when looking before a trigger.
pub static SKIP_BEFORE: List = list!("signing-skip-before.txt");

/// `was reached`, `were signed`: a passive trigger.
static REACHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(was|were|is|are|has been|have been) (reached|signed|inked|concluded)\b")
        .unwrap()
});

/// How a sentence reports a signing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerKind {
    /// A signing verb or noun in running text.
    Verb,
    /// A formal closing of a treaty text: `IN WITNESS WHEREOF`, `DONE at`, `Signed at`.
    FormalClosing,
}

/// The trigger of a sentence: its word index and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub index: usize,
    pub kind: TriggerKind,
}

/// A possessive or plain word without its `'s`: `tomorrow’s` → `tomorrow`.
fn bare(w: &str) -> &str {
    w.strip_suffix("’s")
        .or_else(|| w.strip_suffix("'s"))
        .unwrap_or(w)
}

/// Whether the word `k` of `words` (lower case, punctuation as tokens) is a signing verb or
/// noun (`entered` only before `into`).
fn is_trigger_word(words: &[String], k: usize) -> bool {
    let w = words[k].as_str();
    SIGNING_TRIGGERS.contains(&w)
        || (w == "entered" && words.get(k + 1).is_some_and(|n| n == "into"))
}

/// The formal closing of a treaty text: the sentence opens `IN WITNESS WHEREOF`, `DONE at`,
/// `DONE in duplicate at`, `Signed at` or `Signed in`.
pub fn formal_closing(sentence: &str) -> bool {
    let s = sentence.trim_start();
    let lower = s.to_lowercase();
    if lower.starts_with("in witness whereof") {
        return true;
    }
    // `DONE` is written in capitals in treaty texts; `Signed at` opens the line
    (s.starts_with("DONE ") || s.starts_with("Done at") || s.starts_with("Done in"))
        && (lower.contains(" at ") || lower.contains(" in "))
        || s.starts_with("Signed at ")
        || s.starts_with("Signed in ")
}

/// Why the trigger at `k` reports no signing that took place, if it does not.
pub fn look_alike(words: &[String], k: usize) -> Option<&'static str> {
    let w = words[k].as_str();
    // what follows the verb: `concluded negotiations`, `signed up`, `signs of`, `signed into law`
    if w != "entered"
        && let Some(next) = words.get(k + 1)
        && NOT_OBJECTS.contains(&next.as_str())
    {
        // `the signing of the accord` is a signing; `signs of` and `signed of` are not
        let noun_of = w == "signing" && next == "of";
        if !noun_of {
            return Some("the verb takes no instrument");
        }
    }
    if words.iter().any(|x| FORGERY.contains(&x.as_str())) {
        return Some("a forged signature");
    }
    // the nearest word before that is not an auxiliary or adverb
    let mut j = k;
    let mut saw_to = false;
    while j > 0 {
        let p = words[j - 1].as_str();
        if SKIP_BEFORE.contains(&p) || (p.ends_with("ly") && p.len() > 4) {
            saw_to |= p == "to";
            j -= 1;
            continue;
        }
        break;
    }
    if j > 0 {
        let p = bare(words[j - 1].as_str());
        if MODALS.contains(&p) || MODALS.contains(&words[j - 1].as_str()) {
            return Some("a future or hypothetical signing");
        }
        if NEGATIONS.contains(&words[j - 1].as_str()) {
            return Some("a negated signing");
        }
        if saw_to && INTENTIONS.contains(&p) {
            return Some("an intended signing");
        }
        if (w == "signing" || w == "signature") && FUTURE_MODIFIERS.contains(&p)
            || FUTURE_MODIFIERS.contains(&words[j - 1].as_str()) && w == "signing"
        {
            return Some("a signing still to come");
        }
    }
    // `if`, `towards` earlier in the same clause
    let clause_start = (0..k)
        .rev()
        .find(|&i| matches!(words[i].as_str(), ";" | ":" | "." | "?" | "!"))
        .map_or(0, |i| i + 1);
    let from = clause_start.max(k.saturating_sub(12));
    if (from..k).any(|i| HEDGES.contains(&words[i].as_str())) {
        return Some("a hypothetical or aimed-at signing");
    }
    None
}

/// The first trigger of a sentence that reports a signing that took place. `sentence` is its
/// text, `words` its tokens in lower case and `token_starts` their offsets in `sentence`.
pub fn find_trigger(sentence: &str, words: &[String], token_starts: &[usize]) -> Option<Trigger> {
    if formal_closing(sentence) {
        // `IN WITNESS WHEREOF … have signed`: the verb; `DONE at`: the first word
        let index = (0..words.len())
            .find(|&k| is_trigger_word(words, k))
            .unwrap_or(0);
        return Some(Trigger {
            index,
            kind: TriggerKind::FormalClosing,
        });
    }
    let valid = |k: usize| is_trigger_word(words, k) && look_alike(words, k).is_none();
    // `Signed Kestrel Accord: In 2024, Ardonia and Belmark signed …`: a heading's opening verb
    // yields to the sentence's own
    let verb = (0..words.len()).find(|&k| valid(k)).map(|k| {
        if k == 0 {
            (1..words.len()).find(|&j| valid(j)).unwrap_or(0)
        } else {
            k
        }
    });
    let index = verb.or_else(|| {
        REACHED.find(sentence).and_then(|m| {
            let k = token_starts.iter().position(|&t| t >= m.start())?;
            // `was reached` after a negation or a modal is none either
            let at = (k + 1).min(words.len() - 1);
            look_alike(words, at).is_none().then_some(k)
        })
    })?;
    Some(Trigger {
        index,
        kind: TriggerKind::Verb,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(s: &str) -> (Vec<String>, Vec<usize>) {
        let toks = crate::kb::extract::tokens::tokenize(s, 0..s.len());
        (
            toks.iter().map(|t| t.text(s).to_lowercase()).collect(),
            toks.iter().map(|t| t.span.start).collect(),
        )
    }

    fn trigger(s: &str) -> Option<Trigger> {
        let (w, st) = words_of(s);
        find_trigger(s, &w, &st)
    }

    #[test]
    fn past_signings_are_triggers() {
        for s in [
            "Ardonia and Belmark signed a treaty on Monday.",
            "The accord was signed by Ardonia.",
            "We welcome the signing of the Kestrel Accord.",
            "Velta Corp entered into an agreement with Norwick Ltd.",
            "The Harbour Compact that we signed today opens the port.",
            "Velta Corp concluded an agreement with the Ministry of Roads.",
        ] {
            assert!(trigger(s).is_some(), "{s}");
        }
    }

    #[test]
    fn future_intended_and_negated_signings_are_not() {
        for s in [
            "Ardonia will sign an MoU with Belmark.",
            "Ardonia intends to sign a memorandum with Belmark.",
            "We look forward to tomorrow's signing of the Kestrel Accord.",
            "The leaders welcomed a future signing of a health memorandum.",
            "Ardonia has not signed the Kestrel Accord.",
            "Belmark never signed the treaty.",
            "They will cooperate towards Ardonia signing the Kestrel Accords.",
            "If Ardonia signs the treaty, Belmark will follow.",
            "Ardonia and Belmark concluded negotiations on a trade compact.",
            "Mayors signed up for the programme.",
            "The governor signed into law a budget.",
            "There are signs of an agreement.",
            "Dorn fraudulently appended a signature so that the letters looked signed by a manager.",
            "The treaty will be signed in March.",
        ] {
            assert_eq!(trigger(s), None, "{s}");
        }
    }

    #[test]
    fn a_later_trigger_is_tried_when_the_first_is_a_look_alike() {
        let s = "Ardonia will sign a second pact; it signed the first in May.";
        let (w, _) = words_of(s);
        let t = trigger(s).unwrap();
        assert_eq!(w[t.index], "signed");
    }

    #[test]
    fn formal_closings() {
        for s in [
            "IN WITNESS WHEREOF the undersigned, being duly authorized, have signed this Agreement.",
            "DONE in duplicate at Port Ilse, this 3rd day of May, 2031.",
            "Signed at Port Ilse on May 3, 2031, in duplicate.",
        ] {
            assert_eq!(
                trigger(s).map(|t| t.kind),
                Some(TriggerKind::FormalClosing),
                "{s}"
            );
        }
        assert!(!formal_closing("Done deals matter."));
    }

    #[test]
    fn a_headings_opening_verb_yields_to_the_sentences_own() {
        let s = "Signed Kestrel Water Agreement: In 2024, Laos and Thailand signed the agreement.";
        let (w, _) = words_of(s);
        let t = trigger(s).unwrap();
        assert_eq!((t.index, w[t.index].as_str()), (11, "signed"));
    }

    #[test]
    fn arranging_for_someone_to_sign_is_a_signing() {
        let s = "Dorn arranged for his brother, Kell Amst, to sign a tenancy agreement.";
        assert!(trigger(s).is_some());
    }
}
