//! Zero-shot topics with an NLI model: each user-given label fills a hypothesis template and
//! its entailment probability against the document is the label's score. It knows nothing of
//! the built-in topic taxonomy or model.
//!
//! A folder with a `tokenizer.json` is scored by [`super::nli::NliModel`] exactly as HF
//! `transformers`' zero-shot pipeline scores one text (template "This example is {}." unless
//! [`super::TransformerConfig::hypothesis_template`] sets another; softmax of the entailment
//! logits across labels, or entailment vs. contradiction per label with `multi_label`). A
//! folder with only legacy vocabulary files goes through rust-bert's zero-shot pipeline
//! (template "This example is about {}." by default; scores normalized to sum to 1 unless
//! `multi_label`).
//!
//! Long documents: the first [`MAX_WINDOWS`] windows (news put the topic up front) are scored
//! and their probabilities averaged (HF's pipeline instead truncates the text to the model's
//! length: for a text that fits one window both give the same scores).

use super::chunking;
use super::model_dir::{window_tokens, ModelDir};
use super::model_err;
use super::nli::{NliModel, TEMPLATE};
use crate::backend::TopicClassifier;
use crate::error::{Error, Result};
use crate::types::TopicScore;
use rust_bert::pipelines::zero_shot_classification::{
    ZeroShotClassificationConfig, ZeroShotClassificationModel,
};
use std::path::Path;
use std::sync::Mutex;

/// Windows of a long document that are scored.
pub const MAX_WINDOWS: usize = 4;

/// Tokens left for the hypothesis ("This example is about {label}.") in a window.
const HYPOTHESIS_TOKENS: usize = 24;

/// An NLI model with fixed labels as a [`TopicClassifier`] (one `Mutex` around the model).
pub struct ZeroShotTopics {
    model: Mutex<Net>,
    name: String,
    labels: Vec<String>,
    multi_label: bool,
    template: Option<String>,
    window: usize,
    batch_size: usize,
}

enum Net {
    /// tokenizer.json folders: HF's zero-shot scores.
    Fast(Box<NliModel>),
    /// Legacy vocabulary files: rust-bert's pipeline.
    Legacy(Box<ZeroShotClassificationModel>),
}

impl ZeroShotTopics {
    /// Loads the NLI model in `dir` onto `device` for `labels`; `template` is the hypothesis
    /// (`{}` stands for the label; `None`: the default of the path, see the module text).
    pub fn load(
        dir: &Path,
        device: tch::Device,
        labels: Vec<String>,
        multi_label: bool,
        template: Option<String>,
        batch_size: usize,
    ) -> Result<ZeroShotTopics> {
        if labels.is_empty() {
            return Err(Error::Config(
                "zero-shot topics need at least one label".into(),
            ));
        }
        if let Some(t) = &template {
            if !t.contains("{}") {
                return Err(Error::Config(format!(
                    "the hypothesis template {t:?} has no {{}} for the label"
                )));
            }
        }
        let md = ModelDir::open(dir)?;
        let net = if md.tokenizer_json.is_some() {
            Net::Fast(Box::new(NliModel::load(&md, device)?))
        } else {
            Net::Legacy(Box::new(legacy(&md, device)?))
        };
        Ok(ZeroShotTopics {
            model: Mutex::new(net),
            name: format!(
                "zero-shot:{}",
                dir.file_name().map_or_else(
                    || dir.display().to_string(),
                    |n| n.to_string_lossy().into_owned()
                )
            ),
            labels,
            multi_label,
            template,
            window: window_tokens(&md, 512),
            batch_size: batch_size.max(1),
        })
    }

    /// Label scores (in label order) of each text; texts are truncated to their first windows.
    pub fn scores(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let model = self.model.lock().unwrap_or_else(|p| p.into_inner());
        match &*model {
            Net::Fast(m) => self.fast_scores(m, texts),
            Net::Legacy(m) => self.legacy_scores(m, texts),
        }
    }

