//! Workspace configuration: `dossier.toml` at the workspace root, and the files it selects.

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "dossier.toml";
pub const DEFAULT_MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

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
    pub severity: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    corpus: Option<StringOrList>,
    notes: Option<StringOrList>,
    max_file_size: Option<u64>,
    severity: Option<std::collections::BTreeMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum StringOrList {
    One(String),
    Many(Vec<String>),
}

impl StringOrList {
    fn into_vec(self) -> Vec<String> {
        match self {
            StringOrList::One(s) => vec![s],
            StringOrList::Many(v) => v,
        }
    }
}

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
            corpus: vec!["corpus/**/*.txt".into(), "sources/**/*.txt".into()],
            notes: vec!["**/*.md".into()],
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            severity: Default::default(),
        }
    }

    /// Parses the text of a `dossier.toml` found in `root`.
    pub fn parse(root: &Path, text: &str) -> Result<Self, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let msg = e.message().to_string();
            ConfigError(format!("{}: {msg}", root.join(CONFIG_FILE).display()))
        })?;
        let mut cfg = Config::defaults(root);
        if let Some(c) = raw.corpus {
            cfg.corpus = c.into_vec();
        }
        if let Some(n) = raw.notes {
            cfg.notes = n.into_vec();
        }
        if let Some(m) = raw.max_file_size {
            cfg.max_file_size = m;
        }
        if let Some(sev) = raw.severity {
            for (code, level) in &sev {
                if !crate::check::CODES.contains(&code.as_str()) {
                    return Err(ConfigError(format!(
                        "{}: [severity] has unknown code {code:?} (known: {})",
                        root.join(CONFIG_FILE).display(),
                        crate::check::CODES.join(", ")
                    )));
                }
                if crate::check::Severity::parse(level).is_none() && level != "off" {
                    return Err(ConfigError(format!(
                        "{}: [severity] {code} = {level:?}: use error, warning, information, hint or off",
                        root.join(CONFIG_FILE).display()
                    )));
                }
            }
            cfg.severity = sev;
        }
        for g in cfg.corpus.iter().chain(&cfg.notes) {
            Glob::new(g).map_err(|e| {
                ConfigError(format!(
                    "{}: bad glob {g:?}: {e}",
                    root.join(CONFIG_FILE).display()
                ))
            })?;
        }
        Ok(cfg)
    }

    /// Loads `root/dossier.toml`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<Self, ConfigError> {
        let path = root.join(CONFIG_FILE);
        match crate::safe_read::read_file(&path, 1 << 20) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes)
                    .map_err(|_| ConfigError(format!("{}: not valid UTF-8", path.display())))?;
                Config::parse(root, &text)
            }
            Err(e) if e.is_not_found() => Ok(Config::defaults(root)),
            Err(e) => Err(ConfigError(format!("{}: {e}", path.display()))),
        }
    }

    /// Finds the workspace root: the nearest folder at or above `start` holding `dossier.toml`,
    /// else `start` itself.
    pub fn discover(start: &Path) -> Result<Self, ConfigError> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            if d.join(CONFIG_FILE).is_file() {
                return Config::load(d);
            }
            dir = d.parent();
        }
        Ok(Config::defaults(start))
    }

    /// The corpus files the globs select, sorted.
    pub fn corpus_files(&self) -> Vec<PathBuf> {
        walk_globs(&self.root, &self.corpus, &[])
    }

    /// The note files: the note globs, minus anything the corpus globs select.
    pub fn note_files(&self) -> Vec<PathBuf> {
        walk_globs(&self.root, &self.notes, &self.corpus)
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
        } else {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(a)
                .follow_links(true)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
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

    #[test]
    fn parses_top_level_keys() {
        let cfg = Config::parse(
            Path::new("/ws"),
            "corpus = [\"articles/*.txt\"]\nnotes = \"notes/**/*.md\"\nmax-file-size = 1024\n",
        )
        .unwrap();
        assert_eq!(cfg.corpus, vec!["articles/*.txt"]);
        assert_eq!(cfg.notes, vec!["notes/**/*.md"]);
        assert_eq!(cfg.max_file_size, 1024);
    }

    #[test]
    fn severities_are_validated() {
        let cfg = Config::parse(
            Path::new("/ws"),
            "[severity]\ndate-mismatch = \"error\"\nname-variant = \"off\"\n",
        )
        .unwrap();
        assert_eq!(
            cfg.severity.get("date-mismatch").map(String::as_str),
            Some("error")
        );
        let err =
            Config::parse(Path::new("/ws"), "[severity]\ndate-mismach = \"error\"\n").unwrap_err();
        assert!(err.0.contains("unknown code \"date-mismach\""), "{}", err.0);
        let err =
            Config::parse(Path::new("/ws"), "[severity]\ndate-mismatch = \"loud\"\n").unwrap_err();
        assert!(
            err.0
                .contains("use error, warning, information, hint or off"),
            "{}",
            err.0
        );
    }

    #[test]
    fn defaults_when_keys_are_missing() {
        let cfg = Config::parse(Path::new("/ws"), "").unwrap();
        assert_eq!(cfg.corpus, vec!["corpus/**/*.txt", "sources/**/*.txt"]);
        assert_eq!(cfg.notes, vec!["**/*.md"]);
    }

    #[test]
    fn bad_config_names_the_file() {
        let err = Config::parse(Path::new("/ws"), "corpus = 3\n").unwrap_err();
        assert!(err.0.starts_with("/ws/dossier.toml:"), "{}", err.0);
        let err = Config::parse(Path::new("/ws"), "corpuss = []\n").unwrap_err();
        assert!(err.0.contains("corpuss"), "{}", err.0);
        let err = Config::parse(Path::new("/ws"), "corpus = [\"a/[\"]\n").unwrap_err();
        assert!(err.0.contains("bad glob"), "{}", err.0);
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
