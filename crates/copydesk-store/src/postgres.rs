//! The shared archive on PostgreSQL: a newsroom whose archive is too large
//! for each reporter's machine pushes the analysed corpus into a database
//! once (`copydesk index push --postgres URL`), and every `copydesk check`
//! and language server given `corpus = "postgres://…"` reads it from there.
//!
//! The model is stored as tables of the schema `copydesk` (so no other
//! application's `articles` or `names` is touched), each with the index its
//! queries use, and every question the checks ask
//! ([`copydesk_core::corpus::CorpusQuery`]) is answered by indexed queries
//! reading a few rows (see [`copydesk_core::corpus::tables`]); nothing
//! beyond a line per article is read at open:
//!
//! - `schema_version(version)`: [`SCHEMA_VERSION`]; a database of another
//!   layout is refused with a message saying what to run;
//! - `meta(model, generation, prefer, max_idf)`: the core's
//!   [`copydesk_core::MODEL_VERSION`] (an archive of another model version
//!   is refused: its encodings may differ; clients of two releases with the
//!   same versions share one archive), this push's name, the style guide;
//! - `articles(id, path, file, doc, crc, first_sentence, sentences)`: each
//!   article's analysis (the postcard encoding of its [`Doc`], as the index
//!   file holds it) with its CRC-32, fetched when a query first reaches it;
//! - names: `names(id, form, variant_of, canonical, count, articles, body)`
//!   (a B-tree and a trigram index, `pg_trgm`, on `form`: lookups, and
//!   completion on `folded`, the form in lower case), `name_keys(key, skeleton, id)` (the
//!   deletion-neighbourhood and transliteration-skeleton keys that give a
//!   spelling's candidates), `glued`, `lower_words`, `phrases`;
//! - inverted postings: `words(id, word, idf, content int[], claim int[])`
//!   (content and claim word → sentences), `quote_words(…, quotes int[])`,
//!   `sentence_words(…, sentences int[])`;
//! - rows the searches read, in narrow tables (each search reads one):
//!   `contents(g, fig_start, fig_end, ids, weights, total)` (a partial
//!   index on the sentences that state figures), `claims(g, ids, weights,
//!   total)`, `sentences(g, words)`, `figures(id, g, value_key, body)` (a B-tree on
//!   `value_key` for rare values), `quotes(id, words, body)`,
//!   `roles(id, entity, article, orgs text[], titles text[], body)` (GIN on
//!   the arrays).
//!
//! A push replaces the tables in one transaction and `NOTIFY`s
//! `copydesk_push`: a reader that opened the old archive (it `LISTEN`s)
//! leaves out every answer from then on and says so once, rather than mix
//! two archives. Rows read are kept in bounded caches ([`ROWS_KEPT`]).
//!
//! The `postgres` client runs its own small async runtime, which must not
//! be started inside another (the language server's): the connection lives
//! on a thread of its own, and queries are handed to it over a channel.

use crate::health::{Event, Tell, Watch};
use crate::loader;
use copydesk_core::corpus::index::{Bag, StoredFigure, StoredQuote};
use copydesk_core::corpus::names::NameForm;
use copydesk_core::corpus::tables::{
    BagKind, BagOf, Got, IndexTables, List, NameTables, Need, RoleKey,
};
use copydesk_core::corpus::{Article, DocSource, EntityId, StyleGuide, parallel_map};
use copydesk_core::model::names::{deletion_keys, fold, skeleton};
use copydesk_core::model::roles::Role;
use copydesk_core::{Corpus, Doc};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// The layout of the tables below ([`TABLES`], [`INDEXES`]). Raise it by
/// one whenever they change (`tests` below holds a snapshot of their text
/// to it); what their rows hold is versioned by
/// [`copydesk_core::MODEL_VERSION`]. An archive of another layout is
/// refused, saying what to run.
pub const SCHEMA_VERSION: i32 = 2;

/// The longest copydesk waits for a connection to PostgreSQL, with login:
/// a database on the newsroom's network answers in milliseconds, one over
/// a slow VPN in well under a second; past 5 s the server is down, frozen
/// or not PostgreSQL (a socket that accepts and never answers), and a
/// writer starting an editor or a `check` must not wait longer for the
/// fallback. Enforced by the client itself (a frozen server cannot enforce
/// anything), for the TCP connect and the login together. Overridden by
/// [`DEADLINE_ENV`].
pub const CONNECT_DEADLINE: Duration = Duration::from_secs(5);

/// The longest a reader waits for one answer (reading the archive's head,
/// or any query of a check): twice [`CONNECT_DEADLINE`]. A check's queries
/// take milliseconds, the slowest (a first search's rows on cold pages)
/// a second or two, and the head of a 100,000-article archive 0.3 s; one
/// that runs for 10 s means a database in trouble, and the editor's
/// request goes on without its answer. PostgreSQL is asked to cancel such
/// a query at the same limit (`statement_timeout`), and the client sends a
/// cancel itself when the limit passes.
pub fn query_deadline() -> Duration {
    connect_deadline() * 2
}

/// `COPYDESK_DB_TIMEOUT`: seconds (a decimal number) for
/// [`CONNECT_DEADLINE`] instead of its default; answers may take twice as long.
pub const DEADLINE_ENV: &str = "COPYDESK_DB_TIMEOUT";

/// The connection deadline: [`CONNECT_DEADLINE`], or [`DEADLINE_ENV`]'s
/// (kept between 0.1 s and 10 minutes).
pub fn connect_deadline() -> Duration {
    std::env::var(DEADLINE_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite())
        .map_or(CONNECT_DEADLINE, |s| {
            Duration::from_secs_f64(s.clamp(0.1, 600.0))
        })
}

/// Idle time before TCP keepalives start, so a connection whose host or
/// network vanished is found dead in about a minute rather than the
/// system's two hours (a stopped process is the deadlines' job: its
/// kernel still answers keepalives).
const KEEPALIVE_IDLE: Duration = Duration::from_secs(30);

/// How long data sent may stay unacknowledged before the connection is
/// dropped (`TCP_USER_TIMEOUT`, Linux): a host gone mid-push or mid-query
/// ends the connection with an error instead of a wait of many minutes.
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(30);

/// The keywords of a libpq connection string (`host=db dbname=news …`) that
/// may start one.
const CONNINFO_KEYS: &[&str] = &[
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "connect_timeout",
    "options",
    "application_name",
    "sslmode",
    "keepalives",
    "keepalives_idle",
    "target_session_attrs",
    "channel_binding",
];

/// Whether a corpus entry names a database rather than a folder: a
/// `postgres://` or `postgresql://` URL, or a libpq connection string of
/// `key=value` pairs starting with one of its keywords
/// (`host=db dbname=news user=desk`).
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://") || is_conninfo(s)
}

fn is_conninfo(s: &str) -> bool {
    let s = s.trim_start();
    let key_end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    CONNINFO_KEYS.contains(&&s[..key_end]) && s[key_end..].trim_start().starts_with('=')
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
    if is_conninfo(url) {
        return masked_conninfo(url);
    }
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
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
                .map(|p| {
                    if p.starts_with("password=") {
                        "password=***".to_string()
                    } else {
                        p.to_string()
                    }
                })
                .collect();
            format!("{}?{}", &tail[..q], params.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}{auth}{tail}")
}

