//! `nutgraf eval summary`: arguments, files and printing; the work (ROUGE conventions of EVAL.md,
//! lead baseline, weight fit) is in `crate::eval::summary` and `crate::eval::rouge`.

use crate::error::{Error, Result};
use crate::eval::summary::{evaluate, SummaryEvalOptions};
use crate::summary::FEATURE_NAMES;
use std::path::PathBuf;

/// Arguments of `nutgraf eval summary`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// bbc | klexikon
    #[arg(long)]
    pub dataset: String,
    /// Folder with the shared datasets.
    #[arg(long, default_value = "../shared/data")]
    pub data_dir: PathBuf,
    /// Split: bbc `test` | `train`; klexikon `test` | `validation` | `train`.
    #[arg(long, default_value = "test")]
    pub split: String,
    /// Summary length in sentences (default: 3 for bbc, 15 for klexikon).
    #[arg(long)]
    pub sentences: Option<usize>,
    /// Use as many sentences as the reference has.
    #[arg(long)]
    pub k_from_reference: bool,
    /// MMR redundancy penalty (default: the built-in value).
    #[arg(long)]
    pub redundancy: Option<f32>,
    /// Override one scorer weight: `NAME=VALUE` (feature name or `bias`); repeatable.
    #[arg(long = "weight")]
    pub weight: Vec<String>,
    /// Fit the scorer weights by logistic regression on this split (BBC only) and print them.
    #[arg(long)]
    pub fit: bool,
    /// Write one JSON line per document (id, k, prediction, lead, reference, sentences, ...).
    #[arg(long)]
    pub predictions: Option<PathBuf>,
}

/// Parses `NAME=VALUE` (a scorer feature or `bias`).
fn parse_weight(kv: &str) -> Result<(String, f32)> {
    let bad = || Error::Config(format!("--weight {kv:?}: expected NAME=VALUE"));
    let (k, v) = kv.split_once('=').ok_or_else(bad)?;
    let v: f32 = v.parse().map_err(|_| bad())?;
    let known = k == "bias" || FEATURE_NAMES.contains(&k);
    known.then(|| (k.to_string(), v)).ok_or_else(bad)
}

pub fn eval(a: EvalArgs) -> Result<i32> {
    let weights: Result<Vec<_>> = a.weight.iter().map(|kv| parse_weight(kv)).collect();
    let opts = SummaryEvalOptions {
        sentences: a.sentences,
        k_from_reference: a.k_from_reference,
        redundancy: a.redundancy,
        weights: weights?,
        fit: a.fit,
    };
    let report = evaluate(&a.data_dir, &a.dataset, &a.split, &opts)?;
    if let Some(f) = &report.fit {
        eprint!("{f}");
    }
    print!("{report}");
    if let Some(path) = &a.predictions {
        crate::datasets::write_jsonl(path, &report.prediction_records())?;
    }
    Ok(0)
}
