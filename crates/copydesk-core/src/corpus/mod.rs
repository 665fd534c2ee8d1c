//! The reference corpus: articles (texts handed over by a loader), each
//! analysed into a [`Doc`], plus the indexes the checks use.

pub mod flat;
pub mod index;
mod memory;
pub mod names;
pub mod query;
pub mod style;
pub mod tables;

use crate::model::Doc;
use crate::text::Format;
use std::path::PathBuf;

pub use names::{EntityId, EntityKind, NameModel};
pub use query::{ArticleId, CorpusQuery, FigureId, QuoteId, SentenceId};
pub use style::StyleGuide;
pub use tables::{IndexTables, NameTables, Tables};

/// One article as the loader hands it over.
#[derive(Debug, Clone)]
pub struct ArticleText {
    /// How findings name it (`corpus/000_….txt`, or the path as given).
    pub path: String,
    /// The file on disk, when it was loaded from one (go-to-definition opens it).
    pub file: Option<PathBuf>,
    pub text: String,
}

#[derive(Debug)]
pub struct Article {
    /// How findings name it (`corpus/000_….txt`).
    pub path: String,
    /// The file on disk, when it was loaded from one.
    pub file: Option<PathBuf>,
    /// Its analysis: here from the start, or fetched from `lazy` the first
    /// time a query reaches the article.
    doc: std::sync::OnceLock<Doc>,
    lazy: Option<(std::sync::Arc<dyn DocSource>, usize)>,
}

/// Where articles' analyses wait until a query reaches them (a persisted
/// index, a database), so opening a big corpus decodes only the names and
/// postings, and memory holds only the articles the drafts touch.
pub trait DocSource: Send + Sync + std::fmt::Debug {
    /// The analysis stored under `key`; `None` if it cannot be had (the
    /// article then reads as empty: its findings are lost, nothing panics).
    fn load(&self, key: usize) -> Option<Doc>;
    /// The analysis under `key` as stored (its persisted encoding), when
    /// the source keeps it so: copied on without being decoded.
    fn stored(&self, _key: usize) -> Option<Vec<u8>> {
        None
    }
    /// The analyses under `keys` that the source reads together (a
    /// database, in one query); none where it has no such read (each is
    /// then loaded when first needed).
    fn load_many(&self, _keys: &[usize]) -> Vec<(usize, Doc)> {
        Vec::new()
    }
}

/// Load the analyses of `articles` not in memory yet, together where
/// their source can ([`DocSource::load_many`]): a search's candidates are
/// about to be read.
pub(crate) fn prefetch_docs(docs: &[Article], articles: impl IntoIterator<Item = usize>) {
    let mut waiting: Vec<usize> = articles
        .into_iter()
        .filter(|&a| {
            docs.get(a)
                .is_some_and(|d| !d.is_loaded() && d.lazy.is_some())
        })
        .collect();
    waiting.sort_unstable();
    waiting.dedup();
    let Some((source, _)) = waiting.first().and_then(|&a| docs[a].lazy.as_ref()) else {
        return;
    };
    // Articles keyed in one source (an archive's are all in one).
    let by_key: std::collections::HashMap<usize, usize> = waiting
        .iter()
        .filter_map(|&a| {
            let (s, k) = docs[a].lazy.as_ref()?;
            std::sync::Arc::ptr_eq(s, source).then_some((*k, a))
        })
        .collect();
    let keys: Vec<usize> = by_key.keys().copied().collect();
    for (key, doc) in source.load_many(&keys) {
        if let Some(&a) = by_key.get(&key) {
            let _ = docs[a].doc.set(doc);
        }
    }
}

impl Article {
    pub fn new(path: String, file: Option<PathBuf>, doc: Doc) -> Article {
        Article {
            path,
            file,
            doc: std::sync::OnceLock::from(doc),
            lazy: None,
        }
    }

    /// An article whose analysis is fetched from `source` under `key` when first needed.
    pub fn lazy(
        path: String,
        file: Option<PathBuf>,
        source: std::sync::Arc<dyn DocSource>,
        key: usize,
    ) -> Article {
        Article {
            path,
            file,
            doc: std::sync::OnceLock::new(),
            lazy: Some((source, key)),
        }
    }

