//! Name checks: spellings close to a known one but not known (`name-variant`), and one entity
//! spelled two ways in the same note (`inconsistent-name`).

use super::{Code, NoteIndex};
use super::{Fix, spelling_variants};
use crate::base::dates::MONTHS;
use crate::base::text::fold;
use crate::kb::extract::lexicon::{AGREEMENT_HEADS, CONNECTORS, title_end};
use crate::kb::extract::tokens::{Token, tokenize};
use crate::kb::{KnowledgeBase, Spellings};
use std::collections::HashMap;
use std::ops::Range;

type Sink<'a> = dyn FnMut(super::Code, Range<usize>, String, Vec<Fix>) + 'a;

pub fn name_checks(kb: &KnowledgeBase, text: &str, index: &NoteIndex, sink: &mut Sink) {
    inconsistent(kb, text, index, sink);
    variants(kb, text, index, sink);
}

fn inconsistent(kb: &KnowledgeBase, text: &str, index: &NoteIndex, sink: &mut Sink) {
    let mut first: HashMap<usize, (String, usize)> = HashMap::new();
    let lines = crate::base::text::LineIndex::new(text);
    for (r, e) in &index.mentions {
        let surface = &text[r.clone()];
        let ent = &kb.entities[*e];
        // adjectives and acronyms are other words, not other spellings
        let is_acronym = !surface.chars().any(char::is_lowercase);
        let gaz = crate::kb::gazetteer::Gazetteer::builtin();
        let is_adjective = ent.gaz.is_some_and(|g| gaz.is_demonym_of(g, surface));
        if is_acronym || is_adjective {
            continue;
        }
        match first.get(e) {
            None => {
                first.insert(*e, (surface.to_string(), r.start));
            }
            Some((f, at)) if f != surface && spelling_variants(f, surface) => {
                sink(
                    Code::InconsistentName,
                    r.clone(),
                    format!(
                        "this note writes {} two ways: “{f}” on line {} and “{surface}” here",
                        ent.name,
                        lines.line_of(*at) + 1
                    ),
                    vec![Fix {
                        title: format!("Write “{f}”"),
                        span: r.clone(),
                        replacement: f.clone(),
                    }],
                );
            }
            _ => {}
        }
    }
}

/// Capitalised chunks of the note that are not known spellings but nearly are.
fn variants(kb: &KnowledgeBase, text: &str, index: &NoteIndex, sink: &mut Sink) {
    // known spellings, grouped once per knowledge base
    let sp = kb.spellings();
    let masked = crate::base::text::SpanIndex::new(super::masked_ranges(text));
    let mentions = crate::base::text::SpanIndex::new(index.mentions.iter().map(|(m, _)| m.clone()));
    let words = NoteWords::new(text);
    let toks = &words.toks;
    let (cap, connector) = (|k| words.cap(k), |k| words.connector(k));
    // a note repeats its names: each chunk and word is looked up once
    let mut near: HashMap<String, Option<(usize, String)>> = HashMap::new();
    let mut near_part: HashMap<String, Option<usize>> = HashMap::new();
    let mut k = 0;
    while k < toks.len() {
        // a title before a name (`Prime Minister`, `Gen.`) and an opening `The` are not the name
        if !cap(k) || toks[k].text(text) == "The" {
            k += 1;
            continue;
        }
        if let Some(end) = title_end(toks, text, k, |k| words.low(k)) {
            k = end;
            continue;
        }
        let a = k;
        let mut e = k + 1;
        while e < toks.len() && (cap(e) || (connector(e) && cap(e + 1))) {
            e += 1;
        }
        k = e;
        let span = toks[a].span.start..toks[e - 1].span.end;
        if masked.overlaps(&span) {
            continue;
        }
        // chunks made of known mentions only are fine
        let covered = |r: &Range<usize>| mentions.contains(r);
        if (a..e).all(|t| covered(&toks[t].span) || connector(t)) {
            continue;
        }
        let chunk = &text[span.clone()];
        let f = fold(chunk);
        if sp.contains(kb, &f) {
            continue;
        }
        // a chunk made only of ordinary words (ones the corpus writes in lower case: `Minister`,
        // `Officials`) and month or weekday names is no name
        if (a..e).all(|t| connector(t) || !name_like(kb, toks[t].text(text))) {
            continue;
        }
        if let Some((ent, shown)) = chunk_variant_of(kb, sp, chunk, &f, &mut near) {
            sink(
                Code::NameVariant,
                span.clone(),
                format!(
                    "“{chunk}” is not a spelling the corpus uses; did you mean “{shown}” ({})?",
                    kb.entities[ent].kind.as_str()
                ),
                vec![Fix {
                    title: format!("Write “{shown}”"),
                    span,
                    replacement: shown.clone(),
                }],
            );
            continue;
        }
        // one word close to part of a person's name: `Phantavong` for `Phanthavong`
        for tok in &toks[a..e] {
            if !covered(&tok.span) {
                word_variant(kb, text, tok, sp, &mut near_part, sink);
            }
        }
    }
}

