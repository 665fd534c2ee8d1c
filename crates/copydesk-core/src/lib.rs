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

/// The version of what the analysis stores: each article's [`Doc`] and the
/// [`corpus::Derived`] part (names model, postings), as the index file and
/// a PostgreSQL archive hold them. Raise it by one whenever a change makes
/// the analysis store something else for the same text (a new field, a
/// changed rule, a word list edited): an index file or archive of another
/// model version is then rebuilt or pushed again, never read as this
/// build's. A comment or a refactoring leaves it alone, so clients of two
/// builds with the same version share an archive. `tests/model_version.rs`
/// fails when a fixture corpus's encoding changes without it.
pub const MODEL_VERSION: u32 = 6;

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
