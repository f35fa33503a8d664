//! Training: averaged structured perceptron, jackknifed gazetteer harvesting and
//! out-of-fold stage-1 predictions for the document-level stage 2.

use super::clusters::Clusters;
use super::conll::LabeledSentence;
use super::eval::Scorer;
use super::features::{
    add_domain, doc_codes, domain_key, sentence_features, Extra, IdMap, Tok, ALLCAPS, HASALPHA,
    INITCAP,
};
use super::gazetteer::{self, label_bit, Gazetteer};
use super::model::{iob_to_tag, tag_to_iob, viterbi, Stage, StageData, NPREV, NT, START};
use super::{spans_from_iob, ModelData, NerModel};
use crate::error::{Error, Result};
use crate::rng::Rng;
use crate::types::Iob;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

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

/// Longest training document (sentences); longer ones are split.
const CHUNK: usize = 60;

/// A sentence as feature indices.
struct TSent {
    feats: Vec<u32>,
    offs: Vec<u32>,
    gold: Vec<u8>,
    mask: Option<Vec<u16>>,
}

fn gold_tags(s: &LabeledSentence) -> Vec<u8> {
    s.tags.iter().map(|&t| iob_to_tag(t)).collect()
}

/// Mask for a no-MISC sentence: O tokens may be O or MISC.
fn latent_mask(gold: &[u8]) -> Vec<u16> {
    gold.iter()
        .map(|&g| {
            if g == 0 {
                1 | (1 << 4) | (1 << 8)
            } else {
                1 << g
            }
        })
        .collect()
}

/// Casing dictionary: lowercase form -> class from mid-sentence occurrences.
fn casing_dict(docs: &[TrainDoc]) -> Vec<(String, u8)> {
    let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
    let empty = IdMap::default();
    for d in docs {
        for s in &d.sentences {
            for (i, w) in s.tokens.iter().enumerate() {
                let t = Tok::new(w, &empty);
                if t.flags & HASALPHA == 0 || t.flags & ALLCAPS != 0 || i == 0 {
                    continue;
                }
                let c = counts
                    .entry(super::features::lower(w).into_owned())
                    .or_default();
                if t.flags & INITCAP != 0 {
                    c.1 += 1;
                } else {
                    c.0 += 1;
                }
            }
        }
    }
    let mut out: Vec<(String, u8)> = counts
        .into_iter()
        .filter(|(_, (lc, cc))| lc + cc >= 2)
        .map(|(w, (lc, cc))| {
            let c = if lc >= 3 * cc {
                super::features::CASE_LOWER
            } else if cc >= 3 * lc {
                super::features::CASE_CAP
            } else {
                super::features::CASE_MIXED
            };
            (w, c)
        })
        .collect();
    out.sort();
    out
}

fn harvest(docs: &[&TrainDoc], entries: &mut BTreeMap<String, u8>) {
    for d in docs {
        for s in &d.sentences {
            for (a, b, l) in spans_from_iob(&s.tags) {
                gazetteer::add(entries, &s.tokens[a..b].join(" "), label_bit(l));
            }
        }
    }
}

/// Stage-1 tags and document codes of a document's sentences.
type DocExtra<'a> = (&'a [Vec<u8>], &'a [Vec<u8>]);

/// Feature keys of every sentence of a document.
fn doc_keys(
    toks: &[Vec<Tok>],
    gaz: &Gazetteer,
    extra: Option<DocExtra<'_>>,
    domain: u8,
) -> Vec<(Vec<u32>, Vec<u32>)> {
    toks.iter()
        .enumerate()
        .map(|(i, t)| {
            let (mut f, mut o) = (Vec::new(), Vec::new());
            let ex = extra.map(|(s1, dc)| Extra {
                s1: &s1[i],
                doc: &dc[i],
            });
            sentence_features(t, gaz, ex, &mut f, &mut o);
            add_domain(&mut f, &mut o, domain);
            (f, o)
        })
        .collect()
}

/// Training material of one stage: keys per doc, per sentence.
type Keys = Vec<Vec<(Vec<u32>, Vec<u32>)>>;

