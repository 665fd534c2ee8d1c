//! copydesk-store: every persisted form of the archive, and the one API
//! that opens a corpus from any of them (see `ARCHITECTURE.md`).
//!
//! ```text
//! open::Spec + open::Policy ──► open::Opener::open ──► open::Opened (a Corpus) | open::OpenError
//!   built-in files ─► loader::from_files
//!   folders ───────► loader::list ─► index (the index file, memory-mapped)
//!   postgres:// ───► postgres (tables read row by row, a push's NOTIFY heard)
//! ```
//!
//! The core ([`copydesk_core`]) holds the model, its searches and the
//! traits the stored forms answer through; this crate reads and writes
//! files and databases; the binary holds the CLI and the language server.

pub mod health;
pub mod index;
pub mod loader;
pub mod open;
pub mod postgres;
pub mod progress;

pub use health::{Event, Watch};
pub use open::{OpenError, Opened, Opener, Origin, Policy, Spec};
pub use progress::{Progress, Silent};
