//! The word-cluster table of the topic features ([`WordClusters`]): word → coarse cluster ids,
//! stored in the model file and looked up by the extractor. Knows nothing of feature extraction
//! beyond the word hash it shares ([`word_key`]).

use super::hashing::{fnv_step, key_of_hash, WORD_SEED};
use crate::hint::prefetch;
use serde::{Deserialize, Serialize};

/// The stored form of [`WordClusters`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WordClustersData {
    /// Weight of the (L2-normalized) cluster group.
    pub weight: f32,
    /// 32-bit hashes of the lowercase words ([`word_key`]), ascending; a word in two cluster
    /// maps (e.g. English and German "die") appears twice.
    pub keys: Vec<u32>,
    /// Cluster feature id of each key (ids of different cluster maps do not overlap).
    pub ids: Vec<u16>,
}

/// Word → coarse cluster ids, used as the features of one group: every word with a cluster
/// adds a feature for its cluster (at most two, from different cluster maps). Built by
/// [`WordClusters::new`] from `(word, cluster id)` lists, e.g. of the entity models' cluster
/// files; stored in the topic model file.
#[derive(Clone, Serialize, Deserialize)]
#[serde(from = "WordClustersData", into = "WordClustersData")]
pub struct WordClusters {
    data: WordClustersData,
    /// Open-addressing table of `[key | 1, value]` slots (key 0 = empty; value = `first id + 1
    /// | (second id + 1) << 16`, 0 = none); key and value share a cache line.
    slots: Vec<[u32; 2]>,
}

impl std::fmt::Debug for WordClusters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "WordClusters {{ weight: {}, entries: {} }}",
            self.data.weight,
            self.data.keys.len()
        )
    }
}

impl PartialEq for WordClusters {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data
    }
}

impl From<WordClustersData> for WordClusters {
    fn from(data: WordClustersData) -> Self {
        let n = data.keys.len().min(data.ids.len());
        let cap = (n * 2).next_power_of_two().max(16);
        let mut slots = vec![[0u32; 2]; cap];
        let mask = cap - 1;
        for (&k, &id) in data.keys.iter().zip(&data.ids).take(n) {
            let tag = k | 1;
            let mut s = slot_of(k, mask);
            loop {
                let slot = &mut slots[s];
                if slot[0] == 0 {
                    *slot = [tag, id as u32 + 1];
                    break;
                }
                if slot[0] == tag {
                    // a second cluster map (the first's value stays in the low half)
                    if slot[1] >> 16 == 0 && slot[1] != id as u32 + 1 {
                        slot[1] |= (id as u32 + 1) << 16;
                    }
                    break;
                }
                s = (s + 1) & mask;
            }
        }
        WordClusters { data, slots }
    }
}

impl From<WordClusters> for WordClustersData {
    fn from(c: WordClusters) -> Self {
        c.data
    }
}

#[inline(always)]
fn slot_of(key: u32, mask: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b1) >> 7) as usize & mask
}

/// The 32-bit cluster-table key of a word: its feature hash, folded (the word is lowercased
/// the way the extractor lowercases tokens).
pub fn word_key(word: &str) -> u32 {
    let mut h = WORD_SEED;
    for c in word.chars() {
        for l in c.to_lowercase() {
            let mut buf = [0u8; 4];
            for &b in l.encode_utf8(&mut buf).as_bytes() {
                h = fnv_step(h, b);
            }
        }
    }
    key_of_hash(h)
}

