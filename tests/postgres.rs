//! The shared archive on PostgreSQL (`crates/copydesk-store/src/postgres/`), against a real
//! server started for the test in a temporary folder: a pushed corpus
//! gives `copydesk check` the same JSON as the corpus folder it came from;
//! a database that cannot be reached or read is named in one line (its
//! password masked), with the folders given beside it as the fallback; an
//! archive of another layout or build is refused; a server never shows
//! findings mixing two archives while one is pushed over the other. Skipped, saying why, where
//! PostgreSQL is not installed (`.ci/run` installs it).

mod lsp_client;

use lsp_client::{Lsp, caps, got, sorted, uri};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

include!("support/pg_server.rs");
include!("support/not_run.rs");

/// A table of this build's archive, qualified by its schema.
fn archive(table: &str) -> String {
    format!("{}.{table}", copydesk::postgres::schema_name())
}

/// What only these tests do with the server.
impl Server {
    /// The server's processes: the postmaster and its children.
    fn pids(&self) -> Vec<i32> {
        let pidfile = std::fs::read_to_string(self.base.join("data/postmaster.pid")).unwrap();
        let main: i32 = pidfile.lines().next().unwrap().trim().parse().unwrap();
        let mut pids = vec![main];
        for e in std::fs::read_dir("/proc").unwrap().flatten() {
            let Some(pid) = e.file_name().to_str().and_then(|p| p.parse::<i32>().ok()) else {
                continue;
            };
            let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
            // "pid (comm) state ppid …": the fields after the last ')'.
            let ppid = stat
                .rsplit(')')
                .next()
                .and_then(|r| r.split_whitespace().nth(1))
                .and_then(|p| p.parse::<i32>().ok());
            if ppid == Some(main) {
                pids.push(pid);
            }
        }
        pids
    }

    /// Freeze every process of the server (`SIGSTOP`) until the guard is dropped.
    fn freeze(&self) -> Frozen {
        let pids = self.pids();
        for &p in &pids {
            // SAFETY: signalling our own test server's processes by id.
            unsafe { libc::kill(p, libc::SIGSTOP) };
        }
        Frozen(pids)
    }
    /// A working folder holding a copy of the seed corpus (`corpus/`), and a cache folder.
    fn seed_work(&self) -> (PathBuf, PathBuf) {
        let work = self.base.join("work");
        copy_dir(&root().join("corpus"), &work.join("corpus"));
        (work, self.base.join("cache"))
    }

    /// [`Server::seed_work`] with the seed corpus pushed to database `postgres`, and its URL.
    fn seed_pushed(&self) -> (PathBuf, PathBuf, String) {
        let (work, cache) = self.seed_work();
        let url = self.url("postgres");
        let push = copydesk(
            &work,
            &cache,
            &["index", "push", "--postgres", &url, "--corpus", "corpus"],
        );
        assert!(push.status.success(), "{}", text(&push.stderr));
        (work, cache, url)
    }
}

/// A frozen server: its processes continue (`SIGCONT`) when this is dropped.
struct Frozen(Vec<i32>);

impl Drop for Frozen {
    fn drop(&mut self) {
        for &p in &self.0 {
            // SAFETY: signalling our own test server's processes by id.
            unsafe { libc::kill(p, libc::SIGCONT) };
        }
    }
}

/// `copydesk` with `args` in `cwd`, with a cache folder of the test's own.
fn copydesk(cwd: &Path, cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(cwd)
        .env("COPYDESK_CACHE_DIR", cache)
        .output()
        .unwrap()
}

