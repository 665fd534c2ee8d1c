//! `copydesk corpus generate` as a user runs it: a process writing an
//! archive, which the loader then reads like any other corpus.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

include!("support/not_run.rs");

fn copydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .expect("run copydesk")
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("copydesk-gen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn generate(n: usize, seed: u64, out: &Path, from: &[&Path]) -> Output {
    let (n, seed, out) = (n.to_string(), seed.to_string(), out.display().to_string());
    let mut args = vec![
        "corpus",
        "generate",
        "--articles",
        &n,
        "--seed",
        &seed,
        "--out",
        &out,
    ];
    let from: Vec<String> = from.iter().map(|f| f.display().to_string()).collect();
    for f in &from {
        args.extend(["--from", f]);
    }
    copydesk(&args)
}

/// File name → contents.
fn files(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

fn ok(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Distinct capitalised words across the files.
fn capitalised(files: &BTreeMap<String, String>) -> usize {
    let mut words = HashSet::new();
    for text in files.values() {
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            if w.chars().next().is_some_and(char::is_uppercase) {
                words.insert(w.to_string());
            }
        }
    }
    words.len()
}

#[test]
fn same_seed_same_bytes_other_seed_other_articles() {
    let (a, b, c) = (tempdir("a"), tempdir("b"), tempdir("c"));
    ok(&generate(40, 7, &a, &[]));
    ok(&generate(40, 7, &b, &[]));
    ok(&generate(40, 8, &c, &[]));
    let (fa, fb, fc) = (files(&a), files(&b), files(&c));
    assert_eq!(fa.len(), 40);
    assert_eq!(fa, fb, "same seed, different output");
    assert_ne!(fa, fc, "different seeds, same output");
    let same = fa.iter().filter(|(k, v)| fc.get(*k) == Some(v)).count();
    assert!(same < 10, "{same} of 40 articles identical across seeds");
    for d in [a, b, c] {
        std::fs::remove_dir_all(d).ok();
    }
}

#[test]
fn writes_n_articles_in_the_article_shape_and_again_fewer() {
    let out = tempdir("n");
    ok(&generate(25, 1, &out, &[]));
    let f = files(&out);
    let names: Vec<&String> = f.keys().collect();
    assert_eq!(names.len(), 25);
    assert_eq!(names[0], "gen-000001.txt");
    assert_eq!(names[24], "gen-000025.txt");
    for (name, text) in &f {
        // A headline line, a blank line, paragraphs one blank line apart.
        let mut parts = text.split("\n\n");
        let head = parts.next().unwrap();
        assert!(
            !head.is_empty() && !head.contains('\n'),
            "{name}: headline {head:?}"
        );
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{name}");
        for p in parts {
            assert!(!p.trim().is_empty(), "{name}: empty paragraph");
        }
    }
    // Generating again into the same folder replaces the archive.
    ok(&generate(10, 1, &out, &[]));
    assert_eq!(files(&out).len(), 10);
    std::fs::remove_dir_all(out).ok();
}

#[test]
fn the_output_loads_as_a_corpus_and_checks_run_against_it() {
    let out = tempdir("load");
    ok(&generate(60, 3, &out, &[]));
    let o = out.display().to_string();
    let names = copydesk(&["corpus", "names", "--corpus", &o]);
    ok(&names);
    assert!(
        names.stderr.is_empty(),
        "loader warnings: {}",
        String::from_utf8_lossy(&names.stderr)
    );
    assert!(String::from_utf8_lossy(&names.stdout).contains("## people"));
    let draft = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/02-troops-quit.md");
    let check = copydesk(&["check", "--corpus", &o, &draft.display().to_string()]);
    assert!(
        matches!(check.status.code(), Some(0 | 1)),
        "stderr: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    std::fs::remove_dir_all(out).ok();
}

#[test]
fn vocabulary_grows_with_the_archive() {
    let (small, big) = (tempdir("50"), tempdir("200"));
    ok(&generate(50, 5, &small, &[]));
    ok(&generate(200, 5, &big, &[]));
    let (s, b) = (capitalised(&files(&small)), capitalised(&files(&big)));
    assert!(
        b as f64 > s as f64 * 1.2,
        "distinct capitalised words: {s} for 50 articles, {b} for 200"
    );
    std::fs::remove_dir_all(small).ok();
    std::fs::remove_dir_all(big).ok();
}

#[test]
fn errors_are_one_line_and_exit_2() {
    let missing = tempdir("missing");
    let out = tempdir("err");
    let r = generate(5, 1, &out, &[&missing]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.starts_with("copydesk: error: cannot read source folder")
            && err.trim_end().lines().count() == 1,
        "{err}"
    );

    // A folder holding someone else's files is refused, and left alone.
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let r = generate(5, 1, &out, &[]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("notes.txt") && err.trim_end().lines().count() == 1,
        "{err}"
    );
    assert_eq!(files(&out).len(), 1);

    // --out is a file: it cannot be written to.
    let r = generate(5, 1, &out.join("notes.txt"), &[]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.starts_with("copydesk: error: ") && err.trim_end().lines().count() == 1,
        "{err}"
    );
    std::fs::remove_dir_all(out).ok();

    // The corpus subcommand still needs what to show.
    assert_eq!(copydesk(&["corpus"]).status.code(), Some(2));
}

#[test]
fn bbc_archive_renames_people_and_writes_some_two_ways() {
    let bbc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc");
    if !bbc.is_dir() {
        not_run(
            "bbc_archive_renames_people_and_writes_some_two_ways",
            &format!("{} is absent", bbc.display()),
            REQUIRE_SHARED,
        );
        return;
    }
    let out = tempdir("bbc");
    ok(&generate(400, 11, &out, &[&bbc]));
    let f = files(&out);
    assert_eq!(f.len(), 400);
    let names = copydesk(&["corpus", "names", "--corpus", &out.display().to_string()]);
    ok(&names);
    let report = String::from_utf8_lossy(&names.stdout);
    // The name model pairs some transliterated spellings (Pelous ← Pelus).
    assert!(
        report
            .lines()
            .any(|l| l.contains('←') && !l.starts_with('#')),
        "no variant recorded:\n{report}"
    );
    std::fs::remove_dir_all(out).ok();
}
