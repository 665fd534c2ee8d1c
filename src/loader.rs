//! The store's loader ([`copydesk_store::loader`]), and the corpus built
//! into this binary (the project's `corpus/`, embedded by `build.rs`).

pub use copydesk_store::loader::*;

use copydesk_core::Corpus;

include!(concat!(env!("OUT_DIR"), "/embedded_corpus.rs"));

const EMBEDDED: &[(&str, &[u8])] = embedded_list!();

/// The articles built into the binary: `(file name, bytes)`.
pub fn embedded_files() -> &'static [(&'static str, &'static [u8])] {
    EMBEDDED
}

/// The corpus built into the binary.
pub fn embedded() -> Corpus {
    from_files(EMBEDDED)
}
