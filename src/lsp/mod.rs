//! The language server front end (`copydesk lsp`).
