//! The `dossier` command line: formats, exit codes and bad input.

use expect_test::expect;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dossier(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run dossier")
}

/// `dossier check ARGS` against the example corpus, in `cwd`.
fn check_example(args: &[&str], cwd: &Path) -> Output {
    let corpus = example().join("corpus");
    let mut all = vec!["check", "--corpus", corpus.to_str().unwrap()];
    all.extend_from_slice(args);
    dossier(&all, cwd)
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laos-cooperation")
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn entities_json_has_utf16_positions_and_workspace_paths() {
    // run inside the workspace: dossier.toml supplies the corpus
    let v = json(&dossier(&["entities", "--format", "json"], &example()));
    assert_eq!(v["version"], 1);
    let ents = v["entities"].as_array().unwrap();
    let dien = ents
        .iter()
        .find(|e| e["name"] == "Điện Biên Province")
        .expect("Điện Biên Province");
    assert_eq!(dien["kind"], "place");
    assert_eq!(dien["id"], "place:dien-bien-province");
    // line 3 of 001: `ĐBP - A delegation from the People’s Procuracy of Udomxay Province, Laos, on
    // November 6 held discussions with their counterparts in Điện Biên Province ...`
    let m = dien["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["text"] == "Điện Biên Province")
        .unwrap();
    assert_eq!(m["path"], "corpus/001_32f56abccbd66ce3.txt");
    let line = std::fs::read_to_string(example().join("corpus/001_32f56abccbd66ce3.txt")).unwrap();
    let line2 = line.lines().nth(2).unwrap();
    let byte = line2.find("Điện Biên Province").unwrap();
    let utf16 = line2[..byte].encode_utf16().count() as u64;
    assert_eq!(
        m["range"]["start"],
        serde_json::json!({"line": 2, "character": utf16})
    );
    assert_eq!(
        m["range"]["end"],
        serde_json::json!({"line": 2, "character": utf16 + "Điện Biên Province".encode_utf16().count() as u64})
    );
    let laos = ents.iter().find(|e| e["name"] == "Laos").unwrap();
    assert_eq!(laos["iso"]["alpha3"], "LAO");
    assert!(
        laos["aliases"]
            .as_array()
            .unwrap()
            .contains(&Value::from("Lao PDR"))
    );
}

#[test]
fn events_json_shape() {
    let corpus = example().join("corpus");
    let v = json(&dossier(
        &[
            "events",
            "--corpus",
            corpus.to_str().unwrap(),
            "--format",
            "json",
        ],
        &example(),
    ));
    let ev = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["instrument"] == "United Nations Convention against Cybercrime")
        .expect("the convention");
    assert_eq!(ev["kind"], "signing");
    assert_eq!(
        ev["date"],
        serde_json::json!({"start": "2025-10-25", "end": "2025-10-26", "text": "the weekend", "resolved": true})
    );
    assert_eq!(ev["place"], "place:hanoi");
    assert_eq!(
        ev["agreement"],
        "agreement:united-nations-convention-against-cybercrime"
    );
    let parties: Vec<&str> = ev["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(parties, vec!["country:laos", "person:vilay-lakhamphong"]);
    assert_eq!(ev["sources"][0]["path"], "corpus/003_d9b2f0b984d1a4ec.txt");
}

#[test]
fn human_format_is_a_table() {
    let out = dossier(&["entities"], &example());
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with("ENTITY") && header.contains("KIND") && header.contains("MENTIONS"),
        "{header}"
    );
    let laos = text.lines().find(|l| l.starts_with("Laos ")).unwrap();
    assert!(laos.contains("country"), "{laos}");
}

#[test]
fn missing_corpus_folder_is_exit_2() {
    let out = dossier(&["entities", "--corpus", "/no/such/folder"], &example());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("dossier: /no/such/folder:"), "{err}");
    assert!(out.stdout.is_empty());
}

