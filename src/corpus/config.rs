//! Workspace configuration: `dossier.toml` at the workspace root, and the files it selects.

use crate::base::code::{Code, Severities, parse_level};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "dossier.toml";
pub const DEFAULT_MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// What a note is: a Markdown file. A folder given on the command line holds the notes with
/// this extension; the server checks open documents with it that are no corpus article; in a
/// workspace the note globs select them (default `**/*.md`), minus what the corpus globs select.
pub const NOTE_EXTENSION: &str = "md";
/// What an article is: a text file. A folder given as `--corpus` holds the articles with this
/// extension; in a workspace the corpus globs select them.
pub const ARTICLE_EXTENSION: &str = "txt";

/// Whether `path` has the extension of a note ([`NOTE_EXTENSION`]).
pub fn is_note_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == NOTE_EXTENSION)
}

/// Whether `path` has the extension of an article ([`ARTICLE_EXTENSION`]).
pub fn is_article_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == ARTICLE_EXTENSION)
}

/// Settings of one workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The folder that globs are relative to (where `dossier.toml` is, else the working folder).
    pub root: PathBuf,
    pub corpus: Vec<String>,
    pub notes: Vec<String>,
    /// Articles larger than this are skipped with a warning.
    pub max_file_size: u64,
    /// `[severity]`: diagnostic code → `error`, `warning`, `information`, `hint` or `off`.
    pub severity: Severities,
}

/// Where settings come from: how their keys are spelt and how problems name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingsSource {
    /// `dossier.toml`: kebab-case keys (`max-file-size`).
    Toml,
    /// The language server's settings (section `dossier`): camelCase keys (`maxFileSize`).
    Lsp,
}

/// Settings that passed validation; absent ones were not given (or were dropped).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub corpus: Option<Vec<String>>,
    pub notes: Option<Vec<String>>,
    pub max_file_size: Option<u64>,
    /// Only the valid `code = level` pairs.
    pub severity: Option<Severities>,
    /// The persistent index's folder (language server only).
    pub index_dir: Option<String>,
    /// Seconds a request may run (language server only; the transport applies it).
    pub request_timeout: Option<f64>,
}

/// A value as a person would name its type, for messages.
fn describe(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "nothing (null)".into(),
        Value::Bool(b) => format!("true/false ({b})"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 40 => "a long text".into(),
        Value::String(s) => format!("the text {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a table".into(),
    }
}

/// A glob or a list of globs, each one that compiles.
fn globs(v: &serde_json::Value) -> Result<Vec<String>, String> {
    use serde_json::Value;
    let list: Vec<String> = match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                other => Err(format!(
                    "expected a glob (text) or a list of globs, found a list holding {}",
                    describe(other)
                )),
            })
            .collect::<Result<_, _>>()?,
        other => {
            return Err(format!(
                "expected a glob (text) or a list of globs, found {}",
                describe(other)
            ));
        }
    };
    for g in &list {
        Glob::new(g).map_err(|e| format!("bad glob {g:?}: {}", e.kind()))?;
    }
    Ok(list)
}

