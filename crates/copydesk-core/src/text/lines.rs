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
///
/// Besides the line starts it keeps a checkpoint every [`STEP`] bytes (the
/// UTF-16 and char counts from the start of the text up to there), so a
/// column is counted from the nearest checkpoint, never from the start of a
/// long line: each conversion costs O(log n + STEP), whatever the line length.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LineIndex {
    /// Byte offset where each line starts; `starts[0] == 0`.
    starts: Vec<usize>,
    /// Sorted by byte offset, each on a char boundary; `checks[0]` is the start.
    checks: Vec<Checkpoint>,
    len: usize,
}

/// Bytes between checkpoints (at least; a checkpoint sits on a char boundary).
const STEP: usize = 512;

#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Checkpoint {
    byte: usize,
    /// UTF-16 code units before `byte`.
    utf16: usize,
    /// Unicode scalar values before `byte`.
    chars: usize,
}

impl Checkpoint {
    fn units(&self, enc: Encoding) -> usize {
        match enc {
            Encoding::Utf8 => self.byte,
            Encoding::Utf16 => self.utf16,
            Encoding::Utf32 => self.chars,
        }
    }
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut checks = vec![Checkpoint {
            byte: 0,
            utf16: 0,
            chars: 0,
        }];
        let (mut utf16, mut chars, mut next_check) = (0, 0, STEP);
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // Not a UTF-8 continuation byte: a char starts here.
            if b & 0xC0 != 0x80 {
                if i >= next_check {
                    checks.push(Checkpoint {
                        byte: i,
                        utf16,
                        chars,
                    });
                    next_check = i + STEP;
                }
                chars += 1;
                utf16 += if b >= 0xF0 { 2 } else { 1 };
            }
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        // The LF is one char and one unit too.
                        i += 1;
                        chars += 1;
                        utf16 += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            starts,
            checks,
            len: text.len(),
        }
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

    /// Units in `enc` from the start of the text to `offset` (a char boundary).
    fn units_before(&self, text: &str, offset: usize, enc: Encoding) -> usize {
        if enc == Encoding::Utf8 {
            return offset;
        }
        let c = self.checks[self.checks.partition_point(|c| c.byte <= offset) - 1];
        c.units(enc) + count_units(&text[c.byte..offset], enc)
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
        let col = self.units_before(text, offset, enc) - self.units_before(text, start, enc);
        LineCol { line, col }
    }

    /// Byte offset of a position. Lines past the end clamp to the end of the
    /// text; columns past the end of a line clamp to the end of that line;
    /// a column inside a character (a UTF-16 surrogate pair, a UTF-8
    /// sequence) lands before the character.
    pub fn offset(&self, text: &str, pos: LineCol, enc: Encoding) -> usize {
        if pos.line >= self.starts.len() {
            return text.len();
        }
        let range = self.line_range(text, pos.line);
        if enc == Encoding::Utf8 {
            let Some(mut at) = range
                .start
                .checked_add(pos.col)
                .filter(|&at| at < range.end)
            else {
                return range.end;
            };
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return at;
        }
        // Walk from the last checkpoint inside the line at or before the column.
        let line_units = self.units_before(text, range.start, enc);
        let target = line_units.saturating_add(pos.col);
        let k = self
            .checks
            .partition_point(|c| c.byte <= range.end && c.units(enc) <= target);
        let (from, mut units) = match self.checks[..k].last() {
            Some(c) if c.byte > range.start => (c.byte, c.units(enc) - line_units),
            _ => (range.start, 0),
        };
        for (i, ch) in text[from..range.end].char_indices() {
            let w = unit_len(ch, enc);
            if units + w > pos.col {
                return from + i;
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
        assert_eq!(
            idx.offset(t, LineCol { line: 0, col: 2 }, Encoding::Utf16),
            x
        );
        // Inside the surrogate pair: before the emoji, never a panic.
        assert_eq!(
            idx.offset(t, LineCol { line: 0, col: 1 }, Encoding::Utf16),
            0
        );
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let t = "abc\r\ndef";
        let idx = LineIndex::new(t);
        assert_eq!(
            idx.offset(t, LineCol { line: 0, col: 99 }, Encoding::Utf16),
            3
        );
        assert_eq!(
            idx.offset(t, LineCol { line: 9, col: 0 }, Encoding::Utf16),
            t.len()
        );
        assert_eq!(
            idx.position(t, 999, Encoding::Utf8),
            LineCol { line: 1, col: 3 }
        );
        // A lone CR ends a line too.
        let cr = "a\rb";
        assert_eq!(
            LineIndex::new(cr).position(cr, 2, Encoding::Utf8),
            LineCol { line: 1, col: 0 }
        );
    }

    /// Counting from the start of the line, for comparison.
    fn naive(text: &str, offset: usize, enc: Encoding) -> LineCol {
        let before = &text[..offset];
        let start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = before.matches('\n').count() + before.matches('\r').count()
            - before.matches("\r\n").count();
        LineCol {
            line,
            col: count_units(&text[start..offset], enc),
        }
    }

    #[test]
    fn checkpoints_agree_with_counting_from_the_line_start() {
        // Long lines of mixed widths, CRLF, lone CR, a CRLF straddling a checkpoint.
        let unit = "aé€😀 Путин 🇺🇦 x";
        let mut t = String::new();
        for i in 0..300 {
            t.push_str(unit);
            t.push_str(["", "\n", "\r\n", "\r", ""][i % 5]);
        }
        t.push_str(&"b".repeat(STEP - 1));
        t.push_str("\r\nend 😀");
        let idx = LineIndex::new(&t);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (off, _) in t.char_indices().chain([(t.len(), ' ')]) {
                if t[..off].ends_with('\r') && t[off..].starts_with('\n') {
                    continue;
                }
                let p = idx.position(&t, off, enc);
                assert_eq!(p, naive(&t, off, enc), "{enc:?} {off}");
                assert_eq!(idx.offset(&t, p, enc), off, "{enc:?} {off}");
            }
            // Columns past the end and inside characters.
            for line in 0..idx.starts.len() {
                let r = idx.line_range(&t, line);
                let n = count_units(&t[r.clone()], enc);
                assert_eq!(idx.offset(&t, LineCol { line, col: n + 5 }, enc), r.end);
                assert_eq!(
                    idx.offset(
                        &t,
                        LineCol {
                            line,
                            col: usize::MAX
                        },
                        enc
                    ),
                    r.end
                );
            }
        }
        // Inside the emoji (surrogate pair / UTF-8 sequence): its start.
        let at = t.find('😀').unwrap();
        let p = idx.position(&t, at, Encoding::Utf16);
        assert_eq!(
            idx.offset(
                &t,
                LineCol {
                    col: p.col + 1,
                    ..p
                },
                Encoding::Utf16
            ),
            at
        );
        let p = idx.position(&t, at, Encoding::Utf8);
        assert_eq!(
            idx.offset(
                &t,
                LineCol {
                    col: p.col + 2,
                    ..p
                },
                Encoding::Utf8
            ),
            at
        );
    }

    /// Time to convert a position every 64 bytes of one long line, both
    /// ways, in every encoding: linear in the size, so 4× the text takes
    /// about 4× the time (counting from the line start took 16×).
    #[test]
    fn conversion_on_one_long_line_is_linear() {
        fn run(n: usize) -> std::time::Duration {
            let unit = "Tabarov said 5,000 — Путин 😀 ";
            let t = unit.repeat(n / unit.len());
            let idx = LineIndex::new(&t);
            let offs: Vec<usize> = (0..t.len()).step_by(64).collect();
            let mut best = std::time::Duration::MAX;
            for _ in 0..9 {
                let start = std::time::Instant::now();
                let mut sum = 0;
                for enc in [Encoding::Utf16, Encoding::Utf32] {
                    for &o in &offs {
                        let p = idx.position(&t, o, enc);
                        sum += idx.offset(&t, p, enc);
                    }
                }
                std::hint::black_box(sum);
                best = best.min(start.elapsed());
            }
            best
        }
        let (small, large) = (run(200_000), run(800_000));
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
        eprintln!("position conversion: {small:?} → {large:?} ({ratio:.1}×)");
        assert!(
            ratio < 9.0,
            "4× the text took {ratio:.1}× the time ({small:?} → {large:?})"
        );
    }
}
