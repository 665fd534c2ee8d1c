//! Text layer: Markdown/plain text → prose blocks, sentences, tokens,
//! quotations, and exact positions. Nothing here knows about the corpus.

pub mod lines;
pub mod prose;
pub mod quotes;
pub mod sentences;
pub mod tokens;

pub use lines::{Encoding, LineCol, LineIndex};
pub use prose::{Format, Prose};

/// How many items two sequences share at their start, and then at their
/// end (never counting an item twice): what an edit, a fix or a spelling
/// left alone around the part it changed.
pub fn common_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (head, tail)
}

#[cfg(test)]
mod common_ends_tests {
    use super::common_ends;

    #[test]
    fn start_and_end_shared_never_overlap() {
        assert_eq!(common_ends(b"abcxyz", b"abqxyz"), (2, 3));
        assert_eq!(common_ends(b"aaa", b"aaaa"), (3, 0));
        assert_eq!(common_ends::<u8>(b"", b"ab"), (0, 0));
    }
}
