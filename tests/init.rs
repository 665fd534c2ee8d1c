//! `copydesk init` as a newsroom runs it: in a folder of drafts, naming the
//! archive; then `copydesk check` there uses that archive.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn copydesk(args: &[&str], cwd: &Path, cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(cwd)
        .env("COPYDESK_CACHE_DIR", cache)
        .output()
        .expect("run copydesk")
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("copydesk-init-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A newsroom: an archive of two articles, and a drafts folder beside it.
fn newsroom(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let root = tempdir(name);
    let archive = root.join("archive");
    let drafts = root.join("drafts");
    let cache = root.join("cache");
    for d in [&archive, &drafts, &cache] {
        std::fs::create_dir_all(d).unwrap();
    }
    let story = "Harbour plan approved\n\nCouncillor Margit Oyelaran said the harbour plan \
                 would go ahead. Oyelaran told the council the work starts in spring.\n";
    std::fs::write(archive.join("a.txt"), story).unwrap();
    std::fs::write(
        archive.join("b.txt"),
        "Harbour work begins\n\nMargit Oyelaran opened the harbour works on Monday.\n",
    )
    .unwrap();
    std::fs::write(
        drafts.join("draft.md"),
        "Councillor Margit Oyelarran said the plan would go ahead.\n",
    )
    .unwrap();
    (archive, drafts, cache)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn init_names_the_archive_builds_its_index_and_check_then_uses_it() {
    let (archive, drafts, cache) = newsroom("ok");
    let out = copydesk(&["init", archive.to_str().unwrap()], &drafts, &cache);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(drafts.join(".copydesk.toml")).unwrap();
    assert!(written.contains("corpus = [\""), "{written}");
    assert!(written.starts_with('#'), "commented: {written}");
    // The index was built now, not on the first check.
    let stdout = text(&out.stdout);
    assert!(stdout.contains("2 articles"), "{stdout}");
    assert!(stdout.contains("Next:"), "{stdout}");
    assert!(
        std::fs::read_dir(&cache).unwrap().next().is_some(),
        "an index file in the cache folder"
    );
    // A check in the drafts folder uses the archive, not the built-in corpus.
    let out = copydesk(&["check", "draft.md"], &drafts, &cache);
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}{}", text(&out.stderr));
    assert!(report.contains("Oyelaran"), "{report}");
}

#[test]
fn init_never_overwrites_settings_without_force() {
    let (archive, drafts, cache) = newsroom("again");
    let mine = "corpus = [\"elsewhere\"]\n";
    std::fs::write(drafts.join(".copydesk.toml"), mine).unwrap();
    let out = copydesk(&["init", archive.to_str().unwrap()], &drafts, &cache);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(drafts.join(".copydesk.toml")).unwrap(),
        mine
    );
    let out = copydesk(
        &["init", "--force", archive.to_str().unwrap()],
        &drafts,
        &cache,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_ne!(
        std::fs::read_to_string(drafts.join(".copydesk.toml")).unwrap(),
        mine
    );
}

#[test]
fn init_with_a_missing_archive_says_so_and_writes_nothing() {
    let (_, drafts, cache) = newsroom("missing");
    let out = copydesk(&["init", "no-such-folder"], &drafts, &cache);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no-such-folder"),
        "{}",
        text(&out.stderr)
    );
    assert!(!drafts.join(".copydesk.toml").exists());
}

#[test]
fn init_inside_the_drafts_folder_writes_a_relative_path() {
    let (_, drafts, cache) = newsroom("relative");
    let sources = drafts.join("sources");
    std::fs::create_dir_all(&sources).unwrap();
    std::fs::write(sources.join("a.txt"), "Headline\n\nA story.\n").unwrap();
    let out = copydesk(&["init", "sources"], &drafts, &cache);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(drafts.join(".copydesk.toml")).unwrap();
    assert!(written.contains("corpus = [\"sources\"]"), "{written}");
}
