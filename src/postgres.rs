//! The shared archive on PostgreSQL: a newsroom whose archive is too large
//! for each reporter's machine pushes the analysed corpus into a database
//! once (`copydesk index push --postgres URL`), and every `copydesk check`
//! and language server given `corpus = "postgres://…"` reads it from there.
//!
//! What is stored is what the embedded index (`crate::index`) stores, in
//! tables of the schema `copydesk` (so no other application's `articles`
//! or `names` is touched):
//!
//! - `schema_version(version)`: [`SCHEMA_VERSION`]; a database of another
//!   layout is refused with a message saying to push again;
//! - `articles(id, path, file, doc, crc)`: each article's analysis, the
//!   postcard encoding of its [`Doc`] (as the index file holds it), with
//!   its CRC-32;
//! - `derived(model, bytes, crc, prefer)`: the names model and postings
//!   ([`Derived`]), under the core's [`copydesk_core::MODEL_HASH`] (another
//!   build's is refused: its encoding may differ), and the style guide;
//! - `names(form, entity, count, articles)`: every spelling the corpus
//!   writes as a name, with a trigram index (`pg_trgm`) on `form`, so other
//!   tools can look names up by similarity.
//!
//! Opening reads the derived part once; each article's analysis is fetched
//! (`SELECT doc, crc … WHERE id = $1`) when a query first reaches it, so
//! memory holds only the articles the drafts touch. A push replaces the
//! tables in one transaction: a reader sees the old archive or the new one,
//! and a reader that opened the old one and fetches an article after the
//! push notices that its checksum changed and reads it as empty rather
//! than mixing two archives.
//!
//! The `postgres` client runs its own small async runtime, which must not
//! be started inside another (the language server's): the connection lives
//! on a thread of its own, and queries are handed to it over a channel.

use crate::loader;
use copydesk_core::corpus::{Article, Derived, DocSource, StyleGuide, parallel_map};
use copydesk_core::{Corpus, Doc};
use postgres::types::Type;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// The layout of the tables below; a change to them bumps it.
pub const SCHEMA_VERSION: i32 = 1;

/// How long connecting may take when the URL does not say (`connect_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Whether a corpus entry names a database rather than a folder.
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// Corpus entries (`--corpus`, `.copydesk.toml`) split into the database
/// URL (the first, if any) and the folders.
pub fn split(entries: &[PathBuf]) -> (Option<String>, Vec<PathBuf>) {
    let mut url = None;
    let mut dirs = Vec::new();
    for e in entries {
        match e.to_str().filter(|s| is_url(s)) {
            Some(s) => {
                url.get_or_insert_with(|| s.to_string());
            }
            None => dirs.push(e.clone()),
        }
    }
    (url, dirs)
}

/// `url` with its password replaced by `***`, for messages and logs
/// (`postgres://user:***@host/db`; a `password=` parameter too).
pub fn masked(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else { return url.to_string() };
    let (scheme, rest) = url.split_at(scheme_end);
    let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (auth, tail) = rest.split_at(auth_end);
    let auth = match auth.rfind('@') {
        Some(at) => match auth[..at].find(':') {
            Some(colon) => format!("{}:***{}", &auth[..colon], &auth[at..]),
            None => auth.to_string(),
        },
        None => auth.to_string(),
    };
    let tail = match tail.find('?') {
        Some(q) => {
            let params: Vec<String> = tail[q + 1..]
                .split('&')
                .map(|p| if p.starts_with("password=") { "password=***".to_string() } else { p.to_string() })
                .collect();
            format!("{}?{}", &tail[..q], params.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}{auth}{tail}")
}

/// A database error's own message (the server's, when it sent one), else
/// the client's with its cause ("error connecting to server: Connection refused").
fn why(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let c_text = c.to_string();
        if !out.contains(&c_text) {
            out = format!("{out}: {c_text}");
        }
        cause = c.source();
    }
    out
}

fn connect(url: &str) -> Result<postgres::Client, String> {
    let mut cfg: postgres::Config = url.parse().map_err(|e: postgres::Error| format!("{}: not a valid PostgreSQL URL: {}", masked(url), why(&e)))?;
    if cfg.get_connect_timeout().is_none() {
        cfg.connect_timeout(CONNECT_TIMEOUT);
    }
    cfg.connect(postgres::NoTls).map_err(|e| format!("{}: cannot connect to the corpus database: {}", masked(url), why(&e)))
}

/// A CRC-32 as PostgreSQL's `int` holds it (the same 32 bits).
fn crc_i32(bytes: &[u8]) -> i32 {
    crc32fast::hash(bytes) as i32
}

/// What `copydesk index push` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PushReport {
    pub articles: usize,
    pub names: usize,
    /// Bytes of the articles' analyses and of the derived part.
    pub sizes: (u64, u64),
}

