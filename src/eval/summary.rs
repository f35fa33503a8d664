//! Evaluation of the extractive summarizer on BBC News and Klexikon (EVAL.md): the documents
//! and references, ROUGE of nutgraf's summaries next to the lead-k baseline, and the logistic
//! fit of the scorer weights. Reads datasets through `crate::datasets`; prints nothing.

use super::rouge::{rouge, Rouge};
use crate::datasets as data;
use crate::error::{Error, Result};
use crate::summary::{analyze, Summarizer, SummaryLength, Weights, FEATURE_NAMES, N_FEATURES};
use crate::types::Span;
use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::Instant;

/// One evaluation document: the article split into sentences and its reference summary.
pub struct SummaryDoc {
    /// BBC id or Klexikon title.
    pub id: String,
    pub title: String,
    pub text: String,
    /// The article's sentences (byte spans of `text`).
    pub sentences: Vec<Span>,
    /// The reference summary, one sentence per entry.
    pub reference: Vec<String>,
    /// English (BBC) or German (Klexikon): selects the ROUGE tokenization.
    pub english: bool,
}

impl SummaryDoc {
    /// `en` or `de`.
    pub fn lang(&self) -> &'static str {
        if self.english {
            "en"
        } else {
            "de"
        }
    }

    /// The texts of the sentences `idx`.
    pub fn sentence_texts(&self, idx: &[usize]) -> Vec<&str> {
        idx.iter()
            .map(|&i| &self.text[self.sentences[i].start..self.sentences[i].end])
            .collect()
    }
}

/// Splits a BBC reference summary whose sentences are glued without spaces ("bn.For").
pub fn split_glued(s: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if matches!(c, '.' | '!' | '?') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '\'' | ')' | '”' | '’') {
                j += 1;
            }
            let next = chars.get(j).map(|x| x.1);
            let boundary = match next {
                None => true,
                Some(n) => n.is_whitespace() || n.is_uppercase() || n == '"',
            };
            if boundary {
                let end = chars.get(j).map(|x| x.0).unwrap_or(s.len());
                let seg = s[start..end].trim();
                if !seg.is_empty() {
                    out.push(seg.to_string());
                }
                start = end;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    let seg = s[start..].trim();
    if !seg.is_empty() {
        out.push(seg.to_string());
    }
    out
}

/// Spans of the non-blank lines of `text` (Klexikon articles: one sentence per line).
fn line_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if !t.is_empty() {
            let start = pos + (line.len() - line.trim_start().len());
            out.push(Span {
                start,
                end: start + t.len(),
            });
        }
        pos += line.len();
    }
    out
}

/// Loads the documents of `dataset` (`bbc`: split `test` | `train`, sentences split by nutgraf,
/// references split with [`split_glued`]; `klexikon`: split `test` | `validation` | `train`,
/// one sentence per line) from `data` (laid out like `../shared/data`).
pub fn load_docs(data: &Path, dataset: &str, split: &str) -> Result<Vec<SummaryDoc>> {
    match dataset {
        "bbc" => {
            let docs = data::bbc(data)?;
            let (train, test) = data::bbc_split(data)?;
            let ids = match split {
                "test" => test,
                "train" => train,
                s => return Err(Error::Config(format!("unknown BBC split {s:?}"))),
            };
            let by_id: HashMap<&str, &data::BbcDoc> =
                docs.iter().map(|d| (d.id.as_str(), d)).collect();
            ids.iter()
                .map(|id| {
                    let d = by_id
                        .get(id.as_str())
                        .ok_or_else(|| Error::Data(format!("BBC id {id} not in data")))?;
                    Ok(SummaryDoc {
                        id: d.id.clone(),
                        title: d.title.clone(),
                        sentences: crate::text::split_sentences(&d.text, "en"),
                        text: d.text.clone(),
                        reference: split_glued(&d.summary),
                        english: true,
                    })
                })
                .collect()
        }
        "klexikon" => {
            let docs = data::klexikon(data, split)?;
            Ok(docs
                .into_iter()
                .map(|d| SummaryDoc {
                    id: d.title.clone(),
                    sentences: line_spans(&d.wiki_text),
                    reference: d
                        .klexikon_text
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                        .collect(),
                    title: d.title,
                    text: d.wiki_text,
                    english: false,
                })
                .collect())
        }
        s => Err(Error::Config(format!(
            "unknown dataset {s:?} (bbc, klexikon)"
        ))),
    }
}

