//! Corpora of an odd shape load (read, parse, names model, index: what
//! `copydesk check --corpus` does before checking) in time linear in their
//! size: one big article, and many tiny ones. Each test compares two sizes
//! in one run, never an absolute time: 8× the size may take at most 20×
//! the time. Linear is 8×; the slack is for noise on a shared machine and
//! allocator growth; quadratic would be 64×. The articles are generated
//! (`tests/articles/`): names, titles, figures, quotations, not repeated
//! lines. `cargo bench --bench bad_corpora` runs the big sizes (a 5 and a
//! 50 MB article, 1,000 and 10,000 tiny ones).

mod articles;

use std::path::{Path, PathBuf};
use std::time::Instant;

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("copydesk-corpora-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// One load at a time: these tests run in parallel threads, and two loads
/// at once on a small machine slow one size more than the other.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Seconds to load `dir`; the best of `runs`.
fn load(dir: &Path, articles: usize, runs: usize) -> f64 {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            let (corpus, warnings) = copydesk::loader::load(&[dir.to_path_buf()]).unwrap();
            let secs = t.elapsed().as_secs_f64();
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(corpus.docs.len(), articles);
            secs
        })
        .fold(f64::INFINITY, f64::min)
}

fn assert_linear(what: &str, small: f64, large: f64) {
    let ratio = large / small.max(1e-6);
    eprintln!("{what}: {small:.3} s, 8× as much {large:.3} s ({ratio:.1}×)");
    assert!(
        ratio < 20.0,
        "{what}: 8× as much took {ratio:.1}× the time ({small:.3} s → {large:.3} s)"
    );
}

/// A small pair of sizes; the next test takes 1 MB and 8 MB.
#[test]
fn one_big_article_loads_in_time_linear_in_its_size() {
    let root = temp("big");
    let (small, large) = (root.join("small"), root.join("large"));
    articles::write_articles(&small, 7, 1, 256 << 10);
    articles::write_articles(&large, 7, 1, 2 << 20);
    let t = (load(&small, 1, 2), load(&large, 1, 1));
    std::fs::remove_dir_all(&root).ok();
    assert_linear("one article of 256 KB", t.0, t.1);
}

/// A big article: before the fix, `Index::find_conflicts` walked the
/// article's own sentences for every figure (1 MB 0.23 s, 8 MB 8.5 s, 37×);
/// now an article's own sentences are left out of the walk.
#[test]
fn one_article_of_megabytes_loads_in_time_linear_in_its_size() {
    let root = temp("big-mb");
    let (small, large) = (root.join("small"), root.join("large"));
    articles::write_articles(&small, 7, 1, 1 << 20);
    articles::write_articles(&large, 7, 1, 8 << 20);
    let t = (load(&small, 1, 2), load(&large, 1, 1));
    std::fs::remove_dir_all(&root).ok();
    assert_linear("one article of 1 MB", t.0, t.1);
}

/// Many tiny articles of templated copy: every figure's sentence has
/// thousands of similar sentences in other articles. Before the fix the
/// corpus conflicts were computed for every figure at load (1,000 articles
/// 0.14 s, 10,000 9.5 s, 68×); now a figure's conflicts are looked up when a
/// check asks, through a search capped at `MAX_WALK` postings.
#[test]
fn many_tiny_articles_load_in_time_linear_in_their_number() {
    let root = temp("tiny");
    let (small, large) = (root.join("small"), root.join("large"));
    articles::write_articles(&small, 11, 1000, 300);
    articles::write_articles(&large, 11, 8000, 300);
    let t = (load(&small, 1000, 2), load(&large, 8000, 1));
    std::fs::remove_dir_all(&root).ok();
    assert_linear("1,000 tiny articles", t.0, t.1);
}
