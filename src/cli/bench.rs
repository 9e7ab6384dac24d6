//! `dossier bench`: whole-run figures on a corpus folder. The index is built in-process (cold
//! time, MB/s, peak memory); the language server is then started as a child process and driven
//! through its real stdio transport for request latencies, the edit-to-diagnostics time in a
//! long note, and the time for an added article to show in hover. When `rg` is installed, its
//! time to count 2,000 names in the same corpus is measured in the same run, as a yardstick.

use crate::kb::KnowledgeBase;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Peak resident memory of this process so far, in MB (Linux: VmHWM).
pub fn peak_rss_mb() -> Option<f64> {
    vm_hwm_mb("/proc/self/status")
}

fn peak_rss_of(pid: u32) -> Option<f64> {
    vm_hwm_mb(&format!("/proc/{pid}/status"))
}

fn vm_hwm_mb(status: &str) -> Option<f64> {
    let s = std::fs::read_to_string(status).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The server as a child process, through the project's one LSP client.
struct Lsp(crate::lsp::client::Client);

impl Lsp {
    fn start(exe: &Path, cache: &Path) -> std::io::Result<Lsp> {
        let mut cmd = Command::new(exe);
        cmd.args(["lsp", "--log-level", "info"])
            .env(crate::kb::index::CACHE_ENV, cache)
            .stderr(Stdio::null());
        crate::lsp::client::Client::spawn(&mut cmd).map(Lsp)
    }

    /// A request's result.
    fn request(&mut self, method: &str, params: Value) -> Option<Value> {
        let r = self.0.request(method, params, Duration::from_secs(120))?;
        // what arrived meanwhile is not looked at again
        self.0.seen.clear();
        Some(r["result"].clone())
    }

    fn notify(&mut self, method: &str, params: Value) -> std::io::Result<()> {
        self.0.notify(method, params)
    }

    fn wait(&mut self, timeout: Duration, f: impl Fn(&Value) -> bool) -> Option<Value> {
        let v = self.0.wait(timeout, f);
        self.0.seen.clear();
        v
    }

    fn pid(&self) -> u32 {
        self.0.child.id()
    }
}

fn file_uri(p: &Path) -> String {
    crate::corpus::file_url(p, None)
}

/// Runs the benchmark on `corpus` and returns the report text.
pub fn run(corpus: &Path, requests: usize, names_file: Option<&Path>) -> Result<String, String> {
    let mut out = String::new();
    let files =
        crate::corpus::config::expand_corpus_args(&[corpus.to_path_buf()]).map_err(|e| e.0)?;
    let mb = corpus_header(&mut out, corpus, &files);
    let (kb, cold) = cold_index(&mut out, corpus, &files, mb);
    let ws = Workspace::create(corpus, &kb)?;
    drop(kb);

    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    server_cold_start(&mut out, &ws, &exe)?;
    let mut lsp = server_warm_start(&mut out, &ws, &exe)?;
    let note_uri = file_uri(&ws.note_path);
    lsp.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": ws.note}}))
        .map_err(|e| e.to_string())?;
    request_latencies(&mut out, &mut lsp, &note_uri, &ws.spots, requests);
    edit_to_diagnostics(&mut out, &mut lsp, &note_uri)?;
    added_article(&mut out, &mut lsp, &ws)?;
    if let Some(p) = peak_rss_of(lsp.pid()) {
        out.push_str(&format!(
            "server peak resident memory, warm start: {p:.0} MB (target ≤ 130 MB)\n"
        ));
    }
    let _ = lsp.request("shutdown", Value::Null);
    drop(lsp);
    let _ = std::fs::remove_dir_all(&ws.dir);

    if let Some(names) = names_file.filter(|p| p.is_file()) {
        yardstick(&mut out, corpus, names, cold);
    }
    Ok(out)
}

/// The report's first lines: the corpus (files, size) and the machine; returns the corpus's MB.
fn corpus_header(out: &mut String, corpus: &Path, files: &[PathBuf]) -> f64 {
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let mb = bytes as f64 / 1e6;
    out.push_str(&format!(
        "corpus: {} ({} files, {mb:.1} MB)\n",
        corpus.display(),
        files.len()
    ));
    out.push_str(&format!(
        "machine: {} cores\n\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    ));
    mb
}

/// The cold index, in this process: the knowledge base and the seconds it took.
fn cold_index(out: &mut String, corpus: &Path, files: &[PathBuf], mb: f64) -> (KnowledgeBase, f64) {
    let t = Instant::now();
    let kb = KnowledgeBase::build(files, corpus, crate::corpus::config::DEFAULT_MAX_FILE_SIZE);
    let cold = t.elapsed().as_secs_f64();
    out.push_str(&format!(
        "cold index (read, extract, link, events): {cold:.2} s, {:.1} MB/s; {} entities, {} signings\n",
        mb / cold,
        kb.entities.iter().filter(|e| !e.mentions.is_empty()).count(),
        kb.events.len()
    ));
    if let Some(p) = peak_rss_mb() {
        out.push_str(&format!(
            "peak resident memory after the cold index: {p:.0} MB\n"
        ));
    }
    (kb, cold)
}

/// A workspace for the server: the corpus linked in, a folder for one added article, a note.
struct Workspace {
    /// The workspace folder (removed at the end).
    dir: PathBuf,
    /// The long note.
    note_path: PathBuf,
    /// The long note's text.
    note: String,
    /// Where each line of the note names an entity (line, UTF-16 column).
    spots: Vec<(u32, u32)>,
    /// The most mentioned entity's name, hovered at a warm start.
    probe: String,
}

impl Workspace {
    /// Makes the workspace in the temporary folder, with a long note naming `kb`'s entities.
    fn create(corpus: &Path, kb: &KnowledgeBase) -> Result<Workspace, String> {
        let ws = std::env::temp_dir().join(format!("dossier-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&ws);
        std::fs::create_dir_all(ws.join("extra")).map_err(|e| e.to_string())?;
        std::fs::create_dir_all(ws.join("notes")).map_err(|e| e.to_string())?;
        let abs = std::fs::canonicalize(corpus).map_err(|e| e.to_string())?;
        #[cfg(unix)]
        std::os::unix::fs::symlink(&abs, ws.join("corpus")).map_err(|e| e.to_string())?;
        std::fs::write(
            ws.join("dossier.toml"),
            "corpus = [\"corpus/**/*.txt\", \"extra/*.txt\"]\nnotes = [\"notes/*.md\"]\n",
        )
        .map_err(|e| e.to_string())?;
        let (note, spots, probe) = long_note(kb);
        let note_path = ws.join("notes/bench.md");
        std::fs::write(&note_path, &note).map_err(|e| e.to_string())?;
        Ok(Workspace {
            dir: ws,
            note_path,
            note,
            spots,
            probe,
        })
    }

    /// Starts the server on this workspace (its persistent index in `cache/`).
    fn start(&self, exe: &Path) -> Result<Lsp, String> {
        Lsp::start(exe, &self.dir.join("cache"))
            .map_err(|e| format!("cannot start the server: {e}"))
    }

    /// The `initialize` request and `initialized` notification, with this workspace as root.
    fn initialize(&self, lsp: &mut Lsp) -> Result<(), String> {
        let root = file_uri(&self.dir);
        lsp.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": {
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}),
        )
        .ok_or("initialize failed")?;
        lsp.notify("initialized", json!({}))
            .map_err(|e| e.to_string())
    }
}

/// A note of 1,000 lines naming the most mentioned entities: its text, where each line names
/// one, and the name of the most mentioned.
fn long_note(kb: &KnowledgeBase) -> (String, Vec<(u32, u32)>, String) {
    let mut top: Vec<&crate::kb::Entity> = kb
        .entities
        .iter()
        .filter(|e| e.mentions.len() > 1)
        .collect();
    top.sort_by_key(|e| std::cmp::Reverse(e.mentions.len()));
    top.truncate(200);
    let mut note = String::from("# Benchmark note\n\n");
    let mut spots: Vec<(u32, u32)> = Vec::new();
    for i in 0..998 {
        let e = top
            .get(i % top.len().max(1))
            .map_or("Laos", |e| e.name.as_str());
        spots.push((
            (note.matches('\n').count()) as u32,
            "- On 12 January 2025 ".encode_utf16().count() as u32 + 1,
        ));
        note.push_str(&format!(
            "- On 12 January 2025 {e} signed an agreement with partners [@{i}].\n"
        ));
    }
    let probe = top.first().map_or("Laos", |e| e.name.as_str()).to_string();
    (note, spots, probe)
}

/// Whether a message is the server's log line that indexing finished.
fn indexed(v: &Value) -> bool {
    v["method"] == "window/logMessage"
        && v["params"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("indexed"))
}

/// First start, no persistent index yet: the server indexes cold and writes one.
fn server_cold_start(out: &mut String, ws: &Workspace, exe: &Path) -> Result<(), String> {
    let mut lsp = ws.start(exe)?;
    let t = Instant::now();
    ws.initialize(&mut lsp)?;
    lsp.wait(Duration::from_secs(600), indexed)
        .ok_or("the server did not finish indexing")?;
    out.push_str(&format!(
        "server start to index ready, no persistent index (through LSP): {:.2} s\n",
        t.elapsed().as_secs_f64()
    ));
    let t = Instant::now();
    while lsp
        .request("dossier/stats", json!({}))
        .is_some_and(|s| s["indexSaves"].as_u64() == Some(0))
        && t.elapsed() < Duration::from_secs(300)
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    let cold_peak = peak_rss_of(lsp.pid());
    let _ = lsp.request("shutdown", Value::Null);
    drop(lsp);
    if let Some(p) = cold_peak {
        out.push_str(&format!(
            "server peak resident memory, cold start: {p:.0} MB\n"
        ));
    }
    Ok(())
}

/// Warm start: from spawning the server until a hover in a note is answered with content;
/// returns the server once it has also checked the files against the index.
fn server_warm_start(out: &mut String, ws: &Workspace, exe: &Path) -> Result<Lsp, String> {
    let warm_uri = file_uri(&ws.dir.join("notes/warm.md"));
    let t = Instant::now();
    let mut lsp = ws.start(exe)?;
    ws.initialize(&mut lsp)?;
    lsp.notify("textDocument/didOpen", json!({"textDocument": {"uri": warm_uri, "languageId": "markdown", "version": 1, "text": format!("{}\n", ws.probe)}}))
        .map_err(|e| e.to_string())?;
    let warm = poll_hover(&mut lsp, &warm_uri, 0, t, Duration::from_millis(2), |h| {
        h["contents"]["value"].is_string()
    });
    match warm {
        Some(s) => out.push_str(&format!(
            "warm start from the persistent index, spawn to first answered hover: {s:.2} s (target ≤ 0.3 s)\n"
        )),
        None => out.push_str("warm start: no hover answered within 300 s\n"),
    }
    // the files are checked against the index after it is loaded: wait for that too
    let t = Instant::now();
    while !lsp
        .request("dossier/stats", json!({}))
        .is_some_and(|s| s["ready"] == true)
        && t.elapsed() < Duration::from_secs(300)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(lsp)
}

/// Hovers at the start of line 0, column `character` of `uri` every `pause` until the answer
/// `shows` what is awaited: the seconds since `since`, or None after 300 s.
fn poll_hover(
    lsp: &mut Lsp,
    uri: &str,
    character: u32,
    since: Instant,
    pause: Duration,
    shows: impl Fn(&Value) -> bool,
) -> Option<f64> {
    while since.elapsed() < Duration::from_secs(300) {
        let h = lsp.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": character}}),
        );
        if h.as_ref().is_some_and(&shows) {
            return Some(since.elapsed().as_secs_f64());
        }
        std::thread::sleep(pause);
    }
    None
}

/// Request latencies (hover, definition, completion, workspace symbols) in the long note.
fn request_latencies(
    out: &mut String,
    lsp: &mut Lsp,
    note_uri: &str,
    spots: &[(u32, u32)],
    requests: usize,
) {
    let timed = |lsp: &mut Lsp, method: &str, params: &dyn Fn(usize) -> Value| -> Vec<f64> {
        let mut v: Vec<f64> = (0..requests)
            .filter_map(|i| {
                let t = Instant::now();
                lsp.request(method, params(i))?;
                Some(t.elapsed().as_secs_f64() * 1000.0)
            })
            .collect();
        v.sort_by(|a, b| a.total_cmp(b));
        v
    };
    let pos = |i: usize| {
        let (l, c) = spots[i % spots.len()];
        json!({"textDocument": {"uri": note_uri}, "position": {"line": l, "character": c}})
    };
    let mut line = |name: &str, v: &[f64], target: &str| {
        out.push_str(&format!(
            "{name:<22} p50 {:>7.2} ms  p99 {:>7.2} ms  ({} requests; target {target})\n",
            percentile(v, 0.5),
            percentile(v, 0.99),
            v.len()
        ));
    };
    let hover = timed(lsp, "textDocument/hover", &pos);
    line("hover", &hover, "p99 ≤ 5 ms");
    let def = timed(lsp, "textDocument/definition", &pos);
    line("definition", &def, "p99 ≤ 5 ms");
    let prefixes = ["Vi", "La", "Un", "Ch", "Ja", "In", "Ph", "Ca", "Si", "Ma"];
    let completion = timed(lsp, "textDocument/completion", &|i| {
        let (l, _) = spots[i % spots.len()];
        let _ = prefixes[i % prefixes.len()];
        json!({"textDocument": {"uri": note_uri}, "position": {"line": l, "character": 23}})
    });
    line("completion", &completion, "p99 ≤ 20 ms");
    let queries = [
        "sec", "lao", "unit", "pres", "minis", "agree", "chin", "viet", "coop", "nat",
    ];
    let symbols = timed(
        lsp,
        "workspace/symbol",
        &|i| json!({"query": queries[i % queries.len()]}),
    );
    line("workspace symbols", &symbols, "p99 ≤ 20 ms");
}

/// An edit to the long note, until its diagnostics arrive (the debounce is 300 ms).
fn edit_to_diagnostics(out: &mut String, lsp: &mut Lsp, note_uri: &str) -> Result<(), String> {
    let mut edits = Vec::new();
    for v in 2..7 {
        let t = Instant::now();
        lsp.notify("textDocument/didChange", json!({"textDocument": {"uri": note_uri, "version": v},
            "contentChanges": [{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 1}}, "text": "-"}]}))
            .map_err(|e| e.to_string())?;
        lsp.wait(Duration::from_secs(120), |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == v
        })
        .ok_or("no diagnostics after an edit")?;
        edits.push(t.elapsed().as_secs_f64() * 1000.0 - 300.0);
    }
    edits.sort_by(|a, b| a.total_cmp(b));
    out.push_str(&format!(
        "edit → diagnostics, 1,000-line note: median {:.0} ms after the 300 ms debounce (target ≤ 50 ms)\n",
        percentile(&edits, 0.5)
    ));
    Ok(())
}

