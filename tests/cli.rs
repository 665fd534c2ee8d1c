//! `copydesk check` and `copydesk corpus` as a user runs them: a process,
//! its exit code, stdout and stderr.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn copydesk(args: &[&str], cwd: Option<&Path>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    c.args(args);
    if let Some(d) = cwd {
        c.current_dir(d);
    }
    c.output().expect("run copydesk")
}

fn eval(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/eval")
        .join(name)
        .display()
        .to_string()
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("copydesk-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn json(out: &Output) -> Vec<Value> {
    serde_json::from_slice::<Value>(&out.stdout)
        .expect("JSON on stdout")
        .as_array()
        .unwrap()
        .clone()
}

/// The text a diagnostic covers, by its 1-based char columns.
fn covered(text: &str, d: &Value) -> String {
    let line = text
        .replace("\r\n", "\n")
        .split('\n')
        .nth(d["line"].as_u64().unwrap() as usize - 1)
        .unwrap()
        .to_string();
    let (s, e) = (
        d["column"].as_u64().unwrap() as usize - 1,
        d["end_column"].as_u64().unwrap() as usize - 1,
    );
    line.chars().skip(s).take(e - s).collect()
}

#[test]
fn json_output_matches_the_format_and_exit_code_is_1() {
    let f = eval("02-troops-quit.md");
    let out = copydesk(&["check", "--format", "json", &f], None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let diags = json(&out);
    let text = std::fs::read_to_string(&f).unwrap();
    let d = diags
        .iter()
        .find(|d| d["code"] == "name-spelling" && d["line"] == 5)
        .expect("Tabarov flagged");
    assert_eq!(covered(&text, d), "Tabarov");
    assert_eq!(d["suggestions"][0], "Tabalov");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["path"], f.as_str());
    assert!(
        d["sources"][0]["path"]
            .as_str()
            .unwrap()
            .starts_with("corpus/")
    );
    assert!(d["sources"][0]["line"].as_u64().unwrap() > 0);
    assert!(
        d["sources"][0]["quote"]
            .as_str()
            .unwrap()
            .contains("Tabalov")
    );
    for key in [
        "message",
        "end_line",
        "end_column",
        "suggestions",
        "sources",
    ] {
        assert!(d.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn clean_draft_exits_0_with_human_summary() {
    let out = copydesk(&["check", &eval("06-clean-report.md")], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no problems found"));
}

#[test]
fn human_output_is_compiler_style_with_the_source_quote() {
    let out = copydesk(&["check", &eval("01-prison-recruitment.md")], None);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("01-prison-recruitment.md:5:"), "{s}");
    assert!(
        s.contains("warning: Misspelled? The archive writes Prigozhin"),
        "{s}"
    );
    assert!(s.contains(" [name-spelling]\n"), "{s}");
    assert!(
        s.contains("= fix: Change ‘Prigozine’ to ‘Prigozhin’"),
        "{s}"
    );
    // The source's words and its article's headline, not a file path.
    assert!(s.contains("= source: "), "{s}");
    assert!(!s.contains("= source: corpus/"), "{s}");
}

#[test]
fn missing_file_and_bad_usage_exit_2_with_a_message() {
    let out = copydesk(&["check", "/no/such/draft.md"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/draft.md"));
    let out = copydesk(&["check"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.is_empty());
    let out = copydesk(
        &["check", "--format", "xml", &eval("06-clean-report.md")],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn corpus_folder_skips_bad_files_with_a_warning_and_loads_the_rest() {
    let dir = tempdir("corpus");
    std::fs::write(
        dir.join("good.txt"),
        "Headline\nAlexei Tabalov, a lawyer, said 150 men left. Tabalov spoke again.\n",
    )
    .unwrap();
    std::fs::write(dir.join("latin1.txt"), b"Headline\nSo\xe9 said \xff\n").unwrap();
    std::fs::write(dir.join("empty.md"), "").unwrap();
    std::fs::write(dir.join("blob.txt"), b"\x00\x01\x02binary").unwrap();
    let draft = dir.join("draft.md");
    std::fs::write(&draft, "Alexei Tabarov said so.\n").unwrap();
    let out = copydesk(
        &[
            "check",
            "--format",
            "json",
            "--corpus",
            dir.to_str().unwrap(),
            draft.to_str().unwrap(),
        ],
        None,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("latin1.txt") && err.contains("not UTF-8"),
        "{err}"
    );
    assert!(err.contains("empty.md"), "{err}");
    assert!(err.contains("blob.txt"), "{err}");
    let diags = json(&out);
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "name-spelling" && d["suggestions"][0] == "Tabalov"),
        "{diags:?}"
    );
    assert!(
        diags[0]["sources"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("good.txt")
    );
}

#[test]
fn config_file_next_to_the_draft_sets_corpus_and_codes() {
    let dir = tempdir("config");
    std::fs::create_dir_all(dir.join("refs")).unwrap();
    std::fs::write(
        dir.join("refs/a.txt"),
        "Headline\nMichael Kofman, an analyst, said so. Kofman spoke.\n",
    )
    .unwrap();
    std::fs::write(dir.join(".copydesk.toml"), "corpus = [\"refs\"]\ndisabled = [\"unattributed-figure\"]\n[severity]\nname-spelling = \"error\"\n").unwrap();
    std::fs::write(
        dir.join("d.md"),
        "Michael Kofmann said 300 people left. About 40 soldiers quit.\n",
    )
    .unwrap();
    let out = copydesk(&["check", "--format", "json", "d.md"], Some(&dir));
    let diags = json(&out);
    assert!(
        diags.iter().all(|d| d["code"] != "unattributed-figure"),
        "{diags:?}"
    );
    let d = diags
        .iter()
        .find(|d| d["code"] == "name-spelling")
        .expect("Kofmann flagged");
    assert_eq!(d["severity"], "error");
    assert!(d["sources"][0]["path"].as_str().unwrap().contains("refs"));
}

#[test]
fn crlf_and_lf_drafts_give_the_same_positions() {
    let dir = tempdir("crlf");
    let lf = std::fs::read_to_string(eval("02-troops-quit.md"))
        .unwrap()
        .replace("\r\n", "\n");
    std::fs::write(dir.join("lf.md"), &lf).unwrap();
    std::fs::write(dir.join("crlf.md"), lf.replace('\n', "\r\n")).unwrap();
    let pos = |name: &str| -> Vec<(Value, Value, Value, Value, Value)> {
        json(&copydesk(
            &[
                "check",
                "--format",
                "json",
                dir.join(name).to_str().unwrap(),
            ],
            None,
        ))
        .into_iter()
        .map(|d| {
            (
                d["code"].clone(),
                d["line"].clone(),
                d["column"].clone(),
                d["end_line"].clone(),
                d["end_column"].clone(),
            )
        })
        .collect()
    };
    let a = pos("lf.md");
    assert!(!a.is_empty());
    assert_eq!(a, pos("crlf.md"));
}

#[test]
fn inline_switches_code_urls_and_comments_are_respected() {
    let dir = tempdir("md");
    let md = "# T\n\n<!-- copydesk-disable-next-line name-spelling -->\nAlexei Tabarov said so.\n\nAlexei Tabarov again.\n\n\
<!-- copydesk-disable -->\nAbout 40 soldiers quit.\n<!-- copydesk-enable -->\n\n\
`About 40 soldiers` and ```About 50 soldiers``` and https://x.org/60-soldiers <!-- 70 soldiers -->\n\n\
```\nAbout 80 soldiers quit.\n```\n";
    std::fs::write(dir.join("d.md"), md).unwrap();
    let diags = json(&copydesk(
        &[
            "check",
            "--format",
            "json",
            dir.join("d.md").to_str().unwrap(),
        ],
        None,
    ));
    let lines: Vec<(String, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lines, vec![("name-spelling".to_string(), 6)], "{diags:?}");
}

#[test]
fn corpus_subcommands_show_the_model() {
    let names = copydesk(&["corpus", "names"], None);
    assert_eq!(names.status.code(), Some(0));
    let s = String::from_utf8_lossy(&names.stdout);
    let tab = s
        .lines()
        .find(|l| l.starts_with("Tabalov "))
        .expect("Tabalov listed");
    assert!(tab.contains("Tabarov"), "{tab}");
    assert!(
        s.lines()
            .any(|l| l.starts_with("Kofman ") && l.contains("Coffman")),
        "{s}"
    );
    let conflicts =
        String::from_utf8_lossy(&copydesk(&["corpus", "conflicts"], None).stdout).to_string();
    assert!(
        conflicts.contains("at least 40") && conflicts.contains("at most 40"),
        "{conflicts}"
    );
    let quotes = String::from_utf8_lossy(&copydesk(&["corpus", "quotes"], None).stdout).to_string();
    assert!(
        quotes.contains("Garmazhapova") && quotes.contains("I’m getting messages every day"),
        "{quotes}"
    );
    let figures =
        String::from_utf8_lossy(&copydesk(&["corpus", "figures"], None).stdout).to_string();
    assert!(figures.contains("up to 10,000"), "{figures}");
}

#[test]
fn huge_and_odd_unicode_drafts_work() {
    let dir = tempdir("big");
    let base = std::fs::read_to_string(eval("01-prison-recruitment.md")).unwrap();
    let mut big = String::new();
    while big.len() < 5_000_000 {
        big.push_str(&base);
        big.push_str("\n\n");
    }
    std::fs::write(dir.join("big.md"), &big).unwrap();
    let out = copydesk(
        &[
            "check",
            "--format",
            "json",
            dir.join("big.md").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(json(&out).len() > 1000);
    let odd = "😀😀😀\n\u{202e}RTL\u{202c} e\u{301} Петров «цитата» “unclosed 👨‍👩‍👧 Alexei Tabarov 😀 said.\n";
    std::fs::write(dir.join("odd.txt"), odd).unwrap();
    let out = copydesk(
        &[
            "check",
            "--format",
            "json",
            dir.join("odd.txt").to_str().unwrap(),
        ],
        None,
    );
    let diags = json(&out);
    let d = diags
        .iter()
        .find(|d| d["code"] == "name-spelling")
        .expect("Tabarov flagged among emoji");
    assert_eq!(covered(odd, d), "Tabarov");
}

/// Run copydesk with its stdout a pipe whose reading end is already closed
/// (as `| head -c 10` leaves it): it must end quietly, never panic.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run copydesk");
    // Close the read end before the corpus is loaded and anything is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn closed_stdout_pipe_ends_quietly() {
    let f = eval("02-troops-quit.md");
    for (args, want) in [
        (vec!["check", f.as_str()], Some(1)),
        (vec!["check", "--format", "json", f.as_str()], Some(1)),
        (vec!["corpus", "figures"], Some(0)),
        (vec!["corpus", "names"], Some(0)),
    ] {
        let (code, stderr) = with_closed_stdout(&args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(code, want, "{args:?}: {stderr}");
        assert!(
            stderr.is_empty(),
            "{args:?}: a closed pipe is not an error to report: {stderr}"
        );
    }
}

#[test]
fn write_error_on_stdout_is_reported_with_exit_2() {
    // /dev/full: every write fails with ENOSPC.
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["corpus", "names"])
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
}

/// A draft that is one long line: the output (and the time) grows with the
/// draft's size, not with size × findings (each finding once printed the
/// whole line, and its position was counted from the line start).
#[test]
fn one_line_draft_output_is_linear_in_its_size() {
    let dir = tempdir("one-line");
    let unit = "Alexei Tabarov, a lawyer, said the number of troops was 5,000 last year. ";
    let mut sizes = Vec::new();
    for n in [50_000, 200_000] {
        let f = dir.join(format!("one-{n}.txt"));
        std::fs::write(&f, unit.repeat(n / unit.len())).unwrap();
        let f = f.display().to_string();
        let human = copydesk(&["check", &f], None);
        assert_eq!(human.status.code(), Some(1));
        let first = String::from_utf8_lossy(&human.stdout)
            .lines()
            .nth(1)
            .unwrap()
            .to_string();
        assert!(
            first.contains("Tabarov") && first.len() < 1000,
            "{}",
            &first[..first.len().min(300)]
        );
        let json = copydesk(&["check", "--format", "json", &f], None);
        let diags = self::json(&json);
        assert!(diags.len() > 100);
        // Positions on the one line are right however far along it.
        let last = diags
            .iter()
            .rev()
            .find(|d| d["code"] == "name-spelling")
            .unwrap();
        let text = std::fs::read_to_string(&f).unwrap();
        assert_eq!(covered(&text, last), "Tabarov");
        sizes.push(human.stdout.len());
    }
    let ratio = sizes[1] as f64 / sizes[0] as f64;
    assert!(
        ratio < 6.0,
        "4× the draft gave {ratio:.1}× the output ({sizes:?})"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Files a corpus folder can hold that are not articles to read: each is
/// named once in a warning with the reason, a FIFO is never opened (opening
/// it for reading would block for good), and the good article still loads.
#[cfg(unix)]
#[test]
fn odd_corpus_entries_are_named_once_with_the_reason() {
    use std::os::unix::fs::symlink;
    let dir = tempdir("odd-corpus");
    std::fs::write(
        dir.join("good.txt"),
        "Headline\nAlexei Tabalov, a lawyer, said 150 men left. Tabalov spoke again.\n",
    )
    .unwrap();
    symlink("loop-a.txt", dir.join("loop-b.txt")).unwrap();
    symlink("loop-b.txt", dir.join("loop-a.txt")).unwrap();
    symlink("nowhere.txt", dir.join("dangling.txt")).unwrap();
    std::fs::create_dir(dir.join("folder.txt")).unwrap();
    let fifo = dir.join("pipe.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    symlink("pipe.txt", dir.join("to-pipe.md")).unwrap();
    symlink("/dev/zero", dir.join("zero.txt")).unwrap();
    // Not articles by their names: no warning.
    std::fs::write(dir.join("notes.csv"), "a,b\n").unwrap();
    let draft = dir.join("draft.md");
    std::fs::write(&draft, "Alexei Tabarov said so.\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args([
            "check",
            "--format",
            "json",
            "--corpus",
            dir.to_str().unwrap(),
            draft.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A reader that opened the FIFO would block until a writer comes: time out instead.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            // Unblock a reader stuck on the FIFO, then fail.
            let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
            panic!("copydesk hung on the corpus folder");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    for (name, reason) in [
        ("loop-a.txt", "symbolic link"),
        ("loop-b.txt", "symbolic link"),
        ("dangling.txt", "symbolic link"),
        ("folder.txt", "folder"),
        ("pipe.txt", "FIFO"),
        ("to-pipe.md", "FIFO"),
        ("zero.txt", "device"),
    ] {
        let lines: Vec<&str> = err
            .lines()
            .filter(|l| l.contains(&format!("/{name}:")))
            .collect();
        assert_eq!(lines.len(), 1, "{name} named once: {err}");
        assert!(
            lines[0].contains("skipped") && lines[0].contains(reason),
            "{name}: {reason}: {err}"
        );
    }
    assert!(!err.contains("notes.csv"), "{err}");
    let diags = json(&out);
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "name-spelling" && d["suggestions"][0] == "Tabalov"),
        "{diags:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Warnings and errors to a stderr whose reader is gone: no panic either.
#[test]
fn closed_stderr_pipe_does_not_panic() {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "/nonexistent/draft.md"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(
        child.wait().unwrap().code(),
        Some(2),
        "exit 2 for the missing file, not a panic (101)"
    );
}

#[test]
fn untrusted_config_names_only_folders_inside_its_own() {
    let base = tempdir("untrusted");
    let private = base.join("private");
    std::fs::create_dir_all(&private).unwrap();
    std::fs::write(
        private.join("a.txt"),
        "Lawyer says dozens detained after protest\n\nMoscow lawyer Ivan Petrovsky said on Tuesday that dozens of men had been detained after the protest. Petrovsky, who represents several of the families, told reporters the men were held without charge.\n",
    )
    .unwrap();
    let project = base.join("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(
        project.join(".copydesk.toml"),
        format!("corpus = [\"{}\"]\n", private.display()),
    )
    .unwrap();
    std::fs::write(
        project.join("d.md"),
        "The lawyer Ivan Petrovski said the men were held without charge.\n",
    )
    .unwrap();
    let kofman = |out: &Output| json(out).iter().any(|d| d["code"] == "name-spelling");
    // The user ran it in their own folder: its config is theirs.
    let trusted = copydesk(&["check", "--format", "json", "d.md"], Some(&project));
    assert!(
        kofman(&trusted),
        "{}",
        String::from_utf8_lossy(&trusted.stderr)
    );
    // Someone else's (CI on a contributor's branch): the folder is not read.
    for (flag, env) in [(true, false), (false, true)] {
        let mut c = Command::new(env!("CARGO_BIN_EXE_copydesk"));
        c.current_dir(&project).args(["check", "--format", "json"]);
        if flag {
            c.arg("--untrusted-config");
        }
        if env {
            c.env("COPYDESK_UNTRUSTED_CONFIG", "1");
        }
        let out = c.arg("d.md").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!kofman(&out), "{stderr}");
        assert!(
            stderr.contains(&private.display().to_string()) && stderr.contains("not trusted"),
            "{stderr}"
        );
    }
}

/// A folder of `n` generated articles (`copydesk corpus generate`).
fn generated(name: &str, n: usize) -> PathBuf {
    let dir = tempdir(name);
    let out = copydesk(
        &[
            "corpus",
            "generate",
            "--articles",
            &n.to_string(),
            "--seed",
            "11",
            "--out",
            dir.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    dir
}

/// `copydesk index build` of `corpus` into a fresh cache `cache`, stdout
/// and stderr piped.
fn index_build(corpus: &Path, cache: &Path, extra: &[&str]) -> Output {
    let _ = std::fs::remove_dir_all(cache);
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["index", "build", "--corpus", corpus.to_str().unwrap()])
        .args(extra)
        .env("COPYDESK_CACHE_DIR", cache)
        .output()
        .unwrap()
}

#[test]
fn a_build_piped_shows_no_progress_bar_and_stdout_keeps_its_lines() {
    let corpus = generated("progress-piped", 300);
    let cache = tempdir("progress-piped-cache");
    for extra in [&[][..], &["--quiet"][..]] {
        let out = index_build(&corpus, &cache, extra);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(
            !stderr.contains('\x1b') && !stdout.contains('\x1b'),
            "{stderr:?}"
        );
        assert!(!stderr.contains("indexing"), "{stderr:?}");
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 3, "{stdout}");
        assert!(lines[0].starts_with("index ") && lines[0].contains(": written in "));
        assert!(
            lines[1].starts_with("  300 articles: 0 from the index, 300 analysed, 0 removed"),
            "{stdout}"
        );
    }
    std::fs::remove_dir_all(&corpus).ok();
    std::fs::remove_dir_all(&cache).ok();
}

/// On a terminal (a pseudo-terminal made by util-linux `script`) the same
/// build draws a bar, and `--quiet` draws none.
#[test]
fn a_build_on_a_terminal_shows_a_progress_bar_unless_quiet() {
    if !Path::new("/usr/bin/script").exists() {
        println!("skipped: /usr/bin/script (util-linux) is absent");
        return;
    }
    let corpus = generated("progress-tty", 300);
    let cache = tempdir("progress-tty-cache");
    let on_tty = |extra: &str| {
        let _ = std::fs::remove_dir_all(&cache);
        let cmd = format!(
            "{} index build --corpus {} {extra}",
            env!("CARGO_BIN_EXE_copydesk"),
            corpus.display()
        );
        let out = Command::new("/usr/bin/script")
            .args(["-qec", &cmd, "/dev/null"])
            .env("COPYDESK_CACHE_DIR", &cache)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let shown = on_tty("");
    assert!(
        shown.contains("indexing") && shown.contains("articles ("),
        "{shown:?}"
    );
    let quiet = on_tty("--quiet");
    assert!(!quiet.contains("indexing"), "{quiet:?}");
    assert!(
        quiet.contains("300 articles: 0 from the index, 300 analysed"),
        "{quiet:?}"
    );
    std::fs::remove_dir_all(&corpus).ok();
    std::fs::remove_dir_all(&cache).ok();
}
