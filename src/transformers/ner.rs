//! Token-classification NER (BERT, RoBERTa, XLM-R, DistilBERT, ... fine-tuned on IOB tags).
//! Raw mentions out, as from the built-in tagger; grouping them is [`crate::entities`]' job.
//!
//! Documents are cut into overlapping windows of whole sentences that fit the model
//! ([`super::chunking`]); the windows of all documents of a call go through the model in
//! tensor batches of similar length (sorted, padded to the batch's longest).
//! rust-bert joins sub-word tokens into words (with character offsets into the window); words
//! are joined into mentions by their IOB tags, and the offsets are mapped back to exact byte
//! offsets in the document.
//!
//! A folder with a `tokenizer.json` runs through [`super::token_classifier`] (HF's pipeline
//! aggregation, `first` by default); a folder with only legacy vocabulary files through
//! rust-bert's token-classification pipeline.

use super::chunking::{self, Chunk};
use super::model_dir::{window_tokens, ModelDir};
use super::model_err;
use super::token_classifier::{Aggregation, EntityGroup, TokenClassifier};
use super::tokenizer::Encoded;
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
    model: Mutex<Net>,
    aggregation: Aggregation,
    name: String,
    window: usize,
    batch_size: usize,
}

impl TransformerNer {
    /// Loads the model in `dir` onto `device`; `batch_size` windows go through it at once
    /// (the environment variable `NUTGRAF_TF_BATCH`, when set, overrides it: benchmarks).
    pub fn load(dir: &Path, device: tch::Device, batch_size: usize) -> Result<TransformerNer> {
        let md = ModelDir::open(dir)?;
        let batch_size = std::env::var("NUTGRAF_TF_BATCH")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(batch_size);
        let net = if md.tokenizer_json.is_some() {
            Net::Fast(Box::new(TokenClassifier::load(&md, device)?))
        } else {
            Net::Legacy(Box::new(legacy(&md, device)?))
        };
        Ok(TransformerNer {
            model: Mutex::new(net),
            aggregation: Aggregation::default(),
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

    /// The same model with HF's aggregation `strategy` (models with a tokenizer.json only;
    /// legacy folders always aggregate by first token).
    pub fn with_aggregation(mut self, strategy: Aggregation) -> TransformerNer {
        self.aggregation = strategy;
        self
    }

    /// The windows (byte spans) of `text` as [`Self::mentions`] cuts them.
    pub fn windows(&self, text: &str, sentences: &[Span]) -> Vec<Chunk> {
        let model = self.model.lock().unwrap_or_else(|p| p.into_inner());
        self.chunks(&model, text, sentences)
    }

    fn chunks(&self, model: &Net, text: &str, sentences: &[Span]) -> Vec<Chunk> {
        match model {
            Net::Legacy(m) => {
                let tok = m.get_tokenizer();
                let mut count = |s: &str| tok.tokenize(s).len();
                chunking::chunk(text, sentences, self.window, self.window / 4, &mut count)
            }
            Net::Fast(m) => {
                // the text between sentences can be tokens too (byte-level BPE turns spaces and
                // line breaks into tokens): shrink the budget until every window fits
                let mut count = |s: &str| m.tokenizer.count(s);
                let mut budget = self.window;
                loop {
                    let chunks = chunking::chunk(text, sentences, budget, budget / 4, &mut count);
                    let longest = chunks
                        .iter()
                        .map(|c| count(&text[c.span.start..c.span.end]))
                        .max()
                        .unwrap_or(0);
                    if longest <= self.window || budget <= 16 {
                        return chunks;
                    }
                    budget = budget.saturating_sub(longest - self.window + 8).max(16);
                }
            }
        }
    }

    /// Entity groups as HF's pipeline gives them (labels as the model names them, byte
    /// offsets into `text`), window results joined: each window keeps the groups that start
    /// in the part it owns. Models with a tokenizer.json only.
    pub fn entity_groups(&self, text: &str, sentences: &[Span]) -> Result<Vec<EntityGroup>> {
        let model = self.model.lock().unwrap_or_else(|p| p.into_inner());
        let Net::Fast(m) = &*model else {
            return Err(Error::Model(
                "entity groups need a model folder with a tokenizer.json".into(),
            ));
        };
        let windows = self.chunks(&model, text, sentences);
        let inputs: Vec<&str> = windows
            .iter()
            .map(|c| &text[c.span.start..c.span.end])
            .collect();
        let mut out = Vec::new();
        for (c, found) in windows.iter().zip(self.run_windows(m, &inputs)) {
            out.extend(found?.into_iter().filter_map(|mut g| {
                g.start += c.span.start;
                g.end += c.span.start;
                owns(c, g.start).then_some(g)
            }));
        }
        Ok(out)
    }

    /// Entity groups of each window text (offsets into it), in the order given. The windows
    /// are encoded once, sorted by length and run in batches of up to `batch_size` windows of
    /// similar length, so that a batch is padded little (dynamic padding).
    fn run_windows(&self, m: &TokenClassifier, inputs: &[&str]) -> Vec<Result<Vec<EntityGroup>>> {
        let encoded: Vec<Result<Encoded>> = inputs.iter().map(|t| m.tokenizer.encode(t)).collect();
        let mut out: Vec<Result<Vec<EntityGroup>>> = Vec::with_capacity(inputs.len());
        let mut order: Vec<usize> = Vec::new();
        for (i, e) in encoded.iter().enumerate() {
            match e {
                Ok(_) => {
                    out.push(Ok(Vec::new()));
                    order.push(i);
                }
                Err(err) => out.push(Err(Error::Model(err.to_string()))),
            }
        }
        let len = |i: usize| encoded[i].as_ref().map_or(0, |e| e.ids.len());
        order.sort_by_key(|&i| std::cmp::Reverse(len(i)));
        let batches: Vec<&[usize]> = order.chunks(self.batch_size).collect();
        let aggregation = self.aggregation;
        let run = |m: &TokenClassifier, batch: &[usize]| {
            let texts: Vec<&str> = batch.iter().map(|&i| inputs[i]).collect();
            let encs: Vec<&Encoded> = batch
                .iter()
                .filter_map(|&i| encoded[i].as_ref().ok())
                .collect();
            m.entities_encoded(&texts, &encs, aggregation)
        };
        let found = parallel_batches(m, &batches, &run);
        for (batch, result) in batches.iter().zip(found) {
            match result {
                Ok(found) => {
                    for (&i, groups) in batch.iter().zip(found) {
                        out[i] = Ok(groups);
                    }
                }
                Err(e) => {
                    for &i in batch.iter() {
                        out[i] = Err(Error::Model(e.to_string()));
                    }
                }
            }
        }
        out
    }
}

/// Runs `run` on every batch. On the CPU with libtorch set to n > 1 threads
/// (`OMP_NUM_THREADS`), n batches run at once, each on one libtorch thread (larger matrix
/// products per thread, no OpenMP hand-offs inside each operation); NUTGRAF_TF_PARALLEL=0
/// keeps one batch at a time on n threads.
fn parallel_batches<T: Send>(
    m: &TokenClassifier,
    batches: &[&[usize]],
    run: &(dyn Fn(&TokenClassifier, &[usize]) -> T + Sync),
) -> Vec<T> {
    let threads = tch::get_num_threads().max(1) as usize;
    let on = std::env::var("NUTGRAF_TF_PARALLEL").map_or(true, |v| v != "0");
    if !on || threads < 2 || batches.len() < 2 || m.device() != tch::Device::Cpu {
        return batches.iter().map(|b| run(m, b)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let shared = SharedModel(m);
    let mut results: Vec<(usize, T)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads.min(batches.len()))
            .map(|_| {
                let (next, shared) = (&next, &shared);
                s.spawn(move || {
                    tch::set_num_threads(1);
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(b) = batches.get(i) else { break };
                        done.push((i, run(shared.model(), b)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    // libtorch's thread count of MKL is process-wide: set it back
    tch::set_num_threads(threads as i32);
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// A model read by several threads at once: its tensors are only read during a forward pass
/// (libtorch allows concurrent reads), so sharing the reference is sound.
struct SharedModel<'a>(&'a TokenClassifier);

impl<'a> SharedModel<'a> {
    fn model(&self) -> &'a TokenClassifier {
        self.0
    }
}
// SAFETY: see above: no tensor of the model is written while the workers run.
unsafe impl Sync for SharedModel<'_> {}
// SAFETY: as for Sync.
unsafe impl Send for SharedModel<'_> {}

enum Net {
    Fast(Box<TokenClassifier>),
    Legacy(Box<TokenClassificationModel>),
}

fn legacy(md: &ModelDir, device: tch::Device) -> Result<TokenClassificationModel> {
    let dir = &md.dir;
    {
        let mut config = TokenClassificationConfig::new(
            md.model_type,
            md.model_resource(),
            md.config_resource(),
            md.vocab_resource()?,
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
        TokenClassificationModel::new(config)
            .map_err(|e| model_err(&format!("loading NER model {}", dir.display()), e))
    }
}

impl TransformerNer {
    /// Mentions in `text` (byte offsets), using `sentences` (byte spans) as window boundaries.
    pub fn mentions(&self, text: &str, sentences: &[Span]) -> Result<Vec<RawMention>> {
        self.mentions_many(&[(text, sentences)])
            .pop()
            .expect("one result per text")
    }

    /// Mentions of many texts; the windows of all texts go through the model in batches.
    pub fn mentions_many(&self, texts: &[(&str, &[Span])]) -> Vec<Result<Vec<RawMention>>> {
        let net = self.model.lock().unwrap_or_else(|p| p.into_inner());
        let mut windows: Vec<(usize, Chunk)> = Vec::new();
        for (i, (text, sentences)) in texts.iter().enumerate() {
            let chunks = self.chunks(&net, text, sentences);
            windows.extend(chunks.into_iter().map(|c| (i, c)));
        }
        let model = match &*net {
            Net::Legacy(m) => m,
            Net::Fast(m) => return self.fast_mentions(m, texts, &windows),
        };
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

impl TransformerNer {
    fn fast_mentions(
        &self,
        m: &TokenClassifier,
        texts: &[(&str, &[Span])],
        windows: &[(usize, Chunk)],
    ) -> Vec<Result<Vec<RawMention>>> {
        let mut out: Vec<Result<Vec<RawMention>>> = texts.iter().map(|_| Ok(Vec::new())).collect();
        let inputs: Vec<&str> = windows
            .iter()
            .map(|(i, c)| &texts[*i].0[c.span.start..c.span.end])
            .collect();
        for ((i, c), found) in windows.iter().zip(self.run_windows(m, &inputs)) {
            let groups = match found {
                Ok(g) => g,
                Err(e) => {
                    out[*i] = Err(e);
                    continue;
                }
            };
            if let Ok(v) = &mut out[*i] {
                v.extend(groups.into_iter().filter_map(|g| {
                    let start = c.span.start + g.start;
                    if !owns(c, start) {
                        return None;
                    }
                    let (_, label) = parse_label(&g.group)?;
                    let span = trim(texts[*i].0, start, c.span.start + g.end)?;
                    Some(RawMention {
                        span,
                        label,
                        score: g.score.clamp(0.0, 1.0),
                    })
                }));
            }
        }
        for found in out.iter_mut().flatten() {
            found.sort_by_key(|m| (m.span.start, m.span.end));
            found.dedup_by(|b, a| b.span.start < a.span.end);
        }
        out
    }
}

/// The span without surrounding whitespace; `None` when nothing is left.
fn trim(text: &str, start: usize, end: usize) -> Option<Span> {
    let s = &text[start..end];
    let start = start + s.len() - s.trim_start().len();
    let end = end - (s.len() - s.trim_end().len());
    (start < end).then_some(Span { start, end })
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
