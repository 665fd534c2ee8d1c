//! Edit → diagnostics latency of the language server (debounce 0), on a
//! 1,000-word and a 4,000-word draft built from the eval drafts. The server
//! runs in-process behind the real LSP framing; each sample is one
//! `didChange` until the client has parsed the `publishDiagnostics` for its
//! version. Also printed: a request round trip with no analysis (the
//! transport alone) and the same edits analysed in-process (the
//! incremental analysis alone); the difference is mostly turning the
//! diagnostics into JSON and back.
//!
//! `cargo bench --bench lsp` (add `-- 50` for 50 samples per size).

#[path = "../tests/lsp_client/mod.rs"]
mod lsp_client;

use lsp_client::*;
use serde_json::json;
use std::time::{Duration, Instant};

/// Paragraphs of the eval drafts, repeated until the draft has `words` words.
fn draft(words: usize) -> String {
    let paras: Vec<String> = eval_drafts()
        .iter()
        .flat_map(|(_, t)| {
            t.split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out = String::new();
    let mut n = 0;
    for p in paras.iter().cycle() {
        if n >= words {
            break;
        }
        n += p.split_whitespace().count();
        out.push_str(p);
        out.push_str("\n\n");
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let samples: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(30);
    let mut lsp = Lsp::in_process();
    lsp.initialize(caps("utf-16"), json!({"copydesk": {"debounceMs": 0}}), &[]);
    // Transport alone: a request the server answers at once (unknown method → error reply).
    let mut rtt: Vec<Duration> = (0..samples.max(30))
        .map(|_| {
            let t = Instant::now();
            lsp.request("copydesk/ping", json!({}));
            t.elapsed()
        })
        .collect();
    rtt.sort();
    println!(
        "request round trip (no analysis): median {:.2} ms, p95 {:.2} ms",
        percentile(&rtt, 0.5).as_secs_f64() * 1e3,
        percentile(&rtt, 0.95).as_secs_f64() * 1e3
    );
    for words in [1000, 4000] {
        let mut text = draft(words);
        let uri = format!("file:///bench/draft-{words}.md");
        lsp.open(&uri, &text);
        let first = lsp.diagnostics(&uri, 1);
        // Edit in the middle: type a word, then take it out again.
        let mid = text[..text.len() / 2].rfind(' ').unwrap();
        let mut times = Vec::new();
        for i in 0..samples + 3 {
            let (range, new) = if i % 2 == 0 {
                let p = position(&text, mid, "utf-16");
                text.insert_str(mid, " really");
                (json!({"start": p, "end": p}), " really")
            } else {
                let r = json!({"start": position(&text, mid, "utf-16"), "end": position(&text, mid + 7, "utf-16")});
                text.replace_range(mid..mid + 7, "");
                (r, "")
            };
            let version = i as i64 + 2;
            let t = Instant::now();
            lsp.change(&uri, version, json!([{"range": range, "text": new}]));
            // Until the client has the notification, parsed.
            lsp.wait_for("diagnostics", lsp_client::TIMEOUT, |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == version
            });
            if i >= 3 {
                times.push(t.elapsed()); // the first three warm up
            }
        }
        times.sort();
        // The same edits analysed in-process without the server: the
        // incremental update each version gets.
        let corpus = copydesk::loader::embedded();
        let opts = copydesk::Options::default();
        let typed = format!("{} really{}", &text[..mid], &text[mid..]);
        let mut a = copydesk::Analysis::new(&corpus, &text, copydesk::Format::Markdown, &opts);
        let mut alone: Vec<Duration> = (0..samples)
            .map(|i| {
                let t = Instant::now();
                a = a.update(
                    &corpus,
                    if i % 2 == 0 { &typed } else { &text },
                    copydesk::Format::Markdown,
                    &opts,
                );
                t.elapsed()
            })
            .collect();
        alone.sort();
        println!(
            "lsp edit→diagnostics, {} words ({} KB, {} diagnostics): median {:.1} ms, p95 {:.1} ms ({samples} samples; the same edits analysed in-process: median {:.2} ms)",
            text.split_whitespace().count(),
            text.len() / 1024,
            first.len(),
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.95).as_secs_f64() * 1e3,
            percentile(&alone, 0.5).as_secs_f64() * 1e3,
        );
    }
    lsp.shutdown_and_exit();
}
