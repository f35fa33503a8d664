//! The hash functions of the topic features: FNV-1a steps, the start state of each feature
//! group, the bucket of a hash and the 32-bit key of a word hash. Pure functions; knows
//! nothing of texts, tables or models.

pub(super) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
pub(super) const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// Start states of the feature groups (FNV offset run over a group tag).
pub(super) const WORD_SEED: u64 = FNV_OFFSET ^ 0x77;
pub(super) const CHAR_SEED: u64 = FNV_OFFSET ^ 0x63;
pub(super) const LEN_SEED: u64 = FNV_OFFSET ^ 0x6c;
pub(super) const CLUSTER_SEED: u64 = FNV_OFFSET ^ 0x6b;
pub(super) const BIGRAM_SALT: u64 = 0x9e37_79b9_7f4a_7c15;

#[inline(always)]
pub(super) fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(FNV_PRIME)
}

/// Bucket of a hash: fold the high half in, multiply, keep the top `bits` bits.
#[inline(always)]
pub(super) fn bucket(h: u64, bits: u32) -> u32 {
    ((h ^ (h >> 32)).wrapping_mul(0xd6e8_feb8_6659_fd93) >> (64 - bits)) as u32
}

/// The 32-bit key of a word hash (see [`word_key`](super::word_key)).
#[inline(always)]
pub(super) fn key_of_hash(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}
