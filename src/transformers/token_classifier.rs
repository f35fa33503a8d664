//! Token classification on a `tokenizer.json` model: the network run directly on batches of
//! texts, then the label aggregation of HF `transformers`' token-classification pipeline
//! (`simple` and `first`), entity groups with byte offsets. Windows are the caller's.
//!
//! The aggregation follows `TokenClassificationPipeline` (transformers 4.46): softmax of the
//! logits per token; special tokens skipped; a token is a subword when the tokenizer marks
//! continuations (WordPiece `##`: its vocabulary entry is longer than its text) or, otherwise,
//! when neither the character before it nor its first character is a space; the unknown token
//! is never a subword. `simple` labels each token by its argmax; `first` labels each word by
//! its first token. Adjacent tokens (words) join while their tag matches and the later one
//! does not begin with `B-`; a group's score is the mean of its members'; `O` groups are dropped.

use super::encoder::Encoder;
use super::model_dir::ModelDir;
use super::tokenizer::{Encoded, FastTokenizer};
use super::weights;
use crate::error::{Error, Result};
use rust_bert::bert::{BertConfig, BertForTokenClassification};
use rust_bert::distilbert::{DistilBertConfig, DistilBertForTokenClassification};
use rust_bert::electra::{ElectraConfig, ElectraForTokenClassification};
use rust_bert::pipelines::common::ModelType;
use rust_bert::roberta::RobertaForTokenClassification;
use std::collections::HashMap;
use tch::{Device, Kind, Tensor};

/// How token labels become entity groups (HF's `aggregation_strategy`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Aggregation {
    /// Each token by its own argmax label.
    Simple,
    /// Each word by the label of its first token (default).
    #[default]
    First,
}

/// One entity group, as HF's pipeline returns it (offsets are bytes into the text).
#[derive(Clone, Debug, PartialEq)]
pub struct EntityGroup {
    /// The label without its `B-`/`I-` prefix.
    pub group: String,
    /// Mean probability of its tokens (words).
    pub score: f32,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
}

enum Net {
    Own(Box<Encoder>),
    Bert(BertForTokenClassification),
    DistilBert(DistilBertForTokenClassification),
    Roberta(RobertaForTokenClassification),
    Electra(ElectraForTokenClassification),
}

/// A token-classification network with its fast tokenizer and labels.
pub struct TokenClassifier {
    net: Net,
    _vs: Option<tch::nn::VarStore>,
    /// The tokenizer of the model.
    pub tokenizer: FastTokenizer,
    labels: Vec<String>,
    /// Characters of each vocabulary entry by id (a `##` continuation counts its prefix).
    vocab_chars: Vec<u32>,
    device: Device,
}

impl TokenClassifier {
    /// Loads the model of `md` (which has a tokenizer.json) onto `device`.
    pub fn load(md: &ModelDir, device: Device) -> Result<TokenClassifier> {
        let tokenizer = FastTokenizer::open(md)?;
        let dtype = dtype_of_env(device)?;
        // NUTGRAF_TF_FORWARD=rust-bert: rust-bert's models instead of our own forward (to
        // compare the two: bench/transformer_speed.py)
        let own = std::env::var("NUTGRAF_TF_FORWARD").map_or(true, |v| v != "rust-bert");
        let encoder = if own {
            Encoder::load(md, device, dtype)?
        } else {
            None
        };
        let (net, vs) = match encoder {
            Some(enc) => (Net::Own(Box::new(enc)), None),
            None => {
                let (net, vs) = rust_bert_net(md, device)?;
                (net, Some(vs))
            }
        };
        let labels = id2label(md)?;
        let vocab_size = md.config_json()?["vocab_size"].as_u64().unwrap_or(0);
        let vocab_chars = (0..vocab_size)
            .map(|id| tokenizer.token(id as i64).chars().count() as u32)
            .collect();
        Ok(TokenClassifier {
            net,
            _vs: vs,
            tokenizer,
            labels,
            vocab_chars,
            device,
        })
    }
}

