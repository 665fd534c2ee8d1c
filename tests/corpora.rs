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

/// Seconds to analyse the articles in `dir` whole (the core's build, past
/// the loader, which keeps only the first `ARTICLE_BYTES_KEPT` of an
/// article); the best of `runs`.
fn build_whole(dir: &Path, runs: usize) -> f64 {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let texts = || {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v.into_iter()
            .map(|p| copydesk::corpus::ArticleText {
                path: p.display().to_string(),
                file: None,
                text: std::fs::read_to_string(&p).unwrap(),
            })
            .collect::<Vec<_>>()
    };
    (0..runs)
        .map(|_| {
            let texts = texts();
            let t = Instant::now();
            let corpus = copydesk::Corpus::build(texts, Default::default());
            let secs = t.elapsed().as_secs_f64();
            assert_eq!(corpus.docs.len(), 1);
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

/// A small pair of sizes; the next test takes 1 MB and 8 MB. Analysed
/// whole (`build_whole`): the loader keeps only an article's first MB.
#[test]
fn one_big_article_loads_in_time_linear_in_its_size() {
    let root = temp("big");
    let (small, large) = (root.join("small"), root.join("large"));
    articles::write_articles(&small, 7, 1, 256 << 10);
    articles::write_articles(&large, 7, 1, 2 << 20);
    let t = (build_whole(&small, 2), build_whole(&large, 1));
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
    let t = (build_whole(&small, 2), build_whole(&large, 1));
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

/// An article past `ARTICLE_BYTES_KEPT` (a dump, not a story) is read only
/// that far, cut after a paragraph, and named in a warning; one under it
/// is read whole, silently. What analysing one article holds is bounded
/// (`cargo bench --bench bad_corpora` prints the peak memory for 5 and 50 MB).
#[test]
fn an_article_past_the_limit_is_cut_after_a_paragraph_with_a_warning() {
    use copydesk::loader::{ARTICLE_BYTES_KEPT, TOO_LONG};
    let root = temp("cut");
    let (under, over) = (root.join("under"), root.join("over"));
    articles::write_articles(&under, 7, 1, ARTICLE_BYTES_KEPT / 2);
    articles::write_articles(&over, 7, 1, ARTICLE_BYTES_KEPT * 3);
    let file = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
    };

    let (corpus, warnings) = copydesk::loader::load(std::slice::from_ref(&under)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let whole = std::fs::read_to_string(file(&under)).unwrap();
    assert_eq!(corpus.docs[0].doc().text, whole);

    let (corpus, warnings) = copydesk::loader::load(std::slice::from_ref(&over)).unwrap();
    let big = file(&over);
    let whole = std::fs::read_to_string(&big).unwrap();
    assert!(whole.len() > ARTICLE_BYTES_KEPT * 2);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains(&big.display().to_string()) && warnings[0].contains(TOO_LONG),
        "{warnings:?}"
    );
    let kept = &corpus.docs[0].doc().text;
    assert!(kept.len() <= ARTICLE_BYTES_KEPT && kept.len() > ARTICLE_BYTES_KEPT / 2);
    assert!(whole.starts_with(kept.as_str()) && kept.ends_with('\n'));
    std::fs::remove_dir_all(&root).ok();
}
