//! Python bindings (the `nutgraf._nutgraf` extension module). Thin: Rust does the work
//! with the GIL released and hands results over as JSON with Python `str` offsets;
//! `python/nutgraf/` wraps them in typed objects.

use crate::analyzer::{Options, Tasks};
use crate::summary::SummaryLength;
use crate::topics::{KeywordOptions, TopicModel, TrainOptions};
use crate::types::Analysis;
use crate::{Analyzer, Error, InputFormat};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use std::collections::HashMap;

/// The extension module's allocations go through mimalloc (faster batch analysis); Rust
/// crates that depend on nutgraf keep their own allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

/// Texts analyzed between two checks for Ctrl-C (and other signals) in a batch.
const SIGNAL_CHUNK: usize = 128;

/// Runs `f`, turning a Rust panic into [`Error::Internal`] so that no panic ever reaches
/// Python (every entry point of this module goes through it).
fn guarded<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(Error::Internal(msg))
    })
}

create_exception!(
    _nutgraf,
    NutgrafError,
    PyException,
    "Base class of nutgraf's errors."
);
create_exception!(
    _nutgraf,
    EmptyInputError,
    NutgrafError,
    "The input has no text to analyze."
);
create_exception!(
    _nutgraf,
    InputTooLargeError,
    NutgrafError,
    "The input exceeds max_input_bytes."
);
create_exception!(
    _nutgraf,
    InvalidInputError,
    NutgrafError,
    "The input is not usable text."
);
create_exception!(
    _nutgraf,
    ModelError,
    NutgrafError,
    "A model file is malformed or incompatible."
);
create_exception!(
    _nutgraf,
    UnsupportedLanguageError,
    NutgrafError,
    "No model for this language."
);
create_exception!(
    _nutgraf,
    DataError,
    NutgrafError,
    "Bad training or evaluation data."
);
create_exception!(_nutgraf, ConfigError, NutgrafError, "Invalid options.");

fn to_py(e: Error) -> PyErr {
    let msg = e.to_string();
    match e {
        Error::EmptyInput => EmptyInputError::new_err(msg),
        Error::InputTooLarge { .. } => InputTooLargeError::new_err(msg),
        Error::InvalidInput(_) => InvalidInputError::new_err(msg),
        Error::Model(_) => ModelError::new_err(msg),
        Error::UnsupportedLanguage(_) => UnsupportedLanguageError::new_err(msg),
        Error::Data(_) => DataError::new_err(msg),
        Error::Config(_) => ConfigError::new_err(msg),
        _ => NutgrafError::new_err(msg),
    }
}

/// Converts byte offsets to Python `str` (code point) offsets, in place.
fn to_char_offsets(a: &mut Analysis) {
    let text = &a.text;
    // byte offset -> char offset, for every char boundary (plus the end)
    let mut map = vec![0usize; text.len() + 1];
    let mut chars = 0;
    for (b, c) in text.char_indices() {
        for slot in &mut map[b..b + c.len_utf8()] {
            *slot = chars;
        }
        chars += 1;
    }
    map[text.len()] = chars;
    for s in &mut a.sentences {
        s.start = map[s.start];
        s.end = map[s.end];
    }
    for s in &mut a.summary {
        s.start = map[s.start];
        s.end = map[s.end];
    }
    for m in &mut a.mentions {
        m.start = map[m.start];
        m.end = map[m.end];
    }
    for e in &mut a.entities {
        e.start = map[e.start];
    }
    for k in &mut a.keyphrases {
        k.start = map[k.start];
        k.end = map[k.end];
    }
}

fn analysis_json(mut a: Analysis) -> String {
    to_char_offsets(&mut a);
    serde_json::to_string(&a).expect("Analysis serializes")
}

fn text_of(s: &Bound<'_, PyString>) -> Result<String, Error> {
    s.to_cow().map(|c| c.into_owned()).map_err(|e| {
        Error::InvalidInput(format!(
            "text cannot be encoded as UTF-8 (lone surrogate?): {e}"
        ))
    })
}

/// The Rust analyzer behind `nutgraf.Analyzer`.
#[pyclass(module = "nutgraf._nutgraf", frozen)]
struct RustAnalyzer {
    inner: Arc<Analyzer>,
    pools: Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>,
}

impl RustAnalyzer {
    fn pool(&self, threads: usize) -> PyResult<Arc<rayon::ThreadPool>> {
        let mut pools = self
            .pools
            .lock()
            .map_err(|_| NutgrafError::new_err("thread pool lock poisoned"))?;
        if let Some(p) = pools.get(&threads) {
            return Ok(p.clone());
        }
        let p = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| ConfigError::new_err(format!("thread pool: {e}")))?;
        let p = Arc::new(p);
        pools.insert(threads, p.clone());
        Ok(p)
    }
}