/// The note's tokens, with their lower-case forms in one buffer (a String per token took ~40
/// bytes a token).
struct NoteWords<'a> {
    text: &'a str,
    toks: Vec<Token>,
    low_buf: String,
    low_at: Vec<usize>,
}

impl<'a> NoteWords<'a> {
    /// Tokenises `text` and lowers its tokens.
    fn new(text: &'a str) -> Self {
        let toks = tokenize(text, 0..text.len());
        // the tokens in lower case, in one buffer (a String per token took ~40 bytes a token)
        let mut low_buf = String::new();
        let mut low_at: Vec<usize> = vec![0];
        for t in &toks {
            low_buf.push_str(&t.text(text).to_lowercase());
            low_at.push(low_buf.len());
        }
        NoteWords {
            text,
            toks,
            low_buf,
            low_at,
        }
    }

    /// Whether token `k` is a capitalised word.
    fn cap(&self, k: usize) -> bool {
        self.toks
            .get(k)
            .is_some_and(|t| t.word && t.text(self.text).starts_with(char::is_uppercase))
    }

    /// Token `k` in lower case (empty past the end).
    fn low(&self, k: usize) -> &str {
        if k + 1 < self.low_at.len() {
            &self.low_buf[self.low_at[k]..self.low_at[k + 1]]
        } else {
            ""
        }
    }

    /// Whether token `k` is a connector between capitalised words, as in the extractor's names:
    /// `to` only after the head of an agreement name (`Protocol to the Convention`).
    fn connector(&self, k: usize) -> bool {
        let toks = &self.toks;
        CONNECTORS.contains(&toks[k].text(self.text))
            && (toks[k].text(self.text) != "to"
                || (k > 0 && self.cap(k - 1) && AGREEMENT_HEADS.contains(&self.low(k - 1))))
    }
}

/// The known spelling (entity, spelling) the chunk `chunk` (folded `f`) nearly is, looked up
/// once per chunk (`near`): never one the corpus writes less often than the note's own, unless
/// it is the entity's name.
fn chunk_variant_of(
    kb: &KnowledgeBase,
    sp: &Spellings,
    chunk: &str,
    f: &str,
    near: &mut HashMap<String, Option<(usize, String)>>,
) -> Option<(usize, String)> {
    let best = match near.get(f) {
        Some(b) => b.clone(),
        None => {
            let b = nearest_spelling(kb, sp, f);
            near.insert(f.to_string(), b.clone());
            b
        }
    };
    // never a spelling the corpus writes less often than the note's own, unless it is the
    // entity's name (`Minster`, a typo in one article, is no correction of `Minister`)
    best.filter(|(ent, shown)| {
        let e = &kb.entities[*ent];
        fold(shown) == fold(&e.name) || {
            let fs = fold(shown);
            let seen = e
                .mentions
                .iter()
                .filter(|&&m| fold(kb.mention_text(&kb.mentions[m])) == fs)
                .count();
            corpus_count(kb, chunk, seen + 1) <= seen
        }
    })
}

