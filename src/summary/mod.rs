//! Extractive summaries: sentence features, the linear scorer with its built-in weights, and
//! the MMR selection ([`Summarizer`]). Gets sentences as spans; knows no dataset and no file
//! (evaluation and the weight fit live in `crate::eval::summary`).
//!
//! Every sentence gets a salience score from a small linear model over features computed in
//! linear time (no sentence-by-sentence similarity graph, so 100,000-word documents are fine):
//! - **centrality**: cosine between the sentence's TF-IDF vector and the document centroid
//!   (the sentence itself left out), IDF from sentence frequencies inside the document;
//! - **frequency**: summed document frequency of the sentence's content words (Luhn style);
//! - **position**: news lead prior (first sentence, `1/(1+i)`, relative position);
//! - **length**: log word count, with a penalty for fragments shorter than 5 words;
//! - **title overlap**: cosine with the title;
//! - **paragraph start**.
//!
//! The continuous features are standardized within the document. Sentences are then chosen
//! greedily by maximal marginal relevance (score minus `redundancy` × the highest cosine to an
//! already chosen sentence) and returned in story order. The weights ([`Weights::default`]) are
//! a logistic regression fitted on the BBC News *train* ids (whose reference summaries are
//! sentences copied from the article): `nutgraf eval summary --dataset bbc --fit`.

pub(crate) mod fasthash;
pub(crate) mod stopwords;

use crate::error::Result;
use crate::types::Span;
use fasthash::{for_each_word, FastMap};
use std::sync::{Arc, OnceLock};

/// How long a summary should be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SummaryLength {
    /// A number of sentences.
    Sentences(usize),
    /// About this many words (whole sentences, at least one).
    Words(usize),
    /// A fraction of the document's sentences, in `(0, 1]`.
    Ratio(f32),
}

/// Number of sentence features.
pub const N_FEATURES: usize = 13;

/// Names of the sentence features, in weight order.
pub const FEATURE_NAMES: [&str; N_FEATURES] = [
    "centrality_z",
    "centrality_tf_z",
    "frequency_sum_z",
    "frequency_mean_z",
    "top_words_z",
    "log_length_z",
    "short_fragment",
    "first_sentence",
    "inverse_position",
    "relative_position",
    "title_overlap",
    "paragraph_start",
    "quote",
];

/// Weights of the sentence scorer.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    /// One weight per feature ([`FEATURE_NAMES`]).
    pub w: [f32; N_FEATURES],
    /// Intercept.
    pub bias: f32,
    /// MMR redundancy penalty (0 = none).
    pub redundancy: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            w: [
                0.525, 2.090, -0.079, -0.078, 0.052, 0.3, -0.498, -0.504, 0.372, 0.067, 0.251,
                -0.005, 0.062,
            ],
            bias: -0.652,
            redundancy: 0.3,
        }
    }
}

impl Weights {
    /// Weights for long documents (more than [`LONG_DOCUMENT`] sentences): the news weights with
    /// more TF-IDF and less TF centrality, a stronger lead prior, a stronger penalty for
    /// fragments; tuned by hand on the
    /// Klexikon validation split (German Wikipedia articles).
    pub fn long_default() -> Self {
        let mut w = Weights::default();
        w.w[0] = 1.5; // centrality_z
        w.w[1] = 1.0; // centrality_tf_z
        w.w[6] = -2.0; // short_fragment
        w.w[8] = 5.0; // inverse_position
        w.w[9] = -1.0; // relative_position
        w
    }
}

/// Documents with more sentences than this use [`Weights::long_default`].
pub const LONG_DOCUMENT: usize = 60;

/// An extractive summarizer (`Send + Sync`).
#[derive(Clone, Debug)]
pub struct Summarizer {
    weights: Weights,
    long_weights: Weights,
}

impl Default for Summarizer {
    fn default() -> Self {
        Summarizer {
            weights: Weights::default(),
            long_weights: Weights::long_default(),
        }
    }
}

/// Sparse vector over document term ids.
type SVec = Vec<(u32, f32)>;

