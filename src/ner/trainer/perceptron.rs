//! The averaged structured perceptron of one stage: decoding with given weights, dev F1,
//! training epochs with early stopping, and averaging over seed runs. Knows nothing of
//! features, gazetteers or documents beyond indexed sentences.

use super::data::TSent;
use crate::ner::eval::Scorer;
use crate::ner::model::{tag_to_iob, viterbi, NPREV, NT, START};
use crate::rng::Rng;
use crate::types::Iob;
use rayon::prelude::*;

pub(super) fn emissions(w: &[f32], s: &TSent) -> Vec<f32> {
    let n = s.gold.len();
    let mut em = vec![0f32; n * NT];
    for i in 0..n {
        let e = &mut em[i * NT..(i + 1) * NT];
        for &f in &s.feats[s.offs[i] as usize..s.offs[i + 1] as usize] {
            let row = &w[f as usize * NT..(f as usize + 1) * NT];
            for t in 0..NT {
                e[t] += row[t];
            }
        }
    }
    em
}

pub(super) fn decode(w: &[f32], nfeat: usize, s: &TSent) -> Vec<u8> {
    viterbi(&emissions(w, s), &w[nfeat * NT..], None)
}

/// Dev F1: documents with and without MISC are scored separately (MISC ignored in the
/// latter) and the F1 of the two groups averaged (one group: its F1).
pub(super) fn dev_f1(w: &[f32], nfeat: usize, dev: &[Vec<TSent>], no_misc: &[bool]) -> f64 {
    let mut sc = [Scorer::new(false), Scorer::new(true)];
    for (d, &nm) in dev.iter().zip(no_misc) {
        for s in d {
            let p: Vec<Iob> = decode(w, nfeat, s).into_iter().map(tag_to_iob).collect();
            let g: Vec<Iob> = s.gold.iter().map(|&t| tag_to_iob(t)).collect();
            sc[nm as usize].add(&g, &p);
        }
    }
    let used: Vec<f64> = sc
        .iter()
        .filter(|s| s.tokens > 0)
        .map(|s| s.total.f1())
        .collect();
    if used.is_empty() {
        0.0
    } else {
        used.iter().sum::<f64>() / used.len() as f64
    }
}

/// Averaged structured perceptron. Returns the averaged weights of the best epoch (by dev
/// F1 when a dev set is given, else the last epoch) and that epoch (1-based).
#[allow(clippy::too_many_arguments)]
pub(super) fn perceptron(
    sents: &[&TSent],
    nfeat: usize,
    epochs: usize,
    patience: usize,
    dev: Option<(&[Vec<TSent>], &[bool])>,
    seed: u64,
    stage: &str,
    log: &(dyn Fn(&str) + Sync),
) -> (Vec<f32>, usize, f64) {
    let size = nfeat * NT + NPREV * NT;
    let mut w = vec![0f32; size];
    let mut u = vec![0f32; size];
    let mut c = 1f32;
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut best: (Vec<f32>, usize, f64) = (Vec::new(), 0, -1.0);
    let average = |w: &[f32], u: &[f32], c: f32| -> Vec<f32> {
        w.iter().zip(u).map(|(a, b)| a - b / c).collect()
    };
    for epoch in 1..=epochs {
        let t0 = std::time::Instant::now();
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut errors = 0usize;
        for &si in &order {
            let s = sents[si];
            let em = emissions(&w, s);
            let trans = &w[nfeat * NT..];
            let pred = viterbi(&em, trans, None);
            let gold = match &s.mask {
                Some(m) => viterbi(&em, trans, Some(m)),
                None => s.gold.clone(),
            };
            if pred != gold {
                errors += 1;
                let mut upd = |idx: usize, d: f32| {
                    w[idx] += d;
                    u[idx] += c * d;
                };
                for i in 0..gold.len() {
                    let (g, p) = (gold[i] as usize, pred[i] as usize);
                    if g != p {
                        for &f in &s.feats[s.offs[i] as usize..s.offs[i + 1] as usize] {
                            upd(f as usize * NT + g, 1.0);
                            upd(f as usize * NT + p, -1.0);
                        }
                    }
                    let pg = if i == 0 { START } else { gold[i - 1] as usize };
                    let pp = if i == 0 { START } else { pred[i - 1] as usize };
                    if (pg, g) != (pp, p) {
                        upd(nfeat * NT + pg * NT + g, 1.0);
                        upd(nfeat * NT + pp * NT + p, -1.0);
                    }
                }
            }
            c += 1.0;
        }
        let avg = average(&w, &u, c);
        match dev {
            Some((d, nm)) => {
                let f1 = dev_f1(&avg, nfeat, d, nm);
                log(&format!(
                    "{stage} epoch {epoch:2}: {errors} sentence errors, dev F1 {f1:.2} ({:.1}s)",
                    t0.elapsed().as_secs_f64()
                ));
                if f1 > best.2 {
                    best = (avg, epoch, f1);
                } else if epoch >= best.1 + patience {
                    log(&format!(
                        "{stage}: early stop, best epoch {} (dev F1 {:.2})",
                        best.1, best.2
                    ));
                    break;
                }
            }
            None => {
                if epoch == epochs {
                    best = (avg, epoch, 0.0);
                }
            }
        }
    }
    best
}

/// [`perceptron`] run `runs` times with the shuffling seeds `seed`, `seed + 1000`, …; the
/// weights are averaged. Returns the averaged weights and the rounded mean best epoch.
#[allow(clippy::too_many_arguments)]
pub(super) fn perceptron_runs(
    runs: usize,
    sents: &[&TSent],
    nfeat: usize,
    epochs: usize,
    patience: usize,
    dev: Option<(&[Vec<TSent>], &[bool])>,
    seed: u64,
    stage: &str,
    log: &(dyn Fn(&str) + Sync),
) -> (Vec<f32>, usize, f64) {
    if runs <= 1 {
        return perceptron(sents, nfeat, epochs, patience, dev, seed, stage, log);
    }
    let results: Vec<(Vec<f32>, usize, f64)> = (0..runs)
        .into_par_iter()
        .map(|r| {
            let name = format!("{stage} (run {})", r + 1);
            perceptron(
                sents,
                nfeat,
                epochs,
                patience,
                dev,
                seed + 1000 * r as u64,
                &name,
                log,
            )
        })
        .collect();
    let mut w = vec![0f32; results[0].0.len()];
    for (rw, _, _) in &results {
        for (a, b) in w.iter_mut().zip(rw) {
            *a += b;
        }
    }
    let inv = 1.0 / runs as f32;
    w.iter_mut().for_each(|x| *x *= inv);
    let epoch = (results.iter().map(|r| r.1).sum::<usize>() + runs / 2) / runs;
    let mut f1 = 0.0;
    if let Some((d, nm)) = dev {
        f1 = dev_f1(&w, nfeat, d, nm);
        log(&format!(
            "{stage}: {runs} runs averaged, dev F1 {f1:.2} (runs: {})",
            results
                .iter()
                .map(|r| format!("{:.2}@{}", r.2, r.1))
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    (w, epoch.max(1), f1)
}
