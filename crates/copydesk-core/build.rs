//! Lays out the hash table of `data/english-words.txt` at compile time.
use std::{env, fs, path::Path};

#[path = "src/model/wordhash.rs"]
mod wordhash;

/// An open-addressing table (linear probing) over the word list: one
/// little-endian u32 per slot, `offset << 8 | length` of a word in the
/// list, `u32::MAX` for an empty slot. Built here so looking a word up
/// costs one hash and a comparison or two, with nothing to set up at run time.
fn english_table(list: &str) -> Vec<u8> {
    let words: Vec<(usize, &str)> = list
        .split('\n')
        .scan(0usize, |off, w| {
            let at = *off;
            *off += w.len() + 1;
            Some((at, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let size = (words.len() * 2).next_power_of_two();
    let mut slots = vec![u32::MAX; size];
    for (off, w) in words {
        assert!(
            off < 1 << 24 && w.len() < 256,
            "word list too large for the table layout"
        );
        let mut i = wordhash::fnv1a(w.as_bytes()) as usize & (size - 1);
        while slots[i] != u32::MAX {
            i = (i + 1) & (size - 1);
        }
        slots[i] = (off as u32) << 8 | w.len() as u32;
    }
    slots.iter().flat_map(|s| s.to_le_bytes()).collect()
}

/// FNV-1a over every file under `dir` (paths from `root` and contents, in path order).
fn hash_tree(root: &Path, dir: &Path, h: &mut u64) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            hash_tree(root, &p, h);
        } else {
            let name = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .into_owned();
            let bytes = [name.as_bytes(), &fs::read(&p).unwrap()].concat();
            *h = wordhash::fnv1a(&[&h.to_le_bytes()[..], &bytes].concat());
        }
    }
}

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).to_path_buf();
    // The model's identity: a hash of the sources and word lists that make
    // it. A persisted index made by any other build is rebuilt, never read
    // as if its types and rules were this build's.
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=data");
    let mut h = 0u64;
    for sub in ["src", "data"] {
        hash_tree(&root, &root.join(sub), &mut h);
    }
    println!("cargo:rustc-env=COPYDESK_MODEL_HASH={h:016x}");
    let words = root.join("data/english-words.txt");
    println!("cargo:rerun-if-changed={}", words.display());
    println!("cargo:rerun-if-changed=src/model/wordhash.rs");
    let list = fs::read_to_string(&words).unwrap();
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("english-table.bin"),
        english_table(&list),
    )
    .unwrap();
}
