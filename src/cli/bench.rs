//! `dossier bench`: whole-run figures on a corpus folder. The index is built in-process (cold
//! time, MB/s, peak memory); the language server is then started as a child process and driven
//! through its real stdio transport for request latencies, the edit-to-diagnostics time in a
//! long note, and the time for an added article to show in hover. When `rg` is installed, its
//! time to count 2,000 names in the same corpus is measured in the same run, as a yardstick.
//! With `--growth`, the cold index and the server are measured again on copies of the corpus
//! (1×, 2×, 5×, …), one line per factor, so the way cost grows with work is visible.
//!
//! Memory is read from `/proc/PID/status` (Linux): anonymous memory (`RssAnon`: heap and
//! stacks) apart from the whole resident set (`VmRSS`, with `RssFile`, the mapped files). The
//! kernel keeps the peak of the resident set (`VmHWM`) but not of anonymous memory, so that is
//! sampled every 25 ms on a thread while the measured process runs.

use crate::kb::KnowledgeBase;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The memory targets, printed beside the figures: anonymous memory and whole resident set.
const TARGETS: &str = "targets: RssAnon ≤ 130 MB, RSS ≤ 260 MB";

/// How often a process's memory is sampled for its peak anonymous memory.
const SAMPLE_EVERY: Duration = Duration::from_millis(25);

/// Peak resident memory of this process so far, in MB (Linux: VmHWM).
pub fn peak_rss_mb() -> Option<f64> {
    Memory::read(&self_status()).map(|m| m.hwm)
}

/// This process's status file.
fn self_status() -> PathBuf {
    PathBuf::from("/proc/self/status")
}

/// A child process's status file.
fn status_of(pid: u32) -> PathBuf {
    PathBuf::from(format!("/proc/{pid}/status"))
}

/// A process's memory at one moment, in MB, as `/proc/PID/status` gives it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Memory {
    /// Anonymous resident memory (heap, stacks): `RssAnon`.
    pub anon: f64,
    /// Resident memory backed by files (the binary, mapped files): `RssFile`.
    pub file: f64,
    /// The whole resident set: `VmRSS`.
    pub rss: f64,
    /// The peak of the resident set, kept by the kernel: `VmHWM`.
    pub hwm: f64,
}

impl Memory {
    /// Reads the four figures from the text of a status file; None when one is missing or
    /// not a number of kB.
    pub fn parse(status: &str) -> Option<Memory> {
        let field = |key: &str| -> Option<f64> {
            let line = status
                .lines()
                .find(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))?;
            let mut words = line[key.len() + 1..].split_whitespace();
            let kb: f64 = words.next()?.parse().ok()?;
            (words.next() == Some("kB")).then_some(kb / 1024.0)
        };
        Some(Memory {
            anon: field("RssAnon")?,
            file: field("RssFile")?,
            rss: field("VmRSS")?,
            hwm: field("VmHWM")?,
        })
    }

    /// The memory of the process whose status file is `status`, if it can be read.
    fn read(status: &Path) -> Option<Memory> {
        Memory::parse(&std::fs::read_to_string(status).ok()?)
    }
}

/// Sets this process's peak resident set (`VmHWM`) back to its resident set now, so that a
/// later reading is the peak of what came after (Linux: `/proc/self/clear_refs`, value 5).
/// Whether that worked.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The peaks of a process's memory over a stretch of time, in MB.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Peak {
    /// The highest anonymous memory sampled.
    anon: f64,
    /// The highest resident set: the kernel's `VmHWM` at the end (or a higher sample).
    rss: f64,
}

impl Peak {
    /// Takes `m` into the peaks.
    fn add(&mut self, m: Memory) {
        self.anon = self.anon.max(m.anon);
        self.rss = self.rss.max(m.hwm).max(m.rss);
    }

    /// `peak RssAnon … MB, peak RSS … MB`.
    fn describe(&self) -> String {
        format!(
            "peak RssAnon {:.0} MB, peak RSS (VmHWM) {:.0} MB",
            self.anon, self.rss
        )
    }
}

