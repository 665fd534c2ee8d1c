//! Language server tests end to end: the built `copydesk lsp --stdio` as a
//! child process, compared with `copydesk check --format json`.

mod lsp_client;

use lsp_client::*;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// `(code, range)` of `copydesk check --format json FILE` (1-based, Unicode scalar columns).
fn cli_findings(file: &Path) -> Vec<(String, Value)> {
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "copydesk check --format json: {e}: {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let p = |l: &Value, c: &Value| json!({"line": l.as_u64().unwrap() - 1, "character": c.as_u64().unwrap() - 1});
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                json!({"start": p(&f["line"], &f["column"]), "end": p(&f["end_line"], &f["end_column"])}),
            )
        })
        .collect()
}

#[test]
fn stdio_diagnostics_match_copydesk_check_for_every_eval_draft() {
    let cache = temp_dir("xdg-cache");
    let mut lsp = Lsp::spawn(&[("XDG_CACHE_HOME", &cache)]);
    // UTF-32 positions count what the CLI's columns count.
    let r = lsp.initialize(
        caps("utf-32"),
        json!({"copydesk": {"debounceMs": 0}}),
        &[&eval_dir()],
    );
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-32");
    for (path, text) in eval_drafts() {
        let u = uri(&path);
        lsp.open(&u, &text);
        let diags = lsp.diagnostics(&u, 1);
        assert_eq!(
            got(&diags),
            sorted(cli_findings(&path)),
            "{}",
            path.display()
        );
    }
    // Go to definition lands in the embedded corpus, written under $XDG_CACHE_HOME.
    let (path, text) = eval_drafts()
        .into_iter()
        .find(|(p, _)| p.ends_with("02-troops-quit.md"))
        .unwrap();
    let pos = position(&text, text.find("Tabarov").unwrap() + 2, "utf-32");
    let def = lsp.call(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&path)}, "position": pos}),
    );
    let file = path_of(def["uri"].as_str().unwrap());
    assert!(
        file.starts_with(cache.join("copydesk")),
        "{}",
        file.display()
    );
    assert!(
        file.parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("corpus-")
    );
    let line = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .nth(def["range"]["start"]["line"].as_u64().unwrap() as usize)
        .unwrap()
        .to_string();
    assert!(line.contains("Tabalov"), "{line}");
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&cache).ok();
}