/// A copy of the folder `from` at `to`.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// The drafts in `dir` (`.md`, `.txt`), sorted.
fn drafts(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .map(|p| p.display().to_string())
        .collect();
    v.sort();
    v
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `check --format json` of `drafts` against the folder `dir` and against
/// the archive at `url`: the same output and exit code.
fn same_json(cwd: &Path, cache: &Path, dir: &str, url: &str, drafts: &[String]) {
    fn args<'a>(corpus: &'a str, drafts: &'a [String]) -> Vec<&'a str> {
        ["check", "--format", "json", "--corpus", corpus]
            .into_iter()
            .chain(drafts.iter().map(String::as_str))
            .collect()
    }
    let folder = copydesk(cwd, cache, &args(dir, drafts));
    let t = Instant::now();
    let db = copydesk(cwd, cache, &args(url, drafts));
    println!(
        "check of {} drafts against the archive: {:.2} s",
        drafts.len(),
        t.elapsed().as_secs_f64()
    );
    assert!(
        folder.status.code().is_some_and(|c| c < 2),
        "folder: {}",
        text(&folder.stderr)
    );
    assert_eq!(
        db.status.code(),
        folder.status.code(),
        "{}",
        text(&db.stderr)
    );
    assert!(db.stderr.is_empty(), "{}", text(&db.stderr));
    assert_eq!(
        text(&db.stdout),
        text(&folder.stdout),
        "the archive gives the folder's findings"
    );
}

#[test]
fn a_pushed_corpus_checks_like_its_folder() {
    let Some(pg) = Server::start("seed") else {
        return;
    };
    let (work, cache) = pg.seed_work();
    let url = pg.url("postgres");

    let t = Instant::now();
    let push = copydesk(
        &work,
        &cache,
        &["index", "push", "--postgres", &url, "--corpus", "corpus"],
    );
    assert!(push.status.success(), "{}", text(&push.stderr));
    let said = text(&push.stdout);
    assert!(
        said.contains("articles") && said.contains("name spellings"),
        "{said}"
    );
    println!(
        "push of the seed corpus: {:.2} s\n{said}",
        t.elapsed().as_secs_f64()
    );
    let n: i64 = pg
        .client("postgres")
        .query_one(
            &format!("SELECT count(*) FROM {}", archive("articles")),
            &[],
        )
        .unwrap()
        .get(0);
    let seeds = drafts(&root().join("corpus")).len() as i64;
    assert_eq!(n, seeds);
    // The names table answers by similarity, through its trigram index.
    let near: i64 = pg
        .client("postgres")
        .query_one(
            &format!(
                "SELECT count(*) FROM {} WHERE form % 'Prigozhyn'",
                archive("names")
            ),
            &[],
        )
        .unwrap()
        .get(0);
    assert!(near > 0, "a misspelling finds its name");

    let eval = drafts(&root().join("tests/eval"));
    same_json(&work, &cache, "corpus", &url, &eval);
    // Pushing again replaces the archive (same findings).
    let again = copydesk(
        &work,
        &cache,
        &["index", "push", "--postgres", &url, "--corpus", "corpus"],
    );
    assert!(again.status.success(), "{}", text(&again.stderr));
    same_json(&work, &cache, "corpus", &url, &eval[..1]);

    // `.copydesk.toml` naming the archive: no --corpus needed.
    let project = work.join("desk");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(
        project.join(".copydesk.toml"),
        format!("corpus = [\"{url}\"]\n"),
    )
    .unwrap();
    let draft = project.join("draft.md");
    std::fs::copy(&eval[0], &draft).unwrap();
    let by_config = copydesk(&project, &cache, &["check", "--format", "json", "draft.md"]);
    let by_folder = copydesk(
        &project,
        &cache,
        &[
            "check",
            "--format",
            "json",
            "--corpus",
            "../corpus",
            "draft.md",
        ],
    );
    assert!(by_config.stderr.is_empty(), "{}", text(&by_config.stderr));
    assert_eq!(
        text(&by_config.stdout).replace("../corpus/", "corpus/"),
        text(&by_folder.stdout).replace("../corpus/", "corpus/")
    );

    // The language server with the archive as its corpus: the folder's
    // diagnostics, and hover and go-to-definition reach the archive's
    // articles (fetched from inside the server's async runtime).
    let mut lsp = Lsp::spawn(&[("COPYDESK_CACHE_DIR", &cache), ("XDG_CACHE_HOME", &cache)]);
    lsp.initialize(
        caps("utf-32"),
        json!({"copydesk": {"debounceMs": 0, "corpus": [url]}}),
        &[&work],
    );
    on_the_archive(&mut lsp);
    let folder = work.join("corpus");
    let mut defined = 0;
    for path in &eval {
        let draft = Path::new(path);
        let u = uri(draft);
        lsp.open(&u, &std::fs::read_to_string(draft).unwrap());
        let diags = lsp.diagnostics(&u, 1);
        assert_eq!(
            got(&diags),
            sorted(cli_ranges(&work, &cache, folder.to_str().unwrap(), path)),
            "{path}"
        );
        for d in diags
            .iter()
            .filter(|d| d["code"] == "name-spelling" || d["code"] == "contradiction")
        {
            let at = json!({"textDocument": {"uri": u}, "position": d["range"]["start"]});
            let hover = lsp.call("textDocument/hover", at.clone());
            assert!(hover["contents"].is_object(), "{hover}");
            let def = lsp.call("textDocument/definition", at);
            if let Some(target) = def["uri"].as_str() {
                assert!(
                    lsp_client::path_of(target).starts_with(folder.canonicalize().unwrap()),
                    "{def}"
                );
                defined += 1;
            }
        }
    }
    assert!(
        defined > 0,
        "go-to-definition opens the pushed articles where this machine has them"
    );

    // Completion of names from the archive's names table: what the folder's model completes.
    let mut local = Lsp::spawn(&[("COPYDESK_CACHE_DIR", &cache), ("XDG_CACHE_HOME", &cache)]);
    local.initialize(
        caps("utf-32"),
        json!({"copydesk": {"debounceMs": 0, "corpus": [folder]}}),
        &[&work],
    );
    let mut completed = 0;
    for (i, typed) in ["Lawyer Alexei Tab", "Ta", "Mr Al", "Ch", "the Ru", "Pe"]
        .iter()
        .enumerate()
    {
        let u = format!("file:///tmp/complete-{i}.md");
        let at = json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": typed.chars().count()}});
        let labels = |l: &mut Lsp| {
            l.open(&u, typed);
            let r = l.call("textDocument/completion", at.clone());
            r.as_array()
                .map(|a| a.iter().map(|i| i["label"].clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        };
        let (from_db, from_folder) = (labels(&mut lsp), labels(&mut local));
        assert_eq!(from_db, from_folder, "{typed}");
        completed += from_db.len();
    }
    assert!(completed > 0, "some names complete");
    assert_eq!(local.shutdown_and_exit(), 0);
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

/// `(code, range)` of `copydesk check --format json --corpus DIR FILE`, as
/// LSP ranges (0-based, Unicode scalar columns).
fn cli_ranges(cwd: &Path, cache: &Path, dir: &str, file: &str) -> Vec<(String, Value)> {
    let out = copydesk(
        cwd,
        cache,
        &["check", "--format", "json", "--corpus", dir, file],
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = |l: &Value, c: &Value| json!({"line": l.as_u64().unwrap() - 1, "character": c.as_u64().unwrap() - 1});
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap().to_string(), json!({"start": p(&f["line"], &f["column"]), "end": p(&f["end_line"], &f["end_column"])})))
        .collect()
}

#[test]
fn an_unreachable_or_foreign_archive_is_named_in_one_line() {
    let Some(pg) = Server::start("bad") else {
        return;
    };
    let (work, cache) = pg.seed_work();
    let draft = drafts(&root().join("tests/eval")).remove(0);

    // Nothing listens on port 1: exit 2, the URL named, its password not.
    let wrong = "postgres://copydesk:hunter2@127.0.0.1:1/postgres";
    let out = copydesk(
        &work,
        &cache,
        &["check", "--format", "json", "--corpus", wrong, &draft],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("postgres://copydesk:***@127.0.0.1:1/postgres")
            && err.contains("cannot connect"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // With a folder beside it: a warning, and the folder's findings.
    let fallback = copydesk(
        &work,
        &cache,
        &[
            "check", "--format", "json", "--corpus", wrong, "--corpus", "corpus", &draft,
        ],
    );
    let folder = copydesk(
        &work,
        &cache,
        &["check", "--format", "json", "--corpus", "corpus", &draft],
    );
    assert!(
        text(&fallback.stderr).contains("using the corpus folders instead"),
        "{}",
        text(&fallback.stderr)
    );
    assert_eq!(text(&fallback.stdout), text(&folder.stdout));
    assert_eq!(fallback.status.code(), folder.status.code());

    // A database with no archive in it.
    let url = pg.url("postgres");
    let out = copydesk(&work, &cache, &["check", "--corpus", &url, &draft]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("holds no copydesk archive"),
        "{}",
        text(&out.stderr)
    );

    // An archive of another table layout, then of another build: refused, saying to push again.
    let push = copydesk(
        &work,
        &cache,
        &["index", "push", "--postgres", &url, "--corpus", "corpus"],
    );
    assert!(push.status.success(), "{}", text(&push.stderr));
    let mut c = pg.client("postgres");
    c.execute(
        &format!("UPDATE {} SET version = 0", archive("schema_version")),
        &[],
    )
    .unwrap();
    let out = copydesk(&work, &cache, &["check", "--corpus", &url, &draft]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("table layout 0") && text(&out.stderr).contains("push it again"),
        "{}",
        text(&out.stderr)
    );
    c.execute(
        &format!("UPDATE {} SET version = $1", archive("schema_version")),
        &[&copydesk::postgres::SCHEMA_VERSION],
    )
    .unwrap();
    // A model version from before versions (a hash), then a newer one.
    c.execute(
        &format!("UPDATE {} SET model = 'another'", archive("meta")),
        &[],
    )
    .unwrap();
    let out = copydesk(&work, &cache, &["check", "--corpus", &url, &draft]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("older copydesk")
            && text(&out.stderr).contains("push it again")
            && text(&out.stderr).contains("`copydesk index push --postgres"),
        "{}",
        text(&out.stderr)
    );
    let newer = (copydesk::MODEL_VERSION + 1).to_string();
    c.execute(
        &format!("UPDATE {} SET model = $1", archive("meta")),
        &[&newer],
    )
    .unwrap();
    let out = copydesk(&work, &cache, &["check", "--corpus", &url, &draft]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("newer copydesk")
            && text(&out.stderr).contains("upgrade copydesk"),
        "{}",
        text(&out.stderr)
    );
}

/// Upgrading one reporter at a time: each release keeps its archive in a
/// schema named by its versions, so a push by the new release leaves the
/// old release's archive (and its readers) alone; the newest other one is
/// kept, older ones are dropped.
#[test]
fn two_releases_share_one_database_during_an_upgrade() {
    let Some(pg) = Server::start("upgrade") else {
        return;
    };
    let (work, cache) = pg.seed_work();
    let url = pg.url("postgres");
    let draft = drafts(&root().join("tests/eval")).remove(0);
    let push = || {
        let out = copydesk(
            &work,
            &cache,
            &["index", "push", "--postgres", &url, "--corpus", "corpus"],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let mut c = pg.client("postgres");
    let schemas = |c: &mut postgres::Client| -> Vec<String> {
        c.query(
            "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'copydesk%' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
    };
    // The release before this one (model version one lower) pushed its archive.
    push();
    let ours = copydesk::postgres::schema_name();
    let model = copydesk::MODEL_VERSION;
    let older = format!(
        "copydesk_v{}_m{}",
        copydesk::postgres::SCHEMA_VERSION,
        model - 1
    );
    c.batch_execute(&format!(
        "ALTER SCHEMA {ours} RENAME TO {older}; UPDATE {older}.meta SET model = '{}'",
        model - 1
    ))
    .unwrap();
    let old_generation: String = c
        .query_one(&format!("SELECT generation FROM {older}.meta"), &[])
        .unwrap()
        .get(0);
    // This release cannot read it, and says what to run.
    let out = copydesk(&work, &cache, &["check", "--corpus", &url, &draft]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("older copydesk")
            && text(&out.stderr).contains(&format!("model version {}", model - 1))
            && text(&out.stderr).contains("`copydesk index push --postgres"),
        "{}",
        text(&out.stderr)
    );
    // Pushing with this release adds its own archive beside the old one.
    let said = push();
    assert!(
        said.contains("kept for clients of another copydesk release") && said.contains(&older),
        "{said}"
    );
    assert_eq!(schemas(&mut c), vec![older.clone(), ours.clone()]);
    let still: String = c
        .query_one(&format!("SELECT generation FROM {older}.meta"), &[])
        .unwrap()
        .get(0);
    assert_eq!(
        still, old_generation,
        "the old release's archive is untouched"
    );
    let n: i64 = c
        .query_one(&format!("SELECT count(*) FROM {older}.articles"), &[])
        .unwrap()
        .get(0);
    assert_eq!(n, drafts(&root().join("corpus")).len() as i64);
    same_json(&work, &cache, "corpus", &url, std::slice::from_ref(&draft));

    // An archive of a layout before versioned schemas (schema `copydesk`,
    // layout 4) is older still: the next push drops it and keeps the newest other.
    c.batch_execute(
        "CREATE SCHEMA copydesk; CREATE TABLE copydesk.schema_version (version int NOT NULL);
         INSERT INTO copydesk.schema_version VALUES (4);
         CREATE TABLE copydesk.meta (model text NOT NULL, generation text NOT NULL, prefer text[] NOT NULL, max_idf real NOT NULL);
         CREATE TABLE copydesk.articles (id int NOT NULL)",
    )
    .unwrap();
    let said = push();
    assert!(
        said.contains("dropped an older release's archive: copydesk (table layout 4"),
        "{said}"
    );
    assert_eq!(schemas(&mut c), vec![older, ours]);
    same_json(&work, &cache, "corpus", &url, std::slice::from_ref(&draft));
}

#[test]
fn the_bbc_archive_checks_like_its_folder() {
    let shared = root().join("../shared");
    let (bbc, dev) = (shared.join("corpora/bbc"), shared.join("eval/bbc-dev"));
    if !bbc.is_dir() || !dev.is_dir() {
        not_run(
            "the_bbc_archive_checks_like_its_folder",
            "../shared/corpora/bbc or ../shared/eval/bbc-dev is absent",
            REQUIRE_SHARED,
        );
        return;
    }
    let Some(pg) = Server::start("bbc") else {
        return;
    };
    let cache = pg.base.join("cache");
    std::fs::create_dir_all(&cache).unwrap();
    pg.client("postgres")
        .batch_execute("CREATE DATABASE bbc")
        .unwrap();
    let url = pg.url("bbc");
    let bbc = bbc.canonicalize().unwrap();
    let dir = bbc.to_str().unwrap();
    let t = Instant::now();
    let push = copydesk(
        &pg.base,
        &cache,
        &["index", "push", "--postgres", &url, "--corpus", dir],
    );
    assert!(push.status.success(), "{}", text(&push.stderr));
    println!(
        "push of the BBC archive: {:.2} s\n{}",
        t.elapsed().as_secs_f64(),
        text(&push.stdout)
    );
    assert!(t.elapsed() < Duration::from_secs(600));
    same_json(&pg.base, &cache, dir, &url, &drafts(&dev));
    // What the archive's reporters attribute is learned at push and read
    // from the database: goals (rarely sourced in the BBC archive) stay
    // silent, tonnes (commonly sourced) are flagged, as from the folder.
    let habits = pg.base.join("habits.md");
    std::fs::write(
        &habits,
        "Rovers scored 147 goals in the season.\n\nThe terminal handled 2.4 million tonnes of ore last year.\n",
    )
    .unwrap();
    let habits = habits.to_str().unwrap().to_string();
    same_json(&pg.base, &cache, dir, &url, std::slice::from_ref(&habits));
    let db = copydesk(
        &pg.base,
        &cache,
        &["check", "--format", "json", "--corpus", &url, &habits],
    );
    let out = text(&db.stdout);
    assert!(
        out.contains("2.4 million tonnes") && !out.contains("147 goals"),
        "{out}"
    );
}

#[test]
fn a_server_whose_archive_is_pushed_again_opens_the_new_one() {
    let Some(pg) = Server::start("again") else {
        return;
    };
    let (work, cache) = pg.seed_work();
    let url = pg.url("postgres");
    let push = || {
        copydesk(
            &work,
            &cache,
            &["index", "push", "--postgres", &url, "--corpus", "corpus"],
        )
    };
    assert!(push().status.success());
    let corpus_codes = |d: &[Value]| {
        d.iter()
            .filter(|x| {
                ["name-spelling", "contradiction", "misquote"]
                    .contains(&x["code"].as_str().unwrap_or(""))
            })
            .count()
    };
    // Two drafts the archive has findings on.
    let eval: Vec<String> = drafts(&root().join("tests/eval"))
        .into_iter()
        .filter(|p| {
            corpus_codes(
                &cli_ranges(&work, &cache, "corpus", p)
                    .into_iter()
                    .map(|(c, _)| json!({ "code": c }))
                    .collect::<Vec<_>>(),
            ) > 0
        })
        .take(2)
        .collect();
    assert_eq!(eval.len(), 2, "two seed drafts with corpus findings");

    let log = pg.base.join("lsp.err");
    let mut lsp = Lsp::spawn_with_stderr(
        &[("COPYDESK_CACHE_DIR", &cache), ("XDG_CACHE_HOME", &cache)],
        std::fs::File::create(&log).unwrap().into(),
    );
    lsp.initialize(
        caps("utf-32"),
        json!({"copydesk": {"debounceMs": 0, "corpus": [url]}}),
        &[&work],
    );
    on_the_archive(&mut lsp);
    let first = uri(Path::new(&eval[0]));
    lsp.open(&first, &std::fs::read_to_string(&eval[0]).unwrap());
    assert!(
        corpus_codes(&lsp.diagnostics(&first, 1)) > 0,
        "the archive is read"
    );

    // Another push replaces the archive under the running server: it is
    // told, leaves the old archive's answers out (never mixing two
    // archives), opens the new one, and checks again: the folder's findings.
    assert!(push().status.success());
    let second = uri(Path::new(&eval[1]));
    lsp.open(&second, &std::fs::read_to_string(&eval[1]).unwrap());
    let want = sorted(cli_ranges(
        &work,
        &cache,
        work.join("corpus").to_str().unwrap(),
        &eval[1],
    ));
    let after = lsp.diagnostics_where(&second, Duration::from_secs(60), |d| got(d) == want);
    assert_eq!(got(&after), want);
    assert_eq!(lsp.shutdown_and_exit(), 0);
    // Editors log a server's stderr as errors: it said nothing there.
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(said.is_empty(), "{said}");
}

#[test]
fn a_stuck_database_costs_a_check_one_timeout_and_a_warning() {
    let Some(pg) = Server::start("stuck") else {
        return;
    };
    let (work, cache) = pg.seed_work();
    let url = pg.url("postgres");
    assert!(
        copydesk(
            &work,
            &cache,
            &["index", "push", "--postgres", &url, "--corpus", "corpus"]
        )
        .status
        .success()
    );
    let drafts = drafts(&root().join("tests/eval"));

    // Another session holds the claims table locked: every query on it waits.
    let mut other = pg.client("postgres");
    let mut tx = other.transaction().unwrap();
    tx.batch_execute(&format!(
        "LOCK TABLE {} IN ACCESS EXCLUSIVE MODE",
        archive("claims")
    ))
    .unwrap();
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--format", "json", "--corpus", &url])
        .args(&drafts)
        .current_dir(&work)
        .env("COPYDESK_CACHE_DIR", &cache)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A check waits out one query's time limit (10 s), not one per query, and never hangs.
    while child.try_wait().unwrap().is_none() && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let waited = start.elapsed();
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    tx.rollback().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        text(&out.stderr)
    );
    assert!(
        waited < Duration::from_secs(40),
        "the check took {waited:?}"
    );
    let said = text(&out.stderr);
    assert!(
        said.contains("ran past the time limit") && said.contains(&url),
        "{said}"
    );
    assert!(
        serde_json::from_slice::<Value>(&out.stdout).is_ok_and(|v| v.is_array()),
        "still a full answer"
    );
}

/// `window/showMessage` notifications that arrive within `wait`.
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

/// Seed drafts with findings of the codes that need the archive (against
/// the folder `corpus` in `work`), `n` of them.
fn drafts_with_corpus_findings(work: &Path, cache: &Path, n: usize) -> Vec<String> {
    let v: Vec<String> = drafts(&root().join("tests/eval"))
        .into_iter()
        .filter(|p| {
            cli_ranges(work, cache, "corpus", p)
                .iter()
                .any(|(c, _)| ["name-spelling", "contradiction", "misquote"].contains(&c.as_str()))
        })
        .take(n)
        .collect();
    assert_eq!(v.len(), n, "seed drafts with corpus findings");
    v
}

/// The language server over stdio with the database deadline `secs`.
fn lsp_with_deadline(cache: &Path, log: &Path, secs: &str) -> Lsp {
    Lsp::spawn_with_stderr(
        &[
            ("COPYDESK_CACHE_DIR", cache),
            ("XDG_CACHE_HOME", cache),
            (copydesk::postgres::DEADLINE_ENV, Path::new(secs)),
        ],
        std::fs::File::create(log).unwrap().into(),
    )
}

/// Wait until the server has opened the archive (it checks against the
/// built-in corpus while it connects): documents opened from here on are
/// checked against the archive.
fn on_the_archive(lsp: &mut Lsp) {
    lsp.wait_for("the archive opened", Duration::from_secs(60), |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("opened; checking against it"))
    });
}

fn is_partial(d: &[Value]) -> bool {
    d.iter().any(|x| x["code"] == "archive-unavailable")
}

#[test]
fn a_frozen_database_never_stalls_the_editor() {
    let Some(pg) = Server::start("frozen") else {
        return;
    };
    let (work, cache, url) = pg.seed_pushed();
    let eval = drafts_with_corpus_findings(&work, &cache, 2);
    let want: Vec<Vec<(String, Value)>> = eval
        .iter()
        .map(|d| sorted(cli_ranges(&work, &cache, "corpus", d)))
        .collect();
    let texts: Vec<String> = eval
        .iter()
        .map(|d| std::fs::read_to_string(d).unwrap())
        .collect();

    // Queries wait at most 2 s (COPYDESK_DB_TIMEOUT=1: connect 1 s, answers 2 s).
    let log = pg.base.join("lsp.err");
    let mut lsp = lsp_with_deadline(&cache, &log, "1");
    lsp.initialize(
        caps("utf-32"),
        json!({"copydesk": {"debounceMs": 0, "corpus": [url]}}),
        &[&work],
    );
    on_the_archive(&mut lsp);
    let first = uri(Path::new(&eval[0]));
    lsp.open(&first, &texts[0]);
    let d = lsp.diagnostics_where(&first, Duration::from_secs(60), |d| got(d) == want[0]);
    assert_eq!(got(&d), want[0]);

    let frozen = pg.freeze();
    // Another draft, whose rows no cache holds: answered within the
    // deadline, its findings marked as from part of the archive.
    let second = uri(Path::new(&eval[1]));
    let t = Instant::now();
    lsp.open(&second, &texts[1]);
    let d = lsp.diagnostics_where(&second, Duration::from_secs(60), |_| true);
    let took = t.elapsed();
    assert!(took < Duration::from_secs(6), "the editor waited {took:?}");
    assert!(is_partial(&d), "{d:#?}");
    assert!(
        d.iter()
            .filter(|x| x["code"] != "archive-unavailable")
            .all(|x| x["message"]
                .as_str()
                .unwrap()
                .contains("part of the archive")),
        "{d:#?}"
    );
    // An edit to the first draft (a sentence with words no cache holds):
    // answered at once, and the findings it had are kept, marked.
    let line = texts[0].matches('\n').count();
    let character = texts[0][texts[0].rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count();
    let at = json!({"line": line, "character": character});
    let t = Instant::now();
    lsp.change(
        &first,
        2,
        json!([{"range": {"start": at, "end": at},
                "text": "\n\nZorblat Quennifer told the Vexmoor Trust that 48,317 tonnes were shipped.\n"}]),
    );
    let d = lsp.diagnostics(&first, 2);
    let took = t.elapsed();
    assert!(took < Duration::from_secs(6), "the editor waited {took:?}");
    assert!(is_partial(&d), "{d:#?}");
    let kept = got(&d);
    for w in &want[0] {
        assert!(kept.contains(w), "{w:?} was dropped: {kept:#?}");
    }
    // Hover on each finding answers too, and says so.
    for on in d.iter().filter(|x| x["code"] != "archive-unavailable") {
        let t = Instant::now();
        let h = lsp.call(
            "textDocument/hover",
            json!({"textDocument": {"uri": first}, "position": on["range"]["start"]}),
        );
        assert!(t.elapsed() < Duration::from_secs(6));
        assert!(
            h["contents"]["value"]
                .as_str()
                .is_some_and(|v| v.contains("did not answer in time")),
            "{on}\n{h}"
        );
    }
    // Told once.
    let said = messages(&mut lsp, Duration::from_secs(4));
    let told = said
        .iter()
        .filter(|m| m.contains("ran past the time limit"))
        .count();
    assert_eq!(told, 1, "{said:#?}");

    // Thawed: the drafts are checked again against the whole archive.
    drop(frozen);
    let d = lsp.diagnostics_where(&second, Duration::from_secs(90), |d| got(d) == want[1]);
    assert!(!is_partial(&d));
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn a_server_uses_the_fallback_until_the_database_answers() {
    let Some(pg) = Server::start("later") else {
        return;
    };
    let (work, cache) = pg.seed_work();
    // The fallback: a folder with one article the drafts have nothing to do with.
    let one = work.join("one");
    std::fs::create_dir_all(&one).unwrap();
    std::fs::write(
        one.join("parking.txt"),
        "Parking fees in the town centre will rise next month, the council said on Tuesday.\n",
    )
    .unwrap();
    let url = pg.url("postgres");
    let push = copydesk(
        &work,
        &cache,
        &["index", "push", "--postgres", &url, "--corpus", "corpus"],
    );
    assert!(push.status.success(), "{}", text(&push.stderr));
    let draft = drafts_with_corpus_findings(&work, &cache, 1).remove(0);
    let want = sorted(cli_ranges(&work, &cache, "corpus", &draft));
    let fallback = sorted(cli_ranges(&work, &cache, "one", &draft));
    assert_ne!(want, fallback);

    pg.down();
    let log = pg.base.join("lsp.err");
    let mut lsp = lsp_with_deadline(&cache, &log, "1");
    lsp.initialize(
        caps("utf-32"),
        json!({"copydesk": {"debounceMs": 0, "corpus": [url, one]}}),
        &[&work],
    );
    let u = uri(Path::new(&draft));
    lsp.open(&u, &std::fs::read_to_string(&draft).unwrap());
    assert_eq!(got(&lsp.diagnostics(&u, 1)), fallback);
    let said = messages(&mut lsp, Duration::from_secs(2));
    assert!(
        said.iter()
            .any(|m| m.contains(&url) && m.contains("using the corpus folders until it answers")),
        "{said:#?}"
    );

    pg.up();
    let d = lsp.diagnostics_where(&u, Duration::from_secs(60), |d| got(d) == want);
    assert_eq!(got(&d), want);
    let said = messages(&mut lsp, Duration::from_secs(2));
    assert!(said.iter().any(|m| m.contains("answers now")), "{said:#?}");
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn first_pushes_at_once_take_turns() {
    let Some(pg) = Server::start("together") else {
        return;
    };
    let (work, cache) = pg.seed_work();
    // The index built first, so the pushes reach the database together.
    let built = copydesk(&work, &cache, &["index", "build", "--corpus", "corpus"]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    let draft = drafts(&root().join("tests/eval")).remove(0);
    for round in 0..3 {
        let db = format!("fresh{round}");
        pg.client("postgres")
            .batch_execute(&format!("CREATE DATABASE {db}"))
            .unwrap();
        let url = pg.url(&db);
        let pushes: Vec<_> = (0..3)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_copydesk"))
                    .args(["index", "push", "--postgres", &url, "--corpus", "corpus"])
                    .current_dir(&work)
                    .env("COPYDESK_CACHE_DIR", &cache)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for p in pushes {
            let out = p.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", text(&out.stderr));
        }
        let out = copydesk(&work, &cache, &["check", "--corpus", &url, &draft]);
        assert!(
            out.status.code().is_some_and(|c| c < 2),
            "{}",
            text(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    }
}

#[test]
fn a_database_stopped_mid_session_keeps_the_findings_and_says_so() {
    let Some(pg) = Server::start("stopped") else {
        return;
    };
    let (work, cache, url) = pg.seed_pushed();
    let draft = drafts_with_corpus_findings(&work, &cache, 1).remove(0);
    let want = sorted(cli_ranges(&work, &cache, "corpus", &draft));
    let text0 = std::fs::read_to_string(&draft).unwrap();
    let log = pg.base.join("lsp.err");
    let mut lsp = lsp_with_deadline(&cache, &log, "1");
    lsp.initialize(
        caps("utf-32"),
        json!({"copydesk": {"debounceMs": 0, "corpus": [url]}}),
        &[&work],
    );
    on_the_archive(&mut lsp);
    let u = uri(Path::new(&draft));
    lsp.open(&u, &text0);
    let d = lsp.diagnostics_where(&u, Duration::from_secs(60), |d| got(d) == want);
    assert_eq!(got(&d), want);

    pg.down();
    // An edit (a sentence with words no cache holds): answered at once,
    // every finding it had kept, the check marked partial, the editor told once.
    let line = text0.matches('\n').count();
    let character = text0[text0.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count();
    let at = json!({"line": line, "character": character});
    let t = Instant::now();
    lsp.change(
        &u,
        2,
        json!([{"range": {"start": at, "end": at},
                "text": "\n\nQuorvald Imbrecht told the Sandmere Trust that 61,409 tonnes were shipped.\n"}]),
    );
    let d = lsp.diagnostics(&u, 2);
    assert!(t.elapsed() < Duration::from_secs(6), "{:?}", t.elapsed());
    assert!(is_partial(&d), "{d:#?}");
    let kept = got(&d);
    for w in &want {
        assert!(kept.contains(w), "{w:?} was dropped: {kept:#?}");
    }
    let said = messages(&mut lsp, Duration::from_secs(4));
    let told = said
        .iter()
        .filter(|m| m.contains(&url) && m.contains("lost its connection"))
        .count();
    assert_eq!(told, 1, "{said:#?}");

    // Back: checked again against the whole archive, unmarked.
    pg.up();
    let d = lsp.diagnostics_where(&u, Duration::from_secs(60), |d| !is_partial(d));
    let now = got(&d);
    for w in &want {
        assert!(
            now.contains(w),
            "{w:?} missing after the database came back"
        );
    }
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

/// The seed corpus less its `skip`th article (its style guide kept), in `to`.
fn seed_without(skip: usize, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut articles = 0;
    for p in &files {
        let article = copydesk::loader::is_article(p);
        if !article || articles != skip {
            std::fs::copy(p, to.join(p.file_name().unwrap())).unwrap();
        }
        articles += usize::from(article);
    }
}

/// The diagnostics without the note that the archive left answers out.
fn findings(d: &[Value]) -> Vec<(String, Value)> {
    let d: Vec<Value> = d
        .iter()
        .filter(|x| x["code"] != "archive-unavailable")
        .cloned()
        .collect();
    got(&d)
}

#[test]
fn no_finding_mixes_two_archives_while_one_is_pushed_over_the_other() {
    let Some(pg) = Server::start("repush") else {
        return;
    };
    let work = pg.base.join("work");
    let cache = pg.base.join("cache");
    // Two archives a draft gets other findings from, neither the built-in
    // corpus's: the seed corpus less one article, and less another.
    let seeds = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .filter(|e| copydesk::loader::is_article(&e.as_ref().unwrap().path()))
        .count();
    let archives: Vec<String> = (0..seeds).map(|i| format!("without-{i}")).collect();
    for (i, a) in archives.iter().enumerate() {
        seed_without(i, &work.join(a));
    }
    copy_dir(&root().join("corpus"), &work.join("corpus"));
    let added = "\n\nZorblat Quennifer told the Vexmoor Trust that 48,317 tonnes were shipped.\n";
    let mut chosen = None;
    'drafts: for d in drafts(&root().join("tests/eval")) {
        let text = std::fs::read_to_string(&d).unwrap();
        let ext = Path::new(&d)
            .extension()
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let variants = [text.clone(), format!("{text}{added}")];
        // [variant][archive]: the seed corpus's last.
        let mut want = [vec![], vec![]];
        for (v, t) in variants.iter().enumerate() {
            let f = work.join(format!("draft-{v}.{ext}"));
            std::fs::write(&f, t).unwrap();
            for dir in archives.iter().map(String::as_str).chain(["corpus"]) {
                want[v].push(sorted(cli_ranges(&work, &cache, dir, f.to_str().unwrap())));
            }
        }
        for i in 0..seeds {
            for j in i + 1..seeds {
                let differ = |w: &Vec<Vec<(String, Value)>>| {
                    w[i] != w[j] && w[i] != w[seeds] && w[j] != w[seeds]
                };
                if differ(&want[0]) && differ(&want[1]) {
                    let pick = |w: &Vec<Vec<(String, Value)>>| {
                        vec![w[i].clone(), w[j].clone(), w[seeds].clone()]
                    };
                    let want = vec![pick(&want[0]), pick(&want[1])];
                    let dirs = [archives[i].clone(), archives[j].clone()];
                    chosen = Some((variants, ext, want, dirs));
                    break 'drafts;
                }
            }
        }
    }
    let (variants, ext, want, [a, b]) =
        chosen.expect("a seed draft with other findings in two archives");
    let url = pg.url("postgres");
    let push = |dir: &str| {
        let out = copydesk(
            &work,
            &cache,
            &["index", "push", "--postgres", &url, "--corpus", dir],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
    };
    push(&a);

    let log = pg.base.join("lsp.err");
    let mut lsp = Lsp::spawn_with_stderr(
        &[("COPYDESK_CACHE_DIR", &cache), ("XDG_CACHE_HOME", &cache)],
        std::fs::File::create(&log).unwrap().into(),
    );
    lsp.initialize(
        caps("utf-32"),
        json!({"copydesk": {"debounceMs": 0, "corpus": [url]}}),
        &[&work],
    );
    on_the_archive(&mut lsp);
    let u = uri(&work.join(format!("draft.{ext}")));
    lsp.open(&u, &variants[0]);
    let d = lsp.diagnostics(&u, 1);
    assert_eq!(findings(&d), want[0][0]);
    assert!(!is_partial(&d));

    // Pushes, one after the other (b, a, b, …), while the draft is edited
    // back and forth: every set published is one archive's, whole.
    let pushes = 6;
    let seen = std::thread::scope(|scope| {
        let pushing = scope.spawn(|| {
            for i in 0..pushes {
                push(if i % 2 == 0 { &b } else { &a });
                // Time for the server to hear of it and check against it.
                std::thread::sleep(Duration::from_millis(1500));
            }
        });
        let mut seen = [0usize; 2];
        let mut version = 1i64;
        let end = variants[0].matches('\n').count();
        let column = |t: &str| t[t.rfind('\n').map_or(0, |i| i + 1)..].chars().count();
        while !pushing.is_finished() {
            version += 1;
            // Odd versions hold the added paragraph; even ones are the draft.
            let change = if version % 2 == 1 {
                let at = json!({"line": end, "character": column(&variants[0])});
                json!([{"range": {"start": at, "end": at}, "text": added}])
            } else {
                let start = json!({"line": end, "character": column(&variants[0])});
                let stop = json!({"line": variants[1].matches('\n').count(), "character": column(&variants[1])});
                json!([{"range": {"start": start, "end": stop}, "text": ""}])
            };
            lsp.change(&u, version, change);
            let until = Instant::now() + Duration::from_millis(150);
            while let Some(m) = lsp.arrives(until.saturating_duration_since(Instant::now()), |m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == u
            }) {
                let v = m["params"]["version"].as_i64().unwrap_or(0);
                let d = m["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                let f = findings(&d);
                let w = &want[(v % 2) as usize];
                let which = w[..2].iter().position(|w| *w == f);
                assert!(
                    which.is_some(),
                    "version {v}: neither archive's findings (built-in's: {}, marked partial: {}):\n{f:#?}\na: {:#?}\nb: {:#?}",
                    f == w[2],
                    is_partial(&d),
                    w[0],
                    w[1]
                );
                seen[which.unwrap()] += 1;
            }
        }
        pushing.join().unwrap();
        seen
    });
    eprintln!("sets published, per archive: {seen:?}");
    // Both archives were checked against.
    assert!(
        seen[1] > 0,
        "never checked against the archive pushed second: {seen:?}"
    );
    assert_eq!(lsp.shutdown_and_exit(), 0);
}