/// A libpq connection string with its `password` value (bare or quoted)
/// replaced by `***`.
fn masked_conninfo(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("password") {
        let before_ok = rest[..at]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let after = &rest[at + "password".len()..];
        let eq = after.len() - after.trim_start().len();
        if !(before_ok && after[eq..].starts_with('=')) {
            out.push_str(&rest[..at + 1]);
            rest = &rest[at + 1..];
            continue;
        }
        let value = &after[eq + 1..];
        let skip = value.len() - value.trim_start().len();
        let value = &value[skip..];
        let end = if let Some(quoted) = value.strip_prefix('\'') {
            // Up to the closing quote; a backslash escapes the next character.
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '\'' => {
                        end = i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            1 + end
        } else {
            value.find(char::is_whitespace).unwrap_or(value.len())
        };
        out.push_str(&rest[..at]);
        out.push_str("password=***");
        rest = &value[end..];
    }
    out.push_str(rest);
    out
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

/// The connection settings of `url`, with the client-side limits: the
/// connect timeout (when the URL gives none), TCP keepalives and
/// `tcp_user_timeout`.
fn settings(url: &str) -> Result<postgres::Config, String> {
    let mut cfg: postgres::Config = url.parse().map_err(|e: postgres::Error| {
        format!(
            "{}: not a valid PostgreSQL URL or connection string: {}",
            masked(url),
            why(&e)
        )
    })?;
    if cfg.get_connect_timeout().is_none() {
        cfg.connect_timeout(connect_deadline());
    }
    cfg.keepalives(true);
    if cfg.get_keepalives_idle() == Duration::from_secs(2 * 60 * 60) {
        cfg.keepalives_idle(KEEPALIVE_IDLE);
    }
    if cfg.get_tcp_user_timeout().is_none() {
        cfg.tcp_user_timeout(TCP_USER_TIMEOUT);
    }
    Ok(cfg)
}

/// Connect and log in, on this thread, as long as it takes (the callers
/// wait on it with a deadline, see [`connect`] and [`open_watched`]).
fn connect_here(url: &str) -> Result<postgres::Client, String> {
    settings(url)?.connect(postgres::NoTls).map_err(|e| {
        format!(
            "{}: cannot connect to the corpus database: {}",
            masked(url),
            why(&e)
        )
    })
}

/// What is said of a database that did not answer in time.
fn no_answer(url: &str, what: &str, within: Duration) -> String {
    format!(
        "{}: cannot connect to the corpus database: no answer {what} within {} s",
        masked(url),
        secs(within)
    )
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

/// Connect and log in within [`connect_deadline`]. A server that accepts
/// and never answers leaves a thread waiting on it, not the caller (the
/// client offers no way to interrupt its login).
fn connect(url: &str) -> Result<postgres::Client, String> {
    let (tx, rx) = mpsc::sync_channel(1);
    let u = url.to_string();
    std::thread::Builder::new()
        .name("copydesk-connect".into())
        .spawn(move || drop(tx.send(connect_here(&u))))
        .map_err(|e| format!("{}: cannot start the database thread: {e}", masked(url)))?;
    let within = connect_deadline();
    match rx.recv_timeout(within) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(no_answer(url, "to connecting", within)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(format!(
            "{}: the database connection ended unexpectedly",
            masked(url)
        )),
    }
}

/// A connection for reading the archive, on this thread, with PostgreSQL
/// asked to cancel a query past [`query_deadline`].
fn reader(url: &str) -> Result<postgres::Client, String> {
    let mut client = connect_here(url)?;
    client
        .batch_execute(&format!(
            "SET statement_timeout = '{}ms'",
            query_deadline().as_millis()
        ))
        .map_err(|e| format!("{}: cannot set up the connection: {}", masked(url), why(&e)))?;
    Ok(client)
}

/// A CRC-32 as PostgreSQL's `int` holds it (the same 32 bits).
fn crc_i32(bytes: &[u8]) -> i32 {
    crc32fast::hash(bytes) as i32
}

/// Numbers as PostgreSQL's `int[]` holds them (ids and sentence numbers stay below 2³¹).
fn ints(v: &[u32]) -> Vec<i32> {
    v.iter().map(|&x| x as i32).collect()
}

fn nums(v: Vec<i32>) -> Arc<[u32]> {
    v.into_iter().map(|x| x as u32).collect()
}

/// The postcard encoding of a row's body (a name's evidence, a figure, a quotation, a role).
fn body<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, String> {
    postcard::to_stdvec(v).map_err(|e| format!("cannot encode a row: {e}"))
}

/// What `copydesk index push` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PushReport {
    pub articles: usize,
    pub names: usize,
    pub sentences: usize,
    /// Bytes of the articles' analyses.
    pub analyses: u64,
}

/// The advisory lock a push holds for its transaction ("copydesk" in ASCII).
const PUSH_LOCK: i64 = 0x636f_7079_6465_736b;

/// The channel on which a push tells open readers that the archive changed.
const CHANNEL: &str = "copydesk_push";

/// The tables, dropped and made again by each push. Only our own tables
/// are dropped, and without CASCADE: a view another tool made on them
/// stops the push with the server's message instead of disappearing.
const TABLES: &str = "
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE SCHEMA IF NOT EXISTS copydesk;
    DROP TABLE IF EXISTS copydesk.schema_version, copydesk.meta, copydesk.articles, copydesk.derived, copydesk.names, copydesk.name_keys,
        copydesk.glued, copydesk.lower_words, copydesk.phrases, copydesk.words, copydesk.quote_words, copydesk.sentence_words,
        copydesk.sentences, copydesk.contents, copydesk.claims, copydesk.figures, copydesk.quotes, copydesk.roles;
    CREATE TABLE copydesk.schema_version (version int NOT NULL);
    CREATE TABLE copydesk.meta (model text NOT NULL, generation text NOT NULL, prefer text[] NOT NULL, max_idf real NOT NULL);
    CREATE TABLE copydesk.articles (id int NOT NULL, path text NOT NULL, file text, doc bytea NOT NULL, crc int NOT NULL, first_sentence int NOT NULL, sentences int NOT NULL);
    CREATE TABLE copydesk.names (id int NOT NULL, form text NOT NULL, folded text NOT NULL, variant_of int, canonical boolean NOT NULL, count int NOT NULL, articles int NOT NULL, body bytea NOT NULL);
    CREATE TABLE copydesk.name_keys (key text NOT NULL, skeleton boolean NOT NULL, id int NOT NULL);
    CREATE TABLE copydesk.glued (form text NOT NULL, id int NOT NULL);
    CREATE TABLE copydesk.lower_words (word text NOT NULL, count int NOT NULL);
    CREATE TABLE copydesk.phrases (phrase text NOT NULL);
    CREATE TABLE copydesk.words (id int NOT NULL, word text NOT NULL, idf real NOT NULL, content int[] NOT NULL, claim int[] NOT NULL);
    CREATE TABLE copydesk.quote_words (id int NOT NULL, word text NOT NULL, quotes int[] NOT NULL);
    CREATE TABLE copydesk.sentence_words (id int NOT NULL, word text NOT NULL, sentences int[] NOT NULL);
    CREATE TABLE copydesk.contents (g int NOT NULL, fig_start int NOT NULL, fig_end int NOT NULL, ids int[] NOT NULL, weights real[] NOT NULL, total real NOT NULL);
    CREATE TABLE copydesk.claims (g int NOT NULL, ids int[] NOT NULL, weights real[] NOT NULL, total real NOT NULL);
    CREATE TABLE copydesk.sentences (g int NOT NULL, words int[] NOT NULL);
    CREATE TABLE copydesk.figures (id int NOT NULL, g int NOT NULL, value_key text, body bytea NOT NULL);
    CREATE TABLE copydesk.quotes (id int NOT NULL, words int[] NOT NULL, body bytea NOT NULL);
    CREATE TABLE copydesk.roles (id int NOT NULL, entity int NOT NULL, article int NOT NULL, orgs text[] NOT NULL, titles text[] NOT NULL, body bytea NOT NULL);";

/// The indexes the queries below use, made after the rows are in (one sort each).
const INDEXES: &str = "
    ALTER TABLE copydesk.articles ADD PRIMARY KEY (id);
    ALTER TABLE copydesk.names ADD PRIMARY KEY (id);
    CREATE UNIQUE INDEX ON copydesk.names (form);
    CREATE INDEX names_form_trgm ON copydesk.names USING gin (form gin_trgm_ops);
    CREATE INDEX names_folded_trgm ON copydesk.names USING gin (folded gin_trgm_ops) WHERE canonical;
    CREATE INDEX ON copydesk.names (variant_of) WHERE variant_of IS NOT NULL;
    CREATE INDEX ON copydesk.name_keys (key);
    ALTER TABLE copydesk.glued ADD PRIMARY KEY (form);
    ALTER TABLE copydesk.lower_words ADD PRIMARY KEY (word);
    ALTER TABLE copydesk.words ADD PRIMARY KEY (id);
    CREATE UNIQUE INDEX ON copydesk.words (word);
    ALTER TABLE copydesk.quote_words ADD PRIMARY KEY (id);
    CREATE UNIQUE INDEX ON copydesk.quote_words (word);
    ALTER TABLE copydesk.sentence_words ADD PRIMARY KEY (id);
    CREATE UNIQUE INDEX ON copydesk.sentence_words (word);
    ALTER TABLE copydesk.sentences ADD PRIMARY KEY (g);
    ALTER TABLE copydesk.contents ADD PRIMARY KEY (g);
    CREATE INDEX contents_with_figures ON copydesk.contents (g) WHERE fig_end > fig_start;
    ALTER TABLE copydesk.claims ADD PRIMARY KEY (g);
    ALTER TABLE copydesk.figures ADD PRIMARY KEY (id);
    CREATE INDEX ON copydesk.figures (g);
    CREATE INDEX ON copydesk.figures (value_key) WHERE value_key IS NOT NULL;
    ALTER TABLE copydesk.quotes ADD PRIMARY KEY (id);
    ALTER TABLE copydesk.roles ADD PRIMARY KEY (id);
    CREATE INDEX ON copydesk.roles (entity);
    CREATE INDEX ON copydesk.roles USING gin (orgs);
    CREATE INDEX ON copydesk.roles USING gin (titles);
";

/// Run after the push commits (VACUUM cannot run in a transaction): the
/// rows' visibility settled once, so the first readers do not pay for it,
/// and statistics for the planner.
const SETTLE: &str = "VACUUM (ANALYZE) copydesk.articles, copydesk.names, copydesk.name_keys, copydesk.words, copydesk.quote_words,
    copydesk.sentence_words, copydesk.sentences, copydesk.contents, copydesk.claims, copydesk.figures, copydesk.quotes, copydesk.roles";

/// A binary COPY into `table` of rows of `types`.
fn copy_rows<'a>(
    tx: &mut postgres::Transaction<'_>,
    table: &str,
    columns: &str,
    types: &[Type],
    rows: impl Iterator<Item = Result<Vec<Box<dyn ToSql + Sync + 'a>>, String>>,
) -> Result<(), String> {
    let fail = |e: postgres::Error| format!("cannot write {table}: {}", why(&e));
    let sink = tx
        .copy_in(&format!(
            "COPY copydesk.{table} ({columns}) FROM STDIN (FORMAT binary)"
        ))
        .map_err(fail)?;
    let mut w = postgres::binary_copy::BinaryCopyInWriter::new(sink, types);
    for row in rows {
        let row = row?;
        let refs: Vec<&(dyn ToSql + Sync)> = row
            .iter()
            .map(|b| b.as_ref() as &(dyn ToSql + Sync))
            .collect();
        w.write(&refs).map_err(fail)?;
    }
    w.finish().map_err(fail)?;
    Ok(())
}

macro_rules! row {
    ($($x:expr),* $(,)?) => { Ok(vec![$(Box::new($x) as Box<dyn ToSql + Sync + '_>),*]) };
}

/// Write `corpus` (opened from its folders' index, with their style
/// guide) into the database at `url`, replacing what a previous push left,
/// in one transaction: the articles' analyses, and the names model and
/// index as tables with the indexes the queries need.
pub fn push(url: &str, corpus: &Corpus) -> Result<PushReport, String> {
    let shown = masked(url);
    let fail = |what: &str, e: postgres::Error| format!("{shown}: {what}: {}", why(&e));
    let Some((names, index)) = corpus.built() else {
        return Err(format!(
            "{shown}: only a corpus read from folders can be pushed"
        ));
    };
    let t: &dyn IndexTables = index;
    // An analysis still in the index file is copied as stored (checked
    // against its CRC), never decoded: pushing 100,000 articles would
    // otherwise hold every analysis in memory.
    let docs: Vec<&Article> = corpus.docs.iter().collect();
    let blobs = parallel_map(docs, |a| {
        a.stored().map_or_else(|| postcard::to_stdvec(a.doc()), Ok)
    })
    .into_iter()
    .collect::<Result<Vec<_>, _>>()
    .map_err(|e| format!("cannot encode an analysis: {e}"))?;
    let rows = index.export();
    let report = PushReport {
        articles: blobs.len(),
        names: names.forms.len(),
        sentences: rows.sentences(),
        analyses: blobs.iter().map(|b| b.len() as u64).sum(),
    };
    let generation = format!(
        "{}-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
        std::process::id()
    );

    let mut client = connect(url)?;
    let mut tx = client
        .transaction()
        .map_err(|e| fail("cannot start a transaction", e))?;
    // One push at a time: a second waits for the first to commit, then
    // replaces its archive (two at once would both create the extension
    // and schema, and one fail on the catalog's `duplicate key`).
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&PUSH_LOCK])
        .map_err(|e| fail("cannot take the push lock", e))?;
    tx.batch_execute(TABLES)
        .map_err(|e| fail("cannot create the tables", e))?;
    tx.execute(
        "INSERT INTO copydesk.schema_version VALUES ($1)",
        &[&SCHEMA_VERSION],
    )
    .map_err(|e| fail("cannot write the schema version", e))?;
    tx.execute(
        "INSERT INTO copydesk.meta VALUES ($1, $2, $3, $4)",
        &[
            &copydesk_core::MODEL_VERSION.to_string(),
            &generation,
            &corpus.style.prefer,
            &rows.max_idf(),
        ],
    )
    .map_err(|e| fail("cannot write the archive's header", e))?;
    let with_url = |e: String| format!("{shown}: {e}");

    // Articles: the analysis, and where its sentences are numbered.
    let articles = corpus
        .docs
        .iter()
        .zip(&blobs)
        .enumerate()
        .map(|(i, (a, blob))| {
            let own = t.sentences_of(i);
            let file = a.file.as_ref().map(|f| f.display().to_string());
            row![
                i as i32,
                a.path.as_str(),
                file,
                blob.as_slice(),
                crc_i32(blob),
                own.start as i32,
                own.len() as i32
            ]
        });
    copy_rows(
        &mut tx,
        "articles",
        "id, path, file, doc, crc, first_sentence, sentences",
        &[
            Type::INT4,
            Type::TEXT,
            Type::TEXT,
            Type::BYTEA,
            Type::INT4,
            Type::INT4,
            Type::INT4,
        ],
        articles,
    )
    .map_err(with_url)?;

    // The names model: each spelling with its evidence, and the lookup keys.
    let forms = names.forms.iter().enumerate().map(|(i, f)| {
        let variant_of = f.variant_of.as_ref().map(|v| v.0 as i32);
        row![
            i as i32,
            f.form.clone(),
            f.form.to_lowercase(),
            variant_of,
            f.variant_of.is_none() && f.count > 0,
            f.count as i32,
            f.articles.len() as i32,
            body(f)?
        ]
    });
    copy_rows(
        &mut tx,
        "names",
        "id, form, folded, variant_of, canonical, count, articles, body",
        &[
            Type::INT4,
            Type::TEXT,
            Type::TEXT,
            Type::INT4,
            Type::BOOL,
            Type::INT4,
            Type::INT4,
            Type::BYTEA,
        ],
        forms,
    )
    .map_err(with_url)?;
    let (near, skeletons, glued, lower) = names.lookup_tables();
    let keys = near
        .iter()
        .map(|k| (k, false))
        .chain(skeletons.iter().map(|k| (k, true)))
        .flat_map(|((key, ids), skeleton)| {
            ids.iter()
                .map(move |&id| row![key.to_string(), skeleton, id as i32])
        });
    copy_rows(
        &mut tx,
        "name_keys",
        "key, skeleton, id",
        &[Type::TEXT, Type::BOOL, Type::INT4],
        keys,
    )
    .map_err(with_url)?;
    copy_rows(
        &mut tx,
        "glued",
        "form, id",
        &[Type::TEXT, Type::INT4],
        glued.iter().map(|(f, id)| row![f.to_string(), *id as i32]),
    )
    .map_err(with_url)?;
    copy_rows(
        &mut tx,
        "lower_words",
        "word, count",
        &[Type::TEXT, Type::INT4],
        lower.iter().map(|(w, c)| row![w.to_string(), *c as i32]),
    )
    .map_err(with_url)?;
    copy_rows(
        &mut tx,
        "phrases",
        "phrase",
        &[Type::TEXT],
        names.phrases.iter().map(|p| row![p.0.clone()]),
    )
    .map_err(with_url)?;

    // The index: vocabularies with their posting lists (inverted postings).
    let words = rows.words().map(|(w, id, idf)| {
        row![
            id as i32,
            w.to_string(),
            idf,
            ints(&t.list(List::Content, id)),
            ints(&t.list(List::Claim, id))
        ]
    });
    copy_rows(
        &mut tx,
        "words",
        "id, word, idf, content, claim",
        &[
            Type::INT4,
            Type::TEXT,
            Type::FLOAT4,
            Type::INT4_ARRAY,
            Type::INT4_ARRAY,
        ],
        words,
    )
    .map_err(with_url)?;
    for (list, table, column) in [
        (List::Quote, "quote_words", "quotes"),
        (List::Word, "sentence_words", "sentences"),
    ] {
        let words = rows
            .vocabulary(list)
            .map(|(w, id)| row![id as i32, w.to_string(), ints(&t.list(list, id))]);
        copy_rows(
            &mut tx,
            table,
            &format!("id, word, {column}"),
            &[Type::INT4, Type::TEXT, Type::INT4_ARRAY],
            words,
        )
        .map_err(with_url)?;
    }
    // Sentences, in three narrow tables (each search reads one): their
    // figures and weighted content words, their weighted claim words, and
    // their words as written.
    let n = rows.sentences() as u32;
    let contents = (0..n).map(|g| {
        let c = t.bag(BagKind::Content, g);
        let (ids, w, total) = c.view().parts();
        let figs = t.sentence_figures(g);
        row![
            g as i32,
            figs.start as i32,
            figs.end as i32,
            ints(ids),
            w.to_vec(),
            total
        ]
    });
    let bag_types = [Type::INT4_ARRAY, Type::FLOAT4_ARRAY, Type::FLOAT4];
    copy_rows(
        &mut tx,
        "contents",
        "g, fig_start, fig_end, ids, weights, total",
        &[&[Type::INT4, Type::INT4, Type::INT4][..], &bag_types].concat(),
        contents,
    )
    .map_err(with_url)?;
    let claims = (0..n).map(|g| {
        let c = t.bag(BagKind::Claim, g);
        let (ids, w, total) = c.view().parts();
        row![g as i32, ints(ids), w.to_vec(), total]
    });
    copy_rows(
        &mut tx,
        "claims",
        "g, ids, weights, total",
        &[&[Type::INT4][..], &bag_types].concat(),
        claims,
    )
    .map_err(with_url)?;
    copy_rows(
        &mut tx,
        "sentences",
        "g, words",
        &[Type::INT4, Type::INT4_ARRAY],
        (0..n).map(|g| row![g as i32, ints(&t.sentence_words(g))]),
    )
    .map_err(with_url)?;
    let figures = index.figures.iter().map(|(i, f)| {
        let g = t.sentences_of(f.doc).start + f.figure.sentence as u32;
        row![i as i32, g as i32, rows.value_key(i), body(&f)?]
    });
    copy_rows(
        &mut tx,
        "figures",
        "id, g, value_key, body",
        &[Type::INT4, Type::INT4, Type::TEXT, Type::BYTEA],
        figures,
    )
    .map_err(with_url)?;
    let quotes = (0..rows.quotes() as u32).map(|q| {
        let stored = t.quote(q).ok_or("a quotation is missing from the index")?;
        row![q as i32, ints(&t.quote_set(q)), body(&*stored)?]
    });
    copy_rows(
        &mut tx,
        "quotes",
        "id, words, body",
        &[Type::INT4, Type::INT4_ARRAY, Type::BYTEA],
        quotes,
    )
    .map_err(with_url)?;
    // Roles, with the organisation and title keys each is filed under.
    let (orgs, titles) = rows.role_keys();
    let mut keys: Vec<(Vec<String>, Vec<String>)> = vec![Default::default(); index.roles.len()];
    for (k, ids) in orgs {
        for &i in ids {
            if let Some(r) = keys.get_mut(i) {
                r.0.push(k.to_string());
            }
        }
    }
    for (k, ids) in titles {
        for &i in ids {
            if let Some(r) = keys.get_mut(i) {
                r.1.push(k.to_string());
            }
        }
    }
    let roles = index.roles.iter().map(|(i, (e, doc, role))| {
        let (orgs, titles) = keys.get(i).cloned().unwrap_or_default();
        row![i as i32, e.0 as i32, doc as i32, orgs, titles, body(&role)?]
    });
    copy_rows(
        &mut tx,
        "roles",
        "id, entity, article, orgs, titles, body",
        &[
            Type::INT4,
            Type::INT4,
            Type::INT4,
            Type::TEXT_ARRAY,
            Type::TEXT_ARRAY,
            Type::BYTEA,
        ],
        roles,
    )
    .map_err(with_url)?;

    tx.batch_execute(INDEXES)
        .map_err(|e| fail("cannot index the tables", e))?;
    // Readers that opened the old archive hear of the new one when it commits.
    tx.batch_execute(&format!("NOTIFY {CHANNEL}"))
        .map_err(|e| fail("cannot notify readers", e))?;
    tx.commit().map_err(|e| fail("cannot commit the push", e))?;
    client
        .batch_execute(SETTLE)
        .map_err(|e| fail("pushed, but cannot vacuum the tables", e))?;
    Ok(report)
}

/// A connection, with the statements prepared on it so far.
struct Conn {
    client: postgres::Client,
    url: String,
    statements: HashMap<&'static str, postgres::Statement>,
    /// The archive as read at open; `None` once another push replaced it.
    generation: Option<String>,
    /// Shared with the caches: set when another push replaced the archive.
    stale: Arc<AtomicBool>,
    /// After PostgreSQL cancelled a query at [`query_deadline`], nothing is
    /// asked until then: a database in trouble costs a check one timeout,
    /// not one per query.
    resting: Option<Instant>,
    health: Arc<Health>,
}

/// How long a reader leaves the database alone after PostgreSQL cancelled
/// a query at [`query_deadline`]: three times that (30 s by default), so a
/// database in trouble costs a check one wait, and is asked again soon
/// after it recovers.
fn rest() -> Duration {
    query_deadline() * 3
}

impl Conn {
    /// Run `sql` (prepared once per connection) with `params`.
    fn query(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>, postgres::Error> {
        let stmt = match self.statements.get(sql) {
            Some(s) => s.clone(),
            None => {
                let s = self.client.prepare(sql)?;
                self.statements.insert(sql, s.clone());
                s
            }
        };
        self.client.query(&stmt, params)
    }

    /// `job`'s answer, unless the archive was pushed again since it was
    /// opened (then nothing: a wrong finding is worse than a missing one).
    /// A connection lost since (the server restarted under a language
    /// server that runs all day) is made again, once.
    fn run<R>(&mut self, job: &dyn Fn(&mut Conn) -> Result<R, postgres::Error>) -> Option<R> {
        self.generation.as_ref()?;
        if self.resting.is_some_and(|until| Instant::now() < until) {
            return None;
        }
        let mut answer = job(self);
        if answer.as_ref().err().and_then(|e| e.code())
            == Some(&postgres::error::SqlState::QUERY_CANCELED)
        {
            self.resting = Some(Instant::now() + rest());
            self.health.trouble();
            return None;
        }
        if answer.is_err() && self.client.is_closed() {
            let Ok(client) = reader(&self.url) else {
                self.health.trouble();
                return None;
            };
            *lock(&self.health.cancel) = Some(client.cancel_token());
            self.client = client;
            self.statements.clear();
            // A push while the connection was down went unheard: ask.
            let listening = self
                .client
                .batch_execute(&format!("LISTEN {CHANNEL}"))
                .is_ok();
            if !listening || !self.same_archive().unwrap_or(false) {
                self.stale();
                return None;
            }
            answer = job(self);
        }
        if self
            .client
            .notifications()
            .iter()
            .next()
            .is_ok_and(|n| n.is_some())
        {
            self.stale();
            return None;
        }
        if answer.is_ok() {
            match self.same_archive() {
                Ok(true) => {}
                Ok(false) => {
                    self.stale();
                    return None;
                }
                Err(e) => answer = Err(e),
            }
        }
        match &answer {
            Ok(_) => self.health.told.store(false, Ordering::SeqCst),
            // A query that fails (its table dropped under us): told too.
            Err(_) => self.health.trouble(),
        }
        answer.ok()
    }

    /// Whether the archive is still the one opened, asked after an
    /// answer: a push that committed just before the answer's query began
    /// gave it the new archive's rows, and its notification comes only
    /// once this session is idle again (after the answer), too late to
    /// catch it. Generations are never reused, so the one opened, read
    /// after the query, means no push committed before it.
    fn same_archive(&mut self) -> Result<bool, postgres::Error> {
        let now = self.query("SELECT generation FROM copydesk.meta", &[])?;
        Ok(now.first().map(|r| r.get::<_, String>(0)) == self.generation)
    }

    fn stale(&mut self) {
        self.stale.store(true, Ordering::Relaxed);
        if self.generation.take().is_some() {
            self.health.tell.send(Event::Replaced {
                url: self.url.clone(),
            });
        }
    }
}

/// What is said of an archive that did not answer in time.
pub const TIMED_OUT_SAYS: &str = "a query ran past the time limit, failed, or lost its connection; findings that need the archive are left out (some may be missing) until it answers again";

/// What is said of an archive pushed again while it was open.
pub const REPLACED_WHILE_OPEN: &str = "the archive was pushed again while open: answers from it are left out until it is opened again";

/// A lock, even if a thread panicked holding it (the data stays sound here).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

type Job = Box<dyn FnOnce(&mut Conn) + Send>;

/// What askers know of the connection's thread, shared with it.
struct Health {
    url: String,
    /// A job ran past [`query_deadline`] and the connection's thread has
    /// not finished it: askers get no answer at once, without waiting,
    /// until a probe queued behind that job runs.
    stuck: AtomicBool,
    /// Trouble was reported ([`Event::Resting`]); cleared by the next answer,
    /// so each spell of trouble is told once.
    told: AtomicBool,
    /// Cancels the query running on the connection (set at each connect).
    cancel: Mutex<Option<postgres::CancelToken>>,
    /// Where trouble, a replaced archive and answers left out are told
    /// (the opened corpus's [`Watch`]).
    tell: Tell,
}

impl Health {
    fn new(url: &str, tell: Tell) -> Arc<Health> {
        Arc::new(Health {
            url: url.to_string(),
            stuck: AtomicBool::new(false),
            told: AtomicBool::new(false),
            cancel: Mutex::new(None),
            tell,
        })
    }

    /// Report trouble with the archive, once per spell.
    fn trouble(&self) {
        if !self.told.swap(true, Ordering::SeqCst) {
            self.tell.send(Event::Resting {
                url: self.url.clone(),
            });
        }
    }

    /// Ask PostgreSQL to cancel the running query, from a thread of its
    /// own (a frozen server may not even take the request).
    fn cancel_running(&self) {
        if let Some(token) = lock(&self.cancel).clone() {
            let _ = std::thread::Builder::new()
                .name("copydesk-cancel".into())
                .spawn(move || drop(token.cancel_query(postgres::NoTls)));
        }
    }
}

/// The database, as the connection's thread that answers for it. The
/// `postgres` client runs its own small async runtime, which must not be
/// started inside another (the language server's): the connection lives
/// on a thread of its own, and queries are handed to it. Every answer is
/// waited for at most [`query_deadline`].
#[derive(Clone)]
struct Db {
    jobs: mpsc::Sender<Job>,
    health: Arc<Health>,
}

impl Db {
    /// `job`'s answer from the connection's thread (see [`Conn::run`]),
    /// or nothing (counted: [`Watch::answers_missed`]).
    fn ask<R: Send + 'static>(
        &self,
        job: impl Fn(&mut Conn) -> Result<R, postgres::Error> + Send + 'static,
    ) -> Option<R> {
        let got = self.ask_within(job);
        if got.is_none() {
            self.health.tell.missed_one();
        }
        got
    }

    fn ask_within<R: Send + 'static>(
        &self,
        job: impl Fn(&mut Conn) -> Result<R, postgres::Error> + Send + 'static,
    ) -> Option<R> {
        let h = &self.health;
        if h.stuck.load(Ordering::SeqCst) {
            return None;
        }
        let gave_up = Arc::new(AtomicBool::new(false));
        let given_up = gave_up.clone();
        let (reply, answer) = mpsc::sync_channel(1);
        self.jobs
            .send(Box::new(move |c: &mut Conn| {
                // An asker that stopped waiting is not answered late.
                if !given_up.load(Ordering::SeqCst) {
                    drop(reply.send(c.run(&job)));
                }
            }))
            .ok()?;
        match answer.recv_timeout(query_deadline()) {
            Ok(r) => r,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                gave_up.store(true, Ordering::SeqCst);
                if !h.stuck.swap(true, Ordering::SeqCst) {
                    h.trouble();
                    h.cancel_running();
                    // Runs when the connection's thread is free again.
                    let free = h.clone();
                    let _ = self.jobs.send(Box::new(move |_: &mut Conn| {
                        free.stuck.store(false, Ordering::SeqCst);
                    }));
                }
                None
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => None,
        }
    }
}

/// A map that keeps what was used lately: two generations, the older
/// forgotten when the newer fills (answers are cheap to ask again; memory
/// must stay bounded under a server that runs all day, and a search's rows
/// must outlive the search that fetched them).
struct Cache<K, V> {
    gens: Mutex<(HashMap<K, V>, HashMap<K, V>)>,
    cap: usize,
    /// Set when the archive was pushed again: what is held is then the old
    /// archive's, and is not given out either.
    stale: Arc<AtomicBool>,
}

impl<K: std::hash::Hash + Eq + Clone, V: Clone> Cache<K, V> {
    fn new(cap: usize, stale: &Arc<AtomicBool>) -> Self {
        Cache {
            gens: Mutex::new((HashMap::new(), HashMap::new())),
            cap,
            stale: stale.clone(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (HashMap<K, V>, HashMap<K, V>)> {
        lock(&self.gens)
    }

    fn get(&self, k: &K) -> Option<V> {
        if self.stale.load(Ordering::Relaxed) {
            return None;
        }
        let mut g = self.lock();
        if let Some(v) = g.0.get(k) {
            return Some(v.clone());
        }
        let v = g.1.remove(k)?;
        Cache::insert(&mut g, self.cap, k.clone(), v.clone());
        Some(v)
    }

    fn insert(g: &mut (HashMap<K, V>, HashMap<K, V>), cap: usize, k: K, v: V) {
        if g.0.len() >= cap {
            g.1 = std::mem::take(&mut g.0);
        }
        g.0.insert(k, v);
    }

    fn put(&self, k: K, v: V) {
        Cache::insert(&mut self.lock(), self.cap, k, v);
    }

    /// Keys of `keys` not held.
    fn missing<'a>(&self, keys: impl IntoIterator<Item = &'a K>) -> Vec<&'a K>
    where
        K: 'a,
    {
        let g = self.lock();
        keys.into_iter()
            .filter(|k| !g.0.contains_key(k) && !g.1.contains_key(k))
            .collect()
    }
}

/// How many rows of each kind are remembered. A draft's searches read a
/// few thousand sentence rows at most ([`copydesk_core::corpus::index`]'s
/// walks are bounded); these hold the rows of several drafts' worth of
/// re-checks while keeping memory to tens of megabytes.
const ROWS_KEPT: usize = 100_000;
const LISTS_KEPT: usize = 20_000;

/// What is kept of a sentence for figure searches: its figures, and its
/// content bag when it states any (or was asked for alone).
type FigureRow = (std::ops::Range<u32>, Option<Arc<Bag>>);

/// The names model and index of an archive in PostgreSQL, answered row by
/// row with indexed queries (see [`copydesk_core::corpus::tables`]).
struct PgTables {
    db: Db,
    /// Each article's first sentence and sentence count (read at open).
    articles: Vec<(u32, u32)>,
    max_idf: f32,
    weights: Cache<String, Option<(u32, f32)>>,
    word_ids: Cache<(List, String), Option<u32>>,
    lens: Cache<(List, u32), usize>,
    lists: Cache<(List, u32), Arc<[u32]>>,
    figure_rows: Cache<u32, FigureRow>,
    claims: Cache<u32, Arc<Bag>>,
    words: Cache<u32, Arc<[u32]>>,
    figures: Cache<u32, Arc<StoredFigure>>,
    quotes: Cache<u32, (Arc<StoredQuote>, Arc<[u32]>)>,
    names: Cache<u32, Arc<NameForm>>,
    lookups: Cache<String, Option<u32>>,
}

impl std::fmt::Debug for PgTables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgTables({} articles)", self.articles.len())
    }
}

fn decoded<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    postcard::from_bytes(bytes).ok()
}

impl PgTables {
    /// Fetch the rows `ids` of a table of `(id, body)` (`sql`) into `cache`.
    fn bodies<T: serde::de::DeserializeOwned + Send + 'static>(
        &self,
        sql: &'static str,
        ids: Vec<i32>,
        cache: &Cache<u32, Arc<T>>,
    ) {
        if ids.is_empty() {
            return;
        }
        let Some(rows) = self.db.ask(move |c| c.query(sql, &[&ids])) else {
            return;
        };
        for r in rows {
            if let Some(v) = decoded::<T>(r.get(1)) {
                cache.put(r.get::<_, i32>(0) as u32, Arc::new(v));
            }
        }
    }

    fn name_rows(&self, ids: Vec<i32>) {
        self.bodies(
            "SELECT id, body FROM copydesk.names WHERE id = ANY($1)",
            ids,
            &self.names,
        );
    }

    fn figure_rows_of(&self, ids: Vec<i32>) {
        self.bodies(
            "SELECT id, body FROM copydesk.figures WHERE id = ANY($1)",
            ids,
            &self.figures,
        );
    }

    /// A sentence's figures and content bag; the bag fetched if `content` and not yet held.
    fn figure_row(&self, g: u32, content: bool) -> FigureRow {
        let held = self.figure_rows.get(&g);
        if let Some(row) = held.as_ref().filter(|r| !content || r.1.is_some()) {
            return row.clone();
        }
        let i = g as i32;
        let rows = self.db.ask(move |c| c.query("SELECT fig_start, fig_end, ids, weights, total FROM copydesk.contents WHERE g = $1", &[&i]));
        let Some(r) = rows.as_ref().and_then(|r| r.first()) else {
            return (0..0, None);
        };
        let row: FigureRow = (
            (r.get::<_, i32>(0) as u32)..(r.get::<_, i32>(1) as u32),
            Some(Arc::new(Bag::new(
                nums(r.get(2)).to_vec(),
                r.get(3),
                r.get(4),
            ))),
        );
        self.figure_rows.put(g, row.clone());
        row
    }

    fn uncached<V: Clone>(cache: &Cache<u32, V>, sentences: &[u32]) -> Vec<i32> {
        cache
            .missing(sentences)
            .into_iter()
            .map(|&g| g as i32)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    fn vocabulary_query(list: List) -> &'static str {
        match list {
            List::Quote => {
                "SELECT word, id, cardinality(quotes) FROM copydesk.quote_words WHERE word = ANY($1)"
            }
            List::Word => {
                "SELECT word, id, cardinality(sentences) FROM copydesk.sentence_words WHERE word = ANY($1)"
            }
            List::Content | List::Claim => {
                "SELECT word, id, cardinality(content) FROM copydesk.words WHERE word = ANY($1)"
            }
        }
    }
}

