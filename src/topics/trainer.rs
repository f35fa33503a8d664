//! Training: one-vs-rest logistic regression with AdaGrad over hashed features, then i8
//! quantization and per-label Platt calibration on a development set. Takes examples as
//! values: reads no files and knows no dataset (recipes are `crate::train::topics`).

use super::features::{extract, FeatureConfig, SparseVec};
use super::model::{sigmoid, LengthCalibration, Payload, TopicModel};
use crate::error::{Error, Result};
use crate::rng::Rng;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// The per-label training loss (one-vs-rest; `z` = logit, `y` = 1 for the label, 0 otherwise).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Loss {
    /// Logistic loss `-ln σ(±z)`: the raw scores are already log-odds.
    #[default]
    Logistic,
    /// Squared hinge `max(0, 1 − t z)²` with `t = ±1` (a linear L2-SVM): examples beyond the
    /// margin stop pulling; calibration (Platt) turns the margins into probabilities.
    SquaredHinge,
}

impl Loss {
    /// d loss / d z.
    #[inline]
    pub fn gradient(self, z: f32, positive: bool) -> f32 {
        match self {
            Loss::Logistic => sigmoid(z) - if positive { 1.0 } else { 0.0 },
            Loss::SquaredHinge => {
                let t = if positive { 1.0 } else { -1.0 };
                let m = 1.0 - t * z;
                if m > 0.0 {
                    -2.0 * t * m
                } else {
                    0.0
                }
            }
        }
    }
}

impl std::str::FromStr for Loss {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "logistic" | "log" => Ok(Loss::Logistic),
            "squared-hinge" | "squared_hinge" | "hinge2" => Ok(Loss::SquaredHinge),
            _ => Err(Error::Config(format!(
                "unknown loss {s:?} (logistic, squared-hinge)"
            ))),
        }
    }
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// The per-label loss.
    pub loss: Loss,
    /// Passes over the training data.
    pub epochs: usize,
    /// AdaGrad base learning rate.
    pub learning_rate: f32,
    /// L2 penalty (applied to the weights an example touches).
    pub l2: f32,
    /// Feature extraction settings.
    pub features: FeatureConfig,
    /// Exponent of the inverse label-frequency example weights (0 = off, 1 = fully balanced).
    pub class_balance: f32,
    /// Fraction of the data held out for calibration by [`TopicModel::train`] (0 = no calibration).
    pub calibration_fraction: f32,
    /// Seed of the example shuffling.
    pub seed: u64,
    /// Average the weights over the epochs of the second half (Polyak averaging).
    pub average: bool,
    /// Every label needs at least this many training examples (else [`Error::Data`]).
    pub min_examples_per_label: usize,
    /// Memory budget (bytes, estimated) for keeping the feature vectors of all examples between
    /// epochs; larger data sets are streamed: features are extracted again in every epoch, so
    /// memory stays flat (weights: `3 · 4 · 2^bits · labels` bytes) at the cost of time.
    pub feature_cache_bytes: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            loss: Loss::Logistic,
            epochs: 12,
            learning_rate: 0.3,
            l2: 1e-5,
            features: FeatureConfig::default(),
            class_balance: 0.5,
            calibration_fraction: 0.1,
            seed: 42,
            average: true,
            min_examples_per_label: 2,
            feature_cache_bytes: 2 << 30,
        }
    }
}

/// One training or calibration example.
#[derive(Clone, Debug)]
pub struct Sample<'a> {
    /// The text.
    pub text: &'a str,
    /// Its labels (one or more).
    pub labels: Vec<String>,
    /// Example weight (1.0 normally).
    pub weight: f32,
    /// Labels this example says nothing about: neither positive nor negative, left out of its
    /// loss (and of calibration). Usually empty; the built-in recipe uses it where a dataset's
    /// label covers two taxonomy labels (e.g. SIB-200 `politics`: domestic or international).
    pub unknown: Vec<String>,
}

/// Labels and weight of an encoded example.
struct Target {
    y: Vec<usize>,
    /// Labels left out of the loss.
    skip: Vec<usize>,
    w: f32,
}