/// A bad entry of `dossier.toml` is a warning and left out, as in the server: here the corpus
/// globs fall back to the defaults, which find nothing (exit 2 for that, not for the entry).
#[test]
fn a_bad_config_entry_is_a_warning_and_left_out() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dossier.toml"), "corpus = [1, 2]\n").unwrap();
    let out = dossier(&["entities"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let root = dir.path().display().to_string();
    assert_eq!(
        err.replace(&root, "WS"),
        "warning: WS/dossier.toml:1:10: corpus: expected a glob (text) or a list of globs, found a list holding the number 1 (entry ignored)\n\
         dossier: no corpus files found under WS (globs: corpus/**/*.txt, sources/**/*.txt); pass --corpus PATH\n"
    );
}

#[test]
fn empty_workspace_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier(&["entities"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("pass --corpus PATH")
    );
}

#[test]
fn bad_files_warn_and_the_rest_is_read_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus");
    std::fs::create_dir(&c).unwrap();
    std::fs::write(
        c.join("good.txt"),
        "Laos and Thailand talk\n\nLaos and Thailand held talks on Monday about the river.\n",
    )
    .unwrap();
    std::fs::write(
        c.join("latin1.txt"),
        b"Cambodia news\n\nCambodia held talks with Laos in Phnom Penh \xE9t\xE9.\n",
    )
    .unwrap();
    std::fs::write(c.join("image.txt"), b"\x89PNG\r\n\x1a\n\x00\x00\x00").unwrap();
    let before: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&c)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    let out = dossier(&["entities", "--format", "json"], dir.path());
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("image.txt: skipped, looks binary"), "{err}");
    assert!(err.contains("latin1.txt: invalid UTF-8 at byte"), "{err}");
    let v = json(&out);
    let names: Vec<&str> = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Cambodia") && names.contains(&"Thailand"),
        "{names:?}"
    );
    for (p, bytes) in before {
        assert_eq!(std::fs::read(&p).unwrap(), bytes, "{} changed", p.display());
    }
}

#[test]
fn size_limit_from_config() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus");
    std::fs::create_dir(&c).unwrap();
    std::fs::write(
        c.join("big.txt"),
        format!("Laos\n\n{}\n", "Laos signed it. ".repeat(100)),
    )
    .unwrap();
    std::fs::write(dir.path().join("dossier.toml"), "max-file-size = 100\n").unwrap();
    let out = dossier(&["entities", "--format", "json"], dir.path());
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        err.contains("big.txt: skipped,") && err.contains("over the size limit of 100 bytes"),
        "{err}"
    );
    // a corpus of which nothing could be read is an error, not an empty table
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("the corpus has no articles"), "{err}");
    std::fs::write(
        c.join("small.txt"),
        "Weather\n\nIt rained in Thailand on Monday.\n",
    )
    .unwrap();
    let out = dossier(&["entities", "--format", "json"], dir.path());
    let names: Vec<String> = json(&out)["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect();
    assert!(!names.contains(&"Laos".to_string()), "{names:?}");
}

#[test]
fn check_finds_every_kind_in_the_example_note() {
    let out = dossier(&["check", "--format", "json"], &example());
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let file = &v["files"][0];
    assert_eq!(file["path"], "notes/cooperation-brief.md");
    let diags = file["diagnostics"].as_array().unwrap();
    let mut codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(
        codes,
        vec![
            "ambiguous-date",
            "date-mismatch",
            "inconsistent-name",
            "invalid-date",
            "name-variant",
            "party-mismatch",
            "unknown-source",
            "unsupported-by-source",
            "weekday-mismatch"
        ]
    );
    let d = diags.iter().find(|d| d["code"] == "date-mismatch").unwrap();
    assert_eq!(d["source"], "dossier");
    assert_eq!(d["severity"], 2);
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 16, "character": 2})
    );
    assert_eq!(
        d["message"],
        "the corpus dates this signing 12 January 2025 (002_9d85ca025dc7a69f, line 22)"
    );
    assert_eq!(
        d["relatedInformation"][0]["location"]["range"]["start"]["line"],
        21
    );
}

