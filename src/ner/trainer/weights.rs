//! From trained weights to stored stages: folding the default-domain feature copies into
//! the general weights and quantizing. No training and no data here.

use crate::ner::features::domain_key;
use crate::ner::hash::IdMap;
use crate::ner::model::{Stage, StageData, NT};
use crate::ner::{AUX_DOMAINS, DOMAINS};

/// Domain of the default-domain copies of features while training with several domains.
pub(super) const DEFAULT_COPY: u8 = 255;

/// Folds the default-domain feature copies into the general weights, so that tagging
/// default-domain text needs no copies: general' = general + default copy, and every other
/// domain's copy' = copy − default copy (rows are added where a domain had no copy); the
/// copies of the training-only [`AUX_DOMAINS`] are dropped.
/// Scores stay exactly the same. Returns the new keys and feature weights.
pub(super) fn fold_default_copies(keys: &[u32], w: &[f32]) -> (Vec<u32>, Vec<f32>) {
    let pos: IdMap<u32, usize> = keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    let mut out_keys = keys.to_vec();
    let mut out_w = w.to_vec();
    let mut drop = vec![false; keys.len()];
    // Copies of the training-only domains are dropped.
    for &k in keys {
        for d in DOMAINS.len()..DOMAINS.len() + AUX_DOMAINS.len() {
            if let Some(&j) = pos.get(&domain_key(k, d as u8)) {
                drop[j] = true;
            }
        }
    }
    for (i, &k) in keys.iter().enumerate() {
        let Some(&j) = pos.get(&domain_key(k, DEFAULT_COPY)) else {
            continue;
        };
        drop[j] = true;
        let copy = &w[j * NT..(j + 1) * NT];
        for t in 0..NT {
            out_w[i * NT + t] += copy[t];
        }
        for d in 1..DOMAINS.len() as u8 {
            let kd = domain_key(k, d);
            match pos.get(&kd) {
                Some(&m) => {
                    for t in 0..NT {
                        out_w[m * NT + t] -= copy[t];
                    }
                }
                None => {
                    out_keys.push(kd);
                    out_w.extend(copy.iter().map(|x| -x));
                    drop.push(false);
                }
            }
        }
    }
    let mut fk = Vec::with_capacity(out_keys.len());
    let mut fw = Vec::with_capacity(out_w.len());
    for (i, &k) in out_keys.iter().enumerate() {
        if !drop[i] {
            fk.push(k);
            fw.extend_from_slice(&out_w[i * NT..(i + 1) * NT]);
        }
    }
    (fk, fw)
}

/// Quantized stage weights; default-domain copies folded in when `domains` is set.
pub(super) fn stage_data(
    keys: &[u32],
    w: &[f32],
    nfeat: usize,
    prune: f32,
    domains: bool,
) -> StageData {
    let (feat, trans) = w.split_at(nfeat * NT);
    if domains {
        let (k, fw) = fold_default_copies(keys, feat);
        Stage::quantize(&k, &fw, trans, prune)
    } else {
        Stage::quantize(keys, feat, trans, prune)
    }
}
