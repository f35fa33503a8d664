//! Sequence-to-sequence networks (BART, T5, Pegasus, mBART) of a model folder, built with rust-bert and filled
//! from the folder's weights: one encoder pass and single decoder steps over a key/value cache.
//! It chooses no tokens: the search (greedy, beams) is [`super::generate`]'s.

use super::model_dir::ModelDir;
use super::weights;
use crate::error::{Error, Result};
use rust_bert::bart::{BartConfig, BartForConditionalGeneration};
use rust_bert::mbart::{MBartConfig, MBartForConditionalGeneration};
use rust_bert::pegasus::{PegasusConfig, PegasusForConditionalGeneration};
use rust_bert::pipelines::common::ModelType;
use rust_bert::t5::{T5Config, T5ForConditionalGeneration};
use tch::{Device, Kind, Tensor};

enum Net {
    Bart(Box<BartForConditionalGeneration>),
    T5(Box<T5ForConditionalGeneration>),
    Pegasus(Box<PegasusForConditionalGeneration>),
    MBart(Box<MBartForConditionalGeneration>),
}

type BartLayers = Vec<(
    Option<rust_bert::bart::LayerState>,
    Option<rust_bert::bart::LayerState>,
)>;
type T5Layers = Vec<(
    Option<rust_bert::t5::LayerState>,
    Option<rust_bert::t5::LayerState>,
)>;

/// The decoder's key/value cache of the rows being generated.
pub enum Past {
    /// Before the first step.
    Empty,
    /// BART, Pegasus and mBART layers (self-attention, cross-attention).
    Bart(Option<BartLayers>),
    /// T5 layers (self-attention, cross-attention).
    T5(Option<T5Layers>),
}

impl Past {
    /// Keeps row `rows[i]` as row `i` (beam search reorders its beams each step).
    pub fn reorder(&mut self, rows: &Tensor) {
        let pick = |k: &mut Tensor, v: &mut Tensor| {
            *k = k.index_select(0, rows);
            *v = v.index_select(0, rows);
        };
        match self {
            Past::Empty | Past::Bart(None) | Past::T5(None) => {}
            Past::Bart(Some(layers)) => {
                for s in layers.iter_mut().flat_map(|(a, b)| [a, b]).flatten() {
                    pick(&mut s.prev_key, &mut s.prev_value);
                }
            }
            Past::T5(Some(layers)) => {
                for s in layers.iter_mut().flat_map(|(a, b)| [a, b]).flatten() {
                    pick(&mut s.prev_key, &mut s.prev_value);
                }
            }
        }
    }
}

/// An encoder-decoder language model with its weights.
pub struct Seq2Seq {
    net: Net,
    _vs: tch::nn::VarStore,
    /// BART's `final_logits_bias`, added to the logits (absent or zero in most folders;
    /// Pegasus and mBART add theirs inside rust-bert).
    bias: Option<Tensor>,
    /// Where the model runs.
    pub device: Device,
}

impl Seq2Seq {
    /// Builds the network of `md` (bart or t5) on `device` and copies the folder's weights in.
    pub fn load(md: &ModelDir, device: Device) -> Result<Seq2Seq> {
        let mut vs = tch::nn::VarStore::new(device);
        let p = vs.root();
        let net = match md.model_type {
            ModelType::Bart => Net::Bart(Box::new(BartForConditionalGeneration::new(
                &p,
                &md.config_as::<BartConfig>()?,
            ))),
            ModelType::T5 => Net::T5(Box::new(T5ForConditionalGeneration::new(
                &p,
                &md.config_as::<T5Config>()?,
            ))),
            ModelType::Pegasus => Net::Pegasus(Box::new(PegasusForConditionalGeneration::new(
                &p,
                &md.config_as::<PegasusConfig>()?,
            ))),
            ModelType::MBart => Net::MBart(Box::new(MBartForConditionalGeneration::new(
                &p,
                &md.config_as::<MBartConfig>()?,
            ))),
            other => {
                return Err(Error::Model(format!(
                    "{}: summaries from a tokenizer.json folder support bart, t5, pegasus and \
                     mbart, not {other:?}",
                    md.config.display()
                )))
            }
        };
        let named = weights::read(&md.weights)?;
        let path = md.weights.display();
        let mut vars = vs.variables();
        tch::no_grad(|| -> Result<()> {
            for (name, var) in vars.iter_mut() {
                if name == "final_logits_bias" && !named.contains_key(name) {
                    continue; // (Pegasus, mBART: zeros when the file has none)
                }
                let src = named.get(name).ok_or_else(|| {
                    Error::Model(format!(
                        "{path}: no tensor {name:?} (is this the right architecture in config.json?)"
                    ))
                })?;
                if src.size() != var.size() {
                    return Err(Error::Model(format!(
                        "{path}: tensor {name:?} has shape {:?}, the model expects {:?}",
                        src.size(),
                        var.size()
                    )));
                }
                var.f_copy_(src)
                    .map_err(|e| Error::Model(format!("{path}: {name}: {e}")))?;
            }
            Ok(())
        })?;
        let bias = match md.model_type {
            ModelType::Bart => named
                .get("final_logits_bias")
                .map(|t| t.to_kind(Kind::Float).to_device(device).reshape([-1])),
            _ => None,
        };
        vs.freeze();
        Ok(Seq2Seq {
            net,
            _vs: vs,
            bias,
            device,
        })
    }

    /// The encoder's last hidden states of `ids` (batch, length) under `mask` (1 = token).
    pub fn encode(&self, ids: &Tensor, mask: &Tensor) -> Tensor {
        tch::no_grad(|| match &self.net {
            Net::Bart(m) => m.encode(ids, Some(mask)),
            Net::T5(m) => m.encode(ids, Some(mask)),
            Net::Pegasus(m) => m.encode(ids, Some(mask)),
            Net::MBart(m) => m.encode(ids, Some(mask)),
        })
    }

    /// One decoder step: the float logits (rows, vocabulary) after the tokens `last`
    /// (rows, 1), given the encoder states and mask of each row and the cache so far.
    pub fn step(&self, last: &Tensor, enc: &Tensor, mask: &Tensor, past: Past) -> (Tensor, Past) {
        tch::no_grad(|| {
            // BART, Pegasus and mBART: the same call and BART's layer states
            macro_rules! bart_style {
                ($m:expr, $past:expr) => {{
                    let old = match $past {
                        Past::Bart(p) => p,
                        _ => None,
                    };
                    let out =
                        $m.forward_t(None, Some(mask), Some(enc), Some(last), None, old, false);
                    (out.decoder_output, Past::Bart(out.cache))
                }};
            }
            let (logits, past) = match (&self.net, past) {
                (Net::Bart(m), past) => bart_style!(m, past),
                (Net::Pegasus(m), past) => bart_style!(m, past),
                (Net::MBart(m), past) => bart_style!(m, past),
                (Net::T5(m), past) => {
                    let old = match past {
                        Past::T5(p) => p,
                        _ => None,
                    };
                    let out = m.forward_t(
                        None,
                        Some(mask),
                        Some(enc),
                        Some(last),
                        None,
                        None,
                        None,
                        old,
                        false,
                    );
                    (out.decoder_output, Past::T5(out.next_cache))
                }
            };
            let mut logits = logits.select(1, -1).to_kind(Kind::Float);
            if let Some(b) = &self.bias {
                logits += b;
            }
            (logits, past)
        })
    }
}
