//! A local model directory: config.json, weights and tokenizer files, checked up front so a
//! missing file is a clear [`Error::Model`] instead of a failure deep inside rust-bert.
//! Checks and paths only: it loads no weights and downloads nothing.
//!
//! A folder as the Hugging Face hub ships it (`tokenizer.json`, `model.safetensors`) is used
//! as it is; the legacy vocabulary files (vocab.txt, vocab.json + merges.txt, sentencepiece
//! models) are the fallback when there is no `tokenizer.json`.

use super::DeviceSpec;
use crate::error::{Error, Result};
use rust_bert::pipelines::common::{ModelResource, ModelType};
use rust_bert::resources::LocalResource;
use std::path::{Path, PathBuf};

/// The files of one local model, as rust-bert needs them.
#[derive(Clone, Debug)]
pub struct ModelDir {
    /// The directory.
    pub dir: PathBuf,
    /// Architecture, from config.json's `model_type`.
    pub model_type: ModelType,
    /// config.json.
    pub config: PathBuf,
    /// Weights: rust_model.ot (tch) or model.safetensors.
    pub weights: PathBuf,
    /// tokenizer.json (fast tokenizer), when the folder has one: it takes precedence.
    pub tokenizer_json: Option<PathBuf>,
    /// Legacy vocabulary: vocab.txt, vocab.json, sentencepiece.bpe.model or spiece.model.
    pub vocab: Option<PathBuf>,
    /// merges.txt of byte-level BPE tokenizers.
    pub merges: Option<PathBuf>,
    /// Lower-case the input (tokenizer_config.json's `do_lower_case`).
    pub lower_case: bool,
    /// `max_position_embeddings` of config.json, when given.
    pub max_positions: Option<usize>,
}

