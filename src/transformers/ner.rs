//! Token-classification NER (BERT, RoBERTa, XLM-R, DistilBERT, ... fine-tuned on IOB tags).
//! Raw mentions out, as from the built-in tagger; grouping them is [`crate::entities`]' job.
//!
//! Documents are cut into overlapping windows of whole sentences that fit the model
//! ([`super::chunking`]); the windows of a document go through the model in tensor batches.
//! rust-bert joins sub-word tokens into words (with character offsets into the window); words
//! are joined into mentions by their IOB tags, and the offsets are mapped back to exact byte
//! offsets in the document.

use super::chunking::{self, Chunk};
use super::model_dir::{window_tokens, ModelDir};
use super::model_err;
use crate::backend::{EntityRecognizer, RawMention};
use crate::error::{Error, Result};
use crate::text::Prepared;
use crate::types::{EntityLabel, Span};
use rust_bert::pipelines::token_classification::{
    LabelAggregationOption, Token, TokenClassificationConfig, TokenClassificationModel,
};
use std::path::Path;
use std::sync::Mutex;

/// A token-classification model as an [`EntityRecognizer`] (one `Mutex` around the model).
pub struct TransformerNer {
    model: Mutex<TokenClassificationModel>,
    name: String,
    window: usize,
    batch_size: usize,
}

impl TransformerNer {
    /// Loads the model in `dir` onto `device`; `batch_size` windows go through it at once.
    pub fn load(dir: &Path, device: tch::Device, batch_size: usize) -> Result<TransformerNer> {
        let md = ModelDir::open(dir)?;
        let mut config = TokenClassificationConfig::new(
            md.model_type,
            md.model_resource(),
            md.config_resource(),
            md.vocab_resource(),
            md.merges_resource(),
            md.lower_case,
            None,
            md.add_prefix_space(),
            LabelAggregationOption::First,
        );
        config.device = device;
        // rust-bert's own batching indexes windows wrongly past its first batch: we hand it
        // at most `batch_size` windows at a time and let it run them as one batch.
        config.batch_size = usize::MAX;
        let model = TokenClassificationModel::new(config)
            .map_err(|e| model_err(&format!("loading NER model {}", dir.display()), e))?;
        Ok(TransformerNer {
            model: Mutex::new(model),
            name: format!(
                "transformer:{}",
                dir.file_name().map_or_else(
                    || dir.display().to_string(),
                    |n| n.to_string_lossy().into_owned()
                )
            ),
            window: window_tokens(&md, 512),
            batch_size: batch_size.max(1),
        })
    }

    /// Mentions in `text` (byte offsets), using `sentences` (byte spans) as window boundaries.
    pub fn mentions(&self, text: &str, sentences: &[Span]) -> Result<Vec<RawMention>> {
        self.mentions_many(&[(text, sentences)])
            .pop()
            .expect("one result per text")
    }

    /// Mentions of many texts; the windows of all texts go through the model in batches.
    pub fn mentions_many(&self, texts: &[(&str, &[Span])]) -> Vec<Result<Vec<RawMention>>> {
        let model = self.model.lock().unwrap_or_else(|p| p.into_inner());
        let tok = model.get_tokenizer();
        let mut windows: Vec<(usize, Chunk)> = Vec::new();
        for (i, (text, sentences)) in texts.iter().enumerate() {
            let chunks = chunking::chunk(
                text,
                sentences,
                self.window,
                self.window / 4,
                &mut |s: &str| tok.tokenize(s).len(),
            );
            windows.extend(chunks.into_iter().map(|c| (i, c)));
        }
        let mut out: Vec<Result<Vec<RawMention>>> = texts.iter().map(|_| Ok(Vec::new())).collect();
        for group in windows.chunks(self.batch_size) {
            let inputs: Vec<&str> = group
                .iter()
                .map(|(i, c)| &texts[*i].0[c.span.start..c.span.end])
                .collect();
            let predicted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                model.predict(&inputs, true, false)
            }));
            let Ok(predicted) = predicted else {
                for (i, _) in group {
                    out[*i] = Err(Error::Model(
                        "the NER model failed on a window (panic)".into(),
                    ));
                }
                continue;
            };
            for ((i, c), tokens) in group.iter().zip(&predicted) {
                if let Ok(found) = &mut out[*i] {
                    found.extend(
                        words_to_mentions(texts[*i].0, c.span, tokens)
                            .into_iter()
                            .filter(|m| owns(c, m.span.start)),
                    );
                }
            }
        }
        for found in out.iter_mut().flatten() {
            found.sort_by_key(|m| (m.span.start, m.span.end));
            found.dedup_by(|b, a| b.span.start < a.span.end); // drop overlaps, keep the first
        }
        out
    }
}

