//! The persisted index: the analysed corpus written to one file per set of
//! corpus folders, memory-mapped on open, so a restart reads the analyses
//! instead of redoing them.
//!
//! The file holds each article's analysis ([`Doc`]) under its key (path,
//! size, modification time) and, apart, what is derived from all of them
//! together (the names model and the index, [`Derived`]). Opening lists the
//! folders and compares keys: an unchanged article's analysis is read from
//! the file, an added or changed one is read and analysed, a removed one is
//! dropped; the derived part is read when nothing changed and rebuilt from
//! the analyses otherwise. The file is then rewritten: to a temporary name,
//! flushed, and renamed over the old one, so a crash mid-write leaves the
//! old index whole, and a reader that mapped the old file keeps its own copy
//! (a rename never changes a mapped file's bytes).
//!
//! A file that is not an index of this build (another version's model, a
//! truncated or corrupt file) is never trusted: it is rebuilt, with a
//! warning naming it. Where no index can be written (read-only cache
//! folder, full disk) the corpus is used all the same, with a warning.

use crate::health::{Event, IndexProbe, Tell, Watch};
use crate::loader::{self, Listing};
use crate::progress::{Counter, Progress, Silent};
use copydesk_core::corpus::{Article, ArticleText, Derived, DocSource, flat, parallel_map};
use copydesk_core::model::wordhash::fnv1a;
use copydesk_core::{Corpus, Doc};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

/// The layout of an index file: the header below and where its parts are.
/// Raise it by one whenever the layout changes (`tests` below holds a
/// snapshot of an encoded header to it); what the parts hold is versioned
/// apart, by [`copydesk_core::MODEL_VERSION`]. An index file of another
/// layout or model version is rebuilt, never read.
pub const INDEX_FORMAT_VERSION: u8 = 5;

/// The first bytes of every index file: a name, then [`INDEX_FORMAT_VERSION`].
const MAGIC: [u8; 16] = *b"copydesk index\0\0";

fn magic() -> [u8; 16] {
    let mut m = MAGIC;
    m[15] = INDEX_FORMAT_VERSION;
    m
}

/// Where a part is in the file, and its CRC-32: (offset, length, crc). A
/// part whose bytes do not match is never decoded (a bit flipped on disk
/// must not become a wrong finding, or a panic in the analysis).
type Span = (u64, u64, u32);

#[derive(Serialize, Deserialize)]
struct Header {
    /// The core's [`copydesk_core::MODEL_VERSION`] when the parts were
    /// analysed: an index of another model version is rebuilt.
    model: u32,
    /// The style guides' hash ([`Listing::guide_hash`]).
    guide: u64,
    articles: Vec<Entry>,
    /// Listed files that could not be read as articles, with the warning
    /// that said why: remembered, so an unchanged unreadable file is not
    /// taken for a change (or for damage) at every open.
    skipped: Vec<(Key, String)>,
    /// [`Derived`] for exactly these articles and that guide.
    derived: Span,
    /// The CRC-32 of the derived part's encoded head (what is decoded at
    /// open; its tables are read in place later).
    derived_head: u32,
}

/// An article in the index, with the key that says whether it is still
/// current: as git's index, the size, modification and status-change
/// times and the inode, so an edit in place that keeps the size and the
/// modification time (a tool that restores it) is still seen; and a key
/// no older than the index file itself is not trusted (see [`racy`]).
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Hash, Debug)]
struct Key {
    /// The article's path as listed (how findings name it).
    path: PathBuf,
    size: u64,
    /// Modification time, nanoseconds since the epoch.
    mtime: u128,
    /// Status-change time, nanoseconds since the epoch (0 where unknown).
    ctime: i128,
    /// The file's device and inode (0 where unknown).
    dev: u64,
    ino: u64,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    key: Key,
    /// The file on disk (canonical path), for go-to-definition.
    file: PathBuf,
    doc: Span,
}

/// What opening an index did, for `copydesk index build` and the logs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub file: Option<PathBuf>,
    /// Articles whose analysis was read from the index.
    pub reused: usize,
    /// Articles read and analysed (added or changed).
    pub analysed: usize,
    /// Articles the old index had that are gone.
    pub removed: usize,
    /// The derived part (names, postings) was read, not rebuilt.
    pub derived_reused: bool,
    /// A new index file was written.
    pub written: bool,
    /// Why a new index file was needed but could not be written.
    pub write_error: Option<String>,
    /// Bytes of the articles' analyses and of the derived part, in the file.
    pub sizes: (u64, u64),
}

/// The folder index files go in: `$COPYDESK_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/copydesk`, else `~/.cache/copydesk`.
pub fn cache_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    env("COPYDESK_CACHE_DIR")
        .or_else(|| env("XDG_CACHE_HOME").map(|d| d.join("copydesk")))
        .or_else(|| env("HOME").map(|d| d.join(".cache/copydesk")))
}

/// The index file for a set of corpus folders: named by a hash of their
/// canonical paths, so each set has its own.
pub fn index_file(dirs: &[PathBuf]) -> Option<PathBuf> {
    let mut key = Vec::new();
    for d in dirs {
        let d = std::fs::canonicalize(d).unwrap_or(d.clone());
        key.extend_from_slice(d.as_os_str().as_encoded_bytes());
        key.push(0);
    }
    Some(cache_dir()?.join(format!("index-{:016x}.cdx", fnv1a(&key))))
}

/// The corpus in `dirs`, from its index where the index is current, and
/// the index brought up to date. `Err` only when a folder cannot be read.
pub fn open(dirs: &[PathBuf]) -> Result<(Corpus, Vec<String>, Report), String> {
    open_with(dirs, index_file(dirs).as_deref(), Verify::OnUse)
}