fn targets(samples: &[Sample], labels: &[String], strict: bool) -> Result<Vec<Target>> {
    samples
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let mut y = Vec::with_capacity(s.labels.len());
            for l in &s.labels {
                match labels.iter().position(|x| x == l) {
                    Some(k) => y.push(k),
                    None if strict => {
                        return Err(Error::Data(format!(
                            "example {n}: label {l:?} is not in the label set"
                        )))
                    }
                    None => {}
                }
            }
            y.sort_unstable();
            y.dedup();
            let skip = s
                .unknown
                .iter()
                .filter_map(|l| labels.iter().position(|x| x == l))
                .filter(|k| !y.contains(k))
                .collect();
            Ok(Target {
                y,
                skip,
                w: s.weight,
            })
        })
        .collect()
}

/// Examples per chunk when features are streamed.
const STREAM_CHUNK: usize = 8192;

/// Rough upper bound of the memory a text's feature vector takes.
fn feature_bytes(text: &str, cfg: &FeatureConfig) -> usize {
    let len = if cfg.max_chars == 0 {
        text.len()
    } else {
        text.len().min(cfg.max_chars)
    };
    let grams = if cfg.char_max >= cfg.char_min && cfg.char_min > 0 {
        cfg.char_max - cfg.char_min + 1
    } else {
        0
    };
    // one index and one value per feature; at most ~one feature per byte per n-gram size
    64 + len * (grams + 2) * 8
}

/// The feature vectors of a set of samples: kept in memory, or extracted again on every pass
/// (chunk by chunk, in parallel) when they would exceed the memory budget.
struct Features<'a> {
    samples: &'a [Sample<'a>],
    cfg: &'a FeatureConfig,
    cache: Option<Vec<SparseVec>>,
}

impl<'a> Features<'a> {
    fn new(samples: &'a [Sample<'a>], cfg: &'a FeatureConfig, budget: usize) -> Self {
        let est: usize = samples.iter().map(|s| feature_bytes(s.text, cfg)).sum();
        let cache =
            (est <= budget).then(|| samples.par_iter().map(|s| extract(s.text, cfg)).collect());
        Features {
            samples,
            cfg,
            cache,
        }
    }

    /// Calls `f(i, x_i)` for every example index of `order`, in that order.
    fn for_each(&self, order: &[usize], mut f: impl FnMut(usize, &SparseVec)) {
        match &self.cache {
            Some(c) => order.iter().for_each(|&i| f(i, &c[i])),
            None => {
                for chunk in order.chunks(STREAM_CHUNK) {
                    let xs: Vec<SparseVec> = chunk
                        .par_iter()
                        .map(|&i| extract(self.samples[i].text, self.cfg))
                        .collect();
                    for (&i, x) in chunk.iter().zip(&xs) {
                        f(i, x);
                    }
                }
            }
        }
    }
}

/// Checks one example for the problems a user's data can have.
fn check_sample(i: usize, s: &Sample) -> Result<()> {
    if !s.text.chars().any(char::is_alphanumeric) {
        return Err(Error::Data(format!(
            "example {i}: empty text (no letters or digits)"
        )));
    }
    if s.labels.is_empty() {
        return Err(Error::Data(format!("example {i} has no labels")));
    }
    if s.labels.iter().any(|l| l.trim().is_empty()) {
        return Err(Error::Data(format!("example {i} has an empty label")));
    }
    if !(s.weight.is_finite() && s.weight >= 0.0) {
        return Err(Error::Data(format!("example {i} has an invalid weight")));
    }
    Ok(())
}

