//! The persisted corpus index (`crates/copydesk-store/src/index.rs`): a restart reads it instead
//! of analysing the corpus again; an added, changed or removed article
//! updates only its own part; a damaged or foreign index file is rebuilt
//! with a warning; where none can be written the corpus is used all the
//! same; and the findings are always those of a corpus built from the
//! texts.

use copydesk::health::{Event, Watch};
use copydesk::index::{Report, Verify, open_watched, open_with};
use copydesk::{Corpus, Doc, Finding, Format, Options};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh folder holding a copy of the seed corpus, and an index path beside it.
fn seed_copy(name: &str) -> (PathBuf, PathBuf) {
    let base = std::env::temp_dir().join(format!("copydesk-index-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let dir = base.join("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(root().join("corpus")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    // The copies were written just now. Let the file system's clock (a few
    // milliseconds a tick) pass their times, so an index written next is
    // newer than each: an article no older than the index is racily clean
    // and analysed again at the next open
    // (an_article_no_older_than_the_index_is_read_again), which the tests
    // counting what a reopen reuses do not expect (seen once in a
    // fresh-clone CI run).
    std::thread::sleep(std::time::Duration::from_millis(50));
    (dir, base.join("cache/index.cdx"))
}

/// Findings for the project's evaluation drafts against `corpus`.
fn findings(corpus: &Corpus) -> Vec<Vec<Finding>> {
    let mut drafts: Vec<_> = std::fs::read_dir(root().join("tests/eval"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    drafts.retain(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"));
    drafts.sort();
    drafts
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            copydesk::check(
                corpus,
                &Doc::parse(&text, Format::from_path(&p.display().to_string())),
                &Options::default(),
            )
        })
        .collect()
}

fn open(dir: &Path, index: &Path) -> (Corpus, Vec<String>, Report) {
    open_with(&[dir.to_path_buf()], Some(index), Verify::All).unwrap()
}

fn counts(r: &Report) -> (usize, usize, usize, bool, bool) {
    (r.reused, r.analysed, r.removed, r.derived_reused, r.written)
}

#[test]
fn a_restart_reads_the_index_and_finds_the_same() {
    let (dir, index) = seed_copy("restart");
    let (fresh, _) = copydesk::loader::load(std::slice::from_ref(&dir)).unwrap();
    let expected = findings(&fresh);
    assert!(
        expected.iter().any(|f| !f.is_empty()),
        "the drafts have findings to compare"
    );

    let (first, w, r) = open(&dir, &index);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(
        counts(&r),
        (0, 5, 0, false, true),
        "first use builds and writes the index"
    );
    assert!(index.is_file());
    assert_eq!(findings(&first), expected);

    let (second, w, r) = open(&dir, &index);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(
        counts(&r),
        (5, 0, 0, true, false),
        "a restart reads everything and writes nothing"
    );
    assert_eq!(findings(&second), expected);
    let paths = |c: &Corpus| {
        c.docs
            .iter()
            .map(|a| (a.path.clone(), a.file.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        paths(&second),
        paths(&fresh),
        "articles keep their names and files"
    );
}

#[test]
fn a_changed_added_or_removed_article_updates_only_its_part() {
    let (dir, index) = seed_copy("update");
    open(&dir, &index);
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();

    // Changed: the corpus now spells the name otherwise, and says so.
    let changed = &names[0];
    let text = std::fs::read_to_string(changed).unwrap();
    std::fs::write(
        changed,
        format!("{text}\nA new paragraph names Zebulon Quartermaine, a spokesman.\n"),
    )
    .unwrap();
    let (c, _, r) = open(&dir, &index);
    assert_eq!(counts(&r), (4, 1, 0, false, true));
    assert!(
        c.names().lookup("Quartermaine").is_some(),
        "the changed text is in the model"
    );
    let (fresh, _) = copydesk::loader::load(std::slice::from_ref(&dir)).unwrap();
    assert_eq!(findings(&c), findings(&fresh));

    // Added.
    std::fs::write(
        dir.join("zz-new.txt"),
        "Wire copy\n\nOfficials said 41 people were hurt in Vostokgrad on Monday.\n",
    )
    .unwrap();
    let (c, _, r) = open(&dir, &index);
    assert_eq!(counts(&r), (5, 1, 0, false, true));
    assert_eq!(c.docs.len(), 6);

    // Removed.
    std::fs::remove_file(&names[1]).unwrap();
    let (c, _, r) = open(&dir, &index);
    assert_eq!(counts(&r), (5, 0, 1, false, true));
    assert_eq!(c.docs.len(), 5);
    let (fresh, _) = copydesk::loader::load(std::slice::from_ref(&dir)).unwrap();
    assert_eq!(findings(&c), findings(&fresh));

    // The style guide is part of what the names depend on.
    std::fs::write(
        dir.join("names.toml"),
        "[prefer]\nspellings = [\"Quartermaine\"]\n",
    )
    .unwrap();
    let (_, _, r) = open(&dir, &index);
    assert_eq!(
        counts(&r),
        (5, 0, 0, false, true),
        "a new style guide rebuilds the names, not the analyses"
    );
}

#[test]
fn a_damaged_index_is_rebuilt_with_a_warning_naming_it() {
    let (dir, index) = seed_copy("damaged");
    let (fresh, _) = copydesk::loader::load(std::slice::from_ref(&dir)).unwrap();
    let expected = findings(&fresh);
    open(&dir, &index);
    let whole = std::fs::read(&index).unwrap();
    for damage in [
        whole[..whole.len() / 2].to_vec(),
        b"not an index at all".to_vec(),
        Vec::new(),
        {
            // The header intact, every part after it scrambled.
            let mut b = whole.clone();
            let n = b.len();
            for x in &mut b[n / 3..] {
                *x = x.wrapping_mul(31).wrapping_add(7);
            }
            b
        },
    ] {
        std::fs::write(&index, &damage).unwrap();
        let (c, w, r) = open(&dir, &index);
        assert!(r.written, "rebuilt and written again");
        assert_eq!(
            findings(&c),
            expected,
            "a damaged index never changes the findings"
        );
        assert!(
            w.iter()
                .any(|w| w.contains(&index.display().to_string()) && w.contains("rebuilt")),
            "{w:?}"
        );
        // And the rewritten index reads back whole.
        let (_, w, r) = open(&dir, &index);
        assert!(w.is_empty() && r.derived_reused, "{w:?}");
    }
}

#[test]
fn where_no_index_can_be_written_the_corpus_is_used_all_the_same() {
    let (dir, _) = seed_copy("unwritable");
    // A file where the cache folder should be.
    let blocker = dir.parent().unwrap().join("blocker");
    std::fs::write(&blocker, "").unwrap();
    let (c, w, r) = open(&dir, &blocker.join("index.cdx"));
    assert!(!r.written);
    assert!(
        w.iter().any(|w| w.contains("could not be written")),
        "{w:?}"
    );
    let (fresh, _) = copydesk::loader::load(std::slice::from_ref(&dir)).unwrap();
    assert_eq!(findings(&c), findings(&fresh));
}

#[test]
fn a_write_that_died_leaves_the_old_index_usable() {
    let (dir, index) = seed_copy("crash");
    open(&dir, &index);
    // A writer that died mid-write leaves only its temporary file.
    let tmp = index.parent().unwrap().join(".index.cdx.99999.tmp");
    std::fs::write(&tmp, b"copydesk index\0\x01half").unwrap();
    let (_, w, r) = open(&dir, &index);
    assert!(
        w.is_empty() && r.derived_reused && !r.written,
        "{w:?} {r:?}"
    );
}

#[test]
fn index_build_on_the_command_line() {
    let (dir, index) = seed_copy("cli");
    let cache = index.parent().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .env("COPYDESK_CACHE_DIR", cache)
            .output()
            .unwrap()
    };
    let d = dir.display().to_string();
    let out = run(&["index", "build", "--corpus", &d]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("written") && stdout.contains("5 articles: 0 from the index, 5 analysed"),
        "{stdout}"
    );
    let out = run(&["index", "build", "--corpus", &d]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("already up to date") && stdout.contains("5 from the index"),
        "{stdout}"
    );
    // `check` uses the index and finds what it finds without one.
    let draft = root()
        .join("tests/eval/02-troops-quit.md")
        .display()
        .to_string();
    let with = run(&["check", "--format", "json", "--corpus", &d, &draft]);
    let without = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--format", "json", "--corpus", &d, &draft])
        .env(
            "COPYDESK_CACHE_DIR",
            dir.parent().unwrap().join("other-cache"),
        )
        .output()
        .unwrap();
    assert_eq!(with.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&with.stdout),
        String::from_utf8_lossy(&without.stdout)
    );
    assert!(
        with.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&with.stderr)
    );
    // Without a corpus folder there is nothing to index.
    let out = run(&["index", "build"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no corpus folder"));
}

#[test]
fn opened_for_use_a_damaged_index_never_crashes_and_index_build_catches_it() {
    let (dir, index) = seed_copy("on-use");
    open(&dir, &index);
    let whole = std::fs::read(&index).unwrap();
    // The headers kept; the analyses and the tables of numbers scrambled,
    // from a third of the way, two thirds, or just the last bytes.
    for from in [whole.len() / 3, whole.len() * 2 / 3, whole.len() - 64] {
        let mut b = whole.clone();
        for x in &mut b[from..] {
            *x = x.wrapping_mul(31).wrapping_add(7);
        }
        std::fs::write(&index, &b).unwrap();
        // `check` and the server open it checking only what they decode
        // (damage there is rebuilt at once): findings may be lost, nothing panics.
        let (c, w1, r1) =
            open_with(std::slice::from_ref(&dir), Some(&index), Verify::OnUse).unwrap();
        let _ = findings(&c);
        // `copydesk index build` checks every part: the damage is rebuilt by one or the other.
        let (_, w2, r2) = open(&dir, &index);
        assert!(
            (r1.written || r2.written) && w1.iter().chain(&w2).any(|w| w.contains("rebuilt")),
            "{from}: {w1:?} {w2:?}"
        );
    }
}

/// Flip one bit in the middle of `range` of `file`.
fn flip(file: &Path, range: &std::ops::Range<usize>) {
    let mut b = std::fs::read(file).unwrap();
    b[(range.start + range.end) / 2] ^= 0x10;
    std::fs::write(file, b).unwrap();
}

#[test]
fn a_bit_flipped_in_one_articles_analysis_is_caught_where_it_is_read_and_repaired() {
    let (dir, index) = seed_copy("one-bit");
    let (fresh, _) = copydesk::loader::load(std::slice::from_ref(&dir)).unwrap();
    let expected = findings(&fresh);
    open(&dir, &index);
    let parts = copydesk::index::article_parts(&index).expect("an index");
    assert_eq!(parts.len(), 5);
    for (path, range) in &parts {
        flip(&index, range);
        // As `check` and the server open it: the article's part is checked
        // when a query first reads it.
        let health = Watch::default();
        let (c, w, r) = open_watched(
            std::slice::from_ref(&dir),
            Some(&index),
            Verify::OnUse,
            &health,
        )
        .unwrap();
        assert!(w.is_empty() && r.derived_reused, "{w:?}");
        // Every article read, as a draft's queries would.
        for a in &c.docs {
            let _ = a.doc();
        }
        assert_eq!(
            findings(&c),
            expected,
            "{}: the findings of a whole index",
            path.display()
        );
        let damage: Vec<String> = health.events().iter().map(Event::said).collect();
        let named: Vec<&String> = damage
            .iter()
            .filter(|w| w.contains(&path.display().to_string()))
            .collect();
        assert!(
            named.len() == 1 && named[0].contains("damaged") && named[0].contains("repaired"),
            "{}: {damage:?}",
            path.display()
        );
        // Repaired: every part reads back whole.
        let health = Watch::default();
        let (c, w, r) = open_watched(
            std::slice::from_ref(&dir),
            Some(&index),
            Verify::All,
            &health,
        )
        .unwrap();
        assert!(
            w.is_empty() && r.derived_reused && !r.written,
            "{w:?} {r:?}"
        );
        for a in &c.docs {
            let _ = a.doc();
        }
        assert_eq!(findings(&c), expected);
        assert!(health.events().is_empty(), "{:?}", health.events());
    }
}

#[test]
fn check_with_a_bit_flipped_in_the_index_warns_once_and_finds_the_same() {
    let (dir, index) = seed_copy("one-bit-cli");
    let cache = dir.parent().unwrap().join("cache");
    let d = dir.display().to_string();
    let draft = root()
        .join("tests/eval/02-troops-quit.md")
        .display()
        .to_string();
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(["check", "--format", "json", "--corpus", &d, &draft])
            .env("COPYDESK_CACHE_DIR", &cache)
            .output()
            .unwrap()
    };
    let first = run();
    assert_eq!(first.status.code(), Some(1));
    let file = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "cdx"))
        .expect("an index written");
    let _ = index;
    // One bit in every article's analysis.
    for (_, range) in copydesk::index::article_parts(&file).unwrap() {
        flip(&file, &range);
    }
    let damaged = run();
    let stderr = String::from_utf8_lossy(&damaged.stderr);
    assert_eq!(damaged.status.code(), Some(1), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&damaged.stdout),
        String::from_utf8_lossy(&first.stdout),
        "the same findings: {stderr}"
    );
    assert!(
        stderr.contains("is damaged") && stderr.contains(&d),
        "a warning naming the article: {stderr}"
    );
    let again = run();
    assert_eq!(again.stdout, first.stdout);
    assert!(
        again.stderr.is_empty(),
        "repaired: {}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn an_unreadable_file_is_remembered_as_skipped_not_taken_for_damage() {
    let (dir, index) = seed_copy("unreadable");
    std::fs::write(dir.join("binary.txt"), b"PK\x03\x04\0\0\x08\0binary").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"Caf\xe9 au lait\nNot UTF-8.\n").unwrap();
    let (fresh, _) = copydesk::loader::load(std::slice::from_ref(&dir)).unwrap();
    let expected = findings(&fresh);
    let named_once = |w: &[String]| {
        ["binary.txt", "latin1.txt"].iter().all(|n| {
            w.iter()
                .filter(|w| w.contains(n) && w.contains("skipped"))
                .count()
                == 1
        })
    };
    let (_, w, r) = open(&dir, &index);
    assert!(r.written && named_once(&w), "{w:?}");
    for verify in [Verify::All, Verify::OnUse] {
        let (c, w, r) = open_with(std::slice::from_ref(&dir), Some(&index), verify).unwrap();
        assert!(named_once(&w), "{w:?}");
        assert!(!w.iter().any(|w| w.contains("damaged")), "{w:?}");
        assert_eq!(counts(&r), (5, 0, 0, true, false), "nothing rebuilt");
        assert_eq!(findings(&c), expected);
    }
    // Made readable, it is read.
    std::fs::write(dir.join("latin1.txt"), "Café au lait\nNow UTF-8.\n").unwrap();
    let (_, w, r) = open(&dir, &index);
    assert_eq!(counts(&r), (5, 1, 0, false, true), "{w:?}");
    assert!(!w.iter().any(|w| w.contains("latin1")), "{w:?}");
}

#[test]
fn an_edit_in_place_keeping_size_and_modification_time_is_seen() {
    let (dir, index) = seed_copy("in-place");
    open(&dir, &index);
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    let p = &names[0];
    let mtime = std::fs::metadata(p).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(p).unwrap();
    // The same length, another name; the modification time put back.
    let edited = text.replacen("the", "Zqx", 1);
    assert_eq!(edited.len(), text.len());
    assert_ne!(edited, text);
    std::fs::write(p, &edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(p)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let (c, _, r) = open(&dir, &index);
    assert_eq!(counts(&r), (4, 1, 0, false, true), "the edit is seen");
    let (fresh, _) = copydesk::loader::load(std::slice::from_ref(&dir)).unwrap();
    assert_eq!(findings(&c), findings(&fresh));
}

#[test]
fn an_article_no_older_than_the_index_is_read_again() {
    let (dir, index) = seed_copy("racy");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    // As on a file system whose clock ticks once a minute: the article's
    // time is not before the index's, so an edit after the index was
    // written could keep every time the key holds.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&names[0])
        .unwrap()
        .set_modified(later)
        .unwrap();
    open(&dir, &index);
    let (_, _, r) = open(&dir, &index);
    assert_eq!(
        counts(&r),
        (4, 1, 0, false, true),
        "racily clean: read again"
    );
}

/// Run the binary under a file-size limit of 512 bytes (smaller than any index).
#[cfg(unix)]
fn limited(cache: &Path, args: &[&str]) -> std::process::Output {
    let mut script = String::from("ulimit -f 1 && exec \"$0\"");
    for i in 1..=args.len() {
        script.push_str(&format!(" \"${i}\""));
    }
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .env("COPYDESK_CACHE_DIR", cache)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_is_a_write_error_not_a_kill_and_leaves_no_temporary_file() {
    let (dir, _) = seed_copy("ulimit");
    let cache = dir.parent().unwrap().join("cache");
    std::fs::create_dir_all(&cache).unwrap();
    let d = dir.display().to_string();
    let draft = root()
        .join("tests/eval/02-troops-quit.md")
        .display()
        .to_string();
    let unlimited = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--format", "json", "--corpus", &d, &draft])
        .env("COPYDESK_CACHE_DIR", dir.parent().unwrap().join("other"))
        .output()
        .unwrap();
    let out = limited(
        &cache,
        &["check", "--format", "json", "--corpus", &d, &draft],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(out.stdout, unlimited.stdout);
    assert!(stderr.contains("could not be written"), "{stderr}");
    let left = || std::fs::read_dir(&cache).unwrap().count();
    assert_eq!(left(), 0, "no temporary file left");

    // `index build`: its own write failed, so it is not "up to date".
    let out = limited(&cache, &["index", "build", "--corpus", &d]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        !stdout.contains("already up to date") && stdout.contains("NOT written"),
        "{stdout}"
    );
    assert_eq!(left(), 0, "no temporary file left");
}

#[cfg(unix)]
#[test]
fn an_index_truncated_under_an_open_corpus_cannot_kill_the_process() {
    let (dir, index) = seed_copy("truncated");
    open(&dir, &index);
    let health = Watch::default();
    let (c, _, r) = open_watched(
        std::slice::from_ref(&dir),
        Some(&index),
        Verify::OnUse,
        &health,
    )
    .unwrap();
    assert!(r.derived_reused);
    // Another process truncates it in place (a sync tool, a restore).
    std::fs::OpenOptions::new()
        .write(true)
        .open(&index)
        .unwrap()
        .set_len(0)
        .unwrap();
    // Every article and table read: findings may be lost, nothing dies.
    for a in &c.docs {
        let _ = a.doc();
    }
    let _ = findings(&c);
    assert_eq!(
        health.index_changed().as_ref(),
        Some(&index),
        "the change is noticed"
    );
    assert_eq!(health.index_changed(), None, "and named once");
    // Opened again: rebuilt, the findings of the texts.
    let (again, w, _) = open(&dir, &index);
    assert!(w.iter().any(|w| w.contains("rebuilt")), "{w:?}");
    let (fresh, _) = copydesk::loader::load(std::slice::from_ref(&dir)).unwrap();
    assert_eq!(findings(&again), findings(&fresh));
}