impl NameTables for PgTables {
    fn lookup(&self, form: &str) -> Option<u32> {
        if let Some(hit) = self.lookups.get(&form.to_string()) {
            return hit;
        }
        let f = form.to_string();
        let found = self.db.ask(move |c| {
            c.query("SELECT id, 0 AS o FROM copydesk.names WHERE form = $1 UNION ALL SELECT id, 1 AS o FROM copydesk.glued WHERE form = $1 ORDER BY o LIMIT 1", &[&f])
        })?;
        let id = found.first().map(|r| r.get::<_, i32>(0) as u32);
        self.lookups.put(form.to_string(), id);
        id
    }

    fn form(&self, id: u32) -> Option<Got<'_, NameForm>> {
        if let Some(f) = self.names.get(&id) {
            return Some(Got::Shared(f));
        }
        self.name_rows(vec![id as i32]);
        self.names.get(&id).map(Got::Shared)
    }

    fn neighbours(&self, form: &str) -> Vec<u32> {
        let keys = deletion_keys(form);
        let sk = skeleton(form);
        // The spellings, with their rows (the caller reads each).
        let Some(rows) = self.db.ask(move |c| {
            c.query(
                "SELECT n.id, n.body FROM copydesk.names n WHERE n.id IN
                   (SELECT id FROM copydesk.name_keys WHERE (key = ANY($1) AND NOT skeleton) OR (key = $2 AND skeleton))",
                &[&keys, &sk],
            )
        }) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for r in rows {
            let id = r.get::<_, i32>(0) as u32;
            if let Some(f) = decoded::<NameForm>(r.get(1)) {
                self.names.put(id, Arc::new(f));
            }
            out.push(id);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn variants(&self, id: u32) -> Vec<u32> {
        let id = id as i32;
        let rows = self.db.ask(move |c| {
            c.query(
                "SELECT id FROM copydesk.names WHERE variant_of = $1 ORDER BY id",
                &[&id],
            )
        });
        rows.unwrap_or_default()
            .iter()
            .map(|r| r.get::<_, i32>(0) as u32)
            .collect()
    }

    fn lower_count(&self, word: &str) -> u32 {
        let w = fold(word);
        let rows = self.db.ask(move |c| {
            c.query(
                "SELECT count FROM copydesk.lower_words WHERE word = $1",
                &[&w],
            )
        });
        rows.and_then(|r| r.first().map(|r| r.get::<_, i32>(0) as u32))
            .unwrap_or(0)
    }

    fn complete(&self, prefix: &str, max: usize) -> Vec<String> {
        // A word of the name starts so: the name starts so, or has it after
        // a space; `folded` is the form lower-cased as the names model does
        // it (not by the database's locale), found through its trigram index.
        let escaped = prefix
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let (first, later, limit) = (format!("{escaped}%"), format!("% {escaped}%"), max as i64);
        let rows = self.db.ask(move |c| {
            c.query("SELECT form FROM copydesk.names WHERE canonical AND (folded LIKE $1 OR folded LIKE $2) ORDER BY form COLLATE \"C\" LIMIT $3", &[&first, &later, &limit])
        });
        rows.unwrap_or_default()
            .iter()
            .map(|r| r.get::<_, String>(0))
            .filter(|f| {
                f.split_whitespace()
                    .any(|w| w.to_lowercase().starts_with(prefix))
            })
            .collect()
    }
}

impl IndexTables for PgTables {
    fn weights(&self, words: &[String]) -> (Vec<Option<(u32, f32)>>, f32) {
        let missing: Vec<String> = self
            .weights
            .missing(words)
            .into_iter()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !missing.is_empty() {
            let asked = missing.clone();
            if let Some(rows) = self.db.ask(move |c| c.query("SELECT word, id, idf, cardinality(content), cardinality(claim) FROM copydesk.words WHERE word = ANY($1)", &[&asked])) {
                let mut found = HashMap::new();
                for r in rows {
                    let id = r.get::<_, i32>(1) as u32;
                    self.lens.put((List::Content, id), r.get::<_, i32>(3) as usize);
                    self.lens.put((List::Claim, id), r.get::<_, i32>(4) as usize);
                    found.insert(r.get::<_, String>(0), (id, r.get::<_, f32>(2)));
                }
                for w in missing {
                    let v = found.get(&w).copied();
                    self.weights.put(w, v);
                }
            }
        }
        (
            words
                .iter()
                .map(|w| self.weights.get(w).flatten())
                .collect(),
            self.max_idf,
        )
    }

    fn word_ids(&self, list: List, words: &[&str]) -> Vec<Option<u32>> {
        let key = |w: &str| (list, w.to_string());
        let missing: Vec<String> = words
            .iter()
            .filter(|w| self.word_ids.get(&key(w)).is_none())
            .map(|w| w.to_string())
            .collect();
        if !missing.is_empty() {
            let asked = missing.clone();
            let sql = PgTables::vocabulary_query(list);
            if let Some(rows) = self.db.ask(move |c| c.query(sql, &[&asked])) {
                let mut found = HashMap::new();
                for r in rows {
                    let id = r.get::<_, i32>(1) as u32;
                    self.lens.put((list, id), r.get::<_, i32>(2) as usize);
                    found.insert(r.get::<_, String>(0), id);
                }
                for w in missing {
                    self.word_ids.put(key(&w), found.get(&w).copied());
                }
            }
        }
        words
            .iter()
            .map(|w| self.word_ids.get(&key(w)).flatten())
            .collect()
    }

    fn list_lens(&self, list: List, ids: &[u32]) -> Vec<usize> {
        let keys: Vec<(List, u32)> = ids.iter().map(|&id| (list, id)).collect();
        let missing: Vec<i32> = self
            .lens
            .missing(&keys)
            .into_iter()
            .map(|k| k.1 as i32)
            .collect();
        if !missing.is_empty() {
            let sql = match list {
                List::Content => {
                    "SELECT id, cardinality(content) FROM copydesk.words WHERE id = ANY($1)"
                }
                List::Claim => {
                    "SELECT id, cardinality(claim) FROM copydesk.words WHERE id = ANY($1)"
                }
                List::Quote => {
                    "SELECT id, cardinality(quotes) FROM copydesk.quote_words WHERE id = ANY($1)"
                }
                List::Word => {
                    "SELECT id, cardinality(sentences) FROM copydesk.sentence_words WHERE id = ANY($1)"
                }
            };
            for r in self
                .db
                .ask(move |c| c.query(sql, &[&missing]))
                .unwrap_or_default()
            {
                self.lens.put(
                    (list, r.get::<_, i32>(0) as u32),
                    r.get::<_, i32>(1) as usize,
                );
            }
        }
        keys.iter().map(|k| self.lens.get(k).unwrap_or(0)).collect()
    }

    fn list(&self, list: List, id: u32) -> Got<'_, [u32]> {
        if let Some(l) = self.lists.get(&(list, id)) {
            return Got::Shared(l);
        }
        let sql = match list {
            List::Content => "SELECT content FROM copydesk.words WHERE id = $1",
            List::Claim => "SELECT claim FROM copydesk.words WHERE id = $1",
            List::Quote => "SELECT quotes FROM copydesk.quote_words WHERE id = $1",
            List::Word => "SELECT sentences FROM copydesk.sentence_words WHERE id = $1",
        };
        let i = id as i32;
        // An answer left out is not remembered as an empty list.
        let Some(rows) = self.db.ask(move |c| c.query(sql, &[&i])) else {
            return Got::Shared(Arc::from([]));
        };
        let got: Arc<[u32]> = rows
            .first()
            .map_or_else(|| Arc::from([]), |r| nums(r.get(0)));
        self.lists.put((list, id), got.clone());
        Got::Shared(got)
    }

    fn answers_left_out(&self) -> u64 {
        self.db.health.tell.missed()
    }

    fn prefetch(&self, need: Need, sentences: &[u32]) {
        let bag = |r: &postgres::Row, i: usize| {
            Arc::new(Bag::new(
                nums(r.get(i)).to_vec(),
                r.get(i + 1),
                r.get(i + 2),
            ))
        };
        match need {
            Need::Figures => {
                let missing = PgTables::uncached(&self.figure_rows, sentences);
                if missing.is_empty() {
                    return;
                }
                // Sentences that state no figure give no candidate: only those
                // that do are read (through the partial index), the others
                // are known to state none.
                let asked = missing.clone();
                let Some(rows) = self.db.ask(move |c| {
                    c.query("SELECT g, fig_start, fig_end, ids, weights, total FROM copydesk.contents WHERE g = ANY($1) AND fig_end > fig_start", &[&asked])
                }) else {
                    return;
                };
                for &g in &missing {
                    self.figure_rows.put(g as u32, (0..0, None));
                }
                let mut figures = Vec::new();
                for r in rows {
                    let (s, e) = (r.get::<_, i32>(1) as u32, r.get::<_, i32>(2) as u32);
                    let content = (e > s).then(|| bag(&r, 3));
                    figures.extend(
                        (s..e)
                            .filter(|i| self.figures.get(i).is_none())
                            .map(|i| i as i32),
                    );
                    self.figure_rows
                        .put(r.get::<_, i32>(0) as u32, (s..e, content));
                }
                self.figure_rows_of(figures);
            }
            Need::Claims => {
                let missing = PgTables::uncached(&self.claims, sentences);
                if missing.is_empty() {
                    return;
                }
                for r in self
                    .db
                    .ask(move |c| {
                        c.query(
                            "SELECT g, ids, weights, total FROM copydesk.claims WHERE g = ANY($1)",
                            &[&missing],
                        )
                    })
                    .unwrap_or_default()
                {
                    self.claims.put(r.get::<_, i32>(0) as u32, bag(&r, 1));
                }
            }
            Need::Words => {
                let missing = PgTables::uncached(&self.words, sentences);
                if missing.is_empty() {
                    return;
                }
                for r in self
                    .db
                    .ask(move |c| {
                        c.query(
                            "SELECT g, words FROM copydesk.sentences WHERE g = ANY($1)",
                            &[&missing],
                        )
                    })
                    .unwrap_or_default()
                {
                    self.words.put(r.get::<_, i32>(0) as u32, nums(r.get(1)));
                }
            }
        }
    }

    fn prefetch_quotes(&self, quotes: &[u32]) {
        let missing: Vec<i32> = self
            .quotes
            .missing(quotes)
            .into_iter()
            .map(|&q| q as i32)
            .collect();
        if missing.is_empty() {
            return;
        }
        for r in self
            .db
            .ask(move |c| {
                c.query(
                    "SELECT id, words, body FROM copydesk.quotes WHERE id = ANY($1)",
                    &[&missing],
                )
            })
            .unwrap_or_default()
        {
            if let Some(q) = decoded::<StoredQuote>(r.get(2)) {
                self.quotes
                    .put(r.get::<_, i32>(0) as u32, (Arc::new(q), nums(r.get(1))));
            }
        }
    }

    fn bag(&self, kind: BagKind, g: u32) -> BagOf<'_> {
        let got = match kind {
            BagKind::Content => self.figure_row(g, true).1,
            BagKind::Claim => self.claims.get(&g).or_else(|| {
                self.prefetch(Need::Claims, &[g]);
                self.claims.get(&g)
            }),
        };
        BagOf::Shared(got.unwrap_or_else(|| Arc::new(Bag::default())))
    }

    fn sentence_words(&self, g: u32) -> Got<'_, [u32]> {
        let got = self.words.get(&g).or_else(|| {
            self.prefetch(Need::Words, &[g]);
            self.words.get(&g)
        });
        Got::Shared(got.unwrap_or_else(|| Arc::from([])))
    }

    fn sentence_at(&self, g: u32) -> Option<(u32, u32)> {
        // Articles are numbered in order, so their first sentences rise.
        let a = self
            .articles
            .partition_point(|&(first, _)| first <= g)
            .checked_sub(1)?;
        let (first, count) = self.articles[a];
        (g < first + count).then_some((a as u32, g - first))
    }

    fn sentences_of(&self, doc: usize) -> std::ops::Range<u32> {
        self.articles
            .get(doc)
            .map_or(0..0, |&(first, count)| first..first + count)
    }

    fn sentence_figures(&self, g: u32) -> std::ops::Range<u32> {
        self.figure_row(g, false).0
    }

    fn figure(&self, i: u32) -> Option<Got<'_, StoredFigure>> {
        if let Some(f) = self.figures.get(&i) {
            return Some(Got::Shared(f));
        }
        self.figure_rows_of(vec![i as i32]);
        self.figures.get(&i).map(Got::Shared)
    }

    fn value_figures(&self, key: &str, max: usize) -> Option<Vec<u32>> {
        let (k, limit) = (key.to_string(), max as i64 + 1);
        let rows = self.db.ask(move |c| {
            c.query(
                "SELECT id FROM copydesk.figures WHERE value_key = $1 ORDER BY id LIMIT $2",
                &[&k, &limit],
            )
        })?;
        (!rows.is_empty() && rows.len() <= max)
            .then(|| rows.iter().map(|r| r.get::<_, i32>(0) as u32).collect())
    }

    fn quote_set(&self, q: u32) -> Got<'_, [u32]> {
        if self.quotes.get(&q).is_none() {
            self.prefetch_quotes(&[q]);
        }
        Got::Shared(self.quotes.get(&q).map_or_else(|| Arc::from([]), |x| x.1))
    }

    fn quote(&self, q: u32) -> Option<Got<'_, StoredQuote>> {
        if self.quotes.get(&q).is_none() {
            self.prefetch_quotes(&[q]);
        }
        self.quotes.get(&q).map(|x| Got::Shared(x.0))
    }

    fn roles(&self, key: RoleKey<'_>) -> Vec<(EntityId, usize, Role)> {
        let rows = match key {
            RoleKey::Entity(e) => {
                let e = e.0 as i32;
                self.db.ask(move |c| c.query("SELECT entity, article, body, 1 FROM copydesk.roles WHERE entity = $1 ORDER BY id", &[&e]))
            }
            RoleKey::Org(o) => {
                let o = vec![o.to_string()];
                self.db.ask(move |c| c.query("SELECT entity, article, body, 1 FROM copydesk.roles WHERE orgs @> $1 ORDER BY id", &[&o]))
            }
            // A role is filed under a title as often as it names it.
            RoleKey::Title(t) => {
                let (t, one) = (t.to_string(), vec![t.to_string()]);
                self.db.ask(move |c| {
                    c.query("SELECT entity, article, body, (SELECT count(*)::int FROM unnest(titles) x WHERE x = $1) FROM copydesk.roles WHERE titles @> $2 ORDER BY id", &[&t, &one])
                })
            }
        };
        let mut out = Vec::new();
        for r in rows.unwrap_or_default() {
            let Some(role) = decoded::<Role>(r.get(2)) else {
                continue;
            };
            for _ in 0..r.get::<_, i32>(3) {
                out.push((
                    EntityId(r.get::<_, i32>(0) as u32),
                    r.get::<_, i32>(1) as usize,
                    role.clone(),
                ));
            }
        }
        out
    }
}

