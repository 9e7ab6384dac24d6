//! Property tests (proptest): the note reader — decoding a note's bytes, analysing and checking
//! it, writing the report — never panics on random bytes or random edits of a real note, and
//! every finding's span lies on character boundaries; the `dossier.toml` reader never panics;
//! the date reader never panics and gives spans on character boundaries; notes assembled from
//! Markdown pieces are checked alike whatever their line ends (`\n`, `\r\n`, bare `\r`).
//! More cases with `PROPTEST_CASES=n`.

use dossier::check::{KbFacts, Severities, check_note};
use dossier::cli::output::{CheckedNote, check_human, check_json, check_sarif};
use dossier::corpus::{ReadOutcome, decode_article};
use dossier::kb::KnowledgeBase;
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
        let files =
            dossier::corpus::config::expand_corpus_args(&[example().join("corpus")]).unwrap();
        KnowledgeBase::build(&files, example(), 1 << 23)
    })
}

/// The checks' facts of `kb()`, built once.
fn facts() -> &'static KbFacts {
    static FACTS: OnceLock<KbFacts> = OnceLock::new();
    FACTS.get_or_init(|| KbFacts::new(kb()))
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
    let _ = dossier::check::analyze_note(kb, &text, None);
    let findings = check_note(kb, facts(), &text, None, &Severities::default()).findings;
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
        let _ = dossier::corpus::config::Config::parse_checked(Path::new("/ws"), &text);
    }
}

/// Pieces of date expressions, prose and odd characters for the date reader.
const DATE_PIECES: &[&str] = &[
    "12",
    "31",
    "2025",
    "1999",
    "0",
    "January",
    "Sept.",
    "May",
    "Monday",
    "last",
    "next",
    "week",
    "year",
    "on",
    "the",
    "of",
    "-",
    "–",
    "/",
    ".",
    ",",
    " ",
    "\n",
    "\r",
    "today",
    "yesterday",
    "ago",
    "days",
    "early",
    "mid",
    "late",
    "1990s",
    "Q3",
    "between",
    "and",
    "😀",
    "ệ",
    "Đ",
    "\u{a0}",
    "29 February",
    "25–26 October",
    "2025-13-45",
    "T",
];

/// Pieces of a Markdown note; joined with line ends of one kind.
const NOTE_PIECES: &[&str] = &[
    "# Laos",
    "## Việt Nam 😀",
    "- Laos signed the memorandum of understanding on 12 January 2025 [@002].",
    "* The Government of Lao PDR and UNHCR signed a Cooperation Agreement on 1 September 2021 [@004].",
    "1. Gen. Vilay Lakhamphong signed the plan on Saturday, 12 January 2025.",
    "The review took place on 31 September 2025, said Thongloun Sisoulith [[003]].",
    "```",
    "    code Laos",
    "`Laos` and https://example.org/Laos",
    "| a | b |",
    "",
    "---",
    "date: 2025-11-03",
    "Laos joined IOM in 2018 as its 171st member state [@00].",
    "Lao PDR signed it last week.",
];

fn note_lines() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(NOTE_PIECES), 0..24)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_date_reader_never_panics_and_spans_are_on_boundaries(
        pieces in prop::collection::vec(prop::sample::select(DATE_PIECES), 0..24),
        spaced in any::<bool>(),
        reference in prop::option::of((1900i16..2100, 1i8..13, 1i8..29)),
    ) {
        let text = pieces.join(if spaced { " " } else { "" });
        let reference = reference.map(|(y, m, d)| jiff::civil::date(y, m, d));
        for d in dossier::base::dates::find_dates(&text, reference) {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{:?} in {:?}", d, text);
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{:?} in {:?}", d, text);
        }
    }

    /// A note reads the same with `\n`, `\r\n` or bare `\r` line ends: the same claims, the
    /// same findings at the same places (spans mapped across the line ends).
    #[test]
    fn notes_are_checked_alike_whatever_their_line_ends(
        lines in note_lines(),
        front in any::<bool>(),
    ) {
        let mut lines = lines;
        if front {
            lines.splice(0..0, ["---", "date: 2025-11-03", "---"]);
        }
        let kb = kb();
        let read = |eol: &str| {
            let text = lines.join(eol) + eol;
            read_and_check(text.clone().into_bytes());
            // each line of the note, for mapping spans between the variants
            let claims: Vec<String> = dossier::check::claims(&text)
                .into_iter()
                .map(|r| text[r].replace(eol, "\n"))
                .collect();
            let findings: Vec<(&'static str, String)> = check_note(kb, facts(), &text, None, &Severities::default())
                .findings
                .into_iter()
                .map(|f| (f.code.name(), text[f.span].replace(eol, "\n")))
                .collect();
            (claims, findings)
        };
        let lf = read("\n");
        prop_assert_eq!(&lf, &read("\r\n"));
        prop_assert_eq!(&lf, &read("\r"));
    }
}