/// A network built by rust-bert (architectures [`Encoder`] does not compute), its weights
/// copied in.
fn rust_bert_net(md: &ModelDir, device: Device) -> Result<(Net, tch::nn::VarStore)> {
    {
        let mut vs = tch::nn::VarStore::new(device);
        let p = vs.root();
        let bad = |e: rust_bert::RustBertError| Error::Model(format!("{}: {e}", md.dir.display()));
        let net = match md.model_type {
            ModelType::Bert => Net::Bert(
                BertForTokenClassification::new(&p, &md.config_as::<BertConfig>()?).map_err(bad)?,
            ),
            ModelType::Roberta | ModelType::XLMRoberta => Net::Roberta(
                RobertaForTokenClassification::new(&p, &md.config_as::<BertConfig>()?)
                    .map_err(bad)?,
            ),
            ModelType::DistilBert => Net::DistilBert(
                DistilBertForTokenClassification::new(&p, &md.config_as::<DistilBertConfig>()?)
                    .map_err(bad)?,
            ),
            ModelType::Electra => Net::Electra(
                ElectraForTokenClassification::new(&p, &md.config_as::<ElectraConfig>()?)
                    .map_err(bad)?,
            ),
            other => {
                return Err(Error::Model(format!(
                    "{}: token classification with a tokenizer.json supports bert, roberta, \
                     xlm-roberta, distilbert and electra, not {other:?}",
                    md.config.display()
                )))
            }
        };
        weights::load_into(&mut vs, &md.weights)?;
        match dtype_of_env(device)? {
            Some(Kind::Half) => vs.half(),
            Some(Kind::BFloat16) => vs.bfloat16(),
            _ => {}
        }
        Ok((net, vs))
    }
}

impl TokenClassifier {
    /// The device the network runs on.
    pub fn device(&self) -> Device {
        self.device
    }

    /// The label names by id.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Per text: its encoding and the label probabilities of each token; the texts go
    /// through the network as one padded batch.
    pub fn probabilities(&self, texts: &[&str]) -> Result<Vec<(Encoded, Vec<Vec<f32>>)>> {
        let encoded = self.encode_all(texts)?;
        let refs: Vec<&Encoded> = encoded.iter().collect();
        let (probs, classes) = self.probability_rows(&refs)?;
        Ok(encoded
            .into_iter()
            .zip(probs)
            .map(|(e, p)| {
                let rows = p.chunks(classes.max(1)).map(<[f32]>::to_vec).collect();
                (e, rows)
            })
            .collect())
    }

    /// The encodings of `texts`.
    pub fn encode_all(&self, texts: &[&str]) -> Result<Vec<Encoded>> {
        texts.iter().map(|t| self.tokenizer.encode(t)).collect()
    }

    /// Entity groups of each text under `strategy`.
    pub fn entities(&self, texts: &[&str], strategy: Aggregation) -> Result<Vec<Vec<EntityGroup>>> {
        let encoded = self.encode_all(texts)?;
        let refs: Vec<&Encoded> = encoded.iter().collect();
        self.entities_encoded(texts, &refs, strategy)
    }

    /// Entity groups of texts already encoded (`encoded[i]` of `texts[i]`), which go through
    /// the network as one batch padded to the longest of them.
    pub fn entities_encoded(
        &self,
        texts: &[&str],
        encoded: &[&Encoded],
        strategy: Aggregation,
    ) -> Result<Vec<Vec<EntityGroup>>> {
        let (probs, classes) = self.probability_rows(encoded)?;
        Ok(texts
            .iter()
            .zip(encoded)
            .zip(&probs)
            .map(|((text, enc), p)| self.aggregate_rows(text, enc, p, classes, strategy))
            .collect())
    }