/// Term counts of a bag of term ids, as a sparse vector sorted by id.
fn counts(mut ids: Vec<u32>) -> SVec {
    ids.sort_unstable();
    let mut out: SVec = Vec::new();
    for id in ids {
        match out.last_mut() {
            Some(l) if l.0 == id => l.1 += 1.0,
            _ => out.push((id, 1.0)),
        }
    }
    out
}

/// Dot product of a sparse vector with a dense one (indexed by term id).
fn dot(a: &SVec, b: &[f32]) -> f32 {
    a.iter().map(|(t, v)| v * b[*t as usize]).sum()
}

fn dot_sorted(a: &SVec, b: &SVec) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

fn standardize(v: &mut [f32]) {
    let n = v.len() as f32;
    if n < 2.0 {
        v.iter_mut().for_each(|x| *x = 0.0);
        return;
    }
    let m = v.iter().sum::<f32>() / n;
    let sd = (v.iter().map(|x| (x - m) * (x - m)).sum::<f32>() / n).sqrt();
    v.iter_mut()
        .for_each(|x| *x = if sd > 1e-6 { (*x - m) / sd } else { 0.0 });
}

/// Per-sentence features and vectors of one document.
pub struct Analysis {
    /// Feature rows, one per sentence.
    pub features: Vec<[f32; N_FEATURES]>,
    /// L2-normalized TF-IDF vectors (sorted by term id).
    vectors: Vec<SVec>,
    /// Word counts.
    pub lengths: Vec<usize>,
}