/// When an index's checksums are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verify {
    /// Every part at open (`copydesk index build`): reads the whole file.
    All,
    /// The header and the derived part's encoded head at open, and each
    /// article's analysis when a query first reads it (`check`, the
    /// server): opening touches only what it decodes. A damaged table of
    /// numbers is then caught by its structure checks (`flat`) and bounds
    /// checks where it is used; it cannot crash the server.
    OnUse,
}

/// [`open`] with the index at `file` (none: build without one).
pub fn open_with(
    dirs: &[PathBuf],
    file: Option<&Path>,
    verify: Verify,
) -> Result<(Corpus, Vec<String>, Report), String> {
    open_watched(dirs, file, verify, &Watch::default())
}

/// [`open_with`], reporting what is found later (an article's analysis
/// damaged where a query reads it, the file changed by another process)
/// to `watch`.
pub fn open_watched(
    dirs: &[PathBuf],
    file: Option<&Path>,
    verify: Verify,
    watch: &Watch,
) -> Result<(Corpus, Vec<String>, Report), String> {
    open_progress(dirs, file, verify, watch, &Silent)
}

/// [`open_watched`], telling `progress` how a build goes (nothing when the
/// index is current). What is built is the same.
pub fn open_progress(
    dirs: &[PathBuf],
    file: Option<&Path>,
    verify: Verify,
    watch: &Watch,
    progress: &dyn Progress,
) -> Result<(Corpus, Vec<String>, Report), String> {
    Ok(open_listed(
        loader::list(dirs)?,
        file,
        verify,
        watch,
        progress,
    ))
}

/// The corpus as the index file at `file` last recorded it, without
/// comparing it with the articles in `dirs` now: what the server answers
/// from while the folders are indexed again. `None` when there is no index
/// this build can read there, or it was made under another style guide.
/// Nothing is written, and the file is not watched.
pub fn open_previous(dirs: &[PathBuf], file: &Path) -> Option<Corpus> {
    let listing = loader::list(dirs).ok()?;
    let old = Arc::new(Mapped::open(file, &mut Vec::new(), None)?);
    if old.header.guide != listing.guide_hash || old.header.articles.is_empty() {
        return None;
    }
    let derived = old.derived(Verify::OnUse)?;
    let docs = lazy_articles(&old, 0..old.header.articles.len());
    Some(Corpus::assemble(docs, listing.guide, Some(derived)))
}

fn open_listed(
    listing: Listing,
    file: Option<&Path>,
    verify: Verify,
    watch: &Watch,
    progress: &dyn Progress,
) -> (Corpus, Vec<String>, Report) {
    let Listing {
        articles,
        guide,
        guide_hash,
        mut warnings,
    } = listing;
    let mut report = Report {
        file: file.map(Path::to_path_buf),
        ..Report::default()
    };
    let old = file
        .and_then(|f| Mapped::open(f, &mut warnings, Some(watch.tell())))
        .map(Arc::new);
    // The derived part is decoded on another core while the articles' keys
    // are read (a `stat` each: a fifth of reopening 100,000 articles); it
    // is dropped if any key or the style guide changed.
    let (keys, mut derived) = std::thread::scope(|s| {
        let speculative = old
            .as_ref()
            .filter(|o| {
                o.header.guide == guide_hash
                    && o.header.articles.len() + o.header.skipped.len() == articles.len()
            })
            .map(|o| s.spawn(move || o.derived(verify)));
        let keys: Vec<Option<Key>> = articles.iter().map(|p| key_of(p)).collect();
        (keys, speculative.and_then(|h| h.join().ok().flatten()))
    });
    // A key no older than the index file could have changed again within
    // the same tick of the clock after the index was written: not trusted.
    let keys_now: Vec<Option<Key>> = keys
        .iter()
        .map(|k| {
            let k = k.as_ref()?;
            (!racy(k, old.as_ref()?.written)).then(|| k.clone())
        })
        .collect();

    // Nothing changed since the index was written: open it as it is. The
    // names model is decoded now and the postings read in place from the
    // map; each article's analysis is decoded when a query first reaches it.
    let same = old
        .as_ref()
        .and_then(|o| unchanged(o, &keys_now, guide_hash));
    if let (Some(old), Some(same)) = (&old, &same) {
        let checked = verify == Verify::OnUse
            || same
                .hits
                .iter()
                .all(|&i| old.part(old.header.articles[i].doc).is_some());
        if let (true, Some(derived)) = (checked, derived.take()) {
            // Each unreadable file is named once, as when it was read.
            warnings.extend(same.still_skipped.iter().cloned());
            OPENED
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(Arc::downgrade(old));
            watch.watch_index(Box::new(Probe(Arc::downgrade(old))));
            report.reused = same.hits.len();
            report.derived_reused = true;
            let docs = lazy_articles(old, same.hits.iter().copied());
            return (
                Corpus::assemble(docs, guide, Some(derived)),
                warnings,
                report,
            );
        }
    }

    // Otherwise each listed article's analysis comes from the old index if
    // its key is unchanged, else from reading and analysing it now; the
    // names and postings are rebuilt from them, and the index rewritten.
    let listed: HashSet<&Path> = articles.iter().map(PathBuf::as_path).collect();
    report.removed = old.as_ref().map_or(0, |o| {
        o.header
            .articles
            .iter()
            .filter(|e| !listed.contains(e.key.path.as_path()))
            .count()
    });
    let gathered = gather(
        &articles,
        keys,
        &keys_now,
        old.as_ref(),
        &mut warnings,
        progress,
    );
    report.reused = gathered.reused;
    report.analysed = gathered.docs.len() - gathered.reused;
    progress.deriving();
    if gathered.docs.is_empty() {
        warnings.push(loader::NO_ARTICLES.into());
    }
    // Unchanged yet not opened above: its derived part is damaged.
    if let (true, Some(f)) = (gathered.damaged || same.is_some(), file) {
        warnings.push(format!(
            "{}: the corpus index is damaged (a part does not match its checksum); it is rebuilt",
            f.display()
        ));
    }
    drop(old);
    let corpus = Corpus::assemble(gathered.docs, guide, None);
    if let Some(file) = file {
        write_reporting(
            file,
            &corpus,
            &gathered.keys,
            &gathered.skipped,
            guide_hash,
            &mut warnings,
            &mut report,
        );
    }
    (corpus, warnings, report)
}