fn owns(c: &Chunk, pos: usize) -> bool {
    c.own.start <= pos && pos < c.own.end
}

impl EntityRecognizer for TransformerNer {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn recognize(&self, doc: &Prepared) -> Result<Vec<RawMention>> {
        self.mentions(&doc.text, &doc.sentences)
    }

    fn batches(&self) -> bool {
        true
    }

    fn recognize_many(&self, docs: &[&Prepared]) -> Vec<Result<Vec<RawMention>>> {
        let texts: Vec<(&str, &[Span])> = docs
            .iter()
            .map(|d| (d.text.as_str(), d.sentences.as_slice()))
            .collect();
        self.mentions_many(&texts)
    }
}

/// Maps a model label (`B-PER`, `I-ORG`, `LOC`, `B-PERSON`, ...) to IOB parts; `None` for `O`
/// and for entity types outside nutgraf's PER/ORG/LOC/MISC scheme (dates, numbers, ...).
pub fn parse_label(label: &str) -> Option<(bool, EntityLabel)> {
    let (begin, ty) = match label.split_once(['-', '_']) {
        Some((p, t)) if p.eq_ignore_ascii_case("B") || p.eq_ignore_ascii_case("S") => (true, t),
        Some((p, t)) if p.eq_ignore_ascii_case("I") || p.eq_ignore_ascii_case("E") => (false, t),
        _ => (false, label),
    };
    let l = match ty.to_ascii_uppercase().as_str() {
        "PER" | "PERSON" => EntityLabel::PER,
        "ORG" | "ORGANIZATION" | "ORGANISATION" => EntityLabel::ORG,
        "LOC" | "LOCATION" | "GPE" => EntityLabel::LOC,
        "MISC" | "NORP" | "EVENT" | "WORK_OF_ART" | "PRODUCT" | "LAW" | "LANGUAGE" => {
            EntityLabel::MISC
        }
        _ => return None,
    };
    Some((begin, l))
}

/// Joins word tokens (character offsets into the window `span` of `text`) into mentions with
/// byte offsets into `text`.
fn words_to_mentions(text: &str, span: Span, tokens: &[Token]) -> Vec<RawMention> {
    let base = span.start;
    let window = &text[span.start..span.end];
    // byte offset of every character boundary in the window
    let bytes: Vec<usize> = window
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(window.len()))
        .collect();
    let mut out: Vec<RawMention> = Vec::new();
    let mut cur: Option<(RawMention, usize)> = None; // mention, words in it
    let close = |cur: &mut Option<(RawMention, usize)>, out: &mut Vec<RawMention>| {
        if let Some((mut m, n)) = cur.take() {
            m.score /= n as f32;
            out.push(m);
        }
    };
    for t in tokens {
        let Some(off) = t.offset else { continue };
        let (b, e) = (off.begin as usize, off.end as usize);
        if b >= e || e >= bytes.len() {
            continue;
        }
        let (start, end) = (base + bytes[b], base + bytes[e]);
        let Some((begin, label)) = parse_label(&t.label) else {
            close(&mut cur, &mut out);
            continue;
        };
        let score = t.score.clamp(0.0, 1.0) as f32;
        match &mut cur {
            Some((m, n)) if !begin && m.label == label => {
                m.span.end = end;
                m.score += score;
                *n += 1;
            }
            _ => {
                close(&mut cur, &mut out);
                cur = Some((
                    RawMention {
                        span: Span { start, end },
                        label,
                        score,
                    },
                    1,
                ));
            }
        }
    }
    close(&mut cur, &mut out);
    // trim whitespace a byte-level tokenizer may have counted into a word
    for m in &mut out {
        let s = &text[m.span.start..m.span.end];
        m.span.start += s.len() - s.trim_start().len();
        m.span.end -= s.len() - s.trim_end().len();
    }
    out.retain(|m| m.span.start < m.span.end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_parse() {
        assert_eq!(parse_label("B-PER"), Some((true, EntityLabel::PER)));
        assert_eq!(parse_label("I-ORG"), Some((false, EntityLabel::ORG)));
        assert_eq!(parse_label("LOC"), Some((false, EntityLabel::LOC)));
        assert_eq!(parse_label("B-GPE"), Some((true, EntityLabel::LOC)));
        assert_eq!(parse_label("O"), None);
        assert_eq!(parse_label("B-DATE"), None);
    }
}
