//! Byte offsets ↔ line/column positions in UTF-8, UTF-16 and UTF-32 units.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r` (as LSP says), so CRLF and LF
//! files give the same line and column numbers.

/// The unit a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Unicode scalar values (Rust `char`s).
    Utf32,
}

/// A 0-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

/// Line starts of a text, for converting offsets to positions and back.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts; `starts[0] == 0`.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts, len: text.len() }
    }

    /// Byte range of line `line` without its terminator.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let b = text.as_bytes();
        while end > start && matches!(b[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// 0-based line containing byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// Position of byte `offset`, with the column counted in `enc` units.
    /// Offsets inside a character are moved back to its start.
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col = count_units(&text[start..offset], enc);
        LineCol { line, col }
    }

    /// Byte offset of a position. Lines past the end clamp to the end of the
    /// text; columns past the end of a line clamp to the end of that line;
    /// a column inside a UTF-16 surrogate pair lands before the character.
    pub fn offset(&self, text: &str, pos: LineCol, enc: Encoding) -> usize {
        if pos.line >= self.starts.len() {
            return text.len();
        }
        let range = self.line_range(text, pos.line);
        let line = &text[range.clone()];
        let mut units = 0;
        for (i, ch) in line.char_indices() {
            let w = unit_len(ch, enc);
            if units + w > pos.col {
                return range.start + i;
            }
            units += w;
        }
        range.end
    }
}

fn unit_len(ch: char, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => ch.len_utf8(),
        Encoding::Utf16 => ch.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

/// Length of `s` in `enc` units.
pub fn count_units(s: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
        Encoding::Utf32 => s.chars().count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_lf_give_same_positions() {
        let lf = "ab\ncd é\n";
        let crlf = "ab\r\ncd é\r\n";
        let a = LineIndex::new(lf).position(lf, lf.find('é').unwrap(), Encoding::Utf32);
        let b = LineIndex::new(crlf).position(crlf, crlf.find('é').unwrap(), Encoding::Utf32);
        assert_eq!(a, b);
        assert_eq!(a, LineCol { line: 1, col: 3 });
    }

    #[test]
    fn emoji_columns_per_encoding() {
        let t = "😀x";
        let idx = LineIndex::new(t);
        let x = t.find('x').unwrap();
        assert_eq!(idx.position(t, x, Encoding::Utf8).col, 4);
        assert_eq!(idx.position(t, x, Encoding::Utf16).col, 2);
        assert_eq!(idx.position(t, x, Encoding::Utf32).col, 1);
        assert_eq!(idx.offset(t, LineCol { line: 0, col: 2 }, Encoding::Utf16), x);
        // Inside the surrogate pair: before the emoji, never a panic.
        assert_eq!(idx.offset(t, LineCol { line: 0, col: 1 }, Encoding::Utf16), 0);
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let t = "abc\r\ndef";
        let idx = LineIndex::new(t);
        assert_eq!(idx.offset(t, LineCol { line: 0, col: 99 }, Encoding::Utf16), 3);
        assert_eq!(idx.offset(t, LineCol { line: 9, col: 0 }, Encoding::Utf16), t.len());
        assert_eq!(idx.position(t, 999, Encoding::Utf8), LineCol { line: 1, col: 3 });
        // A lone CR ends a line too.
        let cr = "a\rb";
        assert_eq!(LineIndex::new(cr).position(cr, 2, Encoding::Utf8), LineCol { line: 1, col: 0 });
    }
}
