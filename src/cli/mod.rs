//! `copydesk check` and `copydesk corpus …`, plus the `lsp` entry point.
pub fn main() -> i32 {
    0
}
