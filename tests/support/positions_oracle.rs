// The oracle for position conversion, shared by tests/properties.rs and
// fuzz/fuzz_targets/positions.rs (each `include!`s it).

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