#[test]
fn stdio_bad_input_gets_error_replies_and_the_server_keeps_serving() {
    let mut lsp = Lsp::spawn(&[]);
    let r = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///a.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["error"]["code"], -32002, "{r}");
    lsp.initialize(json!({}), Value::Null, &[]);
    lsp.send_raw(&frame(
        "{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": \"initialize\", ",
    ));
    assert!(lsp.wait_for("parse error", TIMEOUT, |m| m["error"]["code"] == -32700)["id"].is_null());
    lsp.send_raw(b"Content-Length: lots\r\n\r\n{}");
    lsp.wait_for("parse error", TIMEOUT, |m| m["error"]["code"] == -32700);
    lsp.send_raw(&frame(r#"{"id": 12, "hello": "world"}"#));
    let e = lsp.wait_for("invalid request", TIMEOUT, |m| m["error"]["code"] == -32600);
    assert_eq!(e["id"], 12);
    let r = lsp.request("copydesk/unknown", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    // Still serving.
    let u = "file:///tmp/x.md";
    lsp.open(u, "Alexei Tabarov said so.\n");
    let d = lsp.diagnostics_where(u, TIMEOUT, |d| !d.is_empty());
    assert_eq!(d[0]["code"], "name-spelling");
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn stdio_exit_codes_and_end_of_input() {
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(json!({}), Value::Null, &[]);
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.wait_exit(), 1, "exit without shutdown");

    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(json!({}), Value::Null, &[]);
    lsp.open("file:///tmp/y.md", "Alexei Tabarov said so.\n");
    lsp.close_input();
    let t = Instant::now();
    lsp.wait_exit();
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "stdin closing ends the server"
    );
}

#[test]
fn stdio_five_megabyte_document_does_not_stop_the_server() {
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(caps("utf-16"), json!({"copydesk": {"debounceMs": 0}}), &[]);
    let small = "file:///tmp/small.md";
    lsp.open(small, "Alexei Tabarov said so.\n");
    lsp.diagnostics(small, 1);
    let (_, text) = eval_drafts()
        .into_iter()
        .find(|(p, _)| p.ends_with("02-troops-quit.md"))
        .unwrap();
    let big_text = text.repeat(5 * 1024 * 1024 / text.len() + 1);
    let big = "file:///tmp/big.md";
    lsp.open(big, &big_text);
    lsp.change(big, 2, json!([{"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 8}}, "text": "Сотни 😀"}]));
    // While the big one is analysed, the server answers about the small one.
    let t = Instant::now();
    let h = lsp.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": small}, "position": {"line": 0, "character": 9}}),
    );
    assert!(h["contents"]["value"].as_str().unwrap().contains("Tabalov"));
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "hover took {:?}",
        t.elapsed()
    );
    lsp.change(small, 2, json!([{"text": "Alexei Tabalov said so.\n"}]));
    assert!(lsp.diagnostics(small, 2).is_empty());
    lsp.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": big}}),
    );
    lsp.wait_for("cleared", TIMEOUT, |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == big
            && m["params"]["diagnostics"] == json!([])
    });
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn stdio_corpus_article_added_and_removed_on_disk() {
    let root = temp_dir("stdio-corpus");
    std::fs::create_dir(root.join("refs")).unwrap();
    std::fs::write(root.join("refs/a.txt"), "Flooding closes roads\n\nHeavy rain closed roads on Monday, officials said. The governor, Anna Kowalska, said crews worked all night.\n").unwrap();
    std::fs::write(root.join(".copydesk.toml"), "corpus = [\"refs\"]\n").unwrap();
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(json!({}), Value::Null, &[&root]);
    let u = uri(&root.join("draft.md"));
    lsp.open(
        &u,
        "The lawyer Ivan Petrovski said the men were held without charge.\n",
    );
    assert!(lsp.diagnostics(&u, 1).is_empty());
    std::thread::sleep(Duration::from_millis(300));
    let article = "Lawyer says dozens detained\n\nMoscow lawyer Ivan Petrovsky said on Tuesday that dozens of men had been detained. Petrovsky, who represents the families, told reporters the men were held without charge. \"They were taken at night,\" Petrovsky said.\n";
    let t = Instant::now();
    std::fs::write(root.join("refs/b.txt"), article).unwrap();
    let d = lsp.diagnostics_where(&u, TIMEOUT, |d| !d.is_empty());
    let added = t.elapsed();
    assert_eq!(d[0]["code"], "name-spelling");
    assert_eq!(d[0]["data"]["suggestions"][0], "Petrovsky");
    let t = Instant::now();
    std::fs::remove_file(root.join("refs/b.txt")).unwrap();
    lsp.diagnostics_where(&u, TIMEOUT, |d| d.is_empty());
    let removed = t.elapsed();
    eprintln!("stdio corpus reload: added {added:?}, removed {removed:?}");
    assert!(
        added < Duration::from_secs(1) && removed < Duration::from_secs(1),
        "{added:?} {removed:?}"
    );
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&root).ok();
}

/// A corpus folder renamed away under the server: the corpus loaded before
/// stays (not the built-in one), the editor is told once, and the folder is
/// read again when it is back.
#[test]
fn stdio_corpus_folder_renamed_away_and_back() {
    let root = temp_dir("stdio-corpus-gone");
    let refs = root.join("refs");
    std::fs::create_dir(&refs).unwrap();
    let article = "Lawyer says dozens detained\n\nMoscow lawyer Ivan Petrovsky said on Tuesday that dozens of men had been detained. Petrovsky, who represents the families, told reporters the men were held without charge. \"They were taken at night,\" Petrovsky said.\n";
    std::fs::write(refs.join("b.txt"), article).unwrap();
    std::fs::write(root.join(".copydesk.toml"), "corpus = [\"refs\"]\n").unwrap();
    let mut lsp = Lsp::spawn(&[("COPYDESK_CACHE_DIR", &root.join("cache"))]);
    lsp.initialize(json!({}), json!({"copydesk": {"debounceMs": 0}}), &[&root]);
    let u = uri(&root.join("draft.md"));
    let draft = "The lawyer Ivan Petrovski said the men were held without charge.\n";
    let petrovsky = |d: &[Value]| d.iter().any(|d| d["code"] == "name-spelling");
    lsp.open(&u, draft);
    assert!(petrovsky(&lsp.diagnostics(&u, 1)));
    std::thread::sleep(Duration::from_millis(300)); // let the watcher start
    let away = root.join("refs-away");
    std::fs::rename(&refs, &away).unwrap();
    let told = lsp.wait_for("a message naming the folder", TIMEOUT, |m| {
        m["method"] == "window/showMessage"
    });
    let said = told["params"]["message"].as_str().unwrap().to_string();
    assert!(said.contains(&refs.display().to_string()), "{said}");
    // An edit is checked against the corpus loaded before.
    lsp.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": format!("{draft}\n")}]}),
    );
    assert!(petrovsky(&lsp.diagnostics(&u, 2)), "the last good corpus");
    // Changed while away, then back: read again.
    std::fs::remove_file(away.join("b.txt")).unwrap();
    std::fs::write(
        away.join("a.txt"),
        "Roads closed\n\nHeavy rain closed roads on Monday, officials said.\n",
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    std::fs::rename(&away, &refs).unwrap();
    lsp.diagnostics_where(&u, TIMEOUT, |d| !petrovsky(d));
    // Told once.
    let again = lsp.arrives(Duration::from_millis(500), |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("cannot be read"))
    });
    assert!(again.is_none(), "{again:?}");
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&root).ok();
}