    /// The article's analysis. One its source cannot give now reads as
    /// empty and is not kept: the source is asked again next time (a
    /// database past its deadline may answer later).
    pub fn doc(&self) -> &Doc {
        if let Some(d) = self.doc.get() {
            return d;
        }
        let (source, key) = self
            .lazy
            .as_ref()
            .expect("an article without an analysis has a source");
        match source.load(*key) {
            Some(d) => self.doc.get_or_init(|| d),
            None => {
                static EMPTY: std::sync::OnceLock<Doc> = std::sync::OnceLock::new();
                EMPTY.get_or_init(|| Doc::parse_article("", Format::Plain))
            }
        }
    }

    /// The analysis as its source stores it, if it has not been decoded
    /// (so a whole archive can be copied on without holding it in memory).
    pub fn stored(&self) -> Option<Vec<u8>> {
        if self.doc.get().is_some() {
            return None;
        }
        let (source, key) = self.lazy.as_ref()?;
        source.stored(*key)
    }

    /// Whether the analysis is in memory (not waiting in its source).
    pub fn is_loaded(&self) -> bool {
        self.doc.get().is_some()
    }
}

#[derive(Debug)]
pub struct Corpus {
    /// Unique to this corpus in this process: results made with one corpus
    /// are never reused with another (see [`crate::analysis`]).
    pub id: u64,
    pub docs: Vec<Article>,
    pub style: StyleGuide,
    /// The names model and the index: built here, or tables kept elsewhere.
    model: Model,
    /// The known names of several words, for one-pass search in drafts.
    phrases: Option<aho_corasick::AhoCorasick>,
    /// Answers of `figures_for` and `statements_about` so far (see `memory.rs`).
    figure_memo: std::sync::Mutex<std::collections::HashMap<String, Vec<(FigureId, f32)>>>,
    statement_memo: std::sync::Mutex<std::collections::HashMap<String, Vec<(SentenceId, f32)>>>,
    /// Role phrases by key, counted (see `phrase_roles_of`, `phrase_holders`).
    phrase_memo: std::sync::Mutex<std::collections::HashMap<String, Vec<query::PhraseFact>>>,
    /// Whether an article has a sentence stating a claim, by claim and article (see `claims_covered_by`).
    cover_memo:
        std::sync::Mutex<std::collections::HashMap<String, std::collections::HashMap<u32, bool>>>,
}

impl Corpus {
    /// Build from the articles' texts and the style guide.
    pub fn build(texts: Vec<ArticleText>, style: StyleGuide) -> Corpus {
        Corpus::assemble(Corpus::parse_all(texts), style, None)
    }

    /// Analyse one article.
    pub fn parse(ArticleText { path, file, text }: ArticleText) -> Article {
        let doc = Doc::parse_article(&text, Format::from_path(&path));
        Article::new(path, file, doc)
    }

    /// Analyse articles on the available cores (they are independent), in order.
    pub fn parse_all(texts: Vec<ArticleText>) -> Vec<Article> {
        parallel_map(texts, Corpus::parse)
    }

    /// The corpus from analysed articles: `derived` is what
    /// [`Corpus::derived`] gave for exactly these articles and this style
    /// guide (a persisted index), or `None` to build it.
    pub fn assemble(docs: Vec<Article>, style: StyleGuide, derived: Option<Derived>) -> Corpus {
        let Derived { names, index } = derived.unwrap_or_else(|| {
            let names = NameModel::build(&docs, &style);
            let index = index::Index::build(&docs, &names);
            Derived { names, index }
        });
        let phrases = Corpus::phrase_finder(names.phrases.iter().map(|p| p.0.as_str()));
        Corpus::with_model(
            docs,
            style,
            Model::Built {
                names: Box::new(names),
                index: Box::new(index),
            },
            phrases,
        )
    }

    /// The corpus over a model kept in `tables` (a database), with its
    /// known names of several words (`NameModel::phrases`).
    pub fn with_tables(
        docs: Vec<Article>,
        style: StyleGuide,
        tables: Box<dyn Tables>,
        phrases: &[String],
    ) -> Corpus {
        let phrases = Corpus::phrase_finder(phrases.iter().map(String::as_str));
        Corpus::with_model(docs, style, Model::Tables(tables), phrases)
    }