struct Indexed {
    keys: Vec<u32>,
    train: Vec<Vec<TSent>>,
    dev: Vec<Vec<TSent>>,
}

fn index(
    train_keys: Keys,
    dev_keys: Keys,
    train: &[TrainDoc],
    dev: &[TrainDoc],
    min_count: u32,
) -> Indexed {
    let mut counts: IdMap<u32, u32> = IdMap::default();
    for d in &train_keys {
        for (f, _) in d {
            for &k in f {
                *counts.entry(k).or_insert(0) += 1;
            }
        }
    }
    let mut keys: Vec<u32> = counts
        .iter()
        .filter(|(_, &c)| c >= min_count)
        .map(|(&k, _)| k)
        .collect();
    keys.sort_unstable();
    let idx: IdMap<u32, u32> = keys
        .iter()
        .enumerate()
        .map(|(i, &k)| (k, i as u32))
        .collect();
    let conv = |keys: Keys, docs: &[TrainDoc]| -> Vec<Vec<TSent>> {
        keys.into_par_iter()
            .zip(docs.par_iter())
            .map(|(dk, d)| {
                dk.into_iter()
                    .zip(&d.sentences)
                    .map(|((f, o), s)| {
                        let mut feats = Vec::with_capacity(f.len());
                        let mut offs = Vec::with_capacity(o.len());
                        for w in o.windows(2) {
                            offs.push(feats.len() as u32);
                            feats.extend(
                                f[w[0] as usize..w[1] as usize]
                                    .iter()
                                    .filter_map(|k| idx.get(k).copied()),
                            );
                        }
                        offs.push(feats.len() as u32);
                        let gold = gold_tags(s);
                        let mask = d.no_misc.then(|| latent_mask(&gold));
                        TSent {
                            feats,
                            offs,
                            gold,
                            mask,
                        }
                    })
                    .collect()
            })
            .collect()
    };
    let train = conv(train_keys, train);
    let dev = conv(dev_keys, dev);
    Indexed { keys, train, dev }
}

