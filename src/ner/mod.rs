//! Named-entity recognition: the tagger ([`NerModel`]: loading, tagging, the built-in
//! models), with its features, clusters and trainer in submodules. Reads no data sets and
//! prints nothing (drivers of evaluation and training live in `crate::eval`/`crate::train`).
//!
//! A two-stage averaged structured perceptron over IOB2 tags with constrained Viterbi
//! decoding. Stage 1 uses local features (word, shape, affixes, window, casing, gazetteers);
//! stage 2 adds stage-1 predictions and document-level label consistency features.

pub mod clusters;
pub mod conll;
pub mod eval;
pub(crate) mod features;
pub(crate) mod gazetteer;
pub(crate) mod generic;
pub(crate) mod hash;
pub(crate) mod model;
#[cfg(feature = "neural")]
pub mod neural;
mod payload;
pub(crate) mod reader;
pub mod recipes;
pub(crate) mod stem;
pub(crate) mod table;
pub(crate) mod token;
pub mod trainer;

use crate::error::{Error, Result};
use crate::model_file;
use crate::types::{EntityLabel, Iob};
use clusters::{ClusterData, ClusterDataRef, Clusters};
pub use features::FeatureSet;
use features::{add_domain, counts_add, unit_codes, Extra, DOC_WINDOW};
use gazetteer::Gazetteer;
use generic::sentence_features;
use hash::{hash_str, IdMap};
use model::{marginals, tag_to_iob, viterbi, Stage, StageData, NT};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use stem::Stemmer;
use table::{PackedStrs, U64Table};
use token::Tok;

/// Payload version of `ner` model files with the full feature set.
pub const VERSION: u16 = 2;
/// Payload version of `ner` model files with another [`FeatureSet`]: the layout of
/// [`VERSION`] with the feature-set code (one byte) between the stages and the clusters.
pub const VERSION_FEATURES: u16 = 3;

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
    /// The feature set (not in the [`VERSION`] layout; see [`VERSION_FEATURES`]).
    #[serde(skip)]
    pub(crate) features: FeatureSet,
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
    /// The feature set (not in the [`VERSION`] layout; see [`VERSION_FEATURES`]).
    #[serde(skip)]
    features: FeatureSet,
}