/// Computes the sentence features of a document (linear in its length).
pub fn analyze(text: &str, sentences: &[Span], lang: &str, title: Option<&str>) -> Analysis {
    let stop = stopwords::set(lang);
    let n = sentences.len();
    let mut vocab: FastMap<String, u32> = FastMap::default();
    let mut is_stop: Vec<bool> = Vec::new();
    let mut toks: Vec<Vec<u32>> = Vec::with_capacity(n);
    let mut quote = Vec::with_capacity(n);
    let mut buf = String::new();
    for s in sentences {
        let seg = text
            .get(s.start.min(text.len())..s.end.min(text.len()))
            .unwrap_or("");
        quote.push(seg.contains(['"', '“', '”', '„', '«', '»']));
        let mut ids = Vec::with_capacity(seg.len() / 5);
        for_each_word(seg, &mut buf, |w| {
            let id = match vocab.get(w) {
                Some(&id) => id,
                None => {
                    let id = vocab.len() as u32;
                    is_stop.push(
                        stop.is_some_and(|l| l.contains(w)) || !w.chars().any(char::is_alphabetic),
                    );
                    vocab.insert(w.to_string(), id);
                    id
                }
            };
            ids.push(id);
        });
        toks.push(ids);
    }
    let v = vocab.len();
    let mut sf = vec![0u32; v];
    let mut tf = vec![0u32; v];
    // sentence frequency without sorting: remember the last sentence that counted a word
    let mut last_seen = vec![u32::MAX; v];
    for (si, t) in toks.iter().enumerate() {
        for &i in t {
            tf[i as usize] += 1;
            if last_seen[i as usize] != si as u32 {
                last_seen[i as usize] = si as u32;
                sf[i as usize] += 1;
            }
        }
    }
    let nf = n.max(1) as f32;
    let idf: Vec<f32> = sf
        .iter()
        .map(|&d| ((nf + 1.0) / (d as f32 + 0.5)).ln())
        .collect();
    // content words: not in the stop-word list; without a list, rarer than in a third of the
    // sentences (or any word in tiny documents)
    let content = |i: u32| {
        !is_stop[i as usize] && (stop.is_some() || n < 6 || (sf[i as usize] as f32) < nf / 3.0)
    };
    let max_tf = tf
        .iter()
        .enumerate()
        .filter(|(i, _)| content(*i as u32))
        .map(|x| *x.1)
        .max()
        .unwrap_or(1)
        .max(1) as f32;

    let vec_of = |ids: &[u32]| -> SVec {
        let mut out = counts(ids.to_vec());
        for e in &mut out {
            e.1 = (1.0 + e.1.ln()) * idf[e.0 as usize];
        }
        let norm = out.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            out.iter_mut().for_each(|e| e.1 /= norm);
        }
        out
    };
    let vectors: Vec<SVec> = toks.iter().map(|t| vec_of(t)).collect();
    // dense centroids indexed by term id: deterministic sums (no hash-order dependence)
    let mut centroid = vec![0f32; v];
    for vct in &vectors {
        for &(t, x) in vct {
            centroid[t as usize] += x;
        }
    }
    let title_vec: SVec = match title {
        Some(t) => {
            let mut ids: Vec<u32> = Vec::new();
            for_each_word(t, &mut buf, |w| ids.extend(vocab.get(w).copied()));
            vec_of(&ids)
        }
        None => Vec::new(),
    };

    // top content words by document frequency
    let mut by_tf: Vec<u32> = (0..v as u32).filter(|&i| content(i)).collect();
    let order = |a: &u32, b: &u32| tf[*b as usize].cmp(&tf[*a as usize]).then(a.cmp(b));
    if by_tf.len() > 10 {
        by_tf.select_nth_unstable_by(10, order);
    }
    let mut top = vec![false; v];
    for &i in by_tf.iter().take(10) {
        top[i as usize] = true;
    }
    // tf centrality over content words
    let tf_vecs: Vec<SVec> = toks
        .iter()
        .map(|t| {
            let mut out = counts(t.iter().copied().filter(|&i| content(i)).collect());
            let norm = out.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                out.iter_mut().for_each(|e| e.1 /= norm);
            }
            out
        })
        .collect();
    let mut tf_centroid = vec![0f32; v];
    for vct in &tf_vecs {
        for &(t, x) in vct {
            tf_centroid[t as usize] += x;
        }
    }
    let mut cent_tf: Vec<f32> = tf_vecs
        .iter()
        .map(|vct| dot(vct, &tf_centroid) - vct.iter().map(|e| e.1 * e.1).sum::<f32>())
        .collect();
    let mut topw: Vec<f32> = toks
        .iter()
        .map(|t| t.iter().filter(|&&i| top[i as usize]).count() as f32)
        .collect();
    standardize(&mut cent_tf);
    standardize(&mut topw);

    let mut cent = Vec::with_capacity(n);
    let mut fsum = Vec::with_capacity(n);
    let mut fmean = Vec::with_capacity(n);
    let mut len = Vec::with_capacity(n);
    for (i, vct) in vectors.iter().enumerate() {
        // centroid without the sentence itself
        let self_dot: f32 = vct.iter().map(|e| e.1 * e.1).sum();
        cent.push(dot(vct, &centroid) - self_dot);
        let fs: f32 = toks[i]
            .iter()
            .filter(|&&t| content(t))
            .map(|&t| tf[t as usize] as f32 / max_tf)
            .sum();
        fsum.push(fs);
        let nc = toks[i].iter().filter(|&&t| content(t)).count().max(1);
        fmean.push(fs / nc as f32);
        len.push((1.0 + toks[i].len() as f32).ln());
    }
    // normalize centrality by the centroid norm (cosine up to a document constant)
    let c_norm = centroid.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
    cent.iter_mut().for_each(|x| *x /= c_norm);
    standardize(&mut cent);
    standardize(&mut fsum);
    standardize(&mut fmean);
    standardize(&mut len);

    let mut features = Vec::with_capacity(n);
    for (i, s) in sentences.iter().enumerate() {
        // a paragraph starts after a blank line (two line breaks since the previous sentence)
        let prev_end = if i == 0 { 0 } else { sentences[i - 1].end };
        let para = i == 0
            || text
                .get(prev_end.min(s.start)..s.start)
                .is_some_and(|gap| gap.matches('\n').count() >= 2);
        features.push([
            cent[i],
            cent_tf[i],
            fsum[i],
            fmean[i],
            topw[i],
            len[i],
            if toks[i].len() < 5 { 1.0 } else { 0.0 },
            if i == 0 { 1.0 } else { 0.0 },
            1.0 / (1.0 + i as f32),
            i as f32 / nf,
            dot_sorted(&vectors[i], &title_vec),
            if para { 1.0 } else { 0.0 },
            if quote[i] { 1.0 } else { 0.0 },
        ]);
    }
    Analysis {
        features,
        vectors,
        lengths: toks.iter().map(|t| t.len()).collect(),
    }
}