fn emissions(w: &[f32], s: &TSent) -> Vec<f32> {
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

fn decode(w: &[f32], nfeat: usize, s: &TSent) -> Vec<u8> {
    viterbi(&emissions(w, s), &w[nfeat * NT..], None)
}

/// Dev F1: documents with and without MISC are scored separately (MISC ignored in the
/// latter) and the F1 of the two groups averaged (one group: its F1).
fn dev_f1(w: &[f32], nfeat: usize, dev: &[Vec<TSent>], no_misc: &[bool]) -> f64 {
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
fn perceptron(
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
fn perceptron_runs(
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

/// Domain of the default-domain copies of features while training with several domains.
const DEFAULT_COPY: u8 = 255;

/// Folds the default-domain feature copies into the general weights, so that tagging
/// default-domain text needs no copies: general' = general + default copy, and every other
/// domain's copy' = copy − default copy (rows are added where a domain had no copy).
/// Scores stay exactly the same. Returns the new keys and feature weights.
fn fold_default_copies(keys: &[u32], w: &[f32]) -> (Vec<u32>, Vec<f32>) {
    let pos: IdMap<u32, usize> = keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    let mut out_keys = keys.to_vec();
    let mut out_w = w.to_vec();
    let mut drop = vec![false; keys.len()];
    for (i, &k) in keys.iter().enumerate() {
        let Some(&j) = pos.get(&domain_key(k, DEFAULT_COPY)) else {
            continue;
        };
        drop[j] = true;
        let copy = &w[j * NT..(j + 1) * NT];
        for t in 0..NT {
            out_w[i * NT + t] += copy[t];
        }
        for d in 1..super::DOMAINS.len() as u8 {
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
fn stage_data(keys: &[u32], w: &[f32], nfeat: usize, prune: f32, domains: bool) -> StageData {
    let (feat, trans) = w.split_at(nfeat * NT);
    if domains {
        let (k, fw) = fold_default_copies(keys, feat);
        Stage::quantize(&k, &fw, trans, prune)
    } else {
        Stage::quantize(keys, feat, trans, prune)
    }
}

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

/// The final fit: first trains on `train_docs` with early stopping on `dev_docs` (the
/// dev-selected model), then trains again with those epoch counts fixed on `train_docs` +
/// `dev_docs` + `final_extra` (data used only in the final fit, e.g. another dev set),
/// jackknifed the same way. Returns the dev-selected model, the final model and the
/// selection. `dev_docs` must not be empty.
pub fn final_fit(
    opts: &TrainOptions,
    train_docs: &[TrainDoc],
    dev_docs: &[TrainDoc],
    final_extra: &[TrainDoc],
    external: &BTreeMap<String, u8>,
    log: &(dyn Fn(&str) + Sync),
) -> Result<(NerModel, NerModel, Selection)> {
    if dev_docs.iter().all(|d| d.sentences.is_empty()) {
        return Err(Error::Data(
            "the final fit needs a dev set to select the epochs".into(),
        ));
    }
    let sel_opts = TrainOptions {
        fixed_epochs: None,
        ..opts.clone()
    };
    let (selected, sel) = train_selected(&sel_opts, train_docs, dev_docs, external, log)?;
    log(&format!(
        "final fit: epochs {:?} selected on dev (dev F1 {:.2} / {:.2}); retraining on train + dev{}",
        sel.epochs,
        sel.dev_f1[0],
        sel.dev_f1[1],
        if final_extra.is_empty() { "" } else { " + extra" }
    ));
    let fit_opts = TrainOptions {
        fixed_epochs: Some(sel.epochs),
        description: format!(
            "{}; final fit: retrained on train + dev{} with the epochs selected on dev \
             (stage 1: {}, stage 2: {}; dev F1 of the dev-selected run {:.2} / {:.2})",
            opts.description,
            if final_extra.is_empty() {
                ""
            } else {
                " + final-fit extra data"
            },
            sel.epochs[0],
            sel.epochs[1],
            sel.dev_f1[0],
            sel.dev_f1[1]
        ),
        ..opts.clone()
    };
    let all: Vec<TrainDoc> = train_docs
        .iter()
        .chain(dev_docs)
        .chain(final_extra)
        .cloned()
        .collect();
    let (fitted, _) = train_selected(&fit_opts, &all, &[], external, log)?;
    Ok((selected, fitted, sel))
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
    let casing = casing_dict(train_docs);
    let casing_map: IdMap<u64, u8> = casing
        .iter()
        .map(|(w, c)| (super::features::hash_str(w), *c))
        .collect();
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
    let full_gaz = Gazetteer::from_entries(&full_entries);
    let fold_gaz: Vec<Gazetteer> = (0..k)
        .into_par_iter()
        .map(|f| {
            let mut e = external.clone();
            if opts.harvest {
                let others: Vec<&TrainDoc> = train_docs
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| fold[*i] != f)
                    .map(|(_, d)| d)
                    .collect();
                harvest(&others, &mut e);
            }
            Gazetteer::from_entries(&e)
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
                t
            })
            .collect()
    };
    let train_toks: Vec<Vec<Vec<Tok>>> = train_docs.par_iter().map(toks_of).collect();
    let dev_toks: Vec<Vec<Vec<Tok>>> = dev_docs.par_iter().map(toks_of).collect();
    let train_keys: Keys = train_toks
        .par_iter()
        .enumerate()
        .map(|(i, t)| doc_keys(t, &fold_gaz[fold[i]], None, dom(&train_docs[i])))
        .collect();
    let dev_keys: Keys = dev_toks
        .par_iter()
        .zip(dev_docs.par_iter())
        .map(|(t, d)| doc_keys(t, &full_gaz, None, dom(d)))
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
                    doc_keys(t, gz, Some((s, &dc)), dom(&docs[i]))
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
    };
    let model = NerModel::from_data(data)?;
    log(&format!("trained in {:.1}s", t_all.elapsed().as_secs_f64()));
    Ok((model, sel))
}

/// Scores a model on documents (each document tagged as a whole).
pub fn evaluate(model: &NerModel, docs: &[TrainDoc], no_misc: bool) -> Scorer {
    let mut sc = Scorer::new(no_misc);
    let preds: Vec<Vec<Vec<Iob>>> = docs
        .par_iter()
        .map(|d| {
            let s: Vec<Vec<&str>> = d
                .sentences
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect();
            model.tag_document_tags(&s)
        })
        .collect();
    for (d, p) in docs.iter().zip(preds) {
        for (s, p) in d.sentences.iter().zip(p) {
            sc.add(&s.tags, &p);
        }
    }
    sc
}

#[cfg(test)]
mod tests {
    use super::tests_support::corpus;
    use super::*;
    use crate::types::EntityLabel::*;

    #[test]
    fn learns_tiny_corpus() {
        let docs = corpus();
        let opts = TrainOptions {
            epochs: 5,
            folds: 3,
            ..Default::default()
        };
        let m = train(&opts, &docs[..5], &docs[5..], &BTreeMap::new(), &|_| {}).unwrap();
        let sc = evaluate(&m, &docs[5..], false);
        assert!(sc.total.f1() > 99.0, "{sc}");
        let out = m.tag_document(&[vec!["Carla", "Smith", "visited", "Oslo", "."]]);
        let tags: Vec<Iob> = out[0].iter().map(|x| x.0).collect();
        assert_eq!(
            tags,
            vec![Iob::B(PER), Iob::I(PER), Iob::O, Iob::B(LOC), Iob::O]
        );
        assert!(out[0].iter().all(|x| (0.0..=1.0).contains(&x.1)));
        // Round trip through bytes.
        let bytes = m.to_bytes().unwrap();
        let m2 = NerModel::from_bytes(&bytes).unwrap();
        assert_eq!(
            m2.tag_document(&[vec!["Carla", "Smith", "visited", "Oslo", "."]]),
            out
        );
        assert_eq!(m2.language(), "en");
        // Corruption is detected.
        let mut bad = bytes.clone();
        let last = bad.len() - 1;
        bad[last] ^= 0x55;
        assert!(NerModel::from_bytes(&bad).is_err());
        assert!(NerModel::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        assert!(NerModel::from_bytes(b"").is_err());
        // Odd input does not panic and stays valid IOB2.
        let long = "x".repeat(5000);
        let odd = m.tag_document(&[vec![], vec!["", "😀", "e\u{301}", &long, "I"]]);
        assert!(odd[0].is_empty());
        assert_eq!(odd[1].len(), 5);
    }
}

#[cfg(test)]
mod domain_tests {
    use super::tests_support::corpus;
    use super::*;

    #[test]
    fn folding_default_copies_keeps_scores() {
        let (a, b, c) = (11u32, 22u32, 33u32);
        let keys = [
            a,
            b,
            c,
            domain_key(a, DEFAULT_COPY),
            domain_key(a, 1),
            domain_key(b, DEFAULT_COPY),
            domain_key(c, 1),
        ];
        let w: Vec<f32> = (0..keys.len() * NT).map(|i| (i % 7) as f32 - 3.0).collect();
        let (fk, fw) = fold_default_copies(&keys, &w);
        let row = |ks: &[u32], ws: &[f32], k: u32| -> Vec<f32> {
            match ks.iter().position(|&x| x == k) {
                Some(i) => ws[i * NT..(i + 1) * NT].to_vec(),
                None => vec![0.0; NT],
            }
        };
        let sum = |ks: &[u32], ws: &[f32], list: &[u32]| -> Vec<f32> {
            let mut s = vec![0f32; NT];
            for &k in list {
                for (x, y) in s.iter_mut().zip(row(ks, ws, k)) {
                    *x += y;
                }
            }
            s
        };
        for &k in &[a, b, c] {
            // default domain: general + default copy while training, general alone after
            let before = sum(&keys, &w, &[k, domain_key(k, DEFAULT_COPY)]);
            assert_eq!(sum(&fk, &fw, &[k]), before);
            // domain 1: general + its copy, before and after
            let before = sum(&keys, &w, &[k, domain_key(k, 1)]);
            assert_eq!(sum(&fk, &fw, &[k, domain_key(k, 1)]), before);
        }
        assert!(!fk.contains(&domain_key(a, DEFAULT_COPY)));
        assert_eq!(fk.len(), 6); // two copies dropped, a row for b's domain-1 copy added
    }

    #[test]
    fn trains_with_a_second_domain() {
        let mut docs = corpus();
        for d in &mut docs[3..5] {
            d.domain = 1;
            d.no_misc = true;
        }
        let opts = TrainOptions {
            epochs: 5,
            folds: 3,
            ..Default::default()
        };
        let mut m = train(&opts, &docs[..5], &docs[5..], &BTreeMap::new(), &|_| {}).unwrap();
        assert!(evaluate(&m, &docs[5..], false).total.f1() > 99.0);
        m.set_domain("wiki").unwrap();
        assert!(evaluate(&m, &docs[5..], false).total.f1() > 99.0);
        assert!(m.set_domain("poetry").is_err());
    }
}

#[cfg(test)]
mod final_fit_tests {
    use super::tests_support::{corpus, sent};
    use super::*;
    use crate::types::EntityLabel::*;

    fn has_entry(m: &NerModel, word: &str) -> bool {
        m.gazetteer_entries
            .entries()
            .iter()
            .any(|(s, _)| s.to_lowercase().contains(word))
    }

    #[test]
    fn final_fit_retrains_on_dev_with_the_selected_epochs() {
        let docs = corpus();
        let mut dev = docs[4..5].to_vec();
        dev[0].sentences.push(sent(&[
            ("Zorro", Iob::B(PER)),
            ("Quint", Iob::I(PER)),
            ("visited", Iob::O),
            ("Oslo", Iob::B(LOC)),
            (".", Iob::O),
        ]));
        let extra = vec![TrainDoc {
            sentences: vec![sent(&[
                ("Anna", Iob::B(PER)),
                ("Smith", Iob::I(PER)),
                ("visited", Iob::O),
                ("Yverdon", Iob::B(LOC)),
                (".", Iob::O),
            ])],
            no_misc: true,
            domain: 0,
        }];
        let opts = TrainOptions {
            epochs: 6,
            patience: 2,
            folds: 3,
            ..Default::default()
        };
        let (selected, fitted, sel) =
            final_fit(&opts, &docs[..4], &dev, &extra, &BTreeMap::new(), &|_| {}).unwrap();
        for e in sel.epochs {
            assert!((1..=6).contains(&e), "{sel:?}");
        }
        assert!(sel.dev_f1[0] > 90.0 && sel.dev_f1[1] > 90.0, "{sel:?}");
        // the dev-selected model has not seen dev or the extra data, the final model has
        assert!(!has_entry(&selected, "zorro") && !has_entry(&selected, "yverdon"));
        assert!(has_entry(&fitted, "zorro") && has_entry(&fitted, "yverdon"));
        assert!(evaluate(&fitted, &docs[5..], false).total.f1() > 99.0);
        // the final model is exactly a fixed-epoch run on train + dev + extra
        let all: Vec<TrainDoc> = docs[..4]
            .iter()
            .chain(&dev)
            .chain(&extra)
            .cloned()
            .collect();
        assert!(fitted.description().contains("final fit"));
        let fixed = TrainOptions {
            fixed_epochs: Some(sel.epochs),
            description: fitted.description().to_string(),
            ..opts.clone()
        };
        let (again, sel2) = train_selected(&fixed, &all, &[], &BTreeMap::new(), &|_| {}).unwrap();
        assert_eq!(sel2.epochs, sel.epochs);
        assert_eq!(again.to_bytes().unwrap(), fitted.to_bytes().unwrap());
        // fixed epochs ignore early stopping even with a dev set
        let long = TrainOptions {
            fixed_epochs: Some([5, 3]),
            ..opts.clone()
        };
        let (_, sel3) = train_selected(&long, &docs[..4], &dev, &BTreeMap::new(), &|_| {}).unwrap();
        assert_eq!(sel3.epochs, [5, 3]);
        // no dev set: a typed error
        let empty: Vec<TrainDoc> = Vec::new();
        assert!(final_fit(&opts, &docs[..4], &empty, &[], &BTreeMap::new(), &|_| {}).is_err());
    }

    #[test]
    fn dev_f1_averages_news_and_no_misc_groups() {
        // feature 0 votes B-PER
        let mut w = vec![0f32; NT + NPREV * NT];
        w[iob_to_tag(Iob::B(PER)) as usize] = 1.0;
        let mk = |gold: Iob| TSent {
            feats: vec![0],
            offs: vec![0, 1],
            gold: vec![iob_to_tag(gold)],
            mask: None,
        };
        // news: the PER is found (F1 100); wiki: a false PER (F1 0); its MISC is ignored
        let dev = vec![vec![mk(Iob::B(PER))], vec![mk(Iob::O), mk(Iob::B(MISC))]];
        assert_eq!(dev_f1(&w, 1, &dev[..1], &[false]), 100.0);
        assert_eq!(dev_f1(&w, 1, &dev[1..], &[true]), 0.0);
        // the mean of the two groups (micro over both would be 66.7 or lower)
        assert_eq!(dev_f1(&w, 1, &dev, &[false, true]), 50.0);
    }
}

#[cfg(test)]
mod tests_support {
    use super::*;
    use crate::types::EntityLabel::*;

    pub(super) fn sent(words: &[(&str, Iob)]) -> LabeledSentence {
        LabeledSentence {
            tokens: words.iter().map(|w| w.0.to_string()).collect(),
            tags: words.iter().map(|w| w.1).collect(),
        }
    }

    pub(super) fn corpus() -> Vec<TrainDoc> {
        let names = ["Anna", "Bert", "Carla", "Dieter", "Emil", "Frida"];
        let cities = ["Paris", "Rome", "Oslo", "Lima", "Kyiv", "Bonn"];
        let mut docs = Vec::new();
        for d in 0..6 {
            let mut sentences = Vec::new();
            for i in 0..8 {
                let n = names[(d + i) % 6];
                let c = cities[(d * 2 + i) % 6];
                sentences.push(sent(&[
                    (n, Iob::B(PER)),
                    ("Smith", Iob::I(PER)),
                    ("visited", Iob::O),
                    (c, Iob::B(LOC)),
                    ("with", Iob::O),
                    ("Acme", Iob::B(ORG)),
                    ("Corp", Iob::I(ORG)),
                    (".", Iob::O),
                ]));
            }
            docs.push(TrainDoc {
                sentences,
                no_misc: false,
                domain: 0,
            });
        }
        docs
    }
}

#[cfg(test)]
mod cluster_tests {
    use super::tests_support::*;
    use super::*;
    use crate::ner::clusters::{self, ClusterOptions, Corpus};

    #[test]
    fn trains_with_clusters() {
        let docs = corpus();
        let mut c = Corpus::default();
        for d in &docs {
            for s in &d.sentences {
                c.add_sentence(s.tokens.iter().map(String::as_str));
            }
        }
        let copts = ClusterOptions {
            min_count: 1,
            contexts: 20,
            dim: 4,
            levels: vec![8, 4, 2, 1],
            ..Default::default()
        };
        let cl = clusters::train(&c, &copts, "en", "test", &|_| {}).unwrap();
        let opts = TrainOptions {
            epochs: 5,
            folds: 3,
            clusters: Some(std::sync::Arc::new(cl)),
            ..Default::default()
        };
        let m = train(&opts, &docs[..5], &docs[5..], &BTreeMap::new(), &|_| {}).unwrap();
        assert!(evaluate(&m, &docs[5..], false).total.f1() > 99.0);
        let m2 = NerModel::from_bytes(&m.to_bytes().unwrap()).unwrap();
        let cl2 = m2.clusters().expect("clusters stored in the model");
        assert!(cl2.lookup("Oslo").is_some());
        assert!(cl2.lookup("unknownword").is_none());
        let s = [vec!["Carla", "Smith", "visited", "Oslo", "."]];
        assert_eq!(m2.tag_document(&s), m.tag_document(&s));
    }
}
