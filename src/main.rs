//! The `dossier` command line.

use clap::{Parser, Subcommand, ValueEnum};
use dossier::config::{self, Config};
use dossier::kb::KnowledgeBase;
use dossier::output;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// Run the language server on stdin/stdout.
    Lsp {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
        /// error, warn, info or debug (logs go to stderr and window/logMessage).
        #[arg(long, default_value = "info")]
        log_level: dossier::lsp::LogLevel,
    },
}

fn load(args: &CorpusArgs) -> Result<KnowledgeBase, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    let cfg = Config::discover(&cwd).map_err(|e| e.to_string())?;
    let (files, root) = if args.corpus.is_empty() {
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
            config::expand_corpus_args(&args.corpus).map_err(|e| e.to_string())?,
            cwd,
        )
    };
    let kb = KnowledgeBase::build(&files, &root, cfg.max_file_size);
    for w in &kb.warnings {
        eprintln!("warning: {w}");
    }
    Ok(kb)
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
        Command::Lsp { log_level, .. } => {
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
            rt.block_on(dossier::lsp::run_stdio(*log_level));
            return ExitCode::SUCCESS;
        }
    };
    let kb = match load(args) {
        Ok(kb) => kb,
        Err(e) => {
            eprintln!("dossier: {e}");
            return ExitCode::from(2);
        }
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match (&cli.command, args.format) {
        (Command::Entities(_), Format::Json) => output::write_entities_json(&kb, &mut stdout),
        (Command::Entities(_), Format::Human) => {
            stdout.write_all(output::entities_human(&kb).as_bytes())
        }
        (Command::Events(_), Format::Json) => writeln!(stdout, "{}", output::events_json(&kb)),
        (Command::Events(_), Format::Human) => {
            stdout.write_all(output::events_human(&kb).as_bytes())
        }
        (Command::Lsp { .. }, _) => Ok(()),
    };
    if let Err(e) = written.and_then(|_| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("dossier: cannot write output: {e}");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