/// The archive's articles' analyses, fetched when a query first reaches them.
struct PgDocs {
    db: Db,
    /// Each article's checksum as read at open.
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
        let rows = self.db.ask(move |c| {
            c.query(
                "SELECT doc, crc FROM copydesk.articles WHERE id = $1",
                &[&id],
            )
        })?;
        let row = rows.first()?;
        let (bytes, crc): (Vec<u8>, i32) = (row.get(0), row.get(1));
        // Bytes that do not match their checksum (or the archive's at open)
        // are never decoded: a wrong finding is worse than a missing one.
        (crc == *self.crcs.get(key)? && crc_i32(&bytes) == crc)
            .then(|| postcard::from_bytes(&bytes).ok())
            .flatten()
    }
}

/// What is read when the archive is opened: no more than a line per article.
struct Head {
    generation: String,
    prefer: Vec<String>,
    max_idf: f32,
    /// (path, file, crc, first sentence, sentences) by id.
    articles: Vec<(String, Option<String>, i32, u32, u32)>,
    phrases: Vec<String>,
}

fn read_head(client: &mut postgres::Client, shown: &str) -> Result<Head, String> {
    let fail = |what: &str, e: postgres::Error| format!("{shown}: {what}: {}", why(&e));
    // Told of any push from here on; the head is read after, in one snapshot.
    client
        .batch_execute(&format!("LISTEN {CHANNEL}"))
        .map_err(|e| fail("cannot read the archive", e))?;
    // Not while a push replaces the tables: its snapshot would see the new
    // tables empty (they are not MVCC-safe). The push's lock, shared, taken
    // before the snapshot, waits for its commit; the connection holds it
    // until the head is read (an error ends the connection, and the lock).
    client
        .execute("SELECT pg_advisory_lock_shared($1)", &[&PUSH_LOCK])
        .map_err(|e| fail("cannot read the archive", e))?;
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(|e| fail("cannot read the archive", e))?;
    let present: bool = tx
        .query_one(
            "SELECT to_regclass('copydesk.schema_version') IS NOT NULL",
            &[],
        )
        .map_err(|e| fail("cannot read the archive", e))?
        .get(0);
    if !present {
        return Err(format!(
            "{shown}: holds no copydesk archive: push one with `copydesk index push --postgres URL --corpus DIR`"
        ));
    }
    let version: Option<i32> = tx
        .query_opt("SELECT version FROM copydesk.schema_version", &[])
        .map_err(|e| fail("cannot read the archive", e))?
        .map(|r| r.get(0));
    if version != Some(SCHEMA_VERSION) {
        return Err(other_version(
            shown,
            "table layout",
            version.map(i64::from),
            i64::from(SCHEMA_VERSION),
        ));
    }
    let row = tx
        .query_opt(
            "SELECT model, generation, prefer, max_idf FROM copydesk.meta",
            &[],
        )
        .map_err(|e| fail("cannot read the archive's header", e))?;
    let Some(row) = row else {
        return Err(format!("{shown}: the archive has no header: push it again"));
    };
    let model: String = row.get(0);
    let ours = i64::from(copydesk_core::MODEL_VERSION);
    if model.parse::<i64>().ok() != Some(ours) {
        // Before model versions, `model` held a hash of the sources: older.
        let found = Some(model.parse::<i64>().unwrap_or(0));
        return Err(other_version(shown, "model version", found, ours));
    }
    let articles = tx
        .query("SELECT id, path, file, crc, first_sentence, sentences FROM copydesk.articles ORDER BY id", &[])
        .map_err(|e| fail("cannot list the articles", e))?
        .into_iter()
        .map(|r| (r.get::<_, i32>(0), (r.get(1), r.get(2), r.get(3), r.get::<_, i32>(4) as u32, r.get::<_, i32>(5) as u32)))
        .collect::<Vec<_>>();
    // The tables name articles by position: the ids must be exactly 0..n.
    if articles.iter().enumerate().any(|(i, a)| a.0 as usize != i) {
        return Err(format!(
            "{shown}: the archive's article ids have gaps: push it again"
        ));
    }
    let phrases = tx
        .query("SELECT phrase FROM copydesk.phrases", &[])
        .map_err(|e| fail("cannot read the names", e))?
        .into_iter()
        .map(|r| r.get(0))
        .collect();
    tx.commit()
        .map_err(|e| fail("cannot read the archive", e))?;
    client
        .execute("SELECT pg_advisory_unlock_shared($1)", &[&PUSH_LOCK])
        .map_err(|e| fail("cannot read the archive", e))?;
    Ok(Head {
        generation: row.get(1),
        prefer: row.get(2),
        max_idf: row.get(3),
        articles: articles.into_iter().map(|a| a.1).collect(),
        phrases,
    })
}

