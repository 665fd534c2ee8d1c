//! LSP settings: `.copydesk.toml` at a workspace root, overridden by
//! `initializationOptions`, then by settings the client pushes
//! (`workspace/didChangeConfiguration`) or we pull (`workspace/configuration`).
//! The effective [`Config`] is rebuilt from scratch whenever any layer changes.

use crate::config::Config;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const SECTION: &str = "copydesk";
pub const DEFAULT_DEBOUNCE_MS: u64 = 150;

#[derive(Debug, Default)]
pub struct Settings {
    /// Workspace folders.
    pub roots: Vec<PathBuf>,
    /// Folders of `.copydesk.toml` files found above documents opened
    /// outside every workspace folder (as `copydesk check` finds them).
    pub implicit: Vec<PathBuf>,
    pub init: Option<toml::Value>,
    /// The client says the user trusts the workspace ([`TRUST_KEY`] in
    /// `initializationOptions`). Not trusted (also when the client says
    /// nothing), a workspace's `.copydesk.toml` may name only corpus
    /// folders inside it and no database.
    pub trusted: bool,
    /// Pushed settings (all roots) under `None`; pulled ones under their root.
    pub client: HashMap<Option<PathBuf>, toml::Value>,
}

impl Settings {
    /// Every root, workspace folders and implicit ones.
    pub fn all_roots(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self.roots.iter().chain(&self.implicit).cloned().collect();
        v.sort();
        v.dedup();
        v
    }

    /// Note the config folder for a document outside every root; true if new.
    pub fn adopt(&mut self, doc: &Path) -> bool {
        if self.all_roots().iter().any(|r| doc.starts_with(r)) {
            return false;
        }
        match doc
            .parent()
            .and_then(Config::find)
            .as_deref()
            .and_then(Path::parent)
        {
            Some(dir) => {
                self.implicit.push(dir.to_path_buf());
                true
            }
            None => false,
        }
    }

    /// The effective config for documents under `root` (`None`: outside every root).
    pub fn config_for(&self, root: Option<&Path>, warnings: &mut Vec<String>) -> Config {
        let mut cfg = Config::default();
        if let Some(file) = root.and_then(Config::find) {
            match Config::load(&file) {
                Ok((c, w)) => {
                    cfg = c;
                    warnings.extend(w);
                    if let (false, Some(root)) = (self.trusted, root) {
                        let dropped = cfg.restrict_to_workspace(root);
                        warnings.extend(
                            dropped
                                .into_iter()
                                .map(|w| format!("{}: {w}", file.display())),
                        );
                    }
                }
                Err(e) => warnings.push(e),
            }
        }
        let base = root
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let layers = [
            ("initializationOptions", self.init.as_ref()),
            ("settings", self.client.get(&None)),
            (
                "settings",
                root.and_then(|r| self.client.get(&Some(r.to_path_buf()))),
            ),
        ];
        for (what, v) in layers {
            if let Some(v) = v {
                let mut w = Vec::new();
                let mut v = v.clone();
                if let Some(t) = v.as_table_mut() {
                    // The editor's own setting, not the checks' (see `explain_every_name`).
                    if t.remove(EXPLAIN).is_some_and(|x| !x.is_bool()) {
                        w.push(format!("`{EXPLAIN}` must be true or false"));
                    }
                }
                cfg.merge(&v, &base, &mut w);
                warnings.extend(w.into_iter().map(|w| format!("{what}: {w}")));
            }
        }
        cfg
    }
}

/// The `initializationOptions` key (at the top or under `copydesk`) by
/// which a client says the user trusts the workspace: VS Code sets it from
/// `workspace.isTrusted`; Neovim and Helix users set it themselves.
pub const TRUST_KEY: &str = "trustedWorkspace";

/// Whether `initializationOptions` say the workspace is trusted.
pub fn trusted(v: Option<&Value>) -> bool {
    let Some(v) = v else { return false };
    [
        v.get(TRUST_KEY),
        v.get(SECTION).and_then(|s| s.get(TRUST_KEY)),
    ]
    .into_iter()
    .flatten()
    .any(|t| t.as_bool() == Some(true))
}

/// The setting that makes hover explain every name, figure and quotation,
/// not only findings.
pub const EXPLAIN: &str = "explainEveryName";

impl Settings {
    /// Whether hover explains every name under `root` (the last layer that sets it wins).
    pub fn explain_every_name(&self, root: Option<&Path>) -> bool {
        let layers = [
            self.init.as_ref(),
            self.client.get(&None),
            root.and_then(|r| self.client.get(&Some(r.to_path_buf()))),
        ];
        layers
            .into_iter()
            .flatten()
            .filter_map(|v| v.get(EXPLAIN)?.as_bool())
            .next_back()
            .unwrap_or(false)
    }
}

