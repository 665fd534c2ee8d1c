//! Corpus loading from disk (`copydesk::loader::load`) on arbitrary files:
//! a temp folder gets a few entries built from the input — articles
//! (`.md`, `.txt`, `.markdown`) with arbitrary bytes and odd names (spaces,
//! leading dots and dashes, non-UTF-8 bytes, other extensions, upper case),
//! a `names.toml` style guide, a nested folder (loaded as a second corpus
//! folder, or named like an article), symbolic links (a loop, dangling, to
//! a sibling, to a folder), and a FIFO with an article's name. The loader
//! must not panic or block, every article it leaves out must be named once
//! in a warning that says it was skipped, and every article it keeps must
//! be a readable UTF-8 text.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

const ODD_NAMES: &[&str] = &[
    "a.md", "b.txt", "c.markdown", "names.toml", " spaced name .md", ".hidden.txt", "-dash.md", "UPPER.MD",
    "x.md.bak", "no-extension", "semi;colon.txt", "ünïcödé.md", "emoji 😀.txt", "tab\tname.md", "new\nline.md",
    "back\\slash.txt", "a.b.c.md", "..md", "...txt",
];

fn name(u: &mut Unstructured) -> Result<OsString> {
    if u.ratio(3, 4)? {
        return Ok(OsString::from(*u.choose(ODD_NAMES)?));
    }
    // Arbitrary bytes but '/' and NUL, with an extension picked from a list.
    let stem: Vec<u8> = u.arbitrary::<Vec<u8>>()?.into_iter().filter(|&b| b != b'/' && b != 0).take(60).collect();
    let ext: &str = u.choose(&[".md", ".txt", ".markdown", ".toml", "", ".MD"])?;
    let mut n = stem;
    n.extend_from_slice(ext.as_bytes());
    if n.is_empty() || n == b"." || n == b".." {
        n = b"empty.md".to_vec();
    }
    Ok(OsString::from_vec(n))
}

fn has_article_name(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md" | "markdown"))
}

fn fifo(p: &Path) {
    let c = std::ffi::CString::new(p.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
}

/// Build the folder; the corpus folders to load.
fn build(u: &mut Unstructured, root: &Path) -> Result<Vec<PathBuf>> {
    let sub = root.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let mut dirs = vec![root.to_path_buf()];
    if u.arbitrary()? {
        dirs.push(sub.clone());
    }
    let n = u.int_in_range(0..=8)?;
    for _ in 0..n {
        let dir = if u.ratio(1, 4)? { &sub } else { root };
        let p = dir.join(name(u)?);
        if p.exists() || std::fs::symlink_metadata(&p).is_ok() {
            continue;
        }
        match u.int_in_range(0..=11)? {
            0 => {
                let _ = std::os::unix::fs::symlink(p.file_name().unwrap(), &p); // a loop on itself
            }
            1 => {
                let _ = std::os::unix::fs::symlink("nowhere.txt", &p);
            }
            2 => {
                let _ = std::os::unix::fs::symlink("a.md", &p);
            }
            3 => {
                let _ = std::os::unix::fs::symlink("sub", &p);
            }
            4 => {
                let _ = std::fs::create_dir(&p);
            }
            5 => fifo(&p),
            _ => {
                let bytes: Vec<u8> = u.arbitrary()?;
                let _ = std::fs::write(&p, bytes);
            }
        }
    }
    Ok(dirs)
}

static NEXT: AtomicU64 = AtomicU64::new(0);

fuzz_target!(|data: &[u8]| {
    let root = std::env::temp_dir().join(format!(
        "copydesk-fuzz-corpus-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let mut u = Unstructured::new(data);
    let Ok(dirs) = build(&mut u, &root) else {
        std::fs::remove_dir_all(&root).ok();
        return;
    };
    let (corpus, warnings) = copydesk::loader::load(&dirs).expect("the folders exist");

    // What the loader must account for: every entry with an article's name.
    let mut shown: HashMap<String, usize> = HashMap::new();
    let mut articles = Vec::new();
    for d in &dirs {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            *shown.entry(p.display().to_string()).or_default() += 1;
            if has_article_name(&p) {
                articles.push(p);
            }
        }
    }
    for p in &articles {
        let s = p.display().to_string();
        let loaded = corpus.docs.iter().any(|a| a.path == s);
        let named: Vec<&String> = warnings.iter().filter(|w| w.starts_with(&format!("{s}: "))).collect();
        if shown[&s] > 1 {
            continue; // two names that display alike (invalid UTF-8): can't tell them apart
        }
        if loaded {
            assert!(named.is_empty(), "{s} loaded yet warned about: {named:?}");
            let bytes = std::fs::read(p).unwrap();
            assert!(std::str::from_utf8(&bytes).is_ok(), "{s} loaded but is not UTF-8");
        } else {
            assert_eq!(named.len(), 1, "{s} skipped: named once? {warnings:#?}");
            assert!(named[0].contains("skipped"), "{named:?}");
        }
    }
    assert!(corpus.docs.len() <= articles.len());
    std::fs::remove_dir_all(&root).ok();
});
