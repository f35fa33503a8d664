//! The topic model: one-vs-rest logistic regression over hashed features, i8-quantized weights,
//! per-label Platt calibration; prediction, and the model file (load, save). Does not train
//! (`trainer`) and knows no dataset.

use super::features::{score_into, FeatureConfig, SparseVec};
use crate::error::{Error, Result};
use crate::model_file;
use crate::types::TopicScore;
use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Model file kind.
pub const KIND: &str = "topics";
/// Payload version of the model file (4: the length calibration; 3: optional word-cluster
/// features; version 3 and 2 files are still read, without a length calibration).
pub const PAYLOAD_VERSION: u16 = 4;
/// Payload version 3 (no length calibration), read for compatibility.
pub(crate) const PAYLOAD_V3: u16 = 3;
/// Payload version 2 (no word clusters either), read for compatibility.
pub(crate) const PAYLOAD_V2: u16 = 2;
/// Byte offset of the payload version in a model file's header (magic 8, format version 2,
/// kind 8).
const PAYLOAD_VERSION_AT: usize = 18;

/// Serialized contents of a topic model, generic over the feature settings so that older
/// payload versions (other feature settings, same layout otherwise) share the struct.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct PayloadOf<F> {
    pub labels: Vec<String>,
    pub features: F,
    /// Dequantization scale per label.
    pub scales: Vec<f32>,
    /// Quantized weights, `2^bits` rows of `labels.len()` values (row = hash bucket).
    #[serde(deserialize_with = "i8_from_bytes")]
    pub weights: Vec<i8>,
    /// Bias per label.
    pub bias: Vec<f32>,
    /// Platt slope per label (`p = sigmoid(a * z + b)`).
    pub calib_a: Vec<f32>,
    /// Platt intercept per label.
    pub calib_b: Vec<f32>,
    /// Free-form description of how the model was trained.
    pub info: String,
}

/// The current payload (version 3).
pub(crate) type Payload = PayloadOf<FeatureConfig>;

/// A payload of version 2 (no word clusters).
pub(crate) type PayloadV2 = PayloadOf<FeatureConfigV2>;

impl<F> PayloadOf<F> {
    /// The same payload with its feature settings converted.
    pub(crate) fn map_features<G>(self, f: impl FnOnce(F) -> G) -> PayloadOf<G> {
        PayloadOf {
            labels: self.labels,
            features: f(self.features),
            scales: self.scales,
            weights: self.weights,
            bias: self.bias,
            calib_a: self.calib_a,
            calib_b: self.calib_b,
            info: self.info,
        }
    }
}

/// Reads the weights as one byte string: postcard encodes a sequence of `i8` exactly like
/// bytes (a length, then one byte each), and this decodes it in one copy instead of one
/// visitor call per weight (the bulk of the model's load time). Other formats may still
/// give a sequence.
fn i8_from_bytes<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Vec<i8>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Vec<i8>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a sequence of i8")
        }
        fn visit_bytes<E: serde::de::Error>(self, b: &[u8]) -> std::result::Result<Vec<i8>, E> {
            Ok(b.iter().map(|&x| x as i8).collect())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> std::result::Result<Vec<i8>, A::Error> {
            let mut v = Vec::new();
            while let Some(x) = seq.next_element()? {
                v.push(x);
            }
            Ok(v)
        }
    }
    d.deserialize_bytes(V)
}

/// The feature settings of payload version 2 (no word clusters).
#[derive(Serialize, Deserialize)]
pub(crate) struct FeatureConfigV2 {
    pub bits: u32,
    pub char_min: usize,
    pub char_max: usize,
    pub word_bigrams: bool,
    pub word_weight: f32,
    pub char_weight: f32,
    pub max_chars: usize,
    pub length_weight: f32,
}

impl From<FeatureConfigV2> for FeatureConfig {
    fn from(f: FeatureConfigV2) -> Self {
        FeatureConfig {
            bits: f.bits,
            char_min: f.char_min,
            char_max: f.char_max,
            word_bigrams: f.word_bigrams,
            word_weight: f.word_weight,
            char_weight: f.char_weight,
            max_chars: f.max_chars,
            length_weight: f.length_weight,
            clusters: None,
        }
    }
}