/// An index whose every entry is a listed article with its key unchanged
/// (and the same style guide): what it has for the listing.
struct Unchanged {
    /// The index's entries, in listed order.
    hits: Vec<usize>,
    /// The warnings of listed files it recorded as unreadable.
    still_skipped: Vec<String>,
}

/// The index `old` as it is, if nothing listed changed since it was
/// written (`keys_now`: the listed articles' trusted keys).
fn unchanged(old: &Mapped, keys_now: &[Option<Key>], guide_hash: u64) -> Option<Unchanged> {
    let by_key: HashMap<&Key, usize> = old
        .header
        .articles
        .iter()
        .enumerate()
        .map(|(i, e)| (&e.key, i))
        .collect();
    let skipped_before: HashMap<&Key, &String> =
        old.header.skipped.iter().map(|(k, w)| (k, w)).collect();
    let hits: Vec<usize> = keys_now
        .iter()
        .filter_map(|k| by_key.get(k.as_ref()?).copied())
        .collect();
    let still_skipped: Vec<String> = keys_now
        .iter()
        .filter_map(|k| skipped_before.get(k.as_ref()?).map(|w| (*w).clone()))
        .collect();
    (old.header.guide == guide_hash
        && hits.len() + still_skipped.len() == keys_now.len()
        && hits.len() == old.header.articles.len()
        && still_skipped.len() == old.header.skipped.len())
    .then_some(Unchanged {
        hits,
        still_skipped,
    })
}

/// The articles of entries `which` of `old`, each analysis decoded when a
/// query first reaches it.
fn lazy_articles(old: &Arc<Mapped>, which: impl Iterator<Item = usize>) -> Vec<Article> {
    let source: Arc<dyn DocSource> = old.clone();
    which
        .map(|i| {
            let e = &old.header.articles[i];
            Article::lazy(
                e.key.path.display().to_string(),
                Some(e.file.clone()),
                source.clone(),
                i,
            )
        })
        .collect()
}

/// The listed articles' analyses, for a rebuild.
struct Gathered {
    /// In listed order, unreadable files left out.
    docs: Vec<Article>,
    /// Their keys.
    keys: Vec<Option<Key>>,
    /// How many were read from the old index rather than analysed.
    reused: usize,
    /// Unreadable files, by key, with their warnings.
    skipped: Vec<(Key, String)>,
    /// An analysis in the old index did not match its checksum.
    damaged: bool,
}

/// Each listed article's analysis: from the old index if its key is
/// unchanged (`keys_now`), else read and analysed now, on all cores. A
/// file that cannot be read is skipped with a warning, and remembered as
/// skipped under its key.
fn gather(
    articles: &[PathBuf],
    keys: Vec<Option<Key>>,
    keys_now: &[Option<Key>],
    old: Option<&Arc<Mapped>>,
    warnings: &mut Vec<String>,
    progress: &dyn Progress,
) -> Gathered {
    enum Slot {
        Cached(Box<Article>),
        Text(ArticleText),
    }
    let by_key: HashMap<&Key, &Entry> = old
        .map(|o| o.header.articles.iter().map(|e| (&e.key, e)).collect())
        .unwrap_or_default();
    let hits: Vec<(usize, &Entry)> = keys_now
        .iter()
        .enumerate()
        .filter_map(|(i, k)| Some((i, *by_key.get(k.as_ref()?)?)))
        .collect();
    let mut slots: Vec<Option<Slot>> = (0..articles.len()).map(|_| None).collect();
    let mut damaged = false;
    progress.begin(articles.len(), articles.len() - hits.len());
    let counter = Counter {
        progress,
        done: Default::default(),
        total: articles.len(),
    };
    if let Some(old) = old {
        let read = |(i, e): (usize, &Entry)| {
            let doc = old.doc(e);
            // A damaged part is counted when it is analysed afresh.
            counter.add(usize::from(doc.is_some()));
            (i, doc, e.file.clone())
        };
        for (i, doc, file) in parallel_map(hits, read) {
            match doc {
                Some(doc) => {
                    let a = Article::new(articles[i].display().to_string(), Some(file), doc);
                    slots[i] = Some(Slot::Cached(Box::new(a)));
                }
                // A damaged part: the article is analysed afresh.
                None => damaged = true,
            }
        }
    }
    let mut skipped = Vec::new();
    for (i, p) in articles.iter().enumerate() {
        if slots[i].is_none() {
            let before = warnings.len();
            slots[i] = loader::read_article(p, warnings).map(Slot::Text);
            if let (None, Some(key), Some(why)) = (&slots[i], &keys[i], warnings.get(before)) {
                skipped.push((key.clone(), why.clone()));
            }
            if slots[i].is_none() {
                counter.add(1);
            }
        }
    }
    let (slots, keys): (Vec<Slot>, Vec<Option<Key>>) = slots
        .into_iter()
        .zip(keys)
        .filter_map(|(s, k)| Some((s?, k)))
        .unzip();
    let reused = slots
        .iter()
        .filter(|s| matches!(s, Slot::Cached(_)))
        .count();
    let docs: Vec<Article> = parallel_map(slots, |s| match s {
        Slot::Cached(a) => *a,
        Slot::Text(t) => {
            let a = Corpus::parse(t);
            counter.add(1);
            a
        }
    });
    Gathered {
        docs,
        keys,
        reused,
        skipped,
        damaged,
    }
}

