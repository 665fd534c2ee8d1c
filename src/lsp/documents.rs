//! Open documents: a rope per URI with its version, edited in place by
//! incremental changes.

use super::diagnostics::Analysis;
use super::position::rope_range;
use crate::text::{Encoding, Format};
use ropey::Rope;
use std::sync::Arc;
use tokio::sync::{OnceCell, watch};
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

/// An analysis being made: `(change, generation, result)`.
pub type Pending = (u64, u64, Arc<OnceCell<Arc<Analysis>>>);

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub format: Format,
    /// Distinguishes this opening of the URI from earlier ones.
    pub epoch: u64,
    /// Counts the changes applied since opening: what results are keyed by,
    /// since a client may send new text under an unchanged version.
    pub change: u64,
    /// Wakes the document's analysis worker (push mode); dropping it stops the worker.
    pub wake: Option<watch::Sender<u64>>,
    /// The latest analysis with the change it was made for, possibly an older one.
    pub last: Option<(u64, Arc<Analysis>)>,
    /// The analysis being made, shared by everyone who needs it, so a slow
    /// document is analysed once per version.
    pub pending: Option<Pending>,
}

impl Document {
    pub fn new(text: &str, version: i32, format: Format, epoch: u64) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
            format,
            epoch,
            change: 0,
            wake: None,
            last: None,
            pending: None,
        }
    }

    /// Apply content changes in order. A change without a range replaces the text.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, enc: Encoding) {
        self.change += 1;
        for ch in changes {
            match ch.range {
                None => self.rope = Rope::from_str(&ch.text),
                Some(r) => {
                    let span = rope_range(&self.rope, r, enc);
                    self.rope.remove(span.clone());
                    self.rope.insert(span.start, &ch.text);
                }
            }
        }
    }

    pub fn wake(&self) {
        if let Some(w) = &self.wake {
            w.send_modify(|n| *n += 1);
        }
    }
}

/// How to read a document: by its extension, or Markdown if the client says so.
pub fn format_of(uri: &Uri, language_id: &str) -> Format {
    match Format::from_path(uri.path().as_str()) {
        Format::Plain if language_id.eq_ignore_ascii_case("markdown") => Format::Markdown,
        f => f,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn incremental_edits_around_emoji_and_crlf() {
        let mut d = Document::new("😀 Tabarov\r\nsaid.", 1, Format::Plain, 0);
        // UTF-16: the emoji is two units; "Tabarov" starts at 3.
        d.apply(vec![change(0, 3, 0, 10, "Tabalov")], Encoding::Utf16);
        assert_eq!(d.rope.to_string(), "😀 Tabalov\r\nsaid.");
        // Join the lines: delete the CRLF.
        d.apply(vec![change(0, 10, 1, 0, " ")], Encoding::Utf16);
        assert_eq!(d.rope.to_string(), "😀 Tabalov said.");
        // UTF-8 columns.
        d.apply(vec![change(0, 0, 0, 4, "🇺🇦")], Encoding::Utf8);
        assert_eq!(d.rope.to_string(), "🇺🇦 Tabalov said.");
        // Full replacement.
        d.apply(
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "x".into(),
            }],
            Encoding::Utf8,
        );
        assert_eq!(d.rope.to_string(), "x");
    }
}
