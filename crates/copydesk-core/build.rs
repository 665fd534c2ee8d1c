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

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).to_path_buf();
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