impl WordClusters {
    /// Builds the map from `(word, cluster id)` pairs (words are lowercased; words that are
    /// not one token of the extractor, i.e. contain a char that is not alphanumeric, are
    /// skipped). `weight` is the group weight.
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, u16)>, weight: f32) -> Self {
        let mut kv: Vec<(u32, u16)> = pairs
            .into_iter()
            .filter(|(w, _)| !w.is_empty() && w.chars().all(char::is_alphanumeric))
            .map(|(w, id)| (word_key(w), id))
            .collect();
        kv.sort_unstable();
        kv.dedup();
        WordClusters::from(WordClustersData {
            weight,
            keys: kv.iter().map(|p| p.0).collect(),
            ids: kv.iter().map(|p| p.1).collect(),
        })
    }

    /// The group weight.
    pub fn weight(&self) -> f32 {
        self.data.weight
    }

    /// Number of (word, cluster) entries.
    pub fn len(&self) -> usize {
        self.data.keys.len()
    }

    /// True when no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.data.keys.is_empty()
    }

    /// The cluster ids of a word (at most two), if any.
    pub fn lookup(&self, word: &str) -> Vec<u16> {
        let v = self.get(word_key(word));
        [v & 0xffff, v >> 16]
            .into_iter()
            .filter(|&x| x != 0)
            .map(|x| (x - 1) as u16)
            .collect()
    }

    /// Hints the CPU to load the table slot of `key`.
    #[inline(always)]
    pub(super) fn prefetch(&self, key: u32) {
        let s = slot_of(key, self.slots.len() - 1);
        prefetch(self.slots.as_ptr().wrapping_add(s));
    }

    /// The packed value of a key (0 = no cluster).
    #[inline(always)]
    pub(super) fn get(&self, key: u32) -> u32 {
        let mask = self.slots.len() - 1;
        let tag = key | 1;
        let mut s = slot_of(key, mask);
        loop {
            let [k, v] = self.slots[s];
            if k == tag {
                return v;
            }
            if k == 0 {
                return 0;
            }
            s = (s + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{extract, FeatureConfig};
    use super::*;
    use std::sync::Arc;

    #[test]
    fn word_clusters_lookup_and_features() {
        let cl = WordClusters::new(
            [
                ("hospital", 3),
                ("Klinik", 3),
                ("doctor", 3),
                ("die", 7),
                ("die", 1030), // the same word in a second cluster map
                ("e-mail", 9), // not one token: skipped
                ("", 5),
            ],
            0.5,
        );
        assert_eq!(cl.len(), 5);
        assert_eq!(cl.lookup("HOSPITAL"), [3]);
        assert_eq!(cl.lookup("klinik"), [3]);
        let mut die = cl.lookup("die");
        die.sort_unstable();
        assert_eq!(die, [7, 1030]);
        assert!(cl.lookup("e-mail").is_empty());
        assert!(cl.lookup("unknownword").is_empty());
        assert_eq!(cl.weight(), 0.5);

        let plain = FeatureConfig::default();
        let with = FeatureConfig {
            clusters: Some(Arc::new(cl.clone())),
            ..FeatureConfig::default()
        };
        // words of one cluster share a feature: "hospital" and "doctor" overlap only there
        let a = extract("hospital", &with);
        let b = extract("doctor", &with);
        let shared: Vec<u32> = a
            .idx
            .iter()
            .filter(|i| b.idx.contains(i))
            .copied()
            .collect();
        assert_eq!(shared.len(), 1);
        let pa = extract("hospital", &plain);
        let pb = extract("doctor", &plain);
        assert!(pa.idx.iter().all(|i| !pb.idx.contains(i)));
        assert_eq!(a.idx.len(), pa.idx.len() + 1);
        // the cluster group is L2-normalized to its weight
        let cluster_only: Vec<f32> = a
            .idx
            .iter()
            .zip(&a.val)
            .filter(|(i, _)| !pa.idx.contains(i))
            .map(|(_, &v)| v)
            .collect();
        assert_eq!(cluster_only.len(), 1);
        assert!((cluster_only[0] - 0.5).abs() < 1e-6, "{cluster_only:?}");
        // no cluster for any word: the same features as without clusters
        assert_eq!(
            extract("unknownword text", &with),
            extract("unknownword text", &plain)
        );
        // serialization keeps the map
        let bytes = postcard::to_stdvec(&with).unwrap();
        let back: FeatureConfig = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, with);
        assert_eq!(back.clusters.as_ref().unwrap().lookup("doctor"), [3]);
        assert!(format!("{with:?}").contains("entries: 5"));
    }
}