/// Write the index for `corpus` at `file`, saying in `warnings` and
/// `report` how it went (a corpus whose index cannot be written is used
/// without it).
fn write_reporting(
    file: &Path,
    corpus: &Corpus,
    keys: &[Option<Key>],
    skipped: &[(Key, String)],
    guide_hash: u64,
    warnings: &mut Vec<String>,
    report: &mut Report,
) {
    match write(file, corpus, keys, skipped, guide_hash) {
        Ok(sizes) => {
            written_by_us(file);
            report.written = true;
            report.sizes = sizes;
        }
        Err(e) => {
            warnings.push(format!(
                "{}: the corpus index could not be written ({e}); the corpus is used without it",
                file.display()
            ));
            report.write_error = Some(e.to_string());
        }
    }
}

/// Whether `key` is no older than the index file (written at `written`,
/// by the same clock and with the same granularity as the article's
/// times): the article may have changed again within that tick, after it
/// was read, without its times changing. Git calls such entries "racily
/// clean" and re-reads them; so does this index (the rewrite that follows
/// is newer, so it settles at the next open).
fn racy(key: &Key, written: Option<(u128, i128)>) -> bool {
    let Some((mtime, ctime)) = written else {
        return true;
    };
    key.mtime >= mtime || key.ctime >= ctime
}

/// An article's key, from its metadata (following symbolic links).
fn key_of(p: &Path) -> Option<Key> {
    let m = std::fs::metadata(p).ok().filter(|m| m.is_file())?;
    let (mtime, ctime, dev, ino) = times(&m)?;
    Some(Key {
        path: p.to_path_buf(),
        size: m.len(),
        mtime,
        ctime,
        dev,
        ino,
    })
}