impl ModelDir {
    /// Inspects `dir`; errors name the missing file and what was expected.
    pub fn open(dir: &Path) -> Result<ModelDir> {
        if !dir.is_dir() {
            return Err(Error::Model(format!(
                "model directory {} does not exist",
                dir.display()
            )));
        }
        let config = dir.join("config.json");
        let text = std::fs::read_to_string(&config)
            .map_err(|e| Error::Model(format!("{}: {e}", config.display())))?;
        let json: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| Error::Model(format!("{}: {e}", config.display())))?;
        let name = json
            .get("model_type")
            .and_then(|v| v.as_str())
            .ok_or_else(|| {
                Error::Model(format!("{}: no \"model_type\" field", config.display()))
            })?;
        let (model_type, tok) = match name {
            "bert" => (ModelType::Bert, Tok::WordPiece),
            "distilbert" => (ModelType::DistilBert, Tok::WordPiece),
            "electra" => (ModelType::Electra, Tok::WordPiece),
            "mobilebert" => (ModelType::MobileBert, Tok::WordPiece),
            "roberta" => (ModelType::Roberta, Tok::Bpe),
            "deberta" => (ModelType::Deberta, Tok::Bpe),
            "longformer" => (ModelType::Longformer, Tok::Bpe),
            "bart" => (ModelType::Bart, Tok::Bpe),
            "xlm-roberta" => (
                ModelType::XLMRoberta,
                Tok::SentencePiece("sentencepiece.bpe.model"),
            ),
            "t5" => (ModelType::T5, Tok::SentencePiece("spiece.model")),
            "pegasus" => (ModelType::Pegasus, Tok::SentencePiece("spiece.model")),
            "mbart" => (
                ModelType::MBart,
                Tok::SentencePiece("sentencepiece.bpe.model"),
            ),
            "deberta-v2" => (ModelType::DebertaV2, Tok::SentencePiece("spm.model")),
            "albert" => (ModelType::Albert, Tok::SentencePiece("spiece.model")),
            other => {
                return Err(Error::Model(format!(
                    "{}: model_type {other:?} is not supported by the transformer tier",
                    config.display()
                )))
            }
        };
        let need = |f: &str| -> Result<PathBuf> {
            let p = dir.join(f);
            if p.is_file() {
                Ok(p)
            } else {
                Err(Error::Model(format!(
                    "{}: missing {f} (a {name} model needs it)",
                    dir.display()
                )))
            }
        };
        let tokenizer_json = Some(dir.join("tokenizer.json")).filter(|p| p.is_file());
        let legacy = || -> Result<(PathBuf, Option<PathBuf>)> {
            Ok(match tok {
                Tok::WordPiece => (need("vocab.txt")?, None),
                Tok::Bpe => (need("vocab.json")?, Some(need("merges.txt")?)),
                Tok::SentencePiece(f) => (need(f)?, None),
            })
        };
        let (vocab, merges) = match legacy() {
            Ok((v, m)) => (Some(v), m),
            Err(_) if tokenizer_json.is_some() => (None, None),
            Err(Error::Model(m)) => {
                return Err(Error::Model(format!(
                    "{m}; or a tokenizer.json, which it also lacks"
                )))
            }
            Err(e) => return Err(e),
        };
        let weights = ["rust_model.ot", "model.safetensors"]
            .iter()
            .map(|f| dir.join(f))
            .find(|p| p.is_file())
            .ok_or_else(|| {
                Error::Model(format!(
                    "{}: missing weights (rust_model.ot or model.safetensors)",
                    dir.display()
                ))
            })?;
        let lower_case = std::fs::read_to_string(dir.join("tokenizer_config.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v.get("do_lower_case").and_then(|b| b.as_bool()))
            .unwrap_or(false);
        let max_positions = json
            .get("max_position_embeddings")
            .and_then(|v| v.as_u64())
            .map(|v| v as usize);
        Ok(ModelDir {
            dir: dir.to_path_buf(),
            model_type,
            config,
            weights,
            tokenizer_json,
            vocab,
            merges,
            lower_case,
            max_positions,
        })
    }

    /// The weights as a rust-bert model resource.
    pub fn model_resource(&self) -> ModelResource {
        ModelResource::Torch(Box::new(local(&self.weights)))
    }

    /// config.json as a resource.
    pub fn config_resource(&self) -> LocalResource {
        local(&self.config)
    }

    /// The legacy vocabulary as a resource (an error naming the missing file when the folder
    /// has only a tokenizer.json).
    pub fn vocab_resource(&self) -> Result<LocalResource> {
        self.vocab.as_deref().map(local).ok_or_else(|| {
            Error::Model(format!(
                "{}: this task needs the legacy vocabulary files of the model (vocab.txt, \
                 vocab.json + merges.txt or the sentencepiece model) beside tokenizer.json",
                self.dir.display()
            ))
        })
    }

    /// config.json as JSON.
    pub fn config_json(&self) -> Result<serde_json::Value> {
        let text = std::fs::read_to_string(&self.config)
            .map_err(|e| Error::Model(format!("{}: {e}", self.config.display())))?;
        serde_json::from_str(&text)
            .map_err(|e| Error::Model(format!("{}: {e}", self.config.display())))
    }

    /// config.json parsed as rust-bert's configuration type `T`; fields that rust-bert wants
    /// and recent `transformers` no longer writes (DistilBERT's `tie_weights_`, ...) take
    /// rust-bert's defaults.
    pub fn config_as<T>(&self) -> Result<T>
    where
        T: serde::de::DeserializeOwned + serde::Serialize + Default,
    {
        let mut value = serde_json::to_value(T::default()).unwrap_or_default();
        if let (Some(base), serde_json::Value::Object(given)) =
            (value.as_object_mut(), self.config_json()?)
        {
            base.extend(given);
        }
        serde_json::from_value(value).map_err(|e| {
            Error::Model(format!(
                "{}: not a {} configuration: {e}",
                self.config.display(),
                std::any::type_name::<T>()
                    .rsplit("::")
                    .next()
                    .unwrap_or("model")
            ))
        })
    }

    /// merges.txt as a resource, for byte-level BPE tokenizers.
    pub fn merges_resource(&self) -> Option<LocalResource> {
        self.merges.as_deref().map(local)
    }

    /// Byte-level BPE tokenizers (RoBERTa, BART) want a space before the first word.
    pub fn add_prefix_space(&self) -> Option<bool> {
        self.merges.as_ref().map(|_| true)
    }
}

enum Tok {
    WordPiece,
    Bpe,
    SentencePiece(&'static str),
}

fn local(p: &Path) -> LocalResource {
    LocalResource {
        local_path: p.to_path_buf(),
    }
}

/// The tch device for `spec`; CUDA must be available (else [`Error::Config`]).
pub fn to_tch_device(spec: DeviceSpec) -> Result<tch::Device> {
    match spec {
        DeviceSpec::Cpu => Ok(tch::Device::Cpu),
        DeviceSpec::Cuda(n) => {
            if !tch::Cuda::is_available() {
                return Err(Error::Config(format!(
                    "device {spec} requested but CUDA is not available (no GPU, a CPU-only \
                     libtorch, or the CUDA libraries are not on the loader path)"
                )));
            }
            let count = tch::Cuda::device_count() as usize;
            if n >= count {
                return Err(Error::Config(format!(
                    "device {spec} requested but only {count} CUDA device(s) are present"
                )));
            }
            Ok(tch::Device::Cuda(n))
        }
    }
}

/// The usable window of a model in tokens: `max_position_embeddings` capped at 512 (BART 1024),
/// less a margin for special tokens and tokenization differences at window joins.
pub fn window_tokens(md: &ModelDir, default: usize) -> usize {
    let cap = if matches!(md.model_type, ModelType::Bart) {
        1024
    } else {
        512
    };
    md.max_positions
        .unwrap_or(default)
        .min(cap)
        .saturating_sub(8)
        .max(8)
}