/// Labels of the sentences of a BBC document: is the sentence part of the reference?
fn sentence_labels(d: &SummaryDoc) -> Vec<bool> {
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let refr = squash(&d.reference.concat());
    d.sentences
        .iter()
        .map(|s| {
            let t = squash(&d.text[s.start..s.end]);
            !t.is_empty() && refr.contains(&t)
        })
        .collect()
}

/// Scorer weights fitted by [`fit_weights`].
pub struct WeightFit {
    /// The weights (rounded to 3 decimals; redundancy as in [`Weights::default`]).
    pub weights: Weights,
    /// Sentences fitted on.
    pub sentences: usize,
    /// Of these, the sentences that are part of the reference.
    pub positives: usize,
}

/// Fits the summary scorer's weights by logistic regression (full-batch gradient descent with
/// momentum): does a sentence of the article appear in the extractive reference?
pub fn fit_weights(docs: &[SummaryDoc]) -> WeightFit {
    let mut xs: Vec<[f32; N_FEATURES]> = Vec::new();
    let mut ys: Vec<f32> = Vec::new();
    for d in docs {
        let an = analyze(&d.text, &d.sentences, d.lang(), Some(&d.title));
        for (f, y) in an.features.into_iter().zip(sentence_labels(d)) {
            xs.push(f);
            ys.push(if y { 1.0 } else { 0.0 });
        }
    }
    let positives = ys.iter().filter(|&&y| y == 1.0).count();
    let mut w = [0f64; N_FEATURES + 1];
    let mut v = [0f64; N_FEATURES + 1];
    let n = xs.len() as f64;
    for _ in 0..3000 {
        let mut g = [0f64; N_FEATURES + 1];
        for (x, &y) in xs.iter().zip(&ys) {
            let z = w[N_FEATURES] + x.iter().zip(&w).map(|(a, b)| *a as f64 * b).sum::<f64>();
            let p = 1.0 / (1.0 + (-z).exp());
            let d = p - y as f64;
            for k in 0..N_FEATURES {
                g[k] += d * x[k] as f64;
            }
            g[N_FEATURES] += d;
        }
        for k in 0..=N_FEATURES {
            v[k] = 0.9 * v[k] - 0.5 * (g[k] / n + 1e-4 * w[k]);
            w[k] += v[k];
        }
    }
    let mut out = Weights {
        bias: w[N_FEATURES] as f32,
        ..Weights::default()
    };
    for (o, x) in out.w.iter_mut().zip(&w) {
        *o = (x * 1000.0).round() as f32 / 1000.0;
    }
    out.bias = (out.bias * 1000.0).round() / 1000.0;
    WeightFit {
        weights: out,
        sentences: xs.len(),
        positives,
    }
}

/// The fit as `nutgraf eval summary --fit` prints it: the data, then each weight.
impl fmt::Display for WeightFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let share = 100.0 * self.positives as f32 / self.sentences.max(1) as f32;
        writeln!(
            f,
            "fitting on {} sentences ({share:.1}% in the reference)",
            self.sentences
        )?;
        for (name, w) in FEATURE_NAMES.iter().zip(&self.weights.w) {
            writeln!(f, "  {name:<20} {w:+.3}")?;
        }
        writeln!(f, "  bias {:+.3}", self.weights.bias)
    }
}

/// Settings of [`evaluate`].
#[derive(Clone, Debug, Default)]
pub struct SummaryEvalOptions {
    /// Summary length in sentences (default: 3 for BBC, 15 for Klexikon).
    pub sentences: Option<usize>,
    /// Use as many sentences as the reference has (overrides `sentences`).
    pub k_from_reference: bool,
    /// MMR redundancy penalty (default: the built-in value).
    pub redundancy: Option<f32>,
    /// Scorer weight overrides `(name, value)`: a feature of [`FEATURE_NAMES`] or `bias`.
    pub weights: Vec<(String, f32)>,
    /// Fit the scorer weights on the evaluated documents first ([`fit_weights`]).
    pub fit: bool,
}

/// The summary of one document and its scores.
pub struct DocResult {
    /// Indices of the chosen sentences, in document order.
    pub picked: Vec<usize>,
    /// Summary length asked for.
    pub k: usize,
    /// ROUGE of nutgraf's summary, F1 in [0, 1].
    pub rouge: Rouge,
    /// ROUGE of the first `k` sentences.
    pub lead: Rouge,
    /// Seconds spent summarizing (ROUGE excluded).
    pub seconds: f64,
}

