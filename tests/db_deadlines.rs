//! A database that accepts connections and never answers (a plain TCP
//! listener that holds each connection and says nothing) never holds up
//! `check`, `index push` or the language server beyond the client-side
//! deadline (`copydesk::postgres::CONNECT_DEADLINE`): each gives up with a
//! message naming the reason and the URL (its password masked), `check`
//! and the server fall back (the server answers `initialize` at once,
//! never waiting on the database); and a libpq `key=value` connection string is
//! taken for a database, never a folder, its password masked. No
//! PostgreSQL is needed.

mod lsp_client;

use lsp_client::{Lsp, caps, expected, got, sorted, uri};
use serde_json::json;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A port where connections are accepted and held, and nothing is ever said.
fn silent_database() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for c in l.incoming().flatten() {
            held.push(c);
        }
    });
    port
}

/// A work folder with a copy of the seed corpus in `corpus/`, and a cache.
fn work(name: &str) -> (PathBuf, PathBuf) {
    let base =
        std::env::temp_dir().join(format!("copydesk-deadline-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let corpus = base.join("work/corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for e in std::fs::read_dir(root().join("corpus")).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::create_dir_all(base.join("cache")).unwrap();
    (base.join("work"), base.join("cache"))
}

fn draft() -> String {
    let mut v: Vec<String> = std::fs::read_dir(root().join("tests/eval"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .map(|p| p.display().to_string())
        .collect();
    v.sort();
    v.remove(0)
}

/// `copydesk args` in `cwd`, killed if it runs past `limit`; with how long it took.
fn run_within(cwd: &Path, cache: &Path, args: &[&str], limit: Duration) -> (Output, Duration) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(cwd)
        .env("COPYDESK_CACHE_DIR", cache)
        .env_remove(copydesk::postgres::DEADLINE_ENV)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() && start.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(50));
    }
    let took = start.elapsed();
    let _ = child.kill();
    (child.wait_with_output().unwrap(), took)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The deadline with room for the process's own work (opening the index).
fn allowed() -> Duration {
    copydesk::postgres::CONNECT_DEADLINE + Duration::from_secs(5)
}

#[test]
fn check_against_a_silent_database_falls_back_within_the_deadline() {
    let (work, cache) = work("check");
    let url = silent_url();
    let draft = draft();
    let hang = Duration::from_secs(60);
    let json = ["check", "--format", "json"];
    let folder = run_within(
        &work,
        &cache,
        &[&json[..], &["--corpus", "corpus", &draft]].concat(),
        hang,
    )
    .0;
    assert!(folder.status.code().is_some_and(|c| c < 2));

    // With a folder beside it: the folder's findings, within the deadline, saying why.
    let (out, took) = run_within(
        &work,
        &cache,
        &[&json[..], &["--corpus", &url, "--corpus", "corpus", &draft]].concat(),
        hang,
    );
    let err = text(&out.stderr);
    assert!(took < allowed(), "the check waited {took:?}: {err}");
    assert_eq!(out.status.code(), folder.status.code(), "{err}");
    assert_eq!(text(&out.stdout), text(&folder.stdout));
    let masked = url.replace("hunter2", "***");
    assert!(
        err.contains(&masked)
            && err.contains("no answer")
            && err.contains("within 5 s")
            && err.contains("using the corpus folders instead"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");

    // Without one: exit 2 with the reason, within the deadline.
    let (out, took) = run_within(
        &work,
        &cache,
        &[&json[..], &["--corpus", &url, &draft]].concat(),
        hang,
    );
    let err = text(&out.stderr);
    assert!(took < allowed(), "the check waited {took:?}: {err}");
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&masked) && err.contains("no answer"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_push_to_a_silent_database_ends_with_an_error() {
    let (work, cache) = work("push");
    let url = silent_url();
    let (out, took) = run_within(
        &work,
        &cache,
        &["index", "push", "--postgres", &url, "--corpus", "corpus"],
        Duration::from_secs(60),
    );
    let err = text(&out.stderr);
    assert!(
        took < allowed() + Duration::from_secs(5),
        "the push waited {took:?}: {err}"
    );
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("no answer") && !err.contains("hunter2"),
        "{err}"
    );
}

#[test]
fn a_connection_string_is_a_database_and_its_password_is_masked() {
    let (work, cache) = work("conninfo");
    let draft = draft();
    // Nothing listens on port 1.
    let conninfo = "host=127.0.0.1 port=1 dbname=news user=desk password=hunter2";
    let masked = "host=127.0.0.1 port=1 dbname=news user=desk password=***";
    let limit = Duration::from_secs(60);
    let (out, _) = run_within(
        &work,
        &cache,
        &["check", "--corpus", conninfo, &draft],
        limit,
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(masked) && err.contains("cannot connect"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");
    // In .copydesk.toml, beside a folder: the folder's findings, and a warning naming it masked.
    std::fs::write(
        work.join(".copydesk.toml"),
        format!("corpus = [\"{conninfo}\", \"corpus\"]\n"),
    )
    .unwrap();
    let local = work.join("draft.md");
    std::fs::copy(&draft, &local).unwrap();
    let (out, _) = run_within(&work, &cache, &["check", "draft.md"], limit);
    let err = text(&out.stderr);
    assert!(out.status.code().is_some_and(|c| c < 2), "{err}");
    assert!(
        err.contains(masked) && err.contains("using the corpus folders instead"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");
    // A push to it: refused with the reason, masked.
    let (out, _) = run_within(
        &work,
        &cache,
        &[
            "index",
            "push",
            "--postgres",
            conninfo,
            "--corpus",
            "corpus",
        ],
        limit,
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(masked) && !err.contains("hunter2"), "{err}");
}

/// `window/showMessage` notifications that arrive within `wait`.
/// A database URL, with a password to mask, on a socket that never answers.
fn silent_url() -> String {
    format!(
        "postgres://desk:hunter2@127.0.0.1:{}/news",
        silent_database()
    )
}

/// Opens the draft and waits for its findings, which must be the built-in
/// corpus's (the test folders' corpus is a copy of it): its URI and diagnostics.
fn open_draft_with_builtin_findings(lsp: &mut Lsp) -> (String, Vec<serde_json::Value>) {
    let draft = draft();
    let text = std::fs::read_to_string(&draft).unwrap();
    let want = sorted(expected(&text, Path::new(&draft), "utf-32"));
    assert!(!want.is_empty());
    let u = uri(Path::new(&draft));
    lsp.open(&u, &text);
    let d = lsp.diagnostics_where(&u, Duration::from_secs(20), |d| !d.is_empty());
    assert_eq!(sorted(got(&d)), want);
    (u, d)
}

fn messages(lsp: &mut Lsp, wait: Duration) -> Vec<String> {
    let mut out = Vec::new();
    let until = Instant::now() + wait;
    while let Some(m) = lsp.arrives(until.saturating_duration_since(Instant::now()), |m| {
        m["method"] == "window/showMessage"
    }) {
        out.push(m["params"]["message"].as_str().unwrap_or("").to_string());
    }
    out
}

#[test]
fn the_server_answers_at_once_and_falls_back_while_the_database_is_silent() {
    let (work, cache) = work("lsp");
    let url = silent_url();
    let log = cache.join("lsp.err");
    let deadline = Path::new("2");
    let mut lsp = Lsp::spawn_with_stderr(
        &[
            ("COPYDESK_CACHE_DIR", &cache),
            ("XDG_CACHE_HOME", &cache),
            (copydesk::postgres::DEADLINE_ENV, deadline),
        ],
        std::fs::File::create(&log).unwrap().into(),
    );
    let t = Instant::now();
    lsp.initialize(
        caps("utf-32"),
        json!({"copydesk": {"debounceMs": 0, "corpus": [url]}}),
        &[&work],
    );
    let took = t.elapsed();
    assert!(
        took < Duration::from_secs(2 + 3),
        "initialize waited {took:?} on a database that never answers"
    );
    // The built-in corpus's findings meanwhile.
    let (u, d) = open_draft_with_builtin_findings(&mut lsp);
    // Told once, naming the URL (masked) and why; the retries say nothing more.
    let said = messages(&mut lsp, Duration::from_secs(8));
    let about: Vec<&String> = said.iter().filter(|m| m.contains("no answer")).collect();
    assert_eq!(about.len(), 1, "{said:?}");
    assert!(
        about[0].contains(&url.replace("hunter2", "***"))
            && about[0].contains("using the built-in corpus"),
        "{said:?}"
    );
    assert!(said.iter().all(|m| !m.contains("hunter2")), "{said:?}");
    // Each finding says it was checked against the built-in articles.
    assert!(
        d.iter().all(|x| x["message"].as_str().is_some_and(|m| m
            .contains("[checked against the built-in sample articles until the archive at")
            && !m.contains("hunter2"))),
        "{d:?}"
    );
    // Hover answers at once meanwhile, and says so.
    let t = Instant::now();
    let h = lsp.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": d[0]["range"]["start"]}),
    );
    assert!(t.elapsed() < Duration::from_secs(2));
    assert!(
        h["contents"]["value"].as_str().is_some_and(|v| v
            .contains("does not answer: checked against the built-in sample articles")
            && !v.contains("hunter2")),
        "{h}"
    );
    assert_eq!(lsp.shutdown_and_exit(), 0);
    let stderr = std::fs::read_to_string(&log).unwrap();
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[test]
fn initialize_never_waits_on_the_database() {
    // The default deadline (5 s): initialize answers well within it, the
    // corpus folder standing in while the database is asked.
    let (work, cache) = work("initialize");
    let url = silent_url();
    let log = cache.join("lsp.err");
    let mut lsp = Lsp::spawn_with_stderr(
        &[("COPYDESK_CACHE_DIR", &cache), ("XDG_CACHE_HOME", &cache)],
        std::fs::File::create(&log).unwrap().into(),
    );
    let deadline = copydesk::postgres::CONNECT_DEADLINE;
    let t = Instant::now();
    lsp.initialize(
        caps("utf-32"),
        json!({"copydesk": {"debounceMs": 0, "corpus": [url, work.join("corpus")]}}),
        &[&work],
    );
    let took = t.elapsed();
    assert!(
        took < deadline / 2,
        "initialize waited {took:?} (the database's deadline is {deadline:?})"
    );
    // The folder's findings meanwhile (a copy of the built-in corpus).
    let (u, d) = open_draft_with_builtin_findings(&mut lsp);
    let hover = |lsp: &mut Lsp| {
        let h = lsp.call(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": d[0]["range"]["start"]}),
        );
        h["contents"]["value"].as_str().unwrap_or("").to_string()
    };
    let h = hover(&mut lsp);
    assert!(
        h.contains("checked against the archive folders until it does") && !h.contains("hunter2"),
        "{h}"
    );
    // Each finding says which corpus answered, and that it stands in.
    for x in &d {
        let m = x["message"].as_str().unwrap_or("");
        assert!(
            m.ends_with(&format!(
                " [checked against the archive folders until the archive at {} answers]",
                url.replace("hunter2", "***")
            )),
            "{m}"
        );
    }
    // Told once, when the deadline passes, which corpus answers.
    let said = messages(&mut lsp, deadline + Duration::from_secs(5));
    let about: Vec<&String> = said.iter().filter(|m| m.contains("no answer")).collect();
    assert_eq!(about.len(), 1, "{said:?}");
    assert!(
        about[0].contains(&url.replace("hunter2", "***"))
            && about[0].contains("using the corpus folders until it answers"),
        "{said:?}"
    );
    let h = hover(&mut lsp);
    assert!(
        h.contains("does not answer: checked against the archive folders"),
        "{h}"
    );
    assert_eq!(lsp.shutdown_and_exit(), 0);
}
