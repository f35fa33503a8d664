//! `evaluate_topics` and `evaluate_summaries`, the core of `nutgraf.evaluate_topics` and
//! `nutgraf.evaluate_summaries`: run the library's evaluations (GIL released) and hand the
//! reports over as JSON. Thin: no scoring here.

use super::errors::{guarded, to_py};
use super::topics::RustTopicModel;
use crate::eval::rouge::Rouge;
use crate::eval::summary::{self, SummaryEvalOptions};
use crate::eval::topics::{evaluate, load_eval_set};
use pyo3::prelude::*;
use serde_json::json;
use std::path::PathBuf;

/// Topic accuracy, macro-F1, per-class F1, calibration and per-example predictions of a model
/// (the built-in one by default) on one split of a dataset, as JSON.
#[pyfunction]
#[pyo3(signature = (dataset, data_dir, split, model=None))]
pub(super) fn evaluate_topics(
    py: Python<'_>,
    dataset: String,
    data_dir: PathBuf,
    split: String,
    model: Option<PyRef<'_, RustTopicModel>>,
) -> PyResult<String> {
    let model = model.map(|m| m.inner.clone());
    py.allow_threads(|| {
        guarded(|| {
            let model = match model {
                Some(m) => m,
                None => crate::topics::builtin()?,
            };
            let set = load_eval_set(&data_dir, &dataset, &split)?;
            let r = evaluate(&model, &set);
            Ok(json!({
                "name": r.name,
                "n": r.n,
                "accuracy": r.accuracy,
                "macro_f1": r.macro_f1,
                "per_class": r.per_class.iter()
                    .map(|c| json!({"class": c.class, "f1": c.f1, "n": c.n}))
                    .collect::<Vec<_>>(),
                "calibration": r.calibration.map(|c| json!({"brier": c.brier, "ece": c.ece})),
                "predictions": r.prediction_records(&set),
                "text": r.to_string(),
            })
            .to_string())
        })
    })
    .map_err(to_py)
}

fn rouge_json(r: &Rouge) -> serde_json::Value {
    json!({"rouge1": r.rouge1, "rouge2": r.rouge2, "rougeL": r.rouge_l, "rougeLsum": r.rouge_lsum})
}

/// ROUGE (in percent) of the built-in summarizer and of the lead baseline on one split of a
/// summary dataset, as JSON.
#[pyfunction]
#[pyo3(signature = (dataset, data_dir, split, sentences=None))]
pub(super) fn evaluate_summaries(
    py: Python<'_>,
    dataset: String,
    data_dir: PathBuf,
    split: String,
    sentences: Option<usize>,
) -> PyResult<String> {
    py.allow_threads(|| {
        guarded(|| {
            let opts = SummaryEvalOptions {
                sentences,
                ..SummaryEvalOptions::default()
            };
            let r = summary::evaluate(&data_dir, &dataset, &split, &opts)?;
            Ok(json!({
                "dataset": r.dataset,
                "split": r.split,
                "n": r.results.len(),
                "k": r.k,
                "nutgraf": rouge_json(&r.nutgraf),
                "lead": rouge_json(&r.lead),
                "seconds": r.seconds,
                "text": r.to_string(),
            })
            .to_string())
        })
    })
    .map_err(to_py)
}