/// Version-2 settings of a configuration without word clusters (tests write version-2 files).
#[cfg(test)]
impl From<FeatureConfig> for FeatureConfigV2 {
    fn from(f: FeatureConfig) -> Self {
        FeatureConfigV2 {
            bits: f.bits,
            char_min: f.char_min,
            char_max: f.char_max,
            word_bigrams: f.word_bigrams,
            word_weight: f.word_weight,
            char_weight: f.char_weight,
            max_chars: f.max_chars,
            length_weight: f.length_weight,
        }
    }
}

/// A multi-label topic classifier. Cheap to share between threads (`Send + Sync`).
#[derive(Clone, Debug)]
pub struct TopicModel {
    pub(crate) p: Payload,
    /// The length calibration (none for files before payload version 4).
    pub(crate) length: LengthCalibration,
}

/// How much of a short text's evidence counts, and the label priors its calibrated log-odds
/// move towards (payload version 4). Each feature group is L2-normalized, so one word weighs
/// as much as an article: without it a one-word text gets its top topic at 0.95 on average,
/// right a quarter of the time (SIB-200 dev sentences cut to their first word).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LengthCalibration {
    /// Scale in words (0 = no length calibration).
    pub scale: f32,
    /// Shape: a text of `n` words counts `1 - exp(-(n / scale)^shape)`.
    pub shape: f32,
    /// Prior log-odds of each label on the calibration set (empty when `scale` is 0).
    pub prior: Vec<f32>,
}

impl LengthCalibration {
    /// The share of the evidence of a text of `words` words that counts (0 to 1; 1 without
    /// a length calibration).
    pub fn factor(&self, words: usize) -> f32 {
        if self.scale <= 0.0 {
            return 1.0;
        }
        1.0 - (-(words as f32 / self.scale).powf(self.shape)).exp()
    }

    /// Moves the calibrated log-odds `z` (one per label) of a text of `words` words that far
    /// towards the priors (`f·z + (1 − f)·prior`, `f` the [`LengthCalibration::factor`]).
    pub fn apply(&self, words: usize, z: &mut [f32]) {
        let f = self.factor(words);
        if f < 1.0 {
            for (o, p) in z.iter_mut().zip(&self.prior) {
                *o = f * *o + (1.0 - f) * p;
            }
        }
    }

    /// The words of `text` (runs between whitespace) that count: up to the number past which
    /// [`LengthCalibration::factor`] is 1 in `f32` (`(n / scale)^shape` over 20); none
    /// without a length calibration.
    fn words(&self, text: &str) -> usize {
        if self.scale <= 0.0 {
            return 0;
        }
        let cap = (self.scale * 20f32.powf(1.0 / self.shape)).ceil() as usize;
        text.split_whitespace().take(cap).count()
    }

    /// Checks the calibration against a label count.
    fn check(&self, labels: usize) -> Result<()> {
        let finite = self.scale.is_finite() && self.shape.is_finite();
        let prior_ok = self.prior.len() == labels && self.prior.iter().all(|p| p.is_finite());
        if !finite || self.scale < 0.0 || (self.scale > 0.0 && (self.shape <= 0.0 || !prior_ok)) {
            return Err(Error::Model(format!(
                "topic model: bad length calibration (scale {}, shape {}, {} priors for {labels} labels)",
                self.scale,
                self.shape,
                self.prior.len()
            )));
        }
        Ok(())
    }
}

/// A version-4 model file's payload: the version-3 payload, then the length calibration
/// (postcard writes a nested struct's fields in line).
#[derive(Serialize)]
struct StoredRef<'a> {
    p: &'a Payload,
    length: &'a LengthCalibration,
}

/// [`StoredRef`] as read.
#[derive(Deserialize)]
struct Stored {
    p: Payload,
    length: LengthCalibration,
}

#[inline]
pub(crate) fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