impl Summarizer {
    /// The built-in summarizer (weights fitted on the BBC train ids, see the module docs).
    pub fn builtin() -> Result<Arc<Summarizer>> {
        static CELL: OnceLock<Arc<Summarizer>> = OnceLock::new();
        Ok(CELL.get_or_init(|| Arc::new(Summarizer::default())).clone())
    }

    /// A summarizer with custom weights for news-length and for long documents.
    pub fn with_weights(weights: Weights, long_weights: Weights) -> Self {
        Summarizer {
            weights,
            long_weights,
        }
    }

    /// The weights for documents of up to [`LONG_DOCUMENT`] sentences.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The weights for longer documents.
    pub fn long_weights(&self) -> &Weights {
        &self.long_weights
    }

    fn weights_for(&self, n: usize) -> &Weights {
        if n > LONG_DOCUMENT {
            &self.long_weights
        } else {
            &self.weights
        }
    }

    /// Salience of every sentence (linear score, higher is more central).
    pub fn scores(&self, a: &Analysis) -> Vec<f32> {
        let wt = self.weights_for(a.features.len());
        a.features
            .iter()
            .map(|f| wt.bias + f.iter().zip(&wt.w).map(|(x, w)| x * w).sum::<f32>())
            .collect()
    }

    /// Scores sentences and picks the summary; returns (sentence index, score) in story order.
    ///
    /// `sentences` are byte spans into `text`; `lang` (ISO 639-1) picks the stop-word list of
    /// the frequency features (en, de; others use in-document frequencies); `title` adds a
    /// title-overlap feature.
    pub fn summarize(
        &self,
        text: &str,
        sentences: &[Span],
        lang: &str,
        title: Option<&str>,
        length: SummaryLength,
    ) -> Vec<(usize, f32)> {
        let n = sentences.len();
        if n == 0 {
            return Vec::new();
        }
        let a = analyze(text, sentences, lang, title);
        let scores = self.scores(&a);
        let redundancy = self.weights_for(n).redundancy;
        let (k_max, words_max) = match length {
            SummaryLength::Sentences(k) => (k.min(n), usize::MAX),
            SummaryLength::Words(w) => (n, w),
            SummaryLength::Ratio(r) => (
                ((r.clamp(0.0, 1.0) * n as f32).ceil() as usize).clamp(1, n),
                usize::MAX,
            ),
        };
        if k_max == 0 || words_max == 0 {
            return Vec::new();
        }
        // squash scores to (0, 1) so that the redundancy penalty has a fixed scale
        let sal: Vec<f32> = scores.iter().map(|&s| 1.0 / (1.0 + (-s).exp())).collect();
        let mut chosen: Vec<usize> = Vec::new();
        let mut max_sim = vec![0f32; n];
        let mut taken = vec![false; n];
        let mut words = 0usize;
        // Only the best candidates can win; bound the MMR loop for very long documents.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| sal[b].total_cmp(&sal[a]));
        let pool_size = n.min((k_max.min(n)).saturating_mul(8).max(64));
        let pool = &order[..pool_size.min(n)];
        while chosen.len() < k_max && words < words_max {
            let best = pool
                .iter()
                .copied()
                .filter(|&i| !taken[i] && a.lengths[i] > 0)
                .max_by(|&x, &y| {
                    let fx = sal[x] - redundancy * max_sim[x];
                    let fy = sal[y] - redundancy * max_sim[y];
                    fx.total_cmp(&fy).then(y.cmp(&x))
                });
            let Some(b) = best else { break };
            taken[b] = true;
            chosen.push(b);
            words += a.lengths[b];
            if redundancy > 0.0 {
                for &i in pool {
                    if !taken[i] {
                        let s = dot_sorted(&a.vectors[i], &a.vectors[b]);
                        if s > max_sim[i] {
                            max_sim[i] = s;
                        }
                    }
                }
            }
        }
        if chosen.is_empty() {
            // every sentence is empty of words: fall back to the lead
            chosen.push(0);
        }
        chosen.sort_unstable();
        chosen.into_iter().map(|i| (i, sal[i])).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::features::words;

    fn spans(text: &str) -> Vec<Span> {
        // simple splitter for tests: ". " boundaries
        let mut out = Vec::new();
        let mut start = 0;
        for (i, _) in text.match_indices(". ") {
            out.push(Span { start, end: i + 1 });
            start = i + 2;
        }
        if start < text.len() {
            out.push(Span {
                start,
                end: text.len(),
            });
        }
        out
    }

    const DOC: &str = "The central bank raised interest rates by half a point on Tuesday. \
        Markets fell sharply after the central bank decision on interest rates. \
        The weather was sunny in the capital. \
        Analysts said the interest rate rise would slow inflation and the economy. \
        A local football club won its match. \
        The bank said further rate rises were possible if inflation stays high.";

    #[test]
    fn story_order_and_length() {
        let s = Summarizer::builtin().unwrap();
        let sp = spans(DOC);
        assert_eq!(sp.len(), 6);
        for k in 1..=6 {
            let r = s.summarize(DOC, &sp, "en", None, SummaryLength::Sentences(k));
            assert_eq!(r.len(), k);
            assert!(r.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(r.iter().all(|x| (0.0..=1.0).contains(&x.1)));
        }
        let r = s.summarize(DOC, &sp, "en", None, SummaryLength::Sentences(10));
        assert_eq!(r.len(), 6);
        let r = s.summarize(
            DOC,
            &sp,
            "en",
            Some("Bank raises rates"),
            SummaryLength::Sentences(2),
        );
        assert_eq!(r[0].0, 0);
        let r = s.summarize(DOC, &sp, "en", None, SummaryLength::Words(15));
        let w: usize = r
            .iter()
            .map(|x| words(&DOC[sp[x.0].start..sp[x.0].end]).len())
            .sum();
        assert!(w >= 15 && r.len() <= 2, "{r:?}");
        let r = s.summarize(DOC, &sp, "en", None, SummaryLength::Ratio(0.5));
        assert_eq!(r.len(), 3);
        // off-topic sentences are not chosen for a short summary
        let r = s.summarize(DOC, &sp, "en", None, SummaryLength::Sentences(3));
        assert!(!r.iter().any(|x| x.0 == 2 || x.0 == 4), "{r:?}");
    }

    #[test]
    fn degenerate_inputs() {
        let s = Summarizer::builtin().unwrap();
        assert!(s
            .summarize("", &[], "en", None, SummaryLength::Sentences(3))
            .is_empty());
        let t = "Only one sentence here.";
        let r = s.summarize(
            t,
            &[Span {
                start: 0,
                end: t.len(),
            }],
            "en",
            None,
            SummaryLength::Sentences(3),
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].0, 0);
        let r = s.summarize(t, &spans(t), "en", None, SummaryLength::Sentences(0));
        assert!(r.is_empty());
        // spans without words
        let t = "... !!! ???";
        let r = s.summarize(t, &spans(t), "en", None, SummaryLength::Sentences(1));
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn long_document_is_fast() {
        let mut doc = String::new();
        for i in 0..10_000 {
            doc.push_str(&format!(
                "Sentence number {i} talks about topic {} and item {}. ",
                i % 37,
                i % 101
            ));
        }
        let sp = spans(&doc);
        assert_eq!(sp.len(), 10_000);
        let t = std::time::Instant::now();
        let r = Summarizer::builtin().unwrap().summarize(
            &doc,
            &sp,
            "en",
            None,
            SummaryLength::Sentences(15),
        );
        assert_eq!(r.len(), 15);
        assert!(t.elapsed().as_secs_f64() < 5.0);
    }

    #[test]
    fn send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Summarizer>();
    }
}