/// The one settings validator, for `dossier.toml` and the language server's settings alike.
/// `entries`: (key as written, value, where it was written — a `file:line:column` prefix or
/// empty). Each entry is checked on its own: a bad one (or an unknown key) is left out with a
/// problem naming it, and the others are kept.
pub fn validate_settings(
    entries: impl IntoIterator<Item = (String, serde_json::Value, String)>,
    source: SettingsSource,
    problems: &mut Vec<String>,
) -> Settings {
    use serde_json::Value;
    let (max_key, index_key, timeout_key) = match source {
        SettingsSource::Toml => ("max-file-size", None, None),
        SettingsSource::Lsp => ("maxFileSize", Some("indexDir"), Some("requestTimeout")),
    };
    let known: Vec<&str> = ["corpus", "notes", max_key, "severity"]
        .into_iter()
        .chain(index_key)
        .chain(timeout_key)
        .collect();
    let mut out = Settings::default();
    for (key, value, at) in entries {
        let name = match source {
            SettingsSource::Toml => key.clone(),
            SettingsSource::Lsp => format!("dossier.{key}"),
        };
        let mut problem = |why: String| {
            problems.push(match source {
                SettingsSource::Toml => format!("{at}{name}: {why}"),
                SettingsSource::Lsp => format!("setting {name} ignored: {why}"),
            })
        };
        match key.as_str() {
            "corpus" | "notes" => match globs(&value) {
                Ok(g) if key == "corpus" => out.corpus = Some(g),
                Ok(g) => out.notes = Some(g),
                Err(why) => problem(why),
            },
            k if k == max_key => match value.as_u64() {
                Some(n) => out.max_file_size = Some(n),
                None => problem(format!(
                    "expected a whole number of bytes (0 or more), found {}",
                    describe(&value)
                )),
            },
            "severity" => match &value {
                Value::Object(map) => out.severity = Some(severities(map, &mut problem)),
                other => problem(format!(
                    "expected a table of diagnostic code = severity, found {}",
                    describe(other)
                )),
            },
            k if Some(k) == index_key => match &value {
                Value::String(d) => out.index_dir = Some(d.clone()),
                other => problem(format!(
                    "expected a folder (text), found {}",
                    describe(other)
                )),
            },
            k if Some(k) == timeout_key => {
                match value.as_f64().filter(|t| t.is_finite() && *t > 0.0) {
                    Some(t) => out.request_timeout = Some(t),
                    None => problem(format!(
                        "expected a number of seconds above 0, found {}",
                        describe(&value)
                    )),
                }
            }
            _ => problems.push(format!(
                "{at}unknown setting {name} ignored (known: {})",
                known.join(", ")
            )),
        }
    }
    out
}

/// The severities of a `severity` table (diagnostic code = level); each bad entry is left out
/// with a `problem`.
fn severities(
    map: &serde_json::Map<String, serde_json::Value>,
    problem: &mut dyn FnMut(String),
) -> Severities {
    let mut sev = Severities::default();
    for (name, level) in map {
        let Some(code) = Code::parse(name) else {
            let known: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
            problem(format!(
                "unknown diagnostic code {name:?} (known: {})",
                known.join(", ")
            ));
            continue;
        };
        match level.as_str().and_then(parse_level) {
            Some(l) => sev.set(code, l),
            None => problem(format!(
                "{name} = {}: use error, warning, information, hint or off",
                describe(level)
            )),
        }
    }
    sev
}

/// `line:column` (1-based, columns in characters) of a byte offset of `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}

/// The largest `dossier.toml` read.
pub const MAX_CONFIG_SIZE: u64 = 1 << 20;