/// The index file truncated by another process under the running server
/// (a sync tool, a backup restore): no `SIGBUS`, and the corpus is opened
/// again.
#[cfg(unix)]
#[test]
fn stdio_index_truncated_under_the_server() {
    let root = temp_dir("stdio-index-truncated");
    let refs = root.join("refs");
    std::fs::create_dir(&refs).unwrap();
    let article = "Lawyer says dozens detained\n\nMoscow lawyer Ivan Petrovsky said on Tuesday that dozens of men had been detained. Petrovsky, who represents the families, told reporters the men were held without charge. \"They were taken at night,\" Petrovsky said.\n";
    std::fs::write(refs.join("b.txt"), article).unwrap();
    std::fs::write(root.join(".copydesk.toml"), "corpus = [\"refs\"]\n").unwrap();
    let cache = root.join("cache");
    // The index built beforehand, so the server maps it.
    let built = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["index", "build", "--corpus"])
        .arg(&refs)
        .env("COPYDESK_CACHE_DIR", &cache)
        .output()
        .unwrap();
    assert!(built.status.success());
    let mut lsp = Lsp::spawn(&[("COPYDESK_CACHE_DIR", &cache)]);
    lsp.initialize(json!({}), json!({"copydesk": {"debounceMs": 0}}), &[&root]);
    let u = uri(&root.join("draft.md"));
    let draft = "The lawyer Ivan Petrovski said the men were held without charge. Petrovsky told reporters the men were taken at night.\n";
    let petrovsky = |d: &[Value]| d.iter().any(|d| d["code"] == "name-spelling");
    lsp.open(&u, draft);
    assert!(petrovsky(&lsp.diagnostics(&u, 1)));
    for e in std::fs::read_dir(&cache).unwrap() {
        std::fs::OpenOptions::new()
            .write(true)
            .open(e.unwrap().path())
            .unwrap()
            .set_len(0)
            .unwrap();
    }
    for version in 2..4 {
        lsp.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": version}, "contentChanges": [{"text": format!("{draft}{}", "\n".repeat(version as usize))}]}),
        );
        lsp.diagnostics(&u, version);
    }
    lsp.wait_for("the corpus opened again", TIMEOUT, |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("opening it again"))
    });
    // Checked against the corpus opened again. (An edit of its own: the
    // server's re-check after reopening may have been published, and taken
    // above, before the reopening was logged.)
    lsp.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 4}, "contentChanges": [{"text": draft}]}),
    );
    lsp.diagnostics_where(&u, TIMEOUT, petrovsky);
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&root).ok();
}

