//! Property tests on random input (the fuzz targets' invariants, run in CI):
//! position conversion in all three encodings agrees with counting from the
//! line start and with the rope the server edits; the framing layer cuts
//! the same frames however the input is split into reads; checking is
//! deterministic (the same findings twice, from a warm corpus and a freshly
//! built one), and every finding lies inside the draft on character
//! boundaries, with LSP ranges that map back to it in UTF-8, -16 and -32.

use copydesk::lsp::framing::{Frame, Framer, Gate};
use copydesk::lsp::position::{Conv, rope_char};
use copydesk::text::{Encoding, LineIndex};
use copydesk::{Corpus, Doc, Format, Options};
use proptest::prelude::*;
use ropey::Rope;
use std::sync::OnceLock;
use tower_lsp_server::ls_types::Position;

include!("support/positions_oracle.rs");

/// Text of long lines mixing widths and line ends, so conversions cross
/// the line index's checkpoints.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a".to_string()),
        Just("Tabarov said ".to_string()),
        Just("é".to_string()),
        Just("€".to_string()),
        Just("😀".to_string()),
        Just("🇺🇦".to_string()),
        Just("Путин ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        "[a-z ]{1,300}",
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

/// Drafts from news-like pieces: corpus names spelled right and wrong,
/// figures, quotations, attributions, Markdown, odd Unicode and line ends.
fn draft() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Alexei Tabarov, a lawyer, said ".to_string()),
        Just("Alexei Tabalov said ".to_string()),
        Just("Dmitri Peskov denied it. ".to_string()),
        Just("5,000 men left since March. ".to_string()),
        Just("According to the group, 40 per cent of them returned. ".to_string()),
        Just("$3.5 million ".to_string()),
        Just("two million ".to_string()),
        Just("\u{201c}We're seeing a huge outflow of people,\u{201d} he said. ".to_string()),
        Just("\"We are not leaving\" ".to_string()),
        Just("# Heading\n".to_string()),
        Just("`code` ".to_string()),
        Just("😀 🇺🇦 Путин é ".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just(". ".to_string()),
        "[A-Za-z ,.]{1,40}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// The built-in corpus, built once and used for every case (its answers
/// remembered between cases), and a second copy for cold answers.
fn corpora() -> &'static (Corpus, Corpus) {
    static C: OnceLock<(Corpus, Corpus)> = OnceLock::new();
    C.get_or_init(|| (copydesk::loader::embedded(), copydesk::loader::embedded()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn checks_are_deterministic_and_findings_lie_on_char_boundaries(t in draft(), markdown in any::<bool>()) {
        let format = if markdown { Format::Markdown } else { Format::Plain };
        let (warm, cold) = corpora();
        let opts = Options::default();
        let first = copydesk::check(warm, &Doc::parse(&t, format), &opts);
        let again = copydesk::check(warm, &Doc::parse(&t, format), &opts);
        let fresh = copydesk::check(cold, &Doc::parse(&t, format), &opts);
        prop_assert_eq!(&first, &again);
        prop_assert_eq!(&first, &fresh);
        let idx = LineIndex::new(&t);
        for f in &first {
            prop_assert!(f.span.start <= f.span.end && f.span.end <= t.len(), "{:?} outside {} bytes", f.span, t.len());
            prop_assert!(t.is_char_boundary(f.span.start) && t.is_char_boundary(f.span.end), "{:?}", f.span);
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let conv = Conv::new(&t, &idx, enc);
                let r = conv.range(f.span.clone());
                prop_assert_eq!(conv.offset(r.start)..conv.offset(r.end), f.span.clone(), "{:?}", enc);
            }
        }
    }

    #[test]
    fn positions_agree_with_counting_and_with_the_rope(t in text(), probes in prop::collection::vec((0u32..12, any::<u32>()), 0..40)) {
        let idx = LineIndex::new(&t);
        let rope = Rope::from_str(&t);
        for (e, enc) in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32].into_iter().enumerate() {
            let conv = Conv::new(&t, &idx, enc);
            for &(off, line, cols) in &expected(&t) {
                let p = conv.position(off);
                prop_assert_eq!((p.line as usize, p.character as usize), (line, cols[e]));
                prop_assert_eq!(conv.offset(p), off);
                prop_assert_eq!(rope.char_to_byte(rope_char(&rope, p, enc)), off);
            }
            for &(line, ch) in &probes {
                for p in [Position::new(line, ch), Position::new(line, ch % 900)] {
                    let off = conv.offset(p);
                    prop_assert!(t.is_char_boundary(off));
                    prop_assert_eq!(rope.char_to_byte(rope_char(&rope, p, enc)), off);
                }
            }
        }
    }

    #[test]
    fn framing_does_not_depend_on_read_sizes(parts in prop::collection::vec(prop_oneof![
        Just(b"Content-Length: 2\r\n\r\n{}".to_vec()),
        Just(b"content-length: 40\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":1}".to_vec()),
        Just(b"Content-Length: x\r\n\r\n".to_vec()),
        Just(b"Content-Len".to_vec()),
        Just(b"\r\n\r\n".to_vec()),
        prop::collection::vec(any::<u8>(), 0..64),
        Just(vec![b'x'; 5000]),
    ], 0..12), chunk in 1usize..100) {
        let input = parts.concat();
        let cut = |size: usize| {
            let mut f = Framer::default();
            let mut out = Vec::new();
            for c in input.chunks(size) {
                f.push(c);
                while let Some(fr) = f.next_frame() {
                    out.push(fr);
                }
            }
            out
        };
        let whole = cut(input.len().max(1));
        prop_assert_eq!(&whole, &cut(chunk));
        let mut gate = Gate::default();
        for f in whole {
            let _ = gate.classify(f);
        }
        let _ = Frame::Bad;
    }
}