/// Reports token `tok` (not inside a known mention) when it is one word close to part of a
/// person's name (`Phantavong` for `Phanthavong`), looked up once per word (`near_part`).
fn word_variant(
    kb: &KnowledgeBase,
    text: &str,
    tok: &Token,
    sp: &Spellings,
    near_part: &mut HashMap<String, Option<usize>>,
    sink: &mut Sink,
) {
    let w = fold(tok.text(text));
    if w.chars().count() < 6 || sp.contains(kb, &w) || !name_like(kb, tok.text(text)) {
        return;
    }
    let p = match near_part.get(&w) {
        Some(p) => *p,
        None => {
            let n = w.chars().count();
            let p = Spellings::within(&sp.person_parts, |x| x.0, n, 2)
                .iter()
                .find(|(_, part, _)| {
                    let d = strsim::levenshtein(part, &w);
                    d > 0 && d <= 2 && strsim::jaro_winkler(part, &w) >= 0.9
                })
                .map(|x| x.2);
            near_part.insert(w.clone(), p);
            p
        }
    };
    if let Some(p) = p {
        let name = &kb.entities[p].name;
        let original = tok.text(text);
        let part = name
            .split_whitespace()
            .find(|x| fold(x) != w && strsim::levenshtein(&fold(x), &w) <= 2)
            .unwrap_or(name);
        sink(
            Code::NameVariant,
            tok.span.clone(),
            format!(
                "“{original}” is not a spelling the corpus uses; did you mean “{part}” ({name})?"
            ),
            vec![Fix {
                title: format!("Write “{part}”"),
                span: tok.span.clone(),
                replacement: part.to_string(),
            }],
        );
    }
}

/// Whether `word` (capitalised in the note) may be a name: not a word the corpus also writes in
/// lower case (`Minister`, `Officials`) in two articles or more, nor a month or weekday.
pub(super) fn name_like(kb: &KnowledgeBase, word: &str) -> bool {
    let lower = word.to_lowercase();
    let calendar = MONTHS.iter().any(|m| m.name.eq_ignore_ascii_case(word))
        || WEEKDAYS.contains(&lower.as_str());
    // in at least two articles: one stray lower-case word (a link, a typo) makes no word
    !calendar && kb.lower_case_articles(&lower) < 2
}

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// How many times the corpus writes `s` as a whole word or words, counting up to `limit`.
pub(super) fn corpus_count(kb: &KnowledgeBase, s: &str, limit: usize) -> usize {
    let mut n = 0;
    for a in 0..kb.heads.len() {
        let text = kb.text_of(a);
        for (at, _) in text.match_indices(s) {
            let before = text[..at].chars().next_back();
            let after = text[at + s.len()..].chars().next();
            if !before.is_some_and(char::is_alphanumeric)
                && !after.is_some_and(char::is_alphanumeric)
            {
                n += 1;
                if n >= limit {
                    return n;
                }
            }
        }
    }
    n
}

/// The known spelling nearest to `f` (folded) with as many words, within an edit distance of one
/// per twelve characters: (entity, spelling as written).
fn nearest_spelling(kb: &KnowledgeBase, sp: &Spellings, f: &str) -> Option<(usize, String)> {
    let words = f.split_whitespace().count();
    let n = f.chars().count();
    let max_d = n.max(8) / 12;
    let first = f.chars().next();
    // an edit distance of d needs lengths within d: only those are compared
    Spellings::within(sp.by_words.get(&words)?, |c| c.0, n, max_d)
        .iter()
        .map(|&(_, slot, which)| (Spellings::folded(kb, slot, which), slot, which))
        .filter(|(kf, _, _)| kf.chars().next() == first)
        .map(|(kf, slot, which)| (strsim::levenshtein(kf, f), slot, which))
        .filter(|(d, _, _)| *d > 0 && *d <= max_d)
        .min_by_key(|(d, _, _)| *d)
        .map(|(_, slot, which)| {
            let (ent, shown) = Spellings::written(kb, slot, which);
            (ent, shown.to_string())
        })
}
