//! Our own forward pass of the BERT-shaped token-classification encoders (BERT, RoBERTa,
//! XLM-R, DistilBERT), computed as HF `transformers` 4.46 computes it, on the tensors of the
//! weights file as they lie (no model built, no random initialisation, no copies on CPU).
//! It must not tokenize or aggregate labels: that is [`super::token_classifier`]'s job.
//!
//! Per layer: one fused query/key/value projection, `scaled_dot_product_attention` (the
//! fused CPU kernel HF's SDPA attention uses), `linear` with its bias in one call, libtorch's
//! own `gelu`; embeddings and layer norms as HF's (RoBERTa's position ids count from the pad
//! id + 1). Architectures or options outside this (ELECTRA, relative positions, ...) stay with
//! rust-bert.

use super::model_dir::ModelDir;
use super::weights::{self, Mapped};
use crate::error::{Error, Result};
use rust_bert::pipelines::common::ModelType;
use tch::{Device, Kind, Tensor};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Arch {
    Bert,
    Roberta,
    DistilBert,
}

#[derive(Clone, Copy, Debug)]
enum Act {
    Gelu,
    GeluTanh,
    Relu,
}

struct Linear {
    w: Tensor,
    b: Option<Tensor>,
}

impl Linear {
    fn apply(&self, x: &Tensor) -> Tensor {
        x.linear(&self.w, self.b.as_ref())
    }
}

struct Norm {
    w: Tensor,
    b: Tensor,
}

struct Layer {
    qkv: Linear,
    out: Linear,
    norm1: Norm,
    ff1: Linear,
    ff2: Linear,
    norm2: Norm,
}

/// A token-classification encoder with its classifier head.
pub struct Encoder {
    arch: Arch,
    word: Tensor,
    position: Tensor,
    token_type: Option<Tensor>,
    emb_norm: Norm,
    layers: Vec<Layer>,
    classifier: Linear,
    heads: i64,
    hidden: i64,
    eps: f64,
    act: Act,
    pad_id: i64,
    /// `false` (NUTGRAF_TF_SDPA=0, for comparisons): attention by hand as rust-bert does it
    sdpa: bool,
    // the mapped weights file: dropped after the tensors above
    _weights: Mapped,
}

impl Encoder {
    /// The encoder of `md` on `device` in `kind`, or `None` when its architecture or options
    /// are not ones this forward computes (the caller then uses rust-bert).
    pub fn load(md: &ModelDir, device: Device, kind: Option<Kind>) -> Result<Option<Encoder>> {
        let arch = match md.model_type {
            ModelType::Bert => Arch::Bert,
            ModelType::Roberta | ModelType::XLMRoberta => Arch::Roberta,
            ModelType::DistilBert => Arch::DistilBert,
            _ => return Ok(None),
        };
        let cfg = md.config_json()?;
        let int = |k: &str| cfg.get(k).and_then(serde_json::Value::as_i64);
        let text = |k: &str| cfg.get(k).and_then(serde_json::Value::as_str);
        if text("position_embedding_type").is_some_and(|p| p != "absolute") {
            return Ok(None);
        }
        let act_name = if arch == Arch::DistilBert {
            text("activation").unwrap_or("gelu")
        } else {
            text("hidden_act").unwrap_or("gelu")
        };
        let act = match act_name {
            "gelu" => Act::Gelu,
            "gelu_new" | "gelu_pytorch_tanh" => Act::GeluTanh,
            "relu" => Act::Relu,
            _ => return Ok(None),
        };
        let (hidden, heads, n_layers, eps) = if arch == Arch::DistilBert {
            (int("dim"), int("n_heads"), int("n_layers"), 1e-12)
        } else {
            let eps = cfg
                .get("layer_norm_eps")
                .and_then(serde_json::Value::as_f64);
            (
                int("hidden_size"),
                int("num_attention_heads"),
                int("num_hidden_layers"),
                eps.unwrap_or(1e-12),
            )
        };
        let (Some(hidden), Some(heads), Some(n_layers)) = (hidden, heads, n_layers) else {
            return Err(Error::Model(format!(
                "{}: hidden size, attention heads or layer count missing",
                md.config.display()
            )));
        };
        let pad_id = int("pad_token_id").unwrap_or(if arch == Arch::Roberta { 1 } else { 0 });
        let mapped = weights::map(&md.weights)?;
        let w = Weights {
            mapped: &mapped,
            path: &md.weights,
            prefix: match arch {
                Arch::Bert => "bert.",
                Arch::Roberta => "roberta.",
                Arch::DistilBert => "distilbert.",
            },
            device,
            kind,
        };
        let layers = (0..n_layers)
            .map(|i| w.layer(arch, i))
            .collect::<Result<Vec<_>>>()?;
        let token_type = match arch {
            Arch::DistilBert => None,
            _ => Some(w.get("embeddings.token_type_embeddings.weight")?),
        };
        Ok(Some(Encoder {
            arch,
            word: w.get("embeddings.word_embeddings.weight")?,
            position: w.get("embeddings.position_embeddings.weight")?,
            token_type,
            emb_norm: w.norm("embeddings.LayerNorm")?,
            classifier: Linear {
                w: w.top("classifier.weight")?,
                b: Some(w.top("classifier.bias")?),
            },
            layers,
            heads,
            hidden,
            eps,
            act,
            pad_id,
            sdpa: std::env::var("NUTGRAF_TF_SDPA").map_or(true, |v| v != "0"),
            _weights: mapped,
        }))
    }

