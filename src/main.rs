//! The `dossier` command line.

use clap::{Parser, Subcommand, ValueEnum};
use dossier::cli::bench::Factors;
use dossier::cli::output;
use dossier::corpus::config::{self, Config};
use dossier::kb::KnowledgeBase;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// The knowledge base is millions of small allocations made on all cores; mimalloc makes
// building and loading it markedly faster than the system allocator. The cargo feature
// `system-alloc` builds with the system allocator instead, to measure the trade again.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc's own functions, linked in with it (libmimalloc-sys builds mimalloc v3).
#[cfg(not(feature = "system-alloc"))]
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    #[cfg(test)]
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
}
/// `mi_option_arena_eager_commit` in mimalloc v3's `mi_option_e`.
#[cfg(not(feature = "system-alloc"))]
const MI_OPTION_ARENA_EAGER_COMMIT: std::ffi::c_int = 4;
/// `mi_option_purge_delay` in mimalloc v3's `mi_option_e`.
#[cfg(not(feature = "system-alloc"))]
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Arenas are committed as they are used, for every command: with mimalloc's default (commit
/// whole arenas) a warm language server from the White House index held 210–216 MB
/// anonymous, with commit as used 127–150 MB, and index builds took as long. It has to be set
/// before the first allocation (the first arena is committed as it was created, and clap
/// allocates before any command runs): in a constructor, as the environment would be.
/// `MIMALLOC_ARENA_EAGER_COMMIT` in the environment still wins.
#[cfg(not(feature = "system-alloc"))]
#[used]
#[unsafe(link_section = ".init_array")]
static COMMIT_ARENAS_AS_USED: extern "C" fn() = {
    extern "C" fn commit_arenas_as_used() {
        // allocates only when the variable is set (and mimalloc then reads it itself)
        let set = std::env::var_os("MIMALLOC_ARENA_EAGER_COMMIT").is_some();
        if !set {
            // SAFETY: a plain setter of mimalloc's option table, before `main`, on the one
            // thread there is
            unsafe { mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) };
        }
    }
    commit_arenas_as_used
};

/// Memory freed is given back to the system at once: with mimalloc's default (purge after a
/// delay) the memory a run once touched stays resident, and `dossier check` on a 10 MB note
/// peaked at 250 MB where the live heap never passes 60 MB. The server and index builds keep
/// the delay: purging at once made builds and a warm start slower. `MIMALLOC_PURGE_DELAY` in
/// the environment still wins. Nothing with the system allocator.
fn bound_allocator_memory() {
    #[cfg(not(feature = "system-alloc"))]
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: a plain setter of mimalloc's option table, called from the main thread
        // before any other thread is started.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    }
}

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "A knowledge base of a news corpus for analysts' notes"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum CheckFormat {
    Human,
    Json,
    Sarif,
}

#[derive(clap::Args)]
struct CorpusArgs {
    /// A corpus folder or file (repeatable); overrides `dossier.toml`.
    #[arg(long, value_name = "PATH")]
    corpus: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(Subcommand)]
