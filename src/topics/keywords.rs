//! Keyword-seeded topics: a topic model built from a few seed terms per label, without
//! training data ([`KeywordOptions`], `TopicModel::from_keywords*`). Takes the seeds as values
//! (reading seed files is `crate::train::topics`'); borrows the entity models' word clusters.
//!
//! Each label's score combines two linear parts over the same hashed features as the built-in
//! model, so the result is an ordinary [`TopicModel`] (save, load, use in an analyzer):
//! - **lexical**: similarity of the text to the seed terms (word and character n-grams, so
//!   inflections and compounds match too), optionally widened with words of the same word
//!   cluster as a seed word (the German and English clusters that ship with the entity models);
//! - **transfer**: what the built-in news model knows. The seeds of a label are scored by the
//!   built-in model; the label's direction in the built-in taxonomy (its built-in topic
//!   distribution minus the average over the user's labels) is projected back onto the
//!   feature weights. A label seeded with "Fußball, Tor" thus inherits the built-in model's
//!   whole notion of sports, in all its languages.
//!
//! Limits: the transfer part only helps for labels that resemble the built-in taxonomy
//! (`topics::taxonomy::LABELS`); labels outside it (say "cryptocurrency" vs "cars") rely on
//! the seed terms appearing in the text. Scores use a fixed calibration (there is no data to
//! fit it), so they are sensible but not probabilities in the strict sense.

use super::features::{extract, SparseVec};
use super::model::{Payload, TopicModel};
use crate::error::{Error, Result};

/// Settings of [`TopicModel::from_keywords`].
#[derive(Clone, Debug, PartialEq)]
pub struct KeywordOptions {
    /// Weight of the direct similarity to the seed terms.
    pub lexical_weight: f32,
    /// Weight of the knowledge transferred from the built-in model (0 = off).
    pub transfer_weight: f32,
    /// At most this many words of the same (finest) word cluster are added per one-word seed
    /// (German and English; 0 = off).
    pub expansion: usize,
    /// Weight of the cluster words relative to the seeds.
    pub expansion_weight: f32,
    /// Calibration slope: `score = sigmoid(slope * z + offset)`.
    pub slope: f32,
    /// Calibration offset.
    pub offset: f32,
}

impl Default for KeywordOptions {
    fn default() -> Self {
        KeywordOptions {
            lexical_weight: 4.0,
            transfer_weight: 1.0,
            expansion: 0,
            expansion_weight: 0.5,
            slope: 1.0,
            offset: -2.0,
        }
    }
}

/// Words that share the finest word cluster with `word` (lowercased), at most `max` per
/// language, most frequent first where the cluster file is ordered by frequency.
pub fn cluster_neighbours(word: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    if max == 0 || word.split_whitespace().count() != 1 {
        return out;
    }
    let lw = word.to_lowercase();
    // The languages whose clusters the topic recipes were built with (en, de); the other
    // built-in entity models' small cluster tables are not used here.
    for lang in ["en", "de"] {
        let Ok(ner) = crate::ner::builtin(lang) else {
            continue;
        };
        let Some(cl) = ner.clusters() else { continue };
        let Some(ids) = cl.lookup(&lw) else { continue };
        let d = cl.data();
        let n = crate::ner::clusters::NLEVELS;
        out.extend(
            d.words
                .iter()
                .zip(d.ids.chunks_exact(n))
                .filter(|(w, c)| c[0] == ids[0] && **w != lw && w.chars().all(char::is_alphabetic))
                .take(max)
                .map(|(w, _)| w.clone()),
        );
    }
    out
}

fn add(dst: &mut [f32], x: &SparseVec, w: f32) {
    for (&i, &v) in x.idx.iter().zip(&x.val) {
        dst[i as usize] += w * v;
    }
}

