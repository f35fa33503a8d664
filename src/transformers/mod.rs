//! The transformer tier: rust-bert pipelines (token-classification NER, abstractive
//! summarization, zero-shot topics) behind nutgraf's own backend traits, so the same
//! [`Analyzer`] API serves them, chosen per task; the built-in pipeline never needs it.
//!
//! The configuration types here are always compiled, so the CLI and Python bindings can name
//! them; loading a model needs the `transformers` cargo feature (libtorch, see the README) and
//! otherwise fails with [`Error::Config`].
//!
//! **Threads.** tch modules are `Send` but not `Sync`: each loaded model sits behind its own
//! `Mutex`, so an [`Analyzer`] stays `Send + Sync` and can be shared; calls to the same model
//! from several threads run one at a time (libtorch itself uses several threads per call on
//! CPU). For more throughput, give each worker its own `Analyzer` (models are loaded per
//! analyzer) or batch documents with [`Analyzer::analyze_batch`], which sends the windows of
//! all documents through each model in batched tensors.

pub mod chunking;
#[cfg(feature = "transformers")]
pub mod encoder;
#[cfg(feature = "transformers")]
pub mod generate;
#[cfg(feature = "transformers")]
mod model_dir;
#[cfg(feature = "transformers")]
pub mod ner;
#[cfg(feature = "transformers")]
pub mod nli;
#[cfg(feature = "transformers")]
pub mod random_models;
#[cfg(feature = "transformers")]
pub mod seq2seq;
#[cfg(feature = "transformers")]
pub mod summarize;
#[cfg(feature = "transformers")]
pub mod token_classifier;
#[cfg(feature = "transformers")]
pub mod tokenizer;
#[cfg(feature = "transformers")]
pub mod weights;
#[cfg(feature = "transformers")]
pub mod zero_shot;

#[cfg(feature = "transformers")]
pub use model_dir::{to_tch_device, ModelDir};

use crate::analyzer::Analyzer;
use crate::analyzer::{AnalyzerBuilder, Options};
use crate::error::{Error, Result};
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// Where the models run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DeviceSpec {
    /// The CPU (default).
    #[default]
    Cpu,
    /// The CUDA GPU with this index.
    Cuda(usize),
}

impl FromStr for DeviceSpec {
    type Err = Error;
    /// Parses `cpu`, `cuda` (GPU 0) or `cuda:N`.
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase();
        match t.as_str() {
            "cpu" => Ok(DeviceSpec::Cpu),
            "cuda" | "gpu" => Ok(DeviceSpec::Cuda(0)),
            _ => match t.strip_prefix("cuda:").map(str::parse::<usize>) {
                Some(Ok(n)) => Ok(DeviceSpec::Cuda(n)),
                _ => Err(Error::Config(format!(
                    "unknown device {s:?}: use cpu, cuda or cuda:N"
                ))),
            },
        }
    }
}

impl fmt::Display for DeviceSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeviceSpec::Cpu => f.write_str("cpu"),
            DeviceSpec::Cuda(n) => write!(f, "cuda:{n}"),
        }
    }
}

/// Which transformer models to use, per task, and where to run them. A task without a model
/// keeps the built-in tier.
#[derive(Clone, Debug, PartialEq)]
pub struct TransformerConfig {
    /// Directory of a token-classification model (BERT/RoBERTa/XLM-R/DistilBERT style).
    pub ner_model: Option<PathBuf>,
    /// Directory of a summarization model (BART/T5/Pegasus style).
    pub summary_model: Option<PathBuf>,
    /// Directory of an NLI model for zero-shot topics (3 labels: contradiction, neutral,
    /// entailment, as in MNLI).
    pub zero_shot_model: Option<PathBuf>,
    /// Topic labels for zero-shot classification (required with `zero_shot_model`).
    pub labels: Vec<String>,
    /// Score each label independently (multi-label) instead of normalizing across labels.
    pub multi_label: bool,
    /// The zero-shot hypothesis, `{}` standing for the label. `None`: HF's "This example is
    /// {}." for folders with a tokenizer.json, rust-bert's "This example is about {}." for
    /// legacy folders.
    pub hypothesis_template: Option<String>,
    /// Device for all three models.
    pub device: DeviceSpec,
    /// Maximum length of an abstractive summary, in model tokens (default 142).
    pub summary_max_tokens: usize,
    /// Minimum length of an abstractive summary, in model tokens (default 10).
    pub summary_min_tokens: usize,
    /// Beams for summary generation (default 3; 1 is greedy and faster).
    pub summary_beams: usize,
    /// Windows sent through a model in one tensor batch (default 8).
    pub batch_size: usize,
}

impl Default for TransformerConfig {
    fn default() -> Self {
        TransformerConfig {
            ner_model: None,
            summary_model: None,
            zero_shot_model: None,
            labels: Vec::new(),
            multi_label: false,
            hypothesis_template: None,
            device: DeviceSpec::Cpu,
            summary_max_tokens: 142,
            summary_min_tokens: 10,
            summary_beams: 3,
            batch_size: 8,
        }
    }
}

impl TransformerConfig {
    /// True when no transformer model is named (the built-in tier serves every task).
    pub fn is_empty(&self) -> bool {
        self.ner_model.is_none() && self.summary_model.is_none() && self.zero_shot_model.is_none()
    }