/// A configuration problem, reported as one line.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// The defaults for a workspace without `dossier.toml`.
    pub fn defaults(root: &Path) -> Self {
        Config {
            root: root.to_path_buf(),
            corpus: ["corpus", "sources"]
                .map(|d| format!("{d}/**/*.{ARTICLE_EXTENSION}"))
                .to_vec(),
            notes: vec![format!("**/*.{NOTE_EXTENSION}")],
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            severity: Default::default(),
        }
    }

    /// Parses the text of a `dossier.toml` found in `root`: an error when it is not TOML at
    /// all; otherwise the configuration with the valid entries and the problems of the others
    /// (each `path:line:column: ...`), which were left out.
    pub fn parse_checked(root: &Path, text: &str) -> Result<(Self, Vec<String>), ConfigError> {
        use std::collections::BTreeMap;
        use toml::Spanned;
        let path = root.join(CONFIG_FILE);
        let at = |offset: usize| {
            let (l, c) = line_col(text, offset);
            format!("{}:{l}:{c}: ", path.display())
        };
        let raw: BTreeMap<Spanned<String>, Spanned<toml::Value>> =
            toml::from_str(text).map_err(|e| {
                let place = e
                    .span()
                    .map_or_else(|| format!("{}: ", path.display()), |s| at(s.start));
                ConfigError(format!("{place}not valid TOML: {}", e.message().trim()))
            })?;
        let mut entries: Vec<(usize, String, serde_json::Value, String)> = raw
            .into_iter()
            .map(|(k, v)| {
                let offset = v.span().start;
                let value = serde_json::to_value(v.get_ref()).unwrap_or(serde_json::Value::Null);
                (offset, k.into_inner(), value, at(offset))
            })
            .collect();
        entries.sort_by_key(|e| e.0);
        let mut problems = Vec::new();
        let s = validate_settings(
            entries.into_iter().map(|(_, k, v, a)| (k, v, a)),
            SettingsSource::Toml,
            &mut problems,
        );
        let mut cfg = Config::defaults(root);
        cfg.apply(&s);
        Ok((cfg, problems))
    }

    /// These settings over this configuration (what is absent stays; severities add up).
    pub fn apply(&mut self, s: &Settings) {
        if let Some(c) = &s.corpus {
            self.corpus = c.clone();
        }
        if let Some(n) = &s.notes {
            self.notes = n.clone();
        }
        if let Some(m) = s.max_file_size {
            self.max_file_size = m;
        }
        if let Some(sev) = &s.severity {
            self.severity.extend(sev);
        }
    }

    /// Loads `root/dossier.toml` (the defaults when there is none) with the problems of the
    /// entries that were left out. Errors: a file that cannot be read (a folder, a dangling
    /// symbolic link, a FIFO, over [`MAX_CONFIG_SIZE`]), is not UTF-8 or is not TOML.
    pub fn load_checked(root: &Path) -> Result<(Self, Vec<String>), ConfigError> {
        use crate::corpus::FileError;
        let path = root.join(CONFIG_FILE);
        match crate::corpus::read_regular(&path, MAX_CONFIG_SIZE) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes)
                    .map_err(|_| ConfigError(format!("{}: not valid UTF-8", path.display())))?;
                Config::parse_checked(root, &text)
            }
            Err(FileError::Missing) => {
                if std::fs::symlink_metadata(&path).is_ok() {
                    Err(ConfigError(format!(
                        "{}: a symbolic link to nothing",
                        path.display()
                    )))
                } else {
                    Ok((Config::defaults(root), Vec::new()))
                }
            }
            Err(e) => Err(ConfigError(format!("{}: {e}", path.display()))),
        }
    }

    /// Finds the workspace root: the nearest folder at or above `start` holding `dossier.toml`
    /// (of whatever kind: a folder or a dangling link there is an error, not skipped), else
    /// `start` itself. Like [`Config::load_checked`]: the problems of the entries left out.
    pub fn discover(start: &Path) -> Result<(Self, Vec<String>), ConfigError> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            if std::fs::symlink_metadata(d.join(CONFIG_FILE)).is_ok() {
                return Config::load_checked(d);
            }
            dir = d.parent();
        }
        Ok((Config::defaults(start), Vec::new()))
    }

    /// The corpus files the globs select, sorted.
    pub fn corpus_files(&self) -> Vec<PathBuf> {
        walk_globs(&self.root, &self.corpus, &[])
    }

    /// The note files: the note globs, minus anything the corpus globs select.
    pub fn note_files(&self) -> Vec<PathBuf> {
        walk_globs(&self.root, &self.notes, &self.corpus)
    }

    /// What a file watcher watches, relative to the root: the corpus and note globs and
    /// `dossier.toml` (the configuration, wherever it is found).
    pub fn watch_globs(&self) -> Vec<String> {
        let mut globs: Vec<String> = self.corpus.iter().chain(&self.notes).cloned().collect();
        globs.push(format!("**/{CONFIG_FILE}"));
        globs.dedup();
        globs
    }
}

fn glob_set(globs: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        if let Ok(glob) = Glob::new(g) {
            b.add(glob);
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

fn walk_globs(root: &Path, include: &[String], exclude: &[String]) -> Vec<PathBuf> {
    let inc = glob_set(include);
    let exc = glob_set(exclude);
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            // skip hidden folders and build output
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('.') || name == "target" || name == "node_modules")
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?.to_path_buf();
            (inc.is_match(&rel) && !exc.is_match(&rel)).then(|| e.path().to_path_buf())
        })
        .collect();
    out.sort();
    out
}