enum Command {
    /// List the entities of the corpus with their spellings and mentions.
    Entities(CorpusArgs),
    /// List the signing events of the corpus.
    Events(CorpusArgs),
    /// Check notes against the corpus (all notes of the workspace when no PATH is given).
    Check {
        /// A corpus folder or file (repeatable); overrides `dossier.toml`.
        #[arg(long, value_name = "PATH")]
        corpus: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormat,
        /// Notes (files, or folders of `.md` files).
        paths: Vec<PathBuf>,
    },
    /// Build or bring up to date the persistent index of the corpus (kept under the user's
    /// cache folder, or `$DOSSIER_CACHE_DIR`); the language server starts from it.
    Index {
        /// A corpus folder or file (repeatable); overrides `dossier.toml`.
        #[arg(long, value_name = "PATH")]
        corpus: Vec<PathBuf>,
        /// Ignore the stored index and index every article again.
        #[arg(long)]
        rebuild: bool,
    },
    /// Write a static HTML report of the corpus (overview, timeline, link chart, a page per
    /// entity, the cited articles, notes' claims) into a folder; prints the page to open last.
    Report {
        /// A corpus folder or file (repeatable); overrides `dossier.toml`.
        #[arg(long, value_name = "PATH")]
        corpus: Vec<PathBuf>,
        /// Focus on this entity (any spelling or id; repeatable): its page, signings and
        /// neighbours; the entity's page is the one to open.
        #[arg(long, value_name = "NAME")]
        entity: Vec<String>,
        /// A note whose claims are shown with what the checks found (repeatable).
        #[arg(long, value_name = "PATH")]
        note: Vec<PathBuf>,
        /// The report folder (default: `reports/` under the cache folder, named after the
        /// workspace; never inside the corpus or the notes).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Measure indexing, memory and request latencies on a corpus folder.
    Bench {
        /// The corpus folder.
        #[arg(long, value_name = "PATH")]
        corpus: PathBuf,
        /// Requests per latency figure.
        #[arg(long, default_value_t = 2000)]
        requests: usize,
        /// A file of names for the ripgrep yardstick (one per line).
        #[arg(long, value_name = "FILE")]
        names: Option<PathBuf>,
        /// Also measure the cold index and the server on this many copies of the corpus
        /// (made in the temporary folder), one line per factor: the growth curve.
        #[arg(long, value_name = "FACTORS", value_parser = dossier::cli::bench::parse_factors_arg)]
        growth: Option<Factors>,
        /// Measure only the growth curve, not the rest of the benchmark.
        #[arg(long, requires = "growth")]
        growth_only: bool,
    },
    /// Run the language server on stdin/stdout.
    Lsp {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
        /// error, warn, info or debug (logs go to stderr and window/logMessage).
        #[arg(long, default_value = "info")]
        log_level: dossier::lsp::LogLevel,
        /// Where logs go: `both` (stderr and window/logMessage), or `client` (only
        /// window/logMessage, for clients that show both in one place; stderr then carries
        /// only what cannot reach the client, such as a crash).
        #[arg(long, default_value = "both", value_parser = ["both", "client"])]
        log_to: String,
        /// Seconds a request may run before it is cancelled with an error (the client's
        /// `requestTimeout` initialization option overrides it).
        #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
        request_timeout: f64,
    },
}

/// The article files of the workspace (or of `--corpus`), the folder paths are shown relative
/// to, and the configuration.
struct Corpus {
    files: Vec<PathBuf>,
    root: PathBuf,
    cfg: Config,
    /// What the files were chosen by (globs or the `--corpus` paths).
    chosen_by: Vec<String>,
}

/// The workspace configuration: a bad entry of `dossier.toml` is a warning and left out (as
/// the server does); a file that cannot be read or is not TOML is an error.
fn discover(cwd: &Path) -> Result<Config, String> {
    let (cfg, problems) = Config::discover(cwd).map_err(|e| e.to_string())?;
    for p in problems {
        eprintln!("warning: {p} (entry ignored)");
    }
    Ok(cfg)
}

fn corpus_files(corpus: &[PathBuf]) -> Result<Corpus, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    let cfg = discover(&cwd)?;
    let (files, root) = if corpus.is_empty() {
        let files = cfg.corpus_files();
        if files.is_empty() {
            return Err(format!(
                "no corpus files found under {} (globs: {}); pass --corpus PATH",
                cfg.root.display(),
                cfg.corpus.join(", ")
            ));
        }
        (files, cfg.root.clone())
    } else {
        (
            config::expand_corpus_args(corpus).map_err(|e| e.to_string())?,
            cwd,
        )
    };
    let chosen_by = if corpus.is_empty() {
        cfg.corpus.clone()
    } else {
        corpus
            .iter()
            .map(|p| {
                std::fs::canonicalize(p)
                    .unwrap_or_else(|_| p.clone())
                    .display()
                    .to_string()
            })
            .collect()
    };
    Ok(Corpus {
        files,
        root,
        cfg,
        chosen_by,
    })
}

