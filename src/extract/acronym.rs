//! `Long Form (ACRONYM)` definitions, matched the way Schwartz and Hearst (2003) describe:
//! every character of the short form is found, right to left, in the long form, and its first
//! character starts a word. For all-capital short forms the letters must also start words
//! (allowing one exception in longer ones), which rejects `Vientiane (VNA)`.

/// Whether `s` can be a short form: 2–10 characters, a letter first, at least two capitals
/// (or one capital among few letters, like `MoU`).
pub fn is_short_form(s: &str) -> bool {
    let n = s.chars().count();
    let caps = s.chars().filter(|c| c.is_uppercase()).count();
    (2..=10).contains(&n)
        && s.chars().next().is_some_and(char::is_alphabetic)
        && s.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '&')
        && caps >= 2.min(n - 1).max(1)
        && s.chars().next().is_some_and(char::is_uppercase)
}

/// The byte offset in `long` where the long form of `short` starts, if `long` ends with one.
pub fn long_form_start(long: &str, short: &str) -> Option<usize> {
    let l: Vec<(usize, char)> = long.char_indices().collect();
    let s: Vec<char> = short.chars().collect();
    let all_caps = s.iter().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
    let mut si = s.len() as isize - 1;
    let mut li = l.len() as isize - 1;
    let mut non_initial = 0;
    let word_start = |i: isize| i == 0 || !l[(i - 1) as usize].1.is_alphanumeric();
    while si >= 0 {
        let c = s[si as usize].to_lowercase().next().unwrap_or(' ');
        if !c.is_alphanumeric() {
            si -= 1;
            continue;
        }
        while li >= 0
            && (l[li as usize].1.to_lowercase().next() != Some(c) || (si == 0 && !word_start(li)))
        {
            li -= 1;
        }
        if li < 0 {
            return None;
        }
        if all_caps && !word_start(li) {
            non_initial += 1;
        }
        li -= 1;
        si -= 1;
    }
    let letters = s.iter().filter(|c| c.is_alphabetic()).count();
    if all_caps && non_initial > usize::from(letters >= 4) {
        return None;
    }
    // back to the start of that word
    let mut start = (li + 1) as usize;
    while start > 0 && l[start - 1].1.is_alphanumeric() {
        start -= 1;
    }
    let at = l.get(start).map_or(long.len(), |x| x.0);
    // the long form must not be much longer than the short form allows
    let words = long[at..].split_whitespace().count();
    (words <= (s.len() + 5).min(s.len() * 2)).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lf<'a>(long: &'a str, short: &str) -> Option<&'a str> {
        long_form_start(long, short).map(|i| &long[i..])
    }

    #[test]
    fn finds_long_forms() {
        assert_eq!(
            lf("signed by the International Organization for Migration", "IOM"),
            Some("International Organization for Migration")
        );
        assert_eq!(
            lf("and the Luxembourg Agency for Development Cooperation", "LuxDev"),
            Some("Luxembourg Agency for Development Cooperation")
        );
        assert_eq!(lf("at the Ministry of Foreign Affairs", "MOFA"), Some("Ministry of Foreign Affairs"));
        assert_eq!(lf("signed a Memorandum of Understanding", "MoU"), Some("Memorandum of Understanding"));
        assert_eq!(
            lf("the Association of Southeast Asian Nations", "ASEAN"),
            Some("Association of Southeast Asian Nations")
        );
    }

    #[test]
    fn rejects_non_definitions() {
        assert_eq!(lf("completion of sustainable development goals", "SGD"), None);
        assert_eq!(lf("Vientiane", "VNA"), None);
        assert!(!is_short_form("a"));
        assert!(is_short_form("MoU"));
        assert!(is_short_form("ILSTA"));
        assert!(!is_short_form("Photo"));
    }
}
