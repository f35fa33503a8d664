//! Python bindings (the `nutgraf._nutgraf` extension module). Thin: Rust does the work
//! with the GIL released and hands results over as JSON with Python `str` offsets;
//! `python/nutgraf/` wraps them in typed objects.

use crate::analyzer::{Options, Tasks};
use crate::summary::SummaryLength;
use crate::types::Analysis;
use crate::{Analyzer, Error, InputFormat};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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
        summary=true, max_input_bytes=crate::analyzer::DEFAULT_MAX_INPUT_BYTES,
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
            },
            clean,
            language,
            summary_length,
            topic_top_k: topics_top_k,
            topic_threshold: topics_threshold,
            max_input_bytes,
        };
        let inner = py
            .allow_threads(|| Analyzer::builtin_with_transformers(options, &tf))
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
        py.allow_threads(move || inner.analyze_guarded(&text, format).map(analysis_json))
            .map_err(to_py)
    }

    /// Analyzes a list of texts in parallel; returns one `(ok, payload)` per text, where
    /// payload is the JSON analysis or `(error_kind, message)`.
    #[pyo3(signature = (texts, threads=None, html=false))]
    fn analyze_batch_json(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyList>,
        threads: Option<usize>,
        html: bool,
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
        let inner = self.inner.clone();
        let run = move || {
            use rayon::prelude::*;
            owned
                .into_par_iter()
                .map(
                    |t| match t.and_then(|t| inner.analyze_guarded(&t, format)) {
                        Ok(a) => (true, analysis_json(a), String::new()),
                        Err(e) => (false, e.kind().to_string(), e.to_string()),
                    },
                )
                .collect::<Vec<_>>()
        };
        Ok(py.allow_threads(move || match pool {
            Some(p) => p.install(run),
            None => run(),
        }))
    }
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
fn run_cli(py: Python<'_>, args: Vec<String>) -> i32 {
    py.allow_threads(|| crate::cli::run(args))
}

#[pymodule]
fn _nutgraf(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<RustAnalyzer>()?;
    m.add_function(wrap_pyfunction!(raise_error, m)?)?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
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
