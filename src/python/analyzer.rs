//! `RustAnalyzer`, the core of `nutgraf.Analyzer`: analysis of one text or a batch with the
//! GIL released, results as JSON with Python `str` offsets. Holds no Python objects.

use super::errors::{guarded, to_py, with_page_metadata, ConfigError, NutgrafError};
use super::topics::RustTopicModel;
use crate::analyzer::{Analyzer, Options, Tasks};
use crate::batch::empty_page_metadata;
use crate::error::Error;
use crate::summary::SummaryLength;
use crate::text::InputFormat;
use crate::types::{Analysis, Metadata};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// One text's result in a batch: `(ok, payload, message, metadata)` (see
/// `analyze_batch_json`).
type BatchResult = (bool, String, String, Option<String>);

/// Texts analyzed between two checks for Ctrl-C (and other signals) in a batch.
const SIGNAL_CHUNK: usize = 128;

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
    for s in a
        .blocks
        .iter_mut()
        .flatten()
        .filter_map(|b| b.span.as_mut())
    {
        s.start = map[s.start];
        s.end = map[s.end];
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

/// One input of the analyzer: text, or the raw bytes of a page (decoded in Rust).
enum Input {
    Text(String),
    Bytes(Vec<u8>),
}

impl Input {
    /// A `str` or `bytes` object as an input.
    fn from_py(item: &Bound<'_, PyAny>) -> Result<Input, Error> {
        if let Ok(s) = item.downcast::<PyString>() {
            return text_of(s).map(Input::Text);
        }
        if let Ok(b) = item.downcast::<PyBytes>() {
            return Ok(Input::Bytes(b.as_bytes().to_vec()));
        }
        Err(Error::InvalidInput(format!(
            "expected str or bytes, got {}",
            item.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "?".into())
        )))
    }

    fn analyze(&self, nlp: &Analyzer, format: InputFormat) -> Result<Analysis, Error> {
        match self {
            Input::Text(t) => nlp.analyze_as(t, format),
            Input::Bytes(b) => nlp.analyze_bytes(b, format),
        }
    }

    /// The page's own metadata (JSON) when this input is an HTML page whose article had no
    /// text (`e` is [`Error::EmptyInput`]); `None` otherwise and for a page that says nothing
    /// about itself. `encoding` is set for bytes only, as in an analysis.
    fn failed_page_metadata(&self, e: &Error, format: InputFormat) -> Option<String> {
        let meta = match self {
            Input::Text(t) => empty_page_metadata(t.as_bytes(), e, format).map(|m| Metadata {
                encoding: None,
                ..m
            }),
            Input::Bytes(b) => empty_page_metadata(b, e, format),
        }?;
        serde_json::to_string(&meta).ok()
    }
}

/// The Rust analyzer behind `nutgraf.Analyzer`.
#[pyclass(module = "nutgraf._nutgraf", frozen)]
pub(super) struct RustAnalyzer {
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
        keyphrases=true, keyphrase_count=10, entity_fallback=true,
        ner_model=None, summary_model=None, zero_shot_model=None, labels=None,
        multi_label=false, hypothesis_template=None, device="cpu"))]
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
        entity_fallback: bool,
        ner_model: Option<std::path::PathBuf>,
        summary_model: Option<std::path::PathBuf>,
        zero_shot_model: Option<std::path::PathBuf>,
        labels: Option<Vec<String>>,
        multi_label: bool,
        hypothesis_template: Option<String>,
        device: &str,
    ) -> PyResult<Self> {
        if let Some(t) = &hypothesis_template {
            let bad = if zero_shot_model.is_none() {
                Some("hypothesis_template was given without a zero-shot model")
            } else if !t.contains("{}") {
                Some("hypothesis_template must contain {} where the label goes")
            } else {
                None
            };
            if let Some(m) = bad {
                return Err(to_py(Error::Config(m.into())));
            }
        }
        let tf = crate::transformers::TransformerConfig {
            ner_model,
            summary_model,
            zero_shot_model,
            labels: labels.unwrap_or_default(),
            multi_label,
            hypothesis_template,
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
            entity_fallback,
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

    /// Analyzes one text (`str`, or `bytes`: an HTML page in any encoding, UTF-8 text);
    /// returns the analysis as JSON (str offsets).
    #[pyo3(signature = (text, html=false))]
    fn analyze_json(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        html: bool,
    ) -> PyResult<String> {
        let text = Input::from_py(text).map_err(to_py)?;
        let format = if html {
            InputFormat::Html
        } else {
            InputFormat::Text
        };
        let inner = self.inner.clone();
        py.allow_threads(move || {
            guarded(|| text.analyze(&inner, format).map(analysis_json)).map_err(|e| {
                let meta = text.failed_page_metadata(&e, format);
                (e, meta)
            })
        })
        .map_err(|(e, meta)| with_page_metadata(py, to_py(e), meta))
    }

    /// Analyzes a list of texts in parallel; returns one `(ok, payload, message, metadata)`
    /// per text, where payload is the JSON analysis or the error kind, and `metadata` the
    /// page's metadata (JSON) of an HTML page whose article had no text. `cancel` (an object with
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
    ) -> PyResult<Vec<BatchResult>> {
        let owned: Vec<Result<Input, Error>> =
            texts.iter().map(|item| Input::from_py(&item)).collect();
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
                        let failed = |e: Error, meta| -> BatchResult {
                            (false, e.kind().to_string(), e.to_string(), meta)
                        };
                        match t {
                            Err(e) => failed(e, None),
                            Ok(t) => match guarded(|| t.analyze(&inner, format).map(analysis_json))
                            {
                                Ok(json) => (true, json, String::new(), None),
                                Err(e) => {
                                    let meta = t.failed_page_metadata(&e, format);
                                    failed(e, meta)
                                }
                            },
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
