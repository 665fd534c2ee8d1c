//! Symbolic links in a corpus folder: followed wherever they lead in a
//! folder the user names with `--corpus` (an archive assembled as a folder
//! of links, as the evaluation tool builds its corpora); followed only
//! within the folder when a `.copydesk.toml` names it (a cloned repository's
//! links must not read files elsewhere).
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn copydesk(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(cwd)
        .env("COPYDESK_CACHE_DIR", cwd.join("cache"))
        .output()
        .expect("run copydesk")
}

/// An archive elsewhere, a folder of links to it, and a draft with a slip.
fn setup(name: &str) -> (PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("copydesk-links-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (archive, links) = (root.join("archive"), root.join("drafts").join("links"));
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::create_dir_all(&links).unwrap();
    for (f, text) in [
        (
            "a.txt",
            "Harbour plan\n\nCouncillor Margit Oyelaran said the plan would go ahead.\n",
        ),
        (
            "b.txt",
            "Harbour works\n\nMargit Oyelaran opened the works on Monday.\n",
        ),
    ] {
        std::fs::write(archive.join(f), text).unwrap();
        symlink(archive.join(f), links.join(f)).unwrap();
    }
    let drafts = root.join("drafts");
    std::fs::write(
        drafts.join("draft.md"),
        "Councillor Margit Oyelarran spoke.\n",
    )
    .unwrap();
    (drafts, links)
}

#[test]
fn links_in_a_folder_named_with_corpus_are_followed() {
    let (drafts, links) = setup("named");
    let out = copydesk(
        &["check", "--corpus", links.to_str().unwrap(), "draft.md"],
        &drafts,
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains("Oyelaran"), "{report}");
}

#[test]
fn links_out_of_a_folder_named_by_copydesk_toml_are_not_followed() {
    let (drafts, _) = setup("config");
    std::fs::write(drafts.join(".copydesk.toml"), "corpus = [\"links\"]\n").unwrap();
    let out = copydesk(&["check", "draft.md"], &drafts);
    let (report, warn) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(!report.contains("Oyelaran"), "{report}");
    assert!(
        warn.contains("symbolic link leading out of its corpus folder"),
        "{warn}"
    );
}
