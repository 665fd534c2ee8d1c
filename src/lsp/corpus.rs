//! The corpus as the server holds it: the analysed articles plus a `file://`
//! URI for each, so diagnostics and go-to-definition can point into them.
//! The embedded corpus has no files, so it is written once to a cache dir.

use crate::Corpus;
use crate::loader::embedded_files;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use tower_lsp_server::ls_types::Uri;

pub struct LoadedCorpus {
    pub corpus: Corpus,
    /// Where each article of `corpus.docs` is on disk, when known.
    pub uris: Vec<Option<Uri>>,
}

/// Load the corpus in `dirs` (the embedded one if empty). A folder that
/// cannot be read falls back to the embedded corpus with a warning.
pub fn load(dirs: &[PathBuf], warnings: &mut Vec<String>) -> Arc<LoadedCorpus> {
    let corpus = if dirs.is_empty() {
        crate::loader::embedded()
    } else {
        match crate::loader::load(dirs) {
            Ok((c, w)) => {
                warnings.extend(w);
                c
            }
            Err(e) => {
                warnings.push(format!("{e}; using the built-in corpus"));
                crate::loader::embedded()
            }
        }
    };
    let cache = corpus.docs.iter().any(|a| a.file.is_none()).then(embedded_dir).flatten();
    let uris = corpus
        .docs
        .iter()
        .map(|a| match &a.file {
            Some(f) => Uri::from_file_path(f),
            None => {
                let name = a.path.strip_prefix("corpus/").unwrap_or(&a.path);
                cache.as_ref().and_then(|d| Uri::from_file_path(d.join(name)))
            }
        })
        .collect();
    Arc::new(LoadedCorpus { corpus, uris })
}

/// The folder holding the embedded articles on disk, written on first use:
/// `$XDG_CACHE_HOME/copydesk/corpus-<hash>`, else `~/.cache/…`, else the temp dir.
pub fn embedded_dir() -> Option<PathBuf> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let name = format!("corpus-{:016x}", fingerprint());
        let env_dir = |k: &str| std::env::var_os(k).map(PathBuf::from).filter(|p| p.is_absolute());
        let cache = env_dir("XDG_CACHE_HOME").or_else(|| env_dir("HOME").map(|h| h.join(".cache")));
        let candidates = cache
            .map(|c| c.join("copydesk").join(&name))
            .into_iter()
            .chain([std::env::temp_dir().join(format!("copydesk-{name}"))]);
        candidates.into_iter().find(|dir| write_embedded(dir).is_ok())
    })
    .clone()
}

/// FNV-1a over the embedded names and bytes: a new build with other
/// articles gets another folder.
fn fingerprint() -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, bytes) in embedded_files() {
        for b in name.bytes().chain([0]).chain(bytes.iter().copied()).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn write_embedded(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in embedded_files() {
        let path = dir.join(name);
        if std::fs::read(&path).is_ok_and(|b| b == *bytes) {
            continue;
        }
        // Write then rename, so a concurrent server never reads half a file.
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &path)?;
    }
    Ok(())
}
