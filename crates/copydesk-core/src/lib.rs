//! copydesk-core: checks news copy against a reference corpus of source
//! articles. Text in, findings out: no I/O, no async runtime, no LSP types,
//! no printing (see `ARCHITECTURE.md`; `tests/purity.rs` holds the crate to it).
//!
//! ```text
//! text ──► text::prose / sentences / tokens / quotes ──► model::Doc
//! article texts ──► model::Doc each ──► corpus::Corpus (names, figures, quotes, roles, conflicts)
//! (impl CorpusQuery, Doc) ──► checks::check ──► Vec<Finding> ──► front ends
//! ```
//!
//! [`Analysis`] re-checks an edited draft incrementally with the same result.

/// Identifies this build's corpus model (a hash of the core's sources and
/// word lists): a persisted model made by another build is not read.
pub const MODEL_HASH: &str = env!("COPYDESK_MODEL_HASH");

pub mod analysis;
pub mod checks;
pub mod corpus;
pub mod describe;
pub mod finding;
pub mod model;
pub mod text;
pub mod wording;

pub use analysis::Analysis;
pub use checks::{Options, Scope, check};
pub use corpus::{ArticleText, Corpus};
pub use finding::{Code, Finding, Severity, Source};
pub use model::Doc;
pub use text::Format;