/// Modification and status-change times (nanoseconds since the epoch),
/// device and inode.
fn times(m: &std::fs::Metadata) -> Option<(u128, i128, u64, u64)> {
    let mtime = m
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ctime = i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec());
        Some((mtime, ctime, m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    Some((mtime, 0, 0, 0))
}

/// An index file, mapped.
struct Mapped {
    /// Shared with the corpus's tables, which are read from it in place.
    map: Arc<guard::Guarded>,
    header: Header,
    /// Where the parts start (just after the header).
    base: u64,
    /// Where it was opened from.
    path: PathBuf,
    /// The file's own modification and status-change times (see [`racy`]).
    written: Option<(u128, i128)>,
    /// The analyses found damaged when read and made again from their
    /// articles: (entry, encoded analysis).
    repaired: std::sync::Mutex<Vec<(usize, Vec<u8>)>>,
    /// What the file at `path` looked like when opened (or repaired by us):
    /// any other change is another process's (see [`Probe`]).
    stamp: std::sync::Mutex<Option<Stamp>>,
    /// Whether its [`Probe`] has named it.
    reported: std::sync::atomic::AtomicBool,
    /// Where damage found as analyses are read is reported.
    tell: Option<Tell>,
}

/// A file's device, inode, size, and modification and change times.
type Stamp = (u64, u64, u64, u128, i128);

fn stamp(m: &std::fs::Metadata) -> Option<Stamp> {
    let (mtime, ctime, dev, ino) = times(m)?;
    Some((dev, ino, m.len(), mtime, ctime))
}

/// The indexes opened for use (`check`, the server), to look at for changes.
static OPENED: std::sync::Mutex<Vec<std::sync::Weak<Mapped>>> = std::sync::Mutex::new(Vec::new());

/// This process replaced `file`: not another process's change to report.
fn written_by_us(file: &Path) {
    for m in OPENED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .filter_map(std::sync::Weak::upgrade)
    {
        if m.path == file {
            m.reported.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

/// The index file an open corpus reads in place, watched for another
/// process's change (rewritten in place, truncated: the reads that found a
/// page gone got zeros, see [`guard`]; or replaced), named once: the
/// server opens the corpus again. A `stat` each time it is asked.
struct Probe(std::sync::Weak<Mapped>);

impl IndexProbe for Probe {
    fn changed(&self) -> Option<PathBuf> {
        let m = self.0.upgrade()?;
        let now = std::fs::metadata(&m.path).ok().and_then(|m| stamp(&m));
        let before = *m.stamp.lock().unwrap_or_else(|e| e.into_inner());
        ((m.map.hit() || now != before)
            && !m.reported.swap(true, std::sync::atomic::Ordering::SeqCst))
        .then(|| m.path.clone())
    }
}

impl std::fmt::Debug for Mapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Mapped({} articles, {} bytes)",
            self.header.articles.len(),
            self.map.len()
        )
    }
}

/// An opened index hands out the analyses of its articles, by entry number.
impl DocSource for Mapped {
    fn load(&self, key: usize) -> Option<Doc> {
        let e = self.header.articles.get(key)?;
        self.doc(e).or_else(|| self.reanalyse(key, e))
    }

    fn stored(&self, key: usize) -> Option<Vec<u8>> {
        self.part(self.header.articles.get(key)?.doc)
            .map(<[u8]>::to_vec)
    }
}

impl Mapped {
    /// The index at `f`, if there is one this build can read; a file that
    /// is there but unreadable gets a warning (and is rebuilt).
    fn open(f: &Path, warnings: &mut Vec<String>, tell: Option<Tell>) -> Option<Mapped> {
        let file = std::fs::File::open(f).ok()?;
        let meta = file.metadata().ok()?;
        let (mtime, ctime, _, _) = times(&meta)?;
        // SAFETY: index files are only ever replaced by rename, never
        // written in place (see `write`), so the mapped bytes do not change
        // under us by our hand; every read below is bounds-checked, every
        // part checksummed or structure-checked, and another process's
        // truncation reads as zeros, not SIGBUS (see `guard`).
        let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
        match Mapped::parse(guard::Guarded::new(map)) {
            Ok(mut m) => {
                m.path = f.to_path_buf();
                m.written = Some((mtime, ctime));
                m.stamp = std::sync::Mutex::new(stamp(&meta));
                m.tell = tell;
                Some(m)
            }
            Err(why) => {
                if why != STALE {
                    warnings.push(format!(
                        "{}: the corpus index is unreadable ({why}); it is rebuilt",
                        f.display()
                    ));
                }
                None
            }
        }
    }

    fn parse(map: guard::Guarded) -> Result<Mapped, &'static str> {
        let bytes = &map[..];
        if bytes.len() < 24 || bytes[..15] != MAGIC[..15] {
            return Err("not a copydesk index");
        }
        if bytes[15] != INDEX_FORMAT_VERSION {
            return Err(STALE);
        }
        let len = u64::from_le_bytes(bytes[16..24].try_into().map_err(|_| "truncated")?);
        let end = 24usize
            .checked_add(usize::try_from(len).map_err(|_| "truncated")?)
            .ok_or("truncated")?;
        let head = bytes.get(24..end).ok_or("truncated")?;
        let header: Header = postcard::from_bytes(head).map_err(|_| "its header is corrupt")?;
        if header.model != copydesk_core::MODEL_VERSION {
            return Err(STALE);
        }
        Ok(Mapped {
            header,
            base: end as u64,
            map: Arc::new(map),
            path: PathBuf::new(),
            written: None,
            repaired: std::sync::Mutex::default(),
            stamp: std::sync::Mutex::default(),
            reported: std::sync::atomic::AtomicBool::new(false),
            tell: None,
        })
    }

    /// The bytes of a part, unchecked.
    fn unchecked(&self, off: u64, len: u64) -> Option<&[u8]> {
        let start = usize::try_from(self.base.checked_add(off)?).ok()?;
        self.map
            .get(start..start.checked_add(usize::try_from(len).ok()?)?)
    }

    /// The bytes of a part, if they match its checksum.
    fn part(&self, (off, len, crc): Span) -> Option<&[u8]> {
        let bytes = self.unchecked(off, len)?;
        (crc32fast::hash(bytes) == crc).then_some(bytes)
    }

    fn doc(&self, e: &Entry) -> Option<Doc> {
        postcard::from_bytes(self.part(e.doc)?).ok()
    }

    /// The analysis of entry `i`, whose stored part is damaged, made again
    /// from its article (if the article has not changed since the index was
    /// written: its analysis must match the postings), with a warning naming
    /// both; the index file is repaired (rewritten with the new part).
    fn reanalyse(&self, i: usize, e: &Entry) -> Option<Doc> {
        let p = &e.key.path;
        let mut why = Vec::new();
        let unchanged = key_of(p).as_ref() == Some(&e.key);
        let text = unchanged
            .then(|| loader::read_article(p, &mut why))
            .flatten()
            .filter(|_| key_of(p).as_ref() == Some(&e.key));
        let Some(text) = text else {
            self.report_damage(format!(
                "{}: the analysis of {} in the corpus index is damaged and the article changed or cannot be read; its findings are left out until the index is rebuilt",
                self.path.display(),
                p.display()
            ));
            return None;
        };
        let doc = Doc::parse_article(&text.text, copydesk_core::Format::from_path(&text.path));
        let repaired = match postcard::to_stdvec(&doc) {
            Ok(blob) => {
                let mut fixes = self.repaired.lock().unwrap_or_else(|e| e.into_inner());
                fixes.retain(|(j, _)| *j != i);
                fixes.push((i, blob));
                self.rewrite(&fixes)
            }
            Err(e) => Err(std::io::Error::other(e.to_string())),
        };
        self.report_damage(format!(
            "{}: the analysis of {} in the corpus index is damaged (it does not match its checksum); it was analysed again from the article{}",
            self.path.display(),
            p.display(),
            match repaired {
                Ok(()) => " and the index repaired".to_string(),
                Err(e) => format!(" (the index could not be repaired: {e})"),
            }
        ));
        Some(doc)
    }

    fn report_damage(&self, w: String) {
        if let Some(t) = &self.tell {
            t.send(Event::IndexDamaged(w));
        }
    }

    /// Write this index again with the `fixes` (entry, encoded analysis) in
    /// place of damaged parts, every other part copied as it is (checksums
    /// included), and rename it over the file, if that is still the file
    /// this was read from (another process may have replaced it).
    fn rewrite(&self, fixes: &[(usize, Vec<u8>)]) -> std::io::Result<()> {
        let now = || std::fs::metadata(&self.path).ok().and_then(|m| stamp(&m));
        let mut seen = self.stamp.lock().unwrap_or_else(|e| e.into_inner());
        if now() != *seen || self.map.hit() {
            return Err(std::io::Error::other("it was changed meanwhile"));
        }
        let bad = || std::io::Error::other("a part is out of bounds");
        let mut header = Header {
            model: self.header.model,
            guide: self.header.guide,
            articles: Vec::with_capacity(self.header.articles.len()),
            skipped: self.header.skipped.clone(),
            derived: self.header.derived,
            derived_head: self.header.derived_head,
        };
        let mut parts: Vec<&[u8]> = Vec::new();
        let mut off = 0u64;
        for (i, e) in self.header.articles.iter().enumerate() {
            let (blob, crc) = match fixes.iter().find(|(j, _)| *j == i) {
                Some((_, b)) => (&b[..], crc32fast::hash(b)),
                None => (self.unchecked(e.doc.0, e.doc.1).ok_or_else(bad)?, e.doc.2),
            };
            header.articles.push(Entry {
                key: e.key.clone(),
                file: e.file.clone(),
                doc: (off, blob.len() as u64, crc),
            });
            parts.push(blob);
            off += blob.len() as u64;
        }
        let (doff, dlen, dcrc) = self.header.derived;
        let derived = self.unchecked(doff, dlen).ok_or_else(bad)?;
        const PAD: [u8; 8] = [0; 8];
        let pad = (off.next_multiple_of(8) - off) as usize;
        parts.push(&PAD[..pad]);
        header.derived = (off + pad as u64, dlen, dcrc);
        parts.push(derived);
        if self.map.hit() {
            return Err(std::io::Error::other("it was changed meanwhile"));
        }
        write_file(&self.path, &header, &parts)?;
        // Our own repair is not another process's change.
        *seen = now();
        Ok(())
    }

    fn derived(&self, verify: Verify) -> Option<Derived> {
        // Checked (all of it, or its encoded head), then decoded with its
        // tables read in place from the map.
        let part = match verify {
            Verify::All => self.part(self.header.derived)?,
            Verify::OnUse => {
                let (off, len, _) = self.header.derived;
                let part = self.unchecked(off, len)?;
                let head = 8 + usize::try_from(u64::from_le_bytes(part.get(..8)?.try_into().ok()?))
                    .ok()?;
                (crc32fast::hash(part.get(..head)?) == self.header.derived_head).then_some(part)?
            }
        };
        let start = part.as_ptr() as usize - self.map.as_ptr() as usize;
        flat::decode(self.map.clone() as flat::Backing, start..start + part.len())
    }
}

