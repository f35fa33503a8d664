//! Fast tokenizers read from a model folder's `tokenizer.json` (the `tokenizers` crate): token
//! ids, exact byte offsets, special-token masks, text pairs for NLI and decoding of ids.
//! It runs no model and knows nothing of windows or labels.

use super::model_dir::ModelDir;
use crate::error::{Error, Result};
use tokenizers::Tokenizer;

/// One encoded text (or text pair), special tokens included as the tokenizer adds them.
#[derive(Clone, Debug, Default)]
pub struct Encoded {
    /// Token ids.
    pub ids: Vec<i64>,
    /// Token type ids (segment of a pair).
    pub type_ids: Vec<i64>,
    /// Byte offsets of each token in its text (`(0, 0)` for special tokens).
    pub offsets: Vec<(usize, usize)>,
    /// True for the special tokens the tokenizer added.
    pub special: Vec<bool>,
}

/// A fast tokenizer and the facts of it the pipelines need.
pub struct FastTokenizer {
    tok: Tokenizer,
    /// The same, truncating the first text of a pair to `max_length` (HF's `only_first`).
    pair_tok: Tokenizer,
    /// tokenizer_config.json's `model_max_length` (when below 100,000).
    pub max_length: Option<usize>,
    /// The model marks word continuations (WordPiece `##`): subwords are told by the token.
    pub subword_prefix: bool,
    /// Id of the unknown token.
    pub unk_id: Option<i64>,
    /// Id used to pad a batch.
    pub pad_id: i64,
}

impl FastTokenizer {
    /// Reads `tokenizer.json` of `md` (an error names the file when it is missing or bad).
    pub fn open(md: &ModelDir) -> Result<FastTokenizer> {
        let path = md
            .tokenizer_json
            .as_ref()
            .ok_or_else(|| Error::Model(format!("{}: missing tokenizer.json", md.dir.display())))?;
        let bad = |e: &dyn std::fmt::Display| Error::Model(format!("{}: {e}", path.display()));
        let mut tok = Tokenizer::from_file(path).map_err(|e| bad(&e))?;
        tok.with_truncation(None).map_err(|e| bad(&e))?;
        tok.with_padding(None);
        let json: serde_json::Value = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        let subword_prefix = json["model"]["continuing_subword_prefix"]
            .as_str()
            .is_some_and(|p| !p.is_empty());
        let special = special_tokens(md);
        let id_of = |key: &str| -> Option<i64> {
            special
                .get(key)
                .and_then(token_content)
                .and_then(|t| tok.token_to_id(&t))
                .map(i64::from)
        };
        let unk_id = id_of("unk_token").or_else(|| {
            json["model"]["unk_token"]
                .as_str()
                .and_then(|t| tok.token_to_id(t))
                .map(i64::from)
                .or_else(|| json["model"]["unk_id"].as_i64())
        });
        let config = md.config_json().unwrap_or_default();
        let pad_id = config["pad_token_id"]
            .as_i64()
            .or_else(|| id_of("pad_token"))
            .unwrap_or(0);
        let max_length = special
            .get("model_max_length")
            .and_then(serde_json::Value::as_u64)
            .filter(|&n| n < 100_000)
            .map(|n| n as usize);
        let mut pair_tok = tok.clone();
        if let Some(n) = max_length {
            pair_tok
                .with_truncation(Some(tokenizers::TruncationParams {
                    max_length: n,
                    strategy: tokenizers::TruncationStrategy::OnlyFirst,
                    ..Default::default()
                }))
                .map_err(|e| bad(&e))?;
        }
        Ok(FastTokenizer {
            tok,
            pair_tok,
            max_length,
            subword_prefix,
            unk_id,
            pad_id,
        })
    }

    /// Encodes `text` with the special tokens of the model.
    pub fn encode(&self, text: &str) -> Result<Encoded> {
        let e = self
            .tok
            .encode(text, true)
            .map_err(|e| Error::Model(format!("tokenizer: {e}")))?;
        Ok(convert(&e))
    }

    /// Encodes the pair (`a`, `b`) (premise and hypothesis), `a` truncated to fit
    /// `max_length`; offsets are into each text.
    pub fn encode_pair(&self, a: &str, b: &str) -> Result<Encoded> {
        let e = self
            .pair_tok
            .encode((a, b), true)
            .map_err(|e| Error::Model(format!("tokenizer: {e}")))?;
        Ok(convert(&e))
    }

    /// Tokens of `text`, special tokens not counted.
    pub fn count(&self, text: &str) -> usize {
        self.tok
            .encode(text, false)
            .map(|e| e.get_ids().len())
            .unwrap_or(text.len())
    }

    /// The vocabulary entry of `id` (`""` when unknown).
    pub fn token(&self, id: i64) -> String {
        self.tok.id_to_token(id as u32).unwrap_or_default()
    }

    /// The id of a vocabulary entry.
    pub fn id(&self, token: &str) -> Option<i64> {
        self.tok.token_to_id(token).map(i64::from)
    }

    /// The text of `ids`, special tokens skipped.
    pub fn decode(&self, ids: &[i64]) -> Result<String> {
        let ids: Vec<u32> = ids.iter().map(|&i| i as u32).collect();
        self.tok
            .decode(&ids, true)
            .map_err(|e| Error::Model(format!("tokenizer: {e}")))
    }
}

fn convert(e: &tokenizers::Encoding) -> Encoded {
    Encoded {
        ids: e.get_ids().iter().map(|&i| i64::from(i)).collect(),
        type_ids: e.get_type_ids().iter().map(|&i| i64::from(i)).collect(),
        offsets: e.get_offsets().to_vec(),
        special: e
            .get_special_tokens_mask()
            .iter()
            .map(|&m| m != 0)
            .collect(),
    }
}

/// special_tokens_map.json over tokenizer_config.json (the keys `unk_token`, `pad_token`, ...).
fn special_tokens(md: &ModelDir) -> serde_json::Map<String, serde_json::Value> {
    let mut out = serde_json::Map::new();
    for f in ["tokenizer_config.json", "special_tokens_map.json"] {
        if let Some(serde_json::Value::Object(m)) = std::fs::read_to_string(md.dir.join(f))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
        {
            out.extend(m);
        }
    }
    out
}

/// A special token given as a string or as `{"content": ...}`.
fn token_content(v: &serde_json::Value) -> Option<String> {
    v.as_str()
        .or_else(|| v["content"].as_str())
        .map(str::to_string)
}