impl TopicModel {
    /// Builds a topic model from seed terms: `(label, terms)` pairs, terms in any language
    /// the built-in model covers (see the module documentation of
    /// [`crate::topics::keywords`] for how and the limits). Errors with [`Error::Data`] when
    /// there are no labels, a label is empty or repeated, or a label has no usable term.
    pub fn from_keywords(seeds: &[(String, Vec<String>)], opts: &KeywordOptions) -> Result<Self> {
        if seeds.is_empty() {
            return Err(Error::Data("no labels given".into()));
        }
        for (i, (label, terms)) in seeds.iter().enumerate() {
            if label.trim().is_empty() {
                return Err(Error::Data(format!("label {i} is empty")));
            }
            if seeds[..i].iter().any(|(l, _)| l == label) {
                return Err(Error::Data(format!("label {label:?} is given twice")));
            }
            if !terms.iter().any(|t| t.chars().any(char::is_alphanumeric)) {
                return Err(Error::Data(format!(
                    "label {label:?} has no seed terms (each label needs at least one word)"
                )));
            }
        }
        let vals = [
            opts.lexical_weight,
            opts.transfer_weight,
            opts.expansion_weight,
            opts.slope,
            opts.offset,
        ];
        if vals.iter().any(|v| !v.is_finite()) || opts.slope <= 0.0 {
            return Err(Error::Config(
                "keyword options must be finite, slope positive".into(),
            ));
        }
        let base = super::builtin()?;
        let bp = &base.p;
        let cfg = bp.features.clone();
        let rows = 1usize << cfg.bits;
        let nb = bp.labels.len();
        let k = seeds.len();

        // lexical vectors and the built-in topic distribution of each label's seeds
        let mut lex: Vec<SparseVec> = Vec::with_capacity(k);
        let mut exp: Vec<Option<SparseVec>> = Vec::with_capacity(k);
        let mut dist: Vec<Vec<f32>> = Vec::with_capacity(k);
        for (_, terms) in seeds {
            let seed_text = terms.join("\n");
            let x = extract(&seed_text, &cfg);
            let mut z = vec![0f32; nb];
            base.logits(&x, &mut z);
            let m = z.iter().copied().fold(f32::MIN, f32::max);
            let e: Vec<f32> = z.iter().map(|v| (v - m).exp()).collect();
            let s: f32 = e.iter().sum();
            dist.push(e.into_iter().map(|v| v / s).collect());
            let words: Vec<String> = terms
                .iter()
                .flat_map(|t| cluster_neighbours(t.trim(), opts.expansion))
                .collect();
            exp.push((!words.is_empty()).then(|| extract(&words.join("\n"), &cfg)));
            lex.push(x);
        }
        let mean: Vec<f32> = (0..nb)
            .map(|j| dist.iter().map(|d| d[j]).sum::<f32>() / k as f32)
            .collect();

        let mut weights = vec![0i8; rows * k];
        let mut scales = vec![1f32; k];
        let mut bias = vec![0f32; k];
        let mut dense = vec![0f32; rows];
        for c in 0..k {
            dense.iter_mut().for_each(|v| *v = 0.0);
            // transfer: u = centred distribution, unit length; weight = W u (per bucket)
            let mut u: Vec<f32> = dist[c].iter().zip(&mean).map(|(d, m)| d - m).collect();
            let norm = u.iter().map(|v| v * v).sum::<f32>().sqrt();
            if k >= 2 && norm > 1e-6 && opts.transfer_weight != 0.0 {
                u.iter_mut().for_each(|v| *v *= opts.transfer_weight / norm);
                let us: Vec<f32> = u.iter().zip(&bp.scales).map(|(a, s)| a * s).collect();
                for (r, d) in dense.iter_mut().enumerate() {
                    let row = &bp.weights[r * nb..(r + 1) * nb];
                    *d = row.iter().zip(&us).map(|(&w, &a)| w as f32 * a).sum();
                }
                bias[c] = u.iter().zip(&bp.bias).map(|(a, b)| a * b).sum();
            }
            add(&mut dense, &lex[c], opts.lexical_weight);
            if let Some(x) = &exp[c] {
                add(&mut dense, x, opts.lexical_weight * opts.expansion_weight);
            }
            let m = dense.iter().map(|v| v.abs()).fold(0f32, f32::max);
            scales[c] = if m > 0.0 { m / 127.0 } else { 1.0 };
            for (r, &v) in dense.iter().enumerate() {
                weights[r * k + c] = (v / scales[c]).round().clamp(-127.0, 127.0) as i8;
            }
        }
        let info = format!(
            "keyword-seeded topics: {}; {:?}",
            seeds
                .iter()
                .map(|(l, t)| format!("{l}: {}", t.join(", ")))
                .collect::<Vec<_>>()
                .join("; "),
            opts
        );
        TopicModel::from_payload(Payload {
            labels: seeds.iter().map(|(l, _)| l.clone()).collect(),
            features: cfg,
            scales,
            weights,
            bias,
            calib_a: vec![opts.slope; k],
            calib_b: vec![opts.offset; k],
            info,
        })
    }
}