/// The knowledge base of the corpus: from the persistent index when `dossier index` made one
/// for this workspace (reading only the files that changed since; the index is not written),
/// else built cold.
fn load(args: &CorpusArgs) -> Result<KnowledgeBase, String> {
    use dossier::kb::index;
    let c = corpus_files(&args.corpus)?;
    let (path, identity) = index::locate(index_dir(&c), &c.root, &c.chosen_by, c.cfg.max_file_size);
    let stored = path.map(|p| index::load(&p, &identity, index::Access::Read));
    let prior = match stored {
        Some(Ok(kb)) => Some(kb),
        Some(Err(index::LoadError::Missing)) | None => None,
        Some(Err(e)) => {
            eprintln!("dossier: {e}; indexing without it (`dossier index` rebuilds it)");
            None
        }
    };
    let up = KnowledgeBase::update(
        prior.as_ref(),
        &c.files,
        &c.root,
        c.cfg.max_file_size,
        None,
        &|_, _| {},
    );
    for w in &up.warnings {
        eprintln!("warning: {w}");
    }
    let kb = up.kb.or(prior).unwrap_or_default();
    no_articles(&kb, &c)?;
    Ok(kb)
}

/// The folder of the persistent index: the cache folder, unless corpus files or notes are
/// read from it (then refused with a warning; see `index::choose_dir`).
fn index_dir(c: &Corpus) -> Option<PathBuf> {
    let patterns: Vec<PathBuf> = c
        .chosen_by
        .iter()
        .map(|g| c.root.join(g))
        .chain(c.cfg.notes.iter().map(|g| c.cfg.root.join(g)))
        .collect();
    let (dir, warnings) = dossier::kb::index::choose_dir(None, &c.root, &patterns);
    for w in warnings {
        eprintln!("warning: {w}");
    }
    dir
}

/// A corpus of which no file could be read as an article is an error, not an empty result.
fn no_articles(kb: &KnowledgeBase, c: &Corpus) -> Result<(), String> {
    if kb.articles.is_empty() {
        return Err(format!(
            "the corpus has no articles: none of its {} file(s) could be read (see the warnings above)",
            c.files.len()
        ));
    }
    Ok(())
}

/// `dossier check`: 0 when nothing at warning or above, 1 when there is, errors are `Err`.
fn check(corpus: &[PathBuf], format: CheckFormat, paths: &[PathBuf]) -> Result<u8, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    let cfg = discover(&cwd)?;
    let args = CorpusArgs {
        corpus: corpus.to_vec(),
        format: Format::Human,
    };
    let kb = load(&args)?;
    let notes = note_paths(&cfg, paths)?;
    let sev = cfg.severity.clone();
    let (notes, texts) = read_notes(&notes, cfg.max_file_size)?;
    let (reports, bad) = check_notes(&kb, &notes, &texts, &sev);
    let checked: Vec<output::CheckedNote> = notes
        .iter()
        .zip(&texts)
        .zip(&reports)
        .map(|((n, t), f)| output::CheckedNote {
            path: dossier::corpus::display_path(n, &cwd),
            text: t,
            findings: f,
        })
        .collect();
    let out = match format {
        CheckFormat::Human => output::check_human(&kb, &checked),
        CheckFormat::Json => format!("{}\n", output::check_json(&kb, &checked)),
        CheckFormat::Sarif => format!("{:#}\n", output::check_sarif(&kb, &checked)),
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(format!("cannot write output: {e}"));
    }
    Ok(u8::from(bad))
}

/// The notes `dossier check` checks: those of the workspace when no `paths` are given, else the
/// files given and the notes under the folders given; an error when there are none.
fn note_paths(cfg: &Config, paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let notes: Vec<PathBuf> = if paths.is_empty() {
        cfg.note_files()
    } else {
        let mut v = Vec::new();
        for p in paths {
            let meta = std::fs::metadata(p).map_err(|e| format!("{}: {e}", p.display()))?;
            if meta.is_dir() {
                let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                    .into_iter()
                    .filter_map(Result::ok)
                    .filter(|e| {
                        e.file_type().is_file() && dossier::corpus::config::is_note_file(e.path())
                    })
                    .map(|e| e.into_path())
                    .collect();
                found.sort();
                v.extend(found);
            } else {
                v.push(p.clone());
            }
        }
        v
    };
    if notes.is_empty() {
        return Err(if paths.is_empty() {
            format!(
                "no notes found under {} (globs: {}); nothing was checked",
                cfg.root.display(),
                cfg.notes.join(", ")
            )
        } else {
            format!(
                "no .{} notes in the paths given; nothing was checked",
                dossier::corpus::config::NOTE_EXTENSION
            )
        });
    }
    Ok(notes)
}