    fn phrase_finder<'a>(
        phrases: impl Iterator<Item = &'a str>,
    ) -> Option<aho_corasick::AhoCorasick> {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(phrases)
            .ok()
    }

    fn with_model(
        docs: Vec<Article>,
        style: StyleGuide,
        model: Model,
        phrases: Option<aho_corasick::AhoCorasick>,
    ) -> Corpus {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Corpus {
            id,
            docs,
            style,
            model,
            phrases,
            figure_memo: Default::default(),
            statement_memo: Default::default(),
            phrase_memo: Default::default(),
            cover_memo: Default::default(),
        }
    }

    /// The names model's tables.
    pub fn names(&self) -> &dyn NameTables {
        match &self.model {
            Model::Built { names, .. } => &**names,
            Model::Tables(t) => t.as_ref(),
        }
    }

    /// The index's tables.
    pub fn tables(&self) -> &dyn IndexTables {
        match &self.model {
            Model::Built { index, .. } => &**index,
            Model::Tables(t) => t.as_ref(),
        }
    }

    /// The names model and index, when they are built here (from texts or
    /// a persisted index), not kept in a database.
    pub fn built(&self) -> Option<(&NameModel, &index::Index)> {
        match &self.model {
            Model::Built { names, index } => Some((&**names, &**index)),
            Model::Tables(_) => None,
        }
    }

    /// What the corpus derives from all its articles together, for
    /// persisting beside the articles' own analyses (when built here).
    pub fn derived(&self) -> Option<DerivedRef<'_>> {
        self.built()
            .map(|(names, index)| DerivedRef { names, index })
    }

    /// Up to `max` canonical spellings of names with a word starting with
    /// `prefix` (any case), sorted (for completion).
    pub fn complete_names(&self, prefix: &str, max: usize) -> Vec<String> {
        self.names().complete(&prefix.to_lowercase(), max)
    }

    /// A tiny corpus from in-memory texts (tests, benchmarks).
    pub fn from_texts(texts: &[(&str, &str)], style: Option<&str>) -> Corpus {
        let mut w = Vec::new();
        let style = style
            .map(|s| StyleGuide::parse(s, &mut w))
            .unwrap_or_default();
        Corpus::build(
            texts
                .iter()
                .map(|(p, t)| ArticleText {
                    path: p.to_string(),
                    file: None,
                    text: t.to_string(),
                })
                .collect(),
            style,
        )
    }
}

/// Where a corpus's names model and index are.
enum Model {
    Built {
        names: Box<NameModel>,
        index: Box<index::Index>,
    },
    Tables(Box<dyn Tables>),
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Model::Built { names, index: _ } => write!(f, "Built({} names)", names.forms.len()),
            Model::Tables(t) => write!(f, "Tables({t:?})"),
        }
    }
}

/// What a corpus derives from all its articles together (the names model
/// and the index): rebuilt when any article or the style guide changes.
#[derive(Debug, serde::Deserialize)]
pub struct Derived {
    names: NameModel,
    index: index::Index,
}

/// [`Derived`], borrowed from a corpus for writing.
#[derive(Debug, serde::Serialize)]
pub struct DerivedRef<'a> {
    names: &'a NameModel,
    index: &'a index::Index,
}

/// `f` over `items` on the available cores, results in order.
pub fn parallel_map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    if workers == 1 {
        return items.into_iter().map(f).collect();
    }
    let mut chunks: Vec<Vec<(usize, T)>> = (0..workers).map(|_| Vec::new()).collect();
    for (i, t) in items.into_iter().enumerate() {
        chunks[i % workers].push((i, t));
    }
    let f = &f;
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(i, t)| (i, f(t)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        // A worker's panic is the caller's: no item is lost silently.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|d| d.0);
    done.into_iter().map(|d| d.1).collect()
}

/// A corpus written in a test: each article a headline line, a blank line, then the text.
#[cfg(test)]
pub(crate) fn inline_corpus(articles: &[&str]) -> Corpus {
    let named: Vec<(String, String)> = articles
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("a{i}.txt"), format!("Headline\n\n{t}\n")))
        .collect();
    let refs: Vec<(&str, &str)> = named
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    Corpus::from_texts(&refs, None)
}

/// The seed corpus (the project's `corpus/`), for the core's own tests:
/// read from the checkout, since the core itself never reads files.
#[cfg(test)]
pub(crate) fn seed_corpus() -> &'static Corpus {
    static C: std::sync::OnceLock<Corpus> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let mut texts = Vec::new();
        let mut guide = StyleGuide::default();
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("corpus/")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&p).unwrap();
            if name == style::FILE_NAME {
                guide = StyleGuide::parse(&text, &mut Vec::new());
            } else if name.ends_with(".txt") || name.ends_with(".md") {
                texts.push(ArticleText {
                    path: format!("corpus/{name}"),
                    file: None,
                    text,
                });
            }
        }
        Corpus::build(texts, guide)
    })
}
