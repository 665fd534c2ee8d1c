//! `cargo bench --bench check`: the analysis of a 1,000-word draft against
//! the built-in corpus, the re-analysis after an edit (what the language
//! server does per keystroke), corpus loading, and a whole `copydesk check`
//! process.
//! Plain timing loops (median and p95) rather than a framework: the numbers
//! are what the closing notes report; targets are under 1 ms for the
//! analysis and under 20 ms for the process.

use copydesk::{Doc, Format, Options};
use std::path::Path;
use std::time::{Duration, Instant};

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let med = v[v.len() / 2];
    let p95 = v[(v.len() * 95 / 100).min(v.len() - 1)];
    (med, p95)
}

fn measure(n: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    for _ in 0..n.min(10) {
        f();
    }
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f();
        v.push(t.elapsed());
    }
    stats(v)
}

/// A draft of about `words` words built from the dev drafts.
pub fn draft_of(words: usize) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval");
    let mut parts: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    parts.sort();
    let mut out = String::new();
    let mut i = 0;
    while out.split_whitespace().count() < words {
        out.push_str(&parts[i % parts.len()]);
        out.push_str("\n\n");
        i += 1;
    }
    out
}

fn main() {
    let (med, p95) = measure(20, || {
        std::hint::black_box(copydesk::loader::embedded());
    });
    println!("corpus load (embedded, 5 articles)      median {med:>10.3?}  p95 {p95:>10.3?}");

    let corpus = copydesk::loader::embedded();
    let opts = Options::default();
    for words in [1_000, 4_000] {
        let text = draft_of(words);
        let n = text.split_whitespace().count();
        let (med, p95) = measure(200, || {
            let doc = Doc::parse(&text, Format::Markdown);
            std::hint::black_box(copydesk::check(&corpus, &doc, &opts));
        });
        println!(
            "check, {n:>5}-word draft (parse + checks)  median {med:>10.3?}  p95 {p95:>10.3?}"
        );
        // Re-checking after a keystroke: a word typed in the middle, then
        // taken out again; each update starts from the previous version.
        let mid = text[..text.len() / 2].rfind(' ').unwrap();
        let typed = format!("{} really{}", &text[..mid], &text[mid..]);
        let mut a = copydesk::Analysis::new(&corpus, &text, Format::Markdown, &opts);
        let mut i = 0;
        let (med, p95) = measure(200, || {
            i += 1;
            let t = if i % 2 == 0 { &text } else { &typed };
            a = a.update(&corpus, t, Format::Markdown, &opts);
        });
        std::hint::black_box(&a);
        println!("update after an edit, {n:>5} words        median {med:>10.3?}  p95 {p95:>10.3?}");
    }

    let exe = env!("CARGO_BIN_EXE_copydesk");
    let tmp = std::env::temp_dir().join(format!("copydesk-bench-{}.md", std::process::id()));
    std::fs::write(&tmp, draft_of(1_000)).unwrap();
    let (med, p95) = measure(30, || {
        let out = std::process::Command::new(exe)
            .arg("check")
            .arg(&tmp)
            .output()
            .unwrap();
        std::hint::black_box(out);
    });
    println!("process `copydesk check` 1,000 words      median {med:>10.3?}  p95 {p95:>10.3?}");
    let _ = std::fs::remove_file(tmp);
}
