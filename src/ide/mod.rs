//! Editor features over the knowledge base, in the core's terms: byte offsets, article and
//! entity indices, Markdown text. The protocol layer (`crate::lsp`) only translates these to and
//! from LSP types.

mod hover;

pub use hover::{CardOptions, entity_by_name, hover_article, hover_entity, person_titles};

use crate::base::dates::DateValue;
use crate::base::text::fold;
use crate::kb::{EntityKind, KnowledgeBase};
use std::ops::Range;

/// A place in the corpus: article index and byte span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub article: usize,
    pub span: Range<usize>,
}

/// The entity mentioned at `offset` of corpus article `article`, with the mention's span.
pub fn entity_in_article(
    kb: &KnowledgeBase,
    article: usize,
    offset: usize,
) -> Option<(Range<usize>, usize)> {
    kb.by_article
        .get(article)?
        .iter()
        .map(|&m| &kb.mentions[m])
        .filter(|m| m.span.start <= offset && offset <= m.span.end)
        // the innermost mention: a country inside a ministry's name
        .min_by_key(|m| m.span.len())
        .map(|m| (m.span.clone(), m.entity))
}

/// Where an entity is stated: its mentions in the source articles, the first body mention of
/// each article first, then the rest. The firsts are read from the knowledge base's summary:
/// the mentions are walked only for the rest, and only as far as `limit`.
pub fn definition(kb: &KnowledgeBase, entity: usize, limit: usize) -> Vec<Target> {
    let Some(ent) = kb.entities.get(entity) else {
        return Vec::new();
    };
    let sum = crate::kb::summary::entity_summary(kb, entity);
    let firsts = &sum.firsts;
    let target = |m: usize| Target {
        article: kb.mentions[m].article,
        span: kb.mentions[m].span.clone(),
    };
    let mut out: Vec<Target> = firsts
        .iter()
        .take(limit)
        .filter_map(|&p| ent.mentions.get(p as usize))
        .map(|&m| target(m))
        .collect();
    // the rest in corpus order: the mentions but the firsts (both in that order)
    let mut next_first = firsts.iter().peekable();
    for (p, &m) in ent.mentions.iter().enumerate() {
        if out.len() >= limit {
            break;
        }
        if next_first.peek().is_some_and(|&&f| f as usize == p) {
            next_first.next();
            continue;
        }
        out.push(target(m));
    }
    out
}

/// Every mention of an entity in the corpus, in corpus order.
pub fn references(kb: &KnowledgeBase, entity: usize) -> Vec<Target> {
    kb.entities[entity]
        .mentions
        .iter()
        .map(|&m| Target {
            article: kb.mentions[m].article,
            span: kb.mentions[m].span.clone(),
        })
        .collect()
}

/// A completion candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    pub label: String,
    pub detail: String,
    /// Text to insert (the label when empty).
    pub insert: String,
    pub kind: CompletionKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Article,
    Entity(EntityKind),
}

/// Articles for a citation being typed (`[@0`): id, title and date.
pub fn complete_citations(kb: &KnowledgeBase, prefix: &str) -> Vec<Completion> {
    let p = fold(prefix);
    kb.heads
        .iter()
        .filter(|a| {
            fold(&a.id).starts_with(&p) || a.title.as_ref().is_some_and(|t| fold(t).contains(&p))
        })
        .map(|a| {
            let title = a.title.as_deref().unwrap_or("(no headline)");
            let date = a.published.map_or(String::new(), |d| format!(" · {d}"));
            Completion {
                label: a.id.clone(),
                detail: format!("{title}{date}"),
                insert: a.id.clone(),
                kind: CompletionKind::Article,
            }
        })
        .collect()
}

