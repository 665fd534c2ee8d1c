//! The `LanguageServer` implementation and the state behind it.
//!
//! Edits are applied to the document's rope synchronously at the start of
//! each notification handler, before any `.await`, so pipelined changes land
//! in the order they were sent. Analysis runs on a blocking thread over a
//! copy of the rope: per document, a worker task waits out the debounce,
//! analyses, and publishes only if the version is still current. In pull
//! mode the analysis runs when the client asks for it.

use super::actions::{self, Target};
use super::building::{self, Build};
use super::config::{self, Settings};
use super::corpus::{self, LoadedCorpus};
use super::diagnostics::{Analysis, Workspace};
use super::documents::{Document, format_of};
use super::hover;
use super::position::{self, rope_char};
use crate::corpus::style;
use crate::health::Event;
use crate::text::Encoding;
use dashmap::DashMap;
use notify::Watcher;
use std::collections::{HashMap, HashSet};
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::Duration;
use tokio::sync::{OnceCell, mpsc, watch};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// What the client said it can do, reduced to what we use.
#[derive(Debug, Default, Clone, Copy)]
struct Caps {
    pull: bool,
    refresh: bool,
    dyn_watch: bool,
    relative_patterns: bool,
    configuration: bool,
    document_changes: bool,
    /// `window.workDoneProgress`: the client shows progress we create.
    work_done: bool,
}

#[derive(Default)]
struct World {
    generation: u64,
    /// Deepest root first; the last one (`root: None`) takes everything else.
    workspaces: Vec<Arc<Workspace>>,
}

#[derive(Default)]
struct Watching {
    paths: Vec<PathBuf>,
    registration: Option<String>,
    notify: Option<notify::RecommendedWatcher>,
}

/// A corpus as settings name it: (database URL, folders).
type CorpusKey = (Option<String>, Vec<PathBuf>);

pub struct State {
    client: Client,
    docs: DashMap<Uri, Document>,
    enc: OnceLock<Encoding>,
    caps: OnceLock<Caps>,
    settings: Mutex<Settings>,
    world: RwLock<World>,
    corpora: Mutex<HashMap<CorpusKey, Arc<LoadedCorpus>>>,
    /// Serialises reconfiguration. Never held across a request to the client.
    reconfiguring: tokio::sync::Mutex<()>,
    /// What is watched on disk, and the tasks that keep it so.
    watch: Watches,
    /// Warnings told to the user, and those waiting to be.
    told: Told,
    ready: AtomicBool,
    epochs: AtomicU64,
    /// Analyses running at once: one per core. Without a bound, a client
    /// opening thousands of files at once gets a blocking thread per file
    /// (tokio allows 512), each with its own allocator heap and stack:
    /// over a gigabyte for 10,000 small files, kept after they are closed.
    analyses: Arc<tokio::sync::Semaphore>,
    /// Work done behind the editor's back: builds, retries, refreshes,
    /// memory handed back.
    background: Background,
    /// Told when the client says `initialized` (nothing is sent before).
    initialized: tokio::sync::Notify,
    pub(super) shutdown: AtomicBool,
}

/// What the server watches on disk (corpus folders, `.copydesk.toml`),
/// and the tasks that keep the watches up to date.
#[derive(Default)]
struct Watches {
    watching: Mutex<Watching>,
    /// Wakes the one task that updates file watches (see [`State::watch_soon`]).
    updates: OnceLock<Arc<tokio::sync::Notify>>,
    file_events: OnceLock<mpsc::UnboundedSender<PathBuf>>,
    /// Corpus folders that could not be read at the last reconfiguration
    /// (renamed away, removed, unmounted): watched for their return by
    /// [`State::poll_missing`].
    missing: Mutex<Vec<PathBuf>>,
    missing_poll: OnceLock<()>,
}

/// Warnings for the user.
#[derive(Default)]
struct Told {
    /// Warnings shown at the last reconfiguration (not shown again while they persist).
    shown: Mutex<HashSet<String>>,
    /// Warnings from `initialize`, shown once the client can receive them.
    pending: Mutex<Vec<String>>,
}

/// Work the server does behind the editor's back.
#[derive(Default)]
struct Background {
    /// Wakes the task that hands freed memory back after documents close
    /// (see [`State::release_soon`]).
    closes: OnceLock<Arc<tokio::sync::Notify>>,
    /// Corpora standing in for a database that did not answer, each with a
    /// task trying the database again (see [`State::retry_soon`]).
    retrying: Mutex<HashSet<CorpusKey>>,
    /// A refresh is due for pull clients (a check was partial; see [`State::refresh_later`]).
    refresh_due: AtomicBool,
    /// Corpora being built in the background, each with the ticket of the
    /// latest build (only its result is put in place; see [`State::build_behind`]).
    building: Mutex<HashMap<CorpusKey, u64>>,
    builds: AtomicU64,
}

pub struct Backend {
    pub(super) s: Arc<State>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            s: Arc::new(State {
                client,
                docs: DashMap::new(),
                enc: OnceLock::new(),
                caps: OnceLock::new(),
                settings: Mutex::default(),
                world: RwLock::default(),
                corpora: Mutex::default(),
                reconfiguring: tokio::sync::Mutex::new(()),
                watch: Watches::default(),
                told: Told::default(),
                ready: AtomicBool::new(false),
                epochs: AtomicU64::new(0),
                analyses: Arc::new(tokio::sync::Semaphore::new(
                    std::thread::available_parallelism().map_or(2, |n| n.get()),
                )),
                background: Background::default(),
                initialized: tokio::sync::Notify::new(),
                shutdown: AtomicBool::new(false),
            }),
        }
    }
}

/// How often a corpus folder that cannot be read is looked for again: its
/// return (renamed back, remounted) is noticed within this time; checking
/// whether a folder exists costs one `stat`.
const MISSING_POLL: Duration = Duration::from_secs(1);

/// Whether `dir` is a folder that can be listed.
fn readable_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok()
}

/// How long to wait for the client's answer to one of our requests.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

/// Quiet after the last `didClose` before freed memory is handed back:
/// longer than [`super::BLOCKING_KEEP_ALIVE`], so the idle threads that
/// made the closed documents' analyses have ended and given up their pages.
const RELEASE_QUIET: Duration = Duration::from_millis(1500);

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn file_path(uri: &Uri) -> Option<PathBuf> {
    (uri.scheme().as_str() == "file")
        .then(|| uri.to_file_path().map(|p| p.into_owned()))
        .flatten()
}