impl TopicModel {
    /// Trains a custom model from texts with one or more labels each.
    ///
    /// Every `1 / opts.calibration_fraction`-th example of each label (by its first label, in
    /// input order) is held out to calibrate the scores when there are at least 20 examples.
    /// Errors with [`Error::Data`] on empty data, mismatched lengths, empty texts, examples without
    /// labels or with an empty label, fewer than two distinct labels, or a label with fewer than
    /// `opts.min_examples_per_label` examples.
    pub fn train(texts: &[&str], labels: &[Vec<String>], opts: &TrainOptions) -> Result<Self> {
        if texts.len() != labels.len() {
            return Err(Error::Data(format!(
                "{} texts but {} label lists",
                texts.len(),
                labels.len()
            )));
        }
        if texts.is_empty() {
            return Err(Error::Data("no training examples".into()));
        }
        let samples: Vec<Sample> = texts
            .iter()
            .zip(labels)
            .map(|(t, l)| Sample {
                text: t,
                labels: l.clone(),
                weight: 1.0,
                unknown: Vec::new(),
            })
            .collect();
        for (i, s) in samples.iter().enumerate() {
            check_sample(i, s)?;
        }
        check_label_counts(&samples, opts)?;
        let n = samples.len();
        let every = if opts.calibration_fraction > 0.0 && n >= 20 {
            ((1.0 / opts.calibration_fraction).round() as usize).max(2)
        } else {
            0
        };
        // stratified hold-out: every `every`-th example of each (first) label
        let mut seen: std::collections::HashMap<&str, usize> = Default::default();
        let (mut train, mut dev) = (Vec::new(), Vec::new());
        for s in &samples {
            let c = seen.entry(s.labels[0].as_str()).or_default();
            *c += 1;
            if every > 0 && *c % every == 0 {
                dev.push(s.clone());
            } else {
                train.push(s.clone());
            }
        }
        let order: Vec<String> = label_set(&samples).iter().map(|s| s.to_string()).collect();
        Self::train_samples(&train, &dev, Some(&order), opts)
    }

