//! Named-entity recognition: the built-in sequence tagger.
//!
//! A two-stage averaged structured perceptron over IOB2 tags with constrained Viterbi
//! decoding. Stage 1 uses local features (word, shape, affixes, window, casing, gazetteers);
//! stage 2 adds stage-1 predictions and document-level label consistency features.

pub mod clusters;
pub mod conll;
pub mod eval;
pub(crate) mod features;
pub(crate) mod gazetteer;
pub(crate) mod model;
mod payload;
pub(crate) mod table;
pub mod recipes;
pub mod trainer;

use crate::types::{EntityLabel, Iob};
use crate::{model_file, Error, Result};
use clusters::{ClusterData, ClusterDataRef, Clusters};
use features::{add_domain, doc_codes, sentence_features, Extra, Tok};
use gazetteer::Gazetteer;
use model::{marginals, tag_to_iob, viterbi, Stage, StageData, NT};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use table::{PackedStrs, U64Table};

/// Payload version of `ner` model files.
pub const VERSION: u16 = 2;

/// Everything stored in a model file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ModelData {
    pub(crate) language: String,
    pub(crate) description: String,
    pub(crate) gazetteer: Vec<(String, u8)>,
    pub(crate) casing: Vec<(String, u8)>,
    pub(crate) stages: Vec<StageData>,
    /// Word clusters used by the features (a copy of the clusters file it was trained with).
    pub(crate) clusters: Option<ClusterData>,
}

