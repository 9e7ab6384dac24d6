//! One test per matching rule and per `name-variant` rule, on notes and corpus articles written
//! for them (the agreements, bodies and people are invented).

use super::*;
use signing::certain_date;

fn corpus(texts: &[&str]) -> KnowledgeBase {
    KnowledgeBase::from_texts(
        texts
            .iter()
            .enumerate()
            .map(|(n, t)| {
                (
                    std::path::PathBuf::from(format!("/c/{}.txt", (b'a' + n as u8) as char)),
                    t.to_string(),
                )
            })
            .collect(),
        Path::new("/c"),
        crate::kb::gazetteer::Gazetteer::builtin(),
    )
}

/// Each corpus event: (parties, named agreement, date given, confidence).
fn events(kb: &KnowledgeBase) -> Vec<(Vec<String>, Option<String>, bool, events::Confidence)> {
    kb.events
        .iter()
        .map(|ev| {
            let mut p: Vec<String> = ev
                .parties
                .iter()
                .map(|&p| kb.entities[p].name.clone())
                .collect();
            p.sort();
            (
                p,
                ev.agreement.map(|a| kb.entities[a].name.clone()),
                certain_date(ev).is_some(),
                ev.confidence,
            )
        })
        .collect()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// (code, the note's text it points at, message) of every finding.
fn findings(kb: &KnowledgeBase, note: &str) -> Vec<(&'static str, String, String)> {
    check_note(kb, &KbFacts::new(kb), note, None, &Severities::default())
        .findings
        .into_iter()
        .map(|f| (f.code.name(), note[f.span].to_string(), f.message))
        .collect()
}

const ACCORDS: &[&str] = &[
    "Fisheries accord signed\ndate 2024-03-05\n\nNorway and Chile signed the Tarvik Accord on 4 March 2024 in Oslo, officials said.\n",
    "Science convention\ndate 2023-06-12\n\nNorway and Chile signed the Lunden Convention on 10 June 2023, the ministry said.\n",
    "Memorandum on ports\ndate 2022-09-02\n\nNorway and Chile signed a memorandum of understanding on port cooperation on 1 September 2022.\n",
];

#[test]
fn a_claim_naming_an_agreement_is_held_to_that_agreement() {
    let kb = corpus(ACCORDS);
    // the Tarvik Accord's date, not the Lunden Convention's
    assert_eq!(
        findings(
            &kb,
            "Norway and Chile signed the Tarvik Accord on 10 June 2023.\n"
        ),
        vec![(
            "date-mismatch",
            "10 June 2023".to_string(),
            "the corpus dates this signing 4 March 2024 (a, line 4)".to_string()
        )]
    );
    assert_eq!(
        findings(
            &kb,
            "Norway and Chile signed the Lunden Convention on 10 June 2023.\n"
        ),
        vec![]
    );
}

#[test]
fn a_claim_naming_an_agreement_the_corpus_lacks_gets_nothing() {
    let kb = corpus(ACCORDS);
    assert_eq!(
        findings(
            &kb,
            "Norway and Chile signed the Brisel Charter on 4 March 2021.\n"
        ),
        vec![]
    );
}

#[test]
fn the_same_instrument_kind_and_parties_hold_a_claim() {
    let kb = corpus(ACCORDS);
    assert_eq!(
        findings(
            &kb,
            "Norway and Chile signed a memorandum of understanding on 9 May 2022.\n"
        ),
        vec![(
            "date-mismatch",
            "9 May 2022".to_string(),
            "the corpus dates this signing 1 September 2022 (c, line 4)".to_string()
        )]
    );
}

#[test]
fn other_parties_or_another_kind_are_not_covered() {
    let kb = corpus(ACCORDS);
    // one party in common, another date: another signing, perhaps
    assert_eq!(
        findings(
            &kb,
            "Norway and Peru signed a memorandum of understanding on 9 May 2022.\n"
        ),
        vec![]
    );
    // the same parties, another kind of instrument
    assert_eq!(
        findings(&kb, "Norway and Chile signed a treaty on 9 May 2022.\n"),
        vec![]
    );
}

const PEOPLE: &[&str] = &[
    "Envoy visits\ndate 2024-02-01\n\nHalvard Quennestrup, the envoy, said the city council would meet on Monday.\n",
    "Council meets\ndate 2024-02-08\n\nThe council met, said Halvard Quennestrup. Mara Councel said the council agreed.\n",
];

#[test]
fn a_name_close_to_a_known_one_is_a_variant() {
    let kb = corpus(PEOPLE);
    assert_eq!(
        findings(&kb, "Halvard Quenestrup spoke.\n"),
        vec![(
            "name-variant",
            "Halvard Quenestrup".to_string(),
            "“Halvard Quenestrup” is not a spelling the corpus uses; did you mean “Halvard Quennestrup” (person)?".to_string()
        )]
    );
}

#[test]
fn words_the_corpus_writes_in_lower_case_are_no_names() {
    let kb = corpus(PEOPLE);
    // `Council` is one edit from `Councel`, but the corpus writes `council` in two articles
    assert_eq!(findings(&kb, "The Council agreed on it.\n"), vec![]);
    // nor are months and weekdays names
    assert!(!names::name_like(&kb, "Monday"));
    assert!(!names::name_like(&kb, "August"));
    assert!(names::name_like(&kb, "Councel"));
}

#[test]
fn a_spelling_is_counted_in_the_corpus_text() {
    let kb = corpus(PEOPLE);
    // whole words only, up to the limit
    assert_eq!(names::corpus_count(&kb, "Halvard Quennestrup", 10), 2);
    assert_eq!(names::corpus_count(&kb, "Halvard Quennestrup", 1), 1);
    assert_eq!(names::corpus_count(&kb, "Quennest", 10), 0);
}

#[test]
fn an_mou_names_no_agreement() {
    // the corpus defines `MOU` for one memorandum; a note's `an MOU` is any memorandum
    let kb = corpus(&[
        "Bank memorandum\ndate 2024-03-05\n\nThe Kestrel Export Bank Memorandum of Understanding (MOU) was signed by Norway on 4 March 2024.\n",
        "Ports\ndate 2022-09-02\n\nNorway and Chile signed a memorandum of understanding on port cooperation on 1 September 2022.\n",
    ]);
    // the premise: the note's `MOU` is a spelling of the bank's memorandum
    let note = "Norway and Chile signed an MOU on ports on 1 September 2022 [@b].\n";
    let index = super::analyze_note(&kb, note, None);
    assert!(
        index.mentions.iter().any(
            |(r, e)| &note[r.clone()] == "MOU" && kb.entities[*e].kind == EntityKind::Agreement
        ),
        "{:?}",
        index.mentions
    );
    assert_eq!(findings(&kb, note), vec![]);
}

#[test]
fn a_date_ties_parties_only_when_both_sides_have_one() {
    // an undated treaty of Norway's: a dated claim about Norway and Peru is not about it
    let kb = corpus(&[
        "Old treaty\ndate 2024-03-05\n\nNorway and Chile signed a treaty on fisheries, officials recalled.\n",
    ]);
    assert_eq!(
        events(&kb),
        vec![(
            strings(&["Chile", "Norway"]),
            None,
            false,
            events::Confidence::High
        )]
    );
    assert_eq!(
        findings(&kb, "Norway and Peru signed a treaty in 1966.\n"),
        vec![]
    );
}

#[test]
fn an_agreement_signed_by_none_of_the_claims_parties_is_another_signing() {
    // accords are signed by many: Chile's signing says nothing of Peru's and Norway's
    let kb = corpus(&[
        "Space accords\ndate 2024-03-05\n\nChile signed the Selvar Accords on 4 March 2024.\n",
    ]);
    assert_eq!(
        events(&kb),
        vec![(
            strings(&["Chile"]),
            Some("Selvar Accords".to_string()),
            true,
            events::Confidence::High
        )]
    );
    assert_eq!(
        findings(&kb, "Peru and Norway signed the Selvar Accords in 2025.\n"),
        vec![]
    );
}

#[test]
fn a_claim_whose_best_match_is_uncertain_gets_nothing() {
    // the reading nearest the claim (a ratification: low confidence) drives nothing, and the
    // claim is not held to Chile and Norway's signing instead
    let kb = corpus(&[
        "Space accords\ndate 2024-03-05\n\nChile and Norway signed the Selvar Accords on 4 March 2024.\n",
        "Accords news\ndate 2025-06-10\n\nPeru and Norway ratified the Selvar Accords on 9 June 2025.\n",
    ]);
    let mut got = events(&kb);
    got.sort();
    assert_eq!(
        got,
        vec![
            (
                strings(&["Chile", "Norway"]),
                Some("Selvar Accords".to_string()),
                true,
                events::Confidence::High
            ),
            (
                strings(&["Norway", "Peru"]),
                Some("Selvar Accords".to_string()),
                true,
                events::Confidence::Low
            ),
        ]
    );
    assert_eq!(
        findings(&kb, "Peru and Norway signed the Selvar Accords in 2025.\n"),
        vec![]
    );
}

#[test]
fn bodies_named_by_the_claim_beat_their_countries() {
    // the two bodies' memorandum, not their countries' older one, is the claim's signing
    let kb = corpus(&[
        "Defence memorandum\ndate 1990-06-02\n\nNorway and Chile signed a memorandum of understanding on 1 June 1990.\n",
        "Survey memorandum\ndate 2021-05-05\n\nThe Norwegian Coastal Survey Office signed a memorandum of understanding with the Chilean Tide Tables Bureau in February 2021.\n",
    ]);
    assert_eq!(
        findings(
            &kb,
            "The Norwegian Coastal Survey Office signed its memorandum of understanding with the Chilean Tide Tables Bureau in March 2021.\n"
        ),
        vec![(
            "date-mismatch",
            "March 2021".to_string(),
            "the corpus dates this signing February 2021 (b, line 4)".to_string()
        )]
    );
}

#[test]
fn a_claim_more_specific_than_the_signing_is_not_tied_by_one_shared_word() {
    let kb = corpus(&[
        "Security pacts\ndate 2020-05-02\n\nNorway and Chile signed bilateral security agreements on 1 May 2020.\n",
    ]);
    // `social security` is not `security`: another instrument, perhaps; nothing to say
    assert_eq!(
        findings(
            &kb,
            "Norway and Peru signed their social security agreements on 3 March 2019.\n"
        ),
        vec![]
    );
    // every distinctive word in the sentence that tells of the signing: the same one
    assert_eq!(
        findings(
            &kb,
            "Norway and Peru signed the bilateral security agreements on 1 May 2020.\n"
        ),
        vec![(
            "party-mismatch",
            "Peru".to_string(),
            "the corpus does not list Peru among the parties of this signing (bilateral security agreements): it lists Norway, Chile (a, line 4)".to_string()
        )]
    );
}

#[test]
fn a_signing_with_a_signer_the_corpus_does_not_know_drives_no_party_warning() {
    let kb = corpus(&[
        "Harbour memorandum\ndate 2022-09-02\n\nNorway signed a memorandum of understanding with Velmora on 1 September 2022.\n",
    ]);
    assert!(!kb.events[0].complete, "{:?}", kb.events);
    assert_eq!(
        findings(
            &kb,
            "Norway and Chile signed a memorandum of understanding on 1 September 2022.\n"
        ),
        vec![]
    );
}

#[test]
fn a_person_whose_country_the_corpus_does_not_tell_is_no_wrong_party() {
    let kb = corpus(&[
        "Fisheries accord\ndate 2022-09-02\n\nPrime Minister Ana Velloso of Norway and Chile signed the Fisheries Accord on 1 September 2022. Tomas Riera spoke later.\n",
    ]);
    // Tomas Riera may have signed for Chile: the corpus cannot say he did not
    assert_eq!(
        findings(
            &kb,
            "Ana Velloso and Tomas Riera signed the Fisheries Accord on 1 September 2022.\n"
        ),
        vec![]
    );
}
