//! Text layer: Markdown/plain text → prose blocks, sentences, tokens,
//! quotations, and exact positions. Nothing here knows about the corpus.

pub mod lines;
pub mod prose;
pub mod quotes;
pub mod sentences;
pub mod tokens;

pub use lines::{Encoding, LineCol, LineIndex};
pub use prose::{Format, Prose};
