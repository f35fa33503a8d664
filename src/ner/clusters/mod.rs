//! Word clusters as tagger features: the map from lowercase word to cluster ids at
//! [`NLEVELS`] granularities ([`Clusters`]) and its lookup; learning (`trainer`, `spacy`)
//! and the file format (`serialization`) are submodules. Reads no files, learns nothing.

mod linalg;
mod serialization;
mod spacy;
mod trainer;

use super::hash::hash_str;
use super::table::{PackedStrs, U64Table};
use super::token::{lower, Tok};
use crate::error::{Error, Result};

pub use super::token::NLEVELS;
pub(crate) use serialization::{read_clusters, ClusterDataRef};
pub use serialization::{ClusterData, VERSION};
pub use spacy::{from_spacy_vectors, spacy_hash};
pub use trainer::{train, ClusterOptions, Corpus};

/// A loaded cluster map: lowercase word -> cluster ids at [`NLEVELS`] granularities.
#[derive(Clone, Debug)]
pub struct Clusters {
    language: String,
    description: String,
    levels: Vec<u32>,
    words: PackedStrs,
    ids: Vec<u16>,
    /// Hash of the lowercase form -> 1 + cluster id per level (0 = unknown word).
    map: U64Table<[u16; NLEVELS]>,
}

/// `Tok::cl` value of words without a cluster (when the model has clusters).
pub(crate) const UNKNOWN: u16 = u16::MAX;

impl Clusters {
    /// Validates stored data and builds the lookup table.
    pub(crate) fn from_parts(
        language: String,
        description: String,
        levels: Vec<u32>,
        words: PackedStrs,
        ids: Vec<u16>,
    ) -> Result<Clusters> {
        if levels.len() != NLEVELS {
            return Err(Error::Model(format!(
                "clusters: {} levels, expected {NLEVELS}",
                levels.len()
            )));
        }
        if levels.iter().any(|&k| k == 0 || k >= u16::MAX as u32) {
            return Err(Error::Model("clusters: bad level size".into()));
        }
        if ids.len() != words.len() * NLEVELS {
            return Err(Error::Model(format!(
                "clusters: {} ids for {} words",
                ids.len(),
                words.len()
            )));
        }
        for (w, ids) in words.iter().zip(ids.chunks_exact(NLEVELS)) {
            for j in 0..NLEVELS {
                if ids[j] as u32 >= levels[j] {
                    return Err(Error::Model(format!(
                        "clusters: id {} of {w:?} out of range",
                        ids[j]
                    )));
                }
            }
        }
        let hashes: Vec<u64> = words.iter().map(hash_str).collect();
        let value = |i: usize| std::array::from_fn(|j| ids[i * NLEVELS + j] + 1);
        let map = U64Table::build_with(words.len(), |i| hashes[i], value, |slot, v| *slot = v);
        Ok(Clusters {
            language,
            description,
            levels,
            words,
            ids,
            map,
        })
    }

    /// Number of clusters per level, finest first.
    pub fn levels(&self) -> &[u32] {
        &self.levels
    }

    /// Number of words with clusters.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.words.len() == 0
    }

    /// Cluster ids (finest first) of a word (looked up lowercased).
    pub fn lookup(&self, word: &str) -> Option<[u16; NLEVELS]> {
        self.map
            .get(hash_str(&lower(word)))
            .map(|v| v.map(|x| x - 1))
    }

    /// Sets the cluster fields of tokens.
    pub(crate) fn assign(&self, toks: &mut [Tok]) {
        for t in toks {
            t.cl = self.map.get(t.l).unwrap_or([UNKNOWN; NLEVELS]);
        }
    }
}