/// Reads the notes (their paths and texts); an error when none can be read.
fn read_notes(
    notes: &[PathBuf],
    max_file_size: u64,
) -> Result<(Vec<PathBuf>, Vec<String>), String> {
    // notes are read like articles: regular files only, the size limit, invalid UTF-8 decoded
    // with a warning; a note that cannot be read is a warning and the others are checked
    let mut read = Vec::new();
    for n in notes {
        match dossier::corpus::read_article_text(n, max_file_size) {
            dossier::corpus::ReadOutcome::Ok { text, warning } => {
                if let Some(w) = warning {
                    eprintln!("warning: {w}");
                }
                read.push((n.clone(), text));
            }
            dossier::corpus::ReadOutcome::Skipped(w) => eprintln!("warning: {w}"),
        }
    }
    if read.is_empty() {
        return Err(format!(
            "none of the {} note(s) could be read; nothing was checked",
            notes.len()
        ));
    }
    Ok(read.into_iter().unzip())
}

/// Checks each note: its findings (at most `MAX_FINDINGS_PER_NOTE`), and whether any is at
/// warning or above.
fn check_notes(
    kb: &KnowledgeBase,
    notes: &[PathBuf],
    texts: &[String],
    sev: &dossier::check::Severities,
) -> (Vec<Vec<dossier::check::Finding>>, bool) {
    use dossier::check::{KbFacts, Severity, check_note};
    let t = std::time::Instant::now();
    let mut bad = false;
    let facts = KbFacts::new(kb);
    let reports: Vec<Vec<dossier::check::Finding>> = notes
        .iter()
        .zip(texts)
        .map(|(n, text)| {
            let mut r = check_note(kb, &facts, text, n.parent(), sev).findings;
            bad |= r.iter().any(|f| f.severity <= Severity::Warning);
            // the report's size is bounded whatever the note: its first findings are shown
            if r.len() > MAX_FINDINGS_PER_NOTE {
                eprintln!(
                    "warning: {}: {} findings; only the first {MAX_FINDINGS_PER_NOTE} are reported",
                    n.display(),
                    r.len()
                );
                r.truncate(MAX_FINDINGS_PER_NOTE);
                r.shrink_to_fit();
            }
            if std::env::var_os("DOSSIER_TIMINGS").is_some() {
                eprintln!(
                    "dossier timing: checked {}: {:.3} s",
                    n.display(),
                    t.elapsed().as_secs_f64()
                );
            }
            r
        })
        .collect();
    (reports, bad)
}

/// At most this many findings of one note are reported by `dossier check` (a warning says how
/// many there were): the output and the memory it takes stay bounded for any note.
const MAX_FINDINGS_PER_NOTE: usize = 5000;

/// `dossier bench`: the benchmark's report on stdout (unless only the growth curve is asked
/// for), then the growth curve's.
fn bench(
    corpus: &Path,
    requests: usize,
    names: Option<&Path>,
    growth: &Option<Factors>,
    growth_only: bool,
) -> Result<(), String> {
    use dossier::cli::bench;
    let print = |report: &str| {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(report.as_bytes()).and_then(|_| out.flush());
    };
    if !growth_only {
        print(&bench::run(corpus, requests, names)?);
    }
    if let Some(Factors(factors)) = growth {
        print(&bench::growth(corpus, factors)?);
    }
    Ok(())
}

