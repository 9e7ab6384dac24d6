//! Settings from `initializationOptions` and `workspace/configuration` (section `dossier`):
//! `corpus` and `notes` globs and `maxFileSize`, over what `dossier.toml` says; `severity`;
//! `indexDir`.

use super::{LogLevel, State, log};
use crate::corpus::config::Config;
use serde_json::Value;
use std::path::Path;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::ConfigurationItem;

/// The server's settings: the entries that passed the one settings validator
/// ([`crate::corpus::config::validate_settings`], the same as `dossier.toml`'s) and the problems of
/// those left out. `values.index_dir`: the folder the persistent index is kept in (default: the
/// user's cache folder; `""` turns it off; see [`Settings::index_location`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub values: crate::corpus::config::Settings,
    /// The entries that were left out, and why (reported when indexing).
    pub problems: Vec<String>,
}

impl Settings {
    /// Reads settings; `{"dossier": {...}}` and `{...}` are both accepted. Each entry is
    /// validated on its own by the one settings validator ([`crate::corpus::config::validate_settings`],
    /// which `dossier.toml` goes through too): a bad or unknown entry is left out with a
    /// problem, the others are kept. Only settings that are not an object at all are an error.
    pub fn from_json(v: &Value) -> Result<Settings, String> {
        let v = v.get("dossier").unwrap_or(v);
        // some clients encode an empty table as `[]`
        if v.is_null() || v.as_array().is_some_and(Vec::is_empty) {
            return Ok(Settings::default());
        }
        let Some(map) = v.as_object() else {
            return Err("settings must be an object of dossier.* entries".into());
        };
        let mut problems = Vec::new();
        let values = crate::corpus::config::validate_settings(
            map.iter()
                .map(|(k, v)| (k.clone(), v.clone(), String::new())),
            crate::corpus::config::SettingsSource::Lsp,
            &mut problems,
        );
        Ok(Settings { values, problems })
    }

    /// The workspace configuration: `dossier.toml` under `root`, then these settings. A bad
    /// entry of either is left out (its problem is in `problems`), never a reason not to
    /// index; only a `dossier.toml` that cannot be read or parsed at all is an error.
    pub fn apply_checked(&self, root: &Path, problems: &mut Vec<String>) -> Result<Config, String> {
        let (mut cfg, toml_problems) = Config::load_checked(root).map_err(|e| e.to_string())?;
        problems.extend(
            toml_problems
                .into_iter()
                .map(|p| format!("{p} (entry ignored)")),
        );
        problems.extend(self.problems.iter().cloned());
        cfg.apply(&self.values);
        Ok(cfg)
    }

    /// `apply_checked` for callers that do not report problems (indexing reports them).
    pub fn apply(&self, root: &Path) -> Result<Config, String> {
        self.apply_checked(root, &mut Vec::new())
    }

    /// Where the persistent index of `cfg`'s workspace goes (None: nowhere) and the
    /// workspace's identity, with the problems of the `indexDir` setting: relative to the
    /// workspace root; refused (with a problem, falling back to the cache folder) when corpus
    /// files or notes are read from it; `""` turns the index off.
    pub fn index_location(
        &self,
        cfg: &Config,
    ) -> (Option<std::path::PathBuf>, String, Vec<String>) {
        let patterns: Vec<std::path::PathBuf> = cfg
            .corpus
            .iter()
            .chain(&cfg.notes)
            .map(|g| cfg.root.join(g))
            .collect();
        let (dir, problems) = match self.values.index_dir.as_deref() {
            Some("") => (None, Vec::new()),
            d => crate::kb::index::choose_dir(d.map(Path::new), &cfg.root, &patterns),
        };
        let identity =
            crate::kb::index::workspace_identity(&cfg.root, &cfg.corpus, cfg.max_file_size);
        let path = dir.map(|d| crate::kb::index::index_path(&d, &cfg.root, &identity));
        (path, identity, problems)
    }
}

/// Asks the client for the `dossier` section when it can answer.
pub async fn pull(client: &Client, state: &State) {
    let can = state.flags().configuration;
    if !can {
        return;
    }
    let item = ConfigurationItem {
        scope_uri: None,
        section: Some("dossier".into()),
    };
    match client.configuration(vec![item]).await {
        Ok(values) => {
            if let Some(v) = values.first()
                && !v.is_null()
            {
                set(client, state, v).await;
            }
        }
        Err(e) => {
            log(
                client,
                state,
                LogLevel::Warn,
                format!("workspace/configuration failed: {e}"),
            )
            .await
        }
    }
}

async fn set(client: &Client, state: &State, v: &Value) {
    match Settings::from_json(v) {
        Ok(s) => {
            *state
                .settings
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = s;
        }
        Err(e) => {
            log(
                client,
                state,
                LogLevel::Warn,
                format!("dossier settings ignored: {e}"),
            )
            .await
        }
    }
}

/// `workspace/didChangeConfiguration`: settings pushed with it, else pulled.
pub async fn changed(client: &Client, state: &State, pushed: Value) {
    if pushed.get("dossier").is_some() {
        set(client, state, &pushed).await;
    } else {
        pull(client, state).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A negative `maxFileSize` next to a good `corpus`: only the bad entry is dropped.
    #[test]
    fn one_bad_setting_keeps_the_others() {
        let s = Settings::from_json(&json!({"dossier": {
            "corpus": ["articles/*.txt"], "maxFileSize": -1, "sevrity": {}
        }}))
        .unwrap();
        assert_eq!(s.values.corpus, Some(vec!["articles/*.txt".to_string()]));
        assert_eq!(s.values.max_file_size, None);
        assert_eq!(s.problems.len(), 2, "{:?}", s.problems);
        assert!(
            s.problems[0].contains("dossier.maxFileSize"),
            "{:?}",
            s.problems
        );
        assert!(
            s.problems[1].contains("unknown setting dossier.sevrity"),
            "{:?}",
            s.problems
        );
        let dir = tempfile::tempdir().unwrap();
        let mut problems = Vec::new();
        let cfg = s.apply_checked(dir.path(), &mut problems).unwrap();
        assert_eq!(cfg.corpus, vec!["articles/*.txt"]);
        assert_eq!(problems, s.problems);
    }

    /// A relative `indexDir` is relative to the workspace root and never inside the corpus.
    #[test]
    fn index_dir_is_relative_to_the_root_and_outside_the_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let mut cfg = Config::defaults(root);
        cfg.notes = vec!["notes/**/*.md".into()];
        let s = Settings::from_json(&json!({"indexDir": "corpus"})).unwrap();
        let (path, _, problems) = s.index_location(&cfg);
        assert!(
            path.as_ref()
                .is_none_or(|p| !p.starts_with(root.join("corpus"))),
            "{path:?}"
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        let s = Settings::from_json(&json!({"indexDir": "cache"})).unwrap();
        let (path, _, problems) = s.index_location(&cfg);
        assert_eq!(path.unwrap().parent(), Some(root.join("cache").as_path()));
        assert!(problems.is_empty());
        let s = Settings::from_json(&json!({"indexDir": ""})).unwrap();
        assert_eq!(s.index_location(&cfg).0, None);
    }
}