#[pymethods]
impl RustAnalyzer {
    #[new]
    #[pyo3(signature = (language=None, clean=true, summary_sentences=3, summary_words=None,
        summary_ratio=None, topics_top_k=5, topics_threshold=0.1, entities=true, topics=true,
        summary=true, max_input_bytes=crate::analyzer::DEFAULT_MAX_INPUT_BYTES, topic_model=None,
        keyphrases=true, keyphrase_count=10,
        ner_model=None, summary_model=None, zero_shot_model=None, labels=None,
        multi_label=false, device="cpu"))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        language: Option<String>,
        clean: bool,
        summary_sentences: usize,
        summary_words: Option<usize>,
        summary_ratio: Option<f32>,
        topics_top_k: usize,
        topics_threshold: f32,
        entities: bool,
        topics: bool,
        summary: bool,
        max_input_bytes: usize,
        topic_model: Option<PyRef<'_, RustTopicModel>>,
        keyphrases: bool,
        keyphrase_count: usize,
        ner_model: Option<std::path::PathBuf>,
        summary_model: Option<std::path::PathBuf>,
        zero_shot_model: Option<std::path::PathBuf>,
        labels: Option<Vec<String>>,
        multi_label: bool,
        device: &str,
    ) -> PyResult<Self> {
        let tf = crate::transformers::TransformerConfig {
            ner_model,
            summary_model,
            zero_shot_model,
            labels: labels.unwrap_or_default(),
            multi_label,
            device: device.parse().map_err(to_py)?,
            ..Default::default()
        };
        let summary_length = match (summary_words, summary_ratio) {
            (Some(w), _) => SummaryLength::Words(w),
            (None, Some(r)) => SummaryLength::Ratio(r),
            _ => SummaryLength::Sentences(summary_sentences),
        };
        let options = Options {
            tasks: Tasks {
                entities,
                topics,
                summary,
                keyphrases,
            },
            clean,
            language,
            summary_length,
            topic_top_k: topics_top_k,
            topic_threshold: topics_threshold,
            max_input_bytes,
            keyphrase_count,
        };
        let custom =
            topic_model.map(|m| m.inner.clone() as Arc<dyn crate::backend::TopicClassifier>);
        let inner = py
            .allow_threads(|| guarded(|| Analyzer::builtin_with_models(options, custom, &tf)))
            .map_err(to_py)?;
        Ok(RustAnalyzer {
            inner: Arc::new(inner),
            pools: Mutex::new(HashMap::new()),
        })
    }

    /// Analyzes one text; returns the analysis as JSON (str offsets).
    #[pyo3(signature = (text, html=false))]
    fn analyze_json(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        html: bool,
    ) -> PyResult<String> {
        let text = text_of(text).map_err(to_py)?;
        let format = if html {
            InputFormat::Html
        } else {
            InputFormat::Text
        };
        let inner = self.inner.clone();
        py.allow_threads(move || guarded(|| inner.analyze_as(&text, format).map(analysis_json)))
            .map_err(to_py)
    }

    /// Analyzes a list of texts in parallel; returns one `(ok, payload)` per text, where
    /// payload is the JSON analysis or `(error_kind, message)`. `cancel` (an object with
    /// `is_set()`, e.g. a `threading.Event`) is checked between chunks: once set, the call
    /// stops and raises `NutgrafError` (signals reach only the main thread, so a batch run
    /// on another thread is stopped this way).
    #[pyo3(signature = (texts, threads=None, html=false, cancel=None))]
    fn analyze_batch_json(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyList>,
        threads: Option<usize>,
        html: bool,
        cancel: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<(bool, String, String)>> {
        let mut owned: Vec<Result<String, Error>> = Vec::with_capacity(texts.len());
        for item in texts.iter() {
            owned.push(match item.downcast::<PyString>() {
                Ok(s) => text_of(s),
                Err(_) => Err(Error::InvalidInput(format!(
                    "expected str, got {}",
                    item.get_type()
                        .name()
                        .map(|n| n.to_string())
                        .unwrap_or_else(|_| "?".into())
                ))),
            });
        }
        let format = if html {
            InputFormat::Html
        } else {
            InputFormat::Text
        };
        let pool = match threads {
            Some(0) => return Err(ConfigError::new_err("threads must be at least 1")),
            Some(n) => Some(self.pool(n)?),
            None => None,
        };
        // Work in chunks with the GIL released; between chunks, take the GIL back to let
        // Python handle signals, so that Ctrl-C interrupts even a very large batch.
        let mut out = Vec::with_capacity(owned.len());
        let mut rest = owned.into_iter();
        loop {
            let chunk: Vec<_> = rest.by_ref().take(SIGNAL_CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            let inner = self.inner.clone();
            let pool = pool.clone();
            let run = move || {
                use rayon::prelude::*;
                chunk
                    .into_par_iter()
                    .map(|t| {
                        match guarded(|| {
                            t.and_then(|t| inner.analyze_as(&t, format))
                                .map(analysis_json)
                        }) {
                            Ok(json) => (true, json, String::new()),
                            Err(e) => (false, e.kind().to_string(), e.to_string()),
                        }
                    })
                    .collect::<Vec<_>>()
            };
            out.extend(py.allow_threads(move || match pool {
                Some(p) => p.install(run),
                None => run(),
            }));
            py.check_signals()?;
            if let Some(c) = cancel {
                if c.call_method0("is_set")?.is_truthy()? {
                    return Err(NutgrafError::new_err("batch cancelled"));
                }
            }
        }
        Ok(out)
    }
}

/// The Rust topic model behind `nutgraf.TopicModel`.
#[pyclass(module = "nutgraf._nutgraf", frozen)]
struct RustTopicModel {
    inner: Arc<TopicModel>,
}

#[pymethods]
impl RustTopicModel {
    /// Trains a model from texts and their label lists (GIL released).
    #[staticmethod]
    #[pyo3(signature = (texts, labels, epochs=None, learning_rate=None, l2=None, bits=None,
        class_balance=None, calibration_fraction=None, seed=None, average=None, char_min=None,
        char_max=None, word_bigrams=None, word_weight=None, char_weight=None, max_chars=None,
        min_examples_per_label=None))]
    #[allow(clippy::too_many_arguments)]
    fn train(
        py: Python<'_>,
        texts: Vec<String>,
        labels: Vec<Vec<String>>,
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
        epochs.inspect(|&v| o.epochs = v);
        learning_rate.inspect(|&v| o.learning_rate = v);
        l2.inspect(|&v| o.l2 = v);
        class_balance.inspect(|&v| o.class_balance = v);
        calibration_fraction.inspect(|&v| o.calibration_fraction = v);
        seed.inspect(|&v| o.seed = v);
        average.inspect(|&v| o.average = v);
        min_examples_per_label.inspect(|&v| o.min_examples_per_label = v);
        if !(0.0..1.0).contains(&o.calibration_fraction) {
            return Err(ConfigError::new_err(
                "calibration_fraction must be in [0, 1)",
            ));
        }
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
    fn load(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
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
    fn save(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
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
fn read_topic_jsonl(
    py: Python<'_>,
    path: std::path::PathBuf,
    text_field: String,
    labels_field: String,
) -> PyResult<(Vec<String>, Vec<Vec<String>>)> {
    py.allow_threads(|| {
        guarded(|| crate::topics::jsonl::read_examples(&path, &text_field, &labels_field))
    })
    .map_err(to_py)
}

/// Raises the Python exception that matches an error kind from `analyze_batch_json`.
#[pyfunction]
fn raise_error(kind: &str, message: String) -> PyResult<()> {
    Err(match kind {
        "empty_input" => EmptyInputError::new_err(message),
        "input_too_large" => InputTooLargeError::new_err(message),
        "invalid_input" => InvalidInputError::new_err(message),
        "model" => ModelError::new_err(message),
        "unsupported_language" => UnsupportedLanguageError::new_err(message),
        "data" => DataError::new_err(message),
        "config" => ConfigError::new_err(message),
        _ => NutgrafError::new_err(message),
    })
}

/// Runs the `nutgraf` command line with `args` (program name first); returns the exit code.
#[pyfunction]
fn run_cli(py: Python<'_>, args: Vec<String>) -> PyResult<i32> {
    py.allow_threads(|| guarded(|| Ok(crate::cli::run(args))))
        .map_err(to_py)
}

/// Panics inside the same guard as every other entry point: lets the tests check that
/// a Rust panic becomes a Python exception (`NutgrafError`) instead of a crash.
#[pyfunction]
fn _check_panic_guard(py: Python<'_>) -> PyResult<()> {
    py.allow_threads(|| guarded(|| -> Result<(), Error> { panic!("panic guard check") }))
        .map_err(to_py)
}

/// The native core of nutgraf (Rust, PyO3); use it through the `nutgraf` package.
#[pymodule]
fn _nutgraf(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<RustAnalyzer>()?;
    m.add_class::<RustTopicModel>()?;
    m.add_function(wrap_pyfunction!(read_topic_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(raise_error, m)?)?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(_check_panic_guard, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("NutgrafError", py.get_type::<NutgrafError>())?;
    m.add("EmptyInputError", py.get_type::<EmptyInputError>())?;
    m.add("InputTooLargeError", py.get_type::<InputTooLargeError>())?;
    m.add("InvalidInputError", py.get_type::<InvalidInputError>())?;
    m.add("ModelError", py.get_type::<ModelError>())?;
    m.add(
        "UnsupportedLanguageError",
        py.get_type::<UnsupportedLanguageError>(),
    )?;
    m.add("DataError", py.get_type::<DataError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    Ok(())
}