/// The stored form of a model, borrowing its strings from the decoded payload (the same
/// serialized layout as [`ModelData`], so loading allocates no string per entry).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct ModelDataRef<'a> {
    language: &'a str,
    description: &'a str,
    #[serde(borrow)]
    gazetteer: Vec<(&'a str, u8)>,
    #[serde(borrow)]
    casing: Vec<(&'a str, u8)>,
    stages: Vec<StageData>,
    #[serde(borrow)]
    clusters: Option<ClusterDataRef<'a>>,
}

/// Strings with one byte of flags each, packed.
#[derive(Debug, Default)]
struct FlaggedStrs {
    strs: PackedStrs,
    flags: Vec<u8>,
}

impl FlaggedStrs {
    fn new(entries: &[(&str, u8)]) -> Result<FlaggedStrs> {
        Ok(FlaggedStrs {
            strs: PackedStrs::new(entries.iter().map(|e| e.0))
                .ok_or_else(|| Error::Model("ner model strings too long".into()))?,
            flags: entries.iter().map(|e| e.1).collect(),
        })
    }

    fn entries(&self) -> Vec<(&str, u8)> {
        self.strs.iter().zip(self.flags.iter().copied()).collect()
    }
}

/// A loaded named-entity tagger. Immutable after loading; `Send + Sync`.
#[derive(Debug)]
pub struct NerModel {
    language: String,
    description: String,
    gazetteer_entries: FlaggedStrs,
    casing_entries: FlaggedStrs,
    stage_data: Vec<StageData>,
    gaz: Gazetteer,
    casing: U64Table<u8>,
    clusters: Option<Clusters>,
    stages: Vec<Stage>,
    /// Text domain used when tagging (0: news, the default; see [`DOMAINS`]).
    domain: u8,
}

/// Text domains a model can be trained for (feature augmentation): index 0 is the default.
/// Models trained without domain data tag every domain like the default one.
pub const DOMAINS: [&str; 2] = ["news", "wiki"];

/// The index of a domain name in [`DOMAINS`].
pub fn domain_id(name: &str) -> Result<u8> {
    DOMAINS
        .iter()
        .position(|&d| d == name)
        .map(|i| i as u8)
        .ok_or_else(|| {
            Error::InvalidInput(format!(
                "unknown text domain {name:?} (known: {})",
                DOMAINS.join(", ")
            ))
        })
}

impl NerModel {
    pub(crate) fn from_data(mut data: ModelData) -> Result<NerModel> {
        let stages = std::mem::take(&mut data.stages);
        let clusters = data.clusters.take().map(Clusters::from_data).transpose()?;
        let r = ModelDataRef {
            language: &data.language,
            description: &data.description,
            gazetteer: data
                .gazetteer
                .iter()
                .map(|(p, b)| (p.as_str(), *b))
                .collect(),
            casing: data.casing.iter().map(|(w, c)| (w.as_str(), *c)).collect(),
            stages,
            clusters: None,
        };
        NerModel::from_ref(r, clusters)
    }

    /// Builds a model from its stored form; `clusters` replaces the stored clusters when
    /// already built.
    fn from_ref(data: ModelDataRef<'_>, clusters: Option<Clusters>) -> Result<NerModel> {
        if data.stages.is_empty() || data.stages.len() > 2 {
            return Err(Error::Model(format!(
                "ner model has {} stages, expected 1 or 2",
                data.stages.len()
            )));
        }
        let stages = data
            .stages
            .iter()
            .map(Stage::from_data)
            .collect::<Result<Vec<_>>>()?;
        let gaz = Gazetteer::from_pairs(data.gazetteer.iter().copied());
        let casing = data
            .casing
            .iter()
            .map(|(w, c)| (features::hash_str(w), *c))
            .collect();
        let clusters = match (clusters, data.clusters) {
            (Some(c), _) => Some(c),
            (None, Some(d)) => Some(Clusters::from_ref(d)?),
            (None, None) => None,
        };
        Ok(NerModel {
            language: data.language.to_string(),
            description: data.description.to_string(),
            gazetteer_entries: FlaggedStrs::new(&data.gazetteer)?,
            casing_entries: FlaggedStrs::new(&data.casing)?,
            stage_data: data.stages,
            gaz,
            casing,
            clusters,
            stages,
            domain: 0,
        })
    }

    /// Reads a model from the bytes of a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel> {
        let raw = model_file::decode_payload("ner", VERSION, bytes)?;
        NerModel::from_ref(payload::read(&raw)?, None)
    }

    /// Serializes the model as a model file.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let data = ModelDataRef {
            language: &self.language,
            description: &self.description,
            gazetteer: self.gazetteer_entries.entries(),
            casing: self.casing_entries.entries(),
            stages: self.stage_data.clone(),
            clusters: self.clusters.as_ref().map(Clusters::as_ref_data),
        };
        model_file::encode("ner", VERSION, &data)
    }

    /// Loads a model file.
    pub fn load(path: &Path) -> Result<NerModel> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
        NerModel::from_bytes(&bytes)
    }

    /// Writes the model file.
    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = self.to_bytes()?;
        std::fs::write(path, bytes).map_err(|e| Error::io(path.display().to_string(), e))
    }

    /// The word clusters the model uses, if any.
    pub fn clusters(&self) -> Option<&Clusters> {
        self.clusters.as_ref()
    }

    /// Tags as text of the given domain (a name of [`DOMAINS`]): models trained with data
    /// of that domain then also use its domain-specific weights.
    pub fn set_domain(&mut self, name: &str) -> Result<()> {
        self.domain = domain_id(name)?;
        Ok(())
    }

    /// ISO 639-1 code of the model's language.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// Free-text description of how the model was trained.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Total number of weight rows over all stages.
    pub fn num_weights(&self) -> usize {
        self.stages.iter().map(Stage::rows).sum()
    }

    pub(crate) fn tokens(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tok>> {
        sentences
            .iter()
            .map(|s| {
                let mut t: Vec<Tok> = s.iter().map(|w| Tok::new(w, &self.casing)).collect();
                if let Some(c) = &self.clusters {
                    c.assign(&mut t);
                }
                t
            })
            .collect()
    }

    /// Emission scores of one sentence for a stage.
    fn emissions(&self, stage: usize, toks: &[Tok], extra: Option<Extra<'_>>) -> Vec<f32> {
        let (mut f, mut o) = (
            Vec::with_capacity(toks.len() * 80),
            Vec::with_capacity(toks.len() + 1),
        );
        sentence_features(toks, &self.gaz, extra, &mut f, &mut o);
        add_domain(&mut f, &mut o, self.domain);
        self.stages[stage].emissions(&f, &o)
    }

    /// Tags pre-tokenized sentences; returns tag indices and the final emissions.
    pub(crate) fn tag_internal(&self, toks: &[Vec<Tok>]) -> Vec<(Vec<u8>, Vec<f32>)> {
        let mut out = self.tag_raw(toks);
        for ((tags, _), t) in out.iter_mut().zip(toks) {
            strip_honorifics(tags, t);
        }
        out
    }

    fn tag_raw(&self, toks: &[Vec<Tok>]) -> Vec<(Vec<u8>, Vec<f32>)> {
        let first: Vec<(Vec<u8>, Vec<f32>)> = toks
            .iter()
            .map(|t| {
                let em = self.emissions(0, t, None);
                (viterbi(&em, &self.stages[0].trans, None), em)
            })
            .collect();
        if self.stages.len() == 1 {
            return first;
        }
        let s1: Vec<Vec<u8>> = first.into_iter().map(|(t, _)| t).collect();
        let codes = doc_codes(toks, &s1);
        toks.iter()
            .zip(s1.iter().zip(&codes))
            .map(|(t, (s, c))| {
                let em = self.emissions(1, t, Some(Extra { s1: s, doc: c }));
                (viterbi(&em, &self.stages[1].trans, None), em)
            })
            .collect()
    }

    /// Tags one document given as sentences of tokens. Returns one (tag, confidence in
    /// `[0, 1]`) per token, always valid IOB2.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<(Iob, f32)>> {
        self.tag_with_confidences(sentences, false)
    }

    /// Like [`NerModel::tag_document`], but confidences are computed only for sentences
    /// with at least one entity (the others get `NaN`): what entity spans need.
    pub(crate) fn tag_document_spans(&self, sentences: &[Vec<&str>]) -> Vec<Vec<(Iob, f32)>> {
        self.tag_with_confidences(sentences, true)
    }

    fn tag_with_confidences(
        &self,
        sentences: &[Vec<&str>],
        entities_only: bool,
    ) -> Vec<Vec<(Iob, f32)>> {
        let toks = self.tokens(sentences);
        let trans = &self.stages[self.stages.len() - 1].trans;
        self.tag_internal(&toks)
            .into_iter()
            .map(|(tags, em)| {
                if entities_only && tags.iter().all(|&t| t == 0) {
                    return tags.iter().map(|_| (Iob::O, f32::NAN)).collect();
                }
                let m = marginals(&em, trans);
                tags.iter()
                    .enumerate()
                    .map(|(i, &t)| (tag_to_iob(t), m[i * NT + t as usize]))
                    .collect()
            })
            .collect()
    }

    /// Tags only (no confidences): what `nutgraf tag` and `nutgraf eval` use.
    pub fn tag_document_tags(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Iob>> {
        let toks = self.tokens(sentences);
        self.tag_internal(&toks)
            .into_iter()
            .map(|(tags, _)| tags.into_iter().map(tag_to_iob).collect())
            .collect()
    }
}

