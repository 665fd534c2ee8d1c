//! The analysis on arbitrary text, as Markdown and as plain text: parsing,
//! every check against a small corpus, hover content at a few offsets and
//! an incremental update never panic; findings lie inside the text on
//! character boundaries; the update equals a fresh check.
#![no_main]

use copydesk::{Analysis, Corpus, Doc, Format, Options};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(copydesk::loader::embedded)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let corpus = corpus();
    let opts = Options::default();
    for format in [Format::Markdown, Format::Plain] {
        let doc = Doc::parse(text, format);
        let findings = copydesk::check(corpus, &doc, &opts);
        for f in &findings {
            assert!(f.span.start <= f.span.end && f.span.end <= text.len(), "{f:?}");
            assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end), "{f:?}");
        }
        for offset in [0, text.len() / 3, text.len() / 2, text.len()] {
            let _ = copydesk::describe::describe(corpus, &doc, &findings, offset);
        }
        // An edit in the middle, checked incrementally, equals a fresh check.
        let a = Analysis::new(corpus, text, format, &opts);
        let mut cut = text.len() / 2;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let edited = format!("{} Tabarov said 250 men left. {}", &text[..cut], &text[cut..]);
        let b = a.update(corpus, &edited, format, &opts);
        let fresh = copydesk::check(corpus, &Doc::parse(&edited, format), &opts);
        assert_eq!(format!("{:?}", b.findings), format!("{fresh:?}"));
    }
});
