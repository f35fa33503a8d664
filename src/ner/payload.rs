//! The `ner` model payload (postcard layout of [`super::ModelData`]) read with the fast
//! [`Reader`]: the model head with borrowed strings, and where its cluster map starts.
//! Builds no model and reads no files.

use super::model::StageData;
use super::reader::Reader;
use super::FeatureSet;
use super::ModelDataRef;
use crate::error::{Error, Result};

/// One stage's stored weights.
fn stage(r: &mut Reader<'_>) -> Result<StageData> {
    Ok(StageData {
        key_deltas: r.seq(Reader::u32)?,
        masks: r.u16s(|x| x)?,
        values: r.u16s(|u| ((u >> 1) as i16) ^ -((u & 1) as i16))?,
        scale: r.f32()?,
        trans: r.seq(Reader::f32)?,
    })
}

/// Reads a decompressed `ner` payload up to its cluster map: the model data without
/// clusters, and the serialized cluster map when there is one (for [`super::clusters::read_clusters`], which
/// can run in parallel with building the rest). `with_features`: the payload has the
/// feature-set code before the clusters ([`super::VERSION_FEATURES`]).
pub(crate) fn read_head(
    raw: &[u8],
    with_features: bool,
) -> Result<(ModelDataRef<'_>, Option<&[u8]>)> {
    let mut r = Reader::new(raw);
    let mut head = ModelDataRef {
        language: r.str()?,
        description: r.str()?,
        gazetteer: r.strs(true)?,
        casing: r.strs(true)?,
        stages: r.seq(stage)?,
        clusters: None,
        features: FeatureSet::Full,
    };
    if with_features {
        let code = r.u8()?;
        head.features = FeatureSet::from_code(code)
            .ok_or_else(|| Error::Model(format!("unknown ner feature set {code}")))?;
    }
    let clusters = r.option_tag()?.then(|| r.rest());
    Ok((head, clusters))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model_file;
    use crate::ner::clusters::{read_clusters, ClusterDataRef, Clusters};

    /// A serialized cluster map with its strings borrowed.
    fn cluster_data<'a>(r: &mut Reader<'a>) -> Result<ClusterDataRef<'a>> {
        Ok(ClusterDataRef {
            language: r.str()?,
            description: r.str()?,
            levels: r.seq(Reader::u32)?,
            words: r.strs(false)?.into_iter().map(|(s, _)| s).collect(),
            ids: r.u16s(|x| x)?,
        })
    }

    /// Reads a whole decompressed `ner` payload, the cluster map as stored.
    fn read(raw: &[u8]) -> Result<ModelDataRef<'_>> {
        let (mut head, clusters) = read_head(raw, false)?;
        if let Some(c) = clusters {
            head.clusters = Some(cluster_data(&mut Reader::new(c))?);
        }
        Ok(head)
    }

    /// The reader and serde agree (both fail, or both give the same data).
    fn agree(raw: &[u8]) {
        let a = read(raw);
        let b = model_file::deserialize::<ModelDataRef>(raw);
        match (a, b) {
            (Ok(a), Ok(b)) => assert!(a == b),
            (Err(a), Err(_)) => assert!(a.to_string().contains("deserialize")),
            (a, b) => panic!("reader {:?} vs serde {:?}", a.is_ok(), b.is_ok()),
        }
    }

    /// The fast cluster reader agrees with serde followed by [`Clusters::from_ref`].
    fn clusters_agree(raw: &[u8]) {
        let fast = read_clusters(raw);
        let slow = model_file::deserialize::<ClusterDataRef>(raw).and_then(Clusters::from_ref);
        match (fast, slow) {
            (Ok(a), Ok(b)) => assert!(a.as_ref_data() == b.as_ref_data()),
            (Err(_), Err(_)) => {}
            (a, b) => panic!("reader {:?} vs serde {:?}", a.is_ok(), b.is_ok()),
        }
    }

    #[test]
    fn matches_serde_on_the_builtin_models() {
        for lang in super::super::BUILTIN_LANGUAGES {
            let bytes = super::super::builtin_bytes(lang).unwrap();
            // fi, sv, da and cs use stem features (the layout with the feature-set code)
            if matches!(lang, "fi" | "sv" | "da" | "cs") {
                let v = super::super::VERSION_FEATURES;
                assert_eq!(model_file::payload_version(bytes), Some(v), "{lang}");
                let raw = model_file::decode_payload("ner", v, bytes).unwrap();
                let (head, clusters) = read_head(&raw, true).unwrap();
                assert_eq!(head.features, FeatureSet::FullStems, "{lang}");
                assert_eq!(head.language, lang);
                assert!(!head.gazetteer.is_empty() && !head.casing.is_empty());
                assert!(clusters.is_none());
                continue;
            }
            let raw = model_file::decode_payload("ner", super::super::VERSION, bytes).unwrap();
            let m = read(&raw).unwrap();
            assert!(!m.gazetteer.is_empty(), "{lang}");
            // es, fr and pt ship without word clusters (see their model cards)
            assert_eq!(
                m.clusters.is_some(),
                matches!(lang, "en" | "de" | "nl"),
                "{lang}"
            );
            agree(&raw);
            if let Some(c) = read_head(&raw, false).unwrap().1 {
                clusters_agree(c);
            }
        }
    }

    #[test]
    fn matches_serde_on_damaged_payloads() {
        let data = ModelDataRef {
            language: "de",
            description: "täst",
            gazetteer: vec![("köln", 4), ("a b", 1), ("x", 200)],
            casing: vec![("berlin", 2)],
            stages: vec![StageData {
                key_deltas: vec![1, 300, 70000, u32::MAX],
                masks: vec![1, 511, 200, 3],
                values: vec![-32767, 5, 0, 32767, -1],
                scale: 0.5,
                trans: vec![1.0, -2.5],
            }],
            clusters: Some(ClusterDataRef {
                language: "de",
                description: "",
                levels: vec![3, 2, 1, 1],
                words: vec!["ä", "b", ""],
                ids: vec![0, 1, 2, 300, 0, 0, 0, 0, 1, 1, 0, 0],
            }),
            features: FeatureSet::Full,
        };
        let raw = postcard::to_stdvec(&data).unwrap();
        assert!(read(&raw).unwrap() == data);
        // a valid cluster map (ids within the levels; 299 is a two-byte varint)
        let clusters = postcard::to_stdvec(&ClusterDataRef {
            levels: vec![300, 2, 1, 1],
            ids: vec![0, 1, 0, 0, 299, 0, 0, 0, 1, 1, 0, 0],
            ..data.clusters.clone().unwrap()
        })
        .unwrap();
        let c = read_clusters(&clusters).unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c.lookup("b"), Some([299, 0, 0, 0]));
        assert_eq!(c.lookup("Ä"), Some([0, 1, 0, 0]));
        for (raw, check) in [(raw, agree as fn(&[u8])), (clusters, clusters_agree)] {
            for cut in 0..raw.len() {
                check(&raw[..cut]);
            }
            for i in 0..raw.len() {
                for x in [0x00, 0x01, 0x7f, 0x80, 0xc3, 0xff] {
                    let mut bad = raw.clone();
                    bad[i] = x;
                    check(&bad);
                }
            }
        }
    }
}