    /// The first [`MAX_WINDOWS`] windows of each text, with the text's index.
    fn windows<'t>(
        &self,
        texts: &[&'t str],
        count: &mut dyn FnMut(&str) -> usize,
    ) -> Result<Vec<(usize, &'t str)>> {
        let budget = self.window.saturating_sub(HYPOTHESIS_TOKENS).max(8);
        let mut windows: Vec<(usize, &str)> = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            // only the first windows are scored: do not tokenize far beyond them
            let mut cut = text.len().min(budget * MAX_WINDOWS * 16);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let text = &text[..cut];
            let chunks = chunking::chunk(text, &[], budget, 0, count);
            if chunks.is_empty() {
                return Err(Error::EmptyInput);
            }
            for c in chunks.iter().take(MAX_WINDOWS) {
                windows.push((i, &text[c.span.start..c.span.end]));
            }
        }
        Ok(windows)
    }

    fn fast_scores(&self, m: &NliModel, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let windows = self.windows(texts, &mut |s: &str| m.tokenizer.count(s))?;
        let labels: Vec<&str> = self.labels.iter().map(String::as_str).collect();
        let template = self.template.as_deref().unwrap_or(TEMPLATE);
        let mut sums = vec![vec![0f32; labels.len()]; texts.len()];
        let mut counts = vec![0usize; texts.len()];
        for (doc, window) in windows {
            let s = m.scores(window, &labels, template, self.multi_label)?;
            sums[doc].iter_mut().zip(s).for_each(|(a, b)| *a += b);
            counts[doc] += 1;
        }
        Ok(sums
            .into_iter()
            .zip(counts)
            .map(|(s, n)| s.into_iter().map(|x| x / n.max(1) as f32).collect())
            .collect())
    }

    fn legacy_scores(
        &self,
        model: &ZeroShotClassificationModel,
        texts: &[&str],
    ) -> Result<Vec<Vec<f32>>> {
        let tok = model.get_tokenizer();
        let windows = self.windows(texts, &mut |s: &str| tok.tokenize(s).len())?;
        let template = self.template.clone();
        let labels: Vec<&str> = self.labels.iter().map(String::as_str).collect();
        let mut sums = vec![vec![0f32; labels.len()]; texts.len()];
        let mut counts = vec![0usize; texts.len()];
        // each window is paired with every label: keep the tensor batch near `batch_size` pairs
        let per_batch = (self.batch_size * 4 / labels.len()).max(1);
        for group in windows.chunks(per_batch) {
            let inputs: Vec<&str> = group.iter().map(|w| w.1).collect();
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let fill = template.clone().map(|t| {
                    Box::new(move |l: &str| t.replace("{}", l)) as Box<dyn Fn(&str) -> String>
                });
                model.predict_multilabel(&inputs, &labels, fill, self.window)
            }))
            .map_err(|_| Error::Model("the zero-shot model failed (panic)".into()))?
            .map_err(|e| model_err("zero-shot classification", e))?;
            for ((doc, _), scored) in group.iter().zip(out) {
                for l in scored {
                    sums[*doc][l.id as usize] += l.score as f32;
                }
                counts[*doc] += 1;
            }
        }
        Ok(sums
            .into_iter()
            .zip(counts)
            .map(|(s, n)| {
                let mut v: Vec<f32> = s.into_iter().map(|x| x / n.max(1) as f32).collect();
                if !self.multi_label {
                    let total: f32 = v.iter().sum();
                    if total > 0.0 {
                        v.iter_mut().for_each(|x| *x /= total);
                    }
                }
                v
            })
            .collect())
    }
}

/// rust-bert's zero-shot pipeline on a legacy folder.
fn legacy(md: &ModelDir, device: tch::Device) -> Result<ZeroShotClassificationModel> {
    let mut config = ZeroShotClassificationConfig::new(
        md.model_type,
        md.model_resource(),
        md.config_resource(),
        md.vocab_resource()?,
        md.merges_resource(),
        md.lower_case,
        None,
        md.add_prefix_space(),
    );
    config.device = device;
    ZeroShotClassificationModel::new(config)
        .map_err(|e| model_err(&format!("loading zero-shot model {}", md.dir.display()), e))
}

impl TopicClassifier for ZeroShotTopics {
    fn labels(&self) -> Vec<String> {
        self.labels.clone()
    }

    fn name(&self) -> String {
        self.name.clone()
    }

    fn classify(
        &self,
        title: Option<&str>,
        text: &str,
        _language: &str,
    ) -> Result<Vec<TopicScore>> {
        let input = match title {
            Some(t) if !t.trim().is_empty() => format!("{t}\n{text}"),
            _ => text.to_string(),
        };
        let scores = self.scores(&[input.as_str()])?.remove(0);
        let mut out: Vec<TopicScore> = self
            .labels
            .iter()
            .zip(scores)
            .map(|(l, score)| TopicScore {
                label: l.clone(),
                score,
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        Ok(out)
    }

    fn classify_matrix(&self, texts: &[&str]) -> Result<ndarray::Array2<f32>> {
        let rows = self.scores(texts)?;
        let mut m = ndarray::Array2::zeros((texts.len(), self.labels.len()));
        for (r, row) in rows.into_iter().enumerate() {
            for (c, v) in row.into_iter().enumerate() {
                m[[r, c]] = v;
            }
        }
        Ok(m)
    }
}
