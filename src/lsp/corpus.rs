//! The corpus as the server holds it: the analysed articles plus a `file://`
//! URI for each, so diagnostics and go-to-definition can point into them.
//! The embedded corpus has no files, so it is written once to a cache dir.

use crate::Corpus;
use crate::health::Watch;
use crate::loader::embedded_files;
use crate::open::{Opener, Origin, Spec};
use crate::progress::Progress;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use tower_lsp_server::ls_types::Uri;

pub struct LoadedCorpus {
    pub corpus: Corpus,
    /// Where each article of `corpus.docs` is on disk, when known.
    pub uris: Vec<Option<Uri>>,
    /// The database this corpus stands in for while it is being opened or
    /// could not be read (then `corpus` is the folders' or the built-in
    /// one): the server tries it and switches when it answers.
    pub waiting_for: Option<String>,
    /// Set once an attempt to open `waiting_for` failed (before that, the
    /// database has not answered yet: the first attempt is under way).
    pub refused: AtomicBool,
    /// For an archive read from a database: set once another push
    /// replaced it (see [`crate::postgres::open_watched`]).
    pub replaced: Option<Arc<AtomicBool>>,
    /// What its stores found after opening (see [`crate::health`]).
    pub health: Arc<Watch>,
    /// Which corpus this is when it answers only while the folders it
    /// stands in for are indexed ("the built-in corpus", "the previous
    /// index"): diagnostics and hovers say so.
    pub interim: Option<&'static str>,
}

impl LoadedCorpus {
    /// Whether an attempt to open the database this corpus stands in for failed.
    pub fn refused(&self) -> bool {
        self.refused.load(Ordering::SeqCst)
    }

    /// Whether this is an archive another push has replaced since it was opened.
    pub fn replaced(&self) -> bool {
        self.replaced
            .as_ref()
            .is_some_and(|r| r.load(Ordering::Relaxed))
    }
}

/// Load the corpus: from the shared archive at `url` if given, else in
/// `dirs` (the embedded one if empty), under the server's lenient policy
/// ([`Policy::Lenient`]: never without a corpus, each fallback with a
/// warning). With `wait_for_db` false a database is not asked at all: the
/// folders' (or built-in) corpus stands in for it (`waiting_for`) and the
/// caller opens it in the background, so nothing waits on it.
pub fn load(
    url: Option<&str>,
    dirs: &[PathBuf],
    wait_for_db: bool,
    warnings: &mut Vec<String>,
    progress: &dyn Progress,
) -> Arc<LoadedCorpus> {
    let spec = Spec::from_parts(url.map(str::to_string), dirs.to_vec());
    let opened = Opener::lenient(embedded_files(), wait_for_db).open_with_progress(&spec, progress);
    // The lenient policy always opens a corpus; an error here would be a
    // policy broken, answered with the built-in corpus all the same.
    let opened = opened.unwrap_or_else(|e| {
        warnings.push(format!("{e}; using the built-in corpus"));
        Opener::lenient(embedded_files(), false)
            .open(&Spec::BuiltIn)
            .expect("the built-in corpus opens")
    });
    warnings.extend(opened.warnings.iter().cloned());
    let loaded = located(
        opened.corpus,
        opened.origin != Origin::Archive,
        opened.stands_in_for,
        opened.replaced,
        opened.health,
    );
    // Asked and failed here: the fallback is no longer a stand-in while connecting.
    loaded.refused.store(opened.refused, Ordering::SeqCst);
    loaded
}

/// What answers while the folders `dirs` are indexed: their previous
/// index as it was written, if there is one this build can read, else the
/// built-in corpus (see [`LoadedCorpus::interim`]).
pub fn interim(dirs: &[PathBuf]) -> Arc<LoadedCorpus> {
    let previous = crate::index::index_file(dirs)
        .and_then(|f| crate::index::open_previous(dirs, &f))
        .map(|c| (c, PREVIOUS_INDEX));
    let (corpus, what) = previous.unwrap_or_else(|| {
        let builtin = Opener::lenient(embedded_files(), false)
            .open(&Spec::BuiltIn)
            .expect("the built-in corpus opens");
        (builtin.corpus, BUILT_IN)
    });
    let mut loaded = located(corpus, what == BUILT_IN, None, None, Watch::new());
    if let Some(l) = Arc::get_mut(&mut loaded) {
        l.interim = Some(what);
    }
    loaded
}

/// The interim corpora, as diagnostics and hovers name them.
pub const BUILT_IN: &str = "the built-in corpus";
pub const PREVIOUS_INDEX: &str = "the previous index";

/// What the editor is told when the database at `dirs`' side could not be
/// opened (`e`, naming it): which corpus answers instead, until when.
pub fn fallback_said(e: &str, dirs: &[PathBuf]) -> String {
    crate::open::fallback_said(e, dirs)
}

