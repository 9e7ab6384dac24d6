//! The persistent index from the command line: `dossier index` builds it, a second run finds it
//! up to date, a damaged or old index is rebuilt with a message, concurrent runs all succeed and
//! leave a whole index, and nothing is written into the corpus.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A copy of the example workspace and a cache folder of its own.
struct Ws {
    dir: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Ws {
    fn new() -> Ws {
        let dir = tempfile::tempdir().unwrap();
        let ex = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laos-cooperation");
        std::fs::copy(ex.join("dossier.toml"), dir.path().join("dossier.toml")).unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        for e in std::fs::read_dir(ex.join("corpus")).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, dir.path().join("corpus").join(p.file_name().unwrap())).unwrap();
        }
        Ws {
            dir,
            cache: tempfile::tempdir().unwrap(),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_dossier"));
        c.args(args)
            .current_dir(self.dir.path())
            .env("DOSSIER_CACHE_DIR", self.cache.path());
        c
    }

    fn run(&self, args: &[&str]) -> (String, String) {
        let out: Output = self.command(args).output().unwrap();
        let (o, e) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(out.status.success(), "stdout: {o}\nstderr: {e}");
        (o, e)
    }

    /// The one index file in the cache folder.
    fn index_file(&self) -> PathBuf {
        let files: Vec<PathBuf> = std::fs::read_dir(self.cache.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        files[0].clone()
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or_default()
}

/// The counts part of the summary line (`5 articles: 5 read, ...; ...`).
fn counts(s: &str) -> &str {
    first_line(s).split(';').next().unwrap()
}

#[test]
fn a_second_run_reads_nothing_and_a_changed_article_is_read_alone() {
    let ws = Ws::new();
    let (out, err) = ws.run(&["index"]);
    assert_eq!(
        counts(&out),
        "5 articles: 5 read, 5 analysed, 0 kept, 0 dropped"
    );
    assert!(first_line(&out).contains("index written"), "{out}");
    assert_eq!(err, "");
    let idx = ws.index_file();
    assert!(idx.file_name().unwrap().to_string_lossy().ends_with(".idx"));
    assert!(!idx.starts_with(ws.dir.path()));
    let (out, _) = ws.run(&["index"]);
    assert_eq!(
        counts(&out),
        "5 articles: 0 read, 0 analysed, 5 kept, 0 dropped"
    );
    assert!(first_line(&out).contains("index up to date"), "{out}");

    // one article changed, one added, one deleted
    let corpus = ws.dir.path().join("corpus");
    let changed = corpus.join("002_9d85ca025dc7a69f.txt");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\nThailand also signed the plan.\n");
    std::fs::write(&changed, text).unwrap();
    std::fs::write(
        corpus.join("005_added.txt"),
        "Talks in Vientiane\n\nLaos and Cambodia signed a memorandum of understanding on trade on 3 March 2024.\n",
    )
    .unwrap();
    std::fs::remove_file(corpus.join("000_bcd4740930e54826.txt")).unwrap();
    let (out, _) = ws.run(&["index"]);
    assert_eq!(
        counts(&out),
        "5 articles: 2 read, 2 analysed, 3 kept, 1 dropped"
    );
    // the stored index answers what a cold build answers
    let (cold, _) = ws.run(&["index", "--rebuild"]);
    assert_eq!(
        counts(&cold),
        "5 articles: 5 read, 5 analysed, 0 kept, 0 dropped"
    );
    let rest = |s: &str| first_line(s).split(';').nth(1).unwrap().to_string();
    assert_eq!(rest(&out), rest(&cold));
}

#[test]
fn a_damaged_index_is_rebuilt_with_a_message() {
    let ws = Ws::new();
    ws.run(&["index"]);
    let idx = ws.index_file();
    let mut bytes = std::fs::read(&idx).unwrap();
    // flip a byte in the body
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(&idx, &bytes).unwrap();
    let (out, err) = ws.run(&["index"]);
    assert_eq!(
        err.trim_end(),
        "dossier: index is damaged (checksum mismatch); rebuilding it"
    );
    assert_eq!(
        counts(&out),
        "5 articles: 5 read, 5 analysed, 0 kept, 0 dropped"
    );
    // cut short, and not an index at all
    let good = std::fs::read(&idx).unwrap();
    std::fs::write(&idx, &good[..good.len() - 3]).unwrap();
    let (_, err) = ws.run(&["index"]);
    assert_eq!(
        err.trim_end(),
        "dossier: index is damaged (checksum mismatch); rebuilding it"
    );
    std::fs::write(&idx, b"hello").unwrap();
    let (_, err) = ws.run(&["index"]);
    assert_eq!(
        err.trim_end(),
        "dossier: index is damaged (not a Dossier index); rebuilding it"
    );
    let (out, err) = ws.run(&["index"]);
    assert_eq!(err, "");
    assert_eq!(
        counts(&out),
        "5 articles: 0 read, 0 analysed, 5 kept, 0 dropped"
    );
}

#[test]
fn an_index_of_another_version_or_schema_is_rebuilt() {
    let ws = Ws::new();
    ws.run(&["index"]);
    let idx = ws.index_file();
    let good = std::fs::read(&idx).unwrap();
    // the tool version is in the header, after the magic and the schema number
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let at = good
        .windows(version.len())
        .position(|w| w == version)
        .unwrap();
    assert!(at < 64);
    let mut old = good.clone();
    old[at..at + version.len()].copy_from_slice(&vec![b'9'; version.len()]);
    std::fs::write(&idx, &old).unwrap();
    let (out, err) = ws.run(&["index"]);
    let nines = "9".repeat(version.len());
    assert_eq!(
        err.trim_end(),
        format!(
            "dossier: index is out of date (written by dossier {nines}, this is {}); rebuilding it",
            env!("CARGO_PKG_VERSION")
        )
    );
    assert_eq!(
        counts(&out),
        "5 articles: 5 read, 5 analysed, 0 kept, 0 dropped"
    );
    let mut other = good.clone();
    other[8..12].copy_from_slice(&999u32.to_le_bytes());
    std::fs::write(&idx, &other).unwrap();
    let (_, err) = ws.run(&["index"]);
    assert_eq!(
        err.trim_end(),
        format!(
            "dossier: index is out of date (schema 999, this version reads schema {}); rebuilding it",
            dossier::kb::index::SCHEMA
        )
    );
}

#[test]
fn concurrent_runs_all_succeed_and_leave_a_whole_index() {
    let ws = Ws::new();
    let children: Vec<_> = (0..4)
        .map(|_| {
            ws.command(&["index"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let s = String::from_utf8_lossy(&out.stdout);
        assert!(first_line(&s).starts_with("5 articles: "), "{s}");
    }
    // no temporary files left behind, and the index is whole
    ws.index_file();
    let (out, err) = ws.run(&["index"]);
    assert_eq!(err, "");
    assert_eq!(
        counts(&out),
        "5 articles: 0 read, 0 analysed, 5 kept, 0 dropped"
    );
}

#[test]
fn the_corpus_is_never_written_and_a_bad_cache_folder_is_an_error() {
    let ws = Ws::new();
    let snapshot = |d: &Path| {
        let mut v: Vec<(PathBuf, Vec<u8>)> = walk(d)
            .into_iter()
            .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
            .collect();
        v.sort();
        v
    };
    let before = snapshot(ws.dir.path());
    ws.run(&["index"]);
    ws.run(&["index", "--rebuild"]);
    assert_eq!(snapshot(ws.dir.path()), before);
    // a cache "folder" that is a file
    let file = ws.cache.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let out = ws
        .command(&["index"])
        .env("DOSSIER_CACHE_DIR", &file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.lines().last().unwrap().starts_with(&format!(
            "dossier: cannot write the index: {}/",
            file.display()
        )),
        "{err}"
    );
}

fn walk(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_closed_output_pipe_is_not_a_crash() {
    let ws = Ws::new();
    let mut child = ws
        .command(&["index"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // the reader goes away before the summary is written (as with `| head -0`)
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

#[test]
fn temporaries_of_killed_writers_are_removed_but_not_those_of_running_ones() {
    let ws = Ws::new();
    ws.run(&["index"]);
    let idx = ws.index_file();
    let name = idx.file_name().unwrap().to_string_lossy().into_owned();
    let stale = ws.cache.path().join(format!(".{name}.123-1.tmp"));
    let running = ws.cache.path().join(format!(".{name}.456-2.tmp"));
    let other = ws.cache.path().join("unrelated.tmp");
    for p in [&stale, &running, &other] {
        std::fs::write(p, "partial").unwrap();
    }
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for p in [&stale, &other] {
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
    }
    ws.run(&["index", "--rebuild"]);
    assert!(!stale.exists());
    assert!(running.exists());
    assert!(other.exists());
}

/// Runs with a time limit: a run that hangs is killed and fails.
fn within(mut c: Command, secs: u64) -> Output {
    let mut child = c
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("did not finish in {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// A FIFO where the index should be: `entities` and `index` say so and go on, never hang.
#[cfg(unix)]
#[test]
fn a_fifo_at_the_index_path_does_not_hang() {
    let ws = Ws::new();
    ws.run(&["index"]);
    let idx = ws.index_file();
    std::fs::remove_file(&idx).unwrap();
    assert!(Command::new("mkfifo").arg(&idx).status().unwrap().success());
    let out = within(ws.command(&["entities", "--format", "json"]), 60);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("a FIFO, not a regular file"), "{err}");
    let out = within(ws.command(&["index"]), 60);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the index was written over the FIFO
    assert!(std::fs::metadata(&idx).unwrap().is_file());
}

/// A cache folder inside the corpus is refused with a warning: nothing is written there.
#[test]
fn the_index_is_never_written_into_the_corpus() {
    let ws = Ws::new();
    let inside = ws.dir.path().join("corpus");
    let out = within(
        {
            let mut c = ws.command(&["index"]);
            c.env("DOSSIER_CACHE_DIR", &inside);
            c
        },
        120,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("refused"), "{err}");
    let written: Vec<PathBuf> = walk(&inside)
        .into_iter()
        .filter(|p| p.extension().is_none_or(|x| x != "txt"))
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

/// A run with nothing to save (`entities`) still removes the temporaries of killed writers.
#[test]
fn a_run_with_nothing_to_save_removes_stale_temporaries() {
    let ws = Ws::new();
    ws.run(&["index"]);
    let idx = ws.index_file();
    let name = idx.file_name().unwrap().to_string_lossy().into_owned();
    let stale = ws.cache.path().join(format!(".{name}.123-1.tmp"));
    std::fs::write(&stale, "partial").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
        .unwrap();
    ws.run(&["entities"]);
    assert!(!stale.exists());
}

/// A corpus file whose name is not valid UTF-8: the index is written and used.
#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_does_not_stop_the_index() {
    use std::os::unix::ffi::OsStrExt;
    let ws = Ws::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    let p = ws.dir.path().join("corpus").join(name);
    if std::fs::write(
        &p,
        "Laos news\n\nLaos and Thailand met in Vientiane on Monday.\n",
    )
    .is_err()
    {
        return; // a file system that takes only UTF-8 names cannot hold the case
    }
    let (out, err) = ws.run(&["index"]);
    assert!(out.contains("index written"), "{out}\n{err}");
    let (out, _) = ws.run(&["index"]);
    assert_eq!(
        counts(&out),
        "6 articles: 0 read, 0 analysed, 6 kept, 0 dropped"
    );
}

/// An index cut short while runs read it: the runs say it is damaged, none dies of a signal
/// (a mapped file that shrinks faults with SIGBUS).
#[cfg(unix)]
#[test]
fn an_index_truncated_while_read_is_no_crash() {
    use std::os::unix::process::ExitStatusExt;
    let ws = Ws::new();
    ws.run(&["index"]);
    let idx = ws.index_file();
    let whole = std::fs::read(&idx).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let cutter = {
        let (idx, whole, stop) = (idx.clone(), whole.clone(), stop.clone());
        std::thread::spawn(move || {
            use std::io::Write;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // in place, as someone truncating by hand would
                let mut f = std::fs::OpenOptions::new().write(true).open(&idx).unwrap();
                f.write_all(&whole).unwrap();
                f.set_len(whole.len() as u64 / 3).unwrap();
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
        })
    };
    for _ in 0..12 {
        let out = within(ws.command(&["entities", "--format", "json"]), 120);
        assert_eq!(
            out.status.signal(),
            None,
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    cutter.join().unwrap();
}

/// The user's cache folder inside a workspace whose notes are every `**/*.md` (the default) is
/// used: only a folder a pattern of its own reads is refused, and the index is no note.
#[test]
fn a_cache_folder_under_a_whole_workspace_notes_glob_is_used() {
    let ws = Ws::new();
    std::fs::write(
        ws.dir.path().join("dossier.toml"),
        "corpus = [\"corpus/*.txt\"]\n",
    )
    .unwrap();
    let cache = ws.dir.path().join("cache");
    let mut c = ws.command(&["index"]);
    c.env("DOSSIER_CACHE_DIR", &cache);
    let out = within(c, 120);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("refused"), "{err}");
    let files: Vec<PathBuf> = walk(&cache)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "idx"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
}