/// The [`VERSION_FEATURES`] layout: [`ModelDataRef`] with the feature-set code.
#[derive(Serialize)]
struct ModelDataRefV3<'a> {
    language: &'a str,
    description: &'a str,
    gazetteer: Vec<(&'a str, u8)>,
    casing: Vec<(&'a str, u8)>,
    stages: Vec<StageData>,
    features: u8,
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
    /// The features the model was trained with.
    features: FeatureSet,
    /// The stemmer and the stems' casing classes ([`FeatureSet::stems`] only).
    stems: Option<(Stemmer, IdMap<u64, u8>)>,
    /// Text domain used when tagging (0: news, the default; see [`DOMAINS`]).
    domain: u8,
}

/// Text domains a model can be trained for (feature augmentation): index 0 is the default.
/// Models trained without domain data tag every domain like the default one.
pub const DOMAINS: [&str; 2] = ["news", "wiki"];

/// Training-only domains (after [`DOMAINS`]: domain id `DOMAINS.len() + i`), each with
/// whether it is another language. Their documents get feature copies of their own while
/// training, so that what is peculiar to them stays there; those copies are dropped when
/// saving, and such text is tagged as news. Foreign-language documents add nothing to the
/// casing dictionary (the language's own features stay its own).
pub const AUX_DOMAINS: [(&str, bool); 17] = [
    ("parl", false),
    ("legal", false),
    ("smartdata", false),
    ("silver", false),
    ("en", true),
    ("nl", true),
    ("es", true),
    ("nb", true),
    ("nn", true),
    ("da", true),
    ("sv", true),
    ("pl", true),
    ("cs", true),
    ("pt", true),
    ("fr", true),
    ("fi", true),
    ("it", true),
];

/// The index of a training domain name: one of [`DOMAINS`] or [`AUX_DOMAINS`].
pub fn train_domain_id(name: &str) -> Result<u8> {
    match AUX_DOMAINS.iter().position(|(d, _)| *d == name) {
        Some(i) => Ok((DOMAINS.len() + i) as u8),
        None => domain_id(name).map_err(|_| {
            let aux: Vec<&str> = AUX_DOMAINS.iter().map(|(d, _)| *d).collect();
            Error::InvalidInput(format!(
                "unknown training domain {name:?} (known: {}, {})",
                DOMAINS.join(", "),
                aux.join(", ")
            ))
        }),
    }
}

/// Whether training domain `id` is another language (see [`AUX_DOMAINS`]).
pub fn foreign_domain(id: u8) -> bool {
    (id as usize)
        .checked_sub(DOMAINS.len())
        .and_then(|i| AUX_DOMAINS.get(i))
        .is_some_and(|(_, f)| *f)
}

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
            features: data.features,
        };
        NerModel::from_ref(r, || Ok(clusters))
    }

    /// Builds a model from its stored form (`data.clusters` is not read): `clusters` gives
    /// the cluster map and runs in parallel with building the weight tables.
    fn from_ref(
        data: ModelDataRef<'_>,
        clusters: impl FnOnce() -> Result<Option<Clusters>> + Send,
    ) -> Result<NerModel> {
        if data.stages.is_empty() || data.stages.len() > 2 {
            return Err(Error::Model(format!(
                "ner model has {} stages, expected 1 or 2",
                data.stages.len()
            )));
        }
        // the cluster table (the largest part) builds while the rest does
        let (clusters, rest) = rayon::join(clusters, || {
            let stages = data
                .stages
                .iter()
                .map(Stage::from_data)
                .collect::<Result<Vec<_>>>()?;
            let mut gaz = Gazetteer::from_pairs(data.gazetteer.iter().copied());
            let casing: U64Table<u8> = data.casing.iter().map(|(w, c)| (hash_str(w), *c)).collect();
            let stems = data.features.stemmer(data.language).map(|s| {
                gaz = std::mem::take(&mut gaz).with_stems(data.gazetteer.iter().copied(), &s);
                (s, s.casing(data.casing.iter().copied()))
            });
            Ok::<_, Error>((stages, gaz, casing, stems))
        });
        let (clusters, (stages, gaz, casing, stems)) = (clusters?, rest?);
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
            features: data.features,
            stems,
            domain: 0,
        })
    }

    /// Reads a model from the bytes of a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel> {
        let version = match model_file::payload_version(bytes) {
            Some(VERSION_FEATURES) => VERSION_FEATURES,
            _ => VERSION,
        };
        let raw = model_file::decode_payload("ner", version, bytes)?;
        let (head, clusters) = payload::read_head(&raw, version == VERSION_FEATURES)?;
        NerModel::from_ref(head, || clusters.map(clusters::read_clusters).transpose())
    }

    /// Serializes the model as a model file.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        if self.features != FeatureSet::Full {
            let data = ModelDataRefV3 {
                language: &self.language,
                description: &self.description,
                gazetteer: self.gazetteer_entries.entries(),
                casing: self.casing_entries.entries(),
                stages: self.stage_data.clone(),
                features: self.features.code(),
                clusters: self.clusters.as_ref().map(Clusters::as_ref_data),
            };
            return model_file::encode("ner", VERSION_FEATURES, &data);
        }
        let data = ModelDataRef {
            language: &self.language,
            description: &self.description,
            gazetteer: self.gazetteer_entries.entries(),
            casing: self.casing_entries.entries(),
            stages: self.stage_data.clone(),
            clusters: self.clusters.as_ref().map(Clusters::as_ref_data),
            features: FeatureSet::Full,
        };
        model_file::encode("ner", VERSION, &data)
    }

    /// The feature set the model uses.
    pub fn features(&self) -> FeatureSet {
        self.features
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

    /// Feature tokens of one tagging unit.
    fn unit_tokens(&self, words: &[&str]) -> Vec<Tok> {
        let mut t: Vec<Tok> = words.iter().map(|w| Tok::new(w, &self.casing)).collect();
        if let Some(c) = &self.clusters {
            c.assign(&mut t);
        }
        if let Some((s, sc)) = &self.stems {
            s.assign(&mut t, words, sc);
        }
        t
    }

    /// Emission scores of one unit for a stage; the feature buffers are reused.
    fn emissions(
        &self,
        stage: usize,
        toks: &[Tok],
        extra: Option<Extra<'_>>,
        buf: &mut FeatureBuf,
    ) -> Vec<f32> {
        buf.feats.clear();
        buf.offs.clear();
        sentence_features(
            toks,
            &self.gaz,
            self.features,
            extra,
            &mut buf.feats,
            &mut buf.offs,
        );
        add_domain(&mut buf.feats, &mut buf.offs, self.domain);
        self.stages[stage].emissions(&buf.feats, &buf.offs)
    }

    /// Stage-1 tags of one unit.
    fn stage1(&self, toks: &[Tok], buf: &mut FeatureBuf) -> Vec<u8> {
        let em = self.emissions(0, toks, None, buf);
        viterbi(&em, &self.stages[0].trans, None)
    }

    /// Tags a document as a stream of units: sentences, overlong ones cut into chunks of
    /// [`MAX_UNIT_TOKENS`]. `words(i)` gives the tokens of sentence `i < n` when the tagger
    /// gets to it; `sink` gets, in document order, the sentence index, the index of the
    /// unit's first token in the sentence, the final tags and the final emissions of each
    /// unit.
    ///
    /// Stage 2 of unit `s` needs the stage-1 tags of units `s - DOC_WINDOW ..= s + DOC_WINDOW`,
    /// so stage 1 runs `DOC_WINDOW` units ahead and only the units of that window are held:
    /// memory is bounded by the window, not by the document. The results are those of
    /// tagging the whole document at once (the `streaming_equals_whole_document` test).
    fn tag_stream<'w, W: AsRef<[&'w str]>>(
        &self,
        n: usize,
        words: impl Fn(usize) -> W,
        sink: &mut impl FnMut(usize, usize, &[u8], &[f32]),
        stats: &mut StreamStats,
    ) {
        let mut units = (0..n).flat_map(|i| {
            let w = words(i);
            let len = w.as_ref().len();
            let k = len.div_ceil(MAX_UNIT_TOKENS).max(1); // empty sentences are units too
            (0..k).map(move |j| {
                let start = j * MAX_UNIT_TOKENS;
                let end = (start + MAX_UNIT_TOKENS).min(len);
                (i, start, self.unit_tokens(&w.as_ref()[start..end]))
            })
        });
        let mut buf = FeatureBuf::default();
        if self.stages.len() == 1 {
            for (sent, start, toks) in units {
                let em = self.emissions(0, &toks, None, &mut buf);
                let mut tags = viterbi(&em, &self.stages[0].trans, None);
                strip_honorifics(&mut tags, &toks);
                stats.note(1, toks.len(), &buf);
                sink(sent, start, &tags, &em);
            }
            return;
        }
        // units through stage 1 and still needed: ring[k] is unit `base + k`
        let mut ring: VecDeque<Unit> = VecDeque::with_capacity(2 * DOC_WINDOW + 2);
        let mut counts: IdMap<u64, [i32; 5]> = IdMap::default();
        let (mut base, mut pulled, mut exhausted) = (0usize, 0usize, false);
        for s in 0.. {
            while !exhausted && pulled <= s + DOC_WINDOW {
                match units.next() {
                    Some((sent, start, toks)) => {
                        let s1 = self.stage1(&toks, &mut buf);
                        counts_add(&mut counts, &toks, &s1, 1);
                        ring.push_back(Unit {
                            sent,
                            start,
                            toks,
                            s1,
                        });
                        pulled += 1;
                    }
                    None => exhausted = true,
                }
            }
            if s >= pulled {
                break;
            }
            while base + DOC_WINDOW < s {
                let u = ring.pop_front().expect("the window holds unit `base`");
                counts_add(&mut counts, &u.toks, &u.s1, -1);
                base += 1;
            }
            let u = &ring[s - base];
            let codes = unit_codes(&counts, &u.toks, &u.s1);
            let extra = Extra {
                s1: &u.s1,
                doc: &codes,
            };
            let em = self.emissions(1, &u.toks, Some(extra), &mut buf);
            let mut tags = viterbi(&em, &self.stages[1].trans, None);
            strip_honorifics(&mut tags, &u.toks);
            stats.note(ring.len(), u.toks.len(), &buf);
            stats.count_keys = stats.count_keys.max(counts.len());
            sink(u.sent, u.start, &tags, &em);
        }
    }

    /// Streams (tag, confidence) per unit to `sink(sentence, first token, tags)`; see
    /// [`NerModel::tag_stream`]. With `entities_only`, confidences are computed only for
    /// units with at least one entity (the others get `NaN`).
    pub(crate) fn tag_spans_stream<'w, W: AsRef<[&'w str]>>(
        &self,
        n: usize,
        words: impl Fn(usize) -> W,
        entities_only: bool,
        mut sink: impl FnMut(usize, usize, &[(Iob, f32)]),
    ) {
        let trans = &self.stages[self.stages.len() - 1].trans;
        let mut out = Vec::new();
        let mut stats = StreamStats::default();
        let mut each = |sent: usize, start: usize, tags: &[u8], em: &[f32]| {
            out.clear();
            if entities_only && tags.iter().all(|&t| t == 0) {
                out.extend(tags.iter().map(|_| (Iob::O, f32::NAN)));
            } else {
                let m = marginals(em, trans);
                out.extend(
                    tags.iter()
                        .enumerate()
                        .map(|(i, &t)| (tag_to_iob(t), m[i * NT + t as usize])),
                );
            }
            sink(sent, start, &out);
        };
        self.tag_stream(n, words, &mut each, &mut stats);
    }

    /// Tags one document given as sentences of tokens. Returns one (tag, confidence in
    /// `[0, 1]`) per token, always valid IOB2.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<(Iob, f32)>> {
        self.tag_with_confidences(sentences, false)
    }

    fn tag_with_confidences(
        &self,
        sentences: &[Vec<&str>],
        entities_only: bool,
    ) -> Vec<Vec<(Iob, f32)>> {
        let mut out: Vec<Vec<(Iob, f32)>> = sentences
            .iter()
            .map(|s| Vec::with_capacity(s.len()))
            .collect();
        self.tag_spans_stream(
            sentences.len(),
            |i| &sentences[i],
            entities_only,
            |sent, _, tags| out[sent].extend_from_slice(tags),
        );
        out
    }

    /// Tags only (no confidences): what `nutgraf tag` and `nutgraf eval` use.
    pub fn tag_document_tags(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Iob>> {
        let mut out: Vec<Vec<Iob>> = sentences
            .iter()
            .map(|s| Vec::with_capacity(s.len()))
            .collect();
        let mut sink = |sent: usize, _: usize, tags: &[u8], _: &[f32]| {
            out[sent].extend(tags.iter().map(|&t| tag_to_iob(t)));
        };
        let mut stats = StreamStats::default();
        self.tag_stream(sentences.len(), |i| &sentences[i], &mut sink, &mut stats);
        out
    }
}