/// The archive at `url`, if it can be read now (see [`Opener::archive_only`]).
pub fn open_db(url: &str) -> Result<(Arc<LoadedCorpus>, Vec<String>), String> {
    let o = Opener::archive_only(url).map_err(|e| e.to_string())?;
    Ok((
        located(o.corpus, false, None, o.replaced, o.health),
        o.warnings,
    ))
}

/// `corpus` with a URI for each article. An archive's articles not on this
/// machine have none (`builtin_names` false: the embedded copies are the
/// built-in corpus's, not theirs).
fn located(
    corpus: Corpus,
    builtin_names: bool,
    waiting_for: Option<String>,
    replaced: Option<Arc<AtomicBool>>,
    health: Arc<Watch>,
) -> Arc<LoadedCorpus> {
    let cache = (builtin_names && corpus.docs.iter().any(|a| a.file.is_none()))
        .then(embedded_dir)
        .flatten();
    let uris = corpus
        .docs
        .iter()
        .map(|a| match &a.file {
            Some(f) => Uri::from_file_path(f),
            None => {
                let name = a.path.strip_prefix("corpus/").unwrap_or(&a.path);
                cache
                    .as_ref()
                    .and_then(|d| Uri::from_file_path(d.join(name)))
            }
        })
        .collect();
    Arc::new(LoadedCorpus {
        corpus,
        uris,
        waiting_for,
        refused: AtomicBool::new(false),
        replaced,
        health,
        interim: None,
    })
}

/// How often a database that could not be read is tried again (see
/// [`crate::open::retry_every`]).
pub fn retry_every() -> std::time::Duration {
    crate::open::retry_every()
}

/// The folder holding the embedded articles on disk, written on first use:
/// `$XDG_CACHE_HOME/copydesk/corpus-<hash>`, else `~/.cache/…`, else
/// `copydesk-<uid>-corpus-<hash>` in the temp dir; a private folder (see
/// [`write_embedded`]), or none if each candidate is refused.
pub fn embedded_dir() -> Option<PathBuf> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let name = format!("corpus-{:016x}", fingerprint());
        let env_dir = |k: &str| {
            std::env::var_os(k)
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
        };
        let cache = env_dir("XDG_CACHE_HOME").or_else(|| env_dir("HOME").map(|h| h.join(".cache")));
        let candidates = cache
            .map(|c| c.join("copydesk").join(&name))
            .into_iter()
            .chain([std::env::temp_dir().join(format!("copydesk-{}-{name}", user_id()))]);
        candidates
            .into_iter()
            .find(|dir| write_embedded(dir).is_ok())
    })
    .clone()
}

/// Our user id, so users sharing the temp dir do not share a cache folder.
fn user_id() -> u32 {
    #[cfg(unix)]
    // SAFETY: geteuid has no preconditions and cannot fail.
    return unsafe { libc::geteuid() };
    #[cfg(not(unix))]
    0
}

/// FNV-1a over the embedded names and bytes: a new build with other
/// articles gets another folder.
fn fingerprint() -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, bytes) in embedded_files() {
        for b in name
            .bytes()
            .chain([0])
            .chain(bytes.iter().copied())
            .chain([0])
        {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Write the embedded articles into `dir`, which must be (or is made) a
/// private folder: a real directory (not a symbolic link) owned by us with
/// mode 0700. Each article is written to a new temp file (`O_EXCL`, never
/// following a link) and renamed over its name, so nothing already there —
/// a symbolic link to someone's file, to `/dev/zero` — is followed, read
/// at length or written through. Temp files left by a crash are removed.
pub(crate) fn write_embedded(dir: &Path) -> std::io::Result<()> {
    private_dir(dir)?;
    remove_stale_temp_files(dir);
    for (name, bytes) in embedded_files() {
        let path = dir.join(name);
        if holds(&path, bytes) {
            continue;
        }
        let tmp = write_temp(dir, name, bytes)?;
        // Write then rename, so a concurrent server never reads half a
        // file; rename replaces a symbolic link itself, never its target.
        if let Err(e) = std::fs::rename(&tmp, &path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    }
    Ok(())
}

fn refuse(why: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::PermissionDenied, why)
}

/// Create `dir` with mode 0700 if it is missing; refuse one that is a
/// symbolic link, not a directory, or someone else's; make ours private.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    if let Some(parent) = dir.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut b = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    match b.create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    let m = std::fs::symlink_metadata(dir)?;
    if !m.is_dir() {
        return Err(refuse(format!("{} is not a directory", dir.display())));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // SAFETY: geteuid has no preconditions and cannot fail.
        if m.uid() != unsafe { libc::geteuid() } {
            return Err(refuse(format!("{} belongs to another user", dir.display())));
        }
        if m.mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// Open for reading without following a final symbolic link and without
/// blocking (a FIFO), and only if it is a regular file.
fn open_regular(path: &Path) -> Option<(std::fs::File, u64)> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut o,
        libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY,
    );
    let f = o.open(path).ok()?;
    let m = f.metadata().ok()?;
    m.is_file().then_some((f, m.len()))
}

/// Whether `path` is a regular file holding exactly `bytes` (reading no
/// more than that many bytes, whatever it is).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Some((f, len)) = open_regular(path) else {
        return false;
    };
    if len != bytes.len() as u64 {
        return false;
    }
    let mut have = Vec::with_capacity(bytes.len());
    f.take(bytes.len() as u64 + 1)
        .read_to_end(&mut have)
        .is_ok()
        && have == bytes
}

