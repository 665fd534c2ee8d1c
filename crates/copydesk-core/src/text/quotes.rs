//! Quotations inside a block: typographic “…”, «…» and straight "…".

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    /// The quoted words, without the marks.
    pub inner: Range<usize>,
    /// The words with the marks.
    pub outer: Range<usize>,
}

/// Find quotations in `text[range]`. Unbalanced marks are ignored.
pub fn find(text: &str, range: Range<usize>) -> Vec<Quotation> {
    let s = &text[range.clone()];
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in s.char_indices() {
        match (open, c) {
            (None, '“' | '«' | '"') => open = Some((i, c)),
            (Some((o, '“')), '”') | (Some((o, '«')), '»') | (Some((o, '"')), '"') => {
                let inner_start = o + s[o..].chars().next().map_or(1, char::len_utf8);
                if s[inner_start..i].trim().chars().any(char::is_alphanumeric) {
                    out.push(Quotation {
                        inner: range.start + inner_start..range.start + i,
                        outer: range.start + o..range.start + i + c.len_utf8(),
                    });
                }
                open = None;
            }
            // A new typographic opener before the old one closed: restart there.
            (Some(_), '“' | '«') => open = Some((i, c)),
            // Straight quote closing a typographic opener (bad copy): accept it.
            (Some((o, '“')), '"') => {
                let inner_start = o + '“'.len_utf8();
                out.push(Quotation {
                    inner: range.start + inner_start..range.start + i,
                    outer: range.start + o..range.start + i + 1,
                });
                open = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_straight_and_typographic() {
        let s = "He said “we are not at war,” and \"no\" then «oui» and “unclosed";
        let q: Vec<&str> = find(s, 0..s.len())
            .into_iter()
            .map(|q| &s[q.inner])
            .collect();
        assert_eq!(q, vec!["we are not at war,", "no", "oui"]);
    }
}
