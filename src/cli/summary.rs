//! `nutgraf eval summary`: ROUGE of nutgraf's summaries next to the lead baseline.
//!
//! Conventions (EVAL.md): English text is lowercased, every non-`[a-z0-9]` character becomes a
//! space, tokens longer than 3 characters are stemmed (here: Snowball English, i.e. Porter2;
//! Google's `rouge-score` uses NLTK's Porter, so numbers can differ slightly: use
//! `scripts/rouge_eval.py` on the `--predictions` file for the reference implementation).
//! German: `\w+` tokens of the lowercased text, no stemming. ROUGE-Lsum uses one sentence per line.

use crate::datasets as data;
use crate::error::{Error, Result};
use crate::summary::{analyze, Summarizer, SummaryLength, Weights, FEATURE_NAMES, N_FEATURES};
use crate::types::Span;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `nutgraf eval summary`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// bbc | klexikon
    #[arg(long)]
    pub dataset: String,
    /// Folder with the shared datasets.
    #[arg(long, default_value = "../shared/data")]
    pub data_dir: PathBuf,
    /// Split: bbc `test` | `train`; klexikon `test` | `validation` | `train`.
    #[arg(long, default_value = "test")]
    pub split: String,
    /// Summary length in sentences (default: 3 for bbc, 15 for klexikon).
    #[arg(long)]
    pub sentences: Option<usize>,
    /// Use as many sentences as the reference has.
    #[arg(long)]
    pub k_from_reference: bool,
    /// MMR redundancy penalty (default: the built-in value).
    #[arg(long)]
    pub redundancy: Option<f32>,
    /// Override one scorer weight: `NAME=VALUE` (feature name or `bias`); repeatable.
    #[arg(long = "weight")]
    pub weight: Vec<String>,
    /// Fit the scorer weights by logistic regression on this split (BBC only) and print them.
    #[arg(long)]
    pub fit: bool,
    /// Write one JSON line per document: id, lang, k, prediction, lead, reference (sentences joined
    /// by newlines), title, sentences (the article as split by nutgraf), summarize_us.
    #[arg(long)]
    pub predictions: Option<PathBuf>,
}

/// Per document: chosen sentence indices, k, ROUGE of nutgraf, ROUGE of the lead, seconds spent
/// summarizing.
type DocResult = (Vec<usize>, usize, [f64; 4], [f64; 4], f64);