/// A bit flipped in an article's analysis in the index: the server finds
/// what it finds with a whole index, and says which article was damaged.
#[test]
fn stdio_a_damaged_article_in_the_index_is_analysed_again_and_named() {
    let root = temp_dir("stdio-index-bit");
    let refs = root.join("refs");
    std::fs::create_dir(&refs).unwrap();
    let article = "Lawyer says dozens detained\n\nMoscow lawyer Ivan Petrovsky said on Tuesday that dozens of men had been detained. Petrovsky, who represents the families, told reporters the men were held without charge. \"They were taken at night,\" Petrovsky said.\n";
    std::fs::write(refs.join("b.txt"), article).unwrap();
    std::fs::write(root.join(".copydesk.toml"), "corpus = [\"refs\"]\n").unwrap();
    let cache = root.join("cache");
    let built = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["index", "build", "--corpus"])
        .arg(&refs)
        .env("COPYDESK_CACHE_DIR", &cache)
        .output()
        .unwrap();
    assert!(built.status.success());
    let file = std::fs::read_dir(&cache)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut bytes = std::fs::read(&file).unwrap();
    for (_, range) in copydesk::index::article_parts(&file).unwrap() {
        bytes[(range.start + range.end) / 2] ^= 0x10;
    }
    std::fs::write(&file, bytes).unwrap();
    let mut lsp = Lsp::spawn(&[("COPYDESK_CACHE_DIR", &cache)]);
    lsp.initialize(json!({}), json!({"copydesk": {"debounceMs": 0}}), &[&root]);
    let u = uri(&root.join("draft.md"));
    lsp.open(
        &u,
        "The lawyer Ivan Petrovski said the men were held without charge. \"They were taken at night,\" Petrovsky said.\n",
    );
    let d = lsp.diagnostics(&u, 1);
    assert!(d.iter().any(|d| d["code"] == "name-spelling"), "{d:#?}");
    let m = lsp.wait_for("a message naming the damaged article", TIMEOUT, |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("damaged"))
    });
    assert!(
        m["params"]["message"].as_str().unwrap().contains("b.txt"),
        "{m}"
    );
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&root).ok();
}

