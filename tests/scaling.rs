//! Scaling: each step that was quadratic on long lines, repeated text or long notes (issue 12,
//! fault 4) is run on an input and on one four times as large; the time may grow about four
//! times, not sixteen. Timings are the best of three runs, and the margin is generous (a ratio
//! under 10 passes; linear work gives about 4, 6 on a loaded machine, quadratic work 16).
//!
//! These tests time real work, so they run only with `DOSSIER_SLOW_TESTS=1`, in a release
//! build (`.ci/run` does: `DOSSIER_SLOW_TESTS=1 cargo test --release --test scaling`).

use dossier::check::{KbFacts, Severities, check_note};
use dossier::kb::KnowledgeBase;
use dossier::kb::gazetteer::Gazetteer;
use dossier::lsp::position::{Encoding, Text};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn slow() -> bool {
    std::env::var_os("DOSSIER_SLOW_TESTS").is_some_and(|v| v == "1")
}

fn best_of_3(f: &mut dyn FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// Runs `make(n)` and `make(4n)` and asserts the time grew less than 10 times.
fn linear(what: &str, n: usize, mut run: impl FnMut(usize)) {
    let small = best_of_3(&mut || run(n));
    let large = best_of_3(&mut || run(4 * n));
    // below a few milliseconds the ratio is noise
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(0.002);
    eprintln!("{what}: {small:?} -> {large:?} (x{ratio:.1} for x4 input)");
    assert!(
        ratio < 10.0,
        "{what}: x4 input took x{ratio:.1} time ({small:?} -> {large:?}): a quadratic step"
    );
}

/// Prose from the example corpus, `n` bytes of it (cut on a character boundary).
fn prose(n: usize) -> String {
    static P: OnceLock<String> = OnceLock::new();
    let p = P.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laos-cooperation/corpus");
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    });
    let mut out = String::with_capacity(n + p.len());
    while out.len() < n {
        out.push_str(p);
        out.push(' ');
    }
    let cut = out.floor_char_boundary(n);
    out.truncate(cut);
    out
}

fn article(body: String) -> KnowledgeBase {
    let text = format!("A long article\n\ndate 2024-01-01\n\n{body}\n");
    KnowledgeBase::from_texts(
        vec![(PathBuf::from("/c/a.txt"), text)],
        Path::new("/c"),
        Gazetteer::builtin(),
    )
}

fn kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| {
        let ex = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laos-cooperation");
        let files = dossier::corpus::config::expand_corpus_args(&[ex.join("corpus")]).unwrap();
        KnowledgeBase::build(&files, &ex, 1 << 23)
    })
}

/// The checks' facts of `kb()`, built once.
fn facts() -> &'static KbFacts {
    static FACTS: OnceLock<KbFacts> = OnceLock::new();
    FACTS.get_or_init(|| KbFacts::new(kb()))
}

#[test]
fn a_single_line_article_indexes_in_linear_time() {
    if !slow() {
        return;
    }
    linear("single-line article, index + entities JSON", 250_000, |n| {
        let body = prose(n).replace(['\n', '\r'], " ");
        let kb = article(body);
        let mut out = Vec::new();
        dossier::cli::output::write_entities_json(&kb, &mut out).unwrap();
    });
}

#[test]
fn an_article_of_repeated_text_indexes_in_linear_time() {
    if !slow() {
        return;
    }
    let para = "The Ministry of Foreign Affairs of Viet Nam and the Government of the Lao PDR \
                signed a memorandum of understanding on cooperation in Vientiane on 12 January \
                2024, and Minister Bui Thanh Son said the agreement would deepen ties. ";
    linear("repeated text, one line", 250_000, |n| {
        let _ = article(para.repeat(n / para.len()));
    });
    // numbered, so that the lines are not repeated lines (boilerplate) of the page
    linear("repeated text, one paragraph per line", 250_000, |n| {
        let body: String = (0..n / para.len())
            .map(|i| format!("{para}({i})\n\n"))
            .collect();
        let _ = article(body);
    });
}

