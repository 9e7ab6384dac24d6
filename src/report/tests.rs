use super::*;
use crate::kb::gazetteer::Gazetteer;
use std::path::Path;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laos-cooperation")
}

fn example_kb() -> KnowledgeBase {
    let root = root();
    let files = crate::corpus::config::expand_corpus_args(&[root.join("corpus")]).unwrap();
    KnowledgeBase::build(&files, &root, crate::corpus::config::DEFAULT_MAX_FILE_SIZE)
}

fn note() -> Note {
    let path = root().join("notes/cooperation-brief.md");
    Note {
        text: std::fs::read_to_string(&path).unwrap(),
        display: "notes/cooperation-brief.md".into(),
        path,
    }
}

fn opts(out: &Path) -> Options {
    Options {
        out: out.to_path_buf(),
        notes: vec![note()],
        ..Options::default()
    }
}

/// The JSON a `data/*.js` file assigns to its global.
fn data(dir: &Path, file: &str) -> serde_json::Value {
    let s = std::fs::read_to_string(dir.join("data").join(file)).unwrap();
    let json = s
        .split_once(" = ")
        .unwrap()
        .1
        .trim_end()
        .trim_end_matches(';');
    serde_json::from_str(json).unwrap()
}

/// Every file under `dir` (relative path, bytes), sorted.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn the_timeline_data_lists_the_five_seed_signings_with_their_dates() {
    let kb = example_kb();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let w = write(&kb, &opts(&out)).unwrap();
    assert_eq!(w.open, out.join("index.html"));
    let s = data(&out, "signings.js");
    let got: Vec<(String, String, String, String)> = s
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["start"].as_str().unwrap_or("-").to_string(),
                x["end"].as_str().unwrap_or("-").to_string(),
                x["precision"].as_str().unwrap().to_string(),
                x["sources"][0]["href"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    expect_test::expect![[r#"
        [
            (
                "2021-09-01",
                "2021-09-01",
                "day",
                "articles/004_6c1511d0a07dadc6.html#L1",
            ),
            (
                "2025-01-12",
                "2025-01-12",
                "day",
                "articles/002_9d85ca025dc7a69f.html#L22",
            ),
            (
                "2025-10-25",
                "2025-10-26",
                "range",
                "articles/003_d9b2f0b984d1a4ec.html#L2",
            ),
            (
                "--11-06",
                "--11-06",
                "no year",
                "articles/001_32f56abccbd66ce3.html#L15",
            ),
            (
                "-",
                "-",
                "none",
                "articles/000_bcd4740930e54826.html#L3",
            ),
        ]
    "#]]
    .assert_debug_eq(&got);
    // every linked article has its page, with the line anchored
    for (_, _, _, href) in &got {
        let (file, anchor) = href.split_once('#').unwrap();
        let page = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(page.contains(&format!("id=\"{anchor}\"")), "{href}");
    }
}

#[test]
fn an_entity_page_lists_every_spelling_and_links_its_lines() {
    let kb = example_kb();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let mut o = opts(&out);
    o.focus = vec!["Vilay Lakhamfong".into()];
    let w = write(&kb, &o).unwrap();
    let e = resolve_entity(&kb, "Vilay Lakhamfong").unwrap();
    assert_eq!(kb.entities[e].name, "Vilay Lakhamphong");
    assert_eq!(
        w.open,
        out.join(format!(
            "entities/{}.html",
            file_name_of(&kb.entities[e].id)
        ))
    );
    let page = std::fs::read_to_string(&w.open).unwrap();
    assert!(
        page.contains("<strong>Vilay Lakhamphong</strong> (name)"),
        "{page}"
    );
    assert!(
        page.contains("<li>Vilay Lakhamfong — first written in"),
        "{page}"
    );
    assert!(
        page.contains("href=\"../articles/002_9d85ca025dc7a69f.html#L22\""),
        "{page}"
    );
    // the focus keeps the report to the entity and its neighbours
    assert!(!out.join("entities/country-luxembourg.html").exists());
}

fn file_name_of(id: &str) -> String {
    file_name(id, &mut HashMap::new())
}

#[test]
fn the_note_view_marks_the_date_mismatch_claim_contradicted() {
    let kb = example_kb();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    write(&kb, &opts(&out)).unwrap();
    let page = std::fs::read_to_string(out.join("notes/cooperation-brief.html")).unwrap();
    let row = page
        .split("<li id=\"claim-")
        .find(|r| r.contains("<code>date-mismatch</code>"))
        .unwrap();
    assert!(row.contains("data-status=\"contradicted\""), "{row}");
    assert!(row.contains("14 January 2025"), "{row}");
    assert!(
        row.contains("href=\"../articles/002_9d85ca025dc7a69f.html#L22\""),
        "{row}"
    );
    let statuses: Vec<&str> = page
        .split("data-status=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    expect_test::expect![[r#"
        [
            "uncovered",
            "uncovered",
            "agrees",
            "contradicted",
            "uncovered",
            "uncovered",
            "agrees",
            "agrees",
            "contradicted",
            "uncovered",
            "uncovered",
            "agrees",
            "uncovered",
            "uncovered",
        ]
    "#]]
    .assert_debug_eq(&statuses);
}

#[test]
fn article_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let texts = vec![(
        dir.path().join("corpus/a1.txt"),
        "Laos and Vietnam\n\nLaos signed a memorandum of understanding with Vietnam in Hanoi on 12 January 2025.\n<script>alert('x')</script> & <b>bold</b>\n".to_string(),
    )];
    let kb = KnowledgeBase::from_texts(texts, dir.path(), Gazetteer::builtin());
    let out = dir.path().join("out");
    write(
        &kb,
        &Options {
            out: out.clone(),
            ..Options::default()
        },
    )
    .unwrap();
    let page = std::fs::read_to_string(out.join("articles/a1.html")).unwrap();
    assert!(page.contains(
        "<p id=\"L4\"><a href=\"#L4\">4</a>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</p>"
    ), "{page}");
    for (name, body) in tree(&out) {
        if name.ends_with(".html") {
            let s = String::from_utf8(body).unwrap();
            assert!(!s.contains("<script>alert"), "{name}");
            assert!(!s.contains("<b>bold"), "{name}");
        }
    }
}

#[test]
fn an_out_inside_the_corpus_is_refused() {
    let kb = example_kb();
    let out = root().join("corpus/report");
    let e = write(
        &kb,
        &Options {
            out: out.clone(),
            ..Options::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        e.0,
        format!(
            "--out {} is inside {}, which the corpus or the notes are read from; the report is never written there: choose a folder outside it",
            out.display(),
            std::fs::canonicalize(root().join("corpus"))
                .unwrap()
                .display()
        )
    );
    assert!(!out.exists());
}

#[test]
fn a_folder_that_holds_something_else_is_refused_and_a_report_replaced() {
    let kb = example_kb();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("keep.txt"), "mine").unwrap();
    let e = write(&kb, &opts(tmp.path())).unwrap_err();
    assert_eq!(
        e.0,
        format!(
            "--out {} is a folder that is not empty and holds no earlier report; choose an empty or new folder",
            tmp.path().display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("keep.txt")).unwrap(),
        "mine"
    );
    let out = tmp.path().join("r");
    write(&kb, &opts(&out)).unwrap();
    std::fs::write(out.join("entities/stale.html"), "old").unwrap();
    write(&kb, &opts(&out)).unwrap();
    assert!(!out.join("entities/stale.html").exists());
}

#[test]
fn two_runs_are_byte_identical() {
    let kb = example_kb();
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let wa = write(&kb, &opts(&a)).unwrap();
    let kb2 = example_kb();
    let wb = write(&kb2, &opts(&b)).unwrap();
    assert_eq!(wa.files, wb.files);
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.len(), wa.files);
    assert_eq!(
        ta.iter().map(|x| &x.0).collect::<Vec<_>>(),
        tb.iter().map(|x| &x.0).collect::<Vec<_>>()
    );
    for (x, y) in ta.iter().zip(&tb) {
        assert!(x.1 == y.1, "{} differs", x.0);
    }
}

#[test]
fn an_unknown_focus_entity_is_an_error() {
    let kb = example_kb();
    let tmp = tempfile::tempdir().unwrap();
    let mut o = opts(&tmp.path().join("r"));
    o.focus = vec!["Atlantis".into()];
    assert_eq!(
        write(&kb, &o).unwrap_err().0,
        "no entity named \"Atlantis\" in the corpus"
    );
}

#[test]
fn file_names_are_safe_and_unique() {
    let mut taken = HashMap::new();
    assert_eq!(file_name("country:laos", &mut taken), "country-laos");
    assert_eq!(file_name("country/laos", &mut taken), "country-laos-2");
    assert_eq!(file_name("../x y", &mut taken), "x..-x-y");
}
