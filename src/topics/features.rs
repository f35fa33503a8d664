//! Hashed sparse features for the topic classifier.
//!
//! A text becomes a sparse vector over `2^bits` hash buckets:
//! - lowercased word unigrams and bigrams (tokens are maximal runs of alphanumeric characters),
//! - character n-grams (`char_min..=char_max`) inside each word, with `<`/`>` word-boundary marks,
//!   which carry meaning across related languages and inflections.
//!
//! Counts are damped (`1 + ln(count)`), each group (words, chars) is L2-normalized and scaled by its
//! group weight, so short sentences and long articles live on the same scale.

use serde::{Deserialize, Serialize};

/// Feature extraction settings (stored in the model file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureConfig {
    /// Number of hash bits: the feature space has `2^bits` buckets.
    pub bits: u32,
    /// Shortest character n-gram.
    pub char_min: usize,
    /// Longest character n-gram (0 disables character n-grams).
    pub char_max: usize,
    /// Use word bigrams besides unigrams.
    pub word_bigrams: bool,
    /// Weight of the (L2-normalized) word group.
    pub word_weight: f32,
    /// Weight of the (L2-normalized) character group.
    pub char_weight: f32,
    /// Only the first `max_chars` bytes (rounded to a char boundary) of a text are used (0 = all).
    pub max_chars: usize,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            bits: 20,
            char_min: 3,
            char_max: 5,
            word_bigrams: true,
            word_weight: 1.0,
            char_weight: 1.0,
            max_chars: 20_000,
        }
    }
}

/// A sparse feature vector: sorted unique bucket indices and their values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SparseVec {
    /// Bucket indices, ascending, unique.
    pub idx: Vec<u32>,
    /// Values, one per index.
    pub val: Vec<f32>,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
fn fnv_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// Final avalanche so that the low bits used as bucket index are well mixed.
#[inline]
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// Lowercased word tokens (maximal runs of alphanumeric characters).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                cur.push(l);
            }
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn truncate(text: &str, max: usize) -> &str {
    if max == 0 || text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Collects bucket ids, sorts them and turns them into damped, normalized values.
fn finish(mut ids: Vec<u32>, weight: f32, out: &mut Vec<(u32, f32)>) {
    if ids.is_empty() || weight == 0.0 {
        return;
    }
    ids.sort_unstable();
    let start = out.len();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i + 1;
        while j < ids.len() && ids[j] == ids[i] {
            j += 1;
        }
        out.push((ids[i], 1.0 + ((j - i) as f32).ln()));
        i = j;
    }
    let norm = out[start..].iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
    let s = weight / norm.max(1e-12);
    for e in &mut out[start..] {
        e.1 *= s;
    }
}

/// Extracts the sparse feature vector of `text`.
pub fn extract(text: &str, cfg: &FeatureConfig) -> SparseVec {
    let text = truncate(text, cfg.max_chars);
    let toks = words(text);
    let mask = (1u64 << cfg.bits) - 1;
    let mut word_ids = Vec::with_capacity(toks.len() * 2);
    let mut char_ids = Vec::new();
    let mut prev: Option<u64> = None;
    let mut chars: Vec<u8> = Vec::with_capacity(64);
    let mut bounds: Vec<usize> = Vec::with_capacity(64);
    for t in &toks {
        let hw = fnv_bytes(fnv_bytes(FNV_OFFSET, b"w"), t.as_bytes());
        word_ids.push((mix(hw) & mask) as u32);
        if cfg.word_bigrams {
            if let Some(p) = prev {
                let hb = fnv_bytes(p ^ 0x9e37_79b9_7f4a_7c15, t.as_bytes());
                word_ids.push((mix(hb ^ 0x5bd1_e995) & mask) as u32);
            }
            prev = Some(hw);
        }
        if cfg.char_max >= cfg.char_min && cfg.char_min > 0 {
            chars.clear();
            bounds.clear();
            chars.push(b'<');
            bounds.push(0);
            for (i, _) in t.char_indices() {
                bounds.push(1 + i);
            }
            chars.extend_from_slice(t.as_bytes());
            bounds.push(chars.len());
            chars.push(b'>');
            bounds.push(chars.len());
            // bounds[k] = byte start of the k-th char of "<token>", plus the end.
            let nchar = bounds.len() - 1;
            for n in cfg.char_min..=cfg.char_max {
                if n > nchar {
                    break;
                }
                for s in 0..=(nchar - n) {
                    let g = &chars[bounds[s]..bounds[s + n]];
                    let h = fnv_bytes(fnv_bytes(FNV_OFFSET, b"c"), g);
                    char_ids.push((mix(h) & mask) as u32);
                }
            }
        }
    }
    let mut pairs = Vec::with_capacity(word_ids.len() + char_ids.len());
    finish(word_ids, cfg.word_weight, &mut pairs);
    finish(char_ids, cfg.char_weight, &mut pairs);
    pairs.sort_unstable_by_key(|p| p.0);
    let mut v = SparseVec {
        idx: Vec::with_capacity(pairs.len()),
        val: Vec::with_capacity(pairs.len()),
    };
    for (i, x) in pairs {
        if v.idx.last() == Some(&i) {
            *v.val.last_mut().unwrap() += x;
        } else {
            v.idx.push(i);
            v.val.push(x);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_lowercase_and_split() {
        assert_eq!(
            words("Die Bundes-Regierung, 2024!"),
            ["die", "bundes", "regierung", "2024"]
        );
    }

    #[test]
    fn features_sorted_unique_normalized() {
        let cfg = FeatureConfig::default();
        let v = extract(
            "Die Regierung in Berlin beschließt die Reform. Die Reform!",
            &cfg,
        );
        assert!(!v.idx.is_empty());
        assert!(v.idx.windows(2).all(|w| w[0] < w[1]));
        assert!(v.idx.iter().all(|&i| (i as u64) < (1u64 << cfg.bits)));
        let n: f32 = v.val.iter().map(|x| x * x).sum();
        // two groups of norm 1, up to collisions
        assert!((n - 2.0).abs() < 0.2, "{n}");
        assert_eq!(extract("", &cfg), SparseVec::default());
    }

    #[test]
    fn deterministic() {
        let cfg = FeatureConfig::default();
        assert_eq!(
            extract("Ölpreis steigt", &cfg),
            extract("ÖLPREIS steigt", &cfg)
        );
    }
}