/// Expands command-line `--corpus` arguments: a file is taken as it is, a folder contributes
/// every `.txt` file below it.
pub fn expand_corpus_args(args: &[PathBuf]) -> Result<Vec<PathBuf>, ConfigError> {
    let mut out = Vec::new();
    for a in args {
        let meta =
            std::fs::metadata(a).map_err(|e| ConfigError(format!("{}: {e}", a.display())))?;
        if meta.is_file() {
            out.push(a.clone());
        } else if !meta.is_dir() {
            return Err(ConfigError(format!(
                "{}: not a file or folder (a FIFO, socket or device)",
                a.display()
            )));
        } else {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(a)
                .follow_links(true)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| is_article_file(p))
                .collect();
            if files.is_empty() {
                return Err(ConfigError(format!(
                    "{}: no .{ARTICLE_EXTENSION} files in this folder",
                    a.display()
                )));
            }
            files.sort();
            out.extend(files);
        }
    }
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A configuration that parses, with no problem.
    fn parse(text: &str) -> Config {
        let (cfg, problems) = Config::parse_checked(Path::new("/ws"), text).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        cfg
    }

    /// The error of a text that is not TOML, else the problems of the entries left out.
    fn problems(text: &str) -> ConfigError {
        match Config::parse_checked(Path::new("/ws"), text) {
            Err(e) => e,
            Ok((_, p)) => {
                assert!(!p.is_empty(), "no problem in {text:?}");
                ConfigError(p.join("\n"))
            }
        }
    }

    #[test]
    fn parses_top_level_keys() {
        let cfg = parse(
            "corpus = [\"articles/*.txt\"]\nnotes = \"notes/**/*.md\"\nmax-file-size = 1024\n",
        );
        assert_eq!(cfg.corpus, vec!["articles/*.txt"]);
        assert_eq!(cfg.notes, vec!["notes/**/*.md"]);
        assert_eq!(cfg.max_file_size, 1024);
    }

    #[test]
    fn severities_are_validated() {
        let cfg = parse("[severity]\ndate-mismatch = \"error\"\nname-variant = \"off\"\n");
        assert_eq!(
            cfg.severity.get(Code::DateMismatch),
            Some(Some(crate::base::code::Severity::Error))
        );
        assert_eq!(cfg.severity.get(Code::NameVariant), Some(None));
        let err = problems("[severity]\ndate-mismach = \"error\"\n");
        assert!(
            err.0.contains("unknown diagnostic code \"date-mismach\""),
            "{}",
            err.0
        );
        let err = problems("[severity]\ndate-mismatch = \"loud\"\n");
        assert!(
            err.0
                .contains("use error, warning, information, hint or off"),
            "{}",
            err.0
        );
    }

    #[test]
    fn defaults_when_keys_are_missing() {
        let cfg = parse("");
        assert_eq!(cfg.corpus, vec!["corpus/**/*.txt", "sources/**/*.txt"]);
        assert_eq!(cfg.notes, vec!["**/*.md"]);
    }

    #[test]
    fn bad_config_names_the_file() {
        let err = problems("corpus = 3\n");
        assert!(err.0.starts_with("/ws/dossier.toml:"), "{}", err.0);
        let err = problems("corpuss = []\n");
        assert!(err.0.contains("unknown setting corpuss"), "{}", err.0);
        let err = problems("corpus = [\"a/[\"]\n");
        assert!(err.0.contains("bad glob"), "{}", err.0);
    }

    #[test]
    fn messages_have_line_and_column_and_no_type_names() {
        let err = problems("notes = \"a\"\ncorpus = 3\n");
        assert_eq!(
            err.0,
            "/ws/dossier.toml:2:10: corpus: expected a glob (text) or a list of globs, found the number 3"
        );
        let err = problems("corpus = [\"a\",\n  1]\n");
        assert!(
            err.0.starts_with("/ws/dossier.toml:1:10: corpus:"),
            "{}",
            err.0
        );
        assert!(err.0.contains("a list holding the number 1"), "{}", err.0);
        // not TOML at all: where the parser stopped
        let err = problems("corpus = [\"a\"\nnotes = = 2\n");
        assert!(err.0.starts_with("/ws/dossier.toml:"), "{}", err.0);
        let place: Vec<&str> = err.0.split(':').collect();
        assert!(
            place[1].parse::<usize>().is_ok() && place[2].parse::<usize>().is_ok(),
            "{}",
            err.0
        );
        assert!(
            !err.0.contains("StringOrList") && !err.0.contains("untagged"),
            "{}",
            err.0
        );
    }

    #[test]
    fn one_bad_entry_is_dropped_and_the_others_kept() {
        let (cfg, problems) = Config::parse_checked(
            Path::new("/ws"),
            "corpus = [\"articles/*.txt\"]\nmax-file-size = -5\ncorpuss = 1\n[severity]\nname-variant = \"off\"\ndate-mismatch = \"loud\"\n",
        )
        .unwrap();
        assert_eq!(cfg.corpus, vec!["articles/*.txt"]);
        assert_eq!(cfg.max_file_size, DEFAULT_MAX_FILE_SIZE);
        assert_eq!(cfg.severity.get(Code::NameVariant), Some(None));
        assert_eq!(cfg.severity.get(Code::DateMismatch), None);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0]
                .starts_with("/ws/dossier.toml:2:17: max-file-size: expected a whole number"),
            "{}",
            problems[0]
        );
        assert!(problems[0].contains("-5"), "{}", problems[0]);
        assert!(
            problems[1].contains("unknown setting corpuss"),
            "{}",
            problems[1]
        );
        assert!(problems[2].contains("date-mismatch"), "{}", problems[2]);
    }

    #[test]
    fn the_settings_validator_keeps_good_entries() {
        let mut problems = Vec::new();
        let v = serde_json::json!({"corpus": ["c/*.txt"], "maxFileSize": -1, "indexDir": "x", "colour": 1});
        let s = validate_settings(
            v.as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone(), String::new())),
            SettingsSource::Lsp,
            &mut problems,
        );
        assert_eq!(s.corpus, Some(vec!["c/*.txt".to_string()]));
        assert_eq!(s.max_file_size, None);
        assert_eq!(s.index_dir.as_deref(), Some("x"));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("unknown setting dossier.colour")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("setting dossier.maxFileSize ignored")),
            "{problems:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_config_that_is_a_folder_or_dangling_link_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(CONFIG_FILE)).unwrap();
        let err = Config::discover(dir.path()).unwrap_err();
        assert!(err.0.contains("a folder"), "{}", err.0);
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(dir.path().join("gone.toml"), dir.path().join(CONFIG_FILE))
            .unwrap();
        let err = Config::discover(dir.path()).unwrap_err();
        assert!(err.0.contains("symbolic link to nothing"), "{}", err.0);
    }

    #[test]
    fn an_empty_corpus_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = expand_corpus_args(&[dir.path().to_path_buf()]).unwrap_err();
        assert!(err.0.contains("no .txt files"), "{}", err.0);
    }

    #[test]
    fn notes_exclude_corpus_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("corpus")).unwrap();
        std::fs::create_dir_all(dir.path().join("notes")).unwrap();
        std::fs::write(dir.path().join("corpus/a.txt"), "x").unwrap();
        std::fs::write(dir.path().join("corpus/readme.md"), "x").unwrap();
        std::fs::write(dir.path().join("notes/n.md"), "x").unwrap();
        let mut cfg = Config::defaults(dir.path());
        cfg.corpus = vec!["corpus/**".into()];
        assert_eq!(cfg.corpus_files().len(), 2);
        assert_eq!(cfg.note_files(), vec![dir.path().join("notes/n.md")]);
    }

    #[test]
    fn missing_corpus_folder_is_an_error() {
        let err = expand_corpus_args(&[PathBuf::from("/definitely/not/here")]).unwrap_err();
        assert!(err.0.contains("/definitely/not/here"));
    }
}
