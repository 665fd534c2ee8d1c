//! The `copydesk` binary's front ends over `copydesk-core`: the CLI
//! (`copydesk check`, `copydesk corpus …`) and the language server
//! (`copydesk lsp`), with the corpus loader and `.copydesk.toml` settings.
//! All analysis lives in the core; these layers read files, speak LSP and
//! print. The core is re-exported so tests and benches can name it as
//! `copydesk::…`.

/// `eprintln!` that never panics: a closed or broken stderr (an editor
/// that stopped reading it, `2>&1 | head`) must not take the process down.
#[macro_export]
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

pub mod cli;
pub mod config;
pub mod loader;
pub mod lsp;

pub use copydesk_core::*;

/// mimalloc: the analysis makes many small, short-lived allocations
/// (words, tokens, findings), which glibc's allocator serves markedly slower.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
