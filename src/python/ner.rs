//! `nutgraf.evaluate_ner` and `nutgraf.train_ner`: the library's entity evaluation and
//! training ([`crate::eval::ner`], [`crate::train::ner`]) with the GIL released, results as
//! JSON. Converts arguments and writes the model files; no scoring or training logic here.

use super::errors::{guarded, to_py};
use crate::error::{Error, Result};
use crate::eval::ner::{dev_scores, evaluate_ner, scores_json, NerEvalOptions};
use crate::ner::conll::{repair_iob2, LabeledSentence};
use crate::ner::trainer::TrainDoc;
use crate::train::ner::{train_ner, NerTrainConfig};
use crate::types::Iob;
use pyo3::prelude::*;
use serde_json::json;
use std::path::PathBuf;

/// Documents given as sentences of `(token, tag)` pairs (tags IOB1 or IOB2, made IOB2;
/// empty sentences skipped).
type PairDocs = Vec<Vec<Vec<(String, String)>>>;

fn docs_from_pairs(docs: PairDocs) -> Result<Vec<TrainDoc>> {
    let mut out = Vec::with_capacity(docs.len());
    for (i, doc) in docs.into_iter().enumerate() {
        let mut sentences = Vec::with_capacity(doc.len());
        for (j, pairs) in doc.into_iter().filter(|s| !s.is_empty()).enumerate() {
            let (tokens, tags): (Vec<String>, Vec<String>) = pairs.into_iter().unzip();
            let mut tags = tags
                .iter()
                .map(|t| t.parse::<Iob>())
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|e| Error::Data(format!("document {i}, sentence {j}: {e}")))?;
            repair_iob2(&mut tags);
            sentences.push(LabeledSentence { tokens, tags });
        }
        out.push(sentences);
    }
    Ok(TrainDoc::from_labeled(out, false))
}

/// Evaluates an entity model on a labelled CoNLL-style file (`path`) or on documents of
/// `(token, tag)` pairs (`docs`); returns the report as JSON (see `NerReport::to_json`).
#[pyfunction]
#[pyo3(signature = (language, path=None, docs=None, model=None, domain="news".to_string(),
    no_misc=false, pipeline=false))]
#[allow(clippy::too_many_arguments)]
pub(super) fn evaluate_ner_json(
    py: Python<'_>,
    language: String,
    path: Option<PathBuf>,
    docs: Option<PairDocs>,
    model: Option<PathBuf>,
    domain: String,
    no_misc: bool,
    pipeline: bool,
) -> PyResult<String> {
    let opts = NerEvalOptions {
        model,
        domain,
        no_misc,
        pipeline,
        ..NerEvalOptions::new(&language)
    };
    py.allow_threads(move || {
        guarded(|| {
            let model = opts.load_model()?;
            let docs = match (path, docs) {
                (Some(p), _) => TrainDoc::read(&p, false)?,
                (None, Some(d)) => docs_from_pairs(d)?,
                (None, None) => return Err(Error::Config("give a path or documents".into())),
            };
            Ok(evaluate_ner(&model, &docs, &opts)?.to_json().to_string())
        })
    })
    .map_err(to_py)
}

/// Trains an entity model as `config_json` (a JSON object of `NerTrainConfig` fields) says,
/// writes it to `output` (and the dev-selected model of a final fit to `selected_output`),
/// and returns a JSON summary: `output`, `bytes`, `weight_rows`, `description`, `selected`
/// (epochs and dev F1 of a final fit's selection, or null) and `dev` (scores per text domain
/// of the model selected on dev).
#[pyfunction]
#[pyo3(signature = (config_json, output, selected_output=None, verbose=false))]
pub(super) fn train_ner_json(
    py: Python<'_>,
    config_json: &str,
    output: PathBuf,
    selected_output: Option<PathBuf>,
    verbose: bool,
) -> PyResult<String> {
    let cfg: NerTrainConfig = serde_json::from_str(config_json)
        .map_err(|e| to_py(Error::Config(format!("train_ner: {e}"))))?;
    py.allow_threads(move || {
        guarded(|| {
            let log = |s: &str| {
                if verbose {
                    eprintln!("{s}");
                }
            };
            let t = train_ner(&cfg, &log)?;
            // the model, and with a teacher its card beside it
            t.save(&output, &format!("nutgraf.train_ner({config_json})"))?;
            let bytes = t.model.to_bytes()?;
            let (dev_model, selected) = match &t.selected {
                Some((m, sel)) => {
                    if let Some(p) = &selected_output {
                        m.save(p)?;
                    }
                    (m, json!({"epochs": sel.epochs, "dev_f1": sel.dev_f1}))
                }
                None => (&t.model, serde_json::Value::Null),
            };
            let dev: serde_json::Map<String, serde_json::Value> =
                dev_scores(dev_model, &t.dev_docs)?
                    .into_iter()
                    .map(|(name, sc)| (name.to_string(), scores_json(&sc)))
                    .collect();
            Ok(json!({
                "output": output.display().to_string(),
                "bytes": bytes.len(),
                "weight_rows": t.model.num_weights(),
                "description": t.model.description(),
                "selected": selected,
                "dev": dev,
            })
            .to_string())
        })
    })
    .map_err(to_py)
}
