//! Hashing shared by the tagger's tables and features: a streaming FxHash-like hasher, the
//! string key of tokens and phrases, and a `HashMap` for keys that are hashes already.
//! The bottom of `ner/`: uses nothing else of the crate.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x517c_c1b7_2722_0a95;

/// An FxHash-like streaming hasher.
#[derive(Clone, Copy, Debug)]
pub(crate) struct H(pub(crate) u64);

impl H {
    #[inline]
    pub(crate) fn new(template: u8) -> H {
        H((template as u64 ^ 0x9e37_79b9_7f4a_7c15).wrapping_mul(K))
    }
    #[inline]
    pub(crate) fn u(self, x: u64) -> H {
        H((self.0.rotate_left(5) ^ x).wrapping_mul(K))
    }
    pub(crate) fn bytes(self, b: &[u8]) -> H {
        let mut h = self;
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            h = h.u(u64::from_le_bytes(a));
        }
        let r = chunks.remainder();
        let mut a = [0u8; 8];
        a[..r.len()].copy_from_slice(r);
        h.u(u64::from_le_bytes(a)).u(b.len() as u64)
    }
    #[inline]
    pub(crate) fn mix(self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }
    #[inline]
    pub(crate) fn fin(self) -> u32 {
        self.mix() as u32
    }
}

/// Hash of a string (used for token and phrase keys).
pub(crate) fn hash_str(s: &str) -> u64 {
    H::new(0).bytes(s.as_bytes()).mix()
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(K);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = (i as u64).wrapping_mul(K);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i.wrapping_mul(K) ^ (i >> 29);
    }
}

/// A HashMap keyed by hashes.
pub(crate) type IdMap<K2, V> = HashMap<K2, V, BuildHasherDefault<IdHasher>>;