/// Entity names for a word being typed, diacritics- and case-insensitive (`Viet` offers
/// `Vietnam` through `Việt Nam`): canonical names first, then other spellings; the most
/// mentioned first.
pub fn complete_entities(kb: &KnowledgeBase, prefix: &str, limit: usize) -> Vec<Completion> {
    let p = fold(prefix);
    if p.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(u8, usize, Completion)> = Vec::new();
    for (i, names) in kb.folded_names() {
        let e = &kb.entities[*i];
        if names[0].starts_with(&p) {
            scored.push((
                0,
                e.mentions.len(),
                Completion {
                    label: e.name.clone(),
                    detail: e.kind.as_str().to_string(),
                    insert: e.name.clone(),
                    kind: CompletionKind::Entity(e.kind),
                },
            ));
        } else if let Some(k) = names[1..].iter().position(|a| a.starts_with(&p))
            && let Some(a) = e.aliases.iter().nth(k)
        {
            scored.push((
                1,
                e.mentions.len(),
                Completion {
                    label: a.clone(),
                    detail: format!("{} → {}", e.kind.as_str(), e.name),
                    insert: a.clone(),
                    kind: CompletionKind::Entity(e.kind),
                },
            ));
        }
    }
    scored.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.label.cmp(&b.2.label))
    });
    scored.into_iter().take(limit).map(|(_, _, c)| c).collect()
}

/// A workspace symbol: an entity (at its first mention) or an article (at its headline).
#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    pub name: String,
    pub detail: String,
    pub kind: Option<EntityKind>,
    pub target: Target,
    pub score: i64,
}

/// Fuzzy score of the folded query characters `q` against a folded `name`: every query
/// character in order; consecutive and word-start matches score higher. None when it does not
/// match. Each query character is matched at its first occurrence after the previous one's
/// (found with `memchr` for ASCII), so a name costs a search per query character, not a
/// decoding of every character.
pub fn fuzzy_score_folded(q: &[char], name: &str) -> Option<i64> {
    let bytes = name.as_bytes();
    let mut score = 0i64;
    let mut at = 0;
    let mut prev_end = None;
    for &c in q {
        let rest = bytes.get(at..)?;
        let pos = at
            + if c.is_ascii() {
                memchr::memchr(c as u8, rest)?
            } else {
                let mut buf = [0u8; 4];
                name.get(at..)?.find(&*c.encode_utf8(&mut buf))?
            };
        score += 1;
        // the character before was matched too
        if prev_end == Some(pos) {
            score += 2;
        }
        // at a word's start
        if name[..pos]
            .chars()
            .next_back()
            .is_none_or(|p| !p.is_alphanumeric())
        {
            score += 3;
        }
        at = pos + c.len_utf8();
        prev_end = Some(at);
    }
    let len = if name.is_ascii() {
        name.len()
    } else {
        name.chars().count()
    };
    Some(score - len as i64 / 8)
}

/// The fuzzy score as first written, character by character: the yardstick of the tests.
#[cfg(test)]
fn fuzzy_score_scan(q: &[char], name: &str) -> Option<i64> {
    let mut score = 0i64;
    let mut qi = 0;
    let mut prev_match = false;
    let mut prev: Option<char> = None;
    let mut len = 0i64;
    for c in name.chars() {
        len += 1;
        if qi < q.len() && c == q[qi] {
            score += 1;
            if prev_match {
                score += 2;
            }
            if prev.is_none_or(|p| !p.is_alphanumeric()) {
                score += 3;
            }
            qi += 1;
            prev_match = true;
        } else {
            prev_match = false;
        }
        prev = Some(c);
    }
    (qi == q.len()).then_some(score - len / 8)
}