#[test]
fn check_human_and_sarif() {
    let out = dossier(&["check"], &example());
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "notes/cooperation-brief.md:17:3: warning[date-mismatch]: the corpus dates this signing 12 January 2025 (002_9d85ca025dc7a69f, line 22)"
    );
    assert_eq!(text.lines().nth(1).unwrap(), "   |   14 January 2025.");
    assert!(
        text.lines()
            .any(|l| l.starts_with("   = corpus/002_9d85ca025dc7a69f.txt:22: Vietnamese Minister")),
        "{text}"
    );

    let out = dossier(&["check", "--format", "sarif"], &example());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "dossier");
    assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 9);
    let r = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "invalid-date")
        .unwrap();
    assert_eq!(r["level"], "error");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "notes/cooperation-brief.md"
    );
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        36
    );
}

#[test]
fn check_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let note = dir.path().join("ok.md");
    std::fs::write(
        &note,
        "Laos and Luxembourg signed an MoU on technical cooperation in international law [@000].\n",
    )
    .unwrap();
    let out = check_example(&[note.to_str().unwrap()], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = check_example(&["/no/such/note.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("dossier: /no/such/note.md:")
    );
    let out = dossier(&["check", "--format", "xml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

/// Runs `dossier` with a time limit: a run that hangs (on a FIFO, say) is killed and fails.
fn dossier_within(args: &[&str], cwd: &Path, secs: u64) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run dossier");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dossier {args:?} did not finish in {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
fn mkfifo(p: &Path) {
    let status = Command::new("mkfifo").arg(p).status().expect("mkfifo");
    assert!(status.success());
}

/// A workspace with the example corpus and the given notes.
fn workspace_with_notes(notes: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus");
    std::fs::create_dir(&c).unwrap();
    for e in std::fs::read_dir(example().join("corpus")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, c.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    for (name, text) in notes {
        std::fs::write(dir.path().join("notes").join(name), text).unwrap();
    }
    dir
}

/// A note that is not valid UTF-8 is a warning naming it; the other notes are checked.
#[test]
fn a_note_that_is_not_utf8_does_not_stop_the_others() {
    let ws = workspace_with_notes(&[
        (
            "bad.md",
            b"Laos signed it in Vientiane on 3 F\xe9vrier 2025.\n",
        ),
        ("good.md", b"They met on 31 September 2026.\n"),
    ]);
    let out = dossier_within(&["check", "--format", "json"], ws.path(), 60);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.md: invalid UTF-8"), "{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let good = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "notes/good.md")
        .expect("good.md checked");
    assert_eq!(good["diagnostics"][0]["code"], "invalid-date");
}

/// A FIFO among the notes, or named as the note, is skipped with a warning instead of hanging;
/// a check that checked nothing says so and fails.
#[cfg(unix)]
#[test]
fn a_fifo_note_is_skipped_and_checking_nothing_fails() {
    let ws = workspace_with_notes(&[("good.md", b"They met on 31 September 2026.\n")]);
    mkfifo(&ws.path().join("notes/pipe.md"));
    let out = dossier_within(&["check", "notes/pipe.md"], ws.path(), 60);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pipe.md: skipped, a FIFO"), "{err}");
    assert!(err.contains("nothing was checked"), "{err}");
    assert_eq!(out.status.code(), Some(2), "{err}");
    // the whole workspace: the FIFO is not taken as a note, the other note is checked
    let out = dossier_within(&["check"], ws.path(), 60);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("in 1 note(s)"));
}

/// Note globs that match nothing, an empty corpus folder and a FIFO as the corpus: each said
/// on stderr, exit 2 — never an empty result with exit 0.
#[test]
fn checking_or_reading_nothing_is_an_error() {
    let ws = workspace_with_notes(&[]);
    let out = dossier_within(&["check"], ws.path(), 60);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("no notes found") && err.contains("nothing was checked"),
        "{err}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("0 note(s)"));
    let empty = tempfile::tempdir().unwrap();
    let out = dossier_within(
        &["entities", "--corpus", empty.path().to_str().unwrap()],
        ws.path(),
        60,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no .txt files"), "{err}");
    assert!(out.stdout.is_empty());
    #[cfg(unix)]
    {
        let fifo = empty.path().join("pipe");
        mkfifo(&fifo);
        let out = dossier_within(
            &["entities", "--corpus", fifo.to_str().unwrap()],
            ws.path(),
            60,
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("not a file or folder"), "{err}");
    }
}

/// A dossier.toml that is a folder is an error, not silently the defaults; messages give line
/// and column and no internal type names.
#[test]
fn config_problems_are_reported_where_they_are() {
    let ws = workspace_with_notes(&[]);
    std::fs::create_dir(ws.path().join("dossier.toml")).unwrap();
    let out = dossier_within(&["entities"], ws.path(), 60);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("dossier.toml: a folder"), "{err}");
    std::fs::remove_dir(ws.path().join("dossier.toml")).unwrap();
    std::fs::write(
        ws.path().join("dossier.toml"),
        "notes = [\"n/*.md\"]\ncorpus = 3\n",
    )
    .unwrap();
    // the bad entry is reported and left out; the good one and the defaults are used
    let out = dossier_within(&["entities"], ws.path(), 60);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("dossier.toml:2:10: corpus: expected a glob (text) or a list of globs, found the number 3 (entry ignored)"),
        "{err}"
    );
    assert!(
        !err.contains("StringOrList") && !err.contains("untagged"),
        "{err}"
    );
}

/// A note with three findings, checked against the example corpus: the whole output in each
/// format (the checkout's folder written `ROOT`).
fn check_fixture(format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("note.md"),
        "---\ndate: 2025-03-01\n---\n# Brief\n\nGen. Lương Tam Quang and Gen. Vilay Lakhamphong signed the 2025 cooperation plan on 14 January 2025 [@002].\nIt was signed on 31 September 2026 [@zz].\n",
    )
    .unwrap();
    let out = check_example(&["--format", format, "note.md"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = env!("CARGO_MANIFEST_DIR");
    let url_root = dossier::corpus::file_url(Path::new(root), None);
    String::from_utf8(out.stdout)
        .unwrap()
        .replace(&url_root, "file:///ROOT")
        .replace(root, "ROOT")
        .replace(r#""version": "0.1.0""#, r#""version": "VERSION""#)
}

#[test]
fn check_output_human() {
    expect![[r#"
        note.md:6:85: warning[date-mismatch]: the corpus dates this signing 12 January 2025 (002_9d85ca025dc7a69f, line 22)
           | Gen. Lương Tam Quang and Gen. Vilay Lakhamphong signed the 2025 cooperation plan on 14 January 2025 [@002].
           |                                                                                     ^^^^^^^^^^^^^^^
           = ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt:22: Vietnamese Minister of Public Security Gen. Lương Tam Quang and Lao Deputy Prime Minister, Minister of Public Security G…
           = fix: Use the corpus date: 12 January 2025
        note.md:6:101: information[unsupported-by-source]: 002_9d85ca025dc7a69f does not mention “14 January 2025”
           | Gen. Lương Tam Quang and Gen. Vilay Lakhamphong signed the 2025 cooperation plan on 14 January 2025 [@002].
           |                                                                                                     ^^^^^^
           = ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt:18: Việt Nam, Laos to boost public security cooperation
        note.md:7:18: error[invalid-date]: there is no 31 September 2026
           | It was signed on 31 September 2026 [@zz].
           |                  ^^^^^^^^^^^^^^^^^
        note.md:7:38: warning[unknown-source]: no article of the corpus matches `zz`
           | It was signed on 31 September 2026 [@zz].
           |                                      ^^
        1 error(s), 2 warning(s), 1 information, 0 hint(s) in 1 note(s)
    "#]].assert_eq(&check_fixture("human"));
}

#[test]
fn check_output_json() {
    expect![[r#"
        {"files":[{"diagnostics":[{"code":"date-mismatch","message":"the corpus dates this signing 12 January 2025 (002_9d85ca025dc7a69f, line 22)","range":{"end":{"character":99,"line":5},"start":{"character":84,"line":5}},"relatedInformation":[{"location":{"range":{"end":{"character":207,"line":21},"start":{"character":0,"line":21}},"uri":"file:///ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt"},"message":"the source says so here"}],"severity":2,"source":"dossier"},{"code":"unsupported-by-source","message":"002_9d85ca025dc7a69f does not mention “14 January 2025”","range":{"end":{"character":106,"line":5},"start":{"character":100,"line":5}},"relatedInformation":[{"location":{"range":{"end":{"character":51,"line":17},"start":{"character":0,"line":17}},"uri":"file:///ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt"},"message":"the cited article"}],"severity":3,"source":"dossier"},{"code":"invalid-date","message":"there is no 31 September 2026","range":{"end":{"character":34,"line":6},"start":{"character":17,"line":6}},"relatedInformation":[],"severity":1,"source":"dossier"},{"code":"unknown-source","message":"no article of the corpus matches `zz`","range":{"end":{"character":39,"line":6},"start":{"character":37,"line":6}},"relatedInformation":[],"severity":2,"source":"dossier"}],"path":"note.md"}],"version":1}
    "#]].assert_eq(&check_fixture("json"));
}

#[test]
fn check_output_sarif() {
    expect![[r#"
        {
          "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
          "runs": [
            {
              "columnKind": "utf16CodeUnits",
              "results": [
                {
                  "level": "warning",
                  "locations": [
                    {
                      "physicalLocation": {
                        "artifactLocation": {
                          "uri": "note.md"
                        },
                        "region": {
                          "endColumn": 100,
                          "endLine": 6,
                          "startColumn": 85,
                          "startLine": 6
                        }
                      }
                    }
                  ],
                  "message": {
                    "text": "the corpus dates this signing 12 January 2025 (002_9d85ca025dc7a69f, line 22)"
                  },
                  "relatedLocations": [
                    {
                      "id": 0,
                      "message": {
                        "text": "the source says so here"
                      },
                      "physicalLocation": {
                        "artifactLocation": {
                          "uri": "ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt"
                        },
                        "region": {
                          "endColumn": 208,
                          "endLine": 22,
                          "startColumn": 1,
                          "startLine": 22
                        }
                      }
                    }
                  ],
                  "ruleId": "date-mismatch",
                  "ruleIndex": 0
                },
                {
                  "level": "note",
                  "locations": [
                    {
                      "physicalLocation": {
                        "artifactLocation": {
                          "uri": "note.md"
                        },
                        "region": {
                          "endColumn": 107,
                          "endLine": 6,
                          "startColumn": 101,
                          "startLine": 6
                        }
                      }
                    }
                  ],
                  "message": {
                    "text": "002_9d85ca025dc7a69f does not mention “14 January 2025”"
                  },
                  "relatedLocations": [
                    {
                      "id": 0,
                      "message": {
                        "text": "the cited article"
                      },
                      "physicalLocation": {
                        "artifactLocation": {
                          "uri": "ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt"
                        },
                        "region": {
                          "endColumn": 52,
                          "endLine": 18,
                          "startColumn": 1,
                          "startLine": 18
                        }
                      }
                    }
                  ],
                  "ruleId": "unsupported-by-source",
                  "ruleIndex": 8
                },
                {
                  "level": "error",
                  "locations": [
                    {
                      "physicalLocation": {
                        "artifactLocation": {
                          "uri": "note.md"
                        },
                        "region": {
                          "endColumn": 35,
                          "endLine": 7,
                          "startColumn": 18,
                          "startLine": 7
                        }
                      }
                    }
                  ],
                  "message": {
                    "text": "there is no 31 September 2026"
                  },
                  "relatedLocations": [],
                  "ruleId": "invalid-date",
                  "ruleIndex": 4
                },
                {
                  "level": "warning",
                  "locations": [
                    {
                      "physicalLocation": {
                        "artifactLocation": {
                          "uri": "note.md"
                        },
                        "region": {
                          "endColumn": 40,
                          "endLine": 7,
                          "startColumn": 38,
                          "startLine": 7
                        }
                      }
                    }
                  ],
                  "message": {
                    "text": "no article of the corpus matches `zz`"
                  },
                  "relatedLocations": [],
                  "ruleId": "unknown-source",
                  "ruleIndex": 7
                }
              ],
              "tool": {
                "driver": {
                  "name": "dossier",
                  "rules": [
                    {
                      "helpUri": "https://example.invalid/dossier#checks",
                      "id": "date-mismatch",
                      "name": "date-mismatch",
                      "shortDescription": {
                        "text": "The claim dates a signing that the corpus dates differently."
                      }
                    },
                    {
                      "helpUri": "https://example.invalid/dossier#checks",
                      "id": "party-mismatch",
                      "name": "party-mismatch",
                      "shortDescription": {
                        "text": "The claim names as a party someone the corpus does not list among the signing's parties."
                      }
                    },
                    {
                      "helpUri": "https://example.invalid/dossier#checks",
                      "id": "name-variant",
                      "name": "name-variant",
                      "shortDescription": {
                        "text": "A name that is not a known spelling but is close to one."
                      }
                    },
                    {
                      "helpUri": "https://example.invalid/dossier#checks",
                      "id": "inconsistent-name",
                      "name": "inconsistent-name",
                      "shortDescription": {
                        "text": "The note spells one entity two ways."
                      }
                    },
                    {
                      "helpUri": "https://example.invalid/dossier#checks",
                      "id": "invalid-date",
                      "name": "invalid-date",
                      "shortDescription": {
                        "text": "No such day."
                      }
                    },
                    {
                      "helpUri": "https://example.invalid/dossier#checks",
                      "id": "weekday-mismatch",
                      "name": "weekday-mismatch",
                      "shortDescription": {
                        "text": "The weekday does not fall on that date."
                      }
                    },
                    {
                      "helpUri": "https://example.invalid/dossier#checks",
                      "id": "ambiguous-date",
                      "name": "ambiguous-date",
                      "shortDescription": {
                        "text": "A numeric date whose day and month could be swapped."
                      }
                    },
                    {
                      "helpUri": "https://example.invalid/dossier#checks",
                      "id": "unknown-source",
                      "name": "unknown-source",
                      "shortDescription": {
                        "text": "A citation that resolves to no article, or to several."
                      }
                    },
                    {
                      "helpUri": "https://example.invalid/dossier#checks",
                      "id": "unsupported-by-source",
                      "name": "unsupported-by-source",
                      "shortDescription": {
                        "text": "The claim cites an article that does not mention an entity or date of the claim."
                      }
                    }
                  ],
                  "version": "VERSION"
                }
              }
            }
          ],
          "version": "2.1.0"
        }
    "#]].assert_eq(&check_fixture("sarif"));
}

/// `dossier report`: the page to open is the last line; focused on an entity, its page; an
/// `--out` inside the corpus is one line on stderr and exit 2, and nothing is written there.
#[test]
fn report_prints_the_page_to_open_and_refuses_the_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .current_dir(example())
            .env("DOSSIER_CACHE_DIR", &cache)
            .output()
            .expect("run dossier")
    };
    let out = tmp.path().join("r");
    let o = run(&[
        "report",
        "--note",
        "notes/cooperation-brief.md",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        stdout.lines().last().unwrap(),
        out.join("index.html").to_str().unwrap()
    );
    assert!(out.join("notes/cooperation-brief.html").is_file());
    let o = run(&[
        "report",
        "--entity",
        "Lakhamfong",
        "--entity",
        "Vilay Lakhamfong",
        "--out",
        out.to_str().unwrap(),
    ]);
    // no such spelling: `Lakhamfong` alone names nothing
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "dossier: no entity named \"Lakhamfong\" in the corpus\n"
    );
    let o = run(&[
        "report",
        "--entity",
        "Vilay Lakhamfong",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().lines().last().unwrap(),
        out.join("entities/person-vilay-lakhamphong.html")
            .to_str()
            .unwrap()
    );
    // the default folder is under the cache folder
    let o = run(&["report"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let last = String::from_utf8(o.stdout).unwrap();
    let page = PathBuf::from(last.lines().last().unwrap());
    assert!(
        page.starts_with(cache.join("reports")),
        "{}",
        page.display()
    );
    assert!(page.is_file());
    let o = run(&["report", "--out", "corpus/report"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("dossier: --out corpus/report is inside ")
            && err.ends_with(", which the corpus or the notes are read from; the report is never written there: choose a folder outside it\n"),
        "{err}"
    );
    assert!(!example().join("corpus/report").exists());
}