    /// Per text, the softmax of its tokens' logits as one row of `classes` values per token
    /// (padding left out), and `classes`.
    fn probability_rows(&self, encoded: &[&Encoded]) -> Result<(Vec<Vec<f32>>, usize)> {
        if encoded.is_empty() {
            return Ok((Vec::new(), self.labels.len()));
        }
        let len = encoded
            .iter()
            .map(|e| e.ids.len())
            .max()
            .unwrap_or(0)
            .max(1);
        let (mut ids, mut mask) = (
            Vec::with_capacity(encoded.len() * len),
            Vec::with_capacity(encoded.len() * len),
        );
        for e in encoded {
            ids.extend(&e.ids);
            ids.extend(std::iter::repeat_n(
                self.tokenizer.pad_id,
                len - e.ids.len(),
            ));
            mask.extend(std::iter::repeat_n(1i64, e.ids.len()));
            mask.extend(std::iter::repeat_n(0i64, len - e.ids.len()));
        }
        let padded = encoded.iter().any(|e| e.ids.len() != len);
        let shape = [encoded.len() as i64, len as i64];
        let ids = Tensor::from_slice(&ids).view(shape).to(self.device);
        let mask = Tensor::from_slice(&mask).view(shape).to(self.device);
        let types = ids.zeros_like();
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            tch::no_grad(|| match &self.net {
                Net::Own(m) => Ok(m.logits(&ids, padded.then_some(&mask))),
                Net::Bert(m) => Ok(m
                    .forward_t(Some(&ids), Some(&mask), Some(&types), None, None, false)
                    .logits),
                Net::Roberta(m) => Ok(m
                    .forward_t(Some(&ids), Some(&mask), Some(&types), None, None, false)
                    .logits),
                Net::Electra(m) => Ok(m
                    .forward_t(Some(&ids), Some(&mask), Some(&types), None, None, false)
                    .logits),
                Net::DistilBert(m) => m
                    .forward_t(Some(&ids), Some(&mask), None, false)
                    .map(|o| o.logits)
                    .map_err(|e| Error::Model(format!("NER model: {e}"))),
            })
        }))
        .map_err(|_| Error::Model("the NER model failed (panic)".into()))??;
        let out = out.to_kind(Kind::Float).to(Device::Cpu);
        let classes = out.size()[2] as usize;
        let flat: Vec<f32> = Vec::<f32>::try_from(out.flatten(0, -1))
            .map_err(|e| Error::Model(format!("NER model output: {e}")))?;
        Ok((
            encoded
                .iter()
                .enumerate()
                .map(|(b, e)| {
                    let mut rows =
                        flat[b * len * classes..(b * len + e.ids.len()) * classes].to_vec();
                    rows.chunks_mut(classes.max(1)).for_each(softmax_in_place);
                    rows
                })
                .collect(),
            classes,
        ))
    }

    /// HF's `gather_pre_entities` + `aggregate` + `group_entities` on one text.
    pub fn aggregate(
        &self,
        text: &str,
        enc: &Encoded,
        probs: &[Vec<f32>],
        strategy: Aggregation,
    ) -> Vec<EntityGroup> {
        let classes = probs.first().map_or(1, Vec::len);
        let flat: Vec<f32> = probs.concat();
        self.aggregate_rows(text, enc, &flat, classes, strategy)
    }

    /// [`Self::aggregate`] on the probabilities as rows of `classes` values, one per token.
    fn aggregate_rows(
        &self,
        text: &str,
        enc: &Encoded,
        probs: &[f32],
        classes: usize,
        strategy: Aggregation,
    ) -> Vec<EntityGroup> {
        // (label id, score, start, end) per token or word
        let mut items: Vec<(usize, f32, usize, usize)> = Vec::new();
        for (i, p) in probs.chunks(classes.max(1)).enumerate() {
            if enc.special.get(i).copied().unwrap_or(true) {
                continue;
            }
            let (start, end) = enc.offsets[i];
            let id = enc.ids[i];
            let subword = if Some(id) == self.tokenizer.unk_id {
                false
            } else if self.tokenizer.subword_prefix {
                let entry = self.vocab_chars.get(id as usize).copied().unwrap_or(0);
                entry as usize != text[start..end].chars().count()
            } else {
                start > 0 && !text[..start].ends_with(' ') && !text[start..].starts_with(' ')
            };
            let (best, score) = argmax(p);
            match strategy {
                Aggregation::First if subword && !items.is_empty() => {
                    // a continuation of the word: it keeps its first token's label and score
                    if let Some(last) = items.last_mut() {
                        last.3 = end;
                    }
                }
                _ => items.push((best, score, start, end)),
            }
        }
        let label = |id: usize| self.labels.get(id).map_or("O", String::as_str);
        let mut out: Vec<EntityGroup> = Vec::new();
        let mut members: Vec<(usize, f32, usize, usize)> = Vec::new();
        let mut flush = |members: &mut Vec<(usize, f32, usize, usize)>| {
            if members.is_empty() {
                return;
            }
            let first = label(members[0].0);
            let group = first.split_once('-').map_or(first, |(_, t)| t).to_string();
            let score = members.iter().map(|m| m.1).sum::<f32>() / members.len() as f32;
            if group != "O" {
                out.push(EntityGroup {
                    group,
                    score,
                    start: members[0].2,
                    end: members[members.len() - 1].3,
                });
            }
            members.clear();
        };
        for item in items {
            if let Some(last) = members.last() {
                let (bi, this) = tag(label(item.0));
                let (_, before) = tag(label(last.0));
                if !(this == before && bi != "B") {
                    flush(&mut members);
                }
            }
            members.push(item);
        }
        flush(&mut members);
        out
    }
}