    /// Logits `[batch, length, labels]` of `ids` (`[batch, length]`, int64) with the
    /// attention `mask` (1 for tokens, 0 for padding; `None` when nothing is padded).
    pub fn logits(&self, ids: &Tensor, mask: Option<&Tensor>) -> Tensor {
        let (b, l) = ids.size2().unwrap_or((1, 1));
        let device = ids.device();
        let positions = match self.arch {
            Arch::Roberta => {
                let m = ids.ne(self.pad_id).to_kind(Kind::Int64);
                m.cumsum(1, Kind::Int64) * &m + self.pad_id
            }
            _ => Tensor::arange(l, (Kind::Int64, device)).unsqueeze(0),
        };
        let mut x = Tensor::embedding(&self.word, ids, -1, false, false);
        if let Some(tt) = &self.token_type {
            // token type 0 for every token: its one row, broadcast (HF adds it first)
            x += tt.get(0);
        }
        x += Tensor::embedding(&self.position, &positions, -1, false, false);
        let mut x = self.norm(&x, &self.emb_norm);
        let attn_mask = mask.map(|m| m.to_kind(Kind::Bool).view([b, 1, 1, l]));
        // tch hands `None` to libtorch 2.4 as an undefined tensor, which SDPA rejects: an
        // all-true mask when nothing is padded
        let sdpa_mask = match &attn_mask {
            Some(m) => m.shallow_clone(),
            None => Tensor::ones([b, 1, 1, l], (Kind::Bool, device)),
        };
        let dh = self.hidden / self.heads;
        for layer in &self.layers {
            let qkv = layer
                .qkv
                .apply(&x)
                .view([b, l, 3, self.heads, dh])
                .permute([2, 0, 3, 1, 4]);
            let (q, k, v) = (qkv.get(0), qkv.get(1), qkv.get(2));
            let ctx = if self.sdpa {
                Tensor::scaled_dot_product_attention(&q, &k, &v, Some(&sdpa_mask), 0.0, false, None)
            } else {
                let mut scores = (q / (dh as f64).sqrt()).matmul(&k.transpose(-1, -2));
                if let Some(m) = &attn_mask {
                    scores = scores.masked_fill(&m.logical_not(), f64::from(f32::MIN));
                }
                scores.softmax(-1, scores.kind()).matmul(&v)
            }
            .transpose(1, 2)
            .reshape([b, l, self.hidden]);
            let a = self.norm(&(layer.out.apply(&ctx) + &x), &layer.norm1);
            let h = layer.ff1.apply(&a);
            let h = match self.act {
                Act::Gelu => h.gelu("none"),
                Act::GeluTanh => h.gelu("tanh"),
                Act::Relu => h.relu(),
            };
            x = self.norm(&(layer.ff2.apply(&h) + &a), &layer.norm2);
        }
        self.classifier.apply(&x)
    }

    fn norm(&self, x: &Tensor, n: &Norm) -> Tensor {
        x.layer_norm([self.hidden], Some(&n.w), Some(&n.b), self.eps, true)
    }
}

/// Tensors by HF name from the mapped file, moved to the device and kind.
struct Weights<'a> {
    mapped: &'a Mapped,
    path: &'a std::path::Path,
    prefix: &'a str,
    device: Device,
    kind: Option<Kind>,
}