/// Honorifics that are never part of a name ("Herrn Rutte" -> "Rutte").
const HONORIFICS: [&str; 14] = [
    "herr", "herrn", "frau", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.",
    "sir",
];

/// Removes a leading honorific from entities: `B-X I-X` -> `O B-X`; a lone honorific -> `O`.
fn strip_honorifics(tags: &mut [u8], toks: &[Tok]) {
    static H: OnceLock<Vec<u64>> = OnceLock::new();
    let hs = H.get_or_init(|| HONORIFICS.iter().map(|w| features::hash_str(w)).collect());
    for i in 0..tags.len() {
        let t = tags[i];
        if (1..=4).contains(&t) && hs.contains(&toks[i].l) {
            tags[i] = 0;
            if i + 1 < tags.len() && tags[i + 1] == t + 4 {
                tags[i + 1] = t;
            }
        }
    }
}

/// Token ranges `[start, end)` of the entities in an IOB2 sequence. An `I-X` that does not
/// continue an entity of type X starts a new one (as conlleval does).
pub fn spans_from_iob(tags: &[Iob]) -> Vec<(usize, usize, EntityLabel)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, EntityLabel)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match t {
            Iob::O => {
                if let Some((s, l)) = cur.take() {
                    out.push((s, i, l));
                }
            }
            Iob::B(l) => {
                if let Some((s, pl)) = cur.take() {
                    out.push((s, i, pl));
                }
                cur = Some((i, l));
            }
            Iob::I(l) => match cur {
                Some((_, pl)) if pl == l => {}
                _ => {
                    if let Some((s, pl)) = cur.take() {
                        out.push((s, i, pl));
                    }
                    cur = Some((i, l));
                }
            },
        }
    }
    if let Some((s, l)) = cur {
        out.push((s, tags.len(), l));
    }
    out
}

/// Languages with a built-in model.
pub const BUILTIN_LANGUAGES: [&str; 6] = ["en", "de", "es", "fr", "nl", "pt"];

/// The built-in model of a language (embedded in the library), decoded once and shared.
pub fn builtin(lang: &str) -> Result<Arc<NerModel>> {
    type Cell = OnceLock<std::result::Result<Arc<NerModel>, String>>;
    static MODELS: [Cell; BUILTIN_LANGUAGES.len()] =
        [const { OnceLock::new() }; BUILTIN_LANGUAGES.len()];
    let Some(cell) = BUILTIN_LANGUAGES
        .iter()
        .position(|l| *l == lang)
        .map(|i| &MODELS[i])
    else {
        return Err(Error::UnsupportedLanguage(format!(
            "no built-in ner model for {lang:?} (available: {})",
            BUILTIN_LANGUAGES.join(", ")
        )));
    };
    cell.get_or_init(|| {
        let bytes =
            crate::models::ner_bytes(lang).ok_or_else(|| format!("no model bytes for {lang}"))?;
        NerModel::from_bytes(bytes)
            .map(Arc::new)
            .map_err(|e| e.to_string())
    })
    .clone()
    .map_err(Error::Model)
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityLabel::*;

    #[test]
    fn spans() {
        let t = [
            Iob::B(PER),
            Iob::I(PER),
            Iob::O,
            Iob::I(LOC),
            Iob::B(LOC),
            Iob::I(ORG),
        ];
        assert_eq!(
            spans_from_iob(&t),
            vec![(0, 2, PER), (3, 4, LOC), (4, 5, LOC), (5, 6, ORG)]
        );
        assert!(spans_from_iob(&[]).is_empty());
    }

    #[test]
    fn honorifics_are_stripped() {
        let c = U64Table::default();
        let toks: Vec<Tok> = ["Herrn", "Rutte", "Mr", "X"]
            .iter()
            .map(|w| Tok::new(w, &c))
            .collect();
        let mut tags = vec![1, 5, 2, 0];
        strip_honorifics(&mut tags, &toks);
        assert_eq!(tags, vec![0, 1, 0, 0]);
    }

    #[test]
    fn unsupported_language() {
        assert!(matches!(builtin("xx"), Err(Error::UnsupportedLanguage(_))));
    }

    #[test]
    fn send_sync() {
        fn check<T: Send + Sync>() {}
        check::<NerModel>();
    }
}
