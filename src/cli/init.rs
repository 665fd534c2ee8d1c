//! `copydesk init`: the shortest path from a folder of drafts to a first
//! finding. Writes a commented `.copydesk.toml` naming the archive (folders,
//! or a shared archive's PostgreSQL URL), builds the folders' index now so
//! the editor's first check does not wait for it, and says what to do next.

use crate::config::FILE_NAME;
use std::path::{Path, PathBuf};

/// What `init` was asked to do.
pub struct Params {
    /// The drafts' folder, where `.copydesk.toml` is written.
    pub dir: PathBuf,
    /// Archive folders and at most one `postgres://` URL, as given.
    pub archive: Vec<PathBuf>,
    /// Replace an existing `.copydesk.toml`.
    pub force: bool,
}

/// Runs `init`; the exit code (0 done, 2 refused or failed, with the reason on stderr).
pub fn run(p: &Params) -> i32 {
    match prepare(p) {
        Ok((file, text, dirs)) => finish(&p.dir, &file, &text, &dirs),
        Err(e) => {
            crate::say!("copydesk: error: {e}");
            2
        }
    }
}

/// Checks what was given and composes the file, writing nothing.
fn prepare(p: &Params) -> Result<(PathBuf, String, Vec<PathBuf>), String> {
    if !p.dir.is_dir() {
        return Err(format!("{} is not a folder", p.dir.display()));
    }
    let file = p.dir.join(FILE_NAME);
    if file.exists() && !p.force {
        return Err(format!(
            "{} exists; pass --force to replace it",
            file.display()
        ));
    }
    let (url, dirs) = crate::postgres::split(&p.archive);
    if url.is_none() && dirs.is_empty() {
        return Err(
            "name the archive: copydesk init ARCHIVE_FOLDER… (or a postgres:// URL)".into(),
        );
    }
    for d in &dirs {
        if !d.is_dir() {
            return Err(format!("archive folder {} is not a folder", d.display()));
        }
    }
    let written: Vec<String> = dirs.iter().map(|d| relative_to(&p.dir, d)).collect();
    Ok((file, config_text(url.as_deref(), &written), dirs))
}

/// Writes the file (to a temporary name, then renamed: a crash leaves no
/// half file), builds the folders' index, and prints the next steps.
fn finish(dir: &Path, file: &Path, text: &str, dirs: &[PathBuf]) -> i32 {
    if let Err(e) = write_atomically(file, text) {
        crate::say!("copydesk: error: cannot write {}: {e}", file.display());
        return 2;
    }
    crate::say!("copydesk: wrote {}", file.display());
    if !dirs.is_empty() {
        crate::say!(
            "copydesk: indexing the archive (once: later checks and the editor reopen the index)…"
        );
        if super::index_build(dirs, &super::progress::Bar::new(false)) != 0 {
            crate::say!(
                "copydesk: the index could not be built now; checks will build it when first run"
            );
        }
    }
    let (draft, folder) = if dir == Path::new(".") {
        ("draft.md".to_string(), "this folder".to_string())
    } else {
        (
            dir.join("draft.md").display().to_string(),
            dir.display().to_string(),
        )
    };
    super::write_stdout(&format!(
        "\nNext:\n  copydesk check {draft}     # any draft here\n  \
         or open {folder} in your editor: VS Code (the copydesk extension),\n  \
         Neovim or Helix (README, \"Editors\"); findings appear as you type.\n"
    ));
    0
}

/// The commented `.copydesk.toml` (see README, "Configuration").
fn config_text(url: Option<&str>, dirs: &[String]) -> String {
    let mut entries: Vec<String> = url.iter().map(|u| toml_string(u)).collect();
    entries.extend(dirs.iter().map(|d| toml_string(d)));
    format!(
        "# copydesk settings for the drafts in this folder and below it.\n\
         # Written by `copydesk init`; see README, \"Configuration\".\n\
         \n\
         # The archive the drafts are checked against: folders of articles\n\
         # (.txt or .md, relative to this file), or a shared archive's\n\
         # postgres:// URL with folders to use when it cannot be reached.\n\
         corpus = [{}]\n\
         \n\
         # Codes to turn off: name-spelling, unattributed-figure, contradiction, misquote.\n\
         # disabled = [\"unattributed-figure\"]\n\
         \n\
         # Where a figure's source may be named: \"sentence\" (default) or \"paragraph\".\n\
         # attribution_scope = \"paragraph\"\n\
         \n\
         # [severity]\n\
         # name-spelling = \"error\"   # error | warning | information | hint\n",
        entries.join(", ")
    )
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `target` as written in a config file in `base`: relative when it is
/// inside `base`, absolute otherwise.
fn relative_to(base: &Path, target: &Path) -> String {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (base, target) = (abs(base), abs(target));
    match target.strip_prefix(&base) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => target.display().to_string(),
    }
}

fn write_atomically(file: &Path, text: &str) -> std::io::Result<()> {
    let tmp = file.with_extension(format!("toml.tmp{}", std::process::id()));
    let result = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, file));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_file_is_valid_settings_naming_the_archive() {
        let text = config_text(
            Some("postgres://desk@db/news"),
            &["sources".into(), "/mnt/a \"b\"".into()],
        );
        let table: toml::Table = text.parse().expect("valid TOML");
        let corpus: Vec<&str> = table["corpus"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(
            corpus,
            ["postgres://desk@db/news", "sources", "/mnt/a \"b\""]
        );
        assert_eq!(table.len(), 1, "everything else is commented out");
    }
}