/// Write `corpus` (opened from its folders' index, with their style
/// guide) into the database at `url`, replacing what a previous push left,
/// in one transaction.
pub fn push(url: &str, corpus: &Corpus) -> Result<PushReport, String> {
    let shown = masked(url);
    let fail = |what: &str, e: postgres::Error| format!("{shown}: {what}: {}", why(&e));
    // The parts, serialised on all cores before the transaction starts.
    let docs: Vec<&Article> = corpus.docs.iter().collect();
    // An analysis still in the index file is copied as stored (checked
    // against its CRC), never decoded: pushing 100,000 articles would
    // otherwise hold every analysis in memory.
    let blobs = parallel_map(docs, |a| a.stored().map_or_else(|| postcard::to_stdvec(a.doc()), Ok)).into_iter().collect::<Result<Vec<_>, _>>().map_err(|e| format!("cannot encode an analysis: {e}"))?;
    let derived = copydesk_core::corpus::flat::encode(&corpus.derived()).map_err(|e| format!("cannot encode the names and postings: {e}"))?;
    let report = PushReport { articles: blobs.len(), names: corpus.names.forms.len(), sizes: (blobs.iter().map(|b| b.len() as u64).sum(), derived.len() as u64) };

    let mut client = connect(url)?;
    let mut tx = client.transaction().map_err(|e| fail("cannot start a transaction", e))?;
    // Only our own tables are dropped, and without CASCADE: a view another
    // tool made on them stops the push with the server's message instead
    // of disappearing.
    tx.batch_execute(
        "CREATE EXTENSION IF NOT EXISTS pg_trgm;
         CREATE SCHEMA IF NOT EXISTS copydesk;
         DROP TABLE IF EXISTS copydesk.schema_version, copydesk.articles, copydesk.derived, copydesk.names;
         CREATE TABLE copydesk.schema_version (version int NOT NULL);
         CREATE TABLE copydesk.articles (id int PRIMARY KEY, path text NOT NULL, file text, doc bytea NOT NULL, crc int NOT NULL);
         CREATE TABLE copydesk.derived (model text NOT NULL, bytes bytea NOT NULL, crc int NOT NULL, prefer text[] NOT NULL);
         CREATE TABLE copydesk.names (form text NOT NULL, entity int NOT NULL, count int NOT NULL, articles int NOT NULL);",
    )
    .map_err(|e| fail("cannot create the tables", e))?;
    tx.execute("INSERT INTO copydesk.schema_version VALUES ($1)", &[&SCHEMA_VERSION]).map_err(|e| fail("cannot write the schema version", e))?;
    tx.execute(
        "INSERT INTO copydesk.derived VALUES ($1, $2, $3, $4)",
        &[&copydesk_core::MODEL_HASH, &derived, &crc_i32(&derived), &corpus.style.prefer],
    )
    .map_err(|e| fail("cannot write the names and postings", e))?;

    // The articles and names by binary COPY: one stream each, no per-row
    // round trip. The primary key is added after, in one sort.
    {
        let sink = tx.copy_in("COPY copydesk.articles (id, path, file, doc, crc) FROM STDIN (FORMAT binary)").map_err(|e| fail("cannot write the articles", e))?;
        let mut w = postgres::binary_copy::BinaryCopyInWriter::new(sink, &[Type::INT4, Type::TEXT, Type::TEXT, Type::BYTEA, Type::INT4]);
        for (i, (a, blob)) in corpus.docs.iter().zip(&blobs).enumerate() {
            let id = i32::try_from(i).map_err(|_| "too many articles for one archive".to_string())?;
            let file = a.file.as_ref().map(|f| f.display().to_string());
            w.write(&[&id, &a.path, &file, blob, &crc_i32(blob)]).map_err(|e| fail("cannot write the articles", e))?;
        }
        w.finish().map_err(|e| fail("cannot write the articles", e))?;
    }
    {
        let sink = tx.copy_in("COPY copydesk.names (form, entity, count, articles) FROM STDIN (FORMAT binary)").map_err(|e| fail("cannot write the names", e))?;
        let mut w = postgres::binary_copy::BinaryCopyInWriter::new(sink, &[Type::TEXT, Type::INT4, Type::INT4, Type::INT4]);
        for (i, f) in corpus.names.forms.iter().enumerate() {
            let entity = corpus.names.entity_of(i as u32).0 as i32;
            let (count, articles) = (f.count as i32, f.articles.len() as i32);
            w.write(&[&f.form, &entity, &count, &articles]).map_err(|e| fail("cannot write the names", e))?;
        }
        w.finish().map_err(|e| fail("cannot write the names", e))?;
    }
    tx.batch_execute("CREATE INDEX names_form_trgm ON copydesk.names USING gin (form gin_trgm_ops); ANALYZE copydesk.articles; ANALYZE copydesk.names;")
        .map_err(|e| fail("cannot index the names", e))?;
    tx.commit().map_err(|e| fail("cannot commit the push", e))?;
    Ok(report)
}