/// `NUTGRAF_TF_DTYPE=float16|bfloat16`: the kind the weights are cast to (CUDA only; the GPU
/// benchmark uses it to match HF's `torch_dtype`); unset or `float32`: `None`, float32.
fn dtype_of_env(device: Device) -> Result<Option<Kind>> {
    let dtype = std::env::var("NUTGRAF_TF_DTYPE").unwrap_or_default();
    match dtype.as_str() {
        "" | "float32" => Ok(None),
        "float16" | "bfloat16" if device == Device::Cpu => Err(Error::Model(format!(
            "NUTGRAF_TF_DTYPE={dtype} needs a CUDA device"
        ))),
        "float16" => Ok(Some(Kind::Half)),
        "bfloat16" => Ok(Some(Kind::BFloat16)),
        other => Err(Error::Model(format!(
            "NUTGRAF_TF_DTYPE={other}: use float32, float16 or bfloat16"
        ))),
    }
}

/// HF's `get_tag`: (`B`|`I`, tag); a label without a prefix counts as `I`.
fn tag(name: &str) -> (&str, &str) {
    if let Some(t) = name.strip_prefix("B-") {
        ("B", t)
    } else if let Some(t) = name.strip_prefix("I-") {
        ("I", t)
    } else {
        ("I", name)
    }
}

/// The first index of the largest value, and the value (numpy's `argmax`).
fn argmax(p: &[f32]) -> (usize, f32) {
    let mut best = (0, f32::NEG_INFINITY);
    for (i, &v) in p.iter().enumerate() {
        if v > best.1 {
            best = (i, v);
        }
    }
    best
}

/// Softmax as HF's pipeline computes it: `exp(x - max) / sum`.
pub fn softmax(row: &[f32]) -> Vec<f32> {
    let mut out = row.to_vec();
    softmax_in_place(&mut out);
    out
}

/// [`softmax`] overwriting its input.
fn softmax_in_place(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    row.iter_mut().for_each(|x| *x = (*x - max).exp());
    let sum: f32 = row.iter().sum();
    row.iter_mut().for_each(|x| *x /= sum);
}

/// Label names by id from config.json's `id2label`.
pub fn id2label(md: &ModelDir) -> Result<Vec<String>> {
    let json = md.config_json()?;
    let map: HashMap<usize, String> = json["id2label"]
        .as_object()
        .ok_or_else(|| Error::Model(format!("{}: no id2label", md.config.display())))?
        .iter()
        .filter_map(|(k, v)| Some((k.parse().ok()?, v.as_str()?.to_string())))
        .collect();
    let n = map.keys().max().map_or(0, |m| m + 1);
    Ok((0..n)
        .map(|i| map.get(&i).cloned().unwrap_or_else(|| "O".into()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_softmax() {
        assert_eq!(tag("B-PER"), ("B", "PER"));
        assert_eq!(tag("I-ORG"), ("I", "ORG"));
        assert_eq!(tag("O"), ("I", "O"));
        let p = softmax(&[1.0, 2.0, 3.0]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert_eq!(argmax(&p).0, 2);
        assert_eq!(argmax(&[0.5, 0.5]).0, 0);
    }
}