    fn validate(&self) -> Result<()> {
        if self.zero_shot_model.is_some() {
            if self.labels.is_empty() {
                return Err(Error::Config(
                    "zero-shot topics need labels (e.g. --labels politics,sports)".into(),
                ));
            }
            if self.labels.iter().any(|l| l.trim().is_empty()) {
                return Err(Error::Config("zero-shot labels must not be empty".into()));
            }
        } else if !self.labels.is_empty() {
            return Err(Error::Config(
                "labels were given without a zero-shot model".into(),
            ));
        }
        if self.batch_size == 0 || self.summary_beams == 0 || self.summary_max_tokens == 0 {
            return Err(Error::Config(
                "batch size, beams and summary length must be positive".into(),
            ));
        }
        if self.summary_min_tokens > self.summary_max_tokens {
            return Err(Error::Config(
                "summary_min_tokens is larger than summary_max_tokens".into(),
            ));
        }
        Ok(())
    }
}

/// True when this build includes the transformer tier (the `transformers` feature).
pub fn available() -> bool {
    cfg!(feature = "transformers")
}

impl AnalyzerBuilder {
    /// Uses the transformer models named in `config` for their tasks (replacing the built-in
    /// recognizer, topic classifier or adding an abstractive summary). Loads the models now.
    ///
    /// Errors: [`Error::Config`] when the crate was built without the `transformers` feature,
    /// the device is unavailable or the config is inconsistent; [`Error::Model`] when a model
    /// directory lacks files or fails to load.
    pub fn transformers(self, config: &TransformerConfig) -> Result<Self> {
        if config.is_empty() {
            if !config.labels.is_empty() {
                return Err(Error::Config(
                    "labels were given without a zero-shot model".into(),
                ));
            }
            return Ok(self);
        }
        config.validate()?;
        load(self, config)
    }
}

impl Analyzer {
    /// The built-in models with the transformer models of `config` in place for their tasks.
    pub fn builtin_with_transformers(
        options: Options,
        config: &TransformerConfig,
    ) -> Result<Analyzer> {
        Self::builtin_with_models(options, None, config)
    }

    /// The built-in models, a custom topic model (if any) instead of the built-in one, and
    /// the transformer models of `config` in place for their tasks.
    pub fn builtin_with_models(
        options: Options,
        topics: Option<std::sync::Arc<dyn crate::backend::TopicClassifier>>,
        config: &TransformerConfig,
    ) -> Result<Analyzer> {
        let base = match topics {
            Some(t) => Analyzer::builtin_with_topics(options.clone(), t)?,
            None => Analyzer::builtin_with(options.clone())?,
        };
        if config.is_empty() && config.labels.is_empty() {
            return Ok(base);
        }
        base.to_builder()
            .options(options)
            .transformers(config)?
            .build()
    }
}

#[cfg(not(feature = "transformers"))]
fn load(_b: AnalyzerBuilder, _config: &TransformerConfig) -> Result<AnalyzerBuilder> {
    Err(Error::Config(
        "this nutgraf was built without the transformer tier: rebuild with \
         `--features transformers` (see the README)"
            .into(),
    ))
}

#[cfg(feature = "transformers")]
fn load(mut b: AnalyzerBuilder, config: &TransformerConfig) -> Result<AnalyzerBuilder> {
    use std::sync::Arc;
    let device = to_tch_device(config.device)?;
    if let Some(dir) = &config.ner_model {
        let ner = Arc::new(ner::TransformerNer::load(dir, device, config.batch_size)?);
        b = b.recognizer_resolver(Arc::new(move |_lang: &str| {
            Ok(Some(
                ner.clone() as Arc<dyn crate::backend::EntityRecognizer>
            ))
        }));
    }
    if let Some(dir) = &config.summary_model {
        b = b.abstractive_summarizer(Arc::new(summarize::TransformerSummarizer::load(
            dir, device, config,
        )?));
    }
    if let Some(dir) = &config.zero_shot_model {
        b = b.topic_classifier(Arc::new(zero_shot::ZeroShotTopics::load(
            dir,
            device,
            config.labels.clone(),
            config.multi_label,
            config.hypothesis_template.clone(),
            config.batch_size,
        )?));
    }
    Ok(b)
}

/// Converts a rust-bert error into nutgraf's.
#[cfg(feature = "transformers")]
pub(crate) fn model_err(what: &str, e: impl fmt::Display) -> Error {
    Error::Model(format!("{what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_parse() {
        assert_eq!("cpu".parse::<DeviceSpec>().unwrap(), DeviceSpec::Cpu);
        assert_eq!("CUDA".parse::<DeviceSpec>().unwrap(), DeviceSpec::Cuda(0));
        assert_eq!("cuda:3".parse::<DeviceSpec>().unwrap(), DeviceSpec::Cuda(3));
        assert!(matches!("tpu".parse::<DeviceSpec>(), Err(Error::Config(_))));
        assert!(matches!(
            "cuda:x".parse::<DeviceSpec>(),
            Err(Error::Config(_))
        ));
    }

    #[test]
    fn labels_need_a_zero_shot_model_and_back() {
        let c = TransformerConfig {
            labels: vec!["a".into()],
            ..Default::default()
        };
        assert!(matches!(
            Analyzer::builder().transformers(&c),
            Err(Error::Config(_))
        ));
        let c = TransformerConfig {
            zero_shot_model: Some("/nonexistent".into()),
            ..Default::default()
        };
        assert!(matches!(
            Analyzer::builder().transformers(&c),
            Err(Error::Config(_))
        ));
    }

    #[cfg(not(feature = "transformers"))]
    #[test]
    fn without_the_feature_loading_is_a_config_error() {
        let c = TransformerConfig {
            ner_model: Some("/nonexistent".into()),
            ..Default::default()
        };
        let Err(e) = Analyzer::builder().transformers(&c) else {
            panic!("loading must fail without the feature");
        };
        assert!(e.to_string().contains("--features transformers"), "{e}");
    }
}
