//! `RustTopicModel`, the core of `nutgraf.TopicModel`: training (custom data, keyword seeds,
//! the built-in recipe), loading, saving and prediction of topic models, their training
//! settings, and reading their JSONL training data. Thin: the work is in the library.

use super::errors::{guarded, to_py, ConfigError};
use crate::error::Error;
use crate::topics::{KeywordOptions, TopicModel, TrainOptions};
use crate::train::topics::{load_clusters, source_weight, train_builtin, RecipeOptions};
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// Training settings of a topic model (`nutgraf.TopicModel.train`, `nutgraf.train_topics`):
/// the library's defaults with the given values changed.
#[pyclass(module = "nutgraf._nutgraf", frozen)]
pub(super) struct RustTrainOptions(TrainOptions);

#[pymethods]
impl RustTrainOptions {
    #[new]
    #[pyo3(signature = (*, epochs=None, learning_rate=None, l2=None, bits=None,
        class_balance=None, calibration_fraction=None, seed=None, average=None, char_min=None,
        char_max=None, word_bigrams=None, word_weight=None, char_weight=None, max_chars=None,
        min_examples_per_label=None, loss=None, length_weight=None, clusters=None,
        cluster_weight=0.5))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        epochs: Option<usize>,
        learning_rate: Option<f32>,
        l2: Option<f32>,
        bits: Option<u32>,
        class_balance: Option<f32>,
        calibration_fraction: Option<f32>,
        seed: Option<u64>,
        average: Option<bool>,
        char_min: Option<usize>,
        char_max: Option<usize>,
        word_bigrams: Option<bool>,
        word_weight: Option<f32>,
        char_weight: Option<f32>,
        max_chars: Option<usize>,
        min_examples_per_label: Option<usize>,
        loss: Option<String>,
        length_weight: Option<f32>,
        clusters: Option<Vec<String>>,
        cluster_weight: f32,
    ) -> PyResult<Self> {
        let mut o = TrainOptions::default();
        let f = &mut o.features;
        bits.inspect(|&v| f.bits = v);
        char_min.inspect(|&v| f.char_min = v);
        char_max.inspect(|&v| f.char_max = v);
        word_bigrams.inspect(|&v| f.word_bigrams = v);
        word_weight.inspect(|&v| f.word_weight = v);
        char_weight.inspect(|&v| f.char_weight = v);
        max_chars.inspect(|&v| f.max_chars = v);
        length_weight.inspect(|&v| f.length_weight = v);
        epochs.inspect(|&v| o.epochs = v);
        learning_rate.inspect(|&v| o.learning_rate = v);
        l2.inspect(|&v| o.l2 = v);
        class_balance.inspect(|&v| o.class_balance = v);
        calibration_fraction.inspect(|&v| o.calibration_fraction = v);
        seed.inspect(|&v| o.seed = v);
        average.inspect(|&v| o.average = v);
        min_examples_per_label.inspect(|&v| o.min_examples_per_label = v);
        if let Some(l) = loss {
            o.loss = l.parse().map_err(to_py)?;
        }
        if !(0.0..1.0).contains(&o.calibration_fraction) {
            return Err(ConfigError::new_err(
                "calibration_fraction must be in [0, 1)",
            ));
        }
        if let Some(specs) = clusters.filter(|c| !c.is_empty()) {
            let c = py
                .allow_threads(|| guarded(|| load_clusters(&specs, cluster_weight)))
                .map_err(to_py)?;
            o.features.clusters = Some(Arc::new(c));
        }
        Ok(RustTrainOptions(o))
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}

/// The Rust topic model behind `nutgraf.TopicModel`.
#[pyclass(module = "nutgraf._nutgraf", frozen)]
pub(super) struct RustTopicModel {
    pub(super) inner: Arc<TopicModel>,
}

#[pymethods]
impl RustTopicModel {
    /// Trains a model from texts and their label lists (GIL released).
    #[staticmethod]
    fn train(
        py: Python<'_>,
        texts: Vec<String>,
        labels: Vec<Vec<String>>,
        options: PyRef<'_, RustTrainOptions>,
    ) -> PyResult<Self> {
        let o = options.0.clone();
        let n = texts.len();
        let m = py
            .allow_threads(move || {
                guarded(|| {
                    let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
                    let mut m = TopicModel::train(&refs, &labels, &o)?;
                    m.set_info(format!("custom model from Python ({n} examples), {o:?}"));
                    Ok::<_, Error>(m)
                })
            })
            .map_err(to_py)?;
        Ok(RustTopicModel { inner: Arc::new(m) })
    }

