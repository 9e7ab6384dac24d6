//! Words, punctuation and sentences of a stretch of text, with byte spans.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the article text.
    pub span: Range<usize>,
    pub word: bool,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.span.clone()]
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '-' | '.' | '&' | '*')
}

/// Tokenises `text[range]`: words are runs of letters and digits joined by apostrophes, hyphens
/// or dots between letters (`People’s`, `Secretary-General`, `U.S`); everything else that is not
/// space is a one-character punctuation token.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    let s = &text[range.clone()];
    // characters are read in place, by byte offset (a table of them took 16 bytes a byte of a
    // long note or article)
    let at = |p: usize| crate::base::text::char_at(s, p);
    let mut i = 0;
    while let Some(c) = at(i) {
        let next = i + c.len_utf8();
        if c.is_whitespace() {
            i = next;
            continue;
        }
        if is_word_char(c) {
            // `j`: the byte after the word so far, `chars`: its length in characters since
            // its last hyphen (`Japan-U.S`: the dot joins the single letter after it)
            let (mut j, mut chars) = (next, 1);
            loop {
                match at(j) {
                    Some(w) if is_word_char(w) => {
                        j += w.len_utf8();
                        chars += 1;
                    }
                    Some(joiner) if is_joiner(joiner) => {
                        let after = j + joiner.len_utf8();
                        match at(after) {
                            Some(w)
                                if is_word_char(w)
                                // a dot joins single letters only (U.S.), not sentences
                                && (joiner != '.'
                                    || (chars == 1 || s[..j].chars().rev().nth(1) == Some('.'))
                                        && w.is_uppercase())
                                // an asterisk only capitals (`A*STAR`), not `*Note`
                                && (joiner != '*'
                                    || (w.is_uppercase()
                                        && s[..j].chars().next_back().is_some_and(char::is_uppercase))) =>
                            {
                                j = after + w.len_utf8();
                                chars = if joiner == '-' { 1 } else { chars + 2 };
                            }
                            _ => break,
                        }
                    }
                    _ => break,
                }
            }
            out.push(Token {
                span: range.start + i..range.start + j,
                word: true,
            });
            i = j;
        } else {
            out.push(Token {
                span: range.start + i..range.start + next,
                word: false,
            });
            i = next;
        }
    }
    out
}

/// Abbreviations after which a full stop does not end a sentence (and those of the months,
/// `dates::MONTHS`).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "mme", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm",
    "brig", "gov", "sen", "rep", "rev", "hon", "st", "no", "nos", "vol", "inc", "ltd", "co",
    "corp", "jr", "sr", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n", "approx", "dept", "govt",
    "amb", "cmdr", "pres",
];

pub fn is_abbreviation(word: &str) -> bool {
    let w = word.to_lowercase();
    ABBREVIATIONS.contains(&w.as_str())
        || super::lexicon::NAME_ABBREVIATIONS.contains(&w.as_str())
        || crate::base::dates::MONTHS
            .iter()
            .any(|m| m.abbreviations.iter().any(|a| a.eq_ignore_ascii_case(&w)))
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

/// Splits a stretch of text into sentence ranges (end exclusive, trimmed).
pub fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    sentence_tokens(text, range)
        .into_iter()
        .map(|(r, _)| r)
        .collect()
}

/// Sentences with their tokens, tokenising the stretch once.
pub fn sentence_tokens(text: &str, range: Range<usize>) -> Vec<(Range<usize>, Vec<Token>)> {
    let mut toks = tokenize(text, range.clone());
    // token index where each sentence ends (exclusive)
    let mut ends: Vec<usize> = Vec::new();
    for k in 0..toks.len() {
        let t = &toks[k];
        let ch = t.text(text);
        if !t.word && matches!(ch, "." | "!" | "?") {
            let prev_abbrev = ch == "."
                && k > 0
                && toks[k - 1].word
                && toks[k - 1].span.end == t.span.start
                && is_abbreviation(toks[k - 1].text(text));
            // closing quotes and brackets stay with the sentence
            let mut end_k = k;
            while end_k + 1 < toks.len()
                && !toks[end_k + 1].word
                && matches!(
                    toks[end_k + 1].text(text),
                    "\"" | "\u{201D}" | "\u{2019}" | ")" | "'"
                )
            {
                end_k += 1;
            }
            let next_starts = toks.get(end_k + 1).is_none_or(|n| {
                let c = n.text(text).chars().next().unwrap_or(' ');
                c.is_uppercase()
                    || c.is_numeric()
                    || matches!(c, '"' | '\u{201C}' | '\'' | '\u{2018}' | '(' | '—' | '–')
            });
            // `$2.5 billion`, `version 1.2`: a point between digits is no sentence end
            let decimal = ch == "."
                && k > 0
                && toks[k - 1].span.end == t.span.start
                && toks[k - 1]
                    .text(text)
                    .ends_with(|c: char| c.is_ascii_digit())
                && toks.get(k + 1).is_some_and(|n| {
                    n.span.start == t.span.end
                        && n.text(text).starts_with(|c: char| c.is_ascii_digit())
                });
            if !prev_abbrev && !decimal && next_starts && ends.last().is_none_or(|&e| e <= end_k) {
                ends.push(end_k + 1);
            }
        }
    }
    if ends.last().is_none_or(|&e| e < toks.len()) && !toks.is_empty() {
        ends.push(toks.len());
    }
    // split from the back, so that each sentence owns its tokens without copying
    let mut out = Vec::with_capacity(ends.len());
    let starts: Vec<usize> = std::iter::once(0)
        .chain(ends.iter().copied())
        .take(ends.len())
        .collect();
    for &s0 in starts.iter().rev() {
        let part = toks.split_off(s0);
        if let (Some(first), Some(last)) = (part.first(), part.last()) {
            out.push((first.span.start..last.span.end, part));
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokenize(s, 0..s.len())
            .into_iter()
            .map(|t| &s[t.span])
            .collect()
    }

    #[test]
    fn words_keep_apostrophes_hyphens_and_dotted_acronyms() {
        assert_eq!(
            words("the People’s Procuracy, U.S. Secretary-General (IOM)."),
            vec![
                "the",
                "People’s",
                "Procuracy",
                ",",
                "U.S",
                ".",
                "Secretary-General",
                "(",
                "IOM",
                ")",
                "."
            ]
        );
    }

    #[test]
    fn sentences_do_not_split_after_titles() {
        let s = "Gen. Somsak Phanthavong signed it. Mr. Smith agreed! Then it ended. It cost $2.5 billion. In 2024. 5 more";
        let got: Vec<&str> = sentences(s, 0..s.len())
            .into_iter()
            .map(|r| &s[r])
            .collect();
        assert_eq!(
            got,
            vec![
                "Gen. Somsak Phanthavong signed it.",
                "Mr. Smith agreed!",
                "Then it ended.",
                "It cost $2.5 billion.",
                "In 2024.",
                "5 more"
            ]
        );
    }
}