    /// Trains from explicit training and calibration sets. `label_order` fixes the label order
    /// (default: sorted labels of the training set). An empty `dev` leaves the scores uncalibrated.
    /// Calibration labels outside the label set are ignored.
    pub fn train_samples(
        train: &[Sample],
        dev: &[Sample],
        label_order: Option<&[String]>,
        opts: &TrainOptions,
    ) -> Result<Self> {
        if train.is_empty() {
            return Err(Error::Data("no training examples".into()));
        }
        for (i, s) in train.iter().enumerate() {
            check_sample(i, s)?;
        }
        let labels: Vec<String> = match label_order {
            Some(o) => o.to_vec(),
            None => label_set(train).iter().map(|s| s.to_string()).collect(),
        };
        check_label_counts(train, opts)?;
        let f = &opts.features;
        if f.bits == 0 || f.bits > 26 {
            return Err(Error::Config(format!("hash bits {} not in 1..=26", f.bits)));
        }
        let lr_ok = opts.learning_rate.is_finite() && opts.learning_rate > 0.0;
        let l2_ok = opts.l2.is_finite() && opts.l2 >= 0.0;
        if opts.epochs == 0 || !lr_ok || !l2_ok {
            return Err(Error::Config(
                "epochs and learning rate must be positive, l2 non-negative".into(),
            ));
        }
        let mut tr = targets(train, &labels, true)?;
        let dv = targets(dev, &labels, false)?;
        let nl = labels.len();

        // inverse label-frequency weights
        if opts.class_balance > 0.0 {
            let mut cnt = vec![0f32; nl];
            for e in &tr {
                for &k in &e.y {
                    cnt[k] += e.w;
                }
            }
            let total: f32 = cnt.iter().sum();
            let present = cnt.iter().filter(|&&c| c > 0.0).count() as f32;
            for e in &mut tr {
                let m =
                    e.y.iter()
                        .map(|&k| (total / (present * cnt[k])).powf(opts.class_balance))
                        .sum::<f32>()
                        / e.y.len() as f32;
                e.w *= m;
            }
        }

        let xs = Features::new(train, f, opts.feature_cache_bytes);
        let rows = 1usize << f.bits;
        let mut w = vec![0f32; rows * nl];
        let mut g2 = vec![0f32; rows * nl];
        let mut b = vec![0f32; nl];
        let mut gb = vec![0f32; nl];
        let mut order: Vec<usize> = (0..tr.len()).collect();
        let mut rng = Rng(opts.seed.max(1).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let lr = opts.learning_rate;
        let mut z = vec![0f32; nl];
        let mut g = vec![0f32; nl];
        // Polyak averaging of the weights at the end of each epoch of the second half
        let mut avg_w = vec![0f32; if opts.average { rows * nl } else { 0 }];
        let mut avg_b = vec![0f32; nl];
        let mut n_avg = 0f32;
        for epoch in 0..opts.epochs {
            rng.shuffle(&mut order);
            xs.for_each(&order, |i, x| {
                let e = &tr[i];
                z.copy_from_slice(&b);
                for (&f, &v) in x.idx.iter().zip(&x.val) {
                    let row = &w[f as usize * nl..(f as usize + 1) * nl];
                    for (zk, &wk) in z.iter_mut().zip(row) {
                        *zk += wk * v;
                    }
                }
                for (k, gk) in g.iter_mut().enumerate() {
                    if e.skip.contains(&k) {
                        *gk = 0.0;
                        continue;
                    }
                    *gk = opts.loss.gradient(z[k], e.y.contains(&k)) * e.w;
                    gb[k] += *gk * *gk;
                    b[k] -= lr * *gk / (gb[k].sqrt() + 1e-6);
                }
                for (&f, &v) in x.idx.iter().zip(&x.val) {
                    let base = f as usize * nl;
                    for (k, gk) in g.iter().enumerate() {
                        let j = base + k;
                        let gr = gk * v + opts.l2 * w[j];
                        if gr != 0.0 {
                            g2[j] += gr * gr;
                            w[j] -= lr * gr / (g2[j].sqrt() + 1e-6);
                        }
                    }
                }
            });
            if opts.average && epoch >= opts.epochs / 2 {
                for (a, &x) in avg_w.iter_mut().zip(&w) {
                    *a += x;
                }
                for (a, &x) in avg_b.iter_mut().zip(&b) {
                    *a += x;
                }
                n_avg += 1.0;
            }
        }
        drop(g2);
        drop(xs);
        if opts.average && n_avg > 0.0 {
            w = avg_w.into_iter().map(|x| x / n_avg).collect();
            b = avg_b.into_iter().map(|x| x / n_avg).collect();
        }

        // quantize to i8 with one scale per label
        let mut scales = vec![0f32; nl];
        for k in 0..nl {
            let m = (0..rows).map(|r| w[r * nl + k].abs()).fold(0f32, f32::max);
            scales[k] = if m > 0.0 { m / 127.0 } else { 1.0 };
        }
        let weights: Vec<i8> = w
            .iter()
            .enumerate()
            .map(|(j, &x)| (x / scales[j % nl]).round().clamp(-127.0, 127.0) as i8)
            .collect();
        drop(w);
        let mut model = TopicModel::from_payload(Payload {
            labels,
            features: f.clone(),
            scales,
            weights,
            bias: b,
            calib_a: vec![1.0; nl],
            calib_b: vec![0.0; nl],
            info: String::new(),
        })?;

        // Platt calibration per label on the development set
        if !dv.is_empty() {
            let dxs = Features::new(dev, f, opts.feature_cache_bytes);
            let mut logits: Vec<Vec<f32>> = Vec::with_capacity(dv.len());
            let all: Vec<usize> = (0..dv.len()).collect();
            dxs.for_each(&all, |_, x| {
                let mut o = vec![0f32; nl];
                model.logits(x, &mut o);
                logits.push(o);
            });
            for k in 0..nl {
                let known = |e: &&Target| !e.skip.contains(&k);
                let zs: Vec<f32> = logits
                    .iter()
                    .zip(&dv)
                    .filter(|(_, e)| known(e))
                    .map(|(o, _)| o[k])
                    .collect();
                let ys: Vec<bool> = dv.iter().filter(known).map(|e| e.y.contains(&k)).collect();
                let (a, c) = platt(&zs, &ys);
                model.p.calib_a[k] = a;
                model.p.calib_b[k] = c;
            }
            let length = fit_length_calibration(&model, dev, &dv);
            model.set_length_calibration(length)?;
        }
        Ok(model)
    }

    /// Sets the free-text training description stored in the model file.
    pub fn set_info(&mut self, info: impl Into<String>) {
        self.p.info = info.into();
    }
}

/// Word counts the calibration texts are cut to for fitting the length calibration (each
/// text also counts whole).
const CUTS: [usize; 7] = [1, 2, 3, 5, 8, 13, 21];
/// Length scales tried (words).
const LENGTH_SCALES: [f32; 12] = [
    0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 16.0,
];
/// Length shapes tried.
const LENGTH_SHAPES: [f32; 4] = [1.0, 1.5, 2.0, 3.0];

/// The length calibration ([`LengthCalibration`]) of the least log-loss on the calibration
/// texts, each whole (weighing as much as its cuts together) and cut to its first [`CUTS`]
/// words, with the Platt parameters fitted already, among those that leave the top label of
/// at least as many whole texts right as none does (it is for short texts, not to change
/// whole texts' topics); none when none does better. The priors are each label's log-odds on
/// the calibration set (smoothed by one positive and one negative).
fn fit_length_calibration(
    model: &TopicModel,
    dev: &[Sample],
    targets: &[Target],
) -> LengthCalibration {
    let nl = model.p.labels.len();
    let p = &model.p;
    // per text and cut: its word count and each label's calibrated log-odds; a whole text
    // weighs as much as its cuts together
    let rows: Vec<(usize, usize, Vec<f32>)> = dev
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, s)| {
            let words: Vec<&str> = s.text.split_whitespace().collect();
            let cuts: Vec<usize> = CUTS.iter().copied().filter(|&n| n < words.len()).collect();
            cuts.into_iter()
                .chain([words.len()])
                .map(move |n| {
                    let mut o = vec![0f32; nl];
                    model.logits_text(&words[..n].join(" "), &mut o);
                    for (k, o) in o.iter_mut().enumerate() {
                        *o = p.calib_a[k] * *o + p.calib_b[k];
                    }
                    (i, n, o)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let dev_words: Vec<usize> = dev
        .iter()
        .map(|s| s.text.split_whitespace().count())
        .collect();
    let prior: Vec<f32> = (0..nl)
        .map(|k| {
            let known = targets.iter().filter(|e| !e.skip.contains(&k));
            let (pos, all) = known.fold((0f32, 0f32), |(p, a), e| {
                (p + f32::from(u8::from(e.y.contains(&k))), a + 1.0)
            });
            let q = (pos + 1.0) / (all + 2.0);
            (q / (1.0 - q)).ln()
        })
        .collect();
    let loss = |c: &LengthCalibration| -> f64 {
        rows.iter()
            .map(|(i, n, z)| {
                let e = &targets[*i];
                let weight = if *n == dev_words[*i] {
                    CUTS.len() as f64
                } else {
                    1.0
                };
                let mut z = z.clone();
                c.apply(*n, &mut z);
                (0..nl)
                    .filter(|k| !e.skip.contains(k))
                    .map(|k| {
                        let p = f64::from(sigmoid(z[k])).clamp(1e-7, 1.0 - 1e-7);
                        if e.y.contains(&k) {
                            -p.ln()
                        } else {
                            -(1.0 - p).ln()
                        }
                    })
                    .sum::<f64>()
                    * weight
            })
            .sum()
    };
    // whole texts whose top label is right (or one the text's labels leave unknown)
    let right = |c: &LengthCalibration| -> usize {
        rows.iter()
            .filter(|(i, n, _)| *n == dev_words[*i])
            .filter(|(i, n, z)| {
                let mut z = z.clone();
                c.apply(*n, &mut z);
                let top = (0..nl).max_by(|&a, &b| z[a].total_cmp(&z[b]));
                let e = &targets[*i];
                top.is_some_and(|k| e.y.contains(&k) || e.skip.contains(&k))
            })
            .count()
    };
    let mut best = LengthCalibration::default();
    let (mut best_loss, floor) = (loss(&best), right(&best));
    for &scale in &LENGTH_SCALES {
        for &shape in &LENGTH_SHAPES {
            let c = LengthCalibration {
                scale,
                shape,
                prior: prior.clone(),
            };
            let l = loss(&c);
            if l < best_loss && right(&c) >= floor {
                (best, best_loss) = (c, l);
            }
        }
    }
    best
}

/// Fewest positive (and negative) calibration examples of a label for Platt scaling.
const MIN_CALIBRATION: f64 = 5.0;

/// The distinct labels of a set of samples, sorted.
fn label_set<'a>(samples: &'a [Sample]) -> BTreeSet<&'a str> {
    samples
        .iter()
        .flat_map(|s| s.labels.iter().map(|l| l.as_str()))
        .collect()
}

/// At least two labels, each with at least `opts.min_examples_per_label` examples.
fn check_label_counts(samples: &[Sample], opts: &TrainOptions) -> Result<()> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for s in samples {
        for l in &s.labels {
            *counts.entry(l.as_str()).or_default() += 1;
        }
    }
    if counts.len() < 2 {
        return Err(Error::Data(format!(
            "need at least two distinct labels to train, found {}{}",
            counts.len(),
            counts
                .keys()
                .next()
                .map(|l| format!(" ({l:?})"))
                .unwrap_or_default()
        )));
    }
    let few: Vec<String> = counts
        .iter()
        .filter(|(_, &c)| c < opts.min_examples_per_label)
        .map(|(l, c)| format!("{l:?} ({c})"))
        .collect();
    if !few.is_empty() {
        return Err(Error::Data(format!(
            "too few examples: every label needs at least {}, but {} {}",
            opts.min_examples_per_label,
            few.join(", "),
            if few.len() == 1 {
                "has fewer"
            } else {
                "have fewer"
            }
        )));
    }
    Ok(())
}