/// What the connection thread is asked: an article's analysis by id,
/// answered with its bytes and stored checksum.
type Request = (i32, mpsc::SyncSender<Option<(Vec<u8>, i32)>>);

/// The archive's articles, fetched on demand through the connection thread.
struct PgDocs {
    requests: mpsc::Sender<Request>,
    /// Each article's checksum as read at open: an article whose row now
    /// says otherwise belongs to a later push and is not used.
    crcs: Vec<i32>,
}

impl std::fmt::Debug for PgDocs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgDocs({} articles)", self.crcs.len())
    }
}

impl DocSource for PgDocs {
    fn load(&self, key: usize) -> Option<Doc> {
        let id = i32::try_from(key).ok()?;
        let (reply, answer) = mpsc::sync_channel(1);
        self.requests.send((id, reply)).ok()?;
        let (bytes, crc) = answer.recv().ok()??;
        // Bytes that do not match their checksum (or the archive's at open)
        // are never decoded: a wrong finding is worse than a missing one.
        (crc == *self.crcs.get(key)? && crc_i32(&bytes) == crc).then(|| postcard::from_bytes(&bytes).ok()).flatten()
    }
}

/// What is read when the archive is opened.
struct Head {
    derived: Vec<u8>,
    prefer: Vec<String>,
    /// (id, path, file, crc) by id.
    articles: Vec<(i32, String, Option<String>, i32)>,
}

fn read_head(client: &mut postgres::Client, shown: &str) -> Result<Head, String> {
    let fail = |what: &str, e: postgres::Error| format!("{shown}: {what}: {}", why(&e));
    // REPEATABLE READ: the three reads see one push, even if another commits meanwhile.
    let mut tx = client.build_transaction().isolation_level(postgres::IsolationLevel::RepeatableRead).read_only(true).start().map_err(|e| fail("cannot read the archive", e))?;
    let present: bool = tx
        .query_one("SELECT to_regclass('copydesk.schema_version') IS NOT NULL", &[])
        .map_err(|e| fail("cannot read the archive", e))?
        .get(0);
    if !present {
        return Err(format!("{shown}: holds no copydesk archive: push one with `copydesk index push --postgres URL --corpus DIR`"));
    }
    let version: Option<i32> = tx.query_opt("SELECT version FROM copydesk.schema_version", &[]).map_err(|e| fail("cannot read the archive", e))?.map(|r| r.get(0));
    if version != Some(SCHEMA_VERSION) {
        let v = version.map_or("no".to_string(), |v| v.to_string());
        return Err(format!("{shown}: the archive has table layout {v}, this build reads layout {SCHEMA_VERSION}: push it again with this build (`copydesk index push`)"));
    }
    let row = tx.query_opt("SELECT model, bytes, crc, prefer FROM copydesk.derived", &[]).map_err(|e| fail("cannot read the names and postings", e))?;
    let Some(row) = row else { return Err(format!("{shown}: the archive has no names and postings: push it again")) };
    let model: String = row.get(0);
    if model != copydesk_core::MODEL_HASH {
        return Err(format!("{shown}: the archive was pushed by another build of copydesk (its analyses are not this build's): push it again with this build (`copydesk index push`)"));
    }
    let derived: Vec<u8> = row.get(1);
    if crc_i32(&derived) != row.get::<_, i32>(2) {
        return Err(format!("{shown}: the archive's names and postings do not match their checksum: push it again"));
    }
    let prefer: Vec<String> = row.get(3);
    let articles = tx
        .query("SELECT id, path, file, crc FROM copydesk.articles ORDER BY id", &[])
        .map_err(|e| fail("cannot list the articles", e))?
        .into_iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect::<Vec<_>>();
    // The postings name articles by position: the ids must be exactly 0..n.
    if articles.iter().enumerate().any(|(i, a)| a.0 as usize != i) {
        return Err(format!("{shown}: the archive's article ids have gaps: push it again"));
    }
    tx.commit().map_err(|e| fail("cannot read the archive", e))?;
    Ok(Head { derived, prefer, articles })
}

