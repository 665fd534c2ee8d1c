//! The reference corpus: articles loaded from folders (or the embedded
//! default), each analysed into a [`Doc`], plus the indexes the checks use.

pub mod index;
pub mod style;

use crate::finding::Source;
use crate::model::Doc;
use crate::text::Format;
use std::path::{Path, PathBuf};

pub use index::{NameEntry, NameIndex};
pub use style::StyleGuide;

include!(concat!(env!("OUT_DIR"), "/embedded_corpus.rs"));

/// The articles built into the binary: `(file name, bytes)`.
pub fn embedded_files() -> &'static [(&'static str, &'static [u8])] {
    EMBEDDED
}

const EMBEDDED: &[(&str, &[u8])] = embedded_list!();

/// One article of the corpus.
#[derive(Debug)]
pub struct Article {
    /// How findings name it (`corpus/000_….txt`).
    pub path: String,
    /// The file on disk, when it was loaded from one.
    pub file: Option<PathBuf>,
    pub doc: Doc,
}

#[derive(Debug)]
pub struct Corpus {
    /// Unique to this corpus in this process: results made with one corpus
    /// are never reused with another (see [`crate::analysis`]).
    pub id: u64,
    pub docs: Vec<Article>,
    pub style: StyleGuide,
    pub names: NameIndex,
    pub index: index::Index,
}

impl Corpus {
    /// The corpus built into the binary (the project's `corpus/`).
    pub fn embedded() -> Corpus {
        let mut warnings = Vec::new();
        let mut texts = Vec::new();
        let mut style = StyleGuide::default();
        for (name, bytes) in EMBEDDED {
            if *name == style::FILE_NAME {
                style = StyleGuide::parse(&String::from_utf8_lossy(bytes), &mut warnings);
                continue;
            }
            if let Some(t) = decode(name, bytes, &mut warnings) {
                texts.push((format!("corpus/{name}"), None, t));
            }
        }
        Corpus::build(texts, style)
    }

    /// Load every `.txt`/`.md` article in `dirs` (not recursive), and the
    /// style guide `names.toml` if one is there. Files that are not UTF-8,
    /// empty or binary are skipped with a warning naming them.
    pub fn load(dirs: &[PathBuf]) -> Result<(Corpus, Vec<String>), String> {
        let mut warnings = Vec::new();
        let mut texts = Vec::new();
        let mut style = StyleGuide::default();
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
                            style.merge(s);
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
                        if let Some(t) = decode(&shown, &bytes, &mut warnings) {
                            let abs = std::fs::canonicalize(&p).unwrap_or(p.clone());
                            texts.push((shown, Some(abs), t));
                        }
                    }
                    Err(e) => warnings.push(format!("{}: skipped: {e}", p.display())),
                }
            }
        }
        if texts.is_empty() {
            warnings.push("the corpus has no readable articles; no corpus checks can run".into());
        }
        Ok((Corpus::build(texts, style), warnings))
    }

    /// Build from article texts: `(shown path, file on disk, text)`.
    pub fn build(texts: Vec<(String, Option<PathBuf>, String)>, style: StyleGuide) -> Corpus {
        // Articles are independent: analyse them on the available cores.
        let parse = |(path, file, text): (String, Option<PathBuf>, String)| {
            let doc = Doc::parse_article(&text, Format::from_path(&path));
            Article { path, file, doc }
        };
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(texts.len()).max(1);
        let docs: Vec<Article> = if workers == 1 {
            texts.into_iter().map(parse).collect()
        } else {
            let mut chunks: Vec<Vec<(usize, (String, Option<PathBuf>, String))>> = (0..workers).map(|_| Vec::new()).collect();
            for (i, t) in texts.into_iter().enumerate() {
                chunks[i % workers].push((i, t));
            }
            let mut done: Vec<(usize, Article)> = std::thread::scope(|s| {
                let handles: Vec<_> = chunks
                    .into_iter()
                    .map(|chunk| s.spawn(move || chunk.into_iter().map(|(i, t)| (i, parse(t))).collect::<Vec<_>>()))
                    .collect();
                handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
            });
            done.sort_by_key(|d| d.0);
            done.into_iter().map(|d| d.1).collect()
        };
        let names = NameIndex::build(&docs, &style);
        let index = index::Index::build(&docs, &names);
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Corpus { id, docs, style, names, index }
    }

    /// Canonical spellings of every name the corpus knows (for completion).
    pub fn canonical_names(&self) -> Vec<&str> {
        self.names.canonical_names()
    }

    /// A [`Source`] pointing at `at` in article `doc` (where go-to-definition
    /// lands), quoting the text of `quote`.
    pub fn source(&self, doc: usize, at: std::ops::Range<usize>, quote: std::ops::Range<usize>) -> Source {
        let d = &self.docs[doc].doc;
        Source { doc, line: d.lines.line_of(at.start) + 1, quote: d.text[quote].to_string(), span: at }
    }

    /// The sentence `sentence` of article `doc` as a [`Source`].
    pub fn sentence_source(&self, doc: usize, sentence: usize) -> Source {
        let r = self.docs[doc].doc.sentences[sentence].range.clone();
        self.source(doc, r.clone(), r)
    }

    /// A tiny corpus from in-memory texts (tests, benchmarks).
    pub fn from_texts(texts: &[(&str, &str)], style: Option<&str>) -> Corpus {
        let mut w = Vec::new();
        let style = style.map(|s| StyleGuide::parse(s, &mut w)).unwrap_or_default();
        Corpus::build(texts.iter().map(|(p, t)| (p.to_string(), None, t.to_string())).collect(), style)
    }
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
