//! Corpus loading: the one place that reads articles from disk (or from the
//! copy built into the binary) and hands their texts to the core
//! ([`Corpus::build`]). Files that are not UTF-8, empty or binary are
//! skipped with a warning naming them.

use copydesk_core::corpus::{ArticleText, StyleGuide, style};
use copydesk_core::Corpus;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/embedded_corpus.rs"));

/// The articles built into the binary: `(file name, bytes)`.
pub fn embedded_files() -> &'static [(&'static str, &'static [u8])] {
    EMBEDDED
}

const EMBEDDED: &[(&str, &[u8])] = embedded_list!();

/// The corpus built into the binary (the project's `corpus/`).
pub fn embedded() -> Corpus {
    let mut warnings = Vec::new();
    let mut texts = Vec::new();
    let mut guide = StyleGuide::default();
    for (name, bytes) in EMBEDDED {
        if *name == style::FILE_NAME {
            guide = StyleGuide::parse(&String::from_utf8_lossy(bytes), &mut warnings);
            continue;
        }
        if let Some(text) = decode(name, bytes, &mut warnings) {
            texts.push(ArticleText { path: format!("corpus/{name}"), file: None, text });
        }
    }
    Corpus::build(texts, guide)
}

/// Load every `.txt`/`.md` article in `dirs` (not recursive), and the
/// style guide `names.toml` if one is there.
pub fn load(dirs: &[PathBuf]) -> Result<(Corpus, Vec<String>), String> {
    let mut warnings = Vec::new();
    let mut texts = Vec::new();
    let mut guide = StyleGuide::default();
    for dir in dirs {
        let rd = std::fs::read_dir(dir).map_err(|e| format!("cannot read corpus folder {}: {e}", dir.display()))?;
        let mut paths: Vec<PathBuf> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            if name == style::FILE_NAME {
                match std::fs::read_to_string(&p) {
                    Ok(t) => {
                        let mut w = Vec::new();
                        let s = StyleGuide::parse(&t, &mut w);
                        warnings.extend(w.into_iter().map(|w| format!("{}: {w}", p.display())));
                        guide.merge(s);
                    }
                    Err(e) => warnings.push(format!("{}: skipped: {e}", p.display())),
                }
                continue;
            }
            if !is_article(&p) {
                continue;
            }
            match std::fs::read(&p) {
                Ok(bytes) => {
                    let shown = p.display().to_string();
                    if let Some(text) = decode(&shown, &bytes, &mut warnings) {
                        let abs = std::fs::canonicalize(&p).unwrap_or(p.clone());
                        texts.push(ArticleText { path: shown, file: Some(abs), text });
                    }
                }
                Err(e) => warnings.push(format!("{}: skipped: {e}", p.display())),
            }
        }
    }
    if texts.is_empty() {
        warnings.push("the corpus has no readable articles; no corpus checks can run".into());
    }
    Ok((Corpus::build(texts, guide), warnings))
}

pub fn is_article(p: &Path) -> bool {
    p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md" | "markdown"))
}

/// UTF-8 text, or a warning naming the file.
fn decode(name: &str, bytes: &[u8], warnings: &mut Vec<String>) -> Option<String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        warnings.push(format!("{name}: skipped: the file is empty"));
        return None;
    }
    if bytes.contains(&0) {
        warnings.push(format!("{name}: skipped: the file is binary, not text"));
        return None;
    }
    match std::str::from_utf8(bytes) {
        // A byte-order mark stays in the text (so positions match the file)
        // and is blanked out of the prose.
        Ok(t) => Some(t.to_string()),
        Err(e) => {
            warnings.push(format!("{name}: skipped: not UTF-8 (invalid byte at offset {})", e.valid_up_to()));
            None
        }
    }
}