/// A note of `n` lines, different ones: claims, headings, citations, inline code and URLs.
fn note(n: usize) -> String {
    let mut out = String::from("---\ntitle: t\ndate: 2025-11-03\n---\n\n");
    for i in 0..n {
        let line = match i % 6 {
            0 => format!("{} Section {i} on Laos", "#".repeat(1 + i % 5)),
            1 => format!(
                "- Gen. Vilay Lakhamphong signed the cooperation plan on {} January 2025 [@00{}].",
                1 + i % 28,
                i % 6
            ),
            2 => format!(
                "The Government of Lao PDR and UNHCR signed a Cooperation Agreement on {} September 2021 in Vientiane, said Thongloun Sisoulit {i}.",
                1 + i % 28
            ),
            3 => format!(
                "See `code {i}` and https://example.org/{i} about Lao PDR [[00{}]].",
                i % 6
            ),
            4 => format!(
                "On Tuesday, {} March 2024, Somsak Phommavongsa{i} met the People's Procuracy of Udomxay Province.",
                1 + i % 28
            ),
            _ => String::new(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn checking_a_long_note_takes_linear_time() {
    if !slow() {
        return;
    }
    let kb = kb();
    for (eol, what) in [("\n", "LF"), ("\r", "CR")] {
        linear(&format!("check, {what} note lines"), 2000, |n| {
            let text = note(n).replace('\n', eol);
            let _ = check_note(kb, facts(), &text, None, &Severities::default());
        });
    }
    linear("check, one long line", 2000, |n| {
        let text = note(n).replace('\n', " ");
        let _ = check_note(kb, facts(), &text, None, &Severities::default());
    });
}

/// What the server does per request on a long note: the analysis (headings and their sections,
/// citations, mentions) and every position of it through the document's one line index.
#[test]
fn note_requests_take_linear_time() {
    if !slow() {
        return;
    }
    let kb = kb();
    let positions = |text: String| {
        let doc = Text::new(text);
        let index = dossier::check::analyze_note(kb, &doc, None);
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            let conv = doc.converter(enc);
            for h in &index.headings {
                let _ = conv.range(&(h.span.start..h.section_end));
            }
            for c in &index.citations {
                let _ = conv.range(&c.key_span);
            }
            for (r, _) in &index.mentions {
                let _ = conv.offset(conv.position(r.start));
            }
        }
    };
    linear("headings (documentSymbol)", 5000, |n| {
        let mut t = String::new();
        for i in 0..n {
            t.push_str(&format!("{} H{i} Laos\ntext\n", "#".repeat(6 - i % 6)));
        }
        positions(t);
    });
    linear("citations on one line (documentLink)", 25_000, |n| {
        positions("Việt Nam 😀 [@002] ".repeat(n));
    });
    linear("mentions on one line (semantic tokens)", 250_000, |n| {
        positions(prose(n).replace(['\n', '\r'], " "));
    });
}

/// The server, as the editor runs it (`dossier lsp` over stdio), on the example workspace,
/// through the project's one LSP client.
struct Server {
    c: dossier::lsp::client::Client,
    _cache: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let cache = tempfile::tempdir().unwrap();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"));
        cmd.arg("lsp")
            .env("DOSSIER_CACHE_DIR", cache.path())
            .stderr(std::process::Stdio::null());
        let mut s = Server {
            c: dossier::lsp::client::Client::spawn(&mut cmd).unwrap(),
            _cache: cache,
        };
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laos-cooperation");
        s.request(
            "initialize",
            serde_json::json!({"rootUri": uri(&root), "capabilities": {}}),
        );
        s.notify("initialized", serde_json::json!({}));
        // the first index is built in the background: wait until it is ready
        let t = Instant::now();
        while s.request("dossier/stats", serde_json::json!({}))["ready"] != true {
            assert!(t.elapsed() < Duration::from_secs(120), "no index");
            std::thread::sleep(Duration::from_millis(50));
        }
        s
    }

    fn notify(&mut self, method: &str, params: serde_json::Value) {
        self.c.notify(method, params).unwrap();
    }

    /// The result of a request (server requests are answered, notifications dropped).
    fn request(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        let v = self
            .c
            .request(method, params, Duration::from_secs(120))
            .expect("the server answered");
        self.c.seen.clear();
        assert!(v.get("error").is_none(), "{method}: {v}");
        v["result"].clone()
    }
}

fn uri(p: &Path) -> String {
    dossier::corpus::file_url(p, None)
}

/// Opens a note of `text` and times documentSymbol, references, documentLink, semantic tokens
/// and hover on it (the first hover includes the note's analysis).
fn requests(server: &mut Server, version: &mut i32, text: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/laos-cooperation/notes/scaling-test-note.md");
    let doc = serde_json::json!({"uri": uri(&path)});
    *version += 1;
    server.notify(
        "textDocument/didOpen",
        serde_json::json!({"textDocument": {"uri": uri(&path), "languageId": "markdown", "version": *version, "text": text}}),
    );
    // the last line's end: a position far down the note
    let lines = dossier::base::text::LineIndex::new(text);
    let last = serde_json::json!({"line": lines.line_count() - 1, "character": 5});
    let timed = |server: &mut Server, method: &str, params: serde_json::Value| {
        let t = Instant::now();
        let _ = server.request(method, params);
        if std::env::var_os("DOSSIER_SCALING_VERBOSE").is_some() {
            eprintln!("  {method} on {} bytes: {:?}", text.len(), t.elapsed());
        }
    };
    timed(
        server,
        "textDocument/hover",
        serde_json::json!({"textDocument": doc, "position": last}),
    );
    timed(
        server,
        "textDocument/documentSymbol",
        serde_json::json!({"textDocument": doc}),
    );
    timed(
        server,
        "textDocument/documentLink",
        serde_json::json!({"textDocument": doc}),
    );
    timed(
        server,
        "textDocument/semanticTokens/full",
        serde_json::json!({"textDocument": doc}),
    );
    timed(
        server,
        "textDocument/references",
        serde_json::json!({"textDocument": doc, "position": last, "context": {"includeDeclaration": true}}),
    );
    server.notify(
        "textDocument/didClose",
        serde_json::json!({"textDocument": doc}),
    );
}

#[test]
fn server_requests_on_long_notes_take_linear_time() {
    if !slow() {
        return;
    }
    let mut server = Server::start();
    let mut version = 0;
    linear("server: a note of headings naming Laos", 5000, |n| {
        let mut t = String::new();
        for i in 0..n {
            t.push_str(&format!("{} Laos {i}\n", "#".repeat(1 + i % 6)));
        }
        requests(&mut server, &mut version, &t);
    });
    linear("server: one line of citations", 10_000, |n| {
        requests(&mut server, &mut version, &"Laos 😀 [@002] ".repeat(n));
    });
    linear("server: a long note, CR line ends", 1000, |n| {
        requests(&mut server, &mut version, &note(n).replace('\n', "\r"));
    });
}
