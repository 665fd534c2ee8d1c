//! `cargo bench --bench bad_corpora`: corpora of an odd shape, loaded
//! (read, parse, names model, index) the way `copydesk check --corpus`
//! loads them: one huge article (5 MB and 50 MB) and many tiny ones (1,000
//! and 10,000), generated (`tests/articles/`). Loading must grow linearly:
//! the bench prints each time and the ratio, and the peak memory (an
//! article is read only to `loader::ARTICLE_BYTES_KEPT`, so a 50 MB one
//! costs no more than a 5 MB one). `tests/corpora.rs` holds the
//! same property at sizes small enough for CI.

#[path = "../tests/articles/mod.rs"]
mod articles;

use std::path::PathBuf;
use std::time::Instant;

fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn load(dir: &PathBuf) -> (f64, usize) {
    let t = Instant::now();
    let (corpus, warnings) = copydesk::loader::load(std::slice::from_ref(dir)).unwrap();
    // An article past `ARTICLE_BYTES_KEPT` is cut, with a warning naming it.
    assert!(
        warnings
            .iter()
            .all(|w| w.contains(copydesk::loader::TOO_LONG)),
        "{warnings:?}"
    );
    (t.elapsed().as_secs_f64(), corpus.docs.len())
}

fn main() {
    let sizes: Vec<f64> = std::env::var("BAD_CORPORA_MB")
        .ok()
        .map_or(vec![5.0, 50.0], |s| {
            s.split(',').filter_map(|x| x.parse().ok()).collect()
        });
    let counts: Vec<usize> = std::env::var("BAD_CORPORA_FILES")
        .ok()
        .map_or(vec![1_000, 10_000], |s| {
            s.split(',').filter_map(|x| x.parse().ok()).collect()
        });
    // `BAD_CORPORA_WRITE=DIR`: only write the corpora there (big-<MB>/, tiny-<N>/), for
    // timing `copydesk check --corpus DIR draft.md` with `/usr/bin/time -v`.
    if let Some(out) = std::env::var_os("BAD_CORPORA_WRITE").map(PathBuf::from) {
        for &mb in &sizes {
            articles::write_articles(
                &out.join(format!("big-{mb}")),
                7,
                1,
                (mb * 1048576.0) as usize,
            );
        }
        for &n in &counts {
            articles::write_articles(&out.join(format!("tiny-{n}")), 11, n, 300);
        }
        println!("written to {}", out.display());
        return;
    }
    let root = std::env::temp_dir().join(format!("copydesk-bad-corpora-{}", std::process::id()));
    let mut big = Vec::new();
    for &mb in &sizes {
        let dir = root.join(format!("big-{mb}"));
        articles::write_articles(&dir, 7, 1, (mb * 1048576.0) as usize);
        let (secs, _) = load(&dir);
        println!(
            "one {mb} MB article: {secs:.2} s ({:.2} s/MB), peak RSS so far {:.0} MB",
            secs / mb,
            peak_mb()
        );
        big.push((mb, secs));
        std::fs::remove_dir_all(&dir).ok();
    }
    let mut tiny = Vec::new();
    for &n in &counts {
        let dir = root.join(format!("tiny-{n}"));
        articles::write_articles(&dir, 11, n, 300);
        let (secs, docs) = load(&dir);
        assert_eq!(docs, n);
        println!(
            "{n} tiny articles: {secs:.2} s ({:.1} µs each), peak RSS so far {:.0} MB",
            secs * 1e6 / n as f64,
            peak_mb()
        );
        tiny.push((n, secs));
        std::fs::remove_dir_all(&dir).ok();
    }
    for w in big.windows(2) {
        println!(
            "{:.0}× the article: {:.1}× the time",
            w[1].0 / w[0].0,
            w[1].1 / w[0].1
        );
    }
    for w in tiny.windows(2) {
        println!(
            "{}× the files: {:.1}× the time",
            w[1].0 / w[0].0,
            w[1].1 / w[0].1
        );
    }
    std::fs::remove_dir_all(&root).ok();
}
