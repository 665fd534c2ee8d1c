//! FNV-1a (64 bits): the hash behind the English word table, shared by
//! `build.rs` (which lays the table out at compile time) and
//! `lexicon::is_english_word` (which looks words up in it); also the hasher
//! of the word-keyed maps the analysis consults for every word
//! ([`WordMap`], [`WordSet`]), where it is several times cheaper than the
//! default SipHash on short keys. (Keys come from the writer's own drafts
//! and corpus, so hash flooding is not a concern.)

// build.rs includes this file for `fnv1a` alone.
#![allow(dead_code)]

pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A [`std::hash::Hasher`] computing [`fnv1a`] incrementally.
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type WordMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;
pub type WordSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<Fnv>>;
