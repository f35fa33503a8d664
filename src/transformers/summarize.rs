//! Abstractive summaries with a sequence-to-sequence model (BART, T5, Pegasus, ...).
//! Summary text only; extractive summaries and their sentence scores are [`crate::summary`]'s.
//!
//! A document longer than the model's input window is cut into windows of whole sentences;
//! each window is summarized (windows in tensor batches), the partial summaries are joined
//! and, when there was more than one window, summarized again (repeating while the joined
//! text is still longer than a window, at most [`MAX_ROUNDS`] rounds).

use super::chunking;
use super::model_dir::{window_tokens, ModelDir};
use super::{model_err, TransformerConfig};
use crate::backend::AbstractiveSummarizer;
use crate::error::{Error, Result};
use crate::text::Prepared;
use crate::types::Span;
use rust_bert::pipelines::summarization::{SummarizationConfig, SummarizationModel};
use std::path::Path;
use std::sync::Mutex;

/// Most rounds of summarizing partial summaries of a long document.
pub const MAX_ROUNDS: usize = 3;

/// A summarization model as an [`AbstractiveSummarizer`] (one `Mutex` around the model).
pub struct TransformerSummarizer {
    model: Mutex<SummarizationModel>,
    window: usize,
    batch_size: usize,
}

impl TransformerSummarizer {
    /// Loads the model in `dir` onto `device` with the generation settings of `config`.
    pub fn load(
        dir: &Path,
        device: tch::Device,
        config: &TransformerConfig,
    ) -> Result<TransformerSummarizer> {
        let md = ModelDir::open(dir)?;
        let mut sc = SummarizationConfig::new(
            md.model_type,
            md.model_resource(),
            md.config_resource(),
            md.vocab_resource()?,
            md.merges_resource(),
        );
        sc.device = device;
        sc.min_length = config.summary_min_tokens as i64;
        // the decoder cannot go past its position embeddings
        let max_len = config
            .summary_max_tokens
            .min(md.max_positions.unwrap_or(1024));
        sc.max_length = Some(max_len as i64);
        sc.min_length = sc.min_length.min(max_len as i64);
        sc.num_beams = config.summary_beams as i64;
        let model = SummarizationModel::new(sc)
            .map_err(|e| model_err(&format!("loading summarization model {}", dir.display()), e))?;
        Ok(TransformerSummarizer {
            model: Mutex::new(model),
            window: window_tokens(&md, 1024),
            batch_size: config.batch_size.max(1),
        })
    }

    /// A summary of `text`, whose sentences (byte spans) are window boundaries.
    pub fn summarize_text(&self, text: &str, sentences: &[Span]) -> Result<String> {
        self.summarize_texts(&[(text, sentences)])
            .pop()
            .expect("one result per text")
    }

    /// Summaries of many texts; the windows of all texts are generated in batches.
    pub fn summarize_texts(&self, texts: &[(&str, &[Span])]) -> Vec<Result<String>> {
        let model = self.model.lock().unwrap_or_else(|p| p.into_inner());
        // per text: the current text and its sentences, or the final result
        let mut state: Vec<Option<(String, Vec<Span>)>> = texts
            .iter()
            .map(|(t, s)| Some((t.to_string(), s.to_vec())))
            .collect();
        let mut out: Vec<Result<String>> = texts.iter().map(|_| Ok(String::new())).collect();
        for _ in 0..MAX_ROUNDS {
            let tok = model.get_tokenizer();
            // windows of every text still being summarized
            let mut windows: Vec<(usize, String)> = Vec::new();
            let mut count = vec![0usize; texts.len()];
            for (i, st) in state.iter().enumerate() {
                let Some((text, sentences)) = st else {
                    continue;
                };
                let chunks = chunking::chunk(text, sentences, self.window, 0, &mut |s: &str| {
                    tok.tokenize(s).len()
                });
                count[i] = chunks.len();
                windows.extend(
                    chunks
                        .iter()
                        .map(|c| (i, text[c.span.start..c.span.end].to_string())),
                );
            }
            if windows.is_empty() {
                break;
            }
            let mut parts: Vec<Vec<String>> = texts.iter().map(|_| Vec::new()).collect();
            for group in windows.chunks(self.batch_size) {
                let inputs: Vec<&str> = group.iter().map(|w| w.1.as_str()).collect();
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    model.summarize(&inputs)
                }))
                .map_err(|_| Error::Model("the summarization model failed (panic)".into()))
                .and_then(|r| r.map_err(|e| model_err("summarizing", e)));
                match result {
                    Ok(summaries) => {
                        for ((i, _), s) in group.iter().zip(summaries) {
                            parts[*i].push(s.trim().to_string());
                        }
                    }
                    Err(e) => {
                        for (i, _) in group {
                            out[*i] = Err(Error::Model(e.to_string()));
                            state[*i] = None;
                        }
                    }
                }
            }
            for (i, st) in state.iter_mut().enumerate() {
                if st.is_none() || out[i].is_err() {
                    continue;
                }
                let joined = parts[i].join(" ");
                if count[i] <= 1 {
                    out[i] = Ok(joined);
                    *st = None;
                    continue;
                }
                // the partial summaries are the sentences of the next round
                let mut spans = Vec::with_capacity(parts[i].len());
                let mut pos = 0;
                for p in &parts[i] {
                    spans.push(Span {
                        start: pos,
                        end: pos + p.len(),
                    });
                    pos += p.len() + 1;
                }
                *st = Some((joined, spans));
            }
        }
        // texts still long after the last round keep their joined partial summaries
        for (i, st) in state.into_iter().enumerate() {
            if let (Some((text, _)), Ok(_)) = (st, &out[i]) {
                out[i] = Ok(text);
            }
        }
        out
    }
}

impl AbstractiveSummarizer for TransformerSummarizer {
    fn summarize(&self, doc: &Prepared) -> Result<String> {
        self.summarize_text(&doc.text, &doc.sentences)
    }

    fn batches(&self) -> bool {
        true
    }

    fn summarize_many(&self, docs: &[&Prepared]) -> Vec<Result<String>> {
        let texts: Vec<(&str, &[Span])> = docs
            .iter()
            .map(|d| (d.text.as_str(), d.sentences.as_slice()))
            .collect();
        self.summarize_texts(&texts)
    }
}