/// `dossier index`: loads the stored index, brings it up to date, stores it.
fn index(corpus: &[PathBuf], rebuild: bool) -> Result<(), String> {
    use dossier::kb::index;
    let start = std::time::Instant::now();
    let c = corpus_files(corpus)?;
    let dir = index_dir(&c).ok_or_else(|| {
        format!(
            "no cache folder outside the corpus and notes is known for this user; set {} to a folder",
            index::CACHE_ENV
        )
    })?;
    let (path, identity) = index::locate(Some(dir), &c.root, &c.chosen_by, c.cfg.max_file_size);
    let path = path.unwrap_or_default();
    let bar = indicatif::ProgressBar::new(c.files.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_prefix("checking files");
    let progress = |done: usize, total: usize| {
        bar.set_position(done as u64);
        if done == total {
            bar.set_message("linking");
        }
    };
    let r = index::refresh(
        &path,
        &identity,
        &c.files,
        &c.root,
        c.cfg.max_file_size,
        rebuild,
        &progress,
    );
    bar.finish_and_clear();
    match &r.not_loaded {
        None | Some(index::LoadError::Missing) => {}
        Some(_) if rebuild => {}
        Some(e) => eprintln!("dossier: {e}; rebuilding it"),
    }
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
    no_articles(&r.kb, &c)?;
    if let Some(Err(e)) = &r.saved {
        return Err(format!("cannot write the index: {e}"));
    }
    let w = r.work;
    let summary = format!(
        "{} articles: {} read, {} analysed, {} kept, {} dropped; {} entities, {} signings; {} in {:.2} s\nindex: {}\n",
        r.kb.articles.len(),
        w.read,
        w.extracted,
        w.reused,
        w.dropped,
        r.kb.entities
            .iter()
            .filter(|e| !e.mentions.is_empty())
            .count(),
        r.kb.events.len(),
        if r.saved.is_some() {
            "index written"
        } else {
            "index up to date"
        },
        start.elapsed().as_secs_f64(),
        path.display()
    );
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(summary.as_bytes())
        .and_then(|_| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(format!("cannot write output: {e}"));
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let args = match &cli.command {
        Command::Entities(a) | Command::Events(a) => a,
        Command::Bench {
            corpus,
            requests,
            names,
            growth,
            growth_only,
        } => {
            return match bench(corpus, *requests, names.as_deref(), growth, *growth_only) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("dossier: {e}");
                    ExitCode::from(2)
                }
            };
        }
        Command::Index { corpus, rebuild } => {
            return match index(corpus, *rebuild) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("dossier: {e}");
                    ExitCode::from(2)
                }
            };
        }
        Command::Check {
            corpus,
            format,
            paths,
        } => {
            // a check's memory is bounded by what it holds; index builds and the server keep
            // mimalloc's purge delay, chosen for speed
            bound_allocator_memory();
            return match check(corpus, *format, paths) {
                Ok(code) => ExitCode::from(code),
                Err(e) => {
                    eprintln!("dossier: {e}");
                    ExitCode::from(2)
                }
            };
        }
        Command::Lsp {
            log_level,
            log_to,
            request_timeout,
            ..
        } => return lsp(*log_level, log_to, *request_timeout),
        Command::Report {
            corpus,
            entity,
            note,
            out,
        } => {
            return match report(corpus, entity, note, out.as_deref()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("dossier: {e}");
                    ExitCode::from(2)
                }
            };
        }
    };
    list(&cli.command, args)
}