/// The result of [`evaluate`].
pub struct SummaryReport {
    pub dataset: String,
    pub split: String,
    /// Summary length in sentences; `None`: the length of each reference.
    pub k: Option<usize>,
    /// English tokenization (stemmed) or German (`\w+`, no stemming).
    pub english: bool,
    /// Mean ROUGE F1 of nutgraf's summaries over the documents, **in percent** (as printed).
    pub nutgraf: Rouge,
    /// Mean ROUGE F1 of the lead-k baseline, in percent.
    pub lead: Rouge,
    /// Wall-clock seconds of summarizing and scoring all documents.
    pub seconds: f64,
    /// Summed seconds spent summarizing alone, over all documents.
    pub summarize_seconds: f64,
    /// The fitted weights, with [`SummaryEvalOptions::fit`].
    pub fit: Option<WeightFit>,
    /// The documents, in dataset order.
    pub docs: Vec<SummaryDoc>,
    /// One result per document.
    pub results: Vec<DocResult>,
}

/// ROUGE of the built-in summarizer (with `opts`) and of the lead-k baseline on one split of
/// `dataset` (`bbc` or `klexikon`, see [`load_docs`]).
pub fn evaluate(
    data: &Path,
    dataset: &str,
    split: &str,
    opts: &SummaryEvalOptions,
) -> Result<SummaryReport> {
    let docs = load_docs(data, dataset, split)?;
    let english = docs.first().is_some_and(|d| d.english);
    let builtin = Summarizer::builtin()?;
    let mut weights = builtin.weights().clone();
    let mut long = builtin.long_weights().clone();
    let fit = opts.fit.then(|| fit_weights(&docs));
    if let Some(f) = &fit {
        weights = f.weights.clone();
    }
    // overrides apply to both weight sets
    for w in [&mut weights, &mut long] {
        if let Some(r) = opts.redundancy {
            w.redundancy = r;
        }
        for (k, v) in &opts.weights {
            if k == "bias" {
                w.bias = *v;
            } else {
                let i = FEATURE_NAMES.iter().position(|n| n == k).ok_or_else(|| {
                    Error::Config(format!("unknown scorer weight {k:?} (bias or a feature)"))
                })?;
                w.w[i] = *v;
            }
        }
    }
    let summarizer = Summarizer::with_weights(weights, long);
    let default_k = if dataset == "klexikon" { 15 } else { 3 };
    let k = (!opts.k_from_reference).then(|| opts.sentences.unwrap_or(default_k));
    let t0 = Instant::now();
    let results: Vec<DocResult> = docs
        .par_iter()
        .map(|d| {
            let k = k.unwrap_or_else(|| d.reference.len().max(1));
            let t = Instant::now();
            let picked: Vec<usize> = summarizer
                .summarize(
                    &d.text,
                    &d.sentences,
                    d.lang(),
                    Some(&d.title),
                    SummaryLength::Sentences(k),
                )
                .into_iter()
                .map(|x| x.0)
                .collect();
            let seconds = t.elapsed().as_secs_f64();
            let lead: Vec<usize> = (0..k.min(d.sentences.len())).collect();
            DocResult {
                rouge: rouge(&d.sentence_texts(&picked), &d.reference, d.english),
                lead: rouge(&d.sentence_texts(&lead), &d.reference, d.english),
                picked,
                k,
                seconds,
            }
        })
        .collect();
    let seconds = t0.elapsed().as_secs_f64();
    let n = results.len().max(1) as f64;
    let mean = |f: &dyn Fn(&DocResult) -> Rouge| -> Rouge {
        let mut m = [0.0; 4];
        for r in &results {
            let x = f(r).to_array();
            for i in 0..4 {
                m[i] += 100.0 * x[i] / n;
            }
        }
        Rouge::from_array(m)
    };
    Ok(SummaryReport {
        dataset: dataset.to_string(),
        split: split.to_string(),
        k,
        english,
        nutgraf: mean(&|r| r.rouge),
        lead: mean(&|r| r.lead),
        seconds,
        summarize_seconds: results.iter().map(|r| r.seconds).sum(),
        fit,
        docs,
        results,
    })
}

