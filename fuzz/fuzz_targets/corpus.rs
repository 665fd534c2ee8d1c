//! Corpus building on arbitrary article texts: the names model, index and
//! postings never panic, and a draft checked against the result never does.
#![no_main]

use copydesk::{ArticleText, Corpus, Doc, Format, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Up to four articles, split at form feeds; the first as Markdown.
    let texts: Vec<ArticleText> = text
        .split('\u{c}')
        .take(4)
        .enumerate()
        .map(|(i, t)| ArticleText { path: format!("a{i}.{}", if i == 0 { "md" } else { "txt" }), file: None, text: t.to_string() })
        .collect();
    let corpus = Corpus::build(texts, Default::default());
    let draft = text.chars().rev().take(2000).collect::<String>();
    let _ = copydesk::check(&corpus, &Doc::parse(&draft, Format::Plain), &Options::default());
    let _ = copydesk::check(&corpus, &Doc::parse(text, Format::Markdown), &Options::default());
});
