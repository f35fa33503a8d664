//! Hashed sparse features for the topic classifier: the settings ([`FeatureConfig`]), the
//! sparse vector type and the public face of the extraction (split below by concern). Knows
//! nothing of models, training or files.
//!
//! A text becomes a sparse vector over `2^bits` hash buckets:
//! - lowercased word unigrams and bigrams (tokens are maximal runs of alphanumeric characters),
//! - character n-grams (`char_min..=char_max`) inside each word, with `<`/`>` word-boundary marks,
//!   which carry meaning across related languages and inflections,
//! - optionally word-cluster ids (a coarse cluster of each word, from cluster maps stored in
//!   the model, [`WordClusters`]), which generalize to words the training data never showed,
//! - optionally one length feature (the text's word count on a log2 scale), so that the model
//!   can learn different priors for single sentences and long articles.
//!
//! Counts are damped (`1 + ln(count)`), each group (words, chars) is L2-normalized and scaled by its
//! group weight, so short sentences and long articles live on the same scale.
//!
//! Extraction makes one pass over the bytes of the text: tokens are lowercased into a reused
//! buffer, word and character n-gram hashes are computed incrementally (FNV-1a, one step per
//! byte; an n-gram's hash extends the (n−1)-gram's), and counts go into a reused open-addressing
//! table, so an article costs no allocation after the first one on a thread.

mod clusters;
mod extractor;
mod hashing;
mod scoring;

pub use clusters::{word_key, WordClusters, WordClustersData};
pub use extractor::extract;
pub(crate) use scoring::score_into;

use serde::{Deserialize, Serialize};
use std::sync::Arc;

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
    /// Value of the length feature (one bucket per power of two of the word count; 0 = off).
    pub length_weight: f32,
    /// Word clusters as an extra feature group (`None` = off).
    #[serde(with = "shared_clusters")]
    pub clusters: Option<Arc<WordClusters>>,
}

/// Serde for the shared cluster map (stored inline, like `Option<WordClusters>`).
mod shared_clusters {
    use super::WordClusters;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(
        v: &Option<Arc<WordClusters>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        v.as_deref().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Arc<WordClusters>>, D::Error> {
        Ok(Option::<WordClusters>::deserialize(d)?.map(Arc::new))
    }
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
            length_weight: 0.0,
            clusters: None,
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
}