/// Why an index of another layout or model version is not read (not worth
/// a warning: it is a cache, simply rebuilt, as `copydesk index build` would).
const STALE: &str = "made by another version of copydesk";

/// Write the index for `corpus` (whose articles have `keys`, in order) to
/// `file`, atomically.
fn write(
    file: &Path,
    corpus: &Corpus,
    keys: &[Option<Key>],
    skipped: &[(Key, String)],
    guide: u64,
) -> std::io::Result<(u64, u64)> {
    let err = |e: postcard::Error| std::io::Error::other(e.to_string());
    // The parts, serialised on all cores.
    let docs: Vec<&Article> = corpus.docs.iter().collect();
    let blobs: Vec<Result<Vec<u8>, postcard::Error>> =
        parallel_map(docs, |a| postcard::to_stdvec(a.doc()));
    let derived =
        flat::encode(&corpus.derived().ok_or_else(|| {
            std::io::Error::other("only a corpus built from folders has an index")
        })?)
        .map_err(err)?;
    let mut articles = Vec::new();
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut off = 0u64;
    for ((a, key), blob) in corpus.docs.iter().zip(keys).zip(&blobs) {
        let blob = blob.as_ref().map_err(|e| err(e.clone()))?;
        // An article without a key (it changed as it was read) is analysed
        // again next time.
        if let (Some(key), Some(f)) = (key, &a.file) {
            articles.push(Entry {
                key: key.clone(),
                file: f.clone(),
                doc: (off, blob.len() as u64, crc32fast::hash(blob)),
            });
            parts.push(blob);
            off += blob.len() as u64;
        }
    }
    // The derived part starts on an 8-byte boundary of the file (its tables
    // are read in place; see `flat`): the header and the analyses are padded.
    const PAD: [u8; 8] = [0; 8];
    let pad = (off.next_multiple_of(8) - off) as usize;
    parts.push(&PAD[..pad]);
    off += pad as u64;
    let head_len = 8 + u64::from_le_bytes(
        derived[..8]
            .try_into()
            .expect("flat::encode writes a length"),
    ) as usize;
    let derived_head = crc32fast::hash(&derived[..head_len]);
    let header = Header {
        model: copydesk_core::MODEL_VERSION,
        guide,
        articles,
        skipped: skipped.to_vec(),
        derived: (off, derived.len() as u64, crc32fast::hash(&derived)),
        derived_head,
    };
    parts.push(&derived[..]);
    write_file(file, &header, &parts)?;
    Ok((off - pad as u64, derived.len() as u64))
}

/// Distinguishes the temporary files of writers in one process.
static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Write `header` and `parts` to `file` atomically: to a temporary file in
/// its folder, flushed, then renamed over it. The temporary file is removed
/// on every error (a full disk, a file-size limit: see
/// [`ignore_file_size_signal`]).
fn write_file(file: &Path, header: &Header, parts: &[&[u8]]) -> std::io::Result<()> {
    let mut head = postcard::to_stdvec(header).map_err(|e| std::io::Error::other(e.to_string()))?;
    head.resize((24 + head.len()).next_multiple_of(8) - 24, 0);
    let dir = file.parent().unwrap_or(Path::new("."));
    // The index holds the articles' text: a folder of the user's own.
    let mut mk = std::fs::DirBuilder::new();
    mk.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut mk, 0o700);
    mk.create(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}-{}.tmp",
        file.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id(),
        WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let result = (|| {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let mut out = std::io::BufWriter::with_capacity(1 << 20, opts.open(&tmp)?);
        out.write_all(&magic())?;
        out.write_all(&(head.len() as u64).to_le_bytes())?;
        out.write_all(&head)?;
        for p in parts {
            out.write_all(p)?;
        }
        out.flush()?;
        let f = out.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, file)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    evict(dir, file);
    Ok(())
}

/// Ignore `SIGXFSZ`: a write past a file-size limit (`ulimit -f`) then
/// fails with an error, which the index treats as any write error (the
/// corpus is used without it), instead of killing the process.
pub fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN has no preconditions.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// Where each article's analysis is in the index `file`: (article path,
/// byte range in the file). For tests that damage one article's part.
#[doc(hidden)]
pub fn article_parts(file: &Path) -> Option<Vec<(PathBuf, std::ops::Range<usize>)>> {
    let m = Mapped::open(file, &mut Vec::new(), None)?;
    m.header
        .articles
        .iter()
        .map(|e| {
            let start = usize::try_from(m.base + e.doc.0).ok()?;
            Some((
                e.key.path.clone(),
                start..start + usize::try_from(e.doc.1).ok()?,
            ))
        })
        .collect()
}

/// The most index files the cache folder keeps: a reporter works with one
/// or two corpora, and each index is about ten times its corpus's text
/// (45 MB for the 5 MB BBC archive), so older ones, for folders no longer
/// used (an evaluation's temporary corpus), are removed, least recently
/// written first. Removing a file another process has mapped is safe: its
/// mapping keeps the bytes.
const MAX_INDEXES: usize = 8;