/// `dossier entities` and `dossier events`: loads the knowledge base and writes the list.
fn list(command: &Command, args: &CorpusArgs) -> ExitCode {
    let kb = match load(args) {
        Ok(kb) => kb,
        Err(e) => {
            eprintln!("dossier: {e}");
            return ExitCode::from(2);
        }
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match (command, args.format) {
        (Command::Entities(_), Format::Json) => output::write_entities_json(&kb, &mut stdout),
        (Command::Entities(_), Format::Human) => {
            stdout.write_all(output::entities_human(&kb).as_bytes())
        }
        (Command::Events(_), Format::Json) => writeln!(stdout, "{}", output::events_json(&kb)),
        (Command::Events(_), Format::Human) => {
            stdout.write_all(output::events_human(&kb).as_bytes())
        }
        (
            Command::Lsp { .. }
            | Command::Check { .. }
            | Command::Bench { .. }
            | Command::Report { .. }
            | Command::Index { .. },
            _,
        ) => Ok(()),
    };
    if let Err(e) = written.and_then(|_| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("dossier: cannot write output: {e}");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// `dossier report`: loads the knowledge base as `entities` does, writes the report, prints
/// what was written and, as the last line, the page to open.
fn report(
    corpus: &[PathBuf],
    entity: &[String],
    notes: &[PathBuf],
    out: Option<&Path>,
) -> Result<(), String> {
    use dossier::report;
    let c = corpus_files(corpus)?;
    // the folders corpus files and notes are read from: never written in
    let mut protected: Vec<PathBuf> = if corpus.is_empty() {
        c.cfg
            .corpus
            .iter()
            .map(|g| report::pattern_folder(&c.cfg.root.join(g)))
            .collect()
    } else {
        corpus.iter().map(|p| report::pattern_folder(p)).collect()
    };
    protected.extend(
        c.cfg
            .notes
            .iter()
            .map(|g| report::pattern_folder(&c.cfg.root.join(g)))
            // the default notes glob (`**/*.md`) is the whole workspace: its notes' own
            // folders are protected instead (below)
            .filter(|p| *p != c.cfg.root),
    );
    let out = match out {
        Some(o) => o.to_path_buf(),
        None => {
            let identity =
                dossier::kb::index::workspace_identity(&c.root, &c.chosen_by, c.cfg.max_file_size);
            report::default_out(&c.root, &identity)
        }
    };
    // refused before the corpus is read
    report::check_out(&out, &protected).map_err(|e| e.to_string())?;
    let (paths, texts) = if notes.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        read_notes(notes, c.cfg.max_file_size)?
    };
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    let args = CorpusArgs {
        corpus: corpus.to_vec(),
        format: Format::Human,
    };
    let kb = load(&args)?;
    let opts = report::Options {
        out,
        focus: entity.to_vec(),
        notes: paths
            .into_iter()
            .zip(texts)
            .map(|(path, text)| report::Note {
                display: dossier::corpus::display_path(&path, &cwd),
                path,
                text,
            })
            .collect(),
        protected,
        chart_nodes: 0,
        severities: c.cfg.severity.clone(),
    };
    let w = report::write(&kb, &opts).map_err(|e| e.to_string())?;
    let open = std::path::absolute(&w.open).unwrap_or(w.open);
    let msg = format!(
        "report: {} files in {}\n{}\n",
        w.files,
        std::path::absolute(&w.dir).unwrap_or(w.dir).display(),
        open.display()
    );
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(msg.as_bytes())
        .and_then(|_| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(format!("cannot write output: {e}"));
    }
    Ok(())
}

/// `dossier lsp`: runs the language server on stdin/stdout and ends the process with its exit
/// code.
fn lsp(log_level: dossier::lsp::LogLevel, log_to: &str, request_timeout: f64) -> ExitCode {
    if !(request_timeout.is_finite() && request_timeout > 0.0) {
        eprintln!("dossier: --request-timeout must be a positive number of seconds");
        return ExitCode::from(2);
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("dossier: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let code = rt.block_on(dossier::lsp::run_stdio(
        log_level,
        log_to != "client",
        std::time::Duration::from_secs_f64(request_timeout),
    ));
    // at once: handlers still running (a cold index, a stuck request) are not waited for
    std::process::exit(code);
}

#[cfg(all(test, not(feature = "system-alloc")))]
mod allocator_tests {
    use super::*;

    /// The option numbers name the options meant (mimalloc's enum differs between versions):
    /// after the call both read back as set.
    #[test]
    fn allocator_options_are_the_ones_meant() {
        bound_allocator_memory();
        for (option, env) in [
            (MI_OPTION_ARENA_EAGER_COMMIT, "MIMALLOC_ARENA_EAGER_COMMIT"),
            (MI_OPTION_PURGE_DELAY, "MIMALLOC_PURGE_DELAY"),
        ] {
            if std::env::var_os(env).is_none() {
                // SAFETY: a getter of mimalloc's option table
                assert_eq!(unsafe { mi_option_get(option) }, 0, "{env}");
            }
        }
        // SAFETY: as above. `os_tag`, three after `purge_delay` in v3's enum, defaults to 100:
        // the numbering is the one of the mimalloc linked in
        assert_eq!(unsafe { mi_option_get(MI_OPTION_PURGE_DELAY + 3) }, 100);
    }
}
