//! A fast, non-cryptographic hasher for the linter's internal maps (the
//! Fx hash of rustc and Firefox). Keys come from one config file, so hash
//! flooding is not a concern, and SipHash was a fifth of a big check's time.

use std::hash::{BuildHasherDefault, Hasher};

/// Rotate-multiply hashing of words, as `rustc_hash::FxHasher` does.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` with [`FxHasher`].
pub(crate) type FxHashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn hash(s: &str) -> u64 {
        let mut h = FxHasher::default();
        s.hash(&mut h);
        h.finish()
    }

    #[test]
    fn equal_strings_hash_alike_and_different_ones_differ() {
        assert_eq!(hash("backend"), hash("backend"));
        assert_ne!(hash("backend"), hash("backenc"));
        assert_ne!(hash("ab"), hash("a"));
        let mut map: FxHashMap<&str, u32> = FxHashMap::default();
        map.insert("a", 1);
        assert_eq!(map.get("a"), Some(&1));
    }
}
