//! The core's promise (ARCHITECTURE.md): text in, findings out — no I/O, no
//! async runtime, no LSP, CLI or allocator choices, no printing. The
//! dependency half is enforced by the compiler (the crate cannot name what
//! its manifest lacks); this test holds the manifest and the sources to the rest.

use std::path::Path;

const FORBIDDEN_DEPENDENCIES: &[&str] = &[
    "tokio",
    "tower-lsp-server",
    "tower-lsp",
    "lsp-types",
    "clap",
    "mimalloc",
    "notify",
    "ropey",
    "dashmap",
];

/// What library code may not call: file, process, environment and network
/// access, and printing. Test code (after `#[cfg(test)]`, or `tests.rs`) may.
const FORBIDDEN_CALLS: &[&str] = &[
    "std::fs",
    "fs::read",
    "File::open",
    "std::io::stdout",
    "std::io::stderr",
    "std::io::stdin",
    "std::env::var",
    "env::var(",
    "std::process",
    "std::net",
    "println!",
    "eprintln!",
    "print!(",
    "eprint!(",
    "dbg!(",
];

fn library_sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            library_sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs")
            && p.file_name().is_some_and(|n| n != "tests.rs")
        {
            let text = std::fs::read_to_string(&p).unwrap();
            let lib = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
            out.push((p.display().to_string(), lib));
        }
    }
}

#[test]
fn the_manifest_has_no_front_end_dependencies() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap_or("")
        .split("\n[")
        .next()
        .unwrap_or("");
    for line in deps
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let name = line.split(['=', ' ', '.']).next().unwrap_or("");
        assert!(
            !FORBIDDEN_DEPENDENCIES.contains(&name),
            "copydesk-core must not depend on `{name}`"
        );
    }
}

#[test]
fn library_code_does_no_io_and_prints_nothing() {
    let mut files = Vec::new();
    library_sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 10, "sources not found");
    let mut bad = Vec::new();
    for (path, text) in &files {
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for f in FORBIDDEN_CALLS {
                if code.contains(f) {
                    bad.push(format!("{path}:{}: `{f}`", n + 1));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "I/O or printing in copydesk-core:\n{}",
        bad.join("\n")
    );
}
