//! `.copydesk.toml`: corpus paths (or a shared archive's PostgreSQL URL),
//! severities, disabled codes, attribution scope and debounce. Unknown keys and bad values become warnings, never
//! failures, so a typo in a config file cannot take the tool down.

use crate::checks::{Options, Scope};
use crate::finding::{Code, Severity};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = ".copydesk.toml";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Corpus folders, absolute (resolved against the config file's folder).
    /// With `postgres`, the folders used when the database cannot be reached.
    pub corpus: Vec<PathBuf>,
    /// A shared archive on PostgreSQL: a `corpus` entry starting with
    /// `postgres://` or `postgresql://`, kept as written (see `crate::postgres`).
    pub postgres: Option<String>,
    pub options: Options,
    pub debounce_ms: Option<u64>,
}

impl Config {
    /// Find `.copydesk.toml` in `dir` or its ancestors.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        let mut d = Some(dir);
        while let Some(p) = d {
            let f = p.join(FILE_NAME);
            if f.is_file() {
                return Some(f);
            }
            d = p.parent();
        }
        None
    }

    /// Read a config file. I/O errors are errors; content problems are warnings.
    pub fn load(path: &Path) -> Result<(Config, Vec<String>), String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut warnings = Vec::new();
        let cfg = match text.parse::<toml::Table>() {
            Ok(t) => Config::from_table(&toml::Value::Table(t), base, &mut warnings),
            Err(e) => {
                warnings.push(format!(
                    "{}: not valid TOML, ignored: {}",
                    path.display(),
                    e.message()
                ));
                Config::default()
            }
        };
        let warnings = warnings
            .into_iter()
            .map(|w| format!("{}: {w}", path.display()))
            .collect();
        Ok((cfg, warnings))
    }

    /// What a `.copydesk.toml` in a workspace the user has not trusted may
    /// name: corpus folders inside `root` (the workspace) only, and no
    /// database. Everything else is dropped, each with a warning naming it
    /// (the user's own settings may name it instead). A folder is compared
    /// by its resolved path, so `../` and symbolic links cannot lead out.
    pub fn restrict_to_workspace(&mut self, root: &Path) -> Vec<String> {
        let mut warnings = Vec::new();
        const WHY: &str = "ignored: this .copydesk.toml is not trusted, so it may name only folders inside its workspace and no database (name it in your own settings or with --corpus, or trust the workspace)";
        if let Some(url) = self.postgres.take() {
            warnings.push(format!(
                "`corpus` names the database {}; {WHY}",
                crate::postgres::masked(&url)
            ));
        }
        let root = resolved(root);
        self.corpus.retain(|d| {
            let inside = resolved(d).starts_with(&root);
            if !inside {
                warnings.push(format!(
                    "`corpus` names {}, outside the workspace {}; {WHY}",
                    d.display(),
                    root.display()
                ));
            }
            inside
        });
        warnings
    }

    /// Build from a TOML or JSON-like value (`initializationOptions` use the
    /// same keys). Relative corpus paths are resolved against `base`.
    pub fn from_table(v: &toml::Value, base: &Path, warnings: &mut Vec<String>) -> Config {
        let mut cfg = Config::default();
        cfg.merge(v, base, warnings);
        cfg
    }

    /// Apply the keys present in `v` on top of this config.
    pub fn merge(&mut self, v: &toml::Value, base: &Path, warnings: &mut Vec<String>) {
        let Some(t) = v.as_table() else {
            warnings.push("settings must be a table/object".into());
            return;
        };
        for (k, val) in t {
            match k.as_str() {
                "corpus" => {
                    let items: Vec<&toml::Value> = match val {
                        toml::Value::String(_) => vec![val],
                        toml::Value::Array(a) => a.iter().collect(),
                        _ => {
                            warnings.push("`corpus` must be a path or a list of paths".into());
                            continue;
                        }
                    };
                    let mut paths = Vec::new();
                    self.postgres = None;
                    for it in items {
                        match it.as_str() {
                            Some(s) if crate::postgres::is_url(s) => {
                                if self.postgres.is_some() {
                                    warnings.push(
                                        "`corpus` names more than one database; the first is used"
                                            .into(),
                                    );
                                } else {
                                    self.postgres = Some(s.to_string());
                                }
                            }
                            Some(s) => paths.push(base.join(s)),
                            None => warnings.push("`corpus` entries must be strings".into()),
                        }
                    }
                    self.corpus = paths;
                }
                "severity" => match val.as_table() {
                    Some(sev) => {
                        for (code, s) in sev {
                            match (code.parse::<Code>(), s.as_str().map(str::parse::<Severity>)) {
                                (Ok(c), Some(Ok(s))) => {
                                    self.options.severity.insert(c, s);
                                }
                                (Err(e), _) => warnings.push(format!("severity: {e}")),
                                (_, Some(Err(e))) => warnings.push(format!("severity.{code}: {e}")),
                                (_, None) => {
                                    warnings.push(format!("severity.{code} must be a string"))
                                }
                            }
                        }
                    }
                    None => warnings.push("`severity` must be a table of code = \"level\"".into()),
                },
                "disabled" | "disabledCodes" | "disabled_codes" => match val.as_array() {
                    Some(a) => {
                        self.options.disabled.clear();
                        for c in a {
                            match c.as_str().map(str::parse::<Code>) {
                                Some(Ok(c)) => self.options.disabled.push(c),
                                Some(Err(e)) => warnings.push(format!("{k}: {e}")),
                                None => warnings.push(format!("{k} entries must be strings")),
                            }
                        }
                    }
                    None => warnings.push(format!("`{k}` must be a list of codes")),
                },
                "attribution_scope" | "attributionScope" => match val.as_str() {
                    Some("sentence") => self.options.scope = Scope::Sentence,
                    Some("paragraph") => self.options.scope = Scope::Paragraph,
                    _ => warnings.push(format!("`{k}` must be \"sentence\" or \"paragraph\"")),
                },
                "debounce_ms" | "debounceMs" => match val.as_integer() {
                    Some(n) if (0..=60_000).contains(&n) => self.debounce_ms = Some(n as u64),
                    _ => warnings.push(format!(
                        "`{k}` must be a whole number of milliseconds (0 to 60000)"
                    )),
                },
                other => warnings.push(format!("unknown key `{other}`")),
            }
        }
    }
}