/// Editors log a server's stderr as errors (Neovim's and Helix's logs show
/// `[ERROR]`): a normal session writes nothing there, and its start-up line
/// reaches the client as `window/logMessage` at Info level.
#[test]
fn a_normal_session_logs_through_the_client_and_writes_nothing_to_stderr() {
    let dir = temp_dir("quiet-stderr");
    let err_path = dir.join("stderr.txt");
    let err_file = std::fs::File::create(&err_path).unwrap();
    let mut lsp = Lsp::spawn_with_stderr(
        &[("XDG_CACHE_HOME", &dir)],
        std::process::Stdio::from(err_file),
    );
    lsp.initialize(caps("utf-16"), json!({"copydesk": {"debounceMs": 0}}), &[]);
    let ready = lsp.wait_for("the start-up log line", TIMEOUT, |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("ready"))
    });
    assert_eq!(ready["params"]["type"], 3, "Info, not Error: {ready}");
    let u = "file:///tmp/quiet-stderr.md";
    lsp.open(u, "Alexei Tabarov said so.\n");
    let d = lsp.diagnostics_where(u, TIMEOUT, |d| !d.is_empty());
    assert_eq!(d[0]["code"], "name-spelling");
    assert_eq!(lsp.shutdown_and_exit(), 0);
    let err = std::fs::read_to_string(&err_path).unwrap();
    assert!(err.is_empty(), "stderr of a normal session: {err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A folder of `n` generated articles (`copydesk corpus generate`) and one
/// article naming a lawyer the built-in corpus does not know.
fn archive_without_index(dir: &Path, n: usize) {
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args([
            "corpus",
            "generate",
            "--articles",
            &n.to_string(),
            "--seed",
            "5",
            "--out",
        ])
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    std::fs::write(dir.join("zz-petrovsky.txt"), PETROVSKY).unwrap();
}

const PETROVSKY: &str = "Lawyer says dozens detained after protest\n\nMoscow lawyer Ivan Petrovsky said on Tuesday that dozens of men had been detained after the protest. Petrovsky, who represents several of the families, told reporters the men were held without charge. \"They were taken from their homes at night,\" Petrovsky said.\n";

/// A slip the built-in corpus catches (Tabalov) and one only the folder
/// corpus can (Petrovsky).
const FIRST_START_DRAFT: &str =
    "Alexei Tabarov said so.\n\nThe lawyer Ivan Petrovski said the men were held without charge.\n";

const INTERIM_MARK: &str = "[checked against the built-in corpus while the archive is indexed]";

fn petrovsky(ds: &[Value]) -> bool {
    ds.iter()
        .any(|d| d["code"] == "name-spelling" && d["data"]["suggestions"][0] == "Petrovsky")
}

fn interim(ds: &[Value]) -> bool {
    ds.iter()
        .any(|d| d["message"].as_str().unwrap_or("").ends_with(INTERIM_MARK))
}

/// Generous: a guard against a hang on a busy machine, never a measure.
const BUILD_TIMEOUT: Duration = Duration::from_secs(300);

#[test]
fn stdio_first_start_answers_at_once_reports_progress_and_switches_corpus() {
    let base = temp_dir("first-start");
    let archive = base.join("archive");
    archive_without_index(&archive, 1500);
    let cache = base.join("cache");
    let mut lsp = Lsp::spawn(&[("COPYDESK_CACHE_DIR", &cache), ("XDG_CACHE_HOME", &cache)]);
    let caps =
        json!({"general": {"positionEncodings": ["utf-16"]}, "window": {"workDoneProgress": true}});
    let settings = json!({"copydesk": {"corpus": [archive], "debounceMs": 0}});
    lsp.initialize(caps, settings, &[]);
    let u = "file:///tmp/copydesk-first-start-draft.md";
    lsp.open(u, FIRST_START_DRAFT);
    // Checked at once against the built-in corpus, and said so: had
    // `initialize` waited for the build, the folders' corpus would answer.
    let first = lsp.diagnostics(u, 1);
    assert!(interim(&first) && !petrovsky(&first), "{first:#?}");
    let pos = position(
        FIRST_START_DRAFT,
        FIRST_START_DRAFT.find("Tabarov").unwrap() + 2,
        "utf-16",
    );
    let hover = lsp.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": pos}),
    );
    let card = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        card.ends_with("_Checked against the built-in corpus while the archive is indexed._"),
        "{card}"
    );
    // The build ends, the new corpus answers: the draft is checked again.
    lsp.wait_for("the end of the build's progress", BUILD_TIMEOUT, |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    let after = lsp.diagnostics_where(u, BUILD_TIMEOUT, petrovsky);
    assert!(!interim(&after), "{after:#?}");
    // The progress arrived in order on the token the server created, with
    // the articles still being analysed (under half way) after the
    // answer to `initialize`, and the percentages only growing.
    let created: Vec<&Value> = lsp
        .inbox
        .iter()
        .filter(|m| m["method"] == "window/workDoneProgress/create")
        .collect();
    assert_eq!(created.len(), 1, "{:#?}", lsp.inbox);
    let token = created[0]["params"]["token"].clone();
    let mut kinds = Vec::new();
    let mut percents = Vec::new();
    for m in lsp.inbox.iter().filter(|m| m["method"] == "$/progress") {
        assert_eq!(m["params"]["token"], token);
        let v = &m["params"]["value"];
        kinds.push(v["kind"].as_str().unwrap().to_string());
        if let Some(p) = v["percentage"].as_u64() {
            percents.push(p);
        }
    }
    kinds.push("end".into()); // taken by `wait_for` above
    assert_eq!(
        kinds.first().map(String::as_str),
        Some("begin"),
        "{kinds:?}"
    );
    assert!(
        kinds[1..kinds.len() - 1].iter().all(|k| k == "report"),
        "{kinds:?}"
    );
    assert!(percents.windows(2).all(|w| w[0] <= w[1]), "{percents:?}");
    assert!(percents.iter().any(|&p| p < 50), "{percents:?}");
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&base).ok();
}