/// Why an archive of another version (`what`: "table layout" or "model
/// version"; `found`, none where it has none) is refused, and exactly what
/// to run: an older one is pushed again with this build; a newer one needs
/// this copydesk upgraded (pushing it again with this build would refuse it
/// to the newer clients).
fn other_version(shown: &str, what: &str, found: Option<i64>, ours: i64) -> String {
    let v = found.map_or("none".to_string(), |v| v.to_string());
    let push = format!("copydesk index push --postgres {shown} --corpus DIR");
    if found.is_some_and(|v| v > ours) {
        format!(
            "{shown}: the archive was pushed by a newer copydesk ({what} {v}; this build reads {what} {ours}): upgrade copydesk, or push it again with this build (`{push}`)"
        )
    } else {
        format!(
            "{shown}: the archive was pushed by an older copydesk ({what} {v}; this build reads {what} {ours}): push it again with this build: `{push}`"
        )
    }
}

/// How far an opening connection has come, as its thread tells it.
enum Progress {
    /// Connected and logged in.
    Connected,
    /// The archive's head, or why it cannot be read.
    Head(Result<Head, String>),
}

/// A connection being opened: its thread, still connecting or reading the
/// head when the last [`open_watched`] stopped waiting for it.
struct Opening {
    progress: mpsc::Receiver<Progress>,
    connected: bool,
    jobs: mpsc::Sender<Job>,
    health: Arc<Health>,
    stale: Arc<AtomicBool>,
    /// The opened corpus's end of the channel [`Health`] tells.
    watch: Arc<Watch>,
}