/// Longest run of tokens the tagger decodes as one unit. Longer sentences (not seen in real
/// text: the longest sentence of the CoNLL-2003 and GermEval data has 124 tokens) are
/// tagged in chunks of this many tokens, which bounds the feature, emission and decoding
/// buffers on pathological input such as megabytes of punctuation without a sentence end.
pub(crate) const MAX_UNIT_TOKENS: usize = 1024;

/// A unit between stage 1 and stage 2.
struct Unit {
    sent: usize,
    start: usize,
    toks: Vec<Tok>,
    s1: Vec<u8>,
}

/// Feature buffers reused from unit to unit.
#[derive(Default)]
struct FeatureBuf {
    feats: Vec<u32>,
    offs: Vec<u32>,
}

/// High-water marks of the streaming tagger (what the memory regression tests check).
#[derive(Debug, Default)]
struct StreamStats {
    /// Most units held between the stages at once.
    units_held: usize,
    /// Longest unit, in tokens.
    unit_tokens: usize,
    /// Largest capacity of the feature buffer.
    feature_capacity: usize,
    /// Most distinct words in the document-window counts.
    count_keys: usize,
}

impl StreamStats {
    fn note(&mut self, held: usize, tokens: usize, buf: &FeatureBuf) {
        self.units_held = self.units_held.max(held);
        self.unit_tokens = self.unit_tokens.max(tokens);
        self.feature_capacity = self.feature_capacity.max(buf.feats.capacity());
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
    let hs = H.get_or_init(|| HONORIFICS.iter().map(|w| hash_str(w)).collect());
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
pub const BUILTIN_LANGUAGES: [&str; 14] = [
    "en", "de", "es", "fr", "nl", "pt", "pl", "it", "cs", "sv", "da", "fi", "nb", "nn",
];

/// The name of the multilingual fallback model in [`builtin`] and [`builtin_bytes`] (not a
/// language: it serves Latin-script languages without a model of their own, see
/// `models/ner-multi.md`).
pub const MULTI: &str = "multi";

/// Bytes of the built-in entity model for `lang` (or [`MULTI`]), if nutgraf ships one.
pub fn builtin_bytes(lang: &str) -> Option<&'static [u8]> {
    match lang {
        MULTI => Some(include_bytes!("../../models/ner-multi.ngm")),
        "en" => Some(include_bytes!("../../models/ner-en.ngm")),
        "de" => Some(include_bytes!("../../models/ner-de.ngm")),
        "es" => Some(include_bytes!("../../models/ner-es.ngm")),
        "fr" => Some(include_bytes!("../../models/ner-fr.ngm")),
        "nl" => Some(include_bytes!("../../models/ner-nl.ngm")),
        "pt" => Some(include_bytes!("../../models/ner-pt.ngm")),
        "pl" => Some(include_bytes!("../../models/ner-pl.ngm")),
        "it" => Some(include_bytes!("../../models/ner-it.ngm")),
        "cs" => Some(include_bytes!("../../models/ner-cs.ngm")),
        "sv" => Some(include_bytes!("../../models/ner-sv.ngm")),
        "da" => Some(include_bytes!("../../models/ner-da.ngm")),
        "fi" => Some(include_bytes!("../../models/ner-fi.ngm")),
        "nb" => Some(include_bytes!("../../models/ner-nb.ngm")),
        "nn" => Some(include_bytes!("../../models/ner-nn.ngm")),
        _ => None,
    }
}

/// The model to tag `domain` text (a name of [`DOMAINS`]) of language `lang`: the model
/// file at `path`, or else the built-in model of `lang` (shared for the default domain, an
/// own copy for other domains).
pub fn model_for(lang: &str, path: Option<&Path>, domain: &str) -> Result<Arc<NerModel>> {
    let id = domain_id(domain)?;
    let mut m = match path {
        Some(p) => NerModel::load(p)?,
        None if id == 0 => return builtin(lang),
        None => NerModel::from_bytes(builtin_bytes(lang).ok_or_else(|| {
            Error::UnsupportedLanguage(format!("no built-in ner model for {lang:?}"))
        })?)?,
    };
    m.set_domain(domain)?;
    Ok(Arc::new(m))
}

/// The built-in model of a language (or the multilingual one, [`MULTI`]; embedded in the
/// library), decoded once and shared.
pub fn builtin(lang: &str) -> Result<Arc<NerModel>> {
    type Cell = OnceLock<std::result::Result<Arc<NerModel>, String>>;
    const SLOTS: usize = BUILTIN_LANGUAGES.len() + 1;
    static MODELS: [Cell; SLOTS] = [const { OnceLock::new() }; SLOTS];
    let slot = BUILTIN_LANGUAGES
        .iter()
        .position(|l| *l == lang)
        .or((lang == MULTI).then_some(BUILTIN_LANGUAGES.len()));
    let Some((i, cell)) = slot.map(|i| (i, &MODELS[i])) else {
        return Err(Error::UnsupportedLanguage(format!(
            "no built-in ner model for {lang:?} (available: {})",
            BUILTIN_LANGUAGES.join(", ")
        )));
    };
    let load = || {
        let bytes = builtin_bytes(lang).ok_or_else(|| format!("no model bytes for {lang}"))?;
        NerModel::from_bytes(bytes)
            .map(Arc::new)
            .map_err(|e| e.to_string())
    };
    thread_local! {
        /// The models this thread is decoding (bit i: `BUILTIN_LANGUAGES[i]`, then `MULTI`).
        static DECODING: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }
    if let Some(m) = cell.get() {
        return m.clone().map_err(Error::Model);
    }
    // the decoding runs two halves in parallel (`rayon::join`): a pool thread that, waiting
    // for the other half, takes up work that needs the same model decodes a copy of its own,
    // since waiting for itself would never end; other threads wait for the first decoding
    if DECODING.get() & (1 << i) != 0 {
        return load().map_err(Error::Model);
    }
    let _decoding = DecodingBit::set(&DECODING, 1 << i);
    cell.get_or_init(load).clone().map_err(Error::Model)
}

/// Marks a model as being decoded by this thread until dropped (also when it unwinds).
struct DecodingBit(&'static std::thread::LocalKey<std::cell::Cell<u64>>, u64);

impl DecodingBit {
    fn set(key: &'static std::thread::LocalKey<std::cell::Cell<u64>>, bit: u64) -> Self {
        key.with(|c| c.set(c.get() | bit));
        DecodingBit(key, bit)
    }
}

impl Drop for DecodingBit {
    fn drop(&mut self) {
        self.0.with(|c| c.set(c.get() & !self.1));
    }
}

#[cfg(test)]
mod tests;
