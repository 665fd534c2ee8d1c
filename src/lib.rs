//! copydesk: checks news copy against a reference corpus of source articles.
//!
//! The pipeline runs one way (see `ARCHITECTURE.md`):
//!
//! ```text
//! text ──► text::prose / sentences / tokens / quotes ──► model::Doc
//! corpus articles ──► model::Doc each ──► corpus::Corpus (names, figures, quotes, roles, conflicts)
//! (Corpus, Doc) ──► checks::check ──► Vec<Finding> ──► cli / lsp
//! ```
//!
//! [`Analysis`] re-checks an edited draft incrementally with the same result.
//!
//! Everything up to [`checks`] and [`describe`] is pure: text in, findings
//! out, no I/O and no LSP types. [`cli`] and [`lsp`] are thin front ends.

pub mod analysis;
pub mod checks;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod describe;
pub mod finding;
pub mod lsp;
pub mod model;
pub mod text;

pub use analysis::Analysis;
pub use checks::{Options, Scope, check};
pub use corpus::Corpus;
pub use finding::{Code, Finding, Severity, Source};
pub use model::Doc;
pub use text::Format;

/// mimalloc: the analysis makes many small, short-lived allocations
/// (words, tokens, findings), which glibc's allocator serves markedly slower.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
