//! Property tests (proptest): the note reader — decoding a note's bytes, analysing and checking
//! it, writing the report — never panics on random bytes or random edits of a real note, and
//! every finding's span lies on character boundaries; the `dossier.toml` reader never panics.
//! More cases with `PROPTEST_CASES=n`.

use dossier::check::{Severities, check_note};
use dossier::corpus::{ReadOutcome, decode_article};
use dossier::kb::KnowledgeBase;
use dossier::output::{CheckedNote, check_human, check_json, check_sarif};
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

fn example() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/laos-cooperation"
    ))
}

fn kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| {
        let files = dossier::config::expand_corpus_args(&[example().join("corpus")]).unwrap();
        KnowledgeBase::build(&files, example(), 1 << 23)
    })
}

fn the_note() -> &'static [u8] {
    static NOTE: OnceLock<Vec<u8>> = OnceLock::new();
    NOTE.get_or_init(|| std::fs::read(example().join("notes/cooperation-brief.md")).unwrap())
}

/// Reads a note from bytes as `dossier check` does, checks it and writes every report format.
fn read_and_check(bytes: Vec<u8>) {
    let text = match decode_article("n.md", bytes) {
        ReadOutcome::Ok { text, .. } => text,
        ReadOutcome::Skipped(_) => return,
    };
    let kb = kb();
    let _ = dossier::ide::analyze_note(kb, &text, None);
    let findings = check_note(kb, &text, None, &Severities::default()).findings;
    for f in &findings {
        assert!(
            f.span.start <= f.span.end && f.span.end <= text.len(),
            "{f:?}"
        );
        assert!(
            text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end),
            "{f:?}"
        );
    }
    let note = CheckedNote {
        path: "n.md".into(),
        text: &text,
        findings: &findings,
    };
    let human = check_human(kb, std::slice::from_ref(&note));
    for line in human.lines() {
        assert!(line.chars().count() < 400, "{line}");
    }
    let _ = check_json(kb, std::slice::from_ref(&note));
    let _ = check_sarif(kb, std::slice::from_ref(&note));
}

/// One edit of a note: delete, insert or replace bytes at a position (as fractions of the length).
#[derive(Debug, Clone)]
enum Edit {
    Delete(f64, usize),
    Insert(f64, Vec<u8>),
    Replace(f64, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    let text = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..8),
        prop::sample::select(vec![
            "\r",
            "\n",
            "\r\n",
            "[@",
            "]]",
            "31 September 2026",
            "😀",
            "é",
            "---\n",
            "```",
            "|",
            "signed",
            "Laos",
            "\u{feff}",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
    ];
    prop_oneof![
        (0.0..1.0f64, 0..64usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        (0.0..1.0f64, text).prop_map(|(at, t)| Edit::Insert(at, t)),
        (0.0..1.0f64, any::<u8>()).prop_map(|(at, b)| Edit::Replace(at, b)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let at = |f: f64, len: usize| ((f * len as f64) as usize).min(len);
        match e {
            Edit::Delete(f, n) => {
                let i = at(*f, bytes.len());
                let j = (i + n).min(bytes.len());
                bytes.drain(i..j);
            }
            Edit::Insert(f, t) => {
                let i = at(*f, bytes.len());
                bytes.splice(i..i, t.iter().copied());
            }
            Edit::Replace(f, b) => {
                if !bytes.is_empty() {
                    let i = at(*f, bytes.len() - 1);
                    bytes[i] = *b;
                }
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        read_and_check(bytes);
    }

    #[test]
    fn random_edits_of_a_real_note_never_panic(edits in prop::collection::vec(edit(), 1..12)) {
        read_and_check(apply(the_note().to_vec(), &edits));
    }

    #[test]
    fn the_config_reader_never_panics(text in "[a-z\\-=\\[\\]\"0-9 \n.{},*]{0,80}") {
        let _ = dossier::config::Config::parse_checked(Path::new("/ws"), &text);
    }
}