#[test]
fn stdio_first_start_without_work_done_progress_shows_messages() {
    let base = temp_dir("first-start-messages");
    let archive = base.join("archive");
    archive_without_index(&archive, 400);
    let cache = base.join("cache");
    let mut lsp = Lsp::spawn(&[("COPYDESK_CACHE_DIR", &cache), ("XDG_CACHE_HOME", &cache)]);
    let settings = json!({"copydesk": {"corpus": [archive], "debounceMs": 0}});
    lsp.initialize(caps("utf-16"), settings, &[]);
    let said = |m: &Value, what: &str| {
        m["method"] == "window/showMessage"
            && m["params"]["message"].as_str().unwrap_or("").contains(what)
    };
    let start = lsp.wait_for("the start of the build", BUILD_TIMEOUT, |m| {
        said(m, "indexing the archive")
    });
    assert!(
        start["params"]["message"]
            .as_str()
            .unwrap()
            .contains("checking against the built-in corpus until it is ready"),
        "{start}"
    );
    lsp.wait_for("the end of the build", BUILD_TIMEOUT, |m| {
        said(m, "the archive is indexed")
    });
    let u = "file:///tmp/copydesk-first-start-messages-draft.md";
    lsp.open(u, FIRST_START_DRAFT);
    let ds = lsp.diagnostics(u, 1);
    assert!(petrovsky(&ds) && !interim(&ds), "{ds:#?}");
    assert!(
        !lsp.inbox.iter().any(|m| m["method"] == "$/progress"
            || m["method"] == "window/workDoneProgress/create"),
        "{:#?}",
        lsp.inbox
    );
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&base).ok();
}

#[test]
fn stdio_a_stale_index_answers_while_it_is_rebuilt() {
    let base = temp_dir("stale-index");
    let archive = base.join("archive");
    archive_without_index(&archive, 400);
    let cache = base.join("cache");
    let built = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["index", "build", "--corpus"])
        .arg(&archive)
        .env("COPYDESK_CACHE_DIR", &cache)
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0), "{built:?}");
    // Most articles changed since: the index must be built again.
    let mut changed = 0;
    for e in std::fs::read_dir(&archive).unwrap() {
        let p = e.unwrap().path();
        if changed < 300 && !p.ends_with("zz-petrovsky.txt") {
            let text = std::fs::read_to_string(&p).unwrap();
            std::fs::write(&p, text + "\nThe story was updated on Friday.\n").unwrap();
            changed += 1;
        }
    }
    let mut lsp = Lsp::spawn(&[("COPYDESK_CACHE_DIR", &cache), ("XDG_CACHE_HOME", &cache)]);
    let settings = json!({"copydesk": {"corpus": [archive], "debounceMs": 0}});
    lsp.initialize(caps("utf-16"), settings, &[]);
    let u = "file:///tmp/copydesk-stale-index-draft.md";
    lsp.open(u, FIRST_START_DRAFT);
    // The index as it was answers at once (it knows Petrovsky), and says so.
    let first = lsp.diagnostics(u, 1);
    let mark = "[checked against the previous index while the archive is indexed]";
    assert!(petrovsky(&first), "{first:#?}");
    assert!(
        first
            .iter()
            .all(|d| d["message"].as_str().unwrap().ends_with(mark)),
        "{first:#?}"
    );
    lsp.wait_for("the end of the build", BUILD_TIMEOUT, |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("the archive is indexed")
    });
    let after = lsp.diagnostics_where(u, BUILD_TIMEOUT, |ds| {
        petrovsky(ds)
            && ds
                .iter()
                .all(|d| !d["message"].as_str().unwrap().ends_with(mark))
    });
    assert!(!after.is_empty());
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&base).ok();
}