impl SummaryReport {
    /// One JSON object per document: id, lang, k, prediction, lead, reference (sentences joined
    /// by newlines), title, sentences (the article as split by nutgraf), summarize_us.
    pub fn prediction_records(&self) -> Vec<serde_json::Value> {
        self.docs
            .iter()
            .zip(&self.results)
            .map(|(d, r)| {
                let lead: Vec<usize> = (0..r.k.min(d.sentences.len())).collect();
                serde_json::json!({
                    "id": d.id,
                    "lang": d.lang(),
                    "k": r.k,
                    "prediction": d.sentence_texts(&r.picked).join("\n"),
                    "lead": d.sentence_texts(&lead).join("\n"),
                    "reference": d.reference.join("\n"),
                    "title": d.title,
                    "sentences": d.sentence_texts(&(0..d.sentences.len()).collect::<Vec<_>>()),
                    "summarize_us": (r.seconds * 1e6).round(),
                })
            })
            .collect()
    }
}

/// The report as `nutgraf eval summary` prints it (ROUGE table and speed).
impl fmt::Display for SummaryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let klabel = match self.k {
            None => "k=reference".to_string(),
            Some(k) => format!("k={k}"),
        };
        writeln!(
            f,
            "{}/{} n={} {} ({} tokenization, {:.1}s incl. ROUGE)",
            self.dataset,
            self.split,
            self.results.len(),
            klabel,
            if self.english {
                "English+stem"
            } else {
                "\\w+ no stem"
            },
            self.seconds
        )?;
        writeln!(f, "              R1     R2     RL   RLsum")?;
        for (name, r) in [("nutgraf", &self.nutgraf), ("lead-k", &self.lead)] {
            let [a, b, c, d] = r.to_array();
            writeln!(f, "{name:<10} {a:6.2} {b:6.2} {c:6.2} {d:6.2}")?;
        }
        let n = self.results.len().max(1) as f64;
        let busy = self.summarize_seconds;
        writeln!(
            f,
            "summarizing alone: {:.0} documents/s per core ({:.3} ms each; sentence split excluded)",
            n / busy.max(1e-9),
            1000.0 * busy / n
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_reference_split() {
        let s =
            split_glued("Profits rose 5% to $1.5bn.For the year, it said \"fine.\"Next one! Last");
        assert_eq!(
            s,
            [
                "Profits rose 5% to $1.5bn.",
                "For the year, it said \"fine.\"",
                "Next one!",
                "Last"
            ]
        );
    }

    #[test]
    fn klexikon_lead_by_hand() {
        // one German document: the lead sentence "a b c" against the reference "a b x" + "y"
        let dir = std::env::temp_dir().join(format!("nutgraf-eval-summary-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("klexikon")).unwrap();
        let line = serde_json::json!({
            "title": "T",
            "wiki_text": "a b c\n  d e f  \n\nx y\n",
            "klexikon_text": "a b x\ny\n",
        });
        let f = std::fs::File::create(dir.join("klexikon/test.jsonl.gz")).unwrap();
        let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, format!("{line}\n").as_bytes()).unwrap();
        gz.finish().unwrap();
        let docs = load_docs(&dir, "klexikon", "test").unwrap();
        assert_eq!(
            docs[0].sentence_texts(&[0, 1, 2]),
            ["a b c", "d e f", "x y"]
        );
        let opts = SummaryEvalOptions {
            sentences: Some(1),
            ..SummaryEvalOptions::default()
        };
        let r = evaluate(&dir, "klexikon", "test", &opts).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!((r.k, r.english, r.results.len()), (Some(1), false, 1));
        assert_eq!(r.results[0].k, 1);
        // P = 2/3, R = 2/4: F1 = 4/7; the report is in percent
        assert!((r.lead.rouge1 - 400.0 / 7.0).abs() < 1e-9, "{:?}", r.lead);
        assert!((r.lead.rouge2 - 40.0).abs() < 1e-9, "{:?}", r.lead);
        let recs = r.prediction_records();
        assert_eq!(recs[0]["lead"], "a b c");
        assert_eq!(recs[0]["reference"], "a b x\ny");
        let text = r.to_string();
        assert!(
            text.starts_with("klexikon/test n=1 k=1 (\\w+ no stem"),
            "{text}"
        );
        assert!(text.contains("\nlead-k      57.14  40.00"), "{text}");
    }

    #[test]
    fn bad_names_are_config_errors() {
        let dir = std::env::temp_dir();
        assert!(matches!(
            load_docs(&dir, "nope", "test"),
            Err(Error::Config(m)) if m == "unknown dataset \"nope\" (bbc, klexikon)"
        ));
    }
}
