//! The shared archive on PostgreSQL: a newsroom whose archive is too large
//! for each reporter's machine pushes the analysed corpus into a database
//! once (`copydesk index push --postgres URL`), and every `copydesk check`
//! and language server given `corpus = "postgres://…"` reads it from there.
//!
//! The model is stored as tables of a schema named by this build's
//! versions ([`schema_name`], `copydesk_v5_m6`: no other application's
//! `articles` or `names` is touched, and two releases keep their archives
//! side by side during an upgrade), each with the index its
//! queries use, and every question the checks ask
//! ([`copydesk_core::corpus::CorpusQuery`]) is answered by indexed queries
//! reading a few rows (see [`copydesk_core::corpus::tables`]); nothing
//! beyond a line per article (and one per kind of figure) is read at open:
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
//!   the arrays);
//! - `figure_sources(key, sentences, attributed)`: how often the archive's
//!   sentences carrying each kind of figure name a source (read at open:
//!   a line per noun counted or unit measured).
//!
//! A push replaces its release's tables in one transaction and `NOTIFY`s
//! the channel named as the schema: a reader that opened the old archive (it `LISTEN`s)
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

mod caches;
mod conn;
mod push;
mod reader;
mod schema;

use caches::*;
use conn::*;
pub use conn::{REPLACED_WHILE_OPEN, TIMED_OUT_SAYS};
pub use push::{PushReport, push};
pub use reader::open_watched;
use schema::*;
pub use schema::{SCHEMA_VERSION, schema_name};

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
    use_schema(&mut client)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// (schema version, FNV-1a of the tables' and indexes' definitions).
    const SCHEMA_SNAPSHOT: (i32, u64) = (5, 0x3cefd02cb177ced2);

    /// The tables change only with [`SCHEMA_VERSION`]: readers of the old
    /// layout must refuse the new one, saying what to run.
    #[test]
    fn schema_changes_only_with_its_version() {
        let text = format!("{TABLES}\0{INDEXES}");
        let now = (
            SCHEMA_VERSION,
            copydesk_core::model::wordhash::fnv1a(text.as_bytes()),
        );
        if now.0 != SCHEMA_SNAPSHOT.0 {
            panic!(
                "SCHEMA_VERSION is {} but SCHEMA_SNAPSHOT in {} was recorded for {}: set it to ({}, {:#018x})",
                now.0,
                file!(),
                SCHEMA_SNAPSHOT.0,
                now.0,
                now.1
            );
        }
        assert!(
            now == SCHEMA_SNAPSHOT,
            "the PostgreSQL tables (TABLES or INDEXES in postgres/schema.rs) changed without \
             SCHEMA_VERSION: raise SCHEMA_VERSION to {} and set SCHEMA_SNAPSHOT in {} to ({}, {:#018x}) \
             (archives of the old layout are then refused until pushed again: `copydesk index push`)",
            now.0 + 1,
            file!(),
            now.0 + 1,
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
