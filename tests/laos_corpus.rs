//! The example workspace's five seed articles, read end to end through the library.

use dossier::base::dates::date_bounds;
use dossier::corpus::config::Config;
use dossier::kb::{EntityKind, KnowledgeBase};
use std::path::Path;
use std::sync::LazyLock;

static KB: LazyLock<KnowledgeBase> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laos-cooperation");
    let (cfg, problems) = Config::load_checked(&root).expect("example config");
    assert!(problems.is_empty(), "{problems:?}");
    KnowledgeBase::build(&cfg.corpus_files(), &root, cfg.max_file_size)
});

fn article(prefix: &str) -> usize {
    KB.articles
        .iter()
        .position(|a| a.id.starts_with(prefix))
        .expect("article")
}

fn entity(name: &str) -> &'static dossier::kb::Entity {
    KB.entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name}"))
}

/// Article id prefixes (first three characters) where an entity is mentioned.
fn sources(name: &str) -> Vec<String> {
    let mut v: Vec<String> = entity(name)
        .mentions
        .iter()
        .map(|&m| KB.articles[KB.mentions[m].article].id[..3].to_string())
        .collect();
    v.dedup();
    v
}

fn forms(name: &str) -> Vec<String> {
    let mut v: Vec<String> = entity(name)
        .mentions
        .iter()
        .map(|&m| KB.mention_text(&KB.mentions[m]).to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn reads_the_paths_from_dossier_toml() {
    let paths: Vec<&str> = KB
        .articles
        .iter()
        .map(|a| a.display_path.as_str())
        .collect();
    assert_eq!(
        paths,
        vec![
            "corpus/000_bcd4740930e54826.txt",
            "corpus/001_32f56abccbd66ce3.txt",
            "corpus/002_9d85ca025dc7a69f.txt",
            "corpus/003_d9b2f0b984d1a4ec.txt",
            "corpus/004_6c1511d0a07dadc6.txt",
        ]
    );
    assert!(KB.warnings.is_empty(), "{:?}", KB.warnings);
}

#[test]
fn titles_are_the_headlines() {
    let title = |p: &str| {
        let a = &KB.articles[article(p)];
        a.layout.title.clone().map(|r| a.text[r].to_string())
    };
    assert_eq!(
        title("000").as_deref(),
        Some("Laos, Luxembourg strengthen cooperation in international law")
    );
    assert_eq!(
        title("001").as_deref(),
        Some("Laos and Việt Nam strengthen cooperation in judicial assistance")
    );
    assert_eq!(
        title("002").as_deref(),
        Some("Việt Nam, Laos to boost public security cooperation")
    );
    assert_eq!(
        title("003").as_deref(),
        Some("Laos signs UN Convention against Cybercrime witnessed by President Thongloun")
    );
    assert_eq!(title("004"), None);
}

#[test]
fn publication_dates_from_stamps_datelines_and_trailers() {
    let date = |p: &str| {
        KB.articles[article(p)]
            .layout
            .published
            .map(|d| d.to_string())
    };
    assert_eq!(date("000"), None);
    assert_eq!(date("001"), None);
    assert_eq!(date("002").as_deref(), Some("2025-01-12"));
    assert_eq!(date("003").as_deref(), Some("2025-10-27"));
    assert_eq!(date("004").as_deref(), Some("2021-09-01"));
}

#[test]
fn countries_with_all_their_spellings() {
    assert_eq!(sources("Laos"), vec!["000", "001", "002", "003", "004"]);
    let laos = forms("Laos");
    for f in ["Laos", "Lao PDR", "Lao People’s Democratic Republic", "Lao"] {
        assert!(laos.contains(&f.to_string()), "{f} not in {laos:?}");
    }
    assert_eq!(sources("Vietnam"), vec!["001", "002", "003"]);
    let vn = forms("Vietnam");
    assert!(
        vn.contains(&"Việt Nam".to_string()) && vn.contains(&"Vietnam".to_string()),
        "{vn:?}"
    );
    assert_eq!(
        entity("Vietnam").iso.as_ref().unwrap(),
        &["VN".to_string(), "VNM".into(), "704".into()]
    );
}

#[test]
fn people_merged_across_transliterations_and_short_references() {
    let vilay = entity("Vilay Lakhamphong");
    assert_eq!(vilay.kind, EntityKind::Person);
    assert_eq!(sources("Vilay Lakhamphong"), vec!["002", "003"]);
    assert_eq!(
        forms("Vilay Lakhamphong"),
        vec!["Vilay", "Vilay Lakhamfong", "Vilay Lakhamphong"]
    );
    assert_eq!(forms("Tô Lâm"), vec!["To Lam", "Tô Lâm"]);
    assert_eq!(
        forms("Thongloun Sisoulith"),
        vec!["Thongloun", "Thongloun Sisoulith"]
    );
    assert_eq!(
        forms("Shareen Tuladhar"),
        vec!["Shareen TULADHAR", "Tuladhar"]
    );
    assert_eq!(
        forms("Phoxay Khaykhamphithoune"),
        vec!["Phoxay KHAYKHAMPHITHOUNE"]
    );
}

#[test]
fn organisations_with_acronyms_and_countries() {
    assert_eq!(
        forms("Luxembourg Agency for Development Cooperation"),
        vec!["LuxDev", "Luxembourg Agency for Development Cooperation"]
    );
    let mofa = entity("Ministry of Foreign Affairs (Laos)");
    assert_eq!(KB.entities[mofa.country.unwrap()].name, "Laos");
    assert_eq!(
        sources("Ministry of Foreign Affairs (Laos)"),
        vec!["000", "003", "004"]
    );
    assert_eq!(
        forms("Ministry of Foreign Affairs (Laos)"),
        vec![
            "MOFA",
            "Ministry of Foreign Affairs",
            "Ministry of Foreign Affairs of Laos"
        ]
    );
    assert_eq!(forms("United Nations"), vec!["UN", "United Nations"]);
}

#[test]
fn places_from_gazetteer_and_patterns() {
    assert_eq!(forms("Hanoi"), vec!["Hanoi", "HÀ NỘI", "Hà Nội"]);
    assert_eq!(
        forms("Udomxay Province"),
        vec!["Udomxay", "Udomxay Province"]
    );
    assert_eq!(entity("Geneva").kind, EntityKind::Place);
}

#[test]
fn agreement_spellings_meet() {
    assert_eq!(
        forms("United Nations Convention against Cybercrime"),
        vec![
            "UN Convention against Cybercrime",
            "United Nation Convention against Cybercrime",
            "United Nations Convention against Cybercrime"
        ]
    );
}

#[test]
fn boilerplate_is_not_a_mention() {
    for name in ["Singapore", "Lee Hsien Loong", "Kaysone Phomvihane"] {
        assert!(
            KB.entities
                .iter()
                .all(|e| e.name != name || e.mentions.is_empty()),
            "{name} mentioned"
        );
    }
    // the other stories listed under "Recent news" in 001
    let a = article("001");
    let recent = KB.articles[a].text.find("Recent news").unwrap();
    assert!(
        KB.by_article[a]
            .iter()
            .all(|&m| KB.mentions[m].span.start < recent)
    );
}

#[test]
fn the_five_signing_events() {
    let ev = |instrument_part: &str, art: &str| {
        KB.events
            .iter()
            .find(|e| {
                e.instrument.contains(instrument_part)
                    && KB.articles[e.sources[0].article].id.starts_with(art)
            })
            .unwrap_or_else(|| panic!("no {instrument_part} event in {art}"))
    };
    let names = |e: &dossier::kb::events::Event| {
        let mut v: Vec<String> = e
            .parties
            .iter()
            .map(|&p| KB.entities[p].name.clone())
            .collect();
        v.sort();
        v
    };
    let date = |e: &dossier::kb::events::Event| e.date.as_ref().map(date_bounds);

    let e = ev("Memorandum of Understanding", "000");
    assert_eq!(
        names(e),
        vec![
            "Convention and Law Department (Laos)",
            "Institute for Legal Support and Technical Assistance",
            "Laos",
            "Luxembourg",
            "Luxembourg Agency for Development Cooperation"
        ]
    );
    assert_eq!(date(e), None);

    let e = ev("Memorandum of Understanding", "001");
    assert_eq!(
        names(e),
        vec![
            "Laos",
            "People’s Procuracy of Udomxay Province",
            "Vietnam",
            "Điện Biên People’s Procuracy"
        ]
    );
    assert_eq!(
        date(e),
        Some((Some("--11-06".into()), Some("--11-06".into())))
    );

    let e = ev("cooperation plan", "002");
    assert_eq!(
        names(e),
        vec!["Laos", "Lương Tam Quang", "Vietnam", "Vilay Lakhamphong"]
    );
    assert_eq!(
        date(e),
        Some((Some("2025-01-12".into()), Some("2025-01-12".into())))
    );
    assert_eq!(KB.entities[e.place.unwrap()].name, "Hanoi");

    let e = ev("United Nations Convention against Cybercrime", "003");
    assert_eq!(names(e), vec!["Laos", "Vilay Lakhamphong"]);
    assert_eq!(
        date(e),
        Some((Some("2025-10-25".into()), Some("2025-10-26".into())))
    );
    assert_eq!(KB.entities[e.place.unwrap()].name, "Hanoi");

    let e = ev("Cooperation Agreement", "004");
    assert_eq!(
        names(e),
        vec!["International Organization for Migration", "Laos"]
    );
    assert_eq!(
        date(e),
        Some((Some("2021-09-01".into()), Some("2021-09-01".into())))
    );
    assert_eq!(
        KB.entities[e.place.unwrap()].name,
        "Ministry of Foreign Affairs (Laos)"
    );
}

/// The hover card of the entity named `name`, with the workspace's absolute path as `ROOT`.
fn hover_card(name: &str) -> String {
    let e = KB
        .entities
        .iter()
        .position(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name}"));
    // the checkout's folder as the links write it
    let root = dossier::corpus::file_url(Path::new(env!("CARGO_MANIFEST_DIR")), None);
    dossier::ide::hover_entity(&KB, e, &dossier::ide::CardOptions::default())
        .replace(&root, "file://ROOT")
}

#[test]
fn hover_card_of_a_country_with_signings() {
    let card = hover_card("Laos");
    let want = [
        "**Laos** · country · ISO 3166 LA · LAO · 418 · 49 mentions in 5 articles, 2021-09-01 to 2025-10-27",
        "",
        "**Signings**",
        "",
        "- 2021-09-01: Cooperation Agreement with International Organization for Migration — [004_6c1511d0a07dadc6:1](file://ROOT/examples/laos-cooperation/corpus/004_6c1511d0a07dadc6.txt#L1)",
        "- 2025-01-12: cooperation plan with Vietnam, Lương Tam Quang, Vilay Lakhamphong — [002_9d85ca025dc7a69f:22](file://ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt#L22)",
        "- … and 3 more signings",
        "",
        "**Sources:** [000_bcd4740930e54826:1](file://ROOT/examples/laos-cooperation/corpus/000_bcd4740930e54826.txt#L1), [001_32f56abccbd66ce3:1](file://ROOT/examples/laos-cooperation/corpus/001_32f56abccbd66ce3.txt#L1), [002_9d85ca025dc7a69f:18](file://ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt#L18), … and 2 more articles",
        "",
        "Also written: “Lao”, “Lao People’s Democratic Republic”, “Lao PDR”",
    ];
    assert_eq!(card, want.join("\n") + "\n");
}

#[test]
fn hover_card_of_a_person_with_signings() {
    let card = hover_card("Vilay Lakhamphong");
    let want = [
        "**Vilay Lakhamphong** · person of Laos · 5 mentions in 2 articles, 2025-01-12 to 2025-10-27",
        "",
        "Deputy Prime Minister · Minister of Public Security · General",
        "",
        "**Signings**",
        "",
        "- 2025-01-12: cooperation plan with Vietnam, Lương Tam Quang, Laos — [002_9d85ca025dc7a69f:22](file://ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt#L22)",
        "- 2025-10-25–2025-10-26: United Nations Convention against Cybercrime with Laos — [003_d9b2f0b984d1a4ec:2](file://ROOT/examples/laos-cooperation/corpus/003_d9b2f0b984d1a4ec.txt#L2)",
        "",
        "**Sources:** [002_9d85ca025dc7a69f:22](file://ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt#L22), [003_d9b2f0b984d1a4ec:6](file://ROOT/examples/laos-cooperation/corpus/003_d9b2f0b984d1a4ec.txt#L6)",
        "",
        "Also written: “Vilay Lakhamfong”, “Vilay”",
    ];
    assert_eq!(card, want.join("\n") + "\n");
}

/// With the client's report command the card's last line ends with "Open in report", the
/// entity's id as the argument (a person's too); without it, no such link. No line is added:
/// the short card must still fit a hover.
#[test]
fn hover_card_open_in_report_link() {
    let card = |name: &str, report: Option<&str>| {
        let e = KB.entities.iter().position(|e| e.name == name).unwrap();
        dossier::ide::hover_entity(
            &KB,
            e,
            &dossier::ide::CardOptions {
                report_command: report.map(str::to_string),
                ..Default::default()
            },
        )
    };
    let link = "[Open in report](command:dossier.openReport?%5B%22country%3Alaos%22%5D)";
    let laos = card("Laos", Some("dossier.openReport"));
    assert_eq!(
        laos.lines().last(),
        Some(
            format!("Also written: “Lao”, “Lao People’s Democratic Republic”, “Lao PDR” · {link}")
                .as_str()
        ),
        "{laos}"
    );
    let vilay = card("Vilay Lakhamphong", Some("dossier.openReport"));
    assert!(
        vilay.ends_with(
            " · [Open in report](command:dossier.openReport?%5B%22person%3Avilay-lakhamphong%22%5D)\n"
        ),
        "{vilay}"
    );
    // the same card otherwise, as many lines
    let plain = card("Laos", None);
    assert_eq!(laos.replace(&format!(" · {link}"), ""), plain);
    assert_eq!(laos.lines().count(), plain.lines().count());
    assert!(!plain.contains("Open in report"));
}

/// The short card links its "more" lines to the client's command (VS Code's Show entity), with
/// the entity's name and kind as the argument; the full card has every item and no "more".
#[test]
fn hover_card_more_links_and_the_full_card() {
    let e = KB.entities.iter().position(|e| e.name == "Laos").unwrap();
    let short = dossier::ide::hover_entity(
        &KB,
        e,
        &dossier::ide::CardOptions {
            full: false,
            more_command: Some("dossier.showEntity".into()),
            ..Default::default()
        },
    );
    let r = dossier::corpus::file_url(Path::new(env!("CARGO_MANIFEST_DIR")), None)
        + "/examples/laos-cooperation/corpus/";
    let link = "command:dossier.showEntity?%5B%7B%22kind%22%3A%22country%22%2C%22name%22%3A%22Laos%22%7D%5D";
    let more: Vec<&str> = short.lines().filter(|l| l.contains("more")).collect();
    assert_eq!(
        more,
        vec![
            format!("- [… and 3 more signings]({link})"),
            format!(
                "**Sources:** [000_bcd4740930e54826:1]({r}000_bcd4740930e54826.txt#L1), [001_32f56abccbd66ce3:1]({r}001_32f56abccbd66ce3.txt#L1), [002_9d85ca025dc7a69f:18]({r}002_9d85ca025dc7a69f.txt#L18), [… and 2 more articles]({link})"
            ),
        ]
    );
    let full = dossier::ide::hover_entity(
        &KB,
        e,
        &dossier::ide::CardOptions {
            full: true,
            more_command: Some("dossier.showEntity".into()),
            ..Default::default()
        },
    );
    assert!(!full.contains("more"), "{full}");
    // every signing and every article
    assert_eq!(full.lines().filter(|l| l.starts_with("- ")).count(), 5 + 5);
    assert_eq!(
        dossier::ide::entity_by_name(&KB, "Laos", Some("country")),
        Some(e)
    );
    assert_eq!(
        dossier::ide::entity_by_name(&KB, "Laos", Some("person")),
        None
    );
    assert_eq!(
        dossier::ide::entity_by_name(&KB, "No Such Name", None),
        None
    );
}

/// Names in the values of the note's front matter are mentions for hover, colour and
/// references, but not for the checks (`mentions` stays the body's).
#[test]
fn front_matter_values_are_mentions_apart_from_the_body() {
    let text = "---\ntitle: Laos — legal cooperation\ntags: [Laos]\n---\n# Notes\nLaos signed.\n";
    let index = dossier::check::analyze_note(&KB, text, None);
    let laos = KB.entities.iter().position(|e| e.name == "Laos").unwrap();
    let at = |n: usize| text.match_indices("Laos").nth(n).unwrap().0;
    assert_eq!(
        index.meta_mentions,
        vec![(at(0)..at(0) + 4, laos), (at(1)..at(1) + 4, laos)]
    );
    assert_eq!(index.mentions, vec![(at(2)..at(2) + 4, laos)]);
    assert_eq!(index.entity_at(at(0) + 1), Some((at(0)..at(0) + 4, laos)));
    assert_eq!(index.all_mentions().len(), 3);
    // the key is no mention, nor a name in a comment
    let index = dossier::check::analyze_note(&KB, "---\nLaos: x\n# Laos\n---\n", None);
    assert_eq!(index.meta_mentions, vec![]);
}