/// Fits `p = sigmoid(a z + b)` by Newton's method with Platt's smoothed targets.
/// Falls back to the identity when a label has fewer than [`MIN_CALIBRATION`] positive or
/// negative examples (too few to fit two parameters).
fn platt(z: &[f32], y: &[bool]) -> (f32, f32) {
    let np = y.iter().filter(|&&v| v).count() as f64;
    let nn = y.len() as f64 - np;
    if np < MIN_CALIBRATION || nn < MIN_CALIBRATION {
        return (1.0, 0.0);
    }
    let tp = (np + 1.0) / (np + 2.0);
    let tn = 1.0 / (nn + 2.0);
    let (mut a, mut b) = (1.0f64, 0.0f64);
    for _ in 0..100 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 1e-6, 0.0, 1e-6);
        for (&zi, &yi) in z.iter().zip(y) {
            let zi = zi as f64;
            let t = if yi { tp } else { tn };
            let p = 1.0 / (1.0 + (-(a * zi + b)).exp());
            let d = p - t;
            ga += d * zi;
            gb += d;
            let s = (p * (1.0 - p)).max(1e-12);
            haa += s * zi * zi;
            hab += s * zi;
            hbb += s;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-18 {
            break;
        }
        let da = (hbb * ga - hab * gb) / det;
        let db = (haa * gb - hab * ga) / det;
        a -= da;
        b -= db;
        if da.abs() + db.abs() < 1e-9 {
            break;
        }
    }
    if !(a.is_finite() && b.is_finite()) || a <= 0.0 {
        return (1.0, 0.0);
    }
    (a as f32, b as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_gradients() {
        // logistic: σ(z) − y
        assert!((Loss::Logistic.gradient(0.0, true) + 0.5).abs() < 1e-6);
        assert!((Loss::Logistic.gradient(0.0, false) - 0.5).abs() < 1e-6);
        // squared hinge: −2 t (1 − t z) inside the margin, 0 beyond it
        let h = Loss::SquaredHinge;
        assert_eq!(h.gradient(0.0, true), -2.0);
        assert_eq!(h.gradient(0.0, false), 2.0);
        assert_eq!(h.gradient(0.5, true), -1.0);
        assert_eq!(h.gradient(1.5, true), 0.0);
        assert_eq!(h.gradient(-1.5, false), 0.0);
        assert_eq!(h.gradient(-0.5, false), 1.0);
        assert_eq!("squared-hinge".parse::<Loss>().unwrap(), h);
        assert_eq!("logistic".parse::<Loss>().unwrap(), Loss::Logistic);
        assert!(matches!("svm".parse::<Loss>(), Err(Error::Config(_))));
    }

    #[test]
    fn platt_recovers_scale() {
        let z: Vec<f32> = (0..200).map(|i| (i as f32 - 100.0) / 10.0).collect();
        let y: Vec<bool> = z.iter().map(|&v| v > 1.0).collect();
        let (a, b) = platt(&z, &y);
        assert!(a > 1.0, "{a}");
        assert!(b < 0.0, "{b}");
        assert_eq!(platt(&z, &vec![false; z.len()]), (1.0, 0.0));
    }
}
