//! `dossier bench`: whole-run figures on a corpus folder. The index is built in-process (cold
//! time, MB/s, peak memory); the language server is then started as a child process and driven
//! through its real stdio transport for request latencies, the edit-to-diagnostics time in a
//! long note, and the time for an added article to show in hover. When `rg` is installed, its
//! time to count 2,000 names in the same corpus is measured in the same run, as a yardstick.

use crate::kb::KnowledgeBase;
use serde_json::{Value, json};
use std::path::Path;
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

    // cold index, in this process
    let t = Instant::now();
    let kb = KnowledgeBase::build(&files, corpus, crate::corpus::config::DEFAULT_MAX_FILE_SIZE);
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

    // a workspace for the server: the corpus linked in, a folder for one added article, a note
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
    // a note of 1,000 lines naming the most mentioned entities
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
    let note_path = ws.join("notes/bench.md");
    std::fs::write(&note_path, &note).map_err(|e| e.to_string())?;
    let top: Vec<crate::kb::Entity> = top.into_iter().take(1).cloned().collect();
    drop(kb);

    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let cache = ws.join("cache");
    let root = file_uri(&ws);
    let initialize = |lsp: &mut Lsp| -> Result<(), String> {
        lsp.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": {
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}),
        )
        .ok_or("initialize failed")?;
        lsp.notify("initialized", json!({}))
            .map_err(|e| e.to_string())
    };
    let indexed = |v: &Value| {
        v["method"] == "window/logMessage"
            && v["params"]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("indexed"))
    };

    // first start: no persistent index yet, the server indexes cold and writes one
    let mut lsp = Lsp::start(&exe, &cache).map_err(|e| format!("cannot start the server: {e}"))?;
    let t = Instant::now();
    initialize(&mut lsp)?;
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

    // warm start: from spawning the server until a hover in a note is answered with content
    let probe = top.first().map_or("Laos", |e| e.name.as_str()).to_string();
    let warm_uri = file_uri(&ws.join("notes/warm.md"));
    let t = Instant::now();
    let mut lsp = Lsp::start(&exe, &cache).map_err(|e| format!("cannot start the server: {e}"))?;
    initialize(&mut lsp)?;
    lsp.notify("textDocument/didOpen", json!({"textDocument": {"uri": warm_uri, "languageId": "markdown", "version": 1, "text": format!("{probe}\n")}}))
        .map_err(|e| e.to_string())?;
    let mut warm = None;
    while t.elapsed() < Duration::from_secs(300) {
        let h = lsp.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": warm_uri}, "position": {"line": 0, "character": 0}}),
        );
        if h.is_some_and(|h| h["contents"]["value"].is_string()) {
            warm = Some(t.elapsed().as_secs_f64());
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
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
    let note_uri = file_uri(&note_path);
    lsp.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": note}}))
        .map_err(|e| e.to_string())?;

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
    let hover = timed(&mut lsp, "textDocument/hover", &pos);
    line("hover", &hover, "p99 ≤ 5 ms");
    let def = timed(&mut lsp, "textDocument/definition", &pos);
    line("definition", &def, "p99 ≤ 5 ms");
    let prefixes = ["Vi", "La", "Un", "Ch", "Ja", "In", "Ph", "Ca", "Si", "Ma"];
    let completion = timed(&mut lsp, "textDocument/completion", &|i| {
        let (l, _) = spots[i % spots.len()];
        let _ = prefixes[i % prefixes.len()];
        json!({"textDocument": {"uri": note_uri}, "position": {"line": l, "character": 23}})
    });
    line("completion", &completion, "p99 ≤ 20 ms");
    let queries = [
        "sec", "lao", "unit", "pres", "minis", "agree", "chin", "viet", "coop", "nat",
    ];
    let symbols = timed(
        &mut lsp,
        "workspace/symbol",
        &|i| json!({"query": queries[i % queries.len()]}),
    );
    line("workspace symbols", &symbols, "p99 ≤ 20 ms");

    // an edit to the long note, until its diagnostics arrive (the debounce is 300 ms)
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

    // one article added, until a hover on its new organisation shows it
    let art = ws.join("extra/bench-added.txt");
    std::fs::write(&art, "Benchmark pact signed\ndate 2026-01-05\n\nThe Zorblax Agency for Benchmarks (ZAB) and the Quillon Institute for Latency signed a memorandum of understanding today.\n")
        .map_err(|e| e.to_string())?;
    let probe_uri = file_uri(&ws.join("notes/probe.md"));
    lsp.notify("textDocument/didOpen", json!({"textDocument": {"uri": probe_uri, "languageId": "markdown", "version": 1, "text": "ZAB met.\n"}}))
        .map_err(|e| e.to_string())?;
    let t = Instant::now();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&art), "type": 1}]}),
    )
    .map_err(|e| e.to_string())?;
    let mut seen = None;
    while t.elapsed() < Duration::from_secs(300) {
        let h = lsp.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": probe_uri}, "position": {"line": 0, "character": 1}}),
        );
        if h.as_ref().is_some_and(|h| {
            h["contents"]["value"]
                .as_str()
                .is_some_and(|s| s.contains("Zorblax"))
        }) {
            seen = Some(t.elapsed().as_secs_f64());
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    match seen {
        Some(s) => out.push_str(&format!(
            "one article added → visible in hover: {s:.2} s (target ≤ 1 s)\n"
        )),
        None => out.push_str("one article added → visible in hover: not within 300 s\n"),
    }
    if let Some(p) = peak_rss_of(lsp.pid()) {
        out.push_str(&format!(
            "server peak resident memory, warm start: {p:.0} MB (target ≤ 130 MB)\n"
        ));
    }
    let _ = lsp.request("shutdown", Value::Null);
    drop(lsp);
    let _ = std::fs::remove_dir_all(&ws);

    // the yardstick
    if let Some(names) = names_file.filter(|p| p.is_file()) {
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
    Ok(out)
}
