//! Position conversion on arbitrary text: byte offset ↔ line/column in
//! UTF-8, UTF-16 and UTF-32 through `LineIndex` (with its checkpoints)
//! agrees with counting from the line start, round-trips, and agrees with
//! the rope the server edits, for in-range and out-of-range positions.
#![no_main]

use copydesk::lsp::position::{Conv, rope_char};
use copydesk::text::{Encoding, LineIndex};
use libfuzzer_sys::fuzz_target;
use ropey::Rope;
use tower_lsp_server::ls_types::Position;

// `expected`: the counting oracle the property tests use too.
include!("../../tests/support/positions_oracle.rs");

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    // Repeat the input to make long lines that cross checkpoints.
    let text = String::from_utf8_lossy(rest).repeat(usize::from(first % 8) + 1);
    let idx = LineIndex::new(&text);
    let rope = Rope::from_str(&text);
    let expect = expected(&text);
    let stride = (expect.len() / 500).max(1);
    for (e, enc) in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32].into_iter().enumerate() {
        let conv = Conv::new(&text, &idx, enc);
        for &(off, line, cols) in expect.iter().step_by(stride) {
            let p = conv.position(off);
            assert_eq!((p.line as usize, p.character as usize), (line, cols[e]), "{enc:?} {off}");
            assert_eq!(conv.offset(p), off, "{enc:?} {off}");
            assert_eq!(rope.char_to_byte(rope_char(&rope, p, enc)), off, "{enc:?} {off}");
        }
        // Arbitrary positions, mostly out of range or inside characters.
        for w in rest.chunks(4).take(64) {
            let line = u32::from(*w.first().unwrap_or(&0)) % 8;
            let ch = w.get(1..).map_or(0, |b| b.iter().fold(0u32, |a, &x| a * 256 + u32::from(x)));
            for p in [Position::new(line, ch), Position::new(line, ch % 700), Position::new(u32::MAX, ch)] {
                let off = conv.offset(p);
                assert!(text.is_char_boundary(off), "{enc:?} {p:?}");
                assert_eq!(rope.char_to_byte(rope_char(&rope, p, enc)), off, "{enc:?} {p:?}");
            }
        }
    }
});
