//! Embeds `corpus/` (every .txt/.md article and `names.toml`) as the
//! binary's default corpus. `src/loader.rs` hands the texts to
//! the core.
use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("corpus");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    let mut out = String::from("macro_rules! embedded_list { () => { &[\n");
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let ok = name.ends_with(".txt") || name.ends_with(".md") || name == "names.toml";
        if ok && p.is_file() {
            println!("cargo:rerun-if-changed={}", p.display());
            out.push_str(&format!(
                "    ({name:?}, include_bytes!({:?}) as &[u8]),\n",
                p.display().to_string()
            ));
        }
    }
    out.push_str("] }; }\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded_corpus.rs");
    fs::write(dest, out).unwrap();
}