pub fn workspace_symbols(kb: &KnowledgeBase, query: &str, limit: usize) -> Vec<Symbol> {
    enum Hit {
        Entity(usize),
        Article(usize),
    }
    let q: Vec<char> = fold(query).chars().filter(|c| !c.is_whitespace()).collect();
    // scores first, symbols only for the best `limit`
    let mut hits: Vec<(i64, Hit)> = Vec::new();
    for (i, names) in kb.folded_names() {
        let e = &kb.entities[*i];
        if e.mentions.is_empty() {
            continue;
        }
        if let Some(score) = names.iter().filter_map(|n| fuzzy_score_folded(&q, n)).max() {
            hits.push((
                score * 1000 + e.mentions.len().min(999) as i64,
                Hit::Entity(*i),
            ));
        }
    }
    for (i, names) in kb.folded_titles().iter().enumerate() {
        if let Some(score) = names.iter().filter_map(|n| fuzzy_score_folded(&q, n)).max() {
            hits.push((score * 1000, Hit::Article(i)));
        }
    }
    let symbol = |hit: &(i64, Hit)| match hit.1 {
        Hit::Entity(i) => {
            let e = &kb.entities[i];
            let m = &kb.mentions[e.mentions[0]];
            Symbol {
                name: e.name.clone(),
                detail: format!("{} · {} mentions", e.kind.as_str(), e.mentions.len()),
                kind: Some(e.kind),
                target: Target {
                    article: m.article,
                    span: m.span.clone(),
                },
                score: hit.0,
            }
        }
        Hit::Article(i) => {
            let a = &kb.articles[i];
            let title = a.layout.title.as_ref().map(|t| &a.text[t.clone()]);
            Symbol {
                name: title.unwrap_or(&a.id).to_string(),
                detail: a.id.clone(),
                kind: None,
                target: Target {
                    article: i,
                    span: a.layout.title.clone().unwrap_or(0..0),
                },
                score: hit.0,
            }
        }
    };
    // ties in score go by name: keep every hit tied with the last one taken, then sort
    if hits.len() > limit && limit > 0 {
        hits.select_nth_unstable_by(limit - 1, |a, b| b.0.cmp(&a.0));
        let cut = hits[limit - 1].0;
        hits.retain(|h| h.0 >= cut);
    }
    let mut out: Vec<Symbol> = hits.iter().map(symbol).collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.name.cmp(&b.name)));
    out.truncate(limit);
    out
}

/// A resolved relative date in a corpus file, for an inlay hint after it.
#[derive(Clone, Debug, PartialEq)]
pub struct DateHint {
    /// Where the hint goes (the end of the date expression).
    pub offset: usize,
    pub label: String,
}

/// Relative dates of an article (`on Sunday`) with the dates they resolve to.
pub fn relative_date_hints(kb: &KnowledgeBase, article: usize) -> Vec<DateHint> {
    kb.facts[article]
        .dates
        .iter()
        .filter(|d| d.relative)
        .filter_map(|d| match &d.value {
            DateValue::Known { start, end, .. } => Some(DateHint {
                offset: d.span.end,
                label: if start == end {
                    start.to_string()
                } else {
                    format!("{start}..{end}")
                },
            }),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    #[test]
    fn fuzzy_score_equals_the_character_scan() {
        let names = [
            "",
            "viet nam",
            "vietnam",
            "united nations",
            "ministry of foreign affairs",
            "lao people's democratic republic",
            "côte d'ivoire",
            "sécurité",
            "a-b-c",
            "aaa",
            "nat nat",
            "2021-01-15-fact-sheet",
            "ñandú",
            "北京 beijing",
        ];
        let queries = [
            "", "v", "vn", "viet", "nat", "una", "mofa", "ô", "ée", "aa", "aaaa", "abc", "2021f",
            "北b", "zz", "nd", "t",
        ];
        for n in names {
            for q in queries {
                let q: Vec<char> = q.chars().collect();
                assert_eq!(
                    fuzzy_score_folded(&q, n),
                    fuzzy_score_scan(&q, n),
                    "{q:?} in {n:?}"
                );
            }
        }
    }

    #[test]
    fn definition_lists_each_article_first_then_the_rest_up_to_the_limit() {
        let text = |n: usize| {
            format!("Talks {n}\n\nLaos met Cambodia in round {n}. Laos signed. Laos left.\n")
        };
        let kb = KnowledgeBase::from_texts(
            (0..3)
                .map(|n| (PathBuf::from(format!("/c/{n}.txt")), text(n)))
                .collect(),
            Path::new("/c"),
            crate::kb::gazetteer::Gazetteer::builtin(),
        );
        let laos = kb.entities.iter().position(|e| e.name == "Laos").unwrap();
        let all = definition(&kb, laos, usize::MAX);
        let arts: Vec<usize> = all.iter().map(|t| t.article).collect();
        assert_eq!(arts, vec![0, 1, 2, 0, 0, 1, 1, 2, 2]);
        // the first mention of each article comes first
        assert!(
            all[..3]
                .iter()
                .all(|t| &kb.articles[t.article].text[t.span.clone()] == "Laos")
        );
        assert_eq!(all[0].span.start, text(0).find("Laos").unwrap());
        // a limit keeps the same order, cut
        for limit in [0, 2, 3, 5] {
            assert_eq!(
                definition(&kb, laos, limit),
                all[..limit].to_vec(),
                "{limit}"
            );
        }
    }
}
