//! The hash behind the English word table, shared by `build.rs` (which
//! lays the table out at compile time) and `lexicon::is_english_word`
//! (which looks words up in it): FNV-1a, 64 bits.

pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
