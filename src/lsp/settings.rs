//! Settings from `initializationOptions` and `workspace/configuration` (section `dossier`):
//! `corpus` and `notes` globs and `maxFileSize`, over what `dossier.toml` says; `severity`;
//! `indexDir`.

use super::{LogLevel, State, log};
use crate::config::Config;
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::ConfigurationItem;

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub corpus: Option<Vec<String>>,
    pub notes: Option<Vec<String>>,
    pub max_file_size: Option<u64>,
    /// Severity per diagnostic code (`error`, `warning`, `information`, `hint`, `off`).
    pub severity: Option<std::collections::BTreeMap<String, String>>,
    /// The folder the persistent index is kept in (default: the user's cache folder); the
    /// empty string turns the persistent index off.
    pub index_dir: Option<String>,
    /// Seconds a request may run; read by the transport from `initializationOptions`.
    pub request_timeout: Option<f64>,
}

impl Settings {
    /// Reads settings; `{"dossier": {...}}` and `{...}` are both accepted.
    pub fn from_json(v: &Value) -> Result<Settings, String> {
        let v = v.get("dossier").unwrap_or(v);
        // some clients encode an empty table as `[]`
        if v.is_null() || v.as_array().is_some_and(Vec::is_empty) {
            return Ok(Settings::default());
        }
        serde_json::from_value(v.clone()).map_err(|e| e.to_string())
    }

    /// The workspace configuration: `dossier.toml` under `root`, then these settings. A bad
    /// setting is left out (its problem is in `problems`), never a reason not to index.
    pub fn apply_checked(&self, root: &Path, problems: &mut Vec<String>) -> Result<Config, String> {
        let mut cfg = Config::load(root).map_err(|e| e.to_string())?;
        let good_globs =
            |globs: &Vec<String>, what: &str, problems: &mut Vec<String>| -> Option<Vec<String>> {
                match globs.iter().find(|g| globset::Glob::new(g).is_err()) {
                    Some(bad) => {
                        problems.push(format!("setting dossier.{what} ignored: bad glob {bad:?}"));
                        None
                    }
                    None => Some(globs.clone()),
                }
            };
        if let Some(c) = self
            .corpus
            .as_ref()
            .and_then(|c| good_globs(c, "corpus", problems))
        {
            cfg.corpus = c;
        }
        if let Some(n) = self
            .notes
            .as_ref()
            .and_then(|n| good_globs(n, "notes", problems))
        {
            cfg.notes = n;
        }
        if let Some(m) = self.max_file_size {
            cfg.max_file_size = m;
        }
        for (code, level) in self.severity.iter().flatten() {
            if !crate::check::CODES.contains(&code.as_str()) {
                problems.push(format!(
                    "setting dossier.severity: unknown diagnostic code {code:?} ignored"
                ));
            } else if crate::check::Severity::parse(level).is_none() && level != "off" {
                problems.push(format!(
                    "setting dossier.severity: {code} = {level:?} ignored; use error, warning, information, hint or off"
                ));
            } else {
                cfg.severity.insert(code.clone(), level.clone());
            }
        }
        Ok(cfg)
    }

    /// `apply_checked` for callers that do not report problems (indexing reports them).
    pub fn apply(&self, root: &Path) -> Result<Config, String> {
        self.apply_checked(root, &mut Vec::new())
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
