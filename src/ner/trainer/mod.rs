//! Training the tagger: options, training documents, and the two-stage driver (jackknifed
//! gazetteer harvesting, out-of-fold stage-1 predictions for the document-level stage 2).
//! Reads no files beyond [`TrainDoc::read`] and prints nothing (progress goes to `log`).

mod data;
mod final_fit;
mod perceptron;
mod weights;

use super::clusters::Clusters;
use super::conll::{self, LabeledDoc, LabeledSentence};
use super::features::doc_codes;
use super::gazetteer::Gazetteer;
use super::hash::{hash_str, IdMap};
use super::token::Tok;
use super::{FeatureSet, ModelData, NerModel};
use crate::error::{Error, Result};
use crate::rng::Rng;
use data::{casing_dict, doc_keys, harvest, harvest_heads, index, Keys, TSent};
use perceptron::{decode, perceptron, perceptron_runs};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use weights::{stage_data, DEFAULT_COPY};

pub use final_fit::final_fit;

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Language code stored in the model.
    pub language: String,
    /// Maximum epochs per stage.
    pub epochs: usize,
    /// Stop after this many epochs without dev improvement.
    pub patience: usize,
    /// Folds for jackknifed gazetteers and out-of-fold stage-1 predictions.
    pub folds: usize,
    /// Train the document-level second stage.
    pub two_stage: bool,
    /// Harvest entity strings from the training data as a gazetteer.
    pub harvest: bool,
    /// Drop features seen fewer times in training.
    pub min_count: u32,
    /// Drop weights below this absolute value when saving.
    pub prune: f32,
    /// Shuffling seed.
    pub seed: u64,
    /// Free-text description stored in the model.
    pub description: String,
    /// Word clusters to use as features (stored in the model).
    pub clusters: Option<std::sync::Arc<Clusters>>,
    /// Train each stage this many times with different shuffling seeds and average the
    /// weights (1: a single run, as before).
    pub seed_runs: usize,
    /// Train exactly this many epochs per stage (stage 1, stage 2) without early stopping;
    /// a dev set, if given, is only used for stage-2 inputs and reporting. Used by
    /// [`final_fit`] to retrain on train + dev with the epochs selected on dev.
    pub fixed_epochs: Option<[usize; 2]>,
    /// The feature set (stored in the model); without word features
    /// ([`FeatureSet::words`]) the model has no casing dictionary.
    pub features: FeatureSet,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            language: "en".into(),
            epochs: 20,
            patience: 4,
            folds: 5,
            two_stage: true,
            harvest: true,
            min_count: 1,
            prune: 0.0,
            seed: 1,
            description: String::new(),
            clusters: None,
            seed_runs: 1,
            fixed_epochs: None,
            features: FeatureSet::Full,
        }
    }
}

/// A training or dev document.
#[derive(Clone, Debug)]
pub struct TrainDoc {
    /// Sentences with IOB2 tags.
    pub sentences: Vec<LabeledSentence>,
    /// The source has no MISC class: O tokens may be MISC (latent during training) and
    /// MISC is ignored in dev scoring.
    pub no_misc: bool,
    /// Text domain: 0 is the default (news); other values add domain-specific copies of
    /// every feature (used when tagging with that domain, see `NerModel::set_domain`).
    pub domain: u8,
}

impl TrainDoc {
    /// Labelled documents as training documents of the default domain.
    pub fn from_labeled(docs: Vec<LabeledDoc>, no_misc: bool) -> Vec<TrainDoc> {
        docs.into_iter()
            .map(|sentences| TrainDoc {
                sentences,
                no_misc,
                domain: 0,
            })
            .collect()
    }

    /// Reads a labelled CoNLL-style file (see [`conll::read_labeled`]) as training
    /// documents of the default domain.
    pub fn read(path: &Path, no_misc: bool) -> Result<Vec<TrainDoc>> {
        Ok(TrainDoc::from_labeled(
            conll::read_labeled_file(path)?,
            no_misc,
        ))
    }
}

/// Longest training document (sentences); longer ones are split.
const CHUNK: usize = 60;

/// The epochs a training run used per stage and their dev F1 (0 without a dev set or
/// with fixed epochs; stage 2 is 0 for one-stage models).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Selection {
    /// Epochs of stage 1 and stage 2 (the best dev epochs, or the fixed ones).
    pub epochs: [usize; 2],
    /// Dev F1 of the two stages at those epochs (while training, from the unquantized weights).
    pub dev_f1: [f64; 2],
}

/// Trains a model. `external` holds gazetteer entries from outside the training data.
pub fn train(
    opts: &TrainOptions,
    train_docs: &[TrainDoc],
    dev_docs: &[TrainDoc],
    external: &BTreeMap<String, u8>,
    log: &(dyn Fn(&str) + Sync),
) -> Result<NerModel> {
    train_selected(opts, train_docs, dev_docs, external, log).map(|(m, _)| m)
}

