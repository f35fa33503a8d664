//! A local model directory: config.json, weights and tokenizer files, checked up front so a
//! missing file is a clear [`Error::Model`] instead of a failure deep inside rust-bert.
//! Checks and paths only: it loads no weights and downloads nothing.

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
    /// Vocabulary: vocab.txt, vocab.json, sentencepiece.bpe.model or spiece.model.
    pub vocab: PathBuf,
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
        let (vocab, merges) = match tok {
            Tok::WordPiece => (need("vocab.txt")?, None),
            Tok::Bpe => (need("vocab.json")?, Some(need("merges.txt")?)),
            Tok::SentencePiece(f) => (need(f)?, None),
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

    /// The vocabulary as a resource.
    pub fn vocab_resource(&self) -> LocalResource {
        local(&self.vocab)
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