/// A new temp file in `dir` holding `bytes`: `.<name>.<pid>-<nanos>.tmp`,
/// created exclusively (never an existing file or link) with mode 0600.
fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::Write;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let tmp = dir.join(format!(".{name}.{}-{nanos}.tmp", std::process::id()));
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let mut f = o.open(&tmp)?;
    if let Err(e) = f.write_all(bytes).and_then(|()| f.sync_all()) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(tmp)
}

/// Remove `.….tmp` files of writers that are gone: their process no longer
/// runs, or the file is over an hour old.
fn remove_stale_temp_files(dir: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(stem) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
            continue;
        };
        let pid = stem
            .rsplit('.')
            .next()
            .and_then(|p| p.split('-').next())
            .and_then(|p| p.parse::<u32>().ok());
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600));
        if old || pid.is_some_and(|p| !alive(p)) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Whether a process with this id runs (any user's).
fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return false;
        }
        // SAFETY: signal 0 only checks that the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};
    use std::time::Duration;

    fn temp(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("copydesk-cache-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// `write_embedded` on another thread, failing (not hanging) after a while.
    fn write_within(dir: &Path, secs: u64) -> std::io::Result<()> {
        let (tx, rx) = std::sync::mpsc::channel();
        let d = dir.to_path_buf();
        std::thread::spawn(move || tx.send(write_embedded(&d)));
        rx.recv_timeout(Duration::from_secs(secs))
            .expect("writing the embedded corpus hung")
    }

    #[test]
    fn cache_writes_do_not_follow_symlinks() {
        let base = temp("symlinks");
        let dir = base.join("corpus-x");
        std::fs::create_dir(&dir).unwrap();
        let victim = base.join("victim");
        std::fs::write(&victim, "mine").unwrap();
        let (first, bytes) = embedded_files()
            .iter()
            .find(|(n, _)| n.ends_with(".txt"))
            .unwrap();
        // An entry that is a link to someone's file, and the temp name the
        // old code used (pid-based, predictable), planted as links too.
        symlink(&victim, dir.join(first)).unwrap();
        for (n, _) in embedded_files() {
            let _ = symlink(
                &victim,
                dir.join(format!(".{n}.{}.tmp", std::process::id())),
            );
        }
        // An entry that is a link to /dev/zero: never read to its (no) end.
        let (second, _) = embedded_files()
            .iter()
            .filter(|(n, _)| n.ends_with(".txt"))
            .nth(1)
            .unwrap();
        symlink("/dev/zero", dir.join(second)).unwrap();
        write_within(&dir, 10).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");
        let m = std::fs::symlink_metadata(dir.join(first)).unwrap();
        assert!(m.is_file(), "the link was replaced by a file");
        assert_eq!(std::fs::read(dir.join(first)).unwrap(), *bytes);
        assert!(
            std::fs::symlink_metadata(dir.join(second))
                .unwrap()
                .is_file()
        );
        assert_eq!(
            std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        std::fs::remove_dir_all(&base).ok();
    }

    #[test]
    fn cache_dir_that_is_a_symlink_or_shared_is_refused_or_made_private() {
        let base = temp("dirs");
        let elsewhere = base.join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let linked = base.join("corpus-linked");
        symlink(&elsewhere, &linked).unwrap();
        assert!(write_within(&linked, 10).is_err());
        assert_eq!(
            std::fs::read_dir(&elsewhere).unwrap().count(),
            0,
            "nothing written through the link"
        );
        let open = base.join("corpus-open");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
        write_within(&open, 10).unwrap();
        assert_eq!(
            std::fs::metadata(&open).unwrap().permissions().mode() & 0o777,
            0o700
        );
        std::fs::remove_dir_all(&base).ok();
    }

    #[test]
    fn stale_temp_files_from_a_crash_are_removed() {
        let base = temp("stale");
        let dir = base.join("corpus-x");
        write_within(&dir, 10).unwrap();
        // A crashed writer's files (a process id that cannot run), old and new style.
        let dead = [".a.txt.4194999.tmp", ".b.txt.4194999-123.tmp"];
        for n in dead {
            std::fs::write(dir.join(n), "half").unwrap();
        }
        // A live writer's (our own process) stays.
        let live = format!(".c.txt.{}-1.tmp", std::process::id());
        std::fs::write(dir.join(&live), "half").unwrap();
        write_within(&dir, 10).unwrap();
        for n in dead {
            assert!(!dir.join(n).exists(), "{n} removed");
        }
        assert!(dir.join(&live).exists());
        std::fs::remove_dir_all(&base).ok();
    }
}