/// [`train`], also returning the epochs used.
pub fn train_selected(
    opts: &TrainOptions,
    train_docs: &[TrainDoc],
    dev_docs: &[TrainDoc],
    external: &BTreeMap<String, u8>,
    log: &(dyn Fn(&str) + Sync),
) -> Result<(NerModel, Selection)> {
    if train_docs.iter().all(|d| d.sentences.is_empty()) {
        return Err(Error::Data("no training sentences".into()));
    }
    let t_all = std::time::Instant::now();
    // Long "documents" (files without document breaks) are cut into chunks so that folds
    // are balanced and jackknifing is meaningful.
    let chunked: Vec<TrainDoc> = train_docs
        .iter()
        .flat_map(|d| {
            d.sentences.chunks(CHUNK).map(|c| TrainDoc {
                sentences: c.to_vec(),
                no_misc: d.no_misc,
                domain: d.domain,
            })
        })
        .collect();
    let train_docs = &chunked[..];
    // With data of several domains, default-domain documents get feature copies of their
    // own too (symmetric feature augmentation); they are folded into the general weights
    // when saving.
    let domains = train_docs.iter().any(|d| d.domain != 0);
    let dom = |d: &TrainDoc| -> u8 {
        if domains && d.domain == 0 {
            DEFAULT_COPY
        } else {
            d.domain
        }
    };
    let k = opts.folds.max(2).min(train_docs.len().max(2));
    let casing = if opts.features.words() {
        casing_dict(train_docs)
    } else {
        Vec::new()
    };
    let casing_map: IdMap<u64, u8> = casing.iter().map(|(w, c)| (hash_str(w), *c)).collect();
    // Fold of each training document (round robin over a shuffled order).
    let mut rng = Rng(opts.seed.wrapping_mul(0x2545_f491_4f6c_dd1d) | 1);
    let mut perm: Vec<usize> = (0..train_docs.len()).collect();
    for i in (1..perm.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        perm.swap(i, j);
    }
    let mut fold = vec![0usize; train_docs.len()];
    for (r, &d) in perm.iter().enumerate() {
        fold[d] = r % k;
    }
    // Gazetteers: full (for dev and the saved model) and one per fold (jackknifed).
    let mut full_entries = external.clone();
    if opts.harvest {
        harvest(&train_docs.iter().collect::<Vec<_>>(), &mut full_entries);
    }
    if opts.features.heads() {
        harvest_heads(&train_docs.iter().collect::<Vec<_>>(), &mut full_entries);
    }
    let stemmer = opts.features.stemmer(&opts.language);
    let with_stems = |g: Gazetteer, e: &BTreeMap<String, u8>| match &stemmer {
        Some(s) => g.with_stems(e.iter().map(|(p, &b)| (p.as_str(), b)), s),
        None => g,
    };
    let stem_casing: IdMap<u64, u8> = match &stemmer {
        Some(s) => s.casing(casing.iter().map(|(w, c)| (w.as_str(), *c))),
        None => IdMap::default(),
    };
    let full_gaz = with_stems(Gazetteer::from_entries(&full_entries), &full_entries);
    let fold_gaz: Vec<Gazetteer> = (0..k)
        .into_par_iter()
        .map(|f| {
            let mut e = external.clone();
            if opts.harvest || opts.features.heads() {
                // the names of the other folds' documents only
                let others: Vec<&TrainDoc> = train_docs
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| fold[*i] != f)
                    .map(|(_, d)| d)
                    .collect();
                if opts.harvest {
                    harvest(&others, &mut e);
                }
                if opts.features.heads() {
                    harvest_heads(&others, &mut e);
                }
            }
            with_stems(Gazetteer::from_entries(&e), &e)
        })
        .collect();
    log(&format!(
        "{} train docs, {} dev docs, {} gazetteer phrases, {} casing entries",
        train_docs.len(),
        dev_docs.len(),
        full_entries.len(),
        casing.len()
    ));
    let toks_of = |d: &TrainDoc| -> Vec<Vec<Tok>> {
        d.sentences
            .iter()
            .map(|s| {
                let mut t: Vec<Tok> = s.tokens.iter().map(|w| Tok::new(w, &casing_map)).collect();
                if let Some(c) = &opts.clusters {
                    c.assign(&mut t);
                }
                if let Some(st) = &stemmer {
                    st.assign(&mut t, &s.tokens, &stem_casing);
                }
                t
            })
            .collect()
    };
    let train_toks: Vec<Vec<Vec<Tok>>> = train_docs.par_iter().map(toks_of).collect();
    let dev_toks: Vec<Vec<Vec<Tok>>> = dev_docs.par_iter().map(toks_of).collect();
    let train_keys: Keys = train_toks
        .par_iter()
        .enumerate()
        .map(|(i, t)| {
            doc_keys(
                t,
                &fold_gaz[fold[i]],
                opts.features,
                None,
                dom(&train_docs[i]),
            )
        })
        .collect();
    let dev_keys: Keys = dev_toks
        .par_iter()
        .zip(dev_docs.par_iter())
        .map(|(t, d)| doc_keys(t, &full_gaz, opts.features, None, dom(d)))
        .collect();
    let ix = index(train_keys, dev_keys, train_docs, dev_docs, opts.min_count);
    let nfeat = ix.keys.len();
    log(&format!(
        "stage 1: {nfeat} features ({:.1}s)",
        t_all.elapsed().as_secs_f64()
    ));
    let dev_nm: Vec<bool> = dev_docs.iter().map(|d| d.no_misc).collect();
    let all: Vec<&TSent> = ix.train.iter().flatten().collect();
    let dev_arg = if dev_docs.is_empty() || opts.fixed_epochs.is_some() {
        None
    } else {
        Some((&ix.dev[..], &dev_nm[..]))
    };
    let (epochs1, epochs2) = match opts.fixed_epochs {
        Some([a, b]) => (a.max(1), b.max(1)),
        None => (opts.epochs, opts.epochs),
    };
    let mut sel = Selection::default();
    let (w1, e1, f1) = perceptron_runs(
        opts.seed_runs,
        &all,
        nfeat,
        epochs1,
        opts.patience,
        dev_arg,
        opts.seed,
        "stage 1",
        log,
    );
    sel.epochs[0] = e1;
    sel.dev_f1[0] = f1;
    let mut stages = vec![stage_data(&ix.keys, &w1, nfeat, opts.prune, domains)];
    if opts.two_stage {
        // Out-of-fold stage-1 predictions for the training documents.
        let oof: Vec<Vec<(usize, Vec<Vec<u8>>)>> = (0..k)
            .into_par_iter()
            .map(|f| {
                let sub: Vec<&TSent> = ix
                    .train
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| fold[*i] != f)
                    .flat_map(|(_, d)| d.iter())
                    .collect();
                let (wf, _, _) = perceptron(
                    &sub,
                    nfeat,
                    e1,
                    0,
                    None,
                    opts.seed + 1 + f as u64,
                    "fold",
                    log,
                );
                ix.train
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| fold[*i] == f)
                    .map(|(i, d)| (i, d.iter().map(|s| decode(&wf, nfeat, s)).collect()))
                    .collect()
            })
            .collect();
        let mut s1_train: Vec<Vec<Vec<u8>>> = vec![Vec::new(); train_docs.len()];
        for (i, p) in oof.into_iter().flatten() {
            s1_train[i] = p;
        }
        let s1_dev: Vec<Vec<Vec<u8>>> = ix
            .dev
            .iter()
            .map(|d| d.iter().map(|s| decode(&w1, nfeat, s)).collect())
            .collect();
        log(&format!(
            "out-of-fold stage-1 predictions done ({:.1}s)",
            t_all.elapsed().as_secs_f64()
        ));
        let keys2 = |toks: &[Vec<Vec<Tok>>],
                     s1: &[Vec<Vec<u8>>],
                     docs: &[TrainDoc],
                     folds: Option<&[usize]>|
         -> Keys {
            toks.par_iter()
                .zip(s1.par_iter())
                .enumerate()
                .map(|(i, (t, s))| {
                    let dc = doc_codes(t, s);
                    let gz = match folds {
                        Some(f) => &fold_gaz[f[i]],
                        None => &full_gaz,
                    };
                    doc_keys(t, gz, opts.features, Some((s, &dc)), dom(&docs[i]))
                })
                .collect()
        };
        let tk = keys2(&train_toks, &s1_train, train_docs, Some(&fold));
        let dk = keys2(&dev_toks, &s1_dev, dev_docs, None);
        let ix2 = index(tk, dk, train_docs, dev_docs, opts.min_count);
        let nfeat2 = ix2.keys.len();
        log(&format!("stage 2: {nfeat2} features"));
        let all2: Vec<&TSent> = ix2.train.iter().flatten().collect();
        let dev_arg2 = if dev_docs.is_empty() || opts.fixed_epochs.is_some() {
            None
        } else {
            Some((&ix2.dev[..], &dev_nm[..]))
        };
        let (w2, e2, f2) = perceptron_runs(
            opts.seed_runs,
            &all2,
            nfeat2,
            epochs2,
            opts.patience,
            dev_arg2,
            opts.seed + 100,
            "stage 2",
            log,
        );
        sel.epochs[1] = e2;
        sel.dev_f1[1] = f2;
        stages.push(stage_data(&ix2.keys, &w2, nfeat2, opts.prune, domains));
    }
    let data = ModelData {
        language: opts.language.clone(),
        description: opts.description.clone(),
        gazetteer: full_entries.into_iter().collect(),
        casing,
        stages,
        clusters: opts.clusters.as_ref().map(|c| c.data().clone()),
        features: opts.features,
    };
    let model = NerModel::from_data(data)?;
    log(&format!("trained in {:.1}s", t_all.elapsed().as_secs_f64()));
    Ok((model, sel))
}

#[cfg(test)]
mod tests;