    /// Trains a model with the built-in recipe from the shared datasets in `data_dir`
    /// (`crate::train::topics::train_builtin`; GIL released).
    #[staticmethod]
    fn train_builtin(
        py: Python<'_>,
        data_dir: PathBuf,
        options: PyRef<'_, RustTrainOptions>,
        source_weights: Vec<(String, f32)>,
        per_source_balance: bool,
        unknown_labels: bool,
    ) -> PyResult<Self> {
        let train = options.0.clone();
        let m = py
            .allow_threads(move || {
                guarded(|| {
                    let recipe = RecipeOptions {
                        train,
                        source_weights: source_weights
                            .iter()
                            .map(|(name, w)| source_weight(name, *w))
                            .collect::<Result<_, Error>>()?,
                        per_source_balance,
                        mask_unknown: unknown_labels,
                    };
                    train_builtin(&data_dir, &recipe, |_, _| {})
                })
            })
            .map_err(to_py)?;
        Ok(RustTopicModel { inner: Arc::new(m) })
    }

    /// Builds a keyword-seeded model from `(label, terms)` pairs; with `texts`, refines it on
    /// those unlabeled texts (pseudo-labelling, keeping the `keep` most confident fraction).
    #[staticmethod]
    #[pyo3(signature = (seeds, lexical_weight=None, transfer_weight=None, expansion=None,
        expansion_weight=None, slope=None, offset=None, texts=None, keep=0.5))]
    #[allow(clippy::too_many_arguments)]
    fn from_keywords(
        py: Python<'_>,
        seeds: Vec<(String, Vec<String>)>,
        lexical_weight: Option<f32>,
        transfer_weight: Option<f32>,
        expansion: Option<usize>,
        expansion_weight: Option<f32>,
        slope: Option<f32>,
        offset: Option<f32>,
        texts: Option<Vec<String>>,
        keep: f32,
    ) -> PyResult<Self> {
        let mut o = KeywordOptions::default();
        lexical_weight.inspect(|&v| o.lexical_weight = v);
        transfer_weight.inspect(|&v| o.transfer_weight = v);
        expansion.inspect(|&v| o.expansion = v);
        expansion_weight.inspect(|&v| o.expansion_weight = v);
        slope.inspect(|&v| o.slope = v);
        offset.inspect(|&v| o.offset = v);
        let m = py
            .allow_threads(|| {
                guarded(|| match texts {
                    None => TopicModel::from_keywords(&seeds, &o),
                    Some(t) => {
                        let refs: Vec<&str> = t.iter().map(|s| s.as_str()).collect();
                        TopicModel::from_keywords_and_texts(
                            &seeds,
                            &refs,
                            &o,
                            keep,
                            &TrainOptions::default(),
                        )
                    }
                })
            })
            .map_err(to_py)?;
        Ok(RustTopicModel { inner: Arc::new(m) })
    }

    /// Loads a model file.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let m = py
            .allow_threads(|| guarded(|| TopicModel::load(&path)))
            .map_err(to_py)?;
        Ok(RustTopicModel { inner: Arc::new(m) })
    }

    /// The built-in news topic model.
    #[staticmethod]
    fn builtin() -> PyResult<Self> {
        Ok(RustTopicModel {
            inner: crate::topics::builtin().map_err(to_py)?,
        })
    }

    /// Saves the model to a file.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let m = self.inner.clone();
        py.allow_threads(move || guarded(|| m.save(&path)))
            .map_err(to_py)
    }

    /// The labels, in the order of `scores`.
    fn labels(&self) -> Vec<String> {
        self.inner.labels().to_vec()
    }

    /// How the model was made.
    fn info(&self) -> String {
        self.inner.info().to_string()
    }

    /// Calibrated scores of each text, in label order (parallel, GIL released).
    fn scores_batch(&self, py: Python<'_>, texts: Vec<String>) -> PyResult<Vec<Vec<f32>>> {
        let m = self.inner.clone();
        py.allow_threads(move || {
            guarded(|| {
                use rayon::prelude::*;
                Ok(texts.par_iter().map(|t| m.scores(t)).collect())
            })
        })
        .map_err(to_py)
    }
}

/// Reads custom training data: `(texts, label lists)` from a JSON Lines file.
#[pyfunction]
pub(super) fn read_topic_jsonl(
    py: Python<'_>,
    path: PathBuf,
    text_field: String,
    labels_field: String,
) -> PyResult<(Vec<String>, Vec<Vec<String>>)> {
    py.allow_threads(|| {
        guarded(|| crate::topics::jsonl::read_examples(&path, &text_field, &labels_field))
    })
    .map_err(to_py)
}
