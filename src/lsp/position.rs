//! LSP positions ↔ byte offsets (in analysed text) and char indexes (in the
//! rope being edited), in the negotiated encoding.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r` on both sides (ropey's `cr_lines`
//! and [`LineIndex`] agree). Out-of-range positions clamp: a line past the
//! end means the end of the text, a column past the end of a line means the
//! end of that line (before its terminator), and a column inside a character
//! (a UTF-16 surrogate pair, a UTF-8 sequence) means the start of it.

use crate::text::{Encoding, LineCol, LineIndex};
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

/// Pick the encoding from what the client offers: UTF-8, then UTF-32, else UTF-16.
pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
    let offered = offered.unwrap_or(&[]);
    if offered.contains(&PositionEncodingKind::UTF8) {
        Encoding::Utf8
    } else if offered.contains(&PositionEncodingKind::UTF32) {
        Encoding::Utf32
    } else {
        Encoding::Utf16
    }
}

pub fn kind(enc: Encoding) -> PositionEncodingKind {
    match enc {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A text with its line index, converting in one encoding.
#[derive(Clone, Copy)]
pub struct Conv<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub enc: Encoding,
}

impl<'a> Conv<'a> {
    pub fn new(text: &'a str, lines: &'a LineIndex, enc: Encoding) -> Self {
        Conv { text, lines, enc }
    }

    pub fn position(&self, offset: usize) -> Position {
        let lc = self.lines.position(self.text, offset, self.enc);
        Position::new(to_u32(lc.line), to_u32(lc.col))
    }

    pub fn range(&self, r: std::ops::Range<usize>) -> Range {
        Range::new(self.position(r.start), self.position(r.end))
    }

    pub fn offset(&self, p: Position) -> usize {
        let lc = LineCol {
            line: p.line as usize,
            col: p.character as usize,
        };
        self.lines.offset(self.text, lc, self.enc)
    }

    /// Byte range of an LSP range (ends swapped if reversed).
    pub fn span(&self, r: Range) -> std::ops::Range<usize> {
        let (a, b) = (self.offset(r.start), self.offset(r.end));
        a.min(b)..a.max(b)
    }
}

/// Char index in `rope` of an LSP position.
pub fn rope_char(rope: &Rope, p: Position, enc: Encoding) -> usize {
    let line = p.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let slice = rope.line(line);
    let mut len = slice.len_chars();
    while len > 0 && matches!(slice.char(len - 1), '\n' | '\r') {
        len -= 1;
    }
    let content = slice.slice(..len);
    let col = p.character as usize;
    let c = match enc {
        Encoding::Utf8 if col < content.len_bytes() => content.byte_to_char(col),
        Encoding::Utf16 if col < content.len_utf16_cu() => content.utf16_cu_to_char(col),
        Encoding::Utf32 => col.min(len),
        _ => len,
    };
    start + c
}

/// Char range in `rope` of an LSP range (ends swapped if reversed).
pub fn rope_range(rope: &Rope, r: Range, enc: Encoding) -> std::ops::Range<usize> {
    let (a, b) = (rope_char(rope, r.start, enc), rope_char(rope, r.end, enc));
    a.min(b)..a.max(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn negotiation_prefers_utf8_then_utf32() {
        use PositionEncodingKind as K;
        assert_eq!(negotiate(None), Encoding::Utf16);
        assert_eq!(negotiate(Some(&[K::UTF16, K::UTF32])), Encoding::Utf32);
        assert_eq!(
            negotiate(Some(&[K::UTF16, K::UTF32, K::UTF8])),
            Encoding::Utf8
        );
        assert_eq!(negotiate(Some(&[K::new("utf-7")])), Encoding::Utf16);
    }

    #[test]
    fn rope_and_text_agree_on_emoji_cyrillic_crlf() {
        let t = "a😀b\r\nПутин x\rlast 🇺🇦 z";
        let rope = Rope::from_str(t);
        let idx = LineIndex::new(t);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let conv = Conv::new(t, &idx, enc);
            for (off, _) in t.char_indices().chain([(t.len(), ' ')]) {
                if t[..off].ends_with('\r') && t[off..].starts_with('\n') {
                    continue; // inside a CRLF: no position of its own
                }
                let p = conv.position(off);
                assert_eq!(conv.offset(p), off, "{enc:?} {off}");
                assert_eq!(
                    rope.char_to_byte(rope_char(&rope, p, enc)),
                    off,
                    "{enc:?} {off}"
                );
            }
        }
    }

    #[test]
    fn out_of_range_clamps() {
        let t = "ab😀\r\ncd";
        let rope = Rope::from_str(t);
        // Past the end of line 0: before the CRLF, never between CR and LF.
        assert_eq!(rope_char(&rope, pos(0, 99), Encoding::Utf16), 3);
        assert_eq!(
            rope_char(&rope, pos(7, 0), Encoding::Utf16),
            rope.len_chars()
        );
        // Inside the surrogate pair: the start of the emoji.
        assert_eq!(rope_char(&rope, pos(0, 3), Encoding::Utf16), 2);
        // Inside the UTF-8 sequence: the start of the emoji.
        assert_eq!(rope_char(&rope, pos(0, 4), Encoding::Utf8), 2);
        let r = rope_range(&rope, Range::new(pos(1, 2), pos(0, 0)), Encoding::Utf32);
        assert_eq!(r, 0..rope.len_chars());
    }
}
