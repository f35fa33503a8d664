//! Zero-shot classification on a `tokenizer.json` NLI model as HF `transformers`' zero-shot
//! pipeline computes it: one (text, hypothesis) pair per label, the hypothesis template
//! filled with the label. It scores one text (window); windows and averaging are the caller's.
//!
//! Scores (transformers 4.46): the entailment class is the label of config.json's `label2id`
//! that starts with "entail"; without `multi_label`, a softmax of the entailment logits across
//! the labels; with it (or for one label), per label a softmax over (contradiction, entailment),
//! where contradiction is class 0 (or the last class when entailment is class 0).

use super::model_dir::ModelDir;
use super::token_classifier::id2label;
use super::tokenizer::{Encoded, FastTokenizer};
use super::weights;
use crate::error::{Error, Result};
use rust_bert::bart::{BartConfig, BartForSequenceClassification};
use rust_bert::bert::{BertConfig, BertForSequenceClassification};
use rust_bert::distilbert::{DistilBertConfig, DistilBertModelClassifier};
use rust_bert::pipelines::common::ModelType;
use rust_bert::pipelines::sequence_classification::SequenceClassificationOption as Net;
use rust_bert::roberta::RobertaForSequenceClassification;
use tch::{Device, Kind, Tensor};

/// HF's default hypothesis template.
pub const TEMPLATE: &str = "This example is {}.";

/// An NLI sequence-classification network with its fast tokenizer.
pub struct NliModel {
    net: Net,
    _vs: tch::nn::VarStore,
    /// The tokenizer of the model.
    pub tokenizer: FastTokenizer,
    entailment: usize,
    classes: usize,
    device: Device,
}

impl NliModel {
    /// Loads the NLI model of `md` (which has a tokenizer.json) onto `device`.
    pub fn load(md: &ModelDir, device: Device) -> Result<NliModel> {
        let tokenizer = FastTokenizer::open(md)?;
        let mut vs = tch::nn::VarStore::new(device);
        let p = vs.root();
        let bad = |e: rust_bert::RustBertError| Error::Model(format!("{}: {e}", md.dir.display()));
        let net = match md.model_type {
            ModelType::Bert => Net::Bert(
                BertForSequenceClassification::new(&p, &md.config_as::<BertConfig>()?)
                    .map_err(bad)?,
            ),
            ModelType::Roberta | ModelType::XLMRoberta => Net::Roberta(
                RobertaForSequenceClassification::new(&p, &md.config_as::<BertConfig>()?)
                    .map_err(bad)?,
            ),
            ModelType::DistilBert => Net::DistilBert(
                DistilBertModelClassifier::new(&p, &md.config_as::<DistilBertConfig>()?)
                    .map_err(bad)?,
            ),
            ModelType::Bart => Net::Bart(
                BartForSequenceClassification::new(&p, &md.config_as::<BartConfig>()?)
                    .map_err(bad)?,
            ),
            other => {
                return Err(Error::Model(format!(
                    "{}: zero-shot with a tokenizer.json supports bert, roberta, xlm-roberta, \
                     distilbert and bart, not {other:?}",
                    md.config.display()
                )))
            }
        };
        weights::load_into(&mut vs, &md.weights)?;
        let labels = id2label(md)?;
        let entailment = labels
            .iter()
            .position(|l| l.to_lowercase().starts_with("entail"))
            .ok_or_else(|| {
                Error::Model(format!(
                    "{}: no entailment label in id2label ({labels:?}): not an NLI model",
                    md.config.display()
                ))
            })?;
        Ok(NliModel {
            net,
            _vs: vs,
            tokenizer,
            entailment,
            classes: labels.len(),
            device,
        })
    }

    /// Scores of `labels` for `text` (in label order), as HF's zero-shot pipeline gives them
    /// with `template` (`{}` is the label).
    pub fn scores(
        &self,
        text: &str,
        labels: &[&str],
        template: &str,
        multi_label: bool,
    ) -> Result<Vec<f32>> {
        let pairs: Vec<Encoded> = labels
            .iter()
            .map(|l| self.tokenizer.encode_pair(text, &template.replace("{}", l)))
            .collect::<Result<_>>()?;
        let logits = self.logits(&pairs)?;
        if multi_label || labels.len() == 1 {
            let contradiction = if self.entailment == 0 {
                self.classes - 1
            } else {
                0
            };
            Ok(logits
                .iter()
                .map(|row| {
                    let p = super::token_classifier::softmax(&[
                        row[contradiction],
                        row[self.entailment],
                    ]);
                    p[1]
                })
                .collect())
        } else {
            let entail: Vec<f32> = logits.iter().map(|row| row[self.entailment]).collect();
            Ok(super::token_classifier::softmax(&entail))
        }
    }

    fn logits(&self, pairs: &[Encoded]) -> Result<Vec<Vec<f32>>> {
        let len = pairs.iter().map(|e| e.ids.len()).max().unwrap_or(0).max(1);
        let (mut ids, mut mask, mut types) = (Vec::new(), Vec::new(), Vec::new());
        for e in pairs {
            let pad = len - e.ids.len();
            ids.extend(&e.ids);
            ids.extend(std::iter::repeat_n(self.tokenizer.pad_id, pad));
            mask.extend(std::iter::repeat_n(1i64, e.ids.len()));
            mask.extend(std::iter::repeat_n(0i64, pad));
            types.extend(&e.type_ids);
            types.extend(std::iter::repeat_n(0i64, pad));
        }
        let shape = [pairs.len() as i64, len as i64];
        let t = |v: &[i64]| Tensor::from_slice(v).view(shape).to(self.device);
        let (ids, mask, types) = (t(&ids), t(&mask), t(&types));
        // RoBERTa-style models have one token type: HF gives them none
        let types = match self.net {
            Net::Bert(_) => Some(&types),
            _ => None,
        };
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            tch::no_grad(|| {
                self.net
                    .forward_t(Some(&ids), Some(&mask), types, None, None, false)
            })
        }))
        .map_err(|_| Error::Model("the zero-shot model failed (panic)".into()))?;
        let out = out.to_kind(Kind::Float).to(Device::Cpu);
        let flat: Vec<f32> = Vec::<f32>::try_from(out.flatten(0, -1))
            .map_err(|e| Error::Model(format!("zero-shot model output: {e}")))?;
        Ok(flat.chunks(self.classes).map(<[f32]>::to_vec).collect())
    }
}