/// `p` with symbolic links, `.` and `..` resolved: as far as it exists on
/// disk, the rest taken as written.
fn resolved(p: &Path) -> PathBuf {
    let p = std::path::absolute(p).unwrap_or(p.to_path_buf());
    let mut rest = Vec::new();
    let mut head = p.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(head) {
            let mut out = real;
            for c in rest.iter().rev() {
                match c {
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    std::path::Component::CurDir => {}
                    c => out.push(c),
                }
            }
            return out;
        }
        match (head.parent(), head.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                head = parent;
            }
            _ => return p,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_and_warns_on_bad_ones() {
        let v: toml::Table = r#"
            corpus = ["refs"]
            disabled = ["misquote"]
            attribution_scope = "paragraph"
            debounce_ms = 50
            colour = "red"
            [severity]
            name-spelling = "error"
            contradiction = "loud"
        "#
        .parse()
        .unwrap();
        let mut w = Vec::new();
        let c = Config::from_table(&toml::Value::Table(v), Path::new("/base"), &mut w);
        assert_eq!(c.corpus, vec![PathBuf::from("/base/refs")]);
        assert_eq!(c.options.disabled, vec![Code::Misquote]);
        assert_eq!(c.options.scope, Scope::Paragraph);
        assert_eq!(c.debounce_ms, Some(50));
        assert_eq!(
            c.options.severity.get(&Code::NameSpelling),
            Some(&Severity::Error)
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(c.postgres, None);
    }

    #[test]
    fn untrusted_a_config_names_only_folders_inside_its_workspace() {
        let base = std::env::temp_dir().join(format!("copydesk-trust-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let ws = base.join("ws");
        std::fs::create_dir_all(ws.join("refs")).unwrap();
        std::fs::create_dir_all(base.join("private")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(base.join("private"), ws.join("linked")).unwrap();
        let v: toml::Table = r#"corpus = ["refs", "../private", "/etc", "linked", "refs/../../private", "new", "postgres://u:secret@evil/db"]"#
            .parse()
            .unwrap();
        let mut w = Vec::new();
        let mut c = Config::from_table(&toml::Value::Table(v), &ws, &mut w);
        let w = c.restrict_to_workspace(&ws);
        assert_eq!(c.corpus, vec![ws.join("refs"), ws.join("new")]);
        assert_eq!(c.postgres, None);
        for named in [
            "../private",
            "/etc",
            "linked",
            "refs/../../private",
            "evil/db",
        ] {
            assert!(w.iter().any(|w| w.contains(named)), "{named}: {w:?}");
        }
        assert!(!w.iter().any(|w| w.contains("secret")), "{w:?}");
        assert_eq!(w.len(), 5, "{w:?}");
        std::fs::remove_dir_all(&base).ok();
    }

    #[test]
    fn a_database_url_is_kept_as_written() {
        let v: toml::Table = r#"corpus = ["postgres://desk@db/news", "refs"]"#.parse().unwrap();
        let mut w = Vec::new();
        let c = Config::from_table(&toml::Value::Table(v), Path::new("/base"), &mut w);
        assert_eq!(c.postgres.as_deref(), Some("postgres://desk@db/news"));
        assert_eq!(
            c.corpus,
            vec![PathBuf::from("/base/refs")],
            "the folders are the fallback"
        );
        assert!(w.is_empty(), "{w:?}");
    }
}