fn same_dir(a: &Path, b: &Path) -> bool {
    a == b
        || matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

impl State {
    fn enc(&self) -> Encoding {
        self.enc.get().copied().unwrap_or(Encoding::Utf16)
    }

    fn caps(&self) -> Caps {
        self.caps.get().copied().unwrap_or_default()
    }

    fn generation(&self) -> u64 {
        self.world
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .generation
    }

    /// A line for the client's log (`window/logMessage`) at its level. Only
    /// errors also go to stderr: editors log a server's stderr as errors
    /// (Neovim, Helix), so normal start-up lines and warnings must not.
    async fn log(&self, typ: MessageType, msg: impl Display) {
        if typ == MessageType::ERROR {
            crate::say!("copydesk lsp: {msg}");
        }
        self.client.log_message(typ, msg.to_string()).await;
    }

    /// Show warnings the user has not seen since they last changed.
    async fn warn(&self, warnings: Vec<String>) {
        let new: Vec<String> = {
            let mut shown = lock(&self.told.shown);
            let new = warnings
                .iter()
                .filter(|w| !shown.contains(*w))
                .cloned()
                .collect();
            *shown = warnings.into_iter().collect();
            new
        };
        for w in new {
            self.log(MessageType::WARNING, &w).await;
            self.client
                .show_message(MessageType::WARNING, format!("copydesk: {w}"))
                .await;
        }
    }

    /// Open again the corpora whose index file another process changed.
    async fn index_changed(self: &Arc<Self>, files: Vec<PathBuf>) {
        let reload: Vec<PathBuf> = {
            let world = self.world.read().unwrap_or_else(|e| e.into_inner());
            world
                .workspaces
                .iter()
                .map(|w| &w.config.corpus)
                .filter(|dirs| crate::index::index_file(dirs).is_some_and(|f| files.contains(&f)))
                .flatten()
                .cloned()
                .collect()
        };
        for f in &files {
            self.log(
                MessageType::INFO,
                format!(
                    "the corpus index {} was changed by another process; opening it again",
                    f.display()
                ),
            )
            .await;
        }
        if !reload.is_empty() {
            let w = self.reconfigure(&reload, &[]).await;
            self.warn(w).await;
        }
    }

    /// Show each warning (in the log, and as a message).
    /// What the stores of the corpora in use reported since last asked
    /// (each corpus once), and the index files changed under them.
    fn corpus_health(&self) -> (Vec<Event>, Vec<PathBuf>) {
        let world = self.world.read().unwrap_or_else(|e| e.into_inner());
        let mut seen = std::collections::HashSet::new();
        let (mut events, mut changed) = (Vec::new(), Vec::new());
        for w in &world.workspaces {
            if seen.insert(Arc::as_ptr(&w.corpus)) {
                events.extend(w.corpus.health.events());
                changed.extend(w.corpus.health.index_changed());
            }
        }
        (events, changed)
    }

    async fn warn_each(&self, warnings: Vec<String>) {
        for w in warnings {
            self.log(MessageType::WARNING, &w).await;
            self.client
                .show_message(MessageType::WARNING, format!("copydesk: {w}"))
                .await;
        }
    }

    /// The settings generation and workspace a document belongs to.
    fn workspace_for(&self, uri: &Uri) -> Option<(u64, Arc<Workspace>)> {
        let world = self.world.read().unwrap_or_else(|e| e.into_inner());
        let path = file_path(uri);
        let ws = world
            .workspaces
            .iter()
            .find(|w| match (&w.root, &path) {
                (Some(root), Some(p)) => p.starts_with(root),
                (Some(_), None) => false,
                (None, _) => true,
            })
            .or(world.workspaces.last())?;
        Some((world.generation, ws.clone()))
    }

    /// The analysis of the document's current text, made now if needed.
    async fn analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        self.keyed_analysis(uri).await.map(|(_, a)| a)
    }

    /// The analysis of the document's current text with the change count it
    /// is for. Keyed by the change count (bumped on every edit), never by
    /// the version alone: new text under an old version is analysed afresh.
    async fn keyed_analysis(&self, uri: &Uri) -> Option<(u64, Arc<Analysis>)> {
        let (generation, ws) = self.workspace_for(uri)?;
        let (cell, rope, change, version, format, prev) = {
            let mut d = self.docs.get_mut(uri)?;
            if let Some((c, a)) = &d.last {
                // A check against part of the archive is made again.
                if *c == d.change && a.generation == generation && !a.partial {
                    return Some((*c, a.clone()));
                }
            }
            let cell = match &d.pending {
                Some((c, g, cell)) if *c == d.change && *g == generation => cell.clone(),
                _ => {
                    let cell = Arc::new(OnceCell::new());
                    d.pending = Some((d.change, generation, cell.clone()));
                    cell
                }
            };
            (
                cell,
                d.rope.clone(),
                d.change,
                d.version,
                d.format,
                // A partial analysis is never built on: its complete base is.
                d.last.as_ref().and_then(|(_, a)| match a.partial {
                    true => a.base.clone(),
                    false => Some(a.clone()),
                }),
            )
        };
        let enc = self.enc();
        let permits = self.analyses.clone();
        let a = cell
            .get_or_try_init(|| async move {
                // Held until the analysis ends, even if this request is cancelled.
                let permit = permits.acquire_owned().await.map_err(drop)?;
                let uri = uri.clone();
                tokio::task::spawn_blocking(move || {
                    let _permit = permit;
                    let mut t = String::with_capacity(rope.len_bytes());
                    rope.chunks().for_each(|c| t.push_str(c));
                    let mut a = Analysis::run(
                        ws,
                        generation,
                        &uri,
                        &t,
                        format,
                        version,
                        enc,
                        prev.as_deref(),
                    );
                    if a.partial {
                        a.base = prev;
                    }
                    Arc::new(a)
                })
                .await
                .map_err(drop)
            })
            .await
            .ok()?
            .clone();
        if let Some(mut d) = self.docs.get_mut(uri) {
            if d.change == change {
                // Freeing a large analysis takes a while: not on the way to the editor.
                if let Some((_, old)) = d.last.replace((change, a.clone())) {
                    tokio::task::spawn_blocking(move || drop(old));
                }
            }
            if d.pending
                .as_ref()
                .is_some_and(|(c, g, _)| *c == change && *g == a.generation)
            {
                d.pending = None;
            }
        }
        Some((change, a))
    }

    /// Start the task that analyses and publishes a document after each change.
    fn start_worker(self: &Arc<Self>, uri: Uri, epoch: u64) -> watch::Sender<u64> {
        let (tx, mut rx) = watch::channel(0u64);
        let s = self.clone();
        tokio::spawn(async move {
            while rx.changed().await.is_ok() {
                let debounce = s
                    .workspace_for(&uri)
                    .map(|(_, w)| w.debounce)
                    .unwrap_or_default();
                if !debounce.is_zero() {
                    loop {
                        tokio::select! {
                            _ = tokio::time::sleep(debounce) => break,
                            r = rx.changed() => if r.is_err() { return },
                        }
                    }
                }
                let Some((change, a)) = s.keyed_analysis(&uri).await else {
                    continue;
                };
                // An archive pushed again under us: open the new one (its
                // answers were left out meanwhile, never mixed), and re-check.
                // What the open corpora's stores found as the checks read
                // them (see `copydesk_store::health`).
                let (events, changed) = s.corpus_health();
                let (mut damage, mut slow, mut replaced) = (Vec::new(), Vec::new(), Vec::new());
                for e in events {
                    match e {
                        // Damaged analyses the checks read (made again, the index repaired).
                        Event::IndexDamaged(_) => damage.push(e.said()),
                        Event::Resting { .. } => slow.push(e.said()),
                        Event::Replaced { url } => replaced.push(url),
                    }
                }
                if !damage.is_empty() {
                    let s = s.clone();
                    tokio::spawn(async move { s.warn_each(damage).await });
                }
                // The index file changed under the corpus (another process
                // rewrote or truncated it): open the corpus again.
                if !changed.is_empty() {
                    let s = s.clone();
                    tokio::spawn(async move { s.index_changed(changed).await });
                }
                if !slow.is_empty() {
                    let s = s.clone();
                    tokio::spawn(async move { s.warn_each(slow).await });
                }
                if !replaced.is_empty() {
                    let s = s.clone();
                    tokio::spawn(async move {
                        for url in &replaced {
                            s.log(
                                MessageType::INFO,
                                format!(
                                    "{}: {}; opening it again",
                                    crate::postgres::masked(url),
                                    crate::postgres::REPLACED_WHILE_OPEN
                                ),
                            )
                            .await;
                        }
                        let w = s.reconfigure(&[], &replaced).await;
                        s.warn(w).await;
                    });
                }
                let current = s
                    .docs
                    .get(&uri)
                    .is_some_and(|d| d.epoch == epoch && d.change == change);
                // Never a partial check against another archive than the
                // findings shown (see `Analysis::withheld`): checked again later.
                if current && a.generation == s.generation() && !a.withheld {
                    s.client
                        .publish_diagnostics(uri.clone(), a.diagnostics.clone(), Some(a.version))
                        .await;
                }
                if a.partial {
                    s.recheck_later(&uri, epoch, change);
                }
            }
        });
        tx
    }

    /// Check a document again after a while (its last check was against
    /// part of the archive), unless it changed or closed meanwhile.
    fn recheck_later(self: &Arc<Self>, uri: &Uri, epoch: u64, change: u64) {
        let (s, uri) = (Arc::downgrade(self), uri.clone());
        tokio::spawn(async move {
            tokio::time::sleep(corpus::retry_every()).await;
            let Some(s) = s.upgrade() else { return };
            if let Some(d) = s.docs.get(&uri) {
                if d.epoch == epoch && d.change == change {
                    d.wake();
                }
            }
        });
    }

    /// Ask a pull client to fetch diagnostics again after a while (a check
    /// was against part of the archive): one request for any number of
    /// partial checks meanwhile.
    fn refresh_later(self: &Arc<Self>) {
        if !self.caps().refresh || self.background.refresh_due.swap(true, Ordering::SeqCst) {
            return;
        }
        let s = Arc::downgrade(self);
        tokio::spawn(async move {
            tokio::time::sleep(corpus::retry_every()).await;
            let Some(s) = s.upgrade() else { return };
            s.background.refresh_due.store(false, Ordering::SeqCst);
            s.recheck_all();
        });
    }

    /// Open the database a corpus stands in for: at once if it was not
    /// tried yet (the server started, or its settings changed: nothing
    /// waited on it), then every [`corpus::retry_every`]; switch to it when
    /// it answers. The first failure is told once, naming the corpus that
    /// answers instead. One task per corpus; it ends when the corpus is no
    /// longer used.
    fn retry_soon(self: &Arc<Self>, key: CorpusKey) {
        let Some(url) = key.0.clone() else { return };
        if !lock(&self.background.retrying).insert(key.clone()) {
            return;
        }
        let s = Arc::downgrade(self);
        tokio::spawn(async move {
            let standing_in = |s: &State| {
                lock(&s.corpora)
                    .get(&key)
                    .filter(|c| c.waiting_for.is_some() && !s.shutdown.load(Ordering::SeqCst))
                    .cloned()
            };
            let mut at_once = true;
            loop {
                if !at_once {
                    tokio::time::sleep(corpus::retry_every()).await;
                }
                let Some(s) = s.upgrade() else { return };
                let Some(fallback) = standing_in(&s) else {
                    lock(&s.background.retrying).remove(&key);
                    return;
                };
                // Already tried and told (an archive pushed again that did not open).
                if std::mem::take(&mut at_once) && fallback.refused() {
                    continue;
                }
                let u = url.clone();
                let opened = tokio::task::spawn_blocking(move || corpus::open_db(&u)).await;
                let (c, mut w) = match opened {
                    Ok(Ok(got)) => got,
                    Ok(Err(e)) => {
                        if !fallback.refused.swap(true, Ordering::SeqCst) {
                            let said = corpus::fallback_said(&e, &key.1);
                            s.log(MessageType::WARNING, &said).await;
                            s.client
                                .show_message(MessageType::WARNING, format!("copydesk: {said}"))
                                .await;
                        }
                        continue;
                    }
                    Err(_) => continue,
                };
                {
                    let _g = s.reconfiguring.lock().await;
                    if standing_in(&s).is_none() {
                        lock(&s.background.retrying).remove(&key);
                        return;
                    }
                    lock(&s.corpora).insert(key.clone(), c);
                }
                lock(&s.background.retrying).remove(&key);
                w.extend(s.reconfigure(&[], &[]).await);
                let shown = crate::postgres::masked(&url);
                if fallback.refused() {
                    let said = format!("{shown}: the archive answers now; checking against it");
                    s.log(MessageType::INFO, &said).await;
                    s.client
                        .show_message(MessageType::INFO, format!("copydesk: {said}"))
                        .await;
                } else {
                    s.log(
                        MessageType::INFO,
                        format!("{shown}: opened; checking against it"),
                    )
                    .await;
                }
                s.warn(w).await;
                return;
            }
        });
    }

    /// Rebuild every workspace's config and corpus (reloading corpora whose
    /// folder is in `reload`, or whose archive is at a URL in `reopen`), then
    /// re-check open documents. Returns the warnings.
    async fn reconfigure(self: &Arc<Self>, reload: &[PathBuf], reopen: &[String]) -> Vec<String> {
        let guard = self.reconfiguring.lock().await;
        let mut warnings = Vec::new();
        let configs: Vec<(Option<PathBuf>, crate::config::Config, bool)> = {
            let s = lock(&self.settings);
            let mut roots = s.all_roots();
            roots.sort_by_key(|r| std::cmp::Reverse(r.components().count()));
            roots
                .into_iter()
                .map(Some)
                .chain([None])
                .map(|r| {
                    let explain = s.explain_every_name(r.as_deref());
                    (
                        r.clone(),
                        s.config_for(r.as_deref(), &mut warnings),
                        explain,
                    )
                })
                .collect()
        };
        let previous = lock(&self.corpora).clone();
        let mut corpora = previous.clone();
        let mut missing = Vec::new();
        corpora.retain(|(url, dirs), _| {
            !dirs.iter().any(|d| reload.iter().any(|r| same_dir(d, r)))
                && !url.as_ref().is_some_and(|u| reopen.contains(u))
        });
        for (_, cfg, _) in &configs {
            let key = (cfg.postgres.clone(), cfg.corpus.clone());
            if !corpora.contains_key(&key) {
                // A folder gone (renamed away, removed): the corpus loaded
                // before is kept until it returns, and the user told once.
                let gone: Vec<&PathBuf> = key.1.iter().filter(|d| !readable_dir(d)).collect();
                missing.extend(gone.iter().map(|d| d.to_path_buf()));
                if let (false, Some(before)) = (gone.is_empty(), previous.get(&key)) {
                    warnings.push(format!(
                        "the corpus folder {} cannot be read (moved or removed?); the corpus loaded before is used until it is back",
                        gone.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
                    ));
                    corpora.insert(key, before.clone());
                    continue;
                }
                let (url, dirs) = key.clone();
                // Only an archive pushed again is opened here (it answered
                // moments ago); any other is opened by `retry_soon`, so
                // neither `initialize` nor an edit waits on a database.
                let wait_for_db = url.as_ref().is_some_and(|u| reopen.contains(u));
                let shown = url
                    .iter()
                    .map(|u| crate::postgres::masked(u))
                    .chain(dirs.iter().map(|d| d.display().to_string()))
                    .collect::<Vec<_>>()
                    .join(", ");
                let build = Arc::new(Build::default());
                let b = build.clone();
                let mut loading = tokio::task::spawn_blocking(move || {
                    let mut w = Vec::new();
                    (
                        corpus::load(url.as_deref(), &dirs, wait_for_db, &mut w, &*b),
                        w,
                    )
                });
                // Folders whose index must be built at length: another
                // corpus answers meanwhile (never a database's stand-in).
                let behind = key.0.is_none();
                let loaded = tokio::select! {
                    biased;
                    done = &mut loading => Some(done),
                    () = build.started.notified(), if behind => None,
                };
                let Some(loaded) = loaded else {
                    let interim = match previous.get(&key) {
                        Some(before) => before.clone(),
                        None => {
                            let dirs = key.1.clone();
                            match tokio::task::spawn_blocking(move || corpus::interim(&dirs)).await
                            {
                                Ok(c) => c,
                                Err(_) => corpus::load(
                                    None,
                                    &[],
                                    false,
                                    &mut warnings,
                                    &crate::progress::Silent,
                                ),
                            }
                        }
                    };
                    self.build_behind(key.clone(), loading, build, shown, &interim);
                    corpora.insert(key, interim);
                    continue;
                };
                // Answered now: a build behind it for the same folders is no longer wanted.
                lock(&self.background.building).remove(&key);
                let (c, w) = loaded.unwrap_or_else(|_| fallen_back(&shown));
                warnings.extend(w);
                corpora.insert(key, c);
            }
        }
        corpora.retain(|(url, dirs), _| {
            configs
                .iter()
                .any(|(_, c, _)| &c.corpus == dirs && &c.postgres == url)
        });
        let workspaces: Vec<Arc<Workspace>> = configs
            .into_iter()
            .map(|(root, config, explain)| {
                let debounce = Duration::from_millis(config::debounce_ms(&config));
                let corpus = corpora[&(config.postgres.clone(), config.corpus.clone())].clone();
                Arc::new(Workspace::new(root, config, corpus, debounce, explain))
            })
            .collect();
        let waiting: Vec<CorpusKey> = corpora
            .iter()
            .filter(|(_, c)| c.waiting_for.is_some())
            .map(|(k, _)| k.clone())
            .collect();
        *lock(&self.corpora) = corpora;
        // After the corpora are in place: the task looks its corpus up there.
        for key in waiting {
            self.retry_soon(key);
        }
        missing.sort();
        missing.dedup();
        let poll = !missing.is_empty();
        *lock(&self.watch.missing) = missing;
        if poll {
            self.poll_missing();
        }
        {
            let mut world = self.world.write().unwrap_or_else(|e| e.into_inner());
            world.generation += 1;
            world.workspaces = workspaces;
        }
        // What follows may ask the client things (register watchers, refresh
        // diagnostics): a client that never answers must not hold up the next
        // reconfiguration, so the lock ends here and nothing waits for answers.
        drop(guard);
        if self.ready.load(Ordering::SeqCst) {
            self.watch_soon();
        }
        self.recheck_all();
        warnings
    }

    /// Put the corpus `loading` builds for `key` in place when it is done
    /// (unless a later build or a change of settings made it unwanted), and
    /// check the open documents again; meanwhile `interim` answers, and the
    /// editor is told how far the build has got ([`State::report_build`]).
    fn build_behind(
        self: &Arc<Self>,
        key: CorpusKey,
        loading: tokio::task::JoinHandle<(Arc<LoadedCorpus>, Vec<String>)>,
        build: Arc<Build>,
        shown: String,
        interim: &LoadedCorpus,
    ) {
        let ticket = self.background.builds.fetch_add(1, Ordering::SeqCst);
        lock(&self.background.building).insert(key.clone(), ticket);
        let answering = interim.interim.unwrap_or("the archive as last loaded");
        let said = format!(
            "indexing the archive in {shown}; checking against {answering} until it is ready"
        );
        tokio::spawn(self.clone().report_build(build.clone(), said, ticket));
        let s = self.clone();
        tokio::spawn(async move {
            let (c, mut w) = loading.await.unwrap_or_else(|_| fallen_back(&shown));
            let wanted = {
                let _g = s.reconfiguring.lock().await;
                let current = {
                    let mut b = lock(&s.background.building);
                    let current = b.get(&key) == Some(&ticket);
                    if current {
                        b.remove(&key);
                    }
                    current
                };
                let mut corpora = lock(&s.corpora);
                let wanted = current && corpora.contains_key(&key);
                if wanted {
                    corpora.insert(key, c);
                }
                wanted
            };
            if wanted {
                w.extend(s.reconfigure(&[], &[]).await);
            }
            build.finish();
            s.warn(w).await;
        });
    }

    /// Tell the editor how far a background build has got: work-done
    /// progress if the client shows it, else a message at the start and at
    /// the end; `said` (which corpus answers meanwhile) in the log either way.
    async fn report_build(self: Arc<Self>, build: Arc<Build>, said: String, ticket: u64) {
        loop {
            let told = self.initialized.notified();
            if self.ready.load(Ordering::SeqCst) {
                break;
            }
            told.await;
        }
        self.log(MessageType::INFO, &said).await;
        let token = NumberOrString::String(format!("copydesk-index-{ticket}"));
        let progress = self.caps().work_done
            && matches!(
                tokio::time::timeout(
                    CLIENT_TIMEOUT,
                    self.client.create_work_done_progress(token.clone())
                )
                .await,
                Ok(Ok(()))
            );
        let send = |value: WorkDoneProgress| {
            let params = ProgressParams {
                token: token.clone(),
                value: ProgressParamsValue::WorkDone(value),
            };
            self.client
                .send_notification::<notification::Progress>(params)
        };
        if progress {
            send(WorkDoneProgress::Begin(WorkDoneProgressBegin {
                title: "copydesk: indexing the archive".into(),
                cancellable: Some(false),
                message: Some(format!("{}; {said}", build.message())),
                percentage: Some(build.percentage()),
            }))
            .await;
        } else {
            self.client
                .show_message(MessageType::INFO, format!("copydesk: {said}"))
                .await;
        }
        let mut last = (
            build.percentage(),
            build.message(),
            std::time::Instant::now(),
        );
        while !build.ended() {
            let _ = tokio::time::timeout(building::TICK, build.finished.notified()).await;
            if build.ended() || !progress {
                continue;
            }
            let now = (build.percentage(), build.message());
            if (now.0, &now.1) != (last.0, &last.1) || last.2.elapsed() >= building::KEEP_ALIVE {
                send(WorkDoneProgress::Report(WorkDoneProgressReport {
                    cancellable: Some(false),
                    message: Some(now.1.clone()),
                    percentage: Some(now.0),
                }))
                .await;
                last = (now.0, now.1, std::time::Instant::now());
            }
        }
        let done = "the archive is indexed; checking against it";
        self.log(MessageType::INFO, done).await;
        if progress {
            send(WorkDoneProgress::End(WorkDoneProgressEnd {
                message: Some(done.into()),
            }))
            .await;
        } else {
            self.client
                .show_message(MessageType::INFO, format!("copydesk: {done}"))
                .await;
        }
    }

    /// Look for corpus folders that could not be read every [`MISSING_POLL`],
    /// and reload those that are back. One task, started when a folder is
    /// first missed; it ends with the server.
    fn poll_missing(self: &Arc<Self>) {
        if self.watch.missing_poll.set(()).is_err() {
            return;
        }
        let s = Arc::downgrade(self);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(MISSING_POLL).await;
                let Some(s) = s.upgrade() else { return };
                if s.shutdown.load(Ordering::SeqCst) {
                    return;
                }
                let back: Vec<PathBuf> = lock(&s.watch.missing)
                    .iter()
                    .filter(|d| readable_dir(d))
                    .cloned()
                    .collect();
                if !back.is_empty() {
                    s.log(
                        MessageType::INFO,
                        format!("corpus folders back: {back:?}; reloading"),
                    )
                    .await;
                    let w = s.reconfigure(&back, &[]).await;
                    s.warn(w).await;
                }
            }
        });
    }

    /// Once documents stop closing for [`RELEASE_QUIET`], hand the memory
    /// they held back to the system ([`crate::release_memory`]): once per
    /// burst of closes, never per keystroke.
    fn release_soon(self: &Arc<Self>) {
        let wake = self.background.closes.get_or_init(|| {
            let wake = Arc::new(tokio::sync::Notify::new());
            let w = wake.clone();
            tokio::spawn(async move {
                loop {
                    w.notified().await;
                    while tokio::time::timeout(RELEASE_QUIET, w.notified())
                        .await
                        .is_ok()
                    {}
                    crate::release_memory();
                }
            });
            wake
        });
        wake.notify_one();
    }

    /// Have the watcher task bring the file watches up to date. One task
    /// does it, so registrations happen in order; wake-ups while it works
    /// coalesce into one more pass. If the client never answers a
    /// registration, only that task waits (and gives up after a while).
    fn watch_soon(self: &Arc<Self>) {
        let wake = self.watch.updates.get_or_init(|| {
            let wake = Arc::new(tokio::sync::Notify::new());
            let (s, w) = (Arc::downgrade(self), wake.clone());
            tokio::spawn(async move {
                loop {
                    w.notified().await;
                    let Some(s) = s.upgrade() else { return };
                    s.update_watches().await;
                }
            });
            wake
        });
        wake.notify_one();
    }

    fn recheck_all(&self) {
        if self.caps().pull {
            if self.caps().refresh && self.ready.load(Ordering::SeqCst) {
                // Not awaited: the answer tells us nothing we need.
                let client = self.client.clone();
                tokio::spawn(async move {
                    let _ =
                        tokio::time::timeout(CLIENT_TIMEOUT, client.workspace_diagnostic_refresh())
                            .await;
                });
            }
        } else {
            for d in self.docs.iter() {
                d.wake();
            }
        }
    }

    /// Watch the corpus folders (and `.copydesk.toml` at the roots): through
    /// the client if it can register file watchers dynamically, else ourselves.
    async fn update_watches(self: &Arc<Self>) {
        let (folders, roots) = {
            let world = self.world.read().unwrap_or_else(|e| e.into_inner());
            let mut folders: Vec<PathBuf> = world
                .workspaces
                .iter()
                .flat_map(|w| w.config.corpus.clone())
                .collect();
            folders.sort();
            folders.dedup();
            (
                folders,
                world
                    .workspaces
                    .iter()
                    .filter_map(|w| w.root.clone())
                    .collect::<Vec<_>>(),
            )
        };
        let paths: Vec<PathBuf> = folders.iter().chain(&roots).cloned().collect();
        let old_registration = {
            let mut w = lock(&self.watch.watching);
            if w.paths == paths && (w.registration.is_some() || w.notify.is_some()) {
                return;
            }
            w.paths = paths.clone();
            w.notify = None;
            w.registration.take()
        };
        let caps = self.caps();
        if caps.dyn_watch {
            if let Some(id) = old_registration {
                let un = Unregistration {
                    id,
                    method: "workspace/didChangeWatchedFiles".into(),
                };
                let _ = tokio::time::timeout(
                    CLIENT_TIMEOUT,
                    self.client.unregister_capability(vec![un]),
                )
                .await;
            }
            if paths.is_empty() {
                return;
            }
            let pattern = |dir: &Path, glob: &str| -> Option<GlobPattern> {
                if caps.relative_patterns {
                    let base = Uri::from_file_path(dir)?;
                    Some(GlobPattern::Relative(RelativePattern {
                        base_uri: OneOf::Right(base),
                        pattern: glob.into(),
                    }))
                } else {
                    Some(GlobPattern::String(format!("{}/{glob}", dir.display())))
                }
            };
            let watchers: Vec<FileSystemWatcher> = folders
                .iter()
                .filter_map(|d| pattern(d, "*"))
                .chain(
                    roots
                        .iter()
                        .filter_map(|r| pattern(r, crate::config::FILE_NAME)),
                )
                .map(|glob_pattern| FileSystemWatcher {
                    glob_pattern,
                    kind: None,
                })
                .collect();
            let id = format!("copydesk-watch-{}", self.generation());
            let reg = Registration {
                id: id.clone(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                    watchers,
                })
                .ok(),
            };
            // Recorded before the answer, so a later update unregisters it
            // even if the client answers late or never.
            lock(&self.watch.watching).registration = Some(id.clone());
            match tokio::time::timeout(CLIENT_TIMEOUT, self.client.register_capability(vec![reg]))
                .await
            {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    {
                        let mut w = lock(&self.watch.watching);
                        if w.registration.as_ref() == Some(&id) {
                            w.registration = None;
                        }
                    }
                    self.log(
                        MessageType::WARNING,
                        format!("could not register file watchers: {e}"),
                    )
                    .await;
                }
                Err(_) => {
                    self.log(
                        MessageType::WARNING,
                        "the client did not answer the file watcher registration",
                    )
                    .await
                }
            }
            return;
        }
        if paths.is_empty() {
            return;
        }
        let tx = self.file_events().clone();
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Ok(ev) = res {
                if !matches!(ev.kind, notify::EventKind::Access(_)) {
                    for p in ev.paths {
                        let _ = tx.send(p);
                    }
                }
            }
        });
        match watcher {
            Ok(mut w) => {
                for p in &paths {
                    if let Err(e) = w.watch(p, notify::RecursiveMode::NonRecursive) {
                        self.log(
                            MessageType::WARNING,
                            format!("cannot watch {}: {e}", p.display()),
                        )
                        .await;
                    }
                }
                lock(&self.watch.watching).notify = Some(w);
            }
            Err(e) => {
                self.log(
                    MessageType::WARNING,
                    format!("cannot watch the corpus for changes: {e}"),
                )
                .await
            }
        }
    }

    /// The channel our own file watcher feeds; a task batches its events.
    fn file_events(self: &Arc<Self>) -> &mpsc::UnboundedSender<PathBuf> {
        self.watch.file_events.get_or_init(|| {
            let (tx, mut rx) = mpsc::unbounded_channel::<PathBuf>();
            let s = Arc::downgrade(self);
            tokio::spawn(async move {
                while let Some(first) = rx.recv().await {
                    let mut batch = vec![first];
                    // An editor's save is several events: take them together.
                    while let Ok(Some(p)) =
                        tokio::time::timeout(Duration::from_millis(50), rx.recv()).await
                    {
                        batch.push(p);
                    }
                    let Some(s) = s.upgrade() else { return };
                    s.files_changed(batch).await;
                }
            });
            tx
        })
    }

    /// React to changed files: corpus articles reload their corpus,
    /// `.copydesk.toml` reloads the settings.
    async fn files_changed(self: &Arc<Self>, paths: Vec<PathBuf>) {
        let folders: Vec<PathBuf> = {
            let world = self.world.read().unwrap_or_else(|e| e.into_inner());
            world
                .workspaces
                .iter()
                .flat_map(|w| w.config.corpus.clone())
                .collect()
        };
        let mut reload: Vec<PathBuf> = Vec::new();
        let mut settings = false;
        for p in paths {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if name == crate::config::FILE_NAME {
                settings = true;
                continue;
            }
            // A corpus folder itself renamed, removed or back.
            if let Some(f) = folders.iter().find(|f| **f == p || same_dir(f, &p)) {
                if !reload.contains(f) {
                    reload.push(f.clone());
                }
                continue;
            }
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !(matches!(ext, "txt" | "md" | "markdown") || name == style::FILE_NAME) {
                continue;
            }
            if let Some(f) = p
                .parent()
                .and_then(|dir| folders.iter().find(|f| same_dir(f, dir)))
            {
                if !reload.contains(f) {
                    reload.push(f.clone());
                }
            }
        }
        if settings || !reload.is_empty() {
            self.log(
                MessageType::INFO,
                format!("reloading (corpus folders changed: {reload:?})"),
            )
            .await;
            let w = self.reconfigure(&reload, &[]).await;
            self.warn(w).await;
        }
    }

    /// Ask the client for our settings, per workspace folder.
    async fn pull_configuration(&self) {
        let roots = lock(&self.settings).roots.clone();
        let scopes: Vec<Option<PathBuf>> = if roots.is_empty() {
            vec![None]
        } else {
            roots.into_iter().map(Some).collect()
        };
        let items = scopes
            .iter()
            .map(|r| ConfigurationItem {
                scope_uri: r.as_ref().and_then(Uri::from_file_path),
                section: Some(config::SECTION.into()),
            })
            .collect();
        match tokio::time::timeout(CLIENT_TIMEOUT, self.client.configuration(items))
            .await
            .unwrap_or_else(|_| {
                Err(tower_lsp_server::jsonrpc::Error::new(
                    tower_lsp_server::jsonrpc::ErrorCode::RequestCancelled,
                ))
            }) {
            Ok(values) => {
                let mut s = lock(&self.settings);
                for (scope, v) in scopes.into_iter().zip(values) {
                    match config::from_client(&v) {
                        Some(t) => s.client.insert(scope, t),
                        None => s.client.remove(&scope),
                    };
                }
            }
            Err(e) => {
                self.log(
                    MessageType::WARNING,
                    format!("workspace/configuration failed: {e}"),
                )
                .await
            }
        }
    }

    /// Re-read settings after a change and apply them.
    async fn settings_changed(self: Arc<Self>) {
        if self.caps().configuration {
            self.pull_configuration().await;
        }
        let w = self.reconfigure(&[], &[]).await;
        self.warn(w).await;
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, p: InitializeParams) -> Result<InitializeResult> {
        let s = &self.s;
        let c = &p.capabilities;
        let ws = c.workspace.as_ref();
        let td = c.text_document.as_ref();
        let caps = Caps {
            pull: td.is_some_and(|t| t.diagnostic.is_some()),
            refresh: ws
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            dyn_watch: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            relative_patterns: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.relative_pattern_support)
                .unwrap_or(false),
            configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
            document_changes: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            work_done: c
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
        };
        let _ = s.caps.set(caps);
        let enc = position::negotiate(
            c.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let _ = s.enc.set(enc);
        {
            let mut st = lock(&s.settings);
            #[allow(deprecated)]
            let roots: Vec<PathBuf> = match (&p.workspace_folders, &p.root_uri, &p.root_path) {
                (Some(f), _, _) if !f.is_empty() => {
                    f.iter().filter_map(|f| file_path(&f.uri)).collect()
                }
                (_, Some(u), _) => file_path(u).into_iter().collect(),
                (_, _, Some(path)) => vec![PathBuf::from(path)],
                _ => Vec::new(),
            };
            st.roots = roots;
            st.trusted = config::trusted(p.initialization_options.as_ref());
            st.init = p
                .initialization_options
                .as_ref()
                .and_then(config::from_client);
        }
        let warnings = s.reconfigure(&[], &[]).await;
        lock(&s.told.pending).extend(warnings);
        let diagnostic_provider = caps.pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("copydesk".into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                ..Default::default()
            })
        });
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(position::kind(enc)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..Default::default()
                    },
                )),
                completion_provider: Some(CompletionOptions::default()),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![actions::IGNORE_COMMAND.into()],
                    ..Default::default()
                }),
                diagnostic_provider,
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "copydesk".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let s = self.s.clone();
        s.ready.store(true, Ordering::SeqCst);
        s.initialized.notify_waiters();
        tokio::spawn(async move {
            let pending = std::mem::take(&mut *lock(&s.told.pending));
            let n = s
                .world
                .read()
                .map(|w| {
                    w.workspaces
                        .iter()
                        .map(|w| w.corpus.corpus.docs.len())
                        .max()
                })
                .ok()
                .flatten();
            let msg = format!(
                "copydesk {} ready ({:?} positions, {} diagnostics, corpus of {} articles)",
                env!("CARGO_PKG_VERSION"),
                s.enc(),
                if s.caps().pull { "pull" } else { "push" },
                n.unwrap_or(0)
            );
            s.log(MessageType::INFO, msg).await;
            s.warn(pending).await;
            if s.caps().configuration {
                s.settings_changed().await;
            } else {
                s.watch_soon();
            }
        });
    }

    async fn shutdown(&self) -> Result<()> {
        self.s.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, p: DidOpenTextDocumentParams) {
        let s = &self.s;
        let td = p.text_document;
        let epoch = s.epochs.fetch_add(1, Ordering::SeqCst);
        let mut doc = Document::new(
            &td.text,
            td.version,
            format_of(&td.uri, &td.language_id),
            epoch,
        );
        if !s.caps().pull {
            doc.wake = Some(s.start_worker(td.uri.clone(), epoch));
        }
        // Insert before waking the worker, which looks the document up.
        s.docs.insert(td.uri.clone(), doc);
        if let Some(d) = s.docs.get(&td.uri) {
            d.wake();
        }
        // Outside every workspace folder: use the `.copydesk.toml` above it, if any.
        let adopted = file_path(&td.uri).is_some_and(|p| lock(&s.settings).adopt(&p));
        if adopted {
            tokio::spawn(s.clone().settings_changed());
        }
    }

    async fn did_change(&self, p: DidChangeTextDocumentParams) {
        let s = &self.s;
        let enc = s.enc();
        let known = match s.docs.get_mut(&p.text_document.uri) {
            Some(mut d) => {
                d.apply(p.content_changes, enc);
                d.version = p.text_document.version;
                d.wake();
                true
            }
            None => false,
        };
        if !known {
            s.log(
                MessageType::WARNING,
                format!(
                    "didChange for a document that is not open: {}",
                    p.text_document.uri.as_str()
                ),
            )
            .await;
        }
    }

    async fn did_close(&self, p: DidCloseTextDocumentParams) {
        let s = &self.s;
        s.docs.remove(&p.text_document.uri);
        s.release_soon();
        if !s.caps().pull {
            s.client
                .publish_diagnostics(p.text_document.uri, Vec::new(), None)
                .await;
        }
    }

    async fn did_change_configuration(&self, p: DidChangeConfigurationParams) {
        if !p.settings.is_null() {
            let mut st = lock(&self.s.settings);
            match config::from_client(&p.settings) {
                Some(t) => st.client.insert(None, t),
                None => st.client.remove(&None),
            };
        }
        tokio::spawn(self.s.clone().settings_changed());
    }

    async fn did_change_workspace_folders(&self, p: DidChangeWorkspaceFoldersParams) {
        {
            let mut st = lock(&self.s.settings);
            for f in &p.event.removed {
                if let Some(path) = file_path(&f.uri) {
                    st.roots.retain(|r| r != &path);
                    st.client.remove(&Some(path));
                }
            }
            for f in &p.event.added {
                if let Some(path) = file_path(&f.uri) {
                    if !st.roots.contains(&path) {
                        st.roots.push(path);
                    }
                }
            }
        }
        tokio::spawn(self.s.clone().settings_changed());
    }

    async fn did_change_watched_files(&self, p: DidChangeWatchedFilesParams) {
        let paths: Vec<PathBuf> = p.changes.iter().filter_map(|c| file_path(&c.uri)).collect();
        let s = self.s.clone();
        tokio::spawn(async move { s.files_changed(paths).await });
    }

    async fn diagnostic(
        &self,
        p: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let s = &self.s;
        let uri = &p.text_document.uri;
        let (items, id, withheld) = match s.keyed_analysis(uri).await {
            Some((change, a)) => {
                if a.partial {
                    s.refresh_later();
                }
                let epoch = s.docs.get(uri).map_or(0, |d| d.epoch);
                (
                    a.diagnostics.clone(),
                    Some(format!(
                        "{epoch}:{}:{change}{}",
                        a.generation,
                        if a.partial { ":partial" } else { "" }
                    )),
                    a.withheld,
                )
            }
            None => (Vec::new(), None, false),
        };
        // A withheld check (see `Analysis::withheld`): the client keeps what it shows.
        let id = match (&p.previous_result_id, withheld) {
            (Some(prev), true) => Some(prev.clone()),
            _ => id,
        };
        let report = match id {
            Some(id) if p.previous_result_id.as_ref() == Some(&id) => {
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id: id,
                    },
                })
            }
            id => DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: id,
                    items,
                },
            }),
        };
        Ok(DocumentDiagnosticReportResult::Report(report))
    }

    async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
        let tp = p.text_document_position_params;
        let Some(a) = self.s.analysis(&tp.text_document.uri).await else {
            return Ok(None);
        };
        Ok(hover::hover(&a, a.conv().offset(tp.position)))
    }

    async fn goto_definition(
        &self,
        p: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let tp = p.text_document_position_params;
        let Some(a) = self.s.analysis(&tp.text_document.uri).await else {
            return Ok(None);
        };
        Ok(hover::definition(&a, a.conv().offset(tp.position)).map(GotoDefinitionResponse::Scalar))
    }

    async fn completion(&self, p: CompletionParams) -> Result<Option<CompletionResponse>> {
        let s = &self.s;
        let tp = p.text_document_position;
        let enc = s.enc();
        let Some((line, before)) = s.docs.get(&tp.text_document.uri).map(|d| {
            let c = rope_char(&d.rope, tp.position, enc);
            let line = d.rope.char_to_line(c);
            (line, d.rope.slice(d.rope.line_to_char(line)..c).to_string())
        }) else {
            return Ok(None);
        };
        let Some((_, ws)) = s.workspace_for(&tp.text_document.uri) else {
            return Ok(None);
        };
        let items = hover::complete(
            &ws.corpus.corpus,
            u32::try_from(line).unwrap_or(u32::MAX),
            &before,
            enc,
        );
        Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
    }

    async fn execute_command(&self, p: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        if p.command != actions::IGNORE_COMMAND {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(format!(
                "unknown command {}",
                p.command
            )));
        }
        let args: Vec<&str> = p.arguments.iter().filter_map(|v| v.as_str()).collect();
        let [uri, code, text, sentence] = args[..] else {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(
                "expected a document URI, a code, the flagged text and its sentence",
            ));
        };
        let entry = super::diagnostics::Ignored {
            code: code.into(),
            text: text.into(),
            sentence: sentence.into(),
        };
        let root = uri
            .parse::<Uri>()
            .ok()
            .and_then(|u| self.s.workspace_for(&u))
            .and_then(|(_, ws)| ws.root.clone());
        let Some(root) = root else {
            return Ok(None);
        };
        let file = root.join(super::diagnostics::IGNORE_FILE);
        let line = entry.line();
        let written = tokio::task::spawn_blocking(move || ignore_write(&file, &line)).await;
        match written {
            Ok(Ok(())) => tokio::spawn(self.s.clone().settings_changed()),
            Ok(Err(e)) => {
                let msg = format!("copydesk: could not write the ignore list: {e}");
                self.s.log(MessageType::WARNING, &msg).await;
                self.s.client.show_message(MessageType::WARNING, msg).await;
                return Ok(None);
            }
            Err(_) => return Ok(None),
        };
        Ok(None)
    }

    async fn code_action(&self, p: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        if let Some(only) = &p.context.only {
            if !only
                .iter()
                .any(|k| CodeActionKind::QUICKFIX.as_str().starts_with(k.as_str()))
            {
                return Ok(None);
            }
        }
        let s = &self.s;
        let uri = &p.text_document.uri;
        let Some(a) = s.analysis(uri).await else {
            return Ok(None);
        };
        let target = Target {
            uri,
            version: s.caps().document_changes.then_some(a.version),
        };
        let actions = actions::code_actions(&a, &target, p.range, &p.context.diagnostics);
        Ok((!actions.is_empty()).then_some(actions))
    }
}

/// The built-in corpus, when loading the one in `shown` failed (a bug in
/// the analysis must not take the server down), with a warning saying so.
fn fallen_back(shown: &str) -> (Arc<LoadedCorpus>, Vec<String>) {
    let mut w = vec![format!(
        "could not load the corpus in {shown}; using the built-in corpus"
    )];
    let c = corpus::load(None, &[], false, &mut w, &crate::progress::Silent);
    (c, w)
}

/// Add `line` to the ignore list `file`, made with its folder and a header
/// when new.
fn ignore_write(file: &Path, line: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let new = !file.exists();
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)?;
    if new {
        f.write_all(
            b"# Findings copydesk does not show in this workspace: code, words, sentence (tab-separated).\n",
        )?;
    }
    f.write_all(line.as_bytes())
}
