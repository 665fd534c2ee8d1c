//! The language server front end (`copydesk lsp`): diagnostics, hover,
//! go-to-definition, quick fixes and name completion over stdio.
//!
//! - [`server`]: the `LanguageServer` implementation and its state;
//! - [`documents`]: open documents (ropes edited incrementally);
//! - [`position`]: LSP positions ↔ offsets in the negotiated encoding;
//! - [`diagnostics`]: findings → diagnostics; [`hover`]; [`actions`];
//! - [`config`]: settings layers; [`corpus`]: the corpus with file URIs;
//! - [`framing`]: the transport; answers malformed and out-of-place
//!   messages as JSON-RPC and LSP say, and keeps them from ending the session.

pub mod actions;
pub mod building;
pub mod config;
pub mod corpus;
pub mod diagnostics;
pub mod documents;
pub mod framing;
pub mod hover;
pub mod position;
pub mod server;

use std::sync::atomic::Ordering;
use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::LspService;

/// How long an idle analysis thread lives (tokio's default is 10 s). A
/// thread's allocator heap keeps the pages of what it made until the thread
/// allocates again or ends, so idle threads end soon, and memory freed when
/// documents close can go back to the system.
pub const BLOCKING_KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(1);

/// `copydesk lsp [--stdio]`: serve on stdin/stdout until `exit` or the end
/// of stdin. Returns 0 after a `shutdown` request, else 1 (as LSP says).
pub fn run(args: &[String]) -> i32 {
    for a in args.iter().skip(1) {
        if !matches!(a.as_str(), "lsp" | "--stdio") {
            crate::say!("copydesk lsp: ignoring argument `{a}`");
        }
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_keep_alive(BLOCKING_KEEP_ALIVE)
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            crate::say!("copydesk lsp: cannot start: {e}");
            return 1;
        }
    };
    let code = rt.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // Blocked stdin reads and running analyses must not keep the process alive.
    rt.shutdown_background();
    code
}

/// Serve one client on `input`/`output` (stdio, or pipes in tests).
pub async fn serve<I, O>(input: I, output: O) -> i32
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = LspService::build(server::Backend::new).finish();
    let state = service.inner().s.clone();
    framing::run(input, output, service, socket).await;
    if state.shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
