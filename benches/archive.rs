//! `cargo bench --bench archive`: the corpus at archive scale — loading
//! the 2,225-article BBC archive (`../shared/corpora/bbc`, absent on a fresh
//! clone: the bench then says so and stops), the names model and index
//! built from it, how the build grows with the number of articles, and the
//! analysis of a 1,000-word draft against it.
//! Plain timing loops (median of several runs): the figures the closing
//! notes report. Targets (issue 8): the whole load ≤ 2 s on 2 cores,
//! linear in the archive's size.

use copydesk::corpus::index::Index;
use copydesk::corpus::names::NameModel;
use copydesk::corpus::{ArticleText, StyleGuide};
use copydesk::{Corpus, Doc, Format, Options};
use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

/// Peak resident memory of this process so far, in MB (Linux).
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

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("../shared/corpora/bbc");
    if !dir.is_dir() {
        println!(
            "skipped: {} is absent (the BBC archive lives in shared/, beside the checkout)",
            dir.display()
        );
        return;
    }
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let texts: Vec<ArticleText> = paths
        .iter()
        .map(|p| ArticleText {
            path: p.display().to_string(),
            file: Some(p.clone()),
            text: std::fs::read_to_string(p).unwrap(),
        })
        .collect();
    let bytes: usize = texts.iter().map(|t| t.text.len()).sum();
    println!(
        "archive: {} articles, {:.1} MB, {} cores",
        texts.len(),
        bytes as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    let load = time(3, || {
        copydesk::loader::load(std::slice::from_ref(&dir)).unwrap()
    });
    println!("whole load (read, parse, names, index)   median {load:>10.3?}");
    let corpus = Corpus::build(texts.clone(), StyleGuide::default());
    let names = time(5, || NameModel::build(&corpus.docs, &corpus.style));
    let model = NameModel::build(&corpus.docs, &corpus.style);
    let index = time(5, || Index::build(&corpus.docs, &model));
    println!(
        "  names model                           median {names:>10.3?}  ({} spellings)",
        model.forms.len()
    );
    println!("  index (figures, statements, quotes)   median {index:>10.3?}");

    println!(
        "growth (build from texts; every 4th, 2nd, all articles, so each part mixes the sections):"
    );
    for step in [4, 2, 1] {
        let part: Vec<ArticleText> = texts.iter().step_by(step).cloned().collect();
        let (n, mb) = (
            part.len(),
            part.iter().map(|t| t.text.len()).sum::<usize>() as f64 / 1e6,
        );
        let t = time(3, || Corpus::build(part.clone(), StyleGuide::default()));
        println!(
            "  {n:>5} articles ({mb:.1} MB)   {t:>10.3?}   {:>8.3?} per MB",
            t.div_f64(mb)
        );
    }

    let draft_dir = root.join("../shared/eval/bbc-dev");
    let mut draft = String::new();
    let mut drafts: Vec<_> = std::fs::read_dir(&draft_dir)
        .map(|r| r.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    drafts.sort();
    for p in drafts
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .cycle()
        .take(40)
    {
        if draft.split_whitespace().count() >= 1000 {
            break;
        }
        draft.push_str(&std::fs::read_to_string(p).unwrap());
        draft.push_str("\n\n");
    }
    if !draft.is_empty() {
        let words = draft.split_whitespace().count();
        let opts = Options::default();
        // The first check asks the corpus everything; later ones of the same
        // sentences (an editor's re-checks) are answered from its memos.
        let fresh = Corpus::build(texts.clone(), StyleGuide::default());
        let first = time(1, || {
            copydesk::check(&fresh, &Doc::parse(&draft, Format::Markdown), &opts)
        });
        println!("analysis of a {words}-word draft, first check          {first:>10.3?}");
        let t = time(30, || {
            copydesk::check(&corpus, &Doc::parse(&draft, Format::Markdown), &opts)
        });
        println!("analysis of a {words}-word draft against the archive   median {t:>10.3?}");
    }
    println!("peak memory {:.0} MB", peak_mb());
}
