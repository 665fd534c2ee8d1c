//! The language server front end (`copydesk lsp`).

/// Entry point for `copydesk lsp` (placeholder until the server lands).
pub fn run(_args: &[String]) -> i32 {
    eprintln!("copydesk: the language server is not built yet");
    2
}
