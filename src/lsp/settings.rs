//! Settings from `initializationOptions` and `workspace/configuration` (section `dossier`):
//! `corpus` and `notes` globs and `maxFileSize`, over what `dossier.toml` says.

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

    /// The workspace configuration: `dossier.toml` under `root`, then these settings.
    pub fn apply(&self, root: &Path) -> Result<Config, String> {
        let mut cfg = Config::load(root).map_err(|e| e.to_string())?;
        if let Some(c) = &self.corpus {
            cfg.corpus = c.clone();
        }
        if let Some(n) = &self.notes {
            cfg.notes = n.clone();
        }
        if let Some(m) = self.max_file_size {
            cfg.max_file_size = m;
        }
        if let Some(sev) = &self.severity {
            for (code, level) in sev {
                if !crate::check::CODES.contains(&code.as_str()) {
                    return Err(format!("unknown diagnostic code {code:?} in settings"));
                }
                if crate::check::Severity::parse(level).is_none() && level != "off" {
                    return Err(format!(
                        "severity {level:?} for {code}: use error, warning, information, hint or off"
                    ));
                }
            }
            cfg.severity.extend(sev.clone());
        }
        for g in cfg.corpus.iter().chain(&cfg.notes) {
            globset::Glob::new(g).map_err(|e| format!("bad glob {g:?} in settings: {e}"))?;
        }
        Ok(cfg)
    }
}

/// Asks the client for the `dossier` section when it can answer.
pub async fn pull(client: &Client, state: &State) {
    let can = state.flags.read().map(|f| f.configuration).unwrap_or(false);
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
            if let Ok(mut cur) = state.settings.write() {
                *cur = s;
            }
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
