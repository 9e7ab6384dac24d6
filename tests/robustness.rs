//! Odd input never panics: articles and notes made of fragments that stress spans, brackets,
//! multi-byte characters and line endings, mixed deterministically.

use dossier::check::{KbFacts, Severities, check_note};
use dossier::kb::KnowledgeBase;
use dossier::kb::gazetteer::Gazetteer;
use std::path::{Path, PathBuf};

const PIECES: &[&str] = &[
    "Laos",
    "Việt Nam",
    "😀",
    "(",
    ")",
    "[@",
    "[[",
    "]]",
    "]",
    "(IOM)",
    "\r\n",
    "\n",
    "\n\n",
    " ",
    ".",
    ",",
    "—",
    "Gen.",
    "Mr.",
    "President",
    "Ministry of",
    "signed",
    "between",
    "and",
    "on Sunday",
    "31 September 2026",
    "03/04/2025",
    "January 11-13",
    "date 2025-01-12",
    "|",
    "| caption |",
    "’s",
    "'",
    "\"",
    "ĐBP -",
    "HÀ NỘI —",
    "Memorandum of Understanding (MoU)",
    "the two sides",
    "over the weekend",
    "\u{FFFD}",
    "\t",
    "```",
    "---",
    "# Heading",
    "- item",
    "https://x.org/a(b)",
    "`code`",
    "Procuracy",
    "Province",
    "of the",
    "A",
    "Ö",
    "ß",
];

/// A small deterministic generator (xorshift), so the test is the same on every run.
fn texts(seed: u64, n: usize, len: usize) -> Vec<String> {
    let mut x = seed;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n)
        .map(|_| {
            (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// More rounds with `DOSSIER_FUZZ_ROUNDS=n` (the suite runs one).
fn rounds() -> u64 {
    std::env::var("DOSSIER_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

#[test]
fn articles_of_fragments_build_a_knowledge_base() {
    for seed in 0..rounds() {
        articles_round(7 + seed * 7919);
    }
}

fn articles_round(seed: u64) {
    let arts: Vec<(PathBuf, String)> = texts(seed, 40, 120)
        .into_iter()
        .enumerate()
        .map(|(i, t)| (PathBuf::from(format!("/c/{i:03}.txt")), t))
        .collect();
    let kb = KnowledgeBase::from_texts(arts, Path::new("/c"), Gazetteer::builtin());
    assert_eq!(kb.articles.len(), 40);
    for m in kb.mentions.iter() {
        let text = &kb.articles[m.article].text;
        assert!(
            text.is_char_boundary(m.span.start)
                && text.is_char_boundary(m.span.end)
                && m.span.start < m.span.end
        );
    }
    let json = dossier::cli::output::entities_json(&kb);
    assert_eq!(json["version"], 1);
    let _ = dossier::cli::output::events_json(&kb);
}

#[test]
fn notes_of_fragments_check_without_panic() {
    for seed in 0..rounds() {
        notes_round(11 + seed * 104729);
    }
}

fn notes_round(seed: u64) {
    let arts = vec![(
        PathBuf::from("/c/a.txt"),
        texts(seed ^ 0x5555, 1, 200).remove(0),
    )];
    let kb = KnowledgeBase::from_texts(arts, Path::new("/c"), Gazetteer::builtin());
    let facts = KbFacts::new(&kb);
    for note in texts(seed, 60, 60) {
        let r = check_note(&kb, &facts, &note, None, &Severities::default());
        for f in &r.findings {
            assert!(
                note.is_char_boundary(f.span.start) && note.is_char_boundary(f.span.end),
                "{f:?}"
            );
        }
        let _ = dossier::check::analyze_note(&kb, &note, None);
    }
}