fn evict(dir: &Path, keep: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p != keep)
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .filter(|(when, p)| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // A temporary file left by a writer that died (an hour is far
            // longer than any write takes) goes at once.
            if name.starts_with(".index-")
                && name.ends_with(".tmp")
                && when.elapsed().is_ok_and(|age| age.as_secs() > 3600)
            {
                let _ = std::fs::remove_file(p);
            }
            name.starts_with("index-") && name.ends_with(".cdx")
        })
        .collect();
    found.sort();
    let excess = found.len().saturating_sub(MAX_INDEXES - 1);
    for (_, p) in found.into_iter().take(excess) {
        let _ = std::fs::remove_file(p);
    }
}

/// A mapped index file that another process truncates cannot kill this one
/// with `SIGBUS`. Of the sound ways (read the file into memory: 55 MB more
/// per process for the BBC archive's index, where a whole `check` takes
/// about 80 MB; a lock: only our own writers would honour it; check the
/// size before each access: every in-place table read in the core would
/// need it, and a truncation between check and read still faults), this
/// keeps the map:
/// a `SIGBUS` handler that, for an address in a registered index mapping,
/// puts a zero page where the file's page was and notes it. The read then
/// sees zeros: an article's analysis fails its checksum and is made again
/// from the article; the tables read in place are structure- and
/// bounds-checked; and the mapping is reported changed
/// (its [`Probe`]), so the server opens the index again. A `SIGBUS`
/// elsewhere goes to the handler that was there before.
mod guard {
    #[cfg(unix)]
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    /// How many index mappings can be guarded at once (a process opens one
    /// per corpus; more are mapped unguarded, as before).
    #[cfg(unix)]
    const SLOTS: usize = 64;
    #[cfg(unix)]
    static START: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
    #[cfg(unix)]
    static END: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
    #[cfg(unix)]
    static HIT: [AtomicBool; SLOTS] = [const { AtomicBool::new(false) }; SLOTS];
    #[cfg(unix)]
    static PAGE: AtomicUsize = AtomicUsize::new(4096);
    #[cfg(unix)]
    static PREVIOUS: std::sync::OnceLock<libc::sigaction> = std::sync::OnceLock::new();

    pub struct Guarded {
        map: memmap2::Mmap,
        slot: Option<usize>,
    }

    impl AsRef<[u8]> for Guarded {
        fn as_ref(&self) -> &[u8] {
            &self.map
        }
    }

    impl std::ops::Deref for Guarded {
        type Target = [u8];
        fn deref(&self) -> &[u8] {
            &self.map
        }
    }

    impl Guarded {
        pub fn new(map: memmap2::Mmap) -> Guarded {
            #[cfg(unix)]
            {
                install();
                let start = map.as_ptr() as usize;
                let slot = (!map.is_empty())
                    .then(|| {
                        (0..SLOTS).find(|&i| {
                            START[i]
                                .compare_exchange(0, start, Ordering::SeqCst, Ordering::SeqCst)
                                .is_ok()
                        })
                    })
                    .flatten();
                if let Some(i) = slot {
                    HIT[i].store(false, Ordering::SeqCst);
                    END[i].store(start + map.len(), Ordering::SeqCst);
                }
                Guarded { map, slot }
            }
            #[cfg(not(unix))]
            Guarded { map, slot: None }
        }

        /// Whether a read found a page of the file gone (it was truncated).
        pub fn hit(&self) -> bool {
            #[cfg(unix)]
            return self.slot.is_some_and(|i| HIT[i].load(Ordering::SeqCst));
            #[cfg(not(unix))]
            false
        }
    }

    impl Drop for Guarded {
        fn drop(&mut self) {
            // Unregistered before the map is unmapped (fields drop after this).
            #[cfg(unix)]
            if let Some(i) = self.slot {
                END[i].store(0, Ordering::SeqCst);
                START[i].store(0, Ordering::SeqCst);
            }
        }
    }