impl TopicModel {
    pub(crate) fn from_payload(p: Payload) -> Result<Self> {
        let l = p.labels.len();
        if l == 0 {
            return Err(Error::Model("topic model has no labels".into()));
        }
        if p.features.bits == 0 || p.features.bits > 26 {
            return Err(Error::Model(format!(
                "topic model: unsupported hash size 2^{}",
                p.features.bits
            )));
        }
        let rows = 1usize << p.features.bits;
        if p.weights.len() != rows * l
            || p.scales.len() != l
            || p.bias.len() != l
            || p.calib_a.len() != l
            || p.calib_b.len() != l
        {
            return Err(Error::Model(
                "topic model: array sizes do not match the label count".into(),
            ));
        }
        Ok(TopicModel {
            p,
            length: LengthCalibration::default(),
        })
    }

    /// Reads a model from the bytes of a model file (payload version 4, 3 or 2).
    pub fn from_bytes(b: &[u8]) -> Result<Self> {
        let version = b
            .get(PAYLOAD_VERSION_AT..PAYLOAD_VERSION_AT + 2)
            .map(|v| u16::from_le_bytes([v[0], v[1]]));
        if version == Some(PAYLOAD_V2) {
            let p: PayloadV2 = model_file::decode(KIND, PAYLOAD_V2, b)?;
            return Self::from_payload(p.map_features(FeatureConfig::from));
        }
        if version == Some(PAYLOAD_V3) {
            return Self::from_payload(model_file::decode(KIND, PAYLOAD_V3, b)?);
        }
        let s: Stored = model_file::decode(KIND, PAYLOAD_VERSION, b)?;
        let mut m = Self::from_payload(s.p)?;
        m.set_length_calibration(s.length)?;
        Ok(m)
    }

    /// Sets the length calibration (checked against the label count).
    pub(crate) fn set_length_calibration(&mut self, length: LengthCalibration) -> Result<()> {
        length.check(self.p.labels.len())?;
        self.length = length;
        Ok(())
    }

