//! The `copydesk` binary's front ends over `copydesk-core`: the CLI
//! (`copydesk check`, `copydesk corpus …`) and the language server
//! (`copydesk lsp`), with `.copydesk.toml` settings and the built-in
//! corpus. Storage (the loader, the index file, the PostgreSQL archive and
//! opening a corpus) is `copydesk-store`, re-exported here by module.
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
pub mod generate;
pub mod loader;
pub mod lsp;

pub use copydesk_core::*;
pub use copydesk_store::{health, index, open, postgres, progress};

/// mimalloc: the analysis makes many small, short-lived allocations
/// (words, tokens, findings), which glibc's allocator serves markedly slower.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Hand memory the allocator holds but no longer uses back to the system:
/// mimalloc frees this thread's empty pages and purges every free page now
/// rather than after its delay. Cheap (no allocation is moved), but not for
/// every keystroke: the language server calls it after documents close.
pub fn release_memory() {
    unsafe extern "C" {
        // In the mimalloc library the allocator above links in.
        fn mi_collect(force: bool);
    }
    // SAFETY: mi_collect takes no pointers and may be called on any thread at any time.
    unsafe { mi_collect(true) }
}