    #[cfg(unix)]
    fn install() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // SAFETY: sysconf has no preconditions; the sigaction structs
            // are zeroed plain data, filled in before use.
            unsafe {
                if let Ok(p) = usize::try_from(libc::sysconf(libc::_SC_PAGESIZE)) {
                    if p.is_power_of_two() {
                        PAGE.store(p, Ordering::SeqCst);
                    }
                }
                let mut old: libc::sigaction = std::mem::zeroed();
                let mut sa: libc::sigaction = std::mem::zeroed();
                sa.sa_sigaction = on_sigbus as *const () as usize;
                sa.sa_flags = libc::SA_SIGINFO;
                libc::sigemptyset(&mut sa.sa_mask);
                if libc::sigaction(libc::SIGBUS, &sa, &mut old) == 0 {
                    let _ = PREVIOUS.set(old);
                }
            }
        });
    }

    /// Only async-signal-safe work: atomics, `mmap`, `sigaction`.
    #[cfg(unix)]
    extern "C" fn on_sigbus(_: libc::c_int, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
        // SAFETY: the kernel passes a valid siginfo for SA_SIGINFO handlers.
        let addr = unsafe { (*info).si_addr() } as usize;
        for i in 0..SLOTS {
            let (start, end) = (
                START[i].load(Ordering::SeqCst),
                END[i].load(Ordering::SeqCst),
            );
            if start != 0 && (start..end).contains(&addr) {
                let page = PAGE.load(Ordering::SeqCst);
                // SAFETY: the page is inside our own live mapping of the
                // index (registered until just before it is unmapped);
                // replacing it with a private zero page only changes what
                // later reads of it see.
                let r = unsafe {
                    libc::mmap(
                        (addr & !(page - 1)) as *mut libc::c_void,
                        page,
                        libc::PROT_READ,
                        libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                        -1,
                        0,
                    )
                };
                if r != libc::MAP_FAILED {
                    HIT[i].store(true, Ordering::SeqCst);
                    return;
                }
            }
        }
        // Not ours: the handler before ours (or the default) takes it when
        // the access faults again.
        let dfl = {
            // SAFETY: zeroed sigaction is a valid SIG_DFL action.
            let mut d: libc::sigaction = unsafe { std::mem::zeroed() };
            d.sa_sigaction = libc::SIG_DFL;
            d
        };
        let previous = PREVIOUS.get().unwrap_or(&dfl);
        // SAFETY: sigaction is async-signal-safe; `previous` is a valid action.
        unsafe {
            libc::sigaction(libc::SIGBUS, previous, std::ptr::null_mut());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (format version, FNV-1a of a sample header's encoding, magic included).
    const LAYOUT_SNAPSHOT: (u8, u64) = (5, 0x072995efe1baccf9);

    /// A header with one of everything, encoded as `write_file` writes it.
    fn sample_header() -> Vec<u8> {
        let key = Key {
            path: PathBuf::from("corpus/a.txt"),
            size: 1,
            mtime: 2,
            ctime: 3,
            dev: 4,
            ino: 5,
        };
        let header = Header {
            model: 6,
            guide: 7,
            articles: vec![Entry {
                key: key.clone(),
                file: PathBuf::from("/corpus/a.txt"),
                doc: (8, 9, 10),
            }],
            skipped: vec![(key, "unreadable".to_string())],
            derived: (11, 12, 13),
            derived_head: 14,
        };
        let mut bytes = magic().to_vec();
        bytes.extend(postcard::to_stdvec(&header).unwrap());
        bytes
    }

    /// What a build told its [`Progress`], in order.
    #[derive(Default)]
    struct Recorded(std::sync::Mutex<Vec<(&'static str, usize, usize)>>);

    impl Progress for Recorded {
        fn begin(&self, total: usize, to_analyse: usize) {
            self.0.lock().unwrap().push(("begin", total, to_analyse));
        }
        fn articles(&self, done: usize, total: usize) {
            self.0.lock().unwrap().push(("articles", done, total));
        }
        fn deriving(&self) {
            self.0.lock().unwrap().push(("deriving", 0, 0));
        }
    }

    /// A progress observer changes nothing that is built: the index file
    /// is the same, byte for byte; it hears every article once, in a
    /// count that only grows, and nothing when the index is current.
    #[test]
    fn progress_observes_a_build_and_changes_nothing() {
        let base = std::env::temp_dir().join(format!("copydesk-progress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let dir = base.join("corpus");
        std::fs::create_dir_all(&dir).unwrap();
        let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for (name, text) in [
            (
                "a.txt",
                "Port fees rise\n\nThe port authority said fees would rise by 12%.\n",
            ),
            ("b.txt", "Mayor Ada Quist opened the bridge on Monday.\n"),
            (
                "c.txt",
                "Ada Quist, the mayor, said the bridge cost 40 million pounds.\n",
            ),
        ] {
            let f = std::fs::File::create(dir.join(name)).unwrap();
            std::io::Write::write_all(&mut &f, text.as_bytes()).unwrap();
            // Older than the index: never racy, so the third open reads it as current.
            f.set_modified(past).unwrap();
        }
        let dirs = vec![dir];
        let (silent, heard) = (base.join("silent.cdx"), base.join("heard.cdx"));
        open_progress(
            &dirs,
            Some(&silent),
            Verify::All,
            &Watch::default(),
            &Silent,
        )
        .unwrap();
        let rec = Recorded::default();
        open_progress(&dirs, Some(&heard), Verify::All, &Watch::default(), &rec).unwrap();
        assert_eq!(
            std::fs::read(&silent).unwrap(),
            std::fs::read(&heard).unwrap()
        );
        let calls = std::mem::take(&mut *rec.0.lock().unwrap());
        assert_eq!(calls.first(), Some(&("begin", 3, 3)), "{calls:?}");
        assert_eq!(calls.last(), Some(&("deriving", 0, 0)), "{calls:?}");
        // Each count once (threads may tell them out of order).
        let mut done: Vec<usize> = calls[1..calls.len() - 1].iter().map(|c| c.1).collect();
        done.sort_unstable();
        assert_eq!(done, vec![1, 2, 3], "{calls:?}");
        // Current: nothing built, nothing told.
        open_progress(&dirs, Some(&heard), Verify::All, &Watch::default(), &rec).unwrap();
        assert!(rec.0.lock().unwrap().is_empty());
        // The previous index answers as it was written.
        let previous = open_previous(&dirs, &heard).expect("the index just written");
        assert_eq!(previous.docs.len(), 3);
        std::fs::remove_dir_all(&base).ok();
    }

    /// The index file's layout changes only with [`INDEX_FORMAT_VERSION`]:
    /// a header encoded otherwise than the snapshot says is a new layout,
    /// which readers of the old one must not take for theirs.
    #[test]
    fn layout_changes_only_with_its_version() {
        let now = (INDEX_FORMAT_VERSION, fnv1a(&sample_header()));
        if now.0 != LAYOUT_SNAPSHOT.0 {
            panic!(
                "INDEX_FORMAT_VERSION is {} but LAYOUT_SNAPSHOT in {} was recorded for {}: set it to ({}, {:#018x})",
                now.0,
                file!(),
                LAYOUT_SNAPSHOT.0,
                now.0,
                now.1
            );
        }
        assert!(
            now == LAYOUT_SNAPSHOT,
            "the index file's layout (its Header, Entry or Key) changed without INDEX_FORMAT_VERSION: \
             raise INDEX_FORMAT_VERSION in {} to {}; this test then says what to record in \
             LAYOUT_SNAPSHOT (old index files are then rebuilt on first use, as `copydesk index build` does)",
            file!(),
            now.0 + 1,
        );
    }
}
