//! Training: one-vs-rest logistic regression with AdaGrad over hashed features, then i8
//! quantization and per-label Platt calibration on a development set.

use super::features::{extract, FeatureConfig, SparseVec};
use super::model::{sigmoid, Payload, TopicModel};
use crate::rng::Rng;
use crate::{Error, Result};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
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
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            learning_rate: 0.3,
            l2: 1e-5,
            features: FeatureConfig::default(),
            class_balance: 0.5,
            calibration_fraction: 0.1,
            seed: 42,
            average: true,
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
}

struct Example {
    x: SparseVec,
    y: Vec<usize>,
    w: f32,
}

fn encode(samples: &[Sample], labels: &[String], cfg: &FeatureConfig) -> Result<Vec<Example>> {
    samples
        .par_iter()
        .enumerate()
        .map(|(n, s)| {
            let mut y = Vec::with_capacity(s.labels.len());
            for l in &s.labels {
                match labels.iter().position(|x| x == l) {
                    Some(k) => y.push(k),
                    None => {
                        return Err(Error::Data(format!(
                            "example {n}: label {l:?} is not in the label set"
                        )))
                    }
                }
            }
            y.sort_unstable();
            y.dedup();
            Ok(Example {
                x: extract(s.text, cfg),
                y,
                w: s.weight,
            })
        })
        .collect()
}

impl TopicModel {
    /// Trains a custom model from texts with one or more labels each.
    ///
    /// A deterministic `opts.calibration_fraction` of the examples is held out to calibrate the
    /// scores. Errors with [`Error::Data`] on empty data, mismatched lengths, examples without
    /// labels, or fewer than two distinct labels.
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
            })
            .collect();
        let n = samples.len();
        let every = if opts.calibration_fraction > 0.0 && n >= 20 {
            ((1.0 / opts.calibration_fraction).round() as usize).max(2)
        } else {
            0
        };
        let (mut train, mut dev) = (Vec::new(), Vec::new());
        for (i, s) in samples.into_iter().enumerate() {
            if every > 0 && i % every == every - 1 {
                dev.push(s);
            } else {
                train.push(s);
            }
        }
        Self::train_samples(&train, &dev, None, opts)
    }

    /// Trains from explicit training and calibration sets. `label_order` fixes the label order
    /// (default: sorted labels of the training set). An empty `dev` leaves the scores uncalibrated.
    pub fn train_samples(
        train: &[Sample],
        dev: &[Sample],
        label_order: Option<&[String]>,
        opts: &TrainOptions,
    ) -> Result<Self> {
        if train.is_empty() {
            return Err(Error::Data("no training examples".into()));
        }
        if let Some(i) = train.iter().position(|s| s.labels.is_empty()) {
            return Err(Error::Data(format!("training example {i} has no labels")));
        }
        if let Some(i) = train
            .iter()
            .position(|s| !(s.weight.is_finite() && s.weight >= 0.0))
        {
            return Err(Error::Data(format!(
                "training example {i} has an invalid weight"
            )));
        }
        let seen: BTreeSet<&str> = train
            .iter()
            .flat_map(|s| s.labels.iter().map(|l| l.as_str()))
            .collect();
        if seen.len() < 2 {
            return Err(Error::Data(format!(
                "need at least two distinct labels to train, found {}",
                seen.len()
            )));
        }
        let labels: Vec<String> = match label_order {
            Some(o) => o.to_vec(),
            None => seen.iter().map(|s| s.to_string()).collect(),
        };
        let f = &opts.features;
        if f.bits == 0 || f.bits > 26 {
            return Err(Error::Config(format!("hash bits {} not in 1..=26", f.bits)));
        }
        let mut tr = encode(train, &labels, f)?;
        let dv = encode(dev, &labels, f)?;
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
            for &i in &order {
                let e = &tr[i];
                z.copy_from_slice(&b);
                for (&f, &v) in e.x.idx.iter().zip(&e.x.val) {
                    let row = &w[f as usize * nl..(f as usize + 1) * nl];
                    for (zk, &wk) in z.iter_mut().zip(row) {
                        *zk += wk * v;
                    }
                }
                for (k, gk) in g.iter_mut().enumerate() {
                    let y = if e.y.contains(&k) { 1.0 } else { 0.0 };
                    *gk = (sigmoid(z[k]) - y) * e.w;
                    gb[k] += *gk * *gk;
                    b[k] -= lr * *gk / (gb[k].sqrt() + 1e-6);
                }
                for (&f, &v) in e.x.idx.iter().zip(&e.x.val) {
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
            }
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
            let logits: Vec<Vec<f32>> = dv
                .par_iter()
                .map(|e| {
                    let mut o = vec![0f32; nl];
                    model.logits(&e.x, &mut o);
                    o
                })
                .collect();
            for k in 0..nl {
                let zs: Vec<f32> = logits.iter().map(|o| o[k]).collect();
                let ys: Vec<bool> = dv.iter().map(|e| e.y.contains(&k)).collect();
                let (a, c) = platt(&zs, &ys);
                model.p.calib_a[k] = a;
                model.p.calib_b[k] = c;
            }
        }
        Ok(model)
    }

    /// Sets the free-text training description stored in the model file.
    pub fn set_info(&mut self, info: impl Into<String>) {
        self.p.info = info.into();
    }
}

/// Fits `p = sigmoid(a z + b)` by Newton's method with Platt's smoothed targets.
/// Falls back to the identity when a label has no positive or no negative example.
fn platt(z: &[f32], y: &[bool]) -> (f32, f32) {
    let np = y.iter().filter(|&&v| v).count() as f64;
    let nn = y.len() as f64 - np;
    if np == 0.0 || nn == 0.0 {
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
    fn platt_recovers_scale() {
        let z: Vec<f32> = (0..200).map(|i| (i as f32 - 100.0) / 10.0).collect();
        let y: Vec<bool> = z.iter().map(|&v| v > 1.0).collect();
        let (a, b) = platt(&z, &y);
        assert!(a > 1.0, "{a}");
        assert!(b < 0.0, "{b}");
        assert_eq!(platt(&z, &vec![false; z.len()]), (1.0, 0.0));
    }
}