/// A thread reading a process's status file every [`SAMPLE_EVERY`] for its peak memory.
struct Sampler {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<Option<Peak>>,
}

impl Sampler {
    /// Starts sampling the process whose status file is `status`.
    fn start(status: PathBuf) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut peak: Option<Peak> = None;
            loop {
                // one more sample after the stop is asked for: the figures at the end count
                let last = flag.load(Ordering::Relaxed);
                if let Some(m) = Memory::read(&status) {
                    peak.get_or_insert_default().add(m);
                }
                if last {
                    return peak;
                }
                std::thread::sleep(SAMPLE_EVERY);
            }
        });
        Sampler { stop, thread }
    }

    /// Stops sampling (while the process still runs): the peaks, None when the status file
    /// could never be read (not Linux).
    fn finish(self) -> Option<Peak> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().ok().flatten()
    }
}

/// A report line on a server's memory, or that it could not be read.
fn memory_line(label: &str, peak: Option<Peak>) -> String {
    match peak {
        Some(p) => format!("{label}: {} ({TARGETS})\n", p.describe()),
        None => format!("{label}: not measured (no /proc/PID/status)\n"),
    }
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
    let ws = Workspace::create(
        std::env::temp_dir().join(format!("dossier-bench-{}", std::process::id())),
        corpus,
        &kb,
    )?;
    drop(kb);

    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let (secs, peak) = server_cold_start(&ws, &exe)?;
    out.push_str(&format!(
        "server start to index ready, no persistent index (through LSP): {secs:.2} s\n"
    ));
    out.push_str(&memory_line("server memory, cold start", peak));
    let (mut lsp, warm, sampler) = server_warm_start(&ws, &exe)?;
    match warm {
        Some(s) => out.push_str(&format!(
            "warm start from the persistent index, spawn to first answered hover: {s:.2} s (target ≤ 0.3 s)\n"
        )),
        None => out.push_str("warm start: no hover answered within 300 s\n"),
    }
    let note_uri = file_uri(&ws.note_path);
    lsp.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": ws.note}}))
        .map_err(|e| e.to_string())?;
    request_latencies(&mut out, &mut lsp, &note_uri, &ws.spots, requests);
    edit_to_diagnostics(&mut out, &mut lsp, &note_uri)?;
    added_article(&mut out, &mut lsp, &ws)?;
    out.push_str(&memory_line(
        "server memory, warm start (to the end of the benchmark)",
        sampler.finish(),
    ));
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

/// A cold index built in this process, with what it took.
struct ColdIndex {
    kb: KnowledgeBase,
    /// Seconds.
    secs: f64,
    /// This process's peaks while building (the resident set's since the build began when
    /// the kernel lets it be reset, else since the process started).
    peak: Option<Peak>,
    /// This process's memory once built, the knowledge base still held.
    after: Option<Memory>,
}

impl ColdIndex {
    /// Builds the knowledge base of `files` (under `corpus`), sampling this process's memory.
    fn build(corpus: &Path, files: &[PathBuf]) -> ColdIndex {
        reset_peak();
        let sampler = Sampler::start(self_status());
        let t = Instant::now();
        let kb = KnowledgeBase::build(files, corpus, crate::corpus::config::DEFAULT_MAX_FILE_SIZE);
        let secs = t.elapsed().as_secs_f64();
        let peak = sampler.finish();
        let after = Memory::read(&self_status());
        ColdIndex {
            kb,
            secs,
            peak,
            after,
        }
    }
}

/// The cold index, in this process: the knowledge base and the seconds it took.
fn cold_index(out: &mut String, corpus: &Path, files: &[PathBuf], mb: f64) -> (KnowledgeBase, f64) {
    let c = ColdIndex::build(corpus, files);
    let (kb, cold) = (c.kb, c.secs);
    out.push_str(&format!(
        "cold index (read, extract, link, events): {cold:.2} s, {:.1} MB/s; {} entities, {} signings\n",
        mb / cold,
        kb.entities.iter().filter(|e| !e.mentions.is_empty()).count(),
        kb.events.len()
    ));
    if let (Some(p), Some(m)) = (c.peak, c.after) {
        out.push_str(&format!(
            "memory of this process, cold index: {}; after, the index held: RssAnon {:.0} MB, RSS {:.0} MB ({TARGETS})\n",
            p.describe(),
            m.anon,
            m.rss
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
    /// Makes the workspace in the folder `ws` (emptied first), with a long note naming
    /// `kb`'s entities.
    fn create(ws: PathBuf, corpus: &Path, kb: &KnowledgeBase) -> Result<Workspace, String> {
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

/// First start, no persistent index yet: the server indexes cold and writes one. The seconds
/// from `initialize` to the index ready, and the server's peak memory until the index is
/// written.
fn server_cold_start(ws: &Workspace, exe: &Path) -> Result<(f64, Option<Peak>), String> {
    let mut lsp = ws.start(exe)?;
    let sampler = Sampler::start(status_of(lsp.pid()));
    let t = Instant::now();
    ws.initialize(&mut lsp)?;
    lsp.wait(Duration::from_secs(3600), indexed)
        .ok_or("the server did not finish indexing")?;
    let secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    while lsp
        .request("dossier/stats", json!({}))
        .is_some_and(|s| s["indexSaves"].as_u64() == Some(0))
        && t.elapsed() < Duration::from_secs(300)
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    let peak = sampler.finish();
    let _ = lsp.request("shutdown", Value::Null);
    drop(lsp);
    Ok((secs, peak))
}

/// Warm start: from spawning the server until a hover in a note is answered with content
/// (the seconds, None when none came within 300 s); returns the server once it has also
/// checked the files against the index, and the sampler of its memory, still running.
fn server_warm_start(ws: &Workspace, exe: &Path) -> Result<(Lsp, Option<f64>, Sampler), String> {
    let warm_uri = file_uri(&ws.dir.join("notes/warm.md"));
    let t = Instant::now();
    let mut lsp = ws.start(exe)?;
    let sampler = Sampler::start(status_of(lsp.pid()));
    ws.initialize(&mut lsp)?;
    lsp.notify("textDocument/didOpen", json!({"textDocument": {"uri": warm_uri, "languageId": "markdown", "version": 1, "text": format!("{}\n", ws.probe)}}))
        .map_err(|e| e.to_string())?;
    let warm = poll_hover(&mut lsp, &warm_uri, 0, t, Duration::from_millis(2), |h| {
        h["contents"]["value"].is_string()
    });
    // the files are checked against the index after it is loaded: wait for that too
    let t = Instant::now();
    while !lsp
        .request("dossier/stats", json!({}))
        .is_some_and(|s| s["ready"] == true)
        && t.elapsed() < Duration::from_secs(300)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok((lsp, warm, sampler))
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

/// The factors of `--growth`, as parsed by [`parse_factors_arg`].
#[derive(Clone, Debug, PartialEq)]
pub struct Factors(pub Vec<usize>);

/// [`parse_factors`] for the command line.
pub fn parse_factors_arg(s: &str) -> Result<Factors, String> {
    parse_factors(s).map(Factors)
}

/// Parses the factors of `--growth`: whole numbers from 1 to 100 separated by commas
/// (`1,2,5,10`), kept in the order given; none may repeat.
pub fn parse_factors(s: &str) -> Result<Vec<usize>, String> {
    let mut factors: Vec<usize> = Vec::new();
    for piece in s.split(',').map(str::trim) {
        let f = piece
            .parse::<usize>()
            .ok()
            .filter(|f| (1..=100).contains(f))
            .ok_or_else(|| {
                format!("growth factors: `{piece}` is not a whole number from 1 to 100 (example: 1,2,5,10)")
            })?;
        if factors.contains(&f) {
            return Err(format!("growth factors: {f} is given twice"));
        }
        factors.push(f);
    }
    Ok(factors)
}

/// The mark that copy `k` of the corpus puts on each line: `k` right single quotation marks
/// (U+2019). The layout of a page looks through closing quotation marks at a line's end when
/// it asks whether the line ends a sentence, and a mark without letters or digits is no word,
/// so what extraction sees hardly changes; but no line of a copy is the same as in another
/// copy, as it would be with verbatim copies, of which every line would be in three articles
/// or more and so taken for site chrome.
fn copy_mark(k: usize) -> String {
    "\u{2019}".repeat(k)
}

/// The text of copy `k` of an article: every line with more than spaces and `|` on it gets
/// the mark of copy `k` after its last character that is neither (so before the closing `|`
/// of a table cell, trailing spaces and the line ending). Copy 0 is the text itself.
pub fn copy_text(text: &str, k: usize) -> String {
    if k == 0 {
        return text.to_string();
    }
    let mark = copy_mark(k);
    let edge = |c: char| c == '|' || c.is_whitespace();
    let mut out = String::with_capacity(text.len() + text.len() / 20 * mark.len());
    for line in text.split_inclusive('\n') {
        let core = line.trim_end_matches(edge);
        out.push_str(core);
        if !core.trim_start_matches(edge).is_empty() {
            out.push_str(&mark);
        }
        out.push_str(&line[core.len()..]);
    }
    out
}

/// Where copy `k` of the corpus file `file` goes in `dest`: under `copy{k}/` at the file's
/// path in `corpus`, its name marked with `-copy{k}` before the extension when `k` > 0.
fn copy_path(dest: &Path, corpus: &Path, file: &Path, k: usize) -> PathBuf {
    let rel = file
        .strip_prefix(corpus)
        .ok()
        .filter(|r| r.file_name().is_some())
        .map_or_else(
            || PathBuf::from(file.file_name().unwrap_or_default()),
            Path::to_path_buf,
        );
    let mut to = dest.join(format!("copy{k}")).join(&rel);
    if k > 0 {
        let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
        let name = match rel.extension() {
            Some(ext) => format!("{stem}-copy{k}.{}", ext.to_string_lossy()),
            None => format!("{stem}-copy{k}"),
        };
        to.set_file_name(name);
    }
    to
}

/// Writes copy `k` of `files` (under `corpus`) into `dest` ([`copy_path`]): copy 0
/// hard-linked (copied where a link cannot be made), the others with every line marked
/// ([`copy_text`]). A file that cannot be read is left out, as the index would.
fn write_copy(dest: &Path, corpus: &Path, files: &[PathBuf], k: usize) -> Result<(), String> {
    for file in files {
        let to = copy_path(dest, corpus, file, k);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot make the folder {}: {e}", dir.display()))?;
        }
        let written = if k == 0 {
            std::fs::hard_link(file, &to).or_else(|_| std::fs::copy(file, &to).map(|_| ()))
        } else {
            let Ok(bytes) = std::fs::read(file) else {
                continue;
            };
            std::fs::write(&to, copy_text(&String::from_utf8_lossy(&bytes), k))
        };
        written.map_err(|e| format!("cannot write {}: {e}", to.display()))?;
    }
    Ok(())
}

/// A folder removed, with all in it, when this is dropped (also on an early return).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `{anon} {rss}` columns of a peak, or dashes when it was not measured.
fn peak_columns(p: Option<Peak>) -> String {
    match p {
        Some(p) => format!("{:>6.0} MB {:>6.0} MB", p.anon, p.rss),
        None => format!("{:>9} {:>9}", "-", "-"),
    }
}

/// The growth curve: for each factor, a corpus of that many copies of `corpus` is made in the
/// temporary folder (never in the corpus), then indexed cold in this process, and served: a
/// first start that indexes it, then a warm start from the persistent index, timed from spawn
/// to the first answered hover, with the peaks of memory of each. One line per factor; the
/// lines also go to stderr as they are measured, as the larger factors take minutes.
pub fn growth(corpus: &Path, factors: &[usize]) -> Result<String, String> {
    let files =
        crate::corpus::config::expand_corpus_args(&[corpus.to_path_buf()]).map_err(|e| e.0)?;
    if files.is_empty() {
        return Err(format!("the corpus {} has no files", corpus.display()));
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let root = TempDir(std::env::temp_dir().join(format!("dossier-growth-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&root.0);
    let grown = root.0.join("corpus");
    std::fs::create_dir_all(&grown)
        .map_err(|e| format!("cannot make the folder {}: {e}", grown.display()))?;
    let mut out = format!(
        "\ngrowth: the corpus copied n times into {} (copy k > 0 ends every line with k `\u{2019}`, \
         so no line repeats across copies); cold index in this process, then the server: first \
         start (indexes, writes the index), warm start (spawn to first hover, peaks until the \
         files are checked); {TARGETS}\n",
        root.0.display()
    );
    let header = format!(
        "{:>6} {:>8} {:>8} {:>9} | {:>9} {:>5} {:>9} {:>9} | {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9}\n",
        "factor",
        "articles",
        "MB",
        "mentions",
        "cold idx",
        "MB/s",
        "peak anon",
        "peak RSS",
        "srv cold",
        "peak anon",
        "peak RSS",
        "warm→hov",
        "peak anon",
        "peak RSS"
    );
    out.push_str(&header);
    eprint!("{out}");
    let mut copies = 0;
    for &f in factors {
        for k in copies..f {
            write_copy(&grown, corpus, &files, k)?;
        }
        for k in f..copies {
            let _ = std::fs::remove_dir_all(grown.join(format!("copy{k}")));
        }
        copies = f;
        let files_f = crate::corpus::config::expand_corpus_args(std::slice::from_ref(&grown))
            .map_err(|e| e.0)?;
        let bytes: u64 = files_f
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        let mb = bytes as f64 / 1e6;
        let cold = ColdIndex::build(&grown, &files_f);
        let mentions: usize = cold.kb.entities.iter().map(|e| e.mentions.len()).sum();
        let ws = Workspace::create(root.0.join(format!("ws{f}")), &grown, &cold.kb)?;
        drop(cold.kb);
        let (server_secs, server_peak) = server_cold_start(&ws, &exe)?;
        let (mut lsp, warm, sampler) = server_warm_start(&ws, &exe)?;
        let warm_peak = sampler.finish();
        let _ = lsp.request("shutdown", Value::Null);
        drop(lsp);
        let _ = std::fs::remove_dir_all(&ws.dir);
        let line = format!(
            "{:>5}× {:>8} {mb:>8.1} {mentions:>9} | {:>7.2} s {:>5.1} {} | {server_secs:>7.2} s {} | {} {}\n",
            f,
            files_f.len(),
            cold.secs,
            mb / cold.secs,
            peak_columns(cold.peak),
            peak_columns(server_peak),
            warm.map_or(format!("{:>9}", "none"), |s| format!("{s:>7.2} s")),
            peak_columns(warm_peak)
        );
        eprint!("{line}");
        out.push_str(&line);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_figures_are_read_in_mb() {
        let status = "Name:\tdossier\nVmPeak:\t 2000000 kB\nVmHWM:\t  524288 kB\nVmRSS:\t  262144 kB\nRssAnon:\t  131072 kB\nRssFile:\t  130048 kB\nRssShmem:\t    1024 kB\n";
        assert_eq!(
            Memory::parse(status),
            Some(Memory {
                anon: 128.0,
                file: 127.0,
                rss: 256.0,
                hwm: 512.0
            })
        );
        // a missing field, a figure that is no number, one in other units
        assert_eq!(
            Memory::parse("VmHWM:\t1 kB\nVmRSS:\t1 kB\nRssAnon:\t1 kB\n"),
            None
        );
        assert_eq!(
            Memory::parse("VmHWM:\tx kB\nVmRSS:\t1 kB\nRssAnon:\t1 kB\nRssFile:\t1 kB\n"),
            None
        );
        assert_eq!(
            Memory::parse("VmHWM:\t1 MB\nVmRSS:\t1 kB\nRssAnon:\t1 kB\nRssFile:\t1 kB\n"),
            None
        );
        // `VmRSSx:` is not `VmRSS:`
        assert_eq!(
            Memory::parse(
                "VmRSSx:\t9 kB\nVmHWM:\t1024 kB\nVmRSS:\t2048 kB\nRssAnon:\t0 kB\nRssFile:\t3072 kB\n"
            ),
            Some(Memory {
                anon: 0.0,
                file: 3.0,
                rss: 2.0,
                hwm: 1.0
            })
        );
    }

    #[test]
    fn peaks_keep_the_highest() {
        let mut p = Peak::default();
        p.add(Memory {
            anon: 10.0,
            file: 5.0,
            rss: 15.0,
            hwm: 20.0,
        });
        p.add(Memory {
            anon: 8.0,
            file: 30.0,
            rss: 38.0,
            hwm: 38.0,
        });
        assert_eq!(
            p,
            Peak {
                anon: 10.0,
                rss: 38.0
            }
        );
        assert_eq!(p.describe(), "peak RssAnon 10 MB, peak RSS (VmHWM) 38 MB");
    }

    #[test]
    fn factors_parse() {
        assert_eq!(parse_factors("1,2,5,10"), Ok(vec![1, 2, 5, 10]));
        assert_eq!(parse_factors(" 3 , 1"), Ok(vec![3, 1]));
        assert_eq!(parse_factors("100"), Ok(vec![100]));
        assert_eq!(
            parse_factors("1,0"),
            Err(
                "growth factors: `0` is not a whole number from 1 to 100 (example: 1,2,5,10)"
                    .into()
            )
        );
        assert!(parse_factors("").is_err());
        assert!(parse_factors("1,,2").is_err());
        assert!(parse_factors("101").is_err());
        assert!(parse_factors("2.5").is_err());
        assert!(parse_factors("-1").is_err());
        assert_eq!(
            parse_factors("2,2"),
            Err("growth factors: 2 is given twice".into())
        );
    }

    #[test]
    fn copies_mark_every_line_with_text() {
        let text = "Title\ndate 2021-01-15\n\n| cap |\r\nEnd.  \n|||\n  \nlast";
        assert_eq!(copy_text(text, 0), text);
        assert_eq!(
            copy_text(text, 2),
            "Title\u{2019}\u{2019}\ndate 2021-01-15\u{2019}\u{2019}\n\n| cap\u{2019}\u{2019} |\r\nEnd.\u{2019}\u{2019}  \n|||\n  \nlast\u{2019}\u{2019}"
        );
        assert_eq!(copy_text("", 3), "");
        assert_eq!(copy_text("é\n", 1), "é\u{2019}\n");
    }

    #[test]
    fn no_line_of_a_copy_repeats_in_another() {
        use crate::corpus::layout::line_fingerprint;
        let text = "A headline\n\n| Photo caption |\nThe Minister said so.\n";
        let prints = |k: usize| -> Vec<u64> {
            copy_text(text, k)
                .lines()
                .filter_map(line_fingerprint)
                .collect()
        };
        let mut all: Vec<u64> = (0..10).flat_map(prints).collect();
        assert_eq!(all.len(), 30);
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 30);
    }

    #[test]
    fn copies_are_renamed_under_their_own_folder() {
        let (dest, corpus) = (Path::new("/tmp/g"), Path::new("/data/wh"));
        assert_eq!(
            copy_path(dest, corpus, Path::new("/data/wh/a/2021-x.txt"), 0),
            PathBuf::from("/tmp/g/copy0/a/2021-x.txt")
        );
        assert_eq!(
            copy_path(dest, corpus, Path::new("/data/wh/a/2021-x.txt"), 7),
            PathBuf::from("/tmp/g/copy7/a/2021-x-copy7.txt")
        );
        assert_eq!(
            copy_path(dest, corpus, Path::new("/data/wh/README"), 1),
            PathBuf::from("/tmp/g/copy1/README-copy1")
        );
        // a file outside the corpus folder keeps its name only
        assert_eq!(
            copy_path(dest, corpus, Path::new("/elsewhere/b.txt"), 2),
            PathBuf::from("/tmp/g/copy2/b-copy2.txt")
        );
    }
}
