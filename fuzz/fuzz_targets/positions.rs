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

/// `(offset, line, [col in UTF-8, UTF-16, UTF-32])` of every char boundary,
/// counted in one pass from the start (lines end at \n, \r\n or \r).
fn expected(text: &str) -> Vec<(usize, usize, [usize; 3])> {
    let mut out = Vec::new();
    let (mut line, mut cols) = (0, [0usize; 3]);
    let mut prev_cr = false;
    for (i, ch) in text.char_indices() {
        // Between the CR and LF of a CRLF there is no position of its own.
        if !(prev_cr && ch == '\n') {
            out.push((i, line, cols));
        }
        match ch {
            '\n' if prev_cr => {}
            '\n' | '\r' => {
                line += 1;
                cols = [0; 3];
            }
            _ => {
                cols[0] += ch.len_utf8();
                cols[1] += ch.len_utf16();
                cols[2] += 1;
            }
        }
        prev_cr = ch == '\r';
    }
    out.push((text.len(), line, cols));
    out
}

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
