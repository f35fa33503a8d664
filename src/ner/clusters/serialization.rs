//! The file format of word clusters: the stored form ([`ClusterData`], postcard in a
//! `clusters` model file or inside a `ner` model), a fast reader of it, and loading and
//! saving. No learning and no lookup logic here.

use super::Clusters;
use crate::error::{Error, Result};
use crate::model_file;
use crate::ner::reader::Reader;
use crate::ner::table::PackedStrs;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Payload version of `clusters` files.
pub const VERSION: u16 = 1;

/// The stored form of a cluster map.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ClusterData {
    /// ISO 639-1 code.
    pub language: String,
    /// Free-text description (data and settings).
    pub description: String,
    /// Number of clusters per level, finest first.
    pub levels: Vec<u32>,
    /// Lowercase words.
    pub words: Vec<String>,
    /// `NLEVELS` cluster ids per word (word-major).
    pub ids: Vec<u16>,
}

/// The stored form of a cluster map, borrowing its strings from the decoded payload (the
/// same serialized layout as [`ClusterData`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct ClusterDataRef<'a> {
    pub(crate) language: &'a str,
    pub(crate) description: &'a str,
    pub(crate) levels: Vec<u32>,
    #[serde(borrow)]
    pub(crate) words: Vec<&'a str>,
    pub(crate) ids: Vec<u16>,
}

impl Clusters {
    /// Validates stored data and builds the lookup table.
    pub fn from_data(data: ClusterData) -> Result<Clusters> {
        Clusters::from_ref(ClusterDataRef {
            language: &data.language,
            description: &data.description,
            levels: data.levels.clone(),
            words: data.words.iter().map(String::as_str).collect(),
            ids: data.ids.clone(),
        })
    }

    /// Validates stored data (strings borrowed from a payload) and builds the lookup table.
    pub(crate) fn from_ref(data: ClusterDataRef<'_>) -> Result<Clusters> {
        let words = PackedStrs::new(data.words.iter().copied())
            .ok_or_else(|| Error::Model("clusters: words too long".into()))?;
        Clusters::from_parts(
            data.language.to_string(),
            data.description.to_string(),
            data.levels,
            words,
            data.ids,
        )
    }

    /// The stored form, borrowing the strings.
    pub(crate) fn as_ref_data(&self) -> ClusterDataRef<'_> {
        ClusterDataRef {
            language: &self.language,
            description: &self.description,
            levels: self.levels.clone(),
            words: self.words.iter().collect(),
            ids: self.ids.clone(),
        }
    }

    /// The stored data (a copy).
    pub fn data(&self) -> ClusterData {
        ClusterData {
            language: self.language.clone(),
            description: self.description.clone(),
            levels: self.levels.clone(),
            words: self.words.iter().map(str::to_string).collect(),
            ids: self.ids.clone(),
        }
    }

    /// Reads a cluster map from the bytes of a `clusters` file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Clusters> {
        let raw = model_file::decode_payload("clusters", VERSION, bytes)?;
        read_clusters(&raw)
    }

    /// Serializes as a `clusters` file.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        model_file::encode("clusters", VERSION, &self.as_ref_data())
    }

    /// Loads a `clusters` file.
    pub fn load(path: &Path) -> Result<Clusters> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
        Clusters::from_bytes(&bytes)
    }

    /// Writes a `clusters` file.
    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = self.to_bytes()?;
        std::fs::write(path, bytes).map_err(|e| Error::io(path.display().to_string(), e))
    }
}

/// Reads and builds a serialized cluster map (the tail of a `ner` payload, or a `clusters`
/// payload; trailing bytes are ignored, as postcard does) without borrowing strings.
pub(crate) fn read_clusters(raw: &[u8]) -> Result<Clusters> {
    let mut r = Reader::new(raw);
    let language = r.str()?.to_string();
    let description = r.str()?.to_string();
    let levels = r.seq(Reader::u32)?;
    let words = r.packed_strs()?;
    let ids = r.u16s(|x| x)?;
    Clusters::from_parts(language, description, levels, words, ids)
}