impl Weights<'_> {
    /// `name` under the architecture's prefix (or without it, as old checkpoints store it).
    fn get(&self, name: &str) -> Result<Tensor> {
        let full = format!("{}{name}", self.prefix);
        self.find(&[full.as_str(), name])
    }

    /// `name` outside the encoder (the classifier head).
    fn top(&self, name: &str) -> Result<Tensor> {
        self.find(&[name])
    }

    fn find(&self, names: &[&str]) -> Result<Tensor> {
        // `LayerNorm.gamma`/`beta`: the names of old checkpoints
        let old = |n: &str| {
            n.strip_suffix(".weight")
                .filter(|s| s.ends_with("LayerNorm") || s.ends_with("layer_norm"))
                .map(|s| format!("{s}.gamma"))
                .or_else(|| {
                    n.strip_suffix(".bias")
                        .filter(|s| s.ends_with("LayerNorm") || s.ends_with("layer_norm"))
                        .map(|s| format!("{s}.beta"))
                })
        };
        let t = names
            .iter()
            .find_map(|n| {
                self.mapped
                    .tensors
                    .get(*n)
                    .or_else(|| old(n).and_then(|o| self.mapped.tensors.get(&o)))
            })
            .ok_or_else(|| {
                Error::Model(format!(
                    "{}: no tensor {:?} (is this the right architecture in config.json?)",
                    self.path.display(),
                    names[0]
                ))
            })?;
        Ok(self.place(t))
    }

    fn place(&self, t: &Tensor) -> Tensor {
        let t = match self.kind {
            Some(k) if t.is_floating_point() && t.kind() != k => t.to_kind(k),
            None if t.is_floating_point() && t.kind() != Kind::Float => t.to_kind(Kind::Float),
            _ => t.shallow_clone(),
        };
        if self.device == Device::Cpu {
            t
        } else {
            t.to(self.device)
        }
    }

    fn norm(&self, name: &str) -> Result<Norm> {
        Ok(Norm {
            w: self.get(&format!("{name}.weight"))?,
            b: self.get(&format!("{name}.bias"))?,
        })
    }

    fn linear(&self, name: &str) -> Result<Linear> {
        Ok(Linear {
            w: self.get(&format!("{name}.weight"))?,
            b: Some(self.get(&format!("{name}.bias"))?),
        })
    }

    /// Query, key and value projections as one (their weights stacked).
    fn fused(&self, names: [String; 3]) -> Result<Linear> {
        let ls = names
            .iter()
            .map(|n| self.linear(n))
            .collect::<Result<Vec<_>>>()?;
        let w: Vec<&Tensor> = ls.iter().map(|l| &l.w).collect();
        let b: Vec<&Tensor> = ls.iter().filter_map(|l| l.b.as_ref()).collect();
        Ok(Linear {
            w: Tensor::cat(&w, 0),
            b: Some(Tensor::cat(&b, 0)),
        })
    }

    fn layer(&self, arch: Arch, i: i64) -> Result<Layer> {
        if arch == Arch::DistilBert {
            let p = format!("transformer.layer.{i}");
            return Ok(Layer {
                qkv: self
                    .fused(["q_lin", "k_lin", "v_lin"].map(|n| format!("{p}.attention.{n}")))?,
                out: self.linear(&format!("{p}.attention.out_lin"))?,
                norm1: self.norm(&format!("{p}.sa_layer_norm"))?,
                ff1: self.linear(&format!("{p}.ffn.lin1"))?,
                ff2: self.linear(&format!("{p}.ffn.lin2"))?,
                norm2: self.norm(&format!("{p}.output_layer_norm"))?,
            });
        }
        let p = format!("encoder.layer.{i}");
        Ok(Layer {
            qkv: self
                .fused(["query", "key", "value"].map(|n| format!("{p}.attention.self.{n}")))?,
            out: self.linear(&format!("{p}.attention.output.dense"))?,
            norm1: self.norm(&format!("{p}.attention.output.LayerNorm"))?,
            ff1: self.linear(&format!("{p}.intermediate.dense"))?,
            ff2: self.linear(&format!("{p}.output.dense"))?,
            norm2: self.norm(&format!("{p}.output.LayerNorm"))?,
        })
    }
}