/// One article added, until a hover on its new organisation shows it.
fn added_article(out: &mut String, lsp: &mut Lsp, ws: &Workspace) -> Result<(), String> {
    let art = ws.dir.join("extra/bench-added.txt");
    std::fs::write(&art, "Benchmark pact signed\ndate 2026-01-05\n\nThe Zorblax Agency for Benchmarks (ZAB) and the Quillon Institute for Latency signed a memorandum of understanding today.\n")
        .map_err(|e| e.to_string())?;
    let probe_uri = file_uri(&ws.dir.join("notes/probe.md"));
    lsp.notify("textDocument/didOpen", json!({"textDocument": {"uri": probe_uri, "languageId": "markdown", "version": 1, "text": "ZAB met.\n"}}))
        .map_err(|e| e.to_string())?;
    let t = Instant::now();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&art), "type": 1}]}),
    )
    .map_err(|e| e.to_string())?;
    let seen = poll_hover(lsp, &probe_uri, 1, t, Duration::from_millis(20), |h| {
        h["contents"]["value"]
            .as_str()
            .is_some_and(|s| s.contains("Zorblax"))
    });
    match seen {
        Some(s) => out.push_str(&format!(
            "one article added → visible in hover: {s:.2} s (target ≤ 1 s)\n"
        )),
        None => out.push_str("one article added → visible in hover: not within 300 s\n"),
    }
    Ok(())
}

/// The yardstick: `rg`'s time to count the names of `names` in the corpus, against `cold`.
fn yardstick(out: &mut String, corpus: &Path, names: &Path, cold: f64) {
    for (label, flags) in [
        ("rg -c -i -F -f NAMES", vec!["-c", "-i", "-F", "-f"]),
        ("rg -c -F -f NAMES (case-sensitive)", vec!["-c", "-F", "-f"]),
    ] {
        let t = Instant::now();
        let st = Command::new("rg")
            .args(&flags)
            .arg(names)
            .arg(corpus)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        match st {
            Ok(_) => {
                let s = t.elapsed().as_secs_f64();
                out.push_str(&format!(
                    "{label}: {s:.2} s; cold index / rg = {:.1}×\n",
                    cold / s
                ));
            }
            Err(_) => {
                out.push_str("rg not installed: no yardstick\n");
                break;
            }
        }
    }
}