/// A second wire story, naming an official no other article names.
const WIELGOSZ: &str = "Regional police reinforce border posts\n\nChief inspector Marta Wielgosz said on Wednesday that two hundred officers had been sent to the border posts. Wielgosz told reporters the posts would stay reinforced until the end of the month.\n";

fn wielgosz(ds: &[Value]) -> bool {
    ds.iter()
        .any(|d| d["code"] == "name-spelling" && d["data"]["suggestions"][0] == "Wielgosz")
}

/// A wire feed, end to end: the server indexes an archive folder, a draft
/// is open, and new stories land in the folder one after another. Each
/// story's names reach the draft's diagnostics without any request from
/// the editor, and what the earlier story brought stays.
#[test]
fn stdio_wire_feed_new_stories_in_an_indexed_archive_reach_the_open_draft() {
    let base = temp_dir("wire-feed");
    let archive = base.join("archive");
    archive_without_index(&archive, 400);
    std::fs::remove_file(archive.join("zz-petrovsky.txt")).unwrap();
    let cache = base.join("cache");
    let mut lsp = Lsp::spawn(&[("COPYDESK_CACHE_DIR", &cache), ("XDG_CACHE_HOME", &cache)]);
    let caps = json!({"window": {"workDoneProgress": true}});
    let settings = json!({"copydesk": {"corpus": [archive], "debounceMs": 0}});
    lsp.initialize(caps, settings, &[]);
    let u = "file:///tmp/copydesk-wire-feed-draft.md";
    let draft = "The lawyer Ivan Petrovski said the men were held without charge.\n\nChief inspector Marta Wielgos said the posts would stay reinforced.\n";
    lsp.open(u, draft);
    lsp.wait_for("the end of the first build", BUILD_TIMEOUT, |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    let before = lsp.diagnostics_where(u, BUILD_TIMEOUT, |ds| !interim(ds));
    assert!(!petrovsky(&before) && !wielgosz(&before), "{before:#?}");

    let mut seen = Vec::new();
    fn both(ds: &[Value]) -> bool {
        petrovsky(ds) && wielgosz(ds)
    }
    type Expect = fn(&[Value]) -> bool;
    let feed: [(&str, &str, Expect); 2] = [
        ("wire-1.txt", PETROVSKY, petrovsky),
        ("wire-2.txt", WIELGOSZ, both),
    ];
    for (name, story, expect) in feed {
        let t = Instant::now();
        // Written as a feed writes: to a temporary name, then renamed in.
        let tmp = base.join(format!("{name}.part"));
        std::fs::write(&tmp, story).unwrap();
        std::fs::rename(&tmp, archive.join(name)).unwrap();
        let after = lsp.diagnostics_where(u, BUILD_TIMEOUT, expect);
        assert!(!interim(&after), "{after:#?}");
        seen.push((name, t.elapsed()));
    }
    eprintln!("wire feed: story → the open draft's diagnostics: {seen:?}");
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&base).ok();
}