impl TopicModel {
    /// Keyword-seeded topics refined on unlabeled texts (pseudo-labelling): the seed model of
    /// [`TopicModel::from_keywords`] labels `texts`, the most confident `keep` fraction of the
    /// texts each label wins (ranked by the margin over the runner-up) become training data, and
    /// a model is trained on them with `train` settings. Errors with [`Error::Data`] when a
    /// label wins fewer than `train.min_examples_per_label` texts.
    pub fn from_keywords_and_texts(
        seeds: &[(String, Vec<String>)],
        texts: &[&str],
        opts: &KeywordOptions,
        keep: f32,
        train: &super::TrainOptions,
    ) -> Result<Self> {
        use rayon::prelude::*;
        if !(keep > 0.0 && keep <= 1.0) {
            return Err(Error::Config(format!("keep must be in (0, 1], got {keep}")));
        }
        let seed_model = Self::from_keywords(seeds, opts)?;
        let k = seed_model.labels().len();
        if k < 2 {
            return Err(Error::Data(
                "pseudo-labelling needs at least two labels".into(),
            ));
        }
        let ranked: Vec<(usize, f32)> = texts
            .par_iter()
            .map(|t| {
                let s = seed_model.scores(t);
                let mut idx: Vec<usize> = (0..k).collect();
                idx.sort_by(|&a, &b| s[b].total_cmp(&s[a]));
                (idx[0], s[idx[0]] - s[idx[1]])
            })
            .collect();
        let mut chosen_texts = Vec::new();
        let mut chosen_labels = Vec::new();
        for (c, label) in seed_model.labels().iter().enumerate() {
            let mut won: Vec<(usize, f32)> = ranked
                .iter()
                .enumerate()
                .filter(|(i, r)| r.0 == c && texts[*i].chars().any(char::is_alphanumeric))
                .map(|(i, r)| (i, r.1))
                .collect();
            won.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let n = ((won.len() as f32 * keep).ceil() as usize).min(won.len());
            if n < train.min_examples_per_label.max(1) {
                return Err(Error::Data(format!(
                    "the seed terms of label {label:?} match too few texts ({n}); add seed terms or texts"
                )));
            }
            let mut picked: Vec<usize> = won[..n].iter().map(|w| w.0).collect();
            picked.sort_unstable();
            for i in picked {
                chosen_texts.push(i);
                chosen_labels.push(vec![label.clone()]);
            }
        }
        // restore input order so that the calibration hold-out spreads over the labels
        let mut order: Vec<usize> = (0..chosen_texts.len()).collect();
        order.sort_by_key(|&j| chosen_texts[j]);
        let t: Vec<&str> = order.iter().map(|&j| texts[chosen_texts[j]]).collect();
        let l: Vec<Vec<String>> = order.iter().map(|&j| chosen_labels[j].clone()).collect();
        let mut m = Self::train(&t, &l, train)?;
        m.set_info(format!(
            "keyword-seeded topics refined on {} of {} unlabeled texts; {}",
            t.len(),
            texts.len(),
            seed_model.info()
        ));
        Ok(m)
    }
}