/// Client settings as a TOML table: the `copydesk` section if there is one,
/// JSON nulls dropped, and an empty `corpus` dropped (an editor sends `[]`
/// for "not set", which must not hide `.copydesk.toml`'s corpus).
/// `None` when there is nothing to apply.
pub fn from_client(v: &Value) -> Option<toml::Value> {
    let v = match v {
        Value::Object(m) if m.get(SECTION).is_some_and(Value::is_object) => &m[SECTION],
        Value::Null => return None,
        v => v,
    };
    let mut t = to_toml(v)?;
    if let Some(table) = t.as_table_mut() {
        // Read from `initializationOptions` alone (see [`trusted`]).
        table.remove(TRUST_KEY);
        let empty = match table.get("corpus") {
            Some(toml::Value::Array(a)) => a.is_empty(),
            Some(toml::Value::String(s)) => s.trim().is_empty(),
            _ => false,
        };
        if empty {
            table.remove("corpus");
        }
        if table.is_empty() {
            return None;
        }
    }
    Some(t)
}

fn to_toml(v: &Value) -> Option<toml::Value> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Array(a) => toml::Value::Array(a.iter().filter_map(to_toml).collect()),
        Value::Object(m) => toml::Value::Table(
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), to_toml(v)?)))
                .collect(),
        ),
    })
}

pub fn debounce_ms(cfg: &Config) -> u64 {
    cfg.debounce_ms.unwrap_or(DEFAULT_DEBOUNCE_MS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Code, Severity};
    use serde_json::json;

    #[test]
    fn layers_override_in_order_and_warn() {
        let dir = std::env::temp_dir().join(format!("copydesk-lsp-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(".copydesk.toml"),
            "corpus = [\"refs\"]\ndebounce_ms = 10\ndisabled = [\"misquote\"]\n",
        )
        .unwrap();
        let mut s = Settings {
            init: from_client(&json!({"copydesk": {"debounceMs": 20, "corpus": [], "colour": 1}})),
            ..Default::default()
        };
        s.client.insert(
            None,
            from_client(
                &json!({"severity": {"name-spelling": "error"}, "disabledCodes": [], "x": null}),
            )
            .unwrap(),
        );
        let mut w = Vec::new();
        let c = s.config_for(Some(&dir), &mut w);
        assert_eq!(
            c.corpus,
            vec![dir.join("refs")],
            "an empty corpus setting keeps the file's"
        );
        assert_eq!(c.debounce_ms, Some(20));
        assert!(c.options.disabled.is_empty());
        assert_eq!(
            c.options.severity.get(&Code::NameSpelling),
            Some(&Severity::Error)
        );
        assert_eq!(
            w,
            vec!["initializationOptions: unknown key `colour`".to_string()]
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn trust_comes_from_initialization_options_only_and_is_off_by_default() {
        assert!(!trusted(None));
        assert!(!trusted(Some(&json!({"copydesk": {"corpus": ["x"]}}))));
        assert!(!trusted(Some(&json!({"trustedWorkspace": "yes"}))));
        assert!(trusted(Some(&json!({"trustedWorkspace": true}))));
        assert!(trusted(Some(
            &json!({"copydesk": {"trustedWorkspace": true}})
        )));
        // Not a setting: never an unknown key, never applied.
        assert!(from_client(&json!({"copydesk": {"trustedWorkspace": true}})).is_none());
    }

    #[test]
    fn an_untrusted_workspace_config_names_no_outside_folder_but_user_settings_may() {
        let dir = std::env::temp_dir().join(format!("copydesk-lsp-trust-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("ws/refs")).unwrap();
        let ws = dir.join("ws");
        std::fs::write(
            ws.join(".copydesk.toml"),
            "corpus = [\"refs\", \"/etc\", \"postgres://x@attacker/db\"]\n",
        )
        .unwrap();
        let mut s = Settings::default();
        let mut w = Vec::new();
        let c = s.config_for(Some(&ws), &mut w);
        assert_eq!(c.corpus, vec![ws.join("refs")]);
        assert_eq!(c.postgres, None);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w.iter()
                .any(|w| w.contains("/etc") && w.contains("not trusted"))
        );
        assert!(w.iter().any(|w| w.contains("attacker")));
        // Trusted: the file as written.
        s.trusted = true;
        let mut w = Vec::new();
        let c = s.config_for(Some(&ws), &mut w);
        assert_eq!(c.corpus, vec![ws.join("refs"), PathBuf::from("/etc")]);
        assert!(c.postgres.is_some() && w.is_empty(), "{w:?}");
        // The user's own settings name any folder, trusted or not.
        s.trusted = false;
        s.init = from_client(&json!({"copydesk": {"corpus": ["/srv/archive"]}}));
        let mut w = Vec::new();
        let c = s.config_for(Some(&ws), &mut w);
        assert_eq!(c.corpus, vec![PathBuf::from("/srv/archive")]);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn null_and_empty_settings_apply_nothing() {
        assert!(from_client(&Value::Null).is_none());
        assert!(from_client(&json!({"copydesk": {"corpus": []}})).is_none());
        assert!(from_client(&json!({"copydesk": {"debounceMs": 0}})).is_some());
    }
}