/// Openings that ran past their deadline, by URL: the next [`open_watched`] of the
/// same URL waits on the same thread rather than start another (a server
/// that accepts and never answers holds each attempt's thread for ever).
static OPENING: Mutex<Vec<(String, Opening)>> = Mutex::new(Vec::new());

/// Start the connection's thread for `url`: it connects, reads the head,
/// then answers jobs until every handle on the corpus is gone, and closes
/// the connection there (never inside an async runtime).
fn start_opening(url: &str) -> Result<Opening, String> {
    let (tell, progress) = mpsc::channel::<Progress>();
    let (jobs, serve) = mpsc::channel::<Job>();
    let url_owned = url.to_string();
    let shown = masked(url);
    let stale = Arc::new(AtomicBool::new(false));
    let stale_flag = stale.clone();
    let watch = Watch::new();
    let health = Health::new(url, watch.tell());
    let health_conn = health.clone();
    std::thread::Builder::new()
        .name("copydesk-postgres".into())
        .spawn(move || {
            let mut client = match reader(&url_owned) {
                Ok(c) => c,
                Err(e) => {
                    let _ = tell.send(Progress::Head(Err(e)));
                    return;
                }
            };
            *lock(&health_conn.cancel) = Some(client.cancel_token());
            let _ = tell.send(Progress::Connected);
            let head = read_head(&mut client, &shown);
            let generation = head.as_ref().ok().map(|h| h.generation.clone());
            let _ = tell.send(Progress::Head(head));
            let Some(generation) = generation else { return };
            let mut conn = Conn {
                client,
                url: url_owned,
                statements: HashMap::new(),
                generation: Some(generation),
                stale: stale_flag,
                resting: None,
                health: health_conn,
            };
            for job in serve {
                job(&mut conn);
            }
        })
        .map_err(|e| format!("{}: cannot start the database thread: {e}", masked(url)))?;
    Ok(Opening {
        progress,
        connected: false,
        jobs,
        health,
        stale,
        watch,
    })
}