/// One evaluation document.
struct Doc {
    id: String,
    title: String,
    text: String,
    sentences: Vec<Span>,
    reference: Vec<String>,
    english: bool,
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

fn load(a: &EvalArgs) -> Result<Vec<Doc>> {
    let data = &a.data_dir;
    match a.dataset.as_str() {
        "bbc" => {
            let docs = data::bbc(data)?;
            let (train, test) = data::bbc_split(data)?;
            let ids = match a.split.as_str() {
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
                    Ok(Doc {
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
            let docs = data::klexikon(data, &a.split)?;
            Ok(docs
                .into_iter()
                .map(|d| Doc {
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

/// ROUGE tokenization (see the module docs).
pub fn rouge_tokens(s: &str, english: bool) -> Vec<String> {
    thread_local! {
        static STEM: rust_stemmers::Stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    }
    let lower = s.to_lowercase();
    if english {
        let cleaned: String = lower
            .chars()
            .map(|c| {
                if c.is_ascii_lowercase() || c.is_ascii_digit() {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        STEM.with(|st| {
            cleaned
                .split_whitespace()
                .map(|w| {
                    if w.len() > 3 {
                        st.stem(w).into_owned()
                    } else {
                        w.to_string()
                    }
                })
                .collect()
        })
    } else {
        lower
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }
}

fn ngrams(t: &[String], n: usize) -> HashMap<&[String], usize> {
    let mut m = HashMap::new();
    if t.len() >= n {
        for w in t.windows(n) {
            *m.entry(w).or_insert(0) += 1;
        }
    }
    m
}

fn f1(hits: f64, n_pred: f64, n_ref: f64) -> f64 {
    if hits == 0.0 || n_pred == 0.0 || n_ref == 0.0 {
        return 0.0;
    }
    let p = hits / n_pred;
    let r = hits / n_ref;
    2.0 * p * r / (p + r)
}

fn rouge_n(pred: &[String], refr: &[String], n: usize) -> f64 {
    let a = ngrams(pred, n);
    let b = ngrams(refr, n);
    let hits: usize = a
        .iter()
        .map(|(g, c)| (*c).min(*b.get(g).unwrap_or(&0)))
        .sum();
    f1(
        hits as f64,
        a.values().sum::<usize>() as f64,
        b.values().sum::<usize>() as f64,
    )
}

/// LCS table (lengths) of two token sequences.
fn lcs_table(a: &[String], b: &[String]) -> Vec<Vec<u32>> {
    let mut t = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            t[i][j] = if a[i - 1] == b[j - 1] {
                t[i - 1][j - 1] + 1
            } else {
                t[i - 1][j].max(t[i][j - 1])
            };
        }
    }
    t
}

fn rouge_l(pred: &[String], refr: &[String]) -> f64 {
    if pred.is_empty() || refr.is_empty() {
        return 0.0;
    }
    let t = lcs_table(refr, pred);
    f1(
        t[refr.len()][pred.len()] as f64,
        pred.len() as f64,
        refr.len() as f64,
    )
}

/// Indices of `r` on one LCS path with `c`.
fn lcs_indices(r: &[String], c: &[String]) -> Vec<usize> {
    let t = lcs_table(r, c);
    let (mut i, mut j) = (r.len(), c.len());
    let mut out = Vec::new();
    while i > 0 && j > 0 {
        if r[i - 1] == c[j - 1] {
            out.push(i - 1);
            i -= 1;
            j -= 1;
        } else if t[i - 1][j] > t[i][j - 1] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    out
}

/// Summary-level ROUGE-L (ROUGE-Lsum, union LCS as in `rouge-score`).
fn rouge_lsum(pred: &[Vec<String>], refr: &[Vec<String>]) -> f64 {
    let m: usize = refr.iter().map(|s| s.len()).sum();
    let n: usize = pred.iter().map(|s| s.len()).sum();
    if m == 0 || n == 0 {
        return 0.0;
    }
    let mut cnt_r: HashMap<&str, i64> = HashMap::new();
    let mut cnt_c: HashMap<&str, i64> = HashMap::new();
    for s in refr {
        for t in s {
            *cnt_r.entry(t).or_insert(0) += 1;
        }
    }
    for s in pred {
        for t in s {
            *cnt_c.entry(t).or_insert(0) += 1;
        }
    }
    let mut hits = 0usize;
    for r in refr {
        let mut union: Vec<usize> = pred.iter().flat_map(|c| lcs_indices(r, c)).collect();
        union.sort_unstable();
        union.dedup();
        for i in union {
            let t = r[i].as_str();
            let (cr, cc) = (
                cnt_r.get(t).copied().unwrap_or(0),
                cnt_c.get(t).copied().unwrap_or(0),
            );
            if cr > 0 && cc > 0 {
                hits += 1;
                *cnt_r.get_mut(t).unwrap() -= 1;
                *cnt_c.get_mut(t).unwrap() -= 1;
            }
        }
    }
    f1(hits as f64, n as f64, m as f64)
}

/// R1, R2, RL, RLsum F1 of one prediction (sentences) against one reference (sentences).
fn rouge_all(pred: &[&str], refr: &[String], english: bool) -> [f64; 4] {
    let ps: Vec<Vec<String>> = pred.iter().map(|s| rouge_tokens(s, english)).collect();
    let rs: Vec<Vec<String>> = refr.iter().map(|s| rouge_tokens(s, english)).collect();
    let pf: Vec<String> = ps.concat();
    let rf: Vec<String> = rs.concat();
    [
        rouge_n(&pf, &rf, 1),
        rouge_n(&pf, &rf, 2),
        rouge_l(&pf, &rf),
        rouge_lsum(&ps, &rs),
    ]
}

fn sentence_texts<'a>(d: &'a Doc, idx: &[usize]) -> Vec<&'a str> {
    idx.iter()
        .map(|&i| &d.text[d.sentences[i].start..d.sentences[i].end])
        .collect()
}

/// Labels of the sentences of a BBC document: is the sentence part of the reference?
fn sentence_labels(d: &Doc) -> Vec<bool> {
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

fn fit(docs: &[Doc]) -> Weights {
    let mut xs: Vec<[f32; N_FEATURES]> = Vec::new();
    let mut ys: Vec<f32> = Vec::new();
    for d in docs {
        let an = analyze(
            &d.text,
            &d.sentences,
            if d.english { "en" } else { "de" },
            Some(&d.title),
        );
        for (f, y) in an.features.into_iter().zip(sentence_labels(d)) {
            xs.push(f);
            ys.push(if y { 1.0 } else { 0.0 });
        }
    }
    eprintln!(
        "fitting on {} sentences ({:.1}% in the reference)",
        xs.len(),
        100.0 * ys.iter().sum::<f32>() / ys.len().max(1) as f32
    );
    // full-batch gradient descent with momentum on the logistic loss
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
    for k in 0..N_FEATURES {
        out.w[k] = (w[k] * 1000.0).round() as f32 / 1000.0;
        eprintln!("  {:<20} {:+.3}", FEATURE_NAMES[k], out.w[k]);
    }
    out.bias = (out.bias * 1000.0).round() / 1000.0;
    eprintln!("  bias {:+.3}", out.bias);
    out
}

pub fn eval(a: EvalArgs) -> Result<i32> {
    let docs = load(&a)?;
    let english = docs.first().is_some_and(|d| d.english);
    let builtin = Summarizer::builtin()?;
    let mut weights = builtin.weights().clone();
    let mut long = builtin.long_weights().clone();
    if a.fit {
        weights = fit(&docs);
    }
    // overrides apply to both weight sets
    for w in [&mut weights, &mut long] {
        if let Some(r) = a.redundancy {
            w.redundancy = r;
        }
        for kv in &a.weight {
            let bad = || Error::Config(format!("--weight {kv:?}: expected NAME=VALUE"));
            let (k, v) = kv.split_once('=').ok_or_else(bad)?;
            let v: f32 = v.parse().map_err(|_| bad())?;
            if k == "bias" {
                w.bias = v;
            } else {
                let i = FEATURE_NAMES.iter().position(|n| *n == k).ok_or_else(bad)?;
                w.w[i] = v;
            }
        }
    }
    let summarizer = Summarizer::with_weights(weights, long);
    let default_k = if a.dataset == "klexikon" { 15 } else { 3 };
    let t0 = std::time::Instant::now();
    let results: Vec<DocResult> = docs
        .par_iter()
        .map(|d| {
            let k = if a.k_from_reference {
                d.reference.len().max(1)
            } else {
                a.sentences.unwrap_or(default_k)
            };
            let lang = if d.english { "en" } else { "de" };
            let t = std::time::Instant::now();
            let picked: Vec<usize> = summarizer
                .summarize(
                    &d.text,
                    &d.sentences,
                    lang,
                    Some(&d.title),
                    SummaryLength::Sentences(k),
                )
                .into_iter()
                .map(|x| x.0)
                .collect();
            let took = t.elapsed().as_secs_f64();
            let lead: Vec<usize> = (0..k.min(d.sentences.len())).collect();
            let r_pred = rouge_all(&sentence_texts(d, &picked), &d.reference, d.english);
            let r_lead = rouge_all(&sentence_texts(d, &lead), &d.reference, d.english);
            (picked, k, r_pred, r_lead, took)
        })
        .collect();
    let secs = t0.elapsed().as_secs_f64();
    let n = results.len().max(1) as f64;
    let mean = |f: &dyn Fn(&DocResult) -> [f64; 4]| -> [f64; 4] {
        let mut m = [0.0; 4];
        for r in &results {
            let x = f(r);
            for i in 0..4 {
                m[i] += 100.0 * x[i] / n;
            }
        }
        m
    };
    let p = mean(&|r| r.2);
    let l = mean(&|r| r.3);
    let klabel = if a.k_from_reference {
        "k=reference".to_string()
    } else {
        format!("k={}", a.sentences.unwrap_or(default_k))
    };
    println!(
        "{}/{} n={} {} ({} tokenization, {:.1}s incl. ROUGE)",
        a.dataset,
        a.split,
        results.len(),
        klabel,
        if english {
            "English+stem"
        } else {
            "\\w+ no stem"
        },
        secs
    );
    println!("              R1     R2     RL   RLsum");
    println!(
        "nutgraf    {:6.2} {:6.2} {:6.2} {:6.2}",
        p[0], p[1], p[2], p[3]
    );
    println!(
        "lead-k     {:6.2} {:6.2} {:6.2} {:6.2}",
        l[0], l[1], l[2], l[3]
    );
    let busy: f64 = results.iter().map(|r| r.4).sum();
    println!(
        "summarizing alone: {:.0} documents/s per core ({:.3} ms each; sentence split excluded)",
        n / busy.max(1e-9),
        1000.0 * busy / n
    );
    if let Some(path) = &a.predictions {
        write_predictions(path, &docs, &results)?;
    }
    Ok(0)
}

fn write_predictions(path: &Path, docs: &[Doc], results: &[DocResult]) -> Result<()> {
    let f = std::fs::File::create(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    let mut w = std::io::BufWriter::new(f);
    for (d, r) in docs.iter().zip(results) {
        let lead: Vec<usize> = (0..r.1.min(d.sentences.len())).collect();
        let rec = serde_json::json!({
            "id": d.id,
            "lang": if d.english { "en" } else { "de" },
            "k": r.1,
            "prediction": sentence_texts(d, &r.0).join("\n"),
            "lead": sentence_texts(d, &lead).join("\n"),
            "reference": d.reference.join("\n"),
            "title": d.title,
            "sentences": sentence_texts(d, &(0..d.sentences.len()).collect::<Vec<_>>()),
            "summarize_us": (r.4 * 1e6).round(),
        });
        writeln!(w, "{rec}").map_err(|e| Error::io(path.display().to_string(), e))?;
    }
    Ok(())
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
    fn rouge_basics() {
        let t = |s: &str| rouge_tokens(s, true);
        assert_eq!(t("The Cats' running!"), ["the", "cat", "run"]);
        assert_eq!(
            rouge_tokens("Für die Straße", false),
            ["für", "die", "straße"]
        );
        let a = t("the cat sat on the mat");
        assert!((rouge_n(&a, &a, 1) - 1.0).abs() < 1e-9);
        assert!((rouge_l(&a, &a) - 1.0).abs() < 1e-9);
        let b = t("the cat was on the mat");
        assert!((rouge_n(&a, &b, 1) - 5.0 / 6.0).abs() < 1e-9);
        assert!((rouge_n(&a, &b, 2) - 3.0 / 5.0).abs() < 1e-9);
        let ls = rouge_lsum(std::slice::from_ref(&a), std::slice::from_ref(&b));
        assert!((ls - rouge_l(&a, &b)).abs() < 1e-9);
    }
}