/// The corpus in the archive at `url`, and warnings. `Err` (one line,
/// naming the URL with its password masked) when the database cannot be
/// reached or holds no archive this build can read.
pub fn open(url: &str) -> Result<(Corpus, Vec<String>), String> {
    let shown = masked(url);
    let (head_tx, head_rx) = mpsc::sync_channel::<Result<Head, String>>(1);
    let (requests, serve) = mpsc::channel::<Request>();
    let url_owned = url.to_string();
    let shown_owned = shown.clone();
    // The connection's thread: it connects, reads the head, then answers
    // article requests until every handle on the corpus is gone, and
    // closes the connection there (never inside an async runtime).
    std::thread::Builder::new()
        .name("copydesk-postgres".into())
        .spawn(move || {
            let mut client = match connect(&url_owned) {
                Ok(c) => c,
                Err(e) => {
                    let _ = head_tx.send(Err(e));
                    return;
                }
            };
            let head = read_head(&mut client, &shown_owned);
            let ok = head.is_ok();
            let _ = head_tx.send(head);
            if !ok {
                return;
            }
            const FETCH: &str = "SELECT doc, crc FROM copydesk.articles WHERE id = $1";
            let Ok(mut stmt) = client.prepare(FETCH) else { return };
            for (id, reply) in serve {
                let mut row = client.query_opt(&stmt, &[&id]);
                // A connection lost since (the server restarted under a
                // language server that runs all day): connect again, once.
                if row.is_err() && client.is_closed() {
                    if let Ok((c, s)) = connect(&url_owned).and_then(|mut c| c.prepare(FETCH).map(|s| (c, s)).map_err(|e| why(&e))) {
                        (client, stmt) = (c, s);
                        row = client.query_opt(&stmt, &[&id]);
                    }
                }
                let _ = reply.send(row.ok().flatten().map(|r| (r.get(0), r.get(1))));
            }
        })
        .map_err(|e| format!("{shown}: cannot start the database thread: {e}"))?;
    let head = head_rx.recv().map_err(|_| format!("{shown}: the database connection ended unexpectedly"))??;
    let len = head.derived.len();
    let derived: Derived = copydesk_core::corpus::flat::decode(std::sync::Arc::new(head.derived) as copydesk_core::corpus::flat::Backing, 0..len).ok_or_else(|| format!("{shown}: the archive's names and postings cannot be decoded: push it again with this build"))?;
    let mut warnings = Vec::new();
    if head.articles.is_empty() {
        warnings.push(format!("{shown}: {}", loader::NO_ARTICLES));
    }
    let source = Arc::new(PgDocs { requests, crcs: head.articles.iter().map(|a| a.3).collect() });
    let as_source: Arc<dyn DocSource> = source;
    let docs = head
        .articles
        .into_iter()
        .enumerate()
        .map(|(i, (_, path, file, _))| {
            // The pusher's file, where this machine sees it too (a shared
            // folder): go-to-definition opens it.
            let file = file.map(PathBuf::from).filter(|f| f.is_file());
            Article::lazy(path, file, as_source.clone(), i)
        })
        .collect();
    let style = StyleGuide { prefer: head.prefer };
    Ok((Corpus::assemble(docs, style, Some(derived)), warnings))
}

/// `copydesk index push`: open the corpus folders' index, push it to
/// `url`, and say what was written on stdout. Exit code as `check`'s.
pub fn push_cmd(url: &str, dirs: &[PathBuf]) -> Result<String, String> {
    let start = Instant::now();
    // A push checks every part of the index it sends.
    let (corpus, warnings, _) = crate::index::open_with(dirs, crate::index::index_file(dirs).as_deref(), crate::index::Verify::All)?;
    for w in &warnings {
        crate::say!("copydesk: warning: {w}");
    }
    let opened = start.elapsed();
    let report = push(url, &corpus)?;
    let shown_dirs = dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ");
    Ok(format!(
        "pushed {shown_dirs} to {} in {:.2} s (index opened in {:.2} s)\n  {} articles ({:.1} MB of analyses), {} name spellings, names and postings {:.1} MB\n",
        masked(url),
        start.elapsed().as_secs_f64(),
        opened.as_secs_f64(),
        report.articles,
        report.sizes.0 as f64 / 1e6,
        report.names,
        report.sizes.1 as f64 / 1e6,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked() {
        assert_eq!(masked("postgres://ann:s3cr:et@db.example/news"), "postgres://ann:***@db.example/news");
        assert_eq!(masked("postgresql://ann@db/news?sslmode=disable&password=x"), "postgresql://ann@db/news?sslmode=disable&password=***");
        assert_eq!(masked("postgres://db:5432"), "postgres://db:5432");
    }

    #[test]
    fn entries_split_into_url_and_folders() {
        let (url, dirs) = split(&[PathBuf::from("refs"), PathBuf::from("postgres://h/db"), PathBuf::from("postgres://other/db")]);
        assert_eq!(url.as_deref(), Some("postgres://h/db"));
        assert_eq!(dirs, vec![PathBuf::from("refs")]);
    }
}