/// The head of the archive `o` opens: connected within
/// [`connect_deadline`], the head read within [`query_deadline`]. Past a
/// deadline the opening is kept for the next [`open_watched`] of `url`.
fn wait_for_head(url: &str, mut o: Opening) -> Result<(Head, Opening), String> {
    loop {
        let (within, what) = if o.connected {
            (query_deadline(), "reading the archive")
        } else {
            (connect_deadline(), "to connecting and logging in")
        };
        match o.progress.recv_timeout(within) {
            Ok(Progress::Connected) => o.connected = true,
            Ok(Progress::Head(Ok(head))) => return Ok((head, o)),
            Ok(Progress::Head(Err(e))) => return Err(e),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                lock(&OPENING).push((url.to_string(), o));
                return Err(no_answer(url, what, within));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(format!(
                    "{}: the database connection ended unexpectedly",
                    masked(url)
                ));
            }
        }
    }
}

/// The corpus in the archive at `url`, warnings, a flag set once another
/// push replaced the archive (its answers are left out from then on: a
/// check made with the corpus after that is from part of an archive no
/// longer there), and the channel it reports trouble through. `Err` (one
/// line, naming the URL with its password masked) when the database cannot
/// be reached or holds no archive this build can read, or does not answer
/// within the deadlines ([`connect_deadline`] to connect and log in,
/// [`query_deadline`] to read the archive's head).
#[allow(clippy::type_complexity)]
pub fn open_watched(
    url: &str,
) -> Result<(Corpus, Vec<String>, Arc<AtomicBool>, Arc<Watch>), String> {
    let shown = masked(url);
    let earlier = {
        let mut opening = lock(&OPENING);
        opening
            .iter()
            .position(|(u, _)| u == url)
            .map(|i| opening.swap_remove(i).1)
    };
    let o = match earlier {
        Some(o) => o,
        None => start_opening(url)?,
    };
    let (head, o) = wait_for_head(url, o)?;
    let (jobs, health, stale, watch) = (o.jobs, o.health, o.stale, o.watch);
    let mut warnings = Vec::new();
    if head.articles.is_empty() {
        warnings.push(format!("{shown}: {}", loader::NO_ARTICLES));
    }
    let db = Db { jobs, health };
    let source: Arc<dyn DocSource> = Arc::new(PgDocs {
        db: db.clone(),
        crcs: head.articles.iter().map(|a| a.2).collect(),
    });
    let tables = PgTables {
        db,
        articles: head.articles.iter().map(|a| (a.3, a.4)).collect(),
        max_idf: head.max_idf,
        weights: Cache::new(ROWS_KEPT, &stale),
        word_ids: Cache::new(ROWS_KEPT, &stale),
        lens: Cache::new(ROWS_KEPT, &stale),
        lists: Cache::new(LISTS_KEPT, &stale),
        figure_rows: Cache::new(ROWS_KEPT, &stale),
        claims: Cache::new(ROWS_KEPT, &stale),
        words: Cache::new(ROWS_KEPT, &stale),
        figures: Cache::new(ROWS_KEPT, &stale),
        quotes: Cache::new(ROWS_KEPT, &stale),
        names: Cache::new(ROWS_KEPT, &stale),
        lookups: Cache::new(ROWS_KEPT, &stale),
    };
    let docs = head
        .articles
        .into_iter()
        .enumerate()
        .map(|(i, (path, file, ..))| {
            // The pusher's file, where this machine sees it too (a shared
            // folder): go-to-definition opens it.
            let file = file.map(PathBuf::from).filter(|f| f.is_file());
            Article::lazy(path, file, source.clone(), i)
        })
        .collect();
    let style = StyleGuide {
        prefer: head.prefer,
    };
    Ok((
        Corpus::with_tables(docs, style, Box::new(tables), &head.phrases),
        warnings,
        stale,
        watch,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (schema version, FNV-1a of the tables' and indexes' definitions).
    const SCHEMA_SNAPSHOT: (i32, u64) = (2, 0x5a7a5db05c676fc7);

    /// The tables change only with [`SCHEMA_VERSION`]: readers of the old
    /// layout must refuse the new one, saying what to run.
    #[test]
    fn schema_changes_only_with_its_version() {
        let text = format!("{TABLES}\0{INDEXES}");
        let now = (
            SCHEMA_VERSION,
            copydesk_core::model::wordhash::fnv1a(text.as_bytes()),
        );
        assert!(
            now == SCHEMA_SNAPSHOT,
            "the PostgreSQL tables (TABLES or INDEXES) changed without SCHEMA_VERSION: raise \
             SCHEMA_VERSION in {} and set SCHEMA_SNAPSHOT to ({}, {:#018x}) (archives of the old \
             layout are then refused until pushed again: `copydesk index push`)",
            file!(),
            SCHEMA_VERSION.max(SCHEMA_SNAPSHOT.0 + 1),
            now.1
        );
    }

    #[test]
    fn an_archive_of_another_version_says_what_to_run() {
        let older = other_version("postgres://db/x", "model version", Some(1), 2);
        assert!(
            older.contains("older copydesk")
                && older.contains("`copydesk index push --postgres postgres://db/x --corpus DIR`"),
            "{older}"
        );
        let newer = other_version("postgres://db/x", "table layout", Some(3), 2);
        assert!(
            newer.contains("newer copydesk") && newer.contains("upgrade copydesk"),
            "{newer}"
        );
        let none = other_version("postgres://db/x", "table layout", None, 2);
        assert!(
            none.contains("table layout none") && none.contains("older"),
            "{none}"
        );
    }

    #[test]
    fn passwords_are_masked() {
        assert_eq!(
            masked("postgres://ann:s3cr:et@db.example/news"),
            "postgres://ann:***@db.example/news"
        );
        assert_eq!(
            masked("postgresql://ann@db/news?sslmode=disable&password=x"),
            "postgresql://ann@db/news?sslmode=disable&password=***"
        );
        assert_eq!(masked("postgres://db:5432"), "postgres://db:5432");
    }

    #[test]
    fn connection_strings_are_databases_with_their_passwords_masked() {
        let s = "host=db.example dbname=news user=ann password=s3cret";
        assert!(is_url(s));
        assert!(is_url("  dbname = news"));
        assert_eq!(
            masked(s),
            "host=db.example dbname=news user=ann password=***"
        );
        assert_eq!(
            masked("password = 'it\\'s x' host=db"),
            "password=*** host=db"
        );
        assert_eq!(
            masked("host=db password='a b\\'c' user=x"),
            "host=db password=*** user=x"
        );
        assert_eq!(masked("host=db mypassword=x"), "host=db mypassword=x");
        // Folders, even with an `=` in the name, stay folders.
        assert!(!is_url("corpus"));
        assert!(!is_url("refs=old"));
        assert!(!is_url("./host=x"));
        let (url, dirs) = split(&[PathBuf::from("refs"), PathBuf::from(s)]);
        assert_eq!(url.as_deref(), Some(s));
        assert_eq!(dirs, vec![PathBuf::from("refs")]);
    }

    #[test]
    fn entries_split_into_url_and_folders() {
        let (url, dirs) = split(&[
            PathBuf::from("refs"),
            PathBuf::from("postgres://h/db"),
            PathBuf::from("postgres://other/db"),
        ]);
        assert_eq!(url.as_deref(), Some("postgres://h/db"));
        assert_eq!(dirs, vec![PathBuf::from("refs")]);
    }
}