    /// The stored payload (see [`StoredRef`]).
    fn stored(&self) -> StoredRef<'_> {
        StoredRef {
            p: &self.p,
            length: &self.length,
        }
    }

    /// The bytes of a model file.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        model_file::encode(KIND, PAYLOAD_VERSION, &self.stored())
    }

    /// Loads a model file.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
        Self::from_bytes(&bytes)
    }

    /// Saves the model to a file.
    pub fn save(&self, path: &Path) -> Result<()> {
        model_file::write(KIND, PAYLOAD_VERSION, &self.stored(), path)
    }

    /// The labels, in the column order of [`TopicModel::predict_batch`].
    pub fn labels(&self) -> &[String] {
        &self.p.labels
    }

    /// How the model was trained (free text stored in the file).
    pub fn info(&self) -> &str {
        &self.p.info
    }

    /// The feature settings.
    pub fn feature_config(&self) -> &FeatureConfig {
        &self.p.features
    }

    /// Raw (uncalibrated) logits of a feature vector.
    pub(crate) fn logits(&self, x: &SparseVec, out: &mut [f32]) {
        let l = self.p.labels.len();
        out.iter_mut().for_each(|o| *o = 0.0);
        for (&i, &v) in x.idx.iter().zip(&x.val) {
            let row = &self.p.weights[i as usize * l..(i as usize + 1) * l];
            for (o, &w) in out.iter_mut().zip(row) {
                *o += w as f32 * v;
            }
        }
        for (k, o) in out.iter_mut().enumerate() {
            *o = *o * self.p.scales[k] + self.p.bias[k];
        }
    }

    /// Raw (uncalibrated) logits of a text, straight from its features (no sparse vector is
    /// built; the same numbers as [`TopicModel::logits`] of its [`extract`](super::features::extract)
    /// up to float rounding).
    pub(crate) fn logits_text(&self, text: &str, out: &mut [f32]) {
        out.iter_mut().for_each(|o| *o = 0.0);
        score_into(text, &self.p.features, &self.p.weights, &self.p.scales, out);
        for (o, b) in out.iter_mut().zip(&self.p.bias) {
            *o += b;
        }
    }

    /// Writes the calibrated log-odds of every label for one text into `out` (label order;
    /// `out.len()` must be the label count, else nothing is written). The probabilities of
    /// [`TopicModel::scores_into`] are their sigmoid; unlike those, log-odds never round to
    /// 1.0 or 0.0 in `f32`, so they rank labels even for very confident models.
    pub fn log_odds_into(&self, text: &str, out: &mut [f32]) {
        if out.len() != self.p.labels.len() {
            return;
        }
        self.logits_text(text, out);
        for (k, o) in out.iter_mut().enumerate() {
            *o = self.p.calib_a[k] * *o + self.p.calib_b[k];
        }
        self.length.apply(self.length.words(text), out);
    }

    /// How much of a text's evidence counts ([`LengthCalibration::factor`] of its words, runs
    /// between whitespace): its calibrated log-odds move that far from each label's prior.
    pub fn length_factor(&self, text: &str) -> f32 {
        self.length.factor(self.length.words(text))
    }

    /// The length calibration (scale 0: none).
    pub fn length_calibration(&self) -> &LengthCalibration {
        &self.length
    }

    /// Writes the calibrated probability of every label for one text into `out` (label
    /// order; `out.len()` must be the label count, else nothing is written).
    pub fn scores_into(&self, text: &str, out: &mut [f32]) {
        if out.len() != self.p.labels.len() {
            return;
        }
        self.log_odds_into(text, out);
        out.iter_mut().for_each(|o| *o = sigmoid(*o));
    }

    /// Calibrated probability of every label for one text, in label order.
    pub fn scores(&self, text: &str) -> Vec<f32> {
        let mut out = vec![0.0; self.p.labels.len()];
        self.scores_into(text, &mut out);
        out
    }

    /// All labels with scores in `[0, 1]`, highest first.
    pub fn predict(&self, text: &str) -> Vec<TopicScore> {
        let mut z = vec![0.0; self.p.labels.len()];
        self.log_odds_into(text, &mut z);
        // ranked by log-odds: probabilities that round to the same f32 keep their true order
        let mut order: Vec<usize> = (0..z.len()).collect();
        order.sort_by(|&a, &b| z[b].total_cmp(&z[a]));
        order
            .into_iter()
            .map(|k| TopicScore {
                label: self.p.labels[k].clone(),
                score: sigmoid(z[k]),
            })
            .collect()
    }

    /// Score matrix: rows = texts, columns = [`TopicModel::labels`] order.
    pub fn predict_batch(&self, texts: &[&str]) -> Array2<f32> {
        self.log_odds_batch(texts).mapv_into(sigmoid)
    }

    /// Calibrated log-odds matrix (see [`TopicModel::log_odds_into`]): rows = texts, columns
    /// = [`TopicModel::labels`] order; the row maximum is the top label.
    pub fn log_odds_batch(&self, texts: &[&str]) -> Array2<f32> {
        let l = self.p.labels.len();
        let mut flat = vec![0f32; texts.len() * l];
        flat.par_chunks_mut(l.max(1))
            .zip(texts.par_iter())
            .for_each(|(row, t)| self.log_odds_into(t, row));
        Array2::from_shape_vec((texts.len(), l), flat)
            .unwrap_or_else(|_| Array2::zeros((texts.len(), l)))
    }
}

#[cfg(test)]
mod wire_tests {
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    struct W {
        #[serde(deserialize_with = "super::i8_from_bytes")]
        w: Vec<i8>,
    }

    #[test]
    fn i8_weights_read_as_bytes() {
        let w: Vec<i8> = (-128..=127).chain([0, -1, 5]).collect();
        let bytes = postcard::to_stdvec(&W { w: w.clone() }).unwrap();
        assert_eq!(
            bytes,
            postcard::to_stdvec(&w).unwrap(),
            "unchanged encoding"
        );
        let back: W = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back.w, w);
        assert!(postcard::from_bytes::<W>(&bytes[..bytes.len() - 1]).is_err());
    }
}
